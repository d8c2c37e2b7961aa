/*
 * vhdtool: Virtual PC's disks (VHD) from a Linux shell
 *
 *   vhdtool create [--fixed] FILE SIZE        SIZE in bytes, or with K, M, G, T
 *   vhdtool create --parent PARENT FILE       a differencing disk
 *   vhdtool info FILE
 *   vhdtool check FILE                        the disk and its chain open and read
 *   vhdtool compact FILE                      drop a dynamic disk's blocks of zeros
 *   vhdtool convert [--fixed] FILE NEW        a fixed or dynamic copy
 *   vhdtool merge FILE                        a differencing disk into its parent
 *   vhdtool merge --to NEW [--fixed] FILE     the whole chain into a new disk
 *
 * Options: --json (machine-readable output), --prefix DIR (the Wine prefix
 * whose drive letters map parent locators; default $WINEPREFIX, ~/.wine).
 * A progress bar is drawn on a terminal.  Exit status 0 on success, 1 on
 * failure (with a message on stderr), 2 for a usage error.
 *
 * This program is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vhd.h"

static int json;
static int fixed;
static const char *parent_path, *merge_to;
static struct vhd_open_options options;

static void usage(void)
{
    fputs("usage: vhdtool [--json] [--prefix DIR] COMMAND ...\n"
          "  create [--fixed] FILE SIZE | create --parent PARENT FILE\n"
          "  info FILE | check FILE | compact FILE\n"
          "  convert [--fixed] FILE NEW\n"
          "  merge FILE | merge --to NEW [--fixed] FILE\n", stderr);
    exit(2);
}

static int fail(const char *what, const char *path, int error)
{
    if (json)
        printf("{\"error\": \"%s\", \"file\": \"%s\", \"message\": \"%s\"}\n", what, path,
               vhd_strerror(error));
    fprintf(stderr, "vhdtool: %s %s: %s\n", what, path, vhd_strerror(error));
    return 1;
}

static int progress_bar(void *context, int percent)
{
    static int last = -1;
    int i, width = 40;

    if (json || !isatty(2) || percent == last) return 0;
    last = percent;
    fputs("\r[", stderr);
    for (i = 0; i < width; i++) fputc(i < percent * width / 100 ? '#' : ' ', stderr);
    fprintf(stderr, "] %3d%%", percent);
    if (percent >= 99) fputs("\n", stderr);
    return 0;
}

static int parse_size(const char *text, uint64_t *size)
{
    char *end;
    double value = strtod(text, &end);
    uint64_t unit = 1;

    switch (toupper((unsigned char)*end))
    {
    case 'K': unit = 1ULL << 10; end++; break;
    case 'M': unit = 1ULL << 20; end++; break;
    case 'G': unit = 1ULL << 30; end++; break;
    case 'T': unit = 1ULL << 40; end++; break;
    }
    if (*end == 'B' || *end == 'b') end++;
    if (*end || value <= 0) return -1;
    *size = (uint64_t)(value * unit);
    return 0;
}

static const char *type_name(uint32_t type)
{
    switch (type)
    {
    case VHD_TYPE_FIXED: return "fixed";
    case VHD_TYPE_DYNAMIC: return "dynamic";
    case VHD_TYPE_DIFFERENCING: return "differencing";
    default: return "unknown";
    }
}

static void print_uuid(const uint8_t *id)
{
    int i;

    for (i = 0; i < 16; i++) printf("%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", id[i]);
}

static int command_info(const char *path)
{
    const struct vhd_footer *f;
    struct vhd *vhd, *d;
    struct stat st;
    int ret, depth = 0;

    if ((ret = vhd_open(path, VHD_OPEN_READ_ONLY, &options, &vhd)) == VHD_E_PARENT_NOT_FOUND
            || ret == VHD_E_PARENT_ID_MISMATCH)
    {
        if (!json) fprintf(stderr, "vhdtool: %s: %s\n", path, vhd_strerror(ret));
        ret = vhd_open(path, VHD_OPEN_READ_ONLY | VHD_OPEN_NO_PARENT, &options, &vhd);
    }
    if (ret) return fail("cannot open", path, ret);
    f = vhd_get_footer(vhd);
    stat(path, &st);
    if (json)
    {
        printf("{\"file\": \"%s\", \"type\": \"%s\", \"size\": %llu, \"file_size\": %llu, "
               "\"cylinders\": %u, \"heads\": %u, \"sectors_per_track\": %u, \"creator\": \"%.4s\", "
               "\"unique_id\": \"", path, type_name(f->disk_type),
               (unsigned long long)f->current_size, (unsigned long long)st.st_size,
               f->geometry.cylinders, f->geometry.heads, f->geometry.sectors_per_track,
               f->creator_app);
        print_uuid(f->unique_id);
        printf("\", \"block_size\": %u, \"parents\": [",
               f->disk_type == VHD_TYPE_FIXED ? 0 : vhd_get_header(vhd)->block_size);
        for (d = vhd_get_parent(vhd); d; d = vhd_get_parent(d))
            printf("%s\"%s\"", depth++ ? ", " : "", vhd_get_path(d));
        printf("]}\n");
    }
    else
    {
        printf("file:          %s\ntype:          %s\nsize:          %llu bytes\n"
               "file size:     %llu bytes\ngeometry:      %u/%u/%u\ncreator:       %.4s\nunique id:     ",
               path, type_name(f->disk_type), (unsigned long long)f->current_size,
               (unsigned long long)st.st_size, f->geometry.cylinders, f->geometry.heads,
               f->geometry.sectors_per_track, f->creator_app);
        print_uuid(f->unique_id);
        printf("\n");
        for (d = vhd_get_parent(vhd); d; d = vhd_get_parent(d))
            printf("parent:        %s\n", vhd_get_path(d));
    }
    vhd_close(vhd);
    return 0;
}

static int command_check(const char *path)
{
    uint8_t *data = malloc(1 << 20);
    struct vhd *vhd;
    uint64_t sectors, s;
    int ret;

    if (!data) return fail("cannot check", path, -ENOMEM);
    if ((ret = vhd_open(path, VHD_OPEN_READ_ONLY, &options, &vhd)))
    {
        free(data);
        return fail("cannot open", path, ret);
    }
    /* every sector reads through the chain */
    sectors = vhd_get_size(vhd) / 512;
    for (s = 0; s < sectors && !ret; s += 2048)
    {
        uint32_t n = sectors - s < 2048 ? sectors - s : 2048;
        if (vhd_block_allocated(vhd, s) || vhd_get_parent(vhd))
            ret = vhd_read_sectors(vhd, s, n, data);
        progress_bar(NULL, (int)(s * 100 / sectors));
    }
    progress_bar(NULL, 100);
    vhd_close(vhd);
    free(data);
    if (ret) return fail("cannot read", path, ret);
    if (json) printf("{\"file\": \"%s\", \"check\": \"ok\"}\n", path);
    else printf("%s: no errors found\n", path);
    return 0;
}

