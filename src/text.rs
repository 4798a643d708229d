//! Decoded text → numbered lines. Splits on CRLF, CR and LF (so a line number is the same
//! whatever the encoding), repairs converter residue, and builds the width-folded *key*
//! that rules match on. The key is folded char for char, so a match range in the key maps
//! to the same characters of the printed line; values are cut from the printed line.

use std::ops::Range;

use crate::decode::{is_private_use, Decoded};
use crate::diag::{Code, Diagnostic, Severity};

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

    /// The display column (full-width characters count two) at a byte offset of the key:
    /// where a cell of a laid-out line starts.
    pub fn column(&self, key_offset: usize) -> usize {
        use unicode_width::UnicodeWidthChar;
        let n = self.key[..key_offset].chars().count();
        self.text
            .chars()
            .take(n)
            .map(|c| c.width().unwrap_or(0))
            .sum()
    }

    /// The printed characters that a byte range of the key covers.
    pub fn cut(&self, key_range: Range<usize>) -> &str {
        cut_folded(&self.text, &self.key, key_range)
    }
}

/// The characters of `text` that a byte range of its key (`key_of(text)`) covers.
pub fn cut_folded<'t>(text: &'t str, key: &str, key_range: Range<usize>) -> &'t str {
    let start_char = key[..key_range.start].chars().count();
    let len_chars = key[key_range].chars().count();
    let mut offsets = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let start = offsets.nth(start_char).unwrap_or(text.len());
    let end = if len_chars == 0 {
        start
    } else {
        offsets.nth(len_chars - 1).unwrap_or(text.len())
    };
    &text[start..end]
}

/// Matches `re` against the key of a value (so rules see `(` for `（`) and returns each
/// named group, cut from the value as printed.
pub fn folded_groups<'t, const N: usize>(
    text: &'t str,
    re: &regex::Regex,
    names: [&str; N],
) -> Option<[Option<&'t str>; N]> {
    let key = key_of(text);
    let c = re.captures(&key)?;
    Some(names.map(|n| c.name(n).map(|m| cut_folded(text, &key, m.range()))))
}

/// Trims leading white space and colons (`：` too) left between a label and its value.
pub fn trim_label_separator(s: &str) -> &str {
    s.trim_start_matches(|c: char| matches!(fold_char(c), ':' | ' '))
}

/// Splits at runs of two or more white-space characters: the columns of a tabular line.
pub fn split_runs(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if fold_char(c) == ' ' && chars.peek().is_some_and(|&(_, n)| fold_char(n) == ' ') {
            out.push(&s[start..i]);
            while chars.peek().is_some_and(|&(_, n)| fold_char(n) == ' ') {
                chars.next();
            }
            start = chars.peek().map_or(s.len(), |&(j, _)| j);
        }
    }
    out.push(&s[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Splits decoded text into lines, as [`document_lines`] with no line marks.
pub fn lines(text: &str, page_starts: &[usize]) -> Vec<Line> {
    document_lines(text, page_starts, &LineBreaks::default())
}

/// Where a line began in a page flattened onto one line: the rule table's
/// `flattened_line_marks` (each after white space) and its `line_start` rules (a line
/// starts where a match's `at` group starts: `日程第1 …` glued to the line before it).
#[derive(Debug, Clone, Copy, Default)]
pub struct LineBreaks<'r> {
    pub marks: &'r [char],
    pub starts: &'r [regex::Regex],
}

/// Splits a document's decoded text into lines. `page_starts` holds the byte offsets at
/// which pages start (PDF input); empty for text input. A page flattened onto one line is
/// cut back into lines (see `flattened_pieces`; `breaks` come from the rule table).
pub fn document_lines(text: &str, page_starts: &[usize], breaks: &LineBreaks) -> Vec<Line> {
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
    let mut no = 0;
    let mut push = |out: &mut Vec<Line>, start: usize, line: &str| {
        no += 1;
        match flattened_pieces(line, breaks) {
            Some(pieces) => {
                for piece in pieces {
                    out.push(Line::new(no, page_of(start), piece));
                }
            }
            None => out.push(Line::new(no, page_of(start), line)),
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                push(&mut out, start, &text[start..i]);
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
        push(&mut out, start, &text[start..]);
    }
    unbox(out)
}

/// A character that draws a cell's side in a box table (`│`, `┃`, `║`, and the junctions
/// `├ ┤ ┼` a row may print where a side cell is ruled off).
fn is_cell_side(c: char) -> bool {
    matches!(
        c,
        '│' | '┃'
            | '║'
            | '├'
            | '┤'
            | '┼'
            | '┠'
            | '┨'
            | '╂'
            | '┣'
            | '┫'
            | '╋'
            | '╟'
            | '╢'
    )
}

/// A character of box drawing (U+2500–U+257F).
fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c)
}

