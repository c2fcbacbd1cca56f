//! Conversions between the analysis's domain results and LSP types.
//!
//! `from_proto`-side: the position encoding and the severity settings a
//! client sends. `to_proto`-side: diagnostics, hover cards, completion items
//! and code actions. Positions go through [`super::position`] only.

use std::collections::HashMap;

use serde_json::Value;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionOrCommand, CompletionItemKind, CompletionTextEdit, Documentation, HoverContents,
    MarkupContent, MarkupKind, NumberOrString, PositionEncodingKind, Uri,
};

use super::position::{Positions, line_range};
use crate::analysis::actions::Action;
use crate::analysis::catalogue::{CatalogueProblem, Kind};
use crate::analysis::completion::{CompletionItem, Completions, ItemKind};
use crate::analysis::hover::HoverCard;
use crate::analysis::inlay::InlayMode;
use crate::analysis::semantic::{Token, TokenKind};
use crate::analysis::symbols::{SymbolGroup, SymbolKind, SymbolMatch};
use crate::analysis::{Diagnostic, PositionEncoding, Severity, SeverityConfig};

pub const SOURCE: &str = "corpus-lsp";

// ---- from the client ----

/// The encoding to use: the first of the client's offered encodings that the
/// server supports (all three), in the client's order of preference; UTF-16
/// (which every client supports) when none is offered.
pub fn negotiate_encoding(offered: Option<&[PositionEncodingKind]>) -> PositionEncoding {
    offered
        .unwrap_or_default()
        .iter()
        .find_map(|k| match k.as_str() {
            "utf-8" => Some(PositionEncoding::Utf8),
            "utf-16" => Some(PositionEncoding::Utf16),
            "utf-32" => Some(PositionEncoding::Utf32),
            _ => None,
        })
        .unwrap_or(PositionEncoding::Utf16)
}

pub fn encoding_kind(encoding: PositionEncoding) -> PositionEncodingKind {
    match encoding {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// The severity levels in client settings: `{"severity": {CODE: LEVEL}}`,
/// possibly under `corpusLsp` (as `workspace/didChangeConfiguration` sends
/// them; a `corpusLsp` section without `severity` resets them). `None` when
/// the settings do not mention severities; the messages
/// are the entries that were not understood.
pub fn severity_settings(settings: &Value) -> Option<(SeverityConfig, Vec<String>)> {
    let levels = |v: Option<&Value>| match v {
        None | Some(Value::Null) => (SeverityConfig::default(), Vec::new()),
        Some(levels) => SeverityConfig::from_json(levels),
    };
    match settings.get("corpusLsp") {
        // The whole section: no `severity` in it means the defaults.
        Some(section) => Some(levels(section.get("severity"))),
        None => settings.get("severity").map(|v| levels(Some(v))),
    }
}

// ---- to the client ----

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
    }
}

fn diagnostic_at(range: lsp::Range, d: &Diagnostic) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        // `uncatalogued-name`: the guessed kind (`null` for none), for clients and scripts.
        data: d.name_kind().map(|k| serde_json::json!({ "kind": k.map(|k| k.as_str()) })),
        ..lsp::Diagnostic::default()
    }
}

/// A diagnostic whose span is relative to `line` (the content of line `line_no`).
pub fn line_diagnostic(line: &str, line_no: usize, d: &Diagnostic, enc: PositionEncoding) -> lsp::Diagnostic {
    diagnostic_at(line_range(line, line_no, d.span, enc), d)
}

/// A diagnostic whose span is relative to the whole document.
pub fn diagnostic(pos: &Positions, d: &Diagnostic) -> lsp::Diagnostic {
    diagnostic_at(pos.range(d.span), d)
}

/// A `catalog-error` on `corpus.json`.
pub fn catalogue_problem(pos: &Positions, p: &CatalogueProblem) -> lsp::Diagnostic {
    let d = Diagnostic {
        code: crate::analysis::Code::CatalogError,
        severity: p.severity,
        span: p.span,
        message: p.message.clone(),
        fixes: Vec::new(),
    };
    diagnostic(pos, &d)
}

