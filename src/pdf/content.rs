//! Content streams → operations, by a hand-written tokenizer (ISO 32000-1 §7.2, §7.8.2).
//! lopdf's parser combinators were a third of the time of reading a PDF; this reads the
//! same operations in one pass over the bytes. What giji does not use (dictionaries of
//! marked content, inline image data) is skipped, not parsed.

use lopdf::content::Operation;
use lopdf::{Object, StringFormat};

fn is_space(c: u8) -> bool {
    matches!(c, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_space(c) && !is_delimiter(c)
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

enum Token<'a> {
    Object(Object),
    Operator(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
}

impl<'a> Lexer<'a> {
    fn skip_space(&mut self) {
        while self.i < self.b.len() {
            match self.b[self.i] {
                c if is_space(c) => self.i += 1,
                b'%' => {
                    while self.i < self.b.len() && !matches!(self.b[self.i], b'\r' | b'\n') {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.i;
        while self.i < self.b.len() && is_regular(self.b[self.i]) {
            self.i += 1;
        }
        &self.b[start..self.i]
    }

    fn literal(&mut self) -> Vec<u8> {
        // After the opening parenthesis.
        let mut out = Vec::new();
        let mut depth = 1;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else { break };
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(0x0C),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.b.get(self.i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        // A backslash at the end of a line continues the string.
                        b'\r' => {
                            if self.b.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        // After the opening angle bracket.
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            self.i += 1;
            let v = match c {
                b'>' => break,
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => continue,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn name(&mut self) -> Vec<u8> {
        // After the slash; `#xx` is a byte.
        let raw = self.regular_run();
        let mut out = Vec::with_capacity(raw.len());
        let mut k = 0;
        while k < raw.len() {
            if raw[k] == b'#' && k + 2 < raw.len() {
                let hex = std::str::from_utf8(&raw[k + 1..k + 3]).unwrap_or("zz");
                if let Ok(v) = u8::from_str_radix(hex, 16) {
                    out.push(v);
                    k += 3;
                    continue;
                }
            }
            out.push(raw[k]);
            k += 1;
        }
        out
    }

    fn next(&mut self) -> Option<Token<'a>> {
        self.skip_space();
        let &c = self.b.get(self.i)?;
        Some(match c {
            b'(' => {
                self.i += 1;
                Token::Object(Object::String(self.literal(), StringFormat::Literal))
            }
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                Token::DictStart
            }
            b'<' => {
                self.i += 1;
                Token::Object(Object::String(self.hex(), StringFormat::Hexadecimal))
            }
            b'>' if self.b.get(self.i + 1) == Some(&b'>') => {
                self.i += 2;
                Token::DictEnd
            }
            b'[' => {
                self.i += 1;
                Token::ArrayStart
            }
            b']' => {
                self.i += 1;
                Token::ArrayEnd
            }
            b'/' => {
                self.i += 1;
                Token::Object(Object::Name(self.name()))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let run = self.regular_run();
                match number(run) {
                    Some(o) => Token::Object(o),
                    None => Token::Operator(run),
                }
            }
            c if is_regular(c) => {
                let run = self.regular_run();
                match run {
                    b"true" => Token::Object(Object::Boolean(true)),
                    b"false" => Token::Object(Object::Boolean(false)),
                    b"null" => Token::Object(Object::Null),
                    _ => Token::Operator(run),
                }
            }
            // A stray delimiter (`)`, `>`, `{`, `}`): skipped.
            _ => {
                self.i += 1;
                return self.next();
            }
        })
    }

    /// Skips an inline image's data after `ID`: up to `EI` between white space.
    fn skip_inline_image(&mut self) {
        self.i += 1;
        while self.i + 2 <= self.b.len() {
            if &self.b[self.i..self.i + 2] == b"EI"
                && self.i > 0
                && is_space(self.b[self.i - 1])
                && self.b.get(self.i + 2).is_none_or(|&c| !is_regular(c))
            {
                self.i += 2;
                return;
            }
            self.i += 1;
        }
        self.i = self.b.len();
    }
}

fn number(run: &[u8]) -> Option<Object> {
    let s = std::str::from_utf8(run).ok()?;
    if run.contains(&b'.') {
        // `-.5`, `3.`: f32 parses both; PDF writers also emit `--2` or `1.2.3`.
        s.parse::<f32>().ok().map(Object::Real)
    } else {
        s.parse::<i64>().ok().map(Object::Integer)
    }
}

/// The operations of a content stream. Bytes that do not parse are skipped, as readers do.
pub fn operations(content: &[u8]) -> Vec<Operation> {
    let mut lx = Lexer { b: content, i: 0 };
    let mut ops = Vec::new();
    let mut operands: Vec<Object> = Vec::new();
    // Arrays being read (TJ's), innermost last; dictionaries are skipped whole.
    let mut arrays: Vec<Vec<Object>> = Vec::new();
    let mut dict_depth = 0usize;
    while let Some(tok) = lx.next() {
        if dict_depth > 0 {
            match tok {
                Token::DictStart => dict_depth += 1,
                Token::DictEnd => {
                    dict_depth -= 1;
                    if dict_depth == 0 {
                        operands.push(Object::Null);
                    }
                }
                _ => {}
            }
            continue;
        }
        match tok {
            Token::Object(o) => match arrays.last_mut() {
                Some(a) => a.push(o),
                None => operands.push(o),
            },
            Token::ArrayStart => arrays.push(Vec::new()),
            Token::ArrayEnd => {
                if let Some(a) = arrays.pop() {
                    match arrays.last_mut() {
                        Some(outer) => outer.push(Object::Array(a)),
                        None => operands.push(Object::Array(a)),
                    }
                }
            }
            Token::DictStart => dict_depth = 1,
            Token::DictEnd => {}
            Token::Operator(op) => {
                // An operator inside an array ends it (a damaged stream).
                while let Some(a) = arrays.pop() {
                    operands.push(Object::Array(a));
                }
                if op == b"ID" {
                    lx.skip_inline_image();
                    operands.clear();
                    continue;
                }
                ops.push(Operation {
                    operator: String::from_utf8_lossy(op).into_owned(),
                    operands: std::mem::take(&mut operands),
                });
            }
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same operations as lopdf's parser, on every kind of operand.
    #[test]
    fn reads_what_lopdf_reads() {
        let src: &[u8] = b"q 1 0 0 -1 0 841.92 cm BT /F1 10.5 Tf 0.72 Tc [<0862> -67 (a\\)b\\(c\\101) 3] TJ\n(x) ' 1 2 (y) \" T* /Span <</MCID 3>> BDC EMC ET Q % comment\n/Im1 Do BI /W 2 /H 2 ID \x00\xff EI Q";
        let ours = operations(src);
        let theirs = lopdf::content::Content::decode(src).unwrap().operations;
        let names = |ops: &[Operation]| ops.iter().map(|o| o.operator.clone()).collect::<Vec<_>>();
        let mut expected = names(&theirs);
        expected.retain(|o| o != "ID" && o != "EI");
        let mut got = names(&ours);
        got.retain(|o| o != "EI");
        assert_eq!(got, expected);
        let tj = ours.iter().find(|o| o.operator == "TJ").unwrap();
        let lj = theirs.iter().find(|o| o.operator == "TJ").unwrap();
        assert_eq!(tj.operands, lj.operands);
        let cm = ours.iter().find(|o| o.operator == "cm").unwrap();
        assert_eq!(cm.operands.len(), 6);
        let q = ours.iter().find(|o| o.operator == "\"").unwrap();
        assert_eq!(q.operands.len(), 3);
    }
}
