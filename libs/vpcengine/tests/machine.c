/*
 * Unit tests of .vmc files, the registry of machines, and a machine's
 * lifecycle on the real libvirt and QEMU (skipped without libvirt)
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

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vpcengine.h"
#include "vhd.h"
#include "unittest.h"

static char tmpdir[] = "/tmp/vpcengine-machine-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char path[4][600];
    static int next;
    char *ret = path[next++ % 4];

    snprintf(ret, sizeof(path[0]), "%s/%s", tmpdir, name);
    return ret;
}

static void test_vmc(void)
{
    static const char tricky[] = "<notes> & \"quotes\" 'apostrophes' \xc3\xa9t\xc3\xa9 \xe2\x82\xac";
    struct vpce_value value;
    struct vpce_vmc *vmc;
    unsigned char bom[2];
    int64_t integer = 0;
    char *text;
    FILE *f;

    CHECK(vpce_vmc_new(&vmc) == VPCE_OK, "new\n");
    CHECK(vpce_vmc_get_integer(vmc, "hardware/memory/ram_size", &integer) == VPCE_OK && integer == 128,
          "default memory %lld\n", (long long)integer);
    CHECK(vpce_vmc_set_integer(vmc, "hardware/memory/ram_size", 64) == VPCE_OK, "set\n");
    CHECK(vpce_vmc_set_string(vmc, "settings/notes", tricky) == VPCE_OK, "set notes\n");
    CHECK(vpce_vmc_set_string(vmc, "hardware/pci_bus/ide_adapter/ide_controller[@id=0]/location[@id=1]/pathname/absolute",
                              "C:\\a.vhd") == VPCE_OK, "set with ids\n");
    CHECK(vpce_vmc_set_string(vmc, "hardware/pci_bus/ide_adapter/ide_controller[@id=\"1\"]/location[@id=0]/x",
                              "second") == VPCE_OK, "set with quoted id\n");
    CHECK(vpce_vmc_get(vmc, "no/such/key", &value) == VPCE_E_PREF_NOT_FOUND, "missing key\n");
    CHECK(vpce_vmc_get(vmc, "", &value) == VPCE_E_INVALID_ARG, "empty key\n");
    CHECK(vpce_vmc_get(vmc, "hardware[@id=", &value) == VPCE_E_INVALID_ARG, "bad key\n");
    CHECK(vpce_vmc_save(vmc, tmp_path("a.vmc")) == VPCE_OK, "save\n");
    vpce_vmc_free(vmc);

    f = fopen(tmp_path("a.vmc"), "rb");
    CHECK(f && fread(bom, 1, 2, f) == 2 && bom[0] == 0xff && bom[1] == 0xfe, "UTF-16LE with a BOM\n");
    if (f) fclose(f);

    CHECK(vpce_vmc_load(tmp_path("a.vmc"), &vmc) == VPCE_OK, "load\n");
    CHECK(vpce_vmc_get_integer(vmc, "hardware/memory/ram_size", &integer) == VPCE_OK && integer == 64,
          "memory %lld\n", (long long)integer);
    text = vpce_vmc_get_string(vmc, "settings/notes");
    CHECK(text && !strcmp(text, tricky), "notes %s\n", text);
    free(text);
    text = vpce_vmc_get_string(vmc, "hardware/pci_bus/ide_adapter/ide_controller[@id=0]/location[@id=1]/pathname/absolute");
    CHECK(text && !strcmp(text, "C:\\a.vhd"), "path %s\n", text);
    free(text);
    text = vpce_vmc_get_string(vmc, "hardware/pci_bus/ide_adapter/ide_controller[@id=1]/location[@id=0]/x");
    CHECK(text && !strcmp(text, "second"), "second %s\n", text);
    free(text);
    CHECK(vpce_vmc_remove(vmc, "settings/notes") == VPCE_OK, "remove\n");
    CHECK(vpce_vmc_remove(vmc, "settings/notes") == VPCE_E_PREF_NOT_FOUND, "remove twice\n");
    vpce_vmc_free(vmc);

    /* as Windows writes it: UTF-16LE, BOM, CRLF, elements this code does not know */
    f = fopen(tmp_path("windows.vmc"), "wb");
    if (f)
    {
        static const char xml[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<preferences>\r\n"
            "  <version type=\"string\">2.0</version>\r\n  <unknown_section><x type=\"integer\">7</x></unknown_section>\r\n"
            "  <hardware><memory><ram_size type=\"integer\">512</ram_size></memory></hardware>\r\n</preferences>\r\n";
        const char *p;
        fputc(0xff, f);
        fputc(0xfe, f);
        for (p = xml; *p; p++)
        {
            fputc(*p, f);
            fputc(0, f);
        }
        fclose(f);
    }
    CHECK(vpce_vmc_load(tmp_path("windows.vmc"), &vmc) == VPCE_OK, "load a Windows file\n");
    CHECK(vpce_vmc_get_integer(vmc, "hardware/memory/ram_size", &integer) == VPCE_OK && integer == 512,
          "memory %lld\n", (long long)integer);
    vpce_vmc_set_integer(vmc, "hardware/memory/ram_size", 256);
    vpce_vmc_save(vmc, tmp_path("windows.vmc"));
    vpce_vmc_free(vmc);
    CHECK(vpce_vmc_load(tmp_path("windows.vmc"), &vmc) == VPCE_OK, "load again\n");
    CHECK(vpce_vmc_get_integer(vmc, "unknown_section/x", &integer) == VPCE_OK && integer == 7,
          "unknown elements are kept\n");
    vpce_vmc_free(vmc);

    f = fopen(tmp_path("junk.vmc"), "w");
    if (f) { fputs("<html>not a vmc</html>", f); fclose(f); }
    CHECK(vpce_vmc_load(tmp_path("junk.vmc"), &vmc) == VPCE_E_PREF_ILLEGAL_VALUE, "junk\n");
    CHECK(vpce_vmc_load(tmp_path("none.vmc"), &vmc) == VPCE_E_FILE_NOT_FOUND, "missing file\n");
}

