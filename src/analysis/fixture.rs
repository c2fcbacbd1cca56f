//! Test fixtures with markers, as rust-analyzer (`$0`) and texlab (`^^^`) write them.
//!
//! - `$0` marks a cursor: `cursor("[Bli$0nken]{x}")` gives the text without the
//!   marker and the byte offset of the cursor.
//! - A line made only of spaces and `^` marks ranges in the text line above it,
//!   one column per `char`: `ranges("a [b]{c}\n  ^^^^^^")`.

use super::Span;
use super::catalogue::Catalogue;

/// A test catalogue from its JSON; the test fails on any problem loading it.
pub fn catalogue(json: &str) -> Catalogue {
    let loaded = Catalogue::parse(json);
    loaded.catalogue.unwrap_or_else(|| panic!("test catalogue: {:?}", loaded.problems))
}

/// Blinken, and two people who share the alias `Wang`.
pub const BLINKEN_AND_TWO_WANGS: &str = r#"{"entities": [
    {"id": "antony-blinken", "name": "Antony Blinken", "kind": "person", "aliases": ["Blinken"]},
    {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["Wang"]},
    {"id": "wang-wenbin", "name": "Wang Wenbin", "kind": "person", "aliases": ["Wang"]}
], "tags": []}"#;

/// The text without `$0`, and the byte offset where `$0` stood.
pub fn cursor(fixture: &str) -> (String, usize) {
    let at = fixture.find("$0").expect("fixture has no $0 cursor");
    (fixture.replacen("$0", "", 1), at)
}

/// The text without marker lines, and the marked spans in order.
pub fn ranges(fixture: &str) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut last_line_start = 0;
    for line in fixture.split('\n') {
        let is_marker = line.contains('^') && line.chars().all(|c| c == ' ' || c == '^');
        if is_marker {
            let above = &text[last_line_start..text.len().saturating_sub(1)];
            let byte_at = |col: usize| last_line_start + above.char_indices().nth(col).map_or(above.len(), |(b, _)| b);
            let cols: Vec<char> = line.chars().collect();
            let mut col = 0;
            while col < cols.len() {
                if cols[col] == '^' {
                    let start = col;
                    while col < cols.len() && cols[col] == '^' {
                        col += 1;
                    }
                    spans.push(Span::new(byte_at(start), byte_at(col)));
                } else {
                    col += 1;
                }
            }
        } else {
            last_line_start = text.len();
            text.push_str(line);
            text.push('\n');
        }
    }
    text.pop();
    (text, spans)
}

#[test]
fn markers() {
    let (text, spans) = ranges("“a” [b]{c}\n    ^^^^^^\nnext\n^^");
    assert_eq!(text, "“a” [b]{c}\nnext");
    assert_eq!(spans[0].of(&text), "[b]{c}");
    assert_eq!(spans[1].of(&text), "ne");
    assert_eq!(cursor("ab$0c"), ("abc".to_string(), 2));
}