static int done(const char *what, const char *path, int ret)
{
    if (ret) return fail(what, path, ret);
    if (json) printf("{\"file\": \"%s\", \"result\": \"ok\"}\n", path);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option long_options[] =
    {
        { "json", no_argument, NULL, 'j' },
        { "fixed", no_argument, NULL, 'f' },
        { "dynamic", no_argument, NULL, 'd' },
        { "parent", required_argument, NULL, 'p' },
        { "to", required_argument, NULL, 't' },
        { "prefix", required_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *command;
    uint64_t size;
    int c;

    while ((c = getopt_long(argc, argv, "+", long_options, NULL)) != -1)
    {
        switch (c)
        {
        case 'j': json = 1; break;
        case 'P': options.wine_prefix = optarg; break;
        default: usage();
        }
    }
    if (optind >= argc) usage();
    command = argv[optind++];
    while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1)
    {
        switch (c)
        {
        case 'j': json = 1; break;
        case 'f': fixed = 1; break;
        case 'd': fixed = 0; break;
        case 'p': parent_path = optarg; break;
        case 't': merge_to = optarg; break;
        case 'P': options.wine_prefix = optarg; break;
        default: usage();
        }
    }
    argc -= optind;
    argv += optind;

    if (!strcmp(command, "create"))
    {
        if (parent_path && argc == 1)
            return done("cannot create", argv[0], vhd_create_differencing(argv[0], parent_path, &options));
        if (parent_path || argc != 2 || parse_size(argv[1], &size)) usage();
        return done("cannot create", argv[0], vhd_create(argv[0], fixed ? VHD_TYPE_FIXED : VHD_TYPE_DYNAMIC,
                                                         size, progress_bar, NULL));
    }
    if (!strcmp(command, "info") && argc == 1) return command_info(argv[0]);
    if (!strcmp(command, "check") && argc == 1) return command_check(argv[0]);
    if (!strcmp(command, "compact") && argc == 1)
        return done("cannot compact", argv[0], vhd_compact(argv[0], &options, progress_bar, NULL));
    if (!strcmp(command, "convert") && argc == 2)
        return done("cannot convert", argv[0], vhd_export(argv[0], argv[1], fixed ? VHD_TYPE_FIXED : VHD_TYPE_DYNAMIC,
                                                          0, &options, progress_bar, NULL));
    if (!strcmp(command, "merge") && argc == 1)
    {
        if (merge_to)
            return done("cannot merge", argv[0], vhd_export(argv[0], merge_to, fixed ? VHD_TYPE_FIXED : VHD_TYPE_DYNAMIC,
                                                            0, &options, progress_bar, NULL));
        return done("cannot merge", argv[0], vhd_merge(argv[0], &options, progress_bar, NULL));
    }
    usage();
    return 2;
}
