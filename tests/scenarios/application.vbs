' The application object as a legacy script sees it.
Option Explicit

Dim vpc, vm, n, machines

Set vpc = CreateObject("VirtualPC.Application")
WScript.Echo "Name: " & vpc.Name
WScript.Echo "Version starts with 6.1.: " & (Left(vpc.Version, 4) = "6.1.")
WScript.Echo "MinimumMemoryPerVM: " & vpc.MinimumMemoryPerVM
WScript.Echo "MaximumMemoryPerVM: " & vpc.MaximumMemoryPerVM
WScript.Echo "Suggested within limits: " & _
    (vpc.SuggestedMaximumMemoryPerVM >= vpc.MinimumMemoryPerVM And _
     vpc.SuggestedMaximumMemoryPerVM <= vpc.MaximumMemoryPerVM)
WScript.Echo "MaximumFloppyDrivesPerVM: " & vpc.MaximumFloppyDrivesPerVM
WScript.Echo "MaximumNetworkAdaptersPerVM: " & vpc.MaximumNetworkAdaptersPerVM
WScript.Echo "MaximumNumberOfIDEBuses: " & vpc.MaximumNumberOfIDEBuses
WScript.Echo "MaximumSerialPortsPerVM: " & vpc.MaximumSerialPortsPerVM
WScript.Echo "MaximumParallelPortsPerVM: " & vpc.MaximumParallelPortsPerVM
WScript.Echo "UpTime is a number: " & IsNumeric(vpc.UpTime)

' members in any case, as late-bound callers write them
WScript.Echo "name: " & vpc.name
WScript.Echo "uptime >= 0: " & (vpc.uptime >= 0)

n = 0
For Each vm In vpc.VirtualMachines
    n = n + 1
Next
WScript.Echo "For Each saw: " & n
Set machines = vpc.VirtualMachines
WScript.Echo "VirtualMachines.Count: " & machines.Count
WScript.Echo "TypeName: " & TypeName(vpc)
WScript.Echo "done"
