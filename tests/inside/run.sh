#!/bin/bash
# What scripts reach inside a running machine, on the test guest
# (tests/guest/build), through the API with the test prefix's environment
# set: the guest boots from a differencing disk over its VHD through
# Startup, its console reaches COM1's text file, then each part
# (tests/inside/*.part.sh, sourced in order) runs against the running guest.
# Usage: run.sh WINE; prints the harness's summary line.
set -u
wine=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$here"
passed=0 failed=0 skipped=0
name="Inside $$"
boot_timeout=${GUEST_BOOT_TIMEOUT:-90}

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'run.sh: Test failed: %s\n' "$1"; }
expect() {  # description, expected output, command...
    local what=$1 expected=$2 out; shift 2
    out=$("$@" 2>&1 | tr -d '\r')
    if [ "$out" = "$expected" ]; then ok
    else fail "$what: got \"$out\", expected \"$expected\""
    fi
}
summary() {
    echo "inside: $((passed + failed)) tests executed (0 marked as todo, $failed failures), $skipped skipped."
    [ "$failed" -eq 0 ]
    exit
}
skip() { echo "run.sh: Tests skipped: $1"; skipped=$((skipped + 1)); summary; }

virsh uri >/dev/null 2>&1 || skip "no libvirt connection"
vhd=$top/build/guest/guest.vhd
build_out=$("$top/tests/guest/build" "$vhd" 2>&1); r=$?
[ "$r" -eq 2 ] && skip "$(printf '%s\n' "$build_out" | tail -n 1)"
[ "$r" -ne 0 ] && { printf '%s\n' "$build_out" | tail -n 5; fail "building the guest"; summary; }

work=$(mktemp -d)
winwork=$("$wine" winepath -w "$work" 2>/dev/null | tr -d '\r')
winvhd=$("$wine" winepath -w "$vhd" 2>/dev/null | tr -d '\r')
serial=$work/console.txt
guest() { "$wine" cscript //nologo guest.vbs "$name" "$winwork" "$@"; }
cleanup() { guest off delete >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

# waits until the console has printed PATTERN N times (default 1)
wait_console() {  # pattern, timeout, [count]
    local i
    for i in $(seq $(($2 * 10))); do
        [ "$(grep -c -- "$1" "$serial" 2>/dev/null)" -ge "${3:-1}" ] && return 0
        sleep 0.1
    done
    return 1
}

expect "create the guest's machine" "create 0" guest "create:${winvhd%%:*}:${winvhd#*:}"
t0=$(date +%s)
expect "Startup" "start 0 5 0" guest start
if wait_console "vpc-test-guest: booted" "$boot_timeout"; then
    ok
    echo "run.sh: the guest booted through Startup in $(($(date +%s) - t0)) s"
else
    fail "the guest did not boot within $boot_timeout s (console: $(tail -c 300 "$serial" 2>/dev/null | tr -d '\r' | tr '\n' '|'))"
    summary
fi

for part in "$here"/*.part.sh; do
    [ -e "$part" ] || continue
    . "$part"
done

expect "turn off" "off 0 1 0" guest off
summary
