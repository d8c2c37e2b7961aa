#!/bin/bash
# The test guest (tests/guest/build): built (or reused) as build/guest/guest.vhd,
#   - boots from the fixed VHD under QEMU (format=vpc, IDE) and prints
#     "vpc-test-guest: booted" on its serial port;
#   - powers itself off (QEMU exits by itself) on QEMU's ACPI power-down.
# KVM is used when /dev/kvm works; when KVM cannot run the guest (an
# emulation failure, as under some nested hypervisors) QEMU's TCG is used.
# Usage: run.sh; prints the harness's summary line.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
passed=0 failed=0 skipped=0
boot_timeout=${GUEST_BOOT_TIMEOUT:-60}

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'run.sh: Test failed: %s\n' "$1"; }
summary() {
    echo "guest: $((passed + failed)) tests executed (0 marked as todo, $failed failures), $skipped skipped."
    [ "$failed" -eq 0 ]
    exit
}

if ! command -v qemu-system-x86_64 >/dev/null; then
    echo "run.sh: Tests skipped: qemu-system-x86_64 missing"
    skipped=1; summary
fi
if [ ! -x "$top/build/programs/vhdtool/vhdtool" ]; then
    echo "run.sh: Tests skipped: vhdtool not built"
    skipped=1; summary
fi
if ! command -v socat >/dev/null; then
    echo "run.sh: Tests skipped: socat missing"
    skipped=1; summary
fi

vhd=$top/build/guest/guest.vhd
start=$(date +%s)
build_out=$("$here/build" "$vhd" 2>&1); r=$?
if [ "$r" -eq 2 ]; then
    echo "run.sh: Tests skipped: $(printf '%s\n' "$build_out" | tail -n 1)"
    skipped=1; summary
elif [ "$r" -ne 0 ]; then
    printf '%s\n' "$build_out" | tail -n 5
    fail "building the guest"
    summary
fi
ok
echo "run.sh: $(printf '%s\n' "$build_out" | tail -n 1) in $(($(date +%s) - start)) s"

work=$(mktemp -d)
qpid=
cleanup() { [ -n "$qpid" ] && kill "$qpid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

boot() {  # accel: starts QEMU; 0 when the boot line came, 1 if not, 2 on a KVM failure
    rm -f "$work"/serial.log "$work"/qemu.err "$work"/m.sock
    qemu-system-x86_64 -accel "$1" -machine pc -m 128 -display none -no-reboot \
        -drive file="$vhd",format=vpc,if=ide,snapshot=on \
        -serial file:"$work/serial.log" -monitor unix:"$work/m.sock",server,nowait \
        </dev/null 2>"$work/qemu.err" &
    qpid=$!
    for _ in $(seq $((boot_timeout * 10))); do
        grep -q "vpc-test-guest: booted" "$work/serial.log" 2>/dev/null && return 0
        grep -q -e "emulation failure" -e "KVM internal error" "$work/qemu.err" 2>/dev/null && return 2
        kill -0 "$qpid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
stop() { kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; qpid=; }

accel=tcg
[ -r /dev/kvm ] && [ -w /dev/kvm ] && accel=kvm
t0=$(date +%s%N)
boot "$accel"; r=$?
if [ "$r" -ne 0 ] && [ "$accel" = kvm ]; then
    echo "run.sh: KVM did not boot the guest ($(grep -m1 -e 'emulation failure' -e 'KVM internal error' "$work/qemu.err" || echo "no boot line")), using TCG"
    stop
    accel=tcg t0=$(date +%s%N)
    boot tcg; r=$?
fi
if [ "$r" -eq 0 ]; then
    ok
    echo "run.sh: booted under $accel in $((($(date +%s%N) - t0) / 1000000)) ms"
    # the ACPI power button: the guest powers off, QEMU exits by itself
    sleep 1
    echo system_powerdown | socat - UNIX-CONNECT:"$work/m.sock" >/dev/null 2>&1
    t0=$(date +%s%N) gone=
    for _ in $(seq 150); do
        kill -0 "$qpid" 2>/dev/null || { gone=1; break; }
        sleep 0.1
    done
    if [ -n "$gone" ]; then
        ok
        echo "run.sh: powered off $((($(date +%s%N) - t0) / 1000000)) ms after system_powerdown"
        wait "$qpid" 2>/dev/null; qpid=
    else
        fail "system_powerdown: QEMU still running after 15 s"
        stop
    fi
else
    fail "no \"vpc-test-guest: booted\" on the serial port within ${boot_timeout} s"
    tail -c 600 "$work/serial.log" 2>/dev/null | tr -d '\r'
    tail -n 3 "$work/qemu.err" 2>/dev/null
    stop
    skipped=$((skipped + 1))  # the power-off test needs a booted guest
fi

summary
