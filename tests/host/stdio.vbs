' stdin: stdin.txt
' stderr: to standard error
' StdIn (from a pipe), StdOut and StdErr, the TextStream members.
Option Explicit
Dim sin, sout, column

Set sin = WScript.StdIn
Set sout = WScript.StdOut
sout.WriteLine "ReadLine: [" & sin.ReadLine & "], Line: " & sin.Line
sout.WriteLine "Read(3): [" & sin.Read(3) & "], Column: " & sin.Column & _
    ", AtEndOfLine: " & sin.AtEndOfLine
sin.Skip 2
sout.WriteLine "after Skip 2, AtEndOfLine: " & sin.AtEndOfLine
sin.SkipLine
sout.WriteLine "after SkipLine: [" & sin.ReadLine & "], Line: " & sin.Line
sout.WriteLine "ReadAll: [" & Replace(sin.ReadAll, vbLf, "|") & "]"
sout.WriteLine "AtEndOfStream: " & sin.AtEndOfStream

sout.Write "Write "
sout.Write "twice"
sout.WriteLine
sout.Write "abcd"
column = sout.Column
sout.WriteLine ", then Column: " & column
sout.WriteBlankLines 2
sout.WriteLine "Line: " & sout.Line
WScript.StdErr.WriteLine "to standard error"
WScript.Echo "Echo and StdOut share the stream"

On Error Resume Next
Dim x
x = sout.ReadLine
sout.WriteLine "reading StdOut: " & Err.Number
Err.Clear
sin.WriteLine "x"
sout.WriteLine "writing StdIn: " & Err.Number
Err.Clear
x = sin.ReadLine
sout.WriteLine "reading past the end: " & Err.Number
