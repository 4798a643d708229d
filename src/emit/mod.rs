//! Rows → files. A `DatasetWriter` streams each meeting's rows into the CSV writers and
//! `meetings.json`/`meetings.jsonl` as it comes, so memory is bounded by one document, and
//! writes everything into a temporary folder beside the target that replaces the target
//! only when complete: a crash never leaves half a dataset.

pub mod package;
pub mod rows;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::diag::Diagnostic;
use crate::model::Meeting;
use rows::{diagnostic_row, Rows, TABLES};

/// Output choices that change bytes.
#[derive(Debug, Clone, Default)]
pub struct EmitOptions {
    /// Japanese field titles as the CSV header row.
    pub header_ja: bool,
    /// A UTF-8 BOM at the start of every CSV, for Excel.
    pub bom: bool,
    pub package: package::PackageMeta,
}

/// One meeting serialized for every output file, ready to append. Workers encode in
/// parallel; the writer only appends bytes in input order.
#[derive(Debug, PartialEq, Eq)]
pub struct Encoded {
    /// CSV rows for each table of `TABLES`, without header.
    csv: Vec<Vec<u8>>,
    json: Vec<u8>,
    jsonl: Vec<u8>,
    source_path: String,
    date: Option<String>,
}

/// A CSV writer into memory with the dataset's dialect (`\n` line ends).
fn csv_bytes() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn rows_bytes<T: Serialize>(rows: &[T]) -> io::Result<Vec<u8>> {
    let mut w = csv_bytes();
    for r in rows {
        w.serialize(r).map_err(to_io)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

/// Serializes one meeting for every output file.
pub fn encode(m: &Meeting) -> io::Result<Encoded> {
    let rows = rows::rows(m);
    let csv = vec![
        rows_bytes(std::slice::from_ref(&rows.meeting))?,
        rows_bytes(&rows.attendees)?,
        rows_bytes(&rows.agenda)?,
        rows_bytes(&rows.materials)?,
        rows_bytes(&rows.sections)?,
        rows_bytes(&rows.remarks)?,
        rows_bytes(&rows.diagnostics)?,
    ];
    let value = nested(&rows)?;
    let json = serde_json::to_vec_pretty(&value)?;
    let mut jsonl = serde_json::to_vec(&value)?;
    jsonl.push(b'\n');
    Ok(Encoded {
        csv,
        json,
        jsonl,
        source_path: m.source_path.clone(),
        date: rows.meeting.date.clone(),
    })
}

/// Writes one dataset folder.
pub struct DatasetWriter {
    _lock: File,
    /// The dataset folder's name: its lock and temporary folders are named after it.
    name: String,
    tmp: tempfile::TempDir,
    target: PathBuf,
    csvs: Vec<BufWriter<File>>,
    json: BufWriter<File>,
    jsonl: BufWriter<File>,
    meetings_written: usize,
    options: EmitOptions,
    sources: Vec<String>,
    newest_date: Option<String>,
}

/// Large buffers: a batch appends many small rows, and each flush is a system call.
fn out_file(path: &Path) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 16, File::create(path)?))
}

