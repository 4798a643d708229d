//! Rows → files. A `DatasetWriter` streams each meeting's rows into the CSV writers and
//! `meetings.json`/`meetings.jsonl` as it comes, so memory is bounded by one document, and
//! writes everything into a temporary folder beside the target that replaces the target
//! only when complete: a crash never leaves half a dataset.

pub mod package;
pub mod rows;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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

type CsvOut = csv::Writer<BufWriter<File>>;

/// Writes one dataset folder.
pub struct DatasetWriter {
    tmp: tempfile::TempDir,
    target: PathBuf,
    csvs: Vec<CsvOut>,
    json: BufWriter<File>,
    jsonl: BufWriter<File>,
    meetings_written: usize,
    options: EmitOptions,
    sources: Vec<String>,
    newest_date: Option<String>,
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
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.giji-tmp-"))
            .tempdir_in(&parent)?;
        let mut csvs = Vec::new();
        for t in TABLES {
            let mut f = BufWriter::new(File::create(tmp.path().join(format!("{}.csv", t.name)))?);
            if options.bom {
                f.write_all(b"\xEF\xBB\xBF")?;
            }
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(f);
            let header: Vec<&str> = t
                .columns
                .iter()
                .map(|c| if options.header_ja { c.title } else { c.name })
                .collect();
            w.write_record(&header).map_err(to_io)?;
            csvs.push(w);
        }
        let mut json = BufWriter::new(File::create(tmp.path().join("meetings.json"))?);
        json.write_all(b"[")?;
        let jsonl = BufWriter::new(File::create(tmp.path().join("meetings.jsonl"))?);
        Ok(DatasetWriter {
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

    fn write_rows<T: Serialize>(&mut self, table: usize, rows: &[T]) -> io::Result<()> {
        for r in rows {
            self.csvs[table].serialize(r).map_err(to_io)?;
        }
        Ok(())
    }

    /// Appends one converted meeting.
    pub fn meeting(&mut self, m: &Meeting) -> io::Result<()> {
        let rows = rows::rows(m);
        self.write_rows(0, std::slice::from_ref(&rows.meeting))?;
        self.write_rows(1, &rows.attendees)?;
        self.write_rows(2, &rows.agenda)?;
        self.write_rows(3, &rows.materials)?;
        self.write_rows(4, &rows.sections)?;
        self.write_rows(5, &rows.remarks)?;
        self.write_rows(6, &rows.diagnostics)?;
        let value = nested(&rows)?;
        self.json.write_all(if self.meetings_written == 0 {
            b"\n"
        } else {
            b",\n"
        })?;
        serde_json::to_writer_pretty(&mut self.json, &value)?;
        serde_json::to_writer(&mut self.jsonl, &value)?;
        self.jsonl.write_all(b"\n")?;
        self.meetings_written += 1;
        self.sources.push(m.source_path.clone());
        if let Some(d) = rows.meeting.date {
            if self.newest_date.as_ref().is_none_or(|n| *n < d) {
                self.newest_date = Some(d);
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
        self.write_rows(6, std::slice::from_ref(&row))
    }

    /// Completes every file, writes `datapackage.json` and moves the folder into place.
    pub fn finish(mut self) -> io::Result<PathBuf> {
        for w in self.csvs.drain(..) {
            let mut inner = w
                .into_inner()
                .map_err(|e| io::Error::other(e.to_string()))?;
            inner.flush()?;
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
        let mut f = File::create(self.tmp.path().join("datapackage.json"))?;
        serde_json::to_writer_pretty(&mut f, &descriptor)?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        replace_dir(self.tmp, &self.target)?;
        Ok(self.target)
    }
}

/// Swaps the finished folder into place; the old one is removed only after the swap.
fn replace_dir(tmp: tempfile::TempDir, target: &Path) -> io::Result<()> {
    let staged = tmp.keep();
    if target.exists() {
        let parent = staged.parent().unwrap_or(Path::new("."));
        let old = tempfile::Builder::new()
            .prefix(".giji-old-")
            .tempdir_in(parent)?
            .keep();
        fs::remove_dir(&old)?;
        fs::rename(target, &old)?;
        if let Err(e) = fs::rename(&staged, target) {
            // Put the previous dataset back rather than leave none.
            let _ = fs::rename(&old, target);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&staged, target)?;
    }
    Ok(())
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
