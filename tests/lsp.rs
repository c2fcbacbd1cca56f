//! The language server end to end: the real binary over stdio, driven by the
//! small client in `support`. Workspaces are temporary folders with their own
//! `corpus.json`, so the tests do not depend on the seeds' annotation state.

mod support;

use serde_json::{Value, json};
use support::{Server, Workspace, summarize, utf16_col};

const CATALOGUE: &str = r#"{
  "include": ["**/*.txt"],
  "entities": [
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person",
      "aliases": ["Blinken", "Mr. Blinken", "Secretary Blinken"],
      "description": "U.S. Secretary of State, 2021–2025.", "tags": ["us-diplomacy"] },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person",
      "description": "China’s Minister of Foreign Affairs.", "tags": ["us-diplomacy"] },
    { "id": "xinjiang", "name": "Xinjiang", "kind": "place",
      "description": "A region in the northwest of China.", "tags": ["human-rights"] },
    { "id": "china", "name": "China", "kind": "place" }
  ],
  "tags": [
    { "id": "human-rights", "label": "Human rights", "description": "Rights abuses and the reports on them." },
    { "id": "taiwan", "label": "Taiwan question" },
    { "id": "us-diplomacy", "label": "U.S. diplomacy" }
  ],
  "diagnostics": { "unused-entity": "off", "unused-tag": "off" }
}"#;

/// Seed sentences: curly quotes, em dashes, an emoji outside the BMP.
const A_TXT: &str = "Pointing to the Uyghurs in China’s Xinjiang, whom he called “victims of genocide,” [Mr. Blinken]{antony-blinken} said — 😀 #human-rights\n\
“In every engagement,” said [Wang Yi]{wang-yi} — in Beijing.\n\
He will travel to Beijing to have talks with his counterpart, [Wang Yi]{wang-yi}.\n";

const B_TXT: &str =
    "Issues related to Xinjiang, Xizang, and Hong Kong are China’s internal affairs, [Wang Yi]{wang-yi} said.\n";

fn workspace() -> Workspace {
    Workspace::new(
        CATALOGUE,
        &[("a.txt", A_TXT), ("notes/b.txt", B_TXT), ("notes/readme.md", "Wang Yi"), ("bin.txt", "ok\u{0}\u{1}")],
    )
}

/// Starts a server on `ws` offering `encodings`, and waits for the indexing to end.
fn start(ws: &Workspace, encodings: Option<&[&str]>) -> Server {
    let mut server = Server::start();
    let mut general = json!({});
    if let Some(e) = encodings {
        general = json!({"positionEncodings": e});
    }
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
        "capabilities": {
            "general": general,
            "window": {"workDoneProgress": true},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "configuration": true}
        }
    }));
    progress_end(&mut server);
    server
}

fn progress_end(server: &mut Server) -> Value {
    server.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
}

fn hover(server: &mut Server, uri: &str, line: u32, character: u32) -> Value {
    server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    )
}

fn completion(server: &mut Server, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let result = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    result["items"].as_array().cloned().unwrap_or_default()
}

#[test]
fn initialize_negotiates_each_encoding() {
    let cases: [(Option<&[&str]>, &str); 7] = [
        (Some(&["utf-8", "utf-16"]), "utf-8"),
        (Some(&["utf-16", "utf-8"]), "utf-16"),
        (Some(&["utf-16"]), "utf-16"),
        (Some(&["utf-32", "utf-16"]), "utf-32"),
        (Some(&["latin-1"]), "utf-16"),
        (Some(&["utf-32"]), "utf-32"),
        (None, "utf-16"),
    ];
    for (offered, expected) in cases {
        let mut server = Server::start();
        let general = offered.map_or(json!({}), |o| json!({"positionEncodings": o}));
        let result = server.initialize(json!({"capabilities": {"general": general}}));
        let caps = &result["capabilities"];
        assert_eq!(caps["positionEncoding"], expected, "offered {offered:?}");
        assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
        assert_eq!(caps["completionProvider"]["triggerCharacters"], json!(["#", "{", "["]));
        assert_eq!(caps["hoverProvider"], true);
        assert_eq!(caps["codeActionProvider"]["codeActionKinds"], json!(["quickfix"]));
        assert!(caps.get("foldingRangeProvider").is_none(), "only what is implemented is advertised");
        assert!(server.shutdown().success());
    }
}

