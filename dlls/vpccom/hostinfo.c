/*
 * IVMHostInfo: the host machine (IVMVirtualPC::HostInfo)
 *
 * The object holds nothing: every property asks the engine when called,
 * so available memory, addresses and the time are current.  What each
 * property maps to on Linux is described in libs/vpcengine/hostinfo.c
 * and vpcengine.h.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <stdio.h>

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct hostinfo
{
    struct vpc_object base;
};

DEFINE_VPC_DISPATCH(hostinfo, IVMHostInfo)

static HRESULT hostinfo_error(enum vpce_status status)
{
    return vpc_engine_error(status, &IID_IVMHostInfo);
}

static HRESULT null_pointer(void)
{
    return vpc_error(E_POINTER, &IID_IVMHostInfo, L"NULL pointer.");
}

static HRESULT get_cpu(struct vpce_host_cpu *cpu)
{
    enum vpce_status status = vpce_host_get_cpu(cpu);
    return status ? hostinfo_error(status) : S_OK;
}

static HRESULT get_os(struct vpce_host_os *os)
{
    enum vpce_status status = vpce_host_get_os(os);
    return status ? hostinfo_error(status) : S_OK;
}

static HRESULT get_memory(BOOL available, ULONGLONG *mb)
{
    uint64_t total, avail;
    enum vpce_status status = vpce_host_get_memory(&total, &avail);

    if (status) return hostinfo_error(status);
    *mb = available ? avail : total;
    return S_OK;
}

/* Memory and MemoryAvail: VT_DECIMAL, as documented. */
static HRESULT return_megabytes(BOOL available, VARIANT *ret)
{
    ULONGLONG mb = 0;
    HRESULT hr;

    if (!ret) return null_pointer();
    if (FAILED(hr = get_memory(available, &mb))) return hr;
    VariantInit(ret);
    V_VT(ret) = VT_DECIMAL;
    V_DECIMAL(ret).scale = 0;
    V_DECIMAL(ret).sign = 0;
    V_DECIMAL(ret).Hi32 = 0;
    V_DECIMAL(ret).Lo64 = mb;
    return S_OK;
}

/* MemoryTotalString and MemoryAvailString: the number alone, "4096". */
static HRESULT return_megabytes_string(BOOL available, BSTR *ret)
{
    char text[32];
    ULONGLONG mb = 0;
    HRESULT hr;

    if (!ret) return null_pointer();
    if (FAILED(hr = get_memory(available, &mb))) return hr;
    snprintf(text, sizeof(text), "%llu", (unsigned long long)mb);
    return return_string(text, ret, &IID_IVMHostInfo);
}

static HRESULT get_list(enum vpce_host_list which, char ***items, int *count)
{
    enum vpce_status status = vpce_host_get_list(which, items, count);
    return status ? hostinfo_error(status) : S_OK;
}

/* The drive and network lists: VT_ARRAY|VT_VARIANT of VT_BSTR, which every
 * script language can index and enumerate, as SearchPaths does. */
static HRESULT return_list(enum vpce_host_list which, VARIANT *ret)
{
    SAFEARRAY *array;
    char **items;
    int count;
    LONG i;
    HRESULT hr;

    if (!ret) return null_pointer();
    if (FAILED(hr = get_list(which, &items, &count))) return hr;
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count))) hr = hostinfo_error(VPCE_E_NOMEM);
    for (i = 0; array && i < count; i++)
    {
        VARIANT item;

        V_VT(&item) = VT_BSTR;
        if (!(V_BSTR(&item) = bstr_from_utf8(items[i])))
        {
            hr = hostinfo_error(VPCE_E_NOMEM);
            SafeArrayDestroy(array);
            array = NULL;
            break;
        }
        hr = SafeArrayPutElement(array, &i, &item);
        VariantClear(&item);
    }
    vpce_host_list_free(items, count);
    if (!array) return hr;
    VariantInit(ret);
    V_VT(ret) = VT_ARRAY | VT_VARIANT;
    V_ARRAY(ret) = array;
    return S_OK;
}

/* SerialPorts: "COM1;COM2", as documented; ParallelPort: the first one.
 * Both are "" when the host has none. */
