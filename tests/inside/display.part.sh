# IVMDisplay and IVMAccountant on the booted test guest (sourced by run.sh;
# uses wine, name, work, expect, ok, fail).
#   - Width, Height and VideoMode are those of QEMU's own screendump
#     (virsh screenshot): the guest's VGA text console;
#   - the thumbnail has the documented 64x48 elements and is not blank;
#   - CanResize and SetDimensions: no integration components to resize;
#   - the accountant's figures grow while the guest works (a busy loop and
#     dd reading and rewriting its disk, started through the guest agent),
#     the processor falls idle again when the work stops, and reads 0 while
#     the machine is paused.
display() { "$wine" cscript //nologo display.vbs "$name" "$@" 2>&1 | tr -d '\r'; }

# the libvirt domain of the machine: its title is the machine's name
display_domain=
for d in $(virsh list --name 2>/dev/null); do
    [ "$(virsh desc --title "$d" 2>/dev/null)" = "$name" ] && display_domain=$d
done
[ -n "$display_domain" ] || fail "display: no libvirt domain titled \"$name\""

# runs a shell command in the guest through its agent
guest_sh() {
    local json
    json=$(python3 -c 'import json, sys; print(json.dumps({"execute": "guest-exec", "arguments":
        {"path": "/bin/sh", "arg": ["-c", sys.argv[1]]}}))' "$1")
    virsh qemu-agent-command "$display_domain" "$json" >/dev/null 2>&1
}

# "WIDTH HEIGHT" of a PNG or binary PPM file
image_size() {
    python3 - "$1" <<'EOF'
import re, struct, sys
data = open(sys.argv[1], "rb").read()
if data[:8] == b"\x89PNG\r\n\x1a\n":
    print(*struct.unpack(">II", data[16:24]))
else:
    tokens = re.sub(rb"#[^\n]*\n", b" ", data[:200]).split()
    print(int(tokens[1]), int(tokens[2]))
EOF
}

# one field of an "accounting" line (1: the CPU, 2: uptime, 3: read, ...)
field() { echo "$1" | tr -d '\r' | head -n 1 | cut -d' ' -f$(($2 + 1)); }

if [ -n "$display_domain" ] && virsh screenshot "$display_domain" "$work/screen.img" >/dev/null 2>&1; then
    size=$(image_size "$work/screen.img")
    expect "Width, Height and VideoMode are QEMU's screen (${size/ /x}), in text mode" \
        "display $size 0 0" display display
else
    fail "virsh screenshot of the guest"
fi
expect "Thumbnail: 64x48 elements, not blank, the documented format" "thumbnail 3072 notblank 0 0" \
    display thumbnail
expect "CanResize and SetDimensions without integration components; a width not a multiple of 8" \
    "resize A0040505 A0040505 80070057
  The width must be a multiple of 8 from 640 to 2048, the height from 480 to 1920." display resize

before=$(display accounting)
case "$before" in
    "accounting "*" 30 "*" 0") ok ;;
    *) fail "Accountant of the idle guest: got \"$before\"" ;;
esac

# work: a busy loop, and dd reading the disk and writing back what it read
guest_sh 'while :; do :; done </dev/null >/dev/null 2>&1 & echo $! >/run/display-work.pid
    (while :; do dd if=/dev/sda of=/dev/null bs=64k; echo 3 >/proc/sys/vm/drop_caches;
     dd if=/dev/sda of=/dev/sda bs=4k count=16 conv=notrunc; done) </dev/null >/dev/null 2>&1 &
    echo $! >>/run/display-work.pid' || fail "starting work in the guest through its agent"
sleep 3
busy=$(display accounting)
guest_sh 'kill $(cat /run/display-work.pid); rm -f /run/display-work.pid'

what="Accountant figures grow while the guest works (before: $(field "$before" 1)% $(field "$before" 2) s,
    $(field "$before" 3) bytes read, $(field "$before" 4) written; while working: $(field "$busy" 1)%
    $(field "$busy" 2) s, $(field "$busy" 3) read, $(field "$busy" 4) written)"
if [ "$(field "$busy" 9)" = 0 ] && [ "$(field "$busy" 1)" -ge 25 ] \
        && [ "$(field "$busy" 2)" -ge "$(field "$before" 2)" ] && [ "$(field "$busy" 2)" -gt 0 ] \
        && [ "$(field "$busy" 3)" -gt "$(field "$before" 3)" ] \
        && [ "$(field "$busy" 4)" -gt "$(field "$before" 4)" ] \
        && [ "$(field "$busy" 7)" = 30 ] && [ "$(field "$busy" 8)" = nonzero ]; then
    ok
    echo "run.sh: $what" | tr -s ' \n' ' '; echo
else
    fail "$what: got \"$busy\""
fi

sleep 3
idle=$(display accounting)
if [ "$(field "$idle" 9)" = 0 ] && [ "$(field "$idle" 1)" -le 20 ] \
        && [ "$(field "$idle" 3)" -ge "$(field "$busy" 3)" ]; then ok
else fail "the processor falls idle when the work stops: got \"$idle\""
fi

# paused: the screen is still there, the processor does nothing
expect "Pause" "pause 6 0" display pause
sleep 2.5
paused=$(display display accounting)
case "$paused" in
    "display $size 0 0"*"accounting 0 "*) ok ;;
    *) fail "a paused machine: got \"$paused\"" ;;
esac
expect "Resume" "resume 5 0" display resume
