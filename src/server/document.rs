//! The document store: open documents as ropes, with their analysis kept
//! line by line under incremental edits.
//!
//! # Invariant
//!
//! For every [`Document`] `d`, between two calls on it:
//! - `d.analyses.len() == d.rope.len_lines()` (lines as LSP counts them: a
//!   text ending in a line break has an empty last line), and
//! - `d.analyses[i] == analyze_line(content of line i, &d.catalogue, &d.severities)`.
//!
//! Markup is line-local, so an edit changes the analysis of the lines it
//! touches only: [`Document::apply_change`] re-analyses those lines and
//! splices them in, so the cost follows the edit, not the document. The
//! touched lines are those of the edit's start and end in the old text, and
//! as many in the new text as the line count changed by. A position never
//! falls inside a `\r\n` (a column past a line's content is its end), and a
//! `\r` and a `\n` that an edit joins lie within that window; the property
//! test below checks the invariant after random edits full of `\r`, `\n`
//! and wide characters. The
//! returned [`LineSplice`] tells the caller which lines changed, so the
//! workspace index (one summary per line) is spliced the same way.
//!
//! Each line also keeps its diagnostics converted to LSP diagnostics and
//! serialised as JSON with the line numbers cut out ([`LineJson`]): a line's
//! number changes when lines are inserted or removed above it, its bytes do
//! not. So a keystroke converts and serialises only the lines it touched,
//! and the lines' bytes with their current numbers written into the holes
//! are kept assembled, in line order, in one buffer (`body`, with where each
//! line starts). An edit that keeps the line count (typing inside a line)
//! replaces its lines' slice of that buffer; one that adds or removes lines
//! writes it again from the first line touched, since every number below
//! changes. A publish then copies one slice
//! ([`Document::write_diagnostics_json`]) rather than visiting every line
//! that has a diagnostic (three pointers each, cache misses on a long
//! document). The property test checks that these bytes are those of
//! serialising [`Document::lsp_diagnostics`] after every edit.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types;

use super::position::{Positions, line_text};
use super::proto;
use crate::analysis::conflict::{self, Conflicts};
use crate::analysis::index::{LineSummary, summarize_line};
use crate::analysis::{Catalogue, Diagnostic, LineAnalysis, PositionEncoding, SeverityConfig, analyze_line};

/// Lines `old` of the text before an edit became lines `new` after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineSplice {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// Applies one LSP content change to `rope` (the whole text when `range` is
/// `None`) and returns the lines it changed.
pub fn edit_rope(
    rope: &mut Rope,
    range: Option<ls_types::Range>,
    text: &str,
    encoding: PositionEncoding,
) -> LineSplice {
    let old_lines = rope.len_lines();
    let Some(range) = range else {
        *rope = Rope::from_str(text);
        return LineSplice { old: 0..old_lines, new: 0..rope.len_lines() };
    };
    let span = Positions::new(rope, encoding).span(range);
    let first = rope.byte_to_line(span.start);
    let last = rope.byte_to_line(span.end);
    let (start, end) = (rope.byte_to_char(span.start), rope.byte_to_char(span.end));
    rope.remove(start..end);
    rope.insert(start, text);
    let new_last = (last + rope.len_lines()).saturating_sub(old_lines);
    LineSplice { old: first..last + 1, new: first..new_last + 1 }
}

