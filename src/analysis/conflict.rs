//! Conflict blocks: where versions of an article disagree, in git's markers
//! on whole lines (SPEC.md "Conflict blocks").
//!
//! ```text
//! <<<<<<< a
//! [Epoch Times]{epoch-times} reported on Tuesday that …
//! ||||||| base            (diff3 / zdiff3 only)
//! Epoch Times reported on Tuesday that …
//! =======                 (or `======= c` opening a further, named section)
//! [Epoch Times]{ntd} reported on Tuesday that …
//! >>>>>>> b               (the last section's name, as git writes it)
//! ```
//!
//! A marker is seven `<`, `|`, `=` or `>` at the start of a line, then the end
//! of the line or a space and a name (taken as it is: `HEAD`, a branch). Every
//! version section holds one version's lines for the same stretch of plain
//! text ([`strip`]: a line of tags goes with its paragraph); the base section
//! is git's common ancestor, shown but never a take.
//!
//! How the rest of the analysis sees a file with blocks: a marker line is not
//! text ([`marker`]; `analyze_line` gives it no markup and no diagnostic), the
//! lines inside sections are analysed as any line, and corpus counts read each
//! block as its first section ([`first_sections`], [`counted_lines`]).
//!
//! Pure: spans are bytes into the whole text, line numbers count from 0.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use super::Span;
use super::diagnostics::{Code, Diagnostic, Fix, Severity, SeverityConfig};
use super::document::lines;
use super::strip::{Stripped, strip};
use super::unstrip::{Escapes, Insertion, SpanMention, unstrip};

/// The four markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// `<<<<<<< NAME`: opens a block and its first section.
    Open,
    /// `||||||| NAME`: the diff3 base section.
    Base,
    /// `=======` or `======= NAME`: opens a further section.
    Separator,
    /// `>>>>>>> NAME`: closes the block (and names the last section).
    Close,
}

impl MarkerKind {
    pub const fn text(self) -> &'static str {
        match self {
            MarkerKind::Open => "<<<<<<<",
            MarkerKind::Base => "|||||||",
            MarkerKind::Separator => "=======",
            MarkerKind::Close => ">>>>>>>",
        }
    }
}

/// The marker a line is, with its name (empty when none): exactly seven
/// marker characters, then the end of the line or whitespace.
pub fn marker(line: &str) -> Option<(MarkerKind, &str)> {
    let bytes = line.as_bytes();
    let kind = match bytes.first()? {
        b'<' => MarkerKind::Open,
        b'|' => MarkerKind::Base,
        b'=' => MarkerKind::Separator,
        b'>' => MarkerKind::Close,
        _ => return None,
    };
    if bytes.len() < 7 || !bytes[..7].iter().all(|&b| b == bytes[0]) {
        return None;
    }
    let rest = &line[7..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((kind, rest.trim()))
}

/// One section of a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// As written on its marker (or the closing marker); `a`, `b`, … by
    /// position when neither names it.
    pub name: String,
    /// The marker line opening it (content, no terminator).
    pub marker: Span,
    pub marker_line: usize,
    /// Its lines, terminators included: what a take writes.
    pub body: Span,
    /// Line numbers of its lines.
    pub lines: Range<usize>,
}

/// A well-formed block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// From the start of the `<<<<<<<` line to the end of the `>>>>>>>` line,
    /// its terminator included: what a take replaces.
    pub span: Span,
    /// The `<<<<<<<` line (content).
    pub open: Span,
    /// Line numbers from the `<<<<<<<` line to the `>>>>>>>` line inclusive.
    pub lines: Range<usize>,
    /// The versions, in order (at least two).
    pub sections: Vec<Section>,
    /// The diff3 base section, if any.
    pub base: Option<Section>,
    /// False when the versions' plain texts differ (then it is also a
    /// [`BlockError`]): it can be taken, never taken "both".
    pub same_text: bool,
}

impl Block {
    pub fn names(&self) -> Vec<&str> {
        self.sections.iter().map(|s| s.name.as_str()).collect()
    }
}

/// A malformed block: a `malformed-markup` error on `span` (a marker line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockError {
    pub span: Span,
    pub line: usize,
    pub message: String,
}

/// Every block of a text and every malformed one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conflicts {
    /// In order; includes blocks whose plain texts differ (`same_text` false).
    pub blocks: Vec<Block>,
    pub errors: Vec<BlockError>,
}

