/*
 * seeds DIR: writes small disks of every type for the fuzzer to start
 * from: fixed, dynamic with data in a few blocks, differencing with both
 * locators.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <stdio.h>
#include <string.h>

#include "vhd.h"

int main(int argc, char **argv)
{
    struct vhd_open_options options = { "/nonexistent-prefix" };
    char path[3][512];
    unsigned char sector[512];
    struct vhd *vhd;

    if (argc != 2) return 2;
    snprintf(path[0], sizeof(path[0]), "%s/fixed.vhd", argv[1]);
    snprintf(path[1], sizeof(path[1]), "%s/dynamic.vhd", argv[1]);
    snprintf(path[2], sizeof(path[2]), "%s/differencing.vhd", argv[1]);
    if (vhd_create(path[0], VHD_TYPE_FIXED, 3 << 20, NULL, NULL)) return 1;
    if (vhd_create(path[1], VHD_TYPE_DYNAMIC, 6 << 20, NULL, NULL)) return 1;
    if (vhd_open(path[1], 0, &options, &vhd)) return 1;
    memset(sector, 0xa5, sizeof(sector));
    vhd_write_sectors(vhd, 1, 1, sector);
    vhd_write_sectors(vhd, 4097, 1, sector);
    vhd_close(vhd);
    if (vhd_create_differencing(path[2], path[1], &options)) return 1;
    if (vhd_open(path[2], 0, &options, &vhd)) return 1;
    vhd_write_sectors(vhd, 2, 1, sector);
    vhd_close(vhd);
    return 0;
}
