//! Byte offsets ⇄ (line, column) in UTF-8, UTF-16 or UTF-32 code units.
//!
//! The one place where columns are counted. Lines end at `\n`, `\r\n` or a
//! lone `\r`, as in LSP and as `ropey` with `cr_lines` counts them. Every
//! conversion clamps: a line past the end gives the end of the text, a column
//! past the end of its line gives the end of that line, and a column inside a
//! character (a UTF-8 continuation byte, the second half of a surrogate pair)
//! gives the start of that character.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl PositionEncoding {
    /// Code units of `c` in this encoding.
    pub const fn units(self, c: char) -> usize {
        match self {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
            PositionEncoding::Utf32 => 1,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            PositionEncoding::Utf8 => "utf-8",
            PositionEncoding::Utf16 => "utf-16",
            PositionEncoding::Utf32 => "utf-32",
        }
    }
}

/// Zero-based line and column (in code units of some encoding).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Column of byte `at` in `line` (clamped to the line and to a char start).
pub fn encode_col(line: &str, at: usize, enc: PositionEncoding) -> u32 {
    let at = floor_char_boundary(line, at.min(line.len()));
    let head = &line[..at];
    let units = match enc {
        PositionEncoding::Utf8 => head.len(),
        PositionEncoding::Utf16 => head.chars().map(char::len_utf16).sum(),
        PositionEncoding::Utf32 => head.chars().count(),
    };
    units as u32
}

/// Byte offset in `line` of column `col` (clamped as the module says).
pub fn decode_col(line: &str, col: u32, enc: PositionEncoding) -> usize {
    let col = col as usize;
    if enc == PositionEncoding::Utf8 {
        return floor_char_boundary(line, col.min(line.len()));
    }
    let mut units = 0;
    for (at, c) in line.char_indices() {
        let next = units + enc.units(c);
        if next > col {
            return at;
        }
        units = next;
    }
    line.len()
}

/// The largest char boundary of `s` at or before `at`.
pub fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Line starts of a text, for converting many offsets in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// `(start, end)` of each line's content, terminator excluded.
    lines: Vec<(usize, usize)>,
}

