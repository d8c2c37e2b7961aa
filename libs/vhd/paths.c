/*
 * libvhd: Windows paths of a Wine prefix, for parent locators
 *
 * A Wine prefix maps drive letters to Unix folders with the symbolic
 * links in PREFIX/dosdevices ("c:" -> ../drive_c, "z:" -> /).  Parent
 * locators keep Windows paths, so chains stay valid on Windows.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vhd.h"

static char *prefix_dir(const char *prefix)
{
    const char *home;
    char *ret = NULL;

    if (prefix && *prefix) return strdup(prefix);
    if ((prefix = getenv("WINEPREFIX")) && *prefix) return strdup(prefix);
    if ((home = getenv("HOME")) && asprintf(&ret, "%s/.wine", home) < 0) ret = NULL;
    return ret;
}

char *vhd_windows_to_unix(const char *path, const char *prefix)
{
    char *dir = prefix_dir(prefix), *ret = NULL, *p, *devices = NULL;
    int skip = 0;
    struct stat st;

    if (!dir) return NULL;
    if (asprintf(&devices, "%s/dosdevices", dir) >= 0 && stat(devices, &st)
            && toupper((unsigned char)path[0]) == 'Z' && path[1] == ':' && path[2] == '\\')
    {
        /* no prefix at all: Z: is the whole file system, as in Wine's default */
        free(dir);
        free(devices);
        if (!(ret = strdup(path + 2))) return NULL;
        for (p = ret; *p; p++) if (*p == '\\') *p = '/';
        return ret;
    }
    free(devices);
    if (isalpha((unsigned char)path[0]) && path[1] == ':' && path[2] == '\\')
    {
        if (asprintf(&ret, "%s/dosdevices/%c:%s", dir, tolower((unsigned char)path[0]), path + 2) < 0)
            ret = NULL;
        skip = strlen(dir) + strlen("/dosdevices/c:");
    }
    else if (path[0] == '\\' && path[1] == '\\')
    {
        if (asprintf(&ret, "%s/dosdevices/unc/%s", dir, path + 2) < 0) ret = NULL;
        skip = strlen(dir) + strlen("/dosdevices/unc/");
    }
    free(dir);
    if (ret)
        for (p = ret + skip; *p; p++) if (*p == '\\') *p = '/';
    return ret;
}

char *vhd_unix_to_windows(const char *path, const char *prefix)
{
    char *dir = prefix_dir(prefix), *devices = NULL, *real, *ret = NULL, *p;
    char best_letter = 0, link[PATH_MAX + 8], target[PATH_MAX];
    size_t best_len = 0;
    struct dirent *entry;
    DIR *d;

    if (!(real = realpath(path, NULL)) || !dir || asprintf(&devices, "%s/dosdevices", dir) < 0)
    {
        free(real);
        free(dir);
        return NULL;
    }
    free(dir);

    if ((d = opendir(devices)))
    {
        while ((entry = readdir(d)))
        {
            size_t len;

            if (strlen(entry->d_name) != 2 || entry->d_name[1] != ':'
                    || !isalpha((unsigned char)entry->d_name[0]))
                continue;
            snprintf(link, sizeof(link), "%s/%s", devices, entry->d_name);
            if (!realpath(link, target)) continue;
            len = strlen(target);
            if (len == 1) len = 0;  /* "/" */
            if (strncmp(real, target, len) || (real[len] && real[len] != '/')) continue;
            if (!best_letter || len > best_len)
            {
                best_letter = toupper((unsigned char)entry->d_name[0]);
                best_len = len;
            }
        }
        closedir(d);
    }
    else
    {
        /* no prefix at all: Wine's default drive for the whole file system */
        best_letter = 'Z';
        best_len = 0;
    }
    free(devices);

    if (best_letter && asprintf(&ret, "%c:%s", best_letter, real[best_len] ? real + best_len : "/") >= 0)
    {
        for (p = ret; *p; p++) if (*p == '/') *p = '\\';
    }
    else ret = NULL;
    free(real);
    return ret;
}

/* The path of target relative to the folder of from (both absolute,
 * Windows form, same drive): ".\name", "..\other\name". */
char *vhd_relative_windows_path(const char *from, const char *target)
{
    const char *f = from, *t = target, *last_f = from, *last_t = target;
    size_t ups = 0, len;
    char *ret, *p;

    if (toupper((unsigned char)from[0]) != toupper((unsigned char)target[0])) return NULL;
    /* the common folder, compared without case as Windows does */
    while (*f && *t && toupper((unsigned char)*f) == toupper((unsigned char)*t))
    {
        if (*f == '\\')
        {
            last_f = f + 1;
            last_t = t + 1;
        }
        f++;
        t++;
    }
    for (p = (char *)last_f; *p; p++) if (*p == '\\') ups++;
    len = 2 + ups * 3 + strlen(last_t) + 1;
    if (!(ret = malloc(len))) return NULL;
    strcpy(ret, ups ? "" : ".\\");
    while (ups--) strcat(ret, "..\\");
    strcat(ret, last_t);
    return ret;
}