/// Whether the client lists Markdown among the formats it renders (absent:
/// it did not say it can, so it gets plain text).
pub fn offers_markdown(formats: Option<&[MarkupKind]>) -> bool {
    formats.is_some_and(|f| f.contains(&MarkupKind::Markdown))
}

/// The text a Markdown client shows for `markdown`, for a client that renders
/// only plain text: emphasis and code marks dropped, paragraphs and breaks
/// kept, a rule as a line of `─` (parsed with `pulldown-cmark`, so a
/// catalogue description reads as it does in a Markdown client).
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Rule => out.push_str("──────────\n\n"),
            Event::Start(Tag::Item) => out.push_str("• "),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::List(_)) => {
                out.push_str("\n\n")
            }
            Event::End(TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A hover card, in Markdown when the client renders it (`contentFormat`).
pub fn hover(card: HoverCard, line: &str, line_no: usize, enc: PositionEncoding, markdown: bool) -> lsp::Hover {
    let contents = if markdown {
        MarkupContent { kind: MarkupKind::Markdown, value: card.markdown }
    } else {
        MarkupContent { kind: MarkupKind::PlainText, value: plain_text(&card.markdown) }
    };
    lsp::Hover { contents: HoverContents::Markup(contents), range: Some(line_range(line, line_no, card.span, enc)) }
}

/// What the client's `completionItem` capabilities allow.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompletionCaps {
    /// `documentationFormat` lists Markdown (else documentation is a plain string).
    pub markdown: bool,
    /// `preselectSupport` (else no item is `preselect`ed).
    pub preselect: bool,
}

/// A hover card over a document `range` (an entry of `corpus.json`), in
/// Markdown when the client renders it (`contentFormat`).
pub fn hover_markdown(markdown: String, range: lsp::Range, client_markdown: bool) -> lsp::Hover {
    let contents = if client_markdown {
        MarkupContent { kind: MarkupKind::Markdown, value: markdown }
    } else {
        MarkupContent { kind: MarkupKind::PlainText, value: plain_text(&markdown) }
    };
    lsp::Hover { contents: HoverContents::Markup(contents), range: Some(range) }
}

fn completion_kind(kind: ItemKind) -> CompletionItemKind {
    match kind {
        ItemKind::Tag => CompletionItemKind::KEYWORD,
        ItemKind::Mention(_) => CompletionItemKind::SNIPPET,
        ItemKind::Entity(Kind::Person) => CompletionItemKind::CONSTANT,
        ItemKind::Entity(Kind::Place) => CompletionItemKind::MODULE,
        ItemKind::Entity(Kind::Organization) => CompletionItemKind::CLASS,
        ItemKind::Entity(Kind::Event) => CompletionItemKind::EVENT,
        ItemKind::Entity(Kind::Document) => CompletionItemKind::FILE,
        ItemKind::Entity(Kind::Other) => CompletionItemKind::VALUE,
    }
}

fn completion_item(
    item: CompletionItem,
    line: &str,
    line_no: usize,
    enc: PositionEncoding,
    caps: CompletionCaps,
) -> lsp::CompletionItem {
    // (What the protocol defaults to is left out: `filterText` equal to the label,
    // `insertTextFormat` plain text. A completion answers up to 101 items on every
    // keystroke inside `{…}`, so each item's bytes count.)
    let filter_text = (item.filter_text != item.label).then_some(item.filter_text);
    lsp::CompletionItem {
        label: item.label,
        kind: Some(completion_kind(item.kind)),
        detail: Some(item.detail),
        preselect: (item.preselect && caps.preselect).then_some(true),
        sort_text: Some(item.sort_text),
        filter_text,
        text_edit: Some(CompletionTextEdit::Edit(lsp::TextEdit {
            range: line_range(line, line_no, item.edit.span, enc),
            new_text: item.edit.new_text,
        })),
        ..lsp::CompletionItem::default()
    }
}

