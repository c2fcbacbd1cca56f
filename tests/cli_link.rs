//! `corpus-lsp link` end to end: the seeds against the KB fixture with its
//! distractors (`tests/fixtures/kb`), the same answers from a Wikidata dump of
//! the same items (plain, gzip, bzip2, made here), `--apply` inserting and
//! nothing else, and bad KB files refused with their file and line.

use std::io::Write;
use std::path::{Path, PathBuf};

use corpus_lsp::analysis::catalogue::Catalogue;
use corpus_lsp::workspace::kb::{dump_line, parse_kb_line};
use serde_json::Value;

mod support;
use support::cli::{corpus_lsp, json, root};

const KB: &str = "tests/fixtures/kb/kb.jsonl";

/// entity id → (best id or null, candidate ids in order).
fn answers(v: &Value) -> Vec<(String, Option<String>, Vec<String>)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let best = row["best"].get("id").and_then(Value::as_str).map(str::to_string);
            let candidates =
                row["candidates"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string());
            (row["entity"].as_str().unwrap().to_string(), best, candidates.collect())
        })
        .collect()
}

fn answer<'a>(all: &'a [(String, Option<String>, Vec<String>)], id: &str) -> &'a (String, Option<String>, Vec<String>) {
    all.iter().find(|a| a.0 == id).unwrap_or_else(|| panic!("{id} not listed"))
}

#[test]
fn picks_the_right_items_among_namesakes() {
    let v = json(&["link", "seeds", "--kb", KB, "--format", "json"]);
    let all = answers(&v);
    // Every entity of the seeds is without an id, so each is listed once.
    let catalogue = Catalogue::parse(&std::fs::read_to_string(root().join("seeds/corpus.json")).unwrap());
    assert_eq!(all.len(), catalogue.catalogue.unwrap().entities.len());
    for (entity, best, candidates) in [
        // The diplomat, not the footballer.
        ("wang-yi", "Q1501226", &["Q1501226", "Q8011734"][..]),
        // The city, not the film.
        ("shanghai", "Q8686", &["Q8686", "Q1464867"]),
        // The country, not the towns in Texas and Maine.
        ("china", "Q148", &["Q148", "Q1012047", "Q1068530"]),
        ("xinjiang", "Q34800", &["Q34800", "Q1537085"]),
        ("united-states", "Q30", &["Q30"]),
        ("beijing", "Q956", &["Q956"]),
        // Only by an alias: "State Department".
        ("state-department", "Q789915", &["Q789915"]),
    ] {
        let got = answer(&all, entity);
        assert_eq!(got.1.as_deref(), Some(best), "{entity}: {got:?}");
        assert_eq!(got.2, candidates, "{entity}");
    }
    // No candidate: no best.
    assert_eq!(answer(&all, "jake-sullivan"), &("jake-sullivan".to_string(), None, Vec::new()));
    // Each candidate carries its label, description and a score, best first.
    let wang = v.as_array().unwrap().iter().find(|r| r["entity"] == "wang-yi").unwrap();
    assert_eq!(wang["best"]["label"], "Wang Yi");
    assert!(wang["best"]["description"].as_str().unwrap().contains("diplomat"));
    let scores: Vec<f64> =
        wang["candidates"].as_array().unwrap().iter().map(|c| c["score"].as_f64().unwrap()).collect();
    assert!(scores[0] > scores[1], "{scores:?}");

    // The table says the same, readably.
    let out = corpus_lsp(&["link", "seeds", "--kb", KB]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("wang-yi (person, “Wang Yi”)\n  → Q1501226"), "{table}");
    assert!(table.contains("Q8011734") && table.contains("Chinese footballer"), "{table}");
}

