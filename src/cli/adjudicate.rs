//! `corpus-lsp adjudicate A B [C…] --out DIR`: one gold version from several
//! annotated versions of the same articles. What every version agrees on is
//! written once; each stretch of paragraphs where they differ becomes one
//! conflict block (SPEC "Conflict blocks") with a section per distinct
//! variant, to be resolved in the editor. With `--majority` (three or more
//! versions) a paragraph is decided where more than half the versions agree
//! on each of its mention groups and tags.
//!
//! The versions are read through the corpus model `agree` uses
//! (`cli/corpus.rs`, matched by path as `agree` matches them); the merge
//! itself ([`merge`]) works on texts alone and strips paragraphs with
//! `analysis::strip`, writing decided paragraphs back with `analysis::unstrip`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::{Value, json};

use crate::analysis::Span;
use crate::analysis::document::lines;
use crate::analysis::markup::parse_line;
use crate::analysis::strip::{Stripped, strip};
use crate::analysis::unstrip::{Escapes, Insertion, SpanMention, parts, unstrip};
use crate::cli::agree::first_difference;
use crate::cli::corpus::{Corpus, Document};
use crate::cli::lint::forward_slashes;
use crate::cli::stats::table;
use crate::cli::write::write_atomic;
use crate::workspace::{CATALOGUE_FILE, find_catalogue};

pub const LONG_ABOUT: &str = "\
One gold version from several annotated versions of the same articles. A, B, C… are folders \
(files matched by their path under each, as `agree` matches them) or files; each file's \
versions must have the same plain text (the markup removed): a file whose versions differ in \
text is reported and skipped, a file missing from a version is skipped with a warning.

A paragraph (a line with the tag lines above it) that is the same in every version is written \
once. Each stretch of consecutive paragraphs where the versions differ becomes one conflict \
block, git's markers on whole lines, one section per distinct variant, named after the \
versions that carry it (identical sections merged under a joined name, `b+c`):
  <<<<<<< a
  …version a's lines…
  =======
  …version b's lines…
  >>>>>>> b
With three or more sections, each further section opens with `======= NAME`. `lint` reports \
each block (unresolved-conflict) and the editor offers to take a section.

--majority (three or more versions): in a paragraph, each group of overlapping mentions takes \
the variant that more than half the versions carry (\"no mention\" is a variant too), and each \
tag is kept when more than half the versions carry it (dropped when more than half do not); a \
paragraph where every group and tag is decided is written merged, any other stays in a block. \
Ties stay blocks.

Names default to the folders' (or files' stems) names, or a, b, c… when those clash; --names \
gives them. The output's corpus.json: when every version is governed by the same catalogue \
text, DIR has no corpus.json of its own and does not already lie under that catalogue, a copy \
is written to DIR, so `lint DIR` checks the gold corpus against it (JSON `catalogue`: \
\"copied\", \"shared\", or \"kept\" for DIR's own, which is never replaced); when the \
versions' catalogues differ, none is written (a warning says so).

Writes are atomic. A file in DIR that would change is not replaced without --force, and --out \
may not be, contain or lie inside an input. Exit status: 0 when written (blocks left to resolve \
are the normal outcome), 2 on usage or I/O errors, a refusal, or a file whose versions differ \
in text.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdjudicateFormat {
    /// An aligned summary table.
    Table,
    /// One JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct AdjudicateArgs {
    /// The versions: two or more folders, or two or more files.
    #[arg(required = true, num_args = 2.., value_name = "VERSION")]
    pub versions: Vec<PathBuf>,
    /// The folder the gold version is written to.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The versions' names in the blocks, comma-separated, one per version.
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    pub names: Option<Vec<String>>,
    /// Decide by majority where more than half the versions agree (three or more versions).
    #[arg(long)]
    pub majority: bool,
    #[arg(long, value_enum, default_value_t = AdjudicateFormat::Table)]
    pub format: AdjudicateFormat,
    /// Replace files in DIR that already exist and would change.
    #[arg(long)]
    pub force: bool,
}

/// Paragraph counts of a merge.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MergeCounts {
    /// Paragraphs identical in every version.
    pub agreed: usize,
    /// Paragraphs where the versions differ, decided by majority.
    pub majority: usize,
    /// Paragraphs left in conflict blocks.
    pub conflict: usize,
    /// Conflict blocks written.
    pub blocks: usize,
}

