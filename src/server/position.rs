//! Byte offsets ⇄ LSP positions over a rope, in the negotiated encoding.
//!
//! The one place in the server where positions are converted. Columns are
//! counted by `analysis::line_index` (`encode_col`, `decode_col`) on the
//! line's content (its terminator excluded), so the server and the analysis
//! agree on what a line and a column are. Out-of-range input is clamped: a
//! line past the end gives the end of the text, a column past the end of its
//! line gives the end of that line, a column inside a character gives the
//! character's start.

use std::borrow::Cow;

use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{Position, Range};

use crate::analysis::Span;
use crate::analysis::line_index::{PositionEncoding, decode_col, encode_col};

/// Line `line`'s content without its terminator (`\n`, `\r\n` or `\r`).
/// `line` must be below `rope.len_lines()`.
pub fn line_slice(rope: &Rope, line: usize) -> RopeSlice<'_> {
    let slice = rope.line(line);
    let mut end = slice.len_bytes();
    if end > 0 && slice.byte(end - 1) == b'\n' {
        end -= 1;
    }
    if end > 0 && slice.byte(end - 1) == b'\r' {
        end -= 1;
    }
    slice.byte_slice(..end)
}

/// Line `line`'s content as a `&str` (borrowed when the rope holds it in one chunk).
pub fn line_text(rope: &Rope, line: usize) -> Cow<'_, str> {
    let slice = line_slice(rope, line);
    match slice.as_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(slice.to_string()),
    }
}

/// A rope seen through one position encoding.
#[derive(Clone, Copy)]
pub struct Positions<'r> {
    pub rope: &'r Rope,
    pub encoding: PositionEncoding,
}

impl<'r> Positions<'r> {
    pub fn new(rope: &'r Rope, encoding: PositionEncoding) -> Positions<'r> {
        Positions { rope, encoding }
    }

    /// The line (clamped to the last one) and the byte offset within it of `offset`.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.rope.len_bytes());
        let line = self.rope.byte_to_line(offset);
        (line, offset - self.rope.line_to_byte(line))
    }

    pub fn position(&self, offset: usize) -> Position {
        let (line, in_line) = self.line_of(offset);
        line_position(&line_text(self.rope, line), line, in_line, self.encoding)
    }

    /// The byte offset of `pos`, clamped (see the module documentation).
    pub fn offset(&self, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        self.rope.line_to_byte(line) + decode_col(&line_text(self.rope, line), pos.character, self.encoding)
    }

    /// The line of `pos` (if it is in the text) and the byte offset in that line.
    pub fn line_offset(&self, pos: Position) -> Option<(usize, usize)> {
        let line = pos.line as usize;
        (line < self.rope.len_lines())
            .then(|| (line, decode_col(&line_text(self.rope, line), pos.character, self.encoding)))
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The span of `range`; a reversed range is put in order.
    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}

/// The position of byte `at` of `line`, the content of line number `line_no`.
pub fn line_position(line: &str, line_no: usize, at: usize, encoding: PositionEncoding) -> Position {
    Position::new(line_no as u32, encode_col(line, at, encoding))
}

/// The range of the line-relative `span` of `line` (line number `line_no`).
pub fn line_range(line: &str, line_no: usize, span: Span, encoding: PositionEncoding) -> Range {
    Range::new(line_position(line, line_no, span.start, encoding), line_position(line, line_no, span.end, encoding))
}

/// The span of `range` in the line-relative terms of line `line_no`: `None`
/// when the range does not reach that line.
pub fn span_on_line(range: Range, line_no: usize, line: &str, enc: PositionEncoding) -> Option<Span> {
    let (start, end) = (range.start.line as usize, range.end.line as usize);
    if line_no < start || line_no > end {
        return None;
    }
    let from = if line_no == start { decode_col(line, range.start.character, enc) } else { 0 };
    let to = if line_no == end { decode_col(line, range.end.character, enc) } else { line.len() };
    Some(Span::new(from.min(to), from.max(to)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::*;

    /// Seed text: curly quotes, an em dash, and an emoji outside the BMP; all three line ends.
    const TEXT: &str = "“In every engagement,” Blinken’s aide said — 😀 [Wang Yi]{wang-yi}\r\nnext\rlast\n";

    #[test]
    fn round_trips_in_each_encoding() {
        let rope = Rope::from_str(TEXT);
        let at = TEXT.find("[Wang").unwrap();
        let chars = TEXT[..at].chars().count() as u32;
        for (enc, col) in [(Utf8, at as u32), (Utf16, chars + 1), (Utf32, chars)] {
            let p = Positions::new(&rope, enc);
            assert_eq!(p.position(at), Position::new(0, col), "{enc:?}");
            assert_eq!(p.offset(Position::new(0, col)), at, "{enc:?}");
            for offset in TEXT.char_indices().map(|(i, _)| i) {
                let pos = p.position(offset);
                let back = p.offset(pos);
                // Offsets inside a line terminator map to the line's end.
                let (line, _) = p.line_of(offset);
                let end = rope.line_to_byte(line) + line_slice(&rope, line).len_bytes();
                assert_eq!(back, offset.min(end), "{enc:?} at {offset}");
            }
        }
        let p = Positions::new(&rope, Utf16);
        assert_eq!(p.position(TEXT.find("next").unwrap()), Position::new(1, 0));
        assert_eq!(p.position(TEXT.find("last").unwrap()), Position::new(2, 0));
        assert_eq!(p.position(TEXT.len()), Position::new(3, 0));
    }

    #[test]
    fn a_range_seen_from_each_line() {
        let line = "“a” — b";
        let range = Range::new(Position::new(1, 2), Position::new(3, 5));
        assert_eq!(span_on_line(range, 0, line, Utf16), None);
        assert_eq!(span_on_line(range, 1, line, Utf16), Some(Span::new("“a".len(), line.len())));
        assert_eq!(span_on_line(range, 2, line, Utf16), Some(Span::new(0, line.len())));
        assert_eq!(span_on_line(range, 3, line, Utf16), Some(Span::new(0, "“a” —".len())));
        assert_eq!(span_on_line(range, 4, line, Utf16), None);
    }

    #[test]
    fn clamps() {
        let rope = Rope::from_str(TEXT);
        let p = Positions::new(&rope, Utf16);
        let line0_end = TEXT.find('\r').unwrap();
        assert_eq!(p.offset(Position::new(0, 10_000)), line0_end);
        assert_eq!(p.offset(Position::new(99, 3)), TEXT.len());
        assert_eq!(p.line_offset(Position::new(99, 3)), None);
        let emoji = TEXT.find('😀').unwrap();
        let col = p.position(emoji).character;
        assert_eq!(p.offset(Position::new(0, col + 1)), emoji, "inside a surrogate pair");
        let p8 = Positions::new(&rope, Utf8);
        assert_eq!(p8.offset(Position::new(0, 1)), 0, "inside “");
        assert_eq!(p.position(usize::MAX), Position::new(3, 0));
        let reversed = Range::new(Position::new(1, 2), Position::new(0, 0));
        assert_eq!(p.span(reversed), Span::new(0, TEXT.find("next").unwrap() + 2));
    }
}
