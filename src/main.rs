//! The `giji` binary: parse arguments, call the library, print diagnostics as
//! `path:line: severity[code]: message`, and exit with one documented code.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

/// Workers allocate and free many small strings at once: mimalloc's per-thread heaps make
/// a batch about a fifth faster than the system allocator (scripts/bench-batch.sh).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use giji::batch::{Batch, Event};
use giji::check::check;
use giji::cli::{Cli, Command, HeaderLang, PdfLimits};
use giji::decode::encoding_for_name;
use giji::diag::{Code, Diagnostic, Severity};
use giji::emit::package::{parse_created, License, PackageMeta};
use giji::emit::target::{self, Target};
use giji::emit::EmitOptions;
use giji::progress::Progress;
use giji::rules::{RuleSet, DEFAULT_RULES};
use giji::segment::dump::dump_styled;
use giji::{process, source, Options, PdfReader};

const OK: u8 = 0;
const DRIFT: u8 = 1;
const FAILED: u8 = 2;

fn main() -> ExitCode {
    // `giji __pdf-worker MEMORY FILE`: this binary reading one PDF for a batch.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args
        .get(1)
        .is_some_and(|a| a == giji::pdf::worker::WORKER_ARG)
    {
        let memory = args
            .get(2)
            .and_then(|m| m.to_str()?.parse().ok())
            .unwrap_or(giji::pdf::worker::Limits::default().memory);
        let Some(path) = args.get(3) else {
            return ExitCode::from(FAILED);
        };
        let code = giji::pdf::worker::worker_main(Path::new(path), memory);
        return ExitCode::from(u8::try_from(code).unwrap_or(FAILED));
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(OK),
        // A rule table whose examples failed during a batch: said as the table's error.
        Err(e)
            if e.get_ref()
                .is_some_and(|i| i.is::<giji::rules::RuleError>()) =>
        {
            eprintln!("{e}");
            ExitCode::from(FAILED)
        }
        Err(e) => {
            eprintln!("giji: error: {e}");
            ExitCode::from(FAILED)
        }
    }
}

/// PDFs are read by this binary re-run as a worker process, under limits.
fn pdf_reader(limits: &PdfLimits) -> PdfReader {
    match std::env::current_exe() {
        Ok(exe) => PdfReader::Worker {
            exe,
            limits: giji::pdf::worker::Limits {
                timeout: std::time::Duration::from_secs_f64(limits.pdf_timeout.max(0.0)),
                memory: limits.pdf_memory.saturating_mul(1 << 20),
            },
        },
        Err(_) => PdfReader::InProcess,
    }
}

/// The rule table (built-in or `--rules FILE`); with `examples` false its examples are
/// left for the caller to try (a batch tries them while it converts).
fn load_rules(path: Option<&Path>, examples: bool) -> Result<RuleSet, String> {
    let rules = match path {
        None => RuleSet::builtin_compiled(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("{}: error[rules]: cannot read: {e}", p.display()))?;
            RuleSet::compile(&text, &p.display().to_string())
        }
    };
    let rules = rules.map_err(|e| e.to_string())?;
    if examples {
        rules.check_examples().map_err(|e| e.to_string())?;
    }
    Ok(rules)
}

fn encoding(name: Option<&str>) -> Result<Option<&'static encoding_rs::Encoding>, String> {
    match name {
        None => Ok(None),
        Some(n) => encoding_for_name(n).map(Some).ok_or_else(|| {
            format!("giji: error: unknown encoding `{n}` (use utf-8, cp932, sjis, shift_jis, windows-31j, euc-jp or iso-2022-jp)")
        }),
    }
}

/// Rules and forced encoding, or `None` after printing why they cannot be had.
fn setup(
    rules: Option<&Path>,
    enc: Option<&str>,
    examples: bool,
) -> Option<(RuleSet, Option<&'static encoding_rs::Encoding>)> {
    match (load_rules(rules, examples), encoding(enc)) {
        (Ok(r), Ok(e)) => Some((r, e)),
        (Err(m), _) | (_, Err(m)) => {
            eprintln!("{m}");
            None
        }
    }
}

