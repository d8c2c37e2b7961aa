' A machine with a differencing disk served by nbdkit: start, save,
' restore, turn off.  Argument: a folder (Windows path) to work in.
Set vpc = CreateObject("VirtualPC.Application")
folder = WScript.Arguments(0)
' a machine left by an earlier run that stopped half way
' (or whose folder is gone)
On Error Resume Next
Set vm = vpc.FindVirtualMachine("With Disk")
If Not vm Is Nothing Then
    If vm.State = 5 Or vm.State = 6 Then vm.TurnOff.WaitForCompletion -1
    If vm.State = 2 Then vm.DiscardSavedState
    vpc.DeleteVirtualMachine vm
    vpc.UnregisterVirtualMachine vm
End If
On Error Goto 0
vpc.CreateDynamicVirtualHardDisk(folder & "\base.vhd", 256).WaitForCompletion -1
vpc.CreateDifferencingVirtualHardDisk(folder & "\child.vhd", folder & "\base.vhd").WaitForCompletion -1
Set vm = vpc.CreateVirtualMachine("With Disk", folder)
vm.Memory = 64
vm.SetConfigurationValue "hardware/pci_bus/ide_adapter/ide_controller[@id=0]/location[@id=0]/drive_type", 1
vm.SetConfigurationValue "hardware/pci_bus/ide_adapter/ide_controller[@id=0]/location[@id=0]/pathname/absolute", folder & "\child.vhd"
Set task = vm.Startup
task.WaitForCompletion -1
WScript.Echo "startup " & task.Result & " " & vm.State & " " & task.ErrorDescription
On Error Resume Next
Set task = vpc.GetHardDisk(folder & "\child.vhd").Merge
WScript.Echo "merge while running: " & Hex(Err.Number)
On Error Goto 0
Set task = vm.Save
task.WaitForCompletion -1
WScript.Echo "save " & task.Result & " " & vm.State
Set task = vm.Startup
task.WaitForCompletion -1
WScript.Echo "restore " & task.Result & " " & vm.State
Set task = vm.TurnOff
task.WaitForCompletion -1
WScript.Echo "turn off " & task.Result & " " & vm.State
vpc.DeleteVirtualMachine vm
