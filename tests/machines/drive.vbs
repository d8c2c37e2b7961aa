' Runs steps on one machine with hard disks, one line of output each.
' Arguments: machine name, folder (Windows path), then steps:
'   create            a new machine (memory 64 MB) with base.vhd (16 MB) at 0/0
'   undo:N            Undoable on, UndoAction N (0 discard, 1 keep, 2 commit)
'   start, start-fix  Startup, Startup2(vmStartupOption_FixParentTimestampMismatch)
'   off, state        TurnOff; the state
'   vud               the file of the undo disk at 0/0, or the error
'   merge-undo, discard-undo
'   busy:FILE         Merge, Compact, Convert and Parent of a disk (in use)
'   merge:FILE        Merge of a differencing disk, to its end
'   noundo            Undoable off
'   child             child.vhd over base.vhd, connected at 0/0 instead of base.vhd
'   dvd               an empty DVD drive at 1/0
'   iso:FILE, eject   AttachImage, ReleaseImage of the DVD drive at 1/0
'   fd:FILE, fd-eject  AttachImage, ReleaseImage of the floppy drive
'   nic:nat, nic:internal, nic:none   a network adapter on that network, or on none
'   mac               the Ethernet address of each network adapter
'   com-file:FILE, com-pipe:NAME  COM1 to a text file, COM2 to \\.\pipe\NAME
'   delete
Option Explicit
On Error Resume Next

Dim vpc, folder, vm, task, i, stepName, parts, disk, parent, nic

Set vpc = CreateObject("VirtualPC.Application")
folder = WScript.Arguments(1)
Set vm = vpc.FindVirtualMachine(WScript.Arguments(0))

Sub Finish(what, task)
    task.WaitForCompletion -1
    WScript.Echo what & " " & task.Result & " " & vm.State & " " & Hex(task.Error)
    If task.Error Then WScript.Echo "  " & task.ErrorDescription
End Sub

Sub Report(what)
    WScript.Echo what & " " & Hex(Err.Number)
    ' an unexpected error says what happened
    If Err.Number = &H80020009 Then WScript.Echo "  " & Err.Description
    Err.Clear
End Sub

For i = 2 To WScript.Arguments.Count - 1
    stepName = WScript.Arguments(i)
    parts = Split(stepName & ":", ":")
    Err.Clear
    Select Case parts(0)
    Case "create"
        If Not vm Is Nothing Then
            If vm.State = 5 Or vm.State = 6 Then vm.TurnOff.WaitForCompletion -1
            If vm.State = 2 Then vm.DiscardSavedState
            vpc.DeleteVirtualMachine vm
            vpc.UnregisterVirtualMachine vm
        End If
        Err.Clear
        vpc.CreateDynamicVirtualHardDisk(folder & "\base.vhd", 16).WaitForCompletion -1
        Set vm = vpc.CreateVirtualMachine(WScript.Arguments(0), folder)
        vm.Memory = 64
        vm.AddHardDiskConnection folder & "\base.vhd", 0, 0
        Report "create"
    Case "undo"
        If Not vm.Undoable Then vm.Undoable = True
        vm.UndoAction = CLng(parts(1))
        Report "undo " & vm.UndoAction
    Case "noundo"
        vm.Undoable = False
        Report "noundo"
    Case "child"
        vpc.CreateDifferencingVirtualHardDisk(folder & "\child.vhd", folder & "\base.vhd").WaitForCompletion -1
        vm.RemoveHardDiskConnection vm.HardDiskConnections.Item(1)
        vm.AddHardDiskConnection folder & "\child.vhd", 0, 0
        Report "child"
    Case "start"
        Finish "start", vm.Startup
    Case "start-fix"
        Finish "start-fix", vm.Startup2(1)
    Case "off"
        Finish "off", vm.TurnOff
    Case "state"
        WScript.Echo "state " & vm.State
    Case "vud"
        Set disk = vm.HardDiskConnections.Item(1).UndoHardDisk
        If Err.Number Then Report "vud" Else WScript.Echo "vud " & Mid(disk.File, Len(folder) + 2)
    Case "merge-undo"
        Set task = vm.MergeUndoDisks
        If Err.Number Then Report "merge-undo" Else Finish "merge-undo", task
    Case "discard-undo"
        vm.DiscardUndoDisks
        Report "discard-undo"
    Case "busy"
        Set disk = vpc.GetHardDisk(folder & "\" & parts(1))
        Set task = disk.Merge
        Report "merge"
        Set task = disk.Compact
        If Err.Number = 0 Then
            task.WaitForCompletion -1
            WScript.Echo "compact task " & Hex(task.Error)
        Else
            Report "compact"
        End If
        Set task = disk.Convert(folder & "\converted-" & parts(1), 1)
        If Err.Number = 0 Then
            task.WaitForCompletion -1
            WScript.Echo "convert task " & Hex(task.Error)
        Else
            Report "convert"
        End If
        Set parent = disk.Parent
        Err.Clear
        If Not parent Is Nothing Then disk.Parent = parent
        Report "parent"
    Case "merge"
        Set task = vpc.GetHardDisk(folder & "\" & parts(1)).Merge
        If Err.Number Then
            Report "merge"
        Else
            task.WaitForCompletion -1
            WScript.Echo "merge " & task.Result & " " & Hex(task.Error)
        End If
    Case "dvd"
        vm.AddDVDROMDrive 1, 0
        Report "dvd"
    Case "iso"
        vm.DVDROMDrives.Item(1).AttachImage folder & "\" & parts(1)
        Report "iso " & vm.DVDROMDrives.Item(1).Attachment
    Case "eject"
        vm.DVDROMDrives.Item(1).ReleaseImage
        Report "eject " & vm.DVDROMDrives.Item(1).Attachment
    Case "fd"
        vm.FloppyDrives.Item(1).AttachImage folder & "\" & parts(1)
        Report "fd " & vm.FloppyDrives.Item(1).Attachment
    Case "fd-eject"
        vm.FloppyDrives.Item(1).ReleaseImage
        Report "fd-eject " & vm.FloppyDrives.Item(1).Attachment
    Case "nic"
        Set nic = vm.AddNetworkAdapter
        Select Case parts(1)
        Case "nat": nic.AttachToVirtualNetwork vpc.FindVirtualNetwork("Shared Networking (NAT)")
        Case "internal": nic.AttachToVirtualNetwork vpc.FindVirtualNetwork("Internal Network")
        End Select
        Report "nic " & parts(1)
    Case "mac"
        For Each nic In vm.NetworkAdapters
            WScript.Echo "mac " & nic.EthernetAddress
        Next
    Case "com-file"
        vm.SerialPorts.Item(1).Configure 1, folder & "\" & parts(1), False
        Report "com-file"
    Case "com-pipe"
        vm.SerialPorts.Item(2).Configure 2, "\\.\pipe\" & parts(1), False
        Report "com-pipe"
    Case "delete"
        vpc.DeleteVirtualMachine vm
        Report "delete"
    Case Else
        WScript.Echo "unknown step " & stepName
    End Select
Next
