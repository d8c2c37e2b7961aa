/*
 * Conformance tests of IVMHardDiskConnection, IVMHardDiskConnectionCollection
 * and the hard disk and undo disk members of IVMVirtualMachine
 *
 * Every test runs on a machine that is off: none is started.
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
#include "winuser.h"
#include "ole2.h"
#include "vpccominterfaces.h"

#include "wine/test.h"
#include "vpccom_test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static WCHAR folder[MAX_PATH];
static WCHAR vm_name[64];


static BSTR file_path(const WCHAR *name)
{
    WCHAR path[MAX_PATH];

    wsprintfW(path, L"%s\\%s", folder, name);
    return SysAllocString(path);
}

static BOOL file_exists(const WCHAR *name)
{
    BSTR path = file_path(name);
    BOOL ret = GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;

    SysFreeString(path);
    return ret;
}

/* Runs a task to its end; returns its Result. */
static VMTaskResult wait_task(IVMTask *task)
{
    VMTaskResult result = -1;

    IVMTask_WaitForCompletion(task, -1);
    IVMTask_get_Result(task, &result);
    IVMTask_Release(task);
    return result;
}

/* A dynamic disk of size MB, or with a parent a differencing disk. */
static HRESULT create_disk(IVMVirtualPC *vpc, const WCHAR *name, LONG size, const WCHAR *parent_name)
{
    BSTR path = file_path(name), parent = parent_name ? file_path(parent_name) : NULL;
    IVMTask *task;
    HRESULT hr;

    if (parent)
        hr = IVMVirtualPC_CreateDifferencingVirtualHardDisk(vpc, path, parent, &task);
    else
        hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, size, &task);
    if (SUCCEEDED(hr) && wait_task(task) != vmTaskResult_Success) hr = E_FAIL;
    SysFreeString(path);
    SysFreeString(parent);
    return hr;
}

static void write_file(const WCHAR *name, const char *data, DWORD size)
{
    BSTR path = file_path(name);
    DWORD written;
    HANDLE file;

    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "CreateFile failed, error %lu.\n", GetLastError());
    WriteFile(file, data, size, &written, NULL);
    CloseHandle(file);
    SysFreeString(path);
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


static BSTR location_key(LONG bus, LONG device, const WCHAR *field)
{
    WCHAR key[256];

    wsprintfW(key, L"hardware/pci_bus/ide_adapter/ide_controller[@id=%ld]/location[@id=%ld]/%s",
              bus, device, field);
    return SysAllocString(key);
}

/* A setting of an IDE location; V_VT is VT_EMPTY when the call fails. */
static HRESULT get_location_value(IVMVirtualMachine *vm, LONG bus, LONG device, const WCHAR *field,
                                  VARIANT *value)
{
    BSTR key = location_key(bus, device, field);
    HRESULT hr;

    VariantInit(value);
    hr = IVMVirtualMachine_GetConfigurationValue(vm, key, value);
    SysFreeString(key);
    return hr;
}

static HRESULT set_location_value(IVMVirtualMachine *vm, LONG bus, LONG device, const WCHAR *field,
                                  const WCHAR *text)
{
    BSTR key = location_key(bus, device, field);
    VARIANT value;
    HRESULT hr;

    V_VT(&value) = VT_BSTR;
    V_BSTR(&value) = SysAllocString(text);
    hr = IVMVirtualMachine_SetConfigurationValue(vm, key, value);
    VariantClear(&value);
    SysFreeString(key);
    return hr;
}

/* The VMDriveType at an IDE location, from AttachedDriveTypes; -1 on failure. */
static LONG drive_type(IVMVirtualMachine *vm, LONG bus, LONG device)
{
    LONG index = bus * 2 + device, ret = -1;
    VARIANT types, item;
    HRESULT hr;

    VariantInit(&types);
    hr = IVMVirtualMachine_get_AttachedDriveTypes(vm, &types);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return -1;
    ok(V_VT(&types) == (VT_ARRAY | VT_VARIANT), "Got type %#x.\n", V_VT(&types));
    if (V_VT(&types) == (VT_ARRAY | VT_VARIANT))
    {
        VariantInit(&item);
        hr = SafeArrayGetElement(V_ARRAY(&types), &index, &item);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        if (SUCCEEDED(hr) && SUCCEEDED(VariantChangeType(&item, &item, 0, VT_I4))) ret = V_I4(&item);
        VariantClear(&item);
    }
    VariantClear(&types);
    return ret;
}

/* The connection is at that location, with the disk of that name. */
#define check_connection(a, b, c, d) check_connection_(__LINE__, a, b, c, d)
static void check_connection_(unsigned int line, IVMHardDiskConnection *connection, LONG bus,
                              LONG device, const WCHAR *name)
{
    IVMHardDisk *disk;
    BSTR path, file;
    LONG value;
    HRESULT hr;

    value = -1;
    hr = IVMHardDiskConnection_get_BusNumber(connection, &value);
    ok_(__FILE__, line)(hr == S_OK && value == bus, "Got hr %#lx, bus %ld.\n", hr, value);
    value = -1;
    hr = IVMHardDiskConnection_get_DeviceNumber(connection, &value);
    ok_(__FILE__, line)(hr == S_OK && value == device, "Got hr %#lx, device %ld.\n", hr, value);

    disk = NULL;
    hr = IVMHardDiskConnection_get_HardDisk(connection, &disk);
    ok_(__FILE__, line)(hr == S_OK && disk, "Got hr %#lx, %p.\n", hr, disk);
    if (!disk) return;
    file = NULL;
    hr = IVMHardDisk_get_File(disk, &file);
    path = file_path(name);
    ok_(__FILE__, line)(hr == S_OK && file && !lstrcmpiW(file, path), "Got hr %#lx, %s.\n", hr,
                        wine_dbgstr_w(file));
    SysFreeString(path);
    SysFreeString(file);
    IVMHardDisk_Release(disk);
}

