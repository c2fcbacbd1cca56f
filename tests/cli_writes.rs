//! What the CLI may and may not write, end to end on copies of the seeds:
//! `import` never replaces a file whose content would change without
//! `--force` (and then writes nothing at all), `export` replaces only its own
//! earlier output, `annotate --in-place` rewrites only the files it changes
//! and refuses broken ones. Every refusal exits 2 and leaves every file as it
//! was, byte for byte and inode for inode.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).args(args).current_dir(dir).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `work/seeds`: the five annotated seeds and their catalogue.
fn seeds_copy() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let seeds = work.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    for e in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, seeds.join(p.file_name().unwrap())).unwrap();
    }
    work
}

/// Every file under `dir` (recursively) with its bytes and inode.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u64)> {
    support::files_under(dir)
        .into_iter()
        .map(|rel| {
            let p = dir.join(&rel);
            (rel, (std::fs::read(&p).unwrap(), std::fs::metadata(&p).unwrap().ino()))
        })
        .collect()
}

fn txt_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

#[test]
fn import_refuses_to_replace_changed_files_unless_forced() {
    let work = seeds_copy();
    let w = work.path();
    let out = run(w, &["export", "--format", "jsonl", "seeds", "--out", "exported"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // Importing the export over the seeds changes nothing: accepted, and no
    // file is even rewritten.
    let before = snapshot(&w.join("seeds"));
    let out = run(w, &["import", "--format", "jsonl", "exported/corpus.jsonl", "--out", "seeds"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("imported 0 documents into seeds (5 already as imported)"), "{}", stderr(&out));
    assert_eq!(snapshot(&w.join("seeds")), before);

    // A model's spans: the same texts with only the first span of each
    // document, and one new document. Importing them over the seeds would
    // erase the human annotations: refused, every file named, nothing written
    // (not even the new document).
    let jsonl = std::fs::read_to_string(w.join("exported/corpus.jsonl")).unwrap();
    let mut model = String::new();
    for line in jsonl.lines() {
        let mut doc: serde_json::Value = serde_json::from_str(line).unwrap();
        doc["spans"].as_array_mut().unwrap().truncate(1);
        doc["meta"].as_object_mut().unwrap().remove("markup");
        model.push_str(&doc.to_string());
        model.push('\n');
    }
    model.push_str(r#"{"text": "Blinken flew.", "spans": [{"start": 0, "end": 7}], "meta": {"file": "new.txt"}}"#);
    model.push('\n');
    std::fs::write(w.join("model.jsonl"), &model).unwrap();
    let out = run(w, &["import", "--format", "jsonl", "model.jsonl", "--out", "seeds"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("5 existing files would change, so nothing was written"), "{err}");
    assert!(err.contains("--force"), "{err}");
    for name in txt_names(&root().join("seeds")) {
        assert!(err.contains(&name), "{name} named in {err}");
    }
    assert_eq!(snapshot(&w.join("seeds")), before, "nothing written");

    // With --force: replaced (atomically: new inodes, nothing else left).
    let out = run(w, &["import", "--format", "jsonl", "model.jsonl", "--out", "seeds", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("imported 6 documents into seeds"), "{}", stderr(&out));
    let after = snapshot(&w.join("seeds"));
    assert_eq!(after.len(), before.len() + 1, "the new document, and no temporary: {:?}", after.keys());
    assert_eq!(after[Path::new("new.txt")].0, b"[Blinken]{antony-blinken} flew.");
    for (name, (bytes, ino)) in &before {
        if name.extension().is_some_and(|x| x == "txt") {
            assert_ne!(&after[name].0, bytes, "{name:?} replaced");
            assert_ne!(after[name].1, *ino, "{name:?} renamed over, not rewritten in place");
        }
    }
}

#[test]
fn import_never_replaces_an_input_even_forced() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    std::fs::write(w.join("a.txt"), "Blinken.\n").unwrap();
    std::fs::write(w.join("a.ann"), "T1\tPerson 0 7\tBlinken\n#1\tAnnotatorNotes T1\tantony-blinken\n").unwrap();
    let before = snapshot(w);
    for force in [false, true] {
        let mut args = vec!["import", "--format", "brat", "a.ann", "--out", "."];
        if force {
            args.push("--force");
        }
        let out = run(w, &args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("would overwrite an input"), "{}", stderr(&out));
        assert_eq!(snapshot(w), before);
    }
}

#[test]
fn export_replaces_only_its_own_output() {
    let work = seeds_copy();
    let w = work.path();
    let before = snapshot(w);

    // Over the articles themselves: every one refused, nothing written.
    let out = run(w, &["export", "--format", "brat", "seeds", "--out", "seeds"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains("exported nothing to seeds"), "{err}");
    for name in txt_names(&root().join("seeds")) {
        assert!(err.contains(&format!("{name}: is one of the files exported")), "{name} in {err}");
    }
    assert_eq!(snapshot(w), before);

    // Into a folder inside the corpus: the .txt files would become articles.
    let out = run(w, &["export", "--format", "brat", "seeds", "--out", "seeds/brat"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("would be a corpus article of"), "{}", stderr(&out));
    assert_eq!(snapshot(w), before);

    // One article exported on its own over a copy of the seeds that the
    // export does not read: not an input, but a corpus article there.
    let out = run(w, &["export", "--format", "brat", "seeds/004_54f82c1085130031.txt", "--out", "seeds"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(w), before);

    // Its own earlier output is replaced freely, in every format.
    for format in ["brat", "jsonl", "conll"] {
        for _ in 0..2 {
            let out = run(w, &["export", "--format", format, "seeds", "--out", "out"]);
            assert!(out.status.success(), "{format}: {}", stderr(&out));
        }
    }
    // But not a stray .txt of the same name with no .ann beside it.
    let stray = w.join("out/000_773f1bc16809e9b9.ann");
    std::fs::remove_file(&stray).unwrap();
    let kept = snapshot(&w.join("out"));
    let out = run(w, &["export", "--format", "brat", "seeds", "--out", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("000_773f1bc16809e9b9.txt: exists and is not a brat export"), "{}", stderr(&out));
    assert_eq!(snapshot(&w.join("out")), kept);
    let seeds_before: BTreeMap<_, _> = before.into_iter().filter(|(p, _)| p.starts_with("seeds")).collect();
    let seeds_after: BTreeMap<_, _> = snapshot(w).into_iter().filter(|(p, _)| p.starts_with("seeds")).collect();
    assert_eq!(seeds_after, seeds_before, "the articles never touched");
}

#[test]
fn annotate_in_place_rewrites_only_what_it_changes_and_refuses_broken_files() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    std::fs::copy(root().join("tests/fixtures/export/corpus.json"), w.join("corpus.json")).unwrap();
    std::fs::write(w.join("plain.txt"), "Blinken met Wang Yi in Beijing.\n").unwrap();
    std::fs::write(w.join("done.txt"), "Nothing known here.\n").unwrap();
    std::fs::write(w.join("broken.txt"), "Blinken met\n[Wang Yi]{wang-yi in Beijing.\n").unwrap();
    std::fs::write(w.join("latin1.txt"), b"Blinken in S\xe3o Paulo.\n").unwrap();
    let before = snapshot(w);

    let out = run(w, &["annotate", "--in-place", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("broken.txt:2:1: unclosed `{`"), "{err}");
    assert!(err.contains("fix the markup first"), "{err}");
    assert!(err.contains("latin1.txt: not UTF-8 text (invalid byte at offset 12)"), "{err}");
    let after = snapshot(w);
    for name in ["broken.txt", "latin1.txt", "done.txt", "corpus.json"] {
        assert_eq!(after[Path::new(name)], before[Path::new(name)], "{name} untouched");
    }
    let plain = String::from_utf8(after[Path::new("plain.txt")].0.clone()).unwrap();
    assert!(plain.starts_with("[Blinken]{antony-blinken} met"), "{plain}");
    assert_eq!(after.len(), before.len(), "no temporary left: {:?}", after.keys());
    assert!(err.contains("rewrote 1 of 4 files"), "{err}");

    // Printing refuses the broken file too, and prints the others.
    let out = run(w, &["annotate", "broken.txt", "plain.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), plain);
}
