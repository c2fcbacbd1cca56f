//! Edits that move diagnosed lines, end to end: the server keeps each line's
//! diagnostics serialised without their line numbers and writes the numbers
//! in when it publishes (src/server/document.rs). After every edit here —
//! a line inserted above, lines deleted, an edit inside a diagnosed line,
//! two lines joined, line numbers crossing 9 → 10 → 100, several changes in
//! one notification — the pushed list must be exactly a fresh analysis of
//! the same text: the same as opening that text anew, as `lint --format
//! json` on it, and as pulling `textDocument/diagnostic`. Bytes kept stale by
//! a line that moved (or changed) would fail one of them.

mod support;

use serde_json::{Value, json};
use support::{Server, Workspace};

const CATALOGUE: &str = r#"{
  "include": ["**/*.txt"],
  "entities": [
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken", "Mr. Blinken"] },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person" },
    { "id": "xinjiang", "name": "Xinjiang", "kind": "place" }
  ],
  "tags": [{ "id": "human-rights", "label": "Human rights" }],
  "diagnostics": { "unused-entity": "off", "unused-tag": "off" }
}"#;

/// Twelve lines, most of them diagnosed, one with two diagnostics, one with
/// a character outside the BMP before its diagnostic (columns in UTF-16
/// differ from bytes and from characters).
const TEXT: &str = "“Blinken” went to Xinjiang — #human-rights\n\
[Wang Yi]{wang-yx} said so.\n\
A clean line.\n\
😀 [Mr. Blinken]{antony-blinken} met Blinken #nope\n\
\n\
[Xinjiang]{xinjiang} and [broken]{\n\
Another clean line.\n\
Wang Yi spoke.\n\
#human-right is close.\n\
[Blinken]{wang-yi} is not Wang Yi.\n\
The tenth line: Blinken.\n\
The last line, [Wang Yi]{wang-yi}.\n";

/// The `(line, UTF-16 column)` of byte `at` of `text`.
fn position(text: &str, at: usize) -> [u32; 2] {
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    [line as u32, text[start..at].encode_utf16().count() as u32]
}

/// A content change replacing bytes `range` of `text`, the text as it is
/// when the change applies (after the notification's earlier changes).
fn change(text: &str, range: std::ops::Range<usize>, insert: &str) -> Value {
    let ([l1, c1], [l2, c2]) = (position(text, range.start), position(text, range.end));
    json!({"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": insert})
}

/// A diagnostic as `(code, severity, message, start, end)`, positions `[line, column]`.
type Reported = (String, u64, String, [u64; 2], [u64; 2]);

/// What `lint --format json` reports for `text` (written next to the
/// workspace's `corpus.json`), as `(code, severity, message, start, end)`
/// with 0-based lines and character columns.
fn lint(ws: &Workspace, text: &str) -> Vec<Reported> {
    let path = ws.path("lint-copy.txt");
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_corpus-lsp"))
        .args(["lint", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).expect("lint prints JSON");
    let at = |p: &Value| [p["line"].as_u64().unwrap() - 1, p["column"].as_u64().unwrap() - 1];
    let severity = |s: &str| match s {
        "error" => 1,
        "warning" => 2,
        "info" => 3,
        "hint" => 4,
        other => panic!("severity {other}"),
    };
    report
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            let s = severity(d["severity"].as_str().unwrap());
            (
                d["code"].as_str().unwrap().into(),
                s,
                d["message"].as_str().unwrap().into(),
                at(&r["start"]),
                at(&r["end"]),
            )
        })
        .collect()
}

/// The pushed diagnostics in lint's terms (UTF-32 columns are characters).
fn as_lint(pushed: &[Value]) -> Vec<Reported> {
    let at = |p: &Value| [p["line"].as_u64().unwrap(), p["character"].as_u64().unwrap()];
    pushed
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().into(),
                d["severity"].as_u64().unwrap(),
                d["message"].as_str().unwrap().into(),
                at(&d["range"]["start"]),
                at(&d["range"]["end"]),
            )
        })
        .collect()
}

