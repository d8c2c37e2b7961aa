/*
 * vpcengine: the virtual machine engine behind the Virtual PC automation API
 *
 * Plain C, POSIX only: no Windows types cross this header.  Strings are
 * UTF-8, paths are Unix paths.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef VPCENGINE_H
#define VPCENGINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VPCE_PRODUCT_NAME    "Windows Virtual PC"
/* major.minor.build.type+edition, the shape the reference gives for Version */
#define VPCE_PRODUCT_VERSION "6.1.7600.16393"

/* Failures that are not specific to Virtual PC; the DLL maps them to the
 * Win32 and COM codes the reference documents for each member. */
#define VPCE_GENERIC_ERRORS(X) \
    X(NOMEM,              "Not enough memory to complete the operation.") \
    X(INVALID_ARG,        "One of the arguments is not valid.") \
    X(UNEXPECTED,         "An unexpected error occurred.") \
    X(NOT_IMPLEMENTED,    "This operation is not implemented yet.") \
    X(FILE_NOT_FOUND,     "The file does not exist.") \
    X(PATH_NOT_FOUND,     "The folder does not exist.") \
    X(ALREADY_EXISTS,     "A file with that name already exists.") \
    X(ACCESS_DENIED,      "Access to the file or setting was denied.") \
    X(DISK_FULL,          "There is not enough space on the disk.") \
    X(INVALID_NAME,       "The file name or its syntax is not valid.") \
    X(BAD_PATHNAME,       "The path is not valid; a full path is required.") \
    X(NAME_TOO_LONG,      "The name or path is too long.") \
    X(SHARING_VIOLATION,  "The file is in use by another process or virtual machine.") \
    X(CANCELLED,          "The operation was cancelled.") \
    X(NOT_CANCELABLE,     "The task cannot be cancelled: it is complete or cannot stop part way.")

/* Failures with a Virtual PC error code of their own: VPCE_E_<name> maps to
 * VM_E_<name>. */
#define VPCE_VM_ERRORS(X) \
    X(TIMED_OUT,                 "The operation timed out.") \
    X(OUT_OF_RESOURCE,           "The host ran out of a resource the operation needs.") \
    X(TOO_MANY_VMS,              "Too many virtual machines are running.") \
    X(VM_NOT_RUNNING,            "The virtual machine is not running.") \
    X(VM_UNKNOWN,                "The virtual machine is not registered or no longer exists.") \
    X(APP_SHUTTING_DOWN,         "Virtual PC is shutting down.") \
    X(VM_RUNNING_OR_SAVED,       "The virtual machine is running or has a saved state.") \
    X(PREF_NOT_FOUND,            "No setting exists at that key.") \
    X(PREF_ILLEGAL_VALUE,        "The value is not allowed for that setting.") \
    X(PREF_VM_ACTIVE,            "The setting cannot change while the virtual machine is running or saved.") \
    X(CONFIG_NO_NAME,            "A virtual machine name is required.") \
    X(CONFIG_NAME_TOO_LONG,      "The virtual machine name is longer than 80 characters.") \
    X(CONFIG_NAME_INVALID_CHAR,  "The virtual machine name contains a character that is not allowed.") \
    X(CONFIG_DUPLICATE_NAME,     "A virtual machine with that name is already registered.") \
    X(VM_RUNNING,                "The virtual machine is running.") \
    X(VM_NO_SAVED_STATE,         "The virtual machine has no saved state.") \
    X(DRIVE_INVALID,             "The drive is not valid for this virtual machine.") \
    X(DRIVE_BUS_LOC_IN_USE,      "Another drive already uses that bus location.") \
    X(ADDITIONS_NOT_AVAIL,       "The integration components are not running in the guest.") \
    X(ADDITIONS_FEATURE_NOT_AVAIL, "The guest's integration components do not offer that feature.") \
    X(VM_PAUSED,                 "The virtual machine is paused.") \
    X(MEDIA_UNMOUNT_FAIL,        "The media could not be released from the drive.") \
    X(IMAGE_CAPTURE_FAIL,        "The image could not be attached to the drive.") \
    X(NO_MEDIA_CAPTURED,         "No media is attached to the drive.") \
    X(PARENT_PATH_NOT_FOUND,     "The parent disk of the differencing disk cannot be found.") \
    X(FILE_TOO_LARGE_FOR_VOLUME, "The file is too large for the host volume.") \
    X(FILE_READ_ONLY,            "The file is read-only.") \
    X(WRONG_HD_IMAGE_TYPE,       "The operation does not apply to this type of virtual hard disk.") \
    X(HD_IMAGE_OPEN_FAIL,        "The virtual hard disk could not be opened.") \
    X(HD_IMAGE_ACCESS,           "The virtual hard disk could not be read or written.") \
    X(INVALID_HD_FILE,           "The file is not a valid virtual hard disk.") \
    X(IMAGE_SIZE_TOO_LARGE,      "The requested disk size is larger than the maximum.") \
    X(IMAGE_SIZE_TOO_SMALL,      "The requested disk size is smaller than the minimum.") \
    X(PARENT_CHILD_ID_MISMATCH,  "The parent disk is not the one the differencing disk was made from.") \
    X(UNSUPPORTED_HD_DISK_TYPE,  "This type of virtual hard disk is not supported.") \
    X(PARENT_MODIFIED,           "The parent disk changed after the differencing disk was made.") \
    X(ADAPTER_NOT_FOUND,         "The network adapter cannot be found.") \
    X(INVALID_VIRTUAL_NETWORK_ID, "The virtual network identifier is not valid.") \
    X(CANT_SET_DYNAMIC_MAC_ADDRESS, "A dynamic Ethernet address cannot be set by hand.") \
    X(DRIVE_IN_USE,              "The drive is in use.") \
    X(MEDIA_WRONG_TYPE,          "The media is of the wrong type for the drive.") \
    X(MOUSE_NOT_ACTIVE,          "The virtual machine's mouse is not active.") \
    X(USING_ABSOLUTE_COORDINATES, "The mouse uses absolute coordinates.") \
    X(USING_RELATIVE_COORDINATES, "The mouse uses relative coordinates.") \
    X(SET_EXCLUSIVE_MODE_FAIL,   "Exclusive access to the keyboard could not be set.") \
    X(NO_DISPLAY,                "The virtual machine has no display.") \
    X(USB_CONNECTOR_DRIVER_ERROR, "The USB connector driver failed.") \
    X(USB_ATTACH_FAILED,         "The USB device could not be attached.") \
    X(USB_DETACH_FAILED,         "The USB device could not be detached.") \
    X(USB_EXTERNAL_VM,           "The USB device is attached to another virtual machine.") \
    X(USB_ENUMERATION_FAILED_MORE_DEVICES, "Too many USB devices are connected to enumerate them.") \
    X(USB_ATTACH_FAILED_MORE_DEVICES, "No more USB devices can be attached.") \
    X(USB_ATTACH_FAILED_GP_ERROR, "Policy does not allow the USB device to be attached.") \
    X(USB_ATTACH_FAILED_ALREADY_ASSIGNED, "The USB device is already attached.") \
    X(HARDWARE_VIRTUALIZATION_DISABLED, "Hardware virtualization is not available on this host.") \
    X(VMVIRTUALPC_OLDER_VERSION, "The virtual machine was made by a newer version of Virtual PC.") \
    X(OTHER_VIRTUALIZATION_SOFTWARE, "Other virtualization software holds the hardware.")

