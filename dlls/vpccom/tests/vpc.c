/*
 * Conformance tests of the application object (VirtualPC.Application)
 *
 * They pass against Windows Virtual PC on Windows 7 and against vpccom.dll
 * on Wine; todo_wine marks what the Wine side does not do yet.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define COBJMACROS

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "ole2.h"
#include "olectl.h"
#include "vpccominterfaces.h"

#include "wine/test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static IVMVirtualPC *create_virtualpc(void)
{
    IVMVirtualPC *vpc = NULL;
    CLSID clsid;
    HRESULT hr;

    hr = CLSIDFromProgID(L"VirtualPC.Application", &clsid);
    if (FAILED(hr))
    {
        win_skip("VirtualPC.Application is not registered, hr %#lx.\n", hr);
        return NULL;
    }
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER,
                          &IID_IVMVirtualPC, (void **)&vpc);
    if (FAILED(hr))
    {
        win_skip("Could not create VirtualPC.Application, hr %#lx.\n", hr);
        return NULL;
    }
    return vpc;
}

#define check_interface(a, b, c) check_interface_(__LINE__, a, b, c)
static void check_interface_(unsigned int line, void *iface, REFIID iid, BOOL supported)
{
    IUnknown *unk = iface, *out;
    HRESULT hr, expected = supported ? S_OK : E_NOINTERFACE;

    out = (IUnknown *)0xdeadbeef;
    hr = IUnknown_QueryInterface(unk, iid, (void **)&out);
    ok_(__FILE__, line)(hr == expected, "Got hr %#lx, expected %#lx for %s.\n", hr, expected,
                        wine_dbgstr_guid(iid));
    if (SUCCEEDED(hr))
        IUnknown_Release(out);
    else
        ok_(__FILE__, line)(!out, "Got %p on failure.\n", out);
}

static void test_progids(void)
{
    CLSID clsid, clsid1;
    HRESULT hr;

    hr = CLSIDFromProgID(L"VirtualPC.Application", &clsid);
    if (FAILED(hr))
    {
        win_skip("VirtualPC.Application is not registered, hr %#lx.\n", hr);
        return;
    }
    hr = CLSIDFromProgID(L"VirtualPC.Application.1", &clsid1);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(IsEqualCLSID(&clsid, &clsid1), "ProgIDs name %s and %s.\n", wine_dbgstr_guid(&clsid),
       wine_dbgstr_guid(&clsid1));
    /* The project's CLSID; Windows Virtual PC has its own. */
    ok(IsEqualCLSID(&clsid, &CLSID_VMVirtualPC) || broken(TRUE),
       "Got %s.\n", wine_dbgstr_guid(&clsid));
}

static void test_class_factory(void)
{
    IClassFactory *factory;
    IUnknown *unk;
    HRESULT hr;

    hr = CoGetClassObject(&CLSID_VMVirtualPC, CLSCTX_INPROC_SERVER, NULL, &IID_IClassFactory,
                          (void **)&factory);
    if (hr == REGDB_E_CLASSNOTREG && !running_under_wine())
    {
        skip("The project's class is not registered on this system.\n");
        return;
    }
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    unk = (IUnknown *)0xdeadbeef;
    hr = IClassFactory_CreateInstance(factory, (IUnknown *)factory, &IID_IUnknown, (void **)&unk);
    ok(hr == CLASS_E_NOAGGREGATION, "Got hr %#lx.\n", hr);
    ok(!unk, "Got %p.\n", unk);

    hr = IClassFactory_CreateInstance(factory, NULL, &IID_IVMVirtualMachine, (void **)&unk);
    ok(hr == E_NOINTERFACE, "Got hr %#lx.\n", hr);

    hr = IClassFactory_CreateInstance(factory, NULL, &IID_IDispatch, (void **)&unk);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_interface(unk, &IID_IVMVirtualPC, TRUE);
    IUnknown_Release(unk);

    hr = IClassFactory_LockServer(factory, TRUE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IClassFactory_LockServer(factory, FALSE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IClassFactory_Release(factory);

    hr = CoCreateInstance(&CLSID_VMVirtualPC, NULL, CLSCTX_INPROC_SERVER, &IID_IVMVirtualPC,
                          (void **)&unk);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) IUnknown_Release(unk);
}

static void test_interfaces(IVMVirtualPC *vpc)
{
    ISupportErrorInfo *support;
    HRESULT hr;

    check_interface(vpc, &IID_IUnknown, TRUE);
    check_interface(vpc, &IID_IDispatch, TRUE);
    check_interface(vpc, &IID_IVMVirtualPC, TRUE);
    check_interface(vpc, &IID_ISupportErrorInfo, TRUE);
    check_interface(vpc, &IID_IVMVirtualMachine, FALSE);
    check_interface(vpc, &IID_IVMTask, FALSE);
    check_interface(vpc, &IID_IPersist, FALSE);
    check_interface(vpc, &IID_IPersistStreamInit, FALSE);

    hr = IVMVirtualPC_QueryInterface(vpc, &IID_ISupportErrorInfo, (void **)&support);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IVMVirtualPC);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IVMTask);
    ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
    ISupportErrorInfo_Release(support);
}

