//! Label Studio's task JSON: written as tasks with one annotation each, read
//! from Label Studio's JSON export (`annotations`, or `predictions` when no
//! annotation was made).
//!
//! A task is `{"id", "data": {"text", "file", "markup"?}, "annotations":
//! [{"result": [...]}]}`. A mention is a `labels` result from the `label`
//! control: `value: {start, end, text, labels: [KIND]}`, the entity id in
//! `meta` (`{"text": [id], "entity": id, "kb_id"?: Q…}`; Label Studio shows
//! `meta.text` as the region's note). A tag is a `labels` result from the
//! `topic` control over its paragraph, labelled `Topic`, its id in `meta`.
//! Offsets are Unicode code points, end exclusive, as Label Studio stores
//! them (its converter slices Python strings with them).

use serde_json::{Map, Value, json};

use super::{CodePoints, Document, SpanDocument, SpanLabel, label, read_markup};
use crate::analysis::{Kind, Span};

/// The control (`from_name`) of mentions and the one of tags.
pub const LABEL_CONTROL: &str = "label";
pub const TOPIC_CONTROL: &str = "topic";
/// The label of a tag's region.
pub const TOPIC: &str = "Topic";

fn region(n: &mut usize, control: &str, cps: &CodePoints, text: &str, span: Span, value: &str, meta: Value) -> Value {
    *n += 1;
    json!({
        "id": format!("r{n}"),
        "from_name": control,
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {
            "start": cps.of_byte(span.start),
            "end": cps.of_byte(span.end),
            "text": span.of(text),
            "labels": [value],
        },
        "meta": meta,
    })
}

/// The task of a document (`id` counts from 1).
pub fn task(doc: &Document, id: usize) -> Value {
    let s = &doc.stripped;
    let cps = CodePoints::new(&s.text);
    let mut n = 0;
    let mut result = Vec::new();
    for ((m, &kind), wikidata) in s.mentions.iter().zip(&doc.kinds).zip(&doc.wikidata) {
        let mut meta = json!({ "text": [m.id], "entity": m.id });
        if let Some(q) = wikidata {
            meta["kb_id"] = json!(q);
        }
        result.push(region(&mut n, LABEL_CONTROL, &cps, &s.text, m.span, &label(kind), meta));
    }
    for tag in &s.tags {
        let meta = json!({ "text": [tag.id], "tag": tag.id });
        result.push(region(&mut n, TOPIC_CONTROL, &cps, &s.text, tag.paragraph, TOPIC, meta));
    }
    let mut data = json!({ "text": s.text, "file": doc.key });
    if let Some(markup) = doc.markup_json(&cps) {
        data["markup"] = markup;
    }
    json!({ "id": id, "data": data, "annotations": [{ "result": result }] })
}

