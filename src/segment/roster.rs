//! Assembly rosters read by column: seat rosters with two or three members a line
//! (`１番　　むらまつ　勝康　　　２番　　おおにし　順子`) and role columns
//! (`区長　　　　青　木　克　德`), where a long title pushes the name onto the next line,
//! a title runs over two lines, or a `（福祉事務所長）` note sits under one of two columns.
//!
//! Spacing carries the layout: one full-width space spaces out the letters of a name or a
//! role (均等割り), two or more separate cells. A name that wraps is matched to the title
//! above it by column.

use unicode_width::UnicodeWidthChar;

use crate::rules::RuleSet;
use crate::text::{key_of, normalize_value};

/// One whitespace-separated token of a roster line.
#[derive(Debug, Clone)]
struct Token {
    /// Folded key of the token.
    key: String,
    /// Byte range in the line.
    start: usize,
    end: usize,
    /// Display column where the token starts.
    col: usize,
    /// Display width of the whitespace before the token.
    gap: usize,
}

fn tokens(line: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut col = 0;
    let mut gap = 0;
    let mut current: Option<(usize, usize)> = None; // (start byte, start col)
    for (i, c) in line.char_indices() {
        let w = c.width().unwrap_or(0);
        if c.is_whitespace() {
            if let Some((s, sc)) = current.take() {
                out.push(Token {
                    key: key_of(&line[s..i]),
                    start: s,
                    end: i,
                    col: sc,
                    gap,
                });
                gap = 0;
            }
            gap += w.max(1);
        } else if current.is_none() {
            current = Some((i, col));
        }
        col += w;
    }
    if let Some((s, sc)) = current {
        out.push(Token {
            key: key_of(&line[s..]),
            start: s,
            end: line.len(),
            col: sc,
            gap,
        });
    }
    out
}

