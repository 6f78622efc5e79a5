//! The deletion-key tables of an index: one byte layout, whether built at
//! run time or prebuilt, and the look-ups in it.
//!
//! Generating the deletion neighbourhood of a list (every popular key with
//! one or two characters deleted, hashed, sorted and grouped) is most of the
//! cost of building an index. For the embedded lists it is done once, at
//! development time, by
//!
//! ```text
//! cargo run -p baitwatch-typosquat --example build_index
//! ```
//!
//! which writes `data/index-{npm,pypi,nuget}.bin`. The crate embeds the
//! files and reads them where they are: opening one checks its header and
//! a few hundred region counts, and the small per-region tables that
//! speed up look-ups (bucket starts, posting starts) are built the first
//! time a name probes that region. A test rebuilds the files from the
//! lists and fails if a committed file differs.
//!
//! A file records what it was built from: the length and hash of the list
//! text, the number of entries and a hash of their separator-free keys (so
//! that a change to the folding of names is noticed), and a hash of the
//! index parameters (deletion depths, limits, hash function). A file that
//! does not match, or is empty, truncated or inconsistent, is not used:
//! the index builds its tables from the list, as it does for a list of
//! your own, and encodes them in the same layout.
//!
//! Layout, little-endian:
//!
//! | bytes | field |
//! | --- | --- |
//! | 8 | magic `BWDELTAB` |
//! | 4 | format version (1) |
//! | 8 | hash of the index parameters |
//! | 8 | length of the list text in bytes |
//! | 8 | hash of the list text |
//! | 4 | number of entries |
//! | 8 | hash of the entries' keys |
//! | 4 | R: number of regions with keys |
//! | 4 | K: number of deletion keys |
//! | 4 | P: number of postings |
//! | 1 | W: bytes per posting (2 or 4) |
//! | 2 R | region numbers, increasing |
//! | 4 R | keys per region |
//! | 4 R | postings per region |
//! | 4 K | key fingerprints, grouped by region, increasing within one |
//! | W P | postings: entry ids grouped by key, the top bit set on the last of each key |
//!
//! Postings take 2 bytes when every entry id is below 32,768 (the embedded
//! lists), else 4.

use std::borrow::Cow;
use std::sync::OnceLock;

/// The first bytes of a file.
const MAGIC: &[u8; 8] = b"BWDELTAB";
/// The format version; bump it when the layout changes.
const VERSION: u32 = 1;
/// Bytes before the variable-length parts.
const HEADER: usize = 8 + 4 + 8 + 8 + 8 + 4 + 8 + 4 + 4 + 4 + 1;
/// The bit of a 4-byte posting that marks the last of its key.
const LAST: u32 = 1 << 31;
/// The bit of a 2-byte posting that marks the last of its key.
const LAST16: u16 = 1 << 15;

/// What a file must have been built from to be used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// Hash of the index parameters.
    pub params: u64,
    /// Length of the list text in bytes.
    pub list_len: u64,
    /// Hash of the list text.
    pub list_hash: u64,
    /// Number of entries in the index.
    pub entries: u32,
    /// Hash of the entries' keys, in entry order.
    pub keys_hash: u64,
}

/// Deletion keys as the index builds them, before encoding.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Tables {
    /// Each region with keys and how many keys it has, by region number.
    pub regions: Vec<(u16, u32)>,
    /// Key fingerprints, grouped by region, increasing within one.
    pub keys: Vec<u32>,
    /// For each key, where its postings start (one more element at the end).
    pub starts: Vec<u32>,
    /// Entry ids, grouped by key.
    pub postings: Vec<u32>,
}

