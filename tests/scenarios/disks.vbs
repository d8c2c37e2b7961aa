' Virtual hard disks: the three types, their properties, re-parenting.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, task, disk, child, parent, copy, n

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-disks-scenario"
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
fso.CreateFolder folder

Set task = vpc.CreateDynamicVirtualHardDisk(folder & "\dynamic.vhd", 1024)
task.WaitForCompletion -1
WScript.Echo "dynamic: result " & task.Result
Set task = vpc.CreateFixedVirtualHardDisk(folder & "\fixed.vhd", 16)
task.WaitForCompletion -1
WScript.Echo "fixed: result " & task.Result
Set task = vpc.CreateDifferencingVirtualHardDisk(folder & "\child.vhd", folder & "\dynamic.vhd")
task.WaitForCompletion -1
WScript.Echo "differencing: result " & task.Result & ", error " & task.Error

For Each n In Array("dynamic", "fixed", "child")
    Set disk = vpc.GetHardDisk(folder & "\" & n & ".vhd")
    WScript.Echo n & ": Type " & disk.Type & ", SizeInGuest " & disk.SizeInGuest & _
        ", SizeOnHost " & disk.SizeOnHost & ", File ok " & (disk.File = folder & "\" & n & ".vhd") & _
        ", free space > 0: " & (disk.HostFreeDiskSpace > 0) & ", TypeName " & TypeName(disk.SizeInGuest)
Next

Set child = vpc.GetHardDisk(folder & "\child.vhd")
Set parent = child.Parent
WScript.Echo "Parent.File: " & Replace(parent.File, folder, "<folder>")
Set disk = vpc.GetHardDisk(folder & "\dynamic.vhd")
Set parent = disk.Parent
WScript.Echo "a dynamic disk's Parent is Nothing: " & (parent Is Nothing) & ", error " & Err.Number

' move the parent away and point the child at a copy, as scripts do
fso.CreateFolder folder & "\moved"
fso.CopyFile folder & "\dynamic.vhd", folder & "\moved\parent.vhd"
fso.DeleteFile folder & "\dynamic.vhd"
Set parent = child.Parent
WScript.Echo "parent gone: " & Hex(Err.Number)
Err.Clear
Set copy = vpc.GetHardDisk(folder & "\moved\parent.vhd")
child.Parent = copy
WScript.Echo "re-parent: " & Err.Number
Set parent = child.Parent
WScript.Echo "Parent.File: " & Replace(parent.File, folder, "<folder>")

' another disk is no parent of this child
child.Parent = vpc.GetHardDisk(folder & "\fixed.vhd")
WScript.Echo "wrong parent: " & Hex(Err.Number)
Err.Clear

' convert, merge-to, merge, compact
Set disk = vpc.GetHardDisk(folder & "\fixed.vhd")
Set task = disk.Convert(folder & "\converted.vhd", 0)
task.WaitForCompletion -1
WScript.Echo "Convert to dynamic: result " & task.Result & ", type " & vpc.GetHardDisk(folder & "\converted.vhd").Type
Set task = disk.Convert(folder & "\converted.vhd", 0)
WScript.Echo "Convert onto an existing file: " & Hex(Err.Number)
Err.Clear
Set task = disk.Convert(folder & "\x.vhd", 2)
WScript.Echo "Convert to differencing: " & Hex(Err.Number)
Err.Clear
Set task = child.MergeTo(folder & "\merged.vhd", 1)
task.WaitForCompletion -1
WScript.Echo "MergeTo fixed: result " & task.Result & ", type " & vpc.GetHardDisk(folder & "\merged.vhd").Type & _
    ", size " & vpc.GetHardDisk(folder & "\merged.vhd").SizeOnHost
Set task = disk.MergeTo(folder & "\y.vhd", 0)
WScript.Echo "MergeTo of a fixed disk: " & Hex(Err.Number)
Err.Clear
Set task = child.Merge
task.WaitForCompletion -1
WScript.Echo "Merge: result " & task.Result & ", error " & task.Error & ", complete " & task.IsComplete
Set task = disk.Merge
WScript.Echo "Merge of a fixed disk: " & Hex(Err.Number)
Err.Clear
Set task = copy.Compact
task.WaitForCompletion -1
WScript.Echo "Compact: result " & task.Result & ", Type " & copy.Type
Set task = disk.Compact
WScript.Echo "Compact of a fixed disk: " & Hex(Err.Number)
Err.Clear

' errors of GetHardDisk and CreateDifferencingVirtualHardDisk
Set disk = vpc.GetHardDisk(folder & "\none.vhd")
WScript.Echo "missing disk: " & Hex(Err.Number)
Err.Clear
fso.CreateTextFile(folder & "\text.vhd").Write "not a disk"
Set disk = vpc.GetHardDisk(folder & "\text.vhd")
WScript.Echo "not a disk: " & Hex(Err.Number)
Err.Clear
Set task = vpc.CreateDifferencingVirtualHardDisk(folder & "\child2.vhd", folder & "\none.vhd")
WScript.Echo "missing parent: " & Hex(Err.Number)
Err.Clear
Set task = vpc.CreateDifferencingVirtualHardDisk(folder & "\child.vhd", folder & "\fixed.vhd")
WScript.Echo "existing child: " & Hex(Err.Number)
Err.Clear

fso.DeleteFolder folder, True
WScript.Echo "done"
