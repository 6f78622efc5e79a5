//! Lure detection: finds package names and texts that bait people looking
//! for free game currency, gift cards, followers, cracks, account hacks,
//! pirated films, gambling or crypto giveaways, a wallet's sign-in page or
//! a "customer service" number to call — however they are disguised.
//!
//! Every field is first normalised by [`baitwatch_text::Normalizer`]
//! (NFKC, case, zero-width characters, look-alike letters, leetspeak,
//! spaced letters), then matched with Aho-Corasick against a categorised
//! [`Lexicon`] (embedded data files in English, Spanish, Portuguese,
//! Indonesian, French, German, Russian, Turkish and Vietnamese). Glued
//! words made only of lexicon terms (`freerobuxgenerator`) are split, words
//! a name splits into pieces (`free-ro-bux`, `foll-owers`) are glued back
//! when a piece is no word of its own, and
//! core lure words tolerate one deliberate misspelling (`diamonsd`, `hakc`,
//! `genrator`, `donwload`, `robx`). Benign contexts (`cheat sheet`,
//! `anti-cheat`, `hackathon`, `free port`, `password generator`,
//! `coin change`, ...) cancel every lure term they overlap.
//!
//! A single word means nothing: the rules score *co-occurrence* of term
//! classes within a field (or within a short window of a long description,
//! or across name, summary and keywords together).
//!
//! ```
//! use baitwatch_lure::LureDetector;
//! use baitwatch_metadata::{Detector, Ecosystem, Field, Package};
//!
//! let detector = LureDetector::new();
//! let mut findings = Vec::new();
//! detector.detect(&Package::new(Ecosystem::Npm, "fr33-r0bux-g3nerator-2024-x7k2q"), &mut findings);
//! let best = findings.iter().find(|f| f.rule == "lure.game-currency").unwrap();
//! assert!(best.weight >= 70.0);
//! assert_eq!(best.field, Field::Name);
//!
//! findings.clear();
//! detector.detect(&Package::new(Ecosystem::PyPI, "free-port-finder"), &mut findings);
//! assert!(findings.is_empty());
//! ```
//!
//! # Rules
//!
//! A finding's weight is points out of 100 (a scanner adds the highest
//! weight of each rule id; suspicious at 40, malicious at 70). Rules fire
//! on the [`TermClass`]es of the terms found together: in one short field
//! (name, summary, keywords), in name + summary + keywords together, or
//! in a window of ±80 bytes of a description or long summary. "Mods" are
//! free, generator, unlimited, a campaign phrase or hack (in any
//! language). "Weak" words (legit, working, updated, apk, app, download,
//! ... and a year) count only in package names.
//!
//! | rule | weight | fires on |
//! | --- | --- | --- |
//! | `lure.game-currency` | 80 | a lure currency (robux, v-bucks, primogems) with a mod, or game + item/account (fortnite skins) with free, unlimited, a campaign phrase, hack, or generator plus a weak word |
//! | | 70 / 50 / 45 / 35 / 20 | item + free + generator or hack / currency + weak word / game item + weak word / a lure currency alone, or game item + generator, in a name / the same in other fields |
//! | `lure.social-boost` | 75 / 70 / 60 / 40 | platform + boost (tiktok followers) with a mod / two boosts + platform in a name / boost + free + generator or unlimited / platform + boost + weak word |
//! | `lure.gift-card` | 75 / 45 / 40 / 20 | gift card or redeem code, or pay app + money (cash app money), with a mod / gift card + weak word / pay app + money + weak word / a gift card alone |
//! | `lure.crack` | 70 / 50 / 35 | a crack phrase (mod apk, kmspico, crack download) or two crack words (crack + activation key) / crack word + free + weak word / crack word + weak word |
//! | `lure.account-hacking` | 75 / 70 / 35 | hack + account or password + platform / hack + pay app, or hack + platform + another mod / hack + platform |
//! | `lure.game-cheat` | 75 / 70 | hack or cheat + game with another mod, a weak word or an item / hack or cheat + game |
//! | `lure.piracy` | 75 / 50 / 30 / 25 | points: 2 per piracy phrase (full movie, 123movies, watch online, film complet), 1 per media word (watch, movie, hd), 1 for free, 1 for weak words, 1 in a name; needs a piracy phrase or three media words: 5+ / 4 / 3 points / a phrase alone; 60 for a name on a pirated-book template (`<title>-by-<author>-on-kindle-full-pages-`, or an underscored title naming a book format with a `__` tail) |
//! | `lure.gambling` | 75 / 45 | two gambling phrases (slot gacor, togel, situs judi) or one with a betting word / one alone |
//! | `lure.crypto-giveaway` | 75 / 70 / 30 | crypto + giveaway phrase (giveaway, doubler, bitcoin generator, fake transaction) / crypto + free or generator + unlimited, campaign or hack (or, in a name, another mod or weak word) / crypto + free |
//! | `lure.campaign-phrase` | 70 | "no human verification", "no survey", "updated tricks" and their translations |
//! | `lure.login-phishing` | 70 / 20 | a wallet, exchange or trading-app brand (metamask, coinbase, trezor) with sign-in words (login, sign in, `trezor.io/start`) in a name, with a support line or a phone number anywhere, or with a lure word (free, generator, hack ...) in a short summary or keywords / otherwise |
//! | `lure.support-scam` | 70 | a telephone number (found by its shape: `+1 (855) 555-0123`, `1-800-555-0199`, `+44 20 7946 0958`) with a support-line word (customer service, helpline, toll free), or a phrase naming such a number (`customer service number`) |
//! | `lure.generic-combo` | 60 / 35 | three mods (free + unlimited + generator) in a name / elsewhere, or two mods + weak word |
//! | `lure.name-template` | 45 / 25 | a title of six words or more joined with underscores and ending in a short `__` tail or a random one (`<title>_free_hot__x7q`, `<title>_serial_k3v9q`: how one SEO campaign names its pages) / a name with a lure topic and free, generator or unlimited (or two topics, or two of free, generator, unlimited) plus a year or a random-looking last token (`...-generator-2023-a566ea`) |
//!
//! A term class alone (`free`, `generator`, `hack`, `crack`, `watch`)
//! never fires; benign contexts remove the terms they overlap before any
//! rule runs, and `X-free` in prose (`dependency-free`) is not "free".
//!
//! The evidence of a finding is the original text (not the normalised
//! one) covering the terms that made the rule fire, and its span is the
//! byte range in that field; for keywords, the span is into the keywords
//! joined with `", "` (each trimmed, empty ones left out, as the JSON form
//! reads them).
//!
//! # Untrusted input
//!
//! The description is examined up to [`LureDetectorBuilder::max_text_bytes`]
//! (1 MiB by default); normalising and matching are linear, at most 20,000
//! term hits are kept per field, compound splitting is done on words of at
//! most 64 bytes in short fields only, and description windows are bounded,
//! so time and memory are linear in the examined input. Nothing panics on
//! any input.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod lexicon;
mod matcher;
mod phone;
mod rules;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use baitwatch_metadata::{Detector, Field, Finding, Package};

