//! Hover: a Markdown card for the entity or tag under the cursor.
//!
//! On a mention `[surface]{id}`, on a plain-text alias, or on a tag `#id`:
//! name, kind, id, description, aliases, linked tags (or, for a tag, the
//! entities linked to it), and how often the workspace mentions it and in
//! which files. Markup is line-local, so the snapshot is one analysed line.

use std::fmt::Write;

use super::Span;
use super::catalogue::{Catalogue, Entity, Tag};
use super::document::LineAnalysis;
use super::index::{CorpusUsage, WorkspaceIndex};

/// How many files a card lists before "and N more".
const FILES_SHOWN: usize = 8;

/// What hover shows: the hovered span (line-relative) and a Markdown card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverCard {
    pub span: Span,
    pub markdown: String,
}

/// The card for byte `offset` of `line` (line-relative), if something is there.
pub fn hover(
    line: &str,
    analysis: &LineAnalysis,
    offset: usize,
    catalogue: &Catalogue,
    index: &WorkspaceIndex,
) -> Option<HoverCard> {
    let markup = &analysis.markup;
    if let Some(m) = markup.mentions.iter().find(|m| m.span.touches(offset)) {
        let entity = catalogue.entity(m.id.of(line))?;
        return Some(HoverCard { span: m.span, markdown: entity_card(entity, catalogue, index) });
    }
    if let Some(t) = markup.tags.iter().find(|t| t.span.touches(offset)) {
        let tag = catalogue.tag(t.id.of(line))?;
        return Some(HoverCard { span: t.span, markdown: tag_card(tag, catalogue, index) });
    }
    let a = analysis.aliases.iter().find(|a| a.span.touches(offset))?;
    let cards: Vec<String> = catalogue
        .matcher
        .entities(a.alias)
        .iter()
        .map(|&e| entity_card(&catalogue.entities[e as usize], catalogue, index))
        .collect();
    let mut markdown = String::new();
    if cards.len() > 1 {
        let _ = writeln!(markdown, "*`{}` may mean any of {} entities.*\n\n---\n", a.span.of(line), cards.len());
    }
    markdown.push_str(&cards.join("\n\n---\n\n"));
    Some(HoverCard { span: a.span, markdown })
}

/// The Markdown card of an entity (also completion documentation).
pub fn entity_card(entity: &Entity, catalogue: &Catalogue, index: &WorkspaceIndex) -> String {
    let mut out = entity_summary(entity, catalogue);
    out.push_str("\n\n");
    out.push_str(&usage_line(&index.entity_usage(&entity.id), true));
    out
}

/// The card without workspace counts.
pub fn entity_summary(entity: &Entity, catalogue: &Catalogue) -> String {
    let mut out = format!("**{}** · {} · `{}`", entity.name, entity.kind, entity.id);
    if let Some(q) = entity.wikidata_id() {
        let _ = write!(out, " · [{q}]({})", super::catalogue::wikidata_url(q));
    }
    if !entity.description.is_empty() {
        let _ = write!(out, "\n\n{}", entity.description);
    }
    if !entity.aliases.is_empty() {
        let aliases: Vec<String> = entity.aliases.iter().map(|a| format!("“{a}”")).collect();
        let _ = write!(out, "\n\nAliases: {}", aliases.join(", "));
    }
    if !entity.tags.is_empty() {
        let tags: Vec<String> = entity
            .tags
            .iter()
            .map(|t| match catalogue.tag(t) {
                Some(tag) => format!("`#{t}` ({})", tag.label),
                None => format!("`#{t}`"),
            })
            .collect();
        let _ = write!(out, "\n\nTags: {}", tags.join(", "));
    }
    out
}

/// The Markdown card of a tag (also completion documentation).
pub fn tag_card(tag: &Tag, catalogue: &Catalogue, index: &WorkspaceIndex) -> String {
    let mut out = tag_summary(tag, catalogue);
    out.push_str("\n\n");
    out.push_str(&usage_line(&index.tag_usage(&tag.id), false));
    out
}

pub fn tag_summary(tag: &Tag, catalogue: &Catalogue) -> String {
    let mut out = format!("**{}** · tag · `#{}`", tag.label, tag.id);
    if !tag.description.is_empty() {
        let _ = write!(out, "\n\n{}", tag.description);
    }
    let linked: Vec<&str> =
        catalogue.entities.iter().filter(|e| e.tags.contains(&tag.id)).map(|e| e.name.as_str()).collect();
    if !linked.is_empty() {
        let _ = write!(out, "\n\nEntities: {}", linked.join(", "));
    }
    out
}

