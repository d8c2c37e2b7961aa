/*
 * Virtual machines: the registry of .vmc files, and their life on libvirt
 *
 * A machine is its .vmc file.  When it starts, a transient libvirt domain
 * is made from the file, named after the Wine prefix and the machine's
 * BIOS GUID so that two prefixes never clash; its state is read back from
 * libvirt (and the saved-state file beside the .vmc), so every process
 * sees the same state.
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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/random.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/tree.h>

#include "engine_private.h"

#define KEY_MEMORY "hardware/memory/ram_size"
#define KEY_NOTES "settings/notes"
#define KEY_BIOS_GUID "hardware/bios/bios_guid"

static pthread_mutex_t connection_lock = PTHREAD_MUTEX_INITIALIZER;
static virConnectPtr connection;
static char *registry_dir, *instance_tag;

/* ---- registry --------------------------------------------------------- */

enum vpce_status vpce_machines_init(const char *dir, const char *instance)
{
    free(registry_dir);
    free(instance_tag);
    registry_dir = strdup(dir);
    instance_tag = strdup(instance);
    if (!registry_dir || !instance_tag) return VPCE_E_NOMEM;
    return mkdir(dir, 0777) && errno != EEXIST ? vpce_status_from_errno(errno) : VPCE_OK;
}

static char *registry_file(void)
{
    char *ret = NULL;

    if (!registry_dir || asprintf(&ret, "%s/registered_machines.txt", registry_dir) < 0) return NULL;
    return ret;
}

/* The registry is one .vmc path a line; an exclusive lock on the file
 * serializes processes that change it. */
static FILE *open_registry(int write)
{
    char *path = registry_file();
    FILE *file;
    int fd;

    if (!path) return NULL;
    fd = open(path, (write ? O_RDWR : O_RDONLY) | O_CREAT | O_CLOEXEC, 0666);
    free(path);
    if (fd < 0) return NULL;
    flock(fd, write ? LOCK_EX : LOCK_SH);
    if (!(file = fdopen(fd, write ? "r+" : "r"))) close(fd);
    return file;
}

static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    char *name = strdup(base ? base + 1 : path);
    size_t len = name ? strlen(name) : 0;

    if (len > 4 && !strcasecmp(name + len - 4, ".vmc")) name[len - 4] = 0;
    return name;
}

static int read_paths(FILE *file, char ***paths)
{
    char line[4200], **list = NULL;
    int count = 0;

    rewind(file);
    while (fgets(line, sizeof(line), file))
    {
        char **grown;
        line[strcspn(line, "\n")] = 0;
        if (!*line) continue;
        if (!(grown = realloc(list, (count + 1) * sizeof(*list)))) break;
        list = grown;
        if ((list[count] = strdup(line))) count++;
    }
    *paths = list;
    return count;
}

static void free_paths(char **paths, int count)
{
    while (count--) free(paths[count]);
    free(paths);
}

enum vpce_status vpce_machines_list(char ***paths, int *count)
{
    FILE *file = open_registry(0);

    *paths = NULL;
    *count = 0;
    if (!file) return registry_dir ? vpce_status_from_errno(errno) : VPCE_E_UNEXPECTED;
    *count = read_paths(file, paths);
    fclose(file);
    return VPCE_OK;
}

void vpce_machines_list_free(char **paths, int count)
{
    free_paths(paths, count);
}

static enum vpce_status write_paths(FILE *file, char **paths, int count)
{
    int i;

    rewind(file);
    if (ftruncate(fileno(file), 0) < 0) return vpce_status_from_errno(errno);
    for (i = 0; i < count; i++) fprintf(file, "%s\n", paths[i]);
    if (fflush(file) || fsync(fileno(file))) return vpce_status_from_errno(errno);
    return VPCE_OK;
}

enum vpce_status vpce_machines_find(const char *name, char **path)
{
    char **paths;
    int count, i;
    enum vpce_status status;

    *path = NULL;
    if ((status = vpce_machines_list(&paths, &count))) return status;
    for (i = 0; i < count && !*path; i++)
    {
        char *other = name_from_path(paths[i]);
        if (other && !strcasecmp(other, name)) *path = strdup(paths[i]);
        free(other);
    }
    free_paths(paths, count);
    return *path ? VPCE_OK : VPCE_E_VM_UNKNOWN;
}

enum vpce_status vpce_machines_add(const char *path)
{
    char **paths, *name = name_from_path(path);
    enum vpce_status status = VPCE_OK;
    FILE *file = open_registry(1);
    int count, i;

    if (!file || !name)
    {
        free(name);
        if (file) fclose(file);
        return VPCE_E_NOMEM;
    }
    count = read_paths(file, &paths);
    for (i = 0; i < count && !status; i++)
    {
        char *other = name_from_path(paths[i]);
        if (!strcmp(paths[i], path)) status = VPCE_E_ALREADY_EXISTS;
        else if (other && !strcasecmp(other, name)) status = VPCE_E_CONFIG_DUPLICATE_NAME;
        free(other);
    }
    if (!status)
    {
        char **grown = realloc(paths, (count + 1) * sizeof(*paths));
        if (!grown || !(grown[count] = strdup(path))) status = VPCE_E_NOMEM;
        else
        {
            paths = grown;
            status = write_paths(file, paths, ++count);
        }
    }
    free_paths(paths, count);
    free(name);
    fclose(file);
    return status;
}

enum vpce_status vpce_machines_remove(const char *path)
{
    FILE *file = open_registry(1);
    enum vpce_status status = VPCE_E_VM_UNKNOWN;
    char **paths;
    int count, i, kept = 0;

    if (!file) return VPCE_E_NOMEM;
    count = read_paths(file, &paths);
    for (i = 0; i < count; i++)
    {
        if (!strcmp(paths[i], path))
        {
            free(paths[i]);
            status = VPCE_OK;
        }
        else paths[kept++] = paths[i];
    }
    if (!status) status = write_paths(file, paths, kept);
    free_paths(paths, kept);
    fclose(file);
    return status;
}

/* ---- application options (Options.xml, a <preferences> file) ------- */

static char *options_file(void)
{
    char *ret = NULL;

    if (!registry_dir || asprintf(&ret, "%s/Options.xml", registry_dir) < 0) return NULL;
    return ret;
}

static enum vpce_status load_options(const char *path, struct vpce_vmc **vmc)
{
    static const char empty[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<preferences><version type=\"string\">2.0</version></preferences>\n";
    enum vpce_status status = vpce_vmc_load(path, vmc);
    FILE *f;

    if (status != VPCE_E_FILE_NOT_FOUND) return status;
    if (!(f = fopen(path, "wx"))) return vpce_vmc_load(path, vmc);  /* made meanwhile */
    fputs(empty, f);
    fclose(f);
    return vpce_vmc_load(path, vmc);
}

/* One function for the three operations: a lock on the file keeps
 * processes that change options apart. */
static enum vpce_status options_do(const char *key, struct vpce_value *get,
                                   const struct vpce_value *set, int remove)
{
    char *path = options_file(), *lock_path = NULL;
    struct vpce_vmc *vmc;
    enum vpce_status status;
    int lock;

    if (!path || asprintf(&lock_path, "%s.lock", path) < 0)
    {
        free(path);
        return VPCE_E_NOMEM;
    }
    if ((lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) >= 0) flock(lock, LOCK_EX);
    if (!(status = load_options(path, &vmc)))
    {
        if (get) status = vpce_vmc_get(vmc, key, get);
        else if (remove) status = vpce_vmc_remove(vmc, key);
        else status = vpce_vmc_set(vmc, key, set);
        if (!status && !get) status = vpce_vmc_save(vmc, path);
        vpce_vmc_free(vmc);
    }
    if (lock >= 0) close(lock);
    free(lock_path);
    free(path);
    return status;
}

enum vpce_status vpce_options_get(const char *key, struct vpce_value *value)
{
    memset(value, 0, sizeof(*value));
    return options_do(key, value, NULL, 0);
}

enum vpce_status vpce_options_set(const char *key, const struct vpce_value *value)
{
    return options_do(key, NULL, value, 0);
}

enum vpce_status vpce_options_remove(const char *key)
{
    return options_do(key, NULL, NULL, 1);
}

/* Virtual PC's name rules: 1 to 80 characters, none of *?:<>/|\" */
enum vpce_status vpce_machine_check_name(const char *name)
{
    const char *p;

