//! `corpus-lsp agree A B [C…] [--format table|json] [--disagreements]`:
//! inter-annotator agreement between annotated versions of the same
//! articles, over their plain (stripped) text. The measures are defined in
//! [`LONG_ABOUT`] and in the manual (docs/src/review.md); those for any number of versions
//! (Fleiss' kappa, Krippendorff's alpha, pairwise F1) in [`multi`].

pub mod multi;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::{Value, json};

use crate::analysis::document::lines;
use crate::analysis::{LineIndex, PositionEncoding, Span};
use crate::cli::corpus::{Corpus, Document};
use crate::cli::stats::table;
use multi::{FileStatus, MultiAgreement, Reliability};

pub const LONG_ABOUT: &str = "\
Inter-annotator agreement between two annotated versions of the same articles: A and B are \
two folders (files matched by their path under each) or two files. Each pair's plain texts \
(the markup removed) must be identical; a pair that differs is an error naming the first \
line:column where they differ, and a file on one side only is a warning.

Mentions, compared over the plain text:
  exact            same span, same entity id
  different id     same span, another id
  overlapping      spans that overlap without being equal (counted per pair of mentions)
  only in A / B    a mention that no mention of the other side touches
  P, R, F1         precision and recall of B against A (A is the reference) on exact
                   matches; F1 = 2·exact/(|A|+|B|) is symmetric, i.e. it is also the
                   pairwise F1 between the two annotators
  overlap F1       the pairwise F1 counting a mention as agreed when the other side has an
                   overlapping mention with the same id: (agreed A + agreed B)/(|A|+|B|)
  overall, per kind (of the id in each side's catalogue) and per entity id.

Tokens: the runs of Unicode letters and digits of the plain text (`U.S.` is two tokens,
`Blinken’s` is `Blinken` and `s`). Each token is labelled with the id of the mention that
overlaps it, or none. Cohen's kappa = (observed − chance)/(1 − chance), observed = the share of
tokens with the same label on both sides, chance = Σ over labels of share(A) × share(B);
per kind, labels of other kinds count as none. Undefined (null, `-`) when chance is 1.

Tags, per paragraph (a line of the plain text with text on it): which tags both sides set,
only A, only B; Cohen's kappa per tag over all paragraphs (has the tag or not).

Any number of versions (A B C…): over the same tokens and labels (\"none\" a label like the
others), Fleiss' kappa and Krippendorff's alpha (nominal), overall and per kind, over the files
that every version has with the same plain text; and the span counts and F1 of every pair of
versions. With two versions the output above gains alpha beside kappa (and, in JSON, Fleiss'
kappa and the one pair); with three or more, the pairwise table and the n-way figures are shown.

Exit status: 0 when the comparison ran, 2 on usage or I/O errors or a text mismatch.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgreeFormat {
    /// Aligned tables.
    Table,
    /// One JSON object (see the manual, "Review: agreement and the report").
    Json,
}

#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    /// The annotated versions, two or more: folders (files matched by path) or files. With two,
    /// the first is the reference for precision and recall.
    #[arg(required = true, num_args = 2.., value_name = "VERSION")]
    pub versions: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = AgreeFormat::Table)]
    pub format: AgreeFormat,
    /// List every disagreement at file:line:column with both sides' markup.
    #[arg(long)]
    pub disagreements: bool,
}

/// Span counts over some scope (all, one kind, one entity).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SpanCounts {
    pub a: usize,
    pub b: usize,
    /// Same span, same id.
    pub exact: usize,
    /// A mentions with an overlapping B mention of the same id, and the converse.
    pub agreed_a: usize,
    pub agreed_b: usize,
}

impl SpanCounts {
    pub fn precision(&self) -> Option<f64> {
        ratio(self.exact, self.b)
    }
    pub fn recall(&self) -> Option<f64> {
        ratio(self.exact, self.a)
    }
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.exact, self.a + self.b)
    }
    pub fn overlap_f1(&self) -> Option<f64> {
        ratio(self.agreed_a + self.agreed_b, self.a + self.b)
    }
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// How the mentions of the two sides relate.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Categories {
    pub exact: usize,
    pub different_id: usize,
    pub overlapping: usize,
    pub only_a: usize,
    pub only_b: usize,
}

/// Cohen's kappa from a confusion table of labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kappa {
    pub items: usize,
    pub observed: Option<f64>,
    pub chance: Option<f64>,
    pub kappa: Option<f64>,
}

pub fn kappa<L: Ord + Clone>(confusion: &BTreeMap<(L, L), usize>) -> Kappa {
    let n: usize = confusion.values().sum();
    if n == 0 {
        return Kappa { items: 0, observed: None, chance: None, kappa: None };
    }
    let mut a: BTreeMap<L, usize> = BTreeMap::new();
    let mut b: BTreeMap<L, usize> = BTreeMap::new();
    let mut same = 0;
    for ((la, lb), &count) in confusion {
        *a.entry(la.clone()).or_default() += count;
        *b.entry(lb.clone()).or_default() += count;
        if la == lb {
            same += count;
        }
    }
    let n_f = n as f64;
    let observed = same as f64 / n_f;
    let chance: f64 = a.iter().map(|(l, &ca)| ca as f64 / n_f * b.get(l).map_or(0.0, |&cb| cb as f64 / n_f)).sum();
    let kappa = (chance < 1.0 - 1e-12).then(|| (observed - chance) / (1.0 - chance));
    Kappa { items: n, observed: Some(observed), chance: Some(chance), kappa }
}

