//! The finder: collects keys package by package, then groups with
//! exact-key buckets and union-find.

use std::collections::HashMap;

use baitwatch_metadata::{Ecosystem, Package};
use rayon::prelude::*;

use crate::features::{self, Bounds, PAIR_BIT, kind_of};
use crate::{BuildError, Campaign, Campaigns, Member, Signal, SignalKind};

/// Most signals reported per campaign.
const MAX_SIGNALS: usize = 12;

/// Options of a [`CampaignFinder`]; see [`CampaignFinder::builder`].
#[derive(Clone, Debug)]
pub struct CampaignFinderBuilder {
    min_size: usize,
    disabled: Vec<SignalKind>,
    max_text_bytes: usize,
}

impl Default for CampaignFinderBuilder {
    fn default() -> Self {
        CampaignFinderBuilder {
            min_size: 5,
            disabled: Vec::new(),
            max_text_bytes: 20_000,
        }
    }
}

impl CampaignFinderBuilder {
    /// Smallest group reported as a campaign (default 5, at least 2).
    pub fn min_size(&mut self, n: usize) -> &mut Self {
        self.min_size = n;
        self
    }

    /// Turns one signal kind on or off (all are on by default).
    pub fn signal(&mut self, kind: SignalKind, on: bool) -> &mut Self {
        self.disabled.retain(|k| *k != kind);
        if !on {
            self.disabled.push(kind);
        }
        self
    }

    /// How many bytes of each summary and description are read (default
    /// 20,000); the rest is ignored.
    pub fn max_text_bytes(&mut self, n: usize) -> &mut Self {
        self.max_text_bytes = n;
        self
    }

    /// A finder with these options.
    ///
    /// Fails when `min_size` is below 2 or every signal is off.
    pub fn build(&self) -> Result<CampaignFinder, BuildError> {
        if self.min_size < 2 {
            return Err(BuildError::MinSize {
                value: self.min_size,
            });
        }
        let finder = self.finder();
        if !finder.enabled.iter().any(|e| *e) {
            return Err(BuildError::NoSignals);
        }
        Ok(finder)
    }

    fn finder(&self) -> CampaignFinder {
        CampaignFinder {
            min_size: self.min_size.max(2),
            enabled: SignalKind::ALL
                .iter()
                .map(|k| !self.disabled.contains(k))
                .collect(),
            bounds: Bounds {
                max_text_bytes: self.max_text_bytes,
            },
            ecosystems: Vec::new(),
            records: Vec::new(),
            postings: Vec::new(),
            evidence: HashMap::new(),
        }
    }
}

/// Groups packages into campaigns.
///
/// Add packages with [`add`](CampaignFinder::add) (or
/// [`add_batch`](CampaignFinder::add_batch), which extracts keys on all
/// cores), then call [`finish`](CampaignFinder::finish). Each package
/// costs its name plus about a dozen 16-byte keys until `finish`, however
/// long its text; no pair of packages is ever compared directly, so the
/// time is `O(n log n)` in the number of keys.
///
/// The same packages added in the same order always give the same
/// campaigns in the same order.
#[derive(Clone, Debug)]
pub struct CampaignFinder {
    min_size: usize,
    enabled: Vec<bool>,
    bounds: Bounds,
    ecosystems: Vec<Ecosystem>,
    /// (ecosystem index, name) per package.
    records: Vec<(u8, Box<str>)>,
    /// (key, package index << 1 | generated).
    postings: Vec<(u64, u32)>,
    /// Evidence of keys seen at least twice (`None` after the first sighting).
    evidence: HashMap<u64, Option<Box<str>>>,
}

impl Default for CampaignFinder {
    fn default() -> Self {
        CampaignFinder::new()
    }
}

impl CampaignFinder {
    /// A finder with the default options (campaigns of 5 or more, every
    /// signal on).
    pub fn new() -> CampaignFinder {
        CampaignFinderBuilder::default().finder()
    }

    /// Options other than the defaults.
    pub fn builder() -> CampaignFinderBuilder {
        CampaignFinderBuilder::default()
    }

    /// Number of packages added so far.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether no package was added.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Adds one package; returns its index (its position in the input),
    /// which [`Campaigns::findings_for`] takes.
    ///
    /// Beyond `u32::MAX / 2` packages further ones are counted but not
    /// grouped.
    pub fn add(&mut self, package: &Package) -> usize {
        let keys = features::extract(package, &self.enabled, self.bounds);
        self.push(package, keys)
    }

    /// Adds many packages, extracting their keys in parallel; the result is
    /// the same as adding them one by one in order.
    pub fn add_batch(&mut self, packages: &[Package]) {
        let keys: Vec<Vec<features::Key>> = packages
            .par_iter()
            .map(|p| features::extract(p, &self.enabled, self.bounds))
            .collect();
        for (p, k) in packages.iter().zip(keys) {
            self.push(p, k);
        }
    }

