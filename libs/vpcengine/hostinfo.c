/*
 * The host as IVMHostInfo describes it: processor, memory, operating
 * system, and the devices a virtual machine could use
 *
 * Everything is read when asked (nothing is cached): memory and addresses
 * change, and a script may poll them.
 *
 * Drives and ports are named as Windows programs in the Wine prefix see
 * them, from the prefix's dosdevices folder: "d::" -> /dev/sr0 is the DVD
 * drive D:, "com1" -> /dev/ttyS0 the serial port COM1.  Only such device
 * links count; a drive letter linked to a folder where a disc happens to
 * be mounted is not a DVD drive here.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vpcengine.h"

/* A "name : value" line of /proc/cpuinfo split in place; 0 when it is not one. */
static int split_field(char *line, char **name, char **value)
{
    char *colon = strchr(line, ':'), *end;

    if (!colon) return 0;
    for (end = colon; end > line && isspace((unsigned char)end[-1]); end--) ;
    *end = 0;
    *name = line;
    for (*value = colon + 1; isspace((unsigned char)**value); (*value)++) ;
    (*value)[strcspn(*value, "\n")] = 0;
    return 1;
}

static int has_word(const char *list, const char *word)
{
    size_t len = strlen(word);
    const char *p = list;

    while ((p = strstr(p, word)))
    {
        if ((p == list || p[-1] == ' ') && (p[len] == ' ' || !p[len])) return 1;
        p += len;
    }
    return 0;
}

static void copy_string(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

static void add_feature(struct vpce_host_cpu *cpu, const char *name)
{
    size_t len = strlen(cpu->features);
    snprintf(cpu->features + len, sizeof(cpu->features) - len, "%s%s", len ? "," : "", name);
}

/* The reference's feature names, in the order of its example
 * ("MMX,SSE,SSE2,x86-64"), then virtualization: HAVE when KVM is usable
 * (the firmware enabled it), HAVD when the processor has it but it is off. */
static void set_features(struct vpce_host_cpu *cpu, const char *flags)
{
    int vmx = has_word(flags, "vmx"), svm = has_word(flags, "svm");

    cpu->mmx = has_word(flags, "mmx");
    cpu->sse = has_word(flags, "sse");
    cpu->sse2 = has_word(flags, "sse2");
    cpu->three_dnow = has_word(flags, "3dnow");
    cpu->features[0] = 0;
    if (cpu->mmx) add_feature(cpu, "MMX");
    if (cpu->sse) add_feature(cpu, "SSE");
    if (cpu->sse2) add_feature(cpu, "SSE2");
    if (has_word(flags, "pni")) add_feature(cpu, "SSE3");  /* Linux's name for SSE3 */
    if (has_word(flags, "lm")) add_feature(cpu, "x86-64");
    if (vmx) add_feature(cpu, "Intel VT");
    if (svm) add_feature(cpu, "AMD-V");
    if (vmx || svm) add_feature(cpu, access("/dev/kvm", F_OK) ? "HAVD" : "HAVE");
    if (has_word(flags, "smx")) add_feature(cpu, "TXTE");
}

/* Distinct (physical id, core id) pairs: hyperthreads share a core. */
struct core_set
{
    long ids[1024][2];
    int count;
};

static void add_core(struct core_set *cores, long package, long core)
{
    int i;

    for (i = 0; i < cores->count; i++)
        if (cores->ids[i][0] == package && cores->ids[i][1] == core) return;
    if (cores->count == sizeof(cores->ids) / sizeof(cores->ids[0])) return;
    cores->ids[cores->count][0] = package;
    cores->ids[cores->count][1] = core;
    cores->count++;
}

enum vpce_status vpce_host_get_cpu(struct vpce_host_cpu *cpu)
{
    struct core_set cores;
    char line[4096], *name, *value;
    long package = -1;
    int first = 1, physical;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    FILE *f;

    memset(cpu, 0, sizeof(*cpu));
    cpu->logical_count = online > 0 ? (int32_t)online : 1;
    cpu->mhz = vpce_host_cpu_mhz();
    if (!(f = fopen("/proc/cpuinfo", "r"))) return vpce_status_from_errno(errno);

    cores.count = 0;
    while (fgets(line, sizeof(line), f))
    {
        if (line[0] == '\n') first = 0;  /* the first processor's block ends */
        if (!split_field(line, &name, &value)) continue;
        if (!strcmp(name, "physical id")) package = atol(value);
        else if (!strcmp(name, "core id")) add_core(&cores, package, atol(value));
        if (!first) continue;
        if (!strcmp(name, "vendor_id")) copy_string(cpu->vendor, sizeof(cpu->vendor), value);
        else if (!strcmp(name, "model name")) copy_string(cpu->model, sizeof(cpu->model), value);
        else if (!strcmp(name, "flags")) set_features(cpu, value);
    }
    physical = cores.count;
    fclose(f);

    /* Without topology (some virtual machines, other architectures) every
     * logical processor is taken for a core. */
    cpu->physical_count = physical > 0 && physical <= cpu->logical_count ? physical : cpu->logical_count;
    return VPCE_OK;
}

enum vpce_status vpce_host_get_memory(uint64_t *total_mb, uint64_t *available_mb)
{
    unsigned long long kb, total = 0, available = 0, free_kb = 0, buffers = 0, cached = 0;
    int have_available = 0;
    char line[256];
    FILE *f = fopen("/proc/meminfo", "r");

    if (!f) return vpce_status_from_errno(errno);
    while (fgets(line, sizeof(line), f))
    {
        if (sscanf(line, "MemTotal: %llu kB", &kb) == 1) total = kb;
        else if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) { available = kb; have_available = 1; }
        else if (sscanf(line, "MemFree: %llu kB", &kb) == 1) free_kb = kb;
        else if (sscanf(line, "Buffers: %llu kB", &kb) == 1) buffers = kb;
        else if (sscanf(line, "Cached: %llu kB", &kb) == 1) cached = kb;
    }
    fclose(f);
    /* kernels before 3.14 have no MemAvailable; this is their estimate */
    if (!have_available) available = free_kb + buffers + cached;
    if (!total) return VPCE_E_UNEXPECTED;
    *total_mb = total / 1024;
    *available_mb = available / 1024;
    return VPCE_OK;
}

