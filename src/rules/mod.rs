//! The rule table: loads TOML (the built-in `default.toml` or a `--rules FILE`), compiles
//! every pattern, and checks every rule's examples before anything is converted. Data says
//! what lines look like; the segmenters say what a match of each `kind` means.

use rayon::prelude::*;
use regex::Regex;
use serde::Deserialize;
use std::fmt;

use crate::text::key_of;

/// The built-in table, as shipped.
pub const DEFAULT_RULES: &str = include_str!("default.toml");
/// The name the built-in table is reported under.
pub const DEFAULT_RULES_NAME: &str = "src/rules/default.toml";

/// What a rule's match means. Each kind is read by one segmenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    HeaderLabel,
    SessionNumber,
    Date,
    Time,
    GroupHeading,
    Mark,
    AttendeeCount,
    /// A line that gives a head count in place of names (`【事務局】5名`, `出席総数 17`).
    HeadCount,
    AgendaItem,
    Material,
    Section,
    Remark,
    Separator,
    End,
    /// Where a line began inside a page flattened onto one line: the `at` group starts it.
    LineStart,
    /// A header line that is a venue with no label (`県庁24階 教育委員会会議室` under the
    /// date): read only in the header, once the date is known and no label gave a venue.
    Venue,
}

/// The header field a label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Date,
    StartTime,
    EndTime,
    Venue,
    Title,
    Attendees,
    Agenda,
    Materials,
    Body,
    /// The page's own business, not the meeting's (`問い合わせ先`, `電話番号 …`): the line is
    /// the site's, and ends the block above it.
    PageInfo,
}

/// An attendee's attendance, as SCHEMA.md names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    #[default]
    Present,
    Partial,
    LeftEarly,
    Late,
    Absent,
}

impl Attendance {
    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Absent => "absent",
            Attendance::Late => "late",
            Attendance::LeftEarly => "left_early",
            Attendance::Partial => "partial",
        }
    }
}

/// The kind of a remark, as SCHEMA.md names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemarkKind {
    Bullet,
    Speech,
    Question,
    Answer,
    Paragraph,
    Procedure,
}

impl RemarkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RemarkKind::Bullet => "bullet",
            RemarkKind::Speech => "speech",
            RemarkKind::Question => "question",
            RemarkKind::Answer => "answer",
            RemarkKind::Paragraph => "paragraph",
            RemarkKind::Procedure => "procedure",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    version: u32,
    #[serde(default)]
    eras: Vec<Era>,
    words: Words,
    zoning: Zoning,
    #[serde(default)]
    rule: Vec<toml::Spanned<RawRule>>,
}

/// The costs of the best path over the zones (`segment::zones`): what it costs to read a
/// line against its evidence, and to leave a zone. Lower is likelier; a line with no
/// evidence costs nothing in any zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zoning {
    /// Leaving the body for another zone (on a line that opens it): a header label after
    /// a false start of the body.
    pub leave_body: u32,
    /// Leaving any other zone for one that the line opens.
    pub leave_block: u32,
    /// A header label read as text of the body.
    pub label_in_body: u32,
    /// A header label outside the body that does not open its zone.
    pub label_ignored: u32,
    /// A speaker turn or an end mark outside the body, not opening it.
    pub turn_ignored: u32,
    /// A bare bullet opening the body straight from the header (a summary of bullets).
    pub bullet_opens_body: u32,
    /// A bare bullet left in the header (portal chrome framed by `■`).
    pub bullet_in_header: u32,
    /// A line of people (family names, `、` between) opening the attendee list from the
    /// header, where the page lost the list's label; and one left in the header.
    pub people_open_attendees: u32,
    pub people_in_header: u32,
    /// A numbered list (items 1 and 2 on consecutive lines) under the header's date
    /// opening the agenda, where the page lost its label; and one left in the header.
    pub items_open_agenda: u32,
    pub items_in_header: u32,
    /// A zone whose best path so far costs more than this over the best is dropped: its
    /// lines are no longer read from it (a transcript's body is read for labels alone).
    pub beam: u32,
    /// `explain` names the runner-up zone of a line when its path costs at most this much
    /// more than the chosen one.
    pub close_margin: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    kind: Kind,
    pattern: String,
    examples: Vec<String>,
    #[serde(default)]
    not_examples: Vec<String>,
    field: Option<Field>,
    attendance: Option<Attendance>,
    level: Option<usize>,
    remark_kind: Option<RemarkKind>,
    #[serde(default)]
    weak: bool,
    name_in: Option<NameLexicon>,
}

