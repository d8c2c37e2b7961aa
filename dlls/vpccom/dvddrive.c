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
    struct event_source events;
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

static HRESULT WINAPI dvddrive_AttachHostDrive(IVMDVDDrive *iface, BSTR driveLetter)
{
    TRACE("%p, %s.\n", iface, debugstr_w(driveLetter));

    return media_attach_host_drive(&impl_from_IVMDVDDrive(iface)->location, driveLetter, &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_AttachImage(IVMDVDDrive *iface, BSTR imagePath)
{
    TRACE("%p, %s.\n", iface, debugstr_w(imagePath));

    return media_attach_image(&impl_from_IVMDVDDrive(iface)->location, imagePath, &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_get_Attachment(IVMDVDDrive *iface, VMDVDDriveAttachmentType *driveAttachment)
{
    TRACE("%p, %p.\n", iface, driveAttachment);

    return media_attachment(&impl_from_IVMDVDDrive(iface)->location, VPCE_DRIVE_DVD, (LONG *)driveAttachment,
                            &IID_IVMDVDDrive);
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
    TRACE("%p, %p.\n", iface, driveLetter);

    return media_host_drive_letter(&impl_from_IVMDVDDrive(iface)->location, VPCE_DRIVE_DVD, driveLetter,
                                   &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_get_ImageFile(IVMDVDDrive *iface, BSTR *imagePath)
{
    TRACE("%p, %p.\n", iface, imagePath);

    return media_image_file(&impl_from_IVMDVDDrive(iface)->location, VPCE_DRIVE_DVD, imagePath,
                            &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_ReleaseHostDrive(IVMDVDDrive *iface)
{
    TRACE("%p.\n", iface);

    return media_release(&impl_from_IVMDVDDrive(iface)->location, TRUE, &IID_IVMDVDDrive);
}

static HRESULT WINAPI dvddrive_ReleaseImage(IVMDVDDrive *iface)
{
    TRACE("%p.\n", iface);

    return media_release(&impl_from_IVMDVDDrive(iface)->location, FALSE, &IID_IVMDVDDrive);
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

    event_source_cleanup(&dvd->events);
    drive_location_cleanup(&dvd->location);
    free(dvd);
}

static HRESULT dvddrive_query_interface(struct vpc_object *object, REFIID riid, void **obj)
{
    return event_source_query_interface(&CONTAINING_RECORD(object, struct dvddrive, base)->events, riid, obj);
}

static const struct vpc_object_funcs dvddrive_funcs =
{
    dvddrive_destroy,
    dvddrive_query_interface,
};

HRESULT dvddrive_create(IVMVirtualMachine *vm, LONG bus, LONG device, IVMDVDDrive **ret)
{
    struct dvddrive *dvd;

    if (!(dvd = calloc(1, sizeof(*dvd)))) return drive_error(VPCE_E_NOMEM);
    drive_location_init(&dvd->location, vm, bus, device);
    vpc_object_init(&dvd->base, &dvddrive_vtbl, IVMDVDDrive_tid, &dvddrive_funcs);
    event_source_init(&dvd->events, &dvd->base, IVMDVDDriveEvents_tid, NULL, &dvd->location);
    *ret = (IVMDVDDrive *)&dvd->base.IDispatch_iface;
    return S_OK;
}
