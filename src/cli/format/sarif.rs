//! `--format sarif`: one SARIF 2.1.0 log for GitHub code scanning.
//!
//! One run; the driver lists every diagnostic code as a rule (id = the code,
//! descriptions from [`Code::help`], default level from the code's default
//! severity). Each result has the file as a URI relative to the current
//! folder (`uriBaseId: %SRCROOT%`, forward slashes, percent-encoded) and a
//! region with 1-based lines and 1-based columns in UTF-16 code units, SARIF's
//! default (`columnKind: utf16CodeUnits`, stated on the run). Quick fixes
//! become `fixes` with replacements in the same units.

use std::path::Path;

use serde_json::{Value, json};

use crate::analysis::{Code, Level, PositionEncoding, Severity, Span};
use crate::cli::lint::{FileResult, forward_slashes};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "none",
        Level::Hint | Level::Information => "note",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Hint | Severity::Information => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

fn rule(code: Code) -> Value {
    json!({
        "id": code.as_str(),
        "name": code.as_str(),
        "shortDescription": { "text": code.help() },
        "fullDescription": { "text": code.help() },
        "help": {
            "text": format!("{} (diagnostic `{}` of corpus-lsp; its severity is set per code in corpus.json or with --severity {}=LEVEL)", code.help(), code.as_str(), code.as_str()),
        },
        "defaultConfiguration": { "level": level_name(code.default_level()) },
    })
}

/// Percent-encodes what may not stand in a URI path.
fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The artifact location: relative to `%SRCROOT%` (the current folder) when
/// the file lies under it, else an absolute `file://` URI.
fn artifact_location(path: &Path) -> Value {
    let cwd = std::env::current_dir().ok();
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = if path.is_relative() && !path.starts_with("..") {
        Some(path.to_path_buf())
    } else {
        cwd.as_deref().and_then(|c| abs.strip_prefix(c).ok()).map(Path::to_path_buf)
    };
    match relative {
        Some(rel) => json!({ "uri": encode_uri_path(&forward_slashes(&rel)), "uriBaseId": SRCROOT }),
        None => json!({ "uri": format!("file://{}", encode_uri_path(&absolute_uri_path(&abs))) }),
    }
}

fn absolute_uri_path(abs: &Path) -> String {
    let p = forward_slashes(abs);
    if p.starts_with('/') { p } else { format!("/{p}") }
}

/// A file's results, in the order of its diagnostics.
fn results(file: &FileResult) -> Vec<Value> {
    let index = file.line_index();
    let location = artifact_location(&file.path);
    let region = |span: Span| {
        let start = index.line_col(&file.text, span.start, PositionEncoding::Utf16);
        let end = index.line_col(&file.text, span.end.max(span.start), PositionEncoding::Utf16);
        json!({
            "startLine": start.line + 1,
            "startColumn": start.col + 1,
            "endLine": end.line + 1,
            "endColumn": end.col + 1,
        })
    };
    let mut results = Vec::new();
    for d in &file.diagnostics {
        // A fix that also changes corpus.json cannot be told as replacements in this file.
        let fixes: Vec<Value> = d
            .fixes
            .iter()
            .filter(|f| f.catalogue.is_empty() && !f.edits.is_empty())
            .map(|f| {
                let replacements: Vec<Value> = f
                    .edits
                    .iter()
                    .map(|e| json!({ "deletedRegion": region(e.span), "insertedContent": { "text": e.new_text } }))
                    .collect();
                json!({
                    "description": { "text": f.title },
                    "artifactChanges": [{ "artifactLocation": location, "replacements": replacements }],
                })
            })
            .collect();
        let mut result = json!({
            "ruleId": d.code.as_str(),
            "ruleIndex": Code::ALL.iter().position(|&c| c == d.code).expect("every code is a rule"),
            "level": severity_name(d.severity),
            "message": { "text": d.message },
            "locations": [{ "physicalLocation": { "artifactLocation": location, "region": region(d.span) } }],
        });
        if !fixes.is_empty() {
            result["fixes"] = Value::Array(fixes);
        }
        results.push(result);
    }
    results
}

/// The whole log around `results` (the run's `results` array).
fn log(results: Value) -> Value {
    let mut driver = json!({
        "name": "corpus-lsp",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": Code::ALL.iter().map(|&c| rule(c)).collect::<Vec<_>>(),
    });
    let uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")].into_iter().find(|u| !u.is_empty());
    if let Some(uri) = uri {
        driver["informationUri"] = json!(uri);
    }
    let mut run = json!({
        "tool": { "driver": driver },
        "columnKind": "utf16CodeUnits",
        "results": results,
    });
    if let Ok(cwd) = std::env::current_dir() {
        let mut root = encode_uri_path(&absolute_uri_path(&cwd));
        if !root.ends_with('/') {
            root.push('/');
        }
        run["originalUriBaseIds"] = json!({ SRCROOT: { "uri": format!("file://{root}") } });
    }
    json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] })
}

