//! corpus-lsp: a language server and linter for annotating a corpus of news articles.
//!
//! Three rooms (see ARCHITECTURE.md): [`analysis`] is pure, [`server`] speaks
//! LSP, [`cli`] reads files and prints.

pub mod analysis;
pub mod cli;
pub mod server;
pub mod workspace;
