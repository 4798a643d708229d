//! Damaged PDFs (partial downloads, flipped or lost bytes): the cross-reference table
//! rebuilt by scanning the file for `N G obj`, as poppler, MuPDF and pdf.js do (ISO 32000-1
//! Annex C.2 allows it), so that every object still whole can be read.

use std::collections::BTreeMap;

use regex::bytes::Regex;

/// A damaged file with a cross-reference table of its own appended, and what was found.
pub struct Rebuilt {
    /// The file's bytes, then a classic `xref` section, a trailer and `%%EOF`: a file
    /// lopdf reads, objects that do not parse being skipped.
    pub bytes: Vec<u8>,
    /// Objects found by the scan.
    pub objects: usize,
    /// The file did not end with `%%EOF`: it was cut off.
    pub truncated: bool,
}

fn object_header() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?-u)(?:^|[\r\n \t>])(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b").unwrap()
    })
}

fn reference(key: &str) -> Regex {
    Regex::new(&format!(
        r"(?-u)/{key}[ \t\r\n]*(\d{{1,10}})[ \t\r\n]+(\d{{1,5}})[ \t\r\n]+R"
    ))
    .unwrap()
}

fn trailer_keys() -> &'static [Regex; 3] {
    static RE: std::sync::OnceLock<[Regex; 3]> = std::sync::OnceLock::new();
    RE.get_or_init(|| [reference("Root"), reference("Info"), reference("Encrypt")])
}

fn file_id() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?-u)/ID[ \t\r\n]*\[[ \t\r\n]*<[0-9A-Fa-f]*>[ \t\r\n]*<[0-9A-Fa-f]*>[ \t\r\n]*\]",
        )
        .unwrap()
    })
}

fn catalog() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?-u)/Type[ \t\r\n]*/Catalog\b").unwrap())
}