static void test_registry(void)
{
    char **paths, *path;
    int count;

    CHECK(vpce_machines_init(tmp_path("registry"), "test") == VPCE_OK, "init\n");
    CHECK(vpce_machines_list(&paths, &count) == VPCE_OK && count == 0, "empty\n");
    vpce_machines_list_free(paths, count);
    CHECK(vpce_machines_add(tmp_path("One.vmc")) == VPCE_OK, "add\n");
    CHECK(vpce_machines_add(tmp_path("Two.vmc")) == VPCE_OK, "add\n");
    CHECK(vpce_machines_add(tmp_path("One.vmc")) == VPCE_E_ALREADY_EXISTS, "same file\n");
    CHECK(vpce_machines_add(tmp_path("sub/ONE.vmc")) == VPCE_E_CONFIG_DUPLICATE_NAME, "same name\n");
    CHECK(vpce_machines_find("one", &path) == VPCE_OK && !strcmp(path, tmp_path("One.vmc")),
          "find without case\n");
    free(path);
    CHECK(vpce_machines_find("three", &path) == VPCE_E_VM_UNKNOWN && !path, "unknown\n");
    CHECK(vpce_machines_remove(tmp_path("One.vmc")) == VPCE_OK, "remove\n");
    CHECK(vpce_machines_remove(tmp_path("One.vmc")) == VPCE_E_VM_UNKNOWN, "remove twice\n");
    CHECK(vpce_machines_list(&paths, &count) == VPCE_OK && count == 1, "count %d\n", count);
    vpce_machines_list_free(paths, count);
    vpce_machines_remove(tmp_path("Two.vmc"));

    CHECK(vpce_machine_check_name("") == VPCE_E_CONFIG_NO_NAME, "empty name\n");
    CHECK(vpce_machine_check_name("a:b") == VPCE_E_CONFIG_NAME_INVALID_CHAR, "colon\n");
    CHECK(vpce_machine_check_name("0123456789012345678901234567890123456789012345678901234567890123456789012345678901")
          == VPCE_E_CONFIG_NAME_TOO_LONG, "81 characters\n");
    CHECK(vpce_machine_check_name("Windows XP & <friends>") == VPCE_E_CONFIG_NAME_INVALID_CHAR, "<>\n");
    CHECK(vpce_machine_check_name("Windows XP & friends") == VPCE_OK, "&\n");
}

