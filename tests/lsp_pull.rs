//! Pull diagnostics, `corpus.json` as a first-class document, and the
//! protocol finish (documentChanges, semantic token deltas, preferred fixes,
//! completion resolve), through the real binary on a multi-file workspace
//! whose files are mostly never opened, one of them with a planted error.

mod support;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use support::{Server, Workspace, utf16_col};

const CATALOGUE: &str = r#"{
  "include": ["**/*.txt"],
  "entities": [
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["the minister"], "tags": ["taiwan"] },
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"] },
    { "id": "xinjiang", "name": "Xinjiang", "kind": "place" },
    { "id": "nobody", "name": "No Body", "kind": "person" }
  ],
  "tags": [
    { "id": "human-rights", "label": "Human rights" },
    { "id": "taiwan", "label": "Taiwan question" },
    { "id": "dead-tag", "label": "Never used" }
  ]
}
"#;

const A_TXT: &str = "[Wang Yi]{wang-yi} met [Blinken]{antony-blinken} in Xinjiang. #human-rights\n";
/// Never opened: the planted error (an unknown id) is on its second line.
const B_TXT: &str = "Later the minister spoke.\nThen [Wang Yi]{wang-yii} left.\n";
const C_TXT: &str = "Blinken travelled. [the minister]{wang-yi} stayed.\n";

fn workspace() -> Workspace {
    Workspace::new(CATALOGUE, &[("a.txt", A_TXT), ("notes/b.txt", B_TXT), ("notes/deep/c.txt", C_TXT)])
}

/// A client that pulls diagnostics (and supports refresh and documentChanges).
fn pull_caps() -> Value {
    json!({
        "window": {"workDoneProgress": true},
        "textDocument": {"diagnostic": {"dynamicRegistration": false, "relatedDocumentSupport": false}},
        "workspace": {"diagnostics": {"refreshSupport": true}, "workspaceEdit": {"documentChanges": true}}
    })
}

fn start(ws: &Workspace, capabilities: Value) -> (Server, Value) {
    let mut server = Server::start();
    let result = server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
        "capabilities": capabilities,
    }));
    server.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress"
            && m["params"]["value"]["kind"] == "end"
            && m["params"]["token"].as_str().is_some_and(|t| t.starts_with("corpus-lsp/index"))
    });
    (server, result)
}

fn pos(text: &str, needle: &str, plus: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?}")) + plus;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": utf16_col(&text[start..], at - start)})
}

fn at(uri: &str, position: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": position})
}

