//! Command-line arguments (clap derive). Parsing only; `main.rs` acts on them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub const EXIT_CODES: &str = "Exit codes:\n  0  everything converted (check: no drift)\n  1  check found drift, or --deny-warnings saw warnings\n  2  usage error, bad rules, or at least one file failed";

#[derive(Debug, Parser)]
#[command(name = "giji", version, about = "Turn Japanese meeting minutes (議事概要, 議事録, 会議録) into open-data CSV and JSON", after_help = EXIT_CODES, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HeaderLang {
    /// Column names of SCHEMA.md (`meeting_id`, `title`, …).
    En,
    /// Japanese column titles (`会議ID`, `会議名`, …).
    Ja,
}

/// Limits of the worker process that reads each PDF.
#[derive(Debug, Clone, clap::Args)]
pub struct PdfLimits {
    /// Seconds one PDF may take before it is stopped (`pdf_timeout`).
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub pdf_timeout: f64,
    /// Megabytes of memory one PDF may take before it is stopped (`pdf_memory`).
    #[arg(long, value_name = "MB", default_value_t = 512)]
    pub pdf_memory: u64,
}

/// The one document `explain` and `text` read, and how.
#[derive(Debug, Clone, clap::Args)]
pub struct OneDocument {
    /// One document (.txt, .text or .pdf).
    pub file: PathBuf,
    /// Replace the built-in rule table with this TOML file (PDF repair reads it too).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Force an encoding: utf-8, cp932 (sjis, shift_jis, windows-31j), euc-jp, iso-2022-jp.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    #[command(flatten)]
    pub pdf: PdfLimits,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert minutes files and folders into a dataset folder.
    #[command(
        after_help = "Examples:\n  giji convert                         # seeds/ → out/\n  giji convert minutes/ -o dataset/ --header ja --bom\n  giji convert a.txt b.txt -o out/ --encoding cp932"
    )]
    Convert {
        /// Files and folders (folders are read recursively, sorted by path). Default: seeds/
        inputs: Vec<PathBuf>,
        /// Output folder: absent, empty or a dataset giji wrote; replaced as a whole when the batch completes.
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        /// Replace the output folder even when it is not a giji dataset (its contents are deleted).
        #[arg(long)]
        force: bool,
        /// Write for a spreadsheet: UTF-8 BOM, CRLF line ends, and cells that would run as a formula (=, +, -, @, tab, CR) prefixed with '.
        #[arg(long)]
        excel: bool,
        /// Print only errors.
        #[arg(short, long)]
        quiet: bool,
        /// Force an encoding: utf-8, cp932 (sjis, shift_jis, windows-31j), euc-jp, iso-2022-jp.
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
        /// Replace the built-in rule table with this TOML file.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// Header row language of the CSV files.
        #[arg(long, value_enum, default_value = "en")]
        header: HeaderLang,
        /// Start every CSV with a UTF-8 BOM (for Excel).
        #[arg(long)]
        bom: bool,
        /// Worker threads (default: all cores). Output is the same for any number.
        #[arg(short, long, value_name = "N")]
        jobs: Option<usize>,
        /// Exit 1 when any file has warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// Publisher named in datapackage.json.
        #[arg(long)]
        publisher: Option<String>,
        /// License of the data: an SPDX identifier (CC-BY-4.0, CC0-1.0, ODC-By-1.0 …) or name=…,path=URL[,title=…].
        #[arg(long, default_value = "CC-BY-4.0")]
        license: String,
        /// Title of the data package.
        #[arg(long)]
        title: Option<String>,
        /// `created` of the data package, an ISO 8601 date or date-time (default: the newest meeting date, for reproducible output).
        #[arg(long, value_name = "DATETIME")]
        created: Option<String>,
        /// Convert only part K of N (0 ≤ K < N) into a part dataset, for `giji merge`; a file's part is a stable hash of its path.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Keep each document's rows in DIR and reuse them while its bytes, path, the rules and giji's version stay the same: a re-run converts only new or changed files.
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        #[command(flatten)]
        pdf: PdfLimits,
    },
    /// Join the parts of a sharded run (`convert --shard K/N`) into one dataset, byte-identical to a single convert of all the inputs.
    #[command(
        after_help = "Examples:\n  for k in 0 1 2 3; do giji convert minutes/ --shard $k/4 -o parts/$k; done\n  giji merge parts/0 parts/1 parts/2 parts/3 -o out"
    )]
    Merge {
        /// The part folders, every shard of one run once.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Output folder: absent, empty or a dataset giji wrote; replaced as a whole when the merge completes.
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        /// Replace the output folder even when it is not a giji dataset (its contents are deleted).
        #[arg(long)]
        force: bool,
        /// Print only errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Re-convert fixture cases (DIR/<case>/input.*) and compare with DIR/<case>/expected/.
    #[command(
        after_help = "Examples:\n  giji check fixtures\n  giji check fixtures/seed-digital-dx   # one case\n  giji check fixtures --bless   # accept the new output"
    )]
    Check {
        /// A folder of cases (DIR/<case>/input.*), or one case folder.
        dir: PathBuf,
        /// Rewrite expected/ of the cases whose output differs, and list them.
        #[arg(long)]
        bless: bool,
        /// Replace the built-in rule table with this TOML file.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        #[command(flatten)]
        pdf: PdfLimits,
    },
    /// Print each line of a document with its zone, the rule that claimed it and its value.
    #[command(after_help = "Example:\n  giji explain seeds/000_780bb8195d2e3bbd.txt")]
    Explain {
        #[command(flatten)]
        doc: OneDocument,
    },
    /// Print the text giji reads from a document (decoded, or extracted from a PDF and repaired), one line per line.
    #[command(
        after_help = "Examples:\n  giji text minutes.pdf            # what giji saw, as pdftotext shows a PDF\n  giji text minutes.pdf --pages    # with a line `--- page N ---` before each page"
    )]
    Text {
        #[command(flatten)]
        doc: OneDocument,
        /// Mark where each page begins (PDF; a text file's form feeds).
        #[arg(long)]
        pages: bool,
    },
    /// Print the built-in rule table, or validate a rule file.
    #[command(
        after_help = "Examples:\n  giji rules --print-default > my-rules.toml\n  giji rules --check my-rules.toml",
        arg_required_else_help = true
    )]
    Rules {
        /// Print the built-in rule table (src/rules/default.toml) to edit a copy.
        #[arg(long)]
        print_default: bool,
        /// Validate a rule file: it loads, every pattern compiles and every example holds.
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
    },
}
