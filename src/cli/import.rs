//! `corpus-lsp import --format jsonl|brat|xmi|label-studio PATH... --out DIR`:
//! span files (from `export`, Prodigy, doccano, spaCy or another NER model,
//! brat, INCEpTION, Label Studio) turned into markup. See [`LONG_ABOUT`].

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::analysis::catalogue_edit::{apply_changes, apply_edits, set_wikidata};
use crate::cli::interchange::labels::{LabelKind, Labels};
use crate::cli::interchange::new_entities::Uncovered;
use crate::cli::interchange::{SpanDocument, brat, jsonl, label_studio, markup, resolve, surface_slug, xmi};
use crate::cli::write::write_atomic;
use crate::workspace::{Catalogues, read_text};

pub const LONG_ABOUT: &str = "\
Turn span files into annotated text: each document becomes DIR/<file> with every span written \
as `[surface]{entity-id}` and every tag as `#tag-id`. Text that would read as markup is escaped \
(`\\#`, `\\[`, `\\]`, `\\\\`) so that it stays text.

Inputs (offsets in Unicode code points, end exclusive, as `export` writes them, except XMI):
  jsonl         files with one document a line: {\"text\", \"spans\": [{\"start\", \"end\", \"label\",
                \"id\", \"kb_id\"}], \"meta\": {\"file\", \"tags\": [{\"id\", \"start\", \"end\"}], \"markup\"}}.
                spaCy's `Doc.to_json()` (`\"ents\"`, with `kb_id`), doccano's `\"label\": [[start,
                end, LABEL]]` and `\"entities\": [{\"start_offset\", \"end_offset\", \"label\"}]` are
                read too.
  brat          folders (searched for .ann files) or .ann files, each beside its .txt; `T` lines
                are mentions, with the entity id in their `AnnotatorNotes` and the Wikidata id
                in a normalization (`N1<TAB>Reference T1 Wikidata:Q42`); `Topic` annotations
                are tags, with the tag id in their note.
  xmi           UIMA CAS XMI (INCEpTION, DKPro): folders (searched for .xmi files) or .xmi
                files. NamedEntity annotations are mentions (`value` the label, `identifier`
                urn:corpus-lsp:entity:ID or a Wikidata IRI); webanno.custom.Topic annotations
                are tags. Offsets are UTF-16 code units, as UIMA counts them.
  label-studio  Label Studio's JSON export (a list of tasks): `labels` results of the newest
                annotation that was not cancelled, else of the newest prediction; the entity
                id in the region's `meta`, tags as `Topic` regions.

Labels: corpus-lsp's kinds (PERSON, PLACE, ORGANIZATION, EVENT, DOCUMENT, OTHER, UNKNOWN), \
CoNLL's (PER, LOC, ORG, MISC) and OntoNotes/spaCy's (PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, \
EVENT, WORK_OF_ART, LAW, LANGUAGE), in any case. DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL \
and CARDINAL are not names: those spans are skipped and counted. `--label LABEL=KIND` and \
`--label-map FILE` add labels (KIND `skip` skips them). Any other label is an error (exit 2) \
and nothing is written.

A span without an entity id gets the catalogued entity (in the catalogue governing DIR, else the \
built-in one) with its Wikidata id, else the one whose name or alias is its surface (of its \
label's kind, when one is); failing that, the slug of its surface (which `lint` then reports as \
`unknown-entity`), or, with `--add-to-catalogue`, a new entity inserted into the governing \
corpus.json (grouped as `candidates` groups names: id from the name, kind from the label). Tags go \
at the end of the paragraph they label (` #tag-id`), unless the markup record (`meta.markup`, \
brat's `Markup` note, XMI's Source, Label Studio's `data.markup`) says where they stood: then, \
with its escapes, the exported files come back byte for byte.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// JSON lines: spaCy / Prodigy spans (as `export` writes them) or doccano.
    Jsonl,
    /// brat standoff: `.ann` beside `.txt`.
    Brat,
    /// UIMA CAS XMI (INCEpTION): `.xmi` files (UTF-16 offsets).
    Xmi,
    /// Label Studio's JSON export.
    LabelStudio,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// JSONL files, brat folders and `.ann` files, XMI folders and `.xmi` files, Label Studio JSON files.
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
    /// Read LABEL as KIND (person, place, organization, event, document, other, or skip); repeatable.
    #[arg(long = "label", value_name = "LABEL=KIND")]
    pub labels: Vec<String>,
    /// A file of LABEL=KIND lines, or a JSON object {"LABEL": "KIND"}.
    #[arg(long, value_name = "FILE")]
    pub label_map: Option<PathBuf>,
    /// Insert an entity into the governing corpus.json for each span no entry covers.
    #[arg(long)]
    pub add_to_catalogue: bool,
}

