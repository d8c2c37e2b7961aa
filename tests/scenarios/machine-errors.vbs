' Each documented error of CreateVirtualMachine and RegisterVirtualMachine.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, vm, m

Sub Try(what)
    WScript.Echo what & ": " & Hex(Err.Number)
    Err.Clear
End Sub

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-machine-errors"
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
fso.CreateFolder folder

Set vm = vpc.CreateVirtualMachine("Errors One", folder)
Try "create"

Set m = vpc.CreateVirtualMachine("", folder) : Try "Create, no name"
Set m = vpc.CreateVirtualMachine(String(81, "n"), folder) : Try "Create, 81 characters"
Set m = vpc.CreateVirtualMachine("a*b", folder) : Try "Create, invalid character"
Set m = vpc.CreateVirtualMachine("ERRORS ONE", folder & "\other") : Try "Create, duplicate name"
Set m = vpc.CreateVirtualMachine("x", "relative") : Try "Create, relative path"
Set m = vpc.CreateVirtualMachine("x", folder & "\a?b") : Try "Create, invalid path character"
Set m = vpc.CreateVirtualMachine("x", folder & "\" & String(250, "p")) : Try "Create, path too long"
fso.CreateTextFile(folder & "\Taken.vmc").Write "x"
Set m = vpc.CreateVirtualMachine("Taken", folder) : Try "Create, file exists"

Set m = vpc.RegisterVirtualMachine("Errors One", folder) : Try "Register, already registered"
Set m = vpc.RegisterVirtualMachine("None", folder) : Try "Register, no such file"
Set m = vpc.RegisterVirtualMachine("x", folder & "\missing") : Try "Register, no such folder"
Set m = vpc.RegisterVirtualMachine(String(81, "n"), folder) : Try "Register, 81 characters"
Set m = vpc.RegisterVirtualMachine("a<b", folder) : Try "Register, invalid character"
Set m = vpc.RegisterVirtualMachine("x", "relative") : Try "Register, relative path"
Set m = vpc.RegisterVirtualMachine("x", folder & "\" & String(250, "p")) : Try "Register, path too long"
fso.CreateFolder folder & "\copy"
fso.CopyFile vm.File, folder & "\copy\Errors One.vmc"
Set m = vpc.RegisterVirtualMachine("Errors One.vmc", folder & "\copy") : Try "Register, duplicate name"
Set m = vpc.RegisterVirtualMachine("Taken", folder) : Try "Register, not a .vmc"
Set m = vpc.RegisterVirtualMachine("", folder & "\copy\Errors One.vmc") : Try "Register by full path, duplicate name"

vpc.DeleteVirtualMachine vm
Try "delete"
vpc.UnregisterVirtualMachine Nothing
Try "Unregister Nothing"
fso.DeleteFolder folder, True
WScript.Echo "done"
