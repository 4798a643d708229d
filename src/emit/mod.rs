//! Rows → files. A `DatasetWriter` streams each meeting's rows into the CSV writers and
//! `meetings.json`/`meetings.jsonl` as it comes, so memory is bounded by one document, and
//! writes everything into a temporary folder beside the target that replaces the target
//! only when complete: a crash never leaves half a dataset.

pub mod package;
pub mod part;
pub mod rows;
pub mod target;

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
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct EmitOptions {
    /// Japanese field titles as the CSV header row.
    pub header_ja: bool,
    /// A UTF-8 BOM at the start of every CSV, for Excel.
    pub bom: bool,
    pub package: package::PackageMeta,
    /// Replace an output folder that is not a giji dataset (`--force`).
    #[serde(skip)]
    pub force: bool,
    /// Spreadsheet output (`--excel`): BOM, CRLF, and cells that a spreadsheet would run
    /// as a formula prefixed with `'` (OWASP's CSV-injection advice).
    pub excel: bool,
}

/// The first characters that make Excel and LibreOffice read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A cell made safe to open in a spreadsheet: it can no longer start a formula.
fn spreadsheet_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Rewrites CSV bytes in the dataset's dialect as spreadsheet CSV: CRLF line ends and
/// formula-safe cells. Re-reading the bytes keeps one serializer for both dialects.
fn for_spreadsheet(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in reader.records() {
        let record = record.map_err(to_io)?;
        w.write_record(record.iter().map(spreadsheet_cell).map(|c| c.into_owned()))
            .map_err(to_io)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

/// One meeting serialized for every output file, ready to append. Workers encode in
/// parallel; the writer only appends bytes in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// CSV rows for each table of `TABLES`, without header.
    pub(crate) csv: Vec<Vec<u8>>,
    pub(crate) json: Vec<u8>,
    pub(crate) jsonl: Vec<u8>,
    pub(crate) source_path: String,
    pub(crate) date: Option<String>,
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

/// Serializes one meeting for every output file (`excel`: as [`EmitOptions::excel`]).
pub fn encode(m: &Meeting, excel: bool) -> io::Result<Encoded> {
    let rows = rows::rows(m);
    let mut csv = vec![
        rows_bytes(std::slice::from_ref(&rows.meeting))?,
        rows_bytes(&rows.attendees)?,
        rows_bytes(&rows.agenda)?,
        rows_bytes(&rows.materials)?,
        rows_bytes(&rows.sections)?,
        rows_bytes(&rows.remarks)?,
        rows_bytes(&rows.diagnostics)?,
    ];
    if excel {
        for bytes in &mut csv {
            *bytes = for_spreadsheet(bytes)?;
        }
    }
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
    _lock: Lock,
    /// The dataset folder's name: its lock and temporary folders are named after it.
    name: String,
    tmp: tempfile::TempDir,
    target: PathBuf,
    csvs: Vec<BufWriter<File>>,
    json: BufWriter<File>,
    jsonl: BufWriter<File>,
    meetings_written: usize,
    options: EmitOptions,
    sources: package::Sources,
    newest_date: Option<String>,
    /// The record of a part of a sharded run (`convert --shard`).
    part: Option<part::Log>,
}

/// Large buffers: a batch appends many small rows, and each flush is a system call.
fn out_file(path: &Path) -> io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 16, File::create(path)?))
}

