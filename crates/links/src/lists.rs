//! The embedded data files (`data/*.txt`): plain, sorted, deduplicated lists.

use std::collections::HashSet;
use std::sync::LazyLock;

pub(crate) const SHORTENERS: &str = include_str!("../data/shorteners.txt");
pub(crate) const RISKY_TLDS: &str = include_str!("../data/risky-tlds.txt");
pub(crate) const KNOWN_GOOD: &str = include_str!("../data/known-good.txt");
pub(crate) const BRANDS: &str = include_str!("../data/brands.txt");
pub(crate) const BRAND_AFFIXES: &str = include_str!("../data/brand-affixes.txt");
pub(crate) const LURE_WORDS: &str = include_str!("../data/lure-words.txt");
pub(crate) const FILE_EXTENSIONS: &str = include_str!("../data/file-extensions.txt");
pub(crate) const BARE_TLDS: &str = include_str!("../data/bare-tlds.txt");

/// Every data file, by name, for the sortedness test.
#[cfg(test)]
pub(crate) const ALL: &[(&str, &str)] = &[
    ("shorteners.txt", SHORTENERS),
    ("risky-tlds.txt", RISKY_TLDS),
    ("known-good.txt", KNOWN_GOOD),
    ("brands.txt", BRANDS),
    ("brand-affixes.txt", BRAND_AFFIXES),
    ("lure-words.txt", LURE_WORDS),
    ("file-extensions.txt", FILE_EXTENSIONS),
    ("bare-tlds.txt", BARE_TLDS),
];

/// The entry lines of a data file: no comments, no blank lines.
pub(crate) fn lines(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `name weight` lines.
pub(crate) fn weighted(file: &'static str) -> impl Iterator<Item = (&'static str, f64)> {
    lines(file).filter_map(|l| {
        let (name, w) = l.split_once(' ')?;
        Some((name, w.trim().parse().ok()?))
    })
}

static FILE_EXT_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| lines(FILE_EXTENSIONS).collect());
static BARE_TLD_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    lines(BARE_TLDS)
        .chain(weighted(RISKY_TLDS).map(|(t, _)| t))
        .collect()
});

/// Whether `tld` is also a common file extension or member name.
pub(crate) fn is_file_extension(tld: &str) -> bool {
    FILE_EXT_SET.contains(tld.to_ascii_lowercase().as_str())
}

/// Whether a bare `word.tld` without www. or path is read as a domain.
pub(crate) fn is_bare_tld(tld: &str) -> bool {
    BARE_TLD_SET.contains(tld.to_ascii_lowercase().as_str())
}

/// Words that start prose, not host names ("the dot com era").
pub(crate) fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "for"
            | "if"
            | "in"
            | "is"
            | "it"
            | "of"
            | "on"
            | "or"
            | "so"
            | "than"
            | "that"
            | "the"
            | "then"
            | "this"
            | "to"
            | "was"
            | "we"
            | "with"
    )
}
