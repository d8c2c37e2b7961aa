/*
 * IVMGuestOS: the guest operating system of a machine
 *
 * QEMU's guest agent stands for the integration components (see
 * libs/vpcengine/guest.c).  What only a Windows guest has (service packs,
 * suites, Terminal Services, RAIL sessions, the parameters Virtual PC's
 * components exchange) is VM_E_ADDITIONS_FEATURE_NOT_AVAIL, after the
 * machine's state is checked.
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

struct guestos
{
    struct vpc_object base;
    IVMVirtualMachine *vm;
    struct vpce_machine *machine;   /* the engine's, owned by vm */
};

static inline struct guestos *impl_from_IVMGuestOS(IVMGuestOS *iface)
{
    return CONTAINING_RECORD(iface, struct guestos, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(guestos, IVMGuestOS)

/* The members documenting VM_E_ADDITIONS_FEATURE_NOT_AVAIL give it for a
 * guest without the agent; the others VM_E_ADDITIONS_NOT_AVAIL. */
static HRESULT guest_error(enum vpce_status status, BOOL feature)
{
    if (feature && status == VPCE_E_ADDITIONS_NOT_AVAIL) status = VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL;
    return vpc_engine_error(status, &IID_IVMGuestOS);
}

static HRESULT get_os(struct guestos *guest, void *ret, struct vpce_guest_os *os)
{
    enum vpce_status status;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    if ((status = vpce_guest_get_os(guest->machine, os))) return guest_error(status, TRUE);
    return S_OK;
}

/* A property of the guest's system, as a string. */
static HRESULT os_string(IVMGuestOS *iface, BSTR *ret, const char *(*value)(const struct vpce_guest_os *os))
{
    struct vpce_guest_os os;
    HRESULT hr;

    if (SUCCEEDED(hr = get_os(impl_from_IVMGuestOS(iface), ret, &os)))
    {
        hr = return_string(value(&os), ret, &IID_IVMGuestOS);
        vpce_guest_os_free(&os);
    }
    return hr;
}

/* What the agent cannot tell of a Linux guest: the machine's state first. */
static HRESULT feature_not_available(struct guestos *guest, const WCHAR *what)
{
    enum vpce_vm_state state;
    enum vpce_status status;

    if ((status = vpce_machine_get_state(guest->machine, &state))) return vpc_engine_error(status, &IID_IVMGuestOS);
    if (state == VPCE_VM_PAUSED) return vpc_engine_error(VPCE_E_VM_PAUSED, &IID_IVMGuestOS);
    if (state != VPCE_VM_RUNNING) return vpc_engine_error(VPCE_E_VM_NOT_RUNNING, &IID_IVMGuestOS);
    FIXME("%s: not available for this guest.\n", debugstr_w(what));
    return vpc_error(VM_E_ADDITIONS_FEATURE_NOT_AVAIL, &IID_IVMGuestOS, what);
}

static const char *no_service_pack(const struct vpce_guest_os *os) { return ""; }
static const char *zero(const struct vpce_guest_os *os) { return "0"; }

static HRESULT WINAPI guestos_get_CSDVersion(IVMGuestOS *iface, BSTR *CSDVersion)
{
    TRACE("%p, %p.\n", iface, CSDVersion);

    return os_string(iface, CSDVersion, no_service_pack);
}

static HRESULT WINAPI guestos_get_CanShutdown(IVMGuestOS *iface, VARIANT_BOOL *CanShutdown)
{
    struct guestos *guest = impl_from_IVMGuestOS(iface);
    enum vpce_vm_state state;
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, CanShutdown);

    if (!CanShutdown) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    /* the agent, or else the ACPI power button, can shut a running guest down */
    if ((status = vpce_machine_get_state(guest->machine, &state))) return guest_error(status, FALSE);
    *CanShutdown = state == VPCE_VM_RUNNING ? VARIANT_TRUE : VARIANT_FALSE;
    return *CanShutdown ? S_OK : S_FALSE;
}

static const char *computer_name(const struct vpce_guest_os *os)
{
    return os->computer_name ? os->computer_name : "";
}

static HRESULT WINAPI guestos_get_ComputerName(IVMGuestOS *iface, BSTR *guestComputerName)
{
    TRACE("%p, %p.\n", iface, guestComputerName);

    if (!guestComputerName) return vpc_error(E_INVALIDARG, &IID_IVMGuestOS, L"NULL pointer.");
    return os_string(iface, guestComputerName, computer_name);
}

static HRESULT WINAPI guestos_GetOsVersionInfo(IVMGuestOS *iface, GUESTOSVERSIONINFOEX **guestOsVersionInfo)
{
    GUESTOSVERSIONINFOEX *info;
    struct vpce_guest_os os;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, guestOsVersionInfo);

    if (FAILED(hr = get_os(impl_from_IVMGuestOS(iface), guestOsVersionInfo, &os))) return hr;
    if ((info = CoTaskMemAlloc(sizeof(*info))))
    {
        memset(info, 0, sizeof(*info));
        info->dwOSVersionInfoSize = sizeof(*info);
        info->dwMajorVersion = os.major;
        info->dwMinorVersion = os.minor;
        info->dwBuildNumber = os.build;
        /* dwPlatformId 0, no service pack, no suite, no product type: not Windows */
    }
    vpce_guest_os_free(&os);
    if (!info) return vpc_error(E_OUTOFMEMORY, &IID_IVMGuestOS, L"Out of memory.");
    *guestOsVersionInfo = info;
    return S_OK;
}

