//! Symbols: the outline of a corpus file (the entities it mentions, grouped
//! by kind, each with its mentions; then its tags) and the workspace symbol
//! search over a catalogue (entities and tags, fuzzy-matched).

use super::Span;
use super::catalogue::{Catalogue, Kind};
use super::index::FileIndex;
use super::navigation::{Target, references};

/// What a symbol is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Entity(Kind),
    Tag,
}

/// One use of a symbol in the file: `(line, line-relative span)`.
pub type Use = (usize, Span);

/// An entity or a tag used in the file, with its uses in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSymbol {
    pub name: String,
    /// The id (`#id` for a tag).
    pub detail: String,
    pub kind: SymbolKind,
    pub uses: Vec<Use>,
}

/// The symbols of one kind (people, places… tags).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SymbolGroup {
    pub name: &'static str,
    pub kind: SymbolKind,
    pub symbols: Vec<FileSymbol>,
}

pub(crate) fn group_name(kind: SymbolKind) -> &'static str {
    match kind {
        SymbolKind::Entity(Kind::Person) => "People",
        SymbolKind::Entity(Kind::Place) => "Places",
        SymbolKind::Entity(Kind::Organization) => "Organizations",
        SymbolKind::Entity(Kind::Event) => "Events",
        SymbolKind::Entity(Kind::Document) => "Documents",
        SymbolKind::Entity(Kind::Other) => "Other entities",
        SymbolKind::Tag => "Tags",
    }
}

/// The outline of `file`: catalogued entities it mentions (annotated or as
/// a plain alias), grouped by kind in [`Kind::ALL`] order, then the
/// catalogued tags it uses; each symbol in order of first use.
pub fn document_symbols(file: &FileIndex, catalogue: &Catalogue) -> Vec<SymbolGroup> {
    let mut seen_entities: Vec<&str> = Vec::new();
    let mut seen_tags: Vec<&str> = Vec::new();
    for (_, o) in file.occurrences() {
        let seen = if o.kind == super::index::OccurrenceKind::Tag { &mut seen_tags } else { &mut seen_entities };
        if !seen.contains(&&*o.id) {
            seen.push(&o.id);
        }
    }
    let mut groups: Vec<SymbolGroup> = Kind::ALL
        .iter()
        .map(|&k| SymbolGroup {
            name: group_name(SymbolKind::Entity(k)),
            kind: SymbolKind::Entity(k),
            symbols: Vec::new(),
        })
        .collect();
    for id in seen_entities {
        let Some(entity) = catalogue.entity(id) else { continue };
        let uses = references(file, &Target::Entity(id.to_string()));
        if uses.is_empty() {
            continue; // only ambiguous plain occurrences
        }
        let group = groups.iter_mut().find(|g| g.kind == SymbolKind::Entity(entity.kind)).expect("one group per kind");
        group.symbols.push(FileSymbol {
            name: entity.name.clone(),
            detail: entity.id.clone(),
            kind: SymbolKind::Entity(entity.kind),
            uses,
        });
    }
    let mut tags = SymbolGroup { name: group_name(SymbolKind::Tag), kind: SymbolKind::Tag, symbols: Vec::new() };
    for id in seen_tags {
        let Some(tag) = catalogue.tag(id) else { continue };
        let uses = references(file, &Target::Tag(id.to_string()));
        tags.symbols.push(FileSymbol {
            name: tag.label.clone(),
            detail: format!("#{}", tag.id),
            kind: SymbolKind::Tag,
            uses,
        });
    }
    groups.push(tags);
    groups.retain(|g| !g.symbols.is_empty());
    groups
}

/// A catalogue entry matching a workspace symbol query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SymbolMatch {
    pub name: String,
    /// The id (`#id` for a tag).
    pub detail: String,
    pub kind: SymbolKind,
    /// The `"id"` literal in the catalogue's text.
    pub span: Span,
    /// Lower is better.
    pub score: u32,
}

