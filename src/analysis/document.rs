//! Analysis of a document: markup, plain-text alias occurrences and
//! diagnostics, line by line.
//!
//! Invariant: the analysis of a line depends on that line's text, the
//! catalogue and the severity configuration only. The server re-analyses just
//! the lines an edit touches; the lint analyses every line; both call
//! [`analyze_line`], so they publish the same diagnostics.

use std::borrow::Cow;

use super::candidates::surname;
use super::catalogue::{Catalogue, Kind, same_str};
use super::catalogue_edit::{CatalogueChange, guess_kind};
use super::conflict;
use super::diagnostics::{Code, Diagnostic, Fix, SeverityConfig, TextEdit};
use super::line_index::LineIndex;
use super::markup::{LineMarkup, MarkupErrorKind, Mention, TagUse, escape_surface, parse_line_into, unescape};
use super::matcher::{AliasMatch, OtherStarts};
use super::names::finder::{NameCandidate, confirmed_candidates_scanned};
use super::names::variants::may_be_alias;
use super::scan::LineScan;
use super::{Span, slugify};

/// How many similar ids an unknown id's message and quick fixes offer.
const SUGGESTIONS: usize = 3;

/// One line's analysis; every span is relative to the line's start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineAnalysis {
    pub markup: LineMarkup,
    /// Alias occurrences in plain text (outside markup).
    pub aliases: Vec<AliasMatch>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The lines of `text` with their start offsets. Lines end at `\n`, `\r\n`
/// or a lone `\r`, as in LSP; the terminator is not part of the line. A text
/// ending in a terminator has an empty last line.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    // One searcher over the whole text (not a `memchr2` call per line: half the
    // lines of an article are the empty ones between paragraphs).
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', bytes);
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        // (The `\n` of a `\r\n` already ended its line.)
        match ends.find(|&end| end >= start) {
            Some(end) => {
                let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') { end + 2 } else { end + 1 };
                let line = (start, &text[start..end]);
                start = next;
                Some(line)
            }
            None => {
                done = true;
                Some((start, &text[start..]))
            }
        }
    })
}

/// Every diagnostic of `text`, with spans relative to the text's start.
/// Lines first, then the conflict blocks' diagnostics (see [`super::conflict`]).
pub fn analyze_document(text: &str, catalogue: &Catalogue, severities: &SeverityConfig) -> Vec<Diagnostic> {
    analyze_document_indexed(text, catalogue, severities).0
}

/// [`analyze_document`], with the text's [`LineIndex`] it cut the lines by
/// (for a report, which then need not cut them again).
pub fn analyze_document_indexed(
    text: &str,
    catalogue: &Catalogue,
    severities: &SeverityConfig,
) -> (Vec<Diagnostic>, LineIndex) {
    let mut scratch = LineScratch::default();
    let mut memo = Known::default();
    let mut out: Vec<Diagnostic> = Vec::new();
    // The aliases not starting with a capital, searched for once in the whole text.
    let mut starts = Vec::new();
    let whole = catalogue.matcher.other_starts(text, &mut starts);
    let mut rest = &starts[..];
    // (The lines of `lines`, cut in one vectorised pass.)
    let spans = super::line_index::line_spans(text);
    for &(start, end) in &spans {
        // An empty line has nothing to find (half an article's lines: those between paragraphs).
        if start == end {
            continue;
        }
        let line = &text[start..end];
        let others = whole.then(|| {
            // (Let go one by one: each start is passed once in the whole text.)
            while rest.first().is_some_and(|&s| s < start) {
                rest = &rest[1..];
            }
            OtherStarts { starts: rest, line_start: start }
        });
        analyze_line_with(line, catalogue, severities, &mut scratch, others, Some(&mut memo));
        if !scratch.analysis.diagnostics.is_empty() {
            out.extend(scratch.analysis.diagnostics.drain(..).map(|d| d.shifted(start)));
        }
    }
    // (No conflict block without a marker line, and every marker line was looked at above.)
    let conflicts = if scratch.marker_seen { conflict::parse(text) } else { conflict::Conflicts::default() };
    if !conflicts.is_empty() {
        out.extend(conflict::block_diagnostics(text, &conflicts, severities));
        out.sort_by_key(|d| d.span.start);
    }
    (out, LineIndex::from_spans(spans))
}

/// The buffers of [`analyze_line_into`], kept from line to line so that a
/// line allocates nothing but its findings.
#[derive(Debug, Default)]
pub struct LineScratch {
    /// The line's marked bytes.
    scan: LineScan,
    /// The line's markup spans, sorted.
    taken: Vec<Span>,
    /// The last line's analysis.
    pub analysis: LineAnalysis,
    /// Some line analysed was a conflict marker line.
    marker_seen: bool,
}

/// A conflict marker line (`<<<<<<< a`, `=======`, …) is not text: no
/// markup, no alias, no diagnostic (the block's are made over the whole text).
pub fn analyze_line(line: &str, catalogue: &Catalogue, severities: &SeverityConfig) -> LineAnalysis {
    thread_local! {
        static SCRATCH: std::cell::RefCell<LineScratch> = std::cell::RefCell::new(LineScratch::default());
    }
    SCRATCH.with_borrow_mut(|scratch| {
        analyze_line_into(line, catalogue, severities, scratch);
        std::mem::take(&mut scratch.analysis)
    })
}

/// [`analyze_line`] into `scratch.analysis`, reusing its buffers.
pub fn analyze_line_into(line: &str, catalogue: &Catalogue, severities: &SeverityConfig, scratch: &mut LineScratch) {
    analyze_line_with(line, catalogue, severities, scratch, None, None);
}

