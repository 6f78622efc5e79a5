//! Behaviour of the finder through its public API.

use baitwatch_campaign::{
    BuildError, Campaign, CampaignFinder, CampaignFinderBuilder, Campaigns, Member, Signal,
    SignalKind,
};
use baitwatch_metadata::{Ecosystem, Package};

fn pkg(eco: Ecosystem, name: &str) -> Package {
    Package::new(eco, name)
}

fn group(packages: &[Package]) -> Campaigns {
    let mut f = CampaignFinder::new();
    for p in packages {
        f.add(p);
    }
    f.finish()
}

/// Mixed-case random letters, the way some floods fill their metadata.
fn random_letters(seed: u64, n: usize) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let c = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[(x % 52) as usize];
            char::from(c)
        })
        .collect()
}

fn names(eco: Ecosystem, names: &[&str]) -> Vec<Package> {
    names.iter().map(|n| pkg(eco.clone(), n)).collect()
}

/// (case, packages, expected campaign sizes, expected signal kind).
type Case = (&'static str, Vec<Package>, Vec<usize>, Option<SignalKind>);

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    out.push((
        "generated suffixes form a name template",
        names(
            Ecosystem::Npm,
            &[
                "free-gems-generator-2024-x7k2p9q",
                "free-gems-generator-2024-a1b2c3",
                "free-gems-generator-2024-9f8e7d6c",
                "free-gems-generator-2024-zz9q8w",
                "free-gems-generator-2024-plq7m3x",
                "left-pad",
            ],
        ),
        vec![5],
        Some(SignalKind::NameTemplate),
    ));
    out.push((
        "a vendor family over ordinary words does not",
        names(
            Ecosystem::PyPI,
            &[
                "cloudco-mgmt-compute",
                "cloudco-mgmt-network",
                "cloudco-mgmt-storage",
                "cloudco-mgmt-keyvault",
                "cloudco-mgmt-monitor",
                "cloudco-mgmt-sql",
                "cloudco-mgmt-html",
            ],
        ),
        vec![],
        None,
    ));
    out.push((
        "lorem-ipsum words under one scope",
        names(
            Ecosystem::Npm,
            &[
                "@someorg/dolor-amet",
                "@someorg/quia-voluptas",
                "@someorg/odio-facere-rerum",
                "@someorg/eius-modi",
                "@someorg/harum-quidem",
                "@otherorg/real-thing",
            ],
        ),
        vec![5],
        Some(SignalKind::LoremScope),
    ));
    out.push((
        "empty metadata and a common name shape alone do not group",
        [
            "alpha-tools",
            "beta-utils",
            "gamma-core",
            "delta-lib",
            "omega-kit",
            "sigma-cli",
        ]
        .iter()
        .map(|n| {
            let mut p = pkg(Ecosystem::PyPI, n);
            p.version = "1.0.0".into();
            p
        })
        .collect(),
        vec![],
        None,
    ));
    out.push((
        "random-letter metadata groups",
        [
            "qwerty-one",
            "asdfg-two",
            "zxcvb-three",
            "poiuy-four",
            "lkjhg-five",
        ]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut p = pkg(Ecosystem::PyPI, n);
            p.version = "1.0.0".into();
            p.summary = random_letters(i as u64 * 2 + 1, 40);
            p.author = random_letters(i as u64 * 2 + 2, 14);
            p.description = random_letters(i as u64 + 100, 60);
            p
        })
        .collect(),
        vec![5],
        Some(SignalKind::RandomMetadata),
    ));
    out.push((
        "near-duplicate READMEs with the name templated in",
        ["sunrise", "moonbeam", "stardust", "nebula", "comet", "quasar"]
            .iter()
            .map(|n| {
                let mut p = pkg(Ecosystem::Npm, n);
                p.description = format!(
                    "Welcome to {n}! {n} gives you unlimited gems and coins for your favourite game. \
                     Install {n} today, open the generator page, enter your user name, choose the amount \
                     and press the button to receive everything instantly without any verification at all."
                );
                p
            })
            .collect(),
        vec![6],
        Some(SignalKind::NearDuplicateText),
    ));
    out.push((
        "the same short link",
        [
            "pkg-apple",
            "pkg-banana",
            "pkg-cherry",
            "pkg-grape",
            "pkg-mango",
        ]
        .iter()
        .map(|n| {
            let mut p = pkg(Ecosystem::Npm, n);
            p.summary = "get it at https://bit.ly/3xYz9Q now".into();
            p
        })
        .collect(),
        vec![5],
        Some(SignalKind::SharedShortLink),
    ));
    out.push((
        "same author and keyword set corroborate each other",
        ["walrus", "penguin", "otter", "beaver", "badger"]
            .iter()
            .map(|n| {
                let mut p = pkg(Ecosystem::Npm, n);
                p.author = "flood account".into();
                p.keywords = vec!["tea".into(), "tea-protocol".into()];
                p.summary = format!("the {n} package");
                p
            })
            .collect(),
        vec![5],
        Some(SignalKind::SameAuthor),
    ));
    let versioned = |names: &[&str], version: &str| -> Vec<Package> {
        names
            .iter()
            .map(|n| {
                let mut p = pkg(Ecosystem::PyPI, n);
                p.version = version.into();
                p
            })
            .collect()
    };
    out.push((
        "a flood varying one word shares a name stem",
        {
            let mut v = versioned(
                &[
                    "databasewinds",
                    "databasecrows",
                    "databaseplums",
                    "databasekites",
                ],
                "0.0.4",
            );
            v.extend(versioned(&["databaseforge", "database-gizmo"], "2.4.0"));
            v.extend(versioned(&["requests"], "2.32.3"));
            v
        },
        vec![6],
        Some(SignalKind::NameStem),
    ));
    out.push((
        "a vendor family joining words with separators is no name stem",
        versioned(
            &[
                "dagster-dbt",
                "dagster-aws",
                "dagster-gcp",
                "dagster-k8s",
                "dagster-pandas",
                "dagster-shell",
            ],
            "0.2.1",
        ),
        vec![],
        None,
    ));
    out.push((
        "a common stem shared by unrelated packages with real summaries is no campaign",
        [
            "databaseone",
            "databasetwo",
            "databasethree",
            "databasefour",
            "databasefive",
        ]
        .iter()
        .map(|n| {
            let mut p = pkg(Ecosystem::PyPI, n);
            p.version = "1.0.0".into();
            p.summary = format!("Driver for the {n} database");
            p.author = format!("{n} maintainers");
            p
        })
        .collect(),
        vec![],
        None,
    ));
    out
}

