//! The words of the texts one lint run reads, so that a large catalogue's
//! alias matcher is built only from the surfaces that can occur in them.
//!
//! A word is a maximal run of word characters (letters, digits, `_`: the
//! alias matcher's own definition). Where a surface is found, each of its
//! words is a word of the text too: inside the surface a word is bounded by
//! the surface's other characters, and at either end of the surface the
//! matcher wants a word boundary, so the text's word ends where the
//! surface's does. So a surface with a word that is not among the texts'
//! words matches nowhere in them, and leaving it out of the matcher changes
//! no match. A surface without any word character is always kept.

use hashbrown::HashTable;

use super::{hash_str, same_str};

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The set of words of some texts: each word once in `text`, found through
/// a table of its bounds there (no allocation per word).
#[derive(Debug, Default)]
pub struct Words {
    text: String,
    table: HashTable<(u32, u32)>,
}

impl Words {
    /// Adds every word of `text`.
    pub fn add_text(&mut self, text: &str) {
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    self.add(&text[s..i]);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            self.add(&text[s..]);
        }
    }

    fn add(&mut self, word: &str) {
        let hash = hash_str(word);
        let Words { text, table } = self;
        let at = |&(s, e): &(u32, u32)| &text[s as usize..e as usize];
        if table.find(hash, |b| same_str(at(b), word)).is_none() {
            let start = u32::try_from(text.len()).expect("the texts' words below 4 GB");
            text.push_str(word);
            let bounds = (start, u32::try_from(text.len()).expect("the texts' words below 4 GB"));
            table.insert_unique(hash, bounds, |&(s, e)| hash_str(&text[s as usize..e as usize]));
        }
    }

    fn contains(&self, word: &str) -> bool {
        self.table.find(hash_str(word), |&(s, e)| same_str(&self.text[s as usize..e as usize], word)).is_some()
    }

    /// Whether `surface` may occur in the texts (see the module's comment):
    /// each of its words is one of theirs.
    pub fn may_occur(&self, surface: &str) -> bool {
        if surface.is_empty() {
            return false;
        }
        if !surface.is_ascii() {
            return surface.split(|c: char| !is_word_char(c)).all(|w| w.is_empty() || self.contains(w));
        }
        // (ASCII, most surfaces: the same split, a byte at a time.)
        let bytes = surface.as_bytes();
        let mut start = 0;
        for end in 0..=bytes.len() {
            if bytes.get(end).is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_')) {
                if end > start && !self.contains(&surface[start..end]) {
                    return false;
                }
                start = end + 1;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::matcher::AliasMatcher;
    use proptest::prelude::*;

    #[test]
    fn a_surface_may_occur_when_each_of_its_words_does() {
        let mut words = Words::default();
        words.add_text("Minister Karimov’s visit to [São Paulo]{sao-paulo} #topic-1Karimov_x");
        for yes in ["Karimov", "Minister Karimov", "São Paulo", "Paulo São", "topic", "1Karimov_x", "‘Karimov’", "’"]
        {
            assert!(words.may_occur(yes), "{yes}");
        }
        for no in [
            "Kari",
            "Karimovs",
            "Sao Paulo",
            "Ahmed Karimov",
            "Karimov, Ahmed",
            "Minister Olga Karimov",
            "x",
            "‘Quote",
            "",
        ] {
            assert!(!words.may_occur(no), "{no}");
        }
    }

    proptest! {
        /// The byte-wise split of ASCII surfaces is the split by characters.
        #[test]
        fn may_occur_splits_ascii_as_characters(
            text in "[A-Ca-c _.1é]{0,40}",
            surface in "[A-Ca-c _.,'1_-]{0,12}",
        ) {
            let mut words = Words::default();
            words.add_text(&text);
            let by_chars = !surface.is_empty()
                && surface.split(|c: char| !is_word_char(c)).all(|w| w.is_empty() || words.contains(w));
            prop_assert_eq!(words.may_occur(&surface), by_chars);
        }

        /// A matcher of the surfaces that may occur finds what the full one finds.
        #[test]
        fn the_restricted_matcher_finds_the_same(
            aliases in prop::collection::vec("[A-Ca-c’' _.é1]{1,8}", 1..30),
            text in "[A-Ca-c’' _.é1\n]{0,80}",
        ) {
            let full = AliasMatcher::new(aliases.iter().enumerate().map(|(i, a)| (a.as_str(), i)));
            let mut words = Words::default();
            words.add_text(&text);
            let kept = AliasMatcher::new(
                aliases.iter().enumerate().filter(|(_, a)| words.may_occur(a)).map(|(i, a)| (a.as_str(), i)),
            );
            let found = |m: &AliasMatcher| -> Vec<(usize, usize, Vec<u32>)> {
                m.find_iter(&text).map(|f| (f.span.start, f.span.end, m.entities(f.alias).to_vec())).collect()
            };
            prop_assert_eq!(found(&full), found(&kept));
        }
    }
}
