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

/* ---- media of DVD and floppy drives --------------------------------- */

/* "D", "D:" or "D:\" */
static BOOL drive_letter(const WCHAR *text, char *letter)
{
    WCHAR c = text ? text[0] : 0;

    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return FALSE;
    if (text[1] && (text[1] != ':' || (text[2] && lstrcmpW(text + 2, L"\\")))) return FALSE;
    *letter = (char)c;
    return TRUE;
}

HRESULT media_attach_host_drive(const struct drive_location *location, const WCHAR *text, REFIID iid)
{
    enum vpce_status status;
    char letter;

    if (!drive_letter(text, &letter)) return vpc_error(E_INVALIDARG, iid, L"A drive letter is required.");
    status = vpce_machine_insert_media(location->machine, location->bus, location->device, NULL, letter);
    if (status == VPCE_E_INVALID_ARG)
        return vpc_error(E_INVALIDARG, iid, L"That drive letter is not a drive of this kind on the host.");
    return status ? vpc_engine_error(status, iid) : S_OK;
}

HRESULT media_attach_image(const struct drive_location *location, const WCHAR *path, REFIID iid)
{
    enum vpce_status status;
    char *unix_path;
    HRESULT hr;

    if (!path) return vpc_error(E_POINTER, iid, L"The path of the image is required.");
    if (FAILED(hr = unix_path_from_windows(path, &unix_path, iid))) return hr;
    status = vpce_machine_insert_media(location->machine, location->bus, location->device, unix_path, 0);
    free(unix_path);
    if (status == VPCE_E_INVALID_ARG)
        return vpc_error(E_INVALIDARG, iid, L"The path names a folder, not an image.");
    return status ? vpc_engine_error(status, iid) : S_OK;
}

/* VMDVDDriveAttachmentType and VMFloppyDriveAttachmentType have the same values. */
HRESULT media_attachment(const struct drive_location *location, enum vpce_drive_type type, LONG *ret,
                         REFIID iid)
{
    struct vpce_drive drive;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, iid, L"NULL pointer.");
    if (FAILED(hr = drive_location_get(location, type, &drive, iid))) return hr;
    *ret = drive.path ? vmDVDDrive_Image : drive.host_drive ? vmDVDDrive_HostDrive : vmDVDDrive_None;
    vpce_drive_clear(&drive);
    return S_OK;
}

HRESULT media_host_drive_letter(const struct drive_location *location, enum vpce_drive_type type, BSTR *ret,
                                REFIID iid)
{
    struct vpce_drive drive;
    char letter[2] = { 0 };
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, iid, L"NULL pointer.");
    if (FAILED(hr = drive_location_get(location, type, &drive, iid))) return hr;
    letter[0] = drive.host_drive;
    vpce_drive_clear(&drive);
    if (!letter[0]) return vpc_engine_error(VPCE_E_MEDIA_WRONG_TYPE, iid);
    return return_string(letter, ret, iid);
}

HRESULT media_image_file(const struct drive_location *location, enum vpce_drive_type type, BSTR *ret,
                         REFIID iid)
{
    struct vpce_drive drive;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, iid, L"NULL pointer.");
    if (FAILED(hr = drive_location_get(location, type, &drive, iid))) return hr;
    if (!drive.path) hr = vpc_engine_error(VPCE_E_MEDIA_WRONG_TYPE, iid);
    else hr = return_windows_path(drive.path, ret, iid);
    vpce_drive_clear(&drive);
    return hr;
}

HRESULT media_release(const struct drive_location *location, BOOL host_drive, REFIID iid)
{
    enum vpce_status status = vpce_machine_eject_media(location->machine, location->bus, location->device,
                                                       host_drive);
    return status ? vpc_engine_error(status, iid) : S_OK;
}
