//! Replays the committed fuzz inputs through the checks of the fuzz targets, without the
//! fuzzer: the seed corpus of every target (`fuzz/corpus/<target>/`) and every input a
//! fuzzer once crashed on (`fuzz/regressions/<target>-*`), so a fixed crash stays fixed.

use std::path::{Path, PathBuf};

use giji::rules::RuleSet;
use giji::source::{Input, SourceFile};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut add = |dir: &Path, prefix: Option<&str>| {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if prefix.is_none_or(|x| name.starts_with(x)) && p.is_file() {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    };
    add(&root().join("fuzz/corpus").join(target), None);
    add(
        &root().join("fuzz/regressions"),
        Some(&format!("{target}-")),
    );
    out.sort();
    out
}

#[test]
fn decode_and_pipeline_inputs() {
    let rules = RuleSet::builtin().unwrap();
    let all: Vec<_> = inputs("decode")
        .into_iter()
        .chain(inputs("pipeline"))
        .collect();
    assert!(all.len() >= 20, "the seed corpus is committed");
    for (path, bytes) in all {
        let a = giji::decode::decode(&bytes, None);
        assert_eq!(
            a.text,
            giji::decode::decode(&bytes, None).text,
            "{}",
            path.display()
        );
        let src = SourceFile {
            input: Input {
                path: PathBuf::from("fuzz.txt"),
                rel_path: "fuzz.txt".into(),
                meeting_id: "fuzz".into(),
            },
            bytes,
        };
        if let Ok(p) = giji::process(&src, &rules, &giji::Options::default()) {
            giji::emit::encode(&p.meeting, false).unwrap();
            assert!(p.lost_lines().is_empty(), "{}: lines lost", path.display());
        }
    }
}

#[test]
fn rules_and_pdf_inputs() {
    let rules = RuleSet::builtin().unwrap();
    for (_, bytes) in inputs("rules") {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = RuleSet::load(text, "fuzz.toml");
        }
    }
    for (_, bytes) in inputs("pdf") {
        if let Ok(giji::pdf::extract::Opened { doc, .. }) = giji::pdf::extract::open(&bytes) {
            if let Some(pages) = giji::pdf::interp::pages(&doc) {
                let lines: Vec<_> = pages.iter().map(giji::pdf::layout::lines).collect();
                let _ = giji::pdf::repair::repair(&lines, &mut giji::RuleKinds::new(&rules));
            }
        }
    }
}
