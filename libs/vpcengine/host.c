/*
 * What the engine knows of the host without a hypervisor connection
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vpcengine.h"

/* Windows Virtual PC's limits: 4 to 3712 MB of memory per machine, one
 * floppy drive, four network adapters, two IDE buses (two devices each),
 * two serial ports and one parallel port. */
#define MIN_MEMORY_MB 4
#define MAX_MEMORY_MB 3712
/* What the host keeps for itself when suggesting a maximum. */
#define HOST_RESERVE_MB 512

uint64_t vpce_host_memory_mb(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);

    if (pages <= 0 || page_size <= 0) return 0;
    return (uint64_t)pages * (uint64_t)page_size / (1024 * 1024);
}

int32_t vpce_suggested_max_memory(uint64_t host_memory_mb)
{
    uint64_t mb;

    if (host_memory_mb <= HOST_RESERVE_MB + MIN_MEMORY_MB) return MIN_MEMORY_MB;
    mb = host_memory_mb - HOST_RESERVE_MB;
    if (mb > MAX_MEMORY_MB) mb = MAX_MEMORY_MB;
    return (int32_t)(mb & ~(uint64_t)3);  /* Virtual PC sizes memory in 4 MB steps */
}

static struct vpce_limits limits;
static pthread_once_t limits_once = PTHREAD_ONCE_INIT;

static void init_limits(void)
{
    limits.min_memory_mb = MIN_MEMORY_MB;
    limits.max_memory_mb = MAX_MEMORY_MB;
    limits.suggested_max_memory_mb = vpce_suggested_max_memory(vpce_host_memory_mb());
    limits.max_floppy_drives = 1;
    limits.max_network_adapters = 4;
    limits.max_ide_buses = 2;
    limits.max_serial_ports = 2;
    limits.max_parallel_ports = 1;
}

/* The host's memory is read once: a property read is a hot path for scripts. */
const struct vpce_limits *vpce_get_limits(void)
{
    pthread_once(&limits_once, init_limits);
    return &limits;
}

static struct timespec start_time;
static pthread_once_t start_once = PTHREAD_ONCE_INIT;

static void record_start(void)
{
    clock_gettime(CLOCK_MONOTONIC, &start_time);
}

int64_t vpce_uptime(void)
{
    struct timespec now;

    pthread_once(&start_once, record_start);
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(now.tv_sec - start_time.tv_sec)
           - (now.tv_nsec < start_time.tv_nsec ? 1 : 0);
}

/* A field of the first processor in /proc/cpuinfo, NULL when absent. */
static char *cpuinfo_field(const char *name, char *buffer, size_t size)
{
    size_t len = strlen(name);
    char *ret = NULL;
    FILE *f = fopen("/proc/cpuinfo", "r");

    if (!f) return NULL;
    while (!ret && fgets(buffer, size, f))
    {
        char *colon = strchr(buffer, ':');
        if (strncmp(buffer, name, len) || !colon) continue;
        buffer[strcspn(buffer, "\n")] = 0;
        ret = colon + 1 + (colon[1] == ' ');
    }
    fclose(f);
    return ret;
}

int32_t vpce_host_cpu_mhz(void)
{
    char buffer[4096], *value = cpuinfo_field("cpu MHz", buffer, sizeof(buffer));
    return value ? (int32_t)(atof(value) + 0.5) : 0;
}

int vpce_host_cpu_has(const char *flag)
{
    char buffer[8192], *p = cpuinfo_field("flags", buffer, sizeof(buffer));
    size_t len = strlen(flag);

    while (p && (p = strstr(p, flag)))
    {
        if ((p == buffer || p[-1] == ' ' || p[-1] == ':') && (p[len] == ' ' || !p[len])) return 1;
        p += len;
    }
    return 0;
}
