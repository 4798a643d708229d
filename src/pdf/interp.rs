//! giji's own content-stream reader, for the fonts Japanese government PDFs use: Type0
//! fonts (Identity-H/V with a ToUnicode map, or the predefined CMaps `UniJIS-UCS2-H`,
//! `90ms-RKSJ-H`, `EUC-H`) and simple fonts. Each font is read once per document, not once
//! per page as pdf-extract does (its ToUnicode parsing was most of the time on a 247-page
//! file), and form XObjects are followed with a depth limit and a loop guard, so a
//! drawing that refers to itself ends here instead of overflowing the stack. A document
//! with another kind of font (an embedded CMap, Type3) is left to pdf-extract.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::extract::{Glyph, Page};

/// How a font's codes become text and how wide each is.
struct Font {
    two_byte: bool,
    vertical: bool,
    /// Code → text, from ToUnicode.
    to_unicode: HashMap<u32, String>,
    /// CID → text for codes ToUnicode does not map: Adobe's map of the Adobe-Japan1
    /// collection, for an Identity-H/V font of that collection.
    collection: Option<&'static HashMap<u32, String>>,
    /// A predefined CMap whose codes decode without ToUnicode.
    predefined: Option<&'static encoding_rs::Encoding>,
    ucs2: bool,
    /// Code (or CID) → width in thousandths of an em.
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Vertical fonts: CID → `w1` (negative: downward), from `/W2`, else `/DW2`'s second
    /// number (-1000 when absent).
    vertical_widths: HashMap<u32, f64>,
    vertical_default: f64,
}

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    deref(doc, d.get(key).ok()?).as_dict().ok()
}

fn hex_value(s: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = s
        .iter()
        .filter(|c| c.is_ascii_hexdigit())
        .copied()
        .collect();
    digits
        .chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16).unwrap_or(0);
            let lo = p
                .get(1)
                .and_then(|c| (*c as char).to_digit(16))
                .unwrap_or(0);
            (hi * 16 + lo) as u8
        })
        .collect()
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b))
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Reads the `bfchar` and `bfrange` sections of a ToUnicode CMap.
fn parse_to_unicode(data: &[u8]) -> HashMap<u32, String> {
    enum Tok<'a> {
        Hex(&'a [u8]),
        Word(&'a [u8]),
        Open,
        Close,
    }
    let mut toks = Vec::new();
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'<' if data.get(i + 1) != Some(&b'<') => {
                let end = data[i..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(data.len(), |p| i + p);
                toks.push(Tok::Hex(&data[i + 1..end]));
                i = end + 1;
            }
            b'[' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b']' => {
                toks.push(Tok::Close);
                i += 1;
            }
            c if c.is_ascii_alphanumeric() => {
                let end = data[i..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(data.len(), |p| i + p);
                toks.push(Tok::Word(&data[i..end]));
                i = end;
            }
            _ => i += 1,
        }
    }
    let mut map = HashMap::new();
    let mut k = 0;
    let mut mode = 0; // 1: bfchar, 2: bfrange
    while k < toks.len() {
        match &toks[k] {
            Tok::Word(b"beginbfchar") => mode = 1,
            Tok::Word(b"beginbfrange") => mode = 2,
            Tok::Word(b"endbfchar") | Tok::Word(b"endbfrange") => mode = 0,
            Tok::Hex(src) if mode == 1 => {
                if let Some(Tok::Hex(dst)) = toks.get(k + 1) {
                    map.insert(be(&hex_value(src)), utf16(&hex_value(dst)));
                    k += 1;
                }
            }
            Tok::Hex(lo) if mode == 2 => {
                let lo = be(&hex_value(lo));
                let Some(Tok::Hex(hi)) = toks.get(k + 1) else {
                    k += 1;
                    continue;
                };
                let hi = be(&hex_value(hi)).min(lo.saturating_add(0xFFFF));
                match toks.get(k + 2) {
                    Some(Tok::Hex(dst)) => {
                        let base = hex_value(dst);
                        for (n, code) in (lo..=hi).enumerate() {
                            let mut d = base.clone();
                            if let Some(last) = d.last_mut() {
                                *last = last.wrapping_add(n as u8);
                            }
                            map.insert(code, utf16(&d));
                        }
                        k += 2;
                    }
                    Some(Tok::Open) => {
                        let mut j = k + 3;
                        let mut code = lo;
                        while let Some(Tok::Hex(dst)) = toks.get(j) {
                            map.insert(code, utf16(&hex_value(dst)));
                            code += 1;
                            j += 1;
                        }
                        k = j;
                    }
                    _ => k += 1,
                }
            }
            _ => {}
        }
        k += 1;
    }
    map
}

fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    let s = deref(doc, o).as_stream().ok()?;
    s.decompressed_content()
        .ok()
        .or_else(|| Some(s.content.clone()))
}

