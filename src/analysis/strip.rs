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
use super::markup::{parse_line, unescape};

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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stripped {
    pub text: String,
    pub mentions: Vec<PlainMention>,
    pub tags: Vec<PlainTag>,
}

pub fn strip(annotated: &str) -> Stripped {
    let mut out = Stripped { text: String::with_capacity(annotated.len()), ..Stripped::default() };
    // Tags of tag-only lines wait for the next paragraph that has text.
    let mut pending: Vec<(String, Span)> = Vec::new();
    let all: Vec<(usize, &str)> = lines(annotated).collect();
    for (n, &(start, line)) in all.iter().enumerate() {
        let terminator = match all.get(n + 1) {
            Some(&(next, _)) => &annotated[start + line.len()..next],
            None => "",
        };
        let markup = parse_line(line);
        if markup.is_tag_line(line) {
            pending.extend(markup.tags.iter().map(|t| (t.id.of(line).to_string(), t.span.shift(start))));
            if terminator.is_empty() {
                // A last line of tags takes the line break before it.
                let kept = out.text.strip_suffix("\r\n").or_else(|| out.text.strip_suffix(['\n', '\r']));
                let cut = kept.map_or(out.text.len(), str::len);
                out.text.truncate(cut);
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
                let surface = unescape(m.surface.of(line));
                let at = out.text.len();
                out.text.push_str(&surface);
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
                out.text.push_str(&line[i + 1..i + 2]);
                i += 2;
                continue;
            }
            let c = line[i..].chars().next().expect("i is on a char boundary");
            if !removed[i] {
                out.text.push(c);
            }
            i += c.len_utf8();
        }
        let paragraph = Span::new(para_start, out.text.len());
        out.tags.extend(pending.drain(..).map(|(id, source)| PlainTag { id, paragraph, source }));
        out.tags.extend(markup.tags.iter().map(|t| PlainTag {
            id: t.id.of(line).to_string(),
            paragraph,
            source: t.span.shift(start),
        }));
        out.text.push_str(terminator);
    }
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
