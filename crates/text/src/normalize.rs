//! Obfuscation-proof normalised views of text, with a map back to the
//! original bytes.

use std::fmt;
use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use unicode_security::GeneralSecurityProfile;
use unicode_security::general_security_profile::IdentifierType;

use crate::skeleton::is_invisible;

/// Error from [`NormalizerBuilder::build`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// `max_bytes` was set to zero.
    #[error("max_bytes must be at least 1")]
    ZeroMaxBytes,
}

/// Turns text into [`Normalized`] views for matching.
///
/// Every view is lower case, NFKC-folded (fullwidth and mathematical
/// letters become ASCII), stripped of diacritics, zero-width and control
/// characters, and has look-alike letters from other scripts folded to
/// Latin with Unicode's confusables table (UTS #39, through the
/// `unicode-security` crate). Words are separated by exactly one ASCII
/// space, whatever separated them in the original (`free_robux-generator`
/// and `free  robux generator` give the same view), letters and digits are
/// split apart (`robux2024` becomes `robux 2024`), and runs of three or
/// more single letters separated by a space, dot, dash, underscore or
/// star are joined (`F R E E`, `f.r.e.e`, `w-a-t-c-h` become one word).
/// So that every view is a fixed point (normalising a view gives it back),
/// a view never holds three single-letter words in a row: any such run is
/// joined too, whatever separated its letters (`a-b c` gives `abc`).
///
/// Besides this plain view, words that mix letters with leetspeak digits
/// or symbols (`r0bux`, `fr33`, `h@ck`, `ca$h`, `g!ft`, `fr€e`) give
/// additional *leet* views in which they are folded (`0→o, 1→i/l, 3→e,
/// 4→a, 5→s, 7→t, 8→b, 9→g, @→a, $→s, !→i, €→e`). Ordinary words and plain numbers (`2024`) are
/// never changed by leet folding, and a leet view is made only when the
/// text has a word that needs it.
///
/// Cost: linear in the input. Space-separated runs of ASCII words take a
/// fast path (no Unicode tables; one span entry per word); other words
/// are folded character by character and hold two `u32` offsets per byte.
///
/// ```
/// use baitwatch_text::Normalizer;
/// let text = "Ｆｒｅｅ R\u{200B}obux — g.e.n.e.r.a.t.o.r 2024";
/// let n = Normalizer::new().normalize(text);
/// assert_eq!(n.plain().as_str(), "free robux generator 2024");
/// let span = n.plain().original_span(5..10).unwrap();
/// assert_eq!(&text[span], "R\u{200B}obux");
///
/// let leet = Normalizer::new().normalize("fr33 r0bux");
/// assert_eq!(leet.leet()[0].as_str(), "free robux");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalizer {
    camel_case: bool,
    leet: bool,
    join_spaced: bool,
    max_bytes: usize,
}

impl Default for Normalizer {
    fn default() -> Normalizer {
        Normalizer::new()
    }
}

/// Builder for a [`Normalizer`].
///
/// ```
/// use baitwatch_text::Normalizer;
/// let n = Normalizer::builder().camel_case(true).build()?;
/// assert_eq!(n.normalize("freeRobuxGen").plain().as_str(), "free robux gen");
/// # Ok::<(), baitwatch_text::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct NormalizerBuilder {
    camel_case: bool,
    leet: bool,
    join_spaced: bool,
    max_bytes: usize,
}

impl Default for NormalizerBuilder {
    fn default() -> NormalizerBuilder {
        NormalizerBuilder {
            camel_case: false,
            leet: true,
            join_spaced: true,
            max_bytes: usize::MAX,
        }
    }
}

impl NormalizerBuilder {
    /// Split words at camelCase humps (`freeRobux` → `free robux`); for
    /// package names. Off by default.
    pub fn camel_case(&mut self, yes: bool) -> &mut NormalizerBuilder {
        self.camel_case = yes;
        self
    }

    /// Make leet views. On by default.
    pub fn leet(&mut self, yes: bool) -> &mut NormalizerBuilder {
        self.leet = yes;
        self
    }

    /// Join runs of spaced or dotted single letters. On by default.
    pub fn join_spaced_letters(&mut self, yes: bool) -> &mut NormalizerBuilder {
        self.join_spaced = yes;
        self
    }

    /// Examine at most this many bytes of the input (cut at a character
    /// boundary); the rest is ignored. Unbounded by default (the cost is
    /// linear anyway); must be at least 1.
    pub fn max_bytes(&mut self, max: usize) -> &mut NormalizerBuilder {
        self.max_bytes = max;
        self
    }

    /// Builds the normaliser.
    pub fn build(&self) -> Result<Normalizer, BuildError> {
        if self.max_bytes == 0 {
            return Err(BuildError::ZeroMaxBytes);
        }
        Ok(Normalizer {
            camel_case: self.camel_case,
            leet: self.leet,
            join_spaced: self.join_spaced,
            max_bytes: self.max_bytes,
        })
    }
}

/// One normalised view of a text: the normalised string and, for each of
/// its bytes, the byte span of the original text it came from.
#[derive(Clone, Default)]
pub struct View {
    text: String,
    /// Segments of the view, by view offset: a word read from ASCII
    /// input maps linearly (`linear`), anything else through the per-byte
    /// tables `starts`/`ends`.
    segs: Vec<Seg>,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

#[derive(Clone, Copy, Debug)]
struct Seg {
    /// First view byte of the segment.
    at: u32,
    /// Linear: original offset of `at`. Table: index of `at` in the tables.
    base: u32,
    linear: bool,
}

impl PartialEq for View {
    /// Same text, and every byte maps to the same original span.
    fn eq(&self, other: &View) -> bool {
        self.text == other.text
            && (0..self.text.len()).all(|i| self.byte_span(i) == other.byte_span(i))
    }
}

impl Eq for View {}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("View").field(&self.text).finish()
    }
}

impl View {
    /// The normalised text: lower-case words separated by single spaces.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte span of the original text that produced the bytes
    /// `range` of this view, or `None` for an empty or out-of-bounds range.
    /// The span always lies on character boundaries of the original.
    pub fn original_span(&self, range: Range<usize>) -> Option<Range<usize>> {
        if range.start >= range.end {
            return None;
        }
        let (start, _) = self.byte_span(range.start)?;
        let (_, end) = self.byte_span(range.end - 1)?;
        (start <= end).then_some(start as usize..end as usize)
    }

    /// The original span of view byte `i`.
    fn byte_span(&self, i: usize) -> Option<(u32, u32)> {
        if i >= self.text.len() {
            return None;
        }
        let i = i as u32;
        let k = self.segs.partition_point(|s| s.at <= i).checked_sub(1)?;
        let seg = self.segs.get(k)?;
        let d = i - seg.at;
        if seg.linear {
            let at = seg.base + d;
            Some((at, at + 1))
        } else {
            let t = (seg.base + d) as usize;
            Some((*self.starts.get(t)?, *self.ends.get(t)?))
        }
    }

