//! Property tests: arbitrary and mutated input never panics any reader.

use baitwatch_metadata::{Limits, archive, detect_format, npm, nuget, parse_document, pypi};
use proptest::prelude::*;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn all_readers(bytes: &[u8], hint: Option<&str>) {
    let l = Limits::default();
    let _ = detect_format(bytes, hint);
    let _ = parse_document(bytes, hint, &l);
    let _ = npm::parse_package_json(bytes, &l);
    let _ = npm::parse_packument(bytes, &l);
    let _ = pypi::parse_json_api(bytes, &l);
    let _ = pypi::parse_core_metadata(bytes, &l);
    let _ = nuget::parse_nuspec(bytes, &l);
    let _ = nuget::parse_registration(bytes, &l);
    let _ = archive::read_archive(bytes, hint, &l);
    let _ = archive::detect_archive(bytes, hint);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        all_readers(&bytes, None);
    }

    #[test]
    fn arbitrary_text(text in "[ -~\n\t<>{}\\[\\]:,\"|&;#é]{0,400}") {
        all_readers(text.as_bytes(), None);
    }

    #[test]
    fn mutated_fixtures(which in any::<prop::sample::Index>(), edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let fx = fixtures();
        let (name, bytes) = &fx[which.index(fx.len())];
        let mut bytes = bytes.clone();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        all_readers(&bytes, Some(name));
    }
}