#[test]
fn name_stem_buckets_are_bounded() {
    // 60 packages starting with one word: a common word, not one actor.
    let many: Vec<Package> = (0..60)
        .map(|i| {
            let mut p = pkg(
                Ecosystem::PyPI,
                &format!("pythonic{}", random_letters(i, 6).to_lowercase()),
            );
            p.version = "0.1.0".into();
            p
        })
        .collect();
    let c = group(&many);
    assert!(
        c.iter()
            .all(|c| c.signals.iter().all(|s| s.kind != SignalKind::NameStem)),
        "{c}"
    );
}

#[test]
fn table() {
    for (case, packages, sizes, kind) in cases() {
        let c = group(&packages);
        let got: Vec<usize> = c.iter().map(|c| c.size).collect();
        assert_eq!(
            got,
            sizes,
            "{case}: {c} {:?}",
            packages
                .iter()
                .map(|p| (&p.summary, &p.author))
                .collect::<Vec<_>>()
        );
        if let Some(kind) = kind {
            let first = c.campaigns.first().expect(case);
            assert!(
                first.signals.iter().any(|s| s.kind == kind),
                "{case}: {first}"
            );
            for m in &first.members {
                let f = c.findings_for(m.index);
                assert!(!f.is_empty(), "{case}: no findings for {}", m.name);
                assert!(f.iter().all(|f| f.rule.starts_with("campaign.")));
                assert!(f.iter().all(|f| f.weight > 0.0 && f.weight <= 50.0));
            }
        }
    }
}

