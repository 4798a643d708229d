//! The seed's datasets: every example SCHEMA.md gives, and the same data whatever
//! encoding and line ends the seed arrives in.

use std::path::PathBuf;

use giji::model::Meeting;
use giji::rules::{Attendance, RuleSet};
use giji::source::{Input, SourceFile};
use giji::{process, Options};

const SEED: &str = "seeds/000_780bb8195d2e3bbd.txt";

fn seed_text() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap()
}

fn convert(bytes: Vec<u8>) -> Meeting {
    let src = SourceFile {
        input: Input {
            path: PathBuf::from("seed.txt"),
            rel_path: "seed.txt".into(),
            meeting_id: "seed".into(),
        },
        bytes,
    };
    process(&src, &RuleSet::builtin().unwrap(), &Options::default())
        .unwrap()
        .meeting
}

#[test]
fn seed_matches_schema_examples() {
    let m = convert(seed_text().into_bytes());
    assert_eq!(m.attendees.len(), 24);
    assert_eq!(m.absent_count(), 8);
    let by = |n: &str| m.attendees.iter().find(|a| a.name_key == n).unwrap();
    assert_eq!(by("岩崎勝").attendance, Attendance::Late);
    assert_eq!(by("足達雅英").attendance, Attendance::LeftEarly);
    assert_eq!(m.attendees.iter().filter(|a| a.proxy.is_some()).count(), 3);
    let a = by("折笠史典");
    assert_eq!((a.group.as_deref(), a.span.line_start), (Some("幹事"), 37));
    assert_eq!(
        a.organization.as_deref(),
        Some("総務省情報流通行政局地域通信振興課")
    );
    assert_eq!(a.marks.join(";"), "欠席;代理：佐々木補佐");
    assert_eq!(m.agenda.len(), 4);
    assert_eq!(m.agenda[2].parent, Some(1));
    assert_eq!(
        m.agenda[2].title,
        "自治体DX推進計画改定案の修正案等について 等"
    );
    let per_section: Vec<usize> = (0..m.sections.len())
        .map(|s| m.remarks.iter().filter(|r| r.section == Some(s)).count())
        .collect();
    assert_eq!(per_section, [8, 2, 1]);
    assert_eq!(
        m.sections[0].title,
        "自治体DX推進計画改定案の修正案について"
    );
    let h = &m.header;
    assert_eq!(h.date.as_ref().unwrap().value.to_string(), "2022-07-28");
    assert_eq!(h.start_time.as_ref().unwrap().value.iso(), "10:00");
    assert_eq!(h.end_time.as_ref().unwrap().value.iso(), "11:00");
    assert_eq!(h.venue.as_ref().unwrap().value, "オンライン開催");
    assert_eq!(h.session_number.as_ref().unwrap().value, 14);
}

/// Everything a user sees except the source fields and the printed date text.
fn fingerprint(m: &Meeting) -> String {
    let mut m = m.clone();
    m.source_encoding.clear();
    m.source_sha256.clear();
    m.header.date_text = None;
    format!(
        "{:?}",
        (
            m.header,
            m.attendees,
            m.agenda,
            m.materials,
            m.sections,
            m.remarks,
            m.diagnostics
        )
    )
}

#[test]
fn seed_is_the_same_in_every_encoding() {
    let text = seed_text();
    let base = convert(text.clone().into_bytes());
    let crlf = text.replace('\n', "\r\n");
    let cp932 = encoding_rs::SHIFT_JIS.encode(&crlf).0.into_owned();
    let mut utf16 = vec![0xFF, 0xFE];
    text.encode_utf16()
        .for_each(|u| utf16.extend_from_slice(&u.to_le_bytes()));
    // EUC-JP as other tools write it, with `〜` for the `～` they cannot encode: both are
    // bytes A1 C1, which encoding_rs (following WHATWG) encodes from `～`.
    let euc = encoding_rs::EUC_JP.encode(&text).0.into_owned();
    assert_eq!(euc.windows(2).filter(|w| *w == [0xA1, 0xC1]).count(), 1);
    for (name, bytes, enc) in [
        ("cp932+crlf", cp932, "Shift_JIS"),
        ("utf-16le", utf16, "UTF-16LE"),
        ("euc-jp", euc, "EUC-JP"),
    ] {
        let m = convert(bytes);
        assert_eq!(m.source_encoding, enc, "{name}");
        assert_eq!(fingerprint(&m), fingerprint(&base), "{name}");
    }
}
