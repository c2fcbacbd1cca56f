//! Variants and aliases that are safe for `annotate`: which short forms of a
//! name may stand for it across a corpus, and the persons whose surname is a
//! month or a weekday (`Theresa May`).
//!
//! An alias is written into `corpus.json` and then matched everywhere, so a
//! short form joins a longer name only when the corpus leaves no doubt:
//! - a surname alone joins the full name when exactly one person's name of
//!   several words in the corpus ends in it (`Straw` → `Jack Straw`); with
//!   two (`Charles Clarke`, `Kenneth Clarke`) it is nobody's alias;
//! - a word that is a place (`Wales`, `Ireland`, `Sheffield`) or a name in its
//!   own right (a month, a given name that starts other names, a one-word
//!   organisation) never becomes an alias of a longer name.

use rustc_hash::FxHashMap as HashMap;

use super::gazetteer;
use crate::analysis::Span;
use crate::analysis::catalogue::Kind;

/// The last word of a person's name of several words, if it can stand
/// for the person (`Navalny`, a double-barrelled `Kilroy-Silk`; not the `Jr.`
/// nor a hyphenated word with a lower-case part).
pub fn surname(name: &str) -> Option<&str> {
    let (_, last) = name.rsplit_once(' ')?;
    let parts_capitalised = last.split('-').all(|p| p.chars().count() > 1 && p.starts_with(char::is_uppercase));
    let ok = last.chars().count() > 2 && !last.contains(['.', '”', '"']) && parts_capitalised;
    ok.then_some(last)
}

/// Whether `word`, a single word seen in the corpus, may be made an alias of
/// a longer name: not a place, not a month or weekday, not an acronym.
pub fn may_be_alias(word: &str) -> bool {
    gazetteer::place(word).is_none() && !is_month_or_weekday(word) && !word.chars().all(|c| !c.is_lowercase())
}

/// The surnames of a corpus's persons: each surname (as written) with the
/// full names that end in it. `persons` are the names of several words
/// judged persons.
pub fn surname_owners<'a>(persons: impl IntoIterator<Item = &'a str>) -> HashMap<&'a str, Vec<&'a str>> {
    let mut owners: HashMap<&str, Vec<&str>> = HashMap::default();
    for full in persons {
        if let Some(last) = surname(full) {
            let list = owners.entry(last).or_default();
            if !list.contains(&full) {
                list.push(full);
            }
        }
    }
    owners
}

/// The full name a surname alone joins: the one person whose name ends in
/// it, when there is exactly one and the word may be an alias
/// ([`may_be_alias`]); `own_kind` is what the word alone was judged
/// elsewhere (a place or an organisation in its own right never joins).
/// With `person`, evidence that the word alone names a person (`Mr Hague`,
/// `Livingstone said`), a place's name (`Hague`, `Livingstone`) joins too:
/// as a variant of the person, never as an alias.
pub fn joins<'a>(
    word: &str,
    own_kind: Option<Kind>,
    person: bool,
    owners: &HashMap<&str, Vec<&'a str>>,
) -> Option<&'a str> {
    let safe = may_be_alias(word)
        || (person
            && gazetteer::place(word).is_some()
            && !is_month_or_weekday(word)
            && word.contains(char::is_lowercase));
    if matches!(own_kind, Some(Kind::Place | Kind::Organization | Kind::Event | Kind::Document)) || !safe {
        return None;
    }
    match owners.get(word).map(Vec::as_slice) {
        Some([one]) => Some(one),
        _ => None,
    }
}

/// The surname alias a new person entry named `full` may get: its surname,
/// unless another person of the corpus shares it, or it is a place, a month,
/// or a given name that starts another name of the corpus (`John` of
/// `Elton John` while `John Prescott` is about). `first_words` are the first
/// words of the corpus's names of several words.
pub fn surname_alias<'a>(
    full: &'a str,
    owners: &HashMap<&str, Vec<&str>>,
    first_words: &dyn Fn(&str) -> bool,
) -> Option<&'a str> {
    let last = surname(full)?;
    let unique = owners.get(last).is_none_or(|o| o.len() == 1);
    (unique && may_be_alias(last) && !first_words(last)).then_some(last)
}

const MONTHS_AND_WEEKDAYS: [&str; 19] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `May`, `June`, `Monday`, …
pub fn is_month_or_weekday(word: &str) -> bool {
    MONTHS_AND_WEEKDAYS.contains(&word)
}

