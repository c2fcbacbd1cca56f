//! The common-word lexicon: lower-case English words (SCOWL, as Debian's
//! `wbritish` and `wamerican` ship it; `lexicon.txt`, made by
//! `scripts/lexicon/make.py`, licence in `LEXICON-LICENSE`). It tells a
//! capitalised word that is only capitalised where it stands (a sentence
//! opener, a headline word, a role noun: `Choice`, `Defender`, `Ministry`)
//! from a word that is a name wherever it stands (`Australia`, `Lara`).
//!
//! A word the lists also hold capitalised (`china`/`China`, `brown`/`Brown`)
//! is [`Common::AlsoName`]: both readings are common.
//!
//! The table (65,000 words, one hash map of borrowed `&'static [u8]`s) is built
//! at the first look-up, which only a capitalised word in a weak place needs.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// What the lexicon says about a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Common {
    /// Not a common lower-case word: a name wherever it stands.
    No,
    /// A common word, never a name in the lists.
    Only,
    /// A common word that the lists also hold as a name (`Brown`, `China`).
    AlsoName,
}

static TEXT: &str = include_str!("lexicon.txt");

static WORDS: LazyLock<FxHashMap<&'static [u8], bool>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    map.reserve(70_000);
    for line in lines(TEXT) {
        match line.strip_suffix('*') {
            Some(w) => map.insert(w.as_bytes(), true),
            None => map.insert(line.as_bytes(), false),
        };
    }
    map
});

/// The non-empty lines of `text` (`\n`-separated, as the compiled-in lists
/// are), cut with one vectorised newline scan: `str::lines` starts a new
/// search per line, which made up half the cost of building the table
/// (callgrind: 10.7 M of 19 M instructions for 65,000 lines).
pub(crate) fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            // Each cut is at an ASCII newline (or the end): a character boundary.
            let line = &text[start..end];
            start = end + 1;
            line
        })
        .filter(|l| !l.is_empty())
}

/// The lexicon's answer for `word`, whatever its case (ASCII letters only;
/// anything else is no common word). The lists hold inflections (`groups`,
/// `defending`) as words of their own.
pub fn common(word: &str) -> Common {
    let mut buf = [0u8; 24];
    if word.is_empty() || word.len() > buf.len() || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Common::No;
    }
    for (b, c) in buf.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    // Keyed by bytes: no UTF-8 check of the copy.
    match WORDS.get(&buf[..word.len()]) {
        Some(true) => Common::AlsoName,
        Some(false) => Common::Only,
        None => Common::No,
    }
}

/// A common word in either reading.
pub fn is_common(word: &str) -> bool {
    common(word) != Common::No
}

/// `Criminalizing`, `Unremarked`, `Expositionary`, `Macroalgae`: a word the
/// lexicon lacks that an inflection, a suffix or a prefix (`un-`, `macro-`)
/// makes of one it holds only as a common word (`criminal`, `remark`,
/// `exposition`, `algae`). For corpus-wide evidence only (it tries
/// several look-ups): a word the finder took for a name at a sentence's start.
pub fn derived_common(word: &str) -> bool {
    // (ASCII only: an accent folded away makes `Cité` a `cite`.)
    let folded = word.to_ascii_lowercase();
    if folded.len() < 6 || !folded.bytes().all(|b| b.is_ascii_lowercase()) || common(&folded) != Common::No {
        return false;
    }
    let only = |w: &str| common(w) == Common::Only;
    let stem_of = |w: &str| -> bool {
        const SUFFIXES: [(&str, &[&str]); 13] = [
            ("izing", &["", "e"]),
            ("ising", &["", "e"]),
            ("ize", &[""]),
            ("ise", &[""]),
            ("ing", &["", "e"]),
            ("ed", &["", "e"]),
            ("ly", &[""]),
            ("ary", &[""]),
            ("ness", &[""]),
            ("ment", &[""]),
            ("al", &[""]),
            ("s", &[""]),
            ("es", &[""]),
        ];
        only(w)
            || SUFFIXES.iter().any(|(suffix, restore)| {
                w.strip_suffix(suffix)
                    .filter(|stem| stem.len() >= 4)
                    .is_some_and(|stem| restore.iter().any(|r| only(&format!("{stem}{r}"))))
            })
    };
    stem_of(&folded)
        || ["un", "non", "over", "under", "macro", "micro"]
            .iter()
            .any(|p| folded.strip_prefix(p).is_some_and(|rest| rest.len() >= 5 && stem_of(rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_and_names() {
        for w in ["Choice", "Select", "Ministry", "Group", "Defender", "Centre", "reporter", "STAFF", "Valuing"] {
            assert_eq!(common(w), Common::Only, "{w}");
        }
        for w in ["Australia", "Lara", "Navalny", "FIFA", "Jordan", "Blinken"] {
            assert_eq!(common(w), Common::No, "{w}");
        }
        for w in ["China", "Brown", "Major", "Turkey"] {
            assert_eq!(common(w), Common::AlsoName, "{w}");
        }
        // Not ASCII letters, too long, empty: no common word.
        for w in ["", "Zürich", "co-op", "x2", "abcdefghijklmnopqrstuvwxyz"] {
            assert_eq!(common(w), Common::No, "{w}");
        }
    }

    #[test]
    fn words_derived_from_common_words() {
        for w in ["Criminalizing", "Unremarked", "Expositionary", "Macroalgae", "Remarkedly"] {
            assert!(derived_common(w), "{w}");
        }
        // Names, words the lexicon holds, short words.
        for w in ["Navalny", "Kasparov", "Ministry", "China", "Aden", "Zorbing", "Blinken", "Cité"] {
            assert!(!derived_common(w), "{w}");
        }
    }

    #[test]
    fn the_data_is_sorted_lower_case_ascii() {
        let mut last = "";
        for line in TEXT.lines() {
            let w = line.strip_suffix('*').unwrap_or(line);
            assert!(!w.is_empty() && w.len() <= 24 && w.bytes().all(|b| b.is_ascii_lowercase()), "{line:?}");
            assert!(last < w, "{last} then {w}");
            last = w;
        }
        assert!(WORDS.len() > 60_000);
        assert_eq!(WORDS.len(), TEXT.lines().count());
    }

    #[test]
    fn lines_as_str_lines_without_empty_ones() {
        for text in ["", "a", "a\n", "a\nb", "a\n\nb\n", "\n\na*\nbb\n"] {
            let want: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }
}
