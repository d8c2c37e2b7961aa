/*
 * vpcengine: the IDE drives of a machine and its undo disks
 *
 * A location of the .vmc (hardware/pci_bus/ide_adapter/ide_controller[@id=B]
 * /location[@id=D]) holds a drive_type, the drive's pathname (Windows path
 * in the prefix, and one relative to the .vmc's folder) and, for a hard
 * disk of an undoable machine, the undo_pathname of its undo disk.  Undo
 * disks are differencing disks over the hard disk: the machine writes to
 * them, and the disk itself only changes when they are committed.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine_private.h"

#define IDE_MAX_DISK_SIZE (127ULL * 1024 * 1024 * 1024)

#define KEY_FLOPPY "hardware/super_io/floppy[@id=%d]"

enum drive_field { FIELD_TYPE, FIELD_PATH, FIELD_RELATIVE, FIELD_UNDO_PATH, FIELD_UNDO_RELATIVE };

static const char *const field_names[] =
{
    "drive_type", "pathname/absolute", "pathname/relative",
    "undo_pathname/absolute", "undo_pathname/relative",
};

static void field_key(char *key, size_t size, int bus, int device, enum drive_field field)
{
    if (bus == VPCE_FLOPPY_BUS) snprintf(key, size, KEY_FLOPPY "/%s", device, field_names[field]);
    else snprintf(key, size, KEY_IDE "/%s", bus, device, field_names[field]);
}

static char *get_field(struct vpce_vmc *vmc, int bus, int device, enum drive_field field)
{
    char key[160];

    field_key(key, sizeof(key), bus, device, field);
    return vpce_vmc_get_string(vmc, key);
}

static enum vpce_status set_field(struct vpce_vmc *vmc, int bus, int device, enum drive_field field,
                                  const char *text)
{
    char key[160];

    field_key(key, sizeof(key), bus, device, field);
    return vpce_vmc_set_string(vmc, key, text);
}

static int valid_location(int bus, int device)
{
    return bus >= 0 && bus < VPCE_IDE_BUSES && device >= 0 && device < VPCE_IDE_DEVICES;
}

static char *vmc_folder(const struct vpce_machine *machine)
{
    char *copy = strdup(machine->path), *ret;

    if (!copy) return NULL;
    ret = strdup(dirname(copy));
    free(copy);
    return ret;
}

/* A path of the .vmc as a Unix path: the absolute one when its file is
 * there, else the one relative to the .vmc's folder (a machine moved with
 * its disks), else the absolute one anyway. */
static char *unix_path_of(const struct vpce_machine *machine, const char *absolute, const char *relative)
{
    char *path = NULL, *folder, *other = NULL, *p;

    if (absolute && *absolute)
        path = absolute[0] == '/' ? strdup(absolute) : vhd_windows_to_unix(absolute, vpce_wine_prefix());
    if (file_exists(path) || !relative || !*relative || !(folder = vmc_folder(machine))) return path;
    if (!strncmp(relative, ".\\", 2) || !strncmp(relative, "./", 2)) relative += 2;
    if (asprintf(&other, "%s/%s", folder, relative) < 0) other = NULL;
    free(folder);
    for (p = other; p && *p; p++) if (*p == '\\') *p = '/';
    if (file_exists(other))
    {
        free(path);
        return other;
    }
    free(other);
    return path;
}

/* Stores a Unix path as Virtual PC does: a Windows path, and a relative
 * one when the file is in the .vmc's folder. */
static enum vpce_status store_path(const struct vpce_machine *machine, struct vpce_vmc *vmc, int bus,
                                   int device, enum drive_field field, const char *path)
{
    char *windows = path ? vhd_unix_to_windows(path, vpce_wine_prefix()) : NULL;
    char *folder = vmc_folder(machine), *relative = NULL, *copy = path ? strdup(path) : NULL;
    enum vpce_status status;

    if (copy && folder && !strcmp(dirname(copy), folder)
            && asprintf(&relative, ".\\%s", strrchr(path, '/') + 1) < 0)
        relative = NULL;
    status = set_field(vmc, bus, device, field, windows ? windows : path ? path : "");
    if (!status) status = set_field(vmc, bus, device, field + 1, relative ? relative : "");
    free(windows);
    free(folder);
    free(relative);
    free(copy);
    return status;
}

