/*
 * Conformance tests of events: the connection points of the application,
 * machines, DVD drives and floppy drives, and what their sinks hear
 *
 * Media events need no running machine.  Machine states need libvirt: a
 * machine without disks (it boots SeaBIOS only) is started by a child
 * process, then its QEMU is killed.  The guest's own shutdown needs the test
 * guest (tests/guest), named by VPC_TEST_GUEST_VHD (a Windows path).
 *
 * The test thread is an STA: sinks are called on it while it pumps messages.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define COBJMACROS
#define CONST_VTABLE

#include <stdarg.h>
#include <stdio.h>

#include "windef.h"
#include "winbase.h"
#include "winuser.h"
#include "ole2.h"
#include "olectl.h"
#include "ocidl.h"
#include "vpccominterfaces.h"

#include "wine/test.h"
#include "vpccom_test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static WCHAR folder[MAX_PATH];
static WCHAR vm_name[64];
static DWORD main_thread;

static BSTR file_path(const WCHAR *name)
{
    WCHAR path[MAX_PATH];

    wsprintfW(path, L"%s\\%s", folder, name);
    return SysAllocString(path);
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

/* ---- a sink ---------------------------------------------------------- */

struct call
{
    DISPID dispid;
    UINT args;
    WCHAR text[MAX_PATH];   /* the BSTR argument */
    LONG number;            /* the VT_I4 argument, or -1 */
    DWORD thread;
    BOOL good;              /* a method call, IID_NULL, arguments of the expected types */
};

struct sink
{
    IDispatch IDispatch_iface;
    LONG ref;
    IID iid;                /* the event interface it has (IID_NULL: none) */
    HRESULT hr;             /* what Invoke returns */
    LONG count;
    struct call calls[64];
    IConnectionPoint *unadvise_point;   /* Unadvise from its first call */
    DWORD unadvise_cookie;
    HRESULT unadvise_hr;
};

static inline struct sink *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IDispatch_iface);
}

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **obj)
{
    struct sink *sink = impl_from_IDispatch(iface);

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || (!IsEqualGUID(&sink->iid, &IID_NULL) && IsEqualGUID(riid, &sink->iid)))
    {
        *obj = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    return InterlockedIncrement(&impl_from_IDispatch(iface)->ref);
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    return InterlockedDecrement(&impl_from_IDispatch(iface)->ref);
}

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **ti)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
                                         LCID lcid, DISPID *ids)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID dispid, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    struct sink *sink = impl_from_IDispatch(iface);
    struct call *call;
    UINT i;

    if (sink->count >= ARRAY_SIZE(sink->calls)) return sink->hr;
    call = &sink->calls[sink->count];
    call->dispid = dispid;
    call->args = params ? params->cArgs : 0;
    call->text[0] = 0;
    call->number = -1;
    call->thread = GetCurrentThreadId();
    call->good = IsEqualGUID(riid, &IID_NULL) && (flags & DISPATCH_METHOD) && params
                 && !params->cNamedArgs;
    for (i = 0; params && i < params->cArgs; i++)
    {
        VARIANT *arg = &params->rgvarg[i];

        if (V_VT(arg) == VT_BSTR && V_BSTR(arg)) lstrcpynW(call->text, V_BSTR(arg), ARRAY_SIZE(call->text));
        else if (V_VT(arg) == VT_I4) call->number = V_I4(arg);
        else call->good = FALSE;
    }
    if (sink->unadvise_point)
    {
        sink->unadvise_hr = IConnectionPoint_Unadvise(sink->unadvise_point, sink->unadvise_cookie);
        sink->unadvise_point = NULL;
    }
    /* the count last: the call is complete when a waiter sees it */
    InterlockedIncrement(&sink->count);
    return sink->hr;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_GetTypeInfoCount,
    sink_GetTypeInfo,
    sink_GetIDsOfNames,
    sink_Invoke
};

static void init_sink(struct sink *sink, REFIID iid, HRESULT hr)
{
    memset(sink, 0, sizeof(*sink));
    sink->IDispatch_iface.lpVtbl = &sink_vtbl;
    sink->ref = 1;
    sink->iid = *iid;
    sink->hr = hr;
}

/* Pumps messages until the sink has count calls, or for timeout ms when
 * sink is NULL; whether it got them. */
static BOOL pump_until(const struct sink *sink, LONG count, DWORD timeout)
{
    DWORD start = GetTickCount(), elapsed;
    MSG msg;

    for (;;)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        if (sink && sink->count >= count) return TRUE;
        if ((elapsed = GetTickCount() - start) >= timeout) return !sink;
        MsgWaitForMultipleObjects(0, NULL, FALSE, timeout - elapsed, QS_ALLINPUT);
    }
}

/* The first call from index from with that DISPID and number (-1: any),
 * or -1. */
static int find_call(const struct sink *sink, int from, DISPID dispid, LONG number)
{
    int i;

    for (i = from; i < sink->count; i++)
        if (sink->calls[i].dispid == dispid && (number == -1 || sink->calls[i].number == number)) return i;
    return -1;
}

/* Pumps messages until the sink hears that event (after index from), at
 * most timeout ms; its index or -1. */
static int wait_for_call(const struct sink *sink, int from, DISPID dispid, LONG number, DWORD timeout)
{
    DWORD start = GetTickCount(), elapsed;
    int i;

    for (;;)
    {
        if ((i = find_call(sink, from, dispid, number)) >= 0) return i;
        if ((elapsed = GetTickCount() - start) >= timeout) return -1;
        pump_until(sink, sink->count + 1, min(timeout - elapsed, 250));
    }
}

#define check_call(a, b, c, d, e) check_call_(__LINE__, a, b, c, d, e)
static void check_call_(unsigned int line, const struct sink *sink, int index, DISPID dispid, UINT args,
                        const WCHAR *text)
{
    const struct call *call;

    ok_(__FILE__, line)(index >= 0 && index < sink->count, "No call %d (%ld calls).\n", index, sink->count);
    if (index < 0 || index >= sink->count) return;
    call = &sink->calls[index];
    ok_(__FILE__, line)(call->dispid == dispid, "Got DISPID %ld.\n", call->dispid);
    ok_(__FILE__, line)(call->args == args, "Got %u arguments.\n", call->args);
    ok_(__FILE__, line)(call->good, "Unexpected call flags or argument types.\n");
    ok_(__FILE__, line)(call->thread == main_thread, "Called on thread %#lx, not the sink's %#lx.\n",
                        call->thread, main_thread);
    if (text)
        ok_(__FILE__, line)(!lstrcmpiW(call->text, text), "Got %s, expected %s.\n", wine_dbgstr_w(call->text),
                            wine_dbgstr_w(text));
}

