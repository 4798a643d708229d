//! A batch: collect inputs, convert them on all cores, and stream the meetings into one
//! dataset in sorted order, so the bytes are the same whatever the thread count.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity};
use crate::emit::{encode, DatasetWriter, EmitOptions, Encoded};
use crate::rules::RuleSet;
use crate::{process, source, Options};

/// How many documents are converted before their rows are written: bounds memory by a
/// chunk, not by the batch.
const CHUNK: usize = 64;

/// A file converted and serialized. The document itself is dropped on the worker that
/// made it: freeing it here would cost this thread as much as writing.
struct Done {
    encoded: Encoded,
    source_path: String,
    diagnostics: Vec<Diagnostic>,
    explain: Option<String>,
}

/// A file converted, or the diagnostics that stopped it.
type Converted = Result<Done, Vec<Diagnostic>>;

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub ok: usize,
    pub with_warnings: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// Everything a batch needs besides its inputs.
pub struct Batch<'a> {
    pub rules: &'a RuleSet,
    pub options: Options,
    pub emit: EmitOptions,
    /// Worker threads; `None` for all cores.
    pub jobs: Option<usize>,
    /// Also make each file's `explain` dump (for `giji check`).
    pub explain: bool,
}

/// One file's outcome, reported as it is written.
pub enum Event<'a> {
    /// Inputs are collected; `files` will be converted.
    Started {
        files: usize,
    },
    Converted {
        source_path: &'a str,
        diagnostics: &'a [Diagnostic],
        /// The `explain` dump, when the batch was asked for it.
        explain: Option<&'a str>,
    },
    Failed {
        rel_path: &'a str,
        diagnostics: &'a [Diagnostic],
    },
    Skipped(&'a source::Skipped),
}

impl Batch<'_> {
    /// Converts `inputs` into the dataset folder `out`; `report` sees every file in order.
    pub fn run(
        &self,
        inputs: &[PathBuf],
        out: &Path,
        mut report: impl FnMut(Event),
    ) -> io::Result<Summary> {
        let (found, skipped) = source::collect(inputs);
        let mut writer = DatasetWriter::create(out, self.emit.clone())?;
        report(Event::Started { files: found.len() });
        let mut summary = Summary {
            files: found.len(),
            skipped: skipped
                .iter()
                .filter(|s| s.diagnostic.severity < Severity::Error)
                .count(),
            ..Summary::default()
        };
        for s in &skipped {
            writer.file_diagnostic(&s.rel_path, &s.meeting_id, &s.diagnostic)?;
            if s.diagnostic.severity == Severity::Error {
                summary.failed += 1;
            }
            report(Event::Skipped(s));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.unwrap_or(0))
            .build()
            .map_err(io::Error::other)?;
        // One copy of the rules per worker: a regex shared by threads hands out its
        // scratch space under a lock (rust-lang/regex#934); a clone has its own.
        let rules: Vec<RuleSet> = (0..pool.current_num_threads())
            .map(|_| self.rules.clone())
            .collect();
        let convert = |chunk: &[source::Input]| -> Vec<io::Result<Converted>> {
            pool.install(|| {
                chunk
                    .par_iter()
                    .map(|input| {
                        let read = source::read(input).map_err(|d| vec![d]);
                        let rules = &rules[rayon::current_thread_index().unwrap_or(0)];
                        match read.and_then(|src| process(&src, rules, &self.options)) {
                            Ok(p) => Ok(Ok(Done {
                                encoded: encode(&p.meeting)?,
                                explain: self
                                    .explain
                                    .then(|| crate::segment::dump::dump(&p.lines, &p.labels)),
                                source_path: p.meeting.source_path,
                                diagnostics: p.meeting.diagnostics,
                            })),
                            Err(d) => Ok(Err(d)),
                        }
                    })
                    .collect()
            })
        };
        // With several workers, they convert and serialize the next chunk while this
        // thread appends the bytes of the one before, in input order; the channel holds
        // one chunk, so memory stays bounded by a few chunks whatever the batch size.
        // With one job everything runs on this thread.
        let mut write = |chunk: &[source::Input], results: Vec<io::Result<Converted>>| {
            for (input, result) in chunk.iter().zip(results) {
                match result? {
                    Ok(done) => {
                        writer.append(&done.encoded)?;
                        if done
                            .diagnostics
                            .iter()
                            .any(|d| d.severity >= Severity::Warning)
                        {
                            summary.with_warnings += 1;
                        } else {
                            summary.ok += 1;
                        }
                        report(Event::Converted {
                            source_path: &done.source_path,
                            diagnostics: &done.diagnostics,
                            explain: done.explain.as_deref(),
                        });
                    }
                    Err(diags) => {
                        for d in &diags {
                            writer.file_diagnostic(&input.rel_path, &input.meeting_id, d)?;
                        }
                        summary.failed += 1;
                        report(Event::Failed {
                            rel_path: &input.rel_path,
                            diagnostics: &diags,
                        });
                    }
                }
            }
            io::Result::Ok(())
        };
        if pool.current_num_threads() == 1 {
            for chunk in found.chunks(CHUNK) {
                write(chunk, convert(chunk))?;
            }
        } else {
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            std::thread::scope(|scope| -> io::Result<()> {
                scope.spawn(|| {
                    for chunk in found.chunks(CHUNK) {
                        if tx.send((chunk, convert(chunk))).is_err() {
                            break;
                        }
                    }
                    drop(tx);
                });
                for (chunk, results) in rx {
                    write(chunk, results)?;
                }
                Ok(())
            })?;
        }
        writer.finish()?;
        Ok(summary)
    }
}
