' WScript.Echo and the properties of WScript, from VBScript.
WScript.Echo "one", 2, "three"
WScript.Echo
WScript.Echo 1.5, "and", 42
WScript.Echo "Name: " & WScript.Name
WScript.Echo "default member: " & WScript
WScript.Echo "Version: " & WScript.Version
WScript.Echo "BuildVersion > 0: " & (WScript.BuildVersion > 0)
WScript.Echo "ScriptName: " & WScript.ScriptName
WScript.Echo "ScriptFullName ends with it: " & _
    (Right(WScript.ScriptFullName, Len(WScript.ScriptName) + 1) = "\" & WScript.ScriptName)
WScript.Echo "FullName: " & LCase(Mid(WScript.FullName, InStrRev(WScript.FullName, "\") + 1))
WScript.Echo "Path is its folder: " & (WScript.Path & "\vpcscript.exe" = WScript.FullName)
WScript.Echo "Interactive: " & WScript.Interactive
WScript.Interactive = False
WScript.Echo "batch mode hides this"
WScript.Interactive = True
WScript.Echo "Interactive again: " & WScript.Interactive
WScript.Echo "Timeout: " & WScript.Timeout
WScript.Timeout = 600
WScript.Echo "Timeout set: " & WScript.Timeout
WScript.Timeout = 0
WSH.Echo "WSH is WScript: " & (WSH.Name = WScript.Name)
WScript.Echo "done"
