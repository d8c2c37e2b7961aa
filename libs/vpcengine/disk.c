/*
 * Virtual hard disks: creation as a task
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "engine_private.h"

#define MB (1024ULL * 1024)
#define MIN_DISK_MB 3
#define MAX_DISK_MB 2088960
/* what a dynamic disk needs free on its volume to be created */
#define DYNAMIC_MIN_FREE (8 * MB)
#define MSDOS_SUPER_MAGIC 0x4d44
#define FAT_MAX_FILE (4ULL * 1024 * MB - 1)

static char *wine_prefix;

void vpce_set_wine_prefix(const char *prefix)
{
    char *copy = prefix ? strdup(prefix) : NULL;
    free(wine_prefix);
    wine_prefix = copy;
}

const char *vpce_wine_prefix(void)
{
    return wine_prefix;
}

struct vhd_open_options *vpce_vhd_options(struct vhd_open_options *options)
{
    options->wine_prefix = wine_prefix;
    return options;
}

struct create_job
{
    char *path;
    char *parent;             /* differencing disks */
    enum vhd_type type;
    uint64_t size;
    char *created_dirs[64];  /* folders made for the disk, outermost first */
    int created_count;
};

enum vpce_status vpce_status_from_vhd(int error)
{
    switch (error)
    {
    case 0:                      return VPCE_OK;
    case VHD_E_INVALID_FILE:     return VPCE_E_INVALID_HD_FILE;
    case VHD_E_UNSUPPORTED_TYPE: return VPCE_E_UNSUPPORTED_HD_DISK_TYPE;
    case VHD_E_SIZE_TOO_LARGE:   return VPCE_E_IMAGE_SIZE_TOO_LARGE;
    case VHD_E_SIZE_TOO_SMALL:   return VPCE_E_IMAGE_SIZE_TOO_SMALL;
    case VHD_E_CANCELLED:        return VPCE_E_CANCELLED;
    case VHD_E_PARENT_NOT_FOUND: return VPCE_E_PARENT_PATH_NOT_FOUND;
    case VHD_E_PARENT_ID_MISMATCH: return VPCE_E_PARENT_CHILD_ID_MISMATCH;
    case VHD_E_IN_USE:           return VPCE_E_SHARING_VIOLATION;
    case VHD_E_WRONG_TYPE:       return VPCE_E_WRONG_HD_IMAGE_TYPE;
    case VHD_E_PARENT_MODIFIED:  return VPCE_E_PARENT_MODIFIED;
    default:                     return error < 0 ? vpce_status_from_errno(-error) : VPCE_E_UNEXPECTED;
    }
}

/* The nearest folder of path that exists, for the volume's figures. */
static char *existing_ancestor(const char *path)
{
    char *dir = strdup(path), *slash;
    struct stat st;

    while (dir && (slash = strrchr(dir, '/')))
    {
        if (slash == dir) slash[1] = 0;
        else *slash = 0;
        if (!stat(dir, &st) && S_ISDIR(st.st_mode)) return dir;
        if (slash == dir) break;
    }
    free(dir);
    return NULL;
}

static enum vpce_status check_volume(const char *path, enum vhd_type type, uint64_t size)
{
    char *dir = existing_ancestor(path);
    struct statvfs vfs;
    struct statfs fs;
    uint64_t free_bytes;

    if (!dir) return VPCE_E_PATH_NOT_FOUND;
    if (statvfs(dir, &vfs) || statfs(dir, &fs))
    {
        free(dir);
        return vpce_status_from_errno(errno);
    }
    free(dir);
    free_bytes = (uint64_t)vfs.f_bavail * vfs.f_frsize;
    if (vfs.f_flag & ST_RDONLY) return VPCE_E_FILE_READ_ONLY;
    if (fs.f_type == MSDOS_SUPER_MAGIC && size + VHD_FOOTER_SIZE > FAT_MAX_FILE)
        return VPCE_E_FILE_TOO_LARGE_FOR_VOLUME;
    if (type == VHD_TYPE_DYNAMIC && free_bytes < DYNAMIC_MIN_FREE) return VPCE_E_DISK_FULL;
    if (type == VHD_TYPE_FIXED && free_bytes < size + MB) return VPCE_E_DISK_FULL;
    return VPCE_OK;
}