/// A lexicon the `name` capture of a rule must be found in (`name_in = "surnames"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameLexicon {
    /// A family name of [`crate::lexicon`] followed by a given name.
    Surnames,
}

/// One era of the 和暦: its name, its one-letter initial, and its first day.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Era {
    pub name: String,
    pub initial: String,
    /// First day, `YYYY-MM-DD`; year 1 (元年) of the era is this year.
    pub start: String,
}

/// A string of the table read as its characters.
fn chars<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<char>, D::Error> {
    Ok(String::deserialize(d)?.chars().collect())
}

/// Word lists and small vocabularies the segmenters look values up in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub kanji_digits: String,
    pub kanji_ten: String,
    pub kanji_hundred: String,
    pub kanji_thousand: String,
    pub first_year: String,
    pub pm: Vec<String>,
    pub am: Vec<String>,
    pub weekdays: Vec<String>,
    pub document_types: Vec<String>,
    pub position_suffixes: Vec<String>,
    pub name_part_max: usize,
    pub absent_group_pattern: String,
    pub empty_group: Vec<String>,
    /// An agenda label's value that lists nothing of its own (`本日の会議に付した事件　議事
    /// 日程に同じ`).
    pub agenda_as_above: Vec<String>,
    /// Abbreviated legal forms printed in brackets before a name (`(株)東芝`): never a
    /// group heading glued before its members.
    pub legal_forms: Vec<String>,
    pub list_note_pattern: String,
    /// A file note after a material's title (`(PDF形式:24KB)`): not part of the title.
    pub file_note_pattern: String,
    /// An entry of a table of contents: dot leaders and a page number at the end.
    pub contents_entry_pattern: String,
    pub position_joiners: Vec<String>,
    pub unit_prefixes: Vec<String>,
    pub roles: Vec<String>,
    pub same_role: Vec<String>,
    pub absent_mark: String,
    /// Characters that separate the people of a comma list.
    /// Written as one string in the table (`"、,，"`); kept as its characters, since a
    /// list is split by asking each character of a line whether it is one.
    #[serde(deserialize_with = "chars")]
    pub list_separators: Vec<char>,
    pub paren_tail_pattern: String,
    pub role_mark_pattern: String,
    pub absent_list_pattern: String,
    /// Lines of the publishing site before the title (breadcrumbs, page tools).
    pub site_chrome_pattern: String,
    /// A page's tab words alone on a line under its title (`概要`): no part of the title.
    pub page_tabs: Vec<String>,
    /// A line giving a date of the page itself (`最終取得日: …`, `更新日：…`): never the
    /// meeting's date.
    pub publication_date_pattern: String,
    /// An order of business's own number after its label (`議事日程（第１号）`,
    /// `議事日程第22号`): no agenda item.
    pub order_number_pattern: String,
    /// A page number line of a PDF (`- 3 -`, `3/10`), matched on the folded line.
    pub page_number_pattern: String,
    /// The era year that opens a body name cut from a title (`令和6年函館市議会…`).
    pub body_name_era_pattern: String,
    /// An assembly named with its session (`函館市議会定例会`, `定例会12月緊急議会 墨田区議会`):
    /// the `body` group is the body's name.
    pub body_name_assembly_pattern: String,
    /// Brackets as open/close pairs (folded): a row that opened one and did not close it
    /// goes on on the next line of a PDF.
    pub bracket_pairs: Vec<String>,
    /// What ends a label glued before its value (`委員：山田太郎`), folded.
    pub label_colons: String,
    /// The role of a speaker printed with a seat number only.
    pub seat_role: String,
    /// Honorifics printed after a member's name (`君`, `議員`), not part of it.
    pub honorifics: Vec<String>,
    /// A seat number cell of an assembly roster (`１番`); group `seat`.
    pub seat_pattern: String,
    /// Endings that make a roster cell a title besides `position_suffixes` (`書記`, `…兼務`).
    pub roster_role_endings: Vec<String>,
    /// A title ending in one of these (`政策経営部長兼務`) goes on on the next line.
    pub title_joiners: Vec<String>,
    /// Characters that end a sentence: a header line ending in one is prose, neither a
    /// title line nor the document's date (`…から適用する。`).
    #[serde(deserialize_with = "chars")]
    pub sentence_endings: Vec<char>,
    /// Marks that began a line of a page a site flattened onto one line: after white
    /// space inside such a line, each starts a line again (`… ○渡部政策評価室長 …`).
    #[serde(deserialize_with = "chars")]
    pub flattened_line_marks: Vec<char>,
    /// Marks a table prints before a member's name (`◎道 下 文 男`, the chair, `〇町 田`):
    /// no part of the name.
    #[serde(deserialize_with = "chars")]
    pub name_marks: Vec<char>,
    /// Marks of a note (`※…`): under a list of materials, a note on them, neither a
    /// material nor the body's first line.
    #[serde(deserialize_with = "chars")]
    pub note_marks: Vec<char>,
    /// Bullets before an un-numbered agenda item (`●所管事項の報告について`): no part of its
    /// title.
    #[serde(deserialize_with = "chars")]
    pub agenda_item_marks: Vec<char>,
    /// What a list of names may end with to give everyone in it a role (`…清沢謙治各委員`):
    /// the role is the word after `各`.
    pub list_role_suffixes: Vec<String>,
    /// Characters trimmed from the end of a body name: the bracket or dash that stood
    /// before the document type (`…ワーキング・グループ(議事録)`).
    pub body_name_trim_end: String,
    /// Words after a document type that make it a site's name (`参議院会議録情報`).
    pub document_type_site_words: Vec<String>,
    /// Words after a body's name in a title that name the page, not the body (`次第`).
    pub body_name_page_words: Vec<String>,
    /// The posts a speaker label names (議長, 副町長, 教育長 …): a pattern that writes
    /// `{speaker_roles}` gets them as one alternation, longest first, each allowed to be
    /// letter-spaced (`議　長`), so the list is kept once for every speaker rule.
    pub speaker_roles: Vec<String>,
}

