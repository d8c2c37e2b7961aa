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
/* room for the bitmaps of 512 blocks of the default 2 MiB: 1 GiB of a
 * disk read at random without reading a bitmap twice */
#define CACHE_BYTES (256 * 1024)
/* reads take a block's bits out of the cache this many sectors at a time */
#define CHUNK_SECTORS 4096

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

    vhd->cache_slots = CACHE_BYTES / vhd->bitmap_size;
    if (vhd->cache_slots > vhd->bat_entries) vhd->cache_slots = vhd->bat_entries;
    if (!vhd->cache_slots) vhd->cache_slots = 1;
    vhd->cache_block = malloc((size_t)vhd->cache_slots * sizeof(*vhd->cache_block));
    vhd->cache_bits = malloc((size_t)vhd->cache_slots * vhd->bitmap_size);
    if (!vhd->cache_block || !vhd->cache_bits) return -ENOMEM;
    memset(vhd->cache_block, 0xff, (size_t)vhd->cache_slots * sizeof(*vhd->cache_block));
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
    pthread_mutex_init(&vhd->cache_lock, NULL);
    pthread_mutex_init(&vhd->alloc_lock, NULL);
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
    free(vhd->cache_block);
    free(vhd->cache_bits);
    free(vhd->path);
    pthread_mutex_destroy(&vhd->cache_lock);
    pthread_mutex_destroy(&vhd->alloc_lock);
    free(vhd);
}

const struct vhd_footer *vhd_get_footer(const struct vhd *vhd) { return &vhd->footer; }
const struct vhd_dynamic_header *vhd_get_header(const struct vhd *vhd) { return &vhd->header; }
struct vhd *vhd_get_parent(const struct vhd *vhd) { return vhd->parent; }
const char *vhd_get_path(const struct vhd *vhd) { return vhd->path; }
uint64_t vhd_get_size(const struct vhd *vhd) { return vhd->footer.current_size; }

/* A block's table entry: a writer may be setting it in another thread. */
static uint32_t table_entry(const struct vhd *vhd, uint32_t block)
{
    return __atomic_load_n(&vhd->bat[block], __ATOMIC_ACQUIRE);
}

/* The bitmap of an allocated block in the cache, read in on a miss; with
 * cache_lock held.  The cache is written through, so it never holds bits
 * the file does not. */
static int cached_bitmap(struct vhd *vhd, uint32_t block, uint32_t entry, uint8_t **bits)
{
    uint32_t slot = block % vhd->cache_slots;
    int ret;

    *bits = vhd->cache_bits + (size_t)slot * vhd->bitmap_size;
    if (vhd->cache_block[slot] == block) return 0;
    vhd->cache_block[slot] = UNALLOCATED;
    if ((ret = vhd_pread_all(vhd->fd, *bits, vhd->bitmap_size, (uint64_t)entry * VHD_SECTOR_SIZE)))
        return ret;
    vhd->cache_block[slot] = block;
    return 0;
}

static int bit_set(const uint8_t *bitmap, uint32_t i)
{
    return bitmap[i >> 3] & (0x80 >> (i & 7));
}

/* How many bits from start (before end) are all set, or all clear, as
 * the one at start is; whole bytes at a time where they can be. */
