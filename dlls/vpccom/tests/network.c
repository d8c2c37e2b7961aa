/*
 * Conformance tests of IVMNetworkAdapter, IVMVirtualNetwork, their
 * collections and the network members of IVMVirtualMachine and IVMVirtualPC
 *
 * Every test runs on a machine that is off: none is started.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define COBJMACROS

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "ole2.h"
#include "vpccominterfaces.h"

#include "wine/test.h"
#include "vpccom_test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static WCHAR folder[MAX_PATH];
static WCHAR vm_name[64];



#define check_string(a, b) check_string_(__LINE__, a, b)
static void check_string_(unsigned int line, BSTR str, const WCHAR *expected)
{
    ok_(__FILE__, line)(str && !lstrcmpW(str, expected), "Got %s, expected %s.\n", wine_dbgstr_w(str),
                        wine_dbgstr_w(expected));
    SysFreeString(str);
}

static IVMVirtualNetwork *find_network(IVMVirtualPC *vpc, const WCHAR *name)
{
    IVMVirtualNetwork *network = NULL;
    BSTR str = SysAllocString(name);
    HRESULT hr;

    hr = IVMVirtualPC_FindVirtualNetwork(vpc, str, &network);
    ok(hr == S_OK, "%s: got hr %#lx.\n", wine_dbgstr_w(name), hr);
    SysFreeString(str);
    return network;
}

static LONG adapter_count(IVMVirtualMachine *vm)
{
    IVMNetworkAdapterCollection *collection;
    LONG count = -1;
    HRESULT hr;

    hr = IVMVirtualMachine_get_NetworkAdapters(vm, &collection);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return -1;
    hr = IVMNetworkAdapterCollection_get_Count(collection, &count);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IVMNetworkAdapterCollection_Release(collection);
    return count;
}

static void test_virtual_networks(IVMVirtualPC *vpc)
{
    IVMVirtualNetworkCollection *networks;
    IVMVirtualNetwork *network;
    BSTR str;
    VARIANT id;
    LONG count;
    HRESULT hr;

    hr = IVMVirtualPC_get_VirtualNetworks(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMVirtualPC_get_VirtualNetworks(vpc, &networks);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = IVMVirtualNetworkCollection_get_Count(networks, &count);
    ok(hr == S_OK && count >= 2, "Got hr %#lx, count %ld.\n", hr, count);
    hr = IVMVirtualNetworkCollection_get_Item(networks, 1, &network);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IVMVirtualNetwork_get_Name(network, &str);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_string(str, L"Shared Networking (NAT)");
        hr = IVMVirtualNetwork_get_HostAdapter(network, &str);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_string(str, L"");
        hr = IVMVirtualNetwork_get_HostAdapter(network, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        /* documented: NAT's identifier */
        VariantInit(&id);
        hr = IVMVirtualNetwork__ID(network, &id);
        ok(hr == S_OK && V_VT(&id) == VT_BSTR, "Got hr %#lx, type %d.\n", hr, V_VT(&id));
        if (V_VT(&id) == VT_BSTR) check_string(V_BSTR(&id), L"01010101010101010101010101010101");
        IVMVirtualNetwork_Release(network);
    }
    IVMVirtualNetworkCollection_Release(networks);

    hr = IVMVirtualPC_FindVirtualNetwork(vpc, NULL, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    network = (IVMVirtualNetwork *)0xdeadbeef;
    str = SysAllocString(L"");
    hr = IVMVirtualPC_FindVirtualNetwork(vpc, str, &network);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    ok(!network, "Got %p.\n", network);
    check_error_info(&IID_IVMVirtualPC);
    SysFreeString(str);
    /* an unknown name is no error: S_FALSE and no object */
    network = (IVMVirtualNetwork *)0xdeadbeef;
    str = SysAllocString(L"No such network, surely");
    hr = IVMVirtualPC_FindVirtualNetwork(vpc, str, &network);
    ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
    ok(!network, "Got %p.\n", network);
    SysFreeString(str);
    /* names are case-insensitive */
    if ((network = find_network(vpc, L"internal network")))
    {
        hr = IVMVirtualNetwork_get_Name(network, &str);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_string(str, L"Internal Network");
        IVMVirtualNetwork_Release(network);
    }
}

