/*
 * libvhd: footers, dynamic headers, geometry, creation and inspection
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vhd.h"
#include "vhd_private.h"

#define FOOTER_COOKIE "conectix"
#define HEADER_COOKIE "cxsparse"
#define FORMAT_VERSION 0x00010000
#define FEATURE_RESERVED 0x00000002
/* seconds between the Unix epoch and 2000-01-01 00:00:00 UTC */
#define VHD_EPOCH 946684800
/* Windows Virtual PC 6.1, on Windows */
#define CREATOR_APP "vpc "
#define CREATOR_VERSION 0x00060001
#define CREATOR_OS_WINDOWS 0x5769326b   /* "Wi2k" */
/* Virtual PC's smallest disk: 3 MB */
#define MIN_SIZE (3ULL * 1024 * 1024)

const char *vhd_strerror(int error)
{
    switch (error)
    {
    case 0: return "Success.";
    case VHD_E_INVALID_FILE: return "The file is not a valid virtual hard disk.";
    case VHD_E_UNSUPPORTED_TYPE: return "This type of virtual hard disk is not supported.";
    case VHD_E_SIZE_TOO_LARGE: return "The disk size is larger than 2040 GB.";
    case VHD_E_SIZE_TOO_SMALL: return "The disk size is smaller than 3 MB.";
    case VHD_E_CANCELLED: return "The operation was cancelled.";
    case VHD_E_PARENT_NOT_FOUND: return "The parent of the differencing disk cannot be found.";
    case VHD_E_PARENT_ID_MISMATCH:
        return "The parent disk is not the one the differencing disk was made from.";
    case VHD_E_IN_USE: return "The disk is in use by another process.";
    case VHD_E_WRONG_TYPE: return "The operation does not apply to this type of disk.";
    case VHD_E_PARENT_MODIFIED: return "The parent disk was modified after the differencing disk was made.";
    default: return error < 0 ? strerror(-error) : "Unknown error.";
    }
}

uint64_t vhd_guest_size(const struct vhd_footer *footer)
{
    const struct vhd_geometry *g = &footer->geometry;

    if (g->cylinders == 65535 && g->heads == 16 && g->sectors_per_track == 255)
        return footer->current_size;
    return (uint64_t)g->cylinders * g->heads * g->sectors_per_track * VHD_SECTOR_SIZE;
}

struct vhd_geometry vhd_geometry_for_sectors(uint64_t total)
{
    struct vhd_geometry g;
    uint64_t cylinder_heads;
    unsigned int heads, spt;

    if (total > 65535ULL * 16 * 255) total = 65535ULL * 16 * 255;

    if (total >= 65535ULL * 16 * 63)
    {
        spt = 255;
        heads = 16;
        cylinder_heads = total / spt;
    }
    else
    {
        spt = 17;
        cylinder_heads = total / spt;
        heads = (cylinder_heads + 1023) / 1024;
        if (heads < 4) heads = 4;
        if (cylinder_heads >= heads * 1024ULL || heads > 16)
        {
            spt = 31;
            heads = 16;
            cylinder_heads = total / spt;
        }
        if (cylinder_heads >= heads * 1024ULL)
        {
            spt = 63;
            heads = 16;
            cylinder_heads = total / spt;
        }
    }
    g.cylinders = cylinder_heads / heads;
    g.heads = heads;
    g.sectors_per_track = spt;
    return g;
}

uint32_t vhd_checksum(const uint8_t *data, unsigned int size, unsigned int checksum_offset)
{
    uint32_t sum = 0;
    unsigned int i;

    for (i = 0; i < size; i++)
        if (i < checksum_offset || i >= checksum_offset + 4) sum += data[i];
    return ~sum;
}