/// Each report of a workspace pull by file name: (kind, codes, version).
fn by_file(ws: &Workspace, items: &[Value]) -> BTreeMap<String, (String, Vec<String>, Value)> {
    let root = ws.root_uri();
    items
        .iter()
        .map(|r| {
            let name = r["uri"].as_str().unwrap().trim_start_matches(&root).trim_start_matches('/').to_string();
            let codes = r["items"]
                .as_array()
                .map(|a| a.iter().map(|d| d["code"].as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            (name, (r["kind"].as_str().unwrap().to_string(), codes, r["version"].clone()))
        })
        .collect()
}

fn previous_ids(items: &[Value]) -> Value {
    items.iter().map(|r| json!({"uri": r["uri"], "value": r["resultId"]})).collect()
}

fn workspace_pull(server: &mut Server, previous: Value) -> Vec<Value> {
    let result = server.request("workspace/diagnostic", json!({"previousResultIds": previous}));
    result["items"].as_array().cloned().unwrap()
}

#[test]
fn a_pulling_client_gets_reports_and_no_pushes() {
    let ws = workspace();
    let (mut server, init) = start(&ws, pull_caps());
    let provider = &init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], true);
    assert_eq!(provider["workspaceDiagnostics"], true);

    // textDocument/diagnostic on an open document, with result ids.
    let a = ws.uri("a.txt");
    let broken = A_TXT.replace("{wang-yi}", "{wang-yo}");
    server.open(&a, &broken, 1);
    let report = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": a}}));
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["code"], "unknown-entity", "{report}");
    let id = report["resultId"].as_str().unwrap().to_string();
    let again = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": a}, "previousResultId": id}));
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));
    server.change(&a, 2, [0, 0, 0, 0], " ");
    let after = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": a}, "previousResultId": id}));
    assert_eq!(after["kind"], "full");
    assert_ne!(after["resultId"], json!(id));

    // A file never opened, pulled on its own.
    let b = ws.uri("notes/b.txt");
    let report = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": b}}));
    let planted = report["items"].as_array().unwrap().iter().find(|d| d["code"] == "unknown-entity").unwrap();
    assert_eq!(planted["range"]["start"], json!({"line": 1, "character": 15}));

    // The whole corpus: open files with their versions, the others from disk,
    // and the catalogue's unused entries.
    let items = workspace_pull(&mut server, json!([]));
    let files = by_file(&ws, &items);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["a.txt", "corpus.json", "notes/b.txt", "notes/deep/c.txt"]);
    assert_eq!(files["a.txt"], ("full".into(), vec!["unknown-entity".into(), "unannotated-mention".into()], json!(2)));
    let b_codes = &files["notes/b.txt"].1;
    assert!(b_codes.contains(&"unknown-entity".to_string()), "{b_codes:?}");
    assert_eq!(files["notes/b.txt"].2, Value::Null, "a file on disk has no version");
    assert_eq!(files["corpus.json"].1, ["unused-entity", "unused-tag"], "`nobody` and `dead-tag`");
    assert!(files["notes/deep/c.txt"].1.iter().all(|c| c != "unknown-entity"));

    // Asked again with the result ids: nothing changed.
    let again = workspace_pull(&mut server, previous_ids(&items));
    assert!(by_file(&ws, &again).values().all(|(kind, _, _)| kind == "unchanged"), "{again:#?}");

    // A catalogue edit changes other files' reports: refresh, then b.txt is
    // reported again (the planted id is now catalogued).
    let json_uri = ws.uri("corpus.json");
    server.open(&json_uri, CATALOGUE, 1);
    let fixed = CATALOGUE.replace("\"id\": \"nobody\"", "\"id\": \"wang-yii\"");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": json_uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    server.wait_for("a diagnostic refresh", |m| m["method"] == "workspace/diagnostic/refresh");
    let third = workspace_pull(&mut server, previous_ids(&again));
    let files = by_file(&ws, &third);
    assert_eq!(files["notes/b.txt"].0, "full");
    assert!(!files["notes/b.txt"].1.contains(&"unknown-entity".to_string()), "{files:?}");
    assert_eq!(files["corpus.json"].2, json!(2), "the open catalogue's version");
    assert_eq!(files["corpus.json"].1, ["unused-tag"], "`wang-yii` is used now");

    // An open file ceasing to use `xinjiang` changes the catalogue's report only.
    let now = format!(" {broken}");
    let col = utf16_col(&now, now.find("Xinjiang").unwrap());
    server.change(&a, 3, [0, col, 0, col + 8], "Beijing");
    let fourth = workspace_pull(&mut server, previous_ids(&third));
    let files = by_file(&ws, &fourth);
    assert_eq!(files["corpus.json"].0, "full");
    assert_eq!(files["corpus.json"].1, ["unused-entity", "unused-tag"]);
    assert_eq!(files["notes/b.txt"].0, "unchanged");
    assert_eq!(files["a.txt"].2, json!(3));

    // Not a single push in all that.
    server.request("workspace/symbol", json!({"query": "x"}));
    assert!(!server.received(|m| m["method"] == "textDocument/publishDiagnostics"));
    server.shutdown();
}