fn to_io(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

impl DatasetWriter {
    /// Starts a dataset that will replace `target` on `finish`.
    pub fn create(target: &Path, options: EmitOptions) -> io::Result<DatasetWriter> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        // One writer per dataset: a second giji on the same OUT fails cleanly instead of
        // swapping its folder in under the first. The OS drops the lock when the process
        // ends, even by kill -9.
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(parent.join(format!(".{name}.giji-lock")))?;
        if let Err(e) = lock.try_lock() {
            return Err(match e {
                fs::TryLockError::WouldBlock => io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "{}: another giji process is writing this dataset; wait for it to finish",
                        target.display()
                    ),
                ),
                fs::TryLockError::Error(e) => e,
            });
        }
        // Holding the lock, any temporary folder of this dataset is left by a process
        // that was killed: it goes.
        remove_stale(&parent, &name);
        let tmp = tempfile::Builder::new()
            .prefix(&stale_prefixes(&name)[0])
            .tempdir_in(&parent)?;
        let mut csvs = Vec::new();
        for t in TABLES {
            let mut f = out_file(&tmp.path().join(format!("{}.csv", t.name)))?;
            if options.bom {
                f.write_all(b"\xEF\xBB\xBF")?;
            }
            let header: Vec<&str> = t
                .columns
                .iter()
                .map(|c| if options.header_ja { c.title } else { c.name })
                .collect();
            let mut w = csv_bytes();
            w.write_record(&header).map_err(to_io)?;
            f.write_all(
                &w.into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?,
            )?;
            csvs.push(f);
        }
        let mut json = out_file(&tmp.path().join("meetings.json"))?;
        json.write_all(b"[")?;
        let jsonl = out_file(&tmp.path().join("meetings.jsonl"))?;
        Ok(DatasetWriter {
            _lock: lock,
            name,
            tmp,
            target: target.to_path_buf(),
            csvs,
            json,
            jsonl,
            meetings_written: 0,
            options,
            sources: Vec::new(),
            newest_date: None,
        })
    }

    /// Appends one converted meeting.
    pub fn meeting(&mut self, m: &Meeting) -> io::Result<()> {
        self.append(&encode(m)?)
    }

    /// Appends one meeting encoded by `encode`.
    pub fn append(&mut self, e: &Encoded) -> io::Result<()> {
        for (out, bytes) in self.csvs.iter_mut().zip(&e.csv) {
            out.write_all(bytes)?;
        }
        self.json.write_all(if self.meetings_written == 0 {
            b"\n"
        } else {
            b",\n"
        })?;
        self.json.write_all(&e.json)?;
        self.jsonl.write_all(&e.jsonl)?;
        self.meetings_written += 1;
        self.sources.push(e.source_path.clone());
        if let Some(d) = &e.date {
            if self.newest_date.as_ref().is_none_or(|n| n < d) {
                self.newest_date = Some(d.clone());
            }
        }
        Ok(())
    }

    /// Records a diagnostic for an input that produced no meeting (a failed or skipped file).
    pub fn file_diagnostic(
        &mut self,
        source_path: &str,
        meeting_id: &str,
        d: &Diagnostic,
    ) -> io::Result<()> {
        let row = diagnostic_row(source_path, meeting_id, d);
        let bytes = rows_bytes(std::slice::from_ref(&row))?;
        self.csvs[6].write_all(&bytes)
    }

    /// Completes every file, writes `datapackage.json` and moves the folder into place.
    pub fn finish(mut self) -> io::Result<PathBuf> {
        for mut w in self.csvs.drain(..) {
            w.flush()?;
        }
        self.json.write_all(if self.meetings_written == 0 {
            b"]\n"
        } else {
            b"\n]\n"
        })?;
        self.json.flush()?;
        self.jsonl.flush()?;
        let descriptor =
            package::descriptor(&self.options, &self.sources, self.newest_date.as_deref());
        let mut f = out_file(&self.tmp.path().join("datapackage.json"))?;
        serde_json::to_writer_pretty(&mut f, &descriptor)?;
        f.write_all(b"\n")?;
        // No fsync: the swap below guards against giji being killed, not against the
        // machine losing power, and syncing one file of nine would promise more than it
        // keeps (it cost up to 10 ms a run). `sync` after giji if that matters.
        f.flush()?;
        let [_, old_prefix] = stale_prefixes(&self.name);
        replace_dir(self.tmp, &self.target, &old_prefix)?;
        Ok(self.target)
    }
}

/// The folders a run of this dataset leaves beside it while it works: `.{name}.giji-tmp-…`
/// (the dataset being written) and `.{name}.giji-old-…` (the one being replaced).
fn stale_prefixes(name: &str) -> [String; 2] {
    [format!(".{name}.giji-tmp-"), format!(".{name}.giji-old-")]
}

