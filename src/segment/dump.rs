//! The `explain` view of a document as plain text: one row per source line with its
//! number, zone, the rule that claimed it and the value it gave (or `unclassified`).
//! Fixtures keep it as `expected/explain.txt`, so a rule change shows up in review as a
//! readable diff of labels.

use std::fmt::Write;

use super::LineLabel;
use crate::text::Line;

/// One row per line: `  12 attendees  attendee_row          庄司 昌彦`.
pub fn dump(lines: &[Line], labels: &[LineLabel]) -> String {
    let mut out = String::new();
    for (line, label) in lines.iter().zip(labels) {
        let (rule, value) = match (&label.rule, line.is_blank()) {
            (_, true) => ("", String::new()),
            (Some(rule), _) => (rule.as_str(), label.value.clone().unwrap_or_default()),
            (None, _) => ("unclassified", line.text.trim().to_string()),
        };
        let value = value.replace('\n', "⏎");
        let row = format!(
            "{:>5} {:<10} {:<24} {}",
            line.no,
            if line.is_blank() {
                ""
            } else {
                label.zone.as_str()
            },
            rule,
            value
        );
        let _ = writeln!(out, "{}", row.trim_end());
    }
    out
}