/// One side of a disagreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub path: PathBuf,
    /// 1-based, in the annotated file; column in Unicode scalar values.
    pub line: usize,
    pub column: usize,
    pub markup: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// `different-id`, `overlapping`, `only-a`, `only-b`, `tag-only-a`, `tag-only-b`.
    pub category: &'static str,
    pub key: String,
    /// Where in the plain text (1-based line and column).
    pub plain: (usize, usize),
    pub a: Option<Side>,
    pub b: Option<Side>,
}

/// A file pair's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairStatus {
    Compared(Categories),
    /// The plain texts differ first at this 1-based line and column.
    TextDiffers {
        line: usize,
        column: usize,
    },
    OnlyA,
    OnlyB,
}

#[derive(Debug, Clone)]
pub struct PairResult {
    pub key: String,
    pub a: Option<PathBuf>,
    pub b: Option<PathBuf>,
    pub status: PairStatus,
}

/// Tag counts for one tag (or all).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TagCounts {
    pub both: usize,
    pub only_a: usize,
    pub only_b: usize,
}

/// Everything `agree` measures.
#[derive(Debug, Default)]
pub struct Agreement {
    pub pairs: Vec<PairResult>,
    pub categories: Categories,
    pub spans: SpanCounts,
    pub by_kind: BTreeMap<String, SpanCounts>,
    pub by_entity: BTreeMap<String, SpanCounts>,
    /// Token labels (A, B) → count; `None` is no mention.
    pub tokens: BTreeMap<(Option<String>, Option<String>), usize>,
    /// The kind of each id seen, per side (for kappa per kind).
    pub kinds_a: BTreeMap<String, String>,
    pub kinds_b: BTreeMap<String, String>,
    pub paragraphs: usize,
    pub tags: BTreeMap<String, TagCounts>,
    pub disagreements: Vec<Disagreement>,
}

/// The label "kind" of an id no catalogue knows.
pub const UNKNOWN_KIND: &str = "unknown";

fn kind_of(doc: &Document, id: &str) -> String {
    doc.kind(id).map_or(UNKNOWN_KIND.to_string(), |k| k.as_str().to_string())
}

/// The runs of letters and digits of `text`, as byte spans.
pub fn tokens(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Span::new(s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, text.len()));
    }
    out
}

/// The first 1-based line and column where two texts differ, if they do.
pub fn first_difference(a: &str, b: &str) -> Option<(usize, usize)> {
    if a == b {
        return None;
    }
    let at = a.char_indices().zip(b.chars()).find(|((_, ca), cb)| ca != cb).map_or_else(
        || {
            // One is a prefix of the other: they differ where the shorter ends.
            a.len().min(b.len())
        },
        |((i, _), _)| i,
    );
    let index = LineIndex::new(a);
    let pos = index.line_col(a, at, PositionEncoding::Utf32);
    Some((pos.line as usize + 1, pos.col as usize + 1))
}

fn overlaps(x: Span, y: Span) -> bool {
    x.start < y.end && y.start < x.end
}

struct Locator<'d> {
    doc: &'d Document,
    index: LineIndex,
}

impl<'d> Locator<'d> {
    fn new(doc: &'d Document) -> Self {
        Locator { doc, index: LineIndex::new(&doc.text) }
    }
    fn side(&self, source: Span) -> Side {
        let pos = self.index.line_col(&self.doc.text, source.start, PositionEncoding::Utf32);
        Side {
            path: self.doc.path.clone(),
            line: pos.line as usize + 1,
            column: pos.col as usize + 1,
            markup: source.of(&self.doc.text).to_string(),
        }
    }
}

