//! `corpus-lsp import --format jsonl|brat [PATH...] --out DIR`: span files
//! (from `export`, Prodigy, doccano, brat, an NER model) turned into markup.
//! See [`LONG_ABOUT`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::Value;

use crate::analysis::strip::strip;
use crate::analysis::unstrip::{Escapes, Insertion, SpanMention, unstrip};
use crate::analysis::{Catalogue, Kind, Span, is_slug, slugify};
use crate::cli::export::{CodePoints, TOPIC};
use crate::cli::lint::forward_slashes;
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

/// A document as read from a span file, in byte offsets of `text`.
#[derive(Debug, Default)]
pub struct SpanDocument {
    /// The output name, relative, forward slashes.
    pub file: String,
    pub text: String,
    /// Span, label, id (if given).
    pub spans: Vec<(Span, Option<String>, Option<String>)>,
    /// Tag id and the paragraph it labels.
    pub tags: Vec<(String, Span)>,
    /// Where the tags stood, from `meta.markup.removed`.
    pub removed: Option<Vec<Insertion>>,
    pub escapes: Option<Vec<usize>>,
}

fn cp_to_byte(cps: &CodePoints, cp: &Value, what: &str) -> Result<usize, String> {
    let cp = cp.as_u64().ok_or_else(|| format!("{what}: expected a non-negative integer offset"))? as usize;
    cps.byte_of(cp).ok_or_else(|| format!("{what}: offset {cp} is past the end of the text"))
}

fn span_of(cps: &CodePoints, start: &Value, end: &Value, what: &str) -> Result<Span, String> {
    let (s, e) = (cp_to_byte(cps, start, what)?, cp_to_byte(cps, end, what)?);
    if s > e {
        return Err(format!("{what}: start {start} is after end {end}"));
    }
    Ok(Span::new(s, e))
}

/// Reads the meta.markup object (offsets in code points).
fn read_markup(cps: &CodePoints, markup: &Value, doc: &mut SpanDocument) -> Result<(), String> {
    if let Some(removed) = markup.get("removed").and_then(Value::as_array) {
        let mut list = Vec::new();
        for r in removed {
            let at = cp_to_byte(cps, &r["at"], "markup.removed")?;
            let text = r["text"].as_str().ok_or("markup.removed: `text` must be a string")?;
            list.push(Insertion { at, text: text.to_string() });
        }
        doc.removed = Some(list);
    }
    if let Some(escapes) = markup.get("escapes").and_then(Value::as_array) {
        doc.escapes = Some(escapes.iter().map(|e| cp_to_byte(cps, e, "markup.escapes")).collect::<Result<_, _>>()?);
    }
    Ok(())
}

/// One JSONL line.
pub fn parse_jsonl(line: &str, n: usize) -> Result<SpanDocument, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let text = v["text"].as_str().ok_or("no `text` string")?.to_string();
    let cps = CodePoints::new(&text);
    let meta = &v["meta"];
    let file = meta["file"].as_str().map_or_else(|| format!("doc-{n:04}.txt"), str::to_string);
    let mut doc = SpanDocument { file, text, ..SpanDocument::default() };
    let opt = |v: &Value| v.as_str().map(str::to_string);
    if let Some(spans) = v["spans"].as_array() {
        for s in spans {
            doc.spans.push((span_of(&cps, &s["start"], &s["end"], "span")?, opt(&s["label"]), opt(&s["id"])));
        }
    } else if let Some(entities) = v["entities"].as_array() {
        for s in entities {
            doc.spans.push((span_of(&cps, &s["start_offset"], &s["end_offset"], "entity")?, opt(&s["label"]), None));
        }
    } else if let Some(labels) = v["label"].as_array() {
        for l in labels {
            doc.spans.push((span_of(&cps, &l[0], &l[1], "label")?, opt(&l[2]), None));
        }
    }
    if let Some(tags) = meta["tags"].as_array() {
        for t in tags {
            let id = t["id"].as_str().ok_or("meta.tags: `id` must be a string")?;
            doc.tags.push((id.to_string(), span_of(&cps, &t["start"], &t["end"], "meta.tags")?));
        }
    }
    if meta["markup"].is_object() {
        read_markup(&cps, &meta["markup"], &mut doc)?;
    }
    Ok(doc)
}

