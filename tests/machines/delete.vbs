' Turns off (when it runs) and deletes the machine named in the first argument.
On Error Resume Next
Set vpc = CreateObject("VirtualPC.Application")
Set vm = vpc.FindVirtualMachine(WScript.Arguments(0))
If vm.State = 5 Or vm.State = 6 Then vm.TurnOff.WaitForCompletion -1
vpc.DeleteVirtualMachine vm
WScript.Echo "deleted: " & Err.Number
