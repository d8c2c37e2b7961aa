/*
 * What the conformance tests share: the application object, and the check
 * that a failure described itself through IErrorInfo
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __VPCCOM_TEST_H
#define __VPCCOM_TEST_H

static inline IVMVirtualPC *create_virtualpc(void)
{
    IVMVirtualPC *vpc = NULL;
    CLSID clsid;
    HRESULT hr;

    if (FAILED(hr = CLSIDFromProgID(L"VirtualPC.Application", &clsid)))
    {
        win_skip("VirtualPC.Application is not registered, hr %#lx.\n", hr);
        return NULL;
    }
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER,
                          &IID_IVMVirtualPC, (void **)&vpc);
    if (FAILED(hr)) win_skip("Could not create VirtualPC.Application, hr %#lx.\n", hr);
    return vpc;
}

/* The last call failed and said why through IErrorInfo. */
#define check_error_info(a) check_error_info_(__LINE__, a)
static inline void check_error_info_(unsigned int line, REFIID iid)
{
    IErrorInfo *info = NULL;
    BSTR description = NULL;
    GUID guid;
    HRESULT hr;

    hr = GetErrorInfo(0, &info);
    ok_(__FILE__, line)(hr == S_OK && info, "Got hr %#lx, no error info.\n", hr);
    if (!info) return;
    hr = IErrorInfo_GetDescription(info, &description);
    ok_(__FILE__, line)(hr == S_OK && description && *description, "Got hr %#lx, description %s.\n",
                        hr, wine_dbgstr_w(description));
    SysFreeString(description);
    hr = IErrorInfo_GetGUID(info, &guid);
    ok_(__FILE__, line)(hr == S_OK && IsEqualGUID(&guid, iid), "Got hr %#lx, %s.\n", hr,
                        wine_dbgstr_guid(&guid));
    IErrorInfo_Release(info);
}

#endif /* __VPCCOM_TEST_H */
