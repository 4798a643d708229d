//! 表題・日時・場所 (header) parser: title and document type, session number, date and
//! times, venue and the attendance note, from the header zone and from the label lines
//! that open the other zones.

use crate::date::{find_date, find_time, DateProblem};
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::Header;
use crate::rules::{Field, Kind, RuleSet};
use crate::span::{Span, Spanned};
use crate::text::{normalize_value, Line};

use super::zones::{is_document_type_line, ZoneKind, Zoned};
use super::LineLabel;

fn spanned<T>(value: T, line: &Line, rule: &str) -> Spanned<T> {
    Spanned::new(value, Span::line(line.no, line.page), rule)
}

/// The document type named in `key`, longest name first.
pub fn document_type(key: &str, rules: &RuleSet) -> Option<String> {
    let squeezed: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    // The rule table sorts the types longest first at load.
    // `参議院会議録情報`, `地方議会議事録検索`: a site that serves records, not a record.
    let names_a_site = |rest: &str| {
        rules
            .words
            .document_type_site_words
            .iter()
            .any(|w| rest.starts_with(w.as_str()))
    };
    rules
        .words
        .document_types
        .iter()
        .find(|t| {
            squeezed
                .match_indices(t.as_str())
                .any(|(at, _)| !names_a_site(&squeezed[at + t.len()..]))
        })
        .cloned()
}

/// Reads a date, and the times after it, from the key from `key_start` on; returns
/// whether a date was found.
fn take_date(
    header: &mut Header,
    line: &Line,
    key_start: usize,
    rule: &str,
    rules: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let key = &line.key[key_start..];
    let Some(hit) = find_date(key, rules) else {
        return false;
    };
    if header.date.is_some() {
        return true;
    }
    match &hit.problem {
        Some(DateProblem::WeekdayMismatch { printed, actual }) => diags.push(
            Diagnostic::new(
                Severity::Warning,
                Code::WeekdayMismatch,
                format!(
                    "{} falls on {actual}, but the line prints {printed}",
                    hit.date
                ),
            )
            .at(line.no),
        ),
        Some(DateProblem::Inconsistent(msg)) => diags
            .push(Diagnostic::new(Severity::Warning, Code::DateInvalid, msg.clone()).at(line.no)),
        None => {}
    }
    header.date = Some(spanned(hit.date, line, &hit.rule));
    let text = normalize_value(line.cut(key_start + hit.range.start..line.key.len()));
    header.date_text = Some(spanned(text, line, rule));
    take_time(header, line, key_start + hit.range.end, rules);
    true
}

/// Forgets a date read from the page's heading, and its times, for the record's own.
fn reset_date(h: &mut Header) {
    h.date = None;
    h.date_text = None;
    h.start_time = None;
    h.end_time = None;
}

fn take_time(header: &mut Header, line: &Line, key_start: usize, rules: &RuleSet) -> bool {
    let Some((span, rule)) = find_time(&line.key[key_start..], rules) else {
        return false;
    };
    if header.start_time.is_none() {
        header.start_time = span.start.map(|t| spanned(t, line, &rule));
    }
    if header.end_time.is_none() {
        header.end_time = span.end.map(|t| spanned(t, line, &rule));
    }
    true
}

