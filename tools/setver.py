#!/usr/bin/env python3
"""tools/setver.py IN OUT A.B.C: a copy of a vDSO image whose Linux/0 note names another kernel version."""
import struct, sys
src, dst, ver = sys.argv[1], sys.argv[2], sys.argv[3]
a, b, c = (int(x) for x in ver.split("."))
data = bytearray(open(src, "rb").read())
be = data[5] == 2
en = ">" if be else "<"
pat = struct.pack(en + "III", 6, 4, 0) + b"Linux\0\0\0"
i = data.find(pat)
if i < 0:
    sys.exit("%s: no Linux note" % src)
data[i + 20:i + 24] = struct.pack(en + "I", (a << 16) | (b << 8) | c)
open(dst, "wb").write(data)
