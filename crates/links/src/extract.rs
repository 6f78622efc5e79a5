//! Link extraction: every link a text holds, however it is written.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::lists;

/// How a link was written in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum LinkKind {
    /// Markdown inline link `[text](url "title")`.
    MarkdownInline,
    /// Markdown image `![alt](url)`.
    MarkdownImage,
    /// Markdown reference definition `[label]: url`; its anchor is the text
    /// of the first `[text][label]` that uses it, else the label.
    MarkdownReference,
    /// Autolink `<https://...>` or `<user@example.com>`.
    Autolink,
    /// HTML `<a href="...">text</a>` (entities decoded).
    HtmlAnchor,
    /// A URL with a scheme in running text (`https://example.com/x`).
    BareUrl,
    /// A domain without scheme whose last label is a real public suffix
    /// (`www.example.xyz`, `claim-now.top/get`).
    BareDomain,
    /// An e-mail address.
    Email,
    /// A defanged or disguised link: `hxxp://`, `example[.]com`,
    /// `example(.)com`, `example dot com`, `example . com`.
    Disguised,
}

impl LinkKind {
    /// A stable lower-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkKind::MarkdownInline => "markdown-inline",
            LinkKind::MarkdownImage => "markdown-image",
            LinkKind::MarkdownReference => "markdown-reference",
            LinkKind::Autolink => "autolink",
            LinkKind::HtmlAnchor => "html-anchor",
            LinkKind::BareUrl => "bare-url",
            LinkKind::BareDomain => "bare-domain",
            LinkKind::Email => "email",
            LinkKind::Disguised => "disguised",
        }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One link found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Link {
    /// How it was written.
    pub kind: LinkKind,
    /// Byte range of the URL (or address) as written in the original text.
    pub span: Range<usize>,
    /// The URL as written (`text[span]`).
    pub written: String,
    /// The anchor text (Markdown link text, image alt text, HTML anchor
    /// content with tags removed), where there is one.
    pub anchor: Option<String>,
    /// The normalised form: entities decoded, defanged (`hxxp` to `http`,
    /// `[.]` to `.`), a scheme added to bare domains (`http://`), `mailto:`
    /// added to e-mail addresses, and, when it parses, re-serialised by the
    /// `url` crate (host lower-cased and in punycode). Relative links are
    /// kept as written.
    pub url: String,
    /// `url` parsed, when it parses (saves parsing it again to assess it).
    pub(crate) parsed: Option<url::Url>,
}

impl Link {
    /// The normalised URL parsed by the `url` crate, when it parses
    /// (relative links and e-mail addresses do not).
    pub fn parsed_url(&self) -> Option<&url::Url> {
        self.parsed.as_ref()
    }
}

/// Finds links in text. Cheap to clone; reuse one for many texts.
///
/// ```
/// use baitwatch_links::{LinkFinder, LinkKind};
/// let finder = LinkFinder::new();
/// let text = "Docs: [guide](https://example.com/guide), or write to me@example.org.";
/// let links: Vec<_> = finder.links(text).collect();
/// assert_eq!(links[0].kind, LinkKind::MarkdownInline);
/// assert_eq!(links[0].anchor.as_deref(), Some("guide"));
/// assert_eq!(&text[links[0].span.clone()], "https://example.com/guide");
/// assert_eq!(links[1].kind, LinkKind::Email);
/// ```
#[derive(Clone, Debug)]
pub struct LinkFinder {
    bare_domains: bool,
    disguised: bool,
    emails: bool,
    max_links: usize,
}

impl Default for LinkFinder {
    fn default() -> LinkFinder {
        LinkFinder::new()
    }
}

/// Builds a [`LinkFinder`] with non-default options.
#[derive(Clone, Debug, Default)]
pub struct LinkFinderBuilder {
    inner: LinkFinder,
}

impl LinkFinderBuilder {
    /// Whether to report bare domains without scheme (default true).
    pub fn bare_domains(&mut self, yes: bool) -> &mut LinkFinderBuilder {
        self.inner.bare_domains = yes;
        self
    }
    /// Whether to report disguised links (default true).
    pub fn disguised(&mut self, yes: bool) -> &mut LinkFinderBuilder {
        self.inner.disguised = yes;
        self
    }
    /// Whether to report e-mail addresses (default true).
    pub fn emails(&mut self, yes: bool) -> &mut LinkFinderBuilder {
        self.inner.emails = yes;
        self
    }
    /// Most links reported for one text (default 2,000). Extraction stops
    /// looking for more once this many were found.
    pub fn max_links(&mut self, max: usize) -> &mut LinkFinderBuilder {
        self.inner.max_links = max;
        self
    }
    /// The finder. Never fails today; the `Result` leaves room for options
    /// that can be invalid.
    pub fn build(&self) -> Result<LinkFinder, crate::BuildError> {
        Ok(self.inner.clone())
    }
}

/// The links of one text, in order of their position. Returned by
/// [`LinkFinder::links`] and [`extract_links`].
#[derive(Clone, Debug)]
pub struct Links {
    inner: std::vec::IntoIter<Link>,
}

impl Iterator for Links {
    type Item = Link;
    fn next(&mut self) -> Option<Link> {
        self.inner.next()
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Links {}

/// Every link in `text` with the default [`LinkFinder`].
///
/// ```
/// let text = "see (https://a.com/x). or hxxps://evil[.]top/claim";
/// let urls: Vec<String> = baitwatch_links::extract_links(text).map(|l| l.url).collect();
/// assert_eq!(urls, ["https://a.com/x", "https://evil.top/claim"]);
/// ```
pub fn extract_links(text: &str) -> Links {
    DEFAULT_FINDER.links(text)
}

static DEFAULT_FINDER: LazyLock<LinkFinder> = LazyLock::new(LinkFinder::new);

/// Longest destination or anchor text scanned for one Markdown link.
const MAX_MD_SCAN: usize = 2048;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).expect("valid regex"));
    };
}

