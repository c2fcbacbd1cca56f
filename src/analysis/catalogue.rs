//! The catalogue: the entities and topic tags a corpus knows, read from
//! `corpus.json`, with the byte span of every entry so that problems,
//! definitions and renames point into the file.
//!
//! Loading never stops at the first problem: it reports every one it finds,
//! each with its span. A catalogue with any error-level problem is not built
//! (the caller keeps its last good one); warnings leave it usable.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex};

use jsonc_parser::ast::{Array, Object, ObjectProp, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::diagnostics::{Severity, SeverityConfig};
use super::matcher::AliasMatcher;
use super::{Span, is_slug};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

#[derive(Clone, Debug, PartialEq, Eq)]
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
}

impl Entity {
    /// The name and the aliases: every surface that refers to this entity.
    pub fn surfaces(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub id: String,
    pub label: String,
    pub description: String,
    pub span: Span,
    pub id_span: Span,
}

/// Something wrong in `corpus.json`, at `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    pub matcher: AliasMatcher,
    entity_index: HashMap<String, usize>,
    tag_index: HashMap<String, usize>,
    /// Surface (name or alias) → the entities that have it.
    owners: HashMap<String, Vec<usize>>,
    /// First character of an entity id → the entities whose id starts with it.
    ids_by_first: HashMap<char, Vec<usize>>,
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
        let entity_index = entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        let tag_index = tags.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        let mut owners: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, entity) in entities.iter().enumerate() {
            for surface in entity.surfaces() {
                let list = owners.entry(surface.to_string()).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        let mut ids_by_first: HashMap<char, Vec<usize>> = HashMap::default();
        for (i, entity) in entities.iter().enumerate() {
            if let Some(c) = entity.id.chars().next() {
                ids_by_first.entry(c).or_default().push(i);
            }
        }
        let matcher =
            AliasMatcher::new(entities.iter().enumerate().flat_map(|(i, e)| e.surfaces().map(move |s| (s, i))));
        Catalogue {
            include: vec![DEFAULT_INCLUDE.to_string()],
            exclude: Vec::new(),
            entities,
            tags,
            severities: SeverityConfig::default(),
            ignore: Vec::new(),
            matcher,
            entity_index,
            tag_index,
            owners,
            ids_by_first,
            suggested: Mutex::default(),
        }
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_index.get(id).map(|&i| &self.entities[i])
    }

    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entity_index.get(id).copied()
    }

    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.tag_index.get(id).map(|&i| &self.tags[i])
    }

    /// The entities whose name or alias is exactly `surface`.
    pub fn owners(&self, surface: &str) -> &[usize] {
        self.owners.get(surface).map_or(&[], Vec::as_slice)
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
            let bucket = query.chars().next().and_then(|c| self.ids_by_first.get(&c)).map_or(&[][..], Vec::as_slice);
            closest(query, bucket.iter().map(|&i| self.entities[i].id.as_str()), n)
        };
        if let Ok(mut memo) = self.suggested.lock()
            && memo.len() < SUGGESTION_MEMO
        {
            memo.insert(key, found.iter().map(|id| self.entity_index[*id]).collect());
        }
        found
    }

    /// Up to `n` tag ids closest to `query`, best first.
    pub fn closest_tag_ids(&self, query: &str, n: usize) -> Vec<&str> {
        closest(query, self.tags.iter().map(|t| t.id.as_str()), n)
    }

    /// Parses and checks `corpus.json`.
    pub fn parse(text: &str) -> Loaded {
        let mut loader = Loader { text, problems: Vec::new() };
        let catalogue = loader.load();
        let has_error = loader.problems.iter().any(|p| p.severity == Severity::Error);
        Loaded { catalogue: catalogue.filter(|_| !has_error), problems: loader.problems }
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

    fn load(&mut self) -> Option<Catalogue> {
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
        let mut entities = Vec::new();
        let mut tags = Vec::new();
        let mut include = None;
        let mut exclude = Vec::new();
        let mut severities = SeverityConfig::default();
        let mut ignore = Vec::new();
        let (mut saw_entities, mut saw_tags) = (false, false);
        for prop in &root.properties {
            match prop.name.as_str() {
                "$schema" => {
                    self.string(prop);
                }
                "include" => include = Some(self.globs(prop)),
                "exclude" => exclude = self.globs(prop),
                "entities" => {
                    saw_entities = true;
                    if let Some(array) = self.array(prop) {
                        entities = array.elements.iter().filter_map(|v| self.entity(v)).collect();
                    }
                }
                "tags" => {
                    saw_tags = true;
                    if let Some(array) = self.array(prop) {
                        tags = array.elements.iter().filter_map(|v| self.tag(v)).collect();
                    }
                }
                "diagnostics" => severities = self.severities(prop),
                "ignore" => ignore = self.strings(prop).into_iter().map(|(s, _)| s).collect(),
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
        self.check_references(&entities, &tags);
        let mut catalogue = Catalogue::new(entities, tags);
        if let Some(include) = include {
            catalogue.include = include;
        }
        catalogue.exclude = exclude;
        catalogue.severities = severities;
        catalogue.ignore = ignore;
        Some(catalogue)
    }

    /// Duplicate ids, unknown tag references, aliases shared by two entities.
    fn check_references(&mut self, entities: &[Entity], tags: &[Tag]) {
        let mut seen: HashMap<&str, usize> = HashMap::default();
        for (i, e) in entities.iter().enumerate() {
            if let Some(&first) = seen.get(e.id.as_str()) {
                let line = line_of(self.text, entities[first].id_span.start);
                self.error(e.id_span, format!("duplicate entity id `{}` (first defined on line {line})", e.id));
            } else {
                seen.insert(&e.id, i);
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
            for tag in &e.tags {
                if !seen_tags.contains_key(tag.as_str()) {
                    let span = self.find_string_in(e.span, tag).unwrap_or(e.id_span);
                    let hint = closest(tag, tags.iter().map(|t| t.id.as_str()), 1);
                    let hint = hint.first().map(|h| format!("; did you mean `{h}`?")).unwrap_or_default();
                    self.error(span, format!("entity `{}` names unknown tag `{tag}`{hint}", e.id));
                }
            }
            let mut own: Vec<&str> = Vec::new();
            for surface in e.surfaces() {
                if own.contains(&surface) {
                    continue;
                }
                own.push(surface);
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
            if glob.starts_with('/') || glob.split(['/', '\\']).any(|part| part == "..") {
                self.error(
                    span,
                    format!("glob `{glob}` reaches outside the catalogue's folder: globs are relative to it"),
                );
                continue;
            }
            match globset::Glob::new(&glob) {
                Ok(_) => out.push(glob),
                Err(e) => self.error(span, format!("invalid glob `{glob}`: {}", e.kind())),
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
        let fields = self.fields(obj, "entity", &["id", "name", "kind", "aliases", "description", "tags"]);
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
                if alias.trim().is_empty() {
                    self.error(span, "empty alias");
                } else if alias.contains(['\n', '\r']) {
                    self.error(span, "an alias lies on one line");
                } else {
                    aliases.push(alias);
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
mod tests {
    use super::*;

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

    #[test]
    fn builtin_is_valid() {
        let loaded = Catalogue::parse(BUILTIN_JSON);
        assert_eq!(loaded.problems, [], "seeds/corpus.json has problems");
        let cat = builtin();
        assert!(cat.entities.len() >= 50, "{} entities", cat.entities.len());
        assert!(cat.tags.len() >= 20, "{} tags", cat.tags.len());
    }
}
