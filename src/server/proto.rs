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

pub fn hover(card: HoverCard, line: &str, line_no: usize, enc: PositionEncoding) -> lsp::Hover {
    lsp::Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: card.markdown }),
        range: Some(line_range(line, line_no, card.span, enc)),
    }
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

fn completion_item(item: CompletionItem, line: &str, line_no: usize, enc: PositionEncoding) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: item.label,
        kind: Some(completion_kind(item.kind)),
        detail: Some(item.detail),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: item.documentation,
        })),
        preselect: item.preselect.then_some(true),
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

pub fn completions(c: Completions, line: &str, line_no: usize, enc: PositionEncoding) -> lsp::CompletionResponse {
    lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: c.incomplete,
        items: c.items.into_iter().map(|i| completion_item(i, line, line_no, enc)).collect(),
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

/// A zero-width range at the start of a text, for problems with no place.
pub fn start_range() -> lsp::Range {
    lsp::Range::default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
