//! 出席者 (attendee) parser: group headings, one person per line (name then affiliation,
//! or `Name(Affiliation)`), attendance marks on the line or alone on the next line, the
//! affiliation split into organization and post by the rule table's suffix list.

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::Attendee;
use crate::rules::{Attendance, Field, Kind, RuleSet};
use crate::span::{Span, Spanned};
use crate::text::{name_key, normalize_value, Line};

use super::roster::{Outcome, Roster};
use super::zones::Zoned;
use super::LineLabel;

/// One attendance mark found on a line.
#[derive(Debug, Clone)]
struct Mark {
    text: String,
    attendance: Option<Attendance>,
    proxy: Option<String>,
    range: std::ops::Range<usize>,
}

/// Finds every mark on the line, in order of position.
fn marks(line: &Line, rules: &RuleSet) -> Vec<Mark> {
    let mut found: Vec<Mark> = Vec::new();
    for rule in rules.of(Kind::Mark) {
        for c in rule.regex.captures_iter(&line.key) {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            if found
                .iter()
                .any(|m| m.range.start < whole.end && whole.start < m.range.end)
            {
                continue;
            }
            let text = c.name("mark").map_or_else(
                || line.cut(whole.clone()).to_string(),
                |m| line.cut(m.range()).to_string(),
            );
            found.push(Mark {
                text: normalize_value(&text),
                attendance: rule.attendance,
                proxy: c
                    .name("proxy")
                    .map(|m| normalize_value(line.cut(m.range()))),
                range: whole,
            });
        }
    }
    found.sort_by_key(|m| m.range.start);
    found
}

/// The line with the marks cut out, as printed.
fn without(line: &Line, marks: &[Mark]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for m in marks {
        out.push_str(line.cut(at..m.range.start));
        out.push(' ');
        at = m.range.end;
    }
    out.push_str(line.cut(at..line.key.len()));
    out
}

fn apply_marks(a: &mut Attendee, marks: &[Mark], line_no: usize) {
    for m in marks {
        a.marks.push(m.text.clone());
        if let Some(p) = &m.proxy {
            a.proxy = Some(p.clone());
        }
        if let Some(status) = m.attendance {
            a.attendance = match (a.attendance, status) {
                // Late and left early on one person: there for part of the meeting.
                (Attendance::Late, Attendance::LeftEarly)
                | (Attendance::LeftEarly, Attendance::Late) => Attendance::Partial,
                (old, new) => old.max(new),
            };
        }
    }
    a.span.extend_to(line_no);
}

/// Splits an affiliation into organization and post: the longest suffix of the rule
/// table's `position_suffixes` is the post. A post joined by `兼` keeps both halves.
pub fn split_affiliation(aff: &str, rules: &RuleSet) -> (Option<String>, Option<String>) {
    let w = &rules.words;
    let (base, joined) = match w
        .position_joiners
        .iter()
        .filter_map(|j| aff.find(j.as_str()))
        .min()
    {
        Some(pos) if pos > 0 => (aff[..pos].trim_end(), Some(&aff[pos..])),
        _ => (aff, None),
    };
    let best = w
        .position_suffixes
        .iter()
        .filter(|s| base.ends_with(s.as_str()))
        .max_by_key(|s| s.chars().count());
    match best {
        Some(suffix) => {
            let unit = w
                .unit_prefixes
                .iter()
                .filter(|u| suffix.starts_with(u.as_str()) && u.len() < suffix.len())
                .map(|u| u.len())
                .max()
                .unwrap_or(0);
            let head = &base[..base.len() - suffix.len()];
            // `…推進課課長補佐` already prints the unit once before the post.
            let unit = if head.ends_with(&suffix[..unit]) {
                0
            } else {
                unit
            };
            let org = base[..base.len() - suffix.len() + unit].trim_end();
            let mut post = suffix.clone();
            if let Some(j) = joined {
                post.push(' ');
                post.push_str(j);
            }
            (
                (!org.is_empty()).then(|| org.to_string()),
                Some(normalize_value(&post)),
            )
        }
        None => (Some(aff.to_string()), None),
    }
}

/// A trailing parenthetical (`…代表社員（香川県CDO補佐官）`) is a note; what stands before it
/// is what the post is read from.
fn trailing_note<'a>(aff: &'a str, rules: &RuleSet) -> (&'a str, Option<String>) {
    match paren_tail(aff, rules) {
        Some((head, inner)) => (head, Some(inner.to_string())),
        None => (aff, None),
    }
}

/// A person read from a line or from one item of a list.
struct Person {
    name: String,
    role: Option<String>,
    affiliation: Option<String>,
    absent: bool,
    rule: &'static str,
}

fn person(
    name: String,
    role: Option<String>,
    affiliation: Option<String>,
    rule: &'static str,
) -> Person {
    Person {
        name,
        role,
        affiliation,
        absent: false,
        rule,
    }
}

/// The longest role of the table that `s` ends with, leaving a non-empty name.
fn role_suffix<'a>(s: &str, rules: &'a RuleSet) -> Option<&'a str> {
    rules
        .words
        .roles
        .iter()
        .filter(|r| s.ends_with(r.as_str()) && s.len() > r.len())
        .max_by_key(|r| r.len())
        .map(String::as_str)
}

/// `Name(X)` → (`Name`, `X`), by the rule table's `paren_tail_pattern`.
fn paren_tail<'a>(s: &'a str, rules: &RuleSet) -> Option<(&'a str, &'a str)> {
    let [head, inner] = crate::text::folded_groups(s, &rules.paren_tail, ["head", "inner"])?;
    Some((head?.trim_end(), inner?.trim()))
}

/// One item of a list, or one run of a tabular line: `佐藤座長`, `堀場 勇夫(会長)`,
/// `谷川史郎(東京藝術大学)`, `秋山 喜久`.
fn list_item(item: &str, rule: &'static str, rules: &RuleSet) -> Person {
    // `副委員長:安孫子哲`: the role, a colon, the name.
    if let Some((role, name)) = role_colon_name(item, rules) {
        return person(name.to_string(), Some(role.to_string()), None, rule);
    }
    if let Some((name, inner)) = paren_tail(item, rules) {
        // `松本 純(大臣政務官)`; but `谷川史郎(東京藝術大学教授)` is an affiliation.
        if is_title_word(inner, rules) {
            return person(name.to_string(), Some(inner.to_string()), None, rule);
        }
        // `市長(今泉文彦)`: the title, then the name in parentheses.
        if is_title_word(name, rules) {
            return person(inner.to_string(), Some(name.to_string()), None, rule);
        }
        return person(name.to_string(), None, Some(inner.to_string()), rule);
    }
    match split_role_suffix(item, rules) {
        Some((name, role)) => person(name.to_string(), Some(role.to_string()), None, rule),
        // `及川理事長`, `高橋経済社会政策室長`: a family name glued to a post.
        None => match crate::lexicon::glued_name(item, rules) {
            Some((name, post)) => person(name, Some(post), None, rule),
            None => person(item.to_string(), None, None, rule),
        },
    }
}

