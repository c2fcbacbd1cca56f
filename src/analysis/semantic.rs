//! Semantic tokens of a corpus line: a mention's surface by its entity's
//! kind, its `{id}` part, tags, escapes; ids and tags missing from the
//! catalogue carry the `unknown` modifier.

use super::Span;
use super::catalogue::{Catalogue, Kind};
use super::document::LineAnalysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A mention's surface; an unknown id's surface is [`Kind::Other`].
    Surface(Kind),
    /// `{id}`, braces included.
    Id,
    /// `#id`.
    Tag,
    /// `\[` and the like.
    Escape,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Line-relative, never empty; tokens do not overlap and come in order.
    pub span: Span,
    pub kind: TokenKind,
    /// The id or tag is not in the catalogue.
    pub unknown: bool,
}

/// The tokens of one analysed line, in order.
pub fn line_tokens(line: &str, analysis: &LineAnalysis, catalogue: &Catalogue) -> Vec<Token> {
    let markup = &analysis.markup;
    let mut out = Vec::new();
    for m in &markup.mentions {
        let entity = catalogue.entity(m.id.of(line));
        let unknown = entity.is_none();
        let kind = TokenKind::Surface(entity.map_or(Kind::Other, |e| e.kind));
        // The surface, cut around the escapes inside it (they are tokens of their own).
        let mut from = m.surface.start;
        for e in markup.escapes.iter().filter(|e| m.surface.start <= e.start && e.end <= m.surface.end) {
            if e.start > from {
                out.push(Token { span: Span::new(from, e.start), kind, unknown });
            }
            from = e.end;
        }
        if m.surface.end > from {
            out.push(Token { span: Span::new(from, m.surface.end), kind, unknown });
        }
        out.push(Token { span: Span::new(m.id.start - 1, m.id.end + 1), kind: TokenKind::Id, unknown });
    }
    for t in &markup.tags {
        out.push(Token { span: t.span, kind: TokenKind::Tag, unknown: catalogue.tag(t.id.of(line)).is_none() });
    }
    for &e in &markup.escapes {
        out.push(Token { span: e, kind: TokenKind::Escape, unknown: false });
    }
    out.sort_by_key(|t| t.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SeverityConfig;
    use crate::analysis::document::analyze_line;

    #[test]
    fn tokens_of_a_line() {
        let cat = crate::analysis::fixture::catalogue(
            r#"{"entities": [{"id": "wang-yi", "name": "Wang Yi", "kind": "person"},
                             {"id": "xinjiang", "name": "Xinjiang", "kind": "place"}],
                "tags": [{"id": "taiwan", "label": "Taiwan"}]}"#,
        );
        let line = "“[Wang Yi]{wang-yi}” — [X\\]j]{xinjiang} 😀 [Z]{nobody} #taiwan #nope \\#x".to_string();
        let analysis = analyze_line(&line, &cat, &SeverityConfig::default());
        let got: Vec<(&str, TokenKind, bool)> =
            line_tokens(&line, &analysis, &cat).iter().map(|t| (t.span.of(&line), t.kind, t.unknown)).collect();
        use TokenKind::*;
        assert_eq!(
            got,
            [
                ("Wang Yi", Surface(Kind::Person), false),
                ("{wang-yi}", Id, false),
                ("X", Surface(Kind::Place), false),
                ("\\]", Escape, false),
                ("j", Surface(Kind::Place), false),
                ("{xinjiang}", Id, false),
                ("Z", Surface(Kind::Other), true),
                ("{nobody}", Id, true),
                ("#taiwan", Tag, false),
                ("#nope", Tag, true),
                ("\\#", Escape, false),
            ]
        );
    }
}
