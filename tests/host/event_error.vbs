' exit: 1
' stderr: event_error.vbs(13, 
' An error in an event handler ends the script.
Dim src
Set src = WScript.CreateObject("VPCTest.EventSource", "src_")
WScript.Echo "before"
src.Fire 1
WScript.Echo "not reached"

Sub src_OnPing(n)
    Dim o
    WScript.Echo "handler " & n
    o.NoSuchMethod
End Sub