enum vpce_status
{
    VPCE_OK = 0,
#define VPCE_ENUM_ENTRY(name, text) VPCE_E_##name,
    VPCE_GENERIC_ERRORS(VPCE_ENUM_ENTRY)
    VPCE_VM_ERRORS(VPCE_ENUM_ENTRY)
#undef VPCE_ENUM_ENTRY
    VPCE_STATUS_COUNT
};

/* An English description of a status; never NULL. */
const char *vpce_strerror(enum vpce_status status);

/* The status for a POSIX errno value. */
enum vpce_status vpce_status_from_errno(int err);

/* What the engine can give one virtual machine. */
struct vpce_limits
{
    int32_t min_memory_mb;
    int32_t max_memory_mb;
    int32_t suggested_max_memory_mb;  /* follows the host's physical memory */
    int32_t max_floppy_drives;
    int32_t max_network_adapters;
    int32_t max_ide_buses;
    int32_t max_serial_ports;
    int32_t max_parallel_ports;
};

const struct vpce_limits *vpce_get_limits(void);

/* Suggested maximum for a host with that much physical memory. */
int32_t vpce_suggested_max_memory(uint64_t host_memory_mb);

/* Physical memory of the host in MiB, 0 when it cannot be read. */
uint64_t vpce_host_memory_mb(void);

/* The host processor's clock in MHz (0 when unknown), and whether it has
 * a feature named as in /proc/cpuinfo ("mmx", "sse2", "3dnow"). */
int32_t vpce_host_cpu_mhz(void);
int vpce_host_cpu_has(const char *flag);

/* Seconds since the engine was first used in this process (monotonic). */
int64_t vpce_uptime(void);

/* What IVMHostInfo reports of the host (hostinfo.c). */
struct vpce_host_cpu
{
    char vendor[64];         /* /proc/cpuinfo vendor_id, "GenuineIntel" */
    char model[128];         /* model name, the processor's brand string */
    char features[128];      /* "MMX,SSE,SSE2,SSE3,x86-64,AMD-V,HAVE": the reference's names */
    int32_t mhz;             /* cpu MHz of the first processor, 0 when unknown */
    int32_t logical_count;   /* online processors */
    int32_t physical_count;  /* cores: distinct (physical id, core id) pairs */
    int mmx, sse, sse2, three_dnow;
};

enum vpce_status vpce_host_get_cpu(struct vpce_host_cpu *cpu);

/* MemTotal and MemAvailable of /proc/meminfo, in MiB. */
enum vpce_status vpce_host_get_memory(uint64_t *total_mb, uint64_t *available_mb);

struct vpce_host_os
{
    char name[128];          /* uname sysname, "Linux" */
    char release[128];       /* uname release, "6.1.0-18-amd64" */
    char service_pack[128];  /* always empty: Linux has no service packs */
    int32_t major, minor;    /* the first two numbers of the release */
};

enum vpce_status vpce_host_get_os(struct vpce_host_os *os);

enum vpce_host_list
{
    VPCE_HOST_DVD_DRIVES,        /* "D:", the prefix's drive letters of CD/DVD devices */
    VPCE_HOST_FLOPPY_DRIVES,     /* "A:", drive letters of /dev/fdN */
    VPCE_HOST_NETWORK_ADAPTERS,  /* interface names but loopback, "eth0" */
    VPCE_HOST_NETWORK_ADDRESSES, /* their IPv4 then IPv6 addresses (not link-local) */
    VPCE_HOST_SERIAL_PORTS,      /* "COM1", the prefix's serial ports with a UART */
    VPCE_HOST_PARALLEL_PORTS,    /* "LPT1", the prefix's parallel ports that exist */
};

/* Sorted by name (addresses: by interface, IPv4 first); drives and ports
 * come from the dosdevices folder of vpce_wine_prefix(), none without one. */
enum vpce_status vpce_host_get_list(enum vpce_host_list which, char ***items, int *count);
void vpce_host_list_free(char **items, int count);

/* Tasks: long operations on worker threads.  The operation's run function
 * reports progress with vpce_task_progress() and stops at a safe point,
 * returning VPCE_E_CANCELLED, when that returns non-zero.  Its cleanup
 * function then runs on the same thread with the final status, undoes what
 * a failed or cancelled run left behind and frees the context; only after
 * it does the task read as complete. */
struct vpce_task;

