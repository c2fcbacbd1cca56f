//! The interchange formats, one file each with its writer and reader side by
//! side (`export` and `import` only choose the format), and what they share:
//! the exported [`Document`], the imported [`SpanDocument`], code point
//! offsets, and the markup record that makes a round trip byte for byte.

pub mod brat;
pub mod conll;
pub mod jsonl;
pub mod label_studio;
pub mod labels;
pub mod new_entities;
pub mod xmi;

use serde_json::{Value, json};

use crate::analysis::strip::{Stripped, strip};
use crate::analysis::unstrip::{Escapes, Insertion, SpanMention, parts, unstrip};
use crate::analysis::{Catalogue, Kind, Span, is_slug, slugify};
use labels::LabelKind;

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
    /// The text's length in code points.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Byte ⇄ UTF-16 code unit offsets of one text (Java's, and so UIMA's).
pub struct Utf16 {
    /// The byte offset of the char holding each code unit (twice for a char
    /// outside the Basic Multilingual Plane), and the text's length last.
    starts: Vec<usize>,
}

impl Utf16 {
    pub fn new(text: &str) -> Utf16 {
        let mut starts = Vec::with_capacity(text.len() + 1);
        for (b, c) in text.char_indices() {
            starts.extend(std::iter::repeat_n(b, c.len_utf16()));
        }
        starts.push(text.len());
        Utf16 { starts }
    }
    /// The UTF-16 offset of byte offset `byte` (a char boundary).
    pub fn of_byte(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }
    /// The byte offset of UTF-16 offset `unit`: none past the end or between
    /// the two halves of a surrogate pair.
    pub fn byte_of(&self, unit: usize) -> Option<usize> {
        let b = *self.starts.get(unit)?;
        (unit == 0 || self.starts[unit - 1] != b).then_some(b)
    }
    /// The text's length in UTF-16 code units.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One document, stripped, with what the formats need.
pub struct Document {
    /// The path under the exported folder, forward slashes.
    pub key: String,
    pub stripped: Stripped,
    /// Per mention: its entity's kind (None: not in the catalogue).
    pub kinds: Vec<Option<Kind>>,
    /// Per mention: its entity's Wikidata id, if the catalogue gives one.
    pub wikidata: Vec<Option<String>>,
    /// Per mention: its entity's name (None: not in the catalogue).
    pub names: Vec<Option<String>>,
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
        let entity = |id: &str| catalogue.and_then(|c| c.entity(id));
        let kinds = stripped.mentions.iter().map(|m| entity(&m.id).map(|e| e.kind)).collect();
        let wikidata =
            stripped.mentions.iter().map(|m| entity(&m.id).and_then(|e| e.wikidata_id()).map(str::to_string)).collect();
        let names = stripped.mentions.iter().map(|m| entity(&m.id).map(|e| e.name.clone())).collect();
        let (mentions, insertions) = parts(annotated, &stripped);
        let needed = unstrip(&stripped.text, &mentions, &insertions, Escapes::Needed).ok().map(|(_, e)| e);
        let escapes = (needed.as_ref() != Some(&stripped.escapes)).then(|| stripped.escapes.clone());
        let exact = unstrip(&stripped.text, &mentions, &insertions, Escapes::Exactly(&stripped.escapes))
            .is_ok_and(|(back, _)| back == annotated);
        let removed = insertions.into_iter().map(|i| (i.at, i.text)).collect();
        Document { key, stripped, kinds, wikidata, names, removed, escapes, exact }
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

/// A span as read from a span file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanLabel {
    /// Byte offsets in the document's text.
    pub span: Span,
    pub label: Option<String>,
    /// The entity id, if the file gives one.
    pub id: Option<String>,
    /// The Wikidata id, if the file gives one (JSONL `kb_id`, brat
    /// normalizations, XMI identifiers, Label Studio `meta.kb_id`).
    pub kb_id: Option<String>,
}

impl SpanLabel {
    pub fn new(span: Span, label: Option<String>, id: Option<String>) -> SpanLabel {
        SpanLabel { span, label, id, kb_id: None }
    }
}

/// A document as read from a span file, in byte offsets of `text`.
#[derive(Debug, Default)]
pub struct SpanDocument {
    /// The output name, relative, forward slashes.
    pub file: String,
    pub text: String,
    pub spans: Vec<SpanLabel>,
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

/// The entity id of a span (see `import`'s long help): the id it gives,
/// else the catalogued entity with its Wikidata id, else the one catalogued
/// entity whose name or alias is its surface (of the label's kind, when one
/// is); `None` when nothing says.
pub fn resolve(span: &SpanLabel, surface: &str, kind: LabelKind, catalogue: &Catalogue) -> Option<String> {
    if let Some(id) = span.id.as_deref().filter(|i| is_slug(i)) {
        return Some(id.to_string());
    }
    let fits = |e: usize| match kind {
        LabelKind::Kind(k) => catalogue.entities[e].kind == k,
        _ => true,
    };
    let one = |owners: Vec<usize>| match owners[..] {
        [one] => Some(catalogue.entities[one].id.clone()),
        _ => None,
    };
    if let Some(q) = &span.kb_id {
        let owners: Vec<usize> =
            (0..catalogue.entities.len()).filter(|&e| catalogue.entities[e].wikidata_id() == Some(q)).collect();
        let fitting: Vec<usize> = owners.iter().copied().filter(|&e| fits(e)).collect();
        if let Some(id) = one(fitting).or_else(|| one(owners)) {
            return Some(id);
        }
    }
    let owners = catalogue.owners(surface);
    one(owners.iter().copied().filter(|&e| fits(e)).collect()).or_else(|| one(owners.to_vec()))
}

/// The Wikidata id in a `kb_id` or an IRI (`Q42`, `wd:Q42`,
/// `http://www.wikidata.org/entity/Q42`); `None` for anything else.
pub fn wikidata_id(value: &str) -> Option<String> {
    let value = value.trim().trim_end_matches('/');
    let q = value.rsplit(['/', ':']).next().unwrap_or(value);
    crate::analysis::catalogue::is_wikidata_id(q).then(|| q.to_string())
}

/// The slug a span no entity covers is written with.
pub fn surface_slug(surface: &str) -> String {
    let slug = slugify(surface);
    if slug.is_empty() { "unknown".to_string() } else { slug }
}

/// The annotated text of a document, each span written with its entity id
/// (`ids`, in the order of `doc.spans`).
pub fn markup(doc: &SpanDocument, ids: &[String]) -> Result<String, String> {
    let mentions: Vec<SpanMention> =
        doc.spans.iter().zip(ids).map(|(s, id)| SpanMention { span: s.span, id: id.clone() }).collect();
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

    /// [`markup`] with every id resolved in `catalogue` (slugs for the rest),
    /// counting the unresolved spans.
    pub(crate) fn markup_in(doc: &SpanDocument, catalogue: &Catalogue, unresolved: &mut usize) -> String {
        let labels = labels::Labels::default();
        let ids: Vec<String> = doc
            .spans
            .iter()
            .map(|s| {
                let surface = s.span.of(&doc.text);
                let kind = s.label.as_deref().and_then(|l| labels.get(l)).unwrap_or(LabelKind::Any);
                resolve(s, surface, kind, catalogue).unwrap_or_else(|| {
                    *unresolved += 1;
                    surface_slug(surface)
                })
            })
            .collect();
        markup(doc, &ids).unwrap()
    }

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
        assert_eq!(cps.len(), 4);
    }

