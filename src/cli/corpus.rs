//! The corpus model shared by `stats`, `agree` and `report`: the files under
//! some paths, each read once, stripped once (`analysis::strip`), with its
//! governing catalogue and its plain alias occurrences; and the per-entity /
//! per-tag counts (`Stats`) every command reports from. There is no second
//! parser or counter: the commands only format what this module computes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::conflict;
use crate::analysis::document::{lines, plain_aliases};
use crate::analysis::markup::parse_line;
use crate::analysis::strip::{Stripped, strip};
use crate::analysis::{Catalogue, Diagnostic, Kind, LineIndex, PositionEncoding, Span, analyze_document};
use crate::cli::lint::collect_files;
use crate::workspace::{CatalogueFile, Catalogues, read_text};

/// A plain (not annotated) occurrence of a catalogued alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainOccurrence {
    /// Byte span in the annotated text.
    pub span: Span,
    /// The ids of the entities that have this alias (more than one: ambiguous).
    pub entities: Vec<String>,
}

/// One corpus file, read and stripped.
#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    /// The path under the folder given on the command line (forward slashes).
    pub key: String,
    /// The annotated text.
    pub text: String,
    pub stripped: Stripped,
    pub plain: Vec<PlainOccurrence>,
    /// Unresolved conflict blocks in the file on disk (only with
    /// [`Conflicted::FirstSection`]; `text` is then the first sections).
    pub conflicts: usize,
    catalogue: Arc<Catalogue>,
}

impl Document {
    pub fn new(path: PathBuf, key: String, text: String, catalogue: Arc<Catalogue>) -> Document {
        let stripped = strip(&text);
        let mut plain = Vec::new();
        for (start, line) in lines(&text) {
            let markup = parse_line(line);
            for m in plain_aliases(line, &markup, &catalogue) {
                let entities = catalogue
                    .matcher
                    .entities(m.alias)
                    .iter()
                    .map(|&owner| catalogue.entities[owner as usize].id.clone())
                    .collect();
                plain.push(PlainOccurrence { span: m.span.shift(start), entities });
            }
        }
        Document { path, key, text, stripped, plain, conflicts: 0, catalogue }
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The kind of an entity id in this document's catalogue.
    pub fn kind(&self, id: &str) -> Option<Kind> {
        self.catalogue.entity(id).map(|e| e.kind)
    }

    /// The document's diagnostics under its catalogue's severities (what
    /// `lint` reports for it).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        analyze_document(&self.text, &self.catalogue, &self.catalogue.severities)
    }

    /// Where offsets of the annotated text land in the plain text.
    pub fn plain_map(&self) -> PlainMap {
        PlainMap::new(&self.text, &self.stripped)
    }
}

/// Annotated byte offset → plain byte offset: the bytes strip drops (a
/// mention's `[` and `]{id}`, an escape's `\`, the removed tag runs) are
/// subtracted; an offset inside dropped bytes lands where they stood.
#[derive(Debug)]
pub struct PlainMap {
    /// Dropped ranges of the annotated text, sorted and disjoint.
    dropped: Vec<Span>,
    /// `before[i]`: dropped bytes before `dropped[i]`.
    before: Vec<usize>,
}

impl PlainMap {
    pub fn new(annotated: &str, stripped: &Stripped) -> PlainMap {
        let mut dropped: Vec<Span> = stripped.removed.iter().map(|r| r.source).collect();
        for (start, line) in lines(annotated) {
            let markup = parse_line(line);
            // Strip turns every parsed mention into its surface (the rest stays as written).
            for m in &markup.mentions {
                dropped.push(Span::new(m.span.start + start, m.surface.start + start));
                dropped.push(Span::new(m.surface.end + start, m.span.end + start));
            }
            for e in &markup.escapes {
                let e = e.shift(start);
                // An escape inside a removed run (never the case for tags) is already dropped.
                if !dropped.iter().any(|d| d.start <= e.start && e.start < d.end) {
                    dropped.push(Span::new(e.start, e.start + 1));
                }
            }
        }
        dropped.sort_unstable();
        dropped.dedup();
        let mut before = Vec::with_capacity(dropped.len());
        let mut total = 0;
        for d in &dropped {
            before.push(total);
            total += d.len();
        }
        PlainMap { dropped, before }
    }