/* the values of VMTaskResult */
enum vpce_task_result
{
    VPCE_TASK_SUCCESS = 0,
    VPCE_TASK_CANCELLED = 1,
    VPCE_TASK_UNEXPECTED_ERROR = 2,
    VPCE_TASK_OUT_OF_MEMORY = 3,
    VPCE_TASK_DISK_ERROR = 4,
    VPCE_TASK_INCOMPATIBLE_SAVED_STATE = 5,
    VPCE_TASK_TIMEOUT = 6,
    VPCE_TASK_ILLEGAL_VALUE = 7,
    VPCE_TASK_THREAD_CRASH = 8,
    VPCE_TASK_SHUTDOWN_ABORT = 9,
};

struct vpce_task_ops
{
    enum vpce_status (*run)(struct vpce_task *task, void *context);
    void (*cleanup)(void *context, enum vpce_status status);  /* optional */
};

struct vpce_task_state
{
    int32_t id;
    int complete;
    int cancelable;        /* and not complete */
    int percent;           /* 0 to 100, never backwards, 100 only when complete */
    enum vpce_task_result result;
    enum vpce_status error;
};

/* Starts the work; *task gets a reference the caller releases. */
enum vpce_status vpce_task_start(const char *description, int cancelable,
                                 const struct vpce_task_ops *ops, void *context,
                                 struct vpce_task **task);
void vpce_task_ref(struct vpce_task *task);
void vpce_task_unref(struct vpce_task *task);

/* For the run function: records progress (kept below 100, never lowered)
 * and returns non-zero when the task should stop. */
