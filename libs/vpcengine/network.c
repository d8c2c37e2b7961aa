/*
 * vpcengine: network adapters and virtual networks
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <libxml/tree.h>

#include "engine_private.h"

/* FIXME: no network adapter reaches the machine yet. */
void network_add_devices(const struct vpce_machine *machine, struct vpce_vmc *vmc, void *devices)
{
}