    /// The plain offset of annotated offset `at`.
    pub fn to_plain(&self, at: usize) -> usize {
        let i = self.dropped.partition_point(|d| d.start < at);
        if i == 0 {
            return at;
        }
        let d = self.dropped[i - 1];
        if at < d.end { d.start - self.before[i - 1] } else { at - self.before[i - 1] - d.len() }
    }

    /// A span of the annotated text in the plain text.
    pub fn span(&self, span: Span) -> Span {
        Span::new(self.to_plain(span.start), self.to_plain(span.end))
    }
}

/// 1-based line and column (in Unicode scalar values) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let pos = LineIndex::new(text).line_col(text, offset, PositionEncoding::Utf32);
    (pos.line as usize + 1, pos.col as usize + 1)
}

/// A file as collected, with its catalogue (when it loaded) and its document
/// (when it could be read).
#[derive(Debug)]
struct Slot {
    catalogue: Option<Arc<Catalogue>>,
    document: Option<usize>,
}

/// How [`Corpus::load_with`] treats a file with conflict blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflicted {
    /// A failure naming `file:line` (the commands that need one text).
    Refuse,
    /// Read as each block's first section, the count kept in `Document::conflicts`.
    FirstSection,
}

/// The corpus under some paths.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Files that could not be read or checked, as messages, in path order.
    pub failures: Vec<String>,
    /// How many files were refused for their conflict blocks (among `failures`).
    pub conflicted: usize,
    /// Every collected file in path order (also those not read).
    slots: Vec<Slot>,
}

impl Corpus {
    /// Reads every corpus file under `paths` (as `lint` collects them); a
    /// file with conflict blocks is a failure naming `file:line`.
    pub fn load(paths: &[PathBuf]) -> Corpus {
        Corpus::load_with(paths, Conflicted::Refuse)
    }

    /// [`Corpus::load`], with a file with conflict blocks refused or read as
    /// each block's first section.
    pub fn load_with(paths: &[PathBuf], conflicted: Conflicted) -> Corpus {
        let mut catalogues = Catalogues::default();
        let (files, failures) = collect_files(paths, &mut catalogues);
        let mut corpus = Corpus { failures, ..Corpus::default() };
        for file in files {
            let cat: Arc<CatalogueFile> = catalogues.for_file(&file.path);
            let Some(catalogue) = cat.catalogue.clone() else {
                corpus
                    .failures
                    .push(format!("{}: its catalogue has errors (run `corpus-lsp lint`)", file.path.display()));
                corpus.slots.push(Slot { catalogue: None, document: None });
                continue;
            };
            let read = read_text(&file.path).map(|text| match crate::cli::conflicted::refusal(&file.path, &text) {
                None => Ok((text, 0)),
                Some(why) if conflicted == Conflicted::Refuse => Err(why),
                Some(_) => {
                    let count = conflict::parse(&text).count();
                    Ok((conflict::first_sections(&text).into_owned(), count))
                }
            });
            let document = match read {
                Err(e) => {
                    corpus.failures.push(format!("{}: {e}", file.path.display()));
                    None
                }
                Ok(Err(why)) => {
                    corpus.failures.push(why);
                    corpus.conflicted += 1;
                    None
                }
                Ok(Ok((text, conflicts))) => {
                    let mut document = Document::new(file.path, file.key, text, catalogue.clone());
                    document.conflicts = conflicts;
                    corpus.documents.push(document);
                    Some(corpus.documents.len() - 1)
                }
            };
            corpus.slots.push(Slot { catalogue: Some(catalogue), document });
        }
        corpus
    }

    /// The document with this path, if it was read.
    pub fn by_path(&self, path: &Path) -> Option<&Document> {
        self.documents.iter().find(|d| d.path == path)
    }

    /// The distinct catalogues of the corpus, in the order first used.
    pub fn catalogues(&self) -> Vec<Arc<Catalogue>> {
        let mut out: Vec<Arc<Catalogue>> = Vec::new();
        for c in self.slots.iter().filter_map(|s| s.catalogue.as_ref()) {
            if !out.iter().any(|o| Arc::ptr_eq(o, c)) {
                out.push(c.clone());
            }
        }
        out
    }

