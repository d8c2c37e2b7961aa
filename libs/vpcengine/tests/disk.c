/*
 * Unit tests of disk creation through engine tasks
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
#include <sys/statvfs.h>
#include <unistd.h>

#include "vpcengine.h"
#include "vhd.h"
#include "unittest.h"

static char tmpdir[] = "/tmp/vpcengine-disk-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char path[4][300];
    static int next;
    char *ret = path[next++ % 4];

    snprintf(ret, sizeof(path[0]), "%s/%s", tmpdir, name);
    return ret;
}

static int exists(const char *path)
{
    struct stat st;
    return !stat(path, &st);
}

static void test_create(int fixed)
{
    const char *path = tmp_path(fixed ? "f1/f2/fixed.vhd" : "d1/d2/dynamic.vhd");
    struct vpce_task_state state;
    struct vpce_task *task;
    enum vpce_status status;
    struct vhd_info info;
    char *text;

    status = vpce_disk_create("Creating a disk", path, fixed, 16, &task);
    CHECK(status == VPCE_OK, "create: %s\n", vpce_strerror(status));
    if (status) return;
    CHECK(vpce_task_wait(task, -1), "wait\n");
    vpce_task_get_state(task, &state);
    CHECK(state.result == VPCE_TASK_SUCCESS && state.error == VPCE_OK && state.percent == 100,
          "result %d, error %d, percent %d\n", state.result, state.error, state.percent);
    text = vpce_task_description(task);
    CHECK(text && !strcmp(text, "Creating a disk"), "description %s\n", text);
    free(text);
    vpce_task_unref(task);

    CHECK(vhd_info(path, &info) == 0, "the disk does not open\n");
    CHECK(info.footer.disk_type == (fixed ? VHD_TYPE_FIXED : VHD_TYPE_DYNAMIC), "type %u\n",
          info.footer.disk_type);
    CHECK(info.footer.current_size == 16 * 1024 * 1024, "size\n");

    status = vpce_disk_create("again", path, fixed, 16, &task);
    CHECK(status == VPCE_E_ALREADY_EXISTS && !task, "existing file: %d\n", status);
    unlink(path);
}

static void test_errors(void)
{
    struct vpce_task *task = (struct vpce_task *)1;
    struct statvfs vfs;
    enum vpce_status status;

    status = vpce_disk_create("", tmp_path("a.vhd"), 0, 0, &task);
    CHECK(status == VPCE_E_INVALID_ARG && !task, "size 0: %d\n", status);
    status = vpce_disk_create("", tmp_path("a.vhd"), 0, -5, &task);
    CHECK(status == VPCE_E_INVALID_ARG, "negative size: %d\n", status);
    status = vpce_disk_create("", tmp_path("a.vhd"), 0, 2, &task);
    CHECK(status == VPCE_E_IMAGE_SIZE_TOO_SMALL, "2 MB: %d\n", status);
    status = vpce_disk_create("", tmp_path("a.vhd"), 1, 2088961, &task);
    CHECK(status == VPCE_E_IMAGE_SIZE_TOO_LARGE, "2088961 MB: %d\n", status);
    status = vpce_disk_create("", "relative/a.vhd", 0, 16, &task);
    CHECK(status == VPCE_E_BAD_PATHNAME, "relative: %d\n", status);

    if (!statvfs(tmpdir, &vfs) && (unsigned long long)vfs.f_bavail * vfs.f_frsize < 2088960ULL << 20)
    {
        status = vpce_disk_create("", tmp_path("huge.vhd"), 1, 2088960, &task);
        CHECK(status == VPCE_E_DISK_FULL, "larger than the free space: %d\n", status);
    }
    else
        SKIP("the volume has 2 TB free\n");
    CHECK(!exists(tmp_path("a.vhd")) && !exists(tmp_path("huge.vhd")), "files left behind\n");
}

/* Cancelled straight away: either nothing is left, folders included, or
 * the complete disk when the work was already done. */
static void test_cancel(void)
{
    const char *path = tmp_path("c1/c2/cancelled.vhd");
    struct vpce_task_state state;
    struct vpce_task *task;
    struct vhd_info info;

    if (vpce_disk_create("", path, 0, 64, &task)) return;
    vpce_task_cancel(task);
    vpce_task_wait(task, -1);
    vpce_task_get_state(task, &state);
    if (state.result == VPCE_TASK_CANCELLED)
    {
        CHECK(!exists(path), "the cancelled disk exists\n");
        CHECK(!exists(tmp_path("c1")), "the cancelled disk's folders exist\n");
    }
    else
    {
        CHECK(state.result == VPCE_TASK_SUCCESS, "result %d\n", state.result);
        CHECK(vhd_info(path, &info) == 0, "a complete disk\n");
    }
    vpce_task_unref(task);
}

int main(void)
{
    char command[100];

    if (!mkdtemp(tmpdir)) return 1;
    test_create(0);
    test_create(1);
    test_errors();
    test_cancel();
    snprintf(command, sizeof(command), "rm -rf '%s'", tmpdir);
    if (system(command)) return 1;
    return unit_summary("disk");
}
