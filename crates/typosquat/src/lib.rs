//! Typosquat detection for npm, PyPI and NuGet: an index of each
//! registry's popular package names, and checks that say which popular
//! name a new name imitates and how.
//!
//! Attackers publish names one slip away from popular packages
//! (`reqeusts`, `python-dateutils`, `crossenv`, `AрprovalTеsts` with
//! Cyrillic letters). [`PopularIndex`] answers "which popular name does
//! this imitate?" in time that does not grow with the list: exact look-ups
//! of folded forms (look-alike characters, separators, affixes, word
//! order, npm scopes) and a deletion neighbourhood (SymSpell-style) for one
//! and two character edits, each hit verified by a bounded edit distance.
//! [`TyposquatDetector`] wraps it as a [`baitwatch_metadata::Detector`].
//!
//! ```
//! use baitwatch_metadata::{Detector, Ecosystem, Package};
//! use baitwatch_typosquat::{TyposquatDetector, Technique};
//!
//! // The free function over the embedded lists:
//! let squats = baitwatch_typosquat::check(&Ecosystem::PyPI, "reqeusts");
//! assert_eq!((squats[0].target.as_str(), squats[0].technique), ("requests", Technique::SwappedChars));
//!
//! // The detector: findings name the target in `evidence`.
//! let mut findings = Vec::new();
//! TyposquatDetector::new().detect(&Package::new(Ecosystem::NuGet, "Newtоnsoft.Json"), &mut findings);
//! assert_eq!(findings[0].rule, "typosquat.homoglyph");
//! assert_eq!(findings[0].evidence, "Newtonsoft.Json");
//!
//! // A popular name, or a PEP 503 spelling of one, is never a squat.
//! assert!(baitwatch_typosquat::check(&Ecosystem::PyPI, "Python_Dateutil").is_empty());
//! ```
//!
//! # Rules
//!
//! Every technique is one rule id. Weights are points out of 100 under the
//! default configuration (a package's score sums the highest weight of each
//! rule; suspicious at 40, malicious at 70). Only the best squat of a name
//! carries weight; up to two runners-up (other targets) are reported with
//! weight 0 so a person can compare.
//!
//! | rule | what | default weight |
//! | --- | --- | --- |
//! | `typosquat.homoglyph` | letters from another script that look Latin, matching a popular name (alone or with edits) | 85 |
//! | `typosquat.mixed-script` | Latin-looking letters from another script in a Latin name, no popular target found | 65 |
//! | `typosquat.confusable-chars` | ASCII look-alikes: `rn`/`m`, `l`/`1`/`I`, `0`/`o`, `vv`/`w` (and `i`/`l`, `u`/`v` as a substitution) | 75 (45 for names under 5 chars) |
//! | `typosquat.separator` | `-`, `_`, `.` added, removed or changed beyond the registry's own normalisation | 60 (30 short, 25 dictionary words), less 10 for targets ranked 3,001–8,000 and 25 below |
//! | `typosquat.swapped-chars` | two adjacent characters swapped | 70 |
//! | `typosquat.repeated-char` | a character doubled | 70 |
//! | `typosquat.keyboard-typo` | one character replaced by a QWERTY neighbour | 70 |
//! | `typosquat.inserted-char` | one character inserted | 60 |
//! | `typosquat.omitted-char` | one character left out | 60 |
//! | `typosquat.substituted-char` | one character replaced | 60 |
//! | `typosquat.bitflip` | one character differing in one bit | 60 |
//! | `typosquat.segment-edit` | NuGet: the edits fall inside one dotted segment | as the edit |
//! | `typosquat.two-edits` | two edits, names of 8+ characters | 50 for top-1,000 targets, else 30 (-5 under 10 chars); 10 when the edits rewrite rather than slip (below) |
//! | `typosquat.word-order` | the same words in another order | 55 for targets in the top 1,000, 30 beyond (20 dictionary words) |
//! | `typosquat.plural-words` | two or more words of a popular name each given or stripped of a final `s` (`props-type`), in the same order | 50, less 10 for targets ranked 3,001–8,000 and 25 below |
//! | `typosquat.version-suffix` | a version number appended (`numpy2`) | 40 for top-500 targets, else 25 |
//! | `typosquat.affix` | a generic affix per registry (npm `js`/`node`/`-cli`/`-utils` ..., PyPI `py`/`python-`/`-lib` ..., NuGet `.Core`/`.Net`/`.Extensions` ...) | 35 top-200, 25 top-1,000, else 15 |
//! | `typosquat.scope-confusion` | npm: a popular name under another scope, or a scope folded into the name | 15 |
//! | `typosquat.combosquat` | a popular name combined with other words (`chai-sparkle`) | 5 |
//! | `typosquat.undocumented-lookalike` | a look-alike finding above (not combosquat, scope or mixed-script) of weight 15 or more, on a package with no summary and no description: nothing says it is a different project | 25 |
//!
//! Single-edit weights are then lowered by the shape of the edit and the
//! names involved (false-alarm control, measured on the evaluation corpus):
//!
//! * a whole word added or dropped (`zustand-x`) is an extension, not a
//!   typo: no edit finding; a short word swapped for another (`ts-loader`
//!   → `js-loader`) or a plural `s` is 25;
//! * a changed or prepended first character is 45, a letter appended at
//!   the end 50 (instead of 60/70);
//! * names of 5–6 characters lose 20, of 7 lose 5; under 5 characters no
//!   edit is looked for;
//! * targets ranked in the top 20 gain 20, in the top 100 gain 10 (of the
//!   labelled PyPI typosquats of a listed name in the evaluation corpus, a
//!   tenth imitate a top-20 name, a fifth a top-100 one); targets ranked
//!   3,001–8,000 lose 10, below that 25 (so do separator squats);
//! * two edits that rewrite rather than slip are 10: one at the very start
//!   (`abcparse` for `argparse`), two side-by-side substitutions
//!   (`aare-core` for `azure-core`), or the words split or joined
//!   differently (`cetus-tools` for `setuptools`); on the full PyPI name
//!   list these shapes were two thirds of the two-edit false alarms. A
//!   digit typed into the middle of a word (`o7n-finishd` for
//!   `on-finished`: any digit but `2` and `4`, which honest names use for
//!   "to" and "for", inserted into or replacing a letter of one word of a
//!   target without digits, its neighbours untouched) splits the words
//!   too, but is noise on a slip, so it does not make the edits rewritten.
//!   Measured with the scanner: 6 more of the 1,957 listed typosquats
//!   flagged, 2 more names of the complete PyPI list (not in the
//!   repository), none of benign-sample or the complete npm list;
//! * edits are measured without the `rn`→`m` and `vv`→`w` look-alike
//!   folds (which only the exact look-alike checks use), so `seabron` is
//!   one swap from `seaborn`;
//! * a separator squat of a name made of dictionary words (`objectpath`
//!   for `object-path`) counts as a dictionary name (25): compounds are
//!   spelt both ways;
//! * npm names in the `@types` scope are never squats: only
//!   DefinitelyTyped publishes there (`@types/aws-sdk` is the stub for
//!   `aws-sdk`, not a reordering of `@aws-sdk/types`);
//! * a name made only of English dictionary words (`article`,
//!   `simple-tasks`) gets at most 20 for one edit and nothing for two;
//! * a popular name is never a squat of another popular name; with
//!   download counts ([`PopularPackage::with_downloads`]) a listed name is
//!   a squat only of names with 100 times its downloads
//!   ([`PopularIndexBuilder::popularity_ratio`]);
//! * a target sharing an author or maintainer with the package is skipped
//!   ([`PopularPackage::with_authors`]);
//! * names equal under the registry's normalisation (PEP 503 on PyPI, case
//!   on npm and NuGet) are the same package;
//! * a look-alike (not a combosquat, scope or mixed-script finding) whose
//!   package summary says what it does in six words or more, with no link,
//!   no random letters and no word naming the target, weighs 15 less (at
//!   least 1), and its message says so ([`describes_own_purpose`]): honest
//!   projects one letter from a popular name describe themselves (an
//!   invented `reqeusts`: "Validate HTTP header names and values strictly
//!   for servers"). Measured with the scanner (with the calibration
//!   refitted after it), the flagged names of the complete registry lists
//!   (not in the repository) fall from 7,984 to 6,106 on PyPI and from 955
//!   to 858 on npm, the flagged benign-sample records from 57 to 49, and 13
//!   of the 1,957 listed typosquats are no longer flagged (most carry one
//!   campaign's borrowed summary).
//!
//! # Data
//!
//! `data/{npm,pypi,nuget}.txt` are the popular lists (npm top 10,000 and
//! PyPI top 15,000 by downloads, 2,614 NuGet names), most popular first:
//! the rank is the popularity signal, so they are deduplicated but not
//! sorted. The English word list of `baitwatch_text::english` holds the
//! lower-case ASCII words of 4 to 12 letters of Debian's `wamerican`
//! 2020.12.07 list (SCOWL). All are embedded with `include_str!`; an index
//! is loaded from its list on first use of its registry (see
//! [`PopularIndex::embedded`]). `data/index-{npm,pypi,nuget}.bin` hold the
//! deletion tables of the three lists, generated from them by
//! `cargo run -p baitwatch-typosquat --example build_index` (a test fails
//! when they are out of date); a table that does not match its list is
//! not used, and the index builds its own.
//!
//! # Performance
//!
//! Measured with `cargo run --release --example compare_typomania` and
//! `cargo bench --bench typosquat` on a shared 2-core machine under heavy
//! load (figures vary by 2x between runs): about 55,000–80,000 names per
//! CPU second with the full checks and 220,000–260,000 with
//! [`PopularIndexBuilder::one_edit_only`], against 17,000–19,000 for
//! typomania with crates.io's checks on the same lists, while naming the
//! labelled target of 87–98 % of the corpus typosquats against typomania's
//! 6–29 %.
//!
//! # Untrusted input
//!
//! Checks never panic. Names longer than 1 KiB are not checked, edit
//! checks look at keys of at most 64 characters, each deletion key points
//! to at most 32 popular names, and at most three squats are reported, so
//! the work per name is bounded whatever the input.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod data;
mod deletions;
mod detector;
mod edit;
mod error;
mod fold;
mod index;
mod squat;
mod strmap;

pub use detector::{
    OWN_PURPOSE_DISCOUNT, TyposquatDetector, TyposquatDetectorBuilder, UNDOCUMENTED_WEIGHT,
    describes_own_purpose,
};
pub use error::BuildError;
pub use index::{PopularIndex, PopularIndexBuilder, PopularPackage};
pub use squat::{Squat, Technique};

/// Checks `name` against the embedded popular list of `ecosystem`: the
/// popular names it appears to imitate, best first. Empty for registries
/// without an embedded list.
///
/// ```
/// use baitwatch_metadata::Ecosystem;
/// let squats = baitwatch_typosquat::check(&Ecosystem::Npm, "lodahs");
/// assert_eq!(squats[0].target, "lodash");
/// ```
pub fn check(ecosystem: &baitwatch_metadata::Ecosystem, name: &str) -> Vec<Squat> {
    PopularIndex::embedded(ecosystem).map_or_else(Vec::new, |ix| ix.check(name))
}