/// Adobe's CID → Unicode map of Adobe-Japan1 (BSD-3-Clause, from poppler-data; see
/// scripts/make-adobe-japan1.sh), read the first time a font needs it.
fn adobe_japan1() -> &'static HashMap<u32, String> {
    static MAP: std::sync::OnceLock<HashMap<u32, String>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| parse_to_unicode(include_bytes!("Adobe-Japan1-UCS2")))
}

/// A CID font's `/W` (`group` 1: a width per CID) or `/W2` (`group` 3: `w1 vx vy` per CID,
/// of which `w1`), in either form: `c [v …]` or `first last v…`; `missing` where a range
/// lacks its value.
fn cid_metrics(
    doc: &Document,
    desc: &Dictionary,
    key: &[u8],
    group: usize,
    missing: f64,
) -> HashMap<u32, f64> {
    let mut out = HashMap::new();
    let Ok(w) = desc
        .get(key)
        .map(|w| deref(doc, w))
        .and_then(Object::as_array)
    else {
        return out;
    };
    let mut i = 0;
    while i < w.len() {
        let first = num(deref(doc, &w[i])) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (n, v) in list.iter().step_by(group).enumerate() {
                    out.insert(first + n as u32, num(deref(doc, v)));
                }
                i += 2;
            }
            Some(last) => {
                let last = num(last) as u32;
                let v = w.get(i + 2).map_or(missing, |v| num(deref(doc, v)));
                for c in first..=last.min(first.saturating_add(0xFFFF)) {
                    out.insert(c, v);
                }
                i += 2 + group;
            }
            None => break,
        }
    }
    out
}

/// Reads a font dictionary, or says it is of a kind giji leaves to pdf-extract.
fn read_font(doc: &Document, f: &Dictionary) -> Option<Font> {
    let subtype = f.get(b"Subtype").and_then(Object::as_name).ok()?;
    let to_unicode = f
        .get(b"ToUnicode")
        .ok()
        .and_then(|t| stream_bytes(doc, t))
        .map(|b| parse_to_unicode(&b))
        .unwrap_or_default();
    if subtype == b"Type0" {
        let enc = deref(doc, f.get(b"Encoding").ok()?).as_name().ok()?;
        let enc = String::from_utf8_lossy(enc).into_owned();
        let vertical = enc.ends_with("-V");
        let desc = deref(
            doc,
            deref(doc, f.get(b"DescendantFonts").ok()?)
                .as_array()
                .ok()?
                .first()?,
        )
        .as_dict()
        .ok()?;
        // With Identity-H/V a code is the CID; in Adobe-Japan1 a CID names a character.
        let japan1 = dict(doc, desc, b"CIDSystemInfo")
            .and_then(|i| i.get(b"Ordering").ok())
            .and_then(|o| deref(doc, o).as_str().ok())
            .is_some_and(|o| o == b"Japan1");
        let mut collection = None;
        let (predefined, ucs2) = if enc.starts_with("Identity-") {
            if japan1 {
                collection = Some(adobe_japan1());
            } else if to_unicode.is_empty() {
                return None;
            }
            (None, false)
        } else if enc.contains("UCS2") || enc.contains("UTF16") {
            (None, true)
        } else if enc.contains("RKSJ") {
            (Some(encoding_rs::SHIFT_JIS), false)
        } else if enc.starts_with("EUC") {
            (Some(encoding_rs::EUC_JP), false)
        } else {
            return None;
        };
        let default_width = desc.get(b"DW").map(num).unwrap_or(1000.0);
        let vertical_default = desc
            .get(b"DW2")
            .map(|o| deref(doc, o))
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.get(1))
            .map_or(-1000.0, |v| num(deref(doc, v)));
        let widths = cid_metrics(doc, desc, b"W", 1, 0.0);
        let vertical_widths = cid_metrics(doc, desc, b"W2", 3, -1000.0);
        return Some(Font {
            two_byte: predefined.is_none(),
            vertical,
            to_unicode,
            collection,
            predefined,
            ucs2,
            widths,
            default_width,
            vertical_widths,
            vertical_default,
        });
    }
    if subtype == b"Type3" {
        return None;
    }
    let first = f.get(b"FirstChar").map(num).unwrap_or(0.0) as u32;
    let widths = f
        .get(b"Widths")
        .map(|w| deref(doc, w))
        .and_then(Object::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .map(|(n, v)| (first + n as u32, num(deref(doc, v))))
                .collect()
        })
        .unwrap_or_default();
    Some(Font {
        two_byte: false,
        vertical: false,
        to_unicode,
        collection: None,
        predefined: None,
        ucs2: false,
        widths,
        default_width: missing_width(doc, f),
        vertical_widths: HashMap::new(),
        vertical_default: -1000.0,
    })
}