impl Agreement {
    /// Compares one pair whose plain texts are identical.
    pub fn compare(&mut self, key: &str, a: &Document, b: &Document) -> Categories {
        let plain = &a.stripped.text;
        let plain_index = LineIndex::new(plain);
        let plain_pos = |offset: usize| {
            let p = plain_index.line_col(plain, offset, PositionEncoding::Utf32);
            (p.line as usize + 1, p.col as usize + 1)
        };
        let (la, lb) = (Locator::new(a), Locator::new(b));
        let ma = &a.stripped.mentions;
        let mb = &b.stripped.mentions;
        for m in ma {
            self.kinds_a.entry(m.id.clone()).or_insert_with(|| kind_of(a, &m.id));
        }
        for m in mb {
            self.kinds_b.entry(m.id.clone()).or_insert_with(|| kind_of(b, &m.id));
        }
        let mut cat = Categories::default();
        let mut disagreements = Vec::new();
        // Mentions on one side never overlap each other, so a same-span partner is unique.
        let same_span_b: Vec<Option<usize>> = ma.iter().map(|x| mb.iter().position(|y| y.span == x.span)).collect();
        let has_same_span_a: Vec<bool> = mb.iter().map(|y| ma.iter().any(|x| x.span == y.span)).collect();
        // Per scope counts: (scope kind, key).
        let add = |scope: &mut BTreeMap<String, SpanCounts>, k: &str, f: &dyn Fn(&mut SpanCounts)| {
            f(scope.entry(k.to_string()).or_default());
        };
        for (i, x) in ma.iter().enumerate() {
            let kind = self.kinds_a[&x.id].clone();
            let agreed = mb.iter().any(|y| y.id == x.id && overlaps(x.span, y.span));
            let exact = same_span_b[i].is_some_and(|j| mb[j].id == x.id);
            let bump = |c: &mut SpanCounts| {
                c.a += 1;
                c.exact += usize::from(exact);
                c.agreed_a += usize::from(agreed);
            };
            bump(&mut self.spans);
            add(&mut self.by_kind, &kind, &bump);
            add(&mut self.by_entity, &x.id, &bump);
            match same_span_b[i] {
                Some(j) if mb[j].id == x.id => cat.exact += 1,
                Some(j) => {
                    cat.different_id += 1;
                    disagreements.push(Disagreement {
                        category: "different-id",
                        key: key.to_string(),
                        plain: plain_pos(x.span.start),
                        a: Some(la.side(x.source)),
                        b: Some(lb.side(mb[j].source)),
                    });
                }
                None => {
                    let partners: Vec<usize> =
                        (0..mb.len()).filter(|&j| !has_same_span_a[j] && overlaps(x.span, mb[j].span)).collect();
                    if mb.iter().all(|y| !overlaps(x.span, y.span)) {
                        cat.only_a += 1;
                        disagreements.push(Disagreement {
                            category: "only-a",
                            key: key.to_string(),
                            plain: plain_pos(x.span.start),
                            a: Some(la.side(x.source)),
                            b: None,
                        });
                    }
                    for j in partners {
                        cat.overlapping += 1;
                        disagreements.push(Disagreement {
                            category: "overlapping",
                            key: key.to_string(),
                            plain: plain_pos(x.span.start.min(mb[j].span.start)),
                            a: Some(la.side(x.source)),
                            b: Some(lb.side(mb[j].source)),
                        });
                    }
                }
            }
        }
        for (j, y) in mb.iter().enumerate() {
            let kind = self.kinds_b[&y.id].clone();
            let agreed = ma.iter().any(|x| x.id == y.id && overlaps(x.span, y.span));
            let bump = |c: &mut SpanCounts| {
                c.b += 1;
                c.agreed_b += usize::from(agreed);
            };
            bump(&mut self.spans);
            add(&mut self.by_kind, &kind, &bump);
            add(&mut self.by_entity, &y.id, &bump);
            if !has_same_span_a[j] && ma.iter().all(|x| !overlaps(x.span, y.span)) {
                cat.only_b += 1;
                disagreements.push(Disagreement {
                    category: "only-b",
                    key: key.to_string(),
                    plain: plain_pos(y.span.start),
                    a: None,
                    b: Some(lb.side(y.source)),
                });
            }
        }

        // Tokens.
        let label = |mentions: &[crate::analysis::strip::PlainMention], t: Span| {
            mentions.iter().find(|m| overlaps(m.span, t)).map(|m| m.id.clone())
        };
        for t in tokens(plain) {
            *self.tokens.entry((label(ma, t), label(mb, t))).or_default() += 1;
        }

        // Tags per paragraph: every line of the plain text with text on it,
        // and any paragraph a tag labels.
        let mut paragraphs: BTreeMap<usize, (BTreeSet<&str>, BTreeSet<&str>)> = BTreeMap::new();
        for (start, line) in lines(plain) {
            if !line.trim().is_empty() {
                paragraphs.entry(start).or_default();
            }
        }
        let mut tag_source: BTreeMap<(usize, &str, bool), Span> = BTreeMap::new();
        for t in &a.stripped.tags {
            paragraphs.entry(t.paragraph.start).or_default().0.insert(&t.id);
            tag_source.entry((t.paragraph.start, &t.id, true)).or_insert(t.source);
        }
        for t in &b.stripped.tags {
            paragraphs.entry(t.paragraph.start).or_default().1.insert(&t.id);
            tag_source.entry((t.paragraph.start, &t.id, false)).or_insert(t.source);
        }
        self.paragraphs += paragraphs.len();
        for (&start, (ta, tb)) in &paragraphs {
            for &id in ta.union(tb) {
                let c = self.tags.entry(id.to_string()).or_default();
                match (ta.contains(id), tb.contains(id)) {
                    (true, true) => c.both += 1,
                    (true, false) => {
                        c.only_a += 1;
                        disagreements.push(Disagreement {
                            category: "tag-only-a",
                            key: key.to_string(),
                            plain: plain_pos(start),
                            a: Some(la.side(tag_source[&(start, id, true)])),
                            b: None,
                        });
                    }
                    _ => {
                        c.only_b += 1;
                        disagreements.push(Disagreement {
                            category: "tag-only-b",
                            key: key.to_string(),
                            plain: plain_pos(start),
                            a: None,
                            b: Some(lb.side(tag_source[&(start, id, false)])),
                        });
                    }
                }
            }
        }
        disagreements.sort_by_key(|d| d.plain);
        self.disagreements.extend(disagreements);
        self.categories.exact += cat.exact;
        self.categories.different_id += cat.different_id;
        self.categories.overlapping += cat.overlapping;
        self.categories.only_a += cat.only_a;
        self.categories.only_b += cat.only_b;
        cat
    }

