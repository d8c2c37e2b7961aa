/*
 * IVMSerialPort and IVMParallelPort: the ports every machine has
 *
 * Both hold their machine's object and read the .vmc when called; a
 * configuration reaches the machine at its next start.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct port
{
    struct vpc_object base;
    IVMVirtualMachine *vm;
    struct vpce_machine *machine;   /* the engine's, owned by vm */
    LONG id;
};

static inline struct port *impl_from_IVMSerialPort(IVMSerialPort *iface)
{
    return CONTAINING_RECORD(iface, struct port, base.IDispatch_iface);
}

static inline struct port *impl_from_IVMParallelPort(IVMParallelPort *iface)
{
    return CONTAINING_RECORD(iface, struct port, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(serialport, IVMSerialPort)
DEFINE_VPC_DISPATCH(parallelport, IVMParallelPort)

static HRESULT get_serial_port(struct port *port, struct vpce_serial_port *config)
{
    enum vpce_status status = vpce_machine_get_serial_port(port->machine, port->id, config);
    return status ? vpc_engine_error(status, &IID_IVMSerialPort) : S_OK;
}

/* A text file's path is checked as every path of the API; a host port or a
 * pipe is a name. */
static HRESULT check_port_name(VMSerialPortType type, const WCHAR *name)
{
    char *unix_path;
    HRESULT hr;

    if (type != vmSerialPort_TextFile) return S_OK;
    if (FAILED(hr = unix_path_from_windows(name, &unix_path, &IID_IVMSerialPort))) return hr;
    free(unix_path);
    return S_OK;
}

static HRESULT WINAPI serialport_Configure(IVMSerialPort *iface, VMSerialPortType portType, BSTR portName,
                                           VARIANT_BOOL vmConnectImmediately)
{
    struct port *port = impl_from_IVMSerialPort(iface);
    enum vpce_status status;
    char *name;
    HRESULT hr;

    TRACE("%p, %d, %s, %d.\n", iface, portType, debugstr_w(portName), vmConnectImmediately);

    if (!portName) return vpc_error(E_POINTER, &IID_IVMSerialPort, L"A port name is required.");
    if (portType < vmSerialPort_HostPort || portType > vmSerialPort_Null)
        return vpc_error(E_INVALIDARG, &IID_IVMSerialPort, L"Unknown serial port type.");
    if (FAILED(hr = check_port_name(portType, portName))) return hr;
    if (!(name = utf8_from_wide(portName))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMSerialPort);
    status = vpce_machine_configure_serial_port(port->machine, port->id, portType, name,
                                                vmConnectImmediately != VARIANT_FALSE);
    free(name);
    if (status == VPCE_E_PREF_ILLEGAL_VALUE)
        return vpc_error(VM_E_PREF_ILLEGAL_VALUE, &IID_IVMSerialPort,
                         L"The machine's other serial port already uses that port.");
    return status ? vpc_engine_error(status, &IID_IVMSerialPort) : S_OK;
}

static HRESULT WINAPI serialport_get_ConnectImmediately(IVMSerialPort *iface, VARIANT_BOOL *vmConnectImmediately)
{
    struct vpce_serial_port config;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, vmConnectImmediately);

    if (!vmConnectImmediately) return vpc_error(E_POINTER, &IID_IVMSerialPort, L"NULL pointer.");
    if (FAILED(hr = get_serial_port(impl_from_IVMSerialPort(iface), &config))) return hr;
    hr = return_bool(config.connect_immediately, vmConnectImmediately, &IID_IVMSerialPort);
    vpce_serial_port_clear(&config);
    return hr;
}

static HRESULT WINAPI serialport_get_Name(IVMSerialPort *iface, BSTR *portName)
{
    struct vpce_serial_port config;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, portName);

    if (!portName) return vpc_error(E_POINTER, &IID_IVMSerialPort, L"NULL pointer.");
    if (FAILED(hr = get_serial_port(impl_from_IVMSerialPort(iface), &config))) return hr;
    hr = return_string(config.name, portName, &IID_IVMSerialPort);
    vpce_serial_port_clear(&config);
    return hr;
}

