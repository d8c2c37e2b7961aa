/*
 * Unit tests of the accountant: the bookkeeping of processor time samples,
 * the utilization and its history, and a machine that is off
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vpcengine.h"
#include "unittest.h"

#define NS 1000000000LL

static char tmpdir[] = "/tmp/vpcengine-accountant-XXXXXX";

static int add(struct vpce_cpu_sample *samples, int count, int max, int64_t time, uint64_t cpu)
{
    struct vpce_cpu_sample sample = { time, cpu };
    return vpce_cpu_samples_add(samples, count, max, &sample, NS);
}

static void test_samples(void)
{
    struct vpce_cpu_sample samples[128];
    int count = 0, i;

    count = add(samples, count, 128, 100 * NS, 5 * NS);
    CHECK(count == 1, "count %d\n", count);
    /* too soon, or before the last */
    count = add(samples, count, 128, 100 * NS + NS / 2, 5 * NS + 1);
    CHECK(count == 1, "count %d after half a second\n", count);
    count = add(samples, count, 128, 99 * NS, 4 * NS);
    CHECK(count == 1, "count %d after going back in time\n", count);
    count = add(samples, count, 128, 101 * NS, 5 * NS + NS / 2);
    CHECK(count == 2 && samples[1].time == 101 * NS, "count %d\n", count);

    /* a counter that went back: another run of the machine */
    count = add(samples, count, 128, 103 * NS, NS);
    CHECK(count == 1 && samples[0].time == 103 * NS && samples[0].cpu == NS, "count %d after a restart\n", count);

    /* a sample a second for five minutes: the last minute is kept, with
     * one sample at or before its start */
    count = 0;
    for (i = 0; i < 300; i++) count = add(samples, count, 128, (1000 + i) * NS, (uint64_t)i * NS / 2);
    CHECK(count == 62, "count %d\n", count);
    CHECK(samples[0].time <= (1299 - 60) * NS && samples[1].time > (1299 - 61) * NS,
          "oldest %lld, next %lld\n", (long long)samples[0].time, (long long)samples[1].time);
    CHECK(samples[count - 1].time == 1299 * NS, "newest %lld\n", (long long)samples[count - 1].time);

    /* at most max: the oldest go */
    count = 0;
    for (i = 0; i < 20; i++) count = add(samples, count, 8, (1000 + i) * NS, i);
    CHECK(count == 8 && samples[0].time == 1012 * NS, "count %d, oldest %lld\n", count, (long long)samples[0].time);
}

static void test_percent(void)
{
    struct vpce_cpu_sample samples[] =
    {
        { 10 * NS, 0 },          /* the machine starts */
        { 20 * NS, 5 * NS },     /* half busy for 10 s */
        { 22 * NS, 7 * NS },     /* then fully busy */
        { 30 * NS, 7 * NS },     /* then idle */
    };

    CHECK(vpce_cpu_percent(samples, 4, 1, 10 * NS, 20 * NS) == 50, "%d\n",
          vpce_cpu_percent(samples, 4, 1, 10 * NS, 20 * NS));
    CHECK(vpce_cpu_percent(samples, 4, 1, 12 * NS, 13 * NS) == 50, "interpolated %d\n",
          vpce_cpu_percent(samples, 4, 1, 12 * NS, 13 * NS));
    CHECK(vpce_cpu_percent(samples, 4, 1, 20 * NS, 22 * NS) == 100, "busy %d\n",
          vpce_cpu_percent(samples, 4, 1, 20 * NS, 22 * NS));
    CHECK(vpce_cpu_percent(samples, 4, 1, 21 * NS, 23 * NS) == 50, "across samples %d\n",
          vpce_cpu_percent(samples, 4, 1, 21 * NS, 23 * NS));
    CHECK(vpce_cpu_percent(samples, 4, 1, 25 * NS, 30 * NS) == 0, "idle %d\n",
          vpce_cpu_percent(samples, 4, 1, 25 * NS, 30 * NS));
    /* two processors, half of them busy */
    CHECK(vpce_cpu_percent(samples, 4, 2, 20 * NS, 22 * NS) == 50, "two processors %d\n",
          vpce_cpu_percent(samples, 4, 2, 20 * NS, 22 * NS));
    /* before the start and after the last sample nothing is known: 0 */
    CHECK(vpce_cpu_percent(samples, 4, 1, 5 * NS, 6 * NS) == 0, "before %d\n",
          vpce_cpu_percent(samples, 4, 1, 5 * NS, 6 * NS));
    CHECK(vpce_cpu_percent(samples, 4, 1, 9 * NS, 11 * NS) == 25, "half before %d\n",
          vpce_cpu_percent(samples, 4, 1, 9 * NS, 11 * NS));
    CHECK(vpce_cpu_percent(samples, 4, 1, 40 * NS, 41 * NS) == 0, "after %d\n",
          vpce_cpu_percent(samples, 4, 1, 40 * NS, 41 * NS));
    /* nothing to tell */
    CHECK(vpce_cpu_percent(samples, 0, 1, 10 * NS, 20 * NS) == 0, "no samples\n");
    CHECK(vpce_cpu_percent(samples, 4, 0, 10 * NS, 20 * NS) == 0, "no processors\n");
    CHECK(vpce_cpu_percent(samples, 4, 1, 20 * NS, 20 * NS) == 0, "no time\n");
    /* a counter that runs faster than time (rounding of libvirt's ticks) */
    samples[2].cpu = 9 * NS;
    CHECK(vpce_cpu_percent(samples, 4, 1, 20 * NS, 22 * NS) == 100, "over 100: %d\n",
          vpce_cpu_percent(samples, 4, 1, 20 * NS, 22 * NS));
}