void vpce_drive_clear(struct vpce_drive *drive)
{
    free(drive->path);
    free(drive->undo_path);
    memset(drive, 0, sizeof(*drive));
}

enum vpce_status drive_read(const struct vpce_machine *machine, struct vpce_vmc *vmc, int bus,
                            int device, struct vpce_drive *drive)
{
    char key[160], *absolute, *relative;
    int64_t type = VPCE_DRIVE_NONE;

    memset(drive, 0, sizeof(*drive));
    drive->bus = bus;
    drive->device = device;
    field_key(key, sizeof(key), bus, device, FIELD_TYPE);
    /* the floppy drive is always there */
    if (bus == VPCE_FLOPPY_BUS) type = VPCE_DRIVE_FLOPPY;
    else if (vpce_vmc_get_integer(vmc, key, &type) || type < VPCE_DRIVE_NONE || type > VPCE_DRIVE_DVD)
        type = VPCE_DRIVE_NONE;
    drive->type = type;
    if (type == VPCE_DRIVE_NONE) return VPCE_OK;

    absolute = get_field(vmc, bus, device, FIELD_PATH);
    relative = get_field(vmc, bus, device, FIELD_RELATIVE);
    /* a DVD or floppy drive holds an image, a host drive's bare letter, or nothing */
    if (type != VPCE_DRIVE_HARD_DISK && absolute && isalpha((unsigned char)absolute[0]) && !absolute[1])
        drive->host_drive = toupper((unsigned char)absolute[0]);
    else if (type == VPCE_DRIVE_HARD_DISK || (absolute && *absolute))
        drive->path = unix_path_of(machine, absolute, relative);
    free(absolute);
    free(relative);
    if (type != VPCE_DRIVE_HARD_DISK) return VPCE_OK;

    absolute = get_field(vmc, bus, device, FIELD_UNDO_PATH);
    relative = get_field(vmc, bus, device, FIELD_UNDO_RELATIVE);
    drive->undo_path = unix_path_of(machine, absolute, relative);
    free(absolute);
    free(relative);
    if (!file_exists(drive->undo_path))
    {
        free(drive->undo_path);
        drive->undo_path = NULL;
    }
    return VPCE_OK;
}

/* Drive changes need a machine that is off. */
static enum vpce_status check_off(const struct vpce_machine *machine, enum vpce_status otherwise)
{
    enum vpce_vm_state state;
    enum vpce_status status;

    if ((status = vpce_machine_get_state(machine, &state))) return status;
    return state == VPCE_VM_TURNED_OFF ? VPCE_OK : otherwise;
}

enum vpce_status vpce_machine_get_drive(const struct vpce_machine *machine, int bus, int device,
                                        enum vpce_drive_type type, struct vpce_drive *drive)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;

    memset(drive, 0, sizeof(*drive));
    if (!valid_location(bus, device) && !(bus == VPCE_FLOPPY_BUS && !device)) return VPCE_E_INVALID_ARG;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    status = drive_read(machine, vmc, bus, device, drive);
    vpce_vmc_free(vmc);
    if (!status && (drive->type == VPCE_DRIVE_NONE || (type != VPCE_DRIVE_NONE && drive->type != type)))
        status = VPCE_E_DRIVE_INVALID;
    if (status) vpce_drive_clear(drive);
    return status;
}

/* Whether path is the disk of another hard disk location of the machine. */
static int connected_elsewhere(const struct vpce_machine *machine, struct vpce_vmc *vmc, const char *path)
{
    char *real = realpath(path, NULL), *other;
    struct vpce_drive drive;
    int bus, device, found = 0;

    for (bus = 0; real && bus < VPCE_IDE_BUSES; bus++)
    {
        for (device = 0; device < VPCE_IDE_DEVICES; device++)
        {
            if (drive_read(machine, vmc, bus, device, &drive)) continue;
            if (drive.type == VPCE_DRIVE_HARD_DISK && drive.path && (other = realpath(drive.path, NULL)))
            {
                found |= !strcmp(real, other);
                free(other);
            }
            vpce_drive_clear(&drive);
        }
    }
    free(real);
    return found;
}

