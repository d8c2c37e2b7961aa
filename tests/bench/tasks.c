/*
 * tasks [N]: the cost of engine tasks, natively.  Prints tasks per second
 * for a task that does nothing (start, run, wait, release) one after the
 * other and 100 at a time, and for creating a 16 MB dynamic disk.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "vpcengine.h"

static enum vpce_status nothing(struct vpce_task *task, void *context)
{
    return VPCE_OK;
}

static const struct vpce_task_ops nothing_ops = { nothing, NULL };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2000, i, j;
    struct vpce_task *batch[100];
    char dir[] = "/tmp/vpc-bench-XXXXXX", path[300];
    double start;

    start = now();
    for (i = 0; i < n; i++)
    {
        vpce_task_start("nothing", 1, &nothing_ops, NULL, &batch[0]);
        vpce_task_wait(batch[0], -1);
        vpce_task_unref(batch[0]);
    }
    printf("empty task, one at a time: %.0f per second\n", n / (now() - start));

    start = now();
    for (i = 0; i < n; i += 100)
    {
        for (j = 0; j < 100; j++) vpce_task_start("nothing", 1, &nothing_ops, NULL, &batch[j]);
        for (j = 0; j < 100; j++)
        {
            vpce_task_wait(batch[j], -1);
            vpce_task_unref(batch[j]);
        }
    }
    printf("empty task, 100 at a time: %.0f per second\n", (i / 100 * 100) / (now() - start));

    if (!mkdtemp(dir)) return 1;
    n = n / 10 ? n / 10 : 1;
    start = now();
    for (i = 0; i < n; i++)
    {
        snprintf(path, sizeof(path), "%s/%d.vhd", dir, i);
        if (vpce_disk_create("bench", path, 0, 16, &batch[0])) return 1;
        vpce_task_wait(batch[0], -1);
        vpce_task_unref(batch[0]);
    }
    printf("16 MB dynamic disk: %.0f per second\n", n / (now() - start));
    for (i = 0; i < n; i++)
    {
        snprintf(path, sizeof(path), "%s/%d.vhd", dir, i);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
