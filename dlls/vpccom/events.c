/*
 * Events: the connection points of the application (IVMVirtualPCEvents),
 * machines (IVMVirtualMachineEvents), DVD drives (IVMDVDDriveEvents) and
 * floppy drives (IVMFloppyDriveEvents)
 *
 * The engine reports what happens to machines (libvirt's domain events, so
 * what another process, the guest or QEMU's end did, and this process's own
 * operations) on a thread of its own, which is no Wine thread: its callback
 * only copies the event into a queue, with POSIX calls.  A delivery thread
 * of the DLL (a Wine thread in the MTA) takes the events from the queue and
 * calls the sinks that want them.
 *
 * A sink is called on its own apartment's thread.  Advise registers a
 * forwarder in the Global Interface Table: an object of the caller's
 * apartment that holds the sink.  The delivery thread gets it from there (a
 * proxy when the sink lives in an STA, whose thread must pump messages) and
 * calls its Invoke, which runs in the sink's apartment, checks that the
 * connection still stands and calls the sink's IDispatch::Invoke.  Once
 * Unadvise has returned no call into that sink starts: Unadvise waits for a
 * call under way on another thread (not for one it is called from).  A sink
 * that fails or is gone does not keep the others from their events.
 *
 * The engine subscription and the delivery thread last while a sink is
 * connected anywhere in the process: the first Advise subscribes and starts
 * the thread, the last Unadvise (or the last object with sinks going away)
 * unsubscribes, and the thread ends once its queue is empty.
 *
 * Hosts find an object's source interface through IProvideClassInfo: the
 * application gives its coclass in the type library (VMVirtualPC); machines
 * and drives, which have none there, give a coclass made at run time with
 * their interface as default and their events as default source.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <pthread.h>
#include <string.h>

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

/* ---- the queue the engine's thread fills ----------------------------- */

struct queued_event
{
    struct queued_event *next;
    enum vpce_event_kind kind;
    enum vpce_vm_state state;
    int bus, device;
    char *vmc_path, *name, *media;
};

static pthread_mutex_t queue_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_cond = PTHREAD_COND_INITIALIZER;
static struct queued_event *queue_head, **queue_tail = &queue_head;
static BOOL delivery_running, delivery_stop;

static void free_event(struct queued_event *event)
{
    free(event->vmc_path);
    free(event->name);
    free(event->media);
    free(event);
}

/* Runs on the engine's thread, which is no Wine thread: POSIX calls only,
 * no Win32 call, no debug output. */
static void engine_callback(const struct vpce_event *event, void *context)
{
    struct queued_event *copy;

    if (!(copy = calloc(1, sizeof(*copy)))) return;
    copy->kind = event->kind;
    copy->state = event->state;
    copy->bus = event->bus;
    copy->device = event->device;
    copy->vmc_path = strdup(event->vmc_path ? event->vmc_path : "");
    copy->name = strdup(event->name ? event->name : "");
    copy->media = strdup(event->media ? event->media : "");
    if (!copy->vmc_path || !copy->name || !copy->media)
    {
        free_event(copy);
        return;
    }

    pthread_mutex_lock(&queue_mutex);
    *queue_tail = copy;
    queue_tail = &copy->next;
    pthread_cond_signal(&queue_cond);
    pthread_mutex_unlock(&queue_mutex);
}

/* The next event, or NULL when the thread is to end. */
static struct queued_event *next_event(void)
{
    struct queued_event *event;

    pthread_mutex_lock(&queue_mutex);
    while (!queue_head && !delivery_stop)
        pthread_cond_wait(&queue_cond, &queue_mutex);
    if ((event = queue_head))
    {
        if (!(queue_head = event->next)) queue_tail = &queue_head;
    }
    else delivery_running = FALSE;
    pthread_mutex_unlock(&queue_mutex);
    return event;
}

/* ---- connections ----------------------------------------------------- */

struct connection
{
    IDispatch IDispatch_iface;      /* the forwarder, registered in the GIT */
    LONG ref;
    struct connection *next;        /* in connections, while connected */
    struct event_source *source;    /* while connected */
    IDispatch *sink;                /* the sink's event interface, while connected */
    DWORD cookie;
    DWORD git_cookie;
    LONG calls;                     /* calls into the sink under way */
    HANDLE call_done;
};

/* The calls into sinks under way on a thread, the innermost first. */
struct sink_call
{
    const struct connection *connection;
    struct sink_call *prev;
};

static CRITICAL_SECTION events_cs;
static CRITICAL_SECTION_DEBUG events_cs_debug =
{
    0, 0, &events_cs,
    { &events_cs_debug.ProcessLocksList, &events_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": events_cs") }
};
static CRITICAL_SECTION events_cs = { &events_cs_debug, -1, 0, 0, 0, 0 };
static struct connection *connections;

/* the subscription, the delivery thread and the count of connections */
static CRITICAL_SECTION subscription_cs;
static CRITICAL_SECTION_DEBUG subscription_cs_debug =
{
    0, 0, &subscription_cs,
    { &subscription_cs_debug.ProcessLocksList, &subscription_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": subscription_cs") }
};
static CRITICAL_SECTION subscription_cs = { &subscription_cs_debug, -1, 0, 0, 0, 0 };
static struct vpce_subscription *subscription;
static LONG subscribers;

static INIT_ONCE call_tls_once = INIT_ONCE_STATIC_INIT;
static DWORD call_tls = TLS_OUT_OF_INDEXES;

static BOOL WINAPI init_call_tls(INIT_ONCE *once, void *param, void **context)
{
    call_tls = TlsAlloc();
    return TRUE;
}

void events_lock(void)
{
    EnterCriticalSection(&events_cs);
}