    if (!name || !*name) return VPCE_E_CONFIG_NO_NAME;
    if (strlen(name) > 80 * 4 || mbstowcs(NULL, name, 0) > 80) return VPCE_E_CONFIG_NAME_TOO_LONG;
    for (p = name; *p; p++)
        if ((unsigned char)*p < 32 || strchr("*?:<>/|\\\"", *p)) return VPCE_E_CONFIG_NAME_INVALID_CHAR;
    return VPCE_OK;
}

int vpce_path_exists(const char *path)
{
    struct stat st;
    return !lstat(path, &st);
}

int vpce_machines_is_registered(const char *path)
{
    char **paths, *real = realpath(path, NULL);
    int count, i, found = 0;

    if (real && !vpce_machines_list(&paths, &count))
    {
        for (i = 0; i < count && !found; i++)
        {
            char *other = realpath(paths[i], NULL);
            found = other && !strcmp(real, other);
            free(other);
        }
        vpce_machines_list_free(paths, count);
    }
    free(real);
    return found;
}

/* ---- machines ------------------------------------------------------- */

enum vpce_status vpce_machine_open(const char *path, struct vpce_machine **ret)
{
    struct vpce_machine *machine;

    *ret = NULL;
    if (!(machine = calloc(1, sizeof(*machine)))) return VPCE_E_NOMEM;
    machine->path = strdup(path);
    machine->name = name_from_path(path);
    if (!machine->path || !machine->name)
    {
        vpce_machine_close(machine);
        return VPCE_E_NOMEM;
    }
    *ret = machine;
    return VPCE_OK;
}

void vpce_machine_close(struct vpce_machine *machine)
{
    if (!machine) return;
    free(machine->path);
    free(machine->name);
    free(machine);
}

const char *vpce_machine_path(const struct vpce_machine *machine) { return machine->path; }
const char *vpce_machine_name(const struct vpce_machine *machine) { return machine->name; }

int vpce_machine_same(const struct vpce_machine *machine, const struct vpce_machine *other)
{
    char *real, *other_real;
    int ret;

    if (machine == other || !strcmp(machine->path, other->path)) return 1;
    real = realpath(machine->path, NULL);
    other_real = realpath(other->path, NULL);
    ret = real && other_real && !strcmp(real, other_real);
    free(real);
    free(other_real);
    return ret;
}

/* The machine's .vmc; a file that is gone means the machine is unknown. */
enum vpce_status machine_load_vmc(const struct vpce_machine *machine, struct vpce_vmc **vmc)
{
    enum vpce_status status = vpce_vmc_load(machine->path, vmc);
    return status == VPCE_E_FILE_NOT_FOUND ? VPCE_E_VM_UNKNOWN : status;
}

static void new_guid(char *out)
{
    unsigned char id[16];
    int i;

    if (getrandom(id, sizeof(id), 0) != sizeof(id)) memset(id, 0x5a, sizeof(id));
    id[6] = (id[6] & 0x0f) | 0x40;
    id[8] = (id[8] & 0x3f) | 0x80;
    for (i = 0; i < 16; i++) sprintf(out + 2 * i, "%02x", id[i]);
}

enum vpce_status vpce_machine_create_file(const char *path, int64_t memory_mb)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;
    char guid[33];

    if ((status = vpce_vmc_new(&vmc))) return status;
    new_guid(guid);
    status = vpce_vmc_set_integer(vmc, KEY_MEMORY, memory_mb);
    if (!status) status = vpce_vmc_set_string(vmc, KEY_BIOS_GUID, guid);
    if (!status) status = vpce_vmc_save(vmc, path);
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_rename(struct vpce_machine *machine, const char *name)
{
    char *dir = strdup(machine->path), *slash, *path = NULL, *new_name;
    enum vpce_vm_state state;
    enum vpce_status status;

    if ((status = vpce_machine_check_name(name)))
    {
        free(dir);
        return status;
    }
    if (!(status = vpce_machine_get_state(machine, &state)) && state != VPCE_VM_TURNED_OFF)
        status = VPCE_E_PREF_VM_ACTIVE;
    if (!status && (!dir || !(slash = strrchr(dir, '/'))
                    || (*slash = 0, asprintf(&path, "%s/%s.vmc", dir, name) < 0)))
        status = VPCE_E_NOMEM;
    free(dir);
    if (status) return status;
    if (!strcmp(path, machine->path))
    {
        free(path);
        return VPCE_OK;
    }
    /* the registry knows it under its new file, and no other machine has that name */
    if (!(status = vpce_machines_add(path)))
    {
        /* link() refuses to replace a file that has the new name */
        if (link(machine->path, path) < 0) status = vpce_status_from_errno(errno);
        if (status) vpce_machines_remove(path);
    }
    if (!status)
    {
        unlink(machine->path);
        vpce_machines_remove(machine->path);
        free(machine->path);
        machine->path = path;
        path = NULL;
        if ((new_name = name_from_path(machine->path)))
        {
            free(machine->name);
            machine->name = new_name;
        }
    }
    free(path);
    return status;
}

enum vpce_status vpce_machine_delete_files(const struct vpce_machine *machine)
{
    char *saved = vpce_machine_saved_state_path(machine);

