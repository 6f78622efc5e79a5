//! The popular-name index and the squat checks.

use std::borrow::Cow;
use std::hash::Hasher;
use std::sync::OnceLock;

use baitwatch_metadata::{Ecosystem, split_npm_scope};
use baitwatch_text::name_tokens;

use crate::deletions::{self, DeletionTable, Stamp, Tables};
use crate::edit::{MAX_EDIT_CHARS, Op, is_bitflip, keyboard_neighbours, look_alike, osa_ops};
use crate::fold::{Forms, MAX_NAME_BYTES, is_latin_lookalike};
use crate::strmap::StrMap;
use crate::{BuildError, Squat, Technique, data};
use baitwatch_text::fxhash::{FxHasher, hash_bytes};

/// Shortest popular key (separators removed) that single edits are checked
/// against: shorter names have too many innocent neighbours.
const MIN_EDIT_TARGET: usize = 5;
/// Shortest key for which two edits are allowed.
const MIN_TWO_EDITS: usize = 8;
/// Popular names up to this rank also index their two-deletion
/// neighbourhood, so that two substitutions or omissions are found for
/// them; squatters aim at the most popular names, and this keeps the index
/// small.
const TWO_DELETION_RANKS: usize = 15_000;
/// Longest key indexed with two deletions (the neighbourhood grows with the
/// square of the length).
const MAX_TWO_DELETION_KEY: usize = 16;
/// Most popular entries one deletion key may point to; bounds the
/// verification work per name whatever list a user loads.
const MAX_POSTINGS: usize = 32;
/// Popular names up to this rank are reported when they appear whole
/// inside a longer name.
const COMBO_RANKS: usize = 15_000;
/// Most squats reported for one name.
const MAX_SQUATS: usize = 3;

/// One popular package: a name and what is known about it.
///
/// ```
/// use baitwatch_typosquat::PopularPackage;
/// let p = PopularPackage::new("requests").with_downloads(900_000_000).with_authors(["psf"]);
/// assert_eq!(p.name, "requests");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PopularPackage {
    /// The name as the registry spells it.
    pub name: String,
    /// Downloads over some fixed period, when known. When a list gives
    /// counts, it is ranked by them (most first).
    pub downloads: Option<u64>,
    /// Accounts or author names of the package; a checked package sharing
    /// one is not called a squat of it.
    pub authors: Vec<String>,
}

impl PopularPackage {
    /// A package known only by name.
    pub fn new(name: impl Into<String>) -> PopularPackage {
        PopularPackage {
            name: name.into(),
            downloads: None,
            authors: Vec::new(),
        }
    }

    /// Sets the download count.
    pub fn with_downloads(mut self, downloads: u64) -> PopularPackage {
        self.downloads = Some(downloads);
        self
    }

    /// Sets the authors.
    pub fn with_authors<I, S>(mut self, authors: I) -> PopularPackage
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.authors = authors.into_iter().map(Into::into).collect();
        self
    }
}

#[derive(Debug)]
struct Entry {
    name: Box<str>,
    forms: Forms,
    /// Chars of `forms.key`.
    key_chars: Box<[char]>,
    /// Which characters occur in the key (see [`char_mask`]).
    mask: u64,
    downloads: Option<u64>,
    authors: Box<[String]>,
}

impl Entry {
    fn new(name: String, forms: Forms, downloads: Option<u64>, authors: Vec<String>) -> Entry {
        let mut key_chars = Vec::with_capacity(forms.key.len());
        key_chars.extend(forms.key.chars());
        let key_chars = key_chars.into_boxed_slice();
        Entry {
            name: name.into(),
            forms,
            mask: char_mask(key_chars.iter().copied()),
            key_chars,
            downloads,
            authors: authors.into(),
        }
    }
}

/// Entries of an embedded list made at a time.
const ENTRY_CHUNK: usize = 64;

/// The popular entries, by id.
#[derive(Debug)]
enum Entries {
    /// Made with the index (lists of your own).
    Made(Vec<Entry>),
    /// Made on first use, [`ENTRY_CHUNK`] at a time, from the names of an
    /// embedded list: a check looks at a handful of entries, and making
    /// all of them (five allocations each) was most of the cost of loading
    /// the list.
    Lazy {
        ecosystem: Ecosystem,
        /// The name of each entry.
        names: Vec<&'static str>,
        chunks: Box<[OnceLock<Box<[Entry]>>]>,
    },
}

impl Entries {
    /// Entries made on first use from `names`, which must be distinct and
    /// non-empty in registry normal form.
    fn lazy(ecosystem: Ecosystem, names: Vec<&'static str>) -> Entries {
        let chunks = names.len().div_ceil(ENTRY_CHUNK);
        Entries::Lazy {
            ecosystem,
            names,
            chunks: (0..chunks).map(|_| OnceLock::new()).collect(),
        }
    }

    fn get(&self, id: usize) -> Option<&Entry> {
        match self {
            Entries::Made(v) => v.get(id),
            Entries::Lazy {
                ecosystem,
                names,
                chunks,
            } => {
                let chunk = chunks.get(id / ENTRY_CHUNK)?.get_or_init(|| {
                    let first = id / ENTRY_CHUNK * ENTRY_CHUNK;
                    let names = names.get(first..).unwrap_or_default();
                    names
                        .iter()
                        .take(ENTRY_CHUNK)
                        .map(|&n| Entry::new(n.into(), Forms::new(ecosystem, n), None, Vec::new()))
                        .collect()
                });
                chunk.get(id % ENTRY_CHUNK)
            }
        }
    }

