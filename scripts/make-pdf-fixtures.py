#!/usr/bin/env python3
"""Makes the PDF fixtures from documents written for giji, reproducibly.

    python3 scripts/make-pdf-fixtures.py

Needs Python 3 (standard library only) for the hand-written PDFs, and, for the rest,
Debian's `libreoffice-writer-nogui` with `fonts-ipaexfont` (LibreOffice output: TrueType
subsets, Identity-H, ToUnicode) and `qpdf` (object and xref streams, encryption). The PDFs
are committed, so the tests need none of these.

Classes made from one document, `pdf-classes/source.txt` (they must give the same datasets):
  a  LibreOffice Writer                     fixtures/pdf-class-a-libreoffice
  b  Type0 Identity-H + ToUnicode           fixtures/pdf-class-b-identity-h
  c  object streams and xref streams (qpdf) fixtures/pdf-class-c-object-streams
  d  encrypted, empty user password (qpdf)  fixtures/pdf-class-d-encrypted-empty-password
  e  predefined CMaps, no ToUnicode:        fixtures/pdf-class-e-unijis-ucs2-h,
     UniJIS-UCS2-H, 90ms-RKSJ-H, EUC-H        …-90ms-rksj-h, …-euc-h
Producers a user's PDFs come from, each made from `pdf-sources/producers.txt` (they must
give the datasets of that text; tests/pdf.rs checks it):
  LibreOffice, justified, the title letter-spaced,
    the remarks in two columns               fixtures/pdf-producer-libreoffice-columns
  Chromium headless --print-to-pdf with its header (date, title) and footer (URL, N/M)
    over 11+ pages (Debian's chromium, faketime for a fixed date)
                                             fixtures/pdf-producer-chromium-print
  upLaTeX + dvipdfmx, justified, a non-embedded Ryumin without ToUnicode (texlive-lang-japanese)
                                             fixtures/pdf-producer-uplatex
  Ghostscript ps2pdf of pdftops' PostScript of the LibreOffice PDF (ghostscript,
    poppler-utils): the round trip drops every map to Unicode (pdftotext reads garbage
    too), so giji says pdf_text_garbled  fixtures/pdf-bad-ps2pdf-no-unicode
  hand-written: Tc, Tw (a two-byte code 0x0020 that Tw must not move), Tz, TJ, Ts, cm,
    a WinAnsi and a CID font on one line, Tc set inside q … Q as Word does
                                             fixtures/pdf-hand-text-state
  hand-written: a scanned page (an image) under an invisible OCR text layer (3 Tr)
                                             fixtures/pdf-hand-ocr-layer
    python3 scripts/make-pdf-fixtures.py producers   # only these
The seed as a multi-page LibreOffice PDF with page numbers and a running header
(fixtures/pdf-seed-multipage), a two-column attendee table with 均等割り names and a remark
across a page break (fixtures/pdf-table-two-columns), and one small file per bad class
(fixtures/pdf-bad-*).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "fixtures")
SRC = os.path.join(ROOT, "scripts", "pdf-sources")

# A fixed date so that the bytes do not change between runs.
STAMP = "D:20241201000000Z"


def case(name):
    d = os.path.join(FIX, name)
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, "input.pdf")


class Pdf:
    """A minimal PDF writer: numbered objects, a classic xref table."""

    def __init__(self):
        self.objects = []

    def add(self, body):
        self.objects.append(body if isinstance(body, bytes) else body.encode("latin-1"))
        return len(self.objects)

    def reserve(self):
        self.objects.append(None)
        return len(self.objects)

    def set(self, n, body):
        self.objects[n - 1] = body if isinstance(body, bytes) else body.encode("latin-1")

    def stream(self, data, extra="", compress=True):
        if compress:
            data = zlib.compress(data, 9)
            extra += " /Filter /FlateDecode"
        return self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra.encode()) + data + b"\nendstream")

    def finish(self, path, pages_id, kids):
        """The page tree over `kids`, the catalog, the info dictionary, then the file."""
        self.set(
            pages_id,
            "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % k for k in kids), len(kids)),
        )
        root = self.add("<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
        self.info = self.add("<< /Producer (giji make-pdf-fixtures) /CreationDate (%s) >>" % STAMP)
        self.write(path, root)

    def write(self, path, root):
        out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        for o in offsets:
            out += b"%010d 00000 n \n" % o
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(self.objects) + 1,
            root,
            self.info,
            xref,
        )
        with open(path, "wb") as f:
            f.write(out)


def to_unicode(pdf, cids):
    """A ToUnicode CMap stream for the codes of `cids` (character → two-byte code)."""
    cmap = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    items = sorted(cids.items(), key=lambda x: x[1])
    for k in range(0, len(items), 100):
        chunk = items[k : k + 100]
        cmap.append("%d beginbfchar" % len(chunk))
        for c, n in chunk:
            cmap.append("<%04X> <%s>" % (n, c.encode("utf-16-be").hex().upper()))
        cmap.append("endbfchar")
    cmap.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return pdf.stream("\n".join(cmap).encode())


def cid_font(pdf, kind, chars):
    """A Type0 font of `kind` ('identity', 'identity-no-tounicode', 'ucs2', 'rksj', 'euc')
    and a function that encodes a line for it."""
    desc = pdf.add(
        "<< /Type /FontDescriptor /FontName /KozMinPr6N-Regular /Flags 6 "
        "/FontBBox [-437 -340 1147 1317] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        "/CapHeight 742 /StemV 80 >>"
    )
    cids = {c: i + 1 for i, c in enumerate(sorted(chars))}
    if kind.startswith("identity"):
        widths = " ".join("%d [%d]" % (cid, 500 if ord(c) < 128 else 1000) for c, cid in cids.items())
        encoding = "/Identity-H"
        sysinfo = "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
    else:
        widths = "1 [500] 231 632 500"
        encoding = {"ucs2": "/UniJIS-UCS2-H", "rksj": "/90ms-RKSJ-H", "euc": "/EUC-H"}[kind]
        sysinfo = "<< /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >>"
    cid = pdf.add(
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPr6N-Regular "
        "/CIDSystemInfo %s /FontDescriptor %d 0 R /DW 1000 /W [%s] >>" % (sysinfo, desc, widths)
    )
    extra = ""
    if kind == "identity":
        tounicode = to_unicode(pdf, cids)
        extra = " /ToUnicode %d 0 R" % tounicode
    font = pdf.add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPr6N-Regular /Encoding %s "
        "/DescendantFonts [%d 0 R]%s >>" % (encoding, cid, extra)
    )

    def encode(line):
        if kind.startswith("identity"):
            return b"".join(cids[c].to_bytes(2, "big") for c in line)
        if kind == "ucs2":
            return line.encode("utf-16-be")
        if kind == "rksj":
            return line.encode("cp932")
        return line.encode("euc_jp")

    return font, encode


def text_pdf(path, lines, kind, size=10.5, per_page=40):
    """Each line at the left margin, one font, pages of `per_page` lines."""
    pdf = Pdf()
    pages_id = pdf.reserve()
    font, encode = cid_font(pdf, kind, set("".join(lines)))
    kids = []
    for start in range(0, len(lines), per_page):
        ops = []
        y = 800
        for line in lines[start : start + per_page]:
            if line:
                ops.append(b"BT /F1 %.1f Tf 60 %d Td <%s> Tj ET" % (size, y, encode(line).hex().upper().encode()))
            y -= 18
        content = pdf.stream(b"\n".join(ops))
        kids.append(
            pdf.add(
                "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, content)
            )
        )
    pdf.finish(path, pages_id, kids)


def page_pdf(path, resources, content, extra_objects=()):
    """One page with the given resources dictionary and content stream."""
    pdf = Pdf()
    pages_id = pdf.reserve()
    for maker in extra_objects:
        maker(pdf)
    stream = pdf.stream(content)
    page = pdf.add(
        "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
        % (pages_id, resources(pdf) if callable(resources) else resources, stream)
    )
    pdf.finish(path, pages_id, [page])


def scan_pdf(path):
    """An image and no text: what a scanner makes."""
    def resources(pdf):
        pixels = bytes((x * 16 + y) % 256 for y in range(64) for x in range(64))
        img = pdf.stream(pixels, " /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8")
        return "<< /XObject << /Im1 %d 0 R >> >>" % img

    page_pdf(path, resources, b"q 480 0 0 680 57 80 cm /Im1 Do Q")


def garbled_pdf(path, lines):
    """Identity-H without ToUnicode: glyphs, and no way to tell which characters."""
    text_pdf(path, lines, "identity-no-tounicode")


def xobject_loop_pdf(path):
    """A form XObject that draws itself: readers that follow it overflow their stack. A
    Type3 font on the page sends giji to pdf-extract, which follows it."""
    pdf = Pdf()
    pages_id = pdf.reserve()
    form = pdf.reserve()
    glyph = pdf.stream(b"0 0 d0", compress=False)
    t3 = pdf.add(
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
        "/CharProcs << /a %d 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> "
        "/FirstChar 97 /LastChar 97 /Widths [1000] >>" % glyph
    )
    data = b"/Fm1 Do"
    pdf.set(
        form,
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 %d 0 R >> >> /Length %d >>\nstream\n" % (form, len(data))
        + data
        + b"\nendstream",
    )
    content = pdf.stream(b"BT /T3 12 Tf 72 720 Td (a) Tj ET /Fm1 Do")
    page = pdf.add(
        "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /T3 %d 0 R >> /XObject << /Fm1 %d 0 R >> >> /Contents %d 0 R >>"
        % (pages_id, t3, form, content)
    )
    pdf.finish(path, pages_id, [page])


def flate_bomb_pdf(path, megabytes=800, times=1):
    """A content stream of a few hundred KB that inflates to `megabytes` MB, drawn `times`
    times: a reader that inflates the page's content holds `megabytes * times` MB."""
    pdf = Pdf()
    pages_id = pdf.reserve()
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    content = pdf.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    page = pdf.add(
        "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents [%s] >>"
        % (pages_id, " ".join(["%d 0 R" % content] * times))
    )
    pdf.finish(path, pages_id, [page])


