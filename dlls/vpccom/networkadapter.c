/*
 * IVMNetworkAdapter: one of a machine's network adapters (at most four)
 *
 * The object holds its machine and the adapter's number in the .vmc, and
 * reads the .vmc on every call, so that it sees what other objects and
 * processes changed; once the adapter is removed, calls fail with
 * VM_E_ADAPTER_NOT_FOUND.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct networkadapter
{
    struct vpc_object base;
    IVMVirtualMachine *vm;
    struct vpce_machine *machine;   /* the engine's, owned by vm */
    LONG id;
};

static inline struct networkadapter *impl_from_IVMNetworkAdapter(IVMNetworkAdapter *iface)
{
    return CONTAINING_RECORD(iface, struct networkadapter, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(networkadapter, IVMNetworkAdapter)

static HRESULT adapter_error(enum vpce_status status)
{
    return vpc_engine_error(status, &IID_IVMNetworkAdapter);
}

static HRESULT get_adapter(struct networkadapter *nic, struct vpce_adapter *adapter)
{
    enum vpce_status status = vpce_machine_get_adapter(nic->machine, nic->id, adapter);
    return status ? adapter_error(status) : S_OK;
}

static HRESULT attach(struct networkadapter *nic, const struct vpce_network *network)
{
    enum vpce_status status = vpce_machine_attach_adapter(nic->machine, nic->id, network);
    return status ? adapter_error(status) : S_OK;
}

static HRESULT WINAPI networkadapter_AttachToVirtualNetwork(IVMNetworkAdapter *iface,
                                                            IVMVirtualNetwork *VirtualNetwork)
{
    struct networkadapter *nic = impl_from_IVMNetworkAdapter(iface);
    const struct vpce_network *wanted;
    struct vpce_network *networks;
    enum vpce_status status;
    int count, index;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, VirtualNetwork);

    if (!VirtualNetwork) return vpc_error(E_POINTER, &IID_IVMNetworkAdapter, L"NULL pointer.");
    if (!(wanted = unsafe_virtualnetwork(VirtualNetwork)))
        return vpc_error(E_INVALIDARG, &IID_IVMNetworkAdapter, L"The object is not a virtual network of Virtual PC.");
    /* the host may have lost it (a libvirt network stopped, a bridge deleted) */
    if ((status = vpce_networks_list(&networks, &count))) return adapter_error(status);
    index = vpce_network_index(networks, count, wanted->id, NULL);
    hr = index < 0 ? adapter_error(VPCE_E_INVALID_VIRTUAL_NETWORK_ID) : attach(nic, &networks[index]);
    free(networks);
    return hr;
}

static HRESULT WINAPI networkadapter_DetachFromVirtualNetwork(IVMNetworkAdapter *iface)
{
    TRACE("%p.\n", iface);

    return attach(impl_from_IVMNetworkAdapter(iface), NULL);
}

static HRESULT WINAPI networkadapter_get_EthernetAddress(IVMNetworkAdapter *iface, BSTR *EthernetAddress)
{
    struct networkadapter *nic = impl_from_IVMNetworkAdapter(iface);
    struct vpce_adapter adapter;
    const char *a;
    char text[18];
    HRESULT hr;

    TRACE("%p, %p.\n", iface, EthernetAddress);

    if (!EthernetAddress) return vpc_error(E_POINTER, &IID_IVMNetworkAdapter, L"NULL pointer.");
    if (FAILED(hr = get_adapter(nic, &adapter))) return hr;
    /* the documented form, XX-XX-XX-XX-XX-XX; an address the .vmc lacks is zeros */
    a = lstrlenA(adapter.address) == 12 ? adapter.address : "000000000000";
    snprintf(text, sizeof(text), "%.2s-%.2s-%.2s-%.2s-%.2s-%.2s", a, a + 2, a + 4, a + 6, a + 8, a + 10);
    return return_string(text, EthernetAddress, &IID_IVMNetworkAdapter);
}

/* "XX-XX-XX-XX-XX-XX" (also with colons, or no separators) as 12 hex digits. */
static BOOL parse_address(const WCHAR *text, char address[13])
{
    int digits = 0, i;

    for (i = 0; text[i] && digits < 13; i++)
    {
        if ((text[i] == '-' || text[i] == ':') && digits && !(digits % 2) && digits < 12) continue;
        if (text[i] > 0x7f) return FALSE;
        address[digits++] = text[i];
    }
    if (text[i] || digits != 12) return FALSE;
    address[12] = 0;
    return vpce_valid_ethernet_address(address);
}

static HRESULT WINAPI networkadapter_put_EthernetAddress(IVMNetworkAdapter *iface, BSTR EthernetAddress)
{
    struct networkadapter *nic = impl_from_IVMNetworkAdapter(iface);
    enum vpce_status status;
    char address[13];

    TRACE("%p, %s.\n", iface, debugstr_w(EthernetAddress));

    if (!EthernetAddress) return vpc_error(E_POINTER, &IID_IVMNetworkAdapter, L"NULL pointer.");
    if (!parse_address(EthernetAddress, address))
        return vpc_error(E_INVALIDARG, &IID_IVMNetworkAdapter,
                         L"The Ethernet address must have the form XX-XX-XX-XX-XX-XX and not be a group address.");
    status = vpce_machine_set_adapter_address(nic->machine, nic->id, address);
    return status ? adapter_error(status) : S_OK;
}

static HRESULT WINAPI networkadapter_get_IsEthernetAddressDynamic(IVMNetworkAdapter *iface,
                                                                  VARIANT_BOOL *isDynamic)
{
    struct networkadapter *nic = impl_from_IVMNetworkAdapter(iface);
    struct vpce_adapter adapter;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, isDynamic);

    if (!isDynamic) return vpc_error(E_POINTER, &IID_IVMNetworkAdapter, L"NULL pointer.");
    if (FAILED(hr = get_adapter(nic, &adapter))) return hr;
    return return_bool(adapter.dynamic, isDynamic, &IID_IVMNetworkAdapter);
}

