//! Batch-scale figures: records per second per core (names only, and with
//! README-sized descriptions), start-up time with the embedded data, and
//! the peak memory of the `baitwatch` binary over a 1 GB JSONL stream.
//!
//! ```sh
//! cargo build --release -p baitwatch-cli          # the binary the stream test runs
//! cargo run --release --example throughput -- ../shared/corpus
//! cargo run --release --example throughput -- ../shared/corpus --stream-mb 1024
//! ```
//!
//! * Records per second: one thread scores every record of
//!   `malicious.jsonl` + `benign-sample.jsonl` with only `ecosystem` and
//!   `name` kept ("names only"), then the same packages each given one of
//!   the real READMEs of `benign-readmes.jsonl` as description
//!   ("README-sized", about 6 KB each). Five runs each; the median is
//!   printed, as CPU time of the scanning thread (the machine is shared).
//! * Start-up: in a fresh child process (this example re-run with
//!   `--startup`), the time from `main` to the first report of each
//!   registry, which includes building the embedded popular-name index of
//!   that registry; also the wall time of `baitwatch scan` on one record.
//! * Stream: runs `target/release/baitwatch scan --format jsonl -` and
//!   writes generated records to its stdin until `--stream-mb` MB (default
//!   1024) have gone in, reading its output as it comes; samples its
//!   `VmHWM` (peak resident memory) from `/proc` every 50 ms and prints it
//!   at 10% steps, so flat memory shows as a flat line.
//! * Ceiling: how fast one pass of each building block the detectors rely
//!   on reads the same READMEs alone (`linkify` finding links, an
//!   `aho-corasick` DFA over the embedded lure lexicon, `str::to_lowercase`),
//!   as MB/s and as the records per second per core that the pass alone
//!   would allow, beside the target of 100,000 README-sized records per
//!   second per core. A scanner that makes each pass once can go no faster
//!   than the slowest of them.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use baitwatch::{Package, Scanner};

#[path = "support/clock.rs"]
mod clock;
use clock::ThreadClock;

