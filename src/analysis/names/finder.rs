//! The line-level name finder: capitalised names in a line's plain text that no
//! markup covers, no catalogued alias matches and the catalogue's `ignore`
//! list does not hold, with a guess at their kind (their grouping across
//! documents lives in [`crate::analysis::candidates`]).
//!
//! Line-local like the rest of the analysis. A line is cut into words
//! (letters and digits, with inner hyphens and apostrophes, `U.S.`-style dots
//! and the period of abbreviations such as `Mr.`); a possessive `’s` / `'s`
//! ends a word and the name, as in the alias matcher. A name is a run of
//! capitalised words separated by spaces only, joined by the connectors news
//! English puts inside names (`of`, `for`, `de`, `al-`, `the` after another
//! connector, `on` after a document or organisation word, and `and` only
//! inside an organisation pattern: `Department of North American and Oceanian
//! Affairs` is one name, `France and Poland` two). Stop words (sentence
//! openers, pronouns, numbers, weekdays, months) never belong to a name;
//! nationality words alone are no name; a leading title (`Mr.`, `President`,
//! `Secretary of State`, `Chinese Foreign Minister`) is cut off and makes
//! the name a person.
//!
//! Capitals are weak evidence in three places, where a candidate is found but
//! not *confirmed*: a single word that starts a sentence or a quotation, a
//! title-case headline line (no lower-case word but the small ones), and a
//! run of several all-caps words (`SECRETARY BLINKEN:`). The diagnostic only
//! reports confirmed candidates; [`group`](crate::analysis::candidates::group) keeps an unconfirmed name only if
//! the same name is confirmed elsewhere. A byline (`By Dorothy Li and Cathy
//! He`) confirms its names as persons.
//!
//! Cost: a line without an upper-case letter returns at once without
//! allocating (a vectorised byte test); otherwise the line is scanned once
//! into a word buffer reused per thread, and a capitalised word is looked up
//! once in the word lists (one table built once) through a lower-cased stack
//! copy; its classes are kept with the word for every later test (no regex).

use std::sync::LazyLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use crate::analysis::Span;
use crate::analysis::catalogue::{Catalogue, Kind};
use crate::analysis::markup::LineMarkup;
use crate::analysis::matcher::AliasMatch;
use crate::analysis::names::lexicon::{self, Common};
use crate::analysis::scan::LineScan;

/// A proper-name candidate on one line; spans are relative to the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameCandidate {
    /// The name, without a title before it or a possessive after it.
    pub span: Span,
    /// `Person` after a title or in a byline, else `Other`: the name's kind
    /// is [`super::kinds::of_found_name`]'s, which reads this as evidence.
    pub kind: Kind,
    /// A title came before the name (`Mr.`, `President`): a person.
    pub titled: bool,
    /// The title or role cut off before the name (`Shadow Home Secretary`,
    /// `Defender`), however its words stack: evidence of a person.
    pub title: Option<Span>,
    /// Seen where capitals are evidence of a name (see the module docs).
    pub confirmed: bool,
}

/// The candidates of `line`, left to right. `aliases` are the line's plain
/// alias occurrences (see [`super::document::plain_aliases`]).
pub fn line_candidates(
    line: &str,
    markup: &LineMarkup,
    aliases: &[AliasMatch],
    catalogue: &Catalogue,
) -> Vec<NameCandidate> {
    candidates_of(line, markup, aliases, catalogue, false)
}

/// The confirmed candidates of `line` (those the `uncatalogued-name`
/// diagnostic reports), left to right. The same as filtering
/// [`line_candidates`], but a line whose capitals cannot make a confirmed
/// candidate (see [`may_confirm`]) is not cut into words at all.
pub fn confirmed_candidates(
    line: &str,
    markup: &LineMarkup,
    aliases: &[AliasMatch],
    catalogue: &Catalogue,
) -> Vec<NameCandidate> {
    candidates_of(line, markup, aliases, catalogue, true)
}

/// [`confirmed_candidates`] for the lint path: `scan` is a [`LineScan`] of
/// `line` and `markup_spans` are its markup's spans, sorted (as
/// [`super::super::document::plain_aliases`] sorts them), so the line is not
/// walked again for its capitals nor its spans sorted a second time.
pub fn confirmed_candidates_scanned(
    line: &str,
    scan: &LineScan,
    markup_spans: &[Span],
    aliases: &[AliasMatch],
    catalogue: &Catalogue,
) -> Vec<NameCandidate> {
    let has_upper = scan.any_capital() || (scan.any_non_ascii() && line.chars().any(char::is_uppercase));
    if !has_upper {
        return Vec::new();
    }
    COVERED.with_borrow_mut(|covered| {
        covered.clear();
        // Both sorted, the aliases lying between the markup: merged, not sorted again.
        let mut alias_spans = aliases.iter().map(|a| a.span).peekable();
        for &span in markup_spans {
            while let Some(a) = alias_spans.next_if(|a| *a < span) {
                covered.push(a);
            }
            covered.push(span);
        }
        covered.extend(alias_spans);
        debug_assert!(covered.is_sorted(), "markup spans or aliases out of order");
        confirmed_of(line, Some(scan), covered, catalogue)
    })
}

fn candidates_of(
    line: &str,
    markup: &LineMarkup,
    aliases: &[AliasMatch],
    catalogue: &Catalogue,
    confirmed_only: bool,
) -> Vec<NameCandidate> {
    if !has_upper(line) {
        return Vec::new();
    }
    COVERED.with_borrow_mut(|covered| {
        covered.clear();
        covered.extend(markup.markup_spans().chain(aliases.iter().map(|a| a.span)));
        covered.sort_unstable();
        if confirmed_only {
            return confirmed_of(line, None, covered, catalogue);
        }
        WORDS.with_borrow_mut(|words| words_of(line, covered, words, catalogue, confirmed_only))
    })
}

/// The confirmed candidates of `line` (`covered`: its markup and alias
/// spans, sorted): only the sentences that hold a capital the prefilter
/// passes (see [`may_confirm`]) are cut into words (see [`sentence_ends`]).
fn confirmed_of(line: &str, scan: Option<&LineScan>, covered: &[Span], catalogue: &Catalogue) -> Vec<NameCandidate> {
    PASSED.with_borrow_mut(|(passed, ends)| {
        passed.clear();
        ends.clear();
        let whole = may_confirm(line, scan, covered, &catalogue.ignore, (&mut *passed, &mut *ends));
        if !whole && passed.is_empty() {
            return Vec::new();
        }
        debug_assert!(!whole || ends.is_empty(), "a byline passes before any capital is noted");
        WORDS.with_borrow_mut(|words| {
            if ends.is_empty() {
                return words_of(line, covered, words, catalogue, true);
            }
            // Each sentence alone: a line with an end has a plain lower-case word, so it is running text.
            let mut found = Vec::new();
            let mut done = 0;
            for &p in passed.iter() {
                if p < done {
                    continue;
                }
                let t = ends.partition_point(|&d| d < p);
                let from = if t == 0 { 0 } else { ends[t - 1] };
                let to = ends.get(t).copied().unwrap_or(line.len());
                words_into_range(line, covered, words, from, to, true);
                if words.iter().any(|w| !w.blocked && w.shape.is_capital()) {
                    found.extend(line_candidates_shaped(line, words, catalogue, LineShape::Running));
                }
                done = to;
            }
            found.retain(|c| c.confirmed);
            found
        })
    })
}

/// Where `line`'s sentences end, for the finder: the ends of the plain
/// lower-case words (ASCII letters, two or more, after a space) that a
/// period and a space follow and that are no abbreviation, no small word
/// ([`is_small`]) and not covered (as [`words_into`] blocks a word). The
/// finder's rules never reach across such an end: no sequence crosses its
/// `. ` (the words of a name are [`spaced`]), each rule that looks back
/// from the word after it sees the same (the text of the line, or the word
/// before the period, which is no abbreviation nor initial), and a line with
/// such a word is running text ([`line_shape`]). So the candidates of the
/// line are those of its sentences one after the other, each cut into words
/// from the end before it (property-tested against the whole line).
fn sentence_ends(line: &str, covered: &[Span], out: &mut Vec<usize>) {
    let bytes = line.as_bytes();
    let mut cover = 0;
    for d in memchr::memchr_iter(b'.', bytes) {
        if bytes.get(d + 1) != Some(&b' ') {
            continue;
        }
        let s = bytes[..d].iter().rposition(|b| !b.is_ascii_lowercase()).map_or(0, |k| k + 1);
        if d - s < 2 || s == 0 || bytes[s - 1] != b' ' {
            continue;
        }
        let word = &line[s..d];
        if is_small(word) || is_abbreviation(word) {
            continue;
        }
        // (As `words_into` blocks a word: the first span not ended before its start.)
        while covered.get(cover).is_some_and(|c| c.end <= s) {
            cover += 1;
        }
        if covered.get(cover).is_some_and(|c| c.start < d) {
            continue;
        }
        out.push(d);
    }
}

/// The candidates of `line` once cut into `words`.
fn words_of(
    line: &str,
    covered: &[Span],
    words: &mut Vec<Word>,
    catalogue: &Catalogue,
    confirmed_only: bool,
) -> Vec<NameCandidate> {
    words_into(line, covered, words);
    if !words.iter().any(|w| !w.blocked && w.shape.is_capital()) {
        return Vec::new();
    }
    let mut found = line_candidates_of(line, words, catalogue);
    if confirmed_only {
        found.retain(|c| c.confirmed);
    }
    found
}

/// Whether `line` may hold a confirmed candidate; `covered` (sorted) are its
/// markup and alias spans. False only when no capitalised word of the line
/// can make one (see [`candidate`]): each is covered, or inside a word
/// (after a letter or digit), or a stop word, or a word alone (punctuation,
/// a covered word, or a lowercase word that is no connector comes next)
/// that is a nationality word, a title, or starts a sentence; no name can
/// run through such words. Anything less plain (a hyphenated word, a
/// non-ASCII capital, a quoted nickname, a byline) answers true, and the
/// line is cut into words as usual. Most running text has no candidate, and
/// this costs one pass over its capitals. The capitals that may start or join
/// a confirmed name go to `passed` (the first of each sentence: see
/// [`sentence_ends`], which fills `ends` when the first is found); true
/// when the whole line is to be cut (a byline) and none is noted.
fn may_confirm(
    line: &str,
    scan: Option<&LineScan>,
    covered: &[Span],
    ignore: &[String],
    (passed, ends): (&mut Vec<usize>, &mut Vec<usize>),
) -> bool {
    let bytes = line.as_bytes();
    // A byline (`By` alone first) takes any capital word as a name word: it
    // may confirm when some capital other than its `By` is a word start outside
    // markup and aliases. (`By` followed by anything but a space or the end:
    // cut into words as before.)
    let lead = line.len() - line.trim_start().len();
    let byline = line[lead..].starts_with("By");
    if byline && !matches!(bytes.get(lead + 2), None | Some(b' ' | b'\t')) {
        return true;
    }
    // The first covered span not ended at the last capital looked at (those before it end
    // before every byte from there on).
    let mut ci = 0;
    let mut i = 0;
    // A capital that may start or join a confirmed name: noted, and the scan goes on
    // in the next sentence.
    macro_rules! pass {
        ($p:expr) => {{
            // (The rest of its sentence is cut into words anyway: on to the next.)
            if passed.is_empty() {
                sentence_ends(line, covered, ends);
            }
            passed.push($p);
            let t = ends.partition_point(|&d| d < $p);
            i = i.max(ends.get(t).copied().unwrap_or(line.len()));
            continue;
        }};
    }
    // (A scan marks lead bytes only, the word scan every non-ASCII byte: the others are skipped below.)
    let next = |i: usize| match scan {
        Some(scan) => scan.next_upper(i),
        None => crate::analysis::matcher::next_capital(bytes, i),
    };
    while let Some(p) = next(i) {
        i = p + 1;
        let b = bytes[p];
        if b >= 0x80 {
            if !line.is_char_boundary(p) {
                continue;
            }
            let c = line[p..].chars().next().expect("a character");
            i = p + c.len_utf8();
            if !c.is_uppercase() {
                continue;
            }
        }
        while covered.get(ci).is_some_and(|s| s.end <= p) {
            ci += 1;
        }
        if let Some(s) = covered.get(ci).filter(|s| s.start <= p) {
            // Every capital up to the span's end is covered too.
            i = i.max(s.end);
            continue;
        }
        let before = line[..p].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        if byline {
            if p == lead {
                continue;
            }
            return true;
        }
        if b >= 0x80 || before.is_some_and(|c| matches!(c, '-' | '‑' | '\'' | '’' | '.')) {
            pass!(p);
        }
        let Some((span, end)) = plain_word(line, p) else {
            // `Chinese-controlled`, `Washington-based`: a lower-case compound, no name word.
            match lower_compound(line, p) {
                Some(q) if before.is_none_or(|c| c.is_ascii()) => {
                    i = q;
                    continue;
                }
                _ => pass!(p),
            }
        };
        if covered.get(ci).is_some_and(|s| s.start < end) {
            continue;
        }
        let f = flags(span.of(line));
        if f & STOP != 0 {
            continue;
        }
        let possessive = end > span.end;
        let alone = possessive || lone_after(line, end, f, &covered[ci..]);
        let no_name = f & TITLE != 0;
        let common_opener =
            || !possessive && starts_sentence_plainly(line, p) && lexicon::common(span.of(line)) != Common::No;
        // A nationality word alone that the catalogue ignores (`Chinese` in the seeds) is no name either.
        let ignored = || f & DEMONYM != 0 && ignore.iter().any(|i| i.eq_ignore_ascii_case(span.of(line)));
        if !(alone && (no_name || common_opener() || ignored())) {
            pass!(p);
        }
    }
    false
}

/// The word starting at `p` (an ASCII capital at a word start) as
/// [`words_into`] cuts it, when it is plain: ASCII letters and digits, maybe
/// an abbreviation's period, a contraction (`We’re`) or a possessive `’s`.
/// The word's span and its end with the possessive; none for anything else.
fn plain_word(line: &str, p: usize) -> Option<(Span, usize)> {
    let bytes = line.as_bytes();
    let run = |from: usize| alnum_run(bytes, from);
    // Nothing that continues a word: the end, or ASCII other than `-` `'` `.`,
    // or a non-ASCII character that is neither a letter nor `‑` `’`.
    let ends = |at: usize| match char_at(line, at) {
        None => true,
        Some(c) => !c.is_alphanumeric() && !matches!(c, '-' | '‑' | '\'' | '’' | '.'),
    };
    let q = run(p);
    let word = Span::new(p, q);
    match char_at(line, q) {
        _ if ends(q) => Some((word, q)),
        Some('.') => {
            let w = &line[p..q];
            if w.len() == 1 {
                None
            } else if is_abbreviation(w) {
                ends(q + 1).then_some((Span::new(p, q + 1), q + 1))
            } else {
                Some((word, q))
            }
        }
        Some(c @ ('\'' | '’')) => {
            let after = q + c.len_utf8();
            match char_at(line, after) {
                Some('s') if !char_at(line, after + 1).is_some_and(char::is_alphanumeric) => Some((word, after + 1)),
                Some(a) if a.is_ascii_alphanumeric() => {
                    let e = run(after);
                    ends(e).then_some((Span::new(p, e), e))
                }
                Some(a) if a.is_alphanumeric() => None,
                _ => Some((word, q)),
            }
        }
        Some(c @ ('-' | '‑')) => {
            (!char_at(line, q + c.len_utf8()).is_some_and(char::is_alphanumeric)).then_some((word, q))
        }
        _ => None,
    }
}

/// The end of the word at `p` (an ASCII capital at a word start) when it is
/// ASCII letters and digits joined by `-`, ends plainly (as [`plain_word`]
/// judges), and [`shape`] makes it a lower-case word: `Chinese-controlled`,
/// `Washington-based`. Such a word is no name word, nor a connector.
fn lower_compound(line: &str, p: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut q = p;
    loop {
        while q < bytes.len() && bytes[q].is_ascii_alphanumeric() {
            q += 1;
        }
        if bytes.get(q) == Some(&b'-') && bytes.get(q + 1).is_some_and(u8::is_ascii_alphanumeric) {
            q += 1;
        } else {
            break;
        }
    }
    let ends =
        char_at(line, q).is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '-' | '‑' | '–' | '\'' | '’' | '.'));
    (ends && line[p..q].contains('-') && shape(&line[p..q], true) == Shape::Lower).then_some(q)
}

