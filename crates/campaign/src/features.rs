//! Per-package keys: everything the finder needs from one package,
//! computed once, in bounded time.

use std::hash::{DefaultHasher, Hash, Hasher};

use baitwatch_metadata::{Ecosystem, Package, normalize_name, split_npm_scope};

use crate::SignalKind;

/// A key whose top byte has this bit set is a pair of two weak keys.
pub(crate) const PAIR_BIT: u64 = 0x80 << 56;
const HASH_MASK: u64 = (1 << 56) - 1;

/// Words faker-style generators draw names from (sorted, one a line).
const LOREM: &str = include_str!("../data/lorem.txt");
/// Code hosts, badge and documentation sites: links to them say nothing.
const INFRA: &str = include_str!("../data/infra-domains.txt");
/// Link shorteners: the full short link is the shared key.
const SHORTENERS: &str = include_str!("../data/shorteners.txt");
/// Author names and e-mails left at a template's default.
const PLACEHOLDERS: &str = include_str!("../data/placeholders.txt");

/// Code hosts where the first path segment is an account.
const CODE_HOSTS: &[&str] = &[
    "bitbucket.org",
    "codeberg.org",
    "gitee.com",
    "github.com",
    "gitlab.com",
];

/// Query parameters that carry a referral or affiliate id.
const REFERRAL_PARAMS: &[&str] = &[
    "aff",
    "aff_id",
    "affid",
    "affiliate",
    "invite",
    "r",
    "ref",
    "ref_id",
    "referral",
    "refid",
    "referrer",
    "via",
];

fn in_list(list: &str, s: &str) -> bool {
    list.lines().any(|l| l == s)
}

/// Bounds on the work done for one package.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    pub max_text_bytes: usize,
}

/// One key of one package.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    /// Kind in the top byte (or [`PAIR_BIT`]), hash below.
    pub key: u64,
    /// What a person reads; empty for pair keys.
    pub evidence: String,
    /// For name templates: the masked parts look generated.
    pub generated: bool,
}

pub(crate) fn hash_of<T: Hash + ?Sized>(kind: SignalKind, eco: &Ecosystem, v: &T) -> u64 {
    let mut h = DefaultHasher::new();
    kind.index().hash(&mut h);
    eco.as_str().hash(&mut h);
    v.hash(&mut h);
    (u64::from(kind.index()) << 56) | (h.finish() & HASH_MASK)
}

