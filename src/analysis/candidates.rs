//! Proper-name candidates across documents: the names the finder sees on
//! each line (see [`super::names::finder`]) and their grouping (`Aleksey
//! Navalny` and a later `Navalny` are one candidate).

use rustc_hash::FxHashMap as HashMap;

use super::Span;
use super::catalogue::{Catalogue, Kind};
use super::markup::parse_line;
use super::names::finder::{has_upper, line_candidates};

/// The candidates of a whole text (any number of lines), with the line
/// number of each; for the CLI's corpus-wide [`group`].
pub fn text_candidates(text: &str, catalogue: &Catalogue) -> Vec<Sighting> {
    let mut out = Vec::new();
    for (line_no, (_, line)) in super::document::lines(text).enumerate() {
        if !has_upper(line) {
            continue;
        }
        let markup = parse_line(line);
        let aliases = super::document::plain_aliases(line, &markup, catalogue);
        for c in line_candidates(line, &markup, &aliases, catalogue) {
            out.push(Sighting {
                name: c.span.of(line).to_string(),
                kind: c.kind,
                titled: c.titled,
                confirmed: c.confirmed,
                line: line_no,
                span: c.span,
            });
        }
    }
    out
}

/// A candidate seen in a document, with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    pub name: String,
    pub kind: Kind,
    pub titled: bool,
    pub confirmed: bool,
    /// 0-based line number.
    pub line: usize,
    /// The name's span on its line.
    pub span: Span,
}

/// Where a grouped candidate was seen: the document (an index given to
/// [`group`]), the 0-based line, the span on the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seen {
    pub document: usize,
    pub line: usize,
    pub span: Span,
}

/// One candidate across documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub kind: Kind,
    /// Every other form seen (a surname, an all-caps form), most frequent first.
    pub variants: Vec<String>,
    /// Every occurrence, in document and line order.
    pub occurrences: Vec<Seen>,
    /// How many distinct documents.
    pub documents: usize,
}

impl Candidate {
    /// The aliases a new catalogue entry gets: the variants (an all-caps form
    /// too: a dateline's `BRUSSELS` is a name the finder reports), and a
    /// person's surname.
    pub fn aliases(&self) -> Vec<String> {
        let mut out: Vec<String> = self.variants.clone();
        if self.kind == Kind::Person
            && let Some(surname) = surname(&self.name)
            && !out.iter().any(|a| a == surname)
        {
            out.push(surname.to_string());
        }
        out
    }
}

/// The last word of a person's name of several words, if it can stand
/// for the person (`Navalny`, not the `Jr.` or a hyphenated given name).
pub fn surname(name: &str) -> Option<&str> {
    let (_, last) = name.rsplit_once(' ')?;
    let ok = last.chars().count() > 2 && !last.contains(['-', '.', '”', '"']) && !last.starts_with(char::is_lowercase);
    ok.then_some(last)
}