/* Makes the folders above path that are missing, remembering them. */
static enum vpce_status make_folders(struct create_job *job)
{
    char *dir = strdup(job->path), *p;
    struct stat st;

    if (!dir) return VPCE_E_NOMEM;
    for (p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/'))
    {
        *p = 0;
        if (stat(dir, &st))
        {
            if (mkdir(dir, 0777) && errno != EEXIST)
            {
                enum vpce_status status = vpce_status_from_errno(errno);
                free(dir);
                return status;
            }
            if (job->created_count < 64) job->created_dirs[job->created_count++] = strdup(dir);
        }
        else if (!S_ISDIR(st.st_mode))
        {
            free(dir);
            return VPCE_E_PATH_NOT_FOUND;
        }
        *p = '/';
    }
    free(dir);
    return VPCE_OK;
}

enum vpce_status vpce_make_parent_folders(const char *path)
{
    struct create_job job = { .path = (char *)path };
    enum vpce_status status = make_folders(&job);
    int i;

    for (i = 0; i < job.created_count; i++) free(job.created_dirs[i]);
    return status;
}

/* libvhd's progress, reported to the task that runs the work */
int vpce_vhd_progress(void *task, int percent)
{
    return vpce_task_progress(task, percent);
}

static enum vpce_status create_run(struct vpce_task *task, void *context)
{
    struct create_job *job = context;
    enum vpce_status status;

    struct vhd_open_options options;

    if ((status = make_folders(job))) return status;
    if (vpce_vhd_progress(task, 1)) return VPCE_E_CANCELLED;
    if (job->parent)
        return vpce_status_from_vhd(vhd_create_differencing(job->path, job->parent,
                                                            vpce_vhd_options(&options)));
    return vpce_status_from_vhd(vhd_create(job->path, job->type, job->size, vpce_vhd_progress, task));
}

static void create_cleanup(void *context, enum vpce_status status)
{
    struct create_job *job = context;
    int i;

    /* the disk itself appears whole or not at all; folders made for it go */
    for (i = job->created_count - 1; i >= 0; i--)
    {
        if (status != VPCE_OK) rmdir(job->created_dirs[i]);
        free(job->created_dirs[i]);
    }
    free(job->path);
    free(job->parent);
    free(job);
}

static const struct vpce_task_ops create_ops = { create_run, create_cleanup };

enum vpce_status vpce_disk_create(const char *description, const char *path, int fixed,
                                  int64_t size_mb, struct vpce_task **task)
{
    enum vhd_type type = fixed ? VHD_TYPE_FIXED : VHD_TYPE_DYNAMIC;
    struct create_job *job;
    enum vpce_status status;
    struct stat st;

    *task = NULL;
    if (size_mb <= 0) return VPCE_E_INVALID_ARG;
    if (size_mb < MIN_DISK_MB) return VPCE_E_IMAGE_SIZE_TOO_SMALL;
    if (size_mb > MAX_DISK_MB) return VPCE_E_IMAGE_SIZE_TOO_LARGE;
    if (path[0] != '/' || strlen(path) >= PATH_MAX) return VPCE_E_BAD_PATHNAME;
    if (!lstat(path, &st)) return VPCE_E_ALREADY_EXISTS;
    if ((status = check_volume(path, type, size_mb * MB))) return status;

    if (!(job = calloc(1, sizeof(*job))) || !(job->path = strdup(path)))
    {
        free(job);
        return VPCE_E_NOMEM;
    }
    job->type = type;
    job->size = size_mb * MB;
    if ((status = vpce_task_start(description, 1, &create_ops, job, task)))
        create_cleanup(job, status);
    return status;
}

enum vpce_status vpce_disk_create_differencing(const char *description, const char *path,
                                               const char *parent, struct vpce_task **task)
{
    struct vhd_open_options options;
    struct create_job *job;
    enum vpce_status status;
    struct vhd *vhd;
    struct stat st;
    int ret;

    *task = NULL;
    if (path[0] != '/' || parent[0] != '/' || strlen(path) >= PATH_MAX) return VPCE_E_BAD_PATHNAME;
    if (!lstat(path, &st)) return VPCE_E_ALREADY_EXISTS;
    if (stat(parent, &st)) return vpce_status_from_errno(errno);
    /* the parent must be a disk, and stay one for its children */
    if ((ret = vhd_open(parent, VHD_OPEN_READ_ONLY, vpce_vhd_options(&options), &vhd)))
        return vpce_status_from_vhd(ret);
    vhd_close(vhd);
    if ((status = check_volume(path, VHD_TYPE_DYNAMIC, 0))) return status;

    if (!(job = calloc(1, sizeof(*job))) || !(job->path = strdup(path))
            || !(job->parent = strdup(parent)))
    {
        if (job) create_cleanup(job, VPCE_E_NOMEM);
        return VPCE_E_NOMEM;
    }
    job->type = VHD_TYPE_DIFFERENCING;
    if ((status = vpce_task_start(description, 1, &create_ops, job, task)))
        create_cleanup(job, status);
    return status;
}

enum vpce_status vpce_disk_get_info(const char *path, struct vpce_disk_info *info)
{
    struct vhd_open_options options;
    const struct vhd_footer *footer;
    struct statvfs vfs;
    struct vhd *vhd;
    struct stat st;
    int ret;