/// Completion documentation (given on `completionItem/resolve`), in Markdown
/// when the client renders it (`documentationFormat`), else plain text.
pub fn completion_documentation(markdown: String, client_markdown: bool) -> Documentation {
    if client_markdown {
        Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: markdown })
    } else {
        Documentation::String(plain_text(&markdown))
    }
}

pub fn completions(
    c: Completions,
    line: &str,
    line_no: usize,
    enc: PositionEncoding,
    caps: CompletionCaps,
) -> lsp::CompletionResponse {
    lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: c.incomplete,
        items: c.items.into_iter().map(|i| completion_item(i, line, line_no, enc, caps)).collect(),
    })
}

/// The command a quick fix that adds to `corpus.json` carries, so the client
/// reveals the new entry after applying the edit (`window/showDocument`).
pub const SHOW_ENTRY_COMMAND: &str = "corpus-lsp.showEntry";

/// The `corpus.json` side of a quick fix, resolved against the governing
/// catalogue's current text.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogueEdit {
    pub uri: Uri,
    /// The open buffer's version (`None`: the file on disk).
    pub version: Option<i32>,
    /// No `corpus.json` governs the document: create this one first.
    pub create: bool,
    pub edits: Vec<lsp::TextEdit>,
    /// Where the new entry lies once the edit is applied.
    pub reveal: Option<lsp::Range>,
}

/// How the client takes workspace edits.
#[derive(Clone, Copy, Debug, Default)]
pub struct EditSupport {
    /// Versioned `documentChanges` instead of `changes`.
    pub document_changes: bool,
    /// `window/showDocument` (for [`SHOW_ENTRY_COMMAND`]).
    pub show_document: bool,
}

fn text_document_edit(uri: &Uri, version: Option<i32>, edits: Vec<lsp::TextEdit>) -> lsp::TextDocumentEdit {
    lsp::TextDocumentEdit {
        text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version },
        edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
    }
}

/// A quick fix; `fixed` are the diagnostics it fixes, already converted.
/// With `catalogue`, one workspace edit changes the document (at `version`)
/// and `corpus.json` (creating it when it does not exist), and a command
/// reveals the new entry when the client can show documents.
pub fn code_action(
    uri: &Uri,
    version: i32,
    pos: &Positions,
    action: Action,
    fixed: Vec<lsp::Diagnostic>,
    catalogue: Option<CatalogueEdit>,
    support: EditSupport,
) -> CodeActionOrCommand {
    let edits: Vec<lsp::TextEdit> =
        action.edits.iter().map(|e| lsp::TextEdit { range: pos.range(e.span), new_text: e.new_text.clone() }).collect();
    let mut command = None;
    let edit = match catalogue {
        None => lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() },
        Some(json) => {
            if support.show_document
                && let Some(range) = json.reveal
            {
                command = Some(lsp::Command {
                    title: "Show the new entry in corpus.json".into(),
                    command: SHOW_ENTRY_COMMAND.into(),
                    arguments: Some(vec![serde_json::json!(json.uri.as_str()), serde_json::json!(range)]),
                });
            }
            let document = (!edits.is_empty()).then(|| text_document_edit(uri, Some(version), edits.clone()));
            if json.create {
                let create = lsp::ResourceOp::Create(lsp::CreateFile {
                    uri: json.uri.clone(),
                    options: Some(lsp::CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) }),
                    annotation_id: None,
                });
                let mut ops = vec![
                    lsp::DocumentChangeOperation::Op(create),
                    lsp::DocumentChangeOperation::Edit(text_document_edit(&json.uri, None, json.edits)),
                ];
                ops.extend(document.map(lsp::DocumentChangeOperation::Edit));
                lsp::WorkspaceEdit {
                    document_changes: Some(lsp::DocumentChanges::Operations(ops)),
                    ..Default::default()
                }
            } else if support.document_changes {
                let mut list = vec![text_document_edit(&json.uri, json.version, json.edits)];
                list.extend(document);
                lsp::WorkspaceEdit { document_changes: Some(lsp::DocumentChanges::Edits(list)), ..Default::default() }
            } else {
                let mut changes = HashMap::from([(json.uri, json.edits)]);
                if !edits.is_empty() {
                    changes.insert(uri.clone(), edits);
                }
                lsp::WorkspaceEdit { changes: Some(changes), ..Default::default() }
            }
        }
    };
    CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: action.title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(fixed),
        edit: Some(edit),
        command,
        is_preferred: action.preferred.then_some(true),
        ..lsp::CodeAction::default()
    })
}