    #[test]
    fn utf16_units() {
        // ’ is one unit, 😀 two (a surrogate pair), as Java counts.
        let units = Utf16::new("a’😀b");
        assert_eq!([0, 1, 4, 8, 9].map(|b| units.of_byte(b)), [0, 1, 2, 4, 5]);
        assert_eq!(
            [0, 1, 2, 3, 4, 5, 6].map(|u| units.byte_of(u)),
            [Some(0), Some(1), Some(4), None, Some(8), Some(9), None]
        );
        assert_eq!(units.len(), 5);
    }

    #[test]
    fn ids_from_kb_ids_and_surfaces() {
        let cat = crate::analysis::fixture::catalogue(
            r#"{"entities": [
                {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "wikidata": "Q17"},
                {"id": "wang-yi-2", "name": "Wang Yi (politician)", "kind": "person", "aliases": ["Wang Yi"]},
                {"id": "china", "name": "China", "kind": "place", "aliases": ["Chinese"]}
            ], "tags": []}"#,
        );
        let person = LabelKind::Kind(Kind::Person);
        let mut span = SpanLabel::new(Span::new(0, 7), None, None);
        assert_eq!(resolve(&span, "Wang Yi", person, &cat), None, "two owners");
        span.kb_id = Some("Q17".into());
        assert_eq!(resolve(&span, "Wang Yi", person, &cat).as_deref(), Some("wang-yi"));
        span.kb_id = None;
        // A NORP span (other) on a place's alias: the only owner.
        assert_eq!(resolve(&span, "Chinese", LabelKind::Kind(Kind::Other), &cat).as_deref(), Some("china"));
        span.id = Some("given".into());
        assert_eq!(resolve(&span, "Chinese", person, &cat).as_deref(), Some("given"));
    }
}
