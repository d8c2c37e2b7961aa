/*
 * Unit tests of the engine's status codes and host facts
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vpcengine.h"
#include "unittest.h"

static void test_strerror(void)
{
    int i;

    for (i = 0; i < VPCE_STATUS_COUNT; i++)
    {
        const char *text = vpce_strerror(i);
        CHECK(text && *text, "status %d has no description\n", i);
        CHECK(text && text[strlen(text) - 1] == '.', "status %d: %s\n", i, text);
    }
    CHECK(vpce_strerror(VPCE_STATUS_COUNT) == vpce_strerror(VPCE_E_UNEXPECTED),
          "out of range status\n");
    CHECK(vpce_strerror(-1) == vpce_strerror(VPCE_E_UNEXPECTED), "negative status\n");
    CHECK(!strcmp(vpce_strerror(VPCE_E_VM_RUNNING), "The virtual machine is running."),
          "got %s\n", vpce_strerror(VPCE_E_VM_RUNNING));
}

static void test_errno(void)
{
    CHECK(vpce_status_from_errno(0) == VPCE_OK, "0\n");
    CHECK(vpce_status_from_errno(ENOENT) == VPCE_E_FILE_NOT_FOUND, "ENOENT\n");
    CHECK(vpce_status_from_errno(ENOTDIR) == VPCE_E_PATH_NOT_FOUND, "ENOTDIR\n");
    CHECK(vpce_status_from_errno(EEXIST) == VPCE_E_ALREADY_EXISTS, "EEXIST\n");
    CHECK(vpce_status_from_errno(ENOSPC) == VPCE_E_DISK_FULL, "ENOSPC\n");
    CHECK(vpce_status_from_errno(EROFS) == VPCE_E_FILE_READ_ONLY, "EROFS\n");
    CHECK(vpce_status_from_errno(EXDEV) == VPCE_E_UNEXPECTED, "EXDEV\n");
}

static long meminfo_total_mb(void)
{
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/meminfo", "r");

    if (!f) return -1;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "MemTotal: %ld kB", &kb) == 1) break;
    fclose(f);
    return kb < 0 ? -1 : kb / 1024;
}

static void test_limits(void)
{
    const struct vpce_limits *limits = vpce_get_limits();
    long mem = meminfo_total_mb();
    uint64_t host = vpce_host_memory_mb();

    CHECK(limits->min_memory_mb == 4, "min %d\n", limits->min_memory_mb);
    CHECK(limits->max_memory_mb == 3712, "max %d\n", limits->max_memory_mb);
    CHECK(limits->suggested_max_memory_mb >= limits->min_memory_mb &&
          limits->suggested_max_memory_mb <= limits->max_memory_mb,
          "suggested %d\n", limits->suggested_max_memory_mb);
    CHECK(limits->max_floppy_drives == 1, "floppy %d\n", limits->max_floppy_drives);
    CHECK(limits->max_network_adapters == 4, "nics %d\n", limits->max_network_adapters);
    CHECK(limits->max_ide_buses == 2, "ide %d\n", limits->max_ide_buses);
    CHECK(limits->max_serial_ports == 2, "serial %d\n", limits->max_serial_ports);
    CHECK(limits->max_parallel_ports == 1, "parallel %d\n", limits->max_parallel_ports);

    if (mem > 0)
        CHECK((long)host >= mem - 1 && (long)host <= mem + 1, "host %lu, meminfo %ld\n",
              (unsigned long)host, mem);
    else
        SKIP("no /proc/meminfo\n");

    CHECK(vpce_suggested_max_memory(0) == 4, "%d\n", vpce_suggested_max_memory(0));
    CHECK(vpce_suggested_max_memory(516) == 4, "%d\n", vpce_suggested_max_memory(516));
    CHECK(vpce_suggested_max_memory(1024) == 512, "%d\n", vpce_suggested_max_memory(1024));
    CHECK(vpce_suggested_max_memory(1535) == 1020, "%d\n", vpce_suggested_max_memory(1535));
    CHECK(vpce_suggested_max_memory(65536) == 3712, "%d\n", vpce_suggested_max_memory(65536));
}

static void test_uptime(void)
{
    int64_t first = vpce_uptime(), second;

    CHECK(first == 0, "first call %lld\n", (long long)first);
    sleep(1);
    second = vpce_uptime();
    CHECK(second >= 1 && second <= 3, "after a second %lld\n", (long long)second);
}

/* The value of the first "name : value" line of /proc/cpuinfo, read
 * here on its own, or "" when absent. */
