//! Unstrip: markup from plain text and spans, the inverse of [`strip`].
//!
//! Given the plain article, its mentions (byte spans and entity ids) and the
//! runs of markup that strip removed (tags, tag lines), [`unstrip`] writes the
//! annotated text. Plain characters that would otherwise read as markup are
//! escaped — by default only where needed ([`needs_escape`]); an exact list of
//! escaped positions (as [`Stripped::escapes`] records) reproduces a source
//! byte for byte. The result is checked by stripping it again: it must give
//! back the same plain text and the same mentions.
//!
//! [`strip`]: super::strip::strip
//! [`Stripped::escapes`]: super::strip::Stripped::escapes

use std::collections::BTreeSet;

use super::markup::ESCAPABLE;
use super::strip::strip;
use super::{Span, is_slug};

/// A mention to write: a byte span of the plain text and an entity id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanMention {
    pub span: Span,
    pub id: String,
}

/// Markup text to put back at a plain-text byte offset (tags, tag lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Insertion {
    pub at: usize,
    pub text: String,
}

impl Insertion {
    /// The usual place for a tag labelling the paragraph `paragraph`: ` #id`
    /// at its end (strip removes the tag and the space before it).
    pub fn tag_at_end(paragraph: Span, id: &str) -> Insertion {
        Insertion { at: paragraph.end, text: format!(" #{id}") }
    }
}

/// Which plain characters to escape.
#[derive(Clone, Copy, Debug)]
pub enum Escapes<'a> {
    /// Only those that would otherwise read as markup.
    Needed,
    /// Exactly these byte offsets of the plain text.
    Exactly(&'a [usize]),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnstripError {
    #[error("span {start}..{end} is outside the text or not on character boundaries")]
    OutOfRange { start: usize, end: usize },
    #[error("span {start}..{end} overlaps the span before it")]
    Overlap { start: usize, end: usize },
    #[error("span {start}..{end}: {why}")]
    BadMention { start: usize, end: usize, why: String },
    #[error("the markup does not read back as the same text and spans{0}")]
    DoesNotReadBack(String),
}

/// Whether plain character `c` must be escaped to read back as itself,
/// between the raw characters `prev` and `next` of the output.
pub fn needs_escape(c: char, in_surface: bool, prev: Option<char>, next: Option<char>) -> bool {
    match c {
        '\\' => next.is_some_and(|n| n.is_ascii() && ESCAPABLE.contains(&(n as u8))),
        '#' => prev.is_none_or(char::is_whitespace) && next.is_some_and(char::is_alphanumeric),
        '[' => in_surface,
        ']' => in_surface || next == Some('{'),
        _ => false,
    }
}

