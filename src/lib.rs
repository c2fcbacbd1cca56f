//! corpus-lsp: a language server and linter for annotating a corpus of news articles.
//!
//! Three rooms (see ARCHITECTURE.md): [`analysis`] is pure, [`server`] speaks
//! LSP, [`cli`] reads files and prints.

// `unsafe` lives in one module only: `analysis::scan` (its `std::arch` intrinsics).
#![deny(unsafe_code)]

pub mod analysis;
pub mod cli;
pub mod server;
pub mod workspace;
