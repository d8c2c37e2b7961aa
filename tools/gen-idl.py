#!/usr/bin/env python3
#
# Writes include/vpccominterfaces.idl from the API description
# (../shared/api/vpc-api.json).  The IDL is committed; run this only when the
# description changes, then review the diff.  tests/typelib checks that the
# built type library still matches the description.
#
# Decisions the description leaves open (see shared/api/README.md):
#  - vtable order: the description's order (alphabetical), propget before
#    propput of the same property;
#  - DISPIDs: 1, 2, ... in vtable order; Item is DISPID_VALUE, _NewEnum is
#    DISPID_NEWENUM; the event interfaces use the values of their event
#    enumerations (VMVirtualMachineEvents, VMVirtualPCEvent, ...);
#  - LIBID and the CLSID of VMVirtualPC are the project's own.

import json
import os
import sys

LIBID = "41d0bc1e-234b-41aa-97d2-3b7bfb1bc364"
CLSID = "36431138-5f40-45b2-aea9-afafcdae183f"

# event member -> name of its value in the event enumeration
EVENT_IDS = {
    "IVMVirtualPCEvents": ("VMVirtualPCEvent", "vmVirtualPCEvent_", {
        "OnVMStateChange": "VMStateChange", "OnEventLogged": "EventLogged"}),
    "IVMVirtualMachineEvents": ("VMVirtualMachineEvents", "vmVirtualMachineEvent_", {
        "OnStateChange": "StateChanged"}),
    "IVMDVDDriveEvents": ("VMDVDDriveEvent", "vmDVDDriveEvent_", {
        "OnMediaInsert": "OnInsert", "OnMediaEject": "OnEject"}),
    "IVMFloppyDriveEvents": ("vmFloppyDriveEvent", "vmFloppyDriveEvent_", {
        "OnMediaInsert": "OnInsert", "OnMediaEject": "OnEject"}),
}


MEMBER_NAMES = {}


def fix_param(p):
    """Repairs the few parameters the reference prints oddly.  A type
    library keeps one spelling per name, case-insensitively, so a parameter
    spelled like a member in another case would rename that member: such a
    parameter takes the member's spelling."""
    ptype, name = p["type"], p["name"]
    name = MEMBER_NAMES.get(name.lower(), name)
    if ptype.endswith("="):              # "long *tsPort = 3389" split badly
        ptype, name = ptype.split("=")[0].strip().rsplit("*", 1)
        ptype, name = ptype.strip() + " *", name.strip()
    if "out" in p["attrs"] and not ptype.endswith("*"):
        ptype += " *"                    # "[out] unsigned long thumbnailImage"
    return p["attrs"], ptype, name


def event_dispid(api, iface, member):
    enum_name, prefix, special = EVENT_IDS[iface]
    key = special.get(member, member[2:] if member.startswith("On") else member)
    return "%s%s" % (prefix, key) if prefix + key in api["enums"][enum_name] else None


def member_lines(api, iface, name, member, dispid):
    out = []
    for kind in ("method", "propget", "propput"):
        if kind not in member:
            continue
        attrs = ["id(%s)" % dispid]
        if kind != "method":
            attrs.append(kind)
        if name == "_NewEnum":
            attrs += ["restricted", "hidden"]
        elif name.startswith("_"):
            attrs.append("hidden")
        params = []
        for pattrs, ptype, pname in (fix_param(p) for p in member[kind]):
            params.append("[%s] %s %s" % (", ".join(pattrs), ptype, pname))
        out.append("        [%s]\n        HRESULT %s(%s);" % (
            ", ".join(attrs), name, ", ".join(params)))
    return out


def interface_text(api, iface, desc):
    lines = ["    [",
             "        object,",
             "        uuid(%s)," % desc["iid"],
             "        dual,",
             "        nonextensible,",
             "        oleautomation,",
             "        pointer_default(unique)",
             "    ]",
             "    interface %s : IDispatch" % iface,
             "    {"]
    body = []
    next_id = 1
    for name, member in desc["members"].items():
        if name == "Item":
            dispid = "DISPID_VALUE"
        elif name == "_NewEnum":
            dispid = "DISPID_NEWENUM"
        elif iface in EVENT_IDS and event_dispid(api, iface, name):
            dispid = event_dispid(api, iface, name)
        else:
            dispid = str(next_id)
            next_id += 1
        body += member_lines(api, iface, name, member, dispid)
    lines.append("\n\n".join(body))
    lines += ["    }", ""]
    return "\n".join(lines)


def enum_text(name, values):
    items = sorted(values.items(), key=lambda kv: (kv[1], kv[0]))
    body = ",\n".join("        %s = %d" % (k, v) for k, v in items)
    return "    typedef [v1_enum] enum %s\n    {\n%s\n    } %s;\n" % (name, body, name)


def struct_text(name, fields):
    body = []
    for f in fields:
        f = f.replace("wchar_t", "WCHAR").replace("byte ", "BYTE ")
        body.append("        " + f)
    return "    typedef struct %s\n    {\n%s\n    } %s;\n" % (name, "\n".join(body), name)


def main():
    root = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "../../shared/api/vpc-api.json")
    api = json.load(open(src))
    for desc in api["interfaces"].values():
        for member in desc["members"]:
            MEMBER_NAMES[member.lower()] = member
    out = []
    out.append("""/*
 * Windows Virtual PC automation interfaces (VPCCOMInterfaces.h)
 *
 * Generated by tools/gen-idl.py from the API description, then kept under
 * version control; tests/typelib compares the built type library with it.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

import "oaidl.idl";
import "ocidl.idl";

#ifndef __WIDL__
#define threading(model)
#define progid(str)
#define vi_progid(str)
#endif
""")
    for name, value in sorted(api["hresults"].items(), key=lambda kv: int(kv[1], 16)):
        out.append('cpp_quote("#define %s ((HRESULT)%sL)")' % (name, value))
    out.append("")
    out.append("""[
    uuid(%s),
    version(1.0),
    helpstring("Windows Virtual PC automation")
]
library VPCCOMInterfaces
{
    importlib("stdole2.tlb");
""" % LIBID)
    for iface in api["interfaces"]:
        out.append("    interface %s;" % iface)
    out.append("")
    for name, values in api["enums"].items():
        out.append(enum_text(name, values))
    for name, fields in api["structs"].items():
        out.append(struct_text(name, fields))
    for iface, desc in api["interfaces"].items():
        out.append(interface_text(api, iface, desc))
    out.append("""    [
        uuid(%s),
        threading(both),
        progid("VirtualPC.Application.1"),
        vi_progid("VirtualPC.Application")
    ]
    coclass VMVirtualPC
    {
        [default] interface IVMVirtualPC;
        [default, source] interface IVMVirtualPCEvents;
    }
}""" % CLSID)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
