' Drives the keyboard of a running machine, one line of output per step:
' the step's name and Hex(Err.Number).  Run by vpcscript (WScript.Sleep).
' Arguments: machine name, then steps:
'   text:TEXT        TypeAsciiText TEXT
'   line:TEXT        TypeAsciiText TEXT and a line end (CR LF)
'   textfile:PATH    TypeAsciiText the content of a file (Windows path)
'   seq:SEQUENCE     TypeKeySequence SEQUENCE
'   press:KEY, release:KEY, tap:KEY   PressKey, ReleaseKey, PressAndReleaseKey
'   pressed:KEY      prints "pressed KEY True|False"
'   exclusive:1|0    sets HasExclusiveAccess
'   exclusive?       prints "exclusive True|False"
'   touch:PATH       makes an empty file
'   waitfile:PATH    waits (60 s at most) until the file exists
'   pause, resume    the machine
Option Explicit
On Error Resume Next

Dim vpc, vm, kb, fso, i, stepName, verb, arg, value, t0

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
Set vm = vpc.FindVirtualMachine(WScript.Arguments(0))
Set kb = vm.Keyboard
If Err.Number Then WScript.Echo "keyboard " & Hex(Err.Number): WScript.Quit 1

Sub Report(what)
    WScript.Echo what & " " & Hex(Err.Number)
    Err.Clear
End Sub

For i = 1 To WScript.Arguments.Count - 1
    stepName = WScript.Arguments(i)
    If InStr(stepName, ":") Then
        verb = Left(stepName, InStr(stepName, ":") - 1)
        arg = Mid(stepName, InStr(stepName, ":") + 1)
    Else
        verb = stepName
        arg = ""
    End If
    Err.Clear
    Select Case verb
    Case "text"
        kb.TypeAsciiText arg
        Report "text"
    Case "line"
        kb.TypeAsciiText arg & vbCrLf
        Report "line"
    Case "textfile"
        value = fso.OpenTextFile(arg).ReadAll
        kb.TypeAsciiText value
        Report "textfile"
    Case "seq"
        kb.TypeKeySequence arg
        Report "seq"
    Case "press"
        kb.PressKey arg
        Report "press"
    Case "release"
        kb.ReleaseKey arg
        Report "release"
    Case "tap"
        kb.PressAndReleaseKey arg
        Report "tap"
    Case "pressed"
        value = kb.IsPressed(arg)
        If Err.Number Then Report "pressed " & arg Else WScript.Echo "pressed " & arg & " " & value
    Case "exclusive"
        kb.HasExclusiveAccess = (arg = "1")
        Report "exclusive:" & arg
    Case "exclusive?"
        value = kb.HasExclusiveAccess
        If Err.Number Then Report "exclusive" Else WScript.Echo "exclusive " & value
    Case "touch"
        fso.CreateTextFile(arg, True).Close
        Report "touch"
    Case "waitfile"
        t0 = Timer
        Do Until fso.FileExists(arg) Or Abs(Timer - t0) > 60
            WScript.Sleep 100
        Loop
        If fso.FileExists(arg) Then WScript.Echo "waitfile 0" Else WScript.Echo "waitfile timeout"
    Case "pause"
        vm.Pause
        Report "pause"
    Case "resume"
        vm.Resume
        Report "resume"
    Case Else
        WScript.Echo "unknown step " & stepName
    End Select
Next
