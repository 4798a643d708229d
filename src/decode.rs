//! Bytes → `Decoded`: picks the encoding (BOM, then strict UTF-8, then the legacy Japanese
//! encodings arbitrated by how cleanly and plausibly each decodes, with chardetng breaking
//! ties), and reports undecodable bytes and private-use characters by line.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

use crate::diag::{Code, Diagnostic, Severity};

/// Decoded text plus what was learnt on the way.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// Some bytes did not decode and stand as U+FFFD (`text::decoding_diagnostics` says
    /// on which lines).
    pub had_errors: bool,
    /// SCHEMA.md's name of the encoding: `UTF-8`, `Shift_JIS`, `EUC-JP`, …
    pub encoding: &'static str,
    /// Byte offsets in `text` where PDF pages start; empty for text input.
    pub page_starts: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
    /// The bytes are not text at all (NUL bytes, or mostly undecodable and control bytes).
    pub binary: bool,
}

/// Resolves a user-given encoding name. encoding_rs's `Shift_JIS` is Windows-31J, so the
/// names Japanese users know for it (`cp932`, `sjis`, `windows-31j`) all map there.
pub fn encoding_for_name(name: &str) -> Option<&'static Encoding> {
    let lower = name.trim().to_ascii_lowercase().replace('_', "-");
    match lower.as_str() {
        "cp932" | "sjis" | "shift-jis" | "windows-31j" | "ms932" | "ms-kanji" => Some(SHIFT_JIS),
        "utf-16" => Some(UTF_16LE),
        _ => Encoding::for_label(lower.as_bytes()),
    }
}

pub fn schema_name(enc: &'static Encoding) -> &'static str {
    if enc == SHIFT_JIS {
        "Shift_JIS"
    } else {
        enc.name()
    }
}

pub fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// How a candidate decoding went.
struct Attempt {
    encoding: &'static Encoding,
    text: String,
    had_errors: bool,
    replacements: usize,
    private_use: usize,
}

fn attempt(encoding: &'static Encoding, bytes: &[u8]) -> Attempt {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    let replacements = if had_errors {
        text.matches('\u{FFFD}').count()
    } else {
        0
    };
    let private_use = text.chars().filter(|&c| is_private_use(c)).count();
    Attempt {
        encoding,
        text,
        had_errors,
        replacements,
        private_use,
    }
}

/// Decodes `bytes`; `forced` skips detection.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    let mut diagnostics = Vec::new();
    let chosen = if let Some(enc) = forced {
        let body = match Encoding::for_bom(bytes) {
            Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
            _ => bytes,
        };
        attempt(enc, body)
    } else if let Some((enc, len)) = Encoding::for_bom(bytes) {
        attempt(enc, &bytes[len..])
    } else if is_iso2022jp(bytes) {
        // 7-bit ISO-2022-JP is also valid UTF-8; its escape sequences give it away.
        attempt(ISO_2022_JP, bytes)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => Attempt {
                encoding: UTF_8,
                private_use: 0,
                text: s.to_string(),
                had_errors: false,
                replacements: 0,
            },
            // UTF-8 cut off inside its last character: the file is UTF-8, truncated.
            Err(e) if e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4 => {
                diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    Code::UndecodableBytes,
                    "the file ends inside a UTF-8 character (it was cut off); the rest is kept as U+FFFD",
                ));
                attempt(UTF_8, bytes)
            }
            Err(_) => {
                let best = detect_legacy(bytes, &mut diagnostics);
                if best.had_errors {
                    mixed(bytes, best, &mut diagnostics)
                } else {
                    best
                }
            }
        }
    };
    let binary = is_binary(bytes, &chosen);
    Decoded {
        text: chosen.text,
        had_errors: chosen.had_errors,
        encoding: schema_name(chosen.encoding),
        page_starts: Vec::new(),
        diagnostics,
        binary,
    }
}

/// Binary data rather than text: NUL bytes in more than 10 % of a file that is not UTF-16,
/// or more than a fifth of the characters undecodable, control or private-use.
fn is_binary(bytes: &[u8], decoded: &Attempt) -> bool {
    let utf16 = decoded.encoding == UTF_16LE || decoded.encoding == UTF_16BE;
    let nul = bytes.iter().filter(|&&b| b == 0).count();
    if !utf16 && nul * 10 > bytes.len() {
        return true;
    }
    // Clean text with no control bytes is text: the common case costs one byte scan.
    let controls = decoded
        .text
        .bytes()
        .any(|b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C));
    if !decoded.had_errors && decoded.private_use == 0 && !controls {
        return false;
    }
    let total = decoded.text.chars().count();
    let bad = decoded
        .text
        .chars()
        .filter(|&c| {
            c == '\u{FFFD}'
                || is_private_use(c)
                || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        })
        .count();
    total > 0 && bad * 5 > total
}

/// A file whose lines are in two encodings (UTF-8 lines pasted into a Shift_JIS file):
/// each line valid as UTF-8 is read as UTF-8, the others in the legacy encoding, when that
/// leaves fewer bytes undecoded.
fn mixed(bytes: &[u8], legacy: Attempt, diagnostics: &mut Vec<Diagnostic>) -> Attempt {
    let mut text = String::with_capacity(bytes.len());
    let mut utf8_lines = Vec::new();
    for (n, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(s) if !s.is_ascii() => {
                utf8_lines.push(n + 1);
                text.push_str(s);
            }
            _ => text.push_str(&legacy.encoding.decode_without_bom_handling(line).0),
        }
    }
    let replacements = text.matches('\u{FFFD}').count();
    if utf8_lines.is_empty() || replacements >= legacy.replacements {
        return legacy;
    }
    let shown: Vec<String> = utf8_lines.iter().take(5).map(|n| n.to_string()).collect();
    diagnostics.push(Diagnostic::new(
        Severity::Warning,
        Code::MixedEncodings,
        format!(
            "two encodings in one file: {} line(s) are UTF-8 (line {}{}), the rest {}",
            utf8_lines.len(),
            shown.join(", "),
            if utf8_lines.len() > 5 { ", …" } else { "" },
            schema_name(legacy.encoding)
        ),
    ));
    Attempt {
        encoding: legacy.encoding,
        private_use: text.chars().filter(|&c| is_private_use(c)).count(),
        had_errors: replacements > 0,
        replacements,
        text,
    }
}

