/*
 * vpcscript: the WScript object
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpcscript_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpcscript);

enum
{
    DISPID_WS_NAME = 1,
    DISPID_WS_FULLNAME,
    DISPID_WS_PATH,
    DISPID_WS_VERSION,
    DISPID_WS_BUILDVERSION,
    DISPID_WS_SCRIPTNAME,
    DISPID_WS_SCRIPTFULLNAME,
    DISPID_WS_ARGUMENTS,
    DISPID_WS_INTERACTIVE,
    DISPID_WS_TIMEOUT,
    DISPID_WS_STDIN,
    DISPID_WS_STDOUT,
    DISPID_WS_STDERR,
    DISPID_WS_ECHO,
    DISPID_WS_SLEEP,
    DISPID_WS_QUIT,
    DISPID_WS_CREATEOBJECT,
    DISPID_WS_GETOBJECT,
    DISPID_WS_CONNECTOBJECT,
    DISPID_WS_DISCONNECTOBJECT
};

static const struct member wscript_members[] =
{
    { L"Name", DISPID_WS_NAME },
    { L"FullName", DISPID_WS_FULLNAME },
    { L"Path", DISPID_WS_PATH },
    { L"Version", DISPID_WS_VERSION },
    { L"BuildVersion", DISPID_WS_BUILDVERSION },
    { L"ScriptName", DISPID_WS_SCRIPTNAME },
    { L"ScriptFullName", DISPID_WS_SCRIPTFULLNAME },
    { L"Arguments", DISPID_WS_ARGUMENTS },
    { L"Interactive", DISPID_WS_INTERACTIVE },
    { L"Timeout", DISPID_WS_TIMEOUT },
    { L"StdIn", DISPID_WS_STDIN },
    { L"StdOut", DISPID_WS_STDOUT },
    { L"StdErr", DISPID_WS_STDERR },
    { L"Echo", DISPID_WS_ECHO },
    { L"Sleep", DISPID_WS_SLEEP },
    { L"Quit", DISPID_WS_QUIT },
    { L"CreateObject", DISPID_WS_CREATEOBJECT },
    { L"GetObject", DISPID_WS_GETOBJECT },
    { L"ConnectObject", DISPID_WS_CONNECTOBJECT },
    { L"DisconnectObject", DISPID_WS_DISCONNECTOBJECT },
    { NULL }
};

struct wscript
{
    struct dispobj base;
    int argc;
    WCHAR **argv;
};

static HRESULT echo(DISPPARAMS *params)
{
    unsigned int i, count = arg_count(params);
    BSTR str;
    HRESULT hr;

    if (!options.interactive) return S_OK;
    for (i = 0; i < count; i++)
    {
        if (FAILED(hr = arg_bstr(params, i, &str))) return hr;
        if (i) write_text(STREAM_STDOUT, L" ", 1);
        write_text(STREAM_STDOUT, str, SysStringLen(str));
        SysFreeString(str);
    }
    write_text(STREAM_STDOUT, L"\r\n", 2);
    return S_OK;
}

/* waits, dispatching the thread's messages (COM calls into an STA, timers) */
static HRESULT wscript_sleep(DISPPARAMS *params)
{
    ULONGLONG end;
    HRESULT hr;
    MSG msg;
    int ms;

    if (FAILED(hr = arg_int(params, 0, &ms))) return hr;
    if (ms < 0) return E_INVALIDARG;
    TRACE("%d ms.\n", ms);
    end = GetTickCount64() + ms;
    for (;;)
    {
        ULONGLONG now = GetTickCount64();
        if (now >= end) break;
        if (MsgWaitForMultipleObjects(0, NULL, FALSE, end - now, QS_ALLINPUT) == WAIT_OBJECT_0)
        {
            while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            {
                TranslateMessage(&msg);
                DispatchMessageW(&msg);
            }
        }
    }
    return S_OK;
}

static HRESULT quit(DISPPARAMS *params)
{
    int code = 0;
    HRESULT hr;

    if (!arg_missing(params, 0) && FAILED(hr = arg_int(params, 0, &code))) return hr;
    TRACE("exit code %d.\n", code);
    host_exit(code);
}