/// Writes `tables` with `stamp`; `None` when they cannot be written (a key
/// without postings, counts that do not add up, an entry id of 2^31 or
/// more).
pub(crate) fn encode(stamp: &Stamp, tables: &Tables) -> Option<Vec<u8>> {
    let r = u32::try_from(tables.regions.len()).ok()?;
    let k = u32::try_from(tables.keys.len()).ok()?;
    let p = u32::try_from(tables.postings.len()).ok()?;
    let in_regions: u64 = tables.regions.iter().map(|&(_, n)| u64::from(n)).sum();
    if in_regions != u64::from(k)
        || tables.starts.len() != tables.keys.len() + 1
        || tables.starts.last().copied() != Some(p)
    {
        return None;
    }
    let narrow = tables.postings.iter().all(|&id| id < u32::from(LAST16));
    let width: u8 = if narrow { 2 } else { 4 };
    let mut out = Vec::with_capacity(
        HEADER + tables.regions.len() * 10 + tables.keys.len() * 4 + tables.postings.len() * 4,
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&stamp.params.to_le_bytes());
    out.extend_from_slice(&stamp.list_len.to_le_bytes());
    out.extend_from_slice(&stamp.list_hash.to_le_bytes());
    out.extend_from_slice(&stamp.entries.to_le_bytes());
    out.extend_from_slice(&stamp.keys_hash.to_le_bytes());
    out.extend_from_slice(&r.to_le_bytes());
    out.extend_from_slice(&k.to_le_bytes());
    out.extend_from_slice(&p.to_le_bytes());
    out.push(width);
    for &(region, _) in &tables.regions {
        out.extend_from_slice(&region.to_le_bytes());
    }
    for &(_, n) in &tables.regions {
        out.extend_from_slice(&n.to_le_bytes());
    }
    let mut key = 0usize;
    for &(_, n) in &tables.regions {
        let end = key.checked_add(n as usize)?;
        let first = *tables.starts.get(key)?;
        let last = *tables.starts.get(end)?;
        out.extend_from_slice(&last.checked_sub(first)?.to_le_bytes());
        key = end;
    }
    for &key in &tables.keys {
        out.extend_from_slice(&key.to_le_bytes());
    }
    for w in tables.starts.windows(2) {
        let &[s, e] = w else { return None };
        let ids = tables.postings.get(s as usize..e as usize)?;
        if ids.is_empty() {
            return None;
        }
        for (i, &id) in ids.iter().enumerate() {
            let last = i + 1 == ids.len();
            if narrow {
                let v = u16::try_from(id).ok()? | if last { LAST16 } else { 0 };
                out.extend_from_slice(&v.to_le_bytes());
            } else if id < LAST {
                let v = id | if last { LAST } else { 0 };
                out.extend_from_slice(&v.to_le_bytes());
            } else {
                return None;
            }
        }
    }
    Some(out)
}

/// Deletion tables in the layout above, read in place.
pub(crate) struct DeletionTable {
    bytes: Cow<'static, [u8]>,
    /// Where the keys start in `bytes`.
    keys_at: usize,
    /// Where the postings start in `bytes`.
    postings_at: usize,
    /// Postings are 4 bytes, not 2.
    wide: bool,
    /// Region number → 1 + its place in `regions`; 0 for a region without
    /// keys.
    slots: Vec<u16>,
    regions: Vec<Region>,
    /// Most postings a key may have.
    max_postings: usize,
}

/// The keys and postings of one region.
struct Region {
    /// Its first key.
    key: u32,
    /// Its number of keys.
    keys: u32,
    /// Its first posting.
    posting: u32,
    /// Its number of postings.
    postings: u32,
    /// Built on the first look-up in the region.
    index: OnceLock<RegionIndex>,
}

/// The look-up tables of one region.
struct RegionIndex {
    /// The number of top bits of a fingerprint that pick its bucket.
    bits: u32,
    /// Where each bucket starts among the region's keys (one more slot at
    /// the end). Keys are sorted, so the buckets are the runs of keys
    /// sharing their top bits; about one key a bucket.
    buckets: Box<[u32]>,
    /// Where each key's postings start among the region's postings (one
    /// more slot at the end).
    starts: Box<[u32]>,
}

impl std::fmt::Debug for DeletionTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeletionTable")
            .field("bytes", &self.bytes.len())
            .field("prebuilt", &matches!(self.bytes, Cow::Borrowed(_)))
            .field("regions", &self.regions.len())
            .finish_non_exhaustive()
    }
}

impl DeletionTable {
    /// A table without keys.
    pub(crate) fn empty() -> DeletionTable {
        DeletionTable {
            bytes: Cow::Borrowed(&[]),
            keys_at: 0,
            postings_at: 0,
            wide: false,
            slots: Vec::new(),
            regions: Vec::new(),
            max_postings: 0,
        }
    }