/// An open corpus document.
#[derive(Debug)]
pub struct Document {
    pub version: i32,
    pub rope: Rope,
    /// The catalogue and severities the analysis was made with.
    pub catalogue: Arc<Catalogue>,
    pub severities: SeverityConfig,
    /// The session's position encoding, in which `published` counts columns.
    encoding: PositionEncoding,
    analyses: Vec<LineAnalysis>,
    /// Line `i`'s diagnostics as LSP diagnostics on line 0 (columns done):
    /// a pull only sets the line numbers, so a keystroke converts the lines
    /// it touched and not the whole document.
    published: Vec<Vec<ls_types::Diagnostic>>,
    /// The same serialised, without their line numbers (`None`: no
    /// diagnostic, so the pass over a long document's clean lines is short):
    /// a publish copies bytes and writes numbers rather than serialising the
    /// whole list again.
    json: Vec<Option<Box<LineJson>>>,
    /// Every line's JSON with its number written in and a `,` after it, in
    /// line order: the publish list's bytes (less the last comma).
    body: Vec<u8>,
    /// `body_starts[i]`: where line `i`'s bytes begin in `body`; one entry
    /// more than lines (the end of `body`).
    body_starts: Vec<usize>,
    /// The conflict blocks of the whole text (`analysis::conflict`), empty
    /// when it has no marker line; kept in step by every change that had or
    /// makes a marker line.
    conflicts: Conflicts,
    /// Their diagnostics: spans into the whole text, as LSP diagnostics, and
    /// those serialised (comma-separated, appended after the lines' JSON).
    conflict_diagnostics: Vec<Diagnostic>,
    conflict_lsp: Vec<ls_types::Diagnostic>,
    conflict_json: Vec<u8>,
    /// Per line, whether corpus counts read it (empty: every line).
    counted: Vec<bool>,
}

/// One line's LSP diagnostics as `serde_json` writes them (objects separated
/// by commas), with every `"line"` value cut out: `holes[k]` is where the
/// `k`-th number goes in `bytes`. The range's line numbers are the only
/// numbers that depend on where the line is, so these bytes stay valid while
/// lines above are inserted or removed; they change only with the line's
/// own analysis (its text, the catalogue, the severities).
#[derive(Debug, Clone, PartialEq, Eq)]
struct LineJson {
    bytes: Box<[u8]>,
    holes: Box<[u32]>,
}

/// The line number the diagnostics are serialised with, found again as
/// `"line":4294967295`. Inside a JSON string every `"` is escaped, so text of
/// a message can never look like this key.
const HOLE_LINE: u32 = u32::MAX;
const HOLE_KEY: &[u8] = b"\"line\":4294967295";
const HOLE_DIGITS: usize = 10;

impl LineJson {
    /// Serialises `list` (diagnostics with `range.*.line == HOLE_LINE`).
    fn new(list: &[ls_types::Diagnostic]) -> Option<Box<LineJson>> {
        if list.is_empty() {
            return None;
        }
        let mut full = Vec::new();
        for (k, d) in list.iter().enumerate() {
            if k > 0 {
                full.push(b',');
            }
            serde_json::to_writer(&mut full, d).expect("serialising to memory cannot fail");
        }
        let mut bytes = Vec::with_capacity(full.len());
        let mut holes = Vec::with_capacity(2 * list.len());
        let mut from = 0;
        for at in memchr::memmem::find_iter(&full, HOLE_KEY) {
            let digits = at + HOLE_KEY.len() - HOLE_DIGITS;
            bytes.extend_from_slice(&full[from..digits]);
            holes.push(bytes.len() as u32);
            from = digits + HOLE_DIGITS;
        }
        bytes.extend_from_slice(&full[from..]);
        debug_assert_eq!(holes.len(), 2 * list.len(), "a start and an end line per diagnostic");
        Some(Box::new(LineJson { bytes: bytes.into(), holes: holes.into() }))
    }

    /// Appends the objects with `line` in the holes.
    fn write(&self, line: usize, out: &mut Vec<u8>) {
        let mut number = itoa::Buffer::new();
        let number = number.format(line).as_bytes();
        let mut from = 0;
        for &hole in &self.holes {
            out.extend_from_slice(&self.bytes[from..hole as usize]);
            out.extend_from_slice(number);
            from = hole as usize;
        }
        out.extend_from_slice(&self.bytes[from..]);
    }
}

/// Lines' analyses, LSP diagnostics and their JSON.
type Analysed = (Vec<LineAnalysis>, Vec<Vec<ls_types::Diagnostic>>, Vec<Option<Box<LineJson>>>);

