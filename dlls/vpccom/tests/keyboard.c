/*
 * Conformance tests of IVMKeyboard
 *
 * The machine is off: these are the errors a script meets before a key
 * reaches a guest (tests/inside types into a running one).
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


static void test_null_pointers(IVMKeyboard *keyboard)
{
    VARIANT_BOOL value;
    HRESULT hr;
    BSTR key;

    key = SysAllocString(L"Key_A");
    SetErrorInfo(0, NULL);
    hr = IVMKeyboard_get_HasExclusiveAccess(keyboard, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMKeyboard);
    hr = IVMKeyboard_IsPressed(keyboard, NULL, &value);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMKeyboard_IsPressed(keyboard, key, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMKeyboard_PressKey(keyboard, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMKeyboard_ReleaseKey(keyboard, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMKeyboard_PressAndReleaseKey(keyboard, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    SetErrorInfo(0, NULL);
    hr = IVMKeyboard_TypeAsciiText(keyboard, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMKeyboard);
    hr = IVMKeyboard_TypeKeySequence(keyboard, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    SysFreeString(key);
}

/* Invalid keys, texts and sequences: E_INVALIDARG before anything is typed
 * (Windows may find the machine off first). */
static void test_invalid_arguments(IVMKeyboard *keyboard)
{
    static const WCHAR *const keys[] =
    {
        L"", L"Key_Nothing", L"A", L"Key_CapsLock", L"DOWN", L"HOLD", L"Key_A,Key_B", L" Key_A",
    };
    static const WCHAR *const sequences[] =
    {
        L"", L",", L"Key_A,", L",Key_A", L"Key_A,,Key_B", L"DOWN", L"UP", L"DOWN,UP,Key_A",
        L"DOWN,HOLD,Key_A", L"Key_A,DOWN", L"Key_Nothing", L"Key_A Key_B", L"Key_A;Key_B",
    };
    static const WCHAR *const texts[] = { L"", L"\x01", L"caf\x00e9", L"\x20ac" };
    VARIANT_BOOL value;
    HRESULT hr;
    BSTR text;
    int i;

    for (i = 0; i < ARRAY_SIZE(keys); i++)
    {
        winetest_push_context("key %s", wine_dbgstr_w(keys[i]));
        text = SysAllocString(keys[i]);
        SetErrorInfo(0, NULL);
        hr = IVMKeyboard_PressKey(keyboard, text);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMKeyboard);
        hr = IVMKeyboard_ReleaseKey(keyboard, text);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        hr = IVMKeyboard_PressAndReleaseKey(keyboard, text);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        value = 0xdead;
        hr = IVMKeyboard_IsPressed(keyboard, text, &value);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        SysFreeString(text);
        winetest_pop_context();
    }
    for (i = 0; i < ARRAY_SIZE(sequences); i++)
    {
        winetest_push_context("sequence %s", wine_dbgstr_w(sequences[i]));
        text = SysAllocString(sequences[i]);
        SetErrorInfo(0, NULL);
        hr = IVMKeyboard_TypeKeySequence(keyboard, text);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMKeyboard);
        SysFreeString(text);
        winetest_pop_context();
    }
    for (i = 0; i < ARRAY_SIZE(texts); i++)
    {
        winetest_push_context("text %d", i);
        text = SysAllocString(texts[i]);
        SetErrorInfo(0, NULL);
        hr = IVMKeyboard_TypeAsciiText(keyboard, text);
        ok(hr == E_INVALIDARG || broken(hr == VM_E_VM_NOT_RUNNING), "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMKeyboard);
        SysFreeString(text);
        winetest_pop_context();
    }
}

/* Valid input to a machine that is off. */
static void test_not_running(IVMKeyboard *keyboard)
{
    VARIANT_BOOL value;
    HRESULT hr;
    BSTR text;

    text = SysAllocString(L"Key_A");
    SetErrorInfo(0, NULL);
    hr = IVMKeyboard_PressKey(keyboard, text);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMKeyboard);
    hr = IVMKeyboard_ReleaseKey(keyboard, text);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
    hr = IVMKeyboard_PressAndReleaseKey(keyboard, text);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
    value = 0xdead;
    hr = IVMKeyboard_IsPressed(keyboard, text, &value);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(hr == S_OK && !value), "Got hr %#lx.\n", hr);
    SysFreeString(text);

    /* names are compared without case */
    text = SysAllocString(L"key_leftshift");
    hr = IVMKeyboard_PressKey(keyboard, text);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
    SysFreeString(text);

    text = SysAllocString(L"echo typed\r\n");
    SetErrorInfo(0, NULL);
    hr = IVMKeyboard_TypeAsciiText(keyboard, text);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMKeyboard);
    SysFreeString(text);

    text = SysAllocString(L"DOWN,Key_LeftCtrl,DOWN,Key_LeftAlt,Key_Delete,UP,Key_LeftAlt,UP,Key_LeftCtrl,HOLD");
    hr = IVMKeyboard_TypeKeySequence(keyboard, text);
    ok(hr == VM_E_VM_NOT_RUNNING || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
    SysFreeString(text);

    /* no exclusive access to the keyboard of a machine that does not run */
    value = 0xdead;
    hr = IVMKeyboard_get_HasExclusiveAccess(keyboard, &value);
    ok(hr == S_OK && value == VARIANT_FALSE, "Got hr %#lx, value %#x.\n", hr, value);
    SetErrorInfo(0, NULL);
    hr = IVMKeyboard_put_HasExclusiveAccess(keyboard, VARIANT_TRUE);
    ok(hr == VM_E_SET_EXCLUSIVE_MODE_FAIL, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMKeyboard);
    hr = IVMKeyboard_put_HasExclusiveAccess(keyboard, VARIANT_FALSE);
    ok(hr == VM_E_SET_EXCLUSIVE_MODE_FAIL || broken(hr == S_FALSE), "Got hr %#lx.\n", hr);
}

