/*
 * IVMVirtualMachine: a virtual machine, its .vmc and its life on libvirt
 *
 * The object names the .vmc; every property reads the file or asks the
 * engine when called, so it sees what other processes did.
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

#define KEY_MEMORY    "hardware/memory/ram_size"
#define KEY_NOTES     "settings/notes"
#define KEY_BIOS_GUID "hardware/bios/bios_guid"
#define KEY_BIOS_SERIAL "hardware/bios/bios_serial_number"
#define KEY_BASE_BOARD_SERIAL "hardware/bios/base_board_serial_number"
#define KEY_CHASSIS_SERIAL "hardware/bios/chassis_serial_number"
#define KEY_CHASSIS_ASSET_TAG "hardware/bios/chassis_asset_tag"
#define KEY_SHUTDOWN_ACTION "settings/shutdown/quit/action"
#define KEY_UNDOABLE "settings/undo_drives/enabled"
#define KEY_UNDO_ACTION "settings/undo_drives/default_action"

struct virtualmachine
{
    struct vpc_object base;
    struct vpce_machine *machine;
    struct event_source events;
};

static inline struct virtualmachine *impl_from_IVMVirtualMachine(IVMVirtualMachine *iface)
{
    return CONTAINING_RECORD(iface, struct virtualmachine, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(virtualmachine, IVMVirtualMachine)

static HRESULT machine_error(enum vpce_status status)
{
    return vpc_engine_error(status, &IID_IVMVirtualMachine);
}

/* A string setting; an absent one reads as "". */
static HRESULT get_string_value(struct virtualmachine *vm, const char *key, BSTR *ret)
{
    struct vpce_value value;
    enum vpce_status status;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    status = vpce_machine_get_value(vm->machine, key, &value);
    if (status == VPCE_E_PREF_NOT_FOUND) return return_string("", ret, &IID_IVMVirtualMachine);
    if (status) return machine_error(status);
    hr = return_string(value.string ? value.string : "", ret, &IID_IVMVirtualMachine);
    vpce_value_clear(&value);
    return hr;
}

static HRESULT set_string_value(struct virtualmachine *vm, const char *key, BSTR text)
{
    struct vpce_value value = { VPCE_VALUE_STRING, 0, utf8_from_wide(text) };
    enum vpce_status status;

    if (!value.string) return machine_error(VPCE_E_NOMEM);
    status = vpce_machine_set_value(vm->machine, key, &value, FALSE);
    vpce_value_clear(&value);
    return status ? machine_error(status) : S_OK;
}

static HRESULT set_typed_value(struct virtualmachine *vm, const char *key, enum vpce_value_type type,
                               LONG integer, const char *string, BOOL needs_off)
{
    struct vpce_value value = { type, integer, (char *)string };
    enum vpce_status status = vpce_machine_set_value(vm->machine, key, &value, needs_off);

    return status ? machine_error(status) : S_OK;
}

/* An integer setting, fallback when the .vmc has none. */
static HRESULT get_long_value(struct virtualmachine *vm, const char *key, LONG fallback, LONG *ret)
{
    struct vpce_value value;
    enum vpce_status status;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    status = vpce_machine_get_value(vm->machine, key, &value);
    if (status == VPCE_E_PREF_NOT_FOUND) *ret = fallback;
    else if (status) return machine_error(status);
    else *ret = value.integer;
    vpce_value_clear(&value);
    return S_OK;
}

/* The serial numbers and asset tag reach the guest's SMBIOS tables at the
 * next start: they cannot change while the machine runs or is saved. */
static HRESULT set_smbios_value(struct virtualmachine *vm, const char *key, BSTR text)
{
    char *utf8 = utf8_from_wide(text);
    HRESULT hr;

    if (!utf8) return machine_error(VPCE_E_NOMEM);
    if (strlen(utf8) > 64) hr = vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine,
                                          L"The value is longer than 64 characters.");
    else hr = set_typed_value(vm, key, VPCE_VALUE_STRING, 0, utf8, TRUE);
    free(utf8);
    return hr;
}

/* A GUID as "{01234567-89ab-...}" or 32 hex digits, to 32 lower-case digits. */
static BOOL guid_from_text(const WCHAR *text, char *out)
{
    int count = 0;

    for (; text && *text; text++)
    {
        if (*text == '{' || *text == '}' || *text == '-') continue;
        if (count == 32 || !((*text >= '0' && *text <= '9') || (*text >= 'a' && *text <= 'f')
                             || (*text >= 'A' && *text <= 'F')))
            return FALSE;
        out[count++] = *text >= 'A' && *text <= 'F' ? *text + 32 : *text;
    }
    out[count] = 0;
    return count == 32;
}

static HRESULT machine_key(BSTR key, char **ret)
{
    *ret = NULL;
    if (!key || !*key)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine, L"A configuration key is required.");
    if (!(*ret = utf8_from_wide(key))) return machine_error(VPCE_E_NOMEM);
    return S_OK;
}

/* Startup, TurnOff, Save, Reset: a task, or the state's error at once. */
static HRESULT machine_task(struct virtualmachine *vm,
                            enum vpce_status (*start)(const char *, const struct vpce_machine *,
                                                      struct vpce_task **),
                            const char *verb, IVMTask **ret)
{
    struct vpce_task *task;
    enum vpce_status status;
    char *description;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *ret = NULL;
    if (asprintf(&description, "%s virtual machine %s", verb, vpce_machine_name(vm->machine)) < 0)
        return machine_error(VPCE_E_NOMEM);
    status = start(description, vm->machine, &task);
    free(description);
    if (status) return machine_error(status);
    return task_create(task, ret);
}

