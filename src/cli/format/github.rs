//! `--format github`: GitHub Actions workflow commands, one line per
//! diagnostic, which the runner turns into annotations on the files:
//!
//! ```text
//! ::error file=seeds/a.txt,line=3,col=5,endLine=3,endColumn=12,title=unknown-entity::unknown entity …
//! ```
//!
//! Errors are `::error`, warnings `::warning`, information and hints
//! `::notice`. Lines and columns are 1-based, columns in UTF-16 code units.
//! Values are escaped as the runner requires: in the message `%` `\r` `\n`
//! become `%25` `%0D` `%0A`; in properties `:` and `,` also become `%3A` `%2C`.

use std::io::Write;

use crate::analysis::{PositionEncoding, Severity};
use crate::cli::lint::{FileResult, forward_slashes};

pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One file's workflow commands, one a line.
pub fn render(out: &mut Vec<u8>, file: &FileResult) {
    let index = file.line_index();
    let path = forward_slashes(&file.path);
    for d in &file.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "notice",
        };
        let start = index.line_col(&file.text, d.span.start, PositionEncoding::Utf16);
        let end = index.line_col(&file.text, d.span.end.max(d.span.start), PositionEncoding::Utf16);
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&path),
            start.line + 1,
            start.col + 1,
            end.line + 1,
            end.col + 1,
            escape_property(d.code.as_str()),
            escape_data(&d.message),
        )
        .expect("writing to memory");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