/* Late-bound, as scripts call it: the failure arrives as an exception. */
static void test_dispatch(IVMKeyboard *keyboard)
{
    DISPPARAMS params = { 0 };
    OLECHAR *name;
    EXCEPINFO excep;
    IDispatch *disp;
    VARIANT arg, result;
    DISPID dispid;
    HRESULT hr;

    hr = IVMKeyboard_QueryInterface(keyboard, &IID_IDispatch, (void **)&disp);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    name = (OLECHAR *)L"TypeKeySequence";
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &dispid);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    V_VT(&arg) = VT_BSTR;
    V_BSTR(&arg) = SysAllocString(L"Key_Nothing");
    params.rgvarg = &arg;
    params.cArgs = 1;
    memset(&excep, 0, sizeof(excep));
    VariantInit(&result);
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                          &result, &excep, NULL);
    ok(hr == DISP_E_EXCEPTION, "Got hr %#lx.\n", hr);
    ok(excep.scode == E_INVALIDARG || broken(excep.scode == VM_E_VM_NOT_RUNNING), "Got scode %#lx.\n",
       excep.scode);
    ok(excep.bstrDescription && *excep.bstrDescription, "Got description %s.\n",
       wine_dbgstr_w(excep.bstrDescription));
    SysFreeString(excep.bstrDescription);
    SysFreeString(excep.bstrSource);
    SysFreeString(excep.bstrHelpFile);
    SysFreeString(V_BSTR(&arg));

    V_BSTR(&arg) = SysAllocString(L"Key_A,Key_Enter");
    memset(&excep, 0, sizeof(excep));
    hr = IDispatch_Invoke(disp, dispid, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                          &result, &excep, NULL);
    ok(hr == DISP_E_EXCEPTION, "Got hr %#lx.\n", hr);
    ok(excep.scode == VM_E_VM_NOT_RUNNING || broken(FAILED(excep.scode)), "Got scode %#lx.\n", excep.scode);
    SysFreeString(excep.bstrDescription);
    SysFreeString(excep.bstrSource);
    SysFreeString(excep.bstrHelpFile);
    SysFreeString(V_BSTR(&arg));
    IDispatch_Release(disp);
}

static void test_keyboard(IVMVirtualPC *vpc)
{
    IVMKeyboard *keyboard = NULL, *keyboard2 = NULL;
    ISupportErrorInfo *support;
    IVMVirtualMachine *vm = NULL;
    BSTR name, path;
    HRESULT hr;
    ULONG ref;

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
    if (!vm) return;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_Keyboard(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    hr = IVMVirtualMachine_get_Keyboard(vm, &keyboard);
    ok(hr == S_OK && keyboard, "Got hr %#lx.\n", hr);
    if (!keyboard)
    {
        IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
        IVMVirtualMachine_Release(vm);
        return;
    }
    hr = IVMKeyboard_QueryInterface(keyboard, &IID_ISupportErrorInfo, (void **)&support);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IVMKeyboard);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ISupportErrorInfo_Release(support);
    }

    test_null_pointers(keyboard);
    test_invalid_arguments(keyboard);
    test_not_running(keyboard);
    test_dispatch(keyboard);

    /* the keyboards hold their machine */
    hr = IVMVirtualMachine_get_Keyboard(vm, &keyboard2);
    ok(hr == S_OK && keyboard2, "Got hr %#lx.\n", hr);
    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ref = IVMVirtualMachine_Release(vm);
    ok(ref > 0, "Got refcount %lu.\n", ref);
    if (keyboard2)
    {
        BSTR key = SysAllocString(L"Key_A");

        hr = IVMKeyboard_PressAndReleaseKey(keyboard2, key);
        ok(hr == VM_E_VM_NOT_RUNNING || broken(FAILED(hr)), "Got hr %#lx.\n", hr);
        SysFreeString(key);
        IVMKeyboard_Release(keyboard2);
    }
    IVMKeyboard_Release(keyboard);
}

static void test_machine_gone(IVMVirtualPC *vpc)
{
    IVMVirtualMachine *vm = NULL;
    IVMKeyboard *keyboard;
    BSTR name, path;
    HRESULT hr;

    name = SysAllocString(vm_name);
    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &vm);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    SysFreeString(name);
    if (!vm) return;
    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    keyboard = (IVMKeyboard *)0xdeadbeef;
    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_Keyboard(vm, &keyboard);
    ok(hr == VM_E_VM_UNKNOWN || broken(hr == S_OK), "Got hr %#lx.\n", hr);
    if (hr == S_OK) IVMKeyboard_Release(keyboard);
    else
    {
        ok(!keyboard, "Got keyboard %p.\n", keyboard);
        check_error_info(&IID_IVMVirtualMachine);
    }
    IVMVirtualMachine_Release(vm);
}

START_TEST(keyboard)
{
    WCHAR temp[MAX_PATH];
    IVMVirtualPC *vpc;

    CoInitialize(NULL);
    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(vm_name, L"vpccom-keyboard-test-%lu", GetCurrentProcessId());
    wsprintfW(folder, L"%s%s", temp, vm_name);

    if ((vpc = create_virtualpc()))
    {
        test_keyboard(vpc);
        test_machine_gone(vpc);
        IVMVirtualPC_Release(vpc);
    }

    delete_files();
    RemoveDirectoryW(folder);
    CoUninitialize();
}