/// Shift_JIS (CP932), EUC-JP and ISO-2022-JP: the cleanest decode wins; among clean
/// ones chardetng's guess decides, since EUC-JP bytes often decode as CP932 without a
/// single error.
fn detect_legacy(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Attempt {
    let mut encodings = vec![SHIFT_JIS, EUC_JP];
    if bytes.contains(&0x1B) {
        encodings.push(ISO_2022_JP);
    }
    if bytes.len() >= 2 && looks_utf16(bytes) {
        encodings.push(if bytes[0] == 0 { UTF_16BE } else { UTF_16LE });
    }
    // Most files decode cleanly in exactly one encoding; finding that out stops at the
    // first bad byte, so only the winner is decoded in full.
    let clean: Vec<&'static Encoding> = encodings
        .iter()
        .copied()
        .filter(|e| {
            e.decode_without_bom_handling_and_without_replacement(bytes)
                .is_some()
        })
        .collect();
    let guess = || {
        // chardetng on the first 64 KB: enough to tell CP932 from EUC-JP.
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
        let sample = &bytes[..bytes.len().min(64 << 10)];
        detector.feed(sample, sample.len() == bytes.len());
        detector.guess(Some(b"jp"), Utf8Detection::Allow)
    };
    match clean.as_slice() {
        [only] => {
            let a = attempt(only, bytes);
            if a.private_use == 0 {
                return a;
            }
        }
        [_, _, ..] => {}
        [] => {}
    }
    let mut candidates: Vec<Attempt> = encodings.iter().map(|e| attempt(e, bytes)).collect();
    let badness =
        |a: &Attempt| (a.had_errors as usize) * 1_000_000 + a.replacements * 100 + a.private_use;
    let best = candidates.iter().map(badness).min().unwrap_or(0);
    let tied: Vec<usize> = (0..candidates.len())
        .filter(|&i| badness(&candidates[i]) == best)
        .collect();
    let guess = if tied.len() > 1 { Some(guess()) } else { None };
    let pick = tied
        .iter()
        .copied()
        .find(|&i| Some(candidates[i].encoding) == guess)
        .unwrap_or(tied[0]);
    if guess.is_some_and(|g| candidates[pick].encoding != g) {
        diagnostics.push(Diagnostic::new(
            Severity::Info,
            Code::EncodingGuessed,
            format!(
                "several encodings decode this file cleanly; chose {} (use --encoding to force one)",
                schema_name(candidates[pick].encoding)
            ),
        ));
    }
    candidates.swap_remove(pick)
}

fn is_iso2022jp(bytes: &[u8]) -> bool {
    bytes.is_ascii() && bytes.windows(3).any(|w| w == b"\x1b$B" || w == b"\x1b$@")
}

/// UTF-16 without a BOM: every other byte is NUL in ASCII-heavy text.
fn looks_utf16(bytes: &[u8]) -> bool {
    let n = bytes.len().min(4096) / 2;
    if n == 0 {
        return false;
    }
    let even = bytes.iter().step_by(2).take(n).filter(|&&b| b == 0).count();
    let odd = bytes
        .iter()
        .skip(1)
        .step_by(2)
        .take(n)
        .filter(|&&b| b == 0)
        .count();
    even.max(odd) * 3 > n
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "第14回検討会\r\n議事概要\r\n○開催日時：令和4年7月28日（木）10：00～11：00\r\n庄司 昌彦 武蔵大学社会学部メディア社会学科教授\r\n";

    #[test]
    fn utf8_stays_utf8() {
        let d = decode(SAMPLE.as_bytes(), None);
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-8", SAMPLE));
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn legacy_encodings_are_told_apart() {
        // encoding_rs follows WHATWG: EUC-JP 0xA1C1 is U+FF5E, so `～` round-trips.
        for (enc, name) in [
            (SHIFT_JIS, "Shift_JIS"),
            (EUC_JP, "EUC-JP"),
            (ISO_2022_JP, "ISO-2022-JP"),
        ] {
            let src = SAMPLE;
            let (bytes, _, unmappable) = enc.encode(src);
            assert!(!unmappable, "{name}");
            let d = decode(&bytes, None);
            assert_eq!(d.encoding, name);
            assert_eq!(d.text, src);
        }
    }

    #[test]
    fn boms_win() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in SAMPLE.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None);
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16LE", SAMPLE));
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bytes, None).text, SAMPLE);
    }

    #[test]
    fn forced_names_include_cp932() {
        for n in ["cp932", "sjis", "shift_jis", "windows-31j", "SJIS"] {
            assert_eq!(encoding_for_name(n), Some(SHIFT_JIS), "{n}");
        }
        assert_eq!(encoding_for_name("euc-jp"), Some(EUC_JP));
        assert_eq!(encoding_for_name("iso-2022-jp"), Some(ISO_2022_JP));
        assert_eq!(encoding_for_name("utf-8"), Some(UTF_8));
        assert_eq!(encoding_for_name("klingon"), None);
    }
}
