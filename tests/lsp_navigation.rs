//! Navigation and presentation end to end: the real binary over stdio on a
//! temporary multi-file workspace with its own `corpus.json`. `a.txt` is
//! opened; `notes/b.txt` never is (the server answers for it from its index
//! and the disk).

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};
use support::{Server, Workspace, utf16_col};

const CATALOGUE: &str = r#"{
  "include": ["**/*.txt"],
  "entities": [
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person",
      "aliases": ["Blinken", "Mr. Blinken"], "tags": ["us-diplomacy"] },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person",
      "aliases": ["the minister"], "tags": ["us-diplomacy"] },
    { "id": "xinjiang", "name": "Xinjiang", "kind": "place" },
    { "id": "state-department", "name": "State Department", "kind": "organization" }
  ],
  "tags": [
    { "id": "human-rights", "label": "Human rights" },
    { "id": "us-diplomacy", "label": "U.S. diplomacy" }
  ]
}"#;

/// Seed-like text: curly quotes, em dashes, an emoji outside the BMP.
const A_TXT: &str = "“In every engagement,” said [the minister]{wang-yi} — 😀 [Blinken]{antony-blinken} in Xinjiang.\n\
[Wang Yi]{wang-yi} met Blinken. #us-diplomacy\n";

const B_TXT: &str =
    "Issues related to Xinjiang are China’s affairs, [Wang Yi]{wang-yi} said — 😀 #us-diplomacy #human-rights\n";

fn workspace() -> Workspace {
    Workspace::new(CATALOGUE, &[("a.txt", A_TXT), ("notes/b.txt", B_TXT)])
}

/// Starts a server on `ws` (UTF-16 positions) with `options`, waits for the
/// indexing to end, and opens `a.txt`.
fn start_with(ws: &Workspace, options: Value) -> Server {
    start_full(ws, options).0
}

/// [`start_with`], also returning the `initialize` result.
fn start_full(ws: &Workspace, options: Value) -> (Server, Value) {
    let mut server = Server::start();
    let result = server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
        "initializationOptions": options,
        "capabilities": {"window": {"workDoneProgress": true}}
    }));
    server.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = ws.uri("a.txt");
    server.open(&uri, A_TXT, 1);
    server.diagnostics(&uri, Some(1));
    (server, result)
}

fn start(ws: &Workspace) -> Server {
    start_with(ws, Value::Null)
}

/// The UTF-16 position of the `nth` occurrence of `needle` in `text`, `plus` bytes in.
fn pos(text: &str, needle: &str, nth: usize, plus: usize) -> Value {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} #{nth}")).0 + plus;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": utf16_col(&text[start..], at - start)})
}

/// The range (UTF-16) of the `nth` occurrence of `needle` in `text`.
fn range(text: &str, needle: &str, nth: usize) -> Value {
    json!({"start": pos(text, needle, nth, 0), "end": pos(text, needle, nth, needle.len())})
}

fn at(uri: &str, position: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": position})
}

/// `(file name, range)` of each location, sorted.
fn places(ws: &Workspace, locations: &Value) -> Vec<(String, Value)> {
    let root = ws.root_uri();
    let mut out: Vec<(String, Value)> = locations
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().trim_start_matches(&root).trim_start_matches('/').to_string(),
                l["range"].clone(),
            )
        })
        .collect();
    out.sort_by_key(|(f, r)| (f.clone(), r["start"]["line"].as_u64(), r["start"]["character"].as_u64()));
    out
}

