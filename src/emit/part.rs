//! Sharded runs: a part (`convert --shard K/N`) is a dataset of its share of the inputs plus
//! `giji-part.jsonl`, which says what made it and where each file's bytes lie; `merge` joins
//! the parts into the dataset one `convert` of every input would have written, byte for byte.

use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::rows::TABLES;
use super::{DatasetWriter, EmitOptions};

/// The file of a part that makes it one: its first line is the [`Header`], each line after
/// it an [`Entry`], in the order the part wrote them.
pub const PART_FILE: &str = "giji-part.jsonl";

/// What this version writes in [`Header::format`].
const FORMAT: &str = "giji-part 1";

/// Each file's share of the output files: the CSV tables in `TABLES` order, then
/// `meetings.json` and `meetings.jsonl`.
pub const STREAMS: usize = TABLES.len() + 2;

/// What made a part. Parts merge only when everything but `shard` is the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    /// giji's version (`CARGO_PKG_VERSION`).
    pub giji: String,
    /// The rule table's digest ([`crate::rules::RuleSet::digest`]).
    pub rules: String,
    pub shard: usize,
    pub shards: usize,
    /// Files of the whole run (converted, failed and skipped), over every shard.
    pub inputs: usize,
    /// Digest of the whole run's input list (names, sizes, modification times): parts of
    /// runs over different files do not merge.
    pub inputs_digest: String,
    /// The output options, which every part must share (they change bytes).
    pub options: EmitOptions,
}

impl Header {
    pub fn new(
        rules: &str,
        shard: Shard,
        inputs: usize,
        inputs_digest: String,
        options: &EmitOptions,
    ) -> Header {
        Header {
            format: FORMAT.into(),
            giji: env!("CARGO_PKG_VERSION").into(),
            rules: rules.into(),
            shard: shard.index,
            shards: shard.count,
            inputs,
            inputs_digest,
            options: options.clone(),
        }
    }
}

/// One input's bytes in a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Where the file's rows stand in the whole run's output (skipped inputs first, then
    /// the others in path order, as a single `convert` writes them).
    pub at: usize,
    /// Its bytes in each output file ([`STREAMS`]).
    pub bytes: [u64; STREAMS],
    /// The source path of a converted meeting; `None` for a file that failed or was
    /// skipped (it has diagnostics rows only).
    pub source: Option<String>,
    /// The meeting's date (the descriptor's `created` is the newest).
    pub date: Option<String>,
}

/// `K/N`: the K-th of N parts, counted from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Reads `K/N` (0 ≤ K < N).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || {
            format!(
                "--shard `{text}`: give K/N with 0 ≤ K < N, such as 0/4 (the first of four parts)"
            )
        };
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether the input at `rel_path` belongs to this part. A stable hash of the path
    /// alone: adding a file to the run moves no other file to another part.
    pub fn holds(&self, rel_path: &str) -> bool {
        let d = Sha256::digest(rel_path.as_bytes());
        let h = u64::from_be_bytes(d[..8].try_into().expect("a sha256 digest has 8 bytes"));
        (h % self.count as u64) as usize == self.index
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The digest of a run's input list: each input's path relative to its root, size and
/// modification time, in the run's order. Every shard walks the same list.
pub fn inputs_digest<'a>(inputs: impl Iterator<Item = (&'a str, Option<&'a Path>)>) -> String {
    let mut h = Sha256::new();
    for (rel, path) in inputs {
        h.update(rel.as_bytes());
        h.update([0]);
        if let Some(m) = path.and_then(|p| std::fs::metadata(p).ok()) {
            h.update(m.len().to_be_bytes());
            if let Ok(t) = m.modified() {
                if let Ok(d) = t.duration_since(std::time::UNIX_EPOCH) {
                    h.update(d.as_nanos().to_be_bytes());
                }
            }
        }
        h.update([0]);
    }
    format!("sha256:{:x}", h.finalize())
}

/// The part's record, written beside its dataset as the files are appended.
pub(super) struct Log {
    out: BufWriter<File>,
}

