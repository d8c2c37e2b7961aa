' options: //T:1
' exit: 1
' stderr: Script execution time was exceeded
' //T:1 stops a script that runs too long.
WScript.Echo "started"
Do
    WScript.Sleep 50
Loop