static HRESULT WINAPI networkadapter_put_IsEthernetAddressDynamic(IVMNetworkAdapter *iface,
                                                                  VARIANT_BOOL isDynamic)
{
    struct networkadapter *nic = impl_from_IVMNetworkAdapter(iface);
    enum vpce_status status;

    TRACE("%p, %d.\n", iface, isDynamic);

    status = vpce_machine_set_adapter_dynamic(nic->machine, nic->id, isDynamic != VARIANT_FALSE);
    return status ? adapter_error(status) : S_OK;
}

static HRESULT WINAPI networkadapter_get_VirtualMachine(IVMNetworkAdapter *iface,
                                                        IVMVirtualMachine **VirtualMachine)
{
    struct networkadapter *nic = impl_from_IVMNetworkAdapter(iface);
    struct vpce_adapter adapter;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, VirtualMachine);

    if (!VirtualMachine) return vpc_error(E_POINTER, &IID_IVMNetworkAdapter, L"NULL pointer.");
    *VirtualMachine = NULL;
    if (FAILED(hr = get_adapter(nic, &adapter))) return hr;
    IVMVirtualMachine_AddRef(*VirtualMachine = nic->vm);
    return S_OK;
}

static HRESULT WINAPI networkadapter_get_VirtualNetwork(IVMNetworkAdapter *iface,
                                                        IVMVirtualNetwork **VirtualNetwork)
{
    struct networkadapter *nic = impl_from_IVMNetworkAdapter(iface);
    struct vpce_network *networks;
    struct vpce_adapter adapter;
    enum vpce_status status;
    int count, index;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, VirtualNetwork);

    if (!VirtualNetwork) return vpc_error(E_POINTER, &IID_IVMNetworkAdapter, L"NULL pointer.");
    *VirtualNetwork = NULL;
    if (FAILED(hr = get_adapter(nic, &adapter))) return hr;
    /* documented: an unplugged adapter has no network, and that is no error */
    if (!adapter.connected) return S_FALSE;
    if ((status = vpce_networks_list(&networks, &count))) return adapter_error(status);
    index = vpce_network_index(networks, count, adapter.network_id, adapter.network_name);
    if (index < 0) hr = adapter_error(VPCE_E_INVALID_VIRTUAL_NETWORK_ID);
    else hr = virtualnetwork_create(&networks[index], VirtualNetwork);
    free(networks);
    return hr;
}

static HRESULT WINAPI networkadapter__ID(IVMNetworkAdapter *iface, LONG *identifier)
{
    struct networkadapter *nic = impl_from_IVMNetworkAdapter(iface);
    struct vpce_adapter adapter;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, identifier);

    if (!identifier) return vpc_error(E_POINTER, &IID_IVMNetworkAdapter, L"NULL pointer.");
    if (FAILED(hr = get_adapter(nic, &adapter))) return hr;
    *identifier = nic->id;
    return S_OK;
}

static const IVMNetworkAdapterVtbl networkadapter_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(networkadapter),
    networkadapter_AttachToVirtualNetwork,
    networkadapter_DetachFromVirtualNetwork,
    networkadapter_get_EthernetAddress,
    networkadapter_put_EthernetAddress,
    networkadapter_get_IsEthernetAddressDynamic,
    networkadapter_put_IsEthernetAddressDynamic,
    networkadapter_get_VirtualMachine,
    networkadapter_get_VirtualNetwork,
    networkadapter__ID,
};

BOOL unsafe_networkadapter_location(IVMNetworkAdapter *iface, struct vpce_machine **machine, LONG *id)
{
    struct networkadapter *nic;

    if (!iface || iface->lpVtbl != &networkadapter_vtbl) return FALSE;
    nic = impl_from_IVMNetworkAdapter(iface);
    *machine = nic->machine;
    *id = nic->id;
    return TRUE;
}

