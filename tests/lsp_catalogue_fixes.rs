//! Quick fixes that add to `corpus.json`, end to end through the real binary:
//! each fix's `WorkspaceEdit` is applied here, as a client would, to copies of
//! the document and of `corpus.json`; the catalogue must still load without
//! problems and validate against the published schema, every byte of it not
//! inserted must be where it was, and once the client reports the change (an
//! open buffer's `didChange`, or `didChangeWatchedFiles` for the disk) the
//! diagnostic that offered the fix is gone from every open document.

mod support;

use corpus_lsp::analysis::Catalogue;
use serde_json::{Value, json};
use support::{Server, Workspace};

/// The seeds' layout (one entry per line, two-space indent), with CRLF line
/// ends and curly quotes, so positions and line breaks are tested too.
const CATALOGUE: &str = "{\r\n  \"include\": [\r\n    \"**/*.txt\"\r\n  ],\r\n  \"entities\": [\r\n    {\r\n      \"id\": \"antony-blinken\",\r\n      \"name\": \"Antony Blinken\",\r\n      \"kind\": \"person\",\r\n      \"aliases\": [\r\n        \"Blinken\",\r\n        \"Mr. Blinken\"\r\n      ],\r\n      \"description\": \"U.S. Secretary of State — “America’s top diplomat”.\"\r\n    },\r\n    {\r\n      \"id\": \"wang-yi\",\r\n      \"name\": \"Wang Yi\",\r\n      \"kind\": \"person\",\r\n      \"description\": \"China’s Foreign Minister.\"\r\n    }\r\n  ],\r\n  \"tags\": [\r\n    {\r\n      \"id\": \"taiwan\",\r\n      \"label\": \"Taiwan question\"\r\n    }\r\n  ]\r\n}\r\n";

