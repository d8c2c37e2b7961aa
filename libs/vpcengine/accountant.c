/*
 * vpcengine: accounting of a running machine
 *
 * libvirt's domain statistics give cumulative counters: processor time of
 * the virtual processors, bytes through the drives and through the
 * adapters that have a host interface (QEMU's user networking and the
 * internal network have none, and count nothing).  They start at 0 with
 * the QEMU process, whose start time (/proc) is the machine's uptime.
 *
 * Utilization is a rate, and scripts ask for it from short-lived
 * processes: every process that reads the accountant adds a sample of
 * the processor time counter (at most one a second) to a small file per
 * domain under machine_run_dir(), shared under a lock.  The counter is
 * interpolated between samples, the start of the process being a sample
 * of 0, so each second of the history is exact where samples are a second
 * apart and the average of the gap where they are further apart.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "engine_private.h"

#define NS 1000000000LL
#define MAX_SAMPLES 128
/* what a current figure measures when no recent sample tells it */
#define MOMENT (NS / 4)
#define RECENT (2 * NS)

int vpce_cpu_samples_add(struct vpce_cpu_sample *samples, int count, int max,
                         const struct vpce_cpu_sample *sample, int64_t spacing)
{
    if (count && sample->time < samples[count - 1].time + spacing) return count;
    /* a counter that went back belongs to another run */
    if (count && sample->cpu < samples[count - 1].cpu) count = 0;
    if (max < 1) return 0;
    if (count >= max)
    {
        memmove(samples, samples + 1, (max - 1) * sizeof(*samples));
        count = max - 1;
    }
    samples[count++] = *sample;
    /* one sample at or before the start of the last minute is enough */
    while (count >= 2 && samples[1].time <= sample->time - (VPCE_CPU_HISTORY + 1) * NS)
    {
        memmove(samples, samples + 1, (count - 1) * sizeof(*samples));
        count--;
    }
    return count;
}

/* The counter at a time: linear between samples, flat outside them. */
static double counter_at(const struct vpce_cpu_sample *samples, int count, int64_t time)
{
    int i;

    if (time <= samples[0].time) return samples[0].cpu;
    if (time >= samples[count - 1].time) return samples[count - 1].cpu;
    for (i = 0; i < count - 1 && samples[i + 1].time <= time; i++);
    return samples[i].cpu + (double)(samples[i + 1].cpu - samples[i].cpu) * (time - samples[i].time)
                            / (samples[i + 1].time - samples[i].time);
}

int vpce_cpu_percent(const struct vpce_cpu_sample *samples, int count, int vcpus, int64_t from, int64_t to)
{
    double used, percent;

    if (count < 1 || vcpus < 1 || to <= from) return 0;
    used = counter_at(samples, count, to) - counter_at(samples, count, from);
    percent = used * 100.0 / ((double)(to - from) * vcpus);
    if (percent < 0) return 0;
    if (percent > 100) return 100;
    return (int)(percent + 0.5);
}

void vpce_cpu_history(const struct vpce_cpu_sample *samples, int count, int vcpus, int64_t now,
                      uint8_t history[VPCE_CPU_HISTORY])
{
    int i;

    for (i = 0; i < VPCE_CPU_HISTORY; i++)
    {
        int64_t from = now - (int64_t)(VPCE_CPU_HISTORY - i) * NS;
        history[i] = vpce_cpu_percent(samples, count, vcpus, from, from + NS);
    }
}

/* The clock of /proc's process start times. */
static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

/* ---- the QEMU process ------------------------------------------------ */

/* Field 22 of /proc/PID/stat: the start, in clock ticks after boot. */
static unsigned long long start_ticks(pid_t pid)
{
    char path[64], line[1024], *p;
    unsigned long long ticks = 0;
    FILE *file;
    int field;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    if (!(file = fopen(path, "r"))) return 0;
    if (fgets(line, sizeof(line), file) && (p = strrchr(line, ')')))
    {
        /* after the name: field 3, the state */
        for (field = 2; field < 22 && p; field++) p = strchr(p + 1, ' ');
        if (p) ticks = strtoull(p + 1, NULL, 10);
    }
    fclose(file);
    return ticks;
}