impl Words {
    /// The bracket that closes `open` (both folded), if `open` opens one of `bracket_pairs`.
    pub fn closing_bracket(&self, open: char) -> Option<char> {
        self.bracket_pairs.iter().find_map(|pair| {
            let mut p = pair.chars();
            (p.next() == Some(open)).then(|| p.next()).flatten()
        })
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub kind: Kind,
    pub regex: Regex,
    pub field: Option<Field>,
    pub attendance: Option<Attendance>,
    pub level: usize,
    pub remark_kind: Option<RemarkKind>,
    /// A weak header label counts only in the header and the attendee list; a weak
    /// speech rule claims a turn inside the body but does not by itself end the header or
    /// a block; a weak section heading does not end an attendee list.
    pub weak: bool,
    /// The `name` capture must be a name of this lexicon for the rule to match.
    pub name_in: Option<NameLexicon>,
    /// Where the rule stands in its table, and the lines it must and must not match:
    /// tried by [`RuleSet::check_examples`].
    pub line: usize,
    examples: Vec<String>,
    not_examples: Vec<String>,
}

impl Rule {
    /// Whether the rule matches `key`: its pattern, and its lexicon where it names one.
    pub fn is_match(&self, key: &str) -> bool {
        match self.name_in {
            None => self.regex.is_match(key),
            Some(_) => self.captures(key).is_some(),
        }
    }

