/*
 * libvhd: the VHD format of Virtual PC (fixed, dynamic, differencing)
 *
 * POSIX C.  All numbers on disk are big-endian; sizes here are in bytes
 * unless a name says sectors (512 bytes).
 *
 * Functions return 0 on success, a negative errno value for a system
 * error, or a positive VHD_E_* value for a problem with the format.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef VHD_H
#define VHD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VHD_SECTOR_SIZE        512
#define VHD_FOOTER_SIZE        512
#define VHD_HEADER_SIZE        1024
#define VHD_DEFAULT_BLOCK_SIZE (2 * 1024 * 1024)
/* 2040 GB, the format's limit (and Virtual PC's: 2,088,960 MB) */
#define VHD_MAX_SIZE           (2088960ULL * 1024 * 1024)

enum vhd_type
{
    VHD_TYPE_FIXED = 2,
    VHD_TYPE_DYNAMIC = 3,
    VHD_TYPE_DIFFERENCING = 4,
};

enum vhd_error
{
    VHD_E_INVALID_FILE = 1,     /* not a VHD, or a damaged one */
    VHD_E_UNSUPPORTED_TYPE,     /* a disk type this library does not handle */
    VHD_E_SIZE_TOO_LARGE,
    VHD_E_SIZE_TOO_SMALL,
    VHD_E_CANCELLED,            /* the progress callback asked to stop */
    VHD_E_PARENT_NOT_FOUND,     /* no locator leads to the parent */
    VHD_E_PARENT_ID_MISMATCH,   /* the parent found is not the one the child was made from */
    VHD_E_IN_USE,               /* another process has the file open for writing */
    VHD_E_WRONG_TYPE,           /* the operation does not apply to this type of disk */
    VHD_E_PARENT_MODIFIED,      /* the parent was written after the child was made */
};

struct vhd_geometry
{
    uint16_t cylinders;
    uint8_t heads;
    uint8_t sectors_per_track;
};

struct vhd_footer
{
    uint32_t features;
    uint32_t format_version;
    uint64_t data_offset;
    uint32_t timestamp;          /* seconds since 2000-01-01 00:00:00 UTC */
    char creator_app[4];
    uint32_t creator_version;
    uint32_t creator_os;
    uint64_t original_size;
    uint64_t current_size;
    struct vhd_geometry geometry;
    uint32_t disk_type;
    uint32_t checksum;
    uint8_t unique_id[16];
    uint8_t saved_state;
};

#define VHD_LOCATOR_W2KU 0x57326b75   /* absolute Windows path, UTF-16LE */
#define VHD_LOCATOR_W2RU 0x57327275   /* Windows path relative to the child, UTF-16LE */

struct vhd_locator_entry
{
    uint32_t code;
    uint32_t data_space;         /* bytes reserved */
    uint32_t data_length;        /* bytes used */
    uint64_t data_offset;
};

struct vhd_dynamic_header
{
    uint64_t data_offset;
    uint64_t table_offset;
    uint32_t header_version;
    uint32_t max_table_entries;
    uint32_t block_size;
    uint32_t checksum;
    uint8_t parent_unique_id[16];
    uint32_t parent_timestamp;
    uint16_t parent_name[256];   /* UTF-16, host order here */
    struct vhd_locator_entry locators[8];
};

/* What vhd_info() reads of an existing disk. */
struct vhd_info
{
    struct vhd_footer footer;
    struct vhd_dynamic_header header;    /* dynamic and differencing disks */
    uint64_t file_size;
};

/* Progress of long work, 0 to 100; a non-zero return stops the work. */
typedef int (*vhd_progress_func)(void *context, int percent);

/* CHS geometry of a disk of that many sectors, by the format's algorithm
 * (it rounds down; sizes beyond 65535*16*255 sectors are clamped). */
struct vhd_geometry vhd_geometry_for_sectors(uint64_t sectors);
/* The size Virtual PC's guest sees: its CHS geometry's, unless that is the
 * largest geometry (a disk over 127 GB), then the footer's size. */
uint64_t vhd_guest_size(const struct vhd_footer *footer);

/* The format's checksum: the one's complement of the byte sum, with the
 * checksum field (4 bytes at checksum_offset) counted as zero. */
uint32_t vhd_checksum(const uint8_t *data, unsigned int size, unsigned int checksum_offset);

/* Fills in the checksum and writes the 512 bytes of a footer. */
void vhd_footer_encode(struct vhd_footer *footer, uint8_t *out);
/* Reads and checks a footer: cookie, checksum, version, type. */
int vhd_footer_decode(const uint8_t *in, struct vhd_footer *footer);
void vhd_dynamic_header_encode(struct vhd_dynamic_header *header, uint8_t *out);
int vhd_dynamic_header_decode(const uint8_t *in, struct vhd_dynamic_header *header);

