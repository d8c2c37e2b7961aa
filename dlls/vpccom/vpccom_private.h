/*
 * vpccom: Windows Virtual PC automation objects
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __VPCCOM_PRIVATE_H
#define __VPCCOM_PRIVATE_H

#include <stdarg.h>

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "ole2.h"
#include "olectl.h"
#include "vpccominterfaces.h"

#include "vpcengine.h"

/* Every interface of the type library, in the IDL's order. */
#define VPC_INTERFACES(X) \
    X(IVMAccountant) X(IVMDVDDrive) X(IVMDVDDriveCollection) X(IVMDVDDriveEvents) \
    X(IVMDisplay) X(IVMFloppyDrive) X(IVMFloppyDriveCollection) X(IVMFloppyDriveEvents) \
    X(IVMGuestOS) X(IVMHardDisk) X(IVMHardDiskConnection) X(IVMHardDiskConnectionCollection) \
    X(IVMHostInfo) X(IVMKeyboard) X(IVMMouse) X(IVMNetworkAdapter) \
    X(IVMNetworkAdapterCollection) X(IVMParallelPort) X(IVMParallelPortCollection) \
    X(IVMSerialPort) X(IVMSerialPortCollection) X(IVMTask) X(IVMTaskCollection) \
    X(IVMUSBDevice) X(IVMUSBDeviceCollection) X(IVMVirtualMachine) \
    X(IVMVirtualMachineCollection) X(IVMVirtualMachineEvents) X(IVMVirtualNetwork) \
    X(IVMVirtualNetworkCollection) X(IVMVirtualPC) X(IVMVirtualPCEvents)

typedef enum tid_t
{
    NULL_tid,
#define VPC_TID_ENTRY(iface) iface##_tid,
    VPC_INTERFACES(VPC_TID_ENTRY)
#undef VPC_TID_ENTRY
    LAST_tid
} tid_t;

HRESULT get_typeinfo(tid_t tid, ITypeInfo **typeinfo);
REFIID get_tid_iid(tid_t tid);
/* The DISPID of one member name; E_FAIL when the name is not plain ASCII. */
HRESULT get_dispid(tid_t tid, ITypeInfo *typeinfo, const WCHAR *name, DISPID *dispid);
void release_typelib(void);

/* The part every automation object shares: reference count, IDispatch on
 * the type library, ISupportErrorInfo.  The object's dual interface comes
 * first, so the object's own interface pointer is &IDispatch_iface. */
struct vpc_object;

struct vpc_object_funcs
{
    void (*destroy)(struct vpc_object *object);
    /* optional: interfaces beyond IUnknown, IDispatch, the dual interface
     * and ISupportErrorInfo; return E_NOINTERFACE when not supported */
    HRESULT (*query_interface)(struct vpc_object *object, REFIID riid, void **obj);
};

struct vpc_object
{
    IDispatch IDispatch_iface;
    ISupportErrorInfo ISupportErrorInfo_iface;
    LONG ref;
    tid_t tid;
    const struct vpc_object_funcs *funcs;
};

void vpc_object_init(struct vpc_object *object, const void *vtbl, tid_t tid,
                     const struct vpc_object_funcs *funcs);

HRESULT WINAPI vpc_object_QueryInterface(IDispatch *iface, REFIID riid, void **obj);
ULONG WINAPI vpc_object_AddRef(IDispatch *iface);
ULONG WINAPI vpc_object_Release(IDispatch *iface);
HRESULT WINAPI vpc_object_GetTypeInfoCount(IDispatch *iface, UINT *count);
HRESULT WINAPI vpc_object_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **ti);
HRESULT WINAPI vpc_object_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names,
                                        UINT count, LCID lcid, DISPID *dispid);
HRESULT WINAPI vpc_object_Invoke(IDispatch *iface, DISPID dispid, REFIID riid, LCID lcid,
                                 WORD flags, DISPPARAMS *params, VARIANT *result,
                                 EXCEPINFO *excepinfo, UINT *argerr);

/* The IUnknown and IDispatch part of the vtable of a dual interface
 * "type", as functions prefix_QueryInterface ... prefix_Invoke forwarding
 * to the shared implementation. */
