//! PDF input through the real binary: the seed's PDF gives the seed's datasets, PDFs of
//! every font class made from one document give the same datasets, each bad PDF gets its
//! own diagnostic while the rest of its batch converts, the real PDFs of
//! ../shared/corpus/pdf neither crash nor hang and the vertical one is read in order, and
//! the transcripts printed to PDF read as their text (skipped, saying so, when absent).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::root;

fn convert(inputs: &[PathBuf], out: &Path) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_giji"))
        .arg("convert")
        .args(inputs)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

/// Columns that say where a value came from rather than what it is.
const PROVENANCE: &[&str] = &[
    "meeting_id",
    "source_path",
    "source_format",
    "source_encoding",
    "source_sha256",
    "page_count",
    "source_line",
    "source_line_start",
    "source_line_end",
    "source_page",
];

/// The dataset without provenance: table name, then each row's other cells.
fn content(out: &Path) -> Vec<String> {
    let mut rows = Vec::new();
    for table in [
        "meetings",
        "attendees",
        "agenda_items",
        "materials",
        "sections",
        "remarks",
    ] {
        let mut r = csv::Reader::from_path(out.join(format!("{table}.csv"))).unwrap();
        let headers = r.headers().unwrap().clone();
        for rec in r.records() {
            let rec = rec.unwrap();
            let cells: Vec<&str> = headers
                .iter()
                .zip(rec.iter())
                .filter(|(h, _)| !PROVENANCE.contains(h))
                .map(|(_, v)| v)
                .collect();
            rows.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    rows
}

#[test]
fn the_seed_pdf_gives_the_seed_datasets() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, err) = convert(
        &[root().join("seeds/000_780bb8195d2e3bbd.txt")],
        &tmp.path().join("text"),
    );
    assert_eq!(a, 0, "{err}");
    let (b, err) = convert(
        &[root().join("fixtures/pdf-seed-multipage/input.pdf")],
        &tmp.path().join("pdf"),
    );
    assert_eq!(b, 0, "{err}");
    let (text, pdf) = (
        content(&tmp.path().join("text")),
        content(&tmp.path().join("pdf")),
    );
    assert_eq!(text.len(), 1 + 24 + 4 + 3 + 11, "{text:#?}");
    assert_eq!(text, pdf);
}

#[test]
fn every_font_class_gives_the_same_datasets() {
    let tmp = tempfile::tempdir().unwrap();
    let classes = [
        "pdf-class-a-libreoffice",
        "pdf-class-b-identity-h",
        "pdf-class-c-object-streams",
        "pdf-class-d-encrypted-empty-password",
        "pdf-class-e-unijis-ucs2-h",
        "pdf-class-e-90ms-rksj-h",
        "pdf-class-e-euc-h",
    ];
    let mut first: Option<Vec<String>> = None;
    for c in classes {
        let out = tmp.path().join(c);
        let (code, err) = convert(&[root().join("fixtures").join(c).join("input.pdf")], &out);
        assert_eq!(code, 0, "{c}: {err}");
        let got = content(&out);
        assert!(got.iter().any(|r| r.contains("山田 太郎")), "{c}: {got:#?}");
        match &first {
            None => first = Some(got),
            Some(f) => assert_eq!(&got, f, "{c} differs from {}", classes[0]),
        }
    }
}

/// The PDFs of the producers users' minutes come from (scripts/make-pdf-fixtures.py),
/// each made from scripts/pdf-sources/producers.txt, give the datasets of that text:
/// LibreOffice justified in two columns, Chromium's printout with its header and footer on
/// 14 pages, upLaTeX with a font that has no ToUnicode, and hand-written PDFs of every
/// text-state operator and of an invisible OCR layer. Fonts map 〜 (U+301C) where the text
/// has ～ (U+FF5E): the one difference allowed.
#[test]
fn every_producer_gives_the_datasets_of_its_text() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = convert(
        &[root().join("scripts/pdf-sources/producers.txt")],
        &tmp.path().join("text"),
    );
    assert_eq!(code, 0, "{err}");
    let text = content(&tmp.path().join("text"));
    assert_eq!(text.len(), 1 + 5 + 2 + 24, "{text:#?}");
    for c in [
        "pdf-producer-libreoffice-columns",
        "pdf-producer-chromium-print",
        "pdf-producer-uplatex",
        "pdf-hand-text-state",
        "pdf-hand-ocr-layer",
    ] {
        let out = tmp.path().join(c);
        let (code, err) = convert(&[root().join("fixtures").join(c).join("input.pdf")], &out);
        assert_eq!(code, 0, "{c}: {err}");
        let got: Vec<String> = content(&out)
            .iter()
            .map(|r| r.replace('〜', "～"))
            .collect();
        assert_eq!(got, text, "{c}");
    }
}