/// Every person on one attendee line. `raw` keeps the alignment spacing, `text` is
/// normalized; `prev_role` is the role above (for `同`).
fn read_people(raw: &str, text: &str, prev_role: Option<&str>, rules: &RuleSet) -> Vec<Person> {
    let w = &rules.words;
    // D, E: a comma list, maybe with a parenthesised list of absentees.
    if split_list(&rules.absent_list.replace_all(text, ""), rules).len() > 1
        || rules.absent_list.is_match(text)
    {
        let mut absent: Vec<Person> = Vec::new();
        let mut rest = text.to_string();
        if let Some(c) = rules.absent_list.captures(text) {
            let list = c.name("list").map_or("", |m| m.as_str());
            for item in split_list(list, rules) {
                let mut p = list_item(&item, "attendee_list", rules);
                p.absent = true;
                absent.push(p);
            }
            rest = rest.replace(c.get(0).map_or("", |m| m.as_str()), "");
        }
        let rest = rules
            .of(Kind::AttendeeCount)
            .fold(rest, |r, rule| crate::text::remove_matches(&r, &rule.regex));
        let mut people: Vec<Person> = split_list(&rest, rules)
            .iter()
            .map(|i| list_item(i, "attendee_list", rules))
            .collect();
        people.extend(absent);
        return people;
    }
    // H: several `Name(Role)` runs separated by alignment space.
    let runs: Vec<String> = crate::text::split_runs(raw)
        .into_iter()
        .map(normalize_value)
        .collect();
    if runs.len() > 1
        && paren_tail(&runs[0], rules).is_some_and(|(_, inner)| w.roles.iter().any(|r| r == inner))
    {
        return runs
            .iter()
            .map(|r| list_item(r, "attendee_runs", rules))
            .collect();
    }
    // F: a role column, then the name (and maybe an affiliation).
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() >= 2 {
        let role = if w.same_role.iter().any(|r| r == tokens[0]) {
            prev_role.map(str::to_string)
        } else {
            w.roles.iter().find(|r| *r == tokens[0]).cloned()
        };
        if let Some(role) = role {
            let (name, aff) = split_person(&tokens[1..].join(" "), rules);
            return vec![person(name, Some(role), aff, "attendee_role_column")];
        }
    }
    // Full names two tokens each, family then given (`浅野 直人 加賀美 幸子 幸田 シャーミン`),
    // as a ministry's roster prints them several to a line.
    if let Some(names) = name_pairs(text, rules) {
        return names
            .into_iter()
            .map(|n| person(n, None, None, "attendee_name_pairs"))
            .collect();
    }
    // Full names set off by spaces (`◎山川昌子 ○肥沼茂男 佐藤真和`, maybe ending `…各委員`).
    if let Some((names, role)) = full_names(text, rules) {
        return names
            .into_iter()
            .map(|n| person(n, role.clone(), None, "attendee_full_names"))
            .collect();
    }
    // A row of letter-spaced names (`大 室   尚   斉 藤 哲 雄`), as a table prints them.
    // Each name begins with a family name of the lexicon, or the gaps were no cells
    // (`稲 田   修 堀 川 光 博` is 稲田修 and 堀川光博, not 稲田 and 修堀川光博).
    let fits = |n: &String| {
        let closed: String = n.split_whitespace().collect();
        closed.chars().count() <= 5 && !crate::lexicon::leading_surnames(&closed).is_empty()
    };
    if let Some(names) =
        super::roster::spaced_names(raw, rules).filter(|names| names.iter().all(fits))
    {
        return names
            .into_iter()
            .map(|n| person(n, None, None, "attendee_spaced_names"))
            .collect();
    }
    // Letter-spaced names one space apart, maybe after a letter-spaced role (`副 会 長 石 黒
    // 直 次 田 代 千代志`): cut where the lexicon says one name ends.
    // `本 間   智 以上26名`: the count is no name (a line without digits has none).
    let uncounted = if raw.contains(char::is_numeric) {
        rules
            .of(Kind::AttendeeCount)
            .fold(raw.to_string(), |r, rule| {
                crate::text::remove_matches(&r, &rule.regex)
            })
    } else {
        raw.to_string()
    };
    if let Some((role, names)) = super::roster::letter_spaced_names(&uncounted, rules) {
        let role = role.or_else(|| prev_role.map(str::to_string));
        return names
            .into_iter()
            .map(|n| person(n, role.clone(), None, "attendee_letter_spaced"))
            .collect();
    }
    // Family names glued to their posts, set off by space (`田中次長兼議事調査課長 松澤主幹
    // 嶋田副主幹`), as a secretariat is listed: each is a person with the post as role.
    // A full name glued to its post (`南部和彦次長`) would read as 南部 + 和彦次長, the
    // lexicon knowing family names only: the list is read only when every token splits,
    // which such lists (`榎本雅朝局長心得 …`) seldom do.
    // A name ending in a role of the table is that role's (`高橋健二委員`: 高橋健二, 委員).
    let glued_with = |shortest: usize| -> Vec<(String, String)> {
        text.split_whitespace()
            .map_while(|t| {
                crate::lexicon::glued_name_given(t, rules, shortest)
                    .filter(|_| split_role_suffix(t, rules).is_none())
            })
            .collect()
    };
    let mut glued = glued_with(2);
    // Most of the list full names: the rest may have a one-character given name (姫野努).
    let full = glued
        .iter()
        .filter(|(name, _)| !crate::lexicon::is_surname(name))
        .count();
    if full > 0 && full * 2 >= text.split_whitespace().count() {
        glued = glued_with(1);
    }
    if !glued.is_empty() && glued.len() == text.split_whitespace().count() {
        return glued
            .into_iter()
            .map(|(n, post)| person(n, Some(post), None, "attendee_glued_posts"))
            .collect();
    }
    // Titles and names where a page lost its wide gaps (`教  育  長  小泉 克行  総 務 部 長
    // 石井 康雄`).
    if let Some(pairs) = super::roster::title_name_cells(raw, rules) {
        return pairs
            .into_iter()
            .map(|(role, name)| person(name, Some(role), None, "attendee_title_cells"))
            .collect();
    }
    // A, B: one person, name then affiliation or Name(Affiliation), maybe with a
    // bracketed role after it (`手塚悟(…教授)【主査】`).
    let (text, role) = match bracket_role(text, rules) {
        Some((rest, role)) => (rest, Some(role)),
        None => (text.to_string(), None),
    };
    // A name cell set off by alignment space (a table: `庄司昌彦　　　武蔵大学教授`) is the
    // whole name, whatever its spaces.
    let cells = crate::text::split_runs(raw);
    let (name, aff) = match cells.as_slice() {
        [name, rest @ ..] if !rest.is_empty() && role.is_none() => (
            normalize_value(name),
            Some(normalize_value(&rest.join(" "))),
        ),
        _ => split_person(&text, rules),
    };
    // `鶴岡委員(代理河合氏)`: the role printed after the name.
    let (name, role) = match (role, split_role_suffix(&name, rules)) {
        (None, Some((n, r))) => (n.to_string(), Some(r.to_string())),
        (role, _) => (name, role),
    };
    vec![person(name, role, aff, "attendee_row")]
}

