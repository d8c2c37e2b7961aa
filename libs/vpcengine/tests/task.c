/*
 * Unit tests of the task engine, with a task kind of their own: it writes
 * a file step by step and removes it again when it fails or is cancelled.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vpcengine.h"
#include "unittest.h"

struct step_job
{
    int steps;
    int step_ms;
    char path[256];        /* written one line per step; "" for none */
    enum vpce_status fail_with;
    int fail_at;           /* step at which to fail */
};

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static enum vpce_status step_run(struct vpce_task *task, void *context)
{
    struct step_job *job = context;
    FILE *file = NULL;
    int i;

    if (job->path[0] && !(file = fopen(job->path, "w"))) return VPCE_E_ACCESS_DENIED;
    for (i = 0; i < job->steps; i++)
    {
        if (job->fail_with && i == job->fail_at)
        {
            vpce_task_set_error_text(task, "step %d of %d failed", i, job->steps);
            if (file) fclose(file);
            return job->fail_with;
        }
        if (file) fprintf(file, "step %d\n", i);
        if (job->step_ms) sleep_ms(job->step_ms);
        if (vpce_task_progress(task, (i + 1) * 100 / job->steps))
        {
            if (file) fclose(file);
            return VPCE_E_CANCELLED;
        }
    }
    if (file) fclose(file);
    return VPCE_OK;
}

static void step_cleanup(void *context, enum vpce_status status)
{
    struct step_job *job = context;

    if (status != VPCE_OK && job->path[0]) unlink(job->path);
    free(job);
}

static const struct vpce_task_ops step_ops = { step_run, step_cleanup };

static char tmpdir[] = "/tmp/vpcengine-task-XXXXXX";

static struct vpce_task *start_steps(int steps, int step_ms, const char *file, int cancelable)
{
    struct step_job *job = calloc(1, sizeof(*job));
    struct vpce_task *task = NULL;
    enum vpce_status status;

    job->steps = steps;
    job->step_ms = step_ms;
    if (file) snprintf(job->path, sizeof(job->path), "%s/%s", tmpdir, file);
    status = vpce_task_start("Counting steps", cancelable, &step_ops, job, &task);
    CHECK(status == VPCE_OK, "start: %s\n", vpce_strerror(status));
    return task;
}

static int file_exists(const char *name)
{
    char path[300];
    struct stat st;

    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    return !stat(path, &st);
}

static void test_progress(void)
{
    struct vpce_task *task = start_steps(50, 4, NULL, 1);
    struct vpce_task_state state;
    int last = -1, backwards = 0, early_100 = 0, samples = 0;
    char *text;

    if (!task) return;
    do
    {
        vpce_task_get_state(task, &state);
        if (state.percent < last) backwards++;
        if (state.percent == 100 && !state.complete) early_100++;
        last = state.percent;
        samples++;
        sleep_ms(1);
    } while (!state.complete);

    CHECK(!backwards, "progress went backwards %d times\n", backwards);
    CHECK(!early_100, "100%% before completion %d times\n", early_100);
    CHECK(samples > 10, "only %d samples\n", samples);
    CHECK(state.percent == 100, "final percent %d\n", state.percent);
    CHECK(state.result == VPCE_TASK_SUCCESS, "result %d\n", state.result);
    CHECK(state.error == VPCE_OK, "error %d\n", state.error);
    CHECK(!state.cancelable, "a complete task is not cancelable\n");
    CHECK(state.id > 0, "id %d\n", state.id);
    text = vpce_task_description(task);
    CHECK(text && !strcmp(text, "Counting steps"), "description %s\n", text);
    free(text);
    text = vpce_task_error_text(task);
    CHECK(text && !*text, "error text %s\n", text);
    free(text);
    vpce_task_unref(task);
}

