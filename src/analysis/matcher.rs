//! The alias matcher: every catalogued name and alias, found in plain text on
//! word boundaries, case-sensitively, longest alias first.
//!
//! Built once per catalogue on an Aho-Corasick automaton (leftmost-longest).
//! A match must not cut a word at either end: the characters on both sides of
//! a boundary are not both word characters (letters, digits, `_`). An
//! apostrophe after the match is allowed only as a possessive (`Blinken’s`,
//! `Blinken's`) or a closing quote, so `Xi’an` is not `Xi`. When the longest
//! alias at a position ends inside a word, the longest shorter alias at the
//! same position that ends on a boundary is taken instead.

use rustc_hash::FxHashMap as HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

/// Up to this many aliases, the automaton is a DFA.
const DFA_LIMIT: usize = 5_000;

use super::Span;

/// One occurrence of an alias in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AliasMatch {
    pub span: Span,
    /// Index of the alias in the matcher (see [`AliasMatcher::entities`]).
    pub alias: u32,
}

#[derive(Debug)]
struct Pattern {
    /// Entities that have this alias (more than one: the alias is ambiguous).
    entities: Vec<u32>,
    len: usize,
    /// Aliases that are proper prefixes of this one, longest first.
    prefixes: Vec<u32>,
}

#[derive(Debug)]
pub struct AliasMatcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

impl Default for AliasMatcher {
    fn default() -> Self {
        AliasMatcher::new(std::iter::empty())
    }
}

impl AliasMatcher {
    /// `aliases` yields `(alias, entity index)`; an alias may repeat for several entities.
    pub fn new<'a>(aliases: impl IntoIterator<Item = (&'a str, usize)>) -> AliasMatcher {
        let mut index: HashMap<&'a str, u32> = HashMap::default();
        let mut strings: Vec<&'a str> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (alias, entity) in aliases {
            if alias.is_empty() {
                continue;
            }
            let id = *index.entry(alias).or_insert_with(|| {
                strings.push(alias);
                patterns.push(Pattern { entities: Vec::new(), len: alias.len(), prefixes: Vec::new() });
                (strings.len() - 1) as u32
            });
            let entities = &mut patterns[id as usize].entities;
            if !entities.contains(&(entity as u32)) {
                entities.push(entity as u32);
            }
        }
        for (id, alias) in strings.iter().enumerate() {
            let mut prefixes: Vec<u32> =
                alias.char_indices().skip(1).filter_map(|(at, _)| index.get(&alias[..at]).copied()).collect();
            prefixes.reverse();
            patterns[id].prefixes = prefixes;
        }
        let automaton = (!strings.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                // A DFA scans fastest; past a few thousand aliases its build time and
                // memory outgrow the gain, and the library picks (a contiguous NFA).
                .kind((strings.len() <= DFA_LIMIT).then_some(AhoCorasickKind::DFA))
                .build(&strings)
                .expect("alias automaton fits in memory")
        });
        AliasMatcher { automaton, patterns }
    }

    /// The entities that have alias number `alias` (one, unless ambiguous).
    pub fn entities(&self, alias: u32) -> &[u32] {
        &self.patterns[alias as usize].entities
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every match in `text`, left to right, not overlapping.
    pub fn find_iter<'m, 't>(&'m self, text: &'t str) -> impl Iterator<Item = AliasMatch> + use<'m, 't> {
        self.find_iter_in(text, 0..text.len())
    }

    /// Every match lying within `range` of `text`, left to right, not
    /// overlapping; word boundaries are judged on the whole `text`.
    pub fn find_iter_in<'m, 't>(
        &'m self,
        text: &'t str,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = AliasMatch> + use<'m, 't> {
        let (mut pos, end) = (range.start, range.end.min(text.len()));
        std::iter::from_fn(move || {
            let automaton = self.automaton.as_ref()?;
            while pos < end {
                let m = automaton.find(Input::new(text).span(pos..end))?;
                let start = m.start();
                if !boundary(text, start) {
                    pos = next_char(text, start);
                    continue;
                }
                let pattern = m.pattern().as_u32();
                let candidates =
                    std::iter::once(pattern).chain(self.patterns[pattern as usize].prefixes.iter().copied());
                let found = candidates
                    .map(|p| (p, start + self.patterns[p as usize].len))
                    .find(|&(_, end)| boundary(text, end) && !apostrophe_continues(text, end));
                match found {
                    Some((alias, end)) => {
                        pos = end;
                        return Some(AliasMatch { span: Span::new(start, end), alias });
                    }
                    None => pos = next_char(text, start),
                }
            }
            None
        })
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `at` does not cut a word in two.
fn boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !(before.is_some_and(is_word_char) && after.is_some_and(is_word_char))
}

/// `at` is followed by an apostrophe that continues the word (`Xi’an`), as
/// opposed to a possessive `’s` or a closing quote.
fn apostrophe_continues(text: &str, at: usize) -> bool {
    let mut rest = text[at..].chars();
    if !matches!(rest.next(), Some('\'' | '’')) {
        return false;
    }
    match rest.next() {
        Some('s') => rest.next().is_some_and(is_word_char),
        Some(c) => is_word_char(c),
        None => false,
    }
}

fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::ranges;

    fn matcher() -> AliasMatcher {
        AliasMatcher::new([
            ("Blinken", 0),
            ("Mr. Blinken", 0),
            ("Antony Blinken", 0),
            ("Wang Yi", 1),
            ("Xi", 2),
            ("Xi Jinping", 2),
            ("U.S.", 3),
            ("China", 4),
            ("South China Sea", 5),
            ("Wang", 6),
        ])
    }

    #[track_caller]
    fn check(fixture: &str) {
        let (text, expected) = ranges(fixture);
        let got: Vec<Span> = matcher().find_iter(&text).map(|m| m.span).collect();
        let shown: Vec<&str> = got.iter().map(|s| s.of(&text)).collect();
        assert_eq!(got, expected, "matched {shown:?} in {text:?}");
    }

    #[test]
    fn longest_first_on_word_boundaries() {
        check(
            "Mr. Blinken met Wang Yi; Blinken’s and Blinken's trip. Antony Blinken.\n\
             ^^^^^^^^^^^     ^^^^^^^  ^^^^^^^       ^^^^^^^         ^^^^^^^^^^^^^^",
        );
        check("Wangyi, Blinkenesque, XBlinken, Xinjiang, Xi’an, Chinas\n");
        check(
            "the U.S.–China talks; U.S. officials in the South China Sea\n\
             \u{20}   ^^^^ ^^^^^        ^^^^                  ^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn shorter_alias_when_longest_cuts_a_word() {
        // `Wang Yi` would end inside `Yizhou`: fall back to `Wang`.
        check(
            "Wang Yizhou and “Xi” and ‘Xi’ said\n\
             ^^^^             ^^       ^^",
        );
    }

    #[test]
    fn ambiguity_and_empty() {
        let m = AliasMatcher::new([("Wang", 1), ("Wang", 2), ("Wang", 1)]);
        assert_eq!(m.entities(0), &[1, 2]);
        assert_eq!(AliasMatcher::default().find_iter("anything").count(), 0);
    }
}