re!(
    RE_REF_DEF,
    r"(?m)^[ \t]*\[([^\]\n]+)\]:[ \t]*(<[^>\n]*>|[^\s]+)"
);
re!(RE_REF_USE, r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]");
re!(RE_AUTOLINK, r"<([a-zA-Z][a-zA-Z0-9+.\-]+:[^\s<>]+)>");
re!(
    RE_AUTOMAIL,
    r"<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@[a-zA-Z0-9](?:[a-zA-Z0-9.\-]*))>"
);
re!(RE_A_OPEN, r"(?i)<a\s[^>]*>");
re!(
    RE_HREF,
    r#"(?i)(?-u:\b)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#
);
re!(RE_TAG, r"<[^>]*>");
re!(
    RE_HXXP,
    r"(?i)(?-u:\b)h(?:xx|\*\*|xxx)ps?(?:\[:\]|\[://\]|:)//[^\s<>\x22'`]+"
);
// A host-like run whose dots may be disguised; checked afterwards for at
// least one disguised separator.
re!(
    RE_DOTTED,
    r"(?i)(?:(?-u:\b)https?(?:\[:\]|:)//)?(?-u:\b)[a-z0-9][a-z0-9\-]*(?:(?:[ \t]*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[ dot \])[ \t]*|[ \t]+dot[ \t]+|[ \t]+\.[ \t]+|\.)[a-z0-9][a-z0-9\-]*)+(?:/[^\s<>\x22'`]*)?"
);
re!(
    RE_BARE_DOMAIN,
    r"(?i)(?-u:\b)(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,24}(?-u:\b)(?:[/?#][^\s<>\x22'`]*)?"
);
/// Any sign of a disguised link; without one the disguised pass is skipped.
/// ASCII case-insensitive literals (`[.]`, `(dot)`, ` dot `, ` . `,
/// `hxxp` ...): a regex, whose literal prefilter is not defeated by the
/// patterns that start with a space as an Aho-Corasick automaton's is
/// (about seven times faster on READMEs).
static DISGUISE_MARKS: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(&format!("(?i-u){}", DISGUISE_MARK_ALTERNATION)).expect("valid regex")
});

/// The literals of [`DISGUISE_MARKS`], escaped and joined.
const DISGUISE_MARK_ALTERNATION: &str =
    r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[ dot \]| dot |\tdot| \. |\[:\]|hxxp|h\*\*p";
#[cfg(test)]
re!(RE_INLINE_CODE, r"`[^`\n]+`");

/// Whether `s` starts with a URL scheme and its colon
/// (`^[a-zA-Z][a-zA-Z0-9+.\-]*:`), without a regex search per link.
fn has_scheme(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    b.iter()
        .skip(1)
        .find(|&&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-')))
        == Some(&b':')
}

impl LinkFinder {
    /// A finder with every form enabled and at most 2,000 links a text.
    pub fn new() -> LinkFinder {
        LinkFinder {
            bare_domains: true,
            disguised: true,
            emails: true,
            max_links: 2_000,
        }
    }

    /// A builder to change the defaults.
    pub fn builder() -> LinkFinderBuilder {
        LinkFinderBuilder::default()
    }

    /// The links of `text`, in order of position. Work is linear in the
    /// length of the text (each candidate scan is capped) and the number of
    /// links is capped by [`LinkFinderBuilder::max_links`].
    pub fn links(&self, text: &str) -> Links {
        let mut st = State {
            text,
            claimed: BTreeMap::new(),
            anchors: Vec::new(),
            out: Vec::new(),
            max: self.max_links,
        };
        let mut code = code_ranges(text);
        st.markdown_inline();
        st.markdown_references();
        st.autolinks(self.emails);
        st.html_anchors();
        // Anchor texts are what a link shows, not links of their own.
        let anchors = merge(std::mem::take(&mut st.anchors));
        if self.disguised {
            code.extend(anchors.iter().cloned());
            code = merge(code);
            st.disguised(&code);
        } else {
            code.extend(anchors.iter().cloned());
            code = merge(code);
        }
        st.linkify(self.emails, &anchors);
        if self.bare_domains {
            st.bare_domains(&code);
        }
        let mut out = st.out;
        out.sort_by_key(|l| (l.span.start, l.span.end));
        Links {
            inner: out.into_iter(),
        }
    }
}

struct State<'t> {
    text: &'t str,
    /// start -> end of every span already reported.
    claimed: BTreeMap<usize, usize>,
    /// Anchor texts of Markdown and HTML links.
    anchors: Vec<Range<usize>>,
    out: Vec<Link>,
    max: usize,
}

