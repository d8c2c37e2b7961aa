/*
 * Crash tests: each whole-disk operation runs in a child process that is
 * killed at many points; afterwards every disk still reads either its old
 * or its new content, byte for byte, and no half-written file has a name.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vhd.h"
#include "unittest.h"

#define MB (1024ULL * 1024)
#define DISK_SIZE (32 * MB)
#define SECTORS (DISK_SIZE / 512)
#define ROUNDS 10

static char tmpdir[] = "/tmp/vhd-kill-XXXXXX";
static struct vhd_open_options options;
static uint8_t *parent_ref, *child_ref;

static const char *path(const char *name)
{
    static char buffers[8][512];
    static int next;
    char *ret = buffers[next++ % 8];

    snprintf(ret, sizeof(buffers[0]), "%s/%s", tmpdir, name);
    return ret;
}

static void write_random(const char *name, uint8_t *reference, int seed, int every)
{
    uint8_t sector[512 * 64];
    struct vhd *vhd;
    uint64_t s;
    unsigned int i;

    srand(seed);
    if (vhd_open(path(name), 0, &options, &vhd)) return;
    for (s = 0; s + 64 <= SECTORS; s += 64 * every)
    {
        for (i = 0; i < sizeof(sector); i++) sector[i] = rand();
        vhd_write_sectors(vhd, s, 64, sector);
        memcpy(reference + s * 512, sector, sizeof(sector));
    }
    vhd_close(vhd);
}

static int reads(const char *name, const uint8_t *reference)
{
    uint8_t *data = malloc(DISK_SIZE);
    struct vhd *vhd;
    int same = 0;

    if (!vhd_open(path(name), VHD_OPEN_READ_ONLY, &options, &vhd))
    {
        same = !vhd_read_sectors(vhd, 0, SECTORS, data) && !memcmp(data, reference, DISK_SIZE);
        vhd_close(vhd);
    }
    free(data);
    return same;
}

static int named_leftovers(void)
{
    struct dirent *entry;
    DIR *dir = opendir(tmpdir);
    int count = 0;

    while (dir && (entry = readdir(dir)))
        if (!strncmp(entry->d_name, ".vhd-", 5)) count++;
    if (dir) closedir(dir);
    return count;
}

enum operation { MERGE_TO, CONVERT, COMPACT, MERGE };

static int run_operation(enum operation op)
{
    switch (op)
    {
    case MERGE_TO: return vhd_export(path("child.vhd"), path("out.vhd"), VHD_TYPE_DYNAMIC, 0, &options, NULL, NULL);
    case CONVERT:  return vhd_export(path("parent.vhd"), path("out.vhd"), VHD_TYPE_FIXED, 0, &options, NULL, NULL);
    case COMPACT:  return vhd_compact(path("work.vhd"), &options, NULL, NULL);
    case MERGE:    return vhd_merge(path("child.vhd"), &options, NULL, NULL);
    }
    return -1;
}

static double duration_of(enum operation op)
{
    struct timespec a, b;

    clock_gettime(CLOCK_MONOTONIC, &a);
    run_operation(op);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
}

static void copy_file(const char *from, const char *to)
{
    char command[1200];
    snprintf(command, sizeof(command), "cp --sparse=always '%s' '%s'", from, to);
    CHECK(system(command) == 0, "%s\n", command);
}

static void kill_during(enum operation op, const char *label)
{
    double full;
    int round, status;
    pid_t pid;

    /* how long the whole operation takes, to spread the kills over it */
    copy_file(path("parent.orig"), path("parent.vhd"));
    copy_file(path("child.orig"), path("child.vhd"));
    copy_file(path("parent.orig"), path("work.vhd"));
    unlink(path("out.vhd"));
    full = duration_of(op);

    for (round = 0; round < ROUNDS; round++)
    {
        useconds_t delay = (useconds_t)(full * round / ROUNDS);

        copy_file(path("parent.orig"), path("parent.vhd"));
        copy_file(path("child.orig"), path("child.vhd"));
        copy_file(path("parent.orig"), path("work.vhd"));
        unlink(path("out.vhd"));

        if ((pid = fork()) < 0)
        {
            CHECK(0, "fork: %s\n", strerror(errno));
            return;
        }
        if (!pid)
            _exit(run_operation(op) ? 1 : 0);
        usleep(delay);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);

        switch (op)
        {
        case MERGE_TO:
        case CONVERT:
            CHECK(access(path("out.vhd"), F_OK) || reads("out.vhd", op == MERGE_TO ? child_ref : parent_ref),
                  "%s killed after %u us: a half-written disk\n", label, delay);
            CHECK(reads("parent.vhd", parent_ref), "%s: the source changed\n", label);
            break;
        case COMPACT:
            CHECK(reads("work.vhd", parent_ref), "%s killed after %u us: the disk reads other data\n",
                  label, delay);
            break;
        case MERGE:
            CHECK(reads("child.vhd", child_ref), "%s killed after %u us: the chain reads other data\n",
                  label, delay);
            break;
        }
        CHECK(!named_leftovers(), "%s killed after %u us: temporary files left\n", label, delay);
    }
    printf("%s: %d kills over %.0f us\n", label, ROUNDS, full);
}

int main(void)
{
    char command[600];

    if (!mkdtemp(tmpdir)) return 1;
    options.wine_prefix = tmpdir;  /* no drive letters: relative locators only */
    snprintf(command, sizeof(command), "mkdir -p %s/dosdevices && ln -s / %s/dosdevices/z:", tmpdir, tmpdir);
    CHECK(system(command) == 0, "prefix\n");

    parent_ref = calloc(1, DISK_SIZE);
    child_ref = calloc(1, DISK_SIZE);
    vhd_create(path("parent.orig"), VHD_TYPE_DYNAMIC, DISK_SIZE, NULL, NULL);
    write_random("parent.orig", parent_ref, 1, 2);
    vhd_create_differencing(path("child.orig"), path("parent.orig"), &options);
    memcpy(child_ref, parent_ref, DISK_SIZE);
    write_random("child.orig", child_ref, 2, 3);
    /* the copies must open as parent and child: point the child at "parent.vhd" */
    copy_file(path("parent.orig"), path("parent.vhd"));
    CHECK(vhd_set_parent(path("child.orig"), path("parent.vhd"), &options) == 0, "set parent\n");
    CHECK(reads("child.orig", child_ref), "the chain differs before any test\n");

    kill_during(MERGE_TO, "merge-to");
    kill_during(CONVERT, "convert");
    kill_during(COMPACT, "compact");
    kill_during(MERGE, "merge");

    snprintf(command, sizeof(command), "rm -rf %s", tmpdir);
    CHECK(system(command) == 0, "clean up\n");
    free(parent_ref);
    free(child_ref);
    return unit_summary("kill");
}