/// "Corpus: 12 mentions (9 annotated, 3 plain) in 3 files: a.txt (5), …".
fn usage_line(usage: &CorpusUsage, entity: bool) -> String {
    let total = usage.total.total();
    if total == 0 {
        return format!("Corpus: no {} yet.", if entity { "mentions" } else { "uses" });
    }
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut out = if entity {
        format!(
            "Corpus: {} ({} annotated, {} plain)",
            plural(total, "mention", "mentions"),
            usage.total.annotated,
            usage.total.plain
        )
    } else {
        format!("Corpus: {}", plural(total, "use", "uses"))
    };
    let files: Vec<String> =
        usage.files.iter().take(FILES_SHOWN).map(|(name, u)| format!("`{name}` ({})", u.total())).collect();
    let _ = write!(out, " in {}: {}", plural(usage.files.len(), "file", "files"), files.join(", "));
    if usage.files.len() > FILES_SHOWN {
        let _ = write!(out, ", and {} more", usage.files.len() - FILES_SHOWN);
    }
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SeverityConfig;
    use crate::analysis::document::analyze_line;
    use crate::analysis::fixture::cursor;
    use crate::analysis::index::{FileIndex, summarize_text};

    fn catalogue() -> Catalogue {
        crate::analysis::fixture::catalogue(
            r#"{"entities": [
                {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["Wang", "the minister"],
                 "description": "China’s foreign minister.", "tags": ["taiwan"]},
                {"id": "wang-wenbin", "name": "Wang Wenbin", "kind": "person", "aliases": ["Wang"]},
                {"id": "xinjiang", "name": "Xinjiang", "kind": "place", "description": "A region."}
            ], "tags": [{"id": "taiwan", "label": "Taiwan question", "description": "Cross-strait relations."}]}"#,
        )
    }

    /// Hover at `$0`: the hovered text and the card.
    fn check(fixture: &str) -> Option<(String, String)> {
        let cat = catalogue();
        let mut index = WorkspaceIndex::default();
        index.insert("a", FileIndex::new("a.txt", summarize_text("[Wang Yi]{wang-yi} in Xinjiang #taiwan", &cat)));
        index.insert("b", FileIndex::new("b.txt", summarize_text("Xinjiang, Xinjiang", &cat)));
        let (line, offset) = cursor(fixture);
        let analysis = analyze_line(&line, &cat, &SeverityConfig::default());
        hover(&line, &analysis, offset, &cat, &index).map(|c| (c.span.of(&line).to_string(), c.markdown))
    }

    #[test]
    fn on_a_mention() {
        let (span, card) = check("“Talks,” said [Wang $0Yi]{wang-yi}’s aide — 😀").unwrap();
        assert_eq!(span, "[Wang Yi]{wang-yi}");
        insta::assert_snapshot!(card, @r"
        **Wang Yi** · person · `wang-yi`

        China’s foreign minister.

        Aliases: “Wang”, “the minister”

        Tags: `#taiwan` (Taiwan question)

        Corpus: 1 mention (1 annotated, 0 plain) in 1 file: `a.txt` (1).
        ");
        // At either end of the mention.
        assert!(check("said $0[Wang Yi]{wang-yi}").is_some());
        assert!(check("said [Wang Yi]{wang-yi}$0").is_some());
    }

    #[test]
    fn the_wikidata_id_is_a_link() {
        let cat = crate::analysis::fixture::catalogue(
            r#"{"entities": [{"id": "china", "name": "China", "kind": "place", "wikidata": "Q148"}], "tags": []}"#,
        );
        let card = entity_summary(cat.entity("china").unwrap(), &cat);
        assert_eq!(card, "**China** · place · `china` · [Q148](https://www.wikidata.org/wiki/Q148)");
    }

    #[test]
    fn on_a_plain_alias() {
        let (span, card) = check("“In Xin$0jiang,” he said").unwrap();
        assert_eq!(span, "Xinjiang");
        assert!(card.starts_with("**Xinjiang** · place · `xinjiang`\n\nA region."), "{card}");
        assert!(
            card.ends_with("Corpus: 3 mentions (0 annotated, 3 plain) in 2 files: `b.txt` (2), `a.txt` (1)."),
            "{card}"
        );
    }

    #[test]
    fn on_an_ambiguous_alias() {
        let (span, card) = check("W$0ang said").unwrap();
        assert_eq!(span, "Wang");
        assert!(card.contains("may mean any of 2 entities"));
        assert!(card.contains("**Wang Yi**") && card.contains("**Wang Wenbin**"));
    }

    #[test]
    fn on_a_tag() {
        let (span, card) = check("The question. #tai$0wan").unwrap();
        assert_eq!(span, "#taiwan");
        insta::assert_snapshot!(card, @r"
        **Taiwan question** · tag · `#taiwan`

        Cross-strait relations.

        Entities: Wang Yi

        Corpus: 1 use in 1 file: `a.txt` (1).
        ");
    }

    #[test]
    fn nothing_there() {
        assert_eq!(check("plain $0text"), None);
        assert_eq!(check("[Wang Yi]{no-such-$0id}"), None);
        assert_eq!(check("#no-such-$0tag"), None);
        assert_eq!(check("the [Bi$0den] administration"), None);
    }
}
