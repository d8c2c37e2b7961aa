/*
 * .vmc files: Virtual PC's XML configuration, read and written with
 * libxml2.  The file is the source of truth; elements this code does not
 * know are kept as they are.
 *
 * Keys are paths of element names from the root <preferences>, with
 * [@id=N] selecting among repeated elements: "hardware/memory/ram_size",
 * "hardware/pci_bus/ide_adapter/ide_controller[@id=0]/location[@id=1]".
 * Leaves carry a type attribute: integer, boolean, string or bytes.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vpcengine.h"

struct vpce_vmc
{
    xmlDocPtr doc;
};

static const char skeleton[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- Microsoft Virtual Machine Options and Settings -->\n"
    "<preferences>\n"
    "  <version type=\"string\">2.0</version>\n"
    "  <hardware>\n"
    "    <memory><ram_size type=\"integer\">128</ram_size></memory>\n"
    "  </hardware>\n"
    "  <properties><creator><name type=\"string\">Windows Virtual PC</name>"
    "<build type=\"string\">" VPCE_PRODUCT_VERSION "</build></creator></properties>\n"
    "  <settings>\n"
    "    <notes type=\"string\"/>\n"
    "    <undo_drives><enabled type=\"boolean\">false</enabled>"
    "<default_action type=\"integer\">1</default_action></undo_drives>\n"
    "  </settings>\n"
    "</preferences>\n";

static int parse_options(void)
{
    /* no network, no entities from elsewhere: .vmc files come from anywhere */
    return XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
}

enum vpce_status vpce_vmc_new(struct vpce_vmc **ret)
{
    struct vpce_vmc *vmc;

    *ret = NULL;
    if (!(vmc = calloc(1, sizeof(*vmc)))) return VPCE_E_NOMEM;
    if (!(vmc->doc = xmlReadMemory(skeleton, sizeof(skeleton) - 1, "new.vmc", NULL, parse_options())))
    {
        free(vmc);
        return VPCE_E_NOMEM;
    }
    *ret = vmc;
    return VPCE_OK;
}

enum vpce_status vpce_vmc_load(const char *path, struct vpce_vmc **ret)
{
    struct vpce_vmc *vmc;
    xmlNodePtr root;

    *ret = NULL;
    if (access(path, R_OK)) return vpce_status_from_errno(errno);
    if (!(vmc = calloc(1, sizeof(*vmc)))) return VPCE_E_NOMEM;
    /* libxml2 follows the byte-order mark and the declared encoding:
     * Windows writes UTF-16 with CRLF line ends */
    vmc->doc = xmlReadFile(path, NULL, parse_options());
    root = vmc->doc ? xmlDocGetRootElement(vmc->doc) : NULL;
    if (!root || xmlStrcmp(root->name, BAD_CAST "preferences"))
    {
        vpce_vmc_free(vmc);
        return VPCE_E_PREF_ILLEGAL_VALUE;
    }
    *ret = vmc;
    return VPCE_OK;
}

enum vpce_status vpce_vmc_save(struct vpce_vmc *vmc, const char *path)
{
    char *temp = NULL;
    int ret;

    /* a new file beside the old, renamed over it: never half a .vmc */
    if (asprintf(&temp, "%s.new-%d", path, getpid()) < 0) return VPCE_E_NOMEM;
    ret = xmlSaveFormatFileEnc(temp, vmc->doc, "UTF-16", 1);
    if (ret < 0)
    {
        unlink(temp);
        free(temp);
        return VPCE_E_ACCESS_DENIED;
    }
    if (rename(temp, path) < 0)
    {
        enum vpce_status status = vpce_status_from_errno(errno);
        unlink(temp);
        free(temp);
        return status;
    }
    free(temp);
    return VPCE_OK;
}

void vpce_vmc_free(struct vpce_vmc *vmc)
{
    if (!vmc) return;
    if (vmc->doc) xmlFreeDoc(vmc->doc);
    free(vmc);
}

/* One step of a key: a name and, optionally, the id it selects. */
struct step
{
    char name[128];
    char id[32];
    int has_id;
};

static int parse_step(const char **key, struct step *step)
{
    const char *p = *key, *end = strchr(p, '/'), *bracket;
    size_t len;

    if (!end) end = p + strlen(p);
    memset(step, 0, sizeof(*step));
    bracket = memchr(p, '[', end - p);
    len = (bracket ? bracket : end) - p;
    if (!len || len >= sizeof(step->name)) return -1;
    memcpy(step->name, p, len);
    if (bracket)
    {
        /* [@id=N] or [@id="N"] */
        const char *v = bracket + 1, *close = memchr(bracket, ']', end - bracket);
        size_t vlen;

        if (!close || close + 1 != end || strncmp(v, "@id=", 4)) return -1;
        v += 4;
        vlen = close - v;
        if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0])
        {
            v++;
            vlen -= 2;
        }
        if (!vlen || vlen >= sizeof(step->id)) return -1;
        memcpy(step->id, v, vlen);
        step->has_id = 1;
    }
    *key = *end ? end + 1 : end;
    return 0;
}

