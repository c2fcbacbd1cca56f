//! The command line: `serve`, `lint`, `export`, `import`, `annotate`, `stats`,
//! `agree`, `report`, `candidates`, `init`.
//!
//! The CLI reads files, calls `analysis`, formats output. Exit codes: 0 clean,
//! 1 findings, 2 usage, I/O or catalogue failure.

pub mod adjudicate;
pub mod agree;
pub mod annotate;
pub mod cache;
pub mod candidates;
pub mod conflicted;
pub mod corpus;
pub mod export;
pub mod format;
pub mod import;
pub mod init;
pub mod interchange;
pub mod link;
pub mod lint;
pub mod report;
pub mod stats;
pub mod write;

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
    /// Write the annotations in an interchange format, over the text with the markup removed.
    #[command(long_about = export::LONG_ABOUT)]
    Export(export::ExportArgs),
    /// Turn span files (JSONL, brat, INCEpTION XMI, Label Studio JSON) into annotated text.
    #[command(long_about = import::LONG_ABOUT)]
    Import(import::ImportArgs),
    /// Pre-annotate: wrap every unambiguous catalogued alias in plain text as a mention.
    Annotate(annotate::AnnotateArgs),
    /// Per entity and tag: annotated mentions, plain alias occurrences, coverage, documents.
    Stats(stats::StatsArgs),
    /// Inter-annotator agreement between two annotated versions: span P/R/F1, token kappa, tags.
    #[command(long_about = agree::LONG_ABOUT)]
    Agree(agree::AgreeArgs),
    /// One gold version from several: what all agree on written once, the rest as conflict blocks.
    #[command(long_about = adjudicate::LONG_ABOUT)]
    Adjudicate(adjudicate::AdjudicateArgs),
    /// A static HTML view of the annotated corpus: documents, entities, charts.
    Report(report::ReportArgs),
    /// Proper names in the text that no catalogue entry covers, ranked, with a kind guess.
    Candidates(candidates::CandidatesArgs),
    /// Write a starter corpus.json (optionally filled with the candidate names found).
    Init(init::InitArgs),
    /// Wikidata ids for the catalogue's entities, ranked offline from a KB file or a Wikidata dump.
    #[command(long_about = link::LONG_ABOUT)]
    Link(link::LinkArgs),
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
    /// Lint only shard K of N (1-based): a stable partition of the files by
    /// the hash of their path under the folder given, for a CI matrix.
    #[arg(long, value_name = "K/N", value_parser = lint::Shard::parse)]
    pub shard: Option<lint::Shard>,
    /// Never read or write the catalogue cache (see the manual, "Linting and CI").
    #[arg(long)]
    pub no_cache: bool,
    /// Say on stderr what the catalogue cache did.
    #[arg(long)]
    pub verbose: bool,
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
    /// A JSON array, one object per diagnostic (see the manual, "Linting and CI").
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (columns in UTF-16 code units).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
    Github,
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
        Command::Export(args) => export::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Annotate(args) => annotate::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Agree(args) => agree::run(&args),
        Command::Adjudicate(args) => adjudicate::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Candidates(args) => candidates::run(&args),
        Command::Init(args) => init::init(&args),
        Command::Link(args) => link::run(&args),
    }
}