/// No name goes on past a word ending at `end`, whose classes are `f`:
/// after it comes punctuation, nothing, or after spaces a covered word or a
/// lowercase word that [`sequence`] does not take as a first connector
/// (not a quoted nickname, a capital, a hyphenated `al-Assad`). `covered`:
/// the line's covered spans, sorted, less any that end before `end`.
fn lone_after(line: &str, end: usize, f: u16, covered: &[Span]) -> bool {
    let bytes = line.as_bytes();
    let spaces = |c: char| matches!(c, ' ' | '\t' | '\u{a0}');
    let rest = &line[end..];
    let gap = rest.len() - rest.trim_start_matches(spaces).len();
    if gap == 0 {
        // Punctuation (or nothing) right after the word: no spaced name goes on.
        return true;
    }
    let r = end + gap;
    let Some(c) = char_at(line, r) else { return true };
    if !c.is_alphanumeric() {
        return !matches!(c, '“' | '"' | '‘');
    }
    if covered_at(covered, r) {
        return true;
    }
    if !c.is_ascii_lowercase() {
        return false;
    }
    let s = bytes[r..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |k| r + k);
    // A hyphen or an apostrophe before a letter continues the word (maybe into a name).
    let continues = match char_at(line, s) {
        Some(c @ ('-' | '‑' | '\'' | '’')) => char_at(line, s + c.len_utf8()).is_some_and(char::is_alphanumeric),
        Some(c) => c.is_alphanumeric(),
        None => false,
    };
    // As `sequence` judges the first connector after a name word.
    let first_connector = match &line[r..s] {
        "the" => false,
        "of" | "for" => f & TAKES_OF != 0,
        "on" => f & (DOCUMENT | ORGANISATION) != 0,
        w => CONNECTORS.contains(&w),
    };
    !continues && !first_connector
}

/// Some span of `covered` (sorted) holds byte `r`. (None after the first
/// that starts past `r` can.)
fn covered_at(covered: &[Span], r: usize) -> bool {
    covered.iter().take_while(|s| s.start <= r).any(|s| r < s.end)
}

/// The lowercase words [`sequence`] takes as a connector wherever they come
/// (`of`, `for`, `the` and `on` only in some places: see there).
const CONNECTORS: [&str; 19] = [
    "and", "de", "del", "della", "di", "da", "du", "des", "dos", "van", "von", "der", "den", "la", "le", "bin", "ibn",
    "al", "el",
];

/// The word at `p` starts a sentence or a quotation by [`sentence_start`]'s
/// rules, judged from the text before it alone (a period only after a plain
/// lowercase word of two letters or more that is no abbreviation).
fn starts_sentence_plainly(line: &str, p: usize) -> bool {
    let before = &line[..p];
    if before.ends_with(['“', '"', '‘', '\'', '(', '[', '«']) {
        return true;
    }
    let trimmed = before.trim_end_matches([' ', '\t', '\u{a0}', '“', '"', '‘', '(']);
    match trimmed.chars().next_back() {
        None | Some('!' | '?' | ':' | ';' | '…' | '|' | '•') => true,
        Some('.') => {
            let head = &trimmed[..trimmed.len() - 1];
            let w = head.rsplit(|c: char| !c.is_ascii_lowercase()).next().unwrap_or("");
            let start = head.len() - w.len();
            w.len() >= 2 && (start == 0 || head.as_bytes()[start - 1] == b' ') && !is_abbreviation(w)
        }
        Some(_) => false,
    }
}

thread_local! {
    /// The covered spans of [`candidates_of`], kept between lines.
    static COVERED: std::cell::RefCell<Vec<Span>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The word buffer of [`line_candidates`], kept between lines: no allocation per line.
    static WORDS: std::cell::RefCell<Vec<Word>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The capitals [`may_confirm`] passes and the sentence ends of [`confirmed_of`], kept between lines.
    static PASSED: std::cell::RefCell<(Vec<usize>, Vec<usize>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

fn line_candidates_of(line: &str, words: &[Word], catalogue: &Catalogue) -> Vec<NameCandidate> {
    line_candidates_shaped(line, words, catalogue, line_shape(line, words))
}

/// [`line_candidates_of`] for `words` of a line of that `shape`.
fn line_candidates_shaped(line: &str, words: &[Word], catalogue: &Catalogue, shape: LineShape) -> Vec<NameCandidate> {
    let loose = shape == LineShape::Byline;
    let mut out = Vec::new();
    let mut i = usize::from(loose);
    while i < words.len() {
        // `The Verge`, `The Guardian`: a capital `The` inside a sentence starts a name.
        let the = shape == LineShape::Running
            && words[i].text(line) == "The"
            && !words[i].blocked
            && words
                .get(i + 1)
                .is_some_and(|n| n.name_word(false) && spaced(line, &words[i], n) && n.flags & TITLE == 0)
            && !sentence_start(line, words, i);
        // `First Union`, `Five Nations`: a capitalised number inside a sentence starts a name too;
        // so does a weekday where no date is ([`weekday_name`]: `the Sunday Times`).
        let capital = shape == LineShape::Running && !the && words[i].shape == Shape::Capitalised;
        let weekday = capital && weekday_name(line, words, i);
        let number = capital
            && !words[i].blocked
            && (with_lower(words[i].text(line), |w| NUMBER_WORDS.contains(&w), false) || weekday)
            && words
                .get(i + 1)
                .is_some_and(|n| n.name_word(false) && spaced(line, &words[i], n) && n.flags & TITLE == 0)
            && !sentence_start(line, words, i);
        // `Sky News' Sunday with Adam Boulton`: a weekday opening a programme's title.
        let number = number
            || (weekday
                && title_opener(line, words, i, "with")
                && line[words[i].span.end..].starts_with(" with ")
                && words.get(i + 2).is_some_and(|n| n.name_word(false)));
        if !words[i].name_word(loose) && !the && !number {
            i += 1;
            continue;
        }
        let (seq, next) = sequence(line, words, i, loose);
        for part in split_on_and(line, words, &seq) {
            let mut push = |c: NameCandidate| {
                for c in name_in_title(line, words, &c).into_iter().chain([c]) {
                    let name = c.span.of(line);
                    if !catalogue.ignore.iter().any(|p| p.eq_ignore_ascii_case(name)) {
                        out.push(c);
                    }
                }
            };
            if shape == LineShape::Headline {
                // Headlines, datelines and table rows: capitals are no evidence, the
                // lexicon is. The common words split the run; what is left is a name
                // when a word of it is no common word (`ROMANIA BEAT LITHUANIA`).
                for piece in part.split(|&w| words[w].shape != Shape::Lower && common_only(line, &words[w])) {
                    if let Some(mut c) = candidate(line, words, piece, shape) {
                        c.confirmed = headline_name(line, words, piece);
                        push(c);
                    }
                }
            } else {
                // `Gabon President Omar Bongo`: a name before a title is a name of its own.
                let (head, tail) = match title_inside(line, words, part) {
                    Some(k) => (&part[..k], &part[k..]),
                    None => (part, &part[..0]),
                };
                for piece in [head, tail] {
                    for piece in split_nationality(line, words, piece) {
                        if let Some(c) = candidate(line, words, piece, shape) {
                            push(c);
                        }
                    }
                }
            }
        }
        i = next;
    }
    if shape == LineShape::Running && out.len() > 1 {
        join_listed(line, &mut out);
    }
    out
}

/// A body's or a law's name that lists its fields (`Department for Culture,
/// Media and Sport`, `Anti-Terrorism, Crime and Security Act`), which the
/// finder cuts at each comma and `and`: the pieces joined again. They join
/// when the first opens with a body's word and `for` / `of`, or the last
/// ends with a law's word, and every other word is a common word (not `Bank
/// of England, Barclays and HSBC`); none is a person's.
fn join_listed(line: &str, out: &mut Vec<NameCandidate>) {
    let gap = |a: &NameCandidate, b: &NameCandidate| line.get(a.span.end..b.span.start).unwrap_or("");
    let mut i = 0;
    while i + 1 < out.len() {
        let mut j = i;
        while j + 1 < out.len() && gap(&out[j], &out[j + 1]) == ", " {
            j += 1;
        }
        if j + 1 < out.len() && gap(&out[j], &out[j + 1]) == " and " {
            j += 1;
        } else if j == i || !out[j].span.of(line).contains(" and ") {
            i += 1;
            continue;
        }
        let chain = &out[i..=j];
        let words: Vec<&str> = chain.iter().flat_map(|c| c.span.of(line).split(' ')).collect();
        let (first, last) = (words[0], words[words.len() - 1]);
        let opens = flags(first) & (ORGANISATION | DOCUMENT) != 0 && matches!(words.get(1), Some(&("for" | "of")));
        let closes = flags(last) & DOCUMENT != 0;
        let common =
            |w: &str| w.starts_with(char::is_lowercase) || w.split('-').all(|p| lexicon::common(p) != Common::No);
        // (Not `Ministry of Defence, Foreign Office and Home Office`: a field is one word,
        // or the last, with the `and`.)
        let fields_only = chain[1..chain.len() - 1].iter().all(|c| !c.span.of(line).contains(' '))
            && (gap(&chain[chain.len() - 2], &chain[chain.len() - 1]) == ", "
                || !chain[chain.len() - 1].span.of(line).contains(' ')
                || closes);
        let fields = match (opens, closes) {
            (true, _) => &words[1..],
            (false, true) => &words[..words.len() - 1],
            (false, false) => &words[..0],
        };
        if (opens || closes)
            && fields_only
            && !fields.is_empty()
            && fields.iter().all(|w| common(w))
            && !chain.iter().any(|c| c.titled)
        {
            let joined = NameCandidate {
                span: Span::new(out[i].span.start, out[j].span.end),
                kind: Kind::Other,
                titled: false,
                title: None,
                confirmed: chain.iter().any(|c| c.confirmed),
            };
            out.splice(i..=j, [joined]);
        }
        i += 1;
    }
}

/// `part` cut where a nationality word ends or starts a name: `Chinese
/// President Xi Jinping`, `Mexican Ariel Cruz`, `Russian Duma`, `French
/// Interior Ministry`, `California Republican` (not `South Africa`, `Saudi
/// Arabia`, `British Airways`, `Christian Democrats`).
fn split_nationality<'p>(line: &str, words: &[Word], part: &'p [usize]) -> [&'p [usize]; 2] {
    let empty = &part[..0];
    let (Some(&a), Some(&z)) = (part.first(), part.last()) else { return [part, empty] };
    // Most parts have no nationality word: no look-up.
    if part.len() < 2
        || !part.iter().any(|&w| words[w].flags & DEMONYM != 0)
        || super::gazetteer::place(Span::new(words[a].span.start, words[z].span.end).of(line)).is_some()
    {
        return [part, empty];
    }
    // (`Controversial Australian Anthony Hill`: after a common word opening the sentence.)
    let o = usize::from(
        part.len() > 2
            && words[a].flags & DEMONYM == 0
            && sentence_start(line, words, a)
            && opener_before_name(line, words, part),
    );
    let k = o + part[o..].iter().take_while(|&&w| words[w].flags & DEMONYM != 0).count();
    let rest = &part[k..];
    let compass = |i: usize| with_lower(words[part[i]].text(line), |w| COMPASS.contains(&w), false);
    if k > o && rest.len() > 1 && words[rest[0]].shape != Shape::Lower && !(k == o + 1 && compass(o)) {
        let first = words[rest[0]].text(line);
        let last = &words[*rest.last().expect("not empty")];
        // (`European Anti-Fraud Office`: a compound of common words is no name of its own.)
        let common_compound = first.contains('-') && first.split('-').all(|p| lexicon::common(p) != Common::No);
        let split = title_prefix(line, words, rest) > 0
            || (lexicon::common(first) == Common::No && !common_compound)
            || super::gazetteer::is_given_name(first)
            // `French Interior Ministry`: a ministry of that country.
            || (words[rest[0]].flags & TITLE_MODIFIER != 0
                && with_lower(last.text(line), |w| matches!(w, "ministry" | "office" | "department"), false));
        return if split { [&part[..k], rest] } else { [part, empty] };
    }
    // `California Republican`, `House Democrats`, `FLNC Corsican`: a nationality or party word
    // after a place, an organisation or an acronym.
    // (Not `Central African`, `AL East`.)
    let m = part.iter().rev().take_while(|&&w| words[w].flags & DEMONYM != 0).count();
    if m > 0 && m < part.len() && !compass(part.len() - m) {
        let before = &part[..part.len() - m];
        let w = &words[*before.last().expect("not empty")];
        let head = Span::new(words[before[0]].span.start, w.span.end).of(line);
        let opener = before.len() == 1 && with_lower(head, |h| NAME_OPENERS.contains(h), false);
        let named = w.shape == Shape::AllCaps
            || w.flags & (ORGANISATION | PLACE) != 0
            || (super::gazetteer::place(head).is_some() && !opener);
        // (`Cleveland Indians`: a plural after a place names a team.)
        let plural = words[*part.last().expect("not empty")].text(line).ends_with('s');
        let team = plural && w.flags & ORGANISATION == 0 && w.shape != Shape::AllCaps;
        if named && !team && words[part[part.len() - m]].shape == Shape::Capitalised {
            return [before, &part[part.len() - m..]];
        }
    }
    [part, empty]
}

/// Where a title starts inside `part` after a name that is no part of it
/// (`Gabon President Omar Bongo`, `Hong Kong Financial Secretary Donald
/// Tsang`, `Awami League of Prime Minister Sheikh Hasina`): the first title
/// word after the first word, with the title modifiers before it that are
/// no organisation's words (`White House Press Secretary`), when a name that
/// is no organisation, place or common word follows the title. None when the
/// part starts with its title (the finder's usual case) or has none.
fn title_inside(line: &str, words: &[Word], part: &[usize]) -> Option<usize> {
    if part.len() < 3 || title_prefix(line, words, part) > 0 {
        return None;
    }
    let j = (1..part.len() - 1).find(|&j| words[part[j]].shape != Shape::Lower && words[part[j]].flags & TITLE != 0)?;
    let mut k = j;
    while k > 1 {
        let w = &words[part[k - 1]];
        let modifier = w.shape != Shape::Lower
            && w.flags & (ORGANISATION | PLACE | DEMONYM) == 0
            && (w.flags & TITLE_MODIFIER != 0 || common_only(line, w));
        if !modifier {
            break;
        }
        k -= 1;
    }
    let t = title_prefix(line, words, &part[k..]);
    let rest = &part[k + t.max(1)..];
    let (&first, &last) = (rest.first()?, rest.last()?);
    let person = words[first].shape != Shape::Lower
        && words[last].flags & (ORGANISATION | PLACE | EVENT | DOCUMENT | TITLE) == 0
        && lexicon::common(words[last].text(line)) != Common::Only;
    (t > 0 && person).then_some(k)
}

/// A word the lexicon holds as a common word only (`Choice`, `BEAT`), not a
/// name in any reading (`China`, `Brown` are names too). A word with a
/// class of its own (a title, a place or organisation word) is judged by it.
fn common_only(line: &str, w: &Word) -> bool {
    w.flags & (TITLE | TITLE_MODIFIER | ORGANISATION | PLACE | EVENT | DOCUMENT | DEMONYM) == 0
        && lexicon::common(w.text(line)) == Common::Only
}

/// A piece of a headline, dateline or table row is a name when one of its
/// words is no common word (the connectors aside) and it is not an acronym
/// that names no one (a unit or a code).
fn headline_name(line: &str, words: &[Word], piece: &[usize]) -> bool {
    piece.iter().any(|&w| {
        let word = &words[w];
        word.shape != Shape::Lower
            && word.flags & (TITLE | DEMONYM) == 0
            && lexicon::common(first_segment(word.text(line))) == Common::No
            && !not_a_name_acronym(word.text(line))
    })
}

/// A hyphenated word's first part (`Military` of `Military-to-military`), or the word.
fn first_segment(word: &str) -> &str {
    word.split(['-', '‑']).next().unwrap_or(word)
}

/// An upper-case word that is a unit, a code or a grade, not a name (`UTC`, `CEO`, `USD`).
fn not_a_name_acronym(word: &str) -> bool {
    with_lower(word, |w| NOT_NAME_ACRONYMS.contains(w), false)
}

/// An upper-case letter somewhere (ASCII first: most lines are). The bytes
/// are tested 32 at a time without an early exit inside a block, which the
/// compiler turns into vector instructions.
pub(crate) fn has_upper(line: &str) -> bool {
    fn block(bytes: &[u8]) -> (bool, bool) {
        let (mut upper, mut high) = (false, false);
        for &b in bytes {
            upper |= b.wrapping_sub(b'A') < 26;
            high |= b >= 0x80;
        }
        (upper, high)
    }
    let mut chunks = line.as_bytes().chunks_exact(32);
    let mut non_ascii = false;
    for chunk in &mut chunks {
        let (upper, high) = block(chunk);
        if upper {
            return true;
        }
        non_ascii |= high;
    }
    let (upper, high) = block(chunks.remainder());
    upper || ((non_ascii || high) && line.chars().any(char::is_uppercase))
}

// ---------------------------------------------------------------------------
// Words

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// An upper-case first letter (or `al-` before one).
    Capitalised,
    /// Two letters or more, all upper case.
    AllCaps,
    Lower,
    /// Starts with a digit or a mark.
    Other,
}