#define DEFINE_VPC_DISPATCH(prefix, type) \
    static HRESULT WINAPI prefix##_QueryInterface(type *iface, REFIID riid, void **obj) \
    { return vpc_object_QueryInterface((IDispatch *)iface, riid, obj); } \
    static ULONG WINAPI prefix##_AddRef(type *iface) \
    { return vpc_object_AddRef((IDispatch *)iface); } \
    static ULONG WINAPI prefix##_Release(type *iface) \
    { return vpc_object_Release((IDispatch *)iface); } \
    static HRESULT WINAPI prefix##_GetTypeInfoCount(type *iface, UINT *count) \
    { return vpc_object_GetTypeInfoCount((IDispatch *)iface, count); } \
    static HRESULT WINAPI prefix##_GetTypeInfo(type *iface, UINT index, LCID lcid, ITypeInfo **ti) \
    { return vpc_object_GetTypeInfo((IDispatch *)iface, index, lcid, ti); } \
    static HRESULT WINAPI prefix##_GetIDsOfNames(type *iface, REFIID riid, LPOLESTR *names, \
                                                 UINT count, LCID lcid, DISPID *dispid) \
    { return vpc_object_GetIDsOfNames((IDispatch *)iface, riid, names, count, lcid, dispid); } \
    static HRESULT WINAPI prefix##_Invoke(type *iface, DISPID dispid, REFIID riid, LCID lcid, \
                                          WORD flags, DISPPARAMS *params, VARIANT *result, \
                                          EXCEPINFO *excepinfo, UINT *argerr) \
    { return vpc_object_Invoke((IDispatch *)iface, dispid, riid, lcid, flags, params, result, \
                               excepinfo, argerr); }

#define VPC_DISPATCH_VTBL_ENTRIES(prefix) \
    prefix##_QueryInterface, prefix##_AddRef, prefix##_Release, prefix##_GetTypeInfoCount, \
    prefix##_GetTypeInfo, prefix##_GetIDsOfNames, prefix##_Invoke

/* Errors: every failure returned to a client goes through these, so that
 * IErrorInfo always describes it (Err.Description in scripts). */
HRESULT vpc_error(HRESULT hr, REFIID iid, const WCHAR *description);
HRESULT vpc_engine_error(enum vpce_status status, REFIID iid);
HRESULT vpc_hresult_from_status(enum vpce_status status);
HRESULT vpc_not_implemented(REFIID iid, const char *member);

/* Strings and paths */
BSTR bstr_from_utf8(const char *str);
char *utf8_from_wide(const WCHAR *str);  /* malloc()ed; NULL is "" */
WCHAR *wcsdup_bstr(const WCHAR *str);    /* malloc()ed copy (glibc's wcsdup is not for WCHAR) */
/* Checks a Windows path as the API documents (absolute, shorter than 260
 * characters, no forbidden character) and gives its Unix name, which may
 * name folders that do not exist yet. */
HRESULT unix_path_from_windows(const WCHAR *path, char **unix_path, REFIID iid);

/* Property getters: E_POINTER for a NULL out pointer, with error info for
 * the interface iid; return_string fails with E_OUTOFMEMORY on NULL. */
HRESULT return_string(const char *value, BSTR *ret, REFIID iid);
HRESULT return_long(LONG value, LONG *ret, REFIID iid);
HRESULT return_bool(BOOL value, VARIANT_BOOL *ret, REFIID iid);

/* Collections: a snapshot of automation objects, 1-based, enumerable. */
HRESULT collection_create(tid_t tid, IDispatch **items, LONG count, IDispatch **collection);

/* Objects */
HRESULT VMVirtualPC_create(REFIID riid, void **obj);
/* Takes over the caller's reference on the engine task. */
HRESULT task_create(struct vpce_task *engine_task, IVMTask **task);
HRESULT task_collection_create(IVMTaskCollection **collection);
HRESULT harddisk_create(const WCHAR *file, const char *unix_path, IVMHardDisk **disk);
struct harddisk *unsafe_harddisk_from_IVMHardDisk(IVMHardDisk *iface);
/* Hard disk connections and DVD drives: a location of a machine, whose
 * object they hold (so they follow a rename). */
struct drive_location
{
    IVMVirtualMachine *vm;
    struct vpce_machine *machine;   /* the engine's, owned by vm */
    LONG bus, device;
};

void drive_location_init(struct drive_location *location, IVMVirtualMachine *vm, LONG bus, LONG device);
void drive_location_cleanup(struct drive_location *location);
HRESULT drive_location_get(const struct drive_location *location, enum vpce_drive_type type,
                           struct vpce_drive *drive, REFIID iid);
HRESULT drive_location_return(const struct drive_location *location, enum vpce_drive_type type, LONG value,
                              LONG *ret, REFIID iid);
HRESULT drive_location_move(struct drive_location *location, enum vpce_drive_type type, LONG bus,
                            LONG device, REFIID iid);
HRESULT return_windows_path(const char *unix_path, BSTR *ret, REFIID iid);
/* The media of DVD and floppy drives (iid: the drive's interface) */
HRESULT media_attach_host_drive(const struct drive_location *location, const WCHAR *letter, REFIID iid);
HRESULT media_attach_image(const struct drive_location *location, const WCHAR *path, REFIID iid);
HRESULT media_attachment(const struct drive_location *location, enum vpce_drive_type type, LONG *ret,
                         REFIID iid);
HRESULT media_host_drive_letter(const struct drive_location *location, enum vpce_drive_type type, BSTR *ret,
                                REFIID iid);