static enum vpce_vm_state state_of(struct vpce_machine *machine)
{
    enum vpce_vm_state state = VPCE_VM_INVALID;
    vpce_machine_get_state(machine, &state);
    return state;
}

static enum vpce_task_result run(enum vpce_status (*op)(const char *, const struct vpce_machine *,
                                                         struct vpce_task **),
                                 struct vpce_machine *machine, const char *what)
{
    struct vpce_task_state state = { 0 };
    struct vpce_task *task;
    enum vpce_status status = op(what, machine, &task);
    char *text;

    CHECK(status == VPCE_OK, "%s: %s\n", what, vpce_strerror(status));
    if (status) return -1;
    vpce_task_wait(task, -1);
    vpce_task_get_state(task, &state);
    text = vpce_task_error_text(task);
    CHECK(state.result == VPCE_TASK_SUCCESS, "%s: result %d, %s\n", what, state.result, text);
    free(text);
    vpce_task_unref(task);
    return state.result;
}

static void test_lifecycle(void)
{
    struct vpce_machine *machine;
    struct vpce_task *task;
    virConnectPtr conn;
    char *saved;
    struct stat st;

    if (!(conn = virConnectOpen(NULL)))
    {
        SKIP("no libvirt connection: %s\n", virGetLastErrorMessage());
        return;
    }
    virConnectClose(conn);

    CHECK(vpce_machine_create_file(tmp_path("Life & <Death>.vmc"), 64) == VPCE_OK, "create\n");
    CHECK(vpce_machine_open(tmp_path("Life & <Death>.vmc"), &machine) == VPCE_OK, "open\n");
    CHECK(!strcmp(vpce_machine_name(machine), "Life & <Death>"), "name %s\n", vpce_machine_name(machine));
    CHECK(state_of(machine) == VPCE_VM_TURNED_OFF, "state %d\n", state_of(machine));
    CHECK(vpce_machine_turn_off("", machine, &task) == VPCE_E_VM_NOT_RUNNING, "turn off when off\n");
    CHECK(vpce_machine_pause(machine) == VPCE_E_VM_NOT_RUNNING, "pause when off\n");

    if (run(vpce_machine_startup, machine, "startup")) goto done;
    CHECK(state_of(machine) == VPCE_VM_RUNNING, "after startup %d\n", state_of(machine));
    CHECK(vpce_machine_startup("", machine, &task) == VPCE_E_VM_RUNNING, "startup when running\n");
    CHECK(vpce_machine_pause(machine) == VPCE_OK, "pause\n");
    CHECK(state_of(machine) == VPCE_VM_PAUSED, "after pause %d\n", state_of(machine));
    CHECK(vpce_machine_pause(machine) == VPCE_E_VM_PAUSED, "pause twice\n");
    CHECK(vpce_machine_resume(machine) == VPCE_OK, "resume\n");
    CHECK(state_of(machine) == VPCE_VM_RUNNING, "after resume %d\n", state_of(machine));
    run(vpce_machine_reset, machine, "reset");
    CHECK(state_of(machine) == VPCE_VM_RUNNING, "after reset %d\n", state_of(machine));

    run(vpce_machine_save, machine, "save");
    saved = vpce_machine_saved_state_path(machine);
    CHECK(state_of(machine) == VPCE_VM_SAVED, "after save %d\n", state_of(machine));
    CHECK(!stat(saved, &st) && st.st_size > 0, "the saved state file %s\n", saved);
    run(vpce_machine_startup, machine, "restore");
    CHECK(state_of(machine) == VPCE_VM_RUNNING, "after restore %d\n", state_of(machine));
    CHECK(stat(saved, &st), "the saved state stays after the restore\n");

    run(vpce_machine_turn_off, machine, "turn off");
    CHECK(state_of(machine) == VPCE_VM_TURNED_OFF, "after turn off %d\n", state_of(machine));
    CHECK(vpce_machine_discard_saved_state(machine) == VPCE_E_VM_NO_SAVED_STATE, "discard\n");
    free(saved);
done:
    vpce_machine_close(machine);
}

