#!/usr/bin/env python3
"""Adds the conformance vectors (tests/vectors/*.jsonl, written by mtcute) to
the fuzz targets' starting corpora in WORK_DIR: the first vector of every
constructor and method for `object`,
the vectors of each typed target's TL type (by the schema's `= Type;`), and
the JSON of every photos.Photo vector for `from_json`, and GramJS's framing
of every transport (tests/net/vectors/transports-gramjs.json) for
`transport`, as the streams a server reads (see fuzz/transport_fuzzer.cpp). The committed corpus
(fuzz/corpus) keeps the hand-made inputs; this keeps the 8,000 vectors out
of the repository twice.

    fuzz/seed_corpus.py WORK_DIR
"""
import json
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = sys.argv[1]

# TL name -> boxed type (constructors) or the name itself (methods).
type_of = {}
for schema in ("api.tl", "mtproto.tl"):
    functions = False
    for line in open(os.path.join(root, "schema", schema), encoding="utf-8"):
        if line.startswith("---functions---"):
            functions = True
        elif line.startswith("---types---"):
            functions = False
        m = re.match(r"^([\w.]+)#[0-9a-f]+\s.*=\s*([^;]+);", line)
        if m:
            type_of[m.group(1)] = m.group(1) if functions else m.group(2).strip()

# target -> TL type its inputs have
typed = {
    "updates": "Updates",
    "messages_messages": "messages.Messages",
    "photos_photo": "photos.Photo",
    "rich_text": "RichText",
    "update_profile_photo": "photos.updateProfilePhoto",
}

counts = {}
seen = set()


def add(target, data):
    d = os.path.join(work, target)
    os.makedirs(d, exist_ok=True)
    n = counts.get(target, 0)
    with open(os.path.join(d, f"vector-{n:05d}"), "wb") as f:
        f.write(data)
    counts[target] = n + 1


for file in sorted(os.listdir(os.path.join(root, "tests", "vectors"))):
    if not file.endswith(".jsonl"):
        continue
    for line in open(os.path.join(root, "tests", "vectors", file), encoding="utf-8"):
        v = json.loads(line)
        data = bytes.fromhex(v["hex"])
        if v["name"] not in seen:  # one per constructor or method: loading all 8264 takes the object target ~30 s
            seen.add(v["name"])
            add("object", data)
        t = type_of.get(v["name"])
        for target, want in typed.items():
            if t == want:
                add(target, data)
        if t == "photos.Photo":
            add("from_json", json.dumps(v["json"], ensure_ascii=False).encode())

# transport: byte 0 = 0 (mode 0: a server reads the stream), byte 1 = 255
# (pieces of up to 256 bytes), then a client's whole stream. Frames of up to
# 4 KiB, so that each seed stays small.
frames = json.load(open(os.path.join(root, "tests", "net", "vectors", "transports-gramjs.json"), encoding="utf-8"))
small = lambda fs: b"".join(bytes.fromhex(f["hex"]) for f in fs if len(f.get("hex", "")) in range(1, 8300))
add("transport", b"\x00\xff\xef" + small(frames["abridged"]))
add("transport", b"\x00\xff" + small(frames["full"]))
for o in frames["obfuscated"]:
    if o["secret"] is None:
        add("transport", b"\x00\xff" + bytes.fromhex(o["init"]) + small(o["client_frames"]))

print("seed corpus from tests/vectors: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