#[test]
fn each_bad_pdf_gets_its_diagnostic_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let bad = [
        ("pdf-bad-no-text-layer", "no_text_layer", "OCR"),
        ("pdf-bad-encrypted", "pdf_encrypted", "password"),
        ("pdf-bad-truncated", "pdf_corrupt", "corrupt"),
        ("pdf-bad-garbled", "pdf_text_garbled", "Unicode"),
        ("pdf-bad-xobject-loop", "pdf_panic", "crashed"),
        ("pdf-bad-flate-bomb", "pdf_memory", "memory"),
    ];
    for (case, _, _) in bad {
        std::fs::copy(
            root().join("fixtures").join(case).join("input.pdf"),
            dir.join(format!("{case}.pdf")),
        )
        .unwrap();
    }
    std::fs::copy(
        root().join("fixtures/pdf-class-b-identity-h/input.pdf"),
        dir.join("good.pdf"),
    )
    .unwrap();
    let (code, err) = convert(std::slice::from_ref(&dir), &tmp.path().join("out"));
    assert_eq!(code, 2, "{err}");
    for (case, diag, says) in bad {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("/{case}.pdf: error[{diag}]")))
            .unwrap_or_else(|| panic!("{case}: no {diag} in\n{err}"));
        assert!(line.contains(says), "{line}");
    }
    let meetings = std::fs::read_to_string(tmp.path().join("out/meetings.csv")).unwrap();
    assert_eq!(
        meetings.lines().count(),
        2,
        "good.pdf converted: {meetings}"
    );
    assert!(err.contains("7 files: 1 ok"), "{err}");
}

#[test]
fn a_pdf_over_its_time_limit_is_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_giji"))
        .args(["convert", "--pdf-timeout", "0"])
        .arg(root().join("fixtures/pdf-seed-multipage/input.pdf"))
        .arg("-o")
        .arg(tmp.path().join("o"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("error[pdf_timeout]"), "{err}");
}