static const char *proc_cpuinfo(const char *name, char *buffer, size_t size)
{
    size_t len = strlen(name);
    FILE *f = fopen("/proc/cpuinfo", "r");
    char *colon;

    *buffer = 0;
    if (!f) return buffer;
    while (fgets(buffer, size, f))
    {
        if (strncmp(buffer, name, len) || (buffer[len] != ' ' && buffer[len] != '\t' && buffer[len] != ':'))
            continue;
        if (!(colon = strchr(buffer, ':'))) continue;
        colon++;
        while (*colon == ' ') colon++;
        colon[strcspn(colon, "\n")] = 0;
        memmove(buffer, colon, strlen(colon) + 1);
        fclose(f);
        return buffer;
    }
    fclose(f);
    *buffer = 0;
    return buffer;
}

static int proc_has_flag(const char *flag)
{
    char flags[8192], word[64];
    const char *p = proc_cpuinfo("flags", flags, sizeof(flags));
    int n;

    while (sscanf(p, "%63s%n", word, &n) == 1)
    {
        if (!strcmp(word, flag)) return 1;
        p += n;
    }
    return 0;
}

static long meminfo_kb(const char *name)
{
    char line[256], key[64];
    long kb;
    FILE *f = fopen("/proc/meminfo", "r");

    if (!f) return -1;
    snprintf(key, sizeof(key), "%s: %%ld kB", name);
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, key, &kb) == 1)
        {
            fclose(f);
            return kb;
        }
    fclose(f);
    return -1;
}

static void test_host_cpu(void)
{
    struct vpce_host_cpu cpu;
    char buffer[8192];
    long online = sysconf(_SC_NPROCESSORS_ONLN);

    CHECK(vpce_host_get_cpu(&cpu) == VPCE_OK, "get cpu\n");
    CHECK(!strcmp(cpu.vendor, proc_cpuinfo("vendor_id", buffer, sizeof(buffer))), "vendor %s, /proc %s\n",
          cpu.vendor, buffer);
    CHECK(!strcmp(cpu.model, proc_cpuinfo("model name", buffer, sizeof(buffer))), "model %s, /proc %s\n",
          cpu.model, buffer);
    CHECK(cpu.logical_count == online, "logical %d, online %ld\n", cpu.logical_count, online);
    CHECK(cpu.physical_count >= 1 && cpu.physical_count <= cpu.logical_count, "physical %d of %d\n",
          cpu.physical_count, cpu.logical_count);
    CHECK(cpu.mhz == vpce_host_cpu_mhz(), "mhz %d\n", cpu.mhz);
    CHECK(cpu.mmx == proc_has_flag("mmx"), "mmx %d\n", cpu.mmx);
    CHECK(cpu.sse == proc_has_flag("sse"), "sse %d\n", cpu.sse);
    CHECK(cpu.sse2 == proc_has_flag("sse2"), "sse2 %d\n", cpu.sse2);
    CHECK(cpu.three_dnow == proc_has_flag("3dnow"), "3dnow %d\n", cpu.three_dnow);
    CHECK(!!strstr(cpu.features, "SSE2") == proc_has_flag("sse2"), "features %s\n", cpu.features);
    CHECK(!!strstr(cpu.features, "x86-64") == proc_has_flag("lm"), "features %s\n", cpu.features);
    CHECK(!!strstr(cpu.features, "AMD-V") == proc_has_flag("svm"), "features %s\n", cpu.features);
    CHECK(!!strstr(cpu.features, "Intel VT") == proc_has_flag("vmx"), "features %s\n", cpu.features);
    CHECK(!strchr(cpu.features, ' ') || strstr(cpu.features, "Intel VT"), "features %s\n", cpu.features);
}

static void test_host_memory(void)
{
    uint64_t total = 0, avail = 0;
    long mem_total = meminfo_kb("MemTotal"), mem_avail = meminfo_kb("MemAvailable");

    CHECK(vpce_host_get_memory(&total, &avail) == VPCE_OK, "get memory\n");
    CHECK(avail <= total, "available %lu of %lu\n", (unsigned long)avail, (unsigned long)total);
    if (mem_total < 0 || mem_avail < 0)
    {
        SKIP("no MemTotal or MemAvailable in /proc/meminfo\n");
        return;
    }
    CHECK((long)total == mem_total / 1024, "total %lu, /proc %ld\n", (unsigned long)total, mem_total / 1024);
    /* available memory moves between the two reads: within 5% */
    CHECK(labs((long)avail - mem_avail / 1024) <= mem_total / 1024 / 20, "available %lu, /proc %ld\n",
          (unsigned long)avail, mem_avail / 1024);
}