#[test]
fn definition_and_declaration() {
    let ws = workspace();
    let mut server = start(&ws);
    let a = ws.uri("a.txt");
    let expected = json!({"uri": ws.uri("corpus.json"), "range": range(CATALOGUE, "\"wang-yi\"", 0)});
    // From a mention (after the emoji and curly quotes), from its id, from a plain alias, from a tag.
    let got = server.request("textDocument/definition", at(&a, pos(A_TXT, "[Wang Yi]", 0, 3)));
    assert_eq!(got, expected);
    let got = server.request("textDocument/declaration", at(&a, pos(A_TXT, "{wang-yi}", 0, 2)));
    assert_eq!(got, expected);
    let got = server.request("textDocument/definition", at(&a, pos(A_TXT, "Xinjiang", 0, 2)));
    assert_eq!(got, json!({"uri": ws.uri("corpus.json"), "range": range(CATALOGUE, "\"xinjiang\"", 0)}));
    let got = server.request("textDocument/definition", at(&a, pos(A_TXT, "#us-diplomacy", 0, 4)));
    assert_eq!(got, json!({"uri": ws.uri("corpus.json"), "range": range(CATALOGUE, "\"us-diplomacy\"", 2)}));
    // Nothing there.
    let got = server.request("textDocument/definition", at(&a, pos(A_TXT, "met", 0, 1)));
    assert_eq!(got, Value::Null);

    // The built-in catalogue has no file to point into.
    let dir = tempfile::tempdir().unwrap();
    let lone = format!("file://{}", dir.path().join("lone.txt").display());
    let text = "[Wang Yi]{wang-yi} said.";
    server.open(&lone, text, 1);
    server.diagnostics(&lone, Some(1));
    let got = server.request("textDocument/definition", at(&lone, pos(text, "Wang", 0, 0)));
    assert_eq!(got, Value::Null);
    assert!(server.shutdown().success());
}

#[test]
fn references_reach_files_not_open() {
    let ws = workspace();
    let mut server = start(&ws);
    let a = ws.uri("a.txt");
    let refs = |server: &mut Server, position: Value, include: bool| {
        let mut params = at(&a, position);
        params["context"] = json!({"includeDeclaration": include});
        server.request("textDocument/references", params)
    };
    let got = refs(&mut server, pos(A_TXT, "[the minister]", 0, 1), false);
    assert_eq!(
        places(&ws, &got),
        [
            ("a.txt".into(), range(A_TXT, "[the minister]{wang-yi}", 0)),
            ("a.txt".into(), range(A_TXT, "[Wang Yi]{wang-yi}", 0)),
            ("notes/b.txt".into(), range(B_TXT, "[Wang Yi]{wang-yi}", 0)),
        ]
    );
    // Plain alias occurrences count; the declaration is added on request.
    let got = refs(&mut server, pos(A_TXT, "Xinjiang", 0, 0), true);
    assert_eq!(
        places(&ws, &got),
        [
            ("a.txt".into(), range(A_TXT, "Xinjiang", 0)),
            ("corpus.json".into(), range(CATALOGUE, "\"xinjiang\"", 0)),
            ("notes/b.txt".into(), range(B_TXT, "Xinjiang", 0)),
        ]
    );
    // A tag, from corpus.json (not open): its uses in both files.
    let json = ws.uri("corpus.json");
    let mut params = at(&json, pos(CATALOGUE, "\"human-rights\"", 0, 3));
    params["context"] = json!({"includeDeclaration": false});
    let got = server.request("textDocument/references", params);
    assert_eq!(places(&ws, &got), [("notes/b.txt".into(), range(B_TXT, "#human-rights", 0))]);
    assert!(server.shutdown().success());
}