HRESULT media_image_file(const struct drive_location *location, enum vpce_drive_type type, BSTR *ret,
                         REFIID iid);
HRESULT media_release(const struct drive_location *location, BOOL host_drive, REFIID iid);

HRESULT harddiskconnection_create(IVMVirtualMachine *vm, LONG bus, LONG device,
                                  IVMHardDiskConnection **connection);
const struct drive_location *unsafe_harddiskconnection_location(IVMHardDiskConnection *iface);
HRESULT dvddrive_create(IVMVirtualMachine *vm, LONG bus, LONG device, IVMDVDDrive **drive);
const struct drive_location *unsafe_dvddrive_location(IVMDVDDrive *iface);
HRESULT floppydrive_create(IVMVirtualMachine *vm, IVMFloppyDrive **drive);
HRESULT usbdevice_collection_create(IVMUSBDeviceCollection **collection);
const struct vpce_usb_device *unsafe_usb_device(IVMUSBDevice *iface);
/* The machine's serial ports (serial) or parallel port, as a collection. */
HRESULT port_collection_create(IVMVirtualMachine *vm, BOOL serial, IDispatch **collection);
HRESULT hostinfo_create(IVMHostInfo **info);
/* The guest and the input devices of a machine, whose object they hold. */
HRESULT guestos_create(IVMVirtualMachine *vm, IVMGuestOS **ret);
HRESULT mouse_create(IVMVirtualMachine *vm, IVMMouse **ret);
/* Network adapters: number id (0 to 3) of a machine, whose object they hold. */
HRESULT networkadapter_create(IVMVirtualMachine *vm, LONG id, IVMNetworkAdapter **adapter);
BOOL unsafe_networkadapter_location(IVMNetworkAdapter *iface, struct vpce_machine **machine, LONG *id);
HRESULT networkadapter_collection(IVMVirtualMachine *vm, IVMNetworkAdapterCollection **collection);
/* The adapters of the registered machines on a network; NULL network:
 * those on none (or on one the host no longer has). */
HRESULT networkadapters_of_network(const struct vpce_network *network, IVMNetworkAdapterCollection **collection,
                                   REFIID iid);
HRESULT virtualnetwork_create(const struct vpce_network *network, IVMVirtualNetwork **ret);
const struct vpce_network *unsafe_virtualnetwork(IVMVirtualNetwork *iface);
HRESULT virtualnetwork_collection(IVMVirtualNetworkCollection **collection);
/* S_FALSE and NULL for an unknown name. */
HRESULT virtualnetwork_find(const WCHAR *name, IVMVirtualNetwork **network);

/* The keyboard of a machine, whose object it holds. */
HRESULT keyboard_create(IVMVirtualMachine *vm, IVMKeyboard **keyboard);
HRESULT virtualmachine_create(const char *vmc_path, IVMVirtualMachine **machine);
struct vpce_machine *unsafe_machine_from_IVMVirtualMachine(IVMVirtualMachine *iface);

/* The display and the accountant of a machine, whose object they hold
 * (VM_E_VM_UNKNOWN when its .vmc is gone). */
HRESULT display_create(IVMVirtualMachine *vm, IVMDisplay **display);
HRESULT accountant_create(IVMVirtualMachine *vm, IVMAccountant **accountant);

/* Configuration values and VARIANTs (VT_I4, VT_BOOL, VT_BSTR, VT_ARRAY|VT_UI1) */
HRESULT variant_from_value(const struct vpce_value *value, VARIANT *variant, REFIID iid);
HRESULT value_from_variant(const VARIANT *variant, struct vpce_value *value, REFIID iid);

/* Events (events.c): the connection point container of an object whose
 * events are the interface tid: the application (every machine's state),
 * a machine (machine: its own), a drive (location: its machine and place;
 * a floppy drive at VPCE_FLOPPY_BUS).  The object's query_interface gives
 * IConnectionPointContainer and IProvideClassInfo(2) through
 * event_source_query_interface; its destroy calls event_source_cleanup. */
struct event_source
{
    IConnectionPointContainer IConnectionPointContainer_iface;
    IConnectionPoint IConnectionPoint_iface;
    IProvideClassInfo2 IProvideClassInfo2_iface;
    struct vpc_object *object;
    tid_t tid;
    struct vpce_machine *machine;
    const struct drive_location *location;
    DWORD last_cookie;
};

void event_source_init(struct event_source *source, struct vpc_object *object, tid_t tid,
                       struct vpce_machine *machine, const struct drive_location *location);
HRESULT event_source_query_interface(struct event_source *source, REFIID riid, void **obj);
void event_source_cleanup(struct event_source *source);
/* Held while a machine's .vmc path changes (the delivery thread reads it). */
void events_lock(void);
void events_unlock(void);
void release_events(void);

/* Module lifetime */
void lock_module(void);
void unlock_module(void);

#endif /* __VPCCOM_PRIVATE_H */
