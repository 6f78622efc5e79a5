//! `archive::read_archive` over raw bytes (gzip/tar, zip, plain tar), with
//! default limits and, for small inputs, tight ones so every bound trips.
#![no_main]

use baitwatch_fuzz::name_hint;
use baitwatch_metadata::{Limits, archive};
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let tail = data.last().map(std::slice::from_ref).unwrap_or_default();
    let hint = name_hint(&mut Unstructured::new(tail)).unwrap_or(None);
    let _ = archive::is_archive(data);
    let _ = archive::read_archive(data, hint, &Limits::default());
    if data.len() < 1 << 16 {
        let mut tight = Limits::default();
        tight.max_archive_entries = 4;
        tight.max_uncompressed_bytes = 1 << 14;
        tight.max_compression_ratio = 3;
        tight.max_document_bytes = 1 << 12;
        tight.max_text_bytes = 100;
        let _ = archive::read_archive(data, hint, &tight);
    }
});