/* Creates a fixed or dynamic disk of size bytes at path, which must not
 * exist.  The file appears complete or not at all: it is written under a
 * temporary name and linked into place at the end.  A fixed disk's data
 * area is reserved, not written. */
int vhd_create(const char *path, enum vhd_type type, uint64_t size,
               vhd_progress_func progress, void *context);

/* Reads the footer (and the dynamic header) of the disk at path. */
int vhd_info(const char *path, struct vhd_info *info);

/* Open disks.  A differencing disk opens with its parents (read-only),
 * found through the parent locators: Windows paths are mapped through a
 * Wine prefix's drive letters (options->wine_prefix, else $WINEPREFIX,
 * else ~/.wine).  A disk open for writing is locked against every other
 * opener; one open for reading only against writers. */
struct vhd;

#define VHD_OPEN_READ_ONLY 0x1
#define VHD_OPEN_NO_PARENT 0x2
#define VHD_OPEN_NO_LOCK   0x4   /* read-only: look at a disk another process writes */

struct vhd_open_options
{
    const char *wine_prefix;
};

int vhd_open(const char *path, int flags, const struct vhd_open_options *options,
             struct vhd **vhd);
void vhd_close(struct vhd *vhd);
const struct vhd_footer *vhd_get_footer(const struct vhd *vhd);
const struct vhd_dynamic_header *vhd_get_header(const struct vhd *vhd);
struct vhd *vhd_get_parent(const struct vhd *vhd);
const char *vhd_get_path(const struct vhd *vhd);
uint64_t vhd_get_size(const struct vhd *vhd);

/* Sectors of 512 bytes, through the chain. */
int vhd_read_sectors(struct vhd *vhd, uint64_t sector, uint32_t count, void *data);
int vhd_write_sectors(struct vhd *vhd, uint64_t sector, uint32_t count, const void *data);
int vhd_flush(struct vhd *vhd);
/* Whether the block holding sector has data in this disk itself. */
int vhd_block_allocated(const struct vhd *vhd, uint64_t sector);
uint32_t vhd_block_sectors(const struct vhd *vhd);

/* Creates a differencing disk at path over the disk at parent_path, with
 * W2ku and W2ru locators (Windows paths in the Wine prefix) so the pair
 * also opens on Windows. */
int vhd_create_differencing(const char *path, const char *parent_path,
                            const struct vhd_open_options *options);

/* Points the differencing disk at path to parent_path, which must have the
 * unique ID the child was made from (a moved or copied parent): rewrites
 * the parent locators and name. */
int vhd_set_parent(const char *path, const char *parent_path, const struct vhd_open_options *options);

/* A differencing disk keeps its parent's modification time; a parent
 * written since then (used on its own, or copied) no longer matches what
 * the child recorded over it.  Checks each link of the chain at path
 * from the base up; with fix, records the parents' present times instead
 * (VHD_E_PARENT_MODIFIED otherwise).  *modified, when not NULL, receives
 * the path (malloc()ed) of the first child whose parent changed. */
int vhd_check_parent_times(const char *path, int fix, const struct vhd_open_options *options,
                           char **modified);

/* Writes the logical content of the disk at source_path (through its
 * chain) into a new fixed or dynamic disk at path (convert, merge-to);
 * dynamic disks get only the blocks that hold data.  With keep_identity
 * the new disk keeps the source's unique ID (so its children stay valid). */
int vhd_export(const char *source_path, const char *path, enum vhd_type type, int keep_identity,
               const struct vhd_open_options *options, vhd_progress_func progress, void *context);
/* Drops a dynamic disk's blocks that hold only zeros, through a copy that
 * replaces the original at the end. */
int vhd_compact(const char *path, const struct vhd_open_options *options,
                vhd_progress_func progress, void *context);
/* Writes a differencing disk's sectors into its parent. */
int vhd_merge(const char *path, const struct vhd_open_options *options,
              vhd_progress_func progress, void *context);

/* Paths of a Wine prefix (NULL: $WINEPREFIX, else ~/.wine); malloc()ed,
 * NULL when there is no such path. */
char *vhd_windows_to_unix(const char *path, const char *prefix);
char *vhd_unix_to_windows(const char *path, const char *prefix);
char *vhd_relative_windows_path(const char *from, const char *target);

/* English text for a VHD_E_* value. */
const char *vhd_strerror(int error);

#ifdef __cplusplus
}
#endif

#endif /* VHD_H */
