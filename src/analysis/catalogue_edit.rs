//! Changes to a catalogue (`corpus.json`) that quick fixes carry: create an
//! entity or a tag, add an alias, add a phrase to `ignore`.
//!
//! A change is data: the analysis of a line says *what* to add, and the
//! caller (the server, which knows which `corpus.json` governs the document
//! and its current text) turns it into a text edit of that file with
//! [`apply_change`] / [`apply_changes`], or writes a new file with
//! [`new_catalogue_text`].
//!
//! Invariant: an edit only inserts. Every byte of the file stays where it was
//! (key order, indentation, line breaks, the escapes in its strings); the
//! insertion follows the file's style: the indentation of the previous entry
//! (spaces or tabs), one entry per line or inline as the array already is,
//! `\r\n` when the file uses it. The result is JSON that
//! [`Catalogue::parse`](super::Catalogue::parse) loads without new problems
//! and that validates against `schemas/corpus.schema.json`. Ranges are found
//! with `jsonc-parser`'s AST (as the loader does); strings are written by
//! `serde_json`.

use jsonc_parser::ast::{Array, Object, ObjectProp, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, parse_to_ast};

use super::Span;
use super::catalogue::{Kind, strict_json};
use super::diagnostics::TextEdit;

/// One change to the governing catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogueChange {
    /// A new entry in `"entities"`.
    AddEntity { id: String, name: String, kind: Kind, aliases: Vec<String> },
    /// A new entry in `"tags"`.
    AddTag { id: String, label: String },
    /// A new string in an existing entity's `"aliases"`.
    AddAlias { entity: String, alias: String },
    /// A new string in `"ignore"`.
    Ignore { phrase: String },
}

/// The published schema, named by `"$schema"` in a new `corpus.json`.
pub const SCHEMA_URL: &str = "https://corpus-lsp.dev/schemas/corpus.schema.json";

/// A starter `corpus.json`: the schema, the default include glob, no entries.
pub fn starter_catalogue_text() -> String {
    format!(
        "{{\n  \"$schema\": \"{SCHEMA_URL}\",\n  \"include\": [\n    \"**/*.txt\"\n  ],\n  \"entities\": [],\n  \"tags\": []\n}}\n"
    )
}

