//! Navigation requests on the state: definition, references, rename.
//!
//! What is under the cursor comes from `analysis::navigation`, for a corpus
//! document or for an open (or on-disk) `corpus.json`. References and renames
//! reach every indexed file governed by the same catalogue; a file that is
//! not open is read from disk to turn its line-relative spans into positions,
//! and a span that no longer fits the text on disk is left out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::catalogues::is_catalogue_path;
use super::position::{Positions, line_range, line_text};
use super::proto;
use super::state::{State, read_corpus_file, uri_path};
use crate::analysis::navigation::{self, Found, Target};
use crate::analysis::{Catalogue, Span, TextEdit};

/// What a request is about: the target, the catalogue governing it, and
/// where the cursor's construct is.
pub struct Located {
    pub found: Found,
    /// `None`: the built-in catalogue.
    pub catalogue_path: Option<PathBuf>,
    pub catalogue: Arc<Catalogue>,
    /// The range of `found.id_span` (when there is one).
    pub id_range: Option<lsp::Range>,
}

/// A catalogue's text with the catalogue parsed from exactly that text.
struct CatalogueText {
    path: PathBuf,
    uri: Uri,
    text: String,
    catalogue: Arc<Catalogue>,
}

/// Where a file's text comes from when its references are placed.
pub enum FileText {
    /// An open document: its buffer (a cheap clone of the rope).
    Open(Uri, Rope),
    /// A file not open: read from disk.
    Disk(PathBuf),
}

/// A references request taken off the state's lock, so that the files on disk
/// are read without holding it and the request can be cancelled between files.
pub struct ReferencesPlan {
    encoding: crate::analysis::PositionEncoding,
    declaration: Option<lsp::Location>,
    files: Vec<(FileText, Vec<(usize, Span)>)>,
}

impl ReferencesPlan {
    /// The locations, or `None` as soon as `cancelled` is set (checked before each file).
    pub fn run(self, cancelled: &AtomicBool) -> Option<Vec<lsp::Location>> {
        let mut out: Vec<lsp::Location> = self.declaration.into_iter().collect();
        for (text, found) in self.files {
            if cancelled.load(Ordering::Relaxed) {
                return None;
            }
            let (uri, rope) = match text {
                FileText::Open(uri, rope) => (uri, rope),
                FileText::Disk(path) => {
                    let Ok(text) = read_corpus_file(&path) else { continue };
                    let Some(uri) = Uri::from_file_path(&path) else { continue };
                    (uri, Rope::from_str(&text))
                }
            };
            for (line_no, span) in found {
                if let Some(range) = checked_range(&rope, line_no, span, None, self.encoding) {
                    out.push(proto::location(uri.clone(), range));
                }
            }
        }
        Some(out)
    }
}

impl State {
    /// The URI under which `path` is shown: an open buffer's, or the file's.
    fn uri_of(&self, path: &Path) -> Option<Uri> {
        let key = super::state::path_key(path);
        if let Some((uri, _)) = self.docs.iter().find(|(_, d)| d.key == key) {
            return Some(uri.clone());
        }
        if let Some((uri, _)) = self.catalogue_buffers.iter().find(|(_, b)| b.path == path) {
            return Some(uri.clone());
        }
        Uri::from_file_path(path)
    }

    /// The text of the catalogue at `path` whose spans a catalogue in use
    /// refers to: the last good load.
    fn catalogue_text(&mut self, path: &Path) -> Option<CatalogueText> {
        let entry = self.catalogues.entry(path);
        let good = entry.good.as_ref()?;
        let (text, catalogue) = (good.text.clone(), good.catalogue.clone()?);
        let uri = self.uri_of(path)?;
        Some(CatalogueText { path: path.to_path_buf(), uri, text, catalogue })
    }

