//! The catalogues the server knows: for each `corpus.json`, its latest text
//! and problems, and the last good catalogue, which stays in use while the
//! file is broken.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use crate::analysis::{Catalogue, Code, Level, SeverityConfig};
use crate::workspace::{CATALOGUE_FILE, CatalogueFile, find_catalogue};

/// One `corpus.json`.
#[derive(Debug)]
pub struct CatalogueEntry {
    /// The latest load: its text, problems, read error.
    pub latest: Arc<CatalogueFile>,
    /// The latest load that gave a catalogue.
    pub good: Option<Arc<CatalogueFile>>,
    /// The text comes from an open editor buffer, not from the disk.
    pub from_buffer: bool,
}

/// What a document is analysed with.
#[derive(Clone, Debug)]
pub struct Governing {
    /// The `corpus.json`, or `None` for the built-in catalogue.
    pub path: Option<PathBuf>,
    pub catalogue: Arc<Catalogue>,
    /// The catalogue's own levels (plus, when no good catalogue was ever
    /// loaded, the catalogue checks turned off).
    pub severities: SeverityConfig,
}

#[derive(Debug, Default)]
pub struct CatalogueRegistry {
    entries: HashMap<PathBuf, CatalogueEntry>,
    /// Folder → its nearest `corpus.json`; cleared when one appears or goes.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
}

/// An empty catalogue, for files whose `corpus.json` never loaded.
fn empty() -> Arc<Catalogue> {
    static EMPTY: LazyLock<Arc<Catalogue>> = LazyLock::new(|| Arc::new(Catalogue::new(Vec::new(), Vec::new())));
    EMPTY.clone()
}

pub fn is_catalogue_path(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == CATALOGUE_FILE)
}

impl CatalogueRegistry {
    /// The catalogue governing `file` (a corpus file path), loading it if needed.
    pub fn governing(&mut self, file: Option<&Path>) -> Governing {
        let found = file
            .and_then(Path::parent)
            .and_then(|dir| self.nearest.entry(dir.to_path_buf()).or_insert_with(|| find_catalogue(dir)).clone());
        let Some(path) = found else {
            let catalogue = crate::analysis::catalogue::builtin();
            return Governing { path: None, severities: catalogue.severities, catalogue };
        };
        let entry = self.entry(&path);
        match &entry.good {
            Some(good) => {
                let catalogue = good.catalogue.clone().expect("a good load has a catalogue");
                Governing { path: Some(path), severities: catalogue.severities, catalogue }
            }
            None => {
                let mut severities = SeverityConfig::default();
                for code in [Code::UnknownEntity, Code::UnknownTag, Code::AliasMismatch] {
                    severities.set(code, Level::Off);
                }
                Governing { path: Some(path), catalogue: empty(), severities }
            }
        }
    }

    /// The entry of `path`, loaded from disk the first time.
    pub fn entry(&mut self, path: &Path) -> &CatalogueEntry {
        self.entries.entry(path.to_path_buf()).or_insert_with(|| {
            let latest = Arc::new(CatalogueFile::load(path));
            let good = latest.catalogue.is_some().then(|| latest.clone());
            CatalogueEntry { latest, good, from_buffer: false }
        })
    }

    pub fn get(&self, path: &Path) -> Option<&CatalogueEntry> {
        self.entries.get(path)
    }

    /// Re-reads `path` from disk (unless an editor buffer holds it). Returns
    /// whether the catalogue in use may have changed.
    pub fn reload_from_disk(&mut self, path: &Path) -> bool {
        if self.entries.get(path).is_some_and(|e| e.from_buffer) {
            return false;
        }
        if !path.is_file() {
            self.nearest.clear();
            return self.entries.remove(path).is_some();
        }
        if !self.entries.contains_key(path) {
            // A new catalogue: files below it may have a nearer one now.
            self.nearest.clear();
        }
        let latest = Arc::new(CatalogueFile::load(path));
        self.update(path, latest, false);
        true
    }

    /// Takes the text of an open editor buffer as `path`'s content.
    pub fn set_buffer(&mut self, path: &Path, text: String) {
        if !self.entries.contains_key(path) {
            // A catalogue not seen yet (just created): files below it may have a nearer one now.
            self.nearest.clear();
        }
        let latest = Arc::new(CatalogueFile::parse(path.to_path_buf(), text));
        self.update(path, latest, true);
    }

