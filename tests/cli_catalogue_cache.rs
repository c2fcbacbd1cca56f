//! The catalogue cache of `lint FILE` (src/cli/cache.rs), through the real
//! binary, in a temporary `CORPUS_LSP_CACHE_DIR`: a catalogue above the size
//! threshold gives the same report on a miss, on a hit and with
//! `--no-cache`; an edited catalogue, a damaged cache file or a folder that
//! cannot be written never changes the report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::json;

/// `corpus-lsp lint a.txt --format json ARGS` in `dir`, the cache in `cache`.
fn lint(dir: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp"))
        .args(["lint", "a.txt", "--format", "json"])
        .args(args)
        .env("CORPUS_LSP_CACHE_DIR", cache)
        .current_dir(dir)
        .output()
        .expect("corpus-lsp runs")
}

/// Everything a run shows: stdout, stderr and the exit code.
fn shown(out: &Output) -> (String, String, Option<i32>) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A catalogue of about 1.3 MB (above the cache's 1 MB threshold) with a
/// shared alias (a warning), `extra` entities first.
fn catalogue(extra: &[serde_json::Value]) -> String {
    let mut entities: Vec<serde_json::Value> = extra.to_vec();
    entities
        .push(json!({"id": "xi-jinping", "name": "Xi Jinping", "kind": "person", "aliases": ["Xi", "President Xi"],
        "description": "Leader.", "tags": ["politics"]}));
    entities.push(json!({"id": "sao-paulo", "name": "São Paulo", "kind": "place", "aliases": ["Sampa"]}));
    entities.push(json!({"id": "olga-karimov", "name": "Olga Karimov", "kind": "person", "aliases": ["Karimov"]}));
    entities.push(json!({"id": "ahmed-karimov", "name": "Ahmed Karimov", "kind": "person", "aliases": ["Karimov"]}));
    for i in 0..4_000 {
        entities.push(json!({"id": format!("person-{i:04}"), "name": format!("Person{i} Family{}", i % 7),
            "kind": "person", "aliases": [format!("Family{} P{i}", i % 7), format!("P{i}")],
            "description": format!("Number {i}, a person of no importance whatsoever in this story."),
            "tags": ["politics"]}));
    }
    let root = json!({"entities": entities, "tags": [{"id": "politics", "label": "Politics"}]});
    let text = serde_json::to_string_pretty(&root).unwrap();
    assert!(text.len() > 1 << 20, "{} bytes: above the threshold", text.len());
    text
}

const ARTICLE: &str = "[Xi Jinping]{xi-jinping} met Person12 Family5 in São Paulo; Karimov spoke.\n\
    Then [P7]{person-0007} and [P8]{person-0008} left with [Someone]{person-4001} and Sampa.\n";

/// A corpus folder with the catalogue and the article, and an empty cache folder.
fn corpus(text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("corpus.json"), text).unwrap();
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let cache = tmp.path().join("cache");
    (tmp, dir, cache)
}

