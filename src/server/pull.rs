//! Pull diagnostics (LSP 3.17): the report of one document
//! (`textDocument/diagnostic`) and of every corpus file, open or not
//! (`workspace/diagnostic`, driven in chunks by `Backend`).
//!
//! Result ids say what a report was computed from, so an unchanged file is
//! answered `unchanged` without being read or analysed again:
//! - an open document: the session, the generation of catalogues and
//!   settings, which opening it is and its version;
//! - a file on disk: the session, the generation, its modification time and
//!   length;
//! - a `corpus.json`: the session, the generation, and the generation of
//!   the index's uses (its `unused-*` hints follow every file of the corpus).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::catalogues::is_catalogue_path;
use super::proto;
use super::state::{State, path_key, read_corpus_file, uri_path};
use crate::analysis::document::lines;
use crate::analysis::{Catalogue, PositionEncoding, SeverityConfig, analyze_line};

/// One file a workspace pull reports.
#[derive(Clone, Debug)]
pub enum PullTarget {
    Open(Uri),
    Catalogue(PathBuf),
    Disk(PathBuf),
}

/// A report: its result id, the document's version, and its diagnostics
/// (`None`: unchanged since the client's result id).
pub struct Report {
    pub uri: Uri,
    pub result_id: String,
    pub version: Option<i32>,
    pub items: Option<Vec<lsp::Diagnostic>>,
}

/// What is needed to analyse a file on disk outside the state's lock.
pub struct DiskJob {
    pub path: PathBuf,
    pub uri: Uri,
    pub catalogue: Arc<Catalogue>,
    pub severities: SeverityConfig,
    pub encoding: PositionEncoding,
    /// `{session}-{generation}`.
    pub prefix: String,
}

impl DiskJob {
    /// The file's report: unchanged when `previous` is still its result id,
    /// else read and analysed; empty when it is gone or cannot be read.
    pub fn run(&self, previous: Option<&str>) -> Report {
        // Gone or unreadable since it was indexed: nothing to show for it any more.
        let gone = || Report {
            uri: self.uri.clone(),
            result_id: format!("{}-gone", self.prefix),
            version: None,
            items: Some(Vec::new()),
        };
        let Ok(meta) = std::fs::metadata(&self.path) else { return gone() };
        let mtime =
            meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        let result_id = format!("{}-d{mtime}-{}", self.prefix, meta.len());
        if previous == Some(result_id.as_str()) {
            return Report { uri: self.uri.clone(), result_id, version: None, items: None };
        }
        let Ok(text) = read_corpus_file(&self.path) else { return gone() };
        Report { uri: self.uri.clone(), result_id, version: None, items: Some(self.diagnostics(&text)) }
    }

    fn diagnostics(&self, text: &str) -> Vec<lsp::Diagnostic> {
        let mut out = Vec::new();
        for (line_no, (_, line)) in lines(text).enumerate() {
            let analysis = analyze_line(line, &self.catalogue, &self.severities);
            out.extend(analysis.diagnostics.iter().map(|d| proto::line_diagnostic(line, line_no, d, self.encoding)));
        }
        let conflicts = crate::analysis::conflict::parse(text);
        if !conflicts.is_empty() {
            let rope = ropey::Rope::from_str(text);
            let pos = super::position::Positions::new(&rope, self.encoding);
            let blocks = crate::analysis::conflict::block_diagnostics(text, &conflicts, &self.severities);
            out.extend(blocks.iter().map(|d| proto::diagnostic(&pos, d)));
        }
        out
    }
}

impl State {
    fn prefix(&self) -> String {
        format!("{}-{}", self.session, self.generation)
    }

    /// The files a workspace pull reports: open documents, known catalogues,
    /// and every indexed file that is not open.
    pub fn pull_targets(&self) -> Vec<PullTarget> {
        let mut open: Vec<&Uri> = self.docs.keys().collect();
        open.sort_by_key(|u| u.as_str());
        let mut out: Vec<PullTarget> = open.into_iter().map(|u| PullTarget::Open(u.clone())).collect();
        let mut catalogues: Vec<PathBuf> = self.catalogues.paths().map(Path::to_path_buf).collect();
        catalogues.sort();
        out.extend(catalogues.into_iter().map(PullTarget::Catalogue));
        let open_keys: std::collections::HashSet<&str> = self.docs.values().map(|d| d.key.as_str()).collect();
        let mut disk: Vec<PathBuf> =
            self.index.files().map(|(k, _)| k).filter(|k| !open_keys.contains(k)).map(PathBuf::from).collect();
        disk.sort();
        out.extend(disk.into_iter().map(PullTarget::Disk));
        out
    }

