' Runs steps on the machine of the test guest, one line of output each.
' Arguments: machine name, folder (Windows path), then steps:
'   create:VHD     a new machine (128 MB) on guest.vhd, a differencing disk
'                  over VHD in the folder; COM1 to console.txt in the folder;
'                  a network adapter on Shared Networking, a DVD drive at 1/0
'   iso:FILE, eject   AttachImage (FILE in the folder), ReleaseImage of the
'                  DVD drive; then its Attachment
'   nic-off        the network adapter on no network
'   start, off, state, delete
Option Explicit
On Error Resume Next

Dim vpc, folder, vm, task, i, stepName, parts

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
    If Err.Number Then WScript.Echo "  " & Err.Description
    Err.Clear
End Sub

For i = 2 To WScript.Arguments.Count - 1
    stepName = WScript.Arguments(i)
    parts = Split(stepName & "::", ":")
    Err.Clear
    Select Case parts(0)
    Case "create"
        If Not vm Is Nothing Then
            If vm.State = 5 Or vm.State = 6 Then vm.TurnOff.WaitForCompletion -1
            If vm.State = 2 Then vm.DiscardSavedState
            vpc.DeleteVirtualMachine vm
        End If
        Err.Clear
        ' parts(1) and parts(2): a drive letter and the rest of the path
        vpc.CreateDifferencingVirtualHardDisk(folder & "\guest.vhd", parts(1) & ":" & parts(2)).WaitForCompletion -1
        Set vm = vpc.CreateVirtualMachine(WScript.Arguments(0), folder)
        vm.Memory = 128
        vm.AddHardDiskConnection folder & "\guest.vhd", 0, 0
        vm.SerialPorts.Item(1).Configure 1, folder & "\console.txt", False
        vm.AddNetworkAdapter.AttachToVirtualNetwork vpc.FindVirtualNetwork("Shared Networking (NAT)")
        vm.AddDVDROMDrive 1, 0
        Report "create"
    Case "iso"
        vm.DVDROMDrives.Item(1).AttachImage folder & "\" & parts(1)
        Report "iso " & vm.DVDROMDrives.Item(1).Attachment
    Case "eject"
        vm.DVDROMDrives.Item(1).ReleaseImage
        Report "eject " & vm.DVDROMDrives.Item(1).Attachment
    Case "nic-off"
        vm.NetworkAdapters.Item(1).DetachFromVirtualNetwork
        Report "nic-off"
    Case "start"
        Finish "start", vm.Startup
    Case "off"
        Finish "off", vm.TurnOff
    Case "state"
        WScript.Echo "state " & vm.State
    Case "delete"
        vpc.DeleteVirtualMachine vm
        Report "delete"
    Case Else
        WScript.Echo "unknown step " & stepName
    End Select
Next
