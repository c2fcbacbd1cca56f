//! KB lines and Wikidata dump lines on arbitrary bytes: no panic, an item
//! read always has a Wikidata item id and a label, and a whole input read as
//! a KB file either gives items or a line number inside it.
#![no_main]

use corpus_lsp::analysis::catalogue::{Catalogue, is_wikidata_id};
use corpus_lsp::analysis::kb::SurfaceFilter;
use corpus_lsp::workspace::kb::{parse_dump_line, parse_kb_line, read_lines};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static FILTER: LazyLock<SurfaceFilter> = LazyLock::new(|| {
    let catalogue = Catalogue::parse(
        r#"{"entities": [{"id": "china", "name": "China", "kind": "place", "aliases": ["PRC"]},
            {"id": "wang-yi", "name": "Wang Yi", "kind": "person"}], "tags": []}"#,
    )
    .catalogue
    .expect("a valid catalogue");
    SurfaceFilter::new(&catalogue.entities)
});

fuzz_target!(|data: &[u8]| {
    if let Ok(item) = parse_kb_line(data) {
        assert!(is_wikidata_id(&item.id) && !item.label.trim().is_empty(), "{item:?}");
    }
    if let Ok(Some(item)) = parse_dump_line(data, &FILTER) {
        assert!(is_wikidata_id(&item.id), "{item:?}");
    }
    let lines = data.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    match read_lines(data, &FILTER) {
        Ok(read) => assert!(read.kb.items.iter().all(|i| i.surfaces().any(|s| FILTER.wants(s)))),
        Err((line, _)) => assert!(line >= 1 && line <= lines, "line {line} of {lines}"),
    }
});