/// Fills the header from the header zone and every label line.
pub fn parse(
    lines: &[Line],
    zoned: &[Zoned],
    rules: &RuleSet,
    labels: &mut [LineLabel],
    diags: &mut Vec<Diagnostic>,
) -> Header {
    let mut h = Header::default();
    let mut title_lines: Vec<usize> = Vec::new();
    // Where each title line's title ends in its key (a dated title is cut after its type).
    let mut title_ends: Vec<usize> = Vec::new();
    let mut seen_label = false;
    // A label alone on its line (`日時`) takes its value from the next line.
    let mut pending: Option<(Field, String)> = None;
    let mut unlabeled_venue: Option<(usize, String, String)> = None;
    let mut heading_date = false;
    let mut heading_line = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if let Some(hit) = &zoned[i].label {
            seen_label = true;
            let value = normalize_value(line.cut(hit.value.clone()));
            let value = crate::text::trim_label_separator(&value).to_string();
            labels[i].claim(&hit.rule, value.clone());
            pending = None;
            // A labelled date after the page's dated heading (`文教警察常任委員会(…)
            // 平成27年3月4日(水曜日)` / `1.開催日時`): the label dates the meeting, and the
            // heading, where nothing else titles the page, is its title.
            if heading_date && hit.field == Field::Date {
                reset_date(&mut h);
                heading_date = false;
                if title_lines.is_empty() && h.title.is_none() {
                    let head = &lines[heading_line];
                    title_lines.push(heading_line);
                    title_ends.push(head.key.len());
                    labels[heading_line].claim("title", normalize_value(&head.text));
                }
            }
            match hit.field {
                Field::Attendees => {
                    let note = rules.list_note.replace(&value, "").trim().to_string();
                    // Matched on the key: `（７名）` is printed full-width.
                    let note = rules.of(Kind::AttendeeCount).fold(note, |n, r| {
                        crate::text::remove_matches(&n, &r.regex).trim().to_string()
                    });
                    if !note.is_empty() {
                        h.attendance_note = Some(spanned(note, line, &hit.rule));
                    }
                }
                Field::Agenda | Field::Materials | Field::Body => {}
                Field::PageInfo => chrome(&mut labels[i], line, diags),
                field if value.is_empty() => pending = Some((field, hit.rule.clone())),
                field => apply(
                    &mut h,
                    field,
                    line,
                    hit.value.start,
                    &hit.rule,
                    rules,
                    diags,
                ),
            }
            continue;
        }
        if zoned[i].zone != ZoneKind::Header {
            continue;
        }
        if let Some((field, rule)) = pending.take() {
            // `閉会の日時` / `平成28年3月23日(水)` / `午後4時30分`: the date first, the time
            // the label gives on the line after it.
            let time_field = matches!(field, Field::StartTime | Field::EndTime);
            if time_field
                && find_time(&line.key, rules).is_none()
                && find_date(&line.key, rules).is_some()
            {
                labels[i].claim(&rule, normalize_value(&line.text));
                pending = Some((field, rule));
                continue;
            }
            apply(&mut h, field, line, 0, &rule, rules, diags);
            labels[i].claim(&rule, normalize_value(&line.text));
            continue;
        }
        // Claimed before the header was read (a rule line).
        if labels[i].rule.is_some() {
            continue;
        }
        let key = line.key.trim();
        // The site's own lines (a breadcrumb `阿賀町議会 > 2020-02-27 >`, `最終取得日: …`)
        // neither title nor date the document: a breadcrumb's date is taken only where the
        // record gives none (after the loop).
        if !seen_label && h.title.is_none() && rules.site_chrome.is_match(key) {
            chrome(&mut labels[i], line, diags);
            continue;
        }
        // The page's own dates (`公開日 2013年11月29日`, `最終更新日 …`) under the title
        // date the page, never the meeting.
        if rules.publication_date.is_match(key) && find_date(key, rules).is_some() {
            chrome(&mut labels[i], line, diags);
            continue;
        }
        if is_document_type_line(key, rules) {
            let value = normalize_value(&line.text);
            h.document_type = Some(spanned(value.replace(' ', ""), line, "document_type"));
            labels[i].claim("document_type", value);
            continue;
        }
        // A sentence (`…令和四年四月一日から適用する。`) says a date; it does not date the
        // document.
        let sentence = key.ends_with(|c| rules.words.sentence_endings.contains(&c));
        // A title that carries its date (`第25回独立行政法人評価委員会議事録(平成22年8月30日)`)
        // is a title line, cut after its document type; the date is found later.
        if !seen_label && h.date.is_none() && h.title.is_none() && !sentence {
            if let Some(end) = dated_title(&line.key, rules) {
                title_lines.push(i);
                title_ends.push(end);
                labels[i].claim("title", normalize_value(line.cut(0..end)));
                continue;
            }
        }
        // A date on the page's first line is the page's heading (`第7回 平成22年12月13日
        // (議会運営委員会)`): the record's own title may still follow it, and its own date
        // line replaces it.
        if heading_date && !sentence && find_date(&line.key, rules).is_some() {
            reset_date(&mut h);
            heading_date = false;
        }
        // The page's first line, under the site's own lines only.
        let first_line = lines[..i]
            .iter()
            .zip(labels.iter())
            .all(|(l, label)| l.is_blank() || label.rule.as_deref() == Some("site_chrome"));
        if h.date.is_none() && !sentence && take_date(&mut h, line, 0, "header_date", rules, diags)
        {
            heading_date = first_line && !seen_label;
            heading_line = i;
            labels[i].claim("header_date", normalize_value(&line.text));
            continue;
        }
        // The same date again with the time (a cover `開 会 平成14年8月5日`, then the day's
        // `平成14年8月5日(月曜日)午前10時開会`): the time is the meeting's.
        if h.start_time.is_none() && !sentence {
            if let Some(hit) = find_date(&line.key, rules)
                .filter(|hit| h.date.as_ref().is_some_and(|d| d.value == hit.date))
            {
                if take_time(&mut h, line, hit.range.end, rules) {
                    labels[i].claim("header_date_time", normalize_value(&line.text));
                    continue;
                }
            }
        }
        // A time alone on the line under the date (`<開会>` / `令和7年3月7日` / `10時30分`).
        let time_only = rules.of(Kind::Time).any(|r| {
            r.regex
                .find(key)
                .is_some_and(|m| m.start() == 0 && m.end() == key.len())
        });
        if h.date.is_some() && h.start_time.is_none() && time_only {
            take_time(&mut h, line, 0, rules);
            labels[i].claim("header_time", normalize_value(&line.text));
            continue;
        }
        // A place under the date with no label (`県庁24階 教育委員会会議室`): the venue,
        // unless a label gives one (after the loop).
        if h.date.is_some() && unlabeled_venue.is_none() && !sentence {
            if let Some((rule, c)) = rules.first(Kind::Venue, key) {
                if let Some(value) = line.value(&c, "value") {
                    unlabeled_venue = Some((i, value, rule.id.clone()));
                    continue;
                }
            }
        }
        if !seen_label && !title_lines.is_empty() && rules.words.page_tabs.iter().any(|t| t == key)
        {
            chrome(&mut labels[i], line, diags);
            continue;
        }
        if !seen_label
            && !sentence
            && (h.date.is_none() || (heading_date && title_lines.is_empty()))
        {
            title_lines.push(i);
            title_ends.push(line.key.len());
            labels[i].claim("title", normalize_value(&line.text));
        }
    }
    if let Some((i, value, rule)) = unlabeled_venue {
        if h.venue.is_none() {
            labels[i].claim(&rule, value.clone());
            h.venue = Some(spanned(value, &lines[i], &rule));
        }
    }
    let portal = site_chrome(lines, &title_lines, rules);
    for &i in &title_lines[..portal] {
        chrome(&mut labels[i], &lines[i], diags);
    }
    let (mut title_lines, mut title_ends) = (
        title_lines[portal..].to_vec(),
        title_ends[portal..].to_vec(),
    );
    // Two lines that each name the document type are two titles (a page's own title above
    // the document's, `…議事録(平成22年8月30日)` / `…議事録`): the last is the document's.
    let typed: Vec<usize> = (0..title_lines.len())
        .filter(|&k| document_type(&lines[title_lines[k]].key[..title_ends[k]], rules).is_some())
        .collect();
    if typed.len() >= 2 {
        let keep = typed[typed.len() - 1];
        for (k, &i) in title_lines.iter().enumerate() {
            if k != keep {
                labels[i].claim("title_alternative", normalize_value(&lines[i].text));
            }
        }
        title_lines = vec![title_lines[keep]];
        title_ends = vec![title_ends[keep]];
    }
    let title_lines = &title_lines[..];
    if h.date.is_none() {
        // No date under the title: the first date before the proceedings (under an
        // order of business, `令和６年11月29日（金）午前10時開議`), else the date of the
        // site's breadcrumb; a date the page gives itself (`最終取得日`) never.
        let before_body = || {
            lines
                .iter()
                .zip(labels.iter())
                .zip(zoned)
                .take_while(|(_, z)| z.zone != ZoneKind::Body)
                .map(|(l, _)| l)
        };
        let is_chrome = |l: &LineLabel| l.rule.as_deref() == Some("site_chrome");
        let candidates = before_body()
            .filter(|(_, l)| !is_chrome(l))
            .map(|(line, _)| (line, "date_before_body"))
            .chain(
                before_body()
                    .filter(|(line, l)| is_chrome(l) && !rules.publication_date.is_match(&line.key))
                    .map(|(line, _)| (line, "site_chrome_date")),
            );
        for (line, rule) in candidates {
            if take_date(&mut h, line, 0, rule, rules, diags) {
                break;
            }
        }
    }
    // A form's field that names the meeting (`審議会等名称 総合計画審議会第66回計画推進評価部会`)
    // under a printed heading that says as much and more (`…評価部会 審議結果`): the heading
    // is the title.
    let says_more = |label: &str| {
        let label = crate::text::key_of(label).replace(' ', "");
        title_lines.len() == 1
            && !label.is_empty()
            && document_type(&lines[title_lines[0]].key, rules).is_some()
            && lines[title_lines[0]].key.replace(' ', "").contains(&label)
    };
    if h.title.as_ref().is_some_and(|t| says_more(&t.value)) {
        h.title = None;
    }
    if h.title.is_some() {
        // A label gave the title (`会議名`): the headings above it are kept as unread lines,
        // not taken for a title no record holds.
        for &i in title_lines {
            labels[i].rule = None;
            labels[i].value = None;
        }
    } else if !title_lines.is_empty() {
        let parts: Vec<String> = title_lines
            .iter()
            .zip(&title_ends)
            .map(|(&i, &end)| normalize_value(lines[i].cut(0..end)))
            .collect();
        let first = &lines[title_lines[0]];
        let mut span = Span::line(first.no, first.page);
        span.extend_to(lines[title_lines[title_lines.len() - 1]].no);
        let title = crate::text::close_letter_spacing(&once(parts.concat()));
        h.title = Some(Spanned::new(title, span, "title"));
    }
    if let Some(title) = &h.title {
        let key = crate::text::key_of(&title.value);
        if h.document_type.is_none() {
            h.document_type =
                document_type(&key, rules).map(|t| Spanned::new(t, title.span, "document_type"));
        }
        let mut body = title.value.clone();
        if let Some((rule, c)) = rules.first(Kind::SessionNumber, &key) {
            if let Some(n) = c.name("number").and_then(|m| m.as_str().parse().ok()) {
                h.session_number = Some(Spanned::new(n, title.span, rule.id.clone()));
            }
            let m = c.get(0).map_or(0..0, |m| m.range());
            // The session number is cut by char position: the key is the title folded char for char.
            let (a, b) = (key[..m.start].chars().count(), key[..m.end].chars().count());
            body = title
                .value
                .chars()
                .take(a)
                .chain(title.value.chars().skip(b))
                .collect();
        }
        if let Some(t) = &h.document_type {
            if let Some(pos) = body.rfind(t.value.as_str()) {
                if pos > 0 {
                    body.truncate(pos);
                }
            }
        }
        // The body is named without the date a title may carry, and without the bracket
        // that opened its document type (`…ワーキング・グループ(議事録)`).
        let body_key = crate::text::key_of(&body);
        if let Some(d) = crate::date::find_date(&body_key, rules) {
            let (a, b) = (
                body_key[..d.range.start].chars().count(),
                body_key[..d.range.end].chars().count(),
            );
            body = body.chars().take(a).chain(body.chars().skip(b)).collect();
        }
        let mut body = normalize_value(&body);
        if let Some(w) = rules
            .words
            .body_name_page_words
            .iter()
            .find(|w| body.ends_with(w.as_str()) && body.len() > w.len())
        {
            body.truncate(body.len() - w.len());
        }
        let mut body = body
            .trim_end_matches(|c: char| rules.words.body_name_trim_end.contains(c))
            .trim_start()
            .to_string();
        // Cut on the key, which folds the value char for char, so its char counts hold.
        let key = crate::text::key_of(&body);
        if let Some(m) = rules
            .body_name_era
            .find(&key)
            .filter(|m| m.end() < key.len())
        {
            let n = key[..m.end()].chars().count();
            body = body.chars().skip(n).collect();
        }
        let key = crate::text::key_of(&body);
        if let Some(m) = rules
            .body_name_assembly
            .captures(&key)
            .and_then(|c| c.name("body"))
        {
            let (a, b) = (
                key[..m.start()].chars().count(),
                key[..m.end()].chars().count(),
            );
            body = body.chars().skip(a).take(b - a).collect();
        }
        if !body.is_empty() {
            h.body_name = Some(Spanned::new(body, title.span, "body_name"));
        }
    } else {
        diags.push(Diagnostic::new(
            Severity::Warning,
            Code::TitleNotFound,
            "no title found before the first header label",
        ));
    }
    if h.end_time.is_none() {
        // The record closes after the proceedings (`午後３時７分散会`, `閉会（午後３時２５分）`):
        // the last closing line of the body gives the end time.
        for (line, hit) in asides(lines, zoned, Field::EndTime).rev() {
            apply(
                &mut h,
                Field::EndTime,
                line,
                hit.value.start,
                &hit.rule,
                rules,
                diags,
            );
            if h.end_time.is_some() {
                break;
            }
        }
    }
    if h.start_time.is_none() {
        // A record with no time under its date opens in the proceedings
        // (`開会（午前１０時００分）` above the first turn): the first opening line gives it.
        if let Some((line, hit)) = asides(lines, zoned, Field::StartTime).next() {
            apply(
                &mut h,
                Field::StartTime,
                line,
                hit.value.start,
                &hit.rule,
                rules,
                diags,
            );
        }
    }
    if h.date.is_none() {
        diags.push(Diagnostic::new(
            Severity::Warning,
            Code::DateNotFound,
            "no meeting date found in the header",
        ));
    }
    h
}

