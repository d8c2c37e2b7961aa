/*
 * Conformance tests of IVMGuestOS and IVMMouse
 *
 * The machine is off and was never started: these are the errors a script
 * meets before anything reaches a guest (tests/inside has a running one).
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

/* The object supports error info for its own interface. */
#define check_support_error_info(a, b) check_support_error_info_(__LINE__, a, b)
static void check_support_error_info_(unsigned int line, void *iface, REFIID iid)
{
    ISupportErrorInfo *support;
    HRESULT hr;

    hr = IUnknown_QueryInterface((IUnknown *)iface, &IID_ISupportErrorInfo, (void **)&support);
    ok_(__FILE__, line)(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, iid);
    ok_(__FILE__, line)(hr == S_OK, "Got hr %#lx.\n", hr);
    ISupportErrorInfo_Release(support);
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

static IVMVirtualMachine *create_machine(IVMVirtualPC *vpc)
{
    IVMVirtualMachine *vm = NULL;
    BSTR name, path;
    HRESULT hr;

    name = SysAllocString(vm_name);
    if (IVMVirtualPC_FindVirtualMachine(vpc, name, &vm) == S_OK && vm)
    {
        IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
        IVMVirtualMachine_Release(vm);
    }
    vm = NULL;
    delete_files();
    CreateDirectoryW(folder, NULL);
    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &vm);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    SysFreeString(name);
    return vm;
}

static void delete_machine(IVMVirtualPC *vpc)
{
    IVMVirtualMachine *vm = NULL;
    BSTR name;
    HRESULT hr;

    name = SysAllocString(vm_name);
    hr = IVMVirtualPC_FindVirtualMachine(vpc, name, &vm);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    if (vm)
    {
        hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        IVMVirtualMachine_Release(vm);
    }
    SysFreeString(name);
}

static IVMGuestOS *get_guest_os(IVMVirtualMachine *vm)
{
    IVMGuestOS *guest = NULL;
    HRESULT hr;

    hr = IVMVirtualMachine_get_GuestOS(vm, &guest);
    ok(hr == S_OK && guest, "Got hr %#lx.\n", hr);
    return guest;
}

/* ---- IVMGuestOS ---------------------------------------------------------- */

