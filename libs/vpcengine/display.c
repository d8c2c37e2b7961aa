/*
 * vpcengine: the display of a running machine
 *
 * The screen is QEMU's own (virDomainScreenshot through a virStream): PNG
 * from QEMU 7.1 on, PPM before.  Its size is the display's size, its
 * video mode follows from that size, and the thumbnail is the screen
 * scaled to 64x48 by averaging.  No guest of ours has integration
 * components that could change its resolution, so SetDimensions and
 * CanResize only check their arguments and the machine's state.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <png.h>

#include "engine_private.h"

/* a screen larger than that is not a screen QEMU's VGA shows */
#define MAX_SCREEN_BYTES (64 * 1024 * 1024)
#define MAX_SCREEN_SIDE 16384

void vpce_image_free(struct vpce_image *image)
{
    free(image->pixels);
    memset(image, 0, sizeof(*image));
}

static enum vpce_status image_alloc(struct vpce_image *image, int width, int height)
{
    image->width = width;
    image->height = height;
    if (!(image->pixels = malloc((size_t)width * height * sizeof(*image->pixels)))) return VPCE_E_NOMEM;
    return VPCE_OK;
}

/* PPM's header numbers, with its comments and white space. */
static int ppm_number(const unsigned char *data, size_t size, size_t *pos, unsigned int *value)
{
    unsigned long n = 0;
    int digits = 0;

    for (;;)
    {
        while (*pos < size && strchr(" \t\r\n", data[*pos])) (*pos)++;
        if (*pos < size && data[*pos] == '#')
            while (*pos < size && data[*pos] != '\n') (*pos)++;
        else break;
    }
    while (*pos < size && data[*pos] >= '0' && data[*pos] <= '9' && digits < 9)
    {
        n = n * 10 + data[(*pos)++] - '0';
        digits++;
    }
    *value = n;
    return digits > 0;
}

/* Binary PPM (P6), 8 or 16 bits a sample, as QEMU's screendump wrote it
 * before PNG. */
static enum vpce_status decode_ppm(const unsigned char *data, size_t size, struct vpce_image *image)
{
    unsigned int width, height, maxval, bytes, x, y;
    size_t pos = 2;
    enum vpce_status status;

    if (!ppm_number(data, size, &pos, &width) || !ppm_number(data, size, &pos, &height)
            || !ppm_number(data, size, &pos, &maxval) || pos >= size)
        return VPCE_E_UNEXPECTED;
    pos++;  /* one white space character ends the header */
    if (!width || !height || width > MAX_SCREEN_SIDE || height > MAX_SCREEN_SIDE || !maxval || maxval > 65535)
        return VPCE_E_UNEXPECTED;
    bytes = maxval < 256 ? 1 : 2;
    if ((size - pos) / (3 * bytes) / width < height) return VPCE_E_UNEXPECTED;
    if ((status = image_alloc(image, width, height))) return status;
    for (y = 0; y < height; y++)
    {
        for (x = 0; x < width; x++)
        {
            uint32_t rgb = 0;
            int c;

            for (c = 0; c < 3; c++)
            {
                unsigned int v = data[pos];
                if (bytes == 2) v = v << 8 | data[pos + 1];
                pos += bytes;
                rgb = rgb << 8 | (v * 255 + maxval / 2) / maxval;
            }
            image->pixels[(size_t)y * width + x] = rgb;
        }
    }
    return VPCE_OK;
}

static enum vpce_status decode_png(const unsigned char *data, size_t size, struct vpce_image *image)
{
    png_image png;
    unsigned char *rgb;
    enum vpce_status status;
    size_t i, count;

    memset(&png, 0, sizeof(png));
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&png, data, size)) return VPCE_E_UNEXPECTED;
    if (!png.width || !png.height || png.width > MAX_SCREEN_SIDE || png.height > MAX_SCREEN_SIDE)
    {
        png_image_free(&png);
        return VPCE_E_UNEXPECTED;
    }
    png.format = PNG_FORMAT_RGB;
    if (!(rgb = malloc(PNG_IMAGE_SIZE(png))))
    {
        png_image_free(&png);
        return VPCE_E_NOMEM;
    }
    if (!png_image_finish_read(&png, NULL, rgb, 0, NULL))
    {
        png_image_free(&png);
        free(rgb);
        return VPCE_E_UNEXPECTED;
    }
    if (!(status = image_alloc(image, png.width, png.height)))
    {
        count = (size_t)png.width * png.height;
        for (i = 0; i < count; i++)
            image->pixels[i] = (uint32_t)rgb[3 * i] << 16 | rgb[3 * i + 1] << 8 | rgb[3 * i + 2];
    }
    free(rgb);
    return status;
}

