/*
 * Collections (IVM*Collection) and their IEnumVARIANT
 *
 * Every collection interface of the API has the same shape: Count, Item
 * (1-based) and _NewEnum.  One implementation serves them all; a
 * collection is a snapshot of its items taken when it is created.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct collection
{
    struct vpc_object base;
    LONG count;
    IDispatch **items;
};

struct enumerator
{
    IEnumVARIANT IEnumVARIANT_iface;
    LONG ref;
    struct collection *collection;
    LONG pos;
};

static inline struct collection *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct collection, base.IDispatch_iface);
}

static inline struct enumerator *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct enumerator, IEnumVARIANT_iface);
}

static HRESULT create_enumerator(struct collection *collection, LONG pos, IEnumVARIANT **ret);

static HRESULT WINAPI enumerator_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **obj)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), obj);

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumVARIANT))
    {
        *obj = iface;
        IEnumVARIANT_AddRef(iface);
        return S_OK;
    }

    WARN("Unsupported interface %s.\n", debugstr_guid(riid));
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI enumerator_AddRef(IEnumVARIANT *iface)
{
    struct enumerator *enumerator = impl_from_IEnumVARIANT(iface);
    ULONG ref = InterlockedIncrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI enumerator_Release(IEnumVARIANT *iface)
{
    struct enumerator *enumerator = impl_from_IEnumVARIANT(iface);
    ULONG ref = InterlockedDecrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);

    if (!ref)
    {
        IDispatch_Release(&enumerator->collection->base.IDispatch_iface);
        free(enumerator);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI enumerator_Next(IEnumVARIANT *iface, ULONG celt, VARIANT *var, ULONG *fetched)
{
    struct enumerator *enumerator = impl_from_IEnumVARIANT(iface);
    struct collection *collection = enumerator->collection;
    ULONG count = 0;

    TRACE("%p, %lu, %p, %p.\n", iface, celt, var, fetched);

    if (!var && celt) return E_POINTER;

    while (count < celt && enumerator->pos < collection->count)
    {
        IDispatch *item = collection->items[enumerator->pos++];

        V_VT(&var[count]) = VT_DISPATCH;
        V_DISPATCH(&var[count]) = item;
        IDispatch_AddRef(item);
        count++;
    }

    if (fetched) *fetched = count;
    return count == celt ? S_OK : S_FALSE;
}

static HRESULT WINAPI enumerator_Skip(IEnumVARIANT *iface, ULONG celt)
{
    struct enumerator *enumerator = impl_from_IEnumVARIANT(iface);
    LONG left = enumerator->collection->count - enumerator->pos;

    TRACE("%p, %lu.\n", iface, celt);

    if (celt > left)
    {
        enumerator->pos = enumerator->collection->count;
        return S_FALSE;
    }
    enumerator->pos += celt;
    return S_OK;
}

static HRESULT WINAPI enumerator_Reset(IEnumVARIANT *iface)
{
    struct enumerator *enumerator = impl_from_IEnumVARIANT(iface);

    TRACE("%p.\n", iface);

    enumerator->pos = 0;
    return S_OK;
}

static HRESULT WINAPI enumerator_Clone(IEnumVARIANT *iface, IEnumVARIANT **ret)
{
    struct enumerator *enumerator = impl_from_IEnumVARIANT(iface);

    TRACE("%p, %p.\n", iface, ret);

    if (!ret) return E_POINTER;
    return create_enumerator(enumerator->collection, enumerator->pos, ret);
}

static const IEnumVARIANTVtbl enumerator_vtbl =
{
    enumerator_QueryInterface,
    enumerator_AddRef,
    enumerator_Release,
    enumerator_Next,
    enumerator_Skip,
    enumerator_Reset,
    enumerator_Clone
};

static HRESULT create_enumerator(struct collection *collection, LONG pos, IEnumVARIANT **ret)
{
    struct enumerator *enumerator;

    if (!(enumerator = calloc(1, sizeof(*enumerator)))) return E_OUTOFMEMORY;

    enumerator->IEnumVARIANT_iface.lpVtbl = &enumerator_vtbl;
    enumerator->ref = 1;
    enumerator->collection = collection;
    enumerator->pos = pos;
    IDispatch_AddRef(&collection->base.IDispatch_iface);
    lock_module();

    *ret = &enumerator->IEnumVARIANT_iface;
    return S_OK;
}

static HRESULT collection_get_Count(IDispatch *iface, LONG *count)
{
    struct collection *collection = impl_from_IDispatch(iface);

    TRACE("%p, %p.\n", iface, count);

    if (!count)
        return vpc_error(E_POINTER, get_tid_iid(collection->base.tid), L"Count: NULL pointer.");
    *count = collection->count;
    return S_OK;
}

static HRESULT collection_get_Item(IDispatch *iface, LONG index, IDispatch **item)
{
    struct collection *collection = impl_from_IDispatch(iface);
    REFIID iid = get_tid_iid(collection->base.tid);

    TRACE("%p, %ld, %p.\n", iface, index, item);

    if (!item) return vpc_error(E_POINTER, iid, L"Item: NULL pointer.");
    *item = NULL;
    if (index < 1 || index > collection->count)
        return vpc_error(DISP_E_BADINDEX, iid,
                         L"The index is outside the collection (the first item is 1).");

    *item = collection->items[index - 1];
    IDispatch_AddRef(*item);
    return S_OK;
}

static HRESULT collection_get__NewEnum(IDispatch *iface, IUnknown **ret)
{
    struct collection *collection = impl_from_IDispatch(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, ret);

    if (!ret)
        return vpc_error(E_POINTER, get_tid_iid(collection->base.tid), L"_NewEnum: NULL pointer.");
    hr = create_enumerator(collection, 0, (IEnumVARIANT **)ret);
    if (FAILED(hr)) *ret = NULL;
    return hr;
}

/* One vtable per collection interface; they differ only in types. */
#define DEFINE_COLLECTION(prefix, type, item_type) \
    DEFINE_VPC_DISPATCH(prefix, type) \
    static HRESULT WINAPI prefix##_get_Count(type *iface, LONG *count) \
    { return collection_get_Count((IDispatch *)iface, count); } \
    static HRESULT WINAPI prefix##_get_Item(type *iface, LONG index, item_type **item) \
    { return collection_get_Item((IDispatch *)iface, index, (IDispatch **)item); } \
    static HRESULT WINAPI prefix##_get__NewEnum(type *iface, IUnknown **ret) \
    { return collection_get__NewEnum((IDispatch *)iface, ret); } \
    static const type##Vtbl prefix##_vtbl = \
    { \
        VPC_DISPATCH_VTBL_ENTRIES(prefix), \
        prefix##_get_Count, \
        prefix##_get_Item, \
        prefix##_get__NewEnum \
    };

