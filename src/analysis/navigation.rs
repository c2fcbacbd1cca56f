//! Navigation: what is under the cursor (an entity or a tag), where it is
//! defined in the catalogue, where it is used in a file, and the edits that
//! rename it.
//!
//! Spans in corpus files are line-relative (as in [`super::index`]); spans in
//! `corpus.json` are offsets into its text. The caller decides which files
//! belong to the same catalogue and converts spans to positions.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::catalogue::Catalogue;
use super::diagnostics::TextEdit;
use super::document::LineAnalysis;
use super::index::{FileIndex, OccurrenceKind};
use super::{Span, is_slug};

/// An entity or a tag, by id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Entity(String),
    Tag(String),
}

impl Target {
    pub fn id(&self) -> &str {
        match self {
            Target::Entity(id) | Target::Tag(id) => id,
        }
    }

    fn what(&self) -> &'static str {
        match self {
            Target::Entity(_) => "entity",
            Target::Tag(_) => "tag",
        }
    }
}

/// What the cursor is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub target: Target,
    /// The construct under the cursor (a mention, a tag, an alias, an id literal).
    pub span: Span,
    /// The id as written there, when it can be renamed in place.
    pub id_span: Option<Span>,
}

/// The entity or tag at byte `offset` of a corpus `line`: a mention, a tag,
/// or a plain alias of exactly one entity.
pub fn target_at(line: &str, analysis: &LineAnalysis, offset: usize, catalogue: &Catalogue) -> Option<Found> {
    let markup = &analysis.markup;
    if let Some(m) = markup.mentions.iter().find(|m| m.span.touches(offset)) {
        let target = Target::Entity(m.id.of(line).to_string());
        return Some(Found { target, span: m.span, id_span: Some(m.id) });
    }
    if let Some(t) = markup.tags.iter().find(|t| t.span.touches(offset)) {
        return Some(Found { target: Target::Tag(t.id.of(line).to_string()), span: t.span, id_span: Some(t.id) });
    }
    let a = analysis.aliases.iter().find(|a| a.span.touches(offset))?;
    match catalogue.matcher.entities(a.alias) {
        [one] => {
            let target = Target::Entity(catalogue.entities[*one as usize].id.clone());
            Some(Found { target, span: a.span, id_span: None })
        }
        _ => None,
    }
}

/// The entity or tag at `offset` of the catalogue's text: an entity's or a
/// tag's `"id"`, or a tag named in an entity's `"tags"`.
pub fn catalogue_target_at(text: &str, catalogue: &Catalogue, offset: usize) -> Option<Found> {
    let inner = |s: Span| Span::new(s.start + 1, s.end.saturating_sub(1).max(s.start + 1));
    if let Some(e) = catalogue.entities.iter().find(|e| e.id_span.touches(offset)) {
        let target = Target::Entity(e.id.clone());
        return Some(Found { target, span: e.id_span, id_span: Some(inner(e.id_span)) });
    }
    if let Some(t) = catalogue.tags.iter().find(|t| t.id_span.touches(offset)) {
        return Some(Found { target: Target::Tag(t.id.clone()), span: t.id_span, id_span: Some(inner(t.id_span)) });
    }
    let (id, span) = catalogue_tag_refs(text).into_iter().find(|(_, s)| s.touches(offset))?;
    Some(Found { target: Target::Tag(id), span, id_span: Some(inner(span)) })
}

/// The `"id"` literal that defines `target` in the catalogue's text.
pub fn definition(catalogue: &Catalogue, target: &Target) -> Option<Span> {
    match target {
        Target::Entity(id) => catalogue.entity(id).map(|e| e.id_span),
        Target::Tag(id) => catalogue.tag(id).map(|t| t.id_span),
    }
}

/// Where `file` uses `target`, as `(line, span)`: annotated mentions and
/// plain aliases of exactly this entity (ambiguous aliases are not counted),
/// or a tag's uses.
pub fn references(file: &FileIndex, target: &Target) -> Vec<(usize, Span)> {
    file.occurrences()
        .filter(|(_, o)| match target {
            Target::Entity(id) => {
                matches!(o.kind, OccurrenceKind::Annotated | OccurrenceKind::Plain) && &*o.id == id.as_str()
            }
            Target::Tag(id) => o.kind == OccurrenceKind::Tag && &*o.id == id.as_str(),
        })
        .map(|(line, o)| (line, o.span))
        .collect()
}

