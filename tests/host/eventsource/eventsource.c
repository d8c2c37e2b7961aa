/*
 * VPCTest.EventSource: an event source for the tests of the script host
 *
 * Fire(n) raises OnPing(n), FireMessage(text, n) raises OnMessage(text, n)
 * on every advised sink; Sinks counts them. FireLater(n, ms) raises
 * OnPing(n) from a thread timer: only a host that dispatches the thread's
 * messages (WScript.Sleep) delivers it. Registered in the test prefix
 * only, never installed by tools/register.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <stdarg.h>
#include <stdlib.h>

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "winuser.h"
#include "ole2.h"
#include "olectl.h"
#include "ocidl.h"

#include "eventsource.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(eventsource);

#define MAX_SINKS 16

struct eventsource
{
    IEventSource IEventSource_iface;
    IConnectionPointContainer IConnectionPointContainer_iface;
    IConnectionPoint IConnectionPoint_iface;
    IProvideClassInfo IProvideClassInfo_iface;
    LONG ref;
    IDispatch *sinks[MAX_SINKS];
};

static ITypeLib *typelib;

static HRESULT get_typeinfo(REFGUID guid, ITypeInfo **ti)
{
    HRESULT hr;

    if (!typelib)
    {
        hr = LoadRegTypeLib(&LIBID_VPCTestEventSource, 1, 0, LOCALE_NEUTRAL, &typelib);
        if (FAILED(hr))
        {
            ERR("LoadRegTypeLib failed: %#lx.\n", hr);
            return hr;
        }
    }
    return ITypeLib_GetTypeInfoOfGuid(typelib, guid, ti);
}

static inline struct eventsource *impl_from_IEventSource(IEventSource *iface)
{
    return CONTAINING_RECORD(iface, struct eventsource, IEventSource_iface);
}

static inline struct eventsource *impl_from_IConnectionPointContainer(IConnectionPointContainer *iface)
{
    return CONTAINING_RECORD(iface, struct eventsource, IConnectionPointContainer_iface);
}

static inline struct eventsource *impl_from_IConnectionPoint(IConnectionPoint *iface)
{
    return CONTAINING_RECORD(iface, struct eventsource, IConnectionPoint_iface);
}

static inline struct eventsource *impl_from_IProvideClassInfo(IProvideClassInfo *iface)
{
    return CONTAINING_RECORD(iface, struct eventsource, IProvideClassInfo_iface);
}

static HRESULT WINAPI source_QueryInterface(IEventSource *iface, REFIID riid, void **obj)
{
    struct eventsource *This = impl_from_IEventSource(iface);

    TRACE("%p, %s.\n", iface, debugstr_guid(riid));

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IEventSource))
        *obj = &This->IEventSource_iface;
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
        *obj = &This->IConnectionPointContainer_iface;
    else if (IsEqualGUID(riid, &IID_IProvideClassInfo))
        *obj = &This->IProvideClassInfo_iface;
    else
    {
        *obj = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*obj);
    return S_OK;
}

static ULONG WINAPI source_AddRef(IEventSource *iface)
{
    return InterlockedIncrement(&impl_from_IEventSource(iface)->ref);
}

static ULONG WINAPI source_Release(IEventSource *iface)
{
    struct eventsource *This = impl_from_IEventSource(iface);
    LONG ref = InterlockedDecrement(&This->ref);
    int i;

    if (!ref)
    {
        for (i = 0; i < MAX_SINKS; i++)
            if (This->sinks[i]) IDispatch_Release(This->sinks[i]);
        free(This);
    }
    return ref;
}

static HRESULT WINAPI source_GetTypeInfoCount(IEventSource *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI source_GetTypeInfo(IEventSource *iface, UINT index, LCID lcid, ITypeInfo **ti)
{
    return get_typeinfo(&IID_IEventSource, ti);
}

static HRESULT WINAPI source_GetIDsOfNames(IEventSource *iface, REFIID riid, LPOLESTR *names,
                                           UINT count, LCID lcid, DISPID *ids)
{
    ITypeInfo *ti;
    HRESULT hr;

    if (FAILED(hr = get_typeinfo(&IID_IEventSource, &ti))) return hr;
    hr = ITypeInfo_GetIDsOfNames(ti, names, count, ids);
    ITypeInfo_Release(ti);
    return hr;
}

static HRESULT WINAPI source_Invoke(IEventSource *iface, DISPID id, REFIID riid, LCID lcid,
                                    WORD flags, DISPPARAMS *params, VARIANT *result,
                                    EXCEPINFO *excepinfo, UINT *argerr)
{
    ITypeInfo *ti;
    HRESULT hr;

    if (FAILED(hr = get_typeinfo(&IID_IEventSource, &ti))) return hr;
    /* JScript reads properties as methods */
    if (id == 3 && (flags & DISPATCH_METHOD)) flags |= DISPATCH_PROPERTYGET;
    hr = ITypeInfo_Invoke(ti, iface, id, flags, params, result, excepinfo, argerr);
    ITypeInfo_Release(ti);
    return hr;
}

