//! The catalogue: the entities and topic tags a corpus knows, read from
//! `corpus.json`, with the byte span of every entry so that problems,
//! definitions and renames point into the file.
//!
//! Loading never stops at the first problem: it reports every one it finds,
//! each with its span. A catalogue with any error-level problem is not built
//! (the caller keeps its last good one); warnings leave it usable.
//!
//! Two paths read the text: a fast one (`fast.rs`: `serde_json` into the
//! entries, spans from the borrowed values' addresses) for a file with no
//! problem of its own, and the located one (`jsonc-parser`'s AST) that finds
//! and places every problem, taken whenever the fast one gives up. Both give
//! the same [`Parts`]; the checks across entries run after either.

use hashbrown::HashTable;
use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::hash::BuildHasher;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use jsonc_parser::ast::{Array, Object, ObjectProp, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::diagnostics::{Severity, SeverityConfig};
use super::matcher::AliasMatcher;
use super::{Span, is_slug};

pub mod cache;
mod fast;
mod words;

pub use words::Words;

/// The seeds' catalogue, compiled into the binary: used for files with no
/// `corpus.json` above them.
pub const BUILTIN_JSON: &str = include_str!("../../seeds/corpus.json");

/// The built-in catalogue, parsed once.
pub fn builtin() -> Arc<Catalogue> {
    static BUILTIN: LazyLock<Arc<Catalogue>> = LazyLock::new(|| {
        Arc::new(Catalogue::parse(BUILTIN_JSON).catalogue.expect("the built-in catalogue (seeds/corpus.json) is valid"))
    });
    BUILTIN.clone()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    Person,
    Place,
    Organization,
    Event,
    Document,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::Person, Kind::Place, Kind::Organization, Kind::Event, Kind::Document, Kind::Other];

    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organization => "organization",
            Kind::Event => "event",
            Kind::Document => "document",
            Kind::Other => "other",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> Result<Kind, ()> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s).ok_or(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    pub description: String,
    pub tags: Vec<String>,
    /// The entity's object in `corpus.json`.
    pub span: Span,
    /// The `"id"` value's string literal, quotes included.
    pub id_span: Span,
    /// Its Wikidata item (`Q42`), if any, and the span of the `"wikidata"`
    /// value's string literal, quotes included.
    pub wikidata: Option<(String, Span)>,
}

impl Entity {
    /// The Wikidata item id (`Q42`), if any.
    pub fn wikidata_id(&self) -> Option<&str> {
        self.wikidata.as_ref().map(|(q, _)| q.as_str())
    }

    /// The name and the aliases: every surface that refers to this entity.
    pub fn surfaces(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tag {
    pub id: String,
    pub label: String,
    pub description: String,
    pub span: Span,
    pub id_span: Span,
}

/// Something wrong in `corpus.json`, at `span`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CatalogueProblem {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
}

/// What loading gives: the catalogue unless there was an error, and every problem.
#[derive(Debug)]
pub struct Loaded {
    pub catalogue: Option<Catalogue>,
    pub problems: Vec<CatalogueProblem>,
}

impl Loaded {
    /// Whether two loads gave the same: the problems, and the catalogue's
    /// entries and settings (what both loading paths must agree on).
    pub fn same_as(&self, other: &Loaded) -> bool {
        let contents = |c: &Catalogue| {
            (
                c.include.clone(),
                c.exclude.clone(),
                c.entities.clone(),
                c.tags.clone(),
                c.severities,
                c.ignore.clone(),
                c.kb.clone(),
            )
        };
        self.problems == other.problems
            && self.catalogue.as_ref().map(contents) == other.catalogue.as_ref().map(contents)
    }
}

#[derive(Debug, Default)]
pub struct Catalogue {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub entities: Vec<Entity>,
    pub tags: Vec<Tag>,
    /// The `"diagnostics"` levels of this catalogue.
    pub severities: SeverityConfig,
    /// The `"ignore"` list: capitalised phrases that are not names
    /// (`uncatalogued-name` never flags them).
    pub ignore: Vec<String>,
    /// The `"kb"` file for linking (a KB JSONL file or a Wikidata dump),
    /// as written: relative to the catalogue's folder.
    pub kb: Option<String>,
    pub matcher: AliasMatcher,
    /// Entity id → its index (no copy of the ids: see [`StrIndex`]).
    entity_index: StrIndex,
    tag_index: StrIndex,
    /// Surface (name or alias) → the entities that have it.
    owners: SurfaceIndex,
    /// First character of an entity id → the entities whose id starts with
    /// it; made at the first suggestion in a large catalogue.
    ids_by_first: OnceLock<HashMap<char, Vec<u32>>>,
    /// Suggestions already computed for an unknown id (a mistaken id tends to
    /// recur across a corpus), by id and count.
    suggested: Mutex<HashMap<(String, usize), Vec<usize>>>,
}

/// Up to this many entities, suggestions scan every id.
const FULL_SCAN_LIMIT: usize = 5_000;

/// How many unknown ids a catalogue remembers suggestions for.
const SUGGESTION_MEMO: usize = 10_000;

pub const DEFAULT_INCLUDE: &str = "**/*.txt";

impl Catalogue {
    /// Builds a catalogue from entries already checked (tests, generators).
    pub fn new(entities: Vec<Entity>, tags: Vec<Tag>) -> Catalogue {
        let indexes = Indexes::new(&entities, &tags);
        let matcher = matcher_of(&entities, None);
        Catalogue::with_indexes(entities, tags, indexes, matcher)
    }

    fn with_indexes(entities: Vec<Entity>, tags: Vec<Tag>, indexes: Indexes, matcher: AliasMatcher) -> Catalogue {
        let Indexes { entities: entity_index, tags: tag_index, surfaces: owners } = indexes;
        Catalogue {
            include: vec![DEFAULT_INCLUDE.to_string()],
            exclude: Vec::new(),
            entities,
            tags,
            severities: SeverityConfig::default(),
            ignore: Vec::new(),
            kb: None,
            matcher,
            entity_index,
            tag_index,
            owners,
            ids_by_first: OnceLock::new(),
            suggested: Mutex::default(),
        }
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_index(id).map(|i| &self.entities[i])
    }

    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entity_index.get(id, |i| &self.entities[i].id)
    }

    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.tag_index.get(id, |i| &self.tags[i].id).map(|i| &self.tags[i])
    }

    /// The entities whose name or alias is exactly `surface`.
    pub fn owners(&self, surface: &str) -> &[usize] {
        self.owners.get(surface, &self.entities)
    }

    /// Up to `n` entity ids closest to `query`, best first. A large catalogue
    /// is searched among the ids sharing the query's first letter only (its
    /// ids are bucketed by it), so the cost stays small at 100,000 entities.
    pub fn closest_entity_ids(&self, query: &str, n: usize) -> Vec<&str> {
        let key = (query.to_string(), n);
        if let Some(found) = self.suggested.lock().ok().and_then(|memo| memo.get(&key).cloned()) {
            return found.into_iter().map(|i| self.entities[i].id.as_str()).collect();
        }
        let found = if self.entities.len() <= FULL_SCAN_LIMIT {
            closest(query, self.entities.iter().map(|e| e.id.as_str()), n)
        } else {
            let ids_by_first = self.ids_by_first.get_or_init(|| {
                let mut by_first: HashMap<char, Vec<u32>> = HashMap::default();
                for (i, entity) in self.entities.iter().enumerate() {
                    if let Some(c) = entity.id.chars().next() {
                        by_first.entry(c).or_default().push(i as u32);
                    }
                }
                by_first
            });
            let bucket = query.chars().next().and_then(|c| ids_by_first.get(&c)).map_or(&[][..], Vec::as_slice);
            closest(query, bucket.iter().map(|&i| self.entities[i as usize].id.as_str()), n)
        };
        if let Ok(mut memo) = self.suggested.lock()
            && memo.len() < SUGGESTION_MEMO
        {
            memo.insert(key, found.iter().filter_map(|id| self.entity_index(id)).collect());
        }
        found
    }

    /// Up to `n` tag ids closest to `query`, best first.
    pub fn closest_tag_ids(&self, query: &str, n: usize) -> Vec<&str> {
        closest(query, self.tags.iter().map(|t| t.id.as_str()), n)
    }

    /// Parses and checks `corpus.json`: on the fast path when the text has
    /// no problem of its own, else on the located one.
    pub fn parse(text: &str) -> Loaded {
        Catalogue::parse_for(text, None)
    }

    /// [`Catalogue::parse`] for linting the texts `words` were read from
    /// (`None`: any text): the same problems and entries, an alias matcher
    /// of the surfaces that may occur in those texts only (see
    /// [`Catalogue::with_indexes`]). What `lint` of a few files under a
    /// 100,000-entity catalogue loads.
    pub fn parse_for(text: &str, words: Option<&Words>) -> Loaded {
        let mut loader = Loader { text, problems: Vec::new() };
        // `lint` (words given) never reads the entities' descriptions.
        match fast::load_with(text, words.is_none()).or_else(|| loader.load()) {
            Some(parts) => loader.finish(parts, words),
            None => Loaded { catalogue: None, problems: loader.problems },
        }
    }

    /// The `include` and `exclude` globs that [`Catalogue::parse`] would give
    /// the catalogue, or `None` when it would give none (an error): what a
    /// walk for corpus files needs, without the catalogue's indexes and alias
    /// matcher (the entries are read and checked, then dropped).
    pub fn parse_globs(text: &str) -> Option<(Vec<String>, Vec<String>)> {
        let mut loader = Loader { text, problems: Vec::new() };
        let parts = match fast::load(text) {
            Some(parts) => parts,
            None => loader.load()?,
        };
        // Only errors matter here: shared surfaces give warnings.
        let ids = StrIndex::new(parts.entities.len(), |i| &parts.entities[i].id);
        loader.check_references(&parts.entities, &parts.tags, &ids, &SurfaceIndex::default());
        let has_error = loader.problems.iter().any(|p| p.severity == Severity::Error);
        (!has_error).then(|| (parts.include.unwrap_or_else(|| vec![DEFAULT_INCLUDE.to_string()]), parts.exclude))
    }

    /// Parses and checks `corpus.json` on the located path only (what
    /// [`Catalogue::parse`] gives whichever path it takes: tested).
    pub fn parse_located(text: &str) -> Loaded {
        let mut loader = Loader { text, problems: Vec::new() };
        match loader.load() {
            Some(parts) => loader.finish(parts, None),
            None => Loaded { catalogue: None, problems: loader.problems },
        }
    }
}