/// Box-drawing tables (`│出席委員  │ 井 上   茂   新 井 金 作 │`) read as lines: a block of
/// rows between two rules is one table row. Where only one of the block's rows prints a
/// label in the first column (the label centred on a cell several rows high), the label
/// comes first on its own line and then each further column's cells, top to bottom (the
/// value of `日    時` may sit on the rows above and below the label's). Where several rows
/// print one, each row is a line, its cells set off by wide space as a table's are. Rules
/// and every other line stay as they are.
fn unbox(lines: Vec<Line>) -> Vec<Line> {
    let is_row = |l: &Line| l.text.trim_start().starts_with(['│', '┃', '║']);
    if !lines.iter().any(is_row) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut block: Vec<Line> = Vec::new();
    for line in lines {
        if is_row(&line) {
            block.push(line);
            continue;
        }
        out.extend(unbox_block(std::mem::take(&mut block)));
        // A table's rule (`├──────┼──────┤`) draws the grid and says nothing: a blank line,
        // as the space between two rows is. A rule with no corner or junction is a line of
        // dashes, which the rule table reads.
        let grid = line.text.chars().all(|c| is_box(c) || c.is_whitespace())
            && line
                .text
                .chars()
                .any(|c| is_box(c) && !matches!(c, '─' | '━' | '═'));
        if grid {
            out.push(Line::new(line.no, line.page, ""));
        } else {
            out.push(line);
        }
    }
    out.extend(unbox_block(block));
    out
}

/// One block of table rows, as [`unbox`] reads it.
fn unbox_block(rows: Vec<Line>) -> Vec<Line> {
    if rows.is_empty() {
        return rows;
    }
    // The cells of each row, without the outer sides; a cell of rules alone is empty.
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| {
            let t = r.text.trim();
            let t = t.strip_prefix(is_box).unwrap_or(t);
            let t = t.strip_suffix(is_box).unwrap_or(t);
            t.split(is_cell_side)
                .map(|c| {
                    if c.chars().all(|c| is_box(c) || c.is_whitespace()) {
                        ""
                    } else {
                        c.trim()
                    }
                })
                .collect()
        })
        .collect();
    let labelled: Vec<usize> = (0..rows.len())
        .filter(|&r| !cells[r][0].is_empty())
        .collect();
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    let at = |r: usize, text: &str| Line::new(rows[r].no, rows[r].page, text);
    if labelled.len() == 1 && columns >= 2 {
        out.push(at(0, cells[labelled[0]][0]));
        for col in 1..columns {
            for (r, row) in cells.iter().enumerate() {
                if let Some(cell) = row.get(col).filter(|c| !c.is_empty()) {
                    out.push(at(r, cell));
                }
            }
        }
    } else {
        for (r, row) in cells.iter().enumerate() {
            let text: Vec<&str> = row.iter().copied().filter(|c| !c.is_empty()).collect();
            if !text.is_empty() {
                out.push(at(r, &text.join("\u{3000}\u{3000}")));
            }
        }
    }
    out
}

/// A line longer than this, with wide gaps in it, is a page whose line breaks were lost.
const FLATTENED: usize = 240;

