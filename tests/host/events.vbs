' WScript.ConnectObject, DisconnectObject and CreateObject(progid, prefix)
' with the test event source VPCTest.EventSource (tests/host/eventsource).
Option Explicit
Dim src, other, pinged, polls

pinged = 0
Set src = CreateObject("VPCTest.EventSource")
WScript.ConnectObject src, "src_"
WScript.Echo "sinks after ConnectObject: " & src.Sinks
src.Fire 3
WScript.Echo "src_OnPing ran with: " & pinged
src.FireMessage "hello", 7

' an event raised from a timer arrives while the script sleeps
src.FireLater 11, 50
polls = 0
Do While pinged <> 11 And polls < 100
    WScript.Sleep 20
    polls = polls + 1
Loop
WScript.Echo "event during Sleep: " & pinged

WScript.DisconnectObject src
WScript.Echo "sinks after DisconnectObject: " & src.Sinks
src.Fire 4
WScript.Echo "after Fire 4: " & pinged

Set other = WScript.CreateObject("VPCTest.EventSource", "other_")
other.Fire 5
WScript.DisconnectObject other

On Error Resume Next
WScript.ConnectObject CreateObject("Scripting.Dictionary"), "dict_"
WScript.Echo "ConnectObject without events fails: " & (Err.Number <> 0)
Err.Clear
WScript.DisconnectObject src
WScript.Echo "DisconnectObject twice: " & Err.Number

Sub src_OnPing(n)
    WScript.Echo "src_OnPing " & n
    pinged = n
End Sub

Sub src_OnMessage(text, n)
    WScript.Echo "src_OnMessage " & text & " " & n
End Sub

Sub other_OnPing(n)
    WScript.Echo "other_OnPing " & n
End Sub