    fn len(&self) -> usize {
        match self {
            Entries::Made(v) => v.len(),
            Entries::Lazy { names, .. } => names.len(),
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The heap memory of the entries made so far, in bytes.
    fn heap_bytes(&self) -> usize {
        fn of(e: &Entry) -> usize {
            std::mem::size_of::<Entry>()
                + e.name.len()
                + e.forms.norm.capacity()
                + e.forms.vis.capacity()
                + e.forms.key.capacity()
                + e.key_chars.len() * 4
                + e.authors.iter().map(|a| a.capacity() + 24).sum::<usize>()
        }
        match self {
            Entries::Made(v) => {
                v.iter().map(of).sum::<usize>()
                    + (v.capacity() - v.len()) * std::mem::size_of::<Entry>()
            }
            Entries::Lazy { names, chunks, .. } => {
                names.capacity() * std::mem::size_of::<&str>()
                    + chunks.len() * std::mem::size_of::<OnceLock<Box<[Entry]>>>()
                    + chunks
                        .iter()
                        .filter_map(OnceLock::get)
                        .flat_map(|c| c.iter())
                        .map(of)
                        .sum::<usize>()
            }
        }
    }
}

/// The registry normal form, visual form and key of each entry, one
/// after another in one string, kept while an index is built.
#[derive(Default)]
struct FormsList {
    text: String,
    /// Where each entry's normal form, visual form and key end in `text`.
    ends: Vec<[usize; 3]>,
}

impl FormsList {
    fn with_capacity(n: usize, bytes: usize) -> FormsList {
        FormsList {
            text: String::with_capacity(3 * bytes),
            ends: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, forms: &Forms) {
        let mut ends = [0; 3];
        for (end, s) in ends.iter_mut().zip([&forms.norm, &forms.vis, &forms.key]) {
            self.text.push_str(s);
            *end = self.text.len();
        }
        self.ends.push(ends);
    }

    /// (entry id, normal form, visual form, key) of each entry.
    fn iter(&self) -> impl Iterator<Item = (u32, &str, &str, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|e| e[2]));
        (0u32..)
            .zip(starts.zip(&self.ends))
            .map(|(id, (a, &[b, c, d]))| {
                let part = |x: usize, y: usize| self.text.get(x..y).unwrap_or_default();
                (id, part(a, b), part(b, c), part(c, d))
            })
    }

    /// A hash of the keys, in entry order.
    fn keys_hash(&self) -> u64 {
        let mut h = FxHasher::default();
        for (_, _, _, key) in self.iter() {
            h.write(key.as_bytes());
        }
        h.finish()
    }
}

/// An index of one registry's popular names, answering "which popular
/// name does this name imitate, and how?" in time that does not grow with
/// the list.
///
/// Exact look-ups in hash tables catch look-alike, separator, affix,
/// version-suffix, word-order and scope squats. A deletion neighbourhood
/// (SymSpell-style) catches one and two character edits: every popular key
/// is stored with up to one character deleted (up to two for keys of 8 to
/// 16 characters), a checked name's own variants with up to one (then
/// two) characters deleted are looked up, and each hit is verified with a
/// bounded edit distance. Deletion keys are 32-bit fingerprints grouped by
/// (length, first byte) and bucketed by their top bits, so a look-up reads
/// about two cache lines and the cost per name does not grow with the
/// list.
///
/// An embedded list is loaded on first use ([`PopularIndex::embedded`]):
/// its names are normalised into the exact-match tables, and its deletion
/// tables, generated at development time into `data/index-*.bin`, are
/// read in place; the entries and the per-region look-up tables are made
/// as names are checked. In a fresh process on the development machine (2
/// cores shared with other work), loading took a median of 11 to 16 ms
/// for npm and PyPI and 2.5 to 4 ms for NuGet over several sessions (94
/// to 179 ms and 23 to 31 ms when the tables were built at load, measured
/// alongside), with 2.6 to 3.2 MiB of heap (0.7 for NuGet) that grows to
/// 10 to 12.5 MiB once every popular name has been checked against. An
/// index of your own list is built when you call
/// [`PopularIndexBuilder::build`]: about 0.1 to 0.15 s and 9 to 11 MiB for
/// a list the size of npm's or PyPI's, half the time and two thirds of the
/// memory with [`PopularIndexBuilder::one_edit_only`].
///
/// ```
/// use baitwatch_metadata::Ecosystem;
/// use baitwatch_typosquat::{PopularIndex, Technique};
///
/// let index = PopularIndex::builder()
///     .ecosystem(Ecosystem::PyPI)
///     .names(["requests", "numpy", "python-dateutil"])
///     .build()?;
/// let squats = index.check("reqeusts");
/// assert_eq!(squats[0].target, "requests");
/// assert_eq!(squats[0].technique, Technique::SwappedChars);
/// assert_eq!(index.check("dateutil-python")[0].technique, Technique::WordOrder);
/// assert!(index.check("requests").is_empty()); // popular itself
/// assert!(index.check("Requests").is_empty()); // PEP 503: same package
/// # Ok::<(), baitwatch_typosquat::BuildError>(())
/// ```
#[derive(Debug)]
pub struct PopularIndex {
    ecosystem: Ecosystem,
    entries: Entries,
    by_norm: StrMap,
    by_vis: StrMap,
    by_key: StrMap,
    by_tokens: StrMap,
    /// npm: bare name of a scoped popular package → its entry.
    by_bare: StrMap,
    /// npm: `@scope/name` folded to `namescope` and `scopename` → entry.
    by_scope_flat: StrMap,
    /// The deletion keys and the entries they lead to.
    deletions: DeletionTable,
    ratio: f64,
    two_edits: bool,
}

/// Builds a [`PopularIndex`] from a list of popular names.
///
/// The list order is the popularity order (first = most popular) unless
/// download counts are given, in which case entries with counts are ranked
/// by them, most first, ahead of those without.
#[derive(Clone, Debug, Default)]
pub struct PopularIndexBuilder {
    ecosystem: Option<Ecosystem>,
    defaults: bool,
    packages: Vec<PopularPackage>,
    ratio: Option<f64>,
    one_edit_only: bool,
}

impl PopularIndexBuilder {
    /// The registry the names belong to (required).
    pub fn ecosystem(&mut self, ecosystem: Ecosystem) -> &mut Self {
        self.ecosystem = Some(ecosystem);
        self
    }

    /// Start from the embedded list for the registry and add to it
    /// (default: `false`, the index holds only the names given).
    pub fn with_defaults(&mut self, yes: bool) -> &mut Self {
        self.defaults = yes;
        self
    }

    /// Adds names, in popularity order.
    pub fn names<I, S>(&mut self, names: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.packages
            .extend(names.into_iter().map(|n| PopularPackage::new(n)));
        self
    }

    /// Adds packages with what is known about them.
    pub fn packages<I: IntoIterator<Item = PopularPackage>>(&mut self, packages: I) -> &mut Self {
        self.packages.extend(packages);
        self
    }

    /// How many times more downloads a popular target must have than a
    /// checked name that is itself in the list (with a count) before the
    /// name may be called a squat of it. Default 100. Names in the list
    /// without a count are never called squats.
    pub fn popularity_ratio(&mut self, ratio: f64) -> &mut Self {
        self.ratio = Some(ratio);
        self
    }

    /// Look for single edits only, not pairs of edits (default: `false`).
    /// About twice as fast and a third of the memory, at some recall:
    /// two-edit squats (`colaroma`) are then missed.
    pub fn one_edit_only(&mut self, yes: bool) -> &mut Self {
        self.one_edit_only = yes;
        self
    }