/// Why a change cannot be made to a `corpus.json` text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("corpus.json is not valid JSON: {0}")]
    InvalidJson(String),
    #[error("corpus.json does not hold a JSON object")]
    NotAnObject,
    #[error("`{0}` in corpus.json is not an array")]
    NotAnArray(&'static str),
    #[error("corpus.json has no `{0}` array")]
    Missing(&'static str),
    #[error("corpus.json has no entity `{0}`")]
    NoEntity(String),
    #[error("{what} `{id}` is already in corpus.json")]
    Exists { what: &'static str, id: String },
}

/// The edits (insertions) that make `change` in `catalogue_text`. Empty when
/// the file already says it (the alias or phrase is there).
pub fn apply_change(catalogue_text: &str, change: &CatalogueChange) -> Result<Vec<TextEdit>, EditError> {
    let parsed = parse_to_ast(catalogue_text, &CollectOptions::default(), &strict_json())
        .map_err(|e| EditError::InvalidJson(e.kind().to_string()))?;
    let Some(Value::Object(root)) = &parsed.value else { return Err(EditError::NotAnObject) };
    let file = File::new(catalogue_text, root);
    let edit = match change {
        CatalogueChange::AddEntity { id, name, kind, aliases } => {
            let entities = file.array("entities")?.ok_or(EditError::Missing("entities"))?;
            if find_by_id(entities, id).is_some() {
                return Err(EditError::Exists { what: "entity", id: id.clone() });
            }
            let mut fields =
                vec![("id", Field::Str(id)), ("name", Field::Str(name)), ("kind", Field::Str(kind.as_str()))];
            if !aliases.is_empty() {
                fields.push(("aliases", Field::Strings(aliases)));
            }
            file.insert_object(entities, root, &fields, file.array("tags").ok().flatten())
        }
        CatalogueChange::AddTag { id, label } => {
            let tags = file.array("tags")?.ok_or(EditError::Missing("tags"))?;
            if find_by_id(tags, id).is_some() {
                return Err(EditError::Exists { what: "tag", id: id.clone() });
            }
            let fields = [("id", Field::Str(id)), ("label", Field::Str(label))];
            file.insert_object(tags, root, &fields, file.array("entities").ok().flatten())
        }
        CatalogueChange::AddAlias { entity, alias } => {
            let entities = file.array("entities")?.ok_or(EditError::Missing("entities"))?;
            let object = find_by_id(entities, entity).ok_or_else(|| EditError::NoEntity(entity.clone()))?;
            match object.properties.iter().rev().find(|p| p.name.as_str() == "aliases") {
                Some(prop) => {
                    let Value::Array(aliases) = &prop.value else { return Err(EditError::NotAnArray("aliases")) };
                    if has_string(aliases, alias) {
                        return Ok(Vec::new());
                    }
                    file.insert_string(aliases, object, alias)
                }
                None => {
                    // After `kind` (the key order of the seeds and the schema), else last.
                    let after = object
                        .properties
                        .iter()
                        .rposition(|p| p.name.as_str() == "kind")
                        .unwrap_or(object.properties.len().saturating_sub(1));
                    file.insert_property(object, after, "aliases", &Field::Strings(std::slice::from_ref(alias)))
                }
            }
        }
        CatalogueChange::Ignore { phrase } => match file.array("ignore")? {
            Some(ignore) if has_string(ignore, phrase) => return Ok(Vec::new()),
            Some(ignore) => file.insert_string(ignore, root, phrase),
            None => file.insert_property(
                root,
                root.properties.len().saturating_sub(1),
                "ignore",
                &Field::Strings(std::slice::from_ref(phrase)),
            ),
        },
    };
    Ok(vec![edit])
}

/// The insertion that gives entity `entity` the Wikidata id `item`: a
/// `"wikidata"` property after its last one, in the entry's layout. An
/// entity that already has one is an error (`Exists`): linking never changes
/// an id someone wrote.
pub fn set_wikidata(catalogue_text: &str, entity: &str, item: &str) -> Result<TextEdit, EditError> {
    let parsed = parse_to_ast(catalogue_text, &CollectOptions::default(), &strict_json())
        .map_err(|e| EditError::InvalidJson(e.kind().to_string()))?;
    let Some(Value::Object(root)) = &parsed.value else { return Err(EditError::NotAnObject) };
    let file = File::new(catalogue_text, root);
    let entities = file.array("entities")?.ok_or(EditError::Missing("entities"))?;
    let object = find_by_id(entities, entity).ok_or_else(|| EditError::NoEntity(entity.to_string()))?;
    if object.properties.iter().any(|p| p.name.as_str() == "wikidata") {
        return Err(EditError::Exists { what: "the Wikidata id of entity", id: entity.to_string() });
    }
    Ok(file.insert_property(object, object.properties.len().saturating_sub(1), "wikidata", &Field::Str(item)))
}

/// The edits that make every change of `changes` in turn (a later one may
/// add an alias to an entity an earlier one created): insertions into
/// `catalogue_text`, one per place (what a later change inserts inside an
/// earlier insertion joins it).
pub fn apply_changes(catalogue_text: &str, changes: &[CatalogueChange]) -> Result<Vec<TextEdit>, EditError> {
    if let [one] = changes {
        return apply_change(catalogue_text, one);
    }
    // (offset in `catalogue_text`, inserted text), in order.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut current = catalogue_text.to_string();
    for change in changes {
        let edits = apply_change(&current, change)?;
        for edit in edits.iter().rev() {
            debug_assert!(edit.span.is_empty(), "apply_change only inserts");
            let at = edit.span.start;
            // Walk the insertions so far, in the current text's offsets.
            let mut shift = 0;
            let mut placed = false;
            for (i, (offset, text)) in inserts.iter_mut().enumerate() {
                let start = *offset + shift;
                if at < start {
                    inserts.insert(i, (at - shift, edit.new_text.clone()));
                    placed = true;
                    break;
                }
                if at <= start + text.len() {
                    text.insert_str(at - start, &edit.new_text);
                    placed = true;
                    break;
                }
                shift += text.len();
            }
            if !placed {
                inserts.push((at - shift, edit.new_text.clone()));
            }
        }
        current = apply_edits(&current, &edits);
    }
    Ok(inserts.into_iter().map(|(at, new_text)| TextEdit { span: Span::new(at, at), new_text }).collect())
}

/// A new `corpus.json` (for a corpus that has none): the starter catalogue
/// with `changes` made. A change that cannot be made (an alias of an entity
/// that is not among the changes) is left out.
pub fn new_catalogue_text(changes: &[CatalogueChange]) -> String {
    let mut text = starter_catalogue_text();
    for change in changes {
        if let Ok(edits) = apply_change(&text, change) {
            text = apply_edits(&text, &edits);
        }
    }
    text
}

/// `text` with `edits` (non-overlapping spans into `text`) applied; edits at
/// the same offset go in their order, as in LSP.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].span.start, i));
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.new_text.len()).sum::<usize>());
    let mut at = 0;
    for i in order {
        let e = &edits[i];
        out.push_str(&text[at..e.span.start.max(at)]);
        out.push_str(&e.new_text);
        at = at.max(e.span.end);
    }
    out.push_str(&text[at..]);
    out
}

/// Where the entry `change` added lies in `text` (the catalogue after the
/// change): the entity's or tag's object, the alias's or phrase's string.
pub fn entry_span(text: &str, change: &CatalogueChange) -> Option<Span> {
    let parsed = parse_to_ast(text, &CollectOptions::default(), &strict_json()).ok()?;
    let Some(Value::Object(root)) = &parsed.value else { return None };
    let array = |name: &str| match &root.properties.iter().rev().find(|p| p.name.as_str() == name)?.value {
        Value::Array(a) => Some(a),
        _ => None,
    };
    let string_in = |array: &Array, s: &str| {
        array.elements.iter().find_map(|v| match v {
            Value::StringLit(lit) if lit.value == s => Some(span_of(lit)),
            _ => None,
        })
    };
    match change {
        CatalogueChange::AddEntity { id, .. } => find_by_id(array("entities")?, id).map(span_of),
        CatalogueChange::AddTag { id, .. } => find_by_id(array("tags")?, id).map(span_of),
        CatalogueChange::AddAlias { entity, alias } => {
            let object = find_by_id(array("entities")?, entity)?;
            let Value::Array(aliases) = &object.properties.iter().rev().find(|p| p.name.as_str() == "aliases")?.value
            else {
                return None;
            };
            string_in(aliases, alias)
        }
        CatalogueChange::Ignore { phrase } => string_in(array("ignore")?, phrase),
    }
}

