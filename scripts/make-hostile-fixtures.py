#!/usr/bin/env python3
"""Makes the small hostile inputs of fixtures/hostile-* (issue 6): each must get its
diagnostic and no crash. The big ones (a 50 MB line, a million lines) are made by
tests/hostile.rs at test time instead of being committed.

    python3 scripts/make-hostile-fixtures.py
"""
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def case(name, data, ext="txt"):
    d = os.path.join(ROOT, "fixtures", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "input." + ext), "wb") as f:
        f.write(data)


seed = open(os.path.join(ROOT, "seeds", "000_780bb8195d2e3bbd.txt"), "rb").read()
rng = random.Random(6)  # fixed: the same bytes every run

case("hostile-empty", b"")
case("hostile-blank-lines", b"\n  \n\t\n\r\n\xe3\x80\x80\n" * 20)
case("hostile-binary-garbage", bytes(rng.randrange(256) for _ in range(4096)))
case("hostile-nul-bytes", seed[:600].replace(b"\n", b"\x00\n", 5) + b"\x00" * 16 + seed[600:900])
case(
    "hostile-mixed-encodings",
    "第3回検討会議事概要\n日時：令和5年1月20日\n".encode("utf-8")
    + "場所：市役所会議室\n○出席者\n山田 太郎 委員\n".encode("cp932"),
)
case("hostile-truncated-multibyte", "第3回検討会議事概要\n日時：令和5年1月20日\n議".encode("utf-8")[:-1])
case(
    "hostile-not-minutes-prose",
    (
        "吾輩は猫である。名前はまだ無い。\n"
        "どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。\n"
        "吾輩はここで始めて人間というものを見た。\n"
    ).encode("utf-8"),
)
case(
    "hostile-not-minutes-csv",
    "id,name,price\n1,りんご,120\n2,みかん,80\n3,\"ぶどう, 大\",450\n".encode("utf-8"),
)
