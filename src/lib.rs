//! giji turns Japanese meeting minutes (議事概要, 議事要旨, 議事録, 会議録) into open data.
//!
//! ```text
//! SourceFile ──decode──▶ Decoded ──text──▶ Vec<Line> ──segment::zones──▶ zones
//! (path, bytes)  (String, encoding,   (no, page, raw,        │ one parser per zone:
//!                 diagnostics)         text, key)            │ header · attendees · agenda ·
//!                                                            ▼ materials · minutes
//! out/*.csv, meetings.json, datapackage.json ◀── emit ◀── Meeting + Vec<Diagnostic>
//! ```
//!
//! `process` is the whole pure pipeline for one document; `batch` runs it over many files
//! in parallel and streams the results into one dataset; `check` compares fixture cases.

pub mod batch;
pub mod cache;
pub mod check;
pub mod cli;
pub mod date;
pub mod decode;
pub mod diag;
pub mod emit;
pub mod lexicon;
pub mod model;
pub mod pdf;
pub mod progress;
pub mod rules;
pub mod segment;
pub mod source;
pub mod span;
pub mod text;

use sha2::{Digest, Sha256};

use diag::{Code, Diagnostic, Severity};
use model::Meeting;
use rules::RuleSet;
use segment::LineLabel;
use source::SourceFile;
use text::Line;

/// Per-run choices that change how documents are read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Skip detection and decode with this encoding (`--encoding`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// How PDFs are read.
    pub pdf: PdfReader,
}

/// Where a PDF is read.
#[derive(Debug, Clone, Default)]
pub enum PdfReader {
    /// In this process, panics caught. A stack overflow or a flate bomb can still end the
    /// process: for tests and the fuzzer.
    #[default]
    InProcess,
    /// In a worker process (`exe __pdf-worker`) under limits: what the CLI does.
    Worker {
        exe: std::path::PathBuf,
        limits: pdf::worker::Limits,
    },
}

/// One converted document: the meeting, and the lines with how each was read (`explain`).
#[derive(Debug, Clone)]
pub struct Processed {
    pub meeting: Meeting,
    pub lines: Vec<Line>,
    pub labels: Vec<LineLabel>,
}

impl Processed {
    /// Non-blank lines that no rule claimed and no `unclassified_line` diagnostic carries
    /// with their text: lines lost. Always empty; the tests and the fuzzer check it.
    pub fn lost_lines(&self) -> Vec<usize> {
        self.lines
            .iter()
            .zip(&self.labels)
            .filter(|(line, label)| !line.is_blank() && label.rule.is_none())
            .filter(|(line, _)| {
                !self.meeting.diagnostics.iter().any(|d| {
                    d.code == Code::UnclassifiedLine
                        && d.line == Some(line.no)
                        && d.text.as_deref() == Some(line.text.trim())
                })
            })
            .map(|(line, _)| line.no)
            .collect()
    }
}

/// Converts one document. `Err` holds the diagnostics of a file that could not be
/// converted at all (it gets no meeting row).
pub fn process(
    src: &SourceFile,
    rules: &RuleSet,
    opts: &Options,
) -> Result<Processed, Vec<Diagnostic>> {
    let read = read(src, rules, opts)?;
    finish(src, rules, read)
}

/// The text giji reads from a document, before segmentation: decoded, or extracted from a
/// PDF and repaired (`giji text` prints it).
#[derive(Debug, Clone)]
pub struct Read {
    pub lines: Vec<Line>,
    pub diagnostics: Vec<Diagnostic>,
    source: Source,
}

impl Read {
    /// Pages of a PDF; `None` for text.
    pub fn page_count(&self) -> Option<usize> {
        self.source.page_count
    }
}

/// Decodes a text file or reads a PDF into lines. `Err` holds the diagnostics of a file
/// that gives no text at all.
pub fn read(src: &SourceFile, rules: &RuleSet, opts: &Options) -> Result<Read, Vec<Diagnostic>> {
    if src.input.is_pdf() {
        return read_pdf(src, rules, opts);
    }
    let decoded = decode::decode(&src.bytes, opts.encoding);
    if decoded.binary {
        return Err(vec![Diagnostic::new(
            Severity::Error,
            Code::NotText,
            format!(
                "the file is binary data, not text ({} bytes); it is not minutes giji can read",
                src.bytes.len()
            ),
        )]);
    }
    let lines = text::document_lines(&decoded.text, &decoded.page_starts, &rules.line_breaks());
    let mut diagnostics = text::decoding_diagnostics(&decoded, &lines);
    diagnostics.extend(decoded.diagnostics);
    let source = Source {
        format: "text",
        encoding: decoded.encoding.to_string(),
        page_count: None,
    };
    Ok(Read {
        lines,
        diagnostics,
        source,
    })
}

/// What the meeting row says of the source.
#[derive(Debug, Clone)]
struct Source {
    format: &'static str,
    encoding: String,
    page_count: Option<usize>,
}

/// The rule table's view of PDF lines: page numbers, lines that open a block or the body,
/// and rows left open, for joining wrapped lines (`pdf::repair`).
pub struct RuleKinds<'r> {
    rules: &'r RuleSet,
    /// A header label has been seen: `議事概要` under the title names the document, only
    /// after a label does a body label open the body.
    seen_label: bool,
}

impl<'r> RuleKinds<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        RuleKinds {
            rules,
            seen_label: false,
        }
    }
}

