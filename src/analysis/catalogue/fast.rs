//! The fast path of loading `corpus.json`: `serde_json` straight into the
//! catalogue's entries, for a file that has no problem of its own.
//!
//! The spans come from the text itself: every value is taken as a borrowed
//! [`RawValue`] (a slice of the text, so its address is its offset), an
//! entry's object runs from the `{` before its first key to the `}` after its
//! last value. Strings without escapes are those slices without their quotes.
//!
//! It gives up (`None`) at the first sign of a problem: invalid JSON, a wrong
//! type, an unknown or duplicate property (or a property name with escapes),
//! a failed check. The located loader then reports every problem with its
//! span, so what a catalogue loads to never depends on the path taken. The
//! checks between entries (duplicate ids, unknown tags, shared aliases) are
//! made after either path by the same code.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer as _, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::super::diagnostics::SeverityConfig;
use super::super::{Span, is_slug};
use super::{Entity, Kind, Parts, Tag, alias_problem, glob_problem, is_wikidata_id};

/// The catalogue's parts, or `None` when the text has any problem (or a
/// shape this path does not take, such as an escaped property name).
pub(super) fn load(text: &str) -> Option<Parts> {
    load_with(text, true)
}

/// [`load`], the entities' descriptions checked (strings) but left empty
/// when `descriptions` is false: what `lint` loads (it never reads them).
pub(super) fn load_with(text: &str, descriptions: bool) -> Option<Parts> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parts = (&mut de).deserialize_map(RootVisitor { text, descriptions }).ok()?;
    de.end().ok()?;
    Some(parts)
}

/// Why this path gave up: never shown (the located loader says what is wrong).
fn give_up<E: de::Error>() -> E {
    E::custom("not on the fast path")
}

