/*
 * vpcengine: the mouse of a running machine
 *
 * Relative moves, buttons and the wheel go to the PS/2 mouse, absolute
 * positions to the USB tablet every machine has (machine.c), through
 * QEMU's input-send-event.  QEMU's absolute axes run from 0 to 0x7fff
 * across the screen, so a position in pixels is scaled by the screen's size
 * at the time (display.c).  The last absolute position and the buttons held
 * are kept per domain in the run folder, for the scripts that ask later.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>

#include "engine_private.h"

#define ABS_MAX 0x7fff

struct mouse_state
{
    int x, y;       /* the last absolute position, in pixels */
    int buttons;    /* bit (button - 1) for each button held */
};

static const char *button_name(enum vpce_mouse_button button)
{
    switch (button)
    {
    case VPCE_MOUSE_LEFT: return "left";
    case VPCE_MOUSE_RIGHT: return "right";
    case VPCE_MOUSE_CENTER: return "middle";
    }
    return NULL;
}

/* The running domain; a paused machine's mouse is not active. */
static enum vpce_status open_mouse(const struct vpce_machine *machine, virConnectPtr *conn, virDomainPtr *domain)
{
    enum vpce_status status = machine_running_domain(machine, 0, (void **)conn, (void **)domain);

    return status == VPCE_E_VM_PAUSED ? VPCE_E_MOUSE_NOT_ACTIVE : status;
}

/* Sends QEMU input events (a JSON array's members). */
static enum vpce_status send_events(virDomainPtr domain, const char *events)
{
    char *command, *result = NULL;
    enum vpce_status status = VPCE_OK;

    if (asprintf(&command, "{\"execute\":\"input-send-event\",\"arguments\":{\"events\":[%s]}}", events) < 0)
        return VPCE_E_NOMEM;
    if (virDomainQemuMonitorCommand(domain, command, &result, 0) < 0 || !result || strstr(result, "\"error\""))
        status = VPCE_E_MOUSE_NOT_ACTIVE;
    free(result);
    free(command);
    return status;
}

/* ---- the state kept between processes ----------------------------------- */

static int open_state(virDomainPtr domain, struct mouse_state *state)
{
    char *dir = machine_run_dir(), *path = NULL;
    FILE *file;
    int fd = -1;

    memset(state, 0, sizeof(*state));
    if (dir && asprintf(&path, "%s/%s.mouse", dir, virDomainGetName(domain)) >= 0
            && (fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) >= 0)
    {
        flock(fd, LOCK_EX);
        if ((file = fdopen(dup(fd), "r")))
        {
            if (fscanf(file, "%d %d %d", &state->x, &state->y, &state->buttons) != 3)
                memset(state, 0, sizeof(*state));
            fclose(file);
        }
    }
    free(path);
    free(dir);
    return fd;
}

static void close_state(int fd, const struct mouse_state *state)
{
    char line[64];
    int len;

    if (fd < 0) return;
    len = snprintf(line, sizeof(line), "%d %d %d\n", state->x, state->y, state->buttons);
    if (!ftruncate(fd, 0) && pwrite(fd, line, len, 0) != len)
        len = ftruncate(fd, 0);  /* an empty state reads as nothing held */
    close(fd);  /* and the lock */
}

/* ---- the engine's calls ----------------------------------------------- */

/* A move: by (dx, dy) pixels when relative, else to the position given for
 * each axis that is not VPCE_MOUSE_KEEP. */
enum vpce_status vpce_mouse_move(const struct vpce_machine *machine, int absolute, int x, int y)
{
    struct vpce_display display;
    struct mouse_state state;
    char events[256];
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;
    int width, height, fd;

