/*
 * vpcscript: IDispatch for the host's objects, from a table of names
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpcscript_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpcscript);

static inline struct dispobj *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct dispobj, IDispatch_iface);
}

static HRESULT WINAPI dispobj_QueryInterface(IDispatch *iface, REFIID riid, void **obj)
{
    struct dispobj *This = impl_from_IDispatch(iface);

    TRACE("%s %p, %s, %p.\n", This->class->name, iface, debugstr_guid(riid), obj);

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch))
    {
        *obj = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI dispobj_AddRef(IDispatch *iface)
{
    struct dispobj *This = impl_from_IDispatch(iface);
    return InterlockedIncrement(&This->ref);
}

static ULONG WINAPI dispobj_Release(IDispatch *iface)
{
    struct dispobj *This = impl_from_IDispatch(iface);
    LONG ref = InterlockedDecrement(&This->ref);

    if (!ref) This->class->destroy(This);
    return ref;
}

static HRESULT WINAPI dispobj_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI dispobj_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **ti)
{
    *ti = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI dispobj_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names,
                                            UINT count, LCID lcid, DISPID *ids)
{
    struct dispobj *This = impl_from_IDispatch(iface);
    const struct member *member;
    HRESULT hr = S_OK;
    UINT i;

    TRACE("%s %p, %s, %u.\n", This->class->name, iface, debugstr_w(names[0]), count);

    for (i = 0; i < count; i++) ids[i] = DISPID_UNKNOWN;
    for (member = This->class->members; member->name; member++)
    {
        if (!lstrcmpiW(member->name, names[0]))
        {
            ids[0] = member->id;
            break;
        }
    }
    if (ids[0] == DISPID_UNKNOWN) hr = DISP_E_UNKNOWNNAME;
    /* named arguments are not used by the host's members */
    if (count > 1) hr = DISP_E_UNKNOWNNAME;
    return hr;
}

static HRESULT WINAPI dispobj_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid,
                                     WORD flags, DISPPARAMS *params, VARIANT *result,
                                     EXCEPINFO *excepinfo, UINT *argerr)
{
    struct dispobj *This = impl_from_IDispatch(iface);
    DISPPARAMS empty = {0};
    VARIANT dummy;
    HRESULT hr;

    TRACE("%s %p, %d, %#x, %u args, %u named.\n", This->class->name, iface, (int)id, flags,
          params ? params->cArgs : 0, params ? params->cNamedArgs : 0);

    if (!params) params = &empty;
    if (!result)
    {
        VariantInit(&dummy);
        result = &dummy;
    }
    else VariantInit(result);

    hr = This->class->invoke(This, id, flags, params, result);
    if (result == &dummy) VariantClear(&dummy);
    return hr;
}

static const IDispatchVtbl dispobj_vtbl =
{
    dispobj_QueryInterface,
    dispobj_AddRef,
    dispobj_Release,
    dispobj_GetTypeInfoCount,
    dispobj_GetTypeInfo,
    dispobj_GetIDsOfNames,
    dispobj_Invoke
};

void dispobj_init(struct dispobj *obj, const struct dispclass *class)
{
    obj->IDispatch_iface.lpVtbl = &dispobj_vtbl;
    obj->ref = 1;
    obj->class = class;
}

/* Arguments: VBScript and JScript pass them last first; named arguments
 * (only DISPID_PROPERTYPUT here) come before the positional ones. */
unsigned int arg_count(const DISPPARAMS *params)
{
    return params->cArgs - params->cNamedArgs;
}

VARIANT *arg_get(DISPPARAMS *params, unsigned int i)
{
    VARIANT *v;

    if (i >= arg_count(params)) return NULL;
    v = &params->rgvarg[params->cArgs - 1 - i];
    while (V_VT(v) == (VT_BYREF | VT_VARIANT)) v = V_VARIANTREF(v);
    return v;
}

BOOL arg_missing(DISPPARAMS *params, unsigned int i)
{
    VARIANT *v = arg_get(params, i);

    return !v || V_VT(v) == VT_EMPTY || (V_VT(v) == VT_ERROR && V_ERROR(v) == DISP_E_PARAMNOTFOUND);
}

