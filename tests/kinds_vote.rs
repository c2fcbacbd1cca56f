//! The corpus-wide kind of a candidate (issue 23, `init --from-candidates`):
//! what the corpus says of a name beats a weak cue on one line. Invented
//! names and text; each case failed before the rule it tests.

use corpus_lsp::analysis::Catalogue;
use corpus_lsp::analysis::candidates::candidates_of_texts;
use corpus_lsp::analysis::catalogue::Kind;

fn kinds(texts: &[&str]) -> Vec<(String, Kind)> {
    let cat = Catalogue::parse(r#"{"entities": [], "tags": []}"#).catalogue.expect("an empty catalogue");
    candidates_of_texts(texts.iter().copied(), &cat).into_iter().map(|c| (c.name, c.kind)).collect()
}

fn kind_of(got: &[(String, Kind)], name: &str) -> Option<Kind> {
    got.iter().find(|(n, _)| n == name).map(|(_, k)| *k)
}

#[test]
fn a_gazetteer_place_beats_a_line_cue() {
    // `the Glasgow office`: `the` before a name points to an organisation, the gazetteer to a place.
    let got = kinds(&["Officials said the Glasgow office would close on Friday."]);
    assert_eq!(kind_of(&got, "Glasgow"), Some(Kind::Place), "{got:?}");
}

#[test]
fn a_name_listed_beside_a_place_is_a_place() {
    let got = kinds(&["Voters in Dorset and Torbay agreed. Seats such as Leeds, Zorbington and Bath fell."]);
    assert_eq!(kind_of(&got, "Torbay"), Some(Kind::Place), "{got:?}");
    assert_eq!(kind_of(&got, "Zorbington"), Some(Kind::Place), "{got:?}");
}

#[test]
fn a_surname_of_one_full_name_is_that_person() {
    // `the Quillfeather report`: the report's `the` once made the surname an organisation of its own.
    let got = kinds(&[
        "Education adviser Mike Quillfeather wrote the plan. Ministers read the Quillfeather report on Monday.",
        "The minister said the Quillfeather plan was bold.",
    ]);
    assert_eq!(kind_of(&got, "Mike Quillfeather"), Some(Kind::Person), "{got:?}");
    assert_eq!(kind_of(&got, "Quillfeather"), None, "joined to its one full name: {got:?}");
}

#[test]
fn a_part_of_a_double_barrelled_surname_is_a_person() {
    let got = kinds(&["The MEP Robert Quade-Zorbin left. The Quade campaign began at once."]);
    assert_eq!(kind_of(&got, "Quade"), Some(Kind::Person), "{got:?}");
}

#[test]
fn a_word_that_speaks_with_no_full_name_nor_title_is_a_body() {
    let got = kinds(&["Critics said Zorbex was wrong. Later Zorbex would say more, and Zorbex has agreed."]);
    assert_eq!(kind_of(&got, "Zorbex"), Some(Kind::Organization), "{got:?}");
    // With a title somewhere, the same words are a person's.
    let got = kinds(&["Critics said Mr Zorbex was wrong. Later Zorbex would say more, and Zorbex has agreed."]);
    assert_eq!(kind_of(&got, "Zorbex"), Some(Kind::Person), "{got:?}");
    // So are they when the word starts a person's full name (`Saddam` of `Saddam Hussein`).
    let got = kinds(&["The leader Zorbex Quixan spoke. Critics said Zorbex was wrong, and Zorbex has left."]);
    assert_ne!(kind_of(&got, "Zorbex"), Some(Kind::Organization), "{got:?}");
}

#[test]
fn peoples_of_several_words_are_other() {
    let got = kinds(&["He met Roman Catholics in town. The South African embassy said no."]);
    assert_eq!(kind_of(&got, "Roman Catholics"), Some(Kind::Other), "{got:?}");
    assert_eq!(kind_of(&got, "South African"), Some(Kind::Other), "{got:?}");
}
