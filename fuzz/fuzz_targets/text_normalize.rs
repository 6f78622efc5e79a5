//! The text normaliser and name helpers: spans of every word of every view
//! map back to char-boundary ranges of the input, every view is a fixed
//! point of the normaliser (normalising it again gives it back), and
//! sparse leet views agree with the whole ones.
#![no_main]

use baitwatch_text::{Normalizer, name_tokens, skeleton};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut b = Normalizer::builder();
    b.camel_case(flags & 1 != 0)
        .leet(flags & 2 != 0)
        .join_spaced_letters(flags & 4 != 0);
    if flags & 8 != 0 {
        b.max_bytes(usize::from(flags >> 4) * 16);
    }
    let Ok(normalizer) = b.build() else { return };
    let n = normalizer.normalize(&text);
    for view in n.views() {
        for (range, word) in view.words() {
            assert_eq!(view.as_str().get(range.clone()), Some(word));
            if let Some(span) = view.original_span(range.clone()) {
                assert!(
                    text.get(span.clone()).is_some(),
                    "span {span:?} of word {word:?} is not a char-boundary range of the input"
                );
            }
        }
    }
    if !n.truncated() {
        for view in n.views() {
            let again = normalizer.normalize(view.as_str());
            // Folding can lengthen a view past a small `max_bytes`.
            if !again.truncated() {
                assert_eq!(
                    again.plain().as_str(),
                    view.as_str(),
                    "normalisation is not idempotent"
                );
            }
        }
    }
    // Sparse leet views: the same plain view, and every excerpt's leet
    // view is a part of the whole leet view of its kind.
    let sparse = normalizer.normalize_sparse(&text, usize::from(flags >> 6));
    assert_eq!(sparse.plain(), n.plain(), "sparse plain view differs");
    for e in sparse.excerpts() {
        for (k, view) in e.leet().iter().enumerate() {
            let whole = n.leet().get(k).map_or("", |v| v.as_str());
            assert!(
                whole.contains(view.as_str()),
                "excerpt {:?} leet view {k} is not part of the whole one",
                e.range()
            );
        }
    }
    let _ = name_tokens(&text);
    let _ = skeleton(&text);
});
