//! Past one process, through the real binary: `convert --shard K/N` parts merged with
//! `giji merge` give the bytes of a single run (several N, N above the number of files,
//! skipped and failed files, every output dialect); merge refuses parts that are not one
//! run, naming the part; a killed shard leaves nothing merge would take; `--cache` reuses
//! rows, converts again what changed, and never publishes a damaged entry.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{giji, root};

/// Every file under a folder, by relative path, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir(dir) {
        let rel = e.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        out.push((rel, std::fs::read(&e).unwrap()));
    }
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files.extend(walkdir(&p));
        } else {
            files.push(p);
        }
    }
    files
}

/// A batch of every fixture input (text and PDF, good and bad) and the seed, in two
/// folders, with a file giji skips: converted, failed and skipped inputs all.
fn batch(t: &Path) {
    let fixtures = root().join("fixtures");
    for case in std::fs::read_dir(&fixtures).unwrap() {
        let case = case.unwrap().path();
        for e in std::fs::read_dir(&case).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("input.") {
                let ext = p.extension().unwrap().to_string_lossy().into_owned();
                let dir = if ext == "pdf" { "in/pdf" } else { "in/text" };
                std::fs::create_dir_all(t.join(dir)).unwrap();
                let case = case.file_name().unwrap().to_string_lossy().into_owned();
                std::fs::copy(&p, t.join(dir).join(format!("{case}.{ext}"))).unwrap();
            }
        }
    }
    std::fs::copy(
        root().join("seeds/000_780bb8195d2e3bbd.txt"),
        t.join("in/seed.txt"),
    )
    .unwrap();
    std::fs::write(t.join("in/notes.docx"), b"PK not minutes").unwrap();
}

/// Writes `mine.toml`: the built-in rule table with one more document type, so its digest
/// differs from the built-in one's.
fn other_rules(t: &Path) {
    let rules = giji(&["rules", "--print-default"], t).1;
    let mine = rules.replacen(
        "document_types = [",
        "document_types = [\"会議概要録\", ",
        1,
    );
    assert_ne!(mine, rules, "the table has document_types");
    std::fs::write(t.join("mine.toml"), mine).unwrap();
}

/// Converts `in` as N shards into parts/0 … parts/N-1 with `args`.
fn shards(t: &Path, n: usize, args: &[&str]) -> Vec<String> {
    let mut parts = Vec::new();
    for k in 0..n {
        let out = format!("parts{n}/{k}");
        let shard = format!("{k}/{n}");
        let mut a = vec!["convert", "in", "-o", &out, "-q", "--shard", &shard];
        a.extend(args);
        let (code, _, err) = giji(&a, t);
        // The batch holds files that fail: exit 2 is expected wherever one lands.
        assert!(code == 0 || code == 2, "{err}");
        parts.push(out);
    }
    parts
}

#[test]
fn merged_shards_equal_a_single_run_for_any_count() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    batch(t);
    let files = walkdir(&t.join("in")).len();
    let (code, _, err) = giji(&["convert", "in", "-o", "single", "-q"], t);
    assert_eq!(code, 2, "the batch holds bad files: {err}");
    let single = tree(&t.join("single"));
    for n in [1, 2, 4, 7, files + 5] {
        let parts = shards(t, n, &[]);
        let mut args = vec!["merge", "-o", "merged", "-q"];
        args.extend(parts.iter().map(String::as_str));
        let (code, _, err) = giji(&args, t);
        assert_eq!(code, 0, "N={n}: {err}");
        assert!(
            tree(&t.join("merged")) == single,
            "N={n}: merged differs from the single run"
        );
    }
    // A part is a dataset of its own share too, with the record merge reads.
    assert!(t.join("parts4/0/giji-part.jsonl").is_file());
    assert!(t.join("parts4/0/datapackage.json").is_file());
}

#[test]
fn merged_shards_keep_every_output_dialect() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    batch(t);
    let dialect = [
        "--excel",
        "--header",
        "ja",
        "--created",
        "2024-04-01",
        "--publisher",
        "テスト市",
    ];
    let mut args = vec!["convert", "in", "-o", "single", "-q"];
    args.extend(dialect);
    giji(&args, t);
    let parts = shards(t, 3, &dialect);
    let mut args = vec!["merge", "-o", "merged", "-q"];
    args.extend(parts.iter().map(String::as_str));
    let (code, _, err) = giji(&args, t);
    assert_eq!(code, 0, "{err}");
    assert!(tree(&t.join("merged")) == tree(&t.join("single")));
}

