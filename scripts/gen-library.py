#!/usr/bin/env python3
"""Generate a deterministic library of speeches for the scale benchmarks (issue: a 5,000-speech
library). Never commit the output: it is written to the directory given (default: a new temp dir).

    scripts/gen-library.py [OUT] [--docs 5000] [--size 60600] [--seed 17] [--big]

Each document has a title line, a date line and a speaker line, then a run of whole paragraphs
taken, wrapping around, from one source text at a seeded position, until about --size bytes
(between half and one and a half times it). Sources are ../shared/corpus (or $JIANGHUA_CORPUS) when
present, else the project's samples/, so the script works without the corpus. Files go to
OUT/YEAR/NNNN.txt. --big also writes OUT-big/big.txt: one document just under the 64 MB limit.
Prints OUT and the totals. The same arguments always give the same bytes.
"""
import argparse
import os
import random
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLACES = ["青河县", "东川市", "临江区", "南山县", "北塘镇", "西岭县", "云溪市", "白水县"]
MEETINGS = ["工作会议", "经济工作会议", "党建工作会议", "全会", "务虚会", "理论学习中心组学习会"]
ROLES = ["县委书记", "市长", "区委书记", "县长", "镇党委书记", "副市长"]


def sources():
    corpus = os.environ.get("JIANGHUA_CORPUS", os.path.join(ROOT, "..", "shared", "corpus"))
    paths = []
    if os.path.isdir(corpus):
        for base, _dirs, files in os.walk(corpus):
            paths += [os.path.join(base, f) for f in files if f.endswith(".txt")]
    if not paths:
        samples = os.path.join(ROOT, "samples")
        paths = [os.path.join(samples, f) for f in os.listdir(samples) if f.endswith(".txt")]
    texts = []
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            paragraphs = [line.rstrip() for line in f if line.strip()]
        if len(paragraphs) > 4:
            # Drop each source's own head (title, date, speaker); each document gets its own.
            texts.append(paragraphs[3:])
    return texts


def document(i, texts, size, seed):
    rng = random.Random(seed * 1_000_003 + i)
    year = 1990 + rng.randrange(36)
    month, day = 1 + rng.randrange(12), 1 + rng.randrange(28)
    place, meeting, role = rng.choice(PLACES), rng.choice(MEETINGS), rng.choice(ROLES)
    head = [f"在{place}{year}年{meeting}上的讲话（第{i + 1}篇）", f"（{year}年{month}月{day}日）", f"{role}　×××", ""]
    paragraphs = rng.choice(texts)
    target = int(size * (0.5 + rng.random()))
    at = rng.randrange(len(paragraphs))
    body, length = [], 0
    while length < target:
        line = paragraphs[at % len(paragraphs)]
        body.append(line)
        length += len(line.encode("utf-8")) + 1
        at += 1
    return year, "\n".join(head + body) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?")
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--size", type=int, default=59900, help="mean bytes per document")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--big", action="store_true", help="also write OUT-big/big.txt (just under 64 MB)")
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="jianghua-library-")
    texts = sources()
    if not texts:
        sys.exit("no source texts found")
    total = 0
    for i in range(args.docs):
        year, text = document(i, texts, args.size, args.seed)
        folder = os.path.join(out, str(year))
        os.makedirs(folder, exist_ok=True)
        data = text.encode("utf-8")
        with open(os.path.join(folder, f"{i:04d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{out}: {args.docs} documents, {total} bytes ({total / 1e6:.1f} MB) from {len(texts)} sources")
    if args.big:
        big_dir = out.rstrip("/") + "-big"
        os.makedirs(big_dir, exist_ok=True)
        limit = 64 * 1024 * 1024 - 64 * 1024
        parts, length, i = [], 0, 0
        while True:
            _, text = document(args.docs + i, texts, args.size, args.seed)
            if i > 0:
                text = text.split("\n", 3)[3]  # one head only
            if length + len(text.encode("utf-8")) > limit:
                break
            parts.append(text)
            length += len(text.encode("utf-8"))
            i += 1
        with open(os.path.join(big_dir, "big.txt"), "w", encoding="utf-8") as f:
            f.write("".join(parts))
        print(f"{big_dir}/big.txt: {length} bytes")


if __name__ == "__main__":
    main()