/// The label table of the command line: the built-in one, the map file, then `--label`.
fn labels(args: &ImportArgs) -> Result<Labels, String> {
    let mut labels = Labels::default();
    if let Some(path) = &args.label_map {
        let text = read_text(path).map_err(|e| format!("{}: {e}", path.display()))?;
        labels.read_map(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for assignment in &args.labels {
        labels.assign(assignment).map_err(|e| format!("--label {e}"))?;
    }
    Ok(labels)
}

/// Every document of the inputs, each with where it came from; the files read.
type Read = (Vec<(String, Result<SpanDocument, String>)>, Vec<PathBuf>);

fn read_inputs(args: &ImportArgs, failures: &mut Vec<String>, warnings: &mut Vec<String>) -> Read {
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
            ImportFormat::Xmi => {
                for (xmi_path, fallback) in xmi::xmi_files(path) {
                    read.push(xmi_path.clone());
                    let at = xmi_path.display().to_string();
                    let parsed =
                        read_text(&xmi_path).map_err(|e| e.to_string()).and_then(|xml| xmi::parse_xmi(&xml, &fallback));
                    docs.push((
                        at.clone(),
                        parsed.map(|(doc, w)| {
                            warnings.extend(w.into_iter().map(|w| format!("{at}: {w}")));
                            doc
                        }),
                    ));
                }
            }
            ImportFormat::LabelStudio => {
                match read_text(path).map_err(|e| e.to_string()).and_then(|json| label_studio::parse_tasks(&json)) {
                    Ok((tasks, w)) => {
                        warnings.extend(w.into_iter().map(|w| format!("{}: {w}", path.display())));
                        for (n, doc) in tasks.into_iter().enumerate() {
                            docs.push((format!("{}: task {}", path.display(), n + 1), Ok(doc)));
                        }
                    }
                    Err(e) => failures.push(format!("{}: {e}", path.display())),
                }
            }
        }
    }
    (docs, read)
}

pub fn run(args: &ImportArgs) -> ExitCode {
    let labels = match labels(args) {
        Ok(labels) => labels,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failures: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let (docs, read) = read_inputs(args, &mut failures, &mut warnings);
    let mut parsed: Vec<(String, SpanDocument)> = Vec::new();
    for (at, doc) in docs {
        match doc {
            Ok(doc) => parsed.push((at, doc)),
            Err(e) => failures.push(format!("{at}: {e}")),
        }
    }
    // Every label must mean something before anything is written.
    let mut unknown: BTreeMap<String, String> = BTreeMap::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for (at, doc) in &mut parsed {
        doc.spans.retain(|s| {
            let Some(label) = &s.label else { return true };
            match labels.get(label) {
                None => {
                    unknown.entry(label.clone()).or_insert_with(|| at.clone());
                    false
                }
                Some(LabelKind::Skip) => {
                    *skipped.entry(label.clone()).or_default() += 1;
                    false
                }
                Some(_) => true,
            }
        });
    }
    if !unknown.is_empty() {
        for (label, at) in &unknown {
            eprintln!("error: {at}: unknown label `{label}`");
        }
        eprintln!(
            "error: {} unknown label{}, so nothing was written; known labels (any case): {}\n  map them with --label LABEL=KIND or --label-map FILE (KIND: person, place, organization, event, document, other, skip)",
            unknown.len(),
            if unknown.len() == 1 { "" } else { "s" },
            labels.known()
        );
        return ExitCode::from(2);
    }
    // The id of every span; spans no entry covers are gathered for --add-to-catalogue.
    let mut catalogues = Catalogues::default();
    let mut uncovered = Uncovered::default();
    let mut governing: Option<Option<PathBuf>> = None;
    let mut unresolved = 0;
    let mut resolved: Vec<(String, SpanDocument, Vec<Option<String>>)> = Vec::new();
    for (n, (at, doc)) in parsed.into_iter().enumerate() {
        if doc.file.split('/').any(|part| part == ".." || part.is_empty()) || doc.file.starts_with('/') {
            failures.push(format!("{at}: `{}` is not a relative file name", doc.file));
            continue;
        }
        let catalogue_file = catalogues.for_file(&args.out.join(&doc.file));
        let builtin;
        let catalogue = match catalogue_file.catalogue.as_deref() {
            Some(c) => c,
            None => {
                builtin = crate::analysis::catalogue::builtin();
                &*builtin
            }
        };
        let mut ids = Vec::new();
        for s in &doc.spans {
            let surface = s.span.of(&doc.text);
            let kind = s.label.as_deref().and_then(|l| labels.get(l)).unwrap_or(LabelKind::Any);
            let id = resolve(s, surface, kind, catalogue);
            if let (Some(id), Some(q)) = (&id, &s.kb_id)
                && let Some(entity) = catalogue.entity(id)
                && entity.wikidata_id() != Some(q.as_str())
            {
                let has = entity.wikidata_id().map_or("no Wikidata id".to_string(), str::to_string);
                warnings.push(format!("{at}: `{surface}` is {q} in the file, but the catalogue's {id} has {has}"));
            }
            if id.is_none() {
                if args.add_to_catalogue {
                    let kind = match kind {
                        LabelKind::Kind(k) => Some(k),
                        _ => None,
                    };
                    uncovered.add(n, surface, kind, s.kb_id.as_deref(), s.span);
                } else {
                    unresolved += 1;
                }
            }
            ids.push(id);
        }
        if args.add_to_catalogue {
            let path = catalogue_file.path.clone();
            if governing.get_or_insert_with(|| path.clone()) != &path {
                failures.push(format!(
                    "{at}: governed by another corpus.json than the documents before it; --add-to-catalogue adds to one"
                ));
                continue;
            }
        }
        resolved.push((at, doc, ids));
    }
    // The new entities, inserted into the governing corpus.json.
    let mut catalogue_write: Option<(PathBuf, String)> = None;
    let mut new_ids = std::collections::HashMap::new();
    let mut added = 0;
    if args.add_to_catalogue && !uncovered.is_empty() {
        match governing.clone().flatten() {
            None => failures.push(format!(
                "no corpus.json governs {}: --add-to-catalogue inserts into one (make it with `corpus-lsp init {}`)",
                args.out.display(),
                args.out.display()
            )),
            Some(path) => {
                let file = catalogues.load(&path);
                match file.catalogue.as_deref() {
                    None => {
                        failures.push(format!("{}: the catalogue has errors; run `corpus-lsp lint`", path.display()))
                    }
                    Some(catalogue) => {
                        let new = uncovered.entities(catalogue);
                        added = new.changes.len();
                        let text = apply_changes(&file.text, &new.changes).and_then(|edits| {
                            // Then each new entity's Wikidata id, as `link --apply` inserts one.
                            let mut text = apply_edits(&file.text, &edits);
                            for (id, q) in &new.wikidata {
                                let edit = set_wikidata(&text, id, q)?;
                                text = apply_edits(&text, std::slice::from_ref(&edit));
                            }
                            Ok(text)
                        });
                        match text {
                            Ok(text) => catalogue_write = Some((path.clone(), text)),
                            Err(e) => failures.push(format!("{}: {e}", path.display())),
                        }
                        new_ids = new.ids;
                    }
                }
            }
        }
    }
    // Plan every file, check them all, and only then write any.
    let inputs: HashSet<PathBuf> = read.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut planned: Vec<(PathBuf, String)> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let mut unchanged = 0;
    for (at, doc, ids) in resolved {
        let ids: Vec<String> = doc
            .spans
            .iter()
            .zip(ids)
            .map(|(s, id)| {
                let surface = s.span.of(&doc.text);
                id.or_else(|| new_ids.get(surface).cloned()).unwrap_or_else(|| surface_slug(surface))
            })
            .collect();
        let out = args.out.join(&doc.file);
        let text = match markup(&doc, &ids) {
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
    // Any failure so far (a file that cannot be read or parsed, a name that
    // cannot be written): nothing is written, so a fixed input can be imported again.
    let write_nothing = !refused.is_empty() || !failures.is_empty();
    if !write_nothing {
        for (out, text) in &planned {
            match write_atomic(out, text.as_bytes()) {
                Ok(()) => written += 1,
                Err(e) => failures.push(format!("{}: {e}", out.display())),
            }
        }
        // The catalogue last: its new entities are what the written files name.
        if let Some((path, text)) = &catalogue_write {
            match write_atomic(path, text.as_bytes()) {
                Ok(()) => eprintln!("added {added} entities to {}", path.display()),
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            }
        }
    } else if !refused.is_empty() {
        failures.push(format!(
            "{} existing files would change, so nothing was written (pass --force to replace them, or choose another --out):\n  {}",
            refused.len(),
            refused.join("\n  ")
        ));
    } else {
        failures.push("nothing was written".to_string());
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if !skipped.is_empty() {
        let counts: Vec<String> = skipped.iter().map(|(l, n)| format!("{n} {l}")).collect();
        eprintln!("skipped {} spans that are not names: {}", skipped.values().sum::<usize>(), counts.join(", "));
    }
    if unresolved > 0 {
        eprintln!(
            "warning: {unresolved} spans name no catalogued entity; written with the slug of their surface (lint reports them as unknown-entity; --add-to-catalogue adds them)"
        );
    }
    for f in &failures {
        eprintln!("error: {f}");
    }
    let unchanged = if unchanged > 0 { format!(" ({unchanged} already as imported)") } else { String::new() };
    eprintln!("imported {written} documents into {}{unchanged}", args.out.display());
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}
