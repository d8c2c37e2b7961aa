/*
 * vpcscript: a Windows Script Host (cscript) for legacy automation scripts
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef VPCSCRIPT_PRIVATE_H
#define VPCSCRIPT_PRIVATE_H

#include <stdarg.h>
#include <stdlib.h>

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "winuser.h"
#include "ole2.h"
#include "olectl.h"
#include "ocidl.h"
#include "activscp.h"

#ifdef _WIN64
#define IActiveScriptParse_Release IActiveScriptParse64_Release
#define IActiveScriptParse_InitNew IActiveScriptParse64_InitNew
#define IActiveScriptParse_ParseScriptText IActiveScriptParse64_ParseScriptText
#else
#define IActiveScriptParse_Release IActiveScriptParse32_Release
#define IActiveScriptParse_InitNew IActiveScriptParse32_InitNew
#define IActiveScriptParse_ParseScriptText IActiveScriptParse32_ParseScriptText
#endif

/* Hand-written IDispatch: a table of member names (compared without regard
 * to case) and one invoke function per class. */
struct dispobj;

struct member
{
    const WCHAR *name;
    DISPID id;
};

struct dispclass
{
    const char *name;
    const struct member *members;   /* ends with a NULL name */
    HRESULT (*invoke)(struct dispobj *obj, DISPID id, WORD flags, DISPPARAMS *params,
                      VARIANT *result);
    void (*destroy)(struct dispobj *obj);
};

struct dispobj
{
    IDispatch IDispatch_iface;
    LONG ref;
    const struct dispclass *class;
};

void dispobj_init(struct dispobj *obj, const struct dispclass *class);
unsigned int arg_count(const DISPPARAMS *params);
VARIANT *arg_get(DISPPARAMS *params, unsigned int i);
HRESULT arg_bstr(DISPPARAMS *params, unsigned int i, BSTR *ret);
HRESULT arg_int(DISPPARAMS *params, unsigned int i, int *ret);
HRESULT arg_dispatch(DISPPARAMS *params, unsigned int i, IDispatch **ret);
BOOL arg_missing(DISPPARAMS *params, unsigned int i);
HRESULT variant_to_string(VARIANT *v, BSTR *ret);
HRESULT return_bstr(VARIANT *result, const WCHAR *str, int len);
HRESULT return_int(VARIANT *result, int value);
HRESULT return_bool(VARIANT *result, BOOL value);
HRESULT return_dispatch(VARIANT *result, IDispatch *disp);
HRESULT return_object_or_item(IDispatch *disp, DISPPARAMS *params, VARIANT *result);
BOOL is_get(WORD flags);
BOOL is_put(WORD flags);

/* main.c: the host */
struct host_options
{
    BOOL interactive;
    int timeout;            /* seconds, 0 for none */
};

extern struct host_options options;
extern IActiveScript *script_engine;
extern WCHAR *script_full_name;
extern BOOL script_failed;

void host_exit(int code) DECLSPEC_NORETURN;
void set_timeout(int seconds);
void report_error(const WCHAR *file, ULONG line, LONG column, const WCHAR *source,
                  const WCHAR *description, HRESULT hr);

/* wscript.c */
HRESULT create_wscript(int argc, WCHAR **argv, IDispatch **ret);

/* arguments.c */
HRESULT create_arguments(int argc, WCHAR **argv, IDispatch **ret);

/* textstream.c */
enum std_stream { STREAM_STDIN, STREAM_STDOUT, STREAM_STDERR };
HRESULT get_std_stream(enum std_stream which, IDispatch **ret);
void write_text(enum std_stream which, const WCHAR *str, int len);
void write_line(enum std_stream which, const WCHAR *str, int len);

/* events.c */
HRESULT connect_object(IDispatch *obj, const WCHAR *prefix);
HRESULT disconnect_object(IDispatch *obj);
void disconnect_all(void);

#endif
