//! The catalogue cache of `lint FILE…`: a large `corpus.json`, once parsed
//! and checked, is kept in binary form ([`cache`]) under the
//! platform's cache folder, so that the next run of a pre-commit hook reads
//! that instead of parsing the JSON again.
//!
//! - One cache file per catalogue path (named by the XXH3-64 of the
//!   canonical path), so the folder holds at most one file per catalogue;
//!   its header holds the key of the catalogue's text (XXH3-128), the format
//!   and the crate's version, and it is used only when all match exactly.
//! - The folder: `CORPUS_LSP_CACHE_DIR`, else the platform's cache folder
//!   (`~/.cache/corpus-lsp` on Linux). `lint --no-cache` never touches it.
//! - Only catalogues of at least [`MIN_BYTES`] use it: a smaller one parses
//!   about as fast as its cache file loads.
//! - A miss (no file, another text, a damaged file) parses the JSON as
//!   without a cache and writes the file anew (see below);
//!   a failure to read or write only says so under `--verbose`.
//! - Written as the one atomic writer writes (temporary file, rename), not
//!   synced: see [`write_atomic_unsynced`].

use std::io::Read;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{Xxh3Default, xxh3_64};

use crate::analysis::Catalogue;
use crate::analysis::catalogue::{Words, cache};
use crate::cli::write::write_atomic_unsynced;
use crate::workspace::{CatalogueFile, CatalogueLoader, read_text};

/// The variable that names the cache folder.
pub const DIR_VARIABLE: &str = "CORPUS_LSP_CACHE_DIR";

/// Catalogues smaller than this are parsed every time (measured: see
/// BENCHMARKS.md, "Issue 27: a binary catalogue cache").
pub const MIN_BYTES: usize = 1 << 20;

/// The cache of one lint run.
#[derive(Debug)]
pub struct CatalogueCache {
    dir: PathBuf,
    /// Say on stderr what the cache did.
    verbose: bool,
}

impl CatalogueCache {
    /// The cache in `CORPUS_LSP_CACHE_DIR`, else in the platform's cache
    /// folder; `None` when there is neither.
    pub fn from_env(verbose: bool) -> Option<CatalogueCache> {
        let dir = match std::env::var_os(DIR_VARIABLE) {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => dirs::cache_dir()?.join("corpus-lsp"),
        };
        Some(CatalogueCache { dir, verbose })
    }

    /// The cache file of the catalogue at `path`.
    fn file_for(&self, path: &Path) -> PathBuf {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let hash = xxh3_64(canonical.as_os_str().as_encoded_bytes());
        self.dir.join(format!("catalogue-{hash:016x}.bin"))
    }

    fn note(&self, message: std::fmt::Arguments) {
        if self.verbose {
            eprintln!("note: catalogue cache: {message}");
        }
    }
}

impl CatalogueLoader for CatalogueCache {
    fn load_for(&self, path: &Path, words: &Words) -> CatalogueFile {
        // Anything unusual (a small or unreadable file) takes the path without a cache.
        if std::fs::metadata(path).map_or(true, |m| m.len() < MIN_BYTES as u64) {
            return CatalogueFile::load_for(path, Some(words));
        }
        let file = self.file_for(path);
        let (name, shown) = (path.display(), file.display());
        let cached =
            std::fs::read(&file).inspect_err(|e| self.note(format_args!("{name}: no cache file ({shown}: {e})"))).ok();
        let mut noted = false;
        // A hit with no problem to show needs the text only for its key:
        // it is hashed as it is read, never held, while the cache file is
        // decoded for the key it claims (on another thread: used only when
        // the two keys are equal).
        if let Some(bytes) = &cached
            && cache::shows_problems(bytes) == Some(false)
            && let Some(claimed) = cache::key_in(bytes)
        {
            // (The decoding stays on this thread: its many allocations are
            // cheaper in the main thread's heap than in a worker's.)
            let (key, loaded) = std::thread::scope(|scope| {
                let key = scope.spawn(|| key_of_file(path));
                let loaded = cache::decode(bytes, claimed, Some(words));
                let key = key.join().unwrap_or_else(|_| Err(std::io::Error::other("hashing the catalogue failed")));
                (key, loaded)
            });
            match (key, loaded) {
                (Ok(key), Ok(loaded)) if key == claimed => {
                    self.note(format_args!("{name}: read {shown}"));
                    return CatalogueFile::from_loaded(path.to_path_buf(), String::new(), loaded);
                }
                (Ok(_), Ok(_)) => {
                    self.note(format_args!("{name}: {shown} not used: {}", cache::Miss::Key.as_str()));
                    noted = true;
                }
                (_, Err(miss)) => {
                    self.note(format_args!("{name}: {shown} not used: {}", miss.as_str()));
                    noted = true;
                }
                // The file could not be read here: it is read again below.
                (Err(_), Ok(_)) => {}
            }
        }
        let text = match read_text(path) {
            Ok(text) => text,
            Err(e) => return CatalogueFile::unreadable(path.to_path_buf(), e.to_string()),
        };
        let key = cache::key(text.as_bytes());
        // (A file already found unusable above is not decoded again.)
        if let Some(bytes) = cached.as_ref().filter(|_| !noted) {
            match cache::decode(bytes, key, Some(words)) {
                Ok(loaded) => {
                    self.note(format_args!("{name}: read {shown}"));
                    return CatalogueFile::from_loaded(path.to_path_buf(), text, loaded);
                }
                Err(miss) => self.note(format_args!("{name}: {shown} not used: {}", miss.as_str())),
            }
        }
        let loaded = Catalogue::parse_for(&text, Some(words));
        match write_atomic_unsynced(&file, &cache::encode(key, &loaded)) {
            Ok(()) => self.note(format_args!("{name}: wrote {shown}")),
            Err(e) => self.note(format_args!("{name}: could not write {shown}: {e}")),
        }
        CatalogueFile::from_loaded(path.to_path_buf(), text, loaded)
    }
}

/// The [`cache::key`] of the file at `path`, read in pieces.
fn key_of_file(path: &Path) -> std::io::Result<u128> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Xxh3Default::new();
    let mut buffer = vec![0; 256 << 10];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Ok(hasher.digest128()),
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The cache to use for a lint run, unless `--no-cache`.
pub fn for_lint(no_cache: bool, verbose: bool) -> Option<std::sync::Arc<dyn CatalogueLoader>> {
    if no_cache {
        return None;
    }
    CatalogueCache::from_env(verbose).map(|c| std::sync::Arc::new(c) as std::sync::Arc<dyn CatalogueLoader>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_in_pieces_has_the_key_of_its_text() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 5, 240, (1 << 20) + 17, 3 << 20] {
            let text: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let path = dir.path().join("corpus.json");
            std::fs::write(&path, &text).unwrap();
            assert_eq!(key_of_file(&path).unwrap(), cache::key(&text), "{len} bytes");
        }
    }
}
