//! `corpus-lsp lint`: find the corpus files, analyse them in parallel with the
//! same function the server uses, report. The report is streamed: each file's
//! part is written as soon as it and every file before it are done, and the
//! file is let go, so memory does not grow with the corpus.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use crate::analysis::catalogue;
use crate::analysis::{Code, Diagnostic, LineIndex, Severity, SeverityConfig, analyze_document_indexed};
use crate::cli::format::{Counts, Report};
use crate::cli::{Deny, LintArgs};
use crate::workspace::{CATALOGUE_FILE, CatalogueFile, Catalogues, corpus_files, find_catalogue, read_text};

/// One file's findings, with its text for rendering.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The text's lines, when the analysis cut them already.
    pub lines: Option<LineIndex>,
}

impl FileResult {
    /// The text's line index: the analysis's, else cut now.
    pub fn line_index(&self) -> std::borrow::Cow<'_, LineIndex> {
        match &self.lines {
            Some(index) => std::borrow::Cow::Borrowed(index),
            None => std::borrow::Cow::Owned(LineIndex::new(&self.text)),
        }
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for d in &self.diagnostics {
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

/// What a lint run found, besides the report itself.
#[derive(Debug, Default)]
pub struct LintSummary {
    /// The diagnostics reported, by severity.
    pub counts: Counts,
    /// Files that could not be read or checked (I/O, encoding, broken catalogue).
    pub failures: Vec<String>,
    /// How many corpus files were analysed.
    pub linted: usize,
    /// The catalogues the files were linted with, kept with the summary so
    /// that [`run`] can leave them to the OS at exit.
    pub catalogues: Catalogues,
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

/// How many files' parts may wait for an earlier file before no new file is
/// started: enough to keep every thread busy past a slow file, few enough that
/// what waits stays small.
fn reorder_window() -> usize {
    (4 * rayon::current_num_threads()).max(16)
}

/// Up to this many files named on the command line (and this many bytes)
/// are read once before their catalogues load, so that the catalogues build
/// their alias matchers for those files' words only.
const FEW_FILES: usize = 64;
const FEW_BYTES: u64 = 16 << 20;

/// The words of `files` when every path given is a file and they are few
/// (a pre-commit hook's case), else `None` (catalogues load whole). A file
/// that cannot be read adds nothing: it fails again when linted.
fn few_files_words(paths: &[PathBuf], files: &[PathBuf]) -> Option<catalogue::Words> {
    if files.len() > FEW_FILES || paths.iter().any(|p| p.is_dir()) {
        return None;
    }
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).sum();
    if bytes > FEW_BYTES {
        return None;
    }
    let mut words = catalogue::Words::default();
    for file in files {
        if let Ok(text) = read_text(file) {
            words.add_text(&text);
        }
    }
    Some(words)
}

/// Lints the corpus files under `paths` (and checks their catalogues) and
/// hands `emit`, on the calling thread, the report's part of each file with
/// diagnostics (`render`, run on the thread that analysed the file) in report
/// order: catalogues with problems first, by path, then corpus files by path.
/// Files are analysed in parallel on rayon's pool; a file's text and
/// diagnostics are dropped as soon as it is rendered, and at most
/// [`reorder_window`] rendered parts wait for an earlier file. With `cache`,
/// the catalogues of a few files load through it (`src/cli/cache.rs`).
pub fn lint_streamed<R: Send>(
    paths: &[PathBuf],
    overrides: &SeverityConfig,
    shard: Option<Shard>,
    cache: Option<std::sync::Arc<dyn crate::workspace::CatalogueLoader>>,
    render: impl Fn(&FileResult) -> R + Sync,
    mut emit: impl FnMut(R),
) -> LintSummary {
    let mut summary = LintSummary::default();
    let mut catalogues = Catalogues::default();
    let (files, failures) = collect_files(paths, &mut catalogues);
    summary.failures = failures;
    let files: Vec<PathBuf> =
        files.into_iter().filter(|f| shard.is_none_or(|s| s.takes(&f.key))).map(|f| f.path).collect();
    if let Some(words) = few_files_words(paths, &files) {
        catalogues.for_texts(words);
        if let Some(cache) = cache {
            catalogues.with_loader(cache);
        }
    }
    let jobs: Vec<_> = files.into_iter().map(|f| (catalogues.for_file(&f), f)).collect();

    let mut catalogue_files: Vec<&CatalogueFile> = catalogues.files().map(|c| c.as_ref()).collect();
    catalogue_files.sort_by(|a, b| a.path.cmp(&b.path));
    for cat in catalogue_files {
        let path = cat.path.clone().expect("loaded catalogues have a path");
        if let Some(e) = &cat.read_error {
            summary.failures.push(format!("{}: {e}", path.display()));
            continue;
        }
        if cat.catalogue.is_none() {
            summary.failures.push(format!("{}: the catalogue has errors; its files were not linted", path.display()));
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
            let file = FileResult { path, text: cat.text.clone(), diagnostics, lines: None };
            summary.counts.add(file.counts());
            emit(render(&file));
        }
    }

    /// A corpus file's outcome, as it waits its turn.
    enum Linted<R> {
        /// Its catalogue has errors: not linted (the catalogue is the failure).
        Skipped,
        Clean,
        Found(Counts, R),
        Failed(String),
    }
    let lint_one = |(cat, path): &(std::sync::Arc<CatalogueFile>, PathBuf)| {
        let Some(catalogue) = cat.catalogue.as_ref() else { return Linted::Skipped };
        let severities = catalogue.severities.merged(overrides);
        match read_text(path) {
            Ok(text) => {
                let (diagnostics, lines) = analyze_document_indexed(&text, catalogue, &severities);
                if diagnostics.is_empty() {
                    return Linted::Clean;
                }
                let file = FileResult { path: path.clone(), text, diagnostics, lines: Some(lines) };
                Linted::Found(file.counts(), render(&file))
            }
            Err(e) => Linted::Failed(format!("{}: {e}", path.display())),
        }
    };
    ordered_par_map(&jobs, reorder_window(), lint_one, |linted| match linted {
        Linted::Skipped => {}
        Linted::Clean => summary.linted += 1,
        Linted::Found(counts, part) => {
            summary.linted += 1;
            summary.counts.add(counts);
            emit(part);
        }
        Linted::Failed(e) => summary.failures.push(e),
    });
    drop(jobs);
    summary.catalogues = catalogues;
    summary
}

/// Maps `items` in parallel on rayon's pool and hands the results to `emit`
/// on the calling thread, in the items' order, as soon as each and all before
/// it are done. Items are started in order, and item `i` only once item
/// `i - window` was emitted, so at most `window` results wait (the thread
/// working on the first item not yet emitted never waits, so this always
/// progresses). A panic in `map` or `emit` is re-raised here once every
/// thread has stopped.
///
/// Hand-written rather than rayon's `par_iter().collect()` (which holds every
/// result until the end) or `par_bridge` (whose threads spin on the shared
/// iterator's lock while it waits): it is the one ordered, bounded pipeline
/// `lint` needs, in a few lines over `std::sync`.
fn ordered_par_map<T: Sync, R: Send>(
    items: &[T],
    window: usize,
    map: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(R),
) {
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    // How many results were emitted, and a signal when that grows.
    let emitted = Mutex::new(0usize);
    let grew = Condvar::new();
    let stop = AtomicBool::new(false);
    // On a panic, wakes every waiting thread and stops them.
    struct StopOnPanic<'a>(&'a AtomicBool, &'a Mutex<usize>, &'a Condvar);
    impl Drop for StopOnPanic<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.0.store(true, Ordering::SeqCst);
                let _lock = self.1.lock();
                self.2.notify_all();
            }
        }
    }
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    rayon::in_place_scope(|scope| {
        let _guard = StopOnPanic(&stop, &emitted, &grew);
        for _ in 0..rayon::current_num_threads().min(items.len()) {
            let tx = tx.clone();
            let (next, emitted, grew, stop, map) = (&next, &emitted, &grew, &stop, &map);
            scope.spawn(move |_| {
                let _guard = StopOnPanic(stop, emitted, grew);
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= items.len() {
                        return;
                    }
                    let mut done = emitted.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *done + window && !stop.load(Ordering::SeqCst) {
                        done = grew.wait(done).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(done);
                    if stop.load(Ordering::SeqCst) || tx.send((i, map(&items[i]))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // `waiting[k]` is the result of item `base + k`, once it came.
        let mut waiting: VecDeque<Option<R>> = VecDeque::new();
        let mut base = 0;
        for (i, result) in rx {
            let k = i - base;
            if waiting.len() <= k {
                waiting.resize_with(k + 1, || None);
            }
            waiting[k] = Some(result);
            let before = base;
            while let Some(Some(_)) = waiting.front() {
                emit(waiting.pop_front().flatten().expect("checked"));
                base += 1;
            }
            if base > before {
                *emitted.lock().unwrap_or_else(|e| e.into_inner()) = base;
                grew.notify_all();
            }
        }
    });
}

pub fn run(args: &LintArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let report = Report::new(args);
    // Block-buffered: a locked stdout flushes at every line break.
    let mut out = report.writer(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()));
    // After a failed write nothing more is written, but every file is still
    // linted: the exit code and the summary count them all.
    let mut written = Ok(());
    let summary = lint_streamed(
        &paths,
        &args.severity_overrides(),
        args.shard,
        super::cache::for_lint(args.no_cache, args.verbose),
        |file| report.render(file),
        |part| {
            if written.is_ok() {
                written = out.part(&part);
            }
        },
    );
    if written.is_ok() {
        written = out.finish();
    }
    drop(out);
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: writing the report: {e}");
        return ExitCode::from(2);
    }
    for failure in &summary.failures {
        eprintln!("error: {failure}");
    }
    let counts = summary.counts;
    eprintln!("{}", counts.summary(summary.linted));
    let code = if !summary.failures.is_empty() {
        ExitCode::from(2)
    } else if counts.errors > 0 || (args.deny == Some(Deny::Warnings) && counts.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends now: freeing a large catalogue entry by entry would
    // only delay the exit.
    std::mem::forget(summary);
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_par_map_keeps_order_and_bounds_what_waits() {
        let items: Vec<usize> = (0..500).collect();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        for window in [1, 3, 16] {
            // Items started and not yet emitted, at most.
            let started = AtomicUsize::new(0);
            let mut emitted = Vec::new();
            let mut most_ahead = 0;
            pool.install(|| {
                ordered_par_map(
                    &items,
                    window,
                    |&i| {
                        started.fetch_max(i + 1, Ordering::SeqCst);
                        // Uneven work, so later items often finish first.
                        if i % 7 == 0 {
                            std::thread::sleep(std::time::Duration::from_micros(300));
                        }
                        i * 2
                    },
                    |r| {
                        most_ahead = most_ahead.max(started.load(Ordering::SeqCst) - emitted.len());
                        emitted.push(r);
                    },
                )
            });
            assert_eq!(emitted, items.iter().map(|i| i * 2).collect::<Vec<_>>());
            // Item `i` starts only once item `i - window` was emitted.
            assert!(most_ahead <= window + 1, "window {window}: {most_ahead} ahead");
        }
    }

    #[test]
    fn ordered_par_map_reraises_a_panic() {
        let items: Vec<usize> = (0..200).collect();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.install(|| ordered_par_map(&items, 4, |&i| if i == 50 { panic!("item 50") } else { i }, |_| {}))
        }));
        assert!(caught.is_err());
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.install(|| ordered_par_map(&items, 4, |&i| i, |r| assert!(r != 60, "emit 60")))
        }));
        assert!(caught.is_err());
    }
}
