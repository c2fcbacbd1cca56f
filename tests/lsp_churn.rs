//! On-disk churn through the real binary: while an editor session types into
//! an open document (asking for completions and hovers), another thread
//! changes the workspace on disk as a `git checkout` of another branch does
//! (files written, renamed and deleted, 1,000 operations), rewrites
//! `corpus.json` 50 times (every fifth one broken), also writes and deletes
//! the open document's own file (with text the buffer never has), and sends
//! the matching `workspace/didChangeWatchedFiles`, batched as editors do.
//!
//! Checked: every request is answered; the open document's diagnostics and
//! hover always come from its buffer (the file on disk mentions `ghost-*`,
//! the buffer never does); at the end, once every indexing the churn caused
//! has reported (its `window/logMessage`), the churned server answers exactly
//! as a fresh server started on the final tree with the same buffer open:
//! the workspace diagnostic report (which files are indexed, their
//! diagnostics, the catalogue's `unused-*` hints), the code lenses of
//! `corpus.json` resolved (usage counts and every reference location, from
//! the index), references and hover. Keystroke latency during the churn is
//! printed, not asserted. `CORPUS_LSP_CHURN_LONG=1` runs ten times the churn.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Server, Workspace};

const ENTITIES: usize = 20;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Catalogue version `k`: the open document's entities always, and the
/// extras `j` with `(j + k) % 3 != 0`; every fifth version is broken JSON.
fn catalogue(k: usize) -> String {
    let mut entities = vec![
        json!({"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]}),
        json!({"id": "wang-yi", "name": "Wang Yi", "kind": "person"}),
    ];
    for j in (0..ENTITIES).filter(|j| !(j + k).is_multiple_of(3)) {
        entities.push(json!({"id": format!("extra-{j}"), "name": format!("Extra Person {j}"), "kind": "person"}));
    }
    let text =
        serde_json::to_string_pretty(&json!({"include": ["**/*.txt"], "entities": entities, "tags": []})).unwrap();
    if k % 5 == 4 { text[..text.len() / 2].to_string() } else { text }
}

fn article(rng: &mut Rng, n: usize) -> String {
    let mut text = format!("Article {n}\n");
    for _ in 0..1 + rng.below(6) {
        let j = rng.below(ENTITIES);
        text.push_str(&format!(
            "On Monday [Extra Person {j}]{{extra-{j}}} met [Blinken]{{antony-blinken}}; Wang Yi spoke.\n"
        ));
    }
    text
}

/// The disk's version of the open document: never what the buffer says.
fn ghost(n: usize) -> String {
    format!("[Ghost {n}]{{ghost-from-disk-{n}}} and [Blinken]{{ghost-blinken}}.\n")
}

fn event(ws: &Root, name: &str, typ: u8) -> Value {
    json!({"uri": ws.uri(name), "type": typ})
}

fn watched(notifier: &support::Notifier, changes: Vec<Value>) {
    notifier.notify("workspace/didChangeWatchedFiles", json!({"changes": changes}));
}

/// What the churn sent: how many workspace re-indexings (a batch naming
/// `corpus.json`) and background re-indexings (other batches with a write) it caused.
#[derive(Default)]
struct Sent {
    reindexings: usize,
    background: usize,
    operations: usize,
}

/// Changes the tree on disk; `files` are the names present (the open
/// document's file aside).
fn churn(ws: &Root, notifier: &support::Notifier, mut files: Vec<String>, scale: usize) -> Sent {
    let mut rng = Rng(0x5eed_cafe);
    let mut sent = Sent::default();
    let mut next_name = files.len();
    let steps = 50 * scale;
    for step in 0..steps {
        // Two batches per step: file events only, then file events and corpus.json.
        for with_catalogue in [false, true] {
            let mut changes = Vec::new();
            let mut writes = false;
            for _ in 0..10 {
                sent.operations += 1;
                match rng.below(4) {
                    0 => {
                        let name = format!("{}/new-{next_name:05}.txt", ["a", "b", "c", "d"][rng.below(4)]);
                        next_name += 1;
                        std::fs::write(ws.path(&name), article(&mut rng, next_name)).unwrap();
                        changes.push(event(ws, &name, 1));
                        files.push(name);
                        writes = true;
                    }
                    1 if !files.is_empty() => {
                        let name = files[rng.below(files.len())].clone();
                        std::fs::write(ws.path(&name), article(&mut rng, next_name)).unwrap();
                        changes.push(event(ws, &name, 2));
                        writes = true;
                    }
                    2 if !files.is_empty() => {
                        let at = rng.below(files.len());
                        let to = format!("{}/moved-{next_name:05}.txt", ["a", "b", "c", "d"][rng.below(4)]);
                        next_name += 1;
                        std::fs::rename(ws.path(&files[at]), ws.path(&to)).unwrap();
                        changes.push(event(ws, &files[at], 3));
                        changes.push(event(ws, &to, 1));
                        files[at] = to;
                        writes = true;
                    }
                    _ if !files.is_empty() => {
                        let name = files.swap_remove(rng.below(files.len()));
                        std::fs::remove_file(ws.path(&name)).unwrap();
                        changes.push(event(ws, &name, 3));
                    }
                    _ => {}
                }
            }
            // The open document's file: written with text the buffer never has, or deleted.
            if step % 3 == 2 {
                let _ = std::fs::remove_file(ws.path("open.txt"));
                changes.push(event(ws, "open.txt", 3));
            } else {
                std::fs::write(ws.path("open.txt"), ghost(step)).unwrap();
                changes.push(event(ws, "open.txt", 2));
                writes = true;
            }
            if with_catalogue {
                let k = if step + 1 == steps { 0 } else { step + 1 };
                std::fs::write(ws.path("corpus.json"), catalogue(k)).unwrap();
                changes.push(event(ws, "corpus.json", 2));
                sent.reindexings += 1;
            } else if writes {
                sent.background += 1;
            }
            // Editors send a batch per debounce; keep the order of the operations.
            watched(notifier, changes);
        }
        // Pace the churn so that it spans the typing.
        std::thread::sleep(Duration::from_millis(5));
    }
    sent
}

fn start(ws: &Workspace) -> Server {
    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "ws"}],
        "capabilities": {
            "window": {"workDoneProgress": true},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
        }
    }));
    server.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    // Its log too, so that the churn's re-indexings are counted from here.
    server.wait_for("the first indexing's log", |m| indexed_log(m, "corpus-lsp: Indexed "));
    server
}

