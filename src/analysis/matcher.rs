//! The alias matcher: every catalogued name and alias, found in plain text on
//! word boundaries, case-sensitively, longest alias first.
//!
//! A match must not cut a word at either end: the characters on both sides of
//! a boundary are not both word characters (letters, digits, `_`). An
//! apostrophe after the match is allowed only as a possessive (`Blinken’s`,
//! `Blinken's`) or a closing quote, so `Xi’an` is not `Xi`. At each position
//! the longest alias that ends on such a boundary is taken; matches do not
//! overlap and the leftmost wins (the leftmost-longest semantics of an
//! Aho-Corasick automaton, which the tests use as the reference).
//!
//! How: an alias can only start at a byte that starts an alias, on a word
//! boundary. Those bytes are found eight at a time (SWAR on a `u64`: capital
//! letters, non-ASCII lead bytes and up to three other bytes, such as the `t`
//! of `the United States`), and at each one the aliases starting with the same
//! two bytes are tried longest first by their byte length: a length is tried
//! only where the text has a word boundary, and only then is the text looked
//! up in a hash map of every alias. Nothing is compiled: building the matcher
//! for 300,000 aliases is filling one hash map (an automaton took most of a
//! second and hundreds of megabytes), and plain text without capitals costs
//! one pass of word-wide arithmetic.

use hashbrown::HashTable;
use rustc_hash::FxHashMap as HashMap;

use super::catalogue::{hash_str, same_str};

use super::Span;
use super::scan::LineScan;

/// One occurrence of an alias in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AliasMatch {
    pub span: Span,
    /// Index of the alias in the matcher (see [`AliasMatcher::entities`]).
    pub alias: u32,
}

/// The byte lengths of the aliases that start with one pair of bytes.
#[derive(Debug, Default)]
struct Lengths {
    /// Lengths below 256, as bits.
    short: [u64; 4],
    /// Lengths of 256 bytes and more, longest first.
    long: Vec<usize>,
}

impl Lengths {
    fn insert(&mut self, len: usize) {
        if len < 256 {
            self.short[len / 64] |= 1 << (len % 64);
        } else if !self.long.contains(&len) {
            self.long.push(len);
            self.long.sort_unstable_by(|a, b| b.cmp(a));
        }
    }
}

/// How the bytes that may start an alias are found.
#[derive(Debug)]
enum Scan {
    /// Capitals and non-ASCII bytes eight at a time (`upper` / `high`: `HIGH`
    /// when some alias starts with one, else 0), and the few aliases that
    /// start otherwise (`the United States`) all by one packed substring
    /// search (none when every alias starts with a capital or non-ASCII).
    Swar { upper: u64, high: u64, others: Option<aho_corasick::packed::Searcher> },
    /// One byte at a time, through the table (many aliases start in lower case).
    Table,
}

/// The starts of the aliases that do not start with a capital in one line,
/// from [`AliasMatcher::other_starts`] of its document.
#[derive(Clone, Copy, Debug)]
pub struct OtherStarts<'a> {
    /// Starts in the document, in order: those from the line's start on.
    pub starts: &'a [usize],
    /// Where the line starts in the document.
    pub line_start: usize,
}

impl OtherStarts<'_> {
    /// The first start at or after `from` (in the line), or `usize::MAX`;
    /// the starts before it are let go (`from` only grows).
    fn first_from(&mut self, from: usize) -> usize {
        let at = self.line_start + from;
        // (One by one: `from` only grows, so each start is passed once.)
        while self.starts.first().is_some_and(|&s| s < at) {
            self.starts = &self.starts[1..];
        }
        self.starts.first().map_or(usize::MAX, |&s| s - self.line_start)
    }
}

/// The next start of an alias not starting with a capital, as a line's
/// search goes: found (`next`, kept until passed) from `starts` when given.
#[derive(Debug, Default)]
struct Others<'a> {
    next: Option<usize>,
    starts: Option<OtherStarts<'a>>,
}

/// The aliases not starting with a capital (`the United States`), searched
/// for in a whole document by a rare part of each: the packed search
/// checks each place where the first bytes of one of its patterns occur, and
/// a pattern starting `the` would have it check every `the` of the text.
#[derive(Debug)]
struct InDocument {
    /// Each alias's part from `at` on.
    searcher: aho_corasick::packed::Searcher,
    /// Each alias, with where its searched part starts.
    aliases: Vec<(usize, Box<[u8]>)>,
}

impl InDocument {
    fn new(others: &[&str]) -> Option<InDocument> {
        let aliases: Vec<(usize, Box<[u8]>)> =
            others.iter().map(|a| (rare_part(a.as_bytes()), Box::from(a.as_bytes()))).collect();
        let searcher = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(aliases.iter().map(|(at, a)| &a[*at..]))
            .build()?;
        Some(InDocument { searcher, aliases })
    }

