//! The corpus on disk: finding the `corpus.json` that governs a file, loading
//! catalogues, walking a folder for corpus files, reading text.
//!
//! Shared by the CLI and the server (both do I/O; `analysis` does none). The
//! server never writes files: nothing here writes either.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::analysis::Catalogue;
use crate::analysis::catalogue::{self, CatalogueProblem};

pub mod kb;

pub const CATALOGUE_FILE: &str = "corpus.json";

/// The nearest `corpus.json` in `dir` or above it, as `.editorconfig` is found.
pub fn find_catalogue(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(CATALOGUE_FILE)).find(|p| p.is_file())
}

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
}

/// Reads a file that must be UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path)?;
    crate::analysis::scan::utf8_string(bytes).map_err(|offset| ReadError::NotUtf8 { offset })
}

/// A catalogue as loaded from a file (or the built-in one).
#[derive(Debug)]
pub struct CatalogueFile {
    /// `None` for the built-in catalogue.
    pub path: Option<PathBuf>,
    /// The file's text (empty for the built-in catalogue, and for one loaded
    /// from the CLI's catalogue cache with no problem to show: only problems
    /// are shown with it).
    pub text: String,
    /// `None` when the file has errors (see `problems`) or cannot be read.
    pub catalogue: Option<Arc<Catalogue>>,
    pub problems: Vec<CatalogueProblem>,
    /// Set when the file could not be read at all.
    pub read_error: Option<String>,
    include: GlobSet,
    exclude: GlobSet,
}

impl CatalogueFile {
    pub fn builtin() -> CatalogueFile {
        let mut file = CatalogueFile::from_parts(None, String::new(), None);
        let cat = catalogue::builtin();
        file.include = glob_set(&cat.include);
        file.exclude = glob_set(&cat.exclude);
        file.catalogue = Some(cat);
        file
    }

    pub fn load(path: &Path) -> CatalogueFile {
        CatalogueFile::load_for(path, None)
    }

    /// [`CatalogueFile::load`] for linting the texts `words` were read from
    /// ([`Catalogue::parse_for`]).
    pub fn load_for(path: &Path, words: Option<&catalogue::Words>) -> CatalogueFile {
        match read_text(path) {
            Ok(text) => {
                let loaded = Catalogue::parse_for(&text, words);
                let mut file = CatalogueFile::from_parts(Some(path.to_path_buf()), text, loaded.catalogue);
                file.problems = loaded.problems;
                file
            }
            Err(e) => {
                let mut file = CatalogueFile::from_parts(Some(path.to_path_buf()), String::new(), None);
                file.read_error = Some(e.to_string());
                file
            }
        }
    }

    /// Only what a walk for corpus files needs of `path`: its include and
    /// exclude globs (the defaults when it has errors), no catalogue, no text.
    pub fn load_globs(path: &Path) -> CatalogueFile {
        let mut file = CatalogueFile::from_parts(Some(path.to_path_buf()), String::new(), None);
        match read_text(path) {
            Ok(text) => {
                if let Some((include, exclude)) = Catalogue::parse_globs(&text) {
                    file.include = glob_set(&include);
                    file.exclude = glob_set(&exclude);
                }
            }
            Err(e) => file.read_error = Some(e.to_string()),
        }
        file
    }

    /// The catalogue file at `path` of `text`, loaded as `loaded` (by a
    /// [`CatalogueLoader`]).
    pub fn from_loaded(path: PathBuf, text: String, loaded: catalogue::Loaded) -> CatalogueFile {
        let mut file = CatalogueFile::from_parts(Some(path), text, loaded.catalogue);
        file.problems = loaded.problems;
        file
    }

    /// A catalogue file that could not be read.
    pub fn unreadable(path: PathBuf, error: String) -> CatalogueFile {
        let mut file = CatalogueFile::from_parts(Some(path), String::new(), None);
        file.read_error = Some(error);
        file
    }

