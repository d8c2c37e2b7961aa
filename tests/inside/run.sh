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

# the machine's libvirt domain (its description is the .vmc)
domain_of() {
    local d
    for d in $(virsh list --name); do
        [ "$(virsh desc "$d" 2>/dev/null)" = "$work/$name.vmc" ] && { echo "$d"; return; }
    done
}
# runs a shell command in the guest through its agent (QEMU's guest-exec)
# and prints what it wrote on its standard output
in_guest() {  # command
    local d pid out i
    d=$(domain_of)
    pid=$(virsh qemu-agent-command "$d" "$(printf '{"execute":"guest-exec","arguments":{"path":"/bin/sh","arg":["-c",%s],"capture-output":true}}' \
        "$(printf '%s' "$1" | /usr/bin/python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')")" 2>/dev/null |
        sed -n 's/.*"pid":\([0-9]*\).*/\1/p')
    [ -n "$pid" ] || return 1
    for i in $(seq 100); do
        out=$(virsh qemu-agent-command "$d" "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":$pid}}" 2>/dev/null)
        case "$out" in *'"exited":true'*) break ;; esac
        sleep 0.1
    done
    printf '%s' "$out" | /usr/bin/python3 -c 'import base64,json,sys; r=json.load(sys.stdin)["return"]; sys.stdout.write(base64.b64decode(r.get("out-data","")).decode())' 2>/dev/null
}
# waits until the console has printed PATTERN N times (default 1)
wait_console() {  # pattern, timeout, [count]
    local i n
    for i in $(seq $(($2 * 10))); do
        n=$(grep -c -- "$1" "$serial" 2>/dev/null)
        [ "${n:-0}" -ge "${3:-1}" ] && return 0
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

# the guest shuts itself down through its agent; then, with the agent
# stopped, through the ACPI power button
expect "GuestOS.Shutdown through the agent" "shutdown 0 0 state 1" \
    "$wine" cscript //nologo guestos.vbs "$name" shutdown
expect "Startup again" "start 0 5 0" guest start
# (a new QEMU starts the console's file anew)
if wait_console "vpc-test-guest: booted" "$boot_timeout" \
        && [ "$("$wine" cscript //nologo guestos.vbs "$name" heartbeat:30 2>&1 | tr -d '\r' | cut -d' ' -f2)" = True ]; then
    ok
    in_guest "kill \$(cat /run/qemu-ga.pid)" >/dev/null
    expect "without the agent: no heartbeat, no restart" "heartbeat False  A0040504
restart A0040505" "$wine" cscript //nologo guestos.vbs "$name" heartbeat:0 restart
    expect "GuestOS.Shutdown through the ACPI power button" "shutdown 0 0 state 1" \
        "$wine" cscript //nologo guestos.vbs "$name" shutdown
    grep -q "vpc-test-guest: power button, powering off" "$serial" && ok || fail "the guest saw no power button"
else
    fail "the guest did not boot again or its agent did not answer"
fi
expect "off after the guest's shut-down" "state 1" guest state

# an adapter on no network (its link down; QEMU's tulip does not tell the
# guest): DHCP gives up without an address
expect "the adapter on no network, start" "nic-off 0
start 0 5 0" guest nic-off start
if wait_console "vpc-test-guest: booted" "$boot_timeout" \
        && [ "$("$wine" cscript //nologo guestos.vbs "$name" heartbeat:30 2>&1 | tr -d '\r' | cut -d' ' -f2)" = True ]; then
    dhcp_done() { in_guest "for i in \$(seq 40); do pidof udhcpc >/dev/null || break; sleep 1; done; ip -4 -o addr show eth0 | wc -l"; }
    expect "no address without a network" "0" dhcp_done
    grep -q "vpc-test-guest: address" "$serial" && fail "an address without a network" || ok
else
    fail "the guest did not boot with its adapter on no network"
fi
expect "turn off" "off 0 1 0" guest off
summary
