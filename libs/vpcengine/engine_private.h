/*
 * vpcengine: what the engine's files share
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef ENGINE_PRIVATE_H
#define ENGINE_PRIVATE_H

#include <sys/stat.h>

#include "vpcengine.h"
#include "vhd.h"

#define KEY_IDE "hardware/pci_bus/ide_adapter/ide_controller[@id=%d]/location[@id=%d]"
#define KEY_UNDOABLE "settings/undo_drives/enabled"
#define GUEST_AGENT_PORT "org.qemu.guest_agent.0"
#define KEY_UNDO_ACTION "settings/undo_drives/default_action"

static inline int file_exists(const char *path)
{
    struct stat st;
    return path && !stat(path, &st);
}

struct vpce_machine
{
    char *path;     /* the .vmc */
    char *name;
};

/* machine.c: the folder of the disk servers' sockets, /tmp/vpccom-<uid> */
char *machine_run_dir(void);

/* drive.c: the device behind an entry of the Wine prefix's dosdevices
 * ("d::", "com1"; any case), if it is a block (or else character) device */
char *prefix_device(const char *entry, int block);

/* machine.c: the machine's .vmc (a file that is gone: VPCE_E_VM_UNKNOWN) */
enum vpce_status machine_load_vmc(const struct vpce_machine *machine, struct vpce_vmc **vmc);

/* disk.c: libvhd's options and progress, for work inside a task */
struct vhd_open_options *vpce_vhd_options(struct vhd_open_options *options);
int vpce_vhd_progress(void *task, int percent);

/* drive.c: a location's drive as the .vmc describes it */
enum vpce_status drive_read(const struct vpce_machine *machine, struct vpce_vmc *vmc, int bus,
                            int device, struct vpce_drive *drive);
/* The disk a hard disk location serves: its undo disk when the machine
 * is undoable (made now if it has none), else the disk itself, after the
 * parent time stamps of its chain are checked (or, with fix, renewed). */
enum vpce_status drive_prepare(struct vpce_task *task, const struct vpce_machine *machine,
                               struct vpce_vmc *vmc, int bus, int device, int fix_parent_times,
                               char **served);
/* machine.c: a DVD drive's new media reaches the machine if it runs */
enum vpce_status machine_media_changed(const struct vpce_machine *machine, struct vpce_vmc *vmc,
                                       int bus, int device);

/* network.c: the machine's network adapters, as <interface> elements of
 * its libvirt domain (devices is the domain's <devices>; a libxml2 node) */
void network_add_devices(const struct vpce_machine *machine, struct vpce_vmc *vmc, void *devices);

/* machine.c: libvirt for the other files (virConnectPtr, virDomainPtr) */
enum vpce_status machine_connection(void **conn);
void *machine_domain(void *conn, const struct vpce_machine *machine);
int machine_domain_is_ours(const char *name);
/* The domain of a machine that runs (or, with allow_paused, is paused by
 * Pause) and its connection, released with machine_release_domain;
 * VPCE_E_VM_PAUSED or VPCE_E_VM_NOT_RUNNING otherwise. */
enum vpce_status machine_running_domain(const struct vpce_machine *machine, int allow_paused, void **conn,
                                        void **domain);
void machine_release_domain(void *conn, void *domain);

/* ports.c: the serial and parallel ports, as elements of the domain */
void ports_add_devices(const struct vpce_machine *machine, struct vpce_vmc *vmc, const char *domain,
                       void *devices);

/* After the machine stops: keeps, discards or commits its undo disks as
 * its UndoAction says. */
void drives_machine_stopped(struct vpce_task *task, const struct vpce_machine *machine);

/* events.c: this process's own events, for the subscribers (if any) */
void events_emit(const struct vpce_event *event);
void events_emit_machine(const struct vpce_machine *machine, enum vpce_event_kind kind,
                         enum vpce_vm_state state, int bus, int device, const char *media);

#endif /* ENGINE_PRIVATE_H */