    if (saved) unlink(saved);
    free(saved);
    vpce_machine_discard_undo_disks(machine);
    return unlink(machine->path) ? vpce_status_from_errno(errno) : VPCE_OK;
}

enum vpce_status vpce_delete_file(const char *path)
{
    return unlink(path) ? vpce_status_from_errno(errno) : VPCE_OK;
}

char *vpce_machine_saved_state_path(const struct vpce_machine *machine)
{
    char *ret = NULL, *copy = strdup(machine->path);
    size_t len;

    if (!copy) return NULL;
    len = strlen(copy);
    if (len > 4 && !strcasecmp(copy + len - 4, ".vmc")) copy[len - 4] = 0;
    if (asprintf(&ret, "%s.vsv", copy) < 0) ret = NULL;
    free(copy);
    return ret;
}

/* ---- libvirt -------------------------------------------------------- */

static char last_libvirt_error[512];

static void remember_error(void)
{
    const char *message = virGetLastErrorMessage();
    snprintf(last_libvirt_error, sizeof(last_libvirt_error), "%s", message ? message : "");
}

const char *vpce_libvirt_error(void)
{
    return last_libvirt_error;
}

/* libvirt prints every error on stderr by default; the engine reports its
 * own (an absent domain is the normal state of a stopped machine) */
static void quiet_errors(void *data, virErrorPtr error)
{
}

static enum vpce_status get_connection(virConnectPtr *ret)
{
    pthread_mutex_lock(&connection_lock);
    virSetErrorFunc(NULL, quiet_errors);
    if (connection && virConnectIsAlive(connection) != 1)
    {
        virConnectClose(connection);
        connection = NULL;
    }
    /* LIBVIRT_DEFAULT_URI when set, else libvirt's own default */
    if (!connection && !(connection = virConnectOpen(NULL))) remember_error();
    if (connection) virConnectRef(connection);
    *ret = connection;
    pthread_mutex_unlock(&connection_lock);
    return *ret ? VPCE_OK : VPCE_E_HARDWARE_VIRTUALIZATION_DISABLED;
}

static virDomainPtr lookup_domain(virConnectPtr conn, struct vpce_vmc *vmc);

enum vpce_status machine_connection(void **conn)
{
    return get_connection((virConnectPtr *)conn);
}

/* The running domain of a machine, or NULL. */
void *machine_domain(void *conn, const struct vpce_machine *machine)
{
    struct vpce_vmc *vmc;
    void *domain = NULL;

    if (!machine_load_vmc(machine, &vmc))
    {
        domain = lookup_domain(conn, vmc);
        vpce_vmc_free(vmc);
    }
    return domain;
}

/* Whether a libvirt domain is one of this prefix's machines. */
int machine_domain_is_ours(const char *name)
{
    return !strncmp(name, "vpc-", 4) && !strncmp(name + 4, instance_tag ? instance_tag : "default",
                                                 strlen(instance_tag ? instance_tag : "default"));
}

static char *domain_name(struct vpce_vmc *vmc)
{
    char *guid = vpce_vmc_get_string(vmc, KEY_BIOS_GUID), *ret = NULL, *p;

    if (!guid) return NULL;
    for (p = guid; *p; p++) if (!isxdigit((unsigned char)*p)) *p = '_';
    if (asprintf(&ret, "vpc-%s-%s", instance_tag ? instance_tag : "default", guid) < 0) ret = NULL;
    free(guid);
    return ret;
}

static virDomainPtr lookup_domain(virConnectPtr conn, struct vpce_vmc *vmc)
{
    char *name = domain_name(vmc);
    virDomainPtr domain = NULL;

    if (name)
    {
        virErrorPtr saved;
        domain = virDomainLookupByName(conn, name);
        saved = virSaveLastError();  /* "no domain" is the normal case of a stopped machine */
        virResetLastError();
        virFreeError(saved);
    }
    free(name);
    return domain;
}

static enum vpce_vm_state state_of(virDomainPtr domain, int saved)
{
    int state, reason;

    if (!domain || virDomainGetState(domain, &state, &reason, 0) < 0)
        return saved ? VPCE_VM_SAVED : VPCE_VM_TURNED_OFF;
    switch (state)
    {
    case VIR_DOMAIN_RUNNING: return VPCE_VM_RUNNING;
    case VIR_DOMAIN_BLOCKED: return VPCE_VM_RUNNING;
    case VIR_DOMAIN_PAUSED:
        if (reason == VIR_DOMAIN_PAUSED_SAVE) return VPCE_VM_SAVING;
        if (reason == VIR_DOMAIN_PAUSED_STARTING_UP) return VPCE_VM_TURNING_ON;
        if (reason == VIR_DOMAIN_PAUSED_MIGRATION) return VPCE_VM_RESTORING;
        return VPCE_VM_PAUSED;
    case VIR_DOMAIN_PMSUSPENDED: return VPCE_VM_PAUSED;
    case VIR_DOMAIN_SHUTDOWN: return VPCE_VM_TURNING_OFF;
    default: return saved ? VPCE_VM_SAVED : VPCE_VM_TURNED_OFF;
    }
}

/* The domain of a machine that runs (or, with allow_paused, is paused by
 * Pause), with the connection it came from, for machine_release_domain;
 * VPCE_E_VM_PAUSED or VPCE_E_VM_NOT_RUNNING otherwise. */
enum vpce_status machine_running_domain(const struct vpce_machine *machine, int allow_paused, void **conn,
                                        void **domain)
{
    enum vpce_vm_state state;

    *domain = NULL;
    if (machine_connection(conn)) return VPCE_E_VM_NOT_RUNNING;
    *domain = machine_domain(*conn, machine);
    state = state_of(*domain, 0);
    if (state == VPCE_VM_RUNNING || (allow_paused && state == VPCE_VM_PAUSED)) return VPCE_OK;
    machine_release_domain(*conn, *domain);
    *conn = *domain = NULL;
    return state == VPCE_VM_PAUSED ? VPCE_E_VM_PAUSED : VPCE_E_VM_NOT_RUNNING;
}

void machine_release_domain(void *conn, void *domain)
{
    if (domain) virDomainFree(domain);
    if (conn) virConnectClose(conn);
}

static int stop_unfinished(struct vpce_vmc *vmc);
static void finish_stop(struct vpce_task *task, const struct vpce_machine *machine, virConnectPtr conn,
                        struct vpce_vmc *vmc);

/* What the machine is doing now, and its libvirt domain if it has one. */
static enum vpce_status current_state(const struct vpce_machine *machine, virConnectPtr conn,
                                      struct vpce_vmc **vmc_out, virDomainPtr *domain_out,
                                      enum vpce_vm_state *state)
{
    char *saved_path = vpce_machine_saved_state_path(machine);
    struct vpce_vmc *vmc;
    virDomainPtr domain;
    enum vpce_status status;

    if ((status = machine_load_vmc(machine, &vmc)))
    {
        free(saved_path);
        return status;
    }
    domain = conn ? lookup_domain(conn, vmc) : NULL;
    *state = state_of(domain, file_exists(saved_path));
    free(saved_path);
    if (*state == VPCE_VM_TURNED_OFF && conn && stop_unfinished(vmc))
    {
        /* it stopped without us (guest shutdown, QEMU gone) */
        finish_stop(NULL, machine, conn, vmc);
        vpce_vmc_free(vmc);
        if ((status = machine_load_vmc(machine, &vmc)))
        {
            if (domain) virDomainFree(domain);
            return status;
        }
    }
    if (vmc_out) *vmc_out = vmc;
    else vpce_vmc_free(vmc);
    if (domain_out) *domain_out = domain;
    else if (domain) virDomainFree(domain);
    return VPCE_OK;
}

enum vpce_status vpce_machine_get_state(const struct vpce_machine *machine, enum vpce_vm_state *state)
{
    virConnectPtr conn = NULL;
    enum vpce_status status;

