//! The server's state and the synchronous operations on it.
//!
//! Handlers lock the state, call one of these, unlock, then talk to the
//! client. Each operation that changes what a document shows returns the
//! diagnostics to publish ([`Publish`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::catalogues::{CatalogueRegistry, is_catalogue_path};
use super::document::{Document, edit_rope};
use super::position::{self, Positions};
use super::proto;
use crate::analysis::catalogue_edit::{self, CatalogueChange};
use crate::analysis::index::{FileIndex, WorkspaceIndex, summarize_text};
use crate::analysis::{
    Catalogue, Code, Diagnostic, PositionEncoding, Severity, SeverityConfig, Span, TextEdit, actions, completion, hover,
};
use crate::workspace::{CATALOGUE_FILE, CatalogueFile, read_text};

/// What the client said it can do, as far as the server cares.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientCaps {
    pub work_done_progress: bool,
    pub watch_files_dynamically: bool,
    pub pull_configuration: bool,
    pub inlay_hint_refresh: bool,
    /// `workspace.workspaceEdit.documentChanges`: versioned edits.
    pub document_changes: bool,
    /// `workspace.workspaceEdit.resourceOperations` holds `create`.
    pub create_files: bool,
    /// `window.showDocument.support`.
    pub show_document: bool,
    /// `workspace.applyEdit`: the take lenses' command can ask for its edit.
    pub apply_edit: bool,
    /// `textDocument.diagnostic`: the client pulls diagnostics, none are pushed.
    pub pull_diagnostics: bool,
    /// `workspace.diagnostics.refreshSupport`.
    pub diagnostic_refresh: bool,
    /// Hover `contentFormat` lists Markdown.
    pub hover_markdown: bool,
    pub completion: proto::CompletionCaps,
    /// `codeActionLiteralSupport`: without it a client takes only commands,
    /// and gets no quick fixes.
    pub code_action_literals: bool,
    /// `isPreferredSupport`: without it no action is marked preferred.
    pub code_action_is_preferred: bool,
    /// `hierarchicalDocumentSymbolSupport`: without it the outline is flat.
    pub hierarchical_symbols: bool,
}

/// `textDocument/publishDiagnostics` to send.
#[derive(Clone, Debug, PartialEq)]
pub struct Publish {
    pub uri: Uri,
    pub diagnostics: Vec<lsp::Diagnostic>,
    pub version: Option<i32>,
    /// An open document's diagnostics, taken from the document when the
    /// publish is sent (still under the state's lock, see `Backend::change`):
    /// its frame is copied from the JSON the document keeps per line, and
    /// `diagnostics` stays empty until [`State::resolve`].
    pub of_document: bool,
}

impl Publish {
    /// A publish of `diagnostics` (a list made for it).
    pub fn list(uri: Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) -> Publish {
        Publish { uri, diagnostics, version, of_document: false }
    }

    /// Clears the diagnostics of `uri`.
    pub fn clear(uri: Uri) -> Publish {
        Publish::list(uri, Vec::new(), None)
    }
}

/// An open `corpus.json`: its text is the catalogue while it is open.
#[derive(Debug)]
pub struct CatalogueBuffer {
    pub path: PathBuf,
    pub rope: Rope,
    pub version: i32,
}

/// An open corpus document and where it sits.
#[derive(Debug)]
pub struct OpenDocument {
    pub doc: Document,
    /// The file, when the URI is a `file:` one.
    pub path: Option<PathBuf>,
    /// The governing `corpus.json` (`None`: the built-in catalogue).
    pub catalogue_path: Option<PathBuf>,
    /// The document's key in the workspace index.
    pub key: String,
    /// Which opening of a document this is in the session (result ids).
    pub serial: u64,
}

