/*
 * Unit tests of one libvhd handle shared by threads (as the nbdkit plugin
 * shares it): writers that start new blocks together and set bits of one
 * bitmap side by side, and readers meanwhile that must see each sector
 * either as it was or as it is being written.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd.h"
#include "unittest.h"

#define MB (1024ULL * 1024)
#define DISK_SIZE (32 * MB)
#define SECTORS (DISK_SIZE / 512)
#define WRITERS 8
#define RUN 3   /* sectors per write: runs that straddle bitmap bytes */

static char tmpdir[] = "/tmp/vhd-threads-XXXXXX";
static struct vhd_open_options options;
static uint8_t *old_ref, *new_ref;
static int writers_done;

static const char *path(const char *name)
{
    static char buffers[8][512];
    static int next;
    char *ret = buffers[next++ % 8];

    snprintf(ret, sizeof(buffers[0]), "%s/%s", tmpdir, name);
    return ret;
}

static void fill(uint8_t *data, uint64_t sector, uint32_t count, int seed)
{
    uint32_t i;

    for (i = 0; i < count * 512; i++) data[i] = (uint8_t)(seed * 37 + (sector + i / 512) * 11 + i);
}

struct writer
{
    struct vhd *vhd;
    int index, pass, failures;
};

/* Every WRITERS-th run of RUN sectors, in ascending order: all writers
 * reach each new block at about the same time. */
static void *write_runs(void *arg)
{
    struct writer *w = arg;
    uint8_t data[RUN * 512];
    uint64_t sector;

    for (sector = (uint64_t)w->index * RUN; sector < SECTORS; sector += WRITERS * RUN)
    {
        uint32_t count = SECTORS - sector < RUN ? SECTORS - sector : RUN;

        fill(data, sector, count, w->pass * WRITERS + w->index + 1);
        if (vhd_write_sectors(w->vhd, sector, count, data)) w->failures++;
    }
    return NULL;
}

/* Reads at scattered places while the writers run.  Where the writes
 * start new data (pass 0), each sector is the old content or the new,
 * never anything else: the data is written before the bits that show it.
 * Over written data the file itself may be read half-written, as a raw
 * file would be: then the reads only have to succeed. */
static void *check_reads(void *arg)
{
    struct writer *r = arg;
    uint8_t data[7 * 512];
    unsigned int seed = 1;

    while (!__atomic_load_n(&writers_done, __ATOMIC_ACQUIRE))
    {
        uint64_t sector = rand_r(&seed) % (SECTORS - 7);
        unsigned int i;

        if (vhd_read_sectors(r->vhd, sector, 7, data))
        {
            r->failures++;
            continue;
        }
        for (i = 0; i < 7 && !r->pass; i++)
        {
            size_t offset = (sector + i) * 512;
            if (memcmp(data + i * 512, old_ref + offset, 512)
                    && memcmp(data + i * 512, new_ref + offset, 512))
                r->failures++;
        }
    }
    return NULL;
}

static int same_as(struct vhd *vhd, const uint8_t *reference)
{
    uint8_t *data = malloc(DISK_SIZE);
    int same = data && !vhd_read_sectors(vhd, 0, SECTORS, data) && !memcmp(data, reference, DISK_SIZE);

    free(data);
    return same;
}

/* One pass of every writer over the disk, with a reader alongside. */
static void write_pass(struct vhd *vhd, int pass)
{
    struct writer writers[WRITERS], reader = { vhd, 0, pass, 0 };
    pthread_t threads[WRITERS], reader_thread;
    uint64_t sector;
    int i, failures = 0;

    memcpy(old_ref, new_ref, DISK_SIZE);
    for (sector = 0; sector < SECTORS; sector += RUN)
    {
        uint32_t count = SECTORS - sector < RUN ? SECTORS - sector : RUN;
        fill(new_ref + sector * 512, sector, count, pass * WRITERS + (int)(sector / RUN % WRITERS) + 1);
    }
    __atomic_store_n(&writers_done, 0, __ATOMIC_RELEASE);
    pthread_create(&reader_thread, NULL, check_reads, &reader);
    for (i = 0; i < WRITERS; i++)
    {
        writers[i].vhd = vhd;
        writers[i].index = i;
        writers[i].pass = pass;
        writers[i].failures = 0;
        pthread_create(&threads[i], NULL, write_runs, &writers[i]);
    }
    for (i = 0; i < WRITERS; i++)
    {
        pthread_join(threads[i], NULL);
        failures += writers[i].failures;
    }
    __atomic_store_n(&writers_done, 1, __ATOMIC_RELEASE);
    pthread_join(reader_thread, NULL);
    CHECK(!failures, "pass %d: %d writes failed\n", pass, failures);
    CHECK(!reader.failures, "pass %d: %d sectors read neither old nor new\n", pass, reader.failures);
    CHECK(same_as(vhd, new_ref), "pass %d: the disk differs from what was written\n", pass);
}