    /// The target at `position` of `uri` (a corpus document or a `corpus.json`).
    pub fn locate(&mut self, uri: &Uri, position: lsp::Position) -> Option<Located> {
        let encoding = self.encoding;
        if let Some(open) = self.docs.get(uri) {
            let doc = &open.doc;
            let (line_no, at) = Positions::new(&doc.rope, encoding).line_offset(position)?;
            let line = doc.line(line_no);
            let found = navigation::target_at(&line, doc.analysis(line_no)?, at, &doc.catalogue)?;
            let id_range = found.id_span.map(|s| line_range(&line, line_no, s, encoding));
            return Some(Located {
                found,
                catalogue_path: open.catalogue_path.clone(),
                catalogue: doc.catalogue.clone(),
                id_range,
            });
        }
        let path = uri_path(uri).filter(|p| is_catalogue_path(p))?;
        // The catalogue as the editor shows it: the latest text, if it parses.
        let latest = self.catalogues.entry(&path).latest.clone();
        let catalogue = latest.catalogue.clone()?;
        let rope = Rope::from_str(&latest.text);
        let pos = Positions::new(&rope, encoding);
        let found = navigation::catalogue_target_at(&latest.text, &catalogue, pos.offset(position))?;
        let id_range = found.id_span.map(|s| pos.range(s));
        Some(Located { found, catalogue_path: Some(path), catalogue, id_range })
    }

    /// Where the target at `position` is defined (nothing for the built-in catalogue).
    pub fn definition(&mut self, uri: &Uri, position: lsp::Position) -> Option<lsp::Location> {
        let located = self.locate(uri, position)?;
        self.declaration_of(located.catalogue_path.as_deref()?, &located.found.target)
    }

    fn declaration_of(&mut self, catalogue_path: &Path, target: &Target) -> Option<lsp::Location> {
        let cat = self.catalogue_text(catalogue_path)?;
        let span = navigation::definition(&cat.catalogue, target)?;
        let rope = Rope::from_str(&cat.text);
        Some(proto::location(cat.uri, Positions::new(&rope, self.encoding).range(span)))
    }

    /// The keys of the indexed files governed by `catalogue_path`, sorted.
    pub(super) fn corpus_keys(&mut self, catalogue_path: Option<&Path>) -> Vec<String> {
        let open: HashMap<&str, Option<&Path>> =
            self.docs.values().map(|d| (d.key.as_str(), d.catalogue_path.as_deref())).collect();
        let mut same = Vec::new();
        let mut on_disk = Vec::new();
        for (key, _) in self.index.files() {
            match open.get(key) {
                Some(governing) if *governing == catalogue_path => same.push(key.to_string()),
                Some(_) => {}
                None => on_disk.push(key.to_string()),
            }
        }
        for key in on_disk {
            if self.catalogues.governing(Some(Path::new(&key))).path.as_deref() == catalogue_path {
                same.push(key);
            }
        }
        same.sort();
        same
    }

    /// The URI and text of an indexed file: the buffer when it is open, else the disk.
    fn file_text(&self, key: &str) -> Option<(Uri, Rope)> {
        if let Some((uri, open)) = self.docs.iter().find(|(_, d)| d.key == key) {
            return Some((uri.clone(), open.doc.rope.clone()));
        }
        let path = Path::new(key);
        let text = read_corpus_file(path).ok()?;
        Some((Uri::from_file_path(path)?, Rope::from_str(&text)))
    }

    /// Every use of the target at `position` in its corpus, and its catalogue
    /// entry when `include_declaration`.
    pub fn references(&mut self, uri: &Uri, position: lsp::Position, include_declaration: bool) -> Vec<lsp::Location> {
        let plan = self.references_plan(uri, position, include_declaration);
        plan.and_then(|p| p.run(&AtomicBool::new(false))).unwrap_or_default()
    }

    /// What [`State::references`] needs, taken under the state's lock: the
    /// declaration, and per file using the target its spans and its text (an
    /// open buffer's rope) or its path (read later, off the lock).
    pub fn references_plan(
        &mut self,
        uri: &Uri,
        position: lsp::Position,
        include_declaration: bool,
    ) -> Option<ReferencesPlan> {
        let located = self.locate(uri, position)?;
        let target = &located.found.target;
        let mut plan = ReferencesPlan { encoding: self.encoding, declaration: None, files: Vec::new() };
        if include_declaration && let Some(path) = located.catalogue_path.as_deref() {
            plan.declaration = self.declaration_of(path, target);
        }
        for key in self.corpus_keys(located.catalogue_path.as_deref()) {
            let Some(file) = self.index.get(&key) else { continue };
            let found = navigation::references(file, target);
            if found.is_empty() {
                continue;
            }
            let text = match self.docs.iter().find(|(_, d)| d.key == key) {
                Some((uri, open)) => FileText::Open(uri.clone(), open.doc.rope.clone()),
                None => FileText::Disk(PathBuf::from(&key)),
            };
            plan.files.push((text, found));
        }
        Some(plan)
    }

