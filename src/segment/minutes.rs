//! 議事 (body) parser: section headings, remarks opened by a bullet or a speaker marker,
//! wrapped lines joined to the remark above, and what the record notes (procedures).
//! A bullet runs until a blank line or the next marker; a speaker turn runs until the next
//! turn, its lines kept as paragraphs separated by `\n`.

use crate::model::{Remark, Section};
use crate::rules::{Kind, RemarkKind, Rule, RuleSet};
use crate::span::Span;
use crate::text::{normalize_value, Line};

use super::LineLabel;

fn append(r: &mut Remark, line: &Line, value: &str) {
    if r.kind == RemarkKind::Speech && !r.text.is_empty() {
        r.text.push('\n');
        r.text.push_str(value);
    } else {
        crate::text::join_wrapped(&mut r.text, value);
    }
    r.span.extend_to(line.no);
}

/// The first of `candidates` that matches `key` and may be used here, with its captures.
fn pick<'r, 'k>(
    mut matching: impl Iterator<Item = &'r Rule>,
    key: &'k str,
    usable: &impl Fn(&Rule) -> bool,
) -> Option<(&'r Rule, regex::Captures<'k>)> {
    matching
        .find(|r| usable(r))
        .and_then(|r| r.captures(key).map(|c| (r, c)))
}

