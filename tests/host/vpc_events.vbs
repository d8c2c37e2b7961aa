' Events of vpccom.dll through WScript.ConnectObject: the DVD drive and the
' floppy drive of a machine that is off, an image attached then released;
' the sinks' procedures echo what they hear. The application and the machine
' hear no media events.
Option Explicit
Dim vpc, fso, folder, name, vm, dvd, floppy, iso, vfd, heard, polls

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpcscript-events"
name = "vpcscript events"
iso = folder & "\disc.iso"
vfd = folder & "\disk.vfd"

' what an earlier run left
Set vm = vpc.FindVirtualMachine(name)
If Not vm Is Nothing Then vpc.DeleteVirtualMachine vm
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
fso.CreateFolder folder
fso.CreateTextFile(iso, True).Write "not really a disc"
vpc.CreateFloppyDiskImage vfd, 2

Set vm = vpc.CreateVirtualMachine(name, folder)
Set dvd = vm.AddDVDROMDrive(1, 0)
Set floppy = vm.FloppyDrives.Item(1)
WScript.ConnectObject vpc, "vpc_"
WScript.ConnectObject vm, "vm_"
WScript.ConnectObject dvd, "dvd_"
WScript.ConnectObject floppy, "floppy_"
WScript.Echo "connected"

heard = 0
dvd.AttachImage iso
WaitFor 1
dvd.ReleaseImage
WaitFor 2
floppy.AttachImage vfd
WaitFor 3
floppy.ReleaseImage
WaitFor 4

' nothing more once disconnected
WScript.DisconnectObject dvd
dvd.AttachImage iso
dvd.ReleaseImage
WScript.Sleep 500
WScript.Echo "heard after DisconnectObject: " & heard

WScript.DisconnectObject floppy
WScript.DisconnectObject vm
WScript.DisconnectObject vpc
vpc.DeleteVirtualMachine vm
fso.DeleteFolder folder, True

' the events come while the script sleeps
Sub WaitFor(count)
    polls = 0
    Do While heard < count And polls < 200
        WScript.Sleep 50
        polls = polls + 1
    Loop
    If heard < count Then WScript.Echo "no event " & count & " in 10 s"
End Sub

Sub Report(what, path, expected)
    heard = heard + 1
    WScript.Echo what & " " & fso.GetFileName(path) & " " & (LCase(path) = LCase(expected))
End Sub

Sub dvd_OnMediaInsert(path)
    Report "dvd_OnMediaInsert", path, dvd.ImageFile
End Sub

Sub dvd_OnMediaEject(path)
    Report "dvd_OnMediaEject", path, iso
End Sub

Sub floppy_OnMediaInsert(path)
    Report "floppy_OnMediaInsert", path, floppy.ImageFile
End Sub

Sub floppy_OnMediaEject(path)
    Report "floppy_OnMediaEject", path, vfd
End Sub

Sub vm_OnStateChange(state)
    WScript.Echo "vm_OnStateChange " & state
End Sub

Sub vpc_OnVMStateChange(machine, state)
    WScript.Echo "vpc_OnVMStateChange " & machine & " " & state
End Sub