/// The `window/showDocument` request for [`SHOW_ENTRY_COMMAND`]'s arguments
/// (`[uri, range]`), selecting the entry.
pub fn show_entry(arguments: &[Value]) -> Option<lsp::ShowDocumentParams> {
    let [uri, range] = arguments else { return None };
    let uri: Uri = uri.as_str()?.parse().ok()?;
    let range: lsp::Range = serde_json::from_value(range.clone()).ok()?;
    Some(lsp::ShowDocumentParams { uri, external: Some(false), take_focus: Some(true), selection: Some(range) })
}

pub fn location(uri: Uri, range: lsp::Range) -> lsp::Location {
    lsp::Location { uri, range }
}

pub fn text_edit(range: lsp::Range, new_text: String) -> lsp::TextEdit {
    lsp::TextEdit { range, new_text }
}

/// Edits to several files, each file's edits in document order.
pub fn workspace_edit(mut changes: HashMap<Uri, Vec<lsp::TextEdit>>) -> lsp::WorkspaceEdit {
    for edits in changes.values_mut() {
        edits.sort_by_key(|e| (e.range.start.line, e.range.start.character));
    }
    lsp::WorkspaceEdit { changes: Some(changes), ..Default::default() }
}

/// The same edits as `documentChanges`: one versioned text document edit per
/// file (`version` gives an open document's version, `None` for a file on disk).
pub fn document_changes_edit(
    changes: HashMap<Uri, Vec<lsp::TextEdit>>,
    version: impl Fn(&Uri) -> Option<i32>,
) -> lsp::WorkspaceEdit {
    let edit = workspace_edit(changes);
    let mut files: Vec<(Uri, Vec<lsp::TextEdit>)> = edit.changes.unwrap_or_default().into_iter().collect();
    files.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    let edits = files
        .into_iter()
        .map(|(uri, edits)| lsp::TextDocumentEdit {
            text_document: lsp::OptionalVersionedTextDocumentIdentifier { version: version(&uri), uri },
            edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
        })
        .collect();
    lsp::WorkspaceEdit { document_changes: Some(lsp::DocumentChanges::Edits(edits)), ..Default::default() }
}

pub fn highlight(range: lsp::Range) -> lsp::DocumentHighlight {
    lsp::DocumentHighlight { range, kind: Some(lsp::DocumentHighlightKind::TEXT) }
}

fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Entity(Kind::Person) => lsp::SymbolKind::CONSTANT,
        SymbolKind::Entity(Kind::Place) => lsp::SymbolKind::MODULE,
        SymbolKind::Entity(Kind::Organization) => lsp::SymbolKind::CLASS,
        SymbolKind::Entity(Kind::Event) => lsp::SymbolKind::EVENT,
        SymbolKind::Entity(Kind::Document) => lsp::SymbolKind::FILE,
        SymbolKind::Entity(Kind::Other) => lsp::SymbolKind::VARIABLE,
        SymbolKind::Tag => lsp::SymbolKind::KEY,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written
fn document_symbol(
    name: String,
    detail: Option<String>,
    kind: lsp::SymbolKind,
    range: lsp::Range,
    selection_range: lsp::Range,
    children: Option<Vec<lsp::DocumentSymbol>>,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol { name, detail, kind, tags: None, deprecated: None, range, selection_range, children }
}

