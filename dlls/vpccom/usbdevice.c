/*
 * IVMUSBDevice: a USB device of the host, as the collection saw it
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct usbdevice
{
    struct vpc_object base;
    struct vpce_usb_device device;
};

static inline struct usbdevice *impl_from_IVMUSBDevice(IVMUSBDevice *iface)
{
    return CONTAINING_RECORD(iface, struct usbdevice, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(usbdevice, IVMUSBDevice)

static HRESULT WINAPI usbdevice_get_AttachedToVM(IVMUSBDevice *iface, BSTR *ConfigName)
{
    struct usbdevice *usb = impl_from_IVMUSBDevice(iface);
    struct vpce_machine *machine = NULL;
    char *owner;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, ConfigName);

    if (!ConfigName) return vpc_error(E_POINTER, &IID_IVMUSBDevice, L"NULL pointer.");
    /* the name of the machine it is given to, "" when none */
    if ((owner = vpce_usb_device_owner(&usb->device))) vpce_machine_open(owner, &machine);
    hr = return_string(machine ? vpce_machine_name(machine) : "", ConfigName, &IID_IVMUSBDevice);
    vpce_machine_close(machine);
    free(owner);
    return hr;
}

static HRESULT WINAPI usbdevice_get_DeviceClass(IVMUSBDevice *iface, VMUSBDeviceClassEnum *DeviceClass)
{
    TRACE("%p, %p.\n", iface, DeviceClass);

    return return_long(impl_from_IVMUSBDevice(iface)->device.device_class, (LONG *)DeviceClass,
                       &IID_IVMUSBDevice);
}

static HRESULT WINAPI usbdevice_get_DeviceString(IVMUSBDevice *iface, BSTR *deviceName)
{
    struct usbdevice *usb = impl_from_IVMUSBDevice(iface);

    TRACE("%p, %p.\n", iface, deviceName);

    return return_string(usb->device.product ? usb->device.product : "", deviceName, &IID_IVMUSBDevice);
}

static HRESULT WINAPI usbdevice_get_HubID(IVMUSBDevice *iface, LONG *HubID)
{
    TRACE("%p, %p.\n", iface, HubID);

    return return_long(impl_from_IVMUSBDevice(iface)->device.bus, HubID, &IID_IVMUSBDevice);
}

static HRESULT WINAPI usbdevice_get_ManufacturerString(IVMUSBDevice *iface, BSTR *manufacturerName)
{
    struct usbdevice *usb = impl_from_IVMUSBDevice(iface);

    TRACE("%p, %p.\n", iface, manufacturerName);

    return return_string(usb->device.manufacturer ? usb->device.manufacturer : "", manufacturerName,
                         &IID_IVMUSBDevice);
}

static HRESULT WINAPI usbdevice_get_Port(IVMUSBDevice *iface, LONG *Port)
{
    TRACE("%p, %p.\n", iface, Port);

    return return_long(impl_from_IVMUSBDevice(iface)->device.port, Port, &IID_IVMUSBDevice);
}

static const IVMUSBDeviceVtbl usbdevice_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(usbdevice),
    usbdevice_get_AttachedToVM,
    usbdevice_get_DeviceClass,
    usbdevice_get_DeviceString,
    usbdevice_get_HubID,
    usbdevice_get_ManufacturerString,
    usbdevice_get_Port,
};

const struct vpce_usb_device *unsafe_usb_device(IVMUSBDevice *iface)
{
    if (!iface || iface->lpVtbl != &usbdevice_vtbl) return NULL;
    return &impl_from_IVMUSBDevice(iface)->device;
}

static void usbdevice_destroy(struct vpc_object *object)
{
    struct usbdevice *usb = CONTAINING_RECORD(object, struct usbdevice, base);

    free(usb->device.id);
    free(usb->device.manufacturer);
    free(usb->device.product);
    free(usb);
}

static const struct vpc_object_funcs usbdevice_funcs =
{
    usbdevice_destroy,
};

/* Takes over the device's strings. */
static HRESULT usbdevice_create(struct vpce_usb_device *device, IDispatch **ret)
{
    struct usbdevice *usb;

    if (!(usb = calloc(1, sizeof(*usb)))) return E_OUTOFMEMORY;
    usb->device = *device;
    memset(device, 0, sizeof(*device));
    vpc_object_init(&usb->base, &usbdevice_vtbl, IVMUSBDevice_tid, &usbdevice_funcs);
    *ret = &usb->base.IDispatch_iface;
    return S_OK;
}

HRESULT usbdevice_collection_create(IVMUSBDeviceCollection **ret)
{
    struct vpce_usb_device *devices;
    IDispatch **items = NULL;
    enum vpce_status status;
    int count, created = 0, i;
    HRESULT hr = S_OK;

    if ((status = vpce_usb_devices(&devices, &count))) return vpc_engine_error(status, &IID_IVMVirtualPC);
    if (count && !(items = calloc(count, sizeof(*items)))) hr = E_OUTOFMEMORY;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
        if (SUCCEEDED(hr = usbdevice_create(&devices[i], &items[created]))) created++;
    vpce_usb_devices_free(devices, count);
    if (SUCCEEDED(hr)) hr = collection_create(IVMUSBDeviceCollection_tid, items, created, (IDispatch **)ret);
    for (i = 0; i < created; i++) IDispatch_Release(items[i]);
    free(items);
    return FAILED(hr) ? vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC) : S_OK;
}
