/*
 * vpcscript: WScript.ConnectObject and DisconnectObject, event sinks that
 * call the script's prefix_EventName procedures
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpcscript_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpcscript);

struct sink
{
    IDispatch IDispatch_iface;
    LONG ref;
    IID iid;
    ITypeInfo *typeinfo;    /* the source interface, for the names of its events */
    WCHAR *prefix;
};

struct connection
{
    struct connection *next;
    IUnknown *identity;
    IConnectionPoint *point;
    DWORD cookie;
};

static struct connection *connections;

static inline struct sink *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IDispatch_iface);
}

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **obj)
{
    struct sink *This = impl_from_IDispatch(iface);

    TRACE("%p, %s.\n", iface, debugstr_guid(riid));

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &This->iid))
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
    struct sink *This = impl_from_IDispatch(iface);
    LONG ref = InterlockedDecrement(&This->ref);

    if (!ref)
    {
        ITypeInfo_Release(This->typeinfo);
        free(This->prefix);
        free(This);
    }
    return ref;
}

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **ti)
{
    struct sink *This = impl_from_IDispatch(iface);

    if (index) return DISP_E_BADINDEX;
    ITypeInfo_AddRef(*ti = This->typeinfo);
    return S_OK;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names,
                                         UINT count, LCID lcid, DISPID *ids)
{
    struct sink *This = impl_from_IDispatch(iface);
    return ITypeInfo_GetIDsOfNames(This->typeinfo, names, count, ids);
}

/* the script's procedure prefix + event name, or DISPID_UNKNOWN */
static HRESULT find_handler(struct sink *This, DISPID id, IDispatch **script, DISPID *handler)
{
    WCHAR *name;
    BSTR event;
    HRESULT hr;

    *handler = DISPID_UNKNOWN;
    hr = ITypeInfo_GetDocumentation(This->typeinfo, id, &event, NULL, NULL, NULL);
    if (FAILED(hr)) return hr;
    name = malloc((lstrlenW(This->prefix) + SysStringLen(event) + 1) * sizeof(WCHAR));
    if (name)
    {
        lstrcpyW(name, This->prefix);
        lstrcatW(name, event);
    }
    SysFreeString(event);
    if (!name) return E_OUTOFMEMORY;
    TRACE("event %ld: %s.\n", id, debugstr_w(name));

    hr = IActiveScript_GetScriptDispatch(script_engine, NULL, script);
    if (SUCCEEDED(hr))
    {
        if (FAILED(IDispatch_GetIDsOfNames(*script, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT,
                                           handler)))
            *handler = DISPID_UNKNOWN;
    }
    free(name);
    return hr;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo,
                                  UINT *argerr)
{
    struct sink *This = impl_from_IDispatch(iface);
    DISPPARAMS empty = {0};
    IDispatch *script;
    DISPID handler;
    HRESULT hr;

    TRACE("%p, %ld, %#x, %p.\n", iface, id, flags, params);

    if (!script_engine) return S_OK;
    if (FAILED(hr = find_handler(This, id, &script, &handler))) return S_OK;
    if (handler != DISPID_UNKNOWN)
    {
        hr = IDispatch_Invoke(script, handler, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD,
                              params ? params : &empty, result, excepinfo, argerr);
        TRACE("handler returned %#lx.\n", hr);
        /* an error in a handler ends the script, as in WSH */
        if (FAILED(hr) && script_failed) host_exit(1);
    }
    IDispatch_Release(script);
    return S_OK;
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

/* the coclass of an object without IProvideClassInfo: the one in its type
 * library whose default interface is the object's IDispatch type */
static HRESULT find_coclass(IDispatch *obj, ITypeInfo **ret)
{
    ITypeInfo *ti, *class_ti, *iface_ti;
    TYPEATTR *attr;
    HREFTYPE href;
    ITypeLib *lib;
    UINT i, index, count;
    IID iid;
    HRESULT hr;

    if (FAILED(hr = IDispatch_GetTypeInfo(obj, 0, LOCALE_USER_DEFAULT, &ti))) return hr;
    hr = ITypeInfo_GetContainingTypeLib(ti, &lib, &index);
    if (SUCCEEDED(hr = ITypeInfo_GetTypeAttr(ti, &attr)))
    {
        iid = attr->guid;
        ITypeInfo_ReleaseTypeAttr(ti, attr);
    }
    ITypeInfo_Release(ti);
    if (FAILED(hr)) return hr;

    count = ITypeLib_GetTypeInfoCount(lib);
    hr = TYPE_E_ELEMENTNOTFOUND;
    for (i = 0; i < count && hr != S_OK; i++)
    {
        TYPEKIND kind;
        if (FAILED(ITypeLib_GetTypeInfoType(lib, i, &kind)) || kind != TKIND_COCLASS) continue;
        if (FAILED(ITypeLib_GetTypeInfo(lib, i, &class_ti))) continue;
        if (SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(class_ti, 0, &href))
                && SUCCEEDED(ITypeInfo_GetRefTypeInfo(class_ti, href, &iface_ti)))
        {
            if (SUCCEEDED(ITypeInfo_GetTypeAttr(iface_ti, &attr)))
            {
                if (IsEqualGUID(&attr->guid, &iid))
                {
                    ITypeInfo_AddRef(*ret = class_ti);
                    hr = S_OK;
                }
                ITypeInfo_ReleaseTypeAttr(iface_ti, attr);
            }
            ITypeInfo_Release(iface_ti);
        }
        ITypeInfo_Release(class_ti);
    }
    ITypeLib_Release(lib);
    return hr;
}

