//! `corpus.json` as a document: how the corpus uses each entry (the code
//! lens counts and the `unused-entity` / `unused-tag` hints), completion of
//! tag ids in an entity's `"tags"` and of kinds after `"kind":`, and the
//! outline (entities by kind, then tags).
//!
//! Spans are byte offsets into the catalogue's text (`Entity::span`,
//! `id_span`), as the catalogue records them.

use std::collections::HashMap;

use super::Span;
use super::catalogue::{Catalogue, Kind};
use super::completion::{CompletionItem, Completions, ItemKind};
use super::diagnostics::{Code, Diagnostic, SeverityConfig, TextEdit};
use super::index::FileIndex;
use super::line_index::floor_char_boundary;
use super::symbols::{SymbolKind, group_name};

/// How the corpus uses one entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntryUsage {
    /// Annotated mentions plus plain alias occurrences of exactly this
    /// entity; for a tag, its uses.
    pub mentions: usize,
    pub annotated: usize,
    /// Files with at least one.
    pub files: usize,
}

/// The usage of every entity and tag over a set of files, summed once.
#[derive(Clone, Debug, Default)]
pub struct CorpusCounts {
    entities: HashMap<String, EntryUsage>,
    tags: HashMap<String, EntryUsage>,
}

impl CorpusCounts {
    pub fn of<'a>(files: impl IntoIterator<Item = &'a FileIndex>) -> CorpusCounts {
        let mut out = CorpusCounts::default();
        for file in files {
            for (id, usage) in file.entity_usages() {
                let e = out.entities.entry(id.to_string()).or_default();
                e.mentions += usage.total();
                e.annotated += usage.annotated;
                e.files += 1;
            }
            for (id, n) in file.tag_usages() {
                let t = out.tags.entry(id.to_string()).or_default();
                t.mentions += n;
                t.annotated += n;
                t.files += 1;
            }
        }
        out
    }

    pub fn entity(&self, id: &str) -> EntryUsage {
        self.entities.get(id).copied().unwrap_or_default()
    }

    pub fn tag(&self, id: &str) -> EntryUsage {
        self.tags.get(id).copied().unwrap_or_default()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The code lens text: "12 mentions (9 annotated) in 3 files".
pub fn lens_title(u: EntryUsage) -> String {
    format!(
        "{} ({} annotated) in {}",
        plural(u.mentions, "mention", "mentions"),
        u.annotated,
        plural(u.files, "file", "files")
    )
}

/// `unused-entity` on each entity no file mentions (annotated or as a plain
/// alias of exactly it), `unused-tag` on each tag no file uses and no entity
/// links; at the entry's `"id"` literal, with the configured severities.
pub fn unused(catalogue: &Catalogue, counts: &CorpusCounts, severities: &SeverityConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(severity) = severities.severity(Code::UnusedEntity) {
        for e in catalogue.entities.iter().filter(|e| counts.entity(&e.id).mentions == 0) {
            out.push(Diagnostic {
                code: Code::UnusedEntity,
                severity,
                span: e.id_span,
                message: format!("`{}` ({}) is mentioned in no file of the corpus", e.id, e.name),
                fixes: Vec::new(),
            });
        }
    }
    if let Some(severity) = severities.severity(Code::UnusedTag) {
        for t in &catalogue.tags {
            let linked = catalogue.entities.iter().any(|e| e.tags.contains(&t.id));
            if !linked && counts.tag(&t.id).mentions == 0 {
                out.push(Diagnostic {
                    code: Code::UnusedTag,
                    severity,
                    span: t.id_span,
                    message: format!("the tag `#{}` is used in no file of the corpus and linked by no entity", t.id),
                    fixes: Vec::new(),
                });
            }
        }
    }
    out
}

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// The id (`#id` for a tag).
    pub detail: String,
    pub kind: SymbolKind,
    /// The whole entry object, and its `"id"` literal.
    pub span: Span,
    pub id_span: Span,
}

/// The outline of the catalogue: `(group name, entries)`, entities by kind
/// in [`Kind::ALL`] order, then the tags, each in catalogue order; empty
/// groups left out.
pub fn outline(catalogue: &Catalogue) -> Vec<(&'static str, Vec<Entry>)> {
    let mut out: Vec<(&'static str, Vec<Entry>)> = Vec::new();
    for kind in Kind::ALL {
        let entries: Vec<Entry> = catalogue
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| Entry {
                name: e.name.clone(),
                detail: e.id.clone(),
                kind: SymbolKind::Entity(kind),
                span: e.span,
                id_span: e.id_span,
            })
            .collect();
        if !entries.is_empty() {
            out.push((group_name(SymbolKind::Entity(kind)), entries));
        }
    }
    let tags: Vec<Entry> = catalogue
        .tags
        .iter()
        .map(|t| Entry {
            name: t.label.clone(),
            detail: format!("#{}", t.id),
            kind: SymbolKind::Tag,
            span: t.span,
            id_span: t.id_span,
        })
        .collect();
    if !tags.is_empty() {
        out.push((group_name(SymbolKind::Tag), tags));
    }
    out
}