    /// The words of this view with their byte ranges in the view.
    pub fn words(&self) -> impl Iterator<Item = (Range<usize>, &str)> + '_ {
        let b = self.text.as_bytes();
        let mut pos = 0;
        std::iter::from_fn(move || {
            while pos < b.len() {
                let start = pos;
                while b.get(pos).is_some_and(|&c| c != b' ') {
                    pos += 1;
                }
                let end = pos;
                pos += 1;
                // Words end at spaces, so on character boundaries.
                if let Some(w) = self.text.get(start..end).filter(|w| !w.is_empty()) {
                    return Some((start..end, w));
                }
            }
            None
        })
    }
}

/// Buffers pass 2 reuses from segment to segment.
#[derive(Default)]
struct Scratch {
    /// Pending spaced single letters.
    singles: Vec<usize>,
    /// The characters of a run that is not a plain word.
    run: Vec<FChar>,
    /// The groups of that run, for [`emit_run`].
    groups: Vec<Group>,
    /// When recording: the original spans of the runs leet folding
    /// changes, and whether each has a folded `1`.
    leet_runs: Option<Vec<(Range<u32>, bool)>>,
}

/// A view being built: the text as bytes (pushed word by word without
/// UTF-8 bookkeeping), then checked once.
///
/// With `join` set, the builder also keeps the view a fixed point of the
/// normaliser: a view never holds three single-letter words in a row,
/// since normalising the view again would join them (`a-a a` gives
/// `a a a` word by word, which would read `aaa` the second time). Such
/// runs are joined here, whatever separated the letters in the input.
#[derive(Default)]
struct Builder {
    buf: Vec<u8>,
    segs: Vec<Seg>,
    starts: Vec<u32>,
    ends: Vec<u32>,
    last_end: u32,
    /// Join runs of single-letter words as they end.
    join: bool,
    /// Where the current word starts in `buf` (just after its space).
    word_first: usize,
    /// The single-letter words (at most two) that end the view, each
    /// with where it starts.
    tail: [(usize, FChar); 2],
    tail_len: usize,
    /// The last word is a run of single letters joined here; another
    /// single letter joins it too.
    joining: bool,
}

/// The lengths of a [`Builder`], to cut it back to an earlier state (it
/// only ever appends, so the lengths are the whole state).
#[derive(Clone, Copy, Default)]
struct Mark {
    buf: usize,
    segs: usize,
    table: usize,
    last_end: u32,
}

impl Builder {
    /// The state the builder had when `buf` was `pos` bytes long (a
    /// character boundary of the view), found from the segments.
    fn mark_at(&self, pos: usize) -> Mark {
        let k = self.segs.partition_point(|s| (s.at as usize) < pos);
        let before = self.segs.get(..k).unwrap_or(&[]);
        // Table entries of the bytes before `pos`: up to `pos` in a table
        // segment, else all of the last table segment before it.
        let table = match before.last() {
            None => 0,
            Some(seg) if !seg.linear => seg.base as usize + (pos - seg.at as usize),
            Some(_) => before
                .windows(2)
                .rev()
                .find(|w| !w[0].linear)
                .map_or(0, |w| (w[0].base + (w[1].at - w[0].at)) as usize),
        };
        Mark {
            buf: pos,
            segs: k,
            table: table.min(self.starts.len()),
            last_end: pos.checked_sub(1).map_or(0, |p| self.span_at(p).1),
        }
    }

    fn cut(&mut self, m: Mark) {
        self.buf.truncate(m.buf);
        self.segs.truncate(m.segs);
        self.starts.truncate(m.table);
        self.ends.truncate(m.table);
        self.last_end = m.last_end;
    }

    /// The original span of byte `i` of the view so far.
    fn span_at(&self, i: usize) -> (u32, u32) {
        let i = i as u32;
        let k = self.segs.partition_point(|s| s.at <= i);
        let Some(seg) = k.checked_sub(1).and_then(|k| self.segs.get(k)) else {
            return (self.last_end, self.last_end);
        };
        let d = i - seg.at;
        if seg.linear {
            (seg.base + d, seg.base + d + 1)
        } else {
            let t = (seg.base + d) as usize;
            match (self.starts.get(t), self.ends.get(t)) {
                (Some(&s), Some(&e)) => (s, e),
                _ => (self.last_end, self.last_end),
            }
        }
    }

    /// The current word ended: join it to the single letters before it
    /// when it is one too and makes three in a row.
    #[inline]
    fn end_word(&mut self) {
        let at = self.word_first;
        let len = self.buf.len().saturating_sub(at);
        // One character: an ASCII byte, or a lead byte and its 1-3
        // continuation bytes; most words are longer or plain ASCII.
        let first = self.buf.get(at).copied().unwrap_or(0);
        let maybe_single = match len {
            1 => first.is_ascii_alphabetic(),
            2..=4 => first >= 0xC0,
            _ => false,
        };
        if !maybe_single {
            self.tail_len = 0;
            self.joining = false;
            return;
        }
        self.end_short_word(at);
    }