/// A row of letter-spaced names set one space apart with no wider gap between them, maybe
/// after a letter-spaced role (`副 会 長 石 黒 直 次 田 代 千代志`, `田 口 喜 義 信 田 幸 雄`),
/// as a PDF's text gives a table whose cells lost their borders: the role, if the row
/// begins with one of the table, and the names, closed up; `None` for any other line.
///
/// Where one name ends is evidence of the person-name lexicon: the row is cut into the
/// names that each begin with a family name and best go on with a given name of the
/// lexicon (田口喜義 + 信田幸雄, not 田口喜 + 義信田幸雄), four letters a name where the
/// lexicon leaves it open, and the blank slot of a short name (`千 葉   勇`) inside a name,
/// never between two. A letter run printed together (`千代志`, `ケイ子`) is never cut.
pub fn letter_spaced_names(line: &str, rules: &RuleSet) -> Option<(Option<String>, Vec<String>)> {
    // Most lines have few single letters: counted before anything is built.
    let (mut words, mut letters) = (0, 0);
    for w in line.split_whitespace() {
        words += 1;
        letters += usize::from(w.chars().nth(1).is_none());
    }
    if words < 3 || letters * 10 < words * 6 {
        return None;
    }
    let toks = tokens(line);
    let single = toks.iter().filter(|t| t.key.chars().count() == 1).count();
    if toks.len() < 3
        || single * 10 < toks.len() * 6
        || !toks
            .iter()
            .all(|t| t.key.chars().all(crate::text::is_japanese))
    {
        return None;
    }
    // A role at the head of the row, the longest of the table its first letters close up to.
    let mut first = 0;
    let mut role = None;
    let mut head = String::new();
    for (i, t) in toks.iter().enumerate().take(6) {
        head.push_str(&t.key);
        if rules.words.roles.contains(&head) {
            first = i + 1;
            role = Some(head.clone());
        }
    }
    let toks = &toks[first..];
    let n = toks.len();
    // A post among the names (`勝 島 秘書課長`) makes the row a list of posts.
    if n < 2
        || toks
            .iter()
            .any(|t| t.key.chars().count() > 1 && is_role(&t.key, rules))
    {
        return None;
    }
    let text: Vec<&str> = toks.iter().map(|t| t.key.as_str()).collect();
    let letters = |a: usize, b: usize| text[a..b].iter().map(|t| t.chars().count()).sum::<usize>();
    // Scores in tenths; best[j]: the best cut of tokens ..j into names.
    let name_score = |a: usize, b: usize| -> Option<i32> {
        let len = letters(a, b);
        if !(2..=5).contains(&len) {
            return None;
        }
        let joined: String = text[a..b].concat();
        // A title spaced out among the names (`総 務 部 長`) is none of them.
        if is_role(&joined, rules) {
            return None;
        }
        let best_split = (a + 1..b)
            .filter_map(|k| {
                let family: String = text[a..k].concat();
                let given: String = text[k..b].concat();
                crate::lexicon::is_surname(&family).then(|| {
                    10 + if crate::lexicon::is_given_name(&given) {
                        10
                    } else {
                        0
                    }
                })
            })
            .max();
        // A name in one run (`境田ケイ子` printed `境 田 ケイ子` has its split above).
        let whole = (b - a == 1 && crate::lexicon::starts_with_full_name(&joined)).then_some(10);
        // Four letters that no family name begins (`雲 雀 俊 作`): a name the lexicon lacks,
        // as a cell holds one.
        let unknown = (len == 4).then_some(2);
        let base = best_split.or(whole).or(unknown)?;
        let shape = match len {
            4 => 5,
            3 => 3,
            _ => 0,
        };
        let padded = (a + 1..b).any(|k| toks[k].gap >= 2);
        // Each name costs what a family name alone earns, so that cutting a row into more
        // names than its lexicon evidence supports (鈴木健 + 二田中 + 千代子) never pays.
        Some(base + shape + if padded { 5 } else { 0 } - 15)
    };
    let mut best: Vec<Option<(i32, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for j in 1..=n {
        for i in j.saturating_sub(5)..j {
            let (Some((before, _)), Some(score)) = (best[i], name_score(i, j)) else {
                continue;
            };
            // A blank slot between two names is no table's: a cut there costs.
            let cut = if i > 0 && toks[i].gap >= 2 { -10 } else { 0 };
            let total = before + score + cut;
            if best[j].is_none_or(|(b, _)| total > b) {
                best[j] = Some((total, i));
            }
        }
    }
    best[n]?;
    let mut names = Vec::new();
    let mut j = n;
    while j > 0 {
        let (_, i) = best[j]?;
        names.push(text[i..j].concat());
        j = i;
    }
    names.reverse();
    Some((role, names))
}

/// A row of names only, each spread letter by letter over a cell of four letters
/// (`大 室   尚   斉 藤 哲 雄   小 川 明 仁`, `◎道 下 文 男  〇町 田 皇 介`): the names, closed
/// up, or `None` for any other line. Letters of one name are set off by the row's narrowest
/// gap; a wider gap ends a word, and words too short to fill a cell together (`大 室` +
/// `尚`: a three-letter name with the blank slot between family and given name) are one
/// name. Most tokens must be single letters and none a title, so a name beside its
/// affiliation (`庄司昌彦　　武蔵大学教授`) is no such row.
pub fn spaced_names(line: &str, rules: &RuleSet) -> Option<Vec<String>> {
    let marks = &rules.words.name_marks;
    let toks = tokens(line);
    let single = toks.iter().filter(|t| t.key.chars().count() == 1).count();
    if toks.len() < 4 || single * 10 < toks.len() * 7 {
        return None;
    }
    let bare = |t: &Token| t.key.trim_start_matches(|c| marks.contains(&c)).to_string();
    let ok = toks.iter().all(|t| {
        let b = bare(t);
        let n = b.chars().count();
        (1..=3).contains(&n) && b.chars().all(crate::text::is_japanese) && !is_role(&b, rules)
    });
    if !ok {
        return None;
    }
    let unit = toks.iter().skip(1).map(|t| t.gap).min()?;
    // Words as printed, their letters one space apart, with their length in letters.
    let mut words: Vec<(String, usize)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let b = bare(t);
        let n = b.chars().count();
        match words.last_mut() {
            Some((w, len)) if i > 0 && t.gap <= unit => {
                w.push(' ');
                w.push_str(&b);
                *len += n;
            }
            _ => words.push((b, n)),
        }
    }
    // A title spaced out over its cell (`市　長`) makes the row a roster's, not names only.
    if words
        .iter()
        .any(|(w, _)| is_role(&w.replace(' ', ""), rules))
    {
        return None;
    }
    let mut names: Vec<(String, usize)> = Vec::new();
    let mut short = false;
    for (w, n) in words {
        match names.last_mut() {
            Some((name, len)) if short && *len + n <= 3 => {
                name.push(' ');
                name.push_str(&w);
                *len += n;
                short = false;
            }
            _ => {
                short = n < 3;
                names.push((w, n));
            }
        }
    }
    (names.len() >= 2).then(|| names.into_iter().map(|(n, _)| n).collect())
}

