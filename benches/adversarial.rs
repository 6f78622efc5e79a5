//! Adversarial bench: 10 MB inputs built to hurt, each through the reader
//! or detector it targets and through `Scanner::scan`, printing the time
//! per MB. Every case must finish in time linear in its size; the issue's
//! bar is under one second for the 10 MB case.
//!
//! Run with `cargo bench --bench adversarial` (a release build; it prints a
//! table and exits, there is no criterion sampling). `ADVERSARIAL_MB=1`
//! shrinks the inputs for a quick look.
//!
//! Archives are written by hand (a tiny fixed-Huffman deflate encoder) so
//! the bench needs no compression crate: a zip bomb, a gzip tar bomb and a
//! gzip tar of a million empty entries cost a few MB to hold but expand to
//! gigabytes.

use std::time::{Duration, Instant};

use baitwatch::metadata::{archive, nuget, parse_document};
use baitwatch::text::Normalizer;
use baitwatch::{Config, Ecosystem, Limits, Package, Scanner, default_detectors};

const MB: usize = 1 << 20;

fn size_mb() -> usize {
    std::env::var("ADVERSARIAL_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
}

/// `unit` repeated to `len` bytes (cut on a char boundary).
fn repeat_to(unit: &str, len: usize) -> String {
    let mut s = unit.repeat(len / unit.len() + 1);
    let mut end = len.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

struct Row {
    case: String,
    through: String,
    bytes: usize,
    took: Duration,
    note: String,
}

fn time<T>(
    rows: &mut Vec<Row>,
    case: &str,
    through: &str,
    bytes: usize,
    f: impl FnOnce() -> T,
    note: impl FnOnce(&T) -> String,
) {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    let note = note(&out);
    std::hint::black_box(&out);
    let row = Row {
        case: case.into(),
        through: through.into(),
        bytes,
        took,
        note,
    };
    print_row(&row);
    rows.push(row);
}

fn print_row(r: &Row) {
    let mb = r.bytes as f64 / MB as f64;
    let ms = r.took.as_secs_f64() * 1e3;
    let flag = if r.took > Duration::from_secs(1) {
        "  OVER 1 s"
    } else {
        ""
    };
    println!(
        "{:<28} {:<34} {:>8.2} MB {:>10.1} ms {:>9.2} ms/MB  {}{}",
        r.case,
        r.through,
        mb,
        ms,
        ms / mb.max(1e-9),
        r.note,
        flag
    );
}

// ---------------------------------------------------------------- deflate

/// LSB-first bit writer for a raw deflate stream.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn new() -> Bits {
        Bits {
            out: Vec::new(),
            acc: 0,
            n: 0,
        }
    }
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let mut rev = 0;
        for i in 0..len {
            rev |= ((code >> i) & 1) << (len - 1 - i);
        }
        self.put(rev, len);
    }
    fn literal(&mut self, b: u8) {
        if b < 144 {
            self.code(0x30 + u32::from(b), 8);
        } else {
            self.code(0x190 + u32::from(b) - 144, 9);
        }
    }
    /// A match of length 258 at distance 1 or 512.
    fn match258(&mut self, dist: u16) {
        self.code(0xC0 + (285 - 280), 8); // length 258, no extra bits
        match dist {
            1 => self.code(0, 5),
            512 => {
                self.code(17, 5);
                self.put(512 - 385, 7);
            }
            _ => unreachable!("only distances 1 and 512 are used"),
        }
    }
    fn finish(mut self) -> Vec<u8> {
        self.code(0, 7); // end of block (256)
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// One final fixed-Huffman block: `prefix` as literals, then 258-byte
/// matches at `dist` until `total` bytes are produced (the rest literals
/// repeating the period). Returns the deflate bytes.
fn deflate_repeating(prefix: &[u8], dist: u16, total: u64) -> Vec<u8> {
    let mut b = Bits::new();
    b.put(1, 1); // BFINAL
    b.put(1, 2); // fixed Huffman
    for &x in prefix {
        b.literal(x);
    }
    let mut made = prefix.len() as u64;
    while made + 258 <= total {
        b.match258(dist);
        made += 258;
    }
    b.finish()
}

fn gzip(deflate: &[u8]) -> Vec<u8> {
    let mut g = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    g.extend_from_slice(deflate);
    g.extend_from_slice(&[0; 8]); // CRC and size: never reached by a bounded reader
    g
}

fn tar_header(name: &str, size_octal: &str) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    h[100..107].copy_from_slice(b"0000644");
    h[108..115].copy_from_slice(b"0000000");
    h[116..123].copy_from_slice(b"0000000");
    h[124..124 + size_octal.len()].copy_from_slice(size_octal.as_bytes());
    h[136..147].copy_from_slice(b"00000000000");
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    let cks = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(cks.as_bytes());
    h
}

