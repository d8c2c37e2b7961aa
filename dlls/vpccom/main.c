/*
 * vpccom: class factory, type library cache and module lifetime
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"
#include "rpcproxy.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

static LONG module_locks;

void lock_module(void)
{
    InterlockedIncrement(&module_locks);
}

void unlock_module(void)
{
    InterlockedDecrement(&module_locks);
}

static ITypeLib *typelib;
static ITypeInfo *typeinfos[LAST_tid];

/* Member names of each interface, upper-cased and sorted, for a lookup
 * that does not compare with every member in turn: late-bound callers
 * (VBScript asks for the DISPID before every call) pay for each lookup. */
struct member_name
{
    WCHAR name[64];
    DISPID dispid;
};

struct member_names
{
    UINT count;
    struct member_name entries[1];
};

static struct member_names *member_names[LAST_tid];

static REFIID tid_ids[] =
{
    &IID_NULL,
#define VPC_TID_IID(iface) &IID_##iface,
    VPC_INTERFACES(VPC_TID_IID)
#undef VPC_TID_IID
};

REFIID get_tid_iid(tid_t tid)
{
    return tid_ids[tid];
}

static HRESULT load_typelib(void)
{
    ITypeLib *tl;
    HRESULT hr;

    hr = LoadRegTypeLib(&LIBID_VPCCOMInterfaces, 1, 0, LOCALE_SYSTEM_DEFAULT, &tl);
    if (FAILED(hr))
    {
        ERR("LoadRegTypeLib failed: %#lx.\n", hr);
        return hr;
    }
    if (InterlockedCompareExchangePointer((void **)&typelib, tl, NULL))
        ITypeLib_Release(tl);
    return hr;
}

HRESULT get_typeinfo(tid_t tid, ITypeInfo **typeinfo)
{
    HRESULT hr;

    if (!typelib && FAILED(hr = load_typelib()))
        return hr;

    if (!typeinfos[tid])
    {
        ITypeInfo *ti;

        hr = ITypeLib_GetTypeInfoOfGuid(typelib, tid_ids[tid], &ti);
        if (FAILED(hr))
        {
            ERR("GetTypeInfoOfGuid(%s) failed: %#lx.\n", debugstr_guid(tid_ids[tid]), hr);
            return hr;
        }
        if (InterlockedCompareExchangePointer((void **)(typeinfos + tid), ti, NULL))
            ITypeInfo_Release(ti);
    }

    *typeinfo = typeinfos[tid];
    ITypeInfo_AddRef(*typeinfo);
    return S_OK;
}

/* Upper-cases an ASCII name; FALSE for anything else (left to the type
 * library's own comparison). */
static BOOL fold_name(const WCHAR *name, WCHAR *folded, size_t size)
{
    size_t i;

    for (i = 0; name[i]; i++)
    {
        if (i + 1 >= size || name[i] > 0x7f) return FALSE;
        folded[i] = (name[i] >= 'a' && name[i] <= 'z') ? name[i] - 'a' + 'A' : name[i];
    }
    folded[i] = 0;
    return TRUE;
}

/* ordinal comparison: lstrcmpW is locale-aware, and slow */
static int compare_member_names(const void *a, const void *b)
{
    const WCHAR *x = ((const struct member_name *)a)->name;
    const WCHAR *y = ((const struct member_name *)b)->name;

    while (*x && *x == *y) x++, y++;
    return *x - *y;
}

static struct member_names *build_member_names(ITypeInfo *typeinfo)
{
    struct member_names *names;
    TYPEATTR *attr;
    FUNCDESC *desc;
    BSTR name;
    UINT i;

    if (FAILED(ITypeInfo_GetTypeAttr(typeinfo, &attr))) return NULL;
    names = calloc(1, offsetof(struct member_names, entries[attr->cFuncs + 1]));
    for (i = 0; names && i < attr->cFuncs; i++)
    {
        if (FAILED(ITypeInfo_GetFuncDesc(typeinfo, i, &desc))) continue;
        if (SUCCEEDED(ITypeInfo_GetDocumentation(typeinfo, desc->memid, &name, NULL, NULL, NULL)))
        {
            struct member_name *entry = &names->entries[names->count];

            if (fold_name(name, entry->name, ARRAY_SIZE(entry->name)))
            {
                entry->dispid = desc->memid;
                names->count++;
            }
            SysFreeString(name);
        }
        ITypeInfo_ReleaseFuncDesc(typeinfo, desc);
    }
    ITypeInfo_ReleaseTypeAttr(typeinfo, attr);
    if (names) qsort(names->entries, names->count, sizeof(names->entries[0]), compare_member_names);
    return names;
}

