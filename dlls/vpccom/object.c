/*
 * The part every automation object shares: IUnknown, IDispatch on the
 * type library, ISupportErrorInfo, and error reporting through IErrorInfo
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <stdio.h>

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

static inline struct vpc_object *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct vpc_object, IDispatch_iface);
}

static inline struct vpc_object *impl_from_ISupportErrorInfo(ISupportErrorInfo *iface)
{
    return CONTAINING_RECORD(iface, struct vpc_object, ISupportErrorInfo_iface);
}

HRESULT WINAPI vpc_object_QueryInterface(IDispatch *iface, REFIID riid, void **obj)
{
    struct vpc_object *object = impl_from_IDispatch(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), obj);

    if (!obj) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, get_tid_iid(object->tid)))
        *obj = &object->IDispatch_iface;
    else if (IsEqualGUID(riid, &IID_ISupportErrorInfo))
        *obj = &object->ISupportErrorInfo_iface;
    else if (object->funcs->query_interface
            && SUCCEEDED(object->funcs->query_interface(object, riid, obj)))
        return S_OK;
    else
    {
        WARN("Unsupported interface %s.\n", debugstr_guid(riid));
        *obj = NULL;
        return E_NOINTERFACE;
    }

    IUnknown_AddRef((IUnknown *)*obj);
    return S_OK;
}

ULONG WINAPI vpc_object_AddRef(IDispatch *iface)
{
    struct vpc_object *object = impl_from_IDispatch(iface);
    ULONG ref = InterlockedIncrement(&object->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

ULONG WINAPI vpc_object_Release(IDispatch *iface)
{
    struct vpc_object *object = impl_from_IDispatch(iface);
    ULONG ref = InterlockedDecrement(&object->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);

    if (!ref)
    {
        object->funcs->destroy(object);
        unlock_module();
    }
    return ref;
}

HRESULT WINAPI vpc_object_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_INVALIDARG;
    *count = 1;
    return S_OK;
}

HRESULT WINAPI vpc_object_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **ti)
{
    struct vpc_object *object = impl_from_IDispatch(iface);

    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, ti);

    if (!ti) return E_INVALIDARG;
    *ti = NULL;
    if (index) return DISP_E_BADINDEX;
    return get_typeinfo(object->tid, ti);
}

HRESULT WINAPI vpc_object_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names,
                                        UINT count, LCID lcid, DISPID *dispid)
{
    struct vpc_object *object = impl_from_IDispatch(iface);
    ITypeInfo *typeinfo;
    HRESULT hr;

    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, dispid);

    if (!IsEqualGUID(riid, &IID_NULL)) return DISP_E_UNKNOWNINTERFACE;
    if (!names || !dispid) return E_INVALIDARG;
    if (FAILED(hr = get_typeinfo(object->tid, &typeinfo))) return hr;
    /* Named arguments and unusual names go to the type library itself. */
    if (count != 1 || (FAILED(hr = get_dispid(object->tid, typeinfo, names[0], dispid))
                       && hr != DISP_E_UNKNOWNNAME))
        hr = ITypeInfo_GetIDsOfNames(typeinfo, names, count, dispid);
    ITypeInfo_Release(typeinfo);
    return hr;
}

HRESULT WINAPI vpc_object_Invoke(IDispatch *iface, DISPID dispid, REFIID riid, LCID lcid,
                                 WORD flags, DISPPARAMS *params, VARIANT *result,
                                 EXCEPINFO *excepinfo, UINT *argerr)
{
    struct vpc_object *object = impl_from_IDispatch(iface);
    ITypeInfo *typeinfo;
    HRESULT hr;

    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, dispid, debugstr_guid(riid), lcid,
          flags, params, result, excepinfo, argerr);

    if (!IsEqualGUID(riid, &IID_NULL)) return DISP_E_UNKNOWNINTERFACE;

    /* JScript calls properties as methods: coll.Item(1), and its Enumerator
     * asks for _NewEnum as a method.  No DISPID is both. */
    if (flags & DISPATCH_METHOD)
        flags |= DISPATCH_PROPERTYGET;

    if (FAILED(hr = get_typeinfo(object->tid, &typeinfo))) return hr;
    hr = ITypeInfo_Invoke(typeinfo, &object->IDispatch_iface, dispid, flags, params, result,
                          excepinfo, argerr);
    ITypeInfo_Release(typeinfo);
    return hr;
}

static HRESULT WINAPI SupportErrorInfo_QueryInterface(ISupportErrorInfo *iface, REFIID riid,
                                                      void **obj)
{
    struct vpc_object *object = impl_from_ISupportErrorInfo(iface);
    return vpc_object_QueryInterface(&object->IDispatch_iface, riid, obj);
}

static ULONG WINAPI SupportErrorInfo_AddRef(ISupportErrorInfo *iface)
{
    struct vpc_object *object = impl_from_ISupportErrorInfo(iface);
    return vpc_object_AddRef(&object->IDispatch_iface);
}

static ULONG WINAPI SupportErrorInfo_Release(ISupportErrorInfo *iface)
{
    struct vpc_object *object = impl_from_ISupportErrorInfo(iface);
    return vpc_object_Release(&object->IDispatch_iface);
}

static HRESULT WINAPI SupportErrorInfo_InterfaceSupportsErrorInfo(ISupportErrorInfo *iface,
                                                                  REFIID riid)
{
    struct vpc_object *object = impl_from_ISupportErrorInfo(iface);

    TRACE("%p, %s.\n", iface, debugstr_guid(riid));

    return IsEqualGUID(riid, get_tid_iid(object->tid)) ? S_OK : S_FALSE;
}

