//! Conflict blocks in the server: the takes as quick fixes anywhere in a
//! block, a code lens per take over the `<<<<<<<` line, and the command the
//! lenses run (`corpus-lsp.takeSection`, answered with `workspace/applyEdit`).
//! The blocks and their diagnostics come from `analysis::conflict`, kept by
//! the document store (`document.rs`).

use std::collections::HashMap;
use std::ops::RangeInclusive;

use serde_json::{Value, json};
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::document::Document;
use super::position::Positions;
use super::proto;
use super::state::State;
use crate::analysis::conflict::{self, Block};
use crate::analysis::{Code, Diagnostic};

/// The command of a take's code lens: `[uri, version, line of <<<<<<<, title]`.
pub const TAKE_COMMAND: &str = "corpus-lsp.takeSection";

/// The block's own diagnostic (`unresolved-conflict`, or `malformed-markup`
/// when its versions' texts differ), which carries its takes.
fn block_diagnostic<'d>(doc: &'d Document, block: &Block) -> Option<&'d Diagnostic> {
    doc.conflict_diagnostics().iter().find(|d| {
        d.span == block.open && matches!(d.code, Code::UnresolvedConflict | Code::MalformedMarkup) && !d.fixes.is_empty()
    })
}

/// Adds, for each block with a line in `lines`, its diagnostic (with the
/// takes as fixes) to `at` and its LSP form to `shown`, so the takes are
/// offered wherever the cursor is in the block.
pub fn fixes_at(
    doc: &Document,
    pos: &Positions,
    lines: RangeInclusive<usize>,
    at: &mut Vec<Diagnostic>,
    shown: &mut Vec<lsp::Diagnostic>,
) {
    for block in &doc.conflicts().blocks {
        let (first, last) = (block.lines.start, block.lines.end - 1);
        if first > *lines.end() || last < *lines.start() {
            continue;
        }
        if let Some(d) = block_diagnostic(doc, block) {
            shown.push(proto::diagnostic(pos, d));
            at.push(d.clone());
        }
    }
}

impl State {
    /// A lens per take over each block's `<<<<<<<` line of an open corpus
    /// document (empty for any other).
    pub fn conflict_lenses(&self, uri: &Uri) -> Vec<lsp::CodeLens> {
        let Some(open) = self.docs.get(uri) else { return Vec::new() };
        let doc = &open.doc;
        let pos = Positions::new(&doc.rope, self.encoding);
        let mut out = Vec::new();
        for block in &doc.conflicts().blocks {
            let Some(d) = block_diagnostic(doc, block) else { continue };
            let range = pos.range(block.open);
            out.extend(d.fixes.iter().map(|fix| lsp::CodeLens {
                range,
                command: Some(lsp::Command {
                    title: fix.title.clone(),
                    command: TAKE_COMMAND.into(),
                    arguments: Some(vec![
                        json!(uri.as_str()),
                        json!(doc.version),
                        json!(block.lines.start),
                        json!(fix.title),
                    ]),
                }),
                data: None,
            }));
        }
        out
    }

    /// The edit of a take lens's arguments, or why not (an unknown document,
    /// a version or block that has changed since the lens was made).
    pub fn take_edit(&self, arguments: &[Value]) -> Result<lsp::WorkspaceEdit, String> {
        let (Some(uri), Some(version), Some(line), Some(title)) = (
            arguments.first().and_then(Value::as_str).and_then(|u| u.parse::<Uri>().ok()),
            arguments.get(1).and_then(Value::as_i64),
            arguments.get(2).and_then(Value::as_u64),
            arguments.get(3).and_then(Value::as_str),
        ) else {
            return Err(format!("`{TAKE_COMMAND}` takes a URI, a version, a line and a take's title"));
        };
        let Some(open) = self.docs.get(&uri) else { return Err(format!("{} is not open", uri.as_str())) };
        let doc = &open.doc;
        if i64::from(doc.version) != version {
            return Err("the document changed since the lens was made; choose the take again".into());
        }
        let block = doc.conflicts().blocks.iter().find(|b| b.lines.start as u64 == line);
        let Some(block) = block else { return Err(format!("no conflict block opens on line {}", line + 1)) };
        let text = doc.text();
        let Some(take) = conflict::takes(&text, block).into_iter().find(|t| t.title == title) else {
            return Err(format!("the block offers no “{title}”"));
        };
        let pos = Positions::new(&doc.rope, self.encoding);
        let edit = lsp::TextEdit { range: pos.range(block.span), new_text: take.new_text };
        Ok(if self.caps.document_changes {
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: Some(doc.version) },
                    edits: vec![lsp::OneOf::Left(edit)],
                }])),
                ..Default::default()
            }
        } else {
            lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri, vec![edit])])), ..Default::default() }
        })
    }
}
