/*
 * Tasks: long operations on worker threads, with progress, cancellation,
 * a result and an error
 *
 * A task holds one reference for its worker thread and one for the list of
 * live tasks; the caller gets a third.  Whoever releases last frees it, so
 * the work goes on when the caller lets go early.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vpcengine.h"

#define WORKER_STACK_SIZE (512 * 1024)

struct vpce_task
{
    pthread_mutex_t lock;
    pthread_cond_t done;
    int refs;
    int32_t id;
    char *description;
    int cancelable;
    int cancel_requested;
    int complete;
    int percent;
    enum vpce_task_result result;
    enum vpce_status error;
    char *error_text;
    const struct vpce_task_ops *ops;
    void *context;
    struct vpce_task *next;       /* in the list of running tasks */
};

static pthread_mutex_t tasks_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tasks_idle = PTHREAD_COND_INITIALIZER;
static struct vpce_task *running_tasks;
static int running_count;
static int32_t last_id;

static void task_free(struct vpce_task *task)
{
    pthread_mutex_destroy(&task->lock);
    pthread_cond_destroy(&task->done);
    free(task->description);
    free(task->error_text);
    free(task);
}

void vpce_task_ref(struct vpce_task *task)
{
    pthread_mutex_lock(&task->lock);
    task->refs++;
    pthread_mutex_unlock(&task->lock);
}

void vpce_task_unref(struct vpce_task *task)
{
    int refs;

    if (!task) return;
    pthread_mutex_lock(&task->lock);
    refs = --task->refs;
    pthread_mutex_unlock(&task->lock);
    if (!refs) task_free(task);
}

enum vpce_task_result vpce_task_result_from_status(enum vpce_status status)
{
    switch (status)
    {
    case VPCE_OK:
        return VPCE_TASK_SUCCESS;
    case VPCE_E_CANCELLED:
        return VPCE_TASK_CANCELLED;
    case VPCE_E_NOMEM:
    case VPCE_E_OUT_OF_RESOURCE:
        return VPCE_TASK_OUT_OF_MEMORY;
    case VPCE_E_TIMED_OUT:
        return VPCE_TASK_TIMEOUT;
    case VPCE_E_INVALID_ARG:
    case VPCE_E_PREF_ILLEGAL_VALUE:
        return VPCE_TASK_ILLEGAL_VALUE;
    case VPCE_E_APP_SHUTTING_DOWN:
        return VPCE_TASK_SHUTDOWN_ABORT;
    case VPCE_E_DISK_FULL:
    case VPCE_E_FILE_NOT_FOUND:
    case VPCE_E_PATH_NOT_FOUND:
    case VPCE_E_ALREADY_EXISTS:
    case VPCE_E_ACCESS_DENIED:
    case VPCE_E_SHARING_VIOLATION:
    case VPCE_E_FILE_TOO_LARGE_FOR_VOLUME:
    case VPCE_E_FILE_READ_ONLY:
    case VPCE_E_WRONG_HD_IMAGE_TYPE:
    case VPCE_E_HD_IMAGE_OPEN_FAIL:
    case VPCE_E_HD_IMAGE_ACCESS:
    case VPCE_E_INVALID_HD_FILE:
    case VPCE_E_IMAGE_SIZE_TOO_LARGE:
    case VPCE_E_IMAGE_SIZE_TOO_SMALL:
    case VPCE_E_PARENT_CHILD_ID_MISMATCH:
    case VPCE_E_PARENT_PATH_NOT_FOUND:
    case VPCE_E_PARENT_MODIFIED:
    case VPCE_E_UNSUPPORTED_HD_DISK_TYPE:
        return VPCE_TASK_DISK_ERROR;
    default:
        return VPCE_TASK_UNEXPECTED_ERROR;
    }
}

static void list_remove(struct vpce_task *task)
{
    struct vpce_task **p;

    pthread_mutex_lock(&tasks_lock);
    for (p = &running_tasks; *p; p = &(*p)->next)
    {
        if (*p != task) continue;
        *p = task->next;
        running_count--;
        break;
    }
    if (!running_count) pthread_cond_broadcast(&tasks_idle);
    pthread_mutex_unlock(&tasks_lock);
}

static void *task_worker(void *arg)
{
    struct vpce_task *task = arg;
    enum vpce_status status;

    status = task->ops->run(task, task->context);

    pthread_mutex_lock(&task->lock);
    /* a request to cancel that came after the work was done changes nothing */
    if (status == VPCE_OK) task->cancel_requested = 0;
    pthread_mutex_unlock(&task->lock);

    /* undo or finish what the work made, before anyone sees completion */
    if (task->ops->cleanup) task->ops->cleanup(task->context, status);

    pthread_mutex_lock(&task->lock);
    task->error = status;
    task->result = vpce_task_result_from_status(status);
    if (status != VPCE_OK && !task->error_text)
        task->error_text = strdup(vpce_strerror(status));
    task->percent = 100;
    task->complete = 1;
    task->context = NULL;
    pthread_cond_broadcast(&task->done);
    pthread_mutex_unlock(&task->lock);

    list_remove(task);
    vpce_task_unref(task);  /* the list's reference */
    vpce_task_unref(task);  /* the worker's reference */
    return NULL;
}

enum vpce_status vpce_task_start(const char *description, int cancelable,
                                 const struct vpce_task_ops *ops, void *context,
                                 struct vpce_task **ret)
{
    struct vpce_task *task;
    pthread_attr_t attr;
    pthread_t thread;
    int err;