#[test]
fn a_pushing_client_keeps_pushes_including_unused_hints() {
    let ws = workspace();
    let (mut server, _) = start(&ws, json!({"window": {"workDoneProgress": true}}));
    let json_uri = ws.uri("corpus.json");
    let hints = server.diagnostics(&json_uri, None);
    let codes: Vec<&str> = hints.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unused-entity", "unused-tag"]);
    assert_eq!(hints[0]["severity"], 4, "a hint");
    let a = ws.uri("a.txt");
    server.open(&a, A_TXT, 1);
    server.diagnostics(&a, Some(1));
    // Removing the only mention of `xinjiang` makes it unused: pushed again.
    let col = utf16_col(A_TXT, A_TXT.find("Xinjiang").unwrap());
    server.change(&a, 2, [0, col, 0, col + 8], "Beijing");
    let hints = server.diagnostics(&json_uri, None);
    assert_eq!(hints.len(), 3, "{hints:#?}");
    server.shutdown();
}

#[test]
fn workspace_pull_streams_partial_results_and_progress_and_can_be_cancelled() {
    let files: Vec<(String, String)> = (0..700)
        .map(|i| (format!("d{}/f{i:04}.txt", i % 7), format!("[Wang Yi]{{wang-yi}} line {i}.\nBlinken.\n")))
        .collect();
    let mut files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    files.push(("notes/b.txt", B_TXT));
    let ws = Workspace::new(CATALOGUE, &files);
    let (mut server, _) = start(&ws, pull_caps());
    let id = server.send_request(
        "workspace/diagnostic",
        json!({"previousResultIds": [], "partialResultToken": "partial-1", "workDoneToken": "work-1"}),
    );
    let response = server.response(id);
    assert_eq!(response["result"]["items"], json!([]), "everything came as partial results");
    let mut reported = Vec::new();
    let mut partials = 0;
    while server.received(|m| m["params"]["token"] == "partial-1") {
        let m = server.wait_for("a partial result", |m| m["params"]["token"] == "partial-1");
        reported.extend(m["params"]["value"]["items"].as_array().unwrap().iter().cloned());
        partials += 1;
    }
    assert!(partials >= 3, "{partials} partial results");
    assert_eq!(reported.len(), 702, "every file and the catalogue");
    let b = reported.iter().find(|r| r["uri"] == ws.uri("notes/b.txt")).unwrap();
    assert!(b["items"].as_array().unwrap().iter().any(|d| d["code"] == "unknown-entity"), "{b}");
    let begin = server.wait_for("work done begin", |m| m["params"]["token"] == "work-1");
    assert_eq!(begin["params"]["value"]["kind"], "begin");
    server.wait_for("work done end", |m| m["params"]["token"] == "work-1" && m["params"]["value"]["kind"] == "end");

    // Cancelled at once: the answer is the cancellation error, and the server serves on.
    let id = server.send_request("workspace/diagnostic", json!({"previousResultIds": [], "workDoneToken": "work-2"}));
    server.notify("$/cancelRequest", json!({"id": id}));
    let response = server.response(id);
    assert_eq!(response["error"]["code"], -32800, "{response}");
    let end = server.wait_for("the cancelled pull's progress end", |m| {
        m["params"]["token"] == "work-2" && m["params"]["value"]["kind"] == "end"
    });
    assert_eq!(end["params"]["value"]["message"], "cancelled");
    // Without a token of the client's, a large pull shows the server's own progress.
    let items = workspace_pull(&mut server, json!([]));
    assert_eq!(items.len(), 702);
    server.wait_for("the server's pull progress", |m| {
        m["method"] == "$/progress"
            && m["params"]["token"].as_str().is_some_and(|t| t.starts_with("corpus-lsp/pull/"))
            && m["params"]["value"]["kind"] == "end"
    });
    server.shutdown();
}