/// A simple font's width for codes outside `/Widths`: the descriptor's `/MissingWidth`,
/// else half an em.
fn missing_width(doc: &Document, f: &Dictionary) -> f64 {
    dict(doc, f, b"FontDescriptor")
        .and_then(|d| d.get(b"MissingWidth").ok())
        .map_or(500.0, |w| num(deref(doc, w)))
}

impl Font {
    /// (text, code) of each character of a shown string.
    fn decode(&self, bytes: &[u8]) -> Vec<(String, u32)> {
        if let Some(enc) = self.predefined {
            let (text, _, _) = enc.decode(bytes);
            return text
                .chars()
                .map(|c| {
                    let wide = !c.is_ascii() && !('\u{FF61}'..='\u{FF9F}').contains(&c);
                    (c.to_string(), if wide { 0 } else { c as u32 })
                })
                .collect();
        }
        if self.two_byte {
            return bytes
                .chunks(2)
                .map(|p| {
                    let code = be(p);
                    let text = match self
                        .to_unicode
                        .get(&code)
                        .or_else(|| self.collection.and_then(|m| m.get(&code)))
                    {
                        Some(t) => t.clone(),
                        None if self.ucs2 => char::from_u32(code).unwrap_or('\u{FFFD}').to_string(),
                        None => String::new(),
                    };
                    (text, code)
                })
                .collect();
        }
        bytes
            .iter()
            .map(|&b| {
                let text = self
                    .to_unicode
                    .get(&u32::from(b))
                    .cloned()
                    .unwrap_or_else(|| {
                        let byte = [b];
                        let (t, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
                        t.into_owned()
                    });
                (text, u32::from(b))
            })
            .collect()
    }

    /// The vertical advance `w1` of a code, in thousandths of an em (negative: down).
    fn vertical_advance(&self, code: u32) -> f64 {
        if self.predefined.is_some() || self.ucs2 {
            return self.vertical_default;
        }
        self.vertical_widths
            .get(&code)
            .copied()
            .unwrap_or(self.vertical_default)
    }

    fn width(&self, code: u32, text: &str) -> f64 {
        // A predefined CMap's widths are keyed by Adobe-Japan1 CIDs, which giji does not
        // map: full-width and half-width characters are told apart instead.
        if self.predefined.is_some() || self.ucs2 {
            let half = text
                .chars()
                .all(|c| c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c));
            return if half { 500.0 } else { 1000.0 };
        }
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }
}

/// The graphics state giji follows: the CTM and the text state parameters, which `q`
/// saves and `Q` restores together (ISO 32000-1 §8.4.1). Word for Microsoft 365 sets `Tc`
/// inside a `q … Q` for one justified run; carried past the `Q`, it shifted every later
/// glyph of the page and put characters out of order.
#[derive(Clone)]
struct Graphics {
    ctm: Matrix,
    leading: f64,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// `Tz` / 100.
    scale: f64,
    /// `Ts`, in unscaled text space units.
    rise: f64,
    font: Option<Rc<Font>>,
}

impl Default for Graphics {
    fn default() -> Self {
        Graphics {
            ctm: IDENTITY,
            leading: 0.0,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            rise: 0.0,
            font: None,
        }
    }
}

struct State {
    g: Graphics,
    tm: Matrix,
    tlm: Matrix,
}