const A_TXT: &str = "“Talks,” said [Mr. Bliken]{antony-blinken} — with [European]{eu} leaders 😀 #climate-change\n[Wang Yi]{wang-yi} spoke.\n";
const B_TXT: &str = "Elsewhere, [European]{eu} envoys. #climate-change\n";

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/corpus.schema.json")).unwrap();
    jsonschema::draft202012::new(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// A valid catalogue: loads without a problem, validates against the schema.
fn assert_valid_catalogue(text: &str) -> Catalogue {
    let loaded = Catalogue::parse(text);
    assert_eq!(loaded.problems, [], "{text}");
    let value: Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = schema().iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    loaded.catalogue.unwrap()
}

/// The byte offset of an LSP position (UTF-16 columns, the default encoding).
fn offset(text: &str, position: &Value) -> usize {
    let (line, character) = (position["line"].as_u64().unwrap() as usize, position["character"].as_u64().unwrap());
    let mut start = 0;
    for _ in 0..line {
        let rest = &text[start..];
        let end = rest.find(['\n', '\r']).expect("the line exists");
        start += end + if rest[end..].starts_with("\r\n") { 2 } else { 1 };
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' || c == '\r' {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}

/// `text` with LSP `edits` applied.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(text, &e["range"]["start"]), offset(text, &e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

/// The edits of a `WorkspaceEdit` for `uri`, from `changes` or `documentChanges`,
/// with the version the latter names.
fn edits_for(edit: &Value, uri: &str) -> (Vec<Value>, Option<Value>) {
    if let Some(changes) = edit.get("changes") {
        return (changes[uri].as_array().cloned().unwrap_or_default(), None);
    }
    for change in edit["documentChanges"].as_array().expect("changes or documentChanges") {
        if change["textDocument"]["uri"] == uri {
            return (change["edits"].as_array().cloned().unwrap(), Some(change["textDocument"]["version"].clone()));
        }
    }
    (Vec::new(), None)
}

/// Checks `after` is `before` plus inserted bytes only (one insertion per edit).
fn assert_only_inserted(before: &str, after: &str, edits: &[Value]) {
    assert!(!edits.is_empty());
    for e in edits {
        assert_eq!(e["range"]["start"], e["range"]["end"], "an insertion: {e}");
    }
    let mut rest = after.to_string();
    let mut inserted: Vec<(usize, &str)> =
        edits.iter().map(|e| (offset(before, &e["range"]["start"]), e["newText"].as_str().unwrap())).collect();
    inserted.sort_by_key(|i| i.0);
    // Removed in order, each insertion is back at its offset in `before`.
    for (at, text) in inserted {
        assert_eq!(&rest[at..at + text.len()], text);
        rest.replace_range(at..at + text.len(), "");
    }
    assert_eq!(rest, before, "every other byte as it was");
}

fn start(root: &str, capabilities: Value) -> Server {
    let mut server = Server::start();
    let mut caps = json!({
        "window": {"workDoneProgress": true},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
    });
    support::merge(&mut caps, capabilities);
    server.initialize(json!({
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": "corpus"}],
        "capabilities": caps
    }));
    server.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    server
}

/// The code actions for the first diagnostic of `code` in `diagnostics`.
fn actions_for(server: &mut Server, uri: &str, diagnostics: &[Value], code: &str) -> Vec<Value> {
    let d = diagnostics.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no {code}: {diagnostics:#?}"));
    let result = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], prefix: &str) -> &'a Value {
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no action `{prefix}…` in {titles:?}"))
}

/// Waits for diagnostics of `uri` that hold no `code`.
fn wait_without(server: &mut Server, uri: &str, code: &str) -> Vec<Value> {
    let message = server.wait_for(&format!("{uri} without {code}"), |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"].as_array().is_some_and(|ds| ds.iter().all(|d| d["code"] != code))
    });
    message["params"]["diagnostics"].as_array().cloned().unwrap()
}

fn count(diagnostics: &[Value], code: &str) -> usize {
    diagnostics.iter().filter(|d| d["code"] == code).count()
}

#[test]
fn create_entity_on_disk_through_changes() {
    let ws = Workspace::new(CATALOGUE, &[("a.txt", A_TXT), ("notes/b.txt", B_TXT)]);
    // A client without documentChanges: the edit comes as `changes`.
    let mut server = start(&ws.root_uri(), json!({}));
    let (a, b, json_uri) = (ws.uri("a.txt"), ws.uri("notes/b.txt"), ws.uri("corpus.json"));
    server.open(&a, A_TXT, 1);
    let diagnostics = server.diagnostics(&a, Some(1));
    server.open(&b, B_TXT, 1);
    assert_eq!(count(&server.diagnostics(&b, Some(1)), "unknown-entity"), 1);
    let unknown = diagnostics.iter().find(|d| d["code"] == "unknown-entity").unwrap();
    // Nothing is close to `eu`: no "did you mean".
    assert_eq!(unknown["message"], "unknown entity `eu`");

    let actions = actions_for(&mut server, &a, &diagnostics, "unknown-entity");
    let fix = titled(&actions, "Create entity `eu` in corpus.json");
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert!(fix.get("isPreferred").is_none(), "a corpus.json edit is never applied unasked");
    assert!(fix.get("command").is_none(), "the client cannot show documents");
    let (edits, _) = edits_for(&fix["edit"], &json_uri);
    let before = std::fs::read_to_string(ws.path("corpus.json")).unwrap();
    let after = apply(&before, &edits);
    assert_only_inserted(&before, &after, &edits);
    assert!(!after.replace("\r\n", "").contains('\n'), "CRLF kept");
    let cat = assert_valid_catalogue(&after);
    let eu = cat.entity("eu").unwrap();
    assert_eq!((eu.name.as_str(), eu.kind.as_str()), ("European", "other"));
    assert_eq!(edits_for(&fix["edit"], &a).0, Vec::<Value>::new(), "the document is not edited");

    // The client saves corpus.json; the watcher reports it.
    std::fs::write(ws.path("corpus.json"), &after).unwrap();
    server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": json_uri, "type": 2}]}));
    let a_now = wait_without(&mut server, &a, "unknown-entity");
    let b_now = wait_without(&mut server, &b, "unknown-entity");
    assert_eq!(count(&a_now, "unknown-tag"), 1, "the rest stays: {a_now:#?}");
    assert_eq!(count(&b_now, "unknown-tag"), 1);
    assert!(server.shutdown().success());
}

/// Sends the whole new text of `uri` as version `version`.
fn replace_all(server: &mut Server, uri: &str, version: i64, text: &str) {
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

#[test]
fn create_tag_and_add_alias_in_the_open_corpus_json() {
    let ws = Workspace::new(CATALOGUE, &[("a.txt", A_TXT), ("notes/b.txt", B_TXT)]);
    let caps = json!({"workspace": {"workspaceEdit": {"documentChanges": true}}, "window": {"showDocument": {"support": true}}});
    let mut server = start(&ws.root_uri(), caps);
    let (a, b, json_uri) = (ws.uri("a.txt"), ws.uri("notes/b.txt"), ws.uri("corpus.json"));
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": json_uri, "languageId": "json", "version": 7, "text": CATALOGUE}}),
    );
    server.open(&a, A_TXT, 1);
    let diagnostics = server.diagnostics(&a, Some(1));
    server.open(&b, B_TXT, 1);
    server.diagnostics(&b, Some(1));

    // `#climate-change`: no tag is close, so only "create".
    let unknown = diagnostics.iter().find(|d| d["code"] == "unknown-tag").unwrap();
    assert_eq!(unknown["message"], "unknown tag `#climate-change`");
    let actions = actions_for(&mut server, &a, &diagnostics, "unknown-tag");
    let fix = titled(&actions, "Create tag `#climate-change` in corpus.json");
    let (edits, version) = edits_for(&fix["edit"], &json_uri);
    assert_eq!(version, Some(json!(7)), "versioned against the open buffer");
    let text = apply(CATALOGUE, &edits);
    assert_only_inserted(CATALOGUE, &text, &edits);
    let cat = assert_valid_catalogue(&text);
    assert_eq!(cat.tag("climate-change").unwrap().label, "Climate change");
    // The command reveals the new entry where the edit put it.
    let command = &fix["command"];
    assert_eq!(command["command"], "corpus-lsp.showEntry");
    assert_eq!(command["arguments"][0], json_uri);
    let range = &command["arguments"][1];
    let entry = &text[offset(&text, &range["start"])..offset(&text, &range["end"])];
    assert!(entry.starts_with('{') && entry.ends_with('}') && entry.contains("\"climate-change\""), "{entry}");

    replace_all(&mut server, &json_uri, 8, &text);
    let diagnostics = wait_without(&mut server, &a, "unknown-tag");
    wait_without(&mut server, &b, "unknown-tag");

    // `[Mr. Bliken]{antony-blinken}`: add the surface as an alias.
    let mismatch = diagnostics.iter().find(|d| d["code"] == "alias-mismatch").unwrap();
    assert_eq!(mismatch["message"], "`Mr. Bliken` is not an alias of `antony-blinken` (Antony Blinken)");
    let actions = actions_for(&mut server, &a, &diagnostics, "alias-mismatch");
    let fix = titled(&actions, "Add `Mr. Bliken` as an alias of `antony-blinken`");
    let (edits, version) = edits_for(&fix["edit"], &json_uri);
    assert_eq!(version, Some(json!(8)));
    let after = apply(&text, &edits);
    assert_only_inserted(&text, &after, &edits);
    let cat = assert_valid_catalogue(&after);
    assert_eq!(cat.entity("antony-blinken").unwrap().aliases, ["Blinken", "Mr. Blinken", "Mr. Bliken"]);
    assert!(after.contains("\"Mr. Blinken\",\r\n        \"Mr. Bliken\"\r\n      ],"), "{after}");
    replace_all(&mut server, &json_uri, 9, &after);
    wait_without(&mut server, &a, "alias-mismatch");

    // An entity without aliases gets the key.
    let c = ws.uri("c.txt");
    server.open(&c, "[Minister Wang]{wang-yi} arrived.\n", 1);
    let diagnostics = server.diagnostics(&c, Some(1));
    let actions = actions_for(&mut server, &c, &diagnostics, "alias-mismatch");
    let fix = titled(&actions, "Add `Minister Wang` as an alias of `wang-yi`");
    let (edits, _) = edits_for(&fix["edit"], &json_uri);
    let last = apply(&after, &edits);
    assert_only_inserted(&after, &last, &edits);
    assert!(last.contains("\"kind\": \"person\",\r\n      \"aliases\": [\r\n        \"Minister Wang\"\r\n      ],\r\n      \"description\": \"China’s"), "{last}");
    assert_valid_catalogue(&last);
    replace_all(&mut server, &json_uri, 10, &last);
    wait_without(&mut server, &c, "alias-mismatch");
    assert!(server.shutdown().success());
}

#[test]
fn without_a_catalogue_the_fix_creates_corpus_json_and_shows_the_entry() {
    // No corpus.json anywhere: the built-in catalogue governs.
    let dir = tempfile::Builder::new().prefix("corpus-none-").tempdir().unwrap();
    let doc = "Macron met [European]{eu} leaders — “today” 😀.\n";
    std::fs::write(dir.path().join("a.txt"), doc).unwrap();
    let root = format!("file://{}", dir.path().display());
    let a = format!("{root}/a.txt");
    let json_uri = format!("{root}/corpus.json");

    // A client that cannot create files is not offered the catalogue fixes.
    let mut plain = start(&root, json!({"workspace": {"workspaceEdit": {"documentChanges": true}}}));
    plain.open(&a, doc, 1);
    let diagnostics = plain.diagnostics(&a, Some(1));
    let unknown = diagnostics.iter().find(|d| d["code"] == "unknown-entity").unwrap();
    assert_eq!(unknown["message"], "unknown entity `eu`", "no far suggestion such as `reuters`");
    assert!(actions_for(&mut plain, &a, &diagnostics, "unknown-entity").is_empty());
    assert!(plain.shutdown().success());

    let caps = json!({
        "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create", "rename", "delete"]}},
        "window": {"showDocument": {"support": true}}
    });
    let mut server = start(&root, caps);
    // An alias of a built-in entity cannot go into a new corpus.json: not offered.
    let b = format!("{root}/b.txt");
    server.open(&b, "[Mr. Bliken]{antony-blinken} spoke.\n", 1);
    let diagnostics = server.diagnostics(&b, Some(1));
    assert!(actions_for(&mut server, &b, &diagnostics, "alias-mismatch").is_empty());
    server.open(&a, doc, 1);
    let diagnostics = server.diagnostics(&a, Some(1));
    let actions = actions_for(&mut server, &a, &diagnostics, "unknown-entity");
    let fix = titled(&actions, "Create entity `eu` in a new corpus.json");
    let ops = fix["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(
        ops[0],
        json!({"kind": "create", "uri": json_uri, "options": {"overwrite": false, "ignoreIfExists": false}})
    );
    let (edits, version) = edits_for(&fix["edit"], &json_uri);
    assert_eq!(version, Some(Value::Null));
    let created = apply("", &edits);
    let cat = assert_valid_catalogue(&created);
    assert_eq!(cat.entities.len(), 1);
    assert_eq!(cat.entity("eu").unwrap().name, "European");
    assert!(created.contains("\"$schema\": \"https://corpus-lsp.dev/schemas/corpus.schema.json\""), "{created}");

    // The client runs the command after applying the edit: the server asks it to show the entry.
    let command = &fix["command"];
    assert_eq!(command["command"], "corpus-lsp.showEntry");
    let id = server.send_request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    let show = server.wait_for("window/showDocument", |m| m["method"] == "window/showDocument");
    assert_eq!(show["params"]["uri"], json_uri);
    assert_eq!(show["params"]["takeFocus"], true);
    let selection = &show["params"]["selection"];
    let entry = &created[offset(&created, &selection["start"])..offset(&created, &selection["end"])];
    assert!(entry.starts_with("{\n      \"id\": \"eu\""), "{entry}");
    let response = server.response(id);
    assert!(response.get("error").is_none(), "{response}");
    // A command with bad arguments is refused, and the server keeps serving.
    let bad =
        server.send_request("workspace/executeCommand", json!({"command": "corpus-lsp.showEntry", "arguments": [1]}));
    assert!(server.response(bad).get("error").is_some());

    // As an editor does: the file is created (empty) on disk, then opened with the edit
    // applied, before any watcher event. The new catalogue governs the document now.
    std::fs::write(dir.path().join("corpus.json"), "").unwrap();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": json_uri, "languageId": "json", "version": 1, "text": created}}),
    );
    let now = wait_without(&mut server, &a, "unknown-entity");
    assert!(now.iter().all(|d| d["code"] == "uncatalogued-name"), "{now:#?}");
    assert!(server.shutdown().success());
}

