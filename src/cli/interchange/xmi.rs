//! UIMA CAS XMI, as INCEpTION and DKPro read and write it: one `.xmi` per
//! document and a `TypeSystem.xml` for all of them.
//!
//! - The sofa (`_InitialView`) is the plain text.
//! - A mention is a `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity`
//!   with `value` = the kind (`person`, …; `unknown` for an id the catalogue
//!   lacks) and `identifier` = `http://www.wikidata.org/entity/Q…` when the
//!   entity has a Wikidata id, else `urn:corpus-lsp:entity:<id>`.
//! - A tag is a `webanno.custom.Topic` (feature `value` = the tag id) over
//!   its paragraph.
//! - A `DocumentMetaData` names the document (`documentTitle`, `documentId`);
//!   an `org.corpuslsp.type.Source` annotation carries the file's path and,
//!   when needed, the markup record (`markup`, JSON in code points, as JSONL's
//!   `meta.markup`) that gives the annotated file back byte for byte.
//!
//! Offsets (`begin`, `end`) are UTF-16 code units, as Java (and so UIMA)
//! counts them; dkpro-cassis converts them to Python's code points on load.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::{NsReader, Writer, XmlVersion};
use serde_json::Value;

use super::{CodePoints, Document, SpanDocument, SpanLabel, Utf16, read_markup};
use crate::analysis::Span;
use crate::cli::lint::forward_slashes;

pub const NAMED_ENTITY: &str = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";
pub const TOPIC: &str = "webanno.custom.Topic";
pub const METADATA: &str = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData";
pub const SOURCE: &str = "org.corpuslsp.type.Source";
const SOFA: &str = "uima.cas.Sofa";
/// The identifier of an entity with a Wikidata id: this prefix and the id.
pub const WIKIDATA_IRI: &str = "http://www.wikidata.org/entity/";
/// The identifier of an entity without one: this prefix and the entity id.
pub const ENTITY_IRI: &str = "urn:corpus-lsp:entity:";

/// The `identifier` of a mention.
pub fn identifier(id: &str, wikidata: Option<&str>) -> String {
    match wikidata {
        Some(q) => format!("{WIKIDATA_IRI}{q}"),
        None => format!("{ENTITY_IRI}{id}"),
    }
}

/// What an `identifier` names: an entity id, or a Wikidata id.
pub fn read_identifier(identifier: &str) -> (Option<String>, Option<String>) {
    let identifier = identifier.trim();
    if let Some(id) = identifier.strip_prefix(ENTITY_IRI) {
        return (Some(id.to_string()), None);
    }
    for prefix in [WIKIDATA_IRI, "https://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/"] {
        if let Some(q) = identifier.strip_prefix(prefix) {
            return (None, Some(q.to_string()));
        }
    }
    (None, None)
}

/// The XML namespace UIMA gives a type's package, and the element's local name.
fn namespace_of(type_name: &str) -> (String, &str) {
    let (package, local) = type_name.rsplit_once('.').expect("a qualified type name");
    (format!("http:///{}.ecore", package.replace('.', "/")), local)
}

/// The type name of an element in namespace `ns`.
fn type_of(ns: &str, local: &str) -> Option<String> {
    let package = ns.strip_prefix("http:///")?.strip_suffix(".ecore")?;
    Some(format!("{}.{local}", package.replace('/', ".")))
}