/// The annotated text, and the plain offsets it escaped.
pub fn unstrip(
    plain: &str,
    mentions: &[SpanMention],
    insertions: &[Insertion],
    escapes: Escapes<'_>,
) -> Result<(String, Vec<usize>), UnstripError> {
    let mut mentions: Vec<&SpanMention> = mentions.iter().collect();
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    let mut prev_end = 0;
    for m in &mentions {
        let Span { start, end } = m.span;
        if end > plain.len() || start > end || !plain.is_char_boundary(start) || !plain.is_char_boundary(end) {
            return Err(UnstripError::OutOfRange { start, end });
        }
        if start < prev_end {
            return Err(UnstripError::Overlap { start, end });
        }
        prev_end = end;
        let bad = |why: &str| Err(UnstripError::BadMention { start, end, why: why.to_string() });
        let surface = m.span.of(plain);
        if surface.trim().is_empty() {
            return bad("empty surface text");
        }
        if surface.contains(['\n', '\r']) {
            return bad("a mention lies on one line");
        }
        if !is_slug(&m.id) {
            return bad(&format!("entity id `{}` is not a kebab-case slug", m.id));
        }
    }
    let mut insertions: Vec<&Insertion> = insertions.iter().filter(|i| !i.text.is_empty()).collect();
    insertions.sort_by_key(|i| i.at);
    for i in &insertions {
        if i.at > plain.len() || !plain.is_char_boundary(i.at) {
            return Err(UnstripError::OutOfRange { start: i.at, end: i.at });
        }
    }
    let exact: Option<BTreeSet<usize>> = match escapes {
        Escapes::Needed => None,
        Escapes::Exactly(list) => Some(list.iter().copied().collect()),
    };

    let mut out = String::with_capacity(plain.len() + plain.len() / 4);
    let mut escaped = Vec::new();
    let (mut mi, mut ii) = (0, 0);
    let mut open: Option<&SpanMention> = None;
    // The first raw character written at boundary `p`, before plain text.
    let first_at = |p: usize, open: Option<&SpanMention>, mi: usize, ii: usize| -> Option<char> {
        if open.is_some_and(|m| m.span.end == p) {
            return Some(']');
        }
        if let Some(ins) = insertions.get(ii).filter(|i| i.at == p) {
            return ins.text.chars().next();
        }
        if mentions.get(mi).is_some_and(|m| m.span.start == p) {
            return Some('[');
        }
        plain[p..].chars().next()
    };
    let mut p = 0;
    loop {
        // At boundary `p`: close, insert, open.
        if let Some(m) = open.filter(|m| m.span.end == p) {
            out.push_str("]{");
            out.push_str(&m.id);
            out.push('}');
            open = None;
        }
        while let Some(ins) = insertions.get(ii).filter(|i| i.at == p) {
            out.push_str(&ins.text);
            ii += 1;
        }
        if let Some(m) = mentions.get(mi).filter(|m| m.span.start == p) {
            out.push('[');
            open = Some(m);
            mi += 1;
        }
        let Some(c) = plain[p..].chars().next() else { break };
        let q = p + c.len_utf8();
        let escape = match &exact {
            Some(set) => set.contains(&p),
            None => needs_escape(c, open.is_some(), out.chars().next_back(), first_at(q, open, mi, ii)),
        };
        if escape {
            out.push('\\');
            escaped.push(p);
        }
        out.push(c);
        p = q;
    }

    // It must read back.
    let back = strip(&out);
    if back.text != plain {
        let at = back.text.bytes().zip(plain.bytes()).position(|(a, b)| a != b).unwrap_or(0);
        return Err(UnstripError::DoesNotReadBack(format!(" (the text differs at byte {at})")));
    }
    let got: Vec<(Span, &str)> = back.mentions.iter().map(|m| (m.span, m.id.as_str())).collect();
    let want: Vec<(Span, &str)> = mentions.iter().map(|m| (m.span, m.id.as_str())).collect();
    if got != want {
        return Err(UnstripError::DoesNotReadBack(" (the mentions differ)".into()));
    }
    Ok((out, escaped))
}