/// Whether `output` may be replaced by a dataset made from `inputs` (convert's inputs,
/// merge's parts), saying why not, or warning that `--force` replaces a folder not giji's.
fn output_may_be_replaced(output: &Path, inputs: &[PathBuf], force: bool) -> bool {
    match target::check(output, inputs, force) {
        Ok(Target::Forced) => {
            eprintln!(
                "giji: warning: {}: is not a giji dataset; replacing it as --force says (its contents will be deleted)",
                output.display()
            );
            true
        }
        Ok(_) => true,
        Err(r) => {
            eprintln!("giji: error: {r}");
            false
        }
    }
}

fn run(cli: Cli) -> io::Result<u8> {
    match cli.command {
        Command::Convert {
            inputs,
            output,
            quiet,
            encoding: enc,
            rules,
            header,
            bom,
            force,
            excel,
            jobs,
            deny_warnings,
            publisher,
            license,
            title,
            created,
            shard,
            cache,
            pdf,
        } => {
            // `--jobs` sizes the one pool everything runs on, start-up included.
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.unwrap_or(0))
                .build_global()
                .map_err(io::Error::other)?;
            let inputs = if inputs.is_empty() {
                let seeds = PathBuf::from("seeds");
                if !seeds.is_dir() {
                    eprintln!("giji: error: no INPUT given, and there is no seeds/ folder here to convert by default; name the files or folders to convert (giji convert minutes/ -o out)");
                    return Ok(FAILED);
                }
                vec![seeds]
            } else {
                inputs
            };
            // Everything the command line names is checked before a byte is written.
            for input in &inputs {
                if let Err(e) = std::fs::metadata(input) {
                    eprintln!("giji: error: {}: {}", input.display(), io_message(&e));
                    return Ok(FAILED);
                }
            }
            let shard = match shard
                .as_deref()
                .map(giji::emit::part::Shard::parse)
                .transpose()
            {
                Ok(s) => s,
                Err(m) => {
                    eprintln!("giji: error: {m}");
                    return Ok(FAILED);
                }
            };
            let package = match package_meta(publisher, &license, title, created.as_deref()) {
                Ok(p) => p,
                Err(m) => {
                    eprintln!("giji: error: {m}");
                    return Ok(FAILED);
                }
            };
            if !output_may_be_replaced(&output, &inputs, force) {
                return Ok(FAILED);
            }
            // A dataset inside an input folder is never read as input.
            let except: Vec<PathBuf> = inputs
                .iter()
                .filter_map(|root| target::inside(root, &output))
                .collect();
            // The folders are walked while the rules compile.
            let (setup, collected) = rayon::join(
                || setup(rules.as_deref(), enc.as_deref(), false),
                || source::collect_except(&inputs, &except),
            );
            let Some((rules, enc)) = setup else {
                return Ok(FAILED);
            };
            let cache = match &cache {
                Some(dir) => {
                    let dialect = format!("excel={excel} encoding={:?}", enc.map(|e| e.name()));
                    Some(giji::cache::Cache::open(dir, &rules.digest, &dialect)?)
                }
                None => None,
            };
            let batch = Batch {
                rules: &rules,
                options: Options {
                    encoding: enc,
                    pdf: pdf_reader(&pdf),
                },
                emit: EmitOptions {
                    header_ja: header == HeaderLang::Ja,
                    bom,
                    package,
                    force,
                    excel,
                },
                jobs: None,
                explain: false,
                check_examples: true,
                shard,
                cache,
            };
            let started = std::time::Instant::now();
            let mut progress: Option<Progress> = None;
            let summary = batch.run_collected(collected, &output, |event| {
                let mut text = Vec::new();
                let name = match event {
                    Event::Started { files } => {
                        progress = Some(Progress::new(files, !quiet));
                        return;
                    }
                    Event::Converted {
                        shown, diagnostics, ..
                    }
                    | Event::Failed {
                        shown, diagnostics, ..
                    } => {
                        let _ = print_diags(&mut text, shown, diagnostics, quiet, None);
                        Some(shown)
                    }
                    Event::Skipped(s) => {
                        // Every skipped input is listed with its reason, info or not.
                        if !quiet || s.diagnostic.severity == Severity::Error {
                            let _ = writeln!(text, "{}", s.diagnostic.display(&s.shown));
                        }
                        None
                    }
                };
                print_through(progress.as_ref(), &text);
                if let (Some(p), Some(name)) = (&progress, name) {
                    p.done(name);
                }
            })?;
            if let Some(p) = &progress {
                p.finish();
            }
            if !quiet {
                eprintln!(
                    "giji: {}{} files: {} ok, {} with warnings, {} failed; {} skipped; {:.2}s; diagnostics in {}",
                    batch
                        .shard
                        .map(|s| format!("part {s} of the inputs: "))
                        .unwrap_or_default(),
                    summary.files,
                    summary.ok,
                    summary.with_warnings,
                    summary.failed,
                    summary.skipped,
                    started.elapsed().as_secs_f64(),
                    output.join("diagnostics.csv").display()
                );
                if batch.cache.is_some() {
                    eprintln!(
                        "giji: cache: {} reused, {} converted{}",
                        summary.reused,
                        summary.ok + summary.with_warnings - summary.reused,
                        match summary.cache_replaced {
                            0 => String::new(),
                            n => format!(", {n} damaged entries converted again and replaced"),
                        }
                    );
                }
            }
            Ok(if summary.failed > 0 {
                FAILED
            } else if deny_warnings && summary.with_warnings > 0 {
                DRIFT
            } else {
                OK
            })
        }
        Command::Merge {
            parts,
            output,
            force,
            quiet,
        } => {
            if !output_may_be_replaced(&output, &parts, force) {
                return Ok(FAILED);
            }
            let started = std::time::Instant::now();
            let merged = giji::emit::part::merge(&parts, &output, force)?;
            if !quiet {
                eprintln!(
                    "giji: merged {} parts: {} inputs, {} meetings; {:.2}s; dataset in {}",
                    merged.parts,
                    merged.inputs,
                    merged.meetings,
                    started.elapsed().as_secs_f64(),
                    output.display()
                );
            }
            Ok(OK)
        }
        Command::Check {
            dir,
            bless,
            rules,
            pdf,
        } => {
            let rules = match load_rules(rules.as_deref(), true) {
                Ok(r) => r,
                Err(m) => {
                    eprintln!("{m}");
                    return Ok(FAILED);
                }
            };
            let options = Options {
                pdf: pdf_reader(&pdf),
                ..Options::default()
            };
            let results = check(&dir, &rules, &options, bless)?;
            let mut out = io::stdout().lock();
            let failing: Vec<_> = results.iter().filter(|r| !r.diffs.is_empty()).collect();
            if bless {
                for r in &failing {
                    writeln!(
                        out,
                        "blessed {} ({} file(s) changed)",
                        r.name,
                        r.diffs.len()
                    )?;
                }
                writeln!(
                    out,
                    "giji check: {} case(s) rewritten, {} unchanged, under {}",
                    failing.len(),
                    results.len() - failing.len(),
                    dir.display()
                )?;
                return Ok(OK);
            }
            for r in &failing {
                writeln!(out, "FAIL {} ({} file(s) differ)", r.name, r.diffs.len())?;
                for (_, diff) in &r.diffs {
                    out.write_all(diff.as_bytes())?;
                }
            }
            writeln!(
                out,
                "giji check: {} passed, {} failed",
                results.len() - failing.len(),
                failing.len()
            )?;
            if failing.is_empty() {
                Ok(OK)
            } else {
                writeln!(
                    out,
                    "To accept the new output (read the diffs first), run:\n  giji check {} --bless",
                    dir.display()
                )?;
                Ok(DRIFT)
            }
        }
        Command::Explain { doc } => {
            let Some((rules, options, src, path)) = open_one(&doc, "explain") else {
                return Ok(FAILED);
            };
            let enc = options.encoding;
            match process(&src, &rules, &options) {
                Ok(p) => {
                    // anstream drops the colour when stdout is not a terminal, under
                    // NO_COLOR, and honours CLICOLOR_FORCE.
                    let mut out = anstream::stdout().lock();
                    out.write_all(dump_styled(&p.lines, &p.labels).as_bytes())?;
                    // Under a forced encoding, say what detection would have read the file as.
                    let hint = enc.filter(|_| !src.input.is_pdf()).and_then(|_| {
                        let detected = giji::decode::decode(&src.bytes, None).encoding;
                        (detected != p.meeting.source_encoding)
                            .then(|| format!("read as {}, but detection would read this file as {detected}: leave --encoding out, or give the right one", p.meeting.source_encoding))
                    });
                    let listed: Vec<Diagnostic> = p
                        .meeting
                        .diagnostics
                        .iter()
                        .filter(|d| d.code != Code::UnclassifiedLine)
                        .cloned()
                        .collect();
                    print_diags(&mut out, &path, &listed, false, hint.as_deref())?;
                    Ok(OK)
                }
                Err(diags) => {
                    let mut err = io::stderr().lock();
                    print_diags(&mut err, &path, &diags, false, None)?;
                    Ok(FAILED)
                }
            }
        }
        Command::Text { doc, pages } => {
            let Some((rules, options, src, path)) = open_one(&doc, "text") else {
                return Ok(FAILED);
            };
            match giji::read(&src, &rules, &options) {
                Ok(read) => {
                    let mut out = io::BufWriter::new(io::stdout().lock());
                    let mut page = None;
                    for line in &read.lines {
                        if pages && line.page != page {
                            page = line.page;
                            if let Some(n) = page {
                                writeln!(out, "--- page {n} ---")?;
                            }
                        }
                        writeln!(out, "{}", line.raw)?;
                    }
                    out.flush()?;
                    // What giji dropped or noticed while reading (page furniture, vertical
                    // text) is shown here, as the text it explains is.
                    let mut err = io::stderr().lock();
                    for d in read
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity == Severity::Info)
                    {
                        writeln!(err, "{}", d.display(&path))?;
                    }
                    print_diags(&mut err, &path, &read.diagnostics, false, None)?;
                    Ok(OK)
                }
                Err(diags) => {
                    let mut err = io::stderr().lock();
                    print_diags(&mut err, &path, &diags, false, None)?;
                    Ok(FAILED)
                }
            }
        }
        Command::Rules {
            print_default,
            check,
        } => {
            if let Some(path) = check {
                return Ok(match load_rules(Some(&path), true) {
                    Ok(r) => {
                        println!(
                            "{}: ok: {} rules, every example holds",
                            path.display(),
                            r.rules.len()
                        );
                        OK
                    }
                    Err(m) => {
                        eprintln!("{m}");
                        FAILED
                    }
                });
            }
            if print_default {
                io::stdout().lock().write_all(DEFAULT_RULES.as_bytes())?;
                return Ok(OK);
            }
            eprintln!("giji rules: give --print-default or --check FILE");
            Ok(FAILED)
        }
    }
}

