/*
 * What hard disk connections and DVD drives share: a location on a
 * machine's IDE buses
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

void drive_location_init(struct drive_location *location, IVMVirtualMachine *vm, LONG bus, LONG device)
{
    IVMVirtualMachine_AddRef(location->vm = vm);
    location->machine = unsafe_machine_from_IVMVirtualMachine(vm);
    location->bus = bus;
    location->device = device;
}

void drive_location_cleanup(struct drive_location *location)
{
    IVMVirtualMachine_Release(location->vm);
}

/* The drive of that type still at the location (VM_E_DRIVE_INVALID once it
 * was removed or moved by another object or process). */
HRESULT drive_location_get(const struct drive_location *location, enum vpce_drive_type type,
                           struct vpce_drive *drive, REFIID iid)
{
    enum vpce_status status = vpce_machine_get_drive(location->machine, location->bus, location->device,
                                                     type, drive);
    return status ? vpc_engine_error(status, iid) : S_OK;
}

/* BusNumber and DeviceNumber: value, while the drive is there. */
HRESULT drive_location_return(const struct drive_location *location, enum vpce_drive_type type, LONG value,
                              LONG *ret, REFIID iid)
{
    struct vpce_drive drive;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, iid, L"NULL pointer.");
    if (FAILED(hr = drive_location_get(location, type, &drive, iid))) return hr;
    vpce_drive_clear(&drive);
    *ret = value;
    return S_OK;
}

HRESULT drive_location_move(struct drive_location *location, enum vpce_drive_type type, LONG bus,
                            LONG device, REFIID iid)
{
    enum vpce_status status = vpce_machine_move_drive(location->machine, location->bus, location->device,
                                                      type, bus, device);

    if (status) return vpc_engine_error(status, iid);
    location->bus = bus;
    location->device = device;
    return S_OK;
}

/* A Unix path as the API shows it. */
HRESULT return_windows_path(const char *unix_path, BSTR *ret, REFIID iid)
{
    WCHAR *path;

    if (!ret) return vpc_error(E_POINTER, iid, L"NULL pointer.");
    *ret = NULL;
    if (!(path = wine_get_dos_file_name(unix_path))) return vpc_engine_error(VPCE_E_PATH_NOT_FOUND, iid);
    *ret = SysAllocString(path);
    HeapFree(GetProcessHeap(), 0, path);
    return *ret ? S_OK : vpc_engine_error(VPCE_E_NOMEM, iid);
}