static void test_properties(IVMVirtualPC *vpc)
{
    const struct
    {
        const char *name;
        HRESULT (STDMETHODCALLTYPE *get)(IVMVirtualPC *vpc, LONG *value);
        LONG expected;
    }
    limits[] =
    {
        { "MaximumFloppyDrivesPerVM",    vpc->lpVtbl->get_MaximumFloppyDrivesPerVM,    1 },
        { "MaximumNetworkAdaptersPerVM", vpc->lpVtbl->get_MaximumNetworkAdaptersPerVM, 4 },
        { "MaximumNumberOfIDEBuses",     vpc->lpVtbl->get_MaximumNumberOfIDEBuses,     2 },
        { "MaximumSerialPortsPerVM",     vpc->lpVtbl->get_MaximumSerialPortsPerVM,     2 },
        { "MaximumParallelPortsPerVM",   vpc->lpVtbl->get_MaximumParallelPortsPerVM,   1 },
    };
    LONG min = -1, max = -1, suggested = -1, value;
    const WCHAR *p;
    unsigned int i, dots = 0;
    BSTR str;
    HRESULT hr;

    hr = IVMVirtualPC_get_Name(vpc, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(!lstrcmpW(str, L"Windows Virtual PC"), "Got name %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMVirtualPC_get_Name(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    hr = IVMVirtualPC_get_Version(vpc, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    for (p = str; p && *p; p++)
    {
        if (*p == '.') dots++;
        else ok(*p >= '0' && *p <= '9', "Unexpected character in version %s.\n", wine_dbgstr_w(str));
    }
    ok(dots == 3, "Got version %s.\n", wine_dbgstr_w(str));
    ok(str && !memcmp(str, L"6.1.", 4 * sizeof(WCHAR)), "Got version %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMVirtualPC_get_Version(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    hr = IVMVirtualPC_get_MinimumMemoryPerVM(vpc, &min);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMVirtualPC_get_MaximumMemoryPerVM(vpc, &max);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMVirtualPC_get_SuggestedMaximumMemoryPerVM(vpc, &suggested);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(min == 4, "Got minimum %ld.\n", min);
    ok(max == 3712, "Got maximum %ld.\n", max);
    ok(suggested >= min && suggested <= max, "Got suggested %ld.\n", suggested);
    hr = IVMVirtualPC_get_MaximumMemoryPerVM(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    for (i = 0; i < ARRAY_SIZE(limits); i++)
    {
        winetest_push_context("%s", limits[i].name);
        value = -1;
        hr = limits[i].get(vpc, &value);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(value == limits[i].expected, "Got %ld.\n", value);
        hr = limits[i].get(vpc, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        winetest_pop_context();
    }

    value = -1;
    hr = IVMVirtualPC_get_UpTime(vpc, &value);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(value >= 0, "Got uptime %ld.\n", value);
    hr = IVMVirtualPC_get_UpTime(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
}

static void test_virtual_machines(IVMVirtualPC *vpc)
{
    IVMVirtualMachineCollection *machines;
    IVMVirtualMachine *machine;
    IEnumVARIANT *enumerator, *clone;
    IUnknown *unk;
    LONG count = -1, seen = 0;
    ULONG fetched;
    VARIANT var;
    HRESULT hr;

    hr = IVMVirtualPC_get_VirtualMachines(vpc, &machines);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = IVMVirtualPC_get_VirtualMachines(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    check_interface(machines, &IID_IVMVirtualMachineCollection, TRUE);
    check_interface(machines, &IID_IDispatch, TRUE);
    check_interface(machines, &IID_IVMVirtualPC, FALSE);
    check_interface(machines, &IID_IEnumVARIANT, FALSE);

    hr = IVMVirtualMachineCollection_get_Count(machines, &count);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(count >= 0, "Got count %ld.\n", count);
    if (running_under_wine()) ok(!count, "Got count %ld in a new prefix.\n", count);
    hr = IVMVirtualMachineCollection_get_Count(machines, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    machine = (IVMVirtualMachine *)0xdeadbeef;
    hr = IVMVirtualMachineCollection_get_Item(machines, 0, &machine);
    ok(hr == DISP_E_BADINDEX || hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    ok(!machine, "Got %p.\n", machine);
    hr = IVMVirtualMachineCollection_get_Item(machines, count + 1, &machine);
    ok(hr == DISP_E_BADINDEX || hr == E_INVALIDARG, "Got hr %#lx.\n", hr);

    hr = IVMVirtualMachineCollection_get__NewEnum(machines, &unk);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&enumerator);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        IUnknown_Release(unk);

        while (IEnumVARIANT_Next(enumerator, 1, &var, &fetched) == S_OK)
        {
            ok(fetched == 1, "Got %lu.\n", fetched);
            ok(V_VT(&var) == VT_DISPATCH, "Got type %d.\n", V_VT(&var));
            VariantClear(&var);
            seen++;
        }
        ok(seen == count, "Enumerated %ld of %ld.\n", seen, count);

        fetched = 5;
        hr = IEnumVARIANT_Next(enumerator, 1, &var, &fetched);
        ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
        ok(!fetched, "Got %lu.\n", fetched);
        hr = IEnumVARIANT_Skip(enumerator, 1);
        ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
        hr = IEnumVARIANT_Reset(enumerator);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        hr = IEnumVARIANT_Clone(enumerator, &clone);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        if (SUCCEEDED(hr)) IEnumVARIANT_Release(clone);
        IEnumVARIANT_Release(enumerator);
    }

    IVMVirtualMachineCollection_Release(machines);
}

static void test_dispatch(IVMVirtualPC *vpc)
{
    DISPPARAMS params = { NULL, NULL, 0, 0 };
    IDispatch *disp, *collection;
    ITypeInfo *typeinfo;
    EXCEPINFO excep;
    OLECHAR *name;
    DISPID dispid;
    VARIANT arg, result;
    UINT count;
    TYPEATTR *attr;
    HRESULT hr;

    hr = IVMVirtualPC_QueryInterface(vpc, &IID_IDispatch, (void **)&disp);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    hr = IDispatch_GetTypeInfoCount(disp, &count);
    ok(hr == S_OK && count == 1, "Got hr %#lx, count %u.\n", hr, count);
    hr = IDispatch_GetTypeInfo(disp, 0, LOCALE_SYSTEM_DEFAULT, &typeinfo);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = ITypeInfo_GetTypeAttr(typeinfo, &attr);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(IsEqualGUID(&attr->guid, &IID_IVMVirtualPC), "Got %s.\n", wine_dbgstr_guid(&attr->guid));
        ok(attr->typekind == TKIND_DISPATCH, "Got kind %d.\n", attr->typekind);
        ITypeInfo_ReleaseTypeAttr(typeinfo, attr);
        ITypeInfo_Release(typeinfo);
    }

    name = (OLECHAR *)L"name";  /* late-bound callers spell members in any case */
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    VariantInit(&result);
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT,
                          DISPATCH_METHOD | DISPATCH_PROPERTYGET, &params, &result, &excep, NULL);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(V_VT(&result) == VT_BSTR, "Got type %d.\n", V_VT(&result));
    if (V_VT(&result) == VT_BSTR)
        ok(!lstrcmpW(V_BSTR(&result), L"Windows Virtual PC"), "Got %s.\n", wine_dbgstr_w(V_BSTR(&result)));
    VariantClear(&result);

    hr = IDispatch_Invoke(disp, dispid, &IID_IVMVirtualPC, LOCALE_USER_DEFAULT,
                          DISPATCH_PROPERTYGET, &params, &result, &excep, NULL);
    ok(hr == DISP_E_UNKNOWNINTERFACE, "Got hr %#lx.\n", hr);

    name = (OLECHAR *)L"NoSuchMember";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == DISP_E_UNKNOWNNAME, "Got hr %#lx.\n", hr);

    name = (OLECHAR *)L"VirtualMachines";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET,
                          &params, &result, &excep, NULL);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(V_VT(&result) == VT_DISPATCH, "Got type %d.\n", V_VT(&result));
    if (V_VT(&result) == VT_DISPATCH)
    {
        collection = V_DISPATCH(&result);

        name = (OLECHAR *)L"Item";
        hr = IDispatch_GetIDsOfNames(collection, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
        ok(hr == S_OK && dispid == DISPID_VALUE, "Got hr %#lx, dispid %ld.\n", hr, dispid);
        name = (OLECHAR *)L"_NewEnum";
        hr = IDispatch_GetIDsOfNames(collection, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
        ok(hr == S_OK && dispid == DISPID_NEWENUM, "Got hr %#lx, dispid %ld.\n", hr, dispid);

        /* VBScript's For Each asks for a property, JScript's Enumerator for a method. */
        VariantInit(&result);
        hr = IDispatch_Invoke(collection, DISPID_NEWENUM, &IID_NULL, LOCALE_USER_DEFAULT,
                              DISPATCH_PROPERTYGET, &params, &result, &excep, NULL);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(V_VT(&result) == VT_UNKNOWN, "Got type %d.\n", V_VT(&result));
        VariantClear(&result);
        hr = IDispatch_Invoke(collection, DISPID_NEWENUM, &IID_NULL, LOCALE_USER_DEFAULT,
                              DISPATCH_METHOD, &params, &result, &excep, NULL);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(V_VT(&result) == VT_UNKNOWN, "Got type %d.\n", V_VT(&result));
        VariantClear(&result);

        /* JScript calls Item as a method. */
        V_VT(&arg) = VT_I4;
        V_I4(&arg) = 0x7fffffff;
        params.rgvarg = &arg;
        params.cArgs = 1;
        memset(&excep, 0, sizeof(excep));
        hr = IDispatch_Invoke(collection, DISPID_VALUE, &IID_NULL, LOCALE_USER_DEFAULT,
                              DISPATCH_METHOD, &params, &result, &excep, NULL);
        ok(hr == DISP_E_EXCEPTION, "Got hr %#lx.\n", hr);
        ok(excep.scode == DISP_E_BADINDEX || broken(excep.scode == E_INVALIDARG),
           "Got scode %#lx.\n", excep.scode);
        SysFreeString(excep.bstrDescription);
        SysFreeString(excep.bstrSource);
        SysFreeString(excep.bstrHelpFile);
        params.rgvarg = NULL;
        params.cArgs = 0;

        IDispatch_Release(collection);
    }

    IDispatch_Release(disp);
}

/* Every member is found by name, in any case, with the type library's DISPID. */
static void test_member_names(IVMVirtualPC *vpc)
{
    ITypeInfo *typeinfo;
    TYPEATTR *attr;
    FUNCDESC *desc;
    IDispatch *disp;
    WCHAR lower[64];
    OLECHAR *names[2];
    DISPID dispid, dispids[2];
    BSTR name;
    UINT i, j;
    HRESULT hr;

    hr = IVMVirtualPC_QueryInterface(vpc, &IID_IDispatch, (void **)&disp);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IDispatch_GetTypeInfo(disp, 0, LOCALE_SYSTEM_DEFAULT, &typeinfo);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr))
    {
        IDispatch_Release(disp);
        return;
    }

    ITypeInfo_GetTypeAttr(typeinfo, &attr);
    ok(attr->cFuncs >= 38, "Got %u functions.\n", attr->cFuncs);
    for (i = 0; i < attr->cFuncs; i++)
    {
        ITypeInfo_GetFuncDesc(typeinfo, i, &desc);
        ITypeInfo_GetDocumentation(typeinfo, desc->memid, &name, NULL, NULL, NULL);
        for (j = 0; name[j] && j < ARRAY_SIZE(lower) - 1; j++)
            lower[j] = (name[j] >= 'A' && name[j] <= 'Z') ? name[j] + 32 : name[j];
        lower[j] = 0;
        names[0] = lower;
        dispid = 12345;
        hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, names, 1, LOCALE_USER_DEFAULT, &dispid);
        ok(hr == S_OK, "%s: got hr %#lx.\n", wine_dbgstr_w(name), hr);
        ok(dispid == desc->memid, "%s: got dispid %ld, expected %ld.\n", wine_dbgstr_w(name),
           dispid, desc->memid);
        SysFreeString(name);
        ITypeInfo_ReleaseFuncDesc(typeinfo, desc);
    }
    ITypeInfo_ReleaseTypeAttr(typeinfo, attr);

    /* a member and one of its parameters, for a call with named arguments */
    names[0] = (OLECHAR *)L"FindVirtualMachine";
    names[1] = (OLECHAR *)L"configurationName";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, names, 2, LOCALE_USER_DEFAULT, dispids);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(dispids[1] == 0, "Got parameter dispid %ld.\n", dispids[1]);

    names[0] = (OLECHAR *)L"Nam";
    dispid = 12345;
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, names, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == DISP_E_UNKNOWNNAME, "Got hr %#lx.\n", hr);
    ok(dispid == DISPID_UNKNOWN, "Got dispid %ld.\n", dispid);
    names[0] = (OLECHAR *)L"Name\x00e9";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, names, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == DISP_E_UNKNOWNNAME, "Got hr %#lx.\n", hr);

    ITypeInfo_Release(typeinfo);
    IDispatch_Release(disp);
}