/* ENOENT for a file: is its folder there? */
static enum vpce_status missing(const char *path)
{
    char *copy = strdup(path);
    int folder = copy && file_exists(dirname(copy));

    free(copy);
    return folder ? VPCE_E_FILE_NOT_FOUND : VPCE_E_PATH_NOT_FOUND;
}

static enum vpce_status check_hard_disk(const char *path)
{
    struct vhd_info info;
    struct stat st;
    int ret;

    if (!stat(path, &st) && S_ISDIR(st.st_mode)) return VPCE_E_INVALID_HD_FILE;
    if ((ret = vhd_info(path, &info)) == -ENOENT) return missing(path);
    if (ret) return vpce_status_from_vhd(ret);
    /* the IDE bus addresses 28 bits of sectors */
    return info.footer.current_size > IDE_MAX_DISK_SIZE ? VPCE_E_INVALID_HD_FILE : VPCE_OK;
}

enum vpce_status vpce_machine_add_hard_disk(const struct vpce_machine *machine, const char *path,
                                            int bus, int device)
{
    struct vpce_drive drive;
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if (!valid_location(bus, device)) return VPCE_E_INVALID_ARG;
    if ((status = check_off(machine, VPCE_E_VM_RUNNING_OR_SAVED))) return status;
    if ((status = check_hard_disk(path))) return status;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    if (!(status = drive_read(machine, vmc, bus, device, &drive)) && drive.type != VPCE_DRIVE_NONE)
        status = VPCE_E_DRIVE_BUS_LOC_IN_USE;
    vpce_drive_clear(&drive);
    if (!status && connected_elsewhere(machine, vmc, path)) status = VPCE_E_SHARING_VIOLATION;
    if (!status)
    {
        char key[160];

        field_key(key, sizeof(key), bus, device, FIELD_TYPE);
        status = vpce_vmc_set_integer(vmc, key, VPCE_DRIVE_HARD_DISK);
    }
    if (!status) status = store_path(machine, vmc, bus, device, FIELD_PATH, path);
    if (!status) status = store_path(machine, vmc, bus, device, FIELD_UNDO_PATH, NULL);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_vmc_free(vmc);
    return status;
}

/* Loads the .vmc of a machine that is off, with the drive of that type at
 * a location. */
static enum vpce_status load_drive(const struct vpce_machine *machine, int bus, int device,
                                   enum vpce_drive_type type, struct vpce_vmc **vmc,
                                   struct vpce_drive *drive)
{
    enum vpce_status status;

    memset(drive, 0, sizeof(*drive));
    if (!valid_location(bus, device)) return VPCE_E_INVALID_ARG;
    if ((status = check_off(machine, VPCE_E_VM_RUNNING_OR_SAVED))) return status;
    if ((status = machine_load_vmc(machine, vmc))) return status;
    if (!(status = drive_read(machine, *vmc, bus, device, drive)) && drive->type != type)
        status = VPCE_E_DRIVE_INVALID;
    if (status)
    {
        vpce_drive_clear(drive);
        vpce_vmc_free(*vmc);
        *vmc = NULL;
    }
    return status;
}

static enum vpce_status remove_location(struct vpce_vmc *vmc, int bus, int device)
{
    char key[160];

    snprintf(key, sizeof(key), KEY_IDE, bus, device);
    return vpce_vmc_remove(vmc, key);
}

enum vpce_status vpce_machine_remove_drive(const struct vpce_machine *machine, int bus, int device,
                                           enum vpce_drive_type type)
{
    struct vpce_drive drive;
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if ((status = load_drive(machine, bus, device, type, &vmc, &drive))) return status;
    /* an undo disk holds changes to this connection only */
    if (drive.undo_path) unlink(drive.undo_path);
    status = remove_location(vmc, bus, device);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_drive_clear(&drive);
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_move_drive(const struct vpce_machine *machine, int bus, int device,
                                         enum vpce_drive_type type, int new_bus, int new_device)
{
    struct vpce_drive drive, other;
    struct vpce_vmc *vmc;
    enum vpce_status status;
    unsigned int i;