#[test]
fn corpus_json_lenses_hover_completion_and_outline() {
    let ws = workspace();
    let (mut server, init) = start(&ws, pull_caps());
    assert_eq!(init["capabilities"]["codeLensProvider"]["resolveProvider"], true);
    let uri = ws.uri("corpus.json");
    server.open(&uri, CATALOGUE, 1);

    let lenses = server.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    let lenses = lenses.as_array().unwrap();
    assert_eq!(lenses.len(), 7, "four entities and three tags");
    assert_eq!(lenses[0]["range"]["start"], pos(CATALOGUE, "\"wang-yi\"", 0));
    let resolved = server.request("codeLens/resolve", lenses[0].clone());
    let command = &resolved["command"];
    // a.txt: annotated; b.txt: `the minister` (plain) and `[Wang Yi]{wang-yii}` (not it); c.txt: annotated.
    assert_eq!(command["title"], "3 mentions (2 annotated) in 3 files");
    assert_eq!(command["command"], "corpus-lsp.showReferences");
    assert_eq!(command["arguments"][0], json!(uri));
    assert_eq!(command["arguments"][2].as_array().unwrap().len(), 3);
    let tag_lens = server.request("codeLens/resolve", lenses[4].clone());
    assert_eq!(tag_lens["command"]["title"], "1 mention (1 annotated) in 1 file");
    let dead = server.request("codeLens/resolve", lenses[3].clone());
    assert_eq!(dead["command"]["title"], "0 mentions (0 annotated) in 0 files");

    // Hover on an entry: the mention's card, with the corpus counts.
    let hover = server.request("textDocument/hover", at(&uri, pos(CATALOGUE, "\"antony-blinken\"", 3)));
    let card = hover["contents"]["value"].as_str().unwrap();
    assert!(card.starts_with("**Antony Blinken** · person · `antony-blinken`"), "{card}");
    assert!(card.contains("Corpus:"), "{card}");

    // The outline.
    let symbols = server.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let outline: Vec<(String, Vec<String>)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let children = g["children"].as_array().unwrap();
            (g["name"].as_str().unwrap().into(), children.iter().map(|c| c["name"].as_str().unwrap().into()).collect())
        })
        .collect();
    assert_eq!(
        outline,
        [
            ("People".to_string(), vec!["Wang Yi".to_string(), "Antony Blinken".into(), "No Body".into()]),
            ("Places".into(), vec!["Xinjiang".into()]),
            ("Tags".into(), vec!["Human rights".into(), "Taiwan question".into(), "Never used".into()]),
        ]
    );
    // Completion of a tag id in an entity's "tags", and of a kind.
    let typing = CATALOGUE.replace("\"tags\": [\"taiwan\"]", "\"tags\": [\"taiwan\", \"hu\"]");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typing}]}),
    );
    let list = server.request("textDocument/completion", at(&uri, pos(&typing, "\"hu\"", 3)));
    let items = list["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["human-rights", "taiwan", "dead-tag"]);
    assert_eq!(items[0]["textEdit"]["newText"], "\"human-rights\"");
    assert_eq!(items[0]["textEdit"]["range"]["start"], pos(&typing, "\"hu\"", 0));
    let resolved = server.request("completionItem/resolve", items[0].clone());
    assert!(resolved["documentation"]["value"].as_str().unwrap().contains("Human rights"));
    let list = server.request("textDocument/completion", at(&uri, pos(&typing, "\"place\"", 1)));
    let kinds: Vec<&str> = list["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"person") && kinds.contains(&"organization"), "{kinds:?}");

    // The unused hints pulled on the open catalogue (back to a valid text).
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": CATALOGUE}]}),
    );
    let report = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    let unused: Vec<&str> = report["items"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(unused, ["unused-entity", "unused-tag"]);
    server.shutdown();
}

#[test]
fn unused_hints_follow_the_severity_settings() {
    let ws = workspace();
    let mut server = Server::start();
    let mut caps = pull_caps();
    caps["workspace"]["configuration"] = json!(false);
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
        "initializationOptions": {"severity": {"unused-entity": "warning", "unused-tag": "off"}},
        "capabilities": caps,
    }));
    server.wait_for("indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let report = server.request("textDocument/diagnostic", json!({"textDocument": {"uri": ws.uri("corpus.json")}}));
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:#?}");
    assert_eq!((items[0]["code"].as_str(), items[0]["severity"].as_u64()), (Some("unused-entity"), Some(2)));
    server.shutdown();
}

