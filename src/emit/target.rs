//! The output folder's safety: before a byte is written, decide whether `OUT` may be
//! replaced (absent, empty, or a dataset giji wrote), and refuse everything else with a
//! message that says why. giji never deletes or overwrites a folder it did not write.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::rows::TABLES;

/// The marker giji writes into every dataset: its presence says the folder is giji's to
/// replace. Hidden, so a catalog upload of `*.csv` and `datapackage.json` never carries it.
pub const MARKER: &str = ".giji-dataset";

/// What the marker says: the generator, so a later run (or a person) knows whose it is.
pub fn marker_text() -> String {
    format!(
        "giji {}: this folder is a dataset written by giji; `giji convert -o` replaces it as a whole\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The names a giji dataset holds (a dataset written before the marker existed is
/// recognised by holding these names only).
fn dataset_names() -> Vec<String> {
    let mut names: Vec<String> = TABLES.iter().map(|t| format!("{}.csv", t.name)).collect();
    names.extend(
        [
            "meetings.json",
            "meetings.jsonl",
            "datapackage.json",
            MARKER,
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    names
}

/// Why `OUT` may not be written, said as a user should read it.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `check` found the target to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Nothing there yet.
    Absent,
    /// An empty folder, or a dataset giji wrote.
    Replaceable,
    /// A folder of the user's, replaced because `--force` was given.
    Forced,
}

/// `path` made absolute and free of `.` and `..` without touching the file system beyond
/// the current folder (the target need not exist).
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The real path of `path` where it exists, else its lexical absolute form: an input given
/// through a symlink still counts as the folder it names.
fn real(path: &Path) -> io::Result<PathBuf> {
    match fs::canonicalize(path) {
        Ok(p) => Ok(p),
        Err(_) => absolute(path),
    }
}

/// Decides whether `out` may be replaced by a dataset made from `inputs`.
pub fn check(out: &Path, inputs: &[PathBuf], force: bool) -> Result<Target, Refused> {
    let shown = out.display();
    let io_err = |e: io::Error| Refused(format!("{shown}: {e}"));
    let abs = real(out).map_err(io_err)?;
    let cwd = std::env::current_dir()
        .and_then(fs::canonicalize)
        .map_err(io_err)?;
    if abs.parent().is_none() {
        return Err(Refused(format!(
            "{shown}: is the root of the file system; name a folder for the dataset"
        )));
    }
    if cwd.starts_with(&abs) {
        return Err(Refused(format!(
            "{shown}: holds the current folder; replacing it would remove the folder giji runs in; name a new folder such as `out`"
        )));
    }
    for input in inputs {
        let Ok(i) = real(input) else { continue };
        if i == abs {
            return Err(Refused(format!(
                "{shown}: is the input folder {}; name a different output folder",
                input.display()
            )));
        }
        if i.starts_with(&abs) {
            return Err(Refused(format!(
                "{shown}: holds the input {}; replacing it would remove the input",
                input.display()
            )));
        }
    }
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Absent),
        Err(e) => return Err(io_err(e)),
    };
    if !meta.is_dir() {
        return Err(Refused(format!(
            "{shown}: is a file, not a folder; name a folder for the dataset (the file is left as it is)"
        )));
    }
    let mut entries: Vec<(String, bool)> = fs::read_dir(out)
        .map_err(io_err)?
        .map(|e| {
            e.map(|e| {
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (e.file_name().to_string_lossy().into_owned(), is_dir)
            })
        })
        .collect::<io::Result<_>>()
        .map_err(io_err)?;
    entries.sort();
    if entries.is_empty() {
        return Ok(Target::Replaceable);
    }
    let names = dataset_names();
    let marked = entries.iter().any(|(n, d)| n == MARKER && !d);
    let only_ours = entries.iter().all(|(n, d)| !d && names.contains(n))
        && entries.iter().any(|(n, _)| n == "datapackage.json");
    if marked || only_ours {
        return Ok(Target::Replaceable);
    }
    if force {
        return Ok(Target::Forced);
    }
    let foreign: Vec<String> = entries
        .iter()
        .filter(|(n, d)| *d || !names.contains(n))
        .map(|(n, d)| if *d { format!("{n}/…") } else { n.clone() })
        .collect();
    let shown_names = if foreign.len() > 3 {
        format!("{}, … ({} entries)", foreign[..3].join(", "), foreign.len())
    } else {
        foreign.join(", ")
    };
    Err(Refused(format!(
        "{shown}: is not a giji dataset (it holds {shown_names}); choose an empty folder or pass --force"
    )))
}

/// The folder of `out` as the walk of `root` would meet it, so a dataset inside an input
/// folder is never read as input; `None` where `out` is not under `root`.
pub fn inside(root: &Path, out: &Path) -> Option<PathBuf> {
    let r = real(root).ok()?;
    let o = real(out).ok()?;
    let rel = o.strip_prefix(&r).ok()?;
    (!rel.as_os_str().is_empty()).then(|| root.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_the_users_is_refused_and_names_what_it_holds() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("o");
        fs::create_dir_all(out.join("sub")).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = check(&out, &[], false).unwrap_err().0;
        assert!(
            e.ends_with(
                "is not a giji dataset (it holds notes.txt, sub/…); choose an empty folder or pass --force"
            ),
            "{e}"
        );
        assert_eq!(check(&out, &[], true).unwrap(), Target::Forced);
    }

    #[test]
    fn absent_empty_marked_and_legacy_datasets_are_replaceable() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("o");
        assert_eq!(check(&out, &[], false).unwrap(), Target::Absent);
        fs::create_dir(&out).unwrap();
        assert_eq!(check(&out, &[], false).unwrap(), Target::Replaceable);
        fs::write(out.join("meetings.csv"), "").unwrap();
        fs::write(out.join("datapackage.json"), "{}").unwrap();
        assert_eq!(check(&out, &[], false).unwrap(), Target::Replaceable);
        fs::write(out.join("extra.txt"), "").unwrap();
        assert!(check(&out, &[], false).is_err());
        fs::write(out.join(MARKER), marker_text()).unwrap();
        assert_eq!(check(&out, &[], false).unwrap(), Target::Replaceable);
    }

    #[test]
    fn a_file_the_root_and_an_input_folder_are_refused() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("afile");
        fs::write(&f, "x").unwrap();
        assert!(check(&f, &[], true).unwrap_err().0.contains("is a file"));
        assert!(check(Path::new("/"), &[], true)
            .unwrap_err()
            .0
            .contains("root of the file system"));
        let input = t.path().join("in");
        fs::create_dir_all(input.join("a")).unwrap();
        assert!(check(&input, std::slice::from_ref(&input), true)
            .unwrap_err()
            .0
            .contains("is the input folder"));
        assert!(check(&input, &[input.join("a")], true)
            .unwrap_err()
            .0
            .contains("holds the input"));
    }
}
