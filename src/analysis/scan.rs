//! One vectorised pass over a line's bytes that marks every byte the line
//! analysis stops at, so that the markup parser, the alias matcher and the
//! name finder's prefilter jump between marked bytes instead of each walking
//! the line again.
//!
//! Two bitmaps, one bit per byte of the line:
//! - `markup`: `[`, `]`, `#` and `\`, the bytes where markup can start or end
//!   (`{` and `}` matter only right after a `]` and inside an id, which the
//!   parser reads directly);
//! - `upper`: ASCII capitals and UTF-8 lead bytes (`0xC0..=0xFF`), the bytes
//!   where a catalogued alias or a capitalised word can start (a non-ASCII
//!   character is decoded by the consumer, which decides whether it is a
//!   capital).
//!
//! The bytes are classified 64 at a time: with AVX2 when the CPU has it
//! (detected once at run time), else SSE2 (always present on x86-64), else
//! (other targets, and under Miri) a scalar loop over the same 64-byte
//! blocks, which is the reference the vector paths are tested against.
//! NEON is not written: no aarch64 machine or target was at hand to test it,
//! and untested `unsafe` is worse than the scalar loop (64 bytes a block, no
//! early exit, so the compiler may vectorise it; not measured there).
//!
//! This is the crate's one module with `unsafe`: the `std::arch` intrinsics.
//! The invariant of every block is stated where it is.
#![allow(unsafe_code)]

/// `bytes` as a `String` when they are UTF-8, checked by `simdutf8` (SIMD,
/// several times `std`'s check on long text); else the length of the valid
/// prefix, as [`std::str::Utf8Error::valid_up_to`] gives it.
pub fn utf8_string(bytes: Vec<u8>) -> Result<String, usize> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just checked that `bytes` are valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        // (The slow path tells where: `simdutf8::basic` does not.)
        String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to())
    }
}

/// Calls `f` with the offset of every `\n` and `\r` of `bytes`, in order:
/// 32 bytes a compare with AVX2, 16 with SSE2, then the set bits (a text's
/// lines with one pass and no search restarted per line, which
/// `memchr2_iter` does: half an article's lines are the empty ones between
/// paragraphs).
pub fn for_each_break(bytes: &[u8], mut f: impl FnMut(usize)) {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        if is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2, `breaks_avx2`'s target feature.
            return unsafe { x86::breaks_avx2(bytes, &mut f) };
        }
        // SAFETY: SSE2 is part of the x86-64 baseline.
        unsafe { x86::breaks_sse2(bytes, &mut f) }
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    breaks_scalar(bytes, 0, &mut f)
}

/// [`for_each_break`] from `from`, one byte at a time: the reference, and
/// the vector paths' tail.
pub fn breaks_scalar(bytes: &[u8], from: usize, f: &mut impl FnMut(usize)) {
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        if b == b'\n' || b == b'\r' {
            f(k);
        }
    }
}

/// The marked bytes of one line. Reused line after line: [`LineScan::scan`]
/// only grows its buffers.
#[derive(Clone, Debug, Default)]
pub struct LineScan {
    markup: Vec<u64>,
    upper: Vec<u64>,
    /// Some byte is an ASCII capital.
    any_capital: bool,
    /// Some byte is a UTF-8 lead byte.
    any_lead: bool,
    /// Some byte is `[`, `]`, `#` or `\`.
    any_markup: bool,
    len: usize,
    /// The words of `markup` and `upper` that are this line's (the rest
    /// are an earlier, longer line's).
    blocks: usize,
}