impl State<'_> {
    fn full(&self) -> bool {
        self.out.len() >= self.max
    }

    fn overlaps(&self, r: &Range<usize>) -> bool {
        // The claimed span starting last at or before r.end - 1 is the only
        // one that can overlap, since claimed spans never overlap each other.
        if r.start >= r.end {
            return true;
        }
        match self.claimed.range(..r.end).next_back() {
            Some((_, &end)) => end > r.start,
            None => false,
        }
    }

    fn push(
        &mut self,
        kind: LinkKind,
        span: Range<usize>,
        anchor: Option<String>,
        url: (String, Option<url::Url>),
    ) -> bool {
        if self.full() || self.overlaps(&span) {
            return false;
        }
        let Some(written) = self.text.get(span.clone()) else {
            return false;
        };
        self.claimed.insert(span.start, span.end);
        self.out.push(Link {
            kind,
            written: written.to_owned(),
            span,
            anchor,
            url: url.0,
            parsed: url.1,
        });
        true
    }

    /// `[text](dest "title")` and `![alt](dest)`.
    fn markdown_inline(&mut self) {
        let text = self.text;
        if !text.contains("](") {
            return;
        }
        let bytes = text.as_bytes();
        let mut pairs = bracket_pairs(bytes);
        pairs.retain(|&(_, close)| bytes.get(close + 1) == Some(&b'('));
        let opens: Vec<usize> = pairs.iter().map(|&(_, close)| close + 2).collect();
        let dests = md_destinations(text, &opens, MAX_MD_SCAN);
        for ((off, close), dest) in pairs.into_iter().zip(dests) {
            if self.full() {
                return;
            }
            let image = off > 0 && bytes.get(off - 1) == Some(&b'!');
            let Some(dest) = dest else {
                continue;
            };
            if self.overlaps(&dest) {
                continue;
            }
            let anchor = text.get(off + 1..close).unwrap_or("").trim().to_owned();
            let kind = if image {
                LinkKind::MarkdownImage
            } else {
                LinkKind::MarkdownInline
            };
            let raw = text.get(dest.clone()).unwrap_or("");
            let url = normalize(raw, false);
            // Images nested inside the anchor text are their own pairs; only
            // the destination is claimed.
            if self.push(kind, dest, Some(anchor), url) {
                self.anchors.push(off + 1..close);
            }
        }
    }

    /// `[label]: url` definitions, anchored by their first use.
    fn markdown_references(&mut self) {
        let text = self.text;
        if !text.contains("]:") {
            return;
        }
        let mut uses: HashMap<String, String> = HashMap::new();
        for c in RE_REF_USE
            .find_iter(text)
            .filter_map(|m| RE_REF_USE.captures(m.as_str()))
        {
            let (Some(t), Some(l)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let label = if l.as_str().is_empty() {
                t.as_str()
            } else {
                l.as_str()
            };
            uses.entry(label.trim().to_lowercase())
                .or_insert_with(|| t.as_str().trim().to_owned());
            if uses.len() > 10_000 {
                break;
            }
        }
        for m in RE_REF_DEF.find_iter(text) {
            let Some(c) = RE_REF_DEF.captures(m.as_str()) else {
                continue;
            };
            let (Some(l), Some(d)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let mut span = m.start() + d.start()..m.start() + d.end();
            if d.as_str().starts_with('<') && d.as_str().ends_with('>') && span.len() >= 2 {
                span = span.start + 1..span.end - 1;
            }
            let label = l.as_str().trim();
            let anchor = uses
                .get(&label.to_lowercase())
                .cloned()
                .unwrap_or_else(|| label.to_owned());
            let url = normalize(text.get(span.clone()).unwrap_or(""), false);
            self.push(LinkKind::MarkdownReference, span, Some(anchor), url);
        }
    }

    fn autolinks(&mut self, emails: bool) {
        let text = self.text;
        if !text.contains('<') {
            return;
        }
        // The whole match is `<...>`: the link is inside the brackets.
        fn inner<'a>(m: regex::Match<'a>) -> (Range<usize>, &'a str) {
            let s = m.as_str();
            (
                m.start() + 1..m.end() - 1,
                s.get(1..s.len() - 1).unwrap_or(""),
            )
        }
        for m in RE_AUTOLINK.find_iter(text) {
            let (r, s) = inner(m);
            self.push(LinkKind::Autolink, r, None, normalize(s, false));
        }
        if emails {
            for m in RE_AUTOMAIL.find_iter(text) {
                let (r, s) = inner(m);
                self.push(LinkKind::Email, r, None, (format!("mailto:{s}"), None));
            }
        }
    }

    fn html_anchors(&mut self) {
        let text = self.text;
        if !text.contains('<') {
            return;
        }
        for open in RE_A_OPEN.find_iter(text) {
            if self.full() {
                return;
            }
            let Some(h) = RE_HREF.captures(open.as_str()) else {
                continue;
            };
            let Some(v) = h.get(1).or_else(|| h.get(2)).or_else(|| h.get(3)) else {
                continue;
            };
            let span = open.start() + v.start()..open.start() + v.end();
            let after = open.end();
            let window_end = floor_char_boundary(text, after.saturating_add(4096).min(text.len()));
            let window = text.get(after..window_end).unwrap_or("");
            let inner_end = find_ci(window, "</a");
            let inner = inner_end.map(|e| window.get(..e).unwrap_or(""));
            let anchor = inner.map(|s| {
                let stripped = RE_TAG.replace_all(s, " ");
                let decoded = decode_entities(&stripped);
                decoded.split_whitespace().collect::<Vec<_>>().join(" ")
            });
            let url = normalize(&decode_entities(v.as_str()), false);
            if self.push(LinkKind::HtmlAnchor, span, anchor, url)
                && let Some(e) = inner_end
            {
                self.anchors.push(after..after + e);
            }
        }
    }

    fn disguised(&mut self, code: &[Range<usize>]) {
        let text = self.text;
        if !DISGUISE_MARKS.is_match(text.as_bytes()) {
            return;
        }
        // Both passes stop at the link cap and skip candidates an earlier
        // link claimed before paying for `normalize` (FINDINGS F3).
        for m in RE_HXXP.find_iter(text) {
            if self.full() {
                return;
            }
            if in_ranges(code, m.start()) {
                continue;
            }
            let span = trim_trailing(text, m.range());
            if self.overlaps(&span) {
                continue;
            }
            let raw = text.get(span.clone()).unwrap_or("");
            self.push(LinkKind::Disguised, span, None, normalize(raw, true));
        }
        for m in RE_DOTTED.find_iter(text) {
            if self.full() {
                return;
            }
            let s = m.as_str();
            if in_ranges(code, m.start()) {
                continue;
            }
            let span = trim_trailing(text, m.range());
            if self.overlaps(&span) || !has_disguised_separator(s) {
                continue;
            }
            let raw = text.get(span.clone()).unwrap_or("");
            let url = normalize(raw, true);
            // The host must end in a real public suffix; for word and
            // spaced separators, which prose also produces ("the dot com
            // era", "fine . In"), it must be lower case and not a stop word.
            let host = url
                .1
                .as_ref()
                .and_then(|u| u.host_str())
                .unwrap_or("")
                .to_owned();
            let Some(tld) = host.rsplit('.').next() else {
                continue;
            };
            if !suffix_is_known(&host) || host.split('.').count() < 2 {
                continue;
            }
            let spaced = s.contains(" dot ") || s.contains(" . ") || s.contains("\t");
            if spaced {
                let first = host.split('.').next().unwrap_or("");
                let written_tld_lower = raw.contains(tld);
                if !written_tld_lower || lists::is_stop_word(first) || lists::is_file_extension(tld)
                {
                    continue;
                }
            }
            self.push(LinkKind::Disguised, span, None, url);
        }
    }

    fn linkify(&mut self, emails: bool, anchors: &[Range<usize>]) {
        let text = self.text;
        let mut finder = linkify::LinkFinder::new();
        if emails {
            finder.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
        } else {
            finder.kinds(&[linkify::LinkKind::Url]);
        }
        finder.url_must_have_scheme(true);
        for l in finder.links(text) {
            if self.full() {
                return;
            }
            let span = l.start()..l.end();
            if in_ranges(anchors, span.start) || self.overlaps(&span) {
                continue;
            }
            match l.kind() {
                linkify::LinkKind::Email => {
                    let url = (format!("mailto:{}", l.as_str()), None);
                    self.push(LinkKind::Email, span, None, url);
                }
                _ => {
                    let url = normalize(l.as_str(), false);
                    self.push(LinkKind::BareUrl, span, None, url);
                }
            }
        }
    }

    fn bare_domains(&mut self, code: &[Range<usize>]) {
        let text = self.text;
        let bytes = text.as_bytes();
        // Search only outside code and anchor texts.
        let mut candidates: Vec<Range<usize>> = Vec::new();
        let mut pos = 0;
        let end = text.len()..text.len();
        for r in code.iter().chain(std::iter::once(&end)) {
            if r.start > pos
                && let Some(seg) = text.get(pos..r.start)
            {
                bare_domain_matches(seg, pos, &mut candidates);
            }
            pos = pos.max(r.end);
        }
        for m in candidates {
            if self.full() {
                return;
            }
            if self.overlaps(&m) {
                continue;
            }
            // Not part of a longer token: a path, an identifier, an e-mail.
            if m.start > 0
                && let Some(&b) = bytes.get(m.start - 1)
                && (b.is_ascii_alphanumeric() || b"@/\\_$=:#.-~%&+*|".contains(&b))
            {
                continue;
            }
            if let Some(&b) = bytes.get(m.end)
                && (b == b'(' || b == b'@' || b == b'_' || b == b'[' || b == b'-')
            {
                continue;
            }
            let span = trim_trailing(text, m.clone());
            let raw = text.get(span.clone()).unwrap_or("");
            let host_end = raw.find(['/', '?', '#']).unwrap_or(raw.len());
            let host = raw.get(..host_end).unwrap_or("").to_ascii_lowercase();
            let has_path = host_end < raw.len();
            let www = host.starts_with("www.");
            let Some(tld) = host.rsplit('.').next() else {
                continue;
            };
            if !suffix_is_known(&host) {
                continue;
            }
            if !www && lists::is_file_extension(tld) {
                continue;
            }
            if !www && !has_path && !lists::is_bare_tld(tld) {
                continue;
            }
            // Mixed-case host labels are code ("Foo.Net", "DataFrame.Style").
            let hostw = raw.get(..host_end).unwrap_or("");
            let lower = hostw.bytes().all(|b| !b.is_ascii_uppercase());
            let upper = hostw.bytes().all(|b| !b.is_ascii_lowercase());
            let capital_first = hostw
                .split('.')
                .all(|lab| lab.bytes().skip(1).all(|b| !b.is_ascii_uppercase()));
            if !(lower || upper || capital_first) {
                continue;
            }
            // "Foo.Util.Rest", "Prometheus.Io": capitalised dotted names are
            // namespaces unless they end in a common web TLD.
            if capital_first
                && !lower
                && !upper
                && !www
                && !has_path
                && !matches!(tld, "com" | "net" | "org" | "io")
            {
                continue;
            }
            let url = normalize(raw, false);
            self.push(LinkKind::BareDomain, span, None, url);
        }
    }
}