/// An I/O error as a message after its path: `No such file or directory (os error 2)`.
/// The rules, options, document and shown path of `explain` or `text`, or `None` once the
/// reason is printed.
fn open_one(
    doc: &giji::cli::OneDocument,
    command: &str,
) -> Option<(RuleSet, Options, source::SourceFile, String)> {
    let (rules, encoding) = setup(doc.rules.as_deref(), doc.encoding.as_deref(), true)?;
    let src = read_one(&doc.file, command)?;
    let options = Options {
        encoding,
        pdf: pdf_reader(&doc.pdf),
    };
    Some((rules, options, src, doc.file.display().to_string()))
}

/// The one document `explain` or `text` reads, or `None` once the reason is printed.
fn read_one(file: &Path, command: &str) -> Option<source::SourceFile> {
    if file.is_dir() {
        eprintln!(
            "giji: error: {}: is a folder; {command} takes one file (giji {command} {}/<file>.txt), convert takes folders",
            file.display(),
            file.display().to_string().trim_end_matches('/')
        );
        return None;
    }
    if let Err(e) = std::fs::metadata(file) {
        eprintln!("giji: error: {}: {}", file.display(), io_message(&e));
        return None;
    }
    let (found, skipped) = source::collect(&[file.to_path_buf()]);
    let Some(input) = found.first() else {
        for s in &skipped {
            eprintln!("{}", s.diagnostic.display(&file.display().to_string()));
        }
        return None;
    };
    match source::read(input) {
        Ok(s) => Some(s),
        Err(d) => {
            eprintln!("{}", d.display(&file.display().to_string()));
            None
        }
    }
}

