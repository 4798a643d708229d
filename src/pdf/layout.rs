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
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.y - row[0].y).abs() <= 0.4 * g.size.max(row[0].size) => row.push(g),
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

/// The lines of one page.
pub fn lines(page: &Page) -> Vec<PdfLine> {
    let rows = rows(page);
    let left = rows.iter().map(|r| r[0].x).fold(f64::INFINITY, f64::min);
    let right = rows
        .iter()
        .filter_map(|r| r.last().map(|g| g.x + g.w))
        .fold(f64::NEG_INFINITY, f64::max);
    rows.iter()
        .map(|row| {
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
            }
        })
        .collect()
}

/// The lines of a page set top to bottom (縦書き): its columns, right to left, each read
/// downward. The page is turned so that a column is a row: down the column becomes left
/// to right and the rightmost column the top row; then it is read as any page is, indent
/// (a column that starts lower) and a column that runs to the foot (`full`) included.
pub fn vertical_lines(page: &Page) -> Vec<PdfLine> {
    let turned = Page {
        glyphs: page
            .glyphs
            .iter()
            .map(|g| Glyph {
                x: g.y,
                y: page.width - g.x,
                w: g.w,
                size: g.size,
                text: g.text.clone(),
            })
            .collect(),
        width: page.height,
        height: page.width,
        images: page.images,
    };
    lines(&turned)
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