static IConnectionPoint *find_point(IUnknown *obj, REFIID iid)
{
    IConnectionPointContainer *container;
    IConnectionPoint *point = NULL;
    HRESULT hr;

    hr = IUnknown_QueryInterface(obj, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    hr = IConnectionPointContainer_FindConnectionPoint(container, iid, &point);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    return point;
}

static DWORD advise(IConnectionPoint *point, struct sink *sink)
{
    DWORD cookie = 0;
    HRESULT hr;

    if (!point) return 0;
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink->IDispatch_iface, &cookie);
    ok(hr == S_OK && cookie, "Got hr %#lx, cookie %#lx.\n", hr, cookie);
    return cookie;
}

static void unadvise(IConnectionPoint *point, DWORD cookie)
{
    HRESULT hr;

    if (!point || !cookie) return;
    hr = IConnectionPoint_Unadvise(point, cookie);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
}

static BOOL same_object(void *a, void *b)
{
    IUnknown *unk_a, *unk_b;
    BOOL ret;

    IUnknown_QueryInterface((IUnknown *)a, &IID_IUnknown, (void **)&unk_a);
    IUnknown_QueryInterface((IUnknown *)b, &IID_IUnknown, (void **)&unk_b);
    ret = unk_a == unk_b;
    IUnknown_Release(unk_a);
    IUnknown_Release(unk_b);
    return ret;
}

/* ---- the connection points ------------------------------------------- */

/* The class information names the object's interface as default and the
 * event interface as default source (what script hosts look for). */
