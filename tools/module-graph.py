#!/usr/bin/env python3
"""Draw which module includes which (developer tool): usage: module-graph.py SRC_DIR TITLE > out.dot

A node is a module (a folder, the engine's core, the drivers, the CLI ...); an edge says some file
of one includes a header of the other. Red edges reach into Unicorn, Capstone or libelf from a
module that is not the machine core, the loader, a backend or the benchmark floor."""
import os, re, sys

src, title = sys.argv[1], sys.argv[2]
CORE = {"engine", "machine", "attach", "profile", "decode"}
DRIVERS = {"survey", "check", "explore", "compare", "findings", "parallel"}  # sim/parallel.c before it moved

def module(rel):
    parts = rel.split("/")
    base = os.path.splitext(parts[-1])[0]
    if parts[0] == "sim":
        if len(parts) == 2:
            if base in CORE:
                return "sim: machine core"
            if base == "backend":
                return "sim/backend.h"
            if base in DRIVERS:
                return "drivers (survey, check, explore)"
        return {"arch": "sim/arch backends", "cli": "CLI", "scenario": "scenarios"}.get(parts[1], "sim")
    if parts[0] == "bench":
        return "bench floor" if base == "floor" else "bench"
    return {"include": "public vdsosim.h", "kernel_model": "kernel_model", "loader": "loader", "common": "common",
            "linux": "linux (dump)", "fuzz": "fuzz", "tests": "tests"}.get(parts[0], parts[0])

files = {}
for root, _, names in os.walk(src):
    if "/build" in root or "/.git" in root or "/examples" in root:
        continue
    for n in names:
        if n.endswith((".c", ".h")):
            rel = os.path.relpath(os.path.join(root, n), src)
            files[rel] = open(os.path.join(root, n), errors="replace").read()
by_name = {}
for rel in files:
    by_name.setdefault(os.path.basename(rel), []).append(rel)
edges = set()
for rel, text in files.items():
    a = module(rel)
    for inc in re.findall(r'#include\s*[<"]([^>"]+)[>"]', text):
        b = None
        if inc.startswith("unicorn/"):
            b = "Unicorn"
        elif inc.startswith("capstone/"):
            b = "Capstone"
        elif inc in ("gelf.h", "libelf.h"):
            b = "libelf"
        elif os.path.basename(inc) in by_name:
            b = module(by_name[os.path.basename(inc)][0])
        if b and b != a:
            edges.add((a, b))
ok_ext = {"sim: machine core", "sim/backend.h", "sim/arch backends", "loader", "bench floor"}
print('digraph G { rankdir=LR; labelloc=t; label="%s"; node [shape=box, fontname="Helvetica"];' % title)
for n in ("Unicorn", "Capstone", "libelf"):
    print('"%s" [style=filled, fillcolor="#eeeeee"];' % n)
for a, b in sorted(edges):
    bad = b in ("Unicorn", "Capstone", "libelf") and a not in ok_ext and a != "tests"
    bad |= b in ("sim: machine core", "sim/backend.h", "sim") and a in ("drivers (survey, check, explore)", "CLI", "scenarios", "bench", "fuzz")
    print('"%s" -> "%s"%s;' % (a, b, ' [color=red, penwidth=2]' if bad else ""))
print("}")