impl Shape {
    fn is_capital(self) -> bool {
        matches!(self, Shape::Capitalised | Shape::AllCaps)
    }
}

#[derive(Clone, Copy, Debug)]
struct Word {
    /// The word, with an abbreviation's period, without a possessive.
    span: Span,
    /// The end of the word and its possessive `’s`, if any.
    end: usize,
    possessive: bool,
    shape: Shape,
    /// Overlaps markup or a catalogued alias, or is part of an `@handle`, an
    /// e-mail address or a URL (never a name).
    blocked: bool,
    /// The word's classes (see [`flags`]), for capitalised words only (0 otherwise).
    flags: u16,
}

impl Word {
    fn text<'l>(&self, line: &'l str) -> &'l str {
        self.span.of(line)
    }

    /// Could be (part of) a name: capitalised, not covered, not a stop word
    /// (unless `loose`: in a byline, `Cathy He` is a name).
    fn name_word(&self, loose: bool) -> bool {
        !self.blocked && self.shape.is_capital() && (loose || self.flags & STOP == 0)
    }
}

/// The character at byte `at` (a char boundary), ASCII first.
fn char_at(line: &str, at: usize) -> Option<char> {
    let b = *line.as_bytes().get(at)?;
    if b < 0x80 { Some(b as char) } else { line[at..].chars().next() }
}

/// The words of `line` into `out` (cleared first), each marked blocked if it
/// overlaps a `covered` span (sorted).
fn words_into(line: &str, covered: &[Span], out: &mut Vec<Word>) {
    words_into_with(line, covered, out, true);
}

/// [`words_into`]; `fast`: plain lower-case words on their own path (tested
/// to cut the same words as the general one).
fn words_into_with(line: &str, covered: &[Span], out: &mut Vec<Word>, fast: bool) {
    words_into_range(line, covered, out, 0, line.len(), fast);
}

/// [`words_into_with`] from byte `from` (where a word of the whole line
/// ends, or 0) until a word ends at or after `to`: the words of the whole
/// line between them.
fn words_into_range(line: &str, covered: &[Span], out: &mut Vec<Word>, from: usize, to: usize, fast: bool) {
    out.clear();
    let mut cover = covered.iter().peekable();
    let bytes = line.as_bytes();
    let mut i = from;
    while i < to {
        // ASCII between words, fast.
        while i < bytes.len() && bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        // Most words are plain lower-case ASCII, ended by a space or a comma:
        // no character to decode, no shape to work out, no classes.
        if fast && bytes.get(i).is_some_and(u8::is_ascii_lowercase) {
            let j = alnum_run(bytes, i + 1);
            if bytes.get(j).is_none_or(|&b| b < 0x80 && !matches!(b, b'-' | b'\'' | b'.')) {
                let span = Span::new(i, j);
                while cover.peek().is_some_and(|s| s.end <= span.start) {
                    cover.next();
                }
                let blocked = cover.peek().is_some_and(|s| s.start < j && span.start < s.end);
                out.push(Word { span, end: j, possessive: false, shape: Shape::Lower, blocked, flags: 0 });
                i = j;
                continue;
            }
        }
        let Some(c) = char_at(line, i) else { break };
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut j = i + c.len_utf8();
        let mut segment_start = start;
        let mut hyphenated = false;
        let mut possessive_end = None;
        loop {
            // ASCII letters and digits, fast.
            j = alnum_run(bytes, j);
            // Most words end at a space or a comma: no character after it to look at.
            if j < bytes.len() && bytes[j] < 0x80 && !matches!(bytes[j], b'-' | b'\'' | b'.') {
                break;
            }
            let Some(c) = char_at(line, j) else { break };
            if c.is_alphanumeric() {
                j += c.len_utf8();
                continue;
            }
            let after_at = j + c.len_utf8();
            let after = char_at(line, after_at);
            match c {
                // (An en dash between capitals joins names too: `Apollo–Soyuz`.)
                '–' if after.is_some_and(char::is_uppercase) && line[start..j].starts_with(char::is_uppercase) => {
                    j = after_at;
                    segment_start = j;
                    hyphenated = true;
                }
                '-' | '‑' if after.is_some_and(char::is_alphanumeric) => {
                    j = after_at;
                    segment_start = j;
                    hyphenated = true;
                }
                '’' | '\'' => {
                    let after2 = after.and_then(|a| char_at(line, after_at + a.len_utf8()));
                    if after == Some('s') && !after2.is_some_and(char::is_alphanumeric) {
                        possessive_end = Some(after_at + 1);
                        break;
                    } else if after.is_some_and(char::is_alphanumeric) {
                        j = after_at;
                    } else {
                        break;
                    }
                }
                // `U.S`, `U.N`: single capitals between dots.
                '.' if after.is_some_and(char::is_uppercase)
                    && line[segment_start..j].chars().count() == 1
                    && line[segment_start..j].starts_with(char::is_uppercase) =>
                {
                    j = after_at;
                    segment_start = j;
                }
                _ => break,
            }
        }
        // The period of an abbreviation, a dotted initialism or an initial.
        if possessive_end.is_none() && line[j..].starts_with('.') {
            let w = &line[start..j];
            let initial = w.chars().count() == 1 && w.starts_with(char::is_uppercase);
            if initial || w.contains('.') || is_abbreviation(w) {
                j += 1;
            }
        }
        let (mut start, mut j, mut hyphenated) = (start, j, hyphenated);
        if hyphenated && possessive_end.is_none() {
            // `Non-European Union`: the prefix is no part of the name after it.
            if let Some(rest) = line[start..j].strip_prefix("Non-").or_else(|| line[start..j].strip_prefix("non-"))
                && rest.starts_with(char::is_uppercase)
            {
                start = j - rest.len();
            }
            // `Las Vegas-style`, `New York-based`: after a capitalised word, the word is the
            // end of a name before the hyphen (alone, `US-led` stays an adjective, as the
            // line's prefilter takes it).
            let after_capital = out.last().is_some_and(|w: &Word| w.shape.is_capital() && &line[w.end..start] == " ");
            if after_capital && let Some(h) = name_before_adjective_tail(&line[start..j]) {
                j = start + h;
            }
            hyphenated = line[start..j].contains(['-', '‑', '–']);
        }
        let span = Span::new(start, j);
        let end = possessive_end.unwrap_or(j);
        while cover.peek().is_some_and(|s| s.end <= span.start) {
            cover.next();
        }
        let shape = shape(span.of(line), hyphenated);
        let blocked = cover.peek().is_some_and(|s| s.start < end && span.start < s.end)
            || (shape.is_capital() && in_address(line, span));
        let flags = if shape.is_capital() && !blocked { flags(span.of(line)) } else { 0 };
        out.push(Word { span, end, possessive: possessive_end.is_some(), shape, blocked, flags });
        i = end;
    }
}

/// Where a capitalised name ends before a hyphen and a lower-case tail that
/// makes the word an adjective (`Vegas-style`, `York-based`): the hyphen's
/// byte offset.
fn name_before_adjective_tail(word: &str) -> Option<usize> {
    let (head, tail) = word.rsplit_once(['-', '‑'])?;
    (head.starts_with(char::is_uppercase) && adjective_tail(tail)).then_some(head.len())
}

/// A lower-case tail after a hyphen that makes a word an adjective.
fn adjective_tail(tail: &str) -> bool {
    tail.starts_with(char::is_lowercase)
        && (tail.ends_with("ed")
            || tail.ends_with("ing")
            || matches!(tail, "led" | "run" | "style" | "like" | "born" | "made" | "wide" | "era"))
}

/// The end of the run of ASCII letters and digits from `from`: eight bytes
/// at a time by word-wide arithmetic ([`crate::analysis::matcher::ascii_run`]),
/// then byte by byte. A word's end is then found without a branch per byte,
/// which mispredicts once per word (property-tested against the byte loop).
#[inline]
fn alnum_run(bytes: &[u8], from: usize) -> usize {
    crate::analysis::matcher::ascii_run(bytes, from, |_| 0, |b| b.is_ascii_alphanumeric())
}

/// The word at `span` is part of an `@handle`, an e-mail address or a URL:
/// the run of non-space characters around it holds `@`, `://` or starts with `www.`.
fn in_address(line: &str, span: Span) -> bool {
    let token_start = line[..span.start]
        .rfind(char::is_whitespace)
        .map_or(0, |k| k + line[k..].chars().next().map_or(1, char::len_utf8));
    let token_end = line[span.end..].find(char::is_whitespace).map_or(line.len(), |k| span.end + k);
    let token = &line[token_start..token_end];
    token.contains('@') || token.contains("://") || token.trim_start_matches(['(', '<', '"', '“']).starts_with("www.")
}

fn shape(word: &str, hyphenated: bool) -> Shape {
    // An ASCII word not cut at a hyphen (most words): its bytes read as they are.
    if !hyphenated && word.is_ascii() {
        let bytes = word.as_bytes();
        return match bytes.first() {
            None => Shape::Other,
            Some(b) if b.is_ascii_lowercase() => Shape::Lower,
            Some(b) if b.is_ascii_uppercase() => {
                let mut letters = bytes.iter().filter(|b| b.is_ascii_alphabetic());
                let all_caps = letters.clone().nth(1).is_some() && letters.all(u8::is_ascii_uppercase);
                if all_caps { Shape::AllCaps } else { Shape::Capitalised }
            }
            Some(_) => Shape::Other,
        };
    }
    shape_decoded(word, hyphenated)
}

/// [`shape`], every character decoded (property-tested to agree with it).
fn shape_decoded(word: &str, hyphenated: bool) -> Shape {
    let Some(first) = word.chars().next() else { return Shape::Other };
    if first.is_lowercase() && !hyphenated {
        return Shape::Lower;
    }
    // `Chinese-controlled`, `Washington-based`: an adjective, not a name.
    if hyphenated
        && let Some((_, last)) = word.rsplit_once(['-', '‑'])
        && adjective_tail(last)
    {
        return Shape::Lower;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    if first.is_uppercase() {
        let all_caps = letters.clone().nth(1).is_some() && letters.all(char::is_uppercase);
        if all_caps { Shape::AllCaps } else { Shape::Capitalised }
    } else if first.is_lowercase() {
        let prefixed = ["al-", "el-", "ad-", "ash-", "as-", "at-"]
            .iter()
            .any(|p| word.strip_prefix(p).is_some_and(|rest| rest.starts_with(char::is_uppercase)));
        if prefixed { Shape::Capitalised } else { Shape::Lower }
    } else {
        Shape::Other
    }
}

/// What kind of line this is, for the weight of its capitals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineShape {
    Running,
    /// No lower-case word but the small ones: a headline, a dateline, a name alone.
    Headline,
    /// `By Name and Name`.
    Byline,
}

fn line_shape(line: &str, words: &[Word]) -> LineShape {
    let mut capitals = 0;
    for w in words.iter().filter(|w| !w.blocked) {
        match w.shape {
            // (A lone `s` is what a possessive after markup leaves: `[Blinken]{…}’s`.)
            Shape::Lower if !is_small(w.text(line)) && w.span.len() > 1 => return LineShape::Running,
            Shape::Capitalised | Shape::AllCaps => capitals += 1,
            _ => {}
        }
    }
    let by = words.first().is_some_and(|w| w.text(line) == "By" && line[..w.span.start].trim().is_empty());
    if by && words.len() > 1 {
        LineShape::Byline
    } else if capitals > 0 {
        LineShape::Headline
    } else {
        LineShape::Running
    }
}

/// Only spaces between two words (a name does not cross punctuation).
/// A plural possessive (`Champions' League`) stays inside a name too.
fn spaced(line: &str, a: &Word, b: &Word) -> bool {
    let gap = &line[a.end..b.span.start];
    let gap = match gap.strip_prefix(['\'', '’']) {
        Some(rest) if a.text(line).ends_with('s') && a.shape != Shape::Lower => rest,
        // `Standard & Poor`, `Douglas & Lomason`.
        _ if gap == " & " && a.shape.is_capital() && b.shape.is_capital() => " ",
        _ => gap,
    };
    // `People's Party`, `Children's Hospital`: a common word's possessive before an organisation word.
    // `New Year's Day`, `St Patrick's Day`, `New Year's Eve`: a day named by a possessive.
    let possessive_ok = !a.possessive
        || (a.shape == Shape::Capitalised
            && b.shape == Shape::Capitalised
            && b.flags & ORGANISATION != 0
            && (a.flags & COMMON_POSSESSOR != 0 || lexicon::common(a.text(line)) == Common::Only))
        || (a.shape == Shape::Capitalised && matches!(b.text(line), "Day" | "Eve"))
        // `Queen's Lancashire Regiment`, `Prince's Trust`: a royal founder's possessive.
        || (matches!(a.text(line), "Queen" | "King" | "Prince" | "Princess")
            && b.shape == Shape::Capitalised
            && !super::gazetteer::is_given_name(b.text(line)));
    possessive_ok && !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\t')
}

/// A quoted nickname between two names: `Mahsa “Zhina” Amini`.
fn nickname(line: &str, words: &[Word], k: usize) -> bool {
    let (Some(a), Some(b), Some(c)) = (words.get(k), words.get(k + 1), words.get(k + 2)) else { return false };
    let open = &line[a.end..b.span.start];
    let close = &line[b.end..c.span.start];
    !a.possessive
        && !b.possessive
        && matches!(open, " “" | " \"" | " ‘")
        && matches!(close, "” " | "\" " | "’ ")
        && b.name_word(false)
        && c.name_word(false)
}

/// The maximal run of name words and connectors from `i` (a name word):
/// the indices of its words (connectors included), and where to go on.
fn sequence(line: &str, words: &[Word], i: usize, loose: bool) -> (Vec<usize>, usize) {
    let mut seq = vec![i];
    let mut k = i;
    // An `of` / `for` already taken after an organisation or document word:
    // the name may take one more (`Association of Directors of Social Services`).
    let mut organisation_of = false;
    loop {
        if nickname(line, words, k) {
            seq.extend([k + 1, k + 2]);
            k += 2;
            continue;
        }
        // Up to two connectors, then a name word, all spaced.
        let mut j = k;
        let mut connectors = Vec::new();
        let mut joined = false;
        while let Some(next) = words.get(j + 1) {
            if !spaced(line, &words[j], next) || next.blocked {
                break;
            }
            if next.name_word(loose)
                || (connectors.is_empty()
                    && (month_after_name(line, words, j)
                        || numeral_after_event(line, words, j)
                        || number_after_numbered(line, words, j)))
            {
                joined = true;
                j += 1;
                break;
            }
            let text = next.text(line);
            let after_connector = !connectors.is_empty();
            let ok = next.shape == Shape::Lower
                && connectors.len() < 2
                && match text {
                    t if CONNECTORS.contains(&t) => true,
                    // `Bank of England`, `Secretary of State`, not `Omar al-Bashir of the Bank`.
                    // (`Tony Hall of Ohio`: a person's surname takes no `of`.)
                    // (`entered Parliament for Sheffield Brightside`, `in Parliament for 47
                    // years`: `Parliament` names the body alone and takes no `for`.)
                    "for" if words[k].text(line) == "Parliament" => false,
                    "of" | "for" => {
                        !after_connector
                            && (words[k].flags & TAKES_OF != 0
                                || (organisation_of && words[k].flags & (PLACE | STOP | TITLE) == 0))
                            && !(k > i && super::gazetteer::is_given_name(words[k - 1].text(line)))
                    }
                    // `Breakfast with Frost`, `Paying the Price`, `Save the Children`: a
                    // common word capitalised inside a sentence opens a title.
                    "the" | "with" if !after_connector && k == i && title_opener(line, words, i, text) => true,
                    // `Pitt the Younger`.
                    "the" if !after_connector && epithet_after(line, words, j + 1) => true,
                    "the" => after_connector,
                    "on" => !after_connector && words[k].flags & (DOCUMENT | ORGANISATION) != 0,
                    _ => false,
                };
            if !ok {
                break;
            }
            if matches!(text, "of" | "for") && words[k].flags & (ORGANISATION | DOCUMENT) != 0 {
                organisation_of = true;
            }
            connectors.push(j + 1);
            j += 1;
        }
        if !joined {
            break;
        }
        seq.extend(connectors);
        seq.push(j);
        k = j;
    }
    (seq, k + 1)
}

