//! `corpus-lsp lint`: find the corpus files, analyse them in parallel with the
//! same function the server uses, report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use crate::analysis::{Code, Diagnostic, Severity, SeverityConfig, analyze_document};
use crate::cli::format::{self, Counts};
use crate::cli::{Deny, LintArgs};
use crate::workspace::{CatalogueFile, Catalogues, corpus_files, find_catalogue, read_text};

/// One file's findings, with its text for rendering.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
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

pub fn lint_paths(paths: &[PathBuf], overrides: &SeverityConfig) -> LintOutcome {
    let mut outcome = LintOutcome::default();
    let mut catalogues = Catalogues::default();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = corpus_files(path, &mut catalogues);
            // `./a.txt` reads better as `a.txt`.
            files.extend(found.into_iter().map(|f| f.strip_prefix(".").map(Path::to_path_buf).unwrap_or(f)));
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            outcome.failures.push(format!("{}: no such file or folder", path.display()));
        }
    }
    files.sort();
    files.dedup();
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
        if !diagnostics.is_empty() {
            outcome.files.push(FileResult { path, text: cat.text.clone(), diagnostics });
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
                    Ok(FileResult { path: path.clone(), text, diagnostics })
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
    outcome
}

pub fn run(args: &LintArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let outcome = lint_paths(&paths, &args.severity_overrides());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
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
    if !outcome.failures.is_empty() {
        ExitCode::from(2)
    } else if counts.errors > 0 || (args.deny == Some(Deny::Warnings) && counts.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