/// The lines of a page a site flattened onto one (its HTML's breaks lost: `第 10 回 農業委員会
/// 議事録   令和元年12月19日(木)   文化会館…`): pieces between runs of three or more spaces,
/// which prose never has, before each of `breaks.marks` (`○` …) that follows white space,
/// where a label or a speaker's turn began a line (`…させていただきます。 ○渡部政策評価室長
/// …`), and where a `line_start` rule says a line began (`…午前10時開会日程第1 会議録署名
/// 議員指名日程第2 …`, a rule of dashes glued to both its neighbours). `None` for every other
/// line.
fn flattened_pieces<'t>(line: &'t str, breaks: &LineBreaks) -> Option<Vec<&'t str>> {
    if line.len() <= FLATTENED || line.chars().count() <= FLATTENED {
        return None;
    }
    let ruled = rule_starts(line, breaks.starts);
    let mut ruled = ruled.iter().peekable();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut run_start = None;
    let mut run = 0;
    let cut = |pieces: &mut Vec<&'t str>, start: &mut usize, end: usize, next: usize| {
        if !line[*start..end].trim().is_empty() {
            pieces.push(&line[*start..end]);
        }
        *start = next;
    };
    for (at, c) in line.char_indices() {
        if ruled.next_if(|&&r| r <= at).is_some() {
            while ruled.next_if(|&&r| r <= at).is_some() {}
            if at > start {
                // The white space before a block is the gap between two lines, no piece's.
                let end = start + line[start..at].trim_end().len();
                cut(&mut pieces, &mut start, end, at);
            }
        }
        if is_gap(c) {
            if run == 0 {
                run_start = Some(at);
            }
            run += 1;
            continue;
        }
        let gap = run >= 3 && run_start.is_some_and(|rs| !letter_spaced(line, rs, at));
        if gap || (run >= 1 && breaks.marks.contains(&c)) {
            if let Some(rs) = run_start.filter(|&rs| rs >= start) {
                cut(&mut pieces, &mut start, rs, at);
            }
        }
        run = 0;
    }
    if !line[start..].trim().is_empty() {
        pieces.push(&line[start..]);
    }
    (pieces.len() >= 4).then_some(pieces)
}

/// A character of the white space that lays out a flattened page.
fn is_gap(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t'
}

/// Whether the white space from `gap` to `next` spaces out the letters of one word: a
/// single character stands alone on each side (`市     長`, `2 場    所`, `佐 藤   昇`), as a
/// table sets a short post or name to the width of its column. A cell break has a word
/// of two characters or more on one side (`委員長   そうだ 次 郎`).
fn letter_spaced(line: &str, gap: usize, next: usize) -> bool {
    let blank = is_gap;
    let mut before = line[..gap].chars().rev();
    let mut after = line[next..].chars();
    let lone_before = before.next().is_some_and(|c| !blank(c)) && before.next().is_none_or(blank);
    let lone_after = after.next().is_some_and(|c| !blank(c)) && after.next().is_none_or(blank);
    lone_before && lone_after
}

/// The byte offsets of `line` where a `line_start` rule's `at` group starts, in order.
/// The rules match the key, folded char for char, so offsets are mapped through chars.
fn rule_starts(line: &str, starts: &[regex::Regex]) -> Vec<usize> {
    if starts.is_empty() {
        return Vec::new();
    }
    let key = key_of(line);
    let mut in_key: Vec<usize> = starts
        .iter()
        .flat_map(|re| re.captures_iter(&key).filter_map(|c| c.name("at")))
        .map(|m| m.start())
        .filter(|&at| at > 0)
        .collect();
    in_key.sort_unstable();
    in_key.dedup();
    // Key offset → line offset: the n-th char of the key is the n-th char of the line.
    let mut out = Vec::with_capacity(in_key.len());
    let mut wanted = in_key.iter().peekable();
    for ((k, _), (l, _)) in key.char_indices().zip(line.char_indices()) {
        while wanted.next_if(|&&w| w <= k).is_some() {
            out.push(l);
        }
        if wanted.peek().is_none() {
            break;
        }
    }
    out
}

