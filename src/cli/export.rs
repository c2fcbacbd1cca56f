//! `corpus-lsp export --format brat|jsonl|conll [PATH...] --out DIR`: the
//! annotations in interchange formats, over the plain text (the markup
//! stripped, see `analysis::strip`). The formats and their offsets are in
//! [`LONG_ABOUT`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::{Value, json};

use crate::analysis::strip::{Stripped, strip};
use crate::analysis::unstrip::{Escapes, parts, unstrip};
use crate::analysis::{Catalogue, Kind, Span};
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
         id the catalogue lacks).
  brat   DIR/<name>.txt (the plain text) and DIR/<name>.ann (standoff), plus
         DIR/annotation.conf. A mention is `T1<TAB>Person 10 17<TAB>Blinken` with
         `#1<TAB>AnnotatorNotes T1<TAB>antony-blinken` (the entity id); a tag is a
         `Topic` annotation over its paragraph with the tag id as its note. Offsets are
         Unicode code points, end exclusive, as brat counts them.
  conll  DIR/corpus.conll, CoNLL-2003 style: `-DOCSTART-<TAB>O` per document, then one
         `token<TAB>B-KIND|I-KIND|O` a line, a blank line after each paragraph. Tokens are
         runs of letters and digits, or single other characters, split at whitespace
         and at mention boundaries. No offsets.

`meta.markup` (jsonl) and the `Markup` note (brat) carry what the plain text and spans
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

/// Byte ⇄ code point offsets of one text.
pub struct CodePoints {
    /// The byte offset of each char, and the text's length last.
    starts: Vec<usize>,
}

impl CodePoints {
    pub fn new(text: &str) -> CodePoints {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CodePoints { starts }
    }
    /// The code point offset of byte offset `byte` (a char boundary).
    pub fn of_byte(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }
    /// The byte offset of code point offset `cp`, if within the text.
    pub fn byte_of(&self, cp: usize) -> Option<usize> {
        self.starts.get(cp).copied()
    }
}

/// One document, stripped, with what the formats need.
pub struct Document {
    /// The path under the exported folder, forward slashes.
    pub key: String,
    pub stripped: Stripped,
    /// Per mention: its entity's kind (None: not in the catalogue).
    pub kinds: Vec<Option<Kind>>,
    /// Markup runs strip removed, as (plain byte offset, text).
    pub removed: Vec<(usize, String)>,
    /// The escaped positions, when they are not the ones `import` would choose.
    pub escapes: Option<Vec<usize>>,
    /// Whether the recorded markup writes the source back byte for byte.
    pub exact: bool,
}

impl Document {
    pub fn new(key: String, annotated: &str, catalogue: Option<&Catalogue>) -> Document {
        let stripped = strip(annotated);
        let kinds = stripped.mentions.iter().map(|m| catalogue.and_then(|c| c.entity(&m.id)).map(|e| e.kind)).collect();
        let (mentions, insertions) = parts(annotated, &stripped);
        let needed = unstrip(&stripped.text, &mentions, &insertions, Escapes::Needed).ok().map(|(_, e)| e);
        let escapes = (needed.as_ref() != Some(&stripped.escapes)).then(|| stripped.escapes.clone());
        let exact = unstrip(&stripped.text, &mentions, &insertions, Escapes::Exactly(&stripped.escapes))
            .is_ok_and(|(back, _)| back == annotated);
        let removed = insertions.into_iter().map(|i| (i.at, i.text)).collect();
        Document { key, stripped, kinds, removed, escapes, exact }
    }

    /// `meta.markup`, in code points; `None` when there is nothing to record.
    pub fn markup_json(&self, cps: &CodePoints) -> Option<Value> {
        let mut markup = serde_json::Map::new();
        if !self.removed.is_empty() {
            let removed: Vec<Value> =
                self.removed.iter().map(|(at, text)| json!({ "at": cps.of_byte(*at), "text": text })).collect();
            markup.insert("removed".into(), Value::Array(removed));
        }
        if let Some(escapes) = &self.escapes {
            markup.insert("escapes".into(), json!(escapes.iter().map(|&b| cps.of_byte(b)).collect::<Vec<_>>()));
        }
        (!markup.is_empty()).then_some(Value::Object(markup))
    }
}

/// `PERSON`, … for JSONL and CoNLL labels.
pub fn label(kind: Option<Kind>) -> String {
    kind.map_or("UNKNOWN".to_string(), |k| k.as_str().to_ascii_uppercase())
}

