//! The prebuilt deletion tables of the embedded lists: current with the
//! lists, and giving the same answers as tables built at run time.

use baitwatch_metadata::Ecosystem;
use baitwatch_typosquat::PopularIndex;

const REGISTRIES: [Ecosystem; 3] = [Ecosystem::Npm, Ecosystem::PyPI, Ecosystem::NuGet];

#[test]
fn prebuilt_tables_match_the_lists() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut stale = Vec::new();
    for eco in REGISTRIES {
        let (file, built) = PopularIndex::embedded_tables_file(&eco).expect("an embedded list");
        let committed = std::fs::read(dir.join(file)).unwrap_or_default();
        if committed != built {
            stale.push(format!(
                "{file}: {} bytes committed, {} built from the list",
                committed.len(),
                built.len()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "prebuilt deletion tables out of date ({}); regenerate them with \
         `cargo run -p baitwatch-typosquat --example build_index` and commit data/index-*.bin",
        stale.join("; ")
    );
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Names near the popular ones (one or two edits, separators, affixes,
/// look-alike characters, scopes) and unrelated random strings.
fn probe_names(popular: &[&str], rng: &mut Rng) -> Vec<String> {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-_.";
    let mut names = Vec::new();
    for _ in 0..400 {
        // Most popular names first: that is where the two-edit keys are.
        let pick = if rng.below(2) == 0 {
            rng.below(popular.len().min(2_000))
        } else {
            rng.below(popular.len())
        };
        let base: Vec<char> = popular[pick].chars().collect();
        let mut c = base.clone();
        for _ in 0..1 + rng.below(2) {
            if c.is_empty() {
                break;
            }
            let at = rng.below(c.len());
            let letter = char::from(LETTERS[rng.below(26)]);
            match rng.below(4) {
                0 => {
                    c.remove(at);
                }
                1 => c.insert(at, letter),
                2 => c[at] = letter,
                _ if at + 1 < c.len() => c.swap(at, at + 1),
                _ => c.push(letter),
            }
        }
        names.push(c.iter().collect());
        let base: String = base.iter().collect();
        names.push(match rng.below(6) {
            0 => base.replace(['-', '.', '_'], ""),
            1 => format!("{base}-utils"),
            2 => format!("py{base}"),
            3 => base.replace('o', "0").replace('l', "1"),
            4 => format!("@evil/{base}"),
            _ => format!("{base}2"),
        });
    }
    for _ in 0..100 {
        let len = 3 + rng.below(14);
        names.push(
            (0..len)
                .map(|_| char::from(LETTERS[rng.below(LETTERS.len())]))
                .collect(),
        );
    }
    names.extend(
        [
            "",
            " ",
            "a",
            "-",
            "@/",
            "ρεqυεsts",
            "lodash",
            "Newtonsoft.Json",
            "requests",
        ]
        .map(String::from),
    );
    names
}

#[test]
fn prebuilt_index_checks_like_one_built_from_the_list() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for eco in REGISTRIES {
        let prebuilt = PopularIndex::embedded(&eco).expect("an embedded list");
        let built = PopularIndex::builder()
            .ecosystem(eco.clone())
            .with_defaults(true)
            .build()
            .expect("the embedded list builds");
        assert_eq!(prebuilt.len(), built.len(), "{eco}");
        let text = match eco {
            Ecosystem::Npm => include_str!("../data/npm.txt"),
            Ecosystem::PyPI => include_str!("../data/pypi.txt"),
            _ => include_str!("../data/nuget.txt"),
        };
        let popular: Vec<&str> = text.lines().collect();
        let names = probe_names(&popular, &mut rng);
        let mut found = 0;
        for name in &names {
            let (a, b) = (prebuilt.check(name), built.check(name));
            assert_eq!(a, b, "{eco} {name:?}");
            assert_eq!(prebuilt.rank(name), built.rank(name), "{eco} {name:?}");
            found += usize::from(!a.is_empty());
        }
        // The names exercise the index: most are squats of something.
        assert!(found * 2 > names.len(), "{eco}: {found} of {}", names.len());
    }
}