/// The offset of `part` (a slice of `text`) in `text`.
fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The span of the object whose first key is `first_key` (the key's text,
/// inside its quotes) and whose last value is `last_value`.
fn object_span<E: de::Error>(text: &str, first_key: &str, last_value: &RawValue) -> Result<Span, E> {
    let bytes = text.as_bytes();
    // The key's opening quote, then the `{` before it.
    let mut start = offset(text, first_key).checked_sub(1).ok_or_else(give_up)?;
    while start > 0 && is_json_space(bytes[start - 1]) {
        start -= 1;
    }
    let value = last_value.get();
    let mut end = offset(text, value) + value.len();
    while end < bytes.len() && is_json_space(bytes[end]) {
        end += 1;
    }
    match (start.checked_sub(1).map(|s| bytes[s]), bytes.get(end)) {
        (Some(b'{'), Some(b'}')) => Ok(Span::new(start - 1, end + 1)),
        _ => Err(give_up()),
    }
}

/// The string a raw value holds, if it is one.
fn string(raw: &RawValue) -> Option<String> {
    let s = raw.get();
    if !s.starts_with('"') {
        return None;
    }
    // serde_json checked the literal (escapes, no control characters).
    let inner = &s[1..s.len() - 1];
    if memchr::memchr(b'\\', inner.as_bytes()).is_none() {
        Some(inner.to_owned())
    } else {
        serde_json::from_str(s).ok()
    }
}

/// The strings an array holds, if it is one and holds only strings (no
/// spare capacity: 100,000 entities keep theirs).
fn strings(raw: &RawValue) -> Option<Vec<String>> {
    let mut strings: Vec<String> = serde_json::from_str(raw.get()).ok()?;
    strings.shrink_to_fit();
    Some(strings)
}

/// A required string property that must not be blank.
fn required(raw: Option<&RawValue>) -> Option<String> {
    string(raw?).filter(|s| !s.trim().is_empty())
}

/// The `"id"` of an entry: a slug, with the span of its literal.
fn id(text: &str, raw: Option<&RawValue>) -> Option<(String, Span)> {
    let raw = raw?;
    let id = string(raw).filter(|id| is_slug(id))?;
    let at = offset(text, raw.get());
    Some((id, Span::new(at, at + raw.get().len())))
}

/// The properties of an entry object, each a raw value, by name: the object's
/// span, and the values in the order of `known`. An unknown or repeated
/// property gives up.
fn entry_fields<'t, A: MapAccess<'t>, const N: usize>(
    text: &'t str,
    mut map: A,
    known: [&str; N],
) -> Result<(Span, [Option<&'t RawValue>; N]), A::Error> {
    let mut values: [Option<&'t RawValue>; N] = [None; N];
    let mut first_key = None;
    let mut last_value = None;
    while let Some(key) = map.next_key::<&'t str>()? {
        first_key.get_or_insert(key);
        let slot = known.iter().position(|k| *k == key).ok_or_else(give_up)?;
        if values[slot].is_some() {
            return Err(give_up());
        }
        let value: &'t RawValue = map.next_value()?;
        values[slot] = Some(value);
        last_value = Some(value);
    }
    let (Some(first_key), Some(last_value)) = (first_key, last_value) else { return Err(give_up()) };
    Ok((object_span(text, first_key, last_value)?, values))
}

struct RootVisitor<'t> {
    text: &'t str,
    descriptions: bool,
}

/// An upper bound of the entries in `text` (every `"id"` key), to allocate
/// the entities once.
fn entries_at_most(text: &str) -> usize {
    memchr::memmem::find_iter(text.as_bytes(), b"\"id\"").count()
}

impl<'t> Visitor<'t> for RootVisitor<'t> {
    type Value = Parts;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a corpus.json object")
    }

    fn visit_map<A: MapAccess<'t>>(self, mut map: A) -> Result<Parts, A::Error> {
        let mut parts = Parts::default();
        let mut seen: Vec<&'t str> = Vec::new();
        while let Some(key) = map.next_key::<&'t str>()? {
            if seen.contains(&key) {
                return Err(give_up());
            }
            seen.push(key);
            match key {
                "$schema" => {
                    string(map.next_value::<&RawValue>()?).ok_or_else(give_up)?;
                }
                "include" => parts.include = Some(globs(map.next_value()?)?),
                "exclude" => parts.exclude = globs(map.next_value()?)?,
                "entities" => {
                    let entry = if self.descriptions { entity::<true> } else { entity::<false> };
                    let capacity = entries_at_most(self.text);
                    parts.entities = map.next_value_seed(Entries { text: self.text, entry, capacity })?;
                }
                "tags" => parts.tags = map.next_value_seed(Entries { text: self.text, entry: tag, capacity: 0 })?,
                "diagnostics" => parts.severities = map.next_value_seed(Severities)?,
                "ignore" => parts.ignore = strings(map.next_value()?).ok_or_else(give_up)?,
                "kb" => {
                    let kb = string(map.next_value()?).filter(|k| !k.trim().is_empty());
                    parts.kb = Some(kb.ok_or_else(give_up)?);
                }
                _ => return Err(give_up()),
            }
        }
        if !seen.contains(&"entities") || !seen.contains(&"tags") {
            return Err(give_up());
        }
        Ok(parts)
    }
}

fn globs<E: de::Error>(raw: &RawValue) -> Result<Vec<String>, E> {
    strings(raw).filter(|globs| globs.iter().all(|g| glob_problem(g).is_none())).ok_or_else(give_up)
}

/// An array of entries, each read by `entry` from an object's map.
struct Entries<'t, T> {
    text: &'t str,
    entry: fn(&'t str, Span, &[Option<&'t RawValue>]) -> Option<T>,
    /// What to allocate at once.
    capacity: usize,
}

impl<'t, T> DeserializeSeed<'t> for Entries<'t, T> {
    type Value = Vec<T>;

    fn deserialize<D: de::Deserializer<'t>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'t, T> Visitor<'t> for Entries<'t, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'t>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(self.capacity);
        while let Some(entry) = seq.next_element_seed(Entry { entries: &self })? {
            out.push(entry);
        }
        Ok(out)
    }
}

struct Entry<'a, 't, T> {
    entries: &'a Entries<'t, T>,
}

impl<'t, T> DeserializeSeed<'t> for Entry<'_, 't, T> {
    type Value = T;

