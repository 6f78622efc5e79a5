//! URL risk: named rules that say what is wrong with one link.

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;

use baitwatch_text::fxhash::FxBuildHasher;
use std::fmt;
use std::net::IpAddr;

use unicode_security::MixedScript;

use crate::extract::{Link, LinkKind, suffix_is_known};
use crate::lists;

/// A link-risk rule. Its [`id`](Rule::id) is the stable rule id of the
/// findings it produces (see the crate docs for the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Rule {
    /// `links.shortener`: a URL shortener or paid redirector hides the target.
    Shortener,
    /// `links.ip-host`: the host is a public IP address.
    IpHost,
    /// `links.unusual-port`: an explicit port other than 80, 443, 8080, 8443.
    UnusualPort,
    /// `links.punycode-host`: an internationalised (punycode) host.
    PunycodeHost,
    /// `links.mixed-script-host`: a host label mixing scripts (Latin with Cyrillic ...).
    MixedScriptHost,
    /// `links.risky-tld`: a top-level domain much used by phishing and spam.
    RiskyTld,
    /// `links.anchor-mismatch`: the anchor text shows one domain, the link goes to another.
    AnchorMismatch,
    /// `links.referral`: referral or affiliate parameters or paths.
    Referral,
    /// `links.script-scheme`: a `javascript:`, `vbscript:` or non-image `data:` link.
    ScriptScheme,
    /// `links.lure-word`: lure words (free, claim, gift, generator, robux ...) in host or path.
    LureWord,
    /// `links.brand-imitation`: a host that imitates a brand (paypal, roblox, steam ...).
    BrandImitation,
    /// `links.disguised`: a defanged or disguised link (`hxxp`, `[.]`, ` dot `).
    Disguised,
    /// `links.link-density`: many external links for few words.
    LinkDensity,
    /// `links.links-only`: a text that is little but external links.
    LinksOnly,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 14] = [
        Rule::Shortener,
        Rule::IpHost,
        Rule::UnusualPort,
        Rule::PunycodeHost,
        Rule::MixedScriptHost,
        Rule::RiskyTld,
        Rule::AnchorMismatch,
        Rule::Referral,
        Rule::ScriptScheme,
        Rule::LureWord,
        Rule::BrandImitation,
        Rule::Disguised,
        Rule::LinkDensity,
        Rule::LinksOnly,
    ];

    /// The stable rule id, `links.<name>`.
    pub fn id(&self) -> &'static str {
        match self {
            Rule::Shortener => "links.shortener",
            Rule::IpHost => "links.ip-host",
            Rule::UnusualPort => "links.unusual-port",
            Rule::PunycodeHost => "links.punycode-host",
            Rule::MixedScriptHost => "links.mixed-script-host",
            Rule::RiskyTld => "links.risky-tld",
            Rule::AnchorMismatch => "links.anchor-mismatch",
            Rule::Referral => "links.referral",
            Rule::ScriptScheme => "links.script-scheme",
            Rule::LureWord => "links.lure-word",
            Rule::BrandImitation => "links.brand-imitation",
            Rule::Disguised => "links.disguised",
            Rule::LinkDensity => "links.link-density",
            Rule::LinksOnly => "links.links-only",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One thing wrong with a link.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Risk {
    /// The rule.
    pub rule: Rule,
    /// Points (of 100) under the default scoring.
    pub weight: f64,
    /// One sentence for a person, naming what was seen.
    pub message: String,
}

impl Risk {
    fn new(rule: Rule, weight: f64, message: impl Into<String>) -> Risk {
        Risk {
            rule,
            weight,
            message: message.into(),
        }
    }
}

/// Why a [`LinkAssessor`] or [`crate::LinksDetector`] could not be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A weight is not a finite number from 0 to 100.
    #[error("{list} entry `{entry}`: weight {weight} is not a number from 0 to 100")]
    InvalidWeight {
        /// Which list.
        list: &'static str,
        /// The entry.
        entry: String,
        /// The weight given.
        weight: f64,
    },
    /// An entry is empty or is not a host name or word.
    #[error("{list} entry `{entry}`: {reason}")]
    InvalidEntry {
        /// Which list.
        list: &'static str,
        /// The entry.
        entry: String,
        /// Why.
        reason: &'static str,
    },
}