DEFINE_COLLECTION(dvd_drives, IVMDVDDriveCollection, IVMDVDDrive)
DEFINE_COLLECTION(floppy_drives, IVMFloppyDriveCollection, IVMFloppyDrive)
DEFINE_COLLECTION(hard_disk_connections, IVMHardDiskConnectionCollection, IVMHardDiskConnection)
DEFINE_COLLECTION(network_adapters, IVMNetworkAdapterCollection, IVMNetworkAdapter)
DEFINE_COLLECTION(parallel_ports, IVMParallelPortCollection, IVMParallelPort)
DEFINE_COLLECTION(serial_ports, IVMSerialPortCollection, IVMSerialPort)
DEFINE_COLLECTION(tasks, IVMTaskCollection, IVMTask)
DEFINE_COLLECTION(usb_devices, IVMUSBDeviceCollection, IVMUSBDevice)
DEFINE_COLLECTION(virtual_machines, IVMVirtualMachineCollection, IVMVirtualMachine)
DEFINE_COLLECTION(virtual_networks, IVMVirtualNetworkCollection, IVMVirtualNetwork)

static const struct
{
    tid_t tid;
    const void *vtbl;
}
collection_vtbls[] =
{
    { IVMDVDDriveCollection_tid,           &dvd_drives_vtbl },
    { IVMFloppyDriveCollection_tid,        &floppy_drives_vtbl },
    { IVMHardDiskConnectionCollection_tid, &hard_disk_connections_vtbl },
    { IVMNetworkAdapterCollection_tid,     &network_adapters_vtbl },
    { IVMParallelPortCollection_tid,       &parallel_ports_vtbl },
    { IVMSerialPortCollection_tid,         &serial_ports_vtbl },
    { IVMTaskCollection_tid,               &tasks_vtbl },
    { IVMUSBDeviceCollection_tid,          &usb_devices_vtbl },
    { IVMVirtualMachineCollection_tid,     &virtual_machines_vtbl },
    { IVMVirtualNetworkCollection_tid,     &virtual_networks_vtbl },
};

static void collection_destroy(struct vpc_object *object)
{
    struct collection *collection = CONTAINING_RECORD(object, struct collection, base);
    LONG i;

    for (i = 0; i < collection->count; i++)
        IDispatch_Release(collection->items[i]);
    free(collection->items);
    free(collection);
}

static const struct vpc_object_funcs collection_funcs =
{
    collection_destroy,
};

HRESULT collection_create(tid_t tid, IDispatch **items, LONG count, IDispatch **ret)
{
    struct collection *collection;
    const void *vtbl = NULL;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(collection_vtbls); i++)
        if (collection_vtbls[i].tid == tid) vtbl = collection_vtbls[i].vtbl;
    if (!vtbl)
    {
        ERR("No collection for tid %d.\n", tid);
        return E_UNEXPECTED;
    }

    if (!(collection = calloc(1, sizeof(*collection)))) return E_OUTOFMEMORY;
    if (count && !(collection->items = malloc(count * sizeof(*items))))
    {
        free(collection);
        return E_OUTOFMEMORY;
    }

    vpc_object_init(&collection->base, vtbl, tid, &collection_funcs);
    for (i = 0; i < count; i++)
    {
        collection->items[i] = items[i];
        IDispatch_AddRef(items[i]);
    }
    collection->count = count;

    *ret = &collection->base.IDispatch_iface;
    return S_OK;
}