impl Log {
    pub(super) fn create(path: &Path, header: &Header) -> io::Result<Log> {
        let mut out = BufWriter::new(File::create(path)?);
        serde_json::to_writer(&mut out, header)?;
        out.write_all(b"\n")?;
        Ok(Log { out })
    }

    pub(super) fn entry(&mut self, e: &Entry) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, e)?;
        self.out.write_all(b"\n")
    }

    pub(super) fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub parts: usize,
    pub meetings: usize,
    pub inputs: usize,
}

/// A part opened for merging.
struct Part {
    path: PathBuf,
    header: Header,
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// The part's log, past its header line.
fn open_log(part: &Path) -> io::Result<(Header, io::Lines<BufReader<File>>)> {
    let path = part.join(PART_FILE);
    let file = File::open(&path).map_err(|e| {
        invalid(format!(
            "{}: is not a part of a sharded run ({PART_FILE}: {e}); make parts with giji convert --shard K/N",
            part.display()
        ))
    })?;
    let mut lines = BufReader::new(file).lines();
    let first = lines.next().transpose()?.unwrap_or_default();
    let header: Header = serde_json::from_str(&first).map_err(|e| {
        invalid(format!(
            "{}:1: error[part]: not a part header: {e}",
            path.display()
        ))
    })?;
    if header.format != FORMAT {
        return Err(invalid(format!(
            "{}:1: error[part]: format `{}`; this giji reads `{FORMAT}`",
            path.display(),
            header.format
        )));
    }
    Ok((header, lines))
}

/// The entries of a part's log, each with its line number.
fn entries(
    part: &Path,
    lines: io::Lines<BufReader<File>>,
) -> impl Iterator<Item = io::Result<Entry>> {
    let path = part.join(PART_FILE);
    lines.enumerate().map(move |(i, line)| {
        let line = line?;
        serde_json::from_str(&line).map_err(|e| {
            invalid(format!(
                "{}:{}: error[part]: not an entry: {e}",
                path.display(),
                i + 2
            ))
        })
    })
}

/// The parts, checked to be one whole run: same giji, rules, options and inputs, every
/// shard once. Names the part that does not fit.
fn check_parts(paths: &[PathBuf]) -> io::Result<Vec<Part>> {
    let mut parts: Vec<Part> = Vec::new();
    for p in paths {
        let (header, _) = open_log(p)?;
        parts.push(Part {
            path: p.clone(),
            header,
        });
    }
    let Some(first) = parts.first() else {
        return Err(invalid("no parts given; name the folders giji convert --shard K/N wrote (giji merge parts/* -o out)".into()));
    };
    let (a, ah) = (first.path.display().to_string(), &first.header);
    for p in &parts[1..] {
        let (b, bh) = (p.path.display(), &p.header);
        if bh.giji != ah.giji {
            return Err(invalid(format!(
                "{b}: made by giji {}, {a} by giji {}; convert every part with the same giji",
                bh.giji, ah.giji
            )));
        }
        if bh.rules != ah.rules {
            return Err(invalid(format!("{b}: made with the rule table {}, {a} with {}; convert every part with the same rules", bh.rules, ah.rules)));
        }
        if bh.shards != ah.shards {
            return Err(invalid(format!("{b}: is part {}/{}, {a} part {}/{}; every part must come from the same --shard K/N count", bh.shard, bh.shards, ah.shard, ah.shards)));
        }
        if bh.inputs != ah.inputs || bh.inputs_digest != ah.inputs_digest {
            return Err(invalid(format!("{b}: converted other inputs than {a} ({} files vs {}, or their names, sizes or times differ); convert every part from the same files", bh.inputs, ah.inputs)));
        }
        if bh.options != ah.options {
            return Err(invalid(format!("{b}: written with other output options than {a} (--header, --bom, --excel, --license, --title, --publisher, --created); convert every part with the same options")));
        }
    }
    let mut by_shard: Vec<Option<&Part>> = vec![None; ah.shards];
    for p in &parts {
        match &mut by_shard[p.header.shard] {
            Some(other) => {
                return Err(invalid(format!(
                    "{}: is part {}/{}, as {} is; give each part once",
                    p.path.display(),
                    p.header.shard,
                    p.header.shards,
                    other.path.display()
                )))
            }
            slot => *slot = Some(p),
        }
    }
    let missing: Vec<String> = by_shard
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_none())
        .map(|(k, _)| format!("{k}/{}", ah.shards))
        .collect();
    if !missing.is_empty() {
        return Err(invalid(format!(
            "part {} missing: {} part(s) given of {}; run giji convert --shard for each (a shard that was stopped leaves no part)",
            missing.join(", "),
            parts.len(),
            ah.shards
        )));
    }
    Ok(parts)
}

