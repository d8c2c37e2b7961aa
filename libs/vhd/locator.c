/*
 * libvhd: differencing disks, their parent locators and their creation
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vhd_private.h"

#define VHD_EPOCH 946684800
/* space kept for each locator's data, as Windows writes it */
#define LOCATOR_SPACE 512
#define MAX_LOCATOR_LENGTH 4096

static char *decode_utf16le(const uint8_t *data, uint32_t length)
{
    uint16_t units[MAX_LOCATOR_LENGTH / 2];
    uint32_t i, count = length / 2;

    for (i = 0; i < count; i++) units[i] = data[2 * i] | data[2 * i + 1] << 8;
    return vhd_utf16_to_utf8(units, count);
}

int vhd_read_locators(struct vhd *vhd, struct vhd_parent_locator *locators)
{
    struct stat st;
    uint8_t data[MAX_LOCATOR_LENGTH];
    int i, ret;

    memset(locators, 0, 8 * sizeof(*locators));
    if (fstat(vhd->fd, &st) < 0) return -errno;
    for (i = 0; i < 8; i++)
    {
        const struct vhd_locator_entry *entry = &vhd->header.locators[i];

        locators[i].code = entry->code;
        if (entry->code != VHD_LOCATOR_W2KU && entry->code != VHD_LOCATOR_W2RU) continue;
        /* locators with garbage in them are passed over, not trusted */
        if (!entry->data_length || entry->data_length > MAX_LOCATOR_LENGTH
                || entry->data_length % 2 || entry->data_offset > (uint64_t)st.st_size
                || entry->data_length > (uint64_t)st.st_size - entry->data_offset)
            continue;
        if ((ret = vhd_pread_all(vhd->fd, data, entry->data_length, entry->data_offset)))
            continue;
        locators[i].path = decode_utf16le(data, entry->data_length);
    }
    return 0;
}

void vhd_free_locators(struct vhd_parent_locator *locators)
{
    int i;

    for (i = 0; i < 8; i++) free(locators[i].path);
}

struct differencing
{
    struct vhd_footer footer;
    struct vhd_dynamic_header header;
    uint8_t locator_data[2][LOCATOR_SPACE];
};

static int write_differencing(int fd, void *context)
{
    struct differencing *diff = context;
    uint64_t data = diff->header.table_offset + vhd_table_size(&diff->header);
    int i, ret;

    for (i = 0; i < 2; i++)
        if ((ret = vhd_pwrite_all(fd, diff->locator_data[i], LOCATOR_SPACE, data + i * LOCATOR_SPACE)))
            return ret;
    return vhd_write_dynamic_layout(fd, &diff->footer, &diff->header, 2 * LOCATOR_SPACE);
}

static int encode_locator(struct differencing *diff, int index, uint32_t code, const char *path,
                          uint64_t offset)
{
    uint16_t units[LOCATOR_SPACE / 2];
    int count = vhd_utf8_to_utf16(path, units, LOCATOR_SPACE / 2), i;

    if (count < 0) return -ENAMETOOLONG;
    for (i = 0; i < count; i++)
    {
        diff->locator_data[index][2 * i] = units[i];
        diff->locator_data[index][2 * i + 1] = units[i] >> 8;
    }
    diff->header.locators[index].code = code;
    diff->header.locators[index].data_space = LOCATOR_SPACE;
    diff->header.locators[index].data_length = count * 2;
    diff->header.locators[index].data_offset = offset;
    return 0;
}

/* The Windows path the child will have: its folder exists, the file not. */
static char *child_windows_path(const char *path, const char *prefix)
{
    char *copy = strdup(path), *copy2 = strdup(path), *dir_win, *ret = NULL;

    if (copy && copy2 && (dir_win = vhd_unix_to_windows(dirname(copy), prefix)))
    {
        size_t len = strlen(dir_win);
        if (asprintf(&ret, "%s%s%s", dir_win, len && dir_win[len - 1] == '\\' ? "" : "\\",
                     basename(copy2)) < 0)
            ret = NULL;
        free(dir_win);
    }
    free(copy);
    free(copy2);
    return ret;
}

