/*
 * Unit tests of the engine's status codes and host facts
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

int main(void)
{
    test_strerror();
    test_errno();
    test_limits();
    test_uptime();
    return unit_summary("engine");
}
