' Failures reach a script as Err.Number and Err.Description.
On Error Resume Next

Dim vpc, disks, machine
Set vpc = CreateObject("VirtualPC.Application")

' a documented failure: its code and a description
Set disks = vpc.GetHardDisk("relative.vhd")
WScript.Echo "GetHardDisk of a relative path: " & Hex(Err.Number) & " = &H800700A1: " & (Err.Number = &H800700A1)
WScript.Echo "description: " & (Len(Err.Description) > 0)
Err.Clear

' an index outside a collection
Set machine = vpc.VirtualMachines.Item(1)
WScript.Echo "Item(1): " & Hex(Err.Number)
WScript.Echo "description: " & (Len(Err.Description) > 0)
Err.Clear

' a member that does not exist
vpc.NoSuchMember
WScript.Echo "NoSuchMember: " & Err.Number
Err.Clear

' a failed CreateObject
Set machine = CreateObject("VirtualPC.NoSuchClass")
WScript.Echo "CreateObject: " & Err.Number
WScript.Echo "done"
