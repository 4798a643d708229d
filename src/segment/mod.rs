//! Segmentation: numbered lines → a `Meeting`'s parts. `zones` assigns each line to a
//! block; one small parser per block (header, attendees, agenda, materials, minutes) turns
//! that block's lines into records; every line it claims gets a `LineLabel`, and every
//! non-blank line nobody claimed becomes an `unclassified_line` diagnostic, so nothing of
//! the source is lost.

pub mod agenda;
pub mod attendees;
pub mod dump;
pub mod header;
pub mod materials;
pub mod minutes;
pub mod roster;
pub mod zones;

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{AgendaItem, Attendee, Header, Material, Remark, Section};
use crate::rules::RuleSet;
use crate::text::Line;
use zones::{ZoneKind, Zoned};

/// How one line was read: its zone, the rule that claimed it and the value it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineLabel {
    pub zone: ZoneKind,
    /// The next best zone and how much more it cost, where the zoning was close.
    pub runner_up: Option<(ZoneKind, u32)>,
    pub rule: Option<String>,
    pub value: Option<String>,
}

impl LineLabel {
    pub fn claim(&mut self, rule: &str, value: impl Into<String>) {
        self.rule = Some(rule.to_string());
        self.value = Some(value.into());
    }
}

/// Everything segmentation finds in one document. `process` moves these parts into a
/// `Meeting`, which adds what only the caller knows (path, encoding, digest); keeping
/// them apart keeps segmentation free of I/O facts.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub header: Header,
    pub attendees: Vec<Attendee>,
    pub agenda: Vec<AgendaItem>,
    pub materials: Vec<Material>,
    pub sections: Vec<Section>,
    pub remarks: Vec<Remark>,
    pub labels: Vec<LineLabel>,
}

/// Indices of the lines in one zone, in order.
fn in_zone(zoned: &[Zoned], zone: ZoneKind) -> Vec<usize> {
    (0..zoned.len())
        .filter(|&i| zoned[i].zone == zone)
        .collect()
}

/// Indices of a zone's content lines: neither blank nor the label line that opened it.
fn content_of(lines: &[Line], zoned: &[Zoned], zone: ZoneKind) -> Vec<usize> {
    in_zone(zoned, zone)
        .into_iter()
        .filter(|&i| !lines[i].is_blank() && zoned[i].label.is_none())
        .collect()
}

/// Segments a document's lines. Problems are appended to `diags`.
pub fn segment(lines: &[Line], rules: &RuleSet, diags: &mut Vec<Diagnostic>) -> Segmented {
    let zoned = zones::zones(lines, rules);
    let mut labels: Vec<LineLabel> = zoned
        .iter()
        .map(|z| LineLabel {
            zone: z.zone,
            runner_up: z.runner_up,
            rule: None,
            value: None,
        })
        .collect();
    // A rule line (`―――◇―――`) outside the body only separates blocks: claimed here so
    // that no block parser reads it as a person or an item.
    let separator: Vec<bool> = lines
        .iter()
        .zip(&zoned)
        .map(|(l, z)| {
            z.zone != ZoneKind::Body
                && z.label.is_none()
                && rules
                    .of(crate::rules::Kind::Separator)
                    .any(|r| r.regex.is_match(&l.key))
        })
        .collect();
    for (label, _) in labels.iter_mut().zip(&separator).filter(|(_, s)| **s) {
        label.claim("separator", "");
    }
    let not_separator =
        |idx: Vec<usize>| -> Vec<usize> { idx.into_iter().filter(|&i| !separator[i]).collect() };
    let mut header = header::parse(lines, &zoned, rules, &mut labels, diags);
    let attendees::Read {
        attendees,
        head_counts,
        inline,
    } = attendees::parse(
        lines,
        &not_separator(in_zone(&zoned, ZoneKind::Attendees)),
        &zoned,
        rules,
        &mut labels,
        diags,
    );
    // A label line whose value the attendee list read as people gives no note.
    if header
        .attendance_note
        .as_ref()
        .is_some_and(|n| inline.contains(&n.span.line_start))
    {
        header.attendance_note = None;
    }
    // Head counts printed in place of names are a note on the whole list.
    if let Some(first) = head_counts.first() {
        let counts: Vec<&str> = head_counts.iter().map(|c| c.value.as_str()).collect();
        let counts = counts.join("; ");
        header.attendance_note = Some(match header.attendance_note.take() {
            Some(n) => crate::span::Spanned::new(format!("{}; {counts}", n.value), n.span, n.rule),
            None => crate::span::Spanned::new(counts, first.span, first.rule.clone()),
        });
    }
    let agenda_inputs: Vec<agenda::Input> = in_zone(&zoned, ZoneKind::Agenda)
        .into_iter()
        .filter(|&i| !lines[i].is_blank() && !separator[i])
        .flat_map(|i| match &zoned[i].label {
            None => vec![agenda::Input {
                line: std::borrow::Cow::Borrowed(&lines[i]),
                claim: Some(i),
            }],
            Some(hit) if hit.field != crate::rules::Field::Agenda => Vec::new(),
            Some(hit) => agenda::inline(&lines[i], hit.value.clone(), rules)
                .unwrap_or_default()
                .into_iter()
                .map(|l| agenda::Input {
                    line: std::borrow::Cow::Owned(l),
                    claim: None,
                })
                .collect(),
        })
        .collect();
    let agenda = agenda::parse(&agenda_inputs, rules, &mut labels);
    let materials = materials::parse(
        lines,
        &not_separator(content_of(lines, &zoned, ZoneKind::Materials)),
        rules,
        &mut labels,
    );
    let (sections, remarks) =
        minutes::parse(lines, &in_zone(&zoned, ZoneKind::Body), rules, &mut labels);
    let in_block: Vec<&Line> = lines
        .iter()
        .zip(&labels)
        .filter(|(l, label)| {
            label.zone == ZoneKind::Header
                && !l.is_blank()
                && label.rule.as_deref() != Some("site_chrome")
        })
        .map(|(l, _)| l)
        .collect();
    if let (Some(first), Some(last)) = (in_block.first(), in_block.last()) {
        let mut span = crate::span::Span::line(first.no, first.page);
        span.extend_to(last.no);
        header.block = Some(span);
    }
    for (line, label) in lines.iter().zip(&labels) {
        if label.rule.is_none() && !line.is_blank() {
            diags.push(
                Diagnostic::new(
                    Severity::Warning,
                    Code::UnclassifiedLine,
                    format!(
                        "no rule claimed this line of the {} zone; its text is kept here",
                        label.zone.as_str()
                    ),
                )
                .at(line.no)
                .with_text(line.text.trim()),
            );
        }
    }
    Segmented {
        header,
        attendees,
        agenda,
        materials,
        sections,
        remarks,
        labels,
    }
}

/// Segments an inline text with the built-in rules: the setup every parser's tests share.
#[cfg(test)]
pub(crate) fn segment_text(src: &str) -> (Segmented, Vec<Diagnostic>) {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut d = Vec::new();
    let s = segment(
        &crate::text::document_lines(src, &[], &rules.line_breaks()),
        &rules,
        &mut d,
    );
    (s, d)
}
