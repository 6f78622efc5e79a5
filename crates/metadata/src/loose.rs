//! Lenient reading of batch-record fields: whatever JSON shape a field
//! arrives in, keep the text it holds.
//!
//! Batch records are written by other tools (registry dumps, `jq` over
//! `npm view --json`, database exports), so a version may come as a number,
//! an author as an npm person object, a repository as `{type, url}`, and a
//! text field as a list. Refusing such a record would leave it unscored;
//! reading only the shapes we expect would let an attacker hide text in an
//! unexpected one. So every field is read into [`Loose`] first, and the
//! conversions below keep the meaningful part of the known shapes and the
//! string leaves of any other.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Any JSON value, with scalars already turned into text.
#[derive(Debug, Default)]
pub(crate) enum Loose {
    /// `null` or absent.
    #[default]
    Null,
    /// A string, or a number or boolean as text.
    Text(String),
    /// An array.
    List(Vec<Loose>),
    /// An object, its entries in document order.
    Map(Vec<(String, Loose)>),
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Loose, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        // Debug keeps the point of a whole float (`1.0`, not `1`).
        Ok(Loose::Text(format!("{v:?}")))
    }

    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }

    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Loose>()? {
            items.push(item);
        }
        Ok(Loose::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Loose>()? {
            entries.push((k, v));
        }
        Ok(Loose::Map(entries))
    }
}

/// The keys that name a person in a person object, in order of preference.
const PERSON_NAME_KEYS: &[&str] = &["name", "username", "email"];

impl Loose {
    /// The value of `key` in an object (the first, case-insensitively).
    fn get(&self, key: &str) -> Option<&Loose> {
        match self {
            Loose::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Every string leaf, in document order.
    fn leaves<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Loose::Null => {}
            Loose::Text(s) => out.push(s),
            Loose::List(items) => items.iter().for_each(|i| i.leaves(out)),
            Loose::Map(entries) => entries.iter().for_each(|(_, v)| v.leaves(out)),
        }
    }

    /// The text of a free-text field: a string as is; a list or object as
    /// its non-blank string leaves, one a line.
    pub(crate) fn text(self) -> String {
        match self {
            Loose::Null => String::new(),
            Loose::Text(s) => s,
            other => other.text_ref(),
        }
    }

    /// The text of the first of `keys` an object holds, or [`Loose::text`]
    /// of anything else (an object with none of them included).
    fn text_of(self, keys: &[&str]) -> String {
        if let Loose::Map(_) = self {
            for key in keys {
                if let Some(s) = self.get(key).map(Loose::text_ref)
                    && !s.is_empty()
                {
                    return s;
                }
            }
        }
        self.text()
    }

    /// A person or several (npm `author` objects, NuGet author lists):
    /// the names, joined with ", ", and the e-mail address of the first
    /// person object that gives one.
    pub(crate) fn person(self) -> (String, String) {
        fn one(p: Loose, email: &mut String) -> String {
            if let Some(e) = p.get("email")
                && email.is_empty()
            {
                *email = e.text_ref();
            }
            p.text_of(PERSON_NAME_KEYS)
        }
        let mut email = String::new();
        let names = match self {
            Loose::List(items) => {
                let names: Vec<String> = items.into_iter().map(|p| one(p, &mut email)).collect();
                join_nonblank(names.iter().map(String::as_str), ", ")
            }
            other => one(other, &mut email),
        };
        (names, email)
    }

    /// A URL field: a string, the `url` of an object (npm `repository`,
    /// `bugs`), or the first URL of a list.
    pub(crate) fn url(self) -> String {
        match self {
            Loose::List(items) => items
                .into_iter()
                .map(Loose::url)
                .find(|u| !u.trim().is_empty())
                .unwrap_or_default(),
            other => other.text_of(&["url", "href", "web"]),
        }
    }

