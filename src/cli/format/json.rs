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

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::analysis::{LineIndex, PositionEncoding, Span};
use crate::cli::lint::LintOutcome;

pub fn write(out: &mut impl Write, outcome: &LintOutcome) -> io::Result<()> {
    let mut first = true;
    write!(out, "[")?;
    for file in &outcome.files {
        let index = LineIndex::new(&file.text);
        let range = |span: Span| {
            let pos = |byte: usize| {
                let lc = index.line_col(&file.text, byte, PositionEncoding::Utf32);
                json!({ "line": lc.line + 1, "column": lc.col + 1, "byte": byte })
            };
            json!({ "start": pos(span.start), "end": pos(span.end) })
        };
        for d in &file.diagnostics {
            let suggestions: Vec<Value> = d
                .fixes
                .iter()
                .map(|f| {
                    let edits: Vec<Value> =
                        f.edits.iter().map(|e| json!({ "range": range(e.span), "newText": e.new_text })).collect();
                    json!({ "title": f.title, "edits": edits })
                })
                .collect();
            let object = json!({
                "file": file.path.to_string_lossy(),
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "range": range(d.span),
                "suggestions": suggestions,
            });
            write!(out, "{}\n{object}", if first { "" } else { "," })?;
            first = false;
        }
    }
    writeln!(out, "{}]", if first { "" } else { "\n" })
}