/// The matches of [`RE_BARE_DOMAIN`] in `hay`, moved by `offset`: what
/// `find_iter` gives, with the regex run only from just before each
/// `x.y` that could be in a match.
///
/// Every match holds a label character, a dot and a letter in a row (the
/// last label, its dot and the top-level domain); those characters are
/// ASCII or, case folding aside (`K` Kelvin, `ſ`), non-ASCII, so the
/// bytes next to the dot are ASCII letters or digits or non-ASCII. No
/// match holds ASCII white space or any of ``<>"'` ``, so a match
/// containing such a dot starts after the last of those before it; and
/// no match starts before the first such dot, which it would contain.
fn bare_domain_matches(hay: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    let b = hay.as_bytes();
    let label = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
    let letter = |c: u8| c.is_ascii_alphabetic() || c >= 0x80;
    let delimiter = |c: u8| {
        c.is_ascii_whitespace() || c == 0x0b || matches!(c, b'<' | b'>' | b'"' | b'\'' | b'`')
    };
    let mut pos = 0;
    while pos < b.len() {
        // The first dot after `pos` between a label byte and a letter byte.
        let mut from = pos;
        let dot = loop {
            let Some(d) = hay.get(from..).and_then(|s| s.find('.')) else {
                return;
            };
            let d = from + d;
            if d > pos
                && b.get(d - 1).is_some_and(|&c| label(c))
                && b.get(d + 1).is_some_and(|&c| letter(c))
            {
                break d;
            }
            from = d + 1;
        };
        let mut start = dot - 1;
        while start > pos && b.get(start - 1).is_some_and(|&c| !delimiter(c)) {
            start -= 1;
        }
        // A non-ASCII byte before the dot may be inside a character.
        while start > pos && !hay.is_char_boundary(start) {
            start -= 1;
        }
        let Some(m) = RE_BARE_DOMAIN.find_at(hay, start) else {
            return;
        };
        out.push(offset + m.start()..offset + m.end());
        // Matches are never empty, so this moves on.
        pos = m.end().max(pos + 1);
        while pos < b.len() && !hay.is_char_boundary(pos) {
            pos += 1;
        }
    }
}

/// Every matched `[` ... `]` pair (escapes skipped, nesting allowed, no
/// pair across a blank line or longer than 2 KiB), ordered by the `[`.
/// One pass with a bounded stack: linear in the text.
fn bracket_pairs(bytes: &[u8]) -> Vec<(usize, usize)> {
    const MAX_DEPTH: usize = 32;
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    // Only `\\`, `[`, `]` and blank lines matter: jump from one to the
    // next. `from`: the first byte not yet read (a byte after a
    // backslash is skipped, so a blank line must start at or after it).
    let mut from = 0;
    while let Some(i) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr3(b'\\', b'[', b']', rest))
        .map(|p| from + p)
    {
        // A blank line between `from` and `i` empties the stack.
        if !stack.is_empty()
            && bytes
                .get(from..i)
                .is_some_and(|gap| memchr::memmem::find(gap, b"\n\n").is_some())
        {
            stack.clear();
        }
        match bytes.get(i) {
            Some(b'\\') => from = i + 2,
            Some(b'[') => {
                if stack.len() == MAX_DEPTH {
                    stack.remove(0);
                }
                stack.push(i);
                from = i + 1;
            }
            _ => {
                if let Some(open) = stack.pop()
                    && i - open <= MAX_MD_SCAN
                {
                    pairs.push((open, i));
                }
                from = i + 1;
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// [`bracket_pairs`] byte by byte, as it was first written; the test of
/// the memchr version.
#[cfg(test)]
fn bracket_pairs_bytewise(bytes: &[u8]) -> Vec<(usize, usize)> {
    const MAX_DEPTH: usize = 32;
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'\\') => i += 1,
            Some(b'[') => {
                if stack.len() == MAX_DEPTH {
                    stack.remove(0);
                }
                stack.push(i);
            }
            Some(b']') => {
                if let Some(open) = stack.pop()
                    && i - open <= MAX_MD_SCAN
                {
                    pairs.push((open, i));
                }
            }
            Some(b'\n') if bytes.get(i + 1) == Some(&b'\n') => stack.clear(),
            _ => {}
        }
        i += 1;
    }
    pairs.sort_unstable();
    pairs
}