void events_unlock(void)
{
    LeaveCriticalSection(&events_cs);
}

static inline struct connection *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct connection, IDispatch_iface);
}

static HRESULT WINAPI forwarder_QueryInterface(IDispatch *iface, REFIID riid, void **obj)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), obj);

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch))
    {
        *obj = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI forwarder_AddRef(IDispatch *iface)
{
    struct connection *connection = impl_from_IDispatch(iface);
    ULONG ref = InterlockedIncrement(&connection->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI forwarder_Release(IDispatch *iface)
{
    struct connection *connection = impl_from_IDispatch(iface);
    ULONG ref = InterlockedDecrement(&connection->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);

    if (!ref)
    {
        if (connection->sink) IDispatch_Release(connection->sink);
        CloseHandle(connection->call_done);
        free(connection);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI forwarder_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    if (!count) return E_INVALIDARG;
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI forwarder_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **ti)
{
    return DISP_E_BADINDEX;
}

static HRESULT WINAPI forwarder_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names,
                                              UINT count, LCID lcid, DISPID *dispid)
{
    return E_NOTIMPL;
}

/* Runs in the sink's apartment. */
static HRESULT WINAPI forwarder_Invoke(IDispatch *iface, DISPID dispid, REFIID riid, LCID lcid,
                                       WORD flags, DISPPARAMS *params, VARIANT *result,
                                       EXCEPINFO *excepinfo, UINT *argerr)
{
    struct connection *connection = impl_from_IDispatch(iface);
    struct sink_call call = { connection };
    IDispatch *sink;
    HRESULT hr;

    TRACE("%p, %ld, %#x, %p.\n", iface, dispid, flags, params);

    EnterCriticalSection(&events_cs);
    if ((sink = connection->sink))
    {
        IDispatch_AddRef(sink);
        connection->calls++;
    }
    LeaveCriticalSection(&events_cs);
    if (!sink)
    {
        TRACE("disconnected.\n");
        return S_OK;
    }

    call.prev = TlsGetValue(call_tls);
    TlsSetValue(call_tls, &call);
    hr = IDispatch_Invoke(sink, dispid, riid, lcid, flags, params, result, excepinfo, argerr);
    TlsSetValue(call_tls, call.prev);
    IDispatch_Release(sink);

    EnterCriticalSection(&events_cs);
    connection->calls--;
    SetEvent(connection->call_done);
    LeaveCriticalSection(&events_cs);
    return hr;
}

static const IDispatchVtbl forwarder_vtbl =
{
    forwarder_QueryInterface,
    forwarder_AddRef,
    forwarder_Release,
    forwarder_GetTypeInfoCount,
    forwarder_GetTypeInfo,
    forwarder_GetIDsOfNames,
    forwarder_Invoke
};

static HRESULT get_git(IGlobalInterfaceTable **git)
{
    return CoCreateInstance(&CLSID_StdGlobalInterfaceTable, NULL, CLSCTX_INPROC_SERVER,
                            &IID_IGlobalInterfaceTable, (void **)git);
}

/* ---- the delivery thread --------------------------------------------- */

static BSTR media_path(const char *media)
{
    WCHAR *path, letter[2];
    BSTR ret;

    /* a host drive: its letter, as HostDriveLetter gives it */
    if (media[0] && media[1] == ':' && !media[2])
    {
        letter[0] = (unsigned char)media[0];
        letter[1] = 0;
        return SysAllocString(letter);
    }
    /* an image: its Windows path, as ImageFile gives it */
    if (!media[0] || !(path = wine_get_dos_file_name(media))) return bstr_from_utf8(media);
    ret = SysAllocString(path);
    HeapFree(GetProcessHeap(), 0, path);
    return ret;
}

/* The member of the source's interface that hears of the event, or
 * DISPID_UNKNOWN.  machine: the event's (events_cs held). */
static DISPID event_dispid(const struct event_source *source, const struct queued_event *event,
                           const struct vpce_machine *machine)
{
    if (source->tid == IVMVirtualPCEvents_tid)
        return event->kind == VPCE_EVENT_STATE ? vmVirtualPCEvent_VMStateChange : DISPID_UNKNOWN;

    if (!machine || !source->machine || !vpce_machine_same(source->machine, machine))
        return DISPID_UNKNOWN;

    if (source->tid == IVMVirtualMachineEvents_tid)
    {
        switch (event->kind)
        {
        case VPCE_EVENT_STATE: return vmVirtualMachineEvent_StateChanged;
        case VPCE_EVENT_GUEST_SHUTDOWN: return vmVirtualMachineEvent_GuestShutdown;
        case VPCE_EVENT_RESET: return vmVirtualMachineEvent_Reset;
        default: return DISPID_UNKNOWN;
        }
    }

    if (event->kind != VPCE_EVENT_MEDIA_INSERT && event->kind != VPCE_EVENT_MEDIA_EJECT)
        return DISPID_UNKNOWN;
    if (source->tid == IVMFloppyDriveEvents_tid)
    {
        if (event->bus != VPCE_FLOPPY_BUS) return DISPID_UNKNOWN;
        return event->kind == VPCE_EVENT_MEDIA_INSERT ? vmFloppyDriveEvent_OnInsert : vmFloppyDriveEvent_OnEject;
    }
    if (event->bus == VPCE_FLOPPY_BUS || event->bus != source->location->bus
            || event->device != source->location->device)
        return DISPID_UNKNOWN;
    return event->kind == VPCE_EVENT_MEDIA_INSERT ? vmDVDDriveEvent_OnInsert : vmDVDDriveEvent_OnEject;
}

struct delivery
{
    DWORD git_cookie;
    tid_t tid;          /* the source interface */
    DISPID dispid;
};

static void call_sink(IGlobalInterfaceTable *git, const struct delivery *delivery,
                      const struct queued_event *event)
{
    DISPPARAMS params = { NULL, NULL, 0, 0 };
    IDispatch *forwarder;
    VARIANT args[2], result;
    HRESULT hr;
    UINT i;

    params.rgvarg = args;
    switch (event->kind)
    {
    case VPCE_EVENT_STATE:
        /* OnVMStateChange(name, state) or OnStateChange(state), the last first */
        V_VT(&args[0]) = VT_I4;
        V_I4(&args[0]) = event->state;
        params.cArgs = 1;
        if (delivery->tid == IVMVirtualPCEvents_tid)
        {
            V_VT(&args[1]) = VT_BSTR;
            V_BSTR(&args[1]) = bstr_from_utf8(event->name);
            params.cArgs = 2;
        }
        break;
    case VPCE_EVENT_MEDIA_INSERT:
    case VPCE_EVENT_MEDIA_EJECT:
        V_VT(&args[0]) = VT_BSTR;
        V_BSTR(&args[0]) = media_path(event->media);
        params.cArgs = 1;
        break;
    default:
        break;
    }

    hr = IGlobalInterfaceTable_GetInterfaceFromGlobal(git, delivery->git_cookie, &IID_IDispatch,
                                                      (void **)&forwarder);
    if (SUCCEEDED(hr))
    {
        VariantInit(&result);
        hr = IDispatch_Invoke(forwarder, delivery->dispid, &IID_NULL, LOCALE_USER_DEFAULT,
                              DISPATCH_METHOD, &params, &result, NULL, NULL);
        if (FAILED(hr)) WARN("The sink of %#lx failed on event %ld: %#lx.\n", delivery->git_cookie,
                             delivery->dispid, hr);
        VariantClear(&result);
        IDispatch_Release(forwarder);
    }
    else TRACE("No sink for %#lx: %#lx.\n", delivery->git_cookie, hr);

    for (i = 0; i < params.cArgs; i++) VariantClear(&args[i]);
}

static void deliver_event(IGlobalInterfaceTable *git, const struct queued_event *event)
{
    struct vpce_machine *machine = NULL;
    struct delivery *deliveries = NULL;
    struct connection *connection;
    unsigned int count = 0, i;
    DISPID dispid;

    TRACE("event %d, %s, state %d, %d/%d, %s.\n", event->kind, debugstr_a(event->vmc_path), event->state,
          event->bus, event->device, debugstr_a(event->media));

    if (event->vmc_path[0]) vpce_machine_open(event->vmc_path, &machine);

    EnterCriticalSection(&events_cs);
    for (connection = connections; connection; connection = connection->next) count++;
    if (count) deliveries = malloc(count * sizeof(*deliveries));
    count = 0;
    if (deliveries)
    {
        for (connection = connections; connection; connection = connection->next)
        {
            if ((dispid = event_dispid(connection->source, event, machine)) == DISPID_UNKNOWN) continue;
            deliveries[count].git_cookie = connection->git_cookie;
            deliveries[count].tid = connection->source->tid;
            deliveries[count].dispid = dispid;
            count++;
        }
    }
    LeaveCriticalSection(&events_cs);
    vpce_machine_close(machine);

    for (i = 0; i < count; i++) call_sink(git, &deliveries[i], event);
    free(deliveries);
}

static DWORD WINAPI delivery_thread(void *module)
{
    IGlobalInterfaceTable *git = NULL;
    struct queued_event *event;
    HRESULT hr;

    TRACE("started.\n");

    hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (FAILED(hr)) ERR("CoInitializeEx failed: %#lx.\n", hr);
    if (FAILED(hr = get_git(&git))) ERR("No global interface table: %#lx.\n", hr);

    while ((event = next_event()))
    {
        if (git) deliver_event(git, event);
        free_event(event);
    }

    if (git) IGlobalInterfaceTable_Release(git);
    CoUninitialize();
    TRACE("ended.\n");
    FreeLibraryAndExitThread(module, 0);
}

/* Starts the delivery thread, or keeps it from ending (subscription_cs held). */
static HRESULT start_delivery(void)
{
    HMODULE module;
    HANDLE thread;
    HRESULT hr = S_OK;

    pthread_mutex_lock(&queue_mutex);
    delivery_stop = FALSE;
    if (!delivery_running)
    {
        /* the thread holds the DLL until it ends */
        if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)delivery_thread,
                                &module))
            hr = HRESULT_FROM_WIN32(GetLastError());
        else if (!(thread = CreateThread(NULL, 0, delivery_thread, module, 0, NULL)))
        {
            hr = HRESULT_FROM_WIN32(GetLastError());
            FreeLibrary(module);
        }
        else
        {
            CloseHandle(thread);
            delivery_running = TRUE;
        }
    }
    pthread_mutex_unlock(&queue_mutex);
    return hr;
}