    /// The report of an open document.
    pub fn open_report(&self, uri: &Uri, previous: Option<&str>) -> Option<Report> {
        let open = self.docs.get(uri)?;
        let result_id = format!("{}-o{}-v{}", self.prefix(), open.serial, open.doc.version);
        let items = (previous != Some(result_id.as_str())).then(|| open.doc.lsp_diagnostics());
        Some(Report { uri: uri.clone(), result_id, version: Some(open.doc.version), items })
    }

    /// The report of a `corpus.json` (under its buffer's URI when open).
    pub fn catalogue_report(&mut self, path: &Path, previous: Option<&str>) -> Option<Report> {
        let buffer = self.catalogue_buffers.iter().find(|(_, b)| b.path == path).map(|(u, b)| (u.clone(), b.version));
        let (uri, version) = match buffer {
            Some((uri, version)) => (uri, Some(version)),
            None => (Uri::from_file_path(path)?, None),
        };
        // Unchanged unless the catalogue, the settings or the corpus's uses
        // changed (its `unused-*` hints follow every file).
        let result_id = format!("{}-u{}-{}", self.prefix(), self.uses_generation, u8::from(self.indexed));
        if previous == Some(result_id.as_str()) {
            return Some(Report { uri, result_id, version, items: None });
        }
        let items = Some(self.catalogue_diagnostics(path));
        Some(Report { uri, result_id, version, items })
    }

    /// How to report a file on disk that is not open (`None`: not a corpus file).
    pub fn disk_job(&mut self, path: &Path) -> Option<DiskJob> {
        let catalogue = self.corpus_catalogue(path)?;
        let governing = self.catalogues.governing(Some(path));
        Some(DiskJob {
            path: path.to_path_buf(),
            uri: Uri::from_file_path(path)?,
            catalogue,
            severities: governing.severities.merged(&self.settings),
            encoding: self.encoding,
            prefix: self.prefix(),
        })
    }

    /// The URI of an open document whose file is `path`.
    pub fn open_uri(&self, path: &Path) -> Option<Uri> {
        let key = path_key(path);
        self.docs.iter().find(|(_, d)| d.key == key).map(|(u, _)| u.clone())
    }
}

/// `textDocument/diagnostic` on the state: an open document, a
/// `corpus.json`, or a corpus file on disk. Returns the report, or a disk
/// job to run outside the lock.
pub enum DocumentPull {
    Done(Option<Report>),
    Disk(DiskJob),
}

impl State {
    pub fn pull_document(&mut self, uri: &Uri, previous: Option<&str>) -> DocumentPull {
        if self.docs.contains_key(uri) {
            return DocumentPull::Done(self.open_report(uri, previous));
        }
        let Some(path) = uri_path(uri) else { return DocumentPull::Done(None) };
        if is_catalogue_path(&path) {
            return DocumentPull::Done(self.catalogue_report(&path, previous));
        }
        match self.disk_job(&path) {
            Some(job) => DocumentPull::Disk(job),
            None => DocumentPull::Done(None),
        }
    }
}

/// The document report in the protocol's shape (an empty full report for a
/// document the server does not report on).
pub fn document_report(report: Option<Report>) -> lsp::DocumentDiagnosticReportResult {
    let report = match report {
        None => lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport::default()),
        Some(Report { result_id, items: None, .. }) => {
            lsp::DocumentDiagnosticReport::Unchanged(lsp::RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport { result_id },
            })
        }
        Some(Report { result_id, items: Some(items), .. }) => {
            lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            })
        }
    };
    lsp::DocumentDiagnosticReportResult::Report(report)
}

/// One file of a workspace report.
pub fn workspace_item(r: Report) -> lsp::WorkspaceDocumentDiagnosticReport {
    let version = r.version.map(i64::from);
    match r.items {
        None => lsp::WorkspaceDocumentDiagnosticReport::Unchanged(lsp::WorkspaceUnchangedDocumentDiagnosticReport {
            uri: r.uri,
            version,
            unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport { result_id: r.result_id },
        }),
        Some(items) => lsp::WorkspaceDocumentDiagnosticReport::Full(lsp::WorkspaceFullDocumentDiagnosticReport {
            uri: r.uri,
            version,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport { result_id: Some(r.result_id), items },
        }),
    }
}

/// The client's previous result ids, by URI.
pub fn previous_ids(ids: Vec<lsp::PreviousResultId>) -> HashMap<String, String> {
    ids.into_iter().map(|p| (p.uri.as_str().to_string(), p.value)).collect()
}
