//! `lint FILE…` of a few files loads their catalogue for those files only
//! (an alias matcher of the surfaces whose first word is in them, no
//! descriptions): through the real binary, the report equals the one of the
//! whole folder (which loads the catalogue whole), file by file, catalogue
//! problems included.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};
use support::Workspace;

fn lint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp"))
        .arg("lint")
        .args(args)
        .args(["--format", "json"])
        .current_dir(dir)
        .output()
        .expect("corpus-lsp runs")
}

/// The report's objects, one a line.
fn objects(out: &Output) -> Vec<Value> {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let all: Value = serde_json::from_str(&text).expect("a JSON report");
    all.as_array().unwrap().clone()
}

/// A catalogue whose surfaces start every way the matcher knows: capitals,
/// lower case (`the United States`), non-ASCII, punctuation (`‘Ndrangheta`),
/// with shared aliases, possessive-looking names, and many entities that
/// none of the files mention.
fn catalogue(extra: Value) -> String {
    let mut entities = vec![
        json!({"id": "united-states", "name": "United States", "kind": "place", "aliases": ["the United States", "US"]}),
        json!({"id": "ndrangheta", "name": "‘Ndrangheta", "kind": "organization", "description": "A crime group."}),
        json!({"id": "sao-paulo", "name": "São Paulo", "kind": "place", "aliases": ["Sampa"]}),
        json!({"id": "mcdonalds", "name": "McDonald's", "kind": "organization"}),
        json!({"id": "ahmed-karimov", "name": "Ahmed Karimov", "kind": "person",
               "aliases": ["Minister Karimov", "Karimov"], "tags": ["politics"]}),
        json!({"id": "olga-karimov", "name": "Olga Karimov", "kind": "person", "aliases": ["Karimov"]}),
        json!({"id": "xi-jinping", "name": "Xi Jinping", "kind": "person", "aliases": ["Xi"]}),
    ];
    for i in 0..300 {
        entities.push(json!({"id": format!("person-{i}"), "name": format!("Person{i} Family{}", i % 7),
            "kind": "person", "aliases": [format!("Family{} P{i}", i % 7)],
            "description": format!("Number {i}.")}));
    }
    let mut root = json!({"entities": entities, "tags": [{"id": "politics", "label": "Politics"}]});
    support::merge(&mut root, extra);
    serde_json::to_string_pretty(&root).unwrap()
}

const FILES: [(&str, &str); 3] = [
    (
        "a.txt",
        "Minister Karimov met the United States envoy in São Paulo; Karimov’s aide and \
         [Karimov]{ahmed-karimov} spoke of the ‘Ndrangheta.\n\nPerson12 Family5 said Family5 P12 \
         left. [Mr Xi]{xi-jinpng} and Xi’an, and Xi's speech. #politics #sport\n",
    ),
    ("b.txt", "McDonald's opened in Sampa. USA and US differ. Person3 Family3 met Family3 P3.\n"),
    ("c.txt", "Nothing catalogued here at all, only lower case text.\n"),
];

/// The folder's report (the catalogue loaded whole) against the report of
/// the files named one by one and all together (loaded for them).
fn same_as_the_folders(extra: Value) {
    let ws = Workspace::new(&catalogue(extra), &FILES);
    let whole = lint(ws.dir.path(), &["."]);
    let whole_objects = objects(&whole);
    assert!(!whole_objects.is_empty());
    let names: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
    let together = lint(ws.dir.path(), &names);
    assert_eq!(together.stdout, whole.stdout, "{}", String::from_utf8_lossy(&together.stderr));
    assert_eq!(together.status.code(), whole.status.code());
    for name in names {
        let one = lint(ws.dir.path(), &[name]);
        let expected: Vec<&Value> = whole_objects
            .iter()
            .filter(|o| o["file"] == name || o["file"].as_str().unwrap().ends_with(".json"))
            .collect();
        let got = objects(&one);
        assert_eq!(got.iter().collect::<Vec<_>>(), expected, "{name}");
    }
}

#[test]
fn a_few_files_are_linted_as_in_their_folder() {
    same_as_the_folders(json!({}));
}

#[test]
fn a_few_files_under_a_catalogue_with_warnings_are_linted_as_in_their_folder() {
    // An unknown property (and the shared alias `Karimov`): warnings only.
    same_as_the_folders(json!({"unknown": 1}));
}

#[test]
fn a_broken_catalogue_reports_the_same_when_one_file_is_linted() {
    // A duplicate id and an unknown tag (the first `politics` is the entity's).
    let broken = catalogue(json!({})).replacen("\"id\": \"person-7\"", "\"id\": \"person-6\"", 1).replacen(
        "\"politics\"",
        "\"politcs\"",
        1,
    );
    assert_ne!(broken, catalogue(json!({})));
    let ws = Workspace::new(&broken, &FILES);
    let whole = lint(ws.dir.path(), &["."]);
    let one = lint(ws.dir.path(), &["a.txt"]);
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(one.stdout, whole.stdout);
    let problems = objects(&one);
    let messages: Vec<&str> = problems.iter().map(|p| p["message"].as_str().unwrap()).collect();
    assert!(messages.iter().any(|m| m.contains("duplicate entity id `person-6`")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("unknown tag `politcs`")), "{messages:?}");
}
