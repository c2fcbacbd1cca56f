//! `corpus-lsp annotate` and `corpus-lsp stats` end to end, on temporary
//! plain copies of the seeds with the export fixture's catalogue.

use std::path::Path;
use std::process::{Command, Output};

use corpus_lsp::analysis::strip::strip;
use serde_json::Value;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).args(args).current_dir(dir).output().unwrap()
}

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in std::fs::read_dir(root.join("seeds")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            // The plain articles, whatever annotation the seeds carry.
            let plain = strip(&std::fs::read_to_string(&p).unwrap()).text;
            std::fs::write(dir.path().join(p.file_name().unwrap()), plain).unwrap();
        }
    }
    std::fs::copy(root.join("tests/fixtures/export/corpus.json"), dir.path().join("corpus.json")).unwrap();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

const SEED: &str = "004_54f82c1085130031.txt";

#[test]
fn annotate_prints_or_rewrites() {
    let dir = corpus();
    let before = read(dir.path(), SEED);
    let out = run_in(dir.path(), &["annotate", SEED]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(read(dir.path(), SEED), before, "stdout only: the file is untouched");
    assert!(printed.contains("[Blinken]{antony-blinken}"), "{printed}");
    assert_eq!(strip(&printed).text, strip(&before).text, "pre-annotation keeps the text");
    assert!(strip(&printed).mentions.len() > strip(&before).mentions.len());

    let out = run_in(dir.path(), &["annotate", "--in-place", "."]);
    assert!(out.status.success());
    assert_eq!(read(dir.path(), SEED), printed);
    assert!(String::from_utf8_lossy(&out.stderr).contains("rewrote 5 of 5 files"));
    // Nothing left to annotate: lint finds no unannotated alias.
    let lint = run_in(dir.path(), &["lint", "--format", "json"]);
    let json: Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert!(json.as_array().unwrap().iter().all(|d| d["code"] != "unannotated-mention"), "{json:#}");
    // And a second pass changes nothing.
    let out = run_in(dir.path(), &["annotate", "--in-place", "."]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("annotated 0 mentions; rewrote 0 of 5 files"));
}

#[test]
fn stats_count_annotated_and_plain() {
    let dir = corpus();
    // One document half annotated by hand: Blinken annotated once, plain elsewhere.
    let text = "[Blinken]{antony-blinken} met Wang Yi; Blinken and Wang Yi spoke. #taiwan\n#taiwan #nope\nChina.\n";
    std::fs::write(dir.path().join("extra.txt"), text).unwrap();
    let out = run_in(dir.path(), &["stats", "extra.txt", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"], 1);
    let entity = |id: &str| json["entities"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap().clone();
    let blinken = entity("antony-blinken");
    assert_eq!((blinken["annotated"].as_u64(), blinken["plain"].as_u64()), (Some(1), Some(1)));
    assert_eq!(blinken["coverage"], 50.0);
    assert_eq!(blinken["kind"], "person");
    assert_eq!(blinken["documents"], 1);
    let wang = entity("wang-yi");
    assert_eq!((wang["annotated"].as_u64(), wang["plain"].as_u64()), (Some(0), Some(2)));
    assert_eq!(wang["coverage"], 0.0);
    let tags = json["tags"].as_array().unwrap();
    assert_eq!(tags[0]["id"], "taiwan");
    assert_eq!((tags[0]["uses"].as_u64(), tags[0]["paragraphs"].as_u64()), (Some(2), Some(2)));
    assert_eq!(tags[1]["id"], "nope");
    assert_eq!(tags[1]["known"], false);
    // Entities never mentioned only with --all.
    assert!(json["entities"].as_array().unwrap().iter().all(|e| e["id"] != "reuters"));
    let all: Value =
        serde_json::from_slice(&run_in(dir.path(), &["stats", "extra.txt", "--format", "json", "--all"]).stdout)
            .unwrap();
    assert!(all["entities"].as_array().unwrap().iter().any(|e| e["id"] == "reuters"));

    let table = String::from_utf8(run_in(dir.path(), &["stats", "extra.txt"]).stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "1 documents");
    let header = lines[2];
    assert!(header.starts_with("entity") && header.ends_with("documents"), "{table}");
    let row = lines.iter().find(|l| l.starts_with("antony-blinken")).unwrap();
    assert_eq!(row.len(), header.len(), "aligned: {table}");
    assert!(row.contains("50.0%"), "{table}");

    // The whole corpus: every seed counted.
    let json: Value = serde_json::from_slice(&run_in(dir.path(), &["stats", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["documents"], 6);
    assert!(entity_plain(&json, "china") > 50);
}

fn entity_plain(json: &Value, id: &str) -> u64 {
    let e = json["entities"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap();
    e["plain"].as_u64().unwrap() + e["annotated"].as_u64().unwrap()
}

#[test]
fn help_documents_the_offset_units() {
    let dir = tempfile::tempdir().unwrap();
    let export = String::from_utf8(run_in(dir.path(), &["export", "--help"]).stdout).unwrap();
    for needle in ["jsonl", "brat", "conll", "code points", "AnnotatorNotes", "-DOCSTART-"] {
        assert!(export.contains(needle), "export --help lacks {needle}: {export}");
    }
    let import = String::from_utf8(run_in(dir.path(), &["import", "--help"]).stdout).unwrap();
    assert!(import.contains("code points") && import.contains("doccano"), "{import}");
    let lint = String::from_utf8(run_in(dir.path(), &["lint", "--help"]).stdout).unwrap();
    for needle in ["sarif", "github", "--shard <K/N>"] {
        assert!(lint.contains(needle), "lint --help lacks {needle}: {lint}");
    }
}