    fn push(&mut self, package: &Package, keys: Vec<features::Key>) -> usize {
        let index = self.records.len();
        let eco = match self.ecosystems.iter().position(|e| *e == package.ecosystem) {
            Some(i) => i,
            None if self.ecosystems.len() < 255 => {
                self.ecosystems.push(package.ecosystem.clone());
                self.ecosystems.len() - 1
            }
            None => 0,
        };
        self.records.push((
            u8::try_from(eco).unwrap_or(0),
            features::truncate(&package.name, 256).into(),
        ));
        let Some(slot) = u32::try_from(index)
            .ok()
            .filter(|i| *i < u32::MAX / 2)
            .map(|i| i << 1)
        else {
            return index;
        };
        for k in keys {
            self.postings.push((k.key, slot | u32::from(k.generated)));
            if k.key & PAIR_BIT == 0 {
                match self.evidence.get_mut(&k.key) {
                    Some(e @ None) => *e = Some(k.evidence.into_boxed_str()),
                    Some(Some(_)) => {}
                    None => {
                        self.evidence.insert(k.key, None);
                    }
                }
            }
        }
        index
    }

    /// Groups everything added so far into campaigns.
    pub fn finish(self) -> Campaigns {
        let CampaignFinder {
            min_size,
            ecosystems,
            records,
            mut postings,
            evidence,
            ..
        } = self;
        let n = records.len();
        postings.sort_unstable();
        postings.dedup_by(|a, b| a.0 == b.0 && a.1 >> 1 == b.1 >> 1);

        let runs = Runs::new(&postings);
        let mut uf = UnionFind::new(n);
        let mut strong = vec![false; n];
        for run in runs.clone() {
            if run.len() < 2 || !groups(run) {
                continue;
            }
            let first = (run[0].1 >> 1) as usize;
            let is_strong = kind_of(run[0].0).is_some_and(SignalKind::is_strong);
            for &(_, r) in run {
                let r = (r >> 1) as usize;
                uf.union(first, r);
                if is_strong && let Some(s) = strong.get_mut(r) {
                    *s = true;
                }
            }
        }

        // Components of at least min_size, largest first.
        let mut members_of: HashMap<usize, Vec<u32>> = HashMap::new();
        for r in 0..n {
            let root = uf.find(r);
            if uf.size(root) >= min_size {
                members_of.entry(root).or_default().push(r as u32);
            }
        }
        let mut groups_v: Vec<Vec<u32>> = members_of.into_values().collect();
        groups_v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.first().cmp(&b.first())));
        let mut membership: Vec<Option<(u32, u32)>> = vec![None; n];
        for (ci, g) in groups_v.iter().enumerate() {
            for (mi, &r) in g.iter().enumerate() {
                if let Some(slot) = membership.get_mut(r as usize) {
                    *slot = Some((ci as u32, mi as u32));
                }
            }
        }

        // Signals: single keys shared by a good part of a campaign.
        struct Cand {
            camp: u32,
            count: usize,
            kind: SignalKind,
            key: u64,
        }
        let mut cands: Vec<Cand> = Vec::new();
        let mut per_camp: HashMap<u32, usize> = HashMap::new();
        for run in runs.clone() {
            let Some(kind) = kind_of(run[0].0) else {
                continue;
            };
            if run.len() < 2 || (kind == SignalKind::NameTemplate && !groups(run)) {
                continue;
            }
            per_camp.clear();
            for &(_, r) in run {
                if let Some(Some((c, _))) = membership.get((r >> 1) as usize) {
                    *per_camp.entry(*c).or_default() += 1;
                }
            }
            for (&camp, &count) in &per_camp {
                let size = groups_v.get(camp as usize).map_or(0, Vec::len);
                if count >= 2 && count * 5 >= size {
                    cands.push(Cand {
                        camp,
                        count,
                        kind,
                        key: run[0].0,
                    });
                }
            }
        }
        cands.sort_by(|a, b| {
            a.camp
                .cmp(&b.camp)
                .then(b.count.cmp(&a.count))
                .then(b.kind.is_strong().cmp(&a.kind.is_strong()))
                .then(a.kind.cmp(&b.kind))
                .then(a.key.cmp(&b.key))
        });
        let mut signals: Vec<Vec<(u64, Signal)>> = vec![Vec::new(); groups_v.len()];
        for c in cands {
            let Some(list) = signals.get_mut(c.camp as usize) else {
                continue;
            };
            let ev = evidence
                .get(&c.key)
                .and_then(|e| e.as_deref())
                .unwrap_or("")
                .to_owned();
            if list.len() >= MAX_SIGNALS || list.iter().any(|(_, s)| s.evidence == ev) {
                continue;
            }
            list.push((
                c.key,
                Signal {
                    kind: c.kind,
                    evidence: ev,
                    members: c.count,
                },
            ));
        }
        let chosen: HashMap<u64, Vec<(u32, usize)>> = {
            let mut m: HashMap<u64, Vec<(u32, usize)>> = HashMap::new();
            for (ci, list) in signals.iter().enumerate() {
                for (si, (key, _)) in list.iter().enumerate() {
                    m.entry(*key).or_default().push((ci as u32, si));
                }
            }
            m
        };
        let mut member_signals: Vec<Vec<Vec<usize>>> =
            groups_v.iter().map(|g| vec![Vec::new(); g.len()]).collect();
        for run in runs {
            let Some(targets) = chosen.get(&run[0].0) else {
                continue;
            };
            for &(_, r) in run {
                if let Some(Some((c, m))) = membership.get((r >> 1) as usize)
                    && let Some(&(_, si)) = targets.iter().find(|(tc, _)| tc == c)
                    && let Some(v) = member_signals
                        .get_mut(*c as usize)
                        .and_then(|g| g.get_mut(*m as usize))
                {
                    v.push(si);
                }
            }
        }

        let campaigns = groups_v
            .into_iter()
            .zip(signals)
            .zip(member_signals)
            .enumerate()
            .map(|(ci, ((g, sigs), msigs))| Campaign {
                id: ci + 1,
                size: g.len(),
                strong: g
                    .iter()
                    .any(|&r| strong.get(r as usize).copied().unwrap_or(false)),
                signals: sigs.into_iter().map(|(_, s)| s).collect(),
                members: g
                    .iter()
                    .zip(msigs)
                    .map(|(&r, mut sig)| {
                        sig.sort_unstable();
                        let (eco, name) = records
                            .get(r as usize)
                            .cloned()
                            .unwrap_or((0, Box::from("")));
                        Member {
                            index: r as usize,
                            ecosystem: ecosystems
                                .get(usize::from(eco))
                                .cloned()
                                .unwrap_or(Ecosystem::Other(String::new())),
                            name: name.into(),
                            signals: sig,
                        }
                    })
                    .collect(),
            })
            .collect();
        Campaigns {
            campaigns,
            membership,
        }
    }
}

