' IVMHostInfo as a script sees it: types, and facts that hold on any host.
Option Explicit

Dim vpc, host, item, n, ok, sp

Set vpc = CreateObject("VirtualPC.Application")
Set host = vpc.HostInfo
WScript.Echo "TypeName: " & TypeName(host)

WScript.Echo "Memory: " & TypeName(host.Memory) & ", more than 0: " & (host.Memory > 0)
WScript.Echo "MemoryAvail: " & TypeName(host.MemoryAvail) & ", at most Memory: " & _
    (host.MemoryAvail <= host.Memory)
WScript.Echo "MemoryTotalString is Memory: " & (host.MemoryTotalString = CStr(host.Memory))
WScript.Echo "MemoryAvailString is a number: " & IsNumeric(host.MemoryAvailString)
WScript.Echo "Suggested maximum below host memory: " & (vpc.SuggestedMaximumMemoryPerVM < host.Memory)

WScript.Echo "LogicalProcessorCount: " & TypeName(host.LogicalProcessorCount) & ", at least 1: " & _
    (host.LogicalProcessorCount >= 1)
WScript.Echo "PhysicalProcessorCount within it: " & _
    (host.PhysicalProcessorCount >= 1 And host.PhysicalProcessorCount <= host.LogicalProcessorCount)
WScript.Echo "MMX SSE SSE2 ThreeDNow: " & TypeName(host.MMX) & " " & TypeName(host.SSE) & " " & _
    TypeName(host.SSE2) & " " & TypeName(host.ThreeDNow)
WScript.Echo "MMX listed as a feature: " & _
    (host.MMX = (InStr("," & host.ProcessorFeaturesString & ",", ",MMX,") > 0))
WScript.Echo "SSE2 listed as a feature: " & _
    (host.SSE2 = (InStr("," & host.ProcessorFeaturesString & ",", ",SSE2,") > 0))
WScript.Echo "ProcessorSpeed: " & TypeName(host.ProcessorSpeed) & ", more than 0: " & (host.ProcessorSpeed > 0)
WScript.Echo "ProcessorSpeedString starts with it: " & _
    (Left(host.ProcessorSpeedString, Len(CStr(host.ProcessorSpeed))) = CStr(host.ProcessorSpeed))
WScript.Echo "ProcessorManufacturerString is text: " & (Len(host.ProcessorManufacturerString) > 0)
WScript.Echo "ProcessorVersionString: " & TypeName(host.ProcessorVersionString)

WScript.Echo "OperatingSystem is text: " & (Len(host.OperatingSystem) > 0)
WScript.Echo "OSVersionString starts with major.minor: " & _
    (Left(host.OSVersionString, Len(host.OSMajorVersion & "." & host.OSMinorVersion)) = _
     host.OSMajorVersion & "." & host.OSMinorVersion)
WScript.Echo "OSMajorVersion OSMinorVersion: " & TypeName(host.OSMajorVersion) & " " & TypeName(host.OSMinorVersion)
sp = host.OSServicePackString
WScript.Echo "OSServicePackString: " & TypeName(sp)

' Now is local time: UTC is within 14 hours of it
WScript.Echo "UTCTime: " & TypeName(host.UTCTime) & ", within a day of Now: " & _
    (Abs(CDbl(host.UTCTime) - CDbl(Now)) <= 1)

' the arrays: For Each, UBound, and strings inside
For Each item In Array("DVDDrives", "FloppyDrives", "NetworkAdapters", "NetworkAddresses")
    Dim list, entry
    Select Case item
        Case "DVDDrives": list = host.DVDDrives
        Case "FloppyDrives": list = host.FloppyDrives
        Case "NetworkAdapters": list = host.NetworkAdapters
        Case "NetworkAddresses": list = host.NetworkAddresses
    End Select
    n = 0
    ok = True
    For Each entry In list
        n = n + 1
        If TypeName(entry) <> "String" Or Len(entry) = 0 Then ok = False
    Next
    WScript.Echo item & ": " & IsArray(list) & ", For Each matches UBound: " & (n = UBound(list) + 1) & _
        ", strings: " & ok
Next
For Each item In host.DVDDrives
    If Len(item) <> 2 Or Right(item, 1) <> ":" Then WScript.Echo "not a drive letter: " & item
Next

WScript.Echo "SerialPorts: " & TypeName(host.SerialPorts) & ", COM names: " & _
    (host.SerialPorts = "" Or Left(host.SerialPorts, 3) = "COM")
WScript.Echo "ParallelPort: " & TypeName(host.ParallelPort) & ", LPT name or empty: " & _
    (host.ParallelPort = "" Or Left(host.ParallelPort, 3) = "LPT")

' members in any case, as late-bound callers write them
WScript.Echo "memory > 0: " & (host.memory > 0)
WScript.Echo "done"
