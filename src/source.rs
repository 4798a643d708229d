//! Inputs: walks the given files and folders (folders recursively, sorted by path, hidden
//! entries and symlinked folders skipped), names each document's `meeting_id`, and reads
//! bytes. The only stage besides `emit` that touches the file system.

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Severity};

/// File endings giji converts: text, and PDF.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "pdf"];

impl Input {
    /// Whether the input is a PDF (by its ending).
    pub fn is_pdf(&self) -> bool {
        self.path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    }
}

/// One document to convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// Path relative to its input root, `/`-separated.
    pub rel_path: String,
    /// `rel_path` without its extension.
    pub meeting_id: String,
}

/// An input that will not be converted, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The path as the user can find it: as given on the command line, joined with the
    /// path inside a folder given there (messages lead with it).
    pub shown: String,
    pub rel_path: String,
    pub meeting_id: String,
    pub diagnostic: Diagnostic,
}

/// A document's bytes, read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub input: Input,
    pub bytes: Vec<u8>,
}

fn rel_string(p: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = p.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/"))
}

fn strip_ext(rel: &str) -> String {
    match rel.rfind('.') {
        Some(dot) if dot > rel.rfind('/').map_or(0, |s| s + 1) => rel[..dot].to_string(),
        _ => rel.to_string(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Collects inputs from files and folders. Returns the documents sorted by path, and the
/// entries skipped with their reason.
pub fn collect(roots: &[PathBuf]) -> (Vec<Input>, Vec<Skipped>) {
    collect_except(roots, &[])
}

/// As [`collect`], never entering the folders of `except` (the dataset being written, when
/// it lies inside an input folder), as the walk meets them.
pub fn collect_except(roots: &[PathBuf], except: &[PathBuf]) -> (Vec<Input>, Vec<Skipped>) {
    let mut found: Vec<Input> = Vec::new();
    let mut skipped = Vec::new();
    let skip = |rel: String, code: Code, sev: Severity, msg: String| Skipped {
        meeting_id: String::new(),
        shown: rel.clone(),
        rel_path: rel,
        diagnostic: Diagnostic::new(sev, code, msg),
    };
    for root in roots {
        if root.is_file() {
            let name = root.file_name().map(Path::new).unwrap_or(root.as_path());
            consider(root, name, &mut found, &mut skipped);
            continue;
        }
        if !root.is_dir() {
            skipped.push(skip(
                root.display().to_string(),
                Code::ReadFailed,
                Severity::Error,
                "no such file or folder".into(),
            ));
            continue;
        }
        // Not sorted while walking (that holds a whole folder's entries at once); the
        // inputs and the skipped are sorted by path below.
        let walker = walkdir::WalkDir::new(root).follow_links(false).into_iter();
        let keep = |e: &walkdir::DirEntry| {
            e.depth() == 0
                || !(is_hidden(e.file_name()) || except.iter().any(|x| x.as_path() == e.path()))
        };
        for entry in walker.filter_entry(keep) {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                    consider(e.path(), rel, &mut found, &mut skipped);
                }
                Ok(_) => {}
                Err(err) => skipped.push(skip(
                    err.path()
                        .map_or_else(|| root.display().to_string(), |p| p.display().to_string()),
                    Code::ReadFailed,
                    Severity::Error,
                    format!("cannot walk: {err}"),
                )),
            }
        }
    }
    found.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    // The same file named twice (`giji convert a a/x.txt`) is one input.
    found.dedup_by(|a, b| a.path == b.path);
    // Two inputs with one meeting_id (`a/x.txt` and `a/x.text`) would overwrite each other.
    // Found by sorting indices, not by a map of every id: a batch of 100,000 files would
    // hold a copy of each id at once.
    let mut by_id: Vec<usize> = (0..found.len()).collect();
    by_id.sort_by(|&a, &b| found[a].meeting_id.cmp(&found[b].meeting_id));
    let mut dup = vec![false; found.len()];
    for idx in by_id.chunk_by(|&a, &b| found[a].meeting_id == found[b].meeting_id) {
        if idx.len() < 2 {
            continue;
        }
        let id = found[idx[0]].meeting_id.clone();
        let paths: Vec<&Path> = idx.iter().map(|&i| found[i].path.as_path()).collect();
        let message = duplicate_message(&id, &paths);
        for &i in idx {
            dup[i] = true;
            skipped.push(Skipped {
                shown: found[i].path.display().to_string(),
                rel_path: found[i].rel_path.clone(),
                meeting_id: id.clone(),
                diagnostic: Diagnostic::new(
                    Severity::Error,
                    Code::DuplicateMeetingId,
                    message.clone(),
                ),
            });
        }
    }
    let found = found
        .into_iter()
        .zip(dup)
        .filter(|(_, d)| !d)
        .map(|(f, _)| f)
        .collect();
    skipped.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    (found, skipped)
}

/// Says which files collide and what works instead: inputs from different roots collide
/// because each is named relative to its own root, so their common parent names them apart.
fn duplicate_message(id: &str, paths: &[&Path]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut message = format!("{} would all become meeting_id `{id}`", names.join(", "));
    let parents: Vec<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
    let common = parents
        .iter()
        .skip(1)
        .fold(parents[0].to_path_buf(), |acc, p| {
            acc.components()
                .zip(p.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect()
        });
    let same_folder = parents.iter().all(|p| *p == parents[0]);
    if same_folder {
        message.push_str("; rename or move all but one of them");
    } else {
        let under: Vec<String> = paths
            .iter()
            .map(|p| {
                p.strip_prefix(&common)
                    .ok()
                    .and_then(rel_string)
                    .map_or_else(|| p.display().to_string(), |r| strip_ext(&r))
            })
            .collect();
        let parent = if common.as_os_str().is_empty() {
            ".".to_string()
        } else {
            format!("{}/", common.display())
        };
        message.push_str(&format!(
            "; convert their common parent instead (`giji convert {parent}` names them {})",
            under
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    }
    message
}

fn consider(path: &Path, rel: &Path, found: &mut Vec<Input>, skipped: &mut Vec<Skipped>) {
    let shown = path.display().to_string();
    let Some(rel_path) = rel_string(rel) else {
        skipped.push(Skipped {
            shown,
            rel_path: rel.to_string_lossy().into_owned(),
            meeting_id: String::new(),
            diagnostic: Diagnostic::new(
                Severity::Error,
                Code::UnsupportedInput,
                "the path is not valid UTF-8; rename the file",
            ),
        });
        return;
    };
    let ext = rel
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !TEXT_EXTENSIONS.contains(&ext.as_str()) {
        skipped.push(Skipped {
            shown,
            meeting_id: String::new(),
            diagnostic: Diagnostic::new(
                Severity::Info,
                Code::UnsupportedInput,
                format!(
                    "skipped: `.{ext}` is not a minutes input (giji reads {})",
                    TEXT_EXTENSIONS
                        .iter()
                        .map(|e| format!(".{e}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            rel_path,
        });
        return;
    }
    found.push(Input {
        path: path.to_path_buf(),
        meeting_id: strip_ext(&rel_path),
        rel_path,
    });
}

/// Reads a document's bytes.
pub fn read(input: &Input) -> Result<SourceFile, Diagnostic> {
    std::fs::read(&input.path)
        .map(|bytes| SourceFile {
            input: input.clone(),
            bytes,
        })
        .map_err(|e| {
            Diagnostic::new(
                Severity::Error,
                Code::ReadFailed,
                format!("cannot read: {e}"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skips_hidden_and_unsupported_and_flags_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("b/.hidden")).unwrap();
        for f in [
            "b/2.txt",
            "a.txt",
            "b/1.txt",
            "b/.hidden/x.txt",
            ".dot.txt",
            "scan.png",
            "c/x.txt",
            "c/x.text",
        ] {
            std::fs::create_dir_all(p.join(f).parent().unwrap()).unwrap();
            std::fs::write(p.join(f), "x").unwrap();
        }
        let (found, skipped) = collect(&[p.to_path_buf()]);
        let ids: Vec<_> = found.iter().map(|f| f.meeting_id.as_str()).collect();
        assert_eq!(ids, ["a", "b/1", "b/2"]);
        let why: Vec<_> = skipped
            .iter()
            .map(|s| (s.rel_path.as_str(), s.diagnostic.code))
            .collect();
        assert_eq!(
            why,
            [
                ("c/x.text", Code::DuplicateMeetingId),
                ("c/x.txt", Code::DuplicateMeetingId),
                ("scan.png", Code::UnsupportedInput)
            ]
        );
    }

    #[test]
    fn strips_only_the_file_extension() {
        assert_eq!(
            strip_ext("2022/000_780bb8195d2e3bbd.txt"),
            "2022/000_780bb8195d2e3bbd"
        );
        assert_eq!(strip_ext("v1.2/readme"), "v1.2/readme");
    }
}