/// Reads every page, or `None` when a font or a stream is of a kind left to pdf-extract.
pub fn pages(doc: &Document) -> Option<Vec<Page>> {
    let mut fonts: HashMap<ObjectId, Option<Rc<Font>>> = HashMap::new();
    let mut out = Vec::new();
    for id in doc.get_pages().values() {
        let page_dict = doc.get_dictionary(*id).ok()?;
        let media = inherited(doc, page_dict, b"MediaBox")
            .and_then(|m| m.as_array().ok())
            .map(|a| a.iter().map(|o| num(deref(doc, o))).collect::<Vec<_>>())
            .filter(|a| a.len() == 4)
            .unwrap_or_else(|| vec![0.0, 0.0, 595.0, 842.0]);
        let resources = inherited(doc, page_dict, b"Resources").and_then(|r| r.as_dict().ok());
        let mut page = Page {
            width: media[2] - media[0],
            height: media[3] - media[1],
            ..Page::default()
        };
        // A page whose content a damaged file lost is a page without text.
        let content = doc.get_page_content(*id).unwrap_or_default();
        let mut r = Reader {
            doc,
            fonts: &mut fonts,
            page: &mut page,
            top: media[3],
            seen: Vec::new(),
        };
        r.run(&content, resources, Graphics::default())?;
        out.push(page);
    }
    Some(out)
}

fn inherited<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = d;
    for _ in 0..32 {
        if let Ok(v) = node.get(key) {
            return Some(deref(doc, v));
        }
        node = dict(doc, node, b"Parent")?;
    }
    None
}

struct Reader<'d, 'f, 'p> {
    doc: &'d Document,
    fonts: &'f mut HashMap<ObjectId, Option<Rc<Font>>>,
    page: &'p mut Page,
    top: f64,
    /// Form XObjects being drawn: one that draws itself is not followed again.
    seen: Vec<ObjectId>,
}

/// Nested forms deeper than this are not followed.
const MAX_FORM_DEPTH: usize = 12;

