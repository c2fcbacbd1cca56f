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
        d.span == block.open
            && matches!(d.code, Code::UnresolvedConflict | Code::MalformedMarkup)
            && !d.fixes.is_empty()
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
        if !self.caps.apply_edit {
            return Err("this client cannot apply an edit the server asks for (`workspace.applyEdit`): choose the take from the quick fixes".into());
        }
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tower_lsp_server::ls_types::{Position, Range};

    use super::super::document::Document;
    use crate::analysis::catalogue::builtin;
    use crate::analysis::{PositionEncoding, SeverityConfig};

    fn doc(text: &str) -> Document {
        Document::new(text, 1, builtin(), SeverityConfig::default(), PositionEncoding::Utf16)
    }

    fn at(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    /// After edits that make, break, mend and remove a block, the kept
    /// blocks, diagnostics, publish and index summaries are a fresh document's.
    #[test]
    fn blocks_follow_edits() {
        let text = "[Blinken]{antony-blinken} met Wang Yi.\nSecond line.\n";
        let mut d = doc(text);
        assert!(d.conflicts().is_empty());
        let edits: [(Range, &str); 5] = [
            // A block around line 1, typed in two steps: opened (malformed), then closed.
            (Range::new(at(0, 0), at(0, 0)), "<<<<<<< a\n"),
            (Range::new(at(2, 0), at(2, 0)), "=======\nBlinken met [Wang Yi]{wang-yi}.\n>>>>>>> b\n"),
            // An edit inside a section, away from the markers.
            (Range::new(at(3, 0), at(3, 7)), "Blinken"),
            // The closer removed: malformed again.
            (Range::new(at(4, 0), at(5, 0)), ""),
            // The opener removed too: the stray separator is an error.
            (Range::new(at(0, 0), at(1, 0)), ""),
        ];
        let n = Arc::clone(&d.catalogue);
        for (range, new) in edits {
            d.apply_change(Some(range), new, PositionEncoding::Utf16);
            let fresh = Document::new(&d.text(), 1, Arc::clone(&n), SeverityConfig::default(), PositionEncoding::Utf16);
            assert_eq!(d.conflicts(), fresh.conflicts(), "{:?}", d.text());
            assert_eq!(d.conflict_diagnostics(), fresh.conflict_diagnostics());
            assert_eq!(d.lsp_diagnostics(), fresh.lsp_diagnostics());
            let mut bytes = Vec::new();
            d.write_diagnostics_json(&mut bytes);
            assert_eq!(bytes.len(), d.diagnostics_json_len());
            assert_eq!(
                serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
                serde_json::to_value(d.lsp_diagnostics()).unwrap()
            );
            assert_eq!(d.summaries(0..d.line_count()), fresh.summaries(0..fresh.line_count()));
        }
        assert!(!d.conflicts().errors.is_empty(), "{:?}", d.text());
    }

    #[test]
    fn a_complete_block_counts_its_first_section_only() {
        let d = doc(
            "<<<<<<< a\n[Blinken]{antony-blinken} met Wang Yi.\n=======\nBlinken met [Wang Yi]{wang-yi}.\n>>>>>>> b\n",
        );
        assert_eq!(d.conflicts().blocks.len(), 1);
        let summaries = d.summaries(0..d.line_count());
        assert!(summaries[0].is_empty() && summaries[2].is_empty() && summaries[4].is_empty());
        assert!(summaries[1].iter().any(|o| &*o.id == "antony-blinken"));
        assert!(summaries[3].is_empty(), "the second section is not counted");
        let all = d.lsp_diagnostics();
        let codes: Vec<&str> = all
            .iter()
            .filter_map(|d| match &d.code {
                Some(tower_lsp_server::ls_types::NumberOrString::String(s)) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        assert!(codes.contains(&"unresolved-conflict"), "{codes:?}");
    }
}
