//! `import --add-to-catalogue`: the entities to insert into the governing
//! `corpus.json` for the spans no entry covers. The spans' surfaces are
//! grouped as `candidates` groups names (`analysis::candidates::group`: case
//! aside, a lone surname joining the one full name it ends), each group one
//! entity: its id the slug of its name, its kind the labels' (else the
//! guess), its other forms its aliases.

use std::collections::HashMap;

use crate::analysis::candidates::{Sighting, group};
use crate::analysis::catalogue_edit::{CatalogueChange, guess_kind};
use crate::analysis::document::new_entity_id;
use crate::analysis::{Catalogue, Kind, Span};

/// The spans of one import that no entry covers, gathered across documents.
#[derive(Default)]
pub struct Uncovered {
    sightings: Vec<(usize, Sighting)>,
    /// The Wikidata id a span gave, by surface (case aside): the first.
    kb_ids: HashMap<String, String>,
}

/// What `--add-to-catalogue` inserts.
#[derive(Debug, Default)]
pub struct NewEntities {
    pub changes: Vec<CatalogueChange>,
    /// The id of every surface recorded.
    pub ids: HashMap<String, String>,
    /// New entities and the Wikidata id their spans gave.
    pub wikidata: Vec<(String, String)>,
}

impl Uncovered {
    /// Records a span of document `document` (any index, the same for one
    /// document), with the kind its label gives.
    pub fn add(&mut self, document: usize, surface: &str, kind: Option<Kind>, kb_id: Option<&str>, span: Span) {
        if let Some(q) = kb_id {
            self.kb_ids.entry(surface.to_lowercase()).or_insert_with(|| q.to_string());
        }
        // A label that says person is a cue only a person gets (`Chakrapani` alone is no body).
        let personal = kind == Some(Kind::Person);
        let kind = kind.unwrap_or_else(|| guess_kind(surface));
        let sighting = Sighting {
            name: surface.to_string(),
            kind,
            titled: false,
            confirmed: true,
            line: 0,
            span,
            after_of: false,
            personal,
        };
        self.sightings.push((document, sighting));
    }

    pub fn is_empty(&self) -> bool {
        self.sightings.is_empty()
    }

    /// The new entities, the id of every surface recorded, and the
    /// Wikidata ids (of the name, else of another form) the new entities get.
    pub fn entities(self, catalogue: &Catalogue) -> NewEntities {
        let surfaces: Vec<String> = self.sightings.iter().map(|(_, s)| s.name.clone()).collect();
        let mut changes = Vec::new();
        let mut ids: HashMap<String, String> = HashMap::new();
        let mut taken: Vec<String> = Vec::new();
        let mut wikidata = Vec::new();
        for candidate in group(self.sightings) {
            let Some(base) = new_entity_id(&candidate.name, catalogue) else { continue };
            let id = std::iter::once(base.clone())
                .chain((2..).map(|n| format!("{base}-{n}")))
                .find(|id| !taken.contains(id) && catalogue.entity(id).is_none())
                .expect("an unused id");
            taken.push(id.clone());
            let mut aliases = candidate.aliases();
            aliases.retain(|a| *a != candidate.name && catalogue.owners(a).is_empty());
            aliases.dedup();
            let forms = || std::iter::once(&candidate.name).chain(&candidate.variants);
            for form in forms() {
                ids.entry(form.clone()).or_insert_with(|| id.clone());
                ids.entry(form.to_lowercase()).or_insert_with(|| id.clone());
            }
            if let Some(q) = forms().find_map(|f| self.kb_ids.get(&f.to_lowercase())) {
                wikidata.push((id.clone(), q.clone()));
            }
            changes.push(CatalogueChange::AddEntity { id, name: candidate.name, kind: candidate.kind, aliases });
        }
        // A surface the grouping left out (no letter or digit to make an id of) keeps no id.
        for surface in surfaces {
            if !ids.contains_key(&surface)
                && let Some(id) = ids.get(&surface.to_lowercase()).cloned()
            {
                ids.insert(surface, id);
            }
        }
        NewEntities { changes, ids, wikidata }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_as_candidates() {
        let cat = crate::analysis::fixture::catalogue(
            r#"{"entities": [{"id": "china", "name": "China", "kind": "place"}], "tags": []}"#,
        );
        let mut uncovered = Uncovered::default();
        let sp = Span::new(0, 1);
        uncovered.add(0, "Alexei Navalny", Some(Kind::Person), None, sp);
        uncovered.add(1, "Navalny", Some(Kind::Person), Some("Q298"), sp);
        uncovered.add(1, "China", Some(Kind::Other), None, sp);
        uncovered.add(1, "Reuters", Some(Kind::Organization), None, sp);
        uncovered.add(1, "Chakrapani", Some(Kind::Person), None, sp);
        let NewEntities { changes, ids, wikidata } = uncovered.entities(&cat);
        assert!(
            changes.iter().any(
                |c| matches!(c, CatalogueChange::AddEntity { name, kind: Kind::Person, .. } if name == "Chakrapani")
            ),
            "a one-word name labelled a person stays a person: {changes:?}"
        );
        assert_eq!(wikidata, [("alexei-navalny".to_string(), "Q298".to_string())]);
        assert_eq!(ids["Navalny"], "alexei-navalny");
        assert_eq!(ids["Alexei Navalny"], "alexei-navalny");
        assert_eq!(ids["China"], "china-2", "the catalogue's id is not reused");
        assert!(changes.contains(&CatalogueChange::AddEntity {
            id: "alexei-navalny".into(),
            name: "Alexei Navalny".into(),
            kind: Kind::Person,
            aliases: vec!["Navalny".into()],
        }));
        assert!(
            changes.iter().any(
                |c| matches!(c, CatalogueChange::AddEntity { id, kind: Kind::Organization, .. } if id == "reuters")
            )
        );
    }
}