/// The files of a part, in [`STREAMS`] order.
fn stream_paths(part: &Path) -> Vec<PathBuf> {
    TABLES
        .iter()
        .map(|t| part.join(format!("{}.csv", t.name)))
        .chain(["meetings.json", "meetings.jsonl"].map(|n| part.join(n)))
        .collect()
}

/// Bytes before the first entry in each stream: the BOM and header row of a CSV, `[` of
/// meetings.json.
fn lead(path: &Path, stream: usize) -> io::Result<u64> {
    if stream < TABLES.len() {
        // The BOM, when there is one, is on the header row's line.
        let mut header = Vec::new();
        BufReader::new(File::open(path)?).read_until(b'\n', &mut header)?;
        Ok(header.len() as u64)
    } else if stream == TABLES.len() {
        Ok(1)
    } else {
        Ok(0)
    }
}

/// Checks that each file of the part holds exactly what its log says, so that a part
/// changed or cut short after it was written is refused before anything is merged.
fn check_sizes(part: &Part) -> io::Result<()> {
    let (_, lines) = open_log(&part.path)?;
    let mut sums = [0u64; STREAMS];
    let mut meetings = 0u64;
    let mut last: Option<usize> = None;
    for e in entries(&part.path, lines) {
        let e = e?;
        if last.is_some_and(|l| e.at <= l) || e.at >= part.header.inputs {
            return Err(invalid(format!(
                "{}: entry at {} out of order or past the run's {} inputs; the part was changed",
                part.path.join(PART_FILE).display(),
                e.at,
                part.header.inputs
            )));
        }
        last = Some(e.at);
        // Saturating: a damaged log cannot wrap round to the files' sizes.
        for (s, b) in sums.iter_mut().zip(e.bytes) {
            *s = s.saturating_add(b);
        }
        meetings += u64::from(e.source.is_some());
    }
    for (s, path) in stream_paths(&part.path).iter().enumerate() {
        let len = std::fs::metadata(path)
            .map_err(|e| invalid(format!("{}: {e}; the part is incomplete", path.display())))?
            .len();
        let lead = lead(path, s)?;
        // meetings.json: `\n` before the first meeting and `,\n` before each other, then
        // `\n]\n` (`]\n` when there is none).
        let framing = match (s == TABLES.len(), meetings) {
            (false, _) => 0,
            (true, 0) => 2,
            (true, m) => 2 * m + 2,
        };
        let want = lead.saturating_add(sums[s]).saturating_add(framing);
        if len != want {
            return Err(invalid(format!(
                "{}: holds {len} bytes where {} says {want}; the part is incomplete or was changed: convert that shard again",
                path.display(),
                part.path.join(PART_FILE).display()
            )));
        }
    }
    Ok(())
}

/// One part being read in order: its entries and a reader on each of its files.
struct Reading {
    index: usize,
    entries: Box<dyn Iterator<Item = io::Result<Entry>>>,
    streams: Vec<BufReader<File>>,
    meetings: usize,
}

impl Reading {
    fn open(index: usize, part: &Part) -> io::Result<Reading> {
        let (_, lines) = open_log(&part.path)?;
        let mut streams = Vec::new();
        for (s, path) in stream_paths(&part.path).iter().enumerate() {
            let lead = lead(path, s)?;
            let mut r = BufReader::with_capacity(1 << 16, File::open(path)?);
            io::copy(&mut (&mut r).take(lead), &mut io::sink())?;
            streams.push(r);
        }
        Ok(Reading {
            index,
            entries: Box::new(entries(&part.path, lines)),
            streams,
            meetings: 0,
        })
    }