    /// Opens tables written by [`encode`], if they were built with `stamp`
    /// (when given), have regions below `regions` and no key with more than
    /// `max_postings` postings; `None` if not, or if the sizes do not add
    /// up. Reads only the header and the region counts.
    pub(crate) fn open(
        bytes: Cow<'static, [u8]>,
        stamp: Option<&Stamp>,
        regions: u16,
        max_postings: usize,
    ) -> Option<DeletionTable> {
        let mut rd = Reader {
            bytes: &bytes,
            at: 0,
        };
        if rd.take(8)? != MAGIC || rd.u32()? != VERSION {
            return None;
        }
        let found = Stamp {
            params: rd.u64()?,
            list_len: rd.u64()?,
            list_hash: rd.u64()?,
            entries: rd.u32()?,
            keys_hash: rd.u64()?,
        };
        if stamp.is_some_and(|s| *s != found) {
            return None;
        }
        let r = rd.u32()? as usize;
        let k = rd.u32()? as usize;
        let p = rd.u32()? as usize;
        let width = usize::from(*rd.take(1)?.first()?);
        if width != 2 && width != 4 || r > usize::from(regions) {
            return None;
        }
        let need = r
            .checked_mul(10)?
            .checked_add(k.checked_mul(4)?)?
            .checked_add(p.checked_mul(width)?)?;
        if bytes.len().checked_sub(rd.at)? != need {
            return None;
        }
        let numbers = rd.take(2 * r)?.chunks_exact(2).map(le_u16);
        let keys = rd.take(4 * r)?.chunks_exact(4).map(le_u32);
        let postings = rd.take(4 * r)?.chunks_exact(4).map(le_u32);
        let keys_at = rd.at;
        let mut table = DeletionTable {
            keys_at,
            postings_at: keys_at + 4 * k,
            wide: width == 4,
            slots: vec![0; usize::from(regions)],
            regions: Vec::with_capacity(r),
            max_postings,
            bytes: Cow::Borrowed(&[]),
        };
        let (mut key, mut posting) = (0u32, 0u32);
        let mut previous = None;
        for ((number, n), m) in numbers.zip(keys).zip(postings) {
            // Numbers increasing; every key with 1 to `max_postings` postings.
            let most = u64::from(n) * max_postings as u64;
            if previous.is_some_and(|p| p >= number) || n == 0 || m < n || u64::from(m) > most {
                return None;
            }
            previous = Some(number);
            let slot = u16::try_from(table.regions.len() + 1).ok()?;
            *table.slots.get_mut(usize::from(number))? = slot;
            table.regions.push(Region {
                key,
                keys: n,
                posting,
                postings: m,
                index: OnceLock::new(),
            });
            key = key.checked_add(n)?;
            posting = posting.checked_add(m)?;
        }
        if key as usize != k || posting as usize != p {
            return None;
        }
        table.bytes = bytes;
        Some(table)
    }

    /// The entries with any of the deletion keys `probes` (region number
    /// and fingerprint), into `ids` (cleared first), sorted and
    /// deduplicated. The look-ups go in phases (buckets, then keys, then
    /// postings) so that the processor can overlap their cache misses.
    pub(crate) fn collect(&self, probes: impl IntoIterator<Item = (u16, u32)>, ids: &mut Vec<u32>) {
        ids.clear();
        let probes = probes.into_iter();
        // (region, first and end key of the bucket in the region, fingerprint)
        let mut hits: Vec<(u16, u32, u32, u32)> = Vec::with_capacity(probes.size_hint().0);
        for (region, fp) in probes {
            let Some(&slot) = self.slots.get(usize::from(region)) else {
                continue;
            };
            let Some(r) = self.regions.get(usize::from(slot).wrapping_sub(1)) else {
                continue;
            };
            let ix = r.index.get_or_init(|| self.region_index(r));
            let b = if ix.bits == 0 {
                0
            } else {
                (fp >> (32 - ix.bits)) as usize
            };
            if let (Some(&lo), Some(&hi)) = (ix.buckets.get(b), ix.buckets.get(b + 1))
                && lo < hi
            {
                hits.push((slot, lo, hi, fp));
            }
        }
        // (region, key in the region)
        let mut found: Vec<(u16, u32)> = Vec::with_capacity(hits.len());
        for &(slot, lo, hi, fp) in &hits {
            let Some(r) = self.regions.get(usize::from(slot).wrapping_sub(1)) else {
                continue;
            };
            let first = r.key as usize;
            if let Some(keys) = self.keys(first + lo as usize..first + hi as usize)
                && let Some(at) = keys.chunks_exact(4).position(|c| le_u32(c) == fp)
            {
                found.push((slot, lo + at as u32));
            }
        }
        for (slot, k) in found {
            let Some(r) = self.regions.get(usize::from(slot).wrapping_sub(1)) else {
                continue;
            };
            let k = k as usize;
            if let Some(ix) = r.index.get()
                && let (Some(&s), Some(&e)) = (ix.starts.get(k), ix.starts.get(k + 1))
            {
                let first = r.posting as usize;
                self.postings(first + s as usize..first + e as usize, ids);
            }
        }
        ids.sort_unstable();
        ids.dedup();
    }