int vhd_create_differencing(const char *path, const char *parent_path,
                            const struct vhd_open_options *options)
{
    const char *prefix = options ? options->wine_prefix : NULL;
    char *parent_win = NULL, *child_win = NULL, *relative = NULL;
    struct differencing *diff;
    struct vhd *parent;
    struct stat st;
    uint64_t data;
    int ret, count;

    if ((ret = vhd_open(parent_path, VHD_OPEN_READ_ONLY | VHD_OPEN_NO_PARENT, options, &parent)))
        return ret;
    if (!(diff = calloc(1, sizeof(*diff))))
    {
        vhd_close(parent);
        return -ENOMEM;
    }
    ret = vhd_new_footer(&diff->footer, VHD_TYPE_DIFFERENCING, parent->footer.current_size);
    diff->footer.geometry = parent->footer.geometry;
    vhd_new_dynamic_header(&diff->header, parent->footer.current_size);
    memcpy(diff->header.parent_unique_id, parent->footer.unique_id, 16);
    if (!fstat(parent->fd, &st) && st.st_mtime > VHD_EPOCH)
        diff->header.parent_timestamp = st.st_mtime - VHD_EPOCH;
    vhd_close(parent);

    parent_win = vhd_unix_to_windows(parent_path, prefix);
    child_win = child_windows_path(path, prefix);
    if (!ret && (!parent_win || !child_win)) ret = VHD_E_PARENT_NOT_FOUND;
    if (!ret) relative = vhd_relative_windows_path(child_win, parent_win);

    data = diff->header.table_offset + vhd_table_size(&diff->header);
    if (!ret && (count = vhd_utf8_to_utf16(parent_win, diff->header.parent_name, 255)) < 0)
        ret = -ENAMETOOLONG;
    if (!ret) ret = encode_locator(diff, 0, VHD_LOCATOR_W2KU, parent_win, data);
    if (!ret && relative) ret = encode_locator(diff, 1, VHD_LOCATOR_W2RU, relative, data + LOCATOR_SPACE);
    if (!ret) ret = vhd_create_file(path, write_differencing, diff, NULL, NULL, 0);

    free(parent_win);
    free(child_win);
    free(relative);
    free(diff);
    return ret;
}

