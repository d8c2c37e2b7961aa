/*
 * vpcengine: the serial and parallel ports of a machine
 *
 * Every machine has two serial ports and one parallel port
 * (hardware/super_io/serial_port[@id=N], parallel_port[@id=0]).  A serial
 * port goes nowhere, to a host port (COMn of the Wine prefix), to a text
 * file (what the guest writes, kept by libvirt's log daemon), or to a
 * named pipe, which on Linux is a Unix socket QEMU listens on.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "engine_private.h"

#define KEY_SERIAL "hardware/super_io/serial_port[@id=%d]/%s"
#define KEY_PARALLEL "hardware/super_io/parallel_port[@id=0]/port_name"

static void serial_key(char *key, size_t size, int id, const char *field)
{
    snprintf(key, size, KEY_SERIAL, id, field);
}

void vpce_serial_port_clear(struct vpce_serial_port *port)
{
    free(port->name);
    memset(port, 0, sizeof(*port));
}

static void read_serial_port(struct vpce_vmc *vmc, int id, struct vpce_serial_port *port)
{
    struct vpce_value value;
    int64_t type = VPCE_SERIAL_NULL;
    char key[128];

    memset(port, 0, sizeof(*port));
    serial_key(key, sizeof(key), id, "port_type");
    if (vpce_vmc_get_integer(vmc, key, &type) || type < VPCE_SERIAL_HOST_PORT || type > VPCE_SERIAL_NULL)
        type = VPCE_SERIAL_NULL;
    port->type = type;
    serial_key(key, sizeof(key), id, "port_name");
    port->name = vpce_vmc_get_string(vmc, key);
    serial_key(key, sizeof(key), id, "connect_immediately");
    if (!vpce_vmc_get(vmc, key, &value)) port->connect_immediately = !!value.integer;
    vpce_value_clear(&value);
}

enum vpce_status vpce_machine_get_serial_port(const struct vpce_machine *machine, int id,
                                              struct vpce_serial_port *port)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;

    memset(port, 0, sizeof(*port));
    if (id < 0 || id >= VPCE_SERIAL_PORTS) return VPCE_E_INVALID_ARG;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    read_serial_port(vmc, id, port);
    vpce_vmc_free(vmc);
    if (!port->name && !(port->name = strdup(""))) return VPCE_E_NOMEM;
    return VPCE_OK;
}

enum vpce_status vpce_machine_configure_serial_port(const struct vpce_machine *machine, int id, int type,
                                                    const char *name, int connect_immediately)
{
    struct vpce_value flag = { VPCE_VALUE_BOOLEAN, !!connect_immediately, NULL };
    struct vpce_serial_port other;
    struct vpce_vmc *vmc;
    enum vpce_status status;
    char key[128];

    if (id < 0 || id >= VPCE_SERIAL_PORTS || type < VPCE_SERIAL_HOST_PORT || type > VPCE_SERIAL_NULL)
        return VPCE_E_INVALID_ARG;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    /* one host port, file or pipe for one serial port of the machine */
    read_serial_port(vmc, !id, &other);
    if (type != VPCE_SERIAL_NULL && (int)other.type == type && other.name && !strcasecmp(other.name, name))
        status = VPCE_E_PREF_ILLEGAL_VALUE;
    vpce_serial_port_clear(&other);
    serial_key(key, sizeof(key), id, "port_type");
    if (!status) status = vpce_vmc_set_integer(vmc, key, type);
    serial_key(key, sizeof(key), id, "port_name");
    if (!status) status = vpce_vmc_set_string(vmc, key, type == VPCE_SERIAL_NULL ? "" : name);
    serial_key(key, sizeof(key), id, "connect_immediately");
    if (!status) status = vpce_vmc_set(vmc, key, &flag);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_get_parallel_port(const struct vpce_machine *machine, char **name)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;

    *name = NULL;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    *name = vpce_vmc_get_string(vmc, KEY_PARALLEL);
    vpce_vmc_free(vmc);
    if (!*name && !(*name = strdup(""))) return VPCE_E_NOMEM;
    return VPCE_OK;
}