/// The alias matcher of `entities`. With `words`, it holds only the surfaces
/// that may occur in the texts they were read from ([`Words::may_occur`]):
/// it finds the same in those texts, and nothing is promised for any other.
fn matcher_of(entities: &[Entity], words: Option<&Words>) -> AliasMatcher {
    let may_occur = |s: &str| words.is_none_or(|w| w.may_occur(s));
    AliasMatcher::new(
        entities.iter().enumerate().flat_map(|(i, e)| e.surfaces().filter(|s| may_occur(s)).map(move |s| (s, i))),
    )
}

/// What `corpus.json` holds, read and checked entry by entry, not yet across
/// entries: what both loading paths give.
#[derive(Debug, Default)]
struct Parts {
    include: Option<Vec<String>>,
    exclude: Vec<String>,
    entities: Vec<Entity>,
    tags: Vec<Tag>,
    severities: SeverityConfig,
    ignore: Vec<String>,
    kb: Option<String>,
}

/// A catalogue's indexes by id and by surface, made before it is checked
/// across entries (they tell whether ids repeat and surfaces are shared).
struct Indexes {
    entities: StrIndex,
    tags: StrIndex,
    surfaces: SurfaceIndex,
}

impl Indexes {
    fn new(entities: &[Entity], tags: &[Tag]) -> Indexes {
        Indexes {
            entities: StrIndex::new(entities.len(), |i| &entities[i].id),
            tags: StrIndex::new(tags.len(), |i| &tags[i].id),
            surfaces: SurfaceIndex::new(entities),
        }
    }
}

impl Indexes {
    /// The indexes and the alias matcher of `parts` (for `words`), on two
    /// threads: the surface index; the id indexes and the alias matcher.
    fn with_matcher(parts: &Parts, words: Option<&Words>) -> (Indexes, AliasMatcher) {
        let ((ids, tag_ids, matcher), surfaces) = rayon::join(
            || {
                let ids = StrIndex::new(parts.entities.len(), |i| &parts.entities[i].id);
                let tag_ids = StrIndex::new(parts.tags.len(), |i| &parts.tags[i].id);
                (ids, tag_ids, matcher_of(&parts.entities, words))
            },
            || SurfaceIndex::new(&parts.entities),
        );
        (Indexes { entities: ids, tags: tag_ids, surfaces }, matcher)
    }
}

impl Catalogue {
    fn of_parts(parts: Parts, indexes: Indexes, matcher: AliasMatcher) -> Catalogue {
        let mut catalogue = Catalogue::with_indexes(parts.entities, parts.tags, indexes, matcher);
        if let Some(include) = parts.include {
            catalogue.include = include;
        }
        catalogue.exclude = parts.exclude;
        catalogue.severities = parts.severities;
        catalogue.ignore = parts.ignore;
        catalogue.kb = parts.kb;
        catalogue
    }

    /// The catalogue of parts already checked across entries, with no error
    /// (a cache's: [`cache::decode`]): its indexes and alias matcher (for
    /// `words`) built as loading builds them, no check run again.
    /// `surfaces` is the surface index's groups and owners as the cache
    /// kept them (checked to point into `parts`), so that only its hash
    /// table is made again; the ids are known to be unique (a repeated id is
    /// an error).
    fn from_checked(parts: Parts, words: Option<&Words>, surfaces: SurfaceIndex) -> Catalogue {
        let ((ids, tag_ids, matcher), surfaces) = rayon::join(
            || {
                let ids = StrIndex::unique(parts.entities.len(), |i| &parts.entities[i].id);
                let tag_ids = StrIndex::unique(parts.tags.len(), |i| &parts.tags[i].id);
                (ids, tag_ids, matcher_of(&parts.entities, words))
            },
            || surfaces.with_table(&parts.entities),
        );
        Catalogue::of_parts(parts, Indexes { entities: ids, tags: tag_ids, surfaces }, matcher)
    }
}

/// `a == b`, the first and last eight bytes compared as words when both are
/// 8 to 16 bytes long (most ids and names), the first and last four when 4
/// to 7: no call to `memcmp`.
#[inline]
pub(crate) fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    if (8..=16).contains(&n) {
        let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("eight bytes"));
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    // (4 to 7 bytes, `china`, `gaza`: the first and last four.)
    if (4..8).contains(&n) {
        let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("four bytes"));
        return half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4);
    }
    a == b
}

/// The FxHash of a string, for the string-free indexes (and the alias
/// matcher's and [`Words`]' tables).
pub(crate) fn hash_str(s: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(s)
}

/// Strings held elsewhere (entry `i`'s id, given by a closure) → `i`: a hash
/// table of indexes, so a 100,000-entity catalogue copies none of its ids.
/// For a repeated string the last entry wins (as a map collected from the
/// entries would).
#[derive(Debug, Default)]
struct StrIndex {
    table: HashTable<u32>,
    /// Whether a string repeats.
    repeats: bool,
}

impl StrIndex {
    fn new<'a>(len: usize, key_of: impl Fn(usize) -> &'a str) -> StrIndex {
        let mut table = HashTable::with_capacity(len);
        let mut repeats = false;
        for i in 0..len {
            let key = key_of(i);
            let hash = hash_str(key);
            match table.find_mut(hash, |&j: &u32| key_of(j as usize) == key) {
                Some(slot) => {
                    *slot = i as u32;
                    repeats = true;
                }
                None => {
                    table.insert_unique(hash, i as u32, |&j: &u32| hash_str(key_of(j as usize)));
                }
            }
        }
        StrIndex { table, repeats }
    }

    /// [`StrIndex::new`] of strings known to be distinct (no search before
    /// each insertion).
    fn unique<'a>(len: usize, key_of: impl Fn(usize) -> &'a str) -> StrIndex {
        let mut table = HashTable::with_capacity(len);
        for i in 0..len {
            table.insert_unique(hash_str(key_of(i)), i as u32, |&j: &u32| hash_str(key_of(j as usize)));
        }
        StrIndex { table, repeats: false }
    }

    fn get<'a>(&self, key: &str, key_of: impl Fn(usize) -> &'a str) -> Option<usize> {
        self.table.find(hash_str(key), |&i| same_str(key_of(i as usize), key)).map(|&i| i as usize)
    }
}