static void stop_delivery(void)
{
    pthread_mutex_lock(&queue_mutex);
    delivery_stop = TRUE;
    pthread_cond_signal(&queue_cond);
    pthread_mutex_unlock(&queue_mutex);
}

/* A connection more: the first subscribes to the engine's events. */
static HRESULT subscribers_add(REFIID iid)
{
    enum vpce_status status;
    HRESULT hr = S_OK;

    EnterCriticalSection(&subscription_cs);
    if (!subscribers)
    {
        if (FAILED(hr = start_delivery()))
            ERR("No delivery thread: %#lx.\n", hr);
        else if ((status = vpce_events_subscribe(engine_callback, NULL, &subscription)))
        {
            hr = vpc_engine_error(status, iid);
            stop_delivery();
        }
    }
    if (SUCCEEDED(hr)) subscribers++;
    LeaveCriticalSection(&subscription_cs);
    return hr;
}

/* A connection less: the last unsubscribes and lets the delivery thread end. */
static void subscribers_remove(void)
{
    EnterCriticalSection(&subscription_cs);
    if (!--subscribers)
    {
        vpce_events_unsubscribe(subscription);
        subscription = NULL;
        stop_delivery();
    }
    LeaveCriticalSection(&subscription_cs);
}

/* Takes the first connection of source with that cookie (any cookie when
 * 0) out of the list (events_cs held): no call into its sink starts after
 * this.  Gives the sink, for the caller to release. */
