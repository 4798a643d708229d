//! What a new user meets, through the real binary: giji never replaces a folder it did not
//! write, refuses an output that is a file, the current folder or an input, names the
//! path in every error, validates package metadata, and `check`, `explain`, `--excel`,
//! `--help` and the header provenance behave as the README says.

mod common;

use std::path::Path;
use std::process::Command;

use common::{giji, seed};

/// Every file under `dir` (hidden ones too), by relative path, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
        if e.file_type().is_file() {
            out.push((rel, std::fs::read(e.path()).unwrap()));
        } else {
            out.push((rel, Vec::new()));
        }
    }
    out
}

/// A work folder with one minutes file in `in/`.
fn work() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    std::fs::write(tmp.path().join("in/m.txt"), seed()).unwrap();
    tmp
}

#[test]
fn a_users_folder_survives_convert_byte_for_byte_unless_forced() {
    let tmp = work();
    let t = tmp.path();
    std::fs::create_dir_all(t.join("mine/sub")).unwrap();
    std::fs::write(t.join("mine/notes.txt"), "my notes\n").unwrap();
    std::fs::write(t.join("mine/sub/keep.md"), "# keep\n").unwrap();
    let before = tree(t);
    let (code, _, err) = giji(&["convert", "in", "-o", "mine"], t);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.trim(),
        "giji: error: mine: is not a giji dataset (it holds notes.txt, sub/…); choose an empty folder or pass --force"
    );
    assert_eq!(tree(t), before, "nothing on disk changed");
    // --force replaces it, and says so.
    let (code, _, err) = giji(&["convert", "in", "-o", "mine", "--force"], t);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("giji: warning: mine: is not a giji dataset; replacing it as --force says"),
        "{err}"
    );
    assert!(!t.join("mine/notes.txt").exists());
    assert!(t.join("mine/meetings.csv").exists());
    // A dataset giji wrote is replaced without --force, and an empty folder is taken.
    assert_eq!(giji(&["convert", "in", "-o", "mine", "-q"], t).0, 0);
    std::fs::create_dir(t.join("empty")).unwrap();
    assert_eq!(giji(&["convert", "in", "-o", "empty", "-q"], t).0, 0);
    assert!(t.join("empty/.giji-dataset").exists());
}

#[test]
fn an_output_that_is_a_file_the_current_folder_the_root_or_an_input_is_refused() {
    let tmp = work();
    let t = tmp.path();
    std::fs::write(t.join("afile"), "mine\n").unwrap();
    let before = tree(t);
    let cases: [(&[&str], &str); 6] = [
        (
            &["convert", "in", "-o", "afile"],
            "giji: error: afile: is a file, not a folder; name a folder for the dataset (the file is left as it is)",
        ),
        (
            &["convert", "in", "-o", "."],
            "giji: error: .: holds the current folder; replacing it would remove the folder giji runs in; name a new folder such as `out`",
        ),
        (
            &["convert", "in", "-o", "..", "--force"],
            "giji: error: ..: holds the current folder; replacing it would remove the folder giji runs in; name a new folder such as `out`",
        ),
        (
            &["convert", "in", "-o", "/", "--force"],
            "giji: error: /: is the root of the file system; name a folder for the dataset",
        ),
        (
            &["convert", "in", "-o", "in", "--force"],
            "giji: error: in: is the input folder in; name a different output folder",
        ),
        (
            &["convert", "in/m.txt", "-o", "in", "--force"],
            "giji: error: in: holds the input in/m.txt; replacing it would remove the input",
        ),
    ];
    for (args, says) in cases {
        let (code, _, err) = giji(args, t);
        assert_eq!((code, err.trim()), (2, says), "{args:?}");
        assert_eq!(tree(t), before, "{args:?} changed nothing");
    }
}

#[test]
fn a_dataset_inside_an_input_folder_is_never_read_as_input() {
    let tmp = work();
    let t = tmp.path();
    std::fs::write(t.join("in/notes.md"), "x").unwrap();
    for _ in 0..2 {
        let (code, _, err) = giji(&["convert", "in", "-o", "in/out"], t);
        assert_eq!(code, 0, "{err}");
        assert!(
            !err.lines().any(|l| l.starts_with("in/out/")),
            "the dataset is not an input: {err}"
        );
    }
    let diags = std::fs::read_to_string(t.join("in/out/diagnostics.csv")).unwrap();
    assert!(
        diags.contains("notes.md") && !diags.contains("out/"),
        "{diags}"
    );
}