impl MergeCounts {
    fn add(&mut self, o: &MergeCounts) {
        self.agreed += o.agreed;
        self.majority += o.majority;
        self.conflict += o.conflict;
        self.blocks += o.blocks;
    }
}

/// The merged text and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub counts: MergeCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("the versions do not have the same paragraphs ({0})")]
    Paragraphs(String),
}

/// A version's paragraphs: each run of tag lines with the line below it (the
/// paragraph they label), line breaks included; tag lines at the very end
/// go with the last paragraph, as `strip` reads them.
pub fn paragraphs(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let all: Vec<(usize, &str)> = lines(text).collect();
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (n, &(at, line)) in all.iter().enumerate() {
        if at == text.len() && n > 0 {
            // The empty "line" after a final line break.
            break;
        }
        let end = all.get(n + 1).map_or(text.len(), |&(next, _)| next);
        if !parse_line(line).is_tag_line(line) {
            bounds.push((start, end));
            start = end;
        }
    }
    if start < text.len() {
        match bounds.last_mut() {
            Some(last) => last.1 = text.len(),
            None => bounds.push((start, text.len())),
        }
    }
    bounds.into_iter().map(|(s, e)| &text[s..e]).collect()
}

/// The line break a text uses (`\r\n` when its first line ends so).
fn line_break(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Merges versions of one article (same plain text, checked by the caller)
/// named `names`. `majority` decides paragraphs by majority.
pub fn merge(texts: &[&str], names: &[String], majority: bool) -> Result<Merged, MergeError> {
    assert_eq!(texts.len(), names.len());
    let split: Vec<Vec<&str>> = texts.iter().map(|t| paragraphs(t)).collect();
    let count = split[0].len();
    if let Some((v, p)) = split.iter().enumerate().find(|(_, p)| p.len() != count) {
        return Err(MergeError::Paragraphs(format!("{} has {}, {} has {count}", names[v], p.len(), names[0])));
    }
    let nl = line_break(texts[0]);
    let mut out = String::with_capacity(texts[0].len() + texts[0].len() / 8);
    let mut counts = MergeCounts::default();
    // Paragraphs waiting to go into one block: their indexes.
    let mut pending: Vec<usize> = Vec::new();
    let flush = |pending: &mut Vec<usize>, out: &mut String, counts: &mut MergeCounts| {
        if pending.is_empty() {
            return;
        }
        let sections: Vec<String> = split.iter().map(|p| pending.iter().map(|&i| p[i]).collect()).collect();
        write_block(out, &sections, names, nl);
        counts.conflict += pending.iter().filter(|&&i| has_text(split.iter().map(|p| p[i]))).count().max(1);
        counts.blocks += 1;
        pending.clear();
    };
    for i in 0..count {
        let first = split[0][i];
        if split.iter().all(|p| p[i] == first) {
            flush(&mut pending, &mut out, &mut counts);
            out.push_str(first);
            counts.agreed += usize::from(has_text([first]));
            continue;
        }
        if majority {
            let variants: Vec<&str> = split.iter().map(|p| p[i]).collect();
            if let Some(decided) = decide(&variants) {
                flush(&mut pending, &mut out, &mut counts);
                out.push_str(&decided);
                counts.majority += 1;
                continue;
            }
        }
        pending.push(i);
    }
    flush(&mut pending, &mut out, &mut counts);
    Ok(Merged { text: out, counts })
}

/// Whether a paragraph holds text or markup in any version (blank lines are not counted).
fn has_text<'a>(variants: impl IntoIterator<Item = &'a str>) -> bool {
    variants.into_iter().any(|v| !v.trim().is_empty())
}

/// Writes one block: the sections' common leading blank lines stay outside
/// it; identical sections are merged under their joined names.
fn write_block(out: &mut String, sections: &[String], names: &[String], nl: &str) {
    // Common leading blank lines.
    let mut skip = 0;
    loop {
        let rest = &sections[0][skip..];
        let line_end = rest.find('\n').map(|i| i + 1);
        let Some(len) = line_end else { break };
        let line = &rest[..len];
        if !line.trim().is_empty() || !sections.iter().all(|s| s[skip..].starts_with(line)) {
            break;
        }
        // Keep at least one line in every section.
        if sections.iter().any(|s| s.len() == skip + len) {
            break;
        }
        skip += len;
    }
    out.push_str(&sections[0][..skip]);
    let mut distinct: Vec<(Vec<&str>, &str)> = Vec::new();
    for (name, s) in names.iter().zip(sections) {
        let body = &s[skip..];
        match distinct.iter_mut().find(|(_, b)| *b == body) {
            Some((n, _)) => n.push(name),
            None => distinct.push((vec![name.as_str()], body)),
        }
    }
    let ends_with_break = distinct.iter().all(|(_, b)| b.ends_with('\n') || b.ends_with('\r'));
    let last = distinct.len() - 1;
    for (k, (n, body)) in distinct.iter().enumerate() {
        let name = n.join("+");
        match k {
            0 => out.push_str(&format!("<<<<<<< {name}{nl}")),
            // Git's two-way form names the second section on the closing line.
            1 if last == 1 => out.push_str(&format!("======={nl}")),
            _ => out.push_str(&format!("======= {name}{nl}")),
        }
        out.push_str(body);
        if !(body.ends_with('\n') || body.ends_with('\r')) {
            out.push_str(nl);
        }
        if k == last {
            out.push_str(&format!(">>>>>>> {name}"));
            if ends_with_break {
                out.push_str(nl);
            }
        }
    }
}

/// One version's reading of a paragraph.
struct Reading<'a> {
    text: &'a str,
    stripped: Stripped,
    tags: BTreeSet<String>,
}

/// The paragraph every group of overlapping mentions and every tag of which
/// more than half the versions agree on, or `None` when something is tied.
fn decide(variants: &[&str]) -> Option<String> {
    let n = variants.len();
    let readings: Vec<Reading> = variants
        .iter()
        .map(|&text| {
            let stripped = strip(text);
            let tags = stripped.tags.iter().map(|t| t.id.clone()).collect();
            Reading { text, stripped, tags }
        })
        .collect();
    let plain = &readings[0].stripped.text;
    if readings.iter().any(|r| &r.stripped.text != plain) {
        return None;
    }
    // Groups: connected runs of overlapping mentions over every version.
    let mut all: Vec<(Span, &str, usize)> = readings
        .iter()
        .enumerate()
        .flat_map(|(v, r)| r.stripped.mentions.iter().map(move |m| (m.span, m.id.as_str(), v)))
        .collect();
    all.sort_by_key(|&(s, id, v)| (s.start, s.end, id, v));
    let mut chosen: Vec<SpanMention> = Vec::new();
    let mut at = 0;
    while at < all.len() {
        let mut end = all[at].0.end;
        let mut stop = at + 1;
        while stop < all.len() && all[stop].0.start < end {
            end = end.max(all[stop].0.end);
            stop += 1;
        }
        let group = &all[at..stop];
        // Each version's variant: its mentions in the group (none is a variant).
        let mut tally: BTreeMap<Vec<(Span, &str)>, usize> = BTreeMap::new();
        for v in 0..n {
            let variant: Vec<(Span, &str)> = group.iter().filter(|m| m.2 == v).map(|m| (m.0, m.1)).collect();
            *tally.entry(variant).or_default() += 1;
        }
        let (winner, votes) = tally.into_iter().max_by_key(|(_, c)| *c).expect("n ≥ 1");
        if 2 * votes <= n {
            return None;
        }
        chosen.extend(winner.into_iter().map(|(span, id)| SpanMention { span, id: id.to_string() }));
        at = stop;
    }
    // Tags: kept by more than half, dropped by more than half, else tied.
    let mut order: Vec<&str> = Vec::new();
    for r in &readings {
        for t in &r.stripped.tags {
            if !order.contains(&t.id.as_str()) {
                order.push(&t.id);
            }
        }
    }
    let mut kept: Vec<&str> = Vec::new();
    for id in order {
        let carry = readings.iter().filter(|r| r.tags.contains(id)).count();
        if 2 * carry > n {
            kept.push(id);
        } else if 2 * (n - carry) <= n {
            return None;
        }
    }
    let kept_set: BTreeSet<String> = kept.iter().map(|s| s.to_string()).collect();
    chosen.sort_by_key(|m| (m.span.start, m.span.end));
    // A version that says exactly this is written as it is.
    let same = |r: &Reading| {
        r.tags == kept_set
            && r.stripped.mentions.len() == chosen.len()
            && r.stripped.mentions.iter().zip(&chosen).all(|(m, c)| m.span == c.span && m.id == c.id)
    };
    if let Some(r) = readings.iter().find(|r| same(r)) {
        return Some(r.text.to_string());
    }
    // Else written anew: the tags as a version that has exactly them placed
    // them, or at the end of the paragraph.
    let insertions: Vec<Insertion> = match readings.iter().find(|r| r.tags == kept_set) {
        Some(r) => parts(r.text, &r.stripped).1,
        None => {
            let paragraph = Span::new(0, plain.trim_end_matches(['\n', '\r']).len());
            kept.iter().map(|id| Insertion::tag_at_end(paragraph, id)).collect()
        }
    };
    let escapes = &readings[0].stripped.escapes;
    unstrip(plain, &chosen, &insertions, Escapes::Exactly(escapes))
        .or_else(|_| unstrip(plain, &chosen, &insertions, Escapes::Needed))
        .ok()
        .map(|(text, _)| text)
}