    /// The buffer was closed: the disk holds the truth again.
    pub fn release_buffer(&mut self, path: &Path) {
        if let Some(e) = self.entries.get_mut(path) {
            e.from_buffer = false;
        }
        self.reload_from_disk(path);
    }

    fn update(&mut self, path: &Path, latest: Arc<CatalogueFile>, from_buffer: bool) {
        let good = latest.catalogue.is_some().then(|| latest.clone());
        match self.entries.get_mut(path) {
            Some(entry) => {
                entry.latest = latest;
                entry.from_buffer = from_buffer;
                if good.is_some() {
                    entry.good = good;
                }
            }
            None => {
                self.entries.insert(path.to_path_buf(), CatalogueEntry { latest, good, from_buffer });
            }
        }
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.entries.keys().map(PathBuf::as_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"entities": [{"id": "wang-yi", "name": "Wang Yi", "kind": "person"}], "tags": []}"#;

    #[test]
    fn keeps_the_last_good_catalogue() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("corpus.json");
        std::fs::write(&json, GOOD).unwrap();
        let file = dir.path().join("a.txt");
        let mut reg = CatalogueRegistry::default();
        let g = reg.governing(Some(&file));
        assert_eq!(g.path.as_deref(), Some(json.as_path()));
        assert!(g.catalogue.entity("wang-yi").is_some());

        std::fs::write(&json, "{ broken").unwrap();
        assert!(reg.reload_from_disk(&json));
        assert!(!reg.get(&json).unwrap().latest.problems.is_empty());
        assert!(reg.governing(Some(&file)).catalogue.entity("wang-yi").is_some(), "last good one kept");

        reg.set_buffer(&json, GOOD.replace("wang-yi", "wang-yi-2"));
        assert!(reg.governing(Some(&file)).catalogue.entity("wang-yi-2").is_some());
        assert!(!reg.reload_from_disk(&json), "the buffer wins over the disk");
        std::fs::write(&json, GOOD).unwrap();
        reg.release_buffer(&json);
        assert!(reg.governing(Some(&file)).catalogue.entity("wang-yi").is_some(), "the disk again");
    }

    #[test]
    fn a_nearer_catalogue_takes_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("corpus.json"), GOOD).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let file = dir.path().join("sub/a.txt");
        let mut reg = CatalogueRegistry::default();
        assert_eq!(reg.governing(Some(&file)).path, Some(dir.path().join("corpus.json")));
        let nearer = dir.path().join("sub/corpus.json");
        std::fs::write(&nearer, GOOD).unwrap();
        assert!(reg.reload_from_disk(&nearer));
        assert_eq!(reg.governing(Some(&file)).path, Some(nearer.clone()));
        std::fs::remove_file(&nearer).unwrap();
        assert!(reg.reload_from_disk(&nearer));
        assert_eq!(reg.governing(Some(&file)).path, Some(dir.path().join("corpus.json")));
    }

    #[test]
    fn a_new_catalogue_opened_in_a_buffer_takes_over() {
        // A quick fix created corpus.json and the editor opened it before any watcher event.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        let mut reg = CatalogueRegistry::default();
        assert_eq!(reg.governing(Some(&file)).path, None, "the built-in catalogue");
        let json = dir.path().join("corpus.json");
        std::fs::write(&json, "").unwrap();
        reg.set_buffer(&json, GOOD.to_string());
        let g = reg.governing(Some(&file));
        assert_eq!(g.path.as_deref(), Some(json.as_path()));
        assert!(g.catalogue.entity("wang-yi").is_some());
    }

    #[test]
    fn never_good_turns_catalogue_checks_off() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("corpus.json"), "[]").unwrap();
        let g = CatalogueRegistry::default().governing(Some(&dir.path().join("a.txt")));
        assert!(g.catalogue.entities.is_empty());
        assert_eq!(g.severities.level(Code::UnknownEntity), Level::Off);
        assert_eq!(g.severities.level(Code::MalformedMarkup), Level::Error);
    }
}
