//! `corpus-lsp lint`: find the corpus files, analyse them in parallel with the
//! same function the server uses, report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use crate::analysis::{Code, Diagnostic, Severity, SeverityConfig, analyze_document};
use crate::cli::format::{self, Counts};
use crate::cli::{Deny, LintArgs};
use crate::workspace::{CATALOGUE_FILE, CatalogueFile, Catalogues, corpus_files, find_catalogue, read_text};

/// One file's findings, with its text for rendering.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    /// The file's text; empty once `rendered` is set.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The file's part of the report, when the format makes it file by file
    /// (see [`lint_rendered`]).
    pub rendered: Option<Vec<u8>>,
}

/// Everything a lint run found.
#[derive(Debug, Default)]
pub struct LintOutcome {
    /// Linted files and catalogue files with problems, in path order.
    pub files: Vec<FileResult>,
    /// Files that could not be read or checked (I/O, encoding, broken catalogue).
    pub failures: Vec<String>,
    /// How many corpus files were analysed.
    pub linted: usize,
    /// The catalogues the files were linted with, kept with the outcome so
    /// that [`run`] can leave them to the OS at exit.
    pub catalogues: Catalogues,
}

impl LintOutcome {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Information => c.infos += 1,
                Severity::Hint => c.hints += 1,
            }
        }
        c
    }
}

/// The folder linted when no path is given: the one holding the nearest
/// `corpus.json` above the current folder, else the current folder.
pub fn default_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match find_catalogue(&cwd).and_then(|p| p.parent().map(Path::to_path_buf)) {
        Some(root) => pathdiff(&root, &cwd),
        None => PathBuf::from("."),
    }
}

/// `path` relative to `base` when it lies under it, for shorter output.
fn pathdiff(path: &Path, base: &Path) -> PathBuf {
    match path.strip_prefix(base) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// A file to work on, with the name it has under the folder it was found in.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    pub path: PathBuf,
    /// The path relative to the folder given on the command line (forward
    /// slashes), or the file name for a file given itself: the shard key and
    /// the name of the file in exports.
    pub key: String,
}

/// The corpus files under `paths` (folders walked, files taken as given), in
/// path order, and the paths that do not exist.
pub fn collect_files(paths: &[PathBuf], catalogues: &mut Catalogues) -> (Vec<CorpusFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.is_dir() {
            for found in corpus_files(path, catalogues) {
                let key = forward_slashes(found.strip_prefix(path).unwrap_or(&found));
                // `./a.txt` reads better as `a.txt`.
                let path = found.strip_prefix(".").map(Path::to_path_buf).unwrap_or(found);
                files.push(CorpusFile { path, key });
            }
        } else if path.is_file() && path.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
            // A catalogue named on the command line is checked as a catalogue.
            catalogues.load(path);
        } else if path.is_file() {
            let key = path.file_name().map_or_else(|| forward_slashes(path), |n| n.to_string_lossy().into_owned());
            files.push(CorpusFile { path: path.clone(), key });
        } else {
            failures.push(format!("{}: no such file or folder", path.display()));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    (files, failures)
}

/// A path with `/` between its parts, whatever the platform.
pub fn forward_slashes(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/").replace("//", "/")
}

/// `--shard K/N`: this run takes the files whose key hashes to `K - 1` modulo `N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u64,
    pub count: u64,
}

impl Shard {
    pub fn parse(s: &str) -> Result<Shard, String> {
        let err = || format!("expected K/N with 1 <= K <= N, got `{s}`");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let (index, count): (u64, u64) = (k.trim().parse().map_err(|_| err())?, n.trim().parse().map_err(|_| err())?);
        if index == 0 || count == 0 || index > count {
            return Err(err());
        }
        Ok(Shard { index, count })
    }

