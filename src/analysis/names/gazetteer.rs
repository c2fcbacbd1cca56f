//! Names known by heart: places (countries, capitals, first-level regions,
//! large cities, continents; then smaller towns) and given names, from
//! GeoNames (CC BY 4.0) and the US Social Security Administration's baby
//! names (public domain): see `LICENCE-data.md` beside this file. The lists
//! are compiled in (`include_str!`, one name a line) and read into hash sets
//! at the first lookup.
//!
//! A lookup takes a name as written; an all-caps word (`LONDON`) is also
//! tried in title case.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

static PLACES: &str = include_str!("places.txt");
static TOWNS: &str = include_str!("towns.txt");
static GIVEN_NAMES: &str = include_str!("given_names.txt");
static COUNTRIES: &str = include_str!("countries.txt");

fn set_of(text: &'static str) -> FxHashSet<&'static str> {
    super::lexicon::lines(text).collect()
}

static PLACE_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(PLACES));
static TOWN_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(TOWNS));
static COUNTRY_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(COUNTRIES));
static GIVEN_SET: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set_of(GIVEN_NAMES));

/// How sure a place name is to mean the place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A country, capital, first-level region, city of a million, continent or
    /// well-known region (`Wales`, `Northern Ireland`, `Texas`, `Middle East`).
    Major,
    /// A smaller city or town (`Sheffield`, `Wigan`): also often a surname.
    Town,
}

/// `name` in title case when it is all caps (`NEW YORK` → `New York`).
fn title_case(name: &str) -> Option<String> {
    let letters = name.chars().filter(|c| c.is_alphabetic());
    if letters.clone().count() < 2 || !letters.clone().all(char::is_uppercase) {
        return None;
    }
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    Some(out)
}

fn lookup(set: &FxHashSet<&str>, name: &str) -> bool {
    set.contains(name) || title_case(name).is_some_and(|t| set.contains(t.as_str()))
}

/// Whether `name` (one word or several) is a place the lists know.
pub fn place(name: &str) -> Option<Place> {
    if lookup(&PLACE_SET, name) || lookup(&COUNTRY_SET, name) {
        Some(Place::Major)
    } else if lookup(&TOWN_SET, name) {
        Some(Place::Town)
    } else {
        None
    }
}

/// Whether `name` is a country or a home nation (`Pakistan`, `Wales`, `SAN MARINO`):
/// a national side in a result (`Ethiopia 1 Uganda 1`) stays its country.
pub fn is_country(name: &str) -> bool {
    lookup(&COUNTRY_SET, name)
}

/// Whether `word` is a given name (`Theresa`, `Gareth`, `Aleksey`).
pub fn is_given_name(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    lookup(&GIVEN_SET, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_names() {
        for list in [PLACES, TOWNS, GIVEN_NAMES] {
            let lines: Vec<&str> = list.lines().collect();
            assert!(lines.len() > 4000, "{}", lines.len());
            assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
            assert!(lines.iter().all(|l| !l.is_empty() && l.trim() == *l && l.starts_with(char::is_uppercase)));
        }
    }

    #[test]
    fn places_and_towns() {
        for major in ["Wales", "Northern Ireland", "Germany", "Japan", "India", "London", "Texas", "Middle East", "UK"]
        {
            assert_eq!(place(major), Some(Place::Major), "{major}");
        }
        assert_eq!(place("Sheffield"), Some(Place::Town));
        assert!(is_country("Uganda") && is_country("SAN MARINO") && !is_country("Essex"));
        assert_eq!(place("LONDON"), Some(Place::Major));
        // Given names that name a small region somewhere are not places for sure.
        assert_ne!(place("Paul"), Some(Place::Major));
        for none in ["Blair", "Clarke", "Labour", "Straw", "Good Morning Wales", "london"] {
            assert_eq!(place(none), None, "{none}");
        }
    }

    #[test]
    fn given_names() {
        for given in ["Theresa", "Gareth", "Jack", "Charles", "Aleksey", "Tony", "THERESA"] {
            assert!(is_given_name(given), "{given}");
        }
        for not in ["Straw", "Labour", "Germany", "theresa"] {
            assert!(!is_given_name(not), "{not}");
        }
    }
}
