//! Decoded text → numbered lines. Splits on CRLF, CR and LF (so a line number is the same
//! whatever the encoding), repairs converter residue, and builds the width-folded *key*
//! that rules match on. The key is folded char for char, so a match range in the key maps
//! to the same characters of the printed line; values are cut from the printed line.

use std::ops::Range;

/// One line of the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Line number in the decoded text, from 1.
    pub no: usize,
    /// PDF input only: the page the line is on.
    pub page: Option<usize>,
    /// The line exactly as decoded, without its line end (provenance).
    pub raw: String,
    /// The line after text repair; values are cut from here.
    pub text: String,
    /// `text` folded for matching: full-width ASCII → ASCII, U+3000 → space.
    pub key: String,
}

impl Line {
    pub fn new(no: usize, page: Option<usize>, raw: &str) -> Self {
        let text = repair(raw);
        let key = key_of(&text);
        Line {
            no,
            page,
            raw: raw.to_string(),
            text,
            key,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.key.trim().is_empty()
    }

    /// The key without its leading white space (where rules are anchored), and the byte
    /// offset at which it starts in `key`.
    pub fn body(&self) -> (usize, &str) {
        let body = self.key.trim_start();
        (self.key.len() - body.len(), body)
    }

    /// A capture group of a match on `body()`, cut from the printed line and normalized;
    /// `None` when the group did not take part or is empty.
    pub fn value(&self, c: &regex::Captures, name: &str) -> Option<String> {
        let (offset, _) = self.body();
        let m = c.name(name)?;
        Some(normalize_value(
            self.cut(offset + m.start()..offset + m.end()),
        ))
        .filter(|v| !v.is_empty())
    }

    /// The printed characters that a byte range of the key covers.
    pub fn cut(&self, key_range: Range<usize>) -> &str {
        let start_char = self.key[..key_range.start].chars().count();
        let len_chars = self.key[key_range].chars().count();
        let mut idx = self.text.char_indices().map(|(i, _)| i).skip(start_char);
        let start = idx.next().unwrap_or(self.text.len());
        let end = self
            .text
            .char_indices()
            .map(|(i, _)| i)
            .nth(start_char + len_chars)
            .unwrap_or(self.text.len());
        &self.text[start..end]
    }
}

/// Splits decoded text into lines. `page_starts` holds the byte offsets at which pages
/// start (PDF input); empty for text input.
pub fn lines(text: &str, page_starts: &[usize]) -> Vec<Line> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let page_of = |offset: usize| -> Option<usize> {
        if page_starts.is_empty() {
            None
        } else {
            Some(page_starts.partition_point(|&p| p <= offset).max(1))
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                out.push(Line::new(out.len() + 1, page_of(start), &text[start..i]));
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push(Line::new(out.len() + 1, page_of(start), &text[start..]));
    }
    out
}

/// Folds one character for matching.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\t' => ' ',
        _ => c,
    }
}

/// The match key of a text: same number of characters, width-folded.
pub fn key_of(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Kana, kanji and the iteration mark: the characters between which a PDF converter's
/// space is noise.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{3005}' | '\u{3006}' | '\u{31F0}'..='\u{31FF}')
}

fn is_latin_or_digit(c: char) -> bool {
    let f = fold_char(c);
    f.is_ascii_alphanumeric()
}

