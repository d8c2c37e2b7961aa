/*
 * Conformance tests of IVMTask and IVMTaskCollection, on disk creation
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define COBJMACROS

#include <stdarg.h>
#include <stdio.h>

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

    lstrcpyW(path, folder);
    lstrcatW(path, name);
    return SysAllocString(path);
}

static LONGLONG file_size(const WCHAR *path)
{
    WIN32_FILE_ATTRIBUTE_DATA data;

    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data)) return -1;
    return (LONGLONG)data.nFileSizeHigh << 32 | data.nFileSizeLow;
}

static void test_completed_task(IVMVirtualPC *vpc)
{
    VARIANT_BOOL flag;
    VMTaskResult result;
    IVMTask *task, *task2;
    LONG value, id, id2;
    BSTR path, str;
    HRESULT hr;

    path = disk_path(L"\\dynamic.vhd");
    hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, 1024, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, 1024, &task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr))
    {
        SysFreeString(path);
        return;
    }

    hr = IVMTask_WaitForCompletion(task, -2);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    hr = IVMTask_WaitForCompletion(task, 4000001);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    hr = IVMTask_WaitForCompletion(task, -1);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMTask_WaitForCompletion(task, 0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    flag = VARIANT_FALSE;
    hr = IVMTask_get_IsComplete(task, &flag);
    ok(hr == S_OK && flag == VARIANT_TRUE, "Got hr %#lx, %d.\n", hr, flag);
    hr = IVMTask_get_IsCancelable(task, &flag);
    ok(hr == S_OK && flag == VARIANT_FALSE, "Got hr %#lx, %d.\n", hr, flag);
    value = -1;
    hr = IVMTask_get_PercentCompleted(task, &value);
    ok(hr == S_OK && value == 100, "Got hr %#lx, %ld.\n", hr, value);
    result = -1;
    hr = IVMTask_get_Result(task, &result);
    ok(hr == S_OK && result == vmTaskResult_Success, "Got hr %#lx, %d.\n", hr, result);
    value = -1;
    hr = IVMTask_get_Error(task, &value);
    ok(hr == S_OK && value == 0, "Got hr %#lx, %#lx.\n", hr, value);
    hr = IVMTask_get_ErrorDescription(task, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str && !*str, "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMTask_get_Description(task, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(str && *str, "Got %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMTask_get_ID(task, &id);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    hr = IVMTask_Cancel(task);
    ok(hr == E_FAIL, "Got hr %#lx.\n", hr);

    hr = IVMTask_get_IsComplete(task, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMTask_get_PercentCompleted(task, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMTask_get_Result(task, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMTask_get_Error(task, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMTask_get_Description(task, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMTask_get_ID(task, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    ok(file_size(path) > 0, "The disk was not created.\n");

    /* the same file again */
    task2 = (IVMTask *)0xdeadbeef;
    hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, 1024, &task2);
    ok(hr == HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS), "Got hr %#lx.\n", hr);
    ok(!task2, "Got %p.\n", task2);
    IVMTask_Release(task);
    DeleteFileW(path);
    SysFreeString(path);

    /* every task has an ID of its own */
    path = disk_path(L"\\fixed.vhd");
    hr = IVMVirtualPC_CreateFixedVirtualHardDisk(vpc, path, 16, &task2);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IVMTask_get_ID(task2, &id2);
        ok(hr == S_OK && id2 != id, "Got hr %#lx, IDs %ld and %ld.\n", hr, id, id2);
        IVMTask_WaitForCompletion(task2, -1);
        ok(file_size(path) == 16 * 1024 * 1024 + 512, "Got size %s.\n",
           wine_dbgstr_longlong(file_size(path)));
        IVMTask_Release(task2);
    }
    DeleteFileW(path);
    SysFreeString(path);
}

static LONG messages_seen;

static LRESULT CALLBACK counting_wndproc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam)
{
    if (msg == WM_USER + 1) InterlockedIncrement(&messages_seen);
    return DefWindowProcW(hwnd, msg, wparam, lparam);
}

/* On a single-threaded apartment the wait keeps the messages flowing. */
static void test_wait_pumps_messages(IVMVirtualPC *vpc)
{
    WNDCLASSW class = { 0 };
    IVMTask *task;
    HWND hwnd;
    BSTR path;
    HRESULT hr;

    class.lpfnWndProc = counting_wndproc;
    class.lpszClassName = L"vpccom_task_test";
    RegisterClassW(&class);
    hwnd = CreateWindowW(L"vpccom_task_test", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    ok(hwnd != NULL, "CreateWindow failed, error %lu.\n", GetLastError());

    path = disk_path(L"\\pumped.vhd");
    hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, 2088960, &task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        messages_seen = 0;
        PostMessageW(hwnd, WM_USER + 1, 0, 0);
        hr = IVMTask_WaitForCompletion(task, 60000);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(messages_seen == 1 || broken(!messages_seen), "%ld messages dispatched.\n", messages_seen);
        IVMTask_Release(task);
    }
    DeleteFileW(path);
    SysFreeString(path);
    DestroyWindow(hwnd);
    UnregisterClassW(L"vpccom_task_test", NULL);
}

