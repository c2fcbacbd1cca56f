//! Diagnostic codes, severities and the configuration that maps one to the other.
//!
//! The codes are the stable kebab-case strings of SPEC.md, defined here once;
//! the editor, the lint output and the configuration all use them.

use std::fmt;
use std::str::FromStr;

use super::Span;
use super::catalogue_edit::CatalogueChange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    UnknownEntity,
    UnknownTag,
    MalformedMarkup,
    AliasMismatch,
    UnannotatedMention,
    CatalogError,
    UncataloguedName,
    UnusedEntity,
    UnusedTag,
    UnresolvedConflict,
}

impl Code {
    pub const ALL: [Code; 10] = [
        Code::UnknownEntity,
        Code::UnknownTag,
        Code::MalformedMarkup,
        Code::AliasMismatch,
        Code::UnannotatedMention,
        Code::CatalogError,
        Code::UncataloguedName,
        Code::UnusedEntity,
        Code::UnusedTag,
        Code::UnresolvedConflict,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Code::UnknownEntity => "unknown-entity",
            Code::UnknownTag => "unknown-tag",
            Code::MalformedMarkup => "malformed-markup",
            Code::AliasMismatch => "alias-mismatch",
            Code::UnannotatedMention => "unannotated-mention",
            Code::CatalogError => "catalog-error",
            Code::UncataloguedName => "uncatalogued-name",
            Code::UnusedEntity => "unused-entity",
            Code::UnusedTag => "unused-tag",
            Code::UnresolvedConflict => "unresolved-conflict",
        }
    }

    pub const fn default_level(self) -> Level {
        match self {
            Code::UnknownEntity | Code::MalformedMarkup | Code::CatalogError | Code::UnresolvedConflict => Level::Error,
            Code::UnknownTag => Level::Warning,
            Code::AliasMismatch
            | Code::UnannotatedMention
            | Code::UncataloguedName
            | Code::UnusedEntity
            | Code::UnusedTag => Level::Hint,
        }
    }

    /// One line of help, for rule descriptions (SARIF, `--help`, docs).
    pub const fn help(self) -> &'static str {
        match self {
            Code::UnknownEntity => "A mention `[surface]{id}` names an entity id that is not in the catalogue.",
            Code::UnknownTag => "A tag `#id` names a tag that is not in the catalogue.",
            Code::MalformedMarkup => {
                "Markup that cannot be read: an unclosed `{`, an empty surface or id, a nested mention, an id that is not a kebab-case slug."
            }
            Code::AliasMismatch => {
                "The surface text of a mention is another entity's alias, or not an alias of the entity it names."
            }
            Code::UnannotatedMention => "A known alias appears in plain text without markup.",
            Code::CatalogError => "The catalogue `corpus.json` is not valid.",
            Code::UncataloguedName => {
                "A proper name in plain text that no catalogue entry covers (add it to corpus.json, or to its `ignore` list)."
            }
            Code::UnusedEntity => {
                "A corpus.json entity that no file of the corpus mentions, annotated or as a plain alias."
            }
            Code::UnusedTag => "A corpus.json tag that no file of the corpus uses and no entity links.",
            Code::UnresolvedConflict => {
                "A conflict block (`<<<<<<<` … `=======` … `>>>>>>>`) where versions of the article disagree: take a section, or all where they do not clash."
            }
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Code, String> {
        Code::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| {
            let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            format!("unknown diagnostic code `{s}` (expected one of {})", codes.join(", "))
        })
    }
}

/// The severity of an emitted diagnostic, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Hint,
    Information,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Information => "information",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A configured level: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Level {
    Off,
    Hint,
    Information,
    Warning,
    Error,
}

impl Level {
    pub const NAMES: [&'static str; 5] = ["off", "hint", "information", "warning", "error"];

    pub const fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Hint => Some(Severity::Hint),
            Level::Information => Some(Severity::Information),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        Ok(match s {
            "off" | "none" => Level::Off,
            "hint" => Level::Hint,
            "information" | "info" => Level::Information,
            "warning" | "warn" => Level::Warning,
            "error" => Level::Error,
            _ => return Err(format!("unknown severity `{s}` (expected one of {})", Level::NAMES.join(", "))),
        })
    }
}

/// Per-code levels; a code not set here has its default level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SeverityConfig {
    levels: [Option<Level>; Code::ALL.len()],
}

impl SeverityConfig {
    pub fn level(&self, code: Code) -> Level {
        self.levels[code as usize].unwrap_or(code.default_level())
    }

    pub fn severity(&self, code: Code) -> Option<Severity> {
        self.level(code).severity()
    }