/// Breaks an id after curly quotes on line 1, checks the position in the
/// negotiated encoding, applies the quick fix, sees the diagnostic go.
fn break_and_fix(encoding: &str) {
    let ws = workspace();
    let mut server = start(&ws, Some(&[encoding]));
    let uri = ws.uri("a.txt");
    server.open(&uri, A_TXT, 1);
    let before = server.diagnostics(&uri, Some(1));
    assert!(before.iter().all(|d| d["code"] != "unknown-entity"), "{before:#?}");

    let line = A_TXT.lines().nth(1).unwrap();
    let id = line.find("wang-yi}").unwrap();
    let col = |byte: usize| if encoding == "utf-8" { byte as u32 } else { utf16_col(line, byte) };
    // `wang-yi` → `wang-yx`.
    server.change(&uri, 2, [1, col(id + 6), 1, col(id + 7)], "x");
    let after = server.diagnostics(&uri, Some(2));
    let unknown: Vec<&Value> = after.iter().filter(|d| d["code"] == "unknown-entity").collect();
    assert_eq!(unknown.len(), 1, "{after:#?}");
    let range = &unknown[0]["range"];
    assert_eq!(range["start"], json!({"line": 1, "character": col(id)}), "{encoding}");
    assert_eq!(range["end"], json!({"line": 1, "character": col(id + 7)}), "{encoding}");
    assert_eq!(unknown[0]["severity"], 1);
    assert!(unknown[0]["message"].as_str().unwrap().contains("did you mean `wang-yi`"));

    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [unknown[0]]}}),
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["title"], "Change to `wang-yi` (Wang Yi)");
    assert_eq!(fix["diagnostics"][0]["code"], "unknown-entity");
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "wang-yi");
    let r = &edit["range"];
    let n = |v: &Value| v.as_u64().unwrap() as u32;
    server.change(
        &uri,
        3,
        [n(&r["start"]["line"]), n(&r["start"]["character"]), n(&r["end"]["line"]), n(&r["end"]["character"])],
        "wang-yi",
    );
    let fixed = server.diagnostics(&uri, Some(3));
    assert_eq!(summarize(&fixed), summarize(&before), "back to the diagnostics before the break");
    assert!(server.shutdown().success());
}

#[test]
fn unknown_entity_position_and_fix_utf16() {
    break_and_fix("utf-16");
}

#[test]
fn unknown_entity_position_and_fix_utf8() {
    break_and_fix("utf-8");
}

