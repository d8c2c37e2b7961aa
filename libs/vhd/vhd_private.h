/*
 * libvhd: what the library's files share
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef VHD_PRIVATE_H
#define VHD_PRIVATE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vhd.h"

/* One handle serves concurrent reads and writes (the nbdkit plugin runs
 * its requests in parallel): data moves with pread/pwrite outside any lock;
 * the table entries are read and written atomically; cache_lock guards the
 * cache of block bitmaps (and their writes, so the bits on disk are the
 * union of every writer's); alloc_lock makes one block at a time. */
struct vhd
{
    int fd;
    int writable;
    char *path;
    struct vhd_footer footer;
    struct vhd_dynamic_header header;   /* dynamic and differencing */
    uint32_t *bat;                      /* host order; __atomic access while shared */
    uint32_t bat_entries;
    uint32_t sectors_per_block;
    uint32_t bitmap_size;               /* bytes, whole sectors */
    uint8_t *bitmap;                    /* of bitmap_block, for vhd_read_block_bitmap() */
    uint32_t bitmap_block;
    uint64_t footer_offset;             /* where the next block goes */
    struct vhd *parent;
    pthread_mutex_t cache_lock;
    pthread_mutex_t alloc_lock;
    uint32_t cache_slots;               /* bitmaps of allocated blocks, by block % slots */
    uint32_t *cache_block;              /* the block in each slot, or 0xffffffff */
    uint8_t *cache_bits;                /* cache_slots bitmaps of bitmap_size bytes */
};

static inline void vhd_put_be16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static inline void vhd_put_be32(uint8_t *p, uint32_t v) { vhd_put_be16(p, v >> 16); vhd_put_be16(p + 2, v); }
static inline void vhd_put_be64(uint8_t *p, uint64_t v) { vhd_put_be32(p, v >> 32); vhd_put_be32(p + 4, v); }
static inline uint16_t vhd_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t vhd_be32(const uint8_t *p) { return (uint32_t)vhd_be16(p) << 16 | vhd_be16(p + 2); }
static inline uint64_t vhd_be64(const uint8_t *p) { return (uint64_t)vhd_be32(p) << 32 | vhd_be32(p + 4); }

int vhd_pread_all(int fd, void *data, size_t size, off_t offset);
int vhd_pwrite_all(int fd, const void *data, size_t size, off_t offset);
int vhd_pwrite_zeros(int fd, off_t offset, size_t size);

/* UTF-16 (host order, up to max units or a 0) to a malloc()ed UTF-8 string */
char *vhd_utf16_to_utf8(const uint16_t *str, size_t max);
/* UTF-8 to UTF-16 host order; returns the units written (no 0), or -1 */
int vhd_utf8_to_utf16(const char *str, uint16_t *out, size_t max);

/* The bitmap of an allocated block (image.c), then its bits */
int vhd_read_block_bitmap(struct vhd *vhd, uint32_t block);
int vhd_bitmap_bit(const struct vhd *vhd, uint32_t sector_in_block);

/* Building new disks (vhd.c) */
int vhd_new_footer(struct vhd_footer *footer, enum vhd_type type, uint64_t size);
void vhd_new_dynamic_header(struct vhd_dynamic_header *header, uint64_t size);
uint64_t vhd_table_size(const struct vhd_dynamic_header *header);
int vhd_write_dynamic_layout(int fd, struct vhd_footer *footer, struct vhd_dynamic_header *header,
                             uint64_t extra);
int vhd_create_file(const char *path, int (*writer)(int fd, void *context), void *context,
                    vhd_progress_func progress, void *progress_context, int replace);

/* Parent locators of a differencing disk, decoded (path NULL when absent). */
struct vhd_parent_locator
{
    uint32_t code;
    char *path;   /* UTF-8 */
};

int vhd_read_locators(struct vhd *vhd, struct vhd_parent_locator *locators);
void vhd_free_locators(struct vhd_parent_locator *locators);

#endif /* VHD_PRIVATE_H */