static void test_error_info(IVMVirtualPC *vpc)
{
    DISPPARAMS params = { NULL, NULL, 0, 0 };
    IVMVirtualMachine *machine;
    IVMHardDisk *disk;
    IErrorInfo *info;
    VARIANT arg;
    IDispatch *disp;
    EXCEPINFO excep;
    OLECHAR *name;
    DISPID dispid;
    VARIANT result;
    BSTR str, description;
    GUID guid;
    HRESULT hr;

    /* An unknown machine is not an error: S_FALSE and no object. */
    str = SysAllocString(L"No such machine, surely");
    machine = (IVMVirtualMachine *)0xdeadbeef;
    hr = IVMVirtualPC_FindVirtualMachine(vpc, str, &machine);
    ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
    ok(!machine, "Got %p.\n", machine);
    SysFreeString(str);

    /* A documented failure says what went wrong through IErrorInfo. */
    str = SysAllocString(L"relative.vhd");
    disk = (IVMHardDisk *)0xdeadbeef;
    hr = IVMVirtualPC_GetHardDisk(vpc, str, &disk);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), "Got hr %#lx.\n", hr);
    ok(!disk, "Got %p.\n", disk);
    info = NULL;
    hr = GetErrorInfo(0, &info);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (info)
    {
        hr = IErrorInfo_GetDescription(info, &description);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(description && *description, "Got description %s.\n", wine_dbgstr_w(description));
        SysFreeString(description);
        hr = IErrorInfo_GetGUID(info, &guid);
        ok(hr == S_OK && IsEqualGUID(&guid, &IID_IVMVirtualPC), "Got %s.\n", wine_dbgstr_guid(&guid));
        IErrorInfo_Release(info);
    }

    /* Late-bound, the failure arrives as an exception with its code and text. */
    hr = IVMVirtualPC_QueryInterface(vpc, &IID_IDispatch, (void **)&disp);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    name = (OLECHAR *)L"GetHardDisk";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    memset(&excep, 0, sizeof(excep));
    VariantInit(&result);
    V_VT(&arg) = VT_BSTR;
    V_BSTR(&arg) = str;
    params.rgvarg = &arg;
    params.cArgs = 1;
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                          &result, &excep, NULL);
    ok(hr == DISP_E_EXCEPTION, "Got hr %#lx.\n", hr);
    ok(excep.scode == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), "Got scode %#lx.\n", excep.scode);
    ok(excep.bstrDescription && *excep.bstrDescription, "Got description %s.\n",
       wine_dbgstr_w(excep.bstrDescription));
    SysFreeString(excep.bstrDescription);
    SysFreeString(excep.bstrSource);
    SysFreeString(excep.bstrHelpFile);
    IDispatch_Release(disp);
    SysFreeString(str);
}