    pub fn parse(path: PathBuf, text: String) -> CatalogueFile {
        let loaded = Catalogue::parse(&text);
        let mut file = CatalogueFile::from_parts(Some(path), text, loaded.catalogue);
        file.problems = loaded.problems;
        file
    }

    fn from_parts(path: Option<PathBuf>, text: String, catalogue: Option<Catalogue>) -> CatalogueFile {
        let (include, exclude) = match &catalogue {
            Some(c) => (glob_set(&c.include), glob_set(&c.exclude)),
            None => (glob_set(&[catalogue::DEFAULT_INCLUDE.to_string()]), GlobSet::empty()),
        };
        CatalogueFile {
            path,
            text,
            catalogue: catalogue.map(Arc::new),
            problems: Vec::new(),
            read_error: None,
            include,
            exclude,
        }
    }

    /// The folder the include globs are relative to.
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Whether `relative` (to [`CatalogueFile::root`], or to the walked folder
    /// for the built-in catalogue) is a corpus file.
    pub fn includes(&self, relative: &Path) -> bool {
        self.include.is_match(relative) && !self.exclude.is_match(relative)
    }
}

/// Globs already checked by the catalogue loader; a bad one matches nothing.
fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        if let Ok(glob) = Glob::new(g) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Another way to load a catalogue for linting a few texts than parsing it
/// ([`CatalogueFile::load_for`] with words): the CLI's catalogue cache
/// (`src/cli/cache.rs`), which gives the same file.
pub trait CatalogueLoader: std::fmt::Debug + Send + Sync {
    fn load_for(&self, path: &Path, words: &catalogue::Words) -> CatalogueFile;
}

/// Finds and loads catalogues, each once.
#[derive(Debug, Default)]
pub struct Catalogues {
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    by_path: HashMap<PathBuf, Arc<CatalogueFile>>,
    builtin: Option<Arc<CatalogueFile>>,
    /// Load only the globs ([`Catalogues::globs_only`]).
    globs_only: bool,
    /// Load for these texts only ([`Catalogues::for_texts`]).
    words: Option<Arc<catalogue::Words>>,
    /// Loads catalogues for those texts ([`Catalogues::with_loader`]).
    loader: Option<Arc<dyn CatalogueLoader>>,
}

impl Catalogues {
    /// For a walk alone ([`corpus_files`]): each `corpus.json` is loaded with
    /// [`CatalogueFile::load_globs`], so its files have no catalogue here (a
    /// 100,000-entity one is read and checked, but no index or matcher built).
    pub fn globs_only() -> Catalogues {
        Catalogues { globs_only: true, ..Catalogues::default() }
    }

    /// Catalogues loaded from now on serve only the texts `words` were read
    /// from: their alias matchers hold the surfaces that may occur in them
    /// ([`Catalogue::parse_for`]). For `lint` of a few files.
    pub fn for_texts(&mut self, words: catalogue::Words) {
        self.words = Some(Arc::new(words));
    }

    /// Catalogues loaded from now on for the texts of
    /// [`Catalogues::for_texts`] are loaded by `loader`.
    pub fn with_loader(&mut self, loader: Arc<dyn CatalogueLoader>) {
        self.loader = Some(loader);
    }

    fn load_file(&self, path: &Path) -> CatalogueFile {
        if self.globs_only {
            return CatalogueFile::load_globs(path);
        }
        match (&self.loader, self.words.as_deref()) {
            (Some(loader), Some(words)) => loader.load_for(path, words),
            (_, words) => CatalogueFile::load_for(path, words),
        }
    }

    /// The catalogue governing `file`: the nearest `corpus.json` above it, or the built-in one.
    pub fn for_file(&mut self, file: &Path) -> Arc<CatalogueFile> {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir = file.parent().unwrap_or(Path::new("/")).to_path_buf();
        let found = self.by_dir.entry(dir.clone()).or_insert_with(|| find_catalogue(&dir)).clone();
        match found {
            Some(path) => {
                if !self.by_path.contains_key(&path) {
                    let file = Arc::new(self.load_file(&path));
                    self.by_path.insert(path.clone(), file);
                }
                self.by_path[&path].clone()
            }
            None => self.builtin.get_or_insert_with(|| Arc::new(CatalogueFile::builtin())).clone(),
        }
    }

