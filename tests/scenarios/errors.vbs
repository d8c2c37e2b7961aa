' Failures reach a script as Err.Number and Err.Description.
On Error Resume Next

Dim vpc, disks, machine
Set vpc = CreateObject("VirtualPC.Application")

' not implemented yet: E_NOTIMPL with a description
Set disks = vpc.UnconnectedNetworkAdapters
WScript.Echo "UnconnectedNetworkAdapters: " & Hex(Err.Number) & " = &H80004001: " & (Err.Number = &H80004001)
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