#[derive(Debug, Default)]
pub struct State {
    pub encoding: PositionEncoding,
    pub caps: ClientCaps,
    /// Severity levels from the editor (override the catalogue's).
    pub settings: SeverityConfig,
    pub roots: Vec<PathBuf>,
    pub docs: HashMap<Uri, OpenDocument>,
    pub catalogue_buffers: HashMap<Uri, CatalogueBuffer>,
    pub catalogues: CatalogueRegistry,
    pub index: WorkspaceIndex,
    /// Which mentions get inlay hints (the client's `inlayHints` setting).
    pub inlay_mode: crate::analysis::inlay::InlayMode,
    /// What was last published for each catalogue file with problems.
    published_catalogues: HashMap<PathBuf, Publish>,
    /// The last full semantic tokens answered per document, with their
    /// result id, for `semanticTokens/full/delta`.
    pub semantic_results: HashMap<Uri, (String, Vec<lsp::SemanticToken>)>,
    /// Counts result ids (semantic tokens, diagnostics) in this session.
    pub next_result_id: u64,
    /// The workspace has been indexed once: usage counts are complete.
    pub indexed: bool,
    /// Pull diagnostics: this session (in every result id, so that ids from
    /// an earlier server are never taken as current) and the generation of
    /// catalogues and settings (bumped when they change what files report).
    pub session: u64,
    pub generation: u64,
    /// A change altered other files' reports: ask a pulling client to pull again.
    pub refresh_pending: bool,
    /// Bumped whenever the index changes what entries are used (a file
    /// indexed, removed, or starting or ceasing to use an entry): with
    /// `generation`, it says whether a catalogue's report can have changed.
    pub uses_generation: u64,
    /// Counts the events that touch a path (didOpen, didChange, didClose, a
    /// watched-file event); `touched` holds each path's last one. A read of
    /// the disk begun before its path's last event is stale and dropped
    /// ([`State::finish_disk_read`]).
    pub disk_serial: u64,
    touched: HashMap<String, u64>,
    /// The KB files read for linking (`server::link`).
    pub kb: super::link::KbCache,
}

/// When a read of a file from disk began: the event count, and the
/// workspace indexing run then under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskTicket {
    pub serial: u64,
    pub run: u64,
}

/// A read of a file from disk, begun under the lock (see [`State::begin_disk_read`]).
pub struct DiskRead {
    pub ticket: DiskTicket,
    pub catalogue: Arc<Catalogue>,
    pub name: String,
}

/// What became of a read of the disk.
#[derive(Debug, PartialEq, Eq)]
pub enum DiskReadOutcome {
    Indexed,
    /// Not indexed (unreadable, binary, …): removed from the index.
    Skipped(String),
    /// Its path was touched since the read began (or a newer indexing run
    /// started): dropped, the newer event's own read or removal stands.
    Stale,
}

/// The local path of a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

/// The key of a file in the workspace index.
pub fn path_key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn uri_key(uri: &Uri) -> String {
    uri_path(uri).map_or_else(|| uri.as_str().to_string(), |p| path_key(&p))
}

/// Leaves each item's documentation for `completionItem/resolve` (a large
/// catalogue's list stays small, and is quick to make): the item keeps in
/// `data` the document and the entity or tag (`targets`, in item order) to
/// find it again.
pub fn defer_documentation(list: &mut lsp::CompletionResponse, uri: &Uri, targets: Vec<(bool, String)>) {
    let items = match list {
        lsp::CompletionResponse::Array(items) => items,
        lsp::CompletionResponse::List(list) => &mut list.items,
    };
    for (item, (tag, id)) in items.iter_mut().zip(targets) {
        // (`tag` only when true: resolve reads a missing one as false.)
        item.data = Some(if tag {
            serde_json::json!({"uri": uri.as_str(), "id": id, "tag": true})
        } else {
            serde_json::json!({"uri": uri.as_str(), "id": id})
        });
    }
}

/// Why a file on disk is not indexed.
pub fn read_corpus_file(path: &Path) -> Result<String, String> {
    let text = read_text(path).map_err(|e| e.to_string())?;
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err("binary file (NUL bytes)".into());
    }
    Ok(text)
}

impl State {
    /// How `path` is shown: relative to the workspace folder holding it.
    pub fn display_name(&self, path: &Path) -> String {
        self.roots
            .iter()
            .find_map(|r| path.strip_prefix(r).ok())
            .unwrap_or_else(|| path.file_name().map_or(path, Path::new))
            .to_string_lossy()
            .replace('\\', "/")
    }

    fn severities_for(&self, catalogue_severities: SeverityConfig) -> SeverityConfig {
        catalogue_severities.merged(&self.settings)
    }

    // ---- documents ----

