//! Small helpers shared by the document readers (crate-private).

use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::{DocumentKind, Error, Limits, Package};

/// Fails with [`Error::TooLarge`] when `bytes` is longer than
/// `limits.max_document_bytes`.
pub(crate) fn check_size(bytes: &[u8], limits: &Limits, kind: DocumentKind) -> Result<(), Error> {
    if bytes.len() > limits.max_document_bytes {
        return Err(Error::TooLarge {
            kind,
            what: "document bytes",
            limit: limits.max_document_bytes as u64,
        });
    }
    Ok(())
}

/// Drops a leading UTF-8 byte order mark.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Re-encodes UTF-16 text that starts with a byte order mark (as old
/// Windows tools wrote `.nuspec` files) as UTF-8; `None` for anything else.
/// Unpaired surrogates become U+FFFD; a trailing odd byte is dropped.
pub(crate) fn utf16_to_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let (le, rest) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units = rest.chunks_exact(2).map(|c| match c {
        [a, b] if le => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFD,
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Some(text.into_bytes())
}

/// Size check, depth check, then parse into a [`Value`].
pub(crate) fn parse_json(
    bytes: &[u8],
    limits: &Limits,
    kind: DocumentKind,
) -> Result<Value, Error> {
    check_size(bytes, limits, kind)?;
    let bytes = strip_bom(bytes);
    crate::json::check_depth(bytes, limits.max_json_depth, kind)?;
    serde_json::from_slice(bytes).map_err(|e| Error::json(kind, &e))
}

/// The top-level JSON object, or [`Error::InvalidField`] for any other value.
pub(crate) fn as_object(v: &Value, kind: DocumentKind) -> Result<&Map<String, Value>, Error> {
    v.as_object().ok_or_else(|| Error::InvalidField {
        kind,
        field: "(document)".into(),
        reason: format!("expected a JSON object, found {}", type_name(v)),
    })
}

/// A JSON type name for messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The trimmed string value of `key`, empty when absent, null or not a string.
pub(crate) fn str_field(obj: &Map<String, Value>, key: &str) -> String {
    obj.get(key)
        .and_then(Value::as_str)
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// A required name-like field: a non-empty string, otherwise
/// [`Error::MissingField`] (absent, null, empty) or [`Error::InvalidField`]
/// (wrong type).
pub(crate) fn required_str(
    obj: &Map<String, Value>,
    key: &'static str,
    kind: DocumentKind,
) -> Result<String, Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Err(Error::MissingField { kind, field: key }),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(Error::MissingField { kind, field: key })
        }
        Some(Value::String(s)) => Ok(s.trim().to_owned()),
        Some(other) => Err(Error::InvalidField {
            kind,
            field: key.into(),
            reason: format!("expected a string, found {}", type_name(other)),
        }),
    }
}

/// An optional string field that must be a string when present (used for
/// `version`): null or absent give an empty string.
pub(crate) fn optional_str(
    obj: &Map<String, Value>,
    key: &str,
    kind: DocumentKind,
) -> Result<String, Error> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.trim().to_owned()),
        Some(other) => Err(Error::InvalidField {
            kind,
            field: key.into(),
            reason: format!("expected a string, found {}", type_name(other)),
        }),
    }
}