    pub fn set(&mut self, code: Code, level: Level) {
        self.levels[code as usize] = Some(level);
    }

    /// `self`, with every level that `over` sets taking precedence.
    pub fn merged(&self, over: &SeverityConfig) -> SeverityConfig {
        let mut out = *self;
        for (slot, level) in out.levels.iter_mut().zip(over.levels) {
            if level.is_some() {
                *slot = level;
            }
        }
        out
    }

    /// Parses `CODE=LEVEL`, as given on the command line.
    pub fn set_from_assignment(&mut self, s: &str) -> Result<(), String> {
        let (code, level) = s.split_once('=').ok_or_else(|| format!("expected CODE=LEVEL, got `{s}`"))?;
        self.set(code.trim().parse()?, level.trim().parse()?);
        Ok(())
    }

    /// Reads `{ "unknown-tag": "error", … }` (corpus.json, editor settings).
    /// Returns the problems as messages; good entries are kept.
    pub fn from_json(value: &serde_json::Value) -> (SeverityConfig, Vec<String>) {
        let mut out = SeverityConfig::default();
        let mut problems = Vec::new();
        let Some(map) = value.as_object() else {
            return (out, vec!["expected an object of CODE: LEVEL".into()]);
        };
        for (code, level) in map {
            let parsed = code.parse::<Code>().and_then(|code| {
                let level = level.as_str().ok_or_else(|| format!("`{code}`: expected a string level"))?;
                Ok((code, level.parse::<Level>()?))
            });
            match parsed {
                Ok((code, level)) => out.set(code, level),
                Err(e) => problems.push(e),
            }
        }
        (out, problems)
    }
}

/// A change to the analysed text, by byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// A quick fix: a title and the edits that carry it out: edits to the
/// analysed text, and changes to the governing catalogue (`corpus.json`),
/// which the caller turns into edits of that file's text
/// (see [`super::catalogue_edit`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<TextEdit>,
    pub catalogue: Vec<CatalogueChange>,
}

impl Fix {
    pub fn replace(title: impl Into<String>, span: Span, new_text: impl Into<String>) -> Fix {
        Fix { title: title.into(), edits: vec![TextEdit { span, new_text: new_text.into() }], catalogue: Vec::new() }
    }

    /// A fix that edits the analysed text only.
    pub fn edits(title: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix { title: title.into(), edits, catalogue: Vec::new() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// Quick fixes, best first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// For an `uncatalogued-name`, the kind guessed for the name: the kind of
    /// the entity its first fix would add, `None` (JSON `null`) when nothing
    /// points to one (`other`). `None` outside (no `"kind"` at all) for every
    /// other code.
    pub fn name_kind(&self) -> Option<Option<super::catalogue::Kind>> {
        if self.code != Code::UncataloguedName {
            return None;
        }
        let kind = self.fixes.iter().flat_map(|f| &f.catalogue).find_map(|c| match c {
            CatalogueChange::AddEntity { kind, .. } => Some(*kind),
            _ => None,
        });
        Some(kind.filter(|&k| k != super::catalogue::Kind::Other))
    }

    /// The same diagnostic with every span moved right by `by` bytes.
    pub fn shifted(mut self, by: usize) -> Diagnostic {
        self.span = self.span.shift(by);
        for edit in self.fixes.iter_mut().flat_map(|f| f.edits.iter_mut()) {
            edit.span = edit.span.shift(by);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(code));
        }
        assert!("unknown".parse::<Code>().unwrap_err().contains("unknown-entity"));
    }

    #[test]
    fn config_layers() {
        let mut file = SeverityConfig::default();
        file.set_from_assignment("unknown-tag=error").unwrap();
        file.set_from_assignment("alias-mismatch=off").unwrap();
        let mut cli = SeverityConfig::default();
        cli.set_from_assignment("unknown-tag=hint").unwrap();
        let eff = file.merged(&cli);
        assert_eq!(eff.severity(Code::UnknownTag), Some(Severity::Hint));
        assert_eq!(eff.severity(Code::AliasMismatch), None);
        assert_eq!(eff.severity(Code::UnknownEntity), Some(Severity::Error));
        assert!(cli.set_from_assignment("unknown-tag").is_err());
        assert!(cli.set_from_assignment("unknown-tag=loud").is_err());
        let (cfg, problems) = SeverityConfig::from_json(&serde_json::json!({"unknown-tag": "off", "nope": "error"}));
        assert_eq!(cfg.severity(Code::UnknownTag), None);
        assert_eq!(problems.len(), 1);
    }
}