/// The word after `j` is a number that ends an event's name (`World War
/// Two`, as `World War II` ends with its numeral).
fn numeral_after_event(line: &str, words: &[Word], j: usize) -> bool {
    let (a, b) = (&words[j], &words[j + 1]);
    a.flags & EVENT != 0
        && a.shape == Shape::Capitalised
        && !b.blocked
        // (`II`, upper case, is a name word already; `I` of `World War I-era` too: the
        // word is cut at its hyphen.)
        && b.shape == Shape::Capitalised
        && matches!(b.text(line), "One" | "Two" | "Three" | "I")
}

/// The word after `j` is a number that a name before it takes (`Key Stage 2`,
/// `Radio 4`, `Channel Four`, `Windows 95`).
fn number_after_numbered(line: &str, words: &[Word], j: usize) -> bool {
    let (a, b) = (&words[j], &words[j + 1]);
    let text = b.text(line);
    super::kinds::numbered_kind(a.text(line)).is_some()
        && !a.possessive
        && !b.blocked
        && match b.shape {
            Shape::Other => text.len() <= 4 && text.bytes().all(|c| c.is_ascii_digit()),
            Shape::Capitalised => with_lower(text, |w| NUMBER_WORDS[..10].contains(&w), false),
            _ => false,
        }
}

/// Word `i`, before `connector`, opens a title: a word the lexicon holds as
/// common only, capitalised inside a sentence, so its capital is the
/// title's. Before `the` it is a verb (`Paying the Price`, `Save the
/// Children`), not a name of its own (`told the Independent the Tories …`).
fn title_opener(line: &str, words: &[Word], i: usize, connector: &str) -> bool {
    let w = &words[i];
    let text = w.text(line);
    w.shape == Shape::Capitalised
        && !w.possessive
        && (common_only(line, w) || (connector == "with" && WEEKDAYS.contains(&text)))
        && (connector == "with"
            || (text.len() > 5 && text.ends_with("ing"))
            || matches!(text, "Save" | "Stop" | "Elect" | "Keep" | "Ban" | "Free" | "Fight" | "Scrap" | "Reclaim"))
        && !sentence_start(line, words, i)
}

/// The word after `the` at `j` is an epithet (`Pitt the Younger`, `Alfred the Great`).
fn epithet_after(line: &str, words: &[Word], j: usize) -> bool {
    words.get(j + 1).is_some_and(|w| matches!(w.text(line), "Younger" | "Elder" | "Great"))
        && spaced(line, &words[j], &words[j + 1])
}

/// The word after `j` is a month a given name comes before (`Theresa May`,
/// not `in May`, `Paris May 5`): a surname.
fn month_after_name(line: &str, words: &[Word], j: usize) -> bool {
    let (a, b) = (&words[j], &words[j + 1]);
    b.shape == Shape::Capitalised
        && !b.blocked
        && matches!(b.text(line), "May" | "June" | "April" | "August" | "March" | "January")
        && a.shape == Shape::Capitalised
        && a.flags & (STOP | TITLE | ORGANISATION | PLACE | EVENT | DOCUMENT | DEMONYM) == 0
        && lexicon::common(a.text(line)) != Common::Only
        && !words.get(j + 2).is_some_and(|c| c.shape == Shape::Other && spaced(line, b, c))
}

/// Splits a sequence at each `and` unless an organisation pattern spans it:
/// the left part has an organisation or document word followed by `of` /
/// `for`, or the right part ends with one.
fn split_on_and<'s>(line: &str, words: &[Word], seq: &'s [usize]) -> Vec<&'s [usize]> {
    let text = |i: usize| words[i].text(line);
    // (The words of a sequence are name words, whose classes are known, or
    // lower-case connectors, which are in no class but STOP.)
    let has = |i: usize, class: u16| words[i].flags & class != 0;
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, &w) in seq.iter().enumerate() {
        if text(w) != "and" {
            continue;
        }
        let left = &seq[from..at];
        let right_end = seq[at + 1..].iter().position(|&x| text(x) == "and").map_or(seq.len(), |p| at + 1 + p);
        let right = &seq[at + 1..right_end];
        // (`Parliamentary Group on Betting and Gaming`, `Committee on Standards and Privileges`.)
        let left_pattern =
            left.windows(2).any(|p| has(p[0], ORGANISATION | DOCUMENT) && matches!(text(p[1]), "of" | "for" | "on"));
        // `Human Rights and Labour Bureau`, but not `Sudanese Armed Forces and the Rapid Support Forces`.
        // (`Executive` heads a body only here: elsewhere `Chief Executive` is a title.)
        let complete = |x: usize| has(x, ORGANISATION | DOCUMENT) || text(x) == "Executive";
        // (A number ends a name: `Radio 4 and Channel 4 News` are two.)
        let right_pattern = right.last().is_some_and(|&x| complete(x))
            && !left.last().is_some_and(|&x| has(x, ORGANISATION) || words[x].shape == Shape::Other)
            && right.first().is_none_or(|&x| text(x) != "the");
        if !(left_pattern || right_pattern) {
            parts.push(left);
            from = at + 1;
        }
    }
    parts.push(&seq[from..]);
    parts
}

/// The candidate a part of a sequence gives, if any.
fn candidate(line: &str, words: &[Word], part: &[usize], shape: LineShape) -> Option<NameCandidate> {
    // Trim connectors at both ends.
    let is_connector = |i: usize| words[i].shape == Shape::Lower;
    let start = part.iter().position(|&i| !is_connector(i))?;
    let end = part.iter().rposition(|&i| !is_connector(i))? + 1;
    let mut part = &part[start..end];
    let whole = part;
    let first_of_part = part[0];
    let starts_sentence = sentence_start(line, words, first_of_part);
    // A leading title.
    let mut title_len = title_prefix(line, words, part);
    let mut titled = title_len > 0;
    if title_len == 0 && starts_sentence && opener_before_name(line, words, part) {
        // `Trailing Essex`, `Centre Jason Little`: a common word opening the sentence.
        title_len = 1;
        titled = words[part[0]].flags & TITLE != 0;
    }
    // `MSP Karen Whitefield`: a post-nominal role before a name is a title.
    if title_len == 0 && part.len() >= 3 && is_post_nominal(words[part[0]].text(line)) {
        title_len = 1;
        titled = true;
    }
    // `General Services Administration`, `General Medical Council`: a title word
    // (not a sentence's opener nor a post-nominal cut above: `Lender Northern Rock
    // Bank`, `MSP Scottish Parliament Finance Committee`) opening a body's name, no
    // given name after it, is part of the name; not before a connector (`Director
    // of the … Centre`, `Father of the House`).
    if title_len == 1
        && part.len() >= 3
        && words[part[0]].flags & TITLE != 0
        && !is_post_nominal(words[part[0]].text(line))
        && part.last().is_some_and(|&i| words[i].flags & ORGANISATION != 0)
        && words[part[1]].shape != Shape::Lower
        && !super::gazetteer::is_given_name(words[part[1]].text(line))
    {
        title_len = 0;
        titled = false;
    }
    // `Family Justice Division`: a title after a common word and before one common
    // word only opens a body's name (not `Mr Straw`, `Lord Chancellor Lord Falconer`).
    if title_len > 1
        && part.len() == title_len + 1
        && words[part[0]].flags & (TITLE | TITLE_MODIFIER) == 0
        && words[part[title_len]].shape == Shape::Capitalised
        && common_only(line, &words[part[title_len]])
        && !super::gazetteer::is_given_name(words[part[title_len]].text(line))
        && !starts_sentence
    {
        title_len = 0;
        titled = false;
    }
    // `Queen's Lancashire Regiment`: a title's possessive names what follows, no person.
    if title_len == 1 && part.len() > 1 && words[part[0]].possessive {
        title_len = 0;
        titled = false;
    }
    if title_len >= part.len() {
        return None;
    }
    // `Bishop Emeritus Dinualdo Gutierrez`: a common word between the title and the name.
    if titled
        && part.len() > title_len + 1
        && words[part[title_len]].shape == Shape::Capitalised
        && words[part[title_len]].span.len() > 3
        && common_only(line, &words[part[title_len]])
        && !super::gazetteer::is_given_name(words[part[title_len]].text(line))
        && lexicon::common(words[part[title_len + 1]].text(line)) == Common::No
    {
        title_len += 1;
    }
    let title = (title_len > 0).then(|| Span::new(words[part[0]].span.start, words[part[title_len - 1]].span.end));
    part = &part[title_len..];
    // `Member of the Political Bureau`: what follows is no person.
    let titled = titled && !part.first().is_some_and(|&i| is_connector(i));
    while part.first().is_some_and(|&i| is_connector(i)) {
        part = &part[1..];
    }
    // `Margaret Moran MP`, `Guy Mansfield QC`: a post-nominal role is stripped like a
    // title, and is evidence of a person after a given name (not after `Labour MP`).
    let mut titled = titled;
    if part.len() == 1 && is_post_nominal(words[part[0]].text(line)) {
        return None;
    }
    if part.len() >= 2 && is_post_nominal(words[*part.last()?].text(line)) {
        part = &part[..part.len() - 1];
        while part.last().is_some_and(|&i| is_connector(i)) {
            part = &part[..part.len() - 1];
        }
        let first = part.first()?;
        titled |= part.len() >= 2 && super::gazetteer::is_given_name(words[*first].text(line));
    }
    // `HCFA Administrator`, `Best Products Co Chairman`: an office after a name whose
    // holder is not named there.
    if !titled && part.len() >= 2 && is_office(words[*part.last()?].text(line)) {
        let mut k = part.len() - 1;
        while k > 0 && words[part[k - 1]].flags & (TITLE | TITLE_MODIFIER) != 0 {
            k -= 1;
        }
        // (`Office of the Deputy Prime Minister`: the office a body is named after.)
        if k > 0 && !is_connector(part[k - 1]) {
            part = &part[..k];
            while part.last().is_some_and(|&i| is_connector(i)) {
                part = &part[..part.len() - 1];
            }
        }
    }
    let names: Vec<usize> = part.iter().copied().filter(|&i| !is_connector(i)).collect();
    // `By Staff Reporter`: a byline's role words name no one.
    if shape == LineShape::Byline && names.iter().all(|&i| lexicon::common(words[i].text(line)) == Common::Only) {
        return None;
    }
    // A unit or a code alone (`CEO`, `USD`, the `US` of `US$`) is no name.
    if names.len() == 1
        && words[names[0]].shape == Shape::AllCaps
        && (not_a_name_acronym(words[names[0]].text(line)) || line[words[names[0]].span.end..].starts_with('$'))
    {
        return None;
    }
    if let [one] = names[..]
        && (code_alone(words[one].text(line)) || is_company_suffix(words[one].text(line)))
    {
        return None;
    }
    let (first, last) = (part[0], *part.last()?);
    let mut span = Span::new(words[first].span.start, words[last].span.end);
    // `2nd Battalion Royal Gurkha Rifles`, `4th German Reich`: a numbered unit or state keeps its ordinal.
    if first == first_of_part
        && let Some(ordinal) = first.checked_sub(1).map(|p| &words[p])
        && ordinal_digits(ordinal.text(line))
        && spaced(line, ordinal, &words[first])
        && (matches!(
            words[first].text(line),
            "Battalion"
                | "Regiment"
                | "Brigade"
                | "Division"
                | "Squadron"
                | "Fleet"
                | "Army"
                | "Corps"
                | "Infantry"
                | "Armoured"
                | "Commando"
                | "Parachute"
                | "Airborne"
                | "Cavalry"
                | "Marines"
        ) || matches!(words[last].text(line), "Reich" | "Republic" | "Amendment"))
    {
        span.start = ordinal.span.start;
    }
    // `Lloyd's`, `Moody's`: a name whose `'s` is its own.
    if words[last].possessive && possessive_name(&line[words[last].span.start..words[last].end]) {
        span.end = words[last].end;
    }
    // Several all-caps words, title included: a label or a shouted headline.
    let shouting = whole.iter().filter(|&&i| !is_connector(i)).count() > 1
        && whole.iter().all(|&i| is_connector(i) || words[i].shape == Shape::AllCaps);
    let confirmed = match shape {
        LineShape::Byline => true,
        LineShape::Headline => false,
        // A lone capitalised word starting a sentence is no evidence, unless possessive
        // (`Hungary’s`) or no common word (`Australia`, `Lara`, `FIFA`).
        LineShape::Running => {
            let possessive = words[last].possessive && words[last].flags & COMMON_POSSESSOR == 0;
            let lone_opener = names.len() == 1
                && starts_sentence
                && title.is_none()
                && lexicon::common(first_segment(words[names[0]].text(line))) != Common::No;
            // `Jailed Socialist leader`, `Air Bag Safety:`: common words only opening a sentence.
            // (Not a quoted title: `"Sleeping Bread"`.)
            let quoted = line[..words[first_of_part].span.start].ends_with(['“', '"', '‘', '\'', '(', '[', '«']);
            let common_run = names.len() > 1
                && starts_sentence
                && !quoted
                && title.is_none()
                && !with_lower(words[names[0]].text(line), |w| NAME_OPENERS.contains(w), false)
                && names.iter().all(|&i| common_only(line, &words[i]));
            !shouting && (titled || possessive || !(lone_opener || common_run))
        }
    };
    // The kind itself is `kinds::of_found_name`'s (the one kind guesser): the
    // finder passes on only what it alone sees, a title or a byline.
    let kind = if titled || shape == LineShape::Byline { Kind::Person } else { Kind::Other };
    Some(NameCandidate { span, kind, titled, title: title.filter(|_| titled), confirmed })
}