/* The hard disks or DVD drives of the machine, as a collection. */
static HRESULT drive_collection(IVMVirtualMachine *iface, enum vpce_drive_type type, IDispatch **ret)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    IDispatch *items[VPCE_IDE_BUSES * VPCE_IDE_DEVICES];
    enum vpce_status status = VPCE_OK;
    struct vpce_drive drive;
    LONG count = 0, bus, device, i;
    HRESULT hr = S_OK;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *ret = NULL;
    for (bus = 0; bus < VPCE_IDE_BUSES && SUCCEEDED(hr) && !status; bus++)
    {
        for (device = 0; device < VPCE_IDE_DEVICES && SUCCEEDED(hr); device++)
        {
            status = vpce_machine_get_drive(vm->machine, bus, device, type, &drive);
            vpce_drive_clear(&drive);
            if (status == VPCE_E_DRIVE_INVALID)
            {
                status = VPCE_OK;
                continue;
            }
            if (status) break;
            if (type == VPCE_DRIVE_HARD_DISK)
                hr = harddiskconnection_create(iface, bus, device, (IVMHardDiskConnection **)&items[count]);
            else
                hr = dvddrive_create(iface, bus, device, (IVMDVDDrive **)&items[count]);
            if (SUCCEEDED(hr)) count++;
        }
    }
    if (status) hr = machine_error(status);
    if (SUCCEEDED(hr))
        hr = collection_create(type == VPCE_DRIVE_HARD_DISK ? IVMHardDiskConnectionCollection_tid
                               : IVMDVDDriveCollection_tid, items, count, ret);
    for (i = 0; i < count; i++) IDispatch_Release(items[i]);
    return hr;
}

/* A drive of another machine, or of another implementation, is not one of this machine. */
static HRESULT remove_drive(struct virtualmachine *vm, const struct drive_location *location,
                            enum vpce_drive_type type)
{
    enum vpce_status status;

    if (!location || !vpce_machine_same(location->machine, vm->machine))
        return machine_error(VPCE_E_DRIVE_INVALID);
    status = vpce_machine_remove_drive(vm->machine, location->bus, location->device, type);
    return status ? machine_error(status) : S_OK;
}

static HRESULT WINAPI virtualmachine_get_Accountant(IVMVirtualMachine *iface,
                                                    IVMAccountant **Accountant)
{
    TRACE("%p, %p.\n", iface, Accountant);

    if (!Accountant) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *Accountant = NULL;
    return accountant_create(iface, Accountant);
}

static HRESULT WINAPI virtualmachine_AddDVDROMDrive(IVMVirtualMachine *iface, LONG BusNumber,
                                                    LONG DeviceNumber, IVMDVDDrive **dvdDrive)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;

    TRACE("%p, %ld, %ld, %p.\n", iface, BusNumber, DeviceNumber, dvdDrive);

    if (!dvdDrive) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *dvdDrive = NULL;
    status = vpce_machine_add_dvd_drive(vm->machine, BusNumber, DeviceNumber);
    if (status == VPCE_E_INVALID_ARG)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine,
                         L"The bus number and device number must each be 0 or 1.");
    if (status) return machine_error(status);
    return dvddrive_create(iface, BusNumber, DeviceNumber, dvdDrive);
}

static HRESULT WINAPI virtualmachine_AddHardDiskConnection(IVMVirtualMachine *iface,
                                                           BSTR hardDiskPath, LONG BusNumber,
                                                           LONG DeviceNumber,
                                                           IVMHardDiskConnection **hardDiskConnection)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;
    char *unix_path;
    HRESULT hr;

    TRACE("%p, %s, %ld, %ld, %p.\n", iface, debugstr_w(hardDiskPath), BusNumber, DeviceNumber,
          hardDiskConnection);

    if (!hardDiskConnection) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *hardDiskConnection = NULL;
    if (!hardDiskPath)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine, L"The path of the hard disk is required.");
    if (FAILED(hr = unix_path_from_windows(hardDiskPath, &unix_path, &IID_IVMVirtualMachine))) return hr;
    status = vpce_machine_add_hard_disk(vm->machine, unix_path, BusNumber, DeviceNumber);
    free(unix_path);
    if (status == VPCE_E_INVALID_ARG)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine,
                         L"The bus number and device number must each be 0 or 1.");
    if (status) return machine_error(status);
    return harddiskconnection_create(iface, BusNumber, DeviceNumber, hardDiskConnection);
}

static HRESULT WINAPI virtualmachine_AddNetworkAdapter(IVMVirtualMachine *iface,
                                                       IVMNetworkAdapter **networkAdapter)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;
    int id;

    TRACE("%p, %p.\n", iface, networkAdapter);

    if (!networkAdapter) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *networkAdapter = NULL;
    status = vpce_machine_add_adapter(vm->machine, &id);
    if (status == VPCE_E_PREF_ILLEGAL_VALUE)
        return vpc_error(VM_E_PREF_ILLEGAL_VALUE, &IID_IVMVirtualMachine,
                         L"A virtual machine has at most four network adapters.");
    if (status) return machine_error(status);
    return networkadapter_create(iface, id, networkAdapter);
}

/* Gives a host USB device to the running machine, or takes it back. */
static HRESULT change_usb_device(struct virtualmachine *vm, IVMUSBDevice *usb, BOOL attach)
{
    const struct vpce_usb_device *device;
    enum vpce_status status;

    if (!usb) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    if (!(device = unsafe_usb_device(usb)))
        return machine_error(attach ? VPCE_E_USB_ATTACH_FAILED : VPCE_E_USB_DETACH_FAILED);
    status = attach ? vpce_machine_attach_usb(vm->machine, device) : vpce_machine_detach_usb(vm->machine, device);
    return status ? machine_error(status) : S_OK;
}

