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

/// Parses the agenda zone's content lines (`idx`: neither blank nor label lines).
pub fn parse(
    lines: &[Line],
    idx: &[usize],
    rules: &RuleSet,
    labels: &mut [LineLabel],
) -> Vec<AgendaItem> {
    let mut items: Vec<AgendaItem> = Vec::new();
    // Where the title of the item above starts on its line: an un-numbered line indented
    // past it is that title wrapped (`…補正予` / `　　　　算（第２号）`).
    let mut title_col: Option<usize> = None;
    for &i in idx {
        let line = &lines[i];
        let (offset, body) = line.body();
        let numbered = rules.first(Kind::AgendaItem, body);
        if let (None, Some(last)) = (&numbered, items.last_mut()) {
            let next = line.no == last.span.line_end + 1;
            let wrapped = next && title_col.is_some_and(|c| line.column(offset) > c + 2);
            // `日程第１` with its title on the next line.
            if wrapped || (next && last.title.is_empty() && last.number.is_some()) {
                let value = normalize_value(&line.text);
                crate::text::join_wrapped(&mut last.title, &value);
                last.span.extend_to(line.no);
                labels[i].claim("agenda_continuation", value);
                continue;
            }
        }
        // The date of the order of business under its heading (`議事日程（第１号）` /
        // `令和５年９月12日（火）午前９時30分開議`) dates the meeting; it is no item.
        if numbered.is_none()
            && rules
                .of(Kind::Date)
                .any(|r| r.regex.find(body).is_some_and(|m| m.start() == 0))
        {
            labels[i].claim("agenda_date", normalize_value(&line.text));
            continue;
        }
        let item = match numbered {
            Some((rule, c)) => {
                title_col = c.name("title").map(|t| line.column(offset + t.start()));
                AgendaItem {
                    number: line.value(&c, "number").map(|n| n.replace(' ', "")),
                    title: line.value(&c, "title").unwrap_or_default(),
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
                    title: normalize_value(&line.text),
                    parent: parent_of(&items, level),
                    level,
                    span: Span::line(line.no, line.page),
                    rule: "agenda_subitem".into(),
                }
            }
        };
        labels[i].claim(&item.rule, item.title.clone());
        items.push(item);
    }
    items
}

#[cfg(test)]
mod tests {

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
                "事件処分の報告"
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
