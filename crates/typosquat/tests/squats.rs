//! Table-driven checks of the techniques, the false-alarm controls and
//! the builders, over the embedded lists and small lists of our own.

use baitwatch_metadata::{Detector, Ecosystem, Package};
use baitwatch_typosquat::{
    BuildError, PopularIndex, PopularIndexBuilder, PopularPackage, Squat, Technique,
    TyposquatDetector, TyposquatDetectorBuilder, check,
};

fn best(eco: &Ecosystem, name: &str) -> Option<Squat> {
    check(eco, name).into_iter().next()
}

/// (registry, name, popular target, technique, minimum weight)
#[test]
fn techniques_on_embedded_lists() {
    use Ecosystem::*;
    use Technique::*;
    let cases: &[(Ecosystem, &str, &str, Technique, f64)] = &[
        (PyPI, "reqeusts", "requests", SwappedChars, 70.0),
        (PyPI, "requestss", "requests", RepeatedChar, 70.0),
        (PyPI, "reqests", "requests", OmittedChar, 55.0),
        (PyPI, "reqbests", "requests", SubstitutedChar, 40.0),
        (PyPI, "requwsts", "requests", KeyboardTypo, 70.0),
        (PyPI, "requeRts", "requests", Bitflip, 40.0),
        (PyPI, "matplotlkib", "matplotlib", InsertedChar, 60.0),
        (PyPI, "pythondateutil", "python-dateutil", Separator, 60.0),
        (PyPI, "dateutil-python", "python-dateutil", WordOrder, 55.0),
        (
            Npm,
            "eslints-plugins-import",
            "eslint-plugin-import",
            PluralWords,
            50.0,
        ),
        (PyPI, "googles-auths", "google-auth", PluralWords, 50.0),
        (PyPI, "requests3", "requests", VersionSuffix, 25.0),
        (PyPI, "requests-utils", "requests", Affix, 25.0),
        (PyPI, "pycolorama", "colorama", Affix, 25.0),
        (PyPI, "requеsts", "requests", Homoglyph, 85.0), // Cyrillic е
        (PyPI, "tensorflovv", "tensorflow", ConfusableChars, 75.0),
        (PyPI, "nurnpy", "numpy", ConfusableChars, 45.0),
        (PyPI, "c0lorama", "colorama", ConfusableChars, 75.0),
        (PyPI, "coloramzz", "colorama", TwoEdits, 30.0),
        // A digit typed into a word splits it, but is noise on a slip.
        (PyPI, "colo7amma", "colorama", TwoEdits, 40.0),
        (Npm, "cl9pboardyy", "clipboardy", TwoEdits, 25.0),
        (Npm, "o7n-finishd", "on-finished", TwoEdits, 40.0),
        // `rn` is folded to `m` only for exact look-alikes, not for edits.
        (PyPI, "saeborn", "seaborn", SwappedChars, 60.0),
        (Npm, "acron-walk", "acorn-walk", SwappedChars, 60.0),
        (Npm, "lodahs", "lodash", SwappedChars, 50.0),
        (Npm, "expresss", "express", RepeatedChar, 60.0),
        (Npm, "1odash", "lodash", ConfusableChars, 75.0),
        (Npm, "lodash-js", "lodash", Affix, 25.0),
        (Npm, "@evil/lodash", "lodash", ScopeConfusion, 15.0),
        (Npm, "chalk-smart", "chalk", Combosquat, 5.0),
        (
            NuGet,
            "Newtonsoft.Jsno",
            "Newtonsoft.Json",
            SegmentEdit,
            60.0,
        ),
        (NuGet, "Newtоnsoft.Json", "Newtonsoft.Json", Homoglyph, 85.0),
        (
            NuGet,
            "Newtonsoft.Json.Core",
            "Newtonsoft.Json",
            Affix,
            15.0,
        ),
    ];
    let mut failures = Vec::new();
    for (eco, name, target, technique, min_weight) in cases {
        let squats = check(eco, name);
        let Some(hit) = squats.iter().find(|s| s.target == *target) else {
            failures.push(format!("{eco} {name}: no squat of {target}: {squats:?}"));
            continue;
        };
        if hit.technique != *technique || squats[0].weight < *min_weight || squats.len() > 3 {
            failures.push(format!(
                "{eco} {name}: want {technique} >= {min_weight}: {squats:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Names that must not be called squats at all, or only weakly.
#[test]
fn false_alarm_controls() {
    use Ecosystem::*;
    // (registry, name, highest weight allowed)
    let cases: &[(Ecosystem, &str, f64)] = &[
        (PyPI, "requests", 0.0),         // popular itself
        (PyPI, "Requests", 0.0),         // PEP 503 equivalent
        (PyPI, "python_dateutil", 0.0),  // PEP 503 equivalent
        (PyPI, "Python.Dateutil", 0.0),  // PEP 503 equivalent
        (Npm, "LODASH", 0.0),            // npm compares lower case
        (NuGet, "newtonsoft.json", 0.0), // NuGet ids are case-insensitive
        (PyPI, "article", 20.0),         // dictionary word near `particle`
        (Npm, "spare", 20.0),            // dictionary word near `sparse`
        (Npm, "zustand-x", 5.0),         // a word added, not a typo
        (Npm, "js-loader", 25.0),        // short word swapped (`ts-loader`)
        (Npm, "get-values", 25.0),       // plural
        (PyPI, "google-auths", 25.0),    // one word plural: a single edit
        (PyPI, "googles-auth-ss", 5.0),  // a word added: not only plurals
        (PyPI, "brgparsd", 10.0),        // two edits, one of them the first letter
        (PyPI, "aqxparse", 10.0),        // two side-by-side substitutions
        (PyPI, "sedup-toolz", 10.0),     // two edits and the words split anew
        (PyPI, "colo2amma", 10.0),       // `2` reads "to" in honest names
        (Npm, "on7-finishd", 10.0),      // a digit at a word's edge is a token
        (Npm, "deepequal", 25.0),        // a compound of dictionary words joined
        (Npm, "@types/lodash", 0.0),     // DefinitelyTyped's scope
        (Npm, "@types/lodahs", 0.0),     // only DefinitelyTyped publishes there
        (PyPI, "abc", 0.0),              // too short for edits
        (PyPI, "", 0.0),
        (PyPI, "   ", 0.0),
    ];
    for (eco, name, max) in cases {
        let w = best(eco, name).map_or(0.0, |s| s.weight);
        assert!(
            w <= *max,
            "{eco} {name:?}: weight {w} > {max}: {:?}",
            check(eco, name)
        );
    }
}

#[test]
fn every_popular_name_is_clean() {
    for eco in Ecosystem::KNOWN {
        let ix = PopularIndex::embedded(&eco).unwrap();
        assert!(ix.len() > 2_000);
        let list = match eco {
            Ecosystem::Npm => include_str!("../data/npm.txt"),
            Ecosystem::PyPI => include_str!("../data/pypi.txt"),
            _ => include_str!("../data/nuget.txt"),
        };
        for name in list.lines() {
            assert!(
                ix.check(name).is_empty(),
                "{eco} {name}: {:?}",
                ix.check(name)
            );
        }
    }
}

#[test]
fn hostile_input_does_not_panic() {
    let long = "a".repeat(100_000);
    let weird = "\u{202e}ｒｅｑｕｅｓｔｓ\u{200b}";
    for eco in Ecosystem::KNOWN {
        for name in [
            long.as_str(),
            weird,
            "@/",
            "@",
            "/",
            "-_.",
            "ä\u{308}\u{308}\u{308}",
            "𝐫𝐞𝐪𝐮𝐞𝐬𝐭𝐬",
            "@a/@b/c",
            &"ab-".repeat(300),
        ] {
            let _ = check(&eco, name);
        }
    }
    assert!(check(&Ecosystem::Other("cargo".into()), "serde").is_empty());
}

#[test]
fn findings_name_target_and_technique() {
    let det = TyposquatDetector::new();
    assert_eq!(det.name(), "typosquat");
    let mut out = Vec::new();
    det.detect(&Package::new(Ecosystem::PyPI, "reqeusts"), &mut out);
    let f = &out[0];
    assert_eq!(f.rule, "typosquat.swapped-chars");
    assert_eq!(f.evidence, "requests");
    assert!(
        f.message.contains("requests") && f.message.contains("swapped"),
        "{}",
        f.message
    );
    assert_eq!(f.category.as_str(), "typosquat");
    let undocumented = "typosquat.undocumented-lookalike";
    assert!(
        out.iter()
            .skip(1)
            .filter(|f| f.rule != undocumented)
            .all(|f| f.weight == 0.0)
    );
    // A bare name says nothing of what else it could be ...
    let u = out
        .iter()
        .find(|f| f.rule == undocumented)
        .expect("undocumented");
    assert_eq!(u.evidence, "requests");
    assert!(u.weight > 0.0);
    // ... a description does; and a combosquat alone never adds it.
    let mut pkg = Package::new(Ecosystem::PyPI, "reqeusts");
    pkg.summary = "HTTP for cats".into();
    out.clear();
    det.detect(&pkg, &mut out);
    assert!(out.iter().all(|f| f.rule != undocumented));
    out.clear();
    det.detect(&Package::new(Ecosystem::Npm, "chai-sparkle"), &mut out);
    assert!(out.iter().all(|f| f.rule != undocumented), "{out:?}");
}

#[test]
fn builders() {
    // Own list, ranked by downloads.
    let ix = PopularIndex::builder()
        .ecosystem(Ecosystem::Npm)
        .packages([
            PopularPackage::new("tiny-thing").with_downloads(10),
            PopularPackage::new("widget-maker").with_downloads(1_000_000),
        ])
        .build()
        .unwrap();
    assert_eq!(ix.rank("widget-maker"), Some(1));
    assert_eq!(ix.check("widget-makr")[0].target, "widget-maker");
    assert!(ix.check("lodahs").is_empty(), "replaced list has no lodash");

    // Popularity ratio: a listed name is a squat only of a far more popular one.
    let ix = PopularIndex::builder()
        .ecosystem(Ecosystem::PyPI)
        .packages([
            PopularPackage::new("gadgetry").with_downloads(1_000_000),
            PopularPackage::new("gadgetyr").with_downloads(50),
            PopularPackage::new("gadgetri").with_downloads(500_000),
        ])
        .build()
        .unwrap();
    assert_eq!(ix.check("gadgetyr")[0].target, "gadgetry");
    assert!(ix.check("gadgetri").is_empty());

    // Same author: not a squat.
    let ix = PopularIndex::builder()
        .ecosystem(Ecosystem::PyPI)
        .packages([PopularPackage::new("gadgetry").with_authors(["Alice"])])
        .build()
        .unwrap();
    assert!(ix.check_with_authors("gadgetyr", &["alice"]).is_empty());
    assert!(!ix.check_with_authors("gadgetyr", &["mallory"]).is_empty());

    // Extending the embedded list keeps the defaults.
    let det = TyposquatDetector::builder()
        .extend_popular(Ecosystem::PyPI, [PopularPackage::new("gadgetry")])
        .build()
        .unwrap();
    let mut p = Package::new(Ecosystem::PyPI, "gadgetyr");
    assert_eq!(det.check(&p)[0].target, "gadgetry");
    p.name = "reqeusts".into();
    assert_eq!(det.check(&p)[0].target, "requests");
    // Same-author suppression through the detector.
    let det = TyposquatDetector::builder()
        .popular(
            Ecosystem::PyPI,
            [PopularPackage::new("gadgetry").with_authors(["alice"])],
        )
        .build()
        .unwrap();
    p.name = "gadgetyr".into();
    p.maintainers = vec!["Alice".into()];
    assert!(det.check(&p).is_empty());

    // Errors.
    let err = |b: &PopularIndexBuilder| b.build().unwrap_err();
    assert_eq!(err(&PopularIndex::builder()), BuildError::MissingEcosystem);
    assert!(matches!(
        err(PopularIndex::builder()
            .ecosystem(Ecosystem::Npm)
            .names(["ok", " "])),
        BuildError::EmptyName { position: 1 }
    ));
    assert!(matches!(
        err(PopularIndex::builder()
            .ecosystem(Ecosystem::Npm)
            .names(["x".repeat(300)])),
        BuildError::NameTooLong { .. }
    ));
    assert!(matches!(
        err(PopularIndex::builder()
            .ecosystem(Ecosystem::Npm)
            .popularity_ratio(f64::NAN)),
        BuildError::InvalidRatio { .. }
    ));
    assert!(
        TyposquatDetector::builder()
            .popularity_ratio(0.5)
            .build()
            .is_err()
    );
    // A builder can be built again.
    let mut b = PopularIndex::builder();
    b.ecosystem(Ecosystem::Npm).names(["alpha-beta"]);
    assert_eq!(b.build().unwrap().len(), b.build().unwrap().len());
    assert!(!BuildError::MissingEcosystem.to_string().is_empty());
}

#[test]
fn public_types_are_send_sync() {
    fn ok<T: Send + Sync>() {}
    ok::<PopularIndex>();
    ok::<PopularIndexBuilder>();
    ok::<PopularPackage>();
    ok::<Squat>();
    ok::<Technique>();
    ok::<TyposquatDetector>();
    ok::<TyposquatDetectorBuilder>();
    ok::<BuildError>();
}

#[test]
fn rule_ids_are_stable_and_unique() {
    let mut seen = std::collections::HashSet::new();
    for t in Technique::ALL {
        assert!(t.rule().starts_with("typosquat."), "{t}");
        assert!(seen.insert(t.rule()), "{t}");
        assert!(!t.describe().is_empty());
    }
}

/// Reordered words weigh 55 for a target in the top 1,000 and 30 beyond:
/// honest packages often join the same two words the other way round.
/// Separator squats lose 25 for a target ranked below 8,000, as single
/// edits do.
#[test]
fn low_ranked_targets_weigh_less() {
    let mut list = vec![PopularPackage::new("zorblat-quixle")];
    list.extend((0..1_100).map(|i| PopularPackage::new(format!("fillerpkg{i:04}"))));
    list.push(PopularPackage::new("vextor-plimbo"));
    list.extend((1_100..8_100).map(|i| PopularPackage::new(format!("fillerpkg{i:04}"))));
    list.push(PopularPackage::new("gronkwidget-helper"));
    let ix = PopularIndex::builder()
        .ecosystem(Ecosystem::Npm)
        .packages(list)
        .build()
        .unwrap();
    let top = &ix.check("quixle-zorblat")[0];
    assert_eq!(
        (top.technique, top.rank, top.weight),
        (Technique::WordOrder, 1, 55.0)
    );
    let low = &ix.check("plimbo-vextor")[0];
    assert_eq!(
        (low.technique, low.rank, low.weight),
        (Technique::WordOrder, 1_102, 30.0)
    );
    let top = &ix.check("zorblatquixle")[0];
    assert_eq!((top.technique, top.weight), (Technique::Separator, 60.0));
    let low = &ix.check("gronkwidgethelper")[0];
    assert_eq!(
        (low.technique, low.rank, low.weight),
        (Technique::Separator, 8_103, 35.0)
    );
}

/// A look-alike whose summary says what it does, never naming the target,
/// weighs 15 less, and says so; one that names the target, or has no
/// summary, keeps its weight.
#[test]
fn own_purpose_summaries_lower_lookalikes() {
    use baitwatch_typosquat::OWN_PURPOSE_DISCOUNT;
    let det = TyposquatDetector::new();
    let weight_of = |summary: &str| {
        let mut p = Package::new(Ecosystem::PyPI, "reqeusts");
        p.summary = summary.to_owned();
        let mut out = Vec::new();
        det.detect(&p, &mut out);
        let f = out
            .into_iter()
            .find(|f| f.rule == "typosquat.swapped-chars")
            .expect("a swap of requests");
        (f.weight, f.message)
    };
    let (plain, _) = weight_of("");
    let (own, message) = weight_of("Validate HTTP header names and values strictly for servers");
    assert_eq!(own, plain - OWN_PURPOSE_DISCOUNT);
    assert!(message.contains("never names `requests`"), "{message}");
    let (named, _) = weight_of("A drop-in fork of requests with retries and timeouts");
    assert_eq!(named, plain);
    let (short, _) = weight_of("HTTP for humans");
    assert_eq!(short, plain);
    let (filler, _) = weight_of("qzxv prtklm wvbnrt sdfghk mnbvcx zxcvbn lkjhgf poiuyt trewq");
    assert_eq!(filler, plain);
}
