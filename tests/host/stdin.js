// stdin: stdin.txt
// StdIn line by line until AtEndOfStream, from JScript.
var n = 0;
while (!WScript.StdIn.AtEndOfStream) {
    var line = WScript.StdIn.ReadLine();
    n++;
    WScript.StdOut.WriteLine(n + ": " + line + " (" + line.length + ")");
}
WScript.StdOut.WriteLine("lines: " + n);