#[test]
fn seed_diagnostics_match_lint() {
    // A real seed, under the test catalogue: the server publishes what `lint` reports.
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/000_773f1bc16809e9b9.txt")).unwrap();
    let ws = Workspace::new(CATALOGUE, &[("seed.txt", &seed)]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_corpus-lsp"))
        .args(["lint", "--format", "json"])
        .arg(ws.path("seed.txt"))
        .output()
        .unwrap();
    let lint: Value = serde_json::from_slice(&out.stdout).expect("lint prints JSON");
    let mut expected: Vec<(String, u64, u64, String)> = lint
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = &d["range"]["start"];
            let (l, c) = (s["line"].as_u64().unwrap() - 1, s["column"].as_u64().unwrap() - 1);
            (d["code"].as_str().unwrap().into(), l, c, d["message"].as_str().unwrap().into())
        })
        .collect();
    assert!(!expected.is_empty(), "the seed names Xinjiang, China, Blinken…");

    let mut server = start(&ws, Some(&["utf-32"]));
    let uri = ws.uri("seed.txt");
    server.open(&uri, &seed, 7);
    let mut got: Vec<(String, u64, u64, String)> = server
        .diagnostics(&uri, Some(7))
        .iter()
        .map(|d| {
            let s = &d["range"]["start"];
            (
                d["code"].as_str().unwrap().into(),
                s["line"].as_u64().unwrap(),
                s["character"].as_u64().unwrap(),
                d["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert!(server.shutdown().success());
}

#[test]
fn hover_on_mention_alias_and_tag() {
    let ws = workspace();
    let mut server = start(&ws, Some(&["utf-16"]));
    let uri = ws.uri("a.txt");
    server.open(&uri, A_TXT, 1);
    server.diagnostics(&uri, Some(1));

    // On `[Wang Yi]{wang-yi}`, line 1, after the curly quotes.
    let line = A_TXT.lines().nth(1).unwrap();
    let at = line.find("[Wang Yi]").unwrap();
    let card = hover(&mut server, &uri, 1, utf16_col(line, at + 3));
    let text = card["contents"]["value"].as_str().unwrap();
    assert_eq!(card["contents"]["kind"], "markdown");
    assert!(text.starts_with("**Wang Yi** · person · `wang-yi`"), "{text}");
    assert!(text.contains("China’s Minister of Foreign Affairs."));
    assert!(text.contains("`#us-diplomacy` (U.S. diplomacy)"));
    // Two in a.txt, one in notes/b.txt.
    assert!(
        text.contains("Corpus: 3 mentions (3 annotated, 0 plain) in 2 files: `a.txt` (2), `notes/b.txt` (1)."),
        "{text}"
    );
    let end = at + "[Wang Yi]{wang-yi}".len();
    assert_eq!(card["range"]["start"], json!({"line": 1, "character": utf16_col(line, at)}));
    assert_eq!(card["range"]["end"], json!({"line": 1, "character": utf16_col(line, end)}));

    // On plain `Xinjiang`, line 0, after `China’s`.
    let line = A_TXT.lines().next().unwrap();
    let at = line.find("Xinjiang").unwrap();
    let card = hover(&mut server, &uri, 0, utf16_col(line, at + 2));
    let text = card["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**Xinjiang** · place · `xinjiang`"), "{text}");
    assert!(text.contains("Corpus: 2 mentions (0 annotated, 2 plain) in 2 files"), "{text}");
    assert_eq!(card["range"]["start"]["character"], utf16_col(line, at));

    // On `#human-rights`, after the emoji (two UTF-16 units).
    let at = line.find("#human-rights").unwrap();
    let card = hover(&mut server, &uri, 0, utf16_col(line, at + 4));
    let text = card["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**Human rights** · tag · `#human-rights`"), "{text}");
    assert!(text.contains("Entities: Xinjiang"));
    assert!(text.contains("Corpus: 1 use in 1 file: `a.txt` (1)."), "{text}");

    // Nothing there, or nowhere at all: empty answers.
    assert_eq!(hover(&mut server, &uri, 2, 3), Value::Null);
    assert_eq!(hover(&mut server, &uri, 999, 0), Value::Null);
    // A column past the end of the line is its end: at the end of the tag.
    assert_eq!(hover(&mut server, &uri, 0, 99_999), card);
    assert_eq!(hover(&mut server, "file:///nowhere/x.txt", 0, 0), Value::Null);
    assert!(server.shutdown().success());
}

#[test]
fn completion_after_hash_bracket_and_brace() {
    let ws = workspace();
    let mut server = start(&ws, Some(&["utf-16"]));
    let uri = ws.uri("new.txt");
    let text = "“Talks” — #hu\n“Talks” — [Wang Yi]{\n“Talks” — [Secretary Bl";
    server.open(&uri, text, 1);
    server.diagnostics(&uri, Some(1));
    let lines: Vec<&str> = text.lines().collect();

    let items = completion(&mut server, &uri, 0, utf16_col(lines[0], lines[0].len()));
    assert_eq!(items[0]["label"], "human-rights");
    assert_eq!(items[0]["detail"], "Human rights");
    assert!(items[0].get("documentation").is_none(), "documentation comes on resolve");
    let resolved = server.request("completionItem/resolve", items[0].clone());
    assert_eq!(resolved["documentation"]["kind"], "markdown");
    assert!(resolved["documentation"]["value"].as_str().unwrap().contains("Rights abuses"), "{resolved}");
    assert_eq!(resolved["label"], "human-rights");
    let start = utf16_col(lines[0], lines[0].find("hu").unwrap());
    assert_eq!(items[0]["textEdit"]["range"]["start"], json!({"line": 0, "character": start}));
    assert_eq!(items[0]["textEdit"]["range"]["end"], json!({"line": 0, "character": start + 2}));
    assert_eq!(items.len(), 3, "every tag is offered; the editor filters");

    let end = utf16_col(lines[1], lines[1].len());
    let items = completion(&mut server, &uri, 1, end);
    assert_eq!(items[0]["label"], "wang-yi", "the owner of the surface first");
    assert_eq!(items[0]["preselect"], true);
    assert_eq!(items[0]["detail"], "Wang Yi · person");
    assert_eq!(items[0]["textEdit"]["range"]["start"], json!({"line": 1, "character": end}));
    assert_eq!(items[0]["textEdit"]["newText"], "wang-yi");
    assert_eq!(items.len(), 4);
    // What the protocol defaults to is left out: the label filters, the text is plain,
    // and an entity's `data` holds no `tag` (resolve reads it as an entity).
    assert!(items[0].get("filterText").is_none() && items[0].get("insertTextFormat").is_none(), "{}", items[0]);
    assert!(items[0]["data"].get("tag").is_none(), "{}", items[0]);
    let resolved = server.request("completionItem/resolve", items[0].clone());
    assert!(resolved["documentation"]["value"].as_str().unwrap().contains("Wang Yi"), "{resolved}");

    let end = utf16_col(lines[2], lines[2].len());
    let items = completion(&mut server, &uri, 2, end);
    assert_eq!(items[0]["label"], "[Secretary Blinken]{antony-blinken}");
    assert_eq!(items[0]["filterText"], "[Secretary Blinken", "a filter unlike the label is kept");
    assert_eq!(items[0]["textEdit"]["range"]["start"]["character"], utf16_col(lines[2], lines[2].find('[').unwrap()));

    // Outside markup, and on an unknown document: nothing.
    assert_eq!(
        server.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}})
        ),
        Value::Null
    );
    assert_eq!(
        server.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": "file:///x"}, "position": {"line": 0, "character": 0}})
        ),
        Value::Null
    );
    assert!(server.shutdown().success());
}