    if (!valid_location(new_bus, new_device)) return VPCE_E_INVALID_ARG;
    if ((status = load_drive(machine, bus, device, type, &vmc, &drive))) return status;
    vpce_drive_clear(&drive);
    if (new_bus == bus && new_device == device)
    {
        vpce_vmc_free(vmc);
        return VPCE_OK;
    }
    if (!(status = drive_read(machine, vmc, new_bus, new_device, &other)) && other.type != VPCE_DRIVE_NONE)
        status = VPCE_E_DRIVE_BUS_LOC_IN_USE;
    vpce_drive_clear(&other);

    /* every field, as stored, to the new location */
    for (i = 0; i < sizeof(field_names) / sizeof(field_names[0]) && !status; i++)
    {
        struct vpce_value value;
        char key[160];

        field_key(key, sizeof(key), bus, device, i);
        if ((status = vpce_vmc_get(vmc, key, &value)) == VPCE_E_PREF_NOT_FOUND)
        {
            status = VPCE_OK;
            continue;
        }
        field_key(key, sizeof(key), new_bus, new_device, i);
        if (!status) status = vpce_vmc_set(vmc, key, &value);
        vpce_value_clear(&value);
    }
    if (!status) status = remove_location(vmc, bus, device);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_vmc_free(vmc);
    return status;
}

/* ---- DVD drives ------------------------------------------------------ */

enum vpce_status vpce_machine_add_dvd_drive(const struct vpce_machine *machine, int bus, int device)
{
    struct vpce_drive drive;
    struct vpce_vmc *vmc;
    enum vpce_status status;
    char key[160];

    if (!valid_location(bus, device)) return VPCE_E_INVALID_ARG;
    if ((status = check_off(machine, VPCE_E_VM_RUNNING_OR_SAVED))) return status;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    if (!(status = drive_read(machine, vmc, bus, device, &drive)) && drive.type != VPCE_DRIVE_NONE)
        status = VPCE_E_DRIVE_BUS_LOC_IN_USE;
    vpce_drive_clear(&drive);
    field_key(key, sizeof(key), bus, device, FIELD_TYPE);
    if (!status) status = vpce_vmc_set_integer(vmc, key, VPCE_DRIVE_DVD);
    if (!status) status = store_path(machine, vmc, bus, device, FIELD_PATH, NULL);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_vmc_free(vmc);
    return status;
}


char *prefix_device(const char *entry, int block)
{
    const char *prefix = vpce_wine_prefix();
    char *link = NULL, *device = NULL, *p;
    struct stat st;

    if (!prefix || asprintf(&link, "%s/dosdevices/%s", prefix, entry) < 0) return NULL;
    for (p = strrchr(link, '/') + 1; *p; p++) *p = tolower((unsigned char)*p);
    if ((device = realpath(link, NULL))
            && (stat(device, &st) || !(block ? S_ISBLK(st.st_mode) : S_ISCHR(st.st_mode))))
    {
        free(device);
        device = NULL;
    }
    free(link);
    return device;
}

/* Wine maps a drive letter's device as dosdevices/a:: */
static char *host_device(char letter, const char *prefix_of_device)
{
    char entry[4] = { letter, ':', ':', 0 }, *device;

    if (!isalpha((unsigned char)letter) || !(device = prefix_device(entry, 1))) return NULL;
    if (strncmp(device, prefix_of_device, strlen(prefix_of_device)))
    {
        free(device);
        device = NULL;
    }
    return device;
}

char *vpce_host_floppy_device(char letter)
{
    return host_device(letter, "/dev/fd");
}

char *vpce_host_dvd_device(char letter)
{
    return host_device(letter, "/dev/sr");
}

static enum vpce_status check_media(int bus, const char *image, char host_drive)
{
    struct stat st;
    char *device;

