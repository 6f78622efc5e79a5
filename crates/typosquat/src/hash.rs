//! A small, fast, non-cryptographic hash for the index (FxHash-style).
//!
//! The index only needs speed and a good spread: every hash hit is checked
//! again against the real names, so collisions cost time, never
//! correctness, and an attacker gains nothing by provoking them beyond a
//! bounded amount of extra verification work (postings are capped).

use std::hash::Hasher;

const K: u64 = 0xf135_7aea_2e62_a9c5;

/// Hashes a byte string.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = FxLike::default();
    h.write(bytes);
    h.finish()
}

/// FxHash-like hasher: rotate, xor, multiply, one 8-byte word at a time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxLike(u64);

impl FxLike {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxLike {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
        self.add(bytes.len() as u64);
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        // Keys that are already hashes: fold the high bits down so the
        // table's low bits are spread, and mix into the state like any
        // other word (earlier writes still count).
        self.add(n ^ (n >> 29));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differs_on_length_and_content() {
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abc\0"));
        assert_ne!(hash_bytes(b"abcdefgh"), hash_bytes(b"abcdefgi"));
        assert_eq!(hash_bytes(b"lodash"), hash_bytes(b"lodash"));
    }

    #[test]
    fn every_u64_written_counts() {
        let of = |words: &[u64]| {
            let mut h = FxLike::default();
            for &w in words {
                h.write_u64(w);
            }
            h.finish()
        };
        assert_ne!(of(&[1, 7]), of(&[2, 7]));
        assert_ne!(of(&[7]), of(&[3, 7]));
    }
}
