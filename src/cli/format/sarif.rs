//! `--format sarif`: one SARIF 2.1.0 log for GitHub code scanning.
//!
//! One run; the driver lists every diagnostic code as a rule (id = the code,
//! descriptions from [`Code::help`], default level from the code's default
//! severity). Each result has the file as a URI relative to the current
//! folder (`uriBaseId: %SRCROOT%`, forward slashes, percent-encoded) and a
//! region with 1-based lines and 1-based columns in UTF-16 code units, SARIF's
//! default (`columnKind: utf16CodeUnits`, stated on the run). Quick fixes
//! become `fixes` with replacements in the same units.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use crate::analysis::{Code, Level, LineIndex, PositionEncoding, Severity, Span};
use crate::cli::lint::{LintOutcome, forward_slashes};

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

pub fn write(out: &mut impl Write, outcome: &LintOutcome) -> io::Result<()> {
    let mut results = Vec::new();
    for file in &outcome.files {
        let index = LineIndex::new(&file.text);
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
    }
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
    let log = json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
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
}