/// Appends line `line`'s part of `body`: its JSON with its number written in
/// and a `,` after it, or nothing for a line without diagnostics.
fn write_body_line(json: Option<&LineJson>, line: usize, out: &mut Vec<u8>) {
    if let Some(json) = json {
        json.write(line, out);
        out.push(b',');
    }
}

impl Document {
    pub fn new(
        text: &str,
        version: i32,
        catalogue: Arc<Catalogue>,
        severities: SeverityConfig,
        encoding: PositionEncoding,
    ) -> Document {
        let mut doc = Document {
            version,
            rope: Rope::from_str(text),
            catalogue,
            severities,
            encoding,
            analyses: Vec::new(),
            published: Vec::new(),
            json: Vec::new(),
            body: Vec::new(),
            body_starts: Vec::new(),
            conflicts: Conflicts::default(),
            conflict_diagnostics: Vec::new(),
            conflict_lsp: Vec::new(),
            conflict_json: Vec::new(),
            counted: Vec::new(),
        };
        (doc.analyses, doc.published, doc.json) = doc.analyze(0..doc.rope.len_lines());
        doc.write_body_from(0);
        if conflict::may_have_markers(text) {
            doc.refresh_conflicts();
        }
        doc
    }

    /// Parses the blocks of the whole text again, with their diagnostics.
    fn refresh_conflicts(&mut self) {
        let text = self.rope.to_string();
        self.conflicts = conflict::parse(&text);
        self.conflict_diagnostics = conflict::block_diagnostics(&text, &self.conflicts, &self.severities);
        let pos = Positions::new(&self.rope, self.encoding);
        self.conflict_lsp = self.conflict_diagnostics.iter().map(|d| proto::diagnostic(&pos, d)).collect();
        self.conflict_json.clear();
        for (k, d) in self.conflict_lsp.iter().enumerate() {
            if k > 0 {
                self.conflict_json.push(b',');
            }
            serde_json::to_writer(&mut self.conflict_json, d).expect("serialising to memory cannot fail");
        }
        self.counted = if self.conflicts.blocks.is_empty() {
            Vec::new()
        } else {
            conflict::counted_lines(&self.conflicts, self.rope.len_lines())
        };
    }

    /// The conflict blocks of the text.
    pub fn conflicts(&self) -> &Conflicts {
        &self.conflicts
    }

    /// The conflict blocks' diagnostics (spans into the whole text).
    pub fn conflict_diagnostics(&self) -> &[Diagnostic] {
        &self.conflict_diagnostics
    }

    fn analyze(&self, lines: Range<usize>) -> Analysed {
        let (mut analyses, mut published, mut json) = (Vec::new(), Vec::new(), Vec::new());
        for i in lines {
            let line = line_text(&self.rope, i);
            let analysis = analyze_line(&line, &self.catalogue, &self.severities);
            let hole = HOLE_LINE as usize;
            let mut lsp: Vec<ls_types::Diagnostic> =
                analysis.diagnostics.iter().map(|d| proto::line_diagnostic(&line, hole, d, self.encoding)).collect();
            json.push(LineJson::new(&lsp));
            for d in &mut lsp {
                (d.range.start.line, d.range.end.line) = (0, 0);
            }
            analyses.push(analysis);
            published.push(lsp);
        }
        (analyses, published, json)
    }

    /// Applies one content change and re-analyses the lines it touched.
    pub fn apply_change(
        &mut self,
        range: Option<ls_types::Range>,
        text: &str,
        encoding: PositionEncoding,
    ) -> LineSplice {
        let old_lines = self.analyses.len();
        let splice = edit_rope(&mut self.rope, range, text, encoding);
        let (analyses, published, json) = self.analyze(splice.new.clone());
        self.analyses.splice(splice.old.clone(), analyses);
        self.published.splice(splice.old.clone(), published);
        self.json.splice(splice.old.clone(), json);
        if splice.old == splice.new {
            self.splice_body(splice.new.clone());
        } else {
            self.write_body_from(splice.old.start.min(splice.new.start));
        }
        debug_assert_eq!(self.analyses.len(), self.rope.len_lines());
        // Every marker line is part of a block or a malformed one, so a text
        // without blocks gains one only through a changed line.
        let marker_now = splice.new.clone().any(|i| conflict::marker(&line_text(&self.rope, i)).is_some());
        if self.conflicts.is_empty() && !marker_now {
            return splice;
        }
        self.refresh_conflicts();
        // Which lines corpus counts read may have changed anywhere.
        LineSplice { old: 0..old_lines, new: 0..self.rope.len_lines() }
    }

