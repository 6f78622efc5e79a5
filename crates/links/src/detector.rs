//! [`LinksDetector`]: the [`Detector`] that scans a package's texts and URLs.

use std::collections::HashMap;

use baitwatch_text::fxhash::FxBuildHasher;

use baitwatch_metadata::{Detector, Field, Finding, Limits, Package};

use crate::assess::{BuildError, LinkAssessor, Risk, Rule};
use crate::extract::{Link, LinkFinder, LinkKind, normalize};

/// The risks of each link of one package, by kind, URL and anchor text.
/// Hashed with FxHash: a package's own links are the only keys, so a
/// crafted package can only slow down its own scan.
type Cache = HashMap<String, Vec<Risk>, FxBuildHasher>;

/// Most findings of one rule reported for one package (the strongest).
const MAX_FINDINGS_PER_RULE: usize = 5;

/// Scans summary, description, homepage, repository and project URLs for
/// links and reports what is wrong with them as `links.*` findings.
///
/// ```
/// use baitwatch_links::LinksDetector;
/// use baitwatch_metadata::{Detector, Ecosystem, Package};
///
/// let mut pkg = Package::new(Ecosystem::Npm, "some-package");
/// pkg.description = "Claim your gift: [steam.com](https://steamcommunity-gift.top/claim?ref=42)".into();
/// let mut findings = Vec::new();
/// LinksDetector::new().detect(&pkg, &mut findings);
/// let score: f64 = findings.iter().map(|f| f.weight).sum();
/// assert!(findings.iter().any(|f| f.rule == "links.brand-imitation"));
/// assert!(score >= 70.0);
/// ```
#[derive(Clone, Debug)]
pub struct LinksDetector {
    finder: LinkFinder,
    assessor: LinkAssessor,
    limits: Limits,
}

impl Default for LinksDetector {
    fn default() -> LinksDetector {
        LinksDetector::new()
    }
}

/// Builds a [`LinksDetector`] from a finder, an assessor and limits.
#[derive(Clone, Debug, Default)]
pub struct LinksDetectorBuilder {
    finder: Option<LinkFinder>,
    assessor: Option<LinkAssessor>,
    limits: Option<Limits>,
}

impl LinksDetectorBuilder {
    /// The link finder (default [`LinkFinder::new`]).
    pub fn finder(&mut self, finder: LinkFinder) -> &mut LinksDetectorBuilder {
        self.finder = Some(finder);
        self
    }
    /// The assessor, e.g. with extended lists (default [`LinkAssessor::new`]).
    pub fn assessor(&mut self, assessor: LinkAssessor) -> &mut LinksDetectorBuilder {
        self.assessor = Some(assessor);
        self
    }
    /// The bounds: `max_text_bytes` (longest text examined) and `max_links`
    /// (most links examined per package). Default [`Limits::default`].
    pub fn limits(&mut self, limits: Limits) -> &mut LinksDetectorBuilder {
        self.limits = Some(limits);
        self
    }
    /// The detector.
    pub fn build(&self) -> Result<LinksDetector, BuildError> {
        Ok(LinksDetector {
            finder: self.finder.clone().unwrap_or_default(),
            assessor: self.assessor.clone().unwrap_or_default(),
            limits: self.limits.clone().unwrap_or_default(),
        })
    }
}

impl LinksDetector {
    /// A detector with the embedded lists and default limits.
    pub fn new() -> LinksDetector {
        LinksDetector {
            finder: LinkFinder::new(),
            assessor: LinkAssessor::new(),
            limits: Limits::default(),
        }
    }

    /// A builder to change the finder, the assessor's lists or the limits.
    pub fn builder() -> LinksDetectorBuilder {
        LinksDetectorBuilder::default()
    }

    /// The assessor in use.
    pub fn assessor(&self) -> &LinkAssessor {
        &self.assessor
    }

    /// The findings for `package` (what [`Detector::detect`] appends).
    pub fn scan(&self, package: &Package) -> Vec<Finding> {
        let mut raw: Vec<Finding> = Vec::new();
        let mut budget = self.limits.max_links;
        let mut cache: Cache = HashMap::default();
        for (field, text) in [
            (Field::Summary, &package.summary),
            (Field::Description, &package.description),
        ] {
            if text.is_empty() {
                continue;
            }
            let text = self.bounded(text, field.clone(), &mut raw);
            self.scan_text(field, text, true, &mut budget, &mut cache, &mut raw);
        }
        let mut urls: Vec<(Field, &str)> = vec![
            (Field::Homepage, package.homepage.as_str()),
            (Field::Repository, package.repository.as_str()),
        ];
        urls.extend(
            package
                .project_urls
                .values()
                .map(|u| (Field::ProjectUrls, u.as_str())),
        );
        for (field, u) in urls {
            if u.trim().is_empty() {
                continue;
            }
            let u = self.bounded(u, field.clone(), &mut raw);
            self.scan_text(field, u, false, &mut budget, &mut cache, &mut raw);
        }
        select(raw)
    }

