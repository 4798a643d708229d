//! Flat rows, one struct per CSV file of SCHEMA.md: field order is column order. Also the
//! Table Schema facts for each column (type, Japanese title, description, enum), which
//! `package` writes into `datapackage.json` and `--header ja` uses as the header row.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::Meeting;

/// A column's Table Schema facts.
pub struct Column {
    pub name: &'static str,
    pub kind: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub enumeration: &'static [&'static str],
}

const fn col(
    name: &'static str,
    kind: &'static str,
    title: &'static str,
    description: &'static str,
) -> Column {
    Column {
        name,
        kind,
        title,
        description,
        enumeration: &[],
    }
}

const fn col_enum(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    enumeration: &'static [&'static str],
) -> Column {
    Column {
        name,
        kind: "string",
        title,
        description,
        enumeration,
    }
}

/// One CSV file: its resource name, columns, primary key and foreign key to meetings.
pub struct Table {
    pub name: &'static str,
    pub title: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub references_meeting: bool,
}

const MID: Column = col(
    "meeting_id",
    "string",
    "会議ID",
    "Source path relative to the input root, without extension",
);
const LINE: Column = col(
    "source_line",
    "integer",
    "元の行",
    "Line of the decoded source text, from 1",
);
const PAGE: Column = col(
    "source_page",
    "integer",
    "元のページ",
    "PDF page; empty for text input",
);
const RULE: Column = col(
    "rule",
    "string",
    "規則ID",
    "Id of the rule that produced the row",
);
const SEQ: Column = col("seq", "integer", "連番", "Order in the document, from 1");

