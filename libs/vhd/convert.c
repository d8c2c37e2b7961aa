/*
 * libvhd: whole-disk operations: export (convert, merge-to, compact) and
 * merge of a differencing disk into its parent
 *
 * Export reads the logical disk through its chain and writes a new file
 * under a temporary name, linked or renamed into place at the end: the
 * source is never written.  Merge writes the child's sectors into the
 * parent; while it runs, and if it stops part way, the chain still reads
 * the child's content, since the child's sectors hide the parent's.
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
#include <sys/stat.h>
#include <unistd.h>

#include "vhd_private.h"

#define CHUNK (2 * 1024 * 1024)   /* one block of a default dynamic disk */

struct export
{
    struct vhd *source;
    enum vhd_type type;
    struct vhd_footer footer;
    vhd_progress_func progress;
    void *context;
};

static int is_zero(const uint8_t *data, size_t size)
{
    const uint64_t *p = (const uint64_t *)data;
    size_t i;

    for (i = 0; i < size / 8; i++) if (p[i]) return 0;
    return 1;
}

static int report(struct export *export, uint64_t done, uint64_t total)
{
    return export->progress && export->progress(export->context, (int)(done * 98 / total) + 1);
}

/* The logical chunk at offset: zeros are known without reading when no
 * disk of the chain has data there. */
static int read_chunk(struct vhd *vhd, uint64_t offset, uint32_t size, uint8_t *data, int *zero)
{
    struct vhd *d;
    int allocated = 0, ret;

    for (d = vhd; d && !allocated; d = d->parent)
        if (offset < d->footer.current_size && vhd_block_allocated(d, offset / VHD_SECTOR_SIZE))
            allocated = 1;
    if (!allocated)
    {
        *zero = 1;
        return 0;
    }
    if ((ret = vhd_read_sectors(vhd, offset / VHD_SECTOR_SIZE, size / VHD_SECTOR_SIZE, data)))
        return ret;
    *zero = is_zero(data, size);
    return 0;
}

static int export_fixed(int fd, struct export *export)
{
    uint64_t size = export->footer.current_size, offset;
    uint8_t footer[VHD_FOOTER_SIZE], *data;
    int ret = 0, zero;

    if (fallocate(fd, 0, 0, size + VHD_FOOTER_SIZE) < 0)
    {
        if (errno != EOPNOTSUPP) return -errno;
        if (ftruncate(fd, size) < 0) return -errno;
    }
    if (!(data = malloc(CHUNK))) return -ENOMEM;
    for (offset = 0; offset < size && !ret; offset += CHUNK)
    {
        uint32_t n = size - offset < CHUNK ? size - offset : CHUNK;

        if ((ret = read_chunk(export->source, offset, n, data, &zero))) break;
        if (!zero) ret = vhd_pwrite_all(fd, data, n, offset);  /* the reserved space reads as zeros */
        if (!ret && report(export, offset + n, size)) ret = VHD_E_CANCELLED;
    }
    free(data);
    if (ret) return ret;
    vhd_footer_encode(&export->footer, footer);
    return vhd_pwrite_all(fd, footer, VHD_FOOTER_SIZE, size);
}

static int export_dynamic(int fd, struct export *export)
{
    struct vhd_dynamic_header header;
    uint64_t size = export->footer.current_size, next;
    uint32_t bitmap_size, i, *table;
    uint8_t *data, *bitmap;
    int ret = 0, zero;

    vhd_new_dynamic_header(&header, size);
    bitmap_size = ((header.block_size / VHD_SECTOR_SIZE + 7) / 8 + VHD_SECTOR_SIZE - 1)
                  & ~(VHD_SECTOR_SIZE - 1);
    next = header.table_offset + vhd_table_size(&header);
    table = malloc((size_t)header.max_table_entries * 4);
    data = malloc(header.block_size);
    bitmap = malloc(bitmap_size);
    if (!table || !data || !bitmap) ret = -ENOMEM;
    if (!ret) memset(bitmap, 0xff, bitmap_size);

    for (i = 0; i < header.max_table_entries && !ret; i++)
    {
        uint64_t offset = (uint64_t)i * header.block_size;
        uint32_t n = size - offset < header.block_size ? size - offset : header.block_size;

        table[i] = 0xffffffff;
        if ((ret = read_chunk(export->source, offset, n, data, &zero))) break;
        if (!zero)
        {
            memset(data + n, 0, header.block_size - n);
            if (!(ret = vhd_pwrite_all(fd, bitmap, bitmap_size, next))
                    && !(ret = vhd_pwrite_all(fd, data, header.block_size, next + bitmap_size)))
            {
                vhd_put_be32((uint8_t *)&table[i], next / VHD_SECTOR_SIZE);
                next += bitmap_size + header.block_size;
            }
        }
        if (!ret && report(export, offset + n, size)) ret = VHD_E_CANCELLED;
    }
    if (!ret)
    {
        /* the table, in disk order: the layout writes it unallocated first */
        export->footer.data_offset = VHD_FOOTER_SIZE;
        ret = vhd_write_dynamic_layout(fd, &export->footer, &header,
                                       next - header.table_offset - vhd_table_size(&header));
        if (!ret) ret = vhd_pwrite_all(fd, table, (size_t)header.max_table_entries * 4,
                                       header.table_offset);
    }
    free(table);
    free(data);
    free(bitmap);
    return ret;
}