static HRESULT WINAPI virtualmachine_AttachUSBDevice(IVMVirtualMachine *iface,
                                                     IVMUSBDevice *inUSBDevice)
{
    TRACE("%p, %p.\n", iface, inUSBDevice);

    return change_usb_device(impl_from_IVMVirtualMachine(iface), inUSBDevice, TRUE);
}

static HRESULT WINAPI virtualmachine_get_AttachedDriveTypes(IVMVirtualMachine *iface,
                                                            VARIANT *driveTypes)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    SAFEARRAY *array;
    LONG i;

    TRACE("%p, %p.\n", iface, driveTypes);

    if (!driveTypes) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    /* a VMDriveType per IDE location: bus 0 device 0 and 1, then bus 1 */
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, 4))) return machine_error(VPCE_E_NOMEM);
    for (i = 0; i < 4; i++)
    {
        struct vpce_value value;
        char key[128];
        VARIANT item;

        snprintf(key, sizeof(key), "hardware/pci_bus/ide_adapter/ide_controller[@id=%ld]/location[@id=%ld]/drive_type",
                 i / 2, i % 2);
        V_VT(&item) = VT_I4;
        V_I4(&item) = vmDriveType_Null;
        if (!vpce_machine_get_value(vm->machine, key, &value) && value.type == VPCE_VALUE_INTEGER)
            V_I4(&item) = value.integer;
        vpce_value_clear(&value);
        SafeArrayPutElement(array, &i, &item);
    }
    VariantInit(driveTypes);
    V_VT(driveTypes) = VT_ARRAY | VT_VARIANT;
    V_ARRAY(driveTypes) = array;
    return S_OK;
}

static HRESULT WINAPI virtualmachine_get_BIOSGUID(IVMVirtualMachine *iface, BSTR *BIOSGUID)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_value value;
    enum vpce_status status;
    WCHAR text[40];
    const char *g;

    TRACE("%p, %p.\n", iface, BIOSGUID);

    if (!BIOSGUID) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    if ((status = vpce_machine_get_value(vm->machine, KEY_BIOS_GUID, &value))) return machine_error(status);
    g = value.string ? value.string : "";
    if (strlen(g) == 32)
    {
        /* as Windows writes GUIDs: {01234567-89AB-CDEF-0123-456789ABCDEF} */
        WCHAR *p = text;
        int i;

        *p++ = '{';
        for (i = 0; i < 32; i++)
        {
            if (i == 8 || i == 12 || i == 16 || i == 20) *p++ = '-';
            *p++ = g[i] >= 'a' && g[i] <= 'f' ? g[i] - 32 : g[i];
        }
        *p++ = '}';
        *p = 0;
        *BIOSGUID = SysAllocString(text);
    }
    else *BIOSGUID = bstr_from_utf8(g);
    vpce_value_clear(&value);
    return *BIOSGUID ? S_OK : machine_error(VPCE_E_NOMEM);
}

static HRESULT WINAPI virtualmachine_put_BIOSGUID(IVMVirtualMachine *iface, BSTR BIOSGUID)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    char guid[33];

    TRACE("%p, %s.\n", iface, debugstr_w(BIOSGUID));

    if (!guid_from_text(BIOSGUID, guid))
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine, L"The BIOS GUID must be a GUID.");
    return set_typed_value(vm, KEY_BIOS_GUID, VPCE_VALUE_STRING, 0, guid, TRUE);
}

static HRESULT WINAPI virtualmachine_get_BIOSSerialNumber(IVMVirtualMachine *iface,
                                                          BSTR *BIOSSerialNumber)
{
    TRACE("%p, %p.\n", iface, BIOSSerialNumber);

    return get_string_value(impl_from_IVMVirtualMachine(iface), KEY_BIOS_SERIAL, BIOSSerialNumber);
}

static HRESULT WINAPI virtualmachine_put_BIOSSerialNumber(IVMVirtualMachine *iface,
                                                          BSTR BIOSSerialNumber)
{
    TRACE("%p, %s.\n", iface, debugstr_w(BIOSSerialNumber));

    return set_smbios_value(impl_from_IVMVirtualMachine(iface), KEY_BIOS_SERIAL, BIOSSerialNumber);
}

static HRESULT WINAPI virtualmachine_get_BaseBoardSerialNumber(IVMVirtualMachine *iface,
                                                               BSTR *BaseBoardSerialNumber)
{
    TRACE("%p, %p.\n", iface, BaseBoardSerialNumber);

    return get_string_value(impl_from_IVMVirtualMachine(iface), KEY_BASE_BOARD_SERIAL, BaseBoardSerialNumber);
}

static HRESULT WINAPI virtualmachine_put_BaseBoardSerialNumber(IVMVirtualMachine *iface,
                                                               BSTR BaseBoardSerialNumber)
{
    TRACE("%p, %s.\n", iface, debugstr_w(BaseBoardSerialNumber));

    return set_smbios_value(impl_from_IVMVirtualMachine(iface), KEY_BASE_BOARD_SERIAL, BaseBoardSerialNumber);
}

static HRESULT WINAPI virtualmachine_get_ChassisAssetTag(IVMVirtualMachine *iface,
                                                         BSTR *ChassisAssetTag)
{
    TRACE("%p, %p.\n", iface, ChassisAssetTag);

    return get_string_value(impl_from_IVMVirtualMachine(iface), KEY_CHASSIS_ASSET_TAG, ChassisAssetTag);
}

