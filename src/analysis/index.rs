//! The workspace index: for every corpus file, where it mentions each entity
//! (annotated `[..]{id}` or as a plain alias) and where it uses each tag.
//!
//! A [`FileIndex`] keeps one [`LineSummary`] per line with line-relative
//! spans, plus running totals per entity and per tag. Because markup is
//! line-local, an edit replaces the summaries of the lines it touched
//! ([`FileIndex::splice`]) and the totals are adjusted by the difference:
//! the cost follows the edit, not the file. The [`WorkspaceIndex`] is the
//! files by key (the caller's choice: a path or a URI).
//!
//! Ambiguous aliases (owned by several entities) are recorded for each owner
//! as [`OccurrenceKind::AmbiguousPlain`] and are not counted as mentions.

use std::collections::HashMap;
use std::ops::Range;

use super::Span;
use super::catalogue::Catalogue;
use super::document::{LineAnalysis, lines, plain_aliases};
use super::markup::parse_line;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OccurrenceKind {
    /// `[surface]{id}`: `span` is the whole mention.
    Annotated,
    /// A plain-text alias of exactly one entity: `span` is the alias.
    Plain,
    /// A plain-text alias shared by several entities (one occurrence per owner).
    AmbiguousPlain,
    /// `#id`: `span` is the tag with its `#`.
    Tag,
}

/// One use of an entity or a tag on a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub kind: OccurrenceKind,
    /// The entity id (or tag id, for [`OccurrenceKind::Tag`]) as written or as catalogued.
    pub id: Box<str>,
    /// Line-relative byte span.
    pub span: Span,
}

/// Everything a line contributes to the index, in order of position per kind.
pub type LineSummary = Vec<Occurrence>;

/// The summary of one analysed line.
pub fn summarize_line(line: &str, analysis: &LineAnalysis, catalogue: &Catalogue) -> LineSummary {
    let markup = &analysis.markup;
    let mut out = Vec::with_capacity(markup.mentions.len() + markup.tags.len() + analysis.aliases.len());
    for m in &markup.mentions {
        out.push(Occurrence { kind: OccurrenceKind::Annotated, id: m.id.of(line).into(), span: m.span });
    }
    for a in &analysis.aliases {
        let owners = catalogue.matcher.entities(a.alias);
        let kind = if owners.len() == 1 { OccurrenceKind::Plain } else { OccurrenceKind::AmbiguousPlain };
        for &e in owners {
            out.push(Occurrence { kind, id: catalogue.entities[e as usize].id.as_str().into(), span: a.span });
        }
    }
    for t in &markup.tags {
        out.push(Occurrence { kind: OccurrenceKind::Tag, id: t.id.of(line).into(), span: t.span });
    }
    out
}

/// The summaries of every line of `text`, without computing diagnostics
/// (for files that are indexed but not open). A conflict block counts as
/// its first section: its markers and other sections contribute nothing.
pub fn summarize_text(text: &str, catalogue: &Catalogue) -> Vec<LineSummary> {
    let conflicts = super::conflict::parse(text);
    let counted = if conflicts.blocks.is_empty() {
        Vec::new()
    } else {
        super::conflict::counted_lines(&conflicts, lines(text).count())
    };
    lines(text)
        .enumerate()
        .map(|(n, (_, line))| {
            if counted.get(n) == Some(&false) {
                return LineSummary::new();
            }
            let markup = parse_line(line);
            let aliases = plain_aliases(line, &markup, catalogue);
            summarize_line(line, &LineAnalysis { markup, aliases, diagnostics: Vec::new() }, catalogue)
        })
        .collect()
}

/// How often something is mentioned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Annotated mentions (for a tag: its uses).
    pub annotated: usize,
    /// Plain-text alias occurrences of exactly this entity.
    pub plain: usize,
}

impl Usage {
    pub fn total(self) -> usize {
        self.annotated + self.plain
    }
}

/// One file's entry in the index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileIndex {
    /// How the file is shown to the user (a relative path, say).
    pub name: String,
    lines: Vec<LineSummary>,
    entities: HashMap<Box<str>, Usage>,
    tags: HashMap<Box<str>, usize>,
}

impl FileIndex {
    pub fn new(name: impl Into<String>, lines: Vec<LineSummary>) -> FileIndex {
        let mut out =
            FileIndex { name: name.into(), lines: Vec::new(), entities: HashMap::new(), tags: HashMap::new() };
        out.splice(0..0, lines);
        out
    }