/* A VARIANT array of strings, as DVDDrives and the network lists return;
 * each item must start with prefix (NULL: anything but ""). */
#define check_string_array(a, b) check_string_array_(__LINE__, a, b)
static void check_string_array_(unsigned int line, VARIANT *v, const WCHAR *prefix)
{
    LONG lower = 0, upper = -1, i;
    VARTYPE type = VT_EMPTY;
    HRESULT hr;

    ok_(__FILE__, line)(V_VT(v) == (VT_ARRAY | VT_VARIANT) || V_VT(v) == (VT_ARRAY | VT_BSTR),
                        "Got type %#x.\n", V_VT(v));
    if (!(V_VT(v) & VT_ARRAY)) return;
    SafeArrayGetVartype(V_ARRAY(v), &type);
    SafeArrayGetLBound(V_ARRAY(v), 1, &lower);
    SafeArrayGetUBound(V_ARRAY(v), 1, &upper);
    ok_(__FILE__, line)(lower == 0, "Got lower bound %ld.\n", lower);
    for (i = lower; i <= upper; i++)
    {
        VARIANT item;
        BSTR str = NULL;

        VariantInit(&item);
        if (type == VT_BSTR) hr = SafeArrayGetElement(V_ARRAY(v), &i, &str);
        else if (SUCCEEDED(hr = SafeArrayGetElement(V_ARRAY(v), &i, &item)) && V_VT(&item) == VT_BSTR)
            str = V_BSTR(&item);
        ok_(__FILE__, line)(hr == S_OK && str && *str, "Item %ld: hr %#lx, type %d.\n", i, hr, V_VT(&item));
        if (str && prefix)
            ok_(__FILE__, line)(!memcmp(str, prefix, lstrlenW(prefix) * sizeof(WCHAR)),
                                "Item %ld is %s.\n", i, wine_dbgstr_w(str));
        if (type == VT_BSTR) SysFreeString(str);
        else VariantClear(&item);
    }
}

