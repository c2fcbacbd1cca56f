//! Inlay hints: after a mention whose surface is not the entity's name,
//! the name (`[the minister]{wang-yi}` → `: Wang Yi`).

use super::catalogue::Catalogue;
use super::document::{LineAnalysis, normalized_surface};

/// A hint to show at a line-relative byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Right after the mention's `}`.
    pub offset: usize,
    pub label: String,
}

/// The hints of one analysed line.
pub fn line_hints(line: &str, analysis: &LineAnalysis, catalogue: &Catalogue) -> Vec<InlayHint> {
    analysis
        .markup
        .mentions
        .iter()
        .filter_map(|m| {
            let entity = catalogue.entity(m.id.of(line))?;
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

    #[test]
    fn names_where_the_surface_differs() {
        let cat = crate::analysis::fixture::catalogue(
            r#"{"entities": [{"id": "wang-yi", "name": "Wang Yi", "kind": "person", "aliases": ["the minister"]}],
                "tags": []}"#,
        );
        let line = "“[the minister]{wang-yi}” — [Wang Yi’s]{wang-yi} 😀 [Wang Yi]{wang-yi} [x]{nobody}";
        let analysis = analyze_line(line, &cat, &SeverityConfig::default());
        let hints = line_hints(line, &analysis, &cat);
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert_eq!(&line[..hints[0].offset], "“[the minister]{wang-yi}");
        assert_eq!(hints[0].label, ": Wang Yi");
    }
}