    /// The range to rename at `position` and the current id, or why not.    /// The range to rename at `position` and the current id, or why not.
    pub fn prepare_rename(
        &mut self,
        uri: &Uri,
        position: lsp::Position,
    ) -> Result<Option<lsp::PrepareRenameResponse>, String> {
        let Some(located) = self.locate(uri, position) else { return Ok(None) };
        let Some(range) = located.id_range else {
            return Err(format!(
                "this is plain text: rename `{}` from one of its `{{id}}` mentions or its entry in corpus.json",
                located.found.target.id()
            ));
        };
        navigation::check_rename(&located.catalogue, &located.found.target, located.found.target.id())
            .map_err(|e| e.to_string())?;
        Ok(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
            range,
            placeholder: located.found.target.id().to_string(),
        }))
    }

    /// The edits renaming the target at `position` to `new_id` in every
    /// corpus file and the catalogue, or why the rename is refused.
    pub fn rename(
        &mut self,
        uri: &Uri,
        position: lsp::Position,
        new_id: &str,
    ) -> Result<Option<lsp::WorkspaceEdit>, String> {
        let Some(located) = self.locate(uri, position) else { return Ok(None) };
        let target = located.found.target;
        let Some(catalogue_path) = located.catalogue_path else {
            return Err("the built-in catalogue cannot be renamed in: add a corpus.json to the workspace".into());
        };
        navigation::check_rename(&located.catalogue, &target, new_id).map_err(|e| e.to_string())?;
        let Some(cat) = self.catalogue_text(&catalogue_path) else {
            return Err(format!("{} has errors: fix them before renaming", catalogue_path.display()));
        };
        let encoding = self.encoding;
        let mut changes: HashMap<Uri, Vec<lsp::TextEdit>> = HashMap::new();
        let rope = Rope::from_str(&cat.text);
        let pos = Positions::new(&rope, encoding);
        let catalogue_edits: Vec<lsp::TextEdit> =
            navigation::catalogue_rename_edits(&cat.text, &cat.catalogue, &target, new_id)
                .into_iter()
                .map(|e| proto::text_edit(pos.range(e.span), e.new_text))
                .collect();
        changes.insert(cat.uri.clone(), catalogue_edits);
        for key in self.corpus_keys(Some(&cat.path)) {
            let Some(file) = self.index.get(&key) else { continue };
            let found = navigation::file_rename_edits(file, &target, new_id);
            let Some((uri, rope)) = (!found.is_empty()).then(|| self.file_text(&key)).flatten() else { continue };
            let edits: Vec<lsp::TextEdit> = found
                .into_iter()
                .filter_map(|(line_no, TextEdit { span, new_text })| {
                    let range = checked_range(&rope, line_no, span, Some(target.id()), encoding)?;
                    Some(proto::text_edit(range, new_text))
                })
                .collect();
            if !edits.is_empty() {
                changes.entry(uri).or_default().extend(edits);
            }
        }
        if !self.caps.document_changes {
            return Ok(Some(proto::workspace_edit(changes)));
        }
        let version = |uri: &Uri| {
            let open = self.docs.get(uri).map(|d| d.doc.version);
            open.or_else(|| self.catalogue_buffers.get(uri).map(|b| b.version))
        };
        Ok(Some(proto::document_changes_edit(changes, version)))
    }
}

/// The range of line-relative `span` on line `line_no` of `rope`, if the
/// span still fits the text (and reads `expect`, when given).
fn checked_range(
    rope: &Rope,
    line_no: usize,
    span: Span,
    expect: Option<&str>,
    encoding: crate::analysis::PositionEncoding,
) -> Option<lsp::Range> {
    if line_no >= rope.len_lines() {
        return None;
    }
    let line = line_text(rope, line_no);
    let text = line.get(span.start..span.end)?;
    if expect.is_some_and(|e| e != text) {
        return None;
    }
    Some(line_range(&line, line_no, span, encoding))
}