/// Each line's start and end (without its terminator): the lines of
/// [`super::document::lines`], cut in one vectorised pass over the breaks
/// ([`super::scan::for_each_break`]).
pub fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    super::scan::for_each_break(bytes, |end| {
        // (The `\n` of a `\r\n` already ended its line.)
        if end >= start {
            lines.push((start, end));
            start = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') { end + 2 } else { end + 1 };
        }
    });
    lines.push((start, text.len()));
    lines
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex { lines: line_spans(text) }
    }

    /// The index of a text whose [`line_spans`] these are.
    pub fn from_spans(lines: Vec<(usize, usize)>) -> LineIndex {
        LineIndex { lines }
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The content of line `line` (0-based), clamped to the last line.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> (usize, &'t str) {
        let (start, end) = self.lines[line.min(self.lines.len() - 1)];
        (start, &text[start..end])
    }

    /// Line (0-based) containing byte `offset`; an offset in a terminator
    /// belongs to the line it ends.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|&(start, _)| start <= offset).saturating_sub(1)
    }

    pub fn line_col(&self, text: &str, offset: usize, enc: PositionEncoding) -> LineCol {
        let line = self.line_of(offset);
        let (start, content) = self.line(text, line);
        LineCol { line: line as u32, col: encode_col(content, offset.saturating_sub(start), enc) }
    }

    /// [`line_col`](Self::line_col), counting the column on from the last
    /// offset asked (`last`: its line, its place in the line and its column;
    /// `(usize::MAX, 0, 0)` at first) when this one is on the same line and
    /// not before it: a file's diagnostics, asked in order, count each line's
    /// characters about once.
    pub fn line_col_after(
        &self,
        text: &str,
        offset: usize,
        enc: PositionEncoding,
        last: &mut (usize, usize, u32),
    ) -> LineCol {
        let line = self.line_of(offset);
        let (start, content) = self.line(text, line);
        let at = floor_char_boundary(content, offset.saturating_sub(start).min(content.len()));
        let col = if last.0 == line && last.1 <= at {
            last.2 + encode_col(&content[last.1..], at - last.1, enc)
        } else {
            encode_col(content, at, enc)
        };
        *last = (line, at, col);
        LineCol { line: line as u32, col }
    }

    pub fn offset(&self, text: &str, pos: LineCol, enc: PositionEncoding) -> usize {
        if pos.line as usize >= self.lines.len() {
            return text.len();
        }
        let (start, content) = self.line(text, pos.line as usize);
        start + decode_col(content, pos.col, enc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::document::lines;
    use PositionEncoding::*;

    /// From the seeds: curly quotes, an em dash, and an emoji outside the BMP.
    const TEXT: &str = "“In every engagement,” Blinken’s aide said — 😀 [Wang Yi]{wang-yi}\r\nnext\rlast";

    proptest::proptest! {
        /// The lines of `document::lines`, whatever the breaks.
        #[test]
        fn lines_as_document_cuts_them(parts in proptest::collection::vec(proptest::sample::select(vec!["a", "é", "\n", "\r", "\r\n", "", "abcdefghijklmnopqrstuvwxyz0123456789"]), 0..60)) {
            let text: String = parts.concat();
            let expected: Vec<(usize, usize)> = lines(&text).map(|(start, line)| (start, start + line.len())).collect();
            proptest::prop_assert_eq!(LineIndex::new(&text).lines, expected);
        }
    }

    proptest::proptest! {
        /// Columns counted on from the last offset are the columns counted
        /// from each line's start, offsets in any order, inside characters
        /// and terminators too.
        #[test]
        fn line_col_after_as_line_col(
            parts in proptest::collection::vec(proptest::sample::select(vec!["a", "é", "😀", "\n", "\r\n", "ab c"]), 0..30),
            offsets in proptest::collection::vec(0usize..80, 0..20),
            sorted in proptest::bool::ANY,
        ) {
            let text: String = parts.concat();
            let index = LineIndex::new(&text);
            let mut offsets: Vec<usize> = offsets.into_iter().map(|o| o.min(text.len())).collect();
            if sorted {
                offsets.sort_unstable();
            }
            for enc in [Utf8, Utf16, Utf32] {
                let mut last = (usize::MAX, 0, 0);
                for &o in &offsets {
                    proptest::prop_assert_eq!(index.line_col_after(&text, o, enc, &mut last), index.line_col(&text, o, enc));
                }
            }
        }
    }

    #[test]
    fn columns_in_each_encoding() {
        let idx = LineIndex::new(TEXT);
        assert_eq!(idx.line_count(), 3);
        let at = TEXT.find("[Wang").unwrap();
        // “ is 3 bytes, 1 UTF-16 unit; — 3 bytes, 1 unit; 😀 4 bytes, 2 units, 1 scalar.
        let chars = TEXT[..at].chars().count() as u32;
        assert_eq!(idx.line_col(TEXT, at, Utf8), LineCol { line: 0, col: at as u32 });
        assert_eq!(idx.line_col(TEXT, at, Utf16), LineCol { line: 0, col: chars + 1 });
        assert_eq!(idx.line_col(TEXT, at, Utf32), LineCol { line: 0, col: chars });
        for enc in [Utf8, Utf16, Utf32] {
            let pos = idx.line_col(TEXT, at, enc);
            assert_eq!(idx.offset(TEXT, pos, enc), at, "{enc:?}");
        }
        let next = TEXT.find("next").unwrap();
        assert_eq!(idx.line_col(TEXT, next, Utf16), LineCol { line: 1, col: 0 });
        assert_eq!(idx.offset(TEXT, LineCol { line: 2, col: 2 }, Utf16), TEXT.len() - 2);
    }

    #[test]
    fn clamps() {
        let idx = LineIndex::new(TEXT);
        let line0_end = TEXT.find('\r').unwrap();
        assert_eq!(idx.offset(TEXT, LineCol { line: 0, col: 10_000 }, Utf16), line0_end);
        assert_eq!(idx.offset(TEXT, LineCol { line: 99, col: 0 }, Utf16), TEXT.len());
        // Inside “ (UTF-8 byte 1) and inside 😀's surrogate pair: the char's start.
        assert_eq!(idx.offset(TEXT, LineCol { line: 0, col: 1 }, Utf8), 0);
        let emoji = TEXT.find('😀').unwrap();
        let col = idx.line_col(TEXT, emoji, Utf16).col;
        assert_eq!(idx.offset(TEXT, LineCol { line: 0, col: col + 1 }, Utf16), emoji);
        // An offset in the \r\n terminator belongs to line 0.
        assert_eq!(idx.line_of(line0_end + 1), 0);
    }
}