#[test]
fn real_pdfs_neither_crash_nor_hang() {
    let dir = root().join("../shared/corpus/pdf");
    if !dir.is_dir() {
        eprintln!("skipped: {} does not exist", dir.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (code, err) = convert(std::slice::from_ref(&dir), &tmp.path().join("o"));
    assert!(code == 0 || code == 2, "exit {code}: {err}");
    assert!(err.contains("4 files"), "{err}");
    let meetings = std::fs::read_to_string(tmp.path().join("o/meetings.csv")).unwrap();
    assert_eq!(
        meetings.lines().count(),
        5,
        "every real PDF gives a meeting"
    );
    // P04 is a 告示 set top to bottom over 247 pages: read column by column, right to
    // left, its title and date (`令和四年三月四日`, FORMATS.md §3) come out as printed.
    let diagnostics = std::fs::read_to_string(tmp.path().join("o/diagnostics.csv")).unwrap();
    assert!(
        diagnostics
            .lines()
            .any(|l| l.starts_with("P04_") && l.contains(",info,vertical_text,")),
        "{diagnostics}"
    );
    let p04 = meetings.lines().find(|l| l.starts_with("P04_")).unwrap();
    assert!(
        p04.contains(",基本診療料の施設基準等の一部を改正する件○厚生労働省告示第五十五号,")
            && p04.contains(",2022-03-04,令和四年三月四日,"),
        "{p04}"
    );
}

/// The rows of `table` without provenance and the columns in `skip`, spaces removed, by
/// the number that starts the file's name (`001_…`).
fn rows_by_file(
    out: &Path,
    table: &str,
    skip: &[&str],
) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut by_file: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut r = csv::Reader::from_path(out.join(format!("{table}.csv"))).unwrap();
    let headers = r.headers().unwrap().clone();
    for rec in r.records() {
        let rec = rec.unwrap();
        let file = rec[0].split('_').next().unwrap().to_string();
        let cells: Vec<String> = headers
            .iter()
            .zip(rec.iter())
            .filter(|(h, _)| !PROVENANCE.contains(h) && !skip.contains(h))
            .map(|(h, v)| format!("{h}={}", v.replace([' ', '\u{3000}'], "")))
            .collect();
        by_file.entry(file).or_default().push(cells.join(" | "));
    }
    by_file
}

/// The nine transcripts of ../shared/corpus/text printed to PDF
/// (../shared/corpus/text-as-pdf): read from the PDF, each gives the header, the
/// attendees, the order of business and the speaker turns that its text gives. The PDF has no blank lines and
/// wraps long lines at the margin, so this holds the site heading out of the title without
/// a blank line, and joins a wrapped bill title flush left.
#[test]
fn a_transcript_as_pdf_gives_the_header_attendees_agenda_and_turns_of_its_text() {
    let corpus = root().join("../shared/corpus");
    let pdfs = corpus.join("text-as-pdf");
    if !pdfs.is_dir() {
        eprintln!("skipped: {} does not exist", pdfs.display());
        return;
    }
    let mut texts: Vec<PathBuf> = std::fs::read_dir(corpus.join("text"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    let tmp = tempfile::tempdir().unwrap();
    let (t, p) = (tmp.path().join("t"), tmp.path().join("p"));
    let (code, err) = convert(&texts, &t);
    assert_eq!(code, 0, "{err}");
    let (code, err) = convert(&[pdfs], &p);
    assert_eq!(code, 0, "{err}");
    // Remark counts still differ by one in two files, where a PDF line wrap puts a
    // parenthesis (`（資料編1ページ参照）`, `（1）…`) at the start of a line; the speaker
    // turns are the same.
    let turns = |out: &Path| {
        let mut by_file = rows_by_file(out, "remarks", &[]);
        for rows in by_file.values_mut() {
            rows.retain(|r| r.contains("kind=speech"));
            for r in rows.iter_mut() {
                *r = r
                    .split(" | ")
                    .filter(|c| c.starts_with("speaker"))
                    .collect::<Vec<_>>()
                    .join(" | ");
            }
        }
        by_file
    };
    for (table, from_text, from_pdf) in [
        (
            "meetings",
            rows_by_file(&t, "meetings", &["remark_count"]),
            rows_by_file(&p, "meetings", &["remark_count"]),
        ),
        (
            "attendees",
            rows_by_file(&t, "attendees", &[]),
            rows_by_file(&p, "attendees", &[]),
        ),
        (
            "agenda_items",
            rows_by_file(&t, "agenda_items", &[]),
            rows_by_file(&p, "agenda_items", &[]),
        ),
        ("speaker turns", turns(&t), turns(&p)),
    ] {
        if table == "meetings" {
            assert_eq!(from_text.len(), 9, "{table}");
        }
        for (file, rows) in &from_text {
            assert_eq!(
                Some(rows),
                from_pdf.get(file),
                "{table} of {file}: text, then PDF"
            );
        }
        assert_eq!(from_text.len(), from_pdf.len(), "{table}");
    }
}

/// The real 議事録 of a ministry council (Word for Microsoft 365, MS-Mincho as a WinAnsi and
/// a CID font on the same lines, justified): its header, agenda and materials, and every
/// speaker's turn of the text pdftotext reads from it, in order (skipped, saying so,
/// without ../shared/corpus/pdf-minutes or pdftotext).
#[test]
fn a_ministry_gijiroku_from_word_gives_every_turn_pdftotext_reads() {
    let pdf = root()
        .join("../shared/corpus/pdf-minutes/P05_digital-shakai-suishin-kaigi-04-gijiroku.pdf");
    if !common::tool("pdftotext", "-v", "poppler-utils") {
        return;
    }
    if !pdf.is_file() {
        eprintln!("skipped: {} is missing", pdf.display());
        return;
    }
    let poppler = Command::new("pdftotext")
        .arg("-q")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let turn = regex::Regex::new(r"(?m)^\s*〇\s*(\S+?)：").unwrap();
    let said: Vec<String> = turn
        .captures_iter(&String::from_utf8_lossy(&poppler.stdout))
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(said.len(), 16, "{said:?}");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, err) = convert(&[pdf], &out);
    assert_eq!(code, 0, "{err}");
    let rows = |table: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(out.join(format!("{table}.csv")))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let m = &rows("meetings")[0];
    assert_eq!(&m[7], "第4回デジタル社会推進会議 議事録");
    assert_eq!(&m[10], "2023-06-06");
    assert_eq!((&m[12], &m[13]), ("08:45", "08:55"));
    assert_eq!(&m[14], "総理大臣官邸2階大ホール");
    let agenda: Vec<String> = rows("agenda_items")
        .iter()
        .map(|r| r[3].to_string())
        .collect();
    assert_eq!(agenda.len(), 5, "{agenda:?}");
    let materials: Vec<String> = rows("materials").iter().map(|r| r[2].to_string()).collect();
    assert_eq!(
        materials,
        ["資料1－1", "資料1－2", "資料1－3", "資料2－1", "資料2－2"]
    );
    let speakers: Vec<String> = rows("remarks")
        .iter()
        .filter(|r| &r[3] == "speech")
        .map(|r| format!("{}{}", &r[4], &r[5]))
        .collect();
    assert_eq!(speakers, said);
}
