use std::time::Instant;
use baitwatch_metadata::Ecosystem;
use baitwatch_typosquat::PopularIndex;
fn main() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/pypi.txt")).unwrap();
    let names: Vec<&str> = text.lines().collect();
    for _ in 0..3 {
        let t = Instant::now();
        let ix = PopularIndex::builder().ecosystem(Ecosystem::PyPI).names(names.iter().copied()).build().unwrap();
        println!("build {:?} {}", t.elapsed(), ix.len());
        let t = Instant::now();
        let mut n = 0;
        for name in &names { n += ix.check(&format!("{name}x")).len(); }
        println!("check {:?} {n}", t.elapsed());
    }
}