#[test]
fn rename_semantic_deltas_and_preferred_fixes() {
    let ws = workspace();
    let (mut server, init) = start(&ws, pull_caps());
    assert_eq!(init["capabilities"]["semanticTokensProvider"]["full"], json!({"delta": true}));
    let a = ws.uri("a.txt");
    server.open(&a, A_TXT, 3);

    // documentChanges, versioned for the open file, null for those on disk.
    let edit = server.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": a}, "position": pos(A_TXT, "wang-yi", 1), "newName": "wang-yi-fm"}),
    );
    assert!(edit.get("changes").is_none(), "{edit}");
    let changes = edit["documentChanges"].as_array().unwrap();
    let versions: BTreeMap<String, Value> = changes
        .iter()
        .map(|c| {
            let uri = c["textDocument"]["uri"].as_str().unwrap().trim_start_matches(&ws.root_uri()).to_string();
            (uri, c["textDocument"]["version"].clone())
        })
        .collect();
    assert_eq!(
        versions,
        BTreeMap::from([
            ("/a.txt".to_string(), json!(3)),
            ("/corpus.json".into(), Value::Null),
            ("/notes/deep/c.txt".into(), Value::Null),
        ])
    );

    // Semantic tokens: a delta against the last result; the whole tokens for an unknown one.
    let full = server.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": a}}));
    let first = full["resultId"].as_str().unwrap().to_string();
    let data = full["data"].as_array().unwrap().clone();
    let same = server.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": a}, "previousResultId": first}),
    );
    assert_eq!(same["edits"], json!([]));
    server.change(&a, 4, [0, 0, 0, 0], "#taiwan ");
    let delta = server.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": a}, "previousResultId": same["resultId"]}),
    );
    let edits = delta["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{delta}");
    assert_eq!(edits[0]["start"], 0);
    let mut patched = data.clone();
    let (start, count) =
        (edits[0]["start"].as_u64().unwrap() as usize, edits[0]["deleteCount"].as_u64().unwrap() as usize);
    patched.splice(start..start + count, edits[0]["data"].as_array().unwrap().iter().cloned());
    let fresh = server.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": a}}));
    assert_eq!(json!(patched), fresh["data"], "the delta gives the new tokens");
    let stale = server.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": a}, "previousResultId": "nope"}),
    );
    assert_eq!(stale["data"], fresh["data"]);

    // The closest id is the preferred fix of an unknown id.
    let b = ws.uri("notes/b.txt");
    server.open(&b, B_TXT, 1);
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": b}, "range": {"start": {"line": 1, "character": 16}, "end": {"line": 1, "character": 16}},
               "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions[0]["title"], "Change to `wang-yi` (Wang Yi)");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions.iter().filter(|a| a["isPreferred"] == true).count(), 1, "{actions:#?}");
    server.shutdown();
}

/// A catalogue of `n` people shaped like the benchmark's (`benches/bench.rs`
/// `big_catalogue`): a name, two aliases, a description each.
fn big_catalogue(n: usize) -> String {
    let entities: Vec<Value> = (0..n)
        .map(|i| {
            let (first, last) = (format!("Given{}", i % 400), format!("Family{}", i / 400));
            json!({"id": format!("given{}-family{}", i % 400, i / 400), "name": format!("{first} {last}"),
                   "kind": "person", "aliases": [format!("Minister {first} {last}"), format!("{last}, {first}")],
                   "description": "A generated person."})
        })
        .collect();
    serde_json::to_string_pretty(&json!({"entities": entities, "tags": []})).unwrap()
}

