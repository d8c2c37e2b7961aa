' args: one /x:val "two three" /flag /Q:"a b"
' WScript.Arguments, Named and Unnamed, as WSH 5.x splits them.
Option Explicit
Dim args, named, unnamed, i, a, x

Set args = WScript.Arguments
WScript.Echo "Count: " & args.Count & ", Length: " & args.Length
For i = 0 To args.Count - 1
    WScript.Echo i & ": " & args(i) & " = " & args.Item(i)
Next
For Each a In args
    WScript.Echo "For Each: " & a
Next
WScript.Echo "WScript.Arguments(1): " & WScript.Arguments(1)

Set named = args.Named
WScript.Echo "Named.Count: " & named.Count & ", Length: " & named.Length
WScript.Echo "Exists x, X, flag, nope: " & named.Exists("x") & " " & named.Exists("X") & " " & _
    named.Exists("flag") & " " & named.Exists("nope")
WScript.Echo "Named(x): " & named("x") & ", Item(Q): " & named.Item("q")
WScript.Echo "Named(flag): [" & named("flag") & "], IsEmpty: " & IsEmpty(named("flag"))
WScript.Echo "Named(nope) IsEmpty: " & IsEmpty(named("nope"))
WScript.Echo "Arguments.Named(x): " & WScript.Arguments.Named("x")
For Each a In named
    WScript.Echo "named: " & a
Next

Set unnamed = args.Unnamed
WScript.Echo "Unnamed.Count: " & unnamed.Count & ", Length: " & unnamed.Length
For i = 0 To unnamed.Count - 1
    WScript.Echo "unnamed " & i & ": " & unnamed(i)
Next
For Each a In unnamed
    WScript.Echo "For Each unnamed: " & a
Next

On Error Resume Next
x = args.Item(5)
WScript.Echo "args.Item(5): " & Err.Number
Err.Clear
x = WScript.Arguments(5)
WScript.Echo "WScript.Arguments(5): " & Err.Number
Err.Clear
x = unnamed.Item(2)
WScript.Echo "unnamed(2): " & Err.Number
