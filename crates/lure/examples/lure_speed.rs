//! Normalise + match throughput per CPU core, measured in CPU time (so it
//! holds on a busy machine): `cargo run --release -p baitwatch-lure --example lure_speed`.
use std::hint::black_box;

use baitwatch_lure::LureDetector;
use baitwatch_metadata::{Ecosystem, Package};
use baitwatch_text::Normalizer;

/// User + system CPU seconds of this process, from /proc/self/stat.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit(')').next()?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn readme(n: usize, lure: bool) -> String {
    let para = "## Usage\n\nInstall the package with `npm install fast-widget` and import it. \
The widget renders a list of items, supports keyboard navigation, lazy loading and \
custom themes. Options: `size`, `theme`, `onChange(value)`. See the [docs](https://example.org/docs) \
for the full API. Über-fast rendering — café-grade ergonomics.\n\n```js\nconst w = widget({ size: 3 });\n\
w.on('change', v => console.log(v));\n```\n\nContributions welcome: open an issue first. Licensed MIT.\n\n";
    let spam = "# FREE ROBUX GENERATOR 2024 ✅ No Human Verification\n\nGet free robux, v-bucks and gift cards now!\n\n";
    let mut s = String::with_capacity(n + para.len());
    while s.len() < n {
        s.push_str(para);
        if lure {
            s.push_str(spam);
        }
    }
    s
}

fn measure(what: &str, bytes: usize, runs: Option<usize>, mut f: impl FnMut()) {
    let (Some(t0), w0) = (cpu_seconds(), std::time::Instant::now()) else {
        println!("{what}: /proc/self/stat unavailable");
        return;
    };
    let mut n = 0usize;
    while runs.map_or(w0.elapsed().as_secs_f64() < 3.0 || n < 10, |r| n < r) {
        f();
        n += 1;
    }
    let cpu = cpu_seconds().unwrap_or(t0) - t0;
    let wall = w0.elapsed().as_secs_f64();
    let mb = (bytes * n) as f64 / 1e6;
    println!(
        "{what:<34} {:>8.1} MB per CPU-second ({:>7.1} MB/s wall, {n} runs of {} KB)",
        mb / cpu.max(0.01),
        mb / wall,
        bytes / 1000
    );
}

fn main() {
    // `--runs N`: exactly N runs each (for instruction counting under
    // valgrind); by default, at least 3 s each.
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok());
    let det = LureDetector::new();
    let norm = Normalizer::new();
    for (label, lure) in [
        ("benign README", false),
        ("README with lure paragraphs", true),
    ] {
        let text = readme(256 * 1024, lure);
        println!("{label}:");
        measure("  normalise", text.len(), runs, || {
            black_box(norm.normalize(black_box(&text)));
        });
        measure("  normalise + match (find_terms)", text.len(), runs, || {
            black_box(det.find_terms(black_box(&text)));
        });
        let mut pkg = Package::new(Ecosystem::Npm, "fast-widget");
        pkg.description = text.clone();
        measure("  detect (whole package)", text.len(), runs, || {
            black_box(det.findings(black_box(&pkg)));
        });
    }
}
