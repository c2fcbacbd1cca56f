//! `corpus-lsp stats [PATH...] [--format table|json]`: per entity, the
//! annotated mentions, the plain alias occurrences (not annotated), the
//! coverage (annotated / (annotated + plain)) and the documents that mention
//! it either way; per tag, its uses, the paragraphs it labels and the documents.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::{Value, json};

use crate::cli::corpus::Corpus;
use crate::cli::lint::default_root;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// An aligned table.
    Table,
    /// One JSON object: `documents`, `entities`, `tags`.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Files or folders [default: the corpus around the current folder].
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// List every catalogued entity and tag, also those never mentioned.
    #[arg(long)]
    pub all: bool,
}

pub use crate::cli::corpus::{EntityStats, Stats, TagStats};

/// The counts for the files under `paths`, and the files that failed.
pub fn collect(paths: &[PathBuf], all: bool) -> (Stats, Vec<String>) {
    let corpus = Corpus::load(paths);
    (corpus.stats(all), corpus.failures)
}

pub fn sorted_entities(stats: &Stats) -> Vec<(&String, &EntityStats)> {
    let mut rows: Vec<_> = stats.entities.iter().collect();
    rows.sort_by(|a, b| (b.1.annotated + b.1.plain).cmp(&(a.1.annotated + a.1.plain)).then(a.0.cmp(b.0)));
    rows
}

pub fn sorted_tags(stats: &Stats) -> Vec<(&String, &TagStats)> {
    let mut rows: Vec<_> = stats.tags.iter().collect();
    rows.sort_by(|a, b| b.1.uses.cmp(&a.1.uses).then(a.0.cmp(b.0)));
    rows
}

pub fn to_json(stats: &Stats) -> Value {
    let entities: Vec<Value> = sorted_entities(stats)
        .into_iter()
        .map(|(id, e)| {
            json!({
                "id": id, "name": e.name, "kind": e.kind, "annotated": e.annotated, "plain": e.plain,
                "coverage": e.coverage().map(|c| (c * 10.0).round() / 10.0), "documents": e.documents.len(),
            })
        })
        .collect();
    let tags: Vec<Value> = sorted_tags(stats)
        .into_iter()
        .map(|(id, t)| {
            json!({
                "id": id, "label": t.label, "known": t.known, "uses": t.uses,
                "paragraphs": t.paragraphs.len(), "documents": t.documents.len(),
            })
        })
        .collect();
    json!({ "documents": stats.documents, "entities": entities, "tags": tags })
}

/// Rows as an aligned table: the first column left-aligned, the others right.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let width =
        |i: usize| rows.iter().map(|r| r[i].chars().count()).chain([header[i].chars().count()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i == 0 {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    out.push_str(&line(&rule));
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

pub fn to_table(stats: &Stats) -> String {
    let rows: Vec<Vec<String>> = sorted_entities(stats)
        .into_iter()
        .map(|(id, e)| {
            vec![
                id.clone(),
                e.kind.unwrap_or("(unknown)").to_string(),
                e.annotated.to_string(),
                e.plain.to_string(),
                e.coverage().map_or("-".into(), |c| format!("{c:.1}%")),
                e.documents.len().to_string(),
            ]
        })
        .collect();
    let mut out = format!("{} documents\n\n", stats.documents);
    out.push_str(&table(&["entity", "kind", "annotated", "plain", "coverage", "documents"], &rows));
    let rows: Vec<Vec<String>> = sorted_tags(stats)
        .into_iter()
        .map(|(id, t)| {
            vec![
                if t.known { id.clone() } else { format!("{id} (unknown)") },
                t.uses.to_string(),
                t.paragraphs.len().to_string(),
                t.documents.len().to_string(),
            ]
        })
        .collect();
    out.push('\n');
    out.push_str(&table(&["tag", "uses", "paragraphs", "documents"], &rows));
    out
}

pub fn run(args: &StatsArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let (stats, failures) = collect(&paths, args.all);
    let text = match args.format {
        StatsFormat::Table => to_table(&stats),
        StatsFormat::Json => format!("{:#}\n", to_json(&stats)),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    for f in &failures {
        eprintln!("error: {f}");
    }
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned() {
        let t = table(&["entity", "n"], &[vec!["wang-yi".into(), "3".into()], vec!["xi".into(), "12".into()]]);
        assert_eq!(t, "entity    n\n-------  --\nwang-yi   3\nxi       12\n");
    }
}
