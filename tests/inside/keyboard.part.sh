# IVMKeyboard (sourced by run.sh once the guest has booted): what is typed
# reaches the shell on the guest's screen (tty1, the PS/2 keyboard), whose
# commands write to ttyS0, COM1's text file ($serial).  Each keyboard.vbs
# is its own process, so held keys and exclusive access cross processes.

kbd() { "$wine" vpcscript //nologo keyboard.vbs "$name" "$@"; }
# waits (15 s at most) for TEXT, a fixed string, on the console
kbd_wait() {  # text
    local i
    for i in $(seq 150); do
        grep -qF -- "$1" "$serial" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
kbd_console() {  # description, text
    if kbd_wait "$2"; then ok
    else fail "$1: \"$2\" not on the console ($(tail -c 300 "$serial" | tr -d '\r' | tr '\n' '|'))"
    fi
}
# a key sequence typing TEXT (small and capital letters, digits, space, - / >)
kbd_sequence() {  # text
    local text=$1 out= key c i
    for ((i = 0; i < ${#text}; i++)); do
        c=${text:i:1}
        case $c in
            [a-z]) key="Key_${c^^}" ;;
            [A-Z]) key="DOWN,Key_LeftShift,Key_$c,UP,Key_LeftShift" ;;
            [0-9]) key="Key_$c" ;;
            ' ') key=Key_Space ;;
            -) key=Key_Hyphen ;;
            /) key=Key_Slash ;;
            '>') key="DOWN,Key_RightShift,Key_Period,UP,Key_RightShift" ;;
        esac
        out=${out:+$out,}$key
    done
    printf '%s\n' "$out"
}
kbd_id=$RANDOM$RANDOM

# the shell on tty1 may come up a little after the boot message
for i in 1 2 3 4 5 6; do
    kbd "line:echo kbd-ready-$kbd_id-$i >/dev/ttyS0" >/dev/null 2>&1
    wait_console "kbd-ready-$kbd_id-$i" 5 && break
done
kbd_console "the guest's shell answers TypeAsciiText" "kbd-ready-$kbd_id-"

# TypeAsciiText: every printable character of a US keyboard, a line end
printf '%s\n' "echo 'Typed-$kbd_id ~!@#\$%^&*()_+{}|:\"<>?\`-=[]\\;,./ A-Z a-z 0-9' >/dev/ttyS0" \
    >"$work/kbd-text.txt"
expect "TypeAsciiText" "textfile 0" kbd "textfile:$winwork\\kbd-text.txt"
kbd_console "TypeAsciiText" "Typed-$kbd_id ~!@#\$%^&*()_+{}|:\"<>?\`-=[]\\;,./ A-Z a-z 0-9"

# TypeKeySequence: capitals with DOWN and UP of either Shift, HOLD, Enter
expect "TypeKeySequence" "seq 0" kbd "seq:$(kbd_sequence "echo Seq-Typed-$kbd_id >/dev/ttyS0"),HOLD,Key_Enter"
kbd_console "TypeKeySequence" "Seq-Typed-$kbd_id"

# PressKey, ReleaseKey, IsPressed: Shift held across processes
expect "IsPressed before PressKey" "pressed Key_LeftShift False" kbd pressed:Key_LeftShift
expect "the start of a line" "text 0" kbd "text:echo held-$kbd_id-"
expect "PressKey" "press 0" kbd press:Key_LeftShift
expect "IsPressed in another process" "pressed Key_LeftShift True" kbd pressed:Key_LeftShift
expect "keys while Shift is down" $'seq 0\ntap 0\ntext 0' kbd seq:Key_A tap:Key_B text:c
expect "ReleaseKey" $'release 0\npressed Key_LeftShift False' kbd release:Key_LeftShift pressed:Key_LeftShift
expect "the end of the line" "line 0" kbd "line:d >/dev/ttyS0"
kbd_console "PressKey and ReleaseKey" "held-$kbd_id-ABCd"

# bad arguments on a running machine type nothing
expect "bad arguments" $'press 80070057\ntap 80070057\ntext 80070057\nseq 80070057\nseq 80070057' \
    kbd press:Key_Nothing tap: text: seq:Key_A,,Key_B seq:DOWN
expect "no key left down" "pressed Key_A False" kbd pressed:Key_A

# a paused machine takes no input
expect "TypeAsciiText while paused" $'pause 0\ntext A0040507\nresume 0' kbd pause text:x resume

# HasExclusiveAccess: while one process has it, another's input is ignored
rm -f "$work/kbd-a" "$work/kbd-b"
kbd exclusive:1 'exclusive?' "touch:$winwork\\kbd-a" "waitfile:$winwork\\kbd-b" \
    "line:echo own-$kbd_id >/dev/ttyS0" >"$work/kbd-a.out" 2>&1 &
kbd_pid=$!
for i in $(seq 300); do [ -e "$work/kbd-a" ] && break; sleep 0.1; done
expect "another process while one has exclusive access" \
    $'exclusive False\nexclusive:1 A0040825\nexclusive:0 A0040825\nline 0\ntouch 0' \
    kbd 'exclusive?' exclusive:1 exclusive:0 "line:echo ignored-$kbd_id >/dev/ttyS0" "touch:$winwork\\kbd-b"
wait "$kbd_pid"
expect "the process with exclusive access" \
    $'exclusive:1 0\nexclusive True\ntouch 0\nwaitfile 0\nline 0' cat "$work/kbd-a.out"
kbd_console "typing with exclusive access" "own-$kbd_id"
if grep -qF "ignored-$kbd_id" "$serial"; then fail "input of another process went through exclusive access"
else ok
fi
# it ended with its process
expect "exclusive access after its process ended" $'exclusive False\nexclusive:1 0\nexclusive:0 0' \
    kbd 'exclusive?' exclusive:1 exclusive:0