/// One pass of each building block over the README texts (see the module
/// docs), timed as CPU time of this thread, median of five.
fn ceiling(readmes: &[String], avg_readme: f64) {
    if readmes.is_empty() {
        return;
    }
    let bytes: usize = readmes.iter().map(String::len).sum();
    let target_mb = 100_000.0 * avg_readme / 1e6;
    println!(
        "ceiling: one pass of a building block over the {} READMEs (target 100,000 records/s per core = {target_mb:.0} MB/s):",
        readmes.len()
    );
    let time = |label: &str, pass: &dyn Fn(&str) -> usize| {
        // The thread clock ticks in hundredths of a second: each run
        // repeats the pass over every README for half a second or more.
        let mut runs: Vec<(f64, f64)> = (0..5)
            .map(|_| {
                let t = ThreadClock::now();
                let mut n = 0usize;
                let mut passes = 0u32;
                loop {
                    for r in readmes {
                        n += pass(r);
                    }
                    passes += 1;
                    let spent = t.elapsed_secs();
                    if spent >= 0.5 || passes >= 100_000 {
                        std::hint::black_box(n);
                        break (spent / f64::from(passes), n as f64 / f64::from(passes));
                    }
                }
            })
            .collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (secs, found) = runs[2];
        let mb_s = bytes as f64 / 1e6 / secs;
        let per_readme = found / readmes.len() as f64;
        println!(
            "  {label}: {mb_s:.0} MB/s per core -> at most {:.0} records/s per core{}",
            mb_s * 1e6 / avg_readme,
            if per_readme > 0.0 {
                format!(" ({per_readme:.1} found in a README)")
            } else {
                String::new()
            }
        );
    };
    let finder = linkify::LinkFinder::new();
    time("linkify, every link", &|r| finder.links(r).count());
    let terms: Vec<String> = baitwatch::lure::Lexicon::embedded()
        .terms()
        .iter()
        .map(|t| t.text.clone())
        .collect();
    match aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&terms)
    {
        Ok(ac) => time(
            &format!("aho-corasick DFA, {} lure terms, every match", terms.len()),
            &|r| ac.find_iter(r).count(),
        ),
        Err(e) => eprintln!("lure lexicon automaton: {e}"),
    }
    time("str::to_lowercase", &|r| {
        std::hint::black_box(r.to_lowercase());
        0
    });
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--startup") {
        startup_child();
        return;
    }
    let stream_mb: u64 = match args.iter().position(|a| a == "--stream-mb") {
        Some(i) if i + 1 < args.len() => {
            let v = args.remove(i + 1);
            args.remove(i);
            v.parse().unwrap_or(1024)
        }
        _ => 1024,
    };
    let corpus = PathBuf::from(args.first().map_or("../shared/corpus", String::as_str));
    if !corpus.join("malicious.jsonl").exists() {
        eprintln!(
            "{}: no corpus here (malicious.jsonl); pass the corpus directory",
            corpus.display()
        );
        std::process::exit(2);
    }
    println!(
        "machine: {} logical CPUs; {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model()
    );

    let names = read_packages(&[
        corpus.join("malicious.jsonl"),
        corpus.join("benign-sample.jsonl"),
    ]);
    let readmes: Vec<String> = read_packages(&[corpus.join("benign-readmes.jsonl")])
        .into_iter()
        .map(|p| p.description)
        .filter(|d| !d.is_empty())
        .collect();
    let names: Vec<Package> = names
        .into_iter()
        .map(|p| Package::new(p.ecosystem, p.name))
        .collect();
    let with_readmes: Vec<Package> = names
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut p = p.clone();
            if !readmes.is_empty() {
                p.description = readmes[i % readmes.len()].clone();
            }
            p
        })
        .collect();
    let avg_readme =
        readmes.iter().map(String::len).sum::<usize>() as f64 / readmes.len().max(1) as f64;

    let scanner = Scanner::new();
    // Warm the lazily built indexes out of the timed runs.
    for p in names.iter().take(1000) {
        scanner.scan(p);
    }
    for (label, set) in [("names only", &names), ("README-sized", &with_readmes)] {
        let mut runs: Vec<f64> = (0..5)
            .map(|_| {
                let t = ThreadClock::now();
                let mut flagged = 0usize;
                for p in set.iter() {
                    flagged += usize::from(scanner.scan(p).score >= 40.0);
                }
                std::hint::black_box(flagged);
                t.elapsed_secs()
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        let median = runs[2];
        let bytes: usize = set.iter().map(|p| p.name.len() + p.description.len()).sum();
        println!(
            "{label}: {} records, median {:.3} s CPU -> {:.0} records/s per core, {:.1} MB/s per core (runs {:?})",
            set.len(),
            median,
            set.len() as f64 / median,
            bytes as f64 / 1e6 / median,
            runs.iter()
                .map(|r| (r * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>()
        );
    }
    println!("README-sized descriptions average {avg_readme:.0} bytes");
    ceiling(&readmes, avg_readme);

    // Start-up, in fresh processes.
    let me = std::env::current_exe().unwrap_or_default();
    let mut startups: Vec<String> = Vec::new();
    for _ in 0..5 {
        if let Ok(out) = Command::new(&me).arg("--startup").output() {
            startups.push(String::from_utf8_lossy(&out.stdout).trim().to_owned());
        }
    }
    println!("start-up (fresh process, main to first report, 5 runs):");
    for s in &startups {
        println!("  {s}");
    }
    let bin = me
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("baitwatch"))
        .unwrap_or_default();
    if !bin.exists() {
        eprintln!(
            "{}: not built; run `cargo build --release -p baitwatch-cli` for the binary figures",
            bin.display()
        );
        return;
    }
    let mut walls = Vec::new();
    for eco_name in [
        ("npm", "lodahs"),
        ("pypi", "reqeusts"),
        ("nuget", "Newtonsoft.Jsn"),
    ] {
        let t = Instant::now();
        let child = Command::new(&bin)
            .args(["scan", "--format", "jsonl", "--progress", "never", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else { continue };
        if let Some(mut stdin) = child.stdin.take() {
            let _ = writeln!(
                stdin,
                r#"{{"ecosystem":"{}","name":"{}"}}"#,
                eco_name.0, eco_name.1
            );
        }
        let _ = child.wait_with_output();
        walls.push(format!(
            "{} {:.1} ms",
            eco_name.0,
            t.elapsed().as_secs_f64() * 1e3
        ));
    }
    println!(
        "`baitwatch scan` of one record, whole process wall time: {}",
        walls.join(", ")
    );

    stream(&bin, &names, &readmes, stream_mb);
}

/// The child of the start-up measurement.
fn startup_child() {
    let t = Instant::now();
    let scanner = Scanner::new();
    let built = t.elapsed();
    let mut parts = vec![format!("scanner {:.2} ms", built.as_secs_f64() * 1e3)];
    for (eco, name) in [
        (baitwatch::Ecosystem::Npm, "lodahs"),
        (baitwatch::Ecosystem::PyPI, "reqeusts"),
        (baitwatch::Ecosystem::NuGet, "Newtonsoft.Jsn"),
    ] {
        let s = Instant::now();
        let r = scanner.scan(&Package::new(eco.clone(), name));
        std::hint::black_box(r);
        parts.push(format!(
            "first {eco} report {:.1} ms (+{:.1} ms)",
            t.elapsed().as_secs_f64() * 1e3,
            s.elapsed().as_secs_f64() * 1e3
        ));
    }
    println!("{}", parts.join(", "));
}

/// Feeds `mb` megabytes of generated JSONL to the binary and samples its
/// peak resident memory.
fn stream(bin: &Path, names: &[Package], readmes: &[String], mb: u64) {
    let child = Command::new(bin)
        .args(["scan", "--format", "jsonl", "--progress", "never", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}: {e}", bin.display());
            return;
        }
    };
    let pid = child.id();
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut lines = 0u64;
        if let Some(out) = stdout.take() {
            let mut r = BufReader::with_capacity(1 << 20, out);
            let mut buf = Vec::new();
            while r
                .read_until(b'\n', &mut buf)
                .map(|n| n > 0)
                .unwrap_or(false)
            {
                lines += 1;
                buf.clear();
            }
        }
        lines
    });
    let total = mb * 1_000_000;
    let started = Instant::now();
    let mut written = 0u64;
    let mut records = 0u64;
    let mut next_mark = total / 10;
    let mut peak = 0u64;
    let mut last_sample = Instant::now();
    if let Some(mut stdin) = child.stdin.take() {
        let mut line = String::new();
        'outer: for round in 0u64.. {
            for (i, p) in names.iter().enumerate() {
                if written >= total {
                    break 'outer;
                }
                // Realistic siblings: the corpus names with a round suffix,
                // every fourth with a README.
                let mut q = Package::new(p.ecosystem.clone(), format!("{}-{round}", p.name));
                if i % 4 == 0 && !readmes.is_empty() {
                    q.description = readmes[i % readmes.len()].clone();
                }
                line.clear();
                line.push_str(&serde_json::to_string(&q).unwrap_or_default());
                line.push('\n');
                if stdin.write_all(line.as_bytes()).is_err() {
                    break 'outer;
                }
                written += line.len() as u64;
                records += 1;
                if last_sample.elapsed() > Duration::from_millis(50) {
                    peak = peak.max(vm_hwm_kib(pid));
                    last_sample = Instant::now();
                }
                if written >= next_mark {
                    println!(
                        "  stream {:>5.0} MB in, {:>9} records, {:>6.1} s, peak RSS {:.1} MiB",
                        written as f64 / 1e6,
                        records,
                        started.elapsed().as_secs_f64(),
                        peak as f64 / 1024.0
                    );
                    next_mark += total / 10;
                }
            }
        }
        peak = peak.max(vm_hwm_kib(pid));
    }
    let lines = reader.join().unwrap_or(0);
    let _ = child.wait();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "stream: {:.0} MB, {records} records in, {lines} lines out, {secs:.1} s ({:.0} records/s on all cores), peak RSS {:.1} MiB",
        written as f64 / 1e6,
        records as f64 / secs,
        peak as f64 / 1024.0
    );
}

/// `VmHWM` of a process in KiB (0 when unreadable).
fn vm_hwm_kib(pid: u32) -> u64 {
    let mut s = String::new();
    if std::fs::File::open(format!("/proc/{pid}/status"))
        .and_then(|mut f| f.read_to_string(&mut s))
        .is_err()
    {
        return 0;
    }
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

fn read_packages(paths: &[PathBuf]) -> Vec<Package> {
    let mut out = Vec::new();
    for path in paths {
        let Ok(file) = std::fs::File::open(path) else {
            eprintln!("{}: cannot open; skipped", path.display());
            continue;
        };
        for line in BufReader::new(file).lines().map_while(Result::ok) {
            if let Ok(p) = Package::from_json(line.as_bytes()) {
                out.push(p);
            }
        }
    }
    out
}