/// Parses the body zone (`idx` are the zone's line indices); label lines are skipped.
pub fn parse(
    lines: &[Line],
    idx: &[usize],
    rules: &RuleSet,
    labels: &mut [LineLabel],
) -> (Vec<Section>, Vec<Remark>) {
    let mut sections: Vec<Section> = Vec::new();
    let mut remarks: Vec<Remark> = Vec::new();
    // A transcript that marks its turns (`○議長（…）`) marks every one: there a bare
    // `墨田区長　山本　亨` is the signature of a letter read out, not a speaker. Weak
    // speech rules (bare names, `事務局:`) count only where no turn is marked; the body
    // is searched for a marked turn the first time a weak rule matches, not before.
    let marked = std::cell::OnceCell::new();
    let usable = |r: &Rule| {
        !(r.weak
            && r.remark_kind == Some(RemarkKind::Speech)
            && *marked.get_or_init(|| {
                idx.iter()
                    .any(|&i| rules.marked_turn(lines[i].body().1).is_some())
            }))
    };
    let mut open = false;
    // The speaker turn lines belong to, until another turn, bullet or section starts.
    let mut turn: Option<usize> = None;
    for &i in idx {
        let line = &lines[i];
        if labels[i].rule.is_some() {
            continue;
        }
        if line.is_blank() {
            if remarks.last().is_some_and(|r| r.kind != RemarkKind::Speech) {
                open = false;
            }
            continue;
        }
        let (_, key) = line.body();
        if let Some(rule) = rules
            .of(Kind::Separator)
            .chain(rules.of(Kind::End))
            .find(|r| r.regex.is_match(key))
        {
            let text = normalize_value(&line.text);
            labels[i].claim(&rule.id, text.clone());
            open = false;
            // A rule line is something the record notes: a procedure, and a break
            // between turns.
            if rule.kind == Kind::Separator {
                turn = None;
                remarks.push(Remark {
                    section: sections.len().checked_sub(1),
                    kind: RemarkKind::Procedure,
                    speaker: None,
                    speaker_role: None,
                    text,
                    span: Span::line(line.no, line.page),
                    rule: rule.id.clone(),
                });
            }
            continue;
        }
        // What the record notes (`〔「異議なし」と呼ぶ者あり〕`), then a speaker's turn
        // (`【安西会長】`), are tried before section headings, which may share their
        // brackets (`〔議題1〕`, `【議題について】`).
        // One pass of the remark set for the line, asked for each kind in turn.
        let hits: Vec<&Rule> = rules.matching(Kind::Remark, key).collect();
        let kind_of = |kind: RemarkKind| {
            pick(
                hits.iter()
                    .copied()
                    .filter(move |r| r.remark_kind == Some(kind)),
                key,
                &usable,
            )
        };
        let procedure = kind_of(RemarkKind::Procedure).or_else(|| kind_of(RemarkKind::Speech));
        let section_hit = match procedure {
            Some(_) => None,
            None => rules.first(Kind::Section, key),
        };
        if let Some((rule, c)) = section_hit {
            let title = line.value(&c, "title").unwrap_or_default();
            labels[i].claim(&rule.id, title.clone());
            turn = None;
            sections.push(Section {
                title,
                span: Span::line(line.no, line.page),
                rule: rule.id.clone(),
            });
            open = false;
            continue;
        }
        let section = sections.len().checked_sub(1);
        let remark = procedure.or_else(|| {
            rules
                .may_match(Kind::Remark, key)
                .then(|| pick(hits.iter().copied(), key, &usable))
                .flatten()
        });
        if let Some((rule, c)) = remark {
            let cut = |name: &str| line.value(&c, name);
            let kind = rule.remark_kind.unwrap_or(RemarkKind::Paragraph);
            // `（白井正子君）`: an honorific is not a role; a seat number says 議員.
            // A letter-spaced role (`議　長`) is the role. A seat says 議員: in its own
            // group, as the role (`第８番`), or before the name (`議員（８番 安達 幸博君）`).
            let printed = cut("role").map(|r| r.split_whitespace().collect::<String>());
            let glued = matches!((c.name("name"), c.name("role")),
                (Some(n), Some(r)) if n.end() == r.start() && !n.as_str().is_empty());
            let (seat_in_name, name) = match cut("name") {
                Some(n) => match n.split_once(' ') {
                    Some((first, rest)) if rules.seat.is_match(first) => {
                        (true, Some(rest.to_string()))
                    }
                    _ => (false, Some(n)),
                },
                None => (false, None),
            };
            let seated = c.name("seat").is_some()
                || seat_in_name
                || printed.as_deref().is_some_and(|r| rules.seat.is_match(r));
            let role = printed
                // 議員 is an honorific after a name in brackets (`（鈴木まさし議員）`, cut apart
                // by the rules) but the role where a rule reads it as one (`○高橋議員`).
                .filter(|r| {
                    *r == rules.words.seat_role
                        || (!rules.words.honorifics.contains(r) && !rules.seat.is_match(r))
                })
                .or_else(|| seated.then(|| rules.words.seat_role.clone()));
            // A family name glued to a post the table does not list as a speaker's role
            // (`○樋口政策評価審議官`): the name, then the post.
            let (name, role) = match (name, role) {
                (None, Some(r)) => match crate::lexicon::glued_name(&r, rules) {
                    Some((n, post)) => (Some(n), Some(post)),
                    None => (None, Some(r)),
                },
                // `○議長（元木会長）`: the chair is named with the post they hold besides the
                // role of the turn; the name is the family name.
                (Some(n), Some(r)) => match crate::lexicon::glued_name(&n, rules) {
                    Some((n, _)) => (Some(n), Some(r)),
                    // `【高桑総合政策局総務課長】`: the rule cut the post (`課長`) short, where
                    // the name stands glued before it (not `議長（吉田崇仁）`).
                    None => match glued.then(|| crate::lexicon::name_into_post(&n)).flatten() {
                        Some((family, rest)) => (
                            Some(family.to_string()).filter(|f| !f.is_empty()),
                            Some(format!("{rest}{r}")),
                        ),
                        None => (Some(n), Some(r)),
                    },
                },
                other => other,
            };
            let r = Remark {
                section,
                kind,
                speaker: name,
                speaker_role: role,
                text: cut("text").unwrap_or_default(),
                span: Span::line(line.no, line.page),
                rule: rule.id.clone(),
            };
            labels[i].claim(&rule.id, r.text.clone());
            // A procedural note is one line; what follows belongs to the turn before it.
            open = kind != RemarkKind::Procedure;
            match kind {
                RemarkKind::Speech => turn = Some(remarks.len()),
                RemarkKind::Procedure => {}
                _ => turn = None,
            }
            remarks.push(r);
        } else if let (true, Some(r)) = (open, remarks.last_mut()) {
            let value = normalize_value(&line.text);
            append(r, line, &value);
            labels[i].claim("continuation", value);
        } else if let Some(r) = turn.and_then(|t| remarks.get_mut(t)) {
            // A turn goes on after a procedural note inside it (`（拍手）`).
            let value = normalize_value(&line.text);
            append(r, line, &value);
            labels[i].claim("continuation", value);
            open = true;
        } else {
            let value = normalize_value(&line.text);
            labels[i].claim("paragraph", value.clone());
            remarks.push(Remark {
                section,
                kind: RemarkKind::Paragraph,
                speaker: None,
                speaker_role: None,
                text: value,
                span: Span::line(line.no, line.page),
                rule: "paragraph".into(),
            });
            open = true;
        }
        if let Some(s) = section.and_then(|s| sections.get_mut(s)) {
            s.span.extend_to(line.no);
        }
    }
    (sections, remarks)
}