static void test_address(IVMNetworkAdapter *nic)
{
    VARIANT_BOOL dynamic;
    BSTR str, address;
    HRESULT hr;

    hr = IVMNetworkAdapter_get_IsEthernetAddressDynamic(nic, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMNetworkAdapter_get_IsEthernetAddressDynamic(nic, &dynamic);
    ok(hr == S_OK && dynamic == VARIANT_TRUE, "Got hr %#lx, %d.\n", hr, dynamic);
    hr = IVMNetworkAdapter_get_EthernetAddress(nic, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMNetworkAdapter_get_EthernetAddress(nic, &address);
    ok(hr == S_OK && address && lstrlenW(address) == 17 && address[2] == '-', "Got hr %#lx, %s.\n", hr,
       wine_dbgstr_w(address));

    /* a dynamic address is not set by hand */
    str = SysAllocString(L"00-03-FF-01-02-03");
    hr = IVMNetworkAdapter_put_EthernetAddress(nic, str);
    ok(hr == VM_E_CANT_SET_DYNAMIC_MAC_ADDRESS, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMNetworkAdapter);
    hr = IVMNetworkAdapter_put_IsEthernetAddressDynamic(nic, VARIANT_FALSE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMNetworkAdapter_get_EthernetAddress(nic, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_string(str, address);
    str = SysAllocString(L"00-03-ff-01-02-03");
    hr = IVMNetworkAdapter_put_EthernetAddress(nic, str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(str);
    hr = IVMNetworkAdapter_get_EthernetAddress(nic, &str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_string(str, L"00-03-FF-01-02-03");
    hr = IVMNetworkAdapter_put_EthernetAddress(nic, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    str = SysAllocString(L"00-03-FF-01-02");
    hr = IVMNetworkAdapter_put_EthernetAddress(nic, str);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMNetworkAdapter);
    SysFreeString(str);
    hr = IVMNetworkAdapter_put_IsEthernetAddressDynamic(nic, VARIANT_TRUE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(address);
}

static void test_attach(IVMVirtualPC *vpc, IVMVirtualMachine *vm, IVMNetworkAdapter *nic)
{
    IVMNetworkAdapterCollection *collection;
    IVMVirtualNetwork *network, *nat;
    LONG count;
    BSTR str;
    HRESULT hr;

    network = (IVMVirtualNetwork *)0xdeadbeef;
    hr = IVMNetworkAdapter_get_VirtualNetwork(nic, &network);
    ok(hr == S_FALSE, "Got hr %#lx.\n", hr);
    ok(!network, "Got %p.\n", network);
    hr = IVMNetworkAdapter_get_VirtualNetwork(nic, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    hr = IVMVirtualPC_get_UnconnectedNetworkAdapters(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMVirtualPC_get_UnconnectedNetworkAdapters(vpc, &collection);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IVMNetworkAdapterCollection_get_Count(collection, &count);
        ok(hr == S_OK && count >= 4, "Got hr %#lx, count %ld.\n", hr, count);
        IVMNetworkAdapterCollection_Release(collection);
    }

    hr = IVMNetworkAdapter_AttachToVirtualNetwork(nic, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    /* something that is no virtual network */
    hr = IVMNetworkAdapter_AttachToVirtualNetwork(nic, (IVMVirtualNetwork *)vm);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMNetworkAdapter);

    if (!(nat = find_network(vpc, L"Shared Networking (NAT)"))) return;
    hr = IVMNetworkAdapter_AttachToVirtualNetwork(nic, nat);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    hr = IVMNetworkAdapter_get_VirtualNetwork(nic, &network);
    ok(hr == S_OK && network, "Got hr %#lx.\n", hr);
    if (network)
    {
        hr = IVMVirtualNetwork_get_Name(network, &str);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_string(str, L"Shared Networking (NAT)");
        IVMVirtualNetwork_Release(network);
    }
    hr = IVMVirtualNetwork_get_NetworkAdapters(nat, &collection);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IVMNetworkAdapterCollection_get_Count(collection, &count);
        ok(hr == S_OK && count >= 1, "Got hr %#lx, count %ld.\n", hr, count);
        IVMNetworkAdapterCollection_Release(collection);
    }
    hr = IVMNetworkAdapter_DetachFromVirtualNetwork(nic);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    network = (IVMVirtualNetwork *)0xdeadbeef;
    hr = IVMNetworkAdapter_get_VirtualNetwork(nic, &network);
    ok(hr == S_FALSE && !network, "Got hr %#lx, %p.\n", hr, network);
    IVMVirtualNetwork_Release(nat);
}

static void test_adapters(IVMVirtualPC *vpc)
{
    IVMNetworkAdapter *nics[4], *nic;
    IVMVirtualMachine *vm, *owner;
    BSTR name, path, str;
    LONG id, i;
    HRESULT hr;

    name = SysAllocString(vm_name);
    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    if (FAILED(hr))
    {
        SysFreeString(name);
        return;
    }
    ok(adapter_count(vm) == 0, "Got %ld adapters.\n", adapter_count(vm));
    hr = IVMVirtualMachine_AddNetworkAdapter(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    for (i = 0; i < ARRAY_SIZE(nics); i++)
    {
        nics[i] = NULL;
        hr = IVMVirtualMachine_AddNetworkAdapter(vm, &nics[i]);
        ok(hr == S_OK && nics[i], "%ld: got hr %#lx.\n", i, hr);
    }
    nic = (IVMNetworkAdapter *)0xdeadbeef;
    hr = IVMVirtualMachine_AddNetworkAdapter(vm, &nic);
    ok(hr == VM_E_PREF_ILLEGAL_VALUE, "Got hr %#lx.\n", hr);
    ok(!nic, "Got %p.\n", nic);
    check_error_info(&IID_IVMVirtualMachine);
    ok(adapter_count(vm) == 4, "Got %ld adapters.\n", adapter_count(vm));
    if (!nics[3]) goto done;

    hr = IVMNetworkAdapter__ID(nics[3], &id);
    ok(hr == S_OK && id == 3, "Got hr %#lx, id %ld.\n", hr, id);
    hr = IVMNetworkAdapter_get_VirtualMachine(nics[0], &owner);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IVMVirtualMachine_get_Name(owner, &str);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_string(str, vm_name);
        IVMVirtualMachine_Release(owner);
    }
    test_address(nics[0]);
    test_attach(vpc, vm, nics[1]);

    hr = IVMVirtualMachine_RemoveNetworkAdapter(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    hr = IVMVirtualMachine_RemoveNetworkAdapter(vm, nics[2]);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(adapter_count(vm) == 3, "Got %ld adapters.\n", adapter_count(vm));
    hr = IVMNetworkAdapter_get_EthernetAddress(nics[2], &str);
    ok(hr == VM_E_ADAPTER_NOT_FOUND, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMNetworkAdapter);
    /* the free place is used again */
    hr = IVMVirtualMachine_AddNetworkAdapter(vm, &nic);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IVMNetworkAdapter__ID(nic, &id);
        ok(hr == S_OK && id == 2, "Got hr %#lx, id %ld.\n", hr, id);
        IVMNetworkAdapter_Release(nic);
    }

done:
    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (nics[0])
    {
        hr = IVMNetworkAdapter_get_EthernetAddress(nics[0], &str);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
    }
    for (i = 0; i < ARRAY_SIZE(nics); i++) if (nics[i]) IVMNetworkAdapter_Release(nics[i]);
    IVMVirtualMachine_Release(vm);
    SysFreeString(name);
}

START_TEST(network)
{
    WCHAR temp[MAX_PATH];
    IVMVirtualPC *vpc;

    CoInitialize(NULL);
    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(vm_name, L"vpccom-network-test-%lu", GetCurrentProcessId());
    wsprintfW(folder, L"%s%s", temp, vm_name);

    if ((vpc = create_virtualpc()))
    {
        test_virtual_networks(vpc);
        test_adapters(vpc);
        IVMVirtualPC_Release(vpc);
    }

    RemoveDirectoryW(folder);
    CoUninitialize();
}
