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
    len: usize,
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
        self.scan_with(bytes, kernel());
    }

    fn scan_with(&mut self, bytes: &[u8], kernel: Kernel) {
        let blocks = bytes.len().div_ceil(64);
        self.markup.clear();
        self.upper.clear();
        self.markup.reserve(blocks);
        self.upper.reserve(blocks);
        self.len = bytes.len();
        let (mut capital, mut lead) = (0u64, 0u64);
        let mut chunks = bytes.chunks_exact(64);
        for chunk in &mut chunks {
            let block: &[u8; 64] = chunk.try_into().expect("64 bytes");
            let m = kernel(block);
            self.markup.push(m.markup);
            self.upper.push(m.capital | m.lead);
            capital |= m.capital;
            lead |= m.lead;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The tail, padded with spaces (which mark nothing).
            let mut block = [b' '; 64];
            block[..rest.len()].copy_from_slice(rest);
            let m = kernel(&block);
            self.markup.push(m.markup);
            self.upper.push(m.capital | m.lead);
            capital |= m.capital;
            lead |= m.lead;
        }
        self.any_capital = capital != 0;
        self.any_lead = lead != 0;
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
        self.markup.iter().any(|&m| m != 0)
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
        next_bit(&self.markup, from)
    }

    /// The first ASCII capital or UTF-8 lead byte at or after `from`.
    #[inline]
    pub fn next_upper(&self, from: usize) -> Option<usize> {
        next_bit(&self.upper, from)
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

/// The fastest kernel this CPU runs, chosen once.
fn kernel() -> Kernel {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        use std::sync::OnceLock;
        static CHOSEN: OnceLock<Kernel> = OnceLock::new();
        *CHOSEN.get_or_init(|| if is_x86_feature_detected!("avx2") { x86::avx2 } else { x86::sse2 })
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    {
        scalar
    }
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
        self.markup == other.markup
            && self.upper == other.upper
            && self.any_capital == other.any_capital
            && self.any_lead == other.any_lead
            && self.len == other.len
    }
}

impl Eq for LineScan {}

#[cfg(all(target_arch = "x86_64", not(miri)))]
mod x86 {
    use std::arch::x86_64::*;

    use super::BlockMasks;

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

    #[target_feature(enable = "sse2")]
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
            4 => proptest::sample::select(b"[]{}#\\@AZaz`_ \n\x7f".to_vec()),
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
            prop_assert_eq!(&LineScan::of(line), &expected);
        }
    }

    proptest::proptest! {
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
