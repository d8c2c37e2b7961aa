' Machine operations from VBScript, timed.  Arguments: rounds, machines.
Option Explicit
Dim vpc, vm, task, i, t0, rounds, count, startup, save, restore, turnoff, m, n, found

rounds = CLng(WScript.Arguments(0))
count = CLng(WScript.Arguments(1))
Set vpc = CreateObject("VirtualPC.Application")
Set vm = vpc.FindVirtualMachine("Bench Machine")
If vm Is Nothing Then Set vm = vpc.CreateVirtualMachine("Bench Machine", "")
vm.Memory = 64

For i = 1 To rounds
    t0 = Timer : vm.Startup.WaitForCompletion -1 : startup = startup + Timer - t0
    t0 = Timer : vm.Save.WaitForCompletion -1 : save = save + Timer - t0
    t0 = Timer : vm.Startup.WaitForCompletion -1 : restore = restore + Timer - t0
    t0 = Timer : vm.TurnOff.WaitForCompletion -1 : turnoff = turnoff + Timer - t0
Next
WScript.Echo "startup " & startup / rounds
WScript.Echo "save " & save / rounds
WScript.Echo "restore " & restore / rounds
WScript.Echo "turnoff " & turnoff / rounds
vpc.DeleteVirtualMachine vm

t0 = Timer
For i = 1 To count
    vpc.CreateVirtualMachine "Bench " & i, vpc.DefaultVMConfigurationPath & "bench"
Next
WScript.Echo "create " & (Timer - t0) / count
t0 = Timer
For i = 1 To 100
    Set found = vpc.FindVirtualMachine("bench " & count)
Next
WScript.Echo "find " & (Timer - t0) / 100
t0 = Timer
n = 0
For Each m In vpc.VirtualMachines
    n = n + 1
Next
WScript.Echo "foreach " & (Timer - t0) & " " & n
For Each m In vpc.VirtualMachines
    If Left(m.Name, 6) = "Bench " Then vpc.DeleteVirtualMachine m
Next