/// Applies a `WorkspaceEdit` (UTF-16 positions) to the files on disk; returns
/// the number of edits per file name (relative to `root`).
fn apply_to_disk(root: &Path, edit: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (uri, edits) in edit["changes"].as_object().expect("changes") {
        let path = Path::new(uri.strip_prefix("file://").unwrap()).to_path_buf();
        let mut text = std::fs::read_to_string(&path).unwrap();
        let offset = |text: &str, p: &Value| {
            let (line, col) = (p["line"].as_u64().unwrap() as usize, p["character"].as_u64().unwrap() as usize);
            let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
            let mut units = 0;
            let rest = &text[start..];
            let within = rest
                .char_indices()
                .find(|&(_, c)| {
                    let stop = units >= col;
                    units += c.len_utf16();
                    stop
                })
                .map_or(rest.len(), |(i, _)| i);
            start + within
        };
        let mut spans: Vec<(usize, usize, String)> = edits
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    offset(&text, &e["range"]["start"]),
                    offset(&text, &e["range"]["end"]),
                    e["newText"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        spans.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (start, end, new) in &spans {
            text.replace_range(*start..*end, new);
        }
        std::fs::write(&path, text).unwrap();
        let name = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
        counts.insert(name, spans.len());
    }
    counts
}

#[test]
fn rename_entities_and_tags() {
    let ws = workspace();
    let mut server = start(&ws);
    let a = ws.uri("a.txt");
    // prepareRename: the id and its current value, from a mention…
    let got = server.request("textDocument/prepareRename", at(&a, pos(A_TXT, "[Wang Yi]", 0, 2)));
    assert_eq!(got, json!({"range": range(A_TXT, "wang-yi", 1), "placeholder": "wang-yi"}));
    // …or from the catalogue; a plain alias is refused with a reason.
    let json = ws.uri("corpus.json");
    let got = server.request("textDocument/prepareRename", at(&json, pos(CATALOGUE, "\"us-diplomacy\"", 2, 1)));
    assert_eq!(got["placeholder"], "us-diplomacy");
    let id = server.send_request("textDocument/prepareRename", at(&a, pos(A_TXT, "Xinjiang", 0, 1)));
    let refused = server.response(id);
    assert!(refused["error"]["message"].as_str().unwrap().contains("plain text"), "{refused}");

    // Invalid new ids: not a slug, already taken.
    for (new_name, says) in [("Wang_Yi", "not a valid id"), ("antony-blinken", "already taken")] {
        let mut params = at(&a, pos(A_TXT, "{wang-yi}", 0, 1));
        params["newName"] = json!(new_name);
        let id = server.send_request("textDocument/rename", params);
        let response = server.response(id);
        let message = response["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{new_name}: {response}");
    }

    // An entity, from its id in corpus.json (not open): every `{wang-yi}` and the literal.
    let mut params = at(&json, pos(CATALOGUE, "\"wang-yi\"", 0, 4));
    params["newName"] = json!("wang-yi-fm");
    let edit = server.request("textDocument/rename", params);
    let count = |uri: &str| edit["changes"][uri].as_array().map_or(0, Vec::len);
    assert_eq!((count(&a), count(&ws.uri("notes/b.txt")), count(&json)), (2, 1, 1), "{edit}");
    assert_eq!(
        edit["changes"][&json][0],
        json!({"range": range(CATALOGUE, "\"wang-yi\"", 0), "newText": "\"wang-yi-fm\""})
    );
    assert_eq!(edit["changes"][ws.uri("notes/b.txt")][0]["range"], range(B_TXT, "wang-yi", 0));

    // A tag, from a use in the open file: both files and the catalogue (its id and two references).
    let mut params = at(&a, pos(A_TXT, "#us-diplomacy", 0, 2));
    params["newName"] = json!("us-china-diplomacy");
    let edit = server.request("textDocument/rename", params);
    let counts = apply_to_disk(ws.dir.path(), &edit);
    assert_eq!(
        counts,
        BTreeMap::from([("a.txt".to_string(), 1), ("corpus.json".to_string(), 3), ("notes/b.txt".to_string(), 1)])
    );
    assert!(std::fs::read_to_string(ws.path("notes/b.txt")).unwrap().contains("😀 #us-china-diplomacy #human-rights"));
    let catalogue = std::fs::read_to_string(ws.path("corpus.json")).unwrap();
    assert_eq!(catalogue.matches("\"us-china-diplomacy\"").count(), 3);
    assert!(!catalogue.contains("\"us-diplomacy\""));
    assert!(server.shutdown().success());
}

/// Renames `wang-yi` → `wang-yi-fm` in a copy of the seeds, applies the edit,
/// and checks `lint` stays clean and the number of edits is exactly the
/// number of `{wang-yi}` mentions plus the catalogue's id literal.
#[test]
fn rename_in_the_seeds() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let dir = tempfile::Builder::new().prefix("corpus-seeds-").tempdir().unwrap();
    let mut mentions = 0;
    let mut with_mention = None;
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        if name.ends_with(".txt") {
            let n = text.matches("]{wang-yi}").count();
            mentions += n;
            if n > 0 && with_mention.is_none() {
                with_mention = Some((name.clone(), text.clone()));
            }
        }
        std::fs::write(dir.path().join(&name), text).unwrap();
    }
    let catalogue = std::fs::read_to_string(dir.path().join("corpus.json")).unwrap();
    // `wang-yi` is an entity: no `"tags"` array refers to it; the id literal is one edit.
    let expected = mentions + catalogue.matches("\"id\": \"wang-yi\"").count();
    assert!(mentions >= 2, "the seeds mention wang-yi: {mentions}");

    let root = format!("file://{}", dir.path().display());
    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": "seeds"}],
        "capabilities": {"window": {"workDoneProgress": true}}
    }));
    server.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let (name, text) = with_mention.unwrap();
    let uri = format!("{root}/{name}");
    server.open(&uri, &text, 1);
    server.diagnostics(&uri, Some(1));
    let mut params = at(&uri, pos(&text, "]{wang-yi}", 0, 3));
    params["newName"] = json!("wang-yi-fm");
    let edit = server.request("textDocument/rename", params);
    assert!(server.shutdown().success());

    let counts = apply_to_disk(dir.path(), &edit);
    assert_eq!(counts.values().sum::<usize>(), expected, "{counts:?}");
    assert_eq!(counts["corpus.json"], 1);
    let mut after = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("{wang-yi}") && !text.contains("\"wang-yi\""));
        after += text.matches("]{wang-yi-fm}").count();
    }
    assert_eq!(after, mentions);
    let lint =
        std::process::Command::new(env!("CARGO_BIN_EXE_corpus-lsp")).arg("lint").arg(dir.path()).output().unwrap();
    assert!(
        lint.status.success(),
        "{}{}",
        String::from_utf8_lossy(&lint.stdout),
        String::from_utf8_lossy(&lint.stderr)
    );
}

