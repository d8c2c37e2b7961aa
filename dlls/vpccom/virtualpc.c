/*
 * IVMVirtualPC: the application object (VirtualPC.Application)
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

struct virtualpc
{
    struct vpc_object base;
};

DEFINE_VPC_DISPATCH(virtualpc, IVMVirtualPC)

static HRESULT create_disk(BSTR path, LONG size, BOOL fixed, IVMTask **ret)
{
    struct vpce_task *task;
    enum vpce_status status;
    char *unix_path, *windows_path, *description;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *ret = NULL;
    if (size <= 0)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualPC, L"The size must be at least 1 MB.");
    if (FAILED(hr = unix_path_from_windows(path, &unix_path, &IID_IVMVirtualPC))) return hr;

    windows_path = utf8_from_wide(path);
    if (!windows_path || asprintf(&description, "Creating %s virtual hard disk %s",
                                  fixed ? "fixed size" : "dynamic", windows_path) < 0)
        description = NULL;
    free(windows_path);
    if (!description) status = VPCE_E_NOMEM;
    else status = vpce_disk_create(description, unix_path, fixed, size, &task);
    free(description);
    free(unix_path);
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);

    return task_create(task, ret);
}

static HRESULT WINAPI virtualpc_CreateDifferencingVirtualHardDisk(IVMVirtualPC *iface,
                                                                  BSTR imagePath, BSTR parentPath,
                                                                  IVMTask **diskTask)
{
    struct vpce_task *task;
    enum vpce_status status;
    char *unix_path, *unix_parent, *windows_path, *description = NULL;
    HRESULT hr;

    TRACE("%p, %s, %s, %p.\n", iface, debugstr_w(imagePath), debugstr_w(parentPath), diskTask);

    if (!diskTask) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *diskTask = NULL;
    if (FAILED(hr = unix_path_from_windows(imagePath, &unix_path, &IID_IVMVirtualPC))) return hr;
    if (FAILED(hr = unix_path_from_windows(parentPath, &unix_parent, &IID_IVMVirtualPC)))
    {
        free(unix_path);
        return hr;
    }
    if ((windows_path = utf8_from_wide(imagePath))
            && asprintf(&description, "Creating differencing virtual hard disk %s", windows_path) < 0)
        description = NULL;
    free(windows_path);
    if (!description) status = VPCE_E_NOMEM;
    else status = vpce_disk_create_differencing(description, unix_path, unix_parent, &task);
    free(description);
    free(unix_path);
    free(unix_parent);
    if (status == VPCE_E_FILE_NOT_FOUND) status = VPCE_E_PARENT_PATH_NOT_FOUND;
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    return task_create(task, diskTask);
}

static HRESULT WINAPI virtualpc_CreateDynamicVirtualHardDisk(IVMVirtualPC *iface, BSTR imagePath,
                                                             LONG size, IVMTask **diskTask)
{
    TRACE("%p, %s, %ld, %p.\n", iface, debugstr_w(imagePath), size, diskTask);

    return create_disk(imagePath, size, FALSE, diskTask);
}

static HRESULT WINAPI virtualpc_CreateFixedVirtualHardDisk(IVMVirtualPC *iface, BSTR imagePath,
                                                           LONG size, IVMTask **diskTask)
{
    TRACE("%p, %s, %ld, %p.\n", iface, debugstr_w(imagePath), size, diskTask);

    return create_disk(imagePath, size, TRUE, diskTask);
}

static HRESULT WINAPI virtualpc_CreateFloppyDiskImage(IVMVirtualPC *iface, BSTR imagePath,
                                                      VMFloppyDiskImageType imageType)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::CreateFloppyDiskImage");
}

static HRESULT WINAPI virtualpc_CreateVirtualMachine(IVMVirtualPC *iface, BSTR configurationName,
                                                     BSTR configurationPath,
                                                     IVMVirtualMachine **virtualMachine)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::CreateVirtualMachine");
}

static HRESULT WINAPI virtualpc_get_DefaultVMConfigurationPath(IVMVirtualPC *iface,
                                                               BSTR *configurationPath)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::DefaultVMConfigurationPath (get)");
}

static HRESULT WINAPI virtualpc_put_DefaultVMConfigurationPath(IVMVirtualPC *iface,
                                                               BSTR configurationPath)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::DefaultVMConfigurationPath (put)");
}

static HRESULT WINAPI virtualpc_DeleteVirtualMachine(IVMVirtualPC *iface,
                                                     IVMVirtualMachine *virtualMachine)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::DeleteVirtualMachine");
}

static HRESULT WINAPI virtualpc_FindVirtualMachine(IVMVirtualPC *iface, BSTR configurationName,
                                                   IVMVirtualMachine **virtualMachine)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::FindVirtualMachine");
}

static HRESULT WINAPI virtualpc_FindVirtualNetwork(IVMVirtualPC *iface, BSTR virtualNetworkName,
                                                   IVMVirtualNetwork **virtualNetwork)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::FindVirtualNetwork");
}

static HRESULT WINAPI virtualpc_GetConfigurationValue(IVMVirtualPC *iface, BSTR preferenceKey,
                                                      VARIANT *preferenceValue)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::GetConfigurationValue");
}

static HRESULT WINAPI virtualpc_GetDVDFiles(IVMVirtualPC *iface, VARIANT inAdditionalSearchPaths,
                                            VARIANT *outDVDFileList)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::GetDVDFiles");
}

static HRESULT WINAPI virtualpc_GetFloppyDiskFiles(IVMVirtualPC *iface,
                                                   VARIANT inAdditionalSearchPaths,
                                                   VARIANT *outFloppyDiskFileList)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::GetFloppyDiskFiles");
}

static HRESULT WINAPI virtualpc_GetFloppyDiskImageType(IVMVirtualPC *iface, BSTR imagePath,
                                                       VMFloppyDiskImageType *imageType)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::GetFloppyDiskImageType");
}

static HRESULT WINAPI virtualpc_GetHardDisk(IVMVirtualPC *iface, BSTR imagePath,
                                            IVMHardDisk **hardDisk)
{
    struct vpce_disk_info info;
    enum vpce_status status;
    char *unix_path;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(imagePath), hardDisk);

    if (!hardDisk) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *hardDisk = NULL;
    if (FAILED(hr = unix_path_from_windows(imagePath, &unix_path, &IID_IVMVirtualPC))) return hr;
    if ((status = vpce_disk_get_info(unix_path, &info)))
    {
        free(unix_path);
        return vpc_engine_error(status, &IID_IVMVirtualPC);
    }
    vpce_disk_info_free(&info);
    hr = harddisk_create(imagePath, unix_path, hardDisk);
    free(unix_path);
    return hr;
}

static HRESULT WINAPI virtualpc_GetHardDiskFiles(IVMVirtualPC *iface,
                                                 VARIANT inAdditionalSearchPaths,
                                                 VARIANT *outHardDiskFileList)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::GetHardDiskFiles");
}

static HRESULT WINAPI virtualpc_GetVirtualMachineFiles(IVMVirtualPC *iface,
                                                       VARIANT inAdditionalSearchPaths,
                                                       VARIANT_BOOL inExcludedRegisteredVMs,
                                                       VARIANT *outVirtualMachineFileList)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::GetVirtualMachineFiles");
}

static HRESULT WINAPI virtualpc_get_HostInfo(IVMVirtualPC *iface, IVMHostInfo **hostInfo)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::HostInfo (get)");
}

static HRESULT WINAPI virtualpc_get_MaximumFloppyDrivesPerVM(IVMVirtualPC *iface, LONG *maxDrives)
{
    TRACE("%p, %p.\n", iface, maxDrives);

    return return_long(vpce_get_limits()->max_floppy_drives, maxDrives, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumMemoryPerVM(IVMVirtualPC *iface, LONG *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_long(vpce_get_limits()->max_memory_mb, megabytesOfMemory, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumNetworkAdaptersPerVM(IVMVirtualPC *iface,
                                                                LONG *maxNetworkAdapters)
{
    TRACE("%p, %p.\n", iface, maxNetworkAdapters);

    return return_long(vpce_get_limits()->max_network_adapters, maxNetworkAdapters, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumNumberOfIDEBuses(IVMVirtualPC *iface, LONG *maxNumBuses)
{
    TRACE("%p, %p.\n", iface, maxNumBuses);

    return return_long(vpce_get_limits()->max_ide_buses, maxNumBuses, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumParallelPortsPerVM(IVMVirtualPC *iface, LONG *maxPorts)
{
    TRACE("%p, %p.\n", iface, maxPorts);

    return return_long(vpce_get_limits()->max_parallel_ports, maxPorts, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumSerialPortsPerVM(IVMVirtualPC *iface, LONG *maxPorts)
{
    TRACE("%p, %p.\n", iface, maxPorts);

    return return_long(vpce_get_limits()->max_serial_ports, maxPorts, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MinimumMemoryPerVM(IVMVirtualPC *iface, LONG *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_long(vpce_get_limits()->min_memory_mb, megabytesOfMemory, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_Name(IVMVirtualPC *iface, BSTR *virtualPCName)
{
    TRACE("%p, %p.\n", iface, virtualPCName);

    return return_string(VPCE_PRODUCT_NAME, virtualPCName, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_RegisterVirtualMachine(IVMVirtualPC *iface, BSTR configurationName,
                                                       BSTR configurationPath,
                                                       IVMVirtualMachine **virtualMachine)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::RegisterVirtualMachine");
}

static HRESULT WINAPI virtualpc_RemoveConfigurationValue(IVMVirtualPC *iface, BSTR preferenceKey)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::RemoveConfigurationValue");
}

static HRESULT WINAPI virtualpc_get_SearchPaths(IVMVirtualPC *iface, VARIANT *searchPaths)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::SearchPaths (get)");
}

static HRESULT WINAPI virtualpc_put_SearchPaths(IVMVirtualPC *iface, VARIANT searchPaths)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::SearchPaths (put)");
}

static HRESULT WINAPI virtualpc_SetConfigurationValue(IVMVirtualPC *iface, BSTR preferenceKey,
                                                      VARIANT preferenceValue)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::SetConfigurationValue");
}

static HRESULT WINAPI virtualpc_get_SuggestedMaximumMemoryPerVM(IVMVirtualPC *iface,
                                                                LONG *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_long(vpce_get_limits()->suggested_max_memory_mb, megabytesOfMemory, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_Tasks(IVMVirtualPC *iface, IVMTaskCollection **taskCollection)
{
    HRESULT hr;

    TRACE("%p, %p.\n", iface, taskCollection);

    if (!taskCollection) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    if (FAILED(hr = task_collection_create(taskCollection)))
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    return S_OK;
}

static HRESULT WINAPI virtualpc_get_USBDeviceCollection(IVMVirtualPC *iface,
                                                        IVMUSBDeviceCollection **usbDeviceCollection)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::USBDeviceCollection (get)");
}

static HRESULT WINAPI virtualpc_get_UnconnectedNetworkAdapters(IVMVirtualPC *iface,
                                                               IVMNetworkAdapterCollection **unconnectedNetworkAdapterCollection)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::UnconnectedNetworkAdapters (get)");
}

static HRESULT WINAPI virtualpc_UnregisterVirtualMachine(IVMVirtualPC *iface,
                                                         IVMVirtualMachine *virtualMachine)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::UnregisterVirtualMachine");
}

static HRESULT WINAPI virtualpc_get_UpTime(IVMVirtualPC *iface, LONG *secondsAlive)
{
    TRACE("%p, %p.\n", iface, secondsAlive);

    return return_long(vpce_uptime(), secondsAlive, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_Version(IVMVirtualPC *iface, BSTR *version)
{
    TRACE("%p, %p.\n", iface, version);

    return return_string(VPCE_PRODUCT_VERSION, version, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_VirtualMachines(IVMVirtualPC *iface,
                                                    IVMVirtualMachineCollection **virtualMachineCollection)
{
    IDispatch *collection;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, virtualMachineCollection);

    if (!virtualMachineCollection) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *virtualMachineCollection = NULL;

    /* FIXME: list the registered machines once the registry exists. */
    if (FAILED(hr = collection_create(IVMVirtualMachineCollection_tid, NULL, 0, &collection)))
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    *virtualMachineCollection = (IVMVirtualMachineCollection *)collection;
    return S_OK;
}

