//! Disguised lure phrases: every one is detected, and the evidence is the
//! original text at the finding's span.

use std::collections::BTreeMap;

use baitwatch_lure::LureDetector;
use baitwatch_metadata::{Ecosystem, Field, Finding, Package};

fn score(findings: &[Finding]) -> f64 {
    let mut per_rule: BTreeMap<&str, f64> = BTreeMap::new();
    for f in findings {
        let e = per_rule.entry(&f.rule).or_insert(0.0);
        *e = e.max(f.weight);
    }
    per_rule.values().sum::<f64>().min(100.0)
}

/// (what, field, text, rule, a piece of the original text the evidence must contain)
const CASES: &[(&str, Field, &str, &str, &str)] = &[
    // Leetspeak.
    (
        "leet",
        Field::Summary,
        "Fr33 R0bux g3n3rator 2024",
        "lure.game-currency",
        "R0bux",
    ),
    (
        "leet symbols",
        Field::Summary,
        "get fr33 v-buck$ now, no human verification",
        "lure.game-currency",
        "v-buck$",
    ),
    (
        "leet name",
        Field::Name,
        "fr33-r0bux-g3nerat0r",
        "lure.game-currency",
        "r0bux",
    ),
    // Look-alike letters from other scripts.
    (
        "cyrillic",
        Field::Summary,
        "Frее Rоbux Generator",
        "lure.game-currency",
        "Rоbux",
    ),
    (
        "greek+cherokee",
        Field::Summary,
        "free Ꭱοbux generator",
        "lure.game-currency",
        "Ꭱοbux",
    ),
    // Zero-width and invisible characters.
    (
        "zero-width",
        Field::Summary,
        "free ro\u{200B}bux gene\u{200D}rator",
        "lure.game-currency",
        "ro\u{200B}bux",
    ),
    (
        "soft hyphen",
        Field::Summary,
        "free v\u{AD}bucks generator",
        "lure.game-currency",
        "v\u{AD}bucks",
    ),
    // Fullwidth and styled letters.
    (
        "fullwidth",
        Field::Summary,
        "ＦＲＥＥ ＲＯＢＵＸ ＧＥＮＥＲＡＴＯＲ",
        "lure.game-currency",
        "ＲＯＢＵＸ",
    ),
    (
        "math bold",
        Field::Summary,
        "𝐅𝐫𝐞𝐞 𝐑𝐨𝐛𝐮𝐱 generator",
        "lure.game-currency",
        "𝐑𝐨𝐛𝐮𝐱",
    ),
    // Spaced and dotted letters.
    (
        "spaced",
        Field::Summary,
        "F R E E  R O B U X generator",
        "lure.game-currency",
        "R O B U X",
    ),
    (
        "dotted",
        Field::Summary,
        "f.r.e.e v.b.u.c.k.s generator",
        "lure.game-currency",
        "v.b.u.c.k.s",
    ),
    (
        "dashed",
        Field::Name,
        "w-a-t-c-h-full-movie-online-free",
        "lure.piracy",
        "full-movie",
    ),
    // Deliberate misspellings.
    (
        "transposed",
        Field::Name,
        "free-fire-diamonsd-genrator-2025",
        "lure.game-currency",
        "diamonsd",
    ),
    (
        "hakc",
        Field::Summary,
        "Roblox hakc tool, donwload free",
        "lure.game-cheat",
        "hakc",
    ),
    (
        "robx",
        Field::Name,
        "robx-genrator-free-2025",
        "lure.game-currency",
        "robx",
    ),
    (
        "doubled",
        Field::Name,
        "freee-vbucks-app",
        "lure.game-currency",
        "vbucks",
    ),
    // Glued words and camelCase.
    (
        "glued",
        Field::Name,
        "freerobuxgenerator",
        "lure.game-currency",
        "robux",
    ),
    (
        "camel",
        Field::Name,
        "FreeVbucksGenerator2025",
        "lure.game-currency",
        "Vbucks",
    ),
    // Languages.
    (
        "es",
        Field::Summary,
        "Generador de robux gratis sin verificación humana",
        "lure.game-currency",
        "robux",
    ),
    (
        "pt",
        Field::Summary,
        "Gerador de diamantes grátis no Free Fire",
        "lure.game-currency",
        "diamantes",
    ),
    (
        "id",
        Field::Summary,
        "Cara dapat diamond Free Fire gratis tanpa verifikasi",
        "lure.game-currency",
        "diamond",
    ),
    (
        "fr",
        Field::Summary,
        "Générateur de V-Bucks gratuit sans vérification humaine",
        "lure.game-currency",
        "V-Bucks",
    ),
    (
        "de",
        Field::Summary,
        "Kostenlose Robux Generator ohne menschliche Verifizierung",
        "lure.game-currency",
        "Robux",
    ),
    (
        "ru",
        Field::Summary,
        "Бесплатные робуксы: генератор без верификации",
        "lure.game-currency",
        "робуксы",
    ),
    (
        "tr",
        Field::Summary,
        "Bedava elmas Free Fire hilesi",
        "lure.game-currency",
        "elmas",
    ),
    (
        "vi",
        Field::Summary,
        "Hack kim cương Free Fire miễn phí",
        "lure.game-currency",
        "kim cương",
    ),
    (
        "es followers",
        Field::Summary,
        "seguidores gratis para Instagram",
        "lure.social-boost",
        "seguidores",
    ),
    (
        "pt gift",
        Field::Summary,
        "cartão presente grátis, gerador de códigos",
        "lure.gift-card",
        "cartão presente",
    ),
    (
        "id gambling",
        Field::Summary,
        "Situs slot gacor hari ini gampang maxwin",
        "lure.gambling",
        "slot gacor",
    ),
    (
        "fr piracy",
        Field::Summary,
        "Regarder en ligne film complet gratuit HD",
        "lure.piracy",
        "film complet",
    ),
    (
        "de crack",
        Field::Summary,
        "Photoshop Aktivierungsschlüssel und Crack kostenlos",
        "lure.crack",
        "Crack",
    ),
    (
        "ru crack",
        Field::Summary,
        "Кряк и ключ активации скачать",
        "lure.crack",
        "Кряк",
    ),
    (
        "tr account",
        Field::Summary,
        "Instagram hesap şifre hackleme",
        "lure.account-hacking",
        "Instagram",
    ),
    (
        "vi gambling",
        Field::Summary,
        "Nhà cái uy tín, cá cược bóng đá",
        "lure.gambling",
        "Nhà cái",
    ),
    // Other categories in English.
    (
        "piracy",
        Field::Summary,
        "Watch Avatar Full Movie Online Free HD 123movies",
        "lure.piracy",
        "Full Movie",
    ),
    (
        "social",
        Field::Summary,
        "Free TikTok followers and likes generator",
        "lure.social-boost",
        "TikTok",
    ),
    (
        "gift card",
        Field::Summary,
        "Free PSN codes generator - no survey",
        "lure.gift-card",
        "PSN codes",
    ),
    (
        "crack",
        Field::Summary,
        "Photoshop crack + serial key full version",
        "lure.crack",
        "crack",
    ),
    (
        "account",
        Field::Summary,
        "Hack any Instagram account password finder",
        "lure.account-hacking",
        "Instagram",
    ),
    (
        "crypto",
        Field::Summary,
        "Free bitcoin generator, double your BTC",
        "lure.crypto-giveaway",
        "bitcoin",
    ),
    (
        "campaign",
        Field::Summary,
        "100% working, no human verification",
        "lure.campaign-phrase",
        "no human verification",
    ),
    (
        "cash app",
        Field::Name,
        "cashapp-free-money-adder-2025",
        "lure.gift-card",
        "cashapp",
    ),
    (
        "keywords",
        Field::Keywords,
        "free robux, robux generator",
        "lure.game-currency",
        "robux",
    ),
    // Themes of later campaigns: free spins, Discord Nitro, executors,
    // football coins, skins of other shooters, premium accounts.
    (
        "free spins",
        Field::Name,
        "coin-master-free-spins-today",
        "lure.game-currency",
        "free-spins",
    ),
    (
        "nitro",
        Field::Summary,
        "Discord Nitro generator, free and working",
        "lure.gift-card",
        "Discord Nitro",
    ),
    (
        "executor",
        Field::Name,
        "roblox-executor-keyless",
        "lure.game-cheat",
        "roblox-executor",
    ),
    (
        "auto farm",
        Field::Summary,
        "Blox Fruits auto farm script",
        "lure.game-cheat",
        "auto farm",
    ),
    (
        "football coins",
        Field::Name,
        "eafc-coins-generator",
        "lure.game-currency",
        "eafc-coins",
    ),
    (
        "shooter skins",
        Field::Name,
        "cs2-skins-free",
        "lure.game-currency",
        "skins",
    ),
    (
        "pieces",
        Field::Name,
        "free-ro-bux-generator",
        "lure.game-currency",
        "ro-bux",
    ),
    (
        "pieces with leet",
        Field::Name,
        "fr-ee-r0b-ux-gen-erator",
        "lure.game-currency",
        "r0b-ux",
    ),
    (
        "pieces of a boost",
        Field::Name,
        "tik-tok-foll-owers-free",
        "lure.social-boost",
        "foll-owers",
    ),
    (
        "split download",
        Field::Name,
        "down_load_ebook_the_silent_orchard_by_jane_roe_x7k2p",
        "lure.piracy",
        "down_load",
    ),
    (
        "e-reader edition",
        Field::Name,
        "the-silent-orchard-by-jane-roe-on-kindle-full-edition-",
        "lure.piracy",
        "full-edition",
    ),
    (
        "premium account",
        Field::Name,
        "free-netflix-premium-account",
        "lure.gift-card",
        "netflix",
    ),
    (
        "symbols for letters",
        Field::Summary,
        "Fr€e Am@zon G!ft C@rd C0des, unused",
        "lure.gift-card",
        "G!ft C@rd",
    ),
    (
        "abbreviated currency",
        Field::Summary,
        "rbx gen 2026, free rbx no verify",
        "lure.game-currency",
        "rbx gen",
    ),
    (
        "free item hack",
        Field::Name,
        "cara-hack-diamond-gratis-terbaru",
        "lure.game-currency",
        "diamond",
    ),
    (
        "support line",
        Field::Summary,
        "Walletly customer service number +1 (855) 555-0123, open 24/7",
        "lure.support-scam",
        "(855) 555-0123",
    ),
    (
        "support line, dotted toll free",
        Field::Summary,
        "Printer offline? Call the toll free helpline 1.800.555.0199 now",
        "lure.support-scam",
        "1.800.555.0199",
    ),
    (
        "support phrase in a name",
        Field::Name,
        "zapcoin-wallet-customer-service-number",
        "lure.support-scam",
        "customer-service-number",
    ),
    (
        "wallet sign-in page in a name",
        Field::Name,
        "metamask-wallet-login-2026",
        "lure.login-phishing",
        "metamask-wallet-login",
    ),
    (
        "exchange sign-in page, search-bait title",
        Field::Summary,
        "Kraken Pro Login | Sign In - customer support 24/7",
        "lure.login-phishing",
        "Kraken",
    ),
    (
        "hardware wallet setup page",
        Field::Name,
        "trezor-io-start-setup",
        "lure.login-phishing",
        "trezor-io-start",
    ),
    (
        "airline reservations line",
        Field::Summary,
        "SkyWays Airlines reservations +1-888-555-0177, change or cancel flights",
        "lure.support-scam",
        "+1-888-555-0177",
    ),
    (
        "music piracy with split words",
        Field::Name,
        "albu-m-avail-able-zip-mp3-file-40412-quiet-river-k3dxq-wvbnmz",
        "lure.piracy",
        "zip-mp3",
    ),
    (
        "international support line",
        Field::Summary,
        "Kundenservice +49 30 5555 0123 erreichbar",
        "lure.support-scam",
        "+49 30 5555 0123",
    ),
];

