# Shared by the test scripts: a temporary directory removed on exit, and TAP-style ok/bad lines
# that set the exit status (source it, then `exit $fail`).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }
