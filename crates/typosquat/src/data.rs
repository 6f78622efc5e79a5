//! Embedded data: the popular-name lists, the English word list and the
//! per-registry affixes.
//!
//! The popular lists (`data/{npm,pypi,nuget}.txt`) are ranked, most popular
//! first, one name a line; the rank is the popularity signal, so they are
//! deduplicated but deliberately not sorted. Ordinary dictionary words are
//! asked for stronger evidence, with the English word list of
//! [`baitwatch_text::english`].

use baitwatch_metadata::Ecosystem;
use baitwatch_text::english::is_english_word;

#[cfg(test)]
use baitwatch_text::name_tokens;

pub(crate) const NPM: &str = include_str!("../data/npm.txt");
pub(crate) const PYPI: &str = include_str!("../data/pypi.txt");
pub(crate) const NUGET: &str = include_str!("../data/nuget.txt");

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
    fn dictionary_names() {
        assert!(is_dictionary_name("simple-tasks"));
        assert!(!is_dictionary_name("colaroma"));
    }

    #[test]
    fn data_files_are_clean() {
        fn lines_of(t: &str) -> Vec<&str> {
            t.lines().collect()
        }
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
