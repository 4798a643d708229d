//! Glyphs → lines of text. Glyphs on one baseline make a line, in x order. The space
//! between them is written as the text would have it: nothing inside a word, an ASCII
//! space between Latin words, one full-width space per em of a wider gap, so that a
//! two-column attendee table comes out as the aligned cells the roster reader knows from
//! text minutes. A line's indent from the page's text margin is kept the same way.

use serde::{Deserialize, Serialize};

use super::extract::{Glyph, Page};

/// One line of a page, and where it sits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PdfLine {
    pub text: String,
    /// Ends at the right margin of the page's text: the line may wrap into the next.
    pub full: bool,
    /// Where its baseline sits, as a share of the page's height from the top: a running
    /// header or footer recurs at the same place on every page.
    pub at: f64,
}

/// A glyph narrower than this share of an em after the previous one starts a new word.
const WORD_GAP: f64 = 0.2;

fn em(a: &Glyph, b: &Glyph) -> f64 {
    a.size.max(b.size).max(1.0)
}

/// The page's glyphs grouped into lines, top to bottom, each sorted left to right.
fn rows(page: &Page) -> Vec<Vec<&Glyph>> {
    let mut glyphs: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty() && g.x.is_finite() && g.y.is_finite())
        .collect();
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    // Sorted by baseline, a glyph within 0.4 em below the row's lowest one is on its row:
    // a table's cells are set a point or two apart (`自由未来 … 無所属 … 公明党議員団`),
    // while lines are an em or more apart.
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if g.y - row[row.len() - 1].y <= 0.4 * g.size.max(row[0].size) => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    for row in &mut rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        // Text printed twice for a bold effect lands on itself: keep it once.
        row.dedup_by(|b, a| a.text == b.text && (b.x - a.x).abs() < 0.1 * em(a, b));
    }
    rows
}

fn push_gap(out: &mut String, gap: f64, em: f64, latin: bool) {
    let cells = (gap / em).round();
    // Next to Latin letters and digits, whose widths fonts report loosely, a gap under an
    // em and a half is a word space, not a table column.
    let column = if latin { 1.5 } else { 0.6 };
    if gap > column * em && cells >= 1.0 {
        out.extend(std::iter::repeat_n('\u{3000}', cells.min(60.0) as usize));
    } else if gap > WORD_GAP * em {
        // A half-width space: between Latin words, between a name and its affiliation,
        // and the automatic space between Japanese and Latin (which text repair removes).
        out.push(' ');
    }
}

/// Rows read as a unit, with the margins their indents and `full` are measured from.
struct Block<'g> {
    rows: Vec<Vec<&'g Glyph>>,
    left: f64,
    right: f64,
}

impl<'g> Block<'g> {
    fn new(rows: Vec<Vec<&'g Glyph>>) -> Self {
        let (left, right) = extent(&rows);
        Block { rows, left, right }
    }
}

/// The left edge of the leftmost row and the right edge of the rightmost.
fn extent(rows: &[Vec<&Glyph>]) -> (f64, f64) {
    let left = rows.iter().map(|r| r[0].x).fold(f64::INFINITY, f64::min);
    let right = rows
        .iter()
        .filter_map(|r| r.last().map(|g| g.x + g.w))
        .fold(f64::NEG_INFINITY, f64::max);
    (left, right)
}

/// Fewer rows side by side than this are a table, not columns.
const COLUMN_ROWS: usize = 4;

