// args: first /Mode:fast second
// WScript.Arguments from JScript: Item, length, Count(), Enumerator.
var args = WScript.Arguments;
WScript.Echo("length: " + args.length + ", Count(): " + args.Count());
for (var i = 0; i < args.length; i++)
    WScript.Echo(i + ": " + args(i) + " = " + args.Item(i));
for (var e = new Enumerator(args); !e.atEnd(); e.moveNext())
    WScript.Echo("Enumerator: " + e.item());
var named = args.Named;
WScript.Echo("Named.length: " + named.length + ", Exists(mode): " + named.Exists("mode"));
WScript.Echo("Named.Item(MODE): " + named.Item("MODE"));
for (e = new Enumerator(named); !e.atEnd(); e.moveNext())
    WScript.Echo("named: " + e.item());
var unnamed = args.Unnamed;
WScript.Echo("Unnamed.length: " + unnamed.length + ", Count(): " + unnamed.Count());
WScript.Echo("Unnamed(1): " + unnamed(1) + ", Item(0): " + unnamed.Item(0));
try {
    unnamed.Item(2);
    WScript.Echo("no error");
} catch (err) {
    WScript.Echo("Item(2) throws: " + (err.number != 0));
}
