//! The whole `baitwatch::Scanner` (every default detector) over a package
//! built from fuzz input: no panic, spans inside their fields, the same
//! report twice, a score in 0..=100.
#![no_main]

use std::sync::LazyLock;

use baitwatch::Scanner;
use baitwatch_fuzz::{check_spans, package};
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

static SCANNER: LazyLock<Scanner> = LazyLock::new(Scanner::new);

fuzz_target!(|data: &[u8]| {
    let Ok(p) = package(&mut Unstructured::new(data)) else {
        return;
    };
    let report = SCANNER.scan(&p);
    assert!(
        (0.0..=100.0).contains(&report.score),
        "score {}",
        report.score
    );
    let findings: Vec<_> = report.findings.iter().map(|f| f.finding.clone()).collect();
    check_spans(&p, &findings);
    assert_eq!(
        report,
        SCANNER.scan(&p),
        "a second scan gave another report"
    );
});
