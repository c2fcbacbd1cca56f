//! The XMI reader (`import --format xmi`) on arbitrary input: no panic; a
//! document read has spans and tags on char boundaries of its text, and the
//! markup it becomes strips back to that text.
#![no_main]

use corpus_lsp::analysis::strip::strip;
use corpus_lsp::cli::interchange::{markup, surface_slug, xmi};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let Ok((doc, _)) = xmi::parse_xmi(input, "fuzz.txt") else { return };
    for s in &doc.spans {
        assert!(s.span.start <= s.span.end && doc.text.is_char_boundary(s.span.start) && doc.text.is_char_boundary(s.span.end));
    }
    for (_, para) in &doc.tags {
        assert!(doc.text.is_char_boundary(para.start) && doc.text.is_char_boundary(para.end));
    }
    let ids: Vec<String> = doc.spans.iter().map(|s| surface_slug(s.span.of(&doc.text))).collect();
    if let Ok(text) = markup(&doc, &ids) {
        assert_eq!(strip(&text).text, doc.text);
    }
});
