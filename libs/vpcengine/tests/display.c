/*
 * Unit tests of the display: QEMU's screendumps decoded, the thumbnail's
 * scaling and pixel format, video modes, and a machine that is off
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>

#include "vpcengine.h"
#include "unittest.h"

static char tmpdir[] = "/tmp/vpcengine-display-XXXXXX";

static void test_ppm(void)
{
    static const char ppm8[] = "P6\n# QEMU\n3 2\n255\n"
        "\xff\x00\x00" "\x00\xff\x00" "\x00\x00\xff"
        "\x10\x20\x30" "\x00\x00\x00" "\xff\xff\xff";
    static const char ppm16[] = "P6 1 1 65535\n\xff\xff\x80\x00\x00\x00";
    struct vpce_image image;

    CHECK(vpce_image_decode(ppm8, sizeof(ppm8) - 1, &image) == VPCE_OK, "8-bit PPM\n");
    CHECK(image.width == 3 && image.height == 2, "size %dx%d\n", image.width, image.height);
    if (image.pixels)
    {
        CHECK(image.pixels[0] == 0xff0000, "pixel 0 %#x\n", image.pixels[0]);
        CHECK(image.pixels[1] == 0x00ff00, "pixel 1 %#x\n", image.pixels[1]);
        CHECK(image.pixels[2] == 0x0000ff, "pixel 2 %#x\n", image.pixels[2]);
        CHECK(image.pixels[3] == 0x102030, "pixel 3 %#x\n", image.pixels[3]);
        CHECK(image.pixels[5] == 0xffffff, "pixel 5 %#x\n", image.pixels[5]);
    }
    vpce_image_free(&image);
    CHECK(!image.pixels && !image.width, "freed\n");

    CHECK(vpce_image_decode(ppm16, sizeof(ppm16) - 1, &image) == VPCE_OK, "16-bit PPM\n");
    CHECK(image.width == 1 && image.height == 1 && image.pixels && image.pixels[0] == 0xff8000,
          "16-bit pixel %#x\n", image.pixels ? image.pixels[0] : 0);
    vpce_image_free(&image);

    /* cut short, absurd, or not an image */
    CHECK(vpce_image_decode(ppm8, sizeof(ppm8) - 2, &image) == VPCE_E_UNEXPECTED, "short PPM\n");
    CHECK(!image.pixels, "no pixels\n");
    CHECK(vpce_image_decode("P6 0 0 255\n", 11, &image) == VPCE_E_UNEXPECTED, "empty PPM\n");
    CHECK(vpce_image_decode("P6 99999999 99999999 255\n", 25, &image) == VPCE_E_UNEXPECTED, "huge PPM\n");
    CHECK(vpce_image_decode("P6 1 1 0\n\0\0\0", 12, &image) == VPCE_E_UNEXPECTED, "maxval 0\n");
    CHECK(vpce_image_decode("BM", 2, &image) == VPCE_E_UNEXPECTED, "BMP\n");
    CHECK(vpce_image_decode("", 0, &image) == VPCE_E_UNEXPECTED, "nothing\n");
}

static void test_png(void)
{
    unsigned char rgb[4 * 3 * 3];
    png_alloc_size_t size = 0;
    struct vpce_image image;
    png_image png;
    void *data;
    int i;

    for (i = 0; i < 12; i++)
    {
        rgb[3 * i] = i * 20;
        rgb[3 * i + 1] = 255 - i;
        rgb[3 * i + 2] = i == 5 ? 0x42 : 0;
    }
    memset(&png, 0, sizeof(png));
    png.version = PNG_IMAGE_VERSION;
    png.width = 4;
    png.height = 3;
    png.format = PNG_FORMAT_RGB;
    if (!png_image_write_get_memory_size(png, size, 0, rgb, 0, NULL) || !(data = malloc(size))
            || !png_image_write_to_memory(&png, data, &size, 0, rgb, 0, NULL))
    {
        SKIP("libpng cannot write a PNG\n");
        return;
    }
    CHECK(vpce_image_decode(data, size, &image) == VPCE_OK, "PNG\n");
    CHECK(image.width == 4 && image.height == 3, "size %dx%d\n", image.width, image.height);
    for (i = 0; image.pixels && i < 12; i++)
        CHECK(image.pixels[i] == ((uint32_t)(i * 20) << 16 | (uint32_t)(255 - i) << 8 | (i == 5 ? 0x42 : 0)),
              "pixel %d: %#x\n", i, image.pixels[i]);
    vpce_image_free(&image);
    CHECK(vpce_image_decode(data, size / 2, &image) == VPCE_E_UNEXPECTED, "short PNG\n");
    CHECK(!image.pixels, "no pixels\n");
    free(data);
}

