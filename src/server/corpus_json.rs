//! `corpus.json` served as a document: hover on an entry (the card a
//! mention shows), completion of tag ids and kinds, code lenses with usage
//! counts (resolved lazily: a lens's command carries the reference
//! locations), the outline, and the `unused-entity` / `unused-tag` hints.
//!
//! The catalogue's text is its latest one (an open buffer's, else the
//! disk's); usage counts come from the workspace index over the files the
//! catalogue governs. The analysis is in `analysis::catalogue_doc`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use serde_json::json;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::catalogues::is_catalogue_path;
use super::position::{Positions, line_text};
use super::proto;
use super::state::{State, defer_documentation, uri_path};
use crate::analysis::catalogue_doc::{self, CorpusCounts, EntryUsage};
use crate::analysis::navigation::{self, Target};
use crate::analysis::{Catalogue, TextEdit, hover};
use crate::workspace::CatalogueFile;

/// The command a lens runs: show `arguments[2]` (locations) as the references
/// of `arguments[0]` (uri) at `arguments[1]` (position). The VS Code
/// extension maps it to `editor.action.showReferences`.
pub const SHOW_REFERENCES: &str = "corpus-lsp.showReferences";

impl State {
    /// The path and latest load of the `corpus.json` at `uri`.
    fn catalogue_document(&mut self, uri: &Uri) -> Option<(PathBuf, Arc<CatalogueFile>)> {
        let path = uri_path(uri).filter(|p| is_catalogue_path(p))?;
        let latest = self.catalogues.entry(&path).latest.clone();
        Some((path, latest))
    }

    /// How the files governed by the catalogue at `path` use its entries.
    pub fn catalogue_counts(&mut self, path: &Path) -> CorpusCounts {
        let keys = self.corpus_keys(Some(path));
        CorpusCounts::of(keys.iter().filter_map(|k| self.index.get(k)))
    }

    /// The usage of one entry (without summing the others).
    fn entry_usage(&mut self, path: &Path, target: &Target) -> EntryUsage {
        let keys = self.corpus_keys(Some(path));
        let mut out = EntryUsage::default();
        for file in keys.iter().filter_map(|k| self.index.get(k)) {
            let (mentions, annotated) = match target {
                Target::Entity(id) => {
                    let u = file.entity_usage(id);
                    (u.total(), u.annotated)
                }
                Target::Tag(id) => (file.tag_uses(id), file.tag_uses(id)),
            };
            out.mentions += mentions;
            out.annotated += annotated;
            out.files += usize::from(mentions > 0);
        }
        out
    }

    /// Hover on an entry's id (or a tag named in an entity's `"tags"`).
    pub fn catalogue_hover(&mut self, uri: &Uri, position: lsp::Position) -> Option<lsp::Hover> {
        let (_, latest) = self.catalogue_document(uri)?;
        let catalogue = latest.catalogue.clone()?;
        let rope = Rope::from_str(&latest.text);
        let pos = Positions::new(&rope, self.encoding);
        let found = navigation::catalogue_target_at(&latest.text, &catalogue, pos.offset(position))?;
        let markdown = match &found.target {
            Target::Entity(id) => hover::entity_card(catalogue.entity(id)?, &catalogue, &self.index),
            Target::Tag(id) => hover::tag_card(catalogue.tag(id)?, &catalogue, &self.index),
        };
        Some(proto::hover_markdown(markdown, pos.range(found.span), self.caps.hover_markdown))
    }