    if (!image)
    {
        device = bus == VPCE_FLOPPY_BUS ? vpce_host_floppy_device(host_drive) : vpce_host_dvd_device(host_drive);
        if (!device) return VPCE_E_INVALID_ARG;
        free(device);
        return VPCE_OK;
    }
    if (stat(image, &st)) return vpce_status_from_errno(errno);
    return S_ISDIR(st.st_mode) ? VPCE_E_INVALID_ARG : VPCE_OK;
}

/* Loads the .vmc with the DVD drive at a location, or the floppy drive,
 * in any state. */
static enum vpce_status load_media_drive(const struct vpce_machine *machine, int bus, int device,
                                         struct vpce_vmc **vmc, struct vpce_drive *drive)
{
    enum { DVD, FLOPPY } kind = bus == VPCE_FLOPPY_BUS ? FLOPPY : DVD;
    enum vpce_status status;

    memset(drive, 0, sizeof(*drive));
    if (kind == DVD ? !valid_location(bus, device) : device != 0) return VPCE_E_DRIVE_INVALID;
    if ((status = machine_load_vmc(machine, vmc))) return status;
    if (!(status = drive_read(machine, *vmc, bus, device, drive))
            && drive->type != (kind == DVD ? VPCE_DRIVE_DVD : VPCE_DRIVE_FLOPPY))
        status = VPCE_E_DRIVE_INVALID;
    if (status)
    {
        vpce_drive_clear(drive);
        vpce_vmc_free(*vmc);
        *vmc = NULL;
    }
    return status;
}

/* The .vmc records the media first; a running machine then gets it. */
static enum vpce_status set_media(const struct vpce_machine *machine, struct vpce_vmc *vmc, int bus,
                                  int device, const char *image, char host_drive)
{
    char letter[2] = { host_drive, 0 };
    enum vpce_status status;

    if (host_drive)
    {
        status = set_field(vmc, bus, device, FIELD_PATH, letter);
        if (!status) status = set_field(vmc, bus, device, FIELD_RELATIVE, "");
    }
    else status = store_path(machine, vmc, bus, device, FIELD_PATH, image);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    if (!status) status = machine_media_changed(machine, vmc, bus, device);
    return status;
}

/* What was or is now in the drive, for the subscribers: an image's path or
 * a host drive ("D:"); nothing for an empty drive. */
static void media_event(const struct vpce_machine *machine, enum vpce_event_kind kind,
                        const struct vpce_drive *drive)
{
    char letter[3] = { drive->host_drive, ':', 0 };

    if (drive->path || drive->host_drive)
        events_emit_machine(machine, kind, 0, drive->bus, drive->device, drive->path ? drive->path : letter);
}

enum vpce_status vpce_machine_insert_media(const struct vpce_machine *machine, int bus, int device,
                                           const char *image, char host_drive)
{
    struct vpce_drive drive;
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if ((status = load_media_drive(machine, bus, device, &vmc, &drive))) return status;
    /* a floppy disk goes in the place of the one in the drive */
    if ((drive.path || drive.host_drive) && bus != VPCE_FLOPPY_BUS) status = VPCE_E_DRIVE_IN_USE;
    else if (!(status = check_media(bus, image, host_drive)))
        status = set_media(machine, vmc, bus, device, image, image ? 0 : toupper((unsigned char)host_drive));
    if (!status)
    {
        struct vpce_drive now;

        media_event(machine, VPCE_EVENT_MEDIA_EJECT, &drive);  /* a floppy disk replaced */
        if (!drive_read(machine, vmc, bus, device, &now))
        {
            media_event(machine, VPCE_EVENT_MEDIA_INSERT, &now);
            vpce_drive_clear(&now);
        }
    }
    vpce_drive_clear(&drive);
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_eject_media(const struct vpce_machine *machine, int bus, int device,
                                          int host_drive)
{
    struct vpce_drive drive;
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if ((status = load_media_drive(machine, bus, device, &vmc, &drive))) return status;
    if (bus == VPCE_FLOPPY_BUS && !drive.path && !drive.host_drive) status = VPCE_E_NO_MEDIA_CAPTURED;
    else if (host_drive ? !drive.host_drive : !drive.path) status = VPCE_E_MEDIA_WRONG_TYPE;
    else status = set_media(machine, vmc, bus, device, NULL, 0);
    if (!status) media_event(machine, VPCE_EVENT_MEDIA_EJECT, &drive);
    vpce_drive_clear(&drive);
    vpce_vmc_free(vmc);
    return status;
}

/* ---- floppy disk images --------------------------------------------- */

/* By VMFloppyDiskImageType: 720 KB, 1.44 MB, DMF 1.68 MB, single-sided
 * 360 KB, 1.2 MB, and XDF's 1.84 MB (its multiple sector sizes fill 80
 * cylinders of 23 KB a side). */
static const uint64_t floppy_sizes[] = { 0, 737280, 1474560, 1720320, 368640, 1228800, 1884160 };

uint64_t vpce_floppy_image_size(int type)
{
    return type > 0 && type < (int)(sizeof(floppy_sizes) / sizeof(floppy_sizes[0])) ? floppy_sizes[type] : 0;
}

int vpce_floppy_image_type(uint64_t size)
{
    unsigned int i;

    for (i = 1; i < sizeof(floppy_sizes) / sizeof(floppy_sizes[0]); i++)
        if (floppy_sizes[i] == size) return i;
    return 0;
}

enum vpce_status vpce_file_size(const char *path, uint64_t *size)
{
    struct stat st;

    if (stat(path, &st)) return errno == ENOENT ? missing(path) : vpce_status_from_errno(errno);
    if (S_ISDIR(st.st_mode)) return VPCE_E_ACCESS_DENIED;
    *size = st.st_size;
    return VPCE_OK;
}

enum vpce_status vpce_floppy_image_create(const char *path, int type)
{
    uint64_t size = vpce_floppy_image_size(type);
    char *copy = strdup(path), proc[64];
    enum vpce_status status = VPCE_OK;
    int fd;

    if (!size) status = VPCE_E_INVALID_ARG;
    else if (!copy) status = VPCE_E_NOMEM;
    else if (file_exists(path)) status = VPCE_E_ALREADY_EXISTS;
    /* a blank image, named only once it has its whole size */
    else if ((fd = open(dirname(copy), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644)) < 0)
        status = errno == ENOENT ? VPCE_E_PATH_NOT_FOUND : vpce_status_from_errno(errno);
    else
    {
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
        if (ftruncate(fd, size) < 0 || fsync(fd) < 0
                || linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) < 0)
            status = vpce_status_from_errno(errno);
        close(fd);
    }
    free(copy);
    return status;
}

/* ---- undo disks ----------------------------------------------------- */

static int undoable(struct vpce_vmc *vmc)
{
    struct vpce_value value;
    int ret = !vpce_vmc_get(vmc, KEY_UNDOABLE, &value)
              && (value.type == VPCE_VALUE_BOOLEAN || value.type == VPCE_VALUE_INTEGER) && value.integer;

    vpce_value_clear(&value);
    return ret;
}

static char *new_undo_path(const struct vpce_machine *machine, int bus, int device)
{
    char *folder = vmc_folder(machine), *ret = NULL;

    if (folder && asprintf(&ret, "%s/%s Undo Disk %d-%d.vud", folder, machine->name, bus, device) < 0)
        ret = NULL;
    free(folder);
    return ret;
}

/* The parent time stamps of the chain at path, for a machine starting. */
static enum vpce_status check_chain(struct vpce_task *task, const char *path, int fix, int bus, int device)
{
    struct vhd_open_options options;
    char *modified = NULL, *windows = NULL;
    enum vpce_status status;