/// A JSON container open at the cursor.
#[derive(Clone, Debug)]
struct Frame {
    array: bool,
    /// The key this container is the value of (in its parent object).
    under: Option<String>,
    /// In an object: the last key read, and whether its `:` was.
    key: Option<String>,
    after_colon: bool,
}

/// Where the cursor is, as far as completion cares.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// In an entity's `"tags"` array.
    Tags,
    /// The value of an entity's `"kind"`.
    Kind,
}

/// Reads `text` up to `offset` with a forgiving JSON scanner (the text is
/// usually invalid while being typed): the place and, when the cursor is
/// inside a string, where its opening quote is.
fn place(text: &str, offset: usize) -> Option<(Place, Option<usize>)> {
    let mut stack: Vec<Frame> = Vec::new();
    // What the last token was: a value start is allowed after `[`, `,` or `:`.
    let mut expecting_value = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut open_string = None;
    while i < offset {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < offset && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= offset {
                    open_string = Some(start);
                    break;
                }
                let s = &text[start + 1..i];
                if let Some(top) = stack.last_mut()
                    && !top.array
                    && !top.after_colon
                {
                    top.key = Some(s.to_string());
                }
                expecting_value = false;
            }
            b'{' | b'[' => {
                let under = stack.last().filter(|f| !f.array).and_then(|f| f.key.clone());
                stack.push(Frame { array: bytes[i] == b'[', under, key: None, after_colon: false });
                expecting_value = bytes[i] == b'[';
            }
            b'}' | b']' => {
                stack.pop();
                expecting_value = false;
            }
            b':' => {
                if let Some(top) = stack.last_mut() {
                    top.after_colon = true;
                }
                expecting_value = true;
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.key = None;
                    top.after_colon = false;
                }
                expecting_value = stack.last().is_some_and(|f| f.array);
            }
            c if c.is_ascii_whitespace() => {}
            _ => expecting_value = false,
        }
        i += 1;
    }
    if open_string.is_none() && !expecting_value {
        return None;
    }
    let in_entity = |depth: usize| {
        stack.len() > depth + 1 && stack[1].array && stack[1].under.as_deref() == Some("entities") && !stack[2].array
    };
    let top = stack.last()?;
    if top.array && stack.len() == 4 && top.under.as_deref() == Some("tags") && in_entity(2) {
        return Some((Place::Tags, open_string));
    }
    if !top.array && stack.len() == 3 && top.after_colon && top.key.as_deref() == Some("kind") && in_entity(1) {
        return Some((Place::Kind, open_string));
    }
    None
}

