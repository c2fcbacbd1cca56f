//! Linking in the editor. With a KB file (`"kb"` in `corpus.json`, relative
//! to its folder, or the `corpusLsp.kb` setting, relative to the workspace
//! folder), an entity entry of `corpus.json` without a `"wikidata"` id gets
//! the code actions "Link to Q… — label (description)" for its three best
//! candidates, and typing `"wikidata": "` completes ids by label.
//!
//! The KB is read (never written) with the CLI's reader, keeping the items
//! the catalogue's surfaces name, and cached until the file or the
//! catalogue's surfaces change. The ranking is `analysis::kb`'s, against the
//! entity's own text (the CLI adds its articles). An action is a
//! `WorkspaceEdit` inserting the property: the server writes no file.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use ropey::Rope;
use serde_json::Value;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::position::Positions;
use super::state::{State, uri_path};
use crate::analysis::catalogue_edit::set_wikidata;
use crate::analysis::kb::{Context, Kb, SurfaceFilter, rank};
use crate::analysis::{Catalogue, Entity};
use crate::workspace::kb::read_kb;

/// How many candidates get a code action.
const ACTIONS: usize = 3;
/// How many items a completion lists.
const COMPLETIONS: usize = 20;

/// The KB files read, and the setting.
#[derive(Debug, Default)]
pub struct KbCache {
    /// `corpusLsp.kb`: used where `corpus.json` names none.
    pub setting: Option<String>,
    /// By KB path: its modification time, the hash of the surfaces it was
    /// filtered with, and the items kept.
    loaded: HashMap<PathBuf, (Option<SystemTime>, u64, Arc<Kb>)>,
}

/// `corpusLsp.kb` (or `kb` at the top of the settings object), if given.
pub fn kb_setting(settings: &Value) -> Option<String> {
    let section = settings.get("corpusLsp").unwrap_or(settings);
    section.get("kb")?.as_str().filter(|kb| !kb.trim().is_empty()).map(str::to_string)
}

fn surfaces_hash(catalogue: &Catalogue) -> u64 {
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    for e in &catalogue.entities {
        e.surfaces().for_each(|s| s.hash(&mut h));
    }
    h.finish()
}

