// exit: 1
// stderr: syntax_error.js(6, 
// stderr: Syntax error
// A syntax error in JScript.
WScript.Echo("not printed");
var x = ;
