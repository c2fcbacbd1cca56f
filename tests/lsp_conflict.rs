//! Conflict blocks for real: two annotators' git branches of a seed article,
//! a real `git merge` that leaves conflict markers, and the real server
//! resolving them with its takes (quick fixes and the code-lens command),
//! after which `lint` is clean. Also the CLI's refusals of a conflicted file.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};
use support::Server;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> String {
    std::fs::read_to_string(root().join("seeds/001_0d12f0d93f8bd923.txt")).unwrap()
}

fn catalogue() -> String {
    std::fs::read_to_string(root().join("seeds/corpus.json")).unwrap()
}

fn corpus_lsp(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).args(args).current_dir(dir).output().unwrap()
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

// The two paragraphs the annotators touch, as the seed has them (gold).
const P1_GOLD: &str = "Secretary of State [Antony Blinken]{antony-blinken} will raise American concerns about the Chinese regime’s handling of human rights during his three-day visit to [China]{china}, the [state department]{state-department} confirmed. #human-rights #high-level-dialogue";
const P2_GOLD: &str = "[Mr. Blinken]{antony-blinken} arrived in [Shanghai]{shanghai} on Wednesday afternoon";

/// The seed with `from` replaced by `to` (which must be there once).
fn with(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from}");
    text.replacen(from, to, 1)
}

/// A repository whose `main` has the seed with paragraph 1 unannotated and
/// untagged and `Mr. Blinken` plain in paragraph 2; branch `alice` annotates
/// the name in paragraph 1 and `Mr. Blinken` in paragraph 2; branch `bob`
/// tags paragraph 1 and annotates `Blinken` alone in paragraph 2. `alice` is
/// checked out and `bob` merged into it: two conflict blocks.
fn merged(style: Option<&str>) -> (tempfile::TempDir, String) {
    let dir = tempfile::Builder::new().prefix("corpus-git-").tempdir().unwrap();
    let d = dir.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    git_ok(d, &["config", "user.name", "Test Annotator"]);
    git_ok(d, &["config", "user.email", "annotator@example.com"]);
    git_ok(d, &["config", "commit.gpgsign", "false"]);
    if let Some(style) = style {
        git_ok(d, &["config", "merge.conflictStyle", style]);
    }
    let gold = seed();
    let p1_plain = "Secretary of State Antony Blinken will raise American concerns about the Chinese regime’s handling of human rights during his three-day visit to [China]{china}, the [state department]{state-department} confirmed.";
    let p2_plain = "Mr. Blinken arrived in [Shanghai]{shanghai} on Wednesday afternoon";
    let base = with(&with(&gold, P1_GOLD, p1_plain), P2_GOLD, p2_plain);
    std::fs::write(d.join("corpus.json"), catalogue()).unwrap();
    std::fs::write(d.join("article.txt"), &base).unwrap();
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-q", "-m", "the article, to annotate"]);

    git_ok(d, &["checkout", "-q", "-b", "alice"]);
    let alice = with(
        &with(&base, p1_plain, &p1_plain.replace("Antony Blinken", "[Antony Blinken]{antony-blinken}")),
        p2_plain,
        P2_GOLD,
    );
    std::fs::write(d.join("article.txt"), &alice).unwrap();
    git_ok(d, &["commit", "-q", "-am", "alice: Blinken"]);

    git_ok(d, &["checkout", "-q", "main"]);
    git_ok(d, &["checkout", "-q", "-b", "bob"]);
    let bob = with(
        &with(&base, p1_plain, &format!("{p1_plain} #human-rights #high-level-dialogue")),
        p2_plain,
        &p2_plain.replace("Mr. Blinken", "Mr. [Blinken]{antony-blinken}"),
    );
    std::fs::write(d.join("article.txt"), &bob).unwrap();
    git_ok(d, &["commit", "-q", "-am", "bob: tags"]);

    git_ok(d, &["checkout", "-q", "alice"]);
    let merge = git(d, &["merge", "--no-edit", "bob"]);
    assert!(!merge.status.success(), "the merge must conflict");
    let text = std::fs::read_to_string(d.join("article.txt")).unwrap();
    assert_eq!(text.matches("<<<<<<< HEAD").count(), 2, "{text}");
    assert_eq!(text.matches(">>>>>>> bob").count(), 2, "{text}");
    (dir, text)
}

/// The byte offset of an LSP (UTF-16) position in `text`.
fn offset(text: &str, pos: &Value) -> usize {
    let (line, character) = (pos["line"].as_u64().unwrap() as usize, pos["character"].as_u64().unwrap() as usize);
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with the LSP text edits applied (from last to first).
fn apply(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(text, &e["range"]["start"]), offset(text, &e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, t);
    }
    out
}

fn line_of(text: &str, needle: &str, from: usize) -> u32 {
    text.lines().enumerate().skip(from).find(|(_, l)| l.starts_with(needle)).map(|(n, _)| n as u32).unwrap()
}

