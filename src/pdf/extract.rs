//! PDF bytes → glyphs with their positions, page by page. pdf-extract reads fonts with
//! ToUnicode maps (Word, LibreOffice, "Save as PDF", Identity-H); for CID fonts that use a
//! predefined CMap and no ToUnicode (`UniJIS-UCS2-H`, `90ms-RKSJ-H`, `EUC-H`), which
//! pdf-extract does not read, the codes are decoded here: UCS-2 codes are Unicode, RKSJ
//! codes are CP932 and EUC codes are EUC-JP, which encoding_rs decodes.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};
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

/// Opens a PDF, decrypting it with the empty user password agencies use to forbid copying.
pub fn open(bytes: &[u8]) -> Result<Document, Failure> {
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => Failure::new(
            Code::PdfEncrypted,
            "a user password is set; giji opens only PDFs whose user password is empty",
        ),
        e => Failure::new(
            Code::PdfCorrupt,
            format!("the file is truncated or corrupt: {e}"),
        ),
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Failure::new(
            Code::PdfEncrypted,
            "a user password is set; giji opens only PDFs whose user password is empty",
        ));
    }
    Ok(doc)
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
        Err(panic) => {
            let why = panic_message(&panic);
            match catch_unwind(AssertUnwindSafe(|| predefined_cmap_glyphs(doc))) {
                Ok(Some(pages)) => pages,
                _ => {
                    return Err(Failure::new(
                        Code::PdfPanic,
                        format!("the PDF reader gave up on this file: {why}"),
                    ))
                }
            }
        }
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

/// How a Type0 font's codes become text, for the predefined CMaps giji decodes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeMap {
    /// `UniJIS-UCS2-H`, `UniJIS-UTF16-H`: two-byte codes are Unicode.
    Ucs2,
    /// `90ms-RKSJ-H`, `90msp-RKSJ-H`, …: CP932.
    Rksj,
    /// `EUC-H`: EUC-JP.
    Euc,
    /// A simple font: one byte a character, Latin-1.
    Simple,
}

fn code_map(font: &Dictionary) -> Option<CodeMap> {
    let subtype = font.get(b"Subtype").and_then(Object::as_name).ok()?;
    if subtype != b"Type0" {
        return Some(CodeMap::Simple);
    }
    let enc = font.get(b"Encoding").and_then(Object::as_name).ok()?;
    let enc = String::from_utf8_lossy(enc);
    if enc.contains("UCS2") || enc.contains("UTF16") {
        Some(CodeMap::Ucs2)
    } else if enc.contains("RKSJ") {
        Some(CodeMap::Rksj)
    } else if enc.starts_with("EUC") {
        Some(CodeMap::Euc)
    } else {
        None
    }
}

/// Decodes a shown string into (text, advance in text-space thousandths) per character.
fn decode_codes(map: CodeMap, bytes: &[u8]) -> Vec<(String, f64)> {
    let by_encoding = |enc: &'static encoding_rs::Encoding| {
        let (text, _, _) = enc.decode(bytes);
        text.chars()
            .map(|c| {
                let full = !c.is_ascii() && !('\u{FF61}'..='\u{FF9F}').contains(&c);
                (c.to_string(), if full { 1000.0 } else { 500.0 })
            })
            .collect()
    };
    match map {
        CodeMap::Ucs2 => bytes
            .chunks(2)
            .map(|p| {
                let code = u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]);
                let c = char::from_u32(code.into()).unwrap_or('\u{FFFD}');
                (c.to_string(), if c.is_ascii() { 500.0 } else { 1000.0 })
            })
            .collect(),
        CodeMap::Rksj => by_encoding(encoding_rs::SHIFT_JIS),
        CodeMap::Euc => by_encoding(encoding_rs::EUC_JP),
        CodeMap::Simple => by_encoding(encoding_rs::WINDOWS_1252),
    }
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    }
}

/// The text state of a content stream, enough to place glyphs of horizontal text.
struct TextState {
    tm: [f64; 6],
    tlm: [f64; 6],
    leading: f64,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    font: Option<CodeMap>,
}