/// The body of a scan of `$bytes` into `$scan` with the block kernel
/// `$kernel`: a macro, so that each vector kernel's line loop is compiled
/// inside a function with the kernel's target features and the kernel is
/// inlined into it (a call through a pointer per 64 bytes cost about as
/// much as the kernel itself).
macro_rules! scan_blocks {
    ($scan:expr, $bytes:expr, $kernel:expr) => {{
        let scan: &mut LineScan = $scan;
        let bytes: &[u8] = $bytes;
        let blocks = bytes.len().div_ceil(64);
        // The buffers only grow: the first `blocks` words are this line's.
        if scan.markup.len() < blocks {
            scan.markup.resize(blocks, 0);
            scan.upper.resize(blocks, 0);
        }
        scan.blocks = blocks;
        scan.len = bytes.len();
        let (mut capital, mut lead, mut markup) = (0u64, 0u64, 0u64);
        let mut chunks = bytes.chunks_exact(64);
        for ((chunk, m_out), u_out) in (&mut chunks).zip(scan.markup.iter_mut()).zip(scan.upper.iter_mut()) {
            let block: &[u8; 64] = chunk.try_into().expect("64 bytes");
            let m = $kernel(block);
            *m_out = m.markup;
            *u_out = m.capital | m.lead;
            capital |= m.capital;
            lead |= m.lead;
            markup |= m.markup;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let m = if bytes.len() >= 64 {
                // The line's last 64 bytes, shifted so that bit 0 is the tail's first byte.
                let block: &[u8; 64] = bytes[bytes.len() - 64..].try_into().expect("64 bytes");
                let m = $kernel(block);
                let shift = 64 - rest.len();
                BlockMasks { markup: m.markup >> shift, capital: m.capital >> shift, lead: m.lead >> shift }
            } else {
                // A short line, padded with spaces (which mark nothing).
                let mut block = [b' '; 64];
                block[..rest.len()].copy_from_slice(rest);
                $kernel(&block)
            };
            scan.markup[blocks - 1] = m.markup;
            scan.upper[blocks - 1] = m.capital | m.lead;
            capital |= m.capital;
            lead |= m.lead;
            markup |= m.markup;
        }
        scan.any_capital = capital != 0;
        scan.any_lead = lead != 0;
        scan.any_markup = markup != 0;
    }};
}

/// The three masks of one 64-byte block: bit `k` is byte `k`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlockMasks {
    pub markup: u64,
    pub capital: u64,
    pub lead: u64,
}

impl LineScan {
    /// A scan of `bytes`.
    pub fn of(bytes: &[u8]) -> LineScan {
        let mut scan = LineScan::default();
        scan.scan(bytes);
        scan
    }

    /// Marks the bytes of `bytes`, replacing the last line's marks.
    pub fn scan(&mut self, bytes: &[u8]) {
        line_scanner()(self, bytes);
    }

    fn scan_with(&mut self, bytes: &[u8], kernel: Kernel) {
        scan_blocks!(self, bytes, kernel);
    }

    /// The length of the line scanned.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Some byte is `[`, `]`, `#` or `\`.
    pub fn any_markup(&self) -> bool {
        self.any_markup
    }

    /// Some byte is an ASCII capital.
    pub fn any_capital(&self) -> bool {
        self.any_capital
    }

    /// Some byte is not ASCII.
    pub fn any_non_ascii(&self) -> bool {
        self.any_lead
    }

    /// The first `[`, `]`, `#` or `\` at or after `from`.
    #[inline]
    pub fn next_markup(&self, from: usize) -> Option<usize> {
        next_bit(&self.markup[..self.blocks], from)
    }

    /// The first ASCII capital or UTF-8 lead byte at or after `from`.
    #[inline]
    pub fn next_upper(&self, from: usize) -> Option<usize> {
        next_bit(&self.upper[..self.blocks], from)
    }
}

/// The first set bit at or after `from`.
#[inline]
fn next_bit(bits: &[u64], from: usize) -> Option<usize> {
    let mut w = from / 64;
    let mut m = *bits.get(w)? & (!0u64 << (from % 64));
    loop {
        if m != 0 {
            return Some(w * 64 + m.trailing_zeros() as usize);
        }
        w += 1;
        m = *bits.get(w)?;
    }
}

/// Classifies one block of 64 bytes.
pub type Kernel = fn(&[u8; 64]) -> BlockMasks;

