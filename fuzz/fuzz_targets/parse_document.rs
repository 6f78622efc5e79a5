//! `parse_document` and `detect_format` over raw bytes: every document
//! form and archive, with no hint and with a file-name hint picked by the
//! last input byte.
#![no_main]

use baitwatch_fuzz::name_hint;
use baitwatch_metadata::{Limits, detect_format, parse_document};
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let _ = detect_format(data, None);
    let _ = parse_document(data, None, &limits);
    let tail = data.last().map(std::slice::from_ref).unwrap_or_default();
    if let Ok(Some(hint)) = name_hint(&mut Unstructured::new(tail)) {
        let _ = detect_format(data, Some(hint));
        let _ = parse_document(data, Some(hint), &limits);
    }
});
