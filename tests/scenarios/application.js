// The application object from JScript, through new ActiveXObject.
var vpc = new ActiveXObject("VirtualPC.Application");
WScript.Echo("Name: " + vpc.Name);
WScript.Echo("Version starts with 6.1.: " + (vpc.Version.substr(0, 4) == "6.1."));
WScript.Echo("MaximumMemoryPerVM: " + vpc.MaximumMemoryPerVM);

var seen = 0;
for (var e = new Enumerator(vpc.VirtualMachines); !e.atEnd(); e.moveNext())
    seen++;
WScript.Echo("Enumerator saw: " + seen);
WScript.Echo("VirtualMachines.Count: " + vpc.VirtualMachines.Count);

try {
    vpc.VirtualMachines.Item(1);
    WScript.Echo("Item(1): no error");
} catch (err) {
    WScript.Echo("Item(1) error: " + (err.number >>> 0).toString(16));
    WScript.Echo("has description: " + (err.description.length > 0));
}
WScript.Echo("done");
