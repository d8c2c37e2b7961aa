' Disk creation tasks from VBScript: create, wait, delete, per second.
' Argument: the number of disks; the folder comes second.
Option Explicit

Dim n, i, vpc, fso, folder, task, t0, elapsed
n = 200
If WScript.Arguments.Count > 0 Then n = CLng(WScript.Arguments(0))
Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-bench-tasks"
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
fso.CreateFolder folder

t0 = Timer
For i = 1 To n
    Set task = vpc.CreateDynamicVirtualHardDisk(folder & "\" & i & ".vhd", 16)
    task.WaitForCompletion -1
Next
elapsed = Timer - t0
WScript.Echo "16 MB dynamic disk from VBScript: " & FormatNumber(n / elapsed, 0) & " per second"
fso.DeleteFolder folder, True
