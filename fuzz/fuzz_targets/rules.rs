//! TOML text → the rule-table loader: any input loads or is refused with an error, never
//! a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = giji::rules::RuleSet::load(text, "fuzz.toml");
    }
});