/// A line of full names printed family name, space, given name, one after the other
/// (`浅野 直人 加賀美 幸子 幸田 シャーミン`, `小野 元次君 市津 広海君`): the names, without
/// an honorific, or `None` unless every token is a short word of Japanese letters and
/// none a title, and the names carry an honorific each or two in three of the family
/// names are in the lexicon.
fn name_pairs(text: &str, rules: &RuleSet) -> Option<Vec<String>> {
    let toks: Vec<&str> = text
        .split_whitespace()
        .map(|t| t.trim_start_matches(|c| rules.words.name_marks.contains(&c)))
        .collect();
    if toks.len() < 4 || !toks.len().is_multiple_of(2) {
        return None;
    }
    fn honorific<'t>(t: &'t str, rules: &RuleSet) -> Option<&'t str> {
        rules
            .words
            .honorifics
            .iter()
            .find_map(|h| t.strip_suffix(h.as_str()).filter(|g| !g.is_empty()))
    }
    let pairs: Vec<(&str, &str)> = toks
        .chunks(2)
        .map(|p| (p[0], honorific(p[1], rules).unwrap_or(p[1])))
        .collect();
    let word = |t: &str, most: usize| {
        (1..=most).contains(&t.chars().count())
            && t.chars().all(crate::text::is_japanese)
            && !is_title_word(t, rules)
            && !ends_with_post(t, rules)
    };
    if !pairs.iter().all(|(f, g)| word(f, 4) && word(g, 6)) {
        return None;
    }
    let honoured = toks.chunks(2).all(|p| honorific(p[1], rules).is_some());
    let known = pairs
        .iter()
        .filter(|(f, _)| crate::lexicon::is_surname(f))
        .count();
    (honoured || known * 3 >= pairs.len() * 2)
        .then(|| pairs.iter().map(|(f, g)| format!("{f} {g}")).collect())
}

/// A line of full names, each printed without a space and set off from the next by one
/// (`◎山川昌子 ○肥沼茂男 佐藤真和 北久保眞道`, `駒崎高行 田中富造 清沢謙治各委員`): the names
/// and the role a `list_role_suffixes` ending gives them all, or `None` unless there are
/// two names or more, each of three to six Japanese letters beginning with a family name
/// of the lexicon, and none a title.
fn full_names(text: &str, rules: &RuleSet) -> Option<(Vec<String>, Option<String>)> {
    let w = &rules.words;
    let mut toks: Vec<&str> = text
        .split_whitespace()
        .map(|t| t.trim_start_matches(|c| w.name_marks.contains(&c)))
        .collect();
    let mut role = None;
    if let Some(last) = toks.last_mut() {
        if let Some(suffix) = w
            .list_role_suffixes
            .iter()
            .find(|s| last.ends_with(s.as_str()))
        {
            *last = &last[..last.len() - suffix.len()];
            role = suffix.strip_prefix('各').map(str::to_string);
        }
    }
    let shaped = |t: &str| {
        (3..=6).contains(&t.chars().count())
            && t.chars().all(crate::text::is_japanese)
            && !is_title_word(t, rules)
            && !ends_with_post(t, rules)
    };
    // Two in three begin with a family name of the lexicon: it lacks some (肥沼).
    let known = toks
        .iter()
        .filter(|t| crate::lexicon::is_full_name(t))
        .count();
    (toks.len() >= 2 && toks.iter().all(|t| shaped(t)) && known * 3 >= toks.len() * 2)
        .then(|| (toks.into_iter().map(str::to_string).collect(), role))
}

/// A trailing `【主査】` whose content is a known role.
fn bracket_role(text: &str, rules: &RuleSet) -> Option<(String, String)> {
    let [head, inner] = crate::text::folded_groups(text, &rules.role_mark, ["head", "inner"])?;
    let (head, inner) = (head?, inner?.trim());
    rules
        .words
        .roles
        .iter()
        .any(|r| r == inner)
        .then(|| (head.trim_end().to_string(), inner.to_string()))
}

