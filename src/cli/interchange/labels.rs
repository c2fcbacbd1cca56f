//! The labels of imported spans, read as kinds: corpus-lsp's own kinds (as
//! every format writes them), CoNLL's (`PER LOC ORG MISC`) and OntoNotes /
//! spaCy's (`PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW
//! LANGUAGE`), in any case; OntoNotes' labels of numbers and times are not
//! names and are skipped. `--label LABEL=KIND` and `--label-map FILE` add to
//! or change the table.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::analysis::Kind;

/// What a label means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    /// A name of this kind.
    Kind(Kind),
    /// A name of any kind (`UNKNOWN`: exported for an id the catalogue lacked).
    Any,
    /// Not a name (`DATE`, `MONEY`, …): the span is skipped.
    Skip,
}

/// OntoNotes labels that are not names.
pub const NOT_NAMES: [&str; 7] = ["DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"];

/// The table of labels; keys are upper case.
#[derive(Clone, Debug)]
pub struct Labels {
    table: BTreeMap<String, LabelKind>,
}

impl Default for Labels {
    fn default() -> Labels {
        use Kind::*;
        let mut table = BTreeMap::new();
        for kind in Kind::ALL {
            table.insert(kind.as_str().to_ascii_uppercase(), LabelKind::Kind(kind));
        }
        table.insert("UNKNOWN".to_string(), LabelKind::Any);
        let foreign = [
            // CoNLL-2003.
            ("PER", Person),
            ("LOC", Place),
            ("ORG", Organization),
            ("MISC", Other),
            // OntoNotes 5 / spaCy.
            ("PERSON", Person),
            ("NORP", Other),
            ("FAC", Place),
            ("GPE", Place),
            ("PRODUCT", Other),
            ("EVENT", Event),
            ("WORK_OF_ART", Document),
            ("LAW", Document),
            ("LANGUAGE", Other),
        ];
        for (label, kind) in foreign {
            table.insert(label.to_string(), LabelKind::Kind(kind));
        }
        for label in NOT_NAMES {
            table.insert(label.to_string(), LabelKind::Skip);
        }
        Labels { table }
    }
}

impl Labels {
    /// What `label` means, any case; `None`: unknown.
    pub fn get(&self, label: &str) -> Option<LabelKind> {
        self.table.get(&label.trim().to_uppercase()).copied()
    }

    /// Maps `label` to `kind`: a kind (`person`, …) or `skip`.
    pub fn set(&mut self, label: &str, kind: &str) -> Result<(), String> {
        let label = label.trim();
        if label.is_empty() {
            return Err("an empty label".to_string());
        }
        let kind = kind.trim().to_lowercase();
        let meaning = match kind.as_str() {
            "skip" => LabelKind::Skip,
            _ => LabelKind::Kind(kind.parse().map_err(|()| {
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("`{kind}` (for label `{label}`) is not a kind: one of {}, or skip", kinds.join(", "))
            })?),
        };
        self.table.insert(label.to_uppercase(), meaning);
        Ok(())
    }

    /// Applies a `LABEL=KIND` assignment.
    pub fn assign(&mut self, assignment: &str) -> Result<(), String> {
        let (label, kind) = assignment.split_once('=').ok_or_else(|| format!("`{assignment}`: expected LABEL=KIND"))?;
        self.set(label, kind)
    }

    /// Applies a label map: a JSON object `{"LABEL": "kind", …}`, or lines
    /// `LABEL=KIND` (blank lines and `#` comments skipped). Errors name the line.
    pub fn read_map(&mut self, text: &str) -> Result<(), String> {
        if text.trim_start().starts_with('{') {
            let map: serde_json::Map<String, Value> =
                serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
            for (label, kind) in map {
                let kind = kind.as_str().ok_or_else(|| format!("`{label}`: the kind must be a string"))?;
                self.set(&label, kind)?;
            }
            return Ok(());
        }
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let line = line.replacen('\t', "=", 1);
            self.assign(&line).map_err(|e| format!("line {}: {e}", n + 1))?;
        }
        Ok(())
    }

    /// The known labels, for an error message.
    pub fn known(&self) -> String {
        self.table.keys().cloned().collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_sets() {
        let labels = Labels::default();
        assert_eq!(labels.get("PER"), Some(LabelKind::Kind(Kind::Person)));
        assert_eq!(labels.get("gpe"), Some(LabelKind::Kind(Kind::Place)));
        assert_eq!(labels.get("Person"), Some(LabelKind::Kind(Kind::Person)));
        assert_eq!(labels.get("work_of_art"), Some(LabelKind::Kind(Kind::Document)));
        assert_eq!(labels.get("CARDINAL"), Some(LabelKind::Skip));
        assert_eq!(labels.get("UNKNOWN"), Some(LabelKind::Any));
        assert_eq!(labels.get("B-PER"), None);
    }

    #[test]
    fn maps_and_assignments() {
        let mut labels = Labels::default();
        labels.assign("ship=other").unwrap();
        labels.read_map("# ours\nCITY\tplace\nMISC=skip\n").unwrap();
        labels.read_map(r#"{"Vessel": "other"}"#).unwrap();
        assert_eq!(labels.get("SHIP"), Some(LabelKind::Kind(Kind::Other)));
        assert_eq!(labels.get("city"), Some(LabelKind::Kind(Kind::Place)));
        assert_eq!(labels.get("MISC"), Some(LabelKind::Skip));
        assert_eq!(labels.get("vessel"), Some(LabelKind::Kind(Kind::Other)));
        assert!(labels.assign("X=planet").unwrap_err().contains("not a kind"));
        assert!(labels.read_map("A=person\nB\n").unwrap_err().starts_with("line 2"));
        assert!(labels.known().contains("GPE"));
    }
}