/* Whether a process is the QEMU of that domain: libvirt names it with
 * "-name guest=NAME,...". */
static int is_domain_process(pid_t pid, const char *name)
{
    char path[64], comm[32] = "", *args = NULL, *p;
    size_t len = strlen(name), size = 0;
    int ret = 0;
    FILE *file;

    snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
    if (!(file = fopen(path, "r"))) return 0;
    if (!fgets(comm, sizeof(comm), file)) comm[0] = 0;
    fclose(file);
    if (strncmp(comm, "qemu", 4)) return 0;
    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    if (!(file = fopen(path, "r"))) return 0;
    if ((args = malloc(65536))) size = fread(args, 1, 65535, file);
    fclose(file);
    if (!args) return 0;
    args[size] = 0;
    for (p = args; p < args + size; p += strlen(p) + 1)
        if (!strncmp(p, "guest=", 6) && !strncmp(p + 6, name, len) && (!p[6 + len] || p[6 + len] == ','))
            ret = 1;
    free(args);
    return ret;
}

static pthread_mutex_t process_lock = PTHREAD_MUTEX_INITIALIZER;
static struct
{
    char name[256];
    pid_t pid;
    unsigned long long ticks;
} process_cache;

/* The start of the domain's QEMU process, in ns of now_ns()'s clock; 0
 * when it is not a process of this host (a remote libvirt). */
static int64_t process_start(const char *name)
{
    unsigned long long ticks = 0;
    struct dirent *entry;
    long hz = sysconf(_SC_CLK_TCK);
    DIR *dir;

    pthread_mutex_lock(&process_lock);
    if (!strcmp(process_cache.name, name) && process_cache.ticks
            && start_ticks(process_cache.pid) == process_cache.ticks)
        ticks = process_cache.ticks;
    else if ((dir = opendir("/proc")))
    {
        while (!ticks && (entry = readdir(dir)))
        {
            pid_t pid = atoi(entry->d_name);
            if (pid <= 0 || !is_domain_process(pid, name)) continue;
            if ((ticks = start_ticks(pid)))
            {
                snprintf(process_cache.name, sizeof(process_cache.name), "%s", name);
                process_cache.pid = pid;
                process_cache.ticks = ticks;
            }
        }
        closedir(dir);
    }
    pthread_mutex_unlock(&process_lock);
    if (!ticks || hz <= 0) return 0;
    return (int64_t)(ticks / hz) * NS + (int64_t)(ticks % hz) * NS / hz;
}

/* ---- libvirt's counters ---------------------------------------------- */

struct counters
{
    int64_t time;
    uint64_t cpu;
    int vcpus;
    uint64_t disk_read, disk_written, net_received, net_sent;
};

static uint64_t stat_sum(virDomainStatsRecordPtr record, const char *group, const char *field)
{
    unsigned int count = 0, i;
    unsigned long long value, sum = 0;
    char name[VIR_TYPED_PARAM_FIELD_LENGTH];

    snprintf(name, sizeof(name), "%s.count", group);
    if (virTypedParamsGetUInt(record->params, record->nparams, name, &count) != 1) return 0;
    for (i = 0; i < count; i++)
    {
        snprintf(name, sizeof(name), "%s.%u.%s", group, i, field);
        if (virTypedParamsGetULLong(record->params, record->nparams, name, &value) == 1) sum += value;
    }
    return sum;
}

static enum vpce_status read_counters(virDomainPtr domain, struct counters *counters)
{
    const unsigned int groups = VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_VCPU
                                | VIR_DOMAIN_STATS_BLOCK | VIR_DOMAIN_STATS_INTERFACE;
    virDomainPtr domains[2] = { domain, NULL };
    virDomainStatsRecordPtr *records = NULL, record;
    unsigned int current = 0, maximum = 0, i;
    unsigned long long value;
    char name[VIR_TYPED_PARAM_FIELD_LENGTH];
    int got_vcpu_time = 0;