/// One brat document: the plain text and its `.ann`.
pub fn parse_brat(file: String, text: String, ann: &str) -> Result<(SpanDocument, Vec<String>), String> {
    let cps = CodePoints::new(&text);
    let mut warnings = Vec::new();
    let mut bounds: Vec<(String, String, Span)> = Vec::new();
    let mut notes: HashMap<String, String> = HashMap::new();
    let mut markup = None;
    for (n, line) in ann.lines().enumerate() {
        let at = || format!("line {}", n + 1);
        let mut fields = line.splitn(3, '\t');
        let (id, middle) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
        if id.starts_with('T') {
            let (kind, offsets) =
                middle.split_once(' ').ok_or_else(|| format!("{}: expected `TYPE START END`", at()))?;
            if offsets.contains(';') {
                warnings.push(format!("{}: discontinuous span skipped", at()));
                continue;
            }
            let (s, e) = offsets.split_once(' ').ok_or_else(|| format!("{}: expected `TYPE START END`", at()))?;
            let num =
                |x: &str| x.trim().parse::<u64>().map(Value::from).map_err(|_| format!("{}: bad offset `{x}`", at()));
            let span = span_of(&cps, &num(s)?, &num(e)?, &at())?;
            if let Some(surface) = fields.next()
                && surface != span.of(&text)
            {
                warnings.push(format!("{}: the text `{surface}` is not the text at {s}..{e}", at()));
            }
            bounds.push((id.to_string(), kind.to_string(), span));
        } else if id.starts_with('#') {
            let (kind, target) = middle.split_once(' ').unwrap_or((middle, ""));
            let value = fields.next().unwrap_or("").to_string();
            match kind {
                "AnnotatorNotes" => {
                    notes.insert(target.to_string(), value);
                }
                "Markup" => markup = Some(value),
                _ => {}
            }
        } else if !line.trim().is_empty() {
            warnings.push(format!("{}: `{}` annotations are not imported", at(), id.chars().next().unwrap_or(' ')));
        }
    }
    let mut doc = SpanDocument { file, text, ..SpanDocument::default() };
    for (id, kind, span) in bounds {
        let note = notes.get(&id).map(|n| n.trim().to_string());
        if kind == TOPIC {
            match note {
                Some(tag) => doc.tags.push((tag, span)),
                None => warnings.push(format!("{id}: a {TOPIC} without a tag id in its note, skipped")),
            }
        } else {
            doc.spans.push((span, Some(kind), note));
        }
    }
    if let Some(markup) = markup {
        let value: Value = serde_json::from_str(&markup).map_err(|e| format!("the Markup note is not JSON: {e}"))?;
        read_markup(&cps, &value, &mut doc)?;
    }
    Ok((doc, warnings))
}

/// The entity id for a span without one (see [`LONG_ABOUT`]).
fn resolve(surface: &str, label: Option<&str>, catalogue: &Catalogue) -> Option<String> {
    let kind = label.and_then(|l| l.to_ascii_lowercase().parse::<Kind>().ok());
    let owners: Vec<usize> = catalogue
        .owners(surface)
        .iter()
        .copied()
        .filter(|&e| kind.is_none_or(|k| catalogue.entities[e].kind == k))
        .collect();
    match owners[..] {
        [one] => Some(catalogue.entities[one].id.clone()),
        _ => None,
    }
}

/// The annotated text of a document; `unresolved` counts spans given a slug of their surface.
pub fn markup(doc: &SpanDocument, catalogue: &Catalogue, unresolved: &mut usize) -> Result<String, String> {
    let mentions: Vec<SpanMention> = doc
        .spans
        .iter()
        .map(|(span, label, id)| {
            let id =
                id.clone().filter(|i| is_slug(i)).or_else(|| resolve(span.of(&doc.text), label.as_deref(), catalogue));
            let id = id.unwrap_or_else(|| {
                *unresolved += 1;
                let slug = slugify(span.of(&doc.text));
                if slug.is_empty() { "unknown".to_string() } else { slug }
            });
            SpanMention { span: *span, id }
        })
        .collect();
    let escapes = match &doc.escapes {
        Some(list) => Escapes::Exactly(list),
        None => Escapes::Needed,
    };
    let write = |insertions: &[Insertion]| {
        unstrip(&doc.text, &mentions, insertions, escapes).map(|(text, _)| text).map_err(|e| e.to_string())
    };
    let Some(removed) = &doc.removed else {
        let insertions: Vec<Insertion> = doc.tags.iter().map(|(id, para)| Insertion::tag_at_end(*para, id)).collect();
        return write(&insertions);
    };
    // The recorded markup puts the exported tags back where they stood; tags
    // the file lists beyond those (added since) go at the end of their paragraph.
    let mut insertions = removed.clone();
    let mut held: Vec<(String, Span)> =
        strip(&write(&insertions)?).tags.into_iter().map(|t| (t.id, t.paragraph)).collect();
    for (id, para) in &doc.tags {
        match held.iter().position(|(h, p)| h == id && p == para) {
            Some(i) => {
                held.swap_remove(i);
            }
            None => insertions.push(Insertion::tag_at_end(*para, id)),
        }
    }
    if insertions.len() == removed.len() { write(removed) } else { write(&insertions) }
}