#[derive(Clone, Debug)]
struct Brand {
    name: String,
    /// The brand and the registrable labels of its official domains, with
    /// their confusable skeletons.
    targets: Vec<(String, String)>,
}

/// Judges single links against the rules, with lists that users can extend.
///
/// ```
/// use baitwatch_links::{extract_links, LinkAssessor, Rule};
/// let assessor = LinkAssessor::new();
/// let link = extract_links("get it: https://free-robux-claim.top/gift?aff_id=9").next().unwrap();
/// let rules: Vec<Rule> = assessor.assess(&link).into_iter().map(|r| r.rule).collect();
/// assert!(rules.contains(&Rule::LureWord));
/// assert!(rules.contains(&Rule::RiskyTld));
/// assert!(rules.contains(&Rule::Referral));
///
/// let docs = extract_links("see https://docs.rs/regex").next().unwrap();
/// assert!(assessor.assess(&docs).is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct LinkAssessor {
    shorteners: HashMap<String, f64, FxBuildHasher>,
    risky_tlds: HashMap<String, f64, FxBuildHasher>,
    known_good: HashSet<String, FxBuildHasher>,
    brands: Vec<Brand>,
    /// Official domain -> indices into `brands`.
    official: HashMap<String, Vec<usize>, FxBuildHasher>,
    affixes: HashSet<String, FxBuildHasher>,
    lure: HashMap<String, f64, FxBuildHasher>,
    /// Lure words also matched inside longer tokens.
    lure_inner: Vec<(String, f64)>,
    /// The words of `lure_inner` in one automaton: a token holding none
    /// of them (most) skips the search for each; `None` if it could not
    /// be built.
    lure_inner_any: Option<AhoCorasick>,
}

impl Default for LinkAssessor {
    fn default() -> LinkAssessor {
        LinkAssessor::new()
    }
}

/// Builds a [`LinkAssessor`]: the embedded lists plus the user's entries.
///
/// ```
/// use baitwatch_links::{extract_links, LinkAssessor, Rule};
/// let assessor = LinkAssessor::builder()
///     .shortener("go.example", 40.0)
///     .known_good("intranet.example")
///     .brand("acmebank", ["acmebank.com"])
///     .build()?;
/// let link = extract_links("https://acmebank-login.com/").next().unwrap();
/// assert_eq!(assessor.assess(&link)[0].rule, Rule::BrandImitation);
/// # Ok::<(), baitwatch_links::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct LinkAssessorBuilder {
    defaults: bool,
    shorteners: Vec<(String, f64)>,
    risky_tlds: Vec<(String, f64)>,
    known_good: Vec<String>,
    brands: Vec<(String, Vec<String>)>,
    lure_words: Vec<(String, f64)>,
}

impl Default for LinkAssessorBuilder {
    fn default() -> LinkAssessorBuilder {
        LinkAssessorBuilder {
            defaults: true,
            shorteners: Vec::new(),
            risky_tlds: Vec::new(),
            known_good: Vec::new(),
            brands: Vec::new(),
            lure_words: Vec::new(),
        }
    }
}