/// Cuts `s` to at most `max` bytes on a character boundary.
pub(crate) fn truncate(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while end > 0 && !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// Final touches every reader applies: bounds the long description.
pub(crate) fn finish(mut pkg: Package, limits: &Limits) -> Package {
    truncate(&mut pkg.description, limits.max_text_bytes);
    pkg
}

/// Splits a person string `Name <email> (url)` into name and e-mail.
///
/// Either part may be empty. Without angle brackets a string containing `@`
/// and no space is taken as an e-mail address.
pub(crate) fn split_person(s: &str) -> (String, String) {
    let s = s.trim();
    let (mut name, mut email) = (String::new(), String::new());
    if let Some(lt) = s.find('<') {
        name = s[..lt].trim().trim_matches('"').trim().to_owned();
        let rest = &s[lt + 1..];
        if let Some(gt) = rest.find('>') {
            email = rest[..gt].trim().to_owned();
        } else {
            email = rest.trim().to_owned();
        }
    } else {
        let before_url = s.find('(').map_or(s, |p| &s[..p]).trim();
        if before_url.contains('@') && !before_url.contains(char::is_whitespace) {
            email = before_url.to_owned();
        } else {
            name = before_url.to_owned();
        }
    }
    (name, email)
}

/// Splits a list of people such as `A <a@x>, B <b@x>` (PyPI
/// `Author-email`) into names and e-mails, each joined with ", ".
pub(crate) fn split_people(s: &str) -> (String, String) {
    let mut names = Vec::new();
    let mut emails = Vec::new();
    for part in s.split(',') {
        let (n, e) = split_person(part);
        if !n.is_empty() {
            names.push(n);
        }
        if !e.is_empty() {
            emails.push(e);
        }
    }
    (names.join(", "), emails.join(", "))
}

/// Compares two version strings the way npm (semver) and NuGet order them,
/// tolerating anything: numeric dot-separated components compare as
/// numbers (missing ones are 0), a release sorts after its pre-releases,
/// pre-release identifiers compare numerically or as text, build metadata
/// is ignored. Malformed strings still get a total, deterministic order.
pub(crate) fn version_cmp(a: &str, b: &str) -> Ordering {
    fn split(v: &str) -> (&str, Option<&str>) {
        let v = v.trim().trim_start_matches(['v', 'V', '=']);
        let v = v.split('+').next().unwrap_or(v);
        match v.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (v, None),
        }
    }
    fn num(s: &str) -> u64 {
        let digits: String = s
            .chars()
            .take_while(char::is_ascii_digit)
            .take(19)
            .collect();
        digits.parse().unwrap_or(0)
    }
    let (ca, pa) = split(a);
    let (cb, pb) = split(b);
    let mut ia = ca.split('.');
    let mut ib = cb.split('.');
    loop {
        match (ia.next(), ib.next()) {
            (None, None) => break,
            (x, y) => {
                let o = num(x.unwrap_or("0")).cmp(&num(y.unwrap_or("0")));
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
    let o = match (pa, pb) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => {
            let mut ix = x.split('.');
            let mut iy = y.split('.');
            loop {
                match (ix.next(), iy.next()) {
                    (None, None) => break Ordering::Equal,
                    (None, Some(_)) => break Ordering::Less,
                    (Some(_), None) => break Ordering::Greater,
                    (Some(p), Some(q)) => {
                        let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                            (Ok(m), Ok(n)) => m.cmp(&n),
                            (Ok(_), Err(_)) => Ordering::Less,
                            (Err(_), Ok(_)) => Ordering::Greater,
                            (Err(_), Err(_)) => p.cmp(q),
                        };
                        if o != Ordering::Equal {
                            break o;
                        }
                    }
                }
            }
        }
    };
    // Tie-break on the raw text so the order is total.
    o.then_with(|| a.cmp(b))
}

/// Splits keywords (comma-separated, else white-space separated).
pub(crate) fn keywords_from_str(s: &str) -> Vec<String> {
    crate::package::split_keywords(s)
}

/// Keywords from a JSON array of strings or one string.
pub(crate) fn keywords_from_value(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => keywords_from_str(s),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order() {
        let mut v = vec![
            "1.10.0",
            "1.2.0",
            "1.2.0-beta.2",
            "1.2.0-beta.10",
            "0.9",
            "2.0.0-rc1",
            "x",
        ];
        v.sort_by(|a, b| version_cmp(a, b));
        assert_eq!(
            v,
            [
                "x",
                "0.9",
                "1.2.0-beta.2",
                "1.2.0-beta.10",
                "1.2.0",
                "1.10.0",
                "2.0.0-rc1"
            ]
        );
        assert_eq!(version_cmp("13.0.3", "13.0.3.0"), "13.0.3".cmp("13.0.3.0"));
        assert_eq!(
            version_cmp("99999999999999999999999.1", "1"),
            Ordering::Greater
        );
    }

    #[test]
    fn people() {
        assert_eq!(
            split_person("Jane Doe <jane@example.com> (https://x)"),
            ("Jane Doe".into(), "jane@example.com".into())
        );
        assert_eq!(
            split_person("jane@example.com"),
            (String::new(), "jane@example.com".into())
        );
        assert_eq!(
            split_person("Jane (https://x)"),
            ("Jane".into(), String::new())
        );
        assert_eq!(split_person("<é"), (String::new(), "é".into()));
        assert_eq!(
            split_people("A <a@x>, B <b@x>"),
            ("A, B".into(), "a@x, b@x".into())
        );
    }

    #[test]
    fn utf16() {
        assert_eq!(utf16_to_utf8(b"\xFF\xFE<\0a\0").unwrap(), b"<a");
        assert_eq!(utf16_to_utf8(b"\xFE\xFF\0<\0a\0").unwrap(), b"<a");
        assert_eq!(
            utf16_to_utf8(b"\xFF\xFE\x00\xD8").unwrap(),
            "\u{FFFD}".as_bytes()
        );
        assert!(utf16_to_utf8(b"<a").is_none());
    }

    #[test]
    fn truncation_respects_chars() {
        let mut s = "aé".to_owned();
        truncate(&mut s, 2);
        assert_eq!(s, "a");
    }
}
