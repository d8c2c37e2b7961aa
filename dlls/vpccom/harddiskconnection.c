/*
 * IVMHardDiskConnection: a hard disk at an IDE location of a machine
 *
 * The object holds its machine's object (so it follows a rename) and the
 * location; every member reads the .vmc when called, so a connection
 * removed or moved by another object or process is seen
 * (VM_E_DRIVE_INVALID).
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct harddiskconnection
{
    struct vpc_object base;
    struct drive_location location;
};

static inline struct harddiskconnection *impl_from_IVMHardDiskConnection(IVMHardDiskConnection *iface)
{
    return CONTAINING_RECORD(iface, struct harddiskconnection, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(harddiskconnection, IVMHardDiskConnection)

static HRESULT connection_error(enum vpce_status status)
{
    return vpc_engine_error(status, &IID_IVMHardDiskConnection);
}

/* The hard disk still at this connection's location. */
static HRESULT get_drive(struct harddiskconnection *connection, struct vpce_drive *drive)
{
    return drive_location_get(&connection->location, VPCE_DRIVE_HARD_DISK, drive,
                              &IID_IVMHardDiskConnection);
}

static HRESULT return_location(struct harddiskconnection *connection, LONG value, LONG *ret)
{
    return drive_location_return(&connection->location, VPCE_DRIVE_HARD_DISK, value, ret,
                                 &IID_IVMHardDiskConnection);
}

static HRESULT WINAPI harddiskconnection_get_BusNumber(IVMHardDiskConnection *iface, LONG *vmBusNumber)
{
    struct harddiskconnection *connection = impl_from_IVMHardDiskConnection(iface);

    TRACE("%p, %p.\n", iface, vmBusNumber);

    return return_location(connection, connection->location.bus, vmBusNumber);
}

static HRESULT WINAPI harddiskconnection_get_DeviceNumber(IVMHardDiskConnection *iface, LONG *vmDeviceNumber)
{
    struct harddiskconnection *connection = impl_from_IVMHardDiskConnection(iface);

    TRACE("%p, %p.\n", iface, vmDeviceNumber);

    return return_location(connection, connection->location.device, vmDeviceNumber);
}

/* An IVMHardDisk on a Unix path, named by its Windows path. */
static HRESULT return_disk(const char *unix_path, IVMHardDisk **ret)
{
    BSTR file;
    HRESULT hr;

    if (FAILED(hr = return_windows_path(unix_path, &file, &IID_IVMHardDiskConnection))) return hr;
    hr = harddisk_create(file, unix_path, ret);
    SysFreeString(file);
    return hr;
}

static HRESULT WINAPI harddiskconnection_get_HardDisk(IVMHardDiskConnection *iface, IVMHardDisk **hardDisk)
{
    struct harddiskconnection *connection = impl_from_IVMHardDiskConnection(iface);
    struct vpce_drive drive;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, hardDisk);

    if (!hardDisk) return vpc_error(E_POINTER, &IID_IVMHardDiskConnection, L"NULL pointer.");
    *hardDisk = NULL;
    if (FAILED(hr = get_drive(connection, &drive))) return hr;
    if (!drive.path) hr = connection_error(VPCE_E_DRIVE_INVALID);
    else hr = return_disk(drive.path, hardDisk);
    vpce_drive_clear(&drive);
    return hr;
}

static HRESULT WINAPI harddiskconnection_SetBusLocation(IVMHardDiskConnection *iface, LONG vmBusNumber,
                                                        LONG vmDeviceNumber)
{
    struct harddiskconnection *connection = impl_from_IVMHardDiskConnection(iface);

    TRACE("%p, %ld, %ld.\n", iface, vmBusNumber, vmDeviceNumber);

    return drive_location_move(&connection->location, VPCE_DRIVE_HARD_DISK, vmBusNumber, vmDeviceNumber,
                               &IID_IVMHardDiskConnection);
}

static HRESULT WINAPI harddiskconnection_get_UndoHardDisk(IVMHardDiskConnection *iface,
                                                          IVMHardDisk **undoHardDisk)
{
    struct harddiskconnection *connection = impl_from_IVMHardDiskConnection(iface);
    struct vpce_drive drive;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, undoHardDisk);

    if (!undoHardDisk) return vpc_error(E_POINTER, &IID_IVMHardDiskConnection, L"NULL pointer.");
    *undoHardDisk = NULL;
    if (FAILED(hr = get_drive(connection, &drive))) return hr;
    if (!drive.undo_path)
        hr = vpc_error(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), &IID_IVMHardDiskConnection,
                       L"This hard disk has no undo disk.");
    else hr = return_disk(drive.undo_path, undoHardDisk);
    vpce_drive_clear(&drive);
    return hr;
}

static const IVMHardDiskConnectionVtbl harddiskconnection_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(harddiskconnection),
    harddiskconnection_get_BusNumber,
    harddiskconnection_get_DeviceNumber,
    harddiskconnection_get_HardDisk,
    harddiskconnection_SetBusLocation,
    harddiskconnection_get_UndoHardDisk,
};

/* Only this DLL's connections know their machine and location. */
const struct drive_location *unsafe_harddiskconnection_location(IVMHardDiskConnection *iface)
{
    if (!iface || iface->lpVtbl != &harddiskconnection_vtbl) return NULL;
    return &impl_from_IVMHardDiskConnection(iface)->location;
}

static void harddiskconnection_destroy(struct vpc_object *object)
{
    struct harddiskconnection *connection = CONTAINING_RECORD(object, struct harddiskconnection, base);

    drive_location_cleanup(&connection->location);
    free(connection);
}

static const struct vpc_object_funcs harddiskconnection_funcs =
{
    harddiskconnection_destroy,
};

HRESULT harddiskconnection_create(IVMVirtualMachine *vm, LONG bus, LONG device, IVMHardDiskConnection **ret)
{
    struct harddiskconnection *connection;

    if (!(connection = calloc(1, sizeof(*connection)))) return connection_error(VPCE_E_NOMEM);
    drive_location_init(&connection->location, vm, bus, device);
    vpc_object_init(&connection->base, &harddiskconnection_vtbl, IVMHardDiskConnection_tid,
                    &harddiskconnection_funcs);
    *ret = (IVMHardDiskConnection *)&connection->base.IDispatch_iface;
    return S_OK;
}
