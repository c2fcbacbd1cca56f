//! The language server: `tower-lsp-server` on `tokio`, over stdin/stdout.
//!
//! Handlers are thin: they lock the [`state::State`], convert the request
//! (`from_proto`), call the analysis, convert the answer (`to_proto`, in
//! [`proto`]), unlock, and only then talk to the client. Notification
//! handlers change the state synchronously before their first `.await`, so
//! edits are applied in the order they arrive. Every handler body runs under
//! `catch_unwind`: a panic answers an internal error (a request) or is logged
//! (a notification), and the server keeps serving.
//!
//! Modules: [`position`] (byte offsets ⇄ LSP positions, the only place),
//! [`document`] (ropes and per-line analyses under incremental edits),
//! [`catalogues`] (each `corpus.json`, last good catalogue kept),
//! [`state`] (documents, catalogues, workspace index; synchronous
//! operations), [`proto`] (domain ⇄ LSP types), [`transport`] (frames
//! checked before the library sees them, so malformed input is answered
//! with an error instead of ending the session).

pub mod catalogues;
pub mod conflict;
pub mod corpus_json;
pub mod document;
pub mod navigation;
pub mod position;
pub mod presentation;
pub mod proto;
pub mod pull;
pub mod state;
pub mod transport;

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde::Serialize;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use self::catalogues::is_catalogue_path;
use self::state::{ClientCaps, DiskReadOutcome, Publish, State, index_file, uri_path};
use crate::workspace::{Catalogues, corpus_files};

/// Files indexed per step of the background indexing (one progress report each).
const INDEX_CHUNK: usize = 64;

/// Files reported per step of a workspace pull (one partial result each).
/// Each step's reports are held as LSP values until sent: 64 files of the
/// benchmark's corpus (about 57,000 diagnostics) took the pull's peak memory to
/// 3× the corpus, 16 keep it under 2× at the same speed (BENCHMARKS.md).
const PULL_CHUNK: usize = 16;

/// Runs the server on stdin/stdout until `exit` (or the end of input).
pub fn run() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("corpus-lsp: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        // stdin → filter → the library → merge (with the filter's answers and
        // the published diagnostics) → stdout.
        let (answers, frames) = tokio::sync::mpsc::unbounded_channel();
        let direct = answers.clone();
        let (service, socket) = LspService::new(move |client| Backend::new(client, flag, Some(direct)));
        let (to_server, server_in) = tokio::io::duplex(1 << 16);
        let (server_out, from_server) = tokio::io::duplex(1 << 16);
        // Not awaited: after `exit` the input may stay open; it is dropped with the runtime.
        tokio::spawn(transport::filter_input(tokio::io::stdin(), to_server, answers.clone()));
        let serve = Server::new(server_in, server_out, socket).serve(service);
        tokio::join!(serve, transport::merge_output(from_server, transport::raw_stdout(), answers, frames));
    });
    // Background indexing may still run: do not wait for it.
    runtime.shutdown_background();
    // LSP: exit code 0 after `shutdown`, 1 otherwise.
    if shut_down.load(Ordering::SeqCst) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

#[derive(Clone)]
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    /// Bumped at each workspace indexing run; an older run stops early.
    index_run: Arc<AtomicU64>,
    shut_down: Arc<AtomicBool>,
    /// Where `publishDiagnostics` frames go straight to the output (see `change`).
    direct: Option<UnboundedSender<Option<Vec<u8>>>>,
    /// Set once the workspace has been indexed (a workspace pull waits for it).
    indexed: Arc<tokio::sync::watch::Sender<bool>>,
}

/// Ends a work-done progress when dropped before it was finished (a
/// cancelled request), so the client does not show it forever.
struct ProgressEnd {
    client: Client,
    token: Option<ProgressToken>,
}

impl Drop for ProgressEnd {
    fn drop(&mut self) {
        let Some(token) = self.token.take() else { return };
        let client = self.client.clone();
        let end = WorkDoneProgress::End(WorkDoneProgressEnd { message: Some("cancelled".into()) });
        tokio::spawn(async move {
            let params = ProgressParams { token, value: ProgressParamsValue::WorkDone(end) };
            client.send_notification::<notification::Progress>(params).await;
        });
    }
}