    memset(counters, 0, sizeof(*counters));
    if (virDomainListGetStats(domains, groups, &records, 0) < 1 || !records[0])
    {
        virDomainStatsRecordListFree(records);
        return VPCE_E_UNEXPECTED;
    }
    counters->time = now_ns();
    record = records[0];
    virTypedParamsGetUInt(record->params, record->nparams, "vcpu.current", &current);
    virTypedParamsGetUInt(record->params, record->nparams, "vcpu.maximum", &maximum);
    /* the time the virtual processors ran: what the guest did */
    for (i = 0; i < maximum; i++)
    {
        snprintf(name, sizeof(name), "vcpu.%u.time", i);
        if (virTypedParamsGetULLong(record->params, record->nparams, name, &value) == 1)
        {
            counters->cpu += value;
            got_vcpu_time = 1;
        }
    }
    if (!got_vcpu_time && virTypedParamsGetULLong(record->params, record->nparams, "cpu.time", &value) == 1)
        counters->cpu = value;
    counters->vcpus = current ? current : 1;
    counters->disk_read = stat_sum(record, "block", "rd.bytes");
    counters->disk_written = stat_sum(record, "block", "wr.bytes");
    counters->net_received = stat_sum(record, "net", "rx.bytes");
    counters->net_sent = stat_sum(record, "net", "tx.bytes");
    virDomainStatsRecordListFree(records);
    return VPCE_OK;
}

/* ---- the samples, shared by the processes ---------------------------- */

/* "vpccom-cpu KEY FIRST" then "TIME CPU" lines; KEY names the run of the
 * domain, FIRST is when a sample of it was first taken. */
struct sample_file
{
    int fd;
    char key[96];
    int64_t first;
    struct vpce_cpu_sample samples[MAX_SAMPLES];
    int count;
};

static int open_samples(struct sample_file *file, const char *domain_name, const char *key)
{
    char *dir = machine_run_dir(), *path = NULL, *text, *line, *next, found[96];
    long long time, first;
    unsigned long long cpu;
    struct stat st;
    ssize_t got;

    file->fd = -1;
    file->count = 0;
    file->first = 0;
    snprintf(file->key, sizeof(file->key), "%s", key);
    if (dir && asprintf(&path, "%s/%s.cpu", dir, domain_name) < 0) path = NULL;
    free(dir);
    if (!path) return 0;
    file->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(path);
    if (file->fd < 0) return 0;
    flock(file->fd, LOCK_EX);
    if (fstat(file->fd, &st) || st.st_size > 65536 || !(text = calloc(1, st.st_size + 1))) return 1;
    got = pread(file->fd, text, st.st_size, 0);
    if (got > 0 && sscanf(text, "vpccom-cpu %95s %lld", found, &first) == 2 && !strcmp(found, key))
    {
        file->first = first;
        for (line = strchr(text, '\n'); line && file->count < MAX_SAMPLES; line = next)
        {
            next = strchr(line + 1, '\n');
            if (sscanf(line + 1, "%lld %llu", &time, &cpu) != 2) continue;
            file->samples[file->count].time = time;
            file->samples[file->count].cpu = cpu;
            file->count++;
        }
    }
    free(text);
    return 1;
}

/* A file written in part: better no samples than wrong ones. */
static void empty_samples(int fd)
{
    if (ftruncate(fd, 0)) return;
}

static void close_samples(struct sample_file *file, int write_back)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out;
    int i;

    if (file->fd < 0) return;
    if (write_back && (out = open_memstream(&text, &size)))
    {
        fprintf(out, "vpccom-cpu %s %lld\n", file->key, (long long)file->first);
        for (i = 0; i < file->count; i++)
            fprintf(out, "%lld %llu\n", (long long)file->samples[i].time,
                    (unsigned long long)file->samples[i].cpu);
        fclose(out);
        if (text && !ftruncate(file->fd, 0) && pwrite(file->fd, text, size, 0) != (ssize_t)size)
            empty_samples(file->fd);
        free(text);
    }
    flock(file->fd, LOCK_UN);
    close(file->fd);
    file->fd = -1;
}

/* Adds a reading to the shared samples; returns the time of the newest
 * sample before it (0 when none). */