    memset(info, 0, sizeof(*info));
    if (stat(path, &st)) return vpce_status_from_errno(errno);
    info->file_size = st.st_size;
    if (!statvfs(path, &vfs)) info->host_free = (uint64_t)vfs.f_bavail * vfs.f_frsize;

    ret = vhd_open(path, VHD_OPEN_READ_ONLY, vpce_vhd_options(&options), &vhd);
    /* a disk a machine writes to: its footer, header and parents are still read */
    if (ret == VHD_E_IN_USE) ret = vhd_open(path, VHD_OPEN_READ_ONLY | VHD_OPEN_NO_LOCK, &options, &vhd);
    if (ret == VHD_E_PARENT_NOT_FOUND || ret == VHD_E_PARENT_ID_MISMATCH)
    {
        /* the disk itself is fine: say so, and what is wrong with its parent */
        info->parent_status = vpce_status_from_vhd(ret);
        ret = vhd_open(path, VHD_OPEN_READ_ONLY | VHD_OPEN_NO_PARENT, &options, &vhd);
    }
    if (ret == VHD_E_IN_USE)
        ret = vhd_open(path, VHD_OPEN_READ_ONLY | VHD_OPEN_NO_PARENT | VHD_OPEN_NO_LOCK, &options, &vhd);
    if (ret) return vpce_status_from_vhd(ret);

    footer = vhd_get_footer(vhd);
    info->type = footer->disk_type == VHD_TYPE_FIXED ? VPCE_DISK_FIXED
               : footer->disk_type == VHD_TYPE_DYNAMIC ? VPCE_DISK_DYNAMIC : VPCE_DISK_DIFFERENCING;
    info->size = footer->current_size;
    info->size_in_guest = vhd_guest_size(footer);
    if (vhd_get_parent(vhd) && !(info->parent = realpath(vhd_get_path(vhd_get_parent(vhd)), NULL)))
        info->parent_status = VPCE_E_NOMEM;
    vhd_close(vhd);
    return VPCE_OK;
}

void vpce_disk_info_free(struct vpce_disk_info *info)
{
    free(info->parent);
    info->parent = NULL;
}

enum vpce_status vpce_disk_set_parent(const char *path, const char *parent)
{
    struct vhd_open_options options;
    return vpce_status_from_vhd(vhd_set_parent(path, parent, vpce_vhd_options(&options)));
}

/* Whole-disk operations: merge, convert and merge-to (export), compact */

enum disk_operation { OP_MERGE, OP_EXPORT, OP_COMPACT };

struct operation_job
{
    enum disk_operation op;
    char *path;
    char *destination;
    enum vhd_type type;
};

static enum vpce_status operation_run(struct vpce_task *task, void *context)
{
    struct operation_job *job = context;
    struct vhd_open_options options;