static void test_host_os(void)
{
    struct vpce_host_os os;
    struct utsname name;
    char *end;
    long major, minor = 0;

    CHECK(vpce_host_get_os(&os) == VPCE_OK, "get os\n");
    uname(&name);
    CHECK(!strcmp(os.name, name.sysname), "name %s\n", os.name);
    CHECK(!strcmp(os.release, name.release), "release %s\n", os.release);
    CHECK(!*os.service_pack, "service pack %s\n", os.service_pack);
    major = strtol(name.release, &end, 10);
    if (*end == '.') minor = strtol(end + 1, NULL, 10);
    CHECK(os.major == major && os.minor == minor, "version %d.%d, release %s\n", os.major, os.minor,
          name.release);
}

static void test_host_network(void)
{
    unsigned char addr[16];
    char path[512], **items;
    int count, i;
    struct stat st;

    CHECK(vpce_host_get_list(VPCE_HOST_NETWORK_ADAPTERS, &items, &count) == VPCE_OK, "adapters\n");
    for (i = 0; i < count; i++)
    {
        snprintf(path, sizeof(path), "/sys/class/net/%s", items[i]);
        CHECK(strcmp(items[i], "lo") && !stat(path, &st), "adapter %s\n", items[i]);
        CHECK(!i || strcmp(items[i - 1], items[i]) < 0, "not sorted: %s\n", items[i]);
    }
    vpce_host_list_free(items, count);

    CHECK(vpce_host_get_list(VPCE_HOST_NETWORK_ADDRESSES, &items, &count) == VPCE_OK, "addresses\n");
    for (i = 0; i < count; i++)
    {
        CHECK(inet_pton(AF_INET, items[i], addr) == 1 || inet_pton(AF_INET6, items[i], addr) == 1,
              "address %s\n", items[i]);
        CHECK(strcmp(items[i], "127.0.0.1") && strcmp(items[i], "::1"), "loopback %s\n", items[i]);
        CHECK(strncmp(items[i], "fe80:", 5), "link-local %s\n", items[i]);
    }
    vpce_host_list_free(items, count);
}

static void check_list(enum vpce_host_list which, const char *expected)
{
    char joined[256] = "", **items;
    int count, i;

    CHECK(vpce_host_get_list(which, &items, &count) == VPCE_OK, "list %d\n", which);
    for (i = 0; i < count; i++)
    {
        if (i) strcat(joined, ";");
        strncat(joined, items[i], sizeof(joined) - strlen(joined) - 2);
    }
    vpce_host_list_free(items, count);
    CHECK(!strcmp(joined, expected), "list %d: got \"%s\", expected \"%s\"\n", which, joined, expected);
}

/* Drives and ports come from the links of a prefix's dosdevices folder. */
static void test_host_dosdevices(void)
{
    static const char *const links[][2] =
    {
        { "d::", "/dev/sr0" }, { "e::", "/dev/cdrom1" }, { "a::", "/dev/fd0" },
        { "b::", "/dev/fd" },       /* the descriptor folder, not a floppy drive */
        { "f:", "/tmp" },           /* a folder: no device */
        { "g::", "/dev/sda1" },     /* a disk: neither */
        { "com1", "/dev/null" }, { "com10", "/dev/zero" }, { "com2", "/nonexistent/ttyS9" },
        { "lpt1", "/dev/null" }, { "lpt2", "/nonexistent/parport1" },
    };
    char prefix[] = "/tmp/vpce-hostinfo-XXXXXX", dir[256], link[300];
    unsigned int i;

    if (!mkdtemp(prefix))
    {
        SKIP("no temporary folder\n");
        return;
    }
    snprintf(dir, sizeof(dir), "%s/dosdevices", prefix);
    mkdir(dir, 0777);
    for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
    {
        snprintf(link, sizeof(link), "%s/%s", dir, links[i][0]);
        CHECK(!symlink(links[i][1], link), "symlink %s\n", link);
    }

    vpce_set_wine_prefix(prefix);
    check_list(VPCE_HOST_DVD_DRIVES, "D:;E:");
    check_list(VPCE_HOST_FLOPPY_DRIVES, "A:");
    check_list(VPCE_HOST_SERIAL_PORTS, "COM1;COM10");
    check_list(VPCE_HOST_PARALLEL_PORTS, "LPT1");

    vpce_set_wine_prefix(NULL);
    check_list(VPCE_HOST_DVD_DRIVES, "");
    check_list(VPCE_HOST_SERIAL_PORTS, "");

    for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
    {
        snprintf(link, sizeof(link), "%s/%s", dir, links[i][0]);
        unlink(link);
    }
    rmdir(dir);
    rmdir(prefix);
}

int main(void)
{
    test_strerror();
    test_errno();
    test_limits();
    test_uptime();
    test_host_cpu();
    test_host_memory();
    test_host_os();
    test_host_network();
    test_host_dosdevices();
    return unit_summary("engine");
}