static void test_class_info(IUnknown *obj, REFIID iface_iid, REFIID events_iid)
{
    IProvideClassInfo2 *info2;
    IProvideClassInfo *info;
    ITypeInfo *class_ti, *ti;
    TYPEATTR *attr;
    HREFTYPE href;
    UINT i, count = 0;
    INT flags;
    BOOL found_default = FALSE, found_source = FALSE;
    GUID guid;
    HRESULT hr;

    hr = IUnknown_QueryInterface(obj, &IID_IProvideClassInfo, (void **)&info);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = IProvideClassInfo_GetClassInfo(info, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IProvideClassInfo_GetClassInfo(info, &class_ti);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IProvideClassInfo_Release(info);
    if (FAILED(hr)) return;

    hr = ITypeInfo_GetTypeAttr(class_ti, &attr);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(attr->typekind == TKIND_COCLASS, "Got kind %d.\n", attr->typekind);
        count = attr->cImplTypes;
        ITypeInfo_ReleaseTypeAttr(class_ti, attr);
    }
    for (i = 0; i < count; i++)
    {
        if (FAILED(ITypeInfo_GetImplTypeFlags(class_ti, i, &flags))) continue;
        if (FAILED(ITypeInfo_GetRefTypeOfImplType(class_ti, i, &href))) continue;
        if (FAILED(ITypeInfo_GetRefTypeInfo(class_ti, href, &ti))) continue;
        if (SUCCEEDED(ITypeInfo_GetTypeAttr(ti, &attr)))
        {
            if (flags == IMPLTYPEFLAG_FDEFAULT && IsEqualGUID(&attr->guid, iface_iid)) found_default = TRUE;
            if (flags == (IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE) && IsEqualGUID(&attr->guid, events_iid))
                found_source = TRUE;
            ITypeInfo_ReleaseTypeAttr(ti, attr);
        }
        ITypeInfo_Release(ti);
    }
    ok(found_default, "No default interface %s.\n", wine_dbgstr_guid(iface_iid));
    ok(found_source, "No default source %s.\n", wine_dbgstr_guid(events_iid));
    ITypeInfo_Release(class_ti);

    hr = IUnknown_QueryInterface(obj, &IID_IProvideClassInfo2, (void **)&info2);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    memset(&guid, 0, sizeof(guid));
    hr = IProvideClassInfo2_GetGUID(info2, GUIDKIND_DEFAULT_SOURCE_DISP_IID, &guid);
    ok(hr == S_OK && IsEqualGUID(&guid, events_iid), "Got hr %#lx, %s.\n", hr, wine_dbgstr_guid(&guid));
    hr = IProvideClassInfo2_GetGUID(info2, GUIDKIND_DEFAULT_SOURCE_DISP_IID, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IProvideClassInfo2_GetGUID(info2, 0xdead, &guid);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    IProvideClassInfo2_Release(info2);
}

static void test_connection_point(IUnknown *obj, REFIID iface_iid, REFIID events_iid)
{
    IConnectionPointContainer *container, *container2;
    IConnectionPoint *point, *point2;
    IEnumConnectionPoints *points, *points2;
    IEnumConnections *connections;
    struct sink sink1, sink2, bad;
    CONNECTDATA data[3];
    DWORD cookie1, cookie2, cookie;
    ULONG fetched;
    IID iid;
    HRESULT hr;

    hr = IUnknown_QueryInterface(obj, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    ok(same_object(container, obj), "The container is another object.\n");

    point = (IConnectionPoint *)0xdeadbeef;
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_IDispatch, &point);
    ok(hr == CONNECT_E_NOCONNECTION, "Got hr %#lx.\n", hr);
    ok(!point, "Got %p.\n", point);
    point = (IConnectionPoint *)0xdeadbeef;
    hr = IConnectionPointContainer_FindConnectionPoint(container,
            IsEqualGUID(events_iid, &IID_IVMVirtualPCEvents) ? &IID_IVMVirtualMachineEvents
                                                             : &IID_IVMVirtualPCEvents, &point);
    ok(hr == CONNECT_E_NOCONNECTION, "Got hr %#lx.\n", hr);
    ok(!point, "Got %p.\n", point);
    hr = IConnectionPointContainer_FindConnectionPoint(container, events_iid, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    point = NULL;
    hr = IConnectionPointContainer_FindConnectionPoint(container, events_iid, &point);
    ok(hr == S_OK && point, "Got hr %#lx.\n", hr);
    if (!point)
    {
        IConnectionPointContainer_Release(container);
        return;
    }

    memset(&iid, 0, sizeof(iid));
    hr = IConnectionPoint_GetConnectionInterface(point, &iid);
    ok(hr == S_OK && IsEqualGUID(&iid, events_iid), "Got hr %#lx, %s.\n", hr, wine_dbgstr_guid(&iid));
    hr = IConnectionPoint_GetConnectionInterface(point, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    container2 = NULL;
    hr = IConnectionPoint_GetConnectionPointContainer(point, &container2);
    ok(hr == S_OK && container2 == container, "Got hr %#lx, %p, %p.\n", hr, container2, container);
    if (container2) IConnectionPointContainer_Release(container2);
    hr = IConnectionPoint_GetConnectionPointContainer(point, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IConnectionPoint_QueryInterface(point, &IID_IConnectionPointContainer, (void **)&container2);
    ok(hr == E_NOINTERFACE, "Got hr %#lx.\n", hr);

    /* one point to enumerate */
    hr = IConnectionPointContainer_EnumConnectionPoints(container, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    points = NULL;
    hr = IConnectionPointContainer_EnumConnectionPoints(container, &points);
    ok(hr == S_OK && points, "Got hr %#lx.\n", hr);
    if (points)
    {
        point2 = NULL;
        fetched = 0xdead;
        hr = IEnumConnectionPoints_Next(points, 1, &point2, &fetched);
        ok(hr == S_OK && fetched == 1 && point2 == point, "Got hr %#lx, %lu, %p.\n", hr, fetched, point2);
        if (point2) IConnectionPoint_Release(point2);
        point2 = NULL;
        hr = IEnumConnectionPoints_Next(points, 1, &point2, &fetched);
        ok(hr == S_FALSE && !fetched && !point2, "Got hr %#lx, %lu, %p.\n", hr, fetched, point2);
        hr = IEnumConnectionPoints_Reset(points);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        hr = IEnumConnectionPoints_Skip(points, 2);
        ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
        hr = IEnumConnectionPoints_Reset(points);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        points2 = NULL;
        hr = IEnumConnectionPoints_Clone(points, &points2);
        ok(hr == S_OK && points2, "Got hr %#lx.\n", hr);
        hr = IEnumConnectionPoints_Skip(points, 1);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        if (points2)
        {
            point2 = NULL;
            hr = IEnumConnectionPoints_Next(points2, 1, &point2, NULL);
            ok(hr == S_OK && point2 == point, "Got hr %#lx, %p.\n", hr, point2);
            if (point2) IConnectionPoint_Release(point2);
            IEnumConnectionPoints_Release(points2);
        }
        IEnumConnectionPoints_Release(points);
    }

    /* sinks */
    init_sink(&sink1, events_iid, S_OK);
    init_sink(&sink2, events_iid, S_OK);
    init_sink(&bad, &IID_NULL, S_OK);
    cookie = 0xdead;
    hr = IConnectionPoint_Advise(point, NULL, &cookie);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink1.IDispatch_iface, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    cookie = 0xdead;
    hr = IConnectionPoint_Advise(point, (IUnknown *)&bad.IDispatch_iface, &cookie);
    ok(hr == CONNECT_E_CANNOTCONNECT, "Got hr %#lx.\n", hr);
    ok(!cookie, "Got cookie %#lx.\n", cookie);
    ok(bad.ref == 1, "Got refcount %ld.\n", bad.ref);

    cookie1 = advise(point, &sink1);
    cookie2 = advise(point, &sink2);
    ok(cookie1 != cookie2, "Got the same cookie %#lx.\n", cookie1);
    ok(sink1.ref > 1, "Got refcount %ld.\n", sink1.ref);

    hr = IConnectionPoint_EnumConnections(point, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    connections = NULL;
    hr = IConnectionPoint_EnumConnections(point, &connections);
    ok(hr == S_OK && connections, "Got hr %#lx.\n", hr);
    if (connections)
    {
        memset(data, 0, sizeof(data));
        fetched = 0;
        hr = IEnumConnections_Next(connections, 3, data, &fetched);
        ok(hr == S_FALSE && fetched == 2, "Got hr %#lx, %lu.\n", hr, fetched);
        ok(data[0].dwCookie == cookie1 && data[1].dwCookie == cookie2, "Got cookies %#lx, %#lx.\n",
           data[0].dwCookie, data[1].dwCookie);
        ok(data[0].pUnk && same_object(data[0].pUnk, &sink1.IDispatch_iface), "Got sink %p.\n", data[0].pUnk);
        ok(data[1].pUnk && same_object(data[1].pUnk, &sink2.IDispatch_iface), "Got sink %p.\n", data[1].pUnk);
        if (data[0].pUnk) IUnknown_Release(data[0].pUnk);
        if (data[1].pUnk) IUnknown_Release(data[1].pUnk);
        hr = IEnumConnections_Reset(connections);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        hr = IEnumConnections_Skip(connections, 1);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        memset(data, 0, sizeof(data));
        hr = IEnumConnections_Next(connections, 1, data, NULL);
        ok(hr == S_OK && data[0].dwCookie == cookie2, "Got hr %#lx, cookie %#lx.\n", hr, data[0].dwCookie);
        if (data[0].pUnk) IUnknown_Release(data[0].pUnk);
        IEnumConnections_Release(connections);
    }

    hr = IConnectionPoint_Unadvise(point, 0);
    ok(hr == CONNECT_E_NOCONNECTION, "Got hr %#lx.\n", hr);
    hr = IConnectionPoint_Unadvise(point, 0xdeadbeef);
    ok(hr == CONNECT_E_NOCONNECTION, "Got hr %#lx.\n", hr);
    unadvise(point, cookie1);
    hr = IConnectionPoint_Unadvise(point, cookie1);
    ok(hr == CONNECT_E_NOCONNECTION, "Got hr %#lx.\n", hr);
    ok(sink1.ref == 1, "Got refcount %ld.\n", sink1.ref);
    unadvise(point, cookie2);
    ok(sink2.ref == 1, "Got refcount %ld.\n", sink2.ref);

    connections = NULL;
    hr = IConnectionPoint_EnumConnections(point, &connections);
    ok(hr == S_OK && connections, "Got hr %#lx.\n", hr);
    if (connections)
    {
        fetched = 0xdead;
        hr = IEnumConnections_Next(connections, 1, data, &fetched);
        ok(hr == S_FALSE && !fetched, "Got hr %#lx, %lu.\n", hr, fetched);
        IEnumConnections_Release(connections);
    }

    /* connections end with the object: a sink still connected is let go */
    IConnectionPoint_Release(point);
    IConnectionPointContainer_Release(container);

    test_class_info(obj, iface_iid, events_iid);
}

/* ---- sinks of other apartments --------------------------------------- */

struct apartment
{
    IConnectionPoint *point;
    struct sink *sink;
    DWORD cookie;
    DWORD thread;
    HANDLE ready, done;
    BOOL mta;
};

static DWORD WINAPI apartment_thread(void *arg)
{
    struct apartment *apartment = arg;

    CoInitializeEx(NULL, apartment->mta ? COINIT_MULTITHREADED : COINIT_APARTMENTTHREADED);
    apartment->thread = GetCurrentThreadId();
    IConnectionPoint_Advise(apartment->point, (IUnknown *)&apartment->sink->IDispatch_iface,
                            &apartment->cookie);
    SetEvent(apartment->ready);
    /* an STA ends at once, its sink still connected; an MTA stays */
    if (apartment->mta) WaitForSingleObject(apartment->done, INFINITE);
    CoUninitialize();
    return 0;
}

static HANDLE start_apartment(struct apartment *apartment, IConnectionPoint *point, struct sink *sink, BOOL mta)
{
    HANDLE thread;

    memset(apartment, 0, sizeof(*apartment));
    apartment->point = point;
    apartment->sink = sink;
    apartment->mta = mta;
    apartment->ready = CreateEventW(NULL, FALSE, FALSE, NULL);
    apartment->done = CreateEventW(NULL, FALSE, FALSE, NULL);
    thread = CreateThread(NULL, 0, apartment_thread, apartment, 0, NULL);
    WaitForSingleObject(apartment->ready, 10000);
    ok(apartment->cookie != 0, "Advise failed.\n");
    return thread;
}

static void test_apartments(IVMDVDDrive *dvd, BSTR iso)
{
    struct sink mta_sink, gone_sink, sink, self_sink;
    struct apartment mta, gone;
    HANDLE mta_thread, gone_thread;
    IConnectionPoint *point;
    DWORD cookie;
    HRESULT hr;

    if (!(point = find_point((IUnknown *)dvd, &IID_IVMDVDDriveEvents))) return;
    init_sink(&mta_sink, &IID_IVMDVDDriveEvents, S_OK);
    init_sink(&gone_sink, &IID_IVMDVDDriveEvents, S_OK);
    init_sink(&sink, &IID_IVMDVDDriveEvents, S_OK);
    init_sink(&self_sink, &IID_IVMDVDDriveEvents, S_OK);
    /* a sink of an apartment that ended without Unadvise comes first */
    gone_thread = start_apartment(&gone, point, &gone_sink, FALSE);
    WaitForSingleObject(gone_thread, 10000);
    mta_thread = start_apartment(&mta, point, &mta_sink, TRUE);
    cookie = advise(point, &sink);
    self_sink.unadvise_point = point;
    self_sink.unadvise_cookie = advise(point, &self_sink);
    self_sink.unadvise_hr = 0xdead;

    hr = IVMDVDDrive_AttachImage(dvd, iso);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&sink, 1, 10000), "No OnMediaInsert.\n");
    check_call(&sink, 0, vmDVDDriveEvent_OnInsert, 1, iso);
    /* a sink of the MTA is called on a thread of the MTA */
    ok(pump_until(&mta_sink, 1, 10000), "No OnMediaInsert in the MTA.\n");
    ok(mta_sink.calls[0].dispid == vmDVDDriveEvent_OnInsert, "Got DISPID %ld.\n", mta_sink.calls[0].dispid);
    ok(mta_sink.calls[0].thread != main_thread && mta_sink.calls[0].thread != mta.thread,
       "Called on thread %#lx.\n", mta_sink.calls[0].thread);
    ok(!gone_sink.count, "Got %ld calls.\n", gone_sink.count);
    /* a sink that disconnects itself from its own call */
    ok(pump_until(&self_sink, 1, 10000), "No OnMediaInsert.\n");
    ok(self_sink.unadvise_hr == S_OK, "Got hr %#lx.\n", self_sink.unadvise_hr);
    ok(self_sink.ref == 1, "Got refcount %ld.\n", self_sink.ref);

    hr = IVMDVDDrive_ReleaseImage(dvd);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&sink, 2, 10000), "No OnMediaEject.\n");
    ok(pump_until(&mta_sink, 2, 10000), "No OnMediaEject in the MTA.\n");
    pump_until(NULL, 0, 200);
    ok(self_sink.count == 1, "Got %ld calls.\n", self_sink.count);

    hr = IConnectionPoint_Unadvise(point, self_sink.unadvise_cookie);
    ok(hr == CONNECT_E_NOCONNECTION, "Got hr %#lx.\n", hr);
    unadvise(point, gone.cookie);
    unadvise(point, mta.cookie);
    unadvise(point, cookie);
    SetEvent(mta.done);
    WaitForSingleObject(mta_thread, 10000);
    ok(mta_sink.ref == 1 && sink.ref == 1, "A sink is still held.\n");
    CloseHandle(mta_thread);
    CloseHandle(gone_thread);
    CloseHandle(mta.ready);
    CloseHandle(mta.done);
    CloseHandle(gone.ready);
    CloseHandle(gone.done);
    IConnectionPoint_Release(point);
}

/* ---- media events, on a machine that is off -------------------------- */

static void test_media_events(IVMVirtualPC *vpc, IVMVirtualMachine *vm)
{
    IConnectionPoint *dvd_point, *dvd2_point, *other_point, *floppy_point, *vm_point, *vpc_point;
    struct sink failing, dvd_sink, dvd2_sink, other_sink, floppy_sink, vm_sink, vpc_sink;
    DWORD failing_cookie, dvd_cookie, dvd2_cookie, other_cookie, floppy_cookie, vm_cookie, vpc_cookie;
    IVMDVDDriveCollection *dvds = NULL;
    IVMFloppyDriveCollection *floppies = NULL;
    IVMDVDDrive *dvd = NULL, *dvd2 = NULL, *other = NULL;
    IVMFloppyDrive *floppy = NULL;
    BSTR iso, iso2, vfd, image = NULL;
    LONG count;
    int i;
    HRESULT hr;

    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 1, 0, &dvd);
    ok(hr == S_OK && dvd, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 0, 1, &other);
    ok(hr == S_OK && other, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_get_FloppyDrives(vm, &floppies);
    ok(hr == S_OK && floppies, "Got hr %#lx.\n", hr);
    if (floppies)
    {
        hr = IVMFloppyDriveCollection_get_Item(floppies, 1, &floppy);
        ok(hr == S_OK && floppy, "Got hr %#lx.\n", hr);
        IVMFloppyDriveCollection_Release(floppies);
    }
    /* another object of the same drive */
    hr = IVMVirtualMachine_get_DVDROMDrives(vm, &dvds);
    ok(hr == S_OK && dvds, "Got hr %#lx.\n", hr);
    if (dvds)
    {
        count = 0;
        hr = IVMDVDDriveCollection_get_Count(dvds, &count);
        for (i = 1; i <= count && !dvd2; i++)
        {
            LONG bus = -1;
            IVMDVDDrive *drive = NULL;

            IVMDVDDriveCollection_get_Item(dvds, i, &drive);
            if (drive && SUCCEEDED(IVMDVDDrive_get_BusNumber(drive, &bus)) && bus == 1) dvd2 = drive;
            else if (drive) IVMDVDDrive_Release(drive);
        }
        IVMDVDDriveCollection_Release(dvds);
    }
    ok(dvd2 && dvd2 != dvd, "No other object for the drive.\n");
    if (!dvd || !dvd2 || !other || !floppy) goto done;

    test_connection_point((IUnknown *)dvd, &IID_IVMDVDDrive, &IID_IVMDVDDriveEvents);
    test_connection_point((IUnknown *)floppy, &IID_IVMFloppyDrive, &IID_IVMFloppyDriveEvents);

    write_file(L"events.iso", "not really a disc", 17);
    write_file(L"events2.iso", "not really a disc", 17);
    iso = file_path(L"events.iso");
    iso2 = file_path(L"events2.iso");
    vfd = file_path(L"events.vfd");
    hr = IVMVirtualPC_CreateFloppyDiskImage(vpc, vfd, vmFloppyDiskImage_HighDensity);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    /* a sink that fails comes first: the others hear the events all the same */
    init_sink(&failing, &IID_IVMDVDDriveEvents, E_FAIL);
    init_sink(&dvd_sink, &IID_IVMDVDDriveEvents, S_OK);
    init_sink(&dvd2_sink, &IID_IVMDVDDriveEvents, S_OK);
    init_sink(&other_sink, &IID_IVMDVDDriveEvents, S_OK);
    init_sink(&floppy_sink, &IID_IVMFloppyDriveEvents, S_OK);
    init_sink(&vm_sink, &IID_IVMVirtualMachineEvents, S_OK);
    init_sink(&vpc_sink, &IID_IVMVirtualPCEvents, S_OK);
    dvd_point = find_point((IUnknown *)dvd, &IID_IVMDVDDriveEvents);
    dvd2_point = find_point((IUnknown *)dvd2, &IID_IVMDVDDriveEvents);
    other_point = find_point((IUnknown *)other, &IID_IVMDVDDriveEvents);
    floppy_point = find_point((IUnknown *)floppy, &IID_IVMFloppyDriveEvents);
    vm_point = find_point((IUnknown *)vm, &IID_IVMVirtualMachineEvents);
    vpc_point = find_point((IUnknown *)vpc, &IID_IVMVirtualPCEvents);
    failing_cookie = advise(dvd_point, &failing);
    dvd_cookie = advise(dvd_point, &dvd_sink);
    dvd2_cookie = advise(dvd2_point, &dvd2_sink);
    other_cookie = advise(other_point, &other_sink);
    floppy_cookie = advise(floppy_point, &floppy_sink);
    vm_cookie = advise(vm_point, &vm_sink);
    vpc_cookie = advise(vpc_point, &vpc_sink);

    /* an image in, then out */
    hr = IVMDVDDrive_AttachImage(dvd, iso);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMDVDDrive_get_ImageFile(dvd, &image);
    ok(hr == S_OK && !lstrcmpiW(image, iso), "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(image));
    ok(pump_until(&dvd_sink, 1, 10000), "No OnMediaInsert.\n");
    check_call(&dvd_sink, 0, vmDVDDriveEvent_OnInsert, 1, image);
    ok(pump_until(&dvd2_sink, 1, 5000), "No OnMediaInsert on the other object of the drive.\n");
    check_call(&dvd2_sink, 0, vmDVDDriveEvent_OnInsert, 1, image);
    ok(pump_until(&failing, 1, 5000), "No OnMediaInsert to the failing sink.\n");
    check_call(&failing, 0, vmDVDDriveEvent_OnInsert, 1, image);

    hr = IVMDVDDrive_ReleaseImage(dvd);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&dvd_sink, 2, 10000), "No OnMediaEject.\n");
    check_call(&dvd_sink, 1, vmDVDDriveEvent_OnEject, 1, image);
    ok(pump_until(&failing, 2, 5000), "No OnMediaEject to the failing sink.\n");
    check_call(&failing, 1, vmDVDDriveEvent_OnEject, 1, image);
    ok(pump_until(&dvd2_sink, 2, 5000), "No OnMediaEject on the other object of the drive.\n");
    SysFreeString(image);
    image = NULL;

    /* the other drive hears of its own media */
    hr = IVMDVDDrive_AttachImage(other, iso2);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&other_sink, 1, 10000), "No OnMediaInsert.\n");
    check_call(&other_sink, 0, vmDVDDriveEvent_OnInsert, 1, iso2);
    hr = IVMDVDDrive_ReleaseImage(other);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&other_sink, 2, 10000), "No OnMediaEject.\n");
    check_call(&other_sink, 1, vmDVDDriveEvent_OnEject, 1, iso2);

    /* the floppy drive */
    hr = IVMFloppyDrive_AttachImage(floppy, vfd);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMFloppyDrive_get_ImageFile(floppy, &image);
    ok(hr == S_OK && !lstrcmpiW(image, vfd), "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(image));
    ok(pump_until(&floppy_sink, 1, 10000), "No OnMediaInsert.\n");
    check_call(&floppy_sink, 0, vmFloppyDriveEvent_OnInsert, 1, image);
    hr = IVMFloppyDrive_ReleaseImage(floppy);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&floppy_sink, 2, 10000), "No OnMediaEject.\n");
    check_call(&floppy_sink, 1, vmFloppyDriveEvent_OnEject, 1, image);
    SysFreeString(image);

    /* each drive heard of its own media only; the machine and the
     * application of none */
    pump_until(NULL, 0, 300);
    ok(dvd_sink.count == 2, "Got %ld calls.\n", dvd_sink.count);
    ok(dvd2_sink.count == 2, "Got %ld calls.\n", dvd2_sink.count);
    ok(failing.count == 2, "Got %ld calls.\n", failing.count);
    ok(floppy_sink.count == 2, "Got %ld calls.\n", floppy_sink.count);
    ok(other_sink.count == 2, "Got %ld calls.\n", other_sink.count);
    ok(!vm_sink.count, "Got %ld calls, DISPID %ld.\n", vm_sink.count, vm_sink.calls[0].dispid);
    ok(!vpc_sink.count, "Got %ld calls, DISPID %ld.\n", vpc_sink.count, vpc_sink.calls[0].dispid);

    /* the drive moves: its sinks follow it */
    hr = IVMDVDDrive_SetBusLocation(dvd, 1, 1);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMDVDDrive_AttachImage(dvd, iso);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&dvd_sink, 3, 10000), "No OnMediaInsert after the move.\n");
    check_call(&dvd_sink, 2, vmDVDDriveEvent_OnInsert, 1, iso);
    ok(pump_until(&failing, 3, 5000), "No OnMediaInsert after the move.\n");
    hr = IVMDVDDrive_ReleaseImage(dvd);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&dvd_sink, 4, 10000), "No OnMediaEject after the move.\n");
    ok(pump_until(&failing, 4, 5000), "No OnMediaEject after the move.\n");

    /* Unadvise: that sink hears nothing more, the other one does */
    unadvise(dvd_point, dvd_cookie);
    ok(dvd_sink.ref == 1, "Got refcount %ld.\n", dvd_sink.ref);
    hr = IVMDVDDrive_AttachImage(dvd, iso);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(pump_until(&failing, 5, 10000), "No OnMediaInsert.\n");
    pump_until(NULL, 0, 300);
    ok(dvd_sink.count == 4, "Got %ld calls after Unadvise.\n", dvd_sink.count);
    unadvise(dvd_point, failing_cookie);
    hr = IVMDVDDrive_ReleaseImage(dvd);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    unadvise(floppy_point, floppy_cookie);
    hr = IVMFloppyDrive_AttachImage(floppy, vfd);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMFloppyDrive_ReleaseImage(floppy);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    pump_until(NULL, 0, 500);
    ok(failing.count == 5, "Got %ld calls after Unadvise.\n", failing.count);
    ok(floppy_sink.count == 2, "Got %ld calls after Unadvise.\n", floppy_sink.count);

    unadvise(dvd2_point, dvd2_cookie);
    unadvise(other_point, other_cookie);
    unadvise(vm_point, vm_cookie);
    unadvise(vpc_point, vpc_cookie);
    ok(failing.ref == 1 && dvd2_sink.ref == 1 && other_sink.ref == 1 && floppy_sink.ref == 1
       && vm_sink.ref == 1 && vpc_sink.ref == 1, "A sink is still held.\n");
    if (dvd_point) IConnectionPoint_Release(dvd_point);
    if (dvd2_point) IConnectionPoint_Release(dvd2_point);
    if (other_point) IConnectionPoint_Release(other_point);
    if (floppy_point) IConnectionPoint_Release(floppy_point);
    if (vm_point) IConnectionPoint_Release(vm_point);
    if (vpc_point) IConnectionPoint_Release(vpc_point);

    test_apartments(dvd, iso);

    /* a sink still connected when its drive object goes is let go */
    init_sink(&dvd_sink, &IID_IVMDVDDriveEvents, S_OK);
    dvd_point = find_point((IUnknown *)dvd2, &IID_IVMDVDDriveEvents);
    advise(dvd_point, &dvd_sink);
    if (dvd_point) IConnectionPoint_Release(dvd_point);
    IVMDVDDrive_Release(dvd2);
    dvd2 = NULL;
    ok(dvd_sink.ref == 1, "Got refcount %ld.\n", dvd_sink.ref);
    hr = IVMDVDDrive_AttachImage(dvd, iso);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    pump_until(NULL, 0, 300);
    ok(!dvd_sink.count, "Got %ld calls.\n", dvd_sink.count);
    IVMDVDDrive_ReleaseImage(dvd);

    SysFreeString(iso);
    SysFreeString(iso2);
    SysFreeString(vfd);