    fn deserialize<D: de::Deserializer<'t>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'t, T> Visitor<'t> for Entry<'_, 't, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'t>>(self, map: A) -> Result<T, A::Error> {
        let (text, entry) = (self.entries.text, self.entries.entry);
        // The entry reads its own property names (entity and tag differ).
        let (span, values) = entry_fields(text, map, ENTRY_KEYS)?;
        entry(text, span, &values).ok_or_else(give_up)
    }
}

/// Every property an entity or a tag may have; each entry checks that it has
/// only its own (see `entity`, `tag`).
const ENTRY_KEYS: [&str; 8] = ["id", "name", "kind", "aliases", "description", "tags", "label", "wikidata"];
const ID: usize = 0;
const NAME: usize = 1;
const KIND: usize = 2;
const ALIASES: usize = 3;
const DESCRIPTION_KEY: usize = 4;
const TAGS: usize = 5;
const LABEL: usize = 6;
const WIKIDATA: usize = 7;

/// An entity; its description left empty unless `DESCRIPTION` (still checked).
fn entity<'t, const DESCRIPTION: bool>(text: &'t str, span: Span, v: &[Option<&'t RawValue>]) -> Option<Entity> {
    if v[LABEL].is_some() {
        return None;
    }
    let (id, id_span) = self::id(text, v[ID])?;
    let name = required(v[NAME])?;
    let kind = string(v[KIND]?)?.parse::<Kind>().ok()?;
    let aliases = match v[ALIASES] {
        Some(raw) => strings(raw)?,
        None => Vec::new(),
    };
    if aliases.iter().any(|a| alias_problem(a).is_some()) {
        return None;
    }
    let description = match v[DESCRIPTION_KEY] {
        Some(raw) if DESCRIPTION => string(raw)?,
        // serde_json checked the literal: a string is all there is to check.
        Some(raw) if !raw.get().starts_with('"') => return None,
        _ => String::new(),
    };
    let tags = match v[TAGS] {
        Some(raw) => strings(raw)?,
        None => Vec::new(),
    };
    if !tags.iter().all(|t| is_slug(t)) {
        return None;
    }
    let wikidata = match v[WIKIDATA] {
        Some(raw) => {
            let q = string(raw).filter(|q| is_wikidata_id(q))?;
            let at = offset(text, raw.get());
            Some((q, Span::new(at, at + raw.get().len())))
        }
        None => None,
    };
    Some(Entity { id, name, kind, aliases, description, tags, span, id_span, wikidata })
}

fn tag<'t>(text: &'t str, span: Span, v: &[Option<&'t RawValue>]) -> Option<Tag> {
    if [NAME, KIND, ALIASES, TAGS, WIKIDATA].iter().any(|&k| v[k].is_some()) {
        return None;
    }
    let (id, id_span) = self::id(text, v[ID])?;
    let label = required(v[LABEL])?;
    let description = match v[DESCRIPTION_KEY] {
        Some(raw) => string(raw)?,
        None => String::new(),
    };
    Some(Tag { id, label, description, span, id_span })
}

/// `"diagnostics"`: each `CODE: LEVEL` read as the located loader reads it
/// (one at a time, in order, later ones overriding), giving up on a problem.
struct Severities;

impl<'t> DeserializeSeed<'t> for Severities {
    type Value = SeverityConfig;

    fn deserialize<D: de::Deserializer<'t>>(self, deserializer: D) -> Result<SeverityConfig, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'t> Visitor<'t> for Severities {
    type Value = SeverityConfig;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of CODE: LEVEL")
    }

    fn visit_map<A: MapAccess<'t>>(self, mut map: A) -> Result<SeverityConfig, A::Error> {
        let mut out = SeverityConfig::default();
        while let Some((code, level)) = map.next_entry::<String, serde_json::Value>()? {
            let (config, problems) = SeverityConfig::from_json(&serde_json::json!({ code: level }));
            if !problems.is_empty() {
                return Err(give_up());
            }
            out = out.merged(&config);
        }
        Ok(out)
    }
}
