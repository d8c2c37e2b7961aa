/*
 * vpcengine: network adapters and virtual networks
 *
 * A machine's adapters are the .vmc's hardware/pci_bus/ethernet_adapter
 * /ethernet_controller[@id=N] (N from 0 to 3): an ethernet_card_address
 * (12 hex digits) and the virtual_network it is plugged into (id and name);
 * no virtual_network means not connected.  Virtual PC keeps no flag for a
 * dynamic address that we know of, so ours is dynamic_ethernet_card_address,
 * true when absent (the documented default) so that .vmc files written by
 * Windows keep the address they have.
 *
 * Virtual networks are what the host offers:
 *   - "Shared Networking (NAT)": QEMU's user networking (slirp), which needs
 *     no privilege and no host set-up, under qemu:///system and session;
 *   - "Internal Network": a multicast socket shared by the machines of the
 *     host; like the user network it works unprivileged and as root, where
 *     an isolated libvirt network would need root and a network definition;
 *   - every active libvirt network, and every host bridge that is not one
 *     of theirs, as networks on a host adapter.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/tree.h>

#include "engine_private.h"

#define KEY_ADAPTERS "hardware/pci_bus/ethernet_adapter"
#define KEY_ADAPTER  KEY_ADAPTERS "/ethernet_controller[@id=%d]"

/* the internal network's multicast group: administratively scoped, and
 * sent with a TTL of 1, so it stays on the host's own segment */
#define INTERNAL_GROUP "239.255.86.80"
#define INTERNAL_PORT  "5186"
/* guests find their adapters at the same PCI slots whatever was removed */
#define FIRST_PCI_SLOT 0x0a

enum adapter_field { FIELD_ADDRESS, FIELD_DYNAMIC, FIELD_NETWORK_ID, FIELD_NETWORK_NAME, FIELD_NETWORK };

static const char *const field_names[] =
{
    "ethernet_card_address", "dynamic_ethernet_card_address", "virtual_network/id",
    "virtual_network/name", "virtual_network",
};

static void field_key(char *key, size_t size, int id, enum adapter_field field)
{
    snprintf(key, size, KEY_ADAPTER "/%s", id, field_names[field]);
}

static char *get_field(struct vpce_vmc *vmc, int id, enum adapter_field field)
{
    char key[160];

    field_key(key, sizeof(key), id, field);
    return vpce_vmc_get_string(vmc, key);
}

static enum vpce_status set_bytes(struct vpce_vmc *vmc, int id, enum adapter_field field, const char *hex)
{
    struct vpce_value value = { VPCE_VALUE_BYTES, 0, (char *)hex };
    char key[160];

    field_key(key, sizeof(key), id, field);
    return vpce_vmc_set(vmc, key, &value);
}

/* ---- virtual networks ----------------------------------------------- */