    /// The per-entity and per-tag counts; `all` lists every catalogued entity
    /// and tag, also those never mentioned.
    pub fn stats(&self, all: bool) -> Stats {
        let mut stats = Stats::default();
        for slot in &self.slots {
            let Some(catalogue) = slot.catalogue.as_deref() else { continue };
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
            let Some(index) = slot.document else { continue };
            let document = &self.documents[index];
            let doc = stats.documents;
            stats.documents += 1;
            for m in &document.stripped.mentions {
                let e = entity(&mut stats.entities, catalogue, &m.id);
                e.annotated += 1;
                e.documents.insert(doc);
            }
            for occurrence in &document.plain {
                for id in &occurrence.entities {
                    let e = entity(&mut stats.entities, catalogue, id);
                    e.plain += 1;
                    e.documents.insert(doc);
                }
            }
            for t in &document.stripped.tags {
                let s = stats.tags.entry(t.id.clone()).or_insert_with(|| match catalogue.tag(&t.id) {
                    Some(tag) => TagStats { label: tag.label.clone(), known: true, ..TagStats::default() },
                    None => TagStats::default(),
                });
                s.uses += 1;
                s.paragraphs.insert((doc, t.paragraph.start));
                s.documents.insert(doc);
            }
        }
        stats
    }
}

fn entity<'s>(entities: &'s mut BTreeMap<String, EntityStats>, catalogue: &Catalogue, id: &str) -> &'s mut EntityStats {
    entities.entry(id.to_string()).or_insert_with(|| match catalogue.entity(id) {
        Some(e) => EntityStats { name: e.name.clone(), kind: Some(e.kind.as_str()), ..EntityStats::default() },
        None => EntityStats::default(),
    })
}

#[derive(Debug, Default, Clone)]
pub struct EntityStats {
    pub name: String,
    /// `None` for an id no catalogue knows.
    pub kind: Option<&'static str>,
    pub annotated: usize,
    pub plain: usize,
    /// Indexes into `Corpus::documents`.
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
    /// (document index, paragraph start in the plain text).
    pub paragraphs: BTreeSet<(usize, usize)>,
    pub documents: BTreeSet<usize>,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub documents: usize,
    pub entities: BTreeMap<String, EntityStats>,
    pub tags: BTreeMap<String, TagStats>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> Document {
        Document::new(PathBuf::from("a.txt"), "a.txt".into(), text.into(), crate::analysis::catalogue::builtin())
    }

    #[test]
    fn plain_map_follows_strip() {
        let text =
            "#taiwan\n“[Xi]{xi-jinping}” met \\#x [Blinken]{antony-blinken}. #red-lines\nnext [bad]{Not_Slug} end";
        let doc = document(text);
        let map = doc.plain_map();
        assert_eq!(map.to_plain(text.len()), doc.stripped.text.len());
        for m in &doc.stripped.mentions {
            assert_eq!(map.span(m.source), m.span, "{m:?}");
        }
        let at = |needle: &str| text.find(needle).unwrap();
        let plain_at = |needle: &str| doc.stripped.text.find(needle).unwrap();
        assert_eq!(map.to_plain(at("met")), plain_at("met"));
        assert_eq!(map.to_plain(at("#x")), plain_at("#x"));
        assert_eq!(map.to_plain(at("next")), plain_at("next"));
        assert_eq!(map.to_plain(at("[bad]")), plain_at("[bad]"));
        assert_eq!(map.to_plain(at("end")), plain_at("end"));
        // Inside a removed tag: where it stood.
        assert_eq!(map.to_plain(at("red-lines")), plain_at(".\nnext") + 1);
    }

    #[test]
    fn plain_map_on_the_seeds() {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(seeds).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let doc = document(&std::fs::read_to_string(&path).unwrap());
                let map = doc.plain_map();
                assert_eq!(map.to_plain(doc.text.len()), doc.stripped.text.len(), "{}", path.display());
                for m in &doc.stripped.mentions {
                    assert_eq!(map.span(m.source), m.span, "{}: {m:?}", path.display());
                }
            }
        }
    }
}