/// A whole line's scan with one kernel (see [`scan_blocks`]).
type LineScanner = fn(&mut LineScan, &[u8]);

/// The line scan of the fastest kernel this CPU runs, chosen once.
fn line_scanner() -> LineScanner {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        use std::sync::OnceLock;
        static CHOSEN: OnceLock<LineScanner> = OnceLock::new();
        *CHOSEN.get_or_init(|| if is_x86_feature_detected!("avx2") { x86::avx2_line } else { x86::sse2_line })
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    {
        |scan, bytes| scan.scan_with(bytes, scalar)
    }
}

/// A scan of a line's bytes.
pub type ScanOf = fn(&[u8]) -> LineScan;

/// Every line scanner this CPU can run, by name: for the tests, which
/// compare them with the scalar kernel's scan.
pub fn line_scanners() -> Vec<(&'static str, ScanOf)> {
    let mut all: Vec<(&'static str, ScanOf)> = vec![("chosen", LineScan::of)];
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        all.push(("sse2", |bytes| {
            let mut scan = LineScan::default();
            x86::sse2_line(&mut scan, bytes);
            scan
        }));
        if is_x86_feature_detected!("avx2") {
            all.push(("avx2", |bytes| {
                let mut scan = LineScan::default();
                x86::avx2_line(&mut scan, bytes);
                scan
            }));
        }
    }
    all
}

/// The reference kernel: one byte at a time.
pub fn scalar(block: &[u8; 64]) -> BlockMasks {
    let mut m = BlockMasks::default();
    for (k, &b) in block.iter().enumerate() {
        m.markup |= u64::from(matches!(b, b'[' | b']' | b'#' | b'\\')) << k;
        m.capital |= u64::from(b.is_ascii_uppercase()) << k;
        m.lead |= u64::from(b >= 0xC0) << k;
    }
    m
}

/// Every kernel this CPU can run, by name (the scalar one first): for the
/// tests and the fuzz target, which compare them.
pub fn kernels() -> Vec<(&'static str, Kernel)> {
    let mut all: Vec<(&'static str, Kernel)> = vec![("scalar", scalar)];
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        all.push(("sse2", x86::sse2));
        if is_x86_feature_detected!("avx2") {
            all.push(("avx2", x86::avx2));
        }
    }
    all
}

/// A scan of `bytes` with the named kernel (see [`kernels`]): for the tests.
pub fn scan_with_kernel(bytes: &[u8], kernel: Kernel) -> LineScan {
    let mut scan = LineScan::default();
    scan.scan_with(bytes, kernel);
    scan
}

impl PartialEq for LineScan {
    fn eq(&self, other: &Self) -> bool {
        self.markup[..self.blocks] == other.markup[..other.blocks]
            && self.upper[..self.blocks] == other.upper[..other.blocks]
            && self.any_capital == other.any_capital
            && self.any_lead == other.any_lead
            && self.any_markup == other.any_markup
            && self.len == other.len
    }
}

impl Eq for LineScan {}

#[cfg(all(target_arch = "x86_64", not(miri)))]
mod x86 {
    use std::arch::x86_64::*;

    use super::{BlockMasks, LineScan};

    /// A line's scan with the SSE2 kernel inlined.
    pub fn sse2_line(scan: &mut LineScan, bytes: &[u8]) {
        // SAFETY: SSE2 is part of the x86-64 baseline: `sse2_line_impl`'s
        // target feature is always present.
        unsafe { sse2_line_impl(scan, bytes) }
    }

    /// A line's scan with the AVX2 kernel inlined; only chosen (and only
    /// listed by `line_scanners`) after `is_x86_feature_detected!("avx2")`.
    pub fn avx2_line(scan: &mut LineScan, bytes: &[u8]) {
        // SAFETY: this function is only handed out by `line_scanner()` and
        // `line_scanners()` when `is_x86_feature_detected!("avx2")` said the
        // CPU has AVX2.
        unsafe { avx2_line_impl(scan, bytes) }
    }

