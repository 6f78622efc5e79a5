//! Evaluates campaign grouping on the shared corpus and prints the
//! acceptance figures; with `--bench N` also groups `N` records (the
//! corpus scaled up with generated siblings) and reports time and peak
//! memory.
//!
//! ```sh
//! cargo run --release -p baitwatch-campaign --example campaign_eval
//! cargo run --release -p baitwatch-campaign --example campaign_eval -- --bench 1000000
//! ```
//!
//! The corpus labels (`campaign`, `labels`, `advisory_*`) are read only to
//! score the result, never given to the finder.

use std::collections::HashMap;
use std::time::Instant;

use baitwatch_campaign::CampaignFinder;
use baitwatch_metadata::{Ecosystem, Package};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");

struct Labelled {
    package: Package,
    benign: bool,
    campaign: Option<String>,
    lorem: bool,
}

fn load(file: &str, benign: bool) -> Vec<Labelled> {
    let path = format!("{CORPUS}/{file}");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("corpus file {path} not found: skipping");
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let package = Package::from_json(line.as_bytes()).ok()?;
            let v: serde_json::Value = serde_json::from_str(line).ok()?;
            let campaign = v
                .get("campaign")
                .and_then(|c| c.as_str())
                .filter(|c| !c.is_empty())
                .map(str::to_owned);
            let lorem = v
                .get("label_rules")
                .and_then(|r| r.as_array())
                .is_some_and(|r| {
                    r.iter()
                        .any(|x| x.as_str().is_some_and(|s| s.contains("lorem")))
                });
            Some(Labelled {
                package,
                benign,
                campaign,
                lorem,
            })
        })
        .collect()
}

fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args
        .iter()
        .position(|a| a == "--bench")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok());
    let list = args.iter().any(|a| a == "--list");

    let mut records = load("malicious.jsonl", false);
    records.extend(load("benign-sample.jsonl", true));
    if records.is_empty() {
        return;
    }
    if let Some(n) = bench {
        run_bench(&records, n);
        return;
    }

    let start = Instant::now();
    let mut finder = CampaignFinder::new();
    let packages: Vec<Package> = records.iter().map(|r| r.package.clone()).collect();
    finder.add_batch(&packages);
    let campaigns = finder.finish();
    println!(
        "{} records -> {} campaigns (>= 5) in {:.2} s",
        records.len(),
        campaigns.len(),
        start.elapsed().as_secs_f64()
    );

    // 1. kam193 PyPI campaigns with >= 5 members.
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for r in &records {
        if r.package.ecosystem == Ecosystem::PyPI
            && let Some(c) = &r.campaign
        {
            *sizes.entry(c).or_default() += 1;
        }
    }
    let mut per: HashMap<&str, (usize, usize)> = HashMap::new();
    let (mut total, mut ok, mut any, mut ok_labelled) = (0usize, 0usize, 0usize, 0usize);
    for (i, r) in records.iter().enumerate() {
        let Some(c) = r.campaign.as_deref() else {
            continue;
        };
        if r.package.ecosystem != Ecosystem::PyPI || sizes.get(c).copied().unwrap_or(0) < 5 {
            continue;
        }
        total += 1;
        let e = per.entry(c).or_default();
        e.0 += 1;
        if let Some(camp) = campaigns.campaign_of(i) {
            any += 1;
            let same = camp
                .members
                .iter()
                .filter(|m| records.get(m.index).and_then(|x| x.campaign.as_deref()) == Some(c))
                .count();
            let labelled = camp
                .members
                .iter()
                .filter(|m| records.get(m.index).is_some_and(|x| x.campaign.is_some()))
                .count();
            if same * 2 > labelled {
                ok_labelled += 1;
            }
            if same * 2 > camp.size {
                ok += 1;
                e.1 += 1;
            }
        }
    }
    println!(
        "kam193 PyPI campaigns >= 5: {} records in {} campaigns; in a group whose majority shares it: {} ({:.1} %)",
        total,
        per.len(),
        ok,
        100.0 * ok as f64 / total.max(1) as f64
    );
    println!(
        "  of them in any campaign: {any}; in a group where it is the majority of the kam193-labelled members: {ok_labelled} ({:.1} %)",
        100.0 * ok_labelled as f64 / total.max(1) as f64
    );
    let mut perv: Vec<_> = per.into_iter().collect();
    perv.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    for (c, (n, k)) in perv.iter().take(if list { 100 } else { 25 }) {
        println!("  {n:>4} {k:>4}  {c}");
    }

    ceiling(&records, &sizes);

    if args.iter().any(|a| a == "--mixed") {
        // Groups holding kam193 records where no campaign is the majority.
        for c in &campaigns {
            let mut comp: HashMap<&str, usize> = HashMap::new();
            for m in &c.members {
                let l = records
                    .get(m.index)
                    .map_or("?", |x| match (&x.campaign, x.benign) {
                        (Some(c), _) => c.as_str(),
                        (None, true) => "benign",
                        (None, false) => "-",
                    });
                *comp.entry(l).or_default() += 1;
            }
            let labelled: usize = comp
                .iter()
                .filter(|(k, _)| !matches!(**k, "benign" | "-" | "?"))
                .map(|(_, v)| *v)
                .sum();
            let top = comp.values().copied().max().unwrap_or(0);
            if labelled >= 3 && top * 2 <= c.size {
                let mut comp: Vec<_> = comp.into_iter().collect();
                comp.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                comp.truncate(5);
                println!(
                    "mixed #{} size {} {:?} sig {:?}",
                    c.id,
                    c.size,
                    comp,
                    c.signals
                        .iter()
                        .take(4)
                        .map(|s| (
                            s.kind.as_str(),
                            s.members,
                            s.evidence.chars().take(60).collect::<String>()
                        ))
                        .collect::<Vec<_>>()
                );
            }
        }
    }

    if let Some(who) = args
        .iter()
        .position(|a| a == "--who")
        .and_then(|i| args.get(i + 1))
    {
        for (i, r) in records.iter().enumerate() {
            if &r.package.name == who {
                match campaigns.campaign_of(i) {
                    Some(c) => println!(
                        "{who}: {}",
                        c.to_string()
                            .lines()
                            .take(30)
                            .collect::<Vec<_>>()
                            .join("\n")
                    ),
                    None => println!("{who}: no campaign"),
                }
            }
        }
    }

    if let Some(why) = args
        .iter()
        .position(|a| a == "--why")
        .and_then(|i| args.get(i + 1))
    {
        let mut seen = std::collections::BTreeSet::new();
        for (i, r) in records.iter().enumerate() {
            if r.campaign.as_deref() != Some(why.as_str()) {
                continue;
            }
            let Some(c) = campaigns.campaign_of(i) else {
                println!("  {} -> none", r.package.name);
                continue;
            };
            if !seen.insert(c.id) {
                continue;
            }
            let mut comp: HashMap<String, usize> = HashMap::new();
            for m in &c.members {
                let l = records
                    .get(m.index)
                    .map(|x| match (&x.campaign, x.benign) {
                        (Some(c), _) => c.clone(),
                        (None, true) => "benign".into(),
                        (None, false) => "-".into(),
                    })
                    .unwrap_or_default();
                *comp.entry(l).or_default() += 1;
            }
            let mut comp: Vec<_> = comp.into_iter().collect();
            comp.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            comp.truncate(5);
            println!(
                "  #{} size {} {:?} sig {:?}",
                c.id,
                c.size,
                comp,
                c.signals
                    .iter()
                    .take(3)
                    .map(|s| (s.kind.as_str(), s.evidence.as_str()))
                    .collect::<Vec<_>>()
            );
        }
    }

    // 2. Named families.
    let family = |label: &str, pred: &dyn Fn(&Labelled) -> bool| {
        let idx: Vec<usize> = (0..records.len())
            .filter(|&i| records.get(i).is_some_and(pred))
            .collect();
        let mut groups: HashMap<usize, usize> = HashMap::new();
        let mut grouped = 0;
        for &i in &idx {
            if let Some(c) = campaigns.campaign_of(i) {
                grouped += 1;
                *groups.entry(c.id).or_default() += 1;
            }
        }
        println!(
            "family {label}: {} records, {} grouped, in {} campaigns",
            idx.len(),
            grouped,
            groups.len()
        );
    };
    family("lorem-ipsum scoped npm", &|r| {
        r.lorem && r.package.name.starts_with('@')
    });
    family("*-robux-generator-2023-*", &|r| {
        r.package.name.contains("-robux-generator-2023-")
    });
    family("cash-app-money-generator-*", &|r| {
        r.package.name.starts_with("cash-app-money-generator-")
    });

    // 3. Benign groups.
    let benign_total = records.iter().filter(|r| r.benign).count();
    let mut benign_groups = 0;
    let mut benign_in = 0;
    for c in &campaigns {
        let b = c
            .members
            .iter()
            .filter(|m| records.get(m.index).is_some_and(|r| r.benign))
            .count();
        if b * 2 > c.size {
            benign_groups += 1;
            benign_in += b;
            println!(
                "benign group: {}",
                c.to_string()
                    .lines()
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n  | ")
            );
        }
    }
    println!(
        "groups mostly benign: {benign_groups}, holding {benign_in} benign records = {:.2} % of {benign_total} benign",
        100.0 * benign_in as f64 / benign_total.max(1) as f64
    );
    let benign_flagged = records
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            r.benign
                && campaigns
                    .findings_for(*i)
                    .iter()
                    .map(|f| f.weight)
                    .sum::<f64>()
                    >= 40.0
        })
        .count();
    println!("benign records whose campaign findings alone sum to >= 40: {benign_flagged}");
    for prefix in [
        "@types/",
        "@babel/plugin-",
        "azure-mgmt-",
        "microsoft.extensions.",
    ] {
        let idx: Vec<usize> = (0..records.len())
            .filter(|&i| {
                records
                    .get(i)
                    .is_some_and(|r| r.benign && r.package.name.to_lowercase().starts_with(prefix))
            })
            .collect();
        let with = idx
            .iter()
            .filter(|&&i| !campaigns.findings_for(i).is_empty())
            .count();
        println!(
            "benign family {prefix}*: {} records, {with} with campaign findings",
            idx.len()
        );
    }
    let score = |i: usize| {
        let mut best: HashMap<String, f64> = HashMap::new();
        for f in campaigns.findings_for(i) {
            let e = best.entry(f.rule).or_default();
            *e = e.max(f.weight);
        }
        best.values().sum::<f64>()
    };
    let mal: Vec<usize> = (0..records.len())
        .filter(|&i| records.get(i).is_some_and(|r| !r.benign))
        .collect();
    let grouped = mal
        .iter()
        .filter(|&&i| campaigns.campaign_of(i).is_some())
        .count();
    let over = |t: f64| mal.iter().filter(|&&i| score(i) >= t).count();
    println!(
        "malicious records: {}, in a campaign: {grouped}, campaign findings alone >= 20: {}, >= 40: {}",
        mal.len(),
        over(20.0),
        over(40.0)
    );
    // 4. Real READMEs of popular packages (links, authors, long texts).
    let readmes = load("benign-readmes.jsonl", true);
    let mut f = CampaignFinder::new();
    for r in &readmes {
        f.add(&r.package);
    }
    let rc = f.finish();
    println!(
        "benign-readmes.jsonl alone: {} records -> {} campaigns holding {} records",
        readmes.len(),
        rc.len(),
        rc.iter().map(|c| c.size).sum::<usize>()
    );
    for c in &rc {
        println!(
            "  readme group: {}",
            c.to_string()
                .lines()
                .take(6)
                .collect::<Vec<_>>()
                .join("\n  | ")
        );
    }
    if list {
        for c in campaigns.iter().take(60) {
            println!(
                "{}",
                c.to_string().lines().take(6).collect::<Vec<_>>().join("\n")
            );
        }
    }
}

/// Scales the corpus up to `n` records with generated siblings: every
/// corpus record plus variants whose names get new numeric / random
/// suffixes and whose texts are kept, the way a flood campaign or a
/// vendor family grows.
fn run_bench(records: &[Labelled], n: usize) {
    let mut rng = 0x1234_5678_9abc_def0u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let base: Vec<&Package> = records.iter().map(|r| &r.package).collect();
    let start = Instant::now();
    let mut finder = CampaignFinder::new();
    let mut made = 0usize;
    let mut generating = 0.0f64;
    while made < n {
        // Generate the next chunk (not timed), then add it.
        let t = Instant::now();
        let chunk: Vec<Package> = (made..(made + 50_000).min(n))
            .filter_map(|i| {
                let mut q = (*base.get(i % base.len())?).clone();
                if i >= base.len() {
                    let len = 3 + (next() % 6) as usize;
                    let suffix: String = (0..len)
                        .map(|_| {
                            let k = (next() % alphabet.len() as u64) as usize;
                            char::from(alphabet.get(k).copied().unwrap_or(b'x'))
                        })
                        .collect();
                    q.name = match next() % 4 {
                        0 => format!("{}-{}", q.name, suffix),
                        1 => format!("{}{}", q.name, next() % 10_000),
                        2 => format!("{}-{}-{}", suffix, q.name, next() % 100),
                        _ => format!(
                            "{}-{}",
                            q.name,
                            suffix.trim_matches(|c: char| c.is_ascii_digit())
                        ),
                    };
                }
                Some(q)
            })
            .collect();
        generating += t.elapsed().as_secs_f64();
        made += chunk.len();
        finder.add_batch(&chunk);
    }
    let added = start.elapsed().as_secs_f64() - generating;
    let campaigns = finder.finish();
    let total = start.elapsed().as_secs_f64() - generating;
    let grouped: usize = campaigns.iter().map(|c| c.size).sum();
    println!(
        "bench: {made} records -> {} campaigns ({grouped} records grouped); adding {added:.2} s, total {total:.2} s (generating the input, {generating:.2} s, not counted); peak memory (VmHWM, incl. corpus and one 50,000-record chunk) {:.0} MiB",
        campaigns.len(),
        peak_mib()
    );
}