/// Where the rows are set in columns of prose, the columns one after the other: a
/// gutter is a band of white at least an em wide, away from the edges, that at most a
/// fifth of the rows cross (a title or a heading set across the page). A table has
/// gutters too; columns are told from it by what stands on each side: rows of prose,
/// eight characters or more, most of them running to the side's right edge (text that
/// wraps). Rows that cross the gutter are read where they stand, between the runs of
/// rows they divide; each column is split again the same way (three columns).
fn blocks<'g>(rows: Vec<Vec<&'g Glyph>>, depth: usize) -> Vec<Block<'g>> {
    let Some(gutter) = (depth < 3 && rows.len() >= 2 * COLUMN_ROWS)
        .then(|| gutter(&rows))
        .flatten()
    else {
        return vec![Block::new(rows)];
    };
    let middle = (gutter.0 + gutter.1) / 2.0;
    // A row runs across when its text goes on through the gutter; a line of the left
    // column whose last mark hangs into it (`…あった。`) leaves a gap before the right
    // column's line beside it.
    let crosses = |row: &[&Glyph]| {
        let em = row.iter().map(|g| g.size).fold(1.0, f64::max);
        let near = |g: &Glyph| g.x + g.w > gutter.0 - em && g.x < gutter.1 + em;
        row.iter().any(|g| g.x < gutter.1 && g.x + g.w > gutter.0)
            && !row
                .windows(2)
                .any(|p| near(p[0]) && near(p[1]) && p[1].x - (p[0].x + p[0].w) >= 0.5 * em)
    };
    let mut out: Vec<Block<'g>> = Vec::new();
    let mut left: Vec<Vec<&Glyph>> = Vec::new();
    let mut right: Vec<Vec<&Glyph>> = Vec::new();
    let flush = |left: &mut Vec<Vec<&'g Glyph>>,
                 right: &mut Vec<Vec<&'g Glyph>>,
                 out: &mut Vec<Block<'g>>| {
        for side in [std::mem::take(left), std::mem::take(right)] {
            if !side.is_empty() {
                out.extend(blocks(side, depth + 1));
            }
        }
    };
    for row in rows {
        if crosses(&row) {
            flush(&mut left, &mut right, &mut out);
            out.push(Block::new(vec![row]));
            continue;
        }
        let (l, r): (Vec<&Glyph>, Vec<&Glyph>) =
            row.into_iter().partition(|g| g.x + g.w / 2.0 < middle);
        if !l.is_empty() {
            left.push(l);
        }
        if !r.is_empty() {
            right.push(r);
        }
    }
    flush(&mut left, &mut right, &mut out);
    out
}

/// The gutter between two columns of prose, as (left edge, right edge), if the rows have
/// one (see `blocks`).
fn gutter(rows: &[Vec<&Glyph>]) -> Option<(f64, f64)> {
    let mut sizes: Vec<f64> = rows.iter().flatten().map(|g| g.size).collect();
    sizes.sort_by(f64::total_cmp);
    let em = sizes[sizes.len() / 2].max(1.0);
    let (lo, hi) = extent(rows);
    if hi - lo < 20.0 * em {
        return None;
    }
    // How many rows cover each quarter-em of the width.
    let step = em / 4.0;
    let bins = ((hi - lo) / step).ceil() as usize + 1;
    let mut cover = vec![0usize; bins];
    for row in rows {
        let mut seen = vec![false; bins];
        for g in row {
            let a = ((g.x - lo) / step).floor().max(0.0) as usize;
            let b = (((g.x + g.w - lo) / step).ceil() as usize).min(bins - 1);
            for s in &mut seen[a..=b.max(a)] {
                *s = true;
            }
        }
        for (c, s) in cover.iter_mut().zip(seen) {
            *c += usize::from(s);
        }
    }
    let allowed = rows.len() / 5;
    let (from, to) = ((bins as f64 * 0.25) as usize, (bins as f64 * 0.75) as usize);
    // The widest run of bins few rows cover, inside the middle half.
    let mut best: Option<(usize, usize)> = None;
    let mut i = from;
    while i <= to {
        if cover[i] > allowed {
            i += 1;
            continue;
        }
        let start = i;
        while i <= to && cover[i] <= allowed {
            i += 1;
        }
        if best.is_none_or(|(s, e)| i - start > e - s) {
            best = Some((start, i));
        }
    }
    let (s, e) = best.filter(|(s, e)| (e - s) as f64 * step >= em)?;
    let gutter = (lo + s as f64 * step, lo + e as f64 * step);
    // What stands on each side must be prose.
    let sides: [Vec<Vec<&Glyph>>; 2] = [
        rows.iter()
            .map(|r| {
                r.iter()
                    .copied()
                    .filter(|g| g.x + g.w <= gutter.0)
                    .collect::<Vec<_>>()
            })
            .filter(|r| !r.is_empty())
            .collect(),
        rows.iter()
            .map(|r| {
                r.iter()
                    .copied()
                    .filter(|g| g.x >= gutter.1)
                    .collect::<Vec<_>>()
            })
            .filter(|r| !r.is_empty())
            .collect(),
    ];
    let prose = |side: &Vec<Vec<&Glyph>>| {
        if side.len() < COLUMN_ROWS {
            return false;
        }
        let mut chars: Vec<usize> = side
            .iter()
            .map(|r| r.iter().map(|g| g.text.chars().count()).sum())
            .collect();
        chars.sort_unstable();
        let edge = side
            .iter()
            .filter_map(|r| r.last().map(|g| g.x + g.w))
            .fold(f64::NEG_INFINITY, f64::max);
        let wrapped = side
            .iter()
            .filter(|r| r.last().is_some_and(|g| g.x + g.w >= edge - 1.5 * em))
            .count();
        chars[chars.len() / 2] >= 8 && wrapped * 2 >= side.len()
    };
    sides.iter().all(prose).then_some(gutter)
}