    /* without a hypervisor nothing runs: the file says whether it is saved */
    get_connection(&conn);
    status = current_state(machine, conn, NULL, NULL, state);
    if (conn) virConnectClose(conn);
    return status;
}

static void add_text(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
}

/* ---- disks: served by nbdkit with the project's VHD plugin ---------- */

#define MAX_DISKS 5   /* the IDE locations and the floppy drive */

struct served_disk
{
    char *path;      /* the VHD, or a DVD drive's ISO image */
    char *socket;
    char *pidfile;
    char *log;       /* nbdkit's messages */
    int cdrom;       /* a DVD drive: path is an ISO, served read-only by
                        nbdkit's file plugin, or NULL with or without... */
    int floppy;      /* (the floppy drive: its image is served writable) */
    char *host_device;  /* ...a host drive given to QEMU itself */
    int bus, device;
};

struct disk_set
{
    struct served_disk disks[MAX_DISKS];
    int count;
};

static void served_disk_free(struct served_disk *disk)
{
    free(disk->path);
    free(disk->host_device);
    free(disk->socket);
    free(disk->pidfile);
    free(disk->log);
    memset(disk, 0, sizeof(*disk));
}

static void disk_set_free(struct disk_set *set)
{
    int i;

    for (i = 0; i < set->count; i++) served_disk_free(&set->disks[i]);
    set->count = 0;
}

char *machine_run_dir(void)
{
    char *dir = NULL;

    /* short: a Unix socket path has 107 bytes; searchable by QEMU's user */
    if (asprintf(&dir, "/tmp/vpccom-%u", (unsigned int)getuid()) < 0) return NULL;
    if (mkdir(dir, 0755) && errno != EEXIST)
    {
        free(dir);
        return NULL;
    }
    chmod(dir, 0755);
    return dir;
}

static char *plugin_path(void)
{
    const char *env = getenv("VPC_NBDKIT_PLUGIN");
    return strdup(env && *env ? env : VPC_NBDKIT_PLUGIN_PATH);
}

static const char *const ide_targets[VPCE_IDE_BUSES][VPCE_IDE_DEVICES] = { { "hda", "hdb" }, { "hdc", "hdd" } };

/* Where the server of a location's disk listens, its pid file and its log. */
static enum vpce_status server_files(struct served_disk *disk, const char *domain, int bus, int device)
{
    char *dir = machine_run_dir();
    const char *target = bus == VPCE_FLOPPY_BUS ? "fda" : ide_targets[bus][device];
    int failed;

    if (!dir) return VPCE_E_ACCESS_DENIED;
    disk->bus = bus;
    disk->device = device;
    failed = asprintf(&disk->socket, "%s/%s-%s.sock", dir, domain, target) < 0
             || asprintf(&disk->pidfile, "%s/%s-%s.pid", dir, domain, target) < 0
             || asprintf(&disk->log, "%s/%s-%s.log", dir, domain, target) < 0;
    free(dir);
    return failed ? VPCE_E_NOMEM : VPCE_OK;
}

/* A DVD or floppy drive and its media: an image through a disk server, a
 * host drive as its device, or nothing (an empty drive the guest sees). */
static enum vpce_status media_disk(struct vpce_drive *drive, const char *domain, struct served_disk *disk)
{
    memset(disk, 0, sizeof(*disk));
    disk->cdrom = drive->type == VPCE_DRIVE_DVD;
    disk->floppy = drive->type == VPCE_DRIVE_FLOPPY;
    if (drive->host_drive)
        disk->host_device = disk->floppy ? vpce_host_floppy_device(drive->host_drive)
                                         : vpce_host_dvd_device(drive->host_drive);
    if (drive->path)
    {
        disk->path = drive->path;
        drive->path = NULL;
    }
    return server_files(disk, domain, drive->bus, drive->device);
}

/* The IDE hard disks of the .vmc, each with the disk it serves (its undo
 * disk, if the machine has them) and the socket it will be served on. */
static enum vpce_status collect_disks(struct vpce_task *task, const struct vpce_machine *machine,
                                      struct vpce_vmc *vmc, const char *domain, int fix_parent_times,
                                      struct disk_set *set)
{
    enum vpce_status status = VPCE_OK;
    struct vpce_drive drive;
    int bus, device;

    for (bus = 0; bus < VPCE_IDE_BUSES && !status; bus++)
    {
        for (device = 0; device < VPCE_IDE_DEVICES && !status; device++)
        {
            struct served_disk disk = { 0 };

            if ((status = drive_read(machine, vmc, bus, device, &drive))) break;
            if (drive.type == VPCE_DRIVE_HARD_DISK
                    && !(status = drive_prepare(task, machine, vmc, bus, device, fix_parent_times, &disk.path))
                    && !(status = server_files(&disk, domain, bus, device)))
                set->disks[set->count++] = disk;
            else if (drive.type == VPCE_DRIVE_DVD && !(status = media_disk(&drive, domain, &disk)))
                set->disks[set->count++] = disk;
            else served_disk_free(&disk);
            vpce_drive_clear(&drive);
        }
    }
    if (!status && !(status = drive_read(machine, vmc, VPCE_FLOPPY_BUS, 0, &drive)))
    {
        struct served_disk disk;

        if (!(status = media_disk(&drive, domain, &disk))) set->disks[set->count++] = disk;
        else served_disk_free(&disk);
        vpce_drive_clear(&drive);
    }
    return status;
}

/* One <disk> of the domain: a hard disk or an image through its server, a
 * host DVD drive, or an empty DVD drive. */
static void disk_element(xmlNodePtr parent, const struct served_disk *served)
{
    const char *type = served->path ? "network" : served->host_device ? "block" : "file";
    xmlNodePtr disk, node, host;

    disk = xmlNewChild(parent, NULL, BAD_CAST "disk", NULL);
    xmlSetProp(disk, BAD_CAST "type", BAD_CAST type);
    xmlSetProp(disk, BAD_CAST "device", BAD_CAST (served->cdrom ? "cdrom" : served->floppy ? "floppy" : "disk"));
    node = xmlNewChild(disk, NULL, BAD_CAST "driver", NULL);
    xmlSetProp(node, BAD_CAST "name", BAD_CAST "qemu");
    xmlSetProp(node, BAD_CAST "type", BAD_CAST "raw");
    if (served->path)
    {
        node = xmlNewChild(disk, NULL, BAD_CAST "source", NULL);
        xmlSetProp(node, BAD_CAST "protocol", BAD_CAST "nbd");
        host = xmlNewChild(node, NULL, BAD_CAST "host", NULL);
        xmlSetProp(host, BAD_CAST "transport", BAD_CAST "unix");
        xmlSetProp(host, BAD_CAST "socket", BAD_CAST served->socket);
    }
    else if (served->host_device)
    {
        node = xmlNewChild(disk, NULL, BAD_CAST "source", NULL);
        xmlSetProp(node, BAD_CAST "dev", BAD_CAST served->host_device);
    }
    node = xmlNewChild(disk, NULL, BAD_CAST "target", NULL);
    xmlSetProp(node, BAD_CAST "dev", BAD_CAST (served->floppy ? "fda" : ide_targets[served->bus][served->device]));
    xmlSetProp(node, BAD_CAST "bus", BAD_CAST (served->floppy ? "fdc" : "ide"));
    if (served->cdrom) xmlNewChild(disk, NULL, BAD_CAST "readonly", NULL);
}

static void add_disks(xmlNodePtr devices, const struct disk_set *set)
{
    int i;

    for (i = 0; i < set->count; i++) disk_element(devices, &set->disks[i]);
}

static pid_t read_pid(const char *pidfile)
{
    FILE *f = fopen(pidfile, "r");
    int pid = 0;

    if (f)
    {
        if (fscanf(f, "%d", &pid) != 1) pid = 0;
        fclose(f);
    }
    return pid;
}

static int server_running(const struct served_disk *disk)
{
    pid_t pid = read_pid(disk->pidfile);
    return pid > 0 && !kill(pid, 0);
}

static void stop_servers(const struct disk_set *set)
{
    int i;
    pid_t pid;

    for (i = 0; i < set->count; i++)
    {
        if (!set->disks[i].path) continue;
        if ((pid = read_pid(set->disks[i].pidfile)) > 0) kill(pid, SIGTERM);
        unlink(set->disks[i].pidfile);
        unlink(set->disks[i].socket);
    }
}

/* One nbdkit per disk, outside this process (the machine outlives the
 * script that starts it); it ends when QEMU lets go of the disk. */
static enum vpce_status start_server(struct vpce_task *task, const struct served_disk *disk)
{
    char *plugin = plugin_path(), *file = NULL, *prefix = NULL;
    const char *wine_prefix = vpce_wine_prefix();
    pid_t child;
    int i, status;