    /// The number of deletion keys.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.regions.iter().map(|r| r.keys as usize).sum()
    }

    /// The heap memory the table holds, in bytes: the encoded tables when
    /// they were built at run time, and the region tables built so far.
    pub(crate) fn heap_bytes(&self) -> usize {
        let own = match &self.bytes {
            Cow::Borrowed(_) => 0,
            Cow::Owned(v) => v.capacity(),
        };
        let built: usize = self
            .regions
            .iter()
            .filter_map(|r| r.index.get())
            .map(|ix| (ix.buckets.len() + ix.starts.len()) * 4)
            .sum();
        own + self.slots.capacity() * 2
            + self.regions.capacity() * std::mem::size_of::<Region>()
            + built
    }

    /// The look-up tables of region `r`. A region whose keys are not
    /// increasing or whose postings do not match its keys (a damaged
    /// table) gets tables that find nothing.
    fn region_index(&self, r: &Region) -> RegionIndex {
        let n = r.keys as usize;
        let bits = match r.keys {
            0 | 1 => 0,
            n => 32 - (n - 1).leading_zeros(),
        };
        let size = 1usize << bits;
        let nothing = || RegionIndex {
            bits: 0,
            buckets: Box::new([0, 0]),
            starts: Box::new([0]),
        };
        let first = r.key as usize;
        let Some(keys) = self.keys(first..first + n) else {
            return nothing();
        };
        let mut buckets: Vec<u32> = Vec::with_capacity(size + 1);
        // Bucket `b` starts at the first key whose top bits reach `b`.
        let mut next = 0usize;
        let mut previous = None;
        for (at, k) in (0u32..).zip(keys.chunks_exact(4).map(le_u32)) {
            if previous.is_some_and(|p| p >= k) {
                return nothing();
            }
            previous = Some(k);
            let b = if bits == 0 {
                0
            } else {
                (k >> (32 - bits)) as usize
            };
            if b >= next {
                buckets.extend(std::iter::repeat_n(at, b - next + 1));
                next = b + 1;
            }
        }
        buckets.extend(std::iter::repeat_n(r.keys, size.saturating_sub(next) + 1));
        let mut starts: Vec<u32> = Vec::with_capacity(n + 1);
        starts.push(0);
        let mut start = 0u32;
        for i in 0..r.postings {
            if self.is_last(r.posting as usize + i as usize) {
                if (i + 1 - start) as usize > self.max_postings {
                    return nothing();
                }
                start = i + 1;
                starts.push(start);
            }
        }
        if starts.len() != n + 1 || start != r.postings {
            return nothing();
        }
        RegionIndex {
            bits,
            buckets: buckets.into_boxed_slice(),
            starts: starts.into_boxed_slice(),
        }
    }

    /// The bytes of keys `range`.
    fn keys(&self, range: std::ops::Range<usize>) -> Option<&[u8]> {
        self.bytes
            .get(self.keys_at + 4 * range.start..self.keys_at + 4 * range.end)
    }

    /// Appends postings `range`, without their end-of-key bits, to `ids`.
    fn postings(&self, range: std::ops::Range<usize>, ids: &mut Vec<u32>) {
        let w = if self.wide { 4 } else { 2 };
        let Some(b) = self
            .bytes
            .get(self.postings_at + w * range.start..self.postings_at + w * range.end)
        else {
            return;
        };
        if self.wide {
            ids.extend(b.chunks_exact(4).map(|c| le_u32(c) & !LAST));
        } else {
            ids.extend(b.chunks_exact(2).map(|c| u32::from(le_u16(c) & !LAST16)));
        }
    }

    /// True when posting `i` is the last of its key.
    fn is_last(&self, i: usize) -> bool {
        if self.wide {
            let at = self.postings_at + 4 * i;
            self.bytes
                .get(at..at + 4)
                .is_some_and(|c| le_u32(c) & LAST != 0)
        } else {
            let at = self.postings_at + 2 * i;
            self.bytes
                .get(at..at + 2)
                .is_some_and(|c| le_u16(c) & LAST16 != 0)
        }
    }
}

