' DVD drives of a machine that is off: locations shared with hard disks,
' images and their documented errors.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, vm, dvd, dvd2, item, n, files

Sub Report(what)
    WScript.Echo what & ": " & Hex(Err.Number)
    Err.Clear
End Sub

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-dvd-scenario"
Set vm = vpc.FindVirtualMachine("DVD Scenario")
If Not vm Is Nothing Then vpc.DeleteVirtualMachine vm
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
Err.Clear

Set vm = vpc.CreateVirtualMachine("DVD Scenario", folder)
fso.CreateTextFile(folder & "\disc.iso").Write String(4096, "A")
fso.CreateTextFile(folder & "\other.iso").Write String(4096, "B")
vpc.CreateDynamicVirtualHardDisk(folder & "\disk.vhd", 16).WaitForCompletion -1
WScript.Echo "no DVD drives: " & vm.DVDROMDrives.Count

vm.AddHardDiskConnection folder & "\disk.vhd", 0, 0
Set dvd = vm.AddDVDROMDrive(0, 0)
Report "a DVD drive where a hard disk is"
Set dvd = vm.AddDVDROMDrive(2, 0)
Report "bus 2"
Set dvd = vm.AddDVDROMDrive(1, 0)
Report "AddDVDROMDrive 1 0"
WScript.Echo "bus " & dvd.BusNumber & ", device " & dvd.DeviceNumber & ", attachment " & dvd.Attachment
n = 0
For Each item In vm.AttachedDriveTypes
    n = n * 10 + item
Next
WScript.Echo "drive types: " & n
item = dvd.ImageFile
Report "ImageFile when empty"
item = dvd.HostDriveLetter
Report "HostDriveLetter when empty"
dvd.ReleaseImage
Report "ReleaseImage when empty"

dvd.AttachImage folder & "\disc.iso"
Report "AttachImage"
WScript.Echo "attachment " & dvd.Attachment & ", image " & (LCase(dvd.ImageFile) = LCase(folder & "\disc.iso"))
dvd.AttachImage folder & "\other.iso"
Report "AttachImage over an image"
dvd.ReleaseHostDrive
Report "ReleaseHostDrive with an image"
dvd.ReleaseImage
Report "ReleaseImage"
dvd.AttachImage folder
Report "AttachImage of a folder"
dvd.AttachImage folder & "\missing.iso"
Report "AttachImage of a missing file"
dvd.AttachHostDrive "Q"
Report "AttachHostDrive of a letter that is no DVD drive"
dvd.AttachHostDrive "1"
Report "AttachHostDrive 1"

dvd.SetBusLocation 0, 0
Report "SetBusLocation to the hard disk"
dvd.SetBusLocation 1, 1
Report "SetBusLocation 1 1"
Set dvd2 = vm.DVDROMDrives.Item(1)
WScript.Echo "collection: " & vm.DVDROMDrives.Count & ", " & dvd2.BusNumber & "/" & dvd2.DeviceNumber
files = vpc.GetDVDFiles(Array(folder))
n = 0
For Each item In files
    If LCase(fso.GetParentFolderName(item)) = LCase(folder) Then n = n + 1
Next
WScript.Echo "GetDVDFiles in the folder: " & n

vm.RemoveDVDROMDrive dvd
Report "RemoveDVDROMDrive"
n = dvd2.BusNumber
Report "the removed drive's BusNumber"
vm.RemoveDVDROMDrive dvd
Report "removing it again"
WScript.Echo "left: " & vm.DVDROMDrives.Count & " DVD, " & vm.HardDiskConnections.Count & " hard disk"

vpc.DeleteVirtualMachine vm
fso.DeleteFolder folder, True
