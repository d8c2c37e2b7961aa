/*
 * IVMAccountant: what a machine used since it started
 *
 * A machine that does not run reads S_FALSE and zeros, as documented.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct accountant
{
    struct vpc_object base;
    IVMVirtualMachine *vm;
    struct vpce_machine *machine;   /* the engine's, owned by vm */
};

static inline struct accountant *impl_from_IVMAccountant(IVMAccountant *iface)
{
    return CONTAINING_RECORD(iface, struct accountant, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(accountant, IVMAccountant)

static HRESULT null_pointer(void)
{
    return vpc_error(E_POINTER, &IID_IVMAccountant, L"NULL pointer.");
}

/* S_OK for a machine that runs, S_FALSE (and zeros) for one that does not. */
static HRESULT get_accounting(IVMAccountant *iface, BOOL measure_now, struct vpce_accounting *accounting)
{
    struct accountant *accountant = impl_from_IVMAccountant(iface);
    enum vpce_status status = vpce_machine_get_accounting(accountant->machine, measure_now, accounting);

    if (status) return vpc_engine_error(status, &IID_IVMAccountant);
    return accounting->running ? S_OK : S_FALSE;
}

enum byte_count { DISK_READ, DISK_WRITTEN, NETWORK_RECEIVED, NETWORK_SENT };

/* The byte counts: VT_DECIMAL, as documented. */
static HRESULT return_bytes(IVMAccountant *iface, enum byte_count which, VARIANT *ret)
{
    struct vpce_accounting accounting;
    HRESULT hr;

    if (!ret) return null_pointer();
    VariantInit(ret);
    if (FAILED(hr = get_accounting(iface, FALSE, &accounting))) return hr;
    V_VT(ret) = VT_DECIMAL;
    V_DECIMAL(ret).scale = 0;
    V_DECIMAL(ret).sign = 0;
    V_DECIMAL(ret).Hi32 = 0;
    switch (which)
    {
    case DISK_READ:        V_DECIMAL(ret).Lo64 = accounting.disk_read; break;
    case DISK_WRITTEN:     V_DECIMAL(ret).Lo64 = accounting.disk_written; break;
    case NETWORK_RECEIVED: V_DECIMAL(ret).Lo64 = accounting.net_received; break;
    case NETWORK_SENT:     V_DECIMAL(ret).Lo64 = accounting.net_sent; break;
    }
    return hr;
}

static HRESULT WINAPI accountant_get_CPUUtilization(IVMAccountant *iface, LONG *percentageUtilization)
{
    struct vpce_accounting accounting;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, percentageUtilization);

    if (!percentageUtilization) return null_pointer();
    *percentageUtilization = 0;
    if (FAILED(hr = get_accounting(iface, TRUE, &accounting))) return hr;
    *percentageUtilization = accounting.cpu_percent;
    return hr;
}

static HRESULT WINAPI accountant_get_CPUUtilizationHistory(IVMAccountant *iface, VARIANT *percentageUtilization)
{
    struct vpce_accounting accounting;
    SAFEARRAY *array;
    BYTE *items;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, percentageUtilization);

    if (!percentageUtilization) return null_pointer();
    VariantInit(percentageUtilization);
    if (FAILED(hr = get_accounting(iface, FALSE, &accounting))) return hr;
    /* as documented: VT_ARRAY | VT_UI1, 60 seconds, all 0 when not running;
     * the oldest second first */
    if (!(array = SafeArrayCreateVector(VT_UI1, 0, VPCE_CPU_HISTORY)))
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMAccountant);
    SafeArrayAccessData(array, (void **)&items);
    memcpy(items, accounting.cpu_history, VPCE_CPU_HISTORY);
    SafeArrayUnaccessData(array);
    V_VT(percentageUtilization) = VT_ARRAY | VT_UI1;
    V_ARRAY(percentageUtilization) = array;
    return hr;
}

static HRESULT WINAPI accountant_get_DiskBytesRead(IVMAccountant *iface, VARIANT *bytesRead)
{
    TRACE("%p, %p.\n", iface, bytesRead);

    return return_bytes(iface, DISK_READ, bytesRead);
}

static HRESULT WINAPI accountant_get_DiskBytesWritten(IVMAccountant *iface, VARIANT *bytesWritten)
{
    TRACE("%p, %p.\n", iface, bytesWritten);

    return return_bytes(iface, DISK_WRITTEN, bytesWritten);
}

static HRESULT WINAPI accountant_get_NetworkBytesReceived(IVMAccountant *iface, VARIANT *bytesReceived)
{
    TRACE("%p, %p.\n", iface, bytesReceived);

    return return_bytes(iface, NETWORK_RECEIVED, bytesReceived);
}

static HRESULT WINAPI accountant_get_NetworkBytesSent(IVMAccountant *iface, VARIANT *bytesSent)
{
    TRACE("%p, %p.\n", iface, bytesSent);

    return return_bytes(iface, NETWORK_SENT, bytesSent);
}

static HRESULT WINAPI accountant_get_UpTime(IVMAccountant *iface, LONG *secondsAlive)
{
    struct vpce_accounting accounting;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, secondsAlive);

    if (!secondsAlive) return null_pointer();
    *secondsAlive = 0;
    if (FAILED(hr = get_accounting(iface, FALSE, &accounting))) return hr;
    *secondsAlive = accounting.uptime > MAXLONG ? MAXLONG : (LONG)accounting.uptime;
    return hr;
}

static const IVMAccountantVtbl accountant_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(accountant),
    accountant_get_CPUUtilization,
    accountant_get_CPUUtilizationHistory,
    accountant_get_DiskBytesRead,
    accountant_get_DiskBytesWritten,
    accountant_get_NetworkBytesReceived,
    accountant_get_NetworkBytesSent,
    accountant_get_UpTime,
};

static void accountant_destroy(struct vpc_object *object)
{
    struct accountant *accountant = CONTAINING_RECORD(object, struct accountant, base);

    IVMVirtualMachine_Release(accountant->vm);
    free(accountant);
}

static const struct vpc_object_funcs accountant_funcs =
{
    accountant_destroy,
};

HRESULT accountant_create(IVMVirtualMachine *vm, IVMAccountant **ret)
{
    struct vpce_machine *machine = unsafe_machine_from_IVMVirtualMachine(vm);
    struct accountant *accountant;
    enum vpce_vm_state state;
    enum vpce_status status;

    /* the configuration must be known */
    if ((status = vpce_machine_get_state(machine, &state)))
        return vpc_engine_error(status, &IID_IVMVirtualMachine);
    if (!(accountant = calloc(1, sizeof(*accountant))))
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualMachine);
    IVMVirtualMachine_AddRef(accountant->vm = vm);
    accountant->machine = machine;
    vpc_object_init(&accountant->base, &accountant_vtbl, IVMAccountant_tid, &accountant_funcs);
    *ret = (IVMAccountant *)&accountant->base.IDispatch_iface;
    return S_OK;
}
