// options: //E:jscript
// //E: chooses the engine whatever the extension: this .vbs is JScript.
var a = [1, 2, 3];
WScript.Echo("JScript in a .vbs: " + a.length);
