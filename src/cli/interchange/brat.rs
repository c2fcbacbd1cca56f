//! brat standoff: `.txt` + `.ann` per document, `annotation.conf`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{CodePoints, Document, SpanDocument, SpanLabel, label, read_markup, span_of};
use crate::analysis::Kind;
use crate::analysis::Span;
use crate::cli::lint::forward_slashes;

/// `Person`, … for brat types.
pub fn brat_type(kind: Option<Kind>) -> String {
    let l = label(kind).to_ascii_lowercase();
    let mut chars = l.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// The brat type of topic tags.
pub const TOPIC: &str = "Topic";

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
    let mut normalizations = 0;
    for (i, (m, &kind)) in s.mentions.iter().zip(&doc.kinds).enumerate() {
        t += 1;
        let (start, end) = (cps.of_byte(m.span.start), cps.of_byte(m.span.end));
        out.push_str(&format!("T{t}\t{} {start} {end}\t{}\n", brat_type(kind), m.span.of(&s.text)));
        note(&mut out, "AnnotatorNotes", t, &m.id);
        if let Some(q) = &doc.wikidata[i] {
            normalizations += 1;
            let name = doc.names[i].as_deref().unwrap_or_default();
            out.push_str(&format!("N{normalizations}\tReference T{t} {WIKIDATA}:{q}\t{name}\n"));
        }
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

/// The normalization database of Wikidata ids (`N1<TAB>Reference T1 Wikidata:Q42<TAB>Name`).
pub const WIKIDATA: &str = "Wikidata";

/// One brat document: the plain text and its `.ann`.
pub fn parse_brat(file: String, text: String, ann: &str) -> Result<(SpanDocument, Vec<String>), String> {
    let cps = CodePoints::new(&text);
    let mut warnings = Vec::new();
    let mut bounds: Vec<(String, String, Span)> = Vec::new();
    let mut notes: HashMap<String, String> = HashMap::new();
    let mut markup = None;
    let mut kb_ids: HashMap<String, String> = HashMap::new();
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
        } else if id.starts_with('N') {
            // `Reference T1 Wikidata:Q42`: a Q id in any database is read as Wikidata's.
            let mut parts = middle.split(' ');
            let (target, reference) = (parts.nth(1).unwrap_or(""), parts.next().unwrap_or(""));
            let (_, q) = reference.split_once(':').unwrap_or(("", reference));
            match super::wikidata_id(q) {
                Some(q) => {
                    kb_ids.insert(target.to_string(), q);
                }
                None => warnings.push(format!("{}: `{reference}` is not a Wikidata id, not imported", at())),
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
            let mut span = SpanLabel::new(span, Some(kind), note);
            span.kb_id = kb_ids.get(&id).cloned();
            doc.spans.push(span);
        }
    }
    if let Some(markup) = markup {
        let value: Value = serde_json::from_str(&markup).map_err(|e| format!("the Markup note is not JSON: {e}"))?;
        read_markup(&cps, &value, &mut doc)?;
    }
    Ok((doc, warnings))
}

/// The `.ann` files under `path` (a folder, walked) or `path` itself, with
/// the output name of each (relative to the folder, `.txt`).
pub fn ann_files(path: &Path) -> Vec<(PathBuf, String)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::interchange::tests::cat;
    use crate::cli::interchange::tests::markup_in as markup;

    #[test]
    fn brat_documents() {
        let text = "Blinken met [Wang].\n".to_string();
        let ann = "T1\tPerson 0 7\tBlinken\n#1\tAnnotatorNotes T1\tantony-blinken\nT2\tTopic 0 19\tBlinken met [Wang].\n#2\tAnnotatorNotes T2\ttaiwan\nR1\tSays Arg1:T1 Arg2:T1\n";
        let (doc, warnings) = parse_brat("x.txt".into(), text, ann).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let text = markup(&doc, &cat(), &mut 0);
        assert_eq!(text, "[Blinken]{antony-blinken} met [Wang]. #taiwan\n");

        // Recorded markup, and a tag added since: both kept.
        let ann = "T1\tTopic 0 8\tBlinken.\n#1\tAnnotatorNotes T1\ttaiwan\nT2\tTopic 0 8\tBlinken.\n#2\tAnnotatorNotes T2\tnew\n#3\tMarkup T1\t{\"removed\": [{\"at\": 0, \"text\": \"#taiwan\\n\"}]}\n";
        let (doc, _) = parse_brat("y.txt".into(), "Blinken.".into(), ann).unwrap();
        assert_eq!(markup(&doc, &cat(), &mut 0), "#taiwan\nBlinken. #new");
    }
}