    /// Re-analyses every line with another catalogue or other severities.
    pub fn reanalyze(&mut self, catalogue: Arc<Catalogue>, severities: SeverityConfig) {
        self.catalogue = catalogue;
        self.severities = severities;
        (self.analyses, self.published, self.json) = self.analyze(0..self.rope.len_lines());
        self.write_body_from(0);
        if !self.conflicts.is_empty() {
            self.refresh_conflicts();
        }
    }

    /// Writes `body` again from line `first` on (every line's number from
    /// there may have changed).
    fn write_body_from(&mut self, first: usize) {
        // Lines before `first` kept their bytes and numbers.
        let first = if first < self.body_starts.len() { first } else { 0 };
        self.body.truncate(self.body_starts.get(first).copied().unwrap_or(0));
        self.body_starts.truncate(first);
        for (line, json) in self.json.iter().enumerate().skip(first) {
            self.body_starts.push(self.body.len());
            write_body_line(json.as_deref(), line, &mut self.body);
        }
        self.body_starts.push(self.body.len());
    }

    /// Replaces the bytes of `lines` (the line count unchanged, so no other
    /// line's number moved).
    fn splice_body(&mut self, lines: Range<usize>) {
        let (from, to) = (self.body_starts[lines.start], self.body_starts[lines.end]);
        let mut bytes = Vec::new();
        for line in lines.clone() {
            self.body_starts[line] = from + bytes.len();
            write_body_line(self.json[line].as_deref(), line, &mut bytes);
        }
        let (old, new) = (to - from, bytes.len());
        self.body.splice(from..to, bytes);
        if new != old {
            for start in &mut self.body_starts[lines.end..] {
                *start = *start - old + new;
            }
        }
    }

    /// The lines' part of the list: `body` less its last comma.
    fn body_json(&self) -> &[u8] {
        &self.body[..self.body.len().saturating_sub(1)]
    }

    /// How many bytes [`Document::write_diagnostics_json`] appends.
    pub fn diagnostics_json_len(&self) -> usize {
        let (lines, conflicts) = (self.body_json().len(), self.conflict_json.len());
        let comma = usize::from(lines > 0 && conflicts > 0);
        2 + lines + comma + conflicts
    }

    /// Appends every diagnostic of the document as a JSON array: the bytes
    /// `serde_json` writes for [`Document::lsp_diagnostics`], copied from
    /// the lines' kept JSON with their numbers written in.
    pub fn write_diagnostics_json(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        let lines = self.body_json();
        out.extend_from_slice(lines);
        if !self.conflict_json.is_empty() {
            if !lines.is_empty() {
                out.push(b',');
            }
            out.extend_from_slice(&self.conflict_json);
        }
        out.push(b']');
    }

    /// Every diagnostic of the document as LSP diagnostics, line by line.
    pub fn lsp_diagnostics(&self) -> Vec<ls_types::Diagnostic> {
        let mut out = Vec::with_capacity(self.published.iter().map(Vec::len).sum());
        for (line, list) in self.published.iter().enumerate() {
            out.extend(list.iter().map(|d| {
                let mut d = d.clone();
                d.range.start.line = line as u32;
                d.range.end.line = line as u32;
                d
            }));
        }
        out.extend(self.conflict_lsp.iter().cloned());
        out
    }

    pub fn line_count(&self) -> usize {
        self.analyses.len()
    }

