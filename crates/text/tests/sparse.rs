//! `Normalizer::normalize_sparse` keeps its promises against the whole
//! views of `Normalizer::normalize`, on mixed ASCII and Unicode text.

use baitwatch_text::{Normalizer, View};
use proptest::prelude::*;

/// Each byte of `v[range]` with its original span.
fn bytes_with_spans(v: &View, range: std::ops::Range<usize>) -> Vec<(u8, Option<(usize, usize)>)> {
    range
        .map(|i| {
            let b = v.as_str().as_bytes()[i];
            (b, v.original_span(i..i + 1).map(|r| (r.start, r.end)))
        })
        .collect()
}

/// The promises of `normalize_sparse`, checked on one text.
fn check(n: &Normalizer, text: &str, context: usize) {
    let whole = n.normalize(text);
    let sparse = n.normalize_sparse(text, context);
    assert_eq!(sparse.plain(), whole.plain(), "{text:?}");
    assert_eq!(sparse.truncated(), whole.truncated());
    if whole.leet().is_empty() {
        assert!(sparse.excerpts().is_empty(), "{text:?}");
    }
    let ex = sparse.excerpts();
    for w in ex.windows(2) {
        assert!(w[0].range().end <= w[1].range().start, "{text:?}");
    }
    let plain = whole.plain();
    let plain_words: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = plain
        .words()
        .map(|(r, _)| (plain.original_span(r.clone()).unwrap(), r))
        .collect();
    for (vi, l) in whole.leet().iter().enumerate() {
        let words: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = l
            .words()
            .map(|(r, _)| (l.original_span(r.clone()).unwrap(), r))
            .collect();
        let inside = |span: &std::ops::Range<usize>| {
            ex.iter()
                .position(|e| e.range().start <= span.start && span.end <= e.range().end)
        };
        // Excerpts: exactly the slice of the whole view.
        for (ei, e) in ex.iter().enumerate() {
            let ev = e.leet().get(vi).or(e.leet().first()).unwrap();
            let mine: Vec<_> = words
                .iter()
                .filter(|(s, _)| inside(s) == Some(ei))
                .collect();
            let (Some(first), Some(last)) = (mine.first(), mine.last()) else {
                assert_eq!(ev.as_str(), "", "{text:?}");
                continue;
            };
            let slice = first.1.start..last.1.end;
            assert_eq!(
                &l.as_str()[slice.clone()],
                ev.as_str(),
                "{text:?} excerpt {ei}"
            );
            assert_eq!(
                bytes_with_spans(l, slice),
                bytes_with_spans(ev, 0..ev.as_str().len()),
                "{text:?} excerpt {ei}"
            );
        }
        // Elsewhere: plain words, consecutive where they are consecutive.
        let mut prev: Option<(usize, usize)> = None;
        for (wi, (span, r)) in words.iter().enumerate() {
            if inside(span).is_some() {
                prev = None;
                continue;
            }
            let pi = plain_words
                .iter()
                .position(|(s, _)| s == span)
                .unwrap_or_else(|| {
                    panic!("{text:?}: {:?} not a plain word", &l.as_str()[r.clone()])
                });
            let pr = plain_words[pi].1.clone();
            assert_eq!(
                bytes_with_spans(l, r.clone()),
                bytes_with_spans(plain, pr.clone()),
                "{text:?}"
            );
            if let Some((pwi, ppi)) = prev
                && pwi + 1 == wi
            {
                assert_eq!(ppi + 1, pi, "{text:?}: not consecutive in the plain view");
                // The space between them maps to the same place.
                assert_eq!(
                    bytes_with_spans(l, r.start - 1..r.start),
                    bytes_with_spans(plain, pr.start - 1..pr.start),
                    "{text:?}"
                );
            }
            prev = Some((wi, pi));
        }
    }
}

const PIECES: &[&str] = &[
    "a", "b", "ab", "free", "robux", "r0bux", "fr33", "i18n", "utf8", "h1", "@scope", "ca$h", "1",
    "0", "2024", " ", " ", " ", "  ", "\n", "\n", ".", "-", ", ", "é", "ß", "\u{200B}", "о", "０",
    "Ｆ", "a b c", "x-y z", "\r\n", "fo11ow", "$", "@", "\t", "·", "ab. ", "cd\n", "ok ", "!",
    "g!ft", "€", "fr€e", "hi! ",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

fn normalizers() -> Vec<Normalizer> {
    vec![
        Normalizer::new(),
        Normalizer::builder().camel_case(true).build().unwrap(),
        Normalizer::builder().leet(false).build().unwrap(),
        Normalizer::builder()
            .join_spaced_letters(false)
            .build()
            .unwrap(),
        Normalizer::builder().max_bytes(40).build().unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn sparse_agrees_on_pieces(text in pieces(), context in 0usize..4) {
        for n in normalizers() {
            check(&n, &text, context);
        }
    }

    #[test]
    fn sparse_agrees_on_any_text(text in any::<String>(), context in 0usize..4) {
        check(&Normalizer::new(), &text, context);
    }

    #[test]
    fn sparse_agrees_on_long_prose(
        parts in prop::collection::vec((pieces(), 0usize..30), 1..8),
        context in 0usize..4,
    ) {
        // Long plain stretches with a few leet words: many small excerpts.
        let filler = "Some plain words of a README line.\n";
        let text: String = parts
            .iter()
            .map(|(p, k)| format!("{}{p}", filler.repeat(*k)))
            .collect();
        check(&Normalizer::new(), &text, context);
    }
}

#[test]
fn prose_gives_small_excerpts() {
    let mut text = String::new();
    for i in 0..50 {
        text.push_str("Install the package and read the docs.\n");
        if i % 10 == 0 {
            text.push_str("Supports utf8 and i18n out of the box.\n");
        }
    }
    let n = Normalizer::new();
    let sparse = n.normalize_sparse(&text, 3);
    assert_eq!(sparse.excerpts().len(), 5);
    let covered: usize = sparse.excerpts().iter().map(|e| e.range().len()).sum();
    assert!(covered * 4 < text.len(), "{covered} of {}", text.len());
    check(&n, &text, 3);
}
