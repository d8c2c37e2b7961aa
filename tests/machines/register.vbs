' Registers the .vmc given as the first argument (a Windows-format file:
' UTF-16 with a byte-order mark and CRLF line ends), reads its settings,
' then unregisters it.
Set vpc = CreateObject("VirtualPC.Application")
Set vm = vpc.RegisterVirtualMachine("", WScript.Arguments(0))
WScript.Echo "registered: " & vm.Name & ", memory " & vm.Memory & ", notes " & vm.Notes & ", state " & vm.State
WScript.Echo "kept element: " & vm.GetConfigurationValue("ui_options/seconds_to_save")
vpc.UnregisterVirtualMachine vm
WScript.Echo "unregistered: " & (vpc.FindVirtualMachine(vm.Name) Is Nothing)