    /// Token kappa over all labels, or only those of one kind.
    pub fn token_kappa(&self, kind: Option<&str>) -> Kappa {
        let keep = |label: &Option<String>, kinds: &BTreeMap<String, String>| match (label, kind) {
            (Some(id), Some(k)) if kinds.get(id).map(String::as_str) != Some(k) => None,
            _ => label.clone(),
        };
        let mut confusion: BTreeMap<(Option<String>, Option<String>), usize> = BTreeMap::new();
        for ((la, lb), &n) in &self.tokens {
            *confusion.entry((keep(la, &self.kinds_a), keep(lb, &self.kinds_b))).or_default() += n;
        }
        kappa(&confusion)
    }

    /// Kappa of one tag over all paragraphs (has it or not).
    pub fn tag_kappa(&self, c: &TagCounts) -> Kappa {
        let neither = self.paragraphs - c.both - c.only_a - c.only_b;
        let confusion = BTreeMap::from([
            ((true, true), c.both),
            ((true, false), c.only_a),
            ((false, true), c.only_b),
            ((false, false), neither),
        ]);
        kappa(&confusion)
    }

    pub fn tag_totals(&self) -> TagCounts {
        let mut t = TagCounts::default();
        for c in self.tags.values() {
            t.both += c.both;
            t.only_a += c.only_a;
            t.only_b += c.only_b;
        }
        t
    }

    /// The kinds seen on either side, in `Kind::ALL` order then `unknown`.
    pub fn kinds(&self) -> Vec<String> {
        let seen: BTreeSet<&str> = self.kinds_a.values().chain(self.kinds_b.values()).map(String::as_str).collect();
        crate::analysis::Kind::ALL
            .iter()
            .map(|k| k.as_str())
            .chain([UNKNOWN_KIND])
            .filter(|k| seen.contains(k))
            .map(str::to_string)
            .collect()
    }
}

/// Matches the documents of the two sides and compares each pair.
pub fn agree(a: &Corpus, b: &Corpus, files: bool) -> Agreement {
    let mut out = Agreement::default();
    let mut keys: BTreeMap<String, (Option<&Document>, Option<&Document>)> = BTreeMap::new();
    if files {
        // Two files: one pair, whatever their names.
        if let (Some(x), Some(y)) = (a.documents.first(), b.documents.first()) {
            keys.insert(x.key.clone(), (Some(x), Some(y)));
        }
    } else {
        for d in &a.documents {
            keys.entry(d.key.clone()).or_default().0 = Some(d);
        }
        for d in &b.documents {
            keys.entry(d.key.clone()).or_default().1 = Some(d);
        }
    }
    for (key, pair) in keys {
        let status = match pair {
            (Some(x), Some(y)) => match first_difference(&x.stripped.text, &y.stripped.text) {
                Some((line, column)) => PairStatus::TextDiffers { line, column },
                None => PairStatus::Compared(out.compare(&key, x, y)),
            },
            (Some(_), None) => PairStatus::OnlyA,
            (None, Some(_)) => PairStatus::OnlyB,
            (None, None) => unreachable!("every key comes from a document"),
        };
        out.pairs.push(PairResult {
            key,
            a: pair.0.map(|d| d.path.clone()),
            b: pair.1.map(|d| d.path.clone()),
            status,
        });
    }
    out
}

fn round(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |x| json!((x * 10000.0).round() / 10000.0))
}

fn spans_json(c: &SpanCounts) -> Value {
    json!({
        "a": c.a, "b": c.b, "exact": c.exact,
        "precision": round(c.precision()), "recall": round(c.recall()),
        "f1": round(c.f1()), "overlap_f1": round(c.overlap_f1()),
    })
}

fn kappa_json(k: &Kappa) -> Value {
    json!({ "items": k.items, "observed": round(k.observed), "chance": round(k.chance), "kappa": round(k.kappa) })
}

fn reliability_json(r: &Reliability) -> Value {
    json!({ "items": r.items, "fleiss_kappa": round(r.fleiss_kappa), "krippendorff_alpha": round(r.krippendorff_alpha) })
}

/// `pairs`: every pair's span counts, overall and per kind.
fn pairs_json(m: &MultiAgreement, paths: &[PathBuf]) -> Value {
    m.pairs
        .iter()
        .map(|(i, j, ag)| {
            let by_kind: serde_json::Map<String, Value> =
                ag.kinds().iter().map(|k| (k.clone(), spans_json(&ag.by_kind[k]))).collect();
            json!({
                "a": slash(&paths[*i]), "b": slash(&paths[*j]), "files": multi::pair_compared(ag),
                "spans": { "overall": spans_json(&ag.spans), "by_kind": by_kind },
            })
        })
        .collect()
}

/// Adds the n-way figures to the two-version JSON.
fn add_multi_json(out: &mut Value, m: &MultiAgreement, paths: &[PathBuf]) {
    out["versions"] = paths.iter().map(|p| Value::from(slash(p))).collect();
    out["pairs"] = pairs_json(m, paths);
    let put = |at: &mut Value, r: Reliability| {
        at["fleiss_kappa"] = round(r.fleiss_kappa);
        at["krippendorff_alpha"] = round(r.krippendorff_alpha);
    };
    put(&mut out["tokens"]["overall"], m.tokens(None));
    for k in m.kinds() {
        put(&mut out["tokens"]["by_kind"][&k], m.tokens(Some(&k)));
    }
}