/// The header labels of `field` read inside the proceedings (`開会（午前１０時００分）`,
/// `午後３時７分散会`), in line order.
fn asides<'a>(
    lines: &'a [Line],
    zoned: &'a [Zoned],
    field: Field,
) -> impl DoubleEndedIterator<Item = (&'a Line, &'a crate::segment::zones::LabelHit)> {
    lines
        .iter()
        .zip(zoned)
        .filter_map(|(l, z)| z.aside.as_ref().map(|hit| (l, hit)))
        .filter(move |(_, hit)| hit.field == field)
}

/// Where the title ends on a line that names the document type and carries a date: after
/// the type when the date follows it (`…会議録 (第1日目)平成26年4月25日 …` is cut to
/// `…会議録`), the whole line when the date leads (`2022年10月20日 第1回…(議事録)`).
/// `None` for a line with no date, or with no document type printed unspaced.
fn dated_title(key: &str, rules: &RuleSet) -> Option<usize> {
    let date = crate::date::find_date(key, rules)?;
    let (at, t) = rules
        .words
        .document_types
        .iter()
        .find_map(|t| key.find(t.as_str()).map(|at| (at, t)))?;
    let end = at + t.len();
    if date.range.start >= end {
        Some(end)
    } else if date.range.end <= at {
        Some(key.trim_end().len())
    } else {
        None
    }
}