    /// The bytes of `e` in each stream, read from where the last entry ended.
    fn take(&mut self, e: &Entry) -> io::Result<Vec<Vec<u8>>> {
        let json = TABLES.len();
        if e.source.is_some() {
            // The separator meetings.json puts before each meeting.
            let sep = if self.meetings == 0 { 1 } else { 2 };
            io::copy(&mut (&mut self.streams[json]).take(sep), &mut io::sink())?;
            self.meetings += 1;
        }
        let mut out = Vec::with_capacity(STREAMS);
        for (r, n) in self.streams.iter_mut().zip(e.bytes) {
            let mut buf = Vec::with_capacity(n as usize);
            r.take(n).read_to_end(&mut buf)?;
            if buf.len() as u64 != n {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            out.push(buf);
        }
        Ok(out)
    }
}

/// Joins the parts of one sharded run into the dataset `out` (replaced as `convert`
/// replaces it; `force` as `--force`): byte-identical to a single `convert` of all the
/// inputs. Refuses, naming the part, parts that are not one whole run.
pub fn merge(paths: &[PathBuf], out: &Path, force: bool) -> io::Result<Merged> {
    let parts = check_parts(paths)?;
    for p in &parts {
        check_sizes(p)?;
    }
    let header = &parts[0].header;
    let mut options = header.options.clone();
    options.force = force;
    let mut writer = DatasetWriter::create(out, options)?;
    let mut readings = parts
        .iter()
        .enumerate()
        .map(|(i, p)| Reading::open(i, p))
        .collect::<io::Result<Vec<_>>>()?;
    // Each part's entries are in run order: the next entry of the run is the least of
    // the parts' next entries.
    let mut heads: Vec<Option<Entry>> = Vec::new();
    let mut heap = BinaryHeap::new();
    for r in &mut readings {
        let head = r.entries.next().transpose()?;
        if let Some(e) = &head {
            heap.push(std::cmp::Reverse((e.at, r.index)));
        }
        heads.push(head);
    }
    let mut expected = 0usize;
    let mut meetings = 0usize;
    while let Some(std::cmp::Reverse((at, i))) = heap.pop() {
        let e = heads[i].take().expect("a part in the heap has a head");
        if at != expected {
            let what = if at < expected {
                "is also in another part"
            } else {
                "is in no part"
            };
            return Err(invalid(format!(
                "{}: input {} of the run {what}; the parts do not make one run",
                parts[i].path.display(),
                if at < expected { at } else { expected }
            )));
        }
        let bytes = readings[i].take(&e).map_err(|err| {
            invalid(format!(
                "{}: {err}; the part is incomplete",
                parts[i].path.display()
            ))
        })?;
        writer.append_raw(&e, &bytes)?;
        meetings += usize::from(e.source.is_some());
        expected += 1;
        heads[i] = readings[i].entries.next().transpose()?;
        if let Some(n) = &heads[i] {
            heap.push(std::cmp::Reverse((n.at, i)));
        }
    }
    if expected != header.inputs {
        return Err(invalid(format!(
            "the parts hold {expected} of the run's {} inputs; a part is incomplete",
            header.inputs
        )));
    }
    writer.finish()?;
    Ok(Merged {
        parts: parts.len(),
        meetings,
        inputs: header.inputs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_split_by_path_alone() {
        assert_eq!(Shard::parse("2/4").unwrap(), Shard { index: 2, count: 4 });
        for bad in ["4/4", "1", "a/2", "0/0", "-1/3"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let paths: Vec<String> = (0..200).map(|i| format!("m{i}.txt")).collect();
        for n in [1, 3, 7] {
            let shards: Vec<Shard> = (0..n).map(|index| Shard { index, count: n }).collect();
            for p in &paths {
                assert_eq!(
                    shards.iter().filter(|s| s.holds(p)).count(),
                    1,
                    "{p} in one of {n}"
                );
            }
        }
        // Every part gets some of 200 paths.
        let four: Vec<usize> = (0..4)
            .map(|index| {
                paths
                    .iter()
                    .filter(|p| Shard { index, count: 4 }.holds(p))
                    .count()
            })
            .collect();
        assert!(four.iter().all(|&c| c > 20), "{four:?}");
    }
}