/// Surface (name or alias) → the entities that have it, in entity order, each
/// once: one group per distinct surface, named by its first entity and the
/// surface's place among that entity's surfaces (no copy of any string), its
/// entities a run of `owners`.
#[derive(Debug, Default)]
struct SurfaceIndex {
    table: HashTable<u32>,
    groups: Vec<SurfaceGroup>,
    owners: Vec<usize>,
    /// Whether a surface has more than one owner.
    shared: bool,
}

#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
struct SurfaceGroup {
    entity: u32,
    /// 0 for the name, `k` for the `k`-th alias.
    surface: u32,
    start: u32,
    len: u32,
}

/// Surface `k` of `entity` (0: the name, then the aliases).
fn surface_of(entity: &Entity, k: u32) -> &str {
    match k {
        0 => &entity.name,
        k => &entity.aliases[k as usize - 1],
    }
}

impl SurfaceIndex {
    fn new(entities: &[Entity]) -> SurfaceIndex {
        let total: usize = entities.iter().map(|e| 1 + e.aliases.len()).sum();
        let mut table = HashTable::with_capacity(total);
        // At most one group per surface (the capacity left over is never touched).
        let mut groups: Vec<SurfaceGroup> = Vec::with_capacity(total);
        // The group of each surface in turn (`u32::MAX`: its entity is already in it).
        let mut group_of: Vec<u32> = Vec::with_capacity(total);
        let mut last: Vec<u32> = Vec::with_capacity(total);
        let key = |groups: &[SurfaceGroup], g: u32| {
            let g = groups[g as usize];
            surface_of(&entities[g.entity as usize], g.surface)
        };
        for (i, entity) in entities.iter().enumerate() {
            for (k, surface) in entity.surfaces().enumerate() {
                let hash = hash_str(surface);
                let g = match table.find(hash, |&g| key(&groups, g) == surface) {
                    Some(&g) => g,
                    None => {
                        let g = groups.len() as u32;
                        groups.push(SurfaceGroup { entity: i as u32, surface: k as u32, start: 0, len: 0 });
                        last.push(u32::MAX);
                        table.insert_unique(hash, g, |&g| hash_str(key(&groups, g)));
                        g
                    }
                };
                if last[g as usize] == i as u32 {
                    group_of.push(u32::MAX);
                } else {
                    last[g as usize] = i as u32;
                    groups[g as usize].len += 1;
                    group_of.push(g);
                }
            }
        }
        let mut start = 0;
        let mut shared = false;
        for (group, next) in groups.iter_mut().zip(&mut last) {
            group.start = start;
            *next = start;
            start += group.len;
            shared |= group.len > 1;
        }
        let mut owners = vec![0; start as usize];
        let mut at = group_of.iter();
        for (i, entity) in entities.iter().enumerate() {
            for _ in entity.surfaces() {
                let &g = at.next().expect("one group per surface");
                if g != u32::MAX {
                    owners[last[g as usize] as usize] = i;
                    last[g as usize] += 1;
                }
            }
        }
        SurfaceIndex { table, groups, owners, shared }
    }

    /// The index of `groups` and `owners` (a cache's: [`SurfaceIndex::new`]'s
    /// of `entities`), or `None` when they do not point into `entities`.
    fn of_groups(groups: Vec<SurfaceGroup>, owners: Vec<usize>, entities: &[Entity]) -> Option<SurfaceIndex> {
        let fits = |g: &SurfaceGroup| {
            entities.get(g.entity as usize).is_some_and(|e| g.surface as usize <= e.aliases.len())
                && (g.start as usize).checked_add(g.len as usize).is_some_and(|end| end <= owners.len())
        };
        if !groups.iter().all(fits) || owners.iter().any(|&o| o >= entities.len()) {
            return None;
        }
        let shared = groups.iter().any(|g| g.len > 1);
        Some(SurfaceIndex { table: HashTable::new(), groups, owners, shared })
    }

    /// Makes the hash table of the groups (each surface once).
    fn with_table(mut self, entities: &[Entity]) -> SurfaceIndex {
        let key = |groups: &[SurfaceGroup], g: u32| {
            let g = groups[g as usize];
            surface_of(&entities[g.entity as usize], g.surface)
        };
        let mut table = HashTable::with_capacity(self.groups.len());
        for (g, group) in self.groups.iter().enumerate() {
            let hash = hash_str(surface_of(&entities[group.entity as usize], group.surface));
            table.insert_unique(hash, g as u32, |&g| hash_str(key(&self.groups, g)));
        }
        self.table = table;
        self
    }

    fn get<'a>(&'a self, surface: &str, entities: &[Entity]) -> &'a [usize] {
        let found = self.table.find(hash_str(surface), |&g| {
            let g = self.groups[g as usize];
            same_str(surface_of(&entities[g.entity as usize], g.surface), surface)
        });
        match found {
            Some(&g) => {
                let g = self.groups[g as usize];
                &self.owners[g.start as usize..(g.start + g.len) as usize]
            }
            None => &[],
        }
    }
}

/// Ids similar enough to `query` to offer, best first.
fn closest<'a>(query: &str, ids: impl Iterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = ids.filter_map(|id| similarity(query, id).map(|s| (s, id))).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, id)| id).collect()
}

/// Below this share of edits (optimal-string-alignment distance over the longer
/// length), an id is a typo of the other: `wang-yii` → `wang-yi`,
/// `taiwn` → `taiwan`, but not `eu` → `reuters`.
const MIN_SIMILARITY: f64 = 0.6;

/// How close `id` is to `query`, when close enough to offer "did you mean":
/// few edits relative to the length, or one's words (between hyphens) a run
/// of the other's (`blinken` → `antony-blinken`).
pub(crate) fn similarity(query: &str, id: &str) -> Option<f64> {
    if query.is_empty() || id.is_empty() {
        return None;
    }
    // Optimal-string-alignment distance (a transposition is one edit), computed
    // only when a cheap lower bound leaves the ids close enough: an edit changes
    // the letter counts by at most 2 (and the length by at most 1).
    let (q_len, i_len) = (query.chars().count(), id.chars().count());
    let longest = q_len.max(i_len) as f64;
    let allowed = (1.0 - MIN_SIMILARITY) * longest;
    let counts_apart =
        letter_counts(query).iter().zip(letter_counts(id)).map(|(a, b)| a.abs_diff(b) as usize).sum::<usize>();
    let edits = if q_len.abs_diff(i_len) as f64 <= allowed && counts_apart.div_ceil(2) as f64 <= allowed {
        1.0 - strsim::osa_distance(query, id) as f64 / longest
    } else {
        0.0
    };
    if edits >= MIN_SIMILARITY {
        return Some(edits);
    }
    let (q, i): (Vec<&str>, Vec<&str>) = (query.split('-').collect(), id.split('-').collect());
    let run = |long: &[&str], short: &[&str]| long.windows(short.len()).any(|w| w == short);
    (run(&i, &q) || run(&q, &i)).then_some(MIN_SIMILARITY * edits.max(0.5))
}

/// How often each slug character occurs in `s` (anything else in one bucket).
fn letter_counts(s: &str) -> [u8; 38] {
    let mut out = [0u8; 38];
    for b in s.bytes() {
        let i = match b {
            b'a'..=b'z' => (b - b'a') as usize,
            b'0'..=b'9' => 26 + (b - b'0') as usize,
            b'-' => 36,
            _ => 37,
        };
        out[i] = out[i].saturating_add(1);
    }
    out
}

/// `jsonc-parser` options for strict JSON (corpus.json is JSON, not JSONC).
pub(crate) fn strict_json() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

struct Loader<'t> {
    text: &'t str,
    problems: Vec<CatalogueProblem>,
}

fn span_of(node: &impl Ranged) -> Span {
    let r = node.range();
    Span::new(r.start, r.end)
}