def fodt(paragraphs, header=None, page_height="12cm", table=None, page_width="14.8cm"):
    """A flat ODF text document in IPAexMincho: paragraphs, maybe a running header with
    the page number in the footer, maybe a two-column table of (name, affiliation, spaced)."""
    body = []
    for p in paragraphs:
        if p == "<TABLE>" and table:
            rows = []
            for name, aff, spaced in table:
                style = "Spaced" if spaced else "Plain"
                rows.append(
                    '<table:table-row><table:table-cell><text:p><text:span text:style-name="%s">%s</text:span></text:p></table:table-cell>'
                    '<table:table-cell><text:p>%s</text:p></table:table-cell></table:table-row>' % (style, escape(name), escape(aff))
                )
            body.append(
                '<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>%s</table:table>' % "".join(rows)
            )
        else:
            body.append("<text:p>%s</text:p>" % escape(p))
    head = ""
    if header:
        head = (
            "<style:header><text:p>%s</text:p></style:header>"
            '<style:footer><text:p text:style-name="Center">- <text:page-number text:select-page="current"/> -</text:p></style:footer>'
            % escape(header)
        )
    return """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="IPAexMincho" svg:font-family="IPAexMincho" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/>
  <style:text-properties style:font-name="IPAexMincho" style:font-name-asian="IPAexMincho" fo:font-size="10.5pt" style:font-size-asian="10.5pt"/>
 </style:default-style>
 <style:style style:name="Center" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
 <style:style style:name="Spaced" style:family="text"><style:text-properties fo:letter-spacing="0.3cm"/></style:style>
 <style:style style:name="Plain" style:family="text"/>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="%s" fo:page-height="%s" fo:margin-top="1cm" fo:margin-bottom="1cm" fo:margin-left="1.5cm" fo:margin-right="1.5cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="PL">%s</style:master-page>
</office:master-styles>
<office:body><office:text>
%s
</office:text></office:body></office:document>
""" % (page_width, page_height, head, "\n".join(body))


