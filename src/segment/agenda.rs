//! 議題 (agenda) parser: numbered items (`1.`, `(1)`, `①`, `１．`, `日程第１`) nested by the
//! level their numbering style implies; an un-numbered line is a sub-item of the item above.

use crate::model::AgendaItem;
use crate::rules::{Kind, RuleSet};
use crate::span::Span;
use crate::text::{normalize_value, Line};

use super::LineLabel;

/// The nearest earlier item of a lower level.
fn parent_of(items: &[AgendaItem], level: usize) -> Option<usize> {
    items.iter().rposition(|x| x.level < level)
}

/// One line the agenda parser reads: a content line of the agenda zone (`claim`: its
/// index, which the parser labels), or an item printed after the label on the label's
/// own line (`議題 (1)会長等の選任について (2)その他`), which keeps the label's claim.
pub struct Input<'l> {
    pub line: std::borrow::Cow<'l, Line>,
    pub claim: Option<usize>,
}

/// The items printed on a label's line after the label: the value cut before each token
/// that an agenda-item rule numbers (`(1)…`, `2.…`, `日程第1 …`). `None` where the value is
/// no item: empty, `agenda_as_above`, or the order's own number (`order_number_pattern`:
/// `議事日程（第１号）`, `議事日程第22号`) or date.
pub fn inline(line: &Line, value: std::ops::Range<usize>, rules: &RuleSet) -> Option<Vec<Line>> {
    let text = crate::text::trim_label_separator(line.cut(value).trim()).trim();
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() || rules.words.agenda_as_above.contains(&squeezed) {
        return None;
    }
    let numbered = |t: &str| {
        let key = crate::text::key_of(t);
        rules.first(Kind::AgendaItem, &key).is_some_and(|(_, c)| {
            c.name("number").is_some_and(|n| {
                // The number is this token's own, not a later one's, and no order's own
                // number (`議事日程第22号`).
                !key[..n.end()].contains(char::is_whitespace) && !rules.order_number.is_match(&key)
            })
        })
    };
    if !numbered(text) {
        let key = crate::text::key_of(text);
        if rules.order_number.is_match(&key) || rules.of(Kind::Date).any(|r| r.regex.is_match(&key))
        {
            return None;
        }
        return Some(vec![Line::new(line.no, line.page, text)]);
    }
    let mut starts = vec![0];
    let mut prev_blank = false;
    for (at, c) in text.char_indices() {
        let blank = c.is_whitespace();
        if prev_blank && !blank && numbered(&text[at..]) {
            starts.push(at);
        }
        prev_blank = blank;
    }
    starts.push(text.len());
    Some(
        starts
            .windows(2)
            .map(|w| Line::new(line.no, line.page, text[w[0]..w[1]].trim()))
            .collect(),
    )
}

/// Parses the agenda zone's lines in order (neither blank nor label lines, and the items
/// printed on a label's line).
pub fn parse(inputs: &[Input], rules: &RuleSet, labels: &mut [LineLabel]) -> Vec<AgendaItem> {
    let mut items: Vec<AgendaItem> = Vec::new();
    // Where the title of the item above starts on its line: an un-numbered line indented
    // past it is that title wrapped (`…補正予` / `　　　　算（第２号）`).
    let mut title_col: Option<usize> = None;
    for input in inputs {
        let line: &Line = &input.line;
        let mut claim = |rule: &str, value: String| {
            if let Some(i) = input.claim {
                labels[i].claim(rule, value);
            }
        };
        let (offset, body) = line.body();
        // A bracket drawn in dashes and pluses joins an item to a note on it
        // (`…補正予算－－－－＋` / `＋委員会審査報告＋－－＋`): the note is no item and no title.
        if body.starts_with('+') && body.trim_end().ends_with('+') {
            claim("agenda_note", normalize_value(&line.text));
            continue;
        }
        let numbered = rules.first(Kind::AgendaItem, body);
        if let (None, Some(last)) = (&numbered, items.last_mut()) {
            let next = line.no == last.span.line_end + 1;
            // A note in brackets alone on the next line belongs to the title above it
            // (`日程第３　閉会中継続調査報告` / `（総務・経済建設常任委員会…）`).
            let note = next && body.starts_with('(') && body.trim_end().ends_with(')');
            let wrapped = note || (next && title_col.is_some_and(|c| line.column(offset) > c + 2));
            // `日程第１` with its title on the next line.
            if wrapped || (next && last.title.is_empty() && last.number.is_some()) {
                let value = normalize_value(&line.text);
                crate::text::join_wrapped(&mut last.title, &value);
                last.span.extend_to(line.no);
                claim("agenda_continuation", value);
                continue;
            }
        }
        // `議事日程と同じ` under an item says what the day's business is; no item itself.
        let squeezed: String = body.split_whitespace().collect();
        if numbered.is_none() && rules.words.agenda_as_above.contains(&squeezed) {
            claim("agenda_as_above", normalize_value(&line.text));
            continue;
        }
        // The date of the order of business under its heading (`議事日程（第１号）` /
        // `令和５年９月12日（火）午前９時30分開議`) dates the meeting; it is no item.
        if numbered.is_none()
            && rules
                .of(Kind::Date)
                .any(|r| r.regex.find(body).is_some_and(|m| m.start() == 0))
        {
            claim("agenda_date", normalize_value(&line.text));
            continue;
        }
        // A time alone on its line under the order of business (`午前９時37分`, set right)
        // is when the sitting began; no item.
        let key = body.trim_end();
        if numbered.is_none()
            && rules.of(Kind::Time).any(|r| {
                r.regex
                    .find(key)
                    .is_some_and(|m| m.start() == 0 && m.end() == key.len())
            })
        {
            claim("agenda_time", normalize_value(&line.text));
            continue;
        }
        let item = match numbered {
            Some((rule, c)) => {
                title_col = c.name("title").map(|t| line.column(offset + t.start()));
                AgendaItem {
                    number: line.value(&c, "number").map(|n| n.replace(' ', "")),
                    title: without_drawn_bracket(line.value(&c, "title").unwrap_or_default()),
                    parent: parent_of(&items, rule.level),
                    level: rule.level,
                    span: Span::line(line.no, line.page),
                    rule: rule.id.clone(),
                }
            }
            None => {
                title_col = Some(line.column(offset));
                // Un-numbered: a sub-item of the numbered item above, a sibling of an
                // un-numbered one.
                let level = match items.last() {
                    Some(last) if last.number.is_none() => last.level,
                    Some(last) => last.level + 1,
                    None => 1,
                };
                AgendaItem {
                    number: None,
                    title: normalize_value(
                        line.text
                            .trim_start()
                            .trim_start_matches(|c| rules.words.agenda_item_marks.contains(&c)),
                    ),
                    parent: parent_of(&items, level),
                    level,
                    span: Span::line(line.no, line.page),
                    rule: "agenda_subitem".into(),
                }
            }
        };
        claim(&item.rule, item.title.clone());
        items.push(item);
    }
    items
}