/* Drive connections in the .vmc, and a machine folder moved with its disks. */
static void test_drives(void)
{
    struct vpce_machine *machine;
    struct vpce_drive drive;
    char *moved_vmc, *disk_path;
    enum vpce_status status;

    mkdir(tmp_path("drives"), 0755);
    CHECK(vpce_machine_create_file(tmp_path("drives/Drives.vmc"), 64) == VPCE_OK, "create\n");
    CHECK(!vhd_create(tmp_path("drives/disk.vhd"), VHD_TYPE_DYNAMIC, 16 << 20, NULL, NULL), "disk\n");
    CHECK(vpce_machine_open(tmp_path("drives/Drives.vmc"), &machine) == VPCE_OK, "open\n");

    status = vpce_machine_get_drive(machine, 0, 0, VPCE_DRIVE_NONE, &drive);
    CHECK(status == VPCE_E_DRIVE_INVALID, "empty location: %d\n", status);
    status = vpce_machine_add_hard_disk(machine, tmp_path("drives/disk.vhd"), 2, 0);
    CHECK(status == VPCE_E_INVALID_ARG, "bus 2: %d\n", status);
    status = vpce_machine_add_hard_disk(machine, tmp_path("drives/none.vhd"), 0, 1);
    CHECK(status == VPCE_E_FILE_NOT_FOUND, "missing disk: %d\n", status);
    status = vpce_machine_add_hard_disk(machine, tmp_path("drives/Drives.vmc"), 0, 1);
    CHECK(status == VPCE_E_INVALID_HD_FILE, "not a disk: %d\n", status);
    status = vpce_machine_add_hard_disk(machine, tmp_path("drives/disk.vhd"), 0, 1);
    CHECK(status == VPCE_OK, "add: %d\n", status);
    status = vpce_machine_add_hard_disk(machine, tmp_path("drives/disk.vhd"), 1, 0);
    CHECK(status == VPCE_E_SHARING_VIOLATION, "the same disk twice: %d\n", status);
    status = vpce_machine_get_drive(machine, 0, 1, VPCE_DRIVE_DVD, &drive);
    CHECK(status == VPCE_E_DRIVE_INVALID, "not a DVD drive: %d\n", status);
    status = vpce_machine_move_drive(machine, 0, 1, VPCE_DRIVE_HARD_DISK, 1, 1);
    CHECK(status == VPCE_OK, "move: %d\n", status);
    vpce_machine_close(machine);

    /* the folder moves: the relative path finds the disk */
    CHECK(!rename(tmp_path("drives"), tmp_path("moved")), "rename\n");
    moved_vmc = strdup(tmp_path("moved/Drives.vmc"));
    disk_path = strdup(tmp_path("moved/disk.vhd"));
    CHECK(vpce_machine_open(moved_vmc, &machine) == VPCE_OK, "open moved\n");
    status = vpce_machine_get_drive(machine, 1, 1, VPCE_DRIVE_HARD_DISK, &drive);
    CHECK(status == VPCE_OK && drive.path && !strcmp(drive.path, disk_path) && !drive.undo_path,
          "moved disk: %d %s\n", status, drive.path);
    vpce_drive_clear(&drive);
    status = vpce_machine_remove_drive(machine, 1, 1, VPCE_DRIVE_HARD_DISK);
    CHECK(status == VPCE_OK, "remove: %d\n", status);
    status = vpce_machine_remove_drive(machine, 1, 1, VPCE_DRIVE_HARD_DISK);
    CHECK(status == VPCE_E_DRIVE_INVALID, "remove twice: %d\n", status);
    vpce_machine_close(machine);
    free(moved_vmc);
    free(disk_path);
}