HRESULT variant_to_string(VARIANT *v, BSTR *ret)
{
    VARIANT str;
    HRESULT hr;

    while (V_VT(v) == (VT_BYREF | VT_VARIANT)) v = V_VARIANTREF(v);
    switch (V_VT(v))
    {
    case VT_EMPTY:
        *ret = SysAllocString(L"");
        return *ret ? S_OK : E_OUTOFMEMORY;
    case VT_NULL:
        *ret = SysAllocString(L"null");
        return *ret ? S_OK : E_OUTOFMEMORY;
    case VT_BSTR:
        *ret = SysAllocStringLen(V_BSTR(v), SysStringLen(V_BSTR(v)));
        return *ret ? S_OK : E_OUTOFMEMORY;
    }
    VariantInit(&str);
    hr = VariantChangeType(&str, v, 0, VT_BSTR);
    if (FAILED(hr)) return hr;
    *ret = V_BSTR(&str);
    return S_OK;
}

HRESULT arg_bstr(DISPPARAMS *params, unsigned int i, BSTR *ret)
{
    VARIANT *v = arg_get(params, i);

    *ret = NULL;
    if (!v) return DISP_E_BADPARAMCOUNT;
    return variant_to_string(v, ret);
}

HRESULT arg_int(DISPPARAMS *params, unsigned int i, int *ret)
{
    VARIANT *v = arg_get(params, i), num;
    HRESULT hr;

    if (!v) return DISP_E_BADPARAMCOUNT;
    VariantInit(&num);
    hr = VariantChangeType(&num, v, 0, VT_I4);
    if (FAILED(hr)) return hr;
    *ret = V_I4(&num);
    return S_OK;
}

HRESULT arg_dispatch(DISPPARAMS *params, unsigned int i, IDispatch **ret)
{
    VARIANT *v = arg_get(params, i);

    *ret = NULL;
    if (!v) return DISP_E_BADPARAMCOUNT;
    if (V_VT(v) == (VT_BYREF | VT_DISPATCH)) *ret = *V_DISPATCHREF(v);
    else if (V_VT(v) == VT_DISPATCH) *ret = V_DISPATCH(v);
    else if (V_VT(v) == VT_UNKNOWN && V_UNKNOWN(v))
        return IUnknown_QueryInterface(V_UNKNOWN(v), &IID_IDispatch, (void **)ret);
    else return DISP_E_TYPEMISMATCH;
    if (!*ret) return E_POINTER;
    IDispatch_AddRef(*ret);
    return S_OK;
}

HRESULT return_bstr(VARIANT *result, const WCHAR *str, int len)
{
    V_VT(result) = VT_BSTR;
    V_BSTR(result) = len < 0 ? SysAllocString(str) : SysAllocStringLen(str, len);
    return V_BSTR(result) ? S_OK : E_OUTOFMEMORY;
}

HRESULT return_int(VARIANT *result, int value)
{
    V_VT(result) = VT_I4;
    V_I4(result) = value;
    return S_OK;
}

HRESULT return_bool(VARIANT *result, BOOL value)
{
    V_VT(result) = VT_BOOL;
    V_BOOL(result) = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* takes the reference */
HRESULT return_dispatch(VARIANT *result, IDispatch *disp)
{
    V_VT(result) = VT_DISPATCH;
    V_DISPATCH(result) = disp;
    return S_OK;
}

/* JScript reads properties with DISPATCH_METHOD alone; VBScript with both */
BOOL is_get(WORD flags)
{
    return (flags & (DISPATCH_PROPERTYGET | DISPATCH_METHOD)) != 0;
}

BOOL is_put(WORD flags)
{
    return (flags & (DISPATCH_PROPERTYPUT | DISPATCH_PROPERTYPUTREF)) != 0;
}

/* A property that returns an object, called with arguments (Arguments(0),
 * Arguments.Named("x")): the arguments go to the object's default member,
 * as ITypeInfo::Invoke does for properties declared without parameters.
 * Takes the reference on disp. */
HRESULT return_object_or_item(IDispatch *disp, DISPPARAMS *params, VARIANT *result)
{
    DISPPARAMS positional;
    HRESULT hr;

    if (!arg_count(params)) return return_dispatch(result, disp);
    positional.rgvarg = params->rgvarg + params->cNamedArgs;
    positional.cArgs = arg_count(params);
    positional.rgdispidNamedArgs = NULL;
    positional.cNamedArgs = 0;
    hr = IDispatch_Invoke(disp, DISPID_VALUE, &IID_NULL, LOCALE_USER_DEFAULT,
                          DISPATCH_METHOD | DISPATCH_PROPERTYGET, &positional, result, NULL, NULL);
    IDispatch_Release(disp);
    return hr;
}
