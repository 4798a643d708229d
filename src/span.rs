//! Provenance: the lines (and page) of the decoded text a value came from, and the rule
//! that produced it. A line number means the same in CSV, JSON, stderr and `explain`.

use serde::Serialize;

/// A range of source lines, numbered from 1 in the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    pub line_start: usize,
    pub line_end: usize,
    /// PDF input only: the page the span starts on.
    pub page: Option<usize>,
}

impl Span {
    pub fn line(no: usize, page: Option<usize>) -> Self {
        Span {
            line_start: no,
            line_end: no,
            page,
        }
    }

    /// Widens the span to also cover `no`.
    pub fn extend_to(&mut self, no: usize) {
        self.line_start = self.line_start.min(no);
        self.line_end = self.line_end.max(no);
    }
}

/// A value with where it came from and the id of the rule that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
    pub rule: String,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span, rule: impl Into<String>) -> Self {
        Spanned {
            value,
            span,
            rule: rule.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extend_covers_both_ends() {
        let mut s = Span::line(5, None);
        s.extend_to(8);
        s.extend_to(3);
        assert_eq!((s.line_start, s.line_end), (3, 8));
    }
}