impl LinkAssessorBuilder {
    /// Whether the embedded lists are used (default true). With `false`
    /// only the entries added to this builder count.
    pub fn default_lists(&mut self, yes: bool) -> &mut LinkAssessorBuilder {
        self.defaults = yes;
        self
    }
    /// Adds a shortener or redirector domain (it and its subdomains).
    pub fn shortener(
        &mut self,
        domain: impl Into<String>,
        weight: f64,
    ) -> &mut LinkAssessorBuilder {
        self.shorteners.push((domain.into(), weight));
        self
    }
    /// Adds a risky top-level domain (without dot).
    pub fn risky_tld(&mut self, tld: impl Into<String>, weight: f64) -> &mut LinkAssessorBuilder {
        self.risky_tlds.push((tld.into(), weight));
        self
    }
    /// Adds a known-good domain (it and its subdomains raise no risk).
    pub fn known_good(&mut self, domain: impl Into<String>) -> &mut LinkAssessorBuilder {
        self.known_good.push(domain.into());
        self
    }
    /// Adds a brand with the domains it really uses.
    pub fn brand<I, S>(&mut self, name: impl Into<String>, official: I) -> &mut LinkAssessorBuilder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.brands
            .push((name.into(), official.into_iter().map(Into::into).collect()));
        self
    }
    /// Adds a lure word with its weight.
    pub fn lure_word(&mut self, word: impl Into<String>, weight: f64) -> &mut LinkAssessorBuilder {
        self.lure_words.push((word.into(), weight));
        self
    }

    /// The assessor; fails on an invalid weight or entry.
    pub fn build(&self) -> Result<LinkAssessor, BuildError> {
        let mut a = LinkAssessor {
            shorteners: HashMap::default(),
            risky_tlds: HashMap::default(),
            known_good: HashSet::default(),
            brands: Vec::new(),
            official: HashMap::default(),
            affixes: lists::lines(lists::BRAND_AFFIXES)
                .map(str::to_owned)
                .collect(),
            lure: HashMap::default(),
            lure_inner: Vec::new(),
            lure_inner_any: None,
        };
        let defaults = self.defaults;
        let d_short = lists::weighted(lists::SHORTENERS).filter(|_| defaults);
        for (n, w) in d_short
            .map(|(n, w)| (n.to_owned(), w))
            .chain(self.shorteners.iter().cloned())
        {
            let n = check_name("shortener", &n, true)?;
            let w = check_weight("shortener", &n, w)?;
            a.shorteners.insert(n, w);
        }
        let d_tld = lists::weighted(lists::RISKY_TLDS).filter(|_| defaults);
        for (n, w) in d_tld
            .map(|(n, w)| (n.to_owned(), w))
            .chain(self.risky_tlds.iter().cloned())
        {
            let n = check_name("risky TLD", n.trim_start_matches('.'), true)?;
            a.risky_tlds
                .insert(n.clone(), check_weight("risky TLD", &n, w)?);
        }
        let d_good = lists::lines(lists::KNOWN_GOOD).filter(|_| defaults);
        for n in d_good
            .map(str::to_owned)
            .chain(self.known_good.iter().cloned())
        {
            a.known_good.insert(check_name("known-good", &n, true)?);
        }
        let d_lure = lists::weighted(lists::LURE_WORDS).filter(|_| defaults);
        for (n, w) in d_lure
            .map(|(n, w)| (n.to_owned(), w))
            .chain(self.lure_words.iter().cloned())
        {
            let n = check_name("lure word", &n, false)?;
            let w = check_weight("lure word", &n, w)?;
            if w >= 20.0 && n.len() >= 5 {
                a.lure_inner.retain(|(x, _)| x != &n);
                a.lure_inner.push((n.clone(), w));
            }
            a.lure.insert(n, w);
        }
        let d_brands = lists::lines(lists::BRANDS).filter(|_| defaults).map(|l| {
            let mut it = l.split_whitespace();
            let name = it.next().unwrap_or("").to_owned();
            (name, it.map(str::to_owned).collect::<Vec<_>>())
        });
        for (name, official) in d_brands.chain(self.brands.iter().cloned()) {
            let name = check_name("brand", &name, false)?;
            let mut off = Vec::new();
            for o in official {
                off.push(check_name("brand domain", &o, true)?);
            }
            let mut targets: Vec<String> = vec![name.clone()];
            for o in &off {
                if let Some(label) = registrable_label(o)
                    && label.len() >= 5
                    && !targets.contains(&label)
                {
                    targets.push(label);
                }
            }
            let targets = targets
                .into_iter()
                .map(|t| {
                    let s = baitwatch_text::skeleton(&t);
                    (t, s)
                })
                .collect();
            for o in &off {
                a.official
                    .entry(o.clone())
                    .or_default()
                    .push(a.brands.len());
            }
            a.brands.push(Brand { name, targets });
        }
        a.lure_inner_any = AhoCorasick::new(a.lure_inner.iter().map(|(w, _)| w)).ok();
        Ok(a)
    }
}

fn check_weight(list: &'static str, entry: &str, w: f64) -> Result<f64, BuildError> {
    if w.is_finite() && (0.0..=100.0).contains(&w) {
        Ok(w)
    } else {
        Err(BuildError::InvalidWeight {
            list,
            entry: entry.to_owned(),
            weight: w,
        })
    }
}