/// What package data can reach at best: for the kam193 PyPI records of
/// campaigns with at least 5 members, how many carry nothing but a name and
/// a version, how many belong to kam193's `GENERIC-*` / `SCRIPT_KIDDIE-*`
/// buckets (a technique, not one actor), and how many share anything at all
/// with another member of their campaign: an equal summary, description,
/// author, e-mail or homepage, a name token of 4 or more letters, the same
/// first 4 letters, or a name within edit distance 2. The last is a
/// generous upper bound on what any grouping of package data can place.
fn ceiling(records: &[Labelled], sizes: &HashMap<&str, usize>) {
    let target = |r: &Labelled| {
        r.package.ecosystem == Ecosystem::PyPI
            && r.campaign
                .as_deref()
                .is_some_and(|c| sizes.get(c).copied().unwrap_or(0) >= 5)
    };
    let mut by: HashMap<&str, Vec<&Package>> = HashMap::new();
    for r in records.iter().filter(|r| target(r)) {
        if let Some(c) = r.campaign.as_deref() {
            by.entry(c).or_default().push(&r.package);
        }
    }
    let tokens = |p: &Package| -> Vec<String> {
        p.name
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|t| t.len() >= 4)
            .map(str::to_owned)
            .collect()
    };
    let fields = |p: &Package| -> Vec<(usize, String)> {
        [
            &p.summary,
            &p.description,
            &p.author,
            &p.author_email,
            &p.homepage,
        ]
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(i, v)| (i, v.trim().to_lowercase()))
        .collect()
    };
    let (mut total, mut name_only, mut generic, mut linked, mut linked_generic) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut name_only_unlinked = 0usize;
    let mut list: Vec<(&&str, &Vec<&Package>)> = by.iter().collect();
    list.sort_by(|a, b| a.0.cmp(b.0));
    for (c, members) in list {
        let is_generic = c.starts_with("GENERIC") || c.starts_with("SCRIPT_KIDDIE");
        for (i, p) in members.iter().enumerate() {
            total += 1;
            let bare = fields(p).is_empty()
                && p.keywords.is_empty()
                && p.project_urls.is_empty()
                && p.repository.trim().is_empty();
            name_only += usize::from(bare);
            generic += usize::from(is_generic);
            let (pn, pt, pf) = (p.name.to_lowercase(), tokens(p), fields(p));
            let link = members.iter().enumerate().any(|(j, o)| {
                if i == j {
                    return false;
                }
                let on = o.name.to_lowercase();
                let of = fields(o);
                pf.iter().any(|f| of.contains(f))
                    || tokens(o).iter().any(|t| pt.contains(t))
                    || (pn.len() >= 5 && on.get(..4).is_some() && pn.get(..4) == on.get(..4))
                    || edit_distance_le2(&pn, &on)
            });
            if is_generic {
                linked_generic += usize::from(link);
            } else {
                linked += usize::from(link);
                name_only_unlinked += usize::from(bare && !link);
            }
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
    println!(
        "reach: {total} records; name and version only: {name_only} ({:.1} %); in GENERIC-/SCRIPT_KIDDIE- buckets: {generic} ({:.1} %)",
        pct(name_only),
        pct(generic)
    );
    println!(
        "reach: outside those buckets, sharing anything with a campaign sibling: {linked} ({:.1} %, the upper bound for any grouping of package data); with nothing but a name and a version and no such link: {name_only_unlinked}; GENERIC records with a link: {linked_generic}",
        pct(linked)
    );
}

/// Whether two names are within Levenshtein distance 2.
fn edit_distance_le2(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 || a.len() > 64 || b.len() > 64 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let v = (prev[j + 1] + 1)
                .min(cur[j] + 1)
                .min(prev[j] + usize::from(ca != cb));
            cur.push(v);
        }
        prev = cur;
    }
    prev.last().is_some_and(|d| *d <= 2)
}