/// Per-line diagnostics of the decoding: bytes that did not decode (U+FFFD, when the
/// decoder reported errors) and private-use characters (外字), counted on the lines as
/// numbered here, so the line numbers agree with every other output.
pub fn decoding_diagnostics(decoded: &Decoded, lines: &[Line]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for line in lines {
        // Nothing to report on most lines: no replacement, private-use or control
        // characters. Private-use characters are three- or four-byte UTF-8 starting with
        // 0xEE, 0xEF or 0xF3/0xF4; a control character is a byte below 0x20 or 0x7F/0xC2.
        let bytes = line.raw.as_bytes();
        let suspect = bytes
            .iter()
            .any(|&b| matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F | 0xC2 | 0xEE | 0xEF | 0xF3 | 0xF4));
        if !suspect {
            continue;
        }
        let bad = if decoded.had_errors {
            line.raw.matches('\u{FFFD}').count()
        } else {
            0
        };
        if bad > 0 {
            out.push(
                Diagnostic::new(
                    Severity::Warning,
                    Code::UndecodableBytes,
                    format!(
                        "{bad} byte sequence(s) do not decode as {}; kept as U+FFFD",
                        decoded.encoding
                    ),
                )
                .at(line.no),
            );
        }
        let controls = line.raw.chars().filter(|&c| is_stray_control(c)).count();
        if controls > 0 {
            out.push(
                Diagnostic::new(
                    Severity::Warning,
                    Code::ControlCharacters,
                    format!("{controls} control character(s) (NUL, …) in the line; removed from its values"),
                )
                .at(line.no),
            );
        }
        let pua = line.raw.chars().filter(|&c| is_private_use(c)).count();
        if pua > 0 {
            out.push(
                Diagnostic::new(Severity::Warning, Code::Gaiji, format!("{pua} private-use character(s) (gaiji, user-defined); they have no standard meaning"))
                    .at(line.no),
            );
        }
    }
    out
}

/// A control character that has no place in a line of text (tab and form feed do).
pub fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\u{c}' | '\r' | '\n')
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
    without_cjk_latin_spaces(s).into_owned()
}

/// As [`remove_cjk_latin_spaces`], borrowing `s` where it has no ASCII space (most lines).
fn without_cjk_latin_spaces(s: &str) -> std::borrow::Cow<'_, str> {
    // Only a space between a Japanese character and a Latin letter or digit can go: most
    // lines have none, and are kept as they are without the full pass.
    let mut prev = None;
    let mut chars = s.chars().peekable();
    let mut candidate = false;
    while let Some(c) = chars.next() {
        if let (' ', Some(a), Some(&b)) = (c, prev, chars.peek()) {
            if (is_japanese(a) && is_latin_or_digit(b)) || (is_latin_or_digit(a) && is_japanese(b))
            {
                candidate = true;
                break;
            }
        }
        prev = Some(c);
    }
    if !candidate {
        return std::borrow::Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let content_start = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(0);
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            // A leading number is list numbering (`1 答申事項`), not a wrapped word; but
            // not before its counter (`10 番` is a seat).
            let run_start = (0..i)
                .rev()
                .take_while(|&j| is_latin_or_digit(chars[j]))
                .last()
                .unwrap_or(i);
            let leading =
                is_latin_or_digit(a) && run_start == content_start && !matches!(b, '番' | '号');
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
    std::borrow::Cow::Owned(out)
}

/// Text repair before the rules: trailing white space, converter bullet residue
/// (`- ・` from list extraction becomes `・`), and PDF spacing between scripts.
pub fn repair(raw: &str) -> String {
    let cleaned: String;
    let raw = if raw.chars().any(is_stray_control) {
        cleaned = raw.chars().filter(|&c| !is_stray_control(c)).collect();
        &cleaned
    } else {
        raw
    };
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
    folded.truncate(folded.trim_end().len());
    match without_cjk_latin_spaces(&folded) {
        std::borrow::Cow::Borrowed(_) => folded,
        std::borrow::Cow::Owned(removed) => removed,
    }
}

/// Closes up a word printed letter-spaced in a normalized value: single Japanese letters
/// each set off by one space (`農 業 委 員 会 議 事 録` → `農業委員会議事録`,
/// `第1回(臨時)岡 垣 町 議 会 会 議 録(第1日)` → `第1回(臨時)岡垣町議会会議録(第1日)`), as a
/// heading is spread to the width of its line. The run's first letter may be glued to what
/// stands before it and its last to what follows; at least two lone letters stand between
/// (or three lone letters in all), so two short words (`原 勇 委員会`) stay apart.
pub fn close_letter_spacing(s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    let lone = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(is_japanese) && c.next().is_none()
    };
    let ends_in_letter = |w: &str| w.chars().last().is_some_and(is_japanese);
    let starts_with_letter = |w: &str| w.chars().next().is_some_and(is_japanese);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < words.len() {
        if i > 0 {
            out.push(' ');
        }
        let inner = words[i + 1..].iter().take_while(|w| lone(w)).count();
        let j = i + 1 + inner;
        let letters = inner + usize::from(lone(words[i]));
        if ends_in_letter(words[i]) && (inner >= 2 || letters >= 3) {
            let glued_tail = inner >= 2 && words.get(j).is_some_and(|w| starts_with_letter(w));
            let end = j + usize::from(glued_tail);
            words[i..end].iter().for_each(|w| out.push_str(w));
            i = end;
        } else {
            out.push_str(words[i]);
            i += 1;
        }
    }
    out
}

