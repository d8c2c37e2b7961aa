' Application settings: configuration values, the default folder, search
' paths and the machine files found in them.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, files, f, n, paths, old, vm

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-options-scenario"
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
fso.CreateFolder folder
fso.CreateFolder folder & "\One"

vpc.SetConfigurationValue "idle_timeout", 45
WScript.Echo "idle_timeout: " & vpc.GetConfigurationValue("idle_timeout") & " " & TypeName(vpc.GetConfigurationValue("idle_timeout"))
vpc.SetConfigurationValue "custom/text", "a & b <c>"
WScript.Echo "custom/text: " & vpc.GetConfigurationValue("custom/text")
vpc.RemoveConfigurationValue "custom/text"
n = vpc.GetConfigurationValue("custom/text")
WScript.Echo "removed: " & Hex(Err.Number)
Err.Clear
vpc.RemoveConfigurationValue "custom/text"
WScript.Echo "remove twice: " & Hex(Err.Number)
Err.Clear
vpc.SetConfigurationValue "", 1
WScript.Echo "empty key: " & Hex(Err.Number)
Err.Clear

old = vpc.DefaultVMConfigurationPath
WScript.Echo "default ends with a backslash: " & (Right(old, 1) = "\")
vpc.DefaultVMConfigurationPath = folder
WScript.Echo "DefaultVMConfigurationPath: " & Replace(vpc.DefaultVMConfigurationPath, folder, "<folder>")
vpc.DefaultVMConfigurationPath = folder & "\missing"
WScript.Echo "missing folder: " & Hex(Err.Number)
Err.Clear
vpc.DefaultVMConfigurationPath = "relative"
WScript.Echo "relative folder: " & Hex(Err.Number)
Err.Clear

' a machine in the default folder, a loose .vmc in a search path
Set vm = vpc.CreateVirtualMachine("Options Scenario", "")
fso.CopyFile vm.File, folder & "\One\Loose.vmc"
vpc.SearchPaths = Array(folder & "\One")
paths = vpc.SearchPaths
WScript.Echo "SearchPaths: " & (UBound(paths) + 1) & " " & Replace(paths(0), folder, "<folder>")
vpc.SearchPaths = Array(folder & "\missing")
WScript.Echo "missing search path: " & Hex(Err.Number)
Err.Clear

files = vpc.GetVirtualMachineFiles(Empty, False)
n = 0
For Each f In files
    WScript.Echo "file: " & Replace(f, folder, "<folder>")
Next
files = vpc.GetVirtualMachineFiles(Empty, True)
WScript.Echo "without registered ones: " & (UBound(files) + 1)

vpc.DeleteVirtualMachine vm
vpc.SearchPaths = Array()
vpc.DefaultVMConfigurationPath = old
WScript.Echo "default restored: " & (vpc.DefaultVMConfigurationPath = old)
fso.DeleteFolder folder, True
WScript.Echo "done"