    /// Builds the index. Duplicate names (same registry normal form) keep
    /// their first, most popular, occurrence.
    pub fn build(&self) -> Result<PopularIndex, BuildError> {
        let ecosystem = self.ecosystem.clone().ok_or(BuildError::MissingEcosystem)?;
        let ratio = self.ratio.unwrap_or(100.0);
        if !ratio.is_finite() || ratio < 1.0 {
            return Err(BuildError::InvalidRatio { ratio });
        }
        for (position, p) in self.packages.iter().enumerate() {
            if p.name.trim().is_empty() {
                return Err(BuildError::EmptyName { position });
            }
            if p.name.len() > MAX_NAME_BYTES {
                return Err(BuildError::NameTooLong {
                    position,
                    limit: MAX_NAME_BYTES,
                });
            }
        }
        let mut list: Vec<PopularPackage> = Vec::new();
        if self.defaults
            && let Some(text) = data::popular_text(&ecosystem)
        {
            list.extend(data::lines(text).map(PopularPackage::new));
        }
        let mut own = self.packages.clone();
        if own.iter().any(|p| p.downloads.is_some()) {
            own.sort_by_key(|p| std::cmp::Reverse(p.downloads.map_or(0, |d| d.saturating_add(1))));
        }
        list.extend(own);
        Ok(PopularIndex::from_list(
            ecosystem,
            list,
            ratio,
            !self.one_edit_only,
        ))
    }
}

static EMBEDDED: [OnceLock<PopularIndex>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

impl PopularIndex {
    /// A builder for an index of your own names.
    pub fn builder() -> PopularIndexBuilder {
        PopularIndexBuilder::default()
    }

    /// The embedded index for npm (top 10,000 by downloads), PyPI (top
    /// 15,000 by downloads) or NuGet (2,614 names), loaded on first use
    /// (11 to 16 ms, see [`PopularIndex`]) and shared; `None` for other
    /// registries.
    ///
    /// ```
    /// use baitwatch_metadata::Ecosystem;
    /// use baitwatch_typosquat::PopularIndex;
    /// let npm = PopularIndex::embedded(&Ecosystem::Npm).unwrap();
    /// assert!(npm.rank("lodash").is_some_and(|r| r <= 1_000));
    /// ```
    pub fn embedded(ecosystem: &Ecosystem) -> Option<&'static PopularIndex> {
        let slot = match ecosystem {
            Ecosystem::Npm => 0,
            Ecosystem::PyPI => 1,
            Ecosystem::NuGet => 2,
            _ => return None,
        };
        let text = data::popular_text(ecosystem)?;
        let cell = EMBEDDED.get(slot)?;
        Some(cell.get_or_init(|| {
            PopularIndex::load_embedded(ecosystem, text, data::prebuilt_tables(ecosystem)).0
        }))
    }

    /// The index of an embedded list `text`, its deletion tables read from
    /// `tables` if they were built from this list, else built; and whether
    /// they were read.
    pub(crate) fn load_embedded(
        ecosystem: &Ecosystem,
        text: &'static str,
        tables: Option<&'static [u8]>,
    ) -> (PopularIndex, bool) {
        let (mut index, forms) = PopularIndex::of_embedded_list(ecosystem.clone(), text);
        let stamp = index.stamp(text, &forms);
        let table = tables.and_then(|bytes| {
            DeletionTable::open(Cow::Borrowed(bytes), Some(&stamp), REGIONS, MAX_POSTINGS)
        });
        let loaded = table.is_some();
        match table {
            Some(table) => index.deletions = table,
            None => index.build_deletions(&forms),
        }
        (index, loaded)
    }

    /// The prebuilt deletion tables of the embedded list of `ecosystem`
    /// (the contents of `data/index-<registry>.bin`), built from the list;
    /// `None` for registries without an embedded list. For the generator
    /// (`cargo run -p baitwatch-typosquat --example build_index`) and its
    /// test; not part of the stable API.
    #[doc(hidden)]
    pub fn embedded_tables_file(ecosystem: &Ecosystem) -> Option<(&'static str, Vec<u8>)> {
        let file = data::prebuilt_file_name(ecosystem)?;
        let text = data::popular_text(ecosystem)?;
        let (index, forms) = PopularIndex::of_embedded_list(ecosystem.clone(), text);
        let bytes = deletions::encode(&index.stamp(text, &forms), &index.tables_from(&forms))?;
        Some((file, bytes))
    }

    /// The entries and exact-match maps of an embedded list (ratio 100, two
    /// edits), without deletion tables; and the forms of its entries.
    fn of_embedded_list(ecosystem: Ecosystem, text: &'static str) -> (PopularIndex, FormsList) {
        let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
        let mut index = PopularIndex::empty(ecosystem, lines, text.len(), 100.0, true);
        let mut forms = FormsList::with_capacity(lines, text.len());
        let mut names = Vec::with_capacity(lines);
        for name in data::lines(text) {
            let f = Forms::new(&index.ecosystem, name);
            let Ok(id) = u32::try_from(names.len()) else {
                break;
            };
            if !f.norm.is_empty() && index.by_norm.insert(&f.norm, id) {
                forms.push(&f);
                names.push(name);
            }
        }
        index.fill_maps(&forms);
        index.entries = Entries::lazy(index.ecosystem.clone(), names);
        (index, forms)
    }

    /// What prebuilt tables for this index, built from the list `text`,
    /// must have been built from.
    fn stamp(&self, text: &str, forms: &FormsList) -> Stamp {
        let mut params = FxHasher::default();
        for v in [
            MIN_EDIT_TARGET,
            MIN_TWO_EDITS,
            MAX_EDIT_CHARS,
            TWO_DELETION_RANKS,
            MAX_TWO_DELETION_KEY,
            MAX_POSTINGS,
            usize::from(REGIONS),
            usize::from(self.two_edits),
            usize::from(Probe::of(b"baitwatch").region),
        ] {
            params.write(&(v as u64).to_le_bytes());
        }
        params.write(&fingerprint(hash_bytes(b"baitwatch deletion keys")).to_le_bytes());
        Stamp {
            params: params.finish(),
            list_len: text.len() as u64,
            list_hash: hash_bytes(text.as_bytes()),
            entries: u32::try_from(self.entries.len()).unwrap_or(u32::MAX),
            keys_hash: forms.keys_hash(),
        }
    }

    fn from_list(
        ecosystem: Ecosystem,
        list: Vec<PopularPackage>,
        ratio: f64,
        two_edits: bool,
    ) -> PopularIndex {
        let bytes = list.iter().map(|p| p.name.len()).sum();
        let mut index = PopularIndex::empty(ecosystem, list.len(), bytes, ratio, two_edits);
        let mut forms = FormsList::with_capacity(list.len(), bytes);
        let mut entries = Vec::with_capacity(list.len());
        for p in list {
            let f = Forms::new(&index.ecosystem, &p.name);
            let Ok(id) = u32::try_from(entries.len()) else {
                break;
            };
            if !f.norm.is_empty() && index.by_norm.insert(&f.norm, id) {
                forms.push(&f);
                entries.push(Entry::new(p.name, f, p.downloads, p.authors));
            }
        }
        index.entries = Entries::Made(entries);
        index.fill_maps(&forms);
        index.build_deletions(&forms);
        index
    }

    /// An index with no names, its maps sized for `n` names of `bytes`
    /// bytes in all.
    fn empty(
        ecosystem: Ecosystem,
        n: usize,
        bytes: usize,
        ratio: f64,
        two_edits: bool,
    ) -> PopularIndex {
        let scoped = if ecosystem == Ecosystem::Npm { n } else { 0 };
        PopularIndex {
            ecosystem,
            entries: Entries::Made(Vec::new()),
            by_norm: StrMap::with_capacity(n, bytes),
            by_vis: StrMap::with_capacity(n, bytes),
            by_key: StrMap::with_capacity(n, bytes),
            by_tokens: StrMap::with_capacity(n, bytes),
            by_bare: StrMap::with_capacity(scoped, 0),
            by_scope_flat: StrMap::with_capacity(scoped, 0),
            deletions: DeletionTable::empty(),
            ratio,
            two_edits,
        }
    }

    /// Fills the exact-match maps other than `by_norm` from the entries'
    /// forms. One map at a time, in entry order (the first, most popular,
    /// entry of a key wins): each table then stays in cache while it is
    /// filled.
    fn fill_maps(&mut self, forms: &FormsList) {
        for (id, _, vis, _) in forms.iter() {
            self.by_vis.insert(vis, id);
        }
        for (id, _, _, key) in forms.iter() {
            self.by_key.insert(key, id);
        }
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (id, _, vis, _) in forms.iter() {
            if ascii_tokens(vis, &mut spans) {
                if spans.len() >= 2 {
                    // As `sorted_tokens`, without strings of their own.
                    let token = |&(a, b): &(usize, usize)| vis.get(a..b).unwrap_or_default();
                    spans.sort_unstable_by(|x, y| token(x).cmp(token(y)));
                    self.by_tokens.insert_with(id, |text| {
                        for (i, t) in spans.iter().map(token).enumerate() {
                            if i > 0 {
                                text.push(' ');
                            }
                            text.push_str(t);
                        }
                    });
                }
            } else {
                let tokens = name_tokens(vis);
                if tokens.len() >= 2 {
                    self.by_tokens.insert(&sorted_tokens(&tokens), id);
                }
            }
        }
        if self.ecosystem != Ecosystem::Npm {
            return;
        }
        for (id, norm, _, _) in forms.iter() {
            if let (Some(scope), bare) = split_npm_scope(norm) {
                self.by_bare.insert(bare, id);
                // Without separators (one byte each), written straight
                // into the map.
                let len = |s: &str| s.len() - s.matches(crate::fold::is_sep).count();
                if len(scope) >= 2 && len(bare) >= 3 {
                    for (a, b) in [(bare, scope), (scope, bare)] {
                        self.by_scope_flat.insert_with(id, |text| {
                            a.split(crate::fold::is_sep)
                                .chain(b.split(crate::fold::is_sep))
                                .for_each(|part| text.push_str(part));
                        });
                    }
                }
            }
        }
    }

    /// The deletion keys of every entry's key, as (region, fingerprint,
    /// entry id), sorted and deduplicated.
    fn deletion_keys(&self, forms: &FormsList) -> Vec<(u16, u32, u32)> {
        let mut keyed: Vec<(u16, u32, u32)> = Vec::new();
        let mut scratch = Scratch::default();
        for (id, _, _, key) in forms.iter() {
            let n = key.chars().count();
            if !(MIN_EDIT_TARGET..=MAX_EDIT_CHARS).contains(&n) {
                continue;
            }
            let depth = if self.two_edits
                && (id as usize) < TWO_DELETION_RANKS
                && (MIN_TWO_EDITS..=MAX_TWO_DELETION_KEY).contains(&n)
            {
                2
            } else {
                1
            };
            scratch.variants(key, depth, |p| {
                keyed.push((p.region, fingerprint(p.hash), id));
            });
        }
        // Group by region, then by fingerprint: the probes of one name
        // fall in a few regions, so their binary searches share cache lines.
        keyed.sort_unstable();
        keyed.dedup();
        keyed
    }

    /// Builds the deletion tables from the entries' forms.
    fn build_deletions(&mut self, forms: &FormsList) {
        let bytes = deletions::encode(&Stamp::default(), &self.tables_from(forms));
        self.deletions = bytes
            .and_then(|b| DeletionTable::open(Cow::Owned(b), None, REGIONS, MAX_POSTINGS))
            .unwrap_or_else(DeletionTable::empty);
    }

    /// The deletion tables of the entries, in stored form.
    fn tables_from(&self, forms: &FormsList) -> Tables {
        let keyed = self.deletion_keys(forms);
        let mut t = Tables::default();
        let mut i = 0;
        while let Some(&(r, fp, _)) = keyed.get(i) {
            let Ok(start) = u32::try_from(t.postings.len()) else {
                break;
            };
            t.keys.push(fp);
            t.starts.push(start);
            match t.regions.last_mut() {
                Some((last, n)) if *last == r => *n += 1,
                _ => t.regions.push((r, 1)),
            }
            let mut j = i;
            while let Some(&(r2, fp2, id)) = keyed.get(j)
                && (r2, fp2) == (r, fp)
            {
                if j - i < MAX_POSTINGS {
                    t.postings.push(id);
                }
                j += 1;
            }
            i = j;
        }
        if let Ok(end) = u32::try_from(t.postings.len()) {
            t.starts.push(end);
        }
        t
    }

    /// The popular entries with any of the deletion keys `probes`, into
    /// `ids` (cleared first), sorted and deduplicated.
    fn collect(&self, probes: &[Probe], ids: &mut Vec<u32>) {
        self.deletions
            .collect(probes.iter().map(|p| (p.region, fingerprint(p.hash))), ids);
    }

    /// The registry of this index.
    pub fn ecosystem(&self) -> &Ecosystem {
        &self.ecosystem
    }

    /// How many popular names it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds no names.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The 1-based rank of `name` (in registry normal form), if it is in
    /// the list.
    pub fn rank(&self, name: &str) -> Option<u32> {
        let norm = baitwatch_metadata::normalize_name(&self.ecosystem, name);
        self.by_norm.get(norm.as_str()).map(|&id| id + 1)
    }

    /// True when `name` is (by registry normalisation) one of the popular names.
    pub fn contains(&self, name: &str) -> bool {
        self.rank(name).is_some()
    }

    /// An approximation of the heap memory the index holds, in bytes. An
    /// embedded index makes its entries and look-up tables as names are
    /// checked, so its figure grows with use (the prebuilt tables it reads
    /// are part of the program, not of the heap).
    pub fn heap_bytes(&self) -> usize {
        let keys: usize = [
            &self.by_norm,
            &self.by_vis,
            &self.by_key,
            &self.by_tokens,
            &self.by_bare,
            &self.by_scope_flat,
        ]
        .iter()
        .map(|m| m.heap_bytes())
        .sum();
        self.entries.heap_bytes() + keys + self.deletions.heap_bytes()
    }

    /// The popular names `name` appears to imitate, best first (at most
    /// three, one per target). Empty when `name` is itself popular (or an
    /// equivalent spelling of a popular name under the registry's
    /// normalisation).
    pub fn check(&self, name: &str) -> Vec<Squat> {
        self.check_with_authors(name, &[])
    }

    /// [`PopularIndex::check`], leaving out targets that share an author or
    /// maintainer (compared case-insensitively) with the checked package.
    pub fn check_with_authors(&self, name: &str, authors: &[&str]) -> Vec<Squat> {
        let mut out = Vec::new();
        let name = name.trim();
        if name.is_empty() || name.len() > MAX_NAME_BYTES * 4 {
            return out;
        }
        let forms = Forms::new(&self.ecosystem, name);
        // Only DefinitelyTyped publishes under `@types/`: `@types/aws-sdk`
        // is the stub for `aws-sdk`, not a squat of `@aws-sdk/types`.
        if self.ecosystem == Ecosystem::Npm && forms.norm.starts_with("@types/") {
            return out;
        }
        let own = self.by_norm.get(forms.norm.as_str()).copied();
        if let Some(id) = own
            && self.own_downloads(id).is_none()
        {
            return out;
        }
        let mut cx = Cx {
            index: self,
            forms: &forms,
            own,
            authors,
            tokens: name_tokens(&forms.vis),
            dictionary: None,
            lookalike: forms.non_ascii && forms.norm.chars().any(is_latin_lookalike),
            out: &mut out,
        };
        cx.run();
        out.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.rank.cmp(&b.rank)));
        let mut seen: Vec<u32> = Vec::new();
        out.retain(|s| {
            if seen.contains(&s.rank) {
                false
            } else {
                seen.push(s.rank);
                true
            }
        });
        out.truncate(MAX_SQUATS);
        // One name imitates one package: the best squat carries the
        // weight, the runners-up are reported for a person to compare.
        for s in out.iter_mut().skip(1) {
            s.weight = 0.0;
        }
        out
    }

    fn own_downloads(&self, id: u32) -> Option<u64> {
        self.entries.get(id as usize).and_then(|e| e.downloads)
    }
}

