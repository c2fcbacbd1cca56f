//! `corpus-lsp link [PATH...] --kb FILE [--format table|json] [--apply]`:
//! Wikidata ids for the catalogue's entities that have none, ranked offline
//! from a KB file (KB JSONL or a Wikidata dump, plain, `.gz` or `.bz2`).
//!
//! The KB is streamed once (`workspace::kb`), keeping the items that one of
//! the entities' names or aliases names; each entity's candidates are ranked
//! by `analysis::kb` against its description and the plain text of the
//! articles that mention it (annotated or as a plain alias). `--apply` writes
//! the ids whose best candidate is clearly ahead (`analysis::kb::clear_best`)
//! into each `corpus.json`: insertions only (`catalogue_edit::set_wikidata`),
//! checked to load with no new problem, written through the one atomic writer.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::ValueEnum;
use serde_json::{Value, json};

use crate::analysis::catalogue::Catalogue;
use crate::analysis::catalogue_edit::{apply_edits, set_wikidata};
use crate::analysis::document::{lines, plain_aliases};
use crate::analysis::kb::{Candidate, Context, Kb, SurfaceFilter, clear_best, rank};
use crate::analysis::markup::parse_line;
use crate::analysis::strip::strip;
use crate::analysis::{Entity, Severity};
use crate::cli::lint::{collect_files, default_root};
use crate::cli::write::write_atomic;
use crate::workspace::kb::read_kb;
use crate::workspace::{CatalogueFile, Catalogues, read_text};

pub const LONG_ABOUT: &str = "Wikidata ids for the catalogue's entities that have none, ranked offline.

The KB file is a KB JSONL file (one item a line: {\"id\": \"Q…\", \"label\", \"aliases\": […], \
\"description\", \"types\": […]}) or a Wikidata JSON dump (latest-all.json), plain, gzip or bzip2, \
streamed in constant memory. Candidates are the items whose label or alias equals an entity's name \
or alias (exactly, else case-folded), ranked by how their types fit the entity's kind, then by how \
much of their description the entity's description and its articles attest. --apply writes the ids \
whose best candidate fits the kind and leads the next by at least 0.2 (scores run from 0 to 3), \
inserting a \"wikidata\" property into corpus.json and changing nothing else.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinkFormat {
    /// A readable table: each entity, its best candidate, the others.
    Table,
    /// `[{"entity", "best": {"id", "label", "description", "score"} | null, "candidates": […]}]`.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    /// Files or folders (or a corpus.json) [default: the corpus around the current folder].
    pub paths: Vec<PathBuf>,
    /// The KB file: KB JSONL or a Wikidata JSON dump, plain, .gz or .bz2
    /// [default: the `"kb"` of corpus.json, relative to its folder].
    #[arg(long, value_name = "FILE")]
    pub kb: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = LinkFormat::Table)]
    pub format: LinkFormat,
    /// Write the ids whose best candidate is clearly ahead into corpus.json.
    #[arg(long)]
    pub apply: bool,
}

/// One entity's ranking.
pub struct Linked<'a> {
    pub entity: &'a Entity,
    pub candidates: Vec<Candidate>,
}

impl Linked<'_> {
    pub fn best(&self) -> Option<&Candidate> {
        clear_best(&self.candidates)
    }
}

/// A catalogue file with the entities to link and their articles' text.
struct Target {
    file: Arc<CatalogueFile>,
    catalogue: Arc<Catalogue>,
    /// Entity index → the plain texts of the articles mentioning it.
    articles: HashMap<usize, Vec<Arc<str>>>,
}