    /// The rule's captures on `key`, where it matches (see [`Rule::is_match`]).
    pub fn captures<'k>(&self, key: &'k str) -> Option<regex::Captures<'k>> {
        let c = self.regex.captures(key)?;
        match self.name_in {
            Some(NameLexicon::Surnames) => c
                .name("name")
                .is_some_and(|n| crate::lexicon::is_full_name(n.as_str()))
                .then_some(c),
            None => Some(c),
        }
    }

    /// Whether the rule's pattern has a named capture group.
    pub fn has_group(&self, name: &str) -> bool {
        self.regex.capture_names().flatten().any(|n| n == name)
    }
}

/// The whole validated rule table, built once and passed by reference.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub name: String,
    /// `sha256:` and the hex digest of the table's text: what a shard's part and a cache
    /// entry record, so that output of one table is never mixed with another's.
    pub digest: String,
    pub eras: Vec<(Era, chrono::NaiveDate)>,
    pub words: Words,
    pub zoning: Zoning,
    pub rules: Vec<Rule>,
    /// Indices into `rules` by kind, in table order: segmenters ask by kind on every line.
    by_kind: std::collections::HashMap<Kind, Vec<usize>>,
    pub absent_group: Regex,
    pub list_note: Regex,
    pub absent_list: Regex,
    pub paren_tail: Regex,
    pub role_mark: Regex,
    pub seat: Regex,
    pub site_chrome: Regex,
    pub publication_date: Regex,
    pub order_number: Regex,
    pub page_number: Regex,
    pub body_name_era: Regex,
    pub body_name_assembly: Regex,
    pub file_note: Regex,
    /// An entry of a table of contents (`○開会の宣告 …………… 3`).
    pub contents_entry: Regex,
    /// The patterns of the kinds asked of every line (header labels, remarks) as one set
    /// per kind, in table order: most lines match none, and one pass says so.
    sets: std::collections::HashMap<Kind, regex::RegexSet>,
    /// The `line_start` patterns, for cutting a flattened page (`text::LineBreaks`).
    line_starts: Vec<Regex>,
}