    /// Whether the file with this key is in the shard. The hash is 64-bit
    /// FNV-1a of the key's UTF-8 bytes: the same on every machine.
    pub fn takes(&self, key: &str) -> bool {
        fnv1a(key.as_bytes()) % self.count == self.index - 1
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub fn lint_paths(paths: &[PathBuf], overrides: &SeverityConfig) -> LintOutcome {
    lint_shard(paths, overrides, None)
}

pub fn lint_shard(paths: &[PathBuf], overrides: &SeverityConfig, shard: Option<Shard>) -> LintOutcome {
    lint_rendered(paths, overrides, shard, None)
}

/// Renders one file's part of the report from its text and diagnostics.
pub type Render = fn(&FileResult) -> Vec<u8>;

/// Like [`lint_shard`]; with `render`, each corpus file's part of the report
/// is made as soon as the file is analysed, in parallel, and its text let go,
/// so a large corpus is not held in memory until the report is written.
pub fn lint_rendered(
    paths: &[PathBuf],
    overrides: &SeverityConfig,
    shard: Option<Shard>,
    render: Option<Render>,
) -> LintOutcome {
    let mut outcome = LintOutcome::default();
    let mut catalogues = Catalogues::default();
    let (files, failures) = collect_files(paths, &mut catalogues);
    outcome.failures = failures;
    let files: Vec<PathBuf> =
        files.into_iter().filter(|f| shard.is_none_or(|s| s.takes(&f.key))).map(|f| f.path).collect();
    let jobs: Vec<_> = files.into_iter().map(|f| (catalogues.for_file(&f), f)).collect();

    let mut catalogue_files: Vec<&CatalogueFile> = catalogues.files().map(|c| c.as_ref()).collect();
    catalogue_files.sort_by(|a, b| a.path.cmp(&b.path));
    for cat in catalogue_files {
        let path = cat.path.clone().expect("loaded catalogues have a path");
        if let Some(e) = &cat.read_error {
            outcome.failures.push(format!("{}: {e}", path.display()));
            continue;
        }
        if cat.catalogue.is_none() {
            outcome.failures.push(format!("{}: the catalogue has errors; its files were not linted", path.display()));
        }
        let level = overrides.severity(Code::CatalogError);
        let diagnostics: Vec<Diagnostic> = cat
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error || level.is_some())
            .map(|p| Diagnostic {
                code: Code::CatalogError,
                severity: p.severity,
                span: p.span,
                message: p.message.clone(),
                fixes: Vec::new(),
            })
            .collect();
        // A catalogue's own problems are reported by one shard only.
        let in_shard = shard.is_none_or(|s| s.takes(&forward_slashes(&path)));
        if !diagnostics.is_empty() && in_shard {
            outcome.files.push(FileResult { path, text: cat.text.clone(), diagnostics, rendered: None });
        }
    }

    let results: Vec<Result<FileResult, String>> = jobs
        .par_iter()
        .filter_map(|(cat, path)| {
            let catalogue = cat.catalogue.as_ref()?;
            let severities = catalogue.severities.merged(overrides);
            Some(match read_text(path) {
                Ok(text) => {
                    let diagnostics = analyze_document(&text, catalogue, &severities);
                    let mut file = FileResult { path: path.clone(), text, diagnostics, rendered: None };
                    if let Some(render) = render.filter(|_| !file.diagnostics.is_empty()) {
                        file.rendered = Some(render(&file));
                        file.text = String::new();
                    }
                    Ok(file)
                }
                Err(e) => Err(format!("{}: {e}", path.display())),
            })
        })
        .collect();
    for result in results {
        match result {
            Ok(file) => {
                outcome.linted += 1;
                if !file.diagnostics.is_empty() {
                    outcome.files.push(file);
                }
            }
            Err(e) => outcome.failures.push(e),
        }
    }
    outcome.catalogues = catalogues;
    outcome
}

pub fn run(args: &LintArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let outcome = lint_rendered(&paths, &args.severity_overrides(), args.shard, format::render(args));
    // Block-buffered: a locked stdout flushes at every line break.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = format::write(&mut out, &outcome, args);
    let _ = out.flush();
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: writing the report: {e}");
        return ExitCode::from(2);
    }
    for failure in &outcome.failures {
        eprintln!("error: {failure}");
    }
    let counts = outcome.counts();
    eprintln!("{}", counts.summary(outcome.linted));
    let code = if !outcome.failures.is_empty() {
        ExitCode::from(2)
    } else if counts.errors > 0 || (args.deny == Some(Deny::Warnings) && counts.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends now: freeing a large catalogue entry by entry (and the
    // findings) would only delay the exit.
    std::mem::forget(outcome);
    code
}