/// Removes what a killed run of this dataset left; called holding the lock.
fn remove_stale(parent: &Path, name: &str) {
    let prefixes = stale_prefixes(name);
    for entry in fs::read_dir(parent).into_iter().flatten().flatten() {
        let n = entry.file_name();
        let n = n.to_string_lossy();
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Swaps the finished folder into place; the old one is removed only after the swap.
fn replace_dir(tmp: tempfile::TempDir, target: &Path, old_prefix: &str) -> io::Result<()> {
    let staged = tmp.keep();
    if target.exists() {
        let parent = staged.parent().unwrap_or(Path::new("."));
        let old = tempfile::Builder::new()
            .prefix(old_prefix)
            .tempdir_in(parent)?
            .keep();
        fs::remove_dir(&old)?;
        fs::rename(target, &old)?;
        if let Err(e) = fs::rename(&staged, target) {
            // Put the previous dataset back rather than leave none.
            let _ = fs::rename(&old, target);
            return Err(e);
        }
        remove_folder(&old)?;
    } else {
        fs::rename(&staged, target)?;
    }
    Ok(())
}

/// Removes the replaced dataset, its files unlinked in parallel: freeing their pages is
/// the last thing a batch waits for.
fn remove_folder(dir: &Path) -> io::Result<()> {
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            fs::remove_dir_all(e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(dir)
}

fn value<T: Serialize>(v: &T) -> io::Result<Value> {
    serde_json::to_value(v).map_err(io::Error::other)
}

fn without_meeting_id<T: Serialize>(rows: &[T]) -> io::Result<Vec<Value>> {
    rows.iter()
        .map(|r| {
            let mut v = value(r)?;
            if let Some(o) = v.as_object_mut() {
                o.shift_remove("meeting_id");
            }
            Ok(v)
        })
        .collect()
}

/// The meeting as one nested JSON object: its attendees, agenda items, materials,
/// sections with their remarks, remarks outside any section, and diagnostics.
fn nested(rows: &Rows) -> io::Result<Value> {
    let Value::Object(mut m) = value(&rows.meeting)? else {
        return Err(io::Error::other("meeting row is not an object"));
    };
    m.insert(
        "attendees".into(),
        Value::Array(without_meeting_id(&rows.attendees)?),
    );
    m.insert(
        "agenda_items".into(),
        Value::Array(without_meeting_id(&rows.agenda)?),
    );
    m.insert(
        "materials".into(),
        Value::Array(without_meeting_id(&rows.materials)?),
    );
    let remarks = without_meeting_id(&rows.remarks)?;
    let mut sections = Vec::new();
    for (s, sec) in without_meeting_id(&rows.sections)?.into_iter().enumerate() {
        let mut sec: Map<String, Value> = match sec {
            Value::Object(o) => o,
            _ => Map::new(),
        };
        let inside: Vec<Value> = rows
            .remarks
            .iter()
            .zip(&remarks)
            .filter(|(r, _)| r.section_seq == Some(s + 1))
            .map(|(_, v)| v.clone())
            .collect();
        sec.insert("remarks".into(), Value::Array(inside));
        sections.push(Value::Object(sec));
    }
    m.insert("sections".into(), Value::Array(sections));
    let outside: Vec<Value> = rows
        .remarks
        .iter()
        .zip(&remarks)
        .filter(|(r, _)| r.section_seq.is_none())
        .map(|(_, v)| v.clone())
        .collect();
    m.insert("remarks".into(), Value::Array(outside));
    let diags: Vec<Value> = rows
        .diagnostics
        .iter()
        .map(|d| {
            let mut v = value(d)?;
            if let Some(o) = v.as_object_mut() {
                o.shift_remove("meeting_id");
                o.shift_remove("source_path");
            }
            Ok(v)
        })
        .collect::<io::Result<_>>()?;
    m.insert("diagnostics".into(), Value::Array(diags));
    Ok(Value::Object(m))
}
