//! Lint output formats. Each writes the whole outcome to `out`.

mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};

use crate::cli::lint::LintOutcome;
use crate::cli::{Format, LintArgs};

pub fn write(out: &mut impl Write, outcome: &LintOutcome, args: &LintArgs) -> io::Result<()> {
    match args.format {
        Format::Human => human::write(out, outcome, args.color),
        Format::Json => json::write(out, outcome),
        Format::Sarif => sarif::write(out, outcome),
        Format::Github => github::write(out, outcome),
    }
}

/// The format's per-file rendering, when it makes its report file by file
/// (the report is then those parts in order: see `lint::lint_rendered`).
pub fn render(args: &LintArgs) -> Option<crate::cli::lint::Render> {
    match args.format {
        Format::Json => Some(json::file_objects),
        Format::Human | Format::Sarif | Format::Github => None,
    }
}

/// Diagnostics by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
}

impl Counts {
    pub fn summary(&self, files: usize) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "linted {}: {}, {}, {}, {}",
            plural(files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info"),
            plural(self.hints, "hint"),
        )
    }
}
