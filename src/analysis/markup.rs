//! The markup parser: `[surface]{entity-id}`, `#tag-id`, and the escapes
//! `\[ \] \{ \} \# \\`.
//!
//! Markup never spans lines, so the parser works on one line at a time and
//! every span it returns is relative to the start of that line. A line here is
//! its content without the line terminator.
//!
//! Rules (SPEC.md "The annotation markup"):
//! - `[` … `]` directly followed by `{` … `}` is a mention. A bracket pair not
//!   followed by `{` is plain text (editorial insertions like `the [Biden]
//!   administration`), and may contain mentions.
//! - The id runs from `{` to `}`; it stops early (an unclosed `{`) at
//!   whitespace, `[`, `]`, `{` or the end of the line.
//! - `#` starts a tag when it begins a word (line start or after whitespace)
//!   and is followed by a letter or digit; the tag's id is the following run of
//!   letters, digits, `-` and `_`.
//! - `\` before one of `[]{}#\` escapes it; any other `\` is a plain character.

use super::scan::LineScan;
use super::{Span, is_slug};

/// `[surface]{id}`, well formed: non-empty surface, slug id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The whole construct, `[` to `}` inclusive.
    pub span: Span,
    /// Between the brackets (still escaped).
    pub surface: Span,
    /// Between the braces.
    pub id: Span,
}

/// `#tag-id`, well formed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagUse {
    /// `#` to the end of the id.
    pub span: Span,
    /// The id, without `#`.
    pub id: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkupErrorKind {
    /// `[x]{id` with no `}` before the id ends.
    UnclosedBrace,
    /// `[]{id}` or `[  ]{id}`.
    EmptySurface,
    /// `[x]{}`.
    EmptyId,
    /// `[a [b]{x} c]{y}`: the outer construct.
    NestedMention,
    /// `[x]{Wang_Yi}`.
    IdNotSlug,
    /// `#Taiwan`, `#red_lines`.
    TagNotSlug,
}

impl MarkupErrorKind {
    pub fn message(self, text: &str) -> String {
        match self {
            MarkupErrorKind::UnclosedBrace => "unclosed `{`: a mention is `[surface]{entity-id}` on one line".into(),
            MarkupErrorKind::EmptySurface => "empty surface text in `[]{…}`".into(),
            MarkupErrorKind::EmptyId => "empty entity id in `{}`".into(),
            MarkupErrorKind::NestedMention => "mentions do not nest: this mention contains another one".into(),
            MarkupErrorKind::IdNotSlug => {
                format!("entity id `{text}` is not a kebab-case slug (lower-case letters, digits and single hyphens)")
            }
            MarkupErrorKind::TagNotSlug => format!(
                "tag `{text}` is not a kebab-case slug (lower-case letters, digits and single hyphens); write `\\#` for a literal `#`"
            ),
        }
    }
}

/// A malformed construct. `span` covers what the annotator wrote; `detail` is
/// the part the message is about (the bad id, for instance).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkupError {
    pub kind: MarkupErrorKind,
    pub span: Span,
    pub detail: Span,
}

/// Everything the parser found on one line, in order of position within each list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineMarkup {
    pub mentions: Vec<Mention>,
    pub tags: Vec<TagUse>,
    /// Each escape's two bytes, `\` and the escaped character.
    pub escapes: Vec<Span>,
    pub errors: Vec<MarkupError>,
}

impl LineMarkup {
    /// True when the line holds only tags (and spaces), at least one tag and
    /// no other text: such a line labels the paragraph below it.
    pub fn is_tag_line(&self, line: &str) -> bool {
        if self.tags.is_empty() || !self.mentions.is_empty() || !self.errors.is_empty() {
            return false;
        }
        let mut pos = 0;
        for tag in &self.tags {
            if !line[pos..tag.span.start].bytes().all(|b| b == b' ' || b == b'\t') {
                return false;
            }
            pos = tag.span.end;
        }
        line[pos..].bytes().all(|b| b == b' ' || b == b'\t')
    }

    /// Spans that are markup rather than text: alias matching skips them.
    pub fn markup_spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.mentions
            .iter()
            .map(|m| m.span)
            .chain(self.tags.iter().map(|t| t.span))
            .chain(self.errors.iter().map(|e| e.span))
            .chain(self.escapes.iter().copied())
    }

    pub fn is_empty(&self) -> bool {
        self.mentions.is_empty() && self.tags.is_empty() && self.escapes.is_empty() && self.errors.is_empty()
    }

    /// Empties every list, keeping their buffers.
    pub fn clear(&mut self) {
        self.mentions.clear();
        self.tags.clear();
        self.escapes.clear();
        self.errors.clear();
    }
}

