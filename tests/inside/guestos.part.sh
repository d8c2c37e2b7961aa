# IVMGuestOS on the running test guest (sourced by run.sh): the agent's
# heartbeat, what it tells of the system, what only Windows has, restart
gos() { "$wine" cscript //nologo guestos.vbs "$name" "$@"; }
kernel=$(in_guest "uname -r")
expect "IsHeartbeating, OSName, versions, ComputerName" "heartbeat True 100 0
name VPC Test Guest 1 (busybox, Debian kernel)
version $kernel = $(echo "$kernel" | sed 's/^\([0-9]*\)\.\([0-9]*\)\.\([0-9]*\).*/\1.\2.\3/')
computer vpc-test-guest
agent True
can shut down True
os 0" gos heartbeat:60 os
expect "what only a Windows guest has" "platform A0040505
screen locked A0040505
get parameter A0040505
service pack '' 0.0 suite 0" gos windows
expect "IsUserLoggedOn, IsHostTimeSyncEnabled" "user logged on False 0
time sync False
time sync True 0" gos users timesync
boots=$(grep -c "vpc-test-guest: booted" "$serial")
expect "GuestOS.Restart" "restart 0 0 state 5" gos restart
[ "$(grep -c "vpc-test-guest: booted" "$serial")" -gt "$boots" ] && ok || fail "the guest did not boot again after Restart"
expect "a heartbeat after Restart" "True" sh -c "\"$wine\" cscript //nologo guestos.vbs \"$name\" heartbeat:30 | tr -d '\r' | cut -d' ' -f2"