#[test]
fn uncatalogued_name_ignored_then_added_and_annotated_everywhere_in_the_file() {
    const TEXT: &str =
        "Officials in Tehran met on Monday — and later Tehran’s envoy spoke.\nThe Press Briefing ended.\n";
    let ws = Workspace::new(CATALOGUE, &[("a.txt", TEXT)]);
    let mut server = start(&ws.root_uri(), json!({}));
    let (a, json_uri) = (ws.uri("a.txt"), ws.uri("corpus.json"));
    server.open(&a, TEXT, 1);
    let diagnostics = server.diagnostics(&a, Some(1));
    let names: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["code"] == "uncatalogued-name")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{names:#?}");
    assert!(names.iter().filter(|m| m.starts_with("`Tehran` is not in the catalogue")).count() == 2, "{names:#?}");
    assert!(names.iter().any(|m| m.starts_with("`Press Briefing` is not in the catalogue")), "{names:#?}");

    // "Ignore `Press Briefing`": an edit of corpus.json alone.
    let press: Vec<Value> =
        diagnostics.iter().filter(|d| d["message"].as_str().unwrap().contains("Press")).cloned().collect();
    let actions = actions_for(&mut server, &a, &press, "uncatalogued-name");
    let ignore = titled(&actions, "Ignore `Press Briefing`");
    let (edits, _) = edits_for(&ignore["edit"], &json_uri);
    let before = std::fs::read_to_string(ws.path("corpus.json")).unwrap();
    let after = apply(&before, &edits);
    assert_only_inserted(&before, &after, &edits);
    assert!(assert_valid_catalogue(&after).ignore.contains(&"Press Briefing".to_string()));
    assert_eq!(edits_for(&ignore["edit"], &a).0, Vec::<Value>::new(), "the document is not edited");
    std::fs::write(ws.path("corpus.json"), &after).unwrap();
    server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": json_uri, "type": 2}]}));
    let now = server.wait_for("Press Briefing ignored", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == a
            && m["params"]["diagnostics"].as_array().is_some_and(|ds| {
                ds.iter().filter(|d| d["code"] == "uncatalogued-name").count() == 2
                    && ds.iter().all(|d| !d["message"].as_str().unwrap().contains("Press Briefing"))
            })
    });
    let diagnostics = now["params"]["diagnostics"].as_array().cloned().unwrap();

    // "Add `Tehran` … and annotate all 2 in this file": corpus.json and the article in one edit.
    let actions = actions_for(&mut server, &a, &diagnostics, "uncatalogued-name");
    let add_all = actions
        .iter()
        .find(|x| {
            x["title"].as_str().is_some_and(|t| {
                t.starts_with("Add `Tehran` to corpus.json") && t.ends_with("annotate all 2 in this file")
            })
        })
        .unwrap_or_else(|| panic!("no add-and-annotate-all action in {actions:#?}"));
    let (json_edits, _) = edits_for(&add_all["edit"], &json_uri);
    let before = after;
    let after = apply(&before, &json_edits);
    assert_only_inserted(&before, &after, &json_edits);
    let cat = assert_valid_catalogue(&after);
    let tehran = cat.entity("tehran").expect("the new entity");
    assert_eq!(tehran.name, "Tehran");
    let (doc_edits, _) = edits_for(&add_all["edit"], &a);
    let text = apply(TEXT, &doc_edits);
    assert_eq!(
        text,
        "Officials in [Tehran]{tehran} met on Monday — and later [Tehran]{tehran}’s envoy spoke.\nThe Press Briefing ended.\n"
    );
    // The client applies both: the article in its buffer, corpus.json on disk.
    std::fs::write(ws.path("corpus.json"), &after).unwrap();
    replace_all(&mut server, &a, 2, &text);
    server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": json_uri, "type": 2}]}));
    let now = server.wait_for("Tehran catalogued and annotated", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == a
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|ds| ds.iter().all(|d| d["code"] != "uncatalogued-name" && d["code"] != "unknown-entity"))
    });
    assert_eq!(now["params"]["diagnostics"], json!([]), "nothing left");
    assert!(server.shutdown().success());
}