    /* an earlier server of this location may still be ending, QEMU having
     * just let go of it: looked at, never signalled */
    for (i = 0; i < 200 && server_running(disk); i++) usleep(10000);
    unlink(disk->socket);
    unlink(disk->pidfile);
    if (disk->cdrom || disk->floppy)
    {
        free(plugin);
        plugin = strdup("file");
    }
    if (!plugin || asprintf(&file, "file=%s", disk->path) < 0
            || asprintf(&prefix, "prefix=%s", wine_prefix ? wine_prefix : "") < 0)
    {
        free(plugin);
        return VPCE_E_NOMEM;
    }
    if (!(child = fork()))
    {
        /* a grandchild that init adopts, with nothing of this process open */
        if (fork()) _exit(0);
        setsid();
        umask(0);  /* QEMU runs as another user: the socket must be writable */
        close_range(3, ~0U, 0);
        i = open("/dev/null", O_RDWR);
        dup2(i, 0);
        dup2(i, 1);
        /* its messages go to a log beside the socket, never to the caller's pipes */
        if ((status = open(disk->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) >= 0)
            dup2(status, 2);
        else dup2(i, 2);
        if (disk->cdrom)
            execlp("nbdkit", "nbdkit", "-r", "-f", "-U", disk->socket, "-P", disk->pidfile,
                   "--filter=exitlast", plugin, file, (char *)NULL);
        else if (disk->floppy)
            execlp("nbdkit", "nbdkit", "-f", "-U", disk->socket, "-P", disk->pidfile,
                   "--filter=exitlast", plugin, file, (char *)NULL);
        else
            execlp("nbdkit", "nbdkit", "-f", "-U", disk->socket, "-P", disk->pidfile,
                   "--filter=exitlast", plugin, file, prefix, (char *)NULL);
        _exit(127);
    }
    free(plugin);
    free(file);
    free(prefix);
    if (child < 0) return vpce_status_from_errno(errno);
    waitpid(child, &status, 0);

    /* nbdkit writes its pid file once it accepts connections */
    for (i = 0; i < 500 && !read_pid(disk->pidfile); i++) usleep(10000);
    if (!read_pid(disk->pidfile))
    {
        vpce_task_set_error_text(task, "The disk server (nbdkit) did not start for %s.", disk->path);
        return VPCE_E_HD_IMAGE_OPEN_FAIL;
    }
    /* nbdkit makes its socket 0755; QEMU, as another user, must connect */
    chmod(disk->socket, 0777);
    return VPCE_OK;
}

/* After QEMU is gone its disk servers end by themselves (exitlast); their
 * sockets and pid files stay behind unless removed.  Never signal a pid
 * read back here: it may belong to another process by now. */
static void remove_server_files(struct vpce_vmc *vmc)
{
    char *name = domain_name(vmc);
    int bus, device;

    /* the IDE locations, and the floppy drive's */
    for (bus = VPCE_FLOPPY_BUS; name && bus < VPCE_IDE_BUSES; bus++)
    {
        for (device = 0; device < (bus == VPCE_FLOPPY_BUS ? 1 : VPCE_IDE_DEVICES); device++)
        {
            struct served_disk disk = { 0 };

            if (!server_files(&disk, name, bus, device))
            {
                unlink(disk.socket);
                unlink(disk.pidfile);
            }
            served_disk_free(&disk);
        }
    }
    free(name);
}

static enum vpce_status start_servers(struct vpce_task *task, struct disk_set *set)
{
    enum vpce_status status = VPCE_OK;
    int i;

    for (i = 0; i < set->count && !status; i++)
        if (set->disks[i].path) status = start_server(task, &set->disks[i]);
    if (status) stop_servers(set);
    return status;
}

/* A DVD drive's <disk> alone, for a change of media. */
static char *disk_xml(const struct served_disk *disk)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "devices");
    xmlChar *text = NULL;
    char *ret = NULL;
    int size;

    xmlDocSetRootElement(doc, root);
    disk_element(root, disk);
    xmlDocSetRootElement(doc, root->children);
    xmlDocDumpMemoryEnc(doc, &text, &size, "UTF-8");
    if (text) ret = strdup((char *)text);
    xmlFree(text);
    xmlFreeNode(root);
    xmlFreeDoc(doc);
    return ret;
}

enum vpce_status machine_media_changed(const struct vpce_machine *machine, struct vpce_vmc *vmc,
                                       int bus, int device)
{
    struct served_disk disk = { 0 };
    enum vpce_status status;
    struct vpce_drive drive;
    virDomainPtr domain;
    virConnectPtr conn;
    char *name, *xml = NULL;

    /* a machine that does not run gets its media from the .vmc at start-up */
    if (get_connection(&conn)) return VPCE_OK;
    if (!(domain = lookup_domain(conn, vmc)))
    {
        virConnectClose(conn);
        return VPCE_OK;
    }
    if (!(name = domain_name(vmc))) status = VPCE_E_NOMEM;
    else if (!(status = drive_read(machine, vmc, bus, device, &drive)))
    {
        status = media_disk(&drive, name, &disk);
        vpce_drive_clear(&drive);
    }
    if (!status && disk.path) status = start_server(NULL, &disk);
    if (!status && !(xml = disk_xml(&disk))) status = VPCE_E_NOMEM;
    if (!status && virDomainUpdateDeviceFlags(domain, xml, VIR_DOMAIN_AFFECT_LIVE) < 0)
    {
        remember_error();
        status = VPCE_E_UNEXPECTED;
    }
    served_disk_free(&disk);
    free(xml);
    free(name);
    virDomainFree(domain);
    virConnectClose(conn);
    return status;
}

/* The servers a failed start left: one whose client went away is gone
 * (exitlast), and starts again. */
static enum vpce_status restart_servers(struct vpce_task *task, struct disk_set *set)
{
    enum vpce_status status = VPCE_OK;
    int i;

    for (i = 0; i < set->count && !status; i++)
        if (set->disks[i].path && !server_running(&set->disks[i])) status = start_server(task, &set->disks[i]);
    return status;
}

/* The BIOS's serial numbers and asset tag (SMBIOS), from the .vmc. */
static void add_sysinfo(xmlNodePtr domain, struct vpce_vmc *vmc)
{
    static const struct { const char *section, *entry, *key; } entries[] =
    {
        { "system",    "serial", "hardware/bios/bios_serial_number" },
        { "baseBoard", "serial", "hardware/bios/base_board_serial_number" },
        { "chassis",   "serial", "hardware/bios/chassis_serial_number" },
        { "chassis",   "asset",  "hardware/bios/chassis_asset_tag" },
    };
    xmlNodePtr sysinfo = xmlNewChild(domain, NULL, BAD_CAST "sysinfo", NULL), section = NULL, node;
    const char *current = NULL;
    unsigned int i;
    char *value;

    xmlSetProp(sysinfo, BAD_CAST "type", BAD_CAST "smbios");
    for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
    {
        if (!(value = vpce_vmc_get_string(vmc, entries[i].key)) || !*value)
        {
            free(value);
            continue;
        }
        if (!current || strcmp(current, entries[i].section))
            section = xmlNewChild(sysinfo, NULL, BAD_CAST entries[i].section, NULL);
        current = entries[i].section;
        node = xmlNewTextChild(section, NULL, BAD_CAST "entry", BAD_CAST value);
        xmlSetProp(node, BAD_CAST "name", BAD_CAST entries[i].entry);
        free(value);
    }
}

