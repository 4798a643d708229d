//! PDF bytes → glyphs with their positions, page by page: giji's own content-stream reader
//! (`interp`) for the fonts it knows, pdf-extract for the rest, its panics caught.

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::Document;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use serde::{Deserialize, Serialize};

use crate::diag::Code;

/// One glyph: where it sits on its page (top-left origin, y grows downward), how wide it
/// is, its font size, and the text it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub size: f64,
    pub text: String,
}

/// A page's glyphs in content-stream order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page {
    pub glyphs: Vec<Glyph>,
    pub width: f64,
    pub height: f64,
    /// Images drawn on the page: a page of images and no glyphs is a scan.
    pub images: usize,
}

/// Why a PDF gave no text, as a diagnostic code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: Code,
    pub message: String,
}

impl Failure {
    pub fn new(code: Code, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }

    /// A panic of the PDF reader, caught.
    pub fn panicked(panic: &Box<dyn std::any::Any + Send>) -> Failure {
        Failure::new(
            Code::PdfPanic,
            format!(
                "the PDF reader gave up on this file: {}",
                panic_message(panic)
            ),
        )
    }
}

/// Collects glyphs from pdf-extract's content-stream interpreter.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    flip: f64,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip = media_box.ury;
        self.pages.push(Page {
            width: media_box.urx - media_box.llx,
            height: media_box.ury - media_box.lly,
            ..Page::default()
        });
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The font size in page space: the side of the square of the same area as the
        // transformed (size, size) vector, as pdf-extract's own text output measures it.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        if let Some(page) = self.pages.last_mut() {
            page.glyphs.push(Glyph {
                x: trm.m31,
                y: self.flip - trm.m32,
                w: width * size,
                size,
                text: text.to_string(),
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A PDF opened, and what had to be rebuilt to open it.
pub struct Opened {
    pub doc: Document,
    /// The cross-reference table was rebuilt (`recover`): objects found, and whether the
    /// file was cut off.
    pub rebuilt: Option<(usize, bool)>,
}

/// Opens a PDF, decrypting it with the empty user password agencies use to forbid copying.
/// A file whose cross-reference table or trailer is damaged or missing is read from a table
/// rebuilt by scanning it for objects.
pub fn open(bytes: &[u8]) -> Result<Opened, Failure> {
    let (mut doc, rebuilt) = match Document::load_mem(bytes) {
        Ok(doc) => (doc, None),
        Err(lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword) => return Err(encrypted()),
        Err(e) => {
            let corrupt = || {
                Failure::new(
                    Code::PdfCorrupt,
                    format!("the file is truncated or corrupt, and no document could be rebuilt from it: {e}"),
                )
            };
            match rebuilt(bytes) {
                Some(Ok(opened)) => (opened.doc, opened.rebuilt),
                Some(Err(f)) => return Err(f),
                None => return Err(corrupt()),
            }
        }
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(encrypted());
    }
    Ok(Opened { doc, rebuilt })
}

/// The PDF read from a cross-reference table rebuilt by scanning the file for objects:
/// `None` when no document could be made of them, a failure when no page survived.
pub fn rebuilt(bytes: &[u8]) -> Option<Result<Opened, Failure>> {
    let r = super::recover::rebuild(bytes)?;
    let mut doc = Document::load_mem(&r.bytes).ok()?;
    if !super::recover::fix_root(&mut doc) {
        return Some(Err(Failure::new(
            Code::PdfCorrupt,
            format!("the file is cut off or damaged: its cross-reference table was rebuilt from the {} objects found, but no page survived", r.objects),
        )));
    }
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Some(Err(encrypted()));
    }
    Some(Ok(Opened {
        doc,
        rebuilt: Some((r.objects, r.truncated)),
    }))
}

fn encrypted() -> Failure {
    Failure::new(
        Code::PdfEncrypted,
        "a user password is set; giji opens only PDFs whose user password is empty",
    )
}

/// Every page's glyphs. A panic inside pdf-extract (it panics on fonts it does not read)
/// falls back to decoding predefined-CMap fonts here.
pub fn glyphs(doc: &Document) -> Result<Vec<Page>, Failure> {
    // giji's own reader first: it reads each font once per document.
    if let Ok(Some(pages)) = catch_unwind(AssertUnwindSafe(|| super::interp::pages(doc))) {
        return Ok(pages);
    }
    let mut dev = Collector::default();
    let first = catch_unwind(AssertUnwindSafe(|| pdf_extract::output_doc(doc, &mut dev)));
    let mut pages = match first {
        Ok(Ok(())) => dev.pages,
        Ok(Err(e)) => {
            return Err(Failure::new(
                Code::PdfCorrupt,
                format!("the content cannot be read: {e}"),
            ))
        }
        Err(panic) => return Err(Failure::panicked(&panic)),
    };
    let ids = doc.get_pages();
    for (page, id) in pages.iter_mut().zip(ids.values()) {
        page.images = doc.get_page_images(*id).map_or(0, |i| i.len());
    }
    Ok(pages)
}

pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}
