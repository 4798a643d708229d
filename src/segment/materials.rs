//! 配布資料 (materials) parser: `資料1 …`, `参考資料2 …`; an unlabelled line in the zone is
//! a material without a label.

use crate::model::Material;
use crate::rules::{Kind, RuleSet};
use crate::span::Span;
use crate::text::{normalize_value, Line};

use super::zones::Zoned;
use super::LineLabel;

/// Parses the materials zone (`idx` are the zone's line indices).
pub fn parse(
    lines: &[Line],
    idx: &[usize],
    zoned: &[Zoned],
    rules: &RuleSet,
    labels: &mut [LineLabel],
) -> Vec<Material> {
    let mut out = Vec::new();
    for &i in idx {
        let line = &lines[i];
        if line.is_blank() || zoned[i].label.is_some() {
            continue;
        }
        let key = line.key.trim_start();
        let offset = line.key.len() - key.len();
        let m = match rules
            .of(Kind::Material)
            .find_map(|r| r.regex.captures(key).map(|c| (r, c)))
        {
            Some((rule, c)) => {
                let cut = |name: &str| {
                    c.name(name)
                        .map(|m| normalize_value(line.cut(offset + m.start()..offset + m.end())))
                        .filter(|s| !s.is_empty())
                };
                Material {
                    label: cut("label").map(|l| l.replace(' ', "")),
                    title: cut("title"),
                    span: Span::line(line.no, line.page),
                    rule: rule.id.clone(),
                }
            }
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