/// The names of the versions: `--names`, else the folders' or files' names,
/// else a, b, c….
fn version_names(args: &AdjudicateArgs) -> Result<Vec<String>, String> {
    let n = args.versions.len();
    if let Some(names) = &args.names {
        if names.len() != n {
            return Err(format!("--names gives {} names for {n} versions", names.len()));
        }
        for name in names {
            if name.is_empty() || name.contains(char::is_whitespace) || name.contains('+') {
                return Err(format!("--names: `{name}` is not a name (no spaces, no `+`, not empty)"));
            }
        }
        if names.iter().collect::<BTreeSet<_>>().len() != n {
            return Err("--names: the names must differ".into());
        }
        return Ok(names.clone());
    }
    let own: Vec<Option<String>> = args
        .versions
        .iter()
        .map(|p| {
            let p = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            let name = if p.is_dir() { p.file_name() } else { p.file_stem() };
            name.map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace) && !s.contains('+'))
        })
        .collect();
    let distinct: BTreeSet<&String> = own.iter().flatten().collect();
    if own.iter().all(Option::is_some) && distinct.len() == n {
        return Ok(own.into_iter().flatten().collect());
    }
    Ok((0..n).map(letter_name).collect())
}

/// a, b, …, z, v27, v28, …
fn letter_name(i: usize) -> String {
    if i < 26 { ((b'a' + i as u8) as char).to_string() } else { format!("v{}", i + 1) }
}

/// A path made absolute with its existing part resolved (symbolic links,
/// `..`), for comparing an output with the inputs.
fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(c) = abs.canonicalize() {
        return c;
    }
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => resolved(parent).join(name),
        _ => abs,
    }
}

/// What happened to one file.
#[derive(Debug)]
struct FileOutcome {
    key: String,
    status: &'static str,
    counts: MergeCounts,
}