static HRESULT WINAPI serialport_get_Type(IVMSerialPort *iface, VMSerialPortType *portType)
{
    struct vpce_serial_port config;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, portType);

    if (!portType) return vpc_error(E_POINTER, &IID_IVMSerialPort, L"NULL pointer.");
    if (FAILED(hr = get_serial_port(impl_from_IVMSerialPort(iface), &config))) return hr;
    *portType = config.type;
    vpce_serial_port_clear(&config);
    return S_OK;
}

static HRESULT WINAPI serialport__ID(IVMSerialPort *iface, LONG *portID)
{
    TRACE("%p, %p.\n", iface, portID);

    return return_long(impl_from_IVMSerialPort(iface)->id, portID, &IID_IVMSerialPort);
}

static const IVMSerialPortVtbl serialport_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(serialport),
    serialport_Configure,
    serialport_get_ConnectImmediately,
    serialport_get_Name,
    serialport_get_Type,
    serialport__ID,
};

static HRESULT WINAPI parallelport_get_Name(IVMParallelPort *iface, BSTR *portName)
{
    enum vpce_status status;
    char *name;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, portName);

    if (!portName) return vpc_error(E_POINTER, &IID_IVMParallelPort, L"NULL pointer.");
    if ((status = vpce_machine_get_parallel_port(impl_from_IVMParallelPort(iface)->machine, &name)))
        return vpc_engine_error(status, &IID_IVMParallelPort);
    hr = return_string(name, portName, &IID_IVMParallelPort);
    free(name);
    return hr;
}

static HRESULT WINAPI parallelport_put_Name(IVMParallelPort *iface, BSTR portName)
{
    enum vpce_status status;
    char *name;

    TRACE("%p, %s.\n", iface, debugstr_w(portName));

    if (!(name = utf8_from_wide(portName))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMParallelPort);
    status = vpce_machine_set_parallel_port(impl_from_IVMParallelPort(iface)->machine, name);
    free(name);
    if (status == VPCE_E_INVALID_ARG)
        return vpc_error(E_INVALIDARG, &IID_IVMParallelPort, L"A parallel port is LPT1 to LPT9, or empty.");
    return status ? vpc_engine_error(status, &IID_IVMParallelPort) : S_OK;
}

static HRESULT WINAPI parallelport__ID(IVMParallelPort *iface, LONG *portID)
{
    TRACE("%p, %p.\n", iface, portID);

    return return_long(impl_from_IVMParallelPort(iface)->id, portID, &IID_IVMParallelPort);
}

static const IVMParallelPortVtbl parallelport_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(parallelport),
    parallelport_get_Name,
    parallelport_put_Name,
    parallelport__ID,
};

static void port_destroy(struct vpc_object *object)
{
    struct port *port = CONTAINING_RECORD(object, struct port, base);

    IVMVirtualMachine_Release(port->vm);
    free(port);
}

static const struct vpc_object_funcs port_funcs =
{
    port_destroy,
};

static HRESULT port_create(IVMVirtualMachine *vm, LONG id, const void *vtbl, tid_t tid, IDispatch **ret)
{
    struct port *port;

    if (!(port = calloc(1, sizeof(*port)))) return E_OUTOFMEMORY;
    IVMVirtualMachine_AddRef(port->vm = vm);
    port->machine = unsafe_machine_from_IVMVirtualMachine(vm);
    port->id = id;
    vpc_object_init(&port->base, vtbl, tid, &port_funcs);
    *ret = &port->base.IDispatch_iface;
    return S_OK;
}

/* The machine's serial ports, or its parallel port, as a collection. */
HRESULT port_collection_create(IVMVirtualMachine *vm, BOOL serial, IDispatch **ret)
{
    IDispatch *items[VPCE_SERIAL_PORTS];
    LONG count = 0, i;
    HRESULT hr = S_OK;

    for (i = 0; i < (serial ? VPCE_SERIAL_PORTS : 1) && SUCCEEDED(hr); i++)
    {
        if (serial) hr = port_create(vm, i, &serialport_vtbl, IVMSerialPort_tid, &items[count]);
        else hr = port_create(vm, i, &parallelport_vtbl, IVMParallelPort_tid, &items[count]);
        if (SUCCEEDED(hr)) count++;
    }
    if (SUCCEEDED(hr))
        hr = collection_create(serial ? IVMSerialPortCollection_tid : IVMParallelPortCollection_tid, items,
                               count, ret);
    for (i = 0; i < count; i++) IDispatch_Release(items[i]);
    return hr;
}
