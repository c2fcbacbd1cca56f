//! `corpus-lsp adjudicate` end to end, on copies of the seeds: blocks where
//! the versions differ and nowhere else (taking each block's sections gives
//! back each version byte for byte), identical sections merged under joined
//! names, majority over three and four versions (ties stay blocks), the
//! refusals (an existing output without --force, --out over an input), a
//! file whose versions differ in text, the JSON summary and the catalogue.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_lsp(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).args(args).current_dir(dir).output().unwrap()
}

fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let out = corpus_lsp(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

const SEED: &str = "001_0d12f0d93f8bd923.txt";

/// A copy of the seeds (articles and corpus.json) in `dir/name`.
fn copy_seeds(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    to
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The text with every block replaced by the section whose names include
/// `name` (read independently of the server: markers on whole lines).
fn take(text: &str, name: &str) -> String {
    let mut out = String::new();
    let mut sections: Vec<(Vec<String>, String)> = Vec::new();
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if let Some(n) = bare.strip_prefix("<<<<<<< ") {
            inside = true;
            sections = vec![(n.split('+').map(String::from).collect(), String::new())];
        } else if inside && bare == "=======" {
            sections.push((Vec::new(), String::new()));
        } else if let (true, Some(n)) = (inside, bare.strip_prefix("======= ")) {
            sections.push((n.split('+').map(String::from).collect(), String::new()));
        } else if let (true, Some(n)) = (inside, bare.strip_prefix(">>>>>>> ")) {
            let last = sections.last_mut().unwrap();
            if last.0.is_empty() {
                last.0 = n.split('+').map(String::from).collect();
            }
            let (_, body) = sections.iter().find(|(names, _)| names.iter().any(|x| x == name)).expect("a section");
            out.push_str(body);
            inside = false;
        } else if inside {
            sections.last_mut().unwrap().1.push_str(line);
        } else {
            out.push_str(line);
        }
    }
    assert!(!inside, "an unclosed block");
    out
}

/// The section headers of every block: `[["a", "b"], …]`.
fn blocks(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("<<<<<<< ") {
            out.push(vec![n.to_string()]);
        } else if let Some(n) = line.strip_prefix("======= ") {
            out.last_mut().unwrap().push(n.to_string());
        } else if let Some(n) = line.strip_prefix(">>>>>>> ") {
            let last = out.last_mut().unwrap();
            if last.last().map(String::as_str) != Some(n) {
                last.push(n.to_string());
            }
        }
    }
    out
}