/// The mentions and insertions that give back `annotated` from its strip.
pub fn parts(annotated: &str, stripped: &super::strip::Stripped) -> (Vec<SpanMention>, Vec<Insertion>) {
    let mentions = stripped.mentions.iter().map(|m| SpanMention { span: m.span, id: m.id.clone() }).collect();
    let insertions =
        stripped.removed.iter().map(|r| Insertion { at: r.at, text: r.source.of(annotated).to_string() }).collect();
    (mentions, insertions)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// strip, then unstrip with the recorded escapes: the same bytes.
    #[track_caller]
    fn round_trip(annotated: &str) {
        let s = strip(annotated);
        let (mentions, insertions) = parts(annotated, &s);
        let (back, _) = unstrip(&s.text, &mentions, &insertions, Escapes::Exactly(&s.escapes)).unwrap();
        assert_eq!(back, annotated);
    }

    #[test]
    fn strip_then_unstrip_is_the_identity() {
        for text in [
            "[Mr. Blinken]{antony-blinken} met [Wang Yi]{wang-yi}’s aide.",
            "The Taiwan question. #taiwan #red-lines",
            "#taiwan #red-lines The question.",
            "a\n#taiwan #red-lines\nb",
            "a\n#taiwan",
            "a\n#t\n  #u \n#v",
            "a\r\n#t\r\n#v",
            "#taiwan\na",
            "#t",
            "#t\n#u\n",
            r"\#MeToo \[x\] a\\b \n",
            "the [[Biden]{joe-biden}] administration",
            "[A\\]B]{x}",
            "bad [x]{Not_Slug} stays",
            "a\r\n#t\r\nb\rc",
            "x #t\n#u\ny #v [A]{a} #w [B]{b}\n\n",
            "#taiwan—text and 😀 [Xi]{xi-jinping}\u{2019}s #t",
            "[a \\#b]{x} \\\\[c]{y}",
        ] {
            round_trip(text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any text at all — markup, malformed markup, escapes, line breaks —
        /// comes back byte for byte from its strip.
        #[test]
        fn any_text_round_trips(text in r"([a-c \t\n\r\[\]{}#\\’😀-]|#t|\[a\]\{x\}|\n#t\n){0,40}") {
            let s = strip(&text);
            let (mentions, insertions) = parts(&text, &s);
            let (back, _) = unstrip(&s.text, &mentions, &insertions, Escapes::Exactly(&s.escapes)).unwrap();
            proptest::prop_assert_eq!(back, text);
        }

        /// With the escapes chosen by unstrip, the text and mentions read back.
        #[test]
        fn needed_escapes_read_back(text in r"([a-c \t\n\[\]{}#\\’😀]|#t|\[a\]\{x\}){0,40}") {
            let s = strip(&text);
            let (mentions, insertions) = parts(&text, &s);
            proptest::prop_assert!(unstrip(&s.text, &mentions, &insertions, Escapes::Needed).is_ok());
        }
    }

    #[test]
    fn final_tag_lines_label_the_last_paragraph() {
        let s = strip("a\nb\n#t\n#u");
        assert_eq!(s.text, "a\nb");
        let tags: Vec<(&str, &str)> = s.tags.iter().map(|t| (t.id.as_str(), t.paragraph.of(&s.text))).collect();
        assert_eq!(tags, [("t", "b"), ("u", "b")]);
        assert_eq!(s.removed, [super::super::strip::Removed { at: 3, source: Span::new(3, 9) }]);
    }

    #[test]
    fn escapes_only_what_reads_as_markup() {
        let plain = r"#MeToo [x] a]{b} \#c \ [Blinken] x#y";
        let m = |s: &str, id: &str| {
            let start = plain.find(s).unwrap();
            SpanMention { span: Span::new(start, start + s.len()), id: id.into() }
        };
        let mentions = [m("[Blinken]", "antony-blinken")];
        let (out, escaped) = unstrip(plain, &mentions, &[], Escapes::Needed).unwrap();
        assert_eq!(out, r"\#MeToo [x] a\]{b} \\#c \ [\[Blinken\]]{antony-blinken} x#y");
        assert_eq!(escaped.len(), 5);
    }

    #[test]
    fn tags_go_at_the_end_of_their_paragraph() {
        let plain = "One.\nTwo.";
        let para = Span::new(5, 9);
        let ins = [Insertion::tag_at_end(para, "taiwan"), Insertion::tag_at_end(para, "red-lines")];
        let mentions = [SpanMention { span: Span::new(0, 3), id: "one".into() }];
        let (out, _) = unstrip(plain, &mentions, &ins, Escapes::Needed).unwrap();
        assert_eq!(out, "[One]{one}.\nTwo. #taiwan #red-lines");
        let s = strip(&out);
        assert_eq!(s.tags.iter().map(|t| t.paragraph).collect::<Vec<_>>(), [para, para]);
    }

    #[test]
    fn rejects_what_cannot_be_written() {
        let plain = "Wang Yi met Blinken.\nNext";
        let m = |start, end, id: &str| SpanMention { span: Span::new(start, end), id: id.into() };
        let err = |ms: &[SpanMention]| unstrip(plain, ms, &[], Escapes::Needed).unwrap_err();
        assert!(matches!(err(&[m(0, 100, "a")]), UnstripError::OutOfRange { .. }));
        assert!(matches!(err(&[m(0, 7, "a"), m(5, 9, "b")]), UnstripError::Overlap { .. }));
        assert!(matches!(err(&[m(12, 25, "a")]), UnstripError::BadMention { .. }));
        assert!(matches!(err(&[m(0, 7, "Wang_Yi")]), UnstripError::BadMention { .. }));
        assert!(matches!(err(&[m(4, 5, "a")]), UnstripError::BadMention { .. }));
    }
}