/// Checks the diagnostics pushed for `uri` at `version` against a fresh
/// analysis of `text` three ways; `fresh` counts the fresh documents opened.
fn check(server: &mut Server, ws: &Workspace, uri: &str, version: i64, text: &str, utf32: bool, fresh: &mut usize) {
    let pushed = server.diagnostics(uri, Some(version));
    assert!(!pushed.is_empty(), "version {version}: the text has diagnostics");
    // The whole JSON of every diagnostic, in order, equals a fresh open's.
    *fresh += 1;
    let fresh_uri = ws.uri(&format!("fresh-{fresh}.txt"));
    server.open(&fresh_uri, text, 1);
    let reopened = server.diagnostics(&fresh_uri, Some(1));
    assert_eq!(pushed, reopened, "version {version}: pushed ≠ a fresh open of the same text:\n{text}");
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": fresh_uri}}));
    // A pull of the edited document gives the same list.
    let pulled = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    assert_eq!(pulled["kind"], "full");
    assert_eq!(pulled["items"].as_array().unwrap(), &pushed, "version {version}: pulled ≠ pushed");
    // And `lint`, which shares no server code, reports the same.
    if utf32 {
        assert_eq!(as_lint(&pushed), lint(ws, text), "version {version}: pushed ≠ lint of:\n{text}");
    }
}

/// Runs the edit sequence in `encoding`.
fn edits_keep_diagnostics_fresh(encoding: &str) {
    let ws = Workspace::new(CATALOGUE, &[]);
    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
        "capabilities": {"general": {"positionEncodings": [encoding]}}
    }));
    let utf32 = encoding == "utf-32";
    let uri = ws.uri("doc.txt");
    let mut text = TEXT.to_string();
    let mut fresh = 0;
    server.open(&uri, &text, 0);
    check(&mut server, &ws, &uri, 0, &text, utf32, &mut fresh);

    let at = |text: &str, needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    // Each step: a list of (byte range, insert) applied in order, one notification.
    type Step = Box<dyn Fn(&str) -> (std::ops::Range<usize>, String)>;
    let steps: Vec<(&str, Vec<Step>)> = vec![
        ("a line inserted above every diagnostic", vec![Box::new(|_| (0..0, "New first line, Wang Yi.\n".into()))]),
        (
            "lines deleted (the clean one and the two-diagnostic one)",
            vec![Box::new(move |t| {
                let from = at(t, "A clean line.");
                (from..at(t, "\n[Xinjiang]") + 1, String::new())
            })],
        ),
        (
            "an edit inside a diagnosed line (the unknown id fixed, a tag broken)",
            vec![Box::new(move |t| {
                let from = at(t, "wang-yx");
                (from..from + "wang-yx".len(), "wang-yi} #nope {".into())
            })],
        ),
        (
            "two lines joined (the open mention runs into the next line)",
            vec![Box::new(move |t| {
                let from = at(t, "[broken]{") + "[broken]{".len();
                (from..from + 1, String::new())
            })],
        ),
        (
            "lines inserted in the middle: numbers cross 9 → 10 and beyond",
            vec![Box::new(move |t| {
                let from = at(t, "Wang Yi spoke.");
                (from..from, "Blinken, #nope, [x]{y}\n".repeat(95))
            })],
        ),
        (
            "several changes in one notification: a line joined, lines removed, a line added",
            vec![
                Box::new(move |t| {
                    let end = at(t, "The tenth line") - 1;
                    (end..end + 1, " ".into())
                }),
                Box::new(move |t| {
                    let from = at(t, "Blinken, #nope");
                    (from..from + "Blinken, #nope, [x]{y}\n".len() * 40, String::new())
                }),
                Box::new(|_| (0..0, "#human-rights [Xinjiang]{xinjiang} 😀 Xinjiang\n".into())),
            ],
        ),
        ("the first line deleted", vec![Box::new(move |t| (0..at(t, "\n") + 1, String::new()))]),
    ];
    for (k, (what, changes)) in steps.iter().enumerate() {
        let version = k as i64 + 1;
        let mut events = Vec::new();
        for make in changes {
            let (range, insert) = make(&text);
            events.push(change(&text, range.clone(), &insert));
            text.replace_range(range, &insert);
        }
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": events}),
        );
        eprintln!("step {version}: {what}");
        check(&mut server, &ws, &uri, version, &text, utf32, &mut fresh);
    }
    assert!(text.lines().count() > 60, "the document grew past two-digit line numbers");
    assert!(server.shutdown().success());
}

#[test]
fn edits_that_move_lines_publish_a_fresh_analysis_utf32() {
    edits_keep_diagnostics_fresh("utf-32");
}

#[test]
fn edits_that_move_lines_publish_a_fresh_analysis_utf16() {
    edits_keep_diagnostics_fresh("utf-16");
}