/// A 64-bit set of the characters of a key (by code point modulo 64).
fn char_mask(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |m, c| m | 1 << (u32::from(c) % 64))
}

/// The most words [`Cx::plural_words`] toggles (2^n look-ups).
const MAX_PLURAL_TOKENS: usize = 4;

fn sorted_tokens(tokens: &[String]) -> String {
    let mut out = String::new();
    let mut scratch = Vec::new();
    join_sorted(tokens.iter().map(String::as_str), &mut scratch, &mut out);
    out
}

/// The word-order key of `tokens` (sorted, joined by spaces) into `out`,
/// with `scratch` for the sort; both cleared first.
fn join_sorted<'a>(
    tokens: impl Iterator<Item = &'a str>,
    scratch: &mut Vec<&'a str>,
    out: &mut String,
) {
    scratch.clear();
    scratch.extend(tokens);
    scratch.sort_unstable();
    out.clear();
    for (k, t) in scratch.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(t);
    }
}

/// The tokens of `name` as [`name_tokens`] splits them, as byte ranges,
/// into `spans` (cleared first), when `name` is ASCII without capitals
/// (its tokens are then its runs of letters and runs of digits); false,
/// and `spans` left empty, for other names.
fn ascii_tokens(name: &str, spans: &mut Vec<(usize, usize)>) -> bool {
    spans.clear();
    if !name
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return false;
    }
    let mut start = None;
    let mut digits = false;
    for (i, b) in name.bytes().enumerate() {
        let kind = if b.is_ascii_lowercase() {
            Some(false)
        } else if b.is_ascii_digit() {
            Some(true)
        } else {
            None
        };
        if let Some(s) = start
            && kind != Some(digits)
        {
            spans.push((s, i));
            start = None;
        }
        if let Some(d) = kind
            && start.is_none()
        {
            start = Some(i);
            digits = d;
        }
    }
    if let Some(s) = start {
        spans.push((s, name.len()));
    }
    true
}

