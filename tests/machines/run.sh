#!/bin/bash
# Machines across processes, with the test prefix's environment set:
#   - a machine started by one script process is Running for the next;
#   - killing its QEMU from outside turns its state to TurnedOff;
#   - a .vmc written the way Windows writes it (UTF-16, BOM, CRLF) registers;
#   - disks of running machines (drive.vbs): writes through QEMU reach the
#     top of the chain, undo disks are discarded, kept or committed, disk
#     servers end with the machine however it ends, a modified parent stops
#     start-up, a disk in use refuses merge, compact, convert, re-parenting;
#   - media changed while the machine runs (DVD images, floppy disks),
#     serial ports to a file and a pipe, network adapters in the domain.
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

# disks in a running machine (issue 7): writes go through the machine's
# NBD export (QEMU's own qemu-io, from its monitor) to the top of the chain;
# undo disks are discarded, committed or kept; the disk servers end with
# the machine however it ends; a modified parent stops start-up
work=$(mktemp -d)
winwork=$("$wine" winepath -w "$work" 2>/dev/null | tr -d '\r')
uname="Undo Disks $$"
drive() { "$wine" cscript //nologo drive.vbs "$uname" "$winwork" "$@"; }
domain_of() {  # the libvirt domain of the test machine (its description is the .vmc)
    local d
    for d in $(virsh list --name); do
        [ "$(virsh desc "$d" 2>/dev/null)" = "$work/$uname.vmc" ] && { echo "$d"; return; }
    done
}
io() {  # a qemu-io command on the machine's first disk, through QEMU: "ok" or its output
    local out
    out=$(virsh qemu-monitor-command "$(domain_of)" --hmp "qemu-io -d ide0-0-0 \"$1\"" 2>&1 | tr -d '\r')
    case "$out" in *"Pattern verification failed"*|*rror*) echo "$out" ;; *) echo ok ;; esac
}
vpc_read() {  # pattern, offset, file: what QEMU's vpc driver reads there (the file's own blocks)
    qemu-io -f vpc -r -c "read -P $1 $2 64k" "$work/$3" 2>&1 | grep -q "^read 65536" && echo ok || echo differs
}
servers() { pgrep -f "nbdkit.*$work" >/dev/null && echo running || echo none; }
vud="$uname Undo Disk 0-0.vud"

expect "undoable machine starts" "create 0
undo 0 0
start 0 5 0
vud $vud" drive create undo:0 start vud
expect "a write through the machine" "ok" io "write -P 0xab 0 64k"
expect "lands in the undo disk" "ok" vpc_read 0xab 0 "$vud"
expect "the disk itself is untouched" "ok" vpc_read 0 0 base.vhd
expect "turn off discards the undo disk" "off 0 1 0
vud 80070002" drive off vud
sleep 0.5
expect "no disk server after turn off" "none" servers
expect "started again, the write is gone" "start 0 5 0" drive start
expect "reads zeros" "ok" io "read -P 0 0 64k"
expect "commit" "undo 2 0" drive undo:2
expect "a write to commit" "ok" io "write -P 0xcd 0 64k"
expect "turn off commits" "off 0 1 0
vud 80070002" drive off vud
expect "the disk holds the committed write" "ok" vpc_read 0xcd 0 base.vhd
expect "keep" "undo 1 0
start 0 5 0" drive undo:1 start
expect "a write to keep" "ok" io "write -P 0xef 1M 64k"
expect "turn off keeps the undo disk" "off 0 1 0
vud $vud" drive off vud
expect "the disk does not have it" "ok" vpc_read 0 1M base.vhd
expect "started again with the kept undo disk" "start 0 5 0" drive start
expect "the kept write is there" "ok" io "read -P 0xef 1M 64k"
expect "merge undo disks refused while running" "merge-undo A0040500" drive merge-undo
expect "merge undo disks after turn off" "off 0 1 0
merge-undo 0 1 0
vud 80070002" drive off merge-undo vud
expect "the disk holds the merged write" "ok" vpc_read 0xef 1M base.vhd
expect "discard undo disks" "start 0 5 0
discard-undo A004020B
off 0 1 0
vud $vud
discard-undo 0
vud 80070002" drive start discard-undo off vud discard-undo vud