#[test]
fn blocks_where_the_versions_differ_and_nowhere_else() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let a = copy_seeds(dir, "alice");
    let b = copy_seeds(dir, "bob");
    // Bob: one id changed in one paragraph, a tag added to another.
    edit(&b.join(SEED), "an [Epoch Times]{epoch-times} interview", "an [Epoch Times]{ntd} interview");
    edit(&b.join(SEED), "From [The Epoch Times]{epoch-times}", "From [The Epoch Times]{epoch-times} #media");
    let v = ok_json(dir, &["adjudicate", "alice", "bob", "--out", "gold", "--format", "json"]);
    assert_eq!(v["versions"], serde_json::json!(["alice", "bob"]));
    assert_eq!(v["catalogue"], "copied");
    let gold = dir.join("gold");
    // Every other file is the seed, byte for byte; the catalogue too.
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if name != SEED {
            assert_eq!(read(&gold.join(name)), read(&path), "{name:?}");
        }
    }
    let text = read(&gold.join(SEED));
    assert_eq!(blocks(&text), [["alice", "bob"], ["alice", "bob"]]);
    // Each block holds only the differing paragraph.
    assert_eq!(text.lines().filter(|l| l.starts_with("<<<<<<<")).count(), 2);
    let inside: Vec<&str> =
        text.split("<<<<<<< alice\n").skip(1).map(|r| r.split(">>>>>>> bob\n").next().unwrap()).collect();
    assert_eq!(inside[0].lines().count(), 3, "{}", inside[0]);
    assert!(inside[0].contains("{ntd} interview"));
    assert_eq!(inside[1], "From [The Epoch Times]{epoch-times}\n=======\nFrom [The Epoch Times]{epoch-times} #media\n");
    // Taking a side gives that version back.
    assert_eq!(take(&text, "alice"), read(&a.join(SEED)));
    assert_eq!(take(&text, "bob"), read(&b.join(SEED)));
    // The summary: 2 paragraphs in 2 blocks, the rest agreed.
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    let f = files.iter().find(|f| f["file"] == SEED).unwrap();
    assert_eq!(f["status"], "written");
    assert_eq!((f["paragraphs"]["conflict"].as_u64(), f["paragraphs"]["blocks"].as_u64()), (Some(2), Some(2)));
    let with_text = read(&a.join(SEED)).lines().filter(|l| !l.trim().is_empty()).count() as u64;
    assert_eq!(f["paragraphs"]["agreed"].as_u64(), Some(with_text - 2));
    assert_eq!(v["total"]["blocks"], 2);
    assert_eq!(v["total"]["majority"], 0);
    assert_eq!(read(&gold.join("corpus.json")), read(&root().join("seeds/corpus.json")));
    // `lint gold` (under the copied catalogue) reports exactly the blocks written, on their
    // `<<<<<<<` lines, and no other error.
    let out = corpus_lsp(dir, &["lint", "gold", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let diagnostics: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<(String, String, u64)> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let file = d["file"].as_str().unwrap().to_string();
            (file, d["code"].as_str().unwrap().to_string(), d["range"]["start"]["line"].as_u64().unwrap())
        })
        .collect();
    let opening: Vec<u64> =
        text.lines().enumerate().filter(|(_, l)| l.starts_with("<<<<<<< ")).map(|(i, _)| i as u64 + 1).collect();
    let want: Vec<(String, String, u64)> =
        opening.iter().map(|&l| (format!("gold/{SEED}"), "unresolved-conflict".to_string(), l)).collect();
    assert_eq!(errors, want);
    // Commands that need one text refuse the file until it is resolved.
    let out = corpus_lsp(dir, &["export", "gold", "--format", "jsonl", "--out", "x"]);
    assert_eq!(out.status.code(), Some(2));

    // The table says the same.
    let out = corpus_lsp(dir, &["adjudicate", "alice", "bob", "--out", "gold"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.starts_with("versions: alice, bob\n"), "{table}");
    assert!(table.contains("total (5 of 5 files)"), "{table}");
}