HRESULT get_dispid(tid_t tid, ITypeInfo *typeinfo, const WCHAR *name, DISPID *dispid)
{
    struct member_name key, *found;
    struct member_names *names;

    if (!fold_name(name, key.name, ARRAY_SIZE(key.name))) return E_FAIL;

    if (!(names = member_names[tid]))
    {
        if (!(names = build_member_names(typeinfo))) return E_FAIL;
        if (InterlockedCompareExchangePointer((void **)(member_names + tid), names, NULL))
        {
            free(names);
            names = member_names[tid];
        }
    }

    found = bsearch(&key, names->entries, names->count, sizeof(key), compare_member_names);
    if (!found)
    {
        *dispid = DISPID_UNKNOWN;
        return DISP_E_UNKNOWNNAME;
    }
    *dispid = found->dispid;
    return S_OK;
}

void release_typelib(void)
{
    unsigned int i;

    if (!typelib) return;
    for (i = 0; i < ARRAY_SIZE(typeinfos); i++)
    {
        if (typeinfos[i]) ITypeInfo_Release(typeinfos[i]);
        free(member_names[i]);
    }
    ITypeLib_Release(typelib);
}

static HRESULT WINAPI ClassFactory_QueryInterface(IClassFactory *iface, REFIID riid, void **obj)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), obj);

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory))
    {
        *obj = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }

    WARN("Unsupported interface %s.\n", debugstr_guid(riid));
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI ClassFactory_AddRef(IClassFactory *iface)
{
    return 2;
}

static ULONG WINAPI ClassFactory_Release(IClassFactory *iface)
{
    return 1;
}

static HRESULT WINAPI VMVirtualPCFactory_CreateInstance(IClassFactory *iface, IUnknown *outer,
                                                        REFIID riid, void **obj)
{
    TRACE("%p, %p, %s, %p.\n", iface, outer, debugstr_guid(riid), obj);

    if (!obj) return E_POINTER;
    *obj = NULL;
    if (outer) return CLASS_E_NOAGGREGATION;
    return VMVirtualPC_create(riid, obj);
}

static HRESULT WINAPI ClassFactory_LockServer(IClassFactory *iface, BOOL lock)
{
    TRACE("%p, %d.\n", iface, lock);

    if (lock) lock_module();
    else unlock_module();
    return S_OK;
}

static const IClassFactoryVtbl VMVirtualPCFactoryVtbl =
{
    ClassFactory_QueryInterface,
    ClassFactory_AddRef,
    ClassFactory_Release,
    VMVirtualPCFactory_CreateInstance,
    ClassFactory_LockServer
};

static IClassFactory VMVirtualPCFactory = { &VMVirtualPCFactoryVtbl };

/***********************************************************************
 *      DllGetClassObject (vpccom.@)
 */
HRESULT WINAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, void **obj)
{
    TRACE("%s, %s, %p.\n", debugstr_guid(rclsid), debugstr_guid(riid), obj);

    if (IsEqualCLSID(rclsid, &CLSID_VMVirtualPC))
        return IClassFactory_QueryInterface(&VMVirtualPCFactory, riid, obj);

    FIXME("Unknown class %s.\n", debugstr_guid(rclsid));
    *obj = NULL;
    return CLASS_E_CLASSNOTAVAILABLE;
}

/***********************************************************************
 *      DllCanUnloadNow (vpccom.@)
 */
HRESULT WINAPI DllCanUnloadNow(void)
{
    TRACE("locks %ld.\n", module_locks);

    /* a running task needs the DLL even when nobody holds it */
    return module_locks || vpce_tasks_running(NULL) ? S_FALSE : S_OK;
}

/***********************************************************************
 *      DllRegisterServer (vpccom.@)
 */
HRESULT WINAPI DllRegisterServer(void)
{
    TRACE("\n");

    return __wine_register_resources();
}

/***********************************************************************
 *      DllUnregisterServer (vpccom.@)
 */
HRESULT WINAPI DllUnregisterServer(void)
{
    WCHAR key[64] = L"TypeLib\\";
    HRESULT hr;

    TRACE("\n");

    hr = __wine_unregister_resources();

    /* UnRegisterTypeLib leaves the library's key behind, empty; remove it
     * (RegDeleteKey leaves a key that still has versions in it). */
    StringFromGUID2(&LIBID_VPCCOMInterfaces, key + lstrlenW(key), ARRAY_SIZE(key) - lstrlenW(key));
    RegDeleteKeyW(HKEY_CLASSES_ROOT, key);
    return hr;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    TRACE("%p, %lu, %p.\n", instance, reason, reserved);

    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        /* Work started and let go of ("fire and forget") is finished
         * before the process ends, as it would be in Virtual PC's own
         * process on Windows.  The engine's workers are not Wine threads:
         * process exit has not stopped them. */
        vpce_tasks_wait_all();
        if (reserved) break;
        release_events();
        release_typelib();
        break;
    }
    return TRUE;
}