/// Number of deletion-key regions (6 bits of length, 7 of first byte).
const REGIONS: u16 = 1 << 13;

/// The 32-bit fingerprint of a deletion key stored in the index; a
/// collision only costs one more verification.
fn fingerprint(h: u64) -> u32 {
    (h >> 32) as u32
}

/// One deletion key: its hash and the region it belongs to.
#[derive(Clone, Copy)]
struct Probe {
    hash: u64,
    /// Length and first byte: every variant of one name shares a handful
    /// of these, so a name's probes stay within a few small regions of the
    /// filter.
    region: u16,
}

impl Probe {
    fn of(bytes: &[u8]) -> Probe {
        let len = bytes.len().min(63) as u16;
        let first = u16::from(bytes.first().copied().unwrap_or(0) & 0x7f);
        Probe {
            hash: hash_bytes(bytes),
            region: len << 7 | first,
        }
    }
}

/// Reusable buffers for deletion variants.
#[derive(Default)]
struct Scratch {
    bounds: Vec<(usize, usize)>,
    buf: Vec<u8>,
}

impl Scratch {
    /// Calls `f` with the hash of `key` and of every variant with up to
    /// `depth` (1 or 2) characters deleted.
    fn variants(&mut self, key: &str, depth: usize, mut f: impl FnMut(Probe)) {
        let bytes = key.as_bytes();
        self.bounds.clear();
        self.bounds
            .extend(key.char_indices().map(|(i, c)| (i, i + c.len_utf8())));
        f(Probe::of(bytes));
        let n = self.bounds.len();
        for a in 0..n {
            let Some(&(sa, ea)) = self.bounds.get(a) else {
                continue;
            };
            self.buf.clear();
            self.buf
                .extend_from_slice(bytes.get(..sa).unwrap_or_default());
            self.buf
                .extend_from_slice(bytes.get(ea..).unwrap_or_default());
            f(Probe::of(&self.buf));
            if depth < 2 {
                continue;
            }
            for b in a + 1..n {
                let Some(&(sb, eb)) = self.bounds.get(b) else {
                    continue;
                };
                self.buf.clear();
                self.buf
                    .extend_from_slice(bytes.get(..sa).unwrap_or_default());
                self.buf
                    .extend_from_slice(bytes.get(ea..sb).unwrap_or_default());
                self.buf
                    .extend_from_slice(bytes.get(eb..).unwrap_or_default());
                f(Probe::of(&self.buf));
            }
        }
    }
}

/// The state of one check.
struct Cx<'a> {
    index: &'a PopularIndex,
    forms: &'a Forms,
    own: Option<u32>,
    authors: &'a [&'a str],
    /// Tokens of the folded name, computed once.
    tokens: Vec<String>,
    /// Whether the name is made of dictionary words; computed on the
    /// first squat, as most names have none.
    dictionary: Option<bool>,
    lookalike: bool,
    out: &'a mut Vec<Squat>,
}