/// Splits at list separators outside parentheses: `（…推進、地域振興担当）` is one post.
pub(super) fn split_list(s: &str, rules: &RuleSet) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match crate::text::fold_char(c) {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && rules.words.list_separators.contains(&c) {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
        .into_iter()
        .map(normalize_value)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Name and affiliation from a person's line (marks already cut out).
fn split_person(text: &str, rules: &RuleSet) -> (String, Option<String>) {
    let max = rules.words.name_part_max;
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let len = |s: &str| s.chars().count();
    match tokens.as_slice() {
        [] => (String::new(), None),
        [only] => {
            // `太田洋(西村あさひ法律事務所パートナー弁護士)`
            match paren_tail(only, rules) {
                Some((name, inner)) => (name.to_string(), Some(inner.to_string())),
                None => match split_glued(only, rules) {
                    Some((name, aff)) => (name, Some(aff)),
                    None => (only.to_string(), None),
                },
            }
        }
        [a, b, rest @ ..] if len(a) <= max && len(b) <= max && !ends_with_post(b, rules) => {
            let name = format!("{a} {b}");
            let aff = rest.join(" ");
            (name, (!aff.is_empty()).then_some(aff))
        }
        // C: the affiliation first, ending in a post, then the name
        // (`内閣府知的財産戦略推進事務局参事官 佐藤花子`, `武蔵大学 教授 庄司 昌彦`).
        [aff @ .., n1, n2]
            if aff.last().is_some_and(|a| ends_with_post(a, rules))
                && len(n1) <= max
                && len(n2) <= max
                && !ends_with_post(n2, rules) =>
        {
            (format!("{n1} {n2}"), Some(aff.join(" ")))
        }
        [aff @ .., n]
            if aff.last().is_some_and(|a| ends_with_post(a, rules))
                && len(n) <= 2 * max
                && !ends_with_post(n, rules) =>
        {
            (n.to_string(), Some(aff.join(" ")))
        }
        [a, rest @ ..] => (a.to_string(), Some(rest.join(" "))),
    }
}

/// C without a space: the affiliation runs into the name after its post
/// (`(株)東芝EC戦略推進室参事窪小谷隆`, `日本電気(株)知的財産本部長山田一郎`). The name is
/// what follows the last post when that is two to five letters with no post of its own;
/// the boundary is a guess a dictionary could improve.
fn split_glued(token: &str, rules: &RuleSet) -> Option<(String, String)> {
    let chars: Vec<char> = token.chars().collect();
    (2..=5.min(chars.len().saturating_sub(2)))
        .rev()
        .map(|n| chars.len() - n)
        .find_map(|at| {
            let (aff, name): (String, String) =
                (chars[..at].iter().collect(), chars[at..].iter().collect());
            let name_like = name.chars().all(crate::text::is_japanese);
            (ends_with_post(&aff, rules)
                && name_like
                && !rules
                    .words
                    .position_suffixes
                    .iter()
                    .any(|p| name.contains(p.as_str())))
            .then_some((name, aff))
        })
}

/// A role or a post on its own (`委員`, `副大臣`, `市長`), with no organization before it.
/// `(◎部会長、○副部会長)` → [(◎, 部会長), (○, 副部会長)]: a bracketed list whose every item
/// is a name mark and a role of the table (or a post).
fn mark_legend(key: &str, rules: &RuleSet) -> Option<Vec<(char, String)>> {
    let w = &rules.words;
    let first = crate::text::fold_char(key.chars().next()?);
    let close = w.closing_bracket(first)?;
    let inner = key[first.len_utf8()..].trim_end().strip_suffix(close)?;
    let pairs: Vec<(char, String)> = split_list(inner, rules)
        .iter()
        .map(|item| {
            let mut chars = item.chars();
            let mark = chars.next().filter(|c| w.name_marks.contains(c))?;
            let role = chars.as_str().trim().to_string();
            (is_title_word(&role, rules) || ends_with_post(&role, rules)).then_some((mark, role))
        })
        .collect::<Option<_>>()?;
    (!pairs.is_empty()).then_some(pairs)
}

/// A name printed with a mark before it (`○大久保一郎`): the mark is no part of the name, and
/// a legend (`○副部会長`) gives it its role where the line gave none.
fn apply_legend(out: &mut [Attendee], legend: &[(char, String)], rules: &RuleSet) {
    for a in out.iter_mut() {
        let Some(mark) = a
            .name
            .chars()
            .next()
            .filter(|c| rules.words.name_marks.contains(c))
        else {
            continue;
        };
        let rest = a.name[mark.len_utf8()..].trim();
        if rest.is_empty() {
            continue;
        }
        a.name = rest.to_string();
        a.name_key = name_key(&a.name);
        if let Some((_, role)) = legend.iter().find(|(m, _)| *m == mark) {
            if a.role.is_none() || a.role == a.group {
                a.role = Some(role.clone());
            }
        }
    }
}

/// `委員長:星名建市` → (`委員長`, `星名建市`): a role of the table, a label colon, a name.
fn role_colon_name<'a>(item: &'a str, rules: &RuleSet) -> Option<(&'a str, &'a str)> {
    let (at, c) = item
        .char_indices()
        .find(|&(_, c)| rules.words.label_colons.contains(crate::text::fold_char(c)))?;
    let (role, name) = (item[..at].trim(), item[at + c.len_utf8()..].trim());
    (rules.words.roles.iter().any(|r| r == role) && !name.is_empty()).then_some((role, name))
}

fn is_title_word(s: &str, rules: &RuleSet) -> bool {
    let w = &rules.words;
    w.roles.iter().chain(&w.position_suffixes).any(|r| r == s)
}

/// `鶴岡委員` → (`鶴岡`, `委員`): the longest role of the table the text ends with.
fn split_role_suffix<'a>(s: &'a str, rules: &'a RuleSet) -> Option<(&'a str, &'a str)> {
    role_suffix(s, rules).map(|role| (s[..s.len() - role.len()].trim(), role))
}

fn ends_with_post(s: &str, rules: &RuleSet) -> bool {
    rules
        .words
        .position_suffixes
        .iter()
        .any(|p| s.ends_with(p.as_str()))
}

/// The attendee block read: the people, and the head counts printed in place of names
/// (`【事務局】5名`, or `2名` under `欠席者`), each as printed, its group before a bare count.
pub struct Read {
    pub attendees: Vec<Attendee>,
    pub head_counts: Vec<Spanned<String>>,
    /// Lines whose label printed the people after it (`出席委員 山川昌子 肥沼茂男 …`): their
    /// value is no attendance note.
    pub inline: Vec<usize>,
}

/// The readings of a line that find a list of people, not one person and an affiliation:
/// only these read the value of a label line as people.
const LIST_READINGS: [&str; 6] = [
    "attendee_list",
    "attendee_name_pairs",
    "attendee_full_names",
    "attendee_spaced_names",
    "attendee_letter_spaced",
    "attendee_glued_posts",
];