    if (!path) status = VPCE_E_HD_IMAGE_OPEN_FAIL;
    else status = vpce_status_from_vhd(vhd_check_parent_times(path, fix, vpce_vhd_options(&options),
                                                               &modified));
    /* the script knows its disks by their Windows paths */
    if (status == VPCE_E_PARENT_MODIFIED && (windows = vhd_unix_to_windows(modified, vpce_wine_prefix())))
        vpce_task_set_error_text(task, "The parent of the differencing disk %s was modified after the disk was made.",
                                 windows);
    else if (status && path && (windows = vhd_unix_to_windows(path, vpce_wine_prefix())))
        vpce_task_set_error_text(task, "The hard disk %s of IDE bus %d, device %d cannot be used: %s",
                                 windows, bus, device, vpce_strerror(status));
    free(windows);
    free(modified);
    return status;
}

static enum vpce_status make_undo_disk(struct vpce_task *task, const struct vpce_machine *machine,
                                       struct vpce_vmc *vmc, struct vpce_drive *drive)
{
    struct vhd_open_options options;
    enum vpce_status status;

    if (!(drive->undo_path = new_undo_path(machine, drive->bus, drive->device))) return VPCE_E_NOMEM;
    unlink(drive->undo_path);  /* one the .vmc no longer names */
    status = vpce_status_from_vhd(vhd_create_differencing(drive->undo_path, drive->path,
                                                          vpce_vhd_options(&options)));
    if (!status) status = store_path(machine, vmc, drive->bus, drive->device, FIELD_UNDO_PATH, drive->undo_path);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    if (status)
        vpce_task_set_error_text(task, "The undo disk of %s cannot be made: %s", drive->path,
                                 vpce_strerror(status));
    return status;
}

enum vpce_status drive_prepare(struct vpce_task *task, const struct vpce_machine *machine,
                               struct vpce_vmc *vmc, int bus, int device, int fix_parent_times,
                               char **served)
{
    struct vpce_drive drive;
    enum vpce_status status;
    int undo = undoable(vmc);

    *served = NULL;
    if ((status = drive_read(machine, vmc, bus, device, &drive))) return status;
    /* an undo disk kept from an earlier run is checked with its chain */
    status = check_chain(task, undo && drive.undo_path ? drive.undo_path : drive.path, fix_parent_times,
                         bus, device);
    if (!status && undo && !drive.undo_path) status = make_undo_disk(task, machine, vmc, &drive);
    if (!status)
    {
        *served = undo ? drive.undo_path : drive.path;
        if (undo) drive.undo_path = NULL;
        else drive.path = NULL;
    }
    vpce_drive_clear(&drive);
    return status;
}

/* Writes an undo disk into its disk.  The disk server of a machine that
 * just stopped may still hold it for a moment. */
static enum vpce_status commit_undo_disk(struct vpce_task *task, const char *undo_path)
{
    struct vhd_open_options options;
    int ret, tries;

