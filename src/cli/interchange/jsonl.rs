//! JSON lines: one document a line in the spaCy / Prodigy span shape
//! (written and read); spaCy's `Doc.to_json()` (`ents`, with `kb_id`) and
//! doccano's two shapes (read).

use serde_json::{Value, json};

use super::{CodePoints, Document, SpanDocument, SpanLabel, label, read_markup, span_of};

pub fn jsonl_line(doc: &Document) -> Value {
    let s = &doc.stripped;
    let cps = CodePoints::new(&s.text);
    let spans: Vec<Value> = s
        .mentions
        .iter()
        .zip(&doc.kinds)
        .zip(&doc.wikidata)
        .map(|((m, &kind), wikidata)| {
            let mut span = json!({
                "start": cps.of_byte(m.span.start),
                "end": cps.of_byte(m.span.end),
                "text": m.span.of(&s.text),
                "label": label(kind),
                "id": m.id,
            });
            if let Some(q) = wikidata {
                span["kb_id"] = json!(q);
            }
            span
        })
        .collect();
    let tags: Vec<Value> = s
        .tags
        .iter()
        .map(|t| json!({ "id": t.id, "start": cps.of_byte(t.paragraph.start), "end": cps.of_byte(t.paragraph.end) }))
        .collect();
    let mut meta = json!({ "file": doc.key, "tags": tags });
    if let Some(markup) = doc.markup_json(&cps) {
        meta["markup"] = markup;
    }
    json!({ "text": s.text, "spans": spans, "meta": meta })
}

/// One JSONL line.
pub fn parse_jsonl(line: &str, n: usize) -> Result<SpanDocument, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let text = v["text"].as_str().ok_or("no `text` string")?.to_string();
    let cps = CodePoints::new(&text);
    let meta = &v["meta"];
    let file = meta["file"].as_str().map_or_else(|| format!("doc-{n:04}.txt"), str::to_string);
    let mut doc = SpanDocument { file, text, ..SpanDocument::default() };
    let opt = |v: &Value| v.as_str().map(str::to_string);
    // Prodigy's and our `spans`, spaCy's `Doc.to_json()` `ents`: character offsets.
    if let Some(spans) = v["spans"].as_array().or(v["ents"].as_array()) {
        for s in spans {
            let mut span =
                SpanLabel::new(span_of(&cps, &s["start"], &s["end"], "span")?, opt(&s["label"]), opt(&s["id"]));
            span.kb_id = s["kb_id"].as_str().and_then(super::wikidata_id);
            doc.spans.push(span);
        }
    } else if let Some(entities) = v["entities"].as_array() {
        for s in entities {
            let span = span_of(&cps, &s["start_offset"], &s["end_offset"], "entity")?;
            doc.spans.push(SpanLabel::new(span, opt(&s["label"]), None));
        }
    } else if let Some(labels) = v["label"].as_array() {
        for l in labels {
            doc.spans.push(SpanLabel::new(span_of(&cps, &l[0], &l[1], "label")?, opt(&l[2]), None));
        }
    }
    if let Some(tags) = meta["tags"].as_array() {
        for t in tags {
            let id = t["id"].as_str().ok_or("meta.tags: `id` must be a string")?;
            doc.tags.push((id.to_string(), span_of(&cps, &t["start"], &t["end"], "meta.tags")?));
        }
    }
    if meta["markup"].is_object() {
        read_markup(&cps, &meta["markup"], &mut doc)?;
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::interchange::tests::cat;
    use crate::cli::interchange::tests::markup_in as markup;

    #[test]
    fn doccano_and_prodigy_lines() {
        let mut unresolved = 0;
        let line = r##"{"text": "Blinken in China’s #1 city, with Wang.", "label": [[0, 7, "PERSON"], [11, 16, "PLACE"], [33, 37, "PERSON"]]}"##;
        let doc = parse_jsonl(line, 1).unwrap();
        assert_eq!(doc.file, "doc-0001.txt");
        let text = markup(&doc, &cat(), &mut unresolved);
        assert_eq!(text, r"[Blinken]{antony-blinken} in [China]{china}’s \#1 city, with [Wang]{wang}.");
        assert_eq!(unresolved, 1);

        let line = r#"{"text": "One.\nTwo", "spans": [], "meta": {"file": "a/b.txt", "tags": [{"id": "taiwan", "start": 5, "end": 8}]}}"#;
        let doc = parse_jsonl(line, 1).unwrap();
        assert_eq!(markup(&doc, &cat(), &mut unresolved), "One.\nTwo #taiwan");
        // spaCy's Doc.to_json(), an entity linker's kb_id read as a Wikidata id.
        let line = r#"{"text": "China said", "ents": [{"start": 0, "end": 5, "label": "GPE", "kb_id": "Q148"}], "tokens": []}"#;
        let doc = parse_jsonl(line, 1).unwrap();
        assert_eq!(doc.spans[0].kb_id.as_deref(), Some("Q148"));
        assert_eq!(doc.spans[0].label.as_deref(), Some("GPE"));
        assert!(parse_jsonl(r#"{"text": "ab", "spans": [{"start": 1, "end": 5}]}"#, 1).is_err());
    }
}