/// The range from the start of the first of `ranges` to the end of the last.
fn covering(ranges: impl Iterator<Item = lsp::Range>) -> Option<lsp::Range> {
    ranges.fold(None, |acc: Option<lsp::Range>, r| {
        Some(match acc {
            None => r,
            Some(a) => lsp::Range::new(a.start.min(r.start), a.end.max(r.end)),
        })
    })
}

/// The outline: a symbol per group, an entity or tag per symbol, a use per
/// child. `locate` gives the range and text of a line-relative use.
pub fn document_symbols(
    groups: Vec<SymbolGroup>,
    locate: impl Fn(usize, crate::analysis::Span) -> (lsp::Range, String),
) -> Vec<lsp::DocumentSymbol> {
    let mut out = Vec::new();
    for group in groups {
        let mut children = Vec::new();
        for symbol in group.symbols {
            let uses: Vec<lsp::DocumentSymbol> = symbol
                .uses
                .iter()
                .map(|&(line, span)| {
                    let (range, text) = locate(line, span);
                    document_symbol(text, None, symbol_kind(symbol.kind), range, range, None)
                })
                .collect();
            let Some(range) = covering(uses.iter().map(|u| u.range)) else { continue };
            let first = uses[0].range;
            children.push(document_symbol(
                symbol.name,
                Some(symbol.detail),
                symbol_kind(symbol.kind),
                range,
                first,
                Some(uses),
            ));
        }
        let Some(range) = covering(children.iter().map(|c| c.range)) else { continue };
        let first = children[0].selection_range;
        out.push(document_symbol(
            group.name.to_string(),
            None,
            lsp::SymbolKind::NAMESPACE,
            range,
            first,
            Some(children),
        ));
    }
    out
}

/// The outline of a `corpus.json`: a namespace per group, an entry per
/// entity or tag (its whole object, selecting its `"id"`).
pub fn catalogue_symbols(
    groups: Vec<(&'static str, Vec<crate::analysis::catalogue_doc::Entry>)>,
    range: impl Fn(crate::analysis::Span) -> lsp::Range,
) -> Vec<lsp::DocumentSymbol> {
    let mut out = Vec::new();
    for (name, entries) in groups {
        let children: Vec<lsp::DocumentSymbol> = entries
            .into_iter()
            .map(|e| {
                let kind = symbol_kind(e.kind);
                document_symbol(e.name, Some(e.detail), kind, range(e.span), range(e.id_span), None)
            })
            .collect();
        let Some(whole) = covering(children.iter().map(|c| c.range)) else { continue };
        let first = children[0].selection_range;
        out.push(document_symbol(name.to_string(), None, lsp::SymbolKind::NAMESPACE, whole, first, Some(children)));
    }
    out
}

/// The outline for a client without hierarchical symbols: each entity and
/// tag at its first use, its group (`person`, `tags`, …) as the container.
pub fn flat_symbols(nested: Vec<lsp::DocumentSymbol>, uri: &Uri) -> Vec<lsp::SymbolInformation> {
    let mut out = Vec::new();
    for group in nested {
        for symbol in group.children.unwrap_or_default() {
            #[allow(deprecated)] // `deprecated` is a required field of the type
            out.push(lsp::SymbolInformation {
                name: symbol.name,
                kind: symbol.kind,
                tags: None,
                deprecated: None,
                location: lsp::Location { uri: uri.clone(), range: symbol.selection_range },
                container_name: Some(group.name.clone()),
            });
        }
    }
    out
}

pub fn workspace_symbol(m: SymbolMatch, uri: Uri, range: lsp::Range) -> lsp::WorkspaceSymbol {
    let container = match m.kind {
        SymbolKind::Entity(kind) => format!("{kind} · {}", m.detail),
        SymbolKind::Tag => format!("tag · {}", m.detail),
    };
    lsp::WorkspaceSymbol {
        name: m.name,
        kind: symbol_kind(m.kind),
        tags: None,
        container_name: Some(container),
        location: lsp::OneOf::Left(lsp::Location { uri, range }),
        data: None,
    }
}

/// The semantic token types, indexed by [`token_type`].
pub const TOKEN_TYPES: [lsp::SemanticTokenType; 9] = [
    lsp::SemanticTokenType::VARIABLE,    // a person's surface
    lsp::SemanticTokenType::NAMESPACE,   // a place's
    lsp::SemanticTokenType::CLASS,       // an organization's
    lsp::SemanticTokenType::EVENT,       // an event's
    lsp::SemanticTokenType::STRING,      // a document's
    lsp::SemanticTokenType::TYPE,        // another entity's, or an unknown id's
    lsp::SemanticTokenType::ENUM_MEMBER, // `{id}`
    lsp::SemanticTokenType::DECORATOR,   // `#tag`
    lsp::SemanticTokenType::REGEXP,      // `\[` and the other escapes
];

/// The one token modifier: the id or tag is not in the catalogue.
pub const UNKNOWN_MODIFIER: &str = "unknown";

pub fn semantic_tokens_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: vec![lsp::SemanticTokenModifier::new(UNKNOWN_MODIFIER)],
    }
}