fn to_io(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

impl DatasetWriter {
    /// Starts a dataset that will replace `target` on `finish`. Refuses a `target` that is
    /// neither absent, empty nor a giji dataset (unless `options.force`), before writing.
    pub fn create(target: &Path, options: EmitOptions) -> io::Result<DatasetWriter> {
        refuse(target, options.force)?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| with_path(target, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let lock = Lock::acquire(&parent.join(format!(".{name}.giji-lock")), target)?;
        // Holding the lock, any temporary folder of this dataset is left by a process
        // that was killed: it goes.
        remove_stale(&parent, &name);
        let tmp = tempfile::Builder::new()
            .prefix(&stale_prefixes(&name)[0])
            .tempdir_in(&parent)
            .map_err(|e| with_path(target, e))?;
        let mut csvs = Vec::new();
        for t in TABLES {
            let mut f = out_file(&tmp.path().join(format!("{}.csv", t.name)))?;
            if options.bom || options.excel {
                f.write_all(b"\xEF\xBB\xBF")?;
            }
            let header: Vec<&str> = t
                .columns
                .iter()
                .map(|c| if options.header_ja { c.title } else { c.name })
                .collect();
            let mut w = csv_bytes();
            w.write_record(&header).map_err(to_io)?;
            let mut bytes = w
                .into_inner()
                .map_err(|e| io::Error::other(e.to_string()))?;
            if options.excel {
                bytes = for_spreadsheet(&bytes)?;
            }
            f.write_all(&bytes)?;
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
            sources: package::Sources::default(),
            newest_date: None,
            part: None,
        })
    }

    /// Starts a part of a sharded run: a dataset of the part's inputs that also records,
    /// in [`part::PART_FILE`], what made it and each input's bytes, for [`part::merge`].
    pub fn create_part(
        target: &Path,
        options: EmitOptions,
        header: &part::Header,
    ) -> io::Result<DatasetWriter> {
        let mut w = DatasetWriter::create(target, options)?;
        w.part = Some(part::Log::create(
            &w.tmp.path().join(part::PART_FILE),
            header,
        )?);
        Ok(w)
    }

    /// Appends one converted meeting as the run's `at`-th input.
    pub fn meeting(&mut self, at: usize, m: &Meeting) -> io::Result<()> {
        self.append(at, &encode(m, self.options.excel)?)
    }

    /// Appends one meeting encoded by `encode`, the run's `at`-th input.
    pub fn append(&mut self, at: usize, e: &Encoded) -> io::Result<()> {
        let mut bytes: Vec<&[u8]> = e.csv.iter().map(Vec::as_slice).collect();
        bytes.extend([e.json.as_slice(), e.jsonl.as_slice()]);
        self.write_entry(at, &bytes, Some((&e.source_path, e.date.as_deref())))
    }

    /// Appends one input's bytes read from a part ([`part::merge`]).
    pub(crate) fn append_raw(&mut self, e: &part::Entry, bytes: &[Vec<u8>]) -> io::Result<()> {
        let bytes: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
        self.write_entry(
            e.at,
            &bytes,
            e.source.as_deref().map(|s| (s, e.date.as_deref())),
        )
    }

    /// Writes one input's bytes, in [`part::STREAMS`] order; `meeting` is its source path
    /// and date when it is a meeting (only a meeting has JSON).
    fn write_entry(
        &mut self,
        at: usize,
        bytes: &[&[u8]],
        meeting: Option<(&str, Option<&str>)>,
    ) -> io::Result<()> {
        let json = TABLES.len();
        for (out, b) in self.csvs.iter_mut().zip(&bytes[..json]) {
            out.write_all(b)?;
        }
        if let Some((source, date)) = meeting {
            self.json.write_all(if self.meetings_written == 0 {
                b"\n"
            } else {
                b",\n"
            })?;
            self.json.write_all(bytes[json])?;
            self.jsonl.write_all(bytes[json + 1])?;
            self.meetings_written += 1;
            self.sources.push(source);
            if let Some(d) = date {
                if self.newest_date.as_deref().is_none_or(|n| n < d) {
                    self.newest_date = Some(d.to_string());
                }
            }
        }
        if let Some(log) = &mut self.part {
            let mut lengths = [0u64; part::STREAMS];
            for (l, b) in lengths.iter_mut().zip(bytes) {
                *l = b.len() as u64;
            }
            if meeting.is_none() {
                lengths[json] = 0;
                lengths[json + 1] = 0;
            }
            log.entry(&part::Entry {
                at,
                bytes: lengths,
                source: meeting.map(|(s, _)| s.to_string()),
                date: meeting.and_then(|(_, d)| d.map(str::to_string)),
            })?;
        }
        Ok(())
    }

    /// Records the diagnostics of the run's `at`-th input, which produced no meeting (a
    /// failed or skipped file).
    pub fn file_diagnostics(
        &mut self,
        at: usize,
        source_path: &str,
        meeting_id: &str,
        diags: &[Diagnostic],
    ) -> io::Result<()> {
        let rows: Vec<_> = diags
            .iter()
            .map(|d| diagnostic_row(source_path, meeting_id, d))
            .collect();
        let mut bytes = rows_bytes(&rows)?;
        if self.options.excel {
            bytes = for_spreadsheet(&bytes)?;
        }
        let mut streams: Vec<&[u8]> = vec![&[]; part::STREAMS];
        streams[TABLES.len() - 1] = &bytes;
        self.write_entry(at, &streams, None)
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
        if let Some(log) = self.part.take() {
            log.finish()?;
        }
        let mut f = out_file(&self.tmp.path().join("datapackage.json"))?;
        package::write_descriptor(
            &mut f,
            &self.options,
            &self.sources,
            self.newest_date.as_deref(),
        )?;
        f.write_all(b"\n")?;
        // No fsync: the swap below guards against giji being killed, not against the
        // machine losing power, and syncing one file of nine would promise more than it
        // keeps (it cost up to 10 ms a run). `sync` after giji if that matters.
        f.flush()?;
        fs::write(self.tmp.path().join(target::MARKER), target::marker_text())?;
        // The folder may have changed while the batch ran: asked again just before the swap.
        refuse(&self.target, self.options.force)?;
        let [_, old_prefix] = stale_prefixes(&self.name);
        replace_dir(self.tmp, &self.target, &old_prefix).map_err(|e| with_path(&self.target, e))?;
        Ok(self.target)
    }
}

/// `e` led by the path it concerns, as every message of giji's is.
fn with_path(p: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", p.display()))
}

/// Fails unless `target` may be replaced (see [`target::check`]).
fn refuse(target: &Path, force: bool) -> io::Result<()> {
    target::check(target, &[], force)
        .map(|_| ())
        .map_err(|r| io::Error::new(io::ErrorKind::AlreadyExists, r.0))
}

/// The lock on one dataset: one writer at a time. The file is removed when the writer is
/// done (or by the next run, after a kill); the OS drops the lock itself even on kill -9.
struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    fn acquire(path: &Path, target: &Path) -> io::Result<Lock> {
        loop {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .map_err(|e| with_path(target, e))?;
            if let Err(e) = file.try_lock() {
                return Err(match e {
                    fs::TryLockError::WouldBlock => io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "{}: another giji process is writing this dataset; wait for it to finish",
                            target.display()
                        ),
                    ),
                    fs::TryLockError::Error(e) => with_path(target, e),
                });
            }
            // A writer that finished removed the file after we opened it: our lock is on a
            // file nobody else will open. Only the file still at the path counts.
            if same_file(&file, path) {
                return Ok(Lock {
                    file,
                    path: path.to_path_buf(),
                });
            }
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so no other writer can take the old file for its own.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
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
    let mut provenance = Map::new();
    for (field, entry) in &rows.provenance {
        provenance.insert((*field).to_string(), value(entry)?);
    }
    m.insert("provenance".into(), Value::Object(provenance));
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