/// Completions at byte `offset` of the catalogue's `text`: the tags of
/// `catalogue` (the last good one) inside an entity's `"tags"`, the kinds
/// after `"kind":`. Each edit replaces the string typed so far (with its
/// closing quote, if the editor added one) by the quoted id.
pub fn complete(text: &str, offset: usize, catalogue: &Catalogue) -> Completions {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let Some((place, open)) = place(text, offset) else { return Completions::default() };
    let mut span = Span::new(open.unwrap_or(offset), offset);
    if open.is_some() && text[offset..].starts_with('"') {
        span.end += 1;
    }
    let item = |id: &str, kind: ItemKind, detail: String| CompletionItem {
        label: id.to_string(),
        kind,
        id: id.to_string(),
        detail,
        edit: TextEdit { span, new_text: format!("\"{id}\"") },
        filter_text: format!("\"{id}\""),
        sort_text: String::new(),
        preselect: false,
    };
    let mut items: Vec<CompletionItem> = match place {
        Place::Tags => catalogue.tags.iter().map(|t| item(&t.id, ItemKind::Tag, t.label.clone())).collect(),
        Place::Kind => {
            Kind::ALL.iter().map(|k| item(&k.to_string(), ItemKind::Entity(*k), "entity kind".into())).collect()
        }
    };
    for (rank, item) in items.iter_mut().enumerate() {
        item.sort_text = format!("{rank:05}");
    }
    Completions { items, incomplete: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::cursor;
    use crate::analysis::index::summarize_text;

    const JSON: &str = r#"{"entities": [
  {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["the minister"], "tags": ["taiwan"]},
  {"id": "xinjiang", "name": "Xinjiang", "kind": "place"},
  {"id": "nobody", "name": "No Body", "kind": "person"}
], "tags": [{"id": "taiwan", "label": "Taiwan"}, {"id": "trade", "label": "Trade"}, {"id": "rights", "label": "Rights"}]}"#;

    fn catalogue() -> Catalogue {
        Catalogue::parse(JSON).catalogue.unwrap()
    }

    #[test]
    fn counts_lens_and_unused() {
        let cat = catalogue();
        let a = FileIndex::new("a.txt", summarize_text("[Wang Yi]{wang-yi} and the minister #trade", &cat));
        let b = FileIndex::new("b.txt", summarize_text("Wang Yi again.", &cat));
        let counts = CorpusCounts::of([&a, &b]);
        assert_eq!(counts.entity("wang-yi"), EntryUsage { mentions: 3, annotated: 1, files: 2 });
        assert_eq!(lens_title(counts.entity("wang-yi")), "3 mentions (1 annotated) in 2 files");
        assert_eq!(lens_title(counts.tag("trade")), "1 mention (1 annotated) in 1 file");
        let found = unused(&cat, &counts, &SeverityConfig::default());
        let got: Vec<(Code, &str)> = found.iter().map(|d| (d.code, d.span.of(JSON))).collect();
        // `taiwan` is linked by an entity, `trade` used: only `rights` is unused.
        assert_eq!(
            got,
            [(Code::UnusedEntity, "\"xinjiang\""), (Code::UnusedEntity, "\"nobody\""), (Code::UnusedTag, "\"rights\"")]
        );
        assert!(found.iter().all(|d| d.severity == crate::analysis::Severity::Hint));
        let mut off = SeverityConfig::default();
        off.set(Code::UnusedEntity, crate::analysis::Level::Off);
        assert_eq!(unused(&cat, &counts, &off).len(), 1);
    }

    #[test]
    fn outline_by_kind() {
        let groups = outline(&catalogue());
        let names: Vec<(&str, Vec<&str>)> =
            groups.iter().map(|(g, e)| (*g, e.iter().map(|e| e.name.as_str()).collect())).collect();
        assert_eq!(
            names,
            [
                ("People", vec!["Wang Yi", "No Body"]),
                ("Places", vec!["Xinjiang"]),
                ("Tags", vec!["Taiwan", "Trade", "Rights"])
            ]
        );
        assert!(groups[0].1[0].span.of(JSON).starts_with("{\"id\": \"wang-yi\""));
    }

    fn labels(fixture: &str) -> Vec<(String, String)> {
        let (text, offset) = cursor(fixture);
        complete(&text, offset, &catalogue())
            .items
            .into_iter()
            .map(|i| (i.label, i.edit.span.of(&text).to_string()))
            .collect()
    }

    #[test]
    fn completes_tags_and_kinds() {
        let tags = |got: Vec<(String, String)>| got.into_iter().map(|(l, s)| format!("{l}:{s}")).collect::<Vec<_>>();
        assert_eq!(
            tags(labels(r#"{"entities": [{"id": "a", "tags": ["taiwan", "tr$0"]}]}"#)),
            ["taiwan:\"tr\"", "trade:\"tr\"", "rights:\"tr\""]
        );
        assert_eq!(labels(r#"{"entities": [{"id": "a", "tags": [$0]}]}"#)[0], ("taiwan".into(), "".into()));
        assert_eq!(labels("{\"entities\": [{\"id\": \"a\", \"tags\": [\n    \"ta$0\n").len(), 3, "broken JSON");
        let kinds = labels(r#"{"entities": [{"id": "a", "kind": "pe$0"}]}"#);
        assert_eq!(kinds.len(), Kind::ALL.len());
        assert_eq!(kinds[0], ("person".into(), "\"pe\"".into()));
        assert_eq!(labels(r#"{"entities": [{"id": "a", "kind": $0}]}"#).len(), Kind::ALL.len());
        // Not there: a tag's own object, a key, another array, after a value.
        assert!(labels(r#"{"tags": [{"id": "ta$0"}]}"#).is_empty());
        assert!(labels(r#"{"entities": [{"ki$0"}]}"#).is_empty());
        assert!(labels(r#"{"entities": [{"id": "a", "aliases": ["x$0"]}]}"#).is_empty());
        assert!(labels(r#"{"entities": [{"id": "a", "kind": "person" $0}]}"#).is_empty());
        assert!(labels(r#"{"include": ["x$0"]}"#).is_empty());
    }
}