/// An attribute value as XML 1.0 keeps it: markup characters escaped, and
/// tabs and line breaks as character references (a parser turns literal
/// ones into spaces). Characters XML 1.0 cannot hold are an error.
fn attribute_value(value: &str) -> Result<String, String> {
    if let Some(c) = value
        .chars()
        .find(|&c| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'))
    {
        return Err(format!("the text holds U+{:04X}, which XML 1.0 cannot represent", c as u32));
    }
    Ok(quick_xml::escape::escape(value).replace('\t', "&#9;").replace('\n', "&#10;").replace('\r', "&#13;"))
}

type Xml = Writer<Cursor<Vec<u8>>>;

fn element(w: &mut Xml, name: &str, attributes: &[(&str, &str)]) -> Result<(), String> {
    let mut start = BytesStart::new(name);
    for (key, value) in attributes {
        let value = attribute_value(value)?;
        start.push_attribute(Attribute { key: QName(key), value: value.into() });
    }
    w.write_event(Event::Empty(start)).map_err(|e| e.to_string())
}

/// The `.xmi` of a document.
pub fn xmi(doc: &Document) -> Result<String, String> {
    let s = &doc.stripped;
    let units = Utf16::new(&s.text);
    let cps = CodePoints::new(&s.text);
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    let io = |e: std::io::Error| e.to_string();
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(io)?;
    let mut root = BytesStart::new("xmi:XMI");
    root.push_attribute(("xmlns:xmi", "http://www.omg.org/XMI"));
    root.push_attribute(("xmlns:cas", "http:///uima/cas.ecore"));
    let prefixes = [("ner", NAMED_ENTITY), ("custom", TOPIC), ("metadata", METADATA), ("corpuslsp", SOURCE)];
    for (prefix, type_name) in prefixes {
        root.push_attribute((format!("xmlns:{prefix}").as_str(), namespace_of(type_name).0.as_str()));
    }
    root.push_attribute(("xmi:version", "2.0"));
    w.write_event(Event::Start(root)).map_err(io)?;
    element(&mut w, "cas:NULL", &[("xmi:id", "0")])?;
    element(
        &mut w,
        "cas:Sofa",
        &[("xmi:id", "1"), ("sofaNum", "1"), ("sofaID", "_InitialView"), ("mimeType", "text"), ("sofaString", &s.text)],
    )?;
    let mut members: Vec<String> = Vec::new();
    let mut next_id = 2;
    let mut annotation = |w: &mut Xml, name: &str, span: Span, features: &[(&str, &str)]| {
        let id = next_id.to_string();
        next_id += 1;
        let (begin, end) = (units.of_byte(span.start).to_string(), units.of_byte(span.end).to_string());
        let mut attributes = vec![("xmi:id", id.as_str()), ("sofa", "1"), ("begin", &begin), ("end", &end)];
        attributes.extend_from_slice(features);
        element(w, name, &attributes)?;
        members.push(id);
        Ok::<(), String>(())
    };
    let whole = Span::new(0, s.text.len());
    let title = super::txt_name(&doc.key);
    annotation(
        &mut w,
        "metadata:DocumentMetaData",
        whole,
        &[("documentTitle", &title), ("documentId", &title), ("isLastSegment", "false")],
    )?;
    for ((m, kind), wikidata) in s.mentions.iter().zip(&doc.kinds).zip(&doc.wikidata) {
        let value = kind.map_or("unknown", |k| k.as_str());
        let identifier = identifier(&m.id, wikidata.as_deref());
        annotation(&mut w, "ner:NamedEntity", m.span, &[("value", value), ("identifier", &identifier)])?;
    }
    for tag in &s.tags {
        annotation(&mut w, "custom:Topic", tag.paragraph, &[("value", &tag.id)])?;
    }
    let markup = doc.markup_json(&cps).map(|m| m.to_string());
    let mut source = vec![("file", doc.key.as_str())];
    source.extend(markup.as_deref().map(|m| ("markup", m)));
    annotation(&mut w, "corpuslsp:Source", Span::new(0, 0), &source)?;
    element(&mut w, "cas:View", &[("sofa", "1"), ("members", &members.join(" "))])?;
    w.write_event(Event::End(BytesEnd::new("xmi:XMI"))).map_err(io)?;
    let mut out = String::from_utf8(w.into_inner().into_inner()).expect("written from str");
    out.push('\n');
    Ok(out)
}

/// `TypeSystem.xml`: the types the `.xmi` files use, beyond UIMA's own.
pub fn type_system() -> String {
    let feature = |name: &str, range: &str, description: &str| {
        format!(
            "        <featureDescription>\n          <name>{name}</name>\n          <description>{description}</description>\n          <rangeTypeName>{range}</rangeTypeName>\n        </featureDescription>\n"
        )
    };
    let string = "uima.cas.String";
    let metadata_features = [
        ("documentTitle", string, "The document's file name."),
        ("documentId", string, "The document's file name."),
        ("documentUri", string, ""),
        ("documentBaseUri", string, ""),
        ("collectionId", string, ""),
        ("isLastSegment", "uima.cas.Boolean", ""),
    ];
    let types = [
        (
            METADATA,
            "uima.tcas.DocumentAnnotation",
            "The document's name (DKPro's metadata, which INCEpTION reads).",
            metadata_features.as_slice(),
        ),
        (
            NAMED_ENTITY,
            "uima.tcas.Annotation",
            "An entity mention (DKPro's named entity, INCEpTION's Named entity layer).",
            &[
                ("value", string, "The entity's kind: person, place, organization, event, document, other."),
                ("identifier", string, "The Wikidata IRI of the entity, else urn:corpus-lsp:entity:ID."),
            ],
        ),
        (
            TOPIC,
            "uima.tcas.Annotation",
            "A topic tag over the paragraph it labels.",
            &[("value", string, "The tag id.")],
        ),
        (
            SOURCE,
            "uima.tcas.Annotation",
            "What corpus-lsp needs to write the annotated file back byte for byte.",
            &[("file", string, "The annotated file's path."), ("markup", string, "The markup record (JSON).")],
        ),
    ];
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<typeSystemDescription xmlns=\"http://uima.apache.org/resourceSpecifier\">\n  <name>corpus-lsp</name>\n  <description>Written by corpus-lsp export --format xmi</description>\n  <types>\n",
    );
    for (name, supertype, description, features) in types {
        out.push_str(&format!(
            "    <typeDescription>\n      <name>{name}</name>\n      <description>{description}</description>\n      <supertypeName>{supertype}</supertypeName>\n      <features>\n"
        ));
        for (f, range, d) in features {
            out.push_str(&feature(f, range, d));
        }
        out.push_str("      </features>\n    </typeDescription>\n");
    }
    out.push_str("  </types>\n</typeSystemDescription>\n");
    out
}

