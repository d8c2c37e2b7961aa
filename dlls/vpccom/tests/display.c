/*
 * Conformance tests of IVMDisplay and IVMAccountant
 *
 * Every test runs on a machine that is off: none is started (the running
 * guest is tests/inside/display.part.sh's).
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
#include "vpccominterfaces.h"

#include "wine/test.h"
#include "vpccom_test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static WCHAR folder[MAX_PATH];
static WCHAR vm_name[64];



#define check_interface(a, b, c) check_interface_(__LINE__, a, b, c)
static void check_interface_(unsigned int line, void *iface, REFIID iid, BOOL supported)
{
    IUnknown *unk = iface, *out;
    HRESULT hr, expected = supported ? S_OK : E_NOINTERFACE;

    out = (IUnknown *)0xdeadbeef;
    hr = IUnknown_QueryInterface(unk, iid, (void **)&out);
    ok_(__FILE__, line)(hr == expected, "Got hr %#lx, expected %#lx for %s.\n", hr, expected,
                        wine_dbgstr_guid(iid));
    if (SUCCEEDED(hr)) IUnknown_Release(out);
}

static void delete_files(void)
{
    WCHAR pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find;

    wsprintfW(pattern, L"%s\\*", folder);
    if ((find = FindFirstFileW(pattern, &data)) == INVALID_HANDLE_VALUE) return;
    do
    {
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
        wsprintfW(path, L"%s\\%s", folder, data.cFileName);
        DeleteFileW(path);
    } while (FindNextFileW(find, &data));
    FindClose(find);
}

static IVMVirtualMachine *create_machine(IVMVirtualPC *vpc, const WCHAR *suffix)
{
    IVMVirtualMachine *vm = NULL;
    WCHAR text[96];
    BSTR name, path;
    HRESULT hr;

    wsprintfW(text, L"%s%s", vm_name, suffix);
    name = SysAllocString(text);
    if (IVMVirtualPC_FindVirtualMachine(vpc, name, &vm) == S_OK && vm)
    {
        IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
        IVMVirtualMachine_Release(vm);
    }
    vm = NULL;
    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &vm);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    SysFreeString(name);
    return vm;
}

static void test_display(IVMVirtualMachine *vm)
{
    ULONG pixels[64 * 48];
    IVMDisplay *display = NULL;
    VMDisplayVideoMode mode;
    VARIANT_BOOL can_resize;
    ISupportErrorInfo *support;
    VARIANT thumbnail;
    LONG value;
    HRESULT hr;

    hr = IVMVirtualMachine_get_Display(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_get_Display(vm, &display);
    ok(hr == S_OK && display, "Got hr %#lx.\n", hr);
    if (!display) return;

    check_interface(display, &IID_IVMDisplay, TRUE);
    check_interface(display, &IID_IDispatch, TRUE);
    check_interface(display, &IID_IVMAccountant, FALSE);
    hr = IVMDisplay_QueryInterface(display, &IID_ISupportErrorInfo, (void **)&support);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IVMDisplay);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ISupportErrorInfo_Release(support);
    }

    /* NULL pointers come first */
    hr = IVMDisplay_get_Width(display, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_get_Height(display, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_get_VideoMode(display, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_get_CanResize(display, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_get_Thumbnail(display, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMDisplay__GenerateThumbnail(display, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    /* a machine that is off has no screen */
    SetErrorInfo(0, NULL);
    value = 0xdead;
    hr = IVMDisplay_get_Width(display, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDisplay);
    hr = IVMDisplay_get_Height(display, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDisplay);
    hr = IVMDisplay_get_VideoMode(display, &mode);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDisplay);
    hr = IVMDisplay_get_CanResize(display, &can_resize);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDisplay);
    VariantInit(&thumbnail);
    hr = IVMDisplay_get_Thumbnail(display, &thumbnail);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(hr == S_OK), "Got hr %#lx.\n", hr);
    if (hr == S_OK)
        ok(V_VT(&thumbnail) == (VT_ARRAY | VT_VARIANT), "Got type %#x.\n", V_VT(&thumbnail));
    else
        ok(V_VT(&thumbnail) == VT_EMPTY, "Got type %#x.\n", V_VT(&thumbnail));
    VariantClear(&thumbnail);
    hr = IVMDisplay__GenerateThumbnail(display, pixels);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(hr == S_OK), "Got hr %#lx.\n", hr);

    /* the arguments are checked before the machine */
    SetErrorInfo(0, NULL);
    hr = IVMDisplay_SetDimensions(display, 801, 600);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDisplay);
    hr = IVMDisplay_SetDimensions(display, 632, 480);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_SetDimensions(display, 2056, 768);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_SetDimensions(display, 800, 479);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_SetDimensions(display, 800, 1921);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_SetDimensions(display, 800, 600);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDisplay);
    hr = IVMDisplay_SetDimensions(display, 640, 480);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    hr = IVMDisplay_SetDimensions(display, 2048, 1920);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);

    IVMDisplay_Release(display);
}

