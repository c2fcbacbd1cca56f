//! The manual's walk-through `docs/src/gold-corpus.md` runs as written: its
//! ```sh blocks, in order, as one `bash -euo pipefail` script in a fresh
//! folder holding a copy of the repository's `seeds/`, with this build's
//! `corpus-lsp` first on PATH. Any failing command fails the test; then what
//! the page says happened is checked on the files it made.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The contents of the page's ```sh blocks, in order.
fn sh_blocks(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(String::new()),
            (Some(_), "```") => out.push(current.take().unwrap()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "an unclosed ```sh block");
    out
}

#[test]
fn the_walk_through_runs_as_written() {
    let page = std::fs::read_to_string(root().join("docs/src/gold-corpus.md")).unwrap();
    let blocks = sh_blocks(&page);
    assert!(blocks.len() >= 6, "{blocks:?}");
    let script = blocks.join("\n");
    for command in ["agree", "adjudicate", "lint", "export", "--majority"] {
        assert!(script.contains(command), "the walk-through runs {command}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join("seeds")).unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("seeds").join(path.file_name().unwrap())).unwrap();
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_corpus-lsp")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    // Each block is traced (`set -x`) so a failure names its command.
    let out = Command::new("bash")
        .args(["-euo", "pipefail", "-x", "-c", &script])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the walk-through failed:\n{stdout}\n{stderr}");

    // What the page says: two blocks after the first merge (the `grep -c`
    // printed 2), none after the majority, a clean gold corpus, an export.
    assert!(stdout.contains("\n2\n"), "{stdout}");
    // The first `lint gold` listed the two blocks as errors (lint's summary goes to stderr).
    assert_eq!(stdout.matches("error[unresolved-conflict]").count(), 2, "{stdout}");
    assert!(stderr.contains("linted 5 files: 2 errors"), "{stderr}");
    assert!(stdout.contains("Fleiss' kappa"), "{stdout}");
    let gold = std::fs::read_to_string(dir.join("gold/001_0d12f0d93f8bd923.txt")).unwrap();
    assert!(!gold.contains("<<<<<<<"), "{gold}");
    let seed = std::fs::read_to_string(dir.join("seeds/001_0d12f0d93f8bd923.txt")).unwrap();
    assert_eq!(
        gold,
        seed.replace("From [The Epoch Times]{epoch-times}\n", "From [The Epoch Times]{epoch-times} #media\n")
    );
    assert_eq!(
        std::fs::read(dir.join("gold/corpus.json")).unwrap(),
        std::fs::read(dir.join("seeds/corpus.json")).unwrap()
    );
    let export = std::fs::read_to_string(dir.join("gold-export/corpus.jsonl")).unwrap();
    assert_eq!(export.lines().count(), 5);
}
