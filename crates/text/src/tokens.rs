/// Splits a package name into lower-case tokens at separators (anything
/// not a letter or digit), camelCase humps and letter/digit boundaries, so
/// `freeRobuxGenerator2024`, `free_robux-generator.2024` and
/// `Free Robux Generator 2024` give the same tokens. An npm `@scope/` is
/// split off as its own token(s).
///
/// ```
/// use baitwatch_text::name_tokens;
/// assert_eq!(name_tokens("free_robux-generator.2024"), ["free", "robux", "generator", "2024"]);
/// assert_eq!(name_tokens("XMLHttpRequest"), ["xml", "http", "request"]);
/// assert_eq!(name_tokens("@types/node"), ["types", "node"]);
/// ```
pub fn name_tokens(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut tokens = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut cur, &mut tokens);
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|j| chars.get(j)) {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_alphabetic() && c.is_numeric())
                || (prev.is_numeric() && c.is_alphabetic())
                || (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(char::is_lowercase));
            if boundary {
                flush(&mut cur, &mut tokens);
            }
        }
        cur.extend(c.to_lowercase());
    }
    flush(&mut cur, &mut tokens);
    tokens
}

fn flush(cur: &mut String, tokens: &mut Vec<String>) {
    if !cur.is_empty() {
        tokens.push(std::mem::take(cur));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_agree() {
        let want = name_tokens("free-robux-generator-2024");
        for n in [
            "freeRobuxGenerator2024",
            "FreeRobuxGenerator2024",
            "free_robux.generator 2024",
            "FREE-ROBUX-GENERATOR-2024",
        ] {
            assert_eq!(name_tokens(n), want, "{n}");
        }
    }

    #[test]
    fn odd_input() {
        assert!(name_tokens("").is_empty());
        assert!(name_tokens("---").is_empty());
        assert_eq!(name_tokens("lödash"), ["lödash"]);
        assert_eq!(name_tokens("a1b2"), ["a", "1", "b", "2"]);
    }
}