    *ret = NULL;
    if (!(task = calloc(1, sizeof(*task)))) return VPCE_E_NOMEM;
    if (!(task->description = strdup(description ? description : "")))
    {
        free(task);
        return VPCE_E_NOMEM;
    }
    pthread_mutex_init(&task->lock, NULL);
    pthread_cond_init(&task->done, NULL);
    task->refs = 3;  /* caller, worker, list */
    task->cancelable = cancelable;
    task->ops = ops;
    task->context = context;

    pthread_mutex_lock(&tasks_lock);
    if (++last_id <= 0) last_id = 1;
    task->id = last_id;
    task->next = running_tasks;
    running_tasks = task;
    running_count++;
    pthread_mutex_unlock(&tasks_lock);

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    err = pthread_create(&thread, &attr, task_worker, task);
    pthread_attr_destroy(&attr);
    if (err)
    {
        list_remove(task);
        task_free(task);
        return err == EAGAIN ? VPCE_E_OUT_OF_RESOURCE : VPCE_E_UNEXPECTED;
    }

    *ret = task;
    return VPCE_OK;
}

int vpce_task_progress(struct vpce_task *task, int percent)
{
    int cancel;

    if (percent < 0) percent = 0;
    if (percent > 99) percent = 99;  /* 100 means complete */
    pthread_mutex_lock(&task->lock);
    if (percent > task->percent) task->percent = percent;
    cancel = task->cancel_requested;
    pthread_mutex_unlock(&task->lock);
    return cancel;
}

int vpce_task_cancel_requested(struct vpce_task *task)
{
    int cancel;

    pthread_mutex_lock(&task->lock);
    cancel = task->cancel_requested;
    pthread_mutex_unlock(&task->lock);
    return cancel;
}

void vpce_task_set_error_text(struct vpce_task *task, const char *format, ...)
{
    char *text = NULL;
    va_list args;

    if (!task) return;  /* work done outside a task reports its status only */
    va_start(args, format);
    if (vasprintf(&text, format, args) < 0) text = NULL;
    va_end(args);

    pthread_mutex_lock(&task->lock);
    free(task->error_text);
    task->error_text = text;
    pthread_mutex_unlock(&task->lock);
}

enum vpce_status vpce_task_cancel(struct vpce_task *task)
{
    enum vpce_status status = VPCE_OK;

    pthread_mutex_lock(&task->lock);
    if (!task->cancelable || task->complete)
        status = VPCE_E_NOT_CANCELABLE;
    else
        task->cancel_requested = 1;
    pthread_mutex_unlock(&task->lock);
    return status;
}

static void deadline_after(struct timespec *deadline, int32_t timeout_ms)
{
    clock_gettime(CLOCK_REALTIME, deadline);
    deadline->tv_sec += timeout_ms / 1000;
    deadline->tv_nsec += (long)(timeout_ms % 1000) * 1000000;
    if (deadline->tv_nsec >= 1000000000)
    {
        deadline->tv_sec++;
        deadline->tv_nsec -= 1000000000;
    }
}

int vpce_task_wait(struct vpce_task *task, int32_t timeout_ms)
{
    struct timespec deadline;
    int complete;

    if (timeout_ms >= 0) deadline_after(&deadline, timeout_ms);

    pthread_mutex_lock(&task->lock);
    while (!task->complete)
    {
        if (timeout_ms < 0)
            pthread_cond_wait(&task->done, &task->lock);
        else if (pthread_cond_timedwait(&task->done, &task->lock, &deadline) == ETIMEDOUT)
            break;
    }
    complete = task->complete;
    pthread_mutex_unlock(&task->lock);
    return complete;
}

void vpce_task_get_state(struct vpce_task *task, struct vpce_task_state *state)
{
    pthread_mutex_lock(&task->lock);
    state->id = task->id;
    state->complete = task->complete;
    state->cancelable = task->cancelable && !task->complete;
    state->percent = task->percent;
    state->result = task->result;
    state->error = task->error;
    pthread_mutex_unlock(&task->lock);
}

int32_t vpce_task_id(struct vpce_task *task)
{
    return task->id;  /* set before the task is shared */
}

char *vpce_task_description(struct vpce_task *task)
{
    return strdup(task->description);  /* never changes */
}

char *vpce_task_error_text(struct vpce_task *task)
{
    char *text;

    pthread_mutex_lock(&task->lock);
    text = strdup(task->error_text ? task->error_text : "");
    pthread_mutex_unlock(&task->lock);
    return text;
}

size_t vpce_tasks_running(struct vpce_task ***ret)
{
    struct vpce_task *task, **tasks = NULL;
    size_t count = 0;

    pthread_mutex_lock(&tasks_lock);
    if (ret && running_count && (tasks = malloc(running_count * sizeof(*tasks))))
    {
        /* the list is newest first; the caller gets the oldest first */
        for (task = running_tasks; task; task = task->next)
        {
            vpce_task_ref(task);
            tasks[running_count - 1 - count++] = task;
        }
    }
    else
        count = running_count;
    pthread_mutex_unlock(&tasks_lock);

    if (ret) *ret = tasks;
    return count;
}

void vpce_tasks_wait_all(void)
{
    pthread_mutex_lock(&tasks_lock);
    while (running_count)
        pthread_cond_wait(&tasks_idle, &tasks_lock);
    pthread_mutex_unlock(&tasks_lock);
}
