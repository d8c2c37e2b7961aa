#!/usr/bin/env python3
#
# api2text.py API.json: prints the API description as the text lines that
# dumptlb prints of the registered type library (see dumptlb.c), sorted.

import json
import sys

api = json.load(open(sys.argv[1]))
lines = []
for iface, desc in api["interfaces"].items():
    lines.append("interface %s %s" % (iface, desc["iid"].lower()))
    for name, member in desc["members"].items():
        for kind in ("method", "propget", "propput"):
            if kind not in member:
                continue
            dirs = [",".join(p["attrs"]) for p in member[kind]]
            lines.append(" ".join(["member", iface, name, kind] + dirs))
        if name == "Item":
            lines.append("dispid %s Item 0" % iface)
        elif name == "_NewEnum":
            lines.append("dispid %s _NewEnum -4" % iface)
for enum, values in api["enums"].items():
    for name, value in values.items():
        lines.append("enum %s %s %d" % (enum, name, value))
sys.stdout.write("\n".join(sorted(lines)) + "\n")