    /// [`Builder::end_word`] for a word of at most four bytes.
    fn end_short_word(&mut self, at: usize) {
        let single = self
            .buf
            .get(at..)
            .filter(|w| !w.is_empty())
            .and_then(|w| std::str::from_utf8(w).ok())
            .and_then(|w| {
                let mut cs = w.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) if class(c) == Class::Alpha => Some(c),
                    _ => None,
                }
            });
        let Some(c) = single else {
            self.tail_len = 0;
            self.joining = false;
            return;
        };
        let (start, end) = self.span_at(at);
        let x = FChar { c, start, end };
        if self.joining {
            // Drop the space before the letter too.
            self.cut(self.mark_at(at.saturating_sub(1)));
            self.push(x.c, x.start, x.end);
        } else if let ([(first, a), (_, b)], 2) = (self.tail, self.tail_len) {
            self.cut(self.mark_at(first));
            for y in [a, b, x] {
                self.push(y.c, y.start, y.end);
            }
            self.tail_len = 0;
            self.joining = true;
        } else if let Some(slot) = self.tail.get_mut(self.tail_len) {
            *slot = (at, x);
            self.tail_len += 1;
        }
    }

    #[inline]
    fn push(&mut self, c: char, start: u32, end: u32) {
        let at = self.buf.len() as u32;
        let table_continues = self
            .segs
            .last()
            .is_some_and(|s| !s.linear && self.starts.len() as u32 == s.base + (at - s.at));
        if !table_continues {
            self.segs.push(Seg {
                at,
                base: self.starts.len() as u32,
                linear: false,
            });
        }
        let mut utf8 = [0u8; 4];
        let bytes = c.encode_utf8(&mut utf8).as_bytes();
        self.buf.extend_from_slice(bytes);
        for _ in 0..bytes.len() {
            self.starts.push(start);
            self.ends.push(end);
        }
        self.last_end = end;
    }

    /// Appends an ASCII word read from original offset `orig` on.
    #[inline]
    fn push_linear(&mut self, word: &[u8], orig: u32) {
        self.segs.push(Seg {
            at: self.buf.len() as u32,
            base: orig,
            linear: true,
        });
        self.buf.extend(word.iter().map(u8::to_ascii_lowercase));
        self.last_end = orig + word.len() as u32;
    }

    #[inline]
    fn push_space(&mut self) {
        if self.buf.last().is_some_and(|&b| b != b' ') {
            if self.join {
                self.end_word_push_space();
            } else {
                let at = self.last_end;
                self.push(' ', at, at);
            }
        }
    }

    /// [`Builder::push_space`] when joining: the current word ends, and
    /// the state around the space is kept for [`Builder::end_word`].
    #[inline]
    fn end_word_push_space(&mut self) {
        self.end_word();
        let at = self.last_end;
        self.push(' ', at, at);
        self.word_first = self.buf.len();
    }

    fn finish(mut self) -> View {
        if self.join && self.buf.len() > self.word_first {
            self.end_word();
        }
        if self.buf.last() == Some(&b' ') {
            self.buf.pop();
            self.starts.pop();
            self.ends.pop();
            if self
                .segs
                .last()
                .is_some_and(|s| s.at as usize >= self.buf.len())
            {
                self.segs.pop();
            }
        }
        // Only whole characters were pushed, so this never fails.
        let text = String::from_utf8(self.buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        View {
            text,
            segs: self.segs,
            starts: self.starts,
            ends: self.ends,
        }
    }
}

/// The normalised views of one text; see [`Normalizer`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    plain: View,
    leet: Vec<View>,
    truncated: bool,
}

impl Normalized {
    /// The plain view.
    pub fn plain(&self) -> &View {
        &self.plain
    }

    /// The leet views: none when no word needed leet folding, one with
    /// `1→i`, and a second with `1→l` when a folded word had a `1`.
    pub fn leet(&self) -> &[View] {
        &self.leet
    }

    /// Every view: the plain one first, then the leet ones.
    pub fn views(&self) -> impl Iterator<Item = &View> + '_ {
        std::iter::once(&self.plain).chain(self.leet.iter())
    }

    /// Whether the input was longer than the normaliser's `max_bytes`.
    pub fn truncated(&self) -> bool {
        self.truncated
    }
}

/// The plain view of a text and the leet views of the excerpts around
/// the words leet folding changes; see [`Normalizer::normalize_sparse`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sparse {
    plain: View,
    excerpts: Vec<Excerpt>,
    truncated: bool,
}

impl Sparse {
    /// The plain view of the whole text (as [`Normalized::plain`]).
    pub fn plain(&self) -> &View {
        &self.plain
    }

    /// The excerpts, in text order, not overlapping; none when no word
    /// needs leet folding (or leet views are off).
    pub fn excerpts(&self) -> &[Excerpt] {
        &self.excerpts
    }

    /// Whether the input was longer than the normaliser's `max_bytes`.
    pub fn truncated(&self) -> bool {
        self.truncated
    }
}

/// A part of a text and its leet views; see [`Normalizer::normalize_sparse`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Excerpt {
    range: Range<usize>,
    leet: Vec<View>,
}

impl Excerpt {
    /// The byte range of the original text the excerpt covers.
    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    /// Its leet views: `1→i`, then `1→l` when a folded word of the
    /// excerpt has a `1`. Their spans are into the whole original text.
    pub fn leet(&self) -> &[View] {
        &self.leet
    }
}

/// A folded character and the original byte span it came from.
#[derive(Clone, Copy, Default)]
struct FChar {
    c: char,
    start: u32,
    end: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Alpha,
    Digit,
    Sym,
    Sep,
    Break,
}

/// Whether an ASCII byte is a leet symbol: `$`, `@` and `!`, which a
/// [`Normalizer`] reads as letters (`s`, `a`, `i`) inside words in its leet
/// views and as separators elsewhere. Detectors that scan bytes ahead of
/// the normaliser cut runs the way it does with this.
///
/// ```
/// use baitwatch_text::is_leet_symbol;
/// assert!(is_leet_symbol(b'$') && is_leet_symbol(b'@') && is_leet_symbol(b'!'));
/// assert!(!is_leet_symbol(b'#') && !is_leet_symbol(b'a') && !is_leet_symbol(b'0'));
/// ```
pub const fn is_leet_symbol(b: u8) -> bool {
    matches!(b, b'$' | b'@' | b'!')
}

/// The class of an ASCII byte (of [`class`] and [`ASCII_CLASS`]).
const fn ascii_class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Alpha,
        b'0'..=b'9' => Class::Digit,
        b'\n' => Class::Break,
        _ if is_leet_symbol(b) => Class::Sym,
        _ => Class::Sep,
    }
}

fn class(c: char) -> Class {
    if c.is_ascii() {
        ascii_class(c as u8)
    } else if c == '€' {
        Class::Sym
    } else if c.is_alphabetic() {
        Class::Alpha
    } else if c.is_numeric() {
        Class::Digit
    } else {
        Class::Sep
    }
}

fn leet_char(c: char, one: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => one,
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '€' => 'e',
        _ => return None,
    })
}

/// Separators allowed between spaced single letters (`F R E E`, `f.r.e.e`).
fn spacing_sep(c: char) -> bool {
    matches!(
        c,
        ' ' | '.' | '-' | '_' | '*' | '\t' | '·' | '•' | '/' | '+'
    )
}

impl Normalizer {
    /// The default normaliser: leet views and spaced-letter joining on,
    /// camelCase splitting off, no length bound.
    pub fn new() -> Normalizer {
        Normalizer {
            camel_case: false,
            leet: true,
            join_spaced: true,
            max_bytes: usize::MAX,
        }
    }

    /// A builder to choose options.
    pub fn builder() -> NormalizerBuilder {
        NormalizerBuilder::default()
    }

    /// Normalises `text` into its views.
    pub fn normalize(&self, text: &str) -> Normalized {
        let (text, truncated) = self.bounded(text);
        let (plain, leet) = self.views(text, true);
        Normalized {
            plain,
            leet,
            truncated,
        }
    }