pub use lexicon::{Lexicon, Term, TermClass};
pub use matcher::{MatchHow, TermMatch};

use matcher::{Compiled, Hit};
use rules::{Ctx, Fired};

/// Errors from building a [`LureDetector`] or reading a [`Lexicon`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A lexicon line could not be read.
    #[error("{origin}:{line}: {message}")]
    Lexicon {
        /// File name, or `<text>`.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A lexicon file could not be read.
    #[error("cannot read lexicon {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The lexicon has no usable term.
    #[error("the lexicon is empty")]
    EmptyLexicon,
    /// The matcher could not be built (for example, too many terms).
    #[error("cannot build the matcher: {0}")]
    Automaton(String),
    /// `max_text_bytes` or `window_bytes` was zero.
    #[error("{0} must be at least 1")]
    Zero(&'static str),
}

/// Default bytes of a description examined.
pub const DEFAULT_MAX_TEXT_BYTES: usize = 1 << 20;

/// Default half-width, in original bytes, of the window in which terms of
/// a long description count as occurring together.
pub const DEFAULT_WINDOW_BYTES: usize = 80;

/// Finds lure names and texts; implements [`Detector`] with name `lure`.
///
/// Cheap to clone (the compiled lexicon is shared).
#[derive(Clone)]
pub struct LureDetector {
    compiled: Arc<Compiled>,
    max_text_bytes: usize,
    window: usize,
}

impl std::fmt::Debug for LureDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LureDetector")
            .field("max_text_bytes", &self.max_text_bytes)
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

impl Default for LureDetector {
    fn default() -> LureDetector {
        LureDetector::new()
    }
}

/// Builder for a [`LureDetector`]: add to or replace the lexicon, load
/// lexicon files, set bounds.
///
/// ```
/// use baitwatch_lure::{LureDetector, Lexicon, TermClass};
/// use baitwatch_metadata::{Detector, Ecosystem, Package};
///
/// let detector = LureDetector::builder()
///     .add_term(TermClass::Currency, "starcoins")
///     .build()?;
/// let mut findings = Vec::new();
/// detector.detect(&Package::new(Ecosystem::Npm, "free-starcoins-generator"), &mut findings);
/// assert!(findings.iter().any(|f| f.rule == "lure.game-currency" && f.weight >= 70.0));
///
/// // A lexicon of its own, without the embedded one.
/// let only = LureDetector::builder()
///     .replace_lexicon(Lexicon::parse("gambling\tlucky spin\ngambling\tmega win\n")?)
///     .build()?;
/// findings.clear();
/// only.detect(&Package::new(Ecosystem::Npm, "free-robux-generator"), &mut findings);
/// assert!(findings.is_empty());
/// # Ok::<(), baitwatch_lure::BuildError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct LureDetectorBuilder {
    replace: Option<Lexicon>,
    extra: Lexicon,
    files: Vec<PathBuf>,
    max_text_bytes: Option<usize>,
    window: Option<usize>,
}