    pub fn line(&self, line: usize) -> Cow<'_, str> {
        line_text(&self.rope, line)
    }

    pub fn analysis(&self, line: usize) -> Option<&LineAnalysis> {
        self.analyses.get(line)
    }

    pub fn analyses(&self) -> &[LineAnalysis] {
        &self.analyses
    }

    /// The byte offset where line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.rope.line_to_byte(line)
    }

    /// The index summaries of `lines` (for splicing the workspace index).
    pub fn summaries(&self, lines: Range<usize>) -> Vec<LineSummary> {
        lines
            .map(|i| match self.counted.get(i) {
                Some(false) => LineSummary::new(),
                _ => summarize_line(&self.line(i), &self.analyses[i], &self.catalogue),
            })
            .collect()
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::catalogue::Catalogue;
    use crate::analysis::index::{FileIndex, summarize_text};
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::Position;

    fn catalogue() -> Arc<Catalogue> {
        Arc::new(crate::analysis::fixture::catalogue(
            r#"{"entities": [
                    {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
                    {"id": "wang-yi", "name": "Wang Yi", "kind": "person"}
                ], "tags": [{"id": "taiwan", "label": "Taiwan"}]}"#,
        ))
    }

    fn fresh(text: &str) -> Vec<LineAnalysis> {
        Document::new(text, 0, catalogue(), SeverityConfig::default(), PositionEncoding::Utf16).analyses
    }

    #[test]
    fn an_edit_reanalyses_its_lines() {
        let text = "“Blinken’s” trip — [Wang Yi]{wang-yi}\r\nsecond 😀 #taiwan\nthird";
        let mut doc = Document::new(text, 1, catalogue(), SeverityConfig::default(), PositionEncoding::Utf16);
        // Break the id on line 0: `wang-yi` → `wang-yx` (UTF-16 columns).
        let col = text[..text.find("yi}").unwrap()].encode_utf16().count() as u32 + 1;
        let range = ls_types::Range::new(Position::new(0, col), Position::new(0, col + 1));
        let splice = doc.apply_change(Some(range), "x", PositionEncoding::Utf16);
        assert_eq!(splice, LineSplice { old: 0..1, new: 0..1 });
        assert_eq!(doc.text(), text.replace("wang-yi", "wang-yx"));
        assert_eq!(doc.analyses, fresh(&doc.text()));
        assert_eq!(doc.analysis(0).unwrap().diagnostics[1].code, crate::analysis::Code::UnknownEntity);
    }

    #[test]
    fn line_breaks_that_join_or_part() {
        let p = |line, character| Position::new(line, character);
        let cases = [
            // `\r` then `\n` become one break: `x\r|z|\n#taiwan` → `x\r\n#taiwan`.
            ("x\rz\n#taiwan", ls_types::Range::new(p(1, 0), p(1, 1)), "", "x\r\n#taiwan"),
            // A column inside `\r\n` is the line's end: a position cannot part it.
            ("Blinken\r\n#taiwan", ls_types::Range::new(p(0, 8), p(0, 8)), "Blinken", "BlinkenBlinken\r\n#taiwan"),
            // Deleting the `\r` of `\r\n` keeps the break (the range ends at the next line).
            ("Blinken\r\n#taiwan", ls_types::Range::new(p(0, 6), p(1, 0)), "n\n", "Blinken\n#taiwan"),
            // `\n` typed after a lone `\r`.
            ("a\r[Wang Yi]{wang-yi}", ls_types::Range::new(p(1, 0), p(1, 0)), "\n", "a\r\n[Wang Yi]{wang-yi}"),
        ];
        for (before, range, insert, after) in cases {
            let mut doc = Document::new(before, 0, catalogue(), SeverityConfig::default(), PositionEncoding::Utf16);
            doc.apply_change(Some(range), insert, PositionEncoding::Utf16);
            assert_eq!(doc.text(), after, "{before:?}");
            assert_eq!(doc.analyses, fresh(after), "{before:?}");
        }
    }

    /// Text made of pieces that stress line ends and wide characters.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "\n",
            "\r",
            "\r\n",
            "a",
            "Blinken",
            "[Wang Yi]{wang-yi}",
            "#taiwan",
            "“",
            "—",
            "😀",
            " ",
            "[",
            "]{",
            "}",
        ])
    }

    /// A model of an LSP edit on a plain `String`, written without the rope or
    /// `line_index`: lines end at `\r\n`, `\r` or `\n`; a line past the end is
    /// the end of the text, a column past the end of its line is the line's end,
    /// a column inside a character is the character's start.
    fn model_offset(text: &str, pos: Position, enc: PositionEncoding) -> usize {
        let mut line_start = 0;
        for _ in 0..pos.line {
            let rest = &text[line_start..];
            match rest.find(['\r', '\n']) {
                Some(i) if rest[i..].starts_with("\r\n") => line_start += i + 2,
                Some(i) => line_start += i + 1,
                None => return text.len(),
            }
        }
        let rest = &text[line_start..];
        let content = &rest[..rest.find(['\r', '\n']).unwrap_or(rest.len())];
        let mut units = 0;
        for (at, c) in content.char_indices() {
            let width = match enc {
                PositionEncoding::Utf8 => c.len_utf8(),
                PositionEncoding::Utf16 => c.len_utf16(),
                PositionEncoding::Utf32 => 1,
            } as u32;
            if units + width > pos.character {
                return line_start + at;
            }
            units += width;
        }
        line_start + content.len()
    }

    fn model_edit(text: &mut String, range: ls_types::Range, insert: &str, enc: PositionEncoding) {
        let (a, b) = (model_offset(text, range.start, enc), model_offset(text, range.end, enc));
        text.replace_range(a.min(b)..a.max(b), insert);
    }

    /// Cases from `PROPTEST_CASES` (the long mode), else `default`.
    fn cases(default: u32) -> u32 {
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
    }

    proptest! {
        // 256 cases × ~10 edits here; the long mode (docs/src/testing.md) runs `PROPTEST_CASES=10000`: > 100,000 edits.
        #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

        /// After every edit of any sequence, in any encoding, the rope holds the text the
        /// model expects and the incremental analysis (and index) equals a fresh one.
        #[test]
        fn incremental_equals_fresh(
            start in prop::collection::vec(piece(), 0..16),
            edits in prop::collection::vec(
                (0u32..7, 0u32..40, 0u32..7, 0u32..40, prop::collection::vec(piece(), 0..5),
                 prop::sample::select(vec![PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32])),
                1..20,
            ),
        ) {
            let mut expected_text: String = start.concat();
            let mut doc = Document::new(&expected_text, 0, catalogue(), SeverityConfig::default(), PositionEncoding::Utf16);
            // The workspace index is spliced the same way.
            let mut index = FileIndex::new("a.txt", doc.summaries(0..doc.line_count()));
            for (l1, c1, l2, c2, insert, enc) in edits {
                let range = ls_types::Range::new(Position::new(l1, c1), Position::new(l2, c2));
                let insert = insert.concat();
                let splice = doc.apply_change(Some(range), &insert, enc);
                model_edit(&mut expected_text, range, &insert, enc);
                prop_assert_eq!(doc.text(), expected_text.as_str());
                index.splice(splice.old, doc.summaries(splice.new));
                prop_assert_eq!(doc.analyses.len(), doc.rope.len_lines());
                prop_assert_eq!(&doc.analyses, &fresh(&doc.text()));
                // The LSP diagnostics kept per line equal those of a fresh document.
                let fresh_doc = Document::new(&doc.text(), 0, catalogue(), SeverityConfig::default(), PositionEncoding::Utf16);
                prop_assert_eq!(doc.lsp_diagnostics(), fresh_doc.lsp_diagnostics());
                // And their kept JSON is what serialising them gives, of the length announced.
                let mut json = Vec::new();
                doc.write_diagnostics_json(&mut json);
                prop_assert_eq!(json.len(), doc.diagnostics_json_len());
                prop_assert_eq!(String::from_utf8(json).unwrap(), serde_json::to_string(&doc.lsp_diagnostics()).unwrap());
                let expected = FileIndex::new("a.txt", summarize_text(&doc.text(), &doc.catalogue));
                prop_assert_eq!(&index, &expected);
            }
        }
    }
}
