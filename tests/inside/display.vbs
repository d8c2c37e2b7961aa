' IVMDisplay and IVMAccountant of the running test guest, one line of
' output a step.
' Arguments: machine name, then steps:
'   display       "display WIDTH HEIGHT VIDEOMODE ERROR"
'   thumbnail     "thumbnail ELEMENTS blank|notblank LOWBYTES ERROR": the
'                 elements of the array, whether the pixels differ, the
'                 low 8 bits of all pixels or'ed (the format leaves them 0)
'   resize        "resize ERROR ERROR ERROR": CanResize, SetDimensions to
'                 1024x768, then to a width that is no multiple of 8
'   accounting    "accounting CPU UPTIME READ WRITTEN RECEIVED SENT
'                 HISTORYCHARS zero|nonzero ERROR" (the history of 60 bytes
'                 as a string: Wine's VBScript reads no byte array)
'   pause, resume
Option Explicit
On Error Resume Next

Dim vpc, vm, i, stepName, d, a, t, n, lit, low, h, line

Set vpc = CreateObject("VirtualPC.Application")
Set vm = vpc.FindVirtualMachine(WScript.Arguments(0))

For i = 1 To WScript.Arguments.Count - 1
    stepName = WScript.Arguments(i)
    Err.Clear
    Select Case stepName
    Case "display"
        Set d = vm.Display
        line = "display " & d.Width & " " & d.Height & " " & d.VideoMode
        WScript.Echo line & " " & Hex(Err.Number)
    Case "thumbnail"
        t = vm.Display.Thumbnail
        n = 0: lit = "blank": low = 0
        If Err.Number = 0 Then
            n = UBound(t) + 1
            For Each d In t
                If CDbl(d) <> CDbl(t(0)) Then lit = "notblank"
                low = low Or (d And 255)
            Next
        End If
        WScript.Echo "thumbnail " & n & " " & lit & " " & low & " " & Hex(Err.Number)
    Case "resize"
        Set d = vm.Display
        line = "resize"
        n = d.CanResize
        line = line & " " & Hex(Err.Number)
        Err.Clear
        d.SetDimensions 1024, 768
        line = line & " " & Hex(Err.Number)
        Err.Clear
        d.SetDimensions 1020, 768
        WScript.Echo line & " " & Hex(Err.Number)
    Case "accounting"
        Set a = vm.Accountant
        line = "accounting " & a.CPUUtilization & " " & a.UpTime & " " & a.DiskBytesRead & " " & _
               a.DiskBytesWritten & " " & a.NetworkBytesReceived & " " & a.NetworkBytesSent
        h = CStr(a.CPUUtilizationHistory)
        If h = String(Len(h), Chr(0)) Then
            line = line & " " & Len(h) & " zero"
        Else
            line = line & " " & Len(h) & " nonzero"
        End If
        WScript.Echo line & " " & Hex(Err.Number)
    Case "pause"
        vm.Pause
        WScript.Echo "pause " & vm.State & " " & Hex(Err.Number)
    Case "resume"
        vm.Resume
        WScript.Echo "resume " & vm.State & " " & Hex(Err.Number)
    Case Else
        WScript.Echo "unknown step " & stepName
    End Select
    If Err.Number Then WScript.Echo "  " & Err.Description
Next
