//! Telephone numbers, found by their shape: the bait of the support-line
//! scam ("Coinbase customer service +1 (855) 555-0123") is a number to
//! call, which no lexicon can list.
//!
//! Two shapes are read, both with separators, so that version strings,
//! IP addresses, dates, timestamps and ids are not numbers:
//!
//! - North American: an optional `1` or `+1`, a three-digit area code
//!   (first digit 2–9, in parentheses or not), three digits, a separator,
//!   four digits: `1-800-555-0199`, `(888) 555 0147`, `855.555.0123`;
//! - international: a `+`, then 10 to 14 digits in three or more groups
//!   of at most five: `+44 20 7946 0958`, `+91 98765 43210`.
//!
//! A cheap pass finds the stretches of number bytes (digits, separators,
//! parentheses, `+`) that hold ten digits or more; only those are read,
//! each byte a bounded number of times. At most [`MAX_NUMBERS`] numbers
//! are kept.

use std::ops::Range;

/// The most numbers kept from one text.
pub(crate) const MAX_NUMBERS: usize = 64;

/// The longest run of digit groups read as one candidate.
const MAX_GROUPS: usize = 8;

/// Whether a byte may separate the digit groups of a number.
fn is_sep(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.')
}

/// Whether a byte before a number's first byte lets the number start
/// there: not part of a word, a version or a longer number.
fn may_precede(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'/' | b'_' | b'#' | b'$' | b'%'))
}

/// The digit groups read from one start: their lengths and ends (at most
/// [`MAX_GROUPS`]), whether it began with `+`, and which group was in
/// parentheses.
struct Candidate {
    groups: [u8; MAX_GROUPS],
    ends: [usize; MAX_GROUPS],
    n: usize,
    plus: bool,
    /// Index of the group written in parentheses, if any.
    paren: Option<usize>,
}

/// Reads digit groups from `start` (a `+`, `(` or digit), each of one to
/// five digits, separated by one separator (or a space after a closing
/// parenthesis). A longer run of digits ends the reading before it.
fn read(bytes: &[u8], start: usize) -> Candidate {
    let mut c = Candidate {
        groups: [0; MAX_GROUPS],
        ends: [start; MAX_GROUPS],
        n: 0,
        plus: false,
        paren: None,
    };
    let mut i = start;
    if bytes.get(i) == Some(&b'+') {
        c.plus = true;
        i += 1;
    }
    while c.n < MAX_GROUPS {
        let open = bytes.get(i) == Some(&b'(');
        let from = if open { i + 1 } else { i };
        let mut j = from;
        while bytes.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        let len = j - from;
        if len == 0 || len > 5 || (open && c.paren.is_some()) {
            break;
        }
        if open {
            if bytes.get(j) != Some(&b')') {
                break;
            }
            j += 1;
            c.paren = Some(c.n);
        }
        c.groups[c.n] = len as u8;
        c.ends[c.n] = j;
        c.n += 1;
        let mut k = j;
        if bytes.get(k).copied().is_some_and(is_sep) {
            k += 1;
        } else if !open {
            break;
        }
        if !bytes
            .get(k)
            .is_some_and(|b| b.is_ascii_digit() || *b == b'(')
        {
            break;
        }
        i = k;
    }
    c
}

impl Candidate {
    /// Whether the first `k` groups make a North American or an
    /// international number.
    fn is_number(&self, k: usize, bytes: &[u8], start: usize) -> bool {
        let g = self.groups.get(..k).unwrap_or(&[]);
        let digits: usize = g.iter().map(|&l| l as usize).sum();
        // North American: [1] area exchange line.
        let lead = matches!(g, [1, ..])
            && self.paren != Some(0)
            && bytes.get(start + usize::from(self.plus)) == Some(&b'1');
        let rest = if lead { g.get(1..).unwrap_or(&[]) } else { g };
        let area_ok = bytes
            .get(start + usize::from(self.plus) + if lead { 1 } else { 0 }..)
            .and_then(|s| s.iter().find(|b| b.is_ascii_digit()))
            .is_some_and(|b| (b'2'..=b'9').contains(b));
        let paren_ok = self.paren.is_none_or(|p| p == usize::from(lead));
        if rest == [3, 3, 4] && area_ok && paren_ok && (!self.plus || lead) {
            return true;
        }
        self.plus && g.len() >= 3 && (10..=14).contains(&digits)
    }
}

/// Whether a number may end just before `at`: not inside a word, a
/// longer number or a version (`…0123.4`).
fn may_end(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        None => true,
        Some(a) if a.is_ascii_alphanumeric() => false,
        Some(b'.') => !bytes.get(at + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => true,
    }
}

/// The index of the first ASCII digit of `bytes`: 32 bytes at a time
/// by a branch-free test the compiler vectorises, then byte by byte
/// within the block that has one.
fn first_digit(bytes: &[u8]) -> Option<usize> {
    let mut base = 0;
    for block in bytes.chunks(32) {
        if block.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            return block.iter().position(u8::is_ascii_digit).map(|p| base + p);
        }
        base += block.len();
    }
    None
}

/// Whether a byte may be part of a number: a digit or a separator,
/// parenthesis or plus sign.
fn in_number(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'.' | b'(' | b')' | b'+')
}

