//! Each per-format parser directly. The first byte picks the parser (low
//! three bits) and whether tight limits apply (bit 3); the rest is the
//! document. Seeds in `seeds/formats/` carry that selector byte.
#![no_main]

use baitwatch_metadata::{Limits, npm, nuget, pypi};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, doc)) = data.split_first() else {
        return;
    };
    let mut limits = Limits::default();
    if selector & 8 != 0 {
        limits.max_document_bytes = 4096;
        limits.max_text_bytes = 64;
        limits.max_json_depth = 4;
        limits.max_links = 2;
    }
    let _ = match selector & 7 {
        0 => npm::parse_package_json(doc, &limits),
        1 => npm::parse_packument(doc, &limits),
        2 => pypi::parse_json_api(doc, &limits),
        3 => pypi::parse_core_metadata(doc, &limits),
        4 => nuget::parse_nuspec(doc, &limits),
        5 => nuget::parse_registration(doc, &limits),
        6 => baitwatch_metadata::Package::from_json_with_limits(doc, &limits),
        _ => {
            let _ = npm::normalize_repository(&String::from_utf8_lossy(doc));
            return;
        }
    };
});