/// The mentions and tags of one document already found to need no
/// diagnostic, for [`analyze_document_indexed`]: most mentions are their
/// entity's own surface and repeat through a file (`[China]{china}`), as tag
/// ids do, so a repeat is told by comparing two strings with an earlier
/// occurrence in the same text, without hashing the id into the catalogue's
/// index and chasing the entity's id, name and aliases. Each slot holds the
/// last pair that fell in it (a cheap hash of a few bytes picks it); a pair
/// not found there takes the general path. Kept per document: a remembered
/// pair stays true only under the catalogue it was checked against.
struct Known<'a> {
    /// `(id, surface)` of mentions whose plain surface is the entity's own
    /// (`KNOWN_BITS` slots: a bench article has about 200 different pairs).
    mentions: Vec<(&'a str, &'a str)>,
    /// Tag ids found in the catalogue (as many slots).
    tags: Vec<&'a str>,
}

/// [`Known`] has `1 << KNOWN_BITS` slots of each kind.
const KNOWN_BITS: u32 = 9;

impl Default for Known<'_> {
    fn default() -> Self {
        // (An empty id is never looked up: the empty strings mark free slots.)
        Known { mentions: vec![("", ""); 1 << KNOWN_BITS], tags: vec![""; 1 << KNOWN_BITS] }
    }
}

impl<'a> Known<'a> {
    /// The slot of a non-empty `id` (and `surface`, empty for a tag): its
    /// length and first two and last bytes, and the surface's, mixed.
    fn slot(id: &str, surface: &str) -> usize {
        let ends = |b: &[u8]| match *b {
            [x, .., z] => b.len() as u64 | u64::from(x) << 8 | u64::from(b[1]) << 16 | u64::from(z) << 24,
            [x] => 1 | u64::from(x) << 8,
            [] => 0,
        };
        let key = ends(id.as_bytes()) | ends(surface.as_bytes()) << 32;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - KNOWN_BITS)) as usize
    }

    fn has_mention(&self, id: &str, surface: &str) -> bool {
        let (i, s) = self.mentions[Self::slot(id, surface)];
        !id.is_empty() && same_str(i, id) && same_str(s, surface)
    }

    fn add_mention(&mut self, id: &'a str, surface: &'a str) {
        if !id.is_empty() {
            self.mentions[Self::slot(id, surface)] = (id, surface);
        }
    }

    fn has_tag(&self, id: &str) -> bool {
        !id.is_empty() && same_str(self.tags[Self::slot(id, "")], id)
    }

    fn add_tag(&mut self, id: &'a str) {
        if !id.is_empty() {
            self.tags[Self::slot(id, "")] = id;
        }
    }
}

/// [`analyze_line_into`]; `others`: the starts of the aliases that do not
/// start with a capital, found in the whole document (the same analysis).
/// `known`: the document's mentions and tags already checked (`line` is
/// part of the same text).
fn analyze_line_with<'a>(
    line: &'a str,
    catalogue: &Catalogue,
    severities: &SeverityConfig,
    scratch: &mut LineScratch,
    others: Option<OtherStarts<'_>>,
    mut known: Option<&mut Known<'a>>,
) {
    let LineScratch { scan, taken, analysis, marker_seen } = scratch;
    let LineAnalysis { markup, aliases, diagnostics: out } = analysis;
    out.clear();
    if conflict::marker(line).is_some() {
        *marker_seen = true;
        markup.clear();
        aliases.clear();
        return;
    }
    // One pass over the bytes marks what the parser, the alias search and the name finder stop at.
    scan.scan(line.as_bytes());
    parse_line_into(line, scan, markup);
    taken.clear();
    // (`markup_spans`, list by list: a chain of four iterators folds slowly.)
    taken.extend(markup.mentions.iter().map(|m| m.span));
    taken.extend(markup.tags.iter().map(|t| t.span));
    taken.extend(markup.errors.iter().map(|e| e.span));
    taken.extend(markup.escapes.iter().copied());
    taken.sort_unstable();
    aliases.clear();
    if !catalogue.matcher.is_empty() {
        catalogue.matcher.find_in_gaps_scanned(line, scan, others, gaps(line, taken), aliases);
    }
    let markup = &*markup;
    let mut emit = |code: Code, span: Span, message: String, fixes: Vec<Fix>| {
        if let Some(severity) = severities.severity(code) {
            out.push(Diagnostic { code, severity, span, message, fixes });
        }
    };
    for error in &markup.errors {
        let fixes = malformed_fixes(line, error.kind, error.span, error.detail, catalogue);
        emit(Code::MalformedMarkup, error.span, error.kind.message(error.detail.of(line)), fixes);
    }
    for mention in &markup.mentions {
        check_mention(line, scan, mention, catalogue, &mut emit, known.as_deref_mut());
    }
    for tag in &markup.tags {
        check_tag(line, tag, catalogue, &mut emit, known.as_deref_mut());
    }
    for m in aliases.iter() {
        let surface = m.span.of(line);
        let owners = catalogue.matcher.entities(m.alias);
        let fixes: Vec<Fix> = owners
            .iter()
            .map(|&e| {
                let edit = annotation_edit(line, markup, m.span, &catalogue.entities[e as usize].id);
                Fix::edits(format!("Annotate as `[{surface}]{{{}}}`", catalogue.entities[e as usize].id), vec![edit])
            })
            .collect();
        let message = match owners {
            [one] => {
                let e = &catalogue.entities[*one as usize];
                format!("`{surface}` mentions `{}` ({}) but is not annotated", e.id, e.name)
            }
            many => {
                let ids: Vec<String> =
                    many.iter().map(|&e| format!("`{}`", catalogue.entities[e as usize].id)).collect();
                format!("`{surface}` may mention {} but is not annotated", ids.join(" or "))
            }
        };
        emit(Code::UnannotatedMention, m.span, message, fixes);
    }
    if severities.severity(Code::UncataloguedName).is_some() {
        for candidate in confirmed_candidates_scanned(line, scan, taken, aliases, catalogue) {
            let (message, fixes) = uncatalogued(line, markup, &candidate, catalogue);
            emit(Code::UncataloguedName, candidate.span, message, fixes);
        }
    }
    out.sort_by_key(|d| (d.span.start, d.code));
}