/// A row of titles and names set off by two columns of space where a page lost its wider
/// gaps (`教  育  長  小泉 克行  総 務 部 長  石井 康雄`, `市 民 生活部長  兼子 幸典`): the
/// (title, name) pairs, or `None` for any other line. Cells end at two columns of space;
/// single letters in a row are one word spaced out (`教`,`育`,`長` → `教育長`); the row
/// must open with a title, and each title have a name of one or two cells after it.
pub fn title_name_cells(line: &str, rules: &RuleSet) -> Option<Vec<(String, String)>> {
    let toks = tokens(line);
    let mut cells: Vec<Vec<&Token>> = Vec::new();
    for t in &toks {
        match cells.last_mut() {
            Some(c) if t.gap < 2 => c.push(t),
            _ => cells.push(vec![t]),
        }
    }
    // Cells as words, single letters in a row closed up into one.
    let mut words: Vec<(String, bool)> = Vec::new();
    let mut prev_single = false;
    for c in &cells {
        let text = c
            .iter()
            .map(|t| t.key.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let single = c.len() == 1 && text.chars().count() == 1;
        match words.last_mut() {
            Some((w, _)) if single && prev_single => w.push_str(&text),
            _ => words.push((text, false)),
        }
        prev_single = single;
    }
    for (w, title) in &mut words {
        *title = is_role(&w.replace(' ', ""), rules);
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].1 {
            return None;
        }
        let names = words[i + 1..].iter().take_while(|(_, t)| !t).count();
        if !(1..=2).contains(&names) {
            return None;
        }
        let name = words[i + 1..=i + names]
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let letters = name.chars().filter(|c| !c.is_whitespace()).count();
        if !(2..=6).contains(&letters)
            || !name
                .chars()
                .all(|c| c == ' ' || crate::text::is_japanese(c))
        {
            return None;
        }
        pairs.push((words[i].0.replace(' ', ""), name));
        i += 1 + names;
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// Two or more display columns of space (one full-width space) end a cell.
const CELL_GAP: usize = 2;

/// One member or official read from a line: a seat or a role, then a name.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub seat: Option<u32>,
    pub role: String,
    /// Byte ranges of the name's tokens in their line, and that line's text.
    name: Vec<(usize, usize)>,
    pub col: usize,
    name_col: usize,
    /// The line the entry started on (a title above its name).
    pub first_line: usize,
}

impl Entry {
    fn has_name(&self) -> bool {
        !self.name.is_empty()
    }
}

/// What one roster line did.
#[derive(Debug)]
pub enum Outcome {
    /// People completed on this line, in column order.
    People(Vec<Person>),
    /// A title (or its first part) waiting for its name on a later line.
    Pending(String),
    /// Text added to the role of an earlier person (index into the people read so far).
    Amend { person: usize, text: String },
}

/// A completed roster entry.
#[derive(Debug, Clone)]
pub struct Person {
    pub seat: Option<u32>,
    pub role: Option<String>,
    pub name: String,
    pub first_line: usize,
}

/// The state of one roster block (one group).
#[derive(Debug, Default)]
pub struct Roster {
    pending: Vec<Entry>,
    /// People of the last line with their columns (where a note below them belongs), and
    /// whether their title ends open (`…部長兼務`): a title line below continues it.
    last_row: Vec<(usize, usize, bool)>,
    /// Where names start in this block: a lone cell left of it is a title.
    name_col: Option<usize>,
    /// The person a lone name line completed, if their title reads unfinished
    /// (`選挙管理委員会`): a title line right after continues it (`事務局長`).
    completed_alone: Option<usize>,
    pub active: bool,
}

fn is_seat(key: &str, rules: &RuleSet) -> Option<u32> {
    rules
        .seat
        .captures(key)
        .and_then(|c| c.name("seat")?.as_str().parse().ok())
}

/// Whether a cell reads as a title: a role of the table, or ending in a post.
pub fn is_role(key: &str, rules: &RuleSet) -> bool {
    let w = &rules.words;
    let n = key.chars().count();
    w.roles.iter().any(|r| r == key)
        || w.same_role.iter().any(|r| r == key)
        || (n >= 2
            && w.position_suffixes
                .iter()
                .chain(&w.roster_role_endings)
                .any(|s| key.ends_with(s.as_str())))
}

/// Whether a cell is a post and nothing else (`町長`, `事務局長`, `書記`): a title no list
/// of people prints alone above a name but a roster. A longer title ending in a post
/// (`…法務部担当課長`) may be an affiliation above its member's name.
fn is_post(key: &str, rules: &RuleSet) -> bool {
    let w = &rules.words;
    key.chars().count() >= 2
        && !w.roles.iter().any(|r| r == key)
        && w.position_suffixes
            .iter()
            .chain(&w.speaker_roles)
            .chain(&w.roster_role_endings)
            .any(|s| key == s)
}

/// The longest role of the table that `key` starts with, leaving a name after it.
fn glued_role<'r>(key: &str, rules: &'r RuleSet) -> Option<&'r str> {
    rules
        .words
        .roles
        .iter()
        .filter(|r| key.starts_with(r.as_str()) && key.len() > r.len())
        .max_by_key(|r| r.len())
        .map(String::as_str)
}

