//! A batch: collect inputs, convert them on all cores, and stream the meetings into one
//! dataset in sorted order, so the bytes are the same whatever the thread count.

use std::io;
use std::path::{Path, PathBuf};

use std::sync::{Condvar, Mutex};

use rayon::prelude::*;

use crate::cache::{self, Cache, Lookup};
use crate::diag::{Diagnostic, Severity};
use crate::emit::part::{self, Shard};
use crate::emit::{encode, DatasetWriter, EmitOptions, Encoded};
use crate::rules::RuleSet;
use crate::{process, source, Options};

/// Files a worker takes at a time: fewer hand-overs between threads.
const RUN: usize = 8;

/// How many runs ahead of the dataset the workers may convert: bounds memory by a few
/// documents, not by the batch.
const WINDOW: usize = 8;

/// A file converted and serialized. The document itself is dropped on the worker that
/// made it: freeing it here would cost this thread as much as writing.
struct Done {
    encoded: Encoded,
    diagnostics: Vec<Diagnostic>,
    explain: Option<String>,
    cached: Cached,
}

/// What the cache did for a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cached {
    /// No cache, or the file was converted.
    No,
    /// Its rows came from the cache.
    Reused,
    /// Its entry was damaged: converted again, the entry replaced.
    Replaced,
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
    /// Files whose rows came from `--cache`.
    pub reused: usize,
    /// Cache entries found damaged, converted again and replaced.
    pub cache_replaced: usize,
}

/// Everything a batch needs besides its inputs.
pub struct Batch<'a> {
    pub rules: &'a RuleSet,
    pub options: Options,
    pub emit: EmitOptions,
    /// Worker threads: `Some(n)` runs the batch on a pool of its own; `None` on the
    /// current rayon pool (all cores, unless the caller configured it).
    pub jobs: Option<usize>,
    /// Also make each file's `explain` dump (for `giji check`).
    pub explain: bool,
    /// The rules' examples are still to be tried (`RuleSet::compile`): the batch tries
    /// them while its files convert, and publishes no dataset unless they hold.
    pub check_examples: bool,
    /// Convert only this part of the inputs into a part dataset (`--shard K/N`), for
    /// [`crate::emit::part::merge`].
    pub shard: Option<Shard>,
    /// Reuse the rows of documents converted before (`--cache DIR`).
    pub cache: Option<Cache>,
}

/// One file's outcome, reported as it is written.
pub enum Event<'a> {
    /// Inputs are collected; `files` will be converted.
    Started {
        files: usize,
    },
    Converted {
        /// The path as the user can find it (see [`source::Skipped::shown`]).
        shown: &'a str,
        source_path: &'a str,
        diagnostics: &'a [Diagnostic],
        /// The `explain` dump, when the batch was asked for it.
        explain: Option<&'a str>,
    },
    Failed {
        shown: &'a str,
        rel_path: &'a str,
        diagnostics: &'a [Diagnostic],
    },
    Skipped(&'a source::Skipped),
}

/// Where converted files go, in input order: the dataset, the counts, the caller's report.
struct Sink<F> {
    writer: DatasetWriter,
    summary: Summary,
    report: F,
}

impl<F: FnMut(Event)> Sink<F> {
    /// Writes the run's `at`-th input.
    fn write(
        &mut self,
        at: usize,
        input: &source::Input,
        result: io::Result<Converted>,
    ) -> io::Result<()> {
        let shown = input.path.display().to_string();
        match result? {
            Ok(done) => {
                self.writer.append(at, &done.encoded)?;
                match done.cached {
                    Cached::No => {}
                    Cached::Reused => self.summary.reused += 1,
                    Cached::Replaced => self.summary.cache_replaced += 1,
                }
                if done
                    .diagnostics
                    .iter()
                    .any(|d| d.severity >= Severity::Warning)
                {
                    self.summary.with_warnings += 1;
                } else {
                    self.summary.ok += 1;
                }
                (self.report)(Event::Converted {
                    shown: &shown,
                    source_path: &done.encoded.source_path,
                    diagnostics: &done.diagnostics,
                    explain: done.explain.as_deref(),
                });
            }
            Err(diags) => {
                self.writer
                    .file_diagnostics(at, &input.rel_path, &input.meeting_id, &diags)?;
                self.summary.failed += 1;
                (self.report)(Event::Failed {
                    shown: &shown,
                    rel_path: &input.rel_path,
                    diagnostics: &diags,
                });
            }
        }
        Ok(())
    }
}

