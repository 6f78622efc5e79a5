//! The English word list: every lower-case ASCII word of 4 to 12 letters in
//! Debian's `wamerican` 2020.12.07 word list (SCOWL), sorted and
//! deduplicated (`data/english-words.txt`). Detectors use it to tell
//! ordinary words from made-up ones: a typosquat check asks names made of
//! dictionary words for stronger evidence, and a name of random letters
//! holds none.
//!
//! ```
//! use baitwatch_text::english::{contains_english_word, is_english_word};
//! assert!(is_english_word("article"));
//! assert!(!is_english_word("reqeusts"));
//! assert!(contains_english_word("bhclustering"));
//! assert!(!contains_english_word("qzvkxdpwmbjy"));
//! ```

use std::sync::OnceLock;

const ENGLISH: &str = include_str!("../data/english-words.txt");

/// True when `word` is in the English word list. The list is sorted, so
/// this is a binary search of the lines that start with the word's first
/// two letters (about 90); where the lines start is found on first use,
/// in one pass over the text (a fraction of a millisecond; a hash set of
/// the 60,000 words took 4 to 15 ms to build, at the first check of a name
/// that looks like a squat).
pub fn is_english_word(word: &str) -> bool {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| Words::new(ENGLISH)).contains(word)
}

/// A sorted word list, one word a line, indexed for binary search.
struct Words {
    text: &'static str,
    /// Where each line starts, then one past the end of the last line's
    /// line feed (present or not), so line `i` ends at `starts[i + 1] - 1`.
    starts: Vec<u32>,
    /// For each pair of lower-case letters `xy` (at `26 x + y`), the first
    /// line not before `xy`; the number of lines at the end.
    pairs: Vec<u32>,
}

impl Words {
    fn new(text: &'static str) -> Words {
        let mut starts = Vec::with_capacity(text.len() / 8);
        if !text.is_empty() {
            starts.push(0);
        }
        // A byte loop: a searcher call per short line costs several times
        // more.
        for (i, &b) in (1u32..).zip(text.as_bytes()) {
            if b == b'\n' && (i as usize) < text.len() {
                starts.push(i);
            }
        }
        let end = text.len() + usize::from(!text.ends_with('\n'));
        starts.push(u32::try_from(end).unwrap_or(u32::MAX));
        let mut words = Words {
            text,
            starts,
            pairs: Vec::new(),
        };
        let n = words.len();
        words.pairs = (b'a'..=b'z')
            .flat_map(|x| (b'a'..=b'z').map(move |y| [x, y]))
            .map(|pair| partition_point(0, n, |i| words.line(i).as_bytes() < &pair[..]))
            .chain([n])
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        words
    }

    /// The number of lines.
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn line(&self, i: usize) -> &'static str {
        let start = self.starts.get(i).map_or(0, |&s| s as usize);
        let end = self
            .starts
            .get(i + 1)
            .map_or(0, |&e| (e as usize).saturating_sub(1));
        self.text.get(start..end).unwrap_or_default()
    }

    fn contains(&self, word: &str) -> bool {
        let (lo, hi) = match word.as_bytes() {
            [x @ b'a'..=b'z', y @ b'a'..=b'z', ..] => {
                let pair = usize::from(x - b'a') * 26 + usize::from(y - b'a');
                let at = |p: usize| self.pairs.get(p).map_or(0, |&i| i as usize);
                (at(pair), at(pair + 1))
            }
            _ => (0, self.len()),
        };
        let at = partition_point(lo, hi, |i| self.line(i) < word);
        at < hi && self.line(at) == word
    }
}

/// The first of `lo..hi` for which `before` is false (`hi` if none), when
/// it is true for a prefix of the range.
fn partition_point(mut lo: usize, mut hi: usize, before: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// True when some run of 4 or more letters of `text` (read as ASCII
/// lower-case letters; other bytes break runs) is a word of the list.
/// Quadratic in the length of each letter run, so runs over 64 letters
/// are only checked at their first 64 letters.
pub fn contains_english_word(text: &str) -> bool {
    let mut lower = [0u8; 64];
    text.as_bytes()
        .split(|b| !b.is_ascii_alphabetic())
        .any(|run| {
            let n = run.len().min(lower.len());
            for (l, b) in lower.iter_mut().zip(run) {
                *l = b.to_ascii_lowercase();
            }
            let Some(run) = lower.get(..n) else {
                return false;
            };
            (0..n).any(|i| {
                (i + 4..=n.min(i + 12)).any(|j| {
                    run.get(i..j)
                        .and_then(|w| std::str::from_utf8(w).ok())
                        .is_some_and(is_english_word)
                })
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        for (w, want) in [
            ("article", true),
            ("particle", true),
            ("spare", true),
            ("abbey", true),
            ("zygote", true),
            ("reqeusts", false),
            ("", false),
            ("zzzzzz", false),
            ("aaaa", false),
        ] {
            assert_eq!(is_english_word(w), want, "{w}");
        }
        let all: std::collections::HashSet<&str> = ENGLISH.lines().collect();
        for w in ENGLISH.lines().step_by(3) {
            assert!(is_english_word(w), "{w}");
            for other in [
                format!("{w}q"),
                format!("a{w}"),
                w[..w.len() - 1].to_string(),
            ] {
                assert_eq!(
                    is_english_word(&other),
                    all.contains(other.as_str()),
                    "{other}"
                );
            }
        }
        // Other shapes of list: no final line feed, empty, a non-letter.
        for text in ["ab\nabc\nb\nzz", "", "a\n", "1x\nab\n"] {
            let w = Words::new(text);
            let lines: Vec<&str> = text.lines().collect();
            for probe in ["", "a", "ab", "abc", "abd", "b", "zz", "z", "1x", "ac"] {
                assert_eq!(
                    w.contains(probe),
                    lines.contains(&probe),
                    "{text:?} {probe}"
                );
            }
        }
    }

    #[test]
    fn list_is_sorted_unique_lower_case_4_to_12() {
        let words: Vec<&str> = ENGLISH.lines().collect();
        assert!(words.len() > 50_000);
        assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert!(
            words
                .iter()
                .all(|w| (4..=12).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }

    #[test]
    fn words_inside_text() {
        for (t, want) in [
            ("bhclustering", true),
            ("Py-Light-Curve", true),
            ("qzvkxdpwmbjy", false),
            ("abc-xyz-q", false),
            ("", false),
            ("käse", false),
        ] {
            assert_eq!(contains_english_word(t), want, "{t}");
        }
        // A long run is read at its first 64 letters only.
        let long = format!("{}{}", "q".repeat(70), "house");
        assert!(!contains_english_word(&long));
        assert!(contains_english_word(&format!("{} house", "q".repeat(70))));
    }
}