impl<'t> Loader<'t> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push(CatalogueProblem { severity: Severity::Error, span, message: message.into() });
    }

    fn warning(&mut self, span: Span, message: impl Into<String>) {
        self.problems.push(CatalogueProblem { severity: Severity::Warning, span, message: message.into() });
    }

    /// Reads the text on the located path: the parts, or `None` when it is
    /// not JSON or not an object (the problem is recorded).
    fn load(&mut self) -> Option<Parts> {
        let parsed = match parse_to_ast(self.text, &CollectOptions::default(), &strict_json()) {
            Ok(parsed) => parsed,
            Err(e) => {
                let r = e.range();
                self.error(Span::new(r.start, r.end.max(r.start)), format!("invalid JSON: {}", e.kind()));
                return None;
            }
        };
        let Some(Value::Object(root)) = parsed.value else {
            self.error(Span::new(0, self.text.len()), "corpus.json must hold a JSON object");
            return None;
        };
        let mut parts = Parts::default();
        let (mut saw_entities, mut saw_tags) = (false, false);
        for prop in &root.properties {
            match prop.name.as_str() {
                "$schema" => {
                    self.string(prop);
                }
                "include" => parts.include = Some(self.globs(prop)),
                "exclude" => parts.exclude = self.globs(prop),
                "entities" => {
                    saw_entities = true;
                    if let Some(array) = self.array(prop) {
                        parts.entities = array.elements.iter().filter_map(|v| self.entity(v)).collect();
                    }
                }
                "tags" => {
                    saw_tags = true;
                    if let Some(array) = self.array(prop) {
                        parts.tags = array.elements.iter().filter_map(|v| self.tag(v)).collect();
                    }
                }
                "diagnostics" => parts.severities = self.severities(prop),
                "ignore" => parts.ignore = self.strings(prop).into_iter().map(|(s, _)| s).collect(),
                "kb" => {
                    parts.kb = self.string(prop);
                    if parts.kb.as_deref().is_some_and(|k| k.trim().is_empty()) {
                        self.error(span_of(&prop.value), "`kb` is empty: the path of a KB file");
                        parts.kb = None;
                    }
                }
                other => self.warning(span_of(&prop.name), format!("unknown property `{other}`")),
            }
        }
        let root_start = Span::new(root.range.start, root.range.start + 1);
        if !saw_entities {
            self.error(root_start, "missing required property `entities`");
        }
        if !saw_tags {
            self.error(root_start, "missing required property `tags`");
        }
        Some(parts)
    }

    /// Checks the parts across entries and builds the catalogue (kept only
    /// when no problem is an error).
    fn finish(mut self, mut parts: Parts, words: Option<&Words>) -> Loaded {
        let (indexes, matcher) = Indexes::with_matcher(&parts, words);
        self.check_references(&parts.entities, &parts.tags, &indexes.entities, &indexes.surfaces);
        if words.is_some() {
            // `lint` (words given) never reads an entity's tags once they are
            // checked: the catalogue cache then neither stores nor allocates them.
            for e in &mut parts.entities {
                e.tags = Vec::new();
            }
        }
        let has_error = self.problems.iter().any(|p| p.severity == Severity::Error);
        // A catalogue with errors is not used.
        let catalogue = (!has_error).then(|| Catalogue::of_parts(parts, indexes, matcher));
        Loaded { catalogue, problems: self.problems }
    }

    /// Duplicate ids, unknown tag references, aliases shared by two entities.
    /// The indexes already built tell whether any id repeats and whether any
    /// surface has two owners: without, those searches are skipped.
    fn check_references(&mut self, entities: &[Entity], tags: &[Tag], ids: &StrIndex, surfaces: &SurfaceIndex) {
        if ids.repeats {
            let mut seen: HashMap<&str, usize> = HashMap::default();
            for (i, e) in entities.iter().enumerate() {
                if let Some(&first) = seen.get(e.id.as_str()) {
                    let line = line_of(self.text, entities[first].id_span.start);
                    self.error(e.id_span, format!("duplicate entity id `{}` (first defined on line {line})", e.id));
                } else {
                    seen.insert(&e.id, i);
                }
            }
        }
        if entities.iter().any(|e| e.wikidata.is_some()) {
            let mut seen: HashMap<&str, usize> = HashMap::default();
            for (i, e) in entities.iter().enumerate() {
                let Some((q, span)) = &e.wikidata else { continue };
                match seen.get(q.as_str()) {
                    Some(&first) => {
                        let other = &entities[first];
                        let line = line_of(self.text, other.wikidata.as_ref().map_or(other.id_span, |w| w.1).start);
                        self.warning(
                            *span,
                            format!(
                                "Wikidata item `{q}` is also `{}`'s (line {line}): two entries for one real thing",
                                other.id
                            ),
                        );
                    }
                    None => {
                        seen.insert(q, i);
                    }
                }
            }
        }
        let mut seen_tags: HashMap<&str, usize> = HashMap::default();
        for (i, t) in tags.iter().enumerate() {
            if let Some(&first) = seen_tags.get(t.id.as_str()) {
                let line = line_of(self.text, tags[first].id_span.start);
                self.error(t.id_span, format!("duplicate tag id `{}` (first defined on line {line})", t.id));
            } else {
                seen_tags.insert(&t.id, i);
            }
        }
        let mut alias_owner: HashMap<&str, &Entity> = HashMap::default();
        for e in entities {
            if e.tags.is_empty() && !surfaces.shared {
                continue;
            }
            for tag in &e.tags {
                if !seen_tags.contains_key(tag.as_str()) {
                    let span = self.find_string_in(e.span, tag).unwrap_or(e.id_span);
                    let hint = closest(tag, tags.iter().map(|t| t.id.as_str()), 1);
                    let hint = hint.first().map(|h| format!("; did you mean `{h}`?")).unwrap_or_default();
                    self.error(span, format!("entity `{}` names unknown tag `{tag}`{hint}", e.id));
                }
            }
            if !surfaces.shared {
                continue;
            }
            for (k, surface) in e.surfaces().enumerate() {
                if e.surfaces().take(k).any(|s| s == surface) {
                    continue;
                }
                match alias_owner.get(surface) {
                    Some(other) if other.id != e.id => {
                        let span = self.find_string_in(e.span, surface).unwrap_or(e.id_span);
                        self.warning(
                            span,
                            format!(
                                "alias `{surface}` is shared by `{}` and `{}`: it is ambiguous, so plain-text occurrences are not attributed",
                                other.id, e.id
                            ),
                        );
                    }
                    Some(_) => {}
                    None => {
                        alias_owner.insert(surface, e);
                    }
                }
            }
        }
    }

    /// The span of the string literal `"value"` inside `within`, for pointing
    /// at an array element after the fact.
    fn find_string_in(&self, within: Span, value: &str) -> Option<Span> {
        let needle = serde_json::to_string(value).ok()?;
        let at = self.text[within.start..within.end].find(&needle)?;
        Some(Span::new(within.start + at, within.start + at + needle.len()))
    }

    fn string(&mut self, prop: &ObjectProp) -> Option<String> {
        match &prop.value {
            Value::StringLit(s) => Some(s.value.to_string()),
            other => {
                self.error(span_of(other), format!("`{}` must be a string", prop.name.as_str()));
                None
            }
        }
    }

    fn array<'a>(&mut self, prop: &'a ObjectProp<'a>) -> Option<&'a Array<'a>> {
        match &prop.value {
            Value::Array(a) => Some(a),
            other => {
                self.error(span_of(other), format!("`{}` must be an array", prop.name.as_str()));
                None
            }
        }
    }

    fn strings(&mut self, prop: &ObjectProp) -> Vec<(String, Span)> {
        let Some(array) = self.array(prop) else { return Vec::new() };
        let mut out = Vec::new();
        for v in &array.elements {
            match v {
                Value::StringLit(s) => out.push((s.value.to_string(), span_of(s))),
                other => self.error(span_of(other), format!("`{}` must hold strings", prop.name.as_str())),
            }
        }
        out
    }

    fn globs(&mut self, prop: &ObjectProp) -> Vec<String> {
        let mut out = Vec::new();
        for (glob, span) in self.strings(prop) {
            match glob_problem(&glob) {
                None => out.push(glob),
                Some(problem) => self.error(span, problem),
            }
        }
        out
    }

    fn severities(&mut self, prop: &ObjectProp) -> SeverityConfig {
        let Value::Object(obj) = &prop.value else {
            self.error(span_of(&prop.value), "`diagnostics` must be an object of CODE: LEVEL");
            return SeverityConfig::default();
        };
        let mut out = SeverityConfig::default();
        for p in &obj.properties {
            let one = serde_json::json!({ p.name.as_str(): ast_to_json(&p.value) });
            let (config, problems) = SeverityConfig::from_json(&one);
            for problem in problems {
                self.error(span_of(p), problem);
            }
            out = out.merged(&config);
        }
        out
    }

    /// Reads the fields of `obj`, reporting unknown ones and wrong types.
    fn fields<'a>(&mut self, obj: &'a Object<'a>, what: &str, known: &[&str]) -> HashMap<&'a str, &'a ObjectProp<'a>> {
        let mut out = HashMap::default();
        for p in &obj.properties {
            let name = p.name.as_str();
            if !known.contains(&name) {
                self.warning(span_of(&p.name), format!("unknown {what} property `{name}`"));
            } else if out.insert(name, p).is_some() {
                self.error(span_of(&p.name), format!("duplicate property `{name}`"));
            }
        }
        out
    }

    fn id(&mut self, fields: &HashMap<&str, &ObjectProp>, obj: &Object, what: &str) -> Option<(String, Span)> {
        let Some(prop) = fields.get("id") else {
            self.error(Span::new(obj.range.start, obj.range.start + 1), format!("{what} without `id`"));
            return None;
        };
        let id = self.string(prop)?;
        let span = span_of(&prop.value);
        if !is_slug(&id) {
            let slug = super::slugify(&id);
            self.error(span, format!("{what} id `{id}` is not a kebab-case slug (try `{slug}`)"));
        }
        Some((id, span))
    }

    fn required_string(
        &mut self,
        fields: &HashMap<&str, &ObjectProp>,
        obj: &Object,
        name: &str,
        owner: &str,
    ) -> Option<String> {
        match fields.get(name) {
            Some(prop) => {
                let s = self.string(prop)?;
                if s.trim().is_empty() {
                    self.error(span_of(&prop.value), format!("`{name}` of `{owner}` is empty"));
                }
                Some(s)
            }
            None => {
                self.error(Span::new(obj.range.start, obj.range.start + 1), format!("`{owner}` has no `{name}`"));
                None
            }
        }
    }

    fn entity(&mut self, value: &Value) -> Option<Entity> {
        let Value::Object(obj) = value else {
            self.error(span_of(value), "an entity must be an object");
            return None;
        };
        let fields = self.fields(obj, "entity", &["id", "name", "kind", "aliases", "description", "tags", "wikidata"]);
        let (id, id_span) = self.id(&fields, obj, "entity")?;
        let name = self.required_string(&fields, obj, "name", &id);
        let kind = match fields.get("kind") {
            None => {
                self.error(Span::new(obj.range.start, obj.range.start + 1), format!("entity `{id}` has no `kind`"));
                None
            }
            Some(prop) => self.string(prop).and_then(|k| match k.parse::<Kind>() {
                Ok(kind) => Some(kind),
                Err(()) => {
                    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                    self.error(
                        span_of(&prop.value),
                        format!("unknown kind `{k}` (expected one of {})", kinds.join(", ")),
                    );
                    None
                }
            }),
        };
        let mut aliases = Vec::new();
        if let Some(prop) = fields.get("aliases") {
            for (alias, span) in self.strings(prop) {
                match alias_problem(&alias) {
                    Some(problem) => self.error(span, problem),
                    None => aliases.push(alias),
                }
            }
        }
        let description = fields.get("description").and_then(|p| self.string(p)).unwrap_or_default();
        let tags = fields.get("tags").map(|p| self.strings(p)).unwrap_or_default();
        for (tag, span) in &tags {
            if !is_slug(tag) {
                self.error(*span, format!("tag id `{tag}` is not a kebab-case slug"));
            }
        }
        let wikidata = fields.get("wikidata").and_then(|p| {
            let q = self.string(p)?;
            let span = span_of(&p.value);
            if !is_wikidata_id(&q) {
                self.error(
                    span,
                    format!("`wikidata` of `{id}` is `{q}`, not a Wikidata item id (`Q` and a number, e.g. `Q42`)"),
                );
                return None;
            }
            Some((q, span))
        });
        Some(Entity {
            id: id.clone(),
            // An error is already reported for a missing name or a bad kind, so
            // the catalogue will not be built; the entry stays for the checks below.
            name: name.unwrap_or_else(|| id.clone()),
            kind: kind.unwrap_or(Kind::Other),
            aliases,
            description,
            tags: tags.into_iter().map(|(t, _)| t).collect(),
            span: span_of(obj),
            id_span,
            wikidata,
        })
    }

    fn tag(&mut self, value: &Value) -> Option<Tag> {
        let Value::Object(obj) = value else {
            self.error(span_of(value), "a tag must be an object");
            return None;
        };
        let fields = self.fields(obj, "tag", &["id", "label", "description"]);
        let (id, id_span) = self.id(&fields, obj, "tag")?;
        let label = self.required_string(&fields, obj, "label", &id)?;
        let description = fields.get("description").and_then(|p| self.string(p)).unwrap_or_default();
        Some(Tag { id, label, description, span: span_of(obj), id_span })
    }
}

