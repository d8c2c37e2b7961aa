' Virtual machines on libvirt and QEMU: the registry and the lifecycle.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, vm, task, found, n, m, name

Sub Check(what, task)
    task.WaitForCompletion -1
    WScript.Echo what & ": result " & task.Result & ", error " & Hex(task.Error) & ", state " & vm.State
End Sub

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-machines-scenario"
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
name = "Sc" & Chr(233) & "nario & Test"

' leftovers of an earlier run
Set vm = vpc.FindVirtualMachine(name)
If Not vm Is Nothing Then
    vm.TurnOff.WaitForCompletion -1
    vpc.DeleteVirtualMachine vm
End If
Err.Clear

Set vm = vpc.CreateVirtualMachine(name, folder)
WScript.Echo "CreateVirtualMachine: " & Err.Number & ", Name " & (vm.Name = name)
WScript.Echo "File: " & (vm.File = folder & "\" & name & ".vmc")
WScript.Echo "State: " & vm.State
vm.Memory = 64
WScript.Echo "Memory: " & vm.Memory
vm.Memory = 3713
WScript.Echo "Memory 3713: " & Hex(Err.Number)
Err.Clear
vm.Notes = "<notes> & ""quotes"""
WScript.Echo "Notes: " & vm.Notes
WScript.Echo "ram_size: " & vm.GetConfigurationValue("hardware/memory/ram_size") & " " & TypeName(vm.GetConfigurationValue("hardware/memory/ram_size"))
vm.SetConfigurationValue "settings/custom/answer", 42
WScript.Echo "custom: " & vm.GetConfigurationValue("settings/custom/answer")
m = vm.GetConfigurationValue("no/such/key")
WScript.Echo "missing key: " & Hex(Err.Number)
Err.Clear

vm.Name = "Renamed Scenario"
WScript.Echo "renamed: " & vm.Name & ", file " & (vm.File = folder & "\Renamed Scenario.vmc") & _
    ", found " & (Not vpc.FindVirtualMachine("renamed scenario") Is Nothing)
vm.Name = "a|b"
WScript.Echo "rename to a bad name: " & Hex(Err.Number)
Err.Clear
vm.Name = name
Set found = vpc.FindVirtualMachine(UCase(name))
WScript.Echo "FindVirtualMachine without case: " & (Not found Is Nothing)
Set found = vpc.FindVirtualMachine("no such machine")
WScript.Echo "unknown machine: " & (found Is Nothing) & ", error " & Err.Number
n = 0
For Each m In vpc.VirtualMachines
    If m.Name = name Then n = n + 1
Next
WScript.Echo "in VirtualMachines: " & n

Set m = vpc.CreateVirtualMachine(name, folder & "\other")
WScript.Echo "duplicate name: " & Hex(Err.Number)
Err.Clear
Set m = vpc.CreateVirtualMachine("", folder)
WScript.Echo "no name: " & Hex(Err.Number)
Err.Clear
Set m = vpc.CreateVirtualMachine("a:b", folder)
WScript.Echo "invalid character: " & Hex(Err.Number)
Err.Clear
Set m = vpc.CreateVirtualMachine(String(81, "x"), folder)
WScript.Echo "81 characters: " & Hex(Err.Number)
Err.Clear
Set m = vpc.CreateVirtualMachine("relative", "relative\folder")
WScript.Echo "relative folder: " & Hex(Err.Number)
Err.Clear

vm.BIOSSerialNumber = "1234-5678 & <x>"
vm.BaseBoardSerialNumber = "BB-1"
vm.ChassisSerialNumber = "CH-1"
vm.ChassisAssetTag = "Asset 7"
WScript.Echo "serials: " & vm.BIOSSerialNumber & ", " & vm.BaseBoardSerialNumber & ", " & _
    vm.ChassisSerialNumber & ", " & vm.ChassisAssetTag
vm.BIOSGUID = "{01234567-89AB-CDEF-0123-456789ABCDEF}"
WScript.Echo "BIOSGUID: " & vm.BIOSGUID
vm.BIOSGUID = "not a guid"
WScript.Echo "bad BIOSGUID: " & Hex(Err.Number)
Err.Clear
WScript.Echo "ShutdownActionOnQuit: " & vm.ShutdownActionOnQuit
vm.ShutdownActionOnQuit = 2
WScript.Echo "ShutdownActionOnQuit: " & vm.ShutdownActionOnQuit
vm.ShutdownActionOnQuit = 7
WScript.Echo "bad ShutdownActionOnQuit: " & Hex(Err.Number)
Err.Clear
WScript.Echo "Undoable: " & vm.Undoable & ", UndoAction " & vm.UndoAction
vm.UndoAction = 2
WScript.Echo "UndoAction: " & vm.UndoAction
vm.SetConfigurationValue "hardware/pci_bus/ide_adapter/ide_controller[@id=1]/location[@id=0]/drive_type", 2
m = vm.AttachedDriveTypes
WScript.Echo "AttachedDriveTypes: " & m(0) & m(1) & m(2) & m(3)
WScript.Echo "ProcessorSpeed > 0: " & (vm.ProcessorSpeed > 0) & ", HasSSE2 " & vm.HasSSE2

m = vm.GetActivationValue("hardware/memory/ram_size")
WScript.Echo "activation value when off: " & Hex(Err.Number)
Err.Clear
Check "Startup", vm.Startup
WScript.Echo "activation ram_size: " & vm.GetActivationValue("hardware/memory/ram_size")
vm.SetActivationValue "settings/custom/now", "running"
WScript.Echo "activation custom: " & vm.GetActivationValue("settings/custom/now")
m = vm.GetConfigurationValue("settings/custom/now")
WScript.Echo "not in the configuration: " & Hex(Err.Number)
Err.Clear
vm.ChassisAssetTag = "while running"
WScript.Echo "ChassisAssetTag while running: " & Hex(Err.Number)
Err.Clear
vm.Memory = 128
WScript.Echo "Memory while running: " & Hex(Err.Number)
Err.Clear
Set task = vm.Startup
WScript.Echo "Startup while running: " & Hex(Err.Number)
Err.Clear
vm.Pause
WScript.Echo "Pause: state " & vm.State
vm.Resume
WScript.Echo "Resume: state " & vm.State
Check "Reset", vm.Reset
Check "Save", vm.Save
WScript.Echo "saved state file: " & fso.FileExists(vm.SavedStateFilePath) & ", " & (vm.SavedStateFilePath = folder & "\" & name & ".vsv")
vpc.DeleteVirtualMachine vm
WScript.Echo "delete while saved: " & Hex(Err.Number)
Err.Clear
Check "Startup (restore)", vm.Startup
WScript.Echo "saved state after restore: " & fso.FileExists(folder & "\" & name & ".vsv")
Check "TurnOff", vm.TurnOff
m = vm.GetActivationValue("settings/custom/now")
WScript.Echo "activation value after turn off: " & Hex(Err.Number)
Err.Clear
Set task = vm.TurnOff
WScript.Echo "TurnOff when off: " & Hex(Err.Number)
Err.Clear
vm.DiscardSavedState
WScript.Echo "DiscardSavedState without one: " & Hex(Err.Number)
Err.Clear

vpc.DeleteVirtualMachine vm
WScript.Echo "DeleteVirtualMachine: " & Err.Number & ", file left " & fso.FileExists(folder & "\" & name & ".vmc")
Set found = vpc.FindVirtualMachine(name)
WScript.Echo "found after delete: " & (Not found Is Nothing)
fso.DeleteFolder folder, True
WScript.Echo "done"