    for (tries = 0; tries < 100; tries++)
    {
        ret = vhd_merge(undo_path, vpce_vhd_options(&options), task ? vpce_vhd_progress : NULL, task);
        if (ret != VHD_E_IN_USE) break;
        usleep(100000);
    }
    if (!ret) unlink(undo_path);
    return vpce_status_from_vhd(ret);
}

/* Applies action (a VMUndoAction) to every undo disk of the machine. */
static enum vpce_status apply_undo_action(struct vpce_task *task, const struct vpce_machine *machine,
                                          int action)
{
    enum vpce_status status = VPCE_OK, result;
    struct vpce_drive drive;
    struct vpce_vmc *vmc;
    int bus, device, changed = 0;

    if ((status = machine_load_vmc(machine, &vmc))) return status;
    for (bus = 0; bus < VPCE_IDE_BUSES; bus++)
    {
        for (device = 0; device < VPCE_IDE_DEVICES; device++)
        {
            if (drive_read(machine, vmc, bus, device, &drive) || !drive.undo_path)
            {
                vpce_drive_clear(&drive);
                continue;
            }
            if (action == 2) result = commit_undo_disk(task, drive.undo_path);
            else result = unlink(drive.undo_path) ? vpce_status_from_errno(errno) : VPCE_OK;
            if (result && task)
                vpce_task_set_error_text(task, "The undo disk %s: %s", drive.undo_path, vpce_strerror(result));
            if (!result)
            {
                store_path(machine, vmc, bus, device, FIELD_UNDO_PATH, NULL);
                changed = 1;
            }
            if (!status) status = result;
            vpce_drive_clear(&drive);
        }
    }
    if (changed)
    {
        result = vpce_vmc_save(vmc, machine->path);
        if (!status) status = result;
    }
    vpce_vmc_free(vmc);
    return status;
}

void drives_machine_stopped(struct vpce_task *task, const struct vpce_machine *machine)
{
    struct vpce_vmc *vmc;
    int64_t action = 1;  /* vmUndoAction_Keep */

    if (machine_load_vmc(machine, &vmc)) return;
    vpce_vmc_get_integer(vmc, KEY_UNDO_ACTION, &action);
    vpce_vmc_free(vmc);
    if (action == 0 || action == 2) apply_undo_action(task, machine, action);
}

enum vpce_status vpce_machine_set_undoable(const struct vpce_machine *machine, int enable)
{
    struct vpce_value value = { VPCE_VALUE_BOOLEAN, !!enable, NULL };
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if ((status = check_off(machine, VPCE_E_PREF_VM_ACTIVE))) return status;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    status = vpce_vmc_set(vmc, KEY_UNDOABLE, &value);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_vmc_free(vmc);
    /* turned off: the undo disks go */
    if (!status && !enable) status = apply_undo_action(NULL, machine, 0);
    return status;
}

enum vpce_status vpce_machine_discard_undo_disks(const struct vpce_machine *machine)
{
    enum vpce_status status;