impl Reader<'_, '_, '_> {
    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<Option<Rc<Font>>> {
        let fonts = dict(self.doc, resources?, b"Font")?;
        let obj = fonts.get(name).ok()?;
        let (id, d) = match obj {
            Object::Reference(id) => (*id, self.doc.get_dictionary(*id).ok()?),
            o => ((0, 0), o.as_dict().ok()?),
        };
        if id != (0, 0) {
            if let Some(f) = self.fonts.get(&id) {
                return Some(f.clone());
            }
        }
        let f = read_font(self.doc, d).map(Rc::new);
        if id != (0, 0) {
            self.fonts.insert(id, f.clone());
        }
        Some(f)
    }

    /// Places each glyph of a shown string as ISO 32000-1 §9.4.4 computes it: the text
    /// rendering matrix `[Tfs·Th 0 0 Tfs 0 Ts] × Tm × CTM` gives its origin, and the
    /// advance is `(w0·Tfs + Tc + Tw)·Th` across, `w1·Tfs + Tc + Tw` down, with `Tw` only
    /// for the single-byte code 32.
    fn show(&mut self, st: &mut State, bytes: &[u8]) -> Option<()> {
        let Some(font) = st.g.font.clone() else {
            return Some(());
        };
        let g = &st.g;
        for (text, code) in font.decode(bytes) {
            let w0 = font.width(code, &text) / 1000.0;
            let m = mul(&st.tm, &g.ctm);
            let trm = mul(&[g.size * g.scale, 0.0, 0.0, g.size, 0.0, g.rise], &m);
            let em = g.size * (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
            let across = (m[0] * m[0] + m[1] * m[1]).sqrt();
            self.page.glyphs.push(Glyph {
                x: trm[4],
                y: self.top - trm[5],
                w: w0 * g.size * g.scale * across,
                size: em,
                text,
            });
            let word = if !font.two_byte && code == 32 {
                g.word_spacing
            } else {
                0.0
            };
            let advance = if font.vertical {
                let w1 = font.vertical_advance(code) / 1000.0;
                [1.0, 0.0, 0.0, 1.0, 0.0, w1 * g.size + g.char_spacing + word]
            } else {
                let tx = (w0 * g.size + g.char_spacing + word) * g.scale;
                [1.0, 0.0, 0.0, 1.0, tx, 0.0]
            };
            st.tm = mul(&advance, &st.tm);
        }
        Some(())
    }

    /// Runs one content stream; `None` gives the document up to pdf-extract.
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        graphics: Graphics,
    ) -> Option<()> {
        // Bytes that do not parse (lost or flipped in a damaged file) are skipped.
        let ops = super::content::operations(content);
        let mut st = State {
            g: graphics,
            tm: IDENTITY,
            tlm: IDENTITY,
        };
        let mut stack: Vec<Graphics> = Vec::new();
        for op in &ops {
            let o = &op.operands;
            let n = |i: usize| o.get(i).map_or(0.0, num);
            match op.operator.as_str() {
                "q" => stack.push(st.g.clone()),
                "Q" => {
                    if let Some(g) = stack.pop() {
                        st.g = g;
                    }
                }
                "cm" if o.len() == 6 => {
                    st.g.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &st.g.ctm)
                }
                "BT" => {
                    st.tm = IDENTITY;
                    st.tlm = IDENTITY;
                }
                "Tf" if o.len() == 2 => {
                    let name = o[0].as_name().ok()?;
                    // A font the file lost draws nothing; one of a kind giji does not
                    // read sends the document to pdf-extract.
                    st.g.font = match self.font(resources, name) {
                        Some(f) => Some(f?),
                        None => None,
                    };
                    st.g.size = n(1);
                }
                "Tc" => st.g.char_spacing = n(0),
                "Tw" => st.g.word_spacing = n(0),
                "Tz" => st.g.scale = n(0) / 100.0,
                "TL" => st.g.leading = n(0),
                "Ts" => st.g.rise = n(0),
                "Td" => {
                    st.tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &st.tlm);
                    st.tm = st.tlm;
                }
                "TD" => {
                    st.g.leading = -n(1);
                    st.tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &st.tlm);
                    st.tm = st.tlm;
                }
                "Tm" if o.len() == 6 => {
                    st.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    st.tlm = st.tm;
                }
                "T*" | "'" | "\"" => {
                    if op.operator == "\"" && o.len() == 3 {
                        st.g.word_spacing = n(0);
                        st.g.char_spacing = n(1);
                    }
                    st.tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -st.g.leading], &st.tlm);
                    st.tm = st.tlm;
                    if op.operator != "T*" {
                        if let Some(Object::String(s, _)) = o.last() {
                            self.show(&mut st, s)?;
                        }
                    }
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = o.first() {
                        self.show(&mut st, s)?;
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
                            Object::String(s, _) => self.show(&mut st, s)?,
                            v => {
                                // A number moves back across, and on down (§9.4.3).
                                let d = -num(v) / 1000.0 * st.g.size;
                                let vertical = st.g.font.as_ref().is_some_and(|f| f.vertical);
                                let m = if vertical {
                                    [1.0, 0.0, 0.0, 1.0, 0.0, d]
                                } else {
                                    [1.0, 0.0, 0.0, 1.0, d * st.g.scale, 0.0]
                                };
                                st.tm = mul(&m, &st.tm);
                            }
                        }
                    }
                }
                "Do" => {
                    let name = o.first()?.as_name().ok()?;
                    let Some(xobjects) = resources.and_then(|r| dict(self.doc, r, b"XObject"))
                    else {
                        continue;
                    };
                    let Ok(obj) = xobjects.get(name) else {
                        continue;
                    };
                    let id = obj.as_reference().ok();
                    let Ok(stream) = deref(self.doc, obj).as_stream() else {
                        continue;
                    };
                    match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                        Ok(b"Image") => self.page.images += 1,
                        Ok(b"Form") => {
                            if self.seen.len() >= MAX_FORM_DEPTH
                                || id.is_some_and(|id| self.seen.contains(&id))
                            {
                                continue;
                            }
                            let m = stream
                                .dict
                                .get(b"Matrix")
                                .and_then(Object::as_array)
                                .map(|a| a.iter().map(num).collect::<Vec<_>>())
                                .ok()
                                .filter(|a| a.len() == 6)
                                .map_or(IDENTITY, |a| [a[0], a[1], a[2], a[3], a[4], a[5]]);
                            let inner_res =
                                dict(self.doc, &stream.dict, b"Resources").or(resources);
                            let data = stream
                                .decompressed_content()
                                .unwrap_or_else(|_| stream.content.clone());
                            self.seen.push(id.unwrap_or((0, 0)));
                            let mut inner = st.g.clone();
                            inner.ctm = mul(&m, &st.g.ctm);
                            let done = self.run(&data, inner_res, inner);
                            self.seen.pop();
                            done?;
                        }
                        _ => {}
                    }
                }
                "BI" | "ID" | "EI" => self.page.images += usize::from(op.operator == "BI"),
                _ => {}
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_chars_and_ranges() {
        let m = parse_to_unicode(b"2 beginbfchar\n<0001> <8B70>\n<0002> <4E8B>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0041>\nendbfrange\n1 beginbfrange <0020> <0021> [<3042> <3044>] endbfrange");
        assert_eq!(m[&1], "議");
        assert_eq!(m[&2], "事");
        assert_eq!(m[&0x12], "C");
        assert_eq!(m[&0x21], "い");
    }
}