static HRESULT return_ports(enum vpce_host_list which, BOOL first_only, BSTR *ret)
{
    char **items, *text;
    size_t len = 1;
    int total, count, i;
    HRESULT hr;

    if (!ret) return null_pointer();
    if (FAILED(hr = get_list(which, &items, &total))) return hr;
    count = first_only && total > 1 ? 1 : total;
    for (i = 0; i < count; i++) len += strlen(items[i]) + 1;
    if ((text = malloc(len)))
    {
        *text = 0;
        for (i = 0; i < count; i++)
        {
            if (i) strcat(text, ";");
            strcat(text, items[i]);
        }
    }
    hr = return_string(text, ret, &IID_IVMHostInfo);
    free(text);
    vpce_host_list_free(items, total);
    return hr;
}

static HRESULT WINAPI hostinfo_get_DVDDrives(IVMHostInfo *iface, VARIANT *DVDDrives)
{
    TRACE("%p, %p.\n", iface, DVDDrives);

    return return_list(VPCE_HOST_DVD_DRIVES, DVDDrives);
}

static HRESULT WINAPI hostinfo_get_FloppyDrives(IVMHostInfo *iface, VARIANT *floppyDrives)
{
    TRACE("%p, %p.\n", iface, floppyDrives);

    return return_list(VPCE_HOST_FLOPPY_DRIVES, floppyDrives);
}

static HRESULT WINAPI hostinfo_get_LogicalProcessorCount(IVMHostInfo *iface, LONG *processorCount)
{
    struct vpce_host_cpu cpu;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, processorCount);

    if (!processorCount) return null_pointer();
    if (FAILED(hr = get_cpu(&cpu))) return hr;
    *processorCount = cpu.logical_count;
    return S_OK;
}

enum cpu_flag { FLAG_MMX, FLAG_SSE, FLAG_SSE2, FLAG_3DNOW };

static HRESULT return_cpu_flag(enum cpu_flag flag, VARIANT_BOOL *ret)
{
    struct vpce_host_cpu cpu;
    HRESULT hr;
    BOOL value;

    if (!ret) return null_pointer();
    if (FAILED(hr = get_cpu(&cpu))) return hr;
    value = flag == FLAG_MMX ? cpu.mmx : flag == FLAG_SSE ? cpu.sse
            : flag == FLAG_SSE2 ? cpu.sse2 : cpu.three_dnow;
    return return_bool(value, ret, &IID_IVMHostInfo);
}

static HRESULT WINAPI hostinfo_get_MMX(IVMHostInfo *iface, VARIANT_BOOL *mmxEnabled)
{
    TRACE("%p, %p.\n", iface, mmxEnabled);

    return return_cpu_flag(FLAG_MMX, mmxEnabled);
}

static HRESULT WINAPI hostinfo_get_Memory(IVMHostInfo *iface, VARIANT *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_megabytes(FALSE, megabytesOfMemory);
}

static HRESULT WINAPI hostinfo_get_MemoryAvail(IVMHostInfo *iface, VARIANT *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_megabytes(TRUE, megabytesOfMemory);
}

static HRESULT WINAPI hostinfo_get_MemoryAvailString(IVMHostInfo *iface, BSTR *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_megabytes_string(TRUE, megabytesOfMemory);
}

static HRESULT WINAPI hostinfo_get_MemoryTotalString(IVMHostInfo *iface, BSTR *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_megabytes_string(FALSE, megabytesOfMemory);
}

static HRESULT WINAPI hostinfo_get_NetworkAdapters(IVMHostInfo *iface, VARIANT *hostNICs)
{
    TRACE("%p, %p.\n", iface, hostNICs);

    return return_list(VPCE_HOST_NETWORK_ADAPTERS, hostNICs);
}

static HRESULT WINAPI hostinfo_get_NetworkAddresses(IVMHostInfo *iface, VARIANT *hostAddresses)
{
    TRACE("%p, %p.\n", iface, hostAddresses);

    return return_list(VPCE_HOST_NETWORK_ADDRESSES, hostAddresses);
}

static HRESULT WINAPI hostinfo_get_OSMajorVersion(IVMHostInfo *iface, LONG *OSMajorVersion)
{
    struct vpce_host_os os;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, OSMajorVersion);

    if (!OSMajorVersion) return null_pointer();
    if (FAILED(hr = get_os(&os))) return hr;
    *OSMajorVersion = os.major;
    return S_OK;
}