/* A parameter's name: 1 to 255 characters, no backslash. */
static BOOL valid_parameter_name(const WCHAR *name)
{
    size_t len;

    if (!name) return FALSE;
    for (len = 0; name[len]; len++) if (name[len] == '\\') return FALSE;
    return len && len <= 255;
}

static HRESULT WINAPI guestos_GetParameter(IVMGuestOS *iface, BSTR inParameterName, BSTR *outParameterValue)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_w(inParameterName), outParameterValue);

    if (!outParameterValue) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    *outParameterValue = NULL;
    if (!valid_parameter_name(inParameterName))
        return vpc_error(E_INVALIDARG, &IID_IVMGuestOS,
                         L"A parameter name has 1 to 255 characters and no backslash.");
    return feature_not_available(impl_from_IVMGuestOS(iface),
                                 L"The guest agent does not exchange Virtual PC's guest parameters.");
}

static HRESULT WINAPI guestos_get_HeartbeatPercentage(IVMGuestOS *iface, LONG *HeartbeatPercentage)
{
    struct guestos *guest = impl_from_IVMGuestOS(iface);
    enum vpce_status status;
    int beating, percent;

    TRACE("%p, %p.\n", iface, HeartbeatPercentage);

    if (!HeartbeatPercentage) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    if ((status = vpce_guest_heartbeat(guest->machine, &beating, &percent))) return guest_error(status, FALSE);
    *HeartbeatPercentage = percent;
    return S_OK;
}

static HRESULT WINAPI guestos_InstallIntegrationComponents(IVMGuestOS *iface)
{
    struct guestos *guest = impl_from_IVMGuestOS(iface);
    enum vpce_vm_state state;
    enum vpce_status status;

    TRACE("%p.\n", iface);

    if ((status = vpce_machine_get_state(guest->machine, &state))) return vpc_engine_error(status, &IID_IVMGuestOS);
    if (state != VPCE_VM_RUNNING) return vpc_engine_error(VPCE_E_VM_NOT_RUNNING, &IID_IVMGuestOS);
    FIXME("no integration components image.\n");
    return vpc_error(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), &IID_IVMGuestOS,
                     L"There is no integration components image: install QEMU's guest agent "
                     L"(qemu-guest-agent) in the guest instead.");
}

static const char *agent_version(const struct vpce_guest_os *os)
{
    return os->agent_version ? os->agent_version : "";
}

static HRESULT WINAPI guestos_get_IntegrationComponentsVersion(IVMGuestOS *iface, BSTR *ICVersion)
{
    struct guestos *guest = impl_from_IVMGuestOS(iface);
    struct vpce_guest_os os;
    enum vpce_status status;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, ICVersion);

    if (!ICVersion) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    status = vpce_guest_get_os(guest->machine, &os);
    /* documented: VM_E_ADDITIONS_NOT_AVAIL, not VM_E_VM_NOT_RUNNING, for a
     * machine that does not run (none is known before a start) */
    if (status == VPCE_E_VM_NOT_RUNNING || status == VPCE_E_VM_PAUSED) status = VPCE_E_ADDITIONS_NOT_AVAIL;
    if (status) return guest_error(status, FALSE);
    hr = return_string(agent_version(&os), ICVersion, &IID_IVMGuestOS);
    vpce_guest_os_free(&os);
    return hr;
}

static HRESULT WINAPI guestos_get_IsHeartbeating(IVMGuestOS *iface, VARIANT_BOOL *heartBeating)
{
    struct guestos *guest = impl_from_IVMGuestOS(iface);
    enum vpce_status status;
    int beating;

    TRACE("%p, %p.\n", iface, heartBeating);

    if (!heartBeating) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    /* a machine that runs but whose agent is silent: not beating, no error */
    status = vpce_guest_heartbeat(guest->machine, &beating, NULL);
    if (status && status != VPCE_E_ADDITIONS_NOT_AVAIL) return guest_error(status, FALSE);
    *heartBeating = beating ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI guestos_get_IsHostTimeSyncEnabled(IVMGuestOS *iface, VARIANT_BOOL *isEnabled)
{
    struct guestos *guest = impl_from_IVMGuestOS(iface);
    enum vpce_vm_state state;
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, isEnabled);

    if (!isEnabled) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    /* VM_E_VM_UNKNOWN once the configuration is gone, as put says */
    if ((status = vpce_machine_get_state(guest->machine, &state))) return vpc_engine_error(status, &IID_IVMGuestOS);
    return return_bool(vpce_guest_time_sync_enabled(guest->machine), isEnabled, &IID_IVMGuestOS);
}

static HRESULT WINAPI guestos_put_IsHostTimeSyncEnabled(IVMGuestOS *iface, VARIANT_BOOL shouldEnable)
{
    enum vpce_status status;

    TRACE("%p, %d.\n", iface, shouldEnable);

    status = vpce_guest_set_time_sync(impl_from_IVMGuestOS(iface)->machine, !!shouldEnable);
    return status ? vpc_engine_error(status, &IID_IVMGuestOS) : S_OK;
}

