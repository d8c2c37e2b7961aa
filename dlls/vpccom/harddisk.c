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

#define _GNU_SOURCE
#include <stdio.h>

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

enum disk_size { SIZE_IN_GUEST, SIZE_ON_HOST, HOST_FREE };

/* SizeInGuest, SizeOnHost and HostFreeDiskSpace: one number of the file. */
static HRESULT return_size(struct harddisk *disk, enum disk_size which, VARIANT *ret)
{
    struct vpce_disk_info info;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    if (FAILED(hr = get_info(disk, &info))) return hr;
    vpce_disk_info_free(&info);
    return return_bytes(which == SIZE_IN_GUEST ? info.size_in_guest
                        : which == SIZE_ON_HOST ? info.file_size : info.host_free, ret);
}

/* The task of an operation that started, or the error that stopped it. */
static HRESULT task_or_error(enum vpce_status status, struct vpce_task *task, IVMTask **ret)
{
    if (status) return vpc_engine_error(status, &IID_IVMHardDisk);
    return task_create(task, ret);
}

static char *describe(const char *what, const WCHAR *path)
{
    char *utf8 = utf8_from_wide(path), *ret = NULL;

    if (utf8 && asprintf(&ret, "%s %s", what, utf8) < 0) ret = NULL;
    free(utf8);
    return ret;
}

/* Compact and Merge: a task on this disk alone. */
static HRESULT disk_task(struct harddisk *disk, const char *verb,
                         enum vpce_status (*start)(const char *, const char *, struct vpce_task **),
                         IVMTask **ret)
{
    struct vpce_task *task = NULL;
    enum vpce_status status;
    char *description;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    *ret = NULL;
    if (!(description = describe(verb, disk->file))) status = VPCE_E_NOMEM;
    else status = start(description, disk->unix_path, &task);
    free(description);
    return task_or_error(status, task, ret);
}

static HRESULT WINAPI harddisk_Compact(IVMHardDisk *iface, IVMTask **ret)
{
    TRACE("%p, %p.\n", iface, ret);

    return disk_task(impl_from_IVMHardDisk(iface), "Compacting virtual hard disk", vpce_disk_compact, ret);
}

/* Convert and MergeTo: a new fixed or dynamic disk at path. */
static HRESULT export_disk(struct harddisk *disk, BSTR path, VMHardDiskType type, BOOL chain,
                           IVMTask **ret)
{
    struct vpce_task *task = NULL;
    enum vpce_status status;
    char *unix_path, *description;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMHardDisk, L"NULL pointer.");
    *ret = NULL;
    if (type != vmDiskType_Dynamic && type != vmDiskType_FixedSize)
        return vpc_error(E_INVALIDARG, &IID_IVMHardDisk,
                         L"The new disk must be of type vmDiskType_Dynamic or vmDiskType_FixedSize.");
    if (FAILED(hr = unix_path_from_windows(path, &unix_path, &IID_IVMHardDisk))) return hr;
    if (!(description = describe(chain ? "Merging virtual hard disk into" :
                                 "Converting virtual hard disk into", path)))
        status = VPCE_E_NOMEM;
    else
        status = vpce_disk_export(description, disk->unix_path, unix_path,
                                  type == vmDiskType_FixedSize, chain, &task);
    free(description);
    free(unix_path);
    return task_or_error(status, task, ret);
}

static HRESULT WINAPI harddisk_Convert(IVMHardDisk *iface, BSTR path, VMHardDiskType type,
                                      IVMTask **task)
{
    TRACE("%p, %s, %d, %p.\n", iface, debugstr_w(path), type, task);

    return export_disk(impl_from_IVMHardDisk(iface), path, type, FALSE, task);
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
    TRACE("%p, %p.\n", iface, bytes);

    return return_size(impl_from_IVMHardDisk(iface), HOST_FREE, bytes);
}

static HRESULT WINAPI harddisk_Merge(IVMHardDisk *iface, IVMTask **ret)
{
    TRACE("%p, %p.\n", iface, ret);

    return disk_task(impl_from_IVMHardDisk(iface), "Merging virtual hard disk", vpce_disk_merge, ret);
}

static HRESULT WINAPI harddisk_MergeTo(IVMHardDisk *iface, BSTR path, VMHardDiskType type,
                                      IVMTask **task)
{
    TRACE("%p, %s, %d, %p.\n", iface, debugstr_w(path), type, task);

    return export_disk(impl_from_IVMHardDisk(iface), path, type, TRUE, task);
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
    TRACE("%p, %p.\n", iface, size);

    return return_size(impl_from_IVMHardDisk(iface), SIZE_IN_GUEST, size);
}

static HRESULT WINAPI harddisk_get_SizeOnHost(IVMHardDisk *iface, VARIANT *size)
{
    TRACE("%p, %p.\n", iface, size);

    return return_size(impl_from_IVMHardDisk(iface), SIZE_ON_HOST, size);
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