    if ((status = check_off(machine, VPCE_E_VM_RUNNING_OR_SAVED))) return status;
    return apply_undo_action(NULL, machine, 0);
}

struct merge_job
{
    struct vpce_machine *machine;
};

static enum vpce_status merge_run(struct vpce_task *task, void *context)
{
    struct merge_job *job = context;
    return apply_undo_action(task, job->machine, 2);
}

static void merge_cleanup(void *context, enum vpce_status status)
{
    struct merge_job *job = context;

    vpce_machine_close(job->machine);
    free(job);
}

static const struct vpce_task_ops merge_ops = { merge_run, merge_cleanup };

/* Whether an undo disk of the machine is open in another process. */
static enum vpce_status check_undo_disks_free(const struct vpce_machine *machine)
{
    enum vpce_status status = VPCE_OK;
    struct vpce_drive drive;
    struct vhd_open_options options;
    struct vpce_vmc *vmc;
    struct vhd *vhd;
    int bus, device, ret;

    if ((status = machine_load_vmc(machine, &vmc))) return status;
    for (bus = 0; bus < VPCE_IDE_BUSES && !status; bus++)
    {
        for (device = 0; device < VPCE_IDE_DEVICES && !status; device++)
        {
            if (drive_read(machine, vmc, bus, device, &drive) || !drive.undo_path)
            {
                vpce_drive_clear(&drive);
                continue;
            }
            if (!(ret = vhd_open(drive.undo_path, 0, vpce_vhd_options(&options), &vhd))) vhd_close(vhd);
            else if (ret == VHD_E_IN_USE) status = VPCE_E_SHARING_VIOLATION;
            else if (ret == -EACCES || ret == -EPERM || ret == -EROFS) status = VPCE_E_FILE_READ_ONLY;
            vpce_drive_clear(&drive);
        }
    }
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_merge_undo_disks(const char *description, const struct vpce_machine *machine,
                                               struct vpce_task **task)
{
    enum vpce_vm_state state;
    enum vpce_status status;
    struct merge_job *job;

    *task = NULL;
    if ((status = vpce_machine_get_state(machine, &state))) return status;
    if (state != VPCE_VM_TURNED_OFF && state != VPCE_VM_SAVED) return VPCE_E_VM_RUNNING;
    if ((status = check_undo_disks_free(machine))) return status;
    if (!(job = calloc(1, sizeof(*job)))) return VPCE_E_NOMEM;
    if ((status = vpce_machine_open(machine->path, &job->machine)))
    {
        free(job);
        return status;
    }
    if ((status = vpce_task_start(description, 0, &merge_ops, job, task)))
        merge_cleanup(job, status);
    return status;
}
