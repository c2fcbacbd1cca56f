//! The server's input filter on arbitrary bytes: it never panics, and every
//! frame it passes on to the LSP library is a well-framed JSON-RPC message.
#![no_main]

use corpus_lsp::server::transport::{check, filter_input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let (answers, _rx) = tokio::sync::mpsc::unbounded_channel();
    let mut passed = Vec::new();
    runtime.block_on(filter_input(bytes, &mut passed, answers));
    // Re-read what was passed on: Content-Length frames of valid messages only.
    let mut rest = &passed[..];
    while !rest.is_empty() {
        let header_end = rest.windows(4).position(|w| w == b"\r\n\r\n").expect("a header") + 4;
        let header = std::str::from_utf8(&rest[..header_end]).unwrap();
        let length: usize = header.trim().strip_prefix("Content-Length: ").unwrap().parse().unwrap();
        let body = &rest[header_end..header_end + length];
        assert!(check(body).is_none(), "passed on a malformed message");
        rest = &rest[header_end + length..];
    }
});
