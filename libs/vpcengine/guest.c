/*
 * vpcengine: the guest operating system of a running machine
 *
 * What Virtual PC's integration components told the host comes from QEMU's
 * guest agent on the org.qemu.guest_agent.0 port (GUEST_AGENT_PORT): its
 * heartbeat is guest-ping, the system's name and version guest-get-osinfo,
 * the computer's name guest-get-host-name, the users guest-get-users.
 * Shut-down and restart go through the agent, and shut-down through the
 * ACPI power button when there is no agent.
 *
 * The heartbeat percentage needs the past minute, and scripts are short-
 * lived processes: every ping, from any process, is recorded in the
 * domain's heartbeat file in the run folder, and the percentage is the
 * share of the past minute's pings that were answered.
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
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>

#include "engine_private.h"

#define AGENT_TIMEOUT 5          /* seconds an agent command may take */
#define HEARTBEAT_WINDOW 60      /* the past minute */
#define HEARTBEAT_SAMPLES 256    /* at most this many kept */
#define SHUTDOWN_TIMEOUT 120     /* seconds a guest may take to stop or restart */

#define KEY_TIME_SYNC "integration/microsoft/components/host_time_sync/enabled"

/* The running (or paused) domain of a machine, with its connection; a
 * machine whose .vmc is gone is unknown. */
static enum vpce_status open_domain(const struct vpce_machine *machine, virConnectPtr *conn,
                                    virDomainPtr *domain, int allow_paused)
{
    *conn = NULL;
    *domain = NULL;
    if (!file_exists(machine->path)) return VPCE_E_VM_UNKNOWN;
    return machine_running_domain(machine, allow_paused, (void **)conn, (void **)domain);
}

/* An agent command's "return" member (a new reference), or NULL when the
 * agent is absent or does not answer. */
static json_object *agent_command(virDomainPtr domain, const char *command, int timeout)
{
    json_object *reply, *ret = NULL;
    char *text, buffer[128];

    snprintf(buffer, sizeof(buffer), "{\"execute\":\"%s\"}", command);
    if (!(text = virDomainQemuAgentCommand(domain, buffer, timeout, 0))) return NULL;
    if ((reply = json_tokener_parse(text)) && json_object_object_get_ex(reply, "return", &ret))
        json_object_get(ret);
    json_object_put(reply);
    free(text);
    return ret;
}

static char *json_string(json_object *object, const char *member);

/* One string member of an agent command's answer. */
static char *agent_string(virDomainPtr domain, const char *command, const char *member)
{
    json_object *reply = agent_command(domain, command, AGENT_TIMEOUT);
    char *ret = json_string(reply, member);

    json_object_put(reply);
    return ret;
}

static char *json_string(json_object *object, const char *member)
{
    json_object *value;

    if (!object || !json_object_object_get_ex(object, member, &value)
            || !json_object_is_type(value, json_type_string))
        return NULL;
    return strdup(json_object_get_string(value));
}

/* ---- the heartbeat ---------------------------------------------------- */

static char *heartbeat_path(virDomainPtr domain)
{
    char *dir = machine_run_dir(), *ret = NULL;

    if (dir && asprintf(&ret, "%s/%s.heartbeat", dir, virDomainGetName(domain)) < 0) ret = NULL;
    free(dir);
    return ret;
}

/* Adds a sample to the domain's heartbeat file and returns the percentage
 * of answered pings of the past minute, this one included. */
static int record_heartbeat(virDomainPtr domain, int answered)
{
    long long times[HEARTBEAT_SAMPLES], now = time(NULL), t;
    int oks[HEARTBEAT_SAMPLES], count = 0, good = 0, ok, fd, i;
    char *path = heartbeat_path(domain);
    FILE *file = NULL;

    if (path && (fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) >= 0)
    {
        flock(fd, LOCK_EX);
        if (!(file = fdopen(fd, "r+"))) close(fd);
    }
    while (file && count < HEARTBEAT_SAMPLES - 1 && fscanf(file, "%lld %d", &t, &ok) == 2)
    {
        if (t > now - HEARTBEAT_WINDOW && t <= now)
        {
            times[count] = t;
            oks[count++] = ok;
        }
    }
    times[count] = now;
    oks[count++] = answered;
    if (file)
    {
        rewind(file);
        if (!ftruncate(fileno(file), 0))
            for (i = 0; i < count; i++) fprintf(file, "%lld %d\n", times[i], oks[i]);
        fclose(file);  /* and the lock */
    }
    for (i = 0; i < count; i++) good += !!oks[i];
    free(path);
    return good * 100 / count;
}