/* the [default, source] interface of a coclass */
static HRESULT find_source(ITypeInfo *class_ti, IID *iid, ITypeInfo **ret)
{
    TYPEATTR *attr;
    HREFTYPE href;
    INT flags;
    UINT i, count;
    HRESULT hr;

    if (FAILED(hr = ITypeInfo_GetTypeAttr(class_ti, &attr))) return hr;
    count = attr->cImplTypes;
    ITypeInfo_ReleaseTypeAttr(class_ti, attr);

    for (i = 0; i < count; i++)
    {
        if (FAILED(ITypeInfo_GetImplTypeFlags(class_ti, i, &flags))) continue;
        if ((flags & (IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE))
                != (IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE))
            continue;
        if (FAILED(hr = ITypeInfo_GetRefTypeOfImplType(class_ti, i, &href))) return hr;
        if (FAILED(hr = ITypeInfo_GetRefTypeInfo(class_ti, href, ret))) return hr;
        if (SUCCEEDED(hr = ITypeInfo_GetTypeAttr(*ret, &attr)))
        {
            *iid = attr->guid;
            ITypeInfo_ReleaseTypeAttr(*ret, attr);
            return S_OK;
        }
        ITypeInfo_Release(*ret);
        return hr;
    }
    return CONNECT_E_NOCONNECTION;
}

static HRESULT get_class_info(IDispatch *obj, ITypeInfo **class_ti)
{
    IProvideClassInfo *provide;
    HRESULT hr;

    if (SUCCEEDED(IDispatch_QueryInterface(obj, &IID_IProvideClassInfo, (void **)&provide)))
    {
        hr = IProvideClassInfo_GetClassInfo(provide, class_ti);
        IProvideClassInfo_Release(provide);
        if (SUCCEEDED(hr)) return hr;
    }
    return find_coclass(obj, class_ti);
}

static HRESULT create_sink(REFIID iid, ITypeInfo *typeinfo, const WCHAR *prefix, struct sink **ret)
{
    struct sink *This;

    if (!(This = calloc(1, sizeof(*This)))) return E_OUTOFMEMORY;
    if (!(This->prefix = malloc((lstrlenW(prefix) + 1) * sizeof(WCHAR))))
    {
        free(This);
        return E_OUTOFMEMORY;
    }
    lstrcpyW(This->prefix, prefix);
    This->IDispatch_iface.lpVtbl = &sink_vtbl;
    This->ref = 1;
    This->iid = *iid;
    ITypeInfo_AddRef(This->typeinfo = typeinfo);
    *ret = This;
    return S_OK;
}

static HRESULT advise(IDispatch *obj, REFIID iid, struct sink *sink)
{
    IConnectionPointContainer *container;
    struct connection *connection;
    IConnectionPoint *point;
    HRESULT hr;

    hr = IDispatch_QueryInterface(obj, &IID_IConnectionPointContainer, (void **)&container);
    if (FAILED(hr)) return hr;
    hr = IConnectionPointContainer_FindConnectionPoint(container, iid, &point);
    IConnectionPointContainer_Release(container);
    if (FAILED(hr)) return hr;

    if (!(connection = calloc(1, sizeof(*connection))))
    {
        IConnectionPoint_Release(point);
        return E_OUTOFMEMORY;
    }
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink->IDispatch_iface, &connection->cookie);
    if (FAILED(hr))
    {
        IConnectionPoint_Release(point);
        free(connection);
        return hr;
    }
    IDispatch_QueryInterface(obj, &IID_IUnknown, (void **)&connection->identity);
    connection->point = point;
    connection->next = connections;
    connections = connection;
    return S_OK;
}

HRESULT connect_object(IDispatch *obj, const WCHAR *prefix)
{
    ITypeInfo *class_ti, *source_ti;
    struct sink *sink;
    HRESULT hr;
    IID iid;

    TRACE("%p, %s.\n", obj, debugstr_w(prefix));

    if (FAILED(hr = get_class_info(obj, &class_ti)))
    {
        WARN("no class information: %#lx.\n", hr);
        return hr;
    }
    hr = find_source(class_ti, &iid, &source_ti);
    ITypeInfo_Release(class_ti);
    if (FAILED(hr))
    {
        WARN("no source interface: %#lx.\n", hr);
        return hr;
    }
    TRACE("source interface %s.\n", debugstr_guid(&iid));
    hr = create_sink(&iid, source_ti, prefix, &sink);
    ITypeInfo_Release(source_ti);
    if (FAILED(hr)) return hr;
    hr = advise(obj, &iid, sink);
    IDispatch_Release(&sink->IDispatch_iface);
    return hr;
}

/* takes the connection out of the list */
static void unadvise(struct connection **prev)
{
    struct connection *connection = *prev;

    *prev = connection->next;
    IConnectionPoint_Unadvise(connection->point, connection->cookie);
    IConnectionPoint_Release(connection->point);
    if (connection->identity) IUnknown_Release(connection->identity);
    free(connection);
}

HRESULT disconnect_object(IDispatch *obj)
{
    struct connection **prev = &connections;
    IUnknown *identity;
    HRESULT hr;

    TRACE("%p.\n", obj);

    if (FAILED(hr = IDispatch_QueryInterface(obj, &IID_IUnknown, (void **)&identity))) return hr;
    while (*prev)
    {
        if ((*prev)->identity == identity) unadvise(prev);
        else prev = &(*prev)->next;
    }
    IUnknown_Release(identity);
    return S_OK;
}

void disconnect_all(void)
{
    while (connections) unadvise(&connections);
}
