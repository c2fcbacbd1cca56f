//! CoNLL-2003-style BIO tags, one token a line (written only).

use super::{Document, label};
use crate::analysis::Span;

/// Tokens of a paragraph: runs of letters and digits, or single other
/// characters; whitespace separates; a token never crosses `cuts`.
pub fn tokens(text: &str, span: Span, cuts: &[usize]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut word: Option<usize> = None;
    let flush = |word: &mut Option<usize>, end: usize, out: &mut Vec<Span>| {
        if let Some(start) = word.take() {
            out.push(Span::new(start, end));
        }
    };
    for (i, c) in span.of(text).char_indices() {
        let at = span.start + i;
        if cuts.binary_search(&at).is_ok() {
            flush(&mut word, at, &mut out);
        }
        if c.is_whitespace() {
            flush(&mut word, at, &mut out);
        } else if c.is_alphanumeric() {
            word.get_or_insert(at);
        } else {
            flush(&mut word, at, &mut out);
            out.push(Span::new(at, at + c.len_utf8()));
        }
    }
    flush(&mut word, span.end, &mut out);
    out
}

pub fn conll(doc: &Document) -> String {
    let s = &doc.stripped;
    let mut cuts: Vec<usize> = s.mentions.iter().flat_map(|m| [m.span.start, m.span.end]).collect();
    cuts.sort_unstable();
    let mut out = String::from("-DOCSTART-\tO\n\n");
    let mut mentions = s.mentions.iter().zip(&doc.kinds).peekable();
    for (start, line) in crate::analysis::document::lines(&s.text) {
        let toks = tokens(&s.text, Span::new(start, start + line.len()), &cuts);
        if toks.is_empty() {
            continue;
        }
        for tok in toks {
            while mentions.next_if(|(m, _)| m.span.end <= tok.start).is_some() {}
            let tag = match mentions.peek() {
                Some((m, kind)) if m.span.start <= tok.start && tok.end <= m.span.end => {
                    format!("{}-{}", if m.span.start == tok.start { "B" } else { "I" }, label(**kind))
                }
                _ => "O".to_string(),
            };
            out.push_str(&format!("{}\t{tag}\n", tok.of(&s.text)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_at_punctuation_and_mentions() {
        let text = "“Blinken’s” U.S.-China talks";
        let toks: Vec<&str> = tokens(text, Span::new(0, text.len()), &[]).iter().map(|t| t.of(text)).collect();
        assert_eq!(toks, ["“", "Blinken", "’", "s", "”", "U", ".", "S", ".", "-", "China", "talks"]);
        let text = "BlinkenWang";
        let toks: Vec<&str> = tokens(text, Span::new(0, text.len()), &[7]).iter().map(|t| t.of(text)).collect();
        assert_eq!(toks, ["Blinken", "Wang"]);
    }

    #[test]
    fn conll_bio() {
        let cat = crate::analysis::fixture::catalogue(
            r#"{"entities": [{"id": "us", "name": "United States", "kind": "place", "aliases": ["U.S."]}], "tags": []}"#,
        );
        let doc = Document::new("a.txt".into(), "The [U.S.]{us} side.\n\n#t\nNext [x]{nope}.", Some(&cat));
        assert_eq!(
            conll(&doc),
            "-DOCSTART-\tO\n\nThe\tO\nU\tB-PLACE\n.\tI-PLACE\nS\tI-PLACE\n.\tI-PLACE\nside\tO\n.\tO\n\nNext\tO\nx\tB-UNKNOWN\n.\tO\n\n"
        );
    }
}