/// The bytes after `\` that make an escape.
pub const ESCAPABLE: &[u8] = b"[]{}#\\";

/// Parses one line (without its terminator).
pub fn parse_line(line: &str) -> LineMarkup {
    let mut out = LineMarkup::default();
    parse_line_into(line, &LineScan::of(line.as_bytes()), &mut out);
    out
}

/// Parses one line into `out` (cleared first, its buffers kept), jumping
/// between the markup bytes that `scan` (a scan of `line`) marked.
pub fn parse_line_into(line: &str, scan: &LineScan, out: &mut LineMarkup) {
    out.clear();
    // Fast path: most lines of prose have no markup character at all.
    if !scan.any_markup() {
        return;
    }
    thread_local! {
        /// The open `[` of the line being parsed: a buffer reused line after line.
        static OPEN: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    OPEN.with_borrow_mut(|open| {
        open.clear();
        parse_marked(line, scan, open, out, true);
    });
}

/// `fast`: ids, tags and the byte before a `#` read eight bytes or one ASCII
/// byte at a time when they are plain (see [`slug_run`], [`tag_end`],
/// [`starts_word`]), else as the general path does (property-tested to
/// parse the same).
fn parse_marked(line: &str, scan: &LineScan, open: &mut Vec<usize>, out: &mut LineMarkup, fast: bool) {
    let bytes = line.as_bytes();
    let mut i = 0;
    // Jump to the next byte that can start or end markup.
    while let Some(at) = scan.next_markup(i) {
        i = at;
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(|b| ESCAPABLE.contains(b)) => {
                out.escapes.push(Span::new(i, i + 2));
                i += 2;
                continue;
            }
            b'[' => open.push(i),
            b']' => {
                if let Some(start) = open.pop()
                    && bytes.get(i + 1) == Some(&b'{')
                {
                    i = mention_at(line, start, i, out, fast);
                    continue;
                }
            }
            b'#' if starts_word(line, i, fast) => {
                if let Some(end) = tag_end(line, i, fast) {
                    let id = Span::new(i + 1, end);
                    let span = Span::new(i, end);
                    if is_slug(id.of(line)) {
                        out.tags.push(TagUse { span, id });
                    } else {
                        out.errors.push(MarkupError { kind: MarkupErrorKind::TagNotSlug, span, detail: id });
                    }
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// `line[open] == '['`, `line[close] == ']'`, `line[close + 1] == '{'`.
/// Records the mention or the error and returns where parsing resumes.
fn mention_at(line: &str, open: usize, close: usize, out: &mut LineMarkup, fast: bool) -> usize {
    let bytes = line.as_bytes();
    let id_start = close + 2;
    let ends_id = |b: Option<&u8>| b.is_none_or(|&b| matches!(b, b'}' | b'[' | b']' | b'{') || b.is_ascii_whitespace());
    // Most ids are a run of slug bytes up to the `}`: found eight bytes at a time.
    let run = if fast { Some(slug_run(bytes, id_start)) } else { None };
    let (id_end, slug) = match run {
        Some((end, double)) if ends_id(bytes.get(end)) => {
            (end, end > id_start && !double && bytes[id_start] != b'-' && bytes[end - 1] != b'-')
        }
        _ => {
            // The id ends at a brace, a bracket or a space; whether it is a slug is told
            // on the same pass (as `is_slug` does: no `-` first, last or after another).
            let mut id_end = id_start;
            let mut slug = true;
            let mut after_hyphen = true;
            while let Some(&b) = bytes.get(id_end) {
                match b {
                    b'a'..=b'z' | b'0'..=b'9' => after_hyphen = false,
                    b'-' => {
                        slug &= !after_hyphen;
                        after_hyphen = true;
                    }
                    b'}' | b'[' | b']' | b'{' => break,
                    _ if b.is_ascii_whitespace() => break,
                    _ => slug = false,
                }
                id_end += 1;
            }
            (id_end, slug && !after_hyphen)
        }
    };
    let surface = Span::new(open + 1, close);
    let id = Span::new(id_start, id_end);
    if bytes.get(id_end) != Some(&b'}') {
        let span = Span::new(open, id_end);
        out.errors.push(MarkupError {
            kind: MarkupErrorKind::UnclosedBrace,
            span,
            detail: Span::new(close + 1, id_end),
        });
        return id_end;
    }
    let span = Span::new(open, id_end + 1);
    let error = |kind, detail| MarkupError { kind, span, detail };
    let nested = out.mentions.last().is_some_and(|m| m.span.start > open);
    if nested {
        out.errors.push(error(MarkupErrorKind::NestedMention, span));
    } else if blank(line, surface, fast) {
        out.errors.push(error(MarkupErrorKind::EmptySurface, Span::new(open, close + 1)));
    } else if id.is_empty() {
        out.errors.push(error(MarkupErrorKind::EmptyId, Span::new(close + 1, id_end + 1)));
    } else if !slug {
        debug_assert!(!is_slug(id.of(line)));
        out.errors.push(error(MarkupErrorKind::IdNotSlug, id));
    } else {
        debug_assert!(is_slug(id.of(line)));
        out.mentions.push(Mention { span, surface, id });
    }
    id_end + 1
}

/// `span` of `line` is nothing but whitespace (or empty). `fast`: a first
/// byte that is ASCII and no space answers at once (most surfaces start
/// with a letter), without slicing the line and decoding its characters.
fn blank(line: &str, span: Span, fast: bool) -> bool {
    match line.as_bytes().get(span.start) {
        Some(&b) if fast && span.start < span.end && b < 0x80 && !matches!(b, b'\t'..=b'\r' | b' ') => false,
        _ => span.of(line).chars().all(char::is_whitespace),
    }
}

/// The end of the run of `[a-z0-9-]` bytes from `from` (eight bytes at a
/// time, by word-wide arithmetic), and whether it holds two hyphens in a row.
fn slug_run(bytes: &[u8], from: usize) -> (usize, bool) {
    use super::matcher::{HIGH, LOW7, ONES, at_least, equal};
    let mut i = from;
    let mut double = false;
    // The byte before `i` in the run is a hyphen.
    let mut prev_hyphen = false;
    while i + 8 <= bytes.len() {
        let x = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let t = x & LOW7;
        let lower = at_least(t, b'a') & !at_least(t, b'z' + 1);
        let digit = at_least(t, b'0') & !at_least(t, b'9' + 1);
        let hyphen = equal(x, ONES * u64::from(b'-'));
        let bad = !((lower | digit) & !x | hyphen) & HIGH;
        // The bytes of the run in this word.
        let n = if bad == 0 { 8 } else { (bad.trailing_zeros() / 8) as usize };
        let hyphen = if n == 8 { hyphen } else { hyphen & ((1u64 << (n * 8)) - 1) };
        double |= hyphen & ((hyphen << 8) | if prev_hyphen { 0x80 } else { 0 }) != 0;
        if n < 8 {
            return (i + n, double);
        }
        prev_hyphen = hyphen >> 63 != 0;
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => prev_hyphen = false,
            b'-' => {
                double |= prev_hyphen;
                prev_hyphen = true;
            }
            _ => break,
        }
        i += 1;
    }
    (i, double)
}

/// The ASCII bytes a tag's id runs on: letters, digits, `-` and `_`.
static TAG_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'-' as usize || b == b'_' as usize;
        b += 1;
    }
    table
};

/// The end of the run of ASCII tag bytes ([`TAG_BYTE`]: letters, digits,
/// `-` and `_`) from `from`, eight bytes at a time by word-wide arithmetic
/// ([`super::matcher::ascii_run`]), then byte by byte.
fn tag_run(bytes: &[u8], from: usize) -> usize {
    use super::matcher::{ONES, ascii_run, equal};
    let marks = |x: u64| equal(x, ONES * u64::from(b'-')) | equal(x, ONES * u64::from(b'_'));
    ascii_run(bytes, from, marks, |b| TAG_BYTE[usize::from(b)])
}

/// `#` at `i` begins a word: at the line start or after whitespace.
/// (`fast`: an ASCII byte before it is read as is, not decoded backwards.)
fn starts_word(line: &str, i: usize, fast: bool) -> bool {
    match i.checked_sub(1).map(|k| line.as_bytes()[k]) {
        None => true,
        Some(b) if fast && b < 0x80 => char::from(b).is_whitespace(),
        Some(_) => line[..i].chars().next_back().is_none_or(char::is_whitespace),
    }
}

/// The end of the tag starting with `#` at `i`, if a letter or digit follows.
/// (`fast`: an ASCII tag ended by ASCII or the line's end is read byte by byte.)
fn tag_end(line: &str, i: usize, fast: bool) -> Option<usize> {
    let bytes = line.as_bytes();
    if fast && bytes.get(i + 1).is_some_and(|&b| b < 0x80) {
        if !bytes[i + 1].is_ascii_alphanumeric() {
            return None;
        }
        let j = tag_run(bytes, i + 2);
        if bytes.get(j).is_none_or(|&b| b < 0x80) {
            return Some(j);
        }
    }
    let rest = &line[i + 1..];
    let first = rest.chars().next()?;
    if !first.is_alphanumeric() {
        return None;
    }
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .map_or(rest.len(), |(at, _)| at);
    Some(i + 1 + len)
}

/// Removes the escapes from `s`: `\[` → `[` and so on; any other `\` stays.
pub fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\\') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii()
            && ESCAPABLE.contains(&(next as u8))
        {
            out.push(next);
            chars.next();
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Escapes `s` so that it reads back as plain text: the inverse of `unescape`
/// for text destined to be a mention's surface.
pub fn escape_surface(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() && ESCAPABLE.contains(&(c as u8)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    use super::*;
    use crate::analysis::fixture::ranges;

    fn kinds(line: &str) -> Vec<MarkupErrorKind> {
        parse_line(line).errors.iter().map(|e| e.kind).collect()
    }

    /// `^^^` under a fixture line marks the expected spans of one category.
    #[track_caller]
    fn check_mentions(fixture: &str) {
        let (line, expected) = ranges(fixture);
        let got: Vec<Span> = parse_line(&line).mentions.iter().map(|m| m.span).collect();
        assert_eq!(got, expected, "in {line:?}");
    }

    #[test]
    fn mentions() {
        check_mentions(
            "[Blinken]{antony-blinken} met [Wang Yi]{wang-yi} in Beijing.\n\
             ^^^^^^^^^^^^^^^^^^^^^^^^^     ^^^^^^^^^^^^^^^^^^",
        );
        check_mentions(
            "the [Biden] administration and the [[Biden]{joe-biden}] one\n\
             \u{20}                                   ^^^^^^^^^^^^^^^^^^",
        );
        check_mentions(
            "“[Xi]{xi-jinping}’s” — [Taipei]{taipei} 😀 [U.S.]{united-states}\n\
             \u{20}^^^^^^^^^^^^^^^^      ^^^^^^^^^^^^^^^^   ^^^^^^^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn surface_and_id_spans() {
        let line = "x [Wang Yi]{wang-yi}";
        let m = &parse_line(line).mentions[0];
        assert_eq!(m.surface.of(line), "Wang Yi");
        assert_eq!(m.id.of(line), "wang-yi");
    }

    #[test]
    fn editorial_brackets_are_text() {
        let p = parse_line("the [Biden] administration, the upcoming [presidential] election");
        assert!(p.is_empty(), "{p:?}");
        assert!(parse_line("Follow Cathy on Twitter: @CathyHe_ET").is_empty());
        assert!(parse_line("a ] stray [ bracket ] {not} [x] {y}").mentions.is_empty());
    }

    #[test]
    fn malformed() {
        use MarkupErrorKind::*;
        assert_eq!(kinds("[Blinken]{antony-blinken met"), [UnclosedBrace]);
        assert_eq!(kinds("[Blinken]{antony-blinken"), [UnclosedBrace]);
        assert_eq!(kinds("[]{wang-yi}"), [EmptySurface]);
        assert_eq!(kinds("[  ]{wang-yi}"), [EmptySurface]);
        assert_eq!(kinds("[Wang Yi]{}"), [EmptyId]);
        assert_eq!(kinds("[Wang Yi]{Wang_Yi}"), [IdNotSlug]);
        assert_eq!(kinds("[Wang Yi]{wang--yi}"), [IdNotSlug]);
        assert_eq!(kinds("[Secretary [Blinken]{antony-blinken}]{antony-blinken}"), [NestedMention]);
        assert_eq!(kinds("#Taiwan and #red_lines"), [TagNotSlug, TagNotSlug]);
    }

    #[test]
    fn unclosed_brace_resumes_parsing() {
        let line = "[A]{a met [B]{b}";
        let p = parse_line(line);
        assert_eq!(p.errors[0].kind, MarkupErrorKind::UnclosedBrace);
        assert_eq!(p.errors[0].span.of(line), "[A]{a");
        assert_eq!(p.mentions.len(), 1);
        assert_eq!(p.mentions[0].span.of(line), "[B]{b}");
    }

    #[test]
    fn nested_keeps_inner() {
        let line = "[Secretary [Blinken]{antony-blinken}]{antony-blinken}";
        let p = parse_line(line);
        assert_eq!(p.mentions.len(), 1);
        assert_eq!(p.mentions[0].span.of(line), "[Blinken]{antony-blinken}");
        assert_eq!(p.errors[0].span, Span::new(0, line.len()));
    }

    #[test]
    fn tags() {
        let (line, expected) = ranges(
            "#taiwan the question. #red-lines, (#no) x#no \\#MeToo #taiwan—\n\
             ^^^^^^^               ^^^^^^^^^^                     ^^^^^^^",
        );
        let p = parse_line(&line);
        let got: Vec<Span> = p.tags.iter().map(|t| t.span).collect();
        assert_eq!(got, expected);
        assert_eq!(p.tags[1].id.of(&line), "red-lines");
        assert_eq!(p.escapes.len(), 1);
        assert!(parse_line("# heading, #, ##").tags.is_empty());
    }

    #[test]
    fn escapes() {
        let line = r"\[not\]\{a\} \#tag \\ \n";
        let p = parse_line(line);
        assert!(p.mentions.is_empty() && p.tags.is_empty() && p.errors.is_empty());
        assert_eq!(p.escapes.len(), 6);
        assert_eq!(unescape(line), r"[not]{a} #tag \ \n");
        assert_eq!(escape_surface("[a]{b} #c \\"), r"\[a\]\{b\} \#c \\");
        assert_eq!(unescape(&escape_surface(r"x[]{}#\y")), r"x[]{}#\y");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The fast reading of ids, tags and the byte before a `#` parses
        /// every line as the general one does: ids of every length and
        /// position (across the eight-byte words and in the tail), hyphens
        /// first, last and doubled, non-slug and non-ASCII bytes in ids and
        /// tags, every whitespace before a `#`.
        #[test]
        fn fast_parse_as_general(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(vec![
                    "[", "]", "]{", "{", "}", "#", "\\", "a", "z", "0", "9", "-", "--", "_", "A", " ", "\t", "\u{b}", "\u{85}",
                    "é", "—", "\u{3000}", "antony-blinken", "un-security-council", "x", "[Xi]{", "#red-lines", "#Taiwan",
                ]).prop_map(String::from),
                proptest::string::string_regex("\\[[A-Za-z \t\u{b}\u{c}\u{85}\u{3000}é]{0,2}\\]\\{[a-z0-9-]{0,18}[a-z0-9_A é\\[\\]{}-]{0,3}\\}?").unwrap(),
                proptest::string::string_regex("[ \t\u{85}]#[a-z0-9-]{0,12}[a-z0-9_Aé—-]{0,3}").unwrap(),
            ], 0..16),
            offset in 0usize..9,
        ) {
            let line = format!("{}{}", "q".repeat(offset), parts.concat());
            let scan = LineScan::of(line.as_bytes());
            let (mut fast, mut general) = (LineMarkup::default(), LineMarkup::default());
            parse_marked(&line, &scan, &mut Vec::new(), &mut fast, true);
            parse_marked(&line, &scan, &mut Vec::new(), &mut general, false);
            proptest::prop_assert_eq!(fast, general, "{:?}", line);
        }

        /// `tag_run` ends where a byte-by-byte walk over `TAG_BYTE` does.
        #[test]
        fn tag_run_as_a_walk(bytes in proptest::collection::vec(proptest::sample::select(b"azAZ09-_@[`{/: #\xe9\x80\x7f".to_vec()), 0..40), from in 0usize..40) {
            let from = from.min(bytes.len());
            let end = (from..bytes.len()).find(|&k| !TAG_BYTE[usize::from(bytes[k])]).unwrap_or(bytes.len());
            proptest::prop_assert_eq!(tag_run(&bytes, from), end);
        }

        /// `slug_run` finds the run of slug bytes and its doubled hyphens as
        /// a byte-by-byte walk does.
        #[test]
        fn slug_run_as_a_walk(bytes in proptest::collection::vec(proptest::sample::select(b"az09-_A{} \xe9\x80/:`".to_vec()), 0..40), from in 0usize..40) {
            let from = from.min(bytes.len());
            let end = (from..bytes.len()).find(|&k| !matches!(bytes[k], b'a'..=b'z' | b'0'..=b'9' | b'-')).unwrap_or(bytes.len());
            let double = bytes[from..end].windows(2).any(|w| w == b"--");
            proptest::prop_assert_eq!(slug_run(&bytes, from), (end, double));
        }
    }

    #[test]
    fn tag_lines() {
        for (line, yes) in
            [("#taiwan #red-lines", true), ("  #taiwan ", true), ("#taiwan text", false), ("text", false), ("", false)]
        {
            assert_eq!(parse_line(line).is_tag_line(line), yes, "{line:?}");
        }
    }
}