static HRESULT WINAPI guestos_IsUserLoggedOn(IVMGuestOS *iface, LONG inRailSession, VARIANT_BOOL *outSessionPresent)
{
    struct guestos *guest = impl_from_IVMGuestOS(iface);
    enum vpce_status status;
    int count;

    TRACE("%p, %ld, %p.\n", iface, inRailSession, outSessionPresent);

    if (!outSessionPresent) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    /* 0 asks for a RAIL session, which a Linux guest has not; 1 for a
     * user's session, as the agent tells of them */
    if (inRailSession != 0 && inRailSession != 1)
        return vpc_error(E_INVALIDARG, &IID_IVMGuestOS, L"The session is 0 (RAIL) or 1 (RDP).");
    if (!inRailSession) return feature_not_available(guest, L"The guest has no RAIL sessions.");
    if ((status = vpce_guest_users(guest->machine, &count))) return guest_error(status, TRUE);
    *outSessionPresent = count ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI guestos_Logoff(IVMGuestOS *iface, IVMTask **outLogoffTask)
{
    TRACE("%p, %p.\n", iface, outLogoffTask);

    if (!outLogoffTask) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    *outLogoffTask = NULL;
    return feature_not_available(impl_from_IVMGuestOS(iface), L"The guest agent cannot log users off.");
}

static HRESULT WINAPI guestos_get_MultipleUserSessionsAllowed(IVMGuestOS *iface, VARIANT_BOOL *sessionStatus)
{
    TRACE("%p, %p.\n", iface, sessionStatus);

    if (!sessionStatus) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    return feature_not_available(impl_from_IVMGuestOS(iface), L"The guest has no Terminal Services sessions.");
}

static HRESULT os_number(IVMGuestOS *iface, BSTR *ret, int which)
{
    struct vpce_guest_os os;
    char buffer[16];
    HRESULT hr;

    if (FAILED(hr = get_os(impl_from_IVMGuestOS(iface), ret, &os))) return hr;
    snprintf(buffer, sizeof(buffer), "%u", which == 0 ? os.major : which == 1 ? os.minor : os.build);
    vpce_guest_os_free(&os);
    return return_string(buffer, ret, &IID_IVMGuestOS);
}

static HRESULT WINAPI guestos_get_OSBuildNumber(IVMGuestOS *iface, BSTR *buildNumber)
{
    TRACE("%p, %p.\n", iface, buildNumber);

    return os_number(iface, buildNumber, 2);
}

static HRESULT WINAPI guestos_get_OSMajorVersion(IVMGuestOS *iface, BSTR *majorVersion)
{
    TRACE("%p, %p.\n", iface, majorVersion);

    return os_number(iface, majorVersion, 0);
}

static HRESULT WINAPI guestos_get_OSMinorVersion(IVMGuestOS *iface, BSTR *minorVersion)
{
    TRACE("%p, %p.\n", iface, minorVersion);

    return os_number(iface, minorVersion, 1);
}

static const char *os_name(const struct vpce_guest_os *os) { return os->name; }

static HRESULT WINAPI guestos_get_OSName(IVMGuestOS *iface, BSTR *guestOSName)
{
    TRACE("%p, %p.\n", iface, guestOSName);

    return os_string(iface, guestOSName, os_name);
}

static HRESULT WINAPI guestos_get_OSPlatformId(IVMGuestOS *iface, BSTR *platformId)
{
    TRACE("%p, %p.\n", iface, platformId);

    if (!platformId) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    return feature_not_available(impl_from_IVMGuestOS(iface), L"The guest is not a Windows platform.");
}

static const char *os_version(const struct vpce_guest_os *os)
{
    return os->kernel_release ? os->kernel_release : "";
}

static HRESULT WINAPI guestos_get_OSVersion(IVMGuestOS *iface, BSTR *OSVersion)
{
    TRACE("%p, %p.\n", iface, OSVersion);

    return os_string(iface, OSVersion, os_version);
}

static HRESULT WINAPI guestos_get_ProductType(IVMGuestOS *iface, BSTR *ProductType)
{
    TRACE("%p, %p.\n", iface, ProductType);

    if (!ProductType) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    return feature_not_available(impl_from_IVMGuestOS(iface), L"The guest has no Windows product type.");
}

/* Shutdown and Restart: a task, or the state's error at once. */
static HRESULT guest_task(struct guestos *guest, BOOL restart, IVMTask **ret)
{
    struct vpce_task *task;
    enum vpce_status status;
    char *description;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    *ret = NULL;
    if (asprintf(&description, "%s the guest of %s", restart ? "Restarting" : "Shutting down",
                 vpce_machine_name(guest->machine)) < 0)
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMGuestOS);
    status = vpce_guest_shutdown(description, guest->machine, restart, &task);
    free(description);
    if (status) return guest_error(status, TRUE);
    return task_create(task, ret);
}

static HRESULT WINAPI guestos_Restart(IVMGuestOS *iface, VARIANT_BOOL inForced, IVMTask **outRestartTask)
{
    TRACE("%p, %d, %p.\n", iface, inForced, outRestartTask);

    return guest_task(impl_from_IVMGuestOS(iface), TRUE, outRestartTask);
}

static HRESULT WINAPI guestos_get_ScreenLocked(IVMGuestOS *iface, VARIANT_BOOL *guestScreenLocked)
{
    TRACE("%p, %p.\n", iface, guestScreenLocked);

    if (!guestScreenLocked) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    return feature_not_available(impl_from_IVMGuestOS(iface), L"The guest agent does not tell a locked screen.");
}

static HRESULT WINAPI guestos_get_ServicePackMajor(IVMGuestOS *iface, BSTR *ServicePackMajor)
{
    TRACE("%p, %p.\n", iface, ServicePackMajor);

    return os_string(iface, ServicePackMajor, zero);
}

static HRESULT WINAPI guestos_get_ServicePackMinor(IVMGuestOS *iface, BSTR *ServicePackMinor)
{
    TRACE("%p, %p.\n", iface, ServicePackMinor);

    return os_string(iface, ServicePackMinor, zero);
}

