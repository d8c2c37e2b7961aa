/*
 * Unit tests of libvhd's reading and writing through differencing chains,
 * against a plain reference copy of what was written
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd.h"
#include "unittest.h"

#define MB (1024ULL * 1024)
#define DISK_SIZE (64 * MB)
#define SECTORS (DISK_SIZE / 512)

static char tmpdir[] = "/tmp/vhd-chain-XXXXXX";
static char prefix[512], disks[600];
static struct vhd_open_options options;

static const char *disk(const char *name)
{
    static char path[8][1024];
    static int next;
    char *ret = path[next++ % 8];

    snprintf(ret, sizeof(path[0]), "%s/%s", disks, name);
    return ret;
}

static void fill(uint8_t *data, uint32_t sectors, int seed)
{
    uint32_t i;

    for (i = 0; i < sectors * 512; i++) data[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 9));
}

/* writes a pattern through the disk and into the reference */
static void write_pattern(struct vhd *vhd, uint8_t *reference, uint64_t sector, uint32_t count,
                          int seed)
{
    uint8_t *data = malloc(count * 512);
    int ret;

    fill(data, count, seed);
    ret = vhd_write_sectors(vhd, sector, count, data);
    CHECK(ret == 0, "write %u sectors at %llu: %s\n", count, (unsigned long long)sector,
          vhd_strerror(ret));
    memcpy(reference + sector * 512, data, count * 512);
    free(data);
}

static int same_as_reference(struct vhd *vhd, const uint8_t *reference)
{
    uint8_t *data = malloc(DISK_SIZE);
    int ret, same;

    ret = vhd_read_sectors(vhd, 0, SECTORS, data);
    same = !ret && !memcmp(data, reference, DISK_SIZE);
    free(data);
    return same;
}

static void run(const char *command)
{
    CHECK(system(command) == 0, "%s\n", command);
}

static uint8_t *base_ref, *diff1_ref, *diff2_ref;

