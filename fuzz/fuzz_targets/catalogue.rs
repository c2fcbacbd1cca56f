//! The catalogue loader on arbitrary text: no panic, every problem located inside the text,
//! and the fast path's load the located path's.
#![no_main]

use corpus_lsp::analysis::Catalogue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let loaded = Catalogue::parse(text);
    for p in &loaded.problems {
        assert!(p.span.start <= p.span.end && p.span.end <= text.len(), "{p:?}");
    }
    assert!(loaded.same_as(&Catalogue::parse_located(text)), "{text:?}");
});