int vhd_set_parent(const char *path, const char *parent_path, const struct vhd_open_options *options)
{
    const char *prefix = options ? options->wine_prefix : NULL;
    char *parent_win = NULL, *child_win = NULL, *relative = NULL;
    struct differencing *diff = NULL;
    uint8_t header_data[VHD_HEADER_SIZE], footer_data[VHD_FOOTER_SIZE];
    struct vhd *child, *parent;
    struct stat st;
    uint64_t data;
    int ret;

    if ((ret = vhd_open(path, VHD_OPEN_NO_PARENT, options, &child))) return ret;
    if (child->footer.disk_type != VHD_TYPE_DIFFERENCING)
    {
        vhd_close(child);
        return VHD_E_WRONG_TYPE;
    }
    if ((ret = vhd_open(parent_path, VHD_OPEN_READ_ONLY | VHD_OPEN_NO_PARENT, options, &parent)))
    {
        vhd_close(child);
        return ret;
    }
    if (memcmp(parent->footer.unique_id, child->header.parent_unique_id, 16))
        ret = VHD_E_PARENT_ID_MISMATCH;
    else if (parent->footer.current_size < child->footer.current_size)
        ret = VHD_E_INVALID_FILE;
    if (!ret && !fstat(parent->fd, &st) && st.st_mtime > VHD_EPOCH)
        child->header.parent_timestamp = st.st_mtime - VHD_EPOCH;
    vhd_close(parent);

    if (!ret)
    {
        parent_win = vhd_unix_to_windows(parent_path, prefix);
        child_win = vhd_unix_to_windows(path, prefix);
        if (!parent_win || !child_win) ret = VHD_E_PARENT_NOT_FOUND;
        else relative = vhd_relative_windows_path(child_win, parent_win);
    }
    if (!ret && !(diff = calloc(1, sizeof(*diff)))) ret = -ENOMEM;

    /* the new locator data goes where the footer is, the footer after it,
     * and only then does the header point at it */
    data = child->footer_offset;
    if (!ret)
    {
        diff->header = child->header;
        memset(diff->header.locators, 0, sizeof(diff->header.locators));
        memset(diff->header.parent_name, 0, sizeof(diff->header.parent_name));
        if (vhd_utf8_to_utf16(parent_win, diff->header.parent_name, 255) < 0) ret = -ENAMETOOLONG;
    }
    if (!ret) ret = encode_locator(diff, 0, VHD_LOCATOR_W2KU, parent_win, data);
    if (!ret && relative) ret = encode_locator(diff, 1, VHD_LOCATOR_W2RU, relative, data + LOCATOR_SPACE);
    if (!ret) ret = vhd_pwrite_all(child->fd, diff->locator_data, sizeof(diff->locator_data), data);
    if (!ret)
    {
        vhd_footer_encode(&child->footer, footer_data);
        ret = vhd_pwrite_all(child->fd, footer_data, VHD_FOOTER_SIZE, data + sizeof(diff->locator_data));
    }
    if (!ret && fdatasync(child->fd) < 0) ret = -errno;
    if (!ret)
    {
        vhd_dynamic_header_encode(&diff->header, header_data);
        ret = vhd_pwrite_all(child->fd, header_data, VHD_HEADER_SIZE, child->footer.data_offset);
    }
    if (!ret && fsync(child->fd) < 0) ret = -errno;

    free(diff);
    free(parent_win);
    free(child_win);
    free(relative);
    vhd_close(child);
    return ret;
}

/* The parent time stamp a child would record over the file at path. */
static int parent_time(const char *path, uint32_t *stamp)
{
    struct stat st;

    if (stat(path, &st) < 0) return -errno;
    *stamp = st.st_mtime > VHD_EPOCH ? (uint32_t)(st.st_mtime - VHD_EPOCH) : 0;
    return 0;
}

/* Rewrites the parent time stamp in a child's header (locked for writing). */
static int record_parent_time(const char *path, uint32_t stamp, const struct vhd_open_options *options)
{
    uint8_t header_data[VHD_HEADER_SIZE];
    struct vhd *child;
    int ret;

    if ((ret = vhd_open(path, VHD_OPEN_NO_PARENT, options, &child))) return ret;
    child->header.parent_timestamp = stamp;
    vhd_dynamic_header_encode(&child->header, header_data);
    ret = vhd_pwrite_all(child->fd, header_data, VHD_HEADER_SIZE, child->footer.data_offset);
    if (!ret && fsync(child->fd) < 0) ret = -errno;
    vhd_close(child);
    return ret;
}

int vhd_check_parent_times(const char *path, int fix, const struct vhd_open_options *options,
                           char **modified)
{
    char *paths[64];
    uint32_t stamps[64];
    struct vhd *top, *vhd;
    int count = 0, ret, i;

    if (modified) *modified = NULL;
    if ((ret = vhd_open(path, VHD_OPEN_READ_ONLY, options, &top))) return ret;
    for (vhd = top; vhd && count < 64 && !ret; vhd = vhd->parent, count++)
    {
        stamps[count] = vhd->header.parent_timestamp;
        if (!(paths[count] = strdup(vhd->path))) ret = -ENOMEM;
    }
    vhd_close(top);

    /* from the base up: a child fixed here is a parent modified just now */
    for (i = count - 2; i >= 0 && !ret; i--)
    {
        uint32_t now = 0;

        if ((ret = parent_time(paths[i + 1], &now)) || now == stamps[i]) continue;
        if (fix) ret = record_parent_time(paths[i], now, options);
        else
        {
            ret = VHD_E_PARENT_MODIFIED;
            if (modified) *modified = strdup(paths[i]);
        }
    }
    for (i = 0; i < count; i++) free(paths[i]);
    return ret;
}
