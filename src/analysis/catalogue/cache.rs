//! A binary form of a loaded catalogue, for the CLI's catalogue cache: what
//! `lint FILE` would load from a large `corpus.json`, so that the next run
//! reads it instead of parsing and checking the JSON again.
//!
//! Bytes in, bytes out (no I/O here: `src/cli/cache.rs` reads and writes
//! the files). A cache file is:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | [`MAGIC`] |
//! | 4 | [`FORMAT`], little-endian |
//! | 16 | the crate's version, NUL-padded |
//! | 16 | the key: XXH3-128 of the catalogue's text ([`key`]) |
//! | 8 | flags, little-endian: bit 0 when the load has problems to show ([`shows_problems`]) |
//! | 8 | the payload's length, little-endian |
//! | 8 | the payload's XXH3-64, little-endian |
//! | … | the payload: `postcard` of the problems and, when no problem is an error, the entries and settings |
//!
//! The payload holds what the loader gives once the checks across entries
//! have run: every problem (so a hit runs none of them) and the checked
//! entries as loaded (the CLI caches the load of [`super::Catalogue::parse_for`]
//! with words: no descriptions, which `lint` never reads). A hit rebuilds
//! the id and surface indexes and the alias matcher for the run's words.
//! Anything that does not match exactly (another key, version or format, a
//! wrong length or checksum, a payload that does not decode) is a miss.

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use super::super::diagnostics::SeverityConfig;
use super::{Catalogue, CatalogueProblem, Entity, Loaded, Parts, SurfaceGroup, SurfaceIndex, Tag, Words};

/// The first bytes of a catalogue cache file.
pub const MAGIC: &[u8; 8] = b"CLSPCAT\0";
/// The layout's version: changed whenever the payload's shape changes.
pub const FORMAT: u32 = 2;
const VERSION_LEN: usize = 16;
const HEADER_LEN: usize = 8 + 4 + VERSION_LEN + 16 + 8 + 8 + 8;
const FLAGS_AT: usize = 8 + 4 + VERSION_LEN + 16;
const HAS_PROBLEMS: u64 = 1;

/// The key of a catalogue's text: its XXH3-128.
pub fn key(text: &[u8]) -> u128 {
    xxh3_128(text)
}

/// The crate's version as the header holds it.
fn version() -> [u8; VERSION_LEN] {
    let mut out = [0; VERSION_LEN];
    let v = env!("CARGO_PKG_VERSION").as_bytes();
    let n = v.len().min(VERSION_LEN);
    out[..n].copy_from_slice(&v[..n]);
    out
}

/// What the payload holds, borrowed from a [`Loaded`] (written).
#[derive(Serialize)]
struct PayloadRef<'a> {
    problems: &'a [CatalogueProblem],
    catalogue: Option<ContentsRef<'a>>,
}

#[derive(Serialize)]
struct ContentsRef<'a> {
    include: &'a [String],
    exclude: &'a [String],
    entities: &'a [Entity],
    tags: &'a [Tag],
    severities: &'a SeverityConfig,
    ignore: &'a [String],
    kb: &'a Option<String>,
    surface_groups: &'a [SurfaceGroup],
    surface_owners: &'a [usize],
}

/// The same, owned (read): the fields in the same order.
#[derive(Deserialize)]
struct Payload {
    problems: Vec<CatalogueProblem>,
    catalogue: Option<Contents>,
}

#[derive(Deserialize)]
struct Contents {
    include: Vec<String>,
    exclude: Vec<String>,
    #[serde(deserialize_with = "allocated_once")]
    entities: Vec<Entity>,
    tags: Vec<Tag>,
    severities: SeverityConfig,
    ignore: Vec<String>,
    kb: Option<String>,
    /// The surface index but its hash table.
    #[serde(deserialize_with = "allocated_once")]
    surface_groups: Vec<SurfaceGroup>,
    #[serde(deserialize_with = "allocated_once")]
    surface_owners: Vec<usize>,
}

