' Hard disk connections of a machine that is off: the IDE layout, the
' documented errors, undo settings.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, vm, c, c2, conns, disk, n, item

Function DriveTypes()
    Dim t, text
    For Each t In vm.AttachedDriveTypes
        text = text & " " & t
    Next
    DriveTypes = Trim(text)
End Function

Sub Report(what)
    WScript.Echo what & ": " & Hex(Err.Number)
    Err.Clear
End Sub

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-connections-scenario"
Set vm = vpc.FindVirtualMachine("Connections Scenario")
If Not vm Is Nothing Then vpc.DeleteVirtualMachine vm
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
Err.Clear

Set vm = vpc.CreateVirtualMachine("Connections Scenario", folder)
vpc.CreateDynamicVirtualHardDisk(folder & "\base.vhd", 64).WaitForCompletion -1
vpc.CreateDynamicVirtualHardDisk(folder & "\second.vhd", 32).WaitForCompletion -1
fso.CreateTextFile(folder & "\not-a-disk.vhd").Write String(2000, "x")
WScript.Echo "MaximumNumberOfIDEBuses: " & vpc.MaximumNumberOfIDEBuses
n = 0
For Each item In vpc.GetHardDiskFiles(Array(folder))
    If LCase(fso.GetParentFolderName(item)) = LCase(folder) Then n = n + 1
Next
WScript.Echo "GetHardDiskFiles in the folder: " & n
item = vpc.GetHardDiskFiles(42)
Report "GetHardDiskFiles(42)"
WScript.Echo "no connections: " & vm.HardDiskConnections.Count

Set c = vm.AddHardDiskConnection(folder & "\base.vhd", 0, 0)
Report "AddHardDiskConnection 0 0"
WScript.Echo "bus " & c.BusNumber & ", device " & c.DeviceNumber & ", disk " & _
    (LCase(c.HardDisk.File) = LCase(folder & "\base.vhd")) & ", type " & c.HardDisk.Type
WScript.Echo "drive types: " & DriveTypes()
WScript.Echo "pathname: " & (LCase(vm.GetConfigurationValue("hardware/pci_bus/ide_adapter/ide_controller[@id=0]/location[@id=0]/pathname/absolute")) = LCase(folder & "\base.vhd")) & _
    ", relative " & vm.GetConfigurationValue("hardware/pci_bus/ide_adapter/ide_controller[@id=0]/location[@id=0]/pathname/relative")

Set c2 = vm.AddHardDiskConnection(folder & "\second.vhd", 0, 0)
Report "same location"
Set c2 = vm.AddHardDiskConnection(folder & "\base.vhd", 1, 0)
Report "same disk twice"
Set c2 = vm.AddHardDiskConnection(folder & "\second.vhd", 2, 0)
Report "bus 2"
Set c2 = vm.AddHardDiskConnection(folder & "\second.vhd", 0, -1)
Report "device -1"
Set c2 = vm.AddHardDiskConnection(folder & "\missing.vhd", 1, 0)
Report "missing file"
Set c2 = vm.AddHardDiskConnection(folder & "\no\such\folder\x.vhd", 1, 0)
Report "missing folder"
Set c2 = vm.AddHardDiskConnection("relative.vhd", 1, 0)
Report "relative path"
Set c2 = vm.AddHardDiskConnection(folder & "\a|b.vhd", 1, 0)
Report "invalid name"
Set c2 = vm.AddHardDiskConnection(folder & "\not-a-disk.vhd", 1, 0)
Report "not a disk"

Set c2 = vm.AddHardDiskConnection(folder & "\second.vhd", 1, 1)
Report "AddHardDiskConnection 1 1"
Set conns = vm.HardDiskConnections
WScript.Echo "connections: " & conns.Count & ", Item(2) bus " & conns.Item(2).BusNumber & " device " & conns.Item(2).DeviceNumber
n = 0
For Each item In conns
    n = n + 1
    WScript.Echo "  " & n & ": " & item.BusNumber & "/" & item.DeviceNumber & " " & fso.GetFileName(item.HardDisk.File)
Next

c2.SetBusLocation 0, 0
Report "SetBusLocation to a used location"
c2.SetBusLocation 1, 2
Report "SetBusLocation 1 2"
c2.SetBusLocation 0, 1
Report "SetBusLocation 0 1"
WScript.Echo "moved: " & c2.BusNumber & "/" & c2.DeviceNumber & ", drive types " & DriveTypes()

Set disk = c.UndoHardDisk
Report "UndoHardDisk without undo disks"
vm.Undoable = True
WScript.Echo "Undoable: " & vm.Undoable
vm.DiscardUndoDisks
Report "DiscardUndoDisks with none"
Set item = vm.MergeUndoDisks
item.WaitForCompletion -1
WScript.Echo "MergeUndoDisks with none: error " & Hex(item.Error) & ", complete " & item.IsComplete
vm.Undoable = False

vm.RemoveHardDiskConnection c2
Report "RemoveHardDiskConnection"
WScript.Echo "after removal: " & vm.HardDiskConnections.Count & ", drive types " & DriveTypes()
n = c2.BusNumber
Report "removed connection's BusNumber"
Set disk = c2.HardDisk
Report "removed connection's HardDisk"
vm.RemoveHardDiskConnection c2
Report "removing it again"
vm.RemoveHardDiskConnection Nothing
Report "removing Nothing"

vpc.DeleteVirtualMachine vm
fso.DeleteFolder folder, True
