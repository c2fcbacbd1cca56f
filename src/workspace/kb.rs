//! Reading a knowledge base file for linking: a KB JSONL file (one item a
//! line: `{"id": "Q…", "label", "aliases": […], "description", "types": […]}`)
//! or a Wikidata JSON dump (`latest-all.json`: a JSON array, one entity a
//! line, each line but the last ending with `,`), plain, gzip or bzip2
//! (told by the first bytes, whatever the name).
//!
//! The file is streamed a line at a time through one reused buffer, so memory
//! stays constant whatever its size: only the items one of the catalogue's
//! surfaces names are kept ([`SurfaceFilter`]). A dump entity is read with
//! `serde` into what linking needs (English labels, descriptions and aliases,
//! or the language-neutral `mul` ones; the `P31` "instance of" values as
//! types); once its labels and aliases are read and none is wanted, the rest
//! of the line (claims, sitelinks) is not looked at.
//!
//! A line that is not what the format says is an error with the file and the
//! line number ([`KbError`]).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::analysis::catalogue::is_wikidata_id;
use crate::analysis::kb::{Kb, KbItem, SurfaceFilter};

/// Why a KB file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{}: {source}", path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Line { path: PathBuf, line: u64, message: String },
}

/// The two kinds of KB file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KbFormat {
    /// One KB item a line.
    Jsonl,
    /// A Wikidata JSON dump.
    WikidataDump,
}

/// How the file was compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Bzip2,
}

/// What reading a KB file gave: the items kept and some figures.
#[derive(Debug)]
pub struct KbRead {
    pub kb: Kb,
    pub format: KbFormat,
    pub compression: Compression,
    /// Lines read.
    pub lines: u64,
    /// Bytes read after decompression.
    pub bytes: u64,
}

/// Reads the KB file at `path`, keeping the items whose label or an alias is
/// one of `filter`'s surfaces (case-folded).
pub fn read_kb(path: &Path, filter: &SurfaceFilter) -> Result<KbRead, KbError> {
    let open_error = |source| KbError::Open { path: path.to_path_buf(), source };
    let mut file = BufReader::with_capacity(1 << 16, File::open(path).map_err(open_error)?);
    let head = file.fill_buf().map_err(open_error)?;
    let compression = if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(b"BZh") {
        Compression::Bzip2
    } else {
        Compression::None
    };
    let reader: Box<dyn Read> = match compression {
        Compression::None => Box::new(file),
        // Dumps are written in several members (streams): read them all.
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(file)),
        Compression::Bzip2 => Box::new(bzip2::bufread::MultiBzDecoder::new(file)),
    };
    let reader = BufReader::with_capacity(1 << 20, reader);
    let mut read = read_lines(reader, filter).map_err(|(line, message)| KbError::Line {
        path: path.to_path_buf(),
        line,
        message,
    })?;
    read.compression = compression;
    Ok(read)
}

/// Reads KB lines from `reader` (already decompressed); an error is the line
/// number and what is wrong.
pub fn read_lines(mut reader: impl BufRead, filter: &SurfaceFilter) -> Result<KbRead, (u64, String)> {
    let mut kb = Kb::default();
    let mut buf: Vec<u8> = Vec::new();
    let (mut lines, mut bytes) = (0u64, 0u64);
    let mut format = None;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| (lines + 1, format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        lines += 1;
        bytes += n as u64;
        let line = buf.trim_ascii();
        if line.is_empty() {
            continue;
        }
        let format = *format.get_or_insert(if line == b"[" { KbFormat::WikidataDump } else { KbFormat::Jsonl });
        let item = match format {
            KbFormat::Jsonl => parse_kb_line(line).map(Some),
            KbFormat::WikidataDump => parse_dump_line(line, filter),
        }
        .map_err(|message| (lines, message))?;
        if let Some(item) = item
            && item.surfaces().any(|s| filter.wants(s))
        {
            kb.push(item);
        }
    }
    Ok(KbRead { kb, format: format.unwrap_or(KbFormat::Jsonl), compression: Compression::None, lines, bytes })
}

/// One line of a KB JSONL file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KbLine {
    id: String,
    label: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    types: Vec<String>,
}

/// Reads one line of a KB JSONL file (without its line break).
pub fn parse_kb_line(line: &[u8]) -> Result<KbItem, String> {
    let KbLine { id, label, aliases, description, types } =
        serde_json::from_slice(line).map_err(|e| format!("not a KB item ({e})"))?;
    if !is_wikidata_id(&id) {
        return Err(format!("`{id}` is not a Wikidata item id (`Q` and a number)"));
    }
    if label.trim().is_empty() {
        return Err(format!("`{id}` has an empty label"));
    }
    Ok(KbItem { id, label, aliases, description, types })
}

