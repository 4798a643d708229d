//! 配布資料 (materials) parser: `資料1 …`, `参考資料2 …`; an unlabelled line in the zone is
//! a material without a label.

use crate::model::Material;
use crate::rules::{Kind, RuleSet};
use crate::span::Span;
use crate::text::{normalize_value, Line};

use super::LineLabel;

/// Parses the materials zone's content lines (`idx`: neither blank nor label lines).
pub fn parse(
    lines: &[Line],
    idx: &[usize],
    rules: &RuleSet,
    labels: &mut [LineLabel],
) -> Vec<Material> {
    let mut out = Vec::new();
    for &i in idx {
        let line = &lines[i];
        let m = match rules.first(Kind::Material, line.body().1) {
            Some((rule, c)) => Material {
                label: line.value(&c, "label").map(|l| l.replace(' ', "")),
                title: line.value(&c, "title"),
                span: Span::line(line.no, line.page),
                rule: rule.id.clone(),
            },
            None => Material {
                label: None,
                title: Some(normalize_value(&line.text)),
                span: Span::line(line.no, line.page),
                rule: "material_unlabelled".into(),
            },
        };
        labels[i].claim(
            &m.rule,
            m.label.clone().or(m.title.clone()).unwrap_or_default(),
        );
        out.push(m);
    }
    out
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
                "題\n配付資料\n資料１　検討会の進め方\n参考資料2 構成員名簿\n座席表\n",
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
    }
}