#[cfg(test)]
mod tests {
    use crate::rules::RemarkKind;

    fn body(src: &str) -> crate::segment::Segmented {
        crate::segment::segment_text(src).0
    }

    #[test]
    fn a_family_name_glued_to_a_post_is_the_speaker() {
        let s = body("題\n議事\n○樋口政策評価審議官　拝命いたしました樋口でございます。\n○副町長　お答えします。\n");
        let got: Vec<_> = s
            .remarks
            .iter()
            .map(|r| (r.speaker.as_deref(), r.speaker_role.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("樋口"), Some("政策評価審議官")),
                (None, Some("副町長"))
            ]
        );
    }

    #[test]
    fn sections_and_wrapped_bullets() {
        let s = body("題\n○議事概要\n【自治体 DX 推進計画について】\n- ・ 一つ目の意見で、\n続きの行。\n\n・二つ目\n【次】\n・三つ目\n以上\n");
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[0].title, "自治体DX推進計画について");
        assert_eq!(
            (s.sections[0].span.line_start, s.sections[0].span.line_end),
            (3, 7)
        );
        let got: Vec<_> = s
            .remarks
            .iter()
            .map(|r| (r.section, r.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(0), "一つ目の意見で、続きの行。"),
                (Some(0), "二つ目"),
                (Some(1), "三つ目")
            ]
        );
        assert_eq!(s.labels[9].rule.as_deref(), Some("end_marker"));
    }

    /// Where turns are marked, a bare `墨田区長　山本　亨` (the signature of a letter read
    /// out) is part of the turn; where none is, `中村委員` alone opens one.
    #[test]
    fn bare_names_are_turns_only_where_no_turn_is_marked() {
        let marked = body("題\n議事\n○議長（佐藤篤）　要請書を朗読させます。\n　墨田区議会議長　佐藤　篤様\n　墨田区長　山本　亨\n");
        assert_eq!(marked.remarks.len(), 1);
        assert!(marked.remarks[0].text.ends_with("墨田区長 山本 亨"));
        let bare = body("題\n議事\n橘川部会長\n　　始めます。\n中村委員\n　　賛成します。\n");
        let got: Vec<_> = bare
            .remarks
            .iter()
            .map(|r| {
                (
                    r.speaker.as_deref(),
                    r.speaker_role.as_deref(),
                    r.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("橘川"), Some("部会長"), "始めます。"),
                (Some("中村"), Some("委員"), "賛成します。")
            ]
        );
    }

    #[test]
    fn speaker_turns_keep_paragraphs_and_procedures() {
        const SRC: &str = "◯議長（奈良岡隆君）　これより本日の会議を開きます。\n　本日の会議は日程により進めます。\n　　〔「異議なし」と呼ぶ者あり〕\n　御異議なしと認めます。\n◯９番（赤平勇人君）　異議があります。\n";
        let s = body(SRC);
        let r = &s.remarks;
        assert_eq!(r.len(), 3);
        assert_eq!(
            (
                r[0].kind,
                r[0].speaker.as_deref(),
                r[0].speaker_role.as_deref()
            ),
            (RemarkKind::Speech, Some("奈良岡隆"), Some("議長"))
        );
        assert_eq!(r[0].text, "これより本日の会議を開きます。\n本日の会議は日程により進めます。\n御異議なしと認めます。");
        assert_eq!(r[1].kind, RemarkKind::Procedure);
        assert_eq!(r[2].speaker.as_deref(), Some("赤平勇人"));
    }
}
