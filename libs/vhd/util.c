/*
 * libvhd: whole reads and writes, text conversions
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vhd_private.h"

int vhd_pread_all(int fd, void *data, size_t size, off_t offset)
{
    uint8_t *p = data;
    ssize_t n;

    while (size)
    {
        if ((n = pread(fd, p, size, offset)) < 0)
        {
            if (errno == EINTR) continue;
            return -errno;
        }
        if (!n) return VHD_E_INVALID_FILE;  /* shorter than its structures say */
        p += n;
        offset += n;
        size -= n;
    }
    return 0;
}

int vhd_pwrite_all(int fd, const void *data, size_t size, off_t offset)
{
    const uint8_t *p = data;
    ssize_t n;

    while (size)
    {
        if ((n = pwrite(fd, p, size, offset)) < 0)
        {
            if (errno == EINTR) continue;
            return -errno;
        }
        p += n;
        offset += n;
        size -= n;
    }
    return 0;
}

int vhd_pwrite_zeros(int fd, off_t offset, size_t size)
{
    static const uint8_t zeros[4096];
    int ret;

    while (size)
    {
        size_t n = size < sizeof(zeros) ? size : sizeof(zeros);
        if ((ret = vhd_pwrite_all(fd, zeros, n, offset))) return ret;
        offset += n;
        size -= n;
    }
    return 0;
}

char *vhd_utf16_to_utf8(const uint16_t *str, size_t max)
{
    size_t i, len = 0;
    char *ret;

    if (!(ret = malloc(max * 3 + 1))) return NULL;
    for (i = 0; i < max && str[i]; i++)
    {
        uint32_t c = str[i];

        if (c >= 0xd800 && c < 0xdc00 && i + 1 < max && str[i + 1] >= 0xdc00 && str[i + 1] < 0xe000)
            c = 0x10000 + ((c - 0xd800) << 10) + (str[++i] - 0xdc00);
        else if (c >= 0xd800 && c < 0xe000)
            c = 0xfffd;  /* a lone surrogate */
        if (c < 0x80) ret[len++] = c;
        else if (c < 0x800)
        {
            ret[len++] = 0xc0 | c >> 6;
            ret[len++] = 0x80 | (c & 0x3f);
        }
        else if (c < 0x10000)
        {
            ret[len++] = 0xe0 | c >> 12;
            ret[len++] = 0x80 | ((c >> 6) & 0x3f);
            ret[len++] = 0x80 | (c & 0x3f);
        }
        else
        {
            ret[len++] = 0xf0 | c >> 18;
            ret[len++] = 0x80 | ((c >> 12) & 0x3f);
            ret[len++] = 0x80 | ((c >> 6) & 0x3f);
            ret[len++] = 0x80 | (c & 0x3f);
        }
    }
    ret[len] = 0;
    return ret;
}

int vhd_utf8_to_utf16(const char *str, uint16_t *out, size_t max)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t len = 0;

    while (*s)
    {
        uint32_t c;
        int extra;

        if (*s < 0x80) { c = *s; extra = 0; }
        else if ((*s & 0xe0) == 0xc0) { c = *s & 0x1f; extra = 1; }
        else if ((*s & 0xf0) == 0xe0) { c = *s & 0x0f; extra = 2; }
        else if ((*s & 0xf8) == 0xf0) { c = *s & 0x07; extra = 3; }
        else return -1;
        s++;
        while (extra--)
        {
            if ((*s & 0xc0) != 0x80) return -1;
            c = c << 6 | (*s++ & 0x3f);
        }
        if (c >= 0x10000)
        {
            if (len + 2 > max) return -1;
            out[len++] = 0xd800 + ((c - 0x10000) >> 10);
            out[len++] = 0xdc00 + ((c - 0x10000) & 0x3ff);
        }
        else
        {
            if (len + 1 > max) return -1;
            out[len++] = c;
        }
    }
    return len;
}
