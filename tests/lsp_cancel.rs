//! `$/cancelRequest` on a long request: references to an entity mentioned
//! on every line of a large corpus (files not open, so each is read from
//! disk). The cancelled request is answered with -32800 (RequestCancelled)
//! well before the uncancelled one would have been, and the state is as
//! before: the same references, hover still answers.
//! `CORPUS_LSP_CANCEL_FILES=N` changes the corpus size (default 120 files of 32 KB).

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::{Server, Workspace};

const CATALOGUE: &str = r#"{
  "include": ["**/*.txt"],
  "entities": [
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"] },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person" }
  ],
  "tags": []
}"#;

const OPEN: &str = "“Talks” — [Blinken]{antony-blinken} met [Wang Yi]{wang-yi}. 😀\n";

fn references(server: &mut Server, uri: &str) -> i64 {
    server.send_request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 13},
               "context": {"includeDeclaration": false}}),
    )
}

#[test]
fn cancelled_references_answer_request_cancelled_promptly_and_change_nothing() {
    let files: usize = std::env::var("CORPUS_LSP_CANCEL_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(120);
    let line = "On Friday, Blinken met Wang Yi — “a candid talk,” said Blinken in Beijing.\n";
    let body = line.repeat((32 << 10) / line.len());
    let names: Vec<String> = (0..files).map(|i| format!("corpus/{i:04}.txt")).collect();
    let mut entries: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), body.as_str())).collect();
    entries.push(("a.txt", OPEN));
    let ws = Workspace::new(CATALOGUE, &entries);

    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "ws"}],
        "capabilities": {"window": {"workDoneProgress": true}}
    }));
    server.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = ws.uri("a.txt");
    server.open(&uri, OPEN, 1);
    server.diagnostics(&uri, Some(1));

    // Uncancelled: every use, and how long it takes.
    let started = Instant::now();
    let id = references(&mut server, &uri);
    let full = server.response(id);
    let full_time = started.elapsed();
    let expected = files * (body.len() / line.len()) * 2 + 1;
    assert_eq!(full["result"].as_array().map(Vec::len), Some(expected), "every use");

    // Cancelled right after it is sent.
    let started = Instant::now();
    let id = references(&mut server, &uri);
    server.notify("$/cancelRequest", json!({"id": id}));
    let cancelled = server.response(id);
    let cancel_time = started.elapsed();
    eprintln!(
        "references over {files} files ({} MB, {expected} uses): {full_time:?}; cancelled: answered in {cancel_time:?}",
        (files * body.len()) >> 20
    );
    let shown: String = cancelled.to_string().chars().take(300).collect();
    assert_eq!(cancelled["error"]["code"], -32800, "RequestCancelled, not the whole answer: {shown}");
    assert!(
        cancel_time < full_time / 2 || cancel_time < Duration::from_millis(50),
        "answered promptly: {cancel_time:?} against {full_time:?} for the whole request"
    );

    // A cancellation for a request already answered is ignored.
    server.notify("$/cancelRequest", json!({"id": 1}));

    // The state is as before: hover answers, and the references are the same.
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": &uri}, "position": {"line": 0, "character": 13}}),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().contains("Antony Blinken"), "{hover}");
    let id = references(&mut server, &uri);
    assert_eq!(server.response(id)["result"], full["result"]);
    assert!(server.shutdown().success());
}
