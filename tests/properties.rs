//! Properties over inputs nobody wrote: arbitrary bytes, and fixture documents with bytes
//! inserted, removed or changed. For each, conversion does not panic, gives the same bytes
//! twice, and loses no line (every non-blank line is claimed by a rule or carried in a
//! diagnostic with its line number).

use std::path::PathBuf;

use giji::rules::RuleSet;
use giji::source::{Input, SourceFile};
use giji::{process, Options};
use proptest::prelude::*;

fn source(bytes: Vec<u8>) -> SourceFile {
    SourceFile {
        input: Input {
            path: PathBuf::from("p.txt"),
            rel_path: "p.txt".into(),
            meeting_id: "p".into(),
        },
        bytes,
    }
}

/// Converts twice and checks the three properties.
fn holds(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let rules = RuleSet::builtin().unwrap();
    let src = source(bytes);
    let a = process(&src, &rules, &Options::default());
    let b = process(&src, &rules, &Options::default());
    match (a, b) {
        (Ok(a), Ok(b)) => {
            let ea = giji::emit::encode(&a.meeting, false).unwrap();
            let eb = giji::emit::encode(&b.meeting, false).unwrap();
            prop_assert_eq!(ea, eb);
            prop_assert_eq!(a.lost_lines(), Vec::<usize>::new());
        }
        (Err(a), Err(b)) => {
            prop_assert_eq!(a, b);
        }
        _ => prop_assert!(false, "the two runs disagree on success"),
    }
    Ok(())
}

fn fixture_texts() -> Vec<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![std::fs::read(root.join("seeds/000_780bb8195d2e3bbd.txt")).unwrap()];
    for e in std::fs::read_dir(root.join("fixtures")).unwrap() {
        let p = e.unwrap().path().join("input.txt");
        if let Ok(b) = std::fs::read(p) {
            out.push(b);
        }
    }
    out.sort();
    out
}

/// One edit of a document: insert, remove or replace bytes at a relative position.
#[derive(Debug, Clone)]
enum Edit {
    Insert(f64, Vec<u8>),
    Remove(f64, usize),
    Replace(f64, u8),
}

fn apply(mut doc: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match e {
            Edit::Insert(f, bytes) => {
                let i = at(*f, doc.len());
                doc.splice(i..i, bytes.iter().copied());
            }
            Edit::Remove(f, n) => {
                let i = at(*f, doc.len());
                let j = (i + n).min(doc.len());
                doc.drain(i..j);
            }
            Edit::Replace(f, b) => {
                if !doc.is_empty() {
                    let i = at(*f, doc.len() - 1);
                    doc[i] = *b;
                }
            }
        }
    }
    doc
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0f64, prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(f, b)| Edit::Insert(f, b)),
        (0.0..1.0f64, 1usize..64).prop_map(|(f, n)| Edit::Remove(f, n)),
        (0.0..1.0f64, any::<u8>()).prop_map(|(f, b)| Edit::Replace(f, b)),
        // Markers the rules care about, dropped anywhere.
        (
            0.0..1.0f64,
            prop::sample::select(vec![
                "○",
                "【",
                "】",
                "\n",
                "（",
                "・",
                "議長（",
                "出席者",
                "令和",
                "第",
                "\u{3000}\u{3000}"
            ])
        )
            .prop_map(|(f, s)| Edit::Insert(f, s.as_bytes().to_vec())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        holds(bytes)?;
    }

    #[test]
    fn mutated_fixtures(doc in prop::sample::select(fixture_texts()), edits in prop::collection::vec(edit(), 1..12)) {
        holds(apply(doc, &edits))?;
    }
}
