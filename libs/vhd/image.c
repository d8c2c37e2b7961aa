/*
 * libvhd: open disks and their parent chains, read and write sectors
 *
 * Writes follow one order so that a crash at any point leaves the disk
 * readable with either the old or the new content of what was written:
 * a new block is laid out and the footer moved before the block table
 * points at it; data is written before the bitmap bits that make it
 * visible.
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
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd.h"
#include "vhd_private.h"

#define UNALLOCATED 0xffffffffu
#define MAX_CHAIN_DEPTH 32

static int read_footer(struct vhd *vhd, uint64_t file_size)
{
    uint8_t buffer[VHD_FOOTER_SIZE];
    int ret;

    if (file_size < VHD_FOOTER_SIZE) return VHD_E_INVALID_FILE;
    ret = vhd_pread_all(vhd->fd, buffer, VHD_FOOTER_SIZE, file_size - VHD_FOOTER_SIZE);
    if (!ret) ret = vhd_footer_decode(buffer, &vhd->footer);
    if (ret == VHD_E_INVALID_FILE)
    {
        /* the copy at the start of a dynamic disk stands in for a damaged footer */
        if (!vhd_pread_all(vhd->fd, buffer, VHD_FOOTER_SIZE, 0)
                && !vhd_footer_decode(buffer, &vhd->footer)
                && vhd->footer.disk_type != VHD_TYPE_FIXED)
            ret = 0;
    }
    return ret;
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Every allocated block lies after the table, before the footer, and
 * apart from the others. */
static int check_table(struct vhd *vhd)
{
    uint64_t table_end = vhd->header.table_offset + (uint64_t)vhd->bat_entries * 4;
    uint64_t block_bytes = vhd->bitmap_size + (uint64_t)vhd->header.block_size;
    uint32_t *sorted, count = 0, i;
    int ret = 0;

    if (!(sorted = malloc((vhd->bat_entries + 1) * sizeof(*sorted)))) return -ENOMEM;
    for (i = 0; i < vhd->bat_entries; i++)
        if (vhd->bat[i] != UNALLOCATED) sorted[count++] = vhd->bat[i];
    qsort(sorted, count, sizeof(*sorted), compare_u32);
    for (i = 0; i < count && !ret; i++)
    {
        uint64_t start = (uint64_t)sorted[i] * VHD_SECTOR_SIZE;
        if (start < table_end || start + block_bytes > vhd->footer_offset) ret = VHD_E_INVALID_FILE;
        else if (i && (uint64_t)sorted[i - 1] * VHD_SECTOR_SIZE + block_bytes > start)
            ret = VHD_E_INVALID_FILE;
    }
    free(sorted);
    return ret;
}

static int read_dynamic(struct vhd *vhd, uint64_t file_size)
{
    uint8_t buffer[VHD_HEADER_SIZE];
    uint64_t needed;
    uint32_t i;
    int ret;

    if (vhd->footer.data_offset > file_size || file_size - vhd->footer.data_offset < VHD_HEADER_SIZE)
        return VHD_E_INVALID_FILE;
    if ((ret = vhd_pread_all(vhd->fd, buffer, VHD_HEADER_SIZE, vhd->footer.data_offset)))
        return ret;
    if ((ret = vhd_dynamic_header_decode(buffer, &vhd->header))) return ret;

    needed = (vhd->footer.current_size + vhd->header.block_size - 1) / vhd->header.block_size;
    if (vhd->header.max_table_entries < needed || vhd->header.max_table_entries > needed + 1024)
        return VHD_E_INVALID_FILE;
    vhd->bat_entries = vhd->header.max_table_entries;
    if (vhd->header.table_offset + (uint64_t)vhd->bat_entries * 4 > file_size)
        return VHD_E_INVALID_FILE;

    vhd->sectors_per_block = vhd->header.block_size / VHD_SECTOR_SIZE;
    vhd->bitmap_size = ((vhd->sectors_per_block + 7) / 8 + VHD_SECTOR_SIZE - 1)
                       & ~(VHD_SECTOR_SIZE - 1);
    vhd->footer_offset = file_size - VHD_FOOTER_SIZE;

    if (!(vhd->bat = malloc((uint64_t)vhd->bat_entries * 4))) return -ENOMEM;
    if ((ret = vhd_pread_all(vhd->fd, vhd->bat, (uint64_t)vhd->bat_entries * 4,
                             vhd->header.table_offset)))
        return ret;
    for (i = 0; i < vhd->bat_entries; i++) vhd->bat[i] = vhd_be32((uint8_t *)&vhd->bat[i]);
    if (!(vhd->bitmap = malloc(vhd->bitmap_size))) return -ENOMEM;
    vhd->bitmap_block = UNALLOCATED;
    return check_table(vhd);
}