    /// `text` cut to `max_bytes` at a character boundary, and whether it was cut.
    fn bounded<'a>(&self, text: &'a str) -> (&'a str, bool) {
        let limit = self.max_bytes.min(u32::MAX as usize - 1);
        if text.len() <= limit {
            return (text, false);
        }
        let mut end = limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        (text.get(..end).unwrap_or(""), true)
    }

    /// Normalises `text` into its plain view and, instead of whole leet
    /// views, the leet views of [`Excerpt`]s: the parts of the text around
    /// the words leet folding changes. For a long text in which few words
    /// need folding (most prose: `utf8`, `i18n`, `@scope`), this costs
    /// little more than the plain view alone, where [`normalize`](Self::normalize)
    /// builds every leet view of the whole text.
    ///
    /// What the excerpts promise, for every leet view `L` that
    /// [`normalize`](Self::normalize) gives (the `1→i` one, and the `1→l`
    /// one when a folded word has a `1`):
    ///
    /// * the words of `L` (with the spaces between them, and every byte's
    ///   original span) that lie in an excerpt's byte range are exactly
    ///   that excerpt's view of `L` (its first leet view for `1→i`; its
    ///   second for `1→l`, or its first again when the excerpt has no
    ///   folded `1`);
    /// * every other word of `L` is a word of the plain view with the same
    ///   original spans, and so is every sequence of such words with the
    ///   spaces between them;
    /// * every word leet folding changes has at least `context_words`
    ///   words of `L` on each side of it within its excerpt, or its
    ///   excerpt reaches that end of the text.
    ///
    /// So a whole-word matcher of phrases of at most `context_words + 1`
    /// words finds in the plain view and the excerpts everything it would
    /// find in the whole views. Excerpts are in text order and do not
    /// overlap. With camelCase splitting on, or when the excerpts would
    /// cover half of the text, there is one excerpt: the whole text.
    ///
    /// ```
    /// use baitwatch_text::Normalizer;
    /// let mut text = "Plain words here.\n".repeat(20);
    /// text.push_str("Get fr33 r0bux now!\n");
    /// text.push_str(&"More plain words.\n".repeat(20));
    /// let n = Normalizer::new();
    /// let sparse = n.normalize_sparse(&text, 2);
    /// assert_eq!(sparse.plain(), n.normalize(&text).plain());
    /// let [excerpt] = sparse.excerpts() else { panic!("one excerpt") };
    /// assert!(excerpt.range().len() < text.len() / 4);
    /// assert!(excerpt.leet()[0].as_str().contains("get free robux now"));
    /// let whole = n.normalize(&text);
    /// assert!(whole.leet()[0].as_str().contains(excerpt.leet()[0].as_str()));
    /// ```
    pub fn normalize_sparse(&self, text: &str, context_words: usize) -> Sparse {
        let (text, truncated) = self.bounded(text);
        let mut runs = Vec::new();
        let (plain, needs_leet, _) = self.build_view(text, 0, None, true, Some(&mut runs));
        let mut excerpts = Vec::new();
        if self.leet && needs_leet {
            for (range, one) in self.excerpt_ranges(text, &runs, context_words) {
                let part = text.get(range.clone()).unwrap_or("");
                let mut leet = vec![self.build_view(part, range.start, Some('i'), true, None).0];
                if one {
                    leet.push(self.build_view(part, range.start, Some('l'), true, None).0);
                }
                excerpts.push(Excerpt { range, leet });
            }
        }
        Sparse {
            plain,
            excerpts,
            truncated,
        }
    }

    /// The byte ranges of the excerpts around `runs` (sorted original
    /// spans of the runs leet folding changes, each with whether it has a
    /// folded `1`), and whether each has a folded `1`.
    ///
    /// The text is cut into chunks at *safe boundaries*: just after an
    /// ASCII space or line feed that follows a word ending in two ASCII
    /// letters (and at most four separators). The builder's state is
    /// empty after such a word in every view (it is no single letter, so
    /// nothing before it ever joins what comes after), and lines are
    /// folded independently, so the views of the text are the views of
    /// its chunks joined by single spaces; every chunk holds at least one
    /// word in every view. An excerpt is the chunk of a run and
    /// `context` chunks on each side.
    fn excerpt_ranges(
        &self,
        text: &str,
        runs: &[(Range<u32>, bool)],
        context: usize,
    ) -> Vec<(Range<usize>, bool)> {
        let bytes = text.as_bytes();
        let whole = || vec![(0..bytes.len(), runs.iter().any(|r| r.1))];
        if self.camel_case {
            return whole();
        }
        let mut bounds: Vec<u32> = Vec::new();
        safe_cuts(bytes, &mut bounds);
        let at = |k: usize| -> usize {
            match k.checked_sub(1) {
                None => 0,
                Some(i) => bounds.get(i).map_or(bytes.len(), |&b| b as usize),
            }
        };
        let mut out: Vec<(Range<usize>, bool)> = Vec::new();
        let mut covered = 0usize;
        for (run, one) in runs {
            // Chunk k is [at(k), at(k + 1)); no boundary falls inside a run.
            let k = bounds.partition_point(|&b| b <= run.start);
            let range =
                at(k.saturating_sub(context))..at(k.saturating_add(context).saturating_add(1));
            match out.last_mut() {
                Some((last, o)) if range.start <= last.end => {
                    covered += range.end.saturating_sub(last.end);
                    last.end = last.end.max(range.end);
                    *o |= *one;
                }
                _ => {
                    covered += range.len();
                    out.push((range, *one));
                }
            }
        }
        if covered.saturating_mul(2) > bytes.len() {
            return whole();
        }
        out
    }

    /// Where `text` can be cut without changing its views: sorted byte
    /// offsets, each just after an ASCII space or line feed and never at
    /// either end, such that every view of `text` (plain and leet) is the
    /// same view of the pieces between consecutive cuts, joined by single
    /// spaces, with each piece's spans moved by its offset; every piece
    /// holds at least one word in every view. A cut is placed after a
    /// word ending in two ASCII letters (and at most four separators):
    /// nothing before such a word joins what comes after it. So a
    /// whole-word matcher finds in a run of consecutive pieces exactly
    /// what it finds in the text's views within that run.
    ///
    /// Empty with camelCase splitting on; `text` is taken as
    /// [`normalize`](Self::normalize) takes it (cut to `max_bytes`).
    ///
    /// ```
    /// use baitwatch_text::Normalizer;
    /// let n = Normalizer::new();
    /// let text = "Get free robux. The a b c end";
    /// let cuts = n.cut_points(text);
    /// assert!(!cuts.is_empty());
    /// let mut joined = Vec::new();
    /// let mut at = 0;
    /// for &c in cuts.iter().chain([text.len()].iter()) {
    ///     joined.push(n.normalize(&text[at..c]).plain().as_str().to_owned());
    ///     at = c;
    /// }
    /// assert_eq!(joined.join(" "), n.normalize(text).plain().as_str());
    /// ```
    pub fn cut_points(&self, text: &str) -> Vec<usize> {
        let mut cuts = Vec::new();
        if self.camel_case {
            return cuts;
        }
        let (text, _) = self.bounded(text);
        safe_cuts(text.as_bytes(), &mut cuts);
        cuts
    }

    /// All views of `text`; `fast`: read ASCII lines directly (the fast
    /// path), else fold every line.
    fn views(&self, text: &str, fast: bool) -> (View, Vec<View>) {
        let (plain, needs_leet, has_one) = self.build_view(text, 0, None, fast, None);
        let mut leet = Vec::new();
        if self.leet && needs_leet {
            leet.push(self.build_view(text, 0, Some('i'), fast, None).0);
            if has_one {
                leet.push(self.build_view(text, 0, Some('l'), fast, None).0);
            }
        }
        (plain, leet)
    }

    /// One view, line by line: lines never share a word or a run of
    /// spaced letters, so an ASCII line is read directly and only other
    /// lines pay for Unicode folding.
    /// `text` starts at original offset `base`; `leet_runs`: record the
    /// runs leet folding changes there.
    fn build_view(
        &self,
        text: &str,
        base: usize,
        leet: Option<char>,
        fast: bool,
        leet_runs: Option<&mut Vec<(Range<u32>, bool)>>,
    ) -> (View, bool, bool) {
        let mut view = Builder {
            buf: Vec::with_capacity(text.len()),
            segs: Vec::with_capacity(text.len() / 6),
            // A table entry for (at least) every space between words.
            starts: Vec::with_capacity(text.len() / 4),
            ends: Vec::with_capacity(text.len() / 4),
            join: self.join_spaced,
            ..Builder::default()
        };
        let mut work = Scratch {
            leet_runs: leet_runs.as_ref().map(|_| Vec::new()),
            ..Scratch::default()
        };
        let mut flags = (false, false);
        let mut folded = Vec::new();
        let mut segments = Vec::new();
        let mut base = base;
        for line in text.split_inclusive('\n') {
            if !fast || self.camel_case {
                folded.clear();
                self.fold(line, base, &mut folded);
                self.pass2(folded.as_slice(), &mut view, leet, &mut flags, &mut work);
            } else {
                // Runs of space-separated ASCII words are read directly;
                // only the other words pay for Unicode folding.
                ascii_segments(line.as_bytes(), &mut segments);
                for (range, ascii) in segments.iter().cloned() {
                    let Some(seg) = line.get(range.clone()) else {
                        continue;
                    };
                    if ascii {
                        let src = Ascii {
                            text: seg,
                            base: (base + range.start) as u32,
                        };
                        self.pass2(&src, &mut view, leet, &mut flags, &mut work);
                    } else {
                        folded.clear();
                        self.fold(seg, base + range.start, &mut folded);
                        self.pass2(folded.as_slice(), &mut view, leet, &mut flags, &mut work);
                    }
                }
            }
            base += line.len();
        }
        if let (Some(out), Some(runs)) = (leet_runs, work.leet_runs) {
            *out = runs;
        }
        (view.finish(), flags.0, flags.1)
    }

    /// Pass 1: case, NFKC, confusables, invisible characters.
    fn fold(&self, text: &str, base: usize, out: &mut Vec<FChar>) {
        out.reserve(text.len());
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut prev_lower = false;
        let mut prev_upper = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let at = (base + i) as u32;
                if self.camel_case {
                    let up = b.is_ascii_uppercase();
                    let next_lower = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
                    if up && (prev_lower || (prev_upper && next_lower)) {
                        out.push(FChar {
                            c: ' ',
                            start: at,
                            end: at,
                        });
                    }
                    prev_lower = b.is_ascii_lowercase();
                    prev_upper = up;
                }
                let c = match b {
                    b'\n' => '\n',
                    0..=0x1f | 0x7f => ' ',
                    _ => b.to_ascii_lowercase() as char,
                };
                out.push(FChar {
                    c,
                    start: at,
                    end: at + 1,
                });
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else {
                break;
            };
            let start = (base + i) as u32;
            let end = (base + i + c.len_utf8()) as u32;
            i += c.len_utf8();
            if is_invisible(c)
                || GeneralSecurityProfile::identifier_type(c)
                    == Some(IdentifierType::Default_Ignorable)
            {
                continue;
            }
            if self.camel_case {
                let up = c.is_uppercase();
                if up && prev_lower {
                    out.push(FChar {
                        c: ' ',
                        start,
                        end: start,
                    });
                }
                prev_lower = c.is_lowercase();
                prev_upper = up;
            }
            if c.is_whitespace() || c.is_control() {
                let c = if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                    '\n'
                } else {
                    ' '
                };
                out.push(FChar { c, start, end });
                continue;
            }
            fold_char(c, &mut |f| out.push(FChar { c: f, start, end }));
        }
    }

    /// Pass 2: words, leet folding, spaced letters, appended to `view`.
    /// Sets `flags.0` when a word wants leet folding and `flags.1` when a
    /// leet-folded word had a `1`.
    fn pass2<S: Source + ?Sized>(
        &self,
        f: &S,
        view: &mut Builder,
        leet: Option<char>,
        flags: &mut (bool, bool),
        work: &mut Scratch,
    ) {
        let n = f.len();
        let (mut needs_leet, mut has_one) = *flags;
        // Pending run of spaced single letters: indexes into `f`.
        let Scratch {
            singles,
            run: scratch,
            groups,
            leet_runs,
        } = work;
        singles.clear();
        let mut last_run_end = 0usize;
        let mut i = 0;
        while i < n {
            let cls = f.cls(i);
            if matches!(cls, Class::Sep | Class::Break) {
                i += 1;
                continue;
            }
            // A run of non-separators [i, j).
            let mut j = i;
            let mut all_alpha = true;
            while j < n {
                match f.cls(j) {
                    Class::Sep | Class::Break => break,
                    Class::Alpha => {}
                    _ => all_alpha = false,
                }
                j += 1;
            }
            if self.join_spaced {
                let single = j - i == 1 && cls == Class::Alpha;
                let gap = last_run_end..i;
                // Every gap of one run must look the same (`F R E E`, not `F R  E`).
                let same_as_first = match (singles.first(), singles.get(1)) {
                    (Some(&a), Some(&b)) => {
                        b - (a + 1) == gap.len()
                            && (a + 1..b).zip(gap.clone()).all(|(x, y)| f.ch(x) == f.ch(y))
                    }
                    _ => true,
                };
                let gap_ok = !singles.is_empty()
                    && !gap.is_empty()
                    && gap.len() <= 2
                    && same_as_first
                    && gap.clone().all(|x| spacing_sep(f.ch(x)));
                if single && (singles.is_empty() || gap_ok) {
                    singles.push(i);
                    last_run_end = j;
                    i = j;
                    continue;
                }
                if !singles.is_empty() {
                    flush_singles(view, f, singles);
                }
                if single {
                    singles.push(i);
                    last_run_end = j;
                    i = j;
                    continue;
                }
            }
            if all_alpha {
                // The common case: a plain word.
                view.push_space();
                f.push_word(view, i, j);
            } else {
                scratch.clear();
                scratch.extend((i..j).map(|k| f.at(k)));
                let (nl, one) = emit_run(view, scratch, leet, groups);
                if nl
                    && let (Some(runs), Some(first), Some(last)) =
                        (leet_runs.as_mut(), scratch.first(), scratch.last())
                {
                    runs.push((first.start..last.end, one));
                }
                needs_leet |= nl;
                has_one |= one;
            }
            last_run_end = j;
            i = j;
        }
        flush_singles(view, f, singles);
        *flags = (needs_leet, has_one);
    }
}