static uint32_t run_length(const uint8_t *bits, uint32_t start, uint32_t end)
{
    int set = !!bit_set(bits, start);
    uint8_t whole = set ? 0xff : 0;
    uint32_t i = start + 1;

    while (i < end)
    {
        if (!(i & 7) && i + 8 <= end && bits[i >> 3] == whole) i += 8;
        else if (!!bit_set(bits, i) == set) i++;
        else break;
    }
    return i - start;
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

/* Up to CHUNK_SECTORS sectors of one allocated block, from first on: the
 * bits are copied out under the lock, the sectors read without it, a run
 * of written ones at a time from this disk, the others from below. */
static int read_allocated(struct vhd *vhd, uint32_t block, uint32_t entry, uint32_t first,
                          uint32_t count, uint64_t sector, uint8_t *buffer)
{
    uint64_t data = (uint64_t)entry * VHD_SECTOR_SIZE + vhd->bitmap_size
                    + (uint64_t)first * VHD_SECTOR_SIZE;
    uint8_t bits[CHUNK_SECTORS / 8 + 1], *bitmap;
    uint32_t shift = first & 7, i, run;
    int ret;

    pthread_mutex_lock(&vhd->cache_lock);
    if (!(ret = cached_bitmap(vhd, block, entry, &bitmap)))
        memcpy(bits, bitmap + first / 8, (shift + count + 7) / 8);
    pthread_mutex_unlock(&vhd->cache_lock);

    for (i = 0; i < count && !ret; i += run)
    {
        size_t offset = (size_t)i * VHD_SECTOR_SIZE;

        run = run_length(bits, shift + i, shift + count);
        if (bit_set(bits, shift + i))
            ret = vhd_pread_all(vhd->fd, buffer + offset, (size_t)run * VHD_SECTOR_SIZE, data + offset);
        else
            ret = read_unwritten(vhd, sector + i, run, buffer + offset);
    }
    return ret;
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
        uint32_t first = sector % vhd->sectors_per_block;
        uint32_t run = vhd->sectors_per_block - first, entry;

        if (run > count) run = count;
        if (run > CHUNK_SECTORS) run = CHUNK_SECTORS;
        if ((entry = table_entry(vhd, block)) == UNALLOCATED)
            ret = read_unwritten(vhd, sector, run, buffer);
        else
            ret = read_allocated(vhd, block, entry, first, run, sector, buffer);
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
 * (zeros), the footer moves to the new end, then the table points at it.
 * With alloc_lock held. */
static int allocate_block(struct vhd *vhd, uint32_t block)
{
    uint64_t start = vhd->footer_offset, end = start + vhd->bitmap_size + vhd->header.block_size;
    uint32_t slot = block % vhd->cache_slots;
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
    vhd->footer_offset = end;
    /* The empty bitmap goes in the cache before the table entry is seen:
     * once it is, a writer may set bits there that must not be wiped. */
    pthread_mutex_lock(&vhd->cache_lock);
    vhd->cache_block[slot] = block;
    memset(vhd->cache_bits + (size_t)slot * vhd->bitmap_size, 0, vhd->bitmap_size);
    pthread_mutex_unlock(&vhd->cache_lock);
    __atomic_store_n(&vhd->bat[block], start / VHD_SECTOR_SIZE, __ATOMIC_RELEASE);
    return 0;
}

/* The block's table entry, allocating the block first if it has none:
 * one allocation at a time, and none twice for the same block. */
static int entry_for_write(struct vhd *vhd, uint32_t block, uint32_t *entry)
{
    int ret = 0;

    if ((*entry = table_entry(vhd, block)) != UNALLOCATED) return 0;
    pthread_mutex_lock(&vhd->alloc_lock);
    if (table_entry(vhd, block) == UNALLOCATED) ret = allocate_block(vhd, block);
    pthread_mutex_unlock(&vhd->alloc_lock);
    *entry = table_entry(vhd, block);
    return ret;
}

/* After the data: the bits that make it visible, in the cache and in the
 * file under one lock, so concurrent writers' bits all reach the file. */
static int mark_written(struct vhd *vhd, uint32_t block, uint32_t entry, uint32_t first,
                        uint32_t count)
{
    uint32_t i, lo = first / 8 / VHD_SECTOR_SIZE, hi = (first + count - 1) / 8 / VHD_SECTOR_SIZE;
    uint8_t *bitmap;
    int changed = 0, ret;

    pthread_mutex_lock(&vhd->cache_lock);
    if (!(ret = cached_bitmap(vhd, block, entry, &bitmap)))
    {
        for (i = first; i < first + count; i++)
        {
            if (!(i & 7) && i + 8 <= first + count && bitmap[i >> 3] == 0xff)
            {
                i += 7;
                continue;
            }
            if (bit_set(bitmap, i)) continue;
            bitmap[i >> 3] |= 0x80 >> (i & 7);
            changed = 1;
        }
        /* only the bitmap's sectors that changed */
        if (changed)
            ret = vhd_pwrite_all(vhd->fd, bitmap + lo * VHD_SECTOR_SIZE,
                                 (size_t)(hi - lo + 1) * VHD_SECTOR_SIZE,
                                 (uint64_t)entry * VHD_SECTOR_SIZE + lo * VHD_SECTOR_SIZE);
        /* the file may hold some of the bits: drop them all from the cache */
        if (ret) vhd->cache_block[block % vhd->cache_slots] = UNALLOCATED;
    }
    pthread_mutex_unlock(&vhd->cache_lock);
    return ret;
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
        uint32_t run = vhd->sectors_per_block - first, entry;

        if (run > count) run = count;
        if ((ret = entry_for_write(vhd, block, &entry))) return ret;
        ret = vhd_pwrite_all(vhd->fd, buffer, (size_t)run * VHD_SECTOR_SIZE,
                             (uint64_t)entry * VHD_SECTOR_SIZE + vhd->bitmap_size
                             + (uint64_t)first * VHD_SECTOR_SIZE);
        if (ret) return ret;
        if ((ret = mark_written(vhd, block, entry, first, run))) return ret;
        buffer += (size_t)run * VHD_SECTOR_SIZE;
        sector += run;
        count -= run;
    }
    return 0;
}

/* A copy of the block's bits for vhd_bitmap_bit(), taken now. */
int vhd_read_block_bitmap(struct vhd *vhd, uint32_t block)
{
    uint32_t entry = table_entry(vhd, block);
    uint8_t *bitmap;
    int ret = 0;

    vhd->bitmap_block = UNALLOCATED;
    if (entry == UNALLOCATED)
    {
        memset(vhd->bitmap, 0, vhd->bitmap_size);
        vhd->bitmap_block = block;
        return 0;
    }
    pthread_mutex_lock(&vhd->cache_lock);
    if (!(ret = cached_bitmap(vhd, block, entry, &bitmap)))
    {
        memcpy(vhd->bitmap, bitmap, vhd->bitmap_size);
        vhd->bitmap_block = block;
    }
    pthread_mutex_unlock(&vhd->cache_lock);
    return ret;
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
    return table_entry(vhd, sector / vhd->sectors_per_block) != UNALLOCATED;
}

uint32_t vhd_block_sectors(const struct vhd *vhd)
{
    return vhd->footer.disk_type == VHD_TYPE_FIXED ? 4096 : vhd->sectors_per_block;
}