/* KVM when /dev/kvm opens and comes from Intel's or AMD's module: other
 * implementations (PVM under a nested hypervisor) emulate a PC's real-mode
 * start-up code, and fail in boot loaders.  VPCCOM_ACCEL=tcg or kvm decides
 * instead. */
static int kvm_usable(void)
{
    const char *accel = getenv("VPCCOM_ACCEL");

    if (access("/dev/kvm", R_OK | W_OK)) return 0;
    if (accel && !strcmp(accel, "tcg")) return 0;
    if (accel && !strcmp(accel, "kvm")) return 1;
    if (!access("/sys/module/kvm_intel", F_OK) || !access("/sys/module/kvm_amd", F_OK)) return 1;
    if (access("/sys/module/kvm", F_OK)) return 1;  /* no sysfs to tell */
    return 0;
}

/* The domain for a .vmc, as XML built with libxml2 (names and notes with
 * any characters are escaped). */
static enum vpce_status domain_xml(const struct vpce_machine *machine, struct vpce_vmc *vmc,
                                   const struct disk_set *disks, int kvm, char **ret)
{
    char *name = domain_name(vmc), *guid = vpce_vmc_get_string(vmc, KEY_BIOS_GUID);
    char memory[32], uuid[40];
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr domain, node, os, devices;
    enum vpce_status status = VPCE_OK;
    xmlChar *text = NULL;
    int64_t mb = 128;
    int size;

    vpce_vmc_get_integer(vmc, KEY_MEMORY, &mb);
    snprintf(memory, sizeof(memory), "%lld", (long long)mb);
    if (!name || !guid || strlen(guid) != 32)
    {
        free(name);
        free(guid);
        xmlFreeDoc(doc);
        return VPCE_E_PREF_ILLEGAL_VALUE;
    }
    snprintf(uuid, sizeof(uuid), "%.8s-%.4s-%.4s-%.4s-%.12s", guid, guid + 8, guid + 12, guid + 16,
             guid + 20);

    domain = xmlNewNode(NULL, BAD_CAST "domain");
    xmlDocSetRootElement(doc, domain);
    xmlSetProp(domain, BAD_CAST "type", BAD_CAST (kvm ? "kvm" : "qemu"));
    add_text(domain, "name", name);
    add_text(domain, "uuid", uuid);
    add_text(domain, "title", machine->name);
    add_text(domain, "description", machine->path);
    node = xmlNewTextChild(domain, NULL, BAD_CAST "memory", BAD_CAST memory);
    xmlSetProp(node, BAD_CAST "unit", BAD_CAST "MiB");
    add_text(domain, "vcpu", "1");
    os = xmlNewChild(domain, NULL, BAD_CAST "os", NULL);
    node = xmlNewTextChild(os, NULL, BAD_CAST "type", BAD_CAST "hvm");
    xmlSetProp(node, BAD_CAST "arch", BAD_CAST "x86_64");
    xmlSetProp(node, BAD_CAST "machine", BAD_CAST "pc");
    node = xmlNewChild(os, NULL, BAD_CAST "boot", NULL);
    xmlSetProp(node, BAD_CAST "dev", BAD_CAST "hd");
    node = xmlNewChild(os, NULL, BAD_CAST "smbios", NULL);
    xmlSetProp(node, BAD_CAST "mode", BAD_CAST "sysinfo");
    add_sysinfo(domain, vmc);
    node = xmlNewChild(domain, NULL, BAD_CAST "features", NULL);
    xmlNewChild(node, NULL, BAD_CAST "acpi", NULL);
    add_text(domain, "on_poweroff", "destroy");
    add_text(domain, "on_reboot", "restart");
    add_text(domain, "on_crash", "destroy");
    devices = xmlNewChild(domain, NULL, BAD_CAST "devices", NULL);
    add_disks(devices, disks);
    network_add_devices(machine, vmc, devices);
    ports_add_devices(machine, vmc, name, devices);
    /* the guest agent's port (IVMGuestOS) and a tablet for absolute
     * pointer positions (IVMMouse); the PS/2 mouse takes relative ones */
    node = xmlNewChild(devices, NULL, BAD_CAST "channel", NULL);
    xmlSetProp(node, BAD_CAST "type", BAD_CAST "unix");
    node = xmlNewChild(node, NULL, BAD_CAST "target", NULL);
    xmlSetProp(node, BAD_CAST "type", BAD_CAST "virtio");
    xmlSetProp(node, BAD_CAST "name", BAD_CAST GUEST_AGENT_PORT);
    node = xmlNewChild(devices, NULL, BAD_CAST "input", NULL);
    xmlSetProp(node, BAD_CAST "type", BAD_CAST "tablet");
    xmlSetProp(node, BAD_CAST "bus", BAD_CAST "usb");
    node = xmlNewChild(devices, NULL, BAD_CAST "video", NULL);
    node = xmlNewChild(node, NULL, BAD_CAST "model", NULL);
    xmlSetProp(node, BAD_CAST "type", BAD_CAST "vga");
    node = xmlNewChild(devices, NULL, BAD_CAST "memballoon", NULL);
    xmlSetProp(node, BAD_CAST "model", BAD_CAST "none");

    if (!status)
    {
        xmlDocDumpMemoryEnc(doc, &text, &size, "UTF-8");
        if (!text || !(*ret = strdup((char *)text))) status = VPCE_E_NOMEM;
    }
    xmlFree(text);
    xmlFreeDoc(doc);
    free(name);
    free(guid);
    return status;
}

/* ---- lifecycle tasks ------------------------------------------------ */

enum machine_operation { OP_STARTUP, OP_TURN_OFF, OP_SAVE, OP_RESET };

struct machine_job
{
    enum machine_operation op;
    struct vpce_machine *machine;
    int fix_parent_times;   /* Startup2(vmStartupOption_FixParentTimestampMismatch) */
};

static enum vpce_status libvirt_failure(struct vpce_task *task, const char *what)
{
    remember_error();
    vpce_task_set_error_text(task, "%s: %s", what, last_libvirt_error);
    return VPCE_E_UNEXPECTED;
}

/* ---- activation values: the configuration a running machine started with */

static char *activation_path(struct vpce_vmc *vmc)
{
    char *dir = machine_run_dir(), *name = domain_name(vmc), *ret = NULL;

    if (dir && name && asprintf(&ret, "%s/%s.activation.vmc", dir, name) < 0) ret = NULL;
    free(dir);
    free(name);
    return ret;
}

/* At start-up the .vmc is copied into the activation set; a restored
 * machine keeps the set it had. */
static void activate(struct vpce_vmc *vmc, int restored)
{
    char *path = activation_path(vmc);

    if (path && !(restored && file_exists(path))) vpce_vmc_save(vmc, path);
    free(path);
}

/* A machine that ran keeps its activation set until its stop is finished. */
static int stop_unfinished(struct vpce_vmc *vmc)
{
    char *path = activation_path(vmc);
    int ret = file_exists(path);

    free(path);
    return ret;
}

