/*
 * vpcengine: events of the machines, for the automation objects' sinks
 *
 * A thread of the engine runs libvirt's event loop on a connection of its
 * own, started with the first subscription.  Lifecycle and reboot events of
 * this prefix's domains (machine_domain_is_ours) become state changes,
 * guest shut-downs and resets; the domain's description is its machine's
 * .vmc, kept from when the domain was seen running, since a domain that
 * stopped can no longer be asked.  The process's own operations add what
 * libvirt does not tell: the transitions (TurningOn, Saving...) and media
 * changes (events_emit).
 *
 * Callbacks run one at a time under the dispatch lock, which unsubscribing
 * takes too: once vpce_events_unsubscribe returns, the callback is done.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "engine_private.h"

struct vpce_subscription
{
    struct vpce_subscription *next;
    vpce_event_callback callback;
    void *context;
};

/* a domain's machine, remembered while it runs */
struct known_domain
{
    struct known_domain *next;
    char *domain;
    char *vmc_path;
    char *name;
    int shutdown_told;  /* libvirt may tell a guest's power-off twice */
    enum vpce_vm_state state;   /* the last told (a start is also a resume) */
};

static pthread_mutex_t dispatch_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vpce_subscription *subscriptions;
static struct known_domain *known_domains;      /* the event thread's */
static pthread_once_t loop_once = PTHREAD_ONCE_INIT;
static int loop_started;

/* Calls every subscriber, in order, under the dispatch lock. */
void events_emit(const struct vpce_event *event)
{
    struct vpce_subscription *sub;

    pthread_mutex_lock(&dispatch_lock);
    for (sub = subscriptions; sub; sub = sub->next) sub->callback(event, sub->context);
    pthread_mutex_unlock(&dispatch_lock);
}

int events_wanted(void)
{
    int ret;

    pthread_mutex_lock(&dispatch_lock);
    ret = subscriptions != NULL;
    pthread_mutex_unlock(&dispatch_lock);
    return ret;
}

void events_emit_machine(const struct vpce_machine *machine, enum vpce_event_kind kind,
                         enum vpce_vm_state state, int bus, int device, const char *media)
{
    struct vpce_event event;

    if (!events_wanted()) return;
    memset(&event, 0, sizeof(event));
    event.kind = kind;
    event.vmc_path = vpce_machine_path(machine);
    event.name = vpce_machine_name(machine);
    event.state = state;
    event.bus = bus;
    event.device = device;
    event.media = media ? media : "";
    events_emit(&event);
}

/* ---- the domains' machines ------------------------------------------- */

static struct known_domain *find_known(const char *domain)
{
    struct known_domain *known;

    for (known = known_domains; known; known = known->next)
        if (!strcmp(known->domain, domain)) return known;
    return NULL;
}

/* Remembers a running domain's machine: its description is the .vmc. */
static struct known_domain *learn_domain(virDomainPtr domain)
{
    const char *name = virDomainGetName(domain);
    struct known_domain *known;
    struct vpce_machine *machine;
    char *path;

    if (!name || !machine_domain_is_ours(name)) return NULL;
    if ((known = find_known(name))) return known;
    if (!(path = virDomainGetMetadata(domain, VIR_DOMAIN_METADATA_DESCRIPTION, NULL, 0))) return NULL;
    if (vpce_machine_open(path, &machine) || !(known = calloc(1, sizeof(*known))))
    {
        free(path);
        return NULL;
    }
    known->domain = strdup(name);
    known->vmc_path = path;
    known->name = strdup(vpce_machine_name(machine));
    vpce_machine_close(machine);
    if (!known->domain || !known->name)
    {
        free(known->domain);
        free(known->name);
        free(known->vmc_path);
        free(known);
        return NULL;
    }
    known->next = known_domains;
    known_domains = known;
    return known;
}

/* A stopped domain's machine may be renamed or deleted before it runs again. */
static void forget_domain(struct known_domain *known)
{
    struct known_domain **entry;

    for (entry = &known_domains; *entry; entry = &(*entry)->next)
    {
        if (*entry != known) continue;
        *entry = known->next;
        free(known->domain);
        free(known->vmc_path);
        free(known->name);
        free(known);
        return;
    }
}

static void emit_domain(struct known_domain *known, enum vpce_event_kind kind, enum vpce_vm_state state)
{
    struct vpce_event event;

    if (kind == VPCE_EVENT_STATE)
    {
        if (known->state == state) return;
        known->state = state;
    }

    memset(&event, 0, sizeof(event));
    event.kind = kind;
    event.vmc_path = known->vmc_path;
    event.name = known->name;
    event.state = state;
    event.media = "";
    events_emit(&event);
}

/* ---- libvirt's events ------------------------------------------------- */

