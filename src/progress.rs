//! The one place that touches indicatif: a bar on stderr for batches, drawn only when
//! stderr is a terminal and `--quiet` is not given. Lines printed through it never tear it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar, or nothing when stderr is not a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// `total` files; hidden unless stderr is a terminal and `enabled`.
    pub fn new(total: usize, enabled: bool) -> Progress {
        if !enabled || !std::io::stderr().is_terminal() || total < 2 {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {per_sec}  ETA {eta}  {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Progress { bar: Some(bar) }
    }

    /// One file done; `name` is shown as the current file.
    pub fn done(&self, name: &str) {
        if let Some(b) = &self.bar {
            b.set_message(name.to_string());
            b.inc(1);
        }
    }

    /// Prints a line above the bar (or plainly to stderr without one).
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
