//! Output safety through the real binary: `kill -9` during a batch leaves the previous
//! dataset intact and a rerun gives the bytes of an uninterrupted run; a second giji on
//! the same OUT fails cleanly; no input name makes giji write outside OUT.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn giji() -> Command {
    Command::new(env!("CARGO_BIN_EXE_giji"))
}

fn seed() -> Vec<u8> {
    std::fs::read(root().join("seeds/000_780bb8195d2e3bbd.txt")).unwrap()
}

/// Every file of a folder, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn kill_9_keeps_the_previous_dataset_and_a_rerun_matches() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // The previous dataset: one file.
    std::fs::create_dir(t.join("small")).unwrap();
    std::fs::write(t.join("small/a.txt"), seed()).unwrap();
    let ok = giji()
        .args(["convert", "small", "-o", "o", "-q"])
        .current_dir(t)
        .status()
        .unwrap();
    assert!(ok.success());
    let before = files(&t.join("o"));
    // A batch long enough to be killed while it writes.
    std::fs::create_dir(t.join("big")).unwrap();
    for i in 0..6000 {
        std::fs::write(t.join(format!("big/m{i:05}.txt")), seed()).unwrap();
    }
    let mut child = giji()
        .args(["convert", "big", "-o", "o", "-q", "--jobs", "1"])
        .current_dir(t)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let writing = || names(t).iter().any(|n| n.starts_with(".o.giji-tmp-"));
    while !writing() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(50));
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "the batch was killed before it finished");
    assert_eq!(
        files(&t.join("o")),
        before,
        "the previous dataset is intact"
    );
    // A rerun gives what an uninterrupted run gives, and leaves no temporary folder.
    let ok = giji()
        .args(["convert", "big", "-o", "o", "-q"])
        .current_dir(t)
        .status()
        .unwrap();
    assert!(ok.success());
    let ok = giji()
        .args(["convert", "big", "-o", "fresh", "-q"])
        .current_dir(t)
        .status()
        .unwrap();
    assert!(ok.success());
    assert_eq!(files(&t.join("o")), files(&t.join("fresh")));
    let left: Vec<String> = names(t)
        .into_iter()
        .filter(|n| n.contains("giji-tmp") || n.contains("giji-old"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_second_writer_of_the_same_dataset_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::write(t.join("a.txt"), seed()).unwrap();
    // Another process holds the dataset's lock, as a running giji does.
    let lock = std::fs::File::create(t.join(".o.giji-lock")).unwrap();
    lock.lock().unwrap();
    let out = giji()
        .args(["convert", "a.txt", "-o", "o"])
        .current_dir(t)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("another giji process is writing"), "{err}");
    assert!(!t.join("o").exists(), "nothing written");
    drop(lock);
    let ok = giji()
        .args(["convert", "a.txt", "-o", "o", "-q"])
        .current_dir(t)
        .status()
        .unwrap();
    assert!(ok.success(), "the lock is free once its holder is gone");
}

#[test]
fn two_giji_at_once_on_one_dataset_never_corrupt_it() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::create_dir(t.join("in")).unwrap();
    for i in 0..1500 {
        std::fs::write(t.join(format!("in/m{i:04}.txt")), seed()).unwrap();
    }
    let run = || {
        giji()
            .args(["convert", "in", "-o", "o", "-q"])
            .current_dir(t)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (run(), run());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let codes = [a.status.code(), b.status.code()];
    assert!(codes.contains(&Some(0)), "{codes:?}");
    for o in [&a, &b] {
        if o.status.code() != Some(0) {
            assert!(String::from_utf8_lossy(&o.stderr).contains("another giji process"));
        }
    }
    let ok = giji()
        .args(["convert", "in", "-o", "fresh", "-q"])
        .current_dir(t)
        .status()
        .unwrap();
    assert!(ok.success());
    assert_eq!(files(&t.join("o")), files(&t.join("fresh")));
}

#[test]
fn no_input_name_writes_outside_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let work = t.join("work");
    std::fs::create_dir_all(work.join("in/sub")).unwrap();
    let odd = [
        "in/sub/..txt",
        "in/\u{202e}txt.evil.txt",
        "in/e\u{301}cole.txt",
        "in/ｆｕｌｌ／ｗｉｄｔｈ.txt",
        "in/a b; rm -rf.txt",
    ];
    for n in odd {
        std::fs::write(work.join(n), seed()).unwrap();
    }
    let long = format!("in/{}.txt", "議".repeat(80)); // 240 bytes of name
    std::fs::write(work.join(&long), seed()).unwrap();
    let before = names(t);
    // Inputs given through `..` and as absolute paths.
    let abs = work.join("in/sub/..txt");
    let out = giji()
        .arg("convert")
        .arg("in/sub/../")
        .arg(&abs)
        .args(["-o", "o", "-q"])
        .current_dir(&work)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(2),
        "{out:?}"
    );
    assert_eq!(names(t), before, "nothing new beside the work folder");
    let mut made = names(&work);
    made.retain(|n| n != "in");
    assert_eq!(
        made,
        ["o"],
        "only the dataset (its lock is removed when giji ends)"
    );
    let meetings = std::fs::read_to_string(work.join("o/meetings.csv")).unwrap();
    assert!(meetings.lines().count() > odd.len(), "{meetings}");
    for id in meetings
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
    {
        assert!(
            !id.starts_with('/') && !id.split('/').any(|p| p == ".."),
            "{id}"
        );
    }
}