static int lifecycle_event(virConnectPtr conn, virDomainPtr domain, int event, int detail, void *opaque)
{
    struct known_domain *known = learn_domain(domain);

    if (!known) return 0;
    switch (event)
    {
    case VIR_DOMAIN_EVENT_STARTED:
        known->shutdown_told = 0;
        /* fall through */
    case VIR_DOMAIN_EVENT_RESUMED:
        emit_domain(known, VPCE_EVENT_STATE, VPCE_VM_RUNNING);
        break;
    case VIR_DOMAIN_EVENT_SUSPENDED:
        emit_domain(known, VPCE_EVENT_STATE, VPCE_VM_PAUSED);
        break;
    case VIR_DOMAIN_EVENT_SHUTDOWN:
        /* the guest powered off (libvirt may tell it in two details) */
        if (detail != VIR_DOMAIN_EVENT_SHUTDOWN_HOST && !known->shutdown_told)
        {
            known->shutdown_told = 1;
            emit_domain(known, VPCE_EVENT_GUEST_SHUTDOWN, 0);
        }
        break;
    case VIR_DOMAIN_EVENT_STOPPED:
        emit_domain(known, VPCE_EVENT_STATE,
                    detail == VIR_DOMAIN_EVENT_STOPPED_SAVED ? VPCE_VM_SAVED : VPCE_VM_TURNED_OFF);
        forget_domain(known);
        break;
    }
    return 0;
}

static void reboot_event(virConnectPtr conn, virDomainPtr domain, void *opaque)
{
    struct known_domain *known = learn_domain(domain);

    if (known) emit_domain(known, VPCE_EVENT_RESET, 0);
}

static int connection_closed;

static void close_callback(virConnectPtr conn, int reason, void *opaque)
{
    connection_closed = 1;
}

static void quiet(void *data, virErrorPtr error)
{
}

/* The domains that run now, so that their stop can be told. */
static void learn_running_domains(virConnectPtr conn)
{
    virDomainPtr *domains = NULL;
    int count, i;

    if ((count = virConnectListAllDomains(conn, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE)) < 0) return;
    for (i = 0; i < count; i++)
    {
        learn_domain(domains[i]);
        virDomainFree(domains[i]);
    }
    free(domains);
}

/* libvirt's event loop, on a connection of its own; a lost connection
 * (libvirtd restarted) is opened again. */
static void *event_thread(void *arg)
{
    virConnectPtr conn = NULL;
    int lifecycle = -1, reboot = -1;

    for (;;)
    {
        if (!conn)
        {
            virSetErrorFunc(NULL, quiet);
            if ((conn = virConnectOpen(NULL)))
            {
                connection_closed = 0;
                virConnectRegisterCloseCallback(conn, close_callback, NULL, NULL);
                virConnectSetKeepAlive(conn, 5, 3);
                lifecycle = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                             VIR_DOMAIN_EVENT_CALLBACK(lifecycle_event), NULL, NULL);
                reboot = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_REBOOT,
                                                          VIR_DOMAIN_EVENT_CALLBACK(reboot_event), NULL, NULL);
                learn_running_domains(conn);
            }
            else
            {
                sleep(1);
                continue;
            }
        }
        if (virEventRunDefaultImpl() < 0 || connection_closed)
        {
            if (lifecycle >= 0) virConnectDomainEventDeregisterAny(conn, lifecycle);
            if (reboot >= 0) virConnectDomainEventDeregisterAny(conn, reboot);
            virConnectUnregisterCloseCallback(conn, close_callback);
            virConnectClose(conn);
            conn = NULL;
            lifecycle = reboot = -1;
        }
    }
    return NULL;
}

static void start_loop(void)
{
    pthread_attr_t attr;
    pthread_t thread;

    if (virEventRegisterDefaultImpl() < 0) return;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    loop_started = !pthread_create(&thread, &attr, event_thread, NULL);
    pthread_attr_destroy(&attr);
}

/* ---- subscriptions ------------------------------------------------------ */

enum vpce_status vpce_events_subscribe(vpce_event_callback callback, void *context,
                                       struct vpce_subscription **subscription)
{
    struct vpce_subscription *sub, **last;

    *subscription = NULL;
    if (!callback) return VPCE_E_INVALID_ARG;
    pthread_once(&loop_once, start_loop);
    if (!loop_started) return VPCE_E_UNEXPECTED;
    if (!(sub = calloc(1, sizeof(*sub)))) return VPCE_E_NOMEM;
    sub->callback = callback;
    sub->context = context;
    pthread_mutex_lock(&dispatch_lock);
    for (last = &subscriptions; *last; last = &(*last)->next) ;
    *last = sub;
    pthread_mutex_unlock(&dispatch_lock);
    *subscription = sub;
    return VPCE_OK;
}

void vpce_events_unsubscribe(struct vpce_subscription *subscription)
{
    struct vpce_subscription **sub;

    if (!subscription) return;
    pthread_mutex_lock(&dispatch_lock);
    for (sub = &subscriptions; *sub; sub = &(*sub)->next)
    {
        if (*sub != subscription) continue;
        *sub = subscription->next;
        break;
    }
    pthread_mutex_unlock(&dispatch_lock);
    free(subscription);
}