fn is_paren(key: &str) -> bool {
    key.starts_with('(') && key.ends_with(')')
}

/// A title in parentheses alone on its line (`（保健所長）`): a note on the title above it
/// in a roster, not a group heading.
pub fn is_title_note(key: &str, rules: &RuleSet) -> bool {
    is_paren(key) && key.len() > 2 && is_role(key[1..key.len() - 1].trim(), rules)
}

impl Roster {
    /// Whether `line` is laid out as a roster: it starts with a seat, or with a title
    /// followed by aligned space, or names a member with an honorific (`山中竹春君`).
    pub fn claims(&self, line: &str, rules: &RuleSet) -> bool {
        // A list (`田端 正弘(副大臣)、松本 純(大臣政務官)`) is no roster row, even under one;
        // a note in parentheses (`（…推進、地域振興担当）`) may hold a separator.
        if super::attendees::split_list(line, rules).len() > 1 {
            return false;
        }
        if self.active {
            return true;
        }
        let toks = tokens(line);
        let Some(first) = toks.first() else {
            return false;
        };
        if is_seat(&first.key, rules).is_some() {
            return true;
        }
        let cell_end = toks
            .iter()
            .skip(1)
            .position(|t| t.gap > CELL_GAP)
            .map(|p| p + 1);
        if let Some(end) = cell_end {
            let cell: String = toks[..end].iter().map(|t| t.key.as_str()).collect();
            if is_role(&cell, rules) && toks[end].gap >= 2 * CELL_GAP {
                return true;
            }
        }
        let joined = toks.iter().map(|t| t.key.as_str()).collect::<String>();
        // A post alone on its line (`町長`, `事 務 局 長`): the title of a pair whose name is
        // on the next line, as a roster flattened and cut back into pieces prints it.
        (toks.len() <= 2 && strip_honorific(&joined, rules).1)
            || (toks.iter().all(|t| t.gap <= CELL_GAP) && is_post(&joined, rules))
    }