static xmlNodePtr find_child(xmlNodePtr parent, const struct step *step)
{
    xmlNodePtr child;

    for (child = parent->children; child; child = child->next)
    {
        xmlChar *id;
        int match;

        if (child->type != XML_ELEMENT_NODE || xmlStrcmp(child->name, BAD_CAST step->name)) continue;
        if (!step->has_id) return child;
        id = xmlGetProp(child, BAD_CAST "id");
        match = id && !xmlStrcmp(id, BAD_CAST step->id);
        xmlFree(id);
        if (match) return child;
    }
    return NULL;
}

/* The element at key; with create, missing elements are added. */
static enum vpce_status lookup(struct vpce_vmc *vmc, const char *key, int create, xmlNodePtr *ret)
{
    xmlNodePtr node = xmlDocGetRootElement(vmc->doc), child;
    struct step step;

    if (!key || !*key) return VPCE_E_INVALID_ARG;
    while (*key)
    {
        if (parse_step(&key, &step)) return VPCE_E_INVALID_ARG;
        if (!(child = find_child(node, &step)))
        {
            if (!create) return VPCE_E_PREF_NOT_FOUND;
            if (!(child = xmlNewChild(node, NULL, BAD_CAST step.name, NULL))) return VPCE_E_NOMEM;
            if (step.has_id) xmlSetProp(child, BAD_CAST "id", BAD_CAST step.id);
        }
        node = child;
    }
    *ret = node;
    return VPCE_OK;
}

enum vpce_status vpce_vmc_get(struct vpce_vmc *vmc, const char *key, struct vpce_value *value)
{
    enum vpce_status status;
    xmlChar *type, *text;
    xmlNodePtr node;

    memset(value, 0, sizeof(*value));
    if ((status = lookup(vmc, key, 0, &node))) return status;
    type = xmlGetProp(node, BAD_CAST "type");
    text = xmlNodeGetContent(node);
    if (type && !xmlStrcmp(type, BAD_CAST "integer"))
    {
        value->type = VPCE_VALUE_INTEGER;
        value->integer = text ? strtoll((char *)text, NULL, 10) : 0;
    }
    else if (type && !xmlStrcmp(type, BAD_CAST "boolean"))
    {
        value->type = VPCE_VALUE_BOOLEAN;
        value->integer = text && !xmlStrcasecmp(text, BAD_CAST "true");
    }
    else
    {
        /* strings, bytes (hex) and untyped elements: their text */
        value->type = type && !xmlStrcmp(type, BAD_CAST "bytes") ? VPCE_VALUE_BYTES : VPCE_VALUE_STRING;
        if (!(value->string = strdup(text ? (char *)text : ""))) status = VPCE_E_NOMEM;
    }
    xmlFree(type);
    xmlFree(text);
    return status;
}

enum vpce_status vpce_vmc_set(struct vpce_vmc *vmc, const char *key, const struct vpce_value *value)
{
    static const char *const type_names[] = { "string", "integer", "boolean", "bytes" };
    enum vpce_status status;
    char number[32];
    const char *text;
    xmlNodePtr node;

    if ((status = lookup(vmc, key, 1, &node))) return status;
    switch (value->type)
    {
    case VPCE_VALUE_INTEGER:
        snprintf(number, sizeof(number), "%lld", (long long)value->integer);
        text = number;
        break;
    case VPCE_VALUE_BOOLEAN:
        text = value->integer ? "true" : "false";
        break;
    default:
        text = value->string ? value->string : "";
        break;
    }
    /* the text is escaped by libxml2: <, & and quotes are safe */
    xmlNodeSetContent(node, NULL);
    xmlNodeAddContent(node, BAD_CAST text);
    xmlSetProp(node, BAD_CAST "type", BAD_CAST type_names[value->type]);
    return VPCE_OK;
}

enum vpce_status vpce_vmc_remove(struct vpce_vmc *vmc, const char *key)
{
    enum vpce_status status;
    xmlNodePtr node;

    if ((status = lookup(vmc, key, 0, &node))) return status;
    if (node == xmlDocGetRootElement(vmc->doc)) return VPCE_E_INVALID_ARG;
    xmlUnlinkNode(node);
    xmlFreeNode(node);
    return VPCE_OK;
}

void vpce_value_clear(struct vpce_value *value)
{
    free(value->string);
    memset(value, 0, sizeof(*value));
}

enum vpce_status vpce_vmc_get_integer(struct vpce_vmc *vmc, const char *key, int64_t *ret)
{
    struct vpce_value value;
    enum vpce_status status = vpce_vmc_get(vmc, key, &value);

    if (!status && value.type != VPCE_VALUE_INTEGER) status = VPCE_E_PREF_ILLEGAL_VALUE;
    if (!status) *ret = value.integer;
    vpce_value_clear(&value);
    return status;
}

enum vpce_status vpce_vmc_set_integer(struct vpce_vmc *vmc, const char *key, int64_t integer)
{
    struct vpce_value value = { VPCE_VALUE_INTEGER, integer, NULL };
    return vpce_vmc_set(vmc, key, &value);
}

char *vpce_vmc_get_string(struct vpce_vmc *vmc, const char *key)
{
    struct vpce_value value;
    char *ret = NULL;

    if (!vpce_vmc_get(vmc, key, &value)) ret = value.string;
    else vpce_value_clear(&value);
    return ret;
}

enum vpce_status vpce_vmc_set_string(struct vpce_vmc *vmc, const char *key, const char *string)
{
    struct vpce_value value = { VPCE_VALUE_STRING, 0, (char *)string };
    return vpce_vmc_set(vmc, key, &value);
}