static void test_history(void)
{
    struct vpce_cpu_sample samples[128];
    uint8_t history[VPCE_CPU_HISTORY];
    int count = 0, i, ok;

    /* started 20 s ago, idle, then busy for the last 5 s, samples a second apart */
    for (i = 0; i <= 20; i++)
        count = add(samples, count, 128, (100 + i) * NS, i <= 15 ? 0 : (uint64_t)(i - 15) * NS);
    memset(history, 0xcc, sizeof(history));
    vpce_cpu_history(samples, count, 1, 120 * NS, history);
    for (i = 0, ok = 1; i < VPCE_CPU_HISTORY - 5; i++) ok = ok && history[i] == 0;
    CHECK(ok, "idle seconds\n");
    for (i = VPCE_CPU_HISTORY - 5, ok = 1; i < VPCE_CPU_HISTORY; i++) ok = ok && history[i] == 100;
    CHECK(ok, "busy seconds, the newest last: %d %d %d %d %d\n", history[55], history[56], history[57],
          history[58], history[59]);

    /* the start and one sample 40 s later: the average of the gap */
    count = 0;
    count = add(samples, count, 128, 1000 * NS, 0);
    count = add(samples, count, 128, 1040 * NS, 10 * NS);
    vpce_cpu_history(samples, count, 1, 1040 * NS, history);
    for (i = 0, ok = 1; i < 20; i++) ok = ok && history[i] == 0;
    CHECK(ok, "before the start: %d\n", history[19]);
    for (i = 20, ok = 1; i < VPCE_CPU_HISTORY; i++) ok = ok && history[i] == 25;
    CHECK(ok, "the gap: %d %d\n", history[20], history[59]);

    /* no samples: zeros */
    memset(history, 0xcc, sizeof(history));
    vpce_cpu_history(samples, 0, 1, 1040 * NS, history);
    for (i = 0, ok = 1; i < VPCE_CPU_HISTORY; i++) ok = ok && history[i] == 0;
    CHECK(ok, "no samples\n");
}

static void test_machine_off(void)
{
    struct vpce_machine *machine = NULL;
    struct vpce_accounting accounting;
    char path[600];
    int i, zero;

    snprintf(path, sizeof(path), "%s/accountant.vmc", tmpdir);
    CHECK(vpce_machine_create_file(path, 64) == VPCE_OK, "create\n");
    CHECK(vpce_machine_open(path, &machine) == VPCE_OK, "open\n");
    if (!machine) return;
    memset(&accounting, 0xcc, sizeof(accounting));
    CHECK(vpce_machine_get_accounting(machine, 1, &accounting) == VPCE_OK, "accounting\n");
    CHECK(!accounting.running && !accounting.cpu_percent && !accounting.uptime && !accounting.disk_read
          && !accounting.disk_written && !accounting.net_received && !accounting.net_sent, "figures\n");
    for (i = 0, zero = 1; i < VPCE_CPU_HISTORY; i++) zero = zero && !accounting.cpu_history[i];
    CHECK(zero, "history\n");
    unlink(path);
    CHECK(vpce_machine_get_accounting(machine, 0, &accounting) == VPCE_E_VM_UNKNOWN, "gone\n");
    vpce_machine_close(machine);
}

int main(void)
{
    char command[100];

    if (!mkdtemp(tmpdir)) return 1;
    chmod(tmpdir, 0755);
    test_samples();
    test_percent();
    test_history();
    test_machine_off();
    snprintf(command, sizeof(command), "rm -rf '%s'", tmpdir);
    if (system(command)) return 1;
    return unit_summary("accountant");
}