    /// A licence: a string, the `type` or `name` of an object, or a list
    /// joined with " OR ".
    pub(crate) fn license(self) -> String {
        match self {
            Loose::List(items) => {
                let names: Vec<String> = items.into_iter().map(Loose::license).collect();
                join_nonblank(names.iter().map(String::as_str), " OR ")
            }
            other => other.text_of(&["type", "name", "spdx"]),
        }
    }

    /// A list of words or names: a string split on commas (or white space
    /// when it has none), each item of a list (objects by their `name`).
    pub(crate) fn list(self, split: &dyn Fn(&str) -> Vec<String>) -> Vec<String> {
        match self {
            Loose::Null => Vec::new(),
            Loose::Text(s) => split(&s),
            Loose::List(items) => items
                .into_iter()
                .flat_map(|i| match i {
                    Loose::Text(s) => vec![s.trim().to_owned()],
                    Loose::Map(_) => vec![i.text_of(PERSON_NAME_KEYS)],
                    other => other.list(split),
                })
                .filter(|s| !s.is_empty())
                .collect(),
            map @ Loose::Map(_) => split(&map.text_of(&["name"])),
        }
    }

    /// Labelled URLs: an object of label to URL (values of any shape, by
    /// [`Loose::url`]), or a list of `"Label, url"` strings (PyPI
    /// `Project-URL`), `[label, url]` pairs or `{label|name, url}` objects.
    pub(crate) fn url_map(self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        match self {
            Loose::Map(entries) => {
                for (k, v) in entries {
                    let u = v.url();
                    if !u.is_empty() {
                        out.insert(k, u);
                    }
                }
            }
            Loose::List(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    let (label, url) = match item {
                        Loose::Text(s) => match s.split_once(',') {
                            Some((l, u)) => (l.trim().to_owned(), u.trim().to_owned()),
                            None => (String::new(), s.trim().to_owned()),
                        },
                        Loose::List(pair) => {
                            let mut it = pair.into_iter();
                            let first = it.next().map(Loose::text).unwrap_or_default();
                            match it.next() {
                                Some(second) => (first, second.url()),
                                None => (String::new(), first),
                            }
                        }
                        map @ Loose::Map(_) => {
                            let label = map
                                .get("label")
                                .or_else(|| map.get("name"))
                                .map(Loose::text_ref)
                                .unwrap_or_default();
                            (label, map.url())
                        }
                        Loose::Null => continue,
                    };
                    if url.is_empty() {
                        continue;
                    }
                    let label = if label.is_empty() {
                        format!("url{}", i + 1)
                    } else {
                        label
                    };
                    out.entry(label).or_insert(url);
                }
            }
            Loose::Text(s) if !s.trim().is_empty() => {
                out.insert(String::from("url"), s.trim().to_owned());
            }
            _ => {}
        }
        out
    }

    /// Named texts (npm `scripts`): an object's entries with their text.
    pub(crate) fn text_map(self) -> BTreeMap<String, String> {
        match self {
            Loose::Map(entries) => entries
                .into_iter()
                .map(|(k, v)| (k, v.text()))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// A count: a number, or a string holding one.
    pub(crate) fn count(self) -> Option<u64> {
        match self {
            Loose::Text(s) => {
                let s = s.trim();
                s.parse::<u64>().ok().or_else(|| {
                    // A float such as `3.0` (some exporters write counts so).
                    s.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite() && *f >= 0.0 && f.fract() == 0.0)
                        .map(|f| f as u64)
                })
            }
            _ => None,
        }
    }

    /// The non-blank string leaves of a borrowed value, each trimmed, one
    /// a line (what [`Loose::text`] gives for a list or object).
    fn text_ref(&self) -> String {
        let mut leaves = Vec::new();
        self.leaves(&mut leaves);
        join_nonblank(leaves, "\n")
    }
}

fn join_nonblank<'a>(parts: impl IntoIterator<Item = &'a str>, sep: &str) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}