/// The JSON of three or more versions.
pub fn multi_json(m: &MultiAgreement, paths: &[PathBuf]) -> Value {
    let files: Vec<Value> = m
        .files
        .iter()
        .map(|(key, status)| match status {
            FileStatus::Compared => json!({ "file": key, "status": "compared" }),
            FileStatus::TextDiffers { version, line, column } => json!({
                "file": key, "status": "text-differs", "version": slash(&paths[*version]), "line": line, "column": column,
            }),
            FileStatus::Missing(vs) => json!({
                "file": key, "status": "missing", "missing_from": vs.iter().map(|&v| slash(&paths[v])).collect::<Vec<_>>(),
            }),
        })
        .collect();
    let by_kind: serde_json::Map<String, Value> =
        m.kinds().iter().map(|k| (k.clone(), reliability_json(&m.tokens(Some(k))))).collect();
    json!({
        "versions": paths.iter().map(|p| slash(p)).collect::<Vec<_>>(),
        "files": files,
        "pairs": pairs_json(m, paths),
        "tokens": { "overall": reliability_json(&m.tokens(None)), "by_kind": by_kind },
    })
}

/// The table of three or more versions.
pub fn multi_table(m: &MultiAgreement, names: &[String]) -> String {
    let mut out = format!("{} of {} files compared across all {} versions\n\n", m.compared(), m.files.len(), m.n);
    let header = ["pairs (spans)", "files", "A", "B", "exact", "F1", "overlap F1"];
    let rows: Vec<Vec<String>> = m
        .pairs
        .iter()
        .map(|(i, j, ag)| {
            let c = &ag.spans;
            vec![
                format!("{} / {}", names[*i], names[*j]),
                multi::pair_compared(ag).to_string(),
                c.a.to_string(),
                c.b.to_string(),
                c.exact.to_string(),
                fixed(c.f1()),
                fixed(c.overlap_f1()),
            ]
        })
        .collect();
    out.push_str(&table(&header, &rows));
    out.push('\n');
    let row = |name: &str, r: Reliability| {
        vec![name.to_string(), r.items.to_string(), fixed(r.fleiss_kappa), fixed(r.krippendorff_alpha)]
    };
    let mut rows = vec![row("all", m.tokens(None))];
    rows.extend(m.kinds().iter().map(|k| row(k, m.tokens(Some(k)))));
    out.push_str(&table(&["tokens", "tokens", "Fleiss' kappa", "Krippendorff's alpha"], &rows));
    out
}

fn side_json(s: &Option<Side>) -> Value {
    match s {
        Some(s) => json!({ "file": slash(&s.path), "line": s.line, "column": s.column, "markup": s.markup }),
        None => Value::Null,
    }
}

fn slash(path: &Path) -> String {
    crate::cli::lint::forward_slashes(path)
}

pub fn to_json(ag: &Agreement, disagreements: bool) -> Value {
    let files: Vec<Value> = ag
        .pairs
        .iter()
        .map(|p| {
            let mut o = json!({
                "file": p.key,
                "a": p.a.as_deref().map(slash),
                "b": p.b.as_deref().map(slash),
                "status": Value::Null,
            });
            let status = match &p.status {
                PairStatus::Compared(c) => {
                    o["mentions"] = categories_json(c);
                    "compared"
                }
                PairStatus::TextDiffers { line, column } => {
                    o["line"] = json!(line);
                    o["column"] = json!(column);
                    "text-differs"
                }
                PairStatus::OnlyA => "only-a",
                PairStatus::OnlyB => "only-b",
            };
            o["status"] = json!(status);
            o
        })
        .collect();
    let by_kind: serde_json::Map<String, Value> =
        ag.kinds().iter().map(|k| (k.clone(), spans_json(&ag.by_kind[k]))).collect();
    let by_entity: serde_json::Map<String, Value> =
        ag.by_entity.iter().map(|(id, c)| (id.clone(), spans_json(c))).collect();
    let token_kinds: serde_json::Map<String, Value> =
        ag.kinds().iter().map(|k| (k.clone(), kappa_json(&ag.token_kappa(Some(k))))).collect();
    let by_tag: serde_json::Map<String, Value> = ag
        .tags
        .iter()
        .map(|(id, c)| {
            let mut o = json!({ "both": c.both, "only_a": c.only_a, "only_b": c.only_b });
            let k = kappa_json(&ag.tag_kappa(c));
            for f in ["observed", "chance", "kappa"] {
                o[f] = k[f].clone();
            }
            (id.clone(), o)
        })
        .collect();
    let t = ag.tag_totals();
    let mut out = json!({
        "files": files,
        "mentions": categories_json(&ag.categories),
        "spans": { "overall": spans_json(&ag.spans), "by_kind": by_kind, "by_entity": by_entity },
        "tokens": { "overall": kappa_json(&ag.token_kappa(None)), "by_kind": token_kinds },
        "tags": { "paragraphs": ag.paragraphs, "both": t.both, "only_a": t.only_a, "only_b": t.only_b, "by_tag": by_tag },
    });
    if disagreements {
        out["disagreements"] = ag
            .disagreements
            .iter()
            .map(|d| {
                json!({
                    "file": d.key, "category": d.category,
                    "plain": { "line": d.plain.0, "column": d.plain.1 },
                    "a": side_json(&d.a), "b": side_json(&d.b),
                })
            })
            .collect();
    }
    out
}

