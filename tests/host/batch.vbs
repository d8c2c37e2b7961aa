' options: //B
' exit: 1
' Batch mode: Echo shows nothing, StdOut still writes, errors are not shown
' but the exit status is still 1.
WScript.Echo "hidden"
WScript.StdOut.WriteLine "Interactive: " & WScript.Interactive
Err.Raise 5