pub const TABLES: &[Table] = &[
    Table {
        name: "meetings",
        title: "会議",
        columns: &[
            MID,
            col(
                "source_path",
                "string",
                "元ファイル",
                "Path relative to the input root",
            ),
            col_enum("source_format", "元形式", "text or pdf", &["text", "pdf"]),
            col(
                "source_encoding",
                "string",
                "文字コード",
                "Encoding the source was decoded from",
            ),
            col(
                "source_sha256",
                "string",
                "SHA-256",
                "Hex digest of the source bytes",
            ),
            col(
                "page_count",
                "integer",
                "ページ数",
                "Pages of a PDF; empty for text",
            ),
            col(
                "document_type",
                "string",
                "文書種別",
                "議事概要, 議事要旨, 議事録, 会議録 … as printed",
            ),
            col(
                "title",
                "string",
                "会議名",
                "The meeting's title as printed",
            ),
            col(
                "body_name",
                "string",
                "会議体名",
                "The meeting body, without session number",
            ),
            col("session_number", "integer", "回次", "第N回"),
            col("date", "date", "開催日", "ISO 8601 date"),
            col(
                "date_text",
                "string",
                "開催日時（原文）",
                "Date and time as printed",
            ),
            col("start_time", "string", "開始時刻", "HH:MM, 24-hour"),
            col("end_time", "string", "終了時刻", "HH:MM, 24-hour"),
            col("venue", "string", "開催場所", "Venue as printed"),
            col(
                "attendance_note",
                "string",
                "出席に関する注記",
                "A note on the whole attendee list",
            ),
            col(
                "attendee_count",
                "integer",
                "出席者数",
                "Rows in attendees.csv for this meeting",
            ),
            col(
                "absent_count",
                "integer",
                "欠席者数",
                "Of those, attendance absent",
            ),
            col(
                "remark_count",
                "integer",
                "発言数",
                "Rows in remarks.csv for this meeting",
            ),
            col(
                "source_line_start",
                "integer",
                "表題部の開始行",
                "First line of the header block (title to the last header label, before the attendee list)",
            ),
            col(
                "source_line_end",
                "integer",
                "表題部の終了行",
                "Last line of the header block",
            ),
        ],
        primary_key: &["meeting_id"],
        references_meeting: false,
    },
    Table {
        name: "attendees",
        title: "出席者",
        columns: &[
            MID,
            SEQ,
            col(
                "group",
                "string",
                "区分",
                "The heading the person is listed under, as printed",
            ),
            col(
                "role",
                "string",
                "役職",
                "Role printed with the name, or else the group",
            ),
            col(
                "seat",
                "integer",
                "議席番号",
                "Seat number of an assembly member",
            ),
            col(
                "name",
                "string",
                "氏名",
                "As printed, inner white space folded",
            ),
            col("name_key", "string", "氏名キー", "Name without any space"),
            col(
                "affiliation",
                "string",
                "所属",
                "Everything printed after the name, less attendance marks",
            ),
            col(
                "organization",
                "string",
                "組織",
                "Organization part of the affiliation",
            ),
            col("position", "string", "職名", "Post part of the affiliation"),
            col(
                "note",
                "string",
                "備考",
                "Remarks in parentheses that are neither role nor post",
            ),
            col_enum(
                "attendance",
                "出欠",
                "From the marks",
                &["present", "absent", "late", "left_early", "partial"],
            ),
            col(
                "attendance_mark",
                "string",
                "出欠表記",
                "The marks as printed, ;-separated",
            ),
            col(
                "proxy",
                "string",
                "代理出席者",
                "Who attended in this person's place",
            ),
            LINE,
            PAGE,
            RULE,
        ],
        primary_key: &["meeting_id", "seq"],
        references_meeting: true,
    },
    Table {
        name: "agenda_items",
        title: "議題",
        columns: &[
            MID,
            SEQ,
            col("number", "string", "番号", "As printed: 1, (1), ①"),
            col("title", "string", "議題名", "The item"),
            col(
                "parent_seq",
                "integer",
                "親議題の連番",
                "seq of the parent item; empty at the top level",
            ),
            LINE,
            PAGE,
            RULE,
        ],
        primary_key: &["meeting_id", "seq"],
        references_meeting: true,
    },
    Table {
        name: "materials",
        title: "配布資料",
        columns: &[
            MID,
            SEQ,
            col("label", "string", "資料番号", "資料1, 参考資料2"),
            col("title", "string", "資料名", "The material's title"),
            LINE,
            PAGE,
            RULE,
        ],
        primary_key: &["meeting_id", "seq"],
        references_meeting: true,
    },
    Table {
        name: "sections",
        title: "議事の区分",
        columns: &[
            MID,
            SEQ,
            col("title", "string", "見出し", "The section heading"),
            col(
                "source_line_start",
                "integer",
                "開始行",
                "First line of the section",
            ),
            col(
                "source_line_end",
                "integer",
                "終了行",
                "Last line of the section",
            ),
            PAGE,
            RULE,
        ],
        primary_key: &["meeting_id", "seq"],
        references_meeting: true,
    },
    Table {
        name: "remarks",
        title: "発言",
        columns: &[
            MID,
            SEQ,
            col(
                "section_seq",
                "integer",
                "区分の連番",
                "The section it stands in; empty before the first section",
            ),
            col_enum(
                "kind",
                "種別",
                "bullet, speech, question, answer, paragraph or procedure",
                &[
                    "bullet",
                    "speech",
                    "question",
                    "answer",
                    "paragraph",
                    "procedure",
                ],
            ),
            col(
                "speaker",
                "string",
                "発言者",
                "The speaker's name as printed",
            ),
            col(
                "speaker_role",
                "string",
                "発言者の役職",
                "Role as printed with the speaker",
            ),
            col(
                "text",
                "string",
                "内容",
                "The remark, wrapped lines joined, markers removed; a paragraph break inside a turn is kept as one LF (the cell is quoted), so read the CSV with a CSV parser, not line by line",
            ),
            col(
                "source_line_start",
                "integer",
                "開始行",
                "First source line",
            ),
            col("source_line_end", "integer", "終了行", "Last source line"),
            col(
                "source_page",
                "integer",
                "元のページ",
                "PDF only: the page it starts on",
            ),
            RULE,
        ],
        primary_key: &["meeting_id", "seq"],
        references_meeting: true,
    },
    Table {
        name: "diagnostics",
        title: "診断",
        columns: &[
            col(
                "source_path",
                "string",
                "元ファイル",
                "Path relative to the input root",
            ),
            MID,
            col_enum(
                "severity",
                "重大度",
                "error, warning or info",
                &["error", "warning", "info"],
            ),
            col("code", "string", "コード", "Stable snake_case identifier"),
            col("message", "string", "メッセージ", "What is wrong"),
            LINE,
            PAGE,
            col("text", "string", "該当行", "The line concerned"),
        ],
        primary_key: &[],
        references_meeting: false,
    },
];

#[derive(Serialize)]
pub struct MeetingRow<'a> {
    pub meeting_id: &'a str,
    pub source_path: &'a str,
    pub source_format: &'a str,
    pub source_encoding: &'a str,
    pub source_sha256: &'a str,
    pub page_count: Option<usize>,
    pub document_type: Option<&'a str>,
    pub title: Option<&'a str>,
    pub body_name: Option<&'a str>,
    pub session_number: Option<u32>,
    pub date: Option<String>,
    pub date_text: Option<&'a str>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub venue: Option<&'a str>,
    pub attendance_note: Option<&'a str>,
    pub attendee_count: usize,
    pub absent_count: usize,
    pub remark_count: usize,
    pub source_line_start: Option<usize>,
    pub source_line_end: Option<usize>,
}

