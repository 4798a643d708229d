//! Lines → zones. A first pass that says which block each line stands in (header,
//! attendees, agenda, materials, body), so that each block's parser only sees its own
//! lines: `【座長】` is a group heading in the attendee zone and `【…について】` a section
//! heading in the body, and no rule has to tell them apart.
//!
//! The zones are the cheapest path over the whole document (Viterbi over five states):
//! each line is read in each zone against its evidence (a `header_label` rule opens its
//! zone, a speaker turn or an end mark opens the body, a bare bullet after the header
//! opens a body of bullets), and the costs of the rule table's `[zoning]` say what it
//! costs to follow or ignore that evidence and to leave a zone. A one-way latch let one
//! early misreading decide the document (a portal line `■大臣官房■` read as a bullet
//! opened the body, and `1.日時:` … `3.出席者` became sections); on the best path a label
//! after a false start costs a little instead of being lost.

use std::ops::Range;

use crate::rules::{Field, Kind, RemarkKind, RuleSet};
use crate::text::Line;

/// The block a line stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneKind {
    Header,
    Attendees,
    Agenda,
    Materials,
    Body,
}

impl ZoneKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneKind::Header => "header",
            ZoneKind::Attendees => "attendees",
            ZoneKind::Agenda => "agenda",
            ZoneKind::Materials => "materials",
            ZoneKind::Body => "body",
        }
    }
}

/// A header label found on a line, and where its value sits in the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelHit {
    pub rule: String,
    pub field: Field,
    pub value: Range<usize>,
}

/// One line's zone, and its label if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zoned {
    pub zone: ZoneKind,
    pub label: Option<LabelHit>,
    /// The next best zone of this line and how much more its best path costs, where that
    /// is within the table's `close_margin`: what `explain` shows a rule author.
    pub runner_up: Option<(ZoneKind, u32)>,
    /// A label the path read as text of the body (`午後３時７分散会` after the last turn):
    /// the header takes its end time from such a line without matching the body again.
    pub aside: Option<LabelHit>,
}

const ZONES: [ZoneKind; 5] = [
    ZoneKind::Header,
    ZoneKind::Attendees,
    ZoneKind::Agenda,
    ZoneKind::Materials,
    ZoneKind::Body,
];

impl ZoneKind {
    fn index(self) -> usize {
        self as usize
    }
}

/// What a line says about the zone after it, read from one zone.
#[derive(Debug, Clone)]
enum Evidence {
    /// A header label: it opens its zone (or, a time label outside the header, keeps it).
    Label(LabelHit, ZoneKind),
    /// A speaker turn or an end mark: the transcript has begun.
    Turn,
    /// A bullet that is no label, in the header: a body of bullets begins. Also a weak
    /// speaker label (`厚生労働省健康局健康課・山本課長補佐:`, `村井座長:`) after the header's
    /// labels: a transcript whose turns are not marked begins, at the same cost.
    Bullet,
    /// A line of people in the header (`平田郁美教育長、代田秋子委員、…`): an attendee list
    /// whose label the page lost.
    People,
    /// The first of a numbered list under the header's date (`1 会長、副会長の選任` with
    /// `2 …` on the next line): an agenda whose label the page lost.
    Items,
}

impl Evidence {
    fn target(&self) -> ZoneKind {
        match self {
            Evidence::Label(_, z) => *z,
            Evidence::Turn | Evidence::Bullet => ZoneKind::Body,
            Evidence::People => ZoneKind::Attendees,
            Evidence::Items => ZoneKind::Agenda,
        }
    }
}

/// The first header label on `line` that may count in `zone`: a weak one (`議事` alone)
/// opens the body from the header or the attendee list, never inside the agenda, where
/// it is an item (`2. 議事`).
pub fn label(line: &Line, zone: ZoneKind, rules: &RuleSet) -> Option<LabelHit> {
    let weak_ok = matches!(zone, ZoneKind::Header | ZoneKind::Attendees);
    first_label_of(line, rules, |r| !r.weak || weak_ok).map(|(hit, _)| hit)
}

