//! Embedded data: the popular-name lists, the English word list and the
//! per-registry affixes.
//!
//! The popular lists (`data/{npm,pypi,nuget}.txt`) are ranked, most popular
//! first, one name a line; the rank is the popularity signal, so they are
//! deduplicated but deliberately not sorted. `data/english-words.txt` is
//! sorted and deduplicated: every lower-case ASCII word of 4 to 12 letters
//! in Debian's `wamerican` 2020.12.07 word list (SCOWL), used to ask
//! ordinary dictionary words for stronger evidence.

use std::sync::OnceLock;

use baitwatch_metadata::Ecosystem;

#[cfg(test)]
use baitwatch_text::name_tokens;

pub(crate) const NPM: &str = include_str!("../data/npm.txt");
pub(crate) const PYPI: &str = include_str!("../data/pypi.txt");
pub(crate) const NUGET: &str = include_str!("../data/nuget.txt");
pub(crate) const ENGLISH: &str = include_str!("../data/english-words.txt");

/// The prebuilt deletion tables of the popular lists (see `deletions.rs`).
const NPM_TABLES: &[u8] = include_bytes!("../data/index-npm.bin");
const PYPI_TABLES: &[u8] = include_bytes!("../data/index-pypi.bin");
const NUGET_TABLES: &[u8] = include_bytes!("../data/index-nuget.bin");

/// The prebuilt deletion tables for a registry's embedded list.
pub(crate) fn prebuilt_tables(ecosystem: &Ecosystem) -> Option<&'static [u8]> {
    match ecosystem {
        Ecosystem::Npm => Some(NPM_TABLES),
        Ecosystem::PyPI => Some(PYPI_TABLES),
        Ecosystem::NuGet => Some(NUGET_TABLES),
        _ => None,
    }
}

/// The name of the prebuilt deletion tables file of a registry, in `data/`.
pub(crate) fn prebuilt_file_name(ecosystem: &Ecosystem) -> Option<&'static str> {
    match ecosystem {
        Ecosystem::Npm => Some("index-npm.bin"),
        Ecosystem::PyPI => Some("index-pypi.bin"),
        Ecosystem::NuGet => Some("index-nuget.bin"),
        _ => None,
    }
}

/// The embedded popular list for a registry.
pub(crate) fn popular_text(ecosystem: &Ecosystem) -> Option<&'static str> {
    match ecosystem {
        Ecosystem::Npm => Some(NPM),
        Ecosystem::PyPI => Some(PYPI),
        Ecosystem::NuGet => Some(NUGET),
        _ => None,
    }
}

/// The non-empty lines of a data file.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// True when `word` is in the English word list. The list is sorted, so
/// this is a binary search of the lines that start with the word's first
/// two letters (about 90); where the lines start is found on first use,
/// in one pass over the text (a fraction of a millisecond; a hash set of
/// the 60,000 words took 4 to 15 ms to build, at the first check of a name
/// that looks like a squat).
pub(crate) fn is_english_word(word: &str) -> bool {
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

/// True when a name is made only of ordinary English words (and numbers):
/// `article`, `simple-tasks`. Such names sit one edit away from other
/// words by nature, so edit-based findings on them are weak.
#[cfg(test)]
pub(crate) fn is_dictionary_name(norm: &str) -> bool {
    is_dictionary_tokens(&name_tokens(norm))
}

/// [`is_dictionary_name`] over tokens already split.
pub(crate) fn is_dictionary_tokens(tokens: &[String]) -> bool {
    let mut words = 0;
    for t in tokens {
        if t.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !is_english_word(t) {
            return false;
        }
        words += 1;
    }
    words > 0
}

/// Generic prefixes and suffixes that attackers add to popular names on
/// each registry (compared on the separator-free key).
pub(crate) fn affixes(ecosystem: &Ecosystem) -> (&'static [&'static str], &'static [&'static str]) {
    const NPM_PRE: &[&str] = &["node", "js", "npm", "the", "real", "new", "fast", "get"];
    const NPM_SUF: &[&str] = &[
        "js", "node", "cli", "core", "utils", "util", "lib", "sdk", "api", "dev", "latest", "new",
        "plus", "pro", "official", "update", "updated", "fixed", "fix", "helper", "helpers",
        "tools", "full", "fast", "next", "legacy", "beta",
    ];
    const PYPI_PRE: &[&str] = &[
        "python3", "python", "py3", "py", "lib", "new", "fast", "the", "real", "get",
    ];
    const PYPI_SUF: &[&str] = &[
        "python3", "python", "py3", "py", "lib", "dev", "utils", "util", "tools", "sdk", "api",
        "client", "latest", "new", "plus", "pro", "official", "update", "updated", "fixed", "fix",
        "core", "full", "fast", "beta",
    ];
    const NUGET_PRE: &[&str] = &["dotnet", "net"];
    const NUGET_SUF: &[&str] = &[
        "core",
        "net",
        "dotnet",
        "extensions",
        "extension",
        "common",
        "lib",
        "sdk",
        "api",
        "client",
        "tools",
        "utils",
        "helpers",
        "standard",
    ];
    match ecosystem {
        Ecosystem::Npm => (NPM_PRE, NPM_SUF),
        Ecosystem::PyPI => (PYPI_PRE, PYPI_SUF),
        Ecosystem::NuGet => (NUGET_PRE, NUGET_SUF),
        _ => (&[], &[]),
    }
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
        let all: std::collections::HashSet<&str> = lines(ENGLISH).collect();
        for w in lines(ENGLISH).step_by(3) {
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
        assert!(is_dictionary_name("simple-tasks"));
        assert!(!is_dictionary_name("colaroma"));
    }

    #[test]
    fn data_files_are_clean() {
        fn lines_of(t: &str) -> Vec<&str> {
            t.lines().collect()
        }
        let words = lines_of(ENGLISH);
        assert!(
            words.windows(2).all(|w| w[0] < w[1]),
            "english-words.txt sorted and unique"
        );
        for (eco, text) in [
            (Ecosystem::Npm, NPM),
            (Ecosystem::PyPI, PYPI),
            (Ecosystem::NuGet, NUGET),
        ] {
            let mut seen = std::collections::HashSet::new();
            for l in lines_of(text) {
                assert_eq!(l, l.trim(), "{eco}: stray white space");
                assert!(!l.is_empty(), "{eco}: empty line");
                let n = baitwatch_metadata::normalize_name(&eco, l);
                assert!(seen.insert(n), "{eco}: duplicate {l}");
            }
        }
    }
}