impl LureDetectorBuilder {
    /// Adds one term to the lexicon.
    pub fn add_term(&mut self, class: TermClass, term: impl Into<String>) -> &mut Self {
        self.extra.add(class, term);
        self
    }

    /// Adds every term of `lexicon`.
    pub fn add_lexicon(&mut self, lexicon: Lexicon) -> &mut Self {
        self.extra.extend(lexicon);
        self
    }

    /// Uses `lexicon` instead of the embedded one (terms added with
    /// [`add_term`](Self::add_term) and files still come on top).
    pub fn replace_lexicon(&mut self, lexicon: Lexicon) -> &mut Self {
        self.replace = Some(lexicon);
        self
    }

    /// Adds the terms of a lexicon file (read by [`build`](Self::build);
    /// format in [`Lexicon`]).
    pub fn add_lexicon_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.files.push(path.into());
        self
    }

    /// Bytes of a description examined (default [`DEFAULT_MAX_TEXT_BYTES`]).
    pub fn max_text_bytes(&mut self, max: usize) -> &mut Self {
        self.max_text_bytes = Some(max);
        self
    }

    /// Half-width of the co-occurrence window in descriptions, in bytes
    /// (default [`DEFAULT_WINDOW_BYTES`]).
    pub fn window_bytes(&mut self, bytes: usize) -> &mut Self {
        self.window = Some(bytes);
        self
    }

    /// Builds the detector; can be called again.
    pub fn build(&self) -> Result<LureDetector, BuildError> {
        let max_text_bytes = self.max_text_bytes.unwrap_or(DEFAULT_MAX_TEXT_BYTES);
        if max_text_bytes == 0 {
            return Err(BuildError::Zero("max_text_bytes"));
        }
        let window = self.window.unwrap_or(DEFAULT_WINDOW_BYTES);
        if window == 0 {
            return Err(BuildError::Zero("window_bytes"));
        }
        let mut lexicon = self.replace.clone().unwrap_or_else(Lexicon::embedded);
        lexicon.extend(self.extra.clone());
        for path in &self.files {
            lexicon.extend(Lexicon::from_file(path)?);
        }
        Ok(LureDetector {
            compiled: Arc::new(Compiled::new(&lexicon)?),
            max_text_bytes,
            window,
        })
    }
}

/// Hits of one field.
struct FieldHits<'a> {
    field: Field,
    text: &'a str,
    hits: Vec<Hit>,
}

