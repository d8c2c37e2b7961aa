/*
 * IVMVirtualNetwork: a network the host offers to machines' adapters
 *
 * "Shared Networking (NAT)" is QEMU's user networking, "Internal Network"
 * a multicast socket between the host's machines, and the host adapters
 * are libvirt's active networks and the host's bridges (see the engine's
 * network.c).  The object keeps what the network was when it was listed.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct virtualnetwork
{
    struct vpc_object base;
    struct vpce_network network;
};

static inline struct virtualnetwork *impl_from_IVMVirtualNetwork(IVMVirtualNetwork *iface)
{
    return CONTAINING_RECORD(iface, struct virtualnetwork, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(virtualnetwork, IVMVirtualNetwork)

static HRESULT network_error(enum vpce_status status)
{
    return vpc_engine_error(status, &IID_IVMVirtualNetwork);
}

/* Whether the host still has the network (a bridge can be deleted, a
 * libvirt network stopped). */
static BOOL still_there(const struct vpce_network *network)
{
    struct vpce_network *networks;
    int count, index;

    if (vpce_networks_list(&networks, &count)) return FALSE;
    index = vpce_network_index(networks, count, network->id, NULL);
    free(networks);
    return index >= 0;
}

static HRESULT WINAPI virtualnetwork_get_HostAdapter(IVMVirtualNetwork *iface, BSTR *HostAdapter)
{
    struct virtualnetwork *net = impl_from_IVMVirtualNetwork(iface);

    TRACE("%p, %p.\n", iface, HostAdapter);

    if (!HostAdapter) return vpc_error(E_POINTER, &IID_IVMVirtualNetwork, L"NULL pointer.");
    *HostAdapter = NULL;
    /* documented: "" for the internal and NAT networks */
    if (net->network.host_adapter[0] && !still_there(&net->network))
        return network_error(VPCE_E_ADAPTER_NOT_FOUND);
    return return_string(net->network.host_adapter, HostAdapter, &IID_IVMVirtualNetwork);
}

static HRESULT WINAPI virtualnetwork_get_Name(IVMVirtualNetwork *iface, BSTR *virtualNetworkName)
{
    struct virtualnetwork *net = impl_from_IVMVirtualNetwork(iface);

    TRACE("%p, %p.\n", iface, virtualNetworkName);

    return return_string(net->network.name, virtualNetworkName, &IID_IVMVirtualNetwork);
}

static HRESULT WINAPI virtualnetwork_get_NetworkAdapters(IVMVirtualNetwork *iface,
                                                         IVMNetworkAdapterCollection **networkInterfaceCollection)
{
    struct virtualnetwork *net = impl_from_IVMVirtualNetwork(iface);

    TRACE("%p, %p.\n", iface, networkInterfaceCollection);

    if (!networkInterfaceCollection) return vpc_error(E_POINTER, &IID_IVMVirtualNetwork, L"NULL pointer.");
    return networkadapters_of_network(&net->network, networkInterfaceCollection, &IID_IVMVirtualNetwork);
}

static HRESULT WINAPI virtualnetwork__ID(IVMVirtualNetwork *iface, VARIANT *virtualNetworkID)
{
    struct virtualnetwork *net = impl_from_IVMVirtualNetwork(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, virtualNetworkID);

    if (!virtualNetworkID) return vpc_error(E_POINTER, &IID_IVMVirtualNetwork, L"NULL pointer.");
    /* the documented form: 32 hex digits, "0101...01" for NAT */
    V_VT(virtualNetworkID) = VT_EMPTY;
    if (FAILED(hr = return_string(net->network.id, &V_BSTR(virtualNetworkID), &IID_IVMVirtualNetwork)))
        return hr;
    V_VT(virtualNetworkID) = VT_BSTR;
    return S_OK;
}

static const IVMVirtualNetworkVtbl virtualnetwork_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(virtualnetwork),
    virtualnetwork_get_HostAdapter,
    virtualnetwork_get_Name,
    virtualnetwork_get_NetworkAdapters,
    virtualnetwork__ID,
};

const struct vpce_network *unsafe_virtualnetwork(IVMVirtualNetwork *iface)
{
    if (!iface || iface->lpVtbl != &virtualnetwork_vtbl) return NULL;
    return &impl_from_IVMVirtualNetwork(iface)->network;
}

static void virtualnetwork_destroy(struct vpc_object *object)
{
    free(CONTAINING_RECORD(object, struct virtualnetwork, base));
}

static const struct vpc_object_funcs virtualnetwork_funcs =
{
    virtualnetwork_destroy,
};

HRESULT virtualnetwork_create(const struct vpce_network *network, IVMVirtualNetwork **ret)
{
    struct virtualnetwork *net;

    if (!(net = calloc(1, sizeof(*net)))) return network_error(VPCE_E_NOMEM);
    net->network = *network;
    vpc_object_init(&net->base, &virtualnetwork_vtbl, IVMVirtualNetwork_tid, &virtualnetwork_funcs);
    *ret = (IVMVirtualNetwork *)&net->base.IDispatch_iface;
    return S_OK;
}

HRESULT virtualnetwork_collection(IVMVirtualNetworkCollection **ret)
{
    struct vpce_network *networks;
    IDispatch **items;
    enum vpce_status status;
    int count, created = 0, i;
    HRESULT hr = S_OK;

    *ret = NULL;
    if ((status = vpce_networks_list(&networks, &count))) return vpc_engine_error(status, &IID_IVMVirtualPC);
    if (!(items = calloc(count, sizeof(*items)))) hr = vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    for (i = 0; i < count && SUCCEEDED(hr); i++)
        if (SUCCEEDED(hr = virtualnetwork_create(&networks[i], (IVMVirtualNetwork **)&items[created])))
            created++;
    if (SUCCEEDED(hr))
        hr = collection_create(IVMVirtualNetworkCollection_tid, items, created, (IDispatch **)ret);
    for (i = 0; i < created; i++) IDispatch_Release(items[i]);
    free(items);
    free(networks);
    return hr;
}

HRESULT virtualnetwork_find(const WCHAR *name, IVMVirtualNetwork **ret)
{
    struct vpce_network network;
    enum vpce_status status;
    char *utf8;

    *ret = NULL;
    if (!name || !*name)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualPC, L"The name of the virtual network is required.");
    if (!(utf8 = utf8_from_wide(name))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    status = vpce_network_find(utf8, &network);
    free(utf8);
    /* documented: an unknown name is no error, and no object */
    if (status == VPCE_E_INVALID_VIRTUAL_NETWORK_ID) return S_FALSE;
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    return virtualnetwork_create(&network, ret);
}