    /// The catalogue file at `path` itself (to check it), loaded once.
    pub fn load(&mut self, path: &Path) -> Arc<CatalogueFile> {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        if !self.by_path.contains_key(&path) {
            let file = Arc::new(self.load_file(&path));
            self.by_path.insert(path.clone(), file);
        }
        self.by_path[&path].clone()
    }

    /// Every catalogue file loaded so far, by path.
    pub fn files(&self) -> impl Iterator<Item = &Arc<CatalogueFile>> {
        self.by_path.values()
    }
}

/// The corpus files under `root` (a folder): walked like ripgrep does
/// (hidden files and `.gitignore`d ones skipped, symlinks not followed),
/// kept when the governing catalogue's `include` globs take them. Sorted.
pub fn corpus_files(root: &Path, catalogues: &mut Catalogues) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walk_root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    for entry in ignore::WalkBuilder::new(root).follow_links(false).require_git(false).build().flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) || entry.file_name() == CATALOGUE_FILE {
            continue;
        }
        let path = entry.path();
        let catalogue = catalogues.for_file(path);
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let base = catalogue.root().unwrap_or(&walk_root);
        let Ok(relative) = abs.strip_prefix(base) else { continue };
        if catalogue.includes(relative) {
            out.push(path.to_path_buf());
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_catalogue_and_honours_include() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(root.join("drafts")).unwrap();
        std::fs::write(
            root.join("corpus.json"),
            r#"{"include": ["a/**/*.txt"], "exclude": ["a/b/skip.txt"], "entities": [], "tags": []}"#,
        )
        .unwrap();
        for f in ["a/one.txt", "a/b/two.txt", "a/b/skip.txt", "a/notes.md", "drafts/three.txt"] {
            std::fs::write(root.join(f), "text").unwrap();
        }
        let mut cats = Catalogues::default();
        let files = corpus_files(root, &mut cats);
        let names: Vec<String> =
            files.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(names, ["a/b/two.txt", "a/one.txt"]);
        assert_eq!(cats.for_file(&root.join("a/b/two.txt")).path.as_deref(), Some(root.join("corpus.json").as_path()));
    }

    #[test]
    fn a_walk_with_globs_only_finds_the_same_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (folder, catalogue) in [
            ("good", r#"{"include": ["a/**/*.txt"], "exclude": ["a/skip.txt"], "entities": [], "tags": []}"#),
            // Errors: the default globs.
            ("broken", r#"{"include": ["a/**/*.txt"], "entities": [{"id": "x"}], "tags": []}"#),
            // Warnings only: its globs.
            ("warned", r#"{"include": ["a/*.txt"], "entities": [], "tags": [], "extra": 1}"#),
        ] {
            std::fs::create_dir_all(root.join(folder).join("a")).unwrap();
            std::fs::write(root.join(folder).join("corpus.json"), catalogue).unwrap();
            for f in ["a/one.txt", "a/skip.txt", "two.txt", "a/notes.md"] {
                std::fs::write(root.join(folder).join(f), "text").unwrap();
            }
        }
        let full = corpus_files(root, &mut Catalogues::default());
        let mut walk = Catalogues::globs_only();
        assert_eq!(corpus_files(root, &mut walk), full);
        let names: Vec<String> =
            full.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        assert_eq!(
            names,
            [
                "broken/a/one.txt",
                "broken/a/skip.txt",
                "broken/two.txt",
                "good/a/one.txt",
                "warned/a/one.txt",
                "warned/a/skip.txt"
            ]
        );
        assert!(walk.files().all(|f| f.catalogue.is_none() && f.text.is_empty()));
    }

    #[test]
    fn non_utf8_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bin.txt");
        std::fs::write(&p, b"ok\xff\xfe").unwrap();
        assert!(matches!(read_text(&p), Err(ReadError::NotUtf8 { offset: 2 })));
    }
}