impl Cx<'_> {
    fn run(&mut self) {
        let ix = self.index;
        let f = self.forms;
        // Look-alike characters and separators: equal after folding.
        if let Some(&id) = ix.by_vis.get(f.vis.as_str()) {
            let t = if self.lookalike || f.non_ascii {
                Technique::Homoglyph
            } else {
                Technique::ConfusableChars
            };
            self.push(id, t, 0, String::from("the names look the same"));
        } else if let Some(&id) = ix.by_key.get(f.key.as_str()) {
            let t = if self.lookalike {
                Technique::Homoglyph
            } else {
                Technique::Separator
            };
            self.push(id, t, 0, String::from("only the separators differ"));
        }
        // The specific explanations first; edits only for targets not
        // already explained.
        self.word_order();
        self.plural_words();
        self.affixes();
        self.scopes();
        self.edits();
        self.combos();
        if self.lookalike
            && !self.out.iter().any(|s| s.technique == Technique::Homoglyph)
            && f.norm.chars().any(|c| c.is_ascii_alphabetic())
        {
            self.out.push(Squat {
                target: f.vis.clone(),
                rank: 0,
                technique: Technique::MixedScript,
                distance: 0,
                weight: weight(&Features {
                    technique: Technique::MixedScript,
                    distance: 0,
                    key_len: f.key.chars().count(),
                    dictionary: false,
                    rank: 0,
                    shape: Shape::Plain,
                }),
                detail: format!("it reads as `{}`", f.vis),
            });
        }
    }

    fn edits(&mut self) {
        let ix = self.index;
        let key = self.forms.key.as_str();
        let cand: Vec<char> = key.chars().collect();
        if cand.len() < MIN_EDIT_TARGET - 1 || cand.len() > MAX_EDIT_CHARS {
            return;
        }
        let mut ids: Vec<u32> = Vec::new();
        let mut probes: Vec<Probe> = Vec::new();
        let mut scratch = Scratch::default();
        scratch.variants(key, 1, |p| probes.push(p));
        ix.collect(&probes, &mut ids);
        let found = self.verify(&cand, &ids, 1);
        if found || !ix.two_edits || cand.len() < MIN_TWO_EDITS - 1 || self.is_dictionary() {
            return;
        }
        probes.clear();
        scratch.variants(key, 2, |p| probes.push(p));
        ix.collect(&probes, &mut ids);
        self.verify(&cand, &ids, 2);
    }

    /// Verifies candidate entries at up to `max` edits; true if any matched.
    fn verify(&mut self, cand: &[char], ids: &[u32], max: usize) -> bool {
        let mut any = false;
        let mask = char_mask(cand.iter().copied());
        for &id in ids {
            let Some(e) = self.index.entries.get(id as usize) else {
                continue;
            };
            if self.out.iter().any(|s| s.rank == id + 1) {
                continue;
            }
            // Each edit changes the set of characters by at most two.
            if e.key_chars.len().abs_diff(cand.len()) > max
                || ((e.mask ^ mask).count_ones() as usize) > 2 * max
            {
                continue;
            }
            let tlen = e.key_chars.len();
            let allowed = if tlen >= MIN_TWO_EDITS && cand.len() + 1 >= MIN_TWO_EDITS {
                max
            } else {
                1
            };
            let Some(ops) = osa_ops(cand, &e.key_chars, allowed) else {
                continue;
            };
            if ops.is_empty() {
                continue; // same key: handled as a separator/look-alike squat
            }
            // Word boundaries compared on the folded forms, where a
            // look-alike digit (`crypt0graphy`) does not split a word.
            // A digit typed into a word (`cl9pboardyy`) splits it too, but
            // is noise added to a slip, not a name of its own.
            let resegmented = ops.len() >= 2
                && name_tokens(&e.forms.vis).len() != self.tokens.len()
                && !noise_digit(&ops, cand, &e.key_chars, &e.forms.norm);
            let shape = shape(&ops, &self.forms.norm, &e.forms.norm, resegmented);
            if shape == Shape::Extension {
                // A whole word added or dropped (`zustand-x`, `react-table-ui`):
                // an extension, not a typo; the affix rule covers known affixes.
                continue;
            }
            let (t, detail) = self.classify(&ops, cand, e);
            let dist = u8::try_from(ops.len()).unwrap_or(u8::MAX);
            any |= self.push_shaped(id, t, dist, detail, shape);
        }
        any
    }

    fn classify(&self, ops: &[Op], cand: &[char], e: &Entry) -> (Technique, String) {
        let detail = ops.iter().map(describe_op).collect::<Vec<_>>().join(", ");
        if self.lookalike {
            return (
                Technique::Homoglyph,
                format!("letters from another script, and {detail}"),
            );
        }
        if self.index.ecosystem == Ecosystem::NuGet && one_segment(&self.forms.vis, &e.forms.vis) {
            return (Technique::SegmentEdit, detail);
        }
        let t = match ops {
            [Op::Swap { .. }] => Technique::SwappedChars,
            [Op::Omit { .. }] => Technique::OmittedChar,
            [Op::Insert { at, ch }] => {
                let prev = at.checked_sub(1).and_then(|i| cand.get(i));
                if prev == Some(ch) || cand.get(at + 1) == Some(ch) {
                    Technique::RepeatedChar
                } else {
                    Technique::InsertedChar
                }
            }
            [Op::Subst { from, to, .. }] => {
                if is_latin_lookalike(*to) {
                    Technique::Homoglyph
                } else if look_alike(*from, *to) {
                    Technique::ConfusableChars
                } else if keyboard_neighbours(*from, *to) {
                    Technique::KeyboardTypo
                } else if is_bitflip(*from, *to) {
                    Technique::Bitflip
                } else {
                    Technique::SubstitutedChar
                }
            }
            _ => Technique::TwoEdits,
        };
        (t, detail)
    }

    fn word_order(&mut self) {
        if self.tokens.len() < 2 {
            return;
        }
        if let Some(&id) = self
            .index
            .by_tokens
            .get(sorted_tokens(&self.tokens).as_str())
            && let Some(e) = self.index.entries.get(id as usize)
            && name_tokens(&e.forms.vis) != self.tokens
        {
            self.push(id, Technique::WordOrder, 0, String::from("words reordered"));
        }
    }

    /// Two or more words each given or stripped of a final `s`, the words
    /// kept in order: `props-type` for `prop-types`. One word so changed
    /// is a single edit (see [`Shape::Plural`]); several are deliberate.
    fn plural_words(&mut self) {
        let n = self.tokens.len();
        if !(2..=MAX_PLURAL_TOKENS).contains(&n) {
            return;
        }
        // Which words have another number: ASCII lower-case, 3+ letters,
        // and not ending in a double `s`. Most names have fewer than two.
        let can_toggle = |t: &str| {
            t.len() >= 3
                && t.bytes().all(|b| b.is_ascii_lowercase())
                && !(t.ends_with('s') && (t.len() < 4 || t.ends_with("ss")))
        };
        let eligible = self
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| can_toggle(t))
            .fold(0u32, |m, (i, _)| m | 1 << i);
        if eligible.count_ones() < 2 {
            return;
        }
        // The plural forms made by adding `s`, in one buffer; singular forms
        // are slices of the words themselves.
        let mut plurals = String::new();
        let mut ends = [0usize; MAX_PLURAL_TOKENS];
        for (i, t) in self.tokens.iter().enumerate() {
            if eligible & (1 << i) != 0 && !t.ends_with('s') {
                plurals.push_str(t);
                plurals.push('s');
            }
            if let Some(e) = ends.get_mut(i) {
                *e = plurals.len();
            }
        }
        let mut words: Vec<&str> = Vec::with_capacity(n);
        let mut sorted: Vec<&str> = Vec::with_capacity(n);
        let mut joined = String::new();
        // Every subset of the eligible words with two or more in it, in
        // ascending order (the next subset of a mask `m` after `x` is
        // `(x - m) & m`, wrapping).
        let mut set = 0u32;
        loop {
            set = set.wrapping_sub(eligible) & eligible;
            if set == 0 {
                break;
            }
            if set.count_ones() >= 2 {
                words.clear();
                for (i, t) in self.tokens.iter().enumerate() {
                    let word = if set & (1 << i) == 0 {
                        t.as_str()
                    } else if let Some(one) = t.strip_suffix('s') {
                        one
                    } else {
                        let end = ends.get(i).copied().unwrap_or(0);
                        let start = i.checked_sub(1).and_then(|j| ends.get(j)).copied();
                        plurals.get(start.unwrap_or(0)..end).unwrap_or_default()
                    };
                    words.push(word);
                }
                join_sorted(words.iter().copied(), &mut sorted, &mut joined);
                if let Some(&id) = self.index.by_tokens.get(joined.as_str())
                    && let Some(e) = self.index.entries.get(id as usize)
                    && name_tokens(&e.forms.vis).iter().eq(words.iter())
                {
                    let detail = format!("{} words turned plural or singular", set.count_ones());
                    self.push(id, Technique::PluralWords, 0, detail);
                    return;
                }
            }
        }
    }

    fn affixes(&mut self) {
        let ix = self.index;
        let key = self.forms.key.as_str();
        if key.contains('/') {
            return;
        }
        let (prefixes, suffixes) = data::affixes(&ix.ecosystem);
        for p in prefixes {
            if let Some(rest) = key.strip_prefix(p) {
                self.affix_hit(rest, p, true);
            }
        }
        for s in suffixes {
            if let Some(rest) = key.strip_suffix(s) {
                self.affix_hit(rest, s, false);
            }
        }
        // Version digits: numpy2, requests3, httpxv2.
        let trimmed = key.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = key.len() - trimmed.len();
        if (1..=3).contains(&digits) {
            let base = trimmed.strip_suffix('v').unwrap_or(trimmed);
            if base.len() >= 4
                && let Some(&id) = ix.by_key.get(base)
                && ix
                    .entries
                    .get(id as usize)
                    .is_some_and(|e| !e.forms.key.ends_with(|c: char| c.is_ascii_digit()))
            {
                let suffix = key.get(base.len()..).unwrap_or_default();
                self.push(
                    id,
                    Technique::VersionSuffix,
                    0,
                    format!("version `{suffix}` appended"),
                );
            }
        }
    }

    /// A popular name as the first or last words of a longer name
    /// (`chai-sparkle`, `fast-dotenv`).
    fn combos(&mut self) {
        let tokens = std::mem::take(&mut self.tokens);
        self.combos_of(&tokens);
        self.tokens = tokens;
    }

    fn combos_of(&mut self, tokens: &[String]) {
        if tokens.len() < 2 || tokens.len() > 16 || self.forms.key.contains('/') {
            return;
        }
        let mut buf = String::new();
        for k in 1..tokens.len() {
            for part in [tokens.get(..k), tokens.get(k..)].into_iter().flatten() {
                buf.clear();
                part.iter().for_each(|t| buf.push_str(t));
                if buf.chars().count() >= 4
                    && let Some(&id) = self.index.by_key.get(buf.as_str())
                    && (id as usize) < COMBO_RANKS
                {
                    let detail = format!("`{buf}` combined with other words");
                    self.push(id, Technique::Combosquat, 0, detail);
                }
            }
        }
    }

    fn affix_hit(&mut self, rest: &str, affix: &str, prefix: bool) {
        if rest.chars().count() < 4 {
            return;
        }
        if let Some(&id) = self.index.by_key.get(rest) {
            let detail = if prefix {
                format!("prefix `{affix}` added")
            } else {
                format!("suffix `{affix}` added")
            };
            self.push(id, Technique::Affix, 0, detail);
        }
    }

    fn scopes(&mut self) {
        let ix = self.index;
        if ix.ecosystem != Ecosystem::Npm {
            return;
        }
        match split_npm_scope(&self.forms.norm) {
            (Some(scope), bare) => {
                if let Some(&id) = ix.by_norm.get(bare) {
                    self.push(
                        id,
                        Technique::ScopeConfusion,
                        0,
                        format!("the popular unscoped name under the scope `@{scope}`"),
                    );
                }
                if let Some(&id) = ix.by_bare.get(bare) {
                    self.push(
                        id,
                        Technique::ScopeConfusion,
                        0,
                        format!("the scope changed to `@{scope}`"),
                    );
                }
            }
            (None, _) => {
                if let Some(&id) = ix.by_scope_flat.get(self.forms.key.as_str()) {
                    self.push(
                        id,
                        Technique::ScopeConfusion,
                        0,
                        String::from("the scope folded into the name"),
                    );
                }
            }
        }
    }

    fn is_dictionary(&mut self) -> bool {
        *self
            .dictionary
            .get_or_insert_with(|| data::is_dictionary_tokens(&self.tokens))
    }

    /// Records a squat of entry `id` unless suppressed; true if recorded.
    fn push(&mut self, id: u32, technique: Technique, distance: u8, detail: String) -> bool {
        self.push_shaped(id, technique, distance, detail, Shape::Plain)
    }

    fn push_shaped(
        &mut self,
        id: u32,
        technique: Technique,
        distance: u8,
        detail: String,
        shape: Shape,
    ) -> bool {
        let ix = self.index;
        let Some(e) = ix.entries.get(id as usize) else {
            return false;
        };
        if Some(id) == self.own || e.forms.norm == self.forms.norm {
            return false;
        }
        // An npm scope belongs to one account: two names under the same
        // scope were published by the same owner.
        if ix.ecosystem == Ecosystem::Npm
            && let (Some(a), _) = split_npm_scope(&self.forms.norm)
            && let (Some(b), _) = split_npm_scope(&e.forms.norm)
            && a == b
        {
            return false;
        }
        // A listed name with a count is only a squat of a far more popular one.
        if let Some(own) = self.own {
            match (ix.own_downloads(own), e.downloads) {
                (Some(mine), Some(theirs)) if theirs as f64 >= mine as f64 * ix.ratio => {}
                _ => return false,
            }
        }
        if !e.authors.is_empty()
            && self.authors.iter().any(|a| {
                e.authors
                    .iter()
                    .any(|b| b.trim().eq_ignore_ascii_case(a.trim()))
            })
        {
            return false;
        }
        let w = weight(&Features {
            technique,
            distance,
            key_len: core_len(&ix.ecosystem, &self.forms.key, &e.forms.key),
            // Joining the words of a name made of dictionary words
            // (`object-path` → `objectpath`) is how people spell compounds.
            dictionary: self.is_dictionary()
                || (technique == Technique::Separator
                    && data::is_dictionary_tokens(&name_tokens(&e.forms.vis))),
            rank: id + 1,
            shape,
        });
        if w <= 0.0 {
            return false;
        }
        self.out.push(Squat {
            target: e.name.to_string(),
            rank: id + 1,
            technique,
            distance,
            weight: w,
            detail,
        });
        true
    }
}

