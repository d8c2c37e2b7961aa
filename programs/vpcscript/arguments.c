/*
 * vpcscript: WScript.Arguments, with its Named and Unnamed collections
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpcscript_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpcscript);

/* The script's arguments, as WSH 5.x splits them: "/name:value" and
 * "/name" are named, everything else is unnamed. */
static WCHAR **args;
static int args_count;

enum arglist_kind { ARGS_ALL, ARGS_NAMED, ARGS_UNNAMED };

struct arglist
{
    struct dispobj base;
    enum arglist_kind kind;
};

enum
{
    DISPID_ARGS_COUNT = 1,
    DISPID_ARGS_LENGTH,
    DISPID_ARGS_NAMED,
    DISPID_ARGS_UNNAMED,
    DISPID_ARGS_EXISTS,
    DISPID_ARGS_SHOWUSAGE
};

static BOOL is_named(const WCHAR *arg)
{
    return arg[0] == '/' && arg[1] && arg[1] != ':';
}

/* length of the name of a named argument, after the slash */
static int name_length(const WCHAR *arg)
{
    int len = 0;

    while (arg[1 + len] && arg[1 + len] != ':') len++;
    return len;
}

/* the index in args of the n-th argument of a list, or -1 */
static int list_index(enum arglist_kind kind, int n)
{
    int i;

    if (n < 0) return -1;
    for (i = 0; i < args_count; i++)
    {
        if (kind == ARGS_NAMED && !is_named(args[i])) continue;
        if (kind == ARGS_UNNAMED && is_named(args[i])) continue;
        if (!n--) return i;
    }
    return -1;
}

static int list_count(enum arglist_kind kind)
{
    int n = 0;

    while (list_index(kind, n) >= 0) n++;
    return n;
}

static int find_named(const WCHAR *name)
{
    int i, len = lstrlenW(name);

    for (i = 0; i < args_count; i++)
    {
        if (!is_named(args[i]) || name_length(args[i]) != len) continue;
        if (CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, args[i] + 1, len, name, len)
                == CSTR_EQUAL)
            return i;
    }
    return -1;
}

/* IEnumVARIANT over a copy of the strings of a list */
struct argenum
{
    IEnumVARIANT IEnumVARIANT_iface;
    LONG ref;
    enum arglist_kind kind;
    int pos;
};

static inline struct argenum *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct argenum, IEnumVARIANT_iface);
}

static HRESULT create_argenum(enum arglist_kind kind, int pos, IEnumVARIANT **ret);

