/*
 * Unit tests of libvhd: geometry, checksums, creation, inspection, and the
 * disks it makes as an independent reader (qemu-img) sees them
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd.h"
#include "unittest.h"

#define MB (1024ULL * 1024)

static char tmpdir[] = "/tmp/vhd-test-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char path[4][300];
    static int next;
    char *ret = path[next++ % 4];

    snprintf(ret, sizeof(path[0]), "%s/%s", tmpdir, name);
    return ret;
}

static int count_files(void)
{
    struct dirent *entry;
    DIR *dir = opendir(tmpdir);
    int count = 0;

    if (!dir) return -1;
    while ((entry = readdir(dir)))
        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) count++;
    closedir(dir);
    return count;
}

static void test_geometry(void)
{
    static const struct
    {
        uint64_t sectors;
        unsigned int c, h, s;
    }
    tests[] =
    {
        { 2097152, 2080, 16, 63 },                /* 1 GiB rounds down */
        { 6144, 361 / 4, 4, 17 },                 /* 3 MB */
        { 65535ULL * 16 * 63, 16191, 16, 255 },   /* the switch to 255 sectors per track */
        { 4294967296ULL, 65535, 16, 255 },        /* 2 TiB is clamped */
    };
    unsigned int i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        struct vhd_geometry g = vhd_geometry_for_sectors(tests[i].sectors);
        CHECK(g.cylinders == tests[i].c && g.heads == tests[i].h
              && g.sectors_per_track == tests[i].s, "%llu sectors: %u/%u/%u\n",
              (unsigned long long)tests[i].sectors, g.cylinders, g.heads, g.sectors_per_track);
    }
}

static void test_footer(void)
{
    struct vhd_footer footer = { 0 }, decoded;
    uint8_t data[VHD_FOOTER_SIZE];

    footer.format_version = 0x00010000;
    footer.features = 2;
    footer.current_size = 16 * MB;
    footer.disk_type = VHD_TYPE_DYNAMIC;
    memcpy(footer.creator_app, "vpc ", 4);
    vhd_footer_encode(&footer, data);
    CHECK(!memcmp(data, "conectix", 8), "cookie\n");
    CHECK(vhd_checksum(data, sizeof(data), 64) == footer.checksum, "checksum\n");
    CHECK(vhd_footer_decode(data, &decoded) == 0, "decode\n");
    CHECK(decoded.current_size == 16 * MB && decoded.disk_type == VHD_TYPE_DYNAMIC, "fields\n");

    data[100] ^= 1;  /* a reserved byte: only the checksum can tell */
    CHECK(vhd_footer_decode(data, &decoded) == VHD_E_INVALID_FILE, "bad checksum accepted\n");
    data[100] ^= 1;
    data[0] = 'C';
    CHECK(vhd_footer_decode(data, &decoded) == VHD_E_INVALID_FILE, "bad cookie accepted\n");

    footer.disk_type = 5;
    vhd_footer_encode(&footer, data);
    CHECK(vhd_footer_decode(data, &decoded) == VHD_E_UNSUPPORTED_TYPE, "type 5 accepted\n");
    footer.disk_type = VHD_TYPE_FIXED;
    footer.current_size = VHD_MAX_SIZE + VHD_SECTOR_SIZE;
    vhd_footer_encode(&footer, data);
    CHECK(vhd_footer_decode(data, &decoded) == VHD_E_INVALID_FILE, "absurd size accepted\n");
}