/// Parses the attendee zone (`idx` are the zone's line indices).
pub fn parse(
    lines: &[Line],
    idx: &[usize],
    zoned: &[Zoned],
    rules: &RuleSet,
    labels: &mut [LineLabel],
    diags: &mut Vec<Diagnostic>,
) -> Read {
    let mut out: Vec<Attendee> = Vec::new();
    let mut head_counts: Vec<Spanned<String>> = Vec::new();
    let mut group: Option<String> = None;
    let mut group_absent = false;
    // (printed count, line, index into `group_starts` of the counted group)
    let mut counted: Vec<(usize, usize, usize)> = Vec::new();
    // Where each group's rows start: a printed count covers its own group only.
    let mut group_starts: Vec<usize> = Vec::new();
    let mut roster = Roster::default();
    let mut inline: Vec<usize> = Vec::new();
    let mut legend: Vec<(char, String)> = Vec::new();
    for &i in idx {
        let line = &lines[i];
        if line.is_blank() {
            continue;
        }
        let key = line.key.trim();
        // A time label inside the block belongs to the header.
        if zoned[i]
            .label
            .as_ref()
            .is_some_and(|h| h.field != Field::Attendees)
        {
            continue;
        }
        if let Some(hit) = &zoned[i].label {
            // The label line itself (`出席議員（３８名）`) may print a count.
            end_roster(&mut roster, diags);
            // `出席議員（３８名）` names its group; `出席者` only opens the block.
            group = rules
                .of(Kind::HeaderLabel)
                .find(|r| r.id == hit.rule)
                .and_then(|r| r.regex.captures(line.body().1))
                .and_then(|c| c.name("group").map(|g| g.as_str().replace(' ', "")));
            group_absent = false;
            group_starts.push(out.len());
            if let Some(n) = count_in(&line.key[hit.value.clone()], rules) {
                counted.push((n, line.no, group_starts.len() - 1));
            }
            // Names printed on the label's own line (`1.出席委員 ◎山川昌子 ○肥沼茂男 …`), when
            // they read as a list of people; any other value is the header's note.
            let value = line.cut(hit.value.clone());
            let value = rules.list_note.replace(value, "");
            let value = rules
                .of(Kind::AttendeeCount)
                .fold(value.into_owned(), |v, r| {
                    crate::text::remove_matches(&v, &r.regex)
                });
            let people = read_people(&value, &normalize_value(&value), None, rules);
            if people.len() >= 2 && LIST_READINGS.contains(&people[0].rule) {
                let (names, _) =
                    push_people(&mut out, people, (group.as_ref(), false), line, rules);
                inline.push(line.no);
                labels[i].claim(&hit.rule, names.join(";"));
            }
            continue;
        }
        // A legend of the marks before names (`(◎部会長、○副部会長)`): not a group, but the
        // role of each name so marked, above it or below.
        if let Some(pairs) = mark_legend(key, rules) {
            labels[i].claim("attendee_mark_legend", normalize_value(key));
            legend.extend(pairs);
            continue;
        }
        // Under a roster, `（保健所長）` is a note on the title above, not a group.
        let roster_note = roster.active && super::roster::is_title_note(key, rules);
        // Under a roster of titles, a title cell with a name beside it is a row
        // (`委員　　　渡　辺　峰　子　君` under `委員長　塩　田　尚　君`), not a heading.
        let roster_row = roster.active
            && matches!(crate::text::split_runs(line.text.trim()).as_slice(),
                [first, _, ..] if rules.words.roles.iter().any(|r| *r == crate::text::key_of(first).replace(' ', "")));
        // A heading with its first member beside it, set off by alignment space
        // (`欠席議員(1名)     8番  五十嵐隆朗`): the heading, then the rest as a line.
        let mut beside: Option<Line> = None;
        let head_cell: Line;
        let mut heading = rules
            .first(Kind::GroupHeading, key)
            .filter(|_| !roster_note)
            .map(|h| (line, h));
        // A list of `role:name` items (`委員長:星名建市、副委員長:安孫子哲`) has no heading
        // glued before it: each item says its role.
        let role_pairs = key.contains(|c| rules.words.label_colons.contains(c)) && {
            let items = split_list(line.text.trim(), rules);
            items.len() >= 2 && items.iter().all(|i| role_colon_name(i, rules).is_some())
        };
        if heading.is_none() && !roster_note && !roster_row && !role_pairs {
            let text = line.text.trim();
            // The heading glued before its members: `委員：山田太郎、佐藤花子`,
            // `（委員）山田太郎（座長）、…`, or set off by alignment space.
            let glued = group_prefix(text, rules).filter(|head| {
                let inner = head
                    .trim_matches(|c: char| !crate::text::is_japanese(c) && !c.is_alphanumeric());
                !rules.words.legal_forms.iter().any(|f| f == inner)
            });
            let first = match crate::text::split_runs(text).as_slice() {
                [first, _, ..] => Some(*first),
                _ => None,
            };
            // A numbered heading one space before its members (`1.事務局員 榎本雅朝局長心得
            // 南部和彦次長`), as a list of numbered labels prints it.
            let numbered = text
                .split_whitespace()
                .next()
                .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()) && t.len() < text.len());
            // The first cell, else the glued heading (`(事務局) 田中局長  鈴木課長`: the
            // heading is glued to a cell that is not one).
            let cell = [first, glued, numbered].into_iter().flatten().find(|cell| {
                rules
                    .first(Kind::GroupHeading, crate::text::key_of(cell).trim())
                    .is_some()
            });
            if let Some(first) = cell {
                head_cell = Line::new(line.no, line.page, first);
                if let Some(h) = rules.first(Kind::GroupHeading, head_cell.key.trim()) {
                    beside = Some(Line::new(line.no, line.page, &text[first.len()..]));
                    heading = Some((&head_cell, h));
                }
            }
        }
        if let Some((head, (rule, c))) = heading {
            if !rules
                .of(Kind::Mark)
                .any(|m| m.regex.is_match(head.key.trim()))
            {
                let g = head.value(&c, "group").unwrap_or_default().replace(' ', "");
                group_absent = rules.absent_group.is_match(&g);
                end_roster(&mut roster, diags);
                group_starts.push(out.len());
                if let Some(n) = c.name("count").and_then(|m| m.as_str().parse().ok()) {
                    counted.push((n, line.no, group_starts.len() - 1));
                }
                labels[i].claim(&rule.id, g.clone());
                group = Some(g);
                if beside.is_none() {
                    continue;
                }
            }
        }
        let line = beside.as_ref().unwrap_or(line);
        let key = line.key.trim();
        if rules
            .words
            .empty_group
            .iter()
            .any(|e| key.replace(' ', "") == *e)
        {
            labels[i].claim("empty_group", normalize_value(key));
            continue;
        }
        if let Some((rule, c)) = rules.first(Kind::HeadCount, key) {
            let text = normalize_value(&line.text);
            // `2名` under `欠席者` says which group it counts.
            let bare = c.get(0).is_some_and(|m| {
                m.as_str()
                    .trim_start()
                    .starts_with(|ch: char| ch.is_ascii_digit())
            });
            // Letter-spaced (`出　席　総　数　１７`) reads closed up in a note.
            let closed: String = text.split_whitespace().collect();
            let note = match (&group, bare) {
                (Some(g), true) => format!("{g} {closed}"),
                _ => closed,
            };
            labels[i].claim(&rule.id, text);
            head_counts.push(Spanned::new(
                note,
                Span::line(line.no, line.page),
                rule.id.clone(),
            ));
            continue;
        }
        let found = marks(line, rules);
        let rest = without(line, &found);
        let rest = normalize_value(&rest);
        if rest.is_empty() {
            // A mark alone on its line continues the person above it.
            match out.last_mut() {
                Some(a) => {
                    apply_marks(a, &found, line.no);
                    labels[i].claim(
                        "attendee_mark",
                        found
                            .iter()
                            .map(|m| m.text.as_str())
                            .collect::<Vec<_>>()
                            .join(";"),
                    );
                }
                None => diags.push(
                    Diagnostic::new(
                        Severity::Warning,
                        Code::OrphanMark,
                        "an attendance mark with no attendee above it",
                    )
                    .at(line.no)
                    .with_text(line.text.trim()),
                ),
            }
            continue;
        }
        let raw_rest = without(line, &found);
        if roster.claims(&raw_rest, rules) {
            let claim = match roster.read(&raw_rest, line.no, rules, out.len()) {
                Outcome::People(people) => {
                    // Members sit in seats; a post with no seat after a group of seats
                    // (`局長  元木勇治` under the absentees' seats) is staff, outside it.
                    let first = group_starts.last().copied().unwrap_or(0);
                    let seated = out.len() > first && out[first..].iter().all(|a| a.seat.is_some());
                    if seated
                        && people
                            .first()
                            .is_some_and(|p| p.seat.is_none() && p.role.is_some())
                    {
                        group = None;
                        group_absent = false;
                        group_starts.push(out.len());
                    }
                    let template = Attendee {
                        group: group.clone(),
                        attendance: if group_absent {
                            Attendance::Absent
                        } else {
                            Attendance::Present
                        },
                        ..Attendee::default()
                    };
                    let names: Vec<String> = people
                        .iter()
                        .map(|p| match (&p.seat, &p.role) {
                            (Some(seat), _) => format!("{seat}番 {}", p.name),
                            (None, Some(role)) => format!("{role} {}", p.name),
                            (None, None) => p.name.clone(),
                        })
                        .collect();
                    for p in people {
                        let mut span = Span::line(p.first_line, line.page);
                        span.extend_to(line.no);
                        // `６番  山 村 美咲子(副議長)`: the role after the name.
                        let (name, role) = match paren_tail(&p.name, rules) {
                            Some((n, inner)) if is_title_word(inner, rules) => {
                                (n.trim_end().to_string(), Some(inner.to_string()))
                            }
                            _ => (p.name, p.role),
                        };
                        // A title spaced out over its cell (`議　　　長`) is the title; the
                        // ditto mark (`〃`) is the title of the row above.
                        let role = role.map(|r| r.replace(' ', "")).and_then(|r| {
                            if rules.words.same_role.contains(&r) {
                                out.last().and_then(|a| a.role.clone())
                            } else {
                                Some(r)
                            }
                        });
                        out.push(Attendee {
                            role: role.or_else(|| group.clone()),
                            seat: p.seat,
                            name_key: name_key(&name),
                            name,
                            span,
                            rule: "attendee_roster".into(),
                            ..template.clone()
                        });
                    }
                    if let Some(a) = out.last_mut() {
                        apply_marks(a, &found, line.no);
                    }
                    names.join(";")
                }
                Outcome::Pending(title) => format!("title: {title}"),
                Outcome::Amend { person, text } => {
                    let a = &mut out[person];
                    a.role = Some(format!("{}{text}", a.role.as_deref().unwrap_or_default()));
                    a.span.extend_to(line.no);
                    format!("{} += {text}", a.name)
                }
            };
            labels[i].claim("attendee_roster", claim);
            continue;
        }
        let people = read_people(
            &raw_rest,
            &rest,
            out.last().and_then(|a| a.role.as_deref()),
            rules,
        );
        let (names, rule) = push_people(
            &mut out,
            people,
            (group.as_ref(), group_absent),
            line,
            rules,
        );
        if let Some(a) = out.last_mut().filter(|_| !names.is_empty()) {
            apply_marks(a, &found, line.no);
        }
        labels[i].claim(rule, names.join(";"));
        // `…清沢謙治各委員` ends a list that began on the lines above (`1.出席委員 ◎山川昌子 …`):
        // the role is every listed name's, not only this line's.
        if rule == "attendee_full_names" {
            if let Some(role) = rules
                .words
                .list_role_suffixes
                .iter()
                .find(|s| key.ends_with(s.as_str()))
                .and_then(|s| s.strip_prefix('各'))
            {
                let start = group_starts.last().copied().unwrap_or(0);
                for a in out[start..].iter_mut() {
                    if a.rule == "attendee_full_names" && (a.role.is_none() || a.role == a.group) {
                        a.role = Some(role.to_string());
                    }
                }
            }
        }
    }
    end_roster(&mut roster, diags);
    join_affiliation_lines(&mut out, &mut group_starts, lines, labels, rules);
    apply_legend(&mut out, &legend, rules);
    for (n, line, g) in counted {
        let first = group_starts[g];
        let end = group_starts.get(g + 1).copied().unwrap_or(out.len());
        let rows = end - first;
        if rows != n {
            diags.push(
                Diagnostic::new(
                    Severity::Warning,
                    Code::CountMismatch,
                    format!("the list prints {n} people but {rows} rows were read"),
                )
                .at(line),
            );
        }
    }
    Read {
        attendees: out,
        head_counts,
        inline,
    }
}