impl Conflicts {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty() && self.errors.is_empty()
    }

    /// How many blocks are unresolved: every block and every malformed one.
    pub fn count(&self) -> usize {
        let malformed = self.errors.iter().filter(|e| !self.blocks.iter().any(|b| b.open == e.span));
        self.blocks.len() + malformed.count()
    }

    /// The block whose lines hold line `line`.
    pub fn block_at_line(&self, line: usize) -> Option<&Block> {
        self.blocks.iter().find(|b| b.lines.contains(&line))
    }
}

/// Quick path: whether `text` may hold a marker at all
/// (`<<<<<<<`, `=======`, `>>>>>>>` or `|||||||` anywhere). Two vectorised
/// byte scans rather than four substring searches: this runs over every
/// whole document `lint` reads (callgrind: 0.45 rather than 1.9 instructions
/// a byte on news text, where these bytes are rare).
pub fn may_have_markers(text: &str) -> bool {
    let bytes = text.as_bytes();
    let run_at = |p: usize| bytes.get(p..p + 7).is_some_and(|w| w.iter().all(|&b| b == bytes[p]));
    memchr::memchr3_iter(b'<', b'=', b'>', bytes).any(run_at) || memchr::memchr_iter(b'|', bytes).any(run_at)
}

struct Open {
    open: Span,
    open_line: usize,
    block_start: usize,
    /// (kind, name, marker span, marker line, body start, first body line)
    sections: Vec<(MarkerKind, String, Span, usize, usize, usize)>,
    /// Where each section's body ends (the start of the next marker line).
    ends: Vec<(usize, usize)>,
}

/// Parses every conflict block of `text`.
pub fn parse(text: &str) -> Conflicts {
    let mut out = Conflicts::default();
    if !may_have_markers(text) {
        return out;
    }
    let all: Vec<(usize, &str)> = lines(text).collect();
    let mut open: Option<Open> = None;
    for (n, &(start, line)) in all.iter().enumerate() {
        let Some((kind, name)) = marker(line) else { continue };
        let span = Span::new(start, start + line.len());
        let next_start = all.get(n + 1).map_or(text.len(), |&(s, _)| s);
        let error = |message: String| BlockError { span, line: n, message };
        match (kind, open.as_mut()) {
            (MarkerKind::Open, current) => {
                if let Some(current) = current {
                    out.errors.push(BlockError {
                        span: current.open,
                        line: current.open_line,
                        message: format!(
                            "conflict block not closed: a new `<<<<<<<` on line {} before its `>>>>>>>`",
                            n + 1
                        ),
                    });
                }
                open = Some(Open {
                    open: span,
                    open_line: n,
                    block_start: start,
                    sections: vec![(kind, name.to_string(), span, n, next_start, n + 1)],
                    ends: Vec::new(),
                });
            }
            (MarkerKind::Base, Some(current)) => {
                if current.sections.len() > 1 {
                    out.errors.push(error("a `|||||||` base section must follow the first section".into()));
                    open = None;
                    continue;
                }
                current.ends.push((start, n));
                current.sections.push((kind, name.to_string(), span, n, next_start, n + 1));
            }
            (MarkerKind::Separator, Some(current)) => {
                current.ends.push((start, n));
                current.sections.push((kind, name.to_string(), span, n, next_start, n + 1));
            }
            (MarkerKind::Close, Some(current)) => {
                current.ends.push((start, n));
                let current = open.take().expect("matched Some");
                match finish(text, current, name, Span::new(start, next_start), n) {
                    Ok((block, plain_error)) => {
                        out.errors.extend(plain_error);
                        out.blocks.push(block);
                    }
                    Err(e) => out.errors.push(e),
                }
            }
            (_, None) => out
                .errors
                .push(error(format!("`{}` outside a conflict block: a block opens with `<<<<<<< NAME`", kind.text()))),
        }
    }
    if let Some(current) = open {
        out.errors.push(BlockError {
            span: current.open,
            line: current.open_line,
            message: "conflict block not closed: no `>>>>>>> NAME` line after it".into(),
        });
    }
    out.errors.sort_by_key(|e| e.span.start);
    out
}