/// Line and column (1-based, in characters) of byte `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// One top-level element of the XMI: its type and attributes, where it starts.
struct Element {
    type_name: String,
    attributes: HashMap<String, String>,
    at: usize,
}

/// The document of one `.xmi` file; `fallback` names it when the file does not.
/// Errors say the line and column.
pub fn parse_xmi(xml: &str, fallback: &str) -> Result<(SpanDocument, Vec<String>), String> {
    let mut reader = NsReader::from_str(xml);
    let mut elements: Vec<Element> = Vec::new();
    let mut depth = 0usize;
    let mut root_seen = false;
    loop {
        let at = reader.buffer_position() as usize;
        let here = |e: &dyn std::fmt::Display| {
            let (line, col) = line_col(xml, at);
            format!("line {line}, column {col}: {e}")
        };
        let (ns, event) = match reader.read_resolved_event() {
            Ok(x) => x,
            Err(e) => {
                let (line, col) = line_col(xml, reader.error_position() as usize);
                return Err(format!("line {line}, column {col}: {e}"));
            }
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                (None, false)
            }
            Event::Eof if depth > 0 => return Err(here(&"the file ends inside an element: not a whole XMI file")),
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(start) = start else { continue };
        if depth == 0 {
            if root_seen {
                return Err(here(&"a second root element"));
            }
            root_seen = true;
            let local = start.local_name();
            if local.as_ref() != "XMI" {
                return Err(here(&format!("the root is <{}>, not <xmi:XMI>", start.name().as_ref())));
            }
        } else if depth == 1 {
            let type_name = match ns {
                ResolveResult::Bound(ns) => type_of(ns.as_ref(), start.local_name().as_ref()),
                _ => None,
            };
            if let Some(type_name) = type_name {
                let mut attributes = HashMap::new();
                for a in start.attributes() {
                    let a = a.map_err(|e| here(&e))?;
                    let key = a.key.as_ref().to_string();
                    let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(|e| here(&e))?.into_owned();
                    attributes.insert(key, value);
                }
                let at = reader.buffer_position() as usize;
                elements.push(Element { type_name, attributes, at });
            }
        }
        if !empty {
            depth += 1;
        }
    }
    if !root_seen {
        return Err("no <xmi:XMI> element: not an XMI file".to_string());
    }
    let at = |e: &Element, what: String| {
        let (line, col) = line_col(xml, e.at);
        format!("line {line}, column {col}: {what}")
    };
    let sofas: Vec<&Element> = elements.iter().filter(|e| e.type_name == SOFA).collect();
    let sofa = sofas
        .iter()
        .find(|e| e.attributes.get("sofaID").is_some_and(|v| v == "_InitialView"))
        .or(sofas.first())
        .ok_or("no cas:Sofa: the file holds no text")?;
    let text = sofa.attributes.get("sofaString").ok_or_else(|| at(sofa, "the Sofa has no sofaString".into()))?.clone();
    let sofa_id = sofa.attributes.get("xmi:id").cloned().unwrap_or_default();
    let units = Utf16::new(&text);
    let cps = CodePoints::new(&text);
    let mut warnings = Vec::new();
    let mut doc = SpanDocument { text: text.clone(), ..SpanDocument::default() };
    let mut file = None;
    let mut title = None;
    for e in &elements {
        if !matches!(e.type_name.as_str(), NAMED_ENTITY | TOPIC | METADATA | SOURCE)
            || e.attributes.get("sofa").is_some_and(|s| *s != sofa_id)
        {
            continue;
        }
        let offset = |name: &str| -> Result<usize, String> {
            let v = e.attributes.get(name).map_or("0", String::as_str);
            let unit: usize = v.trim().parse().map_err(|_| at(e, format!("`{name}` is `{v}`, not an offset")))?;
            units.byte_of(unit).ok_or_else(|| {
                at(
                    e,
                    format!(
                        "`{name}` {unit} is not a character boundary of the text (UTF-16 units, {} in all)",
                        units.len()
                    ),
                )
            })
        };
        let span = {
            let (b, end) = (offset("begin")?, offset("end")?);
            if b > end {
                return Err(at(e, "begin is after end".to_string()));
            }
            Span::new(b, end)
        };
        let feature = |name: &str| e.attributes.get(name).filter(|v| !v.is_empty()).cloned();
        match e.type_name.as_str() {
            NAMED_ENTITY => {
                let (id, kb_id) = feature("identifier").map(|i| read_identifier(&i)).unwrap_or_default();
                doc.spans.push(SpanLabel { span, label: feature("value"), id, kb_id });
            }
            TOPIC => match feature("value") {
                Some(tag) => doc.tags.push((tag, span)),
                None => warnings.push(at(e, "a Topic without a value, skipped".into())),
            },
            METADATA => title = feature("documentTitle").or_else(|| feature("documentId")),
            _ => {
                file = feature("file");
                if let Some(markup) = feature("markup") {
                    let value: Value =
                        serde_json::from_str(&markup).map_err(|err| at(e, format!("`markup` is not JSON: {err}")))?;
                    read_markup(&cps, &value, &mut doc).map_err(|err| at(e, err))?;
                }
            }
        }
    }
    doc.spans.sort_by_key(|s| (s.span.start, s.span.end));
    doc.file = file.or(title.map(|t| super::txt_name(&t))).unwrap_or_else(|| fallback.to_string());
    Ok((doc, warnings))
}