    /// Tag ids inside an entity's `"tags"`, kinds after `"kind":`.
    pub fn catalogue_completion(&mut self, uri: &Uri, position: lsp::Position) -> Option<lsp::CompletionResponse> {
        if let Some(ids) = self.wikidata_completion(uri, position) {
            return Some(ids);
        }
        let (path, latest) = self.catalogue_document(uri)?;
        // While typing the text rarely parses: the tags are the last good catalogue's.
        let good = self.catalogues.entry(&path).good.as_ref().and_then(|g| g.catalogue.clone());
        let empty = Catalogue::new(Vec::new(), Vec::new());
        let catalogue: &Catalogue = good.as_deref().unwrap_or(&empty);
        let rope = Rope::from_str(&latest.text);
        let offset = Positions::new(&rope, self.encoding).offset(position);
        let mut found = catalogue_doc::complete(&latest.text, offset, catalogue);
        if found.items.is_empty() {
            return None;
        }
        let line_no = rope.byte_to_line(offset);
        let start = rope.line_to_byte(line_no);
        for item in &mut found.items {
            let TextEdit { span, .. } = &mut item.edit;
            *span = crate::analysis::Span::new(span.start - start, span.end - start);
        }
        let targets: Vec<(bool, String)> =
            found.items.iter().map(|i| (i.kind == crate::analysis::completion::ItemKind::Tag, i.id.clone())).collect();
        let line = line_text(&rope, line_no);
        let mut list = proto::completions(found, &line, line_no, self.encoding, self.caps.completion);
        defer_documentation(&mut list, uri, targets);
        Some(list)
    }

    /// A lens on each entity's and tag's `"id"`, resolved later.
    pub fn code_lenses(&mut self, uri: &Uri) -> Vec<lsp::CodeLens> {
        let Some((_, latest)) = self.catalogue_document(uri) else { return Vec::new() };
        let Some(catalogue) = latest.catalogue.clone() else { return Vec::new() };
        let rope = Rope::from_str(&latest.text);
        let pos = Positions::new(&rope, self.encoding);
        let lens = |span, id: &str, tag: bool| lsp::CodeLens {
            range: pos.range(span),
            command: None,
            data: Some(json!({"uri": uri.as_str(), "id": id, "tag": tag})),
        };
        let entities = catalogue.entities.iter().map(|e| lens(e.id_span, &e.id, false));
        entities.chain(catalogue.tags.iter().map(|t| lens(t.id_span, &t.id, true))).collect()
    }

    /// The lens's title ("N mentions (M annotated) in K files") and its
    /// command with the reference locations.
    pub fn resolve_code_lens(&mut self, mut lens: lsp::CodeLens) -> lsp::CodeLens {
        let Some(data) = lens.data.as_ref() else { return lens };
        let (Some(uri), Some(id)) = (data["uri"].as_str().and_then(|u| u.parse::<Uri>().ok()), data["id"].as_str())
        else {
            return lens;
        };
        let target =
            if data["tag"].as_bool().unwrap_or(false) { Target::Tag(id.into()) } else { Target::Entity(id.into()) };
        let Some(path) = uri_path(&uri) else { return lens };
        let usage = self.entry_usage(&path, &target);
        let locations = self.references(&uri, lens.range.start, false);
        lens.command = Some(lsp::Command {
            title: catalogue_doc::lens_title(usage),
            command: SHOW_REFERENCES.into(),
            arguments: Some(vec![json!(uri.as_str()), json!(lens.range.start), json!(locations)]),
        });
        lens
    }

    /// The outline of a `corpus.json`: entities by kind, then tags.
    pub fn catalogue_symbols(&mut self, uri: &Uri) -> Option<Vec<lsp::DocumentSymbol>> {
        let (_, latest) = self.catalogue_document(uri)?;
        let catalogue = latest.catalogue.clone()?;
        let rope = Rope::from_str(&latest.text);
        let pos = Positions::new(&rope, self.encoding);
        Some(proto::catalogue_symbols(catalogue_doc::outline(&catalogue), |span| pos.range(span)))
    }

    /// `unused-entity` / `unused-tag` on the catalogue at `path`, over the
    /// latest text (none until the workspace is indexed, or while it has errors).
    pub fn unused_diagnostics(&mut self, path: &Path, pos: &Positions) -> Vec<lsp::Diagnostic> {
        if !self.indexed {
            return Vec::new();
        }
        let Some(catalogue) = self.catalogues.get(path).and_then(|e| e.latest.catalogue.clone()) else {
            return Vec::new();
        };
        let severities = catalogue.severities.merged(&self.settings);
        let counts = self.catalogue_counts(path);
        catalogue_doc::unused(&catalogue, &counts, &severities).iter().map(|d| proto::diagnostic(pos, d)).collect()
    }
}
