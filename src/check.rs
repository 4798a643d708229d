//! Fixture comparison for `giji check` and `tests/fixtures.rs`: converts each
//! `DIR/<case>/input.*` into a temporary dataset, adds the `explain` dump, and compares
//! every file with `DIR/<case>/expected/`. `--bless` writes the new output there instead.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::batch::{Batch, Event};
use crate::emit::EmitOptions;
use crate::rules::RuleSet;
use crate::Options;

/// The name of the explain dump in a case's `expected/`.
pub const EXPLAIN_FILE: &str = "explain.txt";

/// One case's outcome: the files that differ, each with a unified diff.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub name: String,
    pub diffs: Vec<(String, String)>,
}

fn case_input(case: &Path) -> io::Result<PathBuf> {
    let mut inputs: Vec<PathBuf> = fs::read_dir(case)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_stem().is_some_and(|s| s == "input") && p.is_file())
        .collect();
    inputs.sort();
    inputs.into_iter().next().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("{}: no input.* file", case.display()),
        )
    })
}

/// The files a case produces, by name, with their contents.
pub fn produce(
    input: &Path,
    rules: &RuleSet,
    options: &Options,
) -> io::Result<Vec<(String, String)>> {
    let tmp = tempfile::tempdir()?;
    let out = tmp.path().join("out");
    let batch = Batch {
        rules,
        options: options.clone(),
        emit: EmitOptions::default(),
        jobs: Some(1),
        explain: true,
        check_examples: false,
        shard: None,
        cache: None,
    };
    // The explain dump comes from the same conversion as the dataset, not a second one.
    let mut explain = String::new();
    batch.run(&[input.to_path_buf()], &out, |event| match event {
        Event::Converted { explain: e, .. } => explain = e.unwrap_or_default().to_string(),
        Event::Failed {
            rel_path,
            diagnostics,
            ..
        } => {
            explain = diagnostics
                .iter()
                .map(|d| format!("{}\n", d.display(rel_path)))
                .collect();
        }
        Event::Started { .. } | Event::Skipped(_) => {}
    })?;
    let mut files = Vec::new();
    // The marker says whose folder it is; it is the same in every case, not output.
    let mut names: Vec<PathBuf> = fs::read_dir(&out)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_none_or(|n| n != crate::emit::target::MARKER)
        })
        .collect();
    names.sort();
    for p in names {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((name, fs::read_to_string(&p)?));
    }
    files.push((EXPLAIN_FILE.to_string(), explain));
    files.sort();
    Ok(files)
}

/// The cases of `dir`: `dir` itself when it holds an `input.*` (one case), else every
/// folder below it that does, sorted by name.
fn cases(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let shown = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", dir.display()));
    if case_input(dir).is_ok() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(shown)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && case_input(p).is_ok())
        .collect();
    cases.sort();
    if cases.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "no cases under {} (a case is a folder holding input.txt, input.pdf … and expected/)",
                dir.display()
            ),
        ));
    }
    Ok(cases)
}

/// The files of `produced` that differ from `expected_dir`, each with a unified diff.
fn compare(
    name: &str,
    expected_dir: &Path,
    produced: &[(String, String)],
) -> Vec<(String, String)> {
    let mut names: Vec<String> = produced.iter().map(|(n, _)| n.clone()).collect();
    if let Ok(rd) = fs::read_dir(expected_dir) {
        names.extend(
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned()),
        );
    }
    names.sort();
    names.dedup();
    let mut diffs = Vec::new();
    for file in names {
        let new = produced
            .iter()
            .find(|(n, _)| *n == file)
            .map(|(_, b)| b.as_str())
            .unwrap_or("");
        let old = fs::read_to_string(expected_dir.join(&file)).unwrap_or_default();
        if old != new {
            let a = format!("{name}/expected/{file}");
            let b = format!("{name}/actual/{file}");
            let diff = similar::TextDiff::from_lines(&old, new)
                .unified_diff()
                .context_radius(2)
                .header(&a, &b)
                .to_string();
            diffs.push((file, diff));
        }
    }
    diffs
}

/// Checks every case of `dir` (or `dir` itself, when it is one case). With `bless`, the
/// cases that differ get the new output in `expected/`; the others are not touched.
pub fn check(
    dir: &Path,
    rules: &RuleSet,
    options: &Options,
    bless: bool,
) -> io::Result<Vec<CaseResult>> {
    let mut results = Vec::new();
    for case in cases(dir)? {
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let produced = produce(&case_input(&case)?, rules, options)?;
        let expected_dir = case.join("expected");
        let diffs = compare(&name, &expected_dir, &produced);
        if bless && !diffs.is_empty() {
            if expected_dir.exists() {
                fs::remove_dir_all(&expected_dir)?;
            }
            fs::create_dir_all(&expected_dir)?;
            for (file, body) in &produced {
                fs::write(expected_dir.join(file), body)?;
            }
        }
        results.push(CaseResult { name, diffs });
    }
    Ok(results)
}