fn finish(
    text: &str,
    current: Open,
    close_name: &str,
    close: Span,
    close_line: usize,
) -> Result<(Block, Option<BlockError>), BlockError> {
    let mut sections = Vec::new();
    let mut base = None;
    let count = current.sections.len();
    for (k, ((kind, name, marker, marker_line, body_start, first), (end, end_line))) in
        current.sections.into_iter().zip(current.ends).enumerate()
    {
        let name = if name.is_empty() && k + 1 == count { close_name.to_string() } else { name };
        let section = Section { name, marker, marker_line, body: Span::new(body_start, end), lines: first..end_line };
        if kind == MarkerKind::Base {
            base = Some(section);
        } else {
            sections.push(section);
        }
    }
    if sections.len() < 2 {
        return Err(BlockError {
            span: current.open,
            line: current.open_line,
            message: "conflict block without a `=======` separator: it needs two sections or more".into(),
        });
    }
    for (k, s) in sections.iter_mut().enumerate() {
        if s.name.is_empty() {
            s.name = ((b'a' + (k as u8).min(25)) as char).to_string();
        }
    }
    let block = Block {
        span: Span::new(current.block_start, close.end),
        open: current.open,
        lines: current.open_line..close_line + 1,
        sections,
        base,
        same_text: true,
    };
    let plains: Vec<String> = block.sections.iter().map(|s| strip(s.body.of(text)).text).collect();
    let differing = (1..plains.len()).find(|&k| plains[k] != plains[0]);
    let Some(k) = differing else { return Ok((block, None)) };
    let (a, b) = (&block.sections[0], &block.sections[k]);
    let line = first_difference(&plains[0], &plains[k]);
    let error = BlockError {
        span: block.open,
        line: block.lines.start,
        message: format!(
            "conflict block whose sections are not the same text: `{}` and `{}` differ in their plain text (line {} of the sections); take one, or edit them to the same text",
            a.name, b.name, line
        ),
    };
    Ok((Block { same_text: false, ..block }, Some(error)))
}

/// The 1-based line (within two texts) where they first differ.
fn first_difference(a: &str, b: &str) -> usize {
    a.lines().zip(b.lines()).take_while(|(x, y)| x == y).count() + 1
}

/// What a section or a merge writes in place of the block (`block.span`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Take {
    /// "Take a", "Take both", "Take all".
    pub title: String,
    pub new_text: String,
}

/// The takes of a block: each version's lines, then "Take both" (two
/// versions) or "Take all" when [`merge`] can keep every mention and tag.
pub fn takes(text: &str, block: &Block) -> Vec<Take> {
    let mut out: Vec<Take> = block
        .sections
        .iter()
        .map(|s| Take { title: format!("Take {}", s.name), new_text: fit_end(text, block, s.body.of(text)) })
        .collect();
    if let Some(merged) = merge(text, block) {
        let title = if block.sections.len() == 2 { "Take both" } else { "Take all" };
        out.push(Take { title: title.into(), new_text: fit_end(text, block, &merged) });
    }
    out
}

/// A block closing the text without a line break leaves none after a take.
fn fit_end(text: &str, block: &Block, body: &str) -> String {
    let closes_unterminated = block.span.end == text.len() && !text.ends_with(['\n', '\r']);
    if closes_unterminated { body.trim_end_matches(['\n', '\r']).to_string() } else { body.to_string() }
}

/// Every mention and tag of all the versions over their one plain text, or
/// `None` when two versions have overlapping mentions that differ (or the
/// texts differ).
pub fn merge(text: &str, block: &Block) -> Option<String> {
    if !block.same_text {
        return None;
    }
    let stripped: Vec<Stripped> = block.sections.iter().map(|s| strip(s.body.of(text))).collect();
    let first = &stripped[0];
    let mut mentions: Vec<SpanMention> = stripped
        .iter()
        .flat_map(|s| s.mentions.iter().map(|m| SpanMention { span: m.span, id: m.id.clone() }))
        .collect();
    mentions.sort_by(|a, b| (a.span, &a.id).cmp(&(b.span, &b.id)));
    mentions.dedup();
    let mut reach = 0;
    for (k, m) in mentions.iter().enumerate() {
        if k > 0 && m.span.start < reach {
            return None;
        }
        reach = reach.max(m.span.end);
    }
    let body = block.sections[0].body.of(text);
    let mut insertions: Vec<Insertion> =
        first.removed.iter().map(|r| Insertion { at: r.at, text: r.source.of(body).to_string() }).collect();
    let mut have: HashSet<(Span, &str)> = first.tags.iter().map(|t| (t.paragraph, t.id.as_str())).collect();
    for s in &stripped[1..] {
        for tag in &s.tags {
            if !have.insert((tag.paragraph, tag.id.as_str())) {
                continue;
            }
            // An empty paragraph is the line after the section: the tag
            // was a line of its own labelling what follows, and stays one.
            let new = if tag.paragraph.is_empty() {
                let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
                Insertion { at: tag.paragraph.start, text: format!("#{}{eol}", tag.id) }
            } else {
                Insertion::tag_at_end(tag.paragraph, &tag.id)
            };
            match insertions.iter_mut().find(|i| i.at == new.at) {
                // A tag line below the paragraph starts with its line break:
                // the new tag stays on the paragraph's line, before it.
                Some(i) if i.text.starts_with(['\n', '\r']) => i.text.insert_str(0, &new.text),
                Some(i) => i.text.push_str(&new.text),
                None => insertions.push(new),
            }
        }
    }
    insertions.sort_by_key(|i| i.at);
    unstrip(&first.text, &mentions, &insertions, Escapes::Needed).ok().map(|(out, _)| out)
}