/// A zip whose one member, a wheel's METADATA, inflates at ~160:1 from
/// `compressed` bytes of deflate.
fn zip_bomb(compressed: usize) -> Vec<u8> {
    let name = b"bomb-1.0.dist-info/METADATA";
    let data = deflate_repeating(b"Name: bomb\n", 1, (compressed as u64) * 159);
    let (csize, usize_) = (data.len() as u32, u32::MAX - 1);
    let mut z = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    le32(&mut z, 0x0403_4b50);
    for x in [20u16, 0, 8, 0, 0x21] {
        le16(&mut z, x);
    }
    for x in [0u32, csize, usize_] {
        le32(&mut z, x);
    }
    le16(&mut z, name.len() as u16);
    le16(&mut z, 0);
    z.extend_from_slice(name);
    z.extend_from_slice(&data);
    let cd = z.len() as u32;
    le32(&mut z, 0x0201_4b50);
    for x in [20u16, 20, 0, 8, 0, 0x21] {
        le16(&mut z, x);
    }
    for x in [0u32, csize, usize_] {
        le32(&mut z, x);
    }
    for x in [name.len() as u16, 0, 0, 0, 0] {
        le16(&mut z, x);
    }
    le32(&mut z, 0);
    le32(&mut z, 0);
    z.extend_from_slice(name);
    let cd_len = z.len() as u32 - cd;
    le32(&mut z, 0x0605_4b50);
    for x in [0u16, 0, 1, 1] {
        le16(&mut z, x);
    }
    le32(&mut z, cd_len);
    le32(&mut z, cd);
    le16(&mut z, 0);
    z
}

/// A gzip tarball whose `package/package.json` claims 8 GB and inflates
/// as zeros at ~160:1.
fn tgz_bomb(compressed: usize) -> Vec<u8> {
    let h = tar_header("package/package.json", "77777777777");
    gzip(&deflate_repeating(&h, 1, (compressed as u64) * 159))
}

/// A gzip tarball of `entries` identical empty entries.
fn tgz_many_entries(entries: u64) -> Vec<u8> {
    let h = tar_header("package/a", "00000000000");
    gzip(&deflate_repeating(&h, 512, entries * 512))
}

// ---------------------------------------------------------------- main