static int64_t record(const char *domain_name, const char *key, const struct counters *counters)
{
    struct vpce_cpu_sample sample = { counters->time, counters->cpu };
    struct sample_file *file = malloc(sizeof(*file));
    int64_t last = 0;

    if (!file) return 0;
    if (open_samples(file, domain_name, key))
    {
        if (file->count) last = file->samples[file->count - 1].time;
        if (!file->first) file->first = counters->time;
        file->count = vpce_cpu_samples_add(file->samples, file->count, MAX_SAMPLES, &sample, NS);
        close_samples(file, 1);
    }
    free(file);
    return last;
}

/* The samples, with the start of the process and the latest reading. */
static int load_history(const char *domain_name, const char *key, int64_t start, const struct counters *latest,
                        struct vpce_cpu_sample *samples, int64_t *first)
{
    struct sample_file *file = malloc(sizeof(*file));
    int count = 0;

    *first = latest->time;
    if (!file) return 0;
    if (open_samples(file, domain_name, key))
    {
        if (start && (!file->count || start < file->samples[0].time))
        {
            samples[count].time = start;
            samples[count++].cpu = 0;
        }
        memcpy(samples + count, file->samples, file->count * sizeof(*samples));
        count += file->count;
        if (file->first) *first = file->first;
        close_samples(file, 0);
    }
    if (!count || latest->time > samples[count - 1].time)
    {
        samples[count].time = latest->time;
        samples[count++].cpu = latest->cpu;
    }
    free(file);
    return count;
}

enum vpce_status vpce_machine_get_accounting(const struct vpce_machine *machine, int measure_now,
                                             struct vpce_accounting *accounting)
{
    struct vpce_cpu_sample *samples = NULL;
    struct counters first, latest;
    enum vpce_vm_state state;
    enum vpce_status status;
    virDomainPtr domain = NULL;
    virConnectPtr conn = NULL;
    const char *name;
    int64_t start, last, first_seen;
    char key[96];
    int count;

    memset(accounting, 0, sizeof(*accounting));
    if ((status = vpce_machine_get_state(machine, &state))) return status;
    if (state != VPCE_VM_RUNNING && state != VPCE_VM_PAUSED) return VPCE_OK;
    if (machine_connection((void **)&conn)) return VPCE_OK;
    if (!(domain = machine_domain(conn, machine)) || !(name = virDomainGetName(domain))
            || read_counters(domain, &first))
        goto done;

    start = process_start(name);
    snprintf(key, sizeof(key), "%u-%lld", virDomainGetID(domain), (long long)start);
    last = record(name, key, &first);
    latest = first;
    /* the current figure of a moment, when no recent sample gives one;
     * a paused machine uses none */
    if (measure_now && state == VPCE_VM_RUNNING && (!last || first.time - last > RECENT))
    {
        usleep(MOMENT / 1000);
        if (!read_counters(domain, &latest)) record(name, key, &latest);
        else latest = first;
    }
    if (!(samples = malloc((MAX_SAMPLES + 2) * sizeof(*samples))))
    {
        status = VPCE_E_NOMEM;
        goto done;
    }
    count = load_history(name, key, start, &latest, samples, &first_seen);

    accounting->running = 1;
    if (state == VPCE_VM_PAUSED) accounting->cpu_percent = 0;
    else if (latest.time > first.time)
    {
        struct vpce_cpu_sample moment[2] = { { first.time, first.cpu }, { latest.time, latest.cpu } };
        accounting->cpu_percent = vpce_cpu_percent(moment, 2, latest.vcpus, first.time, latest.time);
    }
    else
        accounting->cpu_percent = vpce_cpu_percent(samples, count, latest.vcpus, latest.time - NS, latest.time);
    vpce_cpu_history(samples, count, latest.vcpus, latest.time, accounting->cpu_history);
    accounting->uptime = (latest.time - (start ? start : first_seen)) / NS;
    accounting->disk_read = latest.disk_read;
    accounting->disk_written = latest.disk_written;
    accounting->net_received = latest.net_received;
    accounting->net_sent = latest.net_sent;

done:
    free(samples);
    if (domain) virDomainFree(domain);
    virConnectClose(conn);
    return status;
}