    /// Reads one line (marks already cut out). `people` is how many people the block's
    /// caller has read so far, to name the person an `Amend` applies to.
    pub fn read(&mut self, line: &str, line_no: usize, rules: &RuleSet, people: usize) -> Outcome {
        self.active = true;
        let toks = tokens(line);
        let entries = entries(line, &toks, line_no, rules);
        let completed_alone = self.completed_alone.take();
        // A note in parentheses alone on its line belongs to the title above it.
        if let [only] = toks.as_slice() {
            if is_paren(&only.key) {
                let person = self
                    .last_row
                    .iter()
                    .filter(|(_, c, _)| *c <= only.col)
                    .max_by_key(|(_, c, _)| *c)
                    .or(self.last_row.first())
                    .map(|(p, _, _)| *p);
                if let Some(person) = person {
                    return Outcome::Amend {
                        person,
                        text: normalize_value(&line[only.start..only.end]),
                    };
                }
            }
        }
        let role_only = |e: &Entry| !e.has_name() && e.seat.is_none();
        let lone_name = |e: &Entry| e.has_name() && e.role.is_empty() && e.seat.is_none();
        if let [e] = entries.as_slice() {
            // A lone cell left of the name column is a title even when it ends in no
            // post (`選挙管理委員会`); right of it, a name whose title is above.
            let left_of_names = self.name_col.is_some_and(|c| e.col + CELL_GAP < c)
                && !strip_honorific(&name_key_of(line, e), rules).1;
            if role_only(e) || (lone_name(e) && left_of_names) {
                let text = if role_only(e) {
                    e.role.clone()
                } else {
                    name_text(line, e)
                };
                if let Some(p) = self
                    .pending
                    .iter_mut()
                    .find(|p| p.col.abs_diff(e.col) <= CELL_GAP)
                {
                    p.role.push_str(&text);
                    return Outcome::Pending(text);
                }
                let open = match self.last_row.as_slice() {
                    [(p, c, true)] if c.abs_diff(e.col) <= CELL_GAP => Some(*p),
                    _ => None,
                };
                if let Some(person) = completed_alone.or(open) {
                    self.last_row.clear();
                    return Outcome::Amend { person, text };
                }
                let mut p = e.clone();
                p.role = text.clone();
                p.name.clear();
                self.pending.push(p);
                return Outcome::Pending(text);
            }
            if lone_name(e) && !self.pending.is_empty() {
                let at = self
                    .pending
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.col <= e.name_col)
                    .max_by_key(|(_, p)| p.col)
                    .map_or(0, |(i, _)| i);
                let p = self.pending.remove(at);
                let person = finish(line, &p, e, rules);
                self.last_row = vec![(people, p.col, false)];
                self.completed_alone = (!is_role(&key_of(&p.role), rules)).then_some(people);
                return Outcome::People(vec![person]);
            }
        }
        let mut out = Vec::new();
        let mut row = Vec::new();
        for e in &entries {
            if !e.has_name() {
                if e.seat.is_none() {
                    self.pending.push(e.clone());
                }
                continue;
            }
            let mut e = e.clone();
            if !e.role.is_empty() {
                self.name_col = Some(self.name_col.map_or(e.name_col, |c| c.min(e.name_col)));
                if let Some(i) = self
                    .pending
                    .iter()
                    .position(|p| p.col.abs_diff(e.col) <= CELL_GAP)
                {
                    let p = self.pending.remove(i);
                    e.role = format!("{}{}", p.role, e.role);
                    e.first_line = p.first_line;
                }
            }
            let open = rules
                .words
                .title_joiners
                .iter()
                .any(|j| e.role.ends_with(j.as_str()));
            row.push((people + out.len(), e.col, open));
            out.push(finish(line, &e, &e, rules));
        }
        self.last_row = row;
        if out.is_empty() {
            return Outcome::Pending(entries.iter().map(|e| e.role.as_str()).collect());
        }
        Outcome::People(out)
    }

    /// Titles still waiting for a name when the block ends.
    pub fn take_pending(&mut self) -> Vec<(usize, String)> {
        self.pending
            .drain(..)
            .map(|p| (p.first_line, p.role))
            .collect()
    }
}