/// A small deterministic generator (xorshift), for the edit sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

/// `(line, UTF-16 column)` of byte `at` in `text` (lines split at `\n` only).
fn position(text: &str, at: usize) -> (u32, u32) {
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line as u32, utf16_col(&text[start..], at - start))
}

#[test]
fn rapid_incremental_edits_equal_a_fresh_open() {
    let ws = workspace();
    let mut server = start(&ws, Some(&["utf-16"]));
    let uri = ws.uri("a.txt");
    let mut model = A_TXT.to_string();
    server.open(&uri, &model, 0);
    let pieces = [
        "Blinken",
        "’s",
        "“",
        "”",
        " — ",
        "😀",
        "\n",
        "[Wang Yi]{wang-yi}",
        "#human-rights",
        "]{",
        "{",
        "Xinjiang",
        " ",
        "a",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let boundaries = |s: &str| -> Vec<usize> { s.char_indices().map(|(i, _)| i).chain([s.len()]).collect() };
    for version in 1..=500 {
        let b = boundaries(&model);
        let start = b[rng.next(b.len())];
        let end = if rng.next(3) == 0 {
            start
        } else {
            b[(b.iter().position(|&x| x == start).unwrap() + rng.next(8)).min(b.len() - 1)]
        };
        let insert = if rng.next(4) == 0 { "" } else { pieces[rng.next(pieces.len())] };
        let (l1, c1) = position(&model, start);
        let (l2, c2) = position(&model, end);
        server.change(&uri, version, [l1, c1, l2, c2], insert);
        model.replace_range(start..end, insert);
    }
    let incremental = server.diagnostics(&uri, Some(500));

    let fresh_uri = ws.uri("fresh.txt");
    server.open(&fresh_uri, &model, 1);
    let fresh = server.diagnostics(&fresh_uri, Some(1));
    assert!(!fresh.is_empty());
    let strip = |ds: &[Value]| -> Vec<(Value, Value, Value)> {
        ds.iter().map(|d| (d["code"].clone(), d["range"].clone(), d["message"].clone())).collect()
    };
    assert_eq!(strip(&incremental), strip(&fresh));
    // And the same text: a hover at the end of each finds the same thing.
    let last = model.lines().count() as u32 - 1;
    assert_eq!(hover(&mut server, &uri, last, 3), hover(&mut server, &fresh_uri, last, 3));
    assert!(server.shutdown().success());
}

#[test]
fn indexing_reports_progress_and_skips_binary_files() {
    let ws = workspace();
    let mut server = Server::start();
    server.initialize(json!({
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
        "capabilities": {"window": {"workDoneProgress": true}, "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}
    }));
    let create = server.wait_for("progress creation", |m| m["method"] == "window/workDoneProgress/create");
    let token = create["params"]["token"].clone();
    let begin =
        server.wait_for("progress begin", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin");
    assert_eq!(begin["params"]["token"], token);
    assert_eq!(begin["params"]["value"]["title"], "Indexing the corpus");
    let report =
        server.wait_for("progress report", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "report");
    assert_eq!(report["params"]["value"]["message"], "3/3 files");
    let end = progress_end(&mut server);
    assert_eq!(end["params"]["token"], token);
    // a.txt and notes/b.txt; bin.txt is not text; readme.md is not included.
    assert_eq!(end["params"]["value"]["message"], "Indexed 2 of 3 files (1 skipped)");
    let registration = server.wait_for("the file watchers", |m| m["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/corpus.json");
    assert_eq!(watchers[1]["globPattern"], "**/*.txt");
    assert!(server.shutdown().success());
}

#[test]
fn broken_catalogue_keeps_the_last_good_one_then_recovers() {
    let ws = workspace();
    let mut server = start(&ws, Some(&["utf-16"]));
    let uri = ws.uri("a.txt");
    let json_uri = ws.uri("corpus.json");
    server.open(&uri, A_TXT, 1);
    server.diagnostics(&uri, Some(1));

    // Broken on disk: a trailing comma on line 3.
    let broken = CATALOGUE.replacen("\"entities\": [", "\"entities\": [,", 1);
    std::fs::write(ws.path("corpus.json"), &broken).unwrap();
    server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": json_uri, "type": 2}]}));
    let problems = server.diagnostics(&json_uri, None);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["code"], "catalog-error");
    assert_eq!(problems[0]["range"]["start"]["line"], 2);
    // The last good catalogue is still in use.
    let line = A_TXT.lines().nth(1).unwrap();
    let col = utf16_col(line, line.find("Wang Yi").unwrap());
    let card = hover(&mut server, &uri, 1, col);
    assert!(card["contents"]["value"].as_str().unwrap().starts_with("**Wang Yi**"));

    // Fixed, with a new alias: cleared, and the documents see the new catalogue.
    let fixed = CATALOGUE.replace("\"name\": \"Wang Yi\",", "\"name\": \"Wang Yi\", \"aliases\": [\"Beijing\"],");
    std::fs::write(ws.path("corpus.json"), &fixed).unwrap();
    server.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": json_uri, "type": 2}]}));
    assert_eq!(server.diagnostics(&json_uri, None), Vec::<Value>::new());
    server.wait_for("a.txt analysed with the new alias", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["message"].as_str().unwrap().starts_with("`Beijing` mentions `wang-yi`"))
    });

    // The same through an open buffer: problems carry the buffer's version.
    server.open(&json_uri, &broken, 5);
    let problems = server.diagnostics(&json_uri, Some(5));
    assert_eq!(problems[0]["code"], "catalog-error");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": json_uri, "version": 6}, "contentChanges": [{"text": CATALOGUE}]}),
    );
    assert_eq!(server.diagnostics(&json_uri, Some(6)), Vec::<Value>::new());
    // Broken in the buffer, then closed unsaved: the disk's (good) state is shown again.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": json_uri, "version": 7}, "contentChanges": [{"text": broken}]}),
    );
    assert_eq!(server.diagnostics(&json_uri, Some(7)).len(), 1);
    server.notify("textDocument/didClose", json!({"textDocument": {"uri": json_uri}}));
    assert_eq!(server.diagnostics(&json_uri, None), Vec::<Value>::new());
    assert!(server.shutdown().success());
}

