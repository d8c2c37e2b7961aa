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

void release_typelib(void)
{
    unsigned int i;

    if (!typelib) return;
    for (i = 0; i < ARRAY_SIZE(typeinfos); i++)
        if (typeinfos[i]) ITypeInfo_Release(typeinfos[i]);
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

    return module_locks ? S_FALSE : S_OK;
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
        if (reserved) break;
        release_typelib();
        break;
    }
    return TRUE;
}