/// Reads one line of a Wikidata dump (without its line break): `[` and `]`
/// give nothing, an entity (with or without its trailing `,`) its item,
/// unless it is not an item (a property, a lexeme) or none of its English
/// surfaces is wanted.
pub fn parse_dump_line(line: &[u8], filter: &SurfaceFilter) -> Result<Option<KbItem>, String> {
    let line = line.trim_ascii();
    let line = line.strip_suffix(b",").unwrap_or(line).trim_ascii_end();
    if line.is_empty() || line == b"[" || line == b"]" {
        return Ok(None);
    }
    let skipped = Cell::new(false);
    let mut de = serde_json::Deserializer::from_slice(line);
    let parsed = de::Deserializer::deserialize_map(&mut de, EntityVisitor { filter, skipped: &skipped });
    match parsed {
        _ if skipped.get() => Ok(None),
        Err(e) => Err(format!("not a Wikidata entity ({e})")),
        Ok(entity) => {
            de.end().map_err(|e| format!("not a Wikidata entity ({e})"))?;
            Ok(entity.and_then(Partial::item))
        }
    }
}

/// What is read of a dump entity.
#[derive(Default)]
struct Partial {
    id: Option<String>,
    label: Option<(u8, String)>,
    description: Option<(u8, String)>,
    aliases: Vec<String>,
    types: Vec<String>,
}

impl Partial {
    fn item(self) -> Option<KbItem> {
        let id = self.id.filter(|id| is_wikidata_id(id))?;
        let (_, label) = self.label?;
        Some(KbItem {
            id,
            label,
            aliases: self.aliases,
            description: self.description.map(|(_, d)| d).unwrap_or_default(),
            types: self.types,
        })
    }

    fn wanted(&self, filter: &SurfaceFilter) -> bool {
        self.label
            .iter()
            .map(|(_, l)| l.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .any(|s| filter.wants(s))
    }
}

/// The languages read, by preference: English, then the language-neutral
/// default (`mul`).
fn language_rank(lang: &str) -> Option<u8> {
    match lang {
        "en" => Some(0),
        "mul" => Some(1),
        _ => None,
    }
}

/// A map key, borrowed when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

struct EntityVisitor<'a> {
    filter: &'a SurfaceFilter,
    skipped: &'a Cell<bool>,
}