fn io_message(e: &io::Error) -> String {
    e.to_string()
}

/// The package metadata of the command line, validated so the descriptor stays valid.
fn package_meta(
    publisher: Option<String>,
    license: &str,
    title: Option<String>,
    created: Option<&str>,
) -> Result<PackageMeta, String> {
    let mut package = PackageMeta {
        publisher,
        license: License::parse(license)?,
        created: created.map(parse_created).transpose()?,
        ..PackageMeta::default()
    };
    if let Some(t) = title {
        package.title = t;
    }
    Ok(package)
}

/// Prints buffered diagnostic lines through the progress bar so they never tear it.
fn print_through(progress: Option<&Progress>, text: &[u8]) {
    for line in String::from_utf8_lossy(text).lines() {
        match progress {
            Some(p) => p.println(line),
            None => eprintln!("{line}"),
        }
    }
}

/// The codes said once per line that a wrong encoding makes on almost every line: on a
/// terminal they are summed into one line per file (diagnostics.csv keeps each row).
fn is_decoding(code: Code) -> bool {
    matches!(
        code,
        Code::UndecodableBytes | Code::Gaiji | Code::ControlCharacters
    )
}

/// More per-line decoding warnings than this in one file are summed into one line.
const DECODING_SHOWN: usize = 3;

