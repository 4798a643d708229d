//! The real binary: exit codes, `rules --check` messages, `check` drift and `--bless`,
//! `--header ja --bom`, and identical bytes for any `--jobs`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn giji(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_giji"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn convert_defaults_to_seeds_and_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("seeds")).unwrap();
    std::fs::copy(
        root().join("seeds/000_780bb8195d2e3bbd.txt"),
        tmp.path().join("seeds/s.txt"),
    )
    .unwrap();
    let (code, _, err) = giji(&["convert"], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 files: 1 ok"), "{err}");
    let meetings = std::fs::read_to_string(tmp.path().join("out/meetings.csv")).unwrap();
    assert!(meetings
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("s,s.txt,text,UTF-8,"));
}

#[test]
fn a_failed_file_exits_2_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("empty.txt"), "\n\n").unwrap();
    std::fs::copy(
        root().join("seeds/000_780bb8195d2e3bbd.txt"),
        tmp.path().join("good.txt"),
    )
    .unwrap();
    let (code, _, err) = giji(&["convert", ".", "-o", "o"], tmp.path());
    assert_eq!(code, 2);
    assert!(err.contains("empty.txt: error[empty_document]"), "{err}");
    let meetings = std::fs::read_to_string(tmp.path().join("o/meetings.csv")).unwrap();
    assert_eq!(meetings.lines().count(), 2, "good.txt still converted");
}

#[test]
fn bad_rules_name_file_line_and_rule_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, default, _) = giji(&["rules", "--print-default"], tmp.path());
    let broken = default.replacen(
        "examples = [\"以上\", \"　　以　上\"]",
        "examples = [\"以下\"]",
        1,
    );
    assert_ne!(broken, default);
    std::fs::write(tmp.path().join("r.toml"), broken).unwrap();
    let (code, _, err) = giji(&["rules", "--check", "r.toml"], tmp.path());
    assert_eq!(code, 2);
    assert!(
        err.starts_with("r.toml:") && err.contains("rule `end_marker`") && err.contains("以下"),
        "{err}"
    );
    let (code, _, _) = giji(&["convert", "--rules", "r.toml"], tmp.path());
    assert_eq!(code, 2);
}

#[test]
fn check_reports_drift_with_a_diff_and_bless_accepts_it() {
    let tmp = tempfile::tempdir().unwrap();
    let case = tmp.path().join("fx/case");
    std::fs::create_dir_all(&case).unwrap();
    std::fs::write(
        case.join("input.txt"),
        "第1回会議議事概要\n日時：令和4年7月28日（木）\n",
    )
    .unwrap();
    assert_eq!(giji(&["check", "fx", "--bless"], tmp.path()).0, 0);
    assert_eq!(giji(&["check", "fx"], tmp.path()).0, 0);
    std::fs::write(
        case.join("input.txt"),
        "第2回会議議事概要\n日時：令和4年7月28日（木）\n",
    )
    .unwrap();
    let (code, out, _) = giji(&["check", "fx"], tmp.path());
    assert_eq!(code, 1);
    assert!(
        out.contains("-input,input.txt") || out.contains("+input,input.txt"),
        "{out}"
    );
    assert!(out.contains("check fx --bless"), "{out}");
}

#[test]
fn header_ja_bom_and_jobs_give_expected_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = root().join("fixtures");
    let f = fixtures.to_str().unwrap();
    assert_eq!(
        giji(&["convert", f, "-o", "j1", "--jobs", "1", "-q"], tmp.path()).0,
        0
    );
    assert_eq!(
        giji(&["convert", f, "-o", "j4", "--jobs", "4", "-q"], tmp.path()).0,
        0
    );
    for file in [
        "meetings.csv",
        "attendees.csv",
        "remarks.csv",
        "diagnostics.csv",
        "meetings.json",
        "datapackage.json",
    ] {
        assert_eq!(
            std::fs::read(tmp.path().join("j1").join(file)).unwrap(),
            std::fs::read(tmp.path().join("j4").join(file)).unwrap(),
            "{file}"
        );
    }
    assert_eq!(
        giji(
            &["convert", f, "-o", "ja", "--header", "ja", "--bom", "-q"],
            tmp.path()
        )
        .0,
        0
    );
    let csv = std::fs::read(tmp.path().join("ja/attendees.csv")).unwrap();
    assert!(csv.starts_with("\u{FEFF}会議ID,連番,区分,役職".as_bytes()));
}