/// The code actions at the start of line `line`, by title.
fn actions(server: &mut Server, uri: &str, line: u32) -> Vec<(String, Value)> {
    let result = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
            "context": {"diagnostics": []}
        }),
    );
    result
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|a| (a["title"].as_str().unwrap().to_string(), a))
        .collect()
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().cloned().unwrap()
}

fn conflicts(diagnostics: &[Value]) -> Vec<&Value> {
    diagnostics.iter().filter(|d| d["code"] == "unresolved-conflict" && d["severity"] == 1).collect()
}

fn resolve_in_the_server(style: Option<&str>) {
    let (dir, merged) = merged(style);
    let d = dir.path();
    let uri = format!("file://{}", d.join("article.txt").display());
    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": format!("file://{}", d.display()),
        "capabilities": {"workspace": {"applyEdit": true}}
    }));
    server.open(&uri, &merged, 1);
    let diagnostics = server.diagnostics(&uri, Some(1));
    let blocks = conflicts(&diagnostics);
    let first = line_of(&merged, "<<<<<<< HEAD", 0);
    let second = line_of(&merged, "<<<<<<< HEAD", first as usize + 1);
    let lines: Vec<u64> = blocks.iter().map(|d| d["range"]["start"]["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [first as u64, second as u64], "{diagnostics:#?}");
    let message = blocks[0]["message"].as_str().unwrap();
    assert!(message.contains("`HEAD`") && message.contains("`bob`"), "{message}");
    // The differing mentions and tags are marked (information) inside the blocks.
    let marks: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["code"] == "unresolved-conflict" && d["severity"] == 3)
        .map(|d| {
            let r = &d["range"];
            merged[offset(&merged, &r["start"])..offset(&merged, &r["end"])].to_string()
        })
        .collect();
    assert!(marks.contains(&"[Antony Blinken]{antony-blinken}".to_string()), "{marks:?}");
    assert!(marks.contains(&"#human-rights".to_string()), "{marks:?}");
    assert!(marks.contains(&"[Blinken]{antony-blinken}".to_string()), "{marks:?}");
    // No markup diagnostic on a marker line.
    for d in &diagnostics {
        let line = merged.lines().nth(d["range"]["start"]["line"].as_u64().unwrap() as usize).unwrap();
        if line.starts_with("=======") || line.starts_with(">>>>>>>") || line.starts_with("|||||||") {
            panic!("a diagnostic on a marker line: {d}");
        }
    }

    // A code lens per take over each block.
    let lenses = server.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    let titles: Vec<&str> =
        lenses.as_array().unwrap().iter().map(|l| l["command"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Take HEAD", "Take bob", "Take both", "Take HEAD", "Take bob"]);

    // Paragraph 1: "Take both" keeps alice's mention and bob's tags. Offered
    // from a line inside the block, not only on its marker.
    let here = actions(&mut server, &uri, first + 1);
    let names: Vec<&str> = here.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, ["Take HEAD", "Take bob", "Take both"]);
    let text = apply(&merged, &edits_of(&here[2].1, &uri));
    assert!(text.contains(&format!("\n{P1_GOLD}\n")), "{text}");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let diagnostics = server.diagnostics(&uri, Some(2));
    assert_eq!(conflicts(&diagnostics).len(), 1);

    // Paragraph 2: the mentions overlap and differ, so no "Take both"; alice's take.
    let second = line_of(&text, "<<<<<<< HEAD", 0);
    let here = actions(&mut server, &uri, second);
    let names: Vec<&str> = here.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, ["Take HEAD", "Take bob"]);
    // Through the lens's command this time: the server asks the client to apply it.
    let lenses = server.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    let take = lenses.as_array().unwrap().iter().find(|l| l["command"]["title"] == "Take HEAD").unwrap().clone();
    server.request(
        "workspace/executeCommand",
        json!({"command": take["command"]["command"], "arguments": take["command"]["arguments"]}),
    );
    let applied = server.wait_for("workspace/applyEdit", |m| m["method"] == "workspace/applyEdit");
    let text = apply(&text, &edits_of(&applied["params"], &uri));
    assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>") && !text.contains("======="), "{text}");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    let diagnostics = server.diagnostics(&uri, Some(3));
    assert!(diagnostics.iter().all(|d| d["code"] != "unresolved-conflict"), "{diagnostics:#?}");
    assert_eq!(text, seed(), "the takes give back the gold article");

    // Saved: lint is clean.
    std::fs::write(d.join("article.txt"), &text).unwrap();
    let lint = corpus_lsp(d, &["lint", "article.txt"]);
    assert!(lint.status.success(), "{}", String::from_utf8_lossy(&lint.stdout));
    server.shutdown();
}

#[test]
fn git_merge_resolved_with_takes() {
    resolve_in_the_server(None);
}

#[test]
fn git_merge_diff3_resolved_with_takes() {
    resolve_in_the_server(Some("diff3"));
}

#[test]
fn lint_reports_each_block_and_commands_refuse() {
    let (dir, merged) = merged(None);
    let d = dir.path();
    let first = line_of(&merged, "<<<<<<< HEAD", 0) + 1;
    let second = line_of(&merged, "<<<<<<< HEAD", first as usize) + 1;

    let lint = corpus_lsp(d, &["lint", "--format", "json", "article.txt"]);
    assert_eq!(lint.status.code(), Some(1));
    let found: Value = serde_json::from_slice(&lint.stdout).unwrap();
    let blocks: Vec<u64> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unresolved-conflict" && d["severity"] == "error")
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(blocks, [first as u64, second as u64], "{found:#}");
    // Configurable like every code.
    let off = corpus_lsp(d, &["lint", "--severity", "unresolved-conflict=off", "--format", "json", "article.txt"]);
    let found: Value = serde_json::from_slice(&off.stdout).unwrap();
    assert!(found.as_array().unwrap().iter().all(|d| d["code"] != "unresolved-conflict"), "{found:#}");

    let at = format!("article.txt:{first}");
    let out = d.join("out");
    let refusals: [&[&str]; 6] = [
        &["export", "--format", "jsonl", "--out", out.to_str().unwrap(), "article.txt"],
        &["stats", "article.txt"],
        &["agree", "article.txt", "article.txt"],
        &["report", "--out", out.to_str().unwrap(), "article.txt"],
        &["annotate", "--in-place", "article.txt"],
        &["import", "--format", "jsonl", "--out", ".", "spans.jsonl"],
    ];
    // import writes `article.txt` over the conflicted file: refused, even with --force.
    std::fs::write(
        d.join("spans.jsonl"),
        json!({"text": "Mr. Blinken.", "spans": [{"start": 4, "end": 11, "label": "PERSON", "id": "antony-blinken"}], "meta": {"file": "article.txt"}})
            .to_string()
            + "\n",
    )
    .unwrap();
    for args in refusals {
        let run = corpus_lsp(d, args);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(&at), "{args:?} names {at}: {stderr}");
        assert!(stderr.contains("corpus-lsp lint"), "{args:?} points to lint: {stderr}");
        assert_eq!(std::fs::read_to_string(d.join("article.txt")).unwrap(), merged, "{args:?} left the file");
    }
    assert!(!out.exists(), "nothing exported or reported");

    // The report with --allow-conflicts reads each block as its first section
    // and counts the blocks on its index.
    let report = corpus_lsp(d, &["report", "--allow-conflicts", "--out", out.to_str().unwrap(), "article.txt"]);
    assert!(report.status.success(), "{}", String::from_utf8_lossy(&report.stderr));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<b>2</b><span>unresolved conflicts</span>"), "{index}");
}