/* Whatever stopped the machine (TurnOff, its guest, QEMU's end), the first
 * to see it stopped finishes the stop, under a lock: the disk servers'
 * files go, the undo disks are kept, discarded or committed, and the
 * activation set goes last. */
static void finish_stop(struct vpce_task *task, const struct vpce_machine *machine, virConnectPtr conn,
                        struct vpce_vmc *vmc)
{
    char *path = activation_path(vmc), *lock = NULL, *saved = vpce_machine_saved_state_path(machine);
    virDomainPtr domain;
    int fd = -1;

    if (path && asprintf(&lock, "%s.lock", path) >= 0
            && (fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) >= 0)
        flock(fd, LOCK_EX);
    /* under the lock: still stopped, and not finished by another process */
    if (fd >= 0 && file_exists(path) && !file_exists(saved))
    {
        if ((domain = lookup_domain(conn, vmc))) virDomainFree(domain);
        else
        {
            remove_server_files(vmc);
            drives_machine_stopped(task, machine);
            unlink(path);
        }
    }
    if (fd >= 0)
    {
        unlink(lock);
        close(fd);
    }
    free(lock);
    free(path);
    free(saved);
}

/* The activation set of a machine that runs (or is paused); none otherwise. */
static enum vpce_status activation_do(const struct vpce_machine *machine, const char *key,
                                      struct vpce_value *get, const struct vpce_value *set)
{
    struct vpce_vmc *vmc, *activation;
    enum vpce_vm_state state;
    enum vpce_status status;
    virConnectPtr conn = NULL;
    char *path;

    get_connection(&conn);
    status = current_state(machine, conn, &vmc, NULL, &state);
    if (conn) virConnectClose(conn);
    if (status) return status;
    path = activation_path(vmc);
    vpce_vmc_free(vmc);
    if (!path) return VPCE_E_NOMEM;
    if (state != VPCE_VM_RUNNING && state != VPCE_VM_PAUSED) status = VPCE_E_PREF_NOT_FOUND;
    else if ((status = vpce_vmc_load(path, &activation)) == VPCE_E_FILE_NOT_FOUND)
        status = VPCE_E_PREF_NOT_FOUND;
    if (!status)
    {
        if (get) status = vpce_vmc_get(activation, key, get);
        else if (set) status = vpce_vmc_set(activation, key, set);
        else status = vpce_vmc_remove(activation, key);
        if (!status && !get) status = vpce_vmc_save(activation, path);
        vpce_vmc_free(activation);
    }
    free(path);
    return status;
}

enum vpce_status vpce_machine_get_activation(const struct vpce_machine *machine, const char *key,
                                             struct vpce_value *value)
{
    memset(value, 0, sizeof(*value));
    return activation_do(machine, key, value, NULL);
}

enum vpce_status vpce_machine_set_activation(const struct vpce_machine *machine, const char *key,
                                             const struct vpce_value *value)
{
    return activation_do(machine, key, NULL, value);
}

enum vpce_status vpce_machine_remove_activation(const struct vpce_machine *machine, const char *key)
{
    return activation_do(machine, key, NULL, NULL);
}

/* libvirt's error, and what the disk servers said, which QEMU's error
 * about a disk it could not reach does not tell. */
static enum vpce_status start_failure(struct vpce_task *task, const struct disk_set *disks,
                                     const char *kvm_error)
{
    char servers[1024] = "";
    size_t used = 0;
    int i;

    remember_error();
    for (i = 0; i < disks->count && used < sizeof(servers) - 1; i++)
    {
        FILE *log = fopen(disks->disks[i].log, "r");
        char line[256] = "";

        if (log && !fgets(line, sizeof(line), log)) line[0] = 0;
        if (log) fclose(log);
        line[strcspn(line, "\n")] = 0;
        used += snprintf(servers + used, sizeof(servers) - used, " (disk server of %s: %s%s%s)",
                         disks->disks[i].path, server_running(&disks->disks[i]) ? "running" : "gone",
                         *line ? ", " : "", line);
    }
    if (*kvm_error)
        vpce_task_set_error_text(task, "Starting the virtual machine failed: %s%s (with KVM: %s)",
                                 last_libvirt_error, servers, kvm_error);
    else
        vpce_task_set_error_text(task, "Starting the virtual machine failed: %s%s", last_libvirt_error, servers);
    return VPCE_E_UNEXPECTED;
}

static enum vpce_status start_domain(struct vpce_task *task, virConnectPtr conn,
                                     const struct vpce_machine *machine, struct vpce_vmc *vmc,
                                     int fix_parent_times)
{
    char *saved = vpce_machine_saved_state_path(machine), *xml = NULL, *name = domain_name(vmc);
    struct disk_set disks = { 0 };
    enum vpce_status status;
    virDomainPtr domain = NULL;
    int kvm = kvm_usable();
    char kvm_error[512] = "";

    if (!saved || !name) status = VPCE_E_NOMEM;
    else status = collect_disks(task, machine, vmc, name, fix_parent_times, &disks);
    if (!status) status = start_servers(task, &disks);
    if (status) goto done;

    if (file_exists(saved))
    {
        /* restore, then the saved state is spent */
        if (virDomainRestoreFlags(conn, saved, NULL, VIR_DOMAIN_SAVE_RUNNING) < 0)
            status = libvirt_failure(task, "Restoring the saved state failed");
        else
        {
            unlink(saved);
            activate(vmc, 1);
        }
    }
    else if (!(status = domain_xml(machine, vmc, &disks, kvm, &xml)))
    {
        if (!(domain = virDomainCreateXML(conn, xml, 0)) && kvm)
        {
            /* KVM present but refused (permissions, nesting): emulate; a
             * QEMU that got as far as its disks took their servers along */
            remember_error();
            snprintf(kvm_error, sizeof(kvm_error), "%s", last_libvirt_error);
            free(xml);
            xml = NULL;
            if (!(status = restart_servers(task, &disks)) && !(status = domain_xml(machine, vmc, &disks, 0, &xml)))
                domain = virDomainCreateXML(conn, xml, 0);
        }
        if (!status && !domain) status = start_failure(task, &disks, kvm_error);
        if (!status) activate(vmc, 0);
    }
    if (status) stop_servers(&disks);

done:
    if (domain) virDomainFree(domain);
    disk_set_free(&disks);
    free(xml);
    free(name);
    free(saved);
    return status;
}

static const enum vpce_vm_state transition[] =
{
    [OP_STARTUP] = VPCE_VM_TURNING_ON,
    [OP_TURN_OFF] = VPCE_VM_TURNING_OFF,
    [OP_SAVE] = VPCE_VM_SAVING,
};

static enum vpce_status machine_run(struct vpce_task *task, void *context)
{
    struct machine_job *job = context;
    char *saved = vpce_machine_saved_state_path(job->machine);
    enum vpce_status status;
    enum vpce_vm_state state;
    struct vpce_vmc *vmc = NULL;
    virDomainPtr domain = NULL;
    virConnectPtr conn;

