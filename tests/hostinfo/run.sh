#!/bin/bash
# The README's acceptance check: HostInfo values agree with /proc/cpuinfo,
# /proc/meminfo, uname, /sys/class/net, ip and the prefix's dosdevices, read
# here independently of the engine.  Run with the test prefix's environment
# set (WINEPREFIX); usage: run.sh WINE; prints the harness's summary line.
set -u
wine=$1
cd "$(dirname "$0")"
passed=0 failed=0 skipped=0

values=$("$wine" cscript //nologo values.vbs 2>&1 | tr -d '\r')
value() { sed -n "s/^$1=//p" <<<"$values"; }

expect() {  # description, got, expected
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'run.sh: Test failed: %s: got "%s", expected "%s"\n' "$1" "$2" "$3"
    fi
}
within() {  # description, got, expected, tolerance
    if [[ "$2" =~ ^[0-9]+$ ]] && [ $(($2 - $3)) -le "$4" ] && [ $(($3 - $2)) -le "$4" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'run.sh: Test failed: %s: got "%s", expected %s within %s\n' "$1" "$2" "$3" "$4"
    fi
}
truth() { [ "$1" -ne 0 ] && echo True || echo False; }

if [ -z "$(value Memory)" ]; then
    printf 'run.sh: Test failed: values.vbs printed:\n%s\n' "$values"
    echo "hostinfo: 1 tests executed (0 marked as todo, 1 failures), 0 skipped."
    exit 1
fi

# memory
total=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
expect "Memory is MemTotal" "$(value Memory)" "$total"
expect "MemoryTotalString is MemTotal" "$(value MemoryTotalString)" "$total"
within "MemoryAvail is MemAvailable" "$(value MemoryAvail)" "$avail" $((total / 20))
within "MemoryAvailString is MemAvailable" "$(value MemoryAvailString)" "$avail" $((total / 20))

# processor: the first processor's fields, flags as whole words
field() { awk -F'\t*: ?' -v f="$1" '$1 == f { print $2; exit }' /proc/cpuinfo; }
flags=" $(field flags) "
has() { [[ "$flags" == *" $1 "* ]] && echo 1 || echo 0; }
expect "LogicalProcessorCount is the online processors" "$(value LogicalProcessorCount)" "$(getconf _NPROCESSORS_ONLN)"
cores=$(awk -F'\t*: ' '$1 == "physical id" { p = $2 } $1 == "core id" { print p "/" $2 }' /proc/cpuinfo | sort -u | wc -l)
[ "$cores" -gt 0 ] || cores=$(getconf _NPROCESSORS_ONLN)
expect "PhysicalProcessorCount is the distinct cores" "$(value PhysicalProcessorCount)" "$cores"
expect "MMX" "$(value MMX)" "$(truth "$(has mmx)")"
expect "SSE" "$(value SSE)" "$(truth "$(has sse)")"
expect "SSE2" "$(value SSE2)" "$(truth "$(has sse2)")"
expect "ThreeDNow" "$(value ThreeDNow)" "$(truth "$(has 3dnow)")"
features=",$(value ProcessorFeaturesString),"
listed() { [[ "$features" == *",$1,"* ]] && echo 1 || echo 0; }
expect "ProcessorFeaturesString lists SSE3 (pni)" "$(listed SSE3)" "$(has pni)"
expect "ProcessorFeaturesString lists x86-64 (lm)" "$(listed x86-64)" "$(has lm)"
expect "ProcessorFeaturesString lists AMD-V (svm)" "$(listed AMD-V)" "$(has svm)"
expect "ProcessorFeaturesString lists Intel VT (vmx)" "$(listed "Intel VT")" "$(has vmx)"
expect "ProcessorManufacturerString is vendor_id" "$(value ProcessorManufacturerString)" "$(field vendor_id)"
expect "ProcessorVersionString is model name" "$(value ProcessorVersionString)" "$(field "model name")"
mhz=$(field "cpu MHz" | awk '{ printf "%d", $1 + 0.5 }')
if [ -n "$mhz" ]; then
    # the clock of a processor with frequency scaling moves between reads
    within "ProcessorSpeed is cpu MHz" "$(value ProcessorSpeed)" "$mhz" $((mhz / 5))
    expect "ProcessorSpeedString is ProcessorSpeed in MHz" "$(value ProcessorSpeedString)" "$(value ProcessorSpeed) MHz"
else
    skipped=$((skipped + 1))
    echo "run.sh: Tests skipped: no cpu MHz in /proc/cpuinfo"
fi

# operating system
release=$(uname -r)
expect "OperatingSystem is uname -s" "$(value OperatingSystem)" "$(uname -s)"
expect "OSVersionString is uname -r" "$(value OSVersionString)" "$release"
expect "OSMajorVersion" "$(value OSMajorVersion)" "$(cut -d. -f1 <<<"$release")"
expect "OSMinorVersion" "$(value OSMinorVersion)" "$(cut -d. -f2 <<<"$release" | grep -o '^[0-9]*')"
expect "OSServicePackString is empty" "$(value OSServicePackString)" ""

# network: interfaces but loopback (flag 0x8), and their addresses but link-local
adapters=$(for dev in /sys/class/net/*; do
    [ $(($(cat "$dev/flags") & 8)) -eq 0 ] && basename "$dev"
done | sort | tr '\n' ' ')
expect "NetworkAdapters are /sys/class/net but loopback" \
    "$(value NetworkAdapters | tr ' ' '\n' | sort | tr '\n' ' ')" "$adapters"
if command -v ip >/dev/null; then
    addresses=$(ip -o addr show | awk '$2 != "lo" && $0 !~ / scope link / { sub("/.*", "", $4); print $4 }' \
        | grep -v '^127\.\|^::1$' | sort -u | tr '\n' ' ')
    expect "NetworkAddresses are ip addr's but loopback and link-local" \
        "$(value NetworkAddresses | tr ' ' '\n' | sort -u | tr '\n' ' ')" "$addresses"
else
    skipped=$((skipped + 1))
    echo "run.sh: Tests skipped: no ip command"
fi

# drives and ports: the prefix's device links
dosdevices=${WINEPREFIX:-$HOME/.wine}/dosdevices
devices() {  # pattern of the link name, pattern of the device's name, then how to name it
    local link target name
    for link in "$dosdevices"/$1; do
        [ -L "$link" ] || continue
        target=$(readlink -f "$link" 2>/dev/null || readlink "$link")
        name=$(basename "$target")
        [[ "$name" =~ $2 ]] || continue
        "$3" "$(basename "$link")" "$target" "$name"
    done
}
drive_letter() { tr a-z A-Z <<<"${1%:}"; }
serial_port() {  # a character device with a UART (sysfs type not 0)
    [ -c "$2" ] || return
    if [[ "$3" =~ ^ttyS[0-9]+$ ]] && [ -r "/sys/class/tty/$3/type" ] && [ "$(cat "/sys/class/tty/$3/type")" = 0 ]; then
        return
    fi
    echo "COM${1#com}"
}
parallel_port() { [ -c "$2" ] && echo "LPT${1#lpt}"; }
expect "DVDDrives are the prefix's CD devices" "$(value DVDDrives)" \
    "$(devices '[a-z]::' '^(sr|scd)[0-9]+$|^(cdrom|dvd)[0-9]*$' drive_letter | sort | tr '\n' ' ' | sed 's/ $//')"
expect "FloppyDrives are the prefix's floppy devices" "$(value FloppyDrives)" \
    "$(devices '[a-z]::' '^fd[0-9]+$' drive_letter | sort | tr '\n' ' ' | sed 's/ $//')"
expect "SerialPorts are the prefix's serial ports" "$(value SerialPorts)" \
    "$(devices 'com[0-9]*' '.' serial_port | sort -V | tr '\n' ';' | sed 's/;$//')"
expect "ParallelPort is the prefix's first parallel port" "$(value ParallelPort)" \
    "$(devices 'lpt[0-9]*' '.' parallel_port | sort -V | head -n 1)"

within "UTCTime is date +%s" "$(value UTCTime)" "$(date +%s)" 5

echo "hostinfo: $((passed + failed)) tests executed (0 marked as todo, $failed failures), $skipped skipped."
[ "$failed" -eq 0 ]