static struct connection *disconnect(const struct event_source *source, DWORD cookie, IDispatch **sink)
{
    struct connection **prev, *connection;

    for (prev = &connections; (connection = *prev); prev = &connection->next)
        if (connection->source == source && (!cookie || connection->cookie == cookie)) break;
    if (!connection) return NULL;

    *prev = connection->next;
    *sink = connection->sink;
    connection->source = NULL;
    connection->sink = NULL;
    return connection;
}

/* Waits for the calls into the sink under way on other threads (not for
 * those this thread is in: Unadvise from the sink's own Invoke). */
static void wait_for_calls(struct connection *connection)
{
    struct sink_call *call;
    LONG own = 0;
    DWORD index;

    for (call = TlsGetValue(call_tls); call; call = call->prev)
        if (call->connection == connection) own++;

    for (;;)
    {
        EnterCriticalSection(&events_cs);
        if (connection->calls <= own)
        {
            LeaveCriticalSection(&events_cs);
            break;
        }
        ResetEvent(connection->call_done);
        LeaveCriticalSection(&events_cs);
        /* an STA goes on dispatching calls meanwhile */
        CoWaitForMultipleHandles(0, INFINITE, 1, &connection->call_done, &index);
    }
}

/* Ends a connection taken out of the list. */
static void close_connection(struct connection *connection, IDispatch *sink, BOOL wait)
{
    IGlobalInterfaceTable *git;

    if (wait) wait_for_calls(connection);
    if (SUCCEEDED(get_git(&git)))
    {
        IGlobalInterfaceTable_RevokeInterfaceFromGlobal(git, connection->git_cookie);
        IGlobalInterfaceTable_Release(git);
    }
    if (sink) IDispatch_Release(sink);
    IDispatch_Release(&connection->IDispatch_iface);
    subscribers_remove();
}

/* ---- enumerators ----------------------------------------------------- */

struct connections_enum
{
    IEnumConnections IEnumConnections_iface;
    LONG ref;
    IConnectionPoint *point;
    CONNECTDATA *data;
    ULONG count, pos;
};

static inline struct connections_enum *impl_from_IEnumConnections(IEnumConnections *iface)
{
    return CONTAINING_RECORD(iface, struct connections_enum, IEnumConnections_iface);
}