# DVD media change while the machine runs: QEMU reads the image through
# the drive, an ejected drive has no medium, the image's server goes with
# the machine
head -c 65536 /dev/zero | tr '\0' 'A' > "$work/disc.iso"
head -c 65536 /dev/zero | tr '\0' 'B' > "$work/other.iso"
dvd_io() {  # a qemu-io command on the DVD drive at 1/0: "ok" or its output
    local out
    out=$(virsh qemu-monitor-command "$(domain_of)" --hmp "qemu-io -d ide0-1-0 \"$1\"" 2>&1 | tr -d '\r')
    case "$out" in *"Pattern verification failed"*|*rror*) echo "$out" ;; *) echo ok ;; esac
}
dvd_medium() {  # whether QEMU's DVD drive at 1/0 holds a medium
    virsh qemu-monitor-command "$(domain_of)" --hmp "info block" 2>&1 \
        | grep -q "^ide0-1-0: \[not inserted\]" && echo "no medium" || echo "medium"
}
expect "a DVD drive in a running machine" "noundo 0
dvd 0
start 0 5 0" drive noundo dvd start
expect "empty at first" "no medium" dvd_medium
expect "an image inserted while running" "iso 1 0" drive iso:disc.iso
expect "the machine reads it" "ok" dvd_io "read -P 0x41 0 4k"
expect "ejected" "eject 0 0" drive eject
expect "no medium after the eject" "no medium" dvd_medium
expect "another image" "iso 1 0" drive iso:other.iso
expect "the machine reads the other image" "ok" dvd_io "read -P 0x42 60k 4k"
expect "turn off with an image" "off 0 1 0" drive off
sleep 0.5
expect "no image server after turn off" "none" servers
expect "start with the image in the drive" "start 0 5 0" drive start
expect "read at start-up" "ok" dvd_io "read -P 0x42 0 4k"
expect "turn off" "off 0 1 0
eject 0 0" drive off eject

# a floppy disk put in while the machine runs: QEMU reads it and writes to it
head -c 1474560 /dev/zero | tr '\0' 'C' > "$work/floppy.vfd"
fd_io() {  # a qemu-io command on the floppy drive
    local out
    out=$(virsh qemu-monitor-command "$(domain_of)" --hmp "qemu-io -d fdc0-0-0 \"$1\"" 2>&1 | tr -d '\r')
    case "$out" in *"Pattern verification failed"*|*rror*) echo "$out" ;; *) echo ok ;; esac
}
expect "a floppy disk while running" "start 0 5 0
fd 1 0" drive start fd:floppy.vfd
expect "the machine reads the floppy disk" "ok" fd_io "read -P 0x43 0 512"
expect "and writes to it" "ok" fd_io "write -P 0x44 512 512"
expect "floppy out, machine off" "fd-eject 0 0
off 0 1 0" drive fd-eject off
bytes_at() { head -c "$(($2 + 4))" "$1" | tail -c 4; }
expect "the write is in the image" "DDDD" bytes_at "$work/floppy.vfd" 512
sleep 0.5
expect "no floppy server after turn off" "none" servers

# serial ports: a text file libvirt's log daemon writes, a named pipe that
# is a Unix socket QEMU listens on
expect "serial ports to a file and a pipe" "com-file 0
com-pipe 0
start 0 5 0" drive com-file:com1.txt com-pipe:vpctest start
expect "the text file exists" "yes" sh -c "[ -f '$work/com1.txt' ] && echo yes || echo no"
expect "the pipe is a socket" "yes" sh -c "[ -S /tmp/vpccom-\$(id -u)/pipes/$(domain_of)-pipe-vpctest ] && echo yes || echo no"
expect "turn off" "off 0 1 0" drive off