static void write_attribute(const char *device, const char *name, const char *value)
{
    char path[700];
    FILE *file;

    snprintf(path, sizeof(path), "%s/sys/bus/usb/devices/%s/%s", tmpdir, device, name);
    if ((file = fopen(path, "w")))
    {
        fprintf(file, "%s\n", value);
        fclose(file);
    }
}

/* USB devices from a copy of sysfs: root hubs and interfaces left out. */
static void test_usb(void)
{
    static const char *const entries[] = { "usb1", "1-1", "1-1:1.0", "1-1.4" };
    struct vpce_usb_device *devices;
    struct vpce_machine *machine;
    char path[700];
    int count, i;

    for (i = 0; i < 4; i++)
    {
        snprintf(path, sizeof(path), "mkdir -p '%s/sys/bus/usb/devices/%s'", tmpdir, entries[i]);
        CHECK(!system(path), "mkdir\n");
        write_attribute(entries[i], "busnum", "1");
    }
    write_attribute("usb1", "devnum", "1");
    write_attribute("1-1", "devnum", "2");
    write_attribute("1-1", "bDeviceClass", "09");
    write_attribute("1-1.4", "devnum", "5");
    write_attribute("1-1.4", "bDeviceClass", "08");
    write_attribute("1-1.4", "manufacturer", "Maker & Co");
    write_attribute("1-1.4", "product", "Stick");
    snprintf(path, sizeof(path), "%s/sys", tmpdir);
    setenv("VPC_SYSFS", path, 1);

    CHECK(vpce_usb_devices(&devices, &count) == VPCE_OK, "enumerate\n");
    CHECK(count == 2, "%d devices\n", count);
    for (i = 0; i < count; i++)
    {
        if (strcmp(devices[i].id, "1-1.4")) continue;
        CHECK(devices[i].bus == 1 && devices[i].address == 5 && devices[i].port == 4, "numbers %d %d %d\n",
              devices[i].bus, devices[i].address, devices[i].port);
        CHECK(devices[i].device_class == 8, "class %d\n", devices[i].device_class);
        CHECK(devices[i].manufacturer && !strcmp(devices[i].manufacturer, "Maker & Co"), "manufacturer\n");
        CHECK(devices[i].product && !strcmp(devices[i].product, "Stick"), "product\n");
        CHECK(vpce_machine_create_file(tmp_path("usb.vmc"), 64) == VPCE_OK, "create\n");
        CHECK(vpce_machine_open(tmp_path("usb.vmc"), &machine) == VPCE_OK, "open\n");
        CHECK(vpce_machine_attach_usb(machine, &devices[i]) == VPCE_E_VM_NOT_RUNNING, "attach when off\n");
        vpce_machine_close(machine);
    }
    vpce_usb_devices_free(devices, count);
    unsetenv("VPC_SYSFS");
}

int main(void)
{
    char command[100];

    if (!mkdtemp(tmpdir)) return 1;
    chmod(tmpdir, 0755);
    test_vmc();
    test_registry();
    test_drives();
    test_usb();
    test_lifecycle();
    snprintf(command, sizeof(command), "rm -rf '%s'", tmpdir);
    if (system(command)) return 1;
    return unit_summary("machine");
}