static void networkadapter_destroy(struct vpc_object *object)
{
    struct networkadapter *nic = CONTAINING_RECORD(object, struct networkadapter, base);

    IVMVirtualMachine_Release(nic->vm);
    free(nic);
}

static const struct vpc_object_funcs networkadapter_funcs =
{
    networkadapter_destroy,
};

HRESULT networkadapter_create(IVMVirtualMachine *vm, LONG id, IVMNetworkAdapter **ret)
{
    struct networkadapter *nic;

    if (!(nic = calloc(1, sizeof(*nic)))) return adapter_error(VPCE_E_NOMEM);
    IVMVirtualMachine_AddRef(nic->vm = vm);
    nic->machine = unsafe_machine_from_IVMVirtualMachine(vm);
    nic->id = id;
    vpc_object_init(&nic->base, &networkadapter_vtbl, IVMNetworkAdapter_tid, &networkadapter_funcs);
    *ret = (IVMNetworkAdapter *)&nic->base.IDispatch_iface;
    return S_OK;
}

/* ---- collections ---------------------------------------------------- */

/* The adapters of one machine that match: all of them (network NULL,
 * unconnected FALSE), those on a network, or those plugged into none
 * (unconnected: also those whose network the host no longer has). */
static HRESULT add_matching(IVMVirtualMachine *vm, const struct vpce_network *network, BOOL unconnected,
                            const struct vpce_network *networks, int count, IDispatch ***items,
                            LONG *found, REFIID iid)
{
    struct vpce_machine *machine = unsafe_machine_from_IVMVirtualMachine(vm);
    int ids[VPCE_MAX_NETWORK_ADAPTERS], n, i, index;
    struct vpce_adapter adapter;
    enum vpce_status status;
    IDispatch **grown;
    HRESULT hr;

    if ((status = vpce_machine_list_adapters(machine, ids, &n))) return vpc_engine_error(status, iid);
    for (i = 0; i < n; i++)
    {
        if (vpce_machine_get_adapter(machine, ids[i], &adapter)) continue;
        index = adapter.connected ? vpce_network_index(networks, count, adapter.network_id,
                                                       adapter.network_name) : -1;
        if (unconnected && index >= 0) continue;
        if (network && (index < 0 || lstrcmpiA(networks[index].id, network->id))) continue;
        if (!(grown = realloc(*items, (*found + 1) * sizeof(**items)))) return vpc_engine_error(VPCE_E_NOMEM, iid);
        *items = grown;
        if (FAILED(hr = networkadapter_create(vm, ids[i], (IVMNetworkAdapter **)&grown[*found]))) return hr;
        (*found)++;
    }
    return S_OK;
}

static HRESULT make_collection(IDispatch **items, LONG count, HRESULT hr, IVMNetworkAdapterCollection **ret)
{
    LONG i;

    if (SUCCEEDED(hr)) hr = collection_create(IVMNetworkAdapterCollection_tid, items, count, (IDispatch **)ret);
    for (i = 0; i < count; i++) IDispatch_Release(items[i]);
    free(items);
    return hr;
}

HRESULT networkadapter_collection(IVMVirtualMachine *vm, IVMNetworkAdapterCollection **ret)
{
    IDispatch **items = NULL;
    LONG count = 0;
    HRESULT hr;

    *ret = NULL;
    hr = add_matching(vm, NULL, FALSE, NULL, 0, &items, &count, &IID_IVMVirtualMachine);
    return make_collection(items, count, hr, ret);
}

HRESULT networkadapters_of_network(const struct vpce_network *network, IVMNetworkAdapterCollection **ret,
                                   REFIID iid)
{
    struct vpce_network *networks = NULL;
    IDispatch **items = NULL;
    IVMVirtualMachine *vm;
    enum vpce_status status;
    int paths_count = 0, count, i;
    LONG found = 0;
    char **paths;
    HRESULT hr = S_OK;

    *ret = NULL;
    if ((status = vpce_networks_list(&networks, &count))) return vpc_engine_error(status, iid);
    if ((status = vpce_machines_list(&paths, &paths_count)))
    {
        free(networks);
        return vpc_engine_error(status, iid);
    }
    for (i = 0; i < paths_count && SUCCEEDED(hr); i++)
    {
        /* a registered machine whose .vmc is gone has no adapters to show */
        if (FAILED(virtualmachine_create(paths[i], &vm))) continue;
        hr = add_matching(vm, network, !network, networks, count, &items, &found, iid);
        IVMVirtualMachine_Release(vm);
        /* nor has one deleted by another process meanwhile */
        if (hr == VM_E_VM_UNKNOWN) hr = S_OK;
    }
    vpce_machines_list_free(paths, paths_count);
    free(networks);
    return make_collection(items, found, hr, ret);
}
