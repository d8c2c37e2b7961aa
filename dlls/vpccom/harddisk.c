/*
 * IVMHardDisk: a virtual hard disk file
 *
 * The object names a file; every property reads the file when asked, so
 * it sees what other processes and tasks did to it.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct harddisk
{
    struct vpc_object base;
    BSTR file;          /* Windows path, as the API shows it */
    char *unix_path;
};

static inline struct harddisk *impl_from_IVMHardDisk(IVMHardDisk *iface)
{
    return CONTAINING_RECORD(iface, struct harddisk, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(harddisk, IVMHardDisk)

static HRESULT get_info(struct harddisk *disk, struct vpce_disk_info *info)
{
    enum vpce_status status = vpce_disk_get_info(disk->unix_path, info);

    if (status == VPCE_E_INVALID_HD_FILE || status == VPCE_E_UNSUPPORTED_HD_DISK_TYPE)
        status = VPCE_E_HD_IMAGE_OPEN_FAIL;
    return status ? vpc_engine_error(status, &IID_IVMHardDisk) : S_OK;
}

static HRESULT return_bytes(ULONGLONG value, VARIANT *ret)
{
    if (!ret) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    /* VT_DECIMAL, as documented: scripts cannot use 64-bit integers */
    VariantInit(ret);
    V_VT(ret) = VT_DECIMAL;
    V_DECIMAL(ret).scale = 0;
    V_DECIMAL(ret).sign = 0;
    V_DECIMAL(ret).Hi32 = 0;
    V_DECIMAL(ret).Lo64 = value;
    return S_OK;
}

static HRESULT WINAPI harddisk_Compact(IVMHardDisk *iface, IVMTask **task)
{
    return vpc_not_implemented(&IID_IVMHardDisk, "IVMHardDisk::Compact");
}

static HRESULT WINAPI harddisk_Convert(IVMHardDisk *iface, BSTR path, VMHardDiskType type,
                                      IVMTask **task)
{
    return vpc_not_implemented(&IID_IVMHardDisk, "IVMHardDisk::Convert");
}

static HRESULT WINAPI harddisk_get_File(IVMHardDisk *iface, BSTR *file)
{
    struct harddisk *disk = impl_from_IVMHardDisk(iface);

    TRACE("%p, %p.\n", iface, file);

    if (!file) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    if (!(*file = SysAllocString(disk->file))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMHardDisk);
    return S_OK;
}

static HRESULT WINAPI harddisk_get_HostFreeDiskSpace(IVMHardDisk *iface, VARIANT *bytes)
{
    struct harddisk *disk = impl_from_IVMHardDisk(iface);
    struct vpce_disk_info info;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, bytes);

    if (!bytes) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    if (FAILED(hr = get_info(disk, &info))) return hr;
    vpce_disk_info_free(&info);
    return return_bytes(info.host_free, bytes);
}

static HRESULT WINAPI harddisk_Merge(IVMHardDisk *iface, IVMTask **task)
{
    return vpc_not_implemented(&IID_IVMHardDisk, "IVMHardDisk::Merge");
}

static HRESULT WINAPI harddisk_MergeTo(IVMHardDisk *iface, BSTR path, VMHardDiskType type,
                                      IVMTask **task)
{
    return vpc_not_implemented(&IID_IVMHardDisk, "IVMHardDisk::MergeTo");
}

static HRESULT WINAPI harddisk_get_Parent(IVMHardDisk *iface, IVMHardDisk **parent)
{
    struct harddisk *disk = impl_from_IVMHardDisk(iface);
    struct vpce_disk_info info;
    WCHAR *windows_path;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, parent);

    if (!parent) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    *parent = NULL;
    if (FAILED(hr = get_info(disk, &info))) return hr;
    if (info.type != VPCE_DISK_DIFFERENCING) return S_FALSE;  /* documented: no parent */
    if (!info.parent)
        return vpc_engine_error(info.parent_status ? info.parent_status : VPCE_E_PARENT_PATH_NOT_FOUND,
                                &IID_IVMHardDisk);

    windows_path = wine_get_dos_file_name(info.parent);
    if (windows_path)
        hr = harddisk_create(windows_path, info.parent, parent);
    else
        hr = vpc_engine_error(VPCE_E_PARENT_PATH_NOT_FOUND, &IID_IVMHardDisk);
    HeapFree(GetProcessHeap(), 0, windows_path);
    vpce_disk_info_free(&info);
    return hr;
}

