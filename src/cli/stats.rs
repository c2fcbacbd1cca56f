//! `corpus-lsp stats [PATH...] [--format table|json]`: per entity, the
//! annotated mentions, the plain alias occurrences (not annotated), the
//! coverage (annotated / (annotated + plain)) and the documents that mention
//! it either way; per tag, its uses, the paragraphs it labels and the documents.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::{Value, json};

use crate::analysis::document::{lines, plain_aliases};
use crate::analysis::markup::parse_line;
use crate::analysis::strip::strip;
use crate::cli::lint::{collect_files, default_root};
use crate::workspace::{Catalogues, read_text};

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

#[derive(Debug, Default, Clone)]
pub struct EntityStats {
    pub name: String,
    /// `None` for an id no catalogue knows.
    pub kind: Option<&'static str>,
    pub annotated: usize,
    pub plain: usize,
    pub documents: BTreeSet<usize>,
}

impl EntityStats {
    /// Annotated share of all occurrences, in percent.
    pub fn coverage(&self) -> Option<f64> {
        let all = self.annotated + self.plain;
        (all > 0).then(|| 100.0 * self.annotated as f64 / all as f64)
    }
}

#[derive(Debug, Default, Clone)]
pub struct TagStats {
    pub label: String,
    pub known: bool,
    pub uses: usize,
    pub paragraphs: BTreeSet<(usize, usize)>,
    pub documents: BTreeSet<usize>,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub documents: usize,
    pub entities: BTreeMap<String, EntityStats>,
    pub tags: BTreeMap<String, TagStats>,
}

pub fn collect(paths: &[PathBuf], all: bool) -> (Stats, Vec<String>) {
    let mut catalogues = Catalogues::default();
    let (files, mut failures) = collect_files(paths, &mut catalogues);
    let mut stats = Stats::default();
    for file in &files {
        let cat = catalogues.for_file(&file.path);
        let Some(catalogue) = cat.catalogue.as_deref() else {
            failures.push(format!("{}: its catalogue has errors (run `corpus-lsp lint`)", file.path.display()));
            continue;
        };
        if all {
            for e in &catalogue.entities {
                stats.entities.entry(e.id.clone()).or_insert_with(|| EntityStats {
                    name: e.name.clone(),
                    kind: Some(e.kind.as_str()),
                    ..EntityStats::default()
                });
            }
            for t in &catalogue.tags {
                stats.tags.entry(t.id.clone()).or_insert_with(|| TagStats {
                    label: t.label.clone(),
                    known: true,
                    ..TagStats::default()
                });
            }
        }
        let text = match read_text(&file.path) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{}: {e}", file.path.display()));
                continue;
            }
        };
        let doc = stats.documents;
        stats.documents += 1;
        fn entity<'s>(
            entities: &'s mut BTreeMap<String, EntityStats>,
            catalogue: &crate::analysis::Catalogue,
            id: &str,
        ) -> &'s mut EntityStats {
            entities.entry(id.to_string()).or_insert_with(|| match catalogue.entity(id) {
                Some(e) => EntityStats { name: e.name.clone(), kind: Some(e.kind.as_str()), ..EntityStats::default() },
                None => EntityStats::default(),
            })
        }
        let stripped = strip(&text);
        for m in &stripped.mentions {
            let e = entity(&mut stats.entities, catalogue, &m.id);
            e.annotated += 1;
            e.documents.insert(doc);
        }
        for (_, line) in lines(&text) {
            let markup = parse_line(line);
            for m in plain_aliases(line, &markup, catalogue) {
                for &owner in catalogue.matcher.entities(m.alias) {
                    let e = entity(&mut stats.entities, catalogue, &catalogue.entities[owner as usize].id);
                    e.plain += 1;
                    e.documents.insert(doc);
                }
            }
        }
        for t in &stripped.tags {
            let s = stats.tags.entry(t.id.clone()).or_insert_with(|| match catalogue.tag(&t.id) {
                Some(tag) => TagStats { label: tag.label.clone(), known: true, ..TagStats::default() },
                None => TagStats::default(),
            });
            s.uses += 1;
            s.paragraphs.insert((doc, t.paragraph.start));
            s.documents.insert(doc);
        }
    }
    (stats, failures)
}

fn sorted_entities(stats: &Stats) -> Vec<(&String, &EntityStats)> {
    let mut rows: Vec<_> = stats.entities.iter().collect();
    rows.sort_by(|a, b| (b.1.annotated + b.1.plain).cmp(&(a.1.annotated + a.1.plain)).then(a.0.cmp(b.0)));
    rows
}

fn sorted_tags(stats: &Stats) -> Vec<(&String, &TagStats)> {
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
