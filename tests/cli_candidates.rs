//! `corpus-lsp init` and `corpus-lsp candidates` end to end, on a fresh
//! temporary folder holding the candidates fixture article.

use std::path::Path;
use std::process::{Command, Output};

use corpus_lsp::analysis::Catalogue;
use serde_json::Value;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).args(args).current_dir(dir).output().unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder with the fixture article under `news/` and no catalogue.
fn fresh() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("news")).unwrap();
    std::fs::copy(root().join("tests/fixtures/candidates/article.txt"), dir.path().join("news/defence.txt")).unwrap();
    dir
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `text` loads with no problem and validates against the published schema.
#[track_caller]
fn check_catalogue(text: &str) -> Value {
    let loaded = Catalogue::parse(text);
    assert_eq!(loaded.problems, [], "{text}");
    let value: Value = serde_json::from_str(text).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("schemas/corpus.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    assert_eq!(value["$schema"], schema["$id"]);
    value
}

#[test]
fn init_writes_a_starter_and_refuses_to_replace_it() {
    let dir = fresh();
    let out = run_in(dir.path(), &["init", "new/corpus"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("new/corpus/corpus.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let value = check_catalogue(&text);
    assert_eq!(value["include"], serde_json::json!(["**/*.txt"]));
    for key in ["entities", "tags", "ignore"] {
        assert_eq!(value[key], serde_json::json!([]), "{key}");
    }

    // A second run refuses, names the file and the flag, and leaves it alone.
    std::fs::write(&path, "{\"entities\": [], \"tags\": [], \"ignore\": [\"Mine\"]}\n").unwrap();
    let out = run_in(dir.path(), &["init", "new/corpus"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("new/corpus/corpus.json") && err.contains("--force"), "{err}");
    assert!(std::fs::read_to_string(&path).unwrap().contains("Mine"));
    // `--force` proceeds.
    let out = run_in(dir.path(), &["init", "new/corpus", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    check_catalogue(&std::fs::read_to_string(&path).unwrap());
    // The current folder by default; a file in the way is an error.
    std::fs::write(dir.path().join("plain"), "x").unwrap();
    let out = run_in(dir.path(), &["init", "plain"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn init_from_candidates_fills_the_entities() {
    let dir = fresh();
    let out = run_in(dir.path(), &["init", "--from-candidates"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("corpus.json")).unwrap();
    let value = check_catalogue(&text);
    let entities = value["entities"].as_array().unwrap();
    let find = |name: &str| entities.iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("{name} in {text}"));
    let scholz = find("Olaf Scholz");
    assert_eq!(scholz["id"], "olaf-scholz");
    assert_eq!(scholz["kind"], "person");
    assert!(scholz["aliases"].as_array().unwrap().contains(&Value::from("Scholz")), "{scholz}");
    assert_eq!(find("European Commission")["kind"], "organization");
    assert_eq!(find("Warsaw")["kind"], "place");
    // Without a catalogue of its own the article's Macron is a candidate too.
    find("Emmanuel Macron");
    // Now governed by the new catalogue, lint sees no uncatalogued name and no error.
    let lint = run_in(dir.path(), &["lint", "--format", "json"]);
    let diags: Value = serde_json::from_slice(&lint.stdout).unwrap();
    let codes: Vec<&str> = diags.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"uncatalogued-name"), "{codes:?}");
    assert!(!codes.contains(&"unknown-entity") && !codes.contains(&"catalog-error"), "{codes:?}");
    assert_eq!(run_in(dir.path(), &["candidates", "--format", "json"]).stdout, b"[]\n".to_vec(), "nothing left");
}

#[test]
fn candidates_table_and_json() {
    let dir = fresh();
    std::fs::copy(root().join("tests/fixtures/candidates/corpus.json"), dir.path().join("corpus.json")).unwrap();
    let out = run_in(dir.path(), &["candidates", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json.as_array().unwrap();
    assert!(rows.len() > 20, "{json:#}");
    // Ranked by occurrences.
    let counts: Vec<u64> = rows.iter().map(|r| r["count"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // The catalogue's own names are not candidates.
    assert!(rows.iter().all(|r| r["name"] != "Emmanuel Macron" && r["name"] != "Ukraine"));
    let scholz = rows.iter().find(|r| r["name"] == "Olaf Scholz").expect("Olaf Scholz");
    assert_eq!(scholz["kind"], "person");
    assert_eq!(scholz["documents"], 1);
    assert!(scholz["variants"].as_array().unwrap().contains(&Value::from("Scholz")));
    // Three in running text, one in the headline (a name there: no common word).
    assert_eq!(scholz["count"], 4);
    assert_eq!(scholz["occurrences"][0]["line"], 1);
    // The occurrence on line 5 (1-based), after `BRUSSELS — French President Emmanuel Macron and German Chancellor `.
    let first = &scholz["occurrences"][1];
    assert_eq!(first["file"], "news/defence.txt", "{first}");
    assert_eq!(first["line"], 5);
    let text = std::fs::read_to_string(dir.path().join("news/defence.txt")).unwrap();
    let line = text.lines().nth(4).unwrap();
    let column = line[..line.find("Olaf Scholz").unwrap()].chars().count() + 1;
    assert!(column < line.find("Olaf Scholz").unwrap() + 1, "the line has a wide character before the name");
    assert_eq!(first["column"].as_u64(), Some(column as u64), "columns count Unicode scalar values");

    // --min-count and the table.
    let out = run_in(dir.path(), &["candidates", "--min-count", "3"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.lines().nth(2).unwrap().starts_with("name "), "{table}");
    assert!(table.contains("Olaf Scholz") && table.contains("person"), "{table}");
    assert!(!table.contains("Kaliningrad"), "seen once: {table}");

    // Usage and I/O errors exit 2.
    assert_eq!(run_in(dir.path(), &["candidates", "--min-count", "x"]).status.code(), Some(2));
    assert_eq!(run_in(dir.path(), &["candidates", "missing/"]).status.code(), Some(2));
}

#[test]
fn init_from_candidates_uses_evidence_from_the_whole_corpus() {
    // Invented articles: a headline, then running text.
    let dir = tempfile::tempdir().unwrap();
    let a = "Minister speaks on fishing\n\nThen Green MEP Caroline Lucas spoke of Draconian rules. \
             William Hague agreed. Later, Mr Hague left for Brussels. British officials said so.\n";
    let b = "Fishing rules agreed\n\nCaroline Lucas said the rules were fair. The British said so too. \
             Officials in Brussels agreed.\n";
    std::fs::write(dir.path().join("a.txt"), a).unwrap();
    std::fs::write(dir.path().join("b.txt"), b).unwrap();
    let out = run_in(dir.path(), &["init", "--from-candidates"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("corpus.json")).unwrap();
    let value = check_catalogue(&text);
    let entities = value["entities"].as_array().unwrap();
    let find = |name: &str| entities.iter().find(|e| e["name"] == name);
    // The role is cut off; the common word capitalised once is no name.
    assert_eq!(find("Caroline Lucas").map(|e| e["kind"].clone()), Some(Value::from("person")), "{text}");
    assert!(find("Green MEP Caroline Lucas").is_none() && find("Draconian").is_none(), "{text}");
    // `Hague` is a place's name too: joined to its one person, never an alias of his.
    assert!(find("Hague").is_none(), "{text}");
    assert_eq!(find("William Hague").map(|e| e["aliases"].clone()), Some(Value::from(Vec::<String>::new())), "{text}");
    // A people is `other`.
    assert_eq!(find("British").map(|e| e["kind"].clone()), Some(Value::from("other")), "{text}");
}