/// The lines of one page.
pub fn lines(page: &Page) -> Vec<PdfLine> {
    let mut out = Vec::new();
    for block in blocks(rows(page), 0) {
        let (left, right) = (block.left, block.right);
        out.extend(block.rows.iter().map(|row| {
            let first = row[0];
            let mut text = String::new();
            let indent = ((first.x - left) / first.size.max(1.0)).round();
            if indent >= 1.0 {
                text.extend(std::iter::repeat_n('\u{3000}', indent.min(60.0) as usize));
            }
            text.push_str(&first.text);
            for pair in row.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let latin = [&a.text, &b.text]
                    .iter()
                    .any(|t| t.chars().all(|c| c.is_ascii_alphanumeric()));
                push_gap(&mut text, b.x - (a.x + a.w), em(a, b), latin);
                text.push_str(&b.text);
            }
            let last = row[row.len() - 1];
            PdfLine {
                text,
                full: last.x + last.w >= right - 1.5 * last.size.max(1.0),
                at: first.y / page.height.max(1.0),
            }
        }));
    }
    out
}

/// The lines of a page set top to bottom (縦書き): its columns, right to left, each read
/// downward. The page is turned so that a column is a row: down the column becomes left
/// to right and the rightmost column the top row; then it is read as any page is, indent
/// (a column that starts lower) and a column that runs to the foot (`full`) included.
pub fn vertical_lines(page: &Page) -> Vec<PdfLine> {
    let turned = Page {
        glyphs: across_runs(page)
            .into_iter()
            .map(|g| Glyph {
                x: g.y,
                y: page.width - g.x,
                ..g
            })
            .collect(),
        width: page.height,
        height: page.width,
        images: page.images,
    };
    lines(&turned)
}

/// A vertical page's glyphs, each run set across inside a column (縦中横: `(1)`, `10`)
/// made one glyph: turned with the page, its characters would fall into columns of their
/// own.
fn across_runs(page: &Page) -> Vec<Glyph> {
    let mut sizes: Vec<f64> = page.glyphs.iter().map(|g| g.size).collect();
    sizes.sort_by(f64::total_cmp);
    let column = 1.5 * sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
    let mut out: Vec<Glyph> = Vec::new();
    for g in page.glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
        if let Some(last) = out.last_mut() {
            let gap = g.x - (last.x + last.w);
            if (g.y - last.y).abs() < 0.2 * g.size
                && gap > -0.3 * g.size
                && gap < 0.5 * g.size
                && g.x + g.w - last.x <= column
            {
                last.text.push_str(&g.text);
                last.w = g.x + g.w - last.x;
                continue;
            }
        }
        out.push(g.clone());
    }
    out
}

