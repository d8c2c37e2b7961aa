/*
 * IVMFloppyDrive: the floppy drive of a machine, and its media
 *
 * Every machine has one floppy drive (MaximumFloppyDrivesPerVM); a disk
 * put in replaces the one in the drive, also while the machine runs.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct floppydrive
{
    struct vpc_object base;
    struct drive_location location;
    struct event_source events;
};

static inline struct floppydrive *impl_from_IVMFloppyDrive(IVMFloppyDrive *iface)
{
    return CONTAINING_RECORD(iface, struct floppydrive, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(floppydrive, IVMFloppyDrive)

static HRESULT WINAPI floppydrive_AttachHostDrive(IVMFloppyDrive *iface, BSTR driveLetter)
{
    TRACE("%p, %s.\n", iface, debugstr_w(driveLetter));

    return media_attach_host_drive(&impl_from_IVMFloppyDrive(iface)->location, driveLetter,
                                   &IID_IVMFloppyDrive);
}

static HRESULT WINAPI floppydrive_AttachImage(IVMFloppyDrive *iface, BSTR mediaImagePath)
{
    TRACE("%p, %s.\n", iface, debugstr_w(mediaImagePath));

    return media_attach_image(&impl_from_IVMFloppyDrive(iface)->location, mediaImagePath,
                              &IID_IVMFloppyDrive);
}

static HRESULT WINAPI floppydrive_get_Attachment(IVMFloppyDrive *iface,
                                                 VMFloppyDriveAttachmentType *driveAttachment)
{
    TRACE("%p, %p.\n", iface, driveAttachment);

    return media_attachment(&impl_from_IVMFloppyDrive(iface)->location, VPCE_DRIVE_FLOPPY,
                            (LONG *)driveAttachment, &IID_IVMFloppyDrive);
}

static HRESULT WINAPI floppydrive_get_DriveNumber(IVMFloppyDrive *iface, LONG *DriveNumber)
{
    struct floppydrive *floppy = impl_from_IVMFloppyDrive(iface);

    TRACE("%p, %p.\n", iface, DriveNumber);

    return return_long(floppy->location.device, DriveNumber, &IID_IVMFloppyDrive);
}

static HRESULT WINAPI floppydrive_get_HostDriveLetter(IVMFloppyDrive *iface, BSTR *driveLetter)
{
    TRACE("%p, %p.\n", iface, driveLetter);

    return media_host_drive_letter(&impl_from_IVMFloppyDrive(iface)->location, VPCE_DRIVE_FLOPPY,
                                   driveLetter, &IID_IVMFloppyDrive);
}

static HRESULT WINAPI floppydrive_get_ImageFile(IVMFloppyDrive *iface, BSTR *ImageFile)
{
    TRACE("%p, %p.\n", iface, ImageFile);

    return media_image_file(&impl_from_IVMFloppyDrive(iface)->location, VPCE_DRIVE_FLOPPY, ImageFile,
                            &IID_IVMFloppyDrive);
}

static HRESULT WINAPI floppydrive_ReleaseHostDrive(IVMFloppyDrive *iface)
{
    TRACE("%p.\n", iface);

    return media_release(&impl_from_IVMFloppyDrive(iface)->location, TRUE, &IID_IVMFloppyDrive);
}

static HRESULT WINAPI floppydrive_ReleaseImage(IVMFloppyDrive *iface)
{
    TRACE("%p.\n", iface);

    return media_release(&impl_from_IVMFloppyDrive(iface)->location, FALSE, &IID_IVMFloppyDrive);
}

static const IVMFloppyDriveVtbl floppydrive_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(floppydrive),
    floppydrive_AttachHostDrive,
    floppydrive_AttachImage,
    floppydrive_get_Attachment,
    floppydrive_get_DriveNumber,
    floppydrive_get_HostDriveLetter,
    floppydrive_get_ImageFile,
    floppydrive_ReleaseHostDrive,
    floppydrive_ReleaseImage,
};

static void floppydrive_destroy(struct vpc_object *object)
{
    struct floppydrive *floppy = CONTAINING_RECORD(object, struct floppydrive, base);

    event_source_cleanup(&floppy->events);
    drive_location_cleanup(&floppy->location);
    free(floppy);
}

static HRESULT floppydrive_query_interface(struct vpc_object *object, REFIID riid, void **obj)
{
    return event_source_query_interface(&CONTAINING_RECORD(object, struct floppydrive, base)->events,
                                        riid, obj);
}

static const struct vpc_object_funcs floppydrive_funcs =
{
    floppydrive_destroy,
    floppydrive_query_interface,
};

HRESULT floppydrive_create(IVMVirtualMachine *vm, IVMFloppyDrive **ret)
{
    struct floppydrive *floppy;

    if (!(floppy = calloc(1, sizeof(*floppy)))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMFloppyDrive);
    drive_location_init(&floppy->location, vm, VPCE_FLOPPY_BUS, 0);
    vpc_object_init(&floppy->base, &floppydrive_vtbl, IVMFloppyDrive_tid, &floppydrive_funcs);
    event_source_init(&floppy->events, &floppy->base, IVMFloppyDriveEvents_tid, NULL, &floppy->location);
    *ret = (IVMFloppyDrive *)&floppy->base.IDispatch_iface;
    return S_OK;
}