fn check_name(list: &'static str, s: &str, dots: bool) -> Result<String, BuildError> {
    let n = s.trim().trim_end_matches('.').to_lowercase();
    let bad = |reason| BuildError::InvalidEntry {
        list,
        entry: s.to_owned(),
        reason,
    };
    if n.is_empty() {
        return Err(bad("empty"));
    }
    if n.chars().any(|c| c.is_whitespace() || c == '/' || c == ':') {
        return Err(bad("contains white space, `/` or `:`"));
    }
    if !dots && n.contains('.') {
        return Err(bad("a word may not contain `.`"));
    }
    // Internationalised names are kept in their ASCII (punycode) form.
    if dots && !n.is_ascii() {
        return match idna::domain_to_ascii(&n) {
            Ok(a) => Ok(a),
            Err(_) => Err(bad("not a valid domain name")),
        };
    }
    Ok(n)
}

/// The label just left of the public suffix (`paypal` for `www.paypal.co.uk`).
fn registrable_label(host: &str) -> Option<String> {
    let reg = psl::domain_str(host)?;
    Some(reg.split('.').next()?.to_owned())
}

/// The registrable domain of a host, or the host itself.
pub(crate) fn registrable(host: &str) -> &str {
    psl::domain_str(host).unwrap_or(host)
}

const MAX_PATH_TOKENS: usize = 64;

impl LinkAssessor {
    /// An assessor with the embedded lists.
    pub fn new() -> LinkAssessor {
        // The embedded lists are checked by the tests; they cannot fail.
        LinkAssessor::builder()
            .build()
            .expect("embedded lists are valid")
    }

    /// A builder to extend or replace the lists.
    pub fn builder() -> LinkAssessorBuilder {
        LinkAssessorBuilder::default()
    }

    /// Whether `host` (or a parent domain of it) is on the known-good list.
    pub fn is_known_good(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.');
        if host.bytes().any(|b| b.is_ascii_uppercase()) {
            let lower = host.to_ascii_lowercase();
            return suffixes(&lower).any(|s| self.known_good.contains(s));
        }
        suffixes(host).any(|s| self.known_good.contains(s))
    }

    /// Whether a link leads off the known-good hosts to somewhere that can
    /// be judged (has a host, is not an e-mail, not relative, not known-good).
    pub fn is_external(&self, link: &Link) -> bool {
        if link.kind == LinkKind::Email {
            return false;
        }
        match parsed(link) {
            Some(u) => match u.host_str() {
                Some(h) => !self.is_known_good(h) && !is_local_host(&u),
                None => false,
            },
            None => false,
        }
    }

    /// What is wrong with one link; empty when nothing is. Bounded work:
    /// at most 64 path tokens are examined.
    pub fn assess(&self, link: &Link) -> Vec<Risk> {
        let mut out = Vec::new();
        let start = link.url.trim_start();
        let head = start
            .get(..start.len().min(24))
            .unwrap_or(start)
            .to_ascii_lowercase();
        if head.starts_with("javascript:") || head.starts_with("vbscript:") {
            out.push(Risk::new(
                Rule::ScriptScheme,
                70.0,
                "a link runs script when clicked",
            ));
            return out;
        }
        if let Some(rest) = head.strip_prefix("data:") {
            let image = rest.starts_with("image/") && !rest.starts_with("image/svg");
            if !image {
                out.push(Risk::new(
                    Rule::ScriptScheme,
                    60.0,
                    "a data: link carries its own page",
                ));
            }
            return out;
        }
        if link.kind == LinkKind::Email {
            return out;
        }
        let Some(url) = parsed(link) else {
            return out;
        };
        if !matches!(url.scheme(), "http" | "https" | "ftp") {
            return out;
        }
        let Some(host) = url.host() else {
            return out;
        };
        let local = is_local_host(&url);
        match host {
            url::Host::Ipv4(ip) => {
                if !local {
                    out.push(Risk::new(
                        Rule::IpHost,
                        35.0,
                        format!("the link goes to the bare IP address {ip}"),
                    ));
                }
            }
            url::Host::Ipv6(ip) => {
                if !local {
                    out.push(Risk::new(
                        Rule::IpHost,
                        35.0,
                        format!("the link goes to the bare IP address {ip}"),
                    ));
                }
            }
            url::Host::Domain(_) => {}
        }
        let host_s = url
            .host_str()
            .unwrap_or("")
            .trim_end_matches('.')
            .to_owned();
        let good = self.is_known_good(&host_s) || local;
        if link.kind == LinkKind::Disguised {
            let w = if good { 5.0 } else { 25.0 };
            out.push(Risk::new(
                Rule::Disguised,
                w,
                format!("the link is written disguised as `{}`", clip(&link.written)),
            ));
        }
        if good {
            return out;
        }
        if let Some(p) = url.port()
            && !matches!(p, 80 | 443 | 8080 | 8443)
        {
            out.push(Risk::new(
                Rule::UnusualPort,
                10.0,
                format!("the link uses the unusual port {p}"),
            ));
        }
        if let url::Host::Domain(d) = host {
            self.assess_domain(d.trim_end_matches('.'), &url, link, &mut out);
        }
        out
    }

