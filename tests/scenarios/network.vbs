' Network adapters of a machine that is off, and the virtual networks:
' the limit of four, Ethernet addresses (static and dynamic), attach and
' detach, the documented errors.
Option Explicit
On Error Resume Next

Dim vpc, fso, folder, vm, nic, nics(4), item, n, nat, internal, address, net

Sub Report(what)
    WScript.Echo what & ": " & Hex(Err.Number)
    Err.Clear
End Sub

Set vpc = CreateObject("VirtualPC.Application")
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.GetSpecialFolder(2) & "\vpc-network-scenario"
Set vm = vpc.FindVirtualMachine("Network Scenario")
If Not vm Is Nothing Then vpc.DeleteVirtualMachine vm
If fso.FolderExists(folder) Then fso.DeleteFolder folder, True
Err.Clear

' the networks every host has come first; libvirt's and bridges follow
Set item = vpc.VirtualNetworks
WScript.Echo "networks: at least 2 " & (item.Count >= 2)
WScript.Echo "network 1: " & item.Item(1).Name & " [" & item.Item(1).HostAdapter & "]"
WScript.Echo "network 2: " & item.Item(2).Name & " [" & item.Item(2).HostAdapter & "]"
n = 0
For Each net In item
    n = n + 1
Next
WScript.Echo "For Each: " & (n = item.Count)
Set nat = vpc.FindVirtualNetwork("shared networking (nat)")
Report "FindVirtualNetwork without case"
WScript.Echo "found: " & nat.Name
Set internal = vpc.FindVirtualNetwork("Internal Network")
WScript.Echo "found: " & internal.Name
Set net = vpc.FindVirtualNetwork("No Such Network")
Report "FindVirtualNetwork of an unknown name"
WScript.Echo "unknown is Nothing: " & (net Is Nothing)
Set net = vpc.FindVirtualNetwork("")
Report "FindVirtualNetwork of an empty name"

Set vm = vpc.CreateVirtualMachine("Network Scenario", folder)
WScript.Echo "no adapters: " & vm.NetworkAdapters.Count
For n = 1 To 4
    Set nics(n) = vm.AddNetworkAdapter
    Report "AddNetworkAdapter " & n
Next
Set nic = vm.AddNetworkAdapter
Report "a fifth adapter"
WScript.Echo "adapters: " & vm.NetworkAdapters.Count & " of " & vpc.MaximumNetworkAdaptersPerVM

Set nic = nics(1)
WScript.Echo "dynamic: " & nic.IsEthernetAddressDynamic
address = nic.EthernetAddress
WScript.Echo "Virtual PC's prefix: " & (Left(address, 9) = "00-03-FF-") & ", form " & (Len(address) = 17)
WScript.Echo "adapters differ: " & (address <> nics(2).EthernetAddress)
nic.EthernetAddress = "00-03-FF-12-34-56"
Report "EthernetAddress of a dynamic address"
nic.IsEthernetAddressDynamic = False
Report "IsEthernetAddressDynamic False"
WScript.Echo "kept: " & (nic.EthernetAddress = address)
nic.EthernetAddress = "00-03-ff-12-34-56"
Report "EthernetAddress"
WScript.Echo "address: " & nic.EthernetAddress & ", dynamic " & nic.IsEthernetAddressDynamic
nic.EthernetAddress = "00-03-FF-12-34"
Report "a short address"
nic.EthernetAddress = "00-03-FF-12-34-5G"
Report "not hex"
nic.EthernetAddress = "01-00-5E-00-00-01"
Report "a group address"
WScript.Echo "unchanged: " & nic.EthernetAddress
nic.IsEthernetAddressDynamic = True
WScript.Echo "dynamic again: " & nic.IsEthernetAddressDynamic & ", new address " & _
    (nic.EthernetAddress <> "00-03-FF-12-34-56") & ", prefix " & (Left(nic.EthernetAddress, 9) = "00-03-FF-")

Set net = nic.VirtualNetwork
Report "VirtualNetwork of a new adapter"
WScript.Echo "not connected: " & (net Is Nothing)
WScript.Echo "unconnected adapters include it: " & (vpc.UnconnectedNetworkAdapters.Count >= 4)
nic.AttachToVirtualNetwork nat
Report "AttachToVirtualNetwork NAT"
WScript.Echo "on: " & nic.VirtualNetwork.Name
nics(2).AttachToVirtualNetwork internal
Report "AttachToVirtualNetwork Internal Network"
WScript.Echo "on: " & nics(2).VirtualNetwork.Name
nic.AttachToVirtualNetwork Nothing
Report "AttachToVirtualNetwork Nothing"
n = 0
For Each item In nat.NetworkAdapters
    If item.VirtualMachine.Name = "Network Scenario" Then n = n + 1
Next
WScript.Echo "adapters of this machine on NAT: " & n
WScript.Echo "the machine's .vmc: " & vm.GetConfigurationValue( _
    "hardware/pci_bus/ethernet_adapter/ethernet_controller[@id=0]/virtual_network/name")
nics(2).DetachFromVirtualNetwork
Report "DetachFromVirtualNetwork"
Set net = nics(2).VirtualNetwork
WScript.Echo "detached: " & (net Is Nothing)
nics(2).DetachFromVirtualNetwork
Report "DetachFromVirtualNetwork again"

vm.RemoveNetworkAdapter nics(3)
Report "RemoveNetworkAdapter"
WScript.Echo "adapters: " & vm.NetworkAdapters.Count
address = nics(3).EthernetAddress
Report "EthernetAddress of a removed adapter"
vm.RemoveNetworkAdapter nics(3)
Report "RemoveNetworkAdapter again"
vm.RemoveNetworkAdapter Nothing
Report "RemoveNetworkAdapter Nothing"
Set nic = vm.AddNetworkAdapter
Report "AddNetworkAdapter after a removal"
WScript.Echo "adapters: " & vm.NetworkAdapters.Count & ", first on " & vm.NetworkAdapters.Item(1).VirtualNetwork.Name
WScript.Echo "its machine: " & nic.VirtualMachine.Name
WScript.Echo "count in the .vmc: " & vm.GetConfigurationValue("hardware/pci_bus/ethernet_adapter/controller_count")

vpc.DeleteVirtualMachine vm
Report "DeleteVirtualMachine"
address = nic.EthernetAddress
Report "EthernetAddress of a deleted machine's adapter"
fso.DeleteFolder folder, True
