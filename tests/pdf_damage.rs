//! Damaged PDFs give what they still hold: 100 damaged copies of real PDFs (truncated at a
//! random byte; bytes flipped; bytes inserted; bytes deleted; a chunk repeated, 20 of
//! each), made with a seeded generator, are read by `giji text` and by pdftotext. giji gets
//! text out of at least as many as pdftotext, and every copy is accounted for: text, or an
//! error diagnostic that says why not; no crash, no hang.
//!
//! The copies are made from the PDFs of ../shared/corpus (fixtures/ without it, saying so).
//! Needs pdftotext (poppler-utils): skipped, saying so, without it unless GIJI_REQUIRE_TOOLS
//! is set, as .ci/run sets it.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{giji, root};

/// Characters (white space aside) that make a copy's text "got out".
const SOME_TEXT: usize = 60;

/// xorshift64*: the same copies on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

fn damage(rng: &mut Rng, mut b: Vec<u8>, kind: usize) -> Vec<u8> {
    let n = b.len();
    match kind {
        0 => b.truncate(rng.between(n / 10, n - 1)),
        1 => {
            for _ in 0..rng.between(1, 8) {
                let at = rng.below(n);
                b[at] = rng.next() as u8;
            }
        }
        2 => {
            for _ in 0..rng.between(1, 4) {
                let at = rng.below(b.len());
                let junk: Vec<u8> = (0..rng.between(1, 64)).map(|_| rng.next() as u8).collect();
                b.splice(at..at, junk);
            }
        }
        3 => {
            for _ in 0..rng.between(1, 4) {
                let at = rng.below(b.len());
                let end = (at + rng.between(1, 256)).min(b.len());
                b.drain(at..end);
            }
        }
        _ => {
            let at = rng.below(n);
            let chunk = b[at..(at + rng.between(16, 4096)).min(n)].to_vec();
            let to = rng.below(n);
            b.splice(to..to, chunk);
        }
    }
    b
}

fn sources() -> Vec<PathBuf> {
    let corpus = root().join("../shared/corpus");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .map(|f| f.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    if out.is_empty() {
        eprintln!(
            "note: no PDFs under {}: damaging fixtures/ instead",
            corpus.display()
        );
        out = std::fs::read_dir(root().join("fixtures"))
            .unwrap()
            .flatten()
            .map(|e| e.path().join("input.pdf"))
            .filter(|p| p.is_file() && !p.to_string_lossy().contains("pdf-bad-"))
            .collect();
    }
    out.sort();
    out
}

fn squeezed_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

#[test]
fn damaged_pdfs_give_what_they_still_hold() {
    if !common::tool("pdftotext", "-v", "poppler-utils") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let srcs = sources();
    let mut rng = Rng(0x6a69_6a69_2026_1202);
    let (mut ours, mut theirs) = (0, 0);
    let mut unaccounted = Vec::new();
    let kinds = ["truncated", "flipped", "inserted", "deleted", "repeated"];
    for i in 0..100 {
        let src = &srcs[i % srcs.len()];
        let bytes = damage(&mut rng, std::fs::read(src).unwrap(), i / 20);
        let path = tmp.path().join(format!("{i:03}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        let (code, text, err) = giji(
            &["text", &path.display().to_string(), "--pdf-timeout", "20"],
            tmp.path(),
        );
        let poppler = Command::new("pdftotext")
            .arg("-q")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let (a, b) = (
            squeezed_len(&text),
            squeezed_len(&String::from_utf8_lossy(&poppler.stdout)),
        );
        ours += usize::from(code == 0 && a >= SOME_TEXT);
        theirs += usize::from(b >= SOME_TEXT);
        let why = err.lines().find(|l| l.contains(": error[")).unwrap_or("");
        let accounted = (code == 0 && a > 0) || (code == 2 && !why.is_empty());
        if !accounted {
            unaccounted.push(format!("{i:03} ({}): exit {code}, {err}", kinds[i / 20]));
        }
        let name = src.file_name().unwrap().to_string_lossy();
        eprintln!(
            "{i:03} {:9} {name}: giji {a} characters{}, pdftotext {b}",
            kinds[i / 20],
            if why.is_empty() {
                String::new()
            } else {
                format!(
                    " ({})",
                    why.split(": ").skip(1).collect::<Vec<_>>().join(": ")
                )
            }
        );
    }
    eprintln!("text from {ours} of 100 damaged copies (pdftotext: {theirs})");
    assert!(unaccounted.is_empty(), "unaccounted for: {unaccounted:#?}");
    assert!(
        ours >= theirs,
        "giji got text out of {ours} of 100 damaged copies, pdftotext {theirs}"
    );
}
