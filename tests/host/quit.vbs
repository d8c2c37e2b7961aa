' exit: 3
' WScript.Quit ends the script with its code, even inside a procedure.
WScript.Echo "before"
Stop3
WScript.Echo "not reached"

Sub Stop3
    WScript.Quit 3
End Sub