/// What is wrong with an `include` / `exclude` glob, if anything.
fn glob_problem(glob: &str) -> Option<String> {
    if glob.starts_with('/') || glob.split(['/', '\\']).any(|part| part == "..") {
        return Some(format!("glob `{glob}` reaches outside the catalogue's folder: globs are relative to it"));
    }
    globset::Glob::new(glob).err().map(|e| format!("invalid glob `{glob}`: {}", e.kind()))
}

/// Whether `id` is a Wikidata item id: `Q` and a number without leading zero
/// (the schema's `^Q[1-9][0-9]*$`).
pub fn is_wikidata_id(id: &str) -> bool {
    let digits = id.strip_prefix('Q').unwrap_or("");
    digits.bytes().all(|b| b.is_ascii_digit()) && digits.bytes().next().is_some_and(|b| b != b'0')
}

/// The link to a Wikidata item's page.
pub fn wikidata_url(id: &str) -> String {
    format!("https://www.wikidata.org/wiki/{id}")
}

/// What is wrong with an alias, if anything.
fn alias_problem(alias: &str) -> Option<&'static str> {
    if alias.trim().is_empty() {
        Some("empty alias")
    } else if alias.contains(['\n', '\r']) {
        Some("an alias lies on one line")
    } else {
        None
    }
}

fn ast_to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::StringLit(s) => serde_json::Value::String(s.value.to_string()),
        Value::BooleanLit(b) => serde_json::Value::Bool(b.value),
        Value::NullKeyword(_) => serde_json::Value::Null,
        Value::NumberLit(n) => serde_json::from_str(n.value).unwrap_or(serde_json::Value::Null),
        Value::Array(a) => a.elements.iter().map(ast_to_json).collect(),
        Value::Object(o) => o.properties.iter().map(|p| (p.name.as_str().to_string(), ast_to_json(&p.value))).collect(),
    }
}

/// 1-based line of byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..offset]).count()
}

#[cfg(test)]
mod same_str_tests {
    use super::same_str;