static HRESULT WINAPI EnumConnections_QueryInterface(IEnumConnections *iface, REFIID riid, void **obj)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), obj);

    if (!obj) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumConnections))
    {
        *obj = iface;
        IEnumConnections_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI EnumConnections_AddRef(IEnumConnections *iface)
{
    struct connections_enum *enumerator = impl_from_IEnumConnections(iface);
    ULONG ref = InterlockedIncrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI EnumConnections_Release(IEnumConnections *iface)
{
    struct connections_enum *enumerator = impl_from_IEnumConnections(iface);
    ULONG ref = InterlockedDecrement(&enumerator->ref);
    ULONG i;

    TRACE("%p, refcount %lu.\n", iface, ref);

    if (!ref)
    {
        for (i = 0; i < enumerator->count; i++) IUnknown_Release(enumerator->data[i].pUnk);
        free(enumerator->data);
        IConnectionPoint_Release(enumerator->point);
        free(enumerator);
    }
    return ref;
}

static HRESULT WINAPI EnumConnections_Next(IEnumConnections *iface, ULONG count, CONNECTDATA *data,
                                           ULONG *fetched)
{
    struct connections_enum *enumerator = impl_from_IEnumConnections(iface);
    ULONG i;

    TRACE("%p, %lu, %p, %p.\n", iface, count, data, fetched);

    if (!data || (count > 1 && !fetched)) return E_POINTER;
    for (i = 0; i < count && enumerator->pos < enumerator->count; i++, enumerator->pos++)
    {
        data[i] = enumerator->data[enumerator->pos];
        IUnknown_AddRef(data[i].pUnk);
    }
    if (fetched) *fetched = i;
    return i == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI EnumConnections_Skip(IEnumConnections *iface, ULONG count)
{
    struct connections_enum *enumerator = impl_from_IEnumConnections(iface);
    ULONG left = enumerator->count - enumerator->pos;

    TRACE("%p, %lu.\n", iface, count);

    enumerator->pos += min(count, left);
    return count <= left ? S_OK : S_FALSE;
}

static HRESULT WINAPI EnumConnections_Reset(IEnumConnections *iface)
{
    TRACE("%p.\n", iface);

    impl_from_IEnumConnections(iface)->pos = 0;
    return S_OK;
}

static HRESULT create_connections_enum(IConnectionPoint *point, const CONNECTDATA *data, ULONG count,
                                       ULONG pos, IEnumConnections **ret);

static HRESULT WINAPI EnumConnections_Clone(IEnumConnections *iface, IEnumConnections **ret)
{
    struct connections_enum *enumerator = impl_from_IEnumConnections(iface);

    TRACE("%p, %p.\n", iface, ret);

    if (!ret) return E_POINTER;
    return create_connections_enum(enumerator->point, enumerator->data, enumerator->count, enumerator->pos,
                                   ret);
}

static const IEnumConnectionsVtbl EnumConnectionsVtbl =
{
    EnumConnections_QueryInterface,
    EnumConnections_AddRef,
    EnumConnections_Release,
    EnumConnections_Next,
    EnumConnections_Skip,
    EnumConnections_Reset,
    EnumConnections_Clone
};

/* Takes references on the sinks of data. */
static HRESULT create_connections_enum(IConnectionPoint *point, const CONNECTDATA *data, ULONG count,
                                       ULONG pos, IEnumConnections **ret)
{
    struct connections_enum *enumerator;
    ULONG i;

    *ret = NULL;
    if (!(enumerator = calloc(1, sizeof(*enumerator)))) return E_OUTOFMEMORY;
    if (count && !(enumerator->data = malloc(count * sizeof(*data))))
    {
        free(enumerator);
        return E_OUTOFMEMORY;
    }
    enumerator->IEnumConnections_iface.lpVtbl = &EnumConnectionsVtbl;
    enumerator->ref = 1;
    IConnectionPoint_AddRef(enumerator->point = point);
    for (i = 0; i < count; i++)
    {
        enumerator->data[i] = data[i];
        IUnknown_AddRef(data[i].pUnk);
    }
    enumerator->count = count;
    enumerator->pos = pos;
    *ret = &enumerator->IEnumConnections_iface;
    return S_OK;
}

struct points_enum
{
    IEnumConnectionPoints IEnumConnectionPoints_iface;
    LONG ref;
    IConnectionPoint *point;    /* the only one */
    ULONG pos;
};

static inline struct points_enum *impl_from_IEnumConnectionPoints(IEnumConnectionPoints *iface)
{
    return CONTAINING_RECORD(iface, struct points_enum, IEnumConnectionPoints_iface);
}

static HRESULT WINAPI EnumConnectionPoints_QueryInterface(IEnumConnectionPoints *iface, REFIID riid,
                                                          void **obj)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), obj);

    if (!obj) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumConnectionPoints))
    {
        *obj = iface;
        IEnumConnectionPoints_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI EnumConnectionPoints_AddRef(IEnumConnectionPoints *iface)
{
    struct points_enum *enumerator = impl_from_IEnumConnectionPoints(iface);
    ULONG ref = InterlockedIncrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI EnumConnectionPoints_Release(IEnumConnectionPoints *iface)
{
    struct points_enum *enumerator = impl_from_IEnumConnectionPoints(iface);
    ULONG ref = InterlockedDecrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);

    if (!ref)
    {
        IConnectionPoint_Release(enumerator->point);
        free(enumerator);
    }
    return ref;
}

static HRESULT WINAPI EnumConnectionPoints_Next(IEnumConnectionPoints *iface, ULONG count,
                                                IConnectionPoint **points, ULONG *fetched)
{
    struct points_enum *enumerator = impl_from_IEnumConnectionPoints(iface);
    ULONG i = 0;

    TRACE("%p, %lu, %p, %p.\n", iface, count, points, fetched);

    if (!points || (count > 1 && !fetched)) return E_POINTER;
    if (count && !enumerator->pos)
    {
        IConnectionPoint_AddRef(points[i++] = enumerator->point);
        enumerator->pos++;
    }
    if (fetched) *fetched = i;
    return i == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI EnumConnectionPoints_Skip(IEnumConnectionPoints *iface, ULONG count)
{
    struct points_enum *enumerator = impl_from_IEnumConnectionPoints(iface);
    ULONG left = 1 - enumerator->pos;

    TRACE("%p, %lu.\n", iface, count);

    enumerator->pos += min(count, left);
    return count <= left ? S_OK : S_FALSE;
}

static HRESULT WINAPI EnumConnectionPoints_Reset(IEnumConnectionPoints *iface)
{
    TRACE("%p.\n", iface);

    impl_from_IEnumConnectionPoints(iface)->pos = 0;
    return S_OK;
}

static HRESULT create_points_enum(IConnectionPoint *point, ULONG pos, IEnumConnectionPoints **ret);

static HRESULT WINAPI EnumConnectionPoints_Clone(IEnumConnectionPoints *iface, IEnumConnectionPoints **ret)
{
    struct points_enum *enumerator = impl_from_IEnumConnectionPoints(iface);

    TRACE("%p, %p.\n", iface, ret);

    if (!ret) return E_POINTER;
    return create_points_enum(enumerator->point, enumerator->pos, ret);
}

static const IEnumConnectionPointsVtbl EnumConnectionPointsVtbl =
{
    EnumConnectionPoints_QueryInterface,
    EnumConnectionPoints_AddRef,
    EnumConnectionPoints_Release,
    EnumConnectionPoints_Next,
    EnumConnectionPoints_Skip,
    EnumConnectionPoints_Reset,
    EnumConnectionPoints_Clone
};

static HRESULT create_points_enum(IConnectionPoint *point, ULONG pos, IEnumConnectionPoints **ret)
{
    struct points_enum *enumerator;

    *ret = NULL;
    if (!(enumerator = calloc(1, sizeof(*enumerator)))) return E_OUTOFMEMORY;
    enumerator->IEnumConnectionPoints_iface.lpVtbl = &EnumConnectionPointsVtbl;
    enumerator->ref = 1;
    IConnectionPoint_AddRef(enumerator->point = point);
    enumerator->pos = pos;
    *ret = &enumerator->IEnumConnectionPoints_iface;
    return S_OK;
}

/* ---- IConnectionPointContainer --------------------------------------- */

static inline struct event_source *impl_from_IConnectionPointContainer(IConnectionPointContainer *iface)
{
    return CONTAINING_RECORD(iface, struct event_source, IConnectionPointContainer_iface);
}

static HRESULT WINAPI ConnectionPointContainer_QueryInterface(IConnectionPointContainer *iface,
                                                              REFIID riid, void **obj)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);
    return vpc_object_QueryInterface(&source->object->IDispatch_iface, riid, obj);
}