/// The first label of `line` that `allowed` lets count, and whether its rule is weak.
fn first_label_of(
    line: &Line,
    rules: &RuleSet,
    allowed: impl Fn(&crate::rules::Rule) -> bool,
) -> Option<(LabelHit, bool)> {
    let (offset, key) = line.body();
    // Most lines match no label: one pass of the set says so. A linked file
    // (`議事次第 (PDF形式:55KB)`, in a page's list of materials) is a document, not a label.
    if !rules.may_match(Kind::HeaderLabel, key) || rules.file_note.is_match(key) {
        return None;
    }
    let (r, c) = rules
        .matching(Kind::HeaderLabel, key)
        .filter(|r| allowed(r))
        .find_map(|r| r.captures(key).map(|c| (r, c)))?;
    let v = c.name("value")?;
    let hit = LabelHit {
        rule: r.id.clone(),
        field: r.field?,
        value: offset + v.start()..offset + v.end(),
    };
    Some((hit, r.weak))
}

/// A sentence (`午後1時00分、平田教育長、教育委員会会議の開会を宣す。`): after an attendee
/// list, the body's first line; no attendee row ends so.
fn is_prose(key: &str, rules: &RuleSet) -> bool {
    key.ends_with(|c| rules.words.sentence_endings.contains(&c)) && key.chars().count() >= 15
}

/// A line of people: three or more items between list separators, no sentence ending,
/// and two thirds of them beginning with a family name (`平田郁美教育長、沼田翔二朗教育長職務
/// 代理者、代田秋子委員`): an attendee list whose label the page lost.
fn is_people_line(key: &str, rules: &RuleSet) -> bool {
    let words = &rules.words;
    if key.contains(|c| words.sentence_endings.contains(&c)) {
        return false;
    }
    let items: Vec<&str> = key
        .split(|c| words.list_separators.contains(&c))
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    if items.len() < 3 || items.iter().any(|i| i.chars().count() > 24) {
        return false;
    }
    let people = items
        .iter()
        .filter(|i| crate::lexicon::starts_with_full_name(i))
        .count();
    people * 3 >= items.len() * 2
}

/// The number an agenda-item rule reads at the start of `line` (`1`, `(2)`, `第３`), as
/// digits only.
fn item_number(line: &Line, rules: &RuleSet) -> Option<String> {
    let (_, c) = rules.first(Kind::AgendaItem, line.body().1)?;
    let digits: String = c
        .name("number")?
        .as_str()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then_some(digits)
}

/// Whether line `i` is item 1 of a numbered list whose item 2 is the next line that is not
/// blank: a list under a date is an order of business, whatever label it lost.
fn opens_numbered_list(lines: &[Line], i: usize, rules: &RuleSet) -> bool {
    if item_number(&lines[i], rules).as_deref() != Some("1") {
        return false;
    }
    lines[i + 1..]
        .iter()
        .find(|l| !l.is_blank())
        .is_some_and(|next| item_number(next, rules).as_deref() == Some("2"))
}

/// A section heading that is not a labelled material.
fn opens_section(line: &Line, rules: &RuleSet) -> bool {
    let key = line.body().1;
    rules.first(Kind::Section, key).is_some() && rules.first(Kind::Material, key).is_none()
}

/// A section heading with a mark of its own (`△開会の宣告`, `◎会期の決定`): after an
/// attendee list, the proceedings' first line.
fn opens_marked_section(line: &Line, rules: &RuleSet) -> bool {
    let key = line.body().1;
    rules.of(Kind::Section).any(|r| !r.weak && r.is_match(key))
}

/// A line that is only a document type (`議事概要` under the title) names the document;
/// the same word later, after the header labels, opens the body.
pub fn is_document_type_line(key: &str, rules: &RuleSet) -> bool {
    let squeezed = || key.chars().filter(|c| !c.is_whitespace());
    rules
        .words
        .document_types
        .iter()
        .any(|t| t.chars().eq(squeezed()))
}

