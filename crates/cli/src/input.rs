//! Turning command-line PATHs into a stream of input items, in order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use baitwatch::metadata::Limits;

/// One thing to score, or one thing that could not be read.
pub enum Item {
    /// One JSONL line.
    Record {
        /// `path:line`.
        origin: String,
        /// The line's bytes.
        bytes: Vec<u8>,
    },
    /// A whole document file (package.json, METADATA, .nuspec, archive ...).
    Document {
        /// The path.
        origin: String,
        /// The file name, a hint for the format.
        hint: String,
        /// The bytes.
        bytes: Vec<u8>,
        /// Found by walking a directory: an unrecognised file is skipped, not an error.
        walked: bool,
    },
    /// Input that could not be read at all.
    Error {
        /// `path` or `path:line`.
        origin: String,
        /// Why.
        message: String,
        /// An I/O error (a missing or unreadable path), as opposed to a bad record.
        io: bool,
    },
}

/// Extensions read as JSONL, one package a line.
fn is_jsonl_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()),
        Some(ref e) if e == "jsonl" || e == "ndjson"
    )
}

/// Produces the items of every PATH, in order, lazily: a JSONL file is read
/// line by line, so memory stays flat however long it is.
pub struct Inputs {
    pending: Vec<(PathBuf, bool)>,
    current: Option<Lines>,
    limits: Limits,
}

struct Lines {
    origin: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
}

impl Inputs {
    /// `paths` as given on the command line (`-` is standard input).
    pub fn new(paths: &[PathBuf], limits: Limits) -> Inputs {
        let mut pending: Vec<(PathBuf, bool)> = paths.iter().map(|p| (p.clone(), false)).collect();
        pending.reverse();
        Inputs {
            pending,
            current: None,
            limits,
        }
    }

    fn next_line(&mut self) -> Option<Item> {
        let max = self.limits.max_document_bytes;
        let lines = self.current.as_mut()?;
        loop {
            lines.line += 1;
            let origin = format!("{}:{}", lines.origin, lines.line);
            match read_bounded_line(&mut lines.reader, max) {
                Ok(None) => {
                    self.current = None;
                    return None;
                }
                Ok(Some(Line::Text(bytes))) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Item::Record { origin, bytes });
                }
                Ok(Some(Line::TooLong(n))) => {
                    return Some(Item::Error {
                        origin,
                        message: format!(
                            "JSONL record: line of {n} bytes exceeds the limit of {max} bytes"
                        ),
                        io: false,
                    });
                }
                Err(e) => {
                    self.current = None;
                    return Some(Item::Error {
                        origin,
                        message: format!("read error: {e}"),
                        io: true,
                    });
                }
            }
        }
    }

    fn open(&mut self, path: PathBuf, walked: bool) -> Option<Item> {
        let origin = path.display().to_string();
        if path.as_os_str() == "-" {
            self.current = Some(Lines {
                origin: "<stdin>".into(),
                reader: Box::new(BufReader::new(io::stdin())),
                line: 0,
            });
            return None;
        }
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                return Some(Item::Error {
                    origin,
                    message: format!("cannot read: {e}"),
                    io: true,
                });
            }
        };
        if meta.is_dir() {
            match sorted_dir(&path) {
                Ok(children) => {
                    for c in children.into_iter().rev() {
                        self.pending.push((c, true));
                    }
                    None
                }
                Err(e) => Some(Item::Error {
                    origin,
                    message: format!("cannot list directory: {e}"),
                    io: true,
                }),
            }
        } else if meta.file_type().is_symlink() && walked {
            // Symlinks met while walking are not followed (no loops, no escapes).
            None
        } else if is_jsonl_name(&path) {
            match File::open(&path) {
                Ok(f) => {
                    self.current = Some(Lines {
                        origin,
                        reader: Box::new(BufReader::with_capacity(1 << 16, f)),
                        line: 0,
                    });
                    None
                }
                Err(e) => Some(Item::Error {
                    origin,
                    message: format!("cannot open: {e}"),
                    io: true,
                }),
            }
        } else {
            let max = self.limits.max_document_bytes;
            let hint = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let read = File::open(&path).and_then(|f| {
                let mut bytes = Vec::new();
                f.take(max as u64 + 1).read_to_end(&mut bytes)?;
                Ok(bytes)
            });
            match read {
                Ok(bytes) if bytes.len() > max => Some(Item::Error {
                    origin,
                    message: format!("file exceeds the limit of {max} bytes"),
                    io: false,
                }),
                Ok(bytes) => {
                    if looks_like_jsonl(&bytes) {
                        self.current = Some(Lines {
                            origin,
                            reader: Box::new(io::Cursor::new(bytes)),
                            line: 0,
                        });
                        None
                    } else {
                        Some(Item::Document {
                            origin,
                            hint,
                            bytes,
                            walked,
                        })
                    }
                }
                Err(e) => Some(Item::Error {
                    origin,
                    message: format!("cannot read: {e}"),
                    io: true,
                }),
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.current.is_some() {
                if let Some(item) = self.next_line() {
                    return Some(item);
                }
                continue;
            }
            let (path, walked) = self.pending.pop()?;
            if let Some(item) = self.open(path, walked) {
                return Some(item);
            }
        }
    }
}

/// Content sniffing for JSONL under another name: at least two non-empty
/// lines, the first a JSON object of its own with a `name` key.
fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let (Some(first), Some(_)) = (lines.next(), lines.next()) else {
        return false;
    };
    matches!(
        serde_json::from_slice::<serde_json::Value>(first),
        Ok(serde_json::Value::Object(m)) if m.contains_key("name")
    )
}

fn sorted_dir(path: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    entries.sort();
    Ok(entries)
}

enum Line {
    Text(Vec<u8>),
    TooLong(usize),
}

/// Reads one line of at most `max` bytes; a longer line is consumed to its
/// end without being kept, so a hostile line cannot exhaust memory.
fn read_bounded_line(r: &mut dyn BufRead, max: usize) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let (done, used) = {
            let chunk = match r.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                (true, 0)
            } else {
                any = true;
                match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        if total + i <= max {
                            buf.extend_from_slice(&chunk[..i]);
                        }
                        total += i;
                        (true, i + 1)
                    }
                    None => {
                        if total + chunk.len() <= max {
                            buf.extend_from_slice(chunk);
                        } else {
                            buf.clear();
                        }
                        total += chunk.len();
                        (false, chunk.len())
                    }
                }
            }
        };
        r.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if total > max {
        return Ok(Some(Line::TooLong(total)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Text(buf)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut r = io::Cursor::new(b"ab\r\n\nabcdefgh\nxy".to_vec());
        let mut got = Vec::new();
        while let Some(l) = read_bounded_line(&mut r, 4).unwrap() {
            got.push(match l {
                Line::Text(t) => String::from_utf8(t).unwrap(),
                Line::TooLong(n) => format!("too long {n}"),
            });
        }
        assert_eq!(got, ["ab", "", "too long 8", "xy"]);
    }

    #[test]
    fn sniff() {
        assert!(looks_like_jsonl(b"{\"name\":\"a\"}\n{\"name\":\"b\"}\n"));
        assert!(!looks_like_jsonl(b"{\n\"name\":\"a\"\n}\n"));
        assert!(!looks_like_jsonl(b"{\"name\":\"a\"}\n"));
    }
}