enum vpce_status vpce_host_get_os(struct vpce_host_os *os)
{
    struct utsname name;

    memset(os, 0, sizeof(*os));
    if (uname(&name) < 0) return vpce_status_from_errno(errno);
    copy_string(os->name, sizeof(os->name), name.sysname);
    copy_string(os->release, sizeof(os->release), name.release);
    /* "6.1.0-18-amd64": the major and minor version come first */
    if (sscanf(name.release, "%d.%d", &os->major, &os->minor) < 1) os->major = os->minor = 0;
    return VPCE_OK;
}

/* A growing list of strings. */
struct string_list
{
    char **items;
    int count, capacity;
    int failed;
};

static void list_add(struct string_list *list, const char *str)
{
    char **items;
    int i;

    for (i = 0; i < list->count; i++)
        if (!strcmp(list->items[i], str)) return;
    if (list->count == list->capacity)
    {
        int capacity = list->capacity ? list->capacity * 2 : 8;
        if (!(items = realloc(list->items, capacity * sizeof(*items))))
        {
            list->failed = 1;
            return;
        }
        list->items = items;
        list->capacity = capacity;
    }
    if (!(list->items[list->count] = strdup(str))) list->failed = 1;
    else list->count++;
}

/* "COM2" before "COM10": letters compare as text, then the number. */
static int compare_names(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t px = strcspn(x, "0123456789"), py = strcspn(y, "0123456789");
    int cmp;

    if (px != py || (cmp = strncmp(x, y, px))) return strcmp(x, y);
    if ((cmp = (atol(x + px) > atol(y + py)) - (atol(x + px) < atol(y + py)))) return cmp;
    return strcmp(x, y);
}

/* Whether name is prefix followed by digits only (at least one unless
 * digits_optional). */
static int is_numbered(const char *name, const char *prefix, int digits_optional)
{
    size_t len = strlen(prefix);

    if (strncmp(name, prefix, len)) return 0;
    name += len;
    if (!*name) return digits_optional;
    return strspn(name, "0123456789") == strlen(name);
}

static int is_cd_device(const char *name)
{
    return is_numbered(name, "sr", 0) || is_numbered(name, "scd", 0)
           || is_numbered(name, "cdrom", 1) || is_numbered(name, "dvd", 1);
}

/* A serial device with a UART behind it: the kernel makes ttyS0..31
 * whether or not the hardware exists, and says which in sysfs ("type" 0
 * is no UART). */
static int is_serial_device(const char *path, const char *name)
{
    char sys[PATH_MAX], type[16] = "";
    struct stat st;
    FILE *f;

    if (stat(path, &st) < 0 || !S_ISCHR(st.st_mode)) return 0;
    if (!is_numbered(name, "ttyS", 0)) return 1;
    if (snprintf(sys, sizeof(sys), "/sys/class/tty/%s/type", name) >= (int)sizeof(sys)) return 0;
    if (!(f = fopen(sys, "r"))) return 1;
    if (!fgets(type, sizeof(type), f)) type[0] = 0;
    fclose(f);
    return atoi(type) != 0;
}

