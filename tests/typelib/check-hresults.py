#!/usr/bin/env python3
#
# check-hresults.py API.json IDL: the VM_E_* codes the IDL defines for C
# clients are exactly those of the API description, with the same values.
# Prints one line per difference; exits 1 when there is any.

import json
import re
import sys

api = json.load(open(sys.argv[1]))
idl = open(sys.argv[2]).read()
expected = {name: int(value, 16) for name, value in api["hresults"].items()}
found = {m.group(1): int(m.group(2), 16)
         for m in re.finditer(r'#define (VM_E_\w+) \(\(HRESULT\)(0x[0-9A-Fa-f]+)L\)', idl)}
bad = 0
for name in sorted(set(expected) | set(found)):
    if expected.get(name) != found.get(name):
        print("hresult %s: API %s, IDL %s" % (name, expected.get(name), found.get(name)))
        bad += 1
print("%d of %d VM_E_* codes match" % (len(expected) - bad, len(expected)))
sys.exit(1 if bad else 0)
