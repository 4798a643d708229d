//! Lines → zones. A first pass that says which block each line stands in (header,
//! attendees, agenda, materials, body), driven by the `header_label` rules, so that each
//! block's parser only sees its own lines: `【座長】` is a group heading in the attendee
//! zone and `【…について】` a section heading in the body, and no rule has to tell them apart.

use std::ops::Range;

use crate::rules::{Field, Kind, RemarkKind, RuleSet};
use crate::text::Line;

/// The block a line stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneKind {
    Header,
    Attendees,
    Agenda,
    Materials,
    Body,
}

impl ZoneKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneKind::Header => "header",
            ZoneKind::Attendees => "attendees",
            ZoneKind::Agenda => "agenda",
            ZoneKind::Materials => "materials",
            ZoneKind::Body => "body",
        }
    }
}

/// A header label found on a line, and where its value sits in the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelHit {
    pub rule: String,
    pub field: Field,
    pub value: Range<usize>,
}

/// One line's zone, and its label if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zoned {
    pub zone: ZoneKind,
    pub label: Option<LabelHit>,
}

/// The first header label on `line` that may count in `zone`: a weak one (`議事` alone)
/// opens the body from the header or the attendee list, never inside the agenda, where
/// it is an item (`2. 議事`).
pub fn label(line: &Line, zone: ZoneKind, rules: &RuleSet) -> Option<LabelHit> {
    let (offset, key) = line.body();
    rules
        .of(Kind::HeaderLabel)
        .filter(|r| !r.weak || matches!(zone, ZoneKind::Header | ZoneKind::Attendees))
        .find_map(|r| {
            let c = r.regex.captures(key)?;
            let v = c.name("value")?;
            Some(LabelHit {
                rule: r.id.clone(),
                field: r.field?,
                value: offset + v.start()..offset + v.end(),
            })
        })
}

/// A line that is only a document type (`議事概要` under the title) names the document;
/// the same word later, after the header labels, opens the body.
pub fn is_document_type_line(key: &str, rules: &RuleSet) -> bool {
    let squeezed: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    rules.words.document_types.contains(&squeezed)
}

/// Whether a line opens a speaker turn: a transcript without a header starts here. In the
/// attendee block a title alone (`○会長` above the names) heads a group: only a title with
/// words after it (`○会長　ただいまから…`) is a turn there.
fn opens_turn(line: &Line, rules: &RuleSet, zone: ZoneKind) -> bool {
    let key = line.key.trim_start();
    rules
        .marked(RemarkKind::Speech)
        .filter(|r| r.regex.is_match(key))
        .any(|r| {
            zone != ZoneKind::Attendees
                || r.regex
                    .captures(key)
                    .and_then(|c| c.name("text"))
                    .is_some_and(|t| !t.is_empty())
        })
}

/// A weak rule (a bare `中村委員`) only claims lines inside the body.
fn opens(line: &Line, rules: &RuleSet, kind: RemarkKind) -> bool {
    let key = line.key.trim_start();
    rules.marked(kind).any(|r| r.regex.is_match(key))
}

