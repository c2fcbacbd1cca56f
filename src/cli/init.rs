//! `corpus-lsp init [DIR] [--from-candidates] [--force]`: a starter
//! `DIR/corpus.json` (`$schema`, `include`, empty `entities`, `tags` and
//! `ignore`), optionally filled with the candidate names found in DIR's
//! articles (`corpus-lsp candidates`), for an annotator to prune. Refuses to
//! replace an existing `corpus.json` without `--force`. Written atomically.
//!
//! Exit codes: 0 written, 2 refused, usage or I/O errors.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};

use crate::analysis::Catalogue;
use crate::analysis::candidates::Candidate;
use crate::analysis::document::new_entity_id;
use crate::cli::candidates;
use crate::cli::write::write_atomic;
use crate::workspace::CATALOGUE_FILE;

/// The published id of the catalogue's schema (`schemas/corpus.schema.json`).
pub const SCHEMA_ID: &str = "https://corpus-lsp.dev/schemas/corpus.schema.json";

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to write `corpus.json` in (created if needed) [default: the current folder].
    pub dir: Option<PathBuf>,
    /// Fill `entities` with the candidate names found in the folder's articles.
    #[arg(long)]
    pub from_candidates: bool,
    /// Replace an existing `corpus.json`.
    #[arg(long)]
    pub force: bool,
}

/// The text of a starter `corpus.json`: `$schema`, `include`, the given
/// entities, empty `tags` and `ignore`.
/// Returns the text and the number of entities.
pub fn starter_catalogue(candidates: &[Candidate]) -> (String, usize) {
    let empty = Catalogue::default();
    let mut taken: Vec<String> = Vec::new();
    // Names and aliases already given: a surface shared by two entries would be ambiguous.
    let mut surfaces: HashSet<String> = candidates.iter().map(|c| c.name.clone()).collect();
    let entities: Vec<Value> = candidates
        .iter()
        .filter_map(|c| {
            // Unique ids among the new entries too.
            let base = new_entity_id(&c.name, &empty)?;
            let id = std::iter::once(base.clone())
                .chain((2..).map(|n| format!("{base}-{n}")))
                .find(|id| !taken.contains(id))
                .expect("an unused id");
            taken.push(id.clone());
            let mut aliases = c.aliases();
            aliases.retain(|a| a != &c.name && surfaces.insert(a.clone()));
            Some(json!({ "id": id, "name": c.name, "kind": c.kind.as_str(), "aliases": aliases }))
        })
        .collect();
    let doc = json!({
        "$schema": SCHEMA_ID,
        "include": [crate::analysis::catalogue::DEFAULT_INCLUDE],
        "entities": &entities,
        "tags": [],
        "ignore": [],
    });
    (format!("{doc:#}\n"), entities.len())
}

pub fn init(args: &InitArgs) -> ExitCode {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let target = dir.join(CATALOGUE_FILE);
    if target.exists() && !args.force {
        eprintln!("error: {} exists already; `--force` replaces it", target.display());
        return ExitCode::from(2);
    }
    if dir.exists() && !dir.is_dir() {
        eprintln!("error: {} is not a folder", dir.display());
        return ExitCode::from(2);
    }
    let candidates = if args.from_candidates && dir.is_dir() {
        // The new catalogue is empty: every name in the articles is a candidate.
        let (found, failures) = candidates::find(std::slice::from_ref(&dir), Some(&Catalogue::default()));
        if !failures.is_empty() {
            for f in &failures {
                eprintln!("error: {f}");
            }
            return ExitCode::from(2);
        }
        found.candidates
    } else {
        Vec::new()
    };
    let (text, entities) = starter_catalogue(&candidates);
    if let Err(e) = write_atomic(&target, text.as_bytes()) {
        eprintln!("error: writing {}: {e}", target.display());
        return ExitCode::from(2);
    }
    eprintln!("wrote {} with {entities} entities", target.display());
    ExitCode::SUCCESS
}
