#!/usr/bin/env python3
"""Writes a libFuzzer dictionary of every constructor id in schema/*.tl
(as the 4 little-endian bytes the wire carries), plus the wire's own ids.

    fuzz/make_dict.py OUT.dict
"""
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ids = {0x1cb5c415, 0x997275b5, 0xbc799737}  # vector, boolTrue, boolFalse
for name in ("api.tl", "mtproto.tl"):
    for line in open(os.path.join(root, "schema", name), encoding="utf-8"):
        m = re.match(r"^[\w.]+#([0-9a-f]+)\s", line)
        if m:
            ids.add(int(m.group(1), 16))
with open(sys.argv[1], "w", encoding="ascii") as out:
    for i in sorted(ids):
        out.write('"' + "".join(f"\\x{b:02x}" for b in i.to_bytes(4, "little")) + '"\n')
print(f"{sys.argv[1]}: {len(ids)} ids")