/// Prints a file's diagnostics; unclassified lines are summed into one line per file, and
/// so are decoding warnings when there are many (`hint` says what detection would choose).
fn print_diags(
    out: &mut impl Write,
    path: &str,
    diags: &[Diagnostic],
    quiet: bool,
    hint: Option<&str>,
) -> io::Result<()> {
    let min = if quiet {
        Severity::Error
    } else {
        Severity::Warning
    };
    let shown: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity >= min).collect();
    let decoding: Vec<&Diagnostic> = shown
        .iter()
        .copied()
        .filter(|d| is_decoding(d.code) && d.line.is_some())
        .collect();
    let fold_decoding = decoding.len() > DECODING_SHOWN;
    let mut unclassified = 0;
    for d in &shown {
        if d.code == Code::UnclassifiedLine {
            unclassified += 1;
        } else if !(fold_decoding && is_decoding(d.code) && d.line.is_some()) {
            writeln!(out, "{}", d.display(path))?;
        }
    }
    if fold_decoding {
        let mut lines: Vec<usize> = decoding.iter().filter_map(|d| d.line).collect();
        lines.dedup();
        let first = lines.first().copied().unwrap_or(0);
        write!(
            out,
            "{path}:{first}: warning[undecodable_bytes]: {} line(s) do not read as text in this encoding ({} warnings; each is in diagnostics.csv)",
            lines.len(),
            decoding.len()
        )?;
        match hint {
            Some(h) => writeln!(out, "; {h}")?,
            None => writeln!(out)?,
        }
    }
    if unclassified > 0 {
        let first = diags
            .iter()
            .find(|d| d.code == Code::UnclassifiedLine)
            .and_then(|d| d.line)
            .unwrap_or(0);
        writeln!(out, "{path}:{first}: warning[unclassified_line]: {unclassified} line(s) no rule claimed; their text is in diagnostics.csv")?;
    }
    Ok(())
}