static ULONGLONG ulonglong_from_string(const WCHAR *str)
{
    ULONGLONG value = 0;

    for (; str && *str >= '0' && *str <= '9'; str++) value = value * 10 + (*str - '0');
    return value;
}

static BOOL is_number(const WCHAR *str)
{
    if (!str || !*str) return FALSE;
    for (; *str; str++) if (*str < '0' || *str > '9') return FALSE;
    return TRUE;
}

/* A ';'-separated list whose names start with prefix, or "". */
static BOOL is_port_list(const WCHAR *str, const WCHAR *prefix)
{
    int len = lstrlenW(prefix);

    if (!str) return FALSE;
    while (*str)
    {
        if (memcmp(str, prefix, len * sizeof(WCHAR))) return FALSE;
        while (*str && *str != ';') str++;
        if (*str) str++;
    }
    return TRUE;
}

static void test_hostinfo_memory(IVMHostInfo *host)
{
    MEMORYSTATUSEX status;
    ULONGLONG total_mb, windows_mb;
    VARIANT total, avail;
    BSTR str;
    HRESULT hr;

    VariantInit(&total);
    hr = IVMHostInfo_get_Memory(host, &total);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(V_VT(&total) == VT_DECIMAL, "Got type %d.\n", V_VT(&total));
    total_mb = V_DECIMAL(&total).Lo64;
    ok(!V_DECIMAL(&total).scale && !V_DECIMAL(&total).sign && !V_DECIMAL(&total).Hi32,
       "Not a whole number.\n");

    status.dwLength = sizeof(status);
    GlobalMemoryStatusEx(&status);
    windows_mb = status.ullTotalPhys / (1024 * 1024);
    /* the host may keep memory from Windows (firmware, a graphics card): 5% */
    ok(total_mb > 0 && total_mb + windows_mb / 20 + 1 >= windows_mb
       && total_mb <= windows_mb + windows_mb / 20 + 1, "Got %s MB, GlobalMemoryStatusEx %s MB.\n",
       wine_dbgstr_longlong(total_mb), wine_dbgstr_longlong(windows_mb));

    VariantInit(&avail);
    hr = IVMHostInfo_get_MemoryAvail(host, &avail);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(V_VT(&avail) == VT_DECIMAL, "Got type %d.\n", V_VT(&avail));
    ok(V_DECIMAL(&avail).Lo64 > 0 && V_DECIMAL(&avail).Lo64 <= total_mb, "Got %s MB available.\n",
       wine_dbgstr_longlong(V_DECIMAL(&avail).Lo64));

    hr = IVMHostInfo_get_MemoryTotalString(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(is_number(str) && ulonglong_from_string(str) == total_mb, "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMHostInfo_get_MemoryAvailString(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(is_number(str) && ulonglong_from_string(str) <= total_mb, "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);

    hr = IVMHostInfo_get_Memory(host, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMHostInfo_get_MemoryAvailString(host, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
}

static void test_hostinfo_processor(IVMHostInfo *host)
{
    const struct
    {
        const char *name;
        HRESULT (STDMETHODCALLTYPE *get)(IVMHostInfo *host, VARIANT_BOOL *value);
        DWORD feature;
        const WCHAR *text;   /* its name in ProcessorFeaturesString */
    }
    flags[] =
    {
        { "MMX",       host->lpVtbl->get_MMX,       PF_MMX_INSTRUCTIONS_AVAILABLE,    L"MMX" },
        { "SSE",       host->lpVtbl->get_SSE,       PF_XMMI_INSTRUCTIONS_AVAILABLE,   NULL },
        { "SSE2",      host->lpVtbl->get_SSE2,      PF_XMMI64_INSTRUCTIONS_AVAILABLE, L"SSE2" },
        { "ThreeDNow", host->lpVtbl->get_ThreeDNow, PF_3DNOW_INSTRUCTIONS_AVAILABLE,  NULL },
    };
    SYSTEM_INFO info;
    LONG logical = -1, physical = -1, speed = -1;
    VARIANT_BOOL value;
    BSTR features = NULL, str;
    unsigned int i;
    HRESULT hr;

    GetSystemInfo(&info);
    hr = IVMHostInfo_get_LogicalProcessorCount(host, &logical);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(logical == info.dwNumberOfProcessors, "Got %ld, GetSystemInfo %lu.\n", logical,
       info.dwNumberOfProcessors);
    hr = IVMHostInfo_get_PhysicalProcessorCount(host, &physical);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(physical >= 1 && physical <= logical, "Got %ld of %ld.\n", physical, logical);
    hr = IVMHostInfo_get_LogicalProcessorCount(host, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    hr = IVMHostInfo_get_ProcessorFeaturesString(host, &features);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(features != NULL, "Got NULL.\n");
    for (i = 0; i < ARRAY_SIZE(flags); i++)
    {
        BOOL present = IsProcessorFeaturePresent(flags[i].feature);

        winetest_push_context("%s", flags[i].name);
        value = 0x5555;
        hr = flags[i].get(host, &value);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(value == (present ? VARIANT_TRUE : VARIANT_FALSE), "Got %#x, IsProcessorFeaturePresent %d.\n",
           value, present);
        if (flags[i].text && features)
        {
            WCHAR *p = features;
            BOOL listed = FALSE;
            int len = lstrlenW(flags[i].text);

            /* a whole item of the comma-separated list */
            while (*p && !listed)
            {
                listed = !memcmp(p, flags[i].text, len * sizeof(WCHAR)) && (!p[len] || p[len] == ',');
                while (*p && *p != ',') p++;
                if (*p) p++;
            }
            ok(listed == present, "Listed %d in %s.\n", listed, wine_dbgstr_w(features));
        }
        hr = flags[i].get(host, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        winetest_pop_context();
    }
    SysFreeString(features);

    hr = IVMHostInfo_get_ProcessorSpeed(host, &speed);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(speed > 0, "Got %ld.\n", speed);
    hr = IVMHostInfo_get_ProcessorSpeedString(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str && *str >= '0' && *str <= '9', "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMHostInfo_get_ProcessorManufacturerString(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str && *str, "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMHostInfo_get_ProcessorVersionString(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str != NULL, "Got NULL.\n");
    SysFreeString(str);
    hr = IVMHostInfo_get_ProcessorVersionString(host, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
}

static void test_hostinfo_system(IVMHostInfo *host)
{
    SYSTEMTIME now;
    DATE utc = 0, windows;
    LONG major = -1, minor = -1;
    VARIANT v;
    BSTR str;
    HRESULT hr;

    hr = IVMHostInfo_get_OperatingSystem(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str && *str, "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMHostInfo_get_OSVersionString(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str && *str, "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMHostInfo_get_OSServicePackString(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str != NULL, "Got NULL.\n");
    SysFreeString(str);
    hr = IVMHostInfo_get_OSMajorVersion(host, &major);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(major > 0, "Got %ld.\n", major);
    hr = IVMHostInfo_get_OSMinorVersion(host, &minor);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(minor >= 0, "Got %ld.\n", minor);
    hr = IVMHostInfo_get_OperatingSystem(host, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    hr = IVMHostInfo_get_UTCTime(host, &utc);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    GetSystemTime(&now);
    SystemTimeToVariantTime(&now, &windows);
    ok(utc <= windows + 1.0 / (24 * 60) && utc >= windows - 1.0 / (24 * 60), "Got %f, GetSystemTime %f.\n",
       utc, windows);
    hr = IVMHostInfo_get_UTCTime(host, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    VariantInit(&v);
    hr = IVMHostInfo_get_DVDDrives(host, &v);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_string_array(&v, NULL);
    VariantClear(&v);
    hr = IVMHostInfo_get_FloppyDrives(host, &v);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_string_array(&v, NULL);
    VariantClear(&v);
    hr = IVMHostInfo_get_NetworkAdapters(host, &v);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_string_array(&v, NULL);
    VariantClear(&v);
    hr = IVMHostInfo_get_NetworkAddresses(host, &v);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_string_array(&v, NULL);
    VariantClear(&v);
    hr = IVMHostInfo_get_DVDDrives(host, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    hr = IVMHostInfo_get_SerialPorts(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(is_port_list(str, L"COM"), "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMHostInfo_get_ParallelPort(host, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str && (!*str || !memcmp(str, L"LPT", 3 * sizeof(WCHAR))), "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMHostInfo_get_SerialPorts(host, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
}

static void test_hostinfo(IVMVirtualPC *vpc)
{
    IVMHostInfo *host;
    HRESULT hr;

    hr = IVMVirtualPC_get_HostInfo(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    host = NULL;
    hr = IVMVirtualPC_get_HostInfo(vpc, &host);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    check_interface(host, &IID_IUnknown, TRUE);
    check_interface(host, &IID_IDispatch, TRUE);
    check_interface(host, &IID_IVMHostInfo, TRUE);
    check_interface(host, &IID_ISupportErrorInfo, TRUE);
    check_interface(host, &IID_IVMVirtualPC, FALSE);

    test_hostinfo_memory(host);
    test_hostinfo_processor(host);
    test_hostinfo_system(host);
    IVMHostInfo_Release(host);
}

START_TEST(vpc)
{
    IVMVirtualPC *vpc;

    CoInitialize(NULL);

    test_progids();
    test_class_factory();
    if ((vpc = create_virtualpc()))
    {
        test_interfaces(vpc);
        test_properties(vpc);
        test_virtual_machines(vpc);
        test_dispatch(vpc);
        test_member_names(vpc);
        test_error_info(vpc);
        test_hostinfo(vpc);
        IVMVirtualPC_Release(vpc);
    }

    CoUninitialize();
}