/// The length of the part of `key` that tells it apart: a generic prefix
/// both names share (`py`, `python`, `node` ...) does not count.
fn core_len(ecosystem: &Ecosystem, key: &str, target: &str) -> usize {
    let (prefixes, _) = data::affixes(ecosystem);
    let shared = prefixes
        .iter()
        .filter(|p| key.starts_with(*p) && target.starts_with(*p))
        .map(|p| p.len())
        .max()
        .unwrap_or(0);
    key.chars().count().saturating_sub(shared)
}

/// True when two dotted ids have the same number of segments and differ
/// in exactly one.
fn one_segment(a: &str, b: &str) -> bool {
    let (sa, sb) = (a.split('.'), b.split('.'));
    if a.split('.').count() < 2 || a.split('.').count() != b.split('.').count() {
        return false;
    }
    sa.zip(sb).filter(|(x, y)| x != y).count() == 1
}

fn describe_op(op: &Op) -> String {
    match *op {
        Op::Insert { ch, .. } => format!("`{ch}` inserted"),
        Op::Omit { ch, .. } => format!("`{ch}` left out"),
        Op::Subst { from, to, .. } => format!("`{from}` replaced by `{to}`"),
        Op::Swap { a, b, .. } => format!("`{a}{b}` swapped to `{b}{a}`"),
    }
}

/// A digit that can be noise typed into a word: any but `2` and `4`,
/// which honest names use for "to" and "for" (`html2text`, `oracle4dbt`).
fn is_noise_digit(c: char) -> bool {
    c.is_ascii_digit() && c != '2' && c != '4'
}

/// Whether one of `ops` types a noise digit ([`is_noise_digit`]) into the
/// middle of a word: inserted into, or replacing a letter of, one word of
/// a target with no digits, with a letter on each side in the candidate
/// key (`cand`) that no other edit touched: `cl9pboardyy` for `clipboardy`,
/// `o7n-finishd` for `on-finished`. Honest names keep their digits in
/// tokens of their own at a word's edge (`vue3-charts` and `sqlite3en` are
/// near `vue-chartjs` and `sqlite-vec`).
fn noise_digit(ops: &[Op], cand: &[char], target: &[char], target_norm: &str) -> bool {
    if target.iter().any(char::is_ascii_digit) {
        return false;
    }
    // Whether a separator precedes each key character in the normal form.
    let mut sep_before: Vec<bool> = Vec::with_capacity(target.len());
    let mut pending = false;
    for c in target_norm.chars() {
        if crate::fold::is_sep(c) {
            pending = true;
        } else {
            sep_before.push(pending);
            pending = false;
        }
    }
    if sep_before.len() != target.len() {
        return false; // a non-ASCII skeleton changed the length: no map
    }
    // Whether target key characters `j - 1` and `j` exist and belong to
    // one word (no separator between them).
    let joined = |j: usize| j >= 1 && sep_before.get(j) == Some(&false);
    // Ops come in ascending order; `offset` is the candidate index minus
    // the target index before each op.
    let mut offset: isize = 0;
    let mut touched: Vec<(usize, usize)> = Vec::with_capacity(ops.len());
    let mut digits: Vec<usize> = Vec::new();
    for op in ops {
        let pos = |j: usize| usize::try_from(j as isize + offset).unwrap_or(0);
        match *op {
            Op::Insert { at, ch } => {
                touched.push((at, at));
                // Inserted between target characters j - 1 and j.
                let j = usize::try_from(at as isize - offset).unwrap_or(0);
                if is_noise_digit(ch) && joined(j) {
                    digits.push(at);
                }
                offset += 1;
            }
            Op::Subst { at, to, .. } => {
                let p = pos(at);
                touched.push((p, p));
                if is_noise_digit(to) && joined(at) && joined(at + 1) {
                    digits.push(p);
                }
            }
            Op::Swap { at, .. } => {
                let p = pos(at);
                touched.push((p, p + 1));
            }
            Op::Omit { at, .. } => {
                // The gap between the candidate's p - 1 and p.
                let p = pos(at);
                touched.push((p.saturating_sub(1), p));
                offset -= 1;
            }
        }
    }
    digits.into_iter().any(|p| {
        let letter = |i: usize| cand.get(i).is_some_and(|c| c.is_alphabetic());
        let free = |i: usize| !touched.iter().any(|(lo, hi)| (*lo..=*hi).contains(&i));
        p > 0 && letter(p - 1) && letter(p + 1) && free(p - 1) && free(p + 1)
    })
}