static HRESULT WINAPI virtualmachine_put_ChassisAssetTag(IVMVirtualMachine *iface,
                                                         BSTR ChassisAssetTag)
{
    TRACE("%p, %s.\n", iface, debugstr_w(ChassisAssetTag));

    return set_smbios_value(impl_from_IVMVirtualMachine(iface), KEY_CHASSIS_ASSET_TAG, ChassisAssetTag);
}

static HRESULT WINAPI virtualmachine_get_ChassisSerialNumber(IVMVirtualMachine *iface,
                                                             BSTR *ChassisSerialNumber)
{
    TRACE("%p, %p.\n", iface, ChassisSerialNumber);

    return get_string_value(impl_from_IVMVirtualMachine(iface), KEY_CHASSIS_SERIAL, ChassisSerialNumber);
}

static HRESULT WINAPI virtualmachine_put_ChassisSerialNumber(IVMVirtualMachine *iface,
                                                             BSTR chasisSerialNumber)
{
    TRACE("%p, %s.\n", iface, debugstr_w(chasisSerialNumber));

    return set_smbios_value(impl_from_IVMVirtualMachine(iface), KEY_CHASSIS_SERIAL, chasisSerialNumber);
}

static HRESULT WINAPI virtualmachine_get_ConfigID(IVMVirtualMachine *iface,
                                                  BSTR *virtualMachineConfigID)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %p.\n", iface, virtualMachineConfigID);

    return get_string_value(vm, KEY_BIOS_GUID, virtualMachineConfigID);
}

static HRESULT WINAPI virtualmachine_get_DVDROMDrives(IVMVirtualMachine *iface,
                                                      IVMDVDDriveCollection **dvdROMCollection)
{
    TRACE("%p, %p.\n", iface, dvdROMCollection);

    return drive_collection(iface, VPCE_DRIVE_DVD, (IDispatch **)dvdROMCollection);
}

static HRESULT WINAPI virtualmachine_DetachUSBDevice(IVMVirtualMachine *iface,
                                                     IVMUSBDevice *inUSBDevice)
{
    TRACE("%p, %p.\n", iface, inUSBDevice);

    return change_usb_device(impl_from_IVMVirtualMachine(iface), inUSBDevice, FALSE);
}

static HRESULT WINAPI virtualmachine_DiscardSavedState(IVMVirtualMachine *iface)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;

    TRACE("%p.\n", iface);

    if ((status = vpce_machine_discard_saved_state(vm->machine))) return machine_error(status);
    return S_OK;
}

static HRESULT WINAPI virtualmachine_DiscardUndoDisks(IVMVirtualMachine *iface)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;

    TRACE("%p.\n", iface);

    status = vpce_machine_discard_undo_disks(vm->machine);
    return status ? machine_error(status) : S_OK;
}

static HRESULT WINAPI virtualmachine_get_Display(IVMVirtualMachine *iface, IVMDisplay **Display)
{
    TRACE("%p, %p.\n", iface, Display);

    if (!Display) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *Display = NULL;
    return display_create(iface, Display);
}

static HRESULT WINAPI virtualmachine_get_File(IVMVirtualMachine *iface, BSTR *virtualMachineXMLFile)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %p.\n", iface, virtualMachineXMLFile);

    return return_windows_path(vpce_machine_path(vm->machine), virtualMachineXMLFile, &IID_IVMVirtualMachine);
}

static HRESULT WINAPI virtualmachine_get_FloppyDrives(IVMVirtualMachine *iface,
                                                      IVMFloppyDriveCollection **floppyCollection)
{
    IVMFloppyDrive *floppy;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, floppyCollection);

    if (!floppyCollection) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *floppyCollection = NULL;
    /* the one drive every machine has */
    if (FAILED(hr = floppydrive_create(iface, &floppy))) return hr;
    hr = collection_create(IVMFloppyDriveCollection_tid, (IDispatch **)&floppy, 1, (IDispatch **)floppyCollection);
    IVMFloppyDrive_Release(floppy);
    return hr;
}

static HRESULT WINAPI virtualmachine_GetActivationValue(IVMVirtualMachine *iface,
                                                        BSTR activationKey,
                                                        VARIANT *activationValue)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_value value;
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(activationKey), activationValue);

    if (!activationValue) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    if (FAILED(hr = machine_key(activationKey, &key))) return hr;
    status = vpce_machine_get_activation(vm->machine, key, &value);
    free(key);
    if (status) return machine_error(status);
    hr = variant_from_value(&value, activationValue, &IID_IVMVirtualMachine);
    vpce_value_clear(&value);
    return hr;
}

static HRESULT WINAPI virtualmachine_GetConfigurationValue(IVMVirtualMachine *iface,
                                                           BSTR configurationKey,
                                                           VARIANT *configurationValue)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_value value;
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(configurationKey), configurationValue);

    if (!configurationValue) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    if (FAILED(hr = machine_key(configurationKey, &key))) return hr;
    status = vpce_machine_get_value(vm->machine, key, &value);
    free(key);
    if (status) return machine_error(status);
    hr = variant_from_value(&value, configurationValue, &IID_IVMVirtualMachine);
    vpce_value_clear(&value);
    return hr;
}

static HRESULT WINAPI virtualmachine_get_GuestOS(IVMVirtualMachine *iface, IVMGuestOS **GuestOS)
{
    if (!GuestOS) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    return guestos_create(iface, GuestOS);
}

static HRESULT WINAPI virtualmachine_get_HardDiskConnections(IVMVirtualMachine *iface,
                                                             IVMHardDiskConnectionCollection **hardDiskConnectionCollection)
{
    TRACE("%p, %p.\n", iface, hardDiskConnectionCollection);

    return drive_collection(iface, VPCE_DRIVE_HARD_DISK, (IDispatch **)hardDiskConnectionCollection);
}