    proptest::proptest! {
        /// As `==`, at every length around the eight-byte words it compares.
        #[test]
        fn same_str_as_eq(a in "[ab]{0,20}", b in "[ab]{0,20}", k in 0usize..20) {
            proptest::prop_assert_eq!(same_str(&a, &b), a == b);
            // `a` with its byte `k` changed, and `a` itself.
            let mut c = a.clone().into_bytes();
            if let Some(byte) = c.get_mut(k) {
                *byte = if *byte == b'a' { b'b' } else { b'a' };
            }
            let c = String::from_utf8(c).unwrap();
            proptest::prop_assert_eq!(same_str(&a, &c), a == c);
            proptest::prop_assert!(same_str(&a, &a.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn problems(json: &str) -> Vec<(Severity, String, String)> {
        let loaded = Catalogue::parse(json);
        loaded.problems.iter().map(|p| (p.severity, p.span.of(json).to_string(), p.message.clone())).collect()
    }

    const GOOD: &str = r#"{
  "include": ["**/*.txt"],
  "entities": [
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person",
      "aliases": ["Blinken", "Mr. Blinken"], "description": "U.S. Secretary of State.", "tags": ["us-diplomacy"] },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person" }
  ],
  "tags": [ { "id": "us-diplomacy", "label": "U.S. diplomacy" } ],
  "diagnostics": { "unannotated-mention": "warning" }
}"#;

    #[test]
    fn loads_a_good_catalogue() {
        let loaded = Catalogue::parse(GOOD);
        assert_eq!(loaded.problems, []);
        let cat = loaded.catalogue.unwrap();
        assert_eq!(cat.entities.len(), 2);
        let blinken = cat.entity("antony-blinken").unwrap();
        assert_eq!(blinken.id_span.of(GOOD), "\"antony-blinken\"");
        assert_eq!(cat.owners("Mr. Blinken"), &[0]);
        assert_eq!(cat.owners("Wang Yi"), &[1]);
        assert_eq!(cat.tag("us-diplomacy").unwrap().label, "U.S. diplomacy");
        assert_eq!(cat.severities.severity(crate::analysis::Code::UnannotatedMention), Some(Severity::Warning));
        assert_eq!(cat.closest_entity_ids("wang-yii", 3), ["wang-yi"]);
    }

    #[test]
    fn syntax_error_has_a_place() {
        let json = "{\n  \"entities\": [,]\n}";
        let got = problems(json);
        assert_eq!(got.len(), 1);
        assert!(got[0].2.starts_with("invalid JSON"), "{got:?}");
        assert!(Catalogue::parse(json).catalogue.is_none());
    }

    #[test]
    fn semantic_errors() {
        let json = r#"{
  "entities": [
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["Wang"] },
    { "id": "wang-yi", "name": "Wang Yi again", "kind": "person" },
    { "id": "Wang_Wenbin", "name": "Wang Wenbin", "kind": "person", "aliases": ["Wang"] },
    { "id": "x", "name": "X", "kind": "planet", "tags": ["taiwn"] }
  ],
  "tags": [ { "id": "taiwan", "label": "Taiwan" } ],
  "diagnostics": { "unknown-tag": "loud" },
  "extra": 1
}"#;
        let got = problems(json);
        let summary: Vec<(Severity, &str)> = got.iter().map(|(s, span, _)| (*s, span.as_str())).collect();
        assert_eq!(
            summary,
            [
                (Severity::Error, "\"Wang_Wenbin\""),
                (Severity::Error, "\"planet\""),
                (Severity::Error, "\"unknown-tag\": \"loud\""),
                (Severity::Warning, "\"extra\""),
                (Severity::Error, "\"wang-yi\""),
                (Severity::Warning, "\"Wang\""),
                (Severity::Error, "\"taiwn\""),
            ],
            "{got:#?}"
        );
        assert!(got[4].2.contains("first defined on line 3"));
        assert!(got[6].2.contains("did you mean `taiwan`"));
        assert!(Catalogue::parse(json).catalogue.is_none());
    }