static HRESULT create_object(DISPPARAMS *params, VARIANT *result)
{
    BSTR progid, prefix = NULL;
    IDispatch *disp;
    HRESULT hr;
    CLSID clsid;

    if (FAILED(hr = arg_bstr(params, 0, &progid))) return hr;
    hr = CLSIDFromProgID(progid, &clsid);
    if (FAILED(hr)) WARN("unknown ProgID %s: %#lx.\n", debugstr_w(progid), hr);
    SysFreeString(progid);
    if (FAILED(hr)) return hr;
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_SERVER, &IID_IDispatch, (void **)&disp);
    if (FAILED(hr)) return hr;
    if (!arg_missing(params, 1) && SUCCEEDED(hr = arg_bstr(params, 1, &prefix)) && *prefix)
        hr = connect_object(disp, prefix);
    SysFreeString(prefix);
    if (FAILED(hr))
    {
        IDispatch_Release(disp);
        return hr;
    }
    return return_dispatch(result, disp);
}

/* GetObject(path, progid): with no path the running object of the class, with
 * an empty one a new object, otherwise a new object that loads the file */
static HRESULT get_object_of_class(const WCHAR *path, const WCHAR *progid, IDispatch **ret)
{
    IPersistFile *file;
    IUnknown *unk;
    CLSID clsid;
    HRESULT hr;

    if (FAILED(hr = CLSIDFromProgID(progid, &clsid))) return hr;
    if (!path)
    {
        if (FAILED(hr = GetActiveObject(&clsid, NULL, &unk))) return hr;
        hr = IUnknown_QueryInterface(unk, &IID_IDispatch, (void **)ret);
        IUnknown_Release(unk);
        return hr;
    }
    if (!*path) return CoCreateInstance(&clsid, NULL, CLSCTX_SERVER, &IID_IDispatch, (void **)ret);
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_SERVER, &IID_IPersistFile, (void **)&file);
    if (FAILED(hr)) return hr;
    hr = IPersistFile_Load(file, path, STGM_READ);
    if (SUCCEEDED(hr)) hr = IPersistFile_QueryInterface(file, &IID_IDispatch, (void **)ret);
    IPersistFile_Release(file);
    return hr;
}

/* GetObject(path): a moniker's display name ("winmgmts:", a file name) */
static HRESULT get_object(DISPPARAMS *params, VARIANT *result)
{
    BSTR path = NULL, progid = NULL;
    IDispatch *disp = NULL;
    HRESULT hr;

    if (!arg_missing(params, 0) && FAILED(hr = arg_bstr(params, 0, &path))) return hr;
    if (!arg_missing(params, 1) && FAILED(hr = arg_bstr(params, 1, &progid)))
    {
        SysFreeString(path);
        return hr;
    }
    TRACE("%s, %s.\n", debugstr_w(path), debugstr_w(progid));
    if (progid && *progid) hr = get_object_of_class(path, progid, &disp);
    else if (path && *path) hr = CoGetObject(path, NULL, &IID_IDispatch, (void **)&disp);
    else hr = E_INVALIDARG;
    SysFreeString(path);
    SysFreeString(progid);
    if (FAILED(hr)) return hr;
    return return_dispatch(result, disp);
}

static HRESULT wscript_connect(DISPPARAMS *params, BOOL disconnect)
{
    IDispatch *obj;
    BSTR prefix;
    HRESULT hr;

    if (FAILED(hr = arg_dispatch(params, 0, &obj))) return hr;
    if (disconnect) hr = disconnect_object(obj);
    else if (SUCCEEDED(hr = arg_bstr(params, 1, &prefix)))
    {
        hr = connect_object(obj, prefix);
        SysFreeString(prefix);
    }
    IDispatch_Release(obj);
    return hr;
}

static HRESULT get_stream_object(enum std_stream which, VARIANT *result)
{
    IDispatch *disp;
    HRESULT hr;

    if (FAILED(hr = get_std_stream(which, &disp))) return hr;
    return return_dispatch(result, disp);
}

static const WCHAR *file_part(const WCHAR *path)
{
    const WCHAR *p, *ret = path;

    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/') ret = p + 1;
    return ret;
}

