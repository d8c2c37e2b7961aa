#!/bin/bash
# vhdtool against independent readers: qemu-img (fixed and dynamic disks)
# and vhdiinfo (every type) must agree with it on type, size and parent;
# content written by qemu-io survives convert, merge-to, merge and compact,
# byte for byte.  Usage: run.sh BUILD_DIR.  Prints the harness's summary.
set -u
build=$1
vhdtool=$(cd "$build" && pwd)/programs/vhdtool/vhdtool
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0 failed=0 skipped=0

check() {  # description, command...
    local what=$1; shift
    if "$@" >"$dir/out" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "run.sh: Test failed: $what"
        sed 's/^/    /' "$dir/out" | head -20
    fi
}

json_field() {  # file field
    "$vhdtool" --json info "$1" | python3 -c "import json, sys; print(json.load(sys.stdin)['$2'])"
}

qemu_size() { qemu-img info --output=json -f vpc "$1" | python3 -c "import json, sys; print(json.load(sys.stdin)['virtual-size'])"; }

cd "$dir" || exit 1
check "create dynamic" "$vhdtool" create dynamic.vhd 256M
check "create fixed" "$vhdtool" create --fixed fixed.vhd 64M
check "create differencing" "$vhdtool" create --parent dynamic.vhd child.vhd
check "create refuses an existing file" bash -c "! '$vhdtool' create dynamic.vhd 16M"
check "create refuses 2 MB" bash -c "! '$vhdtool' create small.vhd 2M"
check "usage error" bash -c "'$vhdtool' frobnicate; test \$? = 2"

check "info --json: type" test "$(json_field child.vhd type)" = differencing
check "info --json: size" test "$(json_field dynamic.vhd size)" = 268435456
check "check" "$vhdtool" check child.vhd

if command -v vhdiinfo >/dev/null; then
    check "vhdiinfo: dynamic" bash -c "vhdiinfo dynamic.vhd | grep -q 'Disk type.*Dynamic' && vhdiinfo dynamic.vhd | grep -q '(268435456 bytes)'"
    check "vhdiinfo: fixed" bash -c "vhdiinfo fixed.vhd | grep -q 'Disk type.*Fixed' && vhdiinfo fixed.vhd | grep -q '(67108864 bytes)'"
    check "vhdiinfo: differencing" bash -c "vhdiinfo child.vhd | grep -q 'Disk type.*Differential' && vhdiinfo child.vhd | grep -q 'Parent filename.*dynamic.vhd'"
    check "vhdiinfo: parent identifier" bash -c "test \"\$(vhdiinfo child.vhd | sed -n 's/.*Parent identifier\t*: //p')\" = \"\$(vhdiinfo dynamic.vhd | sed -n 's/.*Identifier\t*: //p')\""
else
    skipped=$((skipped + 1)); echo "run.sh: Tests skipped: vhdiinfo is not installed (libvhdi-utils)"
fi

if command -v qemu-io >/dev/null; then
    # qemu writes into the dynamic parent; the chain shows it through the child
    check "qemu-io writes" qemu-io -f vpc -c 'write -P 0x5a 1M 3M' -c 'write -P 0x11 100M 64k' dynamic.vhd
    check "qemu-img and vhdtool agree on the size" test "$(qemu_size dynamic.vhd)" -le 268435456
    qemu-img convert -f vpc -O raw dynamic.vhd reference.raw
    check "merge-to fixed" "$vhdtool" merge --to merged.vhd --fixed child.vhd
    check "merged disk reads the same" bash -c "qemu-img convert -f vpc -O raw merged.vhd merged.raw && cmp -n \$(stat -c %s reference.raw) merged.raw reference.raw"
    check "convert fixed to dynamic" "$vhdtool" convert merged.vhd converted.vhd
    check "converted disk reads the same" bash -c "qemu-img convert -f vpc -O raw converted.vhd converted.raw && cmp -n \$(stat -c %s reference.raw) converted.raw reference.raw"
    check "converted disk is dynamic" test "$(json_field converted.vhd type)" = dynamic
    qemu-io -f vpc -c 'write -z 1M 2M' converted.vhd >/dev/null
    before=$(stat -c %s converted.vhd)
    check "compact" "$vhdtool" compact converted.vhd
    check "compact shrinks the file" test "$(stat -c %s converted.vhd)" -lt "$before"
    check "merge" "$vhdtool" merge child.vhd
else
    skipped=$((skipped + 1)); echo "run.sh: Tests skipped: qemu-io is not installed (qemu-utils)"
fi

echo "vhdtool: $((passed + failed)) tests executed (0 marked as todo, $failed failures), $skipped skipped."
[ "$failed" -eq 0 ]