fn token_type(kind: TokenKind) -> u32 {
    match kind {
        TokenKind::Surface(Kind::Person) => 0,
        TokenKind::Surface(Kind::Place) => 1,
        TokenKind::Surface(Kind::Organization) => 2,
        TokenKind::Surface(Kind::Event) => 3,
        TokenKind::Surface(Kind::Document) => 4,
        TokenKind::Surface(Kind::Other) => 5,
        TokenKind::Id => 6,
        TokenKind::Tag => 7,
        TokenKind::Escape => 8,
    }
}

/// Tokens `(start, length in the negotiated encoding, token)`, in document
/// order, in the relative encoding of the protocol.
pub fn semantic_tokens(tokens: Vec<(lsp::Position, u32, Token)>) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut prev = lsp::Position::new(0, 0);
    for (start, length, token) in tokens {
        let delta_line = start.line - prev.line;
        let delta_start = if delta_line == 0 { start.character - prev.character } else { start.character };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: token_type(token.kind),
            token_modifiers_bitset: u32::from(token.unknown),
        });
        prev = start;
    }
    out
}

/// The one edit turning the tokens `old` into `new` (none when equal): the
/// tokens between their common prefix and suffix. `start` and `deleteCount`
/// count the protocol's integers, five per token.
pub fn semantic_tokens_edits(old: &[lsp::SemanticToken], new: &[lsp::SemanticToken]) -> Vec<lsp::SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old.iter().rev().zip(new.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
    if prefix == old.len() && old.len() == new.len() {
        return Vec::new();
    }
    vec![lsp::SemanticTokensEdit {
        start: (prefix * 5) as u32,
        delete_count: ((old.len() - prefix - suffix) * 5) as u32,
        data: Some(new[prefix..new.len() - suffix].to_vec()),
    }]
}

pub fn inlay_hint(position: lsp::Position, label: String) -> lsp::InlayHint {
    lsp::InlayHint {
        position,
        label: lsp::InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: None,
        padding_right: None,
        data: None,
    }
}

/// Which mentions get inlay hints, if `settings` say: `{"inlayHints": MODE}`
/// (initialization options) or `{"corpusLsp": {"inlayHints": MODE}}`, MODE one
/// of [`InlayMode::NAMES`]. A `corpusLsp` section without it means the
/// default; the older `true`/`false` and `{"enable": bool}` still work. `Err`
/// names a value not understood.
pub fn inlay_hints_setting(settings: &Value) -> Option<Result<InlayMode, String>> {
    let value = match settings.get("corpusLsp") {
        Some(section) => match section.get("inlayHints") {
            None | Some(Value::Null) => return Some(Ok(InlayMode::default())),
            Some(v) => v,
        },
        None => settings.get("inlayHints")?,
    };
    let on = |on: bool| if on { InlayMode::default() } else { InlayMode::Off };
    Some(match value {
        Value::String(name) => InlayMode::from_name(name).ok_or_else(|| {
            format!("inlayHints: `{name}` is not one of {}", InlayMode::NAMES.map(|n| format!("`{n}`")).join(", "))
        }),
        Value::Bool(b) => Ok(on(*b)),
        other => match other.get("enable").and_then(Value::as_bool) {
            Some(b) => Ok(on(b)),
            None => Err(format!("inlayHints: `{other}` is not one of {}", InlayMode::NAMES.join(", "))),
        },
    })
}

