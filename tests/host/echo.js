// WScript.Echo and the properties of WScript, from JScript.
WScript.Echo("one", 2, "three");
WScript.Echo();
WScript.Echo(1.5, "and", 42);
WScript.Echo("Name: " + WScript.Name);
WScript.Echo("Version: " + WScript.Version);
WScript.Echo("ScriptName: " + WScript.ScriptName);
var full = WScript.ScriptFullName;
WScript.Echo("ScriptFullName ends with it: " +
    (full.substr(full.length - WScript.ScriptName.length - 1) == "\\" + WScript.ScriptName));
var host = WScript.FullName;
WScript.Echo("FullName: " + host.substr(host.lastIndexOf("\\") + 1).toLowerCase());
WScript.Echo("Path is its folder: " + (WScript.Path + "\\vpcscript.exe" == host));
WScript.Echo("Interactive: " + WScript.Interactive);
WScript.Interactive = false;
WScript.Echo("batch mode hides this");
WScript.Interactive = true;
WScript.Echo("Timeout: " + WScript.Timeout);
WScript.Timeout = 600;
WScript.Echo("Timeout set: " + WScript.Timeout);
WScript.Timeout = 0;
WScript.Echo("done");
