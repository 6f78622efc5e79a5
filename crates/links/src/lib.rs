//! Find every link a package text hides and say what is wrong with it.
//!
//! Spam and phishing packages exist for their links: READMEs and summaries
//! that send people to URL shorteners, referral-paid shops, "free robux"
//! claim pages and look-alike domains. This crate has three layers:
//!
//! 1. **Extraction** ([`LinkFinder`], [`extract_links`]): Markdown inline,
//!    image and reference links, autolinks, HTML `<a href>` (entities
//!    decoded), bare URLs (via `linkify`), bare domains with a real public
//!    suffix (via `psl`), e-mail addresses, and disguised forms (`hxxp://`,
//!    `[.]`, `(.)`, ` dot `, spaces around dots). Each [`Link`] has its
//!    [`LinkKind`], byte span, anchor text, the URL as written and its
//!    normalised form.
//! 2. **URL risk** ([`LinkAssessor`]): named [`Rule`]s, each a finding id
//!    `links.<rule>`, with lists (shorteners, risky TLDs, brands, lure
//!    words, known-good hosts) embedded and extendable at run time.
//! 3. **The detector** ([`LinksDetector`]) that implements
//!    [`baitwatch_metadata::Detector`] over summary, description, homepage,
//!    repository and project URLs.
//!
//! ```
//! use baitwatch_links::{extract_links, LinkAssessor, LinkKind, Rule};
//!
//! let text = "Docs at https://docs.rs/x. Free gems: [roblox.com](https://rob1ox.com/claim).";
//! let links: Vec<_> = extract_links(text).collect();
//! assert_eq!(links.len(), 2);
//! assert_eq!(links[1].kind, LinkKind::MarkdownInline);
//! assert_eq!(links[1].anchor.as_deref(), Some("roblox.com"));
//!
//! let assessor = LinkAssessor::new();
//! assert!(assessor.assess(&links[0]).is_empty()); // a documentation host
//! let rules: Vec<Rule> = assessor.assess(&links[1]).iter().map(|r| r.rule).collect();
//! assert!(rules.contains(&Rule::BrandImitation));
//! assert!(rules.contains(&Rule::AnchorMismatch));
//! ```
//!
//! # Rules
//!
//! Weights are points out of 100 under the scoring contract (a package's
//! score sums the strongest finding of each rule; suspicious at 40,
//! malicious at 70). One ordinary link never reaches 40 on its own; a
//! shortener, a brand-imitating host or a referral claim page weighs in
//! strongly; weak signals add up.
//!
//! | rule id | weight | fires when |
//! | --- | --- | --- |
//! | `links.shortener` | 30–60 (list) | the host is a URL shortener; paid/ad shorteners (adf.ly, ouo.io, linkvertise …) weigh 60 |
//! | `links.ip-host` | 35 | the host is a public IP address (private, loopback and documentation ranges are exempt) |
//! | `links.unusual-port` | 10 | a non-local host with a port other than 80, 443, 8080, 8443 |
//! | `links.punycode-host` | 15 | an internationalised host (the message shows its Unicode form) |
//! | `links.mixed-script-host` | 50 | a host label that mixes scripts, e.g. Latin with Cyrillic |
//! | `links.risky-tld` | 4–15 (list) | a top-level domain much used by phishing and spam (.tk, .top, .xyz …) |
//! | `links.anchor-mismatch` | 45 | the anchor text is a domain or URL whose registrable domain differs from the target's |
//! | `links.referral` | 15–30 | affiliate/referral parameters (`aff_id`, `affiliate`, `referral`, `promo` … 30; `ref`, `uid`, `code` … 15 next to other risks) or `/ref/<id>`-style paths (25) |
//! | `links.script-scheme` | 60–70 | `javascript:` or `vbscript:` (70), a `data:` link that is not a raster image (60) |
//! | `links.lure-word` | 6–50 | lure words as host or path tokens (claim, free, gift, generator, robux …); host words count fully, path words 60 %; summed, at most 50 |
//! | `links.brand-imitation` | 20–75 | a non-official host that contains a brand (55; 30 in a subdomain; 20 as one hyphen part of a name with no lure word, like a project named after the brand), joins it to a lure or account word (55), misspells it (70) or spells it with look-alike letters (75) |
//! | `links.disguised` | 25 (5 on known-good hosts) | the link is defanged or disguised (`hxxp`, `[.]`, ` dot `) |
//! | `links.link-density` | 10–20 | at least 3 external links and at least 10 per hundred words (20: 5+ links, 25+ per hundred) |
//! | `links.links-only` | 15 | a description of fewer than 12 words (a summary of fewer than 4) besides its external links |
//!
//! Links to known-good hosts (code hosts, documentation sites, registries,
//! CI and badge services, well-known projects) and to local hosts raise
//! none of the host rules. Two `limits.*` findings of weight 0 say when a
//! text was cut at `Limits::max_text_bytes` or `Limits::max_links` was
//! reached.
//!
//! # Untrusted input
//!
//! Every text is attacker-written. Extraction and assessment never panic;
//! the work is linear in the text (each Markdown destination or anchor scan
//! is capped at 2 KiB, each URL's path at 64 tokens) and the detector reads
//! at most `Limits::max_text_bytes` of each text and `Limits::max_links`
//! links per package, and keeps at most 5 findings a rule.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod assess;
mod detector;
mod extract;
mod lists;

pub use assess::{BuildError, LinkAssessor, LinkAssessorBuilder, Risk, Rule};
pub use detector::{LinksDetector, LinksDetectorBuilder};
pub use extract::{Link, LinkFinder, LinkFinderBuilder, LinkKind, Links, extract_links};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_sorted_and_deduplicated() {
        for (name, file) in lists::ALL {
            let lines: Vec<&str> = lists::lines(file).collect();
            assert!(!lines.is_empty(), "{name} is empty");
            for w in lines.windows(2) {
                assert!(
                    w[0] < w[1],
                    "{name}: `{}` then `{}` is not sorted and unique",
                    w[0],
                    w[1]
                );
            }
        }
    }

    #[test]
    fn default_lists_build() {
        assert!(LinkAssessor::builder().build().is_ok());
    }

    #[test]
    fn public_types_are_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Link>();
        check::<LinkKind>();
        check::<LinkFinder>();
        check::<LinkFinderBuilder>();
        check::<Links>();
        check::<LinkAssessor>();
        check::<LinkAssessorBuilder>();
        check::<Risk>();
        check::<Rule>();
        check::<BuildError>();
        check::<LinksDetector>();
        check::<LinksDetectorBuilder>();
    }

    #[test]
    fn builder_rejects_bad_entries() {
        assert!(matches!(
            LinkAssessor::builder()
                .shortener("x.example", 120.0)
                .build(),
            Err(BuildError::InvalidWeight { .. })
        ));
        assert!(matches!(
            LinkAssessor::builder().known_good("has space.com").build(),
            Err(BuildError::InvalidEntry { .. })
        ));
        assert!(matches!(
            LinkAssessor::builder().lure_word("", 10.0).build(),
            Err(BuildError::InvalidEntry { .. })
        ));
    }
}