#[test]
fn workspace_diagnostics_list_every_block_and_sections_work_as_lines() {
    let (dir, merged) = merged(None);
    let d = dir.path();
    let root = format!("file://{}", d.display());
    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": "corpus"}],
        "capabilities": {
            "window": {"workDoneProgress": true},
            "textDocument": {"diagnostic": {"dynamicRegistration": false}}
        }
    }));
    server.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress"
            && m["params"]["value"]["kind"] == "end"
            && m["params"]["token"].as_str().is_some_and(|t| t.starts_with("corpus-lsp/index"))
    });
    // The file is not open: the workspace pull reads it from disk.
    let result = server.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let uri = format!("file://{}", d.join("article.txt").display());
    let report = result["items"].as_array().unwrap().iter().find(|r| r["uri"] == uri.as_str()).unwrap().clone();
    let blocks: Vec<u64> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unresolved-conflict" && d["severity"] == 1)
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    let first = line_of(&merged, "<<<<<<< HEAD", 0);
    let second = line_of(&merged, "<<<<<<< HEAD", first as usize + 1);
    assert_eq!(blocks, [first as u64, second as u64], "{report:#}");

    // Hover inside the second section works as on any line.
    server.open(&uri, &merged, 1);
    let bob_line = line_of(&merged, "Mr. [Blinken]{antony-blinken}", 0);
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": bob_line, "character": 6}}),
    );
    assert!(hover["contents"]["value"].as_str().unwrap().contains("Antony Blinken"), "{hover}");
    // Corpus counts read the first section: `antony-blinken`'s annotated
    // mentions are the gold article's less the one bob alone annotated.
    let references = server.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": bob_line, "character": 6}, "context": {"includeDeclaration": false}}),
    );
    let lines: Vec<u64> =
        references.as_array().unwrap().iter().map(|l| l["range"]["start"]["line"].as_u64().unwrap()).collect();
    assert!(!lines.contains(&(bob_line as u64)), "bob's section is not counted: {lines:?}");
    let alice_line = line_of(&merged, "[Mr. Blinken]{antony-blinken}", 0) as u64;
    assert!(lines.contains(&alice_line), "alice's (the first) section is: {lines:?}");
    server.shutdown();
}