fn indexed_log(message: &Value, prefix: &str) -> bool {
    message["method"] == "window/logMessage"
        && message["params"]["message"].as_str().is_some_and(|m| m.starts_with(prefix))
}

fn no_ghost(message: &Value, what: &str) {
    let text = message.to_string();
    assert!(!text.contains("ghost"), "{what} comes from the file on disk, not the buffer: {text}");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    eprintln!(
        "{name}: n={} p50 {:.2?} p95 {:.2?} p99 {:.2?} max {:.2?}",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// What the index shows, in a form two servers can be compared by.
fn observe(server: &mut Server, ws: &Workspace) -> BTreeMap<String, Value> {
    let mut seen = BTreeMap::new();
    let pulled = server.request("workspace/diagnostic", json!({"identifier": "corpus-lsp", "previousResultIds": []}));
    for item in pulled["items"].as_array().unwrap() {
        let mut diagnostics: Vec<String> = item["items"].as_array().unwrap().iter().map(|d| d.to_string()).collect();
        diagnostics.sort();
        seen.insert(format!("diagnostic {}", item["uri"]), json!({"version": item["version"], "items": diagnostics}));
    }
    let catalogue = ws.uri("corpus.json");
    let lenses = server.request("textDocument/codeLens", json!({"textDocument": {"uri": &catalogue}}));
    for lens in lenses.as_array().unwrap() {
        let mut resolved = server.request("codeLens/resolve", lens.clone());
        if let Some(locations) = resolved["command"]["arguments"][2].as_array_mut() {
            locations.sort_by_key(|l| l.to_string());
        }
        seen.insert(format!("lens {}", lens["data"]["id"]), resolved["command"].clone());
    }
    let open = ws.uri("open.txt");
    for (line, character) in [(0, 1), (0, 32)] {
        let mut found = server.request("textDocument/references", {
            let mut p = at(&open, line, character);
            p["context"] = json!({"includeDeclaration": true});
            p
        });
        if let Some(list) = found.as_array_mut() {
            list.sort_by_key(|l| l.to_string());
        }
        seen.insert(format!("references {line}:{character}"), found);
        seen.insert(
            format!("hover {line}:{character}"),
            server.request("textDocument/hover", at(&open, line, character)),
        );
    }
    seen
}

#[test]
fn the_index_survives_on_disk_churn_and_the_buffer_always_wins() {
    let scale = if std::env::var_os("CORPUS_LSP_CHURN_LONG").is_some() { 10 } else { 1 };
    let mut rng = Rng(42);
    let names: Vec<String> = (0..300).map(|i| format!("{}/{i:05}.txt", ["a", "b", "c", "d"][i % 4])).collect();
    let texts: Vec<String> = (0..names.len()).map(|i| article(&mut rng, i)).collect();
    let mut entries: Vec<(&str, &str)> =
        names.iter().map(String::as_str).zip(texts.iter().map(String::as_str)).collect();
    let disk_open = ghost(0);
    entries.push(("open.txt", &disk_open));
    let initial = catalogue(0);
    let ws = Workspace::new(&initial, &entries);

    let mut server = start(&ws);
    let uri = ws.uri("open.txt");
    // The buffer: Blinken at 0:1, Wang Yi at 0:32 (never saved).
    let mut buffer = String::from("[Blinken]{antony-blinken} met [Wang Yi]{wang-yi}.\n");
    let mut version = 1;
    server.open(&uri, &buffer, version);
    no_ghost(&json!(server.diagnostics(&uri, Some(1))), "the diagnostics of the open document");

    let notifier = server.notifier();
    let churn_files = names.clone();
    let root = Root(ws.dir.path().to_path_buf());
    let churner = std::thread::spawn(move || churn(&root, &notifier, churn_files, scale));

    // Type while the churn runs (and at least 300 keystrokes).
    let typed = "Blinken met [Wang Yi]{wang-yi} again, [Blinken]{antony-blinken} said. ";
    let (mut keystroke, mut completion, mut hover) = (Vec::new(), Vec::new(), Vec::new());
    let mut keys = typed.chars().cycle();
    let (mut line, mut col) = (1u32, 0u32);
    while !churner.is_finished() || keystroke.len() < 300 {
        let c = keys.next().unwrap();
        version += 1;
        let started = Instant::now();
        server.change(&uri, version, [line, col, line, col], &c.to_string());
        buffer.push(c);
        col += 1;
        let published = server.diagnostics(&uri, Some(version));
        keystroke.push(started.elapsed());
        no_ghost(&json!(published), "the diagnostics of the open document");
        let started = Instant::now();
        let id = server.send_request("textDocument/completion", at(&uri, line, col));
        let answer = server.response(id);
        completion.push(started.elapsed());
        assert!(answer.get("error").is_none(), "completion answered: {answer}");
        if keystroke.len() % 5 == 0 {
            let started = Instant::now();
            let card = server.request("textDocument/hover", at(&uri, 0, 1));
            hover.push(started.elapsed());
            assert!(card["contents"]["value"].as_str().unwrap_or_default().contains("Antony Blinken"), "{card}");
            no_ghost(&card, "hover");
        }
        if col >= 200 {
            version += 1;
            server.change(&uri, version, [line, col, line, col], "\n");
            buffer.push('\n');
            server.diagnostics(&uri, Some(version));
            (line, col) = (line + 1, 0);
        }
    }
    let sent = churner.join().expect("the churn ran");
    report("keystroke → publishDiagnostics during the churn", keystroke);
    report("completion during the churn", completion);
    report("hover during the churn", hover);

    // Wait until every indexing the churn caused has reported.
    let started = Instant::now();
    for _ in 0..sent.reindexings {
        server.wait_for("a workspace re-indexing", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"].as_str().unwrap().starts_with("corpus-lsp: Indexed ")
        });
    }
    for _ in 0..sent.background {
        server.wait_for("a background re-indexing", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"].as_str().unwrap().starts_with("corpus-lsp: re-indexed ")
        });
    }
    eprintln!(
        "churn: {} file operations, {} corpus.json rewrites, {} watched-file batches; indexing settled {:.2?} after the churn",
        sent.operations,
        sent.reindexings,
        sent.reindexings + sent.background,
        started.elapsed()
    );
    for message in server.drain() {
        if message["params"]["uri"] == uri.as_str() {
            no_ghost(&message, "a publish for the open document");
        }
    }

    let churned = observe(&mut server, &ws);
    let mut fresh = start(&ws);
    fresh.open(&uri, &buffer, version);
    fresh.diagnostics(&uri, Some(version));
    let expected = observe(&mut fresh, &ws);
    let on_disk = expected.keys().filter(|k| k.starts_with("diagnostic")).count();
    assert!(on_disk > 250, "the final tree is indexed: {on_disk} reports");
    assert!(expected.keys().any(|k| k.starts_with("lens")), "corpus.json has lenses");
    for (key, want) in &expected {
        assert_eq!(churned.get(key), Some(want), "{key}: the churned server against a fresh one");
    }
    assert_eq!(churned.len(), expected.len(), "the same reports: {:?}", churned.keys().collect::<Vec<_>>());
    assert!(server.shutdown().success());
    assert!(fresh.shutdown().success());
}

/// The workspace's folder, as the churn thread sees it.
struct Root(PathBuf);

impl Root {
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    fn uri(&self, name: &str) -> String {
        format!("file://{}", self.path(name).display())
    }
}