/// The log pretty-printed around its `results`, cut where they go, so the
/// results can be written one file at a time: the report is `header`, then
/// either `empty_footer` or `\n`, the results (each indented by `indent`)
/// separated by `,\n`, and `footer`; byte for byte what pretty-printing the
/// whole log gives.
pub struct Frame {
    pub header: String,
    pub footer: String,
    pub empty_footer: String,
    /// The indentation of a result in the `results` array.
    pub indent: String,
}

impl Frame {
    pub fn new() -> Frame {
        const MARK: &str = "corpus-lsp: the results go here";
        let text = serde_json::to_string_pretty(&log(json!(MARK))).expect("serialising to memory");
        let quoted = format!("\"{MARK}\"");
        let (before, after) = text.split_once(&quoted).expect("the mark is in the log");
        let line_indent = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
        let line_indent = &line_indent[..line_indent.len() - line_indent.trim_start().len()];
        Frame {
            header: format!("{before}["),
            footer: format!("\n{line_indent}]{after}\n"),
            empty_footer: format!("]{after}\n"),
            indent: format!("{line_indent}  "),
        }
    }
}

/// One file's results, pretty-printed at their place in the log (`indent`
/// before each line), separated by `,\n`.
pub fn render(out: &mut Vec<u8>, file: &FileResult, indent: &str) {
    for (i, result) in results(file).iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        let text = serde_json::to_string_pretty(result).expect("serialising to memory");
        // A JSON string holds no raw line break: every one is between tokens.
        for (j, line) in text.split('\n').enumerate() {
            if j > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(indent.as_bytes());
            out.extend_from_slice(line.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(encode_uri_path("seeds/a b/é#1.txt"), "seeds/a%20b/%C3%A9%231.txt");
        assert_eq!(artifact_location(Path::new("seeds/a.txt"))["uri"], "seeds/a.txt");
        assert_eq!(artifact_location(Path::new("./seeds/a.txt"))["uri"], "seeds/a.txt");
    }

    /// The report written file by file in its frame, as `lint` streams it.
    fn streamed(files: &[FileResult]) -> String {
        let frame = Frame::new();
        let mut out = frame.header.clone().into_bytes();
        let parts: Vec<Vec<u8>> = files
            .iter()
            .map(|f| {
                let mut part = Vec::new();
                render(&mut part, f, &frame.indent);
                part
            })
            .filter(|p| !p.is_empty())
            .collect();
        for (i, part) in parts.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            out.extend_from_slice(part);
        }
        out.extend_from_slice(if parts.is_empty() { &frame.empty_footer } else { &frame.footer }.as_bytes());
        String::from_utf8(out).unwrap()
    }

    /// The whole log built at once and pretty-printed.
    fn whole(files: &[FileResult]) -> String {
        let all: Vec<Value> = files.iter().flat_map(results).collect();
        let mut text = serde_json::to_string_pretty(&log(Value::Array(all))).unwrap();
        text.push('\n');
        text
    }

    #[test]
    fn streamed_log_is_the_whole_log() {
        use crate::analysis::{Diagnostic, Fix, TextEdit};
        let diagnostic = |code, start, end, fixes| Diagnostic {
            code,
            severity: Severity::Warning,
            span: Span { start, end },
            message: "a \"quoted\"\nmessage".into(),
            fixes,
        };
        let a = FileResult {
            path: "a b/é.txt".into(),
            text: "[Blinken]{x} \u{1F600} met\nline two".into(),
            lines: None,
            diagnostics: vec![
                diagnostic(
                    Code::UnknownEntity,
                    0,
                    12,
                    vec![Fix::replace("Change to `y`", Span { start: 10, end: 11 }, "y")],
                ),
                diagnostic(
                    Code::UnannotatedMention,
                    13,
                    21,
                    vec![Fix::edits(
                        "Two edits",
                        vec![
                            TextEdit { span: Span { start: 13, end: 13 }, new_text: "[".into() },
                            TextEdit { span: Span { start: 21, end: 21 }, new_text: "]{z}".into() },
                        ],
                    )],
                ),
            ],
        };
        let clean = FileResult { path: "c.txt".into(), text: "clean".into(), diagnostics: Vec::new(), lines: None };
        let b = FileResult {
            path: "/abs/b.txt".into(),
            text: "x".into(),
            diagnostics: vec![diagnostic(Code::UnknownTag, 0, 1, Vec::new())],
            lines: None,
        };
        for files in [vec![], vec![clean], vec![a, b]] {
            assert_eq!(streamed(&files), whole(&files));
        }
    }
}