    if ((status = get_connection(&conn)))
    {
        vpce_task_set_error_text(task, "No connection to libvirt: %s", last_libvirt_error);
        free(saved);
        return status;
    }
    if (!(status = current_state(job->machine, conn, &vmc, &domain, &state)))
    {
        vpce_task_progress(task, 10);
        /* the transition, which libvirt's events do not tell; they tell
         * the state it ends in */
        if (job->op != OP_RESET) events_emit_machine(job->machine, VPCE_EVENT_STATE, transition[job->op], 0, 0, NULL);
        if (job->op == OP_STARTUP && file_exists(saved))
            events_emit_machine(job->machine, VPCE_EVENT_STATE, VPCE_VM_RESTORING, 0, 0, NULL);
        switch (job->op)
        {
        case OP_STARTUP:
            status = start_domain(task, conn, job->machine, vmc, job->fix_parent_times);
            break;
        case OP_TURN_OFF:
            if (virDomainDestroy(domain) < 0) status = libvirt_failure(task, "Turning off failed");
            else finish_stop(task, job->machine, conn, vmc);
            break;
        case OP_SAVE:
            if (virDomainSaveFlags(domain, saved, NULL, 0) < 0)
            {
                status = libvirt_failure(task, "Saving the state failed");
                unlink(saved);
            }
            break;
        case OP_RESET:
            if (virDomainReset(domain, 0) < 0) status = libvirt_failure(task, "Resetting failed");
            break;
        }
        /* a failed transition: back where it was */
        if (status && job->op != OP_RESET)
            events_emit_machine(job->machine, VPCE_EVENT_STATE, state, 0, 0, NULL);
    }
    if (domain) virDomainFree(domain);
    vpce_vmc_free(vmc);
    virConnectClose(conn);
    free(saved);
    return status;
}

static void machine_cleanup(void *context, enum vpce_status status)
{
    struct machine_job *job = context;

    vpce_machine_close(job->machine);
    free(job);
}

static const struct vpce_task_ops machine_ops = { machine_run, machine_cleanup };

/* The state each operation needs, checked before the task starts. */
static enum vpce_status check_state(enum machine_operation op, enum vpce_vm_state state)
{
    switch (op)
    {
    case OP_STARTUP:
        if (state == VPCE_VM_TURNED_OFF || state == VPCE_VM_SAVED) return VPCE_OK;
        return state == VPCE_VM_PAUSED ? VPCE_E_VM_PAUSED : VPCE_E_VM_RUNNING;
    case OP_TURN_OFF:
    case OP_SAVE:
        return state == VPCE_VM_RUNNING || state == VPCE_VM_PAUSED ? VPCE_OK : VPCE_E_VM_NOT_RUNNING;
    case OP_RESET:
        if (state == VPCE_VM_PAUSED) return VPCE_E_VM_PAUSED;
        return state == VPCE_VM_RUNNING ? VPCE_OK : VPCE_E_VM_NOT_RUNNING;
    }
    return VPCE_E_UNEXPECTED;
}

static enum vpce_status start_machine_task(const char *description, const struct vpce_machine *machine,
                                           enum machine_operation op, int fix_parent_times,
                                           struct vpce_task **task)
{
    struct machine_job *job;
    enum vpce_vm_state state;
    enum vpce_status status;

    *task = NULL;
    if ((status = vpce_machine_get_state(machine, &state))) return status;
    if ((status = check_state(op, state))) return status;
    if (!(job = calloc(1, sizeof(*job)))) return VPCE_E_NOMEM;
    job->op = op;
    job->fix_parent_times = fix_parent_times;
    if ((status = vpce_machine_open(machine->path, &job->machine)))
    {
        free(job);
        return status;
    }
    if ((status = vpce_task_start(description, 0, &machine_ops, job, task)))
        machine_cleanup(job, status);
    return status;
}

enum vpce_status vpce_machine_startup(const char *description, const struct vpce_machine *machine,
                                      struct vpce_task **task)
{
    return start_machine_task(description, machine, OP_STARTUP, 0, task);
}

enum vpce_status vpce_machine_startup_fixing_parents(const char *description,
                                                     const struct vpce_machine *machine,
                                                     struct vpce_task **task)
{
    return start_machine_task(description, machine, OP_STARTUP, 1, task);
}

enum vpce_status vpce_machine_turn_off(const char *description, const struct vpce_machine *machine,
                                       struct vpce_task **task)
{
    return start_machine_task(description, machine, OP_TURN_OFF, 0, task);
}

enum vpce_status vpce_machine_save(const char *description, const struct vpce_machine *machine,
                                   struct vpce_task **task)
{
    return start_machine_task(description, machine, OP_SAVE, 0, task);
}

enum vpce_status vpce_machine_reset(const char *description, const struct vpce_machine *machine,
                                    struct vpce_task **task)
{
    return start_machine_task(description, machine, OP_RESET, 0, task);
}

/* Pause and Resume are immediate. */
static enum vpce_status pause_or_resume(const struct vpce_machine *machine, int pause)
{
    virConnectPtr conn;
    virDomainPtr domain = NULL;
    enum vpce_vm_state state;
    enum vpce_status status;

    if ((status = get_connection(&conn))) return status;
    if (!(status = current_state(machine, conn, NULL, &domain, &state)))
    {
        if (state != VPCE_VM_RUNNING && state != VPCE_VM_PAUSED) status = VPCE_E_VM_NOT_RUNNING;
        else if (pause && state == VPCE_VM_PAUSED) status = VPCE_E_VM_PAUSED;
        else if (!pause && state == VPCE_VM_RUNNING) status = VPCE_OK;   /* already running */
        else if ((pause ? virDomainSuspend(domain) : virDomainResume(domain)) < 0)
        {
            remember_error();
            status = VPCE_E_UNEXPECTED;
        }
    }
    if (domain) virDomainFree(domain);
    virConnectClose(conn);
    return status;
}

enum vpce_status vpce_machine_pause(const struct vpce_machine *machine)
{
    return pause_or_resume(machine, 1);
}

enum vpce_status vpce_machine_resume(const struct vpce_machine *machine)
{
    return pause_or_resume(machine, 0);
}

enum vpce_status vpce_machine_discard_saved_state(const struct vpce_machine *machine)
{
    char *saved = vpce_machine_saved_state_path(machine);
    enum vpce_vm_state state;
    enum vpce_status status;

    if (!saved) return VPCE_E_NOMEM;
    if (!(status = vpce_machine_get_state(machine, &state)))
    {
        if (state != VPCE_VM_SAVED)
            status = state == VPCE_VM_TURNED_OFF ? VPCE_E_VM_NO_SAVED_STATE : VPCE_E_VM_RUNNING;
        else if (unlink(saved) < 0) status = vpce_status_from_errno(errno);
    }
    free(saved);
    return status;
}

/* Settings that cannot change while the machine runs or is saved. */
static enum vpce_status check_settable(const struct vpce_machine *machine)
{
    enum vpce_vm_state state;
    enum vpce_status status;

    if ((status = vpce_machine_get_state(machine, &state))) return status;
    return state == VPCE_VM_TURNED_OFF ? VPCE_OK : VPCE_E_PREF_VM_ACTIVE;
}

enum vpce_status vpce_machine_get_value(const struct vpce_machine *machine, const char *key,
                                        struct vpce_value *value)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if ((status = machine_load_vmc(machine, &vmc))) return status;
    status = vpce_vmc_get(vmc, key, value);
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_set_value(const struct vpce_machine *machine, const char *key,
                                        const struct vpce_value *value, int needs_off)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if (needs_off && (status = check_settable(machine))) return status;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    status = vpce_vmc_set(vmc, key, value);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_remove_value(const struct vpce_machine *machine, const char *key)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if ((status = machine_load_vmc(machine, &vmc))) return status;
    status = vpce_vmc_remove(vmc, key);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_vmc_free(vmc);
    return status;
}