static void test_scale(void)
{
    uint32_t source[720 * 400], out[VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT];
    struct vpce_image image = { 720, 400, source };
    int x, y, i, bright;

    /* one colour stays that colour */
    for (i = 0; i < 720 * 400; i++) source[i] = 0x3366cc;
    vpce_image_scale(&image, VPCE_THUMBNAIL_WIDTH, VPCE_THUMBNAIL_HEIGHT, out);
    for (i = 0; i < VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT; i++)
        if (out[i] != 0x3366cc) break;
    CHECK(i == VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT, "pixel %d differs\n", i);

    /* a white line of text in the top left corner of a black screen: only
     * the thumbnail's corner lights, and dimmer */
    for (i = 0; i < 720 * 400; i++) source[i] = 0;
    for (y = 0; y < 16; y++) for (x = 0; x < 9 * 10; x++) source[y * 720 + x] = 0xaaaaaa;
    vpce_image_scale(&image, VPCE_THUMBNAIL_WIDTH, VPCE_THUMBNAIL_HEIGHT, out);
    for (i = bright = 0; i < VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT; i++)
        if (out[i]) bright++;
    CHECK(out[0] == 0xaaaaaa, "corner %#x\n", out[0]);
    CHECK(bright > 0 && bright < 30, "%d pixels lit\n", bright);
    CHECK(!out[VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT - 1], "far corner %#x\n",
          out[VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT - 1]);

    /* averages: four pixels into one */
    source[0] = 0xff0000; source[1] = 0x00ff00; source[2] = 0x0000ff; source[3] = 0xffffff;
    image.width = image.height = 2;
    vpce_image_scale(&image, 1, 1, out);
    CHECK(out[0] == 0x808080, "average %#x\n", out[0]);

    /* a screen smaller than the thumbnail is stretched */
    image.width = image.height = 1;
    source[0] = 0x123456;
    vpce_image_scale(&image, VPCE_THUMBNAIL_WIDTH, VPCE_THUMBNAIL_HEIGHT, out);
    CHECK(out[0] == 0x123456 && out[VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT - 1] == 0x123456,
          "stretched %#x %#x\n", out[0], out[VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT - 1]);
}

static void test_pixel_format(void)
{
    /* blue in the upper 8 bits, then green, then red */
    CHECK(vpce_thumbnail_pixel(0x112233) == 0x33221100u, "%#x\n", vpce_thumbnail_pixel(0x112233));
    CHECK(vpce_thumbnail_pixel(0x0000ff) == 0xff000000u, "blue %#x\n", vpce_thumbnail_pixel(0x0000ff));
    CHECK(vpce_thumbnail_pixel(0xff0000) == 0x0000ff00u, "red %#x\n", vpce_thumbnail_pixel(0xff0000));
    CHECK(vpce_thumbnail_pixel(0) == 0, "black\n");
}