/// Where one header value came from (`meetings.json`'s `provenance`).
#[derive(Serialize)]
pub struct ProvenanceEntry<'a> {
    pub line: usize,
    pub page: Option<usize>,
    pub rule: &'a str,
}

#[derive(Serialize)]
pub struct AttendeeRow<'a> {
    pub meeting_id: &'a str,
    pub seq: usize,
    pub group: Option<&'a str>,
    pub role: Option<&'a str>,
    pub seat: Option<u32>,
    pub name: &'a str,
    pub name_key: &'a str,
    pub affiliation: Option<&'a str>,
    pub organization: Option<&'a str>,
    pub position: Option<&'a str>,
    pub note: Option<&'a str>,
    pub attendance: &'a str,
    pub attendance_mark: Option<String>,
    pub proxy: Option<&'a str>,
    pub source_line: usize,
    pub source_page: Option<usize>,
    pub rule: &'a str,
}

#[derive(Serialize)]
pub struct AgendaRow<'a> {
    pub meeting_id: &'a str,
    pub seq: usize,
    pub number: Option<&'a str>,
    pub title: &'a str,
    pub parent_seq: Option<usize>,
    pub source_line: usize,
    pub source_page: Option<usize>,
    pub rule: &'a str,
}

#[derive(Serialize)]
pub struct MaterialRow<'a> {
    pub meeting_id: &'a str,
    pub seq: usize,
    pub label: Option<&'a str>,
    pub title: Option<&'a str>,
    pub source_line: usize,
    pub source_page: Option<usize>,
    pub rule: &'a str,
}

#[derive(Serialize)]
pub struct SectionRow<'a> {
    pub meeting_id: &'a str,
    pub seq: usize,
    pub title: &'a str,
    pub source_line_start: usize,
    pub source_line_end: usize,
    pub source_page: Option<usize>,
    pub rule: &'a str,
}

#[derive(Serialize)]
pub struct RemarkRow<'a> {
    pub meeting_id: &'a str,
    pub seq: usize,
    pub section_seq: Option<usize>,
    pub kind: &'a str,
    pub speaker: Option<&'a str>,
    pub speaker_role: Option<&'a str>,
    pub text: &'a str,
    pub source_line_start: usize,
    pub source_line_end: usize,
    pub source_page: Option<usize>,
    pub rule: &'a str,
}

#[derive(Serialize)]
pub struct DiagnosticRow<'a> {
    pub source_path: &'a str,
    pub meeting_id: &'a str,
    pub severity: &'a str,
    pub code: &'a str,
    pub message: &'a str,
    pub source_line: Option<usize>,
    pub source_page: Option<usize>,
    pub text: Option<&'a str>,
}

/// All rows of one meeting.
pub struct Rows<'a> {
    pub meeting: MeetingRow<'a>,
    /// Each header field with a value, and where it came from.
    pub provenance: Vec<(&'static str, ProvenanceEntry<'a>)>,
    pub attendees: Vec<AttendeeRow<'a>>,
    pub agenda: Vec<AgendaRow<'a>>,
    pub materials: Vec<MaterialRow<'a>>,
    pub sections: Vec<SectionRow<'a>>,
    pub remarks: Vec<RemarkRow<'a>>,
    pub diagnostics: Vec<DiagnosticRow<'a>>,
}

pub fn diagnostic_row<'a>(
    source_path: &'a str,
    meeting_id: &'a str,
    d: &'a Diagnostic,
) -> DiagnosticRow<'a> {
    DiagnosticRow {
        source_path,
        meeting_id,
        severity: d.severity.as_str(),
        code: d.code.as_str(),
        message: &d.message,
        source_line: d.line,
        source_page: d.page,
        text: d.text.as_deref(),
    }
}