/// Groups sightings from several documents (`(document index, sighting)`)
/// into candidates, most occurrences first (then by name). Unconfirmed
/// sightings count only with a confirmed sighting of the same name (case
/// aside); a one-word name that is the last word of exactly one person (or
/// unknown-kind) name of several words joins it as a variant.
pub fn group(sightings: impl IntoIterator<Item = (usize, Sighting)>) -> Vec<Candidate> {
    #[derive(Default)]
    struct Acc {
        forms: Vec<(String, usize)>,
        kinds: [usize; Kind::ALL.len()],
        titled: bool,
        confirmed: bool,
        seen: Vec<Seen>,
    }
    let mut by_key: HashMap<String, Acc> = HashMap::default();
    let mut order: Vec<String> = Vec::new();
    for (document, s) in sightings {
        let key = s.name.to_lowercase();
        let acc = by_key.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Acc::default()
        });
        match acc.forms.iter_mut().find(|(f, _)| *f == s.name) {
            Some((_, n)) => *n += 1,
            None => acc.forms.push((s.name.clone(), 1)),
        }
        acc.kinds[s.kind as usize] += 1;
        acc.titled |= s.titled;
        acc.confirmed |= s.confirmed;
        acc.seen.push(Seen { document, line: s.line, span: s.span });
    }
    let kind_of = |acc: &Acc| -> Kind {
        if acc.titled {
            return Kind::Person;
        }
        Kind::ALL
            .into_iter()
            .filter(|&k| k != Kind::Other && acc.kinds[k as usize] > 0)
            .max_by_key(|&k| (acc.kinds[k as usize], std::cmp::Reverse(k)))
            .unwrap_or(Kind::Other)
    };
    // One-word keys that are the last word of exactly one confirmed name of several words.
    let mut last_words: HashMap<&str, Vec<&str>> = HashMap::default();
    for key in &order {
        let acc = &by_key[key];
        if let Some((_, last)) = key.rsplit_once(' ')
            && acc.confirmed
            && matches!(kind_of(acc), Kind::Person | Kind::Other)
        {
            last_words.entry(last).or_default().push(key);
        }
    }
    let merges: Vec<(String, String)> = order
        .iter()
        .filter(|k| !k.contains(' '))
        .filter_map(|k| match last_words.get(k.as_str()).map(Vec::as_slice) {
            Some([into]) => Some((k.clone(), into.to_string())),
            _ => None,
        })
        .collect();
    for (from, into) in merges {
        let from = by_key.remove(&from).expect("a key of the map");
        let into = by_key.get_mut(&into).expect("a key of the map");
        // The variant's forms go after the full name's forms.
        into.forms.extend(from.forms);
        for (k, n) in from.kinds.iter().enumerate() {
            into.kinds[k] += n;
        }
        into.titled |= from.titled;
        into.seen.extend(from.seen);
    }
    let mut out: Vec<Candidate> = order
        .iter()
        .filter_map(|key| {
            let acc = by_key.get(key)?;
            if !acc.confirmed {
                return None;
            }
            let kind = kind_of(acc);
            // The name: the most frequent form of the key itself, running-text case first.
            let own = key.clone();
            let mut forms: Vec<&(String, usize)> = acc.forms.iter().collect();
            let name = forms
                .iter()
                .filter(|(f, _)| f.to_lowercase() == own)
                .max_by_key(|(f, n)| (!is_all_caps(f), *n))
                .map(|(f, _)| f.clone())
                .expect("the key has a form");
            forms.retain(|(f, _)| *f != name);
            forms.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            let variants = forms.into_iter().map(|(f, _)| f.clone()).collect();
            let mut seen = acc.seen.clone();
            seen.sort_unstable();
            let mut documents: Vec<usize> = seen.iter().map(|s| s.document).collect();
            documents.dedup();
            Some(Candidate { name, kind, variants, occurrences: seen, documents: documents.len() })
        })
        .collect();
    out.sort_by(|a, b| b.occurrences.len().cmp(&a.occurrences.len()).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The candidates of several texts at once, grouped (tests, and small corpora).
pub fn candidates_of_texts<'a>(texts: impl IntoIterator<Item = &'a str>, catalogue: &Catalogue) -> Vec<Candidate> {
    group(
        texts
            .into_iter()
            .enumerate()
            .flat_map(|(d, text)| text_candidates(text, catalogue).into_iter().map(move |s| (d, s))),
    )
}

/// An upper-case letter somewhere (ASCII first: most lines are). The bytes
fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::catalogue;

    const CATALOGUE: &str = r#"{"entities": [
        {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken", "Mr. Blinken"]},
        {"id": "china", "name": "China", "kind": "place"}
    ], "tags": [], "ignore": ["Press Briefing"]}"#;

    #[test]
    fn grouping_variants() {
        let cat = catalogue(CATALOGUE);
        let a = "Aleksey Navalny died in prison.\nNavalny’s widow spoke. Officials blamed Navalny’s jailers.";
        let b = "NAVALNY LIVES\nThe team of Aleksey Navalny said so. Nothing came from Rome. Valuing peace.";
        let got = candidates_of_texts([a, b], &cat);
        let names: Vec<(&str, usize, usize)> =
            got.iter().map(|c| (c.name.as_str(), c.occurrences.len(), c.documents)).collect();
        // `Valuing` starts a sentence only (a common word); the headline's `NAVALNY` is no common word.
        assert_eq!(names, [("Aleksey Navalny", 5, 2), ("Rome", 1, 1)]);
        assert_eq!(got[0].variants, ["Navalny", "NAVALNY"]);
        assert_eq!(got[0].kind, Kind::Other);
        let person = Candidate { kind: Kind::Person, ..got[0].clone() };
        assert_eq!(person.aliases(), ["Navalny", "NAVALNY"]);
    }
}