static HRESULT WINAPI guestos_SetParameter(IVMGuestOS *iface, BSTR inParameterName, BSTR inParameterValue)
{
    TRACE("%p, %s, %s.\n", iface, debugstr_w(inParameterName), debugstr_w(inParameterValue));

    if (!valid_parameter_name(inParameterName))
        return vpc_error(E_INVALIDARG, &IID_IVMGuestOS,
                         L"A parameter name has 1 to 255 characters and no backslash.");
    return feature_not_available(impl_from_IVMGuestOS(iface),
                                 L"The guest agent does not exchange Virtual PC's guest parameters.");
}

static HRESULT WINAPI guestos_Shutdown(IVMGuestOS *iface, VARIANT_BOOL isForced, IVMTask **outShutdownTask)
{
    TRACE("%p, %d, %p.\n", iface, isForced, outShutdownTask);

    return guest_task(impl_from_IVMGuestOS(iface), FALSE, outShutdownTask);
}

static HRESULT WINAPI guestos_get_SuiteMask(IVMGuestOS *iface, BSTR *SuiteMask)
{
    TRACE("%p, %p.\n", iface, SuiteMask);

    return os_string(iface, SuiteMask, zero);
}

static HRESULT WINAPI guestos_get_TerminalServerPort(IVMGuestOS *iface, LONG *tsPort)
{
    TRACE("%p, %p.\n", iface, tsPort);

    if (!tsPort) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    return feature_not_available(impl_from_IVMGuestOS(iface), L"The guest has no Terminal Services.");
}

static HRESULT WINAPI guestos_get_TerminalServicesInitialized(IVMGuestOS *iface, VARIANT_BOOL *termServStatus)
{
    TRACE("%p, %p.\n", iface, termServStatus);

    if (!termServStatus) return vpc_error(E_POINTER, &IID_IVMGuestOS, L"NULL pointer.");
    return feature_not_available(impl_from_IVMGuestOS(iface), L"The guest has no Terminal Services.");
}

static const IVMGuestOSVtbl guestos_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(guestos),
    guestos_get_CSDVersion,
    guestos_get_CanShutdown,
    guestos_get_ComputerName,
    guestos_GetOsVersionInfo,
    guestos_GetParameter,
    guestos_get_HeartbeatPercentage,
    guestos_InstallIntegrationComponents,
    guestos_get_IntegrationComponentsVersion,
    guestos_get_IsHeartbeating,
    guestos_get_IsHostTimeSyncEnabled,
    guestos_put_IsHostTimeSyncEnabled,
    guestos_IsUserLoggedOn,
    guestos_Logoff,
    guestos_get_MultipleUserSessionsAllowed,
    guestos_get_OSBuildNumber,
    guestos_get_OSMajorVersion,
    guestos_get_OSMinorVersion,
    guestos_get_OSName,
    guestos_get_OSPlatformId,
    guestos_get_OSVersion,
    guestos_get_ProductType,
    guestos_Restart,
    guestos_get_ScreenLocked,
    guestos_get_ServicePackMajor,
    guestos_get_ServicePackMinor,
    guestos_SetParameter,
    guestos_Shutdown,
    guestos_get_SuiteMask,
    guestos_get_TerminalServerPort,
    guestos_get_TerminalServicesInitialized,
};

static void guestos_destroy(struct vpc_object *object)
{
    struct guestos *guest = CONTAINING_RECORD(object, struct guestos, base);

    IVMVirtualMachine_Release(guest->vm);
    free(guest);
}

static const struct vpc_object_funcs guestos_funcs =
{
    guestos_destroy,
};

HRESULT guestos_create(IVMVirtualMachine *vm, IVMGuestOS **ret)
{
    struct guestos *guest;

    if (!(guest = calloc(1, sizeof(*guest)))) return E_OUTOFMEMORY;
    IVMVirtualMachine_AddRef(guest->vm = vm);
    guest->machine = unsafe_machine_from_IVMVirtualMachine(vm);
    vpc_object_init(&guest->base, &guestos_vtbl, IVMGuestOS_tid, &guestos_funcs);
    *ret = (IVMGuestOS *)&guest->base.IDispatch_iface;
    return S_OK;
}