/// Pushes every safe cut of `bytes` (see [`Normalizer::cut_points`]):
/// just after a space or line feed, never at either end.
fn safe_cuts<T: TryFrom<usize>>(bytes: &[u8], out: &mut Vec<T>) {
    let mut from = 0;
    while let Some(p) = bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&c| c == b' ' || c == b'\n'))
    {
        let i = from + p;
        if i + 1 < bytes.len()
            && safe_boundary(bytes, i + 1)
            && let Ok(at) = T::try_from(i + 1)
        {
            out.push(at);
        }
        from = i + 1;
    }
}

/// Whether the text can be cut just before byte `at` without changing
/// its views; see [`Normalizer::excerpt_ranges`].
#[inline]
fn safe_boundary(bytes: &[u8], at: usize) -> bool {
    if !matches!(
        at.checked_sub(1).and_then(|i| bytes.get(i)),
        Some(b' ' | b'\n')
    ) {
        return false;
    }
    // `j`: the first of the separators before `at`.
    let mut j = at - 1;
    for _ in 0..4 {
        match j.checked_sub(1).and_then(|i| bytes.get(i)) {
            Some(&c) if matches!(ASCII_CLASS.get(c as usize), Some(Class::Sep | Class::Break)) => {
                j -= 1
            }
            _ => break,
        }
    }
    j >= 2
        && bytes.get(j - 1).is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(j - 2).is_some_and(u8::is_ascii_alphabetic)
}