def libreoffice(fodt_text, path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui fonts-ipaexfont")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "input.fodt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fodt_text)
        subprocess.run(
            [soffice, "--headless", "--norestore", "-env:UserInstallation=file://" + tmp + "/profile",
             "--convert-to", "pdf", "--outdir", tmp, src],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        # LibreOffice stamps the time of the run; a fixed stamp of the same length keeps
        # the offsets, and qpdf then derives the /ID from the content.
        with open(os.path.join(tmp, "input.pdf"), "rb") as f:
            data = f.read()
        data = re.sub(rb"D:\d{14}[^)]*\)", lambda m: (b"D:20241201000000" + b"Z" * (len(m.group(0)) - 17) + b")"), data)
        data = re.sub(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?", lambda m: b"2024-12-01T00:00:00"[: len(m.group(0))].ljust(len(m.group(0)), b"0"), data)
        data = re.sub(rb"uuid:[0-9a-f-]{36}", b"uuid:00000000-0000-0000-0000-000000000000", data)
        data = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + b"0" * 32, data)
        data = re.sub(rb"/ID\s*\[\s*<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\s*\]", lambda m: re.sub(rb"[0-9a-fA-F](?=[0-9a-fA-F]*>)", b"0", m.group(0)), data)
        fixed = os.path.join(tmp, "fixed.pdf")
        with open(fixed, "wb") as f:
            f.write(data)
        qpdf(fixed, path)


def qpdf(*args):
    if not shutil.which("qpdf"):
        sys.exit("qpdf is needed: apt-get install qpdf")
    # qpdf cannot derive a deterministic /ID for an encrypted file; those get a static one
    # and a static AES IV (128-bit AES keys come from the passwords and the ID alone).
    ident = ["--static-id", "--static-aes-iv"] if "--encrypt" in args else ["--deterministic-id"]
    subprocess.run(["qpdf", *ident, *args], check=True)


def read_lines(name):
    with open(os.path.join(SRC, name), encoding="utf-8") as f:
        return f.read().rstrip("\n").split("\n")


def main():
    doc = read_lines("classes.txt")
    text_pdf(case("pdf-class-b-identity-h"), doc, "identity")
    text_pdf(case("pdf-class-e-unijis-ucs2-h"), doc, "ucs2")
    text_pdf(case("pdf-class-e-90ms-rksj-h"), doc, "rksj")
    text_pdf(case("pdf-class-e-euc-h"), doc, "euc")
    libreoffice(fodt(doc, page_height="29.7cm", page_width="21cm"), case("pdf-class-a-libreoffice"))
    qpdf("--object-streams=generate", case("pdf-class-b-identity-h"), case("pdf-class-c-object-streams"))
    qpdf("--encrypt", "", "owner-secret", "128", "--use-aes=y", "--", case("pdf-class-b-identity-h"), case("pdf-class-d-encrypted-empty-password"))

    seed = read_lines("../../seeds/000_780bb8195d2e3bbd.txt")
    libreoffice(fodt(seed, header="地方自治体のDX推進に係る検討会　議事概要"), case("pdf-seed-multipage"))

    table = read_lines("table.txt")
    people = [tuple(l.split("|")) for l in read_lines("table-people.txt")]
    people = [(n, a, s == "spaced") for n, a, s in people]
    libreoffice(fodt(table, header="第2回審議会　議事録", table=people, page_height="8cm"), case("pdf-table-two-columns"))

    scan_pdf(case("pdf-bad-no-text-layer"))
    garbled_pdf(case("pdf-bad-garbled"), doc[:12])
    qpdf("--encrypt", "user-secret", "owner-secret", "128", "--use-aes=y", "--", case("pdf-class-b-identity-h"), case("pdf-bad-encrypted"))
    with open(case("pdf-class-b-identity-h"), "rb") as f:
        whole = f.read()
    with open(case("pdf-bad-truncated"), "wb") as f:
        f.write(whole[: len(whole) * 2 // 5])
    xobject_loop_pdf(case("pdf-bad-xobject-loop"))
    flate_bomb_pdf(case("pdf-bad-flate-bomb"))


# Helvetica's widths of the ASCII the sources use (AFM, thousandths of an em).
HELVETICA = {" ": 278, ".": 278, ":": 278, "(": 333, ")": 333, "-": 333, "/": 278}
HELVETICA.update({d: 556 for d in "0123456789"})


def text_state_pdf(path, lines, ocr=False):
    """The lines in a CID font (Identity-H, ToUnicode) for Japanese and Helvetica (WinAnsi)
    for ASCII, switching fonts inside a line. Line k is drawn with technique k % 7, each
    placing the line's second half at the absolute position a correct reader computes:
    one that gets the technique wrong puts characters out of order. With `ocr`, a grey
    image covers the page and the text is invisible (3 Tr), as OCR software writes it."""
    pdf = Pdf()
    pages_id = pdf.reserve()
    chars = set("".join(lines)) - set(HELVETICA)
    # CID 32 is given to a kanji: its two-byte code 0x0020 must not take word spacing.
    order = sorted(chars)
    cids = {}
    for i, c in enumerate(order):
        cids[c] = 32 if i == 0 else (i + 40)
    desc = pdf.add(
        "<< /Type /FontDescriptor /FontName /IPAexMincho /Flags 6 /FontBBox [0 -140 1000 880] "
        "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    cid = pdf.add(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /IPAexMincho "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/FontDescriptor %d 0 R /DW 1000 >>" % desc
    )
    tounicode = to_unicode(pdf, cids)
    f1 = pdf.add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /IPAexMincho /Encoding /Identity-H "
        "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid, tounicode)
    )
    widths = " ".join(str(HELVETICA.get(chr(c), 556)) for c in range(32, 127))
    f2 = pdf.add(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        "/FirstChar 32 /LastChar 126 /Widths [%s] >>" % widths
    )
    size = 10.5

    def runs(text):
        out = []
        for c in text:
            font = "F2" if c in HELVETICA else "F1"
            if out and out[-1][0] == font:
                out[-1][1].append(c)
            else:
                out.append((font, [c]))
        return out

    def show(text, tc=0.0, tw=0.0, tz=100.0):
        """Tj operators for `text` and its advance in text space."""
        ops, adv = [], 0.0
        for font, cs in runs(text):
            if font == "F1":
                data = b"".join(cids[c].to_bytes(2, "big") for c in cs)
                adv += sum(size + tc for _ in cs) * tz / 100
            else:
                data = "".join(cs).encode("latin-1")
                adv += sum(HELVETICA[c] / 1000 * size + tc + (tw if c == " " else 0) for c in cs) * tz / 100
            hexed = data.hex().upper().encode()
            ops.append(b"/%s %.1f Tf <%s> Tj" % (font.encode(), size, hexed))
        return b" ".join(ops), adv

    # Lines wrap at 40 characters, inside the page (readers drop text past its edge).
    lines = [l[i : i + 40] for l in lines for i in range(0, max(len(l), 1), 40)]
    kids = []
    per_page = 30
    for start in range(0, len(lines), per_page):
        ops = []
        if ocr:
            ops.append(b"q 480 0 0 700 57 70 cm /Im1 Do Q")
        y = 780.0
        for k, line in enumerate(lines[start : start + per_page], start):
            if not line:
                y -= 18
                continue
            half = len(line) // 2
            head, tail = line[:half], line[half:]
            x = 60.0
            mode = b"3 Tr " if ocr else b""
            t = k % 7
            if t == 0:  # Tc inside q ... Q (Word's justified runs); the tail after Q has Tc 0
                h, adv = show(head, tc=1.2)
                ops.append(b"q BT %s1.2 Tc %.3f %.3f Td %s ET Q" % (mode, x, y, h))
            elif t == 1:  # Tw with the two-byte code 0x0020 (no word spacing) and Helvetica spaces
                h, adv = show(head, tw=-40.0)
                ops.append(b"BT %s-40 Tw %.3f %.3f Td %s 0 Tw ET" % (mode, x, y, h))
            elif t == 2:  # Tz 70
                h, adv = show(head, tz=70.0)
                ops.append(b"BT %s70 Tz %.3f %.3f Td %s 100 Tz ET" % (mode, x, y, h))
            elif t == 3:  # TJ: each kanji moved back 100/1000 em
                parts, adv = [], 0.0
                for font, cs in runs(head):
                    if font == "F1":
                        items = b" ".join(b"<%04X> 100" % cids[c] for c in cs)
                        adv += sum(size - 0.1 * size for _ in cs)
                    else:
                        items = b"(%s)" % "".join(cs).encode("latin-1")
                        adv += sum(HELVETICA[c] / 1000 * size for c in cs)
                    parts.append(b"/%s %.1f Tf [%s] TJ" % (font.encode(), size, items))
                ops.append(b"BT %s%.3f %.3f Td %s ET" % (mode, x, y, b" ".join(parts)))
            elif t == 4:  # Ts: the head raised 2.5 points
                h, adv = show(head)
                ops.append(b"BT %s2.5 Ts %.3f %.3f Td %s 0 Ts ET" % (mode, x, y, h))
            elif t == 5:  # cm scales by a half, the font set at twice the size
                h, adv = show(head)
                h = h.replace(b"%.1f Tf" % size, b"%.1f Tf" % (2 * size))
                ops.append(b"q 0.5 0 0 0.5 0 0 cm BT %s%.3f %.3f Td %s ET Q" % (mode, 2 * x, 2 * y, h))
            else:  # Tm with the text matrix scaled, the font at size 1
                h, adv = show(head)
                h = h.replace(b"%.1f Tf" % size, b"1 Tf")
                ops.append(b"BT %s%.1f 0 0 %.1f %.3f %.3f Tm %s ET" % (mode, size, size, x, y, h))
            tail_ops, _ = show(tail)
            ops.append(b"BT %s%.3f %.3f Td %s ET" % (mode, x + adv, y, tail_ops))
            y -= 18
        content = pdf.stream(b"\n".join(ops))
        xobject = ""
        if ocr:
            pixels = bytes(((x * 7 + y * 13) % 64) + 160 for y in range(64) for x in range(64))
            img = pdf.stream(pixels, " /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8")
            xobject = " /XObject << /Im1 %d 0 R >>" % img
        kids.append(
            pdf.add(
                "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                "/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >>%s >> /Contents %d 0 R >>"
                % (pages_id, f1, f2, xobject, content)
            )
        )
    pdf.finish(path, pages_id, kids)


def columns_fodt(lines):
    """The minutes in LibreOffice: justified, the title letter-spaced, the remarks (from the
    line after the body label) in a section of two columns."""
    split = next(i for i, l in enumerate(lines) if l.endswith("議事概要")) + 1
    head = "".join('<text:p text:style-name="J">%s</text:p>' % escape(l) for l in lines[1:split])
    title = '<text:p text:style-name="J"><text:span text:style-name="Wide">%s</text:span></text:p>' % escape(lines[0])
    body = "".join('<text:p text:style-name="J">%s</text:p>' % escape(l) for l in lines[split:])
    doc = fodt(["@@BODY@@"], page_height="29.7cm", page_width="21cm")
    doc = doc.replace(
        "</office:automatic-styles>",
        '<style:style style:name="J" style:family="paragraph"><style:paragraph-properties fo:text-align="justify"/></style:style>'
        '<style:style style:name="Wide" style:family="text"><style:text-properties fo:letter-spacing="0.1cm"/></style:style>'
        '<style:style style:name="Two" style:family="section"><style:section-properties><style:columns fo:column-count="2" fo:column-gap="1.5cm"/></style:section-properties></style:style>'
        "</office:automatic-styles>",
    )
    return doc.replace(
        "<text:p>@@BODY@@</text:p>",
        title + head + '<text:section text:style-name="Two" text:name="S1">' + body + "</text:section>",
    )


def chromium_print(lines, path):
    """The minutes as a web page a viewer shows, printed by Chromium with its header
    (print date, page title) and footer (URL, N/M) on every page."""
    chrome = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chrome or not shutil.which("faketime"):
        sys.exit("Chromium and faketime are needed: apt-get install chromium faketime fonts-ipaexfont")
    page = (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>会議録閲覧　第5回地域交通あり方検討会</title>'
        '<style>body { font-family: "IPAexMincho"; font-size: 44px; line-height: 1.6; } p { margin: 0 0 0.4em 0; }</style>'
        "</head><body>%s</body></html>" % "".join("<p>%s</p>" % escape(l) for l in lines)
    )
    # A fixed place and time: the URL and the date are printed on every page.
    tmp = "/tmp/giji-minutes-viewer"
    os.makedirs(tmp, exist_ok=True)
    with open(os.path.join(tmp, "kaigiroku.html"), "w", encoding="utf-8") as f:
        f.write(page)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["faketime", "-f", "2024-12-01 10:00:00", chrome, "--headless", "--no-sandbox", "--disable-gpu",
             "--user-data-dir=" + profile, "--print-to-pdf=" + path, "file://" + tmp + "/kaigiroku.html"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )


def uplatex(lines, path):
    """The minutes in upLaTeX (jsarticle, justified) and dvipdfmx, with TeX Live's default
    map: Ryumin-Light not embedded, Identity-H, no ToUnicode."""
    if not shutil.which("uplatex") or not shutil.which("dvipdfmx"):
        sys.exit("upLaTeX is needed: apt-get install texlive-lang-japanese texlive-latex-recommended")
    body = "\n".join("\\noindent %s\\par" % l.replace("%", "\\%") for l in lines)
    tex = "\\documentclass[uplatex,dvipdfmx,a4paper]{jsarticle}\n\\pagestyle{plain}\n\\begin{document}\n%s\n\\end{document}\n" % body
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "m.tex"), "w", encoding="utf-8") as f:
            f.write(tex)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1733011200", FORCE_SOURCE_DATE="1")
        subprocess.run(["uplatex", "-interaction=nonstopmode", "m.tex"], cwd=tmp, check=True, stdout=subprocess.DEVNULL, env=env)
        subprocess.run(["dvipdfmx", "-o", path, "m.dvi"], cwd=tmp, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def ps2pdf(source_pdf, path):
    """pdftops' PostScript of a PDF, back through Ghostscript's ps2pdf."""
    if not shutil.which("ps2pdf") or not shutil.which("pdftops"):
        sys.exit("ps2pdf and pdftops are needed: apt-get install ghostscript poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        ps = os.path.join(tmp, "m.ps")
        subprocess.run(["pdftops", source_pdf, ps], check=True)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1733011200")
        subprocess.run(["ps2pdf", "-dPDFSETTINGS=/prepress", ps, path], check=True, env=env)


def producers():
    lines = read_lines("producers.txt")
    libreoffice(columns_fodt(lines), case("pdf-producer-libreoffice-columns"))
    chromium_print(lines, case("pdf-producer-chromium-print"))
    uplatex(lines, case("pdf-producer-uplatex"))
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain.pdf")
        libreoffice(fodt(lines, page_height="29.7cm", page_width="21cm"), plain)
        ps2pdf(plain, case("pdf-bad-ps2pdf-no-unicode"))
    text_state_pdf(case("pdf-hand-text-state"), lines)
    text_state_pdf(case("pdf-hand-ocr-layer"), lines, ocr=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["producers"]:
        producers()
    else:
        main()
        producers()