static HRESULT WINAPI virtualmachine_get_Has3DNow(IVMVirtualMachine *iface,
                                                  VARIANT_BOOL *threeDNowEnabled)
{
    TRACE("%p, %p.\n", iface, threeDNowEnabled);

    return return_bool(vpce_host_cpu_has("3dnow"), threeDNowEnabled, &IID_IVMVirtualMachine);
}

static HRESULT WINAPI virtualmachine_get_HasMMX(IVMVirtualMachine *iface, VARIANT_BOOL *mmxEnabled)
{
    TRACE("%p, %p.\n", iface, mmxEnabled);

    return return_bool(vpce_host_cpu_has("mmx"), mmxEnabled, &IID_IVMVirtualMachine);
}

static HRESULT WINAPI virtualmachine_get_HasSSE(IVMVirtualMachine *iface, VARIANT_BOOL *sseEnabled)
{
    TRACE("%p, %p.\n", iface, sseEnabled);

    return return_bool(vpce_host_cpu_has("sse"), sseEnabled, &IID_IVMVirtualMachine);
}

static HRESULT WINAPI virtualmachine_get_HasSSE2(IVMVirtualMachine *iface,
                                                 VARIANT_BOOL *sse2Enabled)
{
    TRACE("%p, %p.\n", iface, sse2Enabled);

    return return_bool(vpce_host_cpu_has("sse2"), sse2Enabled, &IID_IVMVirtualMachine);
}

static HRESULT WINAPI virtualmachine_get_Keyboard(IVMVirtualMachine *iface, IVMKeyboard **Keyboard)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_vm_state state;
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, Keyboard);

    if (!Keyboard) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *Keyboard = NULL;
    /* VM_E_VM_UNKNOWN once the machine is gone; any state has a keyboard object */
    if ((status = vpce_machine_get_state(vm->machine, &state))) return machine_error(status);
    return keyboard_create(iface, Keyboard);
}

static HRESULT WINAPI virtualmachine_get_Memory(IVMVirtualMachine *iface, LONG *megabytesOfMemory)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_value value;
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    if (!megabytesOfMemory) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    if ((status = vpce_machine_get_value(vm->machine, KEY_MEMORY, &value))) return machine_error(status);
    *megabytesOfMemory = value.integer;
    vpce_value_clear(&value);
    return S_OK;
}

static HRESULT WINAPI virtualmachine_put_Memory(IVMVirtualMachine *iface, LONG megabytesOfMemory)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    const struct vpce_limits *limits = vpce_get_limits();
    struct vpce_value value = { VPCE_VALUE_INTEGER, megabytesOfMemory, NULL };
    enum vpce_status status;

    TRACE("%p, %ld.\n", iface, megabytesOfMemory);

    if (megabytesOfMemory < limits->min_memory_mb || megabytesOfMemory > limits->max_memory_mb)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine, L"The memory must be 4 to 3712 MB.");
    if ((status = vpce_machine_set_value(vm->machine, KEY_MEMORY, &value, TRUE))) return machine_error(status);
    return S_OK;
}

static HRESULT WINAPI virtualmachine_MergeUndoDisks(IVMVirtualMachine *iface,
                                                    IVMTask **undoMergeTask)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_task *task;
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, undoMergeTask);

    if (!undoMergeTask) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    *undoMergeTask = NULL;
    status = vpce_machine_merge_undo_disks("Merging undo disks", vm->machine, &task);
    /* the reference's code for a disk another process holds */
    if (status == VPCE_E_SHARING_VIOLATION)
        return vpc_error(E_HANDLE, &IID_IVMVirtualMachine, L"An undo disk or its parent is in use.");
    if (status) return machine_error(status);
    return task_create(task, undoMergeTask);
}

static HRESULT WINAPI virtualmachine_get_Mouse(IVMVirtualMachine *iface, IVMMouse **Mouse)
{
    if (!Mouse) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    return mouse_create(iface, Mouse);
}

static HRESULT WINAPI virtualmachine_get_Name(IVMVirtualMachine *iface, BSTR *virtualMachineName)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %p.\n", iface, virtualMachineName);

    return return_string(vpce_machine_name(vm->machine), virtualMachineName, &IID_IVMVirtualMachine);
}

static HRESULT WINAPI virtualmachine_put_Name(IVMVirtualMachine *iface, BSTR virtualMachineName)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;
    char *name;

    TRACE("%p, %s.\n", iface, debugstr_w(virtualMachineName));

    if (!(name = utf8_from_wide(virtualMachineName))) return machine_error(VPCE_E_NOMEM);
    events_lock();
    status = vpce_machine_rename(vm->machine, name);
    events_unlock();
    free(name);
    return status ? machine_error(status) : S_OK;
}

static HRESULT WINAPI virtualmachine_get_NetworkAdapters(IVMVirtualMachine *iface,
                                                         IVMNetworkAdapterCollection **networkAdapterCollection)
{
    TRACE("%p, %p.\n", iface, networkAdapterCollection);

    if (!networkAdapterCollection) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    return networkadapter_collection(iface, networkAdapterCollection);
}

static HRESULT WINAPI virtualmachine_get_Notes(IVMVirtualMachine *iface, BSTR *virtualMachineNotes)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %p.\n", iface, virtualMachineNotes);

    return get_string_value(vm, KEY_NOTES, virtualMachineNotes);
}

static HRESULT WINAPI virtualmachine_put_Notes(IVMVirtualMachine *iface, BSTR virtualMachineNotes)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %s.\n", iface, debugstr_w(virtualMachineNotes));

    return set_string_value(vm, KEY_NOTES, virtualMachineNotes);
}

