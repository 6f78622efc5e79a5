use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// The confusable skeleton of `s`, lower-cased: two strings that look alike
/// (Latin `a` and Cyrillic `а`, `ｒｏｂｕｘ` and `robux`) get the same
/// skeleton. Uses Unicode's confusables table (UTS #39) through the
/// `unicode-security` crate, then NFKC and lower case. Zero-width and
/// other default-ignorable format characters are removed.
///
/// A skeleton is for comparing, not for showing: UTS #39 maps some Latin
/// sequences too (`m` becomes `rn`), so compare skeleton with skeleton.
///
/// ```
/// use baitwatch_text::skeleton;
/// assert_eq!(skeleton("netherеum"), skeleton("nethereum")); // Cyrillic е
/// assert_ne!(skeleton("nethereum"), skeleton("netherium"));
/// assert_eq!(skeleton("ＦＲＥＥ"), "free");
/// ```
pub fn skeleton(s: &str) -> String {
    if s.is_ascii()
        && let Some(sk) = ascii_skeleton(s)
    {
        return sk;
    }
    slow_skeleton(s)
}

/// The skeleton of ASCII text, character by character from a table: where
/// the UTS #39 prototypes of its characters are ASCII, which NFD and NFKC
/// leave alone, the skeleton of an ASCII string is the concatenation of
/// the skeletons of its characters. `None` when a character's skeleton is
/// not ASCII (`%` becomes `°/0`); the caller then takes the full path.
fn ascii_skeleton(s: &str) -> Option<String> {
    static TABLE: LazyLock<Vec<Option<String>>> = LazyLock::new(|| {
        (0u8..128)
            .map(|b| {
                let mut buf = [0u8; 4];
                let sk = slow_skeleton((b as char).encode_utf8(&mut buf));
                sk.is_ascii().then_some(sk)
            })
            .collect()
    });
    let mut out = String::with_capacity(s.len() + 4);
    for b in s.bytes() {
        out.push_str(TABLE.get(b as usize)?.as_deref()?);
    }
    Some(out)
}

fn slow_skeleton(s: &str) -> String {
    let cleaned: String = s.chars().filter(|c| !is_invisible(*c)).collect();
    let sk: String = unicode_security::skeleton(&cleaned).collect();
    sk.nfkc().flat_map(char::to_lowercase).collect()
}

/// Zero-width, bidi-control and other invisible format characters.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_table_agrees_with_the_full_skeleton() {
        let mut table = 0;
        for b in 0u8..128 {
            let c = (b as char).to_string();
            if let Some(sk) = ascii_skeleton(&c) {
                assert_eq!(sk, slow_skeleton(&c), "{b:#x}");
                table += 1;
            }
        }
        assert!(table >= 120, "the table covers only {table} characters");
        assert_eq!(ascii_skeleton("a%b"), None);
        // Pairs (sequences like `rn`, `vv`, `cl` are where a per-character
        // table could go wrong), and a few words.
        for a in 0u8..128 {
            for b in 0u8..128 {
                let s: String = [a as char, b as char].iter().collect();
                assert_eq!(skeleton(&s), slow_skeleton(&s), "{s:?}");
            }
        }
        for s in [
            "",
            "paypal",
            "rnicrosoft",
            "Micro$oft-1ogin",
            "l0l|I1",
            "a\tb\u{7f}c",
        ] {
            assert_eq!(skeleton(s), slow_skeleton(s), "{s:?}");
        }
    }
}