/// Whether a bucket of packages sharing one key groups them: pair keys and
/// strong keys do, name templates only when enough of the masked parts
/// look generated (so `azure-mgmt-{x}` over ordinary words does not), name
/// stems only in buckets of at most [`STEM_CAP`] packages, two thirds of
/// them one run of letters and digits (a flood varying one word, not a
/// vendor family joining words with separators).
fn groups(run: &[(u64, u32)]) -> bool {
    let Some(&(key, _)) = run.first() else {
        return false;
    };
    if key & PAIR_BIT != 0 {
        return true;
    }
    match kind_of(key) {
        Some(SignalKind::NameTemplate) => {
            let generated = run.iter().filter(|(_, r)| r & 1 == 1).count();
            generated >= 2 && generated * 5 >= run.len()
        }
        Some(SignalKind::NameStem) => {
            let joined = run.iter().filter(|(_, r)| r & 1 == 1).count();
            run.len() <= STEM_CAP && joined * 3 >= run.len() * 2
        }
        Some(k) => k.is_strong(),
        None => false,
    }
}

/// Largest bucket a name stem groups: a stem shared by more packages is a
/// common word (`pythoni…`, `django-…`), not one actor's.
const STEM_CAP: usize = 40;

/// Runs of equal keys in sorted postings.
#[derive(Clone)]
struct Runs<'a> {
    rest: &'a [(u64, u32)],
}

impl<'a> Runs<'a> {
    fn new(p: &'a [(u64, u32)]) -> Self {
        Runs { rest: p }
    }
}

impl<'a> Iterator for Runs<'a> {
    type Item = &'a [(u64, u32)];
    fn next(&mut self) -> Option<Self::Item> {
        let key = self.rest.first()?.0;
        let end = self
            .rest
            .iter()
            .position(|p| p.0 != key)
            .unwrap_or(self.rest.len());
        let (run, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(run)
    }
}

struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.parent.get(x) {
            let p = p as usize;
            if p == x {
                break;
            }
            let gp = self.parent.get(p).copied().unwrap_or(p as u32);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = gp;
            }
            x = gp as usize;
        }
        x
    }

    fn size(&self, root: usize) -> usize {
        self.size.get(root).copied().unwrap_or(1) as usize
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (big, small) = if self.size(ra) >= self.size(rb) {
            (ra, rb)
        } else {
            (rb, ra)
        };
        if let Some(p) = self.parent.get_mut(small) {
            *p = big as u32;
        }
        let s = self.size(small) as u32;
        if let Some(sz) = self.size.get_mut(big) {
            *sz += s;
        }
    }
}