fn main() {
    let n = size_mb() * MB;
    let mut rows = Vec::new();
    println!(
        "adversarial inputs of {} MB (set ADVERSARIAL_MB to change)",
        n / MB
    );
    println!(
        "{:<28} {:<34} {:>11} {:>13} {:>15}  note",
        "case", "through", "size", "time", "per MB"
    );

    let scanner = Scanner::new();
    let mut unbounded = Config::default();
    unbounded.limits.max_text_bytes = usize::MAX;
    unbounded.limits.max_links = usize::MAX;
    let scanner_unbounded = Scanner::builder()
        .config(unbounded)
        .build()
        .expect("valid config");
    let normalizer = Normalizer::builder()
        .max_bytes(usize::MAX)
        .build()
        .expect("valid normaliser");
    let detectors = default_detectors();

    let texts: Vec<(&str, String)> = vec![
        ("repeated http://", repeat_to("http://", n)),
        ("repeated [[[[", repeat_to("[", n)),
        ("a.a.a.a...", repeat_to("a.", n)),
        ("single 10 MB token", repeat_to("a", n)),
        (
            "1M+ zero-width chars",
            repeat_to("\u{200B}", n.max(3_000_000)),
        ),
        ("markdown links", repeat_to("[x](http://a.tk/?ref=1) ", n)),
        ("spaced letters F R E E", repeat_to("F R E E ", n)),
        ("lure words", repeat_to("free robux generator ", n)),
        ("hxxp [.] disguises", repeat_to("hxxp://a[.]b[.]c ", n)),
        ("<a href= unclosed", repeat_to("<a href=\"", n)),
        ("[x]( unclosed", repeat_to("[x](", n)),
        ("a dot a dot", repeat_to("a dot ", n)),
    ];
    for (case, text) in &texts {
        let len = text.len();
        time(
            &mut rows,
            case,
            "Normalizer (no cap)",
            len,
            || normalizer.normalize(text),
            |v| format!("plain {} B", v.plain().as_str().len()),
        );
        let mut pkg = Package::new(Ecosystem::Npm, "adversarial");
        pkg.description = text.clone();
        for d in &detectors {
            time(
                &mut rows,
                case,
                &format!("detector {} (description)", d.name()),
                len,
                || {
                    let mut out = Vec::new();
                    d.detect(&pkg, &mut out);
                    out
                },
                |f| format!("{} findings", f.len()),
            );
        }
        time(
            &mut rows,
            case,
            "Scanner::scan (description)",
            len,
            || scanner.scan(&pkg),
            |r| format!("score {} ({} findings)", r.score, r.findings.len()),
        );
        time(
            &mut rows,
            case,
            "Scanner::scan, no text cap",
            len,
            || scanner_unbounded.scan(&pkg),
            |r| format!("score {} ({} findings)", r.score, r.findings.len()),
        );
        let mut named = Package::new(Ecosystem::PyPI, text.clone());
        named.summary = text.clone();
        time(
            &mut rows,
            case,
            "Scanner::scan (name+summary)",
            2 * len,
            || scanner.scan(&named),
            |r| format!("score {} ({} findings)", r.score, r.findings.len()),
        );
    }

    let limits = Limits::default();
    let depth = n / 2;
    let nested = format!(
        r#"{{"ecosystem":"npm","name":"x","zzz":{}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    time(
        &mut rows,
        "nested JSON [[[...]]]",
        "Package::from_json",
        nested.len(),
        || Package::from_json(nested.as_bytes()).map(|_| ()),
        |r| format!("{r:?}").chars().take(60).collect(),
    );
    time(
        &mut rows,
        "nested JSON [[[...]]]",
        "parse_document",
        nested.len(),
        || parse_document(nested.as_bytes(), None, &limits).map(|_| ()),
        |r| format!("{r:?}").chars().take(60).collect(),
    );
    let objects = format!(
        r#"{{"name":"x","a":{}1{}}}"#,
        r#"{"a":"#.repeat(n / 6),
        "}".repeat(n / 6)
    );
    time(
        &mut rows,
        "nested JSON {\"a\":{...}}",
        "parse_document",
        objects.len(),
        || parse_document(objects.as_bytes(), Some("package.json"), &limits).map(|_| ()),
        |r| format!("{r:?}").chars().take(60).collect(),
    );
    let xml = format!(
        "<package><metadata>{}</metadata></package>",
        "<a>".repeat(n / 3)
    );
    time(
        &mut rows,
        "nested XML <a><a>...",
        "nuget::parse_nuspec",
        xml.len(),
        || nuget::parse_nuspec(xml.as_bytes(), &limits).map(|_| ()),
        |r| format!("{r:?}").chars().take(60).collect(),
    );

    let zip = zip_bomb(n);
    time(
        &mut rows,
        "zip bomb (~1.6 GB METADATA)",
        "archive::read_archive",
        zip.len(),
        || archive::read_archive(&zip, Some("bomb-1.0-py3-none-any.whl"), &limits).map(|_| ()),
        |r| format!("{r:?}").chars().take(60).collect(),
    );
    let tgz = tgz_bomb(n);
    time(
        &mut rows,
        "tgz bomb (8 GB package.json)",
        "archive::read_archive",
        tgz.len(),
        || archive::read_archive(&tgz, Some("bomb-1.0.0.tgz"), &limits).map(|_| ()),
        |r| format!("{r:?}").chars().take(60).collect(),
    );
    let many = tgz_many_entries(1_000_000);
    time(
        &mut rows,
        "tgz, 1M empty entries",
        "archive::read_archive",
        many.len(),
        || archive::read_archive(&many, Some("many-1.0.0.tgz"), &limits).map(|_| ()),
        |r| format!("{r:?}").chars().take(60).collect(),
    );
    time(
        &mut rows,
        "tgz, 1M empty entries",
        "parse_document",
        many.len(),
        || parse_document(&many, Some("many-1.0.0.tgz"), &limits).map(|_| ()),
        |r| format!("{r:?}").chars().take(60).collect(),
    );

    let slow: Vec<&Row> = rows
        .iter()
        .filter(|r| r.took > Duration::from_secs(1) && r.bytes <= 2 * 10 * MB + MB)
        .collect();
    println!();
    if slow.is_empty() {
        println!("every case finished in under 1 s");
    } else {
        println!("{} case(s) over 1 s:", slow.len());
        for r in slow {
            print_row(r);
        }
    }
}
