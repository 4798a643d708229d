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
pub mod check;
pub mod cli;
pub mod date;
pub mod decode;
pub mod diag;
pub mod emit;
pub mod model;
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
}

/// One converted document: the meeting, and the lines with how each was read (`explain`).
#[derive(Debug, Clone)]
pub struct Processed {
    pub meeting: Meeting,
    pub lines: Vec<Line>,
    pub labels: Vec<LineLabel>,
}

/// Converts one document. `Err` holds the diagnostics of a file that could not be
/// converted at all (it gets no meeting row).
pub fn process(
    src: &SourceFile,
    rules: &RuleSet,
    opts: &Options,
) -> Result<Processed, Vec<Diagnostic>> {
    let decoded = decode::decode(&src.bytes, opts.encoding);
    let lines = text::lines(&decoded.text, &decoded.page_starts);
    let mut diags = text::decoding_diagnostics(&decoded, &lines);
    diags.extend(decoded.diagnostics);
    if lines.iter().all(Line::is_blank) {
        diags.push(Diagnostic::new(
            Severity::Error,
            Code::EmptyDocument,
            "the file holds no text",
        ));
        return Err(diags);
    }
    let seg = segment::segment(&lines, rules, &mut diags);
    diags.sort_by_key(|d| d.line.unwrap_or(0));
    let meeting = Meeting {
        meeting_id: src.input.meeting_id.clone(),
        source_path: src.input.rel_path.clone(),
        source_format: "text",
        source_encoding: decoded.encoding.to_string(),
        source_sha256: format!("{:x}", Sha256::digest(&src.bytes)),
        page_count: None,
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
