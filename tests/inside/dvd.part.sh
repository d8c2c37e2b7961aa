# A DVD image attached while the guest runs (sourced by run.sh): the guest
# mounts it and reads its file; after ReleaseImage the drive has no medium
if command -v genisoimage >/dev/null; then
    mkdir -p "$work/iso"
    echo "vpc-test-iso $$" >"$work/iso/marker.txt"
    genisoimage -quiet -V VPCTEST -o "$work/test.iso" "$work/iso"
    expect "AttachImage while running" "iso 1 0" guest iso:test.iso
    read_iso() {
        in_guest "mkdir -p /mnt; for i in 1 2 3 4 5 6 7 8 9 10; do mount -t iso9660 -o ro /dev/sr0 /mnt 2>/dev/null && break; sleep 0.5; done; cat /mnt/marker.txt; umount /mnt"
    }
    expect "the guest reads the image" "vpc-test-iso $$" read_iso
    expect "ReleaseImage while running" "eject 0 0" guest eject
    no_medium() { in_guest "dd if=/dev/sr0 of=/dev/null bs=2048 count=1 2>&1 >/dev/null | grep -c -i 'no medium'"; }
    expect "no medium in the guest after ReleaseImage" "1" no_medium
else
    echo "run.sh: DVD tests skipped: genisoimage missing"
    skipped=$((skipped + 1))
fi