/* A VT_DECIMAL of 0, and S_FALSE: the machine does not run. */
#define check_bytes(a, b) check_bytes_(__LINE__, a, b)
static void check_bytes_(unsigned int line, HRESULT hr, VARIANT *v)
{
    ok_(__FILE__, line)(hr == S_FALSE, "Got hr %#lx.\n", hr);
    ok_(__FILE__, line)(V_VT(v) == VT_DECIMAL, "Got type %#x.\n", V_VT(v));
    if (V_VT(v) == VT_DECIMAL)
        ok_(__FILE__, line)(!V_DECIMAL(v).Hi32 && !V_DECIMAL(v).Lo64 && !V_DECIMAL(v).scale
                            && !V_DECIMAL(v).sign, "Got a value.\n");
    VariantClear(v);
}

static void test_accountant(IVMVirtualMachine *vm)
{
    IVMAccountant *accountant = NULL;
    IDispatch *disp;
    DISPPARAMS params = { NULL, NULL, 0, 0 };
    VARIANT v;
    DISPID dispid;
    BSTR name;
    LONG value, lower, upper;
    BYTE *bytes;
    HRESULT hr;
    int i;

    hr = IVMVirtualMachine_get_Accountant(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_get_Accountant(vm, &accountant);
    ok(hr == S_OK && accountant, "Got hr %#lx.\n", hr);
    if (!accountant) return;
    check_interface(accountant, &IID_IVMAccountant, TRUE);
    check_interface(accountant, &IID_IDispatch, TRUE);
    check_interface(accountant, &IID_IVMDisplay, FALSE);

    hr = IVMAccountant_get_CPUUtilization(accountant, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMAccountant_get_CPUUtilizationHistory(accountant, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMAccountant_get_DiskBytesRead(accountant, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMAccountant_get_DiskBytesWritten(accountant, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMAccountant_get_NetworkBytesReceived(accountant, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMAccountant_get_NetworkBytesSent(accountant, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMAccountant_get_UpTime(accountant, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    /* not running: S_FALSE and zeros */
    value = 0xdead;
    hr = IVMAccountant_get_CPUUtilization(accountant, &value);
    ok(hr == S_FALSE && !value, "Got hr %#lx, %ld.\n", hr, value);
    value = 0xdead;
    hr = IVMAccountant_get_UpTime(accountant, &value);
    ok(hr == S_FALSE && !value, "Got hr %#lx, %ld.\n", hr, value);
    V_VT(&v) = VT_I4;
    hr = IVMAccountant_get_DiskBytesRead(accountant, &v);
    check_bytes(hr, &v);
    hr = IVMAccountant_get_DiskBytesWritten(accountant, &v);
    check_bytes(hr, &v);
    hr = IVMAccountant_get_NetworkBytesReceived(accountant, &v);
    check_bytes(hr, &v);
    hr = IVMAccountant_get_NetworkBytesSent(accountant, &v);
    check_bytes(hr, &v);

    /* the history: 60 bytes, all 0 */
    hr = IVMAccountant_get_CPUUtilizationHistory(accountant, &v);
    ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
    ok(V_VT(&v) == (VT_ARRAY | VT_UI1), "Got type %#x.\n", V_VT(&v));
    if (V_VT(&v) == (VT_ARRAY | VT_UI1))
    {
        ok(SafeArrayGetDim(V_ARRAY(&v)) == 1, "Got %u dimensions.\n", SafeArrayGetDim(V_ARRAY(&v)));
        SafeArrayGetLBound(V_ARRAY(&v), 1, &lower);
        SafeArrayGetUBound(V_ARRAY(&v), 1, &upper);
        ok(lower == 0 && upper == 59, "Got bounds %ld to %ld.\n", lower, upper);
        hr = SafeArrayAccessData(V_ARRAY(&v), (void **)&bytes);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        for (i = 0; SUCCEEDED(hr) && i <= upper - lower; i++)
            if (bytes[i]) break;
        ok(i == 60, "Byte %d is %u.\n", i, i < 60 ? bytes[i] : 0);
        if (SUCCEEDED(hr)) SafeArrayUnaccessData(V_ARRAY(&v));
    }
    VariantClear(&v);

    /* through IDispatch, as scripts read it */
    hr = IVMAccountant_QueryInterface(accountant, &IID_IDispatch, (void **)&disp);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    name = SysAllocString(L"CPUUtilizationHistory");
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(name);
    VariantInit(&v);
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &params,
                          &v, NULL, NULL);
    ok(SUCCEEDED(hr), "Got hr %#lx.\n", hr);
    ok(V_VT(&v) == (VT_ARRAY | VT_UI1), "Got type %#x.\n", V_VT(&v));
    VariantClear(&v);
    IDispatch_Release(disp);

    IVMAccountant_Release(accountant);
}

/* The objects hold their machine, which may go away under them. */
static void test_machine_gone(IVMVirtualPC *vpc)
{
    IVMVirtualMachine *vm = create_machine(vpc, L"-gone");
    IVMAccountant *accountant = NULL;
    IVMDisplay *display = NULL, *display2;
    IVMAccountant *accountant2;
    VARIANT v;
    LONG value;
    HRESULT hr;

    if (!vm) return;
    hr = IVMVirtualMachine_get_Display(vm, &display);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_get_Accountant(vm, &accountant);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    /* the machine object goes; the display and the accountant keep it */
    IVMVirtualMachine_Release(vm);

    SetErrorInfo(0, NULL);
    if (display)
    {
        hr = IVMDisplay_get_Width(display, &value);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMDisplay);
        hr = IVMDisplay_get_CanResize(display, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        IVMDisplay_Release(display);
    }
    if (accountant)
    {
        hr = IVMAccountant_get_CPUUtilization(accountant, &value);
        ok(hr == VM_E_VM_UNKNOWN || broken(hr == S_FALSE), "Got hr %#lx.\n", hr);
        VariantInit(&v);
        hr = IVMAccountant_get_DiskBytesRead(accountant, &v);
        ok(hr == VM_E_VM_UNKNOWN || broken(hr == S_FALSE), "Got hr %#lx.\n", hr);
        VariantClear(&v);
        IVMAccountant_Release(accountant);
    }

    /* a machine object of a .vmc that is gone has neither */
    vm = create_machine(vpc, L"-gone2");
    if (!vm) return;
    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    display2 = (IVMDisplay *)0xdeadbeef;
    hr = IVMVirtualMachine_get_Display(vm, &display2);
    ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
    ok(!display2, "Got %p.\n", display2);
    check_error_info(&IID_IVMVirtualMachine);
    accountant2 = (IVMAccountant *)0xdeadbeef;
    hr = IVMVirtualMachine_get_Accountant(vm, &accountant2);
    ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
    ok(!accountant2, "Got %p.\n", accountant2);
    IVMVirtualMachine_Release(vm);
    SetErrorInfo(0, NULL);
}

START_TEST(display)
{
    WCHAR temp[MAX_PATH];
    IVMVirtualMachine *vm;
    IVMVirtualPC *vpc;

    CoInitialize(NULL);
    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(vm_name, L"vpccom-display-test-%lu", GetCurrentProcessId());
    wsprintfW(folder, L"%s%s", temp, vm_name);
    CreateDirectoryW(folder, NULL);

    if ((vpc = create_virtualpc()))
    {
        if ((vm = create_machine(vpc, L"")))
        {
            test_display(vm);
            test_accountant(vm);
            IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
            IVMVirtualMachine_Release(vm);
        }
        test_machine_gone(vpc);
        IVMVirtualPC_Release(vpc);
    }

    delete_files();
    RemoveDirectoryW(folder);
    CoUninitialize();
}