static ULONG WINAPI ConnectionPointContainer_AddRef(IConnectionPointContainer *iface)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);
    return vpc_object_AddRef(&source->object->IDispatch_iface);
}

static ULONG WINAPI ConnectionPointContainer_Release(IConnectionPointContainer *iface)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);
    return vpc_object_Release(&source->object->IDispatch_iface);
}

static HRESULT WINAPI ConnectionPointContainer_EnumConnectionPoints(IConnectionPointContainer *iface,
                                                                    IEnumConnectionPoints **ret)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);

    TRACE("%p, %p.\n", iface, ret);

    if (!ret) return E_POINTER;
    return create_points_enum(&source->IConnectionPoint_iface, 0, ret);
}

static HRESULT WINAPI ConnectionPointContainer_FindConnectionPoint(IConnectionPointContainer *iface,
                                                                   REFIID riid, IConnectionPoint **point)
{
    struct event_source *source = impl_from_IConnectionPointContainer(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), point);

    if (!point) return E_POINTER;
    *point = NULL;
    if (!riid) return E_POINTER;
    if (!IsEqualGUID(riid, get_tid_iid(source->tid))) return CONNECT_E_NOCONNECTION;
    IConnectionPoint_AddRef(*point = &source->IConnectionPoint_iface);
    return S_OK;
}

static const IConnectionPointContainerVtbl ConnectionPointContainerVtbl =
{
    ConnectionPointContainer_QueryInterface,
    ConnectionPointContainer_AddRef,
    ConnectionPointContainer_Release,
    ConnectionPointContainer_EnumConnectionPoints,
    ConnectionPointContainer_FindConnectionPoint
};

/* ---- IConnectionPoint ------------------------------------------------ */

static inline struct event_source *impl_from_IConnectionPoint(IConnectionPoint *iface)
{
    return CONTAINING_RECORD(iface, struct event_source, IConnectionPoint_iface);
}

static HRESULT WINAPI ConnectionPoint_QueryInterface(IConnectionPoint *iface, REFIID riid, void **obj)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), obj);

    if (!obj) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IConnectionPoint))
    {
        *obj = iface;
        IConnectionPoint_AddRef(iface);
        return S_OK;
    }
    WARN("Unsupported interface %s.\n", debugstr_guid(riid));
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI ConnectionPoint_AddRef(IConnectionPoint *iface)
{
    struct event_source *source = impl_from_IConnectionPoint(iface);
    return vpc_object_AddRef(&source->object->IDispatch_iface);
}

static ULONG WINAPI ConnectionPoint_Release(IConnectionPoint *iface)
{
    struct event_source *source = impl_from_IConnectionPoint(iface);
    return vpc_object_Release(&source->object->IDispatch_iface);
}

static HRESULT WINAPI ConnectionPoint_GetConnectionInterface(IConnectionPoint *iface, IID *iid)
{
    struct event_source *source = impl_from_IConnectionPoint(iface);

    TRACE("%p, %p.\n", iface, iid);

    if (!iid) return E_POINTER;
    *iid = *get_tid_iid(source->tid);
    return S_OK;
}

static HRESULT WINAPI ConnectionPoint_GetConnectionPointContainer(IConnectionPoint *iface,
                                                                  IConnectionPointContainer **container)
{
    struct event_source *source = impl_from_IConnectionPoint(iface);

    TRACE("%p, %p.\n", iface, container);

    if (!container) return E_POINTER;
    IConnectionPointContainer_AddRef(*container = &source->IConnectionPointContainer_iface);
    return S_OK;
}

static HRESULT WINAPI ConnectionPoint_Advise(IConnectionPoint *iface, IUnknown *unk, DWORD *cookie)
{
    struct event_source *source = impl_from_IConnectionPoint(iface);
    REFIID iid = get_tid_iid(source->tid);
    struct connection *connection, **prev;
    IGlobalInterfaceTable *git;
    IDispatch *sink;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, unk, cookie);

    if (!cookie) return E_POINTER;
    *cookie = 0;
    if (!unk) return E_POINTER;
    /* the event interfaces are dual: the sink is called through IDispatch */
    if (FAILED(IUnknown_QueryInterface(unk, iid, (void **)&sink)))
    {
        WARN("The sink has no %s.\n", debugstr_guid(iid));
        return CONNECT_E_CANNOTCONNECT;
    }

    InitOnceExecuteOnce(&call_tls_once, init_call_tls, NULL, NULL);
    if (!(connection = calloc(1, sizeof(*connection)))
            || !(connection->call_done = CreateEventW(NULL, TRUE, FALSE, NULL)))
    {
        free(connection);
        IDispatch_Release(sink);
        return E_OUTOFMEMORY;
    }
    connection->IDispatch_iface.lpVtbl = &forwarder_vtbl;
    connection->ref = 1;
    connection->sink = sink;
    lock_module();

    if (FAILED(hr = subscribers_add(iid)))
    {
        IDispatch_Release(&connection->IDispatch_iface);
        return hr;
    }
    /* the forwarder belongs to the caller's apartment, as the sink does */
    if (SUCCEEDED(hr = get_git(&git)))
    {
        hr = IGlobalInterfaceTable_RegisterInterfaceInGlobal(git, (IUnknown *)&connection->IDispatch_iface,
                                                             &IID_IDispatch, &connection->git_cookie);
        IGlobalInterfaceTable_Release(git);
    }
    if (FAILED(hr))
    {
        ERR("Could not register the sink: %#lx.\n", hr);
        IDispatch_Release(&connection->IDispatch_iface);
        subscribers_remove();
        return hr;
    }

    EnterCriticalSection(&events_cs);
    if (!++source->last_cookie) ++source->last_cookie;
    *cookie = connection->cookie = source->last_cookie;
    connection->source = source;
    /* sinks hear of events in the order they connected */
    for (prev = &connections; *prev; prev = &(*prev)->next) ;
    *prev = connection;
    LeaveCriticalSection(&events_cs);

    TRACE("cookie %#lx.\n", *cookie);
    return S_OK;
}

