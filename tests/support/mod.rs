//! A small JSON-RPC client for the real `corpus-lsp` binary over stdio.
//!
//! A reader thread parses the server's messages, answers the server's own
//! requests (progress creation, registrations, configuration) at once, and
//! hands every message to the test through a channel. Tests wait for the
//! message they expect with a generous timeout; nothing sleeps.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub mod cli;

/// How long to wait for any one expected message.
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Server {
    child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    incoming: Receiver<Value>,
    /// Received and not yet consumed by a `wait_for`.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// What the client answers to `workspace/configuration` (per item).
    configuration: Arc<Mutex<Value>>,
}

fn write_message(stdin: &Mutex<Option<ChildStdin>>, message: &Value) {
    let body = serde_json::to_string(message).unwrap();
    // The server may have exited (after `exit`), or its input be closed: ignore.
    if let Some(stdin) = stdin.lock().unwrap().as_mut() {
        let _ = write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = stdin.flush();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(v) = header.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Server {
    /// Starts `corpus-lsp serve --stdio`.
    pub fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_corpus-lsp"))
            .args(["serve", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("corpus-lsp starts");
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        let replies = stdin.clone();
        let configuration = Arc::new(Mutex::new(Value::Null));
        let answer = configuration.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                    // The server asks something of the client: agree.
                    let result = match method.as_str() {
                        Some("workspace/configuration") => json!([answer.lock().unwrap().clone()]),
                        Some("window/showDocument") => json!({"success": true}),
                        Some("workspace/applyEdit") => json!({"applied": true}),
                        _ => Value::Null,
                    };
                    write_message(&replies, &json!({"jsonrpc": "2.0", "id": id, "result": result}));
                }
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Server { child, stdin, incoming, backlog: VecDeque::new(), next_id: 0, configuration }
    }

    /// What the client answers from now on when the server asks for its
    /// `workspace/configuration` (the `corpusLsp` section); `null` at first.
    pub fn set_configuration(&mut self, section: Value) {
        *self.configuration.lock().unwrap() = section;
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends raw bytes (for malformed input).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let mut stdin = self.stdin.lock().unwrap();
        let stdin = stdin.as_mut().expect("input open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// The whole response (`result` or `error`) to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("the response to request {id}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// Sends a request and returns its `result` (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let response = self.response(id);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The first message (received earlier or to come) that `matches`; it is consumed.
    pub fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(at).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if matches(&message) => return message,
                Ok(message) => self.backlog.push_back(message),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out waiting for {what}; received meanwhile: {:#?}", self.backlog)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server closed its output while we waited for {what}; received: {:#?}", self.backlog)
                }
            }
        }
    }

    /// Whether a message that `matches` was received already (without waiting).
    pub fn received(&mut self, matches: impl Fn(&Value) -> bool) -> bool {
        while let Ok(m) = self.incoming.try_recv() {
            self.backlog.push_back(m);
        }
        self.backlog.iter().any(matches)
    }

    /// `initialize` with `params` merged over a client that renders what an
    /// editor does ([`editor_text_document`]), then `initialized`.
    pub fn initialize(&mut self, params: Value) -> Value {
        let mut full = json!({"processId": null, "capabilities": {"textDocument": editor_text_document()}});
        merge(&mut full, params);
        let result = self.request("initialize", full);
        self.notify("initialized", json!({}));
        result
    }

    /// The diagnostics published for `uri` (at `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.wait_for(&format!("diagnostics for {uri} at {version:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        message["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        );
    }

    /// Replaces `range` (`[line, col, line, col]`) with `text`.
    pub fn change(&mut self, uri: &str, version: i64, range: [u32; 4], text: &str) {
        let [l1, c1, l2, c2] = range;
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": text}]
            }),
        );
    }

    /// A handle that sends notifications from another thread (frames are
    /// written whole, so they never interleave with this client's).
    pub fn notifier(&self) -> Notifier {
        Notifier { stdin: self.stdin.clone() }
    }

    /// The messages that arrived before the last one `wait_for` returned and
    /// were not consumed, in order of arrival (nothing newer is read).
    pub fn take_backlog(&mut self) -> Vec<Value> {
        self.backlog.drain(..).collect()
    }

    /// Every message received and not yet consumed, without waiting.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(m) = self.incoming.try_recv() {
            self.backlog.push_back(m);
        }
        self.backlog.drain(..).collect()
    }

    /// `exit` alone (no `shutdown` before it); the exit status.
    pub fn exit(mut self) -> ExitStatus {
        self.notify("exit", Value::Null);
        self.child.wait().unwrap()
    }

    /// Closes the server's input (no `shutdown`, no `exit`); the exit status.
    pub fn close_input(mut self) -> ExitStatus {
        drop(self.stdin.lock().unwrap().take());
        self.child.wait().unwrap()
    }

    /// `shutdown` then `exit`; the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().unwrap()
    }
}

/// Sends notifications to a [`Server`] from another thread.
#[derive(Clone)]
pub struct Notifier {
    stdin: Arc<Mutex<Option<ChildStdin>>>,
}

impl Notifier {
    pub fn notify(&self, method: &str, params: Value) {
        write_message(&self.stdin, &json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A failed test must not leave the server running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The `textDocument` capabilities of a typical editor (as VS Code and
/// Neovim send them): Markdown hover and completion documentation, preselect,
/// code-action literals, hierarchical symbols. The server answers only what
/// a client advertises, so a test of a plainer client overrides these.
pub fn editor_text_document() -> Value {
    json!({
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"], "preselectSupport": true}},
        "codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix", "refactor", "source"]}},
            "isPreferredSupport": true
        },
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": true}
    })
}

/// `over` merged into `base`, objects key by key.
pub fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                merge(b.entry(k).or_insert(Value::Null), v);
            }
        }
        (b, o) => *b = o,
    }
}

/// A temporary workspace with its own `corpus.json`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new(catalogue: &str, files: &[(&str, &str)]) -> Workspace {
        let dir = tempfile::Builder::new().prefix("corpus-ws-").tempdir().unwrap();
        std::fs::write(dir.path().join("corpus.json"), catalogue).unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Workspace { dir }
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    pub fn uri(&self, name: &str) -> String {
        format!("file://{}", self.path(name).display())
    }

    pub fn root_uri(&self) -> String {
        format!("file://{}", self.dir.path().display())
    }
}

/// The UTF-16 column of byte `at` in `line`.
pub fn utf16_col(line: &str, at: usize) -> u32 {
    line[..at].encode_utf16().count() as u32
}

/// The code, start and end (`[line, character]`) of each diagnostic.
pub fn summarize(diagnostics: &[Value]) -> Vec<(String, [u64; 2], [u64; 2])> {
    diagnostics
        .iter()
        .map(|d| {
            let r = &d["range"];
            let p = |p: &Value| [p["line"].as_u64().unwrap(), p["character"].as_u64().unwrap()];
            (d["code"].as_str().unwrap_or_default().to_string(), p(&r["start"]), p(&r["end"]))
        })
        .collect()
}

/// Every file under `dir`, recursively, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}