static HRESULT WINAPI virtualmachine_get_ParallelPorts(IVMVirtualMachine *iface,
                                                       IVMParallelPortCollection **parallelPortCollection)
{
    TRACE("%p, %p.\n", iface, parallelPortCollection);

    if (!parallelPortCollection) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    return port_collection_create(iface, FALSE, (IDispatch **)parallelPortCollection);
}

static HRESULT WINAPI virtualmachine_Pause(IVMVirtualMachine *iface)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;

    TRACE("%p.\n", iface);

    if ((status = vpce_machine_pause(vm->machine))) return machine_error(status);
    return S_OK;
}

static HRESULT WINAPI virtualmachine_get_ProcessorSpeed(IVMVirtualMachine *iface,
                                                        LONG *ProcessorSpeed)
{
    TRACE("%p, %p.\n", iface, ProcessorSpeed);

    /* the guest runs on the host's processor */
    return return_long(vpce_host_cpu_mhz(), ProcessorSpeed, &IID_IVMVirtualMachine);
}

static HRESULT WINAPI virtualmachine_get_RdpPipeName(IVMVirtualMachine *iface, BSTR *RdpPipeName)
{
    return vpc_not_implemented(&IID_IVMVirtualMachine, "IVMVirtualMachine::RdpPipeName (get)");
}

static HRESULT WINAPI virtualmachine_RemoveActivationValue(IVMVirtualMachine *iface,
                                                           BSTR activationKey)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(activationKey));

    if (FAILED(hr = machine_key(activationKey, &key))) return hr;
    status = vpce_machine_remove_activation(vm->machine, key);
    free(key);
    return status ? machine_error(status) : S_OK;
}

static HRESULT WINAPI virtualmachine_RemoveConfigurationValue(IVMVirtualMachine *iface,
                                                              BSTR configurationKey)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(configurationKey));

    if (FAILED(hr = machine_key(configurationKey, &key))) return hr;
    status = vpce_machine_remove_value(vm->machine, key);
    free(key);
    return status ? machine_error(status) : S_OK;
}

static HRESULT WINAPI virtualmachine_RemoveDVDROMDrive(IVMVirtualMachine *iface,
                                                       IVMDVDDrive *dvdDrive)
{
    TRACE("%p, %p.\n", iface, dvdDrive);

    if (!dvdDrive) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    return remove_drive(impl_from_IVMVirtualMachine(iface), unsafe_dvddrive_location(dvdDrive),
                        VPCE_DRIVE_DVD);
}

static HRESULT WINAPI virtualmachine_RemoveHardDiskConnection(IVMVirtualMachine *iface,
                                                              IVMHardDiskConnection *hardDiskConnection)
{
    TRACE("%p, %p.\n", iface, hardDiskConnection);

    if (!hardDiskConnection) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    return remove_drive(impl_from_IVMVirtualMachine(iface),
                        unsafe_harddiskconnection_location(hardDiskConnection), VPCE_DRIVE_HARD_DISK);
}

static HRESULT WINAPI virtualmachine_RemoveNetworkAdapter(IVMVirtualMachine *iface,
                                                          IVMNetworkAdapter *networkAdapter)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_machine *machine;
    enum vpce_status status;
    LONG id;

    TRACE("%p, %p.\n", iface, networkAdapter);

    if (!networkAdapter) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    /* an adapter of another machine, or of another implementation, is not one of this machine */
    if (!unsafe_networkadapter_location(networkAdapter, &machine, &id) || !vpce_machine_same(machine, vm->machine))
        return machine_error(VPCE_E_ADAPTER_NOT_FOUND);
    status = vpce_machine_remove_adapter(vm->machine, id);
    return status ? machine_error(status) : S_OK;
}

static HRESULT WINAPI virtualmachine_Reset(IVMVirtualMachine *iface, IVMTask **resetTask)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %p.\n", iface, resetTask);

    return machine_task(vm, vpce_machine_reset, "Resetting", resetTask);
}

static HRESULT WINAPI virtualmachine_Resume(IVMVirtualMachine *iface)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_status status;

    TRACE("%p.\n", iface);

    if ((status = vpce_machine_resume(vm->machine))) return machine_error(status);
    return S_OK;
}

static HRESULT WINAPI virtualmachine_Save(IVMVirtualMachine *iface, IVMTask **saveTask)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %p.\n", iface, saveTask);

    return machine_task(vm, vpce_machine_save, "Saving the state of", saveTask);
}

static HRESULT WINAPI virtualmachine_get_SavedStateFilePath(IVMVirtualMachine *iface,
                                                            BSTR *SavedStateFilePath)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_vm_state state;
    enum vpce_status status;
    char *path;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, SavedStateFilePath);

    if (!SavedStateFilePath) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    if ((status = vpce_machine_get_state(vm->machine, &state))) return machine_error(status);
    if (state != VPCE_VM_SAVED) return machine_error(VPCE_E_VM_NO_SAVED_STATE);
    if (!(path = vpce_machine_saved_state_path(vm->machine))) return machine_error(VPCE_E_NOMEM);
    hr = return_windows_path(path, SavedStateFilePath, &IID_IVMVirtualMachine);
    free(path);
    return hr;
}

static HRESULT WINAPI virtualmachine_get_SerialPorts(IVMVirtualMachine *iface,
                                                     IVMSerialPortCollection **serialPortCollection)
{
    TRACE("%p, %p.\n", iface, serialPortCollection);

    if (!serialPortCollection) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    return port_collection_create(iface, TRUE, (IDispatch **)serialPortCollection);
}