/// Flattens a meeting into rows; `seq` counts from 1 and parents become `seq`s.
pub fn rows(m: &Meeting) -> Rows<'_> {
    let id = m.meeting_id.as_str();
    let h = &m.header;
    fn s(v: &Option<crate::span::Spanned<String>>) -> Option<&str> {
        v.as_ref().map(|x| x.value.as_str())
    }
    Rows {
        meeting: MeetingRow {
            meeting_id: id,
            source_path: &m.source_path,
            source_format: m.source_format,
            source_encoding: &m.source_encoding,
            source_sha256: &m.source_sha256,
            page_count: m.page_count,
            document_type: s(&h.document_type),
            title: s(&h.title),
            body_name: s(&h.body_name),
            session_number: h.session_number.as_ref().map(|x| x.value),
            date: h.date.as_ref().map(|d| d.value.to_string()),
            date_text: s(&h.date_text),
            start_time: h.start_time.as_ref().map(|t| t.value.iso()),
            end_time: h.end_time.as_ref().map(|t| t.value.iso()),
            venue: s(&h.venue),
            attendance_note: s(&h.attendance_note),
            attendee_count: m.attendees.len(),
            absent_count: m.absent_count(),
            remark_count: m.remarks.len(),
            source_line_start: h.block.map(|b| b.line_start),
            source_line_end: h.block.map(|b| b.line_end),
        },
        provenance: h
            .provenance()
            .into_iter()
            .map(|(field, span, rule)| {
                (
                    field,
                    ProvenanceEntry {
                        line: span.line_start,
                        page: span.page,
                        rule,
                    },
                )
            })
            .collect(),
        attendees: m
            .attendees
            .iter()
            .enumerate()
            .map(|(i, a)| AttendeeRow {
                meeting_id: id,
                seq: i + 1,
                group: a.group.as_deref(),
                role: a.role.as_deref(),
                seat: a.seat,
                name: &a.name,
                name_key: &a.name_key,
                affiliation: a.affiliation.as_deref(),
                organization: a.organization.as_deref(),
                position: a.position.as_deref(),
                note: a.note.as_deref(),
                attendance: a.attendance.as_str(),
                attendance_mark: (!a.marks.is_empty()).then(|| a.marks.join(";")),
                proxy: a.proxy.as_deref(),
                source_line: a.span.line_start,
                source_page: a.span.page,
                rule: &a.rule,
            })
            .collect(),
        agenda: m
            .agenda
            .iter()
            .enumerate()
            .map(|(i, a)| AgendaRow {
                meeting_id: id,
                seq: i + 1,
                number: a.number.as_deref(),
                title: &a.title,
                parent_seq: a.parent.map(|p| p + 1),
                source_line: a.span.line_start,
                source_page: a.span.page,
                rule: &a.rule,
            })
            .collect(),
        materials: m
            .materials
            .iter()
            .enumerate()
            .map(|(i, x)| MaterialRow {
                meeting_id: id,
                seq: i + 1,
                label: x.label.as_deref(),
                title: x.title.as_deref(),
                source_line: x.span.line_start,
                source_page: x.span.page,
                rule: &x.rule,
            })
            .collect(),
        sections: m
            .sections
            .iter()
            .enumerate()
            .map(|(i, x)| SectionRow {
                meeting_id: id,
                seq: i + 1,
                title: &x.title,
                source_line_start: x.span.line_start,
                source_line_end: x.span.line_end,
                source_page: x.span.page,
                rule: &x.rule,
            })
            .collect(),
        remarks: m
            .remarks
            .iter()
            .enumerate()
            .map(|(i, r)| RemarkRow {
                meeting_id: id,
                seq: i + 1,
                section_seq: r.section.map(|s| s + 1),
                kind: r.kind.as_str(),
                speaker: r.speaker.as_deref(),
                speaker_role: r.speaker_role.as_deref(),
                text: &r.text,
                source_line_start: r.span.line_start,
                source_line_end: r.span.line_end,
                source_page: r.span.page,
                rule: &r.rule,
            })
            .collect(),
        diagnostics: m
            .diagnostics
            .iter()
            .map(|d| diagnostic_row(&m.source_path, id, d))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_text;

    /// The row structs and the Table Schema list the same columns in the same order.
    #[test]
    fn row_fields_match_table_columns() {
        let (s, _) = segment_text("第1回会議議事概要\n日時：令和4年7月28日\n○出席者\n山田 太郎 教授\n○議題\n1. 開会\n配付資料\n資料1 名簿\n○議事概要\n【議題】\n・意見\n");
        let m = Meeting {
            header: s.header,
            attendees: s.attendees,
            agenda: s.agenda,
            materials: s.materials,
            sections: s.sections,
            remarks: s.remarks,
            diagnostics: vec![crate::diag::Diagnostic::new(
                crate::diag::Severity::Info,
                crate::diag::Code::Gaiji,
                "x",
            )],
            ..Meeting::default()
        };
        let r = rows(&m);
        let keys =
            |v: serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        let got = [
            keys(serde_json::to_value(&r.meeting).unwrap()),
            keys(serde_json::to_value(&r.attendees[0]).unwrap()),
            keys(serde_json::to_value(&r.agenda[0]).unwrap()),
            keys(serde_json::to_value(&r.materials[0]).unwrap()),
            keys(serde_json::to_value(&r.sections[0]).unwrap()),
            keys(serde_json::to_value(&r.remarks[0]).unwrap()),
            keys(serde_json::to_value(&r.diagnostics[0]).unwrap()),
        ];
        for (t, got) in TABLES.iter().zip(got) {
            let want: Vec<String> = t.columns.iter().map(|c| c.name.to_string()).collect();
            assert_eq!(got, want, "{}", t.name);
        }
    }
}