/// The message and fixes of an `uncatalogued-name` diagnostic: add the name
/// to the catalogue as a new entity (its id the name's slug, made unique) and
/// annotate it; or add it to the catalogue's `ignore` list.
fn uncatalogued(line: &str, markup: &LineMarkup, c: &NameCandidate, catalogue: &Catalogue) -> (String, Vec<Fix>) {
    let name = c.span.of(line);
    let kind = super::names::kinds::of_found_name(line, c.span, c.kind, c.titled);
    let guess = if kind == Kind::Other { "kind: other" } else { kind_phrase(kind) };
    let message = format!("`{name}` is not in the catalogue ({guess}?)");
    let mut fixes = Vec::new();
    if let Some(id) = new_entity_id(name, catalogue) {
        let aliases = match kind {
            // (Not a surname that is a place or a month: `Theresa May` gets no `May`.)
            Kind::Person => surname(name).filter(|s| may_be_alias(s)).map(str::to_string).into_iter().collect(),
            _ => Vec::new(),
        };
        let edit = annotation_edit(line, markup, c.span, &id);
        fixes.push(Fix {
            title: format!("Add `{name}` to corpus.json as {} and annotate it", kind_phrase(kind)),
            edits: vec![edit],
            catalogue: vec![CatalogueChange::AddEntity { id, name: name.to_string(), kind, aliases }],
        });
    }
    fixes.push(Fix {
        title: format!("Ignore `{name}`: not a name"),
        edits: Vec::new(),
        catalogue: vec![CatalogueChange::Ignore { phrase: name.to_string() }],
    });
    (message, fixes)
}

/// `a person`, `an organization`, `other` (in a fix title).
pub fn kind_phrase(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "a person",
        Kind::Place => "a place",
        Kind::Organization => "an organization",
        Kind::Event => "an event",
        Kind::Document => "a document",
        Kind::Other => "other",
    }
}

/// The id a new entity named `name` gets: its slug, with `-2`, `-3`, … when
/// the catalogue has it already; none when the name has no ASCII letter or digit.
pub fn new_entity_id(name: &str, catalogue: &Catalogue) -> Option<String> {
    let slug = slugify(name);
    if slug.is_empty() {
        return None;
    }
    if catalogue.entity(&slug).is_none() {
        return Some(slug);
    }
    (2..).map(|n| format!("{slug}-{n}")).find(|id| catalogue.entity(id).is_none())
}

/// Alias occurrences in `line` that do not overlap markup.
pub(crate) fn plain_aliases(line: &str, markup: &LineMarkup, catalogue: &Catalogue) -> Vec<AliasMatch> {
    if catalogue.matcher.is_empty() {
        return Vec::new();
    }
    thread_local! {
        /// The markup spans of a line, sorted: a buffer reused line after line.
        static TAKEN: std::cell::RefCell<Vec<Span>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut out = Vec::new();
    TAKEN.with_borrow_mut(|taken| {
        taken.clear();
        taken.extend(markup.markup_spans());
        taken.sort_unstable();
        catalogue.matcher.find_in_gaps(line, gaps(line, taken), &mut out);
    });
    out
}

/// The plain text between `taken` (markup spans, sorted) in `line`: only
/// there are aliases searched (a mention's surface is not a plain occurrence).
fn gaps<'a>(line: &str, taken: &'a [Span]) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let mut from = 0;
    let line_end = Span::new(line.len(), line.len());
    taken.iter().copied().chain(std::iter::once(line_end)).filter_map(move |span| {
        let gap = (span.start > from).then_some(from..span.start);
        from = from.max(span.end);
        gap
    })
}

/// The edit that annotates plain text `span` of `line` as a mention of `id`.
/// A literal `\` right before the span would escape the new `[`, so it is
/// written `\\` (which still reads back as one `\`).
pub fn annotation_edit(line: &str, markup: &LineMarkup, span: Span, id: &str) -> TextEdit {
    let surface = escape_surface(span.of(line));
    let literal_backslash = span.start > 0
        && line.as_bytes()[span.start - 1] == b'\\'
        && !markup.escapes.iter().any(|e| e.contains(span.start - 1));
    if literal_backslash {
        TextEdit { span: Span::new(span.start - 1, span.end), new_text: format!("\\\\[{surface}]{{{id}}}") }
    } else {
        TextEdit { span, new_text: format!("[{surface}]{{{id}}}") }
    }
}