#[test]
fn identical_sections_are_merged_under_joined_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(dir, "a");
    let b = copy_seeds(dir, "b");
    let c = copy_seeds(dir, "c");
    for v in [&b, &c] {
        edit(&v.join(SEED), "an [Epoch Times]{epoch-times} interview", "an Epoch Times interview");
    }
    edit(&c.join(SEED), "From [The Epoch Times]{epoch-times}", "From The Epoch Times");
    let v = ok_json(dir, &["adjudicate", "a", "b", "c", "--out", "gold", "--format", "json"]);
    let text = read(&dir.join("gold").join(SEED));
    assert_eq!(blocks(&text), [vec!["a", "b+c"], vec!["a+b", "c"]]);
    assert!(
        text.contains("=======\nThe [State Department]{state-department} report also cited an Epoch Times interview")
    );
    assert_eq!(take(&text, "c"), read(&c.join(SEED)));
    assert_eq!(take(&text, "b"), read(&b.join(SEED)));
    assert_eq!(v["total"]["conflict"], 2);

    // Three distinct sections: each further one named on its opening line.
    edit(&b.join(SEED), "From [The Epoch Times]{epoch-times}", "From [The Epoch Times]{epoch-times} #media");
    let out = corpus_lsp(dir, &["adjudicate", "a", "b", "c", "--out", "gold", "--force", "--names", "x,y,z"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = read(&dir.join("gold").join(SEED));
    assert_eq!(blocks(&text), [vec!["x", "y+z"], vec!["x", "y", "z"]]);
    assert!(text.contains("<<<<<<< x\nFrom [The Epoch Times]{epoch-times}\n======= y\nFrom [The Epoch Times]{epoch-times} #media\n======= z\nFrom The Epoch Times\n>>>>>>> z\n"), "{text}");
    assert_eq!(take(&text, "y"), read(&b.join(SEED)));
}

#[test]
fn majority_over_three_and_four_versions() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let a = copy_seeds(dir, "a");
    let b = copy_seeds(dir, "b");
    let c = copy_seeds(dir, "c");
    // Paragraph 1: b alone changes an id (a and c win). Paragraph 2: b and c
    // add a tag (kept), a alone removes a mention (b and c win), in one paragraph.
    edit(&b.join(SEED), "an [Epoch Times]{epoch-times} interview", "an [Epoch Times]{ntd} interview");
    for v in [&b, &c] {
        edit(&v.join(SEED), "From [The Epoch Times]{epoch-times}", "From [The Epoch Times]{epoch-times} #media");
    }
    let seed = read(&a.join(SEED));
    let a_mention = "[Robert Gilchrist]{robert-gilchrist}, a senior";
    edit(&a.join(SEED), a_mention, "Robert Gilchrist, a senior");
    let v = ok_json(dir, &["adjudicate", "a", "b", "c", "--majority", "--out", "gold", "--format", "json"]);
    let text = read(&dir.join("gold").join(SEED));
    assert!(blocks(&text).is_empty(), "{text}");
    assert_eq!(
        text,
        seed.replacen("From [The Epoch Times]{epoch-times}", "From [The Epoch Times]{epoch-times} #media", 1)
    );
    assert_eq!((v["total"]["majority"].as_u64(), v["total"]["conflict"].as_u64()), (Some(3), Some(0)));

    // Four versions: d sides with b on the id, a tie (2 against 2) stays a block.
    let d = copy_seeds(dir, "d");
    edit(&d.join(SEED), "an [Epoch Times]{epoch-times} interview", "an [Epoch Times]{ntd} interview");
    edit(&d.join(SEED), a_mention, "Robert Gilchrist, a senior");
    let v = ok_json(dir, &["adjudicate", "a", "b", "c", "d", "--majority", "--out", "gold4", "--format", "json"]);
    let text = read(&dir.join("gold4").join(SEED));
    // Gilchrist: a and d against b and c, a tie; the id: b and d against a and c, a tie.
    // The tag: b and c carry it, a and d do not: a tie too, in the same paragraph as nothing else.
    let got = blocks(&text);
    assert_eq!(got, [vec!["a+c", "b+d"], vec!["a+d", "b+c"], vec!["a+d", "b+c"]], "{text}");
    let f = &v["files"].as_array().unwrap().iter().find(|f| f["file"] == SEED).unwrap()["paragraphs"];
    assert_eq!((f["majority"].as_u64(), f["conflict"].as_u64(), f["blocks"].as_u64()), (Some(0), Some(3), Some(3)));
    // Three of four decide.
    let e_dir = dir.join("e");
    std::fs::rename(&d, &e_dir).unwrap();
    let e = copy_seeds(dir, "d");
    edit(&e.join(SEED), "From [The Epoch Times]{epoch-times}", "From [The Epoch Times]{epoch-times} #media");
    let v = ok_json(dir, &["adjudicate", "a", "b", "c", "d", "--majority", "--out", "gold4b", "--format", "json"]);
    let text = read(&dir.join("gold4b").join(SEED));
    // Tag: b c d of 4; the id: a c d of 4; Gilchrist: b c d of 4.
    assert!(blocks(&text).is_empty(), "{text}");
    assert_eq!(
        text,
        seed.replacen("From [The Epoch Times]{epoch-times}", "From [The Epoch Times]{epoch-times} #media", 1)
    );
    assert_eq!(v["total"]["majority"], 3);

    // --majority needs three versions.
    let out = corpus_lsp(dir, &["adjudicate", "a", "b", "--majority", "--out", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("three or more versions"));
    assert!(!dir.join("x").exists());
}

#[test]
fn refusals_and_text_mismatches() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_seeds(dir, "a");
    let b = copy_seeds(dir, "b");
    edit(&b.join(SEED), "an [Epoch Times]{epoch-times} interview", "an [Epoch Times]{ntd} interview");
    let first = corpus_lsp(dir, &["adjudicate", "a", "b", "--out", "gold"]);
    assert!(first.status.success());
    let gold = dir.join("gold").join(SEED);
    let before = read(&gold);
    // The same run again: nothing would change, nothing is refused.
    let v = ok_json(dir, &["adjudicate", "a", "b", "--out", "gold", "--format", "json"]);
    assert!(v["files"].as_array().unwrap().iter().all(|f| f["status"] == "unchanged"), "{v}");
    // A human resolved the block; a new run would replace that work: refused.
    std::fs::write(&gold, read(&dir.join("a").join(SEED))).unwrap();
    edit(&b.join(SEED), "From [The Epoch Times]{epoch-times}", "From [The Epoch Times]{epoch-times} #media");
    let out = corpus_lsp(dir, &["adjudicate", "a", "b", "--out", "gold"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{SEED}: exists and would be replaced")) && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(read(&gold), read(&dir.join("a").join(SEED)), "nothing written");
    let out = corpus_lsp(dir, &["adjudicate", "a", "b", "--out", "gold", "--force"]);
    assert!(out.status.success());
    assert_ne!(read(&gold), before);
    assert_eq!(blocks(&read(&gold)).len(), 2);

    // --out is, contains or lies inside an input: refused, nothing written.
    for out_dir in ["a", ".", "b/gold", "a/../b"] {
        let listing = |p: &Path| support::files_under(p);
        let snapshot = listing(dir);
        let out = corpus_lsp(dir, &["adjudicate", "a", "b", "--out", out_dir, "--force"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{out_dir}: {stderr}");
        assert!(stderr.contains("an input is never replaced"), "{stderr}");
        assert_eq!(listing(dir), snapshot, "{out_dir}");
    }
    // Files: an output over an input file is refused as well.
    let out = corpus_lsp(dir, &["adjudicate", &format!("a/{SEED}"), &format!("b/{SEED}"), "--out", "a", "--force"]);
    assert_eq!(out.status.code(), Some(2));

    // Two files: one article, named after the first, versions named by their stems.
    std::fs::copy(dir.join("a").join(SEED), dir.join("ann1.txt")).unwrap();
    std::fs::copy(b.join(SEED), dir.join("ann2.txt")).unwrap();
    let v = ok_json(dir, &["adjudicate", "ann1.txt", "ann2.txt", "--out", "files", "--format", "json"]);
    assert_eq!(v["versions"], serde_json::json!(["ann1", "ann2"]));
    assert_eq!(blocks(&read(&dir.join("files/ann1.txt"))), [["ann1", "ann2"], ["ann1", "ann2"]]);

    // A file whose versions differ in text is reported as agree reports it, and skipped.
    let other = "003_619e916fe3e550e1.txt";
    std::fs::write(b.join(other), read(&b.join(other)).replacen(" the ", " teh ", 1)).unwrap();
    let out = corpus_lsp(dir, &["adjudicate", "a", "b", "--out", "gold2", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{other}: the plain text differs from")) && stderr.contains("(skipped)"),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = v["files"].as_array().unwrap().iter().find(|f| f["file"] == other).unwrap()["status"].clone();
    assert_eq!(status, "text-differs");
    assert!(!dir.join("gold2").join(other).exists());
    assert!(dir.join("gold2").join(SEED).exists());
}

/// The output's catalogue: copied when the versions share one and DIR has
/// none, not copied when DIR already lies under it, DIR's own never replaced.
#[test]
fn the_catalogue_of_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let a = copy_seeds(dir, "a");
    let b = copy_seeds(dir, "b");
    edit(&b.join(SEED), "an [Epoch Times]{epoch-times} interview", "an [Epoch Times]{ntd} interview");
    // The versions under one corpus.json above them: DIR beside them shares it.
    std::fs::rename(a.join("corpus.json"), dir.join("corpus.json")).unwrap();
    std::fs::remove_file(b.join("corpus.json")).unwrap();
    let v = ok_json(dir, &["adjudicate", "a", "b", "--out", "gold", "--format", "json"]);
    assert_eq!(v["catalogue"], "shared");
    assert!(!dir.join("gold/corpus.json").exists());
    // DIR elsewhere: a copy.
    let elsewhere = tempfile::tempdir().unwrap();
    let out_dir = elsewhere.path().join("gold");
    let v = ok_json(dir, &["adjudicate", "a", "b", "--out", out_dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(v["catalogue"], "copied");
    assert_eq!(read(&out_dir.join("corpus.json")), read(&dir.join("corpus.json")));
    // DIR's own catalogue, grown since: kept, even with --force.
    let grown = read(&dir.join("corpus.json")).replacen("\"entities\": [", "\"entities\": [\n", 1);
    std::fs::write(out_dir.join("corpus.json"), &grown).unwrap();
    let v = ok_json(dir, &["adjudicate", "a", "b", "--out", out_dir.to_str().unwrap(), "--format", "json", "--force"]);
    assert_eq!(v["catalogue"], "kept");
    assert_eq!(read(&out_dir.join("corpus.json")), grown);
}

mod support;
