//! Proper-name candidates across documents: the names the finder sees on
//! each line (see [`super::names::finder`]) and their grouping (`Aleksey
//! Navalny` and a later `Navalny` are one candidate).

use rustc_hash::FxHashMap as HashMap;

use super::Span;
use super::catalogue::{Catalogue, Kind};
use super::markup::parse_line;
use super::names::finder::{has_upper, line_candidates};
use super::names::{kinds, variants};

pub use super::names::variants::surname;

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
        let mut found: Vec<Sighting> = line_candidates(line, &markup, &aliases, catalogue)
            .into_iter()
            .map(|c| Sighting {
                name: c.span.of(line).to_string(),
                kind: kinds::of_found_name(line, c.span, c.kind, c.titled),
                titled: c.titled,
                confirmed: c.confirmed,
                line: line_no,
                span: c.span,
            })
            .collect();
        // `Theresa May`, `Mrs May`: a month after a given name or a title is a surname.
        for (span, titled) in variants::month_surnames(line) {
            let covered = markup.markup_spans().chain(aliases.iter().map(|a| a.span)).any(|m| m.overlaps(span));
            if covered {
                continue;
            }
            let sighting = Sighting {
                name: span.of(line).to_string(),
                kind: Kind::Person,
                titled,
                confirmed: true,
                line: line_no,
                span,
            };
            match found.iter_mut().find(|s| s.span.overlaps(span)) {
                // The given name alone (`Theresa`) becomes the whole name.
                Some(s) if s.span.start == span.start && s.span.end < span.end => *s = sighting,
                Some(_) => {}
                None => found.push(sighting),
            }
        }
        found.sort_by_key(|s| s.span.start);
        out.extend(found);
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
    /// A person's surname when it is safe as an alias across the corpus
    /// ([`variants::surname_alias`]): no other person shares it, and it is no
    /// place, month or given name of another.
    pub surname_alias: Option<String>,
}

impl Candidate {
    /// The aliases a new catalogue entry gets: the variants (an all-caps form
    /// too: a dateline's `BRUSSELS` is a name the finder reports) that may be
    /// aliases ([`variants::may_be_alias`]), and a person's safe surname.
    pub fn aliases(&self) -> Vec<String> {
        // (An all-caps form is exact-case, so `NAVALNY` never matches a month or a place written in running text.)
        let ok = |v: &String| is_all_caps(v) || variants::may_be_alias(v);
        let mut out: Vec<String> = self.variants.iter().filter(|v| ok(v)).cloned().collect();
        if let Some(surname) = &self.surname_alias
            && !out.contains(surname)
        {
            out.push(surname.clone());
        }
        out
    }
}