pub(crate) fn kind_of(key: u64) -> Option<SignalKind> {
    if key & PAIR_BIT != 0 {
        return None;
    }
    u8::try_from(key >> 56)
        .ok()
        .and_then(SignalKind::from_index)
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Truncates to at most `max` bytes on a char boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// Every key of `pkg` for the enabled kinds.
pub(crate) fn extract(pkg: &Package, enabled: &[bool], bounds: Bounds) -> Vec<Key> {
    let eco = &pkg.ecosystem;
    let norm = normalize_name(eco, truncate(&pkg.name, 256));
    let (scope, bare) = match eco {
        Ecosystem::Npm => split_npm_scope(&norm),
        _ => (None, norm.as_str()),
    };
    let name_words: Vec<String> = baitwatch_text::name_tokens(bare);
    let mut keys = Vec::new();
    let on = |k: SignalKind| {
        enabled
            .get(usize::from(k.index()))
            .copied()
            .unwrap_or(false)
    };
    let push = |keys: &mut Vec<Key>, kind: SignalKind, ev: String, generated: bool| {
        if on(kind) {
            keys.push(Key {
                key: hash_of(kind, eco, &ev),
                evidence: ev,
                generated,
            });
        }
    };

    // Name template / prefix / shape.
    if let Some(t) = id_template(scope, bare) {
        push(&mut keys, SignalKind::NameTemplate, t, true);
    }
    if let Some(t) = name_template(scope, bare) {
        if t.has_mask {
            push(
                &mut keys,
                SignalKind::NameTemplate,
                t.template.clone(),
                t.generated,
            );
            push(&mut keys, SignalKind::NamePrefix, t.template, false);
        }
    }
    let shape = name_shape(None, bare);
    if distinctive_shape(bare, &shape) {
        push(&mut keys, SignalKind::NameShape, shape, false);
    }
    if let Some(scope) = scope
        && is_lorem_name(bare)
    {
        push(
            &mut keys,
            SignalKind::LoremScope,
            format!("@{scope}/{{lorem}}-{{lorem}}"),
            true,
        );
    }

    // Text.
    let summary = truncate(pkg.summary.trim(), bounds.max_text_bytes);
    let description = truncate(pkg.description.trim(), bounds.max_text_bytes);
    let summary_words = masked_words(summary, &norm, &name_words, 64);
    if summary_words.len() >= 3
        && summary_words
            .iter()
            .any(|w| w.len() >= 3 && !w.starts_with('{'))
    {
        push(
            &mut keys,
            SignalKind::SummaryTemplate,
            summary_words.join(" "),
            false,
        );
    }
    if on(SignalKind::NearDuplicateText) {
        let desc_words = masked_words(description, &norm, &name_words, MAX_SHINGLE_WORDS);
        if desc_words.len() >= 25 {
            let mut words = summary_words.clone();
            words.extend(desc_words);
            let sample = truncate(&words.join(" "), 120).to_owned();
            for band in minhash_bands(&words) {
                keys.push(Key {
                    key: hash_of(SignalKind::NearDuplicateText, eco, &band),
                    evidence: sample.clone(),
                    generated: true,
                });
            }
        }
    }

    // Random-letter metadata.
    let author = pkg.author.trim();
    let email = pkg.author_email.trim().to_lowercase();
    let email_local = pkg
        .author_email
        .trim()
        .split('@')
        .next()
        .unwrap_or_default();
    let random = [
        ("summary", is_gibberish(summary)),
        ("description", is_gibberish(truncate(description, 2000))),
        ("author", is_gibberish(author)),
        ("author_email", is_gibberish(email_local)),
    ];
    let random_fields: Vec<&str> = random.iter().filter(|r| r.1).map(|r| r.0).collect();
    if random_fields.len() >= 2 {
        push(
            &mut keys,
            SignalKind::RandomMetadata,
            format!(
                "random letters in two or more of summary, description, author, e-mail (version {})",
                truncate(pkg.version.trim(), 40)
            ),
            true,
        );
    }

    // Links.
    let mut links = 0usize;
    let texts = [
        summary,
        description,
        pkg.homepage.as_str(),
        pkg.repository.as_str(),
    ];
    let urls = texts
        .into_iter()
        .flat_map(find_urls)
        .chain(pkg.project_urls.values().flat_map(|u| find_urls(u)));
    let mut link_keys: Vec<(SignalKind, String)> = Vec::new();
    for url in urls {
        links += 1;
        if links > 32 {
            break;
        }
        link_keys.extend(link_keys_of(url));
    }
    link_keys.sort();
    link_keys.dedup();
    for (kind, ev) in link_keys.into_iter().take(8) {
        push(&mut keys, kind, ev, true);
    }

    // Author, maintainers, per publication day.
    let day = day_of(&pkg.published);
    let mut people: Vec<String> = Vec::new();
    let author_l = author.to_lowercase();
    if author_l.len() >= 2 && !in_list(PLACEHOLDERS, &author_l) {
        people.push(truncate(&author_l, 100).to_owned());
    }
    if email.contains('@') && !in_list(PLACEHOLDERS, &email) {
        people.push(truncate(&email, 100).to_owned());
    }
    for m in pkg.maintainers.iter().take(4) {
        let m = m.trim().to_lowercase();
        if m.len() >= 2 && !in_list(PLACEHOLDERS, &m) {
            people.push(truncate(&m, 100).to_owned());
        }
    }
    people.sort();
    people.dedup();
    for p in people {
        let ev = match day {
            Some(d) => format!("{p} on {d}"),
            None => p,
        };
        push(&mut keys, SignalKind::SameAuthor, ev, false);
    }

    // Keyword set.
    let mut kws: Vec<String> = pkg
        .keywords
        .iter()
        .take(32)
        .map(|k| truncate(k.trim(), 64).to_lowercase())
        .filter(|k| !k.is_empty())
        .collect();
    kws.sort();
    kws.dedup();
    if !kws.is_empty() {
        push(&mut keys, SignalKind::KeywordSet, kws.join(", "), false);
    }

    // Metadata shape: only a poor one (no real summary nor author) is a
    // signal; vendor families share versions and filled-in shapes too.
    if let Some(shape) = metadata_shape(pkg, &norm, &author_l, &email) {
        if on(SignalKind::MetadataShape) {
            near_name_pairs(
                &mut keys,
                bare,
                hash_of(SignalKind::MetadataShape, eco, &shape),
            );
        }
        push(&mut keys, SignalKind::MetadataShape, shape, false);
        if scope.is_none()
            && let Some(stem) = name_stem(bare)
        {
            // Marked when the name is one run of letters and digits: a
            // flood varies one word (`databasewinds`), a vendor family
            // joins words with separators (`soda-core-spark`).
            let joined = bare.chars().all(|c| c.is_ascii_alphanumeric());
            push(&mut keys, SignalKind::NameStem, stem, joined);
        }
        let major = pkg.version.trim().split('.').next().unwrap_or("");
        if major.len() <= 9 && major.parse::<u32>().is_ok_and(|m| m >= 50) {
            push(
                &mut keys,
                SignalKind::HighVersion,
                format!(
                    "version {} on poor metadata",
                    truncate(pkg.version.trim(), 40)
                ),
                false,
            );
        }
    }

    add_pairs(&mut keys);
    keys
}

/// Adds a pair key for each two weak keys of kinds that corroborate.
fn add_pairs(keys: &mut Vec<Key>) {
    let weak: Vec<(SignalKind, u64)> = keys
        .iter()
        .filter_map(|k| {
            kind_of(k.key)
                .filter(|kind| !kind.is_strong())
                .map(|kind| (kind, k.key))
        })
        .take(16)
        .collect();
    for (i, (ka, a)) in weak.iter().enumerate() {
        for (kb, b) in weak.iter().skip(i + 1) {
            if ka.corroborates(*kb) {
                let (x, y) = if a <= b { (a, b) } else { (b, a) };
                let h = splitmix(x ^ splitmix(*y));
                keys.push(Key {
                    key: PAIR_BIT | (h & HASH_MASK),
                    evidence: String::new(),
                    generated: false,
                });
            }
        }
    }
}

/// Pair keys (one-deletion variant of the name, metadata shape): names one
/// edit apart with the same poor metadata and version, the way squat and
/// dependency-confusion floods are published. Only for ASCII names of 5 to
/// 16 characters.
fn near_name_pairs(keys: &mut Vec<Key>, bare: &str, shape: u64) {
    let b = bare.as_bytes();
    if !(5..=16).contains(&b.len()) || !bare.is_ascii() {
        return;
    }
    let mut variants: Vec<Vec<u8>> = (0..b.len())
        .map(|i| {
            let mut v = b.to_vec();
            v.remove(i);
            v
        })
        .collect();
    variants.push(b.to_vec());
    variants.sort();
    variants.dedup();
    for v in variants {
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        let x = splitmix(h.finish() ^ splitmix(shape ^ 0x5EED));
        keys.push(Key {
            key: PAIR_BIT | (x & HASH_MASK),
            evidence: String::new(),
            generated: false,
        });
    }
}

/// Letters a name stem keeps: seven letters are a word of its own
/// (`databas…`, `spellch…`); five or six are still a common prefix
/// (`insta…`, `super…`) that unrelated packages share.
const STEM_LEN: usize = 7;

/// The first [`STEM_LEN`] letters and digits of a name, separators dropped
/// (`database-gizmo` and `databasewinds` share `datab…`); `None` for a
/// name no longer than the stem.
pub(crate) fn name_stem(bare: &str) -> Option<String> {
    let k = STEM_LEN;
    let chars: Vec<char> = bare
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(k + 1)
        .collect();
    if chars.len() <= k || !chars.iter().take(k).any(char::is_ascii_alphabetic) {
        return None;
    }
    let stem: String = chars.iter().take(k).collect();
    Some(format!("{stem}…"))
}

/// `prefix-…-{id:N}`: a literal first part and a long machine id (8 or
/// more characters, hex or letters and digits mixed), whatever lies
/// between (`tool-vendor-app-bin-<24 hex>`).
pub(crate) fn id_template(scope: Option<&str>, bare: &str) -> Option<String> {
    let mut segs = bare.split(['-', '_', '.', ' ']).filter(|s| !s.is_empty());
    let first = segs.next()?;
    if first.len() < 4 || !first.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let id = segs.find(|s| s.len() >= 8 && s.len() <= 64 && is_random_token(s))?;
    let body = format!("{first}-…-{{id:{}}}", id.len());
    Some(match scope {
        Some(s) => format!("@{s}/{body}"),
        None => body,
    })
}

/// The result of masking a name.
pub(crate) struct Template {
    pub template: String,
    pub has_mask: bool,
    pub generated: bool,
}

/// Masks digits, random tokens and (in names of three or more parts) the
/// trailing part. `None` when too little literal text is left.
pub(crate) fn name_template(scope: Option<&str>, bare: &str) -> Option<Template> {
    let segs: Vec<&str> = bare
        .split(['-', '_', '.', ' '])
        .filter(|s| !s.is_empty())
        .take(24)
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(segs.len());
    let mut has_mask = false;
    let mut generated = false;
    let mut literal_letters = 0usize;
    let last = segs.len().saturating_sub(1);
    for (i, seg) in segs.iter().enumerate() {
        let seg = truncate(seg, 64);
        if seg.chars().all(|c| c.is_ascii_digit()) {
            out.push("{n}".into());
            has_mask = true;
            continue;
        }
        if is_random_token(seg) {
            out.push("{x}".into());
            has_mask = true;
            generated = true;
            continue;
        }
        if i == last && segs.len() >= 3 {
            // A trailing suffix: generated if it mixes letters and digits
            // with digits inside (`a566ea`, not `v5` or `net461`).
            let inner = seg
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(|c: char| c.is_ascii_alphabetic());
            generated |= seg.len() >= 5 && inner.chars().any(|c| c.is_ascii_digit());
            out.push("{x}".into());
            has_mask = true;
            continue;
        }
        let masked = mask_digits(seg);
        if masked != seg {
            has_mask = true;
        }
        literal_letters += seg.chars().filter(|c| c.is_alphabetic()).count();
        out.push(masked);
    }
    if literal_letters < 5 {
        return None;
    }
    let body = out.join("-");
    let template = match scope {
        Some(s) => format!("@{s}/{body}"),
        None => body,
    };
    Some(Template {
        template,
        has_mask,
        generated,
    })
}

fn mask_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_digits = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push_str("{n}");
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// A token that looks machine-made: hex ids, letters and digits
/// interleaved, or letter runs no language spells.
pub(crate) fn is_random_token(seg: &str) -> bool {
    let len = seg.chars().count();
    if len < 5 || !seg.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let digits = seg.chars().filter(char::is_ascii_digit).count();
    let letters = len - digits;
    if len >= 6 && digits > 0 && letters > 0 && seg.chars().all(|c| c.is_ascii_hexdigit()) {
        return true;
    }
    // Letter/digit alternations with short letter runs (`2qq4u72uh`, not
    // `html5lib`).
    let mut transitions = 0;
    let mut prev: Option<bool> = None;
    let mut letter_run = 0;
    let mut longest_letters = 0;
    for c in seg.chars() {
        let d = c.is_ascii_digit();
        if prev.is_some_and(|p| p != d) {
            transitions += 1;
        }
        prev = Some(d);
        letter_run = if d { 0 } else { letter_run + 1 };
        longest_letters = longest_letters.max(letter_run);
    }
    if transitions >= 2 && longest_letters <= 3 {
        return true;
    }
    // Long letter runs no language spells (abbreviations such as `mgmt`,
    // `cdktf` are shorter).
    if digits > 0 || letters < 7 {
        return false;
    }
    let mut run = 0;
    let mut longest = 0;
    for c in seg.chars() {
        if !is_vowel(c) {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest >= 6 || !seg.chars().any(is_vowel)
}

/// A name shape distinctive enough to corroborate: a name of at most
/// three characters, or parts mixing letters and digits.
fn distinctive_shape(bare: &str, shape: &str) -> bool {
    let body = shape.rsplit('/').next().unwrap_or(shape);
    // One part of at most three characters (`a3`): four-letter names are
    // too common to corroborate anything.
    let single_short = !body.contains('-') && bare.chars().count() <= 3;
    // Letters and digits interleaved (`a9a9`, `9a9a`): a word and a number
    // (`a9`, `web3socket`) are too common to corroborate anything.
    let mixed = body.split('-').any(|seg| {
        let classes: String = seg.chars().filter(|c| *c == 'a' || *c == '9').collect();
        classes.contains("a9a9") || classes.contains("9a9a")
    });
    single_short || mixed
}

/// The character-class shape of a name: `a` letters, `9` digits, with
/// lengths for short parts (`a3`, `a5-a9-a`).
pub(crate) fn name_shape(scope: Option<&str>, bare: &str) -> String {
    let mut out = String::new();
    if let Some(s) = scope {
        out.push('@');
        out.push_str(truncate(s, 64));
        out.push('/');
    }
    for (i, seg) in bare
        .split(['-', '_', '.', ' '])
        .filter(|s| !s.is_empty())
        .take(12)
        .enumerate()
    {
        if i > 0 {
            out.push('-');
        }
        let mut classes = String::new();
        let mut prev = ' ';
        for c in seg.chars() {
            let cls = if c.is_ascii_digit() {
                '9'
            } else if c.is_alphabetic() {
                'a'
            } else {
                '?'
            };
            if cls != prev {
                classes.push(cls);
                prev = cls;
            }
            if classes.len() > 4 {
                break;
            }
        }
        out.push_str(&classes);
        let n = seg.chars().count();
        if n <= 4 {
            out.push_str(&n.to_string());
        }
    }
    out
}

/// npm package part made of two or more lorem-ipsum words only.
pub(crate) fn is_lorem_name(bare: &str) -> bool {
    let parts: Vec<&str> = bare.split(['-', '_', '.']).collect();
    parts.len() >= 2
        && parts.len() <= 8
        && parts.iter().all(|p| !p.is_empty() && in_list(LOREM, p))
        && parts.iter().any(|p| p.len() >= 4)
}

/// Lower-case words of `text` with the package's name (and its tokens)
/// masked as `{name}` and digit runs as `{n}`.
fn masked_words(text: &str, name: &str, name_tokens: &[String], max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for w in text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .map(|w| w.trim_matches(|c: char| matches!(c, '-' | '_' | '.')))
        .filter(|w| !w.is_empty())
        .take(max)
    {
        let lw = w.to_lowercase();
        let lw = truncate(&lw, 64);
        if lw == name
            || normalize_name(&Ecosystem::PyPI, lw) == normalize_name(&Ecosystem::PyPI, name)
            || name_tokens.iter().any(|t| t == lw)
        {
            out.push("{name}".into());
        } else if lw.chars().all(|c| c.is_ascii_digit() || c == '.') {
            out.push("{n}".into());
        } else {
            out.push(lw.to_owned());
        }
    }
    out
}

/// Words of a description that go into its MinHash: a README's first
/// 1,500 words say whether it is a copy.
const MAX_SHINGLE_WORDS: usize = 1500;
const MINHASH_BANDS: usize = 8;
const MINHASH_ROWS: usize = 4;

/// MinHash signature of word 3-shingles, as one hash per LSH band.
fn minhash_bands(words: &[String]) -> Vec<u64> {
    let mut mins = [u64::MAX; MINHASH_BANDS * MINHASH_ROWS];
    for w in words.windows(3) {
        let mut h = DefaultHasher::new();
        w.hash(&mut h);
        let base = h.finish();
        for (i, m) in mins.iter_mut().enumerate() {
            let v = splitmix(base ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
            if v < *m {
                *m = v;
            }
        }
    }
    mins.chunks(MINHASH_ROWS)
        .enumerate()
        .map(|(b, rows)| {
            let mut h = DefaultHasher::new();
            b.hash(&mut h);
            rows.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Text made of random mixed-case letters (`QiFUyRyiIISh GLAAINOx`).
pub(crate) fn is_gibberish(text: &str) -> bool {
    let mut letters = 0usize;
    let mut vowels = 0usize;
    let mut case_changes = 0usize;
    let mut upper = 0usize;
    let mut words = 0usize;
    for w in text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 6)
        .take(200)
    {
        words += 1;
        letters += w.len();
        vowels += w
            .chars()
            .filter(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'))
            .count();
        upper += w.chars().filter(char::is_ascii_uppercase).count();
        let mut prev: Option<bool> = None;
        for c in w.chars() {
            let up = c.is_ascii_uppercase();
            if prev.is_some_and(|p| p != up) {
                case_changes += 1;
            }
            prev = Some(up);
        }
    }
    // Random mixed case changes case about every other letter; camelCase
    // and acronyms (`XMLHttpRequest`) far less often.
    words > 0
        && letters >= 10
        && case_changes * 10 >= letters * 3
        && upper * 4 >= letters
        && vowels * 100 < letters * 40
}

/// URLs in free text (`http(s)://` and `www.`), bounded.
pub(crate) fn find_urls(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    let mut found = 0usize;
    std::iter::from_fn(move || {
        if found >= 32 {
            return None;
        }
        loop {
            let lower_start = ["https://", "http://", "www."]
                .iter()
                .filter_map(|p| find_ci(rest, p))
                .min()?;
            let tail = rest.get(lower_start..)?;
            let end = tail
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | ']' | '`')
                })
                .unwrap_or(tail.len());
            let url = tail.get(..end)?;
            rest = tail.get(end.max(1)..).unwrap_or("");
            if url.len() > 8 {
                found += 1;
                return Some(url);
            }
        }
    })
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let hb = hay.as_bytes();
    let nb = needle.as_bytes();
    hb.windows(nb.len())
        .position(|w| w.eq_ignore_ascii_case(nb))
        .filter(|&i| hay.is_char_boundary(i))
}

/// The shared-link keys of one URL.
pub(crate) fn link_keys_of(url: &str) -> Vec<(SignalKind, String)> {
    let mut out = Vec::new();
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host_port = rest.get(..host_end).unwrap_or("");
    let host = host_port
        .rsplit('@')
        .next()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    if host.is_empty() || !host.contains('.') || host.len() > 253 {
        return out;
    }
    let after = rest.get(host_end..).unwrap_or("");
    let (path, query) = match after.split_once('?') {
        Some((p, q)) => (p, q),
        None => (after, ""),
    };
    let path = path.split('#').next().unwrap_or("").trim_end_matches('/');
    let domain = psl::domain_str(host).unwrap_or(host);
    if in_list(SHORTENERS, host) || in_list(SHORTENERS, domain) {
        if path.len() > 1 {
            out.push((
                SignalKind::SharedShortLink,
                format!("{host}{}", truncate(path, 100)),
            ));
        }
        return out;
    }
    for pair in query.split('&').take(16) {
        if let Some((k, v)) = pair.split_once('=')
            && REFERRAL_PARAMS.contains(&k)
            && v.len() >= 3
        {
            out.push((
                SignalKind::SharedShortLink,
                format!("{domain} ?{k}={}", truncate(v, 64)),
            ));
        }
    }
    if CODE_HOSTS.contains(&domain) {
        if let Some(owner) = path.trim_start_matches('/').split('/').next()
            && !owner.is_empty()
        {
            out.push((
                SignalKind::SharedDomain,
                format!("{domain}/{}", truncate(owner, 64)),
            ));
        }
    } else if !in_list(INFRA, domain) && !in_list(INFRA, host) {
        out.push((SignalKind::SharedDomain, domain.to_owned()));
    }
    out
}

/// `YYYY-MM-DD` of an RFC 3339 time, if it starts like one.
fn day_of(published: &str) -> Option<&str> {
    let d = published.trim().get(..10)?;
    let b = d.as_bytes();
    let ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    ok.then_some(d)
}

/// A version's major.minor (`1.0.*`), or the whole of an odd one.
fn version_family(v: &str) -> String {
    let parts: Vec<&str> = v.split('.').collect();
    match parts.as_slice() {
        [a, b, _] if a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok() => format!("{a}.{b}.*"),
        _ => truncate(v, 40).to_owned(),
    }
}

/// Which fields are empty, placeholders or echo the name, plus the version.
fn metadata_shape(pkg: &Package, norm: &str, author: &str, email: &str) -> Option<String> {
    let cls = |s: &str| -> &'static str {
        let t = s.trim().to_lowercase();
        if t.is_empty() {
            "empty"
        } else if in_list(PLACEHOLDERS, &t) || t.ends_with("@example.com") {
            "placeholder"
        } else if normalize_name(&Ecosystem::PyPI, &t) == normalize_name(&Ecosystem::PyPI, norm) {
            "name"
        } else {
            "set"
        }
    };
    let urls = if pkg.urls().next().is_some() {
        "set"
    } else {
        "empty"
    };
    let (summary, author_c) = (cls(&pkg.summary), cls(author));
    if pkg.version.trim().is_empty()
        || summary == "set"
        || (author_c == "set" && !is_gibberish(author))
    {
        return None;
    }
    let scripts: Vec<&str> = pkg
        .install_scripts
        .keys()
        .take(4)
        .map(String::as_str)
        .collect();
    Some(format!(
        "version {}; summary {}; description {}; author {}; email {}; urls {}; keywords {}; license {}; scripts [{}]",
        version_family(pkg.version.trim()),
        summary,
        if pkg.description.trim().is_empty() {
            "empty"
        } else {
            "set"
        },
        author_c,
        cls(email),
        urls,
        if pkg.keywords.is_empty() {
            "empty"
        } else {
            "set"
        },
        if pkg.license.trim().is_empty() {
            "empty"
        } else {
            "set"
        },
        scripts.join(",")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_tokens() {
        for (tok, want) in [
            ("2qq4u72uh", true),
            ("rf34t53y", true),
            ("a566ea", true),
            ("9f8e7d6c", true),
            ("html5lib", false),
            ("i18n", false),
            ("mgmt", false),
            ("cdktf", false),
            ("healthchecks", false),
            ("selenium2library", false),
            ("net461", false),
            ("compute", false),
            ("xkcdqwrtzp", true),
        ] {
            assert_eq!(is_random_token(tok), want, "{tok}");
        }
    }

    #[test]
    fn gibberish() {
        for (text, want) in [
            ("kWpQzRtYbNvXmLcJhGfDsAeU", true),
            ("TbRxWqPzKmVnLy", true),
            ("hQoEwRuTyIpAsDfG jKlZxCvBnM", true),
            ("XMLHttpRequest polyfill for getElementById", false),
            ("A library for drawing charts in the terminal", false),
            ("", false),
            ("BCDFG", false),
        ] {
            assert_eq!(is_gibberish(text), want, "{text}");
        }
    }

    #[test]
    fn links() {
        for (url, want) in [
            (
                "https://bit.ly/3xYz",
                vec![(SignalKind::SharedShortLink, "bit.ly/3xyz")],
            ),
            (
                "https://github.com/Someone/repo",
                vec![(SignalKind::SharedDomain, "github.com/someone")],
            ),
            ("https://img.shields.io/badge/x", vec![]),
            (
                "https://www.free-gems.example.co.uk/get?ref=abc123",
                vec![
                    (SignalKind::SharedShortLink, "example.co.uk ?ref=abc123"),
                    (SignalKind::SharedDomain, "example.co.uk"),
                ],
            ),
            ("http://user@host:80", vec![]),
        ] {
            let got = link_keys_of(url);
            let got: Vec<(SignalKind, &str)> = got.iter().map(|(k, s)| (*k, s.as_str())).collect();
            assert_eq!(got, want, "{url}");
        }
        let text = "see https://a.example/x, and www.b.example/y) or http://";
        assert_eq!(
            find_urls(text).collect::<Vec<_>>(),
            ["https://a.example/x,", "www.b.example/y"]
        );
    }

    #[test]
    fn id_templates() {
        for (name, want) in [
            (
                "tool-vendor-app-bin-665e0ed8ad19ca34f873be66",
                Some("tool-…-{id:24}"),
            ),
            (
                "tool-other-665e0ed8ad19ca34f873be67-p0",
                Some("tool-…-{id:24}"),
            ),
            ("tool-html5lib-compat", None),
            ("ab-665e0ed8ad19ca34f873be66", None),
        ] {
            assert_eq!(id_template(None, name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn templates() {
        for (name, want, generated) in [
            (
                "cash-app-money-generator-new-2023-update-a566ea",
                Some("cash-app-money-generator-new-{n}-update-{x}"),
                true,
            ),
            (
                "cash-app-money-generator-new-2023-update-aewea",
                Some("cash-app-money-generator-new-{n}-update-{x}"),
                false,
            ),
            ("azure-mgmt-compute", Some("azure-mgmt-{x}"), false),
            ("left-pad", Some("left-pad"), false),
            ("ab-1", None, false),
        ] {
            let t = name_template(None, name);
            assert_eq!(t.as_ref().map(|t| t.template.as_str()), want, "{name}");
            assert_eq!(t.is_some_and(|t| t.generated), generated, "{name}");
        }
    }
}
