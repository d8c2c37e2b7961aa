' Disk creation through tasks, the way legacy scripts poll them.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, path, task, polls, percent, last, backwards, n

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-tasks-scenario"
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
path = folder & "\new folder\dynamic.vhd"

Set task = vpc.CreateDynamicVirtualHardDisk(path, 1024)
WScript.Echo "CreateDynamicVirtualHardDisk: " & Err.Number
n = vpc.Tasks.Count
WScript.Echo "Tasks sees the task: " & (n >= 1 Or task.IsComplete)
WScript.Echo "Description: " & Replace(task.Description, folder, "<folder>")

last = 0
backwards = False
polls = 0
Do Until task.IsComplete
    percent = task.PercentCompleted
    If percent < last Then backwards = True
    last = percent
    polls = polls + 1
Loop
WScript.Echo "PercentCompleted went backwards: " & backwards
WScript.Echo "PercentCompleted: " & task.PercentCompleted
WScript.Echo "Result: " & task.Result
WScript.Echo "Error: " & task.Error
WScript.Echo "ErrorDescription: [" & task.ErrorDescription & "]"
WScript.Echo "IsCancelable: " & task.IsCancelable
WScript.Echo "ID > 0: " & (task.ID > 0)
WScript.Echo "file exists: " & fso.FileExists(path)
WScript.Echo "file size: " & fso.GetFile(path).Size

task.WaitForCompletion -1
WScript.Echo "WaitForCompletion(-1): " & Err.Number
task.WaitForCompletion 0
WScript.Echo "WaitForCompletion(0): " & Err.Number
task.WaitForCompletion 4000000
WScript.Echo "WaitForCompletion(4000000): " & Err.Number
task.WaitForCompletion -2
WScript.Echo "WaitForCompletion(-2): " & Hex(Err.Number)
Err.Clear
task.WaitForCompletion 4000001
WScript.Echo "WaitForCompletion(4000001): " & Hex(Err.Number)
Err.Clear
task.Cancel
WScript.Echo "Cancel when complete: " & Hex(Err.Number)
Err.Clear

' the same path again, and sizes out of range
Set task = vpc.CreateDynamicVirtualHardDisk(path, 1024)
WScript.Echo "existing file: " & Hex(Err.Number)
Err.Clear
Set task = vpc.CreateFixedVirtualHardDisk(folder & "\fixed.vhd", 0)
WScript.Echo "size 0: " & Hex(Err.Number)
Err.Clear
Set task = vpc.CreateFixedVirtualHardDisk(folder & "\fixed.vhd", 2)
WScript.Echo "size 2: " & Hex(Err.Number)
Err.Clear
Set task = vpc.CreateDynamicVirtualHardDisk(folder & "\big.vhd", 2088961)
WScript.Echo "size 2088961: " & Hex(Err.Number)
Err.Clear
Set task = vpc.CreateDynamicVirtualHardDisk("relative.vhd", 16)
WScript.Echo "relative path: " & Hex(Err.Number)
Err.Clear
Set task = vpc.CreateDynamicVirtualHardDisk(folder & "\a?b.vhd", 16)
WScript.Echo "invalid character: " & Hex(Err.Number)
WScript.Echo "description: " & (Len(Err.Description) > 0)
Err.Clear

' a fixed disk, waited on
Set task = vpc.CreateFixedVirtualHardDisk(folder & "\fixed.vhd", 16)
task.WaitForCompletion 60000
WScript.Echo "fixed: complete " & task.IsComplete & ", result " & task.Result & ", size " & _
    fso.GetFile(folder & "\fixed.vhd").Size

fso.DeleteFolder folder, True
WScript.Echo "done"
