/*
 * IVMDVDDrive: a DVD drive at an IDE location of a machine, and its media
 *
 * Media (an ISO image or a host drive) change while the machine runs, and
 * the guest sees them change; the drive itself is added, moved and removed
 * only while the machine is off.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct dvddrive
{
    struct vpc_object base;
    struct drive_location location;
};

static inline struct dvddrive *impl_from_IVMDVDDrive(IVMDVDDrive *iface)
{
    return CONTAINING_RECORD(iface, struct dvddrive, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(dvddrive, IVMDVDDrive)

static HRESULT drive_error(enum vpce_status status)
{
    return vpc_engine_error(status, &IID_IVMDVDDrive);
}

static HRESULT get_drive(struct dvddrive *dvd, struct vpce_drive *drive)
{
    return drive_location_get(&dvd->location, VPCE_DRIVE_DVD, drive, &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_AttachHostDrive(IVMDVDDrive *iface, BSTR driveLetter)
{
    struct dvddrive *dvd = impl_from_IVMDVDDrive(iface);
    enum vpce_status status;
    WCHAR letter;

    TRACE("%p, %s.\n", iface, debugstr_w(driveLetter));

    /* "D", "D:" or "D:\" */
    letter = driveLetter ? driveLetter[0] : 0;
    if (!((letter >= 'A' && letter <= 'Z') || (letter >= 'a' && letter <= 'z'))
            || (driveLetter[1] && (driveLetter[1] != ':' || (driveLetter[2] && lstrcmpW(driveLetter + 2, L"\\")))))
        return vpc_error(E_INVALIDARG, &IID_IVMDVDDrive, L"A drive letter is required.");
    status = vpce_machine_insert_media(dvd->location.machine, dvd->location.bus, dvd->location.device,
                                       NULL, (char)letter);
    if (status == VPCE_E_INVALID_ARG)
        return vpc_error(E_INVALIDARG, &IID_IVMDVDDrive, L"That drive letter is not a DVD drive of the host.");
    return status ? drive_error(status) : S_OK;
}

static HRESULT WINAPI dvddrive_AttachImage(IVMDVDDrive *iface, BSTR imagePath)
{
    struct dvddrive *dvd = impl_from_IVMDVDDrive(iface);
    enum vpce_status status;
    char *unix_path;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(imagePath));

    if (!imagePath) return vpc_error(E_POINTER, &IID_IVMDVDDrive, L"The path of the image is required.");
    if (FAILED(hr = unix_path_from_windows(imagePath, &unix_path, &IID_IVMDVDDrive))) return hr;
    status = vpce_machine_insert_media(dvd->location.machine, dvd->location.bus, dvd->location.device,
                                       unix_path, 0);
    free(unix_path);
    if (status == VPCE_E_INVALID_ARG)
        return vpc_error(E_INVALIDARG, &IID_IVMDVDDrive, L"The path names a folder, not an image.");
    return status ? drive_error(status) : S_OK;
}

static HRESULT WINAPI dvddrive_get_Attachment(IVMDVDDrive *iface, VMDVDDriveAttachmentType *driveAttachment)
{
    struct dvddrive *dvd = impl_from_IVMDVDDrive(iface);
    struct vpce_drive drive;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, driveAttachment);

    if (!driveAttachment) return vpc_error(E_POINTER, &IID_IVMDVDDrive, L"NULL pointer.");
    if (FAILED(hr = get_drive(dvd, &drive))) return hr;
    *driveAttachment = drive.path ? vmDVDDrive_Image : drive.host_drive ? vmDVDDrive_HostDrive : vmDVDDrive_None;
    vpce_drive_clear(&drive);
    return S_OK;
}

