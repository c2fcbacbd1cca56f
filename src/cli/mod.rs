//! The command line: `serve`, `lint` (and the commands of later issues).
//!
//! The CLI reads files, calls `analysis`, formats output. Exit codes: 0 clean,
//! 1 findings, 2 usage, I/O or catalogue failure.

pub mod format;
pub mod lint;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::SeverityConfig;

#[derive(Debug, Parser)]
#[command(name = "corpus-lsp", version, about = "Language server and linter for annotated news corpora", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the language server on stdin/stdout (the default).
    Serve(ServeArgs),
    /// Check annotated files against their catalogue.
    Lint(LintArgs),
}

#[derive(Debug, Default, clap::Args)]
pub struct ServeArgs {
    /// Talk over stdin/stdout (the only transport; accepted for clients that pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Files or folders to lint [default: the corpus around the current folder].
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Override a diagnostic's severity: CODE=LEVEL, LEVEL one of off, hint, information, warning, error.
    #[arg(long = "severity", value_name = "CODE=LEVEL", value_parser = parse_severity)]
    pub severities: Vec<(String, String)>,
    /// Fail (exit 1) on warnings too, not only errors.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Colour the human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

impl LintArgs {
    /// The `--severity` overrides as a configuration layer.
    pub fn severity_overrides(&self) -> SeverityConfig {
        let mut config = SeverityConfig::default();
        for (code, level) in &self.severities {
            config.set_from_assignment(&format!("{code}={level}")).expect("checked by the argument parser");
        }
        config
    }
}

fn parse_severity(s: &str) -> Result<(String, String), String> {
    SeverityConfig::default().set_from_assignment(s)?;
    let (code, level) = s.split_once('=').expect("checked above");
    Ok((code.trim().to_string(), level.trim().to_string()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-like messages with the source line and a caret under the span.
    Human,
    /// A JSON array, one object per diagnostic (see README "lint output").
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(_) => crate::server::run(),
        Command::Lint(args) => lint::run(&args),
    }
}
