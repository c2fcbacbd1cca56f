//! The vectorised line scan (`analysis::scan`) on arbitrary bytes at every
//! alignment: every kernel this CPU runs marks exactly what the scalar one
//! does, and the marks are the bytes they stand for.
#![no_main]

use corpus_lsp::analysis::scan::{LineScan, kernels, scalar, scan_with_kernel};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Each offset shifts the line against the 64-byte blocks and memory alignment.
    for offset in 0..data.len().min(65) {
        let line = &data[offset..];
        let expected = scan_with_kernel(line, scalar);
        for (name, kernel) in kernels() {
            assert!(scan_with_kernel(line, kernel) == expected, "kernel {name} at offset {offset}");
        }
        assert!(LineScan::of(line) == expected);
        let mut i = 0;
        while let Some(k) = expected.next_markup(i) {
            assert!(matches!(line[k], b'[' | b']' | b'#' | b'\\'));
            assert!(line[i..k].iter().all(|b| !matches!(b, b'[' | b']' | b'#' | b'\\')));
            i = k + 1;
        }
        assert!(line[i.min(line.len())..].iter().all(|b| !matches!(b, b'[' | b']' | b'#' | b'\\')));
        let mut i = 0;
        while let Some(k) = expected.next_upper(i) {
            assert!(line[k].is_ascii_uppercase() || line[k] >= 0xC0);
            i = k + 1;
        }
        assert!(line[i.min(line.len())..].iter().all(|&b| !(b.is_ascii_uppercase() || b >= 0xC0)));
    }
});
