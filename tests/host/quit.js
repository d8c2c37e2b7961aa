// exit: 0
// WScript.Quit() without a code exits with 0.
WScript.Echo("before");
for (var i = 0; i < 10; i++) {
    if (i == 2) WScript.Quit();
    WScript.Echo(i);
}
WScript.Echo("not reached");