/// Groups sightings from several documents (`(document index, sighting)`)
/// into candidates, most occurrences first (then by name). Unconfirmed
/// sightings count only with a confirmed sighting of the same name (case
/// aside). A one-word name joins the one person's name of several words
/// ending in it as a variant (`Straw` → `Jack Straw`); when two persons'
/// names end in it (`Charles Clarke`, `Kenneth Clarke`) it is left out,
/// nobody's variant and no candidate of its own; a place or a name in its own
/// right never joins ([`variants::joins`]). Only a one-word name joins, so a
/// role left before a name is never glued back on; and a name that is a
/// person's full name with words before it (`Shadow Home Secretary David
/// Davis` beside `David Davis`) is taken as that person with a role.
pub fn group(sightings: impl IntoIterator<Item = (usize, Sighting)>) -> Vec<Candidate> {
    #[derive(Default)]
    struct Acc {
        forms: Vec<(String, usize)>,
        kinds: [usize; Kind::ALL.len()],
        caps_kinds: [usize; Kind::ALL.len()],
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
        // An all-caps form (a headline's `NAVALNY`) votes only when no other form does.
        if is_all_caps(&s.name) {
            acc.caps_kinds[s.kind as usize] += 1;
        } else {
            acc.kinds[s.kind as usize] += 1;
        }
        acc.titled |= s.titled;
        acc.confirmed |= s.confirmed;
        acc.seen.push(Seen { document, line: s.line, span: s.span });
    }
    let kind_of = |acc: &Acc| -> Kind {
        if acc.titled {
            return Kind::Person;
        }
        let votes = if acc.kinds.iter().any(|&n| n > 0) { &acc.kinds } else { &acc.caps_kinds };
        Kind::ALL
            .into_iter()
            .filter(|&k| k != Kind::Other && votes[k as usize] > 0)
            .max_by_key(|&k| (votes[k as usize], std::cmp::Reverse(k)))
            .unwrap_or(Kind::Other)
    };
    // The name of a key: its most frequent form, running-text case first.
    let display = |key: &str, acc: &Acc| -> String {
        acc.forms
            .iter()
            .filter(|(f, _)| f.to_lowercase() == key)
            .max_by_key(|(f, n)| (!is_all_caps(f), *n))
            .map(|(f, _)| f.clone())
            .expect("the key has a form")
    };
    let names: HashMap<String, String> = order.iter().map(|k| (k.clone(), display(k, &by_key[k]))).collect();
    // Persons of several words, confirmed: who owns which surname.
    let persons: Vec<&str> = order
        .iter()
        .filter(|k| k.contains(' ') && by_key[*k].confirmed && kind_of(&by_key[*k]) == Kind::Person)
        .map(|k| names[k].as_str())
        .collect();
    let owners = variants::surname_owners(persons.iter().copied());
    // A role the finder left before a person's name seen alone elsewhere
    // (`Shadow Home Secretary David Davis` beside `David Davis`): the sightings
    // go to the person, the glued form is no name of its own (nor an alias).
    let person_keys: rustc_hash::FxHashSet<String> = persons.iter().map(|p| p.to_lowercase()).collect();
    let mut unglued: Vec<(String, String)> = Vec::new();
    for key in order.iter().filter(|k| k.matches(' ').count() >= 2) {
        let person = key
            .match_indices(' ')
            .map(|(i, _)| &key[i + 1..])
            .find(|tail| tail.contains(' ') && person_keys.contains(*tail));
        if let Some(person) = person {
            unglued.push((key.clone(), person.to_string()));
        }
    }
    let first_words: rustc_hash::FxHashSet<&str> = order
        .iter()
        .filter(|k| k.contains(' ') && by_key[*k].confirmed)
        .filter_map(|k| names[k].split(' ').next())
        .collect();
    let mut merges: Vec<(String, String)> = Vec::new();
    let mut shared: Vec<String> = Vec::new();
    for key in order.iter().filter(|k| !k.contains(' ')) {
        let name = names[key].as_str();
        let own = Some(kind_of(&by_key[key])).filter(|&k| k != Kind::Other);
        // `Mrs May`: a month is a surname only after a title; never a name alone.
        if variants::is_month_or_weekday(name) {
            match owners.get(name).map(Vec::as_slice) {
                Some([full]) => merges.push((key.clone(), full.to_lowercase())),
                _ => shared.push(key.clone()),
            }
            continue;
        }
        match variants::joins(name, own, &owners) {
            Some(full) => merges.push((key.clone(), full.to_lowercase())),
            None if matches!(own, None | Some(Kind::Person))
                && variants::may_be_alias(name)
                && owners.get(name).is_some_and(|o| o.len() > 1) =>
            {
                shared.push(key.clone());
            }
            None => {}
        }
    }
    let surname_aliases: HashMap<String, String> = persons
        .iter()
        .filter_map(|full| {
            let alias = variants::surname_alias(full, &owners, &|w| first_words.contains(w))?;
            Some((full.to_lowercase(), alias.to_string()))
        })
        .collect();
    for key in shared {
        by_key.remove(&key);
    }
    for (from, into) in unglued {
        let Some(from) = by_key.remove(&from) else { continue };
        if let Some(into) = by_key.get_mut(&into) {
            into.titled = true;
            into.seen.extend(from.seen);
        }
    }
    for (from, into) in merges {
        let from = by_key.remove(&from).expect("a key of the map");
        let into = by_key.get_mut(&into).expect("a key of the map");
        // The variant's forms go after the full name's forms.
        into.forms.extend(from.forms);
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
            let name = names[key].clone();
            let mut forms: Vec<&(String, usize)> = acc.forms.iter().filter(|(f, _)| *f != name).collect();
            forms.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            let variants = forms.into_iter().map(|(f, _)| f.clone()).collect();
            let mut seen = acc.seen.clone();
            seen.sort_unstable();
            let mut documents: Vec<usize> = seen.iter().map(|s| s.document).collect();
            documents.dedup();
            let surname_alias = surname_aliases.get(key).cloned().filter(|_| kind == Kind::Person);
            Some(Candidate { name, kind, variants, occurrences: seen, documents: documents.len(), surname_alias })
        })
        .collect();
    out.sort_by(|a, b| b.occurrences.len().cmp(&a.occurrences.len()).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The candidates of several texts at once, grouped (tests, and small corpora).
pub fn candidates_of_texts<'a>(texts: impl IntoIterator<Item = &'a str>, catalogue: &Catalogue) -> Vec<Candidate> {
    let texts: Vec<&str> = texts.into_iter().collect();
    let mut out = group(
        texts
            .iter()
            .enumerate()
            .flat_map(|(d, text)| text_candidates(text, catalogue).into_iter().map(move |s| (d, s))),
    );
    drop_common_words(&mut out, texts.iter().copied());
    out
}