/// What differs at one place of a section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The mention or tag in the text.
    pub span: Span,
    /// The section it stands in (index into `block.sections`).
    pub section: usize,
    pub message: String,
}

/// The mentions and tags on which the versions of `block` differ: each one
/// that not every other version carries (the same surface and id; the same
/// tag on the same paragraph).
pub fn differences(text: &str, block: &Block) -> Vec<Difference> {
    if !block.same_text {
        return Vec::new();
    }
    let stripped: Vec<Stripped> = block.sections.iter().map(|s| strip(s.body.of(text))).collect();
    let mention_sets: Vec<HashSet<(Span, &str)>> =
        stripped.iter().map(|s| s.mentions.iter().map(|m| (m.span, m.id.as_str())).collect()).collect();
    let tag_sets: Vec<HashSet<(Span, &str)>> =
        stripped.iter().map(|s| s.tags.iter().map(|t| (t.paragraph, t.id.as_str())).collect()).collect();
    let mut out = Vec::new();
    for (k, s) in stripped.iter().enumerate() {
        let section = &block.sections[k];
        let lacking = |sets: &[HashSet<(Span, &str)>], key: (Span, &str)| -> Vec<&str> {
            sets.iter()
                .enumerate()
                .filter(|&(j, set)| j != k && !set.contains(&key))
                .map(|(j, _)| block.sections[j].name.as_str())
                .collect()
        };
        for m in &s.mentions {
            let others = lacking(&mention_sets, (m.span, m.id.as_str()));
            if others.is_empty() {
                continue;
            }
            let surface = m.span.of(&s.text);
            let instead: Vec<String> = stripped
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(j, o)| {
                    let over: Vec<String> = o
                        .mentions
                        .iter()
                        .filter(|x| x.span.start < m.span.end && m.span.start < x.span.end)
                        .map(|x| format!("[{}]{{{}}}", x.span.of(&o.text), x.id))
                        .collect();
                    let what = if over.is_empty() { "no mention".to_string() } else { over.join(", ") };
                    format!("`{}`: {what}", block.sections[j].name)
                })
                .collect();
            out.push(Difference {
                span: m.source.shift(section.body.start),
                section: k,
                message: format!("in `{}` only: “{surface}” is {{{}}}; {}", section.name, m.id, instead.join("; ")),
            });
        }
        for t in &s.tags {
            let others = lacking(&tag_sets, (t.paragraph, t.id.as_str()));
            if others.is_empty() {
                continue;
            }
            out.push(Difference {
                span: t.source.shift(section.body.start),
                section: k,
                message: format!("tag #{} in `{}`, not in {}", t.id, section.name, quoted(&others)),
            });
        }
    }
    out.sort_by_key(|d| d.span.start);
    out
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// The message of a block's `unresolved-conflict` diagnostic.
pub fn block_message(block: &Block) -> String {
    let names = quoted(&block.names());
    let base = block.base.as_ref().map_or(String::new(), |b| format!(" (base `{}`)", b.name));
    format!("unresolved conflict between {names}{base}: take a section (quick fix or code lens) and the block goes")
}