    #[target_feature(enable = "sse2")]
    unsafe fn sse2_line_impl(scan: &mut LineScan, bytes: &[u8]) {
        // SAFETY (each block): this function runs with SSE2 enabled, the
        // feature `sse2_impl` needs; `block` is 64 readable bytes.
        scan_blocks!(scan, bytes, |block| unsafe { sse2_impl(block) });
    }

    #[target_feature(enable = "avx2")]
    unsafe fn avx2_line_impl(scan: &mut LineScan, bytes: &[u8]) {
        // SAFETY (each block): this function runs with AVX2 enabled (see
        // `avx2_line`), the feature `avx2_impl` needs; `block` is 64 readable bytes.
        scan_blocks!(scan, bytes, |block| unsafe { avx2_impl(block) });
    }

    /// SSE2, which every x86-64 CPU has.
    pub fn sse2(block: &[u8; 64]) -> BlockMasks {
        // SAFETY: SSE2 is part of the x86-64 baseline, so `sse2_impl`'s target
        // feature is always present; `block` is 64 readable bytes.
        unsafe { sse2_impl(block) }
    }

    /// AVX2; only chosen (and only listed by `kernels`) after
    /// `is_x86_feature_detected!("avx2")`.
    pub fn avx2(block: &[u8; 64]) -> BlockMasks {
        // SAFETY: this function is only handed out by `kernel()` and
        // `kernels()` when `is_x86_feature_detected!("avx2")` said the CPU has
        // AVX2; `block` is 64 readable bytes.
        unsafe { avx2_impl(block) }
    }

    /// [`super::for_each_break`] with AVX2; the caller checked that the CPU has it.
    #[target_feature(enable = "avx2")]
    pub unsafe fn breaks_avx2(bytes: &[u8], f: &mut impl FnMut(usize)) {
        let (nl, cr) = (_mm256_set1_epi8(b'\n' as i8), _mm256_set1_epi8(b'\r' as i8));
        let mut i = 0;
        while i + 64 <= bytes.len() {
            // SAFETY: `i + 64 <= bytes.len()`: the 64 bytes read are inside
            // `bytes`; `loadu` has no alignment requirement.
            let (a, b) = unsafe {
                let p = bytes.as_ptr().add(i);
                (_mm256_loadu_si256(p.cast::<__m256i>()), _mm256_loadu_si256(p.add(32).cast::<__m256i>()))
            };
            let breaks = |v| _mm256_or_si256(_mm256_cmpeq_epi8(v, nl), _mm256_cmpeq_epi8(v, cr));
            let mut m = u64::from(_mm256_movemask_epi8(breaks(a)) as u32)
                | (u64::from(_mm256_movemask_epi8(breaks(b)) as u32) << 32);
            while m != 0 {
                f(i + m.trailing_zeros() as usize);
                m &= m - 1;
            }
            i += 64;
        }
        super::breaks_scalar(bytes, i, f);
    }

