/*
 * Unit tests of the engine's events: media changes of this process, and a
 * machine's states from libvirt's domain events (skipped without libvirt),
 * including QEMU killed from outside
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vpcengine.h"
#include "unittest.h"

static char tmpdir[] = "/tmp/vpcengine-events-XXXXXX";

static const char *tmp_path(const char *name)
{
    static char path[4][600];
    static int next;
    char *ret = path[next++ % 4];

    snprintf(ret, sizeof(path[0]), "%s/%s", tmpdir, name);
    return ret;
}

/* what the callback saw, as lines "kind state bus device media" */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static char seen[4096];
static const char *watched;

static void callback(const struct vpce_event *event, void *context)
{
    size_t len;

    if (strcmp(event->vmc_path, watched)) return;
    pthread_mutex_lock(&seen_lock);
    len = strlen(seen);
    /* the media's file name: its folder may be seen through the prefix */
    snprintf(seen + len, sizeof(seen) - len, "%d %d %d %d %s|", event->kind, event->state, event->bus,
             event->device, strrchr(event->media, '/') ? strrchr(event->media, '/') + 1 : event->media);
    pthread_mutex_unlock(&seen_lock);
    *(int *)context += 1;
}

static void take_seen(char *buffer, size_t size)
{
    pthread_mutex_lock(&seen_lock);
    snprintf(buffer, size, "%s", seen);
    seen[0] = 0;
    pthread_mutex_unlock(&seen_lock);
}

/* Waits up to seconds for text among the events seen. */
static int wait_seen(const char *text, int seconds)
{
    int i, found = 0;

    for (i = 0; i < seconds * 10 && !found; i++)
    {
        pthread_mutex_lock(&seen_lock);
        found = strstr(seen, text) != NULL;
        pthread_mutex_unlock(&seen_lock);
        if (!found) usleep(100000);
    }
    return found;
}

static void test_media(void)
{
    struct vpce_subscription *sub, *other;
    struct vpce_machine *machine;
    int count = 0, other_count = 0;
    char got[4096], expected[2048];
    FILE *f;

    CHECK(vpce_events_subscribe(NULL, NULL, &sub) == VPCE_E_INVALID_ARG, "no callback\n");
    CHECK(vpce_machine_create_file(tmp_path("Media.vmc"), 64) == VPCE_OK, "create\n");
    CHECK(vpce_machine_open(tmp_path("Media.vmc"), &machine) == VPCE_OK, "open\n");
    watched = vpce_machine_path(machine);
    CHECK((f = fopen(tmp_path("a.iso"), "w")) != NULL, "image\n");
    if (f) fclose(f);
    CHECK(vpce_machine_add_dvd_drive(machine, 1, 0) == VPCE_OK, "DVD drive\n");

    CHECK(vpce_events_subscribe(callback, &count, &sub) == VPCE_OK, "subscribe\n");
    CHECK(vpce_events_subscribe(callback, &other_count, &other) == VPCE_OK, "subscribe another\n");
    CHECK(vpce_machine_insert_media(machine, 1, 0, tmp_path("a.iso"), 0) == VPCE_OK, "insert\n");
    CHECK(vpce_machine_eject_media(machine, 1, 0, 0) == VPCE_OK, "eject\n");
    take_seen(got, sizeof(got));
    /* each subscriber got both */
    snprintf(expected, sizeof(expected), "%d 0 1 0 a.iso|%d 0 1 0 a.iso|%d 0 1 0 a.iso|%d 0 1 0 a.iso|",
             VPCE_EVENT_MEDIA_INSERT, VPCE_EVENT_MEDIA_INSERT, VPCE_EVENT_MEDIA_EJECT, VPCE_EVENT_MEDIA_EJECT);
    CHECK(!strcmp(got, expected), "events %s\n", got);
    CHECK(count == 2 && other_count == 2, "counts %d %d\n", count, other_count);

    /* a floppy disk replaced: the old one out, the new one in */
    vpce_events_unsubscribe(other);
    CHECK(vpce_machine_insert_media(machine, VPCE_FLOPPY_BUS, 0, tmp_path("a.iso"), 0) == VPCE_OK, "floppy\n");
    CHECK(vpce_machine_insert_media(machine, VPCE_FLOPPY_BUS, 0, tmp_path("Media.vmc"), 0) == VPCE_OK,
          "another floppy\n");
    take_seen(got, sizeof(got));
    snprintf(expected, sizeof(expected), "%d 0 -1 0 a.iso|%d 0 -1 0 a.iso|%d 0 -1 0 Media.vmc|",
             VPCE_EVENT_MEDIA_INSERT, VPCE_EVENT_MEDIA_EJECT, VPCE_EVENT_MEDIA_INSERT);
    CHECK(!strcmp(got, expected), "floppy events %s\n", got);
    CHECK(count == 5 && other_count == 2, "counts after unsubscribing %d %d\n", count, other_count);
    /* a failure tells nothing */
    CHECK(vpce_machine_eject_media(machine, 1, 0, 0) != VPCE_OK, "eject from an empty drive\n");
    take_seen(got, sizeof(got));
    CHECK(!*got, "events of a failure %s\n", got);
    vpce_events_unsubscribe(sub);
    vpce_machine_close(machine);
}

static int run(enum vpce_status (*start)(const char *, const struct vpce_machine *, struct vpce_task **),
               struct vpce_machine *machine, const char *what)
{
    struct vpce_task_state state;
    struct vpce_task *task;
    enum vpce_status status = start("", machine, &task);