/// The fixture's items as a Wikidata dump: the array's lines, one entity a
/// line ending with `,`, with entities no catalogue names and a property.
fn dump_text() -> String {
    let mut lines = vec!["[".to_string()];
    let filler = r#"{"type":"item","id":"Q42","labels":{"en":{"language":"en","value":"Douglas Adams"}},"descriptions":{},"aliases":{},"claims":{"P31":[{"mainsnak":{"snaktype":"value","property":"P31","datavalue":{"value":{"entity-type":"item","numeric-id":5,"id":"Q5"},"type":"wikibase-entityid"}},"type":"statement","rank":"normal"}]},"sitelinks":{}}"#;
    lines.push(filler.to_string());
    lines.push(r#"{"type":"property","id":"P31","labels":{"en":{"language":"en","value":"China"}},"descriptions":{},"aliases":{},"claims":{}}"#.into());
    for line in std::fs::read_to_string(root().join(KB)).unwrap().lines() {
        lines.push(dump_line(&parse_kb_line(line.as_bytes()).unwrap()));
    }
    let mut text = lines[0].clone() + "\n";
    text += &lines[1..].join(",\n");
    text + "\n]\n"
}

#[test]
fn a_wikidata_dump_gives_the_same_answers_plain_gzip_and_bzip2() {
    let expected = json(&["link", "seeds", "--kb", KB, "--format", "json"]);
    let dir = tempfile::tempdir().unwrap();
    let dump = dump_text();
    let plain = dir.path().join("latest-all.json");
    std::fs::write(&plain, &dump).unwrap();
    let gz = dir.path().join("latest-all.json.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(dump.as_bytes()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    // In two streams, as the dumps are written.
    let bz2 = dir.path().join("latest-all.json.bz2");
    let (a, b) = dump.split_at(dump.len() / 2);
    let mut bytes = Vec::new();
    for part in [a, b] {
        let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
        enc.write_all(part.as_bytes()).unwrap();
        bytes.extend(enc.finish().unwrap());
    }
    std::fs::write(&bz2, bytes).unwrap();
    for path in [&plain, &gz, &bz2] {
        let got = json(&["link", "seeds", "--kb", path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(got, expected, "{}", path.display());
    }
}

/// The seeds copied into a temporary folder.
fn seeds_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn apply_only_inserts_the_clear_ids() {
    let dir = seeds_copy();
    let corpus_json = dir.path().join("corpus.json");
    let before = snapshot(dir.path());
    let old = std::fs::read_to_string(&corpus_json).unwrap();
    let report = json(&["link", dir.path().to_str().unwrap(), "--kb", KB, "--format", "json"]);
    let clear: Vec<(String, String)> = answers(&report).into_iter().filter_map(|(e, b, _)| Some((e, b?))).collect();
    assert!(clear.len() >= 8, "{clear:?}");

    let out = corpus_lsp(&["link", dir.path().to_str().unwrap(), "--kb", KB, "--apply"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let new = std::fs::read_to_string(&corpus_json).unwrap();
    // Only corpus.json changed; the articles are byte for byte the same.
    let after = snapshot(dir.path());
    assert_eq!(after.len(), before.len(), "no file added (no temporary left)");
    for ((path, a), (_, b)) in before.iter().zip(&after) {
        if path != &corpus_json {
            assert_eq!(a, b, "{}", path.display());
        }
    }
    // The old text is the new one less the insertions: every old byte in
    // order, and what is between them is a `"wikidata": "Q…"` property.
    let loaded = Catalogue::parse(&new);
    assert_eq!(loaded.problems, [], "{new}");
    let catalogue = loaded.catalogue.unwrap();
    let mut without = new.clone();
    for (entity, q) in &clear {
        assert_eq!(catalogue.entity(entity).unwrap().wikidata_id(), Some(q.as_str()), "{entity}");
        let insertion = format!(",\n      \"wikidata\": \"{q}\"");
        assert_eq!(without.matches(&insertion).count(), 1, "{insertion}");
        without = without.replacen(&insertion, "", 1);
    }
    assert_eq!(without, old);
    assert_eq!(catalogue.entities.iter().filter(|e| e.wikidata.is_some()).count(), clear.len());

    // The report's entity pages link the ids.
    let site = tempfile::tempdir().unwrap();
    let out =
        corpus_lsp(&["report", dir.path().to_str().unwrap(), "--out", site.path().join("site").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(site.path().join("site/entities/wang-yi.html")).unwrap();
    assert!(
        page.contains(r#"<a class="wikidata" href="https://www.wikidata.org/wiki/Q1501226">Q1501226</a>"#),
        "{page}"
    );

    // A second run finds those entities linked: they are no longer listed, and nothing changes.
    let again = answers(&json(&["link", dir.path().to_str().unwrap(), "--kb", KB, "--format", "json"]));
    assert!(again.iter().all(|(e, _, _)| !clear.iter().any(|(c, _)| c == e)));
    let out = corpus_lsp(&["link", dir.path().to_str().unwrap(), "--kb", KB, "--apply"]);
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&corpus_json).unwrap(), new);
}

#[test]
fn bad_kb_files_are_refused_with_their_line_and_nothing_is_written() {
    let dir = seeds_copy();
    let corpus_json = dir.path().join("corpus.json");
    let old = std::fs::read(&corpus_json).unwrap();
    let kb_dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(root().join(KB)).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    let bad_kb = kb_dir.path().join("bad.jsonl");
    lines.insert(2, r#"{"id": "Q7", "label": "China", "aliases": "PRC"}"#);
    std::fs::write(&bad_kb, lines.join("\n")).unwrap();
    let bad_id = kb_dir.path().join("bad-id.jsonl");
    std::fs::write(&bad_id, "{\"id\": \"Q1\", \"label\": \"A\"}\n{\"id\": \"china\", \"label\": \"China\"}\n").unwrap();
    let bad_dump = kb_dir.path().join("dump.json");
    let dump = dump_text();
    let mut dump_lines: Vec<&str> = dump.lines().collect();
    dump_lines[4] = r#"{"type":"item","id":"Q9","labels":{"en":{"value":}},"#;
    std::fs::write(&bad_dump, dump_lines.join("\n")).unwrap();
    let truncated = kb_dir.path().join("cut.json.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(dump.as_bytes()).unwrap();
    let bytes = enc.finish().unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let missing = kb_dir.path().join("missing.jsonl");
    for (kb, says) in [
        (&bad_kb, format!("{}:3: not a KB item", bad_kb.display())),
        (&bad_id, format!("{}:2: `china` is not a Wikidata item id", bad_id.display())),
        (&bad_dump, format!("{}:5: not a Wikidata entity", bad_dump.display())),
        (&truncated, format!("{}:", truncated.display())),
        (&missing, format!("{}: No such file", missing.display())),
    ] {
        let out = corpus_lsp(&["link", dir.path().to_str().unwrap(), "--kb", kb.to_str().unwrap(), "--apply"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&says), "{says}\n{stderr}");
        assert!(out.stdout.is_empty());
        assert_eq!(std::fs::read(&corpus_json).unwrap(), old, "nothing written");
    }
}

#[test]
fn the_kb_named_in_corpus_json_is_the_default() {
    let dir = seeds_copy();
    let dir_arg = dir.path().to_str().unwrap().to_string();
    let out = corpus_lsp(&["link", &dir_arg]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no KB file: pass --kb FILE"));
    let corpus_json = dir.path().join("corpus.json");
    let text = std::fs::read_to_string(&corpus_json).unwrap();
    std::fs::write(&corpus_json, text.replacen("{\n", "{\n  \"kb\": \"kb/items.jsonl\",\n", 1)).unwrap();
    std::fs::create_dir(dir.path().join("kb")).unwrap();
    std::fs::copy(root().join(KB), dir.path().join("kb/items.jsonl")).unwrap();
    let got = json(&["link", &dir_arg, "--format", "json"]);
    let expected = json(&["link", "seeds", "--kb", KB, "--format", "json"]);
    assert_eq!(got, expected);
}
