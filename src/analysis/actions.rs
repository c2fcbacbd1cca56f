//! Code actions: the quick fixes of the diagnostics at the cursor, plus
//! "annotate all unannotated mentions in this file" when there are several,
//! and, for an uncatalogued name seen several times in the file, "add it to
//! corpus.json and annotate all N in this file".
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
/// `in_file` is every `unannotated-mention` and `uncatalogued-name`
/// diagnostic of the file (others are ignored), for the annotate-all actions.
pub fn code_actions(at_cursor: &[Diagnostic], in_file: &[Diagnostic]) -> Vec<Action> {
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
        if d.code == Code::UncataloguedName
            && let Some(action) = add_and_annotate_all(i, d, in_file)
        {
            out.push(action);
        }
    }
    let unannotated = in_file;
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
/// then the fix that creates the id in corpus.json: the first fix is preferred
/// when it is a suggestion (it edits the text alone); any other diagnostic's
/// fix only when it is the only one (an ambiguous alias has one fix per
/// owner: none).
fn preferred(d: &Diagnostic, j: usize) -> bool {
    match d.code {
        Code::UnknownEntity | Code::UnknownTag => j == 0 && d.fixes[0].catalogue.is_empty(),
        _ => d.fixes.len() == 1,
    }
}

/// For the uncatalogued name of `d` (number `i` at the cursor): add it to the
/// catalogue once and annotate every occurrence in the file of the name or of
/// the new entity's aliases (a later `Navalny` for `Aleksey Navalny`), when
/// there are at least two.
fn add_and_annotate_all(i: usize, d: &Diagnostic, in_file: &[Diagnostic]) -> Option<Action> {
    let (add, change) = d.fixes.iter().find_map(|f| match f.catalogue.as_slice() {
        [change @ CatalogueChange::AddEntity { .. }] => Some((f, change)),
        _ => None,
    })?;
    let CatalogueChange::AddEntity { id, name, aliases, .. } = change else { return None };
    let mut edits = Vec::new();
    for other in in_file.iter().filter(|o| o.code == Code::UncataloguedName) {
        let Some((other_id, other_name, edit)) =
            other.fixes.iter().find_map(|f| match (f.catalogue.as_slice(), f.edits.as_slice()) {
                ([CatalogueChange::AddEntity { id, name, .. }], [edit]) => Some((id, name, edit)),
                _ => None,
            })
        else {
            continue;
        };
        if other_name != name && !aliases.contains(other_name) {
            continue;
        }
        // The occurrence's own fix annotates it with its own id: re-target it.
        let Some(head) = edit.new_text.strip_suffix(&format!("{{{other_id}}}")) else { continue };
        edits.push(TextEdit { span: edit.span, new_text: format!("{head}{{{id}}}") });
    }
    if edits.len() < 2 {
        return None;
    }
    let title = add.title.strip_suffix(" and annotate it").unwrap_or(&add.title);
    Some(Action {
        title: format!("{title} and annotate all {} in this file", edits.len()),
        edits,
        catalogue: vec![change.clone()],
        fixes: vec![i],
        preferred: false,
    })
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

    #[test]
    fn add_and_annotate_all() {
        use crate::analysis::catalogue_edit::CatalogueChange;
        let cat = catalogue();
        let text =
            "President Aleksey Navalny spoke.\nLater, Mr. Navalny’s team and Aleksey Navalny left.\nWe flew to Rome.";
        let all = analyze_document(text, &cat, &SeverityConfig::default());
        let in_file: Vec<Diagnostic> = all.iter().filter(|d| d.code == Code::UncataloguedName).cloned().collect();
        let names: Vec<&str> = in_file.iter().map(|d| d.span.of(text)).collect();
        assert_eq!(names, ["Aleksey Navalny", "Navalny", "Aleksey Navalny", "Rome"]);
        let at = vec![in_file[0].clone()];
        let actions = code_actions(&at, &in_file);
        let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Add `Aleksey Navalny` to corpus.json as a person and annotate it",
                "Ignore `Aleksey Navalny`: not a name",
                "Add `Aleksey Navalny` to corpus.json as a person and annotate all 3 in this file",
            ]
        );
        let all_action = &actions[2];
        assert_eq!(
            all_action.catalogue,
            [CatalogueChange::AddEntity {
                id: "aleksey-navalny".into(),
                name: "Aleksey Navalny".into(),
                kind: crate::analysis::Kind::Person,
                aliases: vec!["Navalny".into()],
            }]
        );
        // The surname, seen as a name of its own, is annotated with the new id too.
        assert_eq!(
            apply(text, &all_action.edits),
            "President [Aleksey Navalny]{aleksey-navalny} spoke.\nLater, Mr. [Navalny]{aleksey-navalny}’s team and \
             [Aleksey Navalny]{aleksey-navalny} left.\nWe flew to Rome."
        );
        assert_eq!(actions[0].catalogue, all_action.catalogue);
        // A name seen once has no bulk action.
        let actions = code_actions(&[in_file[3].clone()], &in_file);
        assert_eq!(actions.len(), 2);
    }
}