/// A little-endian `u16` from a chunk of exactly 2 bytes.
fn le_u16(c: &[u8]) -> u16 {
    c.try_into().map_or(0, u16::from_le_bytes)
}

/// A little-endian `u32` from a chunk of exactly 4 bytes.
fn le_u32(c: &[u8]) -> u32 {
    c.try_into().map_or(0, u32::from_le_bytes)
}

/// Reads a byte string front to back.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(b)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(le_u32)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take(8)?.try_into().ok().map(u64::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::PopularIndex;
    use baitwatch_metadata::Ecosystem;

    const REGIONS: u16 = 1 << 13;

    fn stamp() -> Stamp {
        Stamp {
            params: 1,
            list_len: 2,
            list_hash: 3,
            entries: 40_000,
            keys_hash: 5,
        }
    }

    /// Three regions; key 7 of region 9 has three postings.
    fn tables(big_id: u32) -> Tables {
        Tables {
            regions: vec![(2, 1), (9, 3), (8000, 2)],
            keys: vec![5, 7, 0x8000_0000, u32::MAX, 1, 2],
            starts: vec![0, 1, 4, 5, 6, 7, 8],
            postings: vec![0, 1, 2, big_id, 4, 5, 6, 7],
        }
    }

    fn open(bytes: Vec<u8>) -> Option<DeletionTable> {
        DeletionTable::open(Cow::Owned(bytes), Some(&stamp()), REGIONS, 32)
    }

    fn find(t: &DeletionTable, probes: &[(u16, u32)]) -> Vec<u32> {
        let mut ids = Vec::new();
        t.collect(probes.iter().copied(), &mut ids);
        ids
    }

    #[test]
    fn round_trip() {
        for big in [3, 39_999] {
            let bytes = encode(&stamp(), &tables(big)).unwrap();
            let wide = big >= 1 << 15;
            assert_eq!(
                bytes.len(),
                HEADER + 3 * 10 + 6 * 4 + 8 * if wide { 4 } else { 2 }
            );
            let t = open(bytes).unwrap();
            assert_eq!(t.len(), 6);
            assert_eq!(find(&t, &[(2, 5)]), [0]);
            assert_eq!(find(&t, &[(9, 7)]), [1, 2, big]);
            assert_eq!(find(&t, &[(9, u32::MAX), (8000, 2), (2, 5)]), [0, 5, 7]);
            assert_eq!(find(&t, &[(9, 0x8000_0000), (8000, 1)]), [4, 6]);
            assert!(find(&t, &[(9, 5), (2, 7), (3, 5), (8000, 3), (u16::MAX, 1)]).is_empty());
            assert!(t.heap_bytes() > 0);
        }
        let t = DeletionTable::empty();
        assert!(find(&t, &[(2, 5)]).is_empty());
    }

    #[test]
    fn rejects_foreign_stale_and_damaged_files() {
        let good = encode(&stamp(), &tables(3)).unwrap();
        assert!(open(good.clone()).is_some());
        assert!(open(Vec::new()).is_none());
        for n in 0..good.len() {
            assert!(open(good[..n].to_vec()).is_none(), "truncated to {n}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(open(longer).is_none());
        let mut magic = good.clone();
        magic[0] ^= 1;
        assert!(open(magic).is_none());
        let mut version = good.clone();
        version[8] ^= 1;
        assert!(open(version).is_none());
        // Any stamp field differing.
        for at in 12..HEADER - 13 {
            let mut s = good.clone();
            s[at] ^= 0x10;
            assert!(open(s).is_none(), "stamp byte {at}");
        }
        // Without a stamp to match, the stamp is not checked.
        let mut other = good.clone();
        other[12] ^= 1;
        assert!(DeletionTable::open(Cow::Owned(other), None, REGIONS, 32).is_some());
        // Too many postings for the limit: refused, or for one key the
        // region finds nothing.
        assert!(DeletionTable::open(Cow::Owned(good.clone()), None, REGIONS, 1).is_none());
        let t = DeletionTable::open(Cow::Owned(good.clone()), None, REGIONS, 2).unwrap();
        assert!(find(&t, &[(9, 7), (9, u32::MAX)]).is_empty());
        assert_eq!(find(&t, &[(2, 5)]), [0]);
        // A region number beyond the table.
        assert!(DeletionTable::open(Cow::Owned(good), None, 100, 32).is_none());
        // Keys that cannot be written.
        let mut t = tables(3);
        t.starts[1] = 0;
        assert!(encode(&stamp(), &t).is_none());
        assert!(encode(&stamp(), &tables(LAST)).is_none());
    }

    #[test]
    fn damaged_regions_find_nothing() {
        let mut t = tables(3);
        t.keys.swap(1, 2); // region 9 no longer increasing
        let bytes = encode(&stamp(), &t).unwrap();
        let t = open(bytes).unwrap();
        assert!(find(&t, &[(9, 7), (9, 5)]).is_empty());
        assert_eq!(find(&t, &[(2, 5)]), [0]);
    }

    #[test]
    fn any_bytes_are_safe() {
        let good = encode(&stamp(), &tables(3)).unwrap();
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..5_000 {
            let mut b = good.clone();
            for _ in 0..3 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let at = (x % b.len() as u64) as usize;
                b[at] = (x >> 40) as u8;
            }
            if let Some(t) = DeletionTable::open(Cow::Owned(b), None, REGIONS, 32) {
                let probes: Vec<(u16, u32)> =
                    [2, 8, 9, 8000].iter().flat_map(|&r| t.keys_of(r)).collect();
                find(&t, &probes);
            }
        }
    }

    impl DeletionTable {
        /// The (region, fingerprint) of every key of region `number`.
        fn keys_of(&self, number: u16) -> Vec<(u16, u32)> {
            let Some(r) = self
                .slots
                .get(usize::from(number))
                .and_then(|&s| self.regions.get(usize::from(s).checked_sub(1)?))
            else {
                return Vec::new();
            };
            let first = r.key as usize;
            self.keys(first..first + r.keys as usize)
                .unwrap_or_default()
                .chunks_exact(4)
                .map(|c| (number, le_u32(c)))
                .collect()
        }
    }

    #[test]
    fn stale_tables_are_not_used() {
        let text = crate::data::NUGET;
        let (reference, loaded) = PopularIndex::load_embedded(&Ecosystem::NuGet, text, None);
        assert!(!loaded);
        let prebuilt = crate::data::prebuilt_tables(&Ecosystem::NuGet).unwrap();
        // The NuGet tables for another list (the npm one), a damaged and an
        // empty file: each is refused and the tables are built instead.
        let damaged: &'static [u8] = prebuilt.get(..prebuilt.len() - 1).unwrap();
        for (what, tables) in [
            (
                "npm tables",
                crate::data::prebuilt_tables(&Ecosystem::Npm).unwrap(),
            ),
            ("damaged", damaged),
            ("empty", &[][..]),
        ] {
            let (ix, loaded) = PopularIndex::load_embedded(&Ecosystem::NuGet, text, Some(tables));
            assert!(!loaded, "{what}");
            for name in [
                "Newtonsoft.Jsno",
                "Serilog.Sinks.Consol",
                "xunit.runner.visualstudo",
            ] {
                assert_eq!(ix.check(name), reference.check(name), "{what} {name}");
            }
        }
        // A list that differs from the one the tables were built from.
        let shorter = text.get(..text.len() - 20).unwrap();
        let (_, loaded) = PopularIndex::load_embedded(&Ecosystem::NuGet, shorter, Some(prebuilt));
        assert!(!loaded);
        let (ix, loaded) = PopularIndex::load_embedded(&Ecosystem::NuGet, text, Some(prebuilt));
        assert!(loaded);
        assert_eq!(
            ix.check("Newtonsoft.Jsno"),
            reference.check("Newtonsoft.Jsno")
        );
    }
}
