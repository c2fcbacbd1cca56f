//! Changes to a catalogue (`corpus.json`) that quick fixes carry: create an
//! entity or a tag, add an alias, add a phrase to `ignore`.
//!
//! A change is data: the analysis of a line says *what* to add, and the
//! caller (the server, which knows which `corpus.json` governs the document
//! and its current text) turns it into a text edit of that file.

use super::catalogue::Kind;

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
