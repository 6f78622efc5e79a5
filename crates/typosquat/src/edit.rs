//! Bounded optimal-string-alignment distance with the edit operations
//! recovered, and the character relations that name a typo (keyboard
//! neighbours, bit flips, look-alikes).

/// Longest key (in chars) the edit checks look at; longer names are only
/// compared exactly, which bounds the work per name.
pub(crate) const MAX_EDIT_CHARS: usize = 64;

/// One edit that turns the popular name into the candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// The candidate has an extra `ch` at char position `at`.
    Insert { at: usize, ch: char },
    /// The candidate lacks the target's `ch` (target position `at`).
    Omit { at: usize, ch: char },
    /// The target's `from` became `to` in the candidate.
    Subst { at: usize, from: char, to: char },
    /// Two adjacent characters of the target appear swapped (`a`,`b` → `b`,`a`).
    Swap { at: usize, a: char, b: char },
}

/// The edits (at most `max`, at most 2) turning `target` into `cand`, by
/// optimal string alignment (Damerau without repeated edits of one
/// substring). `None` when more are needed or either is too long.
pub(crate) fn osa_ops(cand: &[char], target: &[char], max: usize) -> Option<Vec<Op>> {
    let (n, m) = (cand.len(), target.len());
    if n > MAX_EDIT_CHARS || m > MAX_EDIT_CHARS || n.abs_diff(m) > max {
        return None;
    }
    let w = m + 1;
    // On the stack: both lengths are at most MAX_EDIT_CHARS.
    let mut d = [0u8; (MAX_EDIT_CHARS + 1) * (MAX_EDIT_CHARS + 1)];
    let at = |i: usize, j: usize| i * w + j;
    for i in 0..=n {
        d[at(i, 0)] = i as u8;
    }
    for j in 0..=m {
        d[at(0, j)] = j as u8;
    }
    for i in 1..=n {
        let mut row_min = u8::MAX;
        for j in 1..=m {
            let cost = u8::from(cand[i - 1] != target[j - 1]);
            let mut v = (d[at(i - 1, j)] + 1)
                .min(d[at(i, j - 1)] + 1)
                .min(d[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && cand[i - 1] == target[j - 2] && cand[i - 2] == target[j - 1] {
                v = v.min(d[at(i - 2, j - 2)] + 1);
            }
            d[at(i, j)] = v;
            row_min = row_min.min(v);
        }
        if usize::from(row_min.min(d[at(i, 0)])) > max {
            return None;
        }
    }
    let dist = usize::from(d[at(n, m)]);
    if dist > max {
        return None;
    }
    // Walk back through the table.
    let mut ops = Vec::with_capacity(dist);
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = d[at(i, j)];
        if i > 0 && j > 0 && cand[i - 1] == target[j - 1] && d[at(i - 1, j - 1)] == here {
            i -= 1;
            j -= 1;
        } else if i > 1
            && j > 1
            && cand[i - 1] == target[j - 2]
            && cand[i - 2] == target[j - 1]
            && d[at(i - 2, j - 2)] + 1 == here
        {
            ops.push(Op::Swap {
                at: j - 2,
                a: target[j - 2],
                b: target[j - 1],
            });
            i -= 2;
            j -= 2;
        } else if i > 0 && j > 0 && d[at(i - 1, j - 1)] + 1 == here {
            ops.push(Op::Subst {
                at: j - 1,
                from: target[j - 1],
                to: cand[i - 1],
            });
            i -= 1;
            j -= 1;
        } else if i > 0 && d[at(i - 1, j)] + 1 == here {
            ops.push(Op::Insert {
                at: i - 1,
                ch: cand[i - 1],
            });
            i -= 1;
        } else if j > 0 {
            ops.push(Op::Omit {
                at: j - 1,
                ch: target[j - 1],
            });
            j -= 1;
        } else {
            break;
        }
    }
    ops.reverse();
    Some(ops)
}

const ROWS: [&[u8]; 4] = [b"1234567890-", b"qwertyuiop", b"asdfghjkl", b"zxcvbnm"];

fn key_pos(c: char) -> Option<(usize, usize)> {
    let b = u8::try_from(c).ok()?;
    ROWS.iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|&k| k == b).map(|col| (r, col)))
}

/// `a` and `b` are neighbours on a QWERTY keyboard.
pub(crate) fn keyboard_neighbours(a: char, b: char) -> bool {
    let (Some((ra, ca)), Some((rb, cb))) = (key_pos(a), key_pos(b)) else {
        return false;
    };
    if ra == rb {
        return ca.abs_diff(cb) == 1;
    }
    // Each row sits about half a key to the right of the one above.
    if rb == ra + 1 {
        return cb + 1 == ca || cb == ca;
    }
    if ra == rb + 1 {
        return ca + 1 == cb || ca == cb;
    }
    false
}

/// `a` and `b` differ in exactly one bit and both are valid name characters.
pub(crate) fn is_bitflip(a: char, b: char) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    ok(a) && ok(b) && (u32::from(a) ^ u32::from(b)).count_ones() == 1
}

/// Pairs of characters that look alike in common fonts and that the fold
/// does not already equate (`i`/`l` from a capital `I`, `o`/`0` ...).
pub(crate) fn look_alike(a: char, b: char) -> bool {
    let pair = |x, y| (a == x && b == y) || (a == y && b == x);
    pair('i', 'l') || pair('i', 'j') || pair('u', 'v') || pair('c', 'e') || pair('g', 'q')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(c: &str, t: &str) -> Option<Vec<Op>> {
        let c: Vec<char> = c.chars().collect();
        let t: Vec<char> = t.chars().collect();
        osa_ops(&c, &t, 2)
    }

    #[test]
    fn edits() {
        use Op::*;
        for (cand, target, want) in [
            ("lodash", "lodash", Some(vec![])),
            (
                "lodahs",
                "lodash",
                Some(vec![Swap {
                    at: 4,
                    a: 's',
                    b: 'h',
                }]),
            ),
            ("lodassh", "lodash", Some(vec![Insert { at: 4, ch: 's' }])),
            ("lodsh", "lodash", Some(vec![Omit { at: 3, ch: 'a' }])),
            (
                "lodazh",
                "lodash",
                Some(vec![Subst {
                    at: 4,
                    from: 's',
                    to: 'z',
                }]),
            ),
            ("xyzxyz", "lodash", None),
        ] {
            assert_eq!(ops(cand, target), want, "{cand} vs {target}");
        }
        assert_eq!(ops("reqeustz", "requests").map(|o| o.len()), Some(2));
        assert_eq!(ops("", "").map(|o| o.len()), Some(0));
    }

    #[test]
    fn relations() {
        assert!(keyboard_neighbours('q', 'w'));
        assert!(keyboard_neighbours('s', 'x'));
        assert!(keyboard_neighbours('s', 'e'));
        assert!(keyboard_neighbours('e', 's'));
        assert!(!keyboard_neighbours('q', 'p'));
        assert!(!keyboard_neighbours('é', 'e'));
        assert!(is_bitflip('a', 'c'));
        assert!(!is_bitflip('a', 'b'));
        assert!(look_alike('l', 'i'));
    }
}
