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

/// Each malformed message, bad request and bad notification in turn; after each,
/// hover on the article still answers with the card. The answers are recorded
/// in the reliability issue's note.
#[test]
fn each_bad_input_then_a_correct_hover() {
    let ws = Workspace::new(CATALOGUE, &[("article.txt", ARTICLE)]);
    let mut server = start(&ws);
    progress_end(&mut server);
    let uri = ws.uri("article.txt");
    server.open(&uri, ARTICLE, 1);
    server.diagnostics(&uri, Some(1));
    let error_code = |server: &mut Server, what: &str| -> Value {
        server.wait_for(what, |m| m.get("error").is_some() && m["id"].is_null())["error"]["code"].clone()
    };

    // Framing: no usable Content-Length, then a length that is not a number.
    server.send_raw(b"Content-Type: application/json\r\n\r\n");
    assert_eq!(error_code(&mut server, "an error for a frame without Content-Length"), -32700);
    hover_still_works(&mut server, &uri);
    server.send_raw(b"Content-Length: twelve\r\n\r\n");
    assert_eq!(error_code(&mut server, "an error for a bad Content-Length"), -32700);
    hover_still_works(&mut server, &uri);
    // A length too short: the cut body is a parse error and the next frame survives.
    server.send_raw(b"Content-Length: 12\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}");
    assert_eq!(error_code(&mut server, "an error for a cut body"), -32700);
    hover_still_works(&mut server, &uri);
    // Bodies: invalid JSON, JSON that is not a message, a request without `jsonrpc`.
    server.send_raw(b"Content-Length: 9\r\n\r\n{\"id\": 1,");
    assert_eq!(error_code(&mut server, "a parse error"), -32700);
    hover_still_works(&mut server, &uri);
    server.send_raw(b"Content-Length: 7\r\n\r\n[1,2,3]");
    assert_eq!(error_code(&mut server, "an invalid request"), -32600);
    hover_still_works(&mut server, &uri);
    let body = br#"{"id":41,"method":"textDocument/hover","params":{}}"#;
    server.send_raw(&[format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat());
    let answer = server.response(41);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    hover_still_works(&mut server, &uri);

    // Methods: unknown request (method not found), unknown notification (ignored).
    let id = server.send_request("corpus/nothing", json!({}));
    assert_eq!(server.response(id)["error"]["code"], -32601);
    server.notify("corpus/nothing", json!({"x": 1}));
    hover_still_works(&mut server, &uri);
    // Wrong params: invalid params, for a request and for a notification.
    let id = server.send_request("textDocument/hover", json!({"textDocument": 5, "position": "here"}));
    assert_eq!(server.response(id)["error"]["code"], -32602);
    server.notify("textDocument/didChange", json!({"textDocument": {"uri": uri}, "contentChanges": 3}));
    hover_still_works(&mut server, &uri);

    // Positions past the end of the line (clamped to its end: the tag there) and of
    // the document (its end: an empty line, nothing to say).
    for (line, character, tag) in [(0, 10_000, true), (10_000, 0, false), (u32::MAX, u32::MAX, false)] {
        let at = json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
        let hover = server.request("textDocument/hover", at.clone());
        assert_eq!(hover["contents"]["value"].as_str().is_some_and(|v| v.contains("`#taiwan`")), tag, "{hover}");
        server.request("textDocument/completion", at.clone());
        server.request("textDocument/definition", at);
    }
    hover_still_works(&mut server, &uri);
    // Edits for a document never opened, and a request about it.
    server.change(&ws.uri("never-opened.txt"), 3, [0, 0, 0, 0], "[Wang Yi]{nope}");
    let at = json!({"textDocument": {"uri": ws.uri("never-opened.txt")}, "position": {"line": 0, "character": 1}});
    assert_eq!(server.request("textDocument/hover", at), Value::Null);
    hover_still_works(&mut server, &uri);

    // Mid-session, corpus.json broken (invalid JSON), then with a glob reaching outside
    // the workspace: a catalog-error each time, the last good catalogue stays in use.
    let json_uri = ws.uri("corpus.json");
    for (broken, expected) in [
        (CATALOGUE.replacen('{', "{{", 1), "expected"),
        (CATALOGUE.replacen("\"entities\"", "\"include\": [\"../**/*.txt\"],\n  \"entities\"", 1), "reaches outside"),
    ] {
        std::fs::write(ws.path("corpus.json"), &broken).unwrap();
        server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": json_uri, "type": 2}]}));
        let problems = server.diagnostics(&json_uri, None);
        assert!(
            problems.iter().any(|p| p["code"] == "catalog-error" && p["message"].as_str().unwrap().contains(expected)),
            "{problems:#?}"
        );
        hover_still_works(&mut server, &uri);
    }
    assert!(server.shutdown().success());
}