/// `Person`, … for brat types.
pub fn brat_type(kind: Option<Kind>) -> String {
    let l = label(kind).to_ascii_lowercase();
    let mut chars = l.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// The brat type of topic tags.
pub const TOPIC: &str = "Topic";

pub fn jsonl_line(doc: &Document) -> Value {
    let s = &doc.stripped;
    let cps = CodePoints::new(&s.text);
    let spans: Vec<Value> = s
        .mentions
        .iter()
        .zip(&doc.kinds)
        .map(|(m, &kind)| {
            json!({
                "start": cps.of_byte(m.span.start),
                "end": cps.of_byte(m.span.end),
                "text": m.span.of(&s.text),
                "label": label(kind),
                "id": m.id,
            })
        })
        .collect();
    let tags: Vec<Value> = s
        .tags
        .iter()
        .map(|t| json!({ "id": t.id, "start": cps.of_byte(t.paragraph.start), "end": cps.of_byte(t.paragraph.end) }))
        .collect();
    let mut meta = json!({ "file": doc.key, "tags": tags });
    if let Some(markup) = doc.markup_json(&cps) {
        meta["markup"] = markup;
    }
    json!({ "text": s.text, "spans": spans, "meta": meta })
}

/// The `.ann` file of a document.
pub fn brat_ann(doc: &Document) -> String {
    let s = &doc.stripped;
    let cps = CodePoints::new(&s.text);
    let mut out = String::new();
    let mut t = 0;
    let mut notes = 0;
    let mut note = |out: &mut String, kind: &str, target: usize, text: &str| {
        notes += 1;
        out.push_str(&format!("#{notes}\t{kind} T{target}\t{text}\n"));
    };
    for (m, &kind) in s.mentions.iter().zip(&doc.kinds) {
        t += 1;
        let (start, end) = (cps.of_byte(m.span.start), cps.of_byte(m.span.end));
        out.push_str(&format!("T{t}\t{} {start} {end}\t{}\n", brat_type(kind), m.span.of(&s.text)));
        note(&mut out, "AnnotatorNotes", t, &m.id);
    }
    for tag in &s.tags {
        t += 1;
        let (start, end) = (cps.of_byte(tag.paragraph.start), cps.of_byte(tag.paragraph.end));
        out.push_str(&format!("T{t}\t{TOPIC} {start} {end}\t{}\n", tag.paragraph.of(&s.text)));
        note(&mut out, "AnnotatorNotes", t, &tag.id);
    }
    if t > 0
        && let Some(markup) = doc.markup_json(&cps)
    {
        note(&mut out, "Markup", 1, &markup.to_string());
    }
    out
}

pub fn brat_conf() -> String {
    let mut out = String::from("# Written by corpus-lsp export --format brat\n[entities]\n");
    for kind in Kind::ALL {
        out.push_str(&brat_type(Some(kind)));
        out.push('\n');
    }
    out.push_str(&format!("{}\n{TOPIC}\n", brat_type(None)));
    out.push_str("[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n[events]\n[attributes]\n");
    out
}

/// Tokens of a paragraph: runs of letters and digits, or single other
/// characters; whitespace separates; a token never crosses `cuts`.
pub fn tokens(text: &str, span: Span, cuts: &[usize]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut word: Option<usize> = None;
    let flush = |word: &mut Option<usize>, end: usize, out: &mut Vec<Span>| {
        if let Some(start) = word.take() {
            out.push(Span::new(start, end));
        }
    };
    for (i, c) in span.of(text).char_indices() {
        let at = span.start + i;
        if cuts.binary_search(&at).is_ok() {
            flush(&mut word, at, &mut out);
        }
        if c.is_whitespace() {
            flush(&mut word, at, &mut out);
        } else if c.is_alphanumeric() {
            word.get_or_insert(at);
        } else {
            flush(&mut word, at, &mut out);
            out.push(Span::new(at, at + c.len_utf8()));
        }
    }
    flush(&mut word, span.end, &mut out);
    out
}

pub fn conll(doc: &Document) -> String {
    let s = &doc.stripped;
    let mut cuts: Vec<usize> = s.mentions.iter().flat_map(|m| [m.span.start, m.span.end]).collect();
    cuts.sort_unstable();
    let mut out = String::from("-DOCSTART-\tO\n\n");
    let mut mentions = s.mentions.iter().zip(&doc.kinds).peekable();
    for (start, line) in crate::analysis::document::lines(&s.text) {
        let toks = tokens(&s.text, Span::new(start, start + line.len()), &cuts);
        if toks.is_empty() {
            continue;
        }
        for tok in toks {
            while mentions.next_if(|(m, _)| m.span.end <= tok.start).is_some() {}
            let tag = match mentions.peek() {
                Some((m, kind)) if m.span.start <= tok.start && tok.end <= m.span.end => {
                    format!("{}-{}", if m.span.start == tok.start { "B" } else { "I" }, label(**kind))
                }
                _ => "O".to_string(),
            };
            out.push_str(&format!("{}\t{tag}\n", tok.of(&s.text)));
        }
        out.push('\n');
    }
    out
}

/// The name under which a document's files are written: its key with `.txt`.
pub fn txt_name(key: &str) -> String {
    match key.rsplit_once('.') {
        Some((stem, "txt")) => format!("{stem}.txt"),
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => format!("{stem}.txt"),
        _ => format!("{key}.txt"),
    }
}

/// Reads and strips the files under `paths`; failures are messages.
pub fn documents(paths: &[PathBuf]) -> (Vec<Document>, Vec<String>) {
    let (docs, failures) = read_documents(paths);
    (docs.into_iter().map(|(_, doc)| doc).collect(), failures)
}

/// [`documents`], each with the path it was read from.
fn read_documents(paths: &[PathBuf]) -> (Vec<(PathBuf, Document)>, Vec<String>) {
    let mut catalogues = Catalogues::default();
    let (files, mut failures) = collect_files(paths, &mut catalogues);
    let mut docs = Vec::new();
    for CorpusFile { path, key } in files {
        let catalogue = catalogues.for_file(&path);
        match read_text(&path) {
            Ok(text) => {
                let doc = Document::new(key, &text, catalogue.catalogue.as_deref());
                docs.push((path, doc));
            }
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    (docs, failures)
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
    let (read, mut failures) = read_documents(&paths);
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
                text.push_str(&jsonl_line(doc).to_string());
                text.push('\n');
            }
            outputs.push((args.out.join("corpus.jsonl"), text));
        }
        ExportFormat::Conll => outputs.push((args.out.join("corpus.conll"), docs.iter().map(conll).collect())),
        ExportFormat::Brat => {
            let mut names = HashSet::new();
            outputs.push((args.out.join("annotation.conf"), brat_conf()));
            for doc in &docs {
                let txt = txt_name(&doc.key);
                if !names.insert(txt.clone()) {
                    failures.push(format!("{}: two documents would be written as {txt}", doc.key));
                    continue;
                }
                let ann = format!("{}.ann", txt.strip_suffix(".txt").expect("txt_name ends in .txt"));
                outputs.push((args.out.join(&ann), brat_ann(doc)));
                outputs.push((args.out.join(&txt), doc.stripped.text.clone()));
            }
        }
    }
    let mut catalogues = Catalogues::default();
    let refused: Vec<String> = outputs
        .iter()
        .filter_map(|(out, _)| refusal(out, &inputs, &mut catalogues).map(|why| format!("{}: {why}", out.display())))
        .collect();
    if refused.is_empty() {
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
    if refused.is_empty() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points() {
        let cps = CodePoints::new("a’😀b");
        assert_eq!([0, 1, 4, 8, 9].map(|b| cps.of_byte(b)), [0, 1, 2, 3, 4]);
        assert_eq!(cps.byte_of(3), Some(8));
        assert_eq!(cps.byte_of(4), Some(9));
        assert_eq!(cps.byte_of(5), None);
    }

    #[test]
    fn tokens_split_at_punctuation_and_mentions() {
        let text = "“Blinken’s” U.S.-China talks";
        let toks: Vec<&str> = tokens(text, Span::new(0, text.len()), &[]).iter().map(|t| t.of(text)).collect();
        assert_eq!(toks, ["“", "Blinken", "’", "s", "”", "U", ".", "S", ".", "-", "China", "talks"]);
        let text = "BlinkenWang";
        let toks: Vec<&str> = tokens(text, Span::new(0, text.len()), &[7]).iter().map(|t| t.of(text)).collect();
        assert_eq!(toks, ["Blinken", "Wang"]);
    }

    #[test]
    fn conll_bio() {
        let cat = crate::analysis::fixture::catalogue(
            r#"{"entities": [{"id": "us", "name": "United States", "kind": "place", "aliases": ["U.S."]}], "tags": []}"#,
        );
        let doc = Document::new("a.txt".into(), "The [U.S.]{us} side.\n\n#t\nNext [x]{nope}.", Some(&cat));
        assert_eq!(
            conll(&doc),
            "-DOCSTART-\tO\n\nThe\tO\nU\tB-PLACE\n.\tI-PLACE\nS\tI-PLACE\n.\tI-PLACE\nside\tO\n.\tO\n\nNext\tO\nx\tB-UNKNOWN\n.\tO\n\n"
        );
    }
}