static HRESULT WINAPI virtualpc_get_VirtualNetworks(IVMVirtualPC *iface,
                                                    IVMVirtualNetworkCollection **virtualNetworkCollection)
{
    return vpc_not_implemented(&IID_IVMVirtualPC, "IVMVirtualPC::VirtualNetworks (get)");
}
static const IVMVirtualPCVtbl virtualpc_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(virtualpc),
    virtualpc_CreateDifferencingVirtualHardDisk,
    virtualpc_CreateDynamicVirtualHardDisk,
    virtualpc_CreateFixedVirtualHardDisk,
    virtualpc_CreateFloppyDiskImage,
    virtualpc_CreateVirtualMachine,
    virtualpc_get_DefaultVMConfigurationPath,
    virtualpc_put_DefaultVMConfigurationPath,
    virtualpc_DeleteVirtualMachine,
    virtualpc_FindVirtualMachine,
    virtualpc_FindVirtualNetwork,
    virtualpc_GetConfigurationValue,
    virtualpc_GetDVDFiles,
    virtualpc_GetFloppyDiskFiles,
    virtualpc_GetFloppyDiskImageType,
    virtualpc_GetHardDisk,
    virtualpc_GetHardDiskFiles,
    virtualpc_GetVirtualMachineFiles,
    virtualpc_get_HostInfo,
    virtualpc_get_MaximumFloppyDrivesPerVM,
    virtualpc_get_MaximumMemoryPerVM,
    virtualpc_get_MaximumNetworkAdaptersPerVM,
    virtualpc_get_MaximumNumberOfIDEBuses,
    virtualpc_get_MaximumParallelPortsPerVM,
    virtualpc_get_MaximumSerialPortsPerVM,
    virtualpc_get_MinimumMemoryPerVM,
    virtualpc_get_Name,
    virtualpc_RegisterVirtualMachine,
    virtualpc_RemoveConfigurationValue,
    virtualpc_get_SearchPaths,
    virtualpc_put_SearchPaths,
    virtualpc_SetConfigurationValue,
    virtualpc_get_SuggestedMaximumMemoryPerVM,
    virtualpc_get_Tasks,
    virtualpc_get_USBDeviceCollection,
    virtualpc_get_UnconnectedNetworkAdapters,
    virtualpc_UnregisterVirtualMachine,
    virtualpc_get_UpTime,
    virtualpc_get_Version,
    virtualpc_get_VirtualMachines,
    virtualpc_get_VirtualNetworks
};

