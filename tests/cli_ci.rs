//! `corpus-lsp lint` for CI: `--format sarif` (validated against the official
//! SARIF 2.1.0 schema, vendored in tests/data — see tests/data/README.md),
//! `--format github` (workflow commands, parsed back) and `--shard K/N`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn lint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).arg("lint").args(args).current_dir(dir).output().unwrap()
}

fn lint(args: &[&str]) -> Output {
    lint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft4::new(&schema).expect("the SARIF schema is a valid draft-04 schema")
}

#[track_caller]
fn assert_valid_sarif(log: &Value) {
    let errors: Vec<String> =
        sarif_validator().iter_errors(log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate: {errors:#?}");
}

#[test]
fn sarif_of_the_mistakes_fixture_validates_and_says_everything() {
    let out = lint(&["tests/fixtures/mistakes", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let log: Value = serde_json::from_str(&stdout(&out)).expect("SARIF is JSON");
    assert_valid_sarif(&log);
    // Written file by file, it is still the log pretty-printed as a whole, key order kept.
    assert_eq!(stdout(&out), serde_json::to_string_pretty(&log).unwrap() + "\n");
    // And the validator is not a yes-man.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_validator().is_valid(&broken));

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "corpus-lsp");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules: Vec<&str> = driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        [
            "unknown-entity",
            "unknown-tag",
            "malformed-markup",
            "alias-mismatch",
            "unannotated-mention",
            "catalog-error",
            "uncatalogued-name",
            "unused-entity",
            "unused-tag",
            "unresolved-conflict"
        ]
    );
    let unknown_tag = &driver["rules"][1];
    assert_eq!(unknown_tag["defaultConfiguration"]["level"], "warning");
    assert!(unknown_tag["fullDescription"]["text"].as_str().unwrap().contains("tag"));
    assert!(unknown_tag["help"]["text"].as_str().unwrap().contains("unknown-tag"));

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 9);
    let first = &results[0];
    assert_eq!(first["ruleId"], "unknown-entity");
    assert_eq!(first["level"], "error");
    assert_eq!(rules[first["ruleIndex"].as_u64().unwrap() as usize], "unknown-entity");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "tests/fixtures/mistakes/article.txt");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    // `“In every engagement,” [Mr. Blinken]{antony-blinkn}`: the id starts at column 38.
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 38);
    assert_eq!(location["region"]["endColumn"], 51);
    let fix = &first["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "antony-blinken");
    assert_eq!(fix["deletedRegion"]["startColumn"], 38);
    let levels: BTreeSet<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert_eq!(levels, BTreeSet::from(["error", "note", "warning"]));
}

#[test]
fn sarif_columns_are_utf16_code_units() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mistakes/corpus.json"),
        dir.path().join("corpus.json"),
    )
    .unwrap();
    // 😀 is one scalar value but two UTF-16 code units.
    std::fs::write(dir.path().join("a b.txt"), "😀 [Blinken]{antony-blinkn}\n").unwrap();
    let out = lint_in(dir.path(), &["--format", "sarif"]);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_valid_sarif(&log);
    let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "a%20b.txt");
    assert_eq!(location["region"]["startColumn"], 4 + 10);
    let json: Value = serde_json::from_str(&stdout(&lint_in(dir.path(), &["--format", "json"]))).unwrap();
    assert_eq!(json[0]["range"]["start"]["column"], 3 + 10, "the JSON format counts scalar values");
}

#[test]
fn a_clean_run_is_valid_sarif_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("corpus.json"), r#"{"entities": [], "tags": []}"#).unwrap();
    std::fs::write(dir.path().join("a.txt"), "Nothing to see.\n").unwrap();
    let out = lint_in(dir.path(), &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0));
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}