/// A rule table that cannot be used: names the file, the line and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: error[rules]: ", self.file, self.line)?;
        if let Some(id) = &self.rule {
            write!(f, "rule `{id}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

/// The capture groups each kind needs, so a typo in a pattern fails at load, not silently.
fn required_groups(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::HeaderLabel => &["value"],
        Kind::SessionNumber => &["number"],
        Kind::Date => &["month", "day"],
        Kind::Time => &["h1"],
        Kind::GroupHeading => &["group"],
        Kind::Mark => &[],
        Kind::AttendeeCount | Kind::HeadCount => &["count"],
        Kind::AgendaItem => &["number", "title"],
        Kind::Material => &["label", "title"],
        Kind::Section => &["title"],
        Kind::Remark => &["text"],
        Kind::Separator | Kind::End => &[],
        Kind::LineStart => &["at"],
        Kind::Venue => &["value"],
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// One rule compiled and checked for what its kind needs; `err` words a failure at
/// `line`. Its examples are tried apart, by [`RuleSet::check_examples`].
/// `{speaker_roles}` of a pattern: the roles longest first (so `副町長` wins over `町長`),
/// each char allowed to stand apart from the next (`議　長`, `議 員`).
fn role_alternation(roles: &[String]) -> String {
    let mut roles: Vec<&String> = roles.iter().collect();
    roles.sort_by_key(|r| std::cmp::Reverse(r.chars().count()));
    let alts: Vec<String> = roles
        .iter()
        .map(|r| {
            r.chars()
                .map(|c| regex::escape(&c.to_string()))
                .collect::<Vec<_>>()
                .join(r"\s*")
        })
        .collect();
    format!("(?:{})", alts.join("|"))
}

fn compile_rule(
    r: &RawRule,
    roles: &str,
    line: usize,
    err: &(impl Fn(usize, Option<&str>, String) -> RuleError + Sync),
) -> Result<Rule, RuleError> {
    let id = r.id.as_str();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(err(line, Some(id), "ids are snake_case ASCII".into()));
    }
    let pattern = r.pattern.replace("{speaker_roles}", roles);
    let regex =
        Regex::new(&pattern).map_err(|e| err(line, Some(id), format!("bad pattern: {e}")))?;
    let rule = Rule {
        id: r.id.clone(),
        kind: r.kind,
        regex,
        field: r.field,
        attendance: r.attendance,
        level: r.level.unwrap_or(1),
        remark_kind: r.remark_kind,
        weak: r.weak,
        name_in: r.name_in,
        line,
        examples: r.examples.clone(),
        not_examples: r.not_examples.clone(),
    };
    for g in required_groups(r.kind) {
        if !rule.has_group(g) {
            return Err(err(
                line,
                Some(id),
                format!("a {:?} rule needs a capture group named `{g}`", r.kind),
            ));
        }
    }
    if r.kind == Kind::HeaderLabel && r.field.is_none() {
        return Err(err(
            line,
            Some(id),
            "a header_label rule needs `field`".into(),
        ));
    }
    if r.kind == Kind::Remark && r.remark_kind.is_none() {
        return Err(err(
            line,
            Some(id),
            "a remark rule needs `remark_kind`".into(),
        ));
    }
    if r.examples.is_empty() {
        return Err(err(
            line,
            Some(id),
            "every rule needs at least one example".into(),
        ));
    }
    Ok(rule)
}

impl Rule {
    /// The first example the pattern misses, or not-example it matches, as a message.
    fn example_failure(&self) -> Option<String> {
        if let Some(ex) = self.examples.iter().find(|ex| !self.is_match(&key_of(ex))) {
            return Some(format!("example does not match: {ex:?}"));
        }
        // A label whose value capture takes no part in a match is read as no label at all:
        // the table must say so here, not by a line silently left unread.
        if self.kind == Kind::HeaderLabel {
            if let Some(ex) = self.examples.iter().find(|ex| {
                self.regex
                    .captures(&key_of(ex))
                    .is_some_and(|c| c.name("value").is_none())
            }) {
                return Some(format!(
                    "example matches but its `value` capture takes no part: {ex:?}"
                ));
            }
        }
        self.not_examples
            .iter()
            .find(|ex| self.is_match(&key_of(ex)))
            .map(|ex| format!("not_example matches: {ex:?}"))
    }
}

impl RuleSet {
    /// The built-in table.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        RuleSet::load(DEFAULT_RULES, DEFAULT_RULES_NAME)
    }

    /// Parses, compiles and checks a rule table, its examples included; `name` is used in
    /// error messages.
    pub fn load(source: &str, name: &str) -> Result<RuleSet, RuleError> {
        let rules = RuleSet::compile(source, name)?;
        rules.check_examples()?;
        Ok(rules)
    }

    /// The built-in table compiled, its examples not yet tried (see [`RuleSet::compile`]).
    pub fn builtin_compiled() -> Result<RuleSet, RuleError> {
        RuleSet::compile(DEFAULT_RULES, DEFAULT_RULES_NAME)
    }

    /// Tries every rule's examples and not-examples, all cores at once; the first failure
    /// in table order is the error.
    pub fn check_examples(&self) -> Result<(), RuleError> {
        let failures: Vec<Option<String>> =
            self.rules.par_iter().map(Rule::example_failure).collect();
        match self
            .rules
            .iter()
            .zip(failures)
            .find_map(|(r, f)| Some((r, f?)))
        {
            Some((rule, message)) => Err(RuleError {
                file: self.name.clone(),
                line: rule.line,
                rule: Some(rule.id.clone()),
                message,
            }),
            None => Ok(()),
        }
    }

    /// Parses and compiles a rule table and checks everything but the examples. A batch
    /// tries the examples (`check_examples`) while its first files convert, and publishes
    /// nothing unless they hold: trying them is a third of loading the table, which every
    /// run pays before its first file otherwise.
    pub fn compile(source: &str, name: &str) -> Result<RuleSet, RuleError> {
        let err = |line: usize, rule: Option<&str>, message: String| RuleError {
            file: name.to_string(),
            line,
            rule: rule.map(str::to_string),
            message,
        };
        let raw: RawTable = toml::from_str(source).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(source, s.start));
            err(line, None, e.message().to_string())
        })?;
        if raw.version != 1 {
            return Err(err(
                1,
                None,
                format!(
                    "unsupported version {} (this giji reads version 1)",
                    raw.version
                ),
            ));
        }
        let mut eras = Vec::new();
        for era in raw.eras {
            let start = chrono::NaiveDate::parse_from_str(&era.start, "%Y-%m-%d").map_err(|e| {
                err(
                    1,
                    None,
                    format!("era {}: start `{}`: {e}", era.name, era.start),
                )
            })?;
            eras.push((era, start));
        }
        // A pattern among the words is reported at the line of its key.
        let word_regex = |key: &str, pattern: &str| {
            Regex::new(pattern).map_err(|e| {
                let line = source
                    .find(&format!("\n{key} ="))
                    .map_or(1, |o| line_of(source, o + 1));
                err(line, None, format!("words.{key}: {e}"))
            })
        };
        let w = &raw.words;
        let word_patterns = [
            ("absent_group_pattern", &w.absent_group_pattern),
            ("list_note_pattern", &w.list_note_pattern),
            ("absent_list_pattern", &w.absent_list_pattern),
            ("paren_tail_pattern", &w.paren_tail_pattern),
            ("role_mark_pattern", &w.role_mark_pattern),
            ("seat_pattern", &w.seat_pattern),
            ("site_chrome_pattern", &w.site_chrome_pattern),
            ("publication_date_pattern", &w.publication_date_pattern),
            ("order_number_pattern", &w.order_number_pattern),
            ("page_number_pattern", &w.page_number_pattern),
            ("body_name_era_pattern", &w.body_name_era_pattern),
            ("body_name_assembly_pattern", &w.body_name_assembly_pattern),
            ("file_note_pattern", &w.file_note_pattern),
            ("contents_entry_pattern", &w.contents_entry_pattern),
        ];
        let roles = role_alternation(&raw.words.speaker_roles);
        // Compiling the patterns and trying their examples is most of a run's start-up,
        // which every batch pays before its first file: it is spread over the cores.
        // The sets are compiled from the same patterns alongside the rules, not after.
        let set_patterns = |kind: Kind| -> Vec<String> {
            raw.rule
                .iter()
                .map(|r| r.get_ref())
                .filter(|r| r.kind == kind)
                .map(|r| r.pattern.replace("{speaker_roles}", &roles))
                .collect()
        };
        let ((words, compiled), sets) = rayon::join(
            || {
                rayon::join(
                    || -> Vec<Result<Regex, RuleError>> {
                        word_patterns
                            .par_iter()
                            .map(|(key, pattern)| word_regex(key, pattern))
                            .collect()
                    },
                    || -> Vec<(usize, Result<Rule, RuleError>)> {
                        raw.rule
                            .par_iter()
                            .map(|spanned| {
                                let line = line_of(source, spanned.span().start);
                                (line, compile_rule(spanned.get_ref(), &roles, line, &err))
                            })
                            .collect()
                    },
                )
            },
            || -> Vec<(Kind, Result<regex::RegexSet, regex::Error>)> {
                [Kind::HeaderLabel, Kind::Remark]
                    .par_iter()
                    .map(|&kind| (kind, regex::RegexSet::new(set_patterns(kind))))
                    .collect()
            },
        );
        let [absent_group, list_note, absent_list, paren_tail, role_mark, seat, site_chrome, publication_date, order_number, page_number, body_name_era, body_name_assembly, file_note, contents_entry] =
            <[Result<Regex, RuleError>; 14]>::try_from(words)
                .unwrap_or_else(|_| unreachable!("one result per word pattern"));
        let (absent_group, list_note, absent_list, paren_tail) =
            (absent_group?, list_note?, absent_list?, paren_tail?);
        let (role_mark, seat, site_chrome, page_number) =
            (role_mark?, seat?, site_chrome?, page_number?);
        let (publication_date, order_number, body_name_era, body_name_assembly, file_note) = (
            publication_date?,
            order_number?,
            body_name_era?,
            body_name_assembly?,
            file_note?,
        );
        let contents_entry = contents_entry?;
        let mut rules: Vec<Rule> = Vec::with_capacity(compiled.len());
        for (line, rule) in compiled {
            let rule = rule?;
            if rules.iter().any(|x| x.id == rule.id) {
                return Err(err(line, Some(&rule.id), "duplicate id".into()));
            }
            rules.push(rule);
        }
        let line_starts = rules
            .iter()
            .filter(|r| r.kind == Kind::LineStart)
            .map(|r| r.regex.clone())
            .collect();
        let mut by_kind: std::collections::HashMap<Kind, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, r) in rules.iter().enumerate() {
            by_kind.entry(r.kind).or_default().push(i);
        }
        let sets = sets
            .into_iter()
            .map(|(kind, set)| {
                set.map(|set| (kind, set))
                    .map_err(|e| err(1, None, format!("the {kind:?} patterns as one set: {e}")))
            })
            .collect::<Result<std::collections::HashMap<_, _>, _>>()?;
        let mut words = raw.words;
        // Longest first, so `議事概要` wins over a shorter type it contains.
        words
            .document_types
            .sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        Ok(RuleSet {
            name: name.to_string(),
            digest: {
                use sha2::Digest;
                format!("sha256:{:x}", sha2::Sha256::digest(source.as_bytes()))
            },
            eras,
            zoning: raw.zoning,
            words,
            rules,
            by_kind,
            absent_group,
            list_note,
            absent_list,
            paren_tail,
            role_mark,
            seat,
            site_chrome,
            publication_date,
            order_number,
            page_number,
            body_name_era,
            body_name_assembly,
            file_note,
            contents_entry,
            sets,
            line_starts,
        })
    }

    /// Where lines began in a page flattened onto one line (see `text::document_lines`).
    pub fn line_breaks(&self) -> crate::text::LineBreaks<'_> {
        crate::text::LineBreaks {
            marks: &self.words.flattened_line_marks,
            starts: &self.line_starts,
        }
    }

    /// The rules of one kind, in table order.
    /// The remark rules that open a remark of `kind` by a marker of their own (`○`, `【…】`):
    /// weak ones (a bare `中村委員`, `事務局:`) are left out.
    pub fn marked(&self, kind: RemarkKind) -> impl Iterator<Item = &Rule> {
        self.of(Kind::Remark)
            .filter(move |r| r.remark_kind == Some(kind) && !r.weak)
    }

    /// The first rule of a marked speaker turn that `key` matches.
    pub fn marked_turn(&self, key: &str) -> Option<&Rule> {
        self.marked(RemarkKind::Speech).find(|r| r.is_match(key))
    }

    /// Whether any pattern of `kind` may match `key` (a pattern's lexicon is not asked):
    /// `false` means no rule of the kind matches. Kinds without a set answer `true`.
    pub fn may_match(&self, kind: Kind, key: &str) -> bool {
        self.sets.get(&kind).is_none_or(|s| s.is_match(key))
    }

    pub fn of(&self, kind: Kind) -> impl Iterator<Item = &Rule> {
        self.by_kind
            .get(&kind)
            .into_iter()
            .flatten()
            .map(|&i| &self.rules[i])
    }

    /// The first rule of `kind` (in table order) that matches `key`, with its captures.
    pub fn first<'k>(&self, kind: Kind, key: &'k str) -> Option<(&Rule, regex::Captures<'k>)> {
        self.matching(kind, key)
            .find_map(|r| r.captures(key).map(|c| (r, c)))
    }

    /// The rules of `kind` that match `key` ([`Rule::is_match`]), in table order. A kind
    /// with a set asks it once for every pattern instead of running each rule's regex;
    /// only a rule that also asks the name lexicon is tried on its own.
    pub fn matching<'a, 'k>(
        &'a self,
        kind: Kind,
        key: &'k str,
    ) -> impl Iterator<Item = &'a Rule> + use<'a, 'k> {
        let idx = self.by_kind.get(&kind).map_or(&[][..], Vec::as_slice);
        let hits = self.sets.get(&kind).map(|s| s.matches(key));
        idx.iter().enumerate().filter_map(move |(j, &i)| {
            let r = &self.rules[i];
            let matched = match &hits {
                Some(h) => h.matched(j) && (r.name_in.is_none() || r.is_match(key)),
                None => r.is_match(key),
            };
            matched.then_some(r)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_loads_and_every_example_holds() {
        let rs = RuleSet::builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(rs.of(Kind::HeaderLabel).count() >= 5);
        assert_eq!(rs.eras.len(), 5);
    }

    fn minimal(rules: &str) -> String {
        let tables = DEFAULT_RULES
            .split("\n[zoning]")
            .nth(1)
            .unwrap()
            .split("[[rule]]")
            .next()
            .unwrap();
        format!("version = 1\n[zoning]{tables}{rules}")
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let src = minimal("\n[[rule]]\nid = \"x\"\nkind = \"end\"\npattern = 'a'\nexamples = [\"a\"]\ncolour = 1\n");
        let e = RuleSet::load(&src, "my.toml").unwrap_err();
        assert_eq!(e.file, "my.toml");
        assert!(e.message.contains("colour"), "{e}");
        assert!(e.line > 1, "{e}");
    }

    #[test]
    fn bad_regex_names_rule_and_line() {
        let src = minimal("\n[[rule]]\nid = \"broken\"\nkind = \"end\"\npattern = '(unclosed'\nexamples = [\"a\"]\n");
        let e = RuleSet::load(&src, "r.toml").unwrap_err();
        assert_eq!(e.rule.as_deref(), Some("broken"));
        let expected_line = src.lines().position(|l| l == "[[rule]]").unwrap() + 1;
        assert!(e.line >= expected_line, "{e}");
        assert!(e.to_string().starts_with("r.toml:"), "{e}");
    }

    #[test]
    fn bad_word_pattern_names_its_line() {
        let src = DEFAULT_RULES.replace("role_mark_pattern = '", "role_mark_pattern = '(");
        let e = RuleSet::load(&src, "r.toml").unwrap_err();
        let expected = src
            .lines()
            .position(|l| l.starts_with("role_mark_pattern"))
            .unwrap()
            + 1;
        assert_eq!(e.line, expected, "{e}");
        assert!(e.message.starts_with("words.role_mark_pattern"), "{e}");
    }

    #[test]
    fn failing_example_is_an_error() {
        let src = minimal("\n[[rule]]\nid = \"end2\"\nkind = \"end\"\npattern = '^以上$'\nexamples = [\"以下\"]\n");
        let e = RuleSet::load(&src, "r.toml").unwrap_err();
        assert!(e.message.contains("does not match"), "{e}");
        let src = minimal("\n[[rule]]\nid = \"end2\"\nkind = \"end\"\npattern = '以上'\nexamples = [\"以上\"]\nnot_examples = [\"以上です\"]\n");
        assert!(RuleSet::load(&src, "r.toml")
            .unwrap_err()
            .message
            .contains("not_example"));
    }

    #[test]
    fn label_value_that_takes_no_part_is_an_error() {
        let src = minimal("\n[[rule]]\nid = \"l\"\nkind = \"header_label\"\nfield = \"date\"\npattern = '^日時(?P<value>\\s.*)?$'\nexamples = [\"日時\"]\n");
        let e = RuleSet::load(&src, "r.toml").unwrap_err();
        assert!(e.message.contains("takes no part"), "{e}");
    }

    #[test]
    fn missing_capture_group_is_an_error() {
        let src = minimal("\n[[rule]]\nid = \"s\"\nkind = \"section\"\npattern = '^【.*】$'\nexamples = [\"【a】\"]\n");
        let e = RuleSet::load(&src, "r.toml").unwrap_err();
        assert!(e.message.contains("`title`"), "{e}");
    }
}
