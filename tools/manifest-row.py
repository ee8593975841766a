#!/usr/bin/env python3
"""Print manifest.tsv rows for images (developer tool). usage: manifest-row.py VDSOSIM SOURCE IMAGE..."""
import hashlib, json, os, subprocess, sys

MACH = {62: "x86-64", 3: "i386", 183: "AArch64", 40: "ARM", 243: "RISC-V", 22: "S/390", 21: "PowerPC64",
        8: "MIPS", 258: "LoongArch"}
vdsosim, source = sys.argv[1], sys.argv[2]
for path in sys.argv[3:]:
    info = json.loads(subprocess.run([vdsosim, "info", "--json", path], capture_output=True, text=True,
                                     check=True).stdout)
    data = open(path, "rb").read()
    secs = subprocess.run(["readelf", "-SW", path], capture_output=True, text=True).stdout
    patch = [s for s in (".altinstructions", "__ftr_fixup") if s in secs]
    groups = {}
    for s in info["symbols"]:
        groups.setdefault(s["version"], set()).add(s["name"])
    syms = "; ".join("%s: %s" % (v, " ".join(sorted(n))) for v, n in sorted(groups.items()))
    rel = os.path.relpath(path, os.path.join(os.path.dirname(__file__), "..", "vdso_images"))
    print("\t".join([rel, MACH.get(info["machine"], str(info["machine"])), "ELF%d" % info["class"],
                     "LE" if info["byte_order"] == "little" else "BE", info["kernel_version"], str(len(data)),
                     hashlib.sha256(data).hexdigest(), ",".join(patch) or "-", source % info, syms]))