/// Markdown link destinations for every `(` that follows a `]`: for each
/// position in `opens` (just after such a `(`), the destination span, or
/// `None` where none parses. The same answers as running
/// [`md_destination`] from each start, in one linear sweep: a scan that
/// fails would otherwise read up to `max_scan` bytes, and `[x](` repeated
/// starts a scan every four bytes (FINDINGS F2).
///
/// The sweep reads the text once, byte pairs `\x` as one token (every
/// start follows a `(` or a blank, never a backslash, so each scan sees
/// the same tokens as the sweep) and keeps the balance of parentheses.
/// A pending start whose own depth would go below zero at a `)` ends
/// there; a blank ends every pending start (a title may follow at depth
/// zero); a start that reaches `max_scan` bytes fails. The pending starts
/// have distinct levels that grow with their position, so the one a `)`
/// closes is always the newest and the oldest is the first to expire.
fn md_destinations(text: &str, opens: &[usize], max_scan: usize) -> Vec<Option<Range<usize>>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Option<Range<usize>>> = vec![None; opens.len()];
    // (first byte after the blanks, index into `opens`), by position.
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(opens.len());
    let mut angled: Vec<(usize, usize)> = Vec::new();
    for (k, &open) in opens.iter().enumerate() {
        let mut i = open;
        while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n')) {
            i += 1;
        }
        if bytes.get(i) == Some(&b'<') {
            angled.push((i, k));
        } else {
            starts.push((i, k));
        }
    }
    starts.sort_unstable();
    angled.sort_unstable();

    // `<dest>`: a scan ends at the next `>`, `<` or newline, so scans
    // from different starts never overlap (each stops at the next `<`).
    let mut titles = Titles::default();
    for &(i, k) in &angled {
        let limit = i.saturating_add(max_scan).min(bytes.len());
        let s = i + 1;
        let end = bytes
            .get(s..limit)
            .and_then(|w| w.iter().position(|b| matches!(b, b'>' | b'<' | b'\n')))
            .map(|p| s + p);
        if let (Some(j), Some(slot)) = (end, out.get_mut(k))
            && bytes.get(j) == Some(&b'>')
            && titles.skip(bytes, j + 1, limit).is_some()
        {
            *slot = Some(s..j);
        }
    }

    struct Pending {
        k: usize,
        start: usize,
        limit: usize,
        level: i64,
    }
    let mut titles = Titles::default();
    let mut pending: std::collections::VecDeque<Pending> = std::collections::VecDeque::new();
    let mut balance: i64 = 0;
    let mut x = 0usize;
    let mut next = 0usize;
    loop {
        while pending.front().is_some_and(|p| p.limit <= x) {
            pending.pop_front();
        }
        if pending.is_empty() {
            // Nothing pending: jump to the next start, balance from zero.
            let Some(&(i, _)) = starts.get(next) else {
                break;
            };
            x = x.max(i);
            balance = 0;
        }
        while let Some(&(i, k)) = starts.get(next)
            && i <= x
        {
            next += 1;
            if i < x {
                // Not reached on a token boundary (cannot happen, see
                // above); scan it on its own.
                if let Some(slot) = out.get_mut(k) {
                    *slot = md_destination(text, i, max_scan).map(|d| d.0);
                }
                continue;
            }
            pending.push_back(Pending {
                k,
                start: i,
                limit: i.saturating_add(max_scan).min(bytes.len()),
                level: balance,
            });
        }
        if pending.is_empty() {
            continue;
        }
        let Some(&b) = bytes.get(x) else {
            break;
        };
        match b {
            b'\\' => {
                x += 2;
                continue;
            }
            b'(' => balance += 1,
            b')' => {
                while let Some(p) = pending.back()
                    && p.level == balance
                {
                    if p.start < x
                        && let Some(slot) = out.get_mut(p.k)
                    {
                        *slot = Some(p.start..x);
                    }
                    pending.pop_back();
                }
                balance -= 1;
            }
            b' ' | b'\t' | b'\n' => {
                for p in pending.drain(..) {
                    if p.level == balance
                        && p.start < x
                        && titles.skip(bytes, x, p.limit).is_some()
                        && let Some(slot) = out.get_mut(p.k)
                    {
                        *slot = Some(p.start..x);
                    }
                }
            }
            _ => {}
        }
        x += 1;
    }
    out
}

/// Where the next `"`, `'` or `)` is, remembered: title scans come in
/// order of position, so each byte is searched once.
#[derive(Default)]
struct Titles {
    /// Per closing byte: searched from, found at (`None`: not after it).
    next: [Option<(usize, Option<usize>)>; 3],
}

impl Titles {
    /// The first `close` at or after `from` and before `limit`.
    fn find(&mut self, bytes: &[u8], close: u8, from: usize, limit: usize) -> Option<usize> {
        let slot = match close {
            b'"' => 0,
            b'\'' => 1,
            _ => 2,
        };
        let search = |to: usize| {
            bytes
                .get(from..to)
                .and_then(|w| w.iter().position(|&b| b == close))
                .map(|p| from + p)
        };
        let found = match self.next.get(slot).copied().flatten() {
            Some((f, found)) if f <= from && found.is_none_or(|p| p >= from) => found,
            Some((f, _)) if from < f => return search(limit.min(bytes.len())),
            _ => {
                let found = search(bytes.len());
                if let Some(s) = self.next.get_mut(slot) {
                    *s = Some((from, found));
                }
                found
            }
        };
        found.filter(|&p| p < limit)
    }

    /// [`skip_title`] with the searches remembered; blanks are skipped up
    /// to `limit` only.
    fn skip(&mut self, bytes: &[u8], i: usize, limit: usize) -> Option<usize> {
        let blanks = |mut i: usize| {
            while i < limit && matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n')) {
                i += 1;
            }
            i
        };
        let i = blanks(i);
        match bytes.get(i)? {
            b')' => Some(i),
            &q @ (b'"' | b'\'' | b'(') => {
                let close = if q == b'(' { b')' } else { q };
                let j = self.find(bytes, close, i + 1, limit)?;
                let k = blanks(j + 1);
                (bytes.get(k) == Some(&b')')).then_some(k)
            }
            _ => None,
        }
    }
}