void vhd_footer_encode(struct vhd_footer *f, uint8_t *out)
{
    memset(out, 0, VHD_FOOTER_SIZE);
    memcpy(out, FOOTER_COOKIE, 8);
    vhd_put_be32(out + 8, f->features);
    vhd_put_be32(out + 12, f->format_version);
    vhd_put_be64(out + 16, f->data_offset);
    vhd_put_be32(out + 24, f->timestamp);
    memcpy(out + 28, f->creator_app, 4);
    vhd_put_be32(out + 32, f->creator_version);
    vhd_put_be32(out + 36, f->creator_os);
    vhd_put_be64(out + 40, f->original_size);
    vhd_put_be64(out + 48, f->current_size);
    vhd_put_be16(out + 56, f->geometry.cylinders);
    out[58] = f->geometry.heads;
    out[59] = f->geometry.sectors_per_track;
    vhd_put_be32(out + 60, f->disk_type);
    memcpy(out + 68, f->unique_id, 16);
    out[84] = f->saved_state;
    f->checksum = vhd_checksum(out, VHD_FOOTER_SIZE, 64);
    vhd_put_be32(out + 64, f->checksum);
}

int vhd_footer_decode(const uint8_t *in, struct vhd_footer *f)
{
    if (memcmp(in, FOOTER_COOKIE, 8)) return VHD_E_INVALID_FILE;
    f->checksum = vhd_be32(in + 64);
    if (f->checksum != vhd_checksum(in, VHD_FOOTER_SIZE, 64)) return VHD_E_INVALID_FILE;
    f->features = vhd_be32(in + 8);
    f->format_version = vhd_be32(in + 12);
    f->data_offset = vhd_be64(in + 16);
    f->timestamp = vhd_be32(in + 24);
    memcpy(f->creator_app, in + 28, 4);
    f->creator_version = vhd_be32(in + 32);
    f->creator_os = vhd_be32(in + 36);
    f->original_size = vhd_be64(in + 40);
    f->current_size = vhd_be64(in + 48);
    f->geometry.cylinders = vhd_be16(in + 56);
    f->geometry.heads = in[58];
    f->geometry.sectors_per_track = in[59];
    f->disk_type = vhd_be32(in + 60);
    memcpy(f->unique_id, in + 68, 16);
    f->saved_state = in[84];
    if (f->format_version >> 16 != 1) return VHD_E_INVALID_FILE;
    if (f->current_size > VHD_MAX_SIZE || f->current_size % VHD_SECTOR_SIZE)
        return VHD_E_INVALID_FILE;
    switch (f->disk_type)
    {
    case VHD_TYPE_FIXED:
    case VHD_TYPE_DYNAMIC:
    case VHD_TYPE_DIFFERENCING:
        return 0;
    default:
        return VHD_E_UNSUPPORTED_TYPE;
    }
}

void vhd_dynamic_header_encode(struct vhd_dynamic_header *h, uint8_t *out)
{
    unsigned int i;

    memset(out, 0, VHD_HEADER_SIZE);
    memcpy(out, HEADER_COOKIE, 8);
    vhd_put_be64(out + 8, h->data_offset);
    vhd_put_be64(out + 16, h->table_offset);
    vhd_put_be32(out + 24, h->header_version);
    vhd_put_be32(out + 28, h->max_table_entries);
    vhd_put_be32(out + 32, h->block_size);
    memcpy(out + 40, h->parent_unique_id, 16);
    vhd_put_be32(out + 56, h->parent_timestamp);
    for (i = 0; i < 256; i++) vhd_put_be16(out + 64 + 2 * i, h->parent_name[i]);
    for (i = 0; i < 8; i++)
    {
        uint8_t *entry = out + 576 + 24 * i;
        vhd_put_be32(entry, h->locators[i].code);
        vhd_put_be32(entry + 4, h->locators[i].data_space);
        vhd_put_be32(entry + 8, h->locators[i].data_length);
        vhd_put_be64(entry + 16, h->locators[i].data_offset);
    }
    h->checksum = vhd_checksum(out, VHD_HEADER_SIZE, 36);
    vhd_put_be32(out + 36, h->checksum);
}

