//! `corpus-lsp candidates [PATH...] [--format table|json] [--min-count N]`:
//! the proper names in the corpus that no catalogue entry covers
//! (`analysis::candidates`), grouped across files, most occurrences first.
//!
//! Exit codes: 0 when it ran (whatever it found), 2 on usage or I/O errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::analysis::Catalogue;
use crate::analysis::PositionEncoding;
use crate::analysis::candidates::{Candidate, Sighting, corpus_candidates, text_candidates};
use crate::analysis::line_index::encode_col;
use crate::cli::lint::{collect_files, default_root};
use crate::cli::stats::table;
use crate::workspace::{Catalogues, read_text};

/// How many occurrences of a candidate the JSON lists.
const OCCURRENCES_SHOWN: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CandidatesFormat {
    /// An aligned table: name, kind, count, documents, variants.
    Table,
    /// A JSON array (see the manual, "Growing the catalogue").
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CandidatesArgs {
    /// Files or folders [default: the corpus around the current folder].
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = CandidatesFormat::Table)]
    pub format: CandidatesFormat,
    /// Only candidates seen at least this many times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: usize,
}

/// The grouped candidates, and each document's file name and text, in
/// document order (for the occurrences' lines and columns).
pub struct Found {
    pub candidates: Vec<Candidate>,
    pub files: Vec<(String, String)>,
}

/// A file read and searched: its name, its text, its candidates.
type Analysed = (String, String, Vec<Sighting>);

/// Candidates across `paths`, each file against its governing catalogue (or
/// `fixed` for all, as `init` does with the empty catalogue it writes).
pub fn find(paths: &[PathBuf], fixed: Option<&Catalogue>) -> (Found, Vec<String>) {
    let mut catalogues = Catalogues::default();
    let (files, mut failures) = collect_files(paths, &mut catalogues);
    let jobs: Vec<_> = files.iter().map(|f| (f, catalogues.for_file(&f.path))).collect();
    let results: Vec<Result<Analysed, String>> = jobs
        .par_iter()
        .map(|(file, cat)| {
            let catalogue = match fixed {
                Some(c) => c,
                None => cat.catalogue.as_deref().ok_or_else(|| {
                    let at = cat.path.as_ref().map_or_else(|| "the catalogue".into(), |p| p.display().to_string());
                    format!("{}: {at} has errors (run `corpus-lsp lint`)", file.path.display())
                })?,
            };
            let text = read_text(&file.path).map_err(|e| format!("{}: {e}", file.path.display()))?;
            let sightings = text_candidates(&text, catalogue);
            Ok((file.path.display().to_string(), text, sightings))
        })
        .collect();
    let mut names = Vec::new();
    let mut all = Vec::new();
    for r in results {
        match r {
            Ok((name, text, sightings)) => {
                let doc = names.len();
                names.push((name, text));
                all.extend(sightings.into_iter().map(|s| (doc, s)));
            }
            Err(e) => failures.push(e),
        }
    }
    let candidates = corpus_candidates(all, names.iter().map(|(_, t)| t.as_str()));
    (Found { candidates, files: names }, failures)
}

pub fn to_json(found: &Found, min_count: usize) -> Value {
    let rows: Vec<Value> = found
        .candidates
        .iter()
        .filter(|c| c.occurrences.len() >= min_count)
        .map(|c| {
            let occurrences: Vec<Value> = c
                .occurrences
                .iter()
                .take(OCCURRENCES_SHOWN)
                .map(|o| {
                    let (file, text) = &found.files[o.document];
                    let line = crate::analysis::document::lines(text).nth(o.line).map_or("", |(_, l)| l);
                    let column = encode_col(line, o.span.start, PositionEncoding::Utf32) + 1;
                    json!({ "file": file, "line": o.line + 1, "column": column })
                })
                .collect();
            json!({
                "name": c.name, "kind": c.kind.as_str(), "count": c.occurrences.len(),
                "documents": c.documents, "variants": c.variants, "occurrences": occurrences,
            })
        })
        .collect();
    Value::Array(rows)
}

pub fn to_table(found: &Found, min_count: usize) -> String {
    let rows: Vec<Vec<String>> = found
        .candidates
        .iter()
        .filter(|c| c.occurrences.len() >= min_count)
        .map(|c| {
            vec![
                c.name.clone(),
                c.kind.as_str().to_string(),
                c.occurrences.len().to_string(),
                c.documents.to_string(),
                c.variants.join(", "),
            ]
        })
        .collect();
    let mut out = format!("{} candidates in {} documents\n\n", rows.len(), found.files.len());
    if !rows.is_empty() {
        // The variants column, left-aligned and last, is appended after the table's own columns.
        let head: Vec<Vec<String>> = rows.iter().map(|r| r[..4].to_vec()).collect();
        let t = table(&["name", "kind", "count", "documents"], &head);
        for (i, line) in t.lines().enumerate() {
            out.push_str(line);
            match i {
                0 => out.push_str("  variants"),
                1 => out.push_str("  --------"),
                n if !rows[n - 2][4].is_empty() => {
                    out.push_str("  ");
                    out.push_str(&rows[n - 2][4]);
                }
                _ => {}
            }
            out.push('\n');
        }
    }
    out
}

pub fn run(args: &CandidatesArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let (found, failures) = find(&paths, None);
    let text = match args.format {
        CandidatesFormat::Table => to_table(&found, args.min_count),
        CandidatesFormat::Json => format!("{:#}\n", to_json(&found, args.min_count)),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    for f in &failures {
        eprintln!("error: {f}");
    }
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}
