//! Inlay hints: after a mention whose surface is not the entity's name,
//! the name (`[the minister]{wang-yi}` → `: Wang Yi`). By default only the
//! first mention of each entity in a paragraph (a line, as SPEC.md counts
//! paragraphs) gets one, so news copy is not cluttered with repeats.

use super::catalogue::Catalogue;
use super::document::{LineAnalysis, normalized_surface};

/// A hint to show at a line-relative byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Right after the mention's `}`.
    pub offset: usize,
    pub label: String,
}

/// Which mentions get a hint (`corpusLsp.inlayHints`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InlayMode {
    /// The first mention of each entity in a paragraph, when its surface is
    /// not the name. A first mention that spells the name needs no hint, and
    /// the later mentions in that paragraph get none either.
    #[default]
    FirstInParagraph,
    /// Every mention whose surface is not the entity's name.
    All,
    /// No hints.
    Off,
}

impl InlayMode {
    /// The setting's values, as the editors' configurations spell them.
    pub const NAMES: [&'static str; 3] = ["first-in-paragraph", "all", "off"];

    pub fn from_name(name: &str) -> Option<InlayMode> {
        match name {
            "first-in-paragraph" => Some(InlayMode::FirstInParagraph),
            "all" => Some(InlayMode::All),
            "off" => Some(InlayMode::Off),
            _ => None,
        }
    }
}

/// The hints of one analysed line (a paragraph).
pub fn line_hints(line: &str, analysis: &LineAnalysis, catalogue: &Catalogue, mode: InlayMode) -> Vec<InlayHint> {
    if mode == InlayMode::Off {
        return Vec::new();
    }
    let mut seen: Vec<&str> = Vec::new();
    analysis
        .markup
        .mentions
        .iter()
        .filter_map(|m| {
            let id = m.id.of(line);
            let entity = catalogue.entity(id)?;
            if mode == InlayMode::FirstInParagraph {
                if seen.contains(&id) {
                    return None;
                }
                seen.push(id);
            }
            (normalized_surface(m.surface.of(line)) != entity.name)
                .then(|| InlayHint { offset: m.span.end, label: format!(": {}", entity.name) })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SeverityConfig;
    use crate::analysis::document::analyze_line;

    /// The line with each hint written in at its offset, as an editor shows it.
    fn check(line: &str, mode: InlayMode, expected: &str) {
        let cat = crate::analysis::fixture::catalogue(
            r#"{"entities": [
                {"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["the minister"]},
                {"id": "united-states", "name": "United States", "kind": "place", "aliases": ["US"]}],
                "tags": []}"#,
        );
        let analysis = analyze_line(line, &cat, &SeverityConfig::default());
        let mut shown = line.to_owned();
        for hint in line_hints(line, &analysis, &cat, mode).iter().rev() {
            shown.insert_str(hint.offset, &format!("⟨{}⟩", hint.label));
        }
        assert_eq!(shown, expected);
    }

    #[test]
    fn names_where_the_surface_differs() {
        check(
            "“[the minister]{wang-yi}” — [Wang Yi’s]{wang-yi} 😀 [Wang Yi]{wang-yi} [x]{nobody}",
            InlayMode::All,
            "“[the minister]{wang-yi}⟨: Wang Yi⟩” — [Wang Yi’s]{wang-yi} 😀 [Wang Yi]{wang-yi} [x]{nobody}",
        );
    }

    #[test]
    fn all_names_every_differing_mention() {
        check(
            "[US]{united-states} and [the minister]{wang-yi}; [US]{united-states} again, 😀 [US]{united-states}.",
            InlayMode::All,
            "[US]{united-states}⟨: United States⟩ and [the minister]{wang-yi}⟨: Wang Yi⟩; [US]{united-states}⟨: United States⟩ again, 😀 [US]{united-states}⟨: United States⟩.",
        );
    }

    #[test]
    fn first_in_paragraph_names_each_entity_once() {
        check(
            "[US]{united-states} and [the minister]{wang-yi}; [US]{united-states} again, 😀 [the minister]{wang-yi}.",
            InlayMode::FirstInParagraph,
            "[US]{united-states}⟨: United States⟩ and [the minister]{wang-yi}⟨: Wang Yi⟩; [US]{united-states} again, 😀 [the minister]{wang-yi}.",
        );
    }

    #[test]
    fn first_mention_spelling_the_name_needs_no_hint_after() {
        check(
            "[Wang Yi]{wang-yi} said [the minister]{wang-yi} — [x]{nobody} [US]{united-states}",
            InlayMode::FirstInParagraph,
            "[Wang Yi]{wang-yi} said [the minister]{wang-yi} — [x]{nobody} [US]{united-states}⟨: United States⟩",
        );
    }

    #[test]
    fn off_names_nothing() {
        check(
            "[US]{united-states} [the minister]{wang-yi}",
            InlayMode::Off,
            "[US]{united-states} [the minister]{wang-yi}",
        );
    }

    #[test]
    fn setting_names() {
        for name in InlayMode::NAMES {
            assert!(InlayMode::from_name(name).is_some(), "{name}");
        }
        assert_eq!(InlayMode::from_name("first-in-paragraph"), Some(InlayMode::default()));
        assert_eq!(InlayMode::from_name("sometimes"), None);
    }
}
