//! PDF input: glyphs (extract) → lines (layout) → text (repair). Reading a PDF can panic,
//! overflow the stack or take gigabytes, so a batch reads each one in a worker process
//! (worker) with a time and a memory limit; the rest of the pipeline sees text with page
//! offsets, as from a text file.

pub mod content;
pub mod extract;
pub mod interp;
pub mod layout;
pub mod recover;
pub mod repair;
pub mod worker;

use serde::{Deserialize, Serialize};

use crate::diag::Code;
use extract::{Failure, Page};
use layout::PdfLine;

/// What reading a PDF gives: the lines of every page, and whether the text runs top to
/// bottom.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    pub pages: Vec<Vec<PdfLine>>,
    pub vertical: bool,
    /// Damage read around, as (code, message): the file still gave text.
    pub damage: Vec<(String, String)>,
}

/// Whether a character is noise from a broken text layer.
fn is_bad(c: char) -> bool {
    c == '\u{FFFD}'
        || (c.is_control() && !c.is_whitespace())
        || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}')
}

fn is_japanese(c: char) -> bool {
    crate::text::is_japanese(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// Classifies what the glyphs say: no text at all, or text nobody can read.
fn check_text(pages: &[Page]) -> Result<(), Failure> {
    let glyphs = pages.iter().map(|p| p.glyphs.len()).sum::<usize>();
    let chars: Vec<char> = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .flat_map(|g| g.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    if chars.is_empty() {
        if glyphs > 0 {
            return Err(Failure::new(
                Code::PdfTextGarbled,
                format!("{glyphs} glyphs are drawn but their fonts have no map to Unicode: the text cannot be read"),
            ));
        }
        let images = pages.iter().map(|p| p.images).sum::<usize>();
        return Err(Failure::new(
            Code::NoTextLayer,
            if images > 0 {
                format!("no text layer: the {} page(s) are images ({images} in all), a scan; OCR is needed to read it", pages.len())
            } else {
                format!("no text layer on any of the {} page(s); OCR is needed if the text is drawn as shapes", pages.len())
            },
        ));
    }
    let bad = chars.iter().filter(|&&c| is_bad(c)).count();
    let japanese = chars.iter().filter(|&&c| is_japanese(c)).count();
    if bad * 10 > chars.len() * 3 {
        return Err(Failure::new(
            Code::PdfTextGarbled,
            format!("{bad} of {} characters are replacement, control or private-use characters: the text layer is broken", chars.len()),
        ));
    }
    if chars.len() >= 40 && japanese * 20 < chars.len() {
        return Err(Failure::new(
            Code::PdfTextGarbled,
            format!("only {japanese} of {} characters are Japanese: the fonts' map to Unicode is missing or wrong", chars.len()),
        ));
    }
    Ok(())
}

/// Reads a PDF in this process, its panics caught. Callers that must survive any PDF (a
/// stack overflow is not a panic) run this in a worker process (`worker::extract_isolated`).
pub fn extract_pages(bytes: &[u8]) -> Result<Extracted, Failure> {
    std::panic::catch_unwind(|| read(bytes)).unwrap_or_else(|p| Err(Failure::panicked(&p)))
}

fn read(bytes: &[u8]) -> Result<Extracted, Failure> {
    let opened = extract::open(bytes)?;
    let first = extract::glyphs(&opened.doc);
    // A table that loads but points at the wrong bytes (a byte changed or inserted in
    // transit) leaves objects missing: where no text came out, the table is rebuilt from
    // the objects in the file and read again, and that reading is kept if it gives text.
    let has_text = |p: &[extract::Page]| p.iter().any(|p| !p.glyphs.is_empty());
    let (opened, pages) = match opened.rebuilt {
        None if !first.as_deref().is_ok_and(has_text) => match extract::rebuilt(bytes) {
            Some(Ok(again)) => match extract::glyphs(&again.doc) {
                Ok(p) if has_text(&p) => (again, p),
                _ => (opened, first?),
            },
            _ => (opened, first?),
        },
        _ => (opened, first?),
    };
    let doc = &opened.doc;
    if let Some((objects, _)) = opened.rebuilt {
        if pages.iter().all(|p| p.glyphs.is_empty()) {
            return Err(Failure::new(
                Code::PdfCorrupt,
                format!("the file is cut off or damaged: its cross-reference table was rebuilt from the {objects} objects found, but no page with text survived"),
            ));
        }
    }
    check_text(&pages)?;
    let mut damage = Vec::new();
    if let Some((objects, truncated)) = opened.rebuilt {
        damage.push((
            Code::PdfRepaired.as_str().to_string(),
            format!("the cross-reference table is damaged or missing; it was rebuilt from the {objects} objects found in the file"),
        ));
        // The page count the page tree promises, against the pages that came out whole.
        let promised = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"Pages").ok())
            .and_then(|p| doc.dereference(p).ok())
            .and_then(|(_, p)| p.as_dict().ok())
            .and_then(|p| p.get(b"Count").ok())
            .and_then(|c| c.as_i64().ok())
            .and_then(|c| usize::try_from(c).ok())
            .unwrap_or(pages.len());
        let read = pages
            .iter()
            .rposition(|p| !p.glyphs.is_empty())
            .map_or(0, |i| i + 1);
        if truncated || promised > read {
            let missing = if promised > read {
                if promised == read + 1 {
                    format!("page {promised} of {promised} is missing")
                } else {
                    format!("pages {}–{promised} of {promised} are missing", read + 1)
                }
            } else {
                "what came after the last page read is missing".to_string()
            };
            damage.push((
                Code::PdfTruncated.as_str().to_string(),
                format!("the file is cut off or damaged: {missing}; {read} page(s) were read"),
            ));
        }
    }
    // Each page is read in its own direction: a vertical document's tables or cover may
    // be set across.
    let mut vertical = false;
    let pages = pages
        .iter()
        .map(|p| {
            if layout::is_vertical(std::slice::from_ref(p)) {
                vertical = true;
                layout::vertical_lines(p)
            } else {
                layout::lines(p)
            }
        })
        .collect();
    Ok(Extracted {
        vertical,
        pages,
        damage,
    })
}