/* Pings the agent; VPCE_E_ADDITIONS_NOT_AVAIL when it does not answer. */
enum vpce_status vpce_guest_heartbeat(const struct vpce_machine *machine, int *beating, int *percentage)
{
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;
    json_object *reply;
    int percent;

    *beating = 0;
    if (percentage) *percentage = 0;
    if ((status = open_domain(machine, &conn, &domain, 0))) return status;
    reply = agent_command(domain, "guest-ping", AGENT_TIMEOUT);
    percent = record_heartbeat(domain, reply != NULL);
    machine_release_domain(conn, domain);
    if (!reply) return VPCE_E_ADDITIONS_NOT_AVAIL;
    json_object_put(reply);
    *beating = 1;
    if (percentage) *percentage = percent;
    return VPCE_OK;
}

/* ---- what the agent tells ---------------------------------------------- */

/* "6.1.0-28-amd64" as 6, 1 and 0 */
static void parse_release(const char *release, struct vpce_guest_os *os)
{
    unsigned int major = 0, minor = 0, build = 0;

    sscanf(release, "%u.%u.%u", &major, &minor, &build);
    os->major = major;
    os->minor = minor;
    os->build = build;
}

enum vpce_status vpce_guest_get_os(const struct vpce_machine *machine, struct vpce_guest_os *os)
{
    json_object *info, *version;
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;

    memset(os, 0, sizeof(*os));
    if ((status = open_domain(machine, &conn, &domain, 0))) return status;
    info = agent_command(domain, "guest-get-osinfo", AGENT_TIMEOUT);
    version = agent_command(domain, "guest-info", AGENT_TIMEOUT);
    os->computer_name = agent_string(domain, "guest-get-host-name", "host-name");
    machine_release_domain(conn, domain);
    if (!info)
    {
        json_object_put(version);
        vpce_guest_os_free(os);
        return VPCE_E_ADDITIONS_NOT_AVAIL;
    }
    if (!(os->name = json_string(info, "pretty-name")) && !(os->name = json_string(info, "name")))
        os->name = strdup("Linux");
    os->kernel_release = json_string(info, "kernel-release");
    os->kernel_version = json_string(info, "kernel-version");
    if (os->kernel_release) parse_release(os->kernel_release, os);
    os->agent_version = json_string(version, "version");
    json_object_put(info);
    json_object_put(version);
    return os->name ? VPCE_OK : VPCE_E_NOMEM;
}

void vpce_guest_os_free(struct vpce_guest_os *os)
{
    free(os->name);
    free(os->kernel_release);
    free(os->kernel_version);
    free(os->agent_version);
    free(os->computer_name);
    memset(os, 0, sizeof(*os));
}

/* The number of users logged on to the guest. */
enum vpce_status vpce_guest_users(const struct vpce_machine *machine, int *count)
{
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;
    json_object *users;

    *count = 0;
    if ((status = open_domain(machine, &conn, &domain, 1))) return status;
    users = agent_command(domain, "guest-get-users", AGENT_TIMEOUT);
    machine_release_domain(conn, domain);
    if (!users) return VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL;
    if (json_object_is_type(users, json_type_array)) *count = json_object_array_length(users);
    json_object_put(users);
    return VPCE_OK;
}

/* ---- host time synchronization ---------------------------------------- */

int vpce_guest_time_sync_enabled(const struct vpce_machine *machine)
{
    struct vpce_value value;
    struct vpce_vmc *vmc;
    int ret = 1;  /* on unless the configuration says otherwise */

    if (machine_load_vmc(machine, &vmc)) return ret;
    if (!vpce_vmc_get(vmc, KEY_TIME_SYNC, &value))
    {
        if (value.type == VPCE_VALUE_BOOLEAN || value.type == VPCE_VALUE_INTEGER) ret = !!value.integer;
        vpce_value_clear(&value);
    }
    vpce_vmc_free(vmc);
    return ret;
}

/* Sets the guest's clock to the host's now, through the agent. */
static void sync_time(const struct vpce_machine *machine)
{
    virConnectPtr conn;
    virDomainPtr domain;
    struct timespec now;

    if (open_domain(machine, &conn, &domain, 0)) return;
    clock_gettime(CLOCK_REALTIME, &now);
    virDomainSetTime(domain, now.tv_sec, now.tv_nsec, 0);
    machine_release_domain(conn, domain);
}

/* The setting is kept in the .vmc; turning it on sets a running guest's
 * clock at once. */
enum vpce_status vpce_guest_set_time_sync(const struct vpce_machine *machine, int enable)
{
    struct vpce_value value = { VPCE_VALUE_BOOLEAN, !!enable, NULL };
    enum vpce_status status;
    struct vpce_vmc *vmc;

