//! The floors of the transcripts issue, measured on the nine real transcripts in
//! ../shared/corpus/text (skipped, saying so, when the folder is not beside the project):
//! no errors, under 1% unclassified lines, every member of a 出席議員 / 欠席議員 block an
//! attendee with the right attendance and seat, every printed head count met, and every
//! `○…` turn a speech remark with its speaker, and every numbered line of an order of
//! business an agenda item with its number.
//!
//! The expected members and turns are read from the source by the simple patterns below,
//! not by giji's rules, so the test does not grade giji by giji's own reading.

use std::collections::BTreeSet;
use std::path::PathBuf;

use giji::diag::{Code, Severity};
use giji::model::Meeting;
use giji::rules::{Attendance, RemarkKind, RuleSet};
use giji::source::{collect, read};
use giji::{process, Options, Processed};
use regex::Regex;

fn corpus() -> Option<Vec<(String, String, Processed)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/text");
    if !dir.is_dir() {
        eprintln!("skipped: {} does not exist", dir.display());
        return None;
    }
    let rules = RuleSet::builtin().unwrap();
    let (found, _) = collect(&[dir]);
    Some(
        found
            .iter()
            .map(|i| {
                let src = read(i).unwrap();
                let text = std::fs::read_to_string(&i.path).unwrap();
                let p = process(&src, &rules, &Options::default()).unwrap();
                (i.rel_path.clone(), text, p)
            })
            .collect(),
    )
}

/// Folds full-width digits and drops every kind of space.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            c => c,
        })
        .collect()
}

/// A listed member: seat, name key, absent.
type Member = (Option<u32>, String, bool);

/// The members a 出席議員 / 欠席議員 block of the source lists: (seat, name key, absent),
/// and the head counts the headings print.
fn members(text: &str) -> (Vec<Member>, Vec<(usize, bool)>) {
    let heading =
        Regex::new(r"^[〇○]?(?:[0-9]+)?(出席議員|欠席議員)(?:[(（]([0-9]+)[名人][)）])?$").unwrap();
    let seat = Regex::new(r"([0-9]+)番").unwrap();
    let mut out = Vec::new();
    let mut counts = Vec::new();
    let mut block: Option<bool> = None;
    for line in text.lines() {
        let s = squeeze(line);
        if let Some(c) = heading.captures(&s) {
            let absent = &c[1] == "欠席議員";
            block = Some(absent);
            if let Some(n) = c.get(2) {
                counts.push((n.as_str().parse().unwrap(), absent));
            }
            continue;
        }
        let Some(absent) = block else { continue };
        // The block ends at a blank line, a rule line or another heading.
        if s.is_empty() || s.chars().all(|c| "―－-─＝=".contains(c)) || s == "なし" {
            block = None;
            continue;
        }
        let seats: Vec<_> = seat.captures_iter(&s).collect();
        if seats.is_empty() {
            // One member a line with an honorific: `増永純女君`.
            match s.strip_suffix('君') {
                Some(name) => out.push((None, name.to_string(), absent)),
                None => block = None,
            }
            continue;
        }
        for (k, c) in seats.iter().enumerate() {
            let m = c.get(0).unwrap();
            let end = seats
                .get(k + 1)
                .map_or(s.len(), |n| n.get(0).unwrap().start());
            let name = s[m.end()..end]
                .trim_end_matches("議員")
                .trim_end_matches('君');
            out.push((Some(c[1].parse().unwrap()), name.to_string(), absent));
        }
    }
    (out, counts)
}

fn attendee_keys(m: &Meeting) -> BTreeSet<Member> {
    m.attendees
        .iter()
        .map(|a| {
            (
                a.seat,
                a.name_key.clone(),
                a.attendance == Attendance::Absent,
            )
        })
        .collect()
}

#[test]
fn corpus_transcripts_meet_the_floors() {
    let Some(all) = corpus() else { return };
    assert_eq!(all.len(), 9, "nine transcripts");
    let turn = Regex::new(r"^[\s\u{3000}]*[○◯〇◆◎]").unwrap();
    let not_a_turn = Regex::new(r"^[\s\u{3000}]*[○◯〇◆◎]\s*(?:午[前後]|議事日程)").unwrap();
    let agenda_number =
        Regex::new(r"^[\s\u{3000}]*(?:日程)?第[\s\u{3000}]*([0-9０-９]+)(?:[\s\u{3000}]|$)")
            .unwrap();
    let mut report = Vec::new();
    for (name, text, p) in &all {
        let m = &p.meeting;
        let errors: Vec<_> = m
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: errors {errors:?}");

        let non_blank = p.lines.iter().filter(|l| !l.is_blank()).count();
        let unclassified = m
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnclassifiedLine)
            .count();
        assert!(
            unclassified * 100 < non_blank,
            "{name}: {unclassified} of {non_blank} lines unclassified"
        );

        let (listed, counts) = members(text);
        let got = attendee_keys(m);
        for member in &listed {
            assert!(
                got.contains(member),
                "{name}: member {member:?} is not an attendee row"
            );
        }
        for (n, absent) in counts {
            let rows = m
                .attendees
                .iter()
                .filter(|a| {
                    a.group.as_deref()
                        == Some(if absent {
                            "欠席議員"
                        } else {
                            "出席議員"
                        })
                })
                .count();
            assert_eq!(rows, n, "{name}: the heading prints {n}");
        }

        // Every turn after the first one is a speech remark that names its speaker.
        let speeches: Vec<_> = m
            .remarks
            .iter()
            .filter(|r| r.kind == RemarkKind::Speech)
            .collect();
        let first = speeches.first().map_or(0, |r| r.span.line_start);

        // Every numbered line of an order of business before the proceedings (`第１０　議
        // 案　第９号…`, `日程第１`) is an agenda item with that number, in order.
        let printed: Vec<String> = text
            .lines()
            .take(first.saturating_sub(1))
            .filter_map(|l| Some(squeeze(&agenda_number.captures(l)?[1])))
            .collect();
        let numbered: Vec<String> = m
            .agenda
            .iter()
            .filter_map(|a| a.number.as_deref())
            // Bills under an item (`議案第２号`) have numbers of their own.
            .filter(|n| n.starts_with('第') || n.starts_with("日程"))
            .map(|n| {
                n.trim_start_matches(|c: char| !c.is_ascii_digit())
                    .to_string()
            })
            .collect();
        assert_eq!(numbered, printed, "{name}: numbered agenda items");
        for (no, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
            if no < first || !turn.is_match(line) || not_a_turn.is_match(line) {
                continue;
            }
            let is_section = m.sections.iter().any(|s| s.span.line_start == no);
            let speech = speeches.iter().find(|r| r.span.line_start == no);
            assert!(
                is_section
                    || speech.is_some_and(|r| r.speaker.is_some() || r.speaker_role.is_some()),
                "{name}:{no}: turn without a speaker: {line}"
            );
        }
        let speakers: BTreeSet<_> = speeches
            .iter()
            .filter_map(|r| r.speaker.clone().or(r.speaker_role.clone()))
            .collect();
        report.push(format!(
            "{name}: {} attendees ({} listed members), {} remarks, {} speakers, {unclassified}/{non_blank} unclassified",
            m.attendees.len(),
            listed.len(),
            m.remarks.len(),
            speakers.len()
        ));
    }
    eprintln!("{}", report.join("\n"));
}