int vhd_dynamic_header_decode(const uint8_t *in, struct vhd_dynamic_header *h)
{
    unsigned int i;

    if (memcmp(in, HEADER_COOKIE, 8)) return VHD_E_INVALID_FILE;
    h->checksum = vhd_be32(in + 36);
    if (h->checksum != vhd_checksum(in, VHD_HEADER_SIZE, 36)) return VHD_E_INVALID_FILE;
    h->data_offset = vhd_be64(in + 8);
    h->table_offset = vhd_be64(in + 16);
    h->header_version = vhd_be32(in + 24);
    h->max_table_entries = vhd_be32(in + 28);
    h->block_size = vhd_be32(in + 32);
    memcpy(h->parent_unique_id, in + 40, 16);
    h->parent_timestamp = vhd_be32(in + 56);
    for (i = 0; i < 256; i++) h->parent_name[i] = vhd_be16(in + 64 + 2 * i);
    for (i = 0; i < 8; i++)
    {
        const uint8_t *entry = in + 576 + 24 * i;
        h->locators[i].code = vhd_be32(entry);
        h->locators[i].data_space = vhd_be32(entry + 4);
        h->locators[i].data_length = vhd_be32(entry + 8);
        h->locators[i].data_offset = vhd_be64(entry + 16);
    }
    if (h->header_version >> 16 != 1) return VHD_E_INVALID_FILE;
    /* a power-of-two number of sectors */
    if (h->block_size < VHD_SECTOR_SIZE || (h->block_size & (h->block_size - 1)))
        return VHD_E_INVALID_FILE;
    if (h->table_offset % VHD_SECTOR_SIZE || h->table_offset < VHD_FOOTER_SIZE + VHD_HEADER_SIZE)
        return VHD_E_INVALID_FILE;
    return 0;
}

static int new_unique_id(uint8_t *id)
{
    size_t done = 0;
    ssize_t n;

    while (done < 16)
    {
        if ((n = getrandom(id + done, 16 - done, 0)) < 0)
        {
            if (errno == EINTR) continue;
            return -errno;
        }
        done += n;
    }
    id[6] = (id[6] & 0x0f) | 0x40;  /* a version 4 (random) UUID */
    id[8] = (id[8] & 0x3f) | 0x80;
    return 0;
}

int vhd_new_footer(struct vhd_footer *f, enum vhd_type type, uint64_t size)
{
    memset(f, 0, sizeof(*f));
    f->features = FEATURE_RESERVED;
    f->format_version = FORMAT_VERSION;
    f->data_offset = type == VHD_TYPE_FIXED ? ~0ULL : VHD_FOOTER_SIZE;
    f->timestamp = (uint32_t)(time(NULL) - VHD_EPOCH);
    memcpy(f->creator_app, CREATOR_APP, 4);
    f->creator_version = CREATOR_VERSION;
    f->creator_os = CREATOR_OS_WINDOWS;
    f->original_size = f->current_size = size;
    f->geometry = vhd_geometry_for_sectors(size / VHD_SECTOR_SIZE);
    f->disk_type = type;
    return new_unique_id(f->unique_id);
}

static int write_fixed(int fd, struct vhd_footer *footer, vhd_progress_func progress,
                       void *context)
{
    uint8_t buffer[VHD_FOOTER_SIZE];
    int ret;

    /* Reserve the data area without writing it: the blocks read as zeros. */
    if (fallocate(fd, 0, 0, footer->current_size + VHD_FOOTER_SIZE) < 0)
    {
        if (errno != EOPNOTSUPP) return -errno;
        if (ftruncate(fd, footer->current_size) < 0) return -errno;
    }
    if (progress && progress(context, 50)) return VHD_E_CANCELLED;
    vhd_footer_encode(footer, buffer);
    if ((ret = vhd_pwrite_all(fd, buffer, sizeof(buffer), footer->current_size))) return ret;
    return 0;
}

void vhd_new_dynamic_header(struct vhd_dynamic_header *header, uint64_t size)
{
    memset(header, 0, sizeof(*header));
    header->data_offset = ~0ULL;
    header->table_offset = VHD_FOOTER_SIZE + VHD_HEADER_SIZE;
    header->header_version = FORMAT_VERSION;
    header->block_size = VHD_DEFAULT_BLOCK_SIZE;
    header->max_table_entries = (size + header->block_size - 1) / header->block_size;
}

