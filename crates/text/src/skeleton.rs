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