static HRESULT WINAPI hostinfo_get_OSMinorVersion(IVMHostInfo *iface, LONG *OSMinorVersion)
{
    struct vpce_host_os os;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, OSMinorVersion);

    if (!OSMinorVersion) return null_pointer();
    if (FAILED(hr = get_os(&os))) return hr;
    *OSMinorVersion = os.minor;
    return S_OK;
}

enum os_string { OS_NAME, OS_RELEASE, OS_SERVICE_PACK };

static HRESULT return_os_string(enum os_string which, BSTR *ret)
{
    struct vpce_host_os os;
    HRESULT hr;

    if (!ret) return null_pointer();
    if (FAILED(hr = get_os(&os))) return hr;
    return return_string(which == OS_NAME ? os.name : which == OS_RELEASE ? os.release : os.service_pack,
                         ret, &IID_IVMHostInfo);
}

static HRESULT WINAPI hostinfo_get_OSServicePackString(IVMHostInfo *iface, BSTR *OSServicePack)
{
    TRACE("%p, %p.\n", iface, OSServicePack);

    return return_os_string(OS_SERVICE_PACK, OSServicePack);
}

static HRESULT WINAPI hostinfo_get_OSVersionString(IVMHostInfo *iface, BSTR *OSVersion)
{
    TRACE("%p, %p.\n", iface, OSVersion);

    return return_os_string(OS_RELEASE, OSVersion);
}

static HRESULT WINAPI hostinfo_get_OperatingSystem(IVMHostInfo *iface, BSTR *operatingSystem)
{
    TRACE("%p, %p.\n", iface, operatingSystem);

    return return_os_string(OS_NAME, operatingSystem);
}

static HRESULT WINAPI hostinfo_get_ParallelPort(IVMHostInfo *iface, BSTR *vmParallelPort)
{
    TRACE("%p, %p.\n", iface, vmParallelPort);

    return return_ports(VPCE_HOST_PARALLEL_PORTS, TRUE, vmParallelPort);
}

static HRESULT WINAPI hostinfo_get_PhysicalProcessorCount(IVMHostInfo *iface, LONG *processorCount)
{
    struct vpce_host_cpu cpu;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, processorCount);

    if (!processorCount) return null_pointer();
    if (FAILED(hr = get_cpu(&cpu))) return hr;
    *processorCount = cpu.physical_count;
    return S_OK;
}

enum cpu_string { CPU_FEATURES, CPU_VENDOR, CPU_MODEL, CPU_SPEED };

static HRESULT return_cpu_string(enum cpu_string which, BSTR *ret)
{
    struct vpce_host_cpu cpu;
    char speed[32];
    HRESULT hr;

    if (!ret) return null_pointer();
    if (FAILED(hr = get_cpu(&cpu))) return hr;
    switch (which)
    {
    case CPU_FEATURES: return return_string(cpu.features, ret, &IID_IVMHostInfo);
    case CPU_VENDOR: return return_string(cpu.vendor, ret, &IID_IVMHostInfo);
    case CPU_MODEL: return return_string(cpu.model, ret, &IID_IVMHostInfo);
    default:
        snprintf(speed, sizeof(speed), "%d MHz", cpu.mhz);
        return return_string(speed, ret, &IID_IVMHostInfo);
    }
}

static HRESULT WINAPI hostinfo_get_ProcessorFeaturesString(IVMHostInfo *iface, BSTR *featuresString)
{
    TRACE("%p, %p.\n", iface, featuresString);

    return return_cpu_string(CPU_FEATURES, featuresString);
}

static HRESULT WINAPI hostinfo_get_ProcessorManufacturerString(IVMHostInfo *iface,
                                                               BSTR *processorManufacturerString)
{
    TRACE("%p, %p.\n", iface, processorManufacturerString);

    return return_cpu_string(CPU_VENDOR, processorManufacturerString);
}

static HRESULT WINAPI hostinfo_get_ProcessorSpeed(IVMHostInfo *iface, LONG *processorSpeed)
{
    struct vpce_host_cpu cpu;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, processorSpeed);

    if (!processorSpeed) return null_pointer();
    if (FAILED(hr = get_cpu(&cpu))) return hr;
    *processorSpeed = cpu.mhz;
    return S_OK;
}

