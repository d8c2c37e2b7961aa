' The demonstration: what the Virtual PC application object reports.
' Later versions create a disk and a machine here, start it and report.
Option Explicit

Dim vpc, vm, machines
Set vpc = CreateObject("VirtualPC.Application")

WScript.Echo vpc.Name & " " & vpc.Version
WScript.Echo "Memory per machine: " & vpc.MinimumMemoryPerVM & " to " & _
    vpc.MaximumMemoryPerVM & " MB (suggested at most " & vpc.SuggestedMaximumMemoryPerVM & " MB)"
WScript.Echo "Per machine: " & vpc.MaximumNumberOfIDEBuses & " IDE buses, " & _
    vpc.MaximumNetworkAdaptersPerVM & " network adapters, " & _
    vpc.MaximumFloppyDrivesPerVM & " floppy drive, " & _
    vpc.MaximumSerialPortsPerVM & " serial ports, " & _
    vpc.MaximumParallelPortsPerVM & " parallel port"
WScript.Echo "Up for " & vpc.UpTime & " s"

Set machines = vpc.VirtualMachines
WScript.Echo "Registered virtual machines: " & machines.Count
For Each vm In machines
    WScript.Echo "  " & vm.Name
Next