static void test_guest_null_pointers(IVMGuestOS *guest)
{
    BSTR name;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_CSDVersion(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    hr = IVMGuestOS_get_CanShutdown(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    /* the reference gives E_INVALIDARG, not E_POINTER, for ComputerName */
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_ComputerName(guest, NULL);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    hr = IVMGuestOS_GetOsVersionInfo(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    name = SysAllocString(L"VirtualMachineName");
    hr = IVMGuestOS_GetParameter(guest, name, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    SysFreeString(name);
    hr = IVMGuestOS_get_HeartbeatPercentage(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_IntegrationComponentsVersion(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_IsHeartbeating(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_IsHostTimeSyncEnabled(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    /* the reference lists both for a NULL outSessionPresent */
    hr = IVMGuestOS_IsUserLoggedOn(guest, 0, NULL);
    ok(hr == E_POINTER || broken(hr == E_INVALIDARG), "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_IsUserLoggedOn(guest, 1, NULL);
    ok(hr == E_POINTER || broken(hr == E_INVALIDARG), "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_Logoff(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_MultipleUserSessionsAllowed(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_OSBuildNumber(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_OSMajorVersion(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_OSMinorVersion(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_OSName(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    hr = IVMGuestOS_get_OSPlatformId(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_OSVersion(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    /* ProductType's page documents no error codes */
    hr = IVMGuestOS_get_ProductType(guest, NULL);
    ok(hr == E_POINTER || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_Restart(guest, VARIANT_FALSE, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    hr = IVMGuestOS_Restart(guest, VARIANT_TRUE, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_ScreenLocked(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_ServicePackMajor(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_ServicePackMinor(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_Shutdown(guest, VARIANT_FALSE, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    hr = IVMGuestOS_Shutdown(guest, VARIANT_TRUE, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_SuiteMask(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_TerminalServerPort(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_get_TerminalServicesInitialized(guest, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
}

/* A string property of a machine that does not run: VM_E_VM_NOT_RUNNING,
 * with the reason, and no string. */
static void check_string_not_running(const char *name, IVMGuestOS *guest,
                                     HRESULT (WINAPI *get)(IVMGuestOS *, BSTR *))
{
    BSTR value = NULL;
    HRESULT hr;

    winetest_push_context("%s", name);
    SetErrorInfo(0, NULL);
    hr = get(guest, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) check_error_info(&IID_IVMGuestOS);
    ok(!value || hr == S_OK, "Got %s.\n", wine_dbgstr_w(value));
    SysFreeString(value);
    winetest_pop_context();
}

static HRESULT WINAPI guest_get_CSDVersion(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_CSDVersion(guest, value);
}

static HRESULT WINAPI guest_get_ComputerName(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_ComputerName(guest, value);
}

static HRESULT WINAPI guest_get_OSBuildNumber(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_OSBuildNumber(guest, value);
}

static HRESULT WINAPI guest_get_OSMajorVersion(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_OSMajorVersion(guest, value);
}

static HRESULT WINAPI guest_get_OSMinorVersion(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_OSMinorVersion(guest, value);
}

static HRESULT WINAPI guest_get_OSName(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_OSName(guest, value);
}

static HRESULT WINAPI guest_get_OSPlatformId(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_OSPlatformId(guest, value);
}

static HRESULT WINAPI guest_get_OSVersion(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_OSVersion(guest, value);
}

static HRESULT WINAPI guest_get_ServicePackMajor(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_ServicePackMajor(guest, value);
}

static HRESULT WINAPI guest_get_ServicePackMinor(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_ServicePackMinor(guest, value);
}

static HRESULT WINAPI guest_get_SuiteMask(IVMGuestOS *guest, BSTR *value)
{
    return IVMGuestOS_get_SuiteMask(guest, value);
}

static const struct
{
    const char *name;
    HRESULT (WINAPI *get)(IVMGuestOS *, BSTR *);
}
string_properties[] =
{
    { "CSDVersion", guest_get_CSDVersion },
    { "ComputerName", guest_get_ComputerName },
    { "OSBuildNumber", guest_get_OSBuildNumber },
    { "OSMajorVersion", guest_get_OSMajorVersion },
    { "OSMinorVersion", guest_get_OSMinorVersion },
    { "OSName", guest_get_OSName },
    { "OSPlatformId", guest_get_OSPlatformId },
    { "OSVersion", guest_get_OSVersion },
    { "ServicePackMajor", guest_get_ServicePackMajor },
    { "ServicePackMinor", guest_get_ServicePackMinor },
    { "SuiteMask", guest_get_SuiteMask },
};

static void test_guest_not_running(IVMGuestOS *guest)
{
    GUESTOSVERSIONINFOEX *info;
    VARIANT_BOOL value;
    IVMTask *task;
    LONG number;
    BSTR string;
    HRESULT hr;
    int i;

    for (i = 0; i < ARRAY_SIZE(string_properties); i++)
        check_string_not_running(string_properties[i].name, guest, string_properties[i].get);

    /* ProductType's page documents no error codes */
    string = NULL;
    hr = IVMGuestOS_get_ProductType(guest, &string);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
    ok(!string, "Got %s.\n", wine_dbgstr_w(string));

    info = (GUESTOSVERSIONINFOEX *)0xdeadbeef;
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_GetOsVersionInfo(guest, &info);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    if (hr == S_OK) CoTaskMemFree(info);

    /* a machine that is not turned on cannot shut down: S_FALSE, no error */
    value = 0xdead;
    hr = IVMGuestOS_get_CanShutdown(guest, &value);
    ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
    ok(value == VARIANT_FALSE, "Got %#x.\n", value);

    number = 0xdead;
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_HeartbeatPercentage(guest, &number);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_IsHeartbeating(guest, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);

    /* "not installed, or the VM was never started": this one was never started */
    string = NULL;
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_IntegrationComponentsVersion(guest, &string);
    ok(hr == VM_E_ADDITIONS_NOT_AVAIL, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    ok(!string, "Got %s.\n", wine_dbgstr_w(string));

    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_InstallIntegrationComponents(guest);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);

    /* RAIL (0) and RDP (1) sessions */
    for (i = 0; i <= 1; i++)
    {
        value = 0xdead;
        SetErrorInfo(0, NULL);
        hr = IVMGuestOS_IsUserLoggedOn(guest, i, &value);
        ok(hr == VM_E_VM_NOT_RUNNING, "%d: got hr %#lx.\n", i, hr);
        check_error_info(&IID_IVMGuestOS);
    }

    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_MultipleUserSessionsAllowed(guest, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_ScreenLocked(guest, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_TerminalServerPort(guest, &number);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_get_TerminalServicesInitialized(guest, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);

    /* no task is made for a guest that does not run */
    task = NULL;
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_Shutdown(guest, VARIANT_FALSE, &task);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    ok(!task, "Got task %p.\n", task);
    if (task) IVMTask_Release(task);
    task = NULL;
    hr = IVMGuestOS_Shutdown(guest, VARIANT_TRUE, &task);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    ok(!task, "Got task %p.\n", task);
    if (task) IVMTask_Release(task);
    task = NULL;
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_Restart(guest, VARIANT_FALSE, &task);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    ok(!task, "Got task %p.\n", task);
    if (task) IVMTask_Release(task);
    task = NULL;
    hr = IVMGuestOS_Restart(guest, VARIANT_TRUE, &task);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    ok(!task, "Got task %p.\n", task);
    if (task) IVMTask_Release(task);
    task = NULL;
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_Logoff(guest, &task);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    ok(!task, "Got task %p.\n", task);
    if (task) IVMTask_Release(task);
}

static void test_guest_parameters(IVMGuestOS *guest)
{
    WCHAR long_name[257];
    BSTR name, value;
    HRESULT hr;
    int i;

    /* a name is required: checked before the machine's state */
    name = SysAllocString(L"");
    value = (BSTR)0xdeadbeef;
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_GetParameter(guest, name, &value);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    ok(!value || broken(value == (BSTR)0xdeadbeef), "Got %p.\n", value);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_SetParameter(guest, name, name);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    SysFreeString(name);
    value = NULL;
    hr = IVMGuestOS_GetParameter(guest, NULL, &value);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    hr = IVMGuestOS_SetParameter(guest, NULL, NULL);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);

    /* at most 255 characters, no backslash (Windows may look at the
     * machine first) */
    for (i = 0; i < 256; i++) long_name[i] = 'a' + i % 26;
    long_name[256] = 0;
    name = SysAllocString(long_name);
    value = NULL;
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_GetParameter(guest, name, &value);
    ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    hr = IVMGuestOS_SetParameter(guest, name, name);
    ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
    SysFreeString(name);
    name = SysAllocString(L"Software\\Name");
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_GetParameter(guest, name, &value);
    ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    hr = IVMGuestOS_SetParameter(guest, name, name);
    ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
    SysFreeString(name);

    /* valid names reach the machine, which is off */
    long_name[255] = 0;
    name = SysAllocString(long_name);
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_GetParameter(guest, name, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    SysFreeString(name);
    name = SysAllocString(L"VirtualMachineName");
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_GetParameter(guest, name, &value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    ok(!value, "Got %s.\n", wine_dbgstr_w(value));
    value = SysAllocString(L"value");
    SetErrorInfo(0, NULL);
    hr = IVMGuestOS_SetParameter(guest, name, value);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMGuestOS);
    SysFreeString(value);
    /* an empty value is a value */
    hr = IVMGuestOS_SetParameter(guest, name, NULL);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    SysFreeString(name);
}

/* The setting belongs to the machine's configuration: it can be changed
 * while the machine is off and other objects see it. */
static void test_guest_time_sync(IVMVirtualPC *vpc, IVMVirtualMachine *vm, IVMGuestOS *guest)
{
    IVMVirtualMachine *vm2 = NULL;
    VARIANT_BOOL value, initial;
    IVMGuestOS *guest2;
    BSTR name;
    HRESULT hr;

    initial = 0xdead;
    hr = IVMGuestOS_get_IsHostTimeSyncEnabled(guest, &initial);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    /* the default of a new machine is not documented */
    ok(initial == VARIANT_TRUE || initial == VARIANT_FALSE, "Got %#x.\n", initial);

    hr = IVMGuestOS_put_IsHostTimeSyncEnabled(guest, VARIANT_FALSE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    value = 0xdead;
    hr = IVMGuestOS_get_IsHostTimeSyncEnabled(guest, &value);
    ok(hr == S_OK && value == VARIANT_FALSE, "Got hr %#lx, %#x.\n", hr, value);

    /* a new object of the same machine */
    if ((guest2 = get_guest_os(vm)))
    {
        value = 0xdead;
        hr = IVMGuestOS_get_IsHostTimeSyncEnabled(guest2, &value);
        ok(hr == S_OK && value == VARIANT_FALSE, "Got hr %#lx, %#x.\n", hr, value);
        hr = IVMGuestOS_put_IsHostTimeSyncEnabled(guest2, VARIANT_TRUE);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        IVMGuestOS_Release(guest2);
    }
    value = 0xdead;
    hr = IVMGuestOS_get_IsHostTimeSyncEnabled(guest, &value);
    ok(hr == S_OK && value == VARIANT_TRUE, "Got hr %#lx, %#x.\n", hr, value);

    hr = IVMGuestOS_put_IsHostTimeSyncEnabled(guest, VARIANT_FALSE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    /* and a new object of the machine found again by name */
    name = SysAllocString(vm_name);
    hr = IVMVirtualPC_FindVirtualMachine(vpc, name, &vm2);
    ok(hr == S_OK && vm2, "Got hr %#lx.\n", hr);
    SysFreeString(name);
    if (vm2 && (guest2 = get_guest_os(vm2)))
    {
        value = 0xdead;
        hr = IVMGuestOS_get_IsHostTimeSyncEnabled(guest2, &value);
        ok(hr == S_OK && value == VARIANT_FALSE, "Got hr %#lx, %#x.\n", hr, value);
        IVMGuestOS_Release(guest2);
    }
    if (vm2) IVMVirtualMachine_Release(vm2);

    hr = IVMGuestOS_put_IsHostTimeSyncEnabled(guest, initial);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
}

/* Late-bound, as scripts call it: the failure arrives as an exception. */
static void test_guest_dispatch(IVMGuestOS *guest)
{
    DISPPARAMS params = { 0 };
    EXCEPINFO excep;
    IDispatch *disp;
    VARIANT result;
    OLECHAR *name;
    DISPID dispid;
    HRESULT hr;

    hr = IVMGuestOS_QueryInterface(guest, &IID_IDispatch, (void **)&disp);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    name = (OLECHAR *)L"OSName";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    memset(&excep, 0, sizeof(excep));
    VariantInit(&result);
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &params,
                          &result, &excep, NULL);
    ok(hr == DISP_E_EXCEPTION, "Got hr %#lx.\n", hr);
    ok(excep.scode == VM_E_VM_NOT_RUNNING, "Got scode %#lx.\n", excep.scode);
    ok(excep.bstrDescription && *excep.bstrDescription, "Got description %s.\n",
       wine_dbgstr_w(excep.bstrDescription));
    SysFreeString(excep.bstrDescription);
    SysFreeString(excep.bstrSource);
    SysFreeString(excep.bstrHelpFile);
    VariantClear(&result);

    name = (OLECHAR *)L"CanShutdown";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &params,
                          &result, NULL, NULL);
    ok(hr == S_OK || broken(hr == S_FALSE), "Got hr %#lx.\n", hr);
    ok(V_VT(&result) == VT_BOOL && V_BOOL(&result) == VARIANT_FALSE, "Got type %#x, %#x.\n", V_VT(&result),
       V_BOOL(&result));
    IDispatch_Release(disp);
}

static void test_guest_os(IVMVirtualPC *vpc, IVMVirtualMachine *vm)
{
    IVMGuestOS *guest = NULL;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_GuestOS(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    if (!(guest = get_guest_os(vm))) return;

    check_interface(guest, &IID_IUnknown, TRUE);
    check_interface(guest, &IID_IDispatch, TRUE);
    check_interface(guest, &IID_IVMGuestOS, TRUE);
    check_interface(guest, &IID_IVMMouse, FALSE);
    check_interface(guest, &IID_IVMVirtualMachine, FALSE);
    check_support_error_info(guest, &IID_IVMGuestOS);

    test_guest_null_pointers(guest);
    test_guest_not_running(guest);
    test_guest_parameters(guest);
    test_guest_time_sync(vpc, vm, guest);
    test_guest_dispatch(guest);

    IVMGuestOS_Release(guest);
}

/* ---- IVMMouse ------------------------------------------------------------ */

static void test_mouse_null_pointers(IVMMouse *mouse)
{
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMMouse_GetButton(mouse, vmMouseButton_Left, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
    SetErrorInfo(0, NULL);
    hr = IVMMouse_get_HorizontalPosition(mouse, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
    hr = IVMMouse_get_VerticalPosition(mouse, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
    hr = IVMMouse_get_UsingAbsoluteCoordinates(mouse, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
}

/* Buttons that are not VMMouseButton values: E_INVALIDARG (Windows may find
 * the machine off first). */
static void test_mouse_invalid_buttons(IVMMouse *mouse)
{
    static const VMMouseButton buttons[] = { 0, 4, -1, 0x101 };
    VARIANT_BOOL down;
    HRESULT hr;
    int i;

    for (i = 0; i < ARRAY_SIZE(buttons); i++)
    {
        winetest_push_context("button %d", buttons[i]);
        SetErrorInfo(0, NULL);
        hr = IVMMouse_Click(mouse, buttons[i]);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMMouse);
        SetErrorInfo(0, NULL);
        hr = IVMMouse_SetButton(mouse, buttons[i], VARIANT_TRUE);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMMouse);
        hr = IVMMouse_SetButton(mouse, buttons[i], VARIANT_FALSE);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        down = 0xdead;
        SetErrorInfo(0, NULL);
        hr = IVMMouse_GetButton(mouse, buttons[i], &down);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMMouse);
        /* a NULL pointer is E_POINTER whatever the button */
        hr = IVMMouse_GetButton(mouse, buttons[i], NULL);
        ok(hr == E_POINTER || broken(hr == E_INVALIDARG), "Got hr %#lx.\n", hr);
        winetest_pop_context();
    }
}

static void test_mouse_not_running(IVMMouse *mouse)
{
    VMMouseButton button;
    VARIANT_BOOL value;
    LONG position;
    HRESULT hr;

    for (button = vmMouseButton_Left; button <= vmMouseButton_Center; button++)
    {
        winetest_push_context("button %d", button);
        SetErrorInfo(0, NULL);
        hr = IVMMouse_Click(mouse, button);
        ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMMouse);
        SetErrorInfo(0, NULL);
        hr = IVMMouse_SetButton(mouse, button, VARIANT_TRUE);
        ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMMouse);
        hr = IVMMouse_SetButton(mouse, button, VARIANT_FALSE);
        ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
        value = 0xdead;
        SetErrorInfo(0, NULL);
        hr = IVMMouse_GetButton(mouse, button, &value);
        ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMMouse);
        winetest_pop_context();
    }

    /* relative coordinates at first: which of the two errors comes first
     * is not documented */
    position = 0xdead;
    SetErrorInfo(0, NULL);
    hr = IVMMouse_get_HorizontalPosition(mouse, &position);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(hr == VM_E_USING_RELATIVE_COORDINATES), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
    position = 0xdead;
    SetErrorInfo(0, NULL);
    hr = IVMMouse_get_VerticalPosition(mouse, &position);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(hr == VM_E_USING_RELATIVE_COORDINATES), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
    SetErrorInfo(0, NULL);
    hr = IVMMouse_put_HorizontalPosition(mouse, 10);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
    hr = IVMMouse_put_HorizontalPosition(mouse, -10);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
    hr = IVMMouse_put_VerticalPosition(mouse, 10);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
    hr = IVMMouse_put_VerticalPosition(mouse, 0);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
    hr = IVMMouse_put_ScrollWheelPosition(mouse, 1);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
    hr = IVMMouse_put_ScrollWheelPosition(mouse, -3);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);

    /* the setting is the object's own and relative at first; whether it
     * can be read while the machine is off is not documented */
    value = 0xdead;
    SetErrorInfo(0, NULL);
    hr = IVMMouse_get_UsingAbsoluteCoordinates(mouse, &value);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(hr == S_OK && value == VARIANT_FALSE), "Got hr %#lx.\n", hr);
    if (FAILED(hr)) check_error_info(&IID_IVMMouse);
    SetErrorInfo(0, NULL);
    hr = IVMMouse_put_UsingAbsoluteCoordinates(mouse, VARIANT_TRUE);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(hr == VM_E_ADDITIONS_FEATURE_NOT_AVAIL), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMMouse);
    hr = IVMMouse_put_UsingAbsoluteCoordinates(mouse, VARIANT_FALSE);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(hr == S_OK), "Got hr %#lx.\n", hr);
}

/* Late-bound, as scripts call it. */
static void test_mouse_dispatch(IVMMouse *mouse)
{
    DISPPARAMS params = { 0 };
    EXCEPINFO excep;
    IDispatch *disp;
    VARIANT arg;
    OLECHAR *name;
    DISPID dispid;
    HRESULT hr;

    hr = IVMMouse_QueryInterface(mouse, &IID_IDispatch, (void **)&disp);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    name = (OLECHAR *)L"Click";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    V_VT(&arg) = VT_I4;
    V_I4(&arg) = 7;
    params.rgvarg = &arg;
    params.cArgs = 1;
    memset(&excep, 0, sizeof(excep));
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                          NULL, &excep, NULL);
    ok(hr == DISP_E_EXCEPTION, "Got hr %#lx.\n", hr);
    ok(excep.scode == E_INVALIDARG || broken(excep.scode == VM_E_VM_NOT_RUNNING), "Got scode %#lx.\n",
       excep.scode);
    ok(excep.bstrDescription && *excep.bstrDescription, "Got description %s.\n",
       wine_dbgstr_w(excep.bstrDescription));
    SysFreeString(excep.bstrDescription);
    SysFreeString(excep.bstrSource);
    SysFreeString(excep.bstrHelpFile);

    V_I4(&arg) = vmMouseButton_Right;
    memset(&excep, 0, sizeof(excep));
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                          NULL, &excep, NULL);
    ok(hr == DISP_E_EXCEPTION, "Got hr %#lx.\n", hr);
    ok(excep.scode == VM_E_VM_NOT_RUNNING, "Got scode %#lx.\n", excep.scode);
    SysFreeString(excep.bstrDescription);
    SysFreeString(excep.bstrSource);
    SysFreeString(excep.bstrHelpFile);
    IDispatch_Release(disp);
}

static void test_mouse(IVMVirtualMachine *vm)
{
    IVMMouse *mouse = NULL;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_Mouse(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    hr = IVMVirtualMachine_get_Mouse(vm, &mouse);
    ok(hr == S_OK && mouse, "Got hr %#lx.\n", hr);
    if (!mouse) return;

    check_interface(mouse, &IID_IUnknown, TRUE);
    check_interface(mouse, &IID_IDispatch, TRUE);
    check_interface(mouse, &IID_IVMMouse, TRUE);
    check_interface(mouse, &IID_IVMKeyboard, FALSE);
    check_interface(mouse, &IID_IVMGuestOS, FALSE);
    check_support_error_info(mouse, &IID_IVMMouse);

    test_mouse_null_pointers(mouse);
    test_mouse_invalid_buttons(mouse);
    test_mouse_not_running(mouse);
    test_mouse_dispatch(mouse);

    IVMMouse_Release(mouse);
}

/* ---- both ---------------------------------------------------------------- */

/* The objects keep their machine when the script lets go of it. */
static void test_objects_hold_machine(IVMVirtualPC *vpc)
{
    IVMVirtualMachine *vm;
    IVMGuestOS *guest = NULL;
    IVMMouse *mouse = NULL;
    VARIANT_BOOL value;
    IVMTask *task;
    BSTR string;
    HRESULT hr;

    if (!(vm = create_machine(vpc))) return;
    hr = IVMVirtualMachine_get_GuestOS(vm, &guest);
    ok(hr == S_OK && guest, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_get_Mouse(vm, &mouse);
    ok(hr == S_OK && mouse, "Got hr %#lx.\n", hr);
    IVMVirtualMachine_Release(vm);

    if (guest)
    {
        string = NULL;
        hr = IVMGuestOS_get_OSName(guest, &string);
        ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
        SysFreeString(string);
        value = 0xdead;
        hr = IVMGuestOS_get_CanShutdown(guest, &value);
        ok(hr == S_FALSE && value == VARIANT_FALSE, "Got hr %#lx, %#x.\n", hr, value);
        value = 0xdead;
        hr = IVMGuestOS_get_IsHostTimeSyncEnabled(guest, &value);
        ok(hr == S_OK && (value == VARIANT_TRUE || value == VARIANT_FALSE), "Got hr %#lx, %#x.\n", hr, value);
    }
    if (mouse)
    {
        hr = IVMMouse_Click(mouse, vmMouseButton_Left);
        ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
        hr = IVMMouse_put_ScrollWheelPosition(mouse, 1);
        ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    }

    /* and once it is deleted, with the errors documented for a machine
     * that cannot be found where there are */
    delete_machine(vpc);
    if (guest)
    {
        value = 0xdead;
        SetErrorInfo(0, NULL);
        hr = IVMGuestOS_get_CanShutdown(guest, &value);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMGuestOS);
        SetErrorInfo(0, NULL);
        hr = IVMGuestOS_get_IsHostTimeSyncEnabled(guest, &value);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMGuestOS);
        SetErrorInfo(0, NULL);
        hr = IVMGuestOS_put_IsHostTimeSyncEnabled(guest, VARIANT_TRUE);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMGuestOS);
        SetErrorInfo(0, NULL);
        hr = IVMGuestOS_InstallIntegrationComponents(guest);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMGuestOS);
        /* both are listed: which one a deleted machine gives is not said */
        hr = IVMGuestOS_get_IsHeartbeating(guest, &value);
        ok(hr == VM_E_VM_NOT_RUNNING || hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        task = NULL;
        hr = IVMGuestOS_Shutdown(guest, VARIANT_FALSE, &task);
        ok(hr == VM_E_VM_NOT_RUNNING || hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        ok(!task, "Got task %p.\n", task);
        if (task) IVMTask_Release(task);
        /* not listed: only an error */
        string = NULL;
        hr = IVMGuestOS_get_OSName(guest, &string);
        ok(FAILED(hr), "Got hr %#lx.\n", hr);
        SysFreeString(string);
        IVMGuestOS_Release(guest);
    }
    if (mouse)
    {
        hr = IVMMouse_Click(mouse, vmMouseButton_Left);
        ok(FAILED(hr), "Got hr %#lx.\n", hr);
        hr = IVMMouse_Click(mouse, 0);
        ok(hr == E_INVALIDARG || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
        IVMMouse_Release(mouse);
    }
}

START_TEST(guest)
{
    IVMVirtualMachine *vm;
    WCHAR temp[MAX_PATH];
    IVMVirtualPC *vpc;

    CoInitialize(NULL);
    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(vm_name, L"vpccom-guest-test-%lu", GetCurrentProcessId());
    wsprintfW(folder, L"%s%s", temp, vm_name);

    if ((vpc = create_virtualpc()))
    {
        if ((vm = create_machine(vpc)))
        {
            test_guest_os(vpc, vm);
            test_mouse(vm);
            IVMVirtualMachine_Release(vm);
            delete_machine(vpc);
        }
        test_objects_hold_machine(vpc);
        IVMVirtualPC_Release(vpc);
    }

    delete_files();
    RemoveDirectoryW(folder);
    CoUninitialize();
}