#[test]
fn merge_refuses_parts_that_are_not_one_run_naming_the_part() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    batch(t);
    shards(t, 3, &[]);
    shards(t, 2, &[]);
    // The same run with other rules: the built-in table with one more document type.
    other_rules(t);
    for k in 0..3 {
        let (out, shard) = (format!("other/{k}"), format!("{k}/3"));
        giji(
            &[
                "convert",
                "in",
                "-o",
                &out,
                "-q",
                "--shard",
                &shard,
                "--rules",
                "mine.toml",
            ],
            t,
        );
    }
    giji(
        &[
            "convert", "in", "-o", "bom/1", "-q", "--shard", "1/3", "--bom",
        ],
        t,
    );
    let refused = |parts: &[&str], says: &str| {
        let mut args = vec!["merge", "-o", "merged"];
        args.extend(parts);
        let (code, _, err) = giji(&args, t);
        assert_eq!(code, 2, "{parts:?}: {err}");
        assert!(err.contains(says), "{parts:?}: {err}");
        assert!(!t.join("merged").exists(), "{parts:?}: nothing is written");
    };
    refused(&["parts3/0", "parts3/2"], "part 1/3 missing");
    refused(
        &["parts3/0", "parts3/1", "parts3/1", "parts3/2"],
        "parts3/1: is part 1/3",
    );
    refused(
        &["parts3/0", "parts3/1", "parts2/1"],
        "parts2/1: is part 1/2",
    );
    refused(
        &["parts3/0", "other/1", "parts3/2"],
        "other/1: made with the rule table",
    );
    refused(
        &["parts3/0", "bom/1", "parts3/2"],
        "bom/1: written with other output options",
    );
    refused(
        &["parts3/0", "in", "parts3/2"],
        "in: is not a part of a sharded run",
    );
    // A part changed after it was written.
    let remarks = t.join("parts3/1/remarks.csv");
    let mut bytes = std::fs::read(&remarks).unwrap();
    bytes.extend(b"x,1\n");
    std::fs::write(&remarks, bytes).unwrap();
    refused(
        &["parts3/0", "parts3/1", "parts3/2"],
        "parts3/1/remarks.csv: holds",
    );
    // Parts of runs over different files (one file added since).
    std::fs::rename(t.join("parts3"), t.join("before")).unwrap();
    std::fs::write(t.join("in/text/late.txt"), common::seed()).unwrap();
    shards(t, 3, &[]);
    refused(
        &["before/0", "parts3/1", "before/2"],
        "parts3/1: converted other inputs than before/0",
    );
}

#[test]
fn a_killed_shard_leaves_no_part_that_merge_would_take() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::create_dir(t.join("in")).unwrap();
    for i in 0..6000 {
        std::fs::write(t.join(format!("in/m{i:05}.txt")), common::seed()).unwrap();
    }
    for k in [0, 2] {
        let (out, shard) = (format!("parts/{k}"), format!("{k}/3"));
        assert_eq!(
            giji(&["convert", "in", "-o", &out, "-q", "--shard", &shard], t).0,
            0
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_giji"))
        .args([
            "convert", "in", "-o", "parts/1", "-q", "--shard", "1/3", "--jobs", "1",
        ])
        .current_dir(t)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let writing = || {
        std::fs::read_dir(t.join("parts")).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".1.giji-tmp-")
        })
    };
    while !writing() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(50));
    child.kill().unwrap();
    assert!(
        !child.wait().unwrap().success(),
        "the shard was killed before it finished"
    );
    assert!(
        !t.join("parts/1").exists(),
        "a killed shard publishes no part"
    );
    // Not even the folder it was writing, named on purpose.
    let left = std::fs::read_dir(t.join("parts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".1.giji-tmp-")
        })
        .expect("the killed shard's folder is left until its next run");
    let left = left.to_string_lossy().into_owned();
    let (code, _, err) = giji(&["merge", "parts/0", &left, "parts/2", "-o", "merged"], t);
    assert_eq!(code, 2, "{err}");
    assert!(!t.join("merged").exists());
    let (code, _, err) = giji(&["merge", "parts/0", "parts/2", "-o", "merged"], t);
    assert_eq!(code, 2);
    assert!(err.contains("part 1/3 missing"), "{err}");
    // The shard run again completes the run.
    assert_eq!(
        giji(
            &["convert", "in", "-o", "parts/1", "-q", "--shard", "1/3"],
            t
        )
        .0,
        0
    );
    assert_eq!(
        giji(
            &["merge", "parts/0", "parts/1", "parts/2", "-o", "merged", "-q"],
            t
        )
        .0,
        0
    );
    assert_eq!(giji(&["convert", "in", "-o", "single", "-q"], t).0, 0);
    assert!(tree(&t.join("merged")) == tree(&t.join("single")));
}