/// C over lines: an affiliation printed alone on one or more lines right above the name
/// (`富士通(株)法務・知的財産権本部` / `法務部ビジネス支援部担当課長` / `鈴木康史`) makes one
/// person with that affiliation. A line is taken for part of an affiliation when it is one
/// cell too long to be a name; the rows it made are folded into the name's row, and the
/// group starts moved to match.
/// Attendees of the people read from one line, under the group (and whether it is of
/// absentees) they stand in: the names, and the rule of the line's reading.
fn push_people(
    out: &mut Vec<Attendee>,
    people: Vec<Person>,
    (group, group_absent): (Option<&String>, bool),
    line: &Line,
    rules: &RuleSet,
) -> (Vec<String>, &'static str) {
    let mut names = Vec::new();
    let mut rule = "attendee_row";
    for p in people {
        rule = p.rule;
        let mut a = Attendee {
            group: group.cloned(),
            role: p.role.or_else(|| group.cloned()),
            name_key: name_key(&p.name),
            name: p.name,
            span: Span::line(line.no, line.page),
            rule: p.rule.into(),
            attendance: if group_absent || p.absent {
                Attendance::Absent
            } else {
                Attendance::Present
            },
            ..Attendee::default()
        };
        if let Some(aff) = p.affiliation {
            let (base, note) = trailing_note(&aff, rules);
            let (org, post) = split_affiliation(base, rules);
            a.organization = org;
            a.position = post;
            a.note = note;
            a.affiliation = Some(aff);
        }
        if p.absent {
            a.marks.push(rules.words.absent_mark.clone());
        }
        // Marks on a line of several people cannot be told apart: they go to the last.
        names.push(a.name.clone());
        out.push(a);
    }
    (names, rule)
}