static void test_chain(void)
{
    struct vhd *vhd, *other;
    int ret;

    base_ref = calloc(1, DISK_SIZE);
    ret = vhd_create(disk("base.vhd"), VHD_TYPE_DYNAMIC, DISK_SIZE, NULL, NULL);
    CHECK(ret == 0, "create base: %s\n", vhd_strerror(ret));
    ret = vhd_open(disk("base.vhd"), 0, &options, &vhd);
    CHECK(ret == 0, "open base: %s\n", vhd_strerror(ret));
    if (ret) return;
    write_pattern(vhd, base_ref, 0, 1, 1);
    write_pattern(vhd, base_ref, 4090, 20, 2);        /* across a block boundary */
    write_pattern(vhd, base_ref, 40000, 9000, 3);     /* several blocks */
    write_pattern(vhd, base_ref, SECTORS - 1, 1, 4);  /* the last sector */
    write_pattern(vhd, base_ref, 4095, 1, 5);         /* again, over written data */
    CHECK(vhd_read_sectors(vhd, SECTORS, 1, base_ref) == -EINVAL, "read past the end\n");
    CHECK(same_as_reference(vhd, base_ref), "base differs from the reference\n");

    ret = vhd_open(disk("base.vhd"), VHD_OPEN_READ_ONLY, &options, &other);
    CHECK(ret == VHD_E_IN_USE, "a second opener of a disk being written: %d\n", ret);
    vhd_close(vhd);

    /* an independent reader sees the same */
    {
        char command[4000];
        snprintf(command, sizeof(command), "qemu-img convert -f vpc -O raw %s %s && "
                 "test $(stat -c %%s %s) -ge %llu", disk("base.vhd"), disk("base.raw"),
                 disk("base.raw"), (unsigned long long)DISK_SIZE - 2 * MB);
        if (system("qemu-img --version >/dev/null 2>&1"))
            SKIP("qemu-img is not installed\n");
        else
        {
            FILE *f;
            uint8_t *raw = calloc(1, DISK_SIZE);
            size_t n;

            run(command);
            f = fopen(disk("base.raw"), "rb");
            n = f ? fread(raw, 1, DISK_SIZE, f) : 0;
            if (f) fclose(f);
            /* qemu sees the CHS size, a little less than the whole */
            CHECK(n > DISK_SIZE - 2 * MB && !memcmp(raw, base_ref, n), "qemu-img reads other data\n");
            free(raw);
            unlink(disk("base.raw"));
        }
    }

    ret = vhd_create_differencing(disk("diff1.vhd"), disk("base.vhd"), &options);
    CHECK(ret == 0, "create diff1: %s\n", vhd_strerror(ret));
    ret = vhd_open(disk("diff1.vhd"), 0, &options, &vhd);
    CHECK(ret == 0, "open diff1: %s\n", vhd_strerror(ret));
    if (ret) return;
    CHECK(vhd_get_parent(vhd) != NULL, "no parent\n");
    CHECK(same_as_reference(vhd, base_ref), "a new child does not read as its parent\n");
    diff1_ref = malloc(DISK_SIZE);
    memcpy(diff1_ref, base_ref, DISK_SIZE);
    write_pattern(vhd, diff1_ref, 4094, 2, 6);        /* half over the parent's data */
    write_pattern(vhd, diff1_ref, 100000, 300, 7);
    CHECK(same_as_reference(vhd, diff1_ref), "diff1 differs from the reference\n");
    ret = vhd_open(disk("base.vhd"), 0, &options, &other);
    CHECK(ret == VHD_E_IN_USE, "writing a parent in use: %d\n", ret);
    vhd_close(vhd);

    ret = vhd_create_differencing(disk("diff2.vhd"), disk("diff1.vhd"), &options);
    CHECK(ret == 0, "create diff2: %s\n", vhd_strerror(ret));
    ret = vhd_open(disk("diff2.vhd"), 0, &options, &vhd);
    CHECK(ret == 0, "open diff2: %s\n", vhd_strerror(ret));
    if (ret) return;
    diff2_ref = malloc(DISK_SIZE);
    memcpy(diff2_ref, diff1_ref, DISK_SIZE);
    write_pattern(vhd, diff2_ref, 4095, 3, 8);
    write_pattern(vhd, diff2_ref, SECTORS - 4096, 4096, 9);
    CHECK(same_as_reference(vhd, diff2_ref), "diff2 differs from the reference\n");
    vhd_close(vhd);

    /* the parents are untouched */
    ret = vhd_open(disk("diff1.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(!ret && same_as_reference(vhd, diff1_ref), "diff1 changed\n");
    vhd_close(vhd);
    ret = vhd_open(disk("base.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(!ret && same_as_reference(vhd, base_ref), "base changed\n");
    vhd_close(vhd);

    /* the whole folder moves: the relative locators still lead to the parents */
    {
        char moved[1024], command[4200];
        snprintf(moved, sizeof(moved), "%s/moved", disks);
        snprintf(command, sizeof(command), "mkdir %s && mv %s %s %s %s", moved,
                 disk("base.vhd"), disk("diff1.vhd"), disk("diff2.vhd"), moved);
        run(command);
        snprintf(moved, sizeof(moved), "%s/moved/diff2.vhd", disks);
        ret = vhd_open(moved, VHD_OPEN_READ_ONLY, &options, &vhd);
        CHECK(ret == 0, "moved chain: %s\n", vhd_strerror(ret));
        if (!ret) CHECK(same_as_reference(vhd, diff2_ref), "the moved chain reads other data\n");
        vhd_close(vhd);
        snprintf(command, sizeof(command), "mv %s/moved/* %s && rmdir %s/moved", disks, disks, disks);
        run(command);
    }

    /* another disk under the parent's name */
    rename(disk("base.vhd"), disk("base.orig"));
    ret = vhd_open(disk("diff1.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(ret == VHD_E_PARENT_NOT_FOUND, "parent missing: %d\n", ret);
    vhd_create(disk("base.vhd"), VHD_TYPE_DYNAMIC, DISK_SIZE, NULL, NULL);
    ret = vhd_open(disk("diff1.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(ret == VHD_E_PARENT_ID_MISMATCH, "another parent: %d\n", ret);
    rename(disk("base.orig"), disk("base.vhd"));

    /* re-parenting to a copy of the parent, as scripts do after moving disks */
    {
        char command[4200];
        snprintf(command, sizeof(command), "mkdir -p %s/copy && cp %s %s/copy/base-copy.vhd", disks,
                 disk("base.vhd"), disks);
        run(command);
        ret = vhd_set_parent(disk("diff1.vhd"), disk("copy/base-copy.vhd"), &options);
        CHECK(ret == 0, "set parent: %s\n", vhd_strerror(ret));
        rename(disk("base.vhd"), disk("base.orig"));
        ret = vhd_open(disk("diff2.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
        CHECK(ret == 0, "re-parented chain: %s\n", vhd_strerror(ret));
        if (!ret)
        {
            char *found = realpath(vhd_get_path(vhd_get_parent(vhd_get_parent(vhd))), NULL);
            char *copy = realpath(disk("copy/base-copy.vhd"), NULL);
            CHECK(found && copy && !strcmp(found, copy), "parent %s\n", found);
            free(found);
            free(copy);
            CHECK(same_as_reference(vhd, diff2_ref), "the re-parented chain reads other data\n");
            vhd_close(vhd);
        }
        rename(disk("base.orig"), disk("base.vhd"));
        ret = vhd_set_parent(disk("diff1.vhd"), disk("bat-other.vhd"), &options);
        CHECK(ret == -ENOENT, "a missing parent: %d\n", ret);
        vhd_create(disk("other.vhd"), VHD_TYPE_DYNAMIC, DISK_SIZE, NULL, NULL);
        ret = vhd_set_parent(disk("diff1.vhd"), disk("other.vhd"), &options);
        CHECK(ret == VHD_E_PARENT_ID_MISMATCH, "another disk as parent: %d\n", ret);
        ret = vhd_set_parent(disk("base.vhd"), disk("other.vhd"), &options);
        CHECK(ret == VHD_E_WRONG_TYPE, "a dynamic disk: %d\n", ret);
        ret = vhd_set_parent(disk("diff1.vhd"), disk("base.vhd"), &options);
        CHECK(ret == 0, "set parent back: %s\n", vhd_strerror(ret));
        ret = vhd_open(disk("diff2.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
        CHECK(!ret && same_as_reference(vhd, diff2_ref), "the chain after two re-parentings\n");
        vhd_close(vhd);
    }
}

static int disk_reads(const char *path, const uint8_t *reference)
{
    struct vhd *vhd;
    int ret, same;

    if ((ret = vhd_open(path, VHD_OPEN_READ_ONLY, &options, &vhd))) return 0;
    same = same_as_reference(vhd, reference);
    vhd_close(vhd);
    return same;
}

static uint32_t disk_type(const char *path)
{
    struct vhd *vhd;
    uint32_t type;

    if (vhd_open(path, VHD_OPEN_READ_ONLY | VHD_OPEN_NO_PARENT, &options, &vhd)) return 0;
    type = vhd_get_footer(vhd)->disk_type;
    vhd_close(vhd);
    return type;
}

static int cancel_half(void *context, int percent)
{
    return percent >= 50;
}

static void test_operations(void)
{
    uint8_t zeros[4096 * 512] = { 0 }, id[16];
    struct stat before, after;
    struct vhd *vhd;
    int ret;

    if (!base_ref || !diff2_ref) return;

    /* merge-to: a chain into one new disk of either kind */
    ret = vhd_export(disk("diff2.vhd"), disk("merged-fixed.vhd"), VHD_TYPE_FIXED, 0, &options, NULL, NULL);
    CHECK(ret == 0, "merge to fixed: %s\n", vhd_strerror(ret));
    CHECK(disk_type(disk("merged-fixed.vhd")) == VHD_TYPE_FIXED, "type\n");
    CHECK(disk_reads(disk("merged-fixed.vhd"), diff2_ref), "merged fixed disk differs\n");
    ret = vhd_export(disk("diff2.vhd"), disk("merged-dynamic.vhd"), VHD_TYPE_DYNAMIC, 0, &options, NULL, NULL);
    CHECK(ret == 0, "merge to dynamic: %s\n", vhd_strerror(ret));
    CHECK(disk_reads(disk("merged-dynamic.vhd"), diff2_ref), "merged dynamic disk differs\n");
    ret = vhd_export(disk("diff2.vhd"), disk("merged-dynamic.vhd"), VHD_TYPE_DYNAMIC, 0, &options, NULL, NULL);
    CHECK(ret == -EEXIST, "merge to an existing file: %d\n", ret);
    ret = vhd_export(disk("diff2.vhd"), disk("cancelled.vhd"), VHD_TYPE_DYNAMIC, 0, &options,
                     cancel_half, NULL);
    CHECK(ret == VHD_E_CANCELLED && access(disk("cancelled.vhd"), F_OK), "cancelled merge-to: %d\n", ret);

    /* convert, both ways */
    ret = vhd_export(disk("merged-fixed.vhd"), disk("converted.vhd"), VHD_TYPE_DYNAMIC, 0, &options, NULL, NULL);
    CHECK(!ret && disk_reads(disk("converted.vhd"), diff2_ref), "fixed to dynamic: %d\n", ret);
    unlink(disk("converted.vhd"));
    ret = vhd_export(disk("base.vhd"), disk("converted.vhd"), VHD_TYPE_FIXED, 0, &options, NULL, NULL);
    CHECK(!ret && disk_reads(disk("converted.vhd"), base_ref), "dynamic to fixed: %d\n", ret);
    unlink(disk("converted.vhd"));

    /* compact: a block of zeros goes, the content and the identity stay */
    vhd_export(disk("base.vhd"), disk("compact.vhd"), VHD_TYPE_DYNAMIC, 0, &options, NULL, NULL);
    vhd_open(disk("compact.vhd"), 0, &options, &vhd);
    vhd_write_sectors(vhd, 20 * 4096, 4096, zeros);
    memcpy(id, vhd_get_footer(vhd)->unique_id, 16);
    vhd_close(vhd);
    stat(disk("compact.vhd"), &before);
    ret = vhd_compact(disk("compact.vhd"), &options, NULL, NULL);
    CHECK(ret == 0, "compact: %s\n", vhd_strerror(ret));
    stat(disk("compact.vhd"), &after);
    CHECK(after.st_size < before.st_size, "compacted from %lld to %lld bytes\n",
          (long long)before.st_size, (long long)after.st_size);
    CHECK(disk_reads(disk("compact.vhd"), base_ref), "compacted disk differs\n");
    vhd_open(disk("compact.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(vhd && !memcmp(id, vhd_get_footer(vhd)->unique_id, 16), "compacting changed the identity\n");
    vhd_close(vhd);
    ret = vhd_compact(disk("merged-fixed.vhd"), &options, NULL, NULL);
    CHECK(ret == VHD_E_WRONG_TYPE, "compact a fixed disk: %d\n", ret);

    /* merge: diff2 into diff1, which then reads as diff2 did */
    ret = vhd_merge(disk("diff2.vhd"), &options, NULL, NULL);
    CHECK(ret == 0, "merge: %s\n", vhd_strerror(ret));
    CHECK(disk_reads(disk("diff1.vhd"), diff2_ref), "the parent after the merge differs\n");
    CHECK(disk_reads(disk("diff2.vhd"), diff2_ref), "the child after the merge differs\n");
    CHECK(disk_reads(disk("base.vhd"), base_ref), "the merge reached the grandparent\n");
    ret = vhd_merge(disk("base.vhd"), &options, NULL, NULL);
    CHECK(ret == VHD_E_WRONG_TYPE, "merge a dynamic disk: %d\n", ret);
    vhd_open(disk("diff1.vhd"), 0, &options, &vhd);
    ret = vhd_merge(disk("diff2.vhd"), &options, NULL, NULL);
    CHECK(ret == VHD_E_IN_USE, "merge into a parent in use: %d\n", ret);
    vhd_close(vhd);
}

static void patch(const char *path, off_t offset, const void *data, size_t size)
{
    int fd = open(path, O_RDWR);
    CHECK(fd >= 0 && pwrite(fd, data, size, offset) == (ssize_t)size, "patch %s\n", path);
    if (fd >= 0) close(fd);
}

static void test_damaged(void)
{
    static const uint8_t past_end[4] = { 0x00, 0x10, 0x00, 0x00 }, second[4] = { 0, 0, 0, 0x03 };
    uint8_t sector[512] = { 1 };
    struct vhd *vhd;
    int ret;

    /* a block table entry past the end of the file */
    vhd_create(disk("bat.vhd"), VHD_TYPE_DYNAMIC, 16 * MB, NULL, NULL);
    patch(disk("bat.vhd"), 1536, past_end, 4);
    ret = vhd_open(disk("bat.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(ret == VHD_E_INVALID_FILE, "entry past the end: %d\n", ret);
    if (!ret) vhd_close(vhd);

    /* two entries for one block */
    vhd_create(disk("overlap.vhd"), VHD_TYPE_DYNAMIC, 16 * MB, NULL, NULL);
    vhd_open(disk("overlap.vhd"), 0, &options, &vhd);
    vhd_write_sectors(vhd, 0, 1, sector);
    vhd_write_sectors(vhd, 4096, 1, sector);
    vhd_close(vhd);
    patch(disk("overlap.vhd"), 1536 + 4, second, 4);
    patch(disk("overlap.vhd"), 1536, second, 4);
    ret = vhd_open(disk("overlap.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(ret == VHD_E_INVALID_FILE, "overlapping blocks: %d\n", ret);
    if (!ret) vhd_close(vhd);

    /* a header with a bad checksum */
    vhd_create(disk("header.vhd"), VHD_TYPE_DYNAMIC, 16 * MB, NULL, NULL);
    patch(disk("header.vhd"), 512 + 1000, "x", 1);
    ret = vhd_open(disk("header.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(ret == VHD_E_INVALID_FILE, "bad header: %d\n", ret);
    if (!ret) vhd_close(vhd);
}

/* A differencing disk that names itself as its parent: the chain loops. */
static void test_loop(void)
{
    uint8_t header[1024], footer[512];
    struct vhd_dynamic_header h;
    struct vhd_footer f;
    struct vhd *vhd;
    int fd, ret;

    vhd_create(disk("loop-parent.vhd"), VHD_TYPE_DYNAMIC, 16 * MB, NULL, NULL);
    vhd_create_differencing(disk("loop.vhd"), disk("loop-parent.vhd"), &options);
    unlink(disk("loop-parent.vhd"));
    rename(disk("loop.vhd"), disk("loop-parent.vhd"));
    /* it now finds itself; make it accept itself as its own parent */
    fd = open(disk("loop-parent.vhd"), O_RDWR);
    CHECK(fd >= 0 && pread(fd, footer, 512, 0) == 512 && pread(fd, header, 1024, 512) == 1024,
          "read the disk\n");
    CHECK(!vhd_footer_decode(footer, &f) && !vhd_dynamic_header_decode(header, &h), "decode\n");
    memcpy(h.parent_unique_id, f.unique_id, 16);
    vhd_dynamic_header_encode(&h, header);
    CHECK(pwrite(fd, header, 1024, 512) == 1024, "write the header\n");
    close(fd);

    ret = vhd_open(disk("loop-parent.vhd"), VHD_OPEN_READ_ONLY, &options, &vhd);
    CHECK(ret == VHD_E_INVALID_FILE, "a chain that loops: %d\n", ret);
    if (!ret) vhd_close(vhd);
    unlink(disk("loop-parent.vhd"));
}

static void set_mtime(const char *path, time_t when)
{
    struct timespec times[2] = { { when, 0 }, { when, 0 } };
    CHECK(!utimensat(AT_FDCWD, path, times, 0), "utimensat %s: %d\n", path, errno);
}

/* A parent written after its child was made (here: its time changed). */
static void test_parent_times(void)
{
    char *modified = NULL;
    int ret;

    vhd_create(disk("t-base.vhd"), VHD_TYPE_DYNAMIC, 16 * MB, NULL, NULL);
    set_mtime(disk("t-base.vhd"), 1500000000);
    vhd_create_differencing(disk("t-mid.vhd"), disk("t-base.vhd"), &options);
    set_mtime(disk("t-mid.vhd"), 1600000000);
    vhd_create_differencing(disk("t-top.vhd"), disk("t-mid.vhd"), &options);

    ret = vhd_check_parent_times(disk("t-top.vhd"), 0, &options, &modified);
    CHECK(!ret && !modified, "unchanged chain: %d %s\n", ret, modified);
    ret = vhd_check_parent_times(disk("t-base.vhd"), 0, &options, NULL);
    CHECK(!ret, "a disk without a parent: %d\n", ret);

    /* the base changed: its child is the one that no longer matches */
    set_mtime(disk("t-base.vhd"), 1700000000);
    ret = vhd_check_parent_times(disk("t-top.vhd"), 0, &options, &modified);
    CHECK(ret == VHD_E_PARENT_MODIFIED, "modified base: %d\n", ret);
    CHECK(modified && strstr(modified, "/disks/t-mid.vhd"), "modified child %s\n", modified);
    free(modified);

    /* fixing rewrites the middle disk, so the top one is fixed too */
    ret = vhd_check_parent_times(disk("t-top.vhd"), 1, &options, NULL);
    CHECK(!ret, "fix: %d\n", ret);
    ret = vhd_check_parent_times(disk("t-top.vhd"), 0, &options, &modified);
    CHECK(!ret && !modified, "after the fix: %d %s\n", ret, modified);
    free(modified);

    /* a child opened for writing elsewhere cannot be fixed */
    set_mtime(disk("t-mid.vhd"), 1800000000);
    {
        struct vhd *writer;

        CHECK(!vhd_open(disk("t-top.vhd"), VHD_OPEN_NO_PARENT, &options, &writer), "open the top\n");
        ret = vhd_check_parent_times(disk("t-top.vhd"), 1, &options, NULL);
        CHECK(ret == VHD_E_IN_USE, "fix a disk in use: %d\n", ret);
        vhd_close(writer);
    }
    unlink(disk("t-top.vhd"));
    unlink(disk("t-mid.vhd"));
    unlink(disk("t-base.vhd"));
}

static void test_paths(void)
{
    char *win, *unix_path, *rel;

    win = vhd_unix_to_windows(disk(""), prefix);
    CHECK(win && !strcmp(win, "C:\\disks"), "Windows path %s\n", win);
    free(win);
    win = vhd_unix_to_windows("/usr/bin", prefix);
    CHECK(win && !strcmp(win, "Z:\\usr\\bin"), "Windows path %s\n", win);
    free(win);
    unix_path = vhd_windows_to_unix("C:\\disks\\a.vhd", prefix);
    CHECK(unix_path && strstr(unix_path, "/dosdevices/c:/disks/a.vhd"), "Unix path %s\n", unix_path);
    free(unix_path);
    rel = vhd_relative_windows_path("C:\\a\\b\\child.vhd", "C:\\a\\b\\parent.vhd");
    CHECK(rel && !strcmp(rel, ".\\parent.vhd"), "relative %s\n", rel);
    free(rel);
    rel = vhd_relative_windows_path("C:\\a\\b\\child.vhd", "c:\\a\\C\\parent.vhd");
    CHECK(rel && !strcmp(rel, "..\\C\\parent.vhd"), "relative %s\n", rel);
    free(rel);
    rel = vhd_relative_windows_path("C:\\a\\child.vhd", "D:\\parent.vhd");
    CHECK(!rel, "relative across drives %s\n", rel);
    free(rel);
}

int main(void)
{
    char command[3000];

    if (!mkdtemp(tmpdir)) return 1;
    /* a Wine prefix's drive letters, as far as locators need them */
    snprintf(prefix, sizeof(prefix), "%s/prefix", tmpdir);
    snprintf(disks, sizeof(disks), "%s/drive_c/disks", prefix);
    snprintf(command, sizeof(command), "mkdir -p %s %s/dosdevices && ln -s ../drive_c %s/dosdevices/c: "
             "&& ln -s / %s/dosdevices/z:", disks, prefix, prefix, prefix);
    run(command);
    options.wine_prefix = prefix;

    test_paths();
    test_chain();
    test_operations();
    test_damaged();
    test_loop();
    test_parent_times();
    free(base_ref);
    free(diff1_ref);
    free(diff2_ref);

    snprintf(command, sizeof(command), "rm -rf %s", tmpdir);
    run(command);
    return unit_summary("chain");
}
