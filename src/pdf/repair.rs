//! Text repair that only PDF needs, on the lines of every page: page numbers and running
//! headers and footers are removed (and counted), letter-spaced lines are closed up,
//! Kangxi radicals become the ideographs they stand for, variation selectors go, and a
//! line that runs to the right margin is joined with the next, across a page break too,
//! unless the next line opens a block (a bullet, a heading, a speaker, an attendee row).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::layout::PdfLine;

/// The document's text, with the byte offset at which each page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfText {
    pub text: String,
    pub page_starts: Vec<usize>,
    /// Page numbers, running headers and footers removed, as printed, with their page
    /// (from 1).
    pub furniture: Vec<(usize, String)>,
}

/// What the rule table says of a line, for page furniture and for joining wrapped lines.
pub trait LineKinds {
    /// A page number (`- 3 -`, `3/10`).
    fn is_page_number(&self, line: &str) -> bool;
    /// A line that starts a block of its own: never the continuation of the line above.
    fn opens_block(&self, line: &str) -> bool;
    /// A line that starts the body; asked of every line in order.
    fn opens_body(&mut self, line: &str) -> bool;
    /// A row that opened a bracket it did not close (`…（新型コロナ…・デ`): it goes on.
    fn unclosed(&self, line: &str) -> bool;
    /// A speaker's turn (`○議長（佐藤篤）　ご異議ないものと認めます。`).
    fn is_turn(&self, line: &str) -> bool;
    /// A header label with its value (`1．日時：令和6年10月15日（火）`): a value that runs
    /// to the margin goes on into the next line.
    fn is_label(&self, line: &str) -> bool;
}

/// A running header or footer compared across pages: a run of digits (the page number,
/// `9/56` and `10/56` alike) and space do not count.
fn furniture_key(s: &str) -> String {
    let mut key = String::new();
    for c in s.chars().map(crate::text::fold_char) {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else {
            key.push(c);
        }
    }
    key
}

/// How far apart (a share of the page's height) two lines may sit and still be the same
/// running header or footer.
const SAME_PLACE: f64 = 0.02;

