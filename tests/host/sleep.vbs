' A legacy polling loop: WScript.Sleep between checks of a task, the
' progress written through WScript.StdOut.
Option Explicit
Dim vpc, fso, folder, task, polls, started, elapsed

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpcscript-sleep-test"
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True

Set task = vpc.CreateFixedVirtualHardDisk(folder & "\disk.vhd", 16)
polls = 0
Do Until task.IsComplete
    WScript.Sleep 20
    polls = polls + 1
    If polls > 500 Then Exit Do
Loop
WScript.StdOut.WriteLine "complete: " & task.IsComplete & ", result: " & task.Result & _
    ", percent: " & task.PercentCompleted
WScript.StdOut.WriteLine "disk exists: " & fso.FileExists(folder & "\disk.vhd")
fso.DeleteFolder folder, True

started = Timer
WScript.Sleep 300
elapsed = Timer - started
If elapsed < 0 Then elapsed = elapsed + 86400
WScript.StdOut.WriteLine "Sleep 300 took at least 0.25 s: " & (elapsed >= 0.25)
WScript.StdOut.WriteLine "and less than 5 s: " & (elapsed < 5)
WScript.Sleep 0
WScript.StdOut.WriteLine "Sleep 0 returns"
On Error Resume Next
WScript.Sleep -1
WScript.StdOut.WriteLine "Sleep -1: " & Err.Number