/// A title printed twice over (a page's `<title>` and its heading, flattened onto one
/// line: `公衆衛生審議会・総会 公衆衛生審議会・総会`) is the title once.
fn once(title: String) -> String {
    let t = title.trim();
    match t.split_once(' ') {
        Some((a, b)) if !a.is_empty() && a == b.trim() => a.to_string(),
        _ => title,
    }
}

/// A line of the publishing site: claimed, and said in an info diagnostic.
fn chrome(label: &mut LineLabel, line: &Line, diags: &mut Vec<Diagnostic>) {
    let value = normalize_value(&line.text);
    diags.push(
        Diagnostic::new(
            Severity::Info,
            Code::SiteChrome,
            "a line of the publishing site; not part of the minutes",
        )
        .at(line.no)
        .with_text(&value),
    );
    label.claim("site_chrome", value);
}

/// How many of the title lines are the publishing site's own (`令和　６年第１回　２月定例会`
/// above `令和６年第１回函館市議会定例会会議録　第１号`): those before the block naming the
/// document type. The block ends at a blank line, or, where a PDF gives no blank lines,
/// at a line flush with the margin above a block that is set in (the site's heading is
/// printed flush left, the document's own title centred).
fn site_chrome(lines: &[Line], title_lines: &[usize], rules: &RuleSet) -> usize {
    // The title is the line that names the document type, else the last that numbers the
    // meeting (`第3回…研究会 次第` under the portal's `会議資料・開催案内等`; the record's own
    // `第176回国会 厚生労働委員会 第1号` under the site's heading that repeats it).
    let Some(d) = title_lines
        .iter()
        .position(|&i| document_type(&lines[i].key, rules).is_some())
        .or_else(|| {
            title_lines
                .iter()
                .rposition(|&i| rules.first(Kind::SessionNumber, &lines[i].key).is_some())
        })
    else {
        return 0;
    };
    let set_in = |i: usize| lines[i].key.starts_with(char::is_whitespace);
    let block_set_in = set_in(title_lines[d]);
    let mut start = d;
    // A piece of a flattened line was a line of its own: the pieces before the title's
    // are the site's heading (`令和 2年  2月 定例会(第1回)` / `令和2年…会議会議録`).
    while start > 0
        && title_lines[start - 1] + 1 == title_lines[start]
        && lines[title_lines[start - 1]].no != lines[title_lines[start]].no
        && (set_in(title_lines[start - 1]) || !block_set_in)
    {
        start -= 1;
    }
    start
}

