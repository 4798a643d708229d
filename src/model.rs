//! The typed result of segmentation: one `Meeting` with its attendees, agenda items,
//! materials, sections and remarks. Every value carries its `Span` and the rule behind it;
//! `emit` flattens these into the rows of SCHEMA.md.

use chrono::NaiveDate;

use crate::date::Time;
use crate::diag::Diagnostic;
use crate::rules::{Attendance, RemarkKind};
use crate::span::{Span, Spanned};

/// 会議 (meeting): one converted source document.
#[derive(Debug, Clone, Default)]
pub struct Meeting {
    pub meeting_id: String,
    pub source_path: String,
    /// `text` or `pdf`.
    pub source_format: &'static str,
    pub source_encoding: String,
    pub source_sha256: String,
    pub page_count: Option<usize>,
    pub header: Header,
    pub attendees: Vec<Attendee>,
    pub agenda: Vec<AgendaItem>,
    pub materials: Vec<Material>,
    pub sections: Vec<Section>,
    pub remarks: Vec<Remark>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Meeting {
    pub fn absent_count(&self) -> usize {
        self.attendees
            .iter()
            .filter(|a| a.attendance == Attendance::Absent)
            .count()
    }
}

/// 表題・日時・場所 (the header block).
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub document_type: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub body_name: Option<Spanned<String>>,
    pub session_number: Option<Spanned<u32>>,
    pub date: Option<Spanned<NaiveDate>>,
    pub date_text: Option<Spanned<String>>,
    pub start_time: Option<Spanned<Time>>,
    pub end_time: Option<Spanned<Time>>,
    pub venue: Option<Spanned<String>>,
    pub attendance_note: Option<Spanned<String>>,
    /// The lines of the header block: the title to the last header line before the
    /// attendee list (portal chrome left out).
    pub block: Option<Span>,
}

impl Header {
    /// Where each header value came from, in SCHEMA.md's field order: the provenance
    /// `meetings.json` carries for the fields that have a value.
    pub fn provenance(&self) -> Vec<(&'static str, Span, &str)> {
        fn at<'a, T>(
            name: &'static str,
            v: &'a Option<Spanned<T>>,
        ) -> Option<(&'static str, Span, &'a str)> {
            v.as_ref().map(|s| (name, s.span, s.rule.as_str()))
        }
        [
            at("title", &self.title),
            at("document_type", &self.document_type),
            at("body_name", &self.body_name),
            at("session_number", &self.session_number),
            at("date", &self.date),
            at("date_text", &self.date_text),
            at("start_time", &self.start_time),
            at("end_time", &self.end_time),
            at("venue", &self.venue),
            at("attendance_note", &self.attendance_note),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// 出席者 (attendee): one person listed in an attendee block.
#[derive(Debug, Clone, Default)]
pub struct Attendee {
    pub group: Option<String>,
    pub role: Option<String>,
    pub seat: Option<u32>,
    pub name: String,
    pub name_key: String,
    pub affiliation: Option<String>,
    pub organization: Option<String>,
    pub position: Option<String>,
    pub note: Option<String>,
    pub attendance: Attendance,
    /// The marks as printed, in order.
    pub marks: Vec<String>,
    pub proxy: Option<String>,
    pub span: Span,
    pub rule: String,
}

/// 議題 (agenda item).
#[derive(Debug, Clone)]
pub struct AgendaItem {
    pub number: Option<String>,
    pub title: String,
    /// Index (0-based) of the parent item in `Meeting::agenda`.
    pub parent: Option<usize>,
    pub level: usize,
    pub span: Span,
    pub rule: String,
}

/// 配布資料 (material).
#[derive(Debug, Clone)]
pub struct Material {
    pub label: Option<String>,
    pub title: Option<String>,
    pub span: Span,
    pub rule: String,
}

/// A topic section of the body.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub span: Span,
    pub rule: String,
}

/// 発言 (remark): a bullet, a speaker turn, a question or answer, or a procedural note.
#[derive(Debug, Clone)]
pub struct Remark {
    /// Index (0-based) of the section in `Meeting::sections`.
    pub section: Option<usize>,
    pub kind: RemarkKind,
    pub speaker: Option<String>,
    pub speaker_role: Option<String>,
    pub text: String,
    pub span: Span,
    pub rule: String,
}