/// The cache folder's files.
fn cache_files(cache: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(cache) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// The one cache file.
fn cache_file(cache: &Path) -> PathBuf {
    let files = cache_files(cache);
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn a_miss_and_a_hit_give_the_report_without_the_cache() {
    let (_tmp, dir, cache) = corpus(&catalogue(&[]));
    let without = lint(&dir, &cache, &["--no-cache"]);
    assert!(cache_files(&cache).is_empty(), "--no-cache writes nothing");
    let report = String::from_utf8_lossy(&without.stdout);
    assert!(report.contains("is shared by") && report.contains("person-4001"), "{report}");

    let miss = lint(&dir, &cache, &["--verbose"]);
    assert!(stderr(&miss).contains("no cache file") && stderr(&miss).contains("wrote"), "{}", stderr(&miss));
    let file = cache_file(&cache);
    let hit = lint(&dir, &cache, &["--verbose"]);
    assert!(stderr(&hit).contains("read") && !stderr(&hit).contains("wrote"), "{}", stderr(&hit));
    assert_eq!((&miss.stdout, miss.status.code()), (&without.stdout, without.status.code()));
    assert_eq!((&hit.stdout, hit.status.code()), (&without.stdout, without.status.code()));
    // Without --verbose, stderr too is the same.
    assert_eq!(shown(&lint(&dir, &cache, &[])), shown(&without));
    assert_eq!(cache_file(&cache), file, "one file per catalogue");
}

#[test]
fn an_edited_catalogue_is_parsed_again() {
    let text = catalogue(&[]);
    let (_tmp, dir, cache) = corpus(&text);
    let before = lint(&dir, &cache, &[]);
    assert_eq!(shown(&lint(&dir, &cache, &[])), shown(&before));
    // One byte changed, the same size: `person-0007` becomes unknown.
    let edited = text.replacen("\"person-0007\"", "\"person-0x07\"", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(dir.join("corpus.json"), &edited).unwrap();
    let after = lint(&dir, &cache, &["--verbose"]);
    assert!(stderr(&after).contains("made from another text"), "{}", stderr(&after));
    assert_ne!(after.stdout, before.stdout);
    let without = lint(&dir, &cache, &["--no-cache"]);
    assert_eq!((&after.stdout, after.status.code()), (&without.stdout, without.status.code()));
    assert!(String::from_utf8_lossy(&after.stdout).contains("person-0007"));
    assert_eq!(shown(&lint(&dir, &cache, &[])), shown(&without));
}

#[test]
fn a_damaged_cache_file_is_not_used_and_is_written_again() {
    let (_tmp, dir, cache) = corpus(&catalogue(&[]));
    let without = lint(&dir, &cache, &["--no-cache"]);
    lint(&dir, &cache, &[]);
    let file = cache_file(&cache);
    let good = std::fs::read(&file).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    for damaged in [good[..good.len() / 2].to_vec(), flipped, Vec::new(), b"not a cache".to_vec()] {
        std::fs::write(&file, &damaged).unwrap();
        let out = lint(&dir, &cache, &["--verbose"]);
        assert!(stderr(&out).contains("not used") && stderr(&out).contains("wrote"), "{}", stderr(&out));
        assert_eq!((&out.stdout, out.status.code()), (&without.stdout, without.status.code()));
        assert_eq!(std::fs::read(&file).unwrap(), good, "written anew");
        assert_eq!(shown(&lint(&dir, &cache, &[])), shown(&without));
    }
}

#[test]
fn a_cache_folder_that_cannot_be_written_changes_nothing() {
    let (tmp, dir, _) = corpus(&catalogue(&[]));
    // A folder under a plain file cannot be made, whoever runs the test.
    std::fs::write(tmp.path().join("plain"), "x").unwrap();
    let cache = tmp.path().join("plain/cache");
    let without = lint(&dir, &cache, &["--no-cache"]);
    let out = lint(&dir, &cache, &["--verbose"]);
    assert!(stderr(&out).contains("could not write"), "{}", stderr(&out));
    assert_eq!((&out.stdout, out.status.code()), (&without.stdout, without.status.code()));
    assert_eq!(shown(&lint(&dir, &cache, &[])), shown(&without));
}

#[test]
fn a_broken_catalogue_is_cached_with_its_errors() {
    // A duplicate id and an unknown tag: errors, so the article is not linted.
    let text = catalogue(&[
        json!({"id": "person-0001", "name": "Twin", "kind": "person"}),
        json!({"id": "tagged", "name": "Tagged", "kind": "person", "tags": ["sport"]}),
    ]);
    let (_tmp, dir, cache) = corpus(&text);
    let without = lint(&dir, &cache, &["--no-cache"]);
    assert_eq!(without.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&without.stdout).contains("duplicate entity id"));
    let miss = lint(&dir, &cache, &[]);
    assert_eq!(cache_files(&cache).len(), 1);
    let hit = lint(&dir, &cache, &["--verbose"]);
    assert!(stderr(&hit).contains("read"), "{}", stderr(&hit));
    assert_eq!(shown(&miss), shown(&without));
    assert_eq!((&hit.stdout, hit.status.code()), (&without.stdout, without.status.code()));
    assert_eq!(shown(&lint(&dir, &cache, &[])), shown(&without));
}

#[test]
fn a_small_catalogue_or_a_folder_never_uses_the_cache() {
    let (_tmp, dir, cache) =
        corpus(r#"{"entities": [{"id": "xi-jinping", "name": "Xi Jinping", "kind": "person"}], "tags": []}"#);
    let out = lint(&dir, &cache, &["--verbose"]);
    assert!(!stderr(&out).contains("catalogue cache"), "{}", stderr(&out));
    assert!(cache_files(&cache).is_empty());
    let (_tmp, dir, cache) = corpus(&catalogue(&[]));
    let out = Command::new(env!("CARGO_BIN_EXE_corpus-lsp"))
        .args(["lint", ".", "--format", "json", "--verbose"])
        .env("CORPUS_LSP_CACHE_DIR", &cache)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!stderr(&out).contains("catalogue cache"), "{}", stderr(&out));
    assert!(cache_files(&cache).is_empty());
}