/// `$/progress` carrying a partial result of a workspace pull.
enum PartialResult {}

#[derive(Serialize, serde::Deserialize)]
struct PartialResultParams {
    token: ProgressToken,
    value: WorkspaceDiagnosticReportPartialResult,
}

impl notification::Notification for PartialResult {
    type Params = PartialResultParams;
    const METHOD: &'static str = "$/progress";
}

/// `textDocument/publishDiagnostics`, serialised from the LSP types as they are
/// (the library's notification path goes through a `serde_json::Value` first).
#[derive(Serialize)]
struct PublishNotification<'a> {
    jsonrpc: &'static str,
    method: &'static str,
    params: PublishParams<'a>,
}

#[derive(Serialize)]
struct PublishParams<'a> {
    uri: &'a Uri,
    diagnostics: &'a [Diagnostic],
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

/// The frame of `p`. An open document's diagnostics are copied from the
/// JSON it keeps per line (the bytes of serialising them: tested), so a
/// keystroke costs the lines it touched and a copy, not a serialisation of
/// the whole list.
fn publish_frame(state: &State, p: &Publish) -> Option<Vec<u8>> {
    let Some(doc) = state.publish_source(p) else {
        let p = state.resolve(p.clone());
        let message = PublishNotification {
            jsonrpc: "2.0",
            method: "textDocument/publishDiagnostics",
            params: PublishParams { uri: &p.uri, diagnostics: &p.diagnostics, version: p.version },
        };
        let body = serde_json::to_vec(&message).ok()?;
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        return Some(frame);
    };
    // The same fields in the same order as `PublishNotification` writes them.
    let mut head = br#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#.to_vec();
    serde_json::to_writer(&mut head, &p.uri).ok()?;
    head.extend_from_slice(br#","diagnostics":"#);
    let mut tail = Vec::new();
    if let Some(version) = p.version {
        tail.extend_from_slice(br#","version":"#);
        tail.extend_from_slice(itoa::Buffer::new().format(version).as_bytes());
    }
    tail.extend_from_slice(b"}}");
    let length = head.len() + doc.diagnostics_json_len() + tail.len();
    let header = format!("Content-Length: {length}\r\n\r\n");
    let mut frame = Vec::with_capacity(header.len() + length);
    frame.extend_from_slice(header.as_bytes());
    frame.extend_from_slice(&head);
    doc.write_diagnostics_json(&mut frame);
    frame.extend_from_slice(&tail);
    debug_assert_eq!(frame.len(), header.len() + length);
    Some(frame)
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Runs `f`, turning a panic into `Err` with its message.
fn guarded<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| panic_message(p.as_ref()))
}

impl Backend {
    fn new(client: Client, shut_down: Arc<AtomicBool>, direct: Option<UnboundedSender<Option<Vec<u8>>>>) -> Backend {
        let indexed = Arc::new(tokio::sync::watch::Sender::new(false));
        Backend { client, state: Arc::default(), index_run: Arc::default(), shut_down, direct, indexed }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic is caught inside the guard's scope, so the lock is not
        // poisoned by handlers; take the state anyway if it ever is.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A request's body on the state; a panic answers an internal error.
    fn request<T>(&self, what: &str, f: impl FnOnce(&mut State) -> T) -> Result<T> {
        let mut state = self.lock();
        guarded(|| f(&mut state)).map_err(|message| {
            eprintln!("corpus-lsp: {what} failed: {message}");
            let mut error = Error::internal_error();
            error.message = format!("{what} failed: {message}").into();
            error
        })
    }

    /// A notification's change to the state; a panic is logged and nothing published.
    /// A change to the state, and what it gives to publish. With the direct
    /// output, the diagnostics are sent here, still under the state's lock, so
    /// two changes handled side by side publish in the order they were made;
    /// what is returned then is empty.
    fn change(&self, what: &str, f: impl FnOnce(&mut State) -> Vec<Publish>) -> Vec<Publish> {
        let mut state = self.lock();
        let list = guarded(|| f(&mut state)).unwrap_or_else(|message| {
            eprintln!("corpus-lsp: {what} failed: {message}");
            Vec::new()
        });
        if state.caps.pull_diagnostics {
            // The client pulls: nothing is pushed, but it is told when other
            // files' reports changed.
            let refresh = std::mem::take(&mut state.refresh_pending) && state.caps.diagnostic_refresh && state.indexed;
            drop(state);
            if refresh {
                let client = self.client.clone();
                tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
            }
            return Vec::new();
        }
        state.refresh_pending = false;
        let Some(direct) = &self.direct else { return list.into_iter().map(|p| state.resolve(p)).collect() };
        let mut rest = Vec::new();
        for p in list {
            let sent = publish_frame(&state, &p).is_some_and(|frame| direct.send(Some(frame)).is_ok());
            if !sent {
                rest.push(state.resolve(p));
            }
        }
        rest
    }

    async fn publish(&self, list: Vec<Publish>) {
        for p in list {
            self.client.publish_diagnostics(p.uri, p.diagnostics, p.version).await;
        }
    }

    async fn log(&self, message: impl std::fmt::Display) {
        self.client.log_message(MessageType::LOG, message).await;
    }

    /// Indexes every corpus file under the workspace folders, reporting progress.
    async fn index_workspace(&self) {
        let run = self.index_run.fetch_add(1, Ordering::SeqCst) + 1;
        let (roots, progress_supported) = {
            let s = self.lock();
            (s.roots.clone(), s.caps.work_done_progress)
        };
        let token = NumberOrString::String(format!("corpus-lsp/index/{run}"));
        let progress = if progress_supported && self.client.create_work_done_progress(token.clone()).await.is_ok() {
            Some(self.client.progress(token, "Indexing the corpus").with_percentage(0).begin().await)
        } else {
            None
        };
        let walked = self.lock().disk_ticket(run);
        let walk_roots = roots.clone();
        let files: Vec<PathBuf> = tokio::task::spawn_blocking(move || {
            let mut catalogues = Catalogues::globs_only();
            let mut files: Vec<PathBuf> = walk_roots.iter().flat_map(|r| corpus_files(r, &mut catalogues)).collect();
            files.sort();
            files.dedup();
            files
        })
        .await
        .unwrap_or_default();
        // Files no longer in the corpus (deleted, excluded) leave the index.
        self.change("index", |s| {
            s.retain_indexed(&files, walked);
            Vec::new()
        });
        let total = files.len();
        let (mut indexed, mut skipped) = (0, 0);
        for (n, chunk) in files.chunks(INDEX_CHUNK).enumerate() {
            if self.index_run.load(Ordering::SeqCst) != run {
                break;
            }
            let backend = self.clone();
            let chunk = chunk.to_vec();
            let outcome = tokio::task::spawn_blocking(move || backend.index_files(&chunk)).await;
            let (ok, problems) = outcome.unwrap_or_else(|e| (0, vec![format!("indexing failed: {e}")]));
            indexed += ok;
            skipped += problems.len();
            for p in problems {
                self.log(format!("corpus-lsp: not indexed: {p}")).await;
            }
            if let Some(progress) = &progress {
                let done = ((n + 1) * INDEX_CHUNK).min(total);
                let percentage = (done * 100 / total.max(1)) as u32;
                progress.report_with_message(format!("{done}/{total} files"), percentage).await;
            }
        }
        // Usage counts are complete now: `unused-*` hints can be given (before
        // the progress ends, so a client that waited for the end sees them).
        let publish = self.change("catalogue diagnostics", |s| {
            s.indexed = true;
            s.refresh_pending = true;
            s.catalogue_publishes()
        });
        self.indexed.send_replace(true);
        let summary = format!("Indexed {indexed} of {total} files ({skipped} skipped)");
        if let Some(progress) = progress {
            progress.finish_with_message(summary.clone()).await;
        }
        self.log(format!("corpus-lsp: {summary}")).await;
        self.publish(publish).await;
    }

    /// `workspace/diagnostic`: every corpus file, in chunks (a partial result
    /// and a progress report each); files unchanged since `previous` are
    /// answered `unchanged`. Cancelling drops this future between chunks.
    async fn pull_workspace(&self, params: WorkspaceDiagnosticParams) -> Result<WorkspaceDiagnosticReportResult> {
        // The index lists the files on disk: wait for the first indexing.
        let _ = self.indexed.subscribe().wait_for(|done| *done).await;
        let previous = Arc::new(pull::previous_ids(params.previous_result_ids));
        let (targets, progress_supported) =
            self.request("workspace/diagnostic", |s| (s.pull_targets(), s.caps.work_done_progress))?;
        let total = targets.len();
        let token = match params.work_done_progress_params.work_done_token {
            Some(token) => Some(token),
            None if progress_supported && total > PULL_CHUNK => {
                static PULLS: AtomicU64 = AtomicU64::new(0);
                let token = format!("corpus-lsp/pull/{}", PULLS.fetch_add(1, Ordering::SeqCst));
                let token = NumberOrString::String(token);
                self.client.create_work_done_progress(token.clone()).await.is_ok().then_some(token)
            }
            None => None,
        };
        // A cancelled pull is dropped at an await: the guard ends its progress then.
        let mut ends = ProgressEnd { client: self.client.clone(), token: token.clone() };
        let progress = match token {
            Some(token) => Some(self.client.progress(token, "Checking the corpus").with_percentage(0).begin().await),
            None => None,
        };
        let partial = params.partial_result_params.partial_result_token;
        let mut items = Vec::new();
        let mut done = 0;
        for chunk in targets.chunks(PULL_CHUNK) {
            let backend = self.clone();
            let (chunk, previous) = (chunk.to_vec(), previous.clone());
            let reports =
                tokio::task::spawn_blocking(move || backend.pull_chunk(chunk, &previous)).await.unwrap_or_default();
            done += PULL_CHUNK.min(total - done);
            match &partial {
                Some(token) if !reports.is_empty() => {
                    let value = WorkspaceDiagnosticReportPartialResult { items: reports };
                    self.client
                        .send_notification::<PartialResult>(PartialResultParams { token: token.clone(), value })
                        .await;
                }
                Some(_) => {}
                None => items.extend(reports),
            }
            if let Some(progress) = &progress {
                let percentage = (done * 100 / total.max(1)) as u32;
                progress.report_with_message(format!("{done}/{total} files"), percentage).await;
            }
        }
        if let Some(progress) = progress {
            ends.token = None;
            progress.finish_with_message(format!("{total} files checked")).await;
        }
        Ok(WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items }))
    }

    /// The reports of `targets` (blocking): open documents and catalogues
    /// under the lock, files on disk read and analysed outside it, in parallel.
    fn pull_chunk(
        &self,
        targets: Vec<pull::PullTarget>,
        previous: &std::collections::HashMap<String, String>,
    ) -> Vec<WorkspaceDocumentDiagnosticReport> {
        use rayon::prelude::*;
        let prev = |uri: &Uri| previous.get(uri.as_str()).map(String::as_str);
        let mut reports = Vec::new();
        let mut jobs = Vec::new();
        {
            let mut s = self.lock();
            for target in targets {
                let found = guarded(|| match target {
                    pull::PullTarget::Open(uri) => (s.open_report(&uri, prev(&uri)), None),
                    pull::PullTarget::Catalogue(path) => {
                        let uri = Uri::from_file_path(&path);
                        (s.catalogue_report(&path, uri.as_ref().and_then(prev)), None)
                    }
                    // Opened since the list was made: its buffer is the truth.
                    pull::PullTarget::Disk(path) => match s.open_uri(&path) {
                        Some(uri) => (s.open_report(&uri, prev(&uri)), None),
                        None => (None, s.disk_job(&path)),
                    },
                });
                match found {
                    Ok((report, job)) => {
                        reports.extend(report);
                        jobs.extend(job);
                    }
                    Err(message) => eprintln!("corpus-lsp: workspace/diagnostic failed on a file: {message}"),
                }
            }
        }
        let on_disk: Vec<pull::Report> =
            jobs.par_iter().filter_map(|job| guarded(|| job.run(prev(&job.uri))).ok()).collect();
        reports.extend(on_disk);
        reports.into_iter().map(pull::workspace_item).collect()
    }

    /// Indexes `paths` from disk (blocking). Returns how many were indexed and
    /// why the others were skipped. Each file is read off the lock; what was
    /// read enters the index only if no event touched the path meanwhile and
    /// no newer indexing run began (see `State::finish_disk_read`).
    fn index_files(&self, paths: &[PathBuf]) -> (usize, Vec<String>) {
        let mut indexed = 0;
        let mut problems = Vec::new();
        for path in paths {
            let begun = {
                let mut s = self.lock();
                let run = self.index_run.load(Ordering::SeqCst);
                guarded(|| s.begin_disk_read(path, run))
            };
            let Ok(Some(read)) = begun else { continue };
            let found = guarded(|| index_file(path, &read.catalogue, read.name)).unwrap_or_else(Err);
            let mut s = self.lock();
            let run = self.index_run.load(Ordering::SeqCst);
            match s.finish_disk_read(path, read.ticket, run, found) {
                DiskReadOutcome::Indexed => indexed += 1,
                DiskReadOutcome::Skipped(e) => problems.push(format!("{}: {e}", path.display())),
                DiskReadOutcome::Stale => {}
            }
        }
        (indexed, problems)
    }

    /// Indexes a few files in the background, without progress.
    fn index_in_background(&self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let backend = self.clone();
        tokio::spawn(async move {
            let inner = backend.clone();
            if let Ok((indexed, problems)) = tokio::task::spawn_blocking(move || inner.index_files(&paths)).await {
                for p in problems {
                    backend.log(format!("corpus-lsp: not indexed: {p}")).await;
                }
                backend.log(format!("corpus-lsp: re-indexed {indexed} changed file(s)")).await;
            }
        });
    }

    fn reindex_workspace(&self) {
        let backend = self.clone();
        tokio::spawn(async move { backend.index_workspace().await });
    }

    async fn register_watchers(&self) {
        let watchers = ["**/corpus.json", "**/*.txt"]
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.into()), kind: None })
            .to_vec();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "corpus-lsp/watched-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            self.log(format!("corpus-lsp: cannot watch files: {e}")).await;
        }
    }

    /// Applies severity settings; logs what was not understood.
    async fn apply_settings(&self, settings: &Value) -> bool {
        let inlay_hints = proto::inlay_hints_setting(settings);
        if let Some(on) = inlay_hints {
            let (changed, refresh) = {
                let mut s = self.lock();
                let changed = s.inlay_hints_off == on;
                s.inlay_hints_off = !on;
                (changed, s.caps.inlay_hint_refresh)
            };
            if changed && refresh {
                let _ = self.client.inlay_hint_refresh().await;
            }
        }
        let Some((config, problems)) = proto::severity_settings(settings) else { return inlay_hints.is_some() };
        let publish = self.change("settings", |s| s.set_settings(config));
        for p in problems {
            self.client.show_message(MessageType::WARNING, format!("corpus-lsp settings: {p}")).await;
        }
        self.publish(publish).await;
        true
    }
}

fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = params.workspace_folders.iter().flatten().filter_map(|f| uri_path(&f.uri)).collect();
    #[allow(deprecated)]
    if out.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(uri_path)
    {
        out.push(root);
    }
    out
}

/// Sets its flag when dropped: a cancelled request's future is dropped, and
/// the work it started off the async runtime sees the flag and stops.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let encoding = proto::negotiate_encoding(caps.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        let client_caps = ClientCaps {
            work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
            watch_files_dynamically: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            pull_configuration: caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false),
            inlay_hint_refresh: caps
                .workspace
                .as_ref()
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            document_changes: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            create_files: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            show_document: caps.window.as_ref().and_then(|w| w.show_document.as_ref()).is_some_and(|s| s.support),
            apply_edit: caps.workspace.as_ref().and_then(|w| w.apply_edit).unwrap_or(false),
            pull_diagnostics: caps.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some()),
            diagnostic_refresh: caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            hover_markdown: proto::offers_markdown(
                caps.text_document.as_ref().and_then(|t| t.hover.as_ref()).and_then(|h| h.content_format.as_deref()),
            ),
            completion: {
                let item = caps
                    .text_document
                    .as_ref()
                    .and_then(|t| t.completion.as_ref())
                    .and_then(|c| c.completion_item.as_ref());
                proto::CompletionCaps {
                    markdown: proto::offers_markdown(item.and_then(|i| i.documentation_format.as_deref())),
                    preselect: item.and_then(|i| i.preselect_support).unwrap_or(false),
                }
            },
            code_action_literals: caps
                .text_document
                .as_ref()
                .and_then(|t| t.code_action.as_ref())
                .is_some_and(|c| c.code_action_literal_support.is_some()),
            code_action_is_preferred: caps
                .text_document
                .as_ref()
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.is_preferred_support)
                .unwrap_or(false),
            hierarchical_symbols: caps
                .text_document
                .as_ref()
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|d| d.hierarchical_document_symbol_support)
                .unwrap_or(false),
        };
        let inlay_hints = params.initialization_options.as_ref().and_then(proto::inlay_hints_setting);
        let settings = params.initialization_options.as_ref().and_then(proto::severity_settings);
        let roots = roots(&params);
        let session =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        self.request("initialize", |s| {
            s.session = session;
            s.encoding = encoding;
            s.caps = client_caps;
            s.roots = roots;
            if let Some((config, _)) = settings {
                s.settings = config;
            }
            if let Some(on) = inlay_hints {
                s.inlay_hints_off = !on;
            }
        })?;
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(proto::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["#".into(), "{".into(), "[".into()]),
                    resolve_provider: Some(true),
                    ..Default::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    resolve_provider: Some(false),
                    ..Default::default()
                })),
                definition_provider: Some(OneOf::Left(true)),
                declaration_provider: Some(DeclarationCapability::Simple(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
                    SemanticTokensOptions {
                        legend: proto::semantic_tokens_legend(),
                        range: Some(true),
                        full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                        work_done_progress_options: Default::default(),
                    },
                )),
                inlay_hint_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![proto::SHOW_ENTRY_COMMAND.into(), conflict::TAKE_COMMAND.into()],
                    work_done_progress_options: Default::default(),
                }),
                code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(true) }),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("corpus-lsp".into()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: true,
                    work_done_progress_options: WorkDoneProgressOptions { work_done_progress: Some(true) },
                })),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "corpus-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let caps = self.lock().caps;
        let backend = self.clone();
        tokio::spawn(async move {
            if caps.watch_files_dynamically {
                backend.register_watchers().await;
            }
            backend.index_workspace().await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        self.index_run.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let publish = self.change("didOpen", |s| s.open(doc.uri, &doc.text, doc.version));
        self.publish(publish).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let doc = params.text_document;
        let publish = self.change("didChange", |s| s.change(&doc.uri, doc.version, params.content_changes));
        self.publish(publish).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // A saved catalogue changes what the files on disk mention: index again.
        if uri_path(&params.text_document.uri).is_some_and(|p| is_catalogue_path(&p)) {
            self.reindex_workspace();
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let mut reindex = None;
        let publish = self.change("didClose", |s| {
            let (publish, path) = s.close(&uri);
            reindex = path;
            publish
        });
        self.publish(publish).await;
        if let Some(path) = reindex.filter(|p| p.is_file()) {
            self.index_in_background(vec![path]);
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut catalogue_changed = false;
        let mut reindex = Vec::new();
        let publish = self.change("didChangeWatchedFiles", |s| {
            let mut out = Vec::new();
            for event in &params.changes {
                let Some(path) = uri_path(&event.uri) else { continue };
                // Reads of this path begun before now are stale.
                s.touch_path(&path);
                if is_catalogue_path(&path) {
                    catalogue_changed = true;
                    out.extend(s.catalogue_changed_on_disk(&path));
                } else if event.typ == FileChangeType::DELETED {
                    s.file_deleted(&path);
                } else {
                    reindex.push(path);
                }
            }
            out
        });
        self.publish(publish).await;
        if catalogue_changed {
            self.reindex_workspace();
        } else {
            self.index_in_background(reindex);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self.apply_settings(&params.settings).await {
            return;
        }
        if self.lock().caps.pull_configuration {
            let item = ConfigurationItem { scope_uri: None, section: Some("corpusLsp".into()) };
            if let Ok(values) = self.client.configuration(vec![item]).await
                && let Some(section) = values.into_iter().next()
            {
                self.apply_settings(&section).await;
            }
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        self.request("hover", |s| s.hover(&at.text_document.uri, at.position))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        self.request("completion", |s| s.completion(&at.text_document.uri, at.position))
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        self.request("completionItem/resolve", |s| s.resolve_completion(item))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        // Only quick fixes are made: a client asking for other kinds gets none.
        if let Some(only) = &params.context.only
            && !only.iter().any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
        {
            return Ok(None);
        }
        self.request("codeAction", |s| {
            if !s.caps.code_action_literals {
                return None;
            }
            let mut actions = s.code_actions(&params.text_document.uri, params.range);
            if !s.caps.code_action_is_preferred {
                for action in &mut actions {
                    if let CodeActionOrCommand::CodeAction(a) = action {
                        a.is_preferred = None;
                    }
                }
            }
            (!actions.is_empty()).then_some(actions)
        })
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        self.request("definition", |s| {
            s.definition(&at.text_document.uri, at.position).map(GotoDefinitionResponse::Scalar)
        })
    }

    async fn goto_declaration(
        &self,
        params: request::GotoDeclarationParams,
    ) -> Result<Option<request::GotoDeclarationResponse>> {
        let at = params.text_document_position_params;
        self.request("declaration", |s| {
            s.definition(&at.text_document.uri, at.position).map(GotoDefinitionResponse::Scalar)
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let include = params.context.include_declaration;
        // The plan is made under the lock; the files are read off it, in a
        // blocking task this future awaits. `$/cancelRequest` drops the future
        // (tower-lsp then answers -32800), and the guard stops the task at the
        // next file.
        let Some(plan) =
            self.request("references", |s| s.references_plan(&at.text_document.uri, at.position, include))?
        else {
            return Ok(None);
        };
        let cancelled = Arc::new(AtomicBool::new(false));
        let _guard = CancelOnDrop(cancelled.clone());
        let found = tokio::task::spawn_blocking(move || guarded(|| plan.run(&cancelled))).await;
        match found {
            Ok(Ok(Some(found))) => Ok((!found.is_empty()).then_some(found)),
            Ok(Ok(None)) => Err(Error::request_cancelled()),
            Ok(Err(message)) => {
                eprintln!("corpus-lsp: references failed: {message}");
                Err(Error::internal_error())
            }
            Err(e) => {
                eprintln!("corpus-lsp: references failed: {e}");
                Err(Error::internal_error())
            }
        }
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        self.request("prepareRename", |s| s.prepare_rename(&params.text_document.uri, params.position))?
            .map_err(refused)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        self.request("rename", |s| s.rename(&at.text_document.uri, at.position, &params.new_name))?.map_err(refused)
    }

    async fn document_highlight(&self, params: DocumentHighlightParams) -> Result<Option<Vec<DocumentHighlight>>> {
        let at = params.text_document_position_params;
        self.request("documentHighlight", |s| {
            let found = s.highlights(&at.text_document.uri, at.position);
            (!found.is_empty()).then_some(found)
        })
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        self.request("documentSymbol", |s| {
            let nested = s.document_symbols(&uri);
            Some(if s.caps.hierarchical_symbols {
                DocumentSymbolResponse::Nested(nested)
            } else {
                DocumentSymbolResponse::Flat(proto::flat_symbols(nested, &uri))
            })
        })
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.request("workspace/symbol", |s| Some(WorkspaceSymbolResponse::Nested(s.workspace_symbols(&params.query))))
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.request("semanticTokens/full", |s| {
            s.semantic_tokens_full(&params.text_document.uri).map(SemanticTokensResult::Tokens)
        })
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> Result<Option<SemanticTokensFullDeltaResult>> {
        self.request("semanticTokens/full/delta", |s| {
            s.semantic_tokens_delta(&params.text_document.uri, &params.previous_result_id)
        })
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.request("semanticTokens/range", |s| {
            let data = s.semantic_tokens(&params.text_document.uri, Some(params.range))?;
            Some(SemanticTokensRangeResult::Tokens(SemanticTokens { result_id: None, data }))
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command == conflict::TAKE_COMMAND {
            let edit = self.request("executeCommand", |s| s.take_edit(&params.arguments))?.map_err(refused)?;
            if let Err(e) = self.client.apply_edit(edit).await {
                self.log(format!("corpus-lsp: the take was not applied: {e}")).await;
            }
            return Ok(None);
        }
        if params.command != proto::SHOW_ENTRY_COMMAND {
            return Err(refused(format!("unknown command `{}`", params.command)));
        }
        let Some(show) = proto::show_entry(&params.arguments) else {
            return Err(refused(format!("`{}` takes a corpus.json URI and a range", params.command)));
        };
        // The edit that made the entry was applied before the client runs the command.
        if let Err(e) = self.client.show_document(show).await {
            self.log(format!("corpus-lsp: cannot show the new entry: {e}")).await;
        }
        Ok(None)
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.request("codeLens", |s| {
            let mut lenses = s.code_lenses(&params.text_document.uri);
            lenses.extend(s.conflict_lenses(&params.text_document.uri));
            (!lenses.is_empty()).then_some(lenses)
        })
    }

    async fn code_lens_resolve(&self, lens: CodeLens) -> Result<CodeLens> {
        self.request("codeLens/resolve", |s| s.resolve_code_lens(lens))
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let previous = params.previous_result_id;
        let pulled = self.request("textDocument/diagnostic", |s| s.pull_document(&uri, previous.as_deref()))?;
        let report = match pulled {
            pull::DocumentPull::Done(report) => report,
            pull::DocumentPull::Disk(job) => {
                tokio::task::spawn_blocking(move || job.run(previous.as_deref())).await.ok()
            }
        };
        Ok(pull::document_report(report))
    }

    async fn workspace_diagnostic(&self, params: WorkspaceDiagnosticParams) -> Result<WorkspaceDiagnosticReportResult> {
        self.pull_workspace(params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.request("inlayHint", |s| Some(s.inlay_hints(&params.text_document.uri, params.range)))
    }
}

/// A request refused for a reason the user should read.
fn refused(message: String) -> Error {
    Error::invalid_params(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error() {
        assert_eq!(guarded(|| 1), Ok(1));
        let got = guarded(|| -> i32 { panic!("boom {}", 1) });
        assert_eq!(got, Err("boom 1".to_string()));
        let got = guarded(|| -> i32 { std::panic::panic_any(7u8) });
        assert_eq!(got, Err("unknown panic".to_string()));
    }

    /// An open document's frame, copied from its kept JSON, is the frame of
    /// its diagnostics serialised, after edits that move lines (across a
    /// change in the number of digits too).
    #[test]
    fn a_document_frame_is_its_diagnostics_serialised() {
        let mut state = State::default();
        let uri: Uri = "file:///tmp/frame-test/a.txt".parse().unwrap();
        let text = "[Wang Yi]{wang-yii} met \"Blinken\" — ✓ #taiwann\n\nplain\r\n[x]{nope} [Blinken]{wang-yi}\n";
        let mut publishes = state.open(uri.clone(), text, 1);
        let change = |l1, c1, l2, c2, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        };
        let check = |publishes: Vec<Publish>, state: &State| {
            let mut seen = 0;
            for p in publishes.into_iter().filter(|p| p.of_document) {
                let resolved = state.resolve(p.clone());
                assert!(resolved.diagnostics.len() >= 3, "{resolved:?}");
                let frame = publish_frame(state, &p).unwrap();
                let expected = publish_frame(state, &resolved).unwrap();
                assert_eq!(String::from_utf8(frame).unwrap(), String::from_utf8(expected).unwrap());
                seen += 1;
            }
            assert_eq!(seen, 1);
        };
        check(std::mem::take(&mut publishes), &state);
        for (version, edit) in [
            change(1, 0, 1, 0, "new line [a]{b}\n\n"),
            change(0, 0, 0, 0, "\n\n\n\n\n\n\n\n"),
            change(2, 0, 9, 0, ""),
            change(0, 5, 1, 0, "[Wang Yi]{wang-yi} #nope "),
        ]
        .into_iter()
        .enumerate()
        {
            let publishes = state.change(&uri, version as i32 + 2, vec![edit]);
            check(publishes, &state);
        }
    }
}