/* calls every sink with the arguments, given first to last */
static void raise(struct eventsource *This, DISPID id, VARIANT *args, UINT count)
{
    DISPPARAMS params = { args, NULL, count, 0 };
    IDispatch *sinks[MAX_SINKS];
    int i;

    memcpy(sinks, This->sinks, sizeof(sinks));
    for (i = 0; i < MAX_SINKS; i++)
        if (sinks[i]) IDispatch_AddRef(sinks[i]);
    for (i = 0; i < MAX_SINKS; i++)
    {
        if (!sinks[i]) continue;
        IDispatch_Invoke(sinks[i], id, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                         NULL, NULL, NULL);
        IDispatch_Release(sinks[i]);
    }
}

static HRESULT WINAPI source_Fire(IEventSource *iface, LONG n)
{
    VARIANT arg;

    TRACE("%p, %ld.\n", iface, (long)n);

    V_VT(&arg) = VT_I4;
    V_I4(&arg) = n;
    raise(impl_from_IEventSource(iface), 1, &arg, 1);
    return S_OK;
}

static HRESULT WINAPI source_FireMessage(IEventSource *iface, BSTR text, LONG n)
{
    VARIANT args[2];

    V_VT(&args[0]) = VT_I4;
    V_I4(&args[0]) = n;
    V_VT(&args[1]) = VT_BSTR;
    V_BSTR(&args[1]) = text;
    raise(impl_from_IEventSource(iface), 2, args, 2);
    return S_OK;
}

static HRESULT WINAPI source_get_Sinks(IEventSource *iface, LONG *count)
{
    struct eventsource *This = impl_from_IEventSource(iface);
    int i;

    *count = 0;
    for (i = 0; i < MAX_SINKS; i++)
        if (This->sinks[i]) (*count)++;
    return S_OK;
}

/* one pending FireLater at a time is enough for the tests */
static IEventSource *later_source;
static LONG later_n;

static void CALLBACK later_proc(HWND hwnd, UINT msg, UINT_PTR id, DWORD time)
{
    IEventSource *source = later_source;

    KillTimer(NULL, id);
    later_source = NULL;
    if (!source) return;
    source_Fire(source, later_n);
    IEventSource_Release(source);
}

static HRESULT WINAPI source_FireLater(IEventSource *iface, LONG n, LONG ms)
{
    TRACE("%p, %ld, %ld.\n", iface, (long)n, (long)ms);

    if (later_source) return E_UNEXPECTED;
    if (!SetTimer(NULL, 0, ms, later_proc)) return HRESULT_FROM_WIN32(GetLastError());
    IEventSource_AddRef(later_source = iface);
    later_n = n;
    return S_OK;
}

static const IEventSourceVtbl source_vtbl =
{
    source_QueryInterface,
    source_AddRef,
    source_Release,
    source_GetTypeInfoCount,
    source_GetTypeInfo,
    source_GetIDsOfNames,
    source_Invoke,
    source_Fire,
    source_FireMessage,
    source_get_Sinks,
    source_FireLater
};