/// Removes single ASCII spaces that a PDF-to-text tool put between Japanese and Latin
/// letters or digits (`自治体 DX 推進` → `自治体DX推進`). Runs of two or more spaces and
/// U+3000 are alignment and are left alone here: roster columns depend on them.
pub fn remove_cjk_latin_spaces(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let content_start = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(0);
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            // A leading number is list numbering (`1 答申事項`), not a wrapped word.
            let run_start = (0..i)
                .rev()
                .take_while(|&j| is_latin_or_digit(chars[j]))
                .last()
                .unwrap_or(i);
            let leading = is_latin_or_digit(a) && run_start == content_start;
            let lone = a != ' ' && b != ' ' && !leading;
            if lone
                && ((is_japanese(a) && is_latin_or_digit(b))
                    || (is_latin_or_digit(a) && is_japanese(b)))
            {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Text repair before the rules: trailing white space, converter bullet residue
/// (`- ・` from list extraction becomes `・`), and PDF spacing between scripts.
pub fn repair(raw: &str) -> String {
    let trimmed = raw.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let trimmed = trimmed.trim_start_matches('\u{FEFF}');
    let lead = trimmed.len() - trimmed.trim_start().len();
    let body = &trimmed[lead..];
    // `- ・ text` is a bullet that went through two list converters; keep one bullet.
    let body = match body.strip_prefix('-') {
        Some(rest) if rest.trim_start().starts_with(['・', '•']) => rest.trim_start(),
        _ => body,
    };
    let mut out = String::with_capacity(trimmed.len());
    out.push_str(&trimmed[..lead]);
    out.push_str(&remove_cjk_latin_spaces(body));
    out
}

/// Output normalization of a value (SCHEMA.md conventions): full-width digits and Latin
/// letters become half-width, white-space runs fold to one space, the value is trimmed,
/// and spaces between Japanese and Latin characters are removed. Full-width punctuation
/// is kept as printed; no NFKC (it would turn `①` into `1`).
pub fn normalize_value(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.chars() {
        let c = match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => fold_char(c),
            c if c.is_whitespace() || c == '\u{3000}' => ' ',
            c => c,
        };
        if c == ' ' {
            if !last_space {
                folded.push(' ');
            }
            last_space = true;
        } else {
            folded.push(c);
            last_space = false;
        }
    }
    let folded = folded.trim_end();
    remove_cjk_latin_spaces(folded)
}

/// A name as printed with inner white space folded to one space (`庄 司   昌 彦` stays
/// readable), and its key without any space for joining across meetings.
pub fn name_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_line_end_style_alike() {
        for text in ["a\nb\n\nc", "a\r\nb\r\n\r\nc", "a\rb\r\rc"] {
            let ls = lines(text, &[]);
            let got: Vec<_> = ls.iter().map(|l| (l.no, l.raw.as_str())).collect();
            assert_eq!(got, vec![(1, "a"), (2, "b"), (3, ""), (4, "c")], "{text:?}");
        }
    }

    #[test]
    fn key_folds_width_char_for_char() {
        let l = Line::new(
            1,
            None,
            "○開催日時：令和４年７月２８日（木）１０：００～１１：００",
        );
        assert_eq!(l.key, "○開催日時:令和4年7月28日(木)10:00~11:00");
        assert_eq!(l.key.chars().count(), l.text.chars().count());
        let start = l.key.find("令和").unwrap();
        assert_eq!(
            l.cut(start..l.key.len()),
            "令和４年７月２８日（木）１０：００～１１：００"
        );
    }

    #[test]
    fn repairs_spacing_and_bullet_residue() {
        assert_eq!(
            repair("- ・ 統一・標準化は 20 業務の推進"),
            "・ 統一・標準化は20業務の推進"
        );
        assert_eq!(repair("【自治体 DX 推進計画】  "), "【自治体DX推進計画】");
        assert_eq!(repair("1 答申事項"), "1 答申事項");
        // alignment runs survive: roster columns depend on them
        assert_eq!(repair("１番　　むらまつ　勝康"), "１番　　むらまつ　勝康");
    }

    #[test]
    fn normalizes_values() {
        assert_eq!(
            normalize_value("  自治体 DX 推進計画改定案の修正案等について　等 "),
            "自治体DX推進計画改定案の修正案等について 等"
        );
        assert_eq!(
            normalize_value("ＳＤＧｓ推進担当部長（１）"),
            "SDGs推進担当部長（1）"
        );
        assert_eq!(normalize_value("牛　山　　　正"), "牛 山 正");
    }

    #[test]
    fn assigns_pages_from_offsets() {
        let ls = lines("p1\np1b\np2", &[0, 7]);
        assert_eq!(
            ls.iter().map(|l| l.page).collect::<Vec<_>>(),
            vec![Some(1), Some(1), Some(2)]
        );
    }
}