/// Titles after which a month or weekday is a surname (`Mrs May`).
const TITLES: [&str; 12] = ["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.", "Sir", "Dame", "Lady"];

/// A person whose surname is a month or a weekday on `line`: `Theresa May`
/// (a given name before it; the span covers both words) or `Mrs May` (a
/// title before it; the span is the month alone, `titled`). Spans relative
/// to the line.
pub fn month_surnames(line: &str) -> Vec<(Span, bool)> {
    let mut out = Vec::new();
    let mut prev: Option<(usize, &str)> = None;
    let mut at = 0;
    for word in line.split(' ') {
        let start = at;
        at += word.len() + 1;
        let bare = word.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '”', '"', '’', '\'']);
        let bare = bare.strip_suffix("’s").or_else(|| bare.strip_suffix("'s")).unwrap_or(bare);
        if is_month_or_weekday(bare)
            && let Some((p_start, p)) = prev
        {
            let end = start + bare.len();
            if TITLES.contains(&p) {
                out.push((Span::new(start, end), true));
            } else if gazetteer::is_given_name(p) && p.chars().skip(1).all(char::is_lowercase) {
                out.push((Span::new(p_start, end), false));
            }
        }
        // Only a plain word continues a name (no punctuation after it).
        prev = (!word.is_empty() && word.chars().all(|c| c.is_alphabetic() || c == '.')).then_some((start, word));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_joins_the_one_full_name() {
        let owners = surname_owners(["Jack Straw", "Charles Clarke", "Kenneth Clarke", "Tony Blair"]);
        assert_eq!(joins("Straw", None, false, &owners), Some("Jack Straw"));
        assert_eq!(joins("Blair", Some(Kind::Person), true, &owners), Some("Tony Blair"));
        // Two Clarkes: nobody's alias.
        assert_eq!(joins("Clarke", None, false, &owners), None);
        assert_eq!(joins("Brown", None, false, &owners), None);
    }

    #[test]
    fn a_place_or_a_name_in_its_own_right_never_joins() {
        let owners = surname_owners(["Good Morning Wales", "Northern Ireland", "David Blunkett Sheffield"]);
        assert_eq!(joins("Wales", None, false, &owners), None);
        assert_eq!(joins("Sheffield", None, false, &owners), None);
        let owners = surname_owners(["Tony Blair"]);
        assert_eq!(joins("Blair", Some(Kind::Organization), false, &owners), None);
        assert!(!may_be_alias("Ireland"));
        assert!(!may_be_alias("May"));
        assert!(!may_be_alias("BBC"));
        assert!(may_be_alias("Straw"));
    }

    #[test]
    fn surname_aliases() {
        let owners = surname_owners(["Jack Straw", "Charles Clarke", "Kenneth Clarke", "Theresa May", "Elton John"]);
        let firsts = |w: &str| w == "John";
        assert_eq!(surname_alias("Jack Straw", &owners, &firsts), Some("Straw"));
        assert_eq!(surname_alias("Charles Clarke", &owners, &firsts), None);
        assert_eq!(surname_alias("Theresa May", &owners, &firsts), None);
        assert_eq!(surname_alias("Elton John", &owners, &firsts), None);
        assert_eq!(surname("Aleksey Navalny"), Some("Navalny"));
        assert_eq!(surname("Martin Luther King Jr."), None);
        assert_eq!(surname("Robert Kilroy-Silk"), Some("Kilroy-Silk"));
        assert_eq!(surname("Abu al-Zarqawi"), None);
    }

    #[test]
    fn a_surname_that_is_a_place_joins_only_with_evidence_of_a_person() {
        let owners = surname_owners(["William Hague", "Ken Livingstone"]);
        // `Hague` alone, nothing said of it: a place, no variant of anyone.
        assert_eq!(joins("Hague", None, false, &owners), None);
        // `Mr Hague`: the person's.
        assert_eq!(joins("Hague", Some(Kind::Person), true, &owners), Some("William Hague"));
        assert_eq!(joins("Livingstone", None, true, &owners), Some("Ken Livingstone"));
        // Still never an alias.
        assert!(!may_be_alias("Hague"));
    }

    #[test]
    fn months_after_a_given_name_or_title() {
        let line = "Theresa May said so. Mrs May, in May, met him on Monday. Sunday Times.";
        let got: Vec<(&str, bool)> = month_surnames(line).into_iter().map(|(s, t)| (s.of(line), t)).collect();
        assert_eq!(got, [("Theresa May", false), ("May", true)]);
        assert_eq!(month_surnames("in early May the Labour MP"), []);
    }
}
