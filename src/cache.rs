//! `convert --cache DIR`: each document's converted rows, kept under a key of everything
//! that decides them (its bytes and path, the rule table, giji's version, the output
//! dialect), so that a re-run converts only new or changed files.
//!
//! An entry is `giji-cache 1\n`, the sha256 of the payload, then the payload: each field as
//! a little-endian u64 length and its bytes. A few length-prefixed byte strings need no
//! format crate; the checksum is what makes a torn or damaged entry count as absent.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::emit::Encoded;
use crate::source::Input;

const MAGIC: &[u8] = b"giji-cache 1\n";

/// A cache folder, and the part of every key that is the same for the whole run.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    run: [u8; 32],
}

/// A document's rows as the cache keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub encoded: Encoded,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a look-up found.
#[derive(Debug)]
pub enum Lookup {
    Hit(Entry),
    Miss,
    /// An entry whose checksum or framing is wrong (a write cut short, a damaged disk):
    /// the document is converted again and the entry replaced.
    Corrupt,
}

impl Cache {
    /// Opens (creating) the cache folder. `rules` is the rule table's digest; `dialect`
    /// names every run option that changes a document's bytes (`--excel`, `--encoding`).
    pub fn open(dir: &Path, rules: &str, dialect: &str) -> io::Result<Cache> {
        fs::create_dir_all(dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        let mut h = Sha256::new();
        for part in [
            MAGIC,
            env!("CARGO_PKG_VERSION").as_bytes(),
            rules.as_bytes(),
            dialect.as_bytes(),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        Ok(Cache {
            dir: dir.to_path_buf(),
            run: h.finalize().into(),
        })
    }

    /// The key of one document: the run's part, its path and id, and its bytes.
    pub fn key(&self, input: &Input, bytes: &[u8]) -> String {
        let mut h = Sha256::new();
        h.update(self.run);
        for part in [
            input.rel_path.as_bytes(),
            input.meeting_id.as_bytes(),
            bytes,
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        format!("{:x}", h.finalize())
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(&key[2..])
    }

    pub fn get(&self, key: &str) -> Lookup {
        match fs::read(self.path(key)) {
            Ok(bytes) => decode(&bytes).map_or(Lookup::Corrupt, Lookup::Hit),
            Err(_) => Lookup::Miss,
        }
    }

    /// Stores an entry: written beside its place and renamed into it, so that a reader
    /// sees the whole entry or none.
    pub fn put(&self, key: &str, entry: &Entry) -> io::Result<()> {
        let path = self.path(key);
        let dir = path.parent().unwrap_or(&self.dir);
        let at = |e: io::Error| io::Error::new(e.kind(), format!("{}: cache: {e}", dir.display()));
        fs::create_dir_all(dir).map_err(at)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(dir)
            .map_err(at)?;
        tmp.write_all(&encode(entry)?).map_err(at)?;
        tmp.persist(&path).map_err(|e| at(e.error))?;
        Ok(())
    }
}

fn field(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend((bytes.len() as u64).to_le_bytes());
    out.extend(bytes);
}

fn encode(entry: &Entry) -> io::Result<Vec<u8>> {
    let e = &entry.encoded;
    let mut payload = Vec::new();
    field(&mut payload, &(e.csv.len() as u64).to_le_bytes());
    for c in &e.csv {
        field(&mut payload, c);
    }
    field(&mut payload, &e.json);
    field(&mut payload, &e.jsonl);
    field(&mut payload, e.source_path.as_bytes());
    field(&mut payload, &serde_json::to_vec(&e.date)?);
    field(&mut payload, &serde_json::to_vec(&entry.diagnostics)?);
    let mut out = Vec::with_capacity(MAGIC.len() + 32 + payload.len());
    out.extend(MAGIC);
    out.extend(Sha256::digest(&payload));
    out.extend(payload);
    Ok(out)
}

/// Reads the fields of a payload in order.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn next(&mut self) -> Option<&'a [u8]> {
        let (len, rest) = self.0.split_at_checked(8)?;
        let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
        let (field, rest) = rest.split_at_checked(len)?;
        self.0 = rest;
        Some(field)
    }
}

fn decode(bytes: &[u8]) -> Option<Entry> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (sum, payload) = rest.split_at_checked(32)?;
    if Sha256::digest(payload).as_slice() != sum {
        return None;
    }
    let mut f = Fields(payload);
    let tables = u64::from_le_bytes(f.next()?.try_into().ok()?);
    let csv = (0..tables)
        .map(|_| f.next().map(<[u8]>::to_vec))
        .collect::<Option<Vec<_>>>()?;
    let json = f.next()?.to_vec();
    let jsonl = f.next()?.to_vec();
    let source_path = String::from_utf8(f.next()?.to_vec()).ok()?;
    let date = serde_json::from_slice(f.next()?).ok()?;
    let diagnostics = serde_json::from_slice(f.next()?).ok()?;
    (f.0.is_empty() && csv.len() == crate::emit::rows::TABLES.len()).then_some(Entry {
        encoded: Encoded {
            csv,
            json,
            jsonl,
            source_path,
            date,
        },
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Severity};

    fn entry() -> Entry {
        Entry {
            encoded: Encoded {
                csv: (0..7).map(|i| format!("row {i}\n").into_bytes()).collect(),
                json: b"{}".to_vec(),
                jsonl: b"{}\n".to_vec(),
                source_path: "a/b.txt".into(),
                date: Some("2024-04-01".into()),
            },
            diagnostics: vec![Diagnostic::new(Severity::Warning, Code::NotMinutes, "x")],
        }
    }

    #[test]
    fn an_entry_reads_back_and_a_damaged_one_is_corrupt() {
        let bytes = encode(&entry()).unwrap();
        assert_eq!(decode(&bytes), Some(entry()));
        // Cut anywhere, or one byte changed anywhere: never read as an entry.
        for n in 0..bytes.len() {
            assert_eq!(decode(&bytes[..n]), None, "cut at {n}");
            let mut b = bytes.clone();
            b[n] ^= 0x20;
            assert_eq!(decode(&b), None, "byte {n} changed");
        }
    }

    #[test]
    fn keys_change_with_bytes_path_rules_and_dialect() {
        let dir = tempfile::tempdir().unwrap();
        let input = |rel: &str| Input {
            path: rel.into(),
            rel_path: rel.into(),
            meeting_id: rel.trim_end_matches(".txt").into(),
        };
        let c = Cache::open(dir.path(), "sha256:a", "").unwrap();
        let k = c.key(&input("a.txt"), b"x");
        assert_eq!(k, c.key(&input("a.txt"), b"x"));
        assert_ne!(k, c.key(&input("a.txt"), b"y"));
        assert_ne!(k, c.key(&input("b.txt"), b"x"));
        assert_ne!(
            k,
            Cache::open(dir.path(), "sha256:b", "")
                .unwrap()
                .key(&input("a.txt"), b"x")
        );
        assert_ne!(
            k,
            Cache::open(dir.path(), "sha256:a", "excel")
                .unwrap()
                .key(&input("a.txt"), b"x")
        );
        assert!(matches!(c.get(&k), Lookup::Miss));
        c.put(&k, &entry()).unwrap();
        assert!(matches!(c.get(&k), Lookup::Hit(e) if e == entry()));
        std::fs::write(c.path(&k), b"giji-cache 1\ntorn").unwrap();
        assert!(matches!(c.get(&k), Lookup::Corrupt));
    }
}