impl LureDetector {
    /// A detector with the embedded lexicon and default bounds.
    pub fn new() -> LureDetector {
        static DEFAULT: std::sync::OnceLock<Arc<Compiled>> = std::sync::OnceLock::new();
        let compiled = DEFAULT
            .get_or_init(|| {
                // Embedded data, not input: a unit test proves it compiles.
                #[allow(clippy::expect_used)]
                Arc::new(Compiled::new(&Lexicon::embedded()).expect("embedded lexicon compiles"))
            })
            .clone();
        LureDetector {
            compiled,
            max_text_bytes: DEFAULT_MAX_TEXT_BYTES,
            window: DEFAULT_WINDOW_BYTES,
        }
    }

    /// A builder.
    pub fn builder() -> LureDetectorBuilder {
        LureDetectorBuilder::default()
    }

    /// Every lexicon term found in `text` (benign contexts applied), with
    /// its span in `text`; for tools and tests.
    ///
    /// ```
    /// use baitwatch_lure::{LureDetector, TermClass};
    /// let text = "Get ｆｒｅｅ Rоbux";
    /// let found = LureDetector::new().find_terms(text);
    /// let robux = found.iter().find(|m| m.classes.contains(&TermClass::Currency)).unwrap();
    /// assert_eq!(&text[robux.span.clone()], "Rоbux");
    /// ```
    pub fn find_terms(&self, text: &str) -> Vec<TermMatch> {
        self.compiled.term_matches(cut(text, self.max_text_bytes))
    }

    /// The findings for one package, as [`Detector::detect`] gives them.
    pub fn findings(&self, package: &Package) -> Vec<Finding> {
        let mut out = Vec::new();
        self.detect(package, &mut out);
        out
    }

