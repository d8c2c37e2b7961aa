' IVMGuestOS of the test guest's machine, one line of output each step.
' Arguments: machine name, then steps:
'   heartbeat:N   waits up to N seconds for IsHeartbeating, then prints it
'                 and HeartbeatPercentage
'   os            OSName, OSVersion, the major, minor and build numbers,
'                 ComputerName, IntegrationComponentsVersion, CanShutdown
'   windows       the errors of what only a Windows guest has
'   users         IsUserLoggedOn(1)
'   timesync      IsHostTimeSyncEnabled off and on again
'   shutdown, restart   the task's result, error and the machine's state
'   state         the machine's state
Option Explicit
On Error Resume Next

Dim vpc, vm, guest, i, parts, t0, beating, percent, task

Set vpc = CreateObject("VirtualPC.Application")
Set vm = vpc.FindVirtualMachine(WScript.Arguments(0))
Set guest = vm.GuestOS

Sub Report(what)
    WScript.Echo what & " " & Hex(Err.Number)
    Err.Clear
End Sub

Function WaitHeartbeat(seconds)
    t0 = Timer
    Do
        Err.Clear
        beating = guest.IsHeartbeating
        If beating Then Exit Do
        WScript.Sleep 500
    Loop While Timer - t0 < seconds
    WaitHeartbeat = beating
End Function

For i = 1 To WScript.Arguments.Count - 1
    parts = Split(WScript.Arguments(i) & ":", ":")
    Err.Clear
    Select Case parts(0)
    Case "heartbeat"
        beating = WaitHeartbeat(CLng(parts(1)))
        Err.Clear
        percent = guest.HeartbeatPercentage
        WScript.Echo "heartbeat " & beating & " " & percent & " " & Hex(Err.Number)
    Case "os"
        WScript.Echo "name " & guest.OSName
        WScript.Echo "version " & guest.OSVersion & " = " & guest.OSMajorVersion & "." & guest.OSMinorVersion & "." & guest.OSBuildNumber
        WScript.Echo "computer " & guest.ComputerName
        WScript.Echo "agent " & (Len(guest.IntegrationComponentsVersion) > 0)
        WScript.Echo "can shut down " & guest.CanShutdown
        Report "os"
    Case "windows"
        Dim x
        x = guest.OSPlatformId : Report "platform"
        x = guest.ScreenLocked : Report "screen locked"
        x = guest.GetParameter("x") : Report "get parameter"
        WScript.Echo "service pack '" & guest.CSDVersion & "' " & guest.ServicePackMajor & "." & guest.ServicePackMinor & " suite " & guest.SuiteMask
    Case "users"
        WScript.Echo "user logged on " & guest.IsUserLoggedOn(1) & " " & Hex(Err.Number)
    Case "timesync"
        guest.IsHostTimeSyncEnabled = False
        WScript.Echo "time sync " & guest.IsHostTimeSyncEnabled
        guest.IsHostTimeSyncEnabled = True
        WScript.Echo "time sync " & guest.IsHostTimeSyncEnabled & " " & Hex(Err.Number)
    Case "shutdown", "restart"
        If parts(0) = "shutdown" Then Set task = guest.Shutdown(False) Else Set task = guest.Restart(False)
        If Err.Number Then
            Report parts(0)
        Else
            task.WaitForCompletion -1
            WScript.Echo parts(0) & " " & task.Result & " " & Hex(task.Error) & " state " & vm.State
        End If
    Case "state"
        WScript.Echo "state " & vm.State
    End Select
Next