static HRESULT WINAPI container_QueryInterface(IConnectionPointContainer *iface, REFIID riid,
                                               void **obj)
{
    struct eventsource *This = impl_from_IConnectionPointContainer(iface);
    return IEventSource_QueryInterface(&This->IEventSource_iface, riid, obj);
}

static ULONG WINAPI container_AddRef(IConnectionPointContainer *iface)
{
    struct eventsource *This = impl_from_IConnectionPointContainer(iface);
    return IEventSource_AddRef(&This->IEventSource_iface);
}

static ULONG WINAPI container_Release(IConnectionPointContainer *iface)
{
    struct eventsource *This = impl_from_IConnectionPointContainer(iface);
    return IEventSource_Release(&This->IEventSource_iface);
}

static HRESULT WINAPI container_EnumConnectionPoints(IConnectionPointContainer *iface,
                                                     IEnumConnectionPoints **ret)
{
    FIXME("%p: not needed by the tests.\n", iface);
    return E_NOTIMPL;
}

static HRESULT WINAPI container_FindConnectionPoint(IConnectionPointContainer *iface, REFIID riid,
                                                    IConnectionPoint **ret)
{
    struct eventsource *This = impl_from_IConnectionPointContainer(iface);

    TRACE("%p, %s.\n", iface, debugstr_guid(riid));

    if (!IsEqualGUID(riid, &DIID__IEventSourceEvents))
    {
        *ret = NULL;
        return CONNECT_E_NOCONNECTION;
    }
    *ret = &This->IConnectionPoint_iface;
    IConnectionPoint_AddRef(*ret);
    return S_OK;
}

static const IConnectionPointContainerVtbl container_vtbl =
{
    container_QueryInterface,
    container_AddRef,
    container_Release,
    container_EnumConnectionPoints,
    container_FindConnectionPoint
};

