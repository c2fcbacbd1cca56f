//! Corpus-wide evidence against candidates that name nothing (issue 23), run
//! by [`super::corpus_candidates`] after the other cuts. Each rule looks at
//! how the corpus uses the words, never at a list of the words themselves:
//! - **an acronym of a common noun**: the lexicon holds it as a common word
//!   (`AWOL`), or it follows `a`/`an` as a noun of its own (`a GP in
//!   Blaengwynfi`; its plural `GPs` goes with it), and the corpus never
//!   writes `the X` (`the PA`, `the BBC`) nor is it a place (`US`);
//! - **a document's genre, not its name**: a name with a document word
//!   (`Paper`, `Bill`, `Act`, `Report`) written as a common noun, after
//!   `a`/`an` (`a White Paper on`, not `a Public Order Act offence`) or a
//!   possessive (`its Green Paper`), and a document word alone when the
//!   corpus names a document ending in it (`Bill` beside `Gambling Bill`);
//! - **a piece of a longer name**: a name holding `the` after a connector
//!   that is, at every occurrence, followed by `of`, `for` or `and` and a
//!   capitalised word (`Joint Council for the Welfare` of `… Welfare of
//!   Immigrants`); a saint's name before a possessive (`St George` of `St
//!   George's Chapel`) and `St` alone.
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Candidate, Seen, is_all_caps};
use crate::analysis::catalogue::Kind;
use crate::analysis::names::gazetteer;
use crate::analysis::names::lexicon::{Common, common};

/// Words naming a document's genre (`the Gambling Bill`, `a White Paper`).
const DOCUMENT_WORDS: [&str; 4] = ["Paper", "Bill", "Act", "Report"];

/// Drops the candidates that the corpus shows to name nothing (see the module).
pub fn drop_junk(candidates: &mut Vec<Candidate>, texts: &[&str]) {
    let lines: Vec<Vec<&str>> =
        texts.iter().map(|t| crate::analysis::document::lines(t).map(|(_, l)| l).collect()).collect();
    let line_of = |o: &Seen| lines.get(o.document).and_then(|l| l.get(o.line)).copied();
    let doc_heads: FxHashSet<&str> = candidates
        .iter()
        .filter_map(|c| c.name.rsplit_once(' ').map(|(_, last)| last))
        .filter_map(|last| DOCUMENT_WORDS.iter().copied().find(|w| *w == last))
        .collect();
    let uses = Uses::new(texts);
    let common_acronyms: FxHashSet<String> = candidates
        .iter()
        .filter(|c| is_acronym(&c.name))
        .filter(|c| {
            let a = c.name.trim_end_matches('s');
            // (A word of the lexicon seen three times or in two documents is used as a name: `BAA`.)
            !uses.after(a, &["the", "The"])
                && gazetteer::place(a).is_none()
                && ((common(a) != Common::No && c.documents < 2 && c.occurrences.len() < 3)
                    || uses.noun_after_article(a))
        })
        .map(|c| c.name.trim_end_matches('s').to_string())
        .collect();
    let junk = |c: &Candidate| -> bool {
        if is_acronym(&c.name) {
            return common_acronyms.contains(c.name.trim_end_matches('s'));
        }
        let words: Vec<&str> = c.name.split(' ').collect();
        // A document's genre.
        if words.iter().any(|w| DOCUMENT_WORDS.contains(w)) {
            if words.len() == 1 {
                return c.kind != Kind::Person && !c.titled && doc_heads.contains(words[0]);
            }
            if uses.noun_after_article(&c.name) || uses.after(&c.name, &["its", "their"]) {
                return true;
            }
        }
        // A saint's name cut at its possessive, and `St` alone.
        if words[0].trim_end_matches('.') == "St" {
            let possessive = |o: &Seen| {
                line_of(o).is_some_and(|l| l[o.span.end..].starts_with("'s") || l[o.span.end..].starts_with("’s"))
            };
            if words.len() == 1 || c.occurrences.iter().all(possessive) {
                return true;
            }
        }
        // A piece cut at a connector.
        // (`the` inside: `Board of Deputies` and `City of London` are names before
        // `of British Jews` and `and Westminster`.)
        if words.len() > 2 && words[1..].contains(&"the") {
            let cut = |o: &Seen| {
                line_of(o).is_some_and(|l| {
                    let after = &l[o.span.end..];
                    [" of ", " for ", " and "].iter().any(|c| {
                        after.strip_prefix(c).is_some_and(|a| {
                            let a = a.strip_prefix("the ").unwrap_or(a);
                            a.starts_with(char::is_uppercase)
                        })
                    })
                })
            };
            if c.occurrences.iter().all(cut) {
                return true;
            }
        }
        false
    };
    let drop: Vec<bool> = candidates.iter().map(junk).collect();
    let mut drop = drop.into_iter();
    candidates.retain(|_| !drop.next().unwrap_or(false));
}

/// An acronym: two capitals or more, with a plural `s` perhaps (`GP`, `GPs`).
fn is_acronym(name: &str) -> bool {
    let bare = name.strip_suffix('s').unwrap_or(name);
    !name.contains(' ') && is_all_caps(bare) && bare.chars().all(|c| c.is_ascii_uppercase())
}