    pub fn open(&mut self, uri: Uri, text: &str, version: i32) -> Vec<Publish> {
        let path = uri_path(&uri);
        if let Some(path) = &path {
            self.touch_path(path);
        }
        if let Some(path) = path.as_deref().filter(|p| is_catalogue_path(p)) {
            self.catalogue_buffers
                .insert(uri, CatalogueBuffer { path: path.to_path_buf(), rope: Rope::from_str(text), version });
            self.catalogues.set_buffer(path, text.to_string());
            return self.catalogue_changed(path);
        }
        let governing = self.catalogues.governing(path.as_deref());
        let severities = self.severities_for(governing.severities);
        let doc = Document::new(text, version, governing.catalogue, severities, self.encoding);
        let key = uri_key(&uri);
        let name = path.as_deref().map_or_else(|| uri.as_str().to_string(), |p| self.display_name(p));
        self.index.insert(key.clone(), FileIndex::new(name, doc.summaries(0..doc.line_count())));
        self.uses_generation += 1;
        self.next_result_id += 1;
        let serial = self.next_result_id;
        self.docs.insert(uri.clone(), OpenDocument { doc, path, catalogue_path: governing.path, key, serial });
        let mut out = vec![self.publish_document(&uri)];
        out.extend(self.catalogue_publishes());
        out
    }

    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<lsp::TextDocumentContentChangeEvent>,
    ) -> Vec<Publish> {
        let encoding = self.encoding;
        if let Some(buffer) = self.catalogue_buffers.get_mut(uri) {
            for change in changes {
                edit_rope(&mut buffer.rope, change.range, &change.text, encoding);
            }
            buffer.version = version;
            let path = buffer.path.clone();
            self.catalogues.set_buffer(&path, buffer.rope.to_string());
            return self.catalogue_changed(&path);
        }
        let Some(open) = self.docs.get_mut(uri) else { return Vec::new() };
        if open.path.is_some() {
            self.disk_serial += 1;
            let serial = self.disk_serial;
            self.touched.insert(open.key.clone(), serial);
        }
        let mut uses_changed = false;
        for change in changes {
            let splice = open.doc.apply_change(change.range, &change.text, encoding);
            let summaries = open.doc.summaries(splice.new.clone());
            if let Some(file) = self.index.get_mut(&open.key) {
                // Only catalogued entries have `unused-*` hints (typing an id
                // passes through many unknown ones).
                let catalogue = &open.doc.catalogue;
                uses_changed |= file
                    .splice(splice.old, summaries)
                    .iter()
                    .any(|(tag, id)| if *tag { catalogue.tag(id).is_some() } else { catalogue.entity(id).is_some() });
            }
        }
        open.doc.version = version;
        let mut out = vec![self.publish_document(uri)];
        if uses_changed {
            self.uses_generation += 1;
        }
        if uses_changed && self.indexed {
            // An entity or tag became used or unused here: `unused-*` may change.
            self.refresh_pending = true;
            out.extend(self.catalogue_publishes());
        }
        out
    }

    /// Forgets a document. Returns what to publish and the file to index from
    /// disk again (the buffer may not have been saved).
    pub fn close(&mut self, uri: &Uri) -> (Vec<Publish>, Option<PathBuf>) {
        if let Some(buffer) = self.catalogue_buffers.remove(uri) {
            // The file on disk is the catalogue again, and its problems are shown.
            self.catalogues.release_buffer(&buffer.path);
            return (self.catalogue_changed(&buffer.path), None);
        }
        self.semantic_results.remove(uri);
        let Some(open) = self.docs.remove(uri) else { return (Vec::new(), None) };
        if let Some(path) = &open.path {
            self.touch_path(path);
        }
        self.index.remove(&open.key);
        self.uses_generation += 1;
        (vec![Publish::clear(uri.clone())], open.path)
    }

    /// The diagnostics of an open document, to be taken from it when sent.
    pub fn publish_document(&self, uri: &Uri) -> Publish {
        let Some(open) = self.docs.get(uri) else { return Publish::clear(uri.clone()) };
        Publish { uri: uri.clone(), diagnostics: Vec::new(), version: Some(open.doc.version), of_document: true }
    }

    /// The open document a publish takes its diagnostics from.
    pub fn publish_source(&self, p: &Publish) -> Option<&Document> {
        self.docs.get(&p.uri).filter(|_| p.of_document).map(|open| &open.doc)
    }

    /// `p` with its diagnostics in `diagnostics`.
    pub fn resolve(&self, mut p: Publish) -> Publish {
        if p.of_document {
            p.diagnostics = self.publish_source(&p).map(Document::lsp_diagnostics).unwrap_or_default();
            p.of_document = false;
        }
        p
    }

    // ---- catalogues ----

    /// After `path` changed (on disk or in a buffer): re-analyse the documents
    /// it governs, and publish its problems.
    pub fn catalogue_changed(&mut self, path: &Path) -> Vec<Publish> {
        self.generation += 1;
        self.refresh_pending = true;
        let mut out = self.rebind_documents(Some(path), false);
        out.extend(self.catalogue_publishes());
        out
    }

    /// Re-reads `path` from disk (a watched-file event).
    pub fn catalogue_changed_on_disk(&mut self, path: &Path) -> Vec<Publish> {
        self.catalogues.reload_from_disk(path);
        self.catalogue_changed(path)
    }

    /// Finds each open document's catalogue again (one may have appeared or
    /// gone) and re-analyses those whose catalogue is new or is `changed`
    /// (all of them when `all`).
    fn rebind_documents(&mut self, changed: Option<&Path>, all: bool) -> Vec<Publish> {
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        let mut out = Vec::new();
        for uri in uris {
            let open = &self.docs[&uri];
            let governing = self.catalogues.governing(open.path.as_deref());
            let stale = all
                || governing.path != open.catalogue_path
                || (changed.is_some() && governing.path.as_deref() == changed)
                || !Arc::ptr_eq(&governing.catalogue, &open.doc.catalogue);
            if !stale {
                continue;
            }
            let severities = self.severities_for(governing.severities);
            let open = self.docs.get_mut(&uri).expect("listed above");
            open.doc.reanalyze(governing.catalogue, severities);
            open.catalogue_path = governing.path;
            let summaries = open.doc.summaries(0..open.doc.line_count());
            if let Some(file) = self.index.get_mut(&open.key) {
                file.splice(0..usize::MAX, summaries);
            }
            out.push(self.publish_document(&uri));
        }
        out
    }

    /// New editor severities: every open document is analysed again.
    pub fn set_settings(&mut self, settings: SeverityConfig) -> Vec<Publish> {
        self.settings = settings;
        self.generation += 1;
        self.refresh_pending = true;
        let mut out = self.rebind_documents(None, true);
        out.extend(self.catalogue_publishes());
        out
    }

    /// The `catalog-error` diagnostics of every known `corpus.json` that
    /// changed since they were last published (an empty list for one that
    /// had problems and has none now).
    pub fn catalogue_publishes(&mut self) -> Vec<Publish> {
        let paths: Vec<PathBuf> = self.catalogues.paths().map(Path::to_path_buf).collect();
        let mut out = Vec::new();
        let mut now = HashMap::new();
        for path in paths {
            let diagnostics = self.catalogue_diagnostics(&path);
            let (uri, version) = match self.catalogue_buffers.iter().find(|(_, b)| b.path == path) {
                Some((uri, b)) => (uri.clone(), Some(b.version)),
                None => match Uri::from_file_path(&path) {
                    Some(uri) => (uri, None),
                    None => continue,
                },
            };
            let publish = Publish::list(uri, diagnostics, version);
            let before = self.published_catalogues.remove(&path);
            let unchanged = match &before {
                Some(b) => b.uri == publish.uri && b.version == publish.version && b.diagnostics == publish.diagnostics,
                None => publish.diagnostics.is_empty(),
            };
            if !unchanged {
                out.push(publish.clone());
            }
            if !publish.diagnostics.is_empty() {
                now.insert(path, publish);
            }
        }
        // A catalogue gone from the registry (deleted) is cleared too.
        for (_, gone) in self.published_catalogues.drain() {
            out.push(Publish::clear(gone.uri));
        }
        self.published_catalogues = now;
        out
    }

    pub fn catalogue_diagnostics(&mut self, path: &Path) -> Vec<lsp::Diagnostic> {
        let Some(entry) = self.catalogues.get(path) else { return Vec::new() };
        let file: Arc<CatalogueFile> = entry.latest.clone();
        let level = self.settings.severity(Code::CatalogError);
        if let Some(e) = &file.read_error {
            return vec![lsp::Diagnostic {
                range: proto::start_range(),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                code: Some(lsp::NumberOrString::String(Code::CatalogError.as_str().into())),
                source: Some(proto::SOURCE.into()),
                message: format!("cannot read the catalogue: {e}"),
                ..Default::default()
            }];
        }
        let rope = Rope::from_str(&file.text);
        let pos = Positions::new(&rope, self.encoding);
        let mut out: Vec<lsp::Diagnostic> = file
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error || level.is_some())
            .map(|p| proto::catalogue_problem(&pos, p))
            .collect();
        out.extend(self.unused_diagnostics(path, &pos));
        out
    }

    // ---- the workspace index ----

    /// The catalogue a file on disk is indexed with, if it is a corpus file
    /// (its governing catalogue's `include` globs take it).
    pub fn corpus_catalogue(&mut self, path: &Path) -> Option<Arc<Catalogue>> {
        if is_catalogue_path(path) {
            return None;
        }
        let governing = self.catalogues.governing(Some(path));
        let included = match &governing.path {
            Some(json) => {
                let entry = self.catalogues.entry(json);
                let file = entry.good.as_ref().unwrap_or(&entry.latest);
                let root = json.parent().unwrap_or(Path::new("/"));
                path.strip_prefix(root).is_ok_and(|rel| file.includes(rel))
            }
            None => path.extension().is_some_and(|e| e == "txt"),
        };
        included.then_some(governing.catalogue)
    }

    pub fn is_open_path(&self, path: &Path) -> bool {
        let key = path_key(path);
        self.docs.values().any(|d| d.key == key)
    }

    /// Records an event touching `path`: reads of it begun before are stale.
    pub fn touch_path(&mut self, path: &Path) {
        self.disk_serial += 1;
        self.touched.insert(path_key(path), self.disk_serial);
    }

    /// Whether nothing touched `path` since `ticket` was taken.
    fn untouched_since(&self, path: &Path, ticket: DiskTicket) -> bool {
        self.touched.get(&path_key(path)).is_none_or(|&at| at <= ticket.serial)
    }

    /// A ticket for a walk of the disk made now (see [`State::retain_indexed`]).
    pub fn disk_ticket(&self, run: u64) -> DiskTicket {
        DiskTicket { serial: self.disk_serial, run }
    }

    /// Begins reading `path` from disk during indexing run `run`: `None`
    /// when it is open (the buffer is the truth) or not a corpus file.
    pub fn begin_disk_read(&mut self, path: &Path, run: u64) -> Option<DiskRead> {
        if self.is_open_path(path) {
            return None;
        }
        let catalogue = self.corpus_catalogue(path)?;
        Some(DiskRead { ticket: self.disk_ticket(run), catalogue, name: self.display_name(path) })
    }

    /// Ends a read begun with `ticket` (`run` is the indexing run now): its
    /// summaries enter the index, or its failure removes the file, unless
    /// the path is open or was touched since (a delete, a newer write, an
    /// open and close), or a newer indexing run began: then it is dropped.
    pub fn finish_disk_read(
        &mut self,
        path: &Path,
        ticket: DiskTicket,
        run: u64,
        read: Result<FileIndex, String>,
    ) -> DiskReadOutcome {
        if ticket.run != run || !self.untouched_since(path, ticket) || self.is_open_path(path) {
            return DiskReadOutcome::Stale;
        }
        match read {
            Ok(file) => {
                self.index.insert(path_key(path), file);
                self.uses_generation += 1;
                DiskReadOutcome::Indexed
            }
            Err(e) => {
                if self.index.remove(&path_key(path)).is_some() {
                    self.uses_generation += 1;
                }
                DiskReadOutcome::Skipped(e)
            }
        }
    }

    /// Keeps in the index the open documents, the files of `corpus` (a walk
    /// made at `walked`) and the files touched since that walk.
    pub fn retain_indexed(&mut self, corpus: &[PathBuf], walked: DiskTicket) {
        let mut keep: std::collections::HashSet<String> = corpus.iter().map(|p| path_key(p)).collect();
        keep.extend(self.docs.values().map(|d| d.key.clone()));
        let gone: Vec<String> = self
            .index
            .files()
            .map(|(k, _)| k.to_string())
            .filter(|k| !keep.contains(k) && self.touched.get(k).is_none_or(|&at| at <= walked.serial))
            .collect();
        for key in gone {
            self.index.remove(&key);
            self.uses_generation += 1;
        }
    }

    /// A watched-file event said `path` was deleted.
    pub fn file_deleted(&mut self, path: &Path) {
        self.touch_path(path);
        if !self.is_open_path(path) && self.index.remove(&path_key(path)).is_some() {
            self.uses_generation += 1;
        }
    }

    // ---- requests ----

    pub fn hover(&mut self, uri: &Uri, position: lsp::Position) -> Option<lsp::Hover> {
        let Some(open) = self.docs.get(uri) else { return self.catalogue_hover(uri, position) };
        let doc = &open.doc;
        let (line_no, at) = Positions::new(&doc.rope, self.encoding).line_offset(position)?;
        let line = doc.line(line_no);
        let card = hover::hover(&line, doc.analysis(line_no)?, at, &doc.catalogue, &self.index)?;
        Some(proto::hover(card, &line, line_no, self.encoding, self.caps.hover_markdown))
    }

    pub fn completion(&mut self, uri: &Uri, position: lsp::Position) -> Option<lsp::CompletionResponse> {
        let Some(open) = self.docs.get(uri) else { return self.catalogue_completion(uri, position) };
        let doc = &open.doc;
        let (line_no, at) = Positions::new(&doc.rope, self.encoding).line_offset(position)?;
        let line = doc.line(line_no);
        let found = completion::complete(&line, at, &doc.catalogue);
        if found.items.is_empty() {
            return None;
        }
        let targets: Vec<(bool, String)> =
            found.items.iter().map(|i| (i.kind == completion::ItemKind::Tag, i.id.clone())).collect();
        let mut list = proto::completions(found, &line, line_no, self.encoding, self.caps.completion);
        defer_documentation(&mut list, uri, targets);
        Some(list)
    }

    /// The catalogue a document at `uri` is read with: an open document's, a
    /// `corpus.json`'s own (last good) one, or the one governing the file.
    pub fn catalogue_of(&mut self, uri: &Uri) -> Option<Arc<Catalogue>> {
        if let Some(open) = self.docs.get(uri) {
            return Some(open.doc.catalogue.clone());
        }
        let path = uri_path(uri)?;
        if is_catalogue_path(&path) {
            return self.catalogues.entry(&path).good.as_ref()?.catalogue.clone();
        }
        Some(self.catalogues.governing(Some(&path)).catalogue)
    }

    /// `completionItem/resolve`: the documentation of the entity or tag that
    /// the item's `data` names (see [`defer_documentation`]).
    pub fn resolve_completion(&mut self, mut item: lsp::CompletionItem) -> lsp::CompletionItem {
        let Some(data) = item.data.as_ref() else { return item };
        let (Some(uri), Some(id)) = (data["uri"].as_str(), data["id"].as_str()) else { return item };
        let is_tag = data["tag"].as_bool().unwrap_or(false);
        let Some(catalogue) = uri.parse::<Uri>().ok().and_then(|u| self.catalogue_of(&u)) else { return item };
        let markdown = if is_tag {
            catalogue.tag(id).map(|t| hover::tag_summary(t, &catalogue))
        } else {
            catalogue.entity(id).map(|e| hover::entity_summary(e, &catalogue))
        };
        if let Some(markdown) = markdown {
            item.documentation = Some(proto::completion_documentation(markdown, self.caps.completion.markdown));
        }
        item
    }

    pub fn code_actions(&self, uri: &Uri, range: lsp::Range) -> Vec<lsp::CodeActionOrCommand> {
        let Some(open) = self.docs.get(uri) else { return Vec::new() };
        let doc = &open.doc;
        let first = range.start.line.min(range.end.line) as usize;
        let last = (range.start.line.max(range.end.line) as usize).min(doc.line_count().saturating_sub(1));
        let mut at: Vec<Diagnostic> = Vec::new();
        let mut shown: Vec<lsp::Diagnostic> = Vec::new();
        for line_no in first..=last {
            let line = doc.line(line_no);
            let Some(selection) = position::span_on_line(range, line_no, &line, self.encoding) else { continue };
            let start = doc.line_start(line_no);
            for d in &doc.analyses()[line_no].diagnostics {
                if d.span.start <= selection.end && selection.start <= d.span.end {
                    shown.push(proto::line_diagnostic(&line, line_no, d, self.encoding));
                    at.push(d.clone().shifted(start));
                }
            }
        }
        let pos = Positions::new(&doc.rope, self.encoding);
        super::conflict::fixes_at(doc, &pos, first..=last, &mut at, &mut shown);
        let bulk = |d: &Diagnostic| matches!(d.code, Code::UnannotatedMention | Code::UncataloguedName);
        let unannotated: Vec<Diagnostic> = if at.iter().any(bulk) {
            doc.analyses()
                .iter()
                .enumerate()
                .flat_map(|(i, a)| {
                    let start = doc.line_start(i);
                    a.diagnostics.iter().filter(|d| bulk(d)).map(move |d| d.clone().shifted(start))
                })
                .collect()
        } else {
            Vec::new()
        };
        let support =
            proto::EditSupport { document_changes: self.caps.document_changes, show_document: self.caps.show_document };
        actions::code_actions(&at, &unannotated)
            .into_iter()
            .filter_map(|action| {
                let catalogue = if action.catalogue.is_empty() {
                    None
                } else {
                    // A fix whose corpus.json side cannot be made is not offered.
                    Some(self.catalogue_edit(open, &action.catalogue)?)
                };
                let mut action = action;
                if catalogue.as_ref().is_some_and(|c| c.create) {
                    action.title = action.title.replacen("in corpus.json", "in a new corpus.json", 1);
                }
                let fixed = action.fixes.iter().map(|&i| shown[i].clone()).collect();
                Some(proto::code_action(uri, doc.version, &pos, action, fixed, catalogue, support))
            })
            .collect()
    }

    /// The edit of the `corpus.json` governing `open` that makes `changes`:
    /// in its open buffer, else in the file on disk; where none governs it,
    /// a new one in the workspace folder holding the document, when the
    /// client can create files. `None` when it cannot be made (the file does
    /// not parse, the entry exists already, …).
    fn catalogue_edit(&self, open: &OpenDocument, changes: &[CatalogueChange]) -> Option<proto::CatalogueEdit> {
        let (uri, text, version, create) = match &open.catalogue_path {
            Some(path) => match self.catalogue_buffers.iter().find(|(_, b)| &b.path == path) {
                Some((uri, b)) => (uri.clone(), b.rope.to_string(), Some(b.version), false),
                None => (Uri::from_file_path(path)?, read_text(path).ok()?, None, false),
            },
            None => {
                if !self.caps.create_files {
                    return None;
                }
                let doc_path = open.path.as_deref()?;
                let root = self.roots.iter().filter(|r| doc_path.starts_with(r)).max_by_key(|r| r.as_os_str().len())?;
                let path = root.join(CATALOGUE_FILE);
                if path.exists() {
                    return None;
                }
                (Uri::from_file_path(&path)?, String::new(), None, true)
            }
        };
        let (edits, after) = if create {
            // Every change must hold in the new file (an alias of a built-in entity does not).
            let starter = catalogue_edit::starter_catalogue_text();
            let after = catalogue_edit::apply_edits(&starter, &catalogue_edit::apply_changes(&starter, changes).ok()?);
            (vec![TextEdit { span: Span::new(0, 0), new_text: after.clone() }], after)
        } else {
            let edits = catalogue_edit::apply_changes(&text, changes).ok().filter(|e| !e.is_empty())?;
            let after = catalogue_edit::apply_edits(&text, &edits);
            (edits, after)
        };
        let before = Rope::from_str(&text);
        let pos = Positions::new(&before, self.encoding);
        let edits = edits.into_iter().map(|e| proto::text_edit(pos.range(e.span), e.new_text)).collect();
        let reveal = changes.first().and_then(|c| catalogue_edit::entry_span(&after, c)).map(|span| {
            let after = Rope::from_str(&after);
            Positions::new(&after, self.encoding).range(span)
        });
        Some(proto::CatalogueEdit { uri, version, create, edits, reveal })
    }
}