static long long file_size(const char *name)
{
    struct stat st;
    return stat(path(name), &st) ? -1 : (long long)st.st_size;
}

static void test_threads(const char *name, int differencing)
{
    struct vhd *vhd, *serial;
    uint64_t sector;
    int ret;

    /* the base: every other 64 sectors written, so children mix both */
    memset(new_ref, 0, DISK_SIZE);
    if (differencing)
    {
        ret = vhd_open(path("base.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
        CHECK(!ret, "open base: %s\n", vhd_strerror(ret));
        if (ret) return;
        CHECK(!vhd_read_sectors(vhd, 0, SECTORS, new_ref), "read base\n");
        vhd_close(vhd);
        ret = vhd_create_differencing(path(name), path("base.vhd"), &options);
        if (!ret) ret = vhd_create_differencing(path("serial.vhd"), path("base.vhd"), &options);
    }
    else
    {
        ret = vhd_create(path(name), VHD_TYPE_DYNAMIC, DISK_SIZE, NULL, NULL);
        if (!ret) ret = vhd_create(path("serial.vhd"), VHD_TYPE_DYNAMIC, DISK_SIZE, NULL, NULL);
    }
    CHECK(!ret, "create %s: %s\n", name, vhd_strerror(ret));
    if (ret || (ret = vhd_open(path(name), 0, &options, &vhd)))
    {
        CHECK(!ret, "open %s: %s\n", name, vhd_strerror(ret));
        return;
    }
    write_pass(vhd, 0);   /* every block new */
    write_pass(vhd, 1);   /* over written sectors */
    vhd_close(vhd);

    ret = vhd_open(path(name), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(!ret, "reopen %s: %s\n", name, vhd_strerror(ret));
    if (!ret)
    {
        CHECK(same_as(vhd, new_ref), "%s reopened differs from what was written\n", name);
        vhd_close(vhd);
    }

    /* the same sectors written by one thread: no block was made twice */
    ret = vhd_open(path("serial.vhd"), 0, &options, &serial);
    CHECK(!ret, "open serial: %s\n", vhd_strerror(ret));
    if (!ret)
    {
        for (sector = 0; sector < SECTORS; sector += 4096)
            CHECK(!vhd_write_sectors(serial, sector, 4096, new_ref + sector * 512), "serial write\n");
        vhd_close(serial);
        CHECK(file_size(name) == file_size("serial.vhd"), "%s: %lld bytes, written serially %lld\n",
              name, file_size(name), file_size("serial.vhd"));
    }
    unlink(path("serial.vhd"));
}

int main(void)
{
    char command[1200];
    struct vhd *vhd;
    uint64_t sector;
    int ret;

    if (!mkdtemp(tmpdir)) return 1;
    /* a Wine prefix whose Z: is the root, for the child's locators */
    snprintf(command, sizeof(command), "mkdir -p %s/prefix/dosdevices && ln -s / %s/prefix/dosdevices/z:",
             tmpdir, tmpdir);
    CHECK(system(command) == 0, "%s\n", command);
    options.wine_prefix = path("prefix");
    old_ref = malloc(DISK_SIZE);
    new_ref = malloc(DISK_SIZE);

    ret = vhd_create(path("base.vhd"), VHD_TYPE_DYNAMIC, DISK_SIZE, NULL, NULL);
    if (!ret) ret = vhd_open(path("base.vhd"), 0, &options, &vhd);
    CHECK(!ret, "base: %s\n", vhd_strerror(ret));
    if (!ret)
    {
        for (sector = 0; sector < SECTORS; sector += 128)
        {
            fill(new_ref, sector, 64, 99);
            vhd_write_sectors(vhd, sector, 64, new_ref);
        }
        vhd_close(vhd);
    }

    test_threads("dynamic.vhd", 0);
    test_threads("child.vhd", 1);

    free(old_ref);
    free(new_ref);
    snprintf(command, sizeof(command), "rm -rf %s", tmpdir);
    CHECK(system(command) == 0, "%s\n", command);
    return unit_summary("threads");
}