fn categories_json(c: &Categories) -> Value {
    json!({
        "exact": c.exact, "different_id": c.different_id, "overlapping": c.overlapping,
        "only_a": c.only_a, "only_b": c.only_b,
    })
}

fn fixed(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{x:.3}"))
}

fn span_row(name: &str, c: &SpanCounts) -> Vec<String> {
    vec![
        name.to_string(),
        c.a.to_string(),
        c.b.to_string(),
        c.exact.to_string(),
        fixed(c.precision()),
        fixed(c.recall()),
        fixed(c.f1()),
        fixed(c.overlap_f1()),
    ]
}

fn kappa_row(name: &str, k: &Kappa, alpha: Option<f64>) -> Vec<String> {
    vec![name.to_string(), k.items.to_string(), fixed(k.observed), fixed(k.chance), fixed(k.kappa), fixed(alpha)]
}

/// The two-version table; `alpha` gives Krippendorff's alpha over all labels or one kind.
pub fn to_table(ag: &Agreement, alpha: &dyn Fn(Option<&str>) -> Option<f64>) -> String {
    let compared = ag.pairs.iter().filter(|p| matches!(p.status, PairStatus::Compared(_))).count();
    let mut out = format!("{compared} of {} file pairs compared\n\n", ag.pairs.len());
    let c = &ag.categories;
    let rows = vec![
        vec!["exact (same span, same id)".into(), c.exact.to_string()],
        vec!["same span, different id".into(), c.different_id.to_string()],
        vec!["overlapping spans".into(), c.overlapping.to_string()],
        vec!["only in A".into(), c.only_a.to_string()],
        vec!["only in B".into(), c.only_b.to_string()],
    ];
    out.push_str(&table(&["mentions", "count"], &rows));
    out.push('\n');
    let header = ["spans (B against A)", "A", "B", "exact", "P", "R", "F1", "overlap F1"];
    let mut rows = vec![span_row("all", &ag.spans)];
    rows.extend(ag.kinds().iter().map(|k| span_row(k, &ag.by_kind[k])));
    out.push_str(&table(&header, &rows));
    out.push('\n');
    let imperfect: Vec<Vec<String>> =
        ag.by_entity.iter().filter(|(_, c)| c.f1() != Some(1.0)).map(|(id, c)| span_row(id, c)).collect();
    let perfect = ag.by_entity.len() - imperfect.len();
    if !imperfect.is_empty() {
        let header = ["entities that disagree", "A", "B", "exact", "P", "R", "F1", "overlap F1"];
        out.push_str(&table(&header, &imperfect));
    }
    let others = if imperfect.is_empty() { "all" } else { "the other" };
    out.push_str(&format!("({others} {perfect} entities: F1 = 1)\n\n"));
    let mut rows = vec![kappa_row("all", &ag.token_kappa(None), alpha(None))];
    rows.extend(ag.kinds().iter().map(|k| kappa_row(k, &ag.token_kappa(Some(k)), alpha(Some(k)))));
    out.push_str(&table(&["tokens (Cohen's kappa)", "tokens", "observed", "chance", "kappa", "alpha"], &rows));
    out.push('\n');
    let t = ag.tag_totals();
    let mut rows = vec![vec![
        format!("all ({} paragraphs)", ag.paragraphs),
        t.both.to_string(),
        t.only_a.to_string(),
        t.only_b.to_string(),
        String::new(),
    ]];
    let disagree: Vec<_> = ag.tags.iter().filter(|(_, c)| c.only_a + c.only_b > 0).collect();
    rows.extend(disagree.iter().map(|(id, c)| {
        vec![
            id.to_string(),
            c.both.to_string(),
            c.only_a.to_string(),
            c.only_b.to_string(),
            fixed(ag.tag_kappa(c).kappa),
        ]
    }));
    out.push_str(&table(&["tags (per paragraph)", "both", "only A", "only B", "kappa"], &rows));
    let others = if disagree.is_empty() { "all" } else { "the other" };
    out.push_str(&format!("({others} {} tags: the same paragraphs on both sides)\n", ag.tags.len() - disagree.len()));
    out
}

fn category_title(c: &str) -> &'static str {
    match c {
        "different-id" => "same span, different id",
        "overlapping" => "overlapping spans",
        "only-a" => "mention only in A",
        "only-b" => "mention only in B",
        "tag-only-a" => "tag only in A",
        _ => "tag only in B",
    }
}

pub fn disagreements_text(ag: &Agreement) -> String {
    let mut out = String::new();
    for d in &ag.disagreements {
        let at = d.a.as_ref().or(d.b.as_ref()).expect("a disagreement has a side");
        out.push_str(&format!("{}:{}:{}: {}\n", at.path.display(), at.line, at.column, category_title(d.category)));
        for (name, side) in [("A", &d.a), ("B", &d.b)] {
            match side {
                Some(s) if std::ptr::eq(s, at) => out.push_str(&format!("    {name}: {}\n", s.markup)),
                Some(s) => {
                    out.push_str(&format!("    {name}: {}  ({}:{}:{})\n", s.markup, s.path.display(), s.line, s.column))
                }
                None => out.push_str(&format!("    {name}: (nothing)\n")),
            }
        }
    }
    out
}