/// Splits a line into maximal runs of space-separated words that are all
/// ASCII or all not; every cut is just after a space, so on a character
/// boundary.
fn ascii_segments(line: &[u8], out: &mut Vec<(Range<usize>, bool)>) {
    out.clear();
    let mut k = 0;
    while k < line.len() {
        let rest = line.get(k..).unwrap_or(&[]);
        let word = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        let ascii = rest.get(..word).is_some_and(<[u8]>::is_ascii);
        let mut e = k + word;
        while line.get(e) == Some(&b' ') {
            e += 1;
        }
        match out.last_mut() {
            Some((r, a)) if *a == ascii => r.end = e,
            _ => out.push((k..e, ascii)),
        }
        k = e;
    }
}

/// Where pass 2 reads folded characters from: the folded array, or
/// (the fast path) ASCII input read directly.
trait Source {
    fn len(&self) -> usize;
    /// The class of the folded character at `i < len`.
    #[inline]
    fn cls(&self, i: usize) -> Class {
        class(self.ch(i))
    }
    /// The folded character at `i < len`.
    fn ch(&self, i: usize) -> char;
    /// The folded character at `i < len` with its original span.
    fn at(&self, i: usize) -> FChar;
    /// Pushes the all-letter run `[i, j)`.
    fn push_word(&self, view: &mut Builder, i: usize, j: usize);
}

impl Source for [FChar] {
    fn len(&self) -> usize {
        <[FChar]>::len(self)
    }
    #[inline]
    fn ch(&self, i: usize) -> char {
        self.get(i).map_or(' ', |x| x.c)
    }
    #[inline]
    fn at(&self, i: usize) -> FChar {
        self.get(i).copied().unwrap_or(FChar {
            c: ' ',
            start: 0,
            end: 0,
        })
    }
    fn push_word(&self, view: &mut Builder, i: usize, j: usize) {
        for x in self.get(i..j).unwrap_or(&[]) {
            view.push(x.c, x.start, x.end);
        }
    }
}

/// ASCII input without camelCase splitting: folding is lower-casing and
/// controls to spaces, one byte for one byte.
struct Ascii<'a> {
    text: &'a str,
    /// Offset of `bytes` in the original text.
    base: u32,
}

#[inline]
fn fold_ascii(b: u8) -> char {
    match b {
        b'\n' => '\n',
        0..=0x1f | 0x7f => ' ',
        _ => b.to_ascii_lowercase() as char,
    }
}

/// Classes of the ASCII bytes.
static ASCII_CLASS: [Class; 128] = {
    let mut t = [Class::Sep; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = ascii_class(b as u8);
        b += 1;
    }
    t
};

impl Source for Ascii<'_> {
    fn len(&self) -> usize {
        self.text.len()
    }
    #[inline]
    fn cls(&self, i: usize) -> Class {
        self.text
            .as_bytes()
            .get(i)
            .and_then(|&b| ASCII_CLASS.get(b as usize))
            .copied()
            .unwrap_or(Class::Sep)
    }
    #[inline]
    fn ch(&self, i: usize) -> char {
        self.text.as_bytes().get(i).map_or(' ', |&b| fold_ascii(b))
    }
    #[inline]
    fn at(&self, i: usize) -> FChar {
        let at = self.base + i as u32;
        FChar {
            c: self.ch(i),
            start: at,
            end: at + 1,
        }
    }
    fn push_word(&self, view: &mut Builder, i: usize, j: usize) {
        if let Some(word) = self.text.get(i..j) {
            view.push_linear(word.as_bytes(), self.base + i as u32);
        }
    }
}

fn flush_singles<S: Source + ?Sized>(view: &mut Builder, f: &S, singles: &mut Vec<usize>) {
    if singles.len() >= 3 {
        view.push_space();
        for &k in singles.iter() {
            let x = f.at(k);
            view.push(x.c, x.start, x.end);
        }
    } else {
        for &k in singles.iter() {
            view.push_space();
            let x = f.at(k);
            view.push(x.c, x.start, x.end);
        }
    }
    singles.clear();
}

/// A group of characters of one class in a run: the class, the range of
/// the run it covers, and whether leet folding reads it as letters.
type Group = (Class, usize, usize, bool);