/// A group heading glued before the first member: a bracketed word (`（委員）`, `【委員】`)
/// or a word and a colon (`委員：`, `事務局:`), with something after it. Brackets and colons
/// are the rule table's (`bracket_pairs`, `label_colons`, folded).
fn group_prefix<'t>(text: &'t str, rules: &RuleSet) -> Option<&'t str> {
    use crate::text::fold_char;
    let first = fold_char(text.chars().next()?);
    let close = rules.words.closing_bracket(first);
    let (at, c) = text
        .char_indices()
        .skip(usize::from(close.is_some()))
        .take(16)
        .find(|&(_, c)| match close {
            Some(close) => fold_char(c) == close,
            None => rules.words.label_colons.contains(fold_char(c)),
        })?;
    let end = at + c.len_utf8();
    (end < text.len() && !text[end..].trim().is_empty()).then(|| &text[..end])
}

fn join_affiliation_lines(
    out: &mut Vec<Attendee>,
    group_starts: &mut [usize],
    lines: &[Line],
    labels: &mut [LineLabel],
    rules: &RuleSet,
) {
    let longest_name = 2 * rules.words.name_part_max;
    let plain = |a: &Attendee| {
        a.rule == "attendee_row"
            && a.affiliation.is_none()
            && a.seat.is_none()
            && a.marks.is_empty()
            && !a.name.contains(' ')
    };
    let fragment = |a: &Attendee| plain(a) && a.name.chars().count() > longest_name;
    let name = |a: &Attendee| {
        plain(a) && a.name.chars().count() <= longest_name && !ends_with_post(&a.name, rules)
    };
    let next_to =
        |a: &Attendee, b: &Attendee| b.span.line_start == a.span.line_end + 1 && a.group == b.group;
    let mut keep = vec![true; out.len()];
    let mut i = 0;
    while i < out.len() {
        let mut j = i;
        while j < out.len() && fragment(&out[j]) && (j == i || next_to(&out[j - 1], &out[j])) {
            j += 1;
        }
        if j > i && j < out.len() && name(&out[j]) && next_to(&out[j - 1], &out[j]) {
            let aff: Vec<&str> = out[i..j].iter().map(|a| a.name.as_str()).collect();
            let aff = aff.join(" ");
            for a in &out[i..j] {
                if let Some(k) = lines.iter().position(|l| l.no == a.span.line_start) {
                    labels[k].claim("attendee_affiliation", a.name.clone());
                }
            }
            let first = out[i].span.line_start;
            let a = &mut out[j];
            let (org, post) = split_affiliation(&aff, rules);
            a.organization = org;
            a.position = post;
            a.affiliation = Some(aff);
            a.span.line_start = first;
            keep[i..j].fill(false);
            i = j + 1;
        } else {
            i = j.max(i + 1);
        }
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    // Where each kept row lands: group starts move back by the rows folded before them.
    let mut landed = Vec::with_capacity(keep.len() + 1);
    let mut n = 0;
    for &k in &keep {
        landed.push(n);
        n += usize::from(k);
    }
    landed.push(n);
    for g in group_starts.iter_mut() {
        *g = landed[*g];
    }
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(true));
}

/// Ends a roster block: a title still waiting for its name is reported, not dropped.
fn end_roster(roster: &mut Roster, diags: &mut Vec<Diagnostic>) {
    for (line, title) in roster.take_pending() {
        diags.push(
            Diagnostic::new(
                Severity::Warning,
                Code::TitleWithoutName,
                format!("the title `{title}` has no name under it"),
            )
            .at(line)
            .with_text(&title),
        );
    }
    *roster = Roster::default();
}