enum vpce_status vpce_image_decode(const void *data, size_t size, struct vpce_image *image)
{
    static const unsigned char png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    const unsigned char *bytes = data;

    memset(image, 0, sizeof(*image));
    if (size >= 8 && !memcmp(bytes, png_signature, 8)) return decode_png(bytes, size, image);
    if (size >= 2 && bytes[0] == 'P' && bytes[1] == '6') return decode_ppm(bytes, size, image);
    return VPCE_E_UNEXPECTED;
}

/* Each pixel of the result is the average of the source pixels its area
 * covers (at least one); the picture is stretched to fill it. */
void vpce_image_scale(const struct vpce_image *source, int width, int height, uint32_t *pixels)
{
    int x, y, sx, sy;

    for (y = 0; y < height; y++)
    {
        int y0 = (int)((int64_t)y * source->height / height);
        int y1 = (int)((int64_t)(y + 1) * source->height / height);

        if (y1 <= y0) y1 = y0 + 1;
        for (x = 0; x < width; x++)
        {
            int x0 = (int)((int64_t)x * source->width / width);
            int x1 = (int)((int64_t)(x + 1) * source->width / width);
            uint64_t r = 0, g = 0, b = 0, n;

            if (x1 <= x0) x1 = x0 + 1;
            for (sy = y0; sy < y1; sy++)
            {
                const uint32_t *row = source->pixels + (size_t)sy * source->width;
                for (sx = x0; sx < x1; sx++)
                {
                    r += row[sx] >> 16 & 0xff;
                    g += row[sx] >> 8 & 0xff;
                    b += row[sx] & 0xff;
                }
            }
            n = (uint64_t)(y1 - y0) * (x1 - x0);
            pixels[y * width + x] = (uint32_t)((r + n / 2) / n) << 16 | (uint32_t)((g + n / 2) / n) << 8
                                    | (uint32_t)((b + n / 2) / n);
        }
    }
}

/* The reference's pixel: blue in the upper 8 bits, then green, then red;
 * the lowest 8 bits are 0. */
uint32_t vpce_thumbnail_pixel(uint32_t rgb)
{
    uint32_t r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;

    return b << 24 | g << 16 | r << 8;
}

/* What QEMU's VGA shows at a screen size: text modes are 80 or 40
 * columns of 9 (or 18) pixel wide characters, 720 or 360 pixels; CGA's
 * graphics are 320 or 640 by 200; VGA's (and EGA's) up to 640 by 480;
 * the Bochs VBE modes beyond are SVGA.  (Text of 8 pixel wide characters,
 * 640x400, reads as VGA: the size alone does not tell them apart.) */
enum vpce_video_mode vpce_video_mode_for(int32_t width, int32_t height)
{
    if (width > 0 && width % 9 == 0 && width <= 1188 && height <= 600) return VPCE_VIDEO_TEXT;
    if (width <= 640 && height <= 200) return VPCE_VIDEO_CGA;
    if (width <= 640 && height <= 480) return VPCE_VIDEO_VGA;
    return VPCE_VIDEO_SVGA;
}

/* The libvirt domain of a machine that runs or is paused. */
static enum vpce_status running_domain(const struct vpce_machine *machine, virConnectPtr *conn,
                                       virDomainPtr *domain)
{
    enum vpce_vm_state state;
    enum vpce_status status;

    *conn = NULL;
    *domain = NULL;
    if ((status = vpce_machine_get_state(machine, &state))) return status;
    if (state != VPCE_VM_RUNNING && state != VPCE_VM_PAUSED) return VPCE_E_VM_NOT_RUNNING;
    if (machine_connection((void **)conn)) return VPCE_E_VM_NOT_RUNNING;
    if (!(*domain = machine_domain(*conn, machine)))
    {
        virConnectClose(*conn);
        *conn = NULL;
        return VPCE_E_VM_NOT_RUNNING;
    }
    return VPCE_OK;
}

static int has_video(virDomainPtr domain)
{
    char *xml = virDomainGetXMLDesc(domain, 0);
    int ret = xml && strstr(xml, "<video>") && !strstr(xml, "<model type='none'");

    free(xml);
    return ret;
}