    fn assess_domain(&self, host: &str, url: &url::Url, link: &Link, out: &mut Vec<Risk>) {
        // Internationalised hosts: show the Unicode form.
        let unicode = if host.contains("xn--") {
            let (u, res) = idna::domain_to_unicode(host);
            res.ok().map(|_| u)
        } else {
            None
        };
        if let Some(u) = &unicode {
            let mixed = u
                .split('.')
                .any(|label| !label.is_ascii() && !label.is_single_script());
            if mixed {
                out.push(Risk::new(
                    Rule::MixedScriptHost,
                    50.0,
                    format!("the host {u} ({host}) mixes letters of different scripts"),
                ));
            } else {
                out.push(Risk::new(
                    Rule::PunycodeHost,
                    15.0,
                    format!("the host is internationalised: {u} ({host})"),
                ));
            }
        }
        // Shortener: the host or a parent domain.
        if let Some((s, w)) = suffixes(host).find_map(|s| self.shorteners.get(s).map(|w| (s, *w))) {
            out.push(Risk::new(
                Rule::Shortener,
                w,
                format!("{s} is a URL shortener that hides where the link goes"),
            ));
        }
        let tld = host.rsplit('.').next().unwrap_or("");
        if let Some(&w) = self.risky_tlds.get(tld) {
            out.push(Risk::new(
                Rule::RiskyTld,
                w,
                format!("the top-level domain .{tld} is much used by phishing and spam"),
            ));
        }
        // Lure words in host and path.
        let suffix_len = psl::suffix_str(host).map_or(0, str::len);
        let host_part = host
            .get(..host.len().saturating_sub(suffix_len))
            .unwrap_or(host);
        let mut words: Vec<(&str, f64)> = Vec::new();
        let host_tokens = host_part
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty());
        for t in host_tokens {
            self.lure_token(t, 1.0, &mut words);
        }
        let path = url.path();
        let query = url.query().unwrap_or("");
        let path_tokens = path
            .split(|c: char| !c.is_ascii_alphanumeric())
            .chain(query.split(|c: char| !c.is_ascii_alphanumeric()))
            .filter(|t| !t.is_empty())
            .take(MAX_PATH_TOKENS);
        for t in path_tokens {
            self.lure_token(&t.to_ascii_lowercase(), 0.6, &mut words);
        }
        if !words.is_empty() {
            let sum: f64 = words.iter().map(|(_, w)| w).sum();
            let list: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
            out.push(Risk::new(
                Rule::LureWord,
                sum.min(50.0).round(),
                format!("the link is made of lure words: {}", list.join(", ")),
            ));
        }
        // Referral and affiliate parameters or paths.
        let mut referral: Option<(f64, String)> = None;
        for (k, v) in url.query_pairs().take(32) {
            let k = k.to_ascii_lowercase();
            let w = match k.as_str() {
                "aff" | "aff_id" | "affid" | "affiliate" | "affiliate_id" | "aff_sub"
                | "affiliateid" | "referral" | "referral_code" | "referralcode" | "refcode"
                | "ref_code" | "ref_id" | "refid" | "invite_code" | "invitecode" | "promo"
                | "promocode" | "promo_code" | "coupon" | "clickid" | "click_id" => 30.0,
                // Common words on ordinary sites; a referral code only next
                // to other risks (lure words, risky TLD, shortener ...).
                "ref" | "r" | "uid" | "invite" | "code" | "referrer" | "tag" | "sub_id"
                | "subid"
                    if !v.is_empty() && (!words.is_empty() || !out.is_empty()) =>
                {
                    15.0
                }
                _ => 0.0,
            };
            if w > referral.as_ref().map_or(0.0, |r| r.0) {
                referral = Some((w, format!("{k}={}", clip(&v))));
            }
        }
        let mut segs = path.split('/').filter(|s| !s.is_empty());
        while let Some(s) = segs.next() {
            let s = s.to_ascii_lowercase();
            if matches!(
                s.as_str(),
                "aff" | "affiliate" | "affiliates" | "referral" | "ref" | "refer"
            ) && segs.next().is_some()
                && referral.as_ref().is_none_or(|r| r.0 < 25.0)
            {
                referral = Some((25.0, format!("/{s}/")));
            }
        }
        if let Some((w, what)) = referral {
            out.push(Risk::new(
                Rule::Referral,
                w,
                format!("the link carries a referral or affiliate code ({what})"),
            ));
        }
        if let Some((w, msg)) = self.brand_imitation(host, unicode.as_deref()) {
            out.push(Risk::new(Rule::BrandImitation, w, msg));
        }
        if let Some(anchor) = &link.anchor
            && let Some(shown) = anchor_domain(anchor)
            && registrable(&shown) != registrable(host)
        {
            out.push(Risk::new(
                Rule::AnchorMismatch,
                45.0,
                format!("the link text shows {shown} but the link goes to {host}"),
            ));
        }
    }

    fn lure_token<'a>(&'a self, t: &str, factor: f64, words: &mut Vec<(&'a str, f64)>) {
        if t.len() > 64 {
            return;
        }
        if let Some((w, weight)) = self.lure.get_key_value(t) {
            if !words.iter().any(|(x, _)| x == w) {
                words.push((w.as_str(), weight * factor));
            }
            return;
        }
        if self
            .lure_inner_any
            .as_ref()
            .is_some_and(|any| !any.is_match(t))
        {
            return;
        }
        for (w, weight) in &self.lure_inner {
            if t.len() > w.len() && t.contains(w.as_str()) && !words.iter().any(|(x, _)| x == w) {
                words.push((w.as_str(), weight * factor));
            }
        }
    }

    /// A brand the host imitates: (weight, message).
    fn brand_imitation(&self, host: &str, unicode: Option<&str>) -> Option<(f64, String)> {
        let reg = registrable(host);
        let suffix = psl::suffix_str(host).unwrap_or("");
        let tld_risky = self
            .risky_tlds
            .contains_key(host.rsplit('.').next().unwrap_or(""));
        let uhost = unicode.unwrap_or(host);
        let usuffix_len = psl::suffix_str(uhost).map_or(suffix.len(), str::len);
        let labels_part = uhost
            .get(..uhost.len().saturating_sub(usuffix_len))
            .unwrap_or("");
        let labels: Vec<&str> = labels_part.split('.').filter(|l| !l.is_empty()).collect();
        let reg_index = labels.len().checked_sub(1)?;
        // Brands whose official domain this host is, or is under.
        let mut official = vec![false; self.brands.len()];
        for suffix in suffixes(host).chain(std::iter::once(reg)) {
            if let Some(ids) = self.official.get(suffix) {
                for &id in ids {
                    if let Some(o) = official.get_mut(id) {
                        *o = true;
                    }
                }
            }
        }
        let mut best: Option<(f64, String)> = None;
        for (i, label) in labels.iter().enumerate().take(8) {
            let is_reg = i == reg_index;
            let mut cands: Vec<String> = vec![label.to_lowercase()];
            if label.contains('-') {
                cands.extend(
                    label
                        .split('-')
                        .filter(|p| !p.is_empty())
                        .map(str::to_lowercase),
                );
                cands.push(label.replace('-', "").to_lowercase());
            }
            // Whether another hyphen part is a lure or account word
            // ("paypal-login", "tiktok-followers-free").
            let lured_parts = label
                .split('-')
                .any(|p| self.affixes.contains(p) || self.lure.contains_key(p));
            for cand in cands.iter().take(12) {
                if cand.len() < 4 {
                    continue;
                }
                let skel = baitwatch_text::skeleton(cand);
                for (brand, &official) in self.brands.iter().zip(&official) {
                    if official {
                        continue;
                    }
                    // A label that spells a brand name or official name
                    // exactly is no misspelling of a longer one.
                    let exact = || brand.targets.iter().any(|(t, _)| t == cand);
                    for (target, tskel) in &brand.targets {
                        // Cheap test first: every hit below needs the same
                        // first letter, the target as a suffix, or the
                        // same skeleton.
                        if cand.as_bytes().first() != target.as_bytes().first()
                            && skel.len() != tskel.len()
                            && !(cand.len() > target.len()
                                && cand.as_bytes().last() == target.as_bytes().last()
                                && cand.ends_with(target.as_str()))
                        {
                            continue;
                        }
                        let hit = if cand == target {
                            // The brand's own name under another TLD
                            // (amazon.es) is usually the brand's.
                            if is_reg && !tld_risky && labels.len() == 1 && cand.as_str() == *label
                            {
                                None
                            } else if cand.as_str() != *label && !lured_parts {
                                // "python-telegram-bot.org": a project named
                                // after the brand, weak on its own.
                                Some((20.0, "contains the name"))
                            } else {
                                Some((if is_reg { 55.0 } else { 30.0 }, "contains the name"))
                            }
                        } else if self.brand_with_affix(cand, target) {
                            Some((
                                if is_reg { 55.0 } else { 30.0 },
                                "joins the name to a lure or account word",
                            ))
                        } else if exact() {
                            None
                        } else if &skel == tskel {
                            Some((
                                if is_reg { 75.0 } else { 45.0 },
                                "spells the name with look-alike letters",
                            ))
                        } else if typo(cand, target) {
                            Some((if is_reg { 70.0 } else { 40.0 }, "misspells the name"))
                        } else {
                            None
                        };
                        if let Some((w, how)) = hit
                            && best.as_ref().is_none_or(|b| b.0 < w)
                        {
                            best = Some((
                                w,
                                format!(
                                    "the host {uhost} imitates {}: it {how} `{target}`",
                                    brand.name
                                ),
                            ));
                        }
                    }
                }
            }
        }
        best
    }

    fn brand_with_affix(&self, cand: &str, target: &str) -> bool {
        if target.len() < 4 || cand.len() <= target.len() {
            return false;
        }
        let rest = if let Some(r) = cand.strip_prefix(target) {
            r
        } else if let Some(r) = cand.strip_suffix(target) {
            r
        } else {
            return false;
        };
        rest.bytes().all(|b| b.is_ascii_digit())
            || self.affixes.contains(rest)
            || self.lure.contains_key(rest)
    }
}

