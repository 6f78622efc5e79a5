//! Compiled lexicon: Aho-Corasick over normalised views, compound-word
//! segmentation and bounded misspelling tolerance.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use baitwatch_text::{Normalizer, View};

use crate::{BuildError, Lexicon, TermClass};

/// How a term was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchHow {
    /// As whole words of a normalised view.
    Exact,
    /// As part of a longer word made only of lexicon terms (`freerobux`).
    Compound,
    /// As a near misspelling of a core word (`robx`, `hakc`).
    Misspelt,
}

/// One lexicon term found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermMatch {
    /// The classes of the term (a term may be in several).
    pub classes: Vec<TermClass>,
    /// The term, normalised.
    pub term: String,
    /// Byte span of the match in the original text.
    pub span: Range<usize>,
    /// How it was found.
    pub how: MatchHow,
}

/// Internal hit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub mask: u32,
    pub term: u32,
    pub span: Range<usize>,
    pub how: MatchHow,
}

/// Short filler words allowed between lexicon terms in a compound word.
const FILLERS: &[&str] = &[
    "a", "and", "app", "at", "for", "get", "in", "my", "new", "no", "now", "of", "on", "the", "to",
    "with", "your",
];

/// Most hits kept for one text; past this the rest of the text is ignored.
const MAX_HITS: usize = 20_000;

/// Texts from this long on are matched through sparse leet views
/// ([`baitwatch_text::Normalizer::normalize_sparse`]): the plain view and
/// only the excerpts around leet-folded words, not whole leet views.
const SPARSE_FROM_BYTES: usize = 512;

pub(crate) struct Compiled {
    ac: AhoCorasick,
    pat_term: Vec<u32>,
    terms: Vec<(String, u32)>,
    /// Single words and glued multi-word terms: (classes, term id).
    words: HashMap<String, (u32, u32)>,
    fuzzy: Vec<(Vec<u8>, u32, u32)>,
    /// The fuzzy cores starting with each byte: a range of `fuzzy`.
    fuzzy_first: Vec<Range<usize>>,
    text_norm: Normalizer,
    name_norm: Normalizer,
    /// Most words of a term, less one: the context sparse leet views need.
    context_words: usize,
}

