//! `corpus-lsp lint` end to end: the real binary on fixtures and on the seeds.

use std::path::Path;
use std::process::{Command, Output};

fn lint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp"))
        .arg("lint")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("corpus-lsp runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The fixture's mistakes, one of each, as `(code, line:column)` (1-based,
/// columns in Unicode scalar values).
const EXPECTED: &[(&str, &str)] = &[
    ("unknown-entity", "1:38"),
    ("unknown-tag", "1:96"),
    ("malformed-markup", "2:1"),
    // `Beijing`, which the fixture's catalogue does not have.
    ("uncatalogued-name", "2:43"),
    ("malformed-markup", "3:1"),
    ("malformed-markup", "3:30"),
    ("malformed-markup", "4:1"),
    ("unannotated-mention", "4:67"),
    ("alias-mismatch", "5:2"),
];

#[test]
fn each_mistake_in_json() {
    let out = lint(&["tests/fixtures/mistakes", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    // One object a line, between `[` and `]`.
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!((lines[0], lines[lines.len() - 1], lines.len()), ("[", "]", EXPECTED.len() + 2), "{text}");
    let got: Vec<(String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (d["code"].as_str().unwrap().to_string(), format!("{}:{}", start["line"], start["column"]))
        })
        .collect();
    let expected: Vec<(String, String)> = EXPECTED.iter().map(|(c, p)| (c.to_string(), p.to_string())).collect();
    assert_eq!(got, expected);
    let first = &json[0];
    assert_eq!(first["file"], "tests/fixtures/mistakes/article.txt");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["message"], "unknown entity `antony-blinkn`; did you mean `antony-blinken`?");
    assert_eq!(first["suggestions"][0]["edits"][0]["newText"], "antony-blinken");
    // Byte offsets count the curly quotes (3 bytes each) and the em dash.
    let text = std::fs::read_to_string("tests/fixtures/mistakes/article.txt").unwrap();
    let byte = first["range"]["start"]["byte"].as_u64().unwrap() as usize;
    assert!(text[byte..].starts_with("antony-blinkn}"));
}

#[test]
fn each_mistake_in_human_output() {
    let out = lint(&["tests/fixtures/mistakes", "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let mut found = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.split_once('[').filter(|(level, _)| !level.contains(' ')).map(|(_, r)| r) {
            let code = rest.split(']').next().unwrap().to_string();
            let location = lines.next().unwrap().trim().trim_start_matches("--> ").to_string();
            let pos = location.rsplitn(3, ':').collect::<Vec<_>>();
            found.push((code, format!("{}:{}", pos[1], pos[0])));
        }
    }
    let expected: Vec<(String, String)> = EXPECTED.iter().map(|(c, p)| (c.to_string(), p.to_string())).collect();
    assert_eq!(found, expected, "{text}");
    assert!(text.contains("error[unknown-entity]: unknown entity `antony-blinkn`"), "{text}");
    // A caret line under the span.
    assert!(text.contains("^^^^^^^^^^^^^"), "{text}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("linted 1 file: 5 errors, 1 warning, 0 infos, 3 hints"), "{stderr}");
}

#[test]
fn severity_overrides_and_deny() {
    // Errors turned off and the warning kept: exit 0, but 1 with --deny warnings.
    let off = ["--severity", "unknown-entity=off", "--severity", "malformed-markup=off"];
    let out = lint(&[&["tests/fixtures/mistakes"][..], &off].concat());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = lint(&[&["tests/fixtures/mistakes", "--deny", "warnings"][..], &off].concat());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn usage_io_and_catalogue_failures_exit_2() {
    assert_eq!(lint(&["--severity", "nope=error"]).status.code(), Some(2));
    let out = lint(&["tests/fixtures/does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file or folder"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("corpus.json"),
        "{\n  \"entities\": [\n    { \"id\": \"Bad Id\" }\n  ],\n  \"tags\": []\n}",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "text").unwrap();
    let out = lint(&[dir.path().to_str().unwrap(), "--color", "never"]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("error[catalog-error]: entity id `Bad Id` is not a kebab-case slug"), "{text}");
    assert!(text.contains("corpus.json:3:13"), "{text}");

    std::fs::write(dir.path().join("corpus.json"), "{\"entities\": [], \"tags\": []}").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"\xff\xfe binary").unwrap();
    let out = lint(&[dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

#[test]
fn a_catalogue_named_on_the_command_line_is_checked_as_a_catalogue() {
    let out = lint(&["seeds/corpus.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out).trim(), "[]");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.json");
    std::fs::write(&path, "{\"include\": [\"../**\"], \"entities\": [], \"tags\": []}").unwrap();
    let out = lint(&[path.to_str().unwrap(), "--color", "never"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("reaches outside the catalogue's folder"), "{}", stdout(&out));
}

#[test]
fn seeds_are_clean_and_fully_annotated() {
    let out = lint(&["seeds/", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let unannotated: Vec<&serde_json::Value> =
        json.as_array().unwrap().iter().filter(|d| d["code"] == "unannotated-mention").collect();
    assert!(unannotated.is_empty(), "unannotated alias occurrences in the seeds: {unannotated:#?}");
    // Every name the seeds use is catalogued (or in the catalogue's `ignore` list).
    let uncatalogued: Vec<&serde_json::Value> =
        json.as_array().unwrap().iter().filter(|d| d["code"] == "uncatalogued-name").collect();
    assert!(uncatalogued.is_empty(), "uncatalogued names in the seeds: {uncatalogued:#?}");
    // What is left are the hand annotations kept on purpose (`[Mr. Bliken]`, `[Wang]` for Wang Wenbin, …).
    assert!(json.as_array().unwrap().iter().all(|d| d["code"] == "alias-mismatch"), "{json:#}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("linted 5 files"), "{stderr}");
}

#[test]
fn default_path_is_the_corpus_around_the_current_folder() {
    let out = Command::new(env!("CARGO_BIN_EXE_corpus-lsp"))
        .args(["lint", "--format", "json"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mistakes"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("\"file\":\"article.txt\""), "{}", stdout(&out));
}
