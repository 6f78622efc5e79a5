//! The link extractor, the URL risk assessor and the links detector.
#![no_main]

use std::sync::LazyLock;

use baitwatch_fuzz::{check_spans, package};
use baitwatch_links::{LinkAssessor, LinkFinder, LinksDetector};
use baitwatch_metadata::Detector;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

static FINDER: LazyLock<LinkFinder> = LazyLock::new(LinkFinder::new);
static ASSESSOR: LazyLock<LinkAssessor> = LazyLock::new(LinkAssessor::new);
static DETECTOR: LazyLock<LinksDetector> = LazyLock::new(LinksDetector::new);

fuzz_target!(|data: &[u8]| {
    // Raw text first: the extractor's own spans.
    let text = String::from_utf8_lossy(data);
    for link in FINDER.links(&text) {
        assert_eq!(
            text.get(link.span.clone()),
            Some(link.written.as_str()),
            "{link:?}"
        );
        let _ = ASSESSOR.assess(&link);
    }
    // Then a whole package through the detector.
    if let Ok(p) = package(&mut Unstructured::new(data)) {
        let mut findings = Vec::new();
        DETECTOR.detect(&p, &mut findings);
        check_spans(&p, &findings);
    }
});
