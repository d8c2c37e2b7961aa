/*
 * IVMTask and IVMTaskCollection: the long operations of the engine
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

/* WaitForCompletion accepts -1 (no limit) or 0 to this many milliseconds. */
#define MAX_WAIT_MS 4000000
/* Longest sleep between two looks at the message queue of an STA thread. */
#define MAX_PUMP_SLICE_MS 10

struct task
{
    struct vpc_object base;
    struct vpce_task *task;
};

static inline struct task *impl_from_IVMTask(IVMTask *iface)
{
    return CONTAINING_RECORD(iface, struct task, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(task, IVMTask)

static HRESULT WINAPI task_Cancel(IVMTask *iface)
{
    struct task *task = impl_from_IVMTask(iface);
    enum vpce_status status;

    TRACE("%p.\n", iface);

    if ((status = vpce_task_cancel(task->task)) == VPCE_E_NOT_CANCELABLE)
        return vpc_error(E_FAIL, &IID_IVMTask, L"The task cannot be cancelled: it is complete "
                         L"or cannot stop part way.");
    if (status) return vpc_engine_error(status, &IID_IVMTask);
    return S_OK;
}

static HRESULT WINAPI task_get_Description(IVMTask *iface, BSTR *description)
{
    struct task *task = impl_from_IVMTask(iface);
    char *text;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, description);

    text = vpce_task_description(task->task);
    hr = return_string(text, description, &IID_IVMTask);
    free(text);
    return hr;
}

static HRESULT WINAPI task_get_Error(IVMTask *iface, LONG *error)
{
    struct task *task = impl_from_IVMTask(iface);
    struct vpce_task_state state;

    TRACE("%p, %p.\n", iface, error);

    vpce_task_get_state(task->task, &state);
    return return_long(vpc_hresult_from_status(state.error), error, &IID_IVMTask);
}

static HRESULT WINAPI task_get_ErrorDescription(IVMTask *iface, BSTR *description)
{
    struct task *task = impl_from_IVMTask(iface);
    char *text;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, description);

    text = vpce_task_error_text(task->task);
    hr = return_string(text, description, &IID_IVMTask);
    free(text);
    return hr;
}

static HRESULT WINAPI task_get_ID(IVMTask *iface, LONG *id)
{
    struct task *task = impl_from_IVMTask(iface);

    TRACE("%p, %p.\n", iface, id);

    return return_long(vpce_task_id(task->task), id, &IID_IVMTask);
}

static HRESULT WINAPI task_get_IsCancelable(IVMTask *iface, VARIANT_BOOL *cancelable)
{
    struct task *task = impl_from_IVMTask(iface);
    struct vpce_task_state state;

    TRACE("%p, %p.\n", iface, cancelable);

    vpce_task_get_state(task->task, &state);
    return return_bool(state.cancelable, cancelable, &IID_IVMTask);
}

static HRESULT WINAPI task_get_IsComplete(IVMTask *iface, VARIANT_BOOL *complete)
{
    struct task *task = impl_from_IVMTask(iface);
    struct vpce_task_state state;

    TRACE("%p, %p.\n", iface, complete);

    vpce_task_get_state(task->task, &state);
    return return_bool(state.complete, complete, &IID_IVMTask);
}

static HRESULT WINAPI task_get_PercentCompleted(IVMTask *iface, LONG *percent)
{
    struct task *task = impl_from_IVMTask(iface);
    struct vpce_task_state state;

    TRACE("%p, %p.\n", iface, percent);

    vpce_task_get_state(task->task, &state);
    return return_long(state.percent, percent, &IID_IVMTask);
}

static HRESULT WINAPI task_get_Result(IVMTask *iface, VMTaskResult *result)
{
    struct task *task = impl_from_IVMTask(iface);
    struct vpce_task_state state;

    TRACE("%p, %p.\n", iface, result);

    if (!result) return vpc_error(E_POINTER, &IID_IVMTask, L"NULL pointer.");
    vpce_task_get_state(task->task, &state);
    *result = (VMTaskResult)state.result;
    return S_OK;
}

static BOOL is_sta_thread(void)
{
    APTTYPEQUALIFIER qualifier;
    APTTYPE type;

    if (FAILED(CoGetApartmentType(&type, &qualifier))) return FALSE;
    return type == APTTYPE_STA || type == APTTYPE_MAINSTA;
}

/* Waits on an STA thread while its messages keep flowing, so that a script
 * host and the sinks it serves never stall; completion wakes it at once. */
static void wait_pumping(struct vpce_task *task, LONG timeout)
{
    ULONGLONG deadline = GetTickCount64() + timeout;
    LONG slice = 1, left;
    MSG msg;

    for (;;)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        left = timeout < 0 ? slice : (LONG)min(deadline - min(deadline, GetTickCount64()), slice);
        if (vpce_task_wait(task, left)) return;
        if (timeout >= 0 && GetTickCount64() >= deadline) return;
        slice = min(slice * 2, MAX_PUMP_SLICE_MS);
    }
}

static HRESULT WINAPI task_WaitForCompletion(IVMTask *iface, LONG timeout)
{
    struct task *task = impl_from_IVMTask(iface);

    TRACE("%p, %ld.\n", iface, timeout);

    if (timeout < -1 || timeout > MAX_WAIT_MS)
        return vpc_error(E_INVALIDARG, &IID_IVMTask,
                         L"The time-out must be -1 (no limit) or 0 to 4000000 milliseconds.");

    if (is_sta_thread())
        wait_pumping(task->task, timeout);
    else
        vpce_task_wait(task->task, timeout);
    return S_OK;
}

static const IVMTaskVtbl task_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(task),
    task_Cancel,
    task_get_Description,
    task_get_Error,
    task_get_ErrorDescription,
    task_get_ID,
    task_get_IsCancelable,
    task_get_IsComplete,
    task_get_PercentCompleted,
    task_get_Result,
    task_WaitForCompletion
};

static void task_destroy(struct vpc_object *object)
{
    struct task *task = CONTAINING_RECORD(object, struct task, base);

    /* the work goes on: the engine keeps its own reference while it runs */
    vpce_task_unref(task->task);
    free(task);
}

static const struct vpc_object_funcs task_funcs =
{
    task_destroy,
};

HRESULT task_create(struct vpce_task *engine_task, IVMTask **ret)
{
    struct task *task;

    if (!(task = calloc(1, sizeof(*task))))
    {
        vpce_task_unref(engine_task);
        return E_OUTOFMEMORY;
    }
    vpc_object_init(&task->base, &task_vtbl, IVMTask_tid, &task_funcs);
    task->task = engine_task;
    *ret = (IVMTask *)&task->base.IDispatch_iface;
    return S_OK;
}

HRESULT task_collection_create(IVMTaskCollection **ret)
{
    struct vpce_task **tasks;
    IDispatch **items = NULL;
    size_t count, created = 0, i;
    HRESULT hr = S_OK;

    count = vpce_tasks_running(&tasks);
    if (count && !tasks) return E_OUTOFMEMORY;
    if (count && !(items = calloc(count, sizeof(*items)))) hr = E_OUTOFMEMORY;
    for (i = 0; i < count; i++)
    {
        if (FAILED(hr))
            vpce_task_unref(tasks[i]);
        else if (SUCCEEDED(hr = task_create(tasks[i], (IVMTask **)&items[created])))
            created++;
    }
    free(tasks);

    if (SUCCEEDED(hr))
        hr = collection_create(IVMTaskCollection_tid, items, created, (IDispatch **)ret);
    for (i = 0; i < created; i++)
        IDispatch_Release(items[i]);
    free(items);
    return hr;
}
