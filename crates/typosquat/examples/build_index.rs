//! Regenerates the prebuilt deletion tables of the embedded popular lists,
//! `data/index-{npm,pypi,nuget}.bin`, from `data/{npm,pypi,nuget}.txt`.
//!
//! ```sh
//! cargo run -p baitwatch-typosquat --example build_index
//! ```
//!
//! Run it after changing a list, the folding of names or the index
//! parameters, and commit the files; the test
//! `prebuilt_tables_match_the_lists` fails until they are current. A stale
//! file is never wrong at run time, only slow: the index notices that it
//! was built from something else and builds its tables from the list.

use std::path::Path;

use baitwatch_metadata::Ecosystem;
use baitwatch_typosquat::PopularIndex;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut failed = false;
    for eco in [Ecosystem::Npm, Ecosystem::PyPI, Ecosystem::NuGet] {
        let Some((name, bytes)) = PopularIndex::embedded_tables_file(&eco) else {
            eprintln!("{eco}: no tables");
            failed = true;
            continue;
        };
        let path = dir.join(name);
        let same = std::fs::read(&path).is_ok_and(|old| old == bytes);
        if same {
            println!("{}: unchanged, {} bytes", path.display(), bytes.len());
        } else if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("{}: {e}", path.display());
            failed = true;
        } else {
            println!("{}: written, {} bytes", path.display(), bytes.len());
        }
    }
    if failed {
        std::process::exit(1);
    }
}