/// The completion list of a 100,000-entity catalogue carries no
/// documentation (it comes on resolve): the figure in BENCHMARKS.md is
/// printed here (`cargo test --test lsp_pull -- --ignored --nocapture large`).
#[test]
#[ignore = "loads 100,000 entities: about 35 s in a debug build; run with --ignored"]
fn a_large_catalogues_completion_list_is_small() {
    let ws = Workspace::new(&big_catalogue(100_000), &[]);
    let (mut server, _) = start(&ws, json!({"window": {"workDoneProgress": true}}));
    let uri = ws.uri("new.txt");
    let text = "Talks with [Given7 Family3]{";
    server.open(&uri, text, 1);
    server.diagnostics(&uri, Some(1));
    let list = server.request("textDocument/completion", at(&uri, json!({"line": 0, "character": text.len()})));
    let items = list["items"].as_array().unwrap().clone();
    assert_eq!(items[0]["label"], "given7-family3");
    assert!(items.iter().all(|i| i.get("documentation").is_none()));
    let resolved: Vec<Value> = items.iter().map(|i| server.request("completionItem/resolve", i.clone())).collect();
    assert!(resolved.iter().all(|i| i["documentation"]["value"].as_str().unwrap().contains("A generated person.")));
    let mut before = list.clone();
    before["items"] = json!(
        resolved
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i.as_object_mut().unwrap().remove("data");
                i
            })
            .collect::<Vec<_>>()
    );
    let (after, before) = (serde_json::to_vec(&list).unwrap().len(), serde_json::to_vec(&before).unwrap().len());
    println!("completion list of {} items: {before} bytes with documentation, {after} bytes without", items.len());
    assert!(after * 10 < before * 8, "{after} vs {before}");
    server.shutdown();
}

/// Issue 26: a client drops a partial result that arrives after its response,
/// so every partial result must be written before the response. 200 pulls,
/// each right after start-up (while the first indexing may still run), each
/// with a partial-result token: the order of arrival is checked, and every
/// file (four articles and the catalogue) is reported.
#[test]
fn workspace_pull_partial_results_always_precede_the_response() {
    let ws = Workspace::new(
        CATALOGUE,
        &[("a.txt", A_TXT), ("notes/b.txt", B_TXT), ("notes/deep/c.txt", C_TXT), ("d.txt", "Blinken.\n")],
    );
    for round in 0..200 {
        let mut server = Server::start();
        server.initialize(json!({
            "rootUri": ws.root_uri(),
            "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
            "capabilities": pull_caps(),
        }));
        let token = format!("partial-{round}");
        let id =
            server.send_request("workspace/diagnostic", json!({"previousResultIds": [], "partialResultToken": token}));
        let response = server.response(id);
        assert_eq!(response["result"]["items"], json!([]), "round {round}: everything came as partial results");
        // Everything received before the response, and only that, is in the backlog.
        let mut reported: Vec<String> = Vec::new();
        for m in server.take_backlog() {
            if m["params"]["token"] == token.as_str() {
                reported.extend(
                    m["params"]["value"]["items"].as_array().unwrap().iter().map(|r| r["uri"].as_str().unwrap().into()),
                );
            }
        }
        // A round trip after the response: anything the pull still sent would come before its answer.
        let id = server.send_request("shutdown", Value::Null);
        let late = server.wait_for("the shutdown response", |m| m.get("id") == Some(&json!(id)));
        assert!(late.get("error").is_none());
        let after: Vec<Value> = server.drain().into_iter().filter(|m| m["params"]["token"] == token.as_str()).collect();
        assert!(after.is_empty(), "round {round}: partial results after the response: {after:#?}");
        reported.sort();
        let mut expected: Vec<String> =
            ["a.txt", "corpus.json", "d.txt", "notes/b.txt", "notes/deep/c.txt"].iter().map(|f| ws.uri(f)).collect();
        expected.sort();
        assert_eq!(reported, expected, "round {round}: every file reported once");
        server.notify("exit", Value::Null);
    }
}