# the machine ends without TurnOff: its QEMU killed, or QEMU quitting by
# itself as after a guest's shutdown
expect "undoable start before a kill" "undo 0 0
start 0 5 0" drive undo:0 start
d=$(domain_of)
pkill -KILL -f "guest=$d," || true
for _ in $(seq 50); do virsh domstate "$d" >/dev/null 2>&1 || break; sleep 0.1; done
expect "killed: off, undo disk discarded" "state 1
vud 80070002" drive state vud
sleep 0.5
expect "no disk server after QEMU is killed" "none" servers
expect "start before QEMU quits" "start 0 5 0" drive start
d=$(domain_of)
virsh qemu-monitor-command "$d" --hmp quit >/dev/null 2>&1
for _ in $(seq 50); do virsh domstate "$d" >/dev/null 2>&1 || break; sleep 0.1; done
expect "QEMU quit: off, undo disk discarded" "state 1
vud 80070002" drive state vud
sleep 0.5
expect "no disk server after QEMU quits" "none" servers

# a differencing disk in use cannot be merged, compacted, converted or
# re-parented; its parent can be read (converted) but not compacted
expect "differencing disk in a running machine" "noundo 0
child 0
start 0 5 0" drive noundo child start
expect "the disk in use" "merge 80070020
compact 80070020
convert 80070020
parent 80070020" drive busy:child.vhd
expect "its parent in use" "merge A004067B
compact 80070020
convert task 0
parent 0" drive busy:base.vhd
expect "a write to the differencing disk" "ok" io "write -P 0x5a 2M 64k"
expect "turn off" "off 0 1 0" drive off
sleep 0.5
expect "no disk server left" "none" servers
expect "the write is in the differencing disk" "ok" vpc_read 0x5a 2M child.vhd
expect "not in its parent" "ok" vpc_read 0 2M base.vhd
expect "merge after turn off" "merge 0 0" drive merge:child.vhd
expect "now in the parent" "ok" vpc_read 0x5a 2M base.vhd

# the parent changes after the child was made
touch -d "2030-01-01 00:00:00" "$work/base.vhd"
expect "a modified parent stops start-up" "start 4 1 A0040687
  The parent of the differencing disk $winwork\\child.vhd was modified after the disk was made." drive start
expect "Startup2 fixes the time stamp" "start-fix 0 5 0
off 0 1 0
start 0 5 0
off 0 1 0
delete 0" drive start-fix off start off delete
sleep 0.5
expect "no disk server at the end" "none" servers
rm -rf "$work"

# network adapters (issue 9): a NAT adapter is QEMU's user network with the
# adapter's address on a tulip NIC, QEMU shows it; an adapter on no network
# is there with its link down; the internal network is a multicast socket
work=$(mktemp -d)
winwork=$("$wine" winepath -w "$work" 2>/dev/null | tr -d '\r')
uname="Network $$"
expect "a machine with NAT, unplugged and internal adapters" "create 0
nic nat 0
nic none 0
nic internal 0
start 0 5 0" drive create nic:nat nic:none nic:internal start
macs=$(drive mac | tr -d '\r' | sed 's/^mac //' | tr 'A-F-' 'a-f:')
nat_mac=$(echo "$macs" | sed -n 1p) none_mac=$(echo "$macs" | sed -n 2p) internal_mac=$(echo "$macs" | sed -n 3p)
model=e1000  # Virtual PC's DEC 21140 is QEMU's tulip when QEMU has it
qemu-system-x86_64 -device help 2>/dev/null | grep -q 'name "tulip"' && model=tulip
interfaces() { virsh domiflist "$(domain_of)" | awk 'NR > 2 && NF { print $2, $4, $5 }'; }
expect "libvirt has the three interfaces" "user $model $nat_mac
user $model $none_mac
mcast $model $internal_mac" interfaces
nat_in_qemu() {
    virsh qemu-monitor-command "$(domain_of)" --hmp "info network" 2>&1 | tr -d '\r' \
        | grep -A1 "macaddr=$nat_mac" | sed -n 's/^ \\ hostnet[0-9]*: index=[0-9]*,type=\([a-z]*\),.*/\1/p'
}
expect "QEMU has the NAT NIC on a user network" "user" nat_in_qemu
link() { virsh domif-getlink "$(domain_of)" "$1" 2>&1 | awk '{ print $NF }'; }
expect "the NAT adapter's link is up" "up" link "$nat_mac"
expect "the unplugged adapter's link is down" "down" link "$none_mac"
expect "turn off and delete" "off 0 1 0
delete 0" drive off delete
sleep 0.5
expect "no disk server after the network machine" "none" servers
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
