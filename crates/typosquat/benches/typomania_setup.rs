//! typomania configured as crates.io configures it (bitflips, omitted
//! characters, swapped words, keyboard typos), over the same popular lists
//! baitwatch embeds. Shared by the bench and the comparison example.
#![allow(dead_code)]

use std::collections::HashMap;

use typomania::checks::{Bitflips, Omitted, SwappedWords, Typos};
use typomania::{AuthorSet, Corpus, Harness, Package};

/// crates.io's alphabet of name characters.
pub const ALPHABET: &str = "abcdefghijklmnopqrstuvwxyz1234567890-_";

/// crates.io's "easily confused characters" table (as in typomania's example).
pub static TYPOS: &[(char, &[&str])] = &[
    ('1', &["2", "q", "i", "l"]),
    ('2', &["1", "q", "w", "3"]),
    ('3', &["2", "w", "e", "4"]),
    ('4', &["3", "e", "r", "5"]),
    ('5', &["4", "r", "t", "6", "s"]),
    ('6', &["5", "t", "y", "7"]),
    ('7', &["6", "y", "u", "8"]),
    ('8', &["7", "u", "i", "9"]),
    ('9', &["8", "i", "o", "0"]),
    ('0', &["9", "o", "p", "-"]),
    ('-', &["_", "0", "p", ".", ""]),
    ('_', &["-", "0", "p", ".", ""]),
    ('q', &["1", "2", "w", "a"]),
    ('w', &["2", "3", "e", "s", "a", "q", "vv"]),
    ('e', &["3", "4", "r", "d", "s", "w"]),
    ('r', &["4", "5", "t", "f", "d", "e"]),
    ('t', &["5", "6", "y", "g", "f", "r"]),
    ('y', &["6", "7", "u", "h", "t", "i"]),
    ('u', &["7", "8", "i", "j", "y", "v"]),
    ('i', &["1", "8", "9", "o", "l", "k", "j", "u", "y"]),
    ('o', &["9", "0", "p", "l", "i"]),
    ('p', &["0", "-", "o"]),
    ('a', &["q", "w", "s", "z"]),
    ('s', &["w", "d", "x", "z", "a", "5"]),
    ('d', &["e", "r", "f", "c", "x", "s"]),
    ('f', &["r", "g", "v", "c", "d"]),
    ('g', &["t", "h", "b", "v", "f"]),
    ('h', &["y", "j", "n", "b", "g"]),
    ('j', &["u", "i", "k", "m", "n", "h"]),
    ('k', &["i", "o", "l", "m", "j"]),
    ('l', &["i", "o", "p", "k", "1"]),
    ('z', &["a", "s", "x"]),
    ('x', &["z", "s", "d", "c"]),
    ('c', &["x", "d", "f", "v"]),
    ('v', &["c", "f", "g", "b", "u"]),
    ('b', &["v", "g", "h", "n"]),
    ('n', &["b", "h", "j", "m"]),
    ('m', &["n", "j", "k", "rn"]),
    ('.', &["-", "_", ""]),
];

/// A package with no authors, so that no squat is suppressed.
pub struct Pkg;

impl AuthorSet for Pkg {
    fn contains(&self, _author: &str) -> bool {
        false
    }
}

impl Package for Pkg {
    fn authors(&self) -> &dyn AuthorSet {
        self
    }
    fn description(&self) -> Option<&str> {
        None
    }
    fn shared_authors(&self, _other: &dyn AuthorSet) -> bool {
        false
    }
}

/// The popular names, lower-cased, as a typomania corpus.
pub struct Top(pub HashMap<String, Pkg>);

impl Corpus for Top {
    fn contains_name(&self, name: &str) -> typomania::Result<bool> {
        Ok(self.0.contains_key(name))
    }
    fn get(&self, name: &str) -> typomania::Result<Option<&dyn Package>> {
        Ok(self.0.get(name).map(|p| p as &dyn Package))
    }
}

/// A harness with crates.io's checks over `names` (most popular first).
pub fn harness<'a>(names: impl Iterator<Item = &'a str>) -> Harness<Top> {
    let top = Top(names.map(|n| (n.to_lowercase(), Pkg)).collect());
    let keys: Vec<String> = top.0.keys().cloned().collect();
    Harness::empty_builder()
        .with_check(Bitflips::new(ALPHABET, keys.iter().map(String::as_str)))
        .with_check(Omitted::new(ALPHABET))
        .with_check(SwappedWords::new("-_"))
        .with_check(Typos::new(
            TYPOS
                .iter()
                .map(|(c, t)| (*c, t.iter().map(|s| s.to_string()).collect())),
        ))
        .build(top)
}

/// The popular targets typomania names for `name` (lower-cased).
pub fn squat_targets(h: &Harness<Top>, name: &str) -> Vec<String> {
    let name = name.to_lowercase();
    match h.check_package(&name, Box::new(Pkg)) {
        Ok(squats) => squats.iter().map(|s| s.package().to_string()).collect(),
        Err(_) => Vec::new(),
    }
}
