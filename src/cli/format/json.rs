//! `--format json`: a JSON array with one object per diagnostic, one object a
//! line. The shape is documented in README.md ("Lint output") and stable:
//!
//! ```json
//! {"file": "seeds/a.txt", "code": "unknown-entity", "severity": "error",
//!  "message": "…", "range": {"start": POS, "end": POS},
//!  "suggestions": [{"title": "…", "edits": [{"range": {…}, "newText": "…"}]}]}
//! ```
//! where `POS` is `{"line": 1-based, "column": 1-based in Unicode scalar
//! values, "byte": 0-based byte offset in the file}`.

use std::borrow::Cow;
use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{LineIndex, PositionEncoding, Span};
use crate::cli::lint::{FileResult, LintOutcome};

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
}

/// One file's objects, each on its own line preceded by `,\n` (the caller drops the first comma).
pub(crate) fn file_objects(file: &FileResult) -> Vec<u8> {
    let index = LineIndex::new(&file.text);
    let path = file.path.to_string_lossy();
    let pos = |byte: usize| {
        let lc = index.line_col(&file.text, byte, PositionEncoding::Utf32);
        Pos { line: lc.line + 1, column: lc.col + 1, byte }
    };
    let range = |span: Span| Range { start: pos(span.start), end: pos(span.end) };
    let mut out = Vec::new();
    for d in &file.diagnostics {
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
        };
        out.extend_from_slice(b",\n");
        serde_json::to_writer(&mut out, &object).expect("serialising to memory");
    }
    out
}

pub fn write(out: &mut impl Write, outcome: &LintOutcome) -> io::Result<()> {
    // Files are formatted side by side (or were, as they were linted), then written in order.
    let chunks: Vec<Cow<[u8]>> = outcome
        .files
        .par_iter()
        .map(|f| f.rendered.as_deref().map_or_else(|| Cow::Owned(file_objects(f)), Cow::Borrowed))
        .collect();
    write!(out, "[")?;
    let mut first = true;
    for chunk in &chunks {
        if chunk.is_empty() {
            continue;
        }
        out.write_all(if first { &chunk[1..] } else { chunk })?;
        first = false;
    }
    writeln!(out, "{}]", if first { "" } else { "\n" })
}