done:
    if (dvd) IVMDVDDrive_Release(dvd);
    if (dvd2) IVMDVDDrive_Release(dvd2);
    if (other) IVMDVDDrive_Release(other);
    if (floppy) IVMFloppyDrive_Release(floppy);
}

/* ---- machine states, across processes -------------------------------- */

static HRESULT wait_task(IVMTask *task, LONG *error)
{
    HRESULT hr;

    *error = 0;
    hr = IVMTask_WaitForCompletion(task, 120000);
    if (SUCCEEDED(hr)) IVMTask_get_Error(task, error);
    IVMTask_Release(task);
    return hr;
}

/* A task of the machine; its error, or the failure that gave no task. */
static HRESULT run_task(HRESULT hr, IVMTask *task)
{
    LONG error;

    if (FAILED(hr)) return hr;
    if (FAILED(hr = wait_task(task, &error))) return hr;
    return error;
}

static void turn_off(IVMVirtualMachine *vm)
{
    IVMTask *task = NULL;
    HRESULT hr;

    hr = IVMVirtualMachine_TurnOff(vm, &task);
    run_task(hr, task);
}

static HANDLE no_libvirt_event(void)
{
    WCHAR name[96];

    wsprintfW(name, L"%s-no-libvirt", vm_name);
    return CreateEventW(NULL, TRUE, FALSE, name);
}

