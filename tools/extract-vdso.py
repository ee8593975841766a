#!/usr/bin/env python3
"""Cut the vDSO images out of a Debian kernel package (developer tool, not needed to build).

usage: extract-vdso.py KERNEL.deb OUTDIR

The kernel (vmlinuz) is decompressed (gzip, xz, zstd or lzma payload of the bzImage) and every
embedded ELF shared object that exports __vdso_* or __kernel_* symbols is written out whole
(up to the end of its section header table), unpatched, as the kernel carries it.
"""
import gzip, lzma, os, struct, subprocess, sys, tempfile

TOOLS = ((b"\xfd7zXZ\x00", ["xz", "-dc"]), (b"\x28\xb5\x2f\xfd", ["zstd", "-dc"]),
         (b"\x1f\x8b\x08", ["gzip", "-dc"]), (b"\x02\x21\x4c\x18", ["lz4", "-dc"]),
         (b"\x5d\x00\x00", ["xz", "--format=lzma", "-dc"]))

def unpack(payload):
    for magic, cmd in TOOLS:
        if payload.startswith(magic):
            return subprocess.run(cmd, input=payload, capture_output=True).stdout
    return b""

def decompress(img):
    """x86 bzImage: the setup header says where the payload is. Elsewhere (arm64 Image.gz or EFI
    zboot, arm zImage, riscv Image.gz, the mips ELF boot wrapper) try every compressed stream in the file; the kernel is the
    largest output that holds a vDSO."""
    if img[0x202:0x206] == b"HdrS":
        setup_sects = img[0x1f1] or 4
        off, length = struct.unpack_from("<II", img, 0x248)
        out = unpack(img[(setup_sects + 1) * 512 + off:][:length])
        return out if out[:4] == b"\x7fELF" else None
    # an ELF that holds no vDSO is a boot wrapper around a compressed kernel (mips vmlinuz)
    if b"__vdso_" in img or b"__kernel_clock" in img:
        return img
    best = b""
    for magic, _ in TOOLS[:4]:
        pos = img.find(magic)
        while pos >= 0:
            out = unpack(img[pos:])
            if len(out) > len(best) and (b"__vdso_" in out or b"__kernel_clock" in out):
                best = out
            pos = img.find(magic, pos + 1)
            if len(best) > 1 << 20:
                break
    return best or None

def vdsos(blob):
    pos = blob.find(b"\x7fELF", 1)
    while pos >= 0:
        e = blob[pos:]
        cls, data = e[4], e[5]
        if cls in (1, 2) and data in (1, 2):
            bo = "<" if data == 1 else ">"  # big-endian: s390x, and its 31-bit compat vdso32
            if cls == 2:
                etype, mach = struct.unpack_from(bo + "HH", e, 16)
                shoff, = struct.unpack_from(bo + "Q", e, 40)
                shentsize, shnum = struct.unpack_from(bo + "HH", e, 58)
            else:
                etype, mach = struct.unpack_from(bo + "HH", e, 16)
                shoff, = struct.unpack_from(bo + "I", e, 32)
                shentsize, shnum = struct.unpack_from(bo + "HH", e, 46)
            size = shoff + shentsize * shnum
            if etype == 3 and 0 < size < 1 << 20 and shentsize in (40, 64):
                body = e[:size]
                if b"__vdso_" in body or b"__kernel_" in body:
                    if mach == 8:  # MIPS: the ABI is in the class and e_flags (EF_MIPS_ABI2 = n32)
                        flags, = struct.unpack_from(bo + "I", e, 48 if cls == 2 else 36)
                        mach = "n64" if cls == 2 else "n32" if flags & 0x20 else "o32"
                    yield mach, cls, body
        pos = blob.find(b"\x7fELF", pos + 1)

def main():
    deb, outdir = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(["dpkg-deb", "-x", deb, t], check=True)
        kernels = [os.path.join(r, f) for r, _, fs in os.walk(t) for f in fs
                   if f.startswith("vmlinuz") or f.startswith("vmlinux")]
        if not kernels:
            sys.exit("no vmlinuz in " + deb)
        pkg = subprocess.run(["dpkg-deb", "-f", deb, "Package"], capture_output=True, text=True).stdout.strip()
        kname = pkg.replace("linux-image-", "").replace("linux-binary-", "").replace("-unsigned", "")
        vmlinux = decompress(open(kernels[0], "rb").read())
        if not vmlinux:
            sys.exit("cannot decompress " + kernels[0])
        names = {(62, 2): "vdso64", (62, 1): "vdsox32", (3, 1): "vdso32", (183, 2): "vdso",
                 (243, 2): "vdso", (22, 2): "vdso64", (22, 1): "vdso32",
                 ("n64", 2): "vdso-n64", ("n32", 1): "vdso-n32", ("o32", 1): "vdso-o32"}
        if "arm64" in kname:
            names[(40, 1)] = "vdso32"
        elif "armmp" in kname:
            names[(40, 1)] = "vdso"
        os.makedirs(outdir, exist_ok=True)
        seen = set()
        for mach, cls, body in vdsos(vmlinux):
            name = "%s-%s.so" % (kname, names.get((mach, cls), "vdso-%s-%d" % (mach, cls)))
            k = 2
            while name in seen:
                name = "%s-%s-%d.so" % (kname, names.get((mach, cls), "vdso"), k)
                k += 1
            seen.add(name)
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(body)
            print(name, len(body))

main()