impl Compiled {
    pub(crate) fn new(lexicon: &Lexicon) -> Result<Compiled, BuildError> {
        let text_norm = Normalizer::new();
        let name_norm = Normalizer::builder()
            .camel_case(true)
            .build()
            .map_err(|e| BuildError::Automaton(e.to_string()))?;
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut terms: Vec<(String, u32)> = Vec::new();
        let mut fuzzy: HashMap<Vec<u8>, u32> = HashMap::new();
        for t in lexicon.terms() {
            let n = text_norm.normalize(&t.text);
            let key = n.plain().as_str();
            if key.is_empty() {
                continue;
            }
            let id = *ids.entry(key.to_owned()).or_insert_with(|| {
                terms.push((key.to_owned(), 0));
                (terms.len() - 1) as u32
            });
            if let Some(e) = terms.get_mut(id as usize) {
                e.1 |= t.class.bit();
            }
            if t.fuzzy && !key.contains(' ') && key.len() >= 4 {
                *fuzzy.entry(key.as_bytes().to_vec()).or_default() |= t.class.bit();
            }
        }
        if terms.is_empty() {
            return Err(BuildError::EmptyLexicon);
        }
        let mut words: HashMap<String, (u32, u32)> = HashMap::new();
        for (id, (t, mask)) in terms.iter().enumerate() {
            if !t.contains(' ') {
                words.insert(t.clone(), (*mask, id as u32));
            }
        }
        for (id, (t, mask)) in terms.iter().enumerate() {
            if t.contains(' ') {
                let c: String = t.split(' ').collect();
                if c.len() >= 5 {
                    words.entry(c).or_insert((*mask, id as u32));
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(terms.iter().map(|(t, _)| format!(" {t} ")))
            .map_err(|e| BuildError::Automaton(e.to_string()))?;
        let pat_term = (0..terms.len() as u32).collect();
        let context_words = terms
            .iter()
            .map(|(t, _)| t.split(' ').count().saturating_sub(1))
            .max()
            .unwrap_or(0);
        let mut fuzzy: Vec<(Vec<u8>, u32, u32)> = fuzzy
            .into_iter()
            .filter_map(|(k, m)| {
                let id = *ids.get(std::str::from_utf8(&k).ok()?)?;
                Some((k, m, id))
            })
            .collect();
        fuzzy.sort();
        let fuzzy_first: Vec<Range<usize>> = (0..=255u8)
            .map(|b| {
                let lo = fuzzy.partition_point(|(k, _, _)| k.first() < Some(&b));
                let hi = fuzzy.partition_point(|(k, _, _)| k.first() <= Some(&b));
                lo..hi
            })
            .collect();
        Ok(Compiled {
            ac,
            pat_term,
            terms,
            words,
            fuzzy,
            fuzzy_first,
            text_norm,
            name_norm,
            context_words,
        })
    }

    pub(crate) fn term_text(&self, id: u32) -> &str {
        self.terms.get(id as usize).map_or("", |t| t.0.as_str())
    }

    /// Every hit in `text`, benign contexts applied, contained hits dropped.
    /// `name`: also split camelCase; `compounds`: segment glued words.
    pub(crate) fn hits(&self, text: &str, name: bool, compounds: bool) -> Vec<Hit> {
        self.hits_sparse_from(text, name, compounds, SPARSE_FROM_BYTES)
    }

    /// [`Compiled::hits`], matching texts (not names) of `sparse_from`
    /// bytes or more through sparse leet views.
    pub(crate) fn hits_sparse_from(
        &self,
        text: &str,
        name: bool,
        compounds: bool,
        sparse_from: usize,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        if name {
            let plain = self.text_norm.normalize(text);
            self.scan(&plain, compounds, &mut hits);
            let camel = self.name_norm.normalize(text);
            if camel.plain() != plain.plain() {
                self.scan(&camel, compounds, &mut hits);
            }
        } else {
            if text.len() >= sparse_from {
                self.scan_sparse(text, compounds, &mut hits);
            } else {
                self.scan(&self.text_norm.normalize(text), compounds, &mut hits);
            }
            // In prose, `X-free` is an adjective (dependency-free), not an offer.
            let free = TermClass::Free.bit();
            hits.retain(|h| {
                let Some(head) = text.get(h.span.start..) else {
                    return true;
                };
                if !(h.mask & free != 0 || self.term_text(h.term).starts_with("free ")) {
                    return true;
                }
                let before = text.get(..h.span.start).unwrap_or("");
                let mut back = before.chars().rev();
                let hyphen =
                    back.next() == Some('-') && back.next().is_some_and(char::is_alphanumeric);
                !(hyphen
                    && head
                        .get(..4)
                        .is_some_and(|f| f.eq_ignore_ascii_case("free")))
            });
        }
        finish(hits)
    }

    /// The hits [`Compiled::scan`] pushes for `text` normalised whole, up
    /// to duplicates (which [`finish`] removes, keeping the first, as
    /// here): every term is a whole-word phrase of at most
    /// `context_words + 1` words, so a leet view finds nothing outside the
    /// excerpts that the plain view does not find at the same span, and
    /// the excerpts' views are scanned in the order the whole views are.
    /// When the whole views might reach [`MAX_HITS`] (each leet view
    /// pushes at most the plain view's hits plus those of the excerpts),
    /// it matches the whole views instead, so the cut falls where it
    /// would.
    fn scan_sparse(&self, text: &str, compounds: bool, hits: &mut Vec<Hit>) {
        let sparse = self.text_norm.normalize_sparse(text, self.context_words);
        self.scan_view(sparse.plain(), compounds, hits);
        let plain = hits.len();
        if plain >= MAX_HITS || sparse.excerpts().is_empty() {
            return;
        }
        for k in 0..2 {
            for view in sparse.excerpts().iter().filter_map(|e| e.leet().get(k)) {
                if hits.len() >= MAX_HITS {
                    break;
                }
                self.scan_view(view, compounds, hits);
            }
        }
        let excerpts = hits.len() - plain;
        if plain
            .saturating_mul(3)
            .saturating_add(excerpts.saturating_mul(2))
            >= MAX_HITS
        {
            hits.clear();
            self.scan(&self.text_norm.normalize(text), compounds, hits);
        }
    }

    fn scan(&self, n: &baitwatch_text::Normalized, compounds: bool, hits: &mut Vec<Hit>) {
        for view in n.views() {
            if hits.len() >= MAX_HITS {
                return;
            }
            self.scan_view(view, compounds, hits);
        }
    }

    fn scan_view(&self, view: &View, compounds: bool, hits: &mut Vec<Hit>) {
        // Patterns are ` term `: padding the view with spaces makes every
        // match a whole-word match, and the automaton rarely goes deep.
        let mut padded = String::with_capacity(view.as_str().len() + 2);
        padded.push(' ');
        padded.push_str(view.as_str());
        padded.push(' ');
        for m in self.ac.find_overlapping_iter(&padded) {
            // ` term ` at [s, e) of the padded text is `term` at [s, e - 2) of the view.
            let (st, en) = (m.start(), m.end().saturating_sub(2));
            if en <= st {
                continue;
            }
            let Some(&term) = self.pat_term.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(span) = view.original_span(st..en) else {
                continue;
            };
            let mask = self.terms.get(term as usize).map_or(0, |t| t.1);
            hits.push(Hit {
                mask,
                term,
                span,
                how: MatchHow::Exact,
            });
            if hits.len() >= MAX_HITS {
                return;
            }
        }
        for (range, word) in view.words() {
            if hits.len() >= MAX_HITS {
                return;
            }
            if word.len() < 4 || word.len() > 64 {
                continue;
            }
            let wb = word.as_bytes();
            let first = wb.first().map_or(0, |&b| b as usize);
            let cores = self.fuzzy_first.get(first).cloned().unwrap_or(0..0);
            if !compounds && cores.is_empty() {
                continue;
            }
            let mut known: Option<bool> = None;
            for (core, mask, term) in self.fuzzy.get(cores).unwrap_or(&[]) {
                if core.len().abs_diff(wb.len()) <= 1
                    && near(wb, core)
                    && !*known.get_or_insert_with(|| self.words.contains_key(word))
                    && let Some(span) = view.original_span(range.clone())
                {
                    hits.push(Hit {
                        mask: *mask,
                        term: *term,
                        span,
                        how: MatchHow::Misspelt,
                    });
                }
            }
            if compounds && word.len() >= 6 && word.is_ascii() && !self.words.contains_key(word) {
                self.segment(view, range, word, hits);
            }
        }
    }

    /// Splits a glued word into lexicon terms and fillers, fewest parts first.
    fn segment(&self, view: &View, range: Range<usize>, word: &str, hits: &mut Vec<Hit>) {
        let n = word.len();
        // best[i] = (parts, previous cut) for word[..i]
        let mut best: Vec<Option<(u8, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for i in 1..=n {
            for j in 0..i {
                let Some((parts, _)) = best[j] else { continue };
                let piece = &word[j..i];
                let ok = (piece.len() >= 3
                    && (self.words.contains_key(piece)
                        || piece.bytes().all(|c| c.is_ascii_digit())))
                    || FILLERS.contains(&piece);
                if ok && best[i].is_none_or(|(p, _)| parts + 1 < p) {
                    best[i] = Some((parts + 1, j));
                }
            }
        }
        let Some((parts, _)) = best[n] else { return };
        if parts < 2 {
            return;
        }
        let mut cuts = Vec::new();
        let mut i = n;
        while i > 0 {
            let Some((_, j)) = best[i] else { return };
            cuts.push(j..i);
            i = j;
        }
        let mut found = Vec::new();
        for r in cuts.into_iter().rev() {
            let piece = &word[r.clone()];
            let Some(&(mask, term)) = self.words.get(piece) else {
                continue;
            };
            let Some(span) = view.original_span(range.start + r.start..range.start + r.end) else {
                continue;
            };
            found.push(Hit {
                mask,
                term,
                span,
                how: MatchHow::Compound,
            });
        }
        let weak = TermClass::Promo.bit() | TermClass::Media.bit() | TermClass::Betting.bit();
        if found.iter().any(|h| h.mask & !weak != 0) {
            hits.extend(found);
        }
    }

    /// Public view of the hits.
    pub(crate) fn term_matches(&self, text: &str) -> Vec<TermMatch> {
        self.hits(text, false, false)
            .into_iter()
            .map(|h| TermMatch {
                classes: TermClass::ALL
                    .iter()
                    .copied()
                    .filter(|c| h.mask & c.bit() != 0)
                    .collect(),
                term: self.term_text(h.term).to_owned(),
                span: h.span,
                how: h.how,
            })
            .collect()
    }
}

/// Sorts, deduplicates, applies benign contexts and drops hits strictly
/// inside a longer hit.
fn finish(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        (a.span.start, std::cmp::Reverse(a.span.end), a.term).cmp(&(
            b.span.start,
            std::cmp::Reverse(b.span.end),
            b.term,
        ))
    });
    hits.dedup_by(|a, b| a.span == b.span && a.term == b.term);
    let benign = TermClass::Benign.bit();
    let benign_spans: Vec<Range<usize>> = hits
        .iter()
        .filter(|h| h.mask & benign != 0)
        .map(|h| h.span.clone())
        .collect();
    // Benign spans are sorted by start; a sweep finds overlaps.
    let mut bi = 0;
    let mut max_benign_end = 0usize;
    let mut kept = Vec::with_capacity(hits.len());
    for h in hits {
        if h.mask & benign != 0 {
            continue;
        }
        while bi < benign_spans.len() && benign_spans[bi].start < h.span.end {
            max_benign_end = max_benign_end.max(benign_spans[bi].end);
            bi += 1;
        }
        if max_benign_end > h.span.start {
            continue;
        }
        kept.push(h);
    }
    // Drop hits strictly contained in another hit.
    let mut out: Vec<Hit> = Vec::with_capacity(kept.len());
    // Sorted by start, then longest first: a hit is strictly inside an
    // earlier one exactly when an earlier group of equal spans reached as
    // far as it does.
    let mut max_end_before = 0usize;
    let mut group = usize::MAX..usize::MAX;
    let mut max_end_prev_groups = 0usize;
    for h in kept {
        if h.span != group {
            max_end_prev_groups = max_end_before;
            group = h.span.clone();
        }
        max_end_before = max_end_before.max(h.span.end);
        let contained = max_end_prev_groups >= h.span.end && max_end_prev_groups > 0;
        if !contained {
            out.push(h);
        }
    }
    out
}

/// Whether `w` is a near misspelling of the core word `c`: one adjacent
/// transposition, one doubled letter, one dropped or inserted letter (for
/// cores of five letters or more) or one vowel swapped for another (for
/// cores of seven letters or more). The first letter must agree.
pub(crate) fn near(w: &[u8], c: &[u8]) -> bool {
    if w == c || w.first() != c.first() {
        return false;
    }
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let first_diff = w
        .iter()
        .zip(c)
        .position(|(a, b)| a != b)
        .unwrap_or(w.len().min(c.len()));
    let i = first_diff;
    if w.len() == c.len() {
        if i + 1 < w.len() && w[i] == c[i + 1] && w[i + 1] == c[i] && w[i + 2..] == c[i + 2..] {
            return true;
        }
        c.len() >= 7 && vowel(w[i]) && vowel(c[i]) && w[i + 1..] == c[i + 1..]
    } else if w.len() == c.len() + 1 {
        // w has one extra letter at i.
        if w[i + 1..] != c[i..] {
            return false;
        }
        let doubled = (i > 0 && w[i] == w[i - 1]) || w.get(i + 1) == Some(&w[i]);
        c.len() >= 5 || doubled
    } else if w.len() + 1 == c.len() {
        c.len() >= 5 && w[i..] == c[i + 1..]
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn compiled() -> Compiled {
        Compiled::new(&Lexicon::embedded()).unwrap()
    }

    /// Sparse leet views give the hits of whole ones, for descriptions
    /// (no compounds) and short fields (compounds).
    fn assert_same(c: &Compiled, text: &str) {
        for compounds in [false, true] {
            let sparse = c.hits_sparse_from(text, false, compounds, 0);
            let whole = c.hits_sparse_from(text, false, compounds, usize::MAX);
            assert_eq!(sparse, whole, "{text:?} compounds {compounds}");
        }
    }

    #[test]
    fn sparse_agrees_on_fixtures() {
        let c = compiled();
        for text in [
            include_str!("../../../examples/data/spam/robux.nuspec"),
            include_str!("../../../examples/data/spam/tiktok-followers.PKG-INFO"),
            include_str!("../../../examples/data/spam/free-gems-hack.package.json"),
            include_str!("../../../examples/data/spam/mixed-batch.jsonl"),
            include_str!("../../../examples/data/registry/left-pad.package.json"),
            include_str!("../../../examples/data/registry/Newtonsoft.Json.nuspec"),
            include_str!("../../../examples/data/registry/six.METADATA"),
            include_str!("../../../examples/data/registry/left-pad.packument.json"),
            include_str!("../../../examples/data/registry/Newtonsoft.Json.catalog.json"),
            include_str!("../../../examples/data/registry/requests.pypi.json"),
            include_str!("../../../examples/data/registry/chalk.npm-view.json"),
        ] {
            assert_same(&c, text);
            // Each line alone, and the file with leet words sprinkled in.
            for line in text.lines() {
                assert_same(&c, line);
            }
            let sprinkled = text.replace("e ", "3 ").replace("o", "0");
            assert_same(&c, &sprinkled);
        }
    }

    #[test]
    fn sparse_agrees_past_the_hit_cap() {
        let c = compiled();
        let raw = |text: &str| {
            let mut hits = Vec::new();
            c.scan_view(c.text_norm.normalize(text).plain(), false, &mut hits);
            hits.len()
        };
        let line = "free robux generator\n";
        let per_line = raw(&line.repeat(100)) / 100;
        assert!(per_line > 0);
        // Plain hits under the cap, plain and leet hits over it: the whole
        // views lose the leet words at the end, and so must sparse ones.
        let k = MAX_HITS * 2 / 3 / per_line;
        let text = format!("{}fr33 r0bux\n", line.repeat(k));
        assert!(raw(&text) < MAX_HITS);
        let whole = c.hits_sparse_from(&text, false, false, usize::MAX);
        let tail = text.len() - "fr33 r0bux\n".len();
        assert!(
            whole.iter().all(|h| h.span.start < tail),
            "the cap did not cut"
        );
        assert_same(&c, &text);
        // Plain hits alone reach the cap; leet words everywhere.
        for text in [
            "free robux ".repeat(MAX_HITS),
            "fr33 r0bux v1 g3nerator\n".repeat(MAX_HITS / 4),
        ] {
            assert_same(&c, &text);
        }
    }

    const PIECES: &[&str] = &[
        "free",
        "fr33",
        "r0bux",
        "robux",
        "v-bucks",
        "v1",
        "gift",
        "card",
        "gift card",
        "g1ft c4rd",
        "no human verification",
        "n0 hum4n verification",
        "generator",
        "g3nerator",
        "hack",
        "h4ck",
        "cheat sheet",
        "anti-cheat",
        "dependency-free",
        "tiktok",
        "followers",
        "fo11owers",
        "i18n",
        "utf8",
        "@scope",
        "ca$h app",
        "money",
        "a",
        "b",
        "c",
        "1",
        "2024",
        " ",
        " ",
        " ",
        "  ",
        "\n",
        "\n",
        ". ",
        "-",
        ", ",
        "é",
        "ß",
        "\u{200B}",
        "о",
        "０",
        "Ｆ",
        "\r\n",
        "$",
        "@",
        "watch",
        "full movie",
        "diamonsd",
        "genrator",
        "freerobuxgenerator",
        "Install the package and read the docs. ",
    ];

    fn pieces() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..150).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn sparse_agrees_on_pieces(text in pieces()) {
            assert_same(compiled_once(), &text);
        }

        #[test]
        fn sparse_agrees_on_any_text(text in any::<String>()) {
            assert_same(compiled_once(), &text);
        }

        #[test]
        fn sparse_agrees_on_long_prose(parts in prop::collection::vec((pieces(), 0usize..20), 1..6)) {
            let filler = "Some plain words of a README line, nothing to see.\n";
            let text: String = parts
                .iter()
                .map(|(p, k)| format!("{}{p}", filler.repeat(*k)))
                .collect();
            assert_same(compiled_once(), &text);
        }
    }

    fn compiled_once() -> &'static Compiled {
        static C: std::sync::OnceLock<Compiled> = std::sync::OnceLock::new();
        C.get_or_init(compiled)
    }

    #[test]
    fn near_misses() {
        let cases = [
            ("diamonsd", "diamonds", true),
            ("hakc", "hack", true),
            ("genrator", "generator", true),
            ("donwload", "download", true),
            ("robx", "robux", true),
            ("freee", "free", true),
            ("generater", "generator", true),
            ("back", "hack", false),
            ("heck", "hack", false),
            ("fee", "free", false),
            ("frees", "free", false),
            ("robux", "robux", false),
            ("generate", "generator", false),
            ("generated", "generator", false),
            ("rob", "robux", false),
        ];
        for (w, c, want) in cases {
            assert_eq!(near(w.as_bytes(), c.as_bytes()), want, "{w} ~ {c}");
        }
    }
}
