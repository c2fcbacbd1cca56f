//! The interchange formats of INCEpTION and Label Studio, Wikidata ids in
//! every export, and model labels on import, end to end through the real
//! binary: round trips on the seeds (with Wikidata ids in their catalogue,
//! and on copies with tags, escapes and a character outside the BMP), UIMA's
//! UTF-16 offsets, dkpro-cassis reading every exported file
//! (`tests/python/check_xmi.py`, in the venv `tests/python/venv.sh` makes),
//! CoNLL- and spaCy-labelled spans imported with `--add-to-catalogue` until
//! `lint` finds no unknown entity, and bad input refused with its place.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod support;
use support::cli::{corpus_lsp, root, run, s, seed_files, stderr, txt_files, venv_python};

/// The seeds' catalogue with Wikidata ids for China and the United States.
fn catalogue_with_wikidata() -> String {
    let mut catalogue: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("seeds/corpus.json")).unwrap()).unwrap();
    for entity in catalogue["entities"].as_array_mut().unwrap() {
        let q = match entity["id"].as_str().unwrap() {
            "china" => "Q148",
            "united-states" => "Q30",
            _ => continue,
        };
        entity["wikidata"] = Value::from(q);
    }
    format!("{catalogue:#}\n")
}

/// The seeds, each with tags on a line of their own and inline, escapes and
/// a mention after a character outside the BMP appended; the catalogue with
/// Wikidata ids.
fn corpus(dir: &Path) {
    for f in seed_files() {
        let mut text = std::fs::read_to_string(&f).unwrap();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(
            "#taiwan\n\\#MeToo, a \\[bracketed\\]{aside} 😀 [Blinken 😀]{antony-blinken} in [China]{china}. #human-rights\n",
        );
        std::fs::write(dir.join(f.file_name().unwrap()), text).unwrap();
    }
    std::fs::write(dir.join("corpus.json"), catalogue_with_wikidata()).unwrap();
}

/// Export in `format`, import into a folder governed by the same catalogue,
/// and compare every file byte for byte.
fn round_trip(corpus: &Path, work: &Path, format: &str) {
    let exported = work.join(format!("export-{format}"));
    let back = work.join(format!("back-{format}"));
    std::fs::create_dir_all(&back).unwrap();
    std::fs::copy(corpus.join("corpus.json"), back.join("corpus.json")).unwrap();
    run(&["export", "--format", format, s(corpus), "--out", s(&exported)]);
    let input = match format {
        "jsonl" => exported.join("corpus.jsonl"),
        "label-studio" => exported.join("tasks.json"),
        _ => exported.clone(),
    };
    let out = run(&["import", "--format", format, s(&input), "--out", s(&back)]);
    assert!(!stderr(&out).contains("warning"), "{format}: {}", stderr(&out));
    let originals = txt_files(corpus);
    assert_eq!(originals.len(), 5);
    for original in originals {
        let name = original.file_name().unwrap();
        let again = std::fs::read_to_string(back.join(name)).unwrap();
        assert!(again == std::fs::read_to_string(&original).unwrap(), "{format}: {name:?} changed");
    }
}