impl pdf::repair::LineKinds for RuleKinds<'_> {
    fn is_page_number(&self, line: &str) -> bool {
        self.rules.page_number.is_match(text::key_of(line).trim())
    }

    fn opens_block(&self, line: &str) -> bool {
        use rules::Kind;
        let key = text::key_of(line);
        let key = key.trim();
        [
            Kind::Remark,
            Kind::Section,
            Kind::HeaderLabel,
            Kind::GroupHeading,
            Kind::Material,
            Kind::Separator,
            Kind::End,
        ]
        .into_iter()
        .any(|k| self.rules.of(k).any(|r| r.regex.is_match(key)))
    }

    /// A header label wins over a turn (`○出席者（敬称略）` is not 出席者 speaking), as in
    /// zoning.
    fn opens_body(&mut self, line: &str) -> bool {
        use rules::{Field, Kind};
        let key = text::key_of(line);
        let key = key.trim();
        if !self.seen_label && segment::zones::is_document_type_line(key, self.rules) {
            return false;
        }
        match self
            .rules
            .of(Kind::HeaderLabel)
            .find(|r| r.regex.is_match(key))
        {
            Some(label) => {
                self.seen_label = true;
                label.field == Some(Field::Body)
            }
            None => self.is_turn(key),
        }
    }

    fn is_turn(&self, line: &str) -> bool {
        self.rules.marked_turn(text::key_of(line).trim()).is_some()
    }

    fn is_label(&self, line: &str) -> bool {
        let key = text::key_of(line);
        self.rules.may_match(rules::Kind::HeaderLabel, key.trim())
    }

    fn unclosed(&self, line: &str) -> bool {
        let key = text::key_of(line);
        self.rules.words.bracket_pairs.iter().any(|pair| {
            let mut p = pair.chars();
            match (p.next(), p.next()) {
                (Some(open), Some(close)) => {
                    key.chars().filter(|&c| c == open).count()
                        > key.chars().filter(|&c| c == close).count()
                }
                _ => false,
            }
        })
    }
}

fn read_pdf(src: &SourceFile, rules: &RuleSet, opts: &Options) -> Result<Read, Vec<Diagnostic>> {
    let extracted = match &opts.pdf {
        PdfReader::InProcess => pdf::extract_pages(&src.bytes),
        PdfReader::Worker { exe, limits } => {
            pdf::worker::extract_isolated(exe, &src.input.path, *limits)
        }
    };
    let extracted =
        extracted.map_err(|f| vec![Diagnostic::new(Severity::Error, f.code, f.message)])?;
    let repaired = pdf::repair::repair(&extracted.pages, &mut RuleKinds::new(rules));
    let lines = text::document_lines(&repaired.text, &repaired.page_starts, &rules.line_breaks());
    let mut diags = Vec::new();
    for (code, message) in &extracted.damage {
        if let Some(code) = Code::pdf_code(code) {
            diags.push(Diagnostic::new(Severity::Warning, code, message.clone()));
        }
    }
    if extracted.vertical {
        diags.push(Diagnostic::new(
            Severity::Info,
            Code::VerticalText,
            "the text is set top to bottom: read column by column, right to left",
        ));
    }
    // The count SCHEMA.md promises, then each removed line where it was printed.
    if !repaired.furniture.is_empty() {
        let shown: Vec<&str> = repaired
            .furniture
            .iter()
            .take(3)
            .map(|(_, t)| t.as_str())
            .collect();
        diags.push(Diagnostic::new(
            Severity::Info,
            Code::PageFurnitureRemoved,
            format!(
                "{} page number and running header/footer line(s) removed, such as {}; each is a row below",
                repaired.furniture.len(),
                shown.join(" | ")
            ),
        ));
    }
    for (page, text) in &repaired.furniture {
        let mut d = Diagnostic::new(
            Severity::Info,
            Code::PageFurnitureRemoved,
            format!("page {page}: removed as page furniture (a page number, running header or footer): {text}"),
        )
        .with_text(text.clone());
        d.page = Some(*page);
        diags.push(d);
    }
    let source = Source {
        format: "pdf",
        encoding: String::new(),
        page_count: Some(extracted.pages.len()),
    };
    Ok(Read {
        lines,
        diagnostics: diags,
        source,
    })
}

/// The pipeline after decoding: segment, then the meeting.
fn finish(src: &SourceFile, rules: &RuleSet, read: Read) -> Result<Processed, Vec<Diagnostic>> {
    let Read {
        lines,
        diagnostics: mut diags,
        source,
    } = read;
    if lines.iter().all(Line::is_blank) {
        diags.push(Diagnostic::new(
            Severity::Error,
            Code::EmptyDocument,
            "the file holds no text",
        ));
        return Err(diags);
    }
    let seg = segment::segment(&lines, rules, &mut diags);
    let looks_like_minutes = seg.header.date.is_some()
        || !seg.attendees.is_empty()
        || !seg.agenda.is_empty()
        || !seg.sections.is_empty()
        || seg
            .remarks
            .iter()
            .any(|r| r.kind != rules::RemarkKind::Paragraph);
    if !looks_like_minutes {
        diags.push(Diagnostic::new(
            Severity::Warning,
            Code::NotMinutes,
            "nothing here looks like minutes: no date, attendees, agenda, sections or remarks; its lines are kept as they are",
        ));
    }
    diags.sort_by_key(|d| d.line.unwrap_or(0));
    let meeting = Meeting {
        meeting_id: src.input.meeting_id.clone(),
        source_path: src.input.rel_path.clone(),
        source_format: source.format,
        source_encoding: source.encoding,
        source_sha256: format!("{:x}", Sha256::digest(&src.bytes)),
        page_count: source.page_count,
        header: seg.header,
        attendees: seg.attendees,
        agenda: seg.agenda,
        materials: seg.materials,
        sections: seg.sections,
        remarks: seg.remarks,
        diagnostics: diags,
    };
    Ok(Processed {
        meeting,
        lines,
        labels: seg.labels,
    })
}
