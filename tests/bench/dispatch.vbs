' Late-bound call cost from VBScript: vpccom against trivial type-library
' IDispatch objects (WScript, Scripting.Dictionary), per call, after taking
' away the cost of an empty loop.  Argument: the number of calls.
Option Explicit

Dim n, i, x, t0, empty_loop, vpc, dict
n = 300000
If WScript.Arguments.Count > 0 Then n = CLng(WScript.Arguments(0))

Set vpc = CreateObject("VirtualPC.Application")
Set dict = CreateObject("Scripting.Dictionary")

t0 = Timer
For i = 1 To n
Next
empty_loop = Timer - t0

Function PerCall(seconds)
    PerCall = (seconds - empty_loop) * 1000000 / n
End Function

Dim vpc_name, wsh_name, vpc_long, dict_long

t0 = Timer
For i = 1 To n
    x = vpc.Name
Next
vpc_name = PerCall(Timer - t0)

t0 = Timer
For i = 1 To n
    x = WScript.Name
Next
wsh_name = PerCall(Timer - t0)

t0 = Timer
For i = 1 To n
    x = vpc.MaximumMemoryPerVM
Next
vpc_long = PerCall(Timer - t0)

t0 = Timer
For i = 1 To n
    x = dict.Count
Next
dict_long = PerCall(Timer - t0)

WScript.Echo "calls per loop: " & n & ", empty loop: " & FormatNumber(empty_loop * 1000000 / n, 3) & " us per pass"
WScript.Echo "string property: vpc.Name " & FormatNumber(vpc_name, 3) & " us, WScript.Name " & _
    FormatNumber(wsh_name, 3) & " us, ratio " & FormatNumber(vpc_name / wsh_name, 2)
WScript.Echo "long property:   vpc.MaximumMemoryPerVM " & FormatNumber(vpc_long, 3) & " us, Dictionary.Count " & _
    FormatNumber(dict_long, 3) & " us, ratio " & FormatNumber(vpc_long / dict_long, 2)
WScript.Echo "calls per second: vpc.Name " & FormatNumber(1000000 / vpc_name, 0) & _
    ", vpc.MaximumMemoryPerVM " & FormatNumber(1000000 / vpc_long, 0)
