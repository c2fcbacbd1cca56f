//! The words of the texts one lint run reads, so that a large catalogue's
//! alias matcher is built only from the surfaces that can occur in them.
//!
//! A word is a maximal run of word characters (letters, digits, `_`: the
//! alias matcher's own definition). A surface that starts with a word
//! character can only be found where a word starts (the matcher wants a word
//! boundary at both ends of a match), and the word found there is exactly the
//! surface's first word: the surface's next character is not a word
//! character, or the surface ends there and the boundary after the match
//! says the text's word ends too. So a surface whose first word is not among
//! the texts' words matches nowhere in them, and leaving it out of the
//! matcher changes no match. A surface that starts with any other character
//! is always kept.

use rustc_hash::FxHashSet as HashSet;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The set of words of some texts.
#[derive(Debug, Default)]
pub struct Words {
    words: HashSet<Box<str>>,
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
        if !self.words.contains(word) {
            self.words.insert(word.into());
        }
    }

    /// Whether `surface` may occur in the texts (see the module's comment):
    /// its first word is one of theirs, or it does not start with a word.
    pub fn may_occur(&self, surface: &str) -> bool {
        let bytes = surface.as_bytes();
        // ASCII first (most surfaces), then by characters from the first other byte.
        let ascii_end = bytes.iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'_')).unwrap_or(bytes.len());
        let end = match bytes.get(ascii_end) {
            Some(b) if !b.is_ascii() => {
                surface[ascii_end..].find(|c: char| !is_word_char(c)).map_or(surface.len(), |e| ascii_end + e)
            }
            _ => ascii_end,
        };
        match end {
            0 => !surface.is_empty(),
            _ => self.words.contains(&surface[..end]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::matcher::AliasMatcher;
    use proptest::prelude::*;

    #[test]
    fn a_surface_may_occur_when_its_first_word_does() {
        let mut words = Words::default();
        words.add_text("Minister Karimov’s visit to [São Paulo]{sao-paulo} #topic-1Karimov_x");
        for yes in ["Karimov", "Karimov, Ahmed", "São Paulo", "Minister Olga Karimov", "topic", "1Karimov_x", "‘Quote"]
        {
            assert!(words.may_occur(yes), "{yes}");
        }
        for no in ["Kari", "Karimovs", "Sao Paulo", "Ahmed Karimov", "x", ""] {
            assert!(!words.may_occur(no), "{no}");
        }
    }

    proptest! {
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