/* The child process: starts the machine of that name. */
static void child_startup(const char *name)
{
    IVMVirtualMachine *vm = NULL;
    IVMVirtualPC *vpc;
    IVMTask *task = NULL;
    WCHAR text[64];
    HANDLE event;
    BSTR str;
    HRESULT hr;

    MultiByteToWideChar(CP_ACP, 0, name, -1, text, ARRAY_SIZE(text));
    lstrcpyW(vm_name, text);
    if (!(vpc = create_virtualpc())) return;
    str = SysAllocString(text);
    hr = IVMVirtualPC_FindVirtualMachine(vpc, str, &vm);
    SysFreeString(str);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    if (vm)
    {
        hr = IVMVirtualMachine_Startup(vm, &task);
        hr = run_task(hr, task);
        if (hr == VM_E_HARDWARE_VIRTUALIZATION_DISABLED)
        {
            /* no libvirt connection: the parent skips */
            event = no_libvirt_event();
            SetEvent(event);
            CloseHandle(event);
        }
        else ok(hr == S_OK, "Startup failed, hr %#lx.\n", hr);
        IVMVirtualMachine_Release(vm);
    }
    IVMVirtualPC_Release(vpc);
}

/* Runs the test program with arguments: "events startup NAME". */
static BOOL run_child(const char *args)
{
    char exe[MAX_PATH], so[MAX_PATH + 4], cmd[MAX_PATH * 2];
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    DWORD start = GetTickCount();
    MSG msg;

    GetModuleFileNameA(NULL, exe, sizeof(exe));
    /* a winelib program: the module is the .so beside the wrapper script */
    sprintf(so, "%s.so", exe);
    if (GetFileAttributesA(so) != INVALID_FILE_ATTRIBUTES) lstrcpyA(exe, so);
    sprintf(cmd, "\"%s\" events %s", exe, args);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
    {
        ok(0, "CreateProcess(%s) failed, error %lu.\n", cmd, GetLastError());
        return FALSE;
    }
    /* events come meanwhile: keep the apartment going */
    while (MsgWaitForMultipleObjects(1, &pi.hProcess, FALSE, 1000, QS_ALLINPUT) != WAIT_OBJECT_0
           && GetTickCount() - start < 180000)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
    }
    wait_child_process(pi.hProcess);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return TRUE;
}

