//! Pure analysis: markup parser, catalogue, alias matcher, diagnostics, strip.
//!
//! Architecture invariant: nothing in here knows about LSP, files, async or
//! the terminal. Everything works on `&str` and byte offsets; a span is always
//! on `char` boundaries of the text it indexes. All markup is line-local, so a
//! document's analysis is the concatenation of its lines' analyses.

pub mod actions;
pub mod annotate;
pub mod candidates;
pub mod catalogue;
pub mod catalogue_doc;
pub mod catalogue_edit;
pub mod completion;
pub mod conflict;
pub mod diagnostics;
pub mod document;
pub mod hover;
pub mod index;
pub mod inlay;
pub mod kb;
pub mod line_index;
pub mod markup;
pub mod matcher;
pub mod names;
pub mod navigation;
pub mod scan;
pub mod semantic;
pub mod strip;
pub mod symbols;
pub mod unstrip;

#[cfg(test)]
pub(crate) mod fixture;

pub use catalogue::{Catalogue, Entity, Kind, Tag};
pub use diagnostics::{Code, Diagnostic, Fix, Level, Severity, SeverityConfig, TextEdit};
pub use document::{LineAnalysis, analyze_document, analyze_document_indexed, analyze_line};
pub use line_index::{LineCol, LineIndex, PositionEncoding};
pub use markup::{LineMarkup, MarkupError, MarkupErrorKind, Mention, TagUse};
pub use matcher::{AliasMatch, AliasMatcher};

/// A half-open byte range `start..end` into some text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub const fn len(self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// The same span moved right by `by` bytes.
    pub const fn shift(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    /// Like `contains`, but also true at the end (a cursor right after a word).
    pub const fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn of(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

/// `[a-z0-9]+(-[a-z0-9]+)*`: the shape of entity and tag ids.
pub fn is_slug(s: &str) -> bool {
    // One pass (every mention's and tag's id goes through here): no `-` first,
    // last or after another.
    let mut after_hyphen = true;
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => after_hyphen = false,
            b'-' if !after_hyphen => after_hyphen = true,
            _ => return false,
        }
    }
    !after_hyphen
}

/// Lower-cases and hyphenates `s` into the closest slug (`Antony_Blinken` → `antony-blinken`).
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "wang-yi", "g7", "2023-country-reports"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "Wang", "wang_yi", "wang yi", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(slugify("Antony_Blinken"), "antony-blinken");
        assert_eq!(slugify("  Wang  Yi!"), "wang-yi");
    }
}
