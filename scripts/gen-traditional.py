#!/usr/bin/env python3
"""Writes src/script/traditional.txt, the traditional -> simplified character table that search,
term counting and pinyin fold by (src/script.rs).

Source: the Unicode Han Database's kSimplifiedVariant field (Debian's `unicode-data` package puts
it at /usr/share/unicode/Unihan_Variants.txt.bz2; pass another path as the first argument).

A character is folded to the first of its simplified variants that has the same UTF-8 length, so
folding never moves a byte offset. A character that Unihan lists as its own simplified variant too
(乾, 著, 覆: simplified text uses them as they are) is left alone, unless GB 2312, the simplified
character set, lacks it (裡, 復). The table is closed: a folded character never folds again.

Output: lines of up to 40 pairs, each pair the traditional character then the simplified one.
"""
import bz2
import sys

source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode/Unihan_Variants.txt.bz2"


def in_gb2312(c):
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


pairs = {}
with bz2.open(source, "rt", encoding="utf-8") as f:
    for line in f:
        if "\tkSimplifiedVariant\t" not in line:
            continue
        code, _, values = line.rstrip("\n").split("\t")
        t = chr(int(code[2:], 16))
        variants = [chr(int(v.split("<")[0][2:], 16)) for v in values.split()]
        if t in variants and in_gb2312(t):
            continue
        same = [v for v in variants if v != t and len(v.encode()) == len(t.encode())]
        if same:
            pairs[t] = same[0]

# Close the table: follow chains, and drop a character that would fold into a cycle.
for t in list(pairs):
    seen = {t}
    s = pairs[t]
    while s in pairs and s not in seen:
        seen.add(s)
        s = pairs[s]
    if s == t or s in seen and s in pairs:
        del pairs[t]
    else:
        pairs[t] = s

items = sorted(pairs.items())
out = sys.stdout
for i in range(0, len(items), 40):
    out.write("".join(t + s for t, s in items[i : i + 40]) + "\n")
