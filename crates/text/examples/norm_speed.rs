//! Normaliser throughput, best of several rounds (robust on a busy
//! machine): `cargo run --release -p baitwatch-text --example norm_speed`.
use std::hint::black_box;
use std::time::Instant;

use baitwatch_text::Normalizer;

fn main() {
    let para = "## Usage\n\nInstall the package with `npm install fast-widget` and import it. \
The widget renders a list of items, supports keyboard navigation, lazy loading and \
custom themes. Options: `size`, `theme`, `onChange(value)`. See the [docs](https://example.org/docs) \
for the full API. Über-fast rendering — café-grade ergonomics. FREE R0BUX f.r.e.e a b c\n\n";
    let text = para.repeat(256 * 1024 / para.len());
    let n = Normalizer::new();
    let mut best = f64::MAX;
    for _ in 0..60 {
        let t = Instant::now();
        black_box(n.normalize(black_box(&text)));
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "normalise: {:.1} MB/s (best of 60 runs of {} KB)",
        text.len() as f64 / 1e6 / best,
        text.len() / 1024
    );
}