/// A mention's surface as it would be compared with aliases: unescaped,
/// trimmed, without a possessive `’s` / `'s`.
pub fn normalized_surface(surface: &str) -> Cow<'_, str> {
    fn normal(s: &str) -> &str {
        let s = s.trim();
        s.strip_suffix("’s").or_else(|| s.strip_suffix("'s")).unwrap_or(s)
    }
    match unescape(surface) {
        Cow::Borrowed(s) => Cow::Borrowed(normal(s)),
        Cow::Owned(s) => Cow::Owned(normal(&s).to_string()),
    }
}

fn check_mention<'a>(
    line: &'a str,
    scan: &LineScan,
    mention: &Mention,
    catalogue: &Catalogue,
    emit: &mut impl FnMut(Code, Span, String, Vec<Fix>),
    known: Option<&mut Known<'a>>,
) {
    check_mention_with(line, scan, mention, catalogue, emit, true, known);
}

/// [`check_mention`]; `fast`: a surface that is one of its entity's own
/// (most mentions) is told right from that entity's few surfaces, without
/// looking it up among every entity's. (Its owners hold the entity then,
/// whether or not it ends in `’s`: no diagnostic; property-tested against
/// the general path.) `known`: a plain surface found to be its entity's own
/// is remembered there, and a repeat of it is told from there.
fn check_mention_with<'a>(
    line: &'a str,
    scan: &LineScan,
    mention: &Mention,
    catalogue: &Catalogue,
    emit: &mut impl FnMut(Code, Span, String, Vec<Fix>),
    fast: bool,
    known: Option<&mut Known<'a>>,
) {
    let id = mention.id.of(line);
    // Compared with the aliases without a possessive `’s`, unless the whole
    // surface is an alias: a name that ends in `'s` (`McDonald's`) is no possessive.
    // (No marked byte in the surface: no `\`, nothing to unescape.)
    let plain = scan.next_markup(mention.surface.start).is_none_or(|k| k >= mention.surface.end);
    let raw = mention.surface.of(line);
    // (Whether a plain surface is its entity's own depends on the id and the surface only.)
    let known = known.filter(|_| plain && fast);
    if known.as_ref().is_some_and(|k| k.has_mention(id, raw)) {
        return;
    }
    let unescaped = if plain { Cow::Borrowed(raw) } else { unescape(raw) };
    let whole = trim(&unescaped);
    let index = catalogue.entity_index(id);
    let own = |e: &super::catalogue::Entity| same_str(&e.name, whole) || e.aliases.iter().any(|a| same_str(a, whole));
    if fast && index.is_some_and(|i| own(&catalogue.entities[i])) {
        if let Some(known) = known {
            known.add_mention(id, raw);
        }
        return;
    }
    let (surface, owners): (&str, &[usize]) = match whole.strip_suffix("’s").or_else(|| whole.strip_suffix("'s")) {
        Some(stripped) if catalogue.owners(whole).is_empty() => (stripped, catalogue.owners(stripped)),
        _ => (whole, catalogue.owners(whole)),
    };
    let Some(index) = index else {
        // Best guesses: the entities this surface is an alias of, then similar ids.
        let mut ids: Vec<&str> = owners.iter().map(|&e| catalogue.entities[e].id.as_str()).collect();
        for similar in catalogue.closest_entity_ids(id, SUGGESTIONS) {
            if !ids.contains(&similar) {
                ids.push(similar);
            }
        }
        ids.truncate(SUGGESTIONS);
        let message = format!("unknown entity `{id}`{}", did_you_mean(&ids, ""));
        let mut fixes: Vec<Fix> = ids
            .iter()
            .map(|&s| {
                let name = &catalogue.entity(s).expect("suggested ids exist").name;
                Fix::replace(format!("Change to `{s}` ({name})"), mention.id, s)
            })
            .collect();
        // A surface another entity already owns names that entity, not a new one.
        if owners.is_empty() && !surface.is_empty() {
            fixes.push(create_entity_fix(id, surface));
        }
        emit(Code::UnknownEntity, mention.id, message, fixes);
        return;
    };
    if owners.contains(&index) {
        return;
    }
    let entity = &catalogue.entities[index];
    if let Some(&other) = owners.first() {
        let others: Vec<&str> = owners.iter().map(|&e| catalogue.entities[e].id.as_str()).collect();
        let message = format!(
            "`{surface}` is an alias of {}, not of `{id}` ({})",
            others.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(" and "),
            entity.name
        );
        let other = &catalogue.entities[other];
        let fix = Fix::replace(format!("Change to `{}` ({})", other.id, other.name), mention.id, other.id.clone());
        emit(Code::AliasMismatch, mention.surface, message, vec![fix]);
    } else {
        let message = format!("`{surface}` is not an alias of `{id}` ({})", entity.name);
        let fix = Fix {
            title: format!("Add `{surface}` as an alias of `{id}`"),
            edits: Vec::new(),
            catalogue: vec![CatalogueChange::AddAlias { entity: id.to_string(), alias: surface.to_string() }],
        };
        let fixes = if surface.is_empty() { Vec::new() } else { vec![fix] };
        emit(Code::AliasMismatch, mention.surface, message, fixes);
    }
}

/// `s.trim()`, without decoding a character when both ends are ASCII and no space.
fn trim(s: &str) -> &str {
    let space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ') || *b >= 0x80;
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if !space(a) && !space(z) => s,
        _ => s.trim(),
    }
}