static HRESULT module_path(BOOL folder, VARIANT *result)
{
    WCHAR path[MAX_PATH];
    int len = GetModuleFileNameW(NULL, path, ARRAY_SIZE(path));

    if (folder) len = file_part(path) - path - 1;
    return return_bstr(result, path, max(len, 0));
}

static HRESULT put_property(DISPID id, DISPPARAMS *params)
{
    VARIANT *v = params->cNamedArgs ? &params->rgvarg[0] : NULL, num;
    HRESULT hr;

    if (!v || params->rgdispidNamedArgs[0] != DISPID_PROPERTYPUT) return DISP_E_PARAMNOTOPTIONAL;
    VariantInit(&num);
    if (id == DISPID_WS_INTERACTIVE)
    {
        if (FAILED(hr = VariantChangeType(&num, v, 0, VT_BOOL))) return hr;
        options.interactive = V_BOOL(&num) != VARIANT_FALSE;
        return S_OK;
    }
    if (id == DISPID_WS_TIMEOUT)
    {
        if (FAILED(hr = VariantChangeType(&num, v, 0, VT_I4))) return hr;
        if (V_I4(&num) < 0) return E_INVALIDARG;
        set_timeout(V_I4(&num));
        return S_OK;
    }
    return DISP_E_MEMBERNOTFOUND;
}

static HRESULT wscript_invoke(struct dispobj *obj, DISPID id, WORD flags, DISPPARAMS *params,
                              VARIANT *result)
{
    struct wscript *This = CONTAINING_RECORD(obj, struct wscript, base);
    IDispatch *disp;
    HRESULT hr;

    if (is_put(flags)) return put_property(id, params);
    if (!is_get(flags)) return DISP_E_MEMBERNOTFOUND;
    switch (id)
    {
    case DISPID_VALUE:
    case DISPID_WS_NAME:
        return return_bstr(result, L"Windows Script Host", -1);
    case DISPID_WS_FULLNAME:
        return module_path(FALSE, result);
    case DISPID_WS_PATH:
        return module_path(TRUE, result);
    case DISPID_WS_VERSION:
        return return_bstr(result, L"5.8", -1);
    case DISPID_WS_BUILDVERSION:
        return return_int(result, 18702);
    case DISPID_WS_SCRIPTNAME:
        return return_bstr(result, file_part(script_full_name), -1);
    case DISPID_WS_SCRIPTFULLNAME:
        return return_bstr(result, script_full_name, -1);
    case DISPID_WS_ARGUMENTS:
        if (FAILED(hr = create_arguments(This->argc, This->argv, &disp))) return hr;
        return return_object_or_item(disp, params, result);
    case DISPID_WS_INTERACTIVE:
        return return_bool(result, options.interactive);
    case DISPID_WS_TIMEOUT:
        return return_int(result, options.timeout);
    case DISPID_WS_STDIN:
        return get_stream_object(STREAM_STDIN, result);
    case DISPID_WS_STDOUT:
        return get_stream_object(STREAM_STDOUT, result);
    case DISPID_WS_STDERR:
        return get_stream_object(STREAM_STDERR, result);
    case DISPID_WS_ECHO:
        return echo(params);
    case DISPID_WS_SLEEP:
        return wscript_sleep(params);
    case DISPID_WS_QUIT:
        return quit(params);
    case DISPID_WS_CREATEOBJECT:
        return create_object(params, result);
    case DISPID_WS_GETOBJECT:
        return get_object(params, result);
    case DISPID_WS_CONNECTOBJECT:
        return wscript_connect(params, FALSE);
    case DISPID_WS_DISCONNECTOBJECT:
        return wscript_connect(params, TRUE);
    }
    return DISP_E_MEMBERNOTFOUND;
}

static void wscript_destroy(struct dispobj *obj)
{
    free(CONTAINING_RECORD(obj, struct wscript, base));
}

static const struct dispclass wscript_class =
    { "WScript", wscript_members, wscript_invoke, wscript_destroy };

HRESULT create_wscript(int argc, WCHAR **argv, IDispatch **ret)
{
    struct wscript *This;

    if (!(This = calloc(1, sizeof(*This)))) return E_OUTOFMEMORY;
    dispobj_init(&This->base, &wscript_class);
    This->argc = argc;
    This->argv = argv;
    *ret = &This->base.IDispatch_iface;
    return S_OK;
}