/// A zero-width range at the start of a text, for problems with no place.
pub fn start_range() -> lsp::Range {
    lsp::Range::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_reads_as_the_markdown_shows() {
        let md = "*`Wang` may mean any of 2 entities.*\n\n---\n\n**Wang Yi** · person · `wang-yi`\n\nChina’s *top* diplomat, \\*not\\* `x`.\n\nTags: `#us-diplomacy` (U.S. diplomacy)";
        assert_eq!(
            plain_text(md),
            "Wang may mean any of 2 entities.\n\n──────────\n\nWang Yi · person · wang-yi\n\nChina’s top diplomat, *not* x.\n\nTags: #us-diplomacy (U.S. diplomacy)"
        );
        assert_eq!(plain_text("a\nb"), "a\nb");
        assert!(offers_markdown(Some(&[MarkupKind::PlainText, MarkupKind::Markdown])));
        assert!(!offers_markdown(Some(&[MarkupKind::PlainText])));
        assert!(!offers_markdown(None));
    }

    #[test]
    fn encodings() {
        use PositionEncodingKind as K;
        let n = |v: &[K]| negotiate_encoding(Some(v));
        assert_eq!(n(&[K::UTF8, K::UTF16]), PositionEncoding::Utf8);
        assert_eq!(n(&[K::UTF16, K::UTF8]), PositionEncoding::Utf16);
        assert_eq!(n(&[K::UTF32, K::UTF16]), PositionEncoding::Utf32, "the client's first choice");
        assert_eq!(n(&[K::new("utf-7"), K::UTF16, K::UTF8]), PositionEncoding::Utf16);
        assert_eq!(n(&[K::new("latin-1")]), PositionEncoding::Utf16);
        assert_eq!(n(&[K::UTF32]), PositionEncoding::Utf32);
        assert_eq!(n(&[]), PositionEncoding::Utf16);
        assert_eq!(negotiate_encoding(None), PositionEncoding::Utf16);
    }

    #[test]
    fn a_fix_over_the_document_and_corpus_json_is_one_edit() {
        use crate::analysis::catalogue_edit::CatalogueChange;
        use crate::analysis::{Span, TextEdit};
        let rope = ropey::Rope::from_str("Met Navalny.\n");
        let pos = Positions::new(&rope, PositionEncoding::Utf16);
        let doc: Uri = "file:///c/a.txt".parse().unwrap();
        let json: Uri = "file:///c/corpus.json".parse().unwrap();
        let action = || Action {
            title: "Add".into(),
            edits: vec![TextEdit { span: Span::new(4, 11), new_text: "[Navalny]{aleksey-navalny}".into() }],
            catalogue: vec![CatalogueChange::Ignore { phrase: "x".into() }],
            fixes: vec![],
            preferred: false,
        };
        let insert = lsp::TextEdit {
            range: lsp::Range::new(lsp::Position::new(3, 4), lsp::Position::new(3, 4)),
            new_text: ",\n    {}".into(),
        };
        let reveal = Some(lsp::Range::new(lsp::Position::new(4, 4), lsp::Position::new(4, 6)));
        let catalogue = |create: bool| CatalogueEdit {
            uri: json.clone(),
            version: Some(4),
            create,
            edits: vec![insert.clone()],
            reveal,
        };
        let to_value = |a: CodeActionOrCommand| serde_json::to_value(a).unwrap();
        let both = EditSupport { document_changes: true, show_document: true };

        let versioned = to_value(code_action(&doc, 9, &pos, action(), vec![], Some(catalogue(false)), both));
        let changes = &versioned["edit"]["documentChanges"];
        assert_eq!(changes[0]["textDocument"], serde_json::json!({"uri": "file:///c/corpus.json", "version": 4}));
        assert_eq!(changes[1]["textDocument"], serde_json::json!({"uri": "file:///c/a.txt", "version": 9}));
        assert_eq!(changes[1]["edits"][0]["newText"], "[Navalny]{aleksey-navalny}");
        assert_eq!(versioned["command"]["command"], SHOW_ENTRY_COMMAND);
        assert!(versioned["edit"].get("changes").is_none());

        let plain =
            to_value(code_action(&doc, 9, &pos, action(), vec![], Some(catalogue(false)), EditSupport::default()));
        assert_eq!(
            plain["edit"]["changes"]["file:///c/a.txt"][0]["range"]["start"],
            serde_json::json!({"line": 0, "character": 4})
        );
        assert_eq!(plain["edit"]["changes"]["file:///c/corpus.json"][0]["newText"], ",\n    {}");
        assert!(plain.get("command").is_none(), "no showDocument support");

        let created = to_value(code_action(&doc, 9, &pos, action(), vec![], Some(catalogue(true)), both));
        let ops = created["edit"]["documentChanges"].as_array().unwrap();
        assert_eq!(ops.len(), 3);
        assert_eq!(ops[0]["kind"], "create");
        assert_eq!(ops[1]["textDocument"]["uri"], "file:///c/corpus.json");
        assert_eq!(ops[2]["textDocument"]["uri"], "file:///c/a.txt");

        let args = versioned["command"]["arguments"].as_array().unwrap().clone();
        let show = show_entry(&args).unwrap();
        assert_eq!((show.uri, show.selection, show.take_focus), (json, reveal, Some(true)));
        assert!(show_entry(&args[..1]).is_none());
    }

    #[test]
    fn token_edits() {
        let t = |n: u32| lsp::SemanticToken {
            delta_line: n,
            delta_start: 0,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        };
        let apply = |old: &[lsp::SemanticToken], edits: &[lsp::SemanticTokensEdit]| {
            let mut out = old.to_vec();
            for e in edits {
                let (start, count) = (e.start as usize / 5, e.delete_count as usize / 5);
                out.splice(start..start + count, e.data.clone().unwrap_or_default());
            }
            out
        };
        let cases: [(&[u32], &[u32]); 6] = [
            (&[1, 2, 3], &[1, 2, 3]),
            (&[1, 2, 3], &[1, 9, 3]),
            (&[1, 2], &[1, 2, 2]),
            (&[2, 2], &[2]),
            (&[], &[4]),
            (&[4], &[]),
        ];
        for (old, new) in cases {
            let old: Vec<_> = old.iter().map(|&n| t(n)).collect();
            let new: Vec<_> = new.iter().map(|&n| t(n)).collect();
            let edits = semantic_tokens_edits(&old, &new);
            assert_eq!(apply(&old, &edits), new);
            assert!(edits.len() <= 1);
        }
        assert!(semantic_tokens_edits(&[t(1)], &[t(1)]).is_empty());
        let e = &semantic_tokens_edits(&[t(1), t(2), t(3)], &[t(1), t(9), t(3)])[0];
        assert_eq!((e.start, e.delete_count, e.data.as_ref().unwrap().len()), (5, 5, 1));
    }

    #[test]
    fn settings() {
        let (cfg, problems) =
            severity_settings(&serde_json::json!({"corpusLsp": {"severity": {"unknown-tag": "off", "x": "y"}}}))
                .unwrap();
        assert_eq!(cfg.level(crate::analysis::Code::UnknownTag), crate::analysis::Level::Off);
        assert_eq!(problems.len(), 1);
        assert!(severity_settings(&serde_json::json!({"severity": {}})).is_some());
        assert!(severity_settings(&serde_json::json!({"other": 1})).is_none());
        let (reset, _) = severity_settings(&serde_json::json!({"corpusLsp": {}})).unwrap();
        assert_eq!(reset, SeverityConfig::default());
    }
}
