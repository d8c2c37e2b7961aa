' IVMMouse of the test guest's machine, one line of output each step.
' Arguments: machine name, then steps:
'   rel:DX:DY        relative coordinates, a move by (DX, DY)
'   abs:X:Y          absolute coordinates, a move to (X, Y); then the position
'   click:B, down:B, up:B   Click, SetButton down or up; then GetButton
'   wheel:N          ScrollWheelPosition
'   errors           what relative and absolute coordinates refuse, bad buttons
Option Explicit
On Error Resume Next

Dim vpc, vm, mouse, i, parts, x

Set vpc = CreateObject("VirtualPC.Application")
Set vm = vpc.FindVirtualMachine(WScript.Arguments(0))
Set mouse = vm.Mouse

Sub Report(what)
    WScript.Echo what & " " & Hex(Err.Number)
    Err.Clear
End Sub

For i = 1 To WScript.Arguments.Count - 1
    parts = Split(WScript.Arguments(i) & "::", ":")
    Err.Clear
    Select Case parts(0)
    Case "rel"
        mouse.UsingAbsoluteCoordinates = False
        mouse.HorizontalPosition = CLng(parts(1))
        mouse.VerticalPosition = CLng(parts(2))
        Report "rel"
    Case "abs"
        mouse.UsingAbsoluteCoordinates = True
        mouse.HorizontalPosition = CLng(parts(1))
        mouse.VerticalPosition = CLng(parts(2))
        Report "abs " & mouse.UsingAbsoluteCoordinates & " " & mouse.HorizontalPosition & " " & mouse.VerticalPosition
    Case "click"
        mouse.Click CLng(parts(1))
        Report "click " & mouse.GetButton(CLng(parts(1)))
    Case "down", "up"
        mouse.SetButton CLng(parts(1)), parts(0) = "down"
        Report parts(0) & " " & mouse.GetButton(CLng(parts(1)))
    Case "wheel"
        mouse.UsingAbsoluteCoordinates = False
        mouse.ScrollWheelPosition = CLng(parts(1))
        Report "wheel"
    Case "errors"
        mouse.UsingAbsoluteCoordinates = False
        x = mouse.HorizontalPosition : Report "relative position"
        mouse.UsingAbsoluteCoordinates = True
        mouse.ScrollWheelPosition = 1 : Report "absolute wheel"
        mouse.Click 4 : Report "button 4"
        x = mouse.GetButton(0) : Report "button 0"
    End Select
Next
