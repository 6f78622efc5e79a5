//! The lure lexicon parser, the term matcher and the lure detector.
#![no_main]

use std::sync::LazyLock;

use baitwatch_fuzz::{check_spans, package};
use baitwatch_lure::{Lexicon, LureDetector};
use baitwatch_metadata::Detector;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

static DETECTOR: LazyLock<LureDetector> = LazyLock::new(LureDetector::new);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for m in DETECTOR.find_terms(&text) {
        assert!(text.get(m.span.clone()).is_some(), "{m:?}");
    }
    let _ = Lexicon::parse(&text);
    if let Ok(p) = package(&mut Unstructured::new(data)) {
        let mut findings = Vec::new();
        DETECTOR.detect(&p, &mut findings);
        check_spans(&p, &findings);
    }
});
