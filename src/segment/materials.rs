//! 配布資料 (materials) parser: `資料1 …`, `参考資料2 …`; an unlabelled line in the zone is
//! a material without a label.

use crate::model::Material;
use crate::rules::{Kind, RuleSet};
use crate::span::Span;
use crate::text::{normalize_value, Line};

use super::LineLabel;

/// Parses the materials zone's content lines (`idx`: neither blank nor label lines). A
/// line that lists several labelled materials (`【資料2-1】 … 【資料2-2】 …`) gives one each;
/// a file note after a title (`(PDF形式:24KB)`) is not part of it.
pub fn parse(
    lines: &[Line],
    idx: &[usize],
    rules: &RuleSet,
    labels: &mut [LineLabel],
) -> Vec<Material> {
    let mut out = Vec::new();
    for &i in idx {
        let line = &lines[i];
        // A note on the materials (`※…からご確認ください。`) is none of them: left unclaimed,
        // it is reported with its text.
        if line.body().1.starts_with(&rules.words.note_marks[..]) {
            continue;
        }
        let mut claimed = Vec::new();
        for piece in pieces(&line.text, rules) {
            let piece = Line::new(line.no, line.page, piece);
            let m = match rules.first(Kind::Material, piece.body().1) {
                Some((rule, c)) => Material {
                    label: piece.value(&c, "label").map(|l| l.replace(' ', "")),
                    title: piece
                        .value(&c, "title")
                        .map(|t| without_file_note(&t, rules)),
                    span: Span::line(line.no, line.page),
                    rule: rule.id.clone(),
                },
                None => Material {
                    label: None,
                    title: Some(without_file_note(&normalize_value(&piece.text), rules)),
                    span: Span::line(line.no, line.page),
                    rule: "material_unlabelled".into(),
                },
            };
            claimed.push((
                m.rule.clone(),
                m.label.clone().or(m.title.clone()).unwrap_or_default(),
            ));
            out.push(m);
        }
        let rule = claimed.first().map(|(r, _)| r.clone()).unwrap_or_default();
        let value: Vec<String> = claimed.into_iter().map(|(_, v)| v).collect();
        labels[i].claim(&rule, value.join(";"));
    }
    out
}

/// The line cut before each bracket that opens another labelled material.
fn pieces<'l>(text: &'l str, rules: &RuleSet) -> Vec<&'l str> {
    let mut cuts = vec![0];
    for (at, c) in text.char_indices().skip(1) {
        if rules
            .words
            .closing_bracket(crate::text::fold_char(c))
            .is_some()
            && rules
                .first(Kind::Material, crate::text::key_of(&text[at..]).trim())
                .is_some_and(|(_, c)| c.name("label").is_some_and(|l| !l.as_str().is_empty()))
            && !text[..at].trim_end().is_empty()
        {
            cuts.push(at);
        }
    }
    cuts.push(text.len());
    cuts.windows(2)
        .map(|w| text[w[0]..w[1]].trim())
        .filter(|p| !p.is_empty())
        .collect()
}

fn without_file_note(title: &str, rules: &RuleSet) -> String {
    let mut t = title.to_string();
    // `… (PDF形式:100KB)`, maybe after another note.
    while let Some(m) = rules.file_note.find(&t) {
        if m.start() == 0 {
            break;
        }
        t.truncate(m.start());
    }
    t.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;
    use crate::segment::segment;
    use crate::text::lines;

    #[test]
    fn labelled_and_unlabelled() {
        let rules = RuleSet::builtin().unwrap();
        let mut d = Vec::new();
        let s = segment(
            &lines(
                "題\n配付資料\n資料１　検討会の進め方\n参考資料2 構成員名簿\n座席表\n【資料3-1】 概要 (PDF:510KB) 【資料3-2】 施行状況の概要\n(参考資料4) 運営規程 (PDF形式:14KB)\n",
                &[],
            ),
            &rules,
            &mut d,
        );
        let got: Vec<_> = s
            .materials
            .iter()
            .map(|m| (m.label.clone(), m.title.clone()))
            .collect();
        assert_eq!(
            got[0],
            (Some("資料1".into()), Some("検討会の進め方".into()))
        );
        assert_eq!(
            got[1],
            (Some("参考資料2".into()), Some("構成員名簿".into()))
        );
        assert_eq!(got[2], (None, Some("座席表".into())));
        assert_eq!(got[3], (Some("資料3-1".into()), Some("概要".into())));
        assert_eq!(
            got[4],
            (Some("資料3-2".into()), Some("施行状況の概要".into()))
        );
        assert_eq!(got[5], (Some("参考資料4".into()), Some("運営規程".into())));
    }
}
