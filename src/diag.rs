//! Diagnostics: what went wrong or was left over, with where it happened. Every stage
//! appends to a `Vec<Diagnostic>` instead of aborting; `emit` writes them to
//! `diagnostics.csv` and the CLI prints them as `path:line: severity[code]: message`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The closed set of diagnostic codes. Codes are part of the output contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The file could not be read.
    ReadFailed,
    /// Bytes that do not decode in the chosen encoding (kept as U+FFFD).
    UndecodableBytes,
    /// The encoding was a guess between candidates that all decode.
    EncodingGuessed,
    /// Private-use characters (外字) after decoding.
    Gaiji,
    /// The file holds no text at all.
    EmptyDocument,
    /// A non-blank line that no rule claimed; its text is kept here.
    UnclassifiedLine,
    /// No meeting date was found in the header.
    DateNotFound,
    /// A date that does not exist (2月30日) or that lies outside its era.
    DateInvalid,
    /// The weekday printed with a date is not that date's weekday.
    WeekdayMismatch,
    /// No title was found.
    TitleNotFound,
    /// An attendance mark with no attendee to attach it to.
    OrphanMark,
    /// A printed head count differs from the rows found.
    CountMismatch,
    /// The input is not a kind of file giji reads.
    UnsupportedInput,
    /// Two inputs would produce the same meeting_id.
    DuplicateMeetingId,
    /// A line of the publishing site (portal chrome) before the title.
    SiteChrome,
    /// A title in a roster column with no name under it before the group ended.
    TitleWithoutName,
    /// A PDF whose pages are images only: OCR is needed.
    NoTextLayer,
    /// A PDF with a user password.
    PdfEncrypted,
    /// A truncated or corrupt PDF.
    PdfCorrupt,
    /// The cross-reference table was rebuilt by scanning the file (warning).
    PdfRepaired,
    /// Pages are missing from a cut-off or damaged file (warning).
    PdfTruncated,
    /// A PDF whose text is mostly replacement, control or private-use characters, or not
    /// Japanese at all (a font without a map to Unicode).
    PdfTextGarbled,
    /// The PDF reader panicked, or its worker process crashed.
    PdfPanic,
    /// The PDF took longer than the time limit.
    PdfTimeout,
    /// The PDF needed more memory than the limit.
    PdfMemory,
    /// The PDF worker process could not be started.
    PdfWorker,
    /// Text set top to bottom (info): read column by column, right to left.
    VerticalText,
    /// Page numbers and running headers or footers removed from a PDF's text.
    PageFurnitureRemoved,
    /// The file is binary data, not text.
    NotText,
    /// Lines of one file in two encodings.
    MixedEncodings,
    /// Control characters (NUL, …) inside a line, removed from its values.
    ControlCharacters,
    /// Nothing in the file looks like minutes.
    NotMinutes,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::ReadFailed => "read_failed",
            Code::UndecodableBytes => "undecodable_bytes",
            Code::EncodingGuessed => "encoding_guessed",
            Code::Gaiji => "gaiji",
            Code::EmptyDocument => "empty_document",
            Code::UnclassifiedLine => "unclassified_line",
            Code::DateNotFound => "date_not_found",
            Code::DateInvalid => "date_invalid",
            Code::WeekdayMismatch => "weekday_mismatch",
            Code::TitleNotFound => "title_not_found",
            Code::OrphanMark => "orphan_mark",
            Code::CountMismatch => "count_mismatch",
            Code::UnsupportedInput => "unsupported_input",
            Code::DuplicateMeetingId => "duplicate_meeting_id",
            Code::TitleWithoutName => "title_without_name",
            Code::SiteChrome => "site_chrome",
            Code::NoTextLayer => "no_text_layer",
            Code::PdfEncrypted => "pdf_encrypted",
            Code::PdfCorrupt => "pdf_corrupt",
            Code::PdfRepaired => "pdf_repaired",
            Code::PdfTruncated => "pdf_truncated",
            Code::PdfTextGarbled => "pdf_text_garbled",
            Code::PdfPanic => "pdf_panic",
            Code::PdfTimeout => "pdf_timeout",
            Code::PdfMemory => "pdf_memory",
            Code::PdfWorker => "pdf_worker",
            Code::VerticalText => "vertical_text",
            Code::PageFurnitureRemoved => "page_furniture_removed",
            Code::NotText => "not_text",
            Code::MixedEncodings => "mixed_encodings",
            Code::ControlCharacters => "control_characters",
            Code::NotMinutes => "not_minutes",
        }
    }

    /// The PDF codes a worker process reports, by name: its failures and the damage it
    /// read around.
    pub fn pdf_code(name: &str) -> Option<Code> {
        [
            Code::PdfRepaired,
            Code::PdfTruncated,
            Code::NoTextLayer,
            Code::PdfEncrypted,
            Code::PdfCorrupt,
            Code::PdfTextGarbled,
            Code::PdfPanic,
            Code::PdfTimeout,
            Code::PdfMemory,
        ]
        .into_iter()
        .find(|c| c.as_str() == name)
    }
}

/// One problem or left-over, located in the decoded text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// Line in the decoded text, from 1; `None` for the whole file.
    pub line: Option<usize>,
    pub page: Option<usize>,
    /// The line concerned, as printed (for `unclassified_line`, the data that was not placed).
    pub text: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            line: None,
            page: None,
            text: None,
        }
    }

    pub fn at(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// `path:line: severity[code]: message`, the shape editors jump to.
    pub fn display<'a>(&'a self, path: &'a str) -> impl fmt::Display + 'a {
        DisplayDiag { diag: self, path }
    }
}

struct DisplayDiag<'a> {
    diag: &'a Diagnostic,
    path: &'a str,
}

impl fmt::Display for DisplayDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diag;
        match d.line {
            Some(line) => write!(f, "{}:{}: ", self.path, line)?,
            None => write!(f, "{}: ", self.path)?,
        }
        write!(
            f,
            "{}[{}]: {}",
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_with_location_first() {
        let d = Diagnostic::new(
            Severity::Warning,
            Code::UnclassifiedLine,
            "no rule claimed this line",
        )
        .at(12);
        assert_eq!(
            d.display("a/b.txt").to_string(),
            "a/b.txt:12: warning[unclassified_line]: no rule claimed this line"
        );
        let d = Diagnostic::new(Severity::Error, Code::ReadFailed, "gone");
        assert_eq!(d.display("x").to_string(), "x: error[read_failed]: gone");
    }

    #[test]
    fn severities_order_by_badness() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
    }
}
