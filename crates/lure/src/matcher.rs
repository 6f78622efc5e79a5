//! Compiled lexicon: Aho-Corasick over normalised views, compound-word
//! segmentation and bounded misspelling tolerance.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use baitwatch_text::fxhash::FxBuildHasher;
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
    /// As the pieces of a word that a package name splits apart
    /// (`ro-bux`, `foll-owers`).
    Rejoined,
    /// By its shape, not from the lexicon: a telephone number
    /// ([`TermClass::Phone`], term `phone number`).
    Shape,
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

/// The longest word [`Compiled::rejoined`] glues from a name's pieces.
const MAX_REJOINED: usize = 24;

/// The most words of a name [`Compiled::rejoined`] reads.
const MAX_REJOIN_PIECES: usize = 128;

/// Most hits kept for one text; past this the rest of the text is ignored.
const MAX_HITS: usize = 20_000;

/// Texts from this long on are matched through sparse leet views
/// ([`baitwatch_text::Normalizer::normalize_sparse`]): the plain view and
/// only the excerpts around leet-folded words, not whole leet views.
const SPARSE_FROM_BYTES: usize = 512;

/// The automaton of the terms as ` term ` patterns (pattern `i` is term
/// `i`): padding makes every match a whole-word match.
fn automaton(
    terms: &[(String, u32)],
    kind: AhoCorasickKind,
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(terms.iter().map(|(t, _)| format!(" {t} ")))
}