/// A word alone that names nothing: a letter (`Group C`'s `C` is no name
/// alone, nor `C$`'s), a Roman numeral (`XI`, `IV`), a code of capitals and
/// digits (`Q1`, `M4`, `A7E`).
fn code_alone(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let b = w.as_bytes();
    (b.len() == 1 && b[0].is_ascii_uppercase())
        || (b.len() >= 2 && b.iter().all(|c| matches!(c, b'I' | b'V' | b'X')))
        || (b.iter().any(u8::is_ascii_digit) && b.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// An ordinal in digits: `2nd`, `4th`, `21st`.
fn ordinal_digits(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&word[digits..], "st" | "nd" | "rd" | "th")
}

/// An office a name's holder has (`Chairman`, `Gov.`), not a surname (`King`).
fn is_office(word: &str) -> bool {
    with_lower(
        word,
        |w| {
            matches!(
                w,
                "administrator"
                    | "chairman"
                    | "chairwoman"
                    | "president"
                    | "minister"
                    | "secretary"
                    | "director"
                    | "governor"
                    | "gov"
                    | "spokesman"
                    | "spokeswoman"
                    | "commissioner"
                    | "ambassador"
                    | "mayor"
                    | "ceo"
            )
        },
        false,
    )
}

/// A company or a place whose name ends in `'s` (`Lloyd's`, `McDonald's`), not a possessive.
fn possessive_name(word: &str) -> bool {
    let base = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or("");
    matches!(base, "Lloyd" | "Moody" | "McDonald" | "Sotheby" | "Christie" | "Macy" | "Sainsbury" | "Lord")
}

/// A company's suffix alone (`Inc`, `Co.`, `Plc`): the rest of its name is elsewhere.
fn is_company_suffix(word: &str) -> bool {
    matches!(word.trim_end_matches('.'), "Inc" | "Co" | "Corp" | "Ltd" | "Plc" | "PLC" | "LLC" | "AG" | "NV" | "SA")
}

/// Post-nominal roles and honours (`MP`, `QC`, `OBE`): never part of a name.
pub(crate) fn is_post_nominal(word: &str) -> bool {
    const POST_NOMINALS: [&str; 21] = [
        "MP", "MPs", "QC", "KC", "MEP", "MEPs", "AM", "MSP", "MSPs", "MLA", "OBE", "MBE", "CBE", "KBE", "DBE", "JP",
        "TD", "FRS", "MSc", "PhD", "MBA",
    ];
    POST_NOMINALS.contains(&word)
}

/// The name that leads a title (`U.S.` in `U.S. President`, `Tongan` in
/// `Tongan Prime Minister`, `Roman Catholic` in `Roman Catholic Bishop`): the
/// title's first words that are no title, title modifier or common word.
fn name_in_title(line: &str, words: &[Word], c: &NameCandidate) -> Option<NameCandidate> {
    let title = c.title?;
    let inside: Vec<usize> =
        (0..words.len()).filter(|&i| title.start <= words[i].span.start && words[i].span.end <= title.end).collect();
    let n = inside
        .iter()
        .take_while(|&&i| {
            let w = &words[i];
            w.shape != Shape::Lower
                && w.flags & (TITLE | TITLE_MODIFIER | STOP) == 0
                && !is_post_nominal(w.text(line))
                && (w.flags & DEMONYM != 0 || lexicon::common(w.text(line)) != Common::Only)
        })
        .count();
    // (`U.S.` is a title modifier but names a place.)
    let n = if n == 0
        && inside
            .first()
            .is_some_and(|&i| matches!(words[i].text(line), "U.S." | "US" | "UK" | "U.K." | "EU" | "UN" | "U.N."))
    {
        1
    } else {
        n
    };
    (n > 0).then(|| NameCandidate {
        span: Span::new(words[inside[0]].span.start, words[inside[n - 1]].span.end),
        kind: Kind::Other,
        titled: false,
        title: None,
        confirmed: c.confirmed,
    })
}

/// The first word of `part`, which opens a sentence, is a common word that
/// is no part of the name after it (`Trailing Essex`, `Defender Hassan
/// Abbas`): common only, no word that starts names (`New York`, `United
/// Nations`), and a word that is no common word follows.
fn opener_before_name(line: &str, words: &[Word], part: &[usize]) -> bool {
    let (Some(&first), Some(&next)) = (part.first(), part.get(1)) else { return false };
    let w = &words[first];
    // (`Centre Frank Bunce`: an organisation's word too, before a given name and a surname.)
    let before_person = part.len() >= 3 && super::gazetteer::is_given_name(words[next].text(line));
    let classes = if before_person {
        TITLE | PLACE | EVENT | DOCUMENT | DEMONYM
    } else {
        TITLE | ORGANISATION | PLACE | EVENT | DOCUMENT | DEMONYM
    };
    // (`Amnesty International UK`, `Transparency International`: before a plain common
    // word the opener is the name's own first word.)
    // (Not a word that starts a name of its own: `Lender Northern Rock Bank`.)
    // (Asked last: it looks words up, and most words are no opener.)
    let plain_common_next = || {
        let next_text = words[next].text(line);
        words[next].flags & (TITLE | TITLE_MODIFIER) == 0
            && lexicon::common(next_text) == Common::Only
            && (!with_lower(next_text, |l| NAME_OPENERS.contains(l), false) || super::kinds::is_head_word(next_text))
            // (`Fellow Lib Dem Norman Baker`: before a person the opener is a role.)
            && !part[1..].iter().any(|&i| super::gazetteer::is_given_name(words[i].text(line)))
    };
    w.shape == Shape::Capitalised
        && words[next].shape != Shape::Lower
        && w.flags & classes == 0
        && opener_word(w.text(line))
        && !super::gazetteer::is_given_name(w.text(line))
        && !with_lower(w.text(line), |l| NAME_OPENERS.contains(l), false)
        && part[1..].iter().any(|&i| {
            let n = &words[i];
            n.shape != Shape::Lower
                && n.flags & (ORGANISATION | PLACE | EVENT | DOCUMENT) == 0
                && lexicon::common(n.text(line)) != Common::Only
        })
        && !plain_common_next()
}

/// A common word only, or one made of a common word (`Unseeded`, `Ex-Yankee`).
fn opener_word(word: &str) -> bool {
    lexicon::common(word) == Common::Only
        || word.starts_with("Ex-")
        || word.strip_prefix("Un").is_some_and(|rest| rest.len() > 3 && lexicon::common(rest) == Common::Only)
}

/// `part[k]` looks like a nationality word the lists lack (`Tongan`,
/// `Roman`): capitalised, no common word only, a nationality's ending, and a
/// title or a title modifier comes next.
fn nationality_like(line: &str, words: &[Word], part: &[usize], k: usize) -> bool {
    let w = &words[part[k]];
    let t = w.text(line);
    w.shape == Shape::Capitalised
        && ["an", "ian", "ese", "ish", "i", "ic"].iter().any(|s| t.ends_with(s))
        && lexicon::common(t) != Common::Only
        && part.get(k + 1).is_some_and(|&n| words[n].flags & (TITLE | TITLE_MODIFIER | DEMONYM) != 0)
}

/// The word at `i` starts a sentence or a quotation.
fn sentence_start(line: &str, words: &[Word], i: usize) -> bool {
    let start = words[i].span.start;
    let before = &line[..start];
    if before.ends_with(['“', '"', '‘', '\'', '(', '[', '«']) {
        return true;
    }
    let trimmed = before.trim_end_matches([' ', '\t', '\u{a0}', '“', '"', '‘', '(']);
    if list_item(trimmed) {
        return true;
    }
    match trimmed.chars().next_back() {
        None => true,
        Some('.') => {
            // Not the period of a title abbreviation (`Mr.`) or an initial (`F.`) of the word before.
            let prev = i.checked_sub(1).map(|p| words[p]).filter(|p| p.span.end == trimmed.len());
            !prev.is_some_and(|p| {
                let w = p.text(line).trim_end_matches('.');
                is_abbreviation(w) || (w.chars().count() == 1 && w.starts_with(char::is_uppercase))
            })
        }
        Some('!' | '?' | ':' | ';' | '…' | '|' | '•') => true,
        Some(_) => false,
    }
}

/// The text before a word is a list item's mark (`- `, `-- `, `* `, `** `)
/// or a label in capitals and a dash (`NOTE - `, `FEATURE - `): a sentence starts.
fn list_item(before: &str) -> bool {
    let Some(head) = before.strip_suffix(['-', '*']) else { return false };
    let head = head.trim_end_matches(['-', '*']);
    let label = head.trim_end();
    // (` - The Office of …`: a mark after spaces too.)
    label.is_empty()
        || (label.bytes().any(|b| b.is_ascii_uppercase()) && label.bytes().all(|b| b.is_ascii_uppercase() || b == b' '))
}

/// How many of `part`'s first entries are a title (`Mr.`, `Secretary of
/// State`, `Chinese Foreign Minister`); 0 when the run does not end on a
/// title word.
fn title_prefix(line: &str, words: &[Word], part: &[usize]) -> usize {
    let wide = title_prefix_of(line, words, part, true);
    if wide < part.len() { wide } else { title_prefix_of(line, words, part, false) }
}

/// [`title_prefix`]; when `wide`, a nationality-like word (`Tongan`, `Roman`)
/// right before a title or a title modifier stacks too.
fn title_prefix_of(line: &str, words: &[Word], part: &[usize], wide: bool) -> usize {
    let text = |i: usize| words[i].text(line);
    let mut end = 0;
    let mut k = 0;
    while k < part.len() {
        let w = text(part[k]);
        // Name words' classes are known; connectors are in none of these.
        let f = words[part[k]].flags;
        if f & TITLE != 0 {
            k += 1;
            end = k;
        } else if f & (TITLE_MODIFIER | DEMONYM | ORGANISATION) != 0
            || (k + 1 < part.len() && words[part[k]].shape != Shape::Lower && common_only(line, &words[part[k]]))
        {
            // (`Metropolitan Police Commissioner`, `Shadow Home Secretary`: common words stack too.)
            // A modifier right after a title and before a given name ends the title
            // (`Chief Executive Ann Hall`).
            if end == k
                && k > 0
                && f & TITLE_MODIFIER != 0
                && part.get(k + 1).is_some_and(|&i| super::gazetteer::is_given_name(text(i)))
            {
                end = k + 1;
            }
            k += 1;
        } else if wide && nationality_like(line, words, part, k) {
            k += 1;
        } else if w == "of" && end == k && k > 0 {
            // `Secretary of State`, `Minister of Foreign Affairs`, `Secretary of the Treasury`.
            let mut rest = [""; 3];
            let n = part.len().saturating_sub(k + 1).min(3);
            for (r, &i) in rest.iter_mut().zip(&part[k + 1..]) {
                *r = text(i);
            }
            let take = match &rest[..n] {
                ["Foreign", "Affairs", ..] => 3,
                ["the", "Treasury", ..] => 3,
                ["State" | "Defense" | "Defence" | "Commerce" | "Justice" | "Energy" | "Finance", ..] => 2,
                _ => 0,
            };
            if take == 0 {
                break;
            }
            k += take;
            end = k;
        } else {
            break;
        }
    }
    end
}

// ---------------------------------------------------------------------------
// Word lists: sets of lower-case ASCII words, looked up through a
// lower-cased stack copy of the word.

fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R, default: R) -> R {
    let word = word.trim_end_matches('.');
    let mut buf = [0u8; 24];
    if word.len() > buf.len() || !word.is_ascii() {
        return default;
    }
    for (b, c) in buf.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    f(std::str::from_utf8(&buf[..word.len()]).expect("ASCII"))
}

// Each listed word's classes, as bits: one lookup gives them all.
/// Never a name nor part of one: sentence openers, pronouns, determiners,
/// conjunctions and prepositions, common adverbs, numbers, weekdays, months.
const STOP: u16 = 1;
const TITLE: u16 = 1 << 1;
const TITLE_MODIFIER: u16 = 1 << 2;
const DEMONYM: u16 = 1 << 3;
const ORGANISATION: u16 = 1 << 4;
const PLACE: u16 = 1 << 5;
const EVENT: u16 = 1 << 6;
const DOCUMENT: u16 = 1 << 7;
const ABBREVIATION: u16 = 1 << 8;
const COMMON_POSSESSOR: u16 = 1 << 9;
/// `of` / `for` after it stays inside the name.
const TAKES_OF: u16 = 1 << 10;

// Keyed by bytes: a lookup through the lower-cased stack copy needs no UTF-8
// check (callgrind: 64 instructions a lookup, a sixth of `flags`).
static WORD_FLAGS: LazyLock<HashMap<&[u8], u16>> = LazyLock::new(|| {
    let mut map: HashMap<&[u8], u16> = HashMap::default();
    let lists: [(&FxHashSet<&str>, u16); 10] = [
        (&STOP_WORDS, STOP),
        (&TITLES, TITLE),
        (&TITLE_MODIFIERS, TITLE_MODIFIER),
        (&DEMONYMS, DEMONYM),
        (&ORGANISATION_WORDS, ORGANISATION),
        (&PLACE_WORDS, PLACE),
        (&EVENT_WORDS, EVENT),
        (&DOCUMENT_WORDS, DOCUMENT),
        (&ABBREVIATIONS, ABBREVIATION),
        (&COMMON_POSSESSORS, COMMON_POSSESSOR),
    ];
    for (list, bit) in lists {
        for &w in list {
            *map.entry(w.as_bytes()).or_default() |= bit;
        }
    }
    // `Duke of Edinburgh`, `Isle of Man`, `House of Commons`, `United States of America`.
    for w in [
        "duke",
        "duchess",
        "isle",
        "house",
        "people",
        "states",
        "day",
        "hall",
        "tour",
        "nation",
        "missionaries",
        "series",
    ] {
        *map.entry(w.as_bytes()).or_default() |= TAKES_OF;
    }
    map
});

/// The classes of a lower-case word.
fn lookup(lower: &str) -> u16 {
    lookup_bytes(lower.as_bytes())
}

/// The classes of a lower-case word given as bytes.
fn lookup_bytes(lower: &[u8]) -> u16 {
    WORD_FLAGS.get(lower).copied().unwrap_or(0)
}

/// `word` lower-cased into `buf` as [`with_lower`] does (a trailing `.`
/// dropped; none when it is longer than `buf` or not ASCII), as bytes.
fn lower_ascii<'b>(word: &str, buf: &'b mut [u8; 24]) -> Option<&'b [u8]> {
    let word = word.trim_end_matches('.');
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    for (b, c) in buf.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    Some(&buf[..word.len()])
}

/// The classes of `word`, whatever its case: a plural demonym (`Russians`),
/// a contraction of a stop word (`I’m`, `Don’t`), hyphenated compounds
/// (`Israeli-Palestinian` a demonym, `Directorate-General` an organisation
/// word after which `for` joins).
fn flags(word: &str) -> u16 {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > MEMO_WORD {
        return flags_of(word);
    }
    // The word as three words of memory (zero-padded; its length is kept
    // beside it): compared and hashed without a call to `memcmp`.
    let mut key = [0u64; 3];
    let (words, rest) = bytes.as_chunks::<8>();
    for (k, w) in key.iter_mut().zip(words) {
        *k = u64::from_le_bytes(*w);
    }
    for (i, &b) in rest.iter().enumerate() {
        key[words.len()] |= u64::from(b) << (8 * i);
    }
    let len = bytes.len() as u8;
    // (Not hashed with the length: a word and itself with a NUL after share a slot, which the test needs.)
    let hash = (key[0] ^ key[1].rotate_left(21) ^ key[2].rotate_left(42)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let slot = (hash >> (64 - MEMO_BITS)) as usize;
    let hit = MEMO.with_borrow(|memo| {
        let entry = memo.get(slot)?;
        (entry.len == len && entry.key == key).then_some(entry.flags)
    });
    if let Some(flags) = hit {
        return flags;
    }
    // (Outside the borrow: `flags_of` looks up the parts of a hyphenated word here.)
    let flags = flags_of(word);
    MEMO.with_borrow_mut(|memo| {
        if memo.is_empty() {
            memo.resize(1 << MEMO_BITS, MemoSlot::default());
        }
        memo[slot] = MemoSlot { key, len, flags };
    });
    flags
}

/// The longest word [`flags`] remembers (longer ones are worked out each time).
const MEMO_WORD: usize = 24;
/// [`flags`] remembers `1 << MEMO_BITS` words, each in the slot its hash picks
/// (a word that comes to a taken slot replaces the one there).
const MEMO_BITS: u32 = 11;

/// One word of [`flags`]' memo: its bytes, zero-padded, its length (0: an empty slot) and its classes.
#[derive(Clone, Copy, Default)]
struct MemoSlot {
    key: [u64; 3],
    len: u8,
    flags: u16,
}

thread_local! {
    /// The classes of the words seen lately: a word's classes depend on the
    /// word alone, and the same capitalised words come back line after line.
    /// (Made at the first look-up: a constant start is a cheaper thread-local.)
    static MEMO: std::cell::RefCell<Vec<MemoSlot>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`flags`], worked out.
fn flags_of(word: &str) -> u16 {
    let mut buf = [0u8; 24];
    let mut f = lower_ascii(word, &mut buf).map_or(0, |w| {
        let mut f = lookup_bytes(w);
        if f & DEMONYM == 0
            && let Some(stem) = w.strip_suffix(b"s")
        {
            f |= lookup_bytes(stem) & DEMONYM;
        }
        f
    });
    // One byte pass tells whether the two tests below can apply: an
    // apostrophe (`'`, or `’`, whose first byte is 0xE2) or a hyphen. Most
    // words have neither, and `find` of two characters decodes every one.
    let marks = word.bytes().any(|b| matches!(b, b'\'' | b'-' | 0xE2));
    if marks && let Some(at) = word.find(['’', '\'']) {
        let tail = &word[at + word[at..].chars().next().map_or(1, char::len_utf8)..];
        if matches!(tail, "m" | "ll" | "re" | "ve" | "d" | "t" | "s") && with_lower(&word[..at], lookup, 0) & STOP != 0
        {
            f |= STOP;
        }
    }
    if marks && word.contains('-') {
        // `Jan-June`, `Monday-Friday`: a range of months or days.
        if word.split('-').all(|p| with_lower(p, |w| MONTHS_AND_DAYS.contains(&w), false)) {
            f |= STOP;
        }
        // `Attorney-General`, `Vice-President`: a title.
        let mut title_parts = word.split('-').map(|p| with_lower(p, lookup, 0));
        if word.rsplit('-').next().is_some_and(|p| with_lower(p, lookup, 0) & TITLE != 0)
            && title_parts.all(|p| p & (TITLE | TITLE_MODIFIER) != 0)
        {
            f |= TITLE;
        }
        let parts = word.split('-').map(|p| with_lower(p, lookup, 0));
        if word.split('-').all(|p| matches!(p, "Sino" | "Anglo" | "Franco" | "Indo") || flags(p) & DEMONYM != 0) {
            f |= DEMONYM;
        }
        for p in parts {
            f |= p & ORGANISATION;
            if p & TITLE != 0 {
                f |= TAKES_OF;
            }
        }
    }
    // `A. Smith`: an initial is no article.
    if word.len() == 2 && word.ends_with('.') && word.starts_with(|c: char| c.is_ascii_uppercase()) {
        f &= !STOP;
    }
    // `US` is no `us`, `Don` and `Haven` no `don't` or `haven't`.
    if matches!(word, "US" | "Don" | "Haven") {
        f &= !STOP;
    }
    // `MPs`, `MEPs`: the plural of an upper-case title is a title.
    let stem = word.strip_suffix('s').unwrap_or("");
    if f & TITLE == 0 && stem.len() > 1 && stem.bytes().all(|b| b.is_ascii_uppercase()) {
        f |= with_lower(stem, lookup, 0) & TITLE;
    }
    if f & (ORGANISATION | PLACE | DOCUMENT | EVENT | TITLE) != 0 {
        f |= TAKES_OF;
    }
    f
}

/// The small words a title-case headline keeps in lower case.
fn is_small(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "of"
            | "and"
            | "or"
            | "nor"
            | "for"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "with"
            | "from"
            | "as"
            | "vs"
            | "via"
            | "into"
            | "over"
            | "per"
            | "but"
            | "de"
            | "al"
    )
}