static char *join_dir(const char *child_path, const char *relative)
{
    char *copy = strdup(child_path), *ret = NULL;

    if (copy && asprintf(&ret, "%s/%s", dirname(copy), relative) < 0) ret = NULL;
    free(copy);
    return ret;
}

/* Candidate Unix paths of the parent, best first (NULL-terminated). */
static int parent_candidates(struct vhd *vhd, const struct vhd_parent_locator *locators,
                             char **out, const struct vhd_open_options *options)
{
    int count = 0, i;
    char *name = NULL;

    for (i = 0; i < 8 && count < 16; i++)
    {
        const struct vhd_parent_locator *loc = &locators[i];
        char *unix_path;

        if (!loc->path) continue;
        if (loc->code == VHD_LOCATOR_W2KU)
        {
            if ((unix_path = vhd_windows_to_unix(loc->path, options ? options->wine_prefix : NULL)))
                out[count++] = unix_path;
        }
        else if (loc->code == VHD_LOCATOR_W2RU)
        {
            char *rel = strdup(loc->path), *p;
            if (!rel) continue;
            for (p = rel; *p; p++) if (*p == '\\') *p = '/';
            p = rel;
            while (p[0] == '.' && p[1] == '/') p += 2;
            if ((unix_path = join_dir(vhd->path, p))) out[count++] = unix_path;
            free(rel);
        }
    }
    if (count < 16 && (name = vhd_utf16_to_utf8(vhd->header.parent_name, 256)) && *name)
    {
        char *base = strrchr(name, '\\');
        if ((out[count] = join_dir(vhd->path, base ? base + 1 : name))) count++;
    }
    if (name) free(name);
    out[count] = NULL;
    return count;
}

static int open_one(const char *path, int flags, const struct vhd_open_options *options,
                    int depth, struct vhd **ret);

static int open_parent(struct vhd *vhd, const struct vhd_open_options *options, int depth)
{
    struct vhd_parent_locator locators[8];
    char *candidates[17];
    struct stat st;
    int count, i, ret = VHD_E_PARENT_NOT_FOUND;

    if (depth >= MAX_CHAIN_DEPTH) return VHD_E_INVALID_FILE;  /* a chain that loops */
    if ((ret = vhd_read_locators(vhd, locators))) return ret;
    count = parent_candidates(vhd, locators, candidates, options);
    vhd_free_locators(locators);

    ret = VHD_E_PARENT_NOT_FOUND;
    for (i = 0; i < count; i++)
    {
        if (ret == VHD_E_PARENT_NOT_FOUND && !stat(candidates[i], &st) && S_ISREG(st.st_mode))
        {
            ret = open_one(candidates[i], VHD_OPEN_READ_ONLY, options, depth + 1, &vhd->parent);
            if (!ret && memcmp(vhd->parent->footer.unique_id, vhd->header.parent_unique_id, 16))
            {
                vhd_close(vhd->parent);
                vhd->parent = NULL;
                ret = VHD_E_PARENT_ID_MISMATCH;
            }
        }
        free(candidates[i]);
    }
    return ret;
}

