//! Property tests at the facade level: the guarantees baitwatch makes for
//! any input, checked on generated packages and texts.
//!
//! * text normalisation is idempotent;
//! * every evidence span of every finding lies inside the original text of
//!   its field and on character boundaries;
//! * `normalize_name` is stable and idempotent for npm, PyPI and NuGet;
//! * scanning never panics on arbitrary `Package` values;
//! * the same input always gives the same report.
//!
//! Everything goes through `Scanner::new()`, so the tests cover whatever
//! detectors the default scanner runs.

use std::sync::LazyLock;

use baitwatch::text::Normalizer;
use baitwatch::{Ecosystem, Package, Scanner, normalize_name};
use proptest::prelude::*;

/// Fragments the detectors care about, mixed into arbitrary Unicode.
const FRAGMENTS: &[&str] = &[
    "free",
    "robux",
    "v-bucks",
    "generator",
    "hack",
    "cheat",
    "gift card",
    "followers",
    "crack",
    "2024",
    "no human verification",
    "http://",
    "https://",
    "hxxp://",
    "www.",
    ".com",
    ".tk",
    "[.]",
    " dot ",
    "bit.ly/",
    "?ref=",
    "/claim",
    "@",
    "mailto:",
    "javascript:",
    "](",
    "[",
    "]",
    "(",
    ")",
    "<a href=\"",
    "\">",
    "</a>",
    "`",
    "\n",
    " ",
    "-",
    "_",
    ".",
    "0",
    "1",
    "3",
    "@scope/",
    "react",
    "lodash",
    "requests",
    "numpy",
    "Newtonsoft.Json",
    "xn--",
    "\u{200B}",
    "\u{200D}",
    "\u{FEFF}",
    "\u{0430}",
    "\u{043E}",
    "\u{FF26}",
    "\u{1D41F}",
    "\u{0301}",
    "\u{2067}",
    "\u{00DF}",
    "\u{0130}",
    "\u{FB01}",
    "F R E E",
    "f.r.e.e",
    "fr33",
    "r0bux",
    "\u{3000}",
];

static SCANNER: LazyLock<Scanner> = LazyLock::new(Scanner::new);

/// Text of up to `max` pieces, each a fragment or arbitrary Unicode.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
            any::<String>(),
            "[a-z0-9.\\-_ ]{0,12}",
        ],
        0..=max,
    )
    .prop_map(|parts| parts.concat())
}

fn ecosystem() -> impl Strategy<Value = Ecosystem> {
    prop_oneof![
        Just(Ecosystem::Npm),
        Just(Ecosystem::PyPI),
        Just(Ecosystem::NuGet),
        "x[a-z]{0,7}".prop_map(Ecosystem::Other),
    ]
}

fn package() -> impl Strategy<Value = Package> {
    (
        (ecosystem(), text(6), text(3), text(12), text(40)),
        (
            prop::collection::vec(text(3), 0..6),
            text(3),
            text(3),
            prop::collection::vec(text(2), 0..3),
        ),
        (
            text(6),
            text(6),
            prop::collection::btree_map(text(2), text(6), 0..4),
            text(2),
            prop::collection::btree_map(text(1), text(4), 0..2),
            any::<Option<u64>>(),
        ),
    )
        .prop_map(
            |(
                (eco, name, version, summary, description),
                (keywords, author, author_email, maintainers),
                (homepage, repository, project_urls, license, install_scripts, versions_count),
            )| {
                let mut p = Package::new(eco, name);
                p.version = version;
                p.summary = summary;
                p.description = description;
                p.keywords = keywords;
                p.author = author;
                p.author_email = author_email;
                p.maintainers = maintainers;
                p.homepage = homepage;
                p.repository = repository;
                p.project_urls = project_urls;
                p.license = license;
                p.install_scripts = install_scripts;
                p.versions_count = versions_count;
                p
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    // Every view (plain and leet) is a fixed point: normalising it again
    // gives it back. FINDINGS.md F1 ("a-a a" read "a a a", then "aaa").
    #[test]
    fn normalisation_is_idempotent(s in text(24)) {
        let n = Normalizer::new();
        let once = n.normalize(&s);
        prop_assume!(!once.truncated());
        for view in once.views() {
            let twice = n.normalize(view.as_str());
            prop_assert_eq!(twice.plain().as_str(), view.as_str(), "{:?}", s);
        }
    }

    #[test]
    fn normaliser_spans_are_char_boundaries_of_the_input(s in text(24)) {
        let views = Normalizer::new().normalize(&s);
        for view in views.views() {
            for (range, _) in view.words() {
                if let Some(span) = view.original_span(range) {
                    prop_assert!(s.get(span.clone()).is_some(), "{:?} in {:?}", span, s);
                }
            }
        }
    }

    #[test]
    fn name_normalisation_is_stable_and_idempotent(name in text(6)) {
        for eco in Ecosystem::KNOWN {
            let once = normalize_name(&eco, &name);
            prop_assert_eq!(&once, &normalize_name(&eco, &name));
            prop_assert_eq!(&normalize_name(&eco, &once), &once, "{} {:?}", eco, name);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Never panics; spans inside their fields on char boundaries; score in
    /// range; the same report from a second scan and from a fresh scanner.
    #[test]
    fn scanning_is_total_bounded_and_deterministic(p in package()) {
        let report = SCANNER.scan(&p);
        prop_assert!((0.0..=100.0).contains(&report.score));
        for f in &report.findings {
            let f = &f.finding;
            if let (Some(span), Some(field)) = (&f.span, f.field.text(&p)) {
                prop_assert!(
                    field.get(span.clone()).is_some(),
                    "{}: span {:?} outside or inside a char of the {} field {:?}",
                    f.rule, span, f.field, field
                );
            }
        }
        prop_assert_eq!(&report, &SCANNER.scan(&p));
        prop_assert_eq!(&report, &Scanner::new().scan(&p));
    }

    /// A package survives its own JSON form and scans the same after it.
    #[test]
    fn json_round_trip_scans_the_same(p in package()) {
        prop_assume!(!p.name.trim().is_empty());
        let json = serde_json::to_vec(&p).unwrap();
        let back = Package::from_json(&json).unwrap();
        prop_assert_eq!(SCANNER.scan(&back), SCANNER.scan(&p));
    }
}