pub fn run(args: &AgreeArgs) -> ExitCode {
    let paths = &args.versions;
    for p in paths {
        if !p.exists() {
            eprintln!("error: {}: no such file or folder", p.display());
            return ExitCode::from(2);
        }
    }
    let files = paths.iter().all(|p| p.is_file());
    if !files && !paths.iter().all(|p| p.is_dir()) {
        eprintln!("error: the versions must be all folders or all files");
        return ExitCode::from(2);
    }
    let corpora: Vec<Corpus> = paths.iter().map(|p| Corpus::load(std::slice::from_ref(p))).collect();
    let multi = MultiAgreement::new(&corpora, files);
    if paths.len() > 2 {
        return run_multi(args, &corpora, &multi);
    }
    let (a, b) = (&corpora[0], &corpora[1]);
    let ag = agree(a, b, files);
    let mut text = match args.format {
        AgreeFormat::Table => to_table(&ag, &|kind| multi.tokens(kind).krippendorff_alpha),
        AgreeFormat::Json => {
            let mut out = to_json(&ag, args.disagreements);
            add_multi_json(&mut out, &multi, paths);
            format!("{out:#}\n")
        }
    };
    if args.disagreements && args.format == AgreeFormat::Table {
        text.push('\n');
        text.push_str(&disagreements_text(&ag));
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let mut failed = false;
    for f in a.failures.iter().chain(&b.failures) {
        eprintln!("error: {f}");
        failed = true;
    }
    for p in &ag.pairs {
        match (&p.status, &p.a, &p.b) {
            (PairStatus::TextDiffers { line, column }, Some(x), Some(y)) => {
                eprintln!(
                    "error: {}: the plain text differs from {} at {line}:{column} (not compared)",
                    x.display(),
                    y.display()
                );
                failed = true;
            }
            (PairStatus::OnlyA, Some(x), _) => {
                eprintln!("warning: {}: only in A ({})", x.display(), paths[0].display())
            }
            (PairStatus::OnlyB, _, Some(y)) => {
                eprintln!("warning: {}: only in B ({})", y.display(), paths[1].display())
            }
            _ => {}
        }
    }
    if failed { ExitCode::from(2) } else { ExitCode::SUCCESS }
}

/// Three or more versions: the pairwise table and the n-way figures.
fn run_multi(args: &AgreeArgs, corpora: &[Corpus], multi: &MultiAgreement) -> ExitCode {
    let paths = &args.versions;
    if args.disagreements {
        eprintln!("error: --disagreements compares two versions");
        return ExitCode::from(2);
    }
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let text = match args.format {
        AgreeFormat::Table => multi_table(multi, &names),
        AgreeFormat::Json => format!("{:#}\n", multi_json(multi, paths)),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    let mut failed = false;
    for f in corpora.iter().flat_map(|c| &c.failures) {
        eprintln!("error: {f}");
        failed = true;
    }
    for (key, status) in &multi.files {
        match status {
            FileStatus::Compared => {}
            FileStatus::TextDiffers { version, line, column } => {
                eprintln!(
                    "error: {key}: the plain text of {} differs from {} at {line}:{column} (not compared)",
                    paths[*version].display(),
                    paths[0].display()
                );
                failed = true;
            }
            FileStatus::Missing(vs) => {
                let list: Vec<String> = vs.iter().map(|&v| paths[v].display().to_string()).collect();
                eprintln!("warning: {key}: missing from {} (not compared)", list.join(", "));
            }
        }
    }
    if failed { ExitCode::from(2) } else { ExitCode::SUCCESS }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, text: &str) -> Document {
        Document::new(PathBuf::from(name), "x.txt".into(), text.into(), crate::analysis::catalogue::builtin())
    }

    fn close(x: Option<f64>, want: f64) {
        let x = x.expect("defined");
        assert!((x - want).abs() < 1e-12, "{x} != {want}");
    }

    /// Every figure of a small pair, counted by hand.
    ///
    /// Plain text (both sides): `Blinken met Wang Yi in Beijing.` / `No tags here, China.`
    /// - A: Blinken=antony-blinken, Wang Yi=wang-yi, Beijing=beijing, China=china; #taiwan on ¶1.
    /// - B: Blinken=antony-blinken, Wang Yi=wang-wenbin, `here, China`=china; #taiwan #trade on ¶1.
    #[test]
    fn figures_by_hand() {
        let a = doc(
            "a.txt",
            "[Blinken]{antony-blinken} met [Wang Yi]{wang-yi} in [Beijing]{beijing}. #taiwan\nNo tags here, [China]{china}.\n",
        );
        let b = doc(
            "b.txt",
            "[Blinken]{antony-blinken} met [Wang Yi]{wang-wenbin} in Beijing. #taiwan #trade\nNo tags [here, China]{china}.\n",
        );
        assert_eq!(a.stripped.text, b.stripped.text);
        let mut ag = Agreement::default();
        let cat = ag.compare("x.txt", &a, &b);
        // Blinken exact; Wang Yi different id; China / `here, China` overlap; Beijing only in A.
        assert_eq!(cat, Categories { exact: 1, different_id: 1, overlapping: 1, only_a: 1, only_b: 0 });

        // |A| = 4, |B| = 3, exact 1: P = 1/3, R = 1/4, F1 = 2·1/(4+3).
        // Overlap-agreed: A {Blinken, China} = 2, B {Blinken, here, China} = 2: (2+2)/7.
        let s = ag.spans;
        assert_eq!((s.a, s.b, s.exact, s.agreed_a, s.agreed_b), (4, 3, 1, 2, 2));
        close(s.precision(), 1.0 / 3.0);
        close(s.recall(), 1.0 / 4.0);
        close(s.f1(), 2.0 / 7.0);
        close(s.overlap_f1(), 4.0 / 7.0);
        // Person: A {antony-blinken, wang-yi}, B {antony-blinken, wang-wenbin}: 1 exact of 2 and 2.
        let p = ag.by_kind["person"];
        assert_eq!((p.a, p.b, p.exact), (2, 2, 1));
        close(p.f1(), 0.5);
        // Place: A {beijing, china}, B {china (overlapping)}: F1 0, overlap F1 (1+1)/3.
        let pl = ag.by_kind["place"];
        assert_eq!((pl.a, pl.b, pl.exact), (2, 1, 0));
        close(pl.f1(), 0.0);
        close(pl.overlap_f1(), 2.0 / 3.0);
        assert_eq!(ag.by_entity["wang-yi"], SpanCounts { a: 1, b: 0, exact: 0, agreed_a: 0, agreed_b: 0 });
        assert_eq!(ag.by_entity["wang-wenbin"], SpanCounts { a: 0, b: 1, exact: 0, agreed_a: 0, agreed_b: 0 });
        assert_eq!(ag.by_entity["beijing"].recall(), Some(0.0));
        assert_eq!(ag.by_entity["beijing"].precision(), None);

        // Ten tokens: Blinken met Wang Yi in Beijing No tags here China.
        //   A: ab - wy wy - bj - - -  ch
        //   B: ab - ww ww - -  - - ch ch
        // Same on 6 (Blinken met in No tags China): observed 0.6.
        // Shares: A ab .1, none .5, wy .2, bj .1, ch .1; B ab .1, none .5, ww .2, ch .2.
        // Chance = .1·.1 + .5·.5 + .1·.2 = .28; kappa = (.6 − .28)/(1 − .28) = 4/9.
        let k = ag.token_kappa(None);
        assert_eq!(k.items, 10);
        close(k.observed, 0.6);
        close(k.chance, 0.28);
        close(k.kappa, 4.0 / 9.0);
        // Person only (places count as none): same on 8; shares A ab .1 wy .2 none .7,
        // B ab .1 ww .2 none .7; chance = .01 + .49 = .5; kappa = (.8 − .5)/.5 = .6.
        let k = ag.token_kappa(Some("person"));
        close(k.observed, 0.8);
        close(k.chance, 0.5);
        close(k.kappa, 0.6);

        // Tags on 2 paragraphs: taiwan on ¶1 both (kappa 1: chance .5·.5 + .5·.5 = .5);
        // trade on ¶1 only in B: observed .5, chance 0·.5 + 1·.5 = .5, kappa 0.
        assert_eq!(ag.paragraphs, 2);
        assert_eq!(ag.tags["taiwan"], TagCounts { both: 1, only_a: 0, only_b: 0 });
        assert_eq!(ag.tags["trade"], TagCounts { both: 0, only_a: 0, only_b: 1 });
        close(ag.tag_kappa(&ag.tags["taiwan"]).kappa, 1.0);
        let trade = ag.tag_kappa(&ag.tags["trade"]);
        close(trade.observed, 0.5);
        close(trade.chance, 0.5);
        close(trade.kappa, 0.0);

        // The disagreements, in plain-text order, at the annotated positions.
        type Row<'a> = (&'a str, Option<(usize, usize)>, Option<(usize, usize)>);
        let got: Vec<Row> = ag
            .disagreements
            .iter()
            .map(|d| (d.category, d.a.as_ref().map(|s| (s.line, s.column)), d.b.as_ref().map(|s| (s.line, s.column))))
            .collect();
        assert_eq!(
            got,
            [
                ("tag-only-b", None, Some((1, 74))),
                ("different-id", Some((1, 31)), Some((1, 31))),
                ("only-a", Some((1, 53)), None),
                ("overlapping", Some((2, 15)), Some((2, 9))),
            ]
        );
        assert_eq!(ag.disagreements[1].b.as_ref().unwrap().markup, "[Wang Yi]{wang-wenbin}");
    }

    #[test]
    fn kappa_undefined_when_chance_is_one() {
        let a = doc("a.txt", "No mention at all.");
        let mut ag = Agreement::default();
        ag.compare("x.txt", &a, &a);
        let k = ag.token_kappa(None);
        assert_eq!((k.items, k.observed, k.chance, k.kappa), (4, Some(1.0), Some(1.0), None));
        assert_eq!(ag.spans.f1(), None);
    }

    #[test]
    fn tokens_and_differences() {
        let text = "U.S. and Blinken’s 2024 visit";
        let got: Vec<&str> = tokens(text).iter().map(|t| t.of(text)).collect();
        assert_eq!(got, ["U", "S", "and", "Blinken", "s", "2024", "visit"]);
        assert_eq!(first_difference("a\nb—c", "a\nb—c"), None);
        assert_eq!(first_difference("a\nb—cd", "a\nb—ce"), Some((2, 4)));
        assert_eq!(first_difference("a\nb", "a\nbc"), Some((2, 2)));
    }
}