static int open_one(const char *path, int flags, const struct vhd_open_options *options,
                    int depth, struct vhd **ret)
{
    int writable = !(flags & VHD_OPEN_READ_ONLY);
    struct vhd *vhd;
    struct stat st;
    int err;

    *ret = NULL;
    if (!(vhd = calloc(1, sizeof(*vhd)))) return -ENOMEM;
    vhd->fd = -1;
    vhd->writable = writable;
    if (!(vhd->path = strdup(path)))
    {
        vhd_close(vhd);
        return -ENOMEM;
    }
    if ((vhd->fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC)) < 0)
    {
        err = -errno;
        vhd_close(vhd);
        return err;
    }
    /* two writers, or a writer and a reader, never share a file */
    if (!(writable == 0 && (flags & VHD_OPEN_NO_LOCK)) && flock(vhd->fd, (writable ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0)
    {
        err = errno == EWOULDBLOCK ? VHD_E_IN_USE : -errno;
        vhd_close(vhd);
        return err;
    }
    if (fstat(vhd->fd, &st) < 0)
    {
        err = -errno;
        vhd_close(vhd);
        return err;
    }

    if (!(err = read_footer(vhd, st.st_size)))
    {
        if (vhd->footer.disk_type == VHD_TYPE_FIXED)
        {
            if ((uint64_t)st.st_size < vhd->footer.current_size + VHD_FOOTER_SIZE)
                err = VHD_E_INVALID_FILE;
            vhd->footer_offset = vhd->footer.current_size;
        }
        else err = read_dynamic(vhd, st.st_size);
    }
    if (!err && vhd->footer.disk_type == VHD_TYPE_DIFFERENCING && !(flags & VHD_OPEN_NO_PARENT))
        err = open_parent(vhd, options, depth);
    if (!err && vhd->parent && vhd->parent->footer.current_size < vhd->footer.current_size)
        err = VHD_E_INVALID_FILE;

    if (err)
    {
        vhd_close(vhd);
        return err;
    }
    *ret = vhd;
    return 0;
}

int vhd_open(const char *path, int flags, const struct vhd_open_options *options, struct vhd **ret)
{
    return open_one(path, flags, options, 0, ret);
}

void vhd_close(struct vhd *vhd)
{
    if (!vhd) return;
    if (vhd->parent) vhd_close(vhd->parent);
    if (vhd->fd >= 0) close(vhd->fd);
    free(vhd->bat);
    free(vhd->bitmap);
    free(vhd->path);
    free(vhd);
}

const struct vhd_footer *vhd_get_footer(const struct vhd *vhd) { return &vhd->footer; }
const struct vhd_dynamic_header *vhd_get_header(const struct vhd *vhd) { return &vhd->header; }
struct vhd *vhd_get_parent(const struct vhd *vhd) { return vhd->parent; }
const char *vhd_get_path(const struct vhd *vhd) { return vhd->path; }
uint64_t vhd_get_size(const struct vhd *vhd) { return vhd->footer.current_size; }

static int load_bitmap(struct vhd *vhd, uint32_t block)
{
    int ret;

    if (vhd->bitmap_block == block) return 0;
    vhd->bitmap_block = UNALLOCATED;
    ret = vhd_pread_all(vhd->fd, vhd->bitmap, vhd->bitmap_size,
                        (uint64_t)vhd->bat[block] * VHD_SECTOR_SIZE);
    if (!ret) vhd->bitmap_block = block;
    return ret;
}

static int bit_set(const uint8_t *bitmap, uint32_t i)
{
    return bitmap[i >> 3] & (0x80 >> (i & 7));
}

/* Sectors nobody wrote: zeros on a dynamic disk, the parent's on a
 * differencing one. */
static int read_unwritten(struct vhd *vhd, uint64_t sector, uint32_t count, uint8_t *buffer)
{
    if (vhd->parent && sector < vhd->parent->footer.current_size / VHD_SECTOR_SIZE)
        return vhd_read_sectors(vhd->parent, sector, count, buffer);
    memset(buffer, 0, (size_t)count * VHD_SECTOR_SIZE);
    return 0;
}

int vhd_read_sectors(struct vhd *vhd, uint64_t sector, uint32_t count, void *data)
{
    uint8_t *buffer = data;
    int ret;

    if (sector + count > vhd->footer.current_size / VHD_SECTOR_SIZE) return -EINVAL;
    if (vhd->footer.disk_type == VHD_TYPE_FIXED)
        return vhd_pread_all(vhd->fd, buffer, (size_t)count * VHD_SECTOR_SIZE,
                             sector * VHD_SECTOR_SIZE);

    while (count)
    {
        uint32_t block = sector / vhd->sectors_per_block;
        uint32_t first = sector % vhd->sectors_per_block, run = 1;
        uint32_t left = vhd->sectors_per_block - first;
        uint64_t block_data;

        if (left > count) left = count;
        if (vhd->bat[block] == UNALLOCATED)
        {
            run = left;
            ret = read_unwritten(vhd, sector, run, buffer);
        }
        else
        {
            int set;

            if ((ret = load_bitmap(vhd, block))) return ret;
            set = bit_set(vhd->bitmap, first);
            while (run < left && !!bit_set(vhd->bitmap, first + run) == !!set) run++;
            block_data = (uint64_t)vhd->bat[block] * VHD_SECTOR_SIZE + vhd->bitmap_size;
            if (set)
                ret = vhd_pread_all(vhd->fd, buffer, (size_t)run * VHD_SECTOR_SIZE,
                                    block_data + (uint64_t)first * VHD_SECTOR_SIZE);
            else
                ret = read_unwritten(vhd, sector, run, buffer);
        }
        if (ret) return ret;
        buffer += (size_t)run * VHD_SECTOR_SIZE;
        sector += run;
        count -= run;
    }
    return 0;
}

static int write_footer_at(struct vhd *vhd, uint64_t offset)
{
    uint8_t buffer[VHD_FOOTER_SIZE];

    vhd_footer_encode(&vhd->footer, buffer);
    return vhd_pwrite_all(vhd->fd, buffer, VHD_FOOTER_SIZE, offset);
}

/* A new block where the footer was: bitmap and data read as unwritten
 * (zeros), the footer moves to the new end, then the table points at it. */
static int allocate_block(struct vhd *vhd, uint32_t block)
{
    uint64_t start = vhd->footer_offset, end = start + vhd->bitmap_size + vhd->header.block_size;
    uint8_t entry[4];
    int ret;

    if (start % VHD_SECTOR_SIZE || start / VHD_SECTOR_SIZE >= UNALLOCATED) return -EFBIG;
    if (ftruncate(vhd->fd, end + VHD_FOOTER_SIZE) < 0) return -errno;
    /* the old footer's bytes are now the start of the bitmap: clear them */
    if ((ret = vhd_pwrite_zeros(vhd->fd, start, VHD_FOOTER_SIZE))) return ret;
    if ((ret = write_footer_at(vhd, end))) return ret;
    if (fdatasync(vhd->fd) < 0) return -errno;

    vhd_put_be32(entry, start / VHD_SECTOR_SIZE);
    if ((ret = vhd_pwrite_all(vhd->fd, entry, 4, vhd->header.table_offset + (uint64_t)block * 4)))
        return ret;
    vhd->bat[block] = start / VHD_SECTOR_SIZE;
    vhd->footer_offset = end;
    if (vhd->bitmap_block == block) vhd->bitmap_block = UNALLOCATED;
    return 0;
}

static int mark_written(struct vhd *vhd, uint32_t block, uint32_t first, uint32_t count)
{
    uint32_t i, lo = first / 8 / VHD_SECTOR_SIZE, hi = (first + count - 1) / 8 / VHD_SECTOR_SIZE;
    int changed = 0;

    if (load_bitmap(vhd, block)) return -EIO;
    for (i = first; i < first + count; i++)
    {
        if (bit_set(vhd->bitmap, i)) continue;
        vhd->bitmap[i >> 3] |= 0x80 >> (i & 7);
        changed = 1;
    }
    if (!changed) return 0;
    /* only the bitmap's sectors that changed */
    return vhd_pwrite_all(vhd->fd, vhd->bitmap + lo * VHD_SECTOR_SIZE,
                          (size_t)(hi - lo + 1) * VHD_SECTOR_SIZE,
                          (uint64_t)vhd->bat[block] * VHD_SECTOR_SIZE + lo * VHD_SECTOR_SIZE);
}

int vhd_write_sectors(struct vhd *vhd, uint64_t sector, uint32_t count, const void *data)
{
    const uint8_t *buffer = data;
    int ret;

    if (!vhd->writable) return -EBADF;
    if (sector + count > vhd->footer.current_size / VHD_SECTOR_SIZE) return -EINVAL;
    if (vhd->footer.disk_type == VHD_TYPE_FIXED)
        return vhd_pwrite_all(vhd->fd, buffer, (size_t)count * VHD_SECTOR_SIZE,
                              sector * VHD_SECTOR_SIZE);

    while (count)
    {
        uint32_t block = sector / vhd->sectors_per_block;
        uint32_t first = sector % vhd->sectors_per_block;
        uint32_t run = vhd->sectors_per_block - first;

        if (run > count) run = count;
        if (vhd->bat[block] == UNALLOCATED && (ret = allocate_block(vhd, block))) return ret;
        ret = vhd_pwrite_all(vhd->fd, buffer, (size_t)run * VHD_SECTOR_SIZE,
                             (uint64_t)vhd->bat[block] * VHD_SECTOR_SIZE + vhd->bitmap_size
                             + (uint64_t)first * VHD_SECTOR_SIZE);
        if (ret) return ret;
        if ((ret = mark_written(vhd, block, first, run))) return ret;
        buffer += (size_t)run * VHD_SECTOR_SIZE;
        sector += run;
        count -= run;
    }
    return 0;
}

int vhd_read_block_bitmap(struct vhd *vhd, uint32_t block)
{
    return load_bitmap(vhd, block);
}

int vhd_bitmap_bit(const struct vhd *vhd, uint32_t sector_in_block)
{
    return !!bit_set(vhd->bitmap, sector_in_block);
}

int vhd_flush(struct vhd *vhd)
{
    return fsync(vhd->fd) < 0 ? -errno : 0;
}

int vhd_block_allocated(const struct vhd *vhd, uint64_t sector)
{
    if (vhd->footer.disk_type == VHD_TYPE_FIXED) return 1;
    return vhd->bat[sector / vhd->sectors_per_block] != UNALLOCATED;
}

uint32_t vhd_block_sectors(const struct vhd *vhd)
{
    return vhd->footer.disk_type == VHD_TYPE_FIXED ? 4096 : vhd->sectors_per_block;
}
