//! Lint output formats. Every format's report is a frame (a header, a footer)
//! around the parts of the files with findings, in path order: a file's part is
//! made from that file alone ([`Report::render`], on the thread that linted it),
//! so `lint` writes the report as it goes and holds no file once its part is out.

mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, IsTerminal, Write};

use crate::cli::lint::FileResult;
use crate::cli::{Color, Format, LintArgs};

/// How one lint report is written: the format's frame and its per-file parts.
pub struct Report {
    format: Format,
    /// Human output in colour.
    styled: bool,
    /// Written before the first part.
    header: Vec<u8>,
    /// Between two parts (a file with findings always has a non-empty part).
    separator: &'static [u8],
    /// Before the first part, after the header.
    lead: &'static [u8],
    /// Written last when some part was written.
    footer: Vec<u8>,
    /// Written last when none was.
    empty_footer: Vec<u8>,
    /// SARIF: the indentation of a result.
    indent: String,
}

impl Report {
    pub fn new(args: &LintArgs) -> Report {
        let styled = match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        let plain = Report {
            format: args.format,
            styled,
            header: Vec::new(),
            separator: b"",
            lead: b"",
            footer: Vec::new(),
            empty_footer: Vec::new(),
            indent: String::new(),
        };
        match args.format {
            Format::Human | Format::Github => plain,
            // `[\n{…},\n{…}\n]\n`, or `[]\n`.
            Format::Json => Report {
                header: b"[".to_vec(),
                separator: b",\n",
                lead: b"\n",
                footer: b"\n]\n".to_vec(),
                empty_footer: b"]\n".to_vec(),
                ..plain
            },
            Format::Sarif => {
                let frame = sarif::Frame::new();
                Report {
                    header: frame.header.into_bytes(),
                    separator: b",\n",
                    lead: b"\n",
                    footer: frame.footer.into_bytes(),
                    empty_footer: frame.empty_footer.into_bytes(),
                    indent: frame.indent,
                    ..plain
                }
            }
        }
    }

    /// One file's part of the report (not empty when the file has diagnostics).
    pub fn render(&self, file: &FileResult) -> Vec<u8> {
        let mut out = Vec::new();
        match self.format {
            Format::Human => human::render(&mut out, file, self.styled),
            Format::Json => json::render(&mut out, file),
            Format::Sarif => sarif::render(&mut out, file, &self.indent),
            Format::Github => github::render(&mut out, file),
        }
        out
    }

    /// A writer of this report to `out`; nothing is written before the first call.
    pub fn writer<W: Write>(&self, out: W) -> ReportWriter<'_, W> {
        ReportWriter { report: self, out, started: false, parts: 0 }
    }
}

/// Writes a [`Report`]: the header, then each part as it is given, then the footer.
pub struct ReportWriter<'a, W: Write> {
    report: &'a Report,
    out: W,
    started: bool,
    parts: usize,
}

impl<W: Write> ReportWriter<'_, W> {
    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            self.out.write_all(&self.report.header)?;
        }
        Ok(())
    }

    /// Writes the next file's part (an empty part is skipped).
    pub fn part(&mut self, part: &[u8]) -> io::Result<()> {
        self.start()?;
        if part.is_empty() {
            return Ok(());
        }
        self.out.write_all(if self.parts == 0 { self.report.lead } else { self.report.separator })?;
        self.parts += 1;
        self.out.write_all(part)
    }

    /// Writes the footer and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        self.start()?;
        let footer = if self.parts == 0 { &self.report.empty_footer } else { &self.report.footer };
        self.out.write_all(footer)?;
        self.out.flush()
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
    pub fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.hints += other.hints;
    }

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
