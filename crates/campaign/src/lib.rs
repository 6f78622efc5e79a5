//! Groups a batch or stream of packages into the *campaigns* that made
//! them: one actor publishing hundreds or thousands of generated packages
//! with templated names, near-identical texts, the same links, the same
//! author and the same metadata shape. A package scored alone can look
//! harmless; seen with its siblings it is obviously a campaign.
//!
//! ```
//! use baitwatch_campaign::{CampaignFinder, SignalKind};
//! use baitwatch_metadata::{Ecosystem, Package};
//!
//! let mut finder = CampaignFinder::new();
//! for suffix in ["a566ea", "ae44sa", "k2j4h7", "zz9x8w", "q1w2e3", "plq7m3"] {
//!     finder.add(&Package::new(Ecosystem::Npm, format!("cash-app-money-generator-new-{suffix}")));
//! }
//! for name in ["left-pad", "lodash", "express"] {
//!     finder.add(&Package::new(Ecosystem::Npm, name));
//! }
//! let campaigns = finder.finish();
//! assert_eq!(campaigns.len(), 1);
//! let c = &campaigns.campaigns[0];
//! assert_eq!(c.size, 6);
//! assert_eq!(c.signals[0].kind, SignalKind::NameTemplate);
//! assert_eq!(c.signals[0].evidence, "cash-app-money-generator-new-{x}");
//! // Findings for the scanner: every member gets `campaign.name-template`.
//! assert_eq!(campaigns.findings_for(0)[0].rule, "campaign.name-template");
//! assert!(campaigns.findings_for(7).is_empty()); // lodash
//! ```
//!
//! # How packages are grouped
//!
//! Each package is reduced to a handful of *keys*, one per signal (see
//! [`SignalKind`]). Packages sharing a key land in the same bucket; buckets
//! of *strong* keys are merged with union-find; *weak* keys (a metadata
//! shape, an author, a keyword set, a domain, a name shape, a summary
//! template) only merge packages that share two of them of kinds that
//! corroborate each other, so that an empty-description shape or a
//! `{word}-{word}` name shape alone never merges everything. One weak key
//! groups on its own within bounds: a *name stem* (the first seven letters
//! of a name without separators, on packages with poor metadata) merges a
//! bucket of at most 40 packages whose names are mostly one run of letters
//! and digits (`databasewinds`, `databasecrows`, `databaseplums`): floods
//! vary one word, vendor families join words with separators. No pair of
//! packages is ever compared directly: the cost is a sort of about a dozen
//! 16-byte keys per package. The output is deterministic: the same
//! packages in the same order give the same campaigns in the same order
//! (largest first).
//!
//! Name templates merge on their own only when the masked parts look
//! generated (random tokens, letters and digits mixed): vendor families
//! whose varying part is an ordinary word (`azure-mgmt-compute`,
//! `@babel/plugin-…`) share a *name prefix*, a weak key.
//!
//! # Rules
//!
//! [`Campaigns::findings_for`] gives each member of a campaign one finding
//! per kind of signal it carries, rule id `campaign.<kind>`, category
//! `campaign`. Weights grow with the campaign's size `n`
//! (`g = log10(n / 5)`, at least 0):
//!
//! | rule | weight | kind |
//! | --- | --- | --- |
//! | `campaign.name-template` | 25 + 7.5 g, at most 50 | strong |
//! | `campaign.near-duplicate-text` | 25 + 7.5 g, at most 50 | strong |
//! | `campaign.lorem-scope` | 30 + 8 g, at most 50 | strong |
//! | `campaign.shared-short-link` | 30 + 7.5 g, at most 50 | strong |
//! | `campaign.random-metadata` | 30 + 7.5 g, at most 50 | strong |
//! | `campaign.summary-template`, `campaign.name-prefix`, `campaign.name-stem`, `campaign.name-shape`, `campaign.shared-domain`, `campaign.same-author`, `campaign.keyword-set`, `campaign.metadata-shape`, `campaign.high-version` | 6 + 3 g, at most 12, in a campaign held by weak signals only; 3 + 2 g, at most 8, as extra evidence in a campaign held by a strong one | weak |
//!
//! # What package data cannot show
//!
//! Grouping sees only what a registry publishes. A campaign whose packages
//! carry nothing but a name and a version, with names that share no
//! template, stem or spelling (`automsg`, `cblines`, `dahood`, ...), is
//! invisible here: what ties it together is its code or its
//! infrastructure. On the kam193 PyPI campaigns of the evaluation corpus,
//! 80 % of the records are such name-and-version records, a third belong
//! to kam193's technique buckets (`GENERIC-*`, many unrelated actors), and
//! only about 55 % share anything at all with a sibling; the finder places
//! 34 % in a group where their campaign is the majority (run
//! `examples/campaign_eval.rs` for the current figures). Grouping on the
//! remaining shared traits alone (an empty metadata shape with the same
//! version family) mixes unrelated packages, benign ones included.
//!
//! # Untrusted input
//!
//! Every field is attacker-written. Names are read up to 256 bytes,
//! summaries and descriptions up to
//! [`CampaignFinderBuilder::max_text_bytes`] (20,000 by default; the first
//! 1,500 words of a description go into its MinHash), at most 32 URLs, 32 keywords and 4 maintainers per
//! package, so the work per package is bounded; nothing panics on odd
//! input. Memory grows linearly with the number of packages (their names
//! and keys) until [`CampaignFinder::finish`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod campaign;
mod error;
mod features;
mod finder;
mod signal;

pub use campaign::{Campaign, Campaigns, Member};
pub use error::BuildError;
pub use finder::{CampaignFinder, CampaignFinderBuilder};
pub use signal::{Signal, SignalKind};
