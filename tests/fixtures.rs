//! Runs `giji check fixtures` through the library, and checks the nothing-lost invariant
//! on every fixture and on the real documents in ../shared/corpus/text when present.

use std::path::{Path, PathBuf};

use giji::check::check;
use giji::diag::Severity;
use giji::rules::RuleSet;
use giji::source::{collect, read};
use giji::{process, Options, Processed};

/// PDFs are read by the real binary as a worker process, as the CLI does: some fixture
/// PDFs are made to crash a reader.
fn worker() -> Options {
    Options {
        pdf: giji::PdfReader::Worker {
            exe: PathBuf::from(env!("CARGO_BIN_EXE_giji")),
            limits: giji::pdf::worker::Limits::default(),
        },
        ..Options::default()
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_fixture_matches_its_expected_output() {
    let rules = RuleSet::builtin().unwrap();
    let results = check(&root().join("fixtures"), &rules, &worker(), false).unwrap();
    assert!(results.len() >= 12, "only {} fixture cases", results.len());
    let failing: Vec<String> = results
        .iter()
        .filter(|r| !r.diffs.is_empty())
        .map(|r| {
            format!(
                "{}:\n{}",
                r.name,
                r.diffs.iter().map(|(_, d)| d.as_str()).collect::<String>()
            )
        })
        .collect();
    assert!(
        failing.is_empty(),
        "run `cargo run -- check fixtures` to see; then --bless if intended:\n{}",
        failing.join("\n")
    );
}

/// Every non-blank line is claimed by a rule (and so covered by a record) or carried in
/// an `unclassified_line` diagnostic with its text.
fn assert_nothing_lost(p: &Processed, name: &str) {
    let lost = p.lost_lines();
    assert!(lost.is_empty(), "{name}: lines lost: {lost:?}");
}

/// Every input that converts; a file that fails is accounted for by its error diagnostic
/// (the bad PDFs of the fixtures), which must be there.
fn convert_all(dir: &Path) -> Vec<(String, Processed)> {
    let rules = RuleSet::builtin().unwrap();
    let (found, _) = collect(&[dir.to_path_buf()]);
    found
        .iter()
        .filter_map(|i| {
            let src = read(i).unwrap();
            match process(&src, &rules, &worker()) {
                Ok(p) => Some((i.rel_path.clone(), p)),
                Err(d) => {
                    assert!(
                        d.iter().any(|d| d.severity == Severity::Error),
                        "{}: failed without an error: {d:?}",
                        i.rel_path
                    );
                    None
                }
            }
        })
        .collect()
}

#[test]
fn nothing_is_lost_in_fixtures() {
    let all = convert_all(&root().join("fixtures"));
    assert!(all.len() >= 12);
    for (name, p) in &all {
        assert_nothing_lost(p, name);
    }
}

#[test]
fn real_corpus_converts_without_errors_and_loses_nothing() {
    let dir = root().join("../shared/corpus/text");
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} does not exist (it is beside the project on CI and dev machines)",
            dir.display()
        );
        return;
    }
    let all = convert_all(&dir);
    assert_eq!(all.len(), 9, "nine transcripts");
    for (name, p) in &all {
        assert_nothing_lost(p, name);
        let errors: Vec<_> = p
            .meeting
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}