/// Rebuilds the cross-reference table of a damaged file, or `None` when the scan finds no
/// object or no document catalog.
pub fn rebuild(bytes: &[u8]) -> Option<Rebuilt> {
    // (The catalog may be lost; then see `fix_root`.)
    // Later definitions win, as an incremental update's do.
    let mut offsets: BTreeMap<u32, (usize, u16)> = BTreeMap::new();
    for c in object_header().captures_iter(bytes) {
        let (Some(n), Some(g)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let parse = |m: regex::bytes::Match| std::str::from_utf8(m.as_bytes()).ok()?.parse().ok();
        let (Some(id), Some(gen)) = (
            parse(n).and_then(|v: u64| u32::try_from(v).ok()),
            parse(g).and_then(|v: u64| u16::try_from(v).ok()),
        ) else {
            continue;
        };
        // Object numbers beyond the objects found are noise (a number in a stream).
        if id == 0 || id > 8_000_000 {
            continue;
        }
        offsets.insert(id, (n.start(), gen));
    }
    if offsets.is_empty() {
        return None;
    }
    let [root_re, info_re, encrypt_re] = trailer_keys();
    let last = |re: &Regex| -> Option<(u32, u16)> {
        let c = re.captures_iter(bytes).last()?;
        let id = std::str::from_utf8(&c[1]).ok()?.parse().ok()?;
        let gen = std::str::from_utf8(&c[2]).ok()?.parse().ok()?;
        Some((id, gen))
    };
    let body = |at: usize| {
        let end = bytes[at..]
            .windows(6)
            .position(|w| w == b"endobj")
            .map_or(bytes.len(), |p| at + p);
        &bytes[at..end]
    };
    let catalogs = offsets
        .iter()
        .filter(|(_, &(at, _))| catalog().is_match(body(at)))
        .map(|(&id, &(_, gen))| (id, gen));
    let max = *offsets.keys().next_back()?;
    let mut out = bytes.to_vec();
    out.extend_from_slice(b"\n");
    // The trailer's /Root, else the object that says it is the catalog; else none, and
    // `fix_root` makes one up once lopdf has read the objects (object streams included).
    let root = last(root_re)
        .filter(|(id, _)| offsets.contains_key(id))
        .or_else(|| catalogs.clone().next());
    let start = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", max + 1).as_bytes());
    for id in 1..=max {
        let line = match offsets.get(&id) {
            Some((at, gen)) => format!("{at:010} {gen:05} n \n"),
            None => "0000000000 00000 f \n".to_string(),
        };
        out.extend_from_slice(line.as_bytes());
    }
    let mut trailer = format!("trailer\n<< /Size {}", max + 1);
    if let Some((id, gen)) = root {
        trailer.push_str(&format!(" /Root {id} {gen} R"));
    }
    if let Some((id, gen)) = last(info_re).filter(|(id, _)| offsets.contains_key(id)) {
        trailer.push_str(&format!(" /Info {id} {gen} R"));
    }
    if let Some((id, gen)) = last(encrypt_re).filter(|(id, _)| offsets.contains_key(id)) {
        trailer.push_str(&format!(" /Encrypt {id} {gen} R"));
    }
    if let Some(m) = file_id().find_iter(bytes).last() {
        trailer.push(' ');
        trailer.push_str(&String::from_utf8_lossy(m.as_bytes()));
    }
    trailer.push_str(&format!(" >>\nstartxref\n{start}\n%%EOF\n"));
    out.extend_from_slice(trailer.as_bytes());
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let truncated = !tail.windows(5).any(|w| w == b"%%EOF");
    Some(Rebuilt {
        bytes: out,
        objects: offsets.len(),
        truncated,
    })
}

/// A document read from a rebuilt table whose catalog was lost: a catalog over the page
/// tree's root, else over a page tree of every page found, in object order. Returns
/// whether the document has pages.
pub fn fix_root(doc: &mut lopdf::Document) -> bool {
    use lopdf::{dictionary, Object};
    if !doc.get_pages().is_empty() {
        return true;
    }
    let typed = |doc: &lopdf::Document, t: &[u8], root_only: bool| -> Vec<lopdf::ObjectId> {
        doc.objects
            .iter()
            .filter(|(_, o)| {
                o.as_dict().is_ok_and(|d| {
                    d.get(b"Type")
                        .and_then(Object::as_name)
                        .is_ok_and(|n| n == t)
                        && !(root_only && d.has(b"Parent"))
                })
            })
            .map(|(id, _)| *id)
            .collect()
    };
    let pages = match typed(doc, b"Pages", true).first() {
        Some(&p) => p,
        None => {
            let kids = typed(doc, b"Page", false);
            if kids.is_empty() {
                return false;
            }
            let count = kids.len() as i64;
            let pages = doc.new_object_id();
            for kid in &kids {
                if let Ok(d) = doc.get_object_mut(*kid).and_then(Object::as_dict_mut) {
                    d.set("Parent", pages);
                }
            }
            let list: Vec<Object> = kids.into_iter().map(Object::Reference).collect();
            doc.objects.insert(
                pages,
                Object::Dictionary(
                    dictionary! { "Type" => "Pages", "Kids" => list, "Count" => count },
                ),
            );
            pages
        }
    };
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    !doc.get_pages().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf() -> Vec<u8> {
        let mut b = b"%PDF-1.4\n".to_vec();
        b.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        b.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        b.extend_from_slice(
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n",
        );
        b
    }

    /// No xref, no trailer (a download cut off): the catalog is found by its /Type and
    /// lopdf reads the pages.
    #[test]
    fn a_file_without_its_tail_is_read() {
        let got = rebuild(&pdf()).unwrap();
        assert_eq!(got.objects, 3);
        assert!(got.truncated);
        let doc = lopdf::Document::load_mem(&got.bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
    }

    /// The catalog and the page tree lost (they were written last): a tree over the pages
    /// found is made up.
    #[test]
    fn pages_without_a_tree_are_read_in_order() {
        let mut b = b"%PDF-1.4\n".to_vec();
        b.extend_from_slice(b"4 0 obj\n<< /Type /Page /MediaBox [0 0 200 200] >>\nendobj\n");
        b.extend_from_slice(
            b"5 0 obj\n<< /Type /Page /MediaBox [0 0 200 200] >>\nendobj\n6 0 obj\n<< /Le",
        );
        let got = rebuild(&b).unwrap();
        let mut doc = lopdf::Document::load_mem(&got.bytes).unwrap();
        assert!(fix_root(&mut doc));
        let pages: Vec<_> = doc.get_pages().into_values().collect();
        assert_eq!(pages, [(4, 0), (5, 0)]);
    }

    #[test]
    fn no_objects_no_rebuild() {
        assert!(rebuild(b"%PDF-1.4\nnothing here").is_none());
    }
}