/// Emits one run of letters, digits and leet symbols as words. Returns
/// whether the run wants leet folding and whether that folding met a `1`.
fn emit_run(
    view: &mut Builder,
    run: &[FChar],
    leet: Option<char>,
    groups: &mut Vec<Group>,
) -> (bool, bool) {
    // Groups of one class within the run, none foldable yet.
    groups.clear();
    for (k, x) in run.iter().enumerate() {
        let c = class(x.c);
        match groups.last_mut() {
            Some(g) if g.0 == c => g.2 = k + 1,
            _ => groups.push((c, k, k + 1, false)),
        }
    }
    let groups = &mut groups[..];
    let has_alpha = groups.iter().any(|g| g.0 == Class::Alpha);
    let mut any = false;
    let mut one = false;
    if has_alpha && groups.len() > 1 {
        for gi in 0..groups.len() {
            let g = groups[gi];
            if g.0 == Class::Alpha {
                continue;
            }
            let chars = &run[g.1..g.2];
            if !chars.iter().all(|x| leet_char(x.c, 'i').is_some()) {
                continue;
            }
            let before = gi > 0 && groups[gi - 1].0 == Class::Alpha;
            let after = groups.get(gi + 1).is_some_and(|n| n.0 == Class::Alpha);
            let len = g.2 - g.1;
            if (before && after) || ((before || after) && len <= 2) {
                groups[gi].3 = true;
                any = true;
                one |= chars.iter().any(|x| x.c == '1');
            }
        }
    }
    let Some(one_as) = leet.filter(|_| any) else {
        // Plain: every group is its own word; symbols separate.
        for g in groups.iter() {
            if g.0 == Class::Sym {
                continue;
            }
            view.push_space();
            for x in &run[g.1..g.2] {
                view.push(x.c, x.start, x.end);
            }
        }
        return (any, one);
    };
    let mut in_word = false;
    for g in groups.iter() {
        let letters = g.0 == Class::Alpha || g.3;
        if !letters {
            in_word = false;
            if g.0 == Class::Sym {
                continue;
            }
            view.push_space();
            for x in &run[g.1..g.2] {
                view.push(x.c, x.start, x.end);
            }
            continue;
        }
        if !in_word {
            view.push_space();
            in_word = true;
        }
        for x in &run[g.1..g.2] {
            let c = if g.0 == Class::Alpha {
                x.c
            } else {
                leet_char(x.c, one_as).unwrap_or(x.c)
            };
            view.push(c, x.start, x.end);
        }
    }
    (any, one)
}

/// Folds one non-ASCII character: compatibility decomposition (NFKD, so
/// fullwidth and styled letters become plain ones), diacritics dropped,
/// look-alikes from other scripts mapped to Latin, lower case.
fn fold_char(c: char, emit: &mut dyn FnMut(char)) {
    let mut base = [char::MAX; 8];
    let mut n = 0;
    decompose_compatible(c, |d| {
        if !is_combining_mark(d) && n < base.len() {
            base[n] = d;
            n += 1;
        }
    });
    for &d in &base[..n] {
        if d.is_ascii() {
            emit(d.to_ascii_lowercase());
            continue;
        }
        match d {
            'ß' | 'ẞ' => {
                emit('s');
                emit('s');
                continue;
            }
            'ı' => {
                emit('i');
                continue;
            }
            'đ' | 'Đ' => {
                emit('d');
                continue;
            }
            'ø' | 'Ø' => {
                emit('o');
                continue;
            }
            'ł' | 'Ł' => {
                emit('l');
                continue;
            }
            _ => {}
        }
        // Case-independent: the lower-case letter, or failing that its
        // upper-case form, decides the Latin look-alike (Cyrillic `к` and
        // `К` both become `k`).
        let mut lower = d.to_lowercase();
        let l = match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => {
                for l in d.to_lowercase() {
                    emit(l);
                }
                continue;
            }
        };
        let upper = {
            let mut u = l.to_uppercase();
            match (u.next(), u.next()) {
                (Some(u), None) => u,
                _ => l,
            }
        };
        if !(latin_skeleton(l, emit) || (upper != l && latin_skeleton(upper, emit))) {
            emit(l);
        }
    }
}

