//! Presentation requests on the state: document highlights, document and
//! workspace symbols (and, below, semantic tokens and inlay hints). Each
//! calls one analysis function and converts its answer in [`super::proto`].

use std::path::PathBuf;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::position::{Positions, line_position, line_range, span_on_line};
use super::proto;
use super::state::State;
use crate::analysis::{inlay, navigation, semantic, symbols};

/// Workspace symbols answered at most.
const WORKSPACE_SYMBOLS: usize = 256;

impl State {
    /// The other uses, in the same file, of the entity or tag at `position`.
    pub fn highlights(&mut self, uri: &Uri, position: lsp::Position) -> Vec<lsp::DocumentHighlight> {
        let Some(located) = self.locate(uri, position) else { return Vec::new() };
        let Some(open) = self.docs.get(uri) else { return Vec::new() };
        let Some(file) = self.index.get(&open.key) else { return Vec::new() };
        let doc = &open.doc;
        navigation::references(file, &located.found.target)
            .into_iter()
            .filter(|&(line_no, _)| line_no < doc.line_count())
            .map(|(line_no, span)| proto::highlight(line_range(&doc.line(line_no), line_no, span, self.encoding)))
            .collect()
    }

    /// The outline of an open corpus document.
    pub fn document_symbols(&mut self, uri: &Uri) -> Vec<lsp::DocumentSymbol> {
        let Some(open) = self.docs.get(uri) else { return self.catalogue_symbols(uri).unwrap_or_default() };
        let Some(file) = self.index.get(&open.key) else { return Vec::new() };
        let doc = &open.doc;
        let groups = symbols::document_symbols(file, &doc.catalogue);
        let encoding = self.encoding;
        proto::document_symbols(groups, |line_no, span| {
            let line = doc.line(line_no.min(doc.line_count().saturating_sub(1)));
            (line_range(&line, line_no, span, encoding), span.of(&line).to_string())
        })
    }

    /// Entities and tags of every known catalogue matching `query`.
    pub fn workspace_symbols(&mut self, query: &str) -> Vec<lsp::WorkspaceSymbol> {
        let paths: Vec<PathBuf> = self.catalogues.paths().map(PathBuf::from).collect();
        let mut found = Vec::new();
        for path in paths {
            let entry = self.catalogues.entry(&path);
            let Some(good) = entry.good.clone() else { continue };
            let Some(catalogue) = good.catalogue.clone() else { continue };
            let Some(uri) = Uri::from_file_path(&path) else { continue };
            let rope = Rope::from_str(&good.text);
            let pos = Positions::new(&rope, self.encoding);
            for m in symbols::workspace_symbols(&catalogue, query) {
                let range = pos.range(m.span);
                found.push((m, uri.clone(), range));
            }
        }
        found.sort_by(|a, b| a.0.score.cmp(&b.0.score).then_with(|| a.0.name.cmp(&b.0.name)));
        found.truncate(WORKSPACE_SYMBOLS);
        found.into_iter().map(|(m, uri, range)| proto::workspace_symbol(m, uri, range)).collect()
    }

    /// The semantic tokens of an open corpus document, of the lines `range`
    /// reaches (all of them without one).
    pub fn semantic_tokens(&self, uri: &Uri, range: Option<lsp::Range>) -> Option<Vec<lsp::SemanticToken>> {
        let open = self.docs.get(uri)?;
        let doc = &open.doc;
        let last = doc.line_count().saturating_sub(1);
        let lines = match range {
            Some(r) => (r.start.line as usize).min(last)..=(r.end.line as usize).min(last),
            None => 0..=last,
        };
        let mut tokens = Vec::new();
        for line_no in lines {
            let line = doc.line(line_no);
            let analysis = doc.analysis(line_no)?;
            let within = range.and_then(|r| span_on_line(r, line_no, &line, self.encoding));
            for token in semantic::line_tokens(&line, analysis, &doc.catalogue) {
                if within.is_some_and(|w| !(token.span.start < w.end.max(w.start + 1) && w.start < token.span.end)) {
                    continue;
                }
                let start = line_position(&line, line_no, token.span.start, self.encoding);
                let end = line_position(&line, line_no, token.span.end, self.encoding);
                tokens.push((start, end.character - start.character, token));
            }
        }
        Some(proto::semantic_tokens(tokens))
    }

    /// The full semantic tokens of an open document with a new result id,
    /// kept for a later delta request.
    pub fn semantic_tokens_full(&mut self, uri: &Uri) -> Option<lsp::SemanticTokens> {
        let data = self.semantic_tokens(uri, None)?;
        self.next_result_id += 1;
        let result_id = format!("t{}", self.next_result_id);
        self.semantic_results.insert(uri.clone(), (result_id.clone(), data.clone()));
        Some(lsp::SemanticTokens { result_id: Some(result_id), data })
    }

    /// The tokens of an open document as an edit of the result `previous`
    /// (the whole tokens when that result is not the last one answered).
    pub fn semantic_tokens_delta(&mut self, uri: &Uri, previous: &str) -> Option<lsp::SemanticTokensFullDeltaResult> {
        let old = self.semantic_results.get(uri).filter(|(id, _)| id == previous).map(|(_, data)| data.clone());
        let new = self.semantic_tokens_full(uri)?;
        let Some(old) = old else { return Some(lsp::SemanticTokensFullDeltaResult::Tokens(new)) };
        Some(lsp::SemanticTokensFullDeltaResult::TokensDelta(lsp::SemanticTokensDelta {
            result_id: new.result_id,
            edits: proto::semantic_tokens_edits(&old, &new.data),
        }))
    }

    /// The inlay hints of an open corpus document in `range`, as the
    /// `inlayHints` setting chooses (none when off).
    pub fn inlay_hints(&self, uri: &Uri, range: lsp::Range) -> Vec<lsp::InlayHint> {
        let Some(open) = self.docs.get(uri).filter(|_| self.inlay_mode != inlay::InlayMode::Off) else {
            return Vec::new();
        };
        let doc = &open.doc;
        let last = doc.line_count().saturating_sub(1);
        let mut out = Vec::new();
        for line_no in (range.start.line as usize).min(last)..=(range.end.line as usize).min(last) {
            let line = doc.line(line_no);
            let Some(analysis) = doc.analysis(line_no) else { continue };
            for hint in inlay::line_hints(&line, analysis, &doc.catalogue, self.inlay_mode) {
                out.push(proto::inlay_hint(line_position(&line, line_no, hint.offset, self.encoding), hint.label));
            }
        }
        out
    }
}