/// The cache's entries.
fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    walkdir(cache)
}

#[test]
fn the_cache_reuses_rows_and_converts_again_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    batch(t);
    let clean = |t: &Path| {
        giji(&["convert", "in", "-o", "clean", "-q"], t);
        tree(&t.join("clean"))
    };
    let cached = |t: &Path, extra: &[&str]| {
        let mut args = vec!["convert", "in", "-o", "out", "--cache", "cache"];
        args.extend(extra);
        let (_, _, err) = giji(&args, t);
        let line = err
            .lines()
            .find(|l| l.starts_with("giji: cache:"))
            .unwrap_or_default()
            .to_string();
        (tree(&t.join("out")), line)
    };
    // First run: everything converted; the output is a clean run's.
    let (first, said) = cached(t, &[]);
    assert!(first == clean(t));
    assert!(said.contains(" 0 reused"), "{said}");
    let stored = entries(&t.join("cache")).len();
    assert!(stored > 30, "one entry per converted file: {stored}");
    // Second run: every converted file reused, same bytes.
    let (second, said) = cached(t, &[]);
    assert!(second == first);
    assert!(
        said.contains(&format!("{stored} reused, 0 converted")),
        "{said}"
    );
    // A damaged entry (cut short) and a changed byte in another: converted again,
    // replaced, never published. (Before any file changes: every entry is then one a run
    // reads, none left over from a file's earlier bytes.)
    let all = entries(&t.join("cache"));
    let cut = std::fs::read(&all[0]).unwrap();
    std::fs::write(&all[0], &cut[..cut.len() / 2]).unwrap();
    let mut flipped = std::fs::read(&all[1]).unwrap();
    let n = flipped.len() - 3;
    flipped[n] ^= 0x01;
    std::fs::write(&all[1], flipped).unwrap();
    let (third, said) = cached(t, &[]);
    assert!(
        said.contains("2 damaged entries converted again and replaced"),
        "{said}"
    );
    assert!(third == clean(t));
    let (_, said) = cached(t, &[]);
    assert!(
        said.contains(" 0 converted"),
        "the entries were replaced: {said}"
    );
    // One file changed: only it converted.
    let seed = t.join("in/seed.txt");
    let mut bytes = std::fs::read(&seed).unwrap();
    bytes.extend("\n・追記の発言。\n".as_bytes());
    std::fs::write(&seed, bytes).unwrap();
    let (fourth, said) = cached(t, &[]);
    assert!(
        said.contains(&format!("{} reused, 1 converted", stored - 1)),
        "{said}"
    );
    assert!(
        fourth == clean(t),
        "the changed file's new rows are published"
    );
    // Other rules, or another output dialect: everything converted again.
    other_rules(t);
    let (_, said) = cached(t, &["--rules", "mine.toml"]);
    assert!(said.contains(" 0 reused"), "{said}");
    let (_, said) = cached(t, &["--excel"]);
    assert!(said.contains(" 0 reused"), "{said}");
}

#[test]
fn cached_shards_merge_to_the_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    batch(t);
    giji(&["convert", "in", "-o", "single", "-q"], t);
    for _ in 0..2 {
        let parts = shards(t, 3, &["--cache", "cache"]);
        let mut args = vec!["merge", "-o", "merged", "-q"];
        args.extend(parts.iter().map(String::as_str));
        assert_eq!(giji(&args, t).0, 0);
        assert!(tree(&t.join("merged")) == tree(&t.join("single")));
    }
}
