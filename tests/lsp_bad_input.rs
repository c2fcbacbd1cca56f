//! Bad input and stress through the real binary: after each, the server still
//! answers a hover correctly. (Malformed JSON-RPC, unknown documents and
//! out-of-range positions are in `lsp.rs`.)

mod support;

use serde_json::{Value, json};
use support::{Server, Workspace};

const CATALOGUE: &str = r#"{
  "entities": [
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person", "description": "China’s Foreign Minister." },
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"] }
  ],
  "tags": [ { "id": "taiwan", "label": "Taiwan question" } ]
}"#;

const ARTICLE: &str = "“In every engagement,” [Wang Yi]{wang-yi} told [Blinken]{antony-blinken} — 😀 #taiwan\n";

fn start(ws: &Workspace) -> Server {
    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "ws"}],
        "capabilities": {"window": {"workDoneProgress": true}}
    }));
    server
}

/// Hover on `Wang Yi` in `article.txt` (opened by the caller) shows the card.
#[track_caller]
fn hover_still_works(server: &mut Server, uri: &str) {
    let hover = server
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 26}}));
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("Wang Yi") && text.contains("Foreign Minister"), "hover: {hover}");
}

fn progress_end(server: &mut Server) {
    server.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
}

#[test]
fn hostile_workspace_files_are_skipped() {
    let ws = Workspace::new(CATALOGUE, &[("article.txt", ARTICLE)]);
    // Not UTF-8, binary, a 50 MB line, and a symlink loop.
    std::fs::write(ws.path("latin1.txt"), b"caf\xe9 Wang Yi\n").unwrap();
    std::fs::write(ws.path("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 255]).unwrap();
    let big = "Wang Yi met Blinken. ".repeat(50 * 1024 * 1024 / 21);
    std::fs::write(ws.path("big.txt"), &big).unwrap();
    #[cfg(unix)]
    {
        std::fs::create_dir(ws.path("loop")).unwrap();
        std::os::unix::fs::symlink(ws.path("loop"), ws.path("loop/again")).unwrap();
        std::os::unix::fs::symlink(ws.path("."), ws.path("loop/root")).unwrap();
    }
    let mut server = start(&ws);
    progress_end(&mut server);
    let uri = ws.uri("article.txt");
    server.open(&uri, ARTICLE, 1);
    assert_eq!(server.diagnostics(&uri, Some(1)), Vec::<Value>::new());
    hover_still_works(&mut server, &uri);
    // The big file is indexed: hover counts its mentions.
    let hover = server
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 26}}));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("big.txt"), "{hover}");
    assert!(server.shutdown().success());
}

#[test]
fn a_50_megabyte_line_opened_and_edited() {
    let ws = Workspace::new(CATALOGUE, &[("article.txt", ARTICLE)]);
    let mut server = start(&ws);
    let big_uri = ws.uri("big.txt");
    let big = format!("{}[Wang Yi]{{wang-yii}}", "x".repeat(50 * 1024 * 1024));
    server.open(&big_uri, &big, 1);
    let diagnostics = server.diagnostics(&big_uri, Some(1));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["code"], "unknown-entity");
    // An edit at the far end of the line: `{wang-yii}` → `{wang-yiiz}`, still unknown.
    let col = big.len() as u32 - 1;
    server.change(&big_uri, 2, [0, col, 0, col], "z");
    let diagnostics = server.diagnostics(&big_uri, Some(2));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("wang-yiiz"), "{diagnostics:?}");
    let uri = ws.uri("article.txt");
    server.open(&uri, ARTICLE, 1);
    hover_still_works(&mut server, &uri);
    assert!(server.shutdown().success());
}

#[test]
fn exit_without_shutdown_ends_the_process() {
    let ws = Workspace::new(CATALOGUE, &[("article.txt", ARTICLE)]);
    let mut server = start(&ws);
    let uri = ws.uri("article.txt");
    server.open(&uri, ARTICLE, 1);
    hover_still_works(&mut server, &uri);
    let status = server.exit();
    assert_eq!(status.code(), Some(1), "exit without shutdown is an error exit, as LSP says");
}

#[test]
fn ten_thousand_edits_with_hovers_and_completions() {
    let ws = Workspace::new(CATALOGUE, &[("article.txt", ARTICLE)]);
    let mut server = start(&ws);
    let uri = ws.uri("article.txt");
    server.open(&uri, ARTICLE, 1);
    let mut text = ARTICLE.to_string();
    let mut requests = Vec::new();
    for i in 0..10_000u32 {
        // Type then delete `x` at the end of the first line, in UTF-16 columns.
        let end = ARTICLE.trim_end().encode_utf16().count() as u32;
        if i % 2 == 0 {
            server.change(&uri, i as i64 + 2, [0, end, 0, end], "x");
            text.insert(ARTICLE.trim_end().len(), 'x');
        } else {
            server.change(&uri, i as i64 + 2, [0, end, 0, end + 1], "");
            text.remove(ARTICLE.trim_end().len());
        }
        if i % 100 == 0 {
            let pos = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 26}});
            requests.push(server.send_request("textDocument/hover", pos.clone()));
            requests.push(server.send_request("textDocument/completion", pos));
        }
    }
    assert_eq!(text, ARTICLE);
    for id in requests {
        let response = server.response(id);
        assert!(response.get("error").is_none(), "{response}");
    }
    assert_eq!(server.diagnostics(&uri, Some(10_001)), Vec::<Value>::new());
    hover_still_works(&mut server, &uri);
    let rss = peak_rss_kib(&server);
    println!("peak RSS after 10,000 edits: {rss:?} KiB");
    assert!(server.shutdown().success());
}

/// The server's peak resident memory, from /proc (Linux only).
fn peak_rss_kib(server: &Server) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
