//! The typosquat checks against the embedded popular lists, and the
//! detector over a whole package.
#![no_main]

use std::sync::LazyLock;

use baitwatch_fuzz::{check_spans, ecosystem, package};
use baitwatch_metadata::Detector;
use baitwatch_typosquat::TyposquatDetector;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

static DETECTOR: LazyLock<TyposquatDetector> = LazyLock::new(TyposquatDetector::new);

fuzz_target!(|data: &[u8]| {
    let Some((&b, rest)) = data.split_first() else {
        return;
    };
    let name = String::from_utf8_lossy(rest);
    let eco = ecosystem(&mut Unstructured::new(&[b])).unwrap_or(baitwatch_metadata::Ecosystem::Npm);
    let _ = baitwatch_typosquat::check(&eco, &name);
    if let Ok(p) = package(&mut Unstructured::new(data)) {
        let mut findings = Vec::new();
        DETECTOR.detect(&p, &mut findings);
        check_spans(&p, &findings);
    }
});