/// The `.xmi` files under `path` (a folder, walked) or `path` itself, each
/// with a fallback name (its path under the folder, `.txt`).
pub fn xmi_files(path: &Path) -> Vec<(PathBuf, String)> {
    let txt = |rel: &str| format!("{}.txt", rel.strip_suffix(".xmi").unwrap_or(rel));
    if path.is_dir() {
        let mut out: Vec<(PathBuf, String)> = ignore::WalkBuilder::new(path)
            .require_git(false)
            .build()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "xmi"))
            .map(|e| {
                let rel = forward_slashes(e.path().strip_prefix(path).unwrap_or(e.path()));
                (e.path().to_path_buf(), txt(&rel))
            })
            .collect();
        out.sort();
        out
    } else {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        vec![(path.to_path_buf(), txt(&name))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file as INCEpTION writes it: other layers, a named entity linked to
    /// Wikidata, one without an identifier, the document named by its title,
    /// a line break and a surrogate pair in the sofa.
    #[test]
    fn reads_an_inception_export() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:type="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" xmlns:type2="http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore" xmlns:type3="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">
  <cas:NULL xmi:id="0"/>
  <type2:DocumentMetaData xmi:id="1" sofa="12" begin="0" end="17" documentTitle="story.xmi" documentId="story.xmi"/>
  <type3:Token xmi:id="2" sofa="12" begin="0" end="2"/>
  <type:NamedEntity xmi:id="3" sofa="12" begin="3" end="8" value="GPE" identifier="http://www.wikidata.org/entity/Q148"/>
  <type:NamedEntity xmi:id="4" sofa="12" begin="12" end="16" value="PER"/>
  <custom:Topic xmi:id="5" sofa="12" begin="9" end="17" value="taiwan"/>
  <cas:Sofa xmi:id="12" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="😀 China&#10;. &lt;Wang&gt;"/>
  <cas:View sofa="12" members="1 2 3 4 5"/>
</xmi:XMI>"#;
        let (doc, warnings) = parse_xmi(xml, "fallback.txt").unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(doc.file, "story.txt");
        assert_eq!(doc.text, "😀 China\n. <Wang>");
        let spans: Vec<(&str, Option<&str>, Option<&str>)> =
            doc.spans.iter().map(|s| (s.span.of(&doc.text), s.label.as_deref(), s.kb_id.as_deref())).collect();
        assert_eq!(spans, [("China", Some("GPE"), Some("Q148")), ("Wang", Some("PER"), None)]);
        assert_eq!(doc.tags, [("taiwan".to_string(), Span::new(11, 19))]);
        assert_eq!(doc.tags[0].1.of(&doc.text), ". <Wang>");
    }

    #[test]
    fn attribute_values_keep_line_breaks_and_refuse_what_xml_cannot_hold() {
        assert_eq!(attribute_value("a\tb\nc\r<&>\"").unwrap(), "a&#9;b&#10;c&#13;&lt;&amp;&gt;&quot;");
        assert!(attribute_value("bell\u{7}").unwrap_err().contains("U+0007"));
        assert_eq!(read_identifier("urn:corpus-lsp:entity:wang-yi"), (Some("wang-yi".into()), None));
        assert_eq!(read_identifier("https://www.wikidata.org/wiki/Q42"), (None, Some("Q42".into())));
    }
}