fn is_abbreviation(word: &str) -> bool {
    flags(word) & ABBREVIATION != 0
}

static STOP_WORDS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "a about according additional advertisement after again against ahead ai all already also although am \
         among an and another any apr april are aren as at aug august be because been before between both but \
         by can click could couldn dear dec december despite did didn dna do does doesn don during each \
         earlier editor eight either et even every faq feb february fifth finally first five for four fourth fri \
         friday from gdp gmt had has hasn have haven he hello her here hers him his how however i if image in \
         indeed instead is isn it its jan january jul july jun june just last later let lgbt lgbti lgbtq \
         lgbtqi many mar march may meanwhile mon monday more moreover most must my neither next nine no none nor not \
         note nov november now oct october of oh ok okay on one only or other our over photo please pm \
         published rather read recently reporting rna said saturday says second see sep sept september seven \
         share she should shouldn since six so some source sources still such sunday ten thank thanks that \
         the their them then there therefore these they third this those though three thu thursday thus to \
         today tomorrow tonight tue tuesday tv two under updated url us utc video was wasn we wed wednesday \
         well were weren what when where which while who whom whose why will with without won would wouldn \
         writing yeah yes yesterday yet you your",
    )
});

static COMMON_POSSESSORS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "anyone children city company country day everybody everyone government men month nation nobody party \
         people somebody someone state week women world year",
    )
});

static ABBREVIATIONS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "adm capt cmdr col dr ft gen gov hon jr lt maj mr mrs ms mt pres prof rep rev sec sen sgt sr st corp inc bros",
    )
});

static TITLES: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "adm admiral ambassador archbishop attorney bishop capt captain cardinal ceo chair chairman \
         chairperson chairwoman chancellor chief coach col colonel commander commissioner congressman \
         congresswoman councillor councilman councilor councilwoman dame dean director dr emir envoy gen \
         general gov governor imam judge justice king lady leader leader-elect lieutenant lord lt maj major \
         mayor member minister minister-president miss mr mrs ms pope premier president president-elect \
         prince princess prof professor queen rabbi rep representative rev reverend secretary secretary- \
         general sen senator sergeant sgt sheikh sir speaker spokesman spokesperson spokeswoman sultan \
         mp mep defender midfielder striker goalkeeper winger skipper batsman bowler flanker fullback \
         full-back fly-half scrum-half hooker centre-back sweeper playmaker lawyer solicitor barrister \
         inspector detective constable superintendent magistrate ayatollah mullah pastor father monsignor \
         brother sister nurse doctor prophet dj",
    )
});

static TITLE_MODIFIERS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "acting agriculture air army assistant associate attorney crown culture defence defense deputy \
         district economic economy education energy environment eu executive federal finance first foreign \
         former general health home house interior justice labor labour lord majority military minority mp \
         national navy opposition party police press prime principal provincial regional security senate \
         senior solicitor special state supreme top trade transport treasury u.s un us vice shadow tory \
         conservative liberal democrat republican metropolitan county",
    )
});

static DEMONYMS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "afghan african american arab arabic armenian asian asian-american australian austrian azerbaijani \
         belarusian belgian bosnian brazilian british bulgarian canadian catholic chinese christian croatian \
         czech danish dutch east eastern egyptian emirati english estonian ethiopian european filipino \
         finnish french gazan georgian german greek hispanic hungarian indian indonesian iranian iraqi irish \
         israeli italian japanese jewish jordanian kazakh kenyan korean kurd kurdish latin latvian lebanese \
         lithuanian malaysian mexican moldovan mongolian muslim nigerian north norwegian pakistani \
         palestinian pole polish portuguese qatari romanian russian saudi scottish serbian singaporean slovak \
         slovenian south soviet spanish sudanese swedish swiss syrian taiwanese thai tibetan turk turkish \
         ukrainian vietnamese welsh west western yemeni \
         albanian algerian angolan argentine argentinian bangladeshi bolivian briton burundian cambodian \
         chechen chilean colombian congolese croat cuban cypriot dane dominican dutchman dutchmen ecuadorean \
         ecuadorian englishman englishmen eritrean finn frenchman frenchmen frenchwoman ghanaian guatemalan \
         haitian honduran hutu icelandic irishman ivorian jamaican kuwaiti kyrgyz laotian libyan \
         luxembourger macedonian maltese moroccan mozambican namibian nepalese nicaraguan omani panamanian \
         paraguayan peruvian rwandan scot scotsman senegalese serb slovene somali spaniard lankan swede \
         tajik tanzanian tunisian tutsi ugandan uruguayan uzbek venezuelan yugoslav zairean zambian \
         zimbabwean republican democrat democratic moslem bavarian",
    )
});

static ORGANISATION_WORDS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "academy administration affairs agency airlines airways alliance army assembly association authority \
         bank battalion bloc board brigade brigades broadcasting bureau cabinet campaign center centre chamber \
         chambers channel \
         commonwealth community confederation trust \
         church club coalition college command commission committee company congress consulate corp \
         corporation council council's court daily delegation department directorate embassy federation force \
         forces foundation front fund gazette government group guard herald hospital house inc institute \
         institution journal league llc ltd magazine media militia ministry mission monitor movement museum \
         navy network news observatory office organisation organization parliament party police post press \
         radio reuters review school secretariat senate service services society staff telegraph television \
         times tribunal tribune union university watch weekly xinhua \
         regiment fusiliers highlanders rifles borderers dragoons hussars lancers",
    )
});

static PLACE_WORDS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "airport avenue basin bay beach bridge canal city coast continent county delta desert district \
         emirates falls governorate gulf harbor harbour heights highlands hills island islands kingdom lake \
         mount mountain mountains mt oblast ocean palace park peninsula plateau port prefecture province \
         region republic river road sea square states strait straits street strip territories territory town \
         valley village",
    )
});

static EVENT_WORDS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "championship conference congress's convention's crisis cup dialogue election elections festival \
         forum games genocide holocaust invasion massacre meeting offensive olympics protests referendum \
         revolution summit talks uprising war",
    )
});

static DOCUMENT_WORDS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "accord accords act agreement bill charter code communique constitution convention declaration \
         directive doctrine law manifesto memorandum paper plan protocol regulation report reports resolution \
         statement strategy treaty white",
    )
});

/// The weekday at `i` starts a name, no date there: after `the` (`the Sunday
/// Times`, `the Monday Club`), after a possessive (`Sky News' Sunday with …`),
/// or before a newspaper's word (`and Sunday Telegraph`).
fn weekday_name(line: &str, words: &[Word], i: usize) -> bool {
    let before = &line[..words[i].span.start];
    WEEKDAYS.contains(&words[i].text(line))
        && before.ends_with(' ')
        && (matches!(before.trim_end().rsplit(' ').next(), Some("the" | "The"))
            || i.checked_sub(1).is_some_and(|p| words[p].possessive && words[p].end == before.len() - 1)
            || before.trim_end().ends_with("s'")
            || words.get(i + 1).is_some_and(|n| {
                matches!(
                    n.text(line),
                    "Times"
                        | "Telegraph"
                        | "Mirror"
                        | "Express"
                        | "Herald"
                        | "Mail"
                        | "Independent"
                        | "Observer"
                        | "Post"
                )
            }))
}

/// The weekdays, capitalised.
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// The numbers and ordinals that start names (`First Union`, `Five Nations`).
const NUMBER_WORDS: [&str; 15] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "second", "third",
    "fourth", "fifth",
];

/// Months (with their short forms) and weekdays.
const MONTHS_AND_DAYS: [&str; 33] = [
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "fri",
];

/// The compass words among the demonyms: they start place names (`South Africa`).
const COMPASS: [&str; 8] = ["north", "south", "east", "west", "northern", "southern", "eastern", "western"];

/// The capitalised common words that start names (`New York`, `United
/// Nations`, `National Bank`): never cut off a name as a sentence's opener.
static NAME_OPENERS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "new united national royal federal central great grand general first democratic social liberal \
         international upper lower old holy supreme high red white black green blue golden saint fort port \
         mount lake cape real sporting athletic olympic inter young northern southern eastern western \
         middle little big long grey gray rio san santa las los el la le de van von mac mc world greater lib",
    )
});

/// Upper-case words that are units, codes, currencies or grades, not names.
static NOT_NAME_ACRONYMS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    word_set(
        "am pm utc cet cest edt est bst pdt pst cdt cst mdt mst ist jst hkt km kg mph kph kw mw gw \
         mb gb kb tb mhz ghz cc ml hp rpm bpd pct ceo cfo coo cto cio vp svp evp md gm ipo vat gdp gnp \
         cpi ppi rpi pmi ok tv dvd aaa aa bbb bb ccc cd pc usb id pdf faq url html www http https pr vs aka etc ps nb rip \
         usd gbp eur jpy chf cad aud nzd dem frf itl nlg bef esp sek nok dkk fim ats hkd sgd cny rmb inr \
         rub zar brl mxn ars dm ecu sdr bbl mmbtu lb lbs oz ft mm cm yd mi ha sq cu no nos ltd plc inc \
         huf czk pln skk sit hrk trl grd pte krw thb php idr myr twd pkr egp ils \
         kv kwh mwh bcf tcf mmcf dwt teu cbm fob cif eps crr slr \
         dns hrw srw sww ww caps \
         co corp llc bhd nv ag sa spa gmbh bv ab oy asa qb rb wr te ol dl lhp rhp",
    )
});