/// Assigns every line (blank ones too) to a zone.
pub fn zones(lines: &[Line], rules: &RuleSet) -> Vec<Zoned> {
    let mut zone = ZoneKind::Header;
    let mut seen_label = false;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.is_blank() || zone == ZoneKind::Body {
            out.push(Zoned { zone, label: None });
            continue;
        }
        let title_area = zone == ZoneKind::Header && !seen_label;
        if title_area && is_document_type_line(&line.key, rules) {
            out.push(Zoned { zone, label: None });
            continue;
        }
        // Inside the agenda, a line an agenda-item rule numbers is an item, whatever label
        // it also reads as (`第１０　議　案　第９号…` is a bill, `2. 議題` a point of the
        // order of business): the agenda is already open.
        let hit = label(line, zone, rules).filter(|hit| {
            !(zone == ZoneKind::Agenda
                && hit.field == Field::Agenda
                && rules.first(Kind::AgendaItem, line.body().1).is_some())
        });
        if let Some(hit) = hit {
            seen_label = true;
            zone = match hit.field {
                // `午前10時　開議` under an order of business, or just before the first
                // turn, gives the header its time without ending the block it sits in.
                Field::StartTime | Field::EndTime if zone != ZoneKind::Header => zone,
                Field::Attendees => ZoneKind::Attendees,
                Field::Agenda => ZoneKind::Agenda,
                Field::Materials => ZoneKind::Materials,
                Field::Body => ZoneKind::Body,
                _ => ZoneKind::Header,
            };
            out.push(Zoned {
                zone,
                label: Some(hit),
            });
            continue;
        }
        // A speaker turn ends whatever block came before: the transcript has begun. So
        // does the end marker. A group heading (`〇欠席委員`) looks like a turn but is not.
        let key = line.key.trim();
        let is_group = zone == ZoneKind::Attendees
            && rules.of(Kind::GroupHeading).any(|r| r.regex.is_match(key));
        let is_end = rules.of(Kind::End).any(|r| r.regex.is_match(key));
        // A bullet that is no label, before any block, starts a body that has no label
        // of its own (a summary of bullets only).
        let bare_bullet = zone == ZoneKind::Header && opens(line, rules, RemarkKind::Bullet);
        if is_end || bare_bullet || (!is_group && opens_turn(line, rules, zone)) {
            zone = ZoneKind::Body;
        }
        out.push(Zoned { zone, label: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    #[test]
    fn labels_switch_zones_and_weak_labels_stay_put() {
        let rules = RuleSet::builtin().unwrap();
        let src = "題\n○開催日時：令和4年7月28日\n○出席者\n【座長】\n庄司 昌彦 教授\n○議題\n1. 開会\n2. 議事\n○議事概要\n【議題について】\n・意見\n";
        let ls = lines(src, &[]);
        let z: Vec<_> = zones(&ls, &rules).iter().map(|z| z.zone.as_str()).collect();
        assert_eq!(
            z,
            [
                "header",
                "header",
                "attendees",
                "attendees",
                "attendees",
                "agenda",
                "agenda",
                "agenda",
                "body",
                "body",
                "body"
            ]
        );
    }

    /// Inside an order of business, `第１０　　議　　案　　第　９号…` is an item (a bill),
    /// not the agenda label again; before it, `議　案` is the label.
    #[test]
    fn a_numbered_bill_inside_the_agenda_is_an_item_not_a_label() {
        let rules = RuleSet::builtin().unwrap();
        let ls = lines(
            "題\n議　案\n　第　９　　議　　案　　第　８号　条例\n　第１０　　議　　案　　第　９号　刑法等の一部を改正する条例\n",
            &[],
        );
        let zoned = zones(&ls, &rules);
        let got: Vec<_> = zoned
            .iter()
            .map(|z| (z.zone, z.label.as_ref().map(|l| l.rule.as_str())))
            .collect();
        assert_eq!(
            got,
            [
                (ZoneKind::Header, None),
                (ZoneKind::Agenda, Some("label_agenda")),
                (ZoneKind::Agenda, None),
                (ZoneKind::Agenda, None),
            ]
        );
    }

    /// In the attendee block `○会長` alone heads the names below it; `○会長　ただいまから…`
    /// is the first turn.
    #[test]
    fn a_title_alone_in_the_attendee_block_is_no_turn() {
        let rules = RuleSet::builtin().unwrap();
        let ls = lines(
            "題\n出席者\n○会長\n山田 太郎\n○会長　ただいまから会議を開きます。\n",
            &[],
        );
        let z: Vec<_> = zones(&ls, &rules).iter().map(|z| z.zone).collect();
        assert_eq!(
            z,
            [
                ZoneKind::Header,
                ZoneKind::Attendees,
                ZoneKind::Attendees,
                ZoneKind::Attendees,
                ZoneKind::Body
            ]
        );
    }

    #[test]
    fn transcript_without_header_starts_in_body() {
        let rules = RuleSet::builtin().unwrap();
        let ls = lines("　　午前10時開議\n◯議長（奈良岡隆君）　これより本日の会議を開きます。\n　本日の会議は\n", &[]);
        let z: Vec<_> = zones(&ls, &rules).iter().map(|z| z.zone).collect();
        assert_eq!(z, [ZoneKind::Header, ZoneKind::Body, ZoneKind::Body]);
    }
}