#[test]
fn the_lock_is_removed_when_giji_ends_and_no_input_outside_a_checkout_writes_nothing() {
    let tmp = work();
    let t = tmp.path();
    assert_eq!(giji(&["convert", "in", "-o", "o", "-q"], t).0, 0);
    assert!(!t.join(".o.giji-lock").exists(), "the lock went with giji");
    // A failed run removes it too.
    std::fs::write(t.join("in/rules.toml"), "not a rule table").unwrap();
    let (code, _, _) = giji(&["convert", "in", "-o", "o", "--rules", "in/rules.toml"], t);
    assert_eq!(code, 2);
    assert!(!t.join(".o.giji-lock").exists());
    // A lock left by a killed run is taken over and removed.
    std::fs::write(t.join(".o.giji-lock"), "").unwrap();
    assert_eq!(giji(&["convert", "in", "-o", "o", "-q"], t).0, 0);
    assert!(!t.join(".o.giji-lock").exists());

    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = giji(&["convert"], empty.path());
    assert_eq!(code, 2);
    assert!(
        err.starts_with(
            "giji: error: no INPUT given, and there is no seeds/ folder here to convert by default"
        ),
        "{err}"
    );
    assert!(tree(empty.path()).len() == 1, "nothing written");
}

#[test]
fn every_error_leads_with_its_path_as_given() {
    let tmp = work();
    let t = tmp.path();
    let (code, _, err) = giji(&["convert", "/nonexistent", "-o", "o"], t);
    assert_eq!(
        (code, err.trim()),
        (
            2,
            "giji: error: /nonexistent: No such file or directory (os error 2)"
        )
    );
    assert!(!t.join("o").exists(), "nothing written");
    let (code, _, err) = giji(&["convert", "in", "-o", "/proc/giji-test/out"], t);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("giji: error: /proc/giji-test/out: "),
        "{err}"
    );
    std::fs::create_dir(t.join("in/a")).unwrap();
    std::fs::write(t.join("in/a/blob.bin"), "x").unwrap();
    let (_, _, err) = giji(&["convert", "in", "-o", "o"], t);
    assert!(
        err.contains("in/a/blob.bin: info[unsupported_input]"),
        "{err}"
    );
    let diags = std::fs::read_to_string(t.join("o/diagnostics.csv")).unwrap();
    assert!(
        diags.contains("\na/blob.bin,"),
        "diagnostics.csv keeps the path relative to its root: {diags}"
    );
}

#[test]
fn two_roots_that_make_one_meeting_id_name_both_paths_and_the_way_out() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    for y in ["data/2023", "data/2024"] {
        std::fs::create_dir_all(t.join(y)).unwrap();
        std::fs::write(t.join(y).join("minutes.txt"), seed()).unwrap();
    }
    let (code, _, err) = giji(&["convert", "data/2023", "data/2024", "-o", "o"], t);
    assert_eq!(code, 2);
    assert!(err.contains(
        "data/2023/minutes.txt: error[duplicate_meeting_id]: data/2023/minutes.txt, data/2024/minutes.txt would all become meeting_id `minutes`; convert their common parent instead (`giji convert data/` names them `2023/minutes` and `2024/minutes`)"
    ), "{err}");
    // What it says works.
    let (code, _, err) = giji(&["convert", "data/", "-o", "o", "-q"], t);
    assert_eq!(code, 0, "{err}");
    let meetings = std::fs::read_to_string(t.join("o/meetings.csv")).unwrap();
    assert!(meetings.contains("\n2023/minutes,") && meetings.contains("\n2024/minutes,"));
}

#[test]
fn package_metadata_is_validated_before_anything_is_written() {
    let tmp = work();
    let t = tmp.path();
    for (flag, value, says) in [
        (
            "--created",
            "yesterday",
            "--created `yesterday`: not an ISO 8601 date",
        ),
        (
            "--license",
            "CC BY",
            "--license `CC BY`: not an SPDX licence identifier",
        ),
        ("--license", "name=x,path=nowhere", "is not a URL"),
    ] {
        let (code, _, err) = giji(&["convert", "in", "-o", "o", flag, value], t);
        assert_eq!(code, 2, "{flag} {value}");
        assert!(err.contains(says), "{err}");
        assert!(!t.join("o").exists());
    }
    let (code, _, err) = giji(
        &[
            "convert",
            "in",
            "-o",
            "o",
            "-q",
            "--created",
            "2024-04-01",
            "--license",
            "ODbL-1.0",
        ],
        t,
    );
    assert_eq!(code, 0, "{err}");
    let d: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.join("o/datapackage.json")).unwrap()).unwrap();
    assert_eq!(d["created"], "2024-04-01T00:00:00Z");
    assert_eq!(d["licenses"][0]["name"], "ODbL-1.0");
    assert_eq!(
        d["licenses"][0]["path"],
        "https://spdx.org/licenses/ODbL-1.0.html"
    );
}

