//! Bytes → the whole text pipeline (decode, rules, segmentation) and the serialized rows:
//! never panics, and every non-blank line is in a record or in a diagnostic.
#![no_main]
use std::path::PathBuf;
use std::sync::OnceLock;

use giji::rules::RuleSet;
use giji::source::{Input, SourceFile};
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules"))
}

fuzz_target!(|data: &[u8]| {
    let src = SourceFile {
        input: Input {
            path: PathBuf::from("fuzz.txt"),
            rel_path: "fuzz.txt".into(),
            meeting_id: "fuzz".into(),
        },
        bytes: data.to_vec(),
    };
    if let Ok(p) = giji::process(&src, rules(), &giji::Options::default()) {
        let _ = giji::emit::encode(&p.meeting, false).expect("rows serialize");
        assert_eq!(p.lost_lines(), Vec::<usize>::new(), "lines lost");
    }
});
