//! The comparison forms of a name: registry normal form, visual fold and
//! separator-free key.

use std::borrow::Cow;

use baitwatch_metadata::{Ecosystem, normalize_name};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Names longer than this (in bytes, normal form) are only compared
/// exactly; edit checks are skipped. Real registry names are far shorter
/// (npm allows 214 characters), so this only bounds attacker input.
pub(crate) const MAX_NAME_BYTES: usize = 256;

/// Separators the key drops.
pub(crate) fn is_sep(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | ' ')
}

/// The forms of one name used for comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Forms {
    /// The registry normal form (PEP 503, lower case ...).
    pub norm: String,
    /// `norm` with look-alike characters folded (skeleton for non-ASCII
    /// text, then `0`→`o`, `1`/`|`→`l`, `rn`→`m`, `vv`→`w`).
    pub vis: String,
    /// `norm` with the look-alike characters of other scripts, accents and
    /// look-alike digits folded, without separators (`-`, `_`, `.`): `vis`
    /// without separators, except that `rn` and `vv` stay as they are.
    /// Edits are measured on it.
    pub key: String,
    /// `norm` has characters outside ASCII.
    pub non_ascii: bool,
}

impl Forms {
    pub(crate) fn new(ecosystem: &Ecosystem, name: &str) -> Forms {
        let norm = normalize_name(ecosystem, name);
        let non_ascii = !norm.is_ascii();
        let base = unfolded(&norm);
        let vis = ascii_fold(&base);
        // The key keeps `rn` and `vv`: those folds change the length, and
        // edits are measured on the key (`seabron` is one swap from
        // `seaborn`, but two edits from its fold `seabom`).
        let mut key = String::with_capacity(base.len());
        if base.is_ascii() {
            key.extend(
                base.bytes()
                    .map(char::from)
                    .filter(|c| !is_sep(*c))
                    .map(fold_digit),
            );
        } else {
            key.extend(base.chars().filter(|c| !is_sep(*c)).map(fold_digit));
        }
        Forms {
            norm,
            vis,
            key,
            non_ascii,
        }
    }
}

/// A look-alike digit as the letter it imitates (`0` → `o`, `1`/`|` → `l`).
fn fold_digit(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '|' => 'l',
        _ => c,
    }
}

/// The confusable skeleton of a lower-case name with accents dropped
/// (borrowed when the name is ASCII); [`ascii_fold`] on top makes the
/// visual form, under which names that look alike are equal. Not for
/// display.
fn unfolded(norm: &str) -> Cow<'_, str> {
    if norm.is_ascii() {
        Cow::Borrowed(norm)
    } else {
        // Confusable skeleton (Cyrillic а → a, fullwidth ｒ → r ...), then
        // drop accents (ö → o) so that decorated letters fold too.
        let sk = baitwatch_text::skeleton(norm);
        Cow::Owned(
            sk.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect(),
        )
    }
}

fn ascii_fold(s: &str) -> String {
    if s.is_ascii() {
        fold_bytes(s)
    } else {
        fold_chars(s)
    }
}

/// [`ascii_fold`] of ASCII text, a byte at a time.
fn fold_bytes(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        let folded = match b {
            b'0' => b'o',
            b'1' | b'|' => b'l',
            b'r' if next == Some(b'n') => {
                i += 1;
                b'm'
            }
            b'v' if next == Some(b'v') => {
                i += 1;
                b'w'
            }
            _ => b,
        };
        out.push(char::from(folded));
        i += 1;
    }
    out
}

/// [`ascii_fold`] of any text.
fn fold_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '0' => out.push('o'),
            '1' | '|' => out.push('l'),
            'r' if chars.peek() == Some(&'n') => {
                chars.next();
                out.push('m');
            }
            'v' if chars.peek() == Some(&'v') => {
                chars.next();
                out.push('w');
            }
            _ => out.push(c),
        }
    }
    out
}

/// True when `c` is a letter outside ASCII whose confusable skeleton is an
/// ASCII letter or digit: a homoglyph of a Latin letter.
pub(crate) fn is_latin_lookalike(c: char) -> bool {
    if c.is_ascii() || !c.is_alphanumeric() {
        return false;
    }
    let mut buf = [0u8; 4];
    let sk = baitwatch_text::skeleton(c.encode_utf8(&mut buf));
    let base: String = sk.nfd().filter(|c| !is_combining_mark(*c)).collect();
    !base.is_empty() && base.chars().all(|b| b.is_ascii_alphanumeric())
        // Accented Latin letters (é, ö) are ordinary spelling, not disguise.
        && !c.nfd().next().is_some_and(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds() {
        for (eco, name, vis, key) in [
            (
                Ecosystem::PyPI,
                "Python_Date.Util",
                "python-date-util",
                "pythondateutil",
            ),
            (Ecosystem::Npm, "@Types/Node", "@types/node", "@types/node"),
            (Ecosystem::Npm, "rnoment", "moment", "rnoment"),
            (Ecosystem::PyPI, "seaborn", "seabom", "seaborn"),
            (Ecosystem::Npm, "l0dash", "lodash", "lodash"),
            (Ecosystem::Npm, "1odash", "lodash", "lodash"),
            (Ecosystem::Npm, "lödash", "lodash", "lodash"),
            (
                Ecosystem::NuGet,
                "Newtоnsoft.Jsоn",
                "newtonsoft.json",
                "newtonsoftjson",
            ),
            (Ecosystem::NuGet, "vvebsocket", "websocket", "vvebsocket"),
        ] {
            let f = Forms::new(&eco, name);
            assert_eq!((f.vis.as_str(), f.key.as_str()), (vis, key), "{name}");
        }
    }

    #[test]
    fn byte_fold_is_char_fold() {
        // Every string of up to four characters over the ones that fold.
        let alphabet = ['0', '1', '|', 'r', 'n', 'v', 'w', 'm', '-', 'a'];
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |&c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        strings.sort();
        strings.dedup();
        for s in &strings {
            assert_eq!(fold_bytes(s), fold_chars(s), "{s:?}");
        }
    }

    #[test]
    fn lookalikes() {
        assert!(is_latin_lookalike('о')); // Cyrillic o
        assert!(is_latin_lookalike('ԁ'));
        assert!(!is_latin_lookalike('ö'));
        assert!(!is_latin_lookalike('o'));
        assert!(!is_latin_lookalike('中'));
    }
}