/// Corpus-wide evidence against one-word names: a word the lexicon knows only
/// as a common word (never as a name) that the corpus also writes in lower
/// case (`the campaign`, `a general election`) is a common word wherever it is
/// capitalised (`Campaign for Borders Rail`, `the General Election`), even when a
/// title seemed to make it a person (`General Election`). `Labour`, never written `labour`
/// in the corpus, stays.
pub fn drop_common_words<'a>(candidates: &mut Vec<Candidate>, texts: impl IntoIterator<Item = &'a str>) {
    use super::names::lexicon::{Common, common};
    let suspect = |c: &Candidate| !c.name.contains(' ') && !is_all_caps(&c.name) && common(&c.name) == Common::Only;
    let mut wanted: rustc_hash::FxHashMap<String, bool> =
        candidates.iter().filter(|c| suspect(c)).map(|c| (c.name.to_lowercase(), false)).collect();
    if wanted.is_empty() {
        return;
    }
    for text in texts {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if word.starts_with(|c: char| c.is_lowercase())
                && let Some(seen) = wanted.get_mut(word)
            {
                *seen = true;
            }
        }
    }
    candidates.retain(|c| !(suspect(c) && wanted.get(&c.name.to_lowercase()) == Some(&true)));
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
        // A given name first: a person, whose surname is its alias.
        assert_eq!(got[0].kind, Kind::Person);
        assert_eq!(got[0].aliases(), ["Navalny", "NAVALNY"]);
        assert_eq!(got[1].kind, Kind::Place);
    }

    fn grouped(texts: &[&str]) -> Vec<(String, Kind, Vec<String>)> {
        let cat = catalogue(r#"{"entities": [], "tags": []}"#);
        candidates_of_texts(texts.iter().copied(), &cat)
            .into_iter()
            .map(|c| (c.name.clone(), c.kind, c.aliases()))
            .collect()
    }

    #[test]
    fn surnames_join_only_the_one_full_name() {
        let got = grouped(&[
            "Home Secretary Charles Clarke spoke. Former chancellor Kenneth Clarke did not.",
            "Later, Clarke said no. Jack Straw agreed and Straw left.",
        ]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        // Two Clarkes: `Clarke` is nobody's alias and no entity of its own.
        assert!(find("Clarke").is_none(), "{got:?}");
        assert_eq!(find("Charles Clarke").unwrap().2, Vec::<String>::new());
        assert_eq!(find("Kenneth Clarke").unwrap().2, Vec::<String>::new());
        // One Straw: joined.
        assert!(find("Straw").is_none(), "{got:?}");
        assert_eq!(find("Jack Straw").unwrap(), ("Jack Straw".into(), Kind::Person, vec!["Straw".to_string()]));
    }

    #[test]
    fn a_role_glued_on_is_no_name() {
        let got = grouped(&["Shadow Home Secretary David Davis spoke.", "Later, David Davis left."]);
        assert_eq!(got, [("David Davis".into(), Kind::Person, vec!["Davis".to_string()])]);
    }

    #[test]
    fn places_are_nobodys_alias() {
        let got = grouped(&[
            "He spoke on Good Morning Wales about Wales and Northern Ireland. Later, Ireland voted.",
            "In Wales, the minister said so.",
        ]);
        for (name, _, aliases) in &got {
            assert!(!aliases.iter().any(|a| a == "Wales" || a == "Ireland"), "{name}: {aliases:?}");
        }
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        assert_eq!(find("Wales").map(|c| c.1), Some(Kind::Place), "{got:?}");
        assert_eq!(find("Northern Ireland").map(|c| c.1), Some(Kind::Place), "{got:?}");
    }

    #[test]
    fn a_month_after_a_given_name_or_title_is_a_surname() {
        let got = grouped(&["The spokeswoman Theresa May said so in May. Mrs May left on Monday."]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        let may = find("Theresa May").expect("Theresa May found");
        assert_eq!(may.1, Kind::Person);
        // `May` is a month elsewhere: no alias, and no entity of its own.
        assert!(may.2.is_empty(), "{may:?}");
        assert!(find("May").is_none(), "{got:?}");
    }

    #[test]
    fn a_common_word_written_in_lower_case_elsewhere_is_no_name() {
        let got = grouped(&[
            "Anne Borthwick, of Campaign for Borders Rail, spoke. Labour said the campaign would fail.",
            "Ministers met Labour leaders before the General Election. The election is close.",
        ]);
        let find = |n: &str| got.iter().find(|(name, ..)| name == n).cloned();
        // `campaign` and `election` are written in lower case in the corpus: common words.
        assert!(find("Campaign").is_none(), "{got:?}");
        assert!(find("Election").is_none(), "{got:?}");
        // `Labour` is never written `labour` here: a name, although a common word.
        assert!(find("Labour").is_some(), "{got:?}");
        // Without the lower-case `campaign`, the word stays a candidate.
        let alone = grouped(&["Anne Borthwick, of Campaign for Borders Rail, spoke."]);
        assert!(alone.iter().any(|(n, ..)| n == "Campaign"), "{alone:?}");
    }
}