#[test]
fn check_needs_cases_runs_one_and_blesses_only_what_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::create_dir(t.join("none")).unwrap();
    let (code, out, err) = giji(&["check", "none"], t);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("no cases under none"), "{err}");
    for case in ["fx/a", "fx/b"] {
        std::fs::create_dir_all(t.join(case)).unwrap();
        std::fs::write(
            t.join(case).join("input.txt"),
            "第1回会議議事概要\n日時：令和4年7月28日（木）\n",
        )
        .unwrap();
    }
    let (code, out, _) = giji(&["check", "fx", "--bless"], t);
    assert_eq!(code, 0);
    assert!(
        out.contains("blessed a") && out.contains("blessed b"),
        "{out}"
    );
    let b_before = tree(&t.join("fx/b"));
    std::fs::write(
        t.join("fx/a/input.txt"),
        "第2回会議議事概要\n日時：令和4年7月28日（木）\n",
    )
    .unwrap();
    // One case on its own.
    let (code, out, _) = giji(&["check", "fx/b"], t);
    assert_eq!((code, out.trim()), (0, "giji check: 1 passed, 0 failed"));
    let (code, out, _) = giji(&["check", "fx"], t);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "To accept the new output (read the diffs first), run:\n  giji check fx --bless"
        ),
        "{out}"
    );
    let (code, out, _) = giji(&["check", "fx", "--bless"], t);
    assert_eq!(code, 0);
    assert!(
        out.contains("blessed a") && !out.contains("blessed b"),
        "{out}"
    );
    assert!(out.contains("1 case(s) rewritten, 1 unchanged"), "{out}");
    assert_eq!(tree(&t.join("fx/b")), b_before, "b was not rewritten");
}

#[test]
fn explain_takes_one_file_and_sums_a_wrong_encoding_into_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (code, _, err) = giji(&["explain", "."], t);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("giji: error: .: is a folder; explain takes one file"),
        "{err}"
    );
    let text = String::from_utf8(seed()).unwrap();
    let (euc, _, _) = encoding_rs::EUC_JP.encode(&text);
    std::fs::write(t.join("euc.txt"), &euc).unwrap();
    let (code, out, _) = giji(&["explain", "euc.txt", "--encoding", "cp932"], t);
    assert_eq!(code, 0);
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[undecodable_bytes]") || l.contains("[gaiji]"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("line(s) do not read as text in this encoding")
            && warnings[0]
                .contains("read as Shift_JIS, but detection would read this file as EUC-JP"),
        "{}",
        warnings[0]
    );
    // diagnostics.csv keeps every row.
    let (_, _, _) = giji(
        &["convert", "euc.txt", "-o", "o", "-q", "--encoding", "cp932"],
        t,
    );
    let rows = std::fs::read_to_string(t.join("o/diagnostics.csv")).unwrap();
    assert!(rows.matches("undecodable_bytes").count() > 10, "{rows}");
}

/// Cells a spreadsheet would run: a venue, a remark and a name of the seed rewritten.
fn hostile_seed() -> String {
    String::from_utf8(seed())
        .unwrap()
        .replace("オンライン開催", "=HYPERLINK(\"http://x\",\"会議室\")")
        .replace("庄司 昌彦", "@山田 一郎")
}