/// Where an edit falls, for telling typos from ordinary naming.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Nothing special.
    Plain,
    /// A whole token added or dropped (`zustand-x` for `zustand`).
    Extension,
    /// One short token (<= 3 chars) replaced by another (`ts-loader`/`js-loader`).
    ShortToken,
    /// A plural `s` added or dropped at the end of a word.
    Plural,
    /// The first character changed, or one added in front (`gpatch`).
    FirstChar,
    /// A letter appended at the end (`vectorx`).
    Appended,
    /// Two edits that rewrite rather than slip: one at the very start
    /// (`abcparse` for `argparse`), two side-by-side substitutions
    /// (`aare-core` for `azure-core`), or words split or joined
    /// differently (`cetus-tools` for `setuptools`). Typing slips keep
    /// the first letter and the word boundaries; these shapes are how
    /// honest names of their own come near popular ones, so they are weak
    /// evidence.
    Rewritten,
}

fn shape(ops: &[Op], cand_norm: &str, target_norm: &str, resegmented: bool) -> Shape {
    let tc = name_tokens(cand_norm);
    let tt = name_tokens(target_norm);
    let minus_one = |long: &[String], short: &[String]| {
        long.len() == short.len() + 1
            && (0..long.len()).any(|skip| {
                long.iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, t)| t)
                    .eq(short.iter())
            })
    };
    if minus_one(&tc, &tt) || minus_one(&tt, &tc) {
        return Shape::Extension;
    }
    if ops.len() >= 2 {
        let at = |op: &Op| match *op {
            Op::Insert { at, .. }
            | Op::Omit { at, .. }
            | Op::Subst { at, .. }
            | Op::Swap { at, .. } => at,
        };
        let side_by_side = matches!(
            ops,
            [Op::Subst { at: a, .. }, Op::Subst { at: b, .. }] if a.abs_diff(*b) <= 1
        );
        if ops.iter().any(|op| at(op) == 0) || side_by_side || resegmented {
            return Shape::Rewritten;
        }
    }
    if tc.len() == tt.len() {
        let diff: Vec<(&String, &String)> = tc.iter().zip(&tt).filter(|(a, b)| a != b).collect();
        if let [(a, b)] = diff.as_slice() {
            let alpha = |t: &String| t.chars().all(char::is_alphabetic);
            if a.chars().count() <= 3 && b.chars().count() <= 3 && alpha(a) && alpha(b) {
                return Shape::ShortToken;
            }
            // `values` for `value`; not `requestss` for `requests`.
            let plural = |x: &String, y: &String| {
                !y.ends_with('s')
                    && (x.strip_suffix('s').is_some_and(|x| x == y.as_str())
                        || x.strip_suffix("es").is_some_and(|x| x == y.as_str()))
            };
            if plural(a, b) || plural(b, a) {
                return Shape::Plural;
            }
        }
    }
    let first = |op: &Op| match *op {
        // A doubled first letter (`cclick`) is a slip of the finger.
        Op::Insert { at, ch } => at == 0 && cand_norm.chars().nth(1) != Some(ch),
        Op::Omit { at, .. } | Op::Subst { at, .. } => at == 0,
        Op::Swap { .. } => false,
    };
    if ops.iter().any(first) {
        return Shape::FirstChar;
    }
    let len = cand_norm
        .chars()
        .filter(|c| !crate::fold::is_sep(*c))
        .count();
    if let [Op::Insert { at, ch }] = ops
        && at + 1 == len
        && cand_norm.chars().rev().nth(1) != Some(*ch)
    {
        return Shape::Appended;
    }
    Shape::Plain
}

/// What the weight of a squat depends on.
struct Features {
    technique: Technique,
    distance: u8,
    key_len: usize,
    dictionary: bool,
    rank: u32,
    shape: Shape,
}

/// The default weight of a squat. See the rule table in the crate docs.
fn weight(f: &Features) -> f64 {
    use Technique::*;
    let top = f.rank <= 1_000;
    let (key_len, dictionary) = (f.key_len, f.dictionary);
    match f.technique {
        Homoglyph => 85.0,
        MixedScript => 65.0,
        ConfusableChars if f.distance == 0 => {
            if key_len >= 5 {
                75.0
            } else {
                45.0
            }
        }
        // A separator moved is no less innocent than a letter changed: the
        // same discount for names far down the list as single edits get.
        Separator => {
            if dictionary {
                25.0
            } else if key_len >= 6 {
                60.0 - low_rank_discount(f.rank)
            } else {
                30.0 - low_rank_discount(f.rank)
            }
        }
        // Honest packages put the same two words the other way round
        // (`<db>-<tool>` beside `<tool>-<db>`); only a name many people know
        // by heart is worth imitating that way.
        WordOrder => {
            if dictionary {
                20.0
            } else if top {
                55.0
            } else {
                30.0
            }
        }
        // The whole popular name is there: whether it is a word matters less.
        Affix => {
            if f.rank <= 200 {
                35.0
            } else if top {
                25.0
            } else {
                15.0
            }
        }
        VersionSuffix => {
            if f.rank <= 500 {
                40.0
            } else {
                25.0
            }
        }
        // Each word's number changed: no one spells a name they know that
        // way by accident, and honest names rarely land on it.
        PluralWords => 50.0 - low_rank_discount(f.rank),
        ScopeConfusion => 15.0,
        Combosquat => 5.0,
        _ => edit_weight(f),
    }
}

/// What a squat of a name far down the popular list loses: few people
/// type such a name from memory, and many honest names sit near it.
fn low_rank_discount(rank: u32) -> f64 {
    match rank {
        0..=3_000 => 0.0,
        3_001..=8_000 => 10.0,
        _ => 25.0,
    }
}

fn edit_weight(f: &Features) -> f64 {
    use Technique::*;
    if f.dictionary {
        return if f.distance >= 2 { 0.0 } else { 20.0 };
    }
    if f.distance >= 2 {
        if f.shape == Shape::Rewritten {
            return 10.0;
        }
        // Two edits reach many honest names; only the most popular
        // targets make them suspicious alone.
        let w: f64 = if f.rank <= 1_000 { 50.0 } else { 30.0 };
        return if f.key_len >= 10 { w } else { w - 5.0 };
    }
    let mut w: f64 = match f.shape {
        Shape::Extension => return 0.0,
        Shape::ShortToken => return 25.0,
        Shape::Plural => return 25.0,
        Shape::FirstChar => 45.0,
        Shape::Appended => 50.0,
        Shape::Rewritten => return 10.0,
        Shape::Plain => match f.technique {
            // The classic slips of a typing hand.
            SwappedChars | RepeatedChar | KeyboardTypo | ConfusableChars | Homoglyph => 70.0,
            _ => 60.0,
        },
    };
    // Short names have many innocent neighbours.
    w -= match f.key_len {
        0..=4 => 40.0,
        5..=6 => 20.0,
        7 => 5.0,
        _ => 0.0,
    };
    // Squatters aim at the most used names (see the crate docs).
    w += match f.rank {
        0..=20 => 20.0,
        21..=100 => 10.0,
        _ => -low_rank_discount(f.rank),
    };
    // A verified edit always names its target, if only as context.
    w.max(1.0)
}
