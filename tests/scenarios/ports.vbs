' Serial and parallel ports of a machine.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, vm, ports, com1, com2, lpt, id, n

Sub Report(what)
    WScript.Echo what & ": " & Hex(Err.Number)
    Err.Clear
End Sub

Sub Show(port)
    WScript.Echo "  type " & port.Type & ", name """ & Replace(port.Name, folder, "<folder>") & """, connect " & port.ConnectImmediately
End Sub

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-ports-scenario"
Set vm = vpc.FindVirtualMachine("Ports Scenario")
If Not vm Is Nothing Then vpc.DeleteVirtualMachine vm
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
Err.Clear
Set vm = vpc.CreateVirtualMachine("Ports Scenario", folder)

Set ports = vm.SerialPorts
WScript.Echo "SerialPorts: " & ports.Count & " (maximum " & vpc.MaximumSerialPortsPerVM & ")"
Set com1 = ports.Item(1)
Set com2 = ports.Item(2)
Show com1
com1.Configure 1, folder & "\com1.txt", False
Report "Configure a text file"
Show com1
com2.Configure 1, folder & "\com1.txt", False
Report "the same file on the other port"
com2.Configure 2, "\\.\pipe\vpc test", True
Report "Configure a named pipe"
Show com2
com2.Configure 0, "COM1", True
Report "Configure a host port"
Show vm.SerialPorts.Item(2)
com1.Configure 0, "COM1", False
Report "the same host port on the other port"
com1.Configure 4, "x", False
Report "type 4"
com1.Configure 1, "relative.txt", False
Report "a relative text file"
com1.Configure 1, folder & "\a|b.txt", False
Report "a text file with a bad character"
com2.Configure 3, "", False
Report "Configure Null"
Show com2

Set lpt = vm.ParallelPorts.Item(1)
WScript.Echo "ParallelPorts: " & vm.ParallelPorts.Count & ", name """ & lpt.Name & """"
lpt.Name = "LPT1"
Report "Name = LPT1"
WScript.Echo "name " & lpt.Name
lpt.Name = "COM1"
Report "Name = COM1"
lpt.Name = ""
Report "Name = empty"

' the host's USB devices (this host may have none) and their errors
n = vpc.USBDeviceCollection.Count
WScript.Echo "USBDeviceCollection: " & Hex(Err.Number) & ", a count " & (n >= 0)
vm.AttachUSBDevice Nothing
Report "AttachUSBDevice Nothing"

vpc.DeleteVirtualMachine vm
fso.DeleteFolder folder, True