/// The link's parsed URL, parsing it when the link was built without one.
fn parsed(link: &Link) -> Option<std::borrow::Cow<'_, url::Url>> {
    match &link.parsed {
        Some(u) => Some(std::borrow::Cow::Borrowed(u)),
        None => url::Url::parse(&link.url).ok().map(std::borrow::Cow::Owned),
    }
}

/// `host` and every parent domain of it (`a.b.c`, `b.c`, `c`).
fn suffixes(host: &str) -> impl Iterator<Item = &str> {
    std::iter::once(host).chain(
        host.match_indices('.')
            .filter_map(|(i, _)| host.get(i + 1..)),
    )
}

fn is_local_host(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_private(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_private(IpAddr::V6(ip)),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            d == "localhost"
                || d.ends_with(".localhost")
                || d.ends_with(".local")
                || d.ends_with(".internal")
                || d.ends_with(".test")
                || d.ends_with(".example")
                || d.ends_with(".invalid")
        }
        None => false,
    }
}

fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v) => {
            v.is_private()
                || v.is_loopback()
                || v.is_link_local()
                || v.is_unspecified()
                || v.is_documentation()
                || v.is_broadcast()
                || v.octets()[0] == 100 && (64..128).contains(&v.octets()[1])
        }
        IpAddr::V6(v) => {
            v.is_loopback() || v.is_unspecified() || (v.segments()[0] & 0xfe00) == 0xfc00
        }
    }
}

