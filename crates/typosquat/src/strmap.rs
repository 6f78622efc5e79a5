//! A map from strings to entry ids, built once and then only read.
//!
//! The index holds six such maps of one key per popular name. As
//! `HashMap<Box<str>, u32>` each key is an allocation of its own and
//! building them was a third of the cost of loading an embedded list; here
//! the keys of a map sit one after another in one string and an
//! open-addressing table points into it, so inserting a key allocates
//! nothing (amortised) and a look-up is a hash, usually one slot and one
//! string comparison.

use baitwatch_text::fxhash::hash_bytes;

/// Keys and their values, in insertion order, and a hash table over them.
#[derive(Debug, Default)]
pub(crate) struct StrMap {
    /// The keys, one after another.
    text: String,
    /// Where each key ends in `text` (it starts where the previous one ends).
    ends: Vec<u32>,
    /// The value of each key.
    values: Vec<u32>,
    /// Open addressing with linear probing: (high bits of the key's hash,
    /// 1 + its number), `(0, 0)` when empty. The length is a power of two
    /// at least twice the number of keys, or zero.
    slots: Vec<(u32, u32)>,
}

impl StrMap {
    /// A map with room for `n` keys of `bytes` bytes in all before it
    /// grows.
    pub(crate) fn with_capacity(n: usize, bytes: usize) -> StrMap {
        StrMap {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(n),
            values: Vec::with_capacity(n),
            slots: vec![(0, 0); table_size(n)],
        }
    }

    /// The value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&u32> {
        let h = hash_bytes(key.as_bytes());
        let at = self.find(key, h).ok()?;
        self.values.get(at)
    }

    /// How many keys the map holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    /// Adds `key` with `value` unless the map has it already; true if added.
    pub(crate) fn insert(&mut self, key: &str, value: u32) -> bool {
        self.insert_with(value, |text| text.push_str(key))
    }

    /// Adds the key that `write` appends to a string, with `value`, unless
    /// the map has it already; true if added. Saves building the key in a
    /// string of its own.
    pub(crate) fn insert_with(&mut self, value: u32, write: impl FnOnce(&mut String)) -> bool {
        if (self.values.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let start = self.text.len();
        write(&mut self.text);
        let Some(key) = self.text.get(start..) else {
            return false;
        };
        let h = hash_bytes(key.as_bytes());
        let end = u32::try_from(self.text.len());
        let number = u32::try_from(self.values.len() + 1);
        let (Ok(end), Ok(number), Err(slot)) = (end, number, self.find(key, h)) else {
            // Present already, or the map is full.
            self.text.truncate(start);
            return false;
        };
        self.ends.push(end);
        self.values.push(value);
        if let Some(s) = self.slots.get_mut(slot) {
            *s = (tag(h), number);
        }
        true
    }

    /// The heap memory the map holds, in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.ends.capacity() * 4
            + self.values.capacity() * 4
            + self.slots.capacity() * 8
    }

    /// The key with number `at`.
    fn key(&self, at: usize) -> &str {
        let start = match at.checked_sub(1) {
            Some(prev) => self.ends.get(prev).map_or(0, |&e| e as usize),
            None => 0,
        };
        let end = self.ends.get(at).map_or(0, |&e| e as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// `Ok(number)` of `key` (hash `h`) if present, else `Err(slot)` of the
    /// empty slot where it would go (`Err(usize::MAX)` if there is none).
    fn find(&self, key: &str, h: u64) -> Result<usize, usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = h as usize & mask;
        // The table is at most half full, so an empty slot comes soon.
        for _ in 0..self.slots.len() {
            let Some(&(t, number)) = self.slots.get(i) else {
                break;
            };
            if number == 0 {
                return Err(i);
            }
            let at = number as usize - 1;
            if t == tag(h) && self.key(at) == key {
                return Ok(at);
            }
            i = (i + 1) & mask;
        }
        Err(usize::MAX)
    }

    /// Makes room for one more key: doubles the table and puts every key
    /// back.
    fn grow(&mut self) {
        let size = table_size(self.values.len() + 1);
        self.slots = vec![(0, 0); size];
        let mask = size - 1;
        for at in 0..self.values.len() {
            let h = hash_bytes(self.key(at).as_bytes());
            let mut i = h as usize & mask;
            while let Some(s) = self.slots.get_mut(i) {
                if s.1 == 0 {
                    *s = (tag(h), at as u32 + 1);
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }
}

/// The table size for `n` keys: a power of two, at least `2 n` and 16.
fn table_size(n: usize) -> usize {
    n.saturating_mul(2).max(16).next_power_of_two()
}

/// The bits of a hash kept in a slot to skip most string comparisons.
fn tag(h: u64) -> u32 {
    (h >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_and_finds() {
        let mut m = StrMap::with_capacity(2, 0);
        assert!(m.get("a").is_none());
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert!(m.insert(w, i as u32), "{w}");
        }
        assert!(!m.insert("w7", 99), "keeps the first value");
        assert!(m.insert("", 5), "the empty key is a key");
        assert!(m.insert_with(6, |t| t.push_str("x y")));
        assert!(!m.insert_with(7, |t| t.push_str("w1")));
        assert_eq!(m.len(), 1002);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(m.get(w), Some(&(i as u32)), "{w}");
        }
        assert_eq!(m.get(""), Some(&5));
        assert_eq!(m.get("x y"), Some(&6));
        assert!(m.get("w999").is_some());
        assert!(m.get("w1000").is_none());
        assert!(m.get("w").is_none());
        assert!(StrMap::default().get("").is_none());
        let mut d = StrMap::default();
        assert!(d.insert("a", 1));
        assert_eq!(d.get("a"), Some(&1));
    }
}
