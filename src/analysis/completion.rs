//! Completion: tags after `#`, entity ids inside `{` after `]`, and a whole
//! `[surface]{id}` after `[` and some text.
//!
//! Every item carries an edit whose span covers exactly the partial word
//! typed before the cursor (the editor filters on it): the id typed after
//! `#` or `{`, or `[` and the text after it. Markup is line-local, so the
//! snapshot is one line; spans are line-relative.

use std::cmp::Ordering;

use super::Span;
use super::catalogue::{Catalogue, Entity, Kind};
use super::diagnostics::TextEdit;
use super::document::normalized_surface;
use super::line_index::floor_char_boundary;
use super::markup::escape_surface;

/// How many items one answer holds at most; more makes it incomplete.
const MAX_ITEMS: usize = 100;

/// Similarity (Jaro–Winkler) from which an entity counts as a fuzzy match.
const FUZZY: f64 = 0.75;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Tag,
    /// An entity id, inside `{}`.
    Entity(Kind),
    /// A whole mention `[surface]{id}`.
    Mention(Kind),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: ItemKind,
    /// The tag's or entity's id: `completionItem/resolve` finds the
    /// documentation by it (an item carries none, so a long list stays cheap).
    pub id: String,
    /// One line: the name and kind, or the tag's label.
    pub detail: String,
    /// Replaces the partial word typed (line-relative).
    pub edit: TextEdit,
    pub filter_text: String,
    /// Sorts the items in the order given.
    pub sort_text: String,
    /// The best match, for the editor to select first.
    pub preselect: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    pub items: Vec<CompletionItem>,
    /// More items would match: ask again as the user types.
    pub incomplete: bool,
}

/// What the cursor is in.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Context<'l> {
    /// `#ta|`: the partial id after `#`.
    Tag { partial: Span },
    /// `[Wang Yi]{wa|`: the partial id and the bracketed surface.
    EntityId { partial: Span, surface: &'l str },
    /// `[Wang Y|`: from `[` to the cursor, and the text typed after `[`.
    Mention { partial: Span, typed: &'l str },
}

/// The completions at byte `offset` of `line`.
pub fn complete(line: &str, offset: usize, catalogue: &Catalogue) -> Completions {
    let offset = floor_char_boundary(line, offset);
    let Some(context) = context(line, offset) else { return Completions::default() };
    let mut out = match context {
        Context::Tag { partial } => tags(partial.of(line), partial, catalogue),
        Context::EntityId { partial, surface } => entity_ids(partial.of(line), partial, surface, catalogue),
        Context::Mention { partial, typed } => {
            // An editor may have closed the bracket already: `[Wang Y|]`.
            let mut span = partial;
            if line[offset..].starts_with(']') && !line[offset + 1..].starts_with('{') {
                span.end += 1;
            }
            mentions(typed, span, catalogue)
        }
    };
    out.incomplete = out.items.len() > MAX_ITEMS;
    out.items.truncate(MAX_ITEMS);
    for (rank, item) in out.items.iter_mut().enumerate() {
        item.sort_text = format!("{rank:05}");
    }
    if let Some(first) = out.items.first_mut() {
        first.preselect = true;
    }
    out
}

fn context(line: &str, offset: usize) -> Option<Context<'_>> {
    let before = &line[..offset];
    // Inside `{` after `]`: back over the id typed so far.
    let id_start = before.rfind(|c: char| c.is_whitespace() || "[]{}".contains(c)).map_or(0, |at| at + 1);
    if id_start >= 2 && before[..id_start].ends_with("]{") && !escaped(line, id_start - 2) {
        let close = id_start - 2;
        if let Some(open) = matching_open(line, close) {
            return Some(Context::EntityId { partial: Span::new(id_start, offset), surface: &line[open + 1..close] });
        }
    }
    // After `#` at the start of a word.
    let tag_start =
        before.rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')).map_or(0, |at| at + c_len(before, at));
    if tag_start >= 1 && before[..tag_start].ends_with('#') {
        let hash = tag_start - 1;
        if line[..hash].chars().next_back().is_none_or(char::is_whitespace) {
            return Some(Context::Tag { partial: Span::new(tag_start, offset) });
        }
    }
    // After `[` and text, no bracket or brace between.
    let open = before.rfind(['[', ']', '{', '}'])?;
    if before.as_bytes()[open] == b'[' && !escaped(line, open) {
        return Some(Context::Mention { partial: Span::new(open, offset), typed: &line[open + 1..offset] });
    }
    None
}

