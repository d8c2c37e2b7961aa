' Floppy disk images and the floppy drive of a machine that is off.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, vm, floppy, t, n, item

Sub Report(what)
    WScript.Echo what & ": " & Hex(Err.Number)
    Err.Clear
End Sub

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-floppy-scenario"
Set vm = vpc.FindVirtualMachine("Floppy Scenario")
If Not vm Is Nothing Then vpc.DeleteVirtualMachine vm
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
Err.Clear
Set vm = vpc.CreateVirtualMachine("Floppy Scenario", folder)

For t = 1 To 6
    vpc.CreateFloppyDiskImage folder & "\type" & t & ".vfd", t
    WScript.Echo "type " & t & ": " & Hex(Err.Number) & ", " & fso.GetFile(folder & "\type" & t & ".vfd").Size & _
        " bytes, GetFloppyDiskImageType " & vpc.GetFloppyDiskImageType(folder & "\type" & t & ".vfd")
    Err.Clear
Next
vpc.CreateFloppyDiskImage folder & "\type2.vfd", 2
Report "an image that exists"
vpc.CreateFloppyDiskImage folder & "\bad.vfd", 0
Report "type 0"
vpc.CreateFloppyDiskImage folder & "\bad.vfd", 7
Report "type 7"
vpc.CreateFloppyDiskImage folder & "\no\such\folder\a.vfd", 2
Report "a missing folder"
vpc.CreateFloppyDiskImage "a.vfd", 2
Report "a relative path"
fso.CreateTextFile(folder & "\odd.vfd").Write "odd"
WScript.Echo "GetFloppyDiskImageType of another size: " & vpc.GetFloppyDiskImageType(folder & "\odd.vfd")
t = vpc.GetFloppyDiskImageType(folder & "\missing.vfd")
Report "GetFloppyDiskImageType of a missing file"
n = 0
For Each item In vpc.GetFloppyDiskFiles(Array(folder))
    If LCase(fso.GetParentFolderName(item)) = LCase(folder) Then n = n + 1
Next
WScript.Echo "GetFloppyDiskFiles in the folder: " & n

WScript.Echo "FloppyDrives: " & vm.FloppyDrives.Count
Set floppy = vm.FloppyDrives.Item(1)
WScript.Echo "drive " & floppy.DriveNumber & ", attachment " & floppy.Attachment
floppy.ReleaseImage
Report "ReleaseImage when empty"
t = floppy.ImageFile
Report "ImageFile when empty"
floppy.AttachImage folder & "\type2.vfd"
Report "AttachImage"
WScript.Echo "attachment " & floppy.Attachment & ", image " & fso.GetFileName(floppy.ImageFile)
floppy.AttachImage folder & "\type1.vfd"
Report "AttachImage over an image"
WScript.Echo "image " & fso.GetFileName(vm.FloppyDrives.Item(1).ImageFile)
floppy.ReleaseHostDrive
Report "ReleaseHostDrive with an image"
t = floppy.HostDriveLetter
Report "HostDriveLetter with an image"
floppy.ReleaseImage
Report "ReleaseImage"
floppy.AttachImage folder
Report "AttachImage of a folder"
floppy.AttachImage folder & "\missing.vfd"
Report "AttachImage of a missing file"
floppy.AttachHostDrive "Q:"
Report "AttachHostDrive of a letter that is no floppy drive"
WScript.Echo "attachment " & floppy.Attachment

vpc.DeleteVirtualMachine vm
fso.DeleteFolder folder, True
