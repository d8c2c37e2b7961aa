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

#include "vpcengine.h"
#include "vhd.h"

#define MB (1024ULL * 1024)
#define MIN_DISK_MB 3
#define MAX_DISK_MB 2088960
/* what a dynamic disk needs free on its volume to be created */
#define DYNAMIC_MIN_FREE (8 * MB)
#define MSDOS_SUPER_MAGIC 0x4d44
#define FAT_MAX_FILE (4ULL * 1024 * MB - 1)

struct create_job
{
    char *path;
    enum vhd_type type;
    uint64_t size;
    struct vpce_task *task;
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

static int create_progress(void *context, int percent)
{
    struct create_job *job = context;
    return vpce_task_progress(job->task, percent);
}

static enum vpce_status create_run(struct vpce_task *task, void *context)
{
    struct create_job *job = context;
    enum vpce_status status;

    job->task = task;
    if ((status = make_folders(job))) return status;
    if (vpce_task_progress(task, 1)) return VPCE_E_CANCELLED;
    return vpce_status_from_vhd(vhd_create(job->path, job->type, job->size, create_progress, job));
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