/// What the corpus's words stand after, asked once per name and kept.
struct Uses<'t> {
    words: Vec<&'t str>,
    /// Where each word stands (trailing punctuation off).
    index: FxHashMap<&'t str, Vec<usize>>,
}

impl<'t> Uses<'t> {
    fn new(texts: &[&'t str]) -> Self {
        let words: Vec<&str> = texts.iter().flat_map(|t| t.split_whitespace()).collect();
        let mut index: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, w) in words.iter().enumerate() {
            index.entry(w.trim_end_matches(|c: char| !c.is_alphanumeric())).or_default().push(i);
        }
        Uses { words, index }
    }

    /// The indexes where the words of `name` start (its last word may carry
    /// punctuation after it).
    fn at(&self, name: &str) -> Vec<usize> {
        let parts: Vec<&str> = name.split(' ').collect();
        let n = parts.len();
        let Some(first) = self.index.get(parts[0]) else { return Vec::new() };
        first
            .iter()
            .copied()
            .filter(|&i| {
                (1..n).all(|k| {
                    let Some(w) = self.words.get(i + k) else { return false };
                    if k + 1 < n {
                        *w == parts[k]
                    } else {
                        w.strip_prefix(parts[k]).is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
                    }
                })
            })
            .collect()
    }

    /// Whether `name` is written right after one of `before` somewhere.
    fn after(&self, name: &str, before: &[&str]) -> bool {
        let at = self.at(name);
        at.iter().any(|&i| i > 0 && before.contains(&self.words[i - 1]))
    }

    /// Whether `name` is a noun of its own after `a`/`an`: the word after it
    /// is punctuation, a preposition or a conjunction (`a GP in`, `a White
    /// Paper.`), not the noun it qualifies (`a BBC reporter`, `a Public Order
    /// Act offence`).
    fn noun_after_article(&self, name: &str) -> bool {
        let n = name.split(' ').count();
        self.at(name).iter().any(|&i| {
            let article = i > 0 && matches!(self.words[i - 1], "a" | "an" | "A" | "An");
            let last = self.words[i + n - 1];
            let ends = !last.ends_with(|c: char| c.is_alphanumeric());
            let next = self.words.get(i + n).copied().unwrap_or("");
            let function =
                matches!(next, "in" | "at" | "of" | "on" | "for" | "and" | "or" | "who" | "with" | "from" | "to");
            article && (ends || function)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::candidates::candidates_of_texts;
    use crate::analysis::catalogue::Catalogue;

    fn names(texts: &[&str]) -> Vec<String> {
        let mut v: Vec<String> =
            candidates_of_texts(texts.iter().copied(), &Catalogue::default()).into_iter().map(|c| c.name).collect();
        v.sort();
        v
    }

    #[test]
    fn acronyms_of_common_nouns() {
        let got = names(&[
            "Dr Ann Hollis, who was a GP in Ravensholt, said so. Patients see their GPs in the morning.",
            "The NHS paid. Officials at the NHS agreed. The party had gone AWOL, said Mr Tarrow of the QRB.",
        ]);
        assert!(!got.iter().any(|n| n == "GP" || n == "GPs" || n == "AWOL"), "{got:?}");
        assert!(got.contains(&"NHS".to_string()) && got.contains(&"QRB".to_string()), "{got:?}");
    }

    #[test]
    fn genres_of_documents() {
        let got = names(&[
            "Ministers published a White Paper on Tuesday, and its Green Paper. The Gambling Bill passed; the Bill now goes on.",
            "It needs an Act of Parliament. The Gambling Bill is law, and the Bill was amended by peers.",
        ]);
        assert!(
            !got.iter().any(|n| n == "White Paper" || n == "Green Paper" || n == "Act of Parliament" || n == "Bill"),
            "{got:?}"
        );
        assert!(got.contains(&"Gambling Bill".to_string()), "{got:?}");
    }

    #[test]
    fn pieces_of_longer_names() {
        let got = names(&[
            "The chaplain of St Aldhelm's Chapel spoke. The Joint Council for the Welfare of Migrants said so.",
            "Later the Joint Council for the Welfare of Migrants wrote to St Aldhelm's Chapel again.",
        ]);
        assert!(!got.iter().any(|n| n == "St Aldhelm" || n == "St" || n == "Joint Council for the Welfare"), "{got:?}");
    }

    #[test]
    fn names_used_as_modifiers_stay() {
        // `a BBC reporter`, `a Public Order Act offence`, a lexicon word in two documents,
        // `Board of Deputies of British Jews`.
        let got = names(&[
            "Ravenhill, said a QRB reporter. He faced a Public Order Act offence. The BAA said no.",
            "The QRB agreed. The Public Order Act was cited. BAA shares fell. The Board of Deputies of British Jews met.",
        ]);
        for n in ["QRB", "Public Order Act", "BAA", "Board of Deputies"] {
            assert!(got.contains(&n.to_string()), "{n}: {got:?}");
        }
    }
}
