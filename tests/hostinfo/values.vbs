' Every IVMHostInfo property as "name=value", for run.sh to compare with
' /proc, uname and the prefix; lists are space-separated.
Option Explicit

Dim host, item, text
Set host = CreateObject("VirtualPC.Application").HostInfo

Function Joined(list)
    Dim entry, s
    s = ""
    For Each entry In list
        If s <> "" Then s = s & " "
        s = s & entry
    Next
    Joined = s
End Function

WScript.Echo "Memory=" & host.Memory
WScript.Echo "MemoryTotalString=" & host.MemoryTotalString
WScript.Echo "MemoryAvail=" & host.MemoryAvail
WScript.Echo "MemoryAvailString=" & host.MemoryAvailString
WScript.Echo "LogicalProcessorCount=" & host.LogicalProcessorCount
WScript.Echo "PhysicalProcessorCount=" & host.PhysicalProcessorCount
WScript.Echo "MMX=" & host.MMX
WScript.Echo "SSE=" & host.SSE
WScript.Echo "SSE2=" & host.SSE2
WScript.Echo "ThreeDNow=" & host.ThreeDNow
WScript.Echo "ProcessorFeaturesString=" & host.ProcessorFeaturesString
WScript.Echo "ProcessorManufacturerString=" & host.ProcessorManufacturerString
WScript.Echo "ProcessorVersionString=" & host.ProcessorVersionString
WScript.Echo "ProcessorSpeed=" & host.ProcessorSpeed
WScript.Echo "ProcessorSpeedString=" & host.ProcessorSpeedString
WScript.Echo "OperatingSystem=" & host.OperatingSystem
WScript.Echo "OSVersionString=" & host.OSVersionString
WScript.Echo "OSMajorVersion=" & host.OSMajorVersion
WScript.Echo "OSMinorVersion=" & host.OSMinorVersion
WScript.Echo "OSServicePackString=" & host.OSServicePackString
WScript.Echo "NetworkAdapters=" & Joined(host.NetworkAdapters)
WScript.Echo "NetworkAddresses=" & Joined(host.NetworkAddresses)
WScript.Echo "DVDDrives=" & Joined(host.DVDDrives)
WScript.Echo "FloppyDrives=" & Joined(host.FloppyDrives)
WScript.Echo "SerialPorts=" & host.SerialPorts
WScript.Echo "ParallelPort=" & host.ParallelPort
' seconds since 1970 (DATE 25569), as date +%s prints them
WScript.Echo "UTCTime=" & CLng((CDbl(host.UTCTime) - 25569) * 86400)
