//! The markup parser, strip and annotate on arbitrary text: no panic, spans on
//! char boundaries, annotate keeps the plain text.
#![no_main]

use corpus_lsp::analysis::annotate::annotate;
use corpus_lsp::analysis::catalogue::builtin;
use corpus_lsp::analysis::markup::parse_line;
use corpus_lsp::analysis::strip::strip;
use corpus_lsp::analysis::{SeverityConfig, analyze_document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for line in text.split(['\n', '\r']) {
        let markup = parse_line(line);
        for span in markup.markup_spans() {
            assert!(line.is_char_boundary(span.start) && line.is_char_boundary(span.end));
        }
    }
    let catalogue = builtin();
    for d in analyze_document(text, &catalogue, &SeverityConfig::default()) {
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    let (annotated, _) = annotate(text, &catalogue);
    assert_eq!(strip(&annotated).text, strip(text).text);
});