static HRESULT WINAPI harddisk_put_Parent(IVMHardDisk *iface, IVMHardDisk *parent)
{
    struct harddisk *disk = impl_from_IVMHardDisk(iface), *new_parent;
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, parent);

    if (!parent) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    if (!(new_parent = unsafe_harddisk_from_IVMHardDisk(parent)))
        return vpc_error(E_INVALIDARG, &IID_IVMHardDisk, L"The parent is not a disk of this application.");
    if ((status = vpce_disk_set_parent(disk->unix_path, new_parent->unix_path)))
        return vpc_engine_error(status, &IID_IVMHardDisk);
    return S_OK;
}

static HRESULT WINAPI harddisk_get_SizeInGuest(IVMHardDisk *iface, VARIANT *size)
{
    struct harddisk *disk = impl_from_IVMHardDisk(iface);
    struct vpce_disk_info info;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, size);

    if (!size) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    if (FAILED(hr = get_info(disk, &info))) return hr;
    vpce_disk_info_free(&info);
    return return_bytes(info.size_in_guest, size);
}

static HRESULT WINAPI harddisk_get_SizeOnHost(IVMHardDisk *iface, VARIANT *size)
{
    struct harddisk *disk = impl_from_IVMHardDisk(iface);
    struct vpce_disk_info info;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, size);

    if (!size) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    if (FAILED(hr = get_info(disk, &info))) return hr;
    vpce_disk_info_free(&info);
    return return_bytes(info.file_size, size);
}

static HRESULT WINAPI harddisk_get_Type(IVMHardDisk *iface, VMHardDiskType *type)
{
    struct harddisk *disk = impl_from_IVMHardDisk(iface);
    struct vpce_disk_info info;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, type);

    if (!type) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    if (FAILED(hr = get_info(disk, &info))) return hr;
    vpce_disk_info_free(&info);
    *type = (VMHardDiskType)info.type;
    return S_OK;
}

static const IVMHardDiskVtbl harddisk_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(harddisk),
    harddisk_Compact,
    harddisk_Convert,
    harddisk_get_File,
    harddisk_get_HostFreeDiskSpace,
    harddisk_Merge,
    harddisk_MergeTo,
    harddisk_get_Parent,
    harddisk_put_Parent,
    harddisk_get_SizeInGuest,
    harddisk_get_SizeOnHost,
    harddisk_get_Type
};

/* Only this DLL's disks: another implementation of the interface has no
 * file name the engine could use. */
struct harddisk *unsafe_harddisk_from_IVMHardDisk(IVMHardDisk *iface)
{
    if (!iface || iface->lpVtbl != &harddisk_vtbl) return NULL;
    return impl_from_IVMHardDisk(iface);
}

static void harddisk_destroy(struct vpc_object *object)
{
    struct harddisk *disk = CONTAINING_RECORD(object, struct harddisk, base);

    SysFreeString(disk->file);
    free(disk->unix_path);
    free(disk);
}

static const struct vpc_object_funcs harddisk_funcs =
{
    harddisk_destroy,
};

HRESULT harddisk_create(const WCHAR *file, const char *unix_path, IVMHardDisk **ret)
{
    struct harddisk *disk;

    if (!(disk = calloc(1, sizeof(*disk)))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMHardDisk);
    vpc_object_init(&disk->base, &harddisk_vtbl, IVMHardDisk_tid, &harddisk_funcs);
    disk->file = SysAllocString(file);
    disk->unix_path = strdup(unix_path);
    if (!disk->file || !disk->unix_path)
    {
        IDispatch_Release(&disk->base.IDispatch_iface);
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMHardDisk);
    }
    *ret = (IVMHardDisk *)&disk->base.IDispatch_iface;
    return S_OK;
}