/// A workflow command: `::NAME key=value,…::message`, unescaped.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |s: &str| {
        s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
    };
    let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a workflow command: {line:?}"));
    let (head, message) = rest.split_once("::").unwrap_or_else(|| panic!("no `::` before the message: {line:?}"));
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or_else(|| panic!("property without `=` in {line:?}"));
            assert!(!v.contains([':', ',']), "unescaped property value in {line:?}");
            (k.to_string(), unescape(v))
        })
        .collect();
    assert!(!message.contains(['\n', '\r']));
    (name.to_string(), props, unescape(message))
}

#[test]
fn github_lines_are_workflow_commands() {
    let out = lint(&["tests/fixtures/mistakes", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let commands: Vec<_> = text.lines().map(parse_command).collect();
    assert_eq!(commands.len(), 9);
    let names: Vec<&str> = commands.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(names, ["error", "warning", "error", "notice", "error", "error", "error", "notice", "notice"]);
    let (_, props, message) = &commands[0];
    let keys: Vec<&str> = props.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"]);
    let values: Vec<&str> = props.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(values, ["tests/fixtures/mistakes/article.txt", "1", "38", "1", "51", "unknown-entity"]);
    assert_eq!(message, "unknown entity `antony-blinkn`; did you mean `antony-blinken`?");
}

#[test]
fn github_escapes_properties_and_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("corpus.json"),
        r#"{"entities": [{"id": "a", "name": "A", "kind": "person"}], "tags": []}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("50%, a:b.txt"), "[A]{b-100}\n").unwrap();
    let out = lint_in(dir.path(), &["--format", "github"]);
    let text = stdout(&out);
    assert!(text.contains("file=50%25%2C a%3Ab.txt,"), "{text}");
    let (name, props, _) = parse_command(text.lines().next().unwrap());
    assert_eq!(name, "error");
    assert_eq!(props[0], ("file".to_string(), "50%, a:b.txt".to_string()));
}

/// Lints a temporary corpus of many files with a mistake each.
fn many_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mistakes/corpus.json"),
        dir.path().join("corpus.json"),
    )
    .unwrap();
    for i in 0..40 {
        let sub = dir.path().join(format!("part-{}", i % 4));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{i:03}.txt")), format!("[Blinken]{{antony-blinkn}} said {i}. #taiwan\n"))
            .unwrap();
    }
    dir
}

fn diagnostics(out: &Output) -> BTreeSet<String> {
    let json: Value = serde_json::from_str(&stdout(out)).unwrap();
    json.as_array().unwrap().iter().map(|d| format!("{} {} {}", d["file"], d["code"], d["range"]["start"])).collect()
}

fn linted(out: &Output) -> usize {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let n = stderr.split("linted ").nth(1).unwrap().split(' ').next().unwrap();
    n.parse().unwrap()
}

#[test]
fn shards_partition_the_files() {
    let dir = many_files();
    let whole = lint_in(dir.path(), &[".", "--format", "json"]);
    let all = diagnostics(&whole);
    assert_eq!(all.len(), 40);
    assert_eq!(linted(&whole), 40);
    for n in [1, 3, 7] {
        let mut union = BTreeSet::new();
        let mut total = 0;
        for k in 1..=n {
            let out = lint_in(dir.path(), &[".", "--format", "json", "--shard", &format!("{k}/{n}")]);
            assert_eq!(out.status.code(), Some(1), "shard {k}/{n} has errors too");
            let shard = diagnostics(&out);
            assert!(union.is_disjoint(&shard), "shard {k}/{n} overlaps an earlier one");
            total += linted(&out);
            union.extend(shard);
        }
        assert_eq!(union, all, "the {n} shards together are the whole run");
        assert_eq!(total, 40);
    }
    // Stable: the same shard twice, and from another folder, takes the same files.
    let a = diagnostics(&lint_in(dir.path(), &[".", "--format", "json", "--shard", "2/3"]));
    let b = diagnostics(&lint_in(dir.path(), &[".", "--format", "json", "--shard", "2/3"]));
    assert_eq!(a, b);
    for bad in ["0/3", "4/3", "1/0", "x/2", "2"] {
        assert_eq!(lint_in(dir.path(), &["--shard", bad]).status.code(), Some(2), "{bad}");
    }
}
