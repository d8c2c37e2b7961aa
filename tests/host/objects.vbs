' WScript.CreateObject and WScript.GetObject.
Option Explicit
Dim dict, wmi, obj

Set dict = WScript.CreateObject("Scripting.Dictionary")
dict.Add "a", 1
WScript.Echo "CreateObject: " & dict.Count

Set wmi = WScript.GetObject("winmgmts:")
WScript.Echo "GetObject(winmgmts:): " & IsObject(wmi)

Set obj = WScript.GetObject("", "Scripting.Dictionary")
obj.Add "b", 2
WScript.Echo "GetObject("""", progid) is a new object: " & obj.Count

On Error Resume Next
Set obj = WScript.GetObject(, "VPCTest.EventSource")
WScript.Echo "GetObject(, progid) with nothing running: " & Err.Number
Err.Clear
Set obj = WScript.CreateObject("No.Such.Class")
WScript.Echo "CreateObject(unknown): " & Err.Number