int vpce_task_progress(struct vpce_task *task, int percent);
int vpce_task_cancel_requested(struct vpce_task *task);
/* A description of the failure more precise than vpce_strerror(). */
void vpce_task_set_error_text(struct vpce_task *task, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* VPCE_E_NOT_CANCELABLE when the task cannot stop or is complete. */
enum vpce_status vpce_task_cancel(struct vpce_task *task);
/* Waits up to timeout_ms (forever when negative); non-zero when complete. */
int vpce_task_wait(struct vpce_task *task, int32_t timeout_ms);
void vpce_task_get_state(struct vpce_task *task, struct vpce_task_state *state);
int32_t vpce_task_id(struct vpce_task *task);
/* Newly allocated strings (free()), NULL when out of memory. */
char *vpce_task_description(struct vpce_task *task);
char *vpce_task_error_text(struct vpce_task *task);  /* "" on success */

enum vpce_task_result vpce_task_result_from_status(enum vpce_status status);

/* The tasks still running, oldest first, each with a reference for the
 * caller (free the array); returns their number.  With NULL, only counts. */
size_t vpce_tasks_running(struct vpce_task ***tasks);
/* Returns once no task is running. */
void vpce_tasks_wait_all(void);

/* Virtual hard disks */

/* Starts creating a fixed or dynamic disk of size_mb megabytes (3 to
 * 2,088,960) at the absolute path, which must not exist; missing folders
 * are made.  Errors found before any work starts are returned at once. */
enum vpce_status vpce_disk_create(const char *description, const char *path, int fixed,
                                  int64_t size_mb, struct vpce_task **task);
/* Differencing disks: path over parent (both absolute, the parent a disk
 * that opens). */
enum vpce_status vpce_disk_create_differencing(const char *description, const char *path,
                                               const char *parent, struct vpce_task **task);

/* the values of VMHardDiskType */
enum vpce_disk_type
{
    VPCE_DISK_DYNAMIC = 0,
    VPCE_DISK_FIXED = 1,
    VPCE_DISK_DIFFERENCING = 2,
};

struct vpce_disk_info
{
    enum vpce_disk_type type;
    uint64_t size;                  /* the footer's current size */
    uint64_t size_in_guest;         /* what Virtual PC's guest sees (geometry) */
    uint64_t file_size;
    uint64_t host_free;             /* free bytes on the disk's volume */
    char *parent;                   /* Unix path of the parent found, or NULL */
    enum vpce_status parent_status; /* why a differencing disk has no parent */
};

enum vpce_status vpce_disk_get_info(const char *path, struct vpce_disk_info *info);
void vpce_disk_info_free(struct vpce_disk_info *info);
/* Points a differencing disk at another copy of its parent (same unique
 * ID), as scripts do after moving disks. */
enum vpce_status vpce_disk_set_parent(const char *path, const char *parent);
/* Whole-disk operations, as tasks.  Merge writes a differencing disk into
 * its parent; export writes a disk's content into a new fixed or dynamic
 * disk (convert: from a fixed or dynamic disk; chain: merge-to, from a
 * differencing disk and its parents); compact drops a dynamic disk's
 * blocks of zeros. */
enum vpce_status vpce_disk_merge(const char *description, const char *path, struct vpce_task **task);
enum vpce_status vpce_disk_export(const char *description, const char *path,
                                  const char *destination, int fixed, int chain,
                                  struct vpce_task **task);
enum vpce_status vpce_disk_compact(const char *description, const char *path, struct vpce_task **task);

/* The Wine prefix whose drive letters map the Windows paths in parent
 * locators (default: $WINEPREFIX, else ~/.wine). */
void vpce_set_wine_prefix(const char *prefix);

/* Configuration files (.vmc): XML, keys as element paths from the root
 * with [@id=N] selectors ("hardware/memory/ram_size"). */
struct vpce_vmc;

enum vpce_value_type
{
    VPCE_VALUE_STRING,
    VPCE_VALUE_INTEGER,
    VPCE_VALUE_BOOLEAN,
    VPCE_VALUE_BYTES,     /* hex text */
};

struct vpce_value
{
    enum vpce_value_type type;
    int64_t integer;      /* integers and booleans */
    char *string;         /* strings and bytes, UTF-8 */
};

enum vpce_status vpce_vmc_new(struct vpce_vmc **vmc);
enum vpce_status vpce_vmc_load(const char *path, struct vpce_vmc **vmc);
/* Writes UTF-16 XML as Virtual PC does, under a new name renamed into place. */
enum vpce_status vpce_vmc_save(struct vpce_vmc *vmc, const char *path);
void vpce_vmc_free(struct vpce_vmc *vmc);
/* VPCE_E_PREF_NOT_FOUND for a missing key, VPCE_E_INVALID_ARG for a bad one;
 * set makes missing elements. */
enum vpce_status vpce_vmc_get(struct vpce_vmc *vmc, const char *key, struct vpce_value *value);
enum vpce_status vpce_vmc_set(struct vpce_vmc *vmc, const char *key, const struct vpce_value *value);
enum vpce_status vpce_vmc_remove(struct vpce_vmc *vmc, const char *key);
enum vpce_status vpce_vmc_get_integer(struct vpce_vmc *vmc, const char *key, int64_t *value);
enum vpce_status vpce_vmc_set_integer(struct vpce_vmc *vmc, const char *key, int64_t value);
char *vpce_vmc_get_string(struct vpce_vmc *vmc, const char *key);  /* NULL when absent */
enum vpce_status vpce_vmc_set_string(struct vpce_vmc *vmc, const char *key, const char *value);
void vpce_value_clear(struct vpce_value *value);

/* Virtual machines */

/* the values of VMVMState */
enum vpce_vm_state
{
    VPCE_VM_INVALID = 0,
    VPCE_VM_TURNED_OFF = 1,
    VPCE_VM_SAVED = 2,
    VPCE_VM_TURNING_ON = 3,
    VPCE_VM_RESTORING = 4,
    VPCE_VM_RUNNING = 5,
    VPCE_VM_PAUSED = 6,
    VPCE_VM_SAVING = 7,
    VPCE_VM_TURNING_OFF = 8,
};

/* The folder of the registry of machines (one per Wine prefix), and a tag
 * of that prefix for libvirt domain names. */
enum vpce_status vpce_machines_init(const char *dir, const char *instance);
/* Registered .vmc paths (free with vpce_machines_list_free). */
enum vpce_status vpce_machines_list(char ***paths, int *count);
void vpce_machines_list_free(char **paths, int count);
/* The .vmc of a registered machine, by name without case; VPCE_E_VM_UNKNOWN. */
enum vpce_status vpce_machines_find(const char *name, char **path);
/* VPCE_E_CONFIG_DUPLICATE_NAME, VPCE_E_ALREADY_EXISTS */
enum vpce_status vpce_machines_add(const char *path);
enum vpce_status vpce_machines_remove(const char *path);
enum vpce_status vpce_machine_check_name(const char *name);
/* Whether that .vmc (compared as real paths) is registered. */
int vpce_machines_is_registered(const char *path);
int vpce_path_exists(const char *path);
enum vpce_status vpce_delete_file(const char *path);

/* Application options: the per-user Options.xml beside the registry. */
enum vpce_status vpce_options_get(const char *key, struct vpce_value *value);
enum vpce_status vpce_options_set(const char *key, const struct vpce_value *value);
enum vpce_status vpce_options_remove(const char *key);

struct vpce_machine;

/* A new .vmc with that much memory and a BIOS GUID of its own. */
enum vpce_status vpce_machine_create_file(const char *path, int64_t memory_mb);
enum vpce_status vpce_machine_open(const char *vmc_path, struct vpce_machine **machine);
void vpce_machine_close(struct vpce_machine *machine);
const char *vpce_machine_path(const struct vpce_machine *machine);
const char *vpce_machine_name(const struct vpce_machine *machine);
/* Whether two objects are the same machine (the same .vmc). */
int vpce_machine_same(const struct vpce_machine *machine, const struct vpce_machine *other);
char *vpce_machine_saved_state_path(const struct vpce_machine *machine);
/* A new name for a machine that is off: its .vmc is renamed, in its folder. */
enum vpce_status vpce_machine_rename(struct vpce_machine *machine, const char *name);
/* Removes the .vmc and the saved state. */
enum vpce_status vpce_machine_delete_files(const struct vpce_machine *machine);
enum vpce_status vpce_machine_get_state(const struct vpce_machine *machine, enum vpce_vm_state *state);
/* Tasks; the state each needs is checked first (VPCE_E_VM_RUNNING,
 * VPCE_E_VM_NOT_RUNNING, VPCE_E_VM_PAUSED). */
enum vpce_status vpce_machine_startup(const char *description, const struct vpce_machine *machine,
                                      struct vpce_task **task);
enum vpce_status vpce_machine_turn_off(const char *description, const struct vpce_machine *machine,
                                       struct vpce_task **task);
enum vpce_status vpce_machine_save(const char *description, const struct vpce_machine *machine,
                                   struct vpce_task **task);
enum vpce_status vpce_machine_reset(const char *description, const struct vpce_machine *machine,
                                    struct vpce_task **task);
enum vpce_status vpce_machine_pause(const struct vpce_machine *machine);
enum vpce_status vpce_machine_resume(const struct vpce_machine *machine);
enum vpce_status vpce_machine_discard_saved_state(const struct vpce_machine *machine);
/* Startup2 with vmStartupOption_FixParentTimestampMismatch: differencing
 * disks whose parents were modified are accepted (their stored parent
 * time stamps renewed) instead of failing with VPCE_E_PARENT_MODIFIED. */
enum vpce_status vpce_machine_startup_fixing_parents(const char *description,
                                                     const struct vpce_machine *machine,
                                                     struct vpce_task **task);

/* IDE drives: two buses of two devices, shared by hard disks and DVD
 * drives.  Types are VMDriveType's. */
#define VPCE_IDE_BUSES 2
#define VPCE_IDE_DEVICES 2

enum vpce_drive_type
{
    VPCE_DRIVE_NONE = 0,
    VPCE_DRIVE_HARD_DISK = 1,
    VPCE_DRIVE_DVD = 2,
    VPCE_DRIVE_FLOPPY = 100,    /* the engine's own: the floppy drive's "location" */
};

/* The machine's one floppy drive, where the drive functions take a bus
 * and a device (the drive number). */
#define VPCE_FLOPPY_BUS (-1)

struct vpce_drive
{
    int bus, device;
    enum vpce_drive_type type;
    char *path;         /* Unix path of the disk or image; NULL when none */
    char *undo_path;    /* a hard disk's undo disk, when the file exists */
    char host_drive;    /* a DVD drive's host drive letter ('D'), 0 when none */
};

void vpce_drive_clear(struct vpce_drive *drive);
/* The drive at a location; VPCE_E_DRIVE_INVALID when it has none of that
 * type (VPCE_DRIVE_NONE: any), VPCE_E_INVALID_ARG out of range. */
enum vpce_status vpce_machine_get_drive(const struct vpce_machine *machine, int bus, int device,
                                        enum vpce_drive_type type, struct vpce_drive *drive);
/* Connects the VHD at path (absolute, Unix) to a free location of a
 * machine that is off: VPCE_E_VM_RUNNING_OR_SAVED, VPCE_E_INVALID_ARG,
 * VPCE_E_DRIVE_BUS_LOC_IN_USE, VPCE_E_INVALID_HD_FILE (not a VHD, or over
 * the IDE limit of 127 GB), VPCE_E_SHARING_VIOLATION (already connected). */
enum vpce_status vpce_machine_add_hard_disk(const struct vpce_machine *machine, const char *path,
                                            int bus, int device);
/* Removes, or moves to a free location, the drive of that type. */
enum vpce_status vpce_machine_remove_drive(const struct vpce_machine *machine, int bus, int device,
                                           enum vpce_drive_type type);
enum vpce_status vpce_machine_move_drive(const struct vpce_machine *machine, int bus, int device,
                                         enum vpce_drive_type type, int new_bus, int new_device);

/* DVD drives: an empty drive at a free location of a machine that is off;
 * then media, also while it runs (the guest sees the change): an ISO image
 * (absolute Unix path) or a host drive letter, VPCE_E_DRIVE_IN_USE when the
 * drive has media, VPCE_E_INVALID_ARG for a folder or a letter that is no
 * host DVD drive; eject: VPCE_E_MEDIA_WRONG_TYPE when the drive does not
 * hold that kind of media. */
enum vpce_status vpce_machine_add_dvd_drive(const struct vpce_machine *machine, int bus, int device);
/* Media of the DVD drive at bus/device, or of the floppy drive
 * (VPCE_FLOPPY_BUS, 0): a new floppy image or host drive replaces the one
 * in the drive; ejecting an empty floppy drive is VPCE_E_NO_MEDIA_CAPTURED. */
enum vpce_status vpce_machine_insert_media(const struct vpce_machine *machine, int bus, int device,
                                           const char *image, char host_drive);
enum vpce_status vpce_machine_eject_media(const struct vpce_machine *machine, int bus, int device,
                                          int host_drive);
/* The host device (/dev/sr0) behind a drive letter of the Wine prefix, if
 * it is a DVD drive's; NULL otherwise. */
char *vpce_host_dvd_device(char letter);
char *vpce_host_floppy_device(char letter);

/* Floppy disk images: sizes by VMFloppyDiskImageType (1 to 6; 0 when
 * unknown), a new blank image that appears complete or not at all. */
uint64_t vpce_floppy_image_size(int type);
int vpce_floppy_image_type(uint64_t size);
enum vpce_status vpce_floppy_image_create(const char *path, int type);
/* A file's size; VPCE_E_FILE_NOT_FOUND, or VPCE_E_PATH_NOT_FOUND when its
 * folder is missing too. */
enum vpce_status vpce_file_size(const char *path, uint64_t *size);

/* Serial ports (two a machine) and the parallel port.  Types are
 * VMSerialPortType's; the name is as given: "COM1", a text file's Windows
 * path, a named pipe's \\.\pipe\name. */
#define VPCE_SERIAL_PORTS 2

enum vpce_serial_type
{
    VPCE_SERIAL_HOST_PORT = 0,
    VPCE_SERIAL_TEXT_FILE = 1,
    VPCE_SERIAL_NAMED_PIPE = 2,
    VPCE_SERIAL_NULL = 3,
};

struct vpce_serial_port
{
    enum vpce_serial_type type;
    char *name;
    int connect_immediately;
};

void vpce_serial_port_clear(struct vpce_serial_port *port);
enum vpce_status vpce_machine_get_serial_port(const struct vpce_machine *machine, int id,
                                              struct vpce_serial_port *port);
/* VPCE_E_INVALID_ARG for an unknown type, VPCE_E_PREF_ILLEGAL_VALUE when
 * the machine's other serial port already goes there. */
enum vpce_status vpce_machine_configure_serial_port(const struct vpce_machine *machine, int id, int type,
                                                    const char *name, int connect_immediately);
/* The Unix socket of a named pipe, for the machine's domain. */
char *vpce_serial_pipe_path(const char *domain, const char *name);
/* "LPT1" to "LPT9", or "" for none (VPCE_E_INVALID_ARG otherwise). */
enum vpce_status vpce_machine_get_parallel_port(const struct vpce_machine *machine, char **name);
enum vpce_status vpce_machine_set_parallel_port(const struct vpce_machine *machine, const char *name);

/* The host's USB devices (root hubs and interfaces left out), and giving
 * them to a running machine (VPCE_E_VM_NOT_RUNNING,
 * VPCE_E_USB_ATTACH_FAILED_ALREADY_ASSIGNED when a machine has it). */
struct vpce_usb_device
{
    char *id;               /* sysfs name, "1-1.2" */
    int bus, address;       /* bus and device number */
    int port;               /* on its hub */
    int device_class;       /* bDeviceClass, VMUSBDeviceClassEnum's values */
    char *manufacturer, *product;   /* NULL when the device has none */
};

enum vpce_status vpce_usb_devices(struct vpce_usb_device **devices, int *count);
void vpce_usb_devices_free(struct vpce_usb_device *devices, int count);
/* The .vmc path of the machine a device is given to, or NULL. */
char *vpce_usb_device_owner(const struct vpce_usb_device *device);
enum vpce_status vpce_machine_attach_usb(const struct vpce_machine *machine, const struct vpce_usb_device *device);
enum vpce_status vpce_machine_detach_usb(const struct vpce_machine *machine, const struct vpce_usb_device *device);

/* The guest operating system of a running machine, through QEMU's guest
 * agent, which stands for the integration components: without it,
 * VPCE_E_ADDITIONS_NOT_AVAIL; a machine that does not run,
 * VPCE_E_VM_NOT_RUNNING (VPCE_E_VM_PAUSED when paused). */
struct vpce_guest_os
{
    char *name;             /* os-release's PRETTY_NAME */
    char *kernel_release;   /* uname -r: "6.1.0-28-amd64" */
    char *kernel_version;   /* uname -v */
    unsigned int major, minor, build;   /* of the kernel release */
    char *agent_version;    /* the agent's, "7.2.0" */
    char *computer_name;    /* the host name, NULL if not told */
};
/* A ping; also recorded, for the percentage of the past minute's pings
 * (any process's) that were answered. */
enum vpce_status vpce_guest_heartbeat(const struct vpce_machine *machine, int *beating, int *percentage);
enum vpce_status vpce_guest_get_os(const struct vpce_machine *machine, struct vpce_guest_os *os);
void vpce_guest_os_free(struct vpce_guest_os *os);
/* VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL without the agent */
enum vpce_status vpce_guest_users(const struct vpce_machine *machine, int *count);
/* The .vmc's setting (on by default); turning it on sets a running
 * guest's clock to the host's. */
int vpce_guest_time_sync_enabled(const struct vpce_machine *machine);
enum vpce_status vpce_guest_set_time_sync(const struct vpce_machine *machine, int enable);
/* A task: shut-down through the agent, or the ACPI power button without
 * one, done when the machine is off; restart through the agent only
 * (VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL), done when the agent answers again. */
enum vpce_status vpce_guest_shutdown(const char *description, const struct vpce_machine *machine, int restart,
                                     struct vpce_task **task);

/* The mouse of a running machine (VPCE_E_MOUSE_NOT_ACTIVE when paused):
 * relative moves in pixels, or absolute positions on the screen (in pixels,
 * VPCE_MOUSE_KEEP for an axis left as it is; VPCE_E_NO_DISPLAY when the
 * screen's size is unknown); buttons are VMMouseButton's values. */
enum vpce_mouse_button
{
    VPCE_MOUSE_LEFT = 1,
    VPCE_MOUSE_RIGHT = 2,
    VPCE_MOUSE_CENTER = 3,
};
#define VPCE_MOUSE_KEEP INT32_MIN
enum vpce_status vpce_mouse_move(const struct vpce_machine *machine, int absolute, int x, int y);
/* the last absolute position set, from any process */
enum vpce_status vpce_mouse_position(const struct vpce_machine *machine, int *x, int *y);
enum vpce_status vpce_mouse_set_button(const struct vpce_machine *machine, enum vpce_mouse_button button,
                                       int down);
enum vpce_status vpce_mouse_get_button(const struct vpce_machine *machine, enum vpce_mouse_button button,
                                       int *down);
enum vpce_status vpce_mouse_click(const struct vpce_machine *machine, enum vpce_mouse_button button);
/* notches of the wheel: away from the user when positive */
enum vpce_status vpce_mouse_wheel(const struct vpce_machine *machine, int notches);

/* Events (events.c): what happens to machines, from libvirt's domain
 * events (so what another process, the guest or QEMU's end did is seen)
 * and from this process's own operations (transitions such as TurningOn,
 * media changes).  Callbacks run on an engine thread, one event at a time,
 * in order; they must not block for long, nor call vpce_events_unsubscribe. */
enum vpce_event_kind
{
    VPCE_EVENT_STATE,           /* state: the machine's new state */
    VPCE_EVENT_GUEST_SHUTDOWN,  /* the guest shut itself down */
    VPCE_EVENT_RESET,           /* the machine was reset (or the guest restarted) */
    VPCE_EVENT_MEDIA_INSERT,    /* bus, device (floppy: VPCE_FLOPPY_BUS, 0), media */
    VPCE_EVENT_MEDIA_EJECT,
};

struct vpce_event
{
    enum vpce_event_kind kind;
    const char *vmc_path;       /* the machine's .vmc, as vpce_machine_path() gives it */
    const char *name;           /* the machine's name */
    enum vpce_vm_state state;
    int bus, device;
    const char *media;          /* an image's Unix path or a host drive ("D:"), or "" */
};

typedef void (*vpce_event_callback)(const struct vpce_event *event, void *context);
struct vpce_subscription;

enum vpce_status vpce_events_subscribe(vpce_event_callback callback, void *context,
                                       struct vpce_subscription **subscription);
/* After it returns, the callback is not running and will not run again. */
void vpce_events_unsubscribe(struct vpce_subscription *subscription);

/* The keyboard (keyboard.c).  Keys are named as in the reference's key
 * list ("Key_A", "KeyPad_Enter", "Key_LeftShift"; compared without case);
 * a code is the key's XT scan code, 0x80 | code for keys with an E0
 * prefix (QEMU's "qnum"). */
enum vpce_key_action
{
    VPCE_KEY_TAP,       /* pressed, then released */
    VPCE_KEY_DOWN,      /* pressed only (DOWN) */
    VPCE_KEY_UP,        /* released only (UP) */
    VPCE_KEY_PAUSE,     /* HOLD: VPCE_KEY_HOLD_MS before the next stroke */
};

#define VPCE_KEY_HOLD_MS 200

struct vpce_key_stroke
{
    enum vpce_key_action action;
    int code;
    int shift;          /* a tap that needs Shift down (text) */
};

/* -1, or NULL, for what the list does not have. */
int vpce_keyboard_key_code(const char *name);
const char *vpce_keyboard_key_name(int code);
int vpce_keyboard_key_count(void);
/* ASCII text on a US keyboard (CR, LF and CR LF are one Enter; tab,
 * backspace and escape their keys), and key sequences: key names, DOWN
 * and UP before a key, HOLD, separated by commas.  VPCE_E_INVALID_ARG for
 * an empty string, a character that cannot be typed, an unknown name or a
 * modifier without its key.  free() the strokes. */
enum vpce_status vpce_keyboard_parse_text(const char *text, struct vpce_key_stroke **strokes, int *count);
enum vpce_status vpce_keyboard_parse_sequence(const char *sequence, struct vpce_key_stroke **strokes,
                                              int *count);
/* Input to a running machine: VPCE_E_INVALID_ARG as above,
 * VPCE_E_VM_NOT_RUNNING, VPCE_E_VM_PAUSED.  Which keys are down is shared
 * by every process until the machine stops.  While another process has
 * exclusive access, input is ignored (VPCE_OK). */
enum vpce_status vpce_machine_keyboard_press(const struct vpce_machine *machine, const char *key);
enum vpce_status vpce_machine_keyboard_release(const struct vpce_machine *machine, const char *key);
enum vpce_status vpce_machine_keyboard_press_and_release(const struct vpce_machine *machine, const char *key);
enum vpce_status vpce_machine_keyboard_type_text(const struct vpce_machine *machine, const char *text);
enum vpce_status vpce_machine_keyboard_type_sequence(const struct vpce_machine *machine, const char *sequence);
enum vpce_status vpce_machine_keyboard_is_pressed(const struct vpce_machine *machine, const char *key,
                                                  int *pressed);
/* Exclusive access belongs to the calling process; a machine that does not
 * run has none.  Setting: VPCE_E_SET_EXCLUSIVE_MODE_FAIL when the machine
 * does not run or another process has it; *changed is 0 when it was
 * already as asked. */
enum vpce_status vpce_machine_keyboard_get_exclusive(const struct vpce_machine *machine, int *exclusive);
enum vpce_status vpce_machine_keyboard_set_exclusive(const struct vpce_machine *machine, int exclusive,
                                                     int *changed);

/* Undo disks: with Undoable on, each hard disk gets a differencing undo
 * disk at start-up that takes the machine's writes; when the machine stops,
 * UndoAction keeps, discards or commits them.  Turning Undoable off
 * deletes them (VPCE_E_PREF_VM_ACTIVE unless off). */
enum vpce_status vpce_machine_set_undoable(const struct vpce_machine *machine, int undoable);
/* VPCE_E_VM_RUNNING_OR_SAVED unless off. */
enum vpce_status vpce_machine_discard_undo_disks(const struct vpce_machine *machine);
/* Writes the undo disks into their disks, as a task (VPCE_E_VM_RUNNING
 * while the machine runs, VPCE_E_SHARING_VIOLATION when a disk is in use). */
enum vpce_status vpce_machine_merge_undo_disks(const char *description, const struct vpce_machine *machine,
                                               struct vpce_task **task);

/* Network adapters: up to four per machine, identified by their number in
 * the .vmc (0 to 3).  Addresses are 12 hex digits without separators. */
#define VPCE_MAX_NETWORK_ADAPTERS 4

/* Virtual networks: the documented identifier of Shared Networking (NAT);
 * the internal network's is ours. */
#define VPCE_NETWORK_ID_NAT        "01010101010101010101010101010101"
#define VPCE_NETWORK_NAME_NAT      "Shared Networking (NAT)"
#define VPCE_NETWORK_ID_INTERNAL   "02020202020202020202020202020202"
#define VPCE_NETWORK_NAME_INTERNAL "Internal Network"

enum vpce_network_kind
{
    VPCE_NETWORK_NAT,       /* QEMU user networking */
    VPCE_NETWORK_INTERNAL,  /* a multicast socket shared by the host's machines */
    VPCE_NETWORK_LIBVIRT,   /* an active libvirt network (source: its name) */
    VPCE_NETWORK_BRIDGE,    /* a host bridge (source: its interface) */
};

struct vpce_network
{
    enum vpce_network_kind kind;
    char id[33];            /* 32 hex digits */
    char name[256];
    char host_adapter[64];  /* "" for NAT and the internal network */
    char source[256];
};

/* NAT, the internal network, then libvirt's networks and host bridges
 * (free() the array). */
enum vpce_status vpce_networks_list(struct vpce_network **networks, int *count);
/* By name, without case; VPCE_E_INVALID_VIRTUAL_NETWORK_ID when none. */
enum vpce_status vpce_network_find(const char *name, struct vpce_network *network);
/* The network of a list with that id, else that name; -1 when none. */
int vpce_network_index(const struct vpce_network *networks, int count, const char *id, const char *name);

struct vpce_adapter
{
    int id;
    char address[13];
    int dynamic;            /* the engine chooses the address */
    int connected;          /* the .vmc names a virtual network */
    char network_id[33];
    char network_name[256];
};

/* 12 hex digits of a unicast address. */
int vpce_valid_ethernet_address(const char *address);
enum vpce_status vpce_machine_list_adapters(const struct vpce_machine *machine,
                                            int ids[VPCE_MAX_NETWORK_ADAPTERS], int *count);
/* VPCE_E_ADAPTER_NOT_FOUND once removed. */
enum vpce_status vpce_machine_get_adapter(const struct vpce_machine *machine, int id,
                                          struct vpce_adapter *adapter);
/* A machine that is off (VPCE_E_VM_RUNNING_OR_SAVED) gets a new adapter,
 * not connected, with a dynamic 00-03-FF address; VPCE_E_PREF_ILLEGAL_VALUE
 * past the limit. */
enum vpce_status vpce_machine_add_adapter(const struct vpce_machine *machine, int *id);
enum vpce_status vpce_machine_remove_adapter(const struct vpce_machine *machine, int id);
/* In any state; a running machine sees the change at its next start.
 * VPCE_E_CANT_SET_DYNAMIC_MAC_ADDRESS, VPCE_E_INVALID_ARG. */
enum vpce_status vpce_machine_set_adapter_address(const struct vpce_machine *machine, int id,
                                                  const char *address);
enum vpce_status vpce_machine_set_adapter_dynamic(const struct vpce_machine *machine, int id, int dynamic);
/* NULL network: detach. */
enum vpce_status vpce_machine_attach_adapter(const struct vpce_machine *machine, int id,
                                             const struct vpce_network *network);

/* Configuration values of the .vmc; with needs_off, VPCE_E_PREF_VM_ACTIVE
 * while the machine runs or is saved. */
enum vpce_status vpce_machine_get_value(const struct vpce_machine *machine, const char *key,
                                        struct vpce_value *value);
enum vpce_status vpce_machine_set_value(const struct vpce_machine *machine, const char *key,
                                        const struct vpce_value *value, int needs_off);
enum vpce_status vpce_machine_remove_value(const struct vpce_machine *machine, const char *key);
/* Activation values: the configuration the running machine started with
 * (VPCE_E_PREF_NOT_FOUND when it does not run). */
enum vpce_status vpce_machine_get_activation(const struct vpce_machine *machine, const char *key,
                                             struct vpce_value *value);
enum vpce_status vpce_machine_set_activation(const struct vpce_machine *machine, const char *key,
                                             const struct vpce_value *value);
enum vpce_status vpce_machine_remove_activation(const struct vpce_machine *machine, const char *key);
/* The text of libvirt's last error in this process. */
const char *vpce_libvirt_error(void);
const char *vpce_wine_prefix(void);

/* Makes the folders above path that do not exist. */
enum vpce_status vpce_make_parent_folders(const char *path);

/* The status for an error of libvhd (vhd.h). */
enum vpce_status vpce_status_from_vhd(int error);

/* The display of a running machine (display.c): QEMU's screen.  Video
 * modes are VMDisplayVideoMode's. */
enum vpce_video_mode
{
    VPCE_VIDEO_TEXT = 0,
    VPCE_VIDEO_CGA = 1,
    VPCE_VIDEO_VGA = 2,
    VPCE_VIDEO_SVGA = 3,
};

/* SetDimensions' limits; the width a multiple of 8 */
#define VPCE_DISPLAY_MIN_WIDTH  640
#define VPCE_DISPLAY_MAX_WIDTH  2048
#define VPCE_DISPLAY_MIN_HEIGHT 480
#define VPCE_DISPLAY_MAX_HEIGHT 1920

#define VPCE_THUMBNAIL_WIDTH  64
#define VPCE_THUMBNAIL_HEIGHT 48

struct vpce_display
{
    int32_t width, height;      /* pixels */
    enum vpce_video_mode mode;
};

/* Pixels 0x00RRGGBB, row by row from the top. */
struct vpce_image
{
    int32_t width, height;
    uint32_t *pixels;
};

/* A machine that runs or is paused; VPCE_E_VM_NOT_RUNNING otherwise,
 * VPCE_E_NO_DISPLAY when it has no video device. */
enum vpce_status vpce_machine_get_screen(const struct vpce_machine *machine, struct vpce_image *image);
enum vpce_status vpce_machine_get_display(const struct vpce_machine *machine, struct vpce_display *display);
/* 64x48 pixels in the reference's format (vpce_thumbnail_pixel), row by row. */
enum vpce_status vpce_machine_get_thumbnail(const struct vpce_machine *machine,
                                            uint32_t pixels[VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT]);
/* Without integration components the guest's resolution cannot be set:
 * VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL for a running machine (set_dimensions
 * succeeds only for the size the display has); VPCE_E_INVALID_ARG for a
 * size out of the limits. */
enum vpce_status vpce_machine_can_resize(const struct vpce_machine *machine);
enum vpce_status vpce_machine_set_dimensions(const struct vpce_machine *machine, int32_t width, int32_t height);
/* Images: QEMU's screendump (PNG or binary PPM), scaled by averaging
 * into width x height pixels; the reference's thumbnail pixel, blue in
 * the upper 8 bits, then green, then red, the lowest 8 bits 0. */
enum vpce_status vpce_image_decode(const void *data, size_t size, struct vpce_image *image);
void vpce_image_free(struct vpce_image *image);
void vpce_image_scale(const struct vpce_image *image, int width, int height, uint32_t *pixels);
uint32_t vpce_thumbnail_pixel(uint32_t rgb);
enum vpce_video_mode vpce_video_mode_for(int32_t width, int32_t height);

/* Accounting of a running machine (accountant.c).  Figures count from the
 * start of the machine's QEMU process: power on, or restore of a saved
 * state. */
#define VPCE_CPU_HISTORY 60

struct vpce_accounting
{
    int running;                /* runs or is paused; otherwise every figure is 0 */
    int32_t cpu_percent;        /* of its processors, over the last second; 0 while paused */
    uint8_t cpu_history[VPCE_CPU_HISTORY];  /* each second of the last minute, oldest first */
    int64_t uptime;             /* seconds */
    uint64_t disk_read, disk_written;       /* bytes, all drives */
    uint64_t net_received, net_sent;        /* bytes, the adapters with a host interface */
};

/* With measure_now, the current utilization is measured over a moment
 * (up to a quarter of a second) when no recent sample tells it. */
enum vpce_status vpce_machine_get_accounting(const struct vpce_machine *machine, int measure_now,
                                             struct vpce_accounting *accounting);

/* The processor time samples behind the utilization: times in ns of one
 * clock, cpu in ns of processor time summed over the processors. */
struct vpce_cpu_sample
{
    int64_t time;
    uint64_t cpu;
};

/* Appends a sample unless it comes less than spacing ns after the last
 * (or before it); a counter that went back starts the list again.  Keeps
 * what the last minute needs, at most max; returns the new count. */
int vpce_cpu_samples_add(struct vpce_cpu_sample *samples, int count, int max,
                         const struct vpce_cpu_sample *sample, int64_t spacing);
/* Percentage of vcpus processors busy from one time to another, the
 * counter interpolated between samples (0 outside them). */
int vpce_cpu_percent(const struct vpce_cpu_sample *samples, int count, int vcpus, int64_t from, int64_t to);
/* Each second of the minute before now, oldest first. */
void vpce_cpu_history(const struct vpce_cpu_sample *samples, int count, int vcpus, int64_t now,
                      uint8_t history[VPCE_CPU_HISTORY]);

#ifdef __cplusplus
}
#endif

#endif /* VPCENGINE_H */
