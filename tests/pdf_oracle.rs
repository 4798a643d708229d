//! pdftotext (Debian's poppler-utils) as the oracle of what giji reads from a PDF: for every
//! PDF of fixtures/ and of each folder of ../shared/corpus, `giji text` and `pdftotext`
//! agree at ≥ 0.995, both with all white space removed (a sequence-similarity ratio
//! `2·matched / (len_a + len_b)`). Lines of page furniture giji removed (each is reported
//! by `giji text`) are allowed for. The reference is the closest of pdftotext's two reading
//! orders (raw and `-layout`), and for a page set top to bottom, poppler's glyph boxes
//! (`-bbox`) read column by column, right to left: pdftotext reads 縦書き columns left to
//! right. The PDFs scripts/make-pdf-fixtures.py makes from scripts/pdf-sources/producers.txt
//! have that text as a reference too: poppler reads the two columns of
//! pdf-producer-libreoffice-columns line by line across, in both its orders. pdftotext is a
//! test oracle only, never used by giji.
//!
//! Skipped, saying so, without pdftotext, unless GIJI_REQUIRE_TOOLS is set (as .ci/run
//! sets it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{giji, root};

const AGREEMENT: f64 = 0.995;

/// Where the two tools read a table's cells in another order, with the floor that holds
/// instead and why. Characters within a line are never out of order there: the cells of a
/// row set half a line apart (a two-line title beside a one-line result) go to different
/// lines in each tool.
const TABLE_ORDER: [(&str, f64); 1] = [(
    "P02_sakaiminato-shigikai-giketsu-kekka-r07-03-teireikai.pdf",
    0.99,
)];

/// Failures of giji that are a verdict on the file, not a misreading: pdftotext prints
/// what such a file holds (garbage from a font without a Unicode map), giji says why not.
const REFUSALS: [&str; 3] = ["no_text_layer", "pdf_text_garbled", "pdf_encrypted"];

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Characters of `a` matched in order in `b`.
fn matched(a: &str, b: &str) -> usize {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .deadline(Instant::now() + Duration::from_secs(30))
        .diff_chars(a, b);
    diff.ops()
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum()
}

fn pdftotext(args: &[&str], pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// poppler's glyph boxes of each page, read column by column from the right, each column
/// downward: the order of text set top to bottom.
fn columns_order(bbox: &str) -> String {
    let word = regex::Regex::new(
        r#"<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>"#,
    )
    .unwrap();
    let mut out = String::new();
    for page in bbox.split("<page ").skip(1) {
        let mut boxes: Vec<(f64, f64, f64, String)> = word
            .captures_iter(page)
            .map(|c| {
                let n = |i: usize| c[i].parse::<f64>().unwrap();
                let text = c[5]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&");
                ((n(1) + n(3)) / 2.0, n(2), n(3) - n(1), text)
            })
            .collect();
        boxes.sort_by(|a, b| b.0.total_cmp(&a.0));
        // (centre, width, words as (top, text)) of each column.
        type Column = (f64, f64, Vec<(f64, String)>);
        let mut columns: Vec<Column> = Vec::new();
        for (x, y, w, text) in boxes {
            match columns.last_mut() {
                Some((cx, cw, words)) if (*cx - x).abs() <= 0.4 * cw.max(w) => {
                    words.push((y, text))
                }
                _ => columns.push((x, w, vec![(y, text)])),
            }
        }
        for (_, _, mut words) in columns {
            words.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (_, t) in words {
                out.push_str(&t);
            }
        }
    }
    out
}

fn pdfs() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path().join("input.pdf"))
        .filter(|p| p.is_file())
        .collect();
    let corpus = root().join("../shared/corpus");
    if let Ok(dirs) = std::fs::read_dir(&corpus) {
        for dir in dirs.flatten() {
            if let Ok(files) = std::fs::read_dir(dir.path()) {
                out.extend(
                    files
                        .flatten()
                        .map(|f| f.path())
                        .filter(|p| p.extension().is_some_and(|e| e == "pdf")),
                );
            }
        }
    } else {
        eprintln!("note: {} is missing: fixtures only", corpus.display());
    }
    out.sort();
    out
}

#[test]
fn giji_text_agrees_with_pdftotext() {
    if !common::tool("pdftotext", "-v", "poppler-utils") {
        return;
    }
    let mut failed = Vec::new();
    for pdf in pdfs() {
        let shown = pdf
            .strip_prefix(root())
            .unwrap_or(&pdf)
            .display()
            .to_string();
        let (code, text, err) = giji(&["text", &pdf.display().to_string()], &root());
        let raw = squeeze(&pdftotext(&["-q"], &pdf));
        if code != 0 {
            let refused = REFUSALS
                .iter()
                .any(|c| err.contains(&format!("error[{c}]")));
            let verdict = if refused || raw.chars().count() < 20 {
                "ok"
            } else {
                failed.push(shown.clone());
                "FAILED"
            };
            eprintln!(
                "{verdict} {shown}: giji gives no text ({}), pdftotext {} characters",
                err.trim(),
                raw.chars().count()
            );
            continue;
        }
        let furniture: usize = err
            .lines()
            .filter_map(|l| l.split_once("info[page_furniture_removed]: "))
            .filter_map(|(_, m)| m.split_once("): ").map(|(_, t)| squeeze(t)))
            .map(|t| t.chars().count())
            .sum();
        let ours = squeeze(&text);
        let made_from_producers =
            shown.contains("fixtures/pdf-producer-") || shown.contains("fixtures/pdf-hand-");
        let mut references = vec![
            ("pdftotext", raw),
            (
                "pdftotext -layout",
                squeeze(&pdftotext(&["-q", "-layout"], &pdf)),
            ),
        ];
        if made_from_producers {
            let source =
                std::fs::read_to_string(root().join("scripts/pdf-sources/producers.txt")).unwrap();
            references.push(("the source text", squeeze(&source.replace('～', "〜"))));
            references.push(("the source text", squeeze(&source)));
        }
        if err.contains("info[vertical_text]") {
            references.push((
                "pdftotext -bbox, columns right to left",
                squeeze(&columns_order(&pdftotext(&["-q", "-bbox"], &pdf))),
            ));
        }
        let b = ours.chars().count();
        let (name, ratio) = references
            .iter()
            .map(|(name, r)| {
                let a = r.chars().count();
                let total = (a + b).saturating_sub(furniture.min(a));
                let ratio = if total == 0 {
                    1.0
                } else {
                    (2 * matched(r, &ours)) as f64 / total as f64
                };
                (*name, ratio.min(1.0))
            })
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .unwrap();
        let floor = TABLE_ORDER
            .iter()
            .find(|(name, _)| shown.ends_with(name))
            .map_or(AGREEMENT, |(_, f)| *f);
        let verdict = if ratio >= floor {
            "ok"
        } else {
            failed.push(shown.clone());
            "FAILED"
        };
        eprintln!("{verdict} {ratio:.4} {shown} ({name}; giji {b} characters, {furniture} of furniture removed; floor {floor})");
    }
    assert!(
        failed.is_empty(),
        "giji text and pdftotext disagree (< {AGREEMENT}) on: {failed:?}"
    );
}