/* "LPT1" to "LPT9", or "" for none. */
enum vpce_status vpce_machine_set_parallel_port(const struct vpce_machine *machine, const char *name)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;

    if (*name && (strncasecmp(name, "LPT", 3) || name[3] < '1' || name[3] > '9' || name[4]))
        return VPCE_E_INVALID_ARG;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    status = vpce_vmc_set_string(vmc, KEY_PARALLEL, name);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    vpce_vmc_free(vmc);
    return status;
}

/* The host device behind the prefix's "com1" or "lpt1" link. */
static char *host_port_device(const char *name)
{
    return prefix_device(name, 0);
}

/* A named pipe's Unix socket: \\.\pipe\name in the folder QEMU may create it in. */
char *vpce_serial_pipe_path(const char *domain, const char *name)
{
    const char *base = strrchr(name, '\\');
    char *run = machine_run_dir(), *dir = NULL, *path = NULL, *p;

    base = base ? base + 1 : name;
    /* QEMU, maybe as another user, makes the socket: a sticky folder for all */
    if (!run || asprintf(&dir, "%s/pipes", run) < 0) dir = NULL;
    free(run);
    if (!dir) return NULL;
    mkdir(dir, 01777);
    chmod(dir, 01777);
    if (asprintf(&path, "%s/%s-pipe-%s", dir, domain, base) < 0) path = NULL;
    free(dir);
    for (p = path ? strrchr(path, '/') + 1 : NULL; p && *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.') *p = '_';
    return path;
}

static void add_source(xmlNodePtr port, const char *attribute, const char *value, const char *mode)
{
    xmlNodePtr source = xmlNewChild(port, NULL, BAD_CAST "source", NULL);

    if (mode) xmlSetProp(source, BAD_CAST "mode", BAD_CAST mode);
    xmlSetProp(source, BAD_CAST attribute, BAD_CAST value);
}

static void add_serial_port(xmlNodePtr devices, const char *domain, int id, const struct vpce_serial_port *port)
{
    char *device = NULL, *path = NULL, number[8];
    const char *type = "null";
    xmlNodePtr serial, node;

    if (port->type == VPCE_SERIAL_HOST_PORT && port->name && (device = host_port_device(port->name)))
        type = "dev";
    else if (port->type == VPCE_SERIAL_NAMED_PIPE && port->name && (path = vpce_serial_pipe_path(domain, port->name)))
        type = "unix";
    serial = xmlNewChild(devices, NULL, BAD_CAST "serial", NULL);
    xmlSetProp(serial, BAD_CAST "type", BAD_CAST type);
    if (device) add_source(serial, "path", device, NULL);
    if (path)
    {
        unlink(path);  /* QEMU makes the socket anew */
        add_source(serial, "path", path, "bind");
    }
    if (port->type == VPCE_SERIAL_TEXT_FILE && port->name && *port->name)
    {
        char *file = port->name[0] == '/' ? strdup(port->name) : vhd_windows_to_unix(port->name, vpce_wine_prefix());

        /* libvirt's log daemon writes it, so QEMU's user need not reach it */
        if (file)
        {
            node = xmlNewChild(serial, NULL, BAD_CAST "log", NULL);
            xmlSetProp(node, BAD_CAST "file", BAD_CAST file);
            xmlSetProp(node, BAD_CAST "append", BAD_CAST "off");
        }
        free(file);
    }
    node = xmlNewChild(serial, NULL, BAD_CAST "target", NULL);
    snprintf(number, sizeof(number), "%d", id);
    xmlSetProp(node, BAD_CAST "port", BAD_CAST number);
    free(device);
    free(path);
}

void ports_add_devices(const struct vpce_machine *machine, struct vpce_vmc *vmc, const char *domain,
                       void *devices)
{
    struct vpce_serial_port port;
    char *name, *device;
    xmlNodePtr parallel;
    int id;

    for (id = 0; id < VPCE_SERIAL_PORTS; id++)
    {
        read_serial_port(vmc, id, &port);
        add_serial_port(devices, domain, id, &port);
        vpce_serial_port_clear(&port);
    }
    if ((name = vpce_vmc_get_string(vmc, KEY_PARALLEL)) && *name && (device = host_port_device(name)))
    {
        parallel = xmlNewChild(devices, NULL, BAD_CAST "parallel", NULL);
        xmlSetProp(parallel, BAD_CAST "type", BAD_CAST "dev");
        add_source(parallel, "path", device, NULL);
        free(device);
    }
    free(name);
}