static HRESULT WINAPI argenum_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **obj)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumVARIANT))
    {
        *obj = iface;
        IEnumVARIANT_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI argenum_AddRef(IEnumVARIANT *iface)
{
    return InterlockedIncrement(&impl_from_IEnumVARIANT(iface)->ref);
}

static ULONG WINAPI argenum_Release(IEnumVARIANT *iface)
{
    struct argenum *This = impl_from_IEnumVARIANT(iface);
    LONG ref = InterlockedDecrement(&This->ref);

    if (!ref) free(This);
    return ref;
}

/* the string an enumerator of the list gives for args[i] */
static HRESULT list_item(enum arglist_kind kind, int i, VARIANT *v)
{
    if (kind == ARGS_NAMED) return return_bstr(v, args[i] + 1, name_length(args[i]));
    return return_bstr(v, args[i], -1);
}

static HRESULT WINAPI argenum_Next(IEnumVARIANT *iface, ULONG count, VARIANT *items, ULONG *fetched)
{
    struct argenum *This = impl_from_IEnumVARIANT(iface);
    ULONG n = 0;
    int i;

    TRACE("%p, %lu.\n", iface, count);

    while (n < count && (i = list_index(This->kind, This->pos)) >= 0)
    {
        list_item(This->kind, i, &items[n++]);
        This->pos++;
    }
    if (fetched) *fetched = n;
    return n == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI argenum_Skip(IEnumVARIANT *iface, ULONG count)
{
    struct argenum *This = impl_from_IEnumVARIANT(iface);
    int total = list_count(This->kind);

    This->pos += count;
    if (This->pos <= total) return S_OK;
    This->pos = total;
    return S_FALSE;
}

static HRESULT WINAPI argenum_Reset(IEnumVARIANT *iface)
{
    impl_from_IEnumVARIANT(iface)->pos = 0;
    return S_OK;
}

static HRESULT WINAPI argenum_Clone(IEnumVARIANT *iface, IEnumVARIANT **ret)
{
    struct argenum *This = impl_from_IEnumVARIANT(iface);
    return create_argenum(This->kind, This->pos, ret);
}

static const IEnumVARIANTVtbl argenum_vtbl =
{
    argenum_QueryInterface,
    argenum_AddRef,
    argenum_Release,
    argenum_Next,
    argenum_Skip,
    argenum_Reset,
    argenum_Clone
};

static HRESULT create_argenum(enum arglist_kind kind, int pos, IEnumVARIANT **ret)
{
    struct argenum *This;

    if (!(This = calloc(1, sizeof(*This)))) return E_OUTOFMEMORY;
    This->IEnumVARIANT_iface.lpVtbl = &argenum_vtbl;
    This->ref = 1;
    This->kind = kind;
    This->pos = pos;
    *ret = &This->IEnumVARIANT_iface;
    return S_OK;
}

/* the collections */
static const struct member arguments_members[] =
{
    { L"Item", DISPID_VALUE },
    { L"Count", DISPID_ARGS_COUNT },
    { L"length", DISPID_ARGS_LENGTH },
    { L"Named", DISPID_ARGS_NAMED },
    { L"Unnamed", DISPID_ARGS_UNNAMED },
    { L"ShowUsage", DISPID_ARGS_SHOWUSAGE },
    { L"_NewEnum", DISPID_NEWENUM },
    { NULL }
};

static const struct member named_members[] =
{
    { L"Item", DISPID_VALUE },
    { L"Count", DISPID_ARGS_COUNT },
    { L"length", DISPID_ARGS_LENGTH },
    { L"Exists", DISPID_ARGS_EXISTS },
    { L"_NewEnum", DISPID_NEWENUM },
    { NULL }
};

static const struct member unnamed_members[] =
{
    { L"Item", DISPID_VALUE },
    { L"Count", DISPID_ARGS_COUNT },
    { L"length", DISPID_ARGS_LENGTH },
    { L"_NewEnum", DISPID_NEWENUM },
    { NULL }
};

static HRESULT create_arglist(enum arglist_kind kind, IDispatch **ret);

static HRESULT named_item(DISPPARAMS *params, VARIANT *result)
{
    BSTR name;
    HRESULT hr;
    int i;

    if (FAILED(hr = arg_bstr(params, 0, &name))) return hr;
    i = find_named(name);
    SysFreeString(name);
    if (i < 0 || !args[i][1 + name_length(args[i])]) return S_OK;   /* Empty */
    return return_bstr(result, args[i] + 2 + name_length(args[i]), -1);
}

static HRESULT named_exists(DISPPARAMS *params, VARIANT *result)
{
    BSTR name;
    HRESULT hr;

    if (FAILED(hr = arg_bstr(params, 0, &name))) return hr;
    hr = return_bool(result, find_named(name) >= 0);
    SysFreeString(name);
    return hr;
}

static HRESULT indexed_item(enum arglist_kind kind, DISPPARAMS *params, VARIANT *result)
{
    HRESULT hr;
    int n, i;

    if (FAILED(hr = arg_int(params, 0, &n))) return hr;
    if ((i = list_index(kind, n)) < 0) return DISP_E_BADINDEX;
    return return_bstr(result, args[i], -1);
}

static HRESULT arglist_invoke(struct dispobj *obj, DISPID id, WORD flags, DISPPARAMS *params,
                              VARIANT *result)
{
    struct arglist *This = CONTAINING_RECORD(obj, struct arglist, base);
    IEnumVARIANT *enumvar;
    IDispatch *disp;
    HRESULT hr;

    if (!is_get(flags)) return DISP_E_MEMBERNOTFOUND;
    switch (id)
    {
    case DISPID_VALUE:
        if (!arg_count(params))
        {
            /* the collection itself, as a value: the count, like WSH's Arguments */
            if (flags & DISPATCH_METHOD) return DISP_E_BADPARAMCOUNT;
            return return_int(result, list_count(This->kind));
        }
        if (This->kind == ARGS_NAMED) return named_item(params, result);
        return indexed_item(This->kind, params, result);
    case DISPID_ARGS_COUNT:
    case DISPID_ARGS_LENGTH:
        return return_int(result, list_count(This->kind));
    case DISPID_ARGS_EXISTS:
        return named_exists(params, result);
    case DISPID_ARGS_NAMED:
    case DISPID_ARGS_UNNAMED:
        hr = create_arglist(id == DISPID_ARGS_NAMED ? ARGS_NAMED : ARGS_UNNAMED, &disp);
        if (FAILED(hr)) return hr;
        return return_object_or_item(disp, params, result);
    case DISPID_ARGS_SHOWUSAGE:
        FIXME("ShowUsage: no usage information without a .wsf file.\n");
        return S_OK;
    case DISPID_NEWENUM:
        if (FAILED(hr = create_argenum(This->kind, 0, &enumvar))) return hr;
        V_VT(result) = VT_UNKNOWN;
        V_UNKNOWN(result) = (IUnknown *)enumvar;
        return S_OK;
    }
    return DISP_E_MEMBERNOTFOUND;
}

static void arglist_destroy(struct dispobj *obj)
{
    free(CONTAINING_RECORD(obj, struct arglist, base));
}

static const struct dispclass arguments_class =
    { "Arguments", arguments_members, arglist_invoke, arglist_destroy };
static const struct dispclass named_class =
    { "Named", named_members, arglist_invoke, arglist_destroy };
static const struct dispclass unnamed_class =
    { "Unnamed", unnamed_members, arglist_invoke, arglist_destroy };

static HRESULT create_arglist(enum arglist_kind kind, IDispatch **ret)
{
    static const struct dispclass *classes[] = { &arguments_class, &named_class, &unnamed_class };
    struct arglist *This;

    if (!(This = calloc(1, sizeof(*This)))) return E_OUTOFMEMORY;
    dispobj_init(&This->base, classes[kind]);
    This->kind = kind;
    *ret = &This->base.IDispatch_iface;
    return S_OK;
}

HRESULT create_arguments(int argc, WCHAR **argv, IDispatch **ret)
{
    args = argv;
    args_count = argc;
    return create_arglist(ARGS_ALL, ret);
}
