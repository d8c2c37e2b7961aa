' exit: 1
' stderr: syntax_error.vbs(6, 
' stderr: compilation error
' A syntax error: nothing runs, located message on stderr, exit status 1.
WScript.Echo "not printed: the script does not compile"
x = (1 +
WScript.Echo "after the error"
