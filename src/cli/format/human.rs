//! rustc-like output: `error[code]: message`, `--> file:line:col`, the source
//! line and a caret under the span (by `annotate-snippets`).

use std::io::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::analysis::Severity;
use crate::cli::lint::FileResult;

/// One file's messages, each followed by an empty line.
pub fn render(out: &mut Vec<u8>, file: &FileResult, styled: bool) {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Ascii);
    let index = file.line_index();
    let path = file.path.display().to_string();
    for d in &file.diagnostics {
        let line_no = index.line_of(d.span.start);
        let (line_start, line) = index.line(&file.text, line_no);
        // The snippet is the diagnostic's line; a span running past it is cut at its end.
        let start = d.span.start - line_start;
        let end = (d.span.end - line_start).min(line.len()).max(start);
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Information => Level::INFO,
            Severity::Hint => Level::NOTE.with_name("hint"),
        };
        let label = d.fixes.first().map(|f| f.title.clone());
        let annotation = AnnotationKind::Primary.span(start..end);
        let annotation = match label {
            Some(l) => annotation.label(format!("help: {l}")),
            None => annotation,
        };
        let report = &[level
            .primary_title(d.message.as_str())
            .id(d.code.as_str())
            .element(Snippet::source(line).line_start(line_no + 1).path(path.as_str()).annotation(annotation))];
        writeln!(out, "{}\n", renderer.render(report)).expect("writing to memory");
    }
}