/* The .vmc names the disk at the location, and AttachedDriveTypes has it. */
#define check_location(a, b, c, d) check_location_(__LINE__, a, b, c, d)
static void check_location_(unsigned int line, IVMVirtualMachine *vm, LONG bus, LONG device,
                            const WCHAR *name)
{
    VARIANT value;
    BSTR path;
    LONG type;
    HRESULT hr;

    type = drive_type(vm, bus, device);
    hr = get_location_value(vm, bus, device, L"pathname/absolute", &value);
    if (!name)
    {
        ok_(__FILE__, line)(type == vmDriveType_Null, "Got drive type %ld.\n", type);
        ok_(__FILE__, line)(hr == VM_E_PREF_NOT_FOUND, "Got hr %#lx.\n", hr);
        VariantClear(&value);
        SetErrorInfo(0, NULL);
        return;
    }

    ok_(__FILE__, line)(type == vmDriveType_HardDisk, "Got drive type %ld.\n", type);
    path = file_path(name);
    ok_(__FILE__, line)(hr == S_OK && V_VT(&value) == VT_BSTR && !lstrcmpiW(V_BSTR(&value), path),
                        "Got hr %#lx, type %d, %s.\n", hr, V_VT(&value),
                        V_VT(&value) == VT_BSTR ? wine_dbgstr_w(V_BSTR(&value)) : "");
    SysFreeString(path);
    VariantClear(&value);
}

/* The collection holds the connections at these locations, in this order. */
struct location
{
    LONG bus, device;
    const WCHAR *name;
};

#define check_collection(a, b, c) check_collection_(__LINE__, a, b, c)
static void check_collection_(unsigned int line, IVMVirtualMachine *vm, const struct location *locations,
                              LONG expected)
{
    IVMHardDiskConnectionCollection *collection = NULL;
    IVMHardDiskConnection *connection;
    IEnumVARIANT *enumerator;
    IUnknown *unk;
    ULONG fetched;
    VARIANT var;
    LONG count, i;
    HRESULT hr;

    hr = IVMVirtualMachine_get_HardDiskConnections(vm, &collection);
    ok_(__FILE__, line)(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return;

    count = -1;
    hr = IVMHardDiskConnectionCollection_get_Count(collection, &count);
    ok_(__FILE__, line)(hr == S_OK && count == expected, "Got hr %#lx, count %ld.\n", hr, count);

    for (i = 0; i < expected && i < count; i++)
    {
        connection = NULL;
        hr = IVMHardDiskConnectionCollection_get_Item(collection, i + 1, &connection);
        ok_(__FILE__, line)(hr == S_OK && connection, "Item %ld: got hr %#lx.\n", i + 1, hr);
        if (!connection) continue;
        check_connection_(line, connection, locations[i].bus, locations[i].device, locations[i].name);
        IVMHardDiskConnection_Release(connection);
    }

    hr = IVMHardDiskConnectionCollection_get__NewEnum(collection, &unk);
    ok_(__FILE__, line)(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&enumerator);
        ok_(__FILE__, line)(hr == S_OK, "Got hr %#lx.\n", hr);
        IUnknown_Release(unk);
        for (i = 0; SUCCEEDED(hr) && IEnumVARIANT_Next(enumerator, 1, &var, &fetched) == S_OK; i++)
        {
            ok_(__FILE__, line)(fetched == 1, "Got %lu.\n", fetched);
            ok_(__FILE__, line)(V_VT(&var) == VT_DISPATCH, "Got type %d.\n", V_VT(&var));
            if (V_VT(&var) == VT_DISPATCH && i < expected
                    && SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&var), &IID_IVMHardDiskConnection,
                                                          (void **)&connection)))
            {
                check_connection_(line, connection, locations[i].bus, locations[i].device,
                                  locations[i].name);
                IVMHardDiskConnection_Release(connection);
            }
            VariantClear(&var);
        }
        ok_(__FILE__, line)(i == expected, "Enumerated %ld of %ld.\n", i, expected);
        if (SUCCEEDED(hr)) IEnumVARIANT_Release(enumerator);
    }
    IVMHardDiskConnectionCollection_Release(collection);
}