/// The name of `named` under the title (and seat) of `titled`.
fn finish(line: &str, titled: &Entry, named: &Entry, rules: &RuleSet) -> Person {
    let printed = name_text(line, named);
    let (name, _) = strip_honorific(&printed, rules);
    Person {
        seat: titled.seat,
        role: (!titled.role.is_empty()).then(|| titled.role.clone()),
        name,
        first_line: titled.first_line,
    }
}

fn name_text(line: &str, e: &Entry) -> String {
    match (e.name.first(), e.name.last()) {
        (Some(&(s, _)), Some(&(_, end))) => normalize_value(&line[s..end]),
        _ => String::new(),
    }
}

fn name_key_of(line: &str, e: &Entry) -> String {
    key_of(&name_text(line, e)).replace(' ', "")
}

/// Cuts a trailing honorific (`君`, `議員`, letter-spaced `議 員`) off a name; says
/// whether there was one.
fn strip_honorific(name: &str, rules: &RuleSet) -> (String, bool) {
    let name = name.trim();
    for h in &rules.words.honorifics {
        // `議 員` is `議員` spaced out; the name before it keeps at least one letter.
        let spaced: String = h.chars().map(String::from).collect::<Vec<_>>().join(" ");
        for form in [h.as_str(), spaced.as_str()] {
            if let Some(head) = name.strip_suffix(form) {
                if !head.trim().is_empty() {
                    return (head.trim_end().to_string(), true);
                }
            }
        }
    }
    (name.to_string(), false)
}