/* The screen, as QEMU sends it. */
static enum vpce_status read_screen(virConnectPtr conn, virDomainPtr domain, unsigned char **data, size_t *size)
{
    size_t used = 0, allocated = 0;
    unsigned char *buffer = NULL, *grown;
    enum vpce_status status = VPCE_OK;
    virStreamPtr stream;
    char *mime;
    int got;

    if (!(stream = virStreamNew(conn, 0))) return VPCE_E_NOMEM;
    if (!(mime = virDomainScreenshot(domain, stream, 0, 0)))
    {
        virStreamFree(stream);
        return has_video(domain) ? VPCE_E_UNEXPECTED : VPCE_E_NO_DISPLAY;
    }
    free(mime);
    for (;;)
    {
        if (allocated - used < 65536)
        {
            if (allocated >= MAX_SCREEN_BYTES || !(grown = realloc(buffer, allocated + 262144)))
            {
                status = allocated >= MAX_SCREEN_BYTES ? VPCE_E_UNEXPECTED : VPCE_E_NOMEM;
                break;
            }
            buffer = grown;
            allocated += 262144;
        }
        if ((got = virStreamRecv(stream, (char *)buffer + used, allocated - used)) <= 0)
        {
            if (got < 0) status = VPCE_E_UNEXPECTED;
            break;
        }
        used += got;
    }
    if (status) virStreamAbort(stream);
    else if (virStreamFinish(stream) < 0) status = VPCE_E_UNEXPECTED;
    virStreamFree(stream);
    if (status) free(buffer);
    else
    {
        *data = buffer;
        *size = used;
    }
    return status;
}

enum vpce_status vpce_machine_get_screen(const struct vpce_machine *machine, struct vpce_image *image)
{
    unsigned char *data = NULL;
    enum vpce_status status;
    virDomainPtr domain;
    virConnectPtr conn;
    size_t size = 0;

    memset(image, 0, sizeof(*image));
    if ((status = running_domain(machine, &conn, &domain))) return status;
    if (!(status = read_screen(conn, domain, &data, &size)))
    {
        status = vpce_image_decode(data, size, image);
        free(data);
    }
    virDomainFree(domain);
    virConnectClose(conn);
    return status;
}

enum vpce_status vpce_machine_get_display(const struct vpce_machine *machine, struct vpce_display *display)
{
    struct vpce_image image;
    enum vpce_status status;

    memset(display, 0, sizeof(*display));
    if ((status = vpce_machine_get_screen(machine, &image))) return status;
    display->width = image.width;
    display->height = image.height;
    display->mode = vpce_video_mode_for(image.width, image.height);
    vpce_image_free(&image);
    return VPCE_OK;
}

enum vpce_status vpce_machine_get_thumbnail(const struct vpce_machine *machine,
                                            uint32_t pixels[VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT])
{
    struct vpce_image image;
    enum vpce_status status;
    int i;

    if ((status = vpce_machine_get_screen(machine, &image))) return status;
    vpce_image_scale(&image, VPCE_THUMBNAIL_WIDTH, VPCE_THUMBNAIL_HEIGHT, pixels);
    for (i = 0; i < VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT; i++)
        pixels[i] = vpce_thumbnail_pixel(pixels[i]);
    vpce_image_free(&image);
    return VPCE_OK;
}

enum vpce_status vpce_machine_can_resize(const struct vpce_machine *machine)
{
    virDomainPtr domain;
    virConnectPtr conn;
    enum vpce_status status;

    if ((status = running_domain(machine, &conn, &domain))) return status;
    if (!has_video(domain)) status = VPCE_E_NO_DISPLAY;
    /* the guest chooses its mode; nothing in it takes a size from us */
    else status = VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL;
    virDomainFree(domain);
    virConnectClose(conn);
    return status;
}

enum vpce_status vpce_machine_set_dimensions(const struct vpce_machine *machine, int32_t width, int32_t height)
{
    struct vpce_display display;
    enum vpce_status status;

    if (width < VPCE_DISPLAY_MIN_WIDTH || width > VPCE_DISPLAY_MAX_WIDTH || width % 8
            || height < VPCE_DISPLAY_MIN_HEIGHT || height > VPCE_DISPLAY_MAX_HEIGHT)
        return VPCE_E_INVALID_ARG;
    if ((status = vpce_machine_get_display(machine, &display))) return status;
    /* a display of that size already has it */
    if (display.width == width && display.height == height) return VPCE_OK;
    return VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL;
}