/// How well `query` matches `candidate`, case-insensitively: a prefix (0),
/// a word prefix (1), a substring (2), the query's characters in order (3
/// plus the gaps), or not at all.
pub fn fuzzy_score(query: &str, candidate: &str) -> Option<u32> {
    let q = query.to_lowercase();
    let c = candidate.to_lowercase();
    if q.is_empty() || c.starts_with(&q) {
        return Some(0);
    }
    if c.split([' ', '-', '.']).any(|w| w.starts_with(&q)) {
        return Some(1);
    }
    if c.contains(&q) {
        return Some(2);
    }
    let mut gaps = 0;
    let mut chars = c.chars();
    for wanted in q.chars() {
        loop {
            match chars.next() {
                Some(ch) if ch == wanted => break,
                Some(_) => gaps += 1,
                None => return None,
            }
        }
    }
    Some(3 + gaps)
}

/// The entities (by name, id or alias) and tags (by label or id) of
/// `catalogue` matching `query`, best first.
pub fn workspace_symbols(catalogue: &Catalogue, query: &str) -> Vec<SymbolMatch> {
    let best = |candidates: &mut dyn Iterator<Item = &str>| candidates.filter_map(|c| fuzzy_score(query, c)).min();
    let mut out: Vec<SymbolMatch> = Vec::new();
    for e in &catalogue.entities {
        if let Some(score) = best(&mut std::iter::once(e.id.as_str()).chain(e.surfaces())) {
            out.push(SymbolMatch {
                name: e.name.clone(),
                detail: e.id.clone(),
                kind: SymbolKind::Entity(e.kind),
                span: e.id_span,
                score,
            });
        }
    }
    for t in &catalogue.tags {
        if let Some(score) = best(&mut [t.id.as_str(), t.label.as_str()].into_iter()) {
            out.push(SymbolMatch {
                name: t.label.clone(),
                detail: format!("#{}", t.id),
                kind: SymbolKind::Tag,
                span: t.id_span,
                score,
            });
        }
    }
    out.sort_by(|a, b| a.score.cmp(&b.score).then_with(|| a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::index::summarize_text;

    fn catalogue() -> Catalogue {
        crate::analysis::fixture::catalogue(
            r#"{"entities": [
                {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["the minister"]},
                {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
                {"id": "xinjiang", "name": "Xinjiang", "kind": "place"},
                {"id": "state-department", "name": "State Department", "kind": "organization"}
            ], "tags": [{"id": "human-rights", "label": "Human rights"}, {"id": "taiwan", "label": "Taiwan"}]}"#,
        )
    }

    #[test]
    fn outline_by_kind() {
        let cat = catalogue();
        let text = "“Xinjiang,” said [Wang Yi]{wang-yi} — 😀 Blinken.\n[the minister]{wang-yi} #taiwan [x]{nobody}";
        let file = FileIndex::new("a.txt", summarize_text(text, &cat));
        let outline: Vec<(&str, Vec<(String, usize)>)> = document_symbols(&file, &cat)
            .iter()
            .map(|g| (g.name, g.symbols.iter().map(|s| (s.detail.clone(), s.uses.len())).collect()))
            .collect();
        assert_eq!(
            outline,
            [
                ("People", vec![("wang-yi".into(), 2), ("antony-blinken".into(), 1)]),
                ("Places", vec![("xinjiang".into(), 1)]),
                ("Tags", vec![("#taiwan".into(), 1)]),
            ]
        );
    }

    #[test]
    fn fuzzy() {
        assert_eq!(fuzzy_score("wang", "Wang Yi"), Some(0));
        assert_eq!(fuzzy_score("yi", "Wang Yi"), Some(1));
        assert_eq!(fuzzy_score("ang", "Wang Yi"), Some(2));
        assert_eq!(fuzzy_score("wgy", "Wang Yi"), Some(3 + 3), "three characters skipped");
        assert_eq!(fuzzy_score("yw", "Wang Yi"), None);
        let cat = catalogue();
        let names = |q: &str| workspace_symbols(&cat, q).into_iter().map(|m| m.detail).collect::<Vec<_>>();
        assert_eq!(names("dept"), ["state-department"]);
        assert_eq!(names("rights"), ["#human-rights"]);
        assert_eq!(names("minister"), ["wang-yi"], "an alias finds its entity");
        assert_eq!(names("").len(), 6);
    }
}
