//! Strip: the plain article under the markup.
//!
//! - a mention `[surface]{id}` becomes its surface, unescaped;
//! - a tag `#id` goes with one adjacent space: the one before it if there is
//!   one (and no other tag took it), else the one after it;
//! - a line made only of tags goes with its line break (the one ending it, or
//!   for a last line without one, the one before it);
//! - an escape `\x` becomes `x`;
//! - malformed markup stays as written.
//!
//! Every export is expressed over this plain text; `Stripped` records where
//! each mention and tag landed in it.

use super::Span;
use super::document::lines;
use super::markup::parse_line;

/// A mention in the plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlainMention {
    /// Byte span of the surface in the plain text.
    pub span: Span,
    pub id: String,
    /// Byte span of the whole mention in the annotated text.
    pub source: Span,
}

/// A tag and the paragraph it labels, both in plain-text bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlainTag {
    pub id: String,
    /// The labelled paragraph (line) in the plain text, terminator excluded.
    pub paragraph: Span,
    /// Byte span of the tag in the annotated text.
    pub source: Span,
}

/// Markup that left no trace in the plain text: a run of tags with the
/// spaces they took, or whole tag lines with their line breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    /// Where in the plain text (bytes) the run stood.
    pub at: usize,
    /// The run in the annotated text; inserting `source.of(annotated)` at
    /// `at` in the plain text puts it back.
    pub source: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stripped {
    pub text: String,
    pub mentions: Vec<PlainMention>,
    pub tags: Vec<PlainTag>,
    /// The removed runs, in order; two runs never share an `at`.
    pub removed: Vec<Removed>,
    /// Byte offsets in the plain text of the characters that were written
    /// escaped (`\#` and so on), in order.
    pub escapes: Vec<usize>,
}

impl Stripped {
    /// Records that `source` left no trace at plain offset `at`, merging
    /// with the previous run when they touch.
    fn remove(&mut self, at: usize, source: Span) {
        if source.is_empty() {
            return;
        }
        match self.removed.last_mut() {
            Some(last) if last.at == at && last.source.end == source.start => last.source.end = source.end,
            _ => self.removed.push(Removed { at, source }),
        }
    }
}