    CHECK(status == VPCE_OK, "%s: %d\n", what, status);
    if (status) return 1;
    vpce_task_wait(task, -1);
    vpce_task_get_state(task, &state);
    vpce_task_unref(task);
    CHECK(state.result == VPCE_TASK_SUCCESS, "%s: result %d\n", what, state.result);
    return state.result != VPCE_TASK_SUCCESS;
}

static void test_states(void)
{
    struct vpce_subscription *sub;
    struct vpce_machine *machine;
    virConnectPtr conn;
    virDomainPtr *domains;
    char text[64], got[4096];
    int count = 0, n, i;

    if (!(conn = virConnectOpen(NULL)))
    {
        SKIP("no libvirt connection: %s\n", virGetLastErrorMessage());
        return;
    }
    CHECK(vpce_machine_create_file(tmp_path("States.vmc"), 64) == VPCE_OK, "create\n");
    CHECK(vpce_machine_open(tmp_path("States.vmc"), &machine) == VPCE_OK, "open\n");
    watched = vpce_machine_path(machine);
    CHECK(vpce_events_subscribe(callback, &count, &sub) == VPCE_OK, "subscribe\n");

    if (run(vpce_machine_startup, machine, "startup")) goto done;
    snprintf(text, sizeof(text), "%d %d ", VPCE_EVENT_STATE, VPCE_VM_RUNNING);
    CHECK(wait_seen(text, 10), "no Running event: %s\n", seen);
    take_seen(got, sizeof(got));
    snprintf(text, sizeof(text), "%d %d 0 0 |%d %d 0 0 |", VPCE_EVENT_STATE, VPCE_VM_TURNING_ON,
             VPCE_EVENT_STATE, VPCE_VM_RUNNING);
    CHECK(!strcmp(got, text), "startup events %s\n", got);

    CHECK(vpce_machine_pause(machine) == VPCE_OK, "pause\n");
    snprintf(text, sizeof(text), "%d %d ", VPCE_EVENT_STATE, VPCE_VM_PAUSED);
    CHECK(wait_seen(text, 10), "no Paused event: %s\n", seen);
    CHECK(vpce_machine_resume(machine) == VPCE_OK, "resume\n");
    snprintf(text, sizeof(text), "%d %d ", VPCE_EVENT_STATE, VPCE_VM_RUNNING);
    CHECK(wait_seen(text, 10), "no Running event after resume: %s\n", seen);
    take_seen(got, sizeof(got));
    run(vpce_machine_reset, machine, "reset");
    snprintf(text, sizeof(text), "%d 0 ", VPCE_EVENT_RESET);
    CHECK(wait_seen(text, 10), "no Reset event: %s\n", seen);
    take_seen(got, sizeof(got));

    run(vpce_machine_save, machine, "save");
    snprintf(text, sizeof(text), "%d %d ", VPCE_EVENT_STATE, VPCE_VM_SAVED);
    CHECK(wait_seen(text, 10), "no Saved event: %s\n", seen);
    take_seen(got, sizeof(got));
    snprintf(text, sizeof(text), "%d %d 0 0 |", VPCE_EVENT_STATE, VPCE_VM_SAVING);
    CHECK(!strncmp(got, text, strlen(text)), "save events %s\n", got);
    run(vpce_machine_startup, machine, "restore");
    snprintf(text, sizeof(text), "%d %d ", VPCE_EVENT_STATE, VPCE_VM_RUNNING);
    CHECK(wait_seen(text, 10), "no Running event after restore: %s\n", seen);
    take_seen(got, sizeof(got));
    snprintf(text, sizeof(text), "%d %d 0 0 |%d %d 0 0 |", VPCE_EVENT_STATE, VPCE_VM_TURNING_ON,
             VPCE_EVENT_STATE, VPCE_VM_RESTORING);
    CHECK(!strncmp(got, text, strlen(text)), "restore events %s\n", got);

    /* QEMU killed from outside: the machine is off */
    n = virConnectListAllDomains(conn, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    for (i = 0; i < n; i++)
    {
        char *desc = virDomainGetMetadata(domains[i], VIR_DOMAIN_METADATA_DESCRIPTION, NULL, 0);
        if (desc && !strcmp(desc, watched))
        {
            char command[256];
            /* [v]: the pattern does not match the shell that runs pkill */
            snprintf(command, sizeof(command), "pkill -KILL -f 'guest=[v]%s,'", virDomainGetName(domains[i]) + 1);
            CHECK(!system(command), "kill QEMU\n");
        }
        free(desc);
        virDomainFree(domains[i]);
    }
    if (n >= 0) free(domains);
    snprintf(text, sizeof(text), "%d %d ", VPCE_EVENT_STATE, VPCE_VM_TURNED_OFF);
    CHECK(wait_seen(text, 10), "no TurnedOff event after QEMU's end: %s\n", seen);
    take_seen(got, sizeof(got));
    CHECK(vpce_machine_get_state(machine, (enum vpce_vm_state *)&n) == VPCE_OK && n == VPCE_VM_TURNED_OFF,
          "state %d\n", n);
done:
    vpce_events_unsubscribe(sub);
    vpce_machine_close(machine);
    virConnectClose(conn);
}

int main(void)
{
    char command[100];

    if (!mkdtemp(tmpdir)) return 1;
    chmod(tmpdir, 0755);
    test_media();
    test_states();
    snprintf(command, sizeof(command), "rm -rf '%s'", tmpdir);
    if (system(command)) return 1;
    return unit_summary("events");
}
