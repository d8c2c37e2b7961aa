' Prints the state of the machine named in the first argument.
Set vpc = CreateObject("VirtualPC.Application")
Set vm = vpc.FindVirtualMachine(WScript.Arguments(0))
WScript.Echo "state " & vm.State
