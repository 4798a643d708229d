//! Text throughput of the whole pipeline for one document (decode, rules, segmentation,
//! serialized rows), single-threaded, in bytes of source per second: on the seed, and on
//! each real transcript of ../shared/corpus/text when that folder exists. Also decoding
//! alone of the Shift_JIS seed, the floor the pipeline stands on.
//!
//!     cargo bench --bench throughput

use std::path::PathBuf;

use divan::counter::BytesCount;
use divan::Bencher;
use giji::rules::RuleSet;
use giji::source::{Input, SourceFile};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn source(path: PathBuf) -> SourceFile {
    SourceFile {
        bytes: std::fs::read(&path).unwrap(),
        input: Input {
            rel_path: "bench.txt".into(),
            meeting_id: "bench".into(),
            path,
        },
    }
}

fn documents() -> Vec<PathBuf> {
    let mut docs = vec![root().join("seeds/000_780bb8195d2e3bbd.txt")];
    if let Ok(dir) = std::fs::read_dir(root().join("../shared/corpus/text")) {
        let mut found: Vec<PathBuf> = dir
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        found.sort();
        docs.extend(found);
    }
    docs
}

fn names() -> Vec<String> {
    documents()
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .chars()
                .take(24)
                .collect()
        })
        .collect()
}

#[divan::bench(args = names())]
fn convert(bencher: Bencher, name: &str) {
    let path = documents()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap();
    let src = source(path);
    let rules = RuleSet::builtin().unwrap();
    let options = giji::Options::default();
    bencher.counter(BytesCount::new(src.bytes.len())).bench(|| {
        let p = giji::process(&src, &rules, &options).unwrap();
        giji::emit::encode(&p.meeting, false).unwrap()
    });
}

#[divan::bench]
fn decode_cp932_seed(bencher: Bencher) {
    let text = std::fs::read_to_string(root().join("seeds/000_780bb8195d2e3bbd.txt")).unwrap();
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let bytes = bytes.into_owned();
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| giji::decode::decode(&bytes, None));
}