/// Parses a Markdown link destination starting at `start` (just after the
/// `(`), reading at most `max_scan` bytes. Returns the destination span
/// and the index just after the `)`. [`md_destinations`] gives the same
/// answers for many starts at once.
fn md_destination(text: &str, start: usize, max_scan: usize) -> Option<(Range<usize>, usize)> {
    let bytes = text.as_bytes();
    let mut i = start;
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n')) {
        i += 1;
    }
    let limit = i.saturating_add(max_scan).min(bytes.len());
    if bytes.get(i) == Some(&b'<') {
        let s = i + 1;
        let mut j = s;
        while j < limit {
            match bytes.get(j)? {
                b'>' => {
                    let close = skip_title(bytes, j + 1, limit)?;
                    return Some((s..j, close + 1));
                }
                b'\n' | b'<' => return None,
                _ => j += 1,
            }
        }
        return None;
    }
    let s = i;
    let mut depth = 0usize;
    let mut j = s;
    while j < limit {
        let b = *bytes.get(j)?;
        match b {
            b'\\' => {
                j += 2;
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                if depth == 0 {
                    return if j > s { Some((s..j, j + 1)) } else { None };
                }
                depth -= 1;
            }
            b' ' | b'\t' | b'\n' => {
                if depth != 0 || j == s {
                    return None;
                }
                let close = skip_title(bytes, j, limit)?;
                return Some((s..j, close + 1));
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// Skips an optional link title and returns the index of the closing `)`.
/// Blanks are skipped up to `limit` only.
fn skip_title(bytes: &[u8], mut i: usize, limit: usize) -> Option<usize> {
    while i < limit && matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n')) {
        i += 1;
    }
    match bytes.get(i)? {
        b')' => Some(i),
        &q @ (b'"' | b'\'' | b'(') => {
            let close = if q == b'(' { b')' } else { q };
            let mut j = i + 1;
            while j < limit {
                if *bytes.get(j)? == close {
                    let mut k = j + 1;
                    while k < limit && matches!(bytes.get(k), Some(b' ' | b'\t' | b'\n')) {
                        k += 1;
                    }
                    return (bytes.get(k) == Some(&b')')).then_some(k);
                }
                j += 1;
            }
            None
        }
        _ => None,
    }
}

/// Fenced code blocks and inline code spans, where bare words with dots are
/// code, not domains.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    fences(text, &mut out);
    inline_code(text.as_bytes(), &mut out);
    merge(out)
}

/// Pushes the fenced code blocks of `text`: from a line whose first
/// character that is not white space starts ```` ``` ```` or `~~~` to the
/// end of the next such line (or of the text). What a line-by-line scan
/// ([`fences_by_line`], the reference in the tests) finds, looking only
/// at the lines with a backtick or a tilde: the first three-byte fence
/// mark of a line decides it, since any earlier character of the line
/// that is not white space rules the line out.
fn fences(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut fence_start: Option<usize> = None;
    let mut from = 0;
    while let Some(p) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'`', b'~', rest))
        .map(|p| from + p)
    {
        let mark = bytes.get(p..p + 3);
        if mark != Some(b"```") && mark != Some(b"~~~") {
            from = p + 1;
            continue;
        }
        let line_start = bytes
            .get(..p)
            .and_then(|head| memchr::memrchr(b'\n', head))
            .map_or(0, |n| n + 1);
        let line_end = bytes
            .get(p..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(bytes.len(), |n| p + n + 1);
        let indent = text.get(line_start..p).unwrap_or("x");
        if indent.chars().all(char::is_whitespace) {
            match fence_start.take() {
                Some(s) => out.push(s..line_end),
                None => fence_start = Some(line_start),
            }
        }
        from = line_end;
    }
    if let Some(s) = fence_start {
        out.push(s..text.len());
    }
}

/// [`fences`] line by line.
#[cfg(test)]
fn fences_by_line(text: &str, out: &mut Vec<Range<usize>>) {
    let mut fence_start: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            match fence_start.take() {
                Some(s) => out.push(s..pos + line.len()),
                None => fence_start = Some(pos),
            }
        }
        pos += line.len();
    }
    if let Some(s) = fence_start {
        out.push(s..text.len());
    }
}

/// Pushes the matches of `` `[^`\n]+` `` in `bytes`, left to right and not
/// overlapping, as the regex finds them: a span opens at a backtick and
/// closes at the next one unless a line feed or the end comes first, or
/// the next byte is a backtick (which may open the next span).
fn inline_code(bytes: &[u8], out: &mut Vec<Range<usize>>) {
    let mut from = 0;
    while let Some(open) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr(b'`', rest))
        .map(|p| from + p)
    {
        let body = open + 1;
        let Some(stop) = bytes
            .get(body..)
            .and_then(|rest| memchr::memchr2(b'`', b'\n', rest))
            .map(|p| body + p)
        else {
            return;
        };
        if bytes.get(stop) == Some(&b'`') && stop > body {
            out.push(open..stop + 1);
            from = stop + 1;
        } else {
            // `` `` ``: the second backtick may open a span; at a line
            // feed nothing before it can.
            from = stop;
        }
    }
}

/// Sorts ranges and merges the overlapping ones.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

fn in_ranges(ranges: &[Range<usize>], pos: usize) -> bool {
    // Ranges are sorted and merged, so only the last one starting at or
    // before pos can contain it.
    let idx = ranges.partition_point(|r| r.start <= pos);
    idx > 0 && ranges.get(idx - 1).is_some_and(|r| r.contains(&pos))
}

/// Trims trailing punctuation people put after links, and closing brackets
/// or quotes that have no opening partner inside the link. Linear: the
/// brackets are counted once, then kept up to date as bytes are dropped.
pub(crate) fn trim_trailing(text: &str, r: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(r.clone()) else {
        return r;
    };
    // Opening and closing counts of (), [] and {} in s[..end].
    let mut counts: Option<[usize; 6]> = None;
    let mut end = s.len();
    while let Some(last) = s.get(..end).and_then(|t| t.chars().next_back()) {
        let bracket = match last {
            ')' => Some(0),
            ']' => Some(1),
            '}' => Some(2),
            _ => None,
        };
        let drop = match bracket {
            Some(k) => {
                let c = counts.get_or_insert_with(|| {
                    let mut c = [0usize; 6];
                    for b in s.get(..end).unwrap_or("").bytes() {
                        match b {
                            b'(' => c[0] += 1,
                            b'[' => c[1] += 1,
                            b'{' => c[2] += 1,
                            b')' => c[3] += 1,
                            b']' => c[4] += 1,
                            b'}' => c[5] += 1,
                            _ => {}
                        }
                    }
                    c
                });
                let drop = c.get(k) < c.get(k + 3);
                if drop && let Some(n) = c.get_mut(k + 3) {
                    *n -= 1;
                }
                drop
            }
            None => matches!(
                last,
                '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '"' | '*' | '_' | '~'
            ),
        };
        if !drop {
            break;
        }
        end -= last.len_utf8();
    }
    r.start..r.start + end
}

