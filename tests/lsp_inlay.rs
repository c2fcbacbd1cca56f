//! Inlay hints end to end: the `inlayHints` setting (`first-in-paragraph`,
//! `all`, `off`) through `initializationOptions`, through
//! `workspace/didChangeConfiguration`, and through a `workspace/configuration`
//! pull, with the real binary on a seed-like paragraph.

mod support;

use serde_json::{Value, json};
use support::{Server, Workspace, utf16_col};

const CATALOGUE: &str = r#"{
  "include": ["**/*.txt"],
  "entities": [
    { "id": "united-states", "name": "United States", "kind": "place", "aliases": ["US", "U.S."] },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["the minister"] }
  ],
  "tags": []
}"#;

/// Two paragraphs (lines). Curly quotes, an em dash, an emoji outside the BMP.
const TEXT: &str = "“The [US]{united-states} must stop,” said [the minister]{wang-yi} — 😀 the [U.S.]{united-states} \
said [Wang Yi]{wang-yi} and [the minister]{wang-yi} were wrong about the [US]{united-states}.\n\
[Wang Yi]{wang-yi} left; [the minister]{wang-yi} flew home, the [US]{united-states} said.\n";

/// The hints as `(line, the mention the hint follows, label)`.
fn shown(hints: &Value) -> Vec<(u64, String, String)> {
    let lines: Vec<&str> = TEXT.lines().collect();
    hints
        .as_array()
        .unwrap_or_else(|| panic!("hints: {hints}"))
        .iter()
        .map(|h| {
            let line = h["position"]["line"].as_u64().unwrap();
            let text = lines[line as usize];
            let character = h["position"]["character"].as_u64().unwrap() as u32;
            let at = (0..=text.len()).find(|&i| text.is_char_boundary(i) && utf16_col(text, i) == character).unwrap();
            let mention = &text[text[..at].rfind('[').unwrap()..at];
            (line, mention.to_owned(), h["label"].as_str().unwrap().to_owned())
        })
        .collect()
}

fn hint(line: u64, mention: &str, label: &str) -> (u64, String, String) {
    (line, mention.to_owned(), label.to_owned())
}

/// The first mention of each entity per paragraph, when it does not spell the name.
fn first_in_paragraph() -> Vec<(u64, String, String)> {
    vec![
        hint(0, "[US]{united-states}", ": United States"),
        hint(0, "[the minister]{wang-yi}", ": Wang Yi"),
        hint(1, "[US]{united-states}", ": United States"),
    ]
}

/// Every mention that does not spell the name.
fn all() -> Vec<(u64, String, String)> {
    vec![
        hint(0, "[US]{united-states}", ": United States"),
        hint(0, "[the minister]{wang-yi}", ": Wang Yi"),
        hint(0, "[U.S.]{united-states}", ": United States"),
        hint(0, "[the minister]{wang-yi}", ": Wang Yi"),
        hint(0, "[US]{united-states}", ": United States"),
        hint(1, "[the minister]{wang-yi}", ": Wang Yi"),
        hint(1, "[US]{united-states}", ": United States"),
    ]
}

/// A server on a workspace holding `a.txt`, opened, with `options` as
/// `initializationOptions` and a client that pulls configuration and
/// refreshes inlay hints.
fn start(ws: &Workspace, options: Value) -> Server {
    let mut server = Server::start();
    server.initialize(json!({
        "rootUri": ws.root_uri(),
        "workspaceFolders": [{"uri": ws.root_uri(), "name": "corpus"}],
        "initializationOptions": options,
        "capabilities": {
            "window": {"workDoneProgress": true},
            "workspace": {"configuration": true, "inlayHint": {"refreshSupport": true}}
        }
    }));
    server.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = ws.uri("a.txt");
    server.open(&uri, TEXT, 1);
    server.diagnostics(&uri, Some(1));
    server
}

fn hints(server: &mut Server, ws: &Workspace) -> Vec<(u64, String, String)> {
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}});
    shown(&server.request("textDocument/inlayHint", json!({"textDocument": {"uri": ws.uri("a.txt")}, "range": whole})))
}

/// Waits for the server's `workspace/inlayHint/refresh`: the sign a new setting is in force.
fn refreshed(server: &mut Server) {
    server.wait_for("an inlay hint refresh", |m| m["method"] == "workspace/inlayHint/refresh" && m.get("id").is_some());
}

fn workspace() -> Workspace {
    Workspace::new(CATALOGUE, &[("a.txt", TEXT)])
}

#[test]
fn the_default_names_the_first_mention_in_each_paragraph() {
    let ws = workspace();
    let mut server = start(&ws, Value::Null);
    assert_eq!(hints(&mut server, &ws), first_in_paragraph());
    // The second paragraph alone: its own first mentions.
    let second = json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 200}});
    let got =
        server.request("textDocument/inlayHint", json!({"textDocument": {"uri": ws.uri("a.txt")}, "range": second}));
    assert_eq!(shown(&got), first_in_paragraph()[2..]);
    assert!(server.shutdown().success());
}