/// A first guess at what a surface names, from the words news English puts
/// around names (a title says person, `Ministry` says organization, …);
/// `other` when nothing says. The annotator corrects it in `corpus.json`.
pub fn guess_kind(surface: &str) -> Kind {
    const PERSON: &[&str] = &[
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "President",
        "Secretary",
        "Minister",
        "Premier",
        "Senator",
        "Sen.",
        "Rep.",
        "Representative",
        "Ambassador",
        "General",
        "Gen.",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Chairman",
        "Governor",
        "Prime",
        "King",
        "Queen",
        "Prince",
        "Pope",
    ];
    const ORGANIZATION: &[&str] = &[
        "Ministry",
        "Department",
        "Council",
        "Forces",
        "Force",
        "Party",
        "University",
        "Times",
        "Post",
        "News",
        "Agency",
        "Committee",
        "Commission",
        "Organization",
        "Organisation",
        "Union",
        "Association",
        "Bank",
        "Army",
        "Navy",
        "Institute",
        "Office",
        "Bureau",
        "Corporation",
        "Company",
        "Group",
        "Congress",
        "Parliament",
        "Senate",
        "Court",
        "Administration",
        "Government",
        "Reuters",
        "Xinhua",
        "Inc.",
        "Ltd.",
        "Assembly",
    ];
    const PLACE: &[&str] = &[
        "Sea",
        "Ocean",
        "Island",
        "Islands",
        "Strait",
        "River",
        "Province",
        "Region",
        "City",
        "County",
        "Republic",
        "Kingdom",
        "Mountains",
        "Valley",
        "Gulf",
        "Bay",
        "Peninsula",
        "Street",
        "Square",
    ];
    const EVENT: &[&str] = &["Summit", "Talks", "War", "Conference", "Forum", "Games", "Olympics", "Election"];
    const DOCUMENT: &[&str] = &["Report", "Reports", "Act", "Treaty", "Agreement", "Declaration", "Resolution"];
    let words: Vec<&str> = surface.split_whitespace().collect();
    let has =
        |list: &[&str]| words.iter().any(|w| list.contains(&w.trim_end_matches(['’', '\'', 's'])) || list.contains(w));
    if words.first().is_some_and(|w| PERSON.contains(w)) {
        Kind::Person
    } else if has(ORGANIZATION) {
        Kind::Organization
    } else if has(EVENT) {
        Kind::Event
    } else if has(DOCUMENT) {
        Kind::Document
    } else if has(PLACE) {
        Kind::Place
    } else {
        Kind::Other
    }
}

// ---- the file and its style ----