static HRESULT WINAPI point_QueryInterface(IConnectionPoint *iface, REFIID riid, void **obj)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IConnectionPoint))
    {
        *obj = iface;
        IConnectionPoint_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI point_AddRef(IConnectionPoint *iface)
{
    struct eventsource *This = impl_from_IConnectionPoint(iface);
    return IEventSource_AddRef(&This->IEventSource_iface);
}

static ULONG WINAPI point_Release(IConnectionPoint *iface)
{
    struct eventsource *This = impl_from_IConnectionPoint(iface);
    return IEventSource_Release(&This->IEventSource_iface);
}

static HRESULT WINAPI point_GetConnectionInterface(IConnectionPoint *iface, IID *iid)
{
    *iid = DIID__IEventSourceEvents;
    return S_OK;
}

static HRESULT WINAPI point_GetConnectionPointContainer(IConnectionPoint *iface,
                                                        IConnectionPointContainer **ret)
{
    struct eventsource *This = impl_from_IConnectionPoint(iface);

    *ret = &This->IConnectionPointContainer_iface;
    IConnectionPointContainer_AddRef(*ret);
    return S_OK;
}

static HRESULT WINAPI point_Advise(IConnectionPoint *iface, IUnknown *sink, DWORD *cookie)
{
    struct eventsource *This = impl_from_IConnectionPoint(iface);
    IDispatch *disp;
    int i;

    TRACE("%p, %p.\n", iface, sink);

    if (FAILED(IUnknown_QueryInterface(sink, &DIID__IEventSourceEvents, (void **)&disp)))
        return CONNECT_E_CANNOTCONNECT;
    for (i = 0; i < MAX_SINKS; i++)
    {
        if (This->sinks[i]) continue;
        This->sinks[i] = disp;
        *cookie = i + 1;
        return S_OK;
    }
    IDispatch_Release(disp);
    return CONNECT_E_ADVISELIMIT;
}

static HRESULT WINAPI point_Unadvise(IConnectionPoint *iface, DWORD cookie)
{
    struct eventsource *This = impl_from_IConnectionPoint(iface);

    TRACE("%p, %lu.\n", iface, (unsigned long)cookie);

    if (!cookie || cookie > MAX_SINKS || !This->sinks[cookie - 1]) return CONNECT_E_NOCONNECTION;
    IDispatch_Release(This->sinks[cookie - 1]);
    This->sinks[cookie - 1] = NULL;
    return S_OK;
}

static HRESULT WINAPI point_EnumConnections(IConnectionPoint *iface, IEnumConnections **ret)
{
    FIXME("%p: not needed by the tests.\n", iface);
    return E_NOTIMPL;
}

static const IConnectionPointVtbl point_vtbl =
{
    point_QueryInterface,
    point_AddRef,
    point_Release,
    point_GetConnectionInterface,
    point_GetConnectionPointContainer,
    point_Advise,
    point_Unadvise,
    point_EnumConnections
};

static HRESULT WINAPI classinfo_QueryInterface(IProvideClassInfo *iface, REFIID riid, void **obj)
{
    struct eventsource *This = impl_from_IProvideClassInfo(iface);
    return IEventSource_QueryInterface(&This->IEventSource_iface, riid, obj);
}

static ULONG WINAPI classinfo_AddRef(IProvideClassInfo *iface)
{
    struct eventsource *This = impl_from_IProvideClassInfo(iface);
    return IEventSource_AddRef(&This->IEventSource_iface);
}

static ULONG WINAPI classinfo_Release(IProvideClassInfo *iface)
{
    struct eventsource *This = impl_from_IProvideClassInfo(iface);
    return IEventSource_Release(&This->IEventSource_iface);
}

static HRESULT WINAPI classinfo_GetClassInfo(IProvideClassInfo *iface, ITypeInfo **ti)
{
    return get_typeinfo(&CLSID_EventSource, ti);
}

static const IProvideClassInfoVtbl classinfo_vtbl =
{
    classinfo_QueryInterface,
    classinfo_AddRef,
    classinfo_Release,
    classinfo_GetClassInfo
};

static HRESULT WINAPI factory_QueryInterface(IClassFactory *iface, REFIID riid, void **obj)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory))
    {
        *obj = iface;
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI factory_AddRef(IClassFactory *iface)
{
    return 2;
}

static ULONG WINAPI factory_Release(IClassFactory *iface)
{
    return 1;
}

static HRESULT WINAPI factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid,
                                             void **obj)
{
    struct eventsource *This;
    HRESULT hr;

    *obj = NULL;
    if (outer) return CLASS_E_NOAGGREGATION;
    if (!(This = calloc(1, sizeof(*This)))) return E_OUTOFMEMORY;
    This->IEventSource_iface.lpVtbl = &source_vtbl;
    This->IConnectionPointContainer_iface.lpVtbl = &container_vtbl;
    This->IConnectionPoint_iface.lpVtbl = &point_vtbl;
    This->IProvideClassInfo_iface.lpVtbl = &classinfo_vtbl;
    This->ref = 1;
    hr = IEventSource_QueryInterface(&This->IEventSource_iface, riid, obj);
    IEventSource_Release(&This->IEventSource_iface);
    return hr;
}

static HRESULT WINAPI factory_LockServer(IClassFactory *iface, BOOL lock)
{
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl =
{
    factory_QueryInterface,
    factory_AddRef,
    factory_Release,
    factory_CreateInstance,
    factory_LockServer
};

static IClassFactory factory = { &factory_vtbl };

HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **obj)
{
    TRACE("%s, %s.\n", debugstr_guid(clsid), debugstr_guid(riid));

    if (IsEqualGUID(clsid, &CLSID_EventSource))
        return IClassFactory_QueryInterface(&factory, riid, obj);
    *obj = NULL;
    return CLASS_E_CLASSNOTAVAILABLE;
}

HRESULT WINAPI DllCanUnloadNow(void)
{
    return S_FALSE;
}
