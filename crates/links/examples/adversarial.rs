//! Link extraction on adversarial 10 MB inputs (the link cases of the
//! workspace's `benches/adversarial.rs`, plus a few aimed at the Markdown
//! destination and title scans), through `extract_links`, an uncapped
//! `LinkFinder` and the detector with default and with unbounded limits.
//!
//! ```text
//! cargo run --release -p baitwatch-links --example adversarial [FILTER]
//! ```
//!
//! `ADVERSARIAL_MB` sets the size (default 10); `FILTER` keeps the cases
//! whose name contains it. Every row should stay under 1 s.
use std::time::{Duration, Instant};

use baitwatch_links::{LinkFinder, LinksDetector, extract_links};
use baitwatch_metadata::{Detector, Ecosystem, Limits, Package};

const MB: usize = 1 << 20;

fn repeat_to(unit: &str, len: usize) -> String {
    let mut s = unit.repeat(len / unit.len() + 1);
    let mut end = len.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

fn row(case: &str, through: &str, len: usize, f: impl FnOnce() -> usize) -> bool {
    let start = Instant::now();
    let n = f();
    let took = start.elapsed();
    let over = took > Duration::from_secs(1);
    println!(
        "{case:<26} {through:<28} {:>6.2} MB {:>9.1} ms {:>8} out{}",
        len as f64 / MB as f64,
        took.as_secs_f64() * 1e3,
        n,
        if over { "  OVER 1 s" } else { "" }
    );
    over
}

fn main() {
    let mb: usize = std::env::var("ADVERSARIAL_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let filter = std::env::args().nth(1).unwrap_or_default();
    let n = mb * MB;
    let cases: &[(&str, &str)] = &[
        ("repeated http://", "http://"),
        ("repeated [[[[", "["),
        ("a.a.a.a...", "a."),
        ("markdown links", "[x](http://a.tk/?ref=1) "),
        ("hxxp [.] disguises", "hxxp://a[.]b[.]c "),
        ("<a href= unclosed", "<a href=\""),
        ("[x]( unclosed", "[x]("),
        ("[x](() deepening", "[x](()"),
        ("[x](a ( open title", "[x](a ("),
        ("[x](<a> ( open title", "[x](<a> ("),
        ("a dot a dot", "a dot "),
        ("a[.]b[.] run", "a[.]b[.]"),
        ("hxxp://a then ))))", ")"),
        ("a.com/ then ))))", ")"),
    ];
    let finder = LinkFinder::builder()
        .max_links(usize::MAX)
        .build()
        .expect("valid finder");
    let detector = LinksDetector::new();
    let mut limits = Limits::default();
    limits.max_text_bytes = usize::MAX;
    limits.max_links = usize::MAX;
    let unbounded = LinksDetector::builder()
        .limits(limits)
        .build()
        .expect("valid detector");
    let mut over = 0;
    for (case, unit) in cases {
        if !case.contains(filter.as_str()) {
            continue;
        }
        let mut text = repeat_to(unit, n);
        // One link, then the rest of the text as its unpaired brackets.
        if let Some(head) = case.strip_suffix(" then ))))") {
            text.replace_range(..head.len(), head);
        }
        let len = text.len();
        over += usize::from(row(case, "extract_links", len, || {
            extract_links(&text).count()
        }));
        over += usize::from(row(case, "LinkFinder, no link cap", len, || {
            finder.links(&text).count()
        }));
        let mut pkg = Package::new(Ecosystem::Npm, "adversarial");
        pkg.description = text;
        over += usize::from(row(case, "LinksDetector", len, || {
            let mut out = Vec::new();
            detector.detect(&pkg, &mut out);
            out.len()
        }));
        over += usize::from(row(case, "LinksDetector, no limits", len, || {
            let mut out = Vec::new();
            unbounded.detect(&pkg, &mut out);
            out.len()
        }));
    }
    if over == 0 {
        println!("every case finished in under 1 s");
    } else {
        println!("{over} case(s) over 1 s");
    }
}