uint64_t vhd_table_size(const struct vhd_dynamic_header *header)
{
    return ((uint64_t)header->max_table_entries * 4 + VHD_SECTOR_SIZE - 1)
           & ~(uint64_t)(VHD_SECTOR_SIZE - 1);
}

/* Footer copy, header, table (all unallocated) and footer; extra bytes
 * (locator data) go between the table and the footer. */
int vhd_write_dynamic_layout(int fd, struct vhd_footer *footer, struct vhd_dynamic_header *header,
                             uint64_t extra)
{
    uint8_t footer_data[VHD_FOOTER_SIZE], header_data[VHD_HEADER_SIZE];
    uint64_t table_size = vhd_table_size(header);
    uint8_t *table;
    int ret;

    vhd_footer_encode(footer, footer_data);
    vhd_dynamic_header_encode(header, header_data);

    if (!(table = malloc(table_size))) return -ENOMEM;
    memset(table, 0xff, table_size);  /* every block unallocated */
    ret = vhd_pwrite_all(fd, table, table_size, header->table_offset);
    free(table);
    if (ret) return ret;
    if ((ret = vhd_pwrite_all(fd, footer_data, sizeof(footer_data), 0))) return ret;
    if ((ret = vhd_pwrite_all(fd, header_data, sizeof(header_data), VHD_FOOTER_SIZE))) return ret;
    return vhd_pwrite_all(fd, footer_data, sizeof(footer_data),
                          header->table_offset + table_size + extra);
}

static int write_dynamic(int fd, struct vhd_footer *footer, vhd_progress_func progress,
                         void *context)
{
    struct vhd_dynamic_header header;

    if (progress && progress(context, 50)) return VHD_E_CANCELLED;
    vhd_new_dynamic_header(&header, footer->current_size);
    return vhd_write_dynamic_layout(fd, footer, &header, 0);
}

/* A file with no name yet in dir (O_TMPFILE): if the process dies, the
 * kernel drops it.  Falls back to a named temporary file. */
static int open_unnamed(const char *dir, char **temp)
{
    int fd;

    *temp = NULL;
    if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644)) >= 0) return fd;
    if (asprintf(temp, "%s/.vhd-create-XXXXXX", dir) < 0)
    {
        *temp = NULL;
        return -ENOMEM;
    }
    if ((fd = mkostemp(*temp, O_CLOEXEC)) < 0)
    {
        fd = -errno;
        free(*temp);
        *temp = NULL;
        return fd;
    }
    fchmod(fd, 0644);
    return fd;
}

/* Gives the new file its name: link() never replaces an existing file;
 * with replace, a rename() does, atomically. */
static int name_file(int fd, const char *temp, const char *path, int replace)
{
    char proc[64], *named = NULL, *copy;
    int ret = 0;

    if (!temp)
    {
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
        if (!replace)
            return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) < 0 ? -errno : 0;
        if (!(copy = strdup(path))) return -ENOMEM;
        if (asprintf(&named, "%s/.vhd-replace-%d", dirname(copy), getpid()) < 0) named = NULL;
        free(copy);
        if (!named) return -ENOMEM;
        unlink(named);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, named, AT_SYMLINK_FOLLOW) < 0) ret = -errno;
        else if (rename(named, path) < 0)
        {
            ret = -errno;
            unlink(named);
        }
        free(named);
        return ret;
    }
    if (replace) return rename(temp, path) < 0 ? -errno : 0;
    return link(temp, path) < 0 ? -errno : 0;
}

/* Writes a new disk under no name (or a temporary one) beside path, then
 * gives it path's name: the disk appears whole or not at all, and an
 * existing file is never replaced unless asked to. */