#[test]
fn disguised_lures_are_found_with_original_evidence() {
    let det = LureDetector::new();
    let mut failures = Vec::new();
    for &(what, ref field, text, rule, piece) in CASES {
        let mut pkg = Package::new(Ecosystem::Npm, "some-package");
        match field {
            Field::Name => pkg.name = text.to_owned(),
            Field::Summary => pkg.summary = text.to_owned(),
            Field::Keywords => pkg.keywords = text.split(", ").map(str::to_owned).collect(),
            other => panic!("field {other} not in this table"),
        }
        let findings = det.findings(&pkg);
        let Some(f) = findings
            .iter()
            .find(|f| f.rule == rule && &f.field == field)
        else {
            failures.push(format!("{what}: no {rule} on {field} in {findings:#?}"));
            continue;
        };
        let original = if *field == Field::Keywords {
            pkg.keywords.join(", ")
        } else {
            text.to_owned()
        };
        let span = f.span.clone().unwrap_or_default();
        if original.get(span.clone()) != Some(f.evidence.as_str()) {
            failures.push(format!(
                "{what}: span {span:?} is not the evidence {:?}",
                f.evidence
            ));
        }
        if !f.evidence.contains(piece) {
            failures.push(format!("{what}: evidence {:?} lacks {piece:?}", f.evidence));
        }
        if score(&findings) < 40.0 {
            failures.push(format!(
                "{what}: score {} below suspicious: {findings:#?}",
                score(&findings)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Benign texts that look like lures at first sight.
const BENIGN: &[&str] = &[
    "A cheat sheet for Roblox Lua scripting",
    "Anti-cheat for Fortnite-style shooters",
    "Hackathon starter kit: free port finder",
    "Secure password generator with unlimited length",
    "Coin change problem: free solutions in Python",
    "Free monad and free applicative for Haskell",
    "Hacker News client with unlimited scrolling",
    "A hackable robot kit, free and open source",
    "Code generator for gRPC clients, free software",
    "Dependency-free Ethereum transaction decoder",
    "Minecraft server plugin for coins and economy",
    "Watch mode for files: rebuild on change",
    "Gift card module for the shop",
    "Slot machine simulation for a statistics class",
    "Slot machine engine with free spins, wilds and scatters",
    "A free Netflix clone built with React",
    "Nitro server engine: code generator for routes",
    "Counter strike-through text in the editor, free",
    "Auto farm irrigation scheduler for greenhouse sensors",
    "Scale down load on idle workers; an mp3 tag reader",
    "Parse and format phone numbers: parse(\"+1 650-253-0000\") gives a PhoneNumber",
    "Django app to support phone number verification by SMS, e.g. +1 202-555-0143",
    "Customer support chat widget; set the office line as 555-0123 in the config",
    "Version 1.800.555 of the customer service portal API",
    "Helpdesk ticket router; customer service queues by region",
    "Wow! Free! Unlimited! A gift for you: the fastest JSON parser!",
    "Sign in with MetaMask: a wallet connector for dapps",
    "Coinbase Advanced Trade API client; log in with an API key",
    "Log in with MetaMask or Coinbase Wallet: a sign-in component for React",
    "Download MetaMask, then sign in to the dapp with your wallet",
    "Read MP3 tags and album art from files in ZIP archives",
];

/// Names on a pirated-book template are piracy; names that share a word or
/// two with it are not.
#[test]
fn pirated_book_name_templates() {
    let det = LureDetector::new();
    for name in [
        "quiet-harbor-lights-by-mara-quinlan-on-kindle-full-pages-",
        "the-salt-orchard-by-ines-vardy-moss-on-audible-new-chapters",
        "tidewater_atlas_of_small_birds_pdf_free__x7q",
        "lessons_in_pottery_for_beginners_epub_best__9k",
        "pdf-a-field-guide-to-quiet-rivers-by-tomas-eklund-",
    ] {
        let findings = det.findings(&Package::new(Ecosystem::Npm, name));
        let f = findings.iter().find(|f| f.rule == "lure.piracy");
        assert!(
            f.is_some_and(|f| f.weight >= 60.0 && f.message.contains("pirated-book")),
            "{name}: {findings:#?}"
        );
    }
    for name in [
        "run-tests-by-tag-on-android", // too short for a title and an author
        "sort-by-date-on-ios-and-android-lists", // `by` one word before `on`
        "html_to_pdf_converter_tool_for_web", // no double-underscore tail
        "my_project__v2",              // no book format
        "pdf-tools-by-acme-corp-on-mac-and-linux", // hyphens and a reader, but under eight words
    ] {
        let findings = det.findings(&Package::new(Ecosystem::Npm, name));
        assert!(
            !findings.iter().any(|f| f.message.contains("pirated-book")),
            "{name}: {findings:#?}"
        );
    }
}

/// An underscored title with a short `__` tail is a spam name template
/// whatever it offers; underscores alone are not.
#[test]
fn underscored_title_names() {
    let det = LureDetector::new();
    for name in [
        "winter_sales_ledger_pro_activation_key_free__q8z",
        "harbor_tide_tables_deluxe_3_serial_key_k3v9q",
    ] {
        let findings = det.findings(&Package::new(Ecosystem::Npm, name));
        assert!(
            findings
                .iter()
                .any(|f| f.rule == "lure.name-template" && f.weight >= 45.0),
            "{name}: {findings:#?}"
        );
    }
    for name in [
        "my_project__v2",                             // two words
        "test_utils_for_the_core_module",             // no `__` tail
        "test_utils_for_the_core_module__extra_long", // tail longer than six
        "py-test-utils-for-the-core__v2",             // hyphens: an ordinary name
    ] {
        let findings = det.findings(&Package::new(Ecosystem::PyPI, name));
        assert!(
            !findings.iter().any(|f| f.rule == "lure.name-template"),
            "{name}: {findings:#?}"
        );
    }
}

/// Names whose words are split at word boundaries: nothing is glued.
#[test]
fn names_split_at_words_stay_quiet() {
    let det = LureDetector::new();
    for name in [
        "co-in-change",
        "ro-bot-framework",
        "free-port-scanner",
        "gift-card-module",
        "hack-the-box-tools",
        "skin-tone-detector",
        "game-pass-through",
    ] {
        let findings = det.findings(&Package::new(Ecosystem::Npm, name));
        assert!(findings.is_empty(), "{name}: {findings:#?}");
    }
}

#[test]
fn benign_look_alikes_stay_quiet() {
    let det = LureDetector::new();
    for text in BENIGN {
        let mut pkg = Package::new(Ecosystem::PyPI, "tool");
        pkg.summary = (*text).to_owned();
        pkg.description = format!("# Tool\n\n{text}\n");
        let findings = det.findings(&pkg);
        assert!(score(&findings) < 40.0, "{text}: {findings:#?}");
    }
}
