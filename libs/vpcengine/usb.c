/*
 * vpcengine: the host's USB devices, and giving them to running machines
 *
 * Devices are read from sysfs (VPC_SYSFS, for a copy of it, else /sys);
 * a device is given to a machine as a libvirt <hostdev> by bus and device
 * number, while it runs.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "engine_private.h"

static const char *sysfs(void)
{
    const char *root = getenv("VPC_SYSFS");
    return root && *root ? root : "/sys";
}

/* One line of a device's sysfs attribute, without its newline. */
static char *attribute(const char *device, const char *name)
{
    char *path = NULL, line[256], *ret = NULL;
    FILE *file;

    if (asprintf(&path, "%s/bus/usb/devices/%s/%s", sysfs(), device, name) < 0) return NULL;
    if ((file = fopen(path, "r")))
    {
        if (fgets(line, sizeof(line), file))
        {
            line[strcspn(line, "\n")] = 0;
            ret = strdup(line);
        }
        fclose(file);
    }
    free(path);
    return ret;
}

static int number_attribute(const char *device, const char *name, int base)
{
    char *text = attribute(device, name);
    int ret = text ? (int)strtol(text, NULL, base) : -1;

    free(text);
    return ret;
}

/* "1-1.2": bus 1, port 2 of a hub on port 1; "usb1" is a root hub, "1-1:1.0" an interface. */
static int is_device(const char *name)
{
    return name[0] != '.' && strncmp(name, "usb", 3) && !strchr(name, ':');
}

static int last_port(const char *name)
{
    const char *p = name + strlen(name);

    while (p > name && p[-1] >= '0' && p[-1] <= '9') p--;
    return atoi(p);
}

static int read_device(const char *name, struct vpce_usb_device *device)
{
    memset(device, 0, sizeof(*device));
    if ((device->bus = number_attribute(name, "busnum", 10)) < 0
            || (device->address = number_attribute(name, "devnum", 10)) < 0)
        return 0;
    device->id = strdup(name);
    device->port = last_port(name);
    device->device_class = number_attribute(name, "bDeviceClass", 16);
    if (device->device_class < 0) device->device_class = 0;
    device->manufacturer = attribute(name, "manufacturer");
    device->product = attribute(name, "product");
    return device->id != NULL;
}

void vpce_usb_devices_free(struct vpce_usb_device *devices, int count)
{
    int i;

    for (i = 0; i < count; i++)
    {
        free(devices[i].id);
        free(devices[i].manufacturer);
        free(devices[i].product);
    }
    free(devices);
}

enum vpce_status vpce_usb_devices(struct vpce_usb_device **devices, int *count)
{
    struct vpce_usb_device *list = NULL, *grown;
    struct dirent *entry;
    char *path = NULL;
    DIR *dir;

    *devices = NULL;
    *count = 0;
    if (asprintf(&path, "%s/bus/usb/devices", sysfs()) < 0) return VPCE_E_NOMEM;
    dir = opendir(path);
    free(path);
    /* a host without USB has no devices */
    if (!dir) return VPCE_OK;
    while ((entry = readdir(dir)))
    {
        if (!is_device(entry->d_name)) continue;
        if (!(grown = realloc(list, (*count + 1) * sizeof(*list)))) break;
        list = grown;
        if (read_device(entry->d_name, &list[*count])) (*count)++;
    }
    closedir(dir);
    *devices = list;
    return VPCE_OK;
}

/* The <hostdev> of a device, by its bus and address. */
static char *hostdev_xml(const struct vpce_usb_device *device)
{
    char *xml = NULL;

    if (asprintf(&xml, "<hostdev mode='subsystem' type='usb' managed='no'><source>"
                 "<address bus='%d' device='%d'/></source></hostdev>", device->bus, device->address) < 0)
        return NULL;
    return xml;
}

/* Whether a domain's XML gives it that device. */
static int domain_has(virDomainPtr domain, const struct vpce_usb_device *device)
{
    char *xml = virDomainGetXMLDesc(domain, 0), needle[64];
    int ret;

    snprintf(needle, sizeof(needle), "<address bus='%d' device='%d'/>", device->bus, device->address);
    ret = xml && strstr(xml, needle) != NULL;
    free(xml);
    return ret;
}

char *vpce_usb_device_owner(const struct vpce_usb_device *device)
{
    virConnectPtr conn;
    virDomainPtr *domains = NULL;
    char *owner = NULL;
    int count, i;

    if (machine_connection((void **)&conn)) return NULL;
    count = virConnectListAllDomains(conn, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    for (i = 0; i < count; i++)
    {
        /* its description is the machine's .vmc */
        if (!owner && machine_domain_is_ours(virDomainGetName(domains[i])) && domain_has(domains[i], device))
            owner = virDomainGetMetadata(domains[i], VIR_DOMAIN_METADATA_DESCRIPTION, NULL, 0);
        virDomainFree(domains[i]);
    }
    free(domains);
    virConnectClose(conn);
    return owner;
}

static enum vpce_status change_device(const struct vpce_machine *machine, const struct vpce_usb_device *device,
                                      int attach)
{
    enum vpce_status status = VPCE_OK;
    virConnectPtr conn;
    virDomainPtr domain;
    char *xml, *owner;

    if (machine_connection((void **)&conn)) return VPCE_E_VM_NOT_RUNNING;
    if (!(domain = machine_domain(conn, machine))) status = VPCE_E_VM_NOT_RUNNING;
    else if (attach && (owner = vpce_usb_device_owner(device)))
    {
        status = VPCE_E_USB_ATTACH_FAILED_ALREADY_ASSIGNED;
        free(owner);
    }
    else if (!attach && !domain_has(domain, device)) status = VPCE_E_USB_DETACH_FAILED;
    else if (!(xml = hostdev_xml(device))) status = VPCE_E_NOMEM;
    else
    {
        if ((attach ? virDomainAttachDevice(domain, xml) : virDomainDetachDevice(domain, xml)) < 0)
            status = attach ? VPCE_E_USB_ATTACH_FAILED : VPCE_E_USB_DETACH_FAILED;
        free(xml);
    }
    if (domain) virDomainFree(domain);
    virConnectClose(conn);
    return status;
}

enum vpce_status vpce_machine_attach_usb(const struct vpce_machine *machine, const struct vpce_usb_device *device)
{
    return change_device(machine, device, 1);
}

enum vpce_status vpce_machine_detach_usb(const struct vpce_machine *machine, const struct vpce_usb_device *device)
{
    return change_device(machine, device, 0);
}