static HRESULT WINAPI virtualmachine_SetActivationValue(IVMVirtualMachine *iface,
                                                        BSTR activationKey, VARIANT activationValue)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_value value;
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s, %s.\n", iface, debugstr_w(activationKey), debugstr_variant(&activationValue));

    if (FAILED(hr = machine_key(activationKey, &key))) return hr;
    if (SUCCEEDED(hr = value_from_variant(&activationValue, &value, &IID_IVMVirtualMachine)))
    {
        status = vpce_machine_set_activation(vm->machine, key, &value);
        vpce_value_clear(&value);
        if (status) hr = machine_error(status);
    }
    free(key);
    return hr;
}

static HRESULT WINAPI virtualmachine_SetConfigurationValue(IVMVirtualMachine *iface,
                                                           BSTR configurationKey,
                                                           VARIANT configurationValue)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_value value;
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s, %s.\n", iface, debugstr_w(configurationKey), debugstr_variant(&configurationValue));

    if (FAILED(hr = machine_key(configurationKey, &key))) return hr;
    if (SUCCEEDED(hr = value_from_variant(&configurationValue, &value, &IID_IVMVirtualMachine)))
    {
        status = vpce_machine_set_value(vm->machine, key, &value, FALSE);
        vpce_value_clear(&value);
        if (status) hr = machine_error(status);
    }
    free(key);
    return hr;
}

static HRESULT WINAPI virtualmachine_get_ShutdownActionOnQuit(IVMVirtualMachine *iface,
                                                              VMShutdownAction *shutdownAction)
{
    TRACE("%p, %p.\n", iface, shutdownAction);

    return get_long_value(impl_from_IVMVirtualMachine(iface), KEY_SHUTDOWN_ACTION,
                          vmShutdownAction_Save, (LONG *)shutdownAction);
}

static HRESULT WINAPI virtualmachine_put_ShutdownActionOnQuit(IVMVirtualMachine *iface,
                                                              VMShutdownAction shutdownAction)
{
    TRACE("%p, %d.\n", iface, shutdownAction);

    if (shutdownAction < vmShutdownAction_Save || shutdownAction > vmShutdownAction_Shutdown)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine, L"Unknown shutdown action.");
    return set_typed_value(impl_from_IVMVirtualMachine(iface), KEY_SHUTDOWN_ACTION, VPCE_VALUE_INTEGER,
                           shutdownAction, NULL, FALSE);
}

static HRESULT WINAPI virtualmachine_StartCommunicationChannel(IVMVirtualMachine *iface,
                                                               VMEndpointType inHostEndpointType,
                                                               BSTR inHostEndPointName,
                                                               VMEndpointType inGuestEndpointType,
                                                               BSTR inGuestEndpointName)
{
    return vpc_not_implemented(&IID_IVMVirtualMachine, "IVMVirtualMachine::StartCommunicationChannel");
}

static HRESULT WINAPI virtualmachine_Startup(IVMVirtualMachine *iface, IVMTask **startupTask)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %p.\n", iface, startupTask);

    return machine_task(vm, vpce_machine_startup, "Starting", startupTask);
}

static HRESULT WINAPI virtualmachine_Startup2(IVMVirtualMachine *iface,
                                              VMStartupOption startupOption, IVMTask **startupTask)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %d, %p.\n", iface, startupOption, startupTask);

    if (startupOption != vmStartupOption_Normal && startupOption != vmStartupOption_FixParentTimestampMismatch)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine, L"Unknown startup option.");
    if (startupOption == vmStartupOption_Normal)
        return machine_task(vm, vpce_machine_startup, "Starting", startupTask);
    return machine_task(vm, vpce_machine_startup_fixing_parents, "Starting", startupTask);
}

static HRESULT WINAPI virtualmachine_get_State(IVMVirtualMachine *iface,
                                               VMVMState *virtualMachineState)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    enum vpce_vm_state state;
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, virtualMachineState);

    if (!virtualMachineState) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    if ((status = vpce_machine_get_state(vm->machine, &state))) return machine_error(status);
    *virtualMachineState = (VMVMState)state;
    return S_OK;
}

static HRESULT WINAPI virtualmachine_TurnOff(IVMVirtualMachine *iface, IVMTask **turnOffTask)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);

    TRACE("%p, %p.\n", iface, turnOffTask);

    return machine_task(vm, vpce_machine_turn_off, "Turning off", turnOffTask);
}

static HRESULT WINAPI virtualmachine_get_UndoAction(IVMVirtualMachine *iface,
                                                    VMUndoAction *UndoAction)
{
    TRACE("%p, %p.\n", iface, UndoAction);

    return get_long_value(impl_from_IVMVirtualMachine(iface), KEY_UNDO_ACTION, vmUndoAction_Keep,
                          (LONG *)UndoAction);
}

static HRESULT WINAPI virtualmachine_put_UndoAction(IVMVirtualMachine *iface,
                                                    VMUndoAction UndoAction)
{
    TRACE("%p, %d.\n", iface, UndoAction);

    if (UndoAction < vmUndoAction_Discard || UndoAction > vmUndoAction_Commit)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualMachine, L"Unknown undo action.");
    return set_typed_value(impl_from_IVMVirtualMachine(iface), KEY_UNDO_ACTION, VPCE_VALUE_INTEGER,
                           UndoAction, NULL, FALSE);
}

static HRESULT WINAPI virtualmachine_get_Undoable(IVMVirtualMachine *iface,
                                                  VARIANT_BOOL *isUndoable)
{
    struct virtualmachine *vm = impl_from_IVMVirtualMachine(iface);
    struct vpce_value value;
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, isUndoable);

    if (!isUndoable) return vpc_error(E_POINTER, &IID_IVMVirtualMachine, L"NULL pointer.");
    status = vpce_machine_get_value(vm->machine, KEY_UNDOABLE, &value);
    if (status && status != VPCE_E_PREF_NOT_FOUND) return machine_error(status);
    *isUndoable = !status && value.integer ? VARIANT_TRUE : VARIANT_FALSE;
    vpce_value_clear(&value);
    return S_OK;
}