static void test_video_modes(void)
{
    static const struct { int width, height; enum vpce_video_mode mode; } tests[] =
    {
        { 720, 400, VPCE_VIDEO_TEXT },  /* 80x25, 9x16 characters */
        { 720, 350, VPCE_VIDEO_TEXT },
        { 360, 400, VPCE_VIDEO_TEXT },  /* 40 columns */
        { 320, 200, VPCE_VIDEO_CGA },
        { 640, 200, VPCE_VIDEO_CGA },
        { 640, 350, VPCE_VIDEO_VGA },
        { 640, 480, VPCE_VIDEO_VGA },
        { 800, 600, VPCE_VIDEO_SVGA },
        { 1024, 768, VPCE_VIDEO_SVGA },
        { 1152, 864, VPCE_VIDEO_SVGA },
    };
    unsigned int i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
        CHECK(vpce_video_mode_for(tests[i].width, tests[i].height) == tests[i].mode, "%dx%d: %d\n",
              tests[i].width, tests[i].height, vpce_video_mode_for(tests[i].width, tests[i].height));
}

static void test_machine_off(void)
{
    uint32_t pixels[VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT];
    struct vpce_machine *machine = NULL;
    struct vpce_display display;
    struct vpce_image image;
    char path[600];

    snprintf(path, sizeof(path), "%s/display.vmc", tmpdir);
    CHECK(vpce_machine_create_file(path, 64) == VPCE_OK, "create\n");
    CHECK(vpce_machine_open(path, &machine) == VPCE_OK, "open\n");
    if (!machine) return;
    CHECK(vpce_machine_get_display(machine, &display) == VPCE_E_VM_NOT_RUNNING, "display\n");
    CHECK(vpce_machine_get_screen(machine, &image) == VPCE_E_VM_NOT_RUNNING && !image.pixels, "screen\n");
    CHECK(vpce_machine_get_thumbnail(machine, pixels) == VPCE_E_VM_NOT_RUNNING, "thumbnail\n");
    CHECK(vpce_machine_can_resize(machine) == VPCE_E_VM_NOT_RUNNING, "can resize\n");
    /* the arguments first, then the machine */
    CHECK(vpce_machine_set_dimensions(machine, 800, 600) == VPCE_E_VM_NOT_RUNNING, "800x600\n");
    CHECK(vpce_machine_set_dimensions(machine, 2048, 1920) == VPCE_E_VM_NOT_RUNNING, "2048x1920\n");
    CHECK(vpce_machine_set_dimensions(machine, 640, 480) == VPCE_E_VM_NOT_RUNNING, "640x480\n");
    CHECK(vpce_machine_set_dimensions(machine, 801, 600) == VPCE_E_INVALID_ARG, "801 wide\n");
    CHECK(vpce_machine_set_dimensions(machine, 632, 480) == VPCE_E_INVALID_ARG, "632 wide\n");
    CHECK(vpce_machine_set_dimensions(machine, 2056, 600) == VPCE_E_INVALID_ARG, "2056 wide\n");
    CHECK(vpce_machine_set_dimensions(machine, 800, 479) == VPCE_E_INVALID_ARG, "479 high\n");
    CHECK(vpce_machine_set_dimensions(machine, 800, 1921) == VPCE_E_INVALID_ARG, "1921 high\n");
    CHECK(vpce_machine_set_dimensions(machine, -800, -600) == VPCE_E_INVALID_ARG, "negative\n");

    /* its .vmc gone */
    unlink(path);
    CHECK(vpce_machine_get_display(machine, &display) == VPCE_E_VM_UNKNOWN, "display of a gone machine\n");
    CHECK(vpce_machine_can_resize(machine) == VPCE_E_VM_UNKNOWN, "can resize, gone\n");
    vpce_machine_close(machine);
}

int main(void)
{
    char command[100];

    if (!mkdtemp(tmpdir)) return 1;
    chmod(tmpdir, 0755);
    test_ppm();
    test_png();
    test_scale();
    test_pixel_format();
    test_video_modes();
    test_machine_off();
    snprintf(command, sizeof(command), "rm -rf '%s'", tmpdir);
    if (system(command)) return 1;
    return unit_summary("display");
}
