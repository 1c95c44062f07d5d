#!/usr/bin/env python3
"""gen_cameo_codes.py -- writes data/cameo-codes.tsv from shared/reference/cameo-codes.tsv.

Copies the CAMEO event-code fact table (code, root, quad_class, goldstein,
name) unchanged, keeping its '# source:' line, under the annals-dict header.
Run: python3 tools/gen_cameo_codes.py [path/to/cameo-codes.tsv]
"""
import os, sys
from dictlib import ROOT, die

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(ROOT), "shared", "reference", "cameo-codes.tsv")
if not os.path.exists(src):
    die("%s not found (pass the path to cameo-codes.tsv)" % src)
with open(src, encoding="utf-8") as f:
    lines = f.read().splitlines()
dst = os.path.join(ROOT, "data", "cameo-codes.tsv")
with open(dst, "w", encoding="utf-8", newline="\n") as f:
    f.write("# annals-dict 1 cameo-codes\n")
    for line in lines:
        if line.strip():
            f.write(line + "\n")
sys.stderr.write("wrote %s: %d lines\n" % (dst, len(lines) + 1))
