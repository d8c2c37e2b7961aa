# Shared Networking (sourced by run.sh): the guest's adapter got an address
# from QEMU's user networking (10.0.2.0/24), as its console and its agent say
wait_console "vpc-test-guest: address 10\.0\.2\." 30 && ok ||
    fail "no address on Shared Networking (console: $(grep address "$serial"))"
guest_address() { in_guest "ip -4 -o addr show eth0" | sed -n 's|.*inet \([0-9.]*\)/.*|\1|p'; }
expect "the address inside the guest" "10.0.2.15" guest_address