fn apply(
    h: &mut Header,
    field: Field,
    line: &Line,
    key_start: usize,
    rule: &str,
    rules: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) {
    let value = normalize_value(line.cut(key_start..line.key.len()));
    let value = crate::text::trim_label_separator(&value).to_string();
    match field {
        Field::Date => {
            if !take_date(h, line, key_start, rule, rules, diags) {
                take_time(h, line, key_start, rules);
            }
        }
        Field::StartTime | Field::EndTime => {
            if let Some((span, trule)) = find_time(&line.key[key_start..], rules) {
                let slot = if field == Field::StartTime {
                    &mut h.start_time
                } else {
                    &mut h.end_time
                };
                if slot.is_none() {
                    *slot = span.start.map(|t| spanned(t, line, &trule));
                }
            }
        }
        Field::Venue => {
            if h.venue.is_none() && !value.is_empty() {
                h.venue = Some(spanned(value, line, rule));
            }
        }
        Field::Title => {
            if h.title.is_none() && !value.is_empty() {
                h.title = Some(spanned(value, line, rule));
            }
        }
        Field::Attendees | Field::Agenda | Field::Materials | Field::Body | Field::PageInfo => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(src: &str) -> (Header, Vec<Diagnostic>) {
        let (s, d) = crate::segment::segment_text(src);
        (s.header, d)
    }

    /// The publishing site's heading above the title, with the blank line of a text file
    /// and without it, as a PDF gives it: the flush-left line is never part of the title.
    #[test]
    fn the_sites_heading_is_not_part_of_the_title() {
        let title =
            "　　　令和６年第１回函館市議会定例会会議録　第１号\n　令和６年２月２２日（木曜日）\n";
        let stacked =
            "　　　第４回\n　　横浜市会　　会議録（第16号）\n　　　定例会\n　令和６年11月29日\n";
        for (src, want) in [
            (
                format!("令和　６年第１回　２月定例会\n\n{title}"),
                "令和6年第1回函館市議会定例会会議録 第1号",
            ),
            (
                format!("令和　６年第１回　２月定例会\n{title}"),
                "令和6年第1回函館市議会定例会会議録 第1号",
            ),
            (
                format!("令和　６年第４回定例会\n{stacked}"),
                "第4回横浜市会 会議録（第16号）定例会",
            ),
            // A title flush left over two lines stays whole.
            (
                "第４回\n横浜市会会議録\n令和６年11月29日\n".to_string(),
                "第4回横浜市会会議録",
            ),
        ] {
            let (h, d) = header(&src);
            assert_eq!(h.title.map(|t| t.value).unwrap_or_default(), want, "{src}");
            let chrome = d.iter().filter(|d| d.code == Code::SiteChrome).count();
            assert_eq!(chrome, usize::from(src.starts_with("令和　")), "{src}");
        }
    }

    /// A sentence under the title says a date (`…から適用する。`); the document's date is
    /// the one on its own line, and the sentence is not part of the title.
    #[test]
    fn a_sentence_is_neither_title_nor_date() {
        let (h, _) = header(
            "基本診療料の施設基準等の一部を改正する件\n基本診療料の施設基準等の一部を次のように改正し、令和四年四月一日から適用する。\n令和四年三月四日\n",
        );
        assert_eq!(
            h.title.map(|t| t.value).as_deref(),
            Some("基本診療料の施設基準等の一部を改正する件")
        );
        assert_eq!(
            h.date.map(|d| d.value.to_string()).as_deref(),
            Some("2022-03-04")
        );
    }

    /// FORMATS.md §3: each notation under a title, and the date and times it gives.
    #[test]
    fn every_date_and_time_notation() {
        let cases = [
            ("日時 R6.1.10 10:00~11:00", "2024-01-10", "10:00", "11:00"),
            ("日時 H29.5.25", "2017-05-25", "", ""),
            ("日時 令和4年7月28日 午後13時30分~午後15時50分", "2022-07-28", "13:30", "15:50"),
            ("日時 令和6年6月19 日(水)", "2024-06-19", "", ""),
            ("日時 令和 元年11月13日", "2019-11-13", "", ""),
            ("日時 令和4年7月28日 10時開始 15時46分終了", "2022-07-28", "10:00", "15:46"),
            ("日時 令和7年1月24日 10時00分開会 10時38分閉会(会議時間0時間38分)", "2025-01-24", "10:00", "10:38"),
            ("日時 令和4年7月28日 13:30〜", "2022-07-28", "13:30", ""),
            ("日時 令和4年7月28日 午後1時15分から午後3時25分まで", "2022-07-28", "13:15", "15:25"),
            ("日時 令和4年7月28日 午前10時8分~午前10時54分", "2022-07-28", "10:08", "10:54"),
            ("日時 令和4年7月28日\n開会 午後 1時30分\n閉会 午後 2時46分", "2022-07-28", "13:30", "14:46"),
            ("<開会>\n 令和7年3月7日 \n 10時30分", "2025-03-07", "10:30", ""),
            ("日時 平成十八年二月十五日(水曜日)", "2006-02-15", "", ""),
            ("日時 2019年3月27日(水)15:56~16:33", "2019-03-27", "15:56", "16:33"),
            ("日時 令和4年(2022年)5月17日(火)", "2022-05-17", "", ""),
            ("日時 令和4年7月28日 午後7時~8時50分", "2022-07-28", "19:00", "20:50"),
            ("日時 令和4年7月28日 9時45分から12時00分まで", "2022-07-28", "09:45", "12:00"),
            ("　　令和６年２月２２日（木曜日）　　　午前１０時００分開会\n　　　　午前１１時０４分散会", "2024-02-22", "10:00", "11:04"),
        ];
        for (text, date, start, end) in cases {
            let (h, _) = header(&format!("第1回テスト審議会議事録\n{text}\n"));
            let show = |t: Option<Spanned<crate::date::Time>>| {
                t.map(|t| t.value.iso()).unwrap_or_default()
            };
            assert_eq!(
                (
                    h.date.map(|d| d.value.to_string()).unwrap_or_default(),
                    show(h.start_time),
                    show(h.end_time)
                ),
                (date.to_string(), start.to_string(), end.to_string()),
                "{text}"
            );
        }
    }

    /// FORMATS.md §2: every label variant opens its field.
    #[test]
    fn every_label_variant() {
        let rules = RuleSet::builtin().unwrap();
        let cases = [
            (
                Field::Date,
                &[
                    "○開催日時：",
                    "日時",
                    "日時:",
                    "1.日時",
                    "1 日時",
                    "1.日 時:",
                    "1 日    時",
                    "日  時",
                    "(1)日時",
                    "〇日時",
                    "- 日時:",
                    "• 日時:",
                    "第1 開催日時及び場所",
                    "1 開会日時",
                    "開催年月日",
                    "〇招集日時",
                    "招集年月日",
                    "○開会日",
                    "１　期日",
                    "1 期 日",
                ][..],
            ),
            (
                Field::Venue,
                &[
                    "○開催場所：",
                    "場所",
                    "2.場 所:",
                    "○場 所",
                    "開催場所",
                    "開会場所",
                    "〇招集場所",
                    "<会議場所>",
                ],
            ),
            (
                Field::Attendees,
                &[
                    "出席者:(委員(五十音順))",
                    "4 出席者(順不同、敬称略)",
                    "3.出席委員",
                    "出席委員の氏名",
                    "〇出席委員(8人)",
                    "1 出席議員は、13名で次のとおりである。",
                    "3 委員氏名",
                    "<委員出欠>",
                    "開会日に応招した議員",
                    "出　席　議　員　（３８名）",
                ],
            ),
            (
                Field::Agenda,
                &[
                    "議 案",
                    "<議案>",
                    "5 議事日程",
                    "〇会議に付した事件",
                    "本日の会議に付した事件",
                    "〇本日審査した案件",
                    "[議題]",
                    "日程及び提出議案の題目",
                    "7.議題",
                    "会議次第",
                    "議事日程（第１号）",
                ],
            ),
            (
                Field::Body,
                &[
                    "4.会議の模様",
                    "審議経過(議事録)",
                    "<議事内容>",
                    "審議内容(開会 午前9時30分)",
                    "5.主な質疑",
                    "会議概要",
                    "※会議の概要",
                ],
            ),
            (
                Field::Materials,
                &[
                    "配付資料",
                    "5 配布資料",
                    "4 資料",
                    "(配付資料)",
                    "(事前配布資料)",
                    "(当日資料)",
                ],
            ),
        ];
        for (field, labels) in cases {
            for label in labels {
                let line = &crate::text::lines(label, &[])[0];
                let hit = crate::segment::zones::label(
                    line,
                    crate::segment::zones::ZoneKind::Header,
                    &rules,
                );
                assert_eq!(hit.map(|h| h.field), Some(field), "{label}");
            }
        }
    }

    #[test]
    fn breadcrumbs_and_page_tools_are_not_the_title() {
        let (h, d) = header("ホーム> 政策について> 審議会・研究会等> 議事録\n本文へ移動\n第3回デジタル審議会議事録\n日時 令和4年7月28日\n");
        assert_eq!(h.title.unwrap().value, "第3回デジタル審議会議事録");
        assert_eq!(d.iter().filter(|x| x.code == Code::SiteChrome).count(), 2);
    }

    #[test]
    fn seed_style_header() {
        let (h, _) = header("\n第14回地方自治体のDX推進に係る検討会\n\n議事概要\n\n○開催日時：令和4年7月28日（木）10：00～11：00\n\n○開催場所：オンライン開催\n\n○出席者（敬称略）※全員オンライン参加\n");
        assert_eq!(
            h.title.unwrap().value,
            "第14回地方自治体のDX推進に係る検討会"
        );
        assert_eq!(h.body_name.unwrap().value, "地方自治体のDX推進に係る検討会");
        assert_eq!(h.session_number.unwrap().value, 14);
        assert_eq!(h.document_type.unwrap().value, "議事概要");
        assert_eq!(h.date.unwrap().value.to_string(), "2022-07-28");
        assert_eq!(
            h.date_text.unwrap().value,
            "令和4年7月28日（木）10：00～11：00"
        );
        assert_eq!(h.start_time.unwrap().value.iso(), "10:00");
        assert_eq!(h.end_time.unwrap().value.iso(), "11:00");
        assert_eq!(h.venue.unwrap().value, "オンライン開催");
        assert_eq!(h.attendance_note.unwrap().value, "※全員オンライン参加");
    }

    #[test]
    fn label_alone_takes_next_line_and_title_holds_doc_type() {
        let (h, d) = header("第25回独立行政法人評価委員会議事録\n日時\n平成22年8月30日(月)14:58〜16:17\n場所\n中央合同庁舎\n");
        assert_eq!(h.document_type.unwrap().value, "議事録");
        assert_eq!(h.body_name.unwrap().value, "独立行政法人評価委員会");
        assert_eq!(h.date.unwrap().value.to_string(), "2010-08-30");
        assert_eq!(h.end_time.unwrap().value.iso(), "16:17");
        assert_eq!(h.venue.unwrap().value, "中央合同庁舎");
        assert!(d.iter().all(|x| x.code != Code::UnclassifiedLine), "{d:?}");
    }

    #[test]
    fn weekday_mismatch_warns() {
        let (_, d) = header("会議\n日時：令和4年7月28日（金）\n");
        assert!(d
            .iter()
            .any(|x| x.code == Code::WeekdayMismatch && x.line == Some(2)));
    }
}
