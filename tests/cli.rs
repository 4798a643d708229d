//! The real binary: exit codes, `rules --check` messages, `check` drift and `--bless`,
//! `--header ja --bom`, and identical bytes for any `--jobs`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{giji, root};

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
    // A batch tries the examples while it converts: it says the same error and leaves the
    // previous dataset as it was.
    std::fs::create_dir(tmp.path().join("seeds")).unwrap();
    std::fs::copy(
        root().join("seeds/000_780bb8195d2e3bbd.txt"),
        tmp.path().join("seeds/s.txt"),
    )
    .unwrap();
    assert_eq!(giji(&["convert", "-q"], tmp.path()).0, 0);
    let before = std::fs::read(tmp.path().join("out/meetings.csv")).unwrap();
    std::fs::write(tmp.path().join("seeds/t.txt"), "題\n日時 令和4年7月28日\n").unwrap();
    let (code, _, err) = giji(&["convert", "--rules", "r.toml"], tmp.path());
    assert_eq!(code, 2);
    assert!(
        err.starts_with("r.toml:") && err.contains("rule `end_marker`"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(tmp.path().join("out/meetings.csv")).unwrap(),
        before
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("giji-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
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

/// `fixtures/` holds the bad PDFs too: converting it ends with 2 (some files failed).
const FIXTURES_EXIT: i32 = 2;

#[test]
fn header_ja_bom_and_jobs_give_expected_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = root().join("fixtures");
    let f = fixtures.to_str().unwrap();
    assert_eq!(
        giji(&["convert", f, "-o", "j1", "--jobs", "1", "-q"], tmp.path()).0,
        FIXTURES_EXIT
    );
    assert_eq!(
        giji(&["convert", f, "-o", "j4", "--jobs", "4", "-q"], tmp.path()).0,
        FIXTURES_EXIT
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
        FIXTURES_EXIT
    );
    let csv = std::fs::read(tmp.path().join("ja/attendees.csv")).unwrap();
    assert!(csv.starts_with("\u{FEFF}会議ID,連番,区分,役職".as_bytes()));
}

fn giji_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_giji"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn explain_prints_every_line_with_zone_rule_and_value_and_colour_only_when_asked() {
    let seed = "seeds/000_780bb8195d2e3bbd.txt";
    let (code, plain, _) = giji_env(&["explain", seed], &root(), &[]);
    assert_eq!(code, 0);
    let source_lines = std::fs::read_to_string(root().join(seed))
        .unwrap()
        .lines()
        .count();
    assert!(
        plain.lines().count() >= source_lines,
        "a row per source line"
    );
    assert!(
        plain
            .lines()
            .any(|l| l.starts_with("    3 header     title")),
        "{plain}"
    );
    assert!(!plain.contains('\u{1b}'), "no colour into a pipe");
    let (_, forced, _) = giji_env(&["explain", seed], &root(), &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\u{1b}[36mheader"), "zone coloured");
    let (_, no_color, _) = giji_env(
        &["explain", seed],
        &root(),
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert_eq!(no_color, plain, "NO_COLOR wins");
}

#[test]
fn no_progress_bar_into_a_pipe_and_one_summary_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = giji(
        &[
            "convert",
            root().join("fixtures").to_str().unwrap(),
            "-o",
            tmp.path().join("o").to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(code, FIXTURES_EXIT, "{err}");
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    let summary: Vec<&str> = err.lines().filter(|l| l.starts_with("giji: ")).collect();
    assert_eq!(summary.len(), 1, "{err}");
    assert!(
        summary[0].contains(" ok, ") && summary[0].contains("diagnostics in"),
        "{}",
        summary[0]
    );
}

#[test]
fn version_help_examples_and_a_closed_pipe() {
    let (code, out, _) = giji(&["--version"], &root());
    assert_eq!(
        (code, out.trim()),
        (0, concat!("giji ", env!("CARGO_PKG_VERSION")))
    );
    for sub in ["convert", "check", "explain", "rules"] {
        let (code, out, _) = giji(&[sub, "--help"], &root());
        assert_eq!(code, 0);
        assert!(out.contains("Example"), "{sub} --help has an example");
    }
    // A reader that stops early (`giji explain … | head -1`) is not an error.
    let mut child = Command::new(env!("CARGO_BIN_EXE_giji"))
        .args(["explain", "seeds/000_780bb8195d2e3bbd.txt"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn odd_inputs_are_skipped_or_reported_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir_all(d.join("a")).unwrap();
    let seed = std::fs::read(root().join("seeds/000_780bb8195d2e3bbd.txt")).unwrap();
    std::fs::write(d.join("a/x.txt"), &seed).unwrap();
    std::fs::write(d.join("a/x.text"), &seed).unwrap();
    std::fs::write(d.join("photo.jpg"), b"\xff\xd8\xff").unwrap();
    std::fs::write(d.join("notes.docx"), b"PK").unwrap();
    std::fs::write(d.join(".hidden.txt"), &seed).unwrap();
    std::fs::write(d.join("ok.txt"), &seed).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::os::unix::fs::symlink("..", d.join("a/loop")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"bad\xff\xfe.txt");
        std::fs::write(d.join(name), &seed).unwrap();
    }
    let (code, _, err) = giji(&["convert", "in", "-o", "o"], tmp.path());
    #[cfg(unix)]
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert_eq!(code, 2, "the duplicate meeting_id is an error: {err}");
    assert!(err.contains("duplicate_meeting_id"), "{err}");
    assert!(
        err.contains("photo.jpg") && err.contains("notes.docx"),
        "{err}"
    );
    let meetings = std::fs::read_to_string(tmp.path().join("o/meetings.csv")).unwrap();
    let ids: Vec<&str> = meetings
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["ok"],
        "neither a/x is written, hidden files are not read"
    );
}