static HRESULT WINAPI ConnectionPoint_Unadvise(IConnectionPoint *iface, DWORD cookie)
{
    struct event_source *source = impl_from_IConnectionPoint(iface);
    struct connection *found = NULL;
    IDispatch *sink = NULL;

    TRACE("%p, %#lx.\n", iface, cookie);

    if (!cookie) return CONNECT_E_NOCONNECTION;
    EnterCriticalSection(&events_cs);
    found = disconnect(source, cookie, &sink);
    LeaveCriticalSection(&events_cs);

    if (!found) return CONNECT_E_NOCONNECTION;
    close_connection(found, sink, TRUE);
    return S_OK;
}

static HRESULT WINAPI ConnectionPoint_EnumConnections(IConnectionPoint *iface, IEnumConnections **ret)
{
    struct event_source *source = impl_from_IConnectionPoint(iface);
    struct connection *connection;
    CONNECTDATA *data = NULL;
    ULONG count = 0;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, ret);

    if (!ret) return E_POINTER;
    EnterCriticalSection(&events_cs);
    for (connection = connections; connection; connection = connection->next)
        if (connection->source == source) count++;
    if (count && !(data = malloc(count * sizeof(*data))))
    {
        LeaveCriticalSection(&events_cs);
        *ret = NULL;
        return E_OUTOFMEMORY;
    }
    count = 0;
    for (connection = connections; connection; connection = connection->next)
    {
        if (connection->source != source) continue;
        data[count].pUnk = (IUnknown *)connection->sink;
        data[count].dwCookie = connection->cookie;
        count++;
    }
    hr = create_connections_enum(iface, data, count, 0, ret);
    LeaveCriticalSection(&events_cs);
    free(data);
    return hr;
}

static const IConnectionPointVtbl ConnectionPointVtbl =
{
    ConnectionPoint_QueryInterface,
    ConnectionPoint_AddRef,
    ConnectionPoint_Release,
    ConnectionPoint_GetConnectionInterface,
    ConnectionPoint_GetConnectionPointContainer,
    ConnectionPoint_Advise,
    ConnectionPoint_Unadvise,
    ConnectionPoint_EnumConnections
};

/* ---- IProvideClassInfo2 ---------------------------------------------- */

/* The coclasses of machines and drives, made at run time: the type library
 * of the API has only VMVirtualPC.  Their CLSIDs are the DLL's own, never
 * registered. */
static const struct
{
    tid_t tid;
    const WCHAR *name;
    GUID clsid;
}
run_time_classes[] =
{
    { IVMVirtualMachine_tid, L"VMVirtualMachine",
      { 0x0683481b, 0x8ea6, 0x473c, { 0xbc, 0x8f, 0x19, 0x43, 0x5b, 0x74, 0xea, 0x8f } } },
    { IVMDVDDrive_tid, L"VMDVDDrive",
      { 0x22dcbf06, 0x558e, 0x4635, { 0x92, 0x47, 0x32, 0xf9, 0x4d, 0x7a, 0x0f, 0x8d } } },
    { IVMFloppyDrive_tid, L"VMFloppyDrive",
      { 0x5528ffac, 0xfd5f, 0x4847, { 0xbd, 0x4c, 0xb2, 0xf2, 0x0d, 0xde, 0x98, 0x0c } } },
};

static ICreateTypeLib2 *class_lib;
static ITypeInfo *class_infos[LAST_tid];

static HRESULT add_impl_type(ICreateTypeInfo *create, UINT index, tid_t tid, INT flags)
{
    ITypeInfo *typeinfo;
    HREFTYPE href;
    HRESULT hr;

    if (FAILED(hr = get_typeinfo(tid, &typeinfo))) return hr;
    hr = ICreateTypeInfo_AddRefTypeInfo(create, typeinfo, &href);
    ITypeInfo_Release(typeinfo);
    if (SUCCEEDED(hr)) hr = ICreateTypeInfo_AddImplType(create, index, href);
    if (SUCCEEDED(hr)) hr = ICreateTypeInfo_SetImplTypeFlags(create, index, flags);
    return hr;
}

/* events_cs held */
static HRESULT create_class_info(tid_t tid, tid_t events_tid, ITypeInfo **ret)
{
    ICreateTypeInfo *create;
    unsigned int i;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(run_time_classes); i++)
        if (run_time_classes[i].tid == tid) break;
    if (i == ARRAY_SIZE(run_time_classes)) return E_NOTIMPL;

    /* a library in memory only: nothing saves it */
    if (!class_lib && FAILED(hr = CreateTypeLib2(sizeof(void *) == 8 ? SYS_WIN64 : SYS_WIN32,
                                                 L"vpccom_classes.tlb", &class_lib)))
        return hr;
    hr = ICreateTypeLib2_CreateTypeInfo(class_lib, (WCHAR *)run_time_classes[i].name, TKIND_COCLASS, &create);
    if (FAILED(hr)) return hr;
    hr = ICreateTypeInfo_SetGuid(create, &run_time_classes[i].clsid);
    if (SUCCEEDED(hr)) hr = add_impl_type(create, 0, tid, IMPLTYPEFLAG_FDEFAULT);
    if (SUCCEEDED(hr)) hr = add_impl_type(create, 1, events_tid, IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE);
    if (SUCCEEDED(hr)) hr = ICreateTypeInfo_QueryInterface(create, &IID_ITypeInfo, (void **)ret);
    ICreateTypeInfo_Release(create);
    return hr;
}