/// The byte ranges of the telephone numbers in `text`, in order, at most
/// [`MAX_NUMBERS`]. Where digit groups run on (`1-800-555-0199 24/7`),
/// the longest leading groups that make a number are the number.
///
/// Most texts have no stretch of ten digits among separators: such
/// stretches are found first with a cheap pass, and only they are read.
pub(crate) fn numbers(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < MAX_NUMBERS {
        let Some(first) = bytes.get(i..).and_then(first_digit) else {
            break;
        };
        // The stretch of number bytes around this digit: a `+` or `(`
        // may come before it.
        let mut from = i + first;
        while from > i && bytes.get(from - 1).is_some_and(|&b| b == b'+' || b == b'(') {
            from -= 1;
        }
        let mut to = i + first;
        let mut digits = 0usize;
        while let Some(&b) = bytes.get(to) {
            if !in_number(b) {
                break;
            }
            digits += usize::from(b.is_ascii_digit());
            to += 1;
        }
        if digits >= 10 {
            read_stretch(bytes, from..to, &mut out);
        }
        i = to.max(i + first + 1);
    }
    out
}

/// The numbers starting within `stretch` (which they cannot leave: the
/// bytes around it are no number bytes).
fn read_stretch(bytes: &[u8], stretch: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut i = stretch.start;
    while i < stretch.end && out.len() < MAX_NUMBERS {
        let Some(&b) = bytes.get(i) else { break };
        let starts = (b.is_ascii_digit() || b == b'+' || b == b'(')
            && (i == 0 || bytes.get(i - 1).is_some_and(|&p| may_precede(p)));
        if !starts {
            i += 1;
            continue;
        }
        let c = read(bytes, i);
        let found = (1..=c.n).rev().find_map(|k| {
            let end = *c.ends.get(k - 1)?;
            (may_end(bytes, end) && c.is_number(k, bytes, i)).then_some(end)
        });
        match found {
            Some(end) => {
                out.push(i..end);
                i = end;
            }
            // Resume after the groups read: each byte is read at most
            // twice (once in a run, once as a run's possible start).
            None => {
                i = c
                    .ends
                    .get(c.n.wrapping_sub(1))
                    .copied()
                    .unwrap_or(i)
                    .max(i + 1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        numbers(text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect()
    }

    #[test]
    fn north_american_shapes() {
        for (text, want) in [
            ("call +1 (855) 555-0123 now", "+1 (855) 555-0123"),
            ("dial 1-800-555-0199.", "1-800-555-0199"),
            ("dial 1.800.555.0199 today", "1.800.555.0199"),
            ("(888) 555 0147", "(888) 555 0147"),
            ("tel: 855.555.0123", "855.555.0123"),
            ("support-number-1-855-555-0123", "1-855-555-0123"),
            ("+1 855 555 0123", "+1 855 555 0123"),
            ("1 (877) 555-0111", "1 (877) 555-0111"),
            ("call 1-800-555-0199 24/7", "1-800-555-0199"),
        ] {
            assert_eq!(found(text), vec![want], "{text}");
        }
    }

    #[test]
    fn international_shapes() {
        assert_eq!(found("Hotline +44 20 7946 0958."), vec!["+44 20 7946 0958"]);
        assert_eq!(found("WhatsApp +91 98765 43210"), vec!["+91 98765 43210"]);
    }

    #[test]
    fn not_numbers() {
        for text in [
            "version 1.2.3",
            "192.168.100.200",
            "2024-01-15",
            "1700000000",
            "8885550147",
            "v855-555-0123",
            "855-555-01234",
            "1.855.555.0123.4",
            "uuid 123e4567-e89b-12d3",
            "+1 2",
            "(55) 555-0123",
            "155-555-0123",
            "+12 3456",
            "ISBN 978-3-16-148410-0",
            "semver 10.555.555.5555",
            "(((((",
            "++++1",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    proptest::proptest! {
        #[test]
        fn spans_are_numbers_in_any_text(text in "[0-9 ()+.\\-a-z\u{e9}\u{2013}]{0,60}") {
            let mut last = 0;
            for r in numbers(&text) {
                proptest::prop_assert!(r.start >= last && r.start < r.end);
                last = r.end;
                let s = text.get(r.clone());
                proptest::prop_assert!(s.is_some(), "{r:?} not on char boundaries");
                let s = s.unwrap_or_default();
                proptest::prop_assert!(s.starts_with(['+', '(']) || s.starts_with(|c: char| c.is_ascii_digit()));
                proptest::prop_assert!(s.ends_with(|c: char| c.is_ascii_digit()));
                let digits = s.bytes().filter(u8::is_ascii_digit).count();
                proptest::prop_assert!((10..=14).contains(&digits), "{s:?}");
            }
        }
    }

    /// The scan without the stretch prefilter.
    fn numbers_reference(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        read_stretch(text.as_bytes(), 0..text.len(), &mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn stretches_find_every_number(text in "([0-9]{1,4}|[ ().+\\-]|[a-z]{1,3}|\u{e9}){0,40}") {
            proptest::prop_assert_eq!(numbers(&text), numbers_reference(&text));
        }
    }

    #[test]
    fn first_digit_in_any_block() {
        let mut text = vec![b'x'; 100];
        assert_eq!(first_digit(&text), None);
        for at in [0, 31, 32, 33, 63, 64, 99] {
            text[at] = b'7';
            assert_eq!(first_digit(&text), Some(at));
            text[at] = b'x';
        }
    }

    #[test]
    fn bounded() {
        let many = "555-555-0123 ".repeat(1000);
        assert_eq!(found("555-555-0123 555-555-0124").len(), 2);
        assert_eq!(numbers(&many).len(), MAX_NUMBERS);
        let digits = "1 ".repeat(100_000);
        assert!(numbers(&digits).is_empty());
        let nested = "(1(2(3(4".repeat(10_000);
        assert!(numbers(&nested).is_empty());
    }
}
