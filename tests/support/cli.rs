//! Running the real `corpus-lsp` binary as a command, for the CLI tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository (the tests run the commands from here).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `corpus-lsp ARGS` from the repository, whatever its exit.
pub fn corpus_lsp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).args(args).current_dir(root()).output().unwrap()
}

/// `corpus-lsp ARGS`, which must succeed.
#[track_caller]
pub fn run(args: &[&str]) -> Output {
    let out = corpus_lsp(args);
    assert!(
        out.status.success(),
        "corpus-lsp {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    out
}

/// The JSON that `corpus-lsp ARGS` prints, which must succeed.
#[track_caller]
pub fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run(args).stdout).unwrap()
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `.txt` files directly in `dir`, sorted.
pub fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// The five annotated seeds.
pub fn seed_files() -> Vec<PathBuf> {
    let files = txt_files(&root().join("seeds"));
    assert_eq!(files.len(), 5, "five seeds");
    files
}

/// The Python of the tests' venv (`tests/python/venv.sh` makes it under
/// target/ on first use, with tests/python/requirements.txt).
#[track_caller]
pub fn venv_python() -> String {
    let venv = Command::new("bash").arg(root().join("tests/python/venv.sh")).output().unwrap();
    assert!(venv.status.success(), "making the venv: {}", String::from_utf8_lossy(&venv.stderr));
    String::from_utf8(venv.stdout).unwrap().trim().to_string()
}