/// Whether a line opens a speaker turn: a transcript without a header starts here. In the
/// attendee block a title alone (`○会長` above the names) heads a group: only a title with
/// words after it (`○会長　ただいまから…`) is a turn there.
fn opens_turn(line: &Line, rules: &RuleSet, zone: ZoneKind) -> bool {
    let key = line.key.trim_start();
    rules
        .matching(Kind::Remark, key)
        .filter(|r| r.remark_kind == Some(RemarkKind::Speech) && !r.weak)
        .any(|r| {
            zone != ZoneKind::Attendees
                || r.captures(key)
                    .and_then(|c| c.name("text"))
                    .is_some_and(|t| !t.is_empty())
        })
}

/// A weak speaker label: evidence of a transcript only once the header's labels are read.
fn opens_weak_turn(line: &Line, rules: &RuleSet) -> bool {
    let key = line.key.trim_start();
    rules
        .matching(Kind::Remark, key)
        .any(|r| r.weak && r.remark_kind == Some(RemarkKind::Speech))
}

/// A weak rule (a bare `中村委員`) only claims lines inside the body.
fn opens(line: &Line, rules: &RuleSet, kind: RemarkKind) -> bool {
    let key = line.key.trim_start();
    rules
        .matching(Kind::Remark, key)
        .any(|r| r.remark_kind == Some(kind) && !r.weak)
}

/// The zone a label opens, read from `zone`.
fn label_target(hit: &LabelHit, zone: ZoneKind) -> ZoneKind {
    match hit.field {
        // `午前10時　開議` under an order of business, or just before the first turn,
        // gives the header its time without ending the block it sits in.
        Field::StartTime | Field::EndTime if zone != ZoneKind::Header => zone,
        Field::Attendees => ZoneKind::Attendees,
        Field::Agenda => ZoneKind::Agenda,
        Field::Materials => ZoneKind::Materials,
        Field::Body => ZoneKind::Body,
        _ => ZoneKind::Header,
    }
}

/// What `line` says read from each zone: the first header label that may count there,
/// else a turn, an end mark or (in the header) a bare bullet. Each rule is tried once per
/// line; the zones only differ in which matches count. `title_area`: no label stands
/// above the line, so a document type alone (`議事概要` under the title) names the
/// document.
fn evidence(
    line: &Line,
    rules: &RuleSet,
    title_area: bool,
    alive: [bool; 5],
    items: bool,
) -> [Option<Evidence>; 5] {
    let mut out: [Option<Evidence>; 5] = Default::default();
    // A table of contents names the record's parts; it opens none of them.
    if rules.contents_entry.is_match(&line.key) {
        return out;
    }
    let (any, weak) = match first_label_of(line, rules, |_| true) {
        Some((hit, weak)) => (Some(hit), weak),
        None => (None, false),
    };
    // A weak label counts in the header and the attendee list only; elsewhere the next
    // strong one (if any) does.
    let strong = if weak {
        first_label_of(line, rules, |r| !r.weak).map(|(hit, _)| hit)
    } else {
        any.clone()
    };
    // Read once for every zone that asks: an end mark, and a turn (in the attendee list
    // only a turn with words after it, and never a group heading).
    let key = line.key.trim();
    let end = std::cell::OnceCell::new();
    let is_end = || *end.get_or_init(|| rules.of(Kind::End).any(|r| r.regex.is_match(key)));
    let turn = std::cell::OnceCell::new();
    let is_turn = || *turn.get_or_init(|| opens_turn(line, rules, ZoneKind::Header));
    // The publishing site's lines (a breadcrumb, `ツイート シェア`, a search word as a
    // bullet) say nothing of the minutes in the header.
    let chrome = std::cell::OnceCell::new();
    let is_chrome = || *chrome.get_or_init(|| rules.site_chrome.is_match(key));
    for zone in ZONES {
        if !alive[zone.index()]
            || (zone == ZoneKind::Header
                && ((title_area && is_document_type_line(&line.key, rules)) || is_chrome()))
        {
            continue;
        }
        let hit = match zone {
            ZoneKind::Header | ZoneKind::Attendees => any.clone(),
            _ => strong.clone(),
        };
        // Inside the agenda, a line an agenda-item rule numbers is an item, whatever label
        // it also reads as (`第１０　議　案　第９号…` is a bill, `2. 議題` a point of the
        // order of business): the agenda is already open.
        let hit = hit.filter(|hit| {
            !(zone == ZoneKind::Agenda
                && hit.field == Field::Agenda
                && rules.first(Kind::AgendaItem, line.body().1).is_some())
        });
        if let Some(hit) = hit {
            let target = label_target(&hit, zone);
            out[zone.index()] = Some(Evidence::Label(hit, target));
            continue;
        }
        if zone == ZoneKind::Body {
            continue;
        }
        // A speaker turn ends whatever block came before: the transcript has begun. So
        // does the end marker. A group heading (`〇欠席委員`) looks like a turn but is not.
        let opens_body = if zone == ZoneKind::Attendees {
            is_end()
                || (is_turn()
                    && !rules.of(Kind::GroupHeading).any(|r| r.regex.is_match(key))
                    && opens_turn(line, rules, zone))
        } else {
            is_end() || is_turn()
        };
        if opens_body {
            out[zone.index()] = Some(Evidence::Turn);
        } else if zone == ZoneKind::Header && is_people_line(key, rules) {
            out[zone.index()] = Some(Evidence::People);
        } else if zone == ZoneKind::Header && items {
            out[zone.index()] = Some(Evidence::Items);
        } else if (zone == ZoneKind::Header
            && (opens(line, rules, RemarkKind::Bullet)
                || (!title_area && opens_weak_turn(line, rules))))
            || (zone == ZoneKind::Materials
                && (opens_section(line, rules)
                    || (is_prose(key, rules) && !key.starts_with(&rules.words.note_marks[..]))))
            || (zone == ZoneKind::Attendees
                && (is_prose(key, rules) || opens_marked_section(line, rules)))
            // A bare speaker label with a sentence after it (`高山課長  ただ今から…
            // 開催させていただきます。`) is no item of the agenda above it.
            || (zone == ZoneKind::Agenda
                && is_prose(key, rules)
                && opens_weak_turn(line, rules))
        {
            // In a list of materials, a section heading (`≪1.開会≫`) that no material rule
            // reads is the body's first line.
            out[zone.index()] = Some(Evidence::Bullet);
        }
    }
    out
}