fn has_disguised_separator(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("[.]")
        || l.contains("(.)")
        || l.contains("{.}")
        || l.contains("[dot]")
        || l.contains("(dot)")
        || l.contains("{dot}")
        || l.contains("[ dot ]")
        || l.contains(" dot ")
        || l.contains("\tdot")
        || l.contains(" . ")
        || l.contains("[:]")
}

/// Turns a defanged or disguised URL back into a plain one.
pub(crate) fn defang(s: &str) -> String {
    static RE_SEP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)[ \t]*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[ dot \])[ \t]*|[ \t]+dot[ \t]+|[ \t]+\.[ \t]+")
            .expect("valid regex")
    });
    static RE_SCHEME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^h(?:xx|\*\*|xxx|tt)p(s?)(?:\[:\]|\[://\]|:)(?://)?").expect("valid regex")
    });
    let s = RE_SEP.replace_all(s, ".");
    match RE_SCHEME.captures(&s) {
        Some(c) => {
            let end = c.get(0).map_or(0, |m| m.end());
            let secure = c.get(1).is_some_and(|m| !m.as_str().is_empty());
            let rest = s.get(end..).unwrap_or("");
            format!("{}://{}", if secure { "https" } else { "http" }, rest)
        }
        None => s.into_owned(),
    }
}

/// The normal form of a URL as written (see [`Link::url`]).
pub(crate) fn normalize(raw: &str, disguised: bool) -> (String, Option<url::Url>) {
    let raw = raw.trim();
    let s = if disguised {
        defang(raw)
    } else {
        raw.to_owned()
    };
    let with_scheme = if has_scheme(&s) && !looks_like_host_port(&s) {
        s
    } else if let Some(rest) = s.strip_prefix("//") {
        format!("http://{rest}")
    } else if looks_like_domain_start(&s) {
        format!("http://{s}")
    } else {
        return (s, None);
    };
    match url::Url::parse(&with_scheme) {
        Ok(u) => (u.as_str().to_owned(), Some(u)),
        Err(_) => (with_scheme, None),
    }
}

/// `example.com:8080/x` parses as scheme `example.com`; treat it as a host.
fn looks_like_host_port(s: &str) -> bool {
    let Some((head, rest)) = s.split_once(':') else {
        return false;
    };
    head.contains('.') && rest.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

fn looks_like_domain_start(s: &str) -> bool {
    let end = s.find(['/', '?', '#', ':']).unwrap_or(s.len());
    let host = s.get(..end).unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b >= 0x80)
        && suffix_is_known(&host.to_lowercase())
}

