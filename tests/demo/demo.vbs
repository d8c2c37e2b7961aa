' The demonstration: a disk and a machine, started, saved, restored and
' turned off, with what the application reports on the way.
Option Explicit

Dim vpc, fso, folder, vm, task, states, connection

Sub Run(what, task)
    task.WaitForCompletion -1
    WScript.Echo what & ": " & states(vm.State) & " (task result " & task.Result & _
        IIf(task.Error <> 0, ", " & task.ErrorDescription, "") & ")"
End Sub

Function IIf(condition, a, b)
    If condition Then IIf = a Else IIf = b
End Function

states = Array("Invalid", "TurnedOff", "Saved", "TurningOn", "Restoring", "Running", "Paused", _
               "Saving", "TurningOff", "MergingDrives", "DeleteMachine")

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
WScript.Echo vpc.Name & " " & vpc.Version
WScript.Echo "Memory per machine: " & vpc.MinimumMemoryPerVM & " to " & vpc.MaximumMemoryPerVM & _
    " MB (suggested at most " & vpc.SuggestedMaximumMemoryPerVM & " MB)"

folder = vpc.DefaultVMConfigurationPath & "Demo"
Set vm = vpc.FindVirtualMachine("Demo")
If Not vm Is Nothing Then
    If vm.State = 5 Or vm.State = 6 Then vm.TurnOff.WaitForCompletion -1
    If vm.State = 2 Then vm.DiscardSavedState
    vpc.DeleteVirtualMachine vm
End If
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True

Set task = vpc.CreateDynamicVirtualHardDisk(folder & "\Demo.vhd", 1024)
task.WaitForCompletion -1
WScript.Echo "Disk: " & vpc.GetHardDisk(folder & "\Demo.vhd").File & ", " & _
    vpc.GetHardDisk(folder & "\Demo.vhd").SizeInGuest & " bytes for the guest"

Set vm = vpc.CreateVirtualMachine("Demo", folder)
vm.Memory = 64
Set connection = vm.AddHardDiskConnection(folder & "\Demo.vhd", 0, 0)
WScript.Echo "Machine: " & vm.Name & " (" & vm.File & "), " & vm.Memory & " MB, " & states(vm.State)
WScript.Echo "Hard disk at IDE bus " & connection.BusNumber & ", device " & connection.DeviceNumber & ": " & _
    connection.HardDisk.File
WScript.Echo "Registered machines: " & vpc.VirtualMachines.Count

Run "Startup", vm.Startup
Run "Save", vm.Save
WScript.Echo "Saved state: " & vm.SavedStateFilePath
Run "Startup (restores)", vm.Startup
Run "TurnOff", vm.TurnOff
vpc.DeleteVirtualMachine vm
WScript.Echo "Deleted; registered machines: " & vpc.VirtualMachines.Count