static HRESULT WINAPI dvddrive_get_BusNumber(IVMDVDDrive *iface, LONG *vmBusNumber)
{
    struct dvddrive *dvd = impl_from_IVMDVDDrive(iface);

    TRACE("%p, %p.\n", iface, vmBusNumber);

    return drive_location_return(&dvd->location, VPCE_DRIVE_DVD, dvd->location.bus, vmBusNumber,
                                 &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_get_DeviceNumber(IVMDVDDrive *iface, LONG *vmDeviceNumber)
{
    struct dvddrive *dvd = impl_from_IVMDVDDrive(iface);

    TRACE("%p, %p.\n", iface, vmDeviceNumber);

    return drive_location_return(&dvd->location, VPCE_DRIVE_DVD, dvd->location.device, vmDeviceNumber,
                                 &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_get_HostDriveLetter(IVMDVDDrive *iface, BSTR *driveLetter)
{
    struct dvddrive *dvd = impl_from_IVMDVDDrive(iface);
    struct vpce_drive drive;
    char letter[2] = { 0 };
    HRESULT hr;

    TRACE("%p, %p.\n", iface, driveLetter);

    if (!driveLetter) return vpc_error(E_POINTER, &IID_IVMDVDDrive, L"NULL pointer.");
    if (FAILED(hr = get_drive(dvd, &drive))) return hr;
    letter[0] = drive.host_drive;
    vpce_drive_clear(&drive);
    if (!letter[0]) return drive_error(VPCE_E_MEDIA_WRONG_TYPE);
    return return_string(letter, driveLetter, &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_get_ImageFile(IVMDVDDrive *iface, BSTR *imagePath)
{
    struct dvddrive *dvd = impl_from_IVMDVDDrive(iface);
    struct vpce_drive drive;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, imagePath);

    if (!imagePath) return vpc_error(E_POINTER, &IID_IVMDVDDrive, L"NULL pointer.");
    if (FAILED(hr = get_drive(dvd, &drive))) return hr;
    if (!drive.path) hr = drive_error(VPCE_E_MEDIA_WRONG_TYPE);
    else hr = return_windows_path(drive.path, imagePath, &IID_IVMDVDDrive);
    vpce_drive_clear(&drive);
    return hr;
}

static HRESULT release(struct dvddrive *dvd, BOOL host_drive)
{
    enum vpce_status status = vpce_machine_eject_media(dvd->location.machine, dvd->location.bus,
                                                       dvd->location.device, host_drive);
    return status ? drive_error(status) : S_OK;
}

static HRESULT WINAPI dvddrive_ReleaseHostDrive(IVMDVDDrive *iface)
{
    TRACE("%p.\n", iface);

    return release(impl_from_IVMDVDDrive(iface), TRUE);
}

static HRESULT WINAPI dvddrive_ReleaseImage(IVMDVDDrive *iface)
{
    TRACE("%p.\n", iface);

    return release(impl_from_IVMDVDDrive(iface), FALSE);
}

static HRESULT WINAPI dvddrive_SetBusLocation(IVMDVDDrive *iface, LONG BusNumber, LONG DeviceNumber)
{
    struct dvddrive *dvd = impl_from_IVMDVDDrive(iface);

    TRACE("%p, %ld, %ld.\n", iface, BusNumber, DeviceNumber);

    return drive_location_move(&dvd->location, VPCE_DRIVE_DVD, BusNumber, DeviceNumber, &IID_IVMDVDDrive);
}

static const IVMDVDDriveVtbl dvddrive_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(dvddrive),
    dvddrive_AttachHostDrive,
    dvddrive_AttachImage,
    dvddrive_get_Attachment,
    dvddrive_get_BusNumber,
    dvddrive_get_DeviceNumber,
    dvddrive_get_HostDriveLetter,
    dvddrive_get_ImageFile,
    dvddrive_ReleaseHostDrive,
    dvddrive_ReleaseImage,
    dvddrive_SetBusLocation,
};

const struct drive_location *unsafe_dvddrive_location(IVMDVDDrive *iface)
{
    if (!iface || iface->lpVtbl != &dvddrive_vtbl) return NULL;
    return &impl_from_IVMDVDDrive(iface)->location;
}

static void dvddrive_destroy(struct vpc_object *object)
{
    struct dvddrive *dvd = CONTAINING_RECORD(object, struct dvddrive, base);

    drive_location_cleanup(&dvd->location);
    free(dvd);
}

static const struct vpc_object_funcs dvddrive_funcs =
{
    dvddrive_destroy,
};

HRESULT dvddrive_create(IVMVirtualMachine *vm, LONG bus, LONG device, IVMDVDDrive **ret)
{
    struct dvddrive *dvd;

    if (!(dvd = calloc(1, sizeof(*dvd)))) return drive_error(VPCE_E_NOMEM);
    drive_location_init(&dvd->location, vm, bus, device);
    vpc_object_init(&dvd->base, &dvddrive_vtbl, IVMDVDDrive_tid, &dvddrive_funcs);
    *ret = (IVMDVDDrive *)&dvd->base.IDispatch_iface;
    return S_OK;
}