static void test_cancel(void)
{
    struct vpce_task *task = start_steps(200, 5, "cancelled", 1);
    struct vpce_task_state state;
    enum vpce_status status;
    char *text;

    if (!task) return;
    do
    {
        sleep_ms(2);
        vpce_task_get_state(task, &state);
    } while (state.percent < 10);
    CHECK(file_exists("cancelled"), "the work has begun\n");

    status = vpce_task_cancel(task);
    CHECK(status == VPCE_OK, "cancel: %d\n", status);
    CHECK(vpce_task_wait(task, -1), "wait\n");
    vpce_task_get_state(task, &state);
    CHECK(state.complete, "complete\n");
    CHECK(state.result == VPCE_TASK_CANCELLED, "result %d\n", state.result);
    CHECK(state.error == VPCE_E_CANCELLED, "error %d\n", state.error);
    CHECK(state.percent == 100, "percent %d\n", state.percent);
    CHECK(!file_exists("cancelled"), "the cancelled work left its file behind\n");
    text = vpce_task_error_text(task);
    CHECK(text && !strcmp(text, vpce_strerror(VPCE_E_CANCELLED)), "error text %s\n", text);
    free(text);

    status = vpce_task_cancel(task);
    CHECK(status == VPCE_E_NOT_CANCELABLE, "cancel when complete: %d\n", status);
    vpce_task_unref(task);

    /* a task that cannot stop part way */
    task = start_steps(20, 2, NULL, 0);
    vpce_task_get_state(task, &state);
    CHECK(!state.cancelable, "cancelable\n");
    status = vpce_task_cancel(task);
    CHECK(status == VPCE_E_NOT_CANCELABLE, "cancel: %d\n", status);
    vpce_task_wait(task, -1);
    vpce_task_get_state(task, &state);
    CHECK(state.result == VPCE_TASK_SUCCESS, "result %d\n", state.result);
    vpce_task_unref(task);
}

static void test_wait(void)
{
    struct vpce_task *task = start_steps(100, 5, NULL, 1);
    double start, elapsed;
    int complete;

    if (!task) return;
    start = now_ms();
    complete = vpce_task_wait(task, 0);
    elapsed = now_ms() - start;
    CHECK(!complete, "complete at once\n");
    CHECK(elapsed < 5000, "wait(0) blocked %.1f ms\n", elapsed);

    start = now_ms();
    complete = vpce_task_wait(task, 50);
    elapsed = now_ms() - start;
    CHECK(!complete, "complete after 50 ms\n");
    CHECK(elapsed >= 49, "wait(50) returned after %.1f ms\n", elapsed);

    CHECK(vpce_task_wait(task, -1), "wait(-1)\n");
    CHECK(vpce_task_wait(task, 0), "wait(0) on a complete task\n");
    vpce_task_unref(task);
}

static void test_error(void)
{
    struct step_job *job = calloc(1, sizeof(*job));
    struct vpce_task_state state;
    struct vpce_task *task;
    enum vpce_status status;
    char *text;

    job->steps = 10;
    job->fail_with = VPCE_E_DISK_FULL;
    job->fail_at = 5;
    snprintf(job->path, sizeof(job->path), "%s/failed", tmpdir);
    status = vpce_task_start("Failing", 1, &step_ops, job, &task);
    CHECK(status == VPCE_OK, "start %d\n", status);
    if (status) return;
    vpce_task_wait(task, -1);
    vpce_task_get_state(task, &state);
    CHECK(state.result == VPCE_TASK_DISK_ERROR, "result %d\n", state.result);
    CHECK(state.error == VPCE_E_DISK_FULL, "error %d\n", state.error);
    text = vpce_task_error_text(task);
    CHECK(text && !strcmp(text, "step 5 of 10 failed"), "error text %s\n", text);
    free(text);
    CHECK(!file_exists("failed"), "the failed work left its file behind\n");
    vpce_task_unref(task);

    CHECK(vpce_task_result_from_status(VPCE_E_NOMEM) == VPCE_TASK_OUT_OF_MEMORY, "nomem\n");
    CHECK(vpce_task_result_from_status(VPCE_E_TIMED_OUT) == VPCE_TASK_TIMEOUT, "timeout\n");
    CHECK(vpce_task_result_from_status(VPCE_E_INVALID_ARG) == VPCE_TASK_ILLEGAL_VALUE, "arg\n");
    CHECK(vpce_task_result_from_status(VPCE_E_VM_RUNNING) == VPCE_TASK_UNEXPECTED_ERROR, "other\n");
}