int vhd_create_file(const char *path, int (*writer)(int fd, void *context), void *context,
                    vhd_progress_func progress, void *progress_context, int replace)
{
    char *dir_copy, *temp;
    int fd, ret;

    if (!(dir_copy = strdup(path))) return -ENOMEM;
    fd = open_unnamed(dirname(dir_copy), &temp);
    free(dir_copy);
    if (fd < 0) return fd;

    ret = writer(fd, context);
    if (!ret && fsync(fd) < 0) ret = -errno;
    if (!ret && progress && progress(progress_context, 99)) ret = VHD_E_CANCELLED;
    if (!ret) ret = name_file(fd, temp, path, replace);
    if (close(fd) < 0 && !ret) ret = -errno;
    if (temp)
    {
        if (ret || !replace) unlink(temp);
        free(temp);
    }
    return ret;
}

struct create_context
{
    struct vhd_footer footer;
    vhd_progress_func progress;
    void *context;
};

static int write_new_disk(int fd, void *context)
{
    struct create_context *ctx = context;

    if (ctx->footer.disk_type == VHD_TYPE_FIXED)
        return write_fixed(fd, &ctx->footer, ctx->progress, ctx->context);
    return write_dynamic(fd, &ctx->footer, ctx->progress, ctx->context);
}

int vhd_create(const char *path, enum vhd_type type, uint64_t size,
               vhd_progress_func progress, void *context)
{
    struct create_context ctx = { .progress = progress, .context = context };
    int ret;

    if (type != VHD_TYPE_FIXED && type != VHD_TYPE_DYNAMIC) return VHD_E_UNSUPPORTED_TYPE;
    if (size > VHD_MAX_SIZE) return VHD_E_SIZE_TOO_LARGE;
    if (size < MIN_SIZE) return VHD_E_SIZE_TOO_SMALL;
    size = (size + VHD_SECTOR_SIZE - 1) & ~(uint64_t)(VHD_SECTOR_SIZE - 1);
    if ((ret = vhd_new_footer(&ctx.footer, type, size))) return ret;
    return vhd_create_file(path, write_new_disk, &ctx, progress, context, 0);
}

int vhd_info(const char *path, struct vhd_info *info)
{
    uint8_t buffer[VHD_HEADER_SIZE];
    struct stat st;
    int fd, ret;

    memset(info, 0, sizeof(*info));
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) return -errno;
    if (fstat(fd, &st) < 0)
    {
        ret = -errno;
        close(fd);
        return ret;
    }
    info->file_size = st.st_size;
    if (st.st_size < VHD_FOOTER_SIZE)
    {
        close(fd);
        return VHD_E_INVALID_FILE;
    }

    /* the footer at the end; the copy at the start when that one is damaged */
    ret = vhd_pread_all(fd, buffer, VHD_FOOTER_SIZE, st.st_size - VHD_FOOTER_SIZE);
    if (!ret) ret = vhd_footer_decode(buffer, &info->footer);
    if (ret == VHD_E_INVALID_FILE && !vhd_pread_all(fd, buffer, VHD_FOOTER_SIZE, 0)
            && !vhd_footer_decode(buffer, &info->footer) && info->footer.disk_type != VHD_TYPE_FIXED)
        ret = 0;

    if (!ret && info->footer.disk_type == VHD_TYPE_FIXED
            && (uint64_t)st.st_size < info->footer.current_size + VHD_FOOTER_SIZE)
        ret = VHD_E_INVALID_FILE;

    if (!ret && info->footer.disk_type != VHD_TYPE_FIXED)
    {
        if (info->footer.data_offset > (uint64_t)st.st_size - VHD_HEADER_SIZE)
            ret = VHD_E_INVALID_FILE;
        else if (!(ret = vhd_pread_all(fd, buffer, VHD_HEADER_SIZE, info->footer.data_offset)))
            ret = vhd_dynamic_header_decode(buffer, &info->header);
        if (!ret && (info->header.table_offset + info->header.max_table_entries * 4ULL
                     > (uint64_t)st.st_size
                     || (uint64_t)info->header.max_table_entries * info->header.block_size
                        < info->footer.current_size))
            ret = VHD_E_INVALID_FILE;
    }
    close(fd);
    return ret;
}