/// Whether the last label(s) of `host` are a public suffix that the list
/// knows (not just the default rule).
pub(crate) fn suffix_is_known(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if !host.contains('.') {
        return false;
    }
    psl::suffix(host.as_bytes()).is_some_and(|s| s.is_known())
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Decodes the HTML character references people use in attributes and text:
/// the common named ones and numeric ones.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let semi = tail.get(..tail.len().min(12)).and_then(|t| t.find(';'));
        let decoded = semi.and_then(|j| {
            let name = tail.get(1..j)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "period" => '.',
                "colon" => ':',
                "sol" => '/',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let v = match num.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(v)?
                }
            };
            Some((c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = tail.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bare_domains_agree(hay: &str) {
        let want: Vec<Range<usize>> = RE_BARE_DOMAIN.find_iter(hay).map(|m| m.range()).collect();
        let mut got = Vec::new();
        bare_domain_matches(hay, 0, &mut got);
        assert_eq!(got, want, "{hay:?}");
    }

    #[test]
    fn bare_domain_prefilter_agrees_with_the_regex() {
        for hay in [
            "",
            "see example.com and www.x.org/path?q=1 or foo.Bar.io.",
            "a.b.c.d e..f .g h. 1.2 x-y.z-w.com/<a>",
            "\u{212a}.\u{212a}\u{212a} ab.\u{17f}\u{17f} é.com x.é",
            "v1.2.3 file.txt README.md `code.js` \"quoted.com\" 'x.io'",
            "lots......of.....dots...com",
        ] {
            bare_domains_agree(hay);
        }
    }

    use aho_corasick::AhoCorasick;

    /// The regex of [`DISGUISE_MARKS`] finds what the Aho-Corasick
    /// automaton of the same literals (ASCII case-insensitive) finds.
    fn disguise_marks_agree(text: &str) {
        static AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([
                    "[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}", "[ dot ]", " dot ", "\tdot",
                    " . ", "[:]", "hxxp", "h**p",
                ])
                .unwrap()
        });
        assert_eq!(
            DISGUISE_MARKS.is_match(text.as_bytes()),
            AC.is_match(text),
            "{text:?}"
        );
    }

    /// Inline code spans and bracket pairs found by jumping agree with the
    /// regex and the byte-by-byte scan.
    fn scans_agree(text: &str) {
        let want: Vec<Range<usize>> = RE_INLINE_CODE.find_iter(text).map(|m| m.range()).collect();
        let mut got = Vec::new();
        inline_code(text.as_bytes(), &mut got);
        assert_eq!(got, want, "{text:?}");
        assert_eq!(
            bracket_pairs(text.as_bytes()),
            bracket_pairs_bytewise(text.as_bytes()),
            "{text:?}"
        );
        disguise_marks_agree(text);
        let (mut got, mut want) = (Vec::new(), Vec::new());
        fences(text, &mut got);
        fences_by_line(text, &mut want);
        assert_eq!(got, want, "fences {text:?}");
    }

    #[test]
    fn jumping_scans_agree() {
        for text in [
            "",
            "`",
            "``",
            "```",
            "`a`",
            "`a``b`",
            "``a`",
            "`a\nb`",
            "a `b` c `d",
            "`\u{e9}`",
            "[a](b)",
            "[[a]]",
            "\\[a]",
            "[a\\]b]",
            "[a\n\nb]",
            "[a\\\n\nb]",
            "[a\n\n",
            "x [.] y",
            "A DOT com",
            "a\tdot b",
            "HXXPS://x",
            "h**p",
            "a . b",
            "[:]",
            "\u{17f}",
            "```\ncode\n```",
            "  ```js\nx\n ~~~\n",
            "a ```\n```\n\u{a0}```\n\u{3000}~~~x",
            "``~~~\n`~``\n```",
            "\r\t```\n\n```",
            "x\n```",
            "```",
            "~~",
        ] {
            scans_agree(text);
        }
        // Deeper than the bracket stack.
        scans_agree(&format!("{}x{}", "[".repeat(40), "]".repeat(40)));
    }

    proptest! {
        #[test]
        fn jumping_scans_agree_on_any_text(text in any::<String>()) {
            scans_agree(&text);
        }

        #[test]
        fn jumping_scans_agree_on_markup(
            text in "([\\[\\]()`~\n\\\\ .:*]|```|~~~|\u{a0}|dot|DoT|hxxp|h|x|a|\t|\u{e9}){0,60}"
        ) {
            scans_agree(&text);
        }

        #[test]
        fn bare_domain_prefilter_agrees_on_any_text(hay in any::<String>()) {
            bare_domains_agree(&hay);
        }

        #[test]
        fn bare_domain_prefilter_agrees_on_dotted_text(
            hay in "([a-zA-Z0-9 ./<>'\"`\n-]|\u{212a}|\u{17f}|é|com|www){0,60}"
        ) {
            bare_domains_agree(&hay);
        }
    }

    /// A small xorshift generator: the same strings on every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// The one-pass sweep gives what a scan from each start gives, on
    /// random texts of the bytes that matter, with small scan caps so that
    /// scans expire, and starts wherever a scan may start (after any byte
    /// but a backslash).
    #[test]
    fn destination_sweep_agrees_with_single_scans() {
        const BYTES: &[u8] = b"[]()<>\\\"' \n\ta";
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..40_000 {
            let len = rng.below(28);
            let text: String = (0..len)
                .map(|_| BYTES[rng.below(BYTES.len())] as char)
                .collect();
            let bytes = text.as_bytes();
            let opens: Vec<usize> = (0..=len)
                .filter(|&p| p == 0 || bytes[p - 1] != b'\\')
                .filter(|_| rng.below(3) > 0)
                .collect();
            let max_scan = [1, 2, 3, 5, 8, 13, MAX_MD_SCAN][round % 7];
            let swept = md_destinations(&text, &opens, max_scan);
            for (k, &open) in opens.iter().enumerate() {
                let single = md_destination(&text, open, max_scan).map(|d| d.0);
                assert_eq!(swept[k], single, "{text:?} from {open}, max {max_scan}");
            }
        }
    }

    #[test]
    fn destinations() {
        let cases: &[(&str, Option<&str>)] = &[
            ("a)", Some("a")),
            ("a(b)c)", Some("a(b)c")),
            ("a(b c)", None),
            ("a \"t\")", Some("a")),
            ("a 't')", Some("a")),
            ("a (t))", Some("a")),
            ("a (t)", None),
            ("<a b> \"t\")", Some("a b")),
            ("<a>)", Some("a")),
            ("<a<b>)", None),
            ("\\))", Some("\\)")),
            ("  a)", Some("a")),
            (")", None),
            ("a(", None),
        ];
        for &(text, want) in cases {
            let got = md_destinations(text, &[0], MAX_MD_SCAN);
            let got = got[0].clone().map(|r| &text[r]);
            assert_eq!(got, want, "{text:?}");
        }
        // Three starts in `[x](a[y](b)c)`: the inner one closes at the
        // first `)`, the outer one at the second.
        let text = "[x](a[y](b)c)";
        let got = md_destinations(text, &[4, 9], MAX_MD_SCAN);
        assert_eq!(got, [Some(4..12), Some(9..10)]);
        // A scan that reaches the cap fails; one that starts later and
        // closes within its own cap does not.
        let text = "[x](aaaa[y](b)";
        assert_eq!(md_destinations(text, &[4, 12], 4), [None, Some(12..13)]);
    }

    #[test]
    fn scheme_test_matches_the_regex() {
        let re = Regex::new(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:").unwrap();
        for s in [
            "",
            ":",
            "a:",
            "http://x",
            "HTTPS://x",
            "a+b.c-d:x",
            "1a:",
            "a b:",
            "ab",
            "a_b:",
            "mailto:x",
            "é:",
            "a\u{e9}:",
            "-a:",
            "a-:",
            ".:",
            "javascript:alert(1)",
        ] {
            assert_eq!(has_scheme(s), re.is_match(s), "{s:?}");
        }
    }

    #[test]
    fn trailing_punctuation_and_unpaired_brackets() {
        let cases: &[(&str, &str)] = &[
            ("a.com/x.", "a.com/x"),
            ("a.com/x).", "a.com/x"),
            ("a.com/(x)).", "a.com/(x)"),
            ("a.com/(x)", "a.com/(x)"),
            ("a.com/[x]]}", "a.com/[x]"),
            ("a.com/{x}}]).", "a.com/{x}"),
            ("a.com/x))))", "a.com/x"),
            ("a.com/((x))))", "a.com/((x))"),
            ("a.com/x?!:;'\"*_~", "a.com/x"),
            ("a.com/é)", "a.com/é"),
            (")))", ""),
            ("", ""),
        ];
        for &(s, want) in cases {
            let text = format!("<{s}>");
            let r = trim_trailing(&text, 1..1 + s.len());
            assert_eq!(&text[r], want, "{s:?}");
        }
    }

    /// The disguised passes stop at the link cap and skip what an
    /// earlier link claimed: the same links as before, each once.
    #[test]
    fn disguised_links_are_found_once_and_capped() {
        let text = "hxxp://a[.]b[.]com x hxxps://c[.]org/p[.]q evil[.]top and d dot e[.]com";
        let all: Vec<Link> = LinkFinder::new().links(text).collect();
        let urls: Vec<&str> = all.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "http://a.b.com/",
                "https://c.org/p.q",
                "http://evil.top/",
                "http://d.e.com/"
            ]
        );
        assert!(all.iter().all(|l| l.kind == LinkKind::Disguised));
        for max in 0..=4 {
            let finder = LinkFinder::builder().max_links(max).build().unwrap();
            let capped: Vec<Link> = finder.links(text).collect();
            assert_eq!(capped.len(), max);
            assert!(capped.iter().all(|l| all.contains(l)));
        }
    }

    #[test]
    fn title_search_remembers_and_bounds() {
        let bytes = b"(a) 'b' (c) 'd'";
        let mut t = Titles::default();
        assert_eq!(t.find(bytes, b')', 0, 15), Some(2));
        assert_eq!(t.find(bytes, b')', 1, 15), Some(2));
        assert_eq!(t.find(bytes, b')', 3, 15), Some(10));
        assert_eq!(t.find(bytes, b')', 3, 10), None);
        assert_eq!(t.find(bytes, b')', 11, 15), None);
        // Backwards: searched afresh, within the limit.
        assert_eq!(t.find(bytes, b')', 0, 2), None);
        assert_eq!(t.find(bytes, b')', 0, 3), Some(2));
        assert_eq!(t.find(bytes, b'\'', 5, 15), Some(6));
        assert_eq!(t.find(bytes, b'"', 0, 15), None);
    }
}