impl TextState {
    fn new() -> TextState {
        TextState {
            tm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            tlm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            leading: 0.0,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            font: None,
        }
    }
    fn next_line(&mut self, tx: f64, ty: f64) {
        let m = self.tlm;
        self.tlm = [
            m[0],
            m[1],
            m[2],
            m[3],
            tx * m[0] + ty * m[2] + m[4],
            tx * m[1] + ty * m[3] + m[5],
        ];
        self.tm = self.tlm;
    }
    fn show(&mut self, bytes: &[u8], page: &mut Page) {
        let Some(map) = self.font else { return };
        let em = self.size * self.tm[3].abs().max(self.tm[0].abs());
        for (text, advance) in decode_codes(map, bytes) {
            let w = advance / 1000.0 * em;
            page.glyphs.push(Glyph {
                x: self.tm[4],
                y: page.height - self.tm[5],
                w,
                size: em,
                text: text.clone(),
            });
            let extra = self.char_spacing + if text == " " { self.word_spacing } else { 0.0 };
            self.tm[4] += (advance / 1000.0 * self.size + extra) * self.scale * self.tm[0];
        }
    }
}

/// Glyphs of a document whose fonts all use predefined CMaps (or are simple fonts);
/// `None` when another kind of font is on a page.
fn predefined_cmap_glyphs(doc: &Document) -> Option<Vec<Page>> {
    let mut pages = Vec::new();
    for id in doc.get_pages().values() {
        let fonts: BTreeMap<Vec<u8>, Option<CodeMap>> = doc
            .get_page_fonts(*id)
            .ok()?
            .into_iter()
            .map(|(name, dict)| (name, code_map(dict)))
            .collect();
        if fonts.values().any(Option::is_none) {
            return None;
        }
        let media = doc
            .get_dictionary(*id)
            .ok()
            .and_then(|d| d.get(b"MediaBox").ok())
            .and_then(|m| m.as_array().ok())
            .map(|a| a.iter().map(num).collect::<Vec<_>>())
            .filter(|a| a.len() == 4)
            .unwrap_or_else(|| vec![0.0, 0.0, 595.0, 842.0]);
        let mut page = Page {
            width: media[2] - media[0],
            height: media[3] - media[1],
            ..Page::default()
        };
        let content = Content::decode(&doc.get_page_content(*id).ok()?).ok()?;
        let mut ts = TextState::new();
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "BT" => {
                    ts.tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                    ts.tlm = ts.tm;
                }
                "Tf" if o.len() == 2 => {
                    ts.font = o[0]
                        .as_name()
                        .ok()
                        .and_then(|n| fonts.get(n).copied().flatten());
                    ts.size = num(&o[1]);
                }
                "Tc" if o.len() == 1 => ts.char_spacing = num(&o[0]),
                "Tw" if o.len() == 1 => ts.word_spacing = num(&o[0]),
                "Tz" if o.len() == 1 => ts.scale = num(&o[0]) / 100.0,
                "TL" if o.len() == 1 => ts.leading = num(&o[0]),
                "Td" if o.len() == 2 => ts.next_line(num(&o[0]), num(&o[1])),
                "TD" if o.len() == 2 => {
                    ts.leading = -num(&o[1]);
                    ts.next_line(num(&o[0]), num(&o[1]));
                }
                "Tm" if o.len() == 6 => {
                    let m: Vec<f64> = o.iter().map(num).collect();
                    ts.tm = [m[0], m[1], m[2], m[3], m[4], m[5]];
                    ts.tlm = ts.tm;
                }
                "T*" => ts.next_line(0.0, -ts.leading),
                "Tj" | "'" | "\"" => {
                    if op.operator != "Tj" {
                        ts.next_line(0.0, -ts.leading);
                    }
                    if let Some(Object::String(s, _)) = o.last() {
                        ts.show(s, &mut page);
                    }
                }
                "TJ" => {
                    for item in o
                        .first()
                        .and_then(|a| a.as_array().ok())
                        .into_iter()
                        .flatten()
                    {
                        match item {
                            Object::String(s, _) => ts.show(s, &mut page),
                            n => ts.tm[4] -= num(n) / 1000.0 * ts.size * ts.scale * ts.tm[0],
                        }
                    }
                }
                _ => {}
            }
        }
        pages.push(page);
    }
    Some(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_cmaps_decode() {
        let t = |m, b: &[u8]| {
            decode_codes(m, b)
                .into_iter()
                .map(|(s, _)| s)
                .collect::<String>()
        };
        assert_eq!(t(CodeMap::Ucs2, &[0x8b, 0x70, 0x4e, 0x8b]), "議事");
        assert_eq!(t(CodeMap::Rksj, b"\x8b\x63\x8e\x96A"), "議事A");
        assert_eq!(t(CodeMap::Euc, b"\xb5\xc4\xbb\xf6"), "議事");
    }
}