/// A near-miss spelling of `target`: OSA distance 1 (2 for 8+ letters),
/// same first letter; for short brands only substitutions/transpositions.
fn typo(cand: &str, target: &str) -> bool {
    if cand.len().abs_diff(target.len()) > 8 || cand.as_bytes().first() != target.as_bytes().first()
    {
        return false;
    }
    let (lc, lt) = (cand.chars().count(), target.chars().count());
    if lt < 5 || lc < 4 || cand.len() > 64 {
        return false;
    }
    if cand.chars().next() != target.chars().next() {
        return false;
    }
    if lt <= 6 && lc != lt {
        return false;
    }
    let max = if lt >= 8 { 2 } else { 1 };
    if lc.abs_diff(lt) > max {
        return false;
    }
    let d = strsim::osa_distance(cand, target);
    d > 0 && d <= max
}

/// The domain an anchor text shows, when the anchor text is itself a URL or
/// a domain (`paypal.com`, `https://www.roblox.com/login`).
fn anchor_domain(anchor: &str) -> Option<String> {
    let a = anchor
        .trim()
        .trim_end_matches(['.', ',', ';', ':', '!', '?']);
    if a.is_empty()
        || a.len() > 512
        || a.contains(char::is_whitespace)
        || a.contains("![")
        || a.contains('<')
    {
        return None;
    }
    let lower = a.to_lowercase();
    let has_scheme = lower.starts_with("http://") || lower.starts_with("https://");
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let host_end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    let host = rest.get(..host_end)?;
    let www = host.starts_with("www.");
    let tld = host.rsplit('.').next()?;
    if !suffix_is_known(host) {
        return None;
    }
    if !has_scheme && !www {
        // "Node.js", "README.md", "ASP.NET": need a lower-case domain
        // whose last label is not a file extension.
        let written_host = a.get(..host_end.min(a.len()))?;
        if written_host.bytes().any(|b| b.is_ascii_uppercase()) || lists::is_file_extension(tld) {
            return None;
        }
    }
    let parsed = url::Url::parse(&format!("http://{host}")).ok()?;
    parsed.host_str().map(str::to_owned)
}