#[test]
fn deterministic_and_serialisable() {
    let all: Vec<Package> = cases().into_iter().flat_map(|c| c.1).collect();
    let a = serde_json::to_string(&group(&all).campaigns).unwrap();
    let b = serde_json::to_string(&group(&all).campaigns).unwrap();
    assert_eq!(a, b);
    let back: Vec<Campaign> = serde_json::from_str(&a).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), a);
    // add_batch gives the same as add one by one.
    let mut f = CampaignFinder::new();
    f.add_batch(&all);
    assert_eq!(serde_json::to_string(&f.finish().campaigns).unwrap(), a);
}

#[test]
fn builder() {
    assert_eq!(
        CampaignFinder::builder().min_size(1).build().unwrap_err(),
        BuildError::MinSize { value: 1 }
    );
    let mut b = CampaignFinderBuilder::default();
    for k in SignalKind::ALL {
        b.signal(*k, false);
    }
    assert_eq!(b.build().unwrap_err(), BuildError::NoSignals);
    // Turning the name template off leaves the generated names ungrouped.
    let (_, packages, _, _) = cases().remove(0);
    let mut f = CampaignFinder::builder()
        .signal(SignalKind::NameTemplate, false)
        .build()
        .unwrap();
    f.add_batch(&packages);
    assert!(f.finish().is_empty());
    let mut f = CampaignFinder::builder().min_size(6).build().unwrap();
    f.add_batch(&packages);
    assert!(f.finish().is_empty());
}

#[test]
fn odd_input_does_not_panic() {
    let mut f = CampaignFinder::new();
    let long = "x9".repeat(100_000);
    for name in [
        "",
        "-",
        "@",
        "@/",
        "@a/",
        "ǅ-ǅ-ǅ-1",
        "\u{202e}evil-1a2b3c",
        &long,
    ] {
        let mut p = pkg(Ecosystem::Npm, name);
        p.summary = format!(
            "{name} http:// https://a https://bit.ly/ www. {}",
            "ä".repeat(30_000)
        );
        p.description = "https://x.y?ref=abc&ref=".repeat(1000);
        p.keywords = vec![String::new(); 100];
        p.published = "2024-01-0".into();
        p.version = "99999999999999999999.1".into();
        f.add(&p);
    }
    let c = f.finish();
    assert!(c.findings_for(usize::MAX).is_empty());
    assert!(c.campaign_of(1000).is_none());
}

#[test]
fn display_lists_signals_and_members() {
    let (_, packages, _, _) = cases().remove(0);
    let c = group(&packages);
    let text = c.to_string();
    assert!(text.contains("campaign #1: 5 packages"), "{text}");
    assert!(text.contains("name-template"), "{text}");
    assert!(text.contains("free-gems-generator-2024-a1b2c3"), "{text}");
}

#[test]
fn public_types_are_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<CampaignFinder>();
    check::<CampaignFinderBuilder>();
    check::<Campaigns>();
    check::<Campaign>();
    check::<Member>();
    check::<Signal>();
    check::<SignalKind>();
    check::<BuildError>();
}

#[test]
fn data_files_sorted_and_deduplicated() {
    for (name, text) in [
        ("lorem.txt", include_str!("../data/lorem.txt")),
        (
            "infra-domains.txt",
            include_str!("../data/infra-domains.txt"),
        ),
        ("shorteners.txt", include_str!("../data/shorteners.txt")),
        ("placeholders.txt", include_str!("../data/placeholders.txt")),
    ] {
        let lines: Vec<&str> = text.lines().collect();
        let mut sorted = lines.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(lines, sorted, "{name} must be sorted and deduplicated");
        assert!(
            lines.iter().all(|l| !l.trim().is_empty() && l.trim() == *l),
            "{name}"
        );
    }
}