    /// Replaces the summaries of lines `range` by `with` (of any length) and
    /// updates the totals. The range is clamped to the lines there are.
    /// Returns the entities and tags (`(is a tag, id)`) that the file
    /// started or ceased to use.
    pub fn splice(&mut self, range: Range<usize>, with: Vec<LineSummary>) -> Vec<(bool, Box<str>)> {
        let end = range.end.min(self.lines.len());
        let start = range.start.min(end);
        let mut changed = Vec::new();
        for occurrence in with.iter().flatten() {
            if self.count(occurrence, true) {
                changed.push((occurrence.kind == OccurrenceKind::Tag, occurrence.id.clone()));
            }
        }
        let removed: Vec<LineSummary> = self.lines.splice(start..end, with).collect();
        for occurrence in removed.iter().flatten() {
            if self.count(occurrence, false) {
                changed.push((occurrence.kind == OccurrenceKind::Tag, occurrence.id.clone()));
            }
        }
        changed
    }

    /// Adds or removes `o` from the totals; a total that reaches zero is
    /// dropped, so equal files have equal maps. Returns whether a total
    /// appeared or went.
    fn count(&mut self, o: &Occurrence, add: bool) -> bool {
        let step = |n: &mut usize| {
            if add { *n += 1 } else { *n = n.saturating_sub(1) }
        };
        match o.kind {
            OccurrenceKind::Annotated | OccurrenceKind::Plain => {
                let usage = self.entities.entry(o.id.clone()).or_default();
                let was = usage.total();
                step(if o.kind == OccurrenceKind::Annotated { &mut usage.annotated } else { &mut usage.plain });
                let now = usage.total();
                if now == 0 {
                    self.entities.remove(&o.id);
                }
                (was == 0) != (now == 0)
            }
            OccurrenceKind::AmbiguousPlain => false,
            OccurrenceKind::Tag => {
                let uses = self.tags.entry(o.id.clone()).or_default();
                let was = *uses;
                step(uses);
                let now = *uses;
                if now == 0 {
                    self.tags.remove(&o.id);
                }
                (was == 0) != (now == 0)
            }
        }
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// Every occurrence with its 0-based line, in line order.
    pub fn occurrences(&self) -> impl Iterator<Item = (usize, &Occurrence)> {
        self.lines.iter().enumerate().flat_map(|(i, line)| line.iter().map(move |o| (i, o)))
    }

    /// The occurrences of entity `id` (annotated, plain and ambiguous), with their lines.
    pub fn entity_occurrences<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (usize, &'a Occurrence)> + 'a {
        self.occurrences().filter(move |(_, o)| o.kind != OccurrenceKind::Tag && &*o.id == id)
    }

    pub fn entity_usage(&self, id: &str) -> Usage {
        self.entities.get(id).copied().unwrap_or_default()
    }

    pub fn tag_uses(&self, id: &str) -> usize {
        self.tags.get(id).copied().unwrap_or_default()
    }

    /// Every entity the file mentions, with its usage (no zero totals).
    pub fn entity_usages(&self) -> impl Iterator<Item = (&str, Usage)> {
        self.entities.iter().map(|(id, u)| (&**id, *u))
    }

    /// Every tag the file uses, with how often.
    pub fn tag_usages(&self) -> impl Iterator<Item = (&str, usize)> {
        self.tags.iter().map(|(id, n)| (&**id, *n))
    }
}

/// How the corpus uses something, with the files that do, most first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusUsage {
    pub total: Usage,
    /// `(file name, usage in it)`, most used first, then by name.
    pub files: Vec<(String, Usage)>,
}

/// Every indexed file, by key.
#[derive(Clone, Debug, Default)]
pub struct WorkspaceIndex {
    files: HashMap<String, FileIndex>,
}

impl WorkspaceIndex {
    pub fn insert(&mut self, key: impl Into<String>, file: FileIndex) {
        self.files.insert(key.into(), file);
    }

    pub fn remove(&mut self, key: &str) -> Option<FileIndex> {
        self.files.remove(key)
    }

