' exit: 1
' stderr: runtime_error.vbs(9, 
' stderr: Object doesn't support this property or method
' An uncaught runtime error: located message on stderr, exit status 1.
Dim vpc
Set vpc = CreateObject("VirtualPC.Application")
WScript.Echo "before"

vpc.NoSuchMember
WScript.Echo "not reached"