#[test]
fn each_value_in_the_initialization_options() {
    let ws = workspace();
    for (options, expected) in [
        (json!({"inlayHints": "first-in-paragraph"}), first_in_paragraph()),
        (json!({"inlayHints": "all"}), all()),
        (json!({"inlayHints": "off"}), vec![]),
        // As `corpusLsp` settings too (what some clients pass).
        (json!({"corpusLsp": {"inlayHints": "all"}}), all()),
    ] {
        let mut server = start(&ws, options.clone());
        assert_eq!(hints(&mut server, &ws), expected, "{options}");
        assert!(server.shutdown().success());
    }
}

#[test]
fn a_configuration_change_takes_effect() {
    let ws = workspace();
    let mut server = start(&ws, json!({"inlayHints": "off"}));
    assert_eq!(hints(&mut server, &ws), []);
    for (value, expected) in [("all", all()), ("first-in-paragraph", first_in_paragraph()), ("off", vec![])] {
        server.notify("workspace/didChangeConfiguration", json!({"settings": {"corpusLsp": {"inlayHints": value}}}));
        refreshed(&mut server);
        assert_eq!(hints(&mut server, &ws), expected, "{value}");
    }
    // The whole section as VS Code sends it (every corpusLsp.* key).
    let vscode = json!({"inlayHints": "all", "severity": {"unknown-entity": "warning"}, "server": {"path": null}, "trace": {"server": "off"}});
    server.notify("workspace/didChangeConfiguration", json!({"settings": {"corpusLsp": vscode}}));
    refreshed(&mut server);
    assert_eq!(hints(&mut server, &ws), all());
    // The whole section without the setting: back to the default.
    server.notify("workspace/didChangeConfiguration", json!({"settings": {"corpusLsp": {}}}));
    refreshed(&mut server);
    assert_eq!(hints(&mut server, &ws), first_in_paragraph());
    assert!(server.shutdown().success());
}

#[test]
fn a_pulled_configuration_takes_effect() {
    let ws = workspace();
    let mut server = start(&ws, Value::Null);
    // A change with no settings in it: the server asks for the `corpusLsp` section.
    server.set_configuration(json!({"inlayHints": "all"}));
    server.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    let asked = server.wait_for("a configuration request", |m| m["method"] == "workspace/configuration");
    assert_eq!(asked["params"]["items"][0]["section"], "corpusLsp");
    refreshed(&mut server);
    assert_eq!(hints(&mut server, &ws), all());
    assert!(server.shutdown().success());
}

#[test]
fn a_value_not_understood_is_reported_and_changes_nothing() {
    let ws = workspace();
    let mut server = start(&ws, json!({"inlayHints": "all"}));
    server.notify("workspace/didChangeConfiguration", json!({"settings": {"corpusLsp": {"inlayHints": "sometimes"}}}));
    let message = server.wait_for("a warning", |m| m["method"] == "window/showMessage");
    let text = message["params"]["message"].as_str().unwrap();
    assert!(text.contains("`sometimes`") && text.contains("first-in-paragraph"), "{text}");
    assert_eq!(hints(&mut server, &ws), all());
    assert!(server.shutdown().success());
}

/// The editors' configurations offer the setting with the server's values and
/// default, and send it (the real-editor tests, `editors/test/nvim-inlay.lua`
/// and `emacs-inlay.el`, check that it reaches the server).
#[test]
fn the_editors_configurations_carry_the_setting() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let names = corpus_lsp::analysis::inlay::InlayMode::NAMES;

    // VS Code: a contributed enum setting, sent in initializationOptions and
    // (synchronize.configurationSection) in every configuration change.
    let package: Value = serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    let setting = &package["contributes"]["configuration"]["properties"]["corpusLsp.inlayHints"];
    assert_eq!(setting["enum"], json!(names), "{setting}");
    assert_eq!(setting["default"], "first-in-paragraph");
    assert!(package["contributes"]["configuration"]["properties"].get("corpusLsp.inlayHints.enable").is_none());
    let extension = read("editors/vscode/src/extension.ts");
    assert!(extension.contains("inlayHints: config.get<string>('inlayHints')"), "initializationOptions");
    assert!(extension.contains("synchronize: { configurationSection: SECTION }"), "changes sent");

    // Neovim: the default in init_options and in settings.corpusLsp.
    let nvim = read("editors/nvim/lsp/corpus_lsp.lua");
    assert!(nvim.contains("init_options = { inlayHints = 'first-in-paragraph' }"), "{nvim}");
    assert!(nvim.contains("settings = { corpusLsp = { inlayHints = 'first-in-paragraph' } }"), "{nvim}");

    // Emacs: a defcustom over the same values, sent as :inlayHints.
    let emacs = read("editors/emacs/corpus-lsp.el");
    assert!(emacs.contains(r#"(defconst corpus-lsp--inlay-modes '("first-in-paragraph" "all" "off")"#));
    assert!(emacs.contains(r#"(defcustom corpus-lsp-inlay-hints "first-in-paragraph""#));
    assert!(emacs.contains(":inlayHints (corpus-lsp--inlay-mode)"));
}
