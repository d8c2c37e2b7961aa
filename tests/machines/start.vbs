' Creates the machine named in the first argument (64 MB) and starts it;
' the process ends with the machine running.
Set vpc = CreateObject("VirtualPC.Application")
Set vm = vpc.FindVirtualMachine(WScript.Arguments(0))
If vm Is Nothing Then Set vm = vpc.CreateVirtualMachine(WScript.Arguments(0), "")
vm.Memory = 64
Set task = vm.Startup
task.WaitForCompletion -1
WScript.Echo "started: result " & task.Result & ", state " & vm.State
' the GUID names the libvirt domain: the test kills that one QEMU only
Set f = CreateObject("Scripting.FileSystemObject").CreateTextFile(WScript.Arguments(1), True)
f.WriteLine LCase(Replace(Replace(Replace(vm.BIOSGUID, "{", ""), "}", ""), "-", ""))
f.Close