/* Kills the machine's QEMU (on Wine, through the host's pkill); FALSE when
 * the host has no such command (Windows). */
static BOOL kill_qemu(IVMVirtualMachine *vm)
{
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi = { 0 };
    char guid[64], cmd[256];
    BSTR text = NULL;
    int i, n = 0;

    if (FAILED(IVMVirtualMachine_get_BIOSGUID(vm, &text)) || !text) return FALSE;
    /* the libvirt domain is vpc-<prefix tag>-<BIOS GUID in 32 lower-case digits> */
    for (i = 0; text[i] && n < 32; i++)
    {
        if (text[i] == '{' || text[i] == '}' || text[i] == '-') continue;
        guid[n++] = (text[i] >= 'A' && text[i] <= 'F') ? text[i] - 'A' + 'a' : (char)text[i];
    }
    guid[n] = 0;
    SysFreeString(text);
    sprintf(cmd, "pkill -KILL -f \"guest=vpc-[^,]*-%s,\"", guid);
    if (!CreateProcessA("Z:\\usr\\bin\\pkill", cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) return FALSE;
    /* a Unix program: Wine gives no handle */
    if (pi.hProcess)
    {
        WaitForSingleObject(pi.hProcess, 10000);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    return TRUE;
}

/* Waits for the machine's sink to hear of that state, and the application's
 * sink with the machine's name; sets *next past them. */
#define expect_state(a, b, c, d, e) expect_state_(__LINE__, a, b, c, d, e)
static BOOL expect_state_(unsigned int line, struct sink *vm_sink, int *vm_next, struct sink *vpc_sink,
                          int *vpc_next, VMVMState state)
{
    int i, j;

    i = wait_for_call(vm_sink, *vm_next, vmVirtualMachineEvent_StateChanged, state, 60000);
    ok_(__FILE__, line)(i >= 0, "No OnStateChange(%d); %ld calls.\n", state, vm_sink->count);
    if (i >= 0)
    {
        check_call_(line, vm_sink, i, vmVirtualMachineEvent_StateChanged, 1, NULL);
        *vm_next = i + 1;
    }
    j = wait_for_call(vpc_sink, *vpc_next, vmVirtualPCEvent_VMStateChange, state, 10000);
    ok_(__FILE__, line)(j >= 0, "No OnVMStateChange(%d); %ld calls.\n", state, vpc_sink->count);
    if (j >= 0)
    {
        check_call_(line, vpc_sink, j, vmVirtualPCEvent_VMStateChange, 2, vm_name);
        *vpc_next = j + 1;
    }
    return i >= 0 && j >= 0;
}

static void test_state_events(IVMVirtualPC *vpc, IVMVirtualMachine *vm)
{
    IConnectionPoint *vm_point, *vpc_point;
    struct sink vm_sink, vpc_sink;
    DWORD vm_cookie, vpc_cookie;
    int vm_next = 0, vpc_next = 0;
    char args[128];
    VMVMState state;
    IVMTask *task;
    HANDLE event;
    HRESULT hr;

    init_sink(&vm_sink, &IID_IVMVirtualMachineEvents, S_OK);
    init_sink(&vpc_sink, &IID_IVMVirtualPCEvents, S_OK);
    vm_point = find_point((IUnknown *)vm, &IID_IVMVirtualMachineEvents);
    vpc_point = find_point((IUnknown *)vpc, &IID_IVMVirtualPCEvents);
    vm_cookie = advise(vm_point, &vm_sink);
    vpc_cookie = advise(vpc_point, &vpc_sink);

    /* started by another process */
    event = no_libvirt_event();
    strcpy(args, "startup \"");
    WideCharToMultiByte(CP_ACP, 0, vm_name, -1, args + strlen(args), sizeof(args) - 16, NULL, NULL);
    strcat(args, "\"");
    run_child(args);
    if (WaitForSingleObject(event, 0) == WAIT_OBJECT_0)
    {
        skip("No libvirt connection: machines cannot start.\n");
        goto done;
    }
    if (!expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_Running)) goto done;
    state = 0;
    hr = IVMVirtualMachine_get_State(vm, &state);
    ok(hr == S_OK && state == vmVMState_Running, "Got hr %#lx, state %d.\n", hr, state);

    /* this process's own operations */
    hr = IVMVirtualMachine_Pause(vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_Paused);
    hr = IVMVirtualMachine_Resume(vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_Running);

    hr = IVMVirtualMachine_Save(vm, &task);
    hr = run_task(hr, task);
    ok(hr == S_OK, "Save failed, hr %#lx.\n", hr);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_Saving);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_Saved);

    hr = IVMVirtualMachine_Startup(vm, &task);
    hr = run_task(hr, task);
    ok(hr == S_OK, "Startup (restore) failed, hr %#lx.\n", hr);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_Restoring);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_Running);

    hr = IVMVirtualMachine_TurnOff(vm, &task);
    hr = run_task(hr, task);
    ok(hr == S_OK, "TurnOff failed, hr %#lx.\n", hr);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_TurningOff);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_TurnedOff);

    hr = IVMVirtualMachine_Startup(vm, &task);
    hr = run_task(hr, task);
    ok(hr == S_OK, "Startup failed, hr %#lx.\n", hr);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_TurningOn);
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_Running);

    /* QEMU dies */
    if (!kill_qemu(vm))
    {
        skip("Cannot kill QEMU here: turning the machine off instead.\n");
        hr = IVMVirtualMachine_TurnOff(vm, &task);
        run_task(hr, task);
    }
    expect_state(&vm_sink, &vm_next, &vpc_sink, &vpc_next, vmVMState_TurnedOff);
    state = 0;
    hr = IVMVirtualMachine_get_State(vm, &state);
    ok(hr == S_OK && state == vmVMState_TurnedOff, "Got hr %#lx, state %d.\n", hr, state);