pub fn run(args: &LinkArgs) -> ExitCode {
    let paths = if args.paths.is_empty() { vec![default_root()] } else { args.paths.clone() };
    let mut catalogues = Catalogues::default();
    let (files, mut failures) = collect_files(&paths, &mut catalogues);
    // The catalogues, each with the texts of its articles.
    let mut targets: Vec<Target> = Vec::new();
    let target_of = |file: Arc<CatalogueFile>, targets: &mut Vec<Target>| -> Option<usize> {
        let catalogue = file.catalogue.clone()?;
        if let Some(i) = targets.iter().position(|t| Arc::ptr_eq(&t.file, &file)) {
            return Some(i);
        }
        targets.push(Target { file, catalogue, articles: HashMap::new() });
        Some(targets.len() - 1)
    };
    for file in &files {
        let cat = catalogues.for_file(&file.path);
        let Some(t) = target_of(cat.clone(), &mut targets) else {
            failures.push(format!("{}: its catalogue has errors (run `corpus-lsp lint`)", file.path.display()));
            continue;
        };
        let text = match read_text(&file.path) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{}: {e}", file.path.display()));
                continue;
            }
        };
        let target = &mut targets[t];
        let plain: Arc<str> = strip(&text).text.into();
        let mut mentioned: Vec<usize> = Vec::new();
        for (_, line) in lines(&text) {
            let markup = parse_line(line);
            for m in &markup.mentions {
                mentioned.extend(target.catalogue.entity_index(m.id.of(line)));
            }
            for m in plain_aliases(line, &markup, &target.catalogue) {
                mentioned.extend(target.catalogue.matcher.entities(m.alias).iter().map(|&e| e as usize));
            }
        }
        mentioned.sort_unstable();
        mentioned.dedup();
        for e in mentioned {
            target.articles.entry(e).or_default().push(plain.clone());
        }
    }
    // A corpus.json named on the command line, with no article.
    let mut named: Vec<Arc<CatalogueFile>> = catalogues.files().cloned().collect();
    named.sort_by(|a, b| a.path.cmp(&b.path));
    for file in named {
        if file.catalogue.is_none() {
            let path = file.path.as_deref().unwrap_or(Path::new("corpus.json"));
            let what = file.read_error.clone().unwrap_or_else(|| "has errors (run `corpus-lsp lint`)".into());
            let message = format!("{}: {what}", path.display());
            if !failures.contains(&message) {
                failures.push(message);
            }
        }
        target_of(file, &mut targets);
    }
    targets.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let mut stderr = std::io::stderr().lock();
    for f in &failures {
        let _ = writeln!(stderr, "error: {f}");
    }
    if !failures.is_empty() {
        return ExitCode::from(2);
    }

    let unlinked = |t: &Target| -> Vec<usize> {
        (0..t.catalogue.entities.len()).filter(|&i| t.catalogue.entities[i].wikidata.is_none()).collect()
    };
    let filter =
        SurfaceFilter::new(targets.iter().flat_map(|t| unlinked(t).into_iter().map(|i| &t.catalogue.entities[i])));
    let kb_path = match &args.kb {
        Some(path) => path.clone(),
        None => match targets.iter().find_map(|t| Some(t.file.root()?.join(t.catalogue.kb.as_deref()?))) {
            Some(path) => path,
            None => {
                let _ = writeln!(stderr, "error: no KB file: pass --kb FILE, or name one with \"kb\" in corpus.json");
                return ExitCode::from(2);
            }
        },
    };
    let read = match read_kb(&kb_path, &filter) {
        Ok(read) => read,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return ExitCode::from(2);
        }
    };
    let kb = read.kb;

    let mut rows: Vec<(usize, Linked)> = Vec::new();
    for (t, target) in targets.iter().enumerate() {
        for i in unlinked(target) {
            let entity = &target.catalogue.entities[i];
            let texts = target.articles.get(&i).map_or(&[][..], Vec::as_slice);
            let context = Context::new(entity, texts.iter().map(|s| &**s));
            rows.push((t, Linked { entity, candidates: rank(&kb, entity, &context) }));
        }
    }

    let mut stdout = std::io::stdout().lock();
    let shown = match args.format {
        LinkFormat::Json => {
            let all: Vec<Value> = rows.iter().map(|(_, l)| to_json(&kb, l)).collect();
            writeln!(stdout, "{}", serde_json::to_string_pretty(&Value::Array(all)).expect("JSON serialises"))
        }
        LinkFormat::Table => write!(stdout, "{}", table(&kb, rows.iter().map(|(_, l)| l))),
    };
    if shown.and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    let clear = rows.iter().filter(|(_, l)| l.best().is_some()).count();
    let _ = writeln!(
        stderr,
        "{} entities without an id: {} with candidates, {clear} clearly linked ({} KB items kept of {} lines read)",
        rows.len(),
        rows.iter().filter(|(_, l)| !l.candidates.is_empty()).count(),
        kb.len(),
        read.lines
    );
    if !args.apply {
        return ExitCode::SUCCESS;
    }
    let mut code = ExitCode::SUCCESS;
    for (t, target) in targets.iter().enumerate() {
        let links: Vec<(&str, &str)> = rows
            .iter()
            .filter(|(rt, _)| *rt == t)
            .filter_map(|(_, l)| Some((l.entity.id.as_str(), kb.items[l.best()?.item].id.as_str())))
            .collect();
        if links.is_empty() {
            continue;
        }
        let Some(path) = &target.file.path else {
            let _ = writeln!(stderr, "error: the built-in catalogue has no corpus.json to write the ids into");
            code = ExitCode::from(2);
            continue;
        };
        match apply_links(&target.file.text, &links) {
            Ok(text) => match write_atomic(path, text.as_bytes()) {
                Ok(()) => {
                    let _ = writeln!(stderr, "{}: {} Wikidata ids written", path.display(), links.len());
                }
                Err(e) => {
                    let _ = writeln!(stderr, "error: {}: {e}", path.display());
                    code = ExitCode::from(2);
                }
            },
            Err(e) => {
                let _ = writeln!(stderr, "error: {}: {e}", path.display());
                code = ExitCode::from(2);
            }
        }
    }
    code
}