/// CJK Radicals Supplement forms that fonts map glyphs of ordinary characters to (Skia's
/// ToUnicode gives `座⻑` for 座長), with the unified ideograph Unicode's CJKRadicals.txt
/// names for each; Unicode gives them no compatibility decomposition.
const RADICAL_SUPPLEMENTS: [(char, char); 15] = [
    ('⺠', '民'),
    ('⺩', '王'),
    ('⻁', '虎'),
    ('⻄', '西'),
    ('⻆', '角'),
    ('⻑', '長'),
    ('⻘', '青'),
    ('⻝', '食'),
    ('⻤', '鬼'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻫', '斉'),
    ('⻭', '歯'),
    ('⻯', '竜'),
    ('⻲', '亀'),
];

/// Kangxi radicals (⽇ U+2F47) and CJK radical supplements as their unified ideographs,
/// Latin ligatures (`ﬁle:` in a browser's footer) as their letters; variation selectors
/// dropped.
pub fn fold_glyph_forms(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'))
        .flat_map(|c| -> Box<dyn Iterator<Item = char>> {
            let supplement = matches!(c, '\u{2E80}'..='\u{2EFF}')
                .then(|| RADICAL_SUPPLEMENTS.iter().find(|(r, _)| *r == c))
                .flatten();
            if let Some(&(_, u)) = supplement {
                Box::new(std::iter::once(u))
            } else if matches!(c, '\u{2E80}'..='\u{2FDF}' | '\u{FB00}'..='\u{FB06}') {
                Box::new(std::iter::once(c).nfkc())
            } else {
                Box::new(std::iter::once(c))
            }
        })
        .collect()
}

/// `情 報 通 信 審 議 会` → `情報通信審議会`, and a 均等割り name cell `庄　司　昌　彦` →
/// `庄司昌彦`: a run of single characters each one space apart. Wider gaps separate the
/// cells of a table and stay.
fn close_letter_spacing(s: &str) -> String {
    let body = s.trim_start_matches(['\u{3000}', ' ']);
    let lead = &s[..s.len() - body.len()];
    let mut out = String::from(lead);
    let mut cell = String::new();
    let mut gap = String::new();
    let close = |cell: &str| -> String {
        let tokens: Vec<&str> = cell.split(['\u{3000}', ' ']).collect();
        if tokens.len() >= 2 && tokens.iter().all(|t| t.chars().count() == 1) {
            tokens.concat()
        } else {
            cell.to_string()
        }
    };
    for c in body.chars() {
        if c == '\u{3000}' || c == ' ' {
            gap.push(c);
            continue;
        }
        if !gap.is_empty() {
            if gap.chars().count() >= 2 {
                out.push_str(&close(&cell));
                out.push_str(&gap);
                cell.clear();
            } else {
                cell.push_str(&gap);
            }
            gap.clear();
        }
        cell.push(c);
    }
    out.push_str(&close(&cell));
    out
}

/// Joins the pages' lines into one text. A line that opens a block (a bullet, a heading, a
/// speaker turn) is never joined to the line before it. Before the body, in the header and
/// the attendee rows, a line that ends at the margin is a whole row more often than a
/// wrapped one, so only an unclosed row, a short tail (`長`) or the flush-left rest of a
/// line set in is joined there.
pub fn repair(pages: &[Vec<PdfLine>], kinds: &mut impl LineKinds) -> PdfText {
    // Running headers and footers: the first or last line of a page that recurs, digits
    // aside, at the same place on at least half of the pages (and two). The last row of a
    // table (`(全会一致)`) ends pages too, but where the table ends.
    let mut edges: HashMap<String, Vec<f64>> = HashMap::new();
    for page in pages {
        let mut keys: Vec<String> = Vec::new();
        for l in page.iter().take(2).chain(page.iter().rev().take(2)) {
            let k = furniture_key(&l.text);
            if !k.is_empty() && !keys.contains(&k) {
                edges.entry(k.clone()).or_default().push(l.at);
                keys.push(k);
            }
        }
    }
    let recurring = |l: &PdfLine| {
        pages.len() >= 2
            && edges.get(&furniture_key(&l.text)).is_some_and(|at| {
                let n = at
                    .iter()
                    .filter(|&&a| (a - l.at).abs() <= SAME_PLACE)
                    .count();
                n >= 2 && n * 2 >= pages.len()
            })
    };
    let mut out = PdfText::default();
    // The line being built, whether it may go on into the next, and its page.
    let mut pending: Option<(String, bool)> = None;
    let mut in_body = false;
    // A line set in that runs to the margin and goes on flush left is one wrapped line
    // (`　議案第18号　…基準を定める条例` / `の一部を改正する条例案`): the next row of a
    // table or a header would be set in as well.
    let set_in = |s: &str| s.starts_with(['\u{3000}', ' ']);
    let flush = |out: &mut PdfText, line: String| {
        out.text.push_str(&line);
        out.text.push('\n');
    };
    for (page_no, page) in pages.iter().enumerate() {
        let n = page.len();
        let mut page_started = false;
        for (i, l) in page.iter().enumerate() {
            let edge = i < 2 || i + 2 >= n;
            // A turn said twice (`ご異議ないものと認めます。`) that falls at the edge of two
            // pages of three is what the minutes say, not a running header.
            let furniture =
                || kinds.is_page_number(&l.text) || (recurring(l) && !kinds.is_turn(&l.text));
            if edge && furniture() {
                out.furniture.push((page_no + 1, l.text.trim().to_string()));
                continue;
            }
            let text = close_letter_spacing(&fold_glyph_forms(&l.text));
            let indented = set_in(&text);
            let tabular = text.trim().contains("\u{3000}\u{3000}");
            let tail = text.trim().chars().count() <= 4;
            match pending.take() {
                Some((mut prev, true))
                    if !indented
                        && !tabular
                        && (in_body
                            || tail
                            || kinds.unclosed(&prev)
                            || set_in(&prev)
                            || kinds.is_label(&prev))
                        && !kinds.opens_block(text.trim()) =>
                {
                    crate::text::join_wrapped(&mut prev, text.trim_start());
                    pending = Some((prev, l.full));
                    continue;
                }
                Some((prev, _)) => flush(&mut out, prev),
                None => {}
            }
            if !page_started {
                out.page_starts.push(out.text.len());
                page_started = true;
            }
            in_body = in_body || kinds.opens_body(text.trim());
            let joinable = l.full && !tabular;
            pending = Some((text, joinable));
        }
        if !page_started {
            // A page whose lines all went into the page before, or that is empty.
            out.page_starts.push(out.text.len());
        }
    }
    if let Some((prev, _)) = pending {
        flush(&mut out, prev);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in rule table's view of lines.
    fn kinds() -> crate::RuleKinds<'static> {
        static RULES: std::sync::OnceLock<crate::rules::RuleSet> = std::sync::OnceLock::new();
        crate::RuleKinds::new(RULES.get_or_init(|| crate::rules::RuleSet::builtin().unwrap()))
    }

    fn line(t: &str, full: bool) -> PdfLine {
        PdfLine {
            text: t.into(),
            full,
            at: 0.5,
        }
    }

    #[test]
    fn furniture_goes_wrapped_lines_join_blocks_do_not() {
        let pages = vec![
            vec![
                line("第3回検討会 議事録", false),
                line("○議事概要", false),
                line("・一つ目の意見は、地域の実情に応じた", true),
                line("取組が必要というものである。", false),
                line("・二つ目の意見は、次のページに続く長い", true),
                line("- 1 -", false),
            ],
            vec![
                line("第3回検討会 議事録", false),
                line("意見である。", false),
                line("情 報 通 信 審 議 会", false),
                line(
                    "庄\u{3000}司\u{3000}昌\u{3000}彦\u{3000}\u{3000}\u{3000}武蔵大学教授",
                    false,
                ),
                line("⽇本の\u{FE00}議会⻑", false),
                line("- 2 -", false),
            ],
        ];
        let got = repair(&pages, &mut kinds());
        assert_eq!(
            got.text,
            "○議事概要\n・一つ目の意見は、地域の実情に応じた取組が必要というものである。\n・二つ目の意見は、次のページに続く長い意見である。\n情報通信審議会\n庄司昌彦\u{3000}\u{3000}\u{3000}武蔵大学教授\n日本の議会長\n"
        );
        assert_eq!(got.furniture.len(), 4);
        // The second page's first line went into the first page's last one.
        assert_eq!(got.page_starts.len(), 2);
    }

    /// `9/56` and `10/56` are the same footer; a table's last row that ends two pages at
    /// different places is not furniture.
    #[test]
    fn furniture_is_the_same_line_at_the_same_place() {
        let at = |t: &str, at: f64| PdfLine {
            text: t.into(),
            full: false,
            at,
        };
        let pages: Vec<Vec<PdfLine>> = (8..12)
            .map(|n| {
                vec![
                    at("2024/12/01 10:00　会議録閲覧", 0.02),
                    at(["一", "二", "三", "四"][n as usize - 8], 0.1),
                    at("本文の続き", 0.5),
                    at("(全会一致)", 0.3 + 0.1 * f64::from(n - 8)),
                    at(&format!("https://example.jp/minutes　{n}/56"), 0.98),
                ]
            })
            .collect();
        let got = repair(&pages, &mut kinds());
        assert_eq!(got.furniture.len(), 8, "{:?}", got.furniture);
        assert_eq!(
            got.furniture[7],
            (4, "https://example.jp/minutes　11/56".to_string())
        );
        assert_eq!(got.text.matches("(全会一致)").count(), 4, "{}", got.text);
    }

    /// Before the body, a line set in that runs to the margin goes on into a flush-left
    /// line; a full line flush left does not (a header row), nor into a line set in.
    #[test]
    fn the_flush_left_rest_of_a_line_set_in_is_joined_before_the_body() {
        let pages = vec![vec![
            line("議事日程", false),
            line("\u{3000}\u{3000}議案第18号\u{3000}弘前市特定教育・保育施設の運営に関する基準を定める条例", true),
            line("の一部を改正する条例案", false),
            line("\u{3000}\u{3000}議案第19号\u{3000}弘前市家庭的保育事業等の設備及び運営に関する基準を定める条例", true),
            line("\u{3000}\u{3000}議案第20号\u{3000}動産の取得について", false),
            line("令和５年２月17日（金曜日）午前10時開議の会議に出席した議員の数を", true),
            line("記載したものである。", false),
        ]];
        let got = repair(&pages, &mut kinds());
        assert_eq!(
            got.text,
            "議事日程\n\u{3000}\u{3000}議案第18号\u{3000}弘前市特定教育・保育施設の運営に関する基準を定める条例の一部を改正する条例案\n\u{3000}\u{3000}議案第19号\u{3000}弘前市家庭的保育事業等の設備及び運営に関する基準を定める条例\n\u{3000}\u{3000}議案第20号\u{3000}動産の取得について\n令和５年２月17日（金曜日）午前10時開議の会議に出席した議員の数を\n記載したものである。\n"
        );
    }

    /// The same turn at the edge of two pages of three is kept; a title line there goes.
    #[test]
    fn a_turn_said_twice_at_page_edges_is_no_running_header() {
        let turn = "○議長（佐藤篤）\u{3000}ご異議ないものと認めます。";
        let page = |first: &str, said: &[&str], last: &str| {
            let mut p = vec![line(first, false)];
            p.extend(said.iter().map(|s| line(s, false)));
            p.push(line(last, false));
            p
        };
        let pages = vec![
            page(
                "墨田区議会会議録",
                &[
                    "○議長（佐藤篤）\u{3000}会期は１日間としたいと思います。",
                    "これにご異議ありませんか。",
                    "〔「異議なし」と呼ぶ者あり〕",
                ],
                turn,
            ),
            page(
                turn,
                &[
                    "よって、本件を本日の日程に追加することに決定いたしました。",
                    "○議長（佐藤篤）\u{3000}追加日程第１を議題に供します。",
                    "○議長（佐藤篤）\u{3000}これより採決いたします。",
                ],
                "墨田区議会会議録",
            ),
            page(
                "墨田区議会会議録",
                &[
                    "○議長（佐藤篤）\u{3000}以上で本日の日程は全部終了いたしました。",
                    "これにて散会いたします。",
                    "午後２時３１分散会",
                ],
                "－３－",
            ),
        ];
        let got = repair(&pages, &mut kinds());
        assert_eq!(got.text.matches("ご異議ないものと認めます").count(), 2);
        assert_eq!(
            got.furniture,
            [
                (1, "墨田区議会会議録".to_string()),
                (2, "墨田区議会会議録".to_string()),
                (3, "墨田区議会会議録".to_string()),
                (3, "－３－".to_string())
            ]
        );
    }

    #[test]
    fn page_numbers_and_open_brackets() {
        let k = kinds();
        for p in ["- 3 -", "3", "3/10", "－３－", "p3", "P.12"] {
            assert!(k.is_page_number(p), "{p}");
        }
        assert!(!k.is_page_number("第3回"));
        assert!(k.unclosed("足達 雅英 総務省大臣官房審議官（新型コロナ・デ"));
        assert!(k.unclosed("【代理："));
        assert!(!k.unclosed("渡邊 繁樹 デジタル庁参事官（デジタル社会共通機能グループ）"));
    }
}