fn clip(s: &str) -> String {
    if s.len() <= 80 {
        return s.to_owned();
    }
    let mut end = 80;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", s.get(..end).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`LinkAssessor::lure_token`] without the automaton that rules
    /// tokens out.
    fn lure_token_reference<'a>(
        a: &'a LinkAssessor,
        t: &str,
        factor: f64,
        words: &mut Vec<(&'a str, f64)>,
    ) {
        if t.len() > 64 {
            return;
        }
        if let Some((w, weight)) = a.lure.get_key_value(t) {
            if !words.iter().any(|(x, _)| x == w) {
                words.push((w.as_str(), weight * factor));
            }
            return;
        }
        for (w, weight) in &a.lure_inner {
            if t.len() > w.len() && t.contains(w.as_str()) && !words.iter().any(|(x, _)| x == w) {
                words.push((w.as_str(), weight * factor));
            }
        }
    }

    fn assessor() -> &'static LinkAssessor {
        static A: std::sync::LazyLock<LinkAssessor> = std::sync::LazyLock::new(LinkAssessor::new);
        &A
    }

    fn tokens_agree(tokens: &[String]) {
        let a = assessor();
        assert!(a.lure_inner_any.is_some());
        let (mut got, mut want) = (Vec::new(), Vec::new());
        for t in tokens {
            a.lure_token(t, 1.0, &mut got);
            lure_token_reference(a, t, 1.0, &mut want);
        }
        assert_eq!(got, want, "{tokens:?}");
    }

    #[test]
    fn lure_token_prefilter_agrees() {
        let a = assessor();
        let mut tokens: Vec<String> = Vec::new();
        for (w, _) in &a.lure_inner {
            tokens.push(w.clone());
            tokens.push(format!("x{w}"));
            tokens.push(format!("{w}2024"));
            tokens.push(w.get(1..).unwrap_or("").to_owned());
        }
        tokens.extend(["", "docs", "readme", "v1", "index", "main"].map(str::to_owned));
        tokens_agree(&tokens);
        for t in &tokens {
            tokens_agree(std::slice::from_ref(t));
        }
    }

    proptest! {
        #[test]
        fn lure_token_prefilter_agrees_on_any_token(tokens in prop::collection::vec("[a-z0-9]{0,12}", 0..8), k in 0usize..64, at in 0usize..8) {
            let a = assessor();
            let mut tokens = tokens;
            // Now and then a lexicon word inside a token.
            if let Some((w, _)) = a.lure_inner.get(k % a.lure_inner.len().max(1)) {
                let i = at.min(tokens.len());
                tokens.insert(i, format!("my{w}now"));
            }
            tokens_agree(&tokens);
        }
    }
}