/// Emits the lower-case ASCII skeleton of `c` and returns true, when the
/// UTS #39 skeleton of `c` is one to four ASCII letters or digits.
fn latin_skeleton(c: char, emit: &mut dyn FnMut(char)) -> bool {
    let mut sk = [char::MAX; 4];
    let mut m = 0;
    let mut buf = [0u8; 4];
    for s in unicode_security::skeleton(c.encode_utf8(&mut buf)) {
        if is_combining_mark(s) {
            continue;
        }
        if m >= sk.len() || !s.is_ascii_alphanumeric() {
            return false;
        }
        sk[m] = s;
        m += 1;
    }
    if m == 0 {
        return false;
    }
    for &s in &sk[..m] {
        emit(s.to_ascii_lowercase());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        Normalizer::new().normalize(s).plain().as_str().to_owned()
    }

    fn leet(s: &str) -> Vec<String> {
        Normalizer::new()
            .normalize(s)
            .leet()
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect()
    }

    #[test]
    fn plain_views() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("   ", ""),
            ("Free  Robux!!", "free robux"),
            ("free_robux-generator.2024", "free robux generator 2024"),
            ("robux2024", "robux 2024"),
            ("ＦＲＥＥ ｒｏｂｕｘ", "free robux"),
            ("fr\u{200B}ee", "free"),
            ("F R E E robux", "free robux"),
            ("f.r.e.e robux", "free robux"),
            ("F R E E  R O B U X", "free robux"),
            ("f r e e, r o b u x", "free robux"),
            ("w-a-t-c-h-65-online", "watch 65 online"),
            ("a b", "a b"),
            ("rоbux", "robux"), // Cyrillic o
            ("ROBUX", "robux"),
            ("КРЯК", "kpяk"),
            ("кряк", "kpяk"),
            ("Crème brûlée", "creme brulee"),
            ("miễn phí", "mien phi"),
            ("ücretsiz", "ucretsiz"),
            ("Straße", "strasse"),
            ("𝐟𝐫𝐞𝐞", "free"),
            ("ⓕⓡⓔⓔ", "free"),
            ("line\none", "line one"),
            ("$100 and a@b", "100 and a b"),
        ];
        for (input, want) in cases {
            assert_eq!(plain(input), *want, "{input:?}");
        }
    }

    #[test]
    fn leet_views() {
        let cases: &[(&str, &[&str])] = &[
            ("fr33 r0bux", &["free robux"]),
            ("h4ck 2024", &["hack 2024"]),
            ("ca$h app", &["cash app"]),
            ("fo11owers", &["foiiowers", "followers"]),
            ("robux2024", &[]),
            ("plain words only", &[]),
            ("v8 engine", &["vb engine"]),
            ("g!ft c@rd", &["gift card"]),
            ("fr€e spins", &["free spins"]),
            ("hello! world", &["helloi world"]),
        ];
        for (input, want) in cases {
            assert_eq!(leet(input), *want, "{input:?}");
        }
    }

    #[test]
    fn spans_map_back() {
        let text = "Get ＦＲＥＥ r\u{200B}0bux now";
        let n = Normalizer::new().normalize(text);
        let v = &n.leet()[0];
        let at = v.as_str().find("robux").unwrap();
        let span = v.original_span(at..at + 5).unwrap();
        assert_eq!(&text[span], "r\u{200B}0bux");
        let at = v.as_str().find("free").unwrap();
        assert_eq!(&text[v.original_span(at..at + 4).unwrap()], "ＦＲＥＥ");
        assert_eq!(v.original_span(3..3), None);
        let ascii = "Get  FREE--Robux\nnow";
        let n = Normalizer::new().normalize(ascii);
        let p = n.plain();
        assert_eq!(p.as_str(), "get free robux now");
        for (range, word) in p.words() {
            let span = p.original_span(range).unwrap();
            assert!(ascii[span].eq_ignore_ascii_case(word), "{word}");
        }
        assert_eq!(p.original_span(4..14), Some(5..16));
        assert_eq!(v.original_span(0..1000), None);
    }

    #[test]
    fn camel_case() {
        let n = Normalizer::builder().camel_case(true).build().unwrap();
        assert_eq!(
            n.normalize("freeRobuxGenerator2024").plain().as_str(),
            "free robux generator 2024"
        );
        assert_eq!(
            n.normalize("XMLHttpRequest").plain().as_str(),
            "xml http request"
        );
    }

    #[test]
    fn truncation() {
        let n = Normalizer::builder().max_bytes(3).build().unwrap();
        let out = n.normalize("aéb");
        assert!(out.truncated());
        assert_eq!(out.plain().as_str(), "ae");
        assert_eq!(
            Normalizer::builder().max_bytes(0).build(),
            Err(BuildError::ZeroMaxBytes)
        );
    }

    #[test]
    fn ascii_fast_path_agrees() {
        let n = Normalizer::new();
        for text in [
            "Fr33 R0bux -- g.e.n.e.r.a.t.o.r\n2024 ca$h a@b $100 F R  E E\tx\u{7f}y",
            "w-a-t-c-h-65-online fo11owers h4ck 2k23 v8",
            "",
            "   a b c d ",
            "Über F R E E rоbux — café h4ck\u{200B}s 2024 ＦＲＥＥ ok",
            "x\n ｆ ｒ ｅ ｅ \n w-a-t-c-h",
        ] {
            let fast = n.normalize(text);
            let (plain, leet) = n.views(text, false);
            assert_eq!(fast.plain(), &plain, "{text:?}");
            assert_eq!(fast.leet(), &leet[..], "{text:?}");
        }
    }

    #[test]
    fn single_letter_runs_are_joined_whatever_separates_them() {
        let cases: &[(&str, &str)] = &[
            // FINDINGS F1: "a-a a" read "a a a", which read "aaa" again.
            ("a-a a", "aaa"),
            ("a$b$c", "abc"),
            ("a\nb\nc", "abc"),
            ("F R  E E", "free"),
            ("x, y, z and w", "xyz and w"),
            ("a b c d", "abcd"),
            ("a b 1 c d", "a b 1 c d"),
            ("go a b", "go a b"),
            ("F R E E  a b", "free a b"),
            ("a b  c d  e f", "abcdef"),
            ("p-q r s", "pqrs"),
        ];
        for (input, want) in cases {
            assert_eq!(plain(input), *want, "{input:?}");
        }
        let off = Normalizer::builder()
            .join_spaced_letters(false)
            .build()
            .unwrap();
        assert_eq!(off.normalize("a-a a").plain().as_str(), "a a a");
    }

    #[test]
    fn joined_letters_map_back() {
        // Two letters joined by a dash, then a Cyrillic one (another
        // segment of the fast path) and an ASCII one.
        let text = "xy a-b \u{0440} c do";
        let n = Normalizer::new().normalize(text);
        let p = n.plain();
        assert_eq!(p.as_str(), "xy abpc do");
        let at = p.as_str().find("abpc").unwrap();
        for (k, want) in ["a", "b", "\u{0440}", "c"].iter().enumerate() {
            let span = p.original_span(at + k..at + k + 1).unwrap();
            assert_eq!(&text[span], *want);
        }
        assert_eq!(
            &text[p.original_span(at..at + 4).unwrap()],
            "a-b \u{0440} c"
        );
        let (slow, _) = Normalizer::new().views(text, false);
        assert_eq!(p, &slow);
    }

    /// Every view of every short string over an alphabet of letters,
    /// separators, digits, leet symbols and non-ASCII letters normalises
    /// to itself.
    #[test]
    fn views_are_fixed_points() {
        const ALPHABET: &[&str] = &["a", "B", " ", "-", "$", "1", "\n", "\u{44f}", "aB\u{e9}"];
        let normalizers = [
            Normalizer::new(),
            Normalizer::builder().camel_case(true).build().unwrap(),
            Normalizer::builder().leet(false).build().unwrap(),
            Normalizer::builder()
                .join_spaced_letters(false)
                .build()
                .unwrap(),
        ];
        let mut idx: Vec<usize> = Vec::new();
        loop {
            let text: String = idx.iter().map(|&i| ALPHABET[i]).collect();
            // Five pieces (three letters and two separators, the shortest
            // join) with the default options only, to keep the test quick.
            let options = if idx.len() == 5 { 1 } else { normalizers.len() };
            for n in normalizers.iter().take(options) {
                let views = n.normalize(&text);
                for view in views.views() {
                    let again = n.normalize(view.as_str());
                    assert_eq!(again.plain().as_str(), view.as_str(), "{text:?} {n:?}");
                    // Each letter of a word maps back to where it came from.
                    for (i, c) in view.as_str().char_indices().filter(|(_, c)| *c != ' ') {
                        let span = view.original_span(i..i + c.len_utf8()).unwrap();
                        let orig = text.get(span).unwrap();
                        assert!(!orig.is_empty(), "{text:?}");
                        if orig.len() == 1 && orig.bytes().all(|b| b.is_ascii_alphabetic()) {
                            assert!(orig.eq_ignore_ascii_case(&c.to_string()), "{text:?}");
                        }
                    }
                }
                let (plain, leet) = n.views(&text, false);
                assert_eq!(views.plain(), &plain, "{text:?} {n:?}");
                assert_eq!(views.leet(), &leet[..], "{text:?} {n:?}");
            }
            // The next string: count in base ALPHABET.len(), up to 5 digits.
            let mut k = 0;
            loop {
                if k == idx.len() {
                    if idx.len() == 5 {
                        return;
                    }
                    idx.push(0);
                    break;
                }
                idx[k] += 1;
                if idx[k] < ALPHABET.len() {
                    break;
                }
                idx[k] = 0;
                k += 1;
            }
        }
    }

    #[test]
    fn send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Normalizer>();
        check::<NormalizerBuilder>();
        check::<Normalized>();
        check::<View>();
        check::<BuildError>();
    }

    #[test]
    fn words() {
        let n = Normalizer::new().normalize("a-bc  d");
        let w: Vec<_> = n.plain().words().collect();
        assert_eq!(w, [(0..1, "a"), (2..4, "bc"), (5..6, "d")]);
    }
}