    /// Every start of an alias in `bytes`, in order, once each, into `out`.
    fn starts(&self, bytes: &[u8], out: &mut Vec<usize>) {
        let mut from = 0;
        // Every place where some part occurs (the leftmost from each), and there every alias whose part it is.
        while let Some(m) = self.searcher.find_in(bytes, aho_corasick::Span { start: from, end: bytes.len() }) {
            let q = m.start();
            for (at, alias) in &self.aliases {
                if q >= *at && bytes[q - at..].starts_with(alias) {
                    out.push(q - at);
                }
            }
            from = q + 1;
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Where the rarest three bytes of `alias` start (by a rough frequency of
/// bytes in English text): the part of it the document search looks for.
fn rare_part(alias: &[u8]) -> usize {
    // Per mille, roughly; the rest (capitals, digits, most punctuation, non-ASCII) are rare.
    fn frequency(b: u8) -> u32 {
        match b {
            b' ' => 180,
            b'e' => 100,
            b't' => 75,
            b'a' => 65,
            b'o' => 62,
            b'i' | b'n' => 57,
            b's' => 52,
            b'h' | b'r' => 50,
            b'd' => 35,
            b'l' => 33,
            b'c' | b'u' => 23,
            b'm' | b'w' => 20,
            b'f' => 18,
            b'g' | b'y' => 16,
            b'p' => 15,
            b'b' => 12,
            b',' | b'.' => 10,
            b'v' => 8,
            b'k' => 6,
            _ => 2,
        }
    }
    let n = alias.len().min(3);
    (0..=alias.len() - n)
        .min_by_key(|&k| alias[k..k + n].iter().map(|&b| u64::from(frequency(b))).product::<u64>())
        .unwrap_or(0)
}

/// Up to this many aliases not starting with a capital are searched for one by one.
const OTHERS_LIMIT: usize = 16;

pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
pub(crate) const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit of each byte of `x` (< 0x80) that is at least `c`.
#[inline(always)]
pub(crate) fn at_least(t: u64, c: u8) -> u64 {
    t.wrapping_add(ONES * u64::from(0x80 - c)) & HIGH
}

/// The high bit of each byte of `x` equal to the byte broadcast in `b`, exactly.
#[inline(always)]
pub(crate) fn equal(x: u64, b: u64) -> u64 {
    let y = x ^ b;
    !(((y & LOW7).wrapping_add(LOW7)) | y | LOW7)
}

/// The end of the run from `from` of ASCII letters and digits and of the
/// bytes that `also` marks in a word (the high bit of each, as [`equal`]
/// gives): eight bytes at a time by word-wide arithmetic, then byte by byte
/// through `byte` (the same class for one byte). The finder's word ends and
/// the markup's tag ids both run through it.
#[inline(always)]
pub(crate) fn ascii_run(bytes: &[u8], from: usize, also: impl Fn(u64) -> u64, byte: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while i + 8 <= bytes.len() {
        let x = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let t = x & LOW7;
        let upper = at_least(t, b'A') & !at_least(t, b'Z' + 1);
        let lower = at_least(t, b'a') & !at_least(t, b'z' + 1);
        let digit = at_least(t, b'0') & !at_least(t, b'9' + 1);
        // (A byte of 0x80 or more is no ASCII letter whatever its low bits.)
        let bad = !((upper | lower | digit) & !x | also(x)) & HIGH;
        if bad != 0 {
            return i + (bad.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && byte(bytes[i]) {
        i += 1;
    }
    i
}

/// The high bit of each ASCII word byte of `x` (letter, digit, `_`).
#[inline(always)]
fn word_bytes(x: u64) -> u64 {
    let t = x & LOW7;
    let digit = at_least(t, b'0') & !at_least(t, b'9' + 1);
    let upper = at_least(t, b'A') & !at_least(t, b'Z' + 1);
    let lower = at_least(t, b'a') & !at_least(t, b'z' + 1);
    (digit | upper | lower | equal(x, ONES * u64::from(b'_'))) & !x
}

/// The high bit of each byte of `x` that is an ASCII capital (when `upper`
/// is `HIGH`) or not ASCII (when `high` is), but not an ASCII word byte right
/// after another (no word boundary there); `before` is the byte before `x`.
#[inline(always)]
fn start_mask(x: u64, before: u8, upper: u64, high: u64) -> u64 {
    let t = x & LOW7;
    let m = (x & high) | (at_least(t, b'A') & !at_least(t, b'Z' + 1) & !x & upper);
    let words = word_bytes(x);
    let carry = if before.is_ascii_alphanumeric() || before == b'_' { 0x80 } else { 0 };
    m & !(words & ((words << 8) | carry))
}

/// The first ASCII capital or non-ASCII byte of `bytes` from `from`, found
/// eight bytes at a time.
pub(crate) fn next_capital(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i + 8 <= bytes.len() {
        let x = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let m = (x & HIGH) | (at_least(x & LOW7, b'A') & !at_least(x & LOW7, b'Z' + 1) & !x);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..bytes.len()).find(|&k| bytes[k].is_ascii_uppercase() || bytes[k] >= 0x80)
}

/// Alias `i` of the matcher's one string of aliases (see [`AliasMatcher`]'s `text`).
#[inline]
fn nth_alias<'t>(text: &'t str, bounds: &[u32], i: u32) -> &'t str {
    &text[bounds[i as usize] as usize..bounds[i as usize + 1] as usize]
}

#[derive(Debug)]
pub struct AliasMatcher {
    /// Every alias once, one after another: alias `i` is
    /// `text[bounds[i]..bounds[i + 1]]` (one allocation, not one per alias).
    text: String,
    bounds: Vec<u32>,
    /// Every alias by its text: a table of alias numbers, hashed by the text.
    ids: HashTable<u32>,
    /// The entities of alias `i` are `entities[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<u32>,
    entities: Vec<u32>,
    /// Which bytes start an alias.
    first: [bool; 256],
    /// One-byte aliases, by their byte.
    single: [bool; 256],
    /// The lengths of the aliases of two bytes or more, by their first two bytes.
    lengths: HashMap<u16, Lengths>,
    /// Which pairs of first bytes are in `lengths` (65,536 bits).
    pairs: Box<[u64]>,
    scan: Scan,
    /// The search of a whole document for the aliases not starting with a capital.
    in_document: Option<Box<InDocument>>,
}

impl Default for AliasMatcher {
    fn default() -> Self {
        AliasMatcher::new(std::iter::empty())
    }
}

impl AliasMatcher {
    /// `aliases` yields `(alias, entity index)`; an alias may repeat for several entities.
    pub fn new<'a>(aliases: impl IntoIterator<Item = (&'a str, usize)>) -> AliasMatcher {
        let aliases: Vec<(&str, usize)> = aliases.into_iter().collect();
        let mut text = String::new();
        let mut bounds = vec![0u32];
        let mut ids: HashTable<u32> = HashTable::with_capacity(aliases.len());
        // (alias number, entity) in the order given; grouped by alias below.
        let mut owned: Vec<(u32, u32)> = Vec::with_capacity(aliases.len());
        let mut first = [false; 256];
        let mut single = [false; 256];
        let mut lengths: HashMap<u16, Lengths> = HashMap::default();
        let mut pairs = vec![0u64; 1024].into_boxed_slice();
        for (alias, entity) in aliases {
            let bytes = alias.as_bytes();
            let Some(&b0) = bytes.first() else { continue };
            let hash = hash_str(alias);
            let id = match ids.find(hash, |&i| same_str(nth_alias(&text, &bounds, i), alias)) {
                Some(&id) => id,
                None => {
                    let id = (bounds.len() - 1) as u32;
                    text.push_str(alias);
                    bounds.push(u32::try_from(text.len()).expect("aliases below 4 GB"));
                    ids.insert_unique(hash, id, |&i| hash_str(nth_alias(&text, &bounds, i)));
                    first[usize::from(b0)] = true;
                    if let [_, b1, ..] = *bytes {
                        let pair = u16::from_be_bytes([b0, b1]);
                        pairs[usize::from(pair) / 64] |= 1 << (pair % 64);
                        lengths.entry(pair).or_default().insert(bytes.len());
                    } else {
                        single[usize::from(b0)] = true;
                    }
                    id
                }
            };
            owned.push((id, entity as u32));
        }
        text.shrink_to_fit();
        // Each alias's entities in the order given, each once (a counting sort).
        let count = bounds.len() - 1;
        let mut offsets = vec![0u32; count + 1];
        for &(id, _) in &owned {
            offsets[id as usize + 1] += 1;
        }
        for i in 0..count {
            offsets[i + 1] += offsets[i];
        }
        let mut filled = offsets.clone();
        let mut entities = vec![0u32; owned.len()];
        for &(id, entity) in &owned {
            let (from, at) = (offsets[id as usize] as usize, filled[id as usize] as usize);
            if !entities[from..at].contains(&entity) {
                entities[at] = entity;
                filled[id as usize] += 1;
            }
        }
        // Close the gaps that repeated (alias, entity) pairs left.
        if filled[..count] != offsets[1..] {
            let mut kept = 0;
            for i in 0..count {
                let (from, to) = (offsets[i] as usize, filled[i] as usize);
                offsets[i] = kept as u32;
                entities.copy_within(from..to, kept);
                kept += to - from;
            }
            offsets[count] = kept as u32;
            entities.truncate(kept);
        }
        // Capitals and non-ASCII bytes are found by arithmetic; a few aliases starting otherwise by search.
        let others: Vec<&str> = (0..count)
            .map(|i| nth_alias(&text, &bounds, i as u32))
            .filter(|a| {
                let b = a.as_bytes()[0];
                b < 0x80 && !b.is_ascii_uppercase()
            })
            .collect();
        // (The packed searcher declines some sets; the table takes any.)
        let searcher = (!others.is_empty() && others.len() <= OTHERS_LIMIT).then(|| {
            aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(&others)
                .build()
        });
        let scan = match searcher {
            None if !others.is_empty() => Scan::Table,
            Some(None) => Scan::Table,
            searcher => {
                let flag = |any: bool| if any { HIGH } else { 0 };
                Scan::Swar {
                    upper: flag((b'A'..=b'Z').any(|b| first[usize::from(b)])),
                    high: flag((0x80..=0xff).any(|b| first[b])),
                    others: searcher.flatten(),
                }
            }
        };
        let in_document = match &scan {
            Scan::Swar { others: Some(_), .. } => InDocument::new(&others).map(Box::new),
            _ => None,
        };
        AliasMatcher { text, bounds, ids, offsets, entities, first, single, lengths, pairs, scan, in_document }
    }

    /// The entities that have alias number `alias` (one, unless ambiguous).
    pub fn entities(&self, alias: u32) -> &[u32] {
        let i = alias as usize;
        &self.entities[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Every match in `text`, left to right, not overlapping.
    pub fn find_iter<'m, 't>(&'m self, text: &'t str) -> impl Iterator<Item = AliasMatch> + use<'m, 't> {
        self.find_iter_in(text, 0..text.len())
    }

    /// Every match lying within `range` of `text`, left to right, not
    /// overlapping; word boundaries are judged on the whole `text`.
    pub fn find_iter_in<'m, 't>(
        &'m self,
        text: &'t str,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = AliasMatch> + use<'m, 't> {
        let mut others = Others::default();
        let mut pos = range.start;
        let end = range.end.min(text.len());
        std::iter::from_fn(move || self.next_in(text, None, &mut pos, end, &mut others))
    }

    /// The matches within each of `gaps` (in order, not overlapping) into `out`:
    /// [`find_iter_in`](Self::find_iter_in) of each, with one search per line for
    /// the aliases that do not start with a capital.
    pub fn find_in_gaps(
        &self,
        text: &str,
        gaps: impl Iterator<Item = std::ops::Range<usize>>,
        out: &mut Vec<AliasMatch>,
    ) {
        self.find_in_gaps_with(text, None, None, gaps, out);
    }

    /// [`find_in_gaps`](Self::find_in_gaps), with the alias starts taken from
    /// `scan` (a [`LineScan`] of `text`) instead of found by the word scan.
    /// `starts`: the starts in `text` of the aliases that do not start with a
    /// capital, when [`other_starts`](Self::other_starts) found them for the
    /// whole document (else they are searched for in `text`).
    pub fn find_in_gaps_scanned(
        &self,
        text: &str,
        scan: &LineScan,
        starts: Option<OtherStarts<'_>>,
        gaps: impl Iterator<Item = std::ops::Range<usize>>,
        out: &mut Vec<AliasMatch>,
    ) {
        debug_assert_eq!(scan.len(), text.len(), "a scan of another text");
        self.find_in_gaps_with(text, Some(scan), starts, gaps, out);
    }

    fn find_in_gaps_with(
        &self,
        text: &str,
        scan: Option<&LineScan>,
        starts: Option<OtherStarts<'_>>,
        gaps: impl Iterator<Item = std::ops::Range<usize>>,
        out: &mut Vec<AliasMatch>,
    ) {
        let mut others = Others { next: None, starts };
        for gap in gaps {
            let mut pos = gap.start;
            let end = gap.end.min(text.len());
            while let Some(m) = self.next_in(text, scan, &mut pos, end, &mut others) {
                out.push(m);
            }
        }
    }

    /// Every start in `text` (a whole document) of the aliases that do not
    /// start with a capital, in order, into `out` (cleared first): one packed
    /// search of the document instead of one per line (which costs the
    /// searcher's set-up on every line). False, and `out` empty, when the
    /// matcher has no such search. Every start of such an alias within a line
    /// is among them; a start whose match runs past its line's end (an alias
    /// holding a line break) is only a byte where no alias of the line starts,
    /// where the line's search finds nothing and goes on (property-tested
    /// against each line searched alone).
    pub fn other_starts(&self, text: &str, out: &mut Vec<usize>) -> bool {
        out.clear();
        match &self.in_document {
            Some(search) => {
                search.starts(text.as_bytes(), out);
                true
            }
            None => false,
        }
    }

    /// The next match from `*pos` within `..end`, moving `*pos` past it.
    #[inline]
    fn next_in(
        &self,
        text: &str,
        scan: Option<&LineScan>,
        pos: &mut usize,
        end: usize,
        others: &mut Others<'_>,
    ) -> Option<AliasMatch> {
        while *pos < end {
            let start = self.next_start(text.as_bytes(), scan, *pos, end, others)?;
            *pos = start + 1;
            if !boundary(text, start) {
                continue;
            }
            if let Some(m) = self.longest_at(text, start, end) {
                *pos = m.span.end;
                return Some(m);
            }
        }
        None
    }

    /// The first position from `i` (before `end`) where an alias may start.
    #[inline]
    fn next_start(
        &self,
        bytes: &[u8],
        scan: Option<&LineScan>,
        mut i: usize,
        end: usize,
        others: &mut Others<'_>,
    ) -> Option<usize> {
        let Scan::Swar { upper, high, others: searcher, .. } = &self.scan else {
            return (i..end).find(|&k| self.first[usize::from(bytes[k])]);
        };
        let from = i;
        let mut other = usize::MAX;
        if let Some(searcher) = searcher {
            // The leftmost start of any of them from `from`, kept until passed.
            // (Searched to the end of the text: the next gap of a line may use it.)
            if others.next.is_none_or(|a| a < from) {
                others.next = Some(match &mut others.starts {
                    Some(starts) => starts.first_from(from),
                    None => {
                        let span = aho_corasick::Span { start: from, end: bytes.len() };
                        searcher.find_in(bytes, span).map_or(usize::MAX, |m| m.start())
                    }
                });
            }
            other = others.next.expect("searched");
        }
        let other = if other < end { other } else { usize::MAX };
        let end = end.min(other);
        if let Some(scan) = scan {
            // The capitals and lead bytes the line's scan marked, where a word may start.
            while let Some(k) = scan.next_upper(i).filter(|&k| k < end) {
                let after_word =
                    k > 0 && bytes[k] < 0x80 && (bytes[k - 1].is_ascii_alphanumeric() || bytes[k - 1] == b'_');
                if !after_word && self.first[usize::from(bytes[k])] {
                    return Some(k);
                }
                i = k + 1;
            }
            return (other != usize::MAX).then_some(other);
        }
        while i + 8 <= end {
            let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
            let before = if i == 0 { b' ' } else { bytes[i - 1] };
            let mut m = start_mask(word, before, *upper, *high);
            while m != 0 {
                let k = i + (m.trailing_zeros() / 8) as usize;
                if self.first[usize::from(bytes[k])] {
                    return Some(k);
                }
                m &= m - 1;
            }
            i += 8;
        }
        (i..end).find(|&k| self.first[usize::from(bytes[k])]).or((other != usize::MAX).then_some(other))
    }

    /// The longest alias at `start` that ends by `end` on a boundary.
    #[inline]
    fn longest_at(&self, text: &str, start: usize, end: usize) -> Option<AliasMatch> {
        let bytes = text.as_bytes();
        let found = |len: usize| {
            let stop = start + len;
            if !text.is_char_boundary(stop) || !boundary(text, stop) || apostrophe_continues(text, stop) {
                return None;
            }
            let key = &text[start..stop];
            self.ids
                .find(hash_str(key), |&i| same_str(nth_alias(&self.text, &self.bounds, i), key))
                .map(|&alias| AliasMatch { span: Span::new(start, stop), alias })
        };
        if start + 1 < end {
            let pair = u16::from_be_bytes([bytes[start], bytes[start + 1]]);
            if self.pairs[usize::from(pair) / 64] & (1 << (pair % 64)) != 0 {
                let lengths = &self.lengths[&pair];
                let max = end - start;
                for &len in lengths.long.iter().filter(|&&l| l <= max) {
                    if let Some(m) = found(len) {
                        return Some(m);
                    }
                }
                for word in (0..4).rev() {
                    let mut bits = lengths.short[word];
                    // Not past `max`.
                    if max < word * 64 {
                        continue;
                    } else if max < word * 64 + 63 {
                        bits &= (1u64 << (max - word * 64 + 1)) - 1;
                    }
                    while bits != 0 {
                        let bit = 63 - bits.leading_zeros() as usize;
                        bits &= !(1u64 << bit);
                        if let Some(m) = found(word * 64 + bit) {
                            return Some(m);
                        }
                    }
                }
            }
        }
        if self.single[usize::from(bytes[start])] { found(1) } else { None }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `at` does not cut a word in two.
#[inline]
fn boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    // ASCII on both sides (most text): one table look-up a side.
    match (at.checked_sub(1).map(|i| bytes[i]), bytes.get(at)) {
        (None, _) | (_, None) => true,
        (Some(b), Some(&a)) if b < 0x80 && a < 0x80 => !(ASCII_WORD[usize::from(b)] && ASCII_WORD[usize::from(a)]),
        _ => boundary_decoded(text, at),
    }
}

/// [`boundary`] where a side is not ASCII: its character decoded.
#[cold]
#[inline(never)]
fn boundary_decoded(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let before = match bytes[at - 1] {
        b if b < 0x80 => ASCII_WORD[usize::from(b)],
        _ => text[..at].chars().next_back().is_some_and(is_word_char),
    };
    let after = match bytes[at] {
        b if b < 0x80 => ASCII_WORD[usize::from(b)],
        _ => text[at..].chars().next().is_some_and(is_word_char),
    };
    !(before && after)
}

/// The ASCII word bytes (letters, digits, `_`), by byte.
static ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// `at` is followed by an apostrophe that continues the word (`Xi’an`), as
/// opposed to a possessive `’s` or a closing quote.
#[inline]
fn apostrophe_continues(text: &str, at: usize) -> bool {
    if !matches!(text.as_bytes().get(at), Some(b'\'' | 0xe2)) {
        return false;
    }
    let mut rest = text[at..].chars();
    if !matches!(rest.next(), Some('\'' | '’')) {
        return false;
    }
    match rest.next() {
        Some('s') => rest.next().is_some_and(is_word_char),
        Some(c) => is_word_char(c),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixture::ranges;

    fn matcher() -> AliasMatcher {
        AliasMatcher::new([
            ("Blinken", 0),
            ("Mr. Blinken", 0),
            ("Antony Blinken", 0),
            ("Wang Yi", 1),
            ("Xi", 2),
            ("Xi Jinping", 2),
            ("U.S.", 3),
            ("China", 4),
            ("South China Sea", 5),
            ("Wang", 6),
        ])
    }

    #[track_caller]
    fn check(fixture: &str) {
        let (text, expected) = ranges(fixture);
        let got: Vec<Span> = matcher().find_iter(&text).map(|m| m.span).collect();
        let shown: Vec<&str> = got.iter().map(|s| s.of(&text)).collect();
        assert_eq!(got, expected, "matched {shown:?} in {text:?}");
    }

    #[test]
    fn longest_first_on_word_boundaries() {
        check(
            "Mr. Blinken met Wang Yi; Blinken’s and Blinken's trip. Antony Blinken.\n\
             ^^^^^^^^^^^     ^^^^^^^  ^^^^^^^       ^^^^^^^         ^^^^^^^^^^^^^^",
        );
        check("Wangyi, Blinkenesque, XBlinken, Xinjiang, Xi’an, Chinas\n");
        check(
            "the U.S.–China talks; U.S. officials in the South China Sea\n\
             \u{20}   ^^^^ ^^^^^        ^^^^                  ^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn shorter_alias_when_longest_cuts_a_word() {
        // `Wang Yi` would end inside `Yizhou`: fall back to `Wang`.
        check(
            "Wang Yizhou and “Xi” and ‘Xi’ said\n\
             ^^^^             ^^       ^^",
        );
    }

    #[test]
    fn ambiguity_and_empty() {
        let m = AliasMatcher::new([("Wang", 1), ("Wang", 2), ("Wang", 1)]);
        assert_eq!(m.entities(0), &[1, 2]);
        assert_eq!(AliasMatcher::default().find_iter("anything").count(), 0);
    }

    #[test]
    fn lowercase_digit_one_byte_and_long_aliases() {
        let long = format!("Long{}", "x".repeat(300));
        let m = AliasMatcher::new([
            ("the United States", 0),
            ("United States", 1),
            ("2023 Report", 2),
            ("X", 3),
            ("Émile Zola", 4),
            (long.as_str(), 5),
        ]);
        let text =
            format!("In the United States, X said the 2023 Report on Émile Zola; {long}. Xs, theX the-United States");
        let got: Vec<&str> = m.find_iter(&text).map(|a| a.span.of(&text)).collect();
        assert_eq!(got, ["the United States", "X", "2023 Report", "Émile Zola", long.as_str(), "United States"]);
    }

    #[test]
    fn document_starts_of_aliases_sharing_a_part() {
        // Both searched by `b X` (and `the United States` by `Uni`): one place, two starts.
        let m = AliasMatcher::new([("ab X", 0), ("b X", 1), ("the United States", 2), ("United States", 3)]);
        let text = "ab X; in the United States";
        let mut starts = Vec::new();
        assert!(m.other_starts(text, &mut starts));
        assert_eq!(starts, [0, 1, 9]);
        assert_eq!(rare_part(b"the United States"), 4);
        assert_eq!(rare_part(b"ab"), 0);
    }

    #[test]
    fn many_first_bytes_scan_byte_by_byte() {
        let words = ["alpha", "beta", "gamma", "delta", "Epsilon"];
        let m = AliasMatcher::new(words.iter().enumerate().map(|(i, w)| (*w, i)));
        assert!(matches!(m.scan, Scan::Swar { .. }));
        let many: Vec<String> = (0..=OTHERS_LIMIT).map(|i| format!("w{i}")).collect();
        assert!(matches!(AliasMatcher::new(many.iter().map(|w| (w.as_str(), 0))).scan, Scan::Table));
        let text = "an alpha, betas and gamma delta—Epsilon";
        let got: Vec<&str> = m.find_iter(text).map(|a| a.span.of(text)).collect();
        assert_eq!(got, ["alpha", "gamma", "delta", "Epsilon"]);
    }

    #[test]
    fn swar_masks_are_exact() {
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        for (before, block) in [
            (b' ', *b"The t2#?"),
            (b'x', *b"AZ@[az`{"),
            (b'_', *b"TtT_T9TT"),
            (0xe2, [0x80, 0xff, 0x7f, b'A' - 1, b'Z' + 1, b'2', 0, b'#']),
        ] {
            let x = u64::from_le_bytes(block);
            let m = start_mask(x, before, HIGH, HIGH);
            for (i, &b) in block.iter().enumerate() {
                let prev = if i == 0 { before } else { block[i - 1] };
                let want = (b.is_ascii_uppercase() || b >= 0x80) && !(word(prev) && word(b));
                assert_eq!(m >> (i * 8 + 7) & 1 == 1, want, "byte {b:#x} of {block:?}");
            }
            let first = block.iter().position(|&b| b.is_ascii_uppercase() || b >= 0x80);
            assert_eq!(next_capital(&block, 0), first);
        }
    }

    /// The reference: a leftmost-longest Aho-Corasick automaton, with the
    /// longest alias's prefixes tried when it ends inside a word.
    fn reference(aliases: &[&str], text: &str) -> Vec<(usize, usize, u32)> {
        use aho_corasick::{AhoCorasick, Input, MatchKind};
        let mut unique: Vec<&str> = Vec::new();
        for a in aliases {
            if !a.is_empty() && !unique.contains(a) {
                unique.push(a);
            }
        }
        let Ok(ac) = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&unique) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = ac.find(Input::new(text).span(pos..text.len())) else { break };
            let start = m.start();
            let next = start + text[start..].chars().next().map_or(1, char::len_utf8);
            if !boundary(text, start) {
                pos = next;
                continue;
            }
            let longest = unique[m.pattern().as_usize()];
            let found = (1..=longest.len())
                .rev()
                .filter(|&l| longest.is_char_boundary(l))
                .filter_map(|l| unique.iter().position(|a| *a == &longest[..l]).map(|p| (l, p)))
                .find(|&(l, _)| boundary(text, start + l) && !apostrophe_continues(text, start + l));
            match found {
                Some((l, p)) => {
                    out.push((start, start + l, p as u32));
                    pos = start + l;
                }
                None => pos = next,
            }
        }
        out
    }

    proptest::proptest! {
        /// `boundary`'s ASCII table and its decoding path judge every
        /// position as decoding both sides does.
        #[test]
        fn boundary_as_decoded(text in "[a-zA-Z0-9_ .,'’éÉ😀\u{a0}-]{0,8}", at in 0usize..40) {
            let at = (0..=at.min(text.len())).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
            let before = text[..at].chars().next_back();
            let after = text[at..].chars().next();
            let want = match (before, after) {
                (Some(b), Some(a)) => !(is_word_char(b) && is_word_char(a)),
                _ => true,
            };
            proptest::prop_assert_eq!(boundary(&text, at), want, "{:?} at {}", text, at);
        }

        #[test]
        fn same_matches_as_an_automaton(
            aliases in proptest::collection::vec(
                proptest::string::string_regex("(the |state |2|É|X|Xi|Wang|Yi|U\\.S\\.|’s| |a|_|b)[A-Za-zÉé’' ._-]{0,6}").unwrap(),
                1..12,
            ),
            text in proptest::string::string_regex("(the |Xi|Wang|Yi|É|é|U\\.S\\.|’s|'s|’|'| |_|\\.|a|b|X|2|state |[A-Za-z]){0,40}").unwrap(),
        ) {
            let refs: Vec<&str> = aliases.iter().map(String::as_str).collect();
            let m = AliasMatcher::new(refs.iter().enumerate().map(|(i, a)| (*a, i)));
            // Pattern ids differ between the two (ours skip empties the same way): compare texts.
            let got: Vec<(usize, usize, &str)> =
                m.find_iter(&text).map(|a| (a.span.start, a.span.end, a.span.of(&text))).collect();
            let want: Vec<(usize, usize, &str)> =
                reference(&refs, &text).into_iter().map(|(s, e, _)| (s, e, &text[s..e])).collect();
            proptest::prop_assert_eq!(got, want);
        }

        /// The starts of the aliases that do not start with a capital, found
        /// once in a document, give each of its lines the matches of the
        /// line's own search, in every gap, aliases holding line breaks too.
        #[test]
        fn document_starts_as_each_line_searched(
            aliases in proptest::collection::vec(
                proptest::string::string_regex("(the |state |the|a|b|Xi|Wang|\n)[A-Za-z \r\n]{0,4}").unwrap(),
                1..8,
            ),
            text in proptest::string::string_regex("(the |state |the|Xi|Wang|Yi| |a|b|X|\n|\r\n|\r|[A-Za-z]){0,60}").unwrap(),
            cuts in proptest::collection::vec(0usize..200, 0..6),
        ) {
            let m = AliasMatcher::new(aliases.iter().enumerate().map(|(i, a)| (a.as_str(), i)));
            let mut starts = Vec::new();
            let whole = m.other_starts(&text, &mut starts);
            let mut rest = &starts[..];
            for (start, line) in crate::analysis::document::lines(&text) {
                let scan = LineScan::of(line.as_bytes());
                let others = whole.then(|| {
                    rest = &rest[rest.partition_point(|&s| s < start)..];
                    OtherStarts { starts: rest, line_start: start }
                });
                let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (line.len() + 1)).collect();
                cuts.sort_unstable();
                let mut gaps: Vec<std::ops::Range<usize>> = cuts.chunks(2).filter(|c| c.len() == 2).map(|c| c[0]..c[1]).collect();
                gaps.push(cuts.last().copied().unwrap_or(0)..line.len());
                let (mut got, mut want) = (Vec::new(), Vec::new());
                m.find_in_gaps_scanned(line, &scan, others, gaps.iter().cloned(), &mut got);
                m.find_in_gaps(line, gaps.iter().cloned(), &mut want);
                proptest::prop_assert_eq!(got, want, "line {:?}", line);
            }
        }

        /// The document search finds every start of every alias not
        /// starting with a capital, as a look at each byte does.
        #[test]
        fn document_starts_as_every_byte_tried(
            aliases in proptest::collection::vec(
                proptest::string::string_regex("(the |a|b|2|é|X)[abX2é ]{0,4}").unwrap(),
                1..10,
            ),
            text in proptest::string::string_regex("(the |a|b|2|é|X| ){0,40}").unwrap(),
        ) {
            let m = AliasMatcher::new(aliases.iter().enumerate().map(|(i, a)| (a.as_str(), i)));
            let mut starts = Vec::new();
            if m.other_starts(&text, &mut starts) {
                let others: Vec<&String> =
                    aliases.iter().filter(|a| a.as_bytes().first().is_some_and(|&b| b < 0x80 && !b.is_ascii_uppercase())).collect();
                let want: Vec<usize> =
                    (0..text.len()).filter(|&p| others.iter().any(|a| text.as_bytes()[p..].starts_with(a.as_bytes()))).collect();
                proptest::prop_assert_eq!(starts, want);
            }
        }

        #[test]
        fn gaps_of_a_line_as_each_gap_alone(
            aliases in proptest::collection::vec(
                proptest::string::string_regex("(the |state |Xi|Wang|a|b)[A-Za-z ]{0,5}").unwrap(),
                1..8,
            ),
            text in proptest::string::string_regex("(the |state |Xi|Wang|Yi| |a|b|X|[A-Za-z]){0,40}").unwrap(),
            cuts in proptest::collection::vec(0usize..200, 0..8),
        ) {
            let m = AliasMatcher::new(aliases.iter().enumerate().map(|(i, a)| (a.as_str(), i)));
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).collect();
            cuts.sort_unstable();
            let gaps: Vec<std::ops::Range<usize>> = cuts.chunks(2).filter(|c| c.len() == 2).map(|c| c[0]..c[1]).collect();
            let mut got = Vec::new();
            m.find_in_gaps(&text, gaps.iter().cloned(), &mut got);
            let want: Vec<AliasMatch> = gaps.iter().flat_map(|g| m.find_iter_in(&text, g.clone())).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
