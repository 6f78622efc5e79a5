//! The JSONL batch record reader, `Package::from_json_with`. A record that
//! reads must survive a round trip through its own JSON form unchanged.
#![no_main]

use baitwatch_metadata::{Ecosystem, Limits, Package};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let default = match data.first().map(|b| b % 4) {
        Some(0) => None,
        Some(1) => Some(Ecosystem::Npm),
        Some(2) => Some(Ecosystem::PyPI),
        _ => Some(Ecosystem::NuGet),
    };
    if let Ok(p) = Package::from_json_with(data, &limits, default.as_ref()) {
        let _ = p.normalized_name();
        let _ = p.urls().count();
        let json = serde_json::to_vec(&p).expect("a Package serialises");
        let again = Package::from_json_with(&json, &limits, None).expect("own JSON reads back");
        assert_eq!(p, again, "round trip changed the record");
    }
});