static HRESULT WINAPI virtualmachine_put_Undoable(IVMVirtualMachine *iface, VARIANT_BOOL enableUndo)
{
    enum vpce_status status;

    TRACE("%p, %d.\n", iface, enableUndo);

    status = vpce_machine_set_undoable(impl_from_IVMVirtualMachine(iface)->machine, enableUndo != VARIANT_FALSE);
    return status ? machine_error(status) : S_OK;
}

static const IVMVirtualMachineVtbl virtualmachine_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(virtualmachine),
    virtualmachine_get_Accountant,
    virtualmachine_AddDVDROMDrive,
    virtualmachine_AddHardDiskConnection,
    virtualmachine_AddNetworkAdapter,
    virtualmachine_AttachUSBDevice,
    virtualmachine_get_AttachedDriveTypes,
    virtualmachine_get_BIOSGUID,
    virtualmachine_put_BIOSGUID,
    virtualmachine_get_BIOSSerialNumber,
    virtualmachine_put_BIOSSerialNumber,
    virtualmachine_get_BaseBoardSerialNumber,
    virtualmachine_put_BaseBoardSerialNumber,
    virtualmachine_get_ChassisAssetTag,
    virtualmachine_put_ChassisAssetTag,
    virtualmachine_get_ChassisSerialNumber,
    virtualmachine_put_ChassisSerialNumber,
    virtualmachine_get_ConfigID,
    virtualmachine_get_DVDROMDrives,
    virtualmachine_DetachUSBDevice,
    virtualmachine_DiscardSavedState,
    virtualmachine_DiscardUndoDisks,
    virtualmachine_get_Display,
    virtualmachine_get_File,
    virtualmachine_get_FloppyDrives,
    virtualmachine_GetActivationValue,
    virtualmachine_GetConfigurationValue,
    virtualmachine_get_GuestOS,
    virtualmachine_get_HardDiskConnections,
    virtualmachine_get_Has3DNow,
    virtualmachine_get_HasMMX,
    virtualmachine_get_HasSSE,
    virtualmachine_get_HasSSE2,
    virtualmachine_get_Keyboard,
    virtualmachine_get_Memory,
    virtualmachine_put_Memory,
    virtualmachine_MergeUndoDisks,
    virtualmachine_get_Mouse,
    virtualmachine_get_Name,
    virtualmachine_put_Name,
    virtualmachine_get_NetworkAdapters,
    virtualmachine_get_Notes,
    virtualmachine_put_Notes,
    virtualmachine_get_ParallelPorts,
    virtualmachine_Pause,
    virtualmachine_get_ProcessorSpeed,
    virtualmachine_get_RdpPipeName,
    virtualmachine_RemoveActivationValue,
    virtualmachine_RemoveConfigurationValue,
    virtualmachine_RemoveDVDROMDrive,
    virtualmachine_RemoveHardDiskConnection,
    virtualmachine_RemoveNetworkAdapter,
    virtualmachine_Reset,
    virtualmachine_Resume,
    virtualmachine_Save,
    virtualmachine_get_SavedStateFilePath,
    virtualmachine_get_SerialPorts,
    virtualmachine_SetActivationValue,
    virtualmachine_SetConfigurationValue,
    virtualmachine_get_ShutdownActionOnQuit,
    virtualmachine_put_ShutdownActionOnQuit,
    virtualmachine_StartCommunicationChannel,
    virtualmachine_Startup,
    virtualmachine_Startup2,
    virtualmachine_get_State,
    virtualmachine_TurnOff,
    virtualmachine_get_UndoAction,
    virtualmachine_put_UndoAction,
    virtualmachine_get_Undoable,
    virtualmachine_put_Undoable
};

/* Only this DLL's machines: another implementation has no .vmc to use. */
struct vpce_machine *unsafe_machine_from_IVMVirtualMachine(IVMVirtualMachine *iface)
{
    if (!iface || iface->lpVtbl != &virtualmachine_vtbl) return NULL;
    return impl_from_IVMVirtualMachine(iface)->machine;
}

static void virtualmachine_destroy(struct vpc_object *object)
{
    struct virtualmachine *vm = CONTAINING_RECORD(object, struct virtualmachine, base);

    event_source_cleanup(&vm->events);
    vpce_machine_close(vm->machine);
    free(vm);
}

static HRESULT virtualmachine_query_interface(struct vpc_object *object, REFIID riid, void **obj)
{
    return event_source_query_interface(&CONTAINING_RECORD(object, struct virtualmachine, base)->events,
                                        riid, obj);
}

static const struct vpc_object_funcs virtualmachine_funcs =
{
    virtualmachine_destroy,
    virtualmachine_query_interface,
};

HRESULT virtualmachine_create(const char *vmc_path, IVMVirtualMachine **ret)
{
    struct virtualmachine *vm;
    enum vpce_status status;

    if (!(vm = calloc(1, sizeof(*vm)))) return machine_error(VPCE_E_NOMEM);
    if ((status = vpce_machine_open(vmc_path, &vm->machine)))
    {
        free(vm);
        return machine_error(status);
    }
    vpc_object_init(&vm->base, &virtualmachine_vtbl, IVMVirtualMachine_tid, &virtualmachine_funcs);
    event_source_init(&vm->events, &vm->base, IVMVirtualMachineEvents_tid, vm->machine, NULL);
    *ret = (IVMVirtualMachine *)&vm->base.IDispatch_iface;
    return S_OK;
}