    if ((status = machine_load_vmc(machine, &vmc))) return status;
    if (!(status = vpce_vmc_set(vmc, KEY_TIME_SYNC, &value)))
        status = vpce_vmc_save(vmc, vpce_machine_path(machine));
    vpce_vmc_free(vmc);
    if (!status && enable) sync_time(machine);
    return status;
}

/* ---- shut-down and restart -------------------------------------------- */

struct guest_job
{
    struct vpce_machine *machine;
    int restart;
};

static void sleep_ms(int ms)
{
    struct timespec delay = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&delay, NULL);
}

static int agent_answers(const struct vpce_machine *machine)
{
    int beating;
    return !vpce_guest_heartbeat(machine, &beating, NULL) && beating;
}

/* Until the machine is off (which finishes its stop: disk servers, undo
 * disks), SHUTDOWN_TIMEOUT at most. */
static enum vpce_status wait_turned_off(struct vpce_task *task, const struct vpce_machine *machine)
{
    enum vpce_vm_state state = VPCE_VM_RUNNING;
    int i;

    for (i = 0; i < SHUTDOWN_TIMEOUT * 5; i++)
    {
        if (vpce_machine_get_state(machine, &state) || state == VPCE_VM_TURNED_OFF) return VPCE_OK;
        vpce_task_progress(task, 10 + i * 80 / (SHUTDOWN_TIMEOUT * 5));
        sleep_ms(200);
    }
    vpce_task_set_error_text(task, "The guest did not shut down within %d seconds.", SHUTDOWN_TIMEOUT);
    return VPCE_E_TIMED_OUT;
}

/* A restart is done when the agent stopped answering and answers again. */
static enum vpce_status wait_restarted(struct vpce_task *task, const struct vpce_machine *machine)
{
    time_t end = time(NULL) + SHUTDOWN_TIMEOUT;
    int down = 0;

    while (time(NULL) < end)
    {
        if (agent_answers(machine))
        {
            if (down) return VPCE_OK;
        }
        else if (!down)
        {
            down = 1;
            vpce_task_progress(task, 50);
        }
        sleep_ms(down ? 500 : 200);
    }
    vpce_task_set_error_text(task, "The guest did not %s within %d seconds.",
                             down ? "come back" : "restart", SHUTDOWN_TIMEOUT);
    return VPCE_E_TIMED_OUT;
}

static enum vpce_status guest_job_run(struct vpce_task *task, void *context)
{
    struct guest_job *job = context;
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;
    int agent = agent_answers(job->machine), ret;

    if ((status = open_domain(job->machine, &conn, &domain, 0))) return status;
    if (job->restart)
        ret = agent ? virDomainReboot(domain, VIR_DOMAIN_REBOOT_GUEST_AGENT) : -1;
    else
        ret = virDomainShutdownFlags(domain, agent ? VIR_DOMAIN_SHUTDOWN_GUEST_AGENT
                                                   : VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN);
    if (ret < 0)
    {
        virErrorPtr error = virGetLastError();
        vpce_task_set_error_text(task, "The guest could not be %s: %s", job->restart ? "restarted" : "shut down",
                                 error && error->message ? error->message : "no integration components");
        status = job->restart && !agent ? VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL : VPCE_E_UNEXPECTED;
    }
    machine_release_domain(conn, domain);
    vpce_task_progress(task, 10);
    if (!status) status = job->restart ? wait_restarted(task, job->machine) : wait_turned_off(task, job->machine);
    return status;
}

static void guest_job_cleanup(void *context, enum vpce_status status)
{
    struct guest_job *job = context;

    vpce_machine_close(job->machine);
    free(job);
}

static const struct vpce_task_ops guest_job_ops = { guest_job_run, guest_job_cleanup };

/* Shut-down through the agent, or the ACPI power button without one;
 * restart needs the agent (VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL). */
enum vpce_status vpce_guest_shutdown(const char *description, const struct vpce_machine *machine, int restart,
                                     struct vpce_task **task)
{
    struct guest_job *job;
    virConnectPtr conn;
    virDomainPtr domain;
    enum vpce_status status;

    *task = NULL;
    if ((status = open_domain(machine, &conn, &domain, 0))) return status;
    machine_release_domain(conn, domain);
    if (restart && !agent_answers(machine)) return VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL;
    if (!(job = calloc(1, sizeof(*job)))) return VPCE_E_NOMEM;
    job->restart = restart;
    if ((status = vpce_machine_open(vpce_machine_path(machine), &job->machine)))
    {
        free(job);
        return status;
    }
    if ((status = vpce_task_start(description, 0, &guest_job_ops, job, task)))
        guest_job_cleanup(job, status);
    return status;
}