pub fn run(args: &AdjudicateArgs) -> ExitCode {
    match adjudicate(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn adjudicate(args: &AdjudicateArgs) -> Result<ExitCode, String> {
    let n = args.versions.len();
    for p in &args.versions {
        if !p.exists() {
            return Err(format!("{}: no such file or folder", p.display()));
        }
    }
    let folders = args.versions.iter().all(|p| p.is_dir());
    if !folders && !args.versions.iter().all(|p| p.is_file()) {
        return Err("the versions must be all folders or all files".into());
    }
    if args.majority && n < 3 {
        return Err("--majority needs three or more versions (with two, every difference is a tie)".into());
    }
    let names = version_names(args)?;
    let out_dir = resolved(&args.out);
    if out_dir.is_file() {
        return Err(format!("--out {}: is a file, not a folder", args.out.display()));
    }
    for v in &args.versions {
        let input = resolved(v);
        let why = if input == out_dir {
            Some("is")
        } else if input.starts_with(&out_dir) {
            Some("contains")
        } else if folders && out_dir.starts_with(&input) {
            Some("lies inside")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(format!(
                "--out {} {why} the input {}: an input is never replaced; choose another folder",
                args.out.display(),
                v.display()
            ));
        }
    }

    let corpora: Vec<Corpus> = args.versions.iter().map(|p| Corpus::load(std::slice::from_ref(p))).collect();
    let mut failed = false;
    for f in corpora.iter().flat_map(|c| &c.failures) {
        eprintln!("error: {f}");
        failed = true;
    }
    // Each file's versions, by key (two files: one article, named after the first).
    let mut keys: BTreeMap<String, Vec<Option<&Document>>> = BTreeMap::new();
    if folders {
        for (v, c) in corpora.iter().enumerate() {
            for d in &c.documents {
                keys.entry(d.key.clone()).or_insert_with(|| vec![None; n])[v] = Some(d);
            }
        }
    } else if corpora.iter().all(|c| !c.documents.is_empty()) {
        let docs: Vec<Option<&Document>> = corpora.iter().map(|c| c.documents.first()).collect();
        keys.insert(docs[0].expect("checked").key.clone(), docs);
    }

    let mut outcomes: Vec<FileOutcome> = Vec::new();
    let mut plan: Vec<(PathBuf, String)> = Vec::new();
    for (key, docs) in &keys {
        let missing: Vec<&str> =
            docs.iter().zip(&names).filter(|(d, _)| d.is_none()).map(|(_, n)| n.as_str()).collect();
        if !missing.is_empty() {
            eprintln!("warning: {key}: not in every version (missing from {}), skipped", missing.join(", "));
            outcomes.push(FileOutcome { key: key.clone(), status: "missing", counts: MergeCounts::default() });
            continue;
        }
        let docs: Vec<&Document> = docs.iter().map(|d| d.expect("checked")).collect();
        let mut differs = false;
        for d in &docs[1..] {
            if let Some((line, column)) = first_difference(&docs[0].stripped.text, &d.stripped.text) {
                eprintln!(
                    "error: {}: the plain text differs from {} at {line}:{column} (skipped)",
                    d.path.display(),
                    docs[0].path.display()
                );
                differs = true;
            }
        }
        if differs {
            failed = true;
            outcomes.push(FileOutcome { key: key.clone(), status: "text-differs", counts: MergeCounts::default() });
            continue;
        }
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        match merge(&texts, &names, args.majority) {
            Ok(merged) => {
                plan.push((args.out.join(key), merged.text));
                outcomes.push(FileOutcome { key: key.clone(), status: "written", counts: merged.counts });
            }
            Err(e) => {
                eprintln!("error: {key}: {e} (skipped)");
                failed = true;
                outcomes.push(FileOutcome { key: key.clone(), status: "text-differs", counts: MergeCounts::default() });
            }
        }
    }

    // The catalogue: one shared text, copied to DIR when DIR has none of its own.
    let mut catalogue_note: Value = Value::Null;
    let governing: Vec<Option<PathBuf>> = args
        .versions
        .iter()
        .map(|v| {
            let dir =
                if v.is_dir() { resolved(v) } else { resolved(v).parent().map(Path::to_path_buf).unwrap_or_default() };
            find_catalogue(&dir)
        })
        .collect();
    let texts: Vec<Option<String>> =
        governing.iter().map(|p| p.as_ref().and_then(|p| std::fs::read_to_string(p).ok())).collect();
    let target = args.out.join(CATALOGUE_FILE);
    let governs_out = find_catalogue(&out_dir).map(|p| resolved(&p));
    match texts.first() {
        _ if target.is_file() => {
            // DIR's own catalogue (perhaps grown while resolving) is never replaced.
            let same = texts
                .first()
                .cloned()
                .flatten()
                .is_some_and(|t| std::fs::read(&target).is_ok_and(|o| o == t.as_bytes()));
            if !same {
                eprintln!("note: {} is kept as it is (not the versions' catalogue)", target.display());
            }
            catalogue_note = json!("kept");
        }
        Some(Some(first)) if texts.iter().all(|t| t.as_ref() == Some(first)) => {
            if governing.iter().flatten().any(|g| Some(resolved(g)) == governs_out) {
                // DIR already lies under the versions' own catalogue.
                catalogue_note = json!("shared");
            } else {
                plan.push((target.clone(), first.clone()));
                catalogue_note = json!("copied");
            }
        }
        _ if governing.iter().any(Option::is_some) => {
            eprintln!(
                "warning: the versions are not governed by the same corpus.json: none is written to {}; copy the one to use",
                args.out.display()
            );
            catalogue_note = json!("differs");
        }
        _ => {}
    }

    // Refuse before writing anything.
    let would_replace: Vec<&PathBuf> = plan
        .iter()
        .filter(|(p, text)| p.exists() && std::fs::read(p).map_or(true, |old| old != text.as_bytes()))
        .map(|(p, _)| p)
        .collect();
    if !would_replace.is_empty() && !args.force {
        for p in &would_replace {
            eprintln!("error: {}: exists and would be replaced", p.display());
        }
        return Err(format!(
            "{} file(s) in {} would be replaced: nothing written; pass --force to replace them",
            would_replace.len(),
            args.out.display()
        ));
    }
    for (path, text) in &plan {
        if path.exists() && std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
            if let Some(o) = outcomes.iter_mut().find(|o| args.out.join(&o.key) == *path) {
                o.status = "unchanged";
            }
            continue;
        }
        write_atomic(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    }

    let mut total = MergeCounts::default();
    for o in &outcomes {
        total.add(&o.counts);
    }
    let text = match args.format {
        AdjudicateFormat::Table => {
            let mut rows: Vec<Vec<String>> = outcomes
                .iter()
                .map(|o| {
                    let c = &o.counts;
                    let figures = [c.agreed, c.majority, c.conflict, c.blocks].map(|x| x.to_string());
                    let mut row = vec![o.key.clone()];
                    if matches!(o.status, "written" | "unchanged") {
                        row.extend(figures);
                    } else {
                        row.extend([o.status.to_string(), "-".into(), "-".into(), "-".into()]);
                    }
                    row
                })
                .collect();
            let merged = outcomes.iter().filter(|o| matches!(o.status, "written" | "unchanged")).count();
            rows.push(vec![
                format!("total ({merged} of {} files)", outcomes.len()),
                total.agreed.to_string(),
                total.majority.to_string(),
                total.conflict.to_string(),
                total.blocks.to_string(),
            ]);
            let mut t = format!("versions: {}\n\n", names.join(", "));
            t.push_str(&table(&["file (paragraphs)", "agreed", "majority", "conflict", "blocks"], &rows));
            t
        }
        AdjudicateFormat::Json => {
            let counts = |c: &MergeCounts| json!({"agreed": c.agreed, "majority": c.majority, "conflict": c.conflict, "blocks": c.blocks});
            let files: Vec<Value> = outcomes
                .iter()
                .map(|o| {
                    let mut v = json!({"file": o.key, "status": o.status});
                    if matches!(o.status, "written" | "unchanged") {
                        v["paragraphs"] = counts(&o.counts);
                    }
                    v
                })
                .collect();
            let out = json!({
                "versions": names,
                "out": forward_slashes(&args.out),
                "majority": args.majority,
                "catalogue": catalogue_note,
                "files": files,
                "total": counts(&total),
            });
            format!("{out:#}\n")
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn paragraphs_take_their_tag_lines() {
        assert_eq!(paragraphs("a\n#t\nb\n\nc"), ["a\n", "#t\nb\n", "\n", "c"]);
        assert_eq!(paragraphs("a\nb\n"), ["a\n", "b\n"]);
        assert_eq!(paragraphs("a\n#t\n"), ["a\n#t\n"]);
        assert_eq!(paragraphs("#t\n"), ["#t\n"]);
        assert_eq!(paragraphs(""), Vec::<&str>::new());
    }

    #[test]
    fn blocks_only_where_versions_differ() {
        let a = "Title\n\n[Blinken]{antony-blinken} met Wang Yi.\nSame.\n\nEnd. #taiwan\n";
        let b = "Title\n\n[Blinken]{antony-blinken} met [Wang Yi]{wang-yi}.\nSame.\n\nEnd.\n";
        let m = merge(&[a, b], &names(&["a", "b"]), false).unwrap();
        assert_eq!(
            m.text,
            "Title\n\n<<<<<<< a\n[Blinken]{antony-blinken} met Wang Yi.\n=======\n[Blinken]{antony-blinken} met [Wang Yi]{wang-yi}.\n>>>>>>> b\nSame.\n\n<<<<<<< a\nEnd. #taiwan\n=======\nEnd.\n>>>>>>> b\n"
        );
        assert_eq!(m.counts, MergeCounts { agreed: 2, majority: 0, conflict: 2, blocks: 2 });
    }

    #[test]
    fn identical_sections_merge_and_three_sections_are_named() {
        let a = "x [Xi]{xi-jinping} y\n";
        let b = "x Xi y\n";
        let m = merge(&[a, b, b], &names(&["a", "b", "c"]), false).unwrap();
        assert_eq!(m.text, "<<<<<<< a\nx [Xi]{xi-jinping} y\n=======\nx Xi y\n>>>>>>> b+c\n");
        let c = "x Xi y #taiwan\n";
        let m = merge(&[a, b, c], &names(&["a", "b", "c"]), false).unwrap();
        assert_eq!(
            m.text,
            "<<<<<<< a\nx [Xi]{xi-jinping} y\n======= b\nx Xi y\n======= c\nx Xi y #taiwan\n>>>>>>> c\n"
        );
    }

    #[test]
    fn majority_decides_groups_and_tags_and_ties_stay() {
        let n3 = names(&["a", "b", "c"]);
        // Two of three annotate Xi; a tag only one carries is dropped.
        let a = "[Xi]{xi-jinping} met Biden.\n";
        let b = "[Xi]{xi-jinping} met [Biden]{joe-biden}. #trade\n";
        let c = "Xi met Biden.\n";
        let m = merge(&[a, b, c], &n3, true).unwrap();
        assert_eq!(m.text, "[Xi]{xi-jinping} met Biden.\n");
        assert_eq!(m.counts, MergeCounts { agreed: 0, majority: 1, conflict: 0, blocks: 0 });
        // A combination no version wrote: written anew.
        let a = "[Xi]{xi-jinping} met [Biden]{joe-biden}.\n#trade\n";
        let b = "[Xi]{xi-jinping} met Biden. #trade\n";
        let c = "Xi met [Biden]{joe-biden}.\n";
        let m = merge(&[a, b, c], &n3, true).unwrap();
        assert_eq!(m.text, "[Xi]{xi-jinping} met [Biden]{joe-biden}.\n#trade\n");
        // Four versions, two against two: a tie stays a block.
        let n4 = names(&["a", "b", "c", "d"]);
        let (x, y) = ("[Xi]{xi-jinping} said.\n", "Xi said.\n");
        let m = merge(&[x, x, y, y], &n4, true).unwrap();
        assert_eq!(m.text, "<<<<<<< a+b\n[Xi]{xi-jinping} said.\n=======\nXi said.\n>>>>>>> c+d\n");
        assert_eq!(m.counts, MergeCounts { agreed: 0, majority: 0, conflict: 1, blocks: 1 });
        // Three of four: decided.
        let m = merge(&[x, x, x, y], &n4, true).unwrap();
        assert_eq!(m.text, x);
        // Different ids, none with a majority: a block.
        let z = "[Xi]{xi-jinping-2} said.\n";
        let m = merge(&[x, y, z], &n3, true).unwrap();
        assert_eq!(m.counts.blocks, 1);
    }

    /// What `merge` writes is what the block parser reads: no malformed
    /// block, one block per block counted, the sections' names as joined, and
    /// taking a version's section everywhere gives that version back.
    #[test]
    fn blocks_parse_and_each_take_gives_a_version_back() {
        use crate::analysis::conflict;
        let cases: Vec<(Vec<&str>, Vec<&str>, bool)> = vec![
            (vec!["a\n[Xi]{xi-jinping} y\n\nz\n", "a\nXi y\n\nz #t\n"], vec!["a", "b"], false),
            (vec!["x [Xi]{xi-jinping}\n", "x Xi\n", "x Xi\n"], vec!["a", "b", "c"], false),
            (vec!["x [Xi]{xi-jinping}\n", "x Xi\n", "x Xi #t\n"], vec!["a", "b", "c"], false),
            (
                vec!["x [Xi]{xi-jinping}\n#t\nq\n", "x Xi\nq\n", "x Xi\nq\n", "x [Xi]{xi-jinping}\n#t\nq\n"],
                vec!["a", "b", "c", "d"],
                true,
            ),
            (vec!["a\r\n[Xi]{xi-jinping}", "a\r\nXi"], vec!["HEAD", "theirs"], false),
        ];
        for (texts, n, majority) in cases {
            let merged = merge(&texts, &names(&n), majority).unwrap();
            let parsed = conflict::parse(&merged.text);
            assert!(parsed.errors.is_empty(), "{:?}\n{}", parsed.errors, merged.text);
            assert_eq!(parsed.blocks.len(), merged.counts.blocks, "{}", merged.text);
            assert!(merged.counts.blocks > 0);
            for (v, name) in n.iter().enumerate() {
                let mut text = merged.text.clone();
                // Take from the last block up, so earlier spans stay valid.
                for block in parsed.blocks.iter().rev() {
                    assert!(block.same_text);
                    let k =
                        block.sections.iter().position(|s| s.name.split('+').any(|x| x == *name)).expect("a section");
                    let take = &conflict::takes(&merged.text, block)[k];
                    assert_eq!(take.title, format!("Take {}", block.sections[k].name));
                    text.replace_range(block.span.start..block.span.end, &take.new_text);
                }
                assert_eq!(text, texts[v], "taking {name} everywhere in\n{}", merged.text);
            }
        }
    }

    /// Versions of one random plain text, each annotating words and tagging
    /// lines at random (inline or on a tag line above), from `seed`.
    fn random_versions(seed: u64, n: usize) -> Vec<String> {
        let mut state = seed | 1;
        let mut next = move |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        const WORDS: [&str; 6] = ["Xi", "met", "Biden", "in", "Beijing", "today"];
        const IDS: [&str; 3] = ["xi-jinping", "joe-biden", "beijing"];
        let plain: Vec<Vec<&str>> =
            (0..1 + next(6)).map(|_| (0..next(5)).map(|_| WORDS[next(6) as usize]).collect()).collect();
        let mut out = Vec::new();
        for _ in 0..n {
            let mut text = String::new();
            for line in &plain {
                let tag = (!line.is_empty() && next(3) == 0).then(|| ["#trade", "#taiwan"][next(2) as usize]);
                let above = next(2) == 0;
                if let (Some(t), true) = (tag, above) {
                    text.push_str(t);
                    text.push('\n');
                }
                let words: Vec<String> = line
                    .iter()
                    .map(|w| if next(3) == 0 { format!("[{w}]{{{}}}", IDS[next(3) as usize]) } else { w.to_string() })
                    .collect();
                text.push_str(&words.join(" "));
                if let (Some(t), false) = (tag, above) {
                    text.push(' ');
                    text.push_str(t);
                }
                text.push('\n');
            }
            out.push(text);
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]
        /// Whatever the versions: the blocks parse, a take of a version's
        /// section everywhere gives that version back, and with majority the
        /// first sections read as the same plain text.
        #[test]
        fn merges_of_random_versions_read_back(seed in proptest::prelude::any::<u64>(), n in 2usize..5) {
            use crate::analysis::conflict;
            let versions = random_versions(seed, n);
            let texts: Vec<&str> = versions.iter().map(String::as_str).collect();
            let all: Vec<String> = (0..n).map(letter_name).collect();
            for majority in [false, n >= 3] {
                let merged = merge(&texts, &all, majority).unwrap();
                let parsed = conflict::parse(&merged.text);
                proptest::prop_assert!(parsed.errors.is_empty(), "{:?}\n{}", parsed.errors, merged.text);
                proptest::prop_assert_eq!(parsed.blocks.len(), merged.counts.blocks);
                let first = conflict::first_sections(&merged.text).into_owned();
                proptest::prop_assert_eq!(strip(&first).text, strip(texts[0]).text);
                if majority {
                    continue;
                }
                for (v, name) in all.iter().enumerate() {
                    let mut text = merged.text.clone();
                    for block in parsed.blocks.iter().rev() {
                        let k = block.sections.iter().position(|s| s.name.split('+').any(|x| x == name)).unwrap();
                        let take = &conflict::takes(&merged.text, block)[k];
                        text.replace_range(block.span.start..block.span.end, &take.new_text);
                    }
                    proptest::prop_assert_eq!(&text, texts[v]);
                }
            }
        }
    }

    #[test]
    fn a_last_line_without_break_and_crlf() {
        let m = merge(&["a\r\n[Xi]{xi-jinping}", "a\r\nXi"], &names(&["a", "b"]), false).unwrap();
        assert_eq!(m.text, "a\r\n<<<<<<< a\r\n[Xi]{xi-jinping}\r\n=======\r\nXi\r\n>>>>>>> b");
    }
}