/// A value to write: a string or an array of strings.
enum Field<'a> {
    Str(&'a str),
    Strings(&'a [String]),
}

struct File<'t, 'a> {
    text: &'t str,
    root: &'a Object<'a>,
    /// `\r\n` when the file has one, else `\n`.
    newline: &'static str,
    /// One level of indentation: the root's first property's, else two spaces.
    unit: String,
    /// Between a key and its value: the root's first property's, else `": "`.
    colon: String,
}

fn span_of(node: &impl Ranged) -> Span {
    let r = node.range();
    Span::new(r.start, r.end)
}

fn has_newline(s: &str) -> bool {
    s.contains(['\n', '\r'])
}

/// The whitespace that starts the line holding byte `at`.
fn line_indent(text: &str, at: usize) -> &str {
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The indentation after the last line break of a separator, if it has one.
fn indent_after_break(sep: &str) -> Option<&str> {
    sep.rfind(['\n', '\r']).map(|i| &sep[i + 1..])
}

fn find_by_id<'b, 'a>(array: &'b Array<'a>, id: &str) -> Option<&'b Object<'a>> {
    array.elements.iter().find_map(|v| match v {
        Value::Object(o) if o.get_string("id").is_some_and(|s| s.value == id) => Some(o),
        _ => None,
    })
}

fn first_object<'b, 'a>(array: &'b Array<'a>) -> Option<&'b Object<'a>> {
    array.elements.iter().find_map(|v| match v {
        Value::Object(o) => Some(o),
        _ => None,
    })
}

fn has_string(array: &Array, s: &str) -> bool {
    array.elements.iter().any(|v| matches!(v, Value::StringLit(lit) if lit.value == s))
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

impl<'t, 'a> File<'t, 'a> {
    fn new(text: &'t str, root: &'a Object<'a>) -> File<'t, 'a> {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let (mut unit, mut colon) = ("  ".to_string(), ": ".to_string());
        if let Some(first) = root.properties.first() {
            let before = &text[root.range.start + 1..first.range.start];
            let indent = line_indent(text, first.range.start);
            if has_newline(before) && !indent.is_empty() {
                unit = indent.to_string();
            }
            let between = &text[span_of(&first.name).end..span_of(&first.value).start];
            if !has_newline(between) && between.trim() == ":" {
                colon = between.to_string();
            }
        }
        File { text, root, newline, unit, colon }
    }

    /// The root's array `name`: `None` when the key is missing.
    fn array(&self, name: &'static str) -> Result<Option<&'a Array<'a>>, EditError> {
        match self.root.properties.iter().rev().find(|p| p.name.as_str() == name) {
            None => Ok(None),
            Some(ObjectProp { value: Value::Array(a), .. }) => Ok(Some(a)),
            Some(_) => Err(EditError::NotAnArray(name)),
        }
    }

    fn object_multiline(&self, object: &Object) -> bool {
        let end = object.properties.first().map_or(object.range.end, |p| p.range.start);
        has_newline(&self.text[object.range.start..end])
    }

    fn array_multiline(&self, array: &Array) -> bool {
        let end = array.elements.first().map_or(array.range.end, |e| span_of(e).start);
        has_newline(&self.text[array.range.start..end])
    }

    /// Whether the file writes arrays of strings one item per line: its
    /// first non-empty one says (`include`, an entity's `aliases`, …).
    fn strings_multiline(&self) -> Option<bool> {
        let mut arrays: Vec<&Array> = Vec::new();
        for p in &self.root.properties {
            match &p.value {
                Value::Array(a) if matches!(p.name.as_str(), "include" | "exclude" | "ignore") => arrays.push(a),
                Value::Array(a) if p.name.as_str() == "entities" => {
                    for e in &a.elements {
                        if let Value::Object(o) = e {
                            arrays.extend(o.properties.iter().filter_map(|p| p.value.as_array()));
                        }
                    }
                }
                _ => {}
            }
        }
        arrays
            .into_iter()
            .find(|a| a.elements.first().is_some_and(|e| matches!(e, Value::StringLit(_))))
            .map(|a| self.array_multiline(a))
    }

    /// `{` followed by a space in an inline object of the file.
    fn inline_object_padding(&self, example: Option<&Object>) -> bool {
        match example {
            Some(o) => self.text[o.range.start + 1..].starts_with([' ', '\t']),
            None => self.colon != ":",
        }
    }

    /// Between the items of an inline list: `,` in a compact file (`"a":1`), else `, `.
    fn item_separator(&self) -> &'static str {
        if self.colon == ":" { "," } else { ", " }
    }

    fn render_strings(&self, items: &[String], multiline: bool, indent: &str) -> String {
        if items.is_empty() {
            return "[]".into();
        }
        if !multiline {
            let list: Vec<String> = items.iter().map(|s| json_string(s)).collect();
            return format!("[{}]", list.join(self.item_separator()));
        }
        let inner = format!("{indent}{}", self.unit);
        let list: Vec<String> = items.iter().map(|s| format!("{inner}{}", json_string(s))).collect();
        let nl = self.newline;
        format!("[{nl}{}{nl}{indent}]", list.join(&format!(",{nl}")))
    }

    fn render_field(&self, field: &Field, multiline: bool, indent: &str) -> String {
        match field {
            Field::Str(s) => json_string(s),
            Field::Strings(items) => {
                let lines = multiline && self.strings_multiline().unwrap_or(true);
                self.render_strings(items, lines, indent)
            }
        }
    }

    fn render_object(&self, fields: &[(&str, Field)], multiline: bool, padded: bool, indent: &str) -> String {
        let colon = &self.colon;
        if multiline {
            let inner = format!("{indent}{}", self.unit);
            let list: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{inner}{}{colon}{}", json_string(k), self.render_field(v, true, &inner)))
                .collect();
            let nl = self.newline;
            format!("{{{nl}{}{nl}{indent}}}", list.join(&format!(",{nl}")))
        } else {
            let list: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}{colon}{}", json_string(k), self.render_field(v, false, indent)))
                .collect();
            let pad = if padded { " " } else { "" };
            format!("{{{pad}{}{pad}}}", list.join(self.item_separator()))
        }
    }

    /// The edit appending `render(indent)` to `array`; `multiline_if_empty`
    /// decides the layout of an empty one.
    fn append(&self, array: &Array, multiline_if_empty: bool, render: impl Fn(&str) -> String) -> TextEdit {
        let text = self.text;
        let nl = self.newline;
        match array.elements.as_slice() {
            [] => {
                let at = array.range.start + 1;
                let base = line_indent(text, array.range.start);
                let inner = &text[at..array.range.end - 1];
                let new_text = if !multiline_if_empty {
                    render(base)
                } else {
                    let indent = format!("{base}{}", self.unit);
                    let value = render(&indent);
                    // `[` … `]` on lines of their own already: the closing line stays.
                    if has_newline(inner) {
                        format!("{nl}{indent}{value}")
                    } else {
                        format!("{nl}{indent}{value}{nl}{base}")
                    }
                };
                TextEdit { span: Span::new(at, at), new_text }
            }
            elements => {
                let last = span_of(elements.last().expect("not empty"));
                let sep = match elements {
                    [.., before, _] => text[span_of(before).end..last.start].to_string(),
                    _ if self.array_multiline(array) => format!(",{nl}{}", line_indent(text, last.start)),
                    _ => self.item_separator().to_string(),
                };
                let indent = indent_after_break(&sep).unwrap_or_else(|| line_indent(text, last.start));
                let new_text = format!("{sep}{}", render(indent));
                TextEdit { span: Span::new(last.end, last.end), new_text }
            }
        }
    }

    /// Appends an object to `array` (in `parent`): laid out as the array's
    /// other objects, else as those of `sibling` (the other list).
    fn insert_object(
        &self,
        array: &Array,
        parent: &Object,
        fields: &[(&str, Field)],
        sibling: Option<&Array>,
    ) -> TextEdit {
        let parent_multiline = self.object_multiline(parent);
        let example = first_object(array).or_else(|| sibling.and_then(first_object));
        let multiline = example.map_or(parent_multiline, |o| self.object_multiline(o));
        let padded = self.inline_object_padding(example);
        let array_multiline_if_empty =
            parent_multiline && sibling.filter(|s| !s.elements.is_empty()).is_none_or(|s| self.array_multiline(s));
        self.append(array, array_multiline_if_empty, |indent| self.render_object(fields, multiline, padded, indent))
    }

    /// Appends a string to `array` (a value of `parent`).
    fn insert_string(&self, array: &Array, parent: &Object, s: &str) -> TextEdit {
        let multiline = self.object_multiline(parent) && self.strings_multiline().unwrap_or(true);
        self.append(array, multiline, |_| json_string(s))
    }

    /// Inserts `"key": value` into `object` after its property `after`.
    fn insert_property(&self, object: &Object, after: usize, key: &str, value: &Field) -> TextEdit {
        let text = self.text;
        let nl = self.newline;
        let multiline = self.object_multiline(object);
        let props = &object.properties;
        let Some(prop) = props.get(after) else {
            // `{}`: the only property.
            let at = object.range.start + 1;
            let new_text = format!("{}{}{}", json_string(key), self.colon, self.render_field(value, false, ""));
            return TextEdit { span: Span::new(at, at), new_text };
        };
        let end = span_of(&prop.value).end;
        let sep = if let Some(next) = props.get(after + 1) {
            text[end..next.range.start].to_string()
        } else if after > 0 {
            text[span_of(&props[after - 1].value).end..prop.range.start].to_string()
        } else if multiline {
            format!(",{nl}{}", line_indent(text, prop.range.start))
        } else {
            self.item_separator().to_string()
        };
        let indent = indent_after_break(&sep).unwrap_or_else(|| line_indent(text, prop.range.start)).to_string();
        let rendered = format!("{}{}{}", json_string(key), self.colon, self.render_field(value, multiline, &indent));
        // After a middle property, the separator that followed it follows the new one.
        TextEdit { span: Span::new(end, end), new_text: format!("{sep}{rendered}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::catalogue::Catalogue;

    /// The seeds' catalogue as the first round left it (before it grew an
    /// `ignore` list): a real file in the project's own style.
    const BUILTIN_JSON: &str = include_str!("../../tests/fixtures/seeds-corpus-round1.json");
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
        let schema: serde_json::Value = serde_json::from_str(include_str!("../../schemas/corpus.schema.json")).unwrap();
        jsonschema::draft202012::new(&schema).unwrap()
    });

    fn entity(id: &str, name: &str, kind: Kind, aliases: &[&str]) -> CatalogueChange {
        CatalogueChange::AddEntity {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn alias(entity: &str, alias: &str) -> CatalogueChange {
        CatalogueChange::AddAlias { entity: entity.into(), alias: alias.into() }
    }

    fn ignore(phrase: &str) -> CatalogueChange {
        CatalogueChange::Ignore { phrase: phrase.into() }
    }

    fn tag(id: &str, label: &str) -> CatalogueChange {
        CatalogueChange::AddTag { id: id.into(), label: label.into() }
    }

    /// Checks that `text` is a valid catalogue (no problems, schema-valid)
    /// holding what `change` adds.
    fn assert_holds(text: &str, change: &CatalogueChange) {
        let loaded = Catalogue::parse(text);
        assert_eq!(loaded.problems, [], "problems after the change:\n{text}");
        let json: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        let errors: Vec<String> = SCHEMA.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:?}\n{text}");
        let cat = loaded.catalogue.unwrap();
        match change {
            CatalogueChange::AddEntity { id, name, kind, aliases } => {
                let e = cat.entity(id).expect("the new entity");
                assert_eq!((&e.name, e.kind), (name, *kind));
                assert!(aliases.iter().all(|a| e.aliases.contains(a)), "{:?}", e.aliases);
            }
            CatalogueChange::AddTag { id, label } => assert_eq!(&cat.tag(id).expect("the new tag").label, label),
            CatalogueChange::AddAlias { entity, alias } => assert!(cat.entity(entity).unwrap().aliases.contains(alias)),
            CatalogueChange::Ignore { phrase } => assert!(cat.ignore.contains(phrase)),
        }
        let span = entry_span(text, change).expect("the new entry is found");
        let entry = span.of(text);
        assert!(entry.starts_with('{') || entry.starts_with('"'), "{entry}");
    }

    /// Applies `change` to `text`: one insertion, the result valid; returns it.
    fn check(text: &str, change: &CatalogueChange) -> String {
        let edits = apply_change(text, change).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(edits.len(), 1, "{edits:?}");
        let edit = &edits[0];
        assert!(edit.span.is_empty(), "only inserts: {edit:?}");
        let out = apply_edits(text, &edits);
        assert_eq!(&out[..edit.span.start], &text[..edit.span.start]);
        assert_eq!(&out[edit.span.start + edit.new_text.len()..], &text[edit.span.start..]);
        if text.contains("\r\n") {
            assert!(!edit.new_text.replace("\r\n", "").contains('\n'), "CRLF kept: {:?}", edit.new_text);
        }
        assert_holds(&out, change);
        out
    }

    /// What was inserted.
    fn inserted(text: &str, change: &CatalogueChange) -> String {
        apply_change(text, change).unwrap().remove(0).new_text
    }

    #[test]
    fn seeds_style_entity_tag_alias_ignore() {
        let text = BUILTIN_JSON;
        let eu = entity("eu", "European Union", Kind::Organization, &["EU"]);
        check(text, &eu);
        assert_eq!(
            inserted(text, &eu),
            ",\n    {\n      \"id\": \"eu\",\n      \"name\": \"European Union\",\n      \"kind\": \"organization\",\n      \"aliases\": [\n        \"EU\"\n      ]\n    }"
        );
        let x = tag("climate-x", "Climate “X” — test");
        check(text, &x);
        assert_eq!(
            inserted(text, &x),
            ",\n    {\n      \"id\": \"climate-x\",\n      \"label\": \"Climate “X” — test\"\n    }"
        );
        let bliken = alias("antony-blinken", "Mr. Bliken");
        check(text, &bliken);
        assert_eq!(inserted(text, &bliken), ",\n        \"Mr. Bliken\"");
        // An entity with `"aliases": []`.
        let sullivan = alias("jake-sullivan", "Sullivan");
        let out = check(text, &sullivan);
        assert!(
            out.contains("\"aliases\": [\n        \"Sullivan\"\n      ],\n      \"description\": \"U.S. national"),
            "{out}"
        );
        // No `ignore` yet: the key is created last, in the file's style.
        let press = ignore("Press Briefing");
        let out = check(text, &press);
        assert!(out.ends_with("  \"diagnostics\": {\n    \"unannotated-mention\": \"hint\"\n  },\n  \"ignore\": [\n    \"Press Briefing\"\n  ]\n}\n"), "{out}");
        // …and then appended to.
        let out = check(&out, &ignore("State Department Press Briefing"));
        assert!(out.ends_with("\"Press Briefing\",\n    \"State Department Press Briefing\"\n  ]\n}\n"), "{out}");
    }

    #[test]
    fn a_wikidata_id_is_inserted_after_the_last_property() {
        for text in [
            BUILTIN_JSON.to_string(),
            BUILTIN_JSON.replace('\n', "\r\n"),
            r#"{"entities":[{"id":"wang-yi","name":"Wang Yi","kind":"person"}],"tags":[]}"#.to_string(),
            r#"{ "entities": [ { "id": "wang-yi", "name": "Wang Yi", "kind": "person" } ], "tags": [] }"#.to_string(),
        ] {
            let edit = set_wikidata(&text, "wang-yi", "Q1501226").unwrap();
            assert!(edit.span.is_empty());
            let out = apply_edits(&text, std::slice::from_ref(&edit));
            assert_eq!(format!("{}{}", &out[..edit.span.start], &out[edit.span.start + edit.new_text.len()..]), text);
            let loaded = Catalogue::parse(&out);
            assert_eq!(loaded.problems, [], "{out}");
            let cat = loaded.catalogue.unwrap();
            assert_eq!(cat.entity("wang-yi").unwrap().wikidata_id(), Some("Q1501226"));
            assert!(SCHEMA.is_valid(&serde_json::from_str(&out).unwrap()));
            assert!(matches!(set_wikidata(&out, "wang-yi", "Q1"), Err(EditError::Exists { .. })));
            if text.contains("\r\n") {
                assert!(!edit.new_text.replace("\r\n", "").contains('\n'));
            }
        }
        let compact = r#"{"entities":[{"id":"wang-yi","name":"Wang Yi","kind":"person"}],"tags":[]}"#;
        assert_eq!(set_wikidata(compact, "wang-yi", "Q1").unwrap().new_text, r#","wikidata":"Q1""#);
        assert_eq!(set_wikidata(BUILTIN_JSON, "wang-yi", "Q1").unwrap().new_text, ",\n      \"wikidata\": \"Q1\"");
        assert!(matches!(set_wikidata(compact, "nobody", "Q1"), Err(EditError::NoEntity(_))));
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let text = BUILTIN_JSON.replace('\n', "\r\n");
        for change in [
            entity("eu", "European Union", Kind::Organization, &["EU", "the Union"]),
            tag("eu-affairs", "EU affairs"),
            alias("antony-blinken", "Tony"),
            alias("jake-sullivan", "Sullivan"),
            ignore("Press Briefing"),
        ] {
            let out = check(&text, &change);
            assert!(!out.replace("\r\n", "").contains('\n'), "{change:?}");
        }
    }

    const INLINE: &str = r#"{
  "include": ["**/*.txt"],
  "entities": [
    { "id": "antony-blinken", "name": "Antony Blinken", "kind": "person",
      "aliases": ["Blinken", "Mr. Blinken"], "description": "U.S. Secretary of State.", "tags": ["us-diplomacy"] },
    { "id": "wang-yi", "name": "Wang Yi", "kind": "person" }
  ],
  "tags": [ { "id": "us-diplomacy", "label": "U.S. diplomacy" } ],
  "ignore": ["Press Briefing"]
}"#;

    #[test]
    fn inline_styles_stay_inline() {
        // An entity without aliases: the key is created after `kind`, inline.
        let out = check(INLINE, &alias("wang-yi", "Wang"));
        assert!(
            out.contains(r#"{ "id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["Wang"] }"#),
            "{out}"
        );
        assert_eq!(inserted(INLINE, &alias("antony-blinken", "Tony")), r#", "Tony""#);
        assert_eq!(inserted(INLINE, &ignore("Readout")), r#", "Readout""#);
        let eu = entity("eu", "EU", Kind::Organization, &["E.U."]);
        assert_eq!(
            inserted(INLINE, &eu),
            ",\n    { \"id\": \"eu\", \"name\": \"EU\", \"kind\": \"organization\", \"aliases\": [\"E.U.\"] }"
        );
        check(INLINE, &eu);
        assert_eq!(inserted(INLINE, &tag("x", "X")), r#", { "id": "x", "label": "X" }"#);
        check(INLINE, &tag("x", "X"));
        // A one-line file.
        let one = r#"{"entities":[{"id":"a","name":"A","kind":"place"}],"tags":[]}"#;
        assert_eq!(inserted(one, &entity("b", "B", Kind::Other, &[])), r#",{"id":"b","name":"B","kind":"other"}"#);
        assert_eq!(inserted(one, &tag("t", "T")), r#"{"id":"t","label":"T"}"#);
        assert_eq!(inserted(one, &ignore("Q")), r#","ignore":["Q"]"#);
        assert_eq!(inserted(one, &alias("a", "Aa")), r#","aliases":["Aa"]"#);
        for change in [entity("b", "B", Kind::Other, &[]), tag("t", "T"), ignore("Q"), alias("a", "Aa")] {
            check(one, &change);
        }
    }

    #[test]
    fn empty_arrays_and_tabs() {
        let empty = "{\n  \"entities\": [],\n  \"tags\": []\n}\n";
        let out = check(empty, &entity("eu", "EU", Kind::Organization, &[]));
        assert_eq!(
            out,
            "{\n  \"entities\": [\n    {\n      \"id\": \"eu\",\n      \"name\": \"EU\",\n      \"kind\": \"organization\"\n    }\n  ],\n  \"tags\": []\n}\n"
        );
        let out = check(&out, &tag("t", "T"));
        assert!(
            out.contains("  \"tags\": [\n    {\n      \"id\": \"t\",\n      \"label\": \"T\"\n    }\n  ]\n}"),
            "{out}"
        );
        let out = check(&out, &alias("eu", "E.U."));
        assert!(
            out.contains("\"kind\": \"organization\",\n      \"aliases\": [\n        \"E.U.\"\n      ]\n    }"),
            "{out}"
        );
        // An empty array already on two lines keeps its closing line.
        let open = "{\n  \"entities\": [\n  ],\n  \"tags\": []\n}";
        let out = check(open, &entity("a", "A", Kind::Place, &[]));
        assert!(out.starts_with("{\n  \"entities\": [\n    {\n      \"id\": \"a\""), "{out}");
        assert!(out.contains("    }\n  ],"), "{out}");
        // Tabs.
        let tabs = "{\n\t\"entities\": [\n\t\t{\n\t\t\t\"id\": \"a\",\n\t\t\t\"name\": \"A\",\n\t\t\t\"kind\": \"place\"\n\t\t}\n\t],\n\t\"tags\": []\n}";
        assert_eq!(
            inserted(tabs, &entity("b", "B", Kind::Person, &["Bee"])),
            ",\n\t\t{\n\t\t\t\"id\": \"b\",\n\t\t\t\"name\": \"B\",\n\t\t\t\"kind\": \"person\",\n\t\t\t\"aliases\": [\n\t\t\t\t\"Bee\"\n\t\t\t]\n\t\t}"
        );
        assert_eq!(inserted(tabs, &alias("a", "Ay")), ",\n\t\t\t\"aliases\": [\n\t\t\t\t\"Ay\"\n\t\t\t]");
        assert_eq!(inserted(tabs, &ignore("Q")), ",\n\t\"ignore\": [\n\t\t\"Q\"\n\t]");
        for change in [entity("b", "B", Kind::Person, &["Bee"]), alias("a", "Ay"), ignore("Q"), tag("t", "T")] {
            check(tabs, &change);
        }
    }

    #[test]
    fn strings_are_escaped() {
        let odd = "Quote \" back\\slash \u{1F600} “curly”";
        let out = check(INLINE, &alias("wang-yi", odd));
        assert!(out.contains(r#""Quote \" back\\slash 😀 “curly”""#), "{out}");
        check(INLINE, &ignore(odd));
    }

    #[test]
    fn what_is_there_already() {
        assert_eq!(apply_change(INLINE, &alias("antony-blinken", "Blinken")), Ok(Vec::new()));
        assert_eq!(apply_change(INLINE, &ignore("Press Briefing")), Ok(Vec::new()));
        assert_eq!(
            apply_change(INLINE, &entity("wang-yi", "W", Kind::Person, &[])),
            Err(EditError::Exists { what: "entity", id: "wang-yi".into() })
        );
        assert!(matches!(apply_change(INLINE, &tag("us-diplomacy", "x")), Err(EditError::Exists { .. })));
        assert_eq!(apply_change(INLINE, &alias("nobody", "N")), Err(EditError::NoEntity("nobody".into())));
        assert!(matches!(apply_change("{ broken", &ignore("x")), Err(EditError::InvalidJson(_))));
        assert_eq!(apply_change("[]", &ignore("x")), Err(EditError::NotAnObject));
        assert_eq!(
            apply_change(r#"{"entities": {}, "tags": []}"#, &alias("a", "b")),
            Err(EditError::NotAnArray("entities"))
        );
        assert_eq!(
            apply_change(r#"{"tags": []}"#, &entity("a", "A", Kind::Other, &[])),
            Err(EditError::Missing("entities"))
        );
    }

    #[test]
    fn several_changes_and_a_new_file() {
        let changes = [entity("eu", "European Union", Kind::Organization, &[]), alias("eu", "EU"), ignore("Readout")];
        let edits = apply_changes(BUILTIN_JSON, &changes).unwrap();
        // The alias joins the new entity's insertion; the ignore list is another place.
        assert_eq!(edits.len(), 2, "{edits:?}");
        assert!(edits.iter().all(|e| e.span.is_empty()), "only inserts");
        assert!(edits[0].new_text.contains("\"aliases\": [\n        \"EU\"\n      ]"), "{:?}", edits[0]);
        let out = apply_edits(BUILTIN_JSON, &edits);
        for change in &changes {
            assert_holds(&out, change);
        }
        let new = new_catalogue_text(&changes);
        for change in &changes {
            assert_holds(&new, change);
        }
        assert!(new.starts_with(&format!("{{\n  \"$schema\": \"{SCHEMA_URL}\",\n  \"include\": [\n    \"**/*.txt\"\n  ],\n  \"entities\": [\n    {{\n      \"id\": \"eu\",")), "{new}");
        assert_eq!(Catalogue::parse(&starter_catalogue_text()).problems, []);
        // An alias of an entity nobody creates is left out.
        assert_eq!(new_catalogue_text(&[alias("x", "X")]), starter_catalogue_text());
    }

    #[test]
    fn kinds_guessed_from_the_words() {
        assert_eq!(guess_kind("Mr. Bliken"), Kind::Person);
        assert_eq!(guess_kind("President Macron"), Kind::Person);
        assert_eq!(guess_kind("Rapid Support Forces"), Kind::Organization);
        assert_eq!(guess_kind("Ministry of Foreign Affairs"), Kind::Organization);
        assert_eq!(guess_kind("South China Sea"), Kind::Place);
        assert_eq!(guess_kind("San Francisco Summit"), Kind::Event);
        assert_eq!(guess_kind("Country Reports on Human Rights Practices"), Kind::Document);
        assert_eq!(guess_kind("European"), Kind::Other);
    }

    // ---- properties: any layout, any change: only inserted bytes, a valid result ----

    fn slug() -> impl Strategy<Value = String> {
        "[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}"
    }

    fn phrase() -> impl Strategy<Value = String> {
        "[A-Za-z“”’\"\\\\ é😀.-]{0,8}[A-Za-z]".prop_map(|s| s)
    }

    /// A catalogue value: entities with or without (empty) aliases, tags, maybe `ignore`.
    fn catalogue_value() -> impl Strategy<Value = serde_json::Value> {
        let entity = (slug(), phrase(), prop::option::of(prop::collection::vec(phrase(), 0..3)));
        (
            prop::collection::vec(entity, 0..4),
            prop::collection::vec((slug(), phrase()), 0..3),
            prop::option::of(prop::collection::vec(phrase(), 0..3)),
            any::<bool>(),
        )
            .prop_map(|(entities, tags, ignore, include)| {
                let mut seen = std::collections::HashSet::new();
                let entities: Vec<serde_json::Value> = entities
                    .into_iter()
                    .filter(|(id, _, _)| seen.insert(id.clone()))
                    .map(|(id, name, aliases)| {
                        let mut e = serde_json::json!({"id": id, "name": name, "kind": "person"});
                        if let Some(mut aliases) = aliases {
                            aliases.sort();
                            aliases.dedup();
                            aliases.retain(|a| a != &name);
                            e["aliases"] = serde_json::json!(aliases);
                        }
                        e
                    })
                    .collect();
                let mut seen = std::collections::HashSet::new();
                let tags: Vec<serde_json::Value> = tags
                    .into_iter()
                    .filter(|(id, _)| seen.insert(id.clone()))
                    .map(|(id, label)| serde_json::json!({"id": id, "label": label}))
                    .collect();
                let mut v = serde_json::json!({});
                if include {
                    v["include"] = serde_json::json!(["**/*.txt"]);
                }
                v["entities"] = serde_json::json!(entities);
                v["tags"] = serde_json::json!(tags);
                if let Some(mut ignore) = ignore {
                    ignore.sort();
                    ignore.dedup();
                    v["ignore"] = serde_json::json!(ignore);
                }
                v
            })
    }

    /// `value` written compact, or pretty with 2 or 4 spaces or a tab, with `\n` or `\r\n`.
    fn layout(value: &serde_json::Value, style: u8, crlf: bool) -> String {
        use serde::Serialize;
        let text = match style % 4 {
            0 => serde_json::to_string(value).unwrap(),
            n => {
                let indent: &[u8] = [b"  ".as_slice(), b"    ", b"\t"][(n - 1) as usize];
                let mut out = Vec::new();
                let mut ser = serde_json::Serializer::with_formatter(
                    &mut out,
                    serde_json::ser::PrettyFormatter::with_indent(indent),
                );
                value.serialize(&mut ser).unwrap();
                String::from_utf8(out).unwrap()
            }
        };
        if crlf { text.replace('\n', "\r\n") } else { text }
    }

    proptest! {
        #[test]
        fn any_change_to_any_layout_only_inserts(
            value in catalogue_value(),
            style in 0u8..4,
            crlf in any::<bool>(),
            pick in 0usize..8,
            new_id in slug(),
            new_text in phrase(),
        ) {
            let text = layout(&value, style, crlf);
            prop_assume!(Catalogue::parse(&text).problems.is_empty());
            let ids: Vec<String> = value["entities"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect();
            let cat = Catalogue::parse(&text).catalogue.unwrap();
            let change = match pick % 4 {
                0 => entity(&new_id, &new_text, Kind::Place, &["Alias One"]),
                1 => tag(&new_id, &new_text),
                2 if !ids.is_empty() => alias(&ids[pick % ids.len()], &new_text),
                _ => ignore(&new_text),
            };
            let taken = match &change {
                // A name another entity has as an alias would be a (legitimate) warning.
                CatalogueChange::AddEntity { id, name, aliases, .. } => {
                    cat.entity(id).is_some() || aliases.contains(name)
                        || std::iter::once(name).chain(aliases).any(|s| !cat.owners(s).is_empty())
                }
                CatalogueChange::AddTag { id, .. } => cat.tag(id).is_some(),
                CatalogueChange::AddAlias { entity, alias } => {
                    // An alias another entity owns would be a (legitimate) warning.
                    cat.entity(entity).unwrap().surfaces().any(|s| s == alias) || !cat.owners(alias).is_empty()
                }
                CatalogueChange::Ignore { phrase } => cat.ignore.contains(phrase),
            };
            prop_assume!(!taken);
            check(&text, &change);
        }
    }
}