/// A lock that a panicking worker did not leave unusable: the data is plain values.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The files finished out of order, waiting for the one before them.
struct Parked {
    results: std::collections::BTreeMap<usize, Vec<io::Result<Converted>>>,
    /// The file the dataset waits for.
    next: usize,
    failed: Option<io::Error>,
}

impl Batch<'_> {
    /// Converts `inputs` into the dataset folder `out`; `report` sees every file in order.
    pub fn run(
        &self,
        inputs: &[PathBuf],
        out: &Path,
        report: impl FnMut(Event) + Send,
    ) -> io::Result<Summary> {
        self.run_collected(source::collect(inputs), out, report)
    }

    /// As [`Batch::run`], on inputs already collected by [`source::collect`] (the CLI
    /// collects them while the rules compile).
    pub fn run_collected(
        &self,
        (found, skipped): (Vec<source::Input>, Vec<source::Skipped>),
        out: &Path,
        mut report: impl FnMut(Event) + Send,
    ) -> io::Result<Summary> {
        // A single run writes the skipped inputs first, then the others in path order: an
        // input's place in that order is where a merge puts its part's rows.
        let first_found = skipped.len();
        let (found, found_at, skipped, skipped_at, mut writer) = match self.shard {
            None => {
                let writer = DatasetWriter::create(out, self.emit.clone())?;
                let found_at = (first_found..first_found + found.len()).collect();
                let skipped_at = (0..skipped.len()).collect();
                (found, found_at, skipped, skipped_at, writer)
            }
            Some(shard) => {
                let digest = part::inputs_digest(
                    skipped.iter().map(|s| (s.rel_path.as_str(), None)).chain(
                        found
                            .iter()
                            .map(|i| (i.rel_path.as_str(), Some(i.path.as_path()))),
                    ),
                );
                let header = part::Header::new(
                    &self.rules.digest,
                    shard,
                    found.len() + skipped.len(),
                    digest,
                    &self.emit,
                );
                let writer = DatasetWriter::create_part(out, self.emit.clone(), &header)?;
                let (skipped, skipped_at): (Vec<_>, Vec<_>) = skipped
                    .into_iter()
                    .enumerate()
                    .filter(|(_, s)| shard.holds(&s.rel_path))
                    .map(|(i, s)| (s, i))
                    .unzip();
                let (found, found_at): (Vec<_>, Vec<_>) = found
                    .into_iter()
                    .enumerate()
                    .filter(|(_, f)| shard.holds(&f.rel_path))
                    .map(|(i, f)| (f, first_found + i))
                    .unzip();
                (found, found_at, skipped, skipped_at, writer)
            }
        };
        report(Event::Started { files: found.len() });
        // Files counts what was meant to convert: read, or refused as a duplicate.
        let mut summary = Summary {
            files: found.len()
                + skipped
                    .iter()
                    .filter(|s| s.diagnostic.severity == Severity::Error)
                    .count(),
            skipped: skipped
                .iter()
                .filter(|s| s.diagnostic.severity < Severity::Error)
                .count(),
            ..Summary::default()
        };
        for (s, &at) in skipped.iter().zip(&skipped_at) {
            writer.file_diagnostics(
                at,
                &s.rel_path,
                &s.meeting_id,
                std::slice::from_ref(&s.diagnostic),
            )?;
            if s.diagnostic.severity == Severity::Error {
                summary.failed += 1;
            }
            report(Event::Skipped(s));
        }
        let pool = match self.jobs {
            Some(n) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(io::Error::other)?,
            ),
            None => None,
        };
        let threads = pool
            .as_ref()
            .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
        let sink = Sink {
            writer,
            summary,
            report,
        };
        let (checked, converted) = rayon::join(
            || match self.check_examples {
                true => self.rules.check_examples(),
                false => Ok(()),
            },
            || self.convert_all(&found, &found_at, sink, pool.as_ref(), threads),
        );
        let Sink {
            writer, summary, ..
        } = converted?;
        // A rule table whose examples fail publishes nothing: the folder being written is
        // dropped, the previous dataset stays.
        checked.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        writer.finish()?;
        Ok(summary)
    }

    /// Converts every file into the sink, in input order.
    fn convert_all<F: FnMut(Event) + Send>(
        &self,
        found: &[source::Input],
        found_at: &[usize],
        mut sink: Sink<F>,
        pool: Option<&rayon::ThreadPool>,
        threads: usize,
    ) -> io::Result<Sink<F>> {
        // One copy of the rules per worker: a regex shared by threads hands out its
        // scratch space under a lock (rust-lang/regex#934); a clone has its own.
        let rules: Vec<RuleSet> = (0..threads).map(|_| self.rules.clone()).collect();
        let convert = |input: &source::Input, rules: &RuleSet| -> io::Result<Converted> {
            let src = match source::read(input) {
                Ok(src) => src,
                Err(d) => return Ok(Err(vec![d])),
            };
            // `explain` dumps come from a conversion, never from the cache.
            let cache = self.cache.as_ref().filter(|_| !self.explain);
            let key = cache.map(|c| c.key(input, &src.bytes));
            let mut cached = Cached::No;
            if let (Some(c), Some(k)) = (cache, &key) {
                match c.get(k) {
                    Lookup::Hit(e) => {
                        return Ok(Ok(Done {
                            encoded: e.encoded,
                            diagnostics: e.diagnostics,
                            explain: None,
                            cached: Cached::Reused,
                        }))
                    }
                    Lookup::Corrupt => cached = Cached::Replaced,
                    Lookup::Miss => {}
                }
            }
            Ok(match process(&src, rules, &self.options) {
                Ok(p) => {
                    let entry = cache::Entry {
                        encoded: encode(&p.meeting, self.emit.excel)?,
                        diagnostics: p.meeting.diagnostics,
                    };
                    // Failures are not kept: a file that failed is tried again next run.
                    if let (Some(c), Some(k)) = (cache, &key) {
                        c.put(k, &entry)?;
                    }
                    Ok(Done {
                        explain: self
                            .explain
                            .then(|| crate::segment::dump::dump(&p.lines, &p.labels)),
                        encoded: entry.encoded,
                        diagnostics: entry.diagnostics,
                        cached,
                    })
                }
                Err(d) => Err(d),
            })
        };
        if threads == 1 {
            // One job: everything on this thread, no hand-over per file.
            for (input, &at) in found.iter().zip(found_at) {
                sink.write(at, input, convert(input, &rules[0]))?;
            }
        } else {
            // Workers take runs of files in input order and park each run's results.
            // Whoever finds the dataset free appends every parked run that is next in
            // order; the others go on converting, so no thread waits on writing and none
            // only writes. Workers run at most WINDOW runs ahead of the dataset: memory
            // stays bounded by a few documents whatever the batch size.
            let parked = Mutex::new(Parked {
                results: std::collections::BTreeMap::new(),
                next: 0,
                failed: None,
            });
            let advanced = Condvar::new();
            let writing = Mutex::new(&mut sink);
            let feed = (0..found.len().div_ceil(RUN)).map_while(|i| {
                let mut p = lock(&parked);
                while i >= p.next + WINDOW && p.failed.is_none() {
                    p = advanced.wait(p).unwrap_or_else(|e| e.into_inner());
                }
                p.failed.is_none().then_some(i)
            });
            let work = || {
                feed.par_bridge().for_each(|i| {
                    let run = &found[i * RUN..((i + 1) * RUN).min(found.len())];
                    // The worker's own copy of the rules: its index in the pool it runs in.
                    let rules = &rules[rayon::current_thread_index().unwrap_or(0)];
                    let result: Vec<_> = run.iter().map(|i| convert(i, rules)).collect();
                    lock(&parked).results.insert(i, result);
                    loop {
                        let Ok(mut sink) = writing.try_lock() else {
                            // The writer holds it, and checks again for this file after.
                            return;
                        };
                        loop {
                            let (next, r) = {
                                let mut p = lock(&parked);
                                let next = p.next;
                                (next, p.results.remove(&next))
                            };
                            let Some(r) = r else { break };
                            let span = next * RUN..((next + 1) * RUN).min(found.len());
                            let written = found[span.clone()]
                                .iter()
                                .zip(&found_at[span])
                                .zip(r)
                                .try_for_each(|((input, &at), r)| sink.write(at, input, r));
                            let mut p = lock(&parked);
                            match written {
                                Ok(()) => p.next += 1,
                                Err(e) => {
                                    p.failed = Some(e);
                                    p.results.clear();
                                }
                            }
                            advanced.notify_all();
                        }
                        drop(sink);
                        // A file parked while this thread held the dataset is written by
                        // this thread: its worker found the dataset taken.
                        let p = lock(&parked);
                        if p.failed.is_some() || !p.results.contains_key(&p.next) {
                            return;
                        }
                    }
                })
            };
            match &pool {
                Some(p) => p.install(work),
                None => work(),
            }
            let failed = lock(&parked).failed.take();
            if let Some(e) = failed {
                return Err(e);
            }
        }
        Ok(sink)
    }
}