/// A sequence read into a vector allocated once at its length (postcard
/// gives it first), up to [`PREALLOCATED`] bytes: serde's own grows a large
/// one by doubling from 1 MB, copying and faulting in every size on the way.
fn allocated_once<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct Once<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Once<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let most = PREALLOCATED / std::mem::size_of::<T>().max(1);
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(most));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Once(std::marker::PhantomData))
}

/// The most a damaged length can make [`allocated_once`] allocate ahead.
const PREALLOCATED: usize = 256 << 20;

/// The cache file of `loaded`, the load of a text whose [`key`] is `key`
/// (its entries as they are: `lint`'s load has no descriptions).
pub fn encode(key: u128, loaded: &Loaded) -> Vec<u8> {
    let payload = PayloadRef {
        problems: &loaded.problems,
        catalogue: loaded.catalogue.as_ref().map(|c| ContentsRef {
            include: &c.include,
            exclude: &c.exclude,
            entities: &c.entities,
            tags: &c.tags,
            severities: &c.severities,
            ignore: &c.ignore,
            kb: &c.kb,
            surface_groups: &c.owners.groups,
            surface_owners: &c.owners.owners,
        }),
    };
    let mut out = Vec::with_capacity(HEADER_LEN + 64 * loaded.catalogue.as_ref().map_or(0, |c| c.entities.len()));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&version());
    out.extend_from_slice(&key.to_le_bytes());
    let flags = if loaded.problems.is_empty() { 0 } else { HAS_PROBLEMS };
    out.extend_from_slice(&flags.to_le_bytes());
    // Length and checksum, filled in below.
    out.extend_from_slice(&[0; 16]);
    // Writing to a Vec cannot fail; the entries have no shape postcard refuses.
    let mut out = postcard::to_extend(&payload, out).expect("a catalogue encodes");
    let body = &out[HEADER_LEN..];
    let (len, sum) = ((body.len() as u64).to_le_bytes(), xxh3_64(body).to_le_bytes());
    out[HEADER_LEN - 16..HEADER_LEN - 8].copy_from_slice(&len);
    out[HEADER_LEN - 8..HEADER_LEN].copy_from_slice(&sum);
    out
}

/// Why a cache file was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Miss {
    /// Not a cache file of this format and version.
    Format,
    /// Another catalogue text's.
    Key,
    /// Truncated, or its payload damaged.
    Corrupt,
}

impl Miss {
    pub fn as_str(self) -> &'static str {
        match self {
            Miss::Format => "another format or version",
            Miss::Key => "made from another text of the catalogue",
            Miss::Corrupt => "truncated or damaged",
        }
    }
}

/// The load that `bytes` (a cache file) holds for a text whose [`key`] is
/// `key`, its alias matcher made for `words` (as [`Catalogue::parse_for`]),
/// or why not. Never panics on any bytes.
pub fn decode(bytes: &[u8], key: u128, words: Option<&Words>) -> Result<Loaded, Miss> {
    let payload = payload(bytes, key)?;
    let catalogue = match payload.catalogue {
        Some(c) => Some(catalogue(c, words).ok_or(Miss::Corrupt)?),
        None => None,
    };
    Ok(Loaded { catalogue, problems: payload.problems })
}

fn catalogue(c: Contents, words: Option<&Words>) -> Option<Catalogue> {
    let surfaces = SurfaceIndex::of_groups(c.surface_groups, c.surface_owners, &c.entities)?;
    let parts = Parts {
        include: Some(c.include),
        exclude: c.exclude,
        entities: c.entities,
        tags: c.tags,
        severities: c.severities,
        ignore: c.ignore,
        kb: c.kb,
    };
    Some(Catalogue::from_checked(parts, words, surfaces))
}

/// Whether `bytes` are a cache file of this format and version whose load
/// has problems to show (then the caller needs the catalogue's text to show
/// them); `None` when they are not such a file.
pub fn shows_problems(bytes: &[u8]) -> Option<bool> {
    let header = bytes.get(..HEADER_LEN)?;
    let flags = u64::from_le_bytes(header[FLAGS_AT..FLAGS_AT + 8].try_into().expect("8 bytes"));
    ours(header).then_some(flags & HAS_PROBLEMS != 0)
}