/// The `"id"` of the entry object around byte `at` of a `corpus.json` text
/// that may not parse (being typed): entries are flat objects, so the
/// object is between the `{` before and the `}` after.
fn enclosing_id(text: &str, at: usize) -> Option<&str> {
    let start = text[..at].rfind('{')?;
    let end = at + text[at..].find('}')?;
    let object = &text[start..end];
    let key = object.find("\"id\"")?;
    let rest = object[key + 4..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

impl State {
    /// The KB for the catalogue at `catalogue_path`, read or cached.
    fn kb_for(&mut self, catalogue_path: &Path, catalogue: &Catalogue) -> Option<Arc<Kb>> {
        let path = match (&catalogue.kb, &self.kb.setting) {
            (Some(kb), _) => catalogue_path.parent()?.join(kb),
            (None, Some(kb)) => {
                let kb = Path::new(kb);
                match self.roots.first() {
                    Some(root) if kb.is_relative() => root.join(kb),
                    _ => kb.to_path_buf(),
                }
            }
            (None, None) => return None,
        };
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let hash = surfaces_hash(catalogue);
        if let Some((m, h, kb)) = self.kb.loaded.get(&path)
            && *m == modified
            && *h == hash
        {
            return Some(kb.clone());
        }
        let read = read_kb(&path, &SurfaceFilter::new(&catalogue.entities)).ok()?;
        let kb = Arc::new(read.kb);
        self.kb.loaded.insert(path, (modified, hash, kb.clone()));
        Some(kb)
    }

    /// The `corpus.json` at `uri` as loaded now, with its text's version
    /// when an editor holds it.
    fn linkable(&mut self, uri: &Uri) -> Option<(PathBuf, Arc<Catalogue>, String, Option<i32>)> {
        let path = uri_path(uri).filter(|p| super::catalogues::is_catalogue_path(p))?;
        let latest = self.catalogues.entry(&path).latest.clone();
        let catalogue = latest.catalogue.clone()?;
        let version = self.catalogue_buffers.get(uri).map(|b| b.version);
        Some((path, catalogue, latest.text.clone(), version))
    }

    /// "Link to Q… — label (description)" for the entity entry without an id
    /// under `range`'s start in the `corpus.json` at `uri`.
    pub fn link_actions(&mut self, uri: &Uri, range: lsp::Range) -> Vec<lsp::CodeActionOrCommand> {
        let Some((path, catalogue, text, version)) = self.linkable(uri) else { return Vec::new() };
        let rope = Rope::from_str(&text);
        let pos = Positions::new(&rope, self.encoding);
        let at = pos.offset(range.start);
        let Some(entity) = catalogue.entities.iter().find(|e| e.span.start <= at && at <= e.span.end) else {
            return Vec::new();
        };
        if entity.wikidata.is_some() {
            return Vec::new();
        }
        let Some(kb) = self.kb_for(&path, &catalogue) else { return Vec::new() };
        rank(&kb, entity, &Context::new(entity, []))
            .into_iter()
            .take(ACTIONS)
            .enumerate()
            .filter_map(|(i, c)| {
                let item = &kb.items[c.item];
                let edit = set_wikidata(&text, &entity.id, &item.id).ok()?;
                let edit = lsp::TextEdit { range: pos.range(edit.span), new_text: edit.new_text };
                let description =
                    if item.description.is_empty() { String::new() } else { format!(" ({})", item.description) };
                Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("Link to {} — {}{description}", item.id, item.label),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    edit: Some(self.workspace_edit(uri, version, edit)),
                    is_preferred: (i == 0 && crate::analysis::kb::clear_best(std::slice::from_ref(&c)).is_some())
                        .then_some(true),
                    ..lsp::CodeAction::default()
                }))
            })
            .collect()
    }

    fn workspace_edit(&self, uri: &Uri, version: Option<i32>, edit: lsp::TextEdit) -> lsp::WorkspaceEdit {
        if self.caps.document_changes {
            let document = lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version },
                edits: vec![lsp::OneOf::Left(edit)],
            };
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(vec![document])),
                ..Default::default()
            }
        } else {
            lsp::WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), vec![edit])])), ..Default::default() }
        }
    }

    /// Inside the string after `"wikidata":`, the KB's items by label: the
    /// enclosing entity's candidates first, then the items whose label or an
    /// alias starts with what is typed. Each inserts its id.
    pub fn wikidata_completion(&mut self, uri: &Uri, position: lsp::Position) -> Option<lsp::CompletionResponse> {
        let path = uri_path(uri).filter(|p| super::catalogues::is_catalogue_path(p))?;
        let latest = self.catalogues.entry(&path).latest.clone();
        let text = latest.text.clone();
        // While typing, the text rarely parses: the entries are the last good catalogue's.
        let catalogue = self.catalogues.entry(&path).good.as_ref().and_then(|g| g.catalogue.clone())?;
        let rope = Rope::from_str(&text);
        let pos = Positions::new(&rope, self.encoding);
        let at = pos.offset(position);
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..at];
        let quote = before.rfind('"')?;
        let typed = &before[quote + 1..];
        let key = before[..quote].trim_end().strip_suffix(':')?.trim_end();
        if !key.ends_with("\"wikidata\"") || typed.contains('\\') {
            return None;
        }
        let kb = self.kb_for(&path, &catalogue)?;
        let entity: Option<&Entity> = enclosing_id(&text, at).and_then(|id| catalogue.entity(id));
        let mut items: Vec<usize> = entity
            .map(|e| rank(&kb, e, &Context::new(e, [])).into_iter().map(|c| c.item).collect())
            .unwrap_or_default();
        let by_id = typed.starts_with('Q') && typed[1..].bytes().all(|b| b.is_ascii_digit());
        if !typed.is_empty() {
            for item in kb.by_label_prefix(typed, COMPLETIONS) {
                if let Some(i) = kb.items.iter().position(|x| x.id == item.id)
                    && !items.contains(&i)
                {
                    items.push(i);
                }
            }
            if by_id {
                items.extend((0..kb.items.len()).filter(|&i| kb.items[i].id.starts_with(typed)));
                items.dedup();
            }
        }
        let range = pos.range(crate::analysis::Span::new(line_start + quote + 1, at));
        let list: Vec<lsp::CompletionItem> = items
            .into_iter()
            .take(COMPLETIONS)
            .enumerate()
            .map(|(rank, i)| {
                let item = &kb.items[i];
                lsp::CompletionItem {
                    label: format!("{} — {}", item.id, item.label),
                    kind: Some(lsp::CompletionItemKind::VALUE),
                    detail: (!item.description.is_empty()).then(|| item.description.clone()),
                    filter_text: Some(if by_id { item.id.clone() } else { item.label.clone() }),
                    sort_text: Some(format!("{rank:03}")),
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit { range, new_text: item.id.clone() })),
                    ..lsp::CompletionItem::default()
                }
            })
            .collect();
        (!list.is_empty())
            .then(|| lsp::CompletionResponse::List(lsp::CompletionList { is_incomplete: true, items: list }))
    }
}