    /// `text` cut to `max_text_bytes` at a character boundary, noting the cut.
    fn bounded<'a>(&self, text: &'a str, field: Field, raw: &mut Vec<Finding>) -> &'a str {
        let max = self.limits.max_text_bytes;
        if text.len() <= max {
            return text;
        }
        let mut end = max;
        while end > 0 && !text.is_char_boundary(end) {
            end -= 1;
        }
        raw.push(Finding::new(
            "limits.links-text-truncated",
            0.0,
            field,
            format!("{} bytes", text.len()),
            format!("only the first {max} bytes were searched for links"),
        ));
        text.get(..end).unwrap_or("")
    }

    fn scan_text(
        &self,
        field: Field,
        text: &str,
        prose: bool,
        budget: &mut usize,
        cache: &mut Cache,
        raw: &mut Vec<Finding>,
    ) {
        if *budget == 0 {
            return;
        }
        let mut links: Vec<Link> = self.finder.links(text).take(*budget).collect();
        if !prose && links.is_empty() {
            // A URL field holding a bare host or a relative-looking value.
            let t = text.trim();
            if !t.contains(char::is_whitespace) {
                let start = text.len() - text.trim_start().len();
                let (url, parsed) = normalize(t, false);
                links.push(Link {
                    kind: LinkKind::BareUrl,
                    span: start..start + t.len(),
                    written: t.to_owned(),
                    anchor: None,
                    url,
                    parsed,
                });
            }
        }
        *budget = budget.saturating_sub(links.len());
        if *budget == 0 {
            raw.push(Finding::new(
                "limits.links-max-links",
                0.0,
                field.clone(),
                format!("{} links", self.limits.max_links),
                "the most links examined for one package was reached; later links were not examined",
            ));
        }
        for link in &links {
            let key = cache_key(link);
            let risks = cache
                .entry(key)
                .or_insert_with(|| self.assessor.assess(link));
            for r in risks.iter() {
                raw.push(
                    Finding::new(
                        r.rule.id(),
                        r.weight,
                        field.clone(),
                        link.written.clone(),
                        r.message.clone(),
                    )
                    .with_span(link.span.clone()),
                );
            }
        }
        if prose {
            let few_words = if field == Field::Summary { 4 } else { 12 };
            for r in text_risks(&self.assessor, text, &links, few_words) {
                raw.push(Finding::new(
                    r.rule.id(),
                    r.weight,
                    field.clone(),
                    r.evidence,
                    r.message,
                ));
            }
        }
    }
}

/// The key of a link in the risk cache: kind, URL and anchor text
/// joined by NUL bytes (what `format!("{}\0{}\0{}", ...)` gives, without
/// the formatting machinery).
fn cache_key(link: &Link) -> String {
    let kind = link.kind.as_str();
    let anchor = link.anchor.as_deref().unwrap_or("");
    let mut key = String::with_capacity(kind.len() + link.url.len() + anchor.len() + 2);
    key.push_str(kind);
    key.push('\u{0}');
    key.push_str(&link.url);
    key.push('\u{0}');
    key.push_str(anchor);
    key
}

impl Detector for LinksDetector {
    fn name(&self) -> &str {
        "links"
    }

    fn detect(&self, package: &Package, findings: &mut Vec<Finding>) {
        findings.extend(self.scan(package));
    }
}

/// A whole-text finding (density, links only).
pub(crate) struct TextRisk {
    pub(crate) rule: Rule,
    pub(crate) weight: f64,
    pub(crate) evidence: String,
    pub(crate) message: String,
}