static int is_char_device(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

/* The item for one dosdevices entry, or 0 when it is not of that kind. */
static int dosdevice_item(enum vpce_host_list which, const char *dir, const char *entry,
                          char *item, size_t size)
{
    char link[PATH_MAX], target[PATH_MAX], resolved[PATH_MAX];
    const char *device, *slash;
    ssize_t len;

    if (snprintf(link, sizeof(link), "%s/%s", dir, entry) >= (int)sizeof(link)) return 0;
    if ((len = readlink(link, target, sizeof(target) - 1)) <= 0) return 0;
    target[len] = 0;
    /* /dev/cdrom is usually a link to /dev/sr0; a missing device keeps its name */
    device = realpath(link, resolved) ? resolved : target;
    slash = strrchr(device, '/');
    if (slash) slash++;
    else slash = device;

    switch (which)
    {
    case VPCE_HOST_DVD_DRIVES:
    case VPCE_HOST_FLOPPY_DRIVES:
        if (strlen(entry) != 3 || !isalpha((unsigned char)entry[0]) || strcmp(entry + 1, "::")) return 0;
        if (which == VPCE_HOST_DVD_DRIVES ? !is_cd_device(slash) : !is_numbered(slash, "fd", 0)) return 0;
        snprintf(item, size, "%c:", toupper((unsigned char)entry[0]));
        return 1;
    case VPCE_HOST_SERIAL_PORTS:
        if (!is_numbered(entry, "com", 0) || !is_serial_device(device, slash)) return 0;
        snprintf(item, size, "COM%s", entry + 3);
        return 1;
    case VPCE_HOST_PARALLEL_PORTS:
        if (!is_numbered(entry, "lpt", 0) || !is_char_device(device)) return 0;
        snprintf(item, size, "LPT%s", entry + 3);
        return 1;
    default:
        return 0;
    }
}

static void list_dosdevices(enum vpce_host_list which, struct string_list *list)
{
    const char *prefix = vpce_wine_prefix();
    char dir[PATH_MAX], item[64];
    struct dirent *entry;
    DIR *d;

    if (!prefix) return;
    if (snprintf(dir, sizeof(dir), "%s/dosdevices", prefix) >= (int)sizeof(dir)) return;
    if (!(d = opendir(dir))) return;
    while ((entry = readdir(d)))
        if (dosdevice_item(which, dir, entry->d_name, item, sizeof(item))) list_add(list, item);
    closedir(d);
}

static int is_loopback(const char *interface)
{
    char path[PATH_MAX];
    unsigned long flags = 0;
    FILE *f;

    snprintf(path, sizeof(path), "/sys/class/net/%s/flags", interface);
    if (!(f = fopen(path, "r"))) return !strcmp(interface, "lo");
    if (fscanf(f, "%lx", &flags) != 1) flags = 0;
    fclose(f);
    return (flags & IFF_LOOPBACK) != 0;
}

static void list_adapters(struct string_list *list)
{
    struct dirent *entry;
    DIR *d = opendir("/sys/class/net");

    if (!d) return;
    while ((entry = readdir(d)))
        if (entry->d_name[0] != '.' && !is_loopback(entry->d_name)) list_add(list, entry->d_name);
    closedir(d);
}

/* The host's own addresses, as "ipconfig" would list them: no loopback,
 * and no IPv6 link-local address, which means nothing without its zone. */
static void list_addresses(struct string_list *list)
{
    static const int families[] = { AF_INET, AF_INET6 };
    struct ifaddrs *addrs, *a;
    char text[INET6_ADDRSTRLEN];
    unsigned int i;

    if (getifaddrs(&addrs) < 0) return;
    for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
    {
        for (a = addrs; a; a = a->ifa_next)
        {
            const void *addr;

            if (!a->ifa_addr || a->ifa_addr->sa_family != families[i]) continue;
            if (a->ifa_flags & IFF_LOOPBACK) continue;
            if (families[i] == AF_INET)
                addr = &((const struct sockaddr_in *)a->ifa_addr)->sin_addr;
            else
            {
                addr = &((const struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;
                if (IN6_IS_ADDR_LINKLOCAL((const struct in6_addr *)addr)) continue;
            }
            if (inet_ntop(families[i], addr, text, sizeof(text))) list_add(list, text);
        }
    }
    freeifaddrs(addrs);
}

enum vpce_status vpce_host_get_list(enum vpce_host_list which, char ***items, int *count)
{
    struct string_list list = { NULL, 0, 0, 0 };

    switch (which)
    {
    case VPCE_HOST_NETWORK_ADAPTERS: list_adapters(&list); break;
    case VPCE_HOST_NETWORK_ADDRESSES: list_addresses(&list); break;
    case VPCE_HOST_DVD_DRIVES:
    case VPCE_HOST_FLOPPY_DRIVES:
    case VPCE_HOST_SERIAL_PORTS:
    case VPCE_HOST_PARALLEL_PORTS: list_dosdevices(which, &list); break;
    default: return VPCE_E_INVALID_ARG;
    }
    if (list.failed)
    {
        vpce_host_list_free(list.items, list.count);
        return VPCE_E_NOMEM;
    }
    /* addresses keep the interfaces' order, IPv4 first */
    if (which != VPCE_HOST_NETWORK_ADDRESSES && list.count > 1)
        qsort(list.items, list.count, sizeof(*list.items), compare_names);
    *items = list.items;
    *count = list.count;
    return VPCE_OK;
}

void vpce_host_list_free(char **items, int count)
{
    int i;

    for (i = 0; i < count; i++) free(items[i]);
    free(items);
}