static HRESULT get_class_info(const struct event_source *source, ITypeInfo **ret)
{
    tid_t tid = source->object->tid;
    ITypeInfo *typeinfo;
    ITypeLib *typelib;
    HRESULT hr = S_OK;
    UINT index;

    EnterCriticalSection(&events_cs);
    if (!class_infos[tid])
    {
        if (tid == IVMVirtualPC_tid)
        {
            if (SUCCEEDED(hr = get_typeinfo(tid, &typeinfo)))
            {
                if (SUCCEEDED(hr = ITypeInfo_GetContainingTypeLib(typeinfo, &typelib, &index)))
                {
                    hr = ITypeLib_GetTypeInfoOfGuid(typelib, &CLSID_VMVirtualPC, &class_infos[tid]);
                    ITypeLib_Release(typelib);
                }
                ITypeInfo_Release(typeinfo);
            }
        }
        else hr = create_class_info(tid, source->tid, &class_infos[tid]);
    }
    if (SUCCEEDED(hr)) ITypeInfo_AddRef(*ret = class_infos[tid]);
    LeaveCriticalSection(&events_cs);
    if (FAILED(hr)) ERR("No class information for %s: %#lx.\n", debugstr_guid(get_tid_iid(tid)), hr);
    return hr;
}

static inline struct event_source *impl_from_IProvideClassInfo2(IProvideClassInfo2 *iface)
{
    return CONTAINING_RECORD(iface, struct event_source, IProvideClassInfo2_iface);
}

static HRESULT WINAPI ProvideClassInfo_QueryInterface(IProvideClassInfo2 *iface, REFIID riid, void **obj)
{
    struct event_source *source = impl_from_IProvideClassInfo2(iface);
    return vpc_object_QueryInterface(&source->object->IDispatch_iface, riid, obj);
}

static ULONG WINAPI ProvideClassInfo_AddRef(IProvideClassInfo2 *iface)
{
    struct event_source *source = impl_from_IProvideClassInfo2(iface);
    return vpc_object_AddRef(&source->object->IDispatch_iface);
}

static ULONG WINAPI ProvideClassInfo_Release(IProvideClassInfo2 *iface)
{
    struct event_source *source = impl_from_IProvideClassInfo2(iface);
    return vpc_object_Release(&source->object->IDispatch_iface);
}

static HRESULT WINAPI ProvideClassInfo_GetClassInfo(IProvideClassInfo2 *iface, ITypeInfo **typeinfo)
{
    TRACE("%p, %p.\n", iface, typeinfo);

    if (!typeinfo) return E_POINTER;
    *typeinfo = NULL;
    return get_class_info(impl_from_IProvideClassInfo2(iface), typeinfo);
}

static HRESULT WINAPI ProvideClassInfo_GetGUID(IProvideClassInfo2 *iface, DWORD kind, GUID *guid)
{
    struct event_source *source = impl_from_IProvideClassInfo2(iface);

    TRACE("%p, %lu, %p.\n", iface, kind, guid);

    if (!guid) return E_POINTER;
    if (kind != GUIDKIND_DEFAULT_SOURCE_DISP_IID)
    {
        *guid = GUID_NULL;
        return E_INVALIDARG;
    }
    *guid = *get_tid_iid(source->tid);
    return S_OK;
}

static const IProvideClassInfo2Vtbl ProvideClassInfo2Vtbl =
{
    ProvideClassInfo_QueryInterface,
    ProvideClassInfo_AddRef,
    ProvideClassInfo_Release,
    ProvideClassInfo_GetClassInfo,
    ProvideClassInfo_GetGUID
};

/* ---- event sources --------------------------------------------------- */

void event_source_init(struct event_source *source, struct vpc_object *object, tid_t tid,
                       struct vpce_machine *machine, const struct drive_location *location)
{
    source->IConnectionPointContainer_iface.lpVtbl = &ConnectionPointContainerVtbl;
    source->IConnectionPoint_iface.lpVtbl = &ConnectionPointVtbl;
    source->IProvideClassInfo2_iface.lpVtbl = &ProvideClassInfo2Vtbl;
    source->object = object;
    source->tid = tid;
    source->machine = location ? location->machine : machine;
    source->location = location;
    source->last_cookie = 0;
}

HRESULT event_source_query_interface(struct event_source *source, REFIID riid, void **obj)
{
    if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
        *obj = &source->IConnectionPointContainer_iface;
    else if (IsEqualGUID(riid, &IID_IProvideClassInfo) || IsEqualGUID(riid, &IID_IProvideClassInfo2))
        *obj = &source->IProvideClassInfo2_iface;
    else
    {
        *obj = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*obj);
    return S_OK;
}

/* The object goes away: so do its connections. */
void event_source_cleanup(struct event_source *source)
{
    struct connection *found;
    IDispatch *sink;

    do
    {
        EnterCriticalSection(&events_cs);
        found = disconnect(source, 0, &sink);
        LeaveCriticalSection(&events_cs);
        if (found) close_connection(found, sink, FALSE);
    } while (found);
}

void release_events(void)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(class_infos); i++)
        if (class_infos[i]) ITypeInfo_Release(class_infos[i]);
    if (class_lib) ICreateTypeLib2_Release(class_lib);
    if (call_tls != TLS_OUT_OF_INDEXES) TlsFree(call_tls);
}