/* "Fire and forget": the work goes on after the last reference goes. */
static void test_released_task(IVMVirtualPC *vpc)
{
    IVMTask *task;
    BSTR path;
    HRESULT hr;
    int i;

    path = disk_path(L"\\released.vhd");
    hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, 4096, &task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        IVMTask_Release(task);
        for (i = 0; i < 1000 && file_size(path) <= 0; i++) Sleep(10);
        ok(file_size(path) > 0, "The released task did not finish.\n");
    }
    DeleteFileW(path);
    SysFreeString(path);
}

static void test_tasks_collection(IVMVirtualPC *vpc)
{
    IVMTaskCollection *tasks;
    IVMTask *task, *item;
    IEnumVARIANT *enumerator;
    IUnknown *unk;
    LONG count = -1, i, id, item_id;
    VARIANT var;
    BSTR path;
    HRESULT hr;

    hr = IVMVirtualPC_get_Tasks(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    path = disk_path(L"\\listed.vhd");
    hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, 2088960, &task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) task = NULL;
    if (task) IVMTask_get_ID(task, &id);

    hr = IVMVirtualPC_get_Tasks(vpc, &tasks);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IVMTaskCollection_get_Count(tasks, &count);
        ok(hr == S_OK && count >= 0, "Got hr %#lx, count %ld.\n", hr, count);
        for (i = 1; i <= count; i++)
        {
            hr = IVMTaskCollection_get_Item(tasks, i, &item);
            ok(hr == S_OK, "Got hr %#lx.\n", hr);
            if (FAILED(hr)) continue;
            hr = IVMTask_get_ID(item, &item_id);
            ok(hr == S_OK && item_id > 0, "Got hr %#lx, ID %ld.\n", hr, item_id);
            IVMTask_Release(item);
        }
        hr = IVMTaskCollection_get_Item(tasks, count + 1, &item);
        ok(hr == DISP_E_BADINDEX || hr == E_INVALIDARG, "Got hr %#lx.\n", hr);

        hr = IVMTaskCollection_get__NewEnum(tasks, &unk);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&enumerator);
            for (i = 0; IEnumVARIANT_Next(enumerator, 1, &var, NULL) == S_OK; i++)
            {
                ok(V_VT(&var) == VT_DISPATCH, "Got type %d.\n", V_VT(&var));
                VariantClear(&var);
            }
            ok(i == count, "Enumerated %ld of %ld.\n", i, count);
            IEnumVARIANT_Release(enumerator);
            IUnknown_Release(unk);
        }
        IVMTaskCollection_Release(tasks);
    }

    if (task)
    {
        IVMTask_WaitForCompletion(task, -1);
        IVMTask_Release(task);
    }
    DeleteFileW(path);
    SysFreeString(path);
}

static void test_arguments(IVMVirtualPC *vpc)
{
    const struct
    {
        const WCHAR *path;
        LONG size;
        HRESULT hr;
    }
    tests[] =
    {
        { L"\\a.vhd", 0, E_INVALIDARG },
        { L"\\a.vhd", -1, E_INVALIDARG },
        { L"\\a.vhd", 2, VM_E_IMAGE_SIZE_TOO_SMALL },
        { L"\\a.vhd", 2088961, VM_E_IMAGE_SIZE_TOO_LARGE },
        { L"\\a?.vhd", 16, HRESULT_FROM_WIN32(ERROR_INVALID_NAME) },
        { L"\\a|b.vhd", 16, HRESULT_FROM_WIN32(ERROR_INVALID_NAME) },
        { NULL, 16, HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME) },
    };
    WCHAR long_name[300];
    IVMTask *task;
    BSTR path;
    HRESULT hr;
    int i;

    for (i = 0; i < ARRAY_SIZE(tests); i++)
    {
        winetest_push_context("%d", i);
        path = tests[i].path ? disk_path(tests[i].path) : SysAllocString(L"relative.vhd");
        task = (IVMTask *)0xdeadbeef;
        hr = IVMVirtualPC_CreateDynamicVirtualHardDisk(vpc, path, tests[i].size, &task);
        ok(hr == tests[i].hr, "Got hr %#lx, expected %#lx.\n", hr, tests[i].hr);
        if (SUCCEEDED(hr)) IVMTask_Release(task);
        else ok(!task, "Got %p.\n", task);
        ok(file_size(path) < 0, "A file was created.\n");
        SysFreeString(path);
        winetest_pop_context();
    }

    for (i = 0; i < ARRAY_SIZE(long_name) - 1; i++) long_name[i] = 'a';
    long_name[0] = '\\';
    long_name[i] = 0;
    path = disk_path(long_name);
    hr = IVMVirtualPC_CreateFixedVirtualHardDisk(vpc, path, 16, &task);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW), "Got hr %#lx.\n", hr);
    SysFreeString(path);
}

START_TEST(task)
{
    WCHAR temp[MAX_PATH];
    IVMVirtualPC *vpc;

    CoInitialize(NULL);
    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(folder, L"%svpccom-task-test-%lu", temp, GetCurrentProcessId());
    CreateDirectoryW(folder, NULL);

    if ((vpc = create_virtualpc()))
    {
        test_completed_task(vpc);
        test_released_task(vpc);
        test_wait_pumps_messages(vpc);
        test_tasks_collection(vpc);
        test_arguments(vpc);
        IVMVirtualPC_Release(vpc);
    }

    RemoveDirectoryW(folder);
    CoUninitialize();
}
