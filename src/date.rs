//! 和暦 and time expressions → ISO 8601. The notations are rules (`kind = "date"` and
//! `kind = "time"`), the era table and the numeral words come from the rule table; this
//! module only turns captured numbers into calendar values and checks them.

use chrono::{Datelike, NaiveDate};
use regex::Captures;

use crate::rules::{Kind, RuleSet};

/// A date found in a line's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateHit {
    pub date: NaiveDate,
    /// Byte range of the match in the key.
    pub range: std::ops::Range<usize>,
    pub rule: String,
    /// A problem worth a warning: weekday mismatch, date before its era began, …
    pub problem: Option<DateProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// The printed weekday (index into `words.weekdays`, Monday = 0) is not the date's.
    WeekdayMismatch { printed: String, actual: String },
    /// The era year and the western year in parentheses disagree, or the era had not begun.
    Inconsistent(String),
}

/// A time of day, 24-hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time {
    pub hour: u32,
    pub minute: u32,
}

impl Time {
    pub fn iso(self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

/// Start and end of a meeting as found on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeSpan {
    pub start: Option<Time>,
    pub end: Option<Time>,
}

/// Parses ASCII digits, kanji numerals (`二十八`, `十八`, `百`) or the 元 of 元年.
pub fn parse_number(s: &str, rules: &RuleSet) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let w = &rules.words;
    if s == w.first_year {
        return Some(1);
    }
    let digit = |c: char| {
        w.kanji_digits
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let unit = |c: char| {
        if w.kanji_ten.starts_with(c) {
            Some(10)
        } else if w.kanji_hundred.starts_with(c) {
            Some(100)
        } else if w.kanji_thousand.starts_with(c) {
            Some(1000)
        } else {
            None
        }
    };
    // Positional form (`二〇二二`) has no units; grouped form (`二十八`) multiplies.
    if s.chars().all(|c| digit(c).is_some()) {
        return s
            .chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?));
    }
    let (mut total, mut pending) = (0u32, None::<u32>);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            total += pending.unwrap_or(1) * u;
            pending = None;
        } else {
            return None;
        }
    }
    Some(total + pending.unwrap_or(0))
}

fn cap<'a>(c: &'a Captures, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str()).filter(|s| !s.is_empty())
}

/// Finds the first date in `key` that a `date` rule recognises and that exists.
pub fn find_date(key: &str, rules: &RuleSet) -> Option<DateHit> {
    let mut best: Option<DateHit> = None;
    for rule in rules.of(Kind::Date) {
        for c in rule.regex.captures_iter(key) {
            let Some(hit) = date_from(&c, rules, &rule.id) else {
                continue;
            };
            if best
                .as_ref()
                .is_none_or(|b| hit.range.start < b.range.start)
            {
                best = Some(hit);
            }
            break;
        }
    }
    best
}