#[test]
fn excel_output_has_a_bom_crlf_and_no_cell_that_starts_a_formula() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::write(t.join("m.txt"), hostile_seed()).unwrap();
    assert_eq!(giji(&["convert", "m.txt", "-o", "plain", "-q"], t).0, 0);
    assert_eq!(
        giji(&["convert", "m.txt", "-o", "xl", "-q", "--excel"], t).0,
        0
    );
    let plain = std::fs::read_to_string(t.join("plain/meetings.csv")).unwrap();
    assert!(
        plain.contains(",\"=HYPERLINK(\"\"http://x\"\",\"\"会議室\"\")\","),
        "without --excel the value is as printed: {plain}"
    );
    for table in ["meetings", "attendees", "remarks", "diagnostics"] {
        let bytes = std::fs::read(t.join(format!("xl/{table}.csv"))).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{table}: BOM");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(
            text.split('\n').next().unwrap().ends_with('\r'),
            "{table}: CRLF"
        );
        if table == "meetings" || table == "attendees" {
            // No cell of these holds a line break: every line ends in CRLF.
            assert_eq!(
                text.matches('\n').count(),
                text.matches("\r\n").count(),
                "{table}"
            );
        }
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{table}: {cell}"
                );
            }
        }
    }
    let meetings = std::fs::read_to_string(t.join("xl/meetings.csv")).unwrap();
    assert!(meetings.contains(",\"'=HYPERLINK("), "{meetings}");
    let attendees = std::fs::read_to_string(t.join("xl/attendees.csv")).unwrap();
    assert!(attendees.contains(",'@山田 一郎,"), "{attendees}");
    let d: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.join("xl/datapackage.json")).unwrap()).unwrap();
    assert_eq!(d["resources"][0]["dialect"]["lineTerminator"], "\r\n");
    assert_eq!(d["resources"][0]["encoding"], "utf-8-sig");
}

/// LibreOffice opens the `--excel` CSV and evaluates no cell as a formula. Needs
/// `soffice` (Debian's libreoffice-calc-nogui, installed by .ci/run); skipped without it
/// unless GIJI_REQUIRE_TOOLS is set, as CI sets it.
#[test]
fn libreoffice_evaluates_no_formula_in_excel_output() {
    if !common::tool("soffice", "--version", "libreoffice-calc-nogui") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::write(t.join("m.txt"), hostile_seed()).unwrap();
    assert_eq!(
        giji(&["convert", "m.txt", "-o", "xl", "-q", "--excel"], t).0,
        0
    );
    assert_eq!(giji(&["convert", "m.txt", "-o", "plain", "-q"], t).0, 0);
    let fods = |dir: &str| -> String {
        let profile = t.join("lo-profile");
        let status = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--infilter=CSV:44,34,76,1,,0,false,true",
                "--convert-to",
                "fods",
                "--outdir",
            ])
            .arg(t.join(format!("{dir}-fods")))
            .arg(t.join(format!("{dir}/meetings.csv")))
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        std::fs::read_to_string(t.join(format!("{dir}-fods/meetings.fods"))).unwrap()
    };
    // The check can fail: the plain CSV, opened with formulas evaluated, holds one.
    let plain = fods("plain");
    assert!(
        plain.contains("table:formula="),
        "LibreOffice evaluates the plain CSV's formula (the check is live)"
    );
    let xl = fods("xl");
    assert!(
        !xl.contains("table:formula="),
        "no formula in --excel output"
    );
    assert!(xl.contains("=HYPERLINK("), "the text is kept as text");
}

#[test]
fn help_describes_every_option_and_rules_alone_prints_its_help() {
    use clap::CommandFactory;
    let cli = giji::cli::Cli::command();
    for sub in cli.get_subcommands() {
        assert!(
            sub.get_about().is_some(),
            "{} has no description",
            sub.get_name()
        );
        for arg in sub.get_arguments() {
            assert!(
                arg.get_help().is_some(),
                "{} {} has no description",
                sub.get_name(),
                arg.get_id()
            );
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = giji(&["rules"], tmp.path());
    assert_eq!(code, 2);
    assert!(
        format!("{out}{err}").contains("--print-default  Print the built-in rule table"),
        "{out}{err}"
    );
}

#[test]
fn header_values_say_where_they_came_from() {
    let tmp = work();
    let t = tmp.path();
    assert_eq!(giji(&["convert", "in", "-o", "o", "-q"], t).0, 0);
    let csv = std::fs::read_to_string(t.join("o/meetings.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let row = r.records().next().unwrap().unwrap();
    let get = |n: &str| {
        row.get(header.iter().position(|h| h == n).unwrap())
            .unwrap()
            .to_string()
    };
    assert_eq!(
        (get("source_line_start"), get("source_line_end")),
        ("3".into(), "9".into())
    );
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.join("o/meetings.json")).unwrap()).unwrap();
    let p = &m[0]["provenance"];
    assert_eq!(
        p["title"],
        serde_json::json!({"line": 3, "page": null, "rule": "title"})
    );
    assert_eq!(p["date"]["line"], 7);
    assert_eq!(
        p["venue"],
        serde_json::json!({"line": 9, "page": null, "rule": "label_venue"})
    );
    assert_eq!(p["attendance_note"]["line"], 11);
}
