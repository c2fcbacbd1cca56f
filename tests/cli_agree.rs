//! `corpus-lsp agree` end to end: the seeds against the planted copy in
//! `tests/fixtures/agree` (every figure from the six planted changes), folders
//! with a one-sided file and a text mismatch, usage errors, and the kappas
//! checked against scikit-learn (`tests/python/check_kappa.py`, in the venv
//! `tests/python/venv.sh` makes under target/).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod support;
use support::cli::{corpus_lsp, json, root, venv_python};

/// The seeds' mention count, from `stats` (the same corpus model).
fn seed_mentions() -> u64 {
    let stats = json(&["stats", "--format", "json", "seeds"]);
    stats["entities"].as_array().unwrap().iter().map(|e| e["annotated"].as_u64().unwrap()).sum()
}

#[test]
fn seeds_against_the_planted_copy() {
    // The copy must be the seeds plus the planted changes only.
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") && !path.ends_with("001_0d12f0d93f8bd923.txt") {
            let copy = root().join("tests/fixtures/agree").join(path.file_name().unwrap());
            assert!(
                std::fs::read(&path).unwrap() == std::fs::read(&copy).unwrap(),
                "{} is out of date: run `python3 tests/fixtures/agree/plant.py`",
                copy.display()
            );
        }
    }
    let n = seed_mentions();
    let v = json(&["agree", "seeds", "tests/fixtures/agree", "--format", "json", "--disagreements"]);
    assert_eq!(v["files"].as_array().unwrap().len(), 5);
    assert!(v["files"].as_array().unwrap().iter().all(|f| f["status"] == "compared"));
    // Planted: one overlap (same id), one mention removed, one id changed, one mention added.
    assert_eq!(
        v["mentions"],
        serde_json::json!({"exact": n - 3, "different_id": 1, "overlapping": 1, "only_a": 1, "only_b": 1})
    );
    let all = &v["spans"]["overall"];
    assert_eq!((all["a"].as_u64(), all["b"].as_u64(), all["exact"].as_u64()), (Some(n), Some(n), Some(n - 3)));
    let round = |x: f64| (x * 10000.0).round() / 10000.0;
    let nf = n as f64;
    assert_eq!(all["precision"].as_f64(), Some(round((nf - 3.0) / nf)));
    assert_eq!(all["recall"].as_f64(), Some(round((nf - 3.0) / nf)));
    assert_eq!(all["f1"].as_f64(), Some(round(2.0 * (nf - 3.0) / (2.0 * nf))));
    // The overlapping pair has the same id: agreed on both sides.
    assert_eq!(all["overlap_f1"].as_f64(), Some(round(2.0 * (nf - 2.0) / (2.0 * nf))));
    // ntd: A has it at NTD (removed in B) and two more; B gains Epoch Times as ntd.
    let ntd = &v["spans"]["by_entity"]["ntd"];
    assert_eq!((ntd["a"].as_u64(), ntd["b"].as_u64(), ntd["exact"].as_u64()), (Some(3), Some(3), Some(2)));
    let tags = &v["tags"];
    assert_eq!((tags["only_a"].as_u64(), tags["only_b"].as_u64()), (Some(1), Some(1)));
    assert_eq!(tags["by_tag"]["overcapacity"]["only_a"], 1);
    assert_eq!(tags["by_tag"]["media"]["only_b"], 1);
    let d: Vec<(String, String, String)> = v["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let side = |s: &Value| {
                if s.is_null() {
                    "-".to_string()
                } else {
                    format!("{}:{} {}", s["line"], s["column"], s["markup"].as_str().unwrap())
                }
            };
            (d["category"].as_str().unwrap().to_string(), side(&d["a"]), side(&d["b"]))
        })
        .collect();
    let want = [
        (
            "overlapping",
            "7:20 [Antony Blinken]{antony-blinken}",
            "7:1 [Secretary of State Antony Blinken]{antony-blinken}",
        ),
        ("tag-only-b", "-", "7:267 #media"),
        ("only-a", "9:318 [NTD]{ntd}", "-"),
        ("different-id", "9:334 [Epoch Times]{epoch-times}", "9:327 [Epoch Times]{ntd}"),
        ("tag-only-a", "13:385 #overcapacity", "-"),
        ("only-b", "-", "13:137 [secretary of state]{antony-blinken}"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(d, want);

    // The table and the listing say the same.
    let out = corpus_lsp(&["agree", "seeds", "tests/fixtures/agree", "--disagreements"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("5 of 5 file pairs compared"), "{text}");
    assert!(text.contains(&format!("exact (same span, same id)  {:>5}", n - 3)), "{text}");
    assert!(text.contains("seeds/001_0d12f0d93f8bd923.txt:9:334: same span, different id\n    A: [Epoch Times]{epoch-times}\n    B: [Epoch Times]{ntd}  (tests/fixtures/agree/001_0d12f0d93f8bd923.txt:9:327)"), "{text}");
}

#[test]
fn one_sided_files_warn_and_text_mismatches_fail() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(a.path().join("same.txt"), "[Blinken]{antony-blinken} met [Wang Yi]{wang-yi}.\n").unwrap();
    std::fs::write(b.path().join("same.txt"), "[Blinken]{antony-blinken} met Wang Yi.\n").unwrap();
    std::fs::write(a.path().join("differs.txt"), "Line one.\n[Xi]{xi-jinping} said “yes”.\n").unwrap();
    std::fs::write(b.path().join("differs.txt"), "Line one.\n[Xi]{xi-jinping} said “no”.\n").unwrap();
    std::fs::write(a.path().join("only-a.txt"), "A only.\n").unwrap();
    let (pa, pb) = (a.path().to_str().unwrap(), b.path().to_str().unwrap());
    let out = corpus_lsp(&["agree", pa, pb, "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // `Xi said “` is 9 characters: the difference is at column 10 of line 2.
    assert!(stderr.contains("differs.txt: the plain text differs from") && stderr.contains("at 2:10"), "{stderr}");
    assert!(stderr.contains("warning: ") && stderr.contains("only-a.txt: only in A"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let status: Vec<(&str, &str)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(status, [("differs.txt", "text-differs"), ("only-a.txt", "only-a"), ("same.txt", "compared")]);
    assert_eq!((v["files"][0]["line"].as_u64(), v["files"][0]["column"].as_u64()), (Some(2), Some(10)));
    // Only the compared pair counts: 2 in A, 1 in B, 1 exact.
    assert_eq!(v["spans"]["overall"]["precision"], 1.0);
    assert_eq!(v["spans"]["overall"]["recall"], 0.5);

    // A warning alone does not fail.
    std::fs::remove_file(b.path().join("differs.txt")).unwrap();
    std::fs::remove_file(a.path().join("differs.txt")).unwrap();
    let out = corpus_lsp(&["agree", pa, pb]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "x\n").unwrap();
    let (d, f) = (dir.path().to_str().unwrap(), file.to_str().unwrap());
    for args in [vec!["agree", d, f], vec!["agree", d, "/nonexistent/b"], vec!["agree", d]] {
        let out = corpus_lsp(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    // Two files are one pair whatever their names.
    let other = dir.path().join("b.txt");
    std::fs::write(&other, "x\n").unwrap();
    let out = corpus_lsp(&["agree", f, other.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["status"], "compared");
    // Not UTF-8: an I/O error, exit 2.
    std::fs::write(&other, b"\xff\xfe").unwrap();
    let out = corpus_lsp(&["agree", f, other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

/// Cohen's kappa (tokens overall and per kind, tags per tag) against
/// scikit-learn's `cohen_kappa_score`, on the seeds against the planted copy.
#[test]
fn kappa_matches_scikit_learn() {
    let python = venv_python();
    let work = tempfile::tempdir().unwrap();
    let w = |name: &str| work.path().join(name).to_str().unwrap().to_string();
    let out = corpus_lsp(&["agree", "seeds", "tests/fixtures/agree", "--format", "json"]);
    assert!(out.status.success());
    std::fs::write(w("agree.json"), &out.stdout).unwrap();
    for (side, dir) in [("a", "seeds"), ("b", "tests/fixtures/agree")] {
        let out = corpus_lsp(&["export", "--format", "jsonl", dir, "--out", &w(side)]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let check = Command::new(python)
        .arg(root().join("tests/python/check_kappa.py"))
        .args([w("agree.json"), w("a/corpus.jsonl"), w("b/corpus.jsonl")])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{report}{}", String::from_utf8_lossy(&check.stderr));
    assert!(report.contains("kappa matches scikit-learn"), "{report}");
}

/// A third version of the seeds in `dir`: the planted copy's first article
/// with two more changes (a mention removed, an id changed), the rest the seeds.
fn third_version(dir: &Path) -> std::path::PathBuf {
    let c = dir.join("c");
    std::fs::create_dir_all(&c).unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, c.join(path.file_name().unwrap())).unwrap();
    }
    let seed = c.join("003_619e916fe3e550e1.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    let first = text.find("]{").unwrap();
    let open = text[..first].rfind('[').unwrap();
    let close = first + text[first..].find('}').unwrap();
    // `[Surface]{id}` → `Surface` (the first mention of the article).
    let changed = format!("{}{}{}", &text[..open], &text[open + 1..first], &text[close + 1..]);
    std::fs::write(&seed, changed).unwrap();
    let other = c.join("002_68f08306579e3733.txt");
    let text = std::fs::read_to_string(&other).unwrap();
    let at = text.find("]{china}").expect("a China mention");
    std::fs::write(&other, format!("{}]{{taiwan}}{}", &text[..at], &text[at + "]{china}".len()..])).unwrap();
    c
}

/// Three and four versions: the pairwise table and the n-way figures, in the
/// table and in JSON, and every figure against statsmodels, krippendorff and
/// the exported spans; with two versions, alpha beside kappa.
#[test]
fn n_versions_match_statsmodels_and_krippendorff() {
    let python = venv_python();
    let work = tempfile::tempdir().unwrap();
    let c = third_version(work.path());
    let c = c.to_str().unwrap();
    let w = |name: &str| work.path().join(name).to_str().unwrap().to_string();
    for (side, dir) in [("a", "seeds"), ("b", "tests/fixtures/agree"), ("c", c)] {
        let out = corpus_lsp(&["export", "--format", "jsonl", dir, "--out", &w(&format!("x{side}"))]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    for versions in [vec!["seeds", "tests/fixtures/agree", c], vec!["seeds", "tests/fixtures/agree", c, "seeds"]] {
        let mut args = vec!["agree"];
        args.extend(&versions);
        args.extend(["--format", "json"]);
        let v = json(&args);
        let n = versions.len();
        assert_eq!(v["pairs"].as_array().unwrap().len(), n * (n - 1) / 2);
        assert_eq!(v["pairs"][0]["a"], "seeds");
        assert_eq!(v["pairs"][0]["b"], "tests/fixtures/agree");
        assert!(v["files"].as_array().unwrap().iter().all(|f| f["status"] == "compared"));
        assert!(v["tokens"]["overall"]["fleiss_kappa"].as_f64().is_some_and(|k| k > 0.9 && k < 1.0), "{v}");
        assert!(v["tokens"]["by_kind"]["person"]["krippendorff_alpha"].is_f64());
        // The seeds against themselves: F1 = 1 (the fourth version is the first again).
        if n == 4 {
            assert_eq!(v["pairs"][2]["spans"]["overall"]["f1"], 1.0);
        }
        std::fs::write(w("agree.json"), serde_json::to_vec(&v).unwrap()).unwrap();
        let exports: Vec<String> = versions
            .iter()
            .map(|d| {
                if *d == "seeds" {
                    "a"
                } else if *d == c {
                    "c"
                } else {
                    "b"
                }
            })
            .map(|s| w(&format!("x{s}/corpus.jsonl")))
            .collect();
        let check = Command::new(&python)
            .arg(root().join("tests/python/check_kappa.py"))
            .arg(w("agree.json"))
            .args(&exports)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert!(check.status.success(), "{report}{}", String::from_utf8_lossy(&check.stderr));
        assert!(report.contains("n-way figures match statsmodels and krippendorff"), "{report}");
        assert!(report.contains(&format!("over {n} versions")), "{report}");
    }
    // The table.
    let out = corpus_lsp(&["agree", "seeds", "tests/fixtures/agree", c]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("5 of 5 files compared across all 3 versions\n"), "{text}");
    assert!(text.contains("seeds / tests/fixtures/agree"), "{text}");
    assert!(text.contains("Fleiss' kappa") && text.contains("Krippendorff's alpha"), "{text}");
    // Two versions: today's table with alpha beside kappa; JSON with both n-way figures.
    let out = corpus_lsp(&["agree", "seeds", c]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("kappa  alpha"), "{text}");
    let v = json(&["agree", "seeds", c, "--format", "json"]);
    assert!(v["tokens"]["overall"]["kappa"].is_f64() && v["tokens"]["overall"]["krippendorff_alpha"].is_f64());
    assert_eq!(v["pairs"].as_array().unwrap().len(), 1);
    assert_eq!(v["pairs"][0]["spans"]["overall"], v["spans"]["overall"]);
}