/// Whether a header (at least its first `12 + VERSION_LEN` bytes) is of this
/// format and version.
fn ours(header: &[u8]) -> bool {
    header[..8] == MAGIC[..] && header[8..12] == FORMAT.to_le_bytes() && header[12..12 + VERSION_LEN] == version()
}

/// The key that `bytes` (a cache file of this format and version) were
/// made for, to decode them while the catalogue's own key is computed
/// (then compared: a hit only when they are equal).
pub fn key_in(bytes: &[u8]) -> Option<u128> {
    shows_problems(bytes)?;
    Some(u128::from_le_bytes(bytes[FLAGS_AT - 16..FLAGS_AT].try_into().expect("16 bytes")))
}

fn payload(bytes: &[u8], key: u128) -> Result<Payload, Miss> {
    if bytes.len() < HEADER_LEN {
        return Err(if bytes.starts_with(MAGIC) { Miss::Corrupt } else { Miss::Format });
    }
    let (header, body) = bytes.split_at(HEADER_LEN);
    let field = |at: usize, len: usize| &header[at..at + len];
    if !ours(header) {
        return Err(Miss::Format);
    }
    if field(12 + VERSION_LEN, 16) != key.to_le_bytes() {
        return Err(Miss::Key);
    }
    let u64_at = |at: usize| u64::from_le_bytes(field(at, 8).try_into().expect("8 bytes"));
    let (len, sum) = (u64_at(HEADER_LEN - 16), u64_at(HEADER_LEN - 8));
    if len != body.len() as u64 || sum != xxh3_64(body) {
        return Err(Miss::Corrupt);
    }
    let flags = u64_at(FLAGS_AT);
    match postcard::take_from_bytes::<Payload>(body) {
        Ok((payload, rest)) if rest.is_empty() && flags == HAS_PROBLEMS * u64::from(!payload.problems.is_empty()) => {
            Ok(payload)
        }
        _ => Err(Miss::Corrupt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A catalogue text with warnings (a shared alias, an unknown property),
    /// non-ASCII and escaped strings, settings and a Wikidata id.
    fn warned(n: usize) -> String {
        let entities: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"id": "e-{i}", "name": "Entity {i}", "kind": "person", "aliases": ["São {i}", "Shared", "Q\"{i}\""], "description": "d{i}", "tags": ["t"], "wikidata": "Q{}"}}"#,
                    i + 1
                )
            })
            .collect();
        format!(
            r#"{{"include": ["**/*.md"], "exclude": ["x/*.md"], "diagnostics": {{"unknown-tag": "warning"}}, "ignore": ["The Big"], "kb": "kb.jsonl", "extra": 1, "entities": [{}], "tags": [{{"id": "t", "label": "T", "description": "tag d"}}]}}"#,
            entities.join(",\n")
        )
    }

    fn words_of(text: &str) -> Words {
        let mut words = Words::default();
        words.add_text(text);
        words
    }

    /// What a hit must give: the load `parse_for` gives (descriptions left
    /// out when words are given).
    fn assert_round_trip(text: &str, words: Option<&Words>) {
        let loaded = Catalogue::parse_for(text, words);
        let k = key(text.as_bytes());
        let bytes = encode(k, &loaded);
        let back = decode(&bytes, k, words).expect("a hit");
        let expected = Catalogue::parse_for(text, words);
        assert!(back.same_as(&expected), "{text}");
        if let (Some(a), Some(b)) = (&back.catalogue, &expected.catalogue) {
            for e in &b.entities {
                assert_eq!(a.entity(&e.id).map(|x| &x.id), Some(&e.id));
                for s in e.surfaces() {
                    assert_eq!(a.owners(s), b.owners(s), "{s}");
                }
            }
            let probe = "Entity 1 met São 2 and Shared Q\"3\" here";
            let found = |c: &Catalogue| -> Vec<_> {
                c.matcher.find_iter(probe).map(|f| (f.span, c.matcher.entities(f.alias).to_vec())).collect()
            };
            assert_eq!(found(a), found(b));
        }
    }

    #[test]
    fn a_catalogue_round_trips_with_its_warnings() {
        let text = warned(30);
        let loaded = Catalogue::parse(&text);
        assert!(!loaded.problems.is_empty() && loaded.catalogue.is_some(), "{:?}", loaded.problems);
        assert_eq!(shows_problems(&encode(key(text.as_bytes()), &loaded)), Some(true));
        let clean = r#"{"entities": [{"id": "a", "name": "A", "kind": "place"}], "tags": []}"#;
        assert_eq!(shows_problems(&encode(key(clean.as_bytes()), &Catalogue::parse(clean))), Some(false));
        assert_eq!(shows_problems(b"CLSPCAT"), None);
        let k = key(clean.as_bytes());
        assert_eq!(key_in(&encode(k, &Catalogue::parse(clean))), Some(k));
        assert_round_trip(&text, None);
        assert_round_trip(&text, Some(&words_of("Entity 1 met São 2 and Shared")));
    }

    #[test]
    fn a_broken_catalogue_round_trips_as_its_problems() {
        let text = warned(5).replace(r#""e-3""#, r#""e-1""#).replace(r#""tags": ["t"]"#, r#""tags": ["nope"]"#);
        let loaded = Catalogue::parse(&text);
        assert!(loaded.catalogue.is_none());
        assert_round_trip(&text, None);
        let k = key(text.as_bytes());
        assert_eq!(decode(&encode(k, &loaded), k, None).unwrap().problems, loaded.problems);
    }

    #[test]
    fn another_key_version_or_damage_is_a_miss() {
        let text = warned(10);
        let k = key(text.as_bytes());
        let bytes = encode(k, &Catalogue::parse(&text));
        assert_eq!(decode(&bytes, k ^ 1, None).err(), Some(Miss::Key));
        let mut other = bytes.clone();
        other[8] ^= 1;
        assert_eq!(decode(&other, k, None).err(), Some(Miss::Format));
        for cut in [0, 7, 20, HEADER_LEN, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], k, None).is_err(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x40;
        assert_eq!(decode(&flipped, k, None).err(), Some(Miss::Corrupt));
    }

    proptest! {
        /// Any damage to a cache file is a miss or the same load, never a panic.
        #[test]
        /// (With `resum`, the damage is in the payload and its length and
        /// checksum are made to fit: postcard then meets the damage.)
        #[test]
        fn damaged_bytes_never_panic(
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            cut in any::<prop::sample::Index>(),
            resum in any::<bool>(),
        ) {
            let text = warned(3);
            let k = key(text.as_bytes());
            let mut bytes = encode(k, &Catalogue::parse(&text));
            let end = cut.index(bytes.len() + 1);
            if resum {
                let i = HEADER_LEN + at.index(bytes.len() - HEADER_LEN);
                bytes[i] = byte;
                bytes.truncate(end.max(HEADER_LEN));
                let body = bytes[HEADER_LEN..].to_vec();
                bytes[HEADER_LEN - 16..HEADER_LEN - 8].copy_from_slice(&(body.len() as u64).to_le_bytes());
                bytes[HEADER_LEN - 8..HEADER_LEN].copy_from_slice(&xxh3_64(&body).to_le_bytes());
                let _ = decode(&bytes, k, None);
            } else {
                let i = at.index(bytes.len());
                bytes[i] = byte;
                let _ = decode(&bytes[..end], k, None);
            }
        }

        /// Catalogues of generated entries round-trip.
        #[test]
        fn generated_catalogues_round_trip(
            entries in prop::collection::vec(("[a-c]{1,3}", "[A-Cé ]{1,6}", prop::collection::vec("[A-Cé’ ]{1,5}", 0..3)), 0..12),
            probe in "[A-Cé’ ]{0,30}",
        ) {
            let entities: Vec<String> = entries.iter().map(|(id, name, aliases)| {
                serde_json::json!({"id": id, "name": name, "kind": "place", "aliases": aliases}).to_string()
            }).collect();
            let text = format!(r#"{{"entities": [{}], "tags": []}}"#, entities.join(","));
            assert_round_trip(&text, None);
            assert_round_trip(&text, Some(&words_of(&probe)));
        }
    }
}