/// Whether the text runs top to bottom: most glyphs follow the one before them downward
/// in the same column rather than to the right on the same line.
pub fn is_vertical(pages: &[Page]) -> bool {
    let (mut down, mut across) = (0usize, 0usize);
    for page in pages {
        for pair in page.glyphs.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let e = em(a, b);
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            if dx.abs() < 0.3 * e && dy > 0.5 * e && dy < 1.6 * e {
                down += 1;
            } else if dy.abs() < 0.3 * e && dx > 0.0 && dx < 1.6 * e {
                across += 1;
            }
        }
    }
    down > 20 && down > across
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f64, y: f64, t: &str) -> Glyph {
        Glyph {
            x,
            y,
            w: if t.is_ascii() { 5.0 } else { 10.0 },
            size: 10.0,
            text: t.into(),
        }
    }

    /// A 100 × 100 page of glyphs given as (x, y, text).
    fn page(glyphs: &[(f64, f64, &str)]) -> Page {
        Page {
            glyphs: glyphs.iter().map(|&(x, y, t)| g(x, y, t)).collect(),
            width: 100.0,
            height: 100.0,
            images: 0,
        }
    }

    /// Two columns set top to bottom, the second starting a character lower: the right
    /// one is read first, each downward, and the lower start is an indent.
    #[test]
    fn vertical_columns_read_right_to_left_each_downward() {
        let page = page(&[
            (80.0, 10.0, "告"),
            (80.0, 20.0, "示"),
            (80.0, 30.0, "第"),
            (60.0, 20.0, "令"),
            (60.0, 30.0, "和"),
            (60.0, 40.0, "四"),
            (60.0, 50.0, "年"),
        ]);
        assert!(is_vertical(std::slice::from_ref(&Page {
            glyphs: page.glyphs.iter().cycle().take(70).cloned().collect(),
            ..page.clone()
        })));
        let got: Vec<String> = vertical_lines(&page).into_iter().map(|l| l.text).collect();
        assert_eq!(got, ["告示第", "\u{3000}令和四年"]);
    }

    /// A page in two columns of prose under a title set across: the title, then the left
    /// column top to bottom, then the right one; each column's lines run to its own
    /// margin (`full`), so wrapped lines join there.
    #[test]
    fn two_columns_of_prose_are_read_one_after_the_other() {
        let mut glyphs = vec![(0.0, 5.0, "題")];
        let left = "左の段の本文はここから始まり続いていく文章である";
        let right = "右の段の本文はここから始まり続いていく文章である";
        for row in 0..8 {
            let y = 20.0 + 12.0 * row as f64;
            for (i, c) in left.chars().skip(row).take(10).enumerate() {
                glyphs.push((10.0 * i as f64, y, leak(c)));
            }
            for (i, c) in right.chars().skip(row).take(10).enumerate() {
                glyphs.push((130.0 + 10.0 * i as f64, y, leak(c)));
            }
        }
        let mut p = page(&glyphs);
        p.width = 240.0;
        // The title runs across the gutter.
        p.glyphs[0].w = 240.0;
        let got = lines(&p);
        assert_eq!(got[0].text, "題");
        assert_eq!(got.len(), 17, "{got:#?}");
        assert!(
            got[1].text.starts_with('左') && got[8].text.starts_with('こ'),
            "{got:#?}"
        );
        assert!(got[9].text.starts_with('右'), "{got:#?}");
        assert!(got[1..]
            .iter()
            .all(|l| l.full && l.text.chars().count() == 10));
    }

    /// A name and an affiliation side by side are a table: its rows stay whole.
    #[test]
    fn a_table_of_names_is_not_columns() {
        let mut glyphs = Vec::new();
        for row in 0..8 {
            let y = 20.0 + 12.0 * row as f64;
            for (i, c) in "山田太郎".chars().enumerate() {
                glyphs.push((10.0 * i as f64, y, leak(c)));
            }
            for (i, c) in "市民代表として参加する委員会の構成員".chars().enumerate()
            {
                glyphs.push((130.0 + 10.0 * i as f64, y, leak(c)));
            }
        }
        let mut p = page(&glyphs);
        p.width = 320.0;
        let got = lines(&p);
        assert_eq!(got.len(), 8, "{got:#?}");
        assert!(got[0].text.starts_with("山田太郎\u{3000}"));
    }

    fn leak(c: char) -> &'static str {
        Box::leak(c.to_string().into_boxed_str())
    }

    #[test]
    fn gaps_become_the_spacing_text_minutes_have() {
        let page = page(&[
            (0.0, 10.0, "議"),
            (10.0, 10.0, "長"),
            (60.0, 10.0, "田"),
            (70.0, 10.0, "中"),
            (0.0, 30.0, "第"),
            (12.5, 30.0, "1"),
            (17.5, 30.0, "4"),
            (25.0, 30.0, "回"),
            (10.0, 50.0, "続"),
        ]);
        let got: Vec<String> = lines(&page).into_iter().map(|l| l.text).collect();
        assert_eq!(
            got,
            [
                "議長\u{3000}\u{3000}\u{3000}\u{3000}田中",
                "第 14 回",
                "\u{3000}続"
            ]
        );
    }
}