fn check_tag<'a>(
    line: &'a str,
    tag: &TagUse,
    catalogue: &Catalogue,
    emit: &mut impl FnMut(Code, Span, String, Vec<Fix>),
    known: Option<&mut Known<'a>>,
) {
    let id = tag.id.of(line);
    match known {
        Some(known) if known.has_tag(id) => return,
        Some(known) if catalogue.tag(id).is_some() => {
            known.add_tag(id);
            return;
        }
        _ if catalogue.tag(id).is_some() => return,
        _ => {}
    }
    let ids = catalogue.closest_tag_ids(id, SUGGESTIONS);
    let message = format!("unknown tag `#{id}`{}", did_you_mean(&ids, "#"));
    let mut fixes: Vec<Fix> = ids.iter().map(|&s| Fix::replace(format!("Change to `#{s}`"), tag.id, s)).collect();
    fixes.push(Fix {
        title: format!("Create tag `#{id}` in corpus.json"),
        edits: Vec::new(),
        catalogue: vec![CatalogueChange::AddTag { id: id.to_string(), label: label_from_id(id) }],
    });
    emit(Code::UnknownTag, tag.span, message, fixes);
}

/// "Create entity `eu` in corpus.json": named after the surface, of the
/// kind its words suggest ([`guess_kind`]).
fn create_entity_fix(id: &str, surface: &str) -> Fix {
    let kind = guess_kind(surface);
    Fix {
        title: format!("Create entity `{id}` in corpus.json ({kind} `{surface}`)"),
        edits: Vec::new(),
        catalogue: vec![CatalogueChange::AddEntity {
            id: id.to_string(),
            name: surface.to_string(),
            kind,
            aliases: Vec::new(),
        }],
    }
}