    #[test]
    fn wikidata_ids_are_checked() {
        let json = r#"{
  "entities": [
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person", "wikidata": "Q1501226" },
    { "id": "wang-yi-2", "name": "Wang Yi (2)", "kind": "person", "wikidata": "Q1501226" },
    { "id": "china", "name": "China", "kind": "place", "wikidata": "Q148" }
  ],
  "tags": []
}"#;
        let loaded = Catalogue::parse(json);
        let got = problems(json);
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!((got[0].0, got[0].1.as_str()), (Severity::Warning, "\"Q1501226\""));
        assert!(got[0].2.contains("`wang-yi`") && got[0].2.contains("line 3"), "{}", got[0].2);
        let cat = loaded.catalogue.expect("a warning keeps the catalogue");
        let second = cat.entity("wang-yi-2").unwrap();
        assert_eq!(second.wikidata.as_ref().map(|w| w.1), Some(loaded.problems[0].span), "on the second entry");
        assert_eq!(cat.entity("china").unwrap().wikidata_id(), Some("Q148"));
        assert_eq!(cat.entity("china").unwrap().wikidata.as_ref().unwrap().1.of(json), "\"Q148\"");
        for bad in
            [r#""Q0148""#, r#""q148""#, r#""Q""#, r#""148""#, r#""Q14 8""#, r#""P31""#, "148", "null", r#"["Q148"]"#]
        {
            let json = json.replace(r#""Q148""#, bad);
            let got = problems(&json);
            let errors: Vec<&str> = got.iter().filter(|p| p.0 == Severity::Error).map(|p| p.1.as_str()).collect();
            assert_eq!(errors, [bad], "{bad}: {got:#?}");
            assert!(Catalogue::parse(&json).catalogue.is_none(), "{bad}");
        }
        assert!(is_wikidata_id("Q42") && is_wikidata_id("Q1") && !is_wikidata_id("Q") && !is_wikidata_id("Q01"));
        assert_eq!(wikidata_url("Q42"), "https://www.wikidata.org/wiki/Q42");
    }

    #[test]
    fn suggestions_in_a_large_catalogue() {
        let entity = |id: String| Entity {
            name: id.clone(),
            id,
            kind: Kind::Person,
            aliases: Vec::new(),
            description: String::new(),
            tags: Vec::new(),
            span: Span::default(),
            id_span: Span::default(),
            wikidata: None,
        };
        let entities: Vec<Entity> = (0..FULL_SCAN_LIMIT + 10)
            .map(|i| entity(format!("person-{i}")))
            .chain([entity("wang-yi".into())])
            .collect();
        let cat = Catalogue::new(entities, Vec::new());
        assert_eq!(cat.closest_entity_ids("wang-yii", 3), ["wang-yi"]);
        assert_eq!(cat.closest_entity_ids("person-12a", 1), ["person-12"]);
        assert!(cat.closest_entity_ids("", 3).is_empty());
    }

    #[test]
    fn only_close_ids_are_suggested() {
        let ids = ["reuters", "antony-blinken", "wang-yi", "united-states", "eu-commission", "taiwan"];
        let close = |q: &str| closest(q, ids.into_iter(), 3);
        assert_eq!(close("eu"), ["eu-commission"]);
        assert!(close("european").is_empty(), "{:?}", close("european"));
        assert_eq!(close("wang-yii"), ["wang-yi"]);
        assert_eq!(close("antony-blinkn"), ["antony-blinken"]);
        assert_eq!(close("blinken"), ["antony-blinken"]);
        assert_eq!(close("taiwn"), ["taiwan"]);
        assert!(close("us").is_empty());
        assert!(close("china").is_empty());
        assert!(close("").is_empty());
    }

    #[test]
    fn globs_stay_inside_the_catalogue_folder() {
        let json =
            r#"{"include": ["../**/*.txt", "/etc/*.txt", "a/../../x", "ok/**/*.txt"], "entities": [], "tags": []}"#;
        let got = problems(json);
        let spans: Vec<&str> = got.iter().map(|(_, span, _)| span.as_str()).collect();
        assert_eq!(spans, ["\"../**/*.txt\"", "\"/etc/*.txt\"", "\"a/../../x\""]);
        assert!(got[0].2.contains("reaches outside"));
    }

    /// Both paths give the same load of `json`; returns whether the fast path
    /// took it (it gives up on any problem of the file's own).
    fn check_paths(json: &str) -> bool {
        let (loaded, located) = (Catalogue::parse(json), Catalogue::parse_located(json));
        assert!(
            loaded.same_as(&located),
            "{json}\nfast: {:#?}\nlocated: {:#?}",
            (&loaded.problems, loaded.catalogue.as_ref().map(|c| &c.entities)),
            (&located.problems, located.catalogue.as_ref().map(|c| &c.entities))
        );
        fast::load(json).is_some()
    }

    #[test]
    fn fast_path_loads_the_catalogues_of_the_repository() {
        for (name, json) in [
            ("seeds/corpus.json", BUILTIN_JSON),
            ("GOOD", GOOD),
            ("export", include_str!("../../tests/fixtures/export/corpus.json")),
            ("candidates", include_str!("../../tests/fixtures/candidates/corpus.json")),
            ("mistakes", include_str!("../../tests/fixtures/mistakes/corpus.json")),
            ("seeds-corpus-round1", include_str!("../../tests/fixtures/seeds-corpus-round1.json")),
            ("empty", r#"{"entities": [], "tags": []}"#),
        ] {
            assert!(check_paths(json), "{name}: the fast path gave up");
            let crlf = json.replace('\n', "\r\n");
            assert!(check_paths(&crlf), "{name} (CRLF): the fast path gave up");
            let compact = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(json).unwrap()).unwrap();
            assert!(check_paths(&compact), "{name} (compact): the fast path gave up");
        }
        let cat = Catalogue::parse(BUILTIN_JSON).catalogue.unwrap();
        let blinken = cat.entity("antony-blinken").unwrap();
        assert_eq!(blinken.id_span.of(BUILTIN_JSON), "\"antony-blinken\"");
        assert!(blinken.span.of(BUILTIN_JSON).starts_with('{') && blinken.span.of(BUILTIN_JSON).ends_with('}'));
    }

    #[test]
    fn every_kind_of_problem_is_loaded_as_the_located_path_loads_it() {
        let entity =
            r#"{ "id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["Wang"], "tags": ["taiwan"] }"#;
        let tag = r#"{ "id": "taiwan", "label": "Taiwan" }"#;
        let with = |entities: &[&str], tags: &[&str], rest: &str| {
            format!(r#"{{ "entities": [{}], "tags": [{}]{rest} }}"#, entities.join(", "), tags.join(", "))
        };
        // (text, whether the fast path takes it: the problems across entries
        // are found after either path, by the same code).
        let mut cases: Vec<(String, bool)> = vec![
            (with(&[entity], &[tag], ""), true),
            // Across entries.
            (with(&[entity, entity], &[tag], ""), true),
            (with(&[entity], &[tag, tag], ""), true),
            (with(&[entity], &[], ""), true),
            (with(&[entity, &entity.replace("wang-yi", "wang-yi-2")], &[tag], ""), true),
            // Syntax and shape.
            ("".into(), false),
            ("[]".into(), false),
            ("{".into(), false),
            (with(&[entity], &[tag], ","), false),
            (with(&[entity], &[tag], "") + " x", false),
            (r#"{"entities": [], "tags": [], }"#.into(), false),
            (r#"{"entities": [] /* c */, "tags": []}"#.into(), false),
            (r#"{"entities": [], "tags": [], "entities": []}"#.into(), false),
            (r#"{"tags": []}"#.into(), false),
            (r#"{"entities": []}"#.into(), false),
            (r#"{"entities": {}, "tags": []}"#.into(), false),
            (r#"{"entities": [1], "tags": []}"#.into(), false),
            (r#"{"entities": [], "tags": [[]]}"#.into(), false),
            (r#"{"entities": [{}], "tags": []}"#.into(), false),
            (r#"{"entities": [], "tags": [], "extra": 1}"#.into(), false),
            (r#"{"\u0065ntities": [], "tags": []}"#.into(), false),
            (r#"{"$schema": 1, "entities": [], "tags": []}"#.into(), false),
            (r#"{"$schema": "x.json", "entities": [], "tags": []}"#.into(), true),
            // Settings.
            (with(&[], &[], r#", "include": ["../x/*.txt"]"#), false),
            (with(&[], &[], r#", "include": ["/x/*.txt"]"#), false),
            (with(&[], &[], r#", "exclude": ["a/[b"]"#), false),
            (with(&[], &[], r#", "include": "**/*.txt""#), false),
            (with(&[], &[], r#", "include": [1]"#), false),
            (with(&[], &[], r#", "include": ["a/**/*.txt"], "exclude": ["a/b.txt"]"#), true),
            (with(&[], &[], r#", "diagnostics": {"unknown-tag": "loud"}"#), false),
            (with(&[], &[], r#", "diagnostics": {"no-such-code": "hint"}"#), false),
            (with(&[], &[], r#", "diagnostics": {"unknown-tag": 1}"#), false),
            (with(&[], &[], r#", "diagnostics": []"#), false),
            (with(&[], &[], r#", "diagnostics": {"unknown-tag": "loud", "unknown-tag": "hint"}"#), false),
            (with(&[], &[], r#", "diagnostics": {"unknown-tag": "off", "unknown-tag": "hint"}"#), true),
            (with(&[], &[], r#", "ignore": ["Press Briefing", 2]"#), false),
            (with(&[], &[], r#", "ignore": ["Press Briefing"]"#), true),
            (with(&[], &[], r#", "kb": "kb/wikidata.jsonl.gz""#), true),
            (with(&[], &[], r#", "kb": " ""#), false),
            (with(&[], &[], r#", "kb": ["x"]"#), false),
        ];
        // Entity and tag fields.
        for (from, to) in [
            (r#""wang-yi""#, r#""Wang_Yi""#),
            (r#""id": "wang-yi", "#, ""),
            (r#""wang-yi""#, "7"),
            (r#""name": "Wang Yi", "#, ""),
            (r#""Wang Yi""#, r#"" ""#),
            (r#""Wang Yi""#, "null"),
            (r#""kind": "person", "#, ""),
            (r#""person""#, r#""planet""#),
            (r#""person""#, "[]"),
            (r#"["Wang"]"#, r#"["Wang", ""]"#),
            (r#"["Wang"]"#, r#"["Wang", "a\nb"]"#),
            (r#"["Wang"]"#, r#"["Wang", 3]"#),
            (r#"["Wang"]"#, r#""Wang""#),
            (r#"["taiwan"]"#, r#"["Taiwan question"]"#),
            (r#""name": "#, r#""label": "x", "name": "#),
            (r#""name": "#, r#""nam\u0065": "x", "name": "#),
            (r#""name": "#, r#""name": "x", "name": "#),
            (r#""tags": ["taiwan"] "#, r#""tags": ["taiwan"], "description": 1 "#),
            (r#""tags": ["taiwan"] "#, r#""tags": ["taiwan"], "wikidata": "Q01" "#),
            (r#""tags": ["taiwan"] "#, r#""tags": ["taiwan"], "wikidata": 17 "#),
            (r#""tags": ["taiwan"] "#, r#""tags": ["taiwan"], "wikidata": "Q17", "wikidata": "Q17" "#),
        ] {
            let changed = entity.replacen(from, to, 1);
            assert_ne!(changed, entity, "{from}");
            cases.push((with(&[&changed], &[tag], ""), false));
        }
        // A Wikidata id, and one shared by two entries (a warning, across entries).
        let linked = entity.replace(r#""tags""#, r#""wikidata": "Q17", "tags""#);
        cases.push((with(&[&linked], &[tag], ""), true));
        cases.push((with(&[&linked, &linked.replace("wang-yi", "wang-yi-2")], &[tag], ""), true));
        cases.push((with(&[entity], &[&tag.replace(" }", r#", "wikidata": "Q17" }"#)], ""), false));
        // An unknown tag is found across entries.
        cases.push((with(&[&entity.replace("[\"taiwan\"]", "[\"taiwn\"]")], &[tag], ""), true));
        for (from, to) in [
            (r#""label": "Taiwan""#, r#""description": "x""#),
            (r#""Taiwan""#, r#""""#),
            (r#""taiwan""#, r#""Taiwan""#),
            (r#""label""#, r#""name""#),
            (r#" }"#, r#", "description": false }"#),
            (r#" }"#, r#", "kind": "place" }"#),
        ] {
            let changed = tag.replacen(from, to, 1);
            assert_ne!(changed, tag, "{from}");
            cases.push((with(&[entity], &[&changed], ""), false));
        }
        // Escapes: decoded by serde_json on the fast path, or refused by it.
        cases.push((with(&[&entity.replace("Wang Yi", r#"Wang \"Yi\" \u00e9\ud83d\ude00"#)], &[tag], ""), true));
        cases.push((with(&[&entity.replace("Wang Yi", r#"Wang \ud800"#)], &[tag], ""), false));
        for (json, fast) in &cases {
            assert_eq!(check_paths(json), *fast, "fast path taken or not: {json}");
        }
    }

    /// A random `corpus.json` text: mostly valid entries, with every kind of
    /// problem now and then (wrong types, unknown, repeated or escaped
    /// property names, missing properties, duplicate ids, shared aliases,
    /// unknown tags, bad settings), laid out in one of several ways.
    fn catalogue_text() -> impl Strategy<Value = String> {
        const IDS: &[&str] = &[
            r#""wang-yi""#,
            r#""antony-blinken""#,
            r#""xi-jinping""#,
            r#""taiwan""#,
            r#""x""#,
            r#""Wang_Yi""#,
            r#""""#,
            "7",
        ];
        const NAMES: &[&str] =
            &[r#""Wang Yi""#, r#""Antony Blinken""#, r#""Wang \u00e9 \"Yi\"""#, r#""Xi""#, r#"" ""#, "null"];
        const KINDS: &[&str] = &[r#""person""#, r#""place""#, r#""other""#, r#""planet""#, "1"];
        const ALIASES: &[&str] = &[
            "[]",
            r#"["Wang"]"#,
            r#"["Blinken", "Mr. Blinken"]"#,
            r#"["Xi’s", "Wang Yi"]"#,
            r#"["Wang", "Wang"]"#,
            r#"[""]"#,
            r#"["a\nb"]"#,
            "[3]",
            r#""Wang""#,
        ];
        const TAG_REFS: &[&str] =
            &["[]", r#"["taiwan"]"#, r#"["taiwan", "human-rights"]"#, r#"["taiwn"]"#, r#"["Bad Tag"]"#, "{}"];
        const DESCRIPTIONS: &[&str] = &[r#""U.S. — China’s""#, r#""""#, r#""a \/ b""#, "false"];
        const TAG_IDS: &[&str] = &[r#""taiwan""#, r#""human-rights""#, r#""fentanyl""#, r#""Taiwan""#, "[]"];
        const LABELS: &[&str] = &[r#""Taiwan question""#, r#""Human rights""#, r#""""#, "2"];
        const EXTRA: &[&str] =
            &[r#""label": "x""#, r#""extra": 1"#, r#""nam\u0065": "x""#, r#""kind": "person""#, r#""name": "x""#];
        const WIKIDATA: &[&str] = &[r#""Q148""#, r#""Q30""#, r#""Q1501226""#, r#""Q0""#, r#""q148""#, "148"];
        const ROOT_EXTRA: &[&str] = &[
            r#""include": ["**/*.txt"]"#,
            r#""include": ["a/**/*.txt"], "exclude": ["a/b.txt"]"#,
            r#""diagnostics": {"unannotated-mention": "warning", "unknown-tag": "off"}"#,
            r#""diagnostics": {"unknown-tag": "hint", "unknown-tag": "error"}"#,
            r#""ignore": ["Press Briefing"]"#,
            r#""$schema": "../schemas/corpus.schema.json""#,
            r#""kb": "kb.jsonl""#,
            r#""include": ["../*.txt"]"#,
            r#""exclude": ["[x"]"#,
            r#""diagnostics": {"unknown-tag": "loud"}"#,
            r#""ignore": [1]"#,
            r#""extra": {}"#,
        ];
        const SPACES: &[&str] = &["", " ", "\n  ", "\t", "\r\n    "];
        // Mostly one of the first `valid` (no problem of the entry's own), now and then any.
        let pick = |pool: &'static [&'static str], valid: usize| {
            prop_oneof![30 => 0..valid, 1 => 0..pool.len()].prop_map(move |i| pool[i].to_string()).boxed()
        };
        // Mostly a valid entry's properties, sometimes one dropped or one more.
        let prop =
            |key: &'static str, value: BoxedStrategy<String>| value.prop_map(move |v| format!(r#""{key}": {v}"#));
        let entity = (
            prop("id", pick(IDS, 5)),
            prop("name", pick(NAMES, 4)),
            prop("kind", pick(KINDS, 3)),
            proptest::option::of(prop("aliases", pick(ALIASES, 5))),
            proptest::option::of(prop("description", pick(DESCRIPTIONS, 3))),
            proptest::option::of(prop("tags", pick(TAG_REFS, 4))),
            proptest::option::weighted(0.03, pick(EXTRA, EXTRA.len())),
            proptest::option::weighted(0.3, prop("wikidata", pick(WIKIDATA, 3))),
            0..60usize,
        )
            .prop_map(|(id, name, kind, aliases, description, tags, extra, wikidata, drop)| {
                let mut props: Vec<String> =
                    [Some(id), Some(name), Some(kind), aliases, description, tags, extra, wikidata]
                        .into_iter()
                        .flatten()
                        .collect();
                if drop < 3 {
                    props.remove(drop);
                } else if drop >= 50 {
                    props.reverse();
                }
                props
            });
        let tag = (
            prop("id", pick(TAG_IDS, 3)),
            prop("label", pick(LABELS, 2)),
            proptest::option::of(prop("description", pick(DESCRIPTIONS, 3))),
            proptest::option::weighted(0.03, pick(EXTRA, EXTRA.len())),
            0..60usize,
        )
            .prop_map(|(id, label, description, extra, drop)| {
                let mut props: Vec<String> =
                    [Some(id), Some(label), description, extra].into_iter().flatten().collect();
                if drop < 2 {
                    props.remove(drop);
                }
                props
            });
        (
            proptest::collection::vec(entity, 0..6),
            proptest::collection::vec(tag, 0..4),
            proptest::collection::vec(pick(ROOT_EXTRA, 7), 0..3),
            0..40usize,
            pick(SPACES, SPACES.len()),
        )
            .prop_map(|(entities, tags, extra, shape, space)| {
                let object = |props: &[String]| format!("{{{space}{}{space}}}", props.join(&format!(",{space}")));
                let array = |items: Vec<String>| format!("[{space}{}{space}]", items.join(&format!(",{space}")));
                let mut root = vec![
                    format!(r#""entities": {}"#, array(entities.iter().map(|e| object(e)).collect())),
                    format!(r#""tags": {}"#, array(tags.iter().map(|t| object(t)).collect())),
                ];
                root.extend(extra);
                match shape {
                    0 => drop(root.remove(0)),
                    1 => drop(root.remove(1)),
                    2 => root.reverse(),
                    _ => {}
                }
                let text = object(&root);
                if shape == 3 { format!("{space}{text}{space}") } else { text }
            })
    }

    proptest! {
        #[test]
        fn both_paths_load_a_random_catalogue_alike(json in catalogue_text()) {
            check_paths(&json);
        }
    }

    /// The random catalogues take both paths, often.
    #[test]
    fn random_catalogues_take_both_paths() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = catalogue_text();
        let (mut fast, mut located) = (0, 0);
        for _ in 0..400 {
            let json = strategy.new_tree(&mut runner).unwrap().current();
            if check_paths(&json) { fast += 1 } else { located += 1 }
        }
        assert!(fast >= 40 && located >= 40, "{fast} fast, {located} located");
    }

    #[test]
    fn globs_are_those_of_the_catalogue() {
        let globs = |json: &str| {
            let full = Catalogue::parse(json).catalogue.map(|c| (c.include.clone(), c.exclude.clone()));
            assert_eq!(Catalogue::parse_globs(json), full, "{json}");
            full
        };
        let some = |include: &[&str], exclude: &[&str]| {
            Some((include.iter().map(|s| s.to_string()).collect(), exclude.iter().map(|s| s.to_string()).collect()))
        };
        assert_eq!(globs(r#"{"entities": [], "tags": []}"#), some(&[DEFAULT_INCLUDE], &[]));
        assert_eq!(
            globs(r#"{"include": ["a/*.txt"], "exclude": ["a/b.txt"], "entities": [], "tags": []}"#),
            some(&["a/*.txt"], &["a/b.txt"])
        );
        // Warnings (an unknown property, a shared alias) leave the catalogue, errors do not.
        let shared = r#"{"entities": [{"id": "a", "name": "A", "kind": "person"}, {"id": "b", "name": "A", "kind": "person"}], "tags": [], "include": ["x/*.txt"], "extra": 1}"#;
        assert_eq!(globs(shared), some(&["x/*.txt"], &[]));
        assert_eq!(globs(&shared.replace(r#""id": "b""#, r#""id": "a""#)), None);
        assert_eq!(
            globs(r#"{"entities": [{"id": "a", "name": "A", "kind": "person", "tags": ["t"]}], "tags": []}"#),
            None
        );
        assert_eq!(globs("{"), None);
        assert_eq!(globs(BUILTIN_JSON), some(&[DEFAULT_INCLUDE], &[]));
    }

    #[test]
    fn builtin_is_valid() {
        let loaded = Catalogue::parse(BUILTIN_JSON);
        assert_eq!(loaded.problems, [], "seeds/corpus.json has problems");
        let cat = builtin();
        assert!(cat.entities.len() >= 50, "{} entities", cat.entities.len());
        assert!(cat.tags.len() >= 20, "{} tags", cat.tags.len());
    }
}
