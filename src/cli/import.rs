//! `corpus-lsp import --format jsonl|brat [PATH...] --out DIR`: span files
//! (from `export`, Prodigy, doccano, brat, an NER model) turned into markup.
//! See [`LONG_ABOUT`].

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::cli::interchange::{SpanDocument, brat, jsonl, markup};
use crate::cli::write::write_atomic;
use crate::workspace::{Catalogues, read_text};

pub const LONG_ABOUT: &str = "\
Turn span files into annotated text: each document becomes DIR/<file> with every span written \
as `[surface]{entity-id}` and every tag as `#tag-id`. Text that would read as markup is escaped \
(`\\#`, `\\[`, `\\]`, `\\\\`) so that it stays text.

Inputs (offsets in Unicode code points, end exclusive, as `export` writes them):
  jsonl  files with one document a line: {\"text\", \"spans\": [{\"start\", \"end\", \"label\",
         \"id\"}], \"meta\": {\"file\", \"tags\": [{\"id\", \"start\", \"end\"}], \"markup\"}}.
         doccano's `\"label\": [[start, end, LABEL]]` and `\"entities\": [{\"start_offset\",
         \"end_offset\", \"label\"}]` are read too.
  brat   folders (searched for .ann files) or .ann files, each beside its .txt; `T` lines
         are mentions, with the entity id in their `AnnotatorNotes`; `Topic` annotations
         are tags, with the tag id in their note.

A span without an entity id gets the one catalogued entity (in the catalogue governing DIR, \
else the built-in one) whose name or alias is its surface and whose kind is its label; failing \
that, the slug of its surface (which `lint` then reports as `unknown-entity`). Tags go at the end \
of the paragraph they label (` #tag-id`), unless `meta.markup` (the `Markup` note in brat) says \
where they stood: then, with its escapes, the exported files come back byte for byte.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// JSON lines: spaCy / Prodigy spans (as `export` writes them) or doccano.
    Jsonl,
    /// brat standoff: `.ann` beside `.txt`.
    Brat,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// JSONL files, or brat folders and `.ann` files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// The folder to write the annotated files into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace existing files whose content would change (without it, import
    /// refuses and writes nothing). Never replaces an input.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &ImportArgs) -> ExitCode {
    let mut failures: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut docs: Vec<(String, Result<SpanDocument, String>)> = Vec::new();
    // Every file read: none of them is ever written.
    let mut read: Vec<PathBuf> = Vec::new();
    for path in &args.paths {
        if !path.exists() {
            failures.push(format!("{}: no such file or folder", path.display()));
            continue;
        }
        read.push(path.clone());
        match args.format {
            ImportFormat::Jsonl => match read_text(path) {
                Ok(text) => {
                    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                        let at = format!("{}:{}", path.display(), n + 1);
                        docs.push((at, jsonl::parse_jsonl(line, docs.len() + 1)));
                    }
                }
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            },
            ImportFormat::Brat => {
                for (ann_path, rel) in brat::ann_files(path) {
                    let txt_path = ann_path.with_extension("txt");
                    read.extend([ann_path.clone(), txt_path.clone()]);
                    let at = ann_path.display().to_string();
                    let file = format!("{}.txt", rel.strip_suffix(".ann").unwrap_or(&rel));
                    let read = read_text(&ann_path)
                        .and_then(|ann| read_text(&txt_path).map(|text| (ann, text)))
                        .map_err(|e| format!("{e} (reading {} and its .txt)", ann_path.display()));
                    let parsed = read.and_then(|(ann, text)| brat::parse_brat(file, text, &ann));
                    docs.push((
                        at.clone(),
                        parsed.map(|(doc, w)| {
                            warnings.extend(w.into_iter().map(|w| format!("{at}: {w}")));
                            doc
                        }),
                    ));
                }
            }
        }
    }
    // Plan every file, check them all, and only then write any.
    let inputs: HashSet<PathBuf> = read.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut catalogues = Catalogues::default();
    let mut unresolved = 0;
    let mut planned: Vec<(PathBuf, String)> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let mut unchanged = 0;
    for (at, doc) in docs {
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                failures.push(format!("{at}: {e}"));
                continue;
            }
        };
        if doc.file.split('/').any(|part| part == ".." || part.is_empty()) || doc.file.starts_with('/') {
            failures.push(format!("{at}: `{}` is not a relative file name", doc.file));
            continue;
        }
        let out = args.out.join(&doc.file);
        let catalogue_file = catalogues.for_file(&out);
        let builtin;
        let catalogue = match catalogue_file.catalogue.as_deref() {
            Some(c) => c,
            None => {
                builtin = crate::analysis::catalogue::builtin();
                &*builtin
            }
        };
        let text = match markup(&doc, catalogue, &mut unresolved) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{at}: {e}"));
                continue;
            }
        };
        if out.canonicalize().is_ok_and(|c| inputs.contains(&c)) {
            failures.push(format!("{}: would overwrite an input; choose another --out", out.display()));
            continue;
        }
        if planned.iter().any(|(p, _)| *p == out) {
            failures.push(format!("{at}: a second document named `{}`; only the first is written", doc.file));
            continue;
        }
        match std::fs::read(&out) {
            Ok(existing) if existing == text.as_bytes() => unchanged += 1,
            Ok(_) if !args.force => refused.push(out.display().to_string()),
            Ok(_) => planned.push((out, text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => planned.push((out, text)),
            Err(e) => failures.push(format!("{}: {e}", out.display())),
        }
    }
    let mut written = 0;
    if refused.is_empty() {
        for (out, text) in &planned {
            match write_atomic(out, text.as_bytes()) {
                Ok(()) => written += 1,
                Err(e) => failures.push(format!("{}: {e}", out.display())),
            }
        }
    } else {
        failures.push(format!(
            "{} existing files would change, so nothing was written (pass --force to replace them, or choose another --out):\n  {}",
            refused.len(),
            refused.join("\n  ")
        ));
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if unresolved > 0 {
        eprintln!(
            "warning: {unresolved} spans name no catalogued entity; written with the slug of their surface (lint reports them as unknown-entity)"
        );
    }
    for f in &failures {
        eprintln!("error: {f}");
    }
    let unchanged = if unchanged > 0 { format!(" ({unchanged} already as imported)") } else { String::new() };
    eprintln!("imported {written} documents into {}{unchanged}", args.out.display());
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}
