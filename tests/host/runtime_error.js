// exit: 1
// stderr: runtime_error.js(6, 
// stderr: (0x800A138F)
// An uncaught runtime error in JScript.
WScript.Echo("before");
noSuchFunction();
WScript.Echo("not reached");
