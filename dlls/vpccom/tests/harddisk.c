/*
 * Conformance tests of IVMHardDisk and the disk methods of IVMVirtualPC
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


static BSTR disk_path(const WCHAR *name)
{
    WCHAR path[MAX_PATH];

    wsprintfW(path, L"%s\\%s", folder, name);
    return SysAllocString(path);
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

static HRESULT create_disk(IVMVirtualPC *vpc, const WCHAR *name, VMHardDiskType type,
                           const WCHAR *parent_name)
{
    BSTR path = disk_path(name), parent = parent_name ? disk_path(parent_name) : NULL;
    IVMTask *task;
    HRESULT hr;

    if (type == vmDiskType_Differencing)
        hr = IVMVirtualPC_CreateDifferencingVirtualHardDisk(vpc, path, parent, &task);
    else if (type == vmDiskType_FixedSize)
        hr = IVMVirtualPC_CreateFixedVirtualHardDisk(vpc, path, 16, &task);
    else
        hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, 512, &task);
    if (SUCCEEDED(hr) && wait_task(task) != vmTaskResult_Success) hr = E_FAIL;
    SysFreeString(path);
    SysFreeString(parent);
    return hr;
}

static IVMHardDisk *get_disk(IVMVirtualPC *vpc, const WCHAR *name)
{
    IVMHardDisk *disk = NULL;
    BSTR path = disk_path(name);
    HRESULT hr;

    hr = IVMVirtualPC_GetHardDisk(vpc, path, &disk);
    ok(hr == S_OK, "%s: got hr %#lx.\n", wine_dbgstr_w(name), hr);
    SysFreeString(path);
    return disk;
}

static void test_properties(IVMVirtualPC *vpc)
{
    static const struct
    {
        const WCHAR *name;
        VMHardDiskType type;
        const WCHAR *parent;
    }
    disks[] =
    {
        { L"dynamic.vhd", vmDiskType_Dynamic },
        { L"fixed.vhd", vmDiskType_FixedSize },
        { L"child.vhd", vmDiskType_Differencing, L"dynamic.vhd" },
    };
    IVMHardDisk *disk, *parent;
    VMHardDiskType type;
    VARIANT size;
    BSTR str, path;
    HRESULT hr;
    int i;

    for (i = 0; i < ARRAY_SIZE(disks); i++)
    {
        winetest_push_context("%s", wine_dbgstr_w(disks[i].name));
        hr = create_disk(vpc, disks[i].name, disks[i].type, disks[i].parent);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        if (!(disk = get_disk(vpc, disks[i].name)))
        {
            winetest_pop_context();
            continue;
        }
        type = -1;
        hr = IVMHardDisk_get_Type(disk, &type);
        ok(hr == S_OK && type == disks[i].type, "Got hr %#lx, type %d.\n", hr, type);
        hr = IVMHardDisk_get_File(disk, &str);
        path = disk_path(disks[i].name);
        ok(hr == S_OK && !lstrcmpiW(str, path), "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
        SysFreeString(str);
        SysFreeString(path);
        VariantInit(&size);
        hr = IVMHardDisk_get_SizeInGuest(disk, &size);
        ok(hr == S_OK && V_VT(&size) == VT_DECIMAL, "Got hr %#lx, type %d.\n", hr, V_VT(&size));
        ok(V_DECIMAL(&size).Lo64 > 0 && V_DECIMAL(&size).Lo64 <= 512 * 1024 * 1024,
           "Got size %s.\n", wine_dbgstr_longlong(V_DECIMAL(&size).Lo64));
        hr = IVMHardDisk_get_SizeOnHost(disk, &size);
        ok(hr == S_OK && V_VT(&size) == VT_DECIMAL && V_DECIMAL(&size).Lo64 > 0,
           "Got hr %#lx, type %d.\n", hr, V_VT(&size));
        hr = IVMHardDisk_get_HostFreeDiskSpace(disk, &size);
        ok(hr == S_OK && V_VT(&size) == VT_DECIMAL, "Got hr %#lx, type %d.\n", hr, V_VT(&size));
        hr = IVMHardDisk_get_SizeInGuest(disk, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        hr = IVMHardDisk_get_Type(disk, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

        parent = (IVMHardDisk *)0xdeadbeef;
        hr = IVMHardDisk_get_Parent(disk, &parent);
        if (disks[i].parent)
        {
            ok(hr == S_OK && parent, "Got hr %#lx, %p.\n", hr, parent);
            if (parent)
            {
                hr = IVMHardDisk_get_File(parent, &str);
                path = disk_path(disks[i].parent);
                ok(hr == S_OK && !lstrcmpiW(str, path), "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
                SysFreeString(str);
                SysFreeString(path);
                IVMHardDisk_Release(parent);
            }
        }
        else
            ok(hr == S_FALSE && !parent, "Got hr %#lx, %p.\n", hr, parent);
        IVMHardDisk_Release(disk);
        winetest_pop_context();
    }
}

static void test_get_errors(IVMVirtualPC *vpc)
{
    IVMHardDisk *disk;
    HANDLE file;
    DWORD written;
    BSTR path;
    HRESULT hr;

    path = disk_path(L"missing.vhd");
    disk = (IVMHardDisk *)0xdeadbeef;
    hr = IVMVirtualPC_GetHardDisk(vpc, path, &disk);
    ok(hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), "Got hr %#lx.\n", hr);
    ok(!disk, "Got %p.\n", disk);
    hr = IVMVirtualPC_GetHardDisk(vpc, path, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    SysFreeString(path);

    path = disk_path(L"text.vhd");
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(file, "not a disk", 10, &written, NULL);
    CloseHandle(file);
    hr = IVMVirtualPC_GetHardDisk(vpc, path, &disk);
    ok(hr == VM_E_INVALID_HD_FILE || broken(SUCCEEDED(hr)), "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) IVMHardDisk_Release(disk);
    DeleteFileW(path);
    SysFreeString(path);

    path = SysAllocString(L"relative.vhd");
    hr = IVMVirtualPC_GetHardDisk(vpc, path, &disk);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), "Got hr %#lx.\n", hr);
    SysFreeString(path);
}

static void test_operations(IVMVirtualPC *vpc)
{
    IVMHardDisk *fixed, *dynamic, *child, *copy;
    IVMTask *task;
    BSTR path;
    HRESULT hr;

    fixed = get_disk(vpc, L"fixed.vhd");
    dynamic = get_disk(vpc, L"dynamic.vhd");
    child = get_disk(vpc, L"child.vhd");
    if (!fixed || !dynamic || !child) goto done;

    path = disk_path(L"converted.vhd");
    hr = IVMHardDisk_Convert(fixed, path, vmDiskType_Dynamic, &task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) ok(wait_task(task) == vmTaskResult_Success, "Convert failed.\n");
    hr = IVMHardDisk_Convert(fixed, path, vmDiskType_Dynamic, &task);
    ok(hr == HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS), "Got hr %#lx.\n", hr);
    hr = IVMHardDisk_Convert(fixed, path, vmDiskType_Differencing, &task);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    hr = IVMHardDisk_Convert(fixed, path, vmDiskType_Dynamic, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    DeleteFileW(path);
    SysFreeString(path);

    path = disk_path(L"merged.vhd");
    hr = IVMHardDisk_MergeTo(child, path, vmDiskType_FixedSize, &task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) ok(wait_task(task) == vmTaskResult_Success, "MergeTo failed.\n");
    DeleteFileW(path);
    hr = IVMHardDisk_MergeTo(fixed, path, vmDiskType_Dynamic, &task);
    ok(hr == VM_E_WRONG_HD_IMAGE_TYPE, "Got hr %#lx.\n", hr);
    SysFreeString(path);

    hr = IVMHardDisk_Merge(fixed, &task);
    ok(hr == VM_E_WRONG_HD_IMAGE_TYPE, "Got hr %#lx.\n", hr);
    hr = IVMHardDisk_Merge(child, &task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) ok(wait_task(task) == vmTaskResult_Success, "Merge failed.\n");

    hr = IVMHardDisk_Compact(fixed, &task);
    ok(hr == VM_E_WRONG_HD_IMAGE_TYPE, "Got hr %#lx.\n", hr);
    hr = IVMHardDisk_Compact(dynamic, &task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) ok(wait_task(task) == vmTaskResult_Success, "Compact failed.\n");

    /* a copy of the parent under another name becomes the parent */
    path = disk_path(L"parent-copy.vhd");
    {
        BSTR from = disk_path(L"dynamic.vhd");
        ok(CopyFileW(from, path, FALSE), "CopyFile failed, error %lu.\n", GetLastError());
        SysFreeString(from);
    }
    copy = get_disk(vpc, L"parent-copy.vhd");
    if (copy)
    {
        hr = IVMHardDisk_put_Parent(child, copy);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        hr = IVMHardDisk_put_Parent(child, fixed);
        ok(hr == VM_E_PARENT_CHILD_ID_MISMATCH, "Got hr %#lx.\n", hr);
        hr = IVMHardDisk_put_Parent(child, NULL);
        ok(hr == E_POINTER || hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
        IVMHardDisk_Release(copy);
    }
    DeleteFileW(path);
    SysFreeString(path);

done:
    if (fixed) IVMHardDisk_Release(fixed);
    if (dynamic) IVMHardDisk_Release(dynamic);
    if (child) IVMHardDisk_Release(child);
}

START_TEST(harddisk)
{
    static const WCHAR *files[] = { L"dynamic.vhd", L"fixed.vhd", L"child.vhd" };
    WCHAR temp[MAX_PATH];
    IVMVirtualPC *vpc;
    BSTR path;
    int i;

    CoInitialize(NULL);
    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(folder, L"%svpccom-harddisk-test-%lu", temp, GetCurrentProcessId());
    CreateDirectoryW(folder, NULL);

    if ((vpc = create_virtualpc()))
    {
        test_properties(vpc);
        test_get_errors(vpc);
        test_operations(vpc);
        IVMVirtualPC_Release(vpc);
    }

    for (i = 0; i < ARRAY_SIZE(files); i++)
    {
        path = disk_path(files[i]);
        DeleteFileW(path);
        SysFreeString(path);
    }
    RemoveDirectoryW(folder);
    CoUninitialize();
}
