// ConnectObject from JScript: handlers are functions named prefix + event.
var pinged = 0;
var src = new ActiveXObject("VPCTest.EventSource");
WScript.ConnectObject(src, "src_");
src.Fire(3);
WScript.Echo("src_OnPing ran with: " + pinged);
src.FireMessage("from JScript", 2);
WScript.DisconnectObject(src);
src.Fire(4);
WScript.Echo("after DisconnectObject: " + pinged + ", sinks: " + src.Sinks);

function src_OnPing(n) {
    WScript.Echo("src_OnPing " + n);
    pinged = n;
}

function src_OnMessage(text, n) {
    WScript.Echo("src_OnMessage " + text + " " + n);
}