    /// [`super::for_each_break`] with SSE2.
    #[target_feature(enable = "sse2")]
    pub unsafe fn breaks_sse2(bytes: &[u8], f: &mut impl FnMut(usize)) {
        let (nl, cr) = (_mm_set1_epi8(b'\n' as i8), _mm_set1_epi8(b'\r' as i8));
        let mut i = 0;
        while i + 16 <= bytes.len() {
            // SAFETY: `i + 16 <= bytes.len()`: the 16 bytes read are inside
            // `bytes`; `loadu` has no alignment requirement.
            let v = unsafe { _mm_loadu_si128(bytes.as_ptr().add(i).cast::<__m128i>()) };
            let mut m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, cr))) as u32;
            while m != 0 {
                f(i + m.trailing_zeros() as usize);
                m &= m - 1;
            }
            i += 16;
        }
        super::breaks_scalar(bytes, i, f);
    }

    #[target_feature(enable = "sse2")]
    #[inline]
    unsafe fn sse2_impl(block: &[u8; 64]) -> BlockMasks {
        let mut out = BlockMasks::default();
        for part in 0..4 {
            // SAFETY: `part * 16 + 16 <= 64`: the 16 bytes read are inside
            // `block`; `loadu` has no alignment requirement.
            let v = unsafe { _mm_loadu_si128(block.as_ptr().add(part * 16).cast::<__m128i>()) };
            let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            let markup = _mm_or_si128(_mm_or_si128(eq(b'['), eq(b']')), _mm_or_si128(eq(b'#'), eq(b'\\')));
            // `b - 'A' < 26` unsigned, as a signed comparison after flipping the top bit.
            let shifted = _mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8(b'A' as i8)), _mm_set1_epi8(i8::MIN));
            let capital = _mm_cmplt_epi8(shifted, _mm_set1_epi8(i8::MIN + 26));
            // `b >= 0xC0` unsigned: `max(b, 0xC0) == b`.
            let lead = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0xC0_u8 as i8)), v);
            let shift = part * 16;
            out.markup |= u64::from(_mm_movemask_epi8(markup) as u16) << shift;
            out.capital |= u64::from(_mm_movemask_epi8(capital) as u16) << shift;
            out.lead |= u64::from(_mm_movemask_epi8(lead) as u16) << shift;
        }
        out
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn avx2_impl(block: &[u8; 64]) -> BlockMasks {
        let mut out = BlockMasks::default();
        for part in 0..2 {
            // SAFETY: `part * 32 + 32 <= 64`: the 32 bytes read are inside
            // `block`; `loadu` has no alignment requirement.
            let v = unsafe { _mm256_loadu_si256(block.as_ptr().add(part * 32).cast::<__m256i>()) };
            let eq = |c: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c as i8));
            let markup = _mm256_or_si256(_mm256_or_si256(eq(b'['), eq(b']')), _mm256_or_si256(eq(b'#'), eq(b'\\')));
            let shifted = _mm256_xor_si256(_mm256_sub_epi8(v, _mm256_set1_epi8(b'A' as i8)), _mm256_set1_epi8(i8::MIN));
            let capital = _mm256_cmpgt_epi8(_mm256_set1_epi8(i8::MIN + 26), shifted);
            let lead = _mm256_cmpeq_epi8(_mm256_max_epu8(v, _mm256_set1_epi8(0xC0_u8 as i8)), v);
            let shift = part * 32;
            out.markup |= u64::from(_mm256_movemask_epi8(markup) as u32) << shift;
            out.capital |= u64::from(_mm256_movemask_epi8(capital) as u32) << shift;
            out.lead |= u64::from(_mm256_movemask_epi8(lead) as u32) << shift;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Bytes biased to the ones the kernels mark and their neighbours.
    fn byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            4 => proptest::sample::select(b"[]{}#\\@AZaz`_ \n\r\x7f".to_vec()),
            2 => 0x80u8..=0xff,
            1 => proptest::sample::select(vec![0xbfu8, 0xc0, 0xc1, 0x40, 0x41, 0x5a, 0x5b, 0x00]),
            2 => any::<u8>(),
        ]
    }

    /// The marks as the scan's users see them, one byte at a time.
    fn reference(bytes: &[u8]) -> (Vec<usize>, Vec<usize>, bool, bool) {
        let markup = (0..bytes.len()).filter(|&k| matches!(bytes[k], b'[' | b']' | b'#' | b'\\')).collect();
        let upper = (0..bytes.len()).filter(|&k| bytes[k].is_ascii_uppercase() || bytes[k] >= 0xC0).collect();
        (markup, upper, bytes.iter().any(u8::is_ascii_uppercase), bytes.iter().any(|&b| b >= 0xC0))
    }

    fn walk(next: impl Fn(usize) -> Option<usize>) -> Vec<usize> {
        let mut found = Vec::new();
        let mut i = 0;
        while let Some(k) = next(i) {
            found.push(k);
            i = k + 1;
        }
        found
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Every kernel marks exactly what the scalar one does, at every
        /// length 0..200 and every alignment of the line in memory.
        #[test]
        fn vector_kernels_match_the_scalar_one(
            bytes in proptest::collection::vec(byte(), 0..200),
            offset in 0usize..64,
        ) {
            let mut buffer = vec![b'x'; offset];
            buffer.extend_from_slice(&bytes);
            let line = &buffer[offset..];
            let expected = scan_with_kernel(line, scalar);
            let (markup, upper, capital, lead) = reference(line);
            prop_assert_eq!(walk(|i| expected.next_markup(i)), markup);
            prop_assert_eq!(walk(|i| expected.next_upper(i)), upper);
            prop_assert_eq!(expected.any_capital(), capital);
            prop_assert_eq!(expected.any_non_ascii(), lead);
            for (name, kernel) in kernels() {
                prop_assert_eq!(&scan_with_kernel(line, kernel), &expected, "kernel {}", name);
            }
            for (name, scanner) in line_scanners() {
                prop_assert_eq!(&scanner(line), &expected, "line scanner {}", name);
            }
            // A scan reused after a longer line, every byte of it marked.
            let mut reused = LineScan::of(&b"[A\xc3".repeat(100));
            reused.scan(line);
            prop_assert_eq!(&reused, &expected);
            prop_assert_eq!(walk(|i| reused.next_markup(i)), walk(|i| expected.next_markup(i)));
            prop_assert_eq!(walk(|i| reused.next_upper(i)), walk(|i| expected.next_upper(i)));
            prop_assert_eq!(reused.any_markup(), !walk(|i| expected.next_markup(i)).is_empty());
        }
    }

    proptest::proptest! {
        /// Every vector path finds the line breaks the scalar one does, at
        /// every length and alignment.
        #[test]
        fn breaks_as_scalar(bytes in proptest::collection::vec(byte(), 0..200), offset in 0usize..32) {
            let mut buffer = vec![b'\n'; offset];
            buffer.extend_from_slice(&bytes);
            let text = &buffer[offset..];
            let mut expected = Vec::new();
            breaks_scalar(text, 0, &mut |k| expected.push(k));
            prop_assert_eq!(&expected, &(0..text.len()).filter(|&k| matches!(text[k], b'\n' | b'\r')).collect::<Vec<_>>());
            let mut found = Vec::new();
            for_each_break(text, |k| found.push(k));
            prop_assert_eq!(&found, &expected);
            #[cfg(all(target_arch = "x86_64", not(miri)))]
            {
                let mut sse2 = Vec::new();
                // SAFETY: SSE2 is part of the x86-64 baseline.
                unsafe { x86::breaks_sse2(text, &mut |k| sse2.push(k)) };
                prop_assert_eq!(&sse2, &expected);
            }
        }

        /// The SIMD UTF-8 check agrees with `std`'s, the valid prefix included.
        #[test]
        fn utf8_as_std_checks_it(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300), ascii in 0usize..100) {
            let mut text = vec![b'a'; ascii];
            text.extend_from_slice(&bytes);
            let std = String::from_utf8(text.clone()).map_err(|e| e.utf8_error().valid_up_to());
            prop_assert_eq!(utf8_string(text), std);
        }
    }

    #[test]
    fn next_from_anywhere() {
        let line = b"a [b]{c} #d \\x Caf\xc3\xa9 Z";
        let scan = LineScan::of(line);
        assert_eq!(scan.next_markup(0), Some(2));
        assert_eq!(scan.next_markup(3), Some(4));
        assert_eq!(scan.next_markup(5), Some(9));
        assert_eq!(scan.next_markup(10), Some(12));
        assert_eq!(scan.next_markup(13), None);
        assert_eq!(scan.next_upper(0), Some(15));
        assert_eq!(scan.next_upper(16), Some(18));
        assert_eq!(scan.next_upper(19), Some(21));
        assert_eq!(scan.next_upper(22), None);
        assert_eq!(scan.next_upper(1000), None);
        assert!(LineScan::of(b"").next_markup(0).is_none());
    }
}
