//! Code actions: the quick fixes of the diagnostics at the cursor, plus
//! "annotate all unannotated mentions in this file" when there are several.
//!
//! Works on diagnostics whose spans are relative to the same text (the
//! caller shifts line-relative spans to document offsets).

use super::catalogue_edit::CatalogueChange;
use super::diagnostics::{Code, Diagnostic, TextEdit};

/// A quick fix ready to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// Changes to the governing `corpus.json` (the caller makes them edits of that file).
    pub catalogue: Vec<CatalogueChange>,
    /// Indices into the `at_cursor` diagnostics this action fixes.
    pub fixes: Vec<usize>,
    /// The one fix to apply without asking: a diagnostic's only fix (the one
    /// owner of an alias), or the closest id of an unknown id's suggestions.
    pub preferred: bool,
}

/// The actions for `at_cursor` (the diagnostics in the requested range);
/// `unannotated` is every `unannotated-mention` diagnostic of the file, for
/// the annotate-all action.
pub fn code_actions(at_cursor: &[Diagnostic], unannotated: &[Diagnostic]) -> Vec<Action> {
    let mut out = Vec::new();
    for (i, d) in at_cursor.iter().enumerate() {
        for (j, fix) in d.fixes.iter().enumerate() {
            out.push(Action {
                title: fix.title.clone(),
                edits: fix.edits.clone(),
                catalogue: fix.catalogue.clone(),
                fixes: vec![i],
                // A change to corpus.json is never applied without asking.
                preferred: preferred(d, j) && fix.catalogue.is_empty(),
            });
        }
    }
    let here: Vec<usize> =
        at_cursor.iter().enumerate().filter(|(_, d)| d.code == Code::UnannotatedMention).map(|(i, _)| i).collect();
    // Only unambiguous occurrences (one fix) are annotated in bulk.
    let edits: Vec<TextEdit> = unannotated
        .iter()
        .filter(|d| d.code == Code::UnannotatedMention && d.fixes.len() == 1)
        .flat_map(|d| d.fixes[0].edits.iter().cloned())
        .collect();
    if !here.is_empty() && edits.len() >= 2 {
        out.push(Action {
            title: format!("Annotate all {} unannotated mentions in this file", edits.len()),
            edits,
            catalogue: Vec::new(),
            fixes: here,
            preferred: false,
        });
    }
    out
}

/// Whether fix `j` of `d` is the one to apply without asking. An unknown id's
/// suggestions come best first (the surface's owner, then the closest ids),
/// so the first "Change to" is preferred; any other diagnostic's fix only
/// when it is the only one (an ambiguous alias has one fix per owner: none).
fn preferred(d: &Diagnostic, j: usize) -> bool {
    match d.code {
        Code::UnknownEntity | Code::UnknownTag => j == 0 && d.fixes[0].title.starts_with("Change to"),
        _ => d.fixes.len() == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SeverityConfig;
    use crate::analysis::catalogue::Catalogue;
    use crate::analysis::document::analyze_document;

    fn catalogue() -> Catalogue {
        crate::analysis::fixture::catalogue(crate::analysis::fixture::BLINKEN_AND_TWO_WANGS)
    }

    /// Applies `edits` (non-overlapping) to `text`.
    fn apply(text: &str, edits: &[TextEdit]) -> String {
        let mut edits = edits.to_vec();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for e in edits {
            out.replace_range(e.span.start..e.span.end, &e.new_text);
        }
        out
    }

    #[test]
    fn fixes_and_annotate_all() {
        let cat = catalogue();
        let text = "“Blinken’s” talks — [Wang Yi]{wang-yii}\nBlinken met Wang.";
        let all = analyze_document(text, &cat, &SeverityConfig::default());
        let unannotated: Vec<Diagnostic> = all.iter().filter(|d| d.code == Code::UnannotatedMention).cloned().collect();
        // At the first `Blinken`.
        let at: Vec<Diagnostic> = all.iter().filter(|d| d.span.start < 5).cloned().collect();
        let actions = code_actions(&at, &unannotated);
        let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Annotate as `[Blinken]{antony-blinken}`", "Annotate all 2 unannotated mentions in this file"]
        );
        assert!(actions[0].preferred);
        assert_eq!(
            apply(text, &actions[1].edits),
            "“[Blinken]{antony-blinken}’s” talks — [Wang Yi]{wang-yii}\n[Blinken]{antony-blinken} met Wang."
        );
        // At the unknown id.
        let at: Vec<Diagnostic> = all.iter().filter(|d| d.code == Code::UnknownEntity).cloned().collect();
        let actions = code_actions(&at, &unannotated);
        assert_eq!(actions[0].title, "Change to `wang-yi` (Wang Yi)");
        assert!(actions[0].preferred, "the closest id");
        assert!(actions[1..].iter().all(|a| !a.preferred), "{actions:#?}");
        assert_eq!(apply(text, &actions[0].edits).lines().next().unwrap(), "“Blinken’s” talks — [Wang Yi]{wang-yi}");
        // The ambiguous `Wang`: one fix per owner, none preferred, and the bulk action.
        let at: Vec<Diagnostic> = all.iter().filter(|d| d.span.of(text) == "Wang").cloned().collect();
        let actions = code_actions(&at, &unannotated);
        assert_eq!(actions.len(), 3);
        assert!(!actions[0].preferred);
    }
}
