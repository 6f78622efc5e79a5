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

/// True when `word` is in the English word list: a binary search of the
/// sorted list, over where each line starts, found on first use (one pass
/// over the text, a fraction of a millisecond; a hash set of the 60,000
/// words took 4 to 15 ms to build, at the first check of a name that
/// looks like a squat).
pub(crate) fn is_english_word(word: &str) -> bool {
    static STARTS: OnceLock<Vec<u32>> = OnceLock::new();
    let starts = STARTS.get_or_init(|| {
        // A byte loop: a searcher call per short line costs several times
        // more.
        let mut starts = Vec::with_capacity(ENGLISH.len() / 8);
        starts.push(0);
        for (i, &b) in (1u32..).zip(ENGLISH.as_bytes()) {
            if b == b'\n' && (i as usize) < ENGLISH.len() {
                starts.push(i);
            }
        }
        starts
    });
    let line = |start: &u32| {
        let rest = ENGLISH.get(*start as usize..).unwrap_or_default();
        rest.split('\n').next().unwrap_or_default()
    };
    starts.binary_search_by(|s| line(s).cmp(word)).is_ok()
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