/// The cost of reading a line in `to` after a line in `from`, given what the line says
/// read from `from`; `None` where the path cannot go (a zone changes only where a line
/// opens the new one).
fn step(
    from: ZoneKind,
    to: ZoneKind,
    ev: Option<&Evidence>,
    costs: &crate::rules::Zoning,
) -> Option<u32> {
    let opened = ev.map(Evidence::target);
    if from == to {
        return Some(match ev {
            Some(e) if opened != Some(from) => match (e, from) {
                (Evidence::Label(..), ZoneKind::Body) => costs.label_in_body,
                (Evidence::Label(..), _) => costs.label_ignored,
                (Evidence::Turn, _) => costs.turn_ignored,
                (Evidence::Bullet, _) => costs.bullet_in_header,
                (Evidence::People, _) => costs.people_in_header,
                (Evidence::Items, _) => costs.items_in_header,
            },
            _ => 0,
        });
    }
    if opened != Some(to) {
        return None;
    }
    let leave = if from == ZoneKind::Body {
        costs.leave_body
    } else {
        costs.leave_block
    };
    let open = match ev {
        Some(Evidence::Bullet) => costs.bullet_opens_body,
        Some(Evidence::People) => costs.people_open_attendees,
        Some(Evidence::Items) => costs.items_open_agenda,
        _ => 0,
    };
    Some(leave + open)
}

