#!/bin/bash
# Machines across processes, with the test prefix's environment set:
#   - a machine started by one script process is Running for the next;
#   - killing its QEMU from outside turns its state to TurnedOff;
#   - a .vmc written the way Windows writes it (UTF-16, BOM, CRLF) registers.
# Usage: run.sh WINE; prints the harness's summary line.
set -u
wine=$1
cd "$(dirname "$0")"
passed=0 failed=0 skipped=0
name="Cross Process $$"

expect() {  # description, expected output, command...
    local what=$1 expected=$2 out; shift 2
    out=$("$@" 2>&1 | tr -d '\r')
    if [ "$out" = "$expected" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'run.sh: Test failed: %s: got "%s", expected "%s"\n' "$what" "$out" "$expected"
    fi
}

if ! virsh uri >/dev/null 2>&1; then
    echo "run.sh: Tests skipped: no libvirt connection"
    echo "machines: 0 tests executed (0 marked as todo, 0 failures), 1 skipped."
    exit 0
fi

guidfile=$(mktemp)
expect "start in one process" "started: result 0, state 5" "$wine" cscript //nologo start.vbs "$name" \
    "$("$wine" winepath -w "$guidfile" 2>/dev/null | tr -d '\r')"
expect "the next process sees it running" "state 5" "$wine" cscript //nologo state.vbs "$name"
# QEMU dies from outside: the machine is off, with no stuck state
guid=$(tr -d '\r\n' <"$guidfile")
rm -f "$guidfile"
domain=$(virsh list --name | grep -- "-$guid\$" | head -n 1)
if [ -n "$guid" ] && [ -n "$domain" ]; then
    pkill -KILL -f "guest=$domain," || true
fi
for _ in $(seq 50); do virsh domstate "$domain" >/dev/null 2>&1 || break; sleep 0.1; done
expect "killing QEMU turns the machine off" "state 1" "$wine" cscript //nologo state.vbs "$name"
expect "delete" "deleted: 0" "$wine" cscript //nologo delete.vbs "$name"

# a machine whose disk is a differencing chain, served by nbdkit: a disk in
# use cannot be merged; the server ends with the machine
work=$(mktemp -d)
winwork=$("$wine" winepath -w "$work" 2>/dev/null | tr -d '\r')
expect "a machine with a differencing disk" "startup 0 5 
merge while running: 80070020
save 0 2
restore 0 5
turn off 0 1" "$wine" cscript //nologo with-disk.vbs "$winwork"
sleep 1
expect "no disk server left after turn off" "" pgrep -f "nbdkit.*$work"
rm -rf "$work"

# a Windows-format .vmc
vmc=$(mktemp -d)/Windows\ Machine.vmc
printf '<?xml version="1.0" encoding="UTF-16"?>\r\n<!-- Microsoft Virtual Machine Options and Settings -->\r\n<preferences>\r\n  <version type="string">2.0</version>\r\n  <hardware>\r\n    <memory>\r\n      <ram_size type="integer">256</ram_size>\r\n    </memory>\r\n  </hardware>\r\n  <settings>\r\n    <notes type="string">from Windows &amp; friends</notes>\r\n  </settings>\r\n  <ui_options>\r\n    <seconds_to_save type="integer">300</seconds_to_save>\r\n  </ui_options>\r\n</preferences>\r\n' \
    | iconv -f UTF-8 -t UTF-16LE | { printf '\xff\xfe'; cat; } > "$vmc"
winpath=$("$wine" winepath -w "$vmc" 2>/dev/null | tr -d '\r')
expect "register a Windows .vmc" "registered: Windows Machine, memory 256, notes from Windows & friends, state 1
kept element: 300
unregistered: True" "$wine" cscript //nologo register.vbs "$winpath"
rm -rf "$(dirname "$vmc")"

echo "machines: $((passed + failed)) tests executed (0 marked as todo, $failed failures), $skipped skipped."
[ "$failed" -eq 0 ]
