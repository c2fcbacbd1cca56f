//! `corpus-lsp export --format brat|jsonl|conll|xmi|label-studio [PATH...] --out DIR`: the
//! annotations in interchange formats, over the plain text (the markup
//! stripped, see `analysis::strip`). The formats and their offsets are in
//! [`LONG_ABOUT`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use crate::cli::interchange::{Document, brat, conll, jsonl, label_studio, txt_name, xmi};
use crate::cli::lint::{CorpusFile, collect_files, default_root};
use crate::cli::write::write_atomic;
use crate::workspace::{Catalogues, read_text};

pub const LONG_ABOUT: &str = "\
Write the annotations in an interchange format, over the plain text (the markup removed: \
a mention becomes its surface, tags go, escapes become their character).

Formats and their offset units:
  jsonl  DIR/corpus.jsonl, one document a line, in the spaCy / Prodigy span shape:
         {\"text\", \"spans\": [{\"start\", \"end\", \"text\", \"label\": KIND, \"id\": entity-id}],
          \"meta\": {\"file\", \"tags\": [{\"id\", \"start\", \"end\"}], \"markup\"?}}.
         Offsets are Unicode code points (Python str indices), end exclusive; a tag's
         start/end is the paragraph (line) it labels. KIND is the entity's kind in
         capitals (PERSON, PLACE, ORGANIZATION, EVENT, DOCUMENT, OTHER; UNKNOWN for an
         id the catalogue lacks). A span of an entity with a Wikidata id has `kb_id`.
  brat   DIR/<name>.txt (the plain text) and DIR/<name>.ann (standoff), plus
         DIR/annotation.conf. A mention is `T1<TAB>Person 10 17<TAB>Blinken` with
         `#1<TAB>AnnotatorNotes T1<TAB>antony-blinken` (the entity id); a tag is a
         `Topic` annotation over its paragraph with the tag id as its note; a Wikidata id
         is a normalization `N1<TAB>Reference T1 Wikidata:Q…<TAB>Name`. Offsets are
         Unicode code points, end exclusive, as brat counts them.
  xmi    DIR/<name>.xmi per document and DIR/TypeSystem.xml: UIMA CAS XMI for INCEpTION.
         The sofa is the plain text; a mention is a DKPro NamedEntity (`value` the kind,
         `identifier` http://www.wikidata.org/entity/Q… when the entity has a Wikidata id,
         else urn:corpus-lsp:entity:ID); a tag is a webanno.custom.Topic over its paragraph.
         Offsets are UTF-16 code units, as UIMA counts them.
  label-studio
         DIR/tasks.json (Label Studio tasks: `data.text`, `annotations[0].result` of
         `labels` regions {start, end, text, labels: [KIND]} with the entity id in `meta`;
         tags as `Topic` regions of the `topic` control) and DIR/label_config.xml (the
         project's labeling interface). Offsets are Unicode code points.
  conll  DIR/corpus.conll, CoNLL-2003 style: `-DOCSTART-<TAB>O` per document, then one
         `token<TAB>B-KIND|I-KIND|O` a line, a blank line after each paragraph. Tokens are
         runs of letters and digits, or single other characters, split at whitespace
         and at mention boundaries. No offsets.

`meta.markup` (jsonl), the `Markup` note (brat), the Source annotation (xmi) and
`data.markup` (label-studio) carry what the plain text and spans
do not: where the tags stood ({\"removed\": [{\"at\", \"text\"}]}, `at` in code points)
and, when the source escaped other characters than needed, which ones
({\"escapes\": [code point, ...]}). With them, `corpus-lsp import` gives back the
annotated files byte for byte.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// brat standoff: `.txt` + `.ann` per document (code point offsets).
    Brat,
    /// One JSON document a line, spaCy / Prodigy spans (code point offsets).
    Jsonl,
    /// CoNLL-2003-style BIO tags, one token a line.
    Conll,
    /// UIMA CAS XMI for INCEpTION: `.xmi` per document + `TypeSystem.xml` (UTF-16 offsets).
    Xmi,
    /// Label Studio tasks (`tasks.json`) and labeling config (code point offsets).
    LabelStudio,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Files or folders to export [default: the corpus around the current folder].
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The folder to write into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Reads and strips the files under `paths`; failures are messages.
pub fn documents(paths: &[PathBuf]) -> (Vec<Document>, Vec<String>) {
    let (docs, failures, _) = read_documents(paths);
    (docs.into_iter().map(|(_, doc)| doc).collect(), failures)
}

/// [`documents`], each with the path it was read from, and how many files
/// were refused for their conflict blocks (among the failures).
fn read_documents(paths: &[PathBuf]) -> (Vec<(PathBuf, Document)>, Vec<String>, usize) {
    let mut conflicted = 0;
    let mut catalogues = Catalogues::default();
    let (files, mut failures) = collect_files(paths, &mut catalogues);
    let mut docs = Vec::new();
    for CorpusFile { path, key } in files {
        let catalogue = catalogues.for_file(&path);
        match read_text(&path) {
            Ok(text) if let Some(why) = super::conflicted::refusal(&path, &text) => {
                failures.push(why);
                conflicted += 1;
            }
            Ok(text) => {
                let doc = Document::new(key, &text, catalogue.catalogue.as_deref());
                docs.push((path, doc));
            }
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    (docs, failures, conflicted)
}

/// Why export must not write `out` (see the manual, docs/src/files-written.md):
/// export replaces only its own earlier output, never a file it reads, a
/// corpus article, or a `.txt` that is not half of a brat pair.
fn refusal(out: &Path, inputs: &HashSet<PathBuf>, catalogues: &mut Catalogues) -> Option<String> {
    if out.canonicalize().is_ok_and(|c| inputs.contains(&c)) {
        return Some("is one of the files exported".to_string());
    }
    let catalogue = catalogues.for_file(out);
    if let (Some(json), Some(root)) = (&catalogue.path, catalogue.root()) {
        let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        if abs.strip_prefix(root).is_ok_and(|rel| catalogue.includes(rel)) {
            return Some(format!("would be a corpus article of {}", json.display()));
        }
    }
    let is_txt = out.extension().is_some_and(|x| x == "txt");
    if is_txt && out.exists() && !out.with_extension("ann").exists() {
        return Some("exists and is not a brat export (no .ann beside it)".to_string());
    }
    None
}

fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    write_atomic(path, contents.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn run(args: &ExportArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let (read, mut failures, conflicted) = read_documents(&paths);
    let inputs: HashSet<PathBuf> = read.iter().filter_map(|(p, _)| p.canonicalize().ok()).collect();
    let docs: Vec<Document> = read.into_iter().map(|(_, doc)| doc).collect();
    for doc in docs.iter().filter(|d| !d.exact) {
        eprintln!("warning: {}: `import` will not give this file back byte for byte", doc.key);
    }
    // Every output, in the order written (a brat `.ann` before its `.txt`, so
    // a `.txt` of ours always has its `.ann`); all checked before any is written.
    let mut outputs: Vec<(PathBuf, String)> = Vec::new();
    match args.format {
        ExportFormat::Jsonl => {
            let mut text = String::new();
            for doc in &docs {
                text.push_str(&jsonl::jsonl_line(doc).to_string());
                text.push('\n');
            }
            outputs.push((args.out.join("corpus.jsonl"), text));
        }
        ExportFormat::Conll => outputs.push((args.out.join("corpus.conll"), docs.iter().map(conll::conll).collect())),
        ExportFormat::Xmi => {
            let mut names = HashSet::new();
            outputs.push((args.out.join("TypeSystem.xml"), xmi::type_system()));
            for doc in &docs {
                let name = format!("{}.xmi", txt_name(&doc.key).strip_suffix(".txt").expect("txt_name ends in .txt"));
                if !names.insert(name.clone()) {
                    failures.push(format!("{}: two documents would be written as {name}", doc.key));
                    continue;
                }
                match xmi::xmi(doc) {
                    Ok(text) => outputs.push((args.out.join(&name), text)),
                    Err(e) => failures.push(format!("{}: {e}", doc.key)),
                }
            }
        }
        ExportFormat::LabelStudio => {
            let tasks: Vec<serde_json::Value> =
                docs.iter().enumerate().map(|(n, doc)| label_studio::task(doc, n + 1)).collect();
            let mut text = serde_json::to_string_pretty(&tasks).expect("JSON values serialize");
            text.push('\n');
            outputs.push((args.out.join("tasks.json"), text));
            outputs.push((args.out.join("label_config.xml"), label_studio::labeling_config()));
        }
        ExportFormat::Brat => {
            let mut names = HashSet::new();
            outputs.push((args.out.join("annotation.conf"), brat::brat_conf()));
            for doc in &docs {
                let txt = txt_name(&doc.key);
                if !names.insert(txt.clone()) {
                    failures.push(format!("{}: two documents would be written as {txt}", doc.key));
                    continue;
                }
                let ann = format!("{}.ann", txt.strip_suffix(".txt").expect("txt_name ends in .txt"));
                outputs.push((args.out.join(&ann), brat::brat_ann(doc)));
                outputs.push((args.out.join(&txt), doc.stripped.text.clone()));
            }
        }
    }
    let mut catalogues = Catalogues::default();
    let refused: Vec<String> = outputs
        .iter()
        .filter_map(|(out, _)| refusal(out, &inputs, &mut catalogues).map(|why| format!("{}: {why}", out.display())))
        .collect();
    if conflicted > 0 {
        failures.push(format!(
            "{conflicted} files have unresolved conflict blocks, so nothing was written: half a decision is never exported"
        ));
    } else if refused.is_empty() {
        for (out, text) in &outputs {
            if let Err(e) = write_file(out, text) {
                failures.push(e);
                break;
            }
        }
    } else {
        failures.push(format!(
            "export replaces only its own earlier output; nothing was written (choose another --out):\n  {}",
            refused.join("\n  ")
        ));
    }
    for failure in &failures {
        eprintln!("error: {failure}");
    }
    let mentions: usize = docs.iter().map(|d| d.stripped.mentions.len()).sum();
    let tags: usize = docs.iter().map(|d| d.stripped.tags.len()).sum();
    let format = args.format.to_possible_value().expect("no skipped values");
    if refused.is_empty() && conflicted == 0 {
        eprintln!(
            "exported {} documents ({mentions} mentions, {tags} tags) as {} to {}",
            docs.len(),
            format.get_name(),
            args.out.display()
        );
    } else {
        eprintln!("exported nothing to {}", args.out.display());
    }
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}