    fn evidence(&self, fh: &FieldHits<'_>, fired: &Fired, within: &[Hit]) -> Option<Finding> {
        let used: Vec<&Hit> = within
            .iter()
            .filter(|h| h.mask & fired.classes != 0)
            .collect();
        let first = used.first()?;
        let start = used.iter().map(|h| h.span.start).min()?;
        let end = used.iter().map(|h| h.span.end).max()?;
        let span = if end - start <= 240 {
            start..end
        } else {
            first.span.clone()
        };
        let evidence = fh.text.get(span.clone())?;
        Some(
            Finding::new(
                fired.rule,
                fired.weight,
                fh.field.clone(),
                evidence,
                format!("{} ({})", capital(fired.message), fh.field),
            )
            .with_span(span),
        )
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

fn keep(best: &mut BTreeMap<&'static str, Finding>, rule: &'static str, f: Finding) {
    match best.get(rule) {
        Some(old) if old.weight >= f.weight => {}
        _ => {
            best.insert(rule, f);
        }
    }
}

/// Year (2015–2030, or `2k23`) in a name.
fn name_has_year(name: &str) -> bool {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(|t| {
            // split letters from digits
            let mut parts = Vec::new();
            let mut cur = String::new();
            for ch in t.chars() {
                if let Some(last) = cur.chars().last()
                    && last.is_ascii_digit() != ch.is_ascii_digit()
                {
                    parts.push(std::mem::take(&mut cur));
                }
                cur.push(ch);
            }
            parts.push(cur);
            let whole = t.to_ascii_lowercase();
            parts.push(whole);
            parts
        })
        .any(|p| {
            let p = p.to_ascii_lowercase();
            matches!(p.parse::<u32>(), Ok(2015..=2030))
                || (p.len() == 4
                    && p.starts_with("2k")
                    && p[2..].bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Whether the last token of a name looks random (`a566ea`, `fdth`, `zvxr4`).
fn random_suffix(name: &str) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    let toks: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    if toks.len() < 3 {
        return false;
    }
    let Some(last) = toks.last() else {
        return false;
    };
    let t = last.to_ascii_lowercase();
    let letters = t.bytes().filter(u8::is_ascii_alphabetic).count();
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    let vowels = t.bytes().filter(|b| b"aeiouy".contains(b)).count();
    (letters > 0 && digits > 0 && t.len() >= 3)
        || (digits == 0 && t.len() >= 4 && vowels == 0)
        || (letters == 0 && t.len() >= 3 && !matches!(t.parse::<u32>(), Ok(2015..=2030)))
}

impl Detector for LureDetector {
    fn name(&self) -> &str {
        "lure"
    }

    fn detect(&self, package: &Package, findings: &mut Vec<Finding>) {
        let c = &self.compiled;
        // As the JSON form reads them: trimmed, empty ones left out, so a
        // package and its JSON round trip give the same spans.
        let keywords = package
            .keywords
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let keywords = cut(&keywords, self.max_text_bytes).to_owned();
        let summary = cut(&package.summary, self.max_text_bytes);
        let short = [
            FieldHits {
                field: Field::Name,
                text: &package.name,
                hits: c.hits(cut(&package.name, 4096), true, true),
            },
            FieldHits {
                field: Field::Summary,
                text: summary,
                hits: c.hits(summary, false, true),
            },
            FieldHits {
                field: Field::Keywords,
                text: &keywords,
                hits: c.hits(&keywords, false, true),
            },
        ];
        let year = name_has_year(&package.name);
        let mut best: BTreeMap<&'static str, Finding> = BTreeMap::new();

        // Each short field alone; a long summary window by window.
        for fh in &short {
            if fh.hits.is_empty() {
                continue;
            }
            if fh.field == Field::Summary && fh.text.len() > 2 * self.window {
                self.scan_windows(fh, &mut best);
                continue;
            }
            let is_name = fh.field == Field::Name;
            let ctx = Ctx::new(
                fh.hits.iter().map(|h| (h, is_name)),
                is_name && year,
                is_name,
            );
            for fired in rules::evaluate(&ctx) {
                if let Some(f) = self.evidence(fh, &fired, &fh.hits) {
                    keep(&mut best, fired.rule, f);
                }
            }
        }

        // Name, summary and keywords together.
        let with_hits = short.iter().filter(|f| !f.hits.is_empty()).count();
        if with_hits >= 2 && !short[0].hits.is_empty() {
            let ctx = Ctx::new(
                short
                    .iter()
                    .flat_map(|fh| fh.hits.iter().map(move |h| (h, fh.field == Field::Name))),
                year,
                false,
            );
            for fired in rules::evaluate(&ctx) {
                if best
                    .get(fired.rule)
                    .is_some_and(|f| f.weight >= fired.weight)
                {
                    continue;
                }
                // Evidence from the first field holding a topic of the rule.
                let fh = short.iter().find(|fh| {
                    fh.hits
                        .iter()
                        .any(|h| h.mask & fired.classes != 0 && rules::is_topic(h.mask))
                });
                if let Some(fh) = fh
                    && let Some(mut f) = self.evidence(fh, &fired, &fh.hits)
                {
                    f.message = format!(
                        "{} (name, summary and keywords together)",
                        capital(fired.message)
                    );
                    keep(&mut best, fired.rule, f);
                }
            }
        }

        // The description, window by window.
        let desc = cut(&package.description, self.max_text_bytes);
        if !desc.is_empty() {
            let fh = FieldHits {
                field: Field::Description,
                text: desc,
                hits: c.hits(desc, false, false),
            };
            self.scan_windows(&fh, &mut best);
        }

        // Name template: lure terms + year or random suffix.
        let name = &short[0];
        let topics = name.hits.iter().filter(|h| rules::is_topic(h.mask)).count();
        let mods = {
            let ctx_bits: u32 = name.hits.iter().fold(0, |m, h| m | h.mask);
            [TermClass::Free, TermClass::Generator, TermClass::Unlimited]
                .iter()
                .filter(|c| ctx_bits & c.bit() != 0)
                .count()
        };
        let topic_classes = name
            .hits
            .iter()
            .filter(|h| rules::is_topic(h.mask))
            .fold(0u32, |m, h| m | h.mask)
            .count_ones();
        let lure_name = (topics >= 1 && (mods >= 1 || topic_classes >= 2)) || mods >= 2;
        let whole_name = |best: &mut BTreeMap<&'static str, Finding>, rule, weight, message| {
            let f = Finding::new(rule, weight, Field::Name, package.name.clone(), message)
                .with_span(0..package.name.len());
            keep(best, rule, f);
        };
        if lure_name && (year || random_suffix(&package.name)) {
            whole_name(
                &mut best,
                "lure.name-template",
                25.0,
                "Name follows a spam template: lure words plus a year or a random suffix",
            );
        }
        let titled = underscored_title(&package.name);
        if titled {
            whole_name(
                &mut best,
                "lure.name-template",
                TITLE_TEMPLATE_WEIGHT,
                "Name follows a spam template: an underscored title of six words or more and a random tail",
            );
        }
        if let Some(how) = book_name_template(&package.name, titled) {
            whole_name(&mut best, "lure.piracy", BOOK_TEMPLATE_WEIGHT, how);
        }
        findings.extend(best.into_values());
    }
}

/// Weight of a name that is an underscored title with a random tail
/// ([`underscored_title`]).
const TITLE_TEMPLATE_WEIGHT: f64 = 45.0;

/// Weight of a name that follows a pirated-book template.
const BOOK_TEMPLATE_WEIGHT: f64 = 60.0;

/// Where a pirated-book name says the book may be read.
const READERS: &[&str] = &[
    "android",
    "audible",
    "audiobook",
    "ebook",
    "epub",
    "ipad",
    "iphone",
    "kindle",
    "kobo",
    "mac",
    "macbook",
    "nook",
    "pdf",
    "tablet",
    "textbook",
];

/// What a pirated-book name offers after its reader (`full pages`, `new
/// edition`, `free download`).
const EDITIONS: &[&str] = &[
    "complete",
    "download",
    "free",
    "full",
    "new",
    "online",
    "unabridged",
];

/// Book formats that a generated title names.
const BOOK_FORMATS: &[&str] = &["djvu", "ebook", "epub", "mobi", "pdf"];

/// Whether a package name follows one of the pirated-book templates of
/// SEO spam, with the message saying which:
///
/// * a book title, then `by` and an author of two words or more, then
///   `on` and a reader, then what is offered
///   (`<title>-by-<author>-on-kindle-full-pages-`), in eight words or
///   more; or, as registries cut long names before the reader, a book
///   format first, then a title of four words or more and `by` an
///   author, in ten words or more (`pdf-<title>-by-<author>-`);
/// * an underscored title (`titled`, as [`underscored_title`] tells)
///   naming a book format (`<title>_pdf_free__x7q`).
fn book_name_template(name: &str, titled: bool) -> Option<&'static str> {
    let name = name.rsplit('/').next().unwrap_or(name);
    if name.len() > 512 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let toks: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    if toks.len() >= 8 {
        let by = toks.iter().skip(1).position(|t| *t == "by").map(|i| i + 1);
        if let Some(by) = by
            && toks.iter().enumerate().skip(by + 3).any(|(i, t)| {
                *t == "on"
                    && toks.get(i + 1).is_some_and(|r| READERS.contains(r))
                    && toks.iter().skip(i + 2).any(|e| EDITIONS.contains(e))
            })
        {
            return Some(
                "Name follows a pirated-book template: a title, `by` an author, `on` a reader",
            );
        }
        // Registries cut names at a length, often before the reader: a
        // book format first, then a title of four words or more and `by`,
        // in ten words or more, says the same.
        let format_first = toks.first().is_some_and(|t| BOOK_FORMATS.contains(t));
        if format_first
            && toks.len() >= 10
            && toks
                .iter()
                .enumerate()
                .any(|(i, t)| *t == "by" && i >= 5 && i + 3 <= toks.len())
        {
            return Some(
                "Name follows a pirated-book template: a book format, a title, `by` an author",
            );
        }
    }
    if titled && toks.iter().any(|t| BOOK_FORMATS.contains(t)) {
        return Some(
            "Name follows a pirated-book template: an underscored title naming a book format and a random tail",
        );
    }
    None
}

/// Whether a package name is a title of six words or more joined with
/// underscores (never how npm or PyPI names are written) that ends in a
/// short tail: any token of up to six letters and digits after a double
/// underscore, or a random-looking one ([`random_suffix`]) after a single
/// one. That is how one SEO spam campaign names its pages of cracks,
/// drivers and books (`<title>_free_hot__x7q`, `<title>_serial_k3v9q`).
fn underscored_title(name: &str) -> bool {
    let name = name.rsplit('/').next().unwrap_or(name);
    if name.contains(['-', '.']) || name.len() > 512 {
        return false;
    }
    if name.split('_').filter(|t| !t.is_empty()).count() < 6 {
        return false;
    }
    let short =
        |t: &str| (1..=6).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric());
    match name.rsplit_once("__") {
        Some((_, tail)) if short(tail) => true,
        _ => name.rsplit('_').next().is_some_and(short) && random_suffix(name),
    }
}

impl LureDetector {
    fn scan_windows(&self, fh: &FieldHits<'_>, best: &mut BTreeMap<&'static str, Finding>) {
        const MAX_ANCHORS: usize = 4096;
        const MAX_WINDOW_HITS: usize = 64;
        let hits = &fh.hits;
        let mut lo = 0;
        let mut hi = 0;
        for (anchors, (i, a)) in hits.iter().enumerate().enumerate() {
            if anchors >= MAX_ANCHORS {
                break;
            }
            let from = a.span.start.saturating_sub(self.window);
            let to = a.span.end.saturating_add(self.window);
            while lo < i && hits.get(lo).is_some_and(|h| h.span.end < from) {
                lo += 1;
            }
            hi = hi.max(i + 1);
            while hi < hits.len()
                && hits.get(hi).is_some_and(|h| h.span.start <= to)
                && hi - lo < MAX_WINDOW_HITS
            {
                hi += 1;
            }
            let Some(window) = hits.get(lo..hi) else {
                continue;
            };
            // Only windows with a topic, or with two or more terms, can fire.
            if window.len() < 2 && !window.iter().any(|h| rules::is_topic(h.mask)) {
                continue;
            }
            let ctx = Ctx::new(window.iter().map(|h| (h, false)), false, false).in_prose();
            for fired in rules::evaluate(&ctx) {
                if best
                    .get(fired.rule)
                    .is_some_and(|f| f.weight >= fired.weight)
                {
                    continue;
                }
                if let Some(f) = self.evidence(fh, &fired, window) {
                    keep(best, fired.rule, f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_sync() {
        fn check<T: Send + Sync>() {}
        check::<LureDetector>();
        check::<LureDetectorBuilder>();
        check::<Lexicon>();
        check::<Term>();
        check::<TermClass>();
        check::<TermMatch>();
        check::<MatchHow>();
        check::<BuildError>();
    }

    #[test]
    fn a_currency_alone_weighs_more_in_a_name_than_in_prose() {
        let det = LureDetector::new();
        let weight = |pkg: &Package| {
            det.findings(pkg)
                .iter()
                .find(|f| f.rule == "lure.game-currency")
                .map(|f| (f.field.clone(), f.weight))
        };
        let named = Package::new(baitwatch_metadata::Ecosystem::Npm, "robux-shop");
        assert_eq!(weight(&named), Some((Field::Name, 35.0)));
        let mut prose = Package::new(baitwatch_metadata::Ecosystem::Npm, "shop-kit");
        prose.summary = "Prices developer products in Robux for Roblox games".to_owned();
        assert_eq!(weight(&prose), Some((Field::Summary, 20.0)));
        prose.summary = "Free Robux for Roblox games".to_owned();
        assert_eq!(weight(&prose), Some((Field::Summary, 80.0)));
    }

    #[test]
    fn support_scam_needs_a_number_and_a_support_word() {
        let det = LureDetector::new();
        let fires = |summary: &str| {
            let mut p = Package::new(baitwatch_metadata::Ecosystem::PyPI, "tool");
            p.summary = summary.to_owned();
            det.findings(&p)
                .iter()
                .any(|f| f.rule == "lure.support-scam")
        };
        assert!(fires("Customer service: 1-888-555-0147"));
        assert!(!fires("Customer service portal client"));
        assert!(!fires("Format 1-888-555-0147 as E.164"));
        assert!(!fires("Customer service release 1.888.555"));
    }

    #[test]
    fn embedded_compiles() {
        assert!(Compiled::new(&Lexicon::embedded()).is_ok());
    }

    #[test]
    fn suffix_and_year() {
        let cases = [
            (
                "cash-app-money-generator-new-2023-update-a566ea",
                true,
                true,
            ),
            ("free-robux-generator", false, false),
            ("watch_the_paper_kingdom_2k23_online_free_en", true, false),
            ("wosk-money-fdth", false, true),
            ("free-robux-760", false, true),
        ];
        for (name, y, r) in cases {
            assert_eq!(name_has_year(name), y, "{name}");
            assert_eq!(random_suffix(name), r, "{name}");
        }
    }
}
