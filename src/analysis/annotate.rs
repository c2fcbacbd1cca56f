//! Pre-annotation: wrap every unambiguous plain-text alias occurrence as a
//! mention, so an annotator starts from a draft. Existing markup is kept as is.

use super::catalogue::Catalogue;
use super::document::{annotation_edit, lines, plain_aliases};
use super::markup::parse_line;

/// The text with each unambiguous alias occurrence annotated, and how many
/// mentions were added.
pub fn annotate(text: &str, catalogue: &Catalogue) -> (String, usize) {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut added = 0;
    let mut copied = 0;
    for (start, line) in lines(text) {
        let markup = parse_line(line);
        for m in plain_aliases(line, &markup, catalogue) {
            let [entity] = catalogue.matcher.entities(m.alias) else { continue };
            let edit = annotation_edit(line, &markup, m.span, &catalogue.entities[*entity as usize].id);
            let span = edit.span.shift(start);
            out.push_str(&text[copied..span.start]);
            out.push_str(&edit.new_text);
            copied = span.end;
            added += 1;
        }
    }
    out.push_str(&text[copied..]);
    (out, added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::strip::strip;

    #[test]
    fn annotates_and_strips_back() {
        let cat = crate::analysis::fixture::catalogue(crate::analysis::fixture::BLINKEN_AND_TWO_WANGS);
        let text = "Blinken’s talks with Wang Yi.\r\n[Blinken]{antony-blinken} and Wang said “Antony Blinken”";
        let (annotated, added) = annotate(text, &cat);
        assert_eq!(
            annotated,
            "[Blinken]{antony-blinken}’s talks with [Wang Yi]{wang-yi}.\r\n[Blinken]{antony-blinken} and Wang said “[Antony Blinken]{antony-blinken}”"
        );
        assert_eq!(added, 3);
        assert_eq!(strip(&annotated).text, strip(text).text);
    }
}