static int write_export(int fd, void *context)
{
    struct export *export = context;

    if (export->type == VHD_TYPE_FIXED) return export_fixed(fd, export);
    return export_dynamic(fd, export);
}

static int export_disk(const char *source_path, const char *path, enum vhd_type type,
                       int keep_identity, int replace, const struct vhd_open_options *options,
                       vhd_progress_func progress, void *context)
{
    struct export export = { .type = type, .progress = progress, .context = context };
    int ret;

    if (type != VHD_TYPE_FIXED && type != VHD_TYPE_DYNAMIC) return VHD_E_UNSUPPORTED_TYPE;
    if ((ret = vhd_open(source_path, VHD_OPEN_READ_ONLY, options, &export.source))) return ret;
    if (!(ret = vhd_new_footer(&export.footer, type, export.source->footer.current_size)))
    {
        export.footer.geometry = export.source->footer.geometry;
        if (keep_identity)
        {
            memcpy(export.footer.unique_id, export.source->footer.unique_id, 16);
            export.footer.timestamp = export.source->footer.timestamp;
            export.footer.original_size = export.source->footer.original_size;
        }
        ret = vhd_create_file(path, write_export, &export, progress, context, replace);
    }
    vhd_close(export.source);
    return ret;
}

int vhd_export(const char *source_path, const char *path, enum vhd_type type, int keep_identity,
               const struct vhd_open_options *options, vhd_progress_func progress, void *context)
{
    return export_disk(source_path, path, type, keep_identity, 0, options, progress, context);
}

int vhd_compact(const char *path, const struct vhd_open_options *options,
                vhd_progress_func progress, void *context)
{
    struct vhd *vhd;
    int ret;

    /* only dynamic disks shrink; the disk must not be in use */
    if ((ret = vhd_open(path, 0, options, &vhd))) return ret;
    ret = vhd->footer.disk_type == VHD_TYPE_DYNAMIC ? 0 : VHD_E_WRONG_TYPE;
    vhd_close(vhd);
    if (ret) return ret;
    /* the same disk, identity included (its children stay valid), without
     * the blocks that hold only zeros, takes the original's place at once */
    return export_disk(path, path, VHD_TYPE_DYNAMIC, 1, 1, options, progress, context);
}

int vhd_merge(const char *path, const struct vhd_open_options *options,
              vhd_progress_func progress, void *context)
{
    struct vhd *child, *parent;
    uint64_t done = 0, total = 0;
    char *parent_path = NULL;
    uint8_t *data;
    uint32_t block;
    int ret;

    /* find the parent through the child's locators */
    if ((ret = vhd_open(path, VHD_OPEN_READ_ONLY, options, &child))) return ret;
    if (child->footer.disk_type != VHD_TYPE_DIFFERENCING) ret = VHD_E_WRONG_TYPE;
    else if (!(parent_path = strdup(child->parent->path))) ret = -ENOMEM;
    vhd_close(child);
    if (ret) return ret;

    ret = vhd_open(path, VHD_OPEN_READ_ONLY | VHD_OPEN_NO_PARENT, options, &child);
    if (!ret && (ret = vhd_open(parent_path, 0, options, &parent))) vhd_close(child);
    free(parent_path);
    if (ret) return ret;
    if (memcmp(parent->footer.unique_id, child->header.parent_unique_id, 16))
        ret = VHD_E_PARENT_ID_MISMATCH;

    for (block = 0; block < child->bat_entries; block++)
        if (child->bat[block] != 0xffffffff) total++;
    data = malloc(child->header.block_size);
    if (!data) ret = -ENOMEM;

    /* every run of sectors the child holds goes to the parent */
    for (block = 0; block < child->bat_entries && !ret; block++)
    {
        uint64_t first_sector = (uint64_t)block * child->sectors_per_block;
        uint32_t i = 0, run, limit = child->sectors_per_block;

        if (child->bat[block] == 0xffffffff) continue;
        if (first_sector + limit > child->footer.current_size / VHD_SECTOR_SIZE)
            limit = child->footer.current_size / VHD_SECTOR_SIZE - first_sector;
        if ((ret = vhd_read_block_bitmap(child, block))) break;
        while (i < limit && !ret)
        {
            int set = vhd_bitmap_bit(child, i);

            for (run = 1; i + run < limit && vhd_bitmap_bit(child, i + run) == set; run++) ;
            if (set
                    && !(ret = vhd_read_sectors(child, first_sector + i, run, data)))
                ret = vhd_write_sectors(parent, first_sector + i, run, data);
            i += run;
        }
        if (!ret && progress && progress(context, (int)(++done * 98 / total) + 1))
            ret = VHD_E_CANCELLED;
    }
    if (!ret) ret = vhd_flush(parent);
    free(data);
    vhd_close(parent);
    vhd_close(child);
    return ret;
}