/// Link density and "little but links" for one text and its links.
pub(crate) fn text_risks(
    assessor: &LinkAssessor,
    text: &str,
    links: &[Link],
    few_words: usize,
) -> Vec<TextRisk> {
    let external = links
        .iter()
        .filter(|l| l.kind != LinkKind::MarkdownImage && assessor.is_external(l))
        .count();
    if external == 0 {
        return Vec::new();
    }
    // Words outside the links. Fewer than three external links can only
    // fire "links only", which needs to know whether there are fewer than
    // `few_words`: counting stops there.
    let cap = if external >= 3 { usize::MAX } else { few_words };
    let mut words = 0usize;
    let mut pos = 0;
    let mut count = |s: &str| {
        if words < cap {
            words += count_words(s, cap - words);
        }
    };
    for l in links {
        if l.span.start >= pos {
            count(text.get(pos..l.span.start).unwrap_or(""));
            pos = l.span.end;
        }
    }
    count(text.get(pos..).unwrap_or(""));
    let mut out = Vec::new();
    let per_hundred = external as f64 * 100.0 / words.max(1) as f64;
    if words < few_words {
        out.push(TextRisk {
            rule: Rule::LinksOnly,
            weight: 15.0,
            evidence: format!("{external} external link(s), {words} word(s)"),
            message: "the text is little but links to other sites".to_owned(),
        });
    } else if external >= 3 && per_hundred >= 10.0 {
        let w = if external >= 5 && per_hundred >= 25.0 {
            20.0
        } else {
            10.0
        };
        out.push(TextRisk {
            rule: Rule::LinkDensity,
            weight: w,
            evidence: format!("{external} external links in {words} words"),
            message: format!("{per_hundred:.0} external links per hundred words"),
        });
    }
    out
}

/// The whitespace-separated words of `s` with a letter in them, counting
/// at most `cap`: `s.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count()`,
/// byte by byte for ASCII text.
fn count_words(s: &str, cap: usize) -> usize {
    if !s.is_ascii() {
        return s
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .take(cap)
            .count();
    }
    if cap == 0 {
        return 0;
    }
    let mut words = 0usize;
    // Without branches, 256 bytes at a time between looks at the cap: a
    // word counts at its first letter; `seen`: the current word had one.
    let mut seen = 0usize;
    for block in s.as_bytes().chunks(256) {
        for &b in block {
            let class = BYTE_CLASS.get(b as usize).copied().unwrap_or(0) as usize;
            let letter = class & 1;
            let space = class >> 1;
            words += letter & !seen & 1;
            seen = (seen | letter) & (space ^ 1);
        }
        if words >= cap {
            return cap;
        }
    }
    words
}

/// ASCII bytes for [`count_words`]: 1 a letter, 2 white space
/// (`char::is_whitespace`), 0 anything else.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => 1,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => 2,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Keeps the strongest findings of each rule, one per evidence, at most
/// [`MAX_FINDINGS_PER_RULE`] a rule, in a stable order.
fn select(mut raw: Vec<Finding>) -> Vec<Finding> {
    raw.sort_by(|a, b| {
        a.rule
            .cmp(&b.rule)
            .then(b.weight.total_cmp(&a.weight))
            .then(a.evidence.cmp(&b.evidence))
    });
    let mut out: Vec<Finding> = Vec::new();
    let mut per_rule = 0;
    for f in raw {
        let same_rule = out.last().is_some_and(|l| l.rule == f.rule);
        if !same_rule {
            per_rule = 0;
        }
        if per_rule >= MAX_FINDINGS_PER_RULE
            || out
                .iter()
                .rev()
                .take_while(|l| l.rule == f.rule)
                .any(|l| l.evidence == f.evidence)
        {
            continue;
        }
        per_rule += 1;
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(s: &str, cap: usize) -> usize {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
            .min(cap)
    }

    #[test]
    fn cache_key_is_the_formatted_one() {
        let text = "see [docs](https://example.com/a?b=1) and <https://x.test/>, mail@example.org";
        let links: Vec<Link> = crate::extract_links(text).collect();
        assert!(links.len() >= 3);
        for link in &links {
            let want = format!(
                "{}\u{0}{}\u{0}{}",
                link.kind,
                link.url,
                link.anchor.as_deref().unwrap_or("")
            );
            assert_eq!(cache_key(link), want);
        }
    }

    #[test]
    fn word_count_agrees_with_split_whitespace() {
        for s in [
            "",
            "  ",
            "a b\tc\nd\re\x0bf\x0cg",
            "x1 22 -- a-b [link](x) é ß 2024",
            "\x1c a \x1f",
            "words\u{a0}joined by nbsp",
        ] {
            for cap in [0, 1, 3, 12, usize::MAX] {
                assert_eq!(count_words(s, cap), reference(s, cap), "{s:?} {cap}");
            }
        }
    }

    proptest! {
        #[test]
        fn word_count_agrees_on_any_text(s in any::<String>(), cap in 0usize..20) {
            prop_assert_eq!(count_words(&s, cap), reference(&s, cap));
            prop_assert_eq!(count_words(&s, usize::MAX), reference(&s, usize::MAX));
        }

        #[test]
        fn word_count_agrees_on_ascii(s in "[ a-z0-9\t\n\r\x0b\x0c\x1c.-]{0,80}", cap in 0usize..20) {
            prop_assert_eq!(count_words(&s, cap), reference(&s, cap));
        }
    }
}
