// exit: 1
// stderr: Script execution time was exceeded
// WScript.Timeout set by the script stops a busy loop.
WScript.Timeout = 1;
WScript.Echo("Timeout: " + WScript.Timeout);
for (;;) {}
