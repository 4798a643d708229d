//! Bytes → what the PDF worker runs (open, giji's own content-stream reader, layout,
//! repair). pdf-extract, which the worker reaches only for fonts giji does not read and
//! whose crashes the worker process contains, is left out: the fuzzer looks at giji's code.
#![no_main]
use std::sync::OnceLock;

use giji::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(giji::pdf::extract::Opened { doc, .. }) = giji::pdf::extract::open(data) {
        if let Some(pages) = giji::pdf::interp::pages(&doc) {
            let lines: Vec<_> = pages.iter().map(giji::pdf::layout::lines).collect();
            let _ = giji::pdf::layout::is_vertical(&pages);
            let _ = giji::pdf::repair::repair(&lines, &mut giji::RuleKinds::new(rules()));
        }
    }
});