fn count_in(key: &str, rules: &RuleSet) -> Option<usize> {
    rules
        .of(Kind::AttendeeCount)
        .find_map(|r| r.regex.captures(key)?.name("count")?.as_str().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(src: &str) -> (Vec<Attendee>, Vec<Diagnostic>) {
        let (s, d) = crate::segment::segment_text(src);
        (s.attendees, d)
    }

    #[test]
    fn family_a_name_then_affiliation_with_marks() {
        let (a, _) = people("題\n○出席者\n【幹事】\n折笠 史典 総務省情報流通行政局地域通信振興課長 【欠席】 【代理：佐々木補佐】\n石井夏生利 中央大学国際情報学部教授\n渡邊 繁樹 デジタル庁参事官（デジタル社会共通機能グループ）【欠席】\n【代理：木下補佐】\n");
        assert_eq!(a.len(), 3);
        assert_eq!(
            (a[0].name.as_str(), a[0].name_key.as_str()),
            ("折笠 史典", "折笠史典")
        );
        assert_eq!(
            a[0].organization.as_deref(),
            Some("総務省情報流通行政局地域通信振興課")
        );
        assert_eq!(a[0].position.as_deref(), Some("課長"));
        assert_eq!(a[0].attendance, Attendance::Absent);
        assert_eq!(a[0].marks, ["欠席", "代理：佐々木補佐"]);
        assert_eq!(a[0].proxy.as_deref(), Some("佐々木補佐"));
        assert_eq!(a[1].name, "石井夏生利");
        assert_eq!(a[1].position.as_deref(), Some("教授"));
        assert_eq!(a[2].proxy.as_deref(), Some("木下補佐"));
        assert_eq!(a[2].note.as_deref(), Some("デジタル社会共通機能グループ"));
        assert_eq!(a[2].position.as_deref(), Some("参事官"));
        assert_eq!((a[2].span.line_start, a[2].span.line_end), (6, 7));
    }

    /// FORMATS.md §4 C: the affiliation before the name, with a space, without one, and
    /// over two lines; a printed count still meets the rows after the lines are folded.
    #[test]
    fn family_c_affiliation_then_name() {
        let (a, d) = people("題\n出席者（４名）\n内閣府知的財産戦略推進事務局参事官 佐藤花子\n(株)東芝EC戦略推進室参事窪小谷隆\n富士通(株)法務・知的財産権本部\n法務部ビジネス支援部担当課長\n鈴木康史\n武蔵大学 教授 庄司 昌彦\n");
        let got: Vec<_> = a
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.affiliation.as_deref().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("佐藤花子", "内閣府知的財産戦略推進事務局参事官"),
                ("窪小谷隆", "(株)東芝EC戦略推進室参事"),
                (
                    "鈴木康史",
                    "富士通(株)法務・知的財産権本部 法務部ビジネス支援部担当課長"
                ),
                ("庄司 昌彦", "武蔵大学 教授"),
            ]
        );
        assert_eq!((a[2].span.line_start, a[2].span.line_end), (5, 7));
        assert!(d.iter().all(|d| d.code != Code::CountMismatch), "{d:?}");
    }

    /// FORMATS.md §4 H in a list: a title word in parentheses is the role, before the
    /// parentheses the title of the name inside; an organization and post stay the
    /// affiliation.
    #[test]
    fn titles_and_affiliations_in_a_list() {
        let (a, _) =
            people("題\n出席者\n松本 純(大臣政務官)、市長(今泉文彦)、谷川史郎(東京藝術大学教授)\n");
        let got: Vec<_> = a
            .iter()
            .map(|a| (a.name.as_str(), a.role.as_deref(), a.affiliation.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("松本 純", Some("大臣政務官"), None),
                ("今泉文彦", Some("市長"), None),
                // No role is printed: the role is the group (SCHEMA.md, `role`).
                ("谷川史郎", Some("出席者"), Some("東京藝術大学教授")),
            ]
        );
    }

    /// FORMATS.md §4 K: counts in place of names make no person; they are the note on
    /// the list, a bare count with its group.
    #[test]
    fn family_k_counts_only() {
        let (s, d) = crate::segment::segment_text(
            "題\n出席者\n【事務局】５名\n欠席者\n２名\n出　席　総　数　１７\n",
        );
        assert!(s.attendees.is_empty(), "{:?}", s.attendees);
        assert_eq!(
            s.header.attendance_note.map(|n| n.value).as_deref(),
            Some("事務局 5名; 欠席者 2名; 出席総数17")
        );
        assert!(d.iter().all(|d| d.code != Code::UnclassifiedLine), "{d:?}");
    }

    #[test]
    fn family_b_name_with_affiliation_in_parens() {
        let (a, _) = people("題\n出席者\n構成員\n太田洋(西村あさひ法律事務所パートナー弁護士)\n手塚悟(慶應義塾大学環境情報学部教授)【主査】\n");
        assert_eq!(a[0].name, "太田洋");
        assert_eq!(
            a[0].affiliation.as_deref(),
            Some("西村あさひ法律事務所パートナー弁護士")
        );
        assert_eq!(a[0].position.as_deref(), Some("パートナー弁護士"));
        assert_eq!(a[0].group.as_deref(), Some("構成員"));
    }

    /// A group heading glued before its members, bracketed or with a colon; a legal
    /// form in brackets (`(株)`) is not one.
    #[test]
    fn group_glued_before_its_members() {
        for src in [
            "出席者\n（委員）山田太郎（座長）、佐藤花子\n",
            "出席者\n委員：山田太郎（座長）、佐藤花子\n",
        ] {
            let (got, _) = people(src);
            let rows: Vec<(Option<&str>, &str)> = got
                .iter()
                .map(|a| (a.group.as_deref(), a.name.as_str()))
                .collect();
            assert_eq!(
                rows,
                [(Some("委員"), "山田太郎"), (Some("委員"), "佐藤花子")],
                "{src}"
            );
        }
        // The legal form is no heading: the group stays the label's, 出席者.
        let (got, _) = people("出席者\n(株)東芝 窪小谷隆\n");
        assert!(
            got.iter().all(|a| a.group.as_deref() == Some("出席者")),
            "{got:?}"
        );
    }

    #[test]
    fn absent_group_and_count() {
        let (a, d) = people("題\n出席者\n委員\n山田 太郎 教授\n欠席者（２名）\n鈴木 一郎 教授\n");
        assert_eq!(a[1].attendance, Attendance::Absent);
        assert!(d.iter().any(|x| x.code == Code::CountMismatch), "{d:?}");
    }

    #[test]
    fn lists_of_names_without_separators() {
        let rules = RuleSet::builtin().unwrap();
        assert_eq!(
            name_pairs("浅野 直人 加賀美 幸子 幸田 シャーミン", &rules),
            Some(vec![
                "浅野 直人".into(),
                "加賀美 幸子".into(),
                "幸田 シャーミン".into()
            ])
        );
        assert_eq!(
            name_pairs("小野 元次君 市津 広海君", &rules),
            Some(vec!["小野 元次".into(), "市津 広海".into()])
        );
        // A name and its affiliation are no pair of names.
        assert_eq!(name_pairs("山田 太郎 東京大学 教授", &rules), None);
        assert_eq!(
            full_names("駒崎高行 田中富造 清沢謙治各委員", &rules),
            Some((
                vec!["駒崎高行".into(), "田中富造".into(), "清沢謙治".into()],
                Some("委員".into())
            ))
        );
        assert_eq!(full_names("山田太郎 東京大学教授", &rules), None);
    }

    #[test]
    fn longest_suffix_wins() {
        let rules = RuleSet::builtin().unwrap();
        let (o, p) = split_affiliation("船橋市総務部デジタル行政推進課課長補佐", &rules);
        assert_eq!(
            (o.as_deref(), p.as_deref()),
            (Some("船橋市総務部デジタル行政推進課"), Some("課長補佐"))
        );
        let (o, p) = split_affiliation("公益財団法人京都産業21DX推進監 兼 CISO", &rules);
        assert_eq!(
            (o.as_deref(), p.as_deref()),
            (Some("公益財団法人京都産業21DX"), Some("推進監 兼CISO"))
        );
    }
}