fn c_len(s: &str, at: usize) -> usize {
    s[at..].chars().next().map_or(1, char::len_utf8)
}

/// The byte at `at` is escaped by an odd number of backslashes before it.
fn escaped(line: &str, at: usize) -> bool {
    line.as_bytes()[..at].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// The unescaped `[` that the `]` at `close` closes.
fn matching_open(line: &str, close: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut depth = 0usize;
    for at in (0..close).rev() {
        match bytes[at] {
            b']' if !escaped(line, at) => depth += 1,
            b'[' if !escaped(line, at) => {
                if depth == 0 {
                    return Some(at);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

fn tags(partial: &str, span: Span, catalogue: &Catalogue) -> Completions {
    let mut tags: Vec<_> = catalogue.tags.iter().collect();
    tags.sort_by_key(|t| (!t.id.starts_with(partial), t.id.as_str()));
    tags.truncate(MAX_ITEMS + 1);
    let items = tags
        .into_iter()
        .map(|t| CompletionItem {
            label: t.id.clone(),
            kind: ItemKind::Tag,
            id: t.id.clone(),
            detail: t.label.clone(),
            edit: TextEdit { span, new_text: t.id.clone() },
            filter_text: t.id.clone(),
            sort_text: String::new(),
            preselect: false,
        })
        .collect();
    Completions { items, incomplete: false }
}

/// How close `query` (in lower case) is to any surface of `entity`, case-insensitively (0 to 1).
fn similarity(entity: &Entity, query: &str) -> f64 {
    if query.is_empty() {
        return 0.0;
    }
    entity.surfaces().map(|s| strsim::jaro_winkler(query, &s.to_lowercase())).fold(0.0, f64::max)
}

/// An upper bound of [`similarity`] for a query, from one pass over a
/// surface's bytes. Jaro's matches are at most the characters the two
/// strings share, counted with repeats (bytes here, which counts more or
/// the same), so with `m` of them Jaro is at most `(m/|a| + m/|b| + 1)/3`;
/// Winkler's boost only rises with Jaro and with the common prefix, taken
/// here in bytes (as long or longer). A surface that is not ASCII, or a
/// query of over 255 bytes, gets no bound (1).
struct SimilarityBound<'q> {
    query: &'q str,
    /// How often each byte occurs in the query.
    counts: [u8; 256],
    chars: usize,
}

impl<'q> SimilarityBound<'q> {
    fn new(query: &'q str) -> SimilarityBound<'q> {
        let mut counts = [0u8; 256];
        for b in query.bytes() {
            counts[b as usize] = counts[b as usize].saturating_add(1);
        }
        SimilarityBound { query, counts, chars: query.chars().count() }
    }

    fn of(&self, entity: &Entity) -> f64 {
        entity.surfaces().map(|s| self.surface(s)).fold(0.0, f64::max)
    }

    fn surface(&self, surface: &str) -> f64 {
        if !surface.is_ascii() || self.query.len() > 255 {
            return 1.0;
        }
        let mut seen = [0u8; 256];
        let mut shared = 0;
        for b in surface.bytes().map(|b| b.to_ascii_lowercase() as usize) {
            if seen[b] < self.counts[b] {
                seen[b] += 1;
                shared += 1;
            }
        }
        let m = shared.min(self.chars).min(surface.len());
        if m == 0 {
            return 0.0;
        }
        let m = m as f64;
        let jaro = (m / self.chars as f64 + m / surface.len() as f64 + 1.0) / 3.0;
        if jaro <= 0.7 {
            return jaro;
        }
        let lower = surface.bytes().map(|b| b.to_ascii_lowercase());
        let prefix = self.query.bytes().zip(lower).take(4).take_while(|(a, b)| a == b).count();
        jaro + 0.1 * prefix as f64 * (1.0 - jaro)
    }
}

/// The first `k` entities in the ids' order: the surface's owners first (in
/// `owners`' order), then the ids starting with `partial`, then the rest;
/// within each, by [`similarity`] to `query` (highest first), then by id.
/// Only the similarities that can decide the first `k` are worked out: once
/// `k` are held, an entity whose [`SimilarityBound`] is below the `k`-th's
/// similarity is passed over (on a 100,000-entity catalogue, most of them).
fn top_entities<'c>(entities: &'c [Entity], owners: &[usize], partial: &str, query: &str, k: usize) -> Vec<&'c Entity> {
    let mut out: Vec<&Entity> = Vec::with_capacity(k);
    for (r, &i) in owners.iter().enumerate() {
        if out.len() < k && !owners[..r].contains(&i) {
            out.extend(entities.get(i));
        }
    }
    let bound = SimilarityBound::new(query);
    for starts in [true, false] {
        let want = k - out.len();
        if want == 0 {
            break;
        }
        // The best `want` so far, best first.
        let mut best: Vec<(f64, &Entity)> = Vec::with_capacity(want + 1);
        for (i, e) in entities.iter().enumerate() {
            if e.id.starts_with(partial) != starts || owners.contains(&i) {
                continue;
            }
            // The margin covers rounding: the bound is worked out another way.
            if best.len() == want && bound.of(e) + 1e-9 < best[want - 1].0 {
                continue;
            }
            let sim = similarity(e, query);
            let at = best.partition_point(|(s, b)| *s > sim || (*s == sim && b.id < e.id));
            if at < want {
                best.insert(at, (sim, e));
                best.truncate(want);
            }
        }
        out.extend(best.into_iter().map(|(_, e)| e));
    }
    out
}

fn entity_ids(partial: &str, span: Span, surface: &str, catalogue: &Catalogue) -> Completions {
    let surface = normalized_surface(surface);
    let owners = catalogue.owners(&surface);
    let query = surface.to_lowercase();
    let items = top_entities(&catalogue.entities, owners, partial, &query, MAX_ITEMS + 1)
        .into_iter()
        .map(|e| CompletionItem {
            label: e.id.clone(),
            kind: ItemKind::Entity(e.kind),
            id: e.id.clone(),
            detail: format!("{} · {}", e.name, e.kind),
            edit: TextEdit { span, new_text: e.id.clone() },
            filter_text: e.id.clone(),
            sort_text: String::new(),
            preselect: false,
        })
        .collect();
    Completions { items, incomplete: false }
}

fn mentions(typed: &str, span: Span, catalogue: &Catalogue) -> Completions {
    let lower = typed.to_lowercase();
    // (exact-case prefix?, surface length, surface, entity)
    let mut found: Vec<(bool, usize, &str, &Entity)> = Vec::new();
    for e in &catalogue.entities {
        if typed.is_empty() {
            found.push((true, e.name.len(), &e.name, e));
            continue;
        }
        for s in e.surfaces() {
            if s.to_lowercase().starts_with(&lower) {
                found.push((s.starts_with(typed), s.len(), s, e));
            }
        }
    }
    found.sort_by(|a, b| (!a.0, a.1, a.2, &a.3.id).cmp(&(!b.0, b.1, b.2, &b.3.id)));
    found.dedup_by(|a, b| a.2 == b.2 && a.3.id == b.3.id);
    found.truncate(MAX_ITEMS + 1);
    let mut items: Vec<CompletionItem> = found.into_iter().map(|(_, _, s, e)| mention_item(s, e, span)).collect();
    if items.is_empty() && !typed.trim().is_empty() {
        // Nothing starts so: keep what was typed, offer the likeliest entities.
        let query = typed.trim().to_lowercase();
        let bound = SimilarityBound::new(&query);
        // An entity whose bound is under the threshold is under it too.
        let mut fuzzy: Vec<(f64, &Entity)> = (catalogue.entities.iter())
            .filter(|e| bound.of(e) + 1e-9 >= FUZZY)
            .map(|e| (similarity(e, &query), e))
            .filter(|(s, _)| *s >= FUZZY)
            .collect();
        fuzzy.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal).then(a.1.id.cmp(&b.1.id)));
        fuzzy.truncate(MAX_ITEMS + 1);
        items = fuzzy.into_iter().map(|(_, e)| mention_item(typed, e, span)).collect();
    }
    Completions { items, incomplete: false }
}

fn mention_item(surface: &str, e: &Entity, span: Span) -> CompletionItem {
    let escaped = escape_surface(surface);
    let text = format!("[{escaped}]{{{}}}", e.id);
    CompletionItem {
        label: text.clone(),
        kind: ItemKind::Mention(e.kind),
        id: e.id.clone(),
        detail: format!("{} · {}", e.name, e.kind),
        edit: TextEdit { span, new_text: text },
        filter_text: format!("[{escaped}"),
        sort_text: String::new(),
        preselect: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::cursor;
    use proptest::prelude::*;

    /// The order [`top_entities`] keeps, by sorting every entity.
    fn rank_all<'c>(entities: &'c [Entity], owners: &[usize], partial: &str, query: &str) -> Vec<&'c Entity> {
        let mut ranked: Vec<(usize, bool, f64, &Entity)> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let owner_rank = owners.iter().position(|&o| o == i).unwrap_or(usize::MAX);
                (owner_rank, !e.id.starts_with(partial), similarity(e, query), e)
            })
            .collect();
        ranked.sort_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| b.2.partial_cmp(&a.2).unwrap_or(Ordering::Equal))
                .then(a.3.id.cmp(&b.3.id))
        });
        ranked.into_iter().map(|r| r.3).collect()
    }

    fn entity(id: String, name: String, aliases: Vec<String>) -> Entity {
        Entity {
            id,
            name,
            kind: Kind::Person,
            aliases,
            description: String::new(),
            tags: Vec::new(),
            span: Span::new(0, 0),
            id_span: Span::new(0, 0),
            wikidata: None,
        }
    }

    /// Words from a few letters, so that surfaces share letters and tie.
    fn word() -> impl Strategy<Value = String> {
        prop::string::string_regex("[abAB é]{0,4}[a-eA-E]{1,8}").unwrap()
    }

    proptest! {
        #[test]
        fn the_bound_is_above_the_similarity(query in word(), surface in word()) {
            let query = query.to_lowercase();
            let e = entity("x".into(), surface, Vec::new());
            prop_assert!(SimilarityBound::new(&query).of(&e) + 1e-9 >= similarity(&e, &query));
        }

        /// The first `k` with the bound's short cut are the first `k` of the whole sort.
        #[test]
        fn top_entities_are_the_first_of_the_whole_ranking(
            names in prop::collection::vec((word(), prop::collection::vec(word(), 0..3)), 1..60),
            owners in prop::collection::vec(0usize..70, 0..4),
            partial in "[a-c]{0,2}",
            query in word(),
            k in 1usize..20,
        ) {
            let entities: Vec<Entity> = names
                .into_iter()
                .enumerate()
                .map(|(i, (name, aliases))| entity(format!("{}-{i}", name.to_lowercase()), name, aliases))
                .collect();
            let query = query.to_lowercase();
            let all = rank_all(&entities, &owners, &partial, &query);
            let ids = |list: Vec<&Entity>| list.into_iter().map(|e| e.id.clone()).collect::<Vec<_>>();
            let top = top_entities(&entities, &owners, &partial, &query, k);
            prop_assert_eq!(ids(top), ids(all.into_iter().take(k).collect()));
        }
    }

    fn catalogue() -> Catalogue {
        crate::analysis::fixture::catalogue(
            r#"{"entities": [
                {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken", "Mr. Blinken"]},
                {"id": "wang-wenbin", "name": "Wang Wenbin", "kind": "person", "aliases": ["Wang"]},
                {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["Wang", "the minister"]},
                {"id": "xinjiang", "name": "Xinjiang", "kind": "place"},
                {"id": "xi-jinping", "name": "Xi Jinping", "kind": "person", "aliases": ["Xi"]}
            ], "tags": [
                {"id": "taiwan", "label": "Taiwan question"},
                {"id": "human-rights", "label": "Human rights"},
                {"id": "trade", "label": "Trade"}
            ]}"#,
        )
    }

    /// Labels in order, and the text each edit replaces.
    fn check(fixture: &str) -> (Vec<String>, Vec<String>) {
        let (line, offset) = cursor(fixture);
        let got = complete(&line, offset, &catalogue());
        let labels = got.items.iter().map(|i| i.label.clone()).collect();
        let replaced = got.items.iter().map(|i| i.edit.span.of(&line).to_string()).collect();
        (labels, replaced)
    }

    #[test]
    fn tags_after_hash() {
        let (labels, replaced) = check("“Red lines” — #$0");
        assert_eq!(labels, ["human-rights", "taiwan", "trade"]);
        assert!(replaced.iter().all(String::is_empty));
        let (labels, replaced) = check("the question. #t$0");
        assert_eq!(labels[..2], ["taiwan", "trade"]);
        assert_eq!(replaced[0], "t");
        let (line, offset) = cursor("#hu$0");
        let item = &complete(&line, offset, &catalogue()).items[0];
        assert_eq!(item.detail, "Human rights");
        assert!(item.preselect);
    }

    #[test]
    fn no_tags_mid_word_or_escaped() {
        assert_eq!(check("x#ta$0").0, Vec::<String>::new());
        assert_eq!(check(r"\#ta$0").0, Vec::<String>::new());
    }

    #[test]
    fn entity_ids_owner_first() {
        // `Wang Yi` is owned by wang-yi: first, though `wang-wenbin` sorts before it.
        let (labels, replaced) = check("“[Wang Yi]{$0");
        assert_eq!(labels[0], "wang-yi");
        assert_eq!(labels[1], "wang-wenbin", "fuzzy on the surface next");
        assert_eq!(replaced[0], "");
        // Possessive and partial id typed; the brace already closed by the editor.
        let (labels, replaced) = check("[Blinken’s]{an$0}");
        assert_eq!(labels[0], "antony-blinken");
        assert_eq!(replaced[0], "an");
        // An ambiguous surface: both owners first, in catalogue order.
        let (labels, _) = check("[Wang]{$0");
        assert_eq!(labels[..2], ["wang-wenbin", "wang-yi"]);
        // A bracket pair inside the surface.
        let (labels, _) = check(r"[Xi \[sic\]]{x$0");
        assert_eq!(labels[0], "xi-jinping");
    }

    #[test]
    fn whole_mentions_after_bracket() {
        let (labels, replaced) = check("talks with [Wang Y$0");
        assert_eq!(labels, ["[Wang Yi]{wang-yi}"]);
        assert_eq!(replaced, ["[Wang Y"]);
        let (labels, _) = check("with [wang$0");
        assert_eq!(
            labels,
            ["[Wang]{wang-wenbin}", "[Wang]{wang-yi}", "[Wang Yi]{wang-yi}", "[Wang Wenbin]{wang-wenbin}"]
        );
        // An editor-closed bracket is replaced too.
        let (line, offset) = cursor("with [Blin$0] today");
        let item = &complete(&line, offset, &catalogue()).items[0];
        assert_eq!(item.label, "[Blinken]{antony-blinken}");
        assert_eq!(item.edit.span.of(&line), "[Blin]");
        assert_eq!(item.filter_text, "[Blinken");
        // Nothing starts so: keep the typed surface, fuzzy on the entities.
        let (labels, _) = check("[Xinjang$0");
        assert_eq!(labels[0], "[Xinjang]{xinjiang}");
    }

    #[test]
    fn nothing_outside_markup() {
        assert_eq!(check("plain text$0").0, Vec::<String>::new());
        assert_eq!(check("[Wang Yi]{wang-yi} and$0").0, Vec::<String>::new());
        assert_eq!(check(r"\[Wang$0").0, Vec::<String>::new());
    }
}
