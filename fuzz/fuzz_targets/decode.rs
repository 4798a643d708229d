//! Bytes → decoded text and its per-line diagnostics: never panics, and decodes the same
//! way twice.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let a = giji::decode::decode(data, None);
    let lines = giji::text::lines(&a.text, &a.page_starts);
    let _ = giji::text::decoding_diagnostics(&a, &lines);
    let b = giji::decode::decode(data, None);
    assert_eq!(a.text, b.text);
    assert_eq!(a.encoding, b.encoding);
});
