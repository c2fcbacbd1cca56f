//! Linking in the editor, through the real binary: with `"kb"` in
//! `corpus.json` (or the `corpusLsp.kb` setting), an entity entry without an
//! id gets "Link to Q… — label (description)" actions for its best three
//! candidates, whose `WorkspaceEdit` inserts the id and nothing else; an
//! entry with an id gets none; `"wikidata": "` completes ids by label.

mod support;

use corpus_lsp::analysis::Catalogue;
use serde_json::{Value, json};
use support::{Server, Workspace};

/// One entry a line, with a curly quote and an emoji before the entries.
const CATALOGUE: &str = r#"{
  "kb": "kb/kb.jsonl",
  "entities": [
    { "id": "china", "name": "China", "kind": "place", "aliases": ["People’s Republic of China"], "description": "Host 😀 of the talks." },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["Foreign Minister Wang Yi"], "description": "China’s Foreign Minister." },
    { "id": "beijing", "name": "Beijing", "kind": "place", "wikidata": "Q956" }
  ],
  "tags": []
}
"#;

fn kb() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kb/kb.jsonl")).unwrap()
}

fn workspace(catalogue: &str) -> Workspace {
    Workspace::new(catalogue, &[("a.txt", "[Wang Yi]{wang-yi} in [China]{china}.\n"), ("kb/kb.jsonl", &kb())])
}

/// The line holding `needle` and the UTF-16 column after it.
fn position_after(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap() + needle.len();
    let line = text[..at].matches('\n').count() as u32;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].encode_utf16().count() as u32)
}

fn actions(server: &mut Server, uri: &str, (line, character): (u32, u32)) -> Vec<Value> {
    let result = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}},
            "context": {"diagnostics": []}
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

/// `text` with the single insertion of `edit` (a `TextEdit` on one line).
fn apply(text: &str, edit: &Value) -> String {
    let (line, character) = (
        edit["range"]["start"]["line"].as_u64().unwrap() as usize,
        edit["range"]["start"]["character"].as_u64().unwrap(),
    );
    assert_eq!(edit["range"]["start"], edit["range"]["end"], "an insertion");
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    let mut at = start;
    for c in text[start..].chars() {
        if units >= character {
            break;
        }
        units += c.len_utf16() as u64;
        at += c.len_utf8();
    }
    let mut out = text.to_string();
    out.insert_str(at, edit["newText"].as_str().unwrap());
    out
}

fn edit_of(action: &Value, uri: &str) -> Value {
    let edit = &action["edit"];
    if let Some(changes) = edit.get("changes") {
        let list = changes[uri].as_array().unwrap();
        assert_eq!(list.len(), 1);
        return list[0].clone();
    }
    let docs = edit["documentChanges"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["textDocument"]["uri"], uri);
    docs[0]["edits"][0].clone()
}

#[test]
fn link_actions_and_wikidata_completion() {
    let ws = workspace(CATALOGUE);
    let uri = ws.uri("corpus.json");
    let mut server = Server::start();
    server.initialize(json!({"rootUri": ws.root_uri()}));
    server.open(&uri, CATALOGUE, 1);

    // On the Wang Yi entry: the diplomat first, then the footballer.
    let found = actions(&mut server, &uri, position_after(CATALOGUE, r#"{ "id": "wang-y"#));
    let titles: Vec<&str> = found.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Link to Q1501226 — Wang Yi (Chinese politician and diplomat, Minister of Foreign Affairs)",
            "Link to Q8011734 — Wang Yi (Chinese footballer)"
        ]
    );
    let edit = edit_of(&found[0], &uri);
    let linked = apply(CATALOGUE, &edit);
    assert_eq!(linked.replacen(r#", "wikidata": "Q1501226""#, "", 1), CATALOGUE, "only inserted");
    let catalogue = Catalogue::parse(&linked);
    assert_eq!(catalogue.problems, []);
    assert_eq!(catalogue.catalogue.unwrap().entity("wang-yi").unwrap().wikidata_id(), Some("Q1501226"));
    // The server wrote nothing.
    assert_eq!(std::fs::read_to_string(ws.path("corpus.json")).unwrap(), CATALOGUE);

    // On China (after the emoji, UTF-16 columns): the country, then the two towns.
    let found = actions(&mut server, &uri, position_after(CATALOGUE, "Host 😀 of"));
    let titles: Vec<&str> = found.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles[0].starts_with("Link to Q148 — People's Republic of China (country in East Asia)"), "{titles:?}");
    let linked = apply(CATALOGUE, &edit_of(&found[0], &uri));
    assert!(linked.contains(r#""description": "Host 😀 of the talks.", "wikidata": "Q148" }"#), "{linked}");

    // An entry with an id, or outside every entry: nothing.
    assert!(actions(&mut server, &uri, position_after(CATALOGUE, r#""id": "beij"#)).is_empty());
    assert!(actions(&mut server, &uri, (1, 3)).is_empty());

    // Typing `"wikidata": "` in the China entry: its candidates, the country first.
    let typing = CATALOGUE.replacen(r#"of the talks." }"#, r#"of the talks.", "wikidata": "" }"#, 1);
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typing}]}),
    );
    let (line, character) = position_after(&typing, r#""wikidata": ""#);
    let list = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let items = list["items"].as_array().cloned().unwrap_or_default();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels.first(), Some(&"Q148 — People's Republic of China"), "{labels:?}");
    assert!(labels.contains(&"Q1068530 — China"), "{labels:?}");
    assert_eq!(items[0]["textEdit"]["newText"], "Q148");
    assert_eq!(items[0]["detail"], "country in East Asia");

    // By what is typed: a label's start.
    let typing = typing.replacen(r#""wikidata": """#, r#""wikidata": "Bei""#, 1);
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": typing}]}),
    );
    let (line, character) = position_after(&typing, r#""wikidata": "Bei"#);
    let list = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    );
    let items = list["items"].as_array().cloned().unwrap_or_default();
    let beijing = items.iter().find(|i| i["textEdit"]["newText"] == "Q956").expect("Beijing by its label");
    assert_eq!(beijing["textEdit"]["range"]["start"]["character"].as_u64().unwrap() + 3, character as u64);
    server.shutdown();
}

#[test]
fn the_setting_names_the_kb_when_corpus_json_does_not() {
    let catalogue = CATALOGUE.replacen("  \"kb\": \"kb/kb.jsonl\",\n", "", 1);
    let ws = workspace(&catalogue);
    let uri = ws.uri("corpus.json");
    let at = position_after(&catalogue, r#"{ "id": "wang-y"#);

    // Without a KB: no action.
    let mut server = Server::start();
    server.initialize(json!({"rootUri": ws.root_uri()}));
    server.open(&uri, &catalogue, 1);
    assert!(actions(&mut server, &uri, at).is_empty());
    server.shutdown();

    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "ws"}],
        "initializationOptions": {"corpusLsp": {"kb": "kb/kb.jsonl"}}
    }));
    server.open(&uri, &catalogue, 1);
    let found = actions(&mut server, &uri, at);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0]["title"].as_str().unwrap().starts_with("Link to Q1501226"));
    server.shutdown();
}
