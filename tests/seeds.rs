//! The shipped corpus: stripping each annotated seed gives back the original
//! article byte for byte, and the catalogue validates against the published schema.

use std::path::Path;

use corpus_lsp::analysis::strip::strip;
use sha2::{Digest, Sha256};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/data/seeds.sha256`: the SHA-256 of each original article, as the
/// project received it (`shared/seeds/` of the steering repository). The test
/// reads nothing outside this repository: the hash is the proof.
fn originals() -> Vec<(String, String)> {
    let list = std::fs::read_to_string(root().join("tests/data/seeds.sha256")).unwrap();
    list.lines().map(|l| l.split_once("  ").map(|(h, f)| (f.to_string(), h.to_string())).unwrap()).collect()
}

#[test]
fn strip_gives_back_each_original_byte_for_byte() {
    let originals = originals();
    assert_eq!(originals.len(), 5);
    for (file, hash) in originals {
        let annotated = std::fs::read_to_string(root().join("seeds").join(&file)).unwrap();
        let plain = strip(&annotated).text;
        let got: String = Sha256::digest(plain.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(got, hash, "{file}: stripped text's SHA-256");
    }
}

#[test]
fn seeds_are_really_annotated() {
    for (file, _) in originals() {
        let annotated = std::fs::read_to_string(root().join("seeds").join(&file)).unwrap();
        let s = strip(&annotated);
        assert!(s.mentions.len() >= 10, "{file}: only {} mentions", s.mentions.len());
        assert!(!s.tags.is_empty(), "{file}: no topic tags");
    }
}

#[test]
fn catalogue_validates_against_the_schema() {
    let read = |p: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(root().join(p)).unwrap()).unwrap()
    };
    let schema = read("schemas/corpus.schema.json");
    let validator = jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema");
    let catalogue = read("seeds/corpus.json");
    let errors: Vec<String> =
        validator.iter_errors(&catalogue).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "seeds/corpus.json does not validate: {errors:#?}");
    // And the schema rejects what the loader rejects.
    let bad = serde_json::json!({"entities": [{"id": "Not A Slug", "name": "x", "kind": "planet"}], "tags": []});
    assert!(!validator.is_valid(&bad));
    // A Wikidata item id: `Q` and a number, as the loader checks it.
    for (q, valid) in [("Q148", true), ("Q1501226", true), ("Q0148", false), ("q148", false), ("P31", false)] {
        let linked = serde_json::json!({"entities": [{"id": "china", "name": "China", "kind": "place", "wikidata": q}], "tags": []});
        assert_eq!(validator.is_valid(&linked), valid, "{q}");
        let loaded = corpus_lsp::analysis::catalogue::Catalogue::parse(&linked.to_string());
        assert_eq!(loaded.catalogue.is_some(), valid, "{q}");
    }
}
