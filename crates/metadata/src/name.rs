//! Package-name normalisation, per registry.

use crate::Ecosystem;

/// The registry's normal form of a package name: two names with the same
/// normal form are the same package on that registry.
///
/// * PyPI: [PEP 503] — lower case, every run of `-`, `_` and `.` becomes `-`.
/// * npm: lower case, keeping an `@scope/` prefix as it is written.
/// * NuGet: package IDs are case-insensitive, so lower case.
/// * Other registries: lower case.
///
/// Leading and trailing white space is removed. Non-ASCII letters are
/// lower-cased too (the registries compare such names case-insensitively
/// where they accept them at all).
///
/// [PEP 503]: https://peps.python.org/pep-0503/#normalized-names
///
/// ```
/// use baitwatch_metadata::{normalize_name, Ecosystem};
/// assert_eq!(normalize_name(&Ecosystem::PyPI, "Python_Date.Util"), "python-date-util");
/// assert_eq!(normalize_name(&Ecosystem::Npm, "@Types/Node"), "@types/node");
/// assert_eq!(normalize_name(&Ecosystem::NuGet, "Newtonsoft.Json"), "newtonsoft.json");
/// ```
pub fn normalize_name(ecosystem: &Ecosystem, name: &str) -> String {
    let name = name.trim();
    if name.is_ascii() {
        // The same forms, a byte at a time (the common case, and a hot one
        // when a popular list is indexed).
        return match ecosystem {
            Ecosystem::PyPI => {
                let mut out = Vec::with_capacity(name.len());
                for &b in name.as_bytes() {
                    if matches!(b, b'-' | b'_' | b'.') {
                        if out.last() != Some(&b'-') {
                            out.push(b'-');
                        }
                    } else {
                        out.push(b.to_ascii_lowercase());
                    }
                }
                String::from_utf8(out).unwrap_or_default()
            }
            _ => name.to_ascii_lowercase(),
        };
    }
    match ecosystem {
        Ecosystem::PyPI => {
            let mut out = String::with_capacity(name.len());
            let mut in_run = false;
            for c in name.chars() {
                if matches!(c, '-' | '_' | '.') {
                    if !in_run {
                        out.push('-');
                    }
                    in_run = true;
                } else {
                    in_run = false;
                    out.extend(c.to_lowercase());
                }
            }
            out
        }
        _ => name.to_lowercase(),
    }
}

/// Splits an npm name into its scope (without `@`) and the bare name.
///
/// ```
/// use baitwatch_metadata::split_npm_scope;
/// assert_eq!(split_npm_scope("@types/node"), (Some("types"), "node"));
/// assert_eq!(split_npm_scope("lodash"), (None, "lodash"));
/// ```
pub fn split_npm_scope(name: &str) -> (Option<&str>, &str) {
    if let Some(rest) = name.strip_prefix('@')
        && let Some((scope, bare)) = rest.split_once('/')
    {
        return (Some(scope), bare);
    }
    (None, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_table() {
        for (input, want) in [
            ("Django", "django"),
            ("zope.interface", "zope-interface"),
            ("a__b--c..d", "a-b-c-d"),
            ("a-_.b", "a-b"),
            ("  Requests  ", "requests"),
            ("ÄBC", "äbc"),
        ] {
            assert_eq!(normalize_name(&Ecosystem::PyPI, input), want, "{input}");
        }
    }

    #[test]
    fn ascii_names_as_any_other() {
        // The byte-wise path for ASCII gives what the general one gives
        // (`\u{e9}` sends a name down the general path without changing
        // the rest of its normal form).
        for eco in Ecosystem::KNOWN {
            for n in [
                "Django",
                "a__b--c..d",
                "-a-",
                "_-.",
                "x-.y",
                "@Types/Node_x.Y",
                " Foo.Bar ",
                "A1-b2_C3.d4",
                "",
            ] {
                let general = normalize_name(&eco, &format!("{n}\u{e9}"));
                let want = general.strip_suffix('\u{e9}').unwrap_or(&general);
                assert_eq!(normalize_name(&eco, n), want.trim_end(), "{eco} {n:?}");
            }
        }
    }

    #[test]
    fn npm_keeps_scope_and_separators() {
        assert_eq!(
            normalize_name(&Ecosystem::Npm, "@Babel/Core_x.y"),
            "@babel/core_x.y"
        );
    }

    #[test]
    fn idempotent() {
        for eco in Ecosystem::KNOWN {
            for n in ["A-_B", "@S/X", "Foo.Bar", "ǅ"] {
                let once = normalize_name(&eco, n);
                assert_eq!(normalize_name(&eco, &once), once);
            }
        }
    }
}