#define MANY 1000

static void test_many(void)
{
    static struct vpce_task *tasks[MANY];
    struct vpce_task_state state;
    int i, j, ok_count = 0, duplicate_ids = 0, started = 0;

    for (i = 0; i < MANY; i++)
        if ((tasks[i] = start_steps(3, 1, NULL, 1))) started++;
    CHECK(started == MANY, "started %d\n", started);
    for (i = 0; i < MANY; i++)
    {
        if (!tasks[i]) continue;
        vpce_task_wait(tasks[i], -1);
        vpce_task_get_state(tasks[i], &state);
        if (state.complete && state.result == VPCE_TASK_SUCCESS && state.percent == 100) ok_count++;
    }
    CHECK(ok_count == MANY, "%d of %d tasks succeeded\n", ok_count, MANY);
    for (i = 1; i < MANY; i++)
        for (j = 0; j < i; j++)
            if (tasks[i] && tasks[j] && vpce_task_id(tasks[i]) == vpce_task_id(tasks[j]))
                duplicate_ids++;
    CHECK(!duplicate_ids, "%d duplicate ids\n", duplicate_ids);
    for (i = 0; i < MANY; i++) vpce_task_unref(tasks[i]);
    vpce_tasks_wait_all();
    CHECK(vpce_tasks_running(NULL) == 0, "tasks still running\n");
}

static void test_released_early(void)
{
    struct vpce_task *task = start_steps(30, 3, "released", 1);
    char path[300], line[64];
    int lines = 0;
    FILE *file;

    if (!task) return;
    vpce_task_unref(task);  /* nobody holds the task any more */
    vpce_tasks_wait_all();

    snprintf(path, sizeof(path), "%s/released", tmpdir);
    file = fopen(path, "r");
    CHECK(file != NULL, "the released task's file is missing\n");
    if (!file) return;
    while (fgets(line, sizeof(line), file)) lines++;
    fclose(file);
    CHECK(lines == 30, "the released task wrote %d of 30 steps\n", lines);
    unlink(path);
}

static void test_running_list(void)
{
    struct vpce_task *first = start_steps(40, 5, NULL, 1), *second = start_steps(40, 5, NULL, 1);
    struct vpce_task **tasks;
    size_t count, i;
    int seen_first = -1, seen_second = -1;

    count = vpce_tasks_running(&tasks);
    CHECK(count >= 2, "%zu running\n", count);
    CHECK(vpce_tasks_running(NULL) >= 2, "counted\n");
    for (i = 0; i < count; i++)
    {
        if (tasks[i] == first) seen_first = i;
        if (tasks[i] == second) seen_second = i;
        vpce_task_unref(tasks[i]);
    }
    free(tasks);
    CHECK(seen_first >= 0 && seen_second > seen_first, "order %d, %d\n", seen_first, seen_second);

    vpce_task_wait(first, -1);
    vpce_task_wait(second, -1);
    vpce_task_unref(first);
    vpce_task_unref(second);
    vpce_tasks_wait_all();
    count = vpce_tasks_running(&tasks);
    CHECK(count == 0 && !tasks, "%zu still listed\n", count);
}

int main(void)
{
    if (!mkdtemp(tmpdir))
    {
        printf("task: cannot make a temporary folder\n");
        return 1;
    }
    test_progress();
    test_cancel();
    test_wait();
    test_error();
    test_many();
    test_released_early();
    test_running_list();
    rmdir(tmpdir);
    return unit_summary("task");
}