#[test]
fn severities_from_initialization_options_and_configuration() {
    let ws = workspace();
    let mut server = Server::start();
    server.initialize(json!({
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
        "initializationOptions": {"severity": {"unannotated-mention": "off"}}
    }));
    let uri = ws.uri("a.txt");
    server.open(&uri, A_TXT, 1);
    let ds = server.diagnostics(&uri, Some(1));
    assert!(ds.iter().all(|d| d["code"] != "unannotated-mention"), "{ds:#?}");
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"corpusLsp": {"severity": {"unannotated-mention": "warning"}}}}),
    );
    let ds = server.diagnostics(&uri, Some(1));
    let plain: Vec<&Value> = ds.iter().filter(|d| d["code"] == "unannotated-mention").collect();
    assert!(!plain.is_empty());
    assert!(plain.iter().all(|d| d["severity"] == 2));
    assert!(server.shutdown().success());
}

#[test]
fn bad_input_does_not_bring_it_down() {
    let ws = workspace();
    let mut server = start(&ws, None);
    // Not JSON at all.
    server.send_raw(b"Content-Length: 5\r\n\r\n{bad}");
    let error = server.wait_for("a parse error", |m| m.get("error").is_some() && m["id"].is_null());
    assert_eq!(error["error"]["code"], -32700);
    // Unknown documents, out-of-range positions, reversed ranges.
    let uri = ws.uri("a.txt");
    server.open(&uri, A_TXT, 1);
    server.diagnostics(&uri, Some(1));
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 500, "character": 9}, "end": {"line": 2, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(actions, Value::Null);
    server.change("file:///not/open.txt", 2, [0, 0, 0, 0], "x");
    server.change(&uri, 2, [900, 5, 901, 0], " appended");
    let ds = server.diagnostics(&uri, Some(2));
    assert!(!ds.is_empty());
    // An unknown method gets an error, and the server still answers.
    let id = server.send_request("corpus/nothing", json!({}));
    assert_eq!(server.response(id)["error"]["code"], -32601);
    assert_eq!(hover(&mut server, &uri, 0, 0), Value::Null);
    assert!(server.shutdown().success());
}

