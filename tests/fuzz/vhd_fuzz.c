/*
 * A libFuzzer target for everything libvhd reads from outside: footers,
 * dynamic headers, block tables, bitmaps and parent locators.  The input
 * is a whole disk image; it is opened (with its parents, which a fuzzed
 * locator may name) and read at a few places.  Nothing may crash, hang,
 * leak or write.
 *
 *   make fuzz                      builds build/tests/fuzz/vhd_fuzz (clang)
 *   vhd_fuzz -max_total_time=600 CORPUS   longer runs, on demand
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vhd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t buffer[64 * 512];
    struct vhd_open_options options = { "/nonexistent-prefix" };
    struct vhd_info info;
    struct vhd *vhd;
    char path[64];
    uint64_t sectors, places[4];
    int fd, i;

    if ((fd = memfd_create("vhd", MFD_CLOEXEC)) < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size)
    {
        close(fd);
        return 0;
    }
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

    vhd_info(path, &info);
    if (!vhd_open(path, VHD_OPEN_READ_ONLY, &options, &vhd))
    {
        sectors = vhd_get_size(vhd) / 512;
        places[0] = 0;
        places[1] = sectors / 3;
        places[2] = sectors / 2 + 17;
        places[3] = sectors > 64 ? sectors - 64 : 0;
        for (i = 0; i < 4 && sectors; i++)
        {
            uint64_t count = sectors - places[i] < 64 ? sectors - places[i] : 64;
            vhd_read_sectors(vhd, places[i], count, buffer);
        }
        vhd_close(vhd);
    }
    close(fd);
    return 0;
}
