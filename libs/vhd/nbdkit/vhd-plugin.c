/*
 * nbdkit-vhd-plugin: serves a VHD (fixed, dynamic, or a differencing chain)
 * as a raw disk over NBD, with Virtual PC's semantics.  QEMU's own vpc
 * driver does not follow differencing parents and refuses to migrate (so
 * a machine could not be saved); the engine serves every VHD through this.
 *
 *   nbdkit -U SOCKET nbdkit-vhd-plugin.so file=DISK.vhd [prefix=WINEPREFIX]
 *
 * The disk is opened for writing (read-only with nbdkit -r) and so locked
 * against every other writer for as long as the server runs.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define NBDKIT_API_VERSION 2
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <nbdkit-plugin.h>

#include "vhd.h"

#define SECTOR 512

static char *filename, *prefix;
/* a sector written in part is read, merged and written back: two such
 * writes to one sector, even to different bytes of it, must not interleave */
static pthread_mutex_t partial_lock = PTHREAD_MUTEX_INITIALIZER;

static int vhd_plugin_config(const char *key, const char *value)
{
    if (!strcmp(key, "file"))
    {
        free(filename);
        if (!(filename = nbdkit_realpath(value))) return -1;
    }
    else if (!strcmp(key, "prefix"))
    {
        free(prefix);
        if (!(prefix = strdup(value))) return -1;
    }
    else
    {
        nbdkit_error("unknown parameter '%s'", key);
        return -1;
    }
    return 0;
}

static int vhd_plugin_config_complete(void)
{
    if (!filename)
    {
        nbdkit_error("the file parameter is required");
        return -1;
    }
    return 0;
}

static void vhd_plugin_unload(void)
{
    free(filename);
    free(prefix);
}

static int report(int ret)
{
    nbdkit_error("%s: %s", filename, vhd_strerror(ret));
    nbdkit_set_error(ret < 0 ? -ret : EIO);
    return -1;
}

static void *vhd_plugin_open(int readonly)
{
    struct vhd_open_options options = { prefix };
    struct vhd *vhd;
    int ret;

    if ((ret = vhd_open(filename, readonly ? VHD_OPEN_READ_ONLY : 0, &options, &vhd)))
    {
        report(ret);
        return NULL;
    }
    return vhd;
}

static void vhd_plugin_close(void *handle)
{
    vhd_close(handle);
}

/* What Virtual PC's guest sees (its geometry's size), as QEMU's vpc driver
 * does for disks Virtual PC made. */
static int64_t vhd_plugin_get_size(void *handle)
{
    return vhd_guest_size(vhd_get_footer(handle));
}

/* Part of one sector, through a bounce buffer. */
static int transfer_partial(struct vhd *vhd, uint8_t *p, uint32_t n, uint64_t offset, int write)
{
    uint8_t bounce[SECTOR];
    uint64_t sector = offset / SECTOR;
    uint32_t skip = offset % SECTOR;
    int ret;

    if (!write)
    {
        if ((ret = vhd_read_sectors(vhd, sector, 1, bounce))) return ret;
        memcpy(p, bounce + skip, n);
        return 0;
    }
    pthread_mutex_lock(&partial_lock);
    if (!(ret = vhd_read_sectors(vhd, sector, 1, bounce)))
    {
        memcpy(bounce + skip, p, n);
        ret = vhd_write_sectors(vhd, sector, 1, bounce);
    }
    pthread_mutex_unlock(&partial_lock);
    return ret;
}

/* Whole sectors through the library; a partial sector at either end is
 * read (and for writes, merged) in a bounce buffer. */
static int transfer(struct vhd *vhd, void *buf, uint32_t count, uint64_t offset, int write)
{
    uint8_t *p = buf;
    int ret;

    while (count)
    {
        uint64_t sector = offset / SECTOR;
        uint32_t skip = offset % SECTOR;

        if (skip || count < SECTOR)
        {
            uint32_t n = SECTOR - skip < count ? SECTOR - skip : count;

            if ((ret = transfer_partial(vhd, p, n, offset, write))) return report(ret);
            p += n;
            offset += n;
            count -= n;
        }
        else
        {
            uint32_t sectors = count / SECTOR;

            ret = write ? vhd_write_sectors(vhd, sector, sectors, p) : vhd_read_sectors(vhd, sector, sectors, p);
            if (ret) return report(ret);
            p += (size_t)sectors * SECTOR;
            offset += (uint64_t)sectors * SECTOR;
            count -= sectors * SECTOR;
        }
    }
    return 0;
}

static int vhd_plugin_pread(void *handle, void *buf, uint32_t count, uint64_t offset, uint32_t flags)
{
    return transfer(handle, buf, count, offset, 0);
}

static int vhd_plugin_pwrite(void *handle, const void *buf, uint32_t count, uint64_t offset,
                             uint32_t flags)
{
    int ret = transfer(handle, (void *)buf, count, offset, 1);

    if (!ret && (flags & NBDKIT_FLAG_FUA) && (ret = vhd_flush(handle))) return report(ret);
    return ret;
}

static int vhd_plugin_flush(void *handle, uint32_t flags)
{
    int ret = vhd_flush(handle);
    return ret ? report(ret) : 0;
}

/* libvhd serves concurrent requests on one handle, but nbdkit 1.32 (Debian
 * 12) aborts in the parallel model when a client goes away with replies
 * in flight (raw_send_socket: "sock >= 0"), as QEMU does when a machine is
 * turned off; and in flight or not, the socket bounds the throughput here
 * (tools/bench-nbd).  Each connection opens and locks the disk itself. */
#define THREAD_MODEL NBDKIT_THREAD_MODEL_SERIALIZE_ALL_REQUESTS

static struct nbdkit_plugin plugin =
{
    .name = "vhd",
    .longname = "Virtual PC VHD disks, differencing chains included",
    .version = "1.0",
    .config = vhd_plugin_config,
    .config_complete = vhd_plugin_config_complete,
    .config_help = "file=<DISK.vhd>  (required) the disk\nprefix=<DIR>     the Wine prefix of parent locators",
    .unload = vhd_plugin_unload,
    .open = vhd_plugin_open,
    .close = vhd_plugin_close,
    .get_size = vhd_plugin_get_size,
    .pread = vhd_plugin_pread,
    .pwrite = vhd_plugin_pwrite,
    .flush = vhd_plugin_flush,
};

NBDKIT_REGISTER_PLUGIN(plugin)