    if ((status = open_mouse(machine, &conn, &domain))) return status;
    fd = open_state(domain, &state);
    if (!absolute)
        snprintf(events, sizeof(events),
                 "{\"type\":\"rel\",\"data\":{\"axis\":\"x\",\"value\":%d}},"
                 "{\"type\":\"rel\",\"data\":{\"axis\":\"y\",\"value\":%d}}", x, y);
    else if ((status = vpce_machine_get_display(machine, &display)))
        status = status == VPCE_E_VM_NOT_RUNNING ? status : VPCE_E_NO_DISPLAY;
    else
    {
        width = display.width;
        height = display.height;
        if (x != VPCE_MOUSE_KEEP) state.x = x < 0 ? 0 : x >= width ? width - 1 : x;
        if (y != VPCE_MOUSE_KEEP) state.y = y < 0 ? 0 : y >= height ? height - 1 : y;
        snprintf(events, sizeof(events),
                 "{\"type\":\"abs\",\"data\":{\"axis\":\"x\",\"value\":%d}},"
                 "{\"type\":\"abs\",\"data\":{\"axis\":\"y\",\"value\":%d}}",
                 width > 1 ? state.x * ABS_MAX / (width - 1) : 0, height > 1 ? state.y * ABS_MAX / (height - 1) : 0);
    }
    if (!status) status = send_events(domain, events);
    close_state(fd, &state);
    machine_release_domain(conn, domain);
    return status;
}

/* The last absolute position set (VPCE_E_MOUSE_NOT_ACTIVE when the machine
 * is paused). */
enum vpce_status vpce_mouse_position(const struct vpce_machine *machine, int *x, int *y)
{
    struct mouse_state state;
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;

    if ((status = open_mouse(machine, &conn, &domain))) return status;
    close_state(open_state(domain, &state), &state);
    machine_release_domain(conn, domain);
    *x = state.x;
    *y = state.y;
    return VPCE_OK;
}

enum vpce_status vpce_mouse_set_button(const struct vpce_machine *machine, enum vpce_mouse_button button,
                                       int down)
{
    const char *name = button_name(button);
    struct mouse_state state;
    char events[128];
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;
    int fd;

    if (!name) return VPCE_E_INVALID_ARG;
    if ((status = open_mouse(machine, &conn, &domain))) return status;
    fd = open_state(domain, &state);
    snprintf(events, sizeof(events), "{\"type\":\"btn\",\"data\":{\"down\":%s,\"button\":\"%s\"}}",
             down ? "true" : "false", name);
    if (!(status = send_events(domain, events)))
    {
        if (down) state.buttons |= 1 << (button - 1);
        else state.buttons &= ~(1 << (button - 1));
    }
    close_state(fd, &state);
    machine_release_domain(conn, domain);
    return status;
}

enum vpce_status vpce_mouse_get_button(const struct vpce_machine *machine, enum vpce_mouse_button button,
                                       int *down)
{
    struct mouse_state state;
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;

    *down = 0;
    if (!button_name(button)) return VPCE_E_INVALID_ARG;
    if ((status = open_mouse(machine, &conn, &domain))) return status;
    close_state(open_state(domain, &state), &state);
    machine_release_domain(conn, domain);
    *down = !!(state.buttons & (1 << (button - 1)));
    return VPCE_OK;
}

/* A click: the button down, then up. */
enum vpce_status vpce_mouse_click(const struct vpce_machine *machine, enum vpce_mouse_button button)
{
    enum vpce_status status = vpce_mouse_set_button(machine, button, 1);

    if (!status) status = vpce_mouse_set_button(machine, button, 0);
    return status;
}

/* The wheel: one notch per unit, towards the user when negative. */
enum vpce_status vpce_mouse_wheel(const struct vpce_machine *machine, int notches)
{
    const char *name = notches < 0 ? "wheel-down" : "wheel-up";
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;
    char events[160];
    int i;

    if ((status = open_mouse(machine, &conn, &domain))) return status;
    for (i = 0; i < abs(notches) && !status; i++)
    {
        snprintf(events, sizeof(events),
                 "{\"type\":\"btn\",\"data\":{\"down\":true,\"button\":\"%s\"}},"
                 "{\"type\":\"btn\",\"data\":{\"down\":false,\"button\":\"%s\"}}", name, name);
        status = send_events(domain, events);
    }
    machine_release_domain(conn, domain);
    return status;
}