/// A tag's label from its id: `red-lines` → `Red lines`.
fn label_from_id(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn did_you_mean(ids: &[&str], prefix: &str) -> String {
    match ids {
        [] => String::new(),
        [one] => format!("; did you mean `{prefix}{one}`?"),
        many => {
            let list: Vec<String> = many.iter().map(|s| format!("`{prefix}{s}`")).collect();
            format!("; did you mean {}?", list.join(", "))
        }
    }
}

fn malformed_fixes(line: &str, kind: MarkupErrorKind, span: Span, detail: Span, catalogue: &Catalogue) -> Vec<Fix> {
    match kind {
        MarkupErrorKind::IdNotSlug | MarkupErrorKind::TagNotSlug => {
            let slug = slugify(detail.of(line));
            if slug.is_empty() {
                return Vec::new();
            }
            let known = match kind {
                MarkupErrorKind::IdNotSlug => catalogue.entity(&slug).is_some(),
                _ => catalogue.tag(&slug).is_some(),
            };
            let prefix = if kind == MarkupErrorKind::TagNotSlug { "#" } else { "" };
            let title = format!("Change to `{prefix}{slug}`{}", if known { "" } else { " (not in the catalogue)" });
            let at = if kind == MarkupErrorKind::TagNotSlug { Span::new(detail.start, detail.end) } else { detail };
            vec![Fix::replace(title, at, slug)]
        }
        MarkupErrorKind::UnclosedBrace => {
            // `[x]{id` → `[x]{id}` when what was typed is a known id.
            let id = &line[detail.start + 1..detail.end];
            if catalogue.entity(id).is_some() {
                vec![Fix::replace(format!("Close the mention: `{{{id}}}`"), Span::new(span.end, span.end), "}")]
            } else {
                Vec::new()
            }
        }
        MarkupErrorKind::EmptyId => {
            // `[Wang Yi]{}` → the entities that own the surface.
            let surface = normalized_surface(&line[span.start + 1..detail.start - 1]);
            catalogue
                .owners(&surface)
                .iter()
                .map(|&e| {
                    let id = &catalogue.entities[e].id;
                    Fix::replace(format!("Fill in `{id}`"), Span::new(detail.start + 1, detail.start + 1), id.clone())
                })
                .collect()
        }
        MarkupErrorKind::EmptySurface | MarkupErrorKind::NestedMention => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::catalogue::Catalogue;

    pub(crate) fn test_catalogue() -> Catalogue {
        let loaded = Catalogue::parse(
            r#"{
  "entities": [
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken", "Mr. Blinken"] },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["the minister"] },
    { "id": "xi-jinping", "name": "Xi Jinping", "kind": "person", "aliases": ["Xi"] },
    { "id": "xinjiang", "name": "Xinjiang", "kind": "place" },
    { "id": "united-states", "name": "United States", "kind": "place", "aliases": ["U.S."] }
  ],
  "tags": [ { "id": "taiwan", "label": "Taiwan" }, { "id": "red-lines", "label": "Red lines" } ]
}"#,
        );
        assert_eq!(loaded.problems, []);
        loaded.catalogue.unwrap()
    }

    #[test]
    fn a_name_ending_in_s_is_no_possessive() {
        let loaded = Catalogue::parse(
            r#"{"entities": [{"id": "mcdonalds", "name": "McDonald's", "kind": "organization"},
                {"id": "blinken", "name": "Blinken", "kind": "person"}], "tags": []}"#,
        );
        let cat = loaded.catalogue.unwrap();
        for line in
            ["[McDonald's]{mcdonalds} opened.", "[Blinken's]{blinken} trip", "McDonald's opened and Blinken's trip"]
        {
            let found = analyze_line(line, &cat, &SeverityConfig::default()).diagnostics;
            assert!(
                found.iter().all(|d| !matches!(d.code, Code::AliasMismatch | Code::UncataloguedName)),
                "{line}: {found:?}"
            );
        }
        // A possessive of another entity's alias is still told.
        let found = analyze_line("[Blinken's]{mcdonalds}", &cat, &SeverityConfig::default()).diagnostics;
        assert_eq!(found.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::AliasMismatch]);
    }

    fn codes(line: &str) -> Vec<(Code, String)> {
        let cat = test_catalogue();
        analyze_line(line, &cat, &SeverityConfig::default())
            .diagnostics
            .into_iter()
            .map(|d| (d.code, d.span.of(line).to_string()))
            .collect()
    }

    #[test]
    fn lines_split_like_lsp() {
        let got: Vec<(usize, &str)> = lines("a\nb\r\nc\rd\n").collect();
        assert_eq!(got, [(0, "a"), (2, "b"), (5, "c"), (7, "d"), (9, "")]);
        assert_eq!(lines("").collect::<Vec<_>>(), [(0, "")]);
    }

    /// Entities whose surfaces end in `'s` or look like markup (`Blinken's`,
    /// `McDonald's`, `[Xi]`), and `tags` (a JSON array): the mention checks'
    /// property tests' catalogue.
    fn possessive_catalogue(tags: &str) -> Catalogue {
        let text = format!(
            r#"{{"entities": [
                {{"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken", "Mr. Blinken"]}},
                {{"id": "blinkens", "name": "Blinken's", "kind": "organization"}},
                {{"id": "mcdonalds", "name": "McDonald's", "kind": "organization"}},
                {{"id": "mcdonald", "name": "McDonald", "kind": "person", "aliases": ["McDonald's's"]}},
                {{"id": "xi-jinping", "name": "Xi Jinping", "kind": "person", "aliases": ["Xi", "U.S.'s"]}},
                {{"id": "xi", "name": "Xi", "kind": "other", "aliases": ["a#b", "[Xi]"]}}
            ], "tags": {tags}}}"#
        );
        Catalogue::parse(&text).catalogue.expect("a catalogue without errors")
    }

    proptest::proptest! {
        /// A mention is checked the same with and without the fast path of
        /// a surface that is its entity's own: names ending in `'s`, a
        /// possessive of another entity's name, shared aliases, escapes,
        /// spaces, unknown ids.
        #[test]
        fn mention_checks_fast_as_general(
            surface in proptest::sample::select(vec![
                "Blinken", "Blinken's", "Blinken’s", " Blinken ", "Blinken ’s", "McDonald's", "McDonald", "McDonald's's",
                "Xi", "Xi's", "Xi’s", "U.S.", "U.S.'s", r"\[Xi\]", r"a\#b", "Wang Yi", " ", "Mr. Blinken", "Antony Blinken",
            ]),
            id in proptest::sample::select(vec!["antony-blinken", "blinkens", "mcdonalds", "mcdonald", "xi-jinping", "xi", "nobody", "a-b"]),
        ) {
            let cat = possessive_catalogue("[]");
            let line = format!("x [{surface}]{{{id}}} y");
            let scan = LineScan::of(line.as_bytes());
            let markup = crate::analysis::markup::parse_line(&line);
            for mention in &markup.mentions {
                let mut fast = Vec::new();
                let mut general = Vec::new();
                check_mention_with(&line, &scan, mention, &cat, &mut |c, s, m, f| fast.push((c, s, m, f)), true, None);
                check_mention_with(&line, &scan, mention, &cat, &mut |c, s, m, f| general.push((c, s, m, f)), false, None);
                proptest::prop_assert_eq!(fast, general, "{}", line);
            }
        }

        /// A document's mentions and tags, checked with the pairs it already
        /// found to need nothing ([`Known`]), as each line alone (without):
        /// repeats, the same id with other surfaces and the same surface
        /// with other ids, escapes, spaces, unknown ids and tags.
        #[test]
        fn document_known_as_its_lines(
            mentions in proptest::collection::vec((
                proptest::sample::select(vec![
                    "Blinken", "Blinken's", " Blinken ", "McDonald's", "McDonald", "Xi", "Xi's", "U.S.", r"\[Xi\]",
                    "Wang Yi", "Mr. Blinken", "Antony Blinken", "",
                ]),
                proptest::sample::select(vec!["antony-blinken", "blinkens", "mcdonalds", "mcdonald", "xi-jinping", "xi", "nobody"]),
                proptest::sample::select(vec![" ", "\n", " #taiwan ", " #red-lines\n", " #nope ", " #taiwa "]),
            ), 0..40),
        ) {
            let catalogue = possessive_catalogue(
                r#"[{"id": "taiwan", "label": "Taiwan"}, {"id": "red-lines", "label": "Red lines"}]"#,
            );
            let text: String = mentions.iter().map(|(surface, id, after)| format!("[{surface}]{{{id}}}{after}")).collect();
            let severities = SeverityConfig::default();
            let mut want = Vec::new();
            for (start, line) in lines(&text) {
                want.extend(analyze_line(line, &catalogue, &severities).diagnostics.into_iter().map(|d| d.shifted(start)));
            }
            proptest::prop_assert_eq!(analyze_document(&text, &catalogue, &severities), want, "{:?}", text);
        }

        /// A document's diagnostics are its lines' (each analysed alone, as the
        /// server does), shifted, in order: with the aliases not starting with a
        /// capital found once in the whole text, and its empty lines skipped.
        #[test]
        fn document_as_its_lines(parts in proptest::collection::vec(proptest::sample::select(vec![
            "the United States", "the state department", "state department", "the ", "United States", "Blinken",
            "[Blinken]{antony-blinken}", "[x]{nobody}", "#taiwan", "#nope", "Officials", "Navalny", "said", ". ",
            " ", "\n", "\n\n", "\r\n", "\r", "X", "é", "2023 Human Rights Report", "2023 Country Reports on Human Rights Practices",
            "<<<<<<< a", "=======", ">>>>>>> b",
        ]), 0..30)) {
            let text: String = parts.concat();
            let catalogue = crate::analysis::catalogue::builtin();
            let severities = SeverityConfig::default();
            let mut want = Vec::new();
            for (start, line) in lines(&text) {
                want.extend(analyze_line(line, &catalogue, &severities).diagnostics.into_iter().map(|d| d.shifted(start)));
            }
            let conflicts = conflict::parse(&text);
            if !conflicts.is_empty() {
                want.extend(conflict::block_diagnostics(&text, &conflicts, &severities));
                want.sort_by_key(|d| d.span.start);
            }
            proptest::prop_assert_eq!(analyze_document(&text, &catalogue, &severities), want, "{:?}", text);
        }

        /// The same lines as a byte-by-byte split.
        #[test]
        fn lines_as_a_plain_split(parts in proptest::collection::vec(proptest::sample::select(vec!["a", "é", "\n", "\r", "\r\n", ""]), 0..40)) {
            let text: String = parts.concat();
            let mut expected = Vec::new();
            let (bytes, mut start, mut i) = (text.as_bytes(), 0, 0);
            while i < bytes.len() {
                if matches!(bytes[i], b'\n' | b'\r') {
                    expected.push((start, &text[start..i]));
                    i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                    start = i;
                } else {
                    i += 1;
                }
            }
            expected.push((start, &text[start..]));
            proptest::prop_assert_eq!(lines(&text).collect::<Vec<_>>(), expected);
            // The index the analysis hands a report is the text's own.
            let catalogue = crate::analysis::catalogue::builtin();
            let (_, index) = analyze_document_indexed(&text, &catalogue, &SeverityConfig::default());
            proptest::prop_assert_eq!(index, LineIndex::new(&text));
        }
    }

    #[test]
    fn clean_line() {
        assert_eq!(codes("[Mr. Blinken]{antony-blinken} met [Wang Yi]{wang-yi}’s aide. #taiwan"), []);
        assert_eq!(codes("[Blinken’s]{antony-blinken} visit"), []);
    }

    #[test]
    fn each_code() {
        use Code::*;
        assert_eq!(codes("[Wang Yi]{wang-yii}"), [(UnknownEntity, "wang-yii".into())]);
        assert_eq!(codes("#taiwn"), [(UnknownTag, "#taiwn".into())]);
        assert_eq!(codes("[Wang Yi]{wang-yi"), [(MalformedMarkup, "[Wang Yi]{wang-yi".into())]);
        assert_eq!(codes("[Xi]{wang-yi}"), [(AliasMismatch, "Xi".into())]);
        assert_eq!(codes("[Bliken]{antony-blinken}"), [(AliasMismatch, "Bliken".into())]);
        assert_eq!(
            codes("Blinken met Xi in Xinjiang, U.S."),
            [
                (UnannotatedMention, "Blinken".into()),
                (UnannotatedMention, "Xi".into()),
                (UnannotatedMention, "Xinjiang".into()),
                (UnannotatedMention, "U.S.".into())
            ]
        );
    }

    #[test]
    fn fixes_and_messages() {
        let cat = test_catalogue();
        let line = "[Wang Yi]{wang-yii} and Blinken";
        let a = analyze_line(line, &cat, &SeverityConfig::default());
        let unknown = &a.diagnostics[0];
        assert_eq!(unknown.message, "unknown entity `wang-yii`; did you mean `wang-yi`?");
        assert_eq!(unknown.fixes[0].edits[0].new_text, "wang-yi");
        let plain = &a.diagnostics[1];
        assert_eq!(plain.fixes[0].edits[0].new_text, "[Blinken]{antony-blinken}");
        let line = "[Xi]{wang-yi}";
        let a = analyze_line(line, &cat, &SeverityConfig::default());
        assert_eq!(a.diagnostics[0].message, "`Xi` is an alias of `xi-jinping`, not of `wang-yi` (Wang Yi)");
        assert_eq!(a.diagnostics[0].fixes[0].edits[0].new_text, "xi-jinping");
    }

    #[test]
    fn fixes_that_grow_the_catalogue() {
        let cat = test_catalogue();
        let sev = SeverityConfig::default();
        let fixes = |line: &str| -> Vec<(String, Vec<CatalogueChange>)> {
            let a = analyze_line(line, &cat, &sev);
            assert_eq!(a.diagnostics.len(), 1, "{:?}", a.diagnostics);
            a.diagnostics[0].fixes.iter().map(|f| (f.title.clone(), f.catalogue.clone())).collect()
        };
        // No id is close to `eu`: no "did you mean", only "create".
        let a = analyze_line("[European]{eu} leaders", &cat, &sev);
        assert_eq!(a.diagnostics[0].message, "unknown entity `eu`");
        assert_eq!(
            fixes("[European]{eu} leaders"),
            [(
                "Create entity `eu` in corpus.json (other `European`)".to_string(),
                vec![CatalogueChange::AddEntity {
                    id: "eu".into(),
                    name: "European".into(),
                    kind: crate::analysis::Kind::Other,
                    aliases: vec![]
                }]
            )]
        );
        // A typo gets both, the closest id first; the possessive is not part of the name.
        let got = fixes("[Minister Wang’s]{wang-yii} visit");
        assert_eq!(got[0].0, "Change to `wang-yi` (Wang Yi)");
        assert_eq!(got[1].0, "Create entity `wang-yii` in corpus.json (person `Minister Wang`)");
        // A surface another entity owns: change to it, no new entity.
        assert_eq!(
            fixes("[Xi]{xi}").iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
            ["Change to `xi-jinping` (Xi Jinping)"]
        );
        assert_eq!(
            fixes("#climate-change"),
            [(
                "Create tag `#climate-change` in corpus.json".to_string(),
                vec![CatalogueChange::AddTag { id: "climate-change".into(), label: "Climate change".into() }]
            )]
        );
        assert_eq!(fixes("#taiwn")[0].0, "Change to `#taiwan`");
        assert_eq!(
            fixes("[Mr. Bliken]{antony-blinken}"),
            [(
                "Add `Mr. Bliken` as an alias of `antony-blinken`".to_string(),
                vec![CatalogueChange::AddAlias { entity: "antony-blinken".into(), alias: "Mr. Bliken".into() }]
            )]
        );
        assert_eq!(label_from_id("x"), "X");
    }

    #[test]
    fn severities_apply() {
        let cat = test_catalogue();
        let mut sev = SeverityConfig::default();
        sev.set(Code::UnannotatedMention, crate::analysis::Level::Off);
        let a = analyze_line("Blinken", &cat, &sev);
        assert!(a.diagnostics.is_empty());
        assert_eq!(a.aliases.len(), 1, "alias occurrences are still found for hover and references");
    }

    #[test]
    fn uncatalogued_names() {
        use crate::analysis::catalogue_edit::CatalogueChange;
        let cat = test_catalogue();
        let line = "Mr. Blinken met Aleksey Navalny’s lawyer at the Press Briefing in Tehran.";
        let a = analyze_line(line, &cat, &SeverityConfig::default());
        let found: Vec<(&str, &str)> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UncataloguedName)
            .map(|d| (d.span.of(line), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("Aleksey Navalny", "`Aleksey Navalny` is not in the catalogue (a person?)"),
                ("Press Briefing", "`Press Briefing` is not in the catalogue (an organization?)"),
                ("Tehran", "`Tehran` is not in the catalogue (a place?)"),
            ]
        );
        let navalny = a.diagnostics.iter().find(|d| d.span.of(line) == "Aleksey Navalny").unwrap();
        assert_eq!(navalny.fixes.len(), 2);
        let add = &navalny.fixes[0];
        assert_eq!(add.title, "Add `Aleksey Navalny` to corpus.json as a person and annotate it");
        // The guess is machine-readable (lint JSON `"kind"`, LSP `data`).
        assert_eq!(navalny.name_kind(), Some(Some(Kind::Person)));
        assert_eq!(add.edits[0].new_text, "[Aleksey Navalny]{aleksey-navalny}");
        assert_eq!(add.edits[0].span.of(line), "Aleksey Navalny");
        assert_eq!(
            add.catalogue,
            [CatalogueChange::AddEntity {
                id: "aleksey-navalny".into(),
                name: "Aleksey Navalny".into(),
                kind: Kind::Person,
                aliases: vec!["Navalny".into()]
            }]
        );
        let ignore = &navalny.fixes[1];
        assert_eq!(ignore.title, "Ignore `Aleksey Navalny`: not a name");
        assert!(ignore.edits.is_empty());
        assert_eq!(ignore.catalogue, [CatalogueChange::Ignore { phrase: "Aleksey Navalny".into() }]);

        // A title makes a person, whose surname becomes an alias.
        let line = "Foreign Minister Annalena Baerbock said";
        let a = analyze_line(line, &cat, &SeverityConfig::default());
        assert_eq!(a.diagnostics[0].message, "`Annalena Baerbock` is not in the catalogue (a person?)");
        assert_eq!(
            a.diagnostics[0].fixes[0].title,
            "Add `Annalena Baerbock` to corpus.json as a person and annotate it"
        );
        assert!(matches!(&a.diagnostics[0].fixes[0].catalogue[0],
            CatalogueChange::AddEntity { kind: Kind::Person, aliases, .. } if aliases == &["Baerbock"]));

        // Sorted with the others by position; off like any code; a headline line yields only
        // its words that are no common words (`Navalny`, not `Prison`, `Arctic` or `Russian`).
        let line = "Blinken met Aleksey Navalny";
        let a = analyze_line(line, &cat, &SeverityConfig::default());
        let codes: Vec<Code> = a.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnannotatedMention, Code::UncataloguedName]);
        let mut off = SeverityConfig::default();
        off.set(Code::UncataloguedName, crate::analysis::Level::Off);
        assert_eq!(analyze_line(line, &cat, &off).diagnostics.len(), 1);
        assert_eq!(codes_of("Navalny Dies in Arctic Prison, Russian Prison Service Says"), [Code::UncataloguedName]);
    }

    #[test]
    fn new_ids_are_unique() {
        let cat = test_catalogue();
        assert_eq!(new_entity_id("Wang Yi", &cat).as_deref(), Some("wang-yi-2"));
        assert_eq!(new_entity_id("Mahsa “Zhina” Amini", &cat).as_deref(), Some("mahsa-zhina-amini"));
        assert_eq!(new_entity_id("Пушкин", &cat), None);
    }

    fn codes_of(line: &str) -> Vec<Code> {
        analyze_line(line, &test_catalogue(), &SeverityConfig::default()).diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn markup_hides_aliases() {
        let found = codes("[Antony Blinken]{antony-blinken} Blinkenesque");
        assert!(found.iter().all(|(c, _)| *c != Code::UnannotatedMention), "{found:?}");
    }
}
