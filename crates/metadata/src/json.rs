//! Helpers shared by the JSON readers.

use crate::{DocumentKind, Error};

/// Fails with [`Error::TooLarge`] when JSON nesting (arrays and objects)
/// goes deeper than `max_depth`. One linear pass; strings are skipped so
/// brackets inside them do not count. Malformed JSON is left for the parser
/// to report.
pub(crate) fn check_depth(bytes: &[u8], max_depth: usize, kind: DocumentKind) -> Result<(), Error> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Err(Error::TooLarge {
                        kind,
                        what: "JSON nesting depth",
                        limit: max_depth as u64,
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth() {
        let k = DocumentKind::JsonlRecord;
        assert!(check_depth(br#"{"a":[[1]]}"#, 3, k).is_ok());
        assert!(check_depth(br#"{"a":[[1]]}"#, 2, k).is_err());
        assert!(check_depth(br#"{"a":"[[[[[[\"[[["}"#, 1, k).is_ok());
    }
}