#[test]
fn document_highlights() {
    let ws = workspace();
    let mut server = start(&ws);
    let a = ws.uri("a.txt");
    let got = server.request("textDocument/documentHighlight", at(&a, pos(A_TXT, "[Wang Yi]", 0, 1)));
    let ranges: Vec<Value> = got.as_array().unwrap().iter().map(|h| h["range"].clone()).collect();
    assert_eq!(ranges, [range(A_TXT, "[the minister]{wang-yi}", 0), range(A_TXT, "[Wang Yi]{wang-yi}", 0)]);
    // A plain alias highlights the annotated mentions too.
    let got = server.request("textDocument/documentHighlight", at(&a, pos(A_TXT, "Blinken.", 0, 1)));
    assert_eq!(got.as_array().unwrap().len(), 2, "{got}");
    assert_eq!(server.request("textDocument/documentHighlight", at(&a, pos(A_TXT, "met", 0, 1))), Value::Null);
    assert!(server.shutdown().success());
}

#[test]
fn document_and_workspace_symbols() {
    let ws = workspace();
    let mut server = start(&ws);
    let a = ws.uri("a.txt");
    let got = server.request("textDocument/documentSymbol", json!({"textDocument": {"uri": a}}));
    let outline: Vec<(String, Vec<(String, usize)>)> = got
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let children = g["children"].as_array().unwrap();
            let entries = children
                .iter()
                .map(|c| (c["name"].as_str().unwrap().to_string(), c["children"].as_array().unwrap().len()))
                .collect();
            (g["name"].as_str().unwrap().to_string(), entries)
        })
        .collect();
    assert_eq!(
        outline,
        [
            ("People".to_string(), vec![("Wang Yi".to_string(), 2), ("Antony Blinken".to_string(), 2)]),
            ("Places".to_string(), vec![("Xinjiang".to_string(), 1)]),
            ("Tags".to_string(), vec![("U.S. diplomacy".to_string(), 1)]),
        ]
    );
    let wang = &got[0]["children"][0];
    assert_eq!(wang["detail"], "wang-yi");
    assert_eq!(wang["children"][0]["name"], "[the minister]{wang-yi}");
    assert_eq!(wang["children"][0]["range"], range(A_TXT, "[the minister]{wang-yi}", 0));
    assert_eq!(wang["selectionRange"], range(A_TXT, "[the minister]{wang-yi}", 0));

    // Workspace symbols: fuzzy over names, ids and aliases; located at the catalogue's id.
    let got = server.request("workspace/symbol", json!({"query": "stdept"}));
    assert_eq!(got.as_array().unwrap().len(), 1, "{got}");
    assert_eq!(got[0]["name"], "State Department");
    assert_eq!(
        got[0]["location"],
        json!({"uri": ws.uri("corpus.json"), "range": range(CATALOGUE, "\"state-department\"", 0)})
    );
    let got = server.request("workspace/symbol", json!({"query": "diplomacy"}));
    assert_eq!(got[0]["name"], "U.S. diplomacy");
    assert_eq!(got[0]["containerName"], "tag · #us-diplomacy");
    let got = server.request("workspace/symbol", json!({"query": ""}));
    assert_eq!(got.as_array().unwrap().len(), 6);
    assert!(server.shutdown().success());
}