/// Indexes one file from disk: its summaries, or why it was skipped.
pub fn index_file(path: &Path, catalogue: &Catalogue, name: String) -> Result<FileIndex, String> {
    let text = read_corpus_file(path)?;
    Ok(FileIndex::new(name, summarize_text(&text, catalogue)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(path: &Path) -> Uri {
        Uri::from_file_path(path).unwrap()
    }

    /// Begins a read of `path`, lets `meanwhile` happen, then reads the disk
    /// (as it was when the read began) and finishes.
    fn read_across(s: &mut State, path: &Path, meanwhile: impl FnOnce(&mut State)) -> DiskReadOutcome {
        let read = s.begin_disk_read(path, 1).expect("a corpus file");
        let found = index_file(path, &read.catalogue, read.name);
        meanwhile(s);
        s.finish_disk_read(path, read.ticket, 1, found)
    }

    fn mentions(s: &State, path: &Path) -> Option<usize> {
        s.index.get(&path_key(path)).map(|f| f.occurrences().count())
    }

    #[test]
    fn a_read_across_a_delete_does_not_bring_the_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "[Blinken]{antony-blinken} met [Wang Yi]{wang-yi}.\n").unwrap();
        let mut s = State::default();
        let got = read_across(&mut s, &path, |s| {
            std::fs::remove_file(&path).unwrap();
            s.file_deleted(&path);
        });
        assert_eq!(got, DiskReadOutcome::Stale);
        assert_eq!(mentions(&s, &path), None, "the deleted file stays out of the index");
        // Without an event in between, the same read is indexed.
        std::fs::write(&path, "[Blinken]{antony-blinken}.\n").unwrap();
        assert_eq!(read_across(&mut s, &path, |_| {}), DiskReadOutcome::Indexed);
        assert_eq!(mentions(&s, &path), Some(1));
    }

    #[test]
    fn a_read_across_an_open_leaves_the_buffer_in_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "[Blinken]{antony-blinken} met [Wang Yi]{wang-yi}.\n").unwrap();
        let mut s = State::default();
        let got = read_across(&mut s, &path, |s| {
            s.open(uri(&path), "Unsaved: [Blinken]{antony-blinken}.\n", 1);
        });
        assert_eq!(got, DiskReadOutcome::Stale);
        assert_eq!(mentions(&s, &path), Some(1), "the buffer's one mention, not the disk's two");
        // Opened and closed meanwhile: the close's own re-read stands, not this older one.
        s.close(&uri(&path));
        let got = read_across(&mut s, &path, |s| {
            s.open(uri(&path), "x\n", 2);
            s.close(&uri(&path));
            std::fs::write(&path, "Now plain.\n").unwrap();
            let newer = s.begin_disk_read(&path, 1).unwrap();
            let found = index_file(&path, &newer.catalogue, newer.name);
            assert_eq!(s.finish_disk_read(&path, newer.ticket, 1, found), DiskReadOutcome::Indexed);
        });
        assert_eq!(got, DiskReadOutcome::Stale);
        assert_eq!(mentions(&s, &path), Some(0), "the newer read (no mention) stands");
    }

    #[test]
    fn a_read_from_an_older_run_or_an_older_write_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "[Blinken]{antony-blinken}.\n").unwrap();
        let mut s = State::default();
        let read = s.begin_disk_read(&path, 1).unwrap();
        let found = index_file(&path, &read.catalogue, read.name);
        assert_eq!(s.finish_disk_read(&path, read.ticket, 2, found), DiskReadOutcome::Stale, "a newer run began");
        assert_eq!(mentions(&s, &path), None);
        let got = read_across(&mut s, &path, |s| s.touch_path(&path));
        assert_eq!(got, DiskReadOutcome::Stale, "a change event came after the read began");
        // A walk that missed a file created after it keeps the file indexed.
        let walked = s.disk_ticket(1);
        assert_eq!(read_across(&mut s, &path, |s| s.touch_path(&path)), DiskReadOutcome::Stale);
        s.touch_path(&path);
        assert_eq!(read_across(&mut s, &path, |_| {}), DiskReadOutcome::Indexed);
        s.retain_indexed(&[], walked);
        assert_eq!(mentions(&s, &path), Some(1), "created after the walk: kept");
        s.retain_indexed(&[], s.disk_ticket(1));
        assert_eq!(mentions(&s, &path), None, "not in a newer walk: removed");
    }
}