pub fn strip(annotated: &str) -> Stripped {
    let mut out = Stripped { text: String::with_capacity(annotated.len()), ..Stripped::default() };
    // Tags of tag-only lines wait for the next paragraph that has text.
    let mut pending: Vec<(String, Span)> = Vec::new();
    // The last paragraph, and the line break that ended it (in the annotated text).
    let mut last_paragraph = Span::default();
    let mut last_terminator = Span::default();
    let all: Vec<(usize, &str)> = lines(annotated).collect();
    for (n, &(start, line)) in all.iter().enumerate() {
        let terminator = match all.get(n + 1) {
            Some(&(next, _)) => &annotated[start + line.len()..next],
            None => "",
        };
        let markup = parse_line(line);
        if markup.is_tag_line(line) {
            pending.extend(markup.tags.iter().map(|t| (t.id.of(line).to_string(), t.span.shift(start))));
            let whole = Span::new(start, start + line.len() + terminator.len());
            if terminator.is_empty() && !last_terminator.is_empty() && out.text.len() >= last_terminator.len() {
                // A last line of tags takes the line break before it (with
                // any tag lines between), which ended the plain text.
                let old = out.text.len();
                let cut = old - last_terminator.len();
                out.text.truncate(cut);
                while out.removed.last().is_some_and(|r| r.at == old) {
                    out.removed.pop();
                }
                out.remove(cut, Span::new(last_terminator.start, whole.end));
            } else {
                out.remove(out.text.len(), whole);
            }
            continue;
        }
        let para_start = out.text.len();
        // Positions of spaces the tags remove, and where each piece goes.
        let mut removed = vec![false; line.len()];
        for tag in &markup.tags {
            let (s, e) = (tag.span.start, tag.span.end);
            removed[s..e].iter_mut().for_each(|r| *r = true);
            if s > 0 && line.as_bytes()[s - 1] == b' ' && !removed[s - 1] {
                removed[s - 1] = true;
            } else if line.as_bytes().get(e) == Some(&b' ') {
                removed[e] = true;
            }
        }
        let mut escapes = markup.escapes.iter().peekable();
        let mut mentions = markup.mentions.iter().peekable();
        let mut i = 0;
        while i < line.len() {
            if let Some(m) = mentions.next_if(|m| m.span.start == i) {
                let at = out.text.len();
                let mut j = m.surface.start;
                while j < m.surface.end {
                    while escapes.next_if(|e| e.start < j).is_some() {}
                    if escapes.next_if(|e| e.start == j).is_some() {
                        out.escapes.push(out.text.len());
                        out.text.push_str(&line[j + 1..j + 2]);
                        j += 2;
                    } else {
                        let c = line[j..].chars().next().expect("j is on a char boundary");
                        out.text.push(c);
                        j += c.len_utf8();
                    }
                }
                out.mentions.push(PlainMention {
                    span: Span::new(at, out.text.len()),
                    id: m.id.of(line).to_string(),
                    source: m.span.shift(start),
                });
                i = m.span.end;
                continue;
            }
            while escapes.next_if(|e| e.start < i).is_some() {}
            if escapes.next_if(|e| e.start == i).is_some() {
                out.escapes.push(out.text.len());
                out.text.push_str(&line[i + 1..i + 2]);
                i += 2;
                continue;
            }
            let c = line[i..].chars().next().expect("i is on a char boundary");
            if removed[i] {
                out.remove(out.text.len(), Span::new(start + i, start + i + c.len_utf8()));
            } else {
                out.text.push(c);
            }
            i += c.len_utf8();
        }
        let paragraph = Span::new(para_start, out.text.len());
        last_paragraph = paragraph;
        out.tags.extend(pending.drain(..).map(|(id, source)| PlainTag { id, paragraph, source }));
        out.tags.extend(markup.tags.iter().map(|t| PlainTag {
            id: t.id.of(line).to_string(),
            paragraph,
            source: t.span.shift(start),
        }));
        out.text.push_str(terminator);
        last_terminator = Span::new(start + line.len(), start + line.len() + terminator.len());
    }
    // Tag lines at the very end, with no paragraph below: they label the last one.
    let paragraph = last_paragraph;
    out.tags.extend(pending.drain(..).map(|(id, source)| PlainTag { id, paragraph, source }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        strip(s).text
    }

    #[test]
    fn rules() {
        assert_eq!(
            plain("[Mr. Blinken]{antony-blinken} met [Wang Yi]{wang-yi}’s aide."),
            "Mr. Blinken met Wang Yi’s aide."
        );
        assert_eq!(plain("The Taiwan question. #taiwan #red-lines"), "The Taiwan question.");
        assert_eq!(plain("#taiwan #red-lines The question."), "The question.");
        assert_eq!(plain("a\n#taiwan #red-lines\nb"), "a\nb");
        assert_eq!(plain("a\n#taiwan"), "a");
        assert_eq!(plain("#taiwan\na"), "a");
        assert_eq!(plain(r"\#MeToo \[x\] a\\b \n"), r"#MeToo [x] a\b \n");
        assert_eq!(plain("the [[Biden]{joe-biden}] administration"), "the [Biden] administration");
        assert_eq!(plain("[A\\]B]{x}"), "A]B");
        assert_eq!(plain("bad [x]{Not_Slug} stays"), "bad [x]{Not_Slug} stays");
        assert_eq!(plain("a\r\n#t\r\nb\rc"), "a\r\nb\rc");
    }

    #[test]
    fn records_positions() {
        let s = strip("#taiwan\n“[Xi]{xi-jinping}” met [Blinken]{antony-blinken}. #red-lines\nnext");
        assert_eq!(s.text, "“Xi” met Blinken.\nnext");
        let got: Vec<(&str, &str)> = s.mentions.iter().map(|m| (m.span.of(&s.text), m.id.as_str())).collect();
        assert_eq!(got, [("Xi", "xi-jinping"), ("Blinken", "antony-blinken")]);
        let tags: Vec<(&str, &str)> = s.tags.iter().map(|t| (t.id.as_str(), t.paragraph.of(&s.text))).collect();
        assert_eq!(tags, [("taiwan", "“Xi” met Blinken."), ("red-lines", "“Xi” met Blinken.")]);
    }
}
