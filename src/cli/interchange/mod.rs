//! The interchange formats, one file each with its writer and reader side by
//! side (`export` and `import` only choose the format), and what they share:
//! the exported [`Document`], the imported [`SpanDocument`], code point
//! offsets, and the markup record that makes a round trip byte for byte.

pub mod brat;
pub mod conll;
pub mod jsonl;

use serde_json::{Value, json};

use crate::analysis::strip::{Stripped, strip};
use crate::analysis::unstrip::{Escapes, Insertion, SpanMention, parts, unstrip};
use crate::analysis::{Catalogue, Kind, Span, is_slug, slugify};

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

/// The name under which a document's files are written: its key with `.txt`.
pub fn txt_name(key: &str) -> String {
    match key.rsplit_once('.') {
        Some((stem, "txt")) => format!("{stem}.txt"),
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => format!("{stem}.txt"),
        _ => format!("{key}.txt"),
    }
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

pub fn cp_to_byte(cps: &CodePoints, cp: &Value, what: &str) -> Result<usize, String> {
    let cp = cp.as_u64().ok_or_else(|| format!("{what}: expected a non-negative integer offset"))? as usize;
    cps.byte_of(cp).ok_or_else(|| format!("{what}: offset {cp} is past the end of the text"))
}

pub fn span_of(cps: &CodePoints, start: &Value, end: &Value, what: &str) -> Result<Span, String> {
    let (s, e) = (cp_to_byte(cps, start, what)?, cp_to_byte(cps, end, what)?);
    if s > e {
        return Err(format!("{what}: start {start} is after end {end}"));
    }
    Ok(Span::new(s, e))
}

/// Reads the meta.markup object (offsets in code points).
pub fn read_markup(cps: &CodePoints, markup: &Value, doc: &mut SpanDocument) -> Result<(), String> {
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

/// The entity id for a span without one (see [`LONG_ABOUT`]).
pub fn resolve(surface: &str, label: Option<&str>, catalogue: &Catalogue) -> Option<String> {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn cat() -> Catalogue {
        crate::analysis::fixture::catalogue(
            r#"{"entities": [
                {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
                {"id": "china", "name": "China", "kind": "place"}
            ], "tags": [{"id": "taiwan", "label": "Taiwan"}]}"#,
        )
    }

    #[test]
    fn code_points() {
        let cps = CodePoints::new("a’😀b");
        assert_eq!([0, 1, 4, 8, 9].map(|b| cps.of_byte(b)), [0, 1, 2, 3, 4]);
        assert_eq!(cps.byte_of(3), Some(8));
        assert_eq!(cps.byte_of(4), Some(9));
        assert_eq!(cps.byte_of(5), None);
    }
}
