#!/bin/sh
# The s390x boot of tests/boot/bracket-boot.sh (tests/data/s390x-boot/VERSION/):
#   sh tests/boot/s390x-boot.sh VMLINUZ OUTDIR
exec sh "$(dirname "$0")/bracket-boot.sh" s390x "$@"