/* What qemu-img, an independent reader, says of a disk. */
static int qemu_img_check(const char *path, uint64_t expected_size, const char *what)
{
    char command[512], output[4096];
    unsigned long long size = 0;
    size_t len;
    FILE *pipe;
    char *p;
    int status;

    if (system("qemu-img --version >/dev/null 2>&1"))
    {
        SKIP("qemu-img is not installed\n");
        return 0;
    }
    snprintf(command, sizeof(command), "qemu-img info --output=json -f vpc '%s' 2>&1", path);
    if (!(pipe = popen(command, "r"))) return 0;
    len = fread(output, 1, sizeof(output) - 1, pipe);
    output[len] = 0;
    pclose(pipe);
    if ((p = strstr(output, "\"virtual-size\":"))) size = strtoull(p + 15, NULL, 10);
    CHECK(size == expected_size, "%s: qemu-img sees %llu bytes, expected %llu: %s\n", what,
          size, (unsigned long long)expected_size, output);

    /* qemu-img has no check for VHD; read the whole disk through it instead */
    if (expected_size > 64 * MB) return 1;
    snprintf(command, sizeof(command), "qemu-img convert -f vpc -O raw '%s' '%s.raw' && "
             "cmp -s -n %llu '%s.raw' /dev/zero && test $(stat -c %%s '%s.raw') = %llu", path, path,
             (unsigned long long)expected_size, path, path, (unsigned long long)expected_size);
    status = system(command);
    CHECK(status == 0, "%s: qemu-img does not read %llu zero bytes (%d)\n", what,
          (unsigned long long)expected_size, status);
    snprintf(command, sizeof(command), "%s.raw", path);
    unlink(command);
    return 1;
}

static void test_create(enum vhd_type type, const char *name, uint64_t size, uint64_t file_size)
{
    const char *path = tmp_path(name);
    struct vhd_info info;
    struct vhd_geometry g;
    uint64_t chs;
    int ret;

    ret = vhd_create(path, type, size, NULL, NULL);
    CHECK(ret == 0, "create %s: %s\n", name, vhd_strerror(ret));
    ret = vhd_info(path, &info);
    CHECK(ret == 0, "info %s: %s\n", name, vhd_strerror(ret));
    CHECK(info.footer.disk_type == type, "%s: type %u\n", name, info.footer.disk_type);
    CHECK(info.footer.current_size == size, "%s: size %llu\n", name,
          (unsigned long long)info.footer.current_size);
    CHECK(info.file_size == file_size, "%s: file size %llu, expected %llu\n", name,
          (unsigned long long)info.file_size, (unsigned long long)file_size);
    CHECK(!memcmp(info.footer.creator_app, "vpc ", 4), "%s: creator\n", name);
    CHECK(info.footer.unique_id[6] >> 4 == 4, "%s: unique id version\n", name);
    if (type == VHD_TYPE_DYNAMIC)
    {
        CHECK(info.header.block_size == VHD_DEFAULT_BLOCK_SIZE, "%s: block size\n", name);
        CHECK(info.header.max_table_entries == (size + VHD_DEFAULT_BLOCK_SIZE - 1)
              / VHD_DEFAULT_BLOCK_SIZE, "%s: entries %u\n", name, info.header.max_table_entries);
    }

    /* Virtual PC's disks are as large as their geometry says */
    g = info.footer.geometry;
    chs = (uint64_t)g.cylinders * g.heads * g.sectors_per_track * VHD_SECTOR_SIZE;
    CHECK(chs <= size && chs > size - size / 50, "%s: geometry %u/%u/%u\n", name, g.cylinders,
          g.heads, g.sectors_per_track);
    qemu_img_check(path, chs, name);

    ret = vhd_create(path, type, size, NULL, NULL);
    CHECK(ret == -EEXIST, "%s created twice: %d\n", name, ret);
}

static int cancel_at_50(void *context, int percent)
{
    return percent >= 50;
}

static void test_create_errors(void)
{
    int before = count_files(), ret;

    ret = vhd_create(tmp_path("small.vhd"), VHD_TYPE_DYNAMIC, 2 * MB, NULL, NULL);
    CHECK(ret == VHD_E_SIZE_TOO_SMALL, "2 MB: %d\n", ret);
    ret = vhd_create(tmp_path("large.vhd"), VHD_TYPE_FIXED, VHD_MAX_SIZE + MB, NULL, NULL);
    CHECK(ret == VHD_E_SIZE_TOO_LARGE, "2041 GB: %d\n", ret);
    ret = vhd_create(tmp_path("diff.vhd"), VHD_TYPE_DIFFERENCING, 16 * MB, NULL, NULL);
    CHECK(ret == VHD_E_UNSUPPORTED_TYPE, "differencing: %d\n", ret);
    ret = vhd_create(tmp_path("no/such/folder/a.vhd"), VHD_TYPE_DYNAMIC, 16 * MB, NULL, NULL);
    CHECK(ret == -ENOENT, "missing folder: %d\n", ret);
    ret = vhd_create(tmp_path("cancelled.vhd"), VHD_TYPE_DYNAMIC, 16 * MB, cancel_at_50, NULL);
    CHECK(ret == VHD_E_CANCELLED, "cancel: %d\n", ret);
    ret = vhd_create(tmp_path("cancelled.vhd"), VHD_TYPE_FIXED, 16 * MB, cancel_at_50, NULL);
    CHECK(ret == VHD_E_CANCELLED, "cancel: %d\n", ret);
    CHECK(count_files() == before, "%d files left behind\n", count_files() - before);
}