static void copy_string(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

static void upper_hex(char *text)
{
    for (; *text; text++) *text = toupper((unsigned char)*text);
}

static struct vpce_network *append(struct vpce_network **list, int *count)
{
    struct vpce_network *grown = realloc(*list, (*count + 1) * sizeof(**list));

    if (!grown) return NULL;
    *list = grown;
    memset(&grown[*count], 0, sizeof(**list));
    return &grown[(*count)++];
}

/* A stable identifier for a bridge, which has no UUID of its own. */
static void bridge_id(const char *name, char id[33])
{
    uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
    const char *p;

    for (p = name; *p; p++)
    {
        h1 = (h1 ^ (unsigned char)*p) * 0x100000001b3ULL;
        h2 = (h2 ^ (unsigned char)*p) * 0x100000001b3ULL;
    }
    snprintf(id, 33, "%016llX%016llX", (unsigned long long)h1, (unsigned long long)h2);
}

static int is_listed_bridge(const struct vpce_network *list, int count, const char *name)
{
    int i;

    for (i = 0; i < count; i++)
        if (list[i].kind == VPCE_NETWORK_LIBVIRT && !strcmp(list[i].host_adapter, name)) return 1;
    return 0;
}

static enum vpce_status add_libvirt_networks(struct vpce_network **list, int *count)
{
    virNetworkPtr *networks = NULL;
    struct vpce_network *net;
    char uuid[VIR_UUID_STRING_BUFLEN], *bridge, *src, *dst;
    virConnectPtr conn;
    int n, i;

    /* without libvirt there are still the networks QEMU makes itself */
    if (machine_connection((void **)&conn)) return VPCE_OK;
    n = virConnectListAllNetworks(conn, &networks, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
    for (i = 0; i < n; i++)
    {
        if ((net = append(list, count)))
        {
            net->kind = VPCE_NETWORK_LIBVIRT;
            copy_string(net->name, sizeof(net->name), virNetworkGetName(networks[i]));
            copy_string(net->source, sizeof(net->source), net->name);
            if (!virNetworkGetUUIDString(networks[i], uuid))
            {
                for (src = uuid, dst = net->id; *src && dst < net->id + 32; src++)
                    if (*src != '-') *dst++ = toupper((unsigned char)*src);
            }
            if ((bridge = virNetworkGetBridgeName(networks[i])))
                copy_string(net->host_adapter, sizeof(net->host_adapter), bridge);
            free(bridge);
        }
        virNetworkFree(networks[i]);
    }
    free(networks);
    virConnectClose(conn);
    return VPCE_OK;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Host bridges: the interfaces with a /sys/class/net/NAME/bridge folder. */
static enum vpce_status add_bridges(struct vpce_network **list, int *count)
{
    char path[300], *names[256];
    struct vpce_network *net;
    struct dirent *entry;
    struct stat st;
    int found = 0, i;
    DIR *dir;

    if (!(dir = opendir("/sys/class/net"))) return VPCE_OK;
    while ((entry = readdir(dir)) && found < 256)
    {
        if (entry->d_name[0] == '.') continue;
        snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", entry->d_name);
        if (!stat(path, &st) && S_ISDIR(st.st_mode) && !is_listed_bridge(*list, *count, entry->d_name))
            if ((names[found] = strdup(entry->d_name))) found++;
    }
    closedir(dir);
    qsort(names, found, sizeof(names[0]), compare_names);
    for (i = 0; i < found; i++)
    {
        if ((net = append(list, count)))
        {
            net->kind = VPCE_NETWORK_BRIDGE;
            copy_string(net->name, sizeof(net->name), names[i]);
            copy_string(net->host_adapter, sizeof(net->host_adapter), names[i]);
            copy_string(net->source, sizeof(net->source), names[i]);
            bridge_id(names[i], net->id);
        }
        free(names[i]);
    }
    return VPCE_OK;
}

enum vpce_status vpce_networks_list(struct vpce_network **networks, int *count)
{
    struct vpce_network *list = NULL, *net;
    int n = 0;

    *networks = NULL;
    *count = 0;
    if (!(net = append(&list, &n))) return VPCE_E_NOMEM;
    net->kind = VPCE_NETWORK_NAT;
    copy_string(net->id, sizeof(net->id), VPCE_NETWORK_ID_NAT);
    copy_string(net->name, sizeof(net->name), VPCE_NETWORK_NAME_NAT);
    if (!(net = append(&list, &n)))
    {
        free(list);
        return VPCE_E_NOMEM;
    }
    net->kind = VPCE_NETWORK_INTERNAL;
    copy_string(net->id, sizeof(net->id), VPCE_NETWORK_ID_INTERNAL);
    copy_string(net->name, sizeof(net->name), VPCE_NETWORK_NAME_INTERNAL);
    add_libvirt_networks(&list, &n);
    add_bridges(&list, &n);
    *networks = list;
    *count = n;
    return VPCE_OK;
}

int vpce_network_index(const struct vpce_network *networks, int count, const char *id, const char *name)
{
    int i;

    if (id && *id)
        for (i = 0; i < count; i++) if (!strcasecmp(networks[i].id, id)) return i;
    if (!name || !*name) return -1;
    /* Virtual PC 2007 called the internal network "Local only" */
    if (!strcasecmp(name, "Local only")) name = VPCE_NETWORK_NAME_INTERNAL;
    for (i = 0; i < count; i++) if (!strcasecmp(networks[i].name, name)) return i;
    return -1;
}

enum vpce_status vpce_network_find(const char *name, struct vpce_network *network)
{
    struct vpce_network *list;
    enum vpce_status status;
    int count, i;

    if ((status = vpce_networks_list(&list, &count))) return status;
    i = vpce_network_index(list, count, NULL, name);
    if (i >= 0) *network = list[i];
    free(list);
    return i >= 0 ? VPCE_OK : VPCE_E_INVALID_VIRTUAL_NETWORK_ID;
}

/* ---- adapters of a machine ------------------------------------------ */

static int adapter_exists(struct vpce_vmc *vmc, int id)
{
    char *address = get_field(vmc, id, FIELD_ADDRESS);
    int ret = address != NULL;

    free(address);
    return ret;
}

static void read_adapter(struct vpce_vmc *vmc, int id, struct vpce_adapter *adapter)
{
    char key[160], *text;
    struct vpce_value value;

    memset(adapter, 0, sizeof(*adapter));
    adapter->id = id;
    adapter->dynamic = 1;
    if ((text = get_field(vmc, id, FIELD_ADDRESS))) copy_string(adapter->address, sizeof(adapter->address), text);
    free(text);
    upper_hex(adapter->address);
    field_key(key, sizeof(key), id, FIELD_DYNAMIC);
    if (!vpce_vmc_get(vmc, key, &value)
            && (value.type == VPCE_VALUE_BOOLEAN || value.type == VPCE_VALUE_INTEGER))
        adapter->dynamic = !!value.integer;
    vpce_value_clear(&value);
    if ((text = get_field(vmc, id, FIELD_NETWORK_ID)))
        copy_string(adapter->network_id, sizeof(adapter->network_id), text);
    free(text);
    upper_hex(adapter->network_id);
    if ((text = get_field(vmc, id, FIELD_NETWORK_NAME)))
        copy_string(adapter->network_name, sizeof(adapter->network_name), text);
    free(text);
    adapter->connected = adapter->network_id[0] || adapter->network_name[0];
}

static enum vpce_status check_off(const struct vpce_machine *machine)
{
    enum vpce_vm_state state;
    enum vpce_status status;

    if ((status = vpce_machine_get_state(machine, &state))) return status;
    return state == VPCE_VM_TURNED_OFF ? VPCE_OK : VPCE_E_VM_RUNNING_OR_SAVED;
}

enum vpce_status vpce_machine_list_adapters(const struct vpce_machine *machine,
                                            int ids[VPCE_MAX_NETWORK_ADAPTERS], int *count)
{
    enum vpce_status status;
    struct vpce_vmc *vmc;
    int id;

    *count = 0;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    for (id = 0; id < VPCE_MAX_NETWORK_ADAPTERS; id++)
        if (adapter_exists(vmc, id)) ids[(*count)++] = id;
    vpce_vmc_free(vmc);
    return VPCE_OK;
}

/* Loads the .vmc with the adapter, which must still be there. */
static enum vpce_status load_adapter(const struct vpce_machine *machine, int id, struct vpce_vmc **vmc)
{
    enum vpce_status status;

    if (id < 0 || id >= VPCE_MAX_NETWORK_ADAPTERS) return VPCE_E_ADAPTER_NOT_FOUND;
    if ((status = machine_load_vmc(machine, vmc))) return status;
    if (adapter_exists(*vmc, id)) return VPCE_OK;
    vpce_vmc_free(*vmc);
    *vmc = NULL;
    return VPCE_E_ADAPTER_NOT_FOUND;
}

enum vpce_status vpce_machine_get_adapter(const struct vpce_machine *machine, int id,
                                          struct vpce_adapter *adapter)
{
    enum vpce_status status;
    struct vpce_vmc *vmc;

    memset(adapter, 0, sizeof(*adapter));
    if ((status = load_adapter(machine, id, &vmc))) return status;
    read_adapter(vmc, id, adapter);
    vpce_vmc_free(vmc);
    return VPCE_OK;
}

/* Virtual PC's own prefix, 00-03-FF, and three random bytes. */
static void new_address(char address[13])
{
    unsigned char bytes[3];

    if (getrandom(bytes, sizeof(bytes), 0) != sizeof(bytes)) memset(bytes, 0x42, sizeof(bytes));
    snprintf(address, 13, "0003FF%02X%02X%02X", bytes[0], bytes[1], bytes[2]);
}

static enum vpce_status save_count(const struct vpce_machine *machine, struct vpce_vmc *vmc)
{
    enum vpce_status status;
    int id, count = 0;

    for (id = 0; id < VPCE_MAX_NETWORK_ADAPTERS; id++) count += adapter_exists(vmc, id);
    status = vpce_vmc_set_integer(vmc, KEY_ADAPTERS "/controller_count", count);
    if (!status) status = vpce_vmc_save(vmc, machine->path);
    return status;
}

enum vpce_status vpce_machine_add_adapter(const struct vpce_machine *machine, int *ret)
{
    enum vpce_status status;
    struct vpce_vmc *vmc;
    char address[13];
    int id;

    if ((status = check_off(machine))) return status;
    if ((status = machine_load_vmc(machine, &vmc))) return status;
    for (id = 0; id < VPCE_MAX_NETWORK_ADAPTERS; id++) if (!adapter_exists(vmc, id)) break;
    if (id == VPCE_MAX_NETWORK_ADAPTERS) status = VPCE_E_PREF_ILLEGAL_VALUE;
    else
    {
        /* a new adapter is not connected, and its address is dynamic */
        new_address(address);
        status = set_bytes(vmc, id, FIELD_ADDRESS, address);
        if (!status) status = save_count(machine, vmc);
    }
    vpce_vmc_free(vmc);
    if (!status) *ret = id;
    return status;
}

enum vpce_status vpce_machine_remove_adapter(const struct vpce_machine *machine, int id)
{
    enum vpce_status status;
    struct vpce_vmc *vmc;
    char key[160];

    if ((status = check_off(machine))) return status;
    if ((status = load_adapter(machine, id, &vmc))) return status;
    snprintf(key, sizeof(key), KEY_ADAPTER, id);
    status = vpce_vmc_remove(vmc, key);
    if (!status) status = save_count(machine, vmc);
    vpce_vmc_free(vmc);
    return status;
}

int vpce_valid_ethernet_address(const char *address)
{
    int i;

    for (i = 0; i < 12; i++) if (!isxdigit((unsigned char)address[i])) return 0;
    /* a group address (the first byte's lowest bit) cannot be a NIC's own */
    return !address[12] && !((isdigit((unsigned char)address[1]) ? address[1] - '0'
                                                                   : toupper((unsigned char)address[1]) - 'A' + 10) & 1);
}

/* Changes of a machine that runs reach it when it next starts. */
static enum vpce_status save_adapter(const struct vpce_machine *machine, struct vpce_vmc *vmc)
{
    return vpce_vmc_save(vmc, machine->path);
}

enum vpce_status vpce_machine_set_adapter_address(const struct vpce_machine *machine, int id,
                                                  const char *address)
{
    struct vpce_adapter adapter;
    enum vpce_status status;
    struct vpce_vmc *vmc;
    char upper[13];

    if (!vpce_valid_ethernet_address(address)) return VPCE_E_INVALID_ARG;
    if ((status = load_adapter(machine, id, &vmc))) return status;
    read_adapter(vmc, id, &adapter);
    copy_string(upper, sizeof(upper), address);
    upper_hex(upper);
    if (adapter.dynamic) status = VPCE_E_CANT_SET_DYNAMIC_MAC_ADDRESS;
    else if (!(status = set_bytes(vmc, id, FIELD_ADDRESS, upper))) status = save_adapter(machine, vmc);
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_set_adapter_dynamic(const struct vpce_machine *machine, int id, int dynamic)
{
    struct vpce_value value = { VPCE_VALUE_BOOLEAN, !!dynamic, NULL };
    struct vpce_adapter adapter;
    enum vpce_status status;
    struct vpce_vmc *vmc;
    char key[160], address[13];

    if ((status = load_adapter(machine, id, &vmc))) return status;
    read_adapter(vmc, id, &adapter);
    field_key(key, sizeof(key), id, FIELD_DYNAMIC);
    status = vpce_vmc_set(vmc, key, &value);
    /* back to dynamic: the address is generated again, as for a new one;
     * to static: it stays until the script sets its own */
    if (!status && dynamic && !adapter.dynamic)
    {
        new_address(address);
        status = set_bytes(vmc, id, FIELD_ADDRESS, address);
    }
    if (!status) status = save_adapter(machine, vmc);
    vpce_vmc_free(vmc);
    return status;
}

enum vpce_status vpce_machine_attach_adapter(const struct vpce_machine *machine, int id,
                                             const struct vpce_network *network)
{
    struct vpce_value name = { VPCE_VALUE_STRING, 0, NULL };
    enum vpce_status status;
    struct vpce_vmc *vmc;
    char key[160];

    if ((status = load_adapter(machine, id, &vmc))) return status;
    if (network)
    {
        status = set_bytes(vmc, id, FIELD_NETWORK_ID, network->id);
        name.string = (char *)network->name;
        field_key(key, sizeof(key), id, FIELD_NETWORK_NAME);
        if (!status) status = vpce_vmc_set(vmc, key, &name);
    }
    else
    {
        field_key(key, sizeof(key), id, FIELD_NETWORK);
        status = vpce_vmc_remove(vmc, key);
        if (status == VPCE_E_PREF_NOT_FOUND) status = VPCE_OK;
    }
    if (!status) status = save_adapter(machine, vmc);
    vpce_vmc_free(vmc);
    return status;
}

/* ---- the libvirt domain --------------------------------------------- */

/* Virtual PC's DEC 21140 is QEMU's tulip (a 21143) when this QEMU has it. */
static const char *nic_model(void)
{
    static const char *model;
    char line[256];
    FILE *help;

    if (model) return model;
    model = "e1000";
    if ((help = popen("qemu-system-x86_64 -device help 2>/dev/null", "r")))
    {
        while (fgets(line, sizeof(line), help))
            if (strstr(line, "name \"tulip\"")) model = "tulip";
        pclose(help);
    }
    return model;
}

static void set_props(xmlNodePtr node, const char *name1, const char *value1, const char *name2,
                      const char *value2)
{
    xmlSetProp(node, BAD_CAST name1, BAD_CAST value1);
    if (name2) xmlSetProp(node, BAD_CAST name2, BAD_CAST value2);
}

static void add_interface(xmlNodePtr devices, const struct vpce_adapter *adapter,
                          const struct vpce_network *network)
{
    static const char *const types[] = { "user", "mcast", "network", "bridge" };
    xmlNodePtr iface = xmlNewChild(devices, NULL, BAD_CAST "interface", NULL), node;
    const char *a = adapter->address;
    char mac[18], slot[8];

    /* not connected: a NIC whose cable is out, on a backend that carries nothing */
    xmlSetProp(iface, BAD_CAST "type", BAD_CAST (network ? types[network->kind] : "user"));
    snprintf(mac, sizeof(mac), "%.2s:%.2s:%.2s:%.2s:%.2s:%.2s", a, a + 2, a + 4, a + 6, a + 8, a + 10);
    if (vpce_valid_ethernet_address(a))
        set_props(xmlNewChild(iface, NULL, BAD_CAST "mac", NULL), "address", mac, NULL, NULL);
    if (network && network->kind == VPCE_NETWORK_INTERNAL)
        set_props(xmlNewChild(iface, NULL, BAD_CAST "source", NULL), "address", INTERNAL_GROUP,
                  "port", INTERNAL_PORT);
    else if (network && network->kind == VPCE_NETWORK_LIBVIRT)
        set_props(xmlNewChild(iface, NULL, BAD_CAST "source", NULL), "network", network->source, NULL, NULL);
    else if (network && network->kind == VPCE_NETWORK_BRIDGE)
        set_props(xmlNewChild(iface, NULL, BAD_CAST "source", NULL), "bridge", network->source, NULL, NULL);
    set_props(xmlNewChild(iface, NULL, BAD_CAST "model", NULL), "type", nic_model(), NULL, NULL);
    if (!network) set_props(xmlNewChild(iface, NULL, BAD_CAST "link", NULL), "state", "down", NULL, NULL);
    node = xmlNewChild(iface, NULL, BAD_CAST "address", NULL);
    snprintf(slot, sizeof(slot), "0x%02x", FIRST_PCI_SLOT + adapter->id);
    set_props(node, "type", "pci", "domain", "0x0000");
    set_props(node, "bus", "0x00", "slot", slot);
    xmlSetProp(node, BAD_CAST "function", BAD_CAST "0x0");
}

void network_add_devices(const struct vpce_machine *machine, struct vpce_vmc *vmc, void *devices)
{
    struct vpce_network *networks = NULL;
    struct vpce_adapter adapter;
    int id, count = 0, index;

    for (id = 0; id < VPCE_MAX_NETWORK_ADAPTERS; id++)
    {
        if (!adapter_exists(vmc, id)) continue;
        if (!networks && vpce_networks_list(&networks, &count)) return;
        read_adapter(vmc, id, &adapter);
        /* a network the host no longer has (or a Windows host's adapter)
         * leaves the adapter unplugged, as Virtual PC does */
        index = adapter.connected ? vpce_network_index(networks, count, adapter.network_id,
                                                       adapter.network_name) : -1;
        add_interface(devices, &adapter, index >= 0 ? &networks[index] : NULL);
    }
    free(networks);
}