/// A name as printed with inner white space folded to one space (`庄 司   昌 彦` stays
/// readable), and its key without any space for joining across meetings.
pub fn name_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Cuts what `re` matches in the key of `text` out of the printed text.
pub fn remove_matches(text: &str, re: &regex::Regex) -> String {
    let key = key_of(text);
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![true; chars.len()];
    for m in re.find_iter(&key) {
        let (a, b) = (
            key[..m.start()].chars().count(),
            key[..m.end()].chars().count(),
        );
        keep[a..b].iter_mut().for_each(|k| *k = false);
    }
    chars
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c)
        .collect()
}

/// Appends a wrapped line: no space between Japanese characters, one between Latin words.
pub fn join_wrapped(text: &mut String, more: &str) {
    let needs_space = text
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && more
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if needs_space {
        text.push(' ');
    }
    text.push_str(more);
}

#[cfg(test)]
mod tests {
    const MARK: LineBreaks = LineBreaks {
        marks: &['○'],
        starts: &[],
    };

    /// A page flattened onto one line comes back as its blocks, all numbered as that line;
    /// a long speech with a wide gap or two stays one line.
    /// A flattened transcript comes back a turn a line: each `○` after white space began
    /// a line. In a line of ordinary length the same mark stays where it is.
    #[test]
    fn flattened_page_is_split_before_each_mark_after_a_space() {
        let said = "よろしくお願いいたします。".repeat(8);
        let page =
            format!("議事録 ○奥村委員長 それでは、{said} ○樋口審議官 {said} ○渡部室長 {said}");
        let got: Vec<String> = document_lines(&page, &[], &MARK)
            .into_iter()
            .map(|l| l.raw)
            .collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], "議事録");
        assert!(got[1].starts_with("○奥村委員長 それでは、"));
        assert!(got[3].starts_with("○渡部室長 "));
        let short = "議事録 ○奥村委員長 それでは、開会します。";
        assert_eq!(document_lines(short, &[], &MARK).len(), 1);
    }

    #[test]
    fn flattened_page_is_split_at_wide_gaps() {
        let speech = format!(
            "○議長（山田太郎君）　　{}",
            "ただいまから会議を開きます。".repeat(30)
        );
        let page = format!(
            "第 10 回 農 業 委 員 会 議 事 録   令和元年12月19日(木)   文化会館たづくり 1001学習室   開会時間  午後3時6分   {}",
            "議事の内容を記す。".repeat(30)
        );
        let got = document_lines(&format!("{speech}\n{page}\n"), &[], &MARK);
        assert_eq!(got[0].text, speech);
        let rest: Vec<(usize, &str)> = got[1..].iter().map(|l| (l.no, l.raw.as_str())).collect();
        assert_eq!(rest.len(), 5, "{rest:?}");
        assert_eq!(rest[0], (2, "第 10 回 農 業 委 員 会 議 事 録"));
        assert_eq!(rest[1], (2, "令和元年12月19日(木)"));
        assert!(rest.iter().all(|(no, _)| *no == 2));
    }

    /// A record flattened onto one line with no gap before its blocks is cut where the
    /// rule table's `line_start` rules say a line began; full-width characters before a
    /// cut (the key is folded char for char, not byte for byte) move no cut.
    #[test]
    fn flattened_record_is_cut_where_line_start_rules_say() {
        let rules = crate::rules::RuleSet::builtin().expect("built-in rules load");
        let page = format!(
            "{}議事日程（第１号）    令和5年9月12日(火)午前9時30分開会日程第1 会議録署名議員の指名日程第2 会期の決定{}出席議員(8名)     1番  青木一郎君      2番  石井 誠君     3番  上田花子君      4番  遠藤 学君     5番  小川健二君      6番  加藤和子君     7番  木村 剛君      8番  工藤正彦欠席議員(1名)     9番  佐々木進{}",
            "令和５年架空町議会９月定例会会議録",
            "-".repeat(30),
            "-".repeat(30),
        );
        let got: Vec<String> = document_lines(&page, &[], &rules.line_breaks())
            .into_iter()
            .map(|l| l.raw)
            .collect();
        let want = [
            "令和５年架空町議会９月定例会会議録",
            "議事日程（第１号）",
            "令和5年9月12日(火)午前9時30分開会",
            "日程第1 会議録署名議員の指名",
            "日程第2 会期の決定",
        ];
        assert_eq!(&got[..5], &want, "{got:?}");
        assert!(got.contains(&"出席議員(8名)".to_string()), "{got:?}");
        assert!(got.contains(&"8番  工藤正彦".to_string()), "{got:?}");
        assert!(got.contains(&"欠席議員(1名)".to_string()), "{got:?}");
        assert!(
            got.iter().filter(|l| l.starts_with("----")).count() == 2,
            "{got:?}"
        );
    }

    /// A gap between two lone characters spaces out one word (`市     長`, `2 場    所`): no
    /// cut there; a gap after a word of two characters or more is a cell break.
    #[test]
    fn a_letter_spaced_heading_is_closed_up() {
        assert_eq!(
            close_letter_spacing("第10回 農 業 委 員 会 議 事 録"),
            "第10回農業委員会議事録"
        );
        assert_eq!(
            close_letter_spacing("第1回(臨時)岡 垣 町 議 会 会 議 録(第1日)"),
            "第1回(臨時)岡垣町議会会議録(第1日)"
        );
        assert_eq!(
            close_letter_spacing("令和 2年 2月 定例会"),
            "令和 2年 2月 定例会"
        );
        assert_eq!(close_letter_spacing("岡 垣 町 議 会"), "岡垣町議会");
        // Two lone characters may be a name's parts; words stay apart.
        assert_eq!(
            close_letter_spacing("原 勇 委員会 議事録"),
            "原 勇 委員会 議事録"
        );
    }

    #[test]
    fn letter_spaced_words_are_not_cut() {
        let row = "市     長  石井由己雄";
        assert!(letter_spaced(row, 3, 8));
        let label = "2 場    所 第一委員会室";
        assert!(letter_spaced(label, 5, 9));
        let cells = "委員長   そうだ 次 郎";
        assert!(!letter_spaced(cells, 9, 12));
    }

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
        assert_eq!(
            repair("　　10 番　　千　葉　浩　規　議員"),
            "　　10番　　千　葉　浩　規　議員"
        );
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
    fn undecodable_bytes_are_reported_by_line() {
        use crate::decode::decode;
        use encoding_rs::SHIFT_JIS;
        let mut bytes = SHIFT_JIS.encode("一行目\n二行目\n").0.into_owned();
        bytes.extend_from_slice(b"\x81\n");
        let d = decode(&bytes, Some(SHIFT_JIS));
        assert!(d.text.contains('\u{FFFD}'));
        let diags = decoding_diagnostics(&d, &lines(&d.text, &[]));
        let lines: Vec<_> = diags
            .iter()
            .filter(|x| x.code == Code::UndecodableBytes)
            .map(|x| x.line)
            .collect();
        assert_eq!(lines, vec![Some(3)]);
    }

    #[test]
    fn private_use_is_gaiji() {
        let d = crate::decode::decode("a\r\nb\u{E001}c\n".as_bytes(), None);
        let diags = decoding_diagnostics(&d, &lines(&d.text, &[]));
        let g: Vec<_> = diags
            .iter()
            .filter(|x| x.code == Code::Gaiji)
            .map(|x| x.line)
            .collect();
        assert_eq!(g, vec![Some(2)]);
    }

    #[test]
    fn folded_helpers() {
        assert_eq!(
            split_runs("堀場 勇夫(会長)  宗田 友子\u{3000}\u{3000}植木 利幸 "),
            ["堀場 勇夫(会長)", "宗田 友子", "植木 利幸"]
        );
        assert_eq!(trim_label_separator("：　値"), "値");
        let re = regex::Regex::new(r"^(?P<head>.*)\((?P<inner>[^()]*)\)$").unwrap();
        assert_eq!(
            folded_groups("名（所属）", &re, ["head", "inner"]),
            Some([Some("名"), Some("所属")])
        );
        assert_eq!(cut_folded("ａｂ", "ab", 1..2), "ｂ");
        assert_eq!(cut_folded("ａｂ", "ab", 2..2), "");
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