/// Decodes semantic tokens to `(line, character, length, type, modifiers)`.
fn decode(data: &Value) -> Vec<[u64; 5]> {
    let n: Vec<u64> = data.as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    let (mut line, mut col) = (0, 0);
    n.chunks(5)
        .map(|t| {
            line += t[0];
            col = if t[0] == 0 { col + t[1] } else { t[1] };
            [line, col, t[2], t[3], t[4]]
        })
        .collect()
}

#[test]
fn semantic_tokens_full_and_range() {
    let ws = workspace();
    let (mut server, result) = start_full(&ws, Value::Null);
    let legend = &result["capabilities"]["semanticTokensProvider"]["legend"];
    let types: Vec<&str> = legend["tokenTypes"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(legend["tokenModifiers"], json!(["unknown"]));
    let ty = |name: &str| types.iter().position(|t| *t == name).unwrap() as u64;
    // A file only open in the editor: an emoji, a place, an escape in a surface, an unknown id and tag.
    let text = "😀 [the minister]{wang-yi} — [X\\]j]{xinjiang}\n[State Department]{state-department} [Z]{nobody} #human-rights #nope \\#x";
    let c = ws.uri("c.txt");
    server.open(&c, text, 1);
    server.diagnostics(&c, Some(1));
    let token = |needle: &str, nth: usize, ty: u64, unknown: u64| {
        let p = pos(text, needle, nth, 0);
        let end = pos(text, needle, nth, needle.len());
        [
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
            end["character"].as_u64().unwrap() - p["character"].as_u64().unwrap(),
            ty,
            unknown,
        ]
    };
    let expected = vec![
        token("the minister", 0, ty("variable"), 0),
        token("{wang-yi}", 0, ty("enumMember"), 0),
        token("X", 0, ty("namespace"), 0),
        token("\\]", 0, ty("regexp"), 0),
        token("j", 0, ty("namespace"), 0),
        token("{xinjiang}", 0, ty("enumMember"), 0),
        token("State Department", 0, ty("class"), 0),
        token("{state-department}", 0, ty("enumMember"), 0),
        token("Z", 0, ty("type"), 1),
        token("{nobody}", 0, ty("enumMember"), 1),
        token("#human-rights", 0, ty("decorator"), 0),
        token("#nope", 0, ty("decorator"), 1),
        token("\\#", 0, ty("regexp"), 0),
    ];
    let full = server.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": c}}));
    assert_eq!(decode(&full["data"]), expected);
    // The second line only.
    let range = json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 200}});
    let got = server.request("textDocument/semanticTokens/range", json!({"textDocument": {"uri": c}, "range": range}));
    assert_eq!(decode(&got["data"]), expected[6..]);
    assert!(server.shutdown().success());
}

#[test]
fn inlay_hints_and_their_setting() {
    let ws = workspace();
    let a = ws.uri("a.txt");
    let whole = json!({"textDocument": {"uri": a}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}});
    let mut server = start(&ws);
    let hints = server.request("textDocument/inlayHint", whole.clone());
    // `[the minister]{wang-yi}` → `: Wang Yi`; `[Blinken]` → `: Antony Blinken`; `[Wang Yi]` none.
    assert_eq!(
        hints,
        json!([
            {"position": pos(A_TXT, "[the minister]{wang-yi}", 0, "[the minister]{wang-yi}".len()), "label": ": Wang Yi"},
            {"position": pos(A_TXT, "[Blinken]{antony-blinken}", 0, "[Blinken]{antony-blinken}".len()), "label": ": Antony Blinken"},
        ])
    );
    // Off through the settings, on again.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"corpusLsp": {"inlayHints": {"enable": false}}}}),
    );
    assert_eq!(server.request("textDocument/inlayHint", whole.clone()), json!([]));
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"corpusLsp": {"inlayHints": {"enable": true}}}}),
    );
    assert_eq!(server.request("textDocument/inlayHint", whole.clone()).as_array().unwrap().len(), 2);
    assert!(server.shutdown().success());

    // Off from the start through the initialization options.
    let mut server = start_with(&ws, json!({"inlayHints": false}));
    assert_eq!(server.request("textDocument/inlayHint", whole), json!([]));
    assert!(server.shutdown().success());
}