static void test_info_errors(void)
{
    struct vhd_info info;
    uint8_t junk[4096];
    int fd, ret;

    ret = vhd_info(tmp_path("missing.vhd"), &info);
    CHECK(ret == -ENOENT, "missing: %d\n", ret);

    memset(junk, 'x', sizeof(junk));
    fd = open(tmp_path("junk.vhd"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(write(fd, junk, sizeof(junk)) == sizeof(junk), "write\n");
    close(fd);
    ret = vhd_info(tmp_path("junk.vhd"), &info);
    CHECK(ret == VHD_E_INVALID_FILE, "junk: %d\n", ret);

    fd = open(tmp_path("tiny.vhd"), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(write(fd, "conectix", 8) == 8, "write\n");
    close(fd);
    ret = vhd_info(tmp_path("tiny.vhd"), &info);
    CHECK(ret == VHD_E_INVALID_FILE, "tiny: %d\n", ret);

    /* a fixed disk cut short */
    ret = vhd_create(tmp_path("cut.vhd"), VHD_TYPE_FIXED, 8 * MB, NULL, NULL);
    CHECK(ret == 0, "create: %d\n", ret);
    fd = open(tmp_path("cut.vhd"), O_RDWR);
    CHECK(pread(fd, junk, VHD_FOOTER_SIZE, 8 * MB) == VHD_FOOTER_SIZE, "read\n");
    CHECK(pwrite(fd, junk, VHD_FOOTER_SIZE, 4 * MB) == VHD_FOOTER_SIZE, "write\n");
    CHECK(ftruncate(fd, 4 * MB + VHD_FOOTER_SIZE) == 0, "truncate\n");
    close(fd);
    ret = vhd_info(tmp_path("cut.vhd"), &info);
    CHECK(ret == VHD_E_INVALID_FILE, "cut: %d\n", ret);

    /* a dynamic disk whose end footer is damaged still opens from its first copy */
    ret = vhd_create(tmp_path("copy.vhd"), VHD_TYPE_DYNAMIC, 8 * MB, NULL, NULL);
    fd = open(tmp_path("copy.vhd"), O_RDWR);
    CHECK(pwrite(fd, "x", 1, lseek(fd, 0, SEEK_END) - 400) == 1, "write\n");
    close(fd);
    ret = vhd_info(tmp_path("copy.vhd"), &info);
    CHECK(ret == 0 && info.footer.disk_type == VHD_TYPE_DYNAMIC, "first copy: %d\n", ret);
}

static void remove_all(void)
{
    struct dirent *entry;
    DIR *dir = opendir(tmpdir);

    while (dir && (entry = readdir(dir)))
        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
            unlink(tmp_path(entry->d_name));
    if (dir) closedir(dir);
    rmdir(tmpdir);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    test_geometry();
    test_footer();
    test_create(VHD_TYPE_DYNAMIC, "dynamic.vhd", 16 * MB, 512 + 1024 + 512 + 512);
    test_create(VHD_TYPE_DYNAMIC, "dynamic-1g.vhd", 1024 * MB, 512 + 1024 + 2048 + 512);
    test_create(VHD_TYPE_FIXED, "fixed.vhd", 16 * MB, 16 * MB + 512);
    test_create(VHD_TYPE_FIXED, "fixed-3m.vhd", 3 * MB, 3 * MB + 512);
    test_create_errors();
    test_info_errors();
    remove_all();
    return unit_summary("vhd");
}