/// The `.ann` files under `path` (a folder, walked) or `path` itself, with
/// the output name of each (relative to the folder, `.txt`).
fn ann_files(path: &Path) -> Vec<(PathBuf, String)> {
    if path.is_dir() {
        let mut out: Vec<(PathBuf, String)> = ignore::WalkBuilder::new(path)
            .require_git(false)
            .build()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "ann"))
            .map(|e| {
                let rel = forward_slashes(e.path().strip_prefix(path).unwrap_or(e.path()));
                (e.path().to_path_buf(), rel)
            })
            .collect();
        out.sort();
        out
    } else {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        vec![(path.to_path_buf(), name)]
    }
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
                        docs.push((at, parse_jsonl(line, docs.len() + 1)));
                    }
                }
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            },
            ImportFormat::Brat => {
                for (ann_path, rel) in ann_files(path) {
                    let txt_path = ann_path.with_extension("txt");
                    read.extend([ann_path.clone(), txt_path.clone()]);
                    let at = ann_path.display().to_string();
                    let file = format!("{}.txt", rel.strip_suffix(".ann").unwrap_or(&rel));
                    let read = read_text(&ann_path)
                        .and_then(|ann| read_text(&txt_path).map(|text| (ann, text)))
                        .map_err(|e| format!("{e} (reading {} and its .txt)", ann_path.display()));
                    let parsed = read.and_then(|(ann, text)| parse_brat(file, text, &ann));
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
        let existing = std::fs::read(&out);
        if let Some(why) =
            existing.as_ref().ok().and_then(|e| super::conflicted::refusal(&out, &String::from_utf8_lossy(e)))
        {
            failures.push(format!("{why}; not imported over it, even with --force"));
            continue;
        }
        match existing {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalogue {
        crate::analysis::fixture::catalogue(
            r#"{"entities": [
                {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
                {"id": "china", "name": "China", "kind": "place"}
            ], "tags": [{"id": "taiwan", "label": "Taiwan"}]}"#,
        )
    }

    #[test]
    fn doccano_and_prodigy_lines() {
        let mut unresolved = 0;
        let line = r##"{"text": "Blinken in China’s #1 city, with Wang.", "label": [[0, 7, "PERSON"], [11, 16, "PLACE"], [33, 37, "PERSON"]]}"##;
        let doc = parse_jsonl(line, 1).unwrap();
        assert_eq!(doc.file, "doc-0001.txt");
        let text = markup(&doc, &cat(), &mut unresolved).unwrap();
        assert_eq!(text, r"[Blinken]{antony-blinken} in [China]{china}’s \#1 city, with [Wang]{wang}.");
        assert_eq!(unresolved, 1);

        let line = r#"{"text": "One.\nTwo", "spans": [], "meta": {"file": "a/b.txt", "tags": [{"id": "taiwan", "start": 5, "end": 8}]}}"#;
        let doc = parse_jsonl(line, 1).unwrap();
        assert_eq!(markup(&doc, &cat(), &mut unresolved).unwrap(), "One.\nTwo #taiwan");
        assert!(parse_jsonl(r#"{"text": "ab", "spans": [{"start": 1, "end": 5}]}"#, 1).is_err());
    }

    #[test]
    fn brat_documents() {
        let text = "Blinken met [Wang].\n".to_string();
        let ann = "T1\tPerson 0 7\tBlinken\n#1\tAnnotatorNotes T1\tantony-blinken\nT2\tTopic 0 19\tBlinken met [Wang].\n#2\tAnnotatorNotes T2\ttaiwan\nR1\tSays Arg1:T1 Arg2:T1\n";
        let (doc, warnings) = parse_brat("x.txt".into(), text, ann).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let text = markup(&doc, &cat(), &mut 0).unwrap();
        assert_eq!(text, "[Blinken]{antony-blinken} met [Wang]. #taiwan\n");

        // Recorded markup, and a tag added since: both kept.
        let ann = "T1\tTopic 0 8\tBlinken.\n#1\tAnnotatorNotes T1\ttaiwan\nT2\tTopic 0 8\tBlinken.\n#2\tAnnotatorNotes T2\tnew\n#3\tMarkup T1\t{\"removed\": [{\"at\": 0, \"text\": \"#taiwan\\n\"}]}\n";
        let (doc, _) = parse_brat("y.txt".into(), "Blinken.".into(), ann).unwrap();
        assert_eq!(markup(&doc, &cat(), &mut 0).unwrap(), "#taiwan\nBlinken. #new");
    }
}
