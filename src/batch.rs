//! A batch: collect inputs, convert them on all cores, and stream the meetings into one
//! dataset in sorted order, so the bytes are the same whatever the thread count.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Severity};
use crate::emit::{DatasetWriter, EmitOptions};
use crate::rules::RuleSet;
use crate::{process, source, Options, Processed};

/// How many documents are converted before their rows are written: bounds memory by a
/// chunk, not by the batch.
const CHUNK: usize = 64;

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
}

/// One file's outcome, reported as it is written.
pub enum Event<'a> {
    /// Inputs are collected; `files` will be converted.
    Started {
        files: usize,
    },
    Converted(&'a Processed),
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
        for chunk in found.chunks(CHUNK) {
            let results: Vec<Result<Processed, Vec<Diagnostic>>> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|input| {
                        let src = source::read(input).map_err(|d| vec![d])?;
                        process(&src, self.rules, &self.options)
                    })
                    .collect()
            });
            for (input, result) in chunk.iter().zip(results) {
                match result {
                    Ok(p) => {
                        writer.meeting(&p.meeting)?;
                        if p.meeting
                            .diagnostics
                            .iter()
                            .any(|d| d.severity >= Severity::Warning)
                        {
                            summary.with_warnings += 1;
                        } else {
                            summary.ok += 1;
                        }
                        report(Event::Converted(&p));
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
        }
        writer.finish()?;
        Ok(summary)
    }
}
