//! The hostile inputs too big to commit, through the real binary: a 50 MB file that is one
//! line, a file of 1,000,000 short lines, and rule files with catastrophic patterns. Each
//! gets its diagnostics and no crash, and the good file of the same batch still converts.
//! (The small hostile inputs are fixture cases: fixtures/hostile-*.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn convert(dir: &Path, extra: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_giji"))
        .args(["convert", "in", "-o", "out"])
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

fn meeting_ids(dir: &Path) -> Vec<String> {
    let m = std::fs::read_to_string(dir.join("out/meetings.csv")).unwrap();
    m.lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

fn batch_with_seed(extra: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    std::fs::copy(
        root().join("seeds/000_780bb8195d2e3bbd.txt"),
        tmp.path().join("in/good.txt"),
    )
    .unwrap();
    for (name, bytes) in extra {
        std::fs::write(tmp.path().join("in").join(name), bytes).unwrap();
    }
    tmp
}

#[test]
fn a_50_mb_line_and_a_million_lines() {
    let unit = "議事概要、出席者○日時：令和4年7月28日 場所 abc 123。".as_bytes();
    let one_line: Vec<u8> = unit.iter().copied().cycle().take(50 << 20).collect();
    let mut million = Vec::with_capacity(12 << 20);
    for i in 0..1_000_000 {
        million.extend_from_slice(format!("・意見{i}\n").as_bytes());
    }
    let tmp = batch_with_seed(&[("one-line.txt", one_line), ("million.txt", million)]);
    let (code, err) = convert(tmp.path(), &["-q"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(meeting_ids(tmp.path()), ["good", "million", "one-line"]);
    let remarks = std::fs::read_to_string(tmp.path().join("out/remarks.csv")).unwrap();
    assert!(
        remarks
            .lines()
            .filter(|l| l.starts_with("million,"))
            .count()
            >= 1_000_000,
        "a remark per line"
    );
}

#[test]
fn a_catastrophic_pattern_runs_in_linear_time_and_a_huge_one_is_refused() {
    // `(a+)+$` backtracks exponentially in backtracking engines; Rust's regex crate has no
    // backtracking and guarantees linear time, so the rule is accepted and stays fast.
    let mut rules = std::fs::read_to_string(root().join("src/rules/default.toml")).unwrap();
    rules.push_str(
        "\n[[rule]]\nid = \"catastrophic\"\nkind = \"end\"\npattern = '^(a+)+$'\nexamples = [\"aaaa\"]\n",
    );
    let line = format!("{}!\n", "a".repeat(200_000));
    let tmp = batch_with_seed(&[("evil.txt", line.repeat(20).into_bytes())]);
    std::fs::write(tmp.path().join("rules.toml"), &rules).unwrap();
    let (code, err) = convert(tmp.path(), &["-q", "--rules", "rules.toml"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(meeting_ids(tmp.path()), ["evil", "good"]);

    // A pattern whose compiled size is beyond the regex crate's limit is refused at load,
    // naming the file, the line and the rule.
    let mut huge = std::fs::read_to_string(root().join("src/rules/default.toml")).unwrap();
    huge.push_str(
        "\n[[rule]]\nid = \"huge\"\nkind = \"end\"\npattern = '(?:a{1000}){1000}'\nexamples = [\"a\"]\n",
    );
    std::fs::write(tmp.path().join("huge.toml"), &huge).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_giji"))
        .args(["rules", "--check", "huge.toml"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("huge.toml:") && err.contains("error[rules]") && err.contains("`huge`"),
        "{err}"
    );
}