/// Every tag named in an entity's `"tags"` array: `(tag id, its string literal)`.
pub fn catalogue_tag_refs(text: &str) -> Vec<(String, Span)> {
    let Ok(parsed) = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()) else {
        return Vec::new();
    };
    let Some(Value::Object(root)) = parsed.value else { return Vec::new() };
    let mut out = Vec::new();
    let Some(Value::Array(entities)) = root.get("entities").map(|p| &p.value) else { return out };
    for entity in &entities.elements {
        let Value::Object(obj) = entity else { continue };
        let Some(Value::Array(tags)) = obj.get("tags").map(|p| &p.value) else { continue };
        for tag in &tags.elements {
            if let Value::StringLit(s) = tag {
                let r = s.range();
                out.push((s.value.to_string(), Span::new(r.start, r.end)));
            }
        }
    }
    out
}

/// Why a rename is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    #[error("`{0}` is not a valid id: use lower-case letters, digits and single hyphens (like `wang-yi`)")]
    NotSlug(String),
    #[error("the {what} id `{id}` is already taken in the catalogue")]
    Taken { what: &'static str, id: String },
    #[error("the {what} `{id}` is not in the catalogue, so it cannot be renamed")]
    Unknown { what: &'static str, id: String },
}

/// Checks that `target` may be renamed to `new_id`.
pub fn check_rename(catalogue: &Catalogue, target: &Target, new_id: &str) -> Result<(), RenameError> {
    let what = target.what();
    let known = |id: &str| match target {
        Target::Entity(_) => catalogue.entity(id).is_some(),
        Target::Tag(_) => catalogue.tag(id).is_some(),
    };
    if !known(target.id()) {
        return Err(RenameError::Unknown { what, id: target.id().to_string() });
    }
    if !is_slug(new_id) {
        return Err(RenameError::NotSlug(new_id.to_string()));
    }
    if new_id != target.id() && known(new_id) {
        return Err(RenameError::Taken { what, id: new_id.to_string() });
    }
    Ok(())
}

/// The edits renaming `target` to `new_id` in a corpus file: `{id}` of every
/// mention, `#id` of every tag use; `(line, line-relative edit)`.
pub fn file_rename_edits(file: &FileIndex, target: &Target, new_id: &str) -> Vec<(usize, TextEdit)> {
    file.occurrences()
        .filter_map(|(line, o)| {
            let span = match (target, o.kind) {
                // `[surface]{id}`: the id sits just before the closing brace.
                (Target::Entity(id), OccurrenceKind::Annotated) if &*o.id == id.as_str() => {
                    Span::new(o.span.end - 1 - id.len(), o.span.end - 1)
                }
                (Target::Tag(id), OccurrenceKind::Tag) if &*o.id == id.as_str() => {
                    Span::new(o.span.start + 1, o.span.end)
                }
                _ => return None,
            };
            Some((line, TextEdit { span, new_text: new_id.to_string() }))
        })
        .collect()
}

/// The edits renaming `target` to `new_id` in the catalogue's text: its
/// `"id"` literal and, for a tag, every entity's reference to it.
pub fn catalogue_rename_edits(text: &str, catalogue: &Catalogue, target: &Target, new_id: &str) -> Vec<TextEdit> {
    let literal = format!("\"{new_id}\"");
    let mut out: Vec<TextEdit> =
        definition(catalogue, target).map(|span| TextEdit { span, new_text: literal.clone() }).into_iter().collect();
    if let Target::Tag(id) = target {
        out.extend(
            catalogue_tag_refs(text)
                .into_iter()
                .filter(|(t, _)| t == id)
                .map(|(_, span)| TextEdit { span, new_text: literal.clone() }),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SeverityConfig;
    use crate::analysis::document::analyze_line;
    use crate::analysis::fixture::{cursor, ranges};
    use crate::analysis::index::summarize_text;

    const CATALOGUE: &str = r#"{"entities": [
  {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["the minister", "Wang"], "tags": ["taiwan"]},
  {"id": "wang-wenbin", "name": "Wang Wenbin", "kind": "person", "aliases": ["Wang"], "tags": ["taiwan", "trade"]},
  {"id": "xinjiang", "name": "Xinjiang", "kind": "place"}
], "tags": [{"id": "taiwan", "label": "Taiwan"}, {"id": "trade", "label": "Trade"}]}"#;

    fn catalogue() -> Catalogue {
        Catalogue::parse(CATALOGUE).catalogue.unwrap()
    }

    /// The target at `$0` and the text of the construct there.
    fn at(fixture: &str) -> Option<(Target, String)> {
        let cat = catalogue();
        let (line, offset) = cursor(fixture);
        let analysis = analyze_line(&line, &cat, &SeverityConfig::default());
        target_at(&line, &analysis, offset, &cat).map(|f| (f.target, f.span.of(&line).to_string()))
    }

    #[test]
    fn targets_in_a_corpus_line() {
        let e = |id: &str| Target::Entity(id.into());
        assert_eq!(
            at("“Talks” — [the mi$0nister]{wang-yi} 😀"),
            Some((e("wang-yi"), "[the minister]{wang-yi}".into()))
        );
        assert_eq!(at("in Xin$0jiang."), Some((e("xinjiang"), "Xinjiang".into())));
        assert_eq!(at("x #tai$0wan"), Some((Target::Tag("taiwan".into()), "#taiwan".into())));
        assert_eq!(at("W$0ang said"), None, "an ambiguous alias is no one's");
        assert_eq!(at("plain $0text"), None);
    }

    #[test]
    fn targets_in_the_catalogue() {
        let cat = catalogue();
        let find = |needle: &str, nth: usize| {
            let at = CATALOGUE.match_indices(needle).nth(nth).unwrap().0 + 2;
            let f = catalogue_target_at(CATALOGUE, &cat, at).unwrap();
            (f.target, f.id_span.unwrap().of(CATALOGUE).to_string())
        };
        assert_eq!(find("\"wang-yi\"", 0), (Target::Entity("wang-yi".into()), "wang-yi".into()));
        assert_eq!(find("\"trade\"", 0), (Target::Tag("trade".into()), "trade".into()), "a reference in `tags`");
        assert_eq!(find("\"taiwan\"", 2), (Target::Tag("taiwan".into()), "taiwan".into()), "the tag's own id");
        assert_eq!(definition(&cat, &Target::Entity("xinjiang".into())).unwrap().of(CATALOGUE), "\"xinjiang\"");
        assert_eq!(definition(&cat, &Target::Entity("nobody".into())), None);
    }

    #[test]
    fn references_in_a_file() {
        let cat = catalogue();
        let (text, spans) = ranges(
            "[Wang Yi]{wang-yi} met Wang — the minister, [Wang]{wang-wenbin}. #taiwan\n\
             ^^^^^^^^^^^^^^^^^^            ^^^^^^^^^^^^",
        );
        let file = FileIndex::new("a.txt", summarize_text(&text, &cat));
        let got = references(&file, &Target::Entity("wang-yi".into()));
        assert_eq!(got, [(0, spans[0]), (0, spans[1])]);
        assert_eq!(references(&file, &Target::Tag("taiwan".into())).len(), 1);
    }

    /// Applies line-relative `edits` to `text` (one line).
    fn apply(text: &str, edits: &[TextEdit]) -> String {
        let mut out = text.to_string();
        let mut edits = edits.to_vec();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for e in edits {
            out.replace_range(e.span.start..e.span.end, &e.new_text);
        }
        out
    }

    #[test]
    fn rename_edits() {
        let cat = catalogue();
        let text = "“[Wang Yi]{wang-yi}’s” — [the minister]{wang-yi} 😀 Wang Yi #taiwan";
        let file = FileIndex::new("a.txt", summarize_text(text, &cat));
        let edits: Vec<TextEdit> = file_rename_edits(&file, &Target::Entity("wang-yi".into()), "wang-yi-fm")
            .into_iter()
            .map(|e| e.1)
            .collect();
        assert_eq!(apply(text, &edits), "“[Wang Yi]{wang-yi-fm}’s” — [the minister]{wang-yi-fm} 😀 Wang Yi #taiwan");
        let edits: Vec<TextEdit> =
            file_rename_edits(&file, &Target::Tag("taiwan".into()), "cross-strait").into_iter().map(|e| e.1).collect();
        assert!(apply(text, &edits).ends_with("#cross-strait"));

        let edits = catalogue_rename_edits(CATALOGUE, &cat, &Target::Tag("taiwan".into()), "cross-strait");
        assert_eq!(edits.len(), 3, "the id and two references");
        let renamed = apply(CATALOGUE, &edits);
        let again = Catalogue::parse(&renamed);
        assert!(again.problems.iter().all(|p| p.severity == crate::analysis::Severity::Warning));
        assert!(again.catalogue.unwrap().tag("cross-strait").is_some());
    }

    #[test]
    fn refused_renames() {
        let cat = catalogue();
        let e = Target::Entity("wang-yi".into());
        assert_eq!(check_rename(&cat, &e, "wang-yi-fm"), Ok(()));
        let err = check_rename(&cat, &e, "Wang_Yi").unwrap_err();
        assert!(err.to_string().contains("not a valid id"), "{err}");
        let err = check_rename(&cat, &e, "xinjiang").unwrap_err();
        assert_eq!(err.to_string(), "the entity id `xinjiang` is already taken in the catalogue");
        assert!(check_rename(&cat, &Target::Tag("taiwan".into()), "trade").is_err());
        assert!(check_rename(&cat, &Target::Entity("nobody".into()), "x").is_err());
    }
}