/// A word list, written as one space-separated string.
fn word_set(text: &'static str) -> FxHashSet<&'static str> {
    text.split_ascii_whitespace().collect()
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::document::plain_aliases;
    use crate::analysis::fixture::{catalogue, ranges};
    use crate::analysis::markup::parse_line;

    const CATALOGUE: &str = r#"{"entities": [
        {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken", "Mr. Blinken"]},
        {"id": "china", "name": "China", "kind": "place"}
    ], "tags": [], "ignore": ["Press Briefing"]}"#;

    fn found(line: &str) -> Vec<NameCandidate> {
        let cat = catalogue(CATALOGUE);
        let markup = parse_line(line);
        let aliases = plain_aliases(line, &markup, &cat);
        line_candidates(line, &markup, &aliases, &cat)
    }

    /// The marked spans are the confirmed candidates of the line.
    #[track_caller]
    fn check(fixture: &str) {
        let (line, expected) = ranges(fixture);
        let got: Vec<Span> = found(&line).into_iter().filter(|c| c.confirmed).map(|c| c.span).collect();
        let shown: Vec<&str> = got.iter().map(|s| s.of(&line)).collect();
        assert_eq!(got, expected, "found {shown:?} in {line:?}");
    }

    #[track_caller]
    fn kinds(line: &str) -> Vec<(String, Kind, bool)> {
        // As lint and `candidates` see them: through the one kind guesser.
        found(line)
            .into_iter()
            .map(|c| {
                (
                    c.span.of(line).to_string(),
                    super::super::kinds::of_found_name(line, c.span, c.kind, c.titled),
                    c.titled,
                )
            })
            .collect()
    }

    #[test]
    fn sequences_with_connectors() {
        check(
            "He met Lai Ching-te and the Department of North American and Oceanian Affairs.\n\
             \u{20}      ^^^^^^^^^^^^         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        );
        check(
            "fighting between the army and the Rapid Support Forces in Khartoum\n\
             \u{20}                                 ^^^^^^^^^^^^^^^^^^^^    ^^^^^^^^",
        );
        check(
            "a deal between France and Poland, said Omar al-Bashir of the Bank of England\n\
             \u{20}              ^^^^^^     ^^^^^^       ^^^^^^^^^^^^^^        ^^^^^^^^^^^^^^^",
        );
        // `Executive` ends a body's name across `and` (a `Chief Executive` is a title).
        check(
            "The Health and Safety Executive and the Scottish Executive met Chief Executive Ann Hall\n\
             \u{20}   ^^^^^^^^^^^^^^^^^^^^^^^^^^^         ^^^^^^^^^^^^^^^^^^                     ^^^^^^^^",
        );
        // A second `of` / `for` once an organisation word took one.
        check(
            "said Tony Hunter of the Association of Directors of Social Services on Monday\n\
             \u{20}    ^^^^^^^^^^^        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        );
        check(
            "the Egyptian Ministry of State for Antiquities said, as did Hunter of Leeds\n\
             \u{20}   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^              ^^^^^^    ^^^^^",
        );
        // `Chambers` and `Campaign` head bodies that take `of` / `for`.
        check(
            "director of the British Chambers of Commerce, and Anne Hall, of Campaign for Borders Rail, said\n\
             \u{20}               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^      ^^^^^^^^^     ^^^^^^^^^^^^^^^^^^^^^^^^^",
        );
        // `Parliament` names the body alone: the seat after `for` is a name of its own.
        check(
            "Mr Blunkett entered Parliament for Sheffield Brightside in 1987\n\
             \u{20}  ^^^^^^^^         ^^^^^^^^^^     ^^^^^^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn a_hyphen_tail_after_a_name_and_a_prefix_before_one() {
        check(
            "eight Las Vegas-style casinos for Non-European Union citizens, not a US-led plan\n\
             \u{20}     ^^^^^^^^^                       ^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn a_nationality_before_a_compound_of_common_words_stays() {
        check(
            "he met the European Anti-Fraud Office, and the French Interior Ministry said no\n\
             \u{20}          ^^^^^^^^^^^^^^^^^^^^^^^^^^          ^^^^^^ ^^^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn a_day_named_by_a_possessive() {
        check(
            "shops open on New Year's Day, as Ann Hall did on St Patrick's Day\n\
             \u{20}             ^^^^^^^^^^^^^^     ^^^^^^^^        ^^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn a_numeral_ends_an_event_and_an_era_is_no_name() {
        check(
            "killings of the World War I-era and World War III-style rules\n\
             \u{20}               ^^^^^^^^^^^         ^^^^^^^^^^^^^",
        );
        check(
            "to rebuild Europe after World War Two, and in World War II, in a Blair-era plan\n\
             \u{20}          ^^^^^^       ^^^^^^^^^^^^^         ^^^^^^^^^^^^",
        );
    }

    #[test]
    fn a_title_opened_by_a_common_word() {
        // Inside a sentence a capitalised common word before `with`, or a verb before
        // `the`, opens a title that runs on; `the Independent` before `the` does not.
        check(
            "told BBC One's Breakfast with Frost that Oxfam's report, Paying the Price, and Save the Children agree\n\
             \u{20}    ^^^       ^^^^^^^^^^^^^^^^^^^^      ^^^^^           ^^^^^^^^^^^^^^^^      ^^^^^^^^^^^^^^^^^",
        );
        check(
            "a biography of William Pitt the Younger, as the Independent the Tories read\n\
             \u{20}              ^^^^^^^^^^^^^^^^^^^^^^^^         ^^^^^^^^^^^     ^^^^^^",
        );
        // At a sentence's start the capital is the sentence's.
        let c = found("Save the Children. Breakfast with Frost.");
        let names: Vec<&str> = c.iter().map(|c| c.span.of("Save the Children. Breakfast with Frost.")).collect();
        assert!(!names.contains(&"Save the Children") && !names.contains(&"Breakfast with Frost"), "{names:?}");
    }

    #[test]
    fn a_title_inside_a_bodys_name() {
        // `Justice` after a common word and before one common word opens no person's name;
        // after `Mr` a common word is a surname.
        check(
            "Dame Elizabeth, president of the Family Justice Division, said Mr Straw did.\n\
             \u{20}    ^^^^^^^^^                   ^^^^^^^^^^^^^^^^^^^^^^^          ^^^^^",
        );
    }

    #[test]
    fn a_weekday_after_the_starts_a_name() {
        // After `the` a weekday is a paper's or a club's; after `on` it is a date.
        check(
            "He told the Sunday Times that the Monday Club met on Sunday Blair said\n\
             \u{20}           ^^^^^^^^^^^^          ^^^^^^^^^^^               ^^^^^",
        );
    }

    #[test]
    fn a_weekday_after_a_possessive_or_before_a_paper() {
        // A programme's title a weekday opens, a paper after `and`; after `on` still a date.
        check(
            "He told Sky News' Sunday with Adam Boulton and the Sunday Times and Sunday Telegraph that on Sunday Blair spoke.\n\
             \u{20}       ^^^^^^^^  ^^^^^^^^^^^^^^^^^^^^^^^^         ^^^^^^^^^^^^     ^^^^^^^^^^^^^^^^                ^^^^^",
        );
    }

    #[test]
    fn sentence_openers_that_start_a_name() {
        // `Lib` and `Greater` are common words, but open a name at a sentence's start too.
        check(
            "Costs rose. Lib Dem leader Charles Kennedy spoke. Greater Manchester Police said so.\n\
             \u{20}           ^^^^^^^        ^^^^^^^^^^^^^^^        ^^^^^^^^^^^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn a_royal_possessive_and_a_numbered_unit() {
        // A royal possessive opens a body's name (no title of a person); a unit keeps its ordinal.
        check(
            "Troops of the Queen's Lancashire Regiment and the 2nd Battalion Royal Gurkha Rifles joined the Prince's Trust.\n\
             \u{20}             ^^^^^^^^^^^^^^^^^^^^^^^^^^^         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^            ^^^^^^^^^^^^^^",
        );
        // Before a common word the possessive is the Queen's own; an ordinal before no unit stays out.
        check(
            "The Queen's grandson spoke to the Queen's private secretary on the 3rd Labour term.\n\
             \u{20}                                                                      ^^^^^^",
        );
    }

    #[test]
    fn connectors_inside_bodies() {
        // `and` after a body's `on`, and before a regiment's plural, stays inside;
        // an office a body is named after is no holder's office cut off.
        check(
            "The Parliamentary Group on Betting and Gaming met the Argyll and Sutherland Highlanders.\n\
             \u{20}   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        );
        check(
            " - The Office of the Deputy Prime Minister should act.\n\
             \u{20}      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn a_name_that_lists_its_fields() {
        // A body's `for` / `of` or a law's last word joins the fields cut at commas and `and`.
        check(
            "He met the Department for Culture, Media and Sport and the Department for Environment, Food and Rural Affairs.\n\
             \u{20}          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        );
        // Not a list of bodies, nor of names that are no common words.
        check(
            "Under the Anti-Terrorism, Crime and Security Act the Ministry of Defence, Foreign Office and Home Office agreed.\n\
             \u{20}         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^     ^^^^^^^^^^^^^^^^^^^  ^^^^^^^^^^^^^^     ^^^^^^^^^^^",
        );
        check(
            "The Bank of England, Barclays and HSBC met.\n\
             \u{20}   ^^^^^^^^^^^^^^^  ^^^^^^^^     ^^^^",
        );
    }

    #[test]
    fn a_number_that_a_name_takes() {
        check(
            "pupils at Key Stage 2 heard BBC Radio 4 and Channel 4 News, not Section 28 of it\n\
             \u{20}         ^^^^^^^^^^^       ^^^^^^^^^^^     ^^^^^^^^^^^^^^      ^^^^^^^^^^",
        );
        // Not after another word (`Division 1`), nor a number too long for a name.
        check(
            "Fans saw Hull top Division 1 on Radio 19961 and Radio Five Live\n\
             \u{20}        ^^^^     ^^^^^^^^      ^^^^^           ^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn possessives_quotes_and_dashes() {
        check(
            "after Navalny’s death and Navalny's widow — “Yulia Navalnaya” said\n\
             \u{20}     ^^^^^^^             ^^^^^^^            ^^^^^^^^^^^^^^^",
        );
        check(
            "the death of Mahsa “Zhina” Amini in Tehran\n\
             \u{20}            ^^^^^^^^^^^^^^^^^^^    ^^^^^^",
        );
    }

    #[test]
    fn what_is_not_a_name() {
        // Sentence and quotation openers, weekdays, months, catalogued aliases, ignored phrases
        // (nationality words are names: `Chinese`, `Russian`).
        check(
            "The talks began. However, on Monday in April the Chinese and Russian side said “Yes.”\n\
             \u{20}                                                ^^^^^^^     ^^^^^^^",
        );
        // `Neither` / `Either` open no name.
        check(
            "Neither Downing Street nor Whitehall spoke.\n\
             \u{20}       ^^^^^^^^^^^^^^     ^^^^^^^^^",
        );
        check("[Blinken]{antony-blinken} and Mr. Blinken met in China’s capital at the Press Briefing.\n");
        // A headline after a possessive mention is still a headline.
        assert!(found("[Blinken]{antony-blinken}’s Human Rights Record?").iter().all(|c| !c.confirmed));
        // A single capitalised common word at a sentence start is found but not confirmed;
        // a word that is no common word is a name there too.
        let c = found("Navalny died. Valuing peace.");
        assert_eq!(c.iter().map(|c| c.confirmed).collect::<Vec<_>>(), [true, false]);
    }

    #[test]
    fn post_nominal_roles_are_stripped() {
        assert_eq!(
            kinds("Margaret Moran MP and Guy Mansfield QC spoke in Edinburgh to MSP Karen Whitefield."),
            [
                ("Margaret Moran".into(), Kind::Person, true),
                ("Guy Mansfield".into(), Kind::Person, true),
                ("Edinburgh".into(), Kind::Place, false),
                ("Karen Whitefield".into(), Kind::Person, true)
            ]
        );
        // Alone, a post-nominal names no one.
        assert_eq!(kinds("She said an MSP was there, and MEPs too."), []);
    }

    #[test]
    fn titles_make_persons() {
        assert_eq!(
            kinds("Secretary of State Hillary Clinton met Foreign Minister Annalena Baerbock and Ms. Kallas."),
            [
                ("Hillary Clinton".into(), Kind::Person, true),
                ("Annalena Baerbock".into(), Kind::Person, true),
                ("Kallas".into(), Kind::Person, true)
            ]
        );
        // A title word opening a body's name is part of it; before a given name it is a title.
        assert_eq!(
            kinds("and the General Services Administration agreed with General Colin Powell."),
            [
                ("General Services Administration".into(), Kind::Organization, false),
                ("Colin Powell".into(), Kind::Person, true)
            ]
        );
        // (A sentence's opener or a post-nominal before a body is cut; a title before a given name too.)
        assert_eq!(
            kinds("It fell. Lender Northern Rock Bank agreed, and General Colin Powell Foundation staff too."),
            [
                ("Northern Rock Bank".into(), Kind::Organization, false),
                ("Colin Powell Foundation".into(), Kind::Person, true)
            ]
        );
        assert_eq!(
            kinds("said Linda Knox, Director of the Scottish Local Authority Management Centre."),
            [
                ("Linda Knox".into(), Kind::Person, false),
                ("Scottish Local Authority Management Centre".into(), Kind::Organization, false)
            ]
        );
        assert_eq!(
            kinds("as Chinese President Xi Jinping said"),
            [("Chinese".into(), Kind::Other, false), ("Xi Jinping".into(), Kind::Person, true)]
        );
        // Roles and titles stack, common words among them; the title is kept.
        for (line, name, title) in [
            ("Shadow Home Secretary David Davis said", "David Davis", "Shadow Home Secretary"),
            (
                "Metropolitan Police Commissioner Sir John Stevens said",
                "John Stevens",
                "Metropolitan Police Commissioner Sir",
            ),
            ("the Tory MP Ann Widdecombe said", "Ann Widdecombe", "Tory MP"),
            ("Defender Hassan Abbas scored.", "Hassan Abbas", "Defender"),
            ("Deputy Prime Minister John Prescott", "John Prescott", "Deputy Prime Minister"),
            ("Rabbi Lionel Blue spoke", "Lionel Blue", "Rabbi"),
            ("to honour the Prophet Muhammad, he said", "Muhammad", "Prophet"),
            ("said Radio DJ Margherita Taylor", "Margherita Taylor", "Radio DJ"),
            ("Prof Stephen Hawking spoke", "Stephen Hawking", "Prof"),
        ] {
            let c = found(line);
            assert_eq!(c.len(), 1, "{line}: {c:?}");
            assert_eq!((c[0].span.of(line), c[0].title.map(|t| t.of(line))), (name, Some(title)), "{line}");
            assert!(c[0].titled && c[0].confirmed && c[0].kind == Kind::Person);
        }
        // A common word opening a sentence is cut off, but no person's title.
        check(
            "Trailing Essex, the hosts batted.\n\
             \u{20}        ^^^^^",
        );
        // Before a plain common word it is the name's own first word (`Amnesty
        // International`), but not before a word that starts a name, nor before a person.
        check(
            "Amnesty International UK also questioned it.\n\
             ^^^^^^^^^^^^^^^^^^^^^^^^",
        );
        check(
            "Lender Northern Rock Bank fell. Fellow Lib Dem Norman Baker spoke.\n\
             \u{20}      ^^^^^^^^^^^^^^^^^^              ^^^^^^^^^^^^^^^^^^^^",
        );
        // A title alone is no name.
        assert_eq!(kinds("while the Secretary is there"), []);
    }

    #[test]
    fn kind_guesses() {
        assert_eq!(
            kinds(
                "the Foreign Ministry, the Epoch Times’s reporter in Shanghai, near the Taiwan Strait, the Paris Agreement, Robert Gilchrist"
            ),
            [
                ("Foreign Ministry".into(), Kind::Organization, false),
                ("Epoch Times".into(), Kind::Organization, false),
                ("Shanghai".into(), Kind::Place, false),
                ("Taiwan Strait".into(), Kind::Place, false),
                ("Paris Agreement".into(), Kind::Document, false),
                // A given name first: a person (the finder alone said `other`).
                ("Robert Gilchrist".into(), Kind::Person, false),
            ]
        );
        assert_eq!(
            kinds("according to Reuters, a visit to Belarus"),
            [("Reuters".into(), Kind::Organization, false), ("Belarus".into(), Kind::Place, false)]
        );
    }

    #[test]
    fn headlines_labels_and_bylines() {
        // A title-case headline and an all-caps label: found, not confirmed.
        let c = found("Blinken Will Raise Human Rights Issue During Trip, State Department Says");
        assert!(!c.is_empty() && c.iter().all(|c| !c.confirmed), "{c:?}");
        let c = found("SECRETARY GENERAL JONES: Thank you all.");
        assert!(c.iter().all(|c| !c.confirmed), "{c:?}");
        // But an acronym in running text is.
        check(
            "in response to a question from NTD, the sister outlet\n\
             \u{20}                              ^^^",
        );
        // A byline confirms its persons.
        assert_eq!(
            found("By Dorothy Li and Cathy He").iter().map(|c| (c.confirmed, c.kind)).collect::<Vec<_>>(),
            [(true, Kind::Person), (true, Kind::Person)]
        );
    }

    #[test]
    fn word_lists_are_lower_case_ascii() {
        for list in [
            &STOP_WORDS,
            &COMMON_POSSESSORS,
            &ABBREVIATIONS,
            &TITLES,
            &TITLE_MODIFIERS,
            &DEMONYMS,
            &ORGANISATION_WORDS,
            &PLACE_WORDS,
            &EVENT_WORDS,
            &DOCUMENT_WORDS,
            &NAME_OPENERS,
            &NOT_NAME_ACRONYMS,
        ] {
            assert!(list.len() > 5);
            assert!(list.iter().all(|w| w.is_ascii() && *w == w.to_ascii_lowercase() && w.len() <= 24), "{list:?}");
        }
    }

    /// The memo of `flags` gives what working the classes out gives: words
    /// alike but for a trailing NUL, of the memo's longest length and one
    /// more, and enough words of the same lengths to take every slot many times.
    #[test]
    fn flags_as_worked_out() {
        let mut words: Vec<String> =
            ["Mr", "Mr\0", "President", "President\0", "Monday", "The", "Russians", "I’m", "Attorney-General"]
                .iter()
                .map(|w| w.to_string())
                .collect();
        words.push("Secretary".repeat(3)[..MEMO_WORD].to_string());
        words.push("Secretary".repeat(3)[..MEMO_WORD + 1].to_string());
        let fillers: Vec<String> = (0..20_000).map(|n| format!("W{n:0>w$}", w = [1, 2, 5, 8][n % 4])).collect();
        for round in 0..3 {
            for (k, filler) in fillers.iter().enumerate() {
                let word = if k % 7 == 0 { &words[(k / 7 + round) % words.len()] } else { filler };
                assert_eq!(flags(word), flags_of(word), "{word:?}");
            }
        }
    }

    proptest::proptest! {
        /// `shape`'s reading of ASCII bytes gives the shape the decoding one does.
        #[test]
        fn shape_as_decoded(word in "[a-zA-Z0-9._'’é-]{0,6}", hyphenated in proptest::bool::ANY) {
            proptest::prop_assert_eq!(shape(&word, hyphenated), shape_decoded(&word, hyphenated), "{:?}", word);
        }

        /// `alnum_run`'s eight bytes at a time end where the byte loop does:
        /// letters, digits and their neighbours in ASCII (`@ [ ` { / :`),
        /// bytes with the high bit set (`é`), from anywhere.
        #[test]
        fn alnum_run_as_bytes(bytes in proptest::collection::vec(proptest::sample::select(
            b"aAzZ09mM@[`{/: .-\xc3\xa9\x80\xff\xc1\xda\xfa".to_vec()), 0..40), from in 0usize..40) {
            let from = from.min(bytes.len());
            let want = bytes[from..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |k| from + k);
            proptest::prop_assert_eq!(alnum_run(&bytes, from), want, "{:?} from {}", bytes, from);
        }
    }

    proptest::proptest! {
        /// Any line: no panic, every candidate on char boundaries, in order, outside markup
        /// and aliases, never empty.
        #[test]
        fn any_line(words in proptest::collection::vec(proptest::sample::select(vec![
            "Mr.", "Navalny", "Navalny’s", "of", "the", "and", "Department", "’s", "'s", "“", "”", "—", "-", "al-Bashir",
            "U.S.", "SECRETARY", "BLINKEN:", "[Blinken]{antony-blinken}", "#taiwan", "Ching-te", "Łódź", "😀", "é", ".",
            ",", " ", "  ", "By", "Blinken", "in", "Zhina", "\\[", "Secretary", "of State", "F.", "I’m", "x",
        ]), 0..24)) {
            let line: String = words.concat();
            let cands = found(&line);
            let markup = parse_line(&line);
            let mut last_end = 0;
            for c in &cands {
                proptest::prop_assert!(line.is_char_boundary(c.span.start) && line.is_char_boundary(c.span.end));
                proptest::prop_assert!(c.span.start >= last_end && c.span.start < c.span.end, "{:?} in {:?}", c, line);
                proptest::prop_assert!(markup.markup_spans().all(|m| !m.overlaps(c.span)));
                last_end = c.span.end;
            }
        }
    }

    proptest::proptest! {
        /// Plain lower-case words cut on their fast path as on the general one.
        #[test]
        fn fast_words_as_general_ones(words in proptest::collection::vec(proptest::sample::select(vec![
            "said", "of", "x2", "al-Assad", "well-known", "Chinese-controlled", "it's", "it’s", "don't", "e.g.", "etc.",
            "ok.", "i.e", "a", "[", "]", "{", "}", "-", "'", "’", ".", ",", " ", "\u{a0}", "é", "caf", "Blinken", "u.s",
            "x–y", "state", "mid-", "@handle", "www.x.com", "#tag", "9", "", "dr.", "st.", "mr.", "rock'n", "jr",
        ]), 0..30), cover in proptest::collection::vec((0usize..120, 0usize..8), 0..4)) {
            let line: String = words.concat();
            let mut covered: Vec<Span> = cover
                .iter()
                .map(|&(a, n)| (crate::analysis::line_index::floor_char_boundary(&line, a.min(line.len())), n))
                .map(|(a, n)| Span::new(a, crate::analysis::line_index::floor_char_boundary(&line, (a + n).min(line.len()))))
                .collect();
            covered.sort_unstable();
            let (mut fast, mut general) = (Vec::new(), Vec::new());
            words_into_with(&line, &covered, &mut fast, true);
            words_into_with(&line, &covered, &mut general, false);
            let key = |w: &Word| (w.span, w.end, w.possessive, w.shape, w.blocked, w.flags);
            proptest::prop_assert_eq!(fast.iter().map(key).collect::<Vec<_>>(), general.iter().map(key).collect::<Vec<_>>(), "{:?}", line);
        }
    }

    /// The confirmed candidates of `line` as [`confirmed_candidates`] finds them,
    /// and as the whole line's candidates, filtered (what the proptests compare).
    fn confirmed_both_ways(line: &str, cat: &Catalogue) -> (Vec<NameCandidate>, Vec<NameCandidate>) {
        let markup = parse_line(line);
        let aliases = plain_aliases(line, &markup, cat);
        let mut all = line_candidates(line, &markup, &aliases, cat);
        all.retain(|c| c.confirmed);
        (confirmed_candidates(line, &markup, &aliases, cat), all)
    }

    proptest::proptest! {
        /// `covered_at` on the spans from the first not ended by some byte
        /// before `r` (as `may_confirm` hands `lone_after` its spans) answers
        /// as a look at every span does.
        #[test]
        fn covered_at_as_every_span(spans in proptest::collection::vec((0usize..40, 0usize..8), 0..10), before in 0usize..40) {
            let mut covered: Vec<Span> = spans.iter().map(|&(s, l)| Span::new(s, s + l)).collect();
            covered.sort_unstable();
            let k = covered.iter().take_while(|s| s.end <= before).count();
            for r in before + 1..50 {
                let want = covered.iter().any(|s| s.start <= r && r < s.end);
                proptest::prop_assert_eq!(covered_at(&covered[k..], r), want, "{:?} at {}", covered, r);
            }
        }
    }

    proptest::proptest! {
        /// The prefilter never drops a confirmed candidate: `confirmed_candidates`
        /// is `line_candidates` filtered, on lines of sentence starts, stop words,
        /// connectors, titles, punctuation, quotes and markup.
        #[test]
        fn prefilter_keeps_every_confirmed_candidate(words in proptest::collection::vec(proptest::sample::select(vec![
            "Officials", "Navalny", "The", "He", "Mr.", "of", "the", "and", "for", "on", "de", "al-Assad", "said",
            "officials", "Department", "Bank", "’s", "'s", "“", "”", "\"", "‘", "’", "'", "(", ")", "[", "«", "—",
            "-", ".", ",", ";", ":", "!", "?", "…", " ", " ", " ", "  ", "\t", "\u{a0}", "By", "Blinken",
            "[Blinken]{antony-blinken}", "#taiwan", "SECRETARY", "U.S.", "F.", "I’m", "It's", "Édith", "Łódź", "é",
            "x", "in", "Secretary", "State", "Monday", "us", "Dr.", "ok.", "a", "it.", "Ukraine", "9News", "McCain",
            "iPhone", "Zhina", "Ching-te", "By Li", "x2", "Mr", "Xi", "Jinping", "Chinese", "Russians", "We’re",
            "Don’t", "Hungary’s", "O’Neil", "Sino-US", "Jr.", "Gen.", "President", "Zürich", "DNA", "May", "’sx",
            "x-", "-ray", "‑", "Obama’", "de", "van", "Foreign", "Minister", "House", "People", "’t", "students'",
            "people.", "d’Estaing", "al", "Regarding", "Member", "Report", "on", "Ministry", "Byzantine", "By,",
            "[Cathy He]{cathy-he}", "By\u{a0}", "Chinese-controlled", "Washington-based", "-led", "-Led",
        ]), 0..24)) {
            let line: String = words.concat();
            let cat = catalogue(CATALOGUE);
            let (fast, all) = confirmed_both_ways(&line, &cat);
            proptest::prop_assert_eq!(fast, all, "{:?}", line);
        }
    }

    proptest::proptest! {
        /// Sentence by sentence as the whole line: the confirmed candidates of lines with
        /// sentence ends (`said. `, `officials. `) among titles, abbreviations, initials,
        /// quotes, connectors and markup equal the whole line's, filtered.
        #[test]
        fn sentences_alone_as_the_whole_line(words in proptest::collection::vec(proptest::sample::select(vec![
            "said", "officials", "people", "side", "it", "the", "of", "and", "de", "for", "on", "by", "x", "e.g",
            "jr", "gen", "st", "vs", ".", ". ", " ", " ", " ", "  ", ", ", "; ", ": ", "“", "”", "\"", "(", ")", "-",
            "— ", "’s", "'s", "Mr.", "Dr.", "Jr.", "Gen.", "U.S.", "F.", "A.", "The", "He", "Officials", "Navalny",
            "Secretary", "of State", "State", "Department", "Bank", "Minister", "Foreign", "Chinese", "Xi", "Jinping",
            "May", "Theresa", "Monday", "Blinken", "By", "Wang", "Human", "Rights", "Will", "Raise", "Issue",
            "Israelis", "Palestinians", "[Blinken]{antony-blinken}", "[the state department]{state-department}",
            "state department", "#taiwan", "Édith", "é", "\u{a0}", "9", "Windows", "95", "al-Assad", "www.x.com",
            "@handle", "McCain", "NATO", "CEO", "Zhina", "said.", "people.”", "it.", "ok.", "mr.", "said. The",
        ]), 0..60)) {
            let line: String = words.concat();
            // (Lower-case aliases cover words that would otherwise end a sentence.)
            let cat = catalogue(r#"{"entities": [
                {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
                {"id": "state-department", "name": "State Department", "kind": "organization",
                 "aliases": ["state department", "side"]}
            ], "tags": [], "ignore": ["Chinese"]}"#);
            let (fast, all) = confirmed_both_ways(&line, &cat);
            proptest::prop_assert_eq!(fast, all, "{:?}", line);
        }
    }

    proptest::proptest! {
        // (Enough cases that a line whose only lower-case words are small or covered, with a
        // period among them, comes up: dropping either check fails here.)
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// The same on headline-like lines (capitals, small words, covered words, abbreviations
        /// before a period): a line whose only plain lower-case words are small or covered is no
        /// running text, and an abbreviation's period ends no sentence.
        #[test]
        fn sentences_alone_on_headlines(words in proptest::collection::vec(proptest::sample::select(vec![
            "Will", "Raise", "Human", "Rights", "Issue", "Officials", "Navalny", "Blinken", "Secretary", "Xi", "The",
            "side", "of", "the", "and", "vs", "de", "gen", "st", "jr", "said", ". ", ". ", " ", " ", " ", "Mr.", "Gen.",
        ]), 0..30)) {
            let line: String = words.concat();
            let cat = catalogue(r#"{"entities": [
                {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
                {"id": "x", "name": "X", "kind": "organization", "aliases": ["side"]}
            ], "tags": [], "ignore": []}"#);
            let (fast, all) = confirmed_both_ways(&line, &cat);
            proptest::prop_assert_eq!(fast, all, "{:?}", line);
        }
    }

    #[test]
    fn sentence_openers_and_the_lexicon() {
        // A name opening a sentence is found (no common word); a common word is not.
        check(
            "Australia won. Lara scored. Choice steers rose. FIFA said so.\n\
             ^^^^^^^^^      ^^^^                             ^^^^",
        );
        // A month after a given name is a surname; a capital `The` inside a sentence starts a name.
        check(
            "as Theresa May told The Guardian in May\n\
             \u{20}  ^^^^^^^^^^^      ^^^^^^^^^^^^",
        );
    }

    #[test]
    fn acronyms_units_and_codes() {
        check(
            "the PLO and the WTO met ASEAN at 10 GMT, paying US$5 and 20 USD to the CEO.\n\
             \u{20}   ^^^         ^^^     ^^^^^",
        );
    }

    #[test]
    fn connectors_inside_organisations() {
        check(
            "the State Law and Order Restoration Council met the Champions' League and Standard & Poor officials\n\
             \u{20}   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^         ^^^^^^^^^^^^^^^^^     ^^^^^^^^^^^^^^^",
        );
        check(
            "a seat for the People's Party of Canada\n\
             \u{20}              ^^^^^^^^^^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn never_names() {
        check("write to @Reuters or News@Example.org, see https://www.Example.com/Page and www.Site.org\n");
        assert_eq!(found("By Staff Reporter"), []);
        assert_eq!(found("By Our Correspondent").iter().filter(|c| c.confirmed).count(), 0);
    }

    #[test]
    fn headlines_datelines_and_tables() {
        let confirmed = |line: &str| -> Vec<String> {
            found(line).into_iter().filter(|c| c.confirmed).map(|c| c.span.of(line).to_string()).collect()
        };
        assert_eq!(confirmed("SOCCER - ROMANIA BEAT LITHUANIA IN UNDER-21 MATCH."), ["ROMANIA", "LITHUANIA"]);
        assert_eq!(confirmed("BUCHAREST 1996-08-30"), ["BUCHAREST"]);
        assert_eq!(
            confirmed("Romania - Cosmin Contra (31st), Mihai Tararache (75th)"),
            ["Romania", "Cosmin Contra", "Mihai Tararache"]
        );
        assert_eq!(confirmed("Attendance: 200"), Vec::<String>::new());
        // Title-case headline: only the words that are no common words.
        assert_eq!(confirmed("Navalny Will Raise Human Rights Issue During Trip"), ["Navalny"]);
    }

    #[test]
    fn nationalities_are_names_of_their_own() {
        assert_eq!(
            kinds("the Iraqi side and South Africa met Mexican Ariel Cruz and Saudi Arabia")
                .into_iter()
                .map(|(n, _, _)| n)
                .collect::<Vec<_>>(),
            ["Iraqi", "South Africa", "Mexican", "Ariel Cruz", "Saudi Arabia"]
        );
        assert_eq!(
            found("the Roman Catholic Bishop Emeritus Dinualdo Gutierrez said")
                .iter()
                .map(|c| c.span.of("the Roman Catholic Bishop Emeritus Dinualdo Gutierrez said"))
                .collect::<Vec<_>>(),
            ["Roman Catholic", "Dinualdo Gutierrez"]
        );
    }

    #[test]
    fn list_items_labels_and_ranges_of_months() {
        // A list item's or a capital label's first word starts a sentence; a month range is no name.
        check(
            "- Finance ministers met in Zorbia from Jan-June.\n\
             \u{20}                          ^^^^^^",
        );
        check(
            "NOTE - Sales rose at Glorbex.\n\
             \u{20}                    ^^^^^^^",
        );
        check(
            "** Security was tight in Zorbia.\n\
             \u{20}                        ^^^^^^",
        );
    }

    #[test]
    fn codes_letters_numerals_and_suffixes_alone_are_no_names() {
        check(
            "profits for Q1 and M4 at Glorbex, the C$ rate, the second XI and Glorbex Research, Inc. said\n\
             \u{20}                        ^^^^^^^                                 ^^^^^^^^^^^^^^^^",
        );
        // An initial is no article.
        check(
            "the goal by A. Tolvik\n\
             \u{20}           ^^^^^^^^^",
        );
    }

    #[test]
    fn a_name_before_a_title_is_a_name_of_its_own() {
        check(
            "Zorbia President Anna Tolvik met Glorbex Chairman Peter Pernat and Attorney-General Mary Vell.\n\
             ^^^^^^           ^^^^^^^^^^^     ^^^^^^^          ^^^^^^^^^^^^                      ^^^^^^^^^",
        );
        check(
            "said Zorbia Financial Secretary Peter Pernat\n\
             \u{20}    ^^^^^^                     ^^^^^^^^^^^^",
        );
        assert_eq!(kinds("met Glorbex Chairman Peter Pernat")[1], ("Peter Pernat".into(), Kind::Person, true));
        // An office whose holder is not named there: the name before it.
        check(
            "the Glorbex Corp Chairman and the Zorbia Gov. said\n\
             \u{20}   ^^^^^^^^^^^^                  ^^^^^^",
        );
        // A given name after a title or opening a sentence is the name's.
        check(
            "Foreign Minister Rich Tolvik met Ally Pernat and Deputy Minister Don Vell.\n\
             \u{20}                ^^^^^^^^^^^     ^^^^^^^^^^^                     ^^^^^^^^",
        );
        check(
            "Ally Pernat scored. Don't go.\n\
             ^^^^^^^^^^^",
        );
        // A player's position opening the sentence.
        check(
            "Centre Peter Pernat scored.\n\
             \u{20}      ^^^^^^^^^^^^",
        );
        // An organisation's word after the title: no person.
        check(
            "the Zorbia Justice Department said\n\
             \u{20}   ^^^^^^^^^^^^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn nationality_and_party_words_split_off() {
        check(
            "Frenchman Peter Pernat beat Swede Anna Tolvik, a Texas Republican said.\n\
             ^^^^^^^^^ ^^^^^^^^^^^^      ^^^^^ ^^^^^^^^^^^    ^^^^^ ^^^^^^^^^^",
        );
        // A plural after a place: a team.
        check(
            "the Cleveland Indians won\n\
             \u{20}   ^^^^^^^^^^^^^^^^^",
        );
        check(
            "the French Interior Ministry and House Democrats, not Christian Democrats or the Central African Republic\n\
             \u{20}   ^^^^^^ ^^^^^^^^^^^^^^^^^     ^^^^^ ^^^^^^^^^      ^^^^^^^^^^^^^^^^^^^        ^^^^^^^^^^^^^^^^^^^^^^^^",
        );
        check(
            "Controversial Australian Peter Pernat won.\n\
             \u{20}             ^^^^^^^^^^ ^^^^^^^^^^^^",
        );
    }

    #[test]
    fn of_inside_names_but_not_after_a_persons_surname() {
        check(
            "joined the Missionaries of Charity, the Hall of Fame and Tony Hall of Ohio\n\
             \u{20}          ^^^^^^^^^^^^^^^^^^^^^^^      ^^^^^^^^^^^^     ^^^^^^^^^    ^^^^",
        );
    }

    #[test]
    fn numbers_that_complete_a_name() {
        check(
            "sales of Windows 95 fell before Euro 96 in New Haven, and Windows sold\n\
             \u{20}        ^^^^^^^^^^             ^^^^^^^    ^^^^^^^^^      ^^^^^^^",
        );
    }

    #[test]
    fn names_whose_s_is_their_own() {
        check(
            "insurers at Lloyd’s and Moody's Investors Service, not Tolvik's\n\
             \u{20}           ^^^^^^^     ^^^^^^^ ^^^^^^^^^^^^^^^^^      ^^^^^^",
        );
    }

    #[test]
    fn capitalised_numbers_start_names_inside_a_sentence() {
        check(
            "shares of First Glorbex rose as the Five Zorbias met\n\
             \u{20}         ^^^^^^^^^^^^^             ^^^^^^^^^^^^",
        );
        check(
            "First Glorbex rose.\n\
             \u{20}     ^^^^^^^",
        );
    }

    #[test]
    fn common_words_opening_a_sentence() {
        // Common words alone, or a role made of one, open the sentence; a quoted title is a name.
        check("Jailed Socialist leaders spoke.\n");
        check(
            "Unseeded Peter Pernat won. Ex-Glorbex Anna Tolvik lost.\n\
             \u{20}        ^^^^^^^^^^^^                 ^^^^^^^^^^^",
        );
        check(
            "He wrote \"Sleeping Bread\" in 1975.\n\
             \u{20}         ^^^^^^^^^^^^^^",
        );
    }

    #[test]
    fn no_capitals_no_work() {
        assert_eq!(found("all lower case, no names here"), []);
        assert_eq!(found(""), []);
    }
}