/// Splits a line into entries: a seat or a title starts one, the name cells after it fill
/// it.
fn entries(line: &str, toks: &[Token], line_no: usize, rules: &RuleSet) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // The cell starting here: tokens up to the next wide gap.
        let end = toks[i + 1..]
            .iter()
            .position(|t| t.gap > CELL_GAP)
            .map_or(toks.len(), |p| i + 1 + p);
        let t = &toks[i];
        if let Some(seat) = is_seat(&t.key, rules) {
            out.push(Entry {
                seat: Some(seat),
                col: t.col,
                first_line: line_no,
                ..Entry::default()
            });
            i += 1;
            continue;
        }
        let in_seat = out.last().is_some_and(|e| e.seat.is_some());
        if is_paren(&t.key) {
            if let Some(e) = out.last_mut() {
                if !e.role.is_empty() && !e.has_name() {
                    e.role.push_str(&normalize_value(&line[t.start..t.end]));
                    i += 1;
                    continue;
                }
            }
        }
        let cell: String = toks[i..end].iter().map(|t| t.key.as_str()).collect();
        let starts_cell = i == 0 || t.gap > CELL_GAP;
        if !in_seat && starts_cell && is_role(&cell, rules) {
            let printed: String = toks[i..end]
                .iter()
                .map(|t| normalize_value(&line[t.start..t.end]))
                .collect();
            out.push(Entry {
                role: printed,
                col: t.col,
                first_line: line_no,
                ..Entry::default()
            });
            i = end;
            continue;
        }
        // A post standing exactly between the name of a titled entry and another name starts
        // the next pair even without a cell gap (`局長  元木勇治  次長  今村好一`, where the
        // source's cell spacing was cut down to the width of letter spacing).
        let next_pair = out
            .last()
            .is_some_and(|e| !e.role.is_empty() && e.has_name())
            && i + 1 < toks.len()
            && (rules.words.roles.contains(&t.key) || is_post(&t.key, rules));
        let titled = !in_seat
            && starts_cell
            && end - i > 1
            && t.key.chars().count() >= 2
            && is_role(&t.key, rules);
        if titled || next_pair {
            out.push(Entry {
                role: normalize_value(&line[t.start..t.end]),
                col: t.col,
                first_line: line_no,
                ..Entry::default()
            });
            i += 1;
            continue;
        }
        // A role glued to the name (`委員長野村 有信君`).
        if let Some(role) = glued_role(&t.key, rules).filter(|_| !in_seat && starts_cell) {
            let cut = line[t.start..]
                .char_indices()
                .nth(role.chars().count())
                .map_or(t.end, |(b, _)| t.start + b);
            out.push(Entry {
                role: role.to_string(),
                col: t.col,
                name: vec![(cut, t.end)],
                name_col: t.col,
                first_line: line_no,
                ..Entry::default()
            });
            i += 1;
            continue;
        }
        // Name cells fill the entry before them (a padded name is several cells:
        // `牛　山　　　正`), or start one without a title.
        match out.last_mut() {
            Some(e) => {
                if !e.has_name() {
                    e.name_col = t.col;
                }
                e.name.push((t.start, t.end));
            }
            None => out.push(Entry {
                name: vec![(t.start, t.end)],
                col: t.col,
                name_col: t.col,
                first_line: line_no,
                ..Entry::default()
            }),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(src: &str) -> Vec<String> {
        let rules = RuleSet::builtin().unwrap();
        let mut r = Roster::default();
        let mut people: Vec<String> = Vec::new();
        for (n, line) in src.lines().enumerate() {
            match r.read(line, n + 1, &rules, people.len()) {
                Outcome::People(ps) => people.extend(ps.into_iter().map(|p| {
                    format!(
                        "{}|{}|{}",
                        p.seat.map(|s| s.to_string()).unwrap_or_default(),
                        p.role.unwrap_or_default(),
                        p.name
                    )
                })),
                Outcome::Amend { person, text } => people[person].push_str(&format!("+{text}")),
                Outcome::Pending(_) => {}
            }
        }
        people
    }

    #[test]
    fn a_row_of_letter_spaced_names_in_four_letter_cells() {
        let rules = RuleSet::builtin().unwrap();
        let row = |s: &str| spaced_names(s, &rules);
        assert_eq!(
            row(" 大 室   尚   斉 藤 哲 雄   小 川 明 仁"),
            Some(vec![
                "大 室 尚".into(),
                "斉 藤 哲 雄".into(),
                "小 川 明 仁".into()
            ])
        );
        assert_eq!(
            row("◎道 下 文 男  〇町 田 皇 介   星 野 良 行"),
            Some(vec![
                "道 下 文 男".into(),
                "町 田 皇 介".into(),
                "星 野 良 行".into()
            ])
        );
        assert_eq!(
            row(" 秋 山 も え   田 中 元三郎"),
            Some(vec!["秋 山 も え".into(), "田 中 元三郎".into()])
        );
        assert_eq!(row("庄司昌彦　　　武蔵大学教授"), None);
        assert_eq!(row("市　長　　石　井　由己雄"), None);
    }

    #[test]
    fn titles_and_names_two_columns_apart() {
        let rules = RuleSet::builtin().unwrap();
        let pairs = title_name_cells("教  育  長  小泉 克行  総 務 部 長  石井 康雄", &rules);
        assert_eq!(
            pairs,
            Some(vec![
                ("教育長".into(), "小泉 克行".into()),
                ("総務部長".into(), "石井 康雄".into())
            ])
        );
        let split_name = title_name_cells("産 業 建設部長  市川  学", &rules);
        assert_eq!(
            split_name,
            Some(vec![("産業建設部長".into(), "市川 学".into())])
        );
        // A name first is no such row.
        assert_eq!(title_name_cells("石井 康雄  総 務 部 長", &rules), None);
    }

    #[test]
    fn seats_two_a_line_with_letter_spaced_names() {
        let p = read_all("　　　　１番　　むらまつ　勝康　　　　　　　　　２番　　おおにし　順子\n　　　２７番　　牛　山　　　正　　　　　　　　２８番　　細　木　まこと\n");
        assert_eq!(
            p,
            [
                "1||むらまつ 勝康",
                "2||おおにし 順子",
                "27||牛 山 正",
                "28||細 木 まこと"
            ]
        );
    }

    #[test]
    fn seats_three_a_line_and_honorific() {
        let p = read_all("　　１０番　金　井　ひろし　　　１１番　　橋　本　しょうへい　１２番　岸　　　大　介\n　　　１番　　樋　川　篤　子　議員\n");
        assert_eq!(
            p,
            [
                "10||金 井 ひろし",
                "11||橋 本 しょうへい",
                "12||岸 大 介",
                "1||樋 川 篤 子"
            ]
        );
    }

    #[test]
    fn role_column_with_titles_over_two_lines() {
        let p = read_all("　　区長　　　　　　　　　　　　　　　　青　木　克　德\n　　政策経営部長兼務　　　　　　　　　　長　南　幸　紀\n　　ＳＤＧｓ推進担当部長\n　　ＤＸ推進担当部長　　　　　　　　　　福　島　啓　介\n");
        assert_eq!(
            p,
            [
                "|区長|青 木 克 德",
                "|政策経営部長兼務|長 南 幸 紀+SDGs推進担当部長",
                "|DX推進担当部長|福 島 啓 介"
            ]
        );
    }

    #[test]
    fn two_pairs_a_line_name_wrapped_under_its_column_and_notes() {
        let p = read_all("　　区　長　　　　　　　　　青　木　英　二　　副区長　　　　　　　　荒　牧　広　志\n　　文化・スポーツ部長　　　勝　島　壮　介　　健康福祉部長　　　　　保　坂　春　樹\n　　　　　　　　　　　　　　　　　　　　　　　（福祉事務所長）\n");
        assert_eq!(p[..2], ["|区長|青 木 英 二", "|副区長|荒 牧 広 志"]);
        assert_eq!(
            p[2..],
            [
                "|文化・スポーツ部長|勝 島 壮 介",
                "|健康福祉部長|保 坂 春 樹+（福祉事務所長）"
            ]
        );
        let p = read_all("　　　　副区長　　　　　　　岸川紀子　　　　子ども・子育て支援部長\n　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　酒井敏春\n");
        assert_eq!(p, ["|副区長|岸川紀子", "|子ども・子育て支援部長|酒井敏春"]);
    }

    #[test]
    fn role_glued_to_the_name() {
        let p = read_all("委員長野村 有信君\n理事相川  博君\n");
        assert_eq!(p, ["|委員長|野村 有信", "|理事|相川 博"]);
    }

    #[test]
    fn title_name_title_over_three_lines() {
        let p = read_all("　　　　　　　　教育長　　　　　　　　　　下田康晴君\n　　　　　　　　会計管理者\n　　　　　　　　　　　　　　　　　　　　　関森雅之君\n　　　　　　　　（会計室長）\n　　　　　　　　選挙管理委員会\n　　　　　　　　　　　　　　　　　　　　　武島和仁君\n　　　　　　　　事務局長\n");
        assert_eq!(
            p,
            [
                "|教育長|下田康晴",
                "|会計管理者|関森雅之+（会計室長）",
                "|選挙管理委員会|武島和仁+事務局長"
            ]
        );
    }
}