/// The diagnostics of the blocks of `text` (spans into the whole text):
/// `unresolved-conflict` on each block's `<<<<<<<` line with its takes as
/// fixes; the same code, at most "information", on each mention and tag
/// where the versions differ (no fixes of their own: the server offers the
/// block's takes anywhere in it);
/// `malformed-markup` for each malformed block (with its takes when it has
/// complete sections).
pub fn block_diagnostics(text: &str, conflicts: &Conflicts, severities: &SeverityConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let conflict = severities.severity(Code::UnresolvedConflict);
    let malformed = severities.severity(Code::MalformedMarkup);
    for block in &conflicts.blocks {
        let fixes: Vec<Fix> =
            takes(text, block).into_iter().map(|t| Fix::replace(t.title, block.span, t.new_text)).collect();
        if let (Some(severity), true) = (conflict, block.same_text) {
            out.push(Diagnostic {
                code: Code::UnresolvedConflict,
                severity,
                span: block.open,
                message: format!(
                    "{} ({})",
                    block_message(block),
                    fixes.iter().map(|f| f.title.as_str()).collect::<Vec<_>>().join(", ")
                ),
                fixes: fixes.clone(),
            });
            let marked = severity.min(Severity::Information);
            out.extend(differences(text, block).into_iter().map(|d| Diagnostic {
                code: Code::UnresolvedConflict,
                severity: marked,
                span: d.span,
                message: d.message,
                fixes: Vec::new(),
            }));
        }
        if let (Some(severity), false) = (malformed, block.same_text) {
            let message = conflicts.errors.iter().find(|e| e.span == block.open).map(|e| e.message.clone());
            out.push(Diagnostic {
                code: Code::MalformedMarkup,
                severity,
                span: block.open,
                message: message.unwrap_or_default(),
                fixes,
            });
        }
    }
    if let Some(severity) = malformed {
        let taken: HashSet<Span> = conflicts.blocks.iter().filter(|b| !b.same_text).map(|b| b.open).collect();
        out.extend(conflicts.errors.iter().filter(|e| !taken.contains(&e.span)).map(|e| Diagnostic {
            code: Code::MalformedMarkup,
            severity,
            span: e.span,
            message: e.message.clone(),
            fixes: Vec::new(),
        }));
    }
    out.sort_by_key(|d| d.span.start);
    out
}

