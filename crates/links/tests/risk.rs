//! URL-risk cases: for each text, the rules its first link must raise and
//! the rules it must not raise.

use baitwatch_links::{LinkAssessor, LinksDetector, Rule, extract_links};
use baitwatch_metadata::{Detector, Ecosystem, Finding, Package};

use Rule::*;

#[rustfmt::skip]
const CASES: &[(&str, &[Rule], &[Rule])] = &[
    // Ordinary links raise nothing.
    ("https://github.com/user/project", &[], &Rule::ALL),
    ("https://docs.rs/regex/latest/regex/", &[], &Rule::ALL),
    ("https://pypi.org/project/requests/?ref=home", &[], &Rule::ALL),
    ("https://img.shields.io/badge/free-robux-green", &[], &Rule::ALL),
    ("https://myproject.readthedocs.io/en/latest/", &[], &Rule::ALL),
    ("https://www.example-company.com/products/widget", &[], &Rule::ALL),
    ("http://localhost:3000/api", &[], &Rule::ALL),
    ("http://127.0.0.1:8000/", &[], &Rule::ALL),
    ("http://192.168.1.10:9000/admin", &[], &Rule::ALL),
    ("https://www.paypal.com/donate?hosted_button_id=X", &[], &Rule::ALL),
    ("https://discord.gg/python", &[], &Rule::ALL),
    ("https://store.steampowered.com/app/440", &[], &Rule::ALL),
    ("https://www.amazon.de/dp/B000", &[], &Rule::ALL),
    ("https://aws.amazon.com/s3/", &[], &Rule::ALL),
    ("https://streamlit.io/gallery", &[], &[BrandImitation]),
    ("https://www.freecodecamp.org/news/", &[], &[LureWord]),
    ("mailto:dev@example.org", &[], &Rule::ALL),
    ("[README.md](https://github.com/a/b/blob/main/README.md)", &[], &[AnchorMismatch]),
    ("[Node.js](https://nodejs.org/en)", &[], &[AnchorMismatch]),
    ("[ASP.NET](https://dotnet.microsoft.com/apps/aspnet)", &[], &[AnchorMismatch]),
    ("[docs.example.com](https://docs.example.com/guide)", &[], &[AnchorMismatch]),
    ("[![build](https://ci.example.com/b.svg)](https://ci.example.com/job)", &[], &[AnchorMismatch]),
    // Shorteners.
    ("https://bit.ly/3xYz", &[Shortener], &[BrandImitation, LureWord]),
    ("https://tinyurl.com/free-gems", &[Shortener, LureWord], &[BrandImitation]),
    ("https://ouo.io/AbCd", &[Shortener], &[]),
    ("https://linkvertise.com/123/robux", &[Shortener, LureWord], &[]),
    // Hosts.
    ("http://203.0.113.99/login", &[], &[IpHost]), // documentation range: exempt
    ("http://45.77.12.8/login", &[IpHost], &[Shortener]),
    ("http://45.77.12.8:4444/x", &[IpHost, UnusualPort], &[]),
    ("https://downloads.example-shop.com:8888/x", &[UnusualPort], &[IpHost]),
    ("https://xn--pypal-4ve.com/signin", &[MixedScriptHost, BrandImitation], &[PunycodeHost]),
    ("https://xn--mnchen-3ya.de/", &[PunycodeHost], &[MixedScriptHost, BrandImitation]),
    ("https://robloxgames.tk/", &[RiskyTld], &[]),
    ("https://cool-project.xyz/docs", &[RiskyTld], &[BrandImitation, LureWord]),
    // Anchor text shows another domain.
    ("[paypal.com](https://secure-pay.top/login)", &[AnchorMismatch, RiskyTld], &[]),
    ("[https://www.roblox.com/](https://rbx-gift.site/)", &[AnchorMismatch], &[]),
    ("<a href=\"https://evil-site.net/x\">www.microsoft.com</a>", &[AnchorMismatch], &[]),
    ("[www.github.com/user/x](https://github.com/user/x)", &[], &[AnchorMismatch]),
    // Referral and affiliate codes.
    ("https://shop-deals.com/item?aff_id=1234", &[Referral], &[]),
    ("https://best-vpn-deal.net/?affiliate=me", &[Referral], &[]),
    ("https://crypto-exchange.io/ref/ABC123", &[Referral], &[]),
    ("https://free-gems.site/claim?ref=pkg", &[Referral, LureWord, RiskyTld], &[]),
    ("https://blog.example.org/post?ref=readme", &[], &[Referral]),
    // Script and data links.
    ("[click](javascript:alert(document.cookie))", &[ScriptScheme], &[]),
    ("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">open</a>", &[ScriptScheme], &[]),
    ("![img](data:image/png;base64,iVBORw0KGgo=)", &[], &[ScriptScheme]),
    // Lure words.
    ("https://free-robux-generator.com/", &[LureWord], &[]),
    ("https://example-games.net/claim/gift-card", &[LureWord], &[]),
    ("https://vbucksfree.online/", &[LureWord, RiskyTld], &[]),
    // Brand imitation.
    ("https://paypa1.com/login", &[BrandImitation], &[]),
    ("https://rob1ox.com/", &[BrandImitation], &[]),
    ("https://steamcommunlty.com/tradeoffer", &[BrandImitation], &[]),
    ("https://stearncommunity.com/", &[BrandImitation], &[]),
    ("https://discord-nitro.gift/", &[BrandImitation], &[]),
    ("https://tiktok-followers-free.com/", &[BrandImitation, LureWord], &[]),
    ("https://instagram-verify.support/", &[BrandImitation], &[]),
    ("https://login.microsoftonline.com/common", &[], &[BrandImitation]),
    ("https://paypal.com.account-secure.xyz/", &[BrandImitation, RiskyTld], &[]),
    ("https://epicgames-free.com/vbucks", &[BrandImitation, LureWord], &[]),
    ("https://steamroller.io/", &[], &[BrandImitation]),
    // Disguised.
    ("hxxps://evil[.]top/claim", &[Disguised, RiskyTld, LureWord], &[]),
    ("visit free-robux dot com", &[Disguised, LureWord], &[]),
];

#[test]
fn rules_raised_and_not_raised() {
    assert!(CASES.len() >= 40, "at least 40 URL-risk cases");
    let assessor = LinkAssessor::new();
    let mut failures = Vec::new();
    for (text, must, must_not) in CASES {
        let Some(link) = extract_links(text).next() else {
            failures.push(format!("{text:?}: no link found"));
            continue;
        };
        let got: Vec<Rule> = assessor.assess(&link).iter().map(|r| r.rule).collect();
        let missing: Vec<_> = must.iter().filter(|r| !got.contains(r)).collect();
        let extra: Vec<_> = must_not.iter().filter(|r| got.contains(r)).collect();
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "{text:?}: got {got:?}, missing {missing:?}, unexpected {extra:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn score(findings: &[Finding]) -> f64 {
    let mut best = std::collections::BTreeMap::<&str, f64>::new();
    for f in findings {
        let e = best.entry(f.rule.as_str()).or_insert(0.0);
        *e = e.max(f.weight);
    }
    best.values().sum::<f64>().min(100.0)
}

fn package(description: &str) -> Package {
    let mut p = Package::new(Ecosystem::Npm, "pkg");
    p.description = description.to_owned();
    p
}

#[test]
fn benign_readme_does_not_flag_and_spam_does() {
    let d = LinksDetector::new();
    let readme = package(include_str!("fixtures/readme.md"));
    let f = d.scan(&readme);
    assert!(
        score(&f) < 40.0,
        "benign README scored {}: {f:#?}",
        score(&f)
    );
    let spam = package(include_str!("fixtures/spam.md"));
    let f = d.scan(&spam);
    assert!(score(&f) >= 70.0, "spam README scored {}", score(&f));
    for f in &f {
        if let Some(span) = &f.span {
            assert!(spam.description.get(span.clone()).is_some());
        }
    }
}

#[test]
fn single_ordinary_links_never_flag() {
    let d = LinksDetector::new();
    for text in [
        "See https://example-company.com for details.",
        "Homepage: www.mysite.io",
        "Contact me at me@example.org",
        "Please answer our user survey at https://bit.ly/survey-2024, it helps us plan the next release.",
        "Chat with us: https://discord.gg/abcdef",
        "Project page https://cool-project.xyz/",
        "Documentation: https://docs.python-telegram-bot.org/en/stable/ and the wiki.",
        "Bindings for the https://spotify-api-wrapper.dev REST API, see the README for usage.",
    ] {
        let f = d.scan(&package(text));
        assert!(score(&f) < 40.0, "{text:?} scored {}: {f:#?}", score(&f));
    }
}

#[test]
fn url_fields_and_limits() {
    let d = LinksDetector::new();
    let mut p = Package::new(Ecosystem::PyPI, "x");
    p.homepage = "https://bit.ly/abc".into();
    p.project_urls
        .insert("Claim".into(), "rob1ox-gift.top/claim".into());
    let f = d.scan(&p);
    assert!(
        f.iter()
            .any(|f| f.rule == "links.shortener" && f.field.as_str() == "homepage")
    );
    assert!(
        f.iter()
            .any(|f| f.rule == "links.brand-imitation" && f.field.as_str() == "project_urls")
    );
    // A description that is nothing but a shortened link is suspicious.
    assert!(score(&d.scan(&package("https://bit.ly/3xYz"))) >= 40.0);

    let mut limits = baitwatch_metadata::Limits::default();
    limits.max_links = 3;
    limits.max_text_bytes = 64;
    let d = LinksDetector::builder()
        .limits(limits)
        .build()
        .expect("valid");
    let f = d.scan(&package(&"https://bit.ly/a ".repeat(100)));
    assert!(f.iter().any(|f| f.rule == "limits.links-text-truncated"));
    assert!(f.iter().any(|f| f.rule == "limits.links-max-links"));
    let mut all = Vec::new();
    d.detect(&package("x"), &mut all);
    assert!(all.is_empty());
}

#[test]
fn user_lists_extend_the_defaults() {
    let assessor = LinkAssessor::builder()
        .shortener("go.example-corp.com", 40.0)
        .risky_tld("example", 10.0)
        .known_good("free-stuff.org")
        .brand("acmebank", ["acmebank.com"])
        .lure_word("jackpot", 20.0)
        .build()
        .expect("valid lists");
    let rules = |t: &str| -> Vec<Rule> {
        let link = extract_links(t).next().expect("a link");
        assessor.assess(&link).iter().map(|r| r.rule).collect()
    };
    assert!(rules("https://go.example-corp.com/x").contains(&Shortener));
    assert!(rules("https://acmebank-login.net/").contains(&BrandImitation));
    assert!(rules("https://acrnebank.net/").contains(&BrandImitation));
    assert!(rules("https://win-jackpot.net/").contains(&LureWord));
    assert!(rules("https://free-stuff.org/free/gift").is_empty());
    assert!(rules("https://acmebank.com/login").is_empty());
}