#[test]
fn annotate_all_quick_fix() {
    let ws = workspace();
    let mut server = start(&ws, Some(&["utf-8"]));
    let uri = ws.uri("a.txt");
    server.open(&uri, A_TXT, 1);
    let before = server.diagnostics(&uri, Some(1));
    let plain: Vec<&Value> = before.iter().filter(|d| d["code"] == "unannotated-mention").collect();
    assert_eq!(plain.len(), 2, "China and Xinjiang on line 0: {before:#?}");
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": plain[1]["range"], "context": {"diagnostics": [plain[1]]}}),
    );
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Annotate as `[Xinjiang]{xinjiang}`", "Annotate all 2 unannotated mentions in this file"]);
    assert_eq!(actions[0]["isPreferred"], true);
    // Apply the bulk edits, last first, in one change.
    let mut edits = actions[1]["edit"]["changes"][&uri].as_array().unwrap().clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e["range"]["start"]["character"].as_u64().unwrap()));
    let changes: Vec<Value> = edits.iter().map(|e| json!({"range": e["range"], "text": e["newText"]})).collect();
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
    );
    let after = server.diagnostics(&uri, Some(2));
    assert!(after.iter().all(|d| d["code"] != "unannotated-mention"), "{after:#?}");
    let line = A_TXT.lines().next().unwrap().replace("China’s Xinjiang", "[China]{china}’s [Xinjiang]{xinjiang}");
    let at = line.find("[Xinjiang]").unwrap() as u32;
    let card = hover(&mut server, &uri, 0, at + 1);
    assert!(card["contents"]["value"].as_str().unwrap().starts_with("**Xinjiang**"));
    assert_eq!(card["range"]["start"]["character"], at);
    assert!(server.shutdown().success());
}

#[test]
fn files_changed_on_disk_are_indexed_again() {
    let ws = workspace();
    let mut server = start(&ws, Some(&["utf-16"]));
    let uri = ws.uri("a.txt");
    server.open(&uri, A_TXT, 1);
    server.diagnostics(&uri, Some(1));
    let line = A_TXT.lines().nth(1).unwrap();
    let col = utf16_col(line, line.find("Wang Yi").unwrap());
    let count = |server: &mut Server| -> String {
        let card = hover(server, &uri, 1, col);
        let text = card["contents"]["value"].as_str().unwrap().to_string();
        text.lines().last().unwrap().to_string()
    };
    assert!(count(&mut server).starts_with("Corpus: 3 mentions (3 annotated, 0 plain) in 2 files"));

    std::fs::write(ws.path("notes/c.txt"), "“Talks,” said [Wang Yi]{wang-yi}.").unwrap();
    std::fs::remove_file(ws.path("notes/b.txt")).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": ws.uri("notes/c.txt"), "type": 1}, {"uri": ws.uri("notes/b.txt"), "type": 3}]}),
    );
    server.wait_for("the re-indexing", |m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().unwrap().contains("re-indexed 1 changed")
    });
    assert_eq!(
        count(&mut server),
        "Corpus: 3 mentions (3 annotated, 0 plain) in 2 files: `a.txt` (2), `notes/c.txt` (1)."
    );
    assert!(server.shutdown().success());
}

#[test]
fn exit_codes() {
    // `shutdown` then `exit`: 0 (checked by every test). `exit` alone: 1.
    let mut server = Server::start();
    server.initialize(json!({}));
    assert_eq!(server.exit().code(), Some(1));
    // The client goes away: the server ends too.
    let mut server = Server::start();
    server.initialize(json!({}));
    assert_eq!(server.close_input().code(), Some(1));
}
