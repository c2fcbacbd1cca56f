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
use crate::analysis::semantic::{Token, TokenKind};
use crate::analysis::symbols::{SymbolGroup, SymbolKind, SymbolMatch};
use crate::analysis::{Diagnostic, PositionEncoding, Severity, SeverityConfig};

pub const SOURCE: &str = "corpus-lsp";

// ---- from the client ----

/// The encoding to use: UTF-8 when the client offers it, else UTF-16 (which
/// every client supports), unless UTF-32 is the only other one offered.
pub fn negotiate_encoding(offered: Option<&[PositionEncodingKind]>) -> PositionEncoding {
    let offered = offered.unwrap_or_default();
    let has = |k: &PositionEncodingKind| offered.iter().any(|o| o == k);
    if has(&PositionEncodingKind::UTF8) {
        PositionEncoding::Utf8
    } else if has(&PositionEncodingKind::UTF16) || !has(&PositionEncodingKind::UTF32) {
        PositionEncoding::Utf16
    } else {
        PositionEncoding::Utf32
    }
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
    let documentation = if caps.markdown {
        Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: item.documentation })
    } else {
        Documentation::String(plain_text(&item.documentation))
    };
    lsp::CompletionItem {
        label: item.label,
        kind: Some(completion_kind(item.kind)),
        detail: Some(item.detail),
        documentation: Some(documentation),
        preselect: (item.preselect && caps.preselect).then_some(true),
        sort_text: Some(item.sort_text),
        filter_text: Some(item.filter_text),
        insert_text_format: Some(lsp::InsertTextFormat::PLAIN_TEXT),
        text_edit: Some(CompletionTextEdit::Edit(lsp::TextEdit {
            range: line_range(line, line_no, item.edit.span, enc),
            new_text: item.edit.new_text,
        })),
        ..lsp::CompletionItem::default()
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

/// A quick fix; `fixed` are the diagnostics it fixes, already converted.
pub fn code_action(uri: &Uri, pos: &Positions, action: Action, fixed: Vec<lsp::Diagnostic>) -> CodeActionOrCommand {
    let edits =
        action.edits.iter().map(|e| lsp::TextEdit { range: pos.range(e.span), new_text: e.new_text.clone() }).collect();
    CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title: action.title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(fixed),
        edit: Some(lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..Default::default() }),
        is_preferred: action.preferred.then_some(true),
        ..lsp::CodeAction::default()
    })
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

/// Whether inlay hints are on, if `settings` say: `{"inlayHints": bool}`
/// (initialization options) or `{"corpusLsp": {"inlayHints": {"enable": bool}}}`.
pub fn inlay_hints_setting(settings: &Value) -> Option<bool> {
    let section = settings.get("corpusLsp").unwrap_or(settings);
    match section.get("inlayHints")? {
        Value::Bool(on) => Some(*on),
        other => other.get("enable")?.as_bool(),
    }
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
        assert_eq!(n(&[K::UTF16, K::UTF8]), PositionEncoding::Utf8);
        assert_eq!(n(&[K::UTF32, K::UTF16]), PositionEncoding::Utf16);
        assert_eq!(n(&[K::UTF32]), PositionEncoding::Utf32);
        assert_eq!(n(&[]), PositionEncoding::Utf16);
        assert_eq!(negotiate_encoding(None), PositionEncoding::Utf16);
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