    pub fn get(&self, key: &str) -> Option<&FileIndex> {
        self.files.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut FileIndex> {
        self.files.get_mut(key)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.files.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &FileIndex)> {
        self.files.iter().map(|(k, f)| (k.as_str(), f))
    }

    pub fn entity_usage(&self, id: &str) -> CorpusUsage {
        self.usage(|f| f.entity_usage(id))
    }

    pub fn tag_usage(&self, id: &str) -> CorpusUsage {
        self.usage(|f| Usage { annotated: f.tag_uses(id), plain: 0 })
    }

    fn usage(&self, of: impl Fn(&FileIndex) -> Usage) -> CorpusUsage {
        let mut out = CorpusUsage::default();
        for file in self.files.values() {
            let u = of(file);
            if u.total() > 0 {
                out.total.annotated += u.annotated;
                out.total.plain += u.plain;
                out.files.push((file.name.clone(), u));
            }
        }
        out.files.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diagnostics::SeverityConfig;
    use crate::analysis::document::analyze_line;
    use crate::analysis::fixture::ranges;

    pub(crate) fn catalogue() -> Catalogue {
        crate::analysis::fixture::catalogue(
            r#"{"entities": [
                {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
                {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["Wang"]},
                {"id": "wang-wenbin", "name": "Wang Wenbin", "kind": "person", "aliases": ["Wang"]},
                {"id": "xinjiang", "name": "Xinjiang", "kind": "place"}
            ], "tags": [{"id": "taiwan", "label": "Taiwan"}]}"#,
        )
    }

    fn summary(text: &str) -> Vec<LineSummary> {
        summarize_text(text, &catalogue())
    }

    #[test]
    fn occurrences_with_spans() {
        let (text, spans) = ranges(
            "“[Blinken]{antony-blinken}’s” talks in Xinjiang — Wang said. #taiwan\n\
             \u{20}^^^^^^^^^^^^^^^^^^^^^^^^^             ^^^^^^^^   ^^^^       ^^^^^^^",
        );
        let lines = summary(&text);
        let got: Vec<(OccurrenceKind, &str, Span)> = lines[0].iter().map(|o| (o.kind, &*o.id, o.span)).collect();
        use OccurrenceKind::*;
        assert_eq!(
            got,
            [
                (Annotated, "antony-blinken", spans[0]),
                (Plain, "xinjiang", spans[1]),
                (AmbiguousPlain, "wang-yi", spans[2]),
                (AmbiguousPlain, "wang-wenbin", spans[2]),
                (Tag, "taiwan", spans[3]),
            ]
        );
    }

    #[test]
    fn same_summary_from_an_analysed_line() {
        let cat = catalogue();
        let line = "[Wang Yi]{wang-yi} met Blinken. #taiwan #unknown";
        let analysis = analyze_line(line, &cat, &SeverityConfig::default());
        assert_eq!(vec![summarize_line(line, &analysis, &cat)], summarize_text(line, &cat));
    }

    #[test]
    fn splicing_keeps_totals() {
        let text = "[Blinken]{antony-blinken} and Blinken\nXinjiang\n#taiwan Blinken";
        let mut file = FileIndex::new("a.txt", summary(text));
        assert_eq!(file.entity_usage("antony-blinken"), Usage { annotated: 1, plain: 2 });
        assert_eq!(file.tag_uses("taiwan"), 1);
        // Replace line 1 (`Xinjiang`) by two lines.
        file.splice(1..2, summary("Blinken\n#taiwan #taiwan"));
        assert_eq!(file.line_count(), 4);
        assert_eq!(file.entity_usage("antony-blinken"), Usage { annotated: 1, plain: 3 });
        assert_eq!(file.entity_usage("xinjiang"), Usage::default());
        assert_eq!(file.tag_uses("taiwan"), 3);
        let fresh = FileIndex::new(
            "a.txt",
            summary("[Blinken]{antony-blinken} and Blinken\nBlinken\n#taiwan #taiwan\n#taiwan Blinken"),
        );
        assert_eq!(file.entity_usage("antony-blinken"), fresh.entity_usage("antony-blinken"));
        assert_eq!(file.occurrences().collect::<Vec<_>>(), fresh.occurrences().collect::<Vec<_>>());
        let lines: Vec<usize> = file.entity_occurrences("antony-blinken").map(|(l, _)| l).collect();
        assert_eq!(lines, [0, 0, 1, 3]);
    }

    #[test]
    fn workspace_usage_lists_files_most_first() {
        let mut index = WorkspaceIndex::default();
        index.insert("/a", FileIndex::new("a.txt", summary("Blinken")));
        index.insert("/b", FileIndex::new("b.txt", summary("[Blinken]{antony-blinken} Blinken #taiwan")));
        index.insert("/c", FileIndex::new("c.txt", summary("Wang")));
        let u = index.entity_usage("antony-blinken");
        assert_eq!(u.total, Usage { annotated: 1, plain: 2 });
        let names: Vec<&str> = u.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["b.txt", "a.txt"]);
        assert_eq!(index.entity_usage("wang-yi").total.total(), 0, "ambiguous aliases are not counted");
        assert_eq!(index.tag_usage("taiwan").total.annotated, 1);
        index.remove("/b");
        assert_eq!(index.entity_usage("antony-blinken").total, Usage { annotated: 0, plain: 1 });
    }
}