done:
    CloseHandle(event);
    unadvise(vm_point, vm_cookie);
    unadvise(vpc_point, vpc_cookie);
    if (vm_point) IConnectionPoint_Release(vm_point);
    if (vpc_point) IConnectionPoint_Release(vpc_point);
    /* whatever state a failure left */
    state = 0;
    if (SUCCEEDED(IVMVirtualMachine_get_State(vm, &state)))
    {
        if (state == vmVMState_Running || state == vmVMState_Paused)
            turn_off(vm);
        else if (state == vmVMState_Saved)
            IVMVirtualMachine_DiscardSavedState(vm);
    }
}

/* ---- the guest shuts itself down ------------------------------------- */

static void test_guest_shutdown(IVMVirtualPC *vpc)
{
    IVMHardDiskConnection *connection = NULL;
    IVMVirtualMachine *vm = NULL;
    IVMGuestOS *guest = NULL;
    IConnectionPoint *point;
    VARIANT_BOOL beating = VARIANT_FALSE;
    WCHAR parent[MAX_PATH], name[80];
    struct sink sink;
    VMVMState state;
    IVMTask *task;
    DWORD cookie, start;
    BSTR disk, str, path;
    int shutdown, off;
    HRESULT hr;

    if (!GetEnvironmentVariableW(L"VPC_TEST_GUEST_VHD", parent, ARRAY_SIZE(parent)))
    {
        skip("VPC_TEST_GUEST_VHD names no test guest: the guest's own shutdown is not tested.\n");
        return;
    }

    disk = file_path(L"guest.vhd");
    str = SysAllocString(parent);
    hr = IVMVirtualPC_CreateDifferencingVirtualHardDisk(vpc, disk, str, &task);
    SysFreeString(str);
    hr = run_task(hr, task);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    wsprintfW(name, L"%s-guest", vm_name);
    str = SysAllocString(name);
    path = SysAllocString(folder);
    if (SUCCEEDED(hr)) hr = IVMVirtualPC_CreateVirtualMachine(vpc, str, path, &vm);
    SysFreeString(path);
    SysFreeString(str);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    if (!vm)
    {
        SysFreeString(disk);
        return;
    }
    IVMVirtualMachine_put_Memory(vm, 128);
    hr = IVMVirtualMachine_AddHardDiskConnection(vm, disk, 0, 0, &connection);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (connection) IVMHardDiskConnection_Release(connection);
    SysFreeString(disk);

    init_sink(&sink, &IID_IVMVirtualMachineEvents, S_OK);
    point = find_point((IUnknown *)vm, &IID_IVMVirtualMachineEvents);
    cookie = advise(point, &sink);

    hr = IVMVirtualMachine_Startup(vm, &task);
    hr = run_task(hr, task);
    if (hr == VM_E_HARDWARE_VIRTUALIZATION_DISABLED)
    {
        skip("No libvirt connection: machines cannot start.\n");
        goto done;
    }
    ok(hr == S_OK, "Startup failed, hr %#lx.\n", hr);
    if (FAILED(hr)) goto done;

    hr = IVMVirtualMachine_get_GuestOS(vm, &guest);
    ok(hr == S_OK && guest, "Got hr %#lx.\n", hr);
    if (!guest) goto done;
    start = GetTickCount();
    while (GetTickCount() - start < 90000)
    {
        if (SUCCEEDED(IVMGuestOS_get_IsHeartbeating(guest, &beating)) && beating) break;
        pump_until(NULL, 0, 1000);
    }
    ok(beating, "The guest gave no heartbeat in 90 s.\n");
    if (!beating) goto done;

    hr = IVMGuestOS_Shutdown(guest, VARIANT_FALSE, &task);
    ok(hr == S_OK, "Shutdown failed, hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) IVMTask_Release(task);
    shutdown = wait_for_call(&sink, 0, vmVirtualMachineEvent_GuestShutdown, -1, 90000);
    ok(shutdown >= 0, "No OnGuestShutdown; %ld calls.\n", sink.count);
    if (shutdown >= 0) check_call(&sink, shutdown, vmVirtualMachineEvent_GuestShutdown, 0, NULL);
    off = wait_for_call(&sink, 0, vmVirtualMachineEvent_StateChanged, vmVMState_TurnedOff, 30000);
    ok(off >= 0, "No OnStateChange(TurnedOff); %ld calls.\n", sink.count);
    if (off >= 0) check_call(&sink, off, vmVirtualMachineEvent_StateChanged, 1, NULL);

done:
    if (guest) IVMGuestOS_Release(guest);
    unadvise(point, cookie);
    if (point) IConnectionPoint_Release(point);
    state = 0;
    if (SUCCEEDED(IVMVirtualMachine_get_State(vm, &state)) && (state == vmVMState_Running || state == vmVMState_Paused))
        turn_off(vm);
    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IVMVirtualMachine_Release(vm);
}

/* ---- the test -------------------------------------------------------- */

static void test_events(IVMVirtualPC *vpc)
{
    static const WCHAR *suffixes[] = { L"", L"-guest" };
    IVMVirtualMachine *vm = NULL;
    WCHAR text[80];
    BSTR name, path;
    unsigned int i;
    HRESULT hr;

    /* what an earlier run left */
    for (i = 0; i < ARRAY_SIZE(suffixes); i++)
    {
        VMVMState state = 0;

        wsprintfW(text, L"%s%s", vm_name, suffixes[i]);
        name = SysAllocString(text);
        if (IVMVirtualPC_FindVirtualMachine(vpc, name, &vm) == S_OK && vm)
        {
            IVMVirtualMachine_get_State(vm, &state);
            if (state == vmVMState_Running || state == vmVMState_Paused)
                turn_off(vm);
            else if (state == vmVMState_Saved)
                IVMVirtualMachine_DiscardSavedState(vm);
            IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
            IVMVirtualMachine_Release(vm);
        }
        SysFreeString(name);
        vm = NULL;
    }
    delete_files();
    CreateDirectoryW(folder, NULL);

    test_connection_point((IUnknown *)vpc, &IID_IVMVirtualPC, &IID_IVMVirtualPCEvents);

    name = SysAllocString(vm_name);
    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &vm);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    SysFreeString(name);
    if (!vm) return;
    IVMVirtualMachine_put_Memory(vm, 32);

    test_connection_point((IUnknown *)vm, &IID_IVMVirtualMachine, &IID_IVMVirtualMachineEvents);
    test_media_events(vpc, vm);
    test_state_events(vpc, vm);

    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IVMVirtualMachine_Release(vm);

    test_guest_shutdown(vpc);
}

START_TEST(events)
{
    WCHAR temp[MAX_PATH];
    IVMVirtualPC *vpc;
    char **argv;
    int argc;

    CoInitialize(NULL);
    main_thread = GetCurrentThreadId();

    argc = winetest_get_mainargs(&argv);
    if (argc >= 4 && !strcmp(argv[2], "startup"))
    {
        child_startup(argv[3]);
        CoUninitialize();
        return;
    }

    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(vm_name, L"vpccom-events-test-%lu", GetCurrentProcessId());
    wsprintfW(folder, L"%s%s", temp, vm_name);

    if ((vpc = create_virtualpc()))
    {
        test_events(vpc);
        IVMVirtualPC_Release(vpc);
    }

    delete_files();
    RemoveDirectoryW(folder);
    CoUninitialize();
}