static void test_limits(IVMVirtualPC *vpc)
{
    LONG value = -1;
    HRESULT hr;

    hr = IVMVirtualPC_get_MaximumNumberOfIDEBuses(vpc, &value);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(value == 2, "Got %ld.\n", value);
    hr = IVMVirtualPC_get_MaximumNumberOfIDEBuses(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
}

static void test_add_errors(IVMVirtualPC *vpc, IVMVirtualMachine *vm)
{
    static const struct
    {
        LONG bus, device;
    }
    bad_locations[] =
    {
        { -1, 0 }, { 2, 0 }, { 0, -1 }, { 0, 2 }, { 1, 2 }, { 100, 100 },
    };
    static char zeros[4096];
    IVMHardDiskConnection *connection;
    WCHAR text[MAX_PATH + 16];
    HRESULT hr;
    BSTR path;
    int i;

    SetErrorInfo(0, NULL);
    path = file_path(L"disk0.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    connection = (IVMHardDiskConnection *)0xdeadbeef;
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, NULL, 0, 0, &connection);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    ok(!connection, "Got %p.\n", connection);
    check_error_info(&IID_IVMVirtualMachine);

    for (i = 0; i < ARRAY_SIZE(bad_locations); i++)
    {
        winetest_push_context("bus %ld, device %ld", bad_locations[i].bus, bad_locations[i].device);
        connection = (IVMHardDiskConnection *)0xdeadbeef;
        hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, bad_locations[i].bus,
                                                     bad_locations[i].device, &connection);
        ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
        ok(!connection, "Got %p.\n", connection);
        check_error_info(&IID_IVMVirtualMachine);
        winetest_pop_context();
    }
    SysFreeString(path);

    /* an empty path is no path */
    path = SysAllocString(L"");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME) || hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    path = file_path(L"missing.vhd");
    connection = (IVMHardDiskConnection *)0xdeadbeef;
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), "Got hr %#lx.\n", hr);
    ok(!connection, "Got %p.\n", connection);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    path = file_path(L"no such folder\\disk.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    path = SysAllocString(L"disk0.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    path = SysAllocString(L"folder\\disk0.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    path = file_path(L"disk|0.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_INVALID_NAME), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    /* longer than MAX_PATH */
    lstrcpyW(text, folder);
    while (lstrlenW(text) < MAX_PATH + 4) lstrcatW(text, L"\\x");
    lstrcatW(text, L".vhd");
    path = SysAllocString(text);
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(FAILED(hr), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    /* a folder is no disk */
    path = SysAllocString(folder);
    connection = (IVMHardDiskConnection *)0xdeadbeef;
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(FAILED(hr), "Got hr %#lx.\n", hr);
    ok(!connection, "Got %p.\n", connection);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    /* files that are not disks */
    write_file(L"text.vhd", "not a disk", 10);
    path = file_path(L"text.vhd");
    connection = (IVMHardDiskConnection *)0xdeadbeef;
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == VM_E_INVALID_HD_FILE, "Got hr %#lx.\n", hr);
    ok(!connection, "Got %p.\n", connection);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    write_file(L"zeros.vhd", zeros, sizeof(zeros));
    path = file_path(L"zeros.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 1, 1, &connection);
    ok(hr == VM_E_INVALID_HD_FILE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);

    /* the IDE bus addresses 127 GB at most */
    hr = create_disk(vpc, L"huge.vhd", 130 * 1024, NULL);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        path = file_path(L"huge.vhd");
        connection = NULL;
        hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
        ok(hr == VM_E_INVALID_HD_FILE || broken(hr == S_OK), "Got hr %#lx.\n", hr);
        if (connection)
        {
            IVMVirtualMachine_RemoveHardDiskConnection(vm, connection);
            IVMHardDiskConnection_Release(connection);
        }
        else
            check_error_info(&IID_IVMVirtualMachine);
        SysFreeString(path);
    }

    /* nothing was connected */
    check_collection(vm, NULL, 0);
    for (i = 0; i < 4; i++)
        check_location(vm, i / 2, i % 2, NULL);
}