/// The labeling configuration the tasks are made for (Label Studio's
/// project settings, "Labeling Interface", "Code").
pub fn labeling_config() -> String {
    let mut out = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for kind in Kind::ALL {
        out.push_str(&format!("    <Label value=\"{}\"/>\n", label(Some(kind))));
    }
    out.push_str(&format!("    <Label value=\"{}\"/>\n  </Labels>\n", label(None)));
    out.push_str(&format!(
        "  <Labels name=\"{TOPIC_CONTROL}\" toName=\"text\">\n    <Label value=\"{TOPIC}\" background=\"#dddddd\"/>\n  </Labels>\n"
    ));
    out.push_str("  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
    out
}

/// The result list to import from a task: the newest annotation that was
/// not cancelled, else the newest prediction.
fn chosen_result(task: &Map<String, Value>) -> Option<&Vec<Value>> {
    fn newest(list: Option<&Value>, skip_cancelled: bool) -> Option<&Vec<Value>> {
        let list = list?.as_array()?;
        list.iter()
            .filter(|a| {
                !skip_cancelled
                    || !(a["was_cancelled"].as_bool().unwrap_or(false) || a["skipped"].as_bool().unwrap_or(false))
            })
            .filter(|a| a["result"].is_array())
            .max_by(|a, b| a["created_at"].as_str().unwrap_or("").cmp(b["created_at"].as_str().unwrap_or("")))
            .and_then(|a| a["result"].as_array())
    }
    newest(task.get("annotations").or(task.get("completions")), true).or_else(|| newest(task.get("predictions"), false))
}

/// The byte span of a region: code point offsets, or UTF-16 ones when only
/// they give the region's text (older Label Studio frontends counted so).
fn region_span(text: &str, cps: &CodePoints, value: &Value) -> Result<Span, String> {
    let offset = |key: &str| value[key].as_u64().map(|v| v as usize).ok_or(format!("`value.{key}` is not an offset"));
    let (start, end) = (offset("start")?, offset("end")?);
    if start > end {
        return Err(format!("`value.start` {start} is after `value.end` {end}"));
    }
    let by = |b: Option<usize>, e: Option<usize>| b.zip(e).map(|(b, e)| Span::new(b, e));
    let span = by(cps.byte_of(start), cps.byte_of(end));
    let said = value["text"].as_str();
    if let (Some(said), Some(span)) = (said, span)
        && span.of(text) != said
    {
        let units = super::Utf16::new(text);
        if let Some(other) = by(units.byte_of(start), units.byte_of(end))
            && other.of(text) == said
        {
            return Ok(other);
        }
    }
    span.ok_or_else(|| format!("offsets {start}..{end} are past the end of the text ({} code points)", cps.len()))
}

/// The documents of a Label Studio JSON export (a list of tasks, or one
/// task); errors and warnings name the task by its place and its id.
pub fn parse_tasks(json: &str) -> Result<(Vec<SpanDocument>, Vec<String>), String> {
    let root: Value =
        serde_json::from_str(json).map_err(|e| format!("line {}, column {}: not JSON: {e}", e.line(), e.column()))?;
    let tasks = match root {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => return Err("expected a list of tasks (Label Studio's JSON export)".to_string()),
    };
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for (n, task) in tasks.iter().enumerate() {
        let id = task.get("id").map(|i| format!(" (id {i})")).unwrap_or_default();
        let at = format!("task {}{id}", n + 1);
        let task = task.as_object().ok_or(format!("{at}: not an object"))?;
        let data = task.get("data").and_then(Value::as_object).ok_or(format!("{at}: no `data` object"))?;
        let text = match data.get("text").and_then(Value::as_str) {
            Some(text) => text,
            None => {
                let strings: Vec<&str> = data.values().filter_map(Value::as_str).collect();
                match strings[..] {
                    [one] => one,
                    _ => return Err(format!("{at}: no `data.text`")),
                }
            }
        };
        let cps = CodePoints::new(text);
        let file = data.get("file").and_then(Value::as_str).map_or_else(
            || format!("task-{}.txt", task.get("id").and_then(Value::as_u64).unwrap_or(n as u64 + 1)),
            str::to_string,
        );
        let mut doc = SpanDocument { file, text: text.to_string(), ..SpanDocument::default() };
        if let Some(markup) = data.get("markup").filter(|m| m.is_object()) {
            read_markup(&cps, markup, &mut doc).map_err(|e| format!("{at}: data.markup: {e}"))?;
        }
        let Some(result) = chosen_result(task) else {
            warnings.push(format!("{at}: no annotation or prediction"));
            docs.push(doc);
            continue;
        };
        for (r, region) in result.iter().enumerate() {
            let at = format!("{at}, result {}", r + 1);
            let kind = region["type"].as_str().unwrap_or("");
            if !kind.eq_ignore_ascii_case("labels") {
                warnings.push(format!("{at}: a `{kind}` result is not imported"));
                continue;
            }
            let value = &region["value"];
            let span = region_span(text, &cps, value).map_err(|e| format!("{at}: {e}"))?;
            let labels = value["labels"].as_array().map(Vec::as_slice).unwrap_or_default();
            let first = labels.first().and_then(Value::as_str).map(str::to_string);
            if labels.len() > 1 {
                warnings.push(format!("{at}: {} labels; the first is imported", labels.len()));
            }
            let meta = &region["meta"];
            let note = meta["text"].as_array().and_then(|t| t.first()).and_then(Value::as_str);
            let topic = region["from_name"].as_str() == Some(TOPIC_CONTROL) || first.as_deref() == Some(TOPIC);
            if topic {
                match meta["tag"].as_str().or(note) {
                    Some(tag) => doc.tags.push((tag.trim().to_string(), span)),
                    None => warnings.push(format!("{at}: a {TOPIC} region without a tag id in its meta, skipped")),
                }
                continue;
            }
            let id = meta["entity"].as_str().or(note).map(|i| i.trim().to_string());
            let kb_id = meta["kb_id"].as_str().map(str::to_string);
            doc.spans.push(SpanLabel { span, label: first, id, kb_id });
        }
        doc.spans.sort_by_key(|s| (s.span.start, s.span.end));
        docs.push(doc);
    }
    Ok((docs, warnings))
}