    vpce_vhd_options(&options);
    switch (job->op)
    {
    case OP_MERGE:
        return vpce_status_from_vhd(vhd_merge(job->path, &options, vpce_vhd_progress, task));
    case OP_EXPORT:
        return vpce_status_from_vhd(vhd_export(job->path, job->destination, job->type, 0, &options,
                                               vpce_vhd_progress, task));
    case OP_COMPACT:
        return vpce_status_from_vhd(vhd_compact(job->path, &options, vpce_vhd_progress, task));
    }
    return VPCE_E_UNEXPECTED;
}

static void operation_cleanup(void *context, enum vpce_status status)
{
    struct operation_job *job = context;

    /* the library leaves no partial file: nothing to undo */
    free(job->path);
    free(job->destination);
    free(job);
}

static const struct vpce_task_ops operation_ops = { operation_run, operation_cleanup };

/* The checks a caller hears of at once: the disk opens for what the
 * operation does, and is of a type it applies to. */
static enum vpce_status check_source(const char *path, int flags, unsigned int types)
{
    struct vhd_open_options options;
    struct vhd *vhd;
    uint32_t type;
    int ret;

    if ((ret = vhd_open(path, flags, vpce_vhd_options(&options), &vhd))) return vpce_status_from_vhd(ret);
    type = vhd_get_footer(vhd)->disk_type;
    vhd_close(vhd);
    return (types & (1u << type)) ? VPCE_OK : VPCE_E_WRONG_HD_IMAGE_TYPE;
}

static enum vpce_status start_operation(const char *description, enum disk_operation op,
                                        const char *path, const char *destination,
                                        enum vhd_type type, struct vpce_task **task)
{
    struct operation_job *job;
    enum vpce_status status;

    if (!(job = calloc(1, sizeof(*job))) || !(job->path = strdup(path))
            || (destination && !(job->destination = strdup(destination))))
    {
        if (job) operation_cleanup(job, VPCE_E_NOMEM);
        return VPCE_E_NOMEM;
    }
    job->op = op;
    job->type = type;
    if ((status = vpce_task_start(description, 1, &operation_ops, job, task)))
        operation_cleanup(job, status);
    return status;
}

enum vpce_status vpce_disk_merge(const char *description, const char *path, struct vpce_task **task)
{
    enum vpce_status status;

    *task = NULL;
    if ((status = check_source(path, VHD_OPEN_READ_ONLY, 1u << VHD_TYPE_DIFFERENCING))) return status;
    return start_operation(description, OP_MERGE, path, NULL, 0, task);
}

enum vpce_status vpce_disk_export(const char *description, const char *path,
                                  const char *destination, int fixed, int chain,
                                  struct vpce_task **task)
{
    unsigned int types = chain ? 1u << VHD_TYPE_DIFFERENCING
                               : (1u << VHD_TYPE_FIXED) | (1u << VHD_TYPE_DYNAMIC);
    enum vhd_type type = fixed ? VHD_TYPE_FIXED : VHD_TYPE_DYNAMIC;
    enum vpce_status status;
    struct vpce_disk_info info;
    struct stat st;
    char *dir, *slash;

    *task = NULL;
    if (destination[0] != '/' || strlen(destination) >= PATH_MAX) return VPCE_E_BAD_PATHNAME;
    if (!lstat(destination, &st)) return VPCE_E_ALREADY_EXISTS;
    if (!(dir = strdup(destination))) return VPCE_E_NOMEM;
    if ((slash = strrchr(dir, '/')) && slash != dir) *slash = 0;
    status = stat(dir, &st) || !S_ISDIR(st.st_mode) ? VPCE_E_PATH_NOT_FOUND : VPCE_OK;
    free(dir);
    if (status) return status;
    if ((status = check_source(path, VHD_OPEN_READ_ONLY, types))) return status;
    if ((status = vpce_disk_get_info(path, &info))) return status;
    vpce_disk_info_free(&info);
    if ((status = check_volume(destination, type, info.size))) return status;
    return start_operation(description, OP_EXPORT, path, destination, type, task);
}

enum vpce_status vpce_disk_compact(const char *description, const char *path, struct vpce_task **task)
{
    enum vpce_status status;

    *task = NULL;
    if ((status = check_source(path, 0, 1u << VHD_TYPE_DYNAMIC))) return status;
    return start_operation(description, OP_COMPACT, path, NULL, 0, task);
}
