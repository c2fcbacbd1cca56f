//! The server answers in what the client said it can take: a client that
//! renders only plain text gets plain-text hover cards and completion
//! documentation, one without `preselectSupport` no preselected item, one
//! without code-action literals no code actions, one without hierarchical
//! symbols a flat outline. (The third-party view of the same is the pytest-lsp
//! suite in `tests/python/conformance`.)

mod support;

use serde_json::{Value, json};
use support::{Server, Workspace};

const CATALOGUE: &str = r#"{
  "entities": [
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person",
      "description": "China’s *top* diplomat.", "aliases": ["Wang"], "tags": ["us-diplomacy"] },
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"] }
  ],
  "tags": [{ "id": "us-diplomacy", "label": "U.S. diplomacy" }]
}"#;

const TEXT: &str = "“Talks” — [Wang Yi]{wang-yi} met [Blinken]{antony-blinkn}. [Wang]{\n";

/// A server on a one-file workspace for a client whose `textDocument`
/// capabilities are `text_document` (null: none at all).
fn start(text_document: Value) -> (Server, Workspace, String) {
    let ws = Workspace::new(CATALOGUE, &[("a.txt", TEXT)]);
    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "capabilities": {"textDocument": text_document, "general": {"positionEncodings": ["utf-8"]}}
    }));
    let uri = ws.uri("a.txt");
    server.open(&uri, TEXT, 1);
    server.diagnostics(&uri, Some(1));
    (server, ws, uri)
}

fn plain_client() -> Value {
    json!({
        "hover": {"contentFormat": ["plaintext"]},
        "completion": {"completionItem": {"documentationFormat": ["plaintext"], "preselectSupport": false}},
        "codeAction": {"codeActionLiteralSupport": null, "isPreferredSupport": false},
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": false}
    })
}

fn at(needle: &str) -> Value {
    json!({"line": 0, "character": TEXT.find(needle).unwrap()})
}

fn check_plain_client(mut server: Server, uri: &str) {
    let hover = server.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at("Yi]")}));
    assert_eq!(hover["contents"]["kind"], "plaintext", "{hover}");
    let card = hover["contents"]["value"].as_str().unwrap();
    assert!(card.starts_with("Wang Yi · person · wang-yi\n\nChina’s top diplomat.\n\nAliases: “Wang”"), "{card}");
    assert!(card.contains("Tags: #us-diplomacy (U.S. diplomacy)"), "{card}");
    assert!(!card.contains('`') && !card.contains('*'), "{card}");

    let end = json!({"line": 0, "character": TEXT.trim_end().len()});
    let list = server.request("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": end}));
    let items = list["items"].as_array().unwrap();
    assert_eq!(items[0]["label"], "wang-yi", "the surface's owner first, as always");
    assert!(items.iter().all(|i| i.get("preselect").is_none()), "no preselect: {list}");
    // Documentation comes on resolve.
    let resolved = server.request("completionItem/resolve", items[0].clone());
    let doc = resolved["documentation"].as_str().expect("documentation as a plain string");
    assert!(doc.starts_with("Wang Yi · person · wang-yi"), "{doc}");

    let unknown = at("antony-blinkn");
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": unknown, "end": unknown}, "context": {"diagnostics": []}}),
    );
    assert_eq!(actions, Value::Null, "no code action literals for this client");

    let symbols = server.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let symbols = symbols.as_array().unwrap();
    assert!(!symbols.is_empty());
    for s in symbols {
        assert!(s.get("children").is_none() && s["location"]["uri"] == uri, "flat SymbolInformation: {s}");
    }
    let wang = symbols.iter().find(|s| s["name"] == "Wang Yi").expect("Wang Yi in the outline");
    assert_eq!(wang["containerName"], "People");
    assert_eq!(wang["location"]["range"]["start"], at("[Wang Yi]"), "at its first use");
    assert!(server.shutdown().success());
}

#[test]
fn a_plain_text_client_gets_plain_text_and_no_preselect() {
    let (server, _ws, uri) = start(plain_client());
    check_plain_client(server, &uri);
}

#[test]
fn a_client_that_states_nothing_gets_the_plainest_answers() {
    let (server, _ws, uri) = start(Value::Null);
    check_plain_client(server, &uri);
}

#[test]
fn an_editor_gets_markdown_preselect_actions_and_a_tree() {
    let (mut server, _ws, uri) = start(support::editor_text_document());
    let hover = server.request("textDocument/hover", json!({"textDocument": {"uri": &uri}, "position": at("Yi]")}));
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(hover["contents"]["value"].as_str().unwrap().starts_with("**Wang Yi** · person · `wang-yi`"));
    let end = json!({"line": 0, "character": TEXT.trim_end().len()});
    let list = server.request("textDocument/completion", json!({"textDocument": {"uri": &uri}, "position": end}));
    assert_eq!(list["items"][0]["preselect"], true);
    let resolved = server.request("completionItem/resolve", list["items"][0].clone());
    assert_eq!(resolved["documentation"]["kind"], "markdown");
    let unknown = at("antony-blinkn");
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": &uri}, "range": {"start": unknown, "end": unknown}, "context": {"diagnostics": []}}),
    );
    assert!(actions.as_array().is_some_and(|a| !a.is_empty()), "{actions}");
    assert_eq!(actions[0]["isPreferred"], true, "{actions}");
    // The same editor without `isPreferredSupport`: the same action, not marked.
    let mut caps = support::editor_text_document();
    caps["codeAction"]["isPreferredSupport"] = json!(false);
    let (mut other, _ws2, uri2) = start(caps);
    let plain = other.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": &uri2}, "range": {"start": unknown, "end": unknown}, "context": {"diagnostics": []}}),
    );
    assert_eq!(plain[0]["title"], actions[0]["title"]);
    assert!(plain[0].get("isPreferred").is_none(), "{plain}");
    assert!(other.shutdown().success());
    let symbols = server.request("textDocument/documentSymbol", json!({"textDocument": {"uri": &uri}}));
    assert!(symbols[0]["children"].is_array(), "{symbols}");
    assert!(server.shutdown().success());
}