static void test_add(IVMVirtualMachine *vm, IVMHardDiskConnection **ret0, IVMHardDiskConnection **ret1)
{
    const struct location locations[] =
    {
        { 0, 0, L"disk0.vhd" },
        { 0, 1, L"disk1.vhd" },
    };
    IVMHardDiskConnection *connection, *connection0 = NULL, *connection1 = NULL;
    VARIANT value;
    BSTR path;
    HRESULT hr;

    path = file_path(L"disk0.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection0);
    ok(hr == S_OK && connection0, "Got hr %#lx, %p.\n", hr, connection0);
    SysFreeString(path);
    if (connection0)
    {
        check_connection(connection0, 0, 0, L"disk0.vhd");
        check_location(vm, 0, 0, L"disk0.vhd");
    }

    /* the disk is in the .vmc's folder: its path is also kept relative to it */
    hr = get_location_value(vm, 0, 0, L"pathname/relative", &value);
    ok(hr == S_OK && V_VT(&value) == VT_BSTR && !lstrcmpiW(V_BSTR(&value), L".\\disk0.vhd"),
       "Got hr %#lx, type %d, %s.\n", hr, V_VT(&value),
       V_VT(&value) == VT_BSTR ? wine_dbgstr_w(V_BSTR(&value)) : "");
    VariantClear(&value);
    hr = get_location_value(vm, 0, 0, L"drive_type", &value);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) hr = VariantChangeType(&value, &value, 0, VT_I4);
    ok(hr == S_OK && V_I4(&value) == vmDriveType_HardDisk, "Got hr %#lx, %ld.\n", hr, V_I4(&value));
    VariantClear(&value);

    /* the location is taken, by this disk or another */
    SetErrorInfo(0, NULL);
    path = file_path(L"disk1.vhd");
    connection = (IVMHardDiskConnection *)0xdeadbeef;
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == VM_E_DRIVE_BUS_LOC_IN_USE, "Got hr %#lx.\n", hr);
    ok(!connection, "Got %p.\n", connection);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);
    path = file_path(L"disk0.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
    ok(hr == VM_E_DRIVE_BUS_LOC_IN_USE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    /* one disk at one location of a machine */
    connection = (IVMHardDiskConnection *)0xdeadbeef;
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 1, 1, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION), "Got hr %#lx.\n", hr);
    ok(!connection, "Got %p.\n", connection);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);
    /* however the path is spelled */
    path = file_path(L"DISK0.VHD");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 1, 1, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);
    path = file_path(L".\\disk0.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 1, 1, &connection);
    ok(hr == HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    SysFreeString(path);
    check_location(vm, 1, 1, NULL);

    path = file_path(L"disk1.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 1, &connection1);
    ok(hr == S_OK && connection1, "Got hr %#lx, %p.\n", hr, connection1);
    SysFreeString(path);
    if (connection1)
    {
        check_connection(connection1, 0, 1, L"disk1.vhd");
        check_location(vm, 0, 1, L"disk1.vhd");
    }

    check_collection(vm, locations, ARRAY_SIZE(locations));
    check_location(vm, 1, 0, NULL);
    check_location(vm, 1, 1, NULL);
    *ret0 = connection0;
    *ret1 = connection1;
}

static void test_connection(IVMVirtualMachine *vm, IVMHardDiskConnection *connection0,
                            IVMHardDiskConnection *connection1)
{
    const struct location moved[] =
    {
        { 0, 1, L"disk1.vhd" },
        { 1, 1, L"disk0.vhd" },
    };
    const struct location back[] =
    {
        { 0, 0, L"disk0.vhd" },
        { 0, 1, L"disk1.vhd" },
    };
    IVMHardDiskConnectionCollection *collection = NULL;
    IVMHardDiskConnection *connection, *old = NULL;
    ISupportErrorInfo *support;
    IVMHardDisk *disk;
    VMHardDiskType type;
    IUnknown *unk;
    LONG value;
    HRESULT hr;

    hr = IVMHardDiskConnection_QueryInterface(connection0, &IID_IDispatch, (void **)&unk);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) IUnknown_Release(unk);
    unk = (IUnknown *)0xdeadbeef;
    hr = IVMHardDiskConnection_QueryInterface(connection0, &IID_IVMHardDisk, (void **)&unk);
    ok(hr == E_NOINTERFACE && !unk, "Got hr %#lx, %p.\n", hr, unk);
    hr = IVMHardDiskConnection_QueryInterface(connection0, &IID_ISupportErrorInfo, (void **)&support);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IVMHardDiskConnection);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ISupportErrorInfo_Release(support);
    }

    SetErrorInfo(0, NULL);
    hr = IVMHardDiskConnection_get_BusNumber(connection0, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_get_DeviceNumber(connection0, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_get_HardDisk(connection0, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_get_UndoHardDisk(connection0, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);

    disk = NULL;
    hr = IVMHardDiskConnection_get_HardDisk(connection0, &disk);
    ok(hr == S_OK && disk, "Got hr %#lx.\n", hr);
    if (disk)
    {
        type = -1;
        hr = IVMHardDisk_get_Type(disk, &type);
        ok(hr == S_OK && type == vmDiskType_Dynamic, "Got hr %#lx, type %d.\n", hr, type);
        IVMHardDisk_Release(disk);
    }

    /* no undo disk: the machine is not undoable and never ran */
    disk = (IVMHardDisk *)0xdeadbeef;
    hr = IVMHardDiskConnection_get_UndoHardDisk(connection0, &disk);
    ok(hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), "Got hr %#lx.\n", hr);
    ok(!disk, "Got %p.\n", disk);
    check_error_info(&IID_IVMHardDiskConnection);

    /* the collection's own object for the first location */
    hr = IVMVirtualMachine_get_HardDiskConnections(vm, &collection);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (collection)
    {
        SetErrorInfo(0, NULL);
        hr = IVMHardDiskConnectionCollection_get_Count(collection, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnectionCollection);
        connection = (IVMHardDiskConnection *)0xdeadbeef;
        hr = IVMHardDiskConnectionCollection_get_Item(collection, 0, &connection);
        ok(hr == DISP_E_BADINDEX || hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
        ok(!connection, "Got %p.\n", connection);
        check_error_info(&IID_IVMHardDiskConnectionCollection);
        hr = IVMHardDiskConnectionCollection_get_Item(collection, 3, &connection);
        ok(hr == DISP_E_BADINDEX || hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnectionCollection);
        hr = IVMHardDiskConnectionCollection_get_Item(collection, -1, &connection);
        ok(hr == DISP_E_BADINDEX || hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnectionCollection);
        hr = IVMHardDiskConnectionCollection_get_Item(collection, 1, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnectionCollection);
        hr = IVMHardDiskConnectionCollection_get__NewEnum(collection, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnectionCollection);
        hr = IVMHardDiskConnectionCollection_get_Item(collection, 1, &old);
        ok(hr == S_OK && old, "Got hr %#lx.\n", hr);
    }
    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_HardDiskConnections(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    /* SetBusLocation */
    hr = IVMHardDiskConnection_SetBusLocation(connection0, 2, 0);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_SetBusLocation(connection0, 0, 2);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_SetBusLocation(connection0, -1, 0);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_SetBusLocation(connection0, 0, -1);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_SetBusLocation(connection0, 0, 1);
    ok(hr == VM_E_DRIVE_BUS_LOC_IN_USE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    check_connection(connection0, 0, 0, L"disk0.vhd");
    check_connection(connection1, 0, 1, L"disk1.vhd");

    /* where it already is */
    hr = IVMHardDiskConnection_SetBusLocation(connection0, 0, 0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_connection(connection0, 0, 0, L"disk0.vhd");

    hr = IVMHardDiskConnection_SetBusLocation(connection0, 1, 1);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_connection(connection0, 1, 1, L"disk0.vhd");
    check_location(vm, 0, 0, NULL);
    check_location(vm, 1, 1, L"disk0.vhd");
    check_collection(vm, moved, ARRAY_SIZE(moved));
    if (collection)
    {
        /* a collection is what it was when it was made */
        value = -1;
        hr = IVMHardDiskConnectionCollection_get_Count(collection, &value);
        ok(hr == S_OK && value == 2, "Got hr %#lx, count %ld.\n", hr, value);
    }

    /* the collection's object names the location the disk left */
    if (old)
    {
        SetErrorInfo(0, NULL);
        value = -1;
        hr = IVMHardDiskConnection_get_BusNumber(old, &value);
        ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnection);
        hr = IVMHardDiskConnection_get_DeviceNumber(old, &value);
        ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnection);
        disk = (IVMHardDisk *)0xdeadbeef;
        hr = IVMHardDiskConnection_get_HardDisk(old, &disk);
        ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
        ok(!disk, "Got %p.\n", disk);
        check_error_info(&IID_IVMHardDiskConnection);
        hr = IVMHardDiskConnection_get_UndoHardDisk(old, &disk);
        ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnection);
        hr = IVMHardDiskConnection_SetBusLocation(old, 1, 0);
        ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMHardDiskConnection);
        check_location(vm, 1, 0, NULL);
    }

    /* and back */
    hr = IVMHardDiskConnection_SetBusLocation(connection0, 0, 0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_connection(connection0, 0, 0, L"disk0.vhd");
    check_location(vm, 1, 1, NULL);
    check_collection(vm, back, ARRAY_SIZE(back));
    if (old)
    {
        check_connection(old, 0, 0, L"disk0.vhd");
        IVMHardDiskConnection_Release(old);
    }
    if (collection) IVMHardDiskConnectionCollection_Release(collection);
}

static void test_undo(IVMVirtualMachine *vm, IVMHardDiskConnection *connection)
{
    VARIANT_BOOL undoable;
    IVMHardDisk *disk;
    IVMTask *task;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    undoable = 0x1234;
    hr = IVMVirtualMachine_get_Undoable(vm, &undoable);
    ok(hr == S_OK && undoable == VARIANT_FALSE, "Got hr %#lx, %#x.\n", hr, undoable);
    hr = IVMVirtualMachine_get_Undoable(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    hr = IVMVirtualMachine_put_Undoable(vm, VARIANT_TRUE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    undoable = 0x1234;
    hr = IVMVirtualMachine_get_Undoable(vm, &undoable);
    ok(hr == S_OK && undoable == VARIANT_TRUE, "Got hr %#lx, %#x.\n", hr, undoable);

    /* undo disks are made when the machine starts: none yet */
    disk = (IVMHardDisk *)0xdeadbeef;
    hr = IVMHardDiskConnection_get_UndoHardDisk(connection, &disk);
    ok(hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), "Got hr %#lx.\n", hr);
    ok(!disk, "Got %p.\n", disk);
    check_error_info(&IID_IVMHardDiskConnection);

    hr = IVMVirtualMachine_DiscardUndoDisks(vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    hr = IVMVirtualMachine_MergeUndoDisks(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    task = NULL;
    hr = IVMVirtualMachine_MergeUndoDisks(vm, &task);
    ok(hr == S_OK && task, "Got hr %#lx, %p.\n", hr, task);
    if (task) ok(wait_task(task) == vmTaskResult_Success, "MergeUndoDisks failed.\n");

    hr = IVMVirtualMachine_put_Undoable(vm, VARIANT_FALSE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_get_Undoable(vm, &undoable);
    ok(hr == S_OK && undoable == VARIANT_FALSE, "Got hr %#lx, %#x.\n", hr, undoable);
    /* any true value */
    hr = IVMVirtualMachine_put_Undoable(vm, 1);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_get_Undoable(vm, &undoable);
    ok(hr == S_OK && undoable == VARIANT_TRUE, "Got hr %#lx, %#x.\n", hr, undoable);
    hr = IVMVirtualMachine_put_Undoable(vm, VARIANT_FALSE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_DiscardUndoDisks(vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    task = NULL;
    hr = IVMVirtualMachine_MergeUndoDisks(vm, &task);
    ok(hr == S_OK && task, "Got hr %#lx, %p.\n", hr, task);
    if (task) ok(wait_task(task) == vmTaskResult_Success, "MergeUndoDisks failed.\n");
}

/* An undo disk as a run of the machine leaves it: a differencing disk over
 * the connection's disk, named by the .vmc.  Only this implementation reads
 * a .vmc changed under it. */
static BOOL make_undo_disk(IVMVirtualPC *vpc, IVMVirtualMachine *vm, LONG bus, LONG device,
                           const WCHAR *name, const WCHAR *parent)
{
    BSTR path = file_path(name);
    HRESULT hr;

    hr = create_disk(vpc, name, 0, parent);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = set_location_value(vm, bus, device, L"undo_pathname/absolute", path);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
    }
    SysFreeString(path);
    return SUCCEEDED(hr);
}

static void check_undo_disk_gone(IVMVirtualMachine *vm, IVMHardDiskConnection *connection,
                                 const WCHAR *name)
{
    IVMHardDisk *disk = (IVMHardDisk *)0xdeadbeef;
    VARIANT value;
    HRESULT hr;

    ok(!file_exists(name), "%s is still there.\n", wine_dbgstr_w(name));
    hr = IVMHardDiskConnection_get_UndoHardDisk(connection, &disk);
    ok(hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), "Got hr %#lx.\n", hr);
    ok(!disk, "Got %p.\n", disk);
    SetErrorInfo(0, NULL);
    hr = get_location_value(vm, 0, 0, L"undo_pathname/absolute", &value);
    ok((hr == S_OK && V_VT(&value) == VT_BSTR && !*V_BSTR(&value)) || hr == VM_E_PREF_NOT_FOUND,
       "Got hr %#lx, type %d.\n", hr, V_VT(&value));
    VariantClear(&value);
}

static void test_undo_disks(IVMVirtualPC *vpc, IVMVirtualMachine *vm, IVMHardDiskConnection *connection)
{
    static const WCHAR undo_name[] = L"undo 0-0.vud";
    IVMHardDisk *disk, *parent;
    VMHardDiskType type;
    VARIANT value;
    IVMTask *task;
    BSTR str, path;
    HRESULT hr;

    if (!running_under_wine())
    {
        skip("Undo disks are only made by running a machine.\n");
        return;
    }

    hr = IVMVirtualMachine_put_Undoable(vm, VARIANT_TRUE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    /* UndoHardDisk */
    if (!make_undo_disk(vpc, vm, 0, 0, undo_name, L"disk0.vhd")) return;
    disk = NULL;
    hr = IVMHardDiskConnection_get_UndoHardDisk(connection, &disk);
    ok(hr == S_OK && disk, "Got hr %#lx.\n", hr);
    if (disk)
    {
        hr = IVMHardDisk_get_File(disk, &str);
        path = file_path(undo_name);
        ok(hr == S_OK && !lstrcmpiW(str, path), "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
        SysFreeString(path);
        SysFreeString(str);
        type = -1;
        hr = IVMHardDisk_get_Type(disk, &type);
        ok(hr == S_OK && type == vmDiskType_Differencing, "Got hr %#lx, type %d.\n", hr, type);
        parent = NULL;
        hr = IVMHardDisk_get_Parent(disk, &parent);
        ok(hr == S_OK && parent, "Got hr %#lx.\n", hr);
        if (parent)
        {
            hr = IVMHardDisk_get_File(parent, &str);
            path = file_path(L"disk0.vhd");
            ok(hr == S_OK && !lstrcmpiW(str, path), "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
            SysFreeString(path);
            SysFreeString(str);
            IVMHardDisk_Release(parent);
        }
        IVMHardDisk_Release(disk);
    }
    check_connection(connection, 0, 0, L"disk0.vhd");

    /* the undo disk moves with its disk */
    hr = IVMHardDiskConnection_SetBusLocation(connection, 1, 0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    disk = NULL;
    hr = IVMHardDiskConnection_get_UndoHardDisk(connection, &disk);
    ok(hr == S_OK && disk, "Got hr %#lx.\n", hr);
    if (disk) IVMHardDisk_Release(disk);
    hr = get_location_value(vm, 1, 0, L"undo_pathname/absolute", &value);
    ok(hr == S_OK && V_VT(&value) == VT_BSTR, "Got hr %#lx.\n", hr);
    VariantClear(&value);
    hr = IVMHardDiskConnection_SetBusLocation(connection, 0, 0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    /* MergeUndoDisks writes it into the disk and deletes it */
    task = NULL;
    hr = IVMVirtualMachine_MergeUndoDisks(vm, &task);
    ok(hr == S_OK && task, "Got hr %#lx.\n", hr);
    if (task) ok(wait_task(task) == vmTaskResult_Success, "MergeUndoDisks failed.\n");
    check_undo_disk_gone(vm, connection, undo_name);
    ok(file_exists(L"disk0.vhd"), "The disk is gone.\n");
    check_connection(connection, 0, 0, L"disk0.vhd");

    /* DiscardUndoDisks deletes it */
    if (make_undo_disk(vpc, vm, 0, 0, undo_name, L"disk0.vhd"))
    {
        hr = IVMVirtualMachine_DiscardUndoDisks(vm);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_undo_disk_gone(vm, connection, undo_name);
        ok(file_exists(L"disk0.vhd"), "The disk is gone.\n");
    }

    /* and so does turning Undoable off */
    if (make_undo_disk(vpc, vm, 0, 0, undo_name, L"disk0.vhd"))
    {
        hr = IVMVirtualMachine_put_Undoable(vm, VARIANT_FALSE);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_undo_disk_gone(vm, connection, undo_name);
    }

    /* an undo disk the .vmc names but that is gone is none */
    hr = set_location_value(vm, 0, 0, L"undo_pathname/absolute", L"C:\\no such folder\\undo.vud");
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    disk = (IVMHardDisk *)0xdeadbeef;
    hr = IVMHardDiskConnection_get_UndoHardDisk(connection, &disk);
    ok(hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), "Got hr %#lx.\n", hr);
    ok(!disk, "Got %p.\n", disk);
    hr = IVMVirtualMachine_DiscardUndoDisks(vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    task = NULL;
    hr = IVMVirtualMachine_MergeUndoDisks(vm, &task);
    ok(hr == S_OK && task, "Got hr %#lx.\n", hr);
    if (task) ok(wait_task(task) == vmTaskResult_Success, "MergeUndoDisks failed.\n");
    hr = set_location_value(vm, 0, 0, L"undo_pathname/absolute", L"");
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
}

static void test_remove(IVMVirtualPC *vpc, IVMVirtualMachine *vm, IVMHardDiskConnection *connection0,
                        IVMHardDiskConnection *connection1)
{
    const struct location rest[] =
    {
        { 0, 1, L"disk1.vhd" },
    };
    const struct location again[] =
    {
        { 0, 1, L"disk1.vhd" },
        { 1, 0, L"disk0.vhd" },
    };
    IVMHardDiskConnection *connection;
    IVMHardDisk *disk;
    LONG value;
    BSTR path;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_RemoveHardDiskConnection(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    /* an undo disk of the connection goes with it, the disk stays */
    if (running_under_wine())
    {
        hr = IVMVirtualMachine_put_Undoable(vm, VARIANT_TRUE);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        make_undo_disk(vpc, vm, 0, 0, L"undo 0-0.vud", L"disk0.vhd");
    }

    hr = IVMVirtualMachine_RemoveHardDiskConnection(vm, connection0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(file_exists(L"disk0.vhd"), "The disk is gone.\n");
    ok(!file_exists(L"undo 0-0.vud"), "The undo disk is still there.\n");
    check_location(vm, 0, 0, NULL);
    check_collection(vm, rest, ARRAY_SIZE(rest));
    check_connection(connection1, 0, 1, L"disk1.vhd");

    value = -1;
    hr = IVMHardDiskConnection_get_BusNumber(connection0, &value);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_get_DeviceNumber(connection0, &value);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    disk = (IVMHardDisk *)0xdeadbeef;
    hr = IVMHardDiskConnection_get_HardDisk(connection0, &disk);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    ok(!disk, "Got %p.\n", disk);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_get_UndoHardDisk(connection0, &disk);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    hr = IVMHardDiskConnection_SetBusLocation(connection0, 1, 1);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMHardDiskConnection);
    check_location(vm, 1, 1, NULL);

    hr = IVMVirtualMachine_RemoveHardDiskConnection(vm, connection0);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    check_collection(vm, rest, ARRAY_SIZE(rest));

    /* the disk can be connected again, at another location */
    path = file_path(L"disk0.vhd");
    connection = NULL;
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 1, 0, &connection);
    ok(hr == S_OK && connection, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    if (connection)
    {
        check_connection(connection, 1, 0, L"disk0.vhd");
        check_location(vm, 1, 0, L"disk0.vhd");
        check_collection(vm, again, ARRAY_SIZE(again));
        /* the old object still names the empty location */
        hr = IVMHardDiskConnection_get_BusNumber(connection0, &value);
        ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
        hr = IVMVirtualMachine_RemoveHardDiskConnection(vm, connection);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        IVMHardDiskConnection_Release(connection);
    }

    hr = IVMVirtualMachine_RemoveHardDiskConnection(vm, connection1);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_collection(vm, NULL, 0);
    check_location(vm, 0, 1, NULL);
    ok(file_exists(L"disk1.vhd"), "The disk is gone.\n");
    SetErrorInfo(0, NULL);
}

/* A connection names a location of its own machine only. */
static void test_other_machine(IVMVirtualPC *vpc, IVMVirtualMachine *vm, IVMHardDiskConnection *connection0)
{
    IVMHardDiskConnection *other_connection = NULL;
    IVMVirtualMachine *other = NULL;
    WCHAR text[64];
    BSTR name, path;
    LONG value;
    HRESULT hr;

    wsprintfW(text, L"%s-other", vm_name);
    name = SysAllocString(text);
    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &other);
    ok(hr == S_OK && other, "Got hr %#lx.\n", hr);
    SysFreeString(name);
    SysFreeString(path);
    if (!other) return;

    /* the same disk in another machine is no sharing violation */
    path = file_path(L"disk1.vhd");
    hr = IVMVirtualMachine_AddHardDiskConnection(other, path, 0, 0, &other_connection);
    ok(hr == S_OK && other_connection, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    if (other_connection)
    {
        check_connection(other_connection, 0, 0, L"disk1.vhd");

        /* this machine's disk at that location stays */
        SetErrorInfo(0, NULL);
        hr = IVMVirtualMachine_RemoveHardDiskConnection(vm, other_connection);
        ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
        value = -1;
        hr = IVMHardDiskConnection_get_BusNumber(connection0, &value);
        ok(hr == S_OK && !value, "Got hr %#lx, bus %ld.\n", hr, value);
        if (FAILED(hr))
        {
            IVMHardDiskConnection *connection = NULL;

            /* put it back for what follows */
            path = file_path(L"disk0.vhd");
            hr = IVMVirtualMachine_AddHardDiskConnection(vm, path, 0, 0, &connection);
            ok(hr == S_OK, "Got hr %#lx.\n", hr);
            if (connection) IVMHardDiskConnection_Release(connection);
            SysFreeString(path);
        }
        check_connection(connection0, 0, 0, L"disk0.vhd");
        check_connection(other_connection, 0, 0, L"disk1.vhd");

        hr = IVMVirtualMachine_RemoveHardDiskConnection(other, other_connection);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_connection(connection0, 0, 0, L"disk0.vhd");
        IVMHardDiskConnection_Release(other_connection);
    }
    SetErrorInfo(0, NULL);

    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, other);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IVMVirtualMachine_Release(other);
}

/* A connection belongs to its machine, whatever its name. */
static void test_rename(IVMVirtualMachine *vm, IVMHardDiskConnection *connection0)
{
    WCHAR text[64];
    LONG value;
    BSTR name;
    HRESULT hr;

    wsprintfW(text, L"%s-renamed", vm_name);
    name = SysAllocString(text);
    hr = IVMVirtualMachine_put_Name(vm, name);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(name);
    if (FAILED(hr)) return;

    check_location(vm, 0, 0, L"disk0.vhd");
    value = -1;
    hr = IVMHardDiskConnection_get_BusNumber(connection0, &value);
    ok(hr == S_OK && !value, "Got hr %#lx, bus %ld.\n", hr, value);
    hr = IVMHardDiskConnection_SetBusLocation(connection0, 0, 0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);

    name = SysAllocString(vm_name);
    hr = IVMVirtualMachine_put_Name(vm, name);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(name);
    check_connection(connection0, 0, 0, L"disk0.vhd");
}

static void delete_machine(IVMVirtualPC *vpc, IVMVirtualMachine *vm)
{
    HRESULT hr;

    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IVMVirtualMachine_Release(vm);
}

static void test_connections(IVMVirtualPC *vpc)
{
    static const WCHAR *disks[] = { L"disk0.vhd", L"disk1.vhd" };
    static const WCHAR *suffixes[] = { L"", L"-other", L"-renamed" };
    IVMHardDiskConnection *connection0 = NULL, *connection1 = NULL;
    IVMVirtualMachine *vm = NULL;
    VMVMState state;
    WCHAR text[64];
    BSTR name, path;
    HRESULT hr;
    int i;

    /* what an earlier run left */
    for (i = 0; i < ARRAY_SIZE(suffixes); i++)
    {
        wsprintfW(text, L"%s%s", vm_name, suffixes[i]);
        name = SysAllocString(text);
        if (IVMVirtualPC_FindVirtualMachine(vpc, name, &vm) == S_OK && vm)
        {
            IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
            IVMVirtualMachine_Release(vm);
        }
        vm = NULL;
        SysFreeString(name);
    }
    delete_files();
    name = SysAllocString(vm_name);
    CreateDirectoryW(folder, NULL);

    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &vm);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    SysFreeString(name);
    if (!vm) return;

    state = -1;
    hr = IVMVirtualMachine_get_State(vm, &state);
    ok(hr == S_OK && state == vmVMState_TurnedOff, "Got hr %#lx, state %d.\n", hr, state);

    for (i = 0; i < ARRAY_SIZE(disks); i++)
    {
        hr = create_disk(vpc, disks[i], 64, NULL);
        ok(hr == S_OK, "%s: got hr %#lx.\n", wine_dbgstr_w(disks[i]), hr);
        if (FAILED(hr))
        {
            delete_machine(vpc, vm);
            return;
        }
    }

    test_add_errors(vpc, vm);
    test_add(vm, &connection0, &connection1);
    if (connection0 && connection1)
    {
        test_connection(vm, connection0, connection1);
        test_undo(vm, connection0);
        test_undo_disks(vpc, vm, connection0);
        test_other_machine(vpc, vm, connection0);
        test_rename(vm, connection0);
        test_remove(vpc, vm, connection0, connection1);
    }
    if (connection0) IVMHardDiskConnection_Release(connection0);
    if (connection1) IVMHardDiskConnection_Release(connection1);

    delete_machine(vpc, vm);
}

START_TEST(connection)
{
    WCHAR temp[MAX_PATH];
    IVMVirtualPC *vpc;

    CoInitialize(NULL);
    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(vm_name, L"vpccom-connection-test-%lu", GetCurrentProcessId());
    wsprintfW(folder, L"%s%s", temp, vm_name);

    if ((vpc = create_virtualpc()))
    {
        test_limits(vpc);
        test_connections(vpc);
        IVMVirtualPC_Release(vpc);
    }

    delete_files();
    RemoveDirectoryW(folder);
    CoUninitialize();
}