fn date_from(c: &Captures, rules: &RuleSet, rule: &str) -> Option<DateHit> {
    let month = parse_number(cap(c, "month")?, rules)?;
    let day = parse_number(cap(c, "day")?, rules)?;
    let western = cap(c, "western").and_then(|w| parse_number(w, rules));
    let mut problem = None;
    let year = match (cap(c, "era"), cap(c, "year")) {
        (Some(era_name), Some(y)) => {
            let (era, start) = rules
                .eras
                .iter()
                .find(|(e, _)| e.name == era_name || e.initial == era_name)?;
            let y = parse_number(y, rules)?;
            let year = start.year() + y as i32 - 1;
            if let Some(w) = western {
                if w as i32 != year {
                    problem = Some(DateProblem::Inconsistent(format!(
                        "{} {} is the year {year}, not {w}",
                        era.name, y
                    )));
                }
            }
            let date = NaiveDate::from_ymd_opt(year, month, day)?;
            if date < *start && problem.is_none() {
                problem = Some(DateProblem::Inconsistent(format!(
                    "{} began on {start}, after {date}",
                    era.name
                )));
            }
            year
        }
        _ => western? as i32,
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let m = c.get(0)?;
    if let Some(printed) = cap(c, "weekday") {
        let actual = &rules.words.weekdays[date.weekday().num_days_from_monday() as usize];
        if printed != actual && problem.is_none() {
            problem = Some(DateProblem::WeekdayMismatch {
                printed: printed.to_string(),
                actual: actual.clone(),
            });
        }
    }
    Some(DateHit {
        date,
        range: m.range(),
        rule: rule.to_string(),
        problem,
    })
}

/// Finds a time or time span in `key` (the first `time` rule that matches wins).
pub fn find_time(key: &str, rules: &RuleSet) -> Option<(TimeSpan, String)> {
    for rule in rules.of(Kind::Time) {
        for c in rule.regex.captures_iter(key) {
            let Some(span) = span_from(&c, rules) else {
                continue;
            };
            return Some((span, rule.id.clone()));
        }
    }
    None
}

fn to_time(ampm: Option<&str>, h: &str, m: Option<&str>, rules: &RuleSet) -> Option<Time> {
    let mut hour = parse_number(h, rules)?;
    let minute = m.map_or(Some(0), |m| parse_number(m, rules))?;
    // 午後1時 is 13:00, but 午後13時30分 is already 24-hour.
    if ampm.is_some_and(|a| rules.words.pm.iter().any(|p| p == a)) && hour < 12 {
        hour += 12;
    }
    (hour <= 24 && minute < 60).then_some(Time { hour, minute })
}

fn span_from(c: &Captures, rules: &RuleSet) -> Option<TimeSpan> {
    let ampm1 = cap(c, "ampm1");
    let start = to_time(ampm1, cap(c, "h1")?, cap(c, "m1"), rules)?;
    // `午後7時~8時50分`: the end inherits 午後 when it prints none.
    let end = match cap(c, "h2") {
        Some(h2) => Some(to_time(cap(c, "ampm2").or(ampm1), h2, cap(c, "m2"), rules)?),
        None => None,
    };
    Some(TimeSpan {
        start: Some(start),
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::key_of;

    fn rules() -> RuleSet {
        RuleSet::builtin().unwrap()
    }

    fn date(s: &str) -> Option<String> {
        find_date(&key_of(s), &rules()).map(|h| h.date.to_string())
    }

    fn time(s: &str) -> (Option<String>, Option<String>) {
        let (span, _) = find_time(&key_of(s), &rules()).unwrap();
        (span.start.map(Time::iso), span.end.map(Time::iso))
    }

    #[test]
    fn era_dates() {
        assert_eq!(date("令和4年7月28日（木）").as_deref(), Some("2022-07-28"));
        assert_eq!(date("令和四年七月二十八日").as_deref(), Some("2022-07-28"));
        assert_eq!(
            date("平成十八年二月十五日(水曜日)").as_deref(),
            Some("2006-02-15")
        );
        assert_eq!(date("令和元年6月21日(金)").as_deref(), Some("2019-06-21"));
        assert_eq!(date("平成31年4月30日").as_deref(), Some("2019-04-30"));
        assert_eq!(date("昭和64年1月7日").as_deref(), Some("1989-01-07"));
        assert_eq!(date("平成元年1月8日").as_deref(), Some("1989-01-08"));
        assert_eq!(date("大正15年12月24日").as_deref(), Some("1926-12-24"));
        assert_eq!(date("明治45年7月29日").as_deref(), Some("1912-07-29"));
        assert_eq!(date("令和 7年 2月14日").as_deref(), Some("2025-02-14"));
        assert_eq!(
            date("令和4年(2022年)5月17日(火)").as_deref(),
            Some("2022-05-17")
        );
        assert_eq!(
            date("2019年3月27日(水)15:56~16:33").as_deref(),
            Some("2019-03-27")
        );
        assert_eq!(date("R6.1.10").as_deref(), Some("2024-01-10"));
        assert_eq!(date("H29.5.25").as_deref(), Some("2017-05-25"));
        assert_eq!(date("令和4年2月30日"), None);
    }

    #[test]
    fn weekday_and_era_checks() {
        let r = rules();
        let hit = find_date(&key_of("令和4年7月28日（金）"), &r).unwrap();
        assert!(matches!(
            hit.problem,
            Some(DateProblem::WeekdayMismatch { .. })
        ));
        assert!(find_date(&key_of("令和4年7月28日（木曜日）"), &r)
            .unwrap()
            .problem
            .is_none());
        let hit = find_date(&key_of("令和元年4月1日"), &r).unwrap();
        assert!(matches!(hit.problem, Some(DateProblem::Inconsistent(_))));
        let hit = find_date(&key_of("令和4年(2021年)5月17日"), &r).unwrap();
        assert!(matches!(hit.problem, Some(DateProblem::Inconsistent(_))));
    }

    #[test]
    fn kanji_numerals() {
        let r = rules();
        for (s, n) in [
            ("二十八", 28),
            ("十", 10),
            ("十八", 18),
            ("三十一", 31),
            ("百二", 102),
            ("二〇二二", 2022),
            ("元", 1),
            ("１２", 12),
        ] {
            let folded = key_of(s);
            assert_eq!(parse_number(&folded, &r), Some(n), "{s}");
        }
    }

    #[test]
    fn time_spans() {
        let s = |a: &str| Some(a.to_string());
        assert_eq!(time("10：00～11：00"), (s("10:00"), s("11:00")));
        assert_eq!(time("10時30分"), (s("10:30"), None));
        assert_eq!(time("午後1時～3時"), (s("13:00"), s("15:00")));
        assert_eq!(time("16時から17時45分まで"), (s("16:00"), s("17:45")));
        assert_eq!(time("午後7時~8時50分"), (s("19:00"), s("20:50")));
        assert_eq!(time("午後13時30分"), (s("13:30"), None));
        assert_eq!(time("午前10時8分~午前10時54分"), (s("10:08"), s("10:54")));
        assert_eq!(time("13:30〜"), (s("13:30"), None));
        assert_eq!(time("10時開始 15時46分終了"), (s("10:00"), s("15:46")));
    }
}