static void virtualpc_destroy(struct vpc_object *object)
{
    free(CONTAINING_RECORD(object, struct virtualpc, base));
}

/* The prefix whose drive letters map the Windows paths in disks' parent
 * locators: the one this process runs in. */
static void init_wine_prefix(void)
{
    static LONG done;
    char *drive_c, *end;

    if (InterlockedExchange(&done, 1)) return;
    if (!(drive_c = wine_get_unix_file_name(L"C:\\"))) return;
    if ((end = strstr(drive_c, "/dosdevices/")))
    {
        *end = 0;
        vpce_set_wine_prefix(drive_c);
    }
    HeapFree(GetProcessHeap(), 0, drive_c);
}

static const struct vpc_object_funcs virtualpc_funcs =
{
    virtualpc_destroy,
};

HRESULT VMVirtualPC_create(REFIID riid, void **obj)
{
    struct virtualpc *virtualpc;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), obj);

    if (!(virtualpc = calloc(1, sizeof(*virtualpc)))) return E_OUTOFMEMORY;
    vpc_object_init(&virtualpc->base, &virtualpc_vtbl, IVMVirtualPC_tid, &virtualpc_funcs);
    vpce_uptime();  /* UpTime counts from the first application object */
    init_wine_prefix();

    hr = IDispatch_QueryInterface(&virtualpc->base.IDispatch_iface, riid, obj);
    IDispatch_Release(&virtualpc->base.IDispatch_iface);
    return hr;
}