static HRESULT WINAPI hostinfo_get_ProcessorSpeedString(IVMHostInfo *iface, BSTR *processorSpeedString)
{
    TRACE("%p, %p.\n", iface, processorSpeedString);

    return return_cpu_string(CPU_SPEED, processorSpeedString);
}

static HRESULT WINAPI hostinfo_get_ProcessorVersionString(IVMHostInfo *iface, BSTR *processorVersionString)
{
    TRACE("%p, %p.\n", iface, processorVersionString);

    return return_cpu_string(CPU_MODEL, processorVersionString);
}

static HRESULT WINAPI hostinfo_get_SSE(IVMHostInfo *iface, VARIANT_BOOL *sseEnabled)
{
    TRACE("%p, %p.\n", iface, sseEnabled);

    return return_cpu_flag(FLAG_SSE, sseEnabled);
}

static HRESULT WINAPI hostinfo_get_SSE2(IVMHostInfo *iface, VARIANT_BOOL *sse2Enabled)
{
    TRACE("%p, %p.\n", iface, sse2Enabled);

    return return_cpu_flag(FLAG_SSE2, sse2Enabled);
}

static HRESULT WINAPI hostinfo_get_SerialPorts(IVMHostInfo *iface, BSTR *serialPorts)
{
    TRACE("%p, %p.\n", iface, serialPorts);

    return return_ports(VPCE_HOST_SERIAL_PORTS, FALSE, serialPorts);
}

static HRESULT WINAPI hostinfo_get_ThreeDNow(IVMHostInfo *iface, VARIANT_BOOL *threeDNowEnabled)
{
    TRACE("%p, %p.\n", iface, threeDNowEnabled);

    return return_cpu_flag(FLAG_3DNOW, threeDNowEnabled);
}

static HRESULT WINAPI hostinfo_get_UTCTime(IVMHostInfo *iface, DATE *UTCTime)
{
    SYSTEMTIME now;

    TRACE("%p, %p.\n", iface, UTCTime);

    if (!UTCTime) return null_pointer();
    GetSystemTime(&now);
    if (!SystemTimeToVariantTime(&now, UTCTime)) return hostinfo_error(VPCE_E_UNEXPECTED);
    return S_OK;
}

static const IVMHostInfoVtbl hostinfo_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(hostinfo),
    hostinfo_get_DVDDrives,
    hostinfo_get_FloppyDrives,
    hostinfo_get_LogicalProcessorCount,
    hostinfo_get_MMX,
    hostinfo_get_Memory,
    hostinfo_get_MemoryAvail,
    hostinfo_get_MemoryAvailString,
    hostinfo_get_MemoryTotalString,
    hostinfo_get_NetworkAdapters,
    hostinfo_get_NetworkAddresses,
    hostinfo_get_OSMajorVersion,
    hostinfo_get_OSMinorVersion,
    hostinfo_get_OSServicePackString,
    hostinfo_get_OSVersionString,
    hostinfo_get_OperatingSystem,
    hostinfo_get_ParallelPort,
    hostinfo_get_PhysicalProcessorCount,
    hostinfo_get_ProcessorFeaturesString,
    hostinfo_get_ProcessorManufacturerString,
    hostinfo_get_ProcessorSpeed,
    hostinfo_get_ProcessorSpeedString,
    hostinfo_get_ProcessorVersionString,
    hostinfo_get_SSE,
    hostinfo_get_SSE2,
    hostinfo_get_SerialPorts,
    hostinfo_get_ThreeDNow,
    hostinfo_get_UTCTime,
};

static void hostinfo_destroy(struct vpc_object *object)
{
    free(CONTAINING_RECORD(object, struct hostinfo, base));
}

static const struct vpc_object_funcs hostinfo_funcs =
{
    hostinfo_destroy,
};

HRESULT hostinfo_create(IVMHostInfo **ret)
{
    struct hostinfo *info;

    if (!(info = calloc(1, sizeof(*info)))) return hostinfo_error(VPCE_E_NOMEM);
    vpc_object_init(&info->base, &hostinfo_vtbl, IVMHostInfo_tid, &hostinfo_funcs);
    *ret = (IVMHostInfo *)&info->base.IDispatch_iface;
    return S_OK;
}