/// `text` (a `corpus.json`) with each `(entity, item)` id inserted, checked
/// to load with the same problems as before.
pub fn apply_links(text: &str, links: &[(&str, &str)]) -> Result<String, String> {
    let mut out = text.to_string();
    for (entity, item) in links {
        let edit = set_wikidata(&out, entity, item).map_err(|e| e.to_string())?;
        out = apply_edits(&out, &[edit]);
    }
    let (before, after) = (Catalogue::parse(text), Catalogue::parse(&out));
    let errors =
        |l: &crate::analysis::catalogue::Loaded| l.problems.iter().filter(|p| p.severity == Severity::Error).count();
    if after.catalogue.is_none() || errors(&after) > errors(&before) {
        return Err("the ids would not load; nothing written".into());
    }
    Ok(out)
}

fn candidate_json(kb: &Kb, c: &Candidate) -> Value {
    let item = &kb.items[c.item];
    json!({
        "id": item.id,
        "label": item.label,
        "description": item.description,
        "score": (c.score * 1000.0).round() / 1000.0,
    })
}

pub fn to_json(kb: &Kb, linked: &Linked) -> Value {
    json!({
        "entity": linked.entity.id,
        "best": linked.best().map(|c| candidate_json(kb, c)),
        "candidates": linked.candidates.iter().map(|c| candidate_json(kb, c)).collect::<Vec<_>>(),
    })
}

/// The readable output: per entity, the best candidate (or why there is
/// none) and the runners-up.
pub fn table<'a>(kb: &Kb, rows: impl Iterator<Item = &'a Linked<'a>>) -> String {
    let mut out = String::new();
    let mut without: Vec<&str> = Vec::new();
    for linked in rows {
        let e = linked.entity;
        if linked.candidates.is_empty() {
            without.push(&e.id);
            continue;
        }
        out.push_str(&format!("{} ({}, “{}”)\n", e.id, e.kind, e.name));
        let best = linked.best().map(|c| c.item);
        if best.is_none() {
            out.push_str("    no candidate clearly ahead\n");
        }
        for c in &linked.candidates {
            let item = &kb.items[c.item];
            let mark = if Some(c.item) == best { "→" } else { " " };
            let description =
                if item.description.is_empty() { String::new() } else { format!(" ({})", item.description) };
            out.push_str(&format!("  {mark} {:<10} {:.2}  {}{description}\n", item.id, c.score, item.label));
        }
    }
    if !without.is_empty() {
        out.push_str(&format!("no candidate in the KB for {} entities: {}\n", without.len(), without.join(", ")));
    }
    out
}