/// Assigns every line (blank ones too) to a zone: the cheapest path over the document.
pub fn zones(lines: &[Line], rules: &RuleSet) -> Vec<Zoned> {
    let costs = &rules.zoning;
    const INF: u32 = u32::MAX / 4;
    let n = lines.len();
    // Forward: the cheapest cost of the lines up to i with line i in each zone, and the
    // zone of line i-1 on that path; what each line says is read only from the zones a
    // path still stands in (within `beam` of the best), so a long transcript reads its
    // body lines for labels alone. The document starts in the header.
    let mut said: Vec<[Option<Evidence>; 5]> = Vec::with_capacity(n);
    let mut title_area = true;
    let mut fwd: Vec<[u32; 5]> = Vec::with_capacity(n);
    let mut back: Vec<[u8; 5]> = Vec::with_capacity(n);
    let mut prev = [INF; 5];
    prev[ZoneKind::Header.index()] = 0;
    let mut dated = false;
    for (i, line) in lines.iter().enumerate() {
        let alive = prev.map(|c| c < INF);
        let ev = if line.is_blank() {
            Default::default()
        } else {
            let header = alive[ZoneKind::Header.index()];
            let items = header && dated && opens_numbered_list(lines, i, rules);
            if header && !dated {
                dated = crate::date::find_date(&line.key, rules).is_some();
            }
            evidence(line, rules, title_area, alive, items)
        };
        if matches!(ev[ZoneKind::Header.index()], Some(Evidence::Label(..))) {
            title_area = false;
        }
        let mut cur = [INF; 5];
        let mut from_of = [0u8; 5];
        for from in ZONES {
            let base = prev[from.index()];
            if base >= INF {
                continue;
            }
            for to in ZONES {
                let Some(c) = step(from, to, ev[from.index()].as_ref(), costs) else {
                    continue;
                };
                // Ties keep the zone the path is in: evidence has to pay its way.
                let total = base + c;
                if total < cur[to.index()] || (total == cur[to.index()] && from == to) {
                    cur[to.index()] = total;
                    from_of[to.index()] = from.index() as u8;
                }
            }
        }
        // Zones too far behind the best are dropped here, in `fwd` itself, so the backward
        // pass never reads a zone whose evidence was not read.
        let floor = cur.iter().copied().min().unwrap_or(0);
        for c in cur.iter_mut() {
            if *c > floor.saturating_add(costs.beam) {
                *c = INF;
            }
        }
        said.push(ev);
        fwd.push(cur);
        back.push(from_of);
        prev = cur;
    }
    // Backward: the cheapest cost of the lines after i given line i's zone, so each line
    // knows the best path through each of its zones (the runner-up `explain` shows).
    let mut bwd = vec![[0u32; 5]; n];
    for i in (0..n.saturating_sub(1)).rev() {
        for from in ZONES {
            let mut best = INF;
            for to in ZONES {
                if let Some(c) = step(from, to, said[i + 1][from.index()].as_ref(), costs) {
                    best = best.min(c + bwd[i + 1][to.index()]);
                }
            }
            bwd[i][from.index()] = best;
        }
    }
    let mut path = vec![ZoneKind::Header; n];
    if n > 0 {
        let mut z = (0..5)
            .min_by_key(|&z| (fwd[n - 1][z], z != ZoneKind::Body.index()))
            .unwrap_or(0);
        for i in (0..n).rev() {
            path[i] = ZONES[z];
            z = back[i][z] as usize;
        }
    }
    let mut from = ZoneKind::Header;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let zone = path[i];
        // The label of the line as the path read it: the one that opened (or kept) its
        // zone. A label ignored, and every label inside the body but the one that opened
        // it, is none.
        let label = match &said[i][from.index()] {
            Some(Evidence::Label(hit, target))
                if *target == zone && (zone != ZoneKind::Body || from != ZoneKind::Body) =>
            {
                Some(hit.clone())
            }
            _ => None,
        };
        let aside = match &said[i][from.index()] {
            Some(Evidence::Label(hit, _)) if label.is_none() && zone == ZoneKind::Body => {
                Some(hit.clone())
            }
            _ => None,
        };
        let through = |z: ZoneKind| fwd[i][z.index()].saturating_add(bwd[i][z.index()]);
        let best = through(zone);
        let runner_up = ZONES
            .iter()
            .filter(|&&z| z != zone && !lines[i].is_blank())
            .map(|&z| (z, through(z).saturating_sub(best)))
            .filter(|&(_, d)| d <= costs.close_margin)
            .min_by_key(|&(_, d)| d);
        out.push(Zoned {
            zone,
            label,
            runner_up,
            aside,
        });
        from = zone;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    #[test]
    fn labels_switch_zones_and_weak_labels_stay_put() {
        let rules = RuleSet::builtin().unwrap();
        let src = "題\n○開催日時：令和4年7月28日\n○出席者\n【座長】\n庄司 昌彦 教授\n○議題\n1. 開会\n2. 議事\n○議事概要\n【議題について】\n・意見\n";
        let ls = lines(src, &[]);
        let z: Vec<_> = zones(&ls, &rules).iter().map(|z| z.zone.as_str()).collect();
        assert_eq!(
            z,
            [
                "header",
                "header",
                "attendees",
                "attendees",
                "attendees",
                "agenda",
                "agenda",
                "agenda",
                "body",
                "body",
                "body"
            ]
        );
    }

    #[test]
    fn a_line_of_people_not_of_prose() {
        let rules = RuleSet::builtin().unwrap();
        assert!(is_people_line(
            "平田郁美教育長、沼田翔二朗教育長職務代理者、代田秋子委員、河添和子委員",
            &rules
        ));
        assert!(!is_people_line(
            "午後1時00分、平田教育長、教育委員会会議の開会を宣す。",
            &rules
        ));
        assert!(!is_people_line(
            "議事日程、会議録署名議員の指名、会期の決定",
            &rules
        ));
    }

    /// A page that lost its labels: a line of people opens the attendee list, and a
    /// sentence after it the body. The sentence that declares the opening gives the start
    /// time without ending the block it stands in.
    #[test]
    fn a_line_of_people_opens_the_attendees_and_a_sentence_the_body() {
        let rules = RuleSet::builtin().unwrap();
        let src = "本文\n令和6年3月19日(火曜日)\n平田郁美教育長、沼田翔二朗教育長職務代理者、代田秋子委員\n柿沼輝信教育次長、栗本郁夫教育次長、田中俊行総務課長\n午後1時00分、平田教育長、教育委員会会議の開会を宣す。\n議案審議に先立ち、平田教育長から発議があり、審議は非公開で行うこととした。\n";
        let ls = lines(src, &[]);
        let zoned = zones(&ls, &rules);
        let z: Vec<_> = zoned.iter().map(|z| z.zone.as_str()).collect();
        assert_eq!(
            z,
            [
                "header",
                "header",
                "attendees",
                "attendees",
                "attendees",
                "body"
            ]
        );
        assert_eq!(
            zoned[4].label.as_ref().map(|l| l.rule.as_str()),
            Some("label_open_declared")
        );
    }

    /// A page's list of linked materials: a label with a note, a linked file that reads
    /// as a label (`議事次第 (PDF…)`) stays a material, and a section heading opens the body.
    #[test]
    fn linked_files_are_materials_and_a_section_ends_them() {
        let rules = RuleSet::builtin().unwrap();
        let src = "題\n日時：令和4年7月28日\n配布資料 (資料は全てPDF形式となります。)\n議事次第 (PDF形式:55KB)\n【資料1】 進め方について (PDF形式:24KB)\n≪1.開会≫\n○高委員長 ただいまから開催します。\n";
        let ls = lines(src, &[]);
        let z: Vec<_> = zones(&ls, &rules).iter().map(|z| z.zone.as_str()).collect();
        assert_eq!(
            z,
            [
                "header",
                "header",
                "materials",
                "materials",
                "materials",
                "body",
                "body"
            ]
        );
        let (seg, _) = crate::segment::segment_text(src);
        let titles: Vec<_> = seg
            .materials
            .iter()
            .map(|m| m.title.clone().unwrap_or_default())
            .collect();
        assert_eq!(titles, ["議事次第", "進め方について"]);
    }

    /// Inside an order of business, `第１０　　議　　案　　第　９号…` is an item (a bill),
    /// not the agenda label again; before it, `議　案` is the label.
    #[test]
    fn a_numbered_bill_inside_the_agenda_is_an_item_not_a_label() {
        let rules = RuleSet::builtin().unwrap();
        let ls = lines(
            "題\n議　案\n　第　９　　議　　案　　第　８号　条例\n　第１０　　議　　案　　第　９号　刑法等の一部を改正する条例\n",
            &[],
        );
        let zoned = zones(&ls, &rules);
        let got: Vec<_> = zoned
            .iter()
            .map(|z| (z.zone, z.label.as_ref().map(|l| l.rule.as_str())))
            .collect();
        assert_eq!(
            got,
            [
                (ZoneKind::Header, None),
                (ZoneKind::Agenda, Some("label_agenda")),
                (ZoneKind::Agenda, None),
                (ZoneKind::Agenda, None),
            ]
        );
    }

    /// In the attendee block `○会長` alone heads the names below it; `○会長　ただいまから…`
    /// is the first turn.
    #[test]
    fn a_title_alone_in_the_attendee_block_is_no_turn() {
        let rules = RuleSet::builtin().unwrap();
        let ls = lines(
            "題\n出席者\n○会長\n山田 太郎\n○会長　ただいまから会議を開きます。\n",
            &[],
        );
        let z: Vec<_> = zones(&ls, &rules).iter().map(|z| z.zone).collect();
        assert_eq!(
            z,
            [
                ZoneKind::Header,
                ZoneKind::Attendees,
                ZoneKind::Attendees,
                ZoneKind::Attendees,
                ZoneKind::Body
            ]
        );
    }

    fn zone_names(src: &str) -> Vec<&'static str> {
        let rules = RuleSet::builtin().unwrap();
        zones(&lines(src, &[]), &rules)
            .iter()
            .map(|z| z.zone.as_str())
            .collect()
    }

    /// A portal line framed by `■` reads as a bare bullet; the labels after it are the
    /// header's, not sections of a body that began at the portal line.
    #[test]
    fn labels_after_a_false_start_of_the_body_return_to_the_header() {
        assert_eq!(
            zone_names("■大臣官房■\n第3回検討会議事概要\n1.日時:令和4年7月28日\n2.場所:会議室\n3.出席者\n山田 太郎\n4.議事\n・意見があった。\n"),
            ["header", "header", "header", "header", "attendees", "attendees", "body", "body"]
        );
    }

    /// A speaker label of a transcript that marks no turn, after the header's labels,
    /// opens the body (a ministry's 議事録: `○日時` … then `…山本課長補佐:` alone on its line).
    #[test]
    fn a_weak_speaker_label_after_the_labels_opens_the_body() {
        assert_eq!(
            zone_names("第1回会議\n○日時:令和4年10月20日(木)13:00~15:00\n厚生労働省健康局健康課・山本課長補佐:\nお待たせいたしました。\n"),
            ["header", "header", "body", "body"]
        );
        // Before any label it is no evidence: a title stays a title.
        assert_eq!(
            zone_names("村井座長:\n日時:令和4年7月28日\n"),
            ["header", "header"]
        );
    }

    /// A summary of bullets only: the first bullet opens the body.
    #[test]
    fn bullets_after_the_header_open_the_body() {
        assert_eq!(
            zone_names("第1回会議\n日時：令和4年7月28日\n・意見があった。\n・別の意見があった。\n"),
            ["header", "header", "body", "body"]
        );
    }

    /// One label-like line inside a transcript stays text of the body; the costs of the
    /// rule table decide, and explain sees how close it was.
    #[test]
    fn one_label_inside_the_body_stays_body_and_is_a_close_call() {
        let rules = RuleSet::builtin().unwrap();
        let ls = lines(
            "第1回会議\n○議長（山田太郎君）　ただいまから会議を開きます。\n場所：本会議場\n○議長（山田太郎君）　次に進みます。\n",
            &[],
        );
        let z = zones(&ls, &rules);
        let got: Vec<_> = z.iter().map(|z| z.zone).collect();
        assert_eq!(
            got,
            [
                ZoneKind::Header,
                ZoneKind::Body,
                ZoneKind::Body,
                ZoneKind::Body
            ]
        );
        assert_eq!(z[2].label, None);
        let (other, margin) = z[2].runner_up.expect("a close call");
        assert_eq!(other, ZoneKind::Header);
        assert!(margin <= rules.zoning.close_margin);
    }

    #[test]
    fn transcript_without_header_starts_in_body() {
        let rules = RuleSet::builtin().unwrap();
        let ls = lines("　　午前10時開議\n◯議長（奈良岡隆君）　これより本日の会議を開きます。\n　本日の会議は\n", &[]);
        let z: Vec<_> = zones(&ls, &rules).iter().map(|z| z.zone).collect();
        assert_eq!(z, [ZoneKind::Header, ZoneKind::Body, ZoneKind::Body]);
    }
}