/// The text with each block read as its first section (markers and the
/// other sections left out): what corpus counts read. Borrowed when the
/// text has no block.
pub fn first_sections(text: &str) -> Cow<'_, str> {
    let conflicts = parse(text);
    if conflicts.blocks.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for block in &conflicts.blocks {
        out.push_str(&text[at..block.span.start]);
        out.push_str(&fit_end(text, block, block.sections[0].body.of(text)));
        at = block.span.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Per line of a text with `line_count` lines, whether corpus counts read it:
/// not a marker line of a block, nor a line of a section but the first.
pub fn counted_lines(conflicts: &Conflicts, line_count: usize) -> Vec<bool> {
    let mut out = vec![true; line_count];
    for block in &conflicts.blocks {
        let first = &block.sections[0].lines;
        for line in block.lines.clone() {
            if !first.contains(&line)
                && let Some(slot) = out.get_mut(line)
            {
                *slot = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_have_markers_is_a_substring_search() {
        let texts = [
            "",
            "<<<<<<",
            "<<<<<<<",
            "a<<<<<<b",
            "x <<<<<<< y",
            "======",
            "=======",
            "a = b == c",
            ">>>>>>>",
            ">>>>>> >",
            "||||||",
            "|||||||\n",
            "<<<=======>>>",
            "=<<<<<<<",
            "é|||||||é",
        ];
        for text in texts {
            let want = ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
                .iter()
                .any(|m| memchr::memmem::find(text.as_bytes(), m.as_bytes()).is_some());
            assert_eq!(may_have_markers(text), want, "{text:?}");
        }
    }

    const TWO: &str = "Intro.\n<<<<<<< a\n[Epoch Times]{epoch-times} reported.\n=======\n[Epoch Times]{ntd} reported.\n>>>>>>> b\nEnd.\n";

    #[test]
    fn markers() {
        assert_eq!(marker("<<<<<<< HEAD"), Some((MarkerKind::Open, "HEAD")));
        assert_eq!(marker("======="), Some((MarkerKind::Separator, "")));
        assert_eq!(marker("======= c"), Some((MarkerKind::Separator, "c")));
        assert_eq!(marker("||||||| merged common ancestors"), Some((MarkerKind::Base, "merged common ancestors")));
        assert_eq!(marker(">>>>>>> feature/x"), Some((MarkerKind::Close, "feature/x")));
        assert_eq!(marker("========"), None);
        assert_eq!(marker("<<<<<<<a"), None);
        assert_eq!(marker("<<<<<< a"), None);
        assert_eq!(marker("text ======="), None);
    }

    #[test]
    fn two_sections() {
        let c = parse(TWO);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let [block] = &c.blocks[..] else { panic!("{c:?}") };
        assert_eq!(block.names(), ["a", "b"]);
        assert_eq!(block.lines, 1..6);
        assert_eq!(block.sections[0].body.of(TWO), "[Epoch Times]{epoch-times} reported.\n");
        assert_eq!(block.sections[1].body.of(TWO), "[Epoch Times]{ntd} reported.\n");
        assert_eq!(block.span.of(TWO), &TWO[7..TWO.len() - 5]);
        assert!(block.same_text);
        let takes = takes(TWO, block);
        let titles: Vec<&str> = takes.iter().map(|t| t.title.as_str()).collect();
        // The mentions overlap and differ: no "Take both".
        assert_eq!(titles, ["Take a", "Take b"]);
        let d = differences(TWO, block);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].span.of(TWO), "[Epoch Times]{epoch-times}");
        assert!(d[0].message.contains("`b`: [Epoch Times]{ntd}"), "{}", d[0].message);
        assert_eq!(first_sections(TWO), "Intro.\n[Epoch Times]{epoch-times} reported.\nEnd.\n");
        assert_eq!(counted_lines(&c, 8), [true, false, true, false, false, false, true, true]);
        assert_eq!(block.span, Span::new(7, TWO.len() - 5));
    }

    #[test]
    fn take_both_keeps_every_mention_and_tag() {
        let text = "<<<<<<< HEAD\n[Blinken]{antony-blinken} met Wang Yi.\n=======\nBlinken met [Wang Yi]{wang-yi}. #taiwan\n>>>>>>> feature\n";
        let c = parse(text);
        let block = &c.blocks[0];
        assert_eq!(block.names(), ["HEAD", "feature"]);
        let both = takes(text, block).pop().unwrap();
        assert_eq!(both.title, "Take both");
        assert_eq!(both.new_text, "[Blinken]{antony-blinken} met [Wang Yi]{wang-yi}. #taiwan\n");
        let d = differences(text, block);
        let marked: Vec<&str> = d.iter().map(|d| d.span.of(text)).collect();
        assert_eq!(marked, ["[Blinken]{antony-blinken}", "[Wang Yi]{wang-yi}", "#taiwan"]);
    }

    #[test]
    fn a_tag_line_goes_with_its_paragraph() {
        let text = "<<<<<<< a\n#taiwan\nThe question.\n=======\nThe [question]{q}.\n#red-lines\n>>>>>>> b";
        let c = parse(text);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let takes = takes(text, &c.blocks[0]);
        assert_eq!(takes[0].new_text, "#taiwan\nThe question.");
        assert_eq!(takes[1].new_text, "The [question]{q}.\n#red-lines");
        // `#red-lines` labels what follows the block: it stays a line of its own.
        assert_eq!(takes[2].new_text, "#taiwan\nThe [question]{q}.\n#red-lines");
        let text = "<<<<<<< a\n#taiwan\nThe question.\n=======\nThe [question]{q}. #red-lines\n>>>>>>> b\nNext.\n";
        let c = parse(text);
        assert_eq!(super::takes(text, &c.blocks[0])[2].new_text, "#taiwan\nThe [question]{q}. #red-lines\n");
    }

    #[test]
    fn three_sections_and_diff3() {
        let text = "<<<<<<< a\nX [A]{a}.\n||||||| base\nX A.\n======= b\nX A.\n======= c\nX [A]{a}. #t\n>>>>>>>\n";
        let c = parse(text);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let block = &c.blocks[0];
        assert_eq!(block.names(), ["a", "b", "c"]);
        assert_eq!(block.base.as_ref().unwrap().body.of(text), "X A.\n");
        let titles: Vec<String> = takes(text, block).into_iter().map(|t| t.title).collect();
        assert_eq!(titles, ["Take a", "Take b", "Take c", "Take all"]);
        assert_eq!(takes(text, block)[3].new_text, "X [A]{a}. #t\n");
        // The git diff3 style: unnamed separator, the last name on the closer.
        let git = "<<<<<<< HEAD\nx\n||||||| 1a2b3c\nx\n=======\nx #t\n>>>>>>> theirs\n";
        assert_eq!(parse(git).blocks[0].names(), ["HEAD", "theirs"]);
        // Unnamed sections are named by position.
        assert_eq!(parse("<<<<<<<\nx\n=======\nx\n>>>>>>>\n").blocks[0].names(), ["a", "b"]);
    }

    #[test]
    fn malformed_blocks() {
        let msg = |t: &str| parse(t).errors.iter().map(|e| (e.line, e.message.clone())).collect::<Vec<_>>();
        let m = msg("<<<<<<< a\nx\n>>>>>>> b\n");
        assert!(m[0].1.contains("without a `=======` separator"), "{m:?}");
        let m = msg("a\n<<<<<<< a\nx\n=======\nx\n");
        assert_eq!(m[0].0, 1);
        assert!(m[0].1.contains("not closed"), "{m:?}");
        let m = msg("<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n");
        assert!(m[0].1.contains("not the same text"), "{m:?}");
        let c = parse("<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n");
        assert!(!c.blocks[0].same_text);
        assert_eq!(takes("<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n", &c.blocks[0]).len(), 2);
        let m = msg("x\n=======\ny\n");
        assert!(m[0].1.contains("outside a conflict block"), "{m:?}");
        let m = msg("<<<<<<< a\nx\n<<<<<<< a\nx\n=======\nx\n>>>>>>> b\n");
        assert_eq!(m.len(), 1);
        assert!(m[0].1.contains("new `<<<<<<<` on line 3"), "{m:?}");
        assert_eq!(parse("<<<<<<< a\nx\n<<<<<<< a\nx\n=======\nx\n>>>>>>> b\n").blocks.len(), 1);
    }

    #[test]
    fn crlf_and_no_blocks() {
        let text = "<<<<<<< a\r\nx [A]{a}\r\n=======\r\nx A #t\r\n>>>>>>> b\r\n";
        let c = parse(text);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(takes(text, &c.blocks[0])[2].new_text, "x [A]{a} #t\r\n");
        assert!(parse("plain text\nno markers").is_empty());
        assert!(matches!(first_sections("plain"), Cow::Borrowed(_)));
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("<<<<<<< a".to_string()),
            Just("<<<<<<<".to_string()),
            Just("=======".to_string()),
            Just("======= c".to_string()),
            Just("||||||| base".to_string()),
            Just(">>>>>>> b".to_string()),
            Just("[Blinken]{antony-blinken} met Wang Yi. #t".to_string()),
            Just("Blinken met [Wang Yi]{wang-yi}.".to_string()),
            Just("Blinken met Wang Yi. #u".to_string()),
            Just("#t #v".to_string()),
            Just("“Xi” 😀 [Xi]{xi-jinping}".to_string()),
            Just(String::new()),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Any arrangement of markers and lines: no panic, spans on char
        /// boundaries, every take of a well-formed block keeps its plain text,
        /// and "Take both" keeps every section's mentions.
        #[test]
        fn blocks_and_takes_are_sane(lines in proptest::collection::vec(piece(), 0..14), crlf in proptest::bool::ANY) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let conflicts = parse(&text);
            let diagnostics = block_diagnostics(&text, &conflicts, &SeverityConfig::default());
            for d in &diagnostics {
                proptest::prop_assert!(d.span.end <= text.len() && text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            }
            if conflicts.errors.is_empty() {
                proptest::prop_assert!(parse(&first_sections(&text)).is_empty());
            }
            for block in &conflicts.blocks {
                let plain = strip(block.sections[0].body.of(&text)).text;
                for take in takes(&text, block) {
                    let mut after = text.clone();
                    after.replace_range(block.span.start..block.span.end, &take.new_text);
                    proptest::prop_assert!(text.is_char_boundary(block.span.start));
                    if block.same_text {
                        let got = strip(&take.new_text).text;
                        proptest::prop_assert_eq!(got.trim_end(), plain.trim_end(), "{}", take.title);
                    }
                }
                if let Some(both) = merge(&text, block) {
                    let merged = strip(&both);
                    for section in &block.sections {
                        for m in strip(section.body.of(&text)).mentions {
                            proptest::prop_assert!(merged.mentions.iter().any(|x| x.span == m.span && x.id == m.id));
                        }
                    }
                }
            }
        }
    }
}
