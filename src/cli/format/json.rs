//! `--format json`: a JSON array with one object per diagnostic, one object a
//! line. The shape is documented in the manual (docs/src/ci.md) and stable:
//!
//! ```json
//! {"file": "seeds/a.txt", "code": "unknown-entity", "severity": "error",
//!  "message": "…", "range": {"start": POS, "end": POS},
//!  "suggestions": [{"title": "…", "edits": [{"range": {…}, "newText": "…"}]}]}
//! ```
//! where `POS` is `{"line": 1-based, "column": 1-based in Unicode scalar
//! values, "byte": 0-based byte offset in the file}`. An `uncatalogued-name`
//! object also has `"kind"`: the kind guessed for the name (`"person"`,
//! `"place"`, …) or `null` when nothing points to one.

use serde::Serialize;

use crate::analysis::{PositionEncoding, Span};
use crate::cli::lint::FileResult;

#[derive(Serialize)]
struct Pos {
    line: u32,
    column: u32,
    byte: usize,
}

#[derive(Serialize)]
struct Range {
    start: Pos,
    end: Pos,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Edit<'a> {
    range: Range,
    new_text: &'a str,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    title: &'a str,
    edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
struct Object<'a> {
    file: &'a str,
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    range: Range,
    suggestions: Vec<Suggestion<'a>>,
    /// `uncatalogued-name` only: the guessed kind, or `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<Option<&'static str>>,
}

/// One file's objects, one a line, separated by `,\n` (the frame, `[` … `\n]`, is
/// the [`Report`](super::Report)'s).
pub fn render(out: &mut Vec<u8>, file: &FileResult) {
    let index = file.line_index();
    let path = file.path.to_string_lossy();
    // Diagnostics come in order: each column counted on from the last one asked.
    let last = std::cell::Cell::new((usize::MAX, 0, 0));
    let pos = |byte: usize| {
        let mut at = last.get();
        let lc = index.line_col_after(&file.text, byte, PositionEncoding::Utf32, &mut at);
        last.set(at);
        Pos { line: lc.line + 1, column: lc.col + 1, byte }
    };
    let range = |span: Span| Range { start: pos(span.start), end: pos(span.end) };
    for (i, d) in file.diagnostics.iter().enumerate() {
        // Only the fixes that edit this file alone (not those that also change corpus.json).
        let suggestions = d
            .fixes
            .iter()
            .filter(|f| f.catalogue.is_empty())
            .map(|f| Suggestion {
                title: &f.title,
                edits: f.edits.iter().map(|e| Edit { range: range(e.span), new_text: &e.new_text }).collect(),
            })
            .collect();
        let object = Object {
            file: &path,
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            message: &d.message,
            range: range(d.span),
            suggestions,
            kind: d.name_kind().map(|k| k.map(|k| k.as_str())),
        };
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut *out, &object).expect("serialising to memory");
    }
}