#[test]
fn every_format_round_trips_byte_for_byte_with_wikidata_ids() {
    let (seeds, annotated, work) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for f in seed_files() {
        std::fs::copy(&f, seeds.path().join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(seeds.path().join("corpus.json"), catalogue_with_wikidata()).unwrap();
    corpus(annotated.path());
    for (name, dir) in [("seeds", seeds.path()), ("annotated", annotated.path())] {
        for format in ["xmi", "label-studio", "jsonl", "brat"] {
            round_trip(dir, &work.path().join(name), format);
        }
    }
    // Each format carries the Wikidata id.
    let exported = work.path().join("annotated");
    let jsonl = std::fs::read_to_string(exported.join("export-jsonl/corpus.jsonl")).unwrap();
    let doc: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let china = doc["spans"].as_array().unwrap().iter().find(|s| s["id"] == "china").unwrap();
    assert_eq!(china["kb_id"], "Q148");
    assert!(doc["spans"].as_array().unwrap().iter().any(|s| s["id"] == "antony-blinken" && s.get("kb_id").is_none()));
    let ann = std::fs::read_to_string(txt_files(&exported.join("export-brat"))[0].with_extension("ann")).unwrap();
    assert!(
        ann.lines().any(|l| l.starts_with('N') && l.contains("\tReference T") && l.ends_with(" Wikidata:Q148\tChina")),
        "{ann}"
    );
    let tasks: Value =
        serde_json::from_str(&std::fs::read_to_string(exported.join("export-label-studio/tasks.json")).unwrap())
            .unwrap();
    let result = tasks[0]["annotations"][0]["result"].as_array().unwrap();
    let region = result.iter().find(|r| r["meta"]["entity"] == "china").unwrap();
    assert_eq!(region["value"]["labels"][0], "PLACE");
    assert_eq!(region["meta"]["kb_id"], "Q148");
    let text = tasks[0]["data"]["text"].as_str().unwrap();
    let chars: Vec<char> = text.chars().collect();
    for r in result {
        let (start, end) =
            (r["value"]["start"].as_u64().unwrap() as usize, r["value"]["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[start..end].iter().collect::<String>(), r["value"]["text"].as_str().unwrap());
    }
}

/// UIMA counts UTF-16 code units: after 😀 (two units) a mention starts one
/// unit further than in code points; the identifier is the Wikidata IRI or
/// the entity's URN.
#[test]
fn xmi_offsets_are_utf16_units() {
    let (corpus_dir, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(corpus_dir.path().join("corpus.json"), catalogue_with_wikidata()).unwrap();
    std::fs::write(corpus_dir.path().join("a.txt"), "“Hi” — 😀 [Blinken]{antony-blinken} in [China]{china}\n").unwrap();
    run(&["export", "--format", "xmi", s(corpus_dir.path()), "--out", s(out.path())]);
    let xmi = std::fs::read_to_string(out.path().join("a.xmi")).unwrap();
    let plain = "“Hi” — 😀 Blinken in China\n";
    let units = |s: &str| s.encode_utf16().count();
    let begin = units("“Hi” — 😀 ");
    assert_eq!(begin, 10, "’ “ ” — one unit each, 😀 two");
    assert!(
        xmi.contains(&format!(
            "begin=\"{begin}\" end=\"{}\" value=\"person\" identifier=\"urn:corpus-lsp:entity:antony-blinken\"",
            begin + 7
        )),
        "{xmi}"
    );
    let china = units("“Hi” — 😀 Blinken in ");
    assert!(
        xmi.contains(&format!(
            "begin=\"{china}\" end=\"{}\" value=\"place\" identifier=\"http://www.wikidata.org/entity/Q148\"",
            china + 5
        )),
        "{xmi}"
    );
    assert!(xmi.contains(&format!("sofaString=\"{}&#10;\"", plain.trim_end())), "{xmi}");
    let types = std::fs::read_to_string(out.path().join("TypeSystem.xml")).unwrap();
    assert!(types.contains("<name>de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity</name>"));
    assert!(types.contains("<name>webanno.custom.Topic</name>"));
}

/// dkpro-cassis (PyPI) loads every exported file with the TypeSystem and
/// finds each mention at the JSONL export's offsets, with its text and kind.
#[test]
fn cassis_reads_every_xmi_export() {
    let python = venv_python();
    let (seeds, annotated, work) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for f in seed_files() {
        std::fs::copy(&f, seeds.path().join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(seeds.path().join("corpus.json"), catalogue_with_wikidata()).unwrap();
    corpus(annotated.path());
    for (name, dir) in [("seeds", seeds.path()), ("annotated", annotated.path())] {
        let out = work.path().join(name);
        run(&["export", "--format", "xmi", s(dir), "--out", s(&out.join("xmi"))]);
        run(&["export", "--format", "jsonl", s(dir), "--out", s(&out)]);
        let check = Command::new(&python)
            .arg(root().join("tests/python/check_xmi.py"))
            .args(["--xmi", s(&out.join("xmi")), "--jsonl", s(&out.join("corpus.jsonl")), "--docs", "5"])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert!(check.status.success(), "{name}: {report}{}", String::from_utf8_lossy(&check.stderr));
        assert!(report.contains("checked 5 xmi documents"), "{report}");
        if name == "annotated" {
            assert!(report.contains("10 characters outside the BMP"), "{report}");
        }
    }
}

/// Label Studio's own converter (PyPI `label-studio-converter`) parses the
/// labeling config and reads every task as Label Studio does: the same
/// mentions and tags as the JSONL export, each region's text at its offsets.
#[test]
fn label_studio_converter_reads_the_export() {
    let python = venv_python();
    let (annotated, work) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    corpus(annotated.path());
    let out = work.path();
    run(&["export", "--format", "label-studio", s(annotated.path()), "--out", s(&out.join("ls"))]);
    run(&["export", "--format", "jsonl", s(annotated.path()), "--out", s(out)]);
    let check = Command::new(&python)
        .arg(root().join("tests/python/check_label_studio.py"))
        .args(["--export", s(&out.join("ls")), "--jsonl", s(&out.join("corpus.jsonl"))])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{report}{}", String::from_utf8_lossy(&check.stderr));
    assert!(report.contains("checked 5 label-studio tasks"), "{report}");
}

/// A short wire story: `(surface, label)` spans in a model's labels.
const STORY: &str = "Margrethe Vestager, a commissioner, spoke on Thursday, Antony Blinken said in Ankara. \
Vestager thanked Reuters and the Wall Street Journal for 491 days of support.\n";

fn spans_line(labels: &[(&str, &str)]) -> String {
    let chars: Vec<char> = STORY.chars().collect();
    let mut spans = Vec::new();
    let mut from = 0;
    for (surface, label) in labels {
        let at = STORY[from..].find(surface).unwrap() + from;
        let start = STORY[..at].chars().count();
        let end = start + surface.chars().count();
        assert_eq!(chars[start..end].iter().collect::<String>(), *surface);
        spans.push(serde_json::json!({ "start": start, "end": end, "label": label }));
        from = at + surface.len();
    }
    serde_json::json!({ "text": STORY, "spans": spans, "meta": { "file": "story.txt" } }).to_string() + "\n"
}

fn lint_codes(dir: &Path) -> Vec<String> {
    let lint = corpus_lsp(&["lint", "--format", "json", s(dir)]);
    let diags: Value = serde_json::from_slice(&lint.stdout).unwrap();
    diags.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn model_labels_with_add_to_catalogue_leave_no_unknown_entity() {
    let spacy = [
        ("Margrethe Vestager", "PERSON"),
        ("Thursday", "DATE"),
        ("Antony Blinken", "PERSON"),
        ("Ankara", "GPE"),
        ("Vestager", "PERSON"),
        ("Reuters", "ORG"),
        ("the Wall Street Journal", "ORG"),
        ("491 days", "DATE"),
    ];
    let conll = [
        ("Margrethe Vestager", "per"),
        ("Antony Blinken", "per"),
        ("Ankara", "loc"),
        ("Vestager", "PER"),
        ("Reuters", "ORG"),
        ("Wall Street Journal", "ORG"),
    ];
    for (name, labels) in [("spacy", &spacy[..]), ("conll", &conll[..])] {
        let work = tempfile::tempdir().unwrap();
        let (input, out) = (work.path().join("spans.jsonl"), work.path().join("corpus"));
        // spaCy's entity linker gives Ankara its Wikidata id (`kb_id`).
        let mut line: Value = serde_json::from_str(&spans_line(labels)).unwrap();
        for span in line["spans"].as_array_mut().unwrap() {
            if name == "spacy" && span["label"] == "GPE" {
                span["kb_id"] = Value::from("Q3640");
            }
        }
        std::fs::write(&input, format!("{line}\n")).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::copy(root().join("seeds/corpus.json"), out.join("corpus.json")).unwrap();
        // Without --add-to-catalogue the uncatalogued names become unknown entities.
        run(&["import", "--format", "jsonl", s(&input), "--out", s(&out)]);
        assert!(lint_codes(&out).contains(&"unknown-entity".to_string()), "{name}");
        std::fs::remove_file(out.join("story.txt")).unwrap();
        let before = std::fs::read_to_string(out.join("corpus.json")).unwrap();
        let import = run(&["import", "--format", "jsonl", s(&input), "--out", s(&out), "--add-to-catalogue"]);
        let err = stderr(&import);
        if name == "spacy" {
            assert!(err.contains("skipped 2 spans that are not names: 2 DATE"), "{err}");
        }
        let codes = lint_codes(&out);
        assert!(!codes.contains(&"unknown-entity".to_string()), "{name}: {codes:?}\n{err}");
        assert!(!codes.contains(&"catalog-error".to_string()), "{name}: {codes:?}");
        // Only insertions: every byte of the catalogue stays, in order.
        let after = std::fs::read_to_string(out.join("corpus.json")).unwrap();
        let mut rest = after.as_str();
        for c in before.chars() {
            let at = rest.find(c).unwrap_or_else(|| panic!("{name}: `{c}` of the old catalogue is gone"));
            rest = &rest[at + c.len_utf8()..];
        }
        let catalogue: Value = serde_json::from_str(&after).unwrap();
        let entities = catalogue["entities"].as_array().unwrap();
        let find = |id: &str| entities.iter().find(|e| e["id"] == id).unwrap_or_else(|| panic!("{name}: {id}"));
        let vestager = find("margrethe-vestager");
        assert_eq!(vestager["kind"], "person");
        assert_eq!(vestager["aliases"], serde_json::json!(["Vestager"]), "the surname joins the full name");
        assert_eq!(find("ankara")["kind"], "place");
        if name == "spacy" {
            assert_eq!(find("ankara")["wikidata"], "Q3640", "the new entity gets the span's kb_id");
        }
        let story = std::fs::read_to_string(out.join("story.txt")).unwrap();
        assert!(story.starts_with("[Margrethe Vestager]{margrethe-vestager}, a commissioner, spoke on Thursday, [Antony Blinken]{antony-blinken} said in [Ankara]{ankara}. [Vestager]{margrethe-vestager} thanked [Reuters]{reuters}"), "{story}");
        assert_eq!(entities.iter().filter(|e| e["id"] == "reuters").count(), 1, "a catalogued name is not added again");
    }
}

#[test]
fn unknown_labels_are_refused_and_maps_accepted() {
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("spans.jsonl"), work.path().join("out"));
    std::fs::write(&input, spans_line(&[("Margrethe Vestager", "COMMISSIONER"), ("Ankara", "CITY")])).unwrap();
    let refused = corpus_lsp(&["import", "--format", "jsonl", s(&input), "--out", s(&out)]);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(err.contains("unknown label `COMMISSIONER`") && err.contains("unknown label `CITY`"), "{err}");
    assert!(err.contains("nothing was written") && err.contains("GPE") && err.contains("PER "), "{err}");
    assert!(!out.exists(), "nothing written");
    // Mapped: one on the command line, one in a map file.
    let map = work.path().join("labels.txt");
    std::fs::write(&map, "# our model\nCITY\tplace\n").unwrap();
    run(&[
        "import",
        "--format",
        "jsonl",
        s(&input),
        "--out",
        s(&out),
        "--label",
        "commissioner=person",
        "--label-map",
        s(&map),
    ]);
    let story = std::fs::read_to_string(out.join("story.txt")).unwrap();
    assert!(story.starts_with("[Margrethe Vestager]{margrethe-vestager},"), "{story}");
    // A bad map entry is a usage error naming its line.
    std::fs::write(&map, "CITY=place\nSHIP=boat\n").unwrap();
    let bad =
        corpus_lsp(&["import", "--format", "jsonl", s(&input), "--out", s(&out), "--force", "--label-map", s(&map)]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("line 2: `boat`"), "{}", stderr(&bad));
}

/// Label Studio's own export shape: an annotation cancelled, predictions
/// used when there is no annotation, labels in another case.
#[test]
fn label_studio_annotations_and_predictions() {
    let work = tempfile::tempdir().unwrap();
    let text = "Blinken met Wang Yi in 😀 Beijing.";
    let region = |start: usize, end: usize, label: &str| {
        let surface: String = text.chars().skip(start).take(end - start).collect();
        serde_json::json!({"from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": surface, "labels": [label]}})
    };
    let tasks = serde_json::json!([
        {"id": 7, "data": {"text": text},
         "annotations": [
            {"was_cancelled": true, "created_at": "2026-01-02T00:00:00Z", "result": [region(0, 7, "PER")]},
            {"was_cancelled": false, "created_at": "2026-01-01T00:00:00Z", "result": [region(0, 7, "PER"), region(12, 19, "PER"), region(25, 32, "GPE")]}
         ]},
        {"id": 8, "data": {"text": text}, "annotations": [],
         "predictions": [{"model_version": "m", "score": 0.5, "result": [region(25, 32, "gpe")]}]}
    ]);
    let input = work.path().join("export.json");
    std::fs::write(&input, tasks.to_string()).unwrap();
    let out = work.path().join("out");
    run(&["import", "--format", "label-studio", s(&input), "--out", s(&out)]);
    assert_eq!(
        std::fs::read_to_string(out.join("task-7.txt")).unwrap(),
        "[Blinken]{antony-blinken} met [Wang Yi]{wang-yi} in 😀 [Beijing]{beijing}."
    );
    assert_eq!(
        std::fs::read_to_string(out.join("task-8.txt")).unwrap(),
        "Blinken met Wang Yi in 😀 [Beijing]{beijing}."
    );
}

#[test]
fn bad_xmi_and_label_studio_input_is_refused_with_its_place() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let cases: [(&str, &str, &str, &[&str]); 5] = [
        (
            "xmi",
            "broken.xmi",
            "<?xml version=\"1.0\"?>\n<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\">\n  <cas:Sofa sofaString=\"a\">\n</xmi:XMI>\n",
            &["broken.xmi: line 4"],
        ),
        (
            "xmi",
            "offsets.xmi",
            "<?xml version=\"1.0\"?>\n<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" xmlns:cas=\"http:///uima/cas.ecore\" xmlns:type=\"http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore\">\n<cas:Sofa xmi:id=\"1\" sofaID=\"_InitialView\" sofaString=\"a😀b\"/>\n<type:NamedEntity xmi:id=\"2\" sofa=\"1\" begin=\"2\" end=\"4\" value=\"person\"/>\n</xmi:XMI>\n",
            &["offsets.xmi: line 4, column", "`begin` 2 is not a character boundary"],
        ),
        ("xmi", "plain.xmi", "just text", &["plain.xmi: no <xmi:XMI> element"]),
        (
            "label-studio",
            "bad.json",
            "[\n  {\"data\": {\"text\": \"ab\"},\n   \"annotations\": [}\n]",
            &["bad.json: line 3, column"],
        ),
        (
            "label-studio",
            "past.json",
            r#"[{"id": 4, "data": {"text": "ab"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 1, "end": 9, "labels": ["PER"]}}]}]}]"#,
            &["past.json: task 1 (id 4), result 1: offsets 1..9 are past the end of the text (2 code points)"],
        ),
    ];
    for (format, name, content, expected) in cases {
        let input = work.path().join(name);
        std::fs::write(&input, content).unwrap();
        let good = work.path().join(format!("good-{name}"));
        // A good file beside the bad one: still nothing is written.
        std::fs::write(
            &good,
            if format == "xmi" { GOOD_XMI } else { r#"[{"data": {"text": "ok"}, "annotations": []}]"# },
        )
        .unwrap();
        let result = corpus_lsp(&["import", "--format", format, s(&good), s(&input), "--out", s(&out)]);
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(2), "{name}: {err}");
        for e in expected {
            assert!(err.contains(e), "{name}: expected `{e}` in\n{err}");
        }
        assert!(!out.exists(), "{name}: nothing written");
    }
}

const GOOD_XMI: &str = "<?xml version=\"1.0\"?>\n<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" xmlns:cas=\"http:///uima/cas.ecore\"><cas:Sofa xmi:id=\"1\" sofaID=\"_InitialView\" sofaString=\"ok\"/></xmi:XMI>\n";