pub(crate) struct Compiled {
    /// The terms as ` term ` patterns: a contiguous NFA, cheap to build, so
    /// a scanner starts fast and names and summaries are matched at once.
    ac: AhoCorasick,
    /// The same automaton as a DFA (about twice as fast on long texts, but
    /// some milliseconds to build): made on the first long description and
    /// used from then on; `None` if it could not be built.
    dfa: OnceLock<Option<AhoCorasick>>,
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
    /// The ASCII terms by their last word, for [`Compiled::word_hits`].
    by_last_word: ByLastWord,
    /// A bit set of the [`shape`]s of the last words: most words are
    /// ruled out without hashing.
    last_shapes: Vec<u64>,
    /// Per first byte, a bit for each length (capped at 63) a word may
    /// have to be near a fuzzy core starting with that byte.
    fuzzy_lens: Vec<u64>,
    /// Per first byte, the last bytes (`.0`) and the bytes before the
    /// last (`.1`) a word may have to be near a fuzzy core starting with
    /// that byte (see [`near_ends`]); a word needs one or the other.
    fuzzy_ends: Vec<([u64; 4], [u64; 4])>,
    /// The id of the pseudo-term of telephone numbers (found by shape,
    /// not matched: it is in no automaton).
    phone_term: u32,
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
        let ac = automaton(&terms, AhoCorasickKind::ContiguousNFA)
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
        // The longest word of each term (the first of equals): the rarest
        // in prose.
        let mut by_last_word: ByLastWord = HashMap::default();
        for (id, (t, _)) in terms.iter().enumerate() {
            let mut words: Vec<String> = t.split(' ').rev().map(str::to_owned).collect();
            // Only ASCII terms can be in plain ASCII words.
            if !t.is_ascii() || words.is_empty() {
                continue;
            }
            let last = words.remove(0);
            by_last_word
                .entry(last.into_bytes().into())
                .or_default()
                .push((id as u32, words));
        }
        let mut last_shapes = vec![0u64; SHAPES / 64];
        for w in by_last_word.keys() {
            let k = shape(w);
            if let Some(bits) = last_shapes.get_mut(k / 64) {
                *bits |= 1 << (k % 64);
            }
        }
        // Per first byte, the lengths (capped at 63) a word may have to be
        // near one of its fuzzy cores (one more or one less).
        let fuzzy_lens: Vec<u64> = (0..=255u8)
            .map(|b| {
                fuzzy
                    .iter()
                    .filter(|(k, _, _)| k.first() == Some(&b))
                    .fold(0u64, |m, (k, _, _)| {
                        m | shape_bit(k.len().saturating_sub(1))
                            | shape_bit(k.len())
                            | shape_bit(k.len() + 1)
                    })
            })
            .collect();
        let fuzzy_ends: Vec<([u64; 4], [u64; 4])> = (0..=255u8)
            .map(|b| {
                fuzzy.iter().filter(|(k, _, _)| k.first() == Some(&b)).fold(
                    ([0u64; 4], [0u64; 4]),
                    |(mut last, mut before), (k, _, _)| {
                        let (l, p) = near_ends(k);
                        for (m, x) in last.iter_mut().zip(l) {
                            *m |= x;
                        }
                        for (m, x) in before.iter_mut().zip(p) {
                            *m |= x;
                        }
                        (last, before)
                    },
                )
            })
            .collect();
        let fuzzy_first: Vec<Range<usize>> = (0..=255u8)
            .map(|b| {
                let lo = fuzzy.partition_point(|(k, _, _)| k.first() < Some(&b));
                let hi = fuzzy.partition_point(|(k, _, _)| k.first() <= Some(&b));
                lo..hi
            })
            .collect();
        // Last, so that nothing above matches it.
        terms.push(("phone number".to_owned(), TermClass::Phone.bit()));
        let phone_term = (terms.len() - 1) as u32;
        Ok(Compiled {
            phone_term,
            ac,
            dfa: OnceLock::new(),
            pat_term,
            terms,
            words,
            fuzzy,
            fuzzy_first,
            text_norm,
            name_norm,
            context_words,
            by_last_word,
            last_shapes,
            fuzzy_lens,
            fuzzy_ends,
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
        self.hits_with(text, name, compounds, sparse_from, true)
    }

    /// [`Compiled::hits_sparse_from`]; `regions`: match long texts (not
    /// names, no compounds) only in the [`Compiled::regions`] that can
    /// hold a hit, else in the whole text.
    pub(crate) fn hits_with(
        &self,
        text: &str,
        name: bool,
        compounds: bool,
        sparse_from: usize,
        regions: bool,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        if name {
            let plain = self.text_norm.normalize(text);
            self.scan(&plain, compounds, &mut hits);
            let camel = self.name_norm.normalize(text);
            if camel.plain() != plain.plain() {
                self.scan(&camel, compounds, &mut hits);
            }
            let found = hits.len();
            for view in plain.views() {
                self.rejoined(view, found, &mut hits);
            }
        } else {
            if text.len() >= sparse_from {
                self.dfa
                    .get_or_init(|| automaton(&self.terms, AhoCorasickKind::DFA).ok());
                if !(regions && !compounds && self.scan_regions(text, &mut hits)) {
                    hits.clear();
                    self.scan_sparse(text, compounds, &mut hits);
                }
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
        if hits.len() < MAX_HITS {
            hits.extend(crate::phone::numbers(text).into_iter().map(|span| Hit {
                mask: TermClass::Phone.bit(),
                term: self.phone_term,
                span,
                how: MatchHow::Shape,
            }));
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

    /// The hits [`Compiled::scan_sparse`] pushes for `text` (no
    /// compounds), up to their order within each view (plain, first leet,
    /// second leet) and to duplicates, which is all that [`finish`] keeps
    /// of it. Returns false, having pushed anything, when the hits might
    /// come near [`MAX_HITS`] (where the order of the whole views decides
    /// which are kept): the caller matches the whole text then.
    ///
    /// The text is read as *runs* of bytes between ASCII separators (any
    /// ASCII byte but letters, digits, `$`, `@` and `!`). A *plain* run, of
    /// ASCII letters only or of digits only, is a word of every view of
    /// the text, lower-cased, spanning the run: the normaliser folds
    /// nothing in it, never splits it, and joins it to other words only
    /// when it is a single letter next to another run that may give a
    /// single letter, so such a single letter counts as plain only between
    /// two plain runs of two bytes or more (or the ends of the text).
    /// Hits made of plain runs only are found word by word
    /// ([`Compiled::word_hits`]). Every hit with a word from another run
    /// lies within `context_words` pieces (between
    /// [`Normalizer::cut_points`]) of that run's piece, since every piece
    /// holds a word of every view and a term has at most
    /// `context_words + 1` words; those pieces are normalised and matched
    /// as a whole (their views are the whole views within them).
    fn scan_regions(&self, text: &str, hits: &mut Vec<Hit>) -> bool {
        let bytes = text.as_bytes();
        let mut runs = Vec::with_capacity(bytes.len() / 6);
        let mut cuts = Vec::with_capacity(bytes.len() / 8);
        lex(bytes, &mut runs, &mut cuts);
        // Runs that give no word in any view (`$`, `—`, `│`, emoji) are
        // separators to the words around them.
        let mut seen: HashMap<&[u8], bool, FxBuildHasher> = HashMap::default();
        runs.retain(|r| {
            r.words || !self.silent_seen(bytes.get(r.start..r.end).unwrap_or(&[]), &mut seen)
        });
        let at = |k: usize| -> usize {
            match k.checked_sub(1) {
                None => 0,
                Some(i) => cuts.get(i).copied().unwrap_or(bytes.len()),
            }
        };
        // Each leet view holds at most the plain hits and those of the
        // excerpts; far below the cap, no view of the whole text reaches it.
        let limit = MAX_HITS / 8;
        let ctx = self.context_words;
        let mut fuzzy = Vec::new();
        let mut words: Vec<Range<usize>> = Vec::new();
        let mut regions: Vec<Range<usize>> = Vec::new();
        // Piece of the current run: cut `piece - 1` <= run start.
        let mut piece = 0usize;
        let safe = single_letters_alone(&runs);
        for (k, run) in runs.iter().enumerate() {
            if run.words && safe.get(k).copied().unwrap_or(false) {
                if !run.mixed {
                    self.word_hits(bytes, run.start..run.end, &mut words, hits, &mut fuzzy);
                    if hits.len() + fuzzy.len() >= limit {
                        return false;
                    }
                    continue;
                }
                let mut g = run.start;
                while g < run.end {
                    let digits = bytes.get(g).is_some_and(u8::is_ascii_digit);
                    let from = g;
                    while g < run.end && bytes.get(g).is_some_and(|b| b.is_ascii_digit() == digits)
                    {
                        g += 1;
                    }
                    self.word_hits(bytes, from..g, &mut words, hits, &mut fuzzy);
                }
                if hits.len() + fuzzy.len() >= limit {
                    return false;
                }
                continue;
            }
            // No hit found word by word spans this run.
            words.clear();
            while cuts.get(piece).is_some_and(|&c| c <= run.start) {
                piece += 1;
            }
            let range =
                at(piece.saturating_sub(ctx))..at(piece.saturating_add(ctx).saturating_add(1));
            match regions.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => regions.push(range),
            }
        }
        let mut leet: [Vec<Hit>; 2] = [Vec::new(), Vec::new()];
        for r in regions {
            let Some(part) = text.get(r.clone()) else {
                return false;
            };
            let sparse = self.text_norm.normalize_sparse(part, self.context_words);
            // A view's own order: its phrase hits, then its word hits.
            let mut own = Vec::new();
            self.scan_view_at(sparse.plain(), r.start, false, &mut own);
            let words = own.iter().position(|h| h.how != MatchHow::Exact);
            let words = words.unwrap_or(own.len());
            fuzzy.extend(own.drain(words..));
            hits.append(&mut own);
            for (k, out) in leet.iter_mut().enumerate() {
                for view in sparse.excerpts().iter().filter_map(|e| e.leet().get(k)) {
                    self.scan_view_at(view, r.start, false, out);
                }
            }
            if hits.len() + fuzzy.len() + leet[0].len() + leet[1].len() >= limit {
                return false;
            }
        }
        hits.append(&mut fuzzy);
        for mut l in leet {
            hits.append(&mut l);
        }
        true
    }

    /// [`Compiled::silent`] without normalising most runs: a run with an
    /// ASCII letter or digit is never silent, an ASCII run without one is
    /// made of `$`, `@` and `!` only (runs are cut at every other ASCII byte)
    /// and always silent (a test checks it), and the others are
    /// normalised once per text (`seen`: the answers so far).
    fn silent_seen<'t>(
        &self,
        run: &'t [u8],
        seen: &mut HashMap<&'t [u8], bool, FxBuildHasher>,
    ) -> bool {
        if run.iter().any(u8::is_ascii_alphanumeric) {
            return false;
        }
        if run.is_ascii() {
            return run.iter().all(|&b| baitwatch_text::is_leet_symbol(b)) || self.silent(run);
        }
        *seen.entry(run).or_insert_with(|| self.silent(run))
    }

    /// Whether a run other than letters and digits gives no word in any
    /// view: it folds to separators only (and `$@!`, which make no word on
    /// their own), whatever is around it, since runs are cut at ASCII
    /// separators. Only runs without ASCII letters or digits can.
    fn silent(&self, run: &[u8]) -> bool {
        if run.iter().any(u8::is_ascii_alphanumeric) {
            return false;
        }
        let Ok(run) = std::str::from_utf8(run) else {
            return false;
        };
        let n = self.text_norm.normalize(run);
        n.plain().as_str().is_empty() && n.leet().is_empty()
    }

    /// The hits [`Compiled::scan_view`] finds at the word `span` of
    /// `bytes`, a plain run (see [`Compiled::scan_regions`]), without a
    /// view: the word is the run lower-cased. `words` holds the spans of
    /// the plain words just before it (the caller clears it where words
    /// do not follow on); phrase hits go to `exact`, misspellings to
    /// `misspelt`.
    fn word_hits(
        &self,
        bytes: &[u8],
        span: Range<usize>,
        words: &mut Vec<Range<usize>>,
        exact: &mut Vec<Hit>,
        misspelt: &mut Vec<Hit>,
    ) {
        // Only the last words can start a term that ends later.
        if words.len() > 4 * self.context_words.max(1) {
            let keep = words.len() - self.context_words;
            words.drain(..keep);
        }
        words.push(span.clone());
        let word = bytes.get(span.clone()).unwrap_or(&[]);
        // Most words neither end a term nor come near a core: tell from
        // their first and last bytes and length, before lower-casing.
        debug_assert!(word.iter().all(u8::is_ascii_alphanumeric));
        let first = word.first().map_or(0, |&b| lower_alnum(b));
        let second = word.get(1).map_or(0, |&b| lower_alnum(b));
        let last = word.last().map_or(0, |&b| lower_alnum(b));
        let ends = self.may_end_term(shape_of(first, second, last, word.len()));
        let fuzzy = (4..=64).contains(&word.len())
            && self.fuzzy_lens.get(first as usize).copied().unwrap_or(0) & shape_bit(word.len())
                != 0
            && self.fuzzy_ends.get(first as usize).is_some_and(|(l, p)| {
                let before = word.len().checked_sub(2).and_then(|k| word.get(k));
                has_byte(l, last) || before.is_some_and(|&b| has_byte(p, lower_alnum(b)))
            });
        if !ends && !fuzzy {
            return;
        }
        let mut lower = [0u8; 64];
        let long;
        let buf: &[u8] = match lower.get_mut(..word.len()) {
            Some(buf) => {
                for (l, &b) in buf.iter_mut().zip(word) {
                    *l = lower_alnum(b);
                }
                buf
            }
            None => {
                long = word.to_ascii_lowercase();
                &long
            }
        };
        let terms = if ends { self.ending_with(buf) } else { &[] };
        for &(term, ref rest) in terms {
            // `rest`: the term's words before the last, last first.
            if rest.len() >= words.len() {
                continue;
            }
            let matched = rest.iter().zip(words.iter().rev().skip(1)).all(|(w, r)| {
                bytes
                    .get(r.clone())
                    .is_some_and(|b| b.eq_ignore_ascii_case(w.as_bytes()))
            });
            if !matched {
                continue;
            }
            let from = words
                .len()
                .checked_sub(rest.len() + 1)
                .and_then(|k| words.get(k))
                .map_or(span.start, |r| r.start);
            exact.push(Hit {
                mask: self.terms.get(term as usize).map_or(0, |t| t.1),
                term,
                span: from..span.end,
                how: MatchHow::Exact,
            });
        }
        if !fuzzy {
            return;
        }
        let cores = self
            .fuzzy_first
            .get(first as usize)
            .cloned()
            .unwrap_or(0..0);
        let mut known: Option<bool> = None;
        for (core, mask, term) in self.fuzzy.get(cores).unwrap_or(&[]) {
            if core.len().abs_diff(buf.len()) <= 1
                && near(buf, core)
                && !*known.get_or_insert_with(|| {
                    std::str::from_utf8(buf).is_ok_and(|w| self.words.contains_key(w))
                })
            {
                misspelt.push(Hit {
                    mask: *mask,
                    term: *term,
                    span: span.clone(),
                    how: MatchHow::Misspelt,
                });
            }
        }
    }

    /// The terms whose last word is `word`: each term's id and its other
    /// words, last first.
    #[inline]
    fn ending_with(&self, word: &[u8]) -> &[(u32, Vec<String>)] {
        self.by_last_word.get(word).map_or(&[], Vec::as_slice)
    }

    /// Whether a lower-case word with this [`shape`] may be the last word
    /// of a term.
    #[inline]
    fn may_end_term(&self, shape: usize) -> bool {
        self.last_shapes
            .get(shape / 64)
            .is_some_and(|bits| bits & (1 << (shape % 64)) != 0)
    }

    /// Lexicon words that a name splits into pieces (`free-ro-bux`,
    /// `tik-tok-foll-owers`): two to four adjacent words of `view` that
    /// glue into a one-word term (5 to [`MAX_REJOINED`] bytes), where
    /// at least one piece is no English word and no term of its own, and
    /// the pieces overlap none of the first `found` hits (the terms the
    /// name shows whole). Honest names split words at word boundaries, so
    /// their pieces are words.
    fn rejoined(&self, view: &View, found: usize, hits: &mut Vec<Hit>) {
        let text = view.as_str();
        let mut pieces: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        // Registry names are short (npm: 214 characters); the first
        // MAX_REJOIN_PIECES words of a longer text are read.
        for w in text.split(' ') {
            if pieces.len() >= MAX_REJOIN_PIECES {
                break;
            }
            if !w.is_empty() {
                pieces.push(at..at + w.len());
            }
            at += w.len() + 1;
        }
        let is_fragment = |r: &Range<usize>| {
            let w = text.get(r.clone()).unwrap_or_default();
            !w.bytes().all(|b| b.is_ascii_digit())
                && !self.words.contains_key(w)
                && !baitwatch_text::english::is_english_word(w)
        };
        let mut glued = String::new();
        for i in 0..pieces.len() {
            for k in 2..=4 {
                let Some(window) = pieces.get(i..i + k) else {
                    break;
                };
                glued.clear();
                for r in window {
                    glued.push_str(text.get(r.clone()).unwrap_or_default());
                }
                if glued.len() > MAX_REJOINED {
                    break;
                }
                // Four letters glue by chance (`co-in`).
                if glued.len() < 5 {
                    continue;
                }
                let Some(&(mask, term)) = self.words.get(glued.as_str()) else {
                    continue;
                };
                if !window.iter().any(is_fragment) {
                    continue;
                }
                let (Some(first), Some(last)) = (window.first(), window.last()) else {
                    continue;
                };
                let Some(span) = view.original_span(first.start..last.end) else {
                    continue;
                };
                let shown = hits
                    .iter()
                    .take(found)
                    .any(|h| h.span.start < span.end && span.start < h.span.end);
                if !shown && hits.len() < MAX_HITS {
                    hits.push(Hit {
                        mask,
                        term,
                        span,
                        how: MatchHow::Rejoined,
                    });
                }
            }
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
        self.scan_view_at(view, 0, compounds, hits);
    }

    /// [`Compiled::scan_view`] of the view of a part of a text that starts
    /// at byte `offset` of it: spans are moved by `offset`.
    fn scan_view_at(&self, view: &View, offset: usize, compounds: bool, hits: &mut Vec<Hit>) {
        // Patterns are ` term `: padding the view with spaces makes every
        // match a whole-word match, and the automaton rarely goes deep.
        let mut padded = String::with_capacity(view.as_str().len() + 2);
        padded.push(' ');
        padded.push_str(view.as_str());
        padded.push(' ');
        let ac = self.dfa.get().and_then(Option::as_ref).unwrap_or(&self.ac);
        for m in ac.find_overlapping_iter(&padded) {
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
            let span = span.start + offset..span.end + offset;
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
                        span: span.start + offset..span.end + offset,
                        how: MatchHow::Misspelt,
                    });
                }
            }
            if compounds && word.len() >= 6 && word.is_ascii() && !self.words.contains_key(word) {
                // Never with an offset: regions are matched without compounds.
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

/// Terms by their last word; see [`Compiled::ending_with`]. Hashed with
/// FxHash: the keys are the lexicon's words, so a lookup costs the same
/// whatever the input, and SipHash's protection is not needed.
type ByLastWord = HashMap<Box<[u8]>, Vec<(u32, Vec<String>)>, FxBuildHasher>;

/// A run of bytes between ASCII separators; see [`Compiled::scan_regions`].
struct Run {
    start: usize,
    end: usize,
    /// Whether its words are known: ASCII letters and digits only, and
    /// no group of digits that leet folding changes. Else it is in a
    /// region, or silent (see [`Compiled::silent`]).
    words: bool,
    /// Letters and digits together (for `words` runs): several words.
    mixed: bool,
    /// Its first and last word are single letters (for `words` runs).
    first_single: bool,
    last_single: bool,
}

/// Per run, whether its single-letter words (if any) stay words of their
/// own: the normaliser joins three single letters in a row (and spaced
/// letters, `F R E E`, three or more), so a single letter is known only in
/// a row of at most two between known words that are no single letters
/// (or the ends of the text).
fn single_letters_alone(runs: &[Run]) -> Vec<bool> {
    let mut safe = vec![true; runs.len()];
    // The runs giving the current row of single letters, how many letters,
    // and whether an unknown run is next to it.
    let mut row: Vec<usize> = Vec::new();
    let mut letters = 0usize;
    let mut tainted = false;
    let mut close = |row: &mut Vec<usize>, letters: usize, tainted: bool| {
        if tainted || letters >= 3 {
            for &k in row.iter() {
                if let Some(s) = safe.get_mut(k) {
                    *s = false;
                }
            }
        }
        row.clear();
    };
    for (k, r) in runs.iter().enumerate() {
        if !r.words {
            close(&mut row, letters, true);
            letters = 0;
            tainted = true;
            continue;
        }
        if r.first_single && r.last_single && r.end - r.start == 1 {
            row.push(k);
            letters += 1;
            continue;
        }
        if r.first_single {
            row.push(k);
            letters += 1;
        }
        close(&mut row, letters, tainted);
        letters = 0;
        tainted = false;
        if r.last_single {
            row.push(k);
            letters = 1;
        }
    }
    close(&mut row, letters, tainted);
    safe
}

/// Byte classes for [`lex`]: 0 separator, 1 letter, 2 digit, 4 other
/// (leet symbols, as [`baitwatch_text::is_leet_symbol`] says, and
/// non-ASCII bytes).
static RUN_CLASS: [u8; 256] = {
    let mut t = [4u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => 1,
            b'0'..=b'9' => 2,
            _ if baitwatch_text::is_leet_symbol(b as u8) => 4,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The class of `b` in [`RUN_CLASS`].
#[inline]
fn run_class(b: u8) -> u8 {
    RUN_CLASS.get(b as usize).copied().unwrap_or(4)
}

/// The runs of `bytes` in order (see [`Compiled::scan_regions`]), and the
/// cuts of [`Normalizer::cut_points`] (checked against it by a test): just
/// after a space or line feed at most four separators after a run whose
/// last two bytes are ASCII letters, before the end.
fn lex(bytes: &[u8], runs: &mut Vec<Run>, cuts: &mut Vec<usize>) {
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let mut seen = 0u8;
        while let Some(&b) = bytes.get(i) {
            let c = run_class(b);
            if c == 0 {
                break;
            }
            seen |= c;
            i += 1;
        }
        if i == start {
            // Separators before the first run: no cut.
            i += 1;
            continue;
        }
        let run = bytes.get(start..i).unwrap_or(&[]);
        runs.push(match seen {
            1 | 2 => Run {
                start,
                end: i,
                words: true,
                mixed: false,
                first_single: seen == 1 && run.len() == 1,
                last_single: seen == 1 && run.len() == 1,
            },
            3 => mixed_run(run, start),
            _ => Run {
                start,
                end: i,
                words: false,
                mixed: false,
                first_single: false,
                last_single: false,
            },
        });
        let two_letters = i >= 2
            && bytes
                .get(i - 2..i)
                .is_some_and(|t| t.iter().all(u8::is_ascii_alphabetic));
        // The separators after the run.
        let end = i;
        while bytes.get(i).is_some_and(|&b| run_class(b) == 0) {
            if two_letters
                && i - end <= 4
                && matches!(bytes.get(i), Some(b' ' | b'\n'))
                && i + 1 < bytes.len()
            {
                cuts.push(i + 1);
            }
            i += 1;
        }
    }
}

/// A run of ASCII letters and digits together: its words are its groups
/// of letters and of digits, unless leet folding changes a group of
/// digits (`r0bux`, `fr33`: leet digits only, between letters, or next
/// to letters and at most two long), as the normaliser decides.
fn mixed_run(run: &[u8], start: usize) -> Run {
    let leet = |b: &u8| matches!(b, b'0' | b'1' | b'3' | b'4' | b'5' | b'7' | b'8' | b'9');
    let mut words = true;
    let mut k = 0;
    while k < run.len() {
        let from = k;
        let digits = run.get(k).is_some_and(u8::is_ascii_digit);
        while run.get(k).is_some_and(|b| b.is_ascii_digit() == digits) {
            k += 1;
        }
        if !digits {
            continue;
        }
        let group = run.get(from..k).unwrap_or(&[]);
        let (before, after) = (from > 0, k < run.len());
        if group.iter().all(leet) && ((before && after) || group.len() <= 2) {
            words = false;
            break;
        }
    }
    let single = |at: usize, next: usize| {
        run.get(at).is_some_and(u8::is_ascii_alphabetic)
            && run.get(next).is_none_or(|b| !b.is_ascii_alphabetic())
    };
    Run {
        start,
        end: start + run.len(),
        words,
        mixed: true,
        first_single: single(0, 1),
        last_single: run.len() >= 2
            && single(run.len() - 1, run.len())
            && !run.get(run.len() - 2).is_some_and(u8::is_ascii_alphabetic),
    }
}

/// An ASCII letter or digit lower-cased (`u8::to_ascii_lowercase` for
/// those bytes, without its range test): letters differ from their
/// lower-case forms in bit 5 alone, and digits have it set already.
#[inline]
fn lower_alnum(b: u8) -> u8 {
    b | 0x20
}

/// Whether byte `b` is in the 256-bit set `set`.
#[inline]
fn has_byte(set: &[u64; 4], b: u8) -> bool {
    set.get(usize::from(b >> 6))
        .is_some_and(|bits| bits & (1u64 << (b & 63)) != 0)
}

/// The last bytes, and the bytes before the last, that a word [`near`]
/// the core `c` may have: one edit keeps the last byte (`c.last`) unless
/// it is at the end, where swapping the last two letters or dropping the
/// last one ends the word in the byte before it (`c[len - 2]`), swapping
/// a final vowel (cores of seven letters or more) ends it in any vowel,
/// and adding a letter puts `c.last` just before the last.
fn near_ends(c: &[u8]) -> ([u64; 4], [u64; 4]) {
    let mut last = [0u64; 4];
    let mut before = [0u64; 4];
    let add = |set: &mut [u64; 4], b: u8| {
        if let Some(bits) = set.get_mut(usize::from(b >> 6)) {
            *bits |= 1u64 << (b & 63);
        }
    };
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    if let Some(&l) = c.last() {
        add(&mut last, l);
        add(&mut before, l);
        if c.len() >= 7 && vowel(l) {
            for v in *b"aeiouy" {
                add(&mut last, v);
            }
        }
    }
    if let Some(&p) = c.len().checked_sub(2).and_then(|k| c.get(k)) {
        add(&mut last, p);
    }
    (last, before)
}

/// A bit for a word length, capped at 63.
#[inline]
fn shape_bit(len: usize) -> u64 {
    1u64 << len.min(63)
}

/// Bits in [`Compiled::last_shapes`].
const SHAPES: usize = 1 << 16;

/// The shape of a lower-case word: its first, second and last bytes and
/// its length, mixed into `0..SHAPES` (the second byte tells apart most
/// common words that share the rest with a lexicon word: `https` and
/// `hacks`, `this` and `tips`).
#[inline]
fn shape(word: &[u8]) -> usize {
    shape_of(
        word.first().copied().unwrap_or(0),
        word.get(1).copied().unwrap_or(0),
        word.last().copied().unwrap_or(0),
        word.len(),
    )
}

#[inline]
fn shape_of(first: u8, second: u8, last: u8, len: usize) -> usize {
    let k = (u32::from(first) << 24)
        ^ (u32::from(second) << 16)
        ^ (u32::from(last) << 8)
        ^ (len.min(255) as u32);
    (k.wrapping_mul(0x9E37_79B1) >> 16) as usize % SHAPES
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

    /// Pieces are glued back only when one of them is no word: a name
    /// split at word boundaries (`wall-hack`) keeps its words apart.
    #[test]
    fn rejoined_pieces_need_a_fragment() {
        let c = compiled();
        let rejoined = |name: &str| -> Vec<String> {
            c.hits(name, true, true)
                .into_iter()
                .filter(|h| h.how == MatchHow::Rejoined)
                .map(|h| name[h.span].to_owned())
                .collect()
        };
        assert_eq!(rejoined("wal-lhack-menu"), ["wal-lhack"]);
        assert_eq!(rejoined("free-ro-bux"), ["ro-bux"]);
        assert_eq!(rejoined("tik-tok-foll-ow-ers"), ["foll-ow-ers"]);
        // Pieces after many words are still read, up to the limit.
        let long = format!("{}free-ro-bux", "wa-".repeat(100));
        assert_eq!(rejoined(&long), ["ro-bux"]);
        let too_long = format!("{}free-ro-bux", "wa-".repeat(MAX_REJOIN_PIECES));
        assert!(rejoined(&too_long).is_empty());
        for name in [
            "wall-hack-detector",
            "pass-word-manager",
            "face-book-login",
            "give-away-picker",
            "free-robux",
            "robux",
            "co-in",
            "a-b-c-d-e",
            "",
            "-",
            "ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux-ro-bux",
        ] {
            assert!(
                rejoined(name).is_empty() || name.starts_with("ro-bux-ro"),
                "{name}: {:?}",
                rejoined(name)
            );
        }
    }

    /// The DFA is made on the first long text only, and it finds what the
    /// NFA found.
    #[test]
    fn lazy_dfa_matches_the_nfa() {
        let c = compiled();
        let short = "free robux generator 2026 no human verification, fre3 v-bucks";
        let before: Vec<Hit> = [false, true]
            .iter()
            .flat_map(|&compounds| c.hits(short, false, compounds))
            .collect();
        assert!(!before.is_empty());
        assert!(c.dfa.get().is_none(), "no DFA before a long text");
        let long = format!(
            "{} {short}",
            "a plain sentence of documentation. ".repeat(30)
        );
        let long_hits = c.hits(&long, false, false);
        assert!(
            matches!(c.dfa.get(), Some(Some(_))),
            "DFA after a long text"
        );
        let after: Vec<Hit> = [false, true]
            .iter()
            .flat_map(|&compounds| c.hits(short, false, compounds))
            .collect();
        assert_eq!(before, after);
        let fresh = compiled();
        fresh.dfa.get_or_init(|| None);
        assert_eq!(
            fresh.hits(&long, false, false),
            long_hits,
            "NFA on the long text"
        );
    }

    /// Sparse leet views give the hits of whole ones, for descriptions
    /// (no compounds) and short fields (compounds); matching only the
    /// regions that can hold a hit (descriptions) gives them too.
    fn assert_same(c: &Compiled, text: &str) {
        for compounds in [false, true] {
            let sparse = c.hits_sparse_from(text, false, compounds, 0);
            let whole = c.hits_sparse_from(text, false, compounds, usize::MAX);
            assert_eq!(sparse, whole, "{text:?} compounds {compounds}");
        }
        let everywhere = c.hits_with(text, false, false, 0, false);
        let regions = c.hits_with(text, false, false, 0, true);
        assert_eq!(regions, everywhere, "{text:?} regions");
    }

    /// Word by word and normalised regions together, around every kind
    /// of piece.
    #[test]
    fn regions_agree_around_pieces() {
        let c = compiled();
        let prose = "This parser splits the config files quickly.\n".repeat(20);
        let mut text = prose.clone();
        text.push_str("Get Free R0bux now at the shop, v bucks too.\n");
        text.push_str(&prose);
        assert_same(&c, &text);
        for piece in [
            "a b c",
            "x y",
            "F R E E",
            "robx",
            "ROBUX",
            "Robux",
            "V-Bucks",
            "v bucks",
            "123movies",
            "123 Movies",
            "full   movie",
            "$5",
            "@scope",
            "caf\u{e9}",
            "gift\ncard",
            "GIFT_CARD",
            "FULL\tMovie",
            "no human verification",
            "No Human r0bux verification",
            &"x".repeat(70),
            &format!("free {}", "y".repeat(70)),
        ] {
            let t = format!("{prose}{piece} {prose}");
            assert_same(&c, &t);
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
        "!",
        "€",
        "G!ft",
        "watch",
        "full movie",
        "diamonsd",
        "genrator",
        "freerobuxgenerator",
        "Install the package and read the docs. ",
        "Read the docs\n",
        "FREE",
        "Robux",
        "V Bucks",
        "x",
        "y z",
        "123movies",
        "robx",
        "Gift_Card",
        "ab",
        "7",
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
        fn lexed_cuts_are_the_normalisers(text in token_text()) {
            assert_cuts(&text);
        }

        #[test]
        fn lexed_cuts_agree_on_any_text(text in any::<String>()) {
            assert_cuts(&text);
        }

        #[test]
        fn regions_agree_on_tokens(text in token_text()) {
            let c = compiled_once();
            let everywhere = c.hits_with(&text, false, false, 0, false);
            let regions = c.hits_with(&text, false, false, 0, true);
            prop_assert_eq!(regions, everywhere, "{:?}", text);
        }

        #[test]
        fn silent_seen_agrees(runs in prop::collection::vec("[$@!€\\PC]{1,4}", 1..12)) {
            let c = compiled_once();
            let mut seen = HashMap::default();
            for r in &runs {
                prop_assert_eq!(c.silent_seen(r.as_bytes(), &mut seen), c.silent(r.as_bytes()), "{:?}", r);
            }
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

    /// Words and separators that exercise the region path: single
    /// letters and digits next to words, leet and Unicode words, and the
    /// words of multi-word terms.
    const TOKENS: &[&str] = &[
        "free",
        "Free",
        "robux",
        "r0bux",
        "gift",
        "card",
        "no",
        "human",
        "verification",
        "v",
        "V",
        "bucks",
        "a",
        "b",
        "x",
        "1",
        "2",
        "3",
        "42",
        "2024",
        "full",
        "movie",
        "watch",
        "online",
        "cheat",
        "sheet",
        "hack",
        "the",
        "qua",
        "tang",
        "th\u{1ebb}",
        "qu\u{e0}",
        "t\u{1eb7}ng",
        "\u{431}\u{435}\u{437}",
        "\u{43b}\u{438}\u{43c}\u{438}\u{442}",
        "6",
        "e",
        "cracking",
        "coding",
        "interview",
        "and",
        "open",
        "source",
        "robx",
        "genrator",
        "\u{43e}",
        "\u{200b}",
        "$",
        "@",
        "!",
        "fr€e",
        "c4sh",
        "app",
        "tiktok",
        "followers",
        "fo11owers",
        "v2",
        "v1",
        "boto3",
        "utf8",
        "x64",
        "h264",
        "2b",
        "a1b",
        "20px",
        "s100",
        "mp4",
        "r2d2",
        "e2e",
        "v4",
        "2k23",
        "1080p",
        "123movies",
        "b2",
        "z9z",
        "q",
        "\u{2014}",
        "\u{2502}",
        "\u{1f4bb}",
        "\u{2705}\u{fe0f}",
        "$$",
        "@@",
        "\u{b7}",
        "\u{ff04}",
        "\u{2022}",
        "\u{ff20}",
    ];
    const SEPARATORS: &[&str] = &[
        " ", " ", " ", "\n", ". ", "-", "  ", "_", ", ", "\t", "", "/",
    ];

    fn token_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                prop::sample::select(TOKENS),
                prop::sample::select(SEPARATORS),
            ),
            0..80,
        )
        .prop_map(|v| v.into_iter().map(|(t, s)| format!("{t}{s}")).collect())
    }

    /// [`lex`] cuts where [`Normalizer::cut_points`] does.
    fn assert_cuts(text: &str) {
        let (mut runs, mut cuts) = (Vec::new(), Vec::new());
        lex(text.as_bytes(), &mut runs, &mut cuts);
        assert_eq!(cuts, Normalizer::new().cut_points(text), "{text:?}");
    }

    #[test]
    fn lexed_cuts() {
        for text in [
            "",
            " ",
            "ab ",
            "ab c",
            "ab  \n c",
            "ab.,;:- c",
            "ab.,;:-- c",
            "a b c",
            "ab1 c",
            "1ab c",
            "\u{e9}ab c",
            "ab\u{e9} c",
            "ab\n\nc",
            " ab c ",
            "ab$ c",
            "ab@ c",
            "x\ty z",
        ] {
            assert_cuts(text);
        }
    }

    /// Runs of `$`, `@` and `!` alone are silent, as [`Compiled::silent_seen`]
    /// takes them to be without normalising.
    #[test]
    fn symbol_runs_are_silent() {
        let c = compiled_once();
        let mut runs = vec![String::new()];
        for _ in 0..8 {
            runs = runs
                .iter()
                .flat_map(|r| [format!("{r}$"), format!("{r}@"), format!("{r}!")])
                .collect();
            for r in &runs {
                assert!(c.silent(r.as_bytes()), "{r:?}");
                let mut seen = HashMap::default();
                assert!(c.silent_seen(r.as_bytes(), &mut seen), "{r:?}");
            }
        }
    }

    fn compiled_once() -> &'static Compiled {
        static C: std::sync::OnceLock<Compiled> = std::sync::OnceLock::new();
        C.get_or_init(compiled)
    }

    /// Every word [`near`] a fuzzy core gets past the last-byte test of
    /// [`Compiled::word_hits`] ([`near_ends`]): all single edits of every
    /// core, and the words of the fixtures.
    #[test]
    fn near_words_pass_the_end_test() {
        let c = compiled_once();
        let passes = |w: &[u8]| {
            let first = w.first().copied().unwrap_or(0);
            let (l, p) = &c.fuzzy_ends[usize::from(first)];
            has_byte(l, *w.last().unwrap_or(&0))
                || w.len().checked_sub(2).is_some_and(|k| has_byte(p, w[k]))
        };
        let check = |w: &[u8]| {
            if c.fuzzy.iter().any(|(core, _, _)| near(w, core)) {
                assert!(passes(w), "{:?}", String::from_utf8_lossy(w));
            }
        };
        let mut edits = 0;
        for (core, _, _) in &c.fuzzy {
            let n = core.len();
            for i in 0..=n {
                for b in 0..=255u8 {
                    // Inserted, and (i < n) substituted.
                    let mut w = core.clone();
                    w.insert(i, b);
                    check(&w);
                    if i < n {
                        let mut w = core.clone();
                        w[i] = b;
                        check(&w);
                    }
                    edits += 2;
                }
                if i < n {
                    let mut w = core.clone();
                    w.remove(i);
                    check(&w);
                }
                if i + 1 < n {
                    let mut w = core.clone();
                    w.swap(i, i + 1);
                    check(&w);
                }
            }
        }
        assert!(edits > 1000);
        for text in [
            include_str!("../../../examples/data/spam/robux.nuspec"),
            include_str!("../../../examples/data/spam/free-gems-hack.package.json"),
            include_str!("../../../examples/data/registry/requests.pypi.json"),
        ] {
            for w in text.split(|c: char| !c.is_ascii_alphanumeric()) {
                check(w.to_ascii_lowercase().as_bytes());
            }
        }
    }

    proptest! {
        #[test]
        fn near_words_pass_the_end_test_on_any_word(w in "[a-z]{3,12}", k in 0usize..64) {
            let c = compiled_once();
            let (core, _, _) = &c.fuzzy[k % c.fuzzy.len()];
            // The word, and the word with the core's first letter.
            for w in [w.clone().into_bytes(), [&core[..1], w.as_bytes()].concat()] {
                if c.fuzzy.iter().any(|(core, _, _)| near(&w, core)) {
                    let first = w[0];
                    let (l, p) = &c.fuzzy_ends[usize::from(first)];
                    prop_assert!(
                        has_byte(l, *w.last().unwrap()) || has_byte(p, w[w.len() - 2]),
                        "{:?}", String::from_utf8_lossy(&w)
                    );
                }
            }
        }
    }

    #[test]
    fn lower_alnum_lowers_letters_and_digits() {
        for b in (0..=255u8).filter(u8::is_ascii_alphanumeric) {
            assert_eq!(lower_alnum(b), b.to_ascii_lowercase(), "{b}");
        }
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
