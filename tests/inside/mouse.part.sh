# IVMMouse on the running test guest (sourced by run.sh): what QEMU's PS/2
# mouse and USB tablet deliver to the guest's event devices
# (struct input_event, read back through the agent)
handler() {  # the event device of the input device whose name has $1
    in_guest "cat /proc/bus/input/devices" | awk -v want="$1" '
        /^N: Name=/ { found = index($0, want) > 0 }
        found && /^H: Handlers=/ { for (i = 2; i <= NF; i++) if ($i ~ /^event/) { sub("Handlers=", "", $i); print $i; exit } }'
}
ps2=$(handler "PS/2")
tablet=$(handler "Tablet")
if [ -z "$ps2" ] || [ -z "$tablet" ]; then
    fail "the guest has no PS/2 mouse ($ps2) or tablet ($tablet)"
else
    ok
    in_guest "cat /dev/input/$ps2 >/tmp/ps2.ev 2>&1 </dev/null & cat /dev/input/$tablet >/tmp/tablet.ev 2>&1 </dev/null &" >/dev/null
    sleep 1
    expect "moves, buttons and the wheel" "rel 0
click False 0
down True 0
up False 0
wheel 0
abs True 360 200 0" "$wine" cscript //nologo mouse.vbs "$name" rel:10:-5 click:1 down:2 up:2 wheel:2 abs:360:200
    cat >"$work/events.py" <<'PY'
import base64, struct, sys
# the events, as "type code value": EV_SYN, EV_MSC (USB scan codes) and the
# high-resolution wheel left out, successive wheel notches summed (the
# tablet reports what came between two polls)
data = base64.b64decode(sys.stdin.read())
out = []
for i in range(0, len(data) - 23, 24):
    _, _, kind, code, value = struct.unpack("qqHHi", data[i:i + 24])
    if kind in (0, 4) or (kind, code) == (2, 0xb):
        continue
    if out and (kind, code) == (2, 8) and out[-1][:2] == (2, 8):
        out[-1] = (2, 8, out[-1][2] + value)
    else:
        out.append((kind, code, value))
for kind, code, value in out:
    print(kind, hex(code), value)
PY
    events() { in_guest "base64 /tmp/$1.ev" | /usr/bin/python3 "$work/events.py"; }
    # QEMU gives relative moves to the PS/2 mouse (EV_REL 2: REL_X, REL_Y),
    # buttons (EV_KEY 1: BTN_LEFT, BTN_RIGHT), the wheel (REL_WHEEL) and
    # positions (EV_ABS 3) to the tablet the guest uses; the middle of a
    # 720x400 text screen on QEMU's 0..0x7fff axes
    expect "the guest's PS/2 mouse events" "2 0x0 10
2 0x1 -5" events ps2
    expect "the guest's tablet events" "1 0x110 1
1 0x110 0
1 0x111 1
1 0x111 0
2 0x8 2
3 0x0 16406
3 0x1 16424" events tablet
    in_guest "killall cat" >/dev/null
fi
expect "the documented errors" "relative position A0040802
absolute wheel A0040801
button 4 80070057
button 0 80070057" "$wine" cscript //nologo mouse.vbs "$name" errors