static const ISupportErrorInfoVtbl SupportErrorInfoVtbl =
{
    SupportErrorInfo_QueryInterface,
    SupportErrorInfo_AddRef,
    SupportErrorInfo_Release,
    SupportErrorInfo_InterfaceSupportsErrorInfo
};

void vpc_object_init(struct vpc_object *object, const void *vtbl, tid_t tid,
                     const struct vpc_object_funcs *funcs)
{
    object->IDispatch_iface.lpVtbl = vtbl;
    object->ISupportErrorInfo_iface.lpVtbl = &SupportErrorInfoVtbl;
    object->ref = 1;
    object->tid = tid;
    object->funcs = funcs;
    lock_module();
}

BSTR bstr_from_utf8(const char *str)
{
    int len = MultiByteToWideChar(CP_UTF8, 0, str, -1, NULL, 0);
    BSTR ret;

    if (!len || !(ret = SysAllocStringLen(NULL, len - 1))) return NULL;
    MultiByteToWideChar(CP_UTF8, 0, str, -1, ret, len);
    return ret;
}

HRESULT return_string(const char *value, BSTR *ret, REFIID iid)
{
    if (!ret) return vpc_error(E_POINTER, iid, L"NULL pointer.");
    if (!value || !(*ret = bstr_from_utf8(value))) return vpc_engine_error(VPCE_E_NOMEM, iid);
    return S_OK;
}

HRESULT return_long(LONG value, LONG *ret, REFIID iid)
{
    if (!ret) return vpc_error(E_POINTER, iid, L"NULL pointer.");
    *ret = value;
    return S_OK;
}

HRESULT return_bool(BOOL value, VARIANT_BOOL *ret, REFIID iid)
{
    if (!ret) return vpc_error(E_POINTER, iid, L"NULL pointer.");
    *ret = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

HRESULT vpc_error(HRESULT hr, REFIID iid, const WCHAR *description)
{
    ICreateErrorInfo *create;
    IErrorInfo *info;

    if (FAILED(CreateErrorInfo(&create))) return hr;
    ICreateErrorInfo_SetGUID(create, iid);
    ICreateErrorInfo_SetSource(create, (WCHAR *)L"VirtualPC.Application");
    ICreateErrorInfo_SetDescription(create, (WCHAR *)description);
    if (SUCCEEDED(ICreateErrorInfo_QueryInterface(create, &IID_IErrorInfo, (void **)&info)))
    {
        SetErrorInfo(0, info);
        IErrorInfo_Release(info);
    }
    ICreateErrorInfo_Release(create);
    return hr;
}

static const struct
{
    enum vpce_status status;
    HRESULT hr;
}
status_map[] =
{
    { VPCE_E_NOMEM,             E_OUTOFMEMORY },
    { VPCE_E_INVALID_ARG,       E_INVALIDARG },
    { VPCE_E_UNEXPECTED,        DISP_E_EXCEPTION },
    { VPCE_E_NOT_IMPLEMENTED,   E_NOTIMPL },
    { VPCE_E_FILE_NOT_FOUND,    __HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) },
    { VPCE_E_PATH_NOT_FOUND,    __HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND) },
    { VPCE_E_ALREADY_EXISTS,    __HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS) },
    { VPCE_E_ACCESS_DENIED,     E_ACCESSDENIED },
    { VPCE_E_DISK_FULL,         __HRESULT_FROM_WIN32(ERROR_DISK_FULL) },
    { VPCE_E_INVALID_NAME,      __HRESULT_FROM_WIN32(ERROR_INVALID_NAME) },
    { VPCE_E_BAD_PATHNAME,      __HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME) },
    { VPCE_E_NAME_TOO_LONG,     __HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW) },
    { VPCE_E_SHARING_VIOLATION, __HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION) },
    { VPCE_E_CANCELLED,         __HRESULT_FROM_WIN32(ERROR_CANCELLED) },
    { VPCE_E_NOT_CANCELABLE,    E_FAIL },
#define VPC_STATUS_MAP_ENTRY(name, text) { VPCE_E_##name, VM_E_##name },
    VPCE_VM_ERRORS(VPC_STATUS_MAP_ENTRY)
#undef VPC_STATUS_MAP_ENTRY
};

HRESULT vpc_hresult_from_status(enum vpce_status status)
{
    unsigned int i;

    if (status == VPCE_OK) return S_OK;
    for (i = 0; i < ARRAY_SIZE(status_map); i++)
        if (status_map[i].status == status) return status_map[i].hr;
    return DISP_E_EXCEPTION;
}

HRESULT vpc_engine_error(enum vpce_status status, REFIID iid)
{
    HRESULT hr = vpc_hresult_from_status(status);
    BSTR description = bstr_from_utf8(vpce_strerror(status));

    vpc_error(hr, iid, description ? description : L"");
    SysFreeString(description);
    return hr;
}

HRESULT vpc_not_implemented(REFIID iid, const char *member)
{
    char text[256];
    BSTR description;

    FIXME("%s: not implemented.\n", member);

    snprintf(text, sizeof(text), "%s is not implemented yet.", member);
    description = bstr_from_utf8(text);
    vpc_error(E_NOTIMPL, iid, description ? description : L"");
    SysFreeString(description);
    return E_NOTIMPL;
}
