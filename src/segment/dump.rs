//! The `explain` view of a document as plain text: one row per source line with its
//! number, zone, the rule that claimed it and the value it gave (or `unclassified`).
//! Fixtures keep it as `expected/explain.txt`, so a rule change shows up in review as a
//! readable diff of labels.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::zones::ZoneKind;
use super::LineLabel;
use crate::text::Line;

/// One row per line: `  12 attendees  attendee_row          庄司 昌彦`.
pub fn dump(lines: &[Line], labels: &[LineLabel]) -> String {
    render(lines, labels, false)
}

/// The same rows with ANSI colour: a colour per zone, rule ids dimmed, `unclassified` in
/// red. The caller's stream (anstream) drops the colour off a terminal or under NO_COLOR.
pub fn dump_styled(lines: &[Line], labels: &[LineLabel]) -> String {
    render(lines, labels, true)
}

fn zone_style(zone: ZoneKind) -> Style {
    let colour = match zone {
        ZoneKind::Header => AnsiColor::Cyan,
        ZoneKind::Attendees => AnsiColor::Green,
        ZoneKind::Agenda => AnsiColor::Yellow,
        ZoneKind::Materials => AnsiColor::Magenta,
        ZoneKind::Body => AnsiColor::Blue,
    };
    Style::new().fg_color(Some(colour.into()))
}

fn render(lines: &[Line], labels: &[LineLabel], styled: bool) -> String {
    let mut out = String::new();
    for (line, label) in lines.iter().zip(labels) {
        let (rule, value) = match (&label.rule, line.is_blank()) {
            (_, true) => ("", String::new()),
            (Some(rule), _) => (rule.as_str(), label.value.clone().unwrap_or_default()),
            (None, _) => ("unclassified", line.text.trim().to_string()),
        };
        let value = value.replace('\n', "⏎");
        let zone = if line.is_blank() {
            ""
        } else {
            label.zone.as_str()
        };
        let (zone_style, rule_style) = match (styled, label.rule.is_some()) {
            _ if line.is_blank() => (Style::new(), Style::new()),
            (false, _) => (Style::new(), Style::new()),
            (true, true) => (zone_style(label.zone), Style::new().dimmed()),
            (true, false) => (
                zone_style(label.zone),
                Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            ),
        };
        // Padding first, colour around it: escape codes have no width. A row without a
        // value ends at its rule id, with no padding after it.
        let rule = if value.is_empty() {
            rule.to_string()
        } else {
            format!("{rule:<24} ")
        };
        // The terminal view names a close runner-up zone, so a rule author sees why a line
        // went where it did; the fixture dump stays a plain list of readings.
        let close = match (styled, label.runner_up) {
            (true, Some((z, d))) if !line.is_blank() => {
                let dim = Style::new().dimmed();
                format!("  {dim}(or {} +{d}){dim:#}", z.as_str())
            }
            _ => String::new(),
        };
        let row = format!(
            "{:>5} {zone_style}{:<10}{zone_style:#} {rule_style}{rule}{rule_style:#}{value}{close}",
            line.no, zone
        );
        let _ = writeln!(out, "{}", row.trim_end());
    }
    out
}