/// A title without the dashes and pluses of a bracket drawn after it (`…補正予算－－－＋`).
fn without_drawn_bracket(title: String) -> String {
    let drawn = |c: char| matches!(crate::text::fold_char(c), '-' | '+');
    let kept = title.trim_end_matches(drawn);
    if title[kept.len()..].chars().count() >= 3 {
        kept.trim_end().to_string()
    } else {
        title
    }
}

#[cfg(test)]
mod tests {

    /// Items printed on the label's own line are items; an order of business's own number
    /// and date, and `議事日程に同じ`, are not.
    #[test]
    fn items_on_the_label_line() {
        let (s, _) = crate::segment::segment_text(
            "第1回検討会 議事録\n日時：令和5年1月10日\n議題：(1)予算について (2)その他\n議事概要\n・意見があった。\n",
        );
        let got: Vec<_> = s.agenda.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(got, ["予算について", "その他"]);
        let (s, _) = crate::segment::segment_text(
            "第1回検討会 議事録\n日時：令和5年1月10日\n議題：予算について\n議事概要\n・意見があった。\n",
        );
        assert_eq!(s.agenda.len(), 1);
        assert_eq!(s.agenda[0].title, "予算について");
        let (s, _) = crate::segment::segment_text(
            "令和6年横浜市会議録\n議事日程第22号　令和6年11月29日（金）午前10時開議\n第1　会期の決定\n本日の会議に付した事件　議事日程に同じ\n○議長（山田太郎君）　開会します。\n",
        );
        let got: Vec<_> = s.agenda.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(got, ["会期の決定"]);
    }

    #[test]
    fn wrapped_titles_join_and_a_title_may_stand_below_its_number() {
        let (s, _) = crate::segment::segment_text("題\n議　事　日　程\n　第　９　　議案第８号　令和６年度葛飾区後期高齢者医療事業特別会計補正予\n　　　　　　　　　　　　　　　　　算（第２号）\n日程第１\n　会議録署名議員の指名\n第４　議案第１号　事件処分の報告\n　　　議案第２号　事件処分の報告\n");
        let got: Vec<_> = s.agenda.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            got,
            [
                "議案第8号 令和6年度葛飾区後期高齢者医療事業特別会計補正予算（第2号）",
                "会議録署名議員の指名",
                "議案第1号 事件処分の報告",
                "議案第2号 事件処分の報告"
            ]
        );
        // A bill listed under the order of business item above it.
        assert_eq!(s.agenda[3].number.as_deref(), Some("議案第2号"));
        assert_eq!(s.agenda[3].parent, Some(2));
    }

    #[test]
    fn numbered_and_unnumbered_items_nest() {
        let (s, _) = crate::segment::segment_text("題\n○議題\n1. 開会\n2. 議事\n\n自治体 DX 推進計画改定案の修正案等について 等\n(1)報告\n①その一\n3. 閉会\n");
        let got: Vec<_> = s
            .agenda
            .iter()
            .map(|a| {
                (
                    a.number.clone().unwrap_or_default(),
                    a.title.as_str(),
                    a.parent,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("1".into(), "開会", None),
                ("2".into(), "議事", None),
                (
                    "".into(),
                    "自治体DX推進計画改定案の修正案等について 等",
                    Some(1)
                ),
                ("(1)".into(), "報告", Some(1)),
                ("①".into(), "その一", Some(3)),
                ("3".into(), "閉会", None),
            ]
        );
    }
}