impl<'de> Visitor<'de> for EntityVisitor<'_> {
    type Value = Option<Partial>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Wikidata entity object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Partial>, A::Error> {
        let mut p = Partial::default();
        let (mut labels, mut aliases) = (false, false);
        while let Some(Key(key)) = map.next_key::<Key>()? {
            match key.as_ref() {
                "id" => p.id = Some(map.next_value()?),
                "labels" => {
                    labels = true;
                    p.label = map.next_value_seed(Terms)?;
                }
                "descriptions" => p.description = map.next_value_seed(Terms)?,
                "aliases" => {
                    aliases = true;
                    p.aliases = map.next_value_seed(AliasLists)?;
                }
                "claims" => {
                    if labels && aliases && !p.wanted(self.filter) {
                        // Nothing here is wanted: the rest is not read.
                        self.skipped.set(true);
                        return Err(de::Error::custom("skipped"));
                    }
                    p.types = map.next_value_seed(Claims)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(p))
    }
}

/// `{"en": {"language": "en", "value": "…"}, …}`: the preferred language's value.
struct Terms;

#[derive(Deserialize)]
struct Term {
    value: String,
}

impl<'de> DeserializeSeed<'de> for Terms {
    type Value = Option<(u8, String)>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // A map, or the empty `[]` Wikidata writes for none.
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Terms {
    type Value = Option<(u8, String)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of terms by language")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut best: Option<(u8, String)> = None;
        while let Some(Key(lang)) = map.next_key::<Key>()? {
            match language_rank(&lang) {
                Some(rank) if best.as_ref().is_none_or(|(r, _)| rank < *r) => {
                    best = Some((rank, map.next_value::<Term>()?.value));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(best)
    }
    // Wikidata writes an empty `[]` for an entity with no terms.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// `{"en": [{"language": "en", "value": "…"}, …], …}`: the aliases in English
/// and `mul`.
struct AliasLists;

impl<'de> DeserializeSeed<'de> for AliasLists {
    type Value = Vec<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // A map, or the empty `[]` Wikidata writes for none.
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AliasLists {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of alias lists by language")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<String> = Vec::new();
        while let Some(Key(lang)) = map.next_key::<Key>()? {
            if language_rank(&lang).is_some() {
                for Term { value } in map.next_value::<Vec<Term>>()? {
                    if !out.contains(&value) {
                        out.push(value);
                    }
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(out)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }
}

/// `{"P31": [statement, …], …}`: the item ids `P31` (instance of) names, in
/// statements that are not deprecated.
struct Claims;

#[derive(Deserialize)]
struct Statement {
    mainsnak: Snak,
    #[serde(default)]
    rank: Option<String>,
}

#[derive(Deserialize)]
struct Snak {
    #[serde(default)]
    datavalue: Option<DataValue>,
}

#[derive(Deserialize)]
struct DataValue {
    value: EntityValue,
}

#[derive(Deserialize)]
struct EntityValue {
    #[serde(default)]
    id: Option<String>,
    #[serde(default, rename = "numeric-id")]
    numeric_id: Option<u64>,
}

impl<'de> DeserializeSeed<'de> for Claims {
    type Value = Vec<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // A map, or the empty `[]` Wikidata writes for none.
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Claims {
    type Value = Vec<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of statements by property")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Key(property)) = map.next_key::<Key>()? {
            if property != "P31" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            for statement in map.next_value::<Vec<Statement>>()? {
                if statement.rank.as_deref() == Some("deprecated") {
                    continue;
                }
                let Some(DataValue { value }) = statement.mainsnak.datavalue else { continue };
                let id = value.id.or_else(|| value.numeric_id.map(|n| format!("Q{n}")));
                if let Some(id) = id
                    && !out.contains(&id)
                {
                    out.push(id);
                }
            }
        }
        Ok(out)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }
}

/// An item as a Wikidata dump line (without the trailing `,`): what the
/// tests and the benchmark write to make a dump of a KB JSONL file.
pub fn dump_line(item: &KbItem) -> String {
    let term = |s: &str| serde_json::json!({ "en": { "language": "en", "value": s } });
    let claims: Vec<serde_json::Value> = item
        .types
        .iter()
        .filter(|t| is_wikidata_id(t))
        .map(|t| {
            serde_json::json!({
                "mainsnak": {
                    "snaktype": "value", "property": "P31", "datatype": "wikibase-item",
                    "datavalue": { "value": { "entity-type": "item", "numeric-id": t[1..].parse::<u64>().unwrap_or(0), "id": t }, "type": "wikibase-entityid" }
                },
                "type": "statement", "rank": "normal"
            })
        })
        .collect();
    let aliases: Vec<serde_json::Value> =
        item.aliases.iter().map(|a| serde_json::json!({ "language": "en", "value": a })).collect();
    let mut entity = serde_json::Map::new();
    entity.insert("type".into(), "item".into());
    entity.insert("id".into(), item.id.clone().into());
    entity.insert("labels".into(), term(&item.label));
    entity.insert(
        "descriptions".into(),
        if item.description.is_empty() { serde_json::json!({}) } else { term(&item.description) },
    );
    entity.insert("aliases".into(), serde_json::json!({ "en": aliases }));
    entity.insert("claims".into(), serde_json::json!({ "P31": claims }));
    entity.insert("sitelinks".into(), serde_json::json!({}));
    serde_json::Value::Object(entity).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Span;
    use crate::analysis::catalogue::{Entity, Kind};

    fn filter(names: &[&str]) -> SurfaceFilter {
        let entities: Vec<Entity> = names
            .iter()
            .map(|n| Entity {
                id: "x".into(),
                name: n.to_string(),
                kind: Kind::Other,
                aliases: Vec::new(),
                description: String::new(),
                tags: Vec::new(),
                span: Span::default(),
                id_span: Span::default(),
                wikidata: None,
            })
            .collect();
        SurfaceFilter::new(&entities)
    }

    const REAL_LINE: &str = r#"{"type":"item","id":"Q148","labels":{"fr":{"language":"fr","value":"Chine"},"en":{"language":"en","value":"People's Republic of China"}},"descriptions":{"en":{"language":"en","value":"country in East Asia"}},"aliases":{"en":[{"language":"en","value":"China"},{"language":"en","value":"PRC"}],"de":[{"language":"de","value":"VR China"}]},"claims":{"P17":[{"mainsnak":{"snaktype":"value","property":"P17","datavalue":{"value":{"entity-type":"item","numeric-id":148,"id":"Q148"},"type":"wikibase-entityid"}},"type":"statement","rank":"normal"}],"P31":[{"mainsnak":{"snaktype":"value","property":"P31","datavalue":{"value":{"entity-type":"item","numeric-id":3624078,"id":"Q3624078"},"type":"wikibase-entityid"}},"type":"statement","rank":"preferred"},{"mainsnak":{"snaktype":"somevalue","property":"P31"},"type":"statement","rank":"normal"},{"mainsnak":{"snaktype":"value","property":"P31","datavalue":{"value":{"entity-type":"item","numeric-id":1,"id":"Q1"},"type":"wikibase-entityid"}},"type":"statement","rank":"deprecated"}]},"sitelinks":{"enwiki":{"site":"enwiki","title":"China","badges":[]}},"lastrevid":1},"#;

    #[test]
    fn reads_a_dump_line() {
        let item = parse_dump_line(REAL_LINE.as_bytes(), &filter(&["China"])).unwrap().unwrap();
        assert_eq!(item.id, "Q148");
        assert_eq!(item.label, "People's Republic of China");
        assert_eq!(item.aliases, ["China", "PRC"]);
        assert_eq!(item.description, "country in East Asia");
        assert_eq!(item.types, ["Q3624078"]);
        // Not wanted: skipped after its aliases, whatever follows.
        assert_eq!(parse_dump_line(REAL_LINE.as_bytes(), &filter(&["Taiwan"])).unwrap(), None);
        let broken_tail = REAL_LINE.replace(r#""sitelinks":{"#, r#""sitelinks":{{"#);
        assert_eq!(parse_dump_line(broken_tail.as_bytes(), &filter(&["Taiwan"])).unwrap(), None);
        assert!(parse_dump_line(broken_tail.as_bytes(), &filter(&["China"])).is_err());
        for nothing in ["[", "]", "", "  "] {
            assert_eq!(parse_dump_line(nothing.as_bytes(), &filter(&["China"])).unwrap(), None);
        }
        let property =
            r#"{"type":"property","id":"P31","labels":{"en":{"language":"en","value":"China"}},"aliases":{}}"#;
        assert_eq!(parse_dump_line(property.as_bytes(), &filter(&["China"])).unwrap(), None);
        let empty_terms = r#"{"type":"item","id":"Q9","labels":[],"descriptions":[],"aliases":[],"claims":[]}"#;
        assert_eq!(parse_dump_line(empty_terms.as_bytes(), &filter(&["China"])).unwrap(), None);
    }

    #[test]
    fn dump_lines_round_trip() {
        let item = KbItem {
            id: "Q8686".into(),
            label: "Shanghai".into(),
            aliases: vec!["Hu".into(), "Shanghai \"Municipality\"".into()],
            description: "city in China".into(),
            types: vec!["Q1549591".into(), "city".into()],
        };
        let line = dump_line(&item);
        let back = parse_dump_line(line.as_bytes(), &filter(&["Hu"])).unwrap().unwrap();
        assert_eq!(back, KbItem { types: vec!["Q1549591".into()], ..item });
    }

    #[test]
    fn kb_lines_and_their_errors() {
        let ok = br#"{"id": "Q5", "label": "Wang Yi", "aliases": ["Wang"], "description": "d", "types": ["Q5"]}"#;
        assert_eq!(parse_kb_line(ok).unwrap().aliases, ["Wang"]);
        assert!(parse_kb_line(br#"{"id": "Q5", "label": "x"}"#).is_ok());
        for bad in [
            &br#"{"id": "X5", "label": "x"}"#[..],
            br#"{"id": "Q5", "label": " "}"#,
            br#"{"id": "Q5"}"#,
            br#"{"id": "Q5", "label": "x", "typos": []}"#,
            br#"{"id": "Q5", "label": "x""#,
            b"[",
        ] {
            assert!(parse_kb_line(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        let text = "{\"id\": \"Q1\", \"label\": \"China\"}\n\n{\"id\": \"Q2\", \"label\": \"Japan\"}\n{\"id\": 3}\n";
        let err = read_lines(text.as_bytes(), &filter(&["China"])).unwrap_err();
        assert_eq!(err.0, 4);
        let good = text.replace("{\"id\": 3}\n", "");
        let ok = read_lines(good.as_bytes(), &filter(&["china"])).unwrap();
        assert_eq!(ok.kb.len(), 1);
        assert_eq!(ok.format, KbFormat::Jsonl);
    }
}
