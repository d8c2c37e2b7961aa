/*
 * vpcscript: a Windows Script Host (cscript) for legacy automation scripts
 *
 * Hosts the VBScript and JScript engines through IActiveScript and
 * IActiveScriptParse and gives scripts the WScript object of WSH 5.8.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpcscript_private.h"

#include "shellapi.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpcscript);

struct host_options options = { TRUE, 0 };
IActiveScript *script_engine;
WCHAR *script_full_name;
BOOL script_failed;

static const WCHAR *engine_name;
static IDispatch *wscript;
static HANDLE timeout_event;
static volatile LONG timeout_seconds;
static ULONGLONG timeout_deadline;
static CRITICAL_SECTION timeout_cs;

static void write_error(const WCHAR *str)
{
    write_text(STREAM_STDERR, str, -1);
}

void host_exit(int code)
{
    TRACE("exit code %d.\n", code);
    ExitProcess(code);
}

/* The timeout: a thread ends the process when the deadline passes;
 * WScript.Timeout moves the deadline. */
static DWORD WINAPI timeout_thread(void *arg)
{
    for (;;)
    {
        ULONGLONG deadline, now;
        DWORD wait = INFINITE;

        EnterCriticalSection(&timeout_cs);
        deadline = timeout_deadline;
        LeaveCriticalSection(&timeout_cs);
        now = GetTickCount64();
        if (deadline && now >= deadline) break;
        if (deadline) wait = deadline - now;
        WaitForSingleObject(timeout_event, wait);
    }
    write_error(L"Script execution time was exceeded on script \"");
    write_error(script_full_name);
    write_error(L"\".\r\nScript execution was terminated.\r\n");
    host_exit(1);
}

void set_timeout(int seconds)
{
    static HANDLE thread;

    TRACE("%d s.\n", seconds);
    if (!thread)
    {
        InitializeCriticalSection(&timeout_cs);
        timeout_event = CreateEventW(NULL, FALSE, FALSE, NULL);
        thread = CreateThread(NULL, 0, timeout_thread, NULL, 0, NULL);
    }
    EnterCriticalSection(&timeout_cs);
    options.timeout = seconds;
    timeout_deadline = seconds ? GetTickCount64() + seconds * 1000ull : 0;
    LeaveCriticalSection(&timeout_cs);
    SetEvent(timeout_event);
}

/* error reports: file(line, column) source: description (0xHRESULT) */
static const struct
{
    WORD code;
    const WCHAR *text;
}
runtime_errors[] =
{
    { 5, L"Invalid procedure call or argument" },
    { 6, L"Overflow" },
    { 7, L"Out of memory" },
    { 9, L"Subscript out of range" },
    { 10, L"This array is fixed or temporarily locked" },
    { 11, L"Division by zero" },
    { 13, L"Type mismatch" },
    { 14, L"Out of string space" },
    { 28, L"Out of stack space" },
    { 35, L"Sub or Function not defined" },
    { 48, L"Error in loading DLL" },
    { 51, L"Internal error" },
    { 52, L"Bad file name or number" },
    { 53, L"File not found" },
    { 54, L"Bad file mode" },
    { 55, L"File already open" },
    { 57, L"Device I/O error" },
    { 58, L"File already exists" },
    { 61, L"Disk full" },
    { 62, L"Input past end of file" },
    { 67, L"Too many files" },
    { 68, L"Device unavailable" },
    { 70, L"Permission denied" },
    { 71, L"Disk not ready" },
    { 74, L"Can't rename with different drive" },
    { 75, L"Path/File access error" },
    { 76, L"Path not found" },
    { 91, L"Object variable not set" },
    { 92, L"For loop not initialized" },
    { 94, L"Invalid use of Null" },
    { 322, L"Can't create necessary temporary file" },
    { 424, L"Object required" },
    { 429, L"ActiveX component can't create object" },
    { 430, L"Class doesn't support Automation" },
    { 432, L"File name or class name not found during Automation operation" },
    { 438, L"Object doesn't support this property or method" },
    { 440, L"Automation error" },
    { 445, L"Object doesn't support this action" },
    { 446, L"Object doesn't support named arguments" },
    { 447, L"Object doesn't support current locale setting" },
    { 448, L"Named argument not found" },
    { 449, L"Argument not optional" },
    { 450, L"Wrong number of arguments or invalid property assignment" },
    { 451, L"Object not a collection" },
    { 453, L"Specified DLL function not found" },
    { 457, L"This key is already associated with an element of this collection" },
    { 458, L"Variable uses an Automation type not supported in VBScript" },
    { 462, L"The remote server machine does not exist or is unavailable" },
    { 481, L"Invalid picture" },
    { 500, L"Variable is undefined" },
    { 501, L"Illegal assignment" },
    { 502, L"Object not safe for scripting" },
    { 503, L"Object not safe for initializing" },
    { 505, L"Invalid or unqualified reference" },
    { 506, L"Class not defined" },
    { 507, L"An exception occurred" },
    { 1001, L"Out of memory" },
    { 1002, L"Syntax error" },
    { 1003, L"Expected ':'" },
    { 1005, L"Expected '('" },
    { 1006, L"Expected ')'" },
    { 1007, L"Expected ']'" },
    { 1010, L"Expected identifier" },
    { 1011, L"Expected '='" },
    { 1012, L"Expected 'If'" },
    { 1013, L"Expected 'To'" },
    { 1014, L"Expected 'End'" },
    { 1015, L"Expected 'Function'" },
    { 1016, L"Expected 'Sub'" },
    { 1017, L"Expected 'Then'" },
    { 1018, L"Expected 'Wend'" },
    { 1019, L"Expected 'Loop'" },
    { 1020, L"Expected 'Next'" },
    { 1021, L"Expected 'Case'" },
    { 1022, L"Expected 'Select'" },
    { 1023, L"Expected expression" },
    { 1024, L"Expected statement" },
    { 1025, L"Expected end of statement" },
    { 1026, L"Expected integer constant" },
    { 1027, L"Expected 'While' or 'Until'" },
    { 1028, L"Expected 'While', 'Until' or end of statement" },
    { 1029, L"Expected 'With'" },
    { 1030, L"Identifier too long" },
    { 1031, L"Invalid number" },
    { 1032, L"Invalid character" },
    { 1033, L"Unterminated string constant" },
    { 1041, L"Name redefined" },
    { 1042, L"Must be first statement on the line" },
    { 1044, L"Cannot use parentheses when calling a Sub" },
    { 5001, L"Number expected" },
    { 5002, L"Function expected" },
    { 5007, L"Object expected" },
    { 5009, L"Undefined identifier" },
};

/* the VBScript error numbers of the automation errors scripts meet most */
static const struct
{
    HRESULT hr;
    WORD code;
}
automation_errors[] =
{
    { DISP_E_DIVBYZERO, 11 },
    { DISP_E_OVERFLOW, 6 },
    { DISP_E_TYPEMISMATCH, 13 },
    { DISP_E_BADINDEX, 9 },
    { DISP_E_UNKNOWNNAME, 438 },
    { DISP_E_MEMBERNOTFOUND, 438 },
    { DISP_E_BADPARAMCOUNT, 450 },
    { DISP_E_PARAMNOTOPTIONAL, 449 },
    { DISP_E_PARAMNOTFOUND, 448 },
    { DISP_E_NONAMEDARGS, 446 },
    { DISP_E_BADVARTYPE, 458 },
    { E_INVALIDARG, 5 },
    { E_OUTOFMEMORY, 7 },
    { REGDB_E_CLASSNOTREG, 429 },
    { CO_E_CLASSSTRING, 429 },
};

/* a text for an error whose description the engine left empty */
static WCHAR *error_text(HRESULT hr)
{
    WCHAR *text = NULL;
    unsigned int i;
    int len;

    for (i = 0; i < ARRAY_SIZE(automation_errors); i++)
        if (automation_errors[i].hr == hr)
            hr = MAKE_HRESULT(SEVERITY_ERROR, FACILITY_CONTROL, automation_errors[i].code);
    if (HRESULT_FACILITY(hr) == FACILITY_CONTROL)
    {
        for (i = 0; i < ARRAY_SIZE(runtime_errors); i++)
        {
            if (runtime_errors[i].code != HRESULT_CODE(hr)) continue;
            if ((text = malloc((lstrlenW(runtime_errors[i].text) + 1) * sizeof(WCHAR))))
                lstrcpyW(text, runtime_errors[i].text);
            return text;
        }
    }
    if (FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER
                       | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, hr, 0, (WCHAR *)&text, 0, NULL)
            && text)
    {
        WCHAR *copy;
        len = lstrlenW(text);
        while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '
                       || text[len - 1] == '.'))
            len--;
        if (len && (copy = malloc((len + 1) * sizeof(WCHAR))))
        {
            memcpy(copy, text, len * sizeof(WCHAR));
            copy[len] = 0;
            LocalFree(text);
            return copy;
        }
        LocalFree(text);
    }
    if ((text = malloc(sizeof(L"Unknown runtime error")))) lstrcpyW(text, L"Unknown runtime error");
    return text;
}

void report_error(const WCHAR *file, ULONG line, LONG column, const WCHAR *source,
                  const WCHAR *description, HRESULT hr)
{
    WCHAR buf[64], *text = NULL;

    if (!description || !*description) description = text = error_text(hr);
    if (!source || !*source)
        source = lstrcmpiW(engine_name, L"JScript") ? L"Microsoft VBScript runtime error"
                                                     : L"Microsoft JScript runtime error";
    write_error(file);
    wsprintfW(buf, L"(%u, %d) ", line, column);
    write_error(buf);
    write_error(source);
    write_error(L": ");
    write_error(description ? description : L"Unknown runtime error");
    wsprintfW(buf, L" (0x%08X)\r\n", (ULONG)hr);
    write_error(buf);
    free(text);
}

/* IActiveScriptSite */
static IActiveScriptSiteWindow site_window;

static HRESULT WINAPI site_QueryInterface(IActiveScriptSite *iface, REFIID riid, void **obj)
{
    TRACE("%s.\n", debugstr_guid(riid));

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IActiveScriptSite))
        *obj = iface;
    else if (IsEqualGUID(riid, &IID_IActiveScriptSiteWindow))
        *obj = &site_window;
    else
    {
        *obj = NULL;
        return E_NOINTERFACE;
    }
    return S_OK;
}

static ULONG WINAPI site_AddRef(IActiveScriptSite *iface)
{
    return 2;
}

static ULONG WINAPI site_Release(IActiveScriptSite *iface)
{
    return 1;
}

static HRESULT WINAPI site_GetLCID(IActiveScriptSite *iface, LCID *lcid)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI site_GetItemInfo(IActiveScriptSite *iface, LPCOLESTR name, DWORD mask,
                                       IUnknown **unk, ITypeInfo **ti)
{
    TRACE("%s, %#lx.\n", debugstr_w(name), mask);

    if (mask & SCRIPTINFO_ITYPEINFO) *ti = NULL;
    if (lstrcmpiW(name, L"WScript") && lstrcmpiW(name, L"WSH")) return TYPE_E_ELEMENTNOTFOUND;
    if (mask & SCRIPTINFO_IUNKNOWN)
    {
        *unk = (IUnknown *)wscript;
        IUnknown_AddRef(*unk);
    }
    return S_OK;
}

static HRESULT WINAPI site_GetDocVersionString(IActiveScriptSite *iface, BSTR *version)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI site_OnScriptTerminate(IActiveScriptSite *iface, const VARIANT *result,
                                             const EXCEPINFO *excepinfo)
{
    return S_OK;
}

static HRESULT WINAPI site_OnStateChange(IActiveScriptSite *iface, SCRIPTSTATE state)
{
    TRACE("%d.\n", state);
    return S_OK;
}

static HRESULT WINAPI site_OnScriptError(IActiveScriptSite *iface, IActiveScriptError *error)
{
    EXCEPINFO ei = {0};
    ULONG line = 0;
    LONG column = 0;
    DWORD context;
    HRESULT hr;

    TRACE("%p.\n", error);

    script_failed = TRUE;
    IActiveScriptError_GetExceptionInfo(error, &ei);
    if (ei.pfnDeferredFillIn) ei.pfnDeferredFillIn(&ei);
    IActiveScriptError_GetSourcePosition(error, &context, &line, &column);
    hr = ei.scode;
    if (!hr) hr = ei.wCode ? MAKE_HRESULT(SEVERITY_ERROR, FACILITY_CONTROL, ei.wCode) : E_FAIL;
    if (options.interactive)
        report_error(script_full_name, line + 1, column + 1, ei.bstrSource, ei.bstrDescription, hr);
    SysFreeString(ei.bstrSource);
    SysFreeString(ei.bstrDescription);
    SysFreeString(ei.bstrHelpFile);
    return S_OK;
}

static HRESULT WINAPI site_OnEnterScript(IActiveScriptSite *iface)
{
    return S_OK;
}

static HRESULT WINAPI site_OnLeaveScript(IActiveScriptSite *iface)
{
    return S_OK;
}

static const IActiveScriptSiteVtbl site_vtbl =
{
    site_QueryInterface,
    site_AddRef,
    site_Release,
    site_GetLCID,
    site_GetItemInfo,
    site_GetDocVersionString,
    site_OnScriptTerminate,
    site_OnStateChange,
    site_OnScriptError,
    site_OnEnterScript,
    site_OnLeaveScript
};

static IActiveScriptSite script_site = { &site_vtbl };

/* IActiveScriptSiteWindow: MsgBox and InputBox get the desktop as owner,
 * and fail in batch mode as WSH's do */
static HRESULT WINAPI site_window_QueryInterface(IActiveScriptSiteWindow *iface, REFIID riid,
                                                 void **obj)
{
    return IActiveScriptSite_QueryInterface(&script_site, riid, obj);
}

static ULONG WINAPI site_window_AddRef(IActiveScriptSiteWindow *iface)
{
    return 2;
}

static ULONG WINAPI site_window_Release(IActiveScriptSiteWindow *iface)
{
    return 1;
}

static HRESULT WINAPI site_window_GetWindow(IActiveScriptSiteWindow *iface, HWND *hwnd)
{
    TRACE("interactive %d.\n", options.interactive);

    *hwnd = NULL;
    return options.interactive ? S_OK : E_FAIL;
}

static HRESULT WINAPI site_window_EnableModeless(IActiveScriptSiteWindow *iface, BOOL enable)
{
    return S_OK;
}

static const IActiveScriptSiteWindowVtbl site_window_vtbl =
{
    site_window_QueryInterface,
    site_window_AddRef,
    site_window_Release,
    site_window_GetWindow,
    site_window_EnableModeless
};

static IActiveScriptSiteWindow site_window = { &site_window_vtbl };

/* the script file: UTF-16 or UTF-8 with a byte order mark, ANSI otherwise */
static WCHAR *read_script(const WCHAR *path)
{
    HANDLE file;
    DWORD size, count;
    char *bytes;
    WCHAR *text = NULL;
    UINT cp = CP_ACP;
    int len, skip = 0;

    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return NULL;
    size = GetFileSize(file, NULL);
    if (size != INVALID_FILE_SIZE && (bytes = malloc(size + 2)))
    {
        if (ReadFile(file, bytes, size, &count, NULL) && count == size)
        {
            if (size >= 2 && (BYTE)bytes[0] == 0xff && (BYTE)bytes[1] == 0xfe)
            {
                len = (size - 2) / sizeof(WCHAR);
                if ((text = malloc((len + 1) * sizeof(WCHAR))))
                {
                    memcpy(text, bytes + 2, len * sizeof(WCHAR));
                    text[len] = 0;
                }
            }
            else
            {
                if (size >= 3 && !memcmp(bytes, "\xef\xbb\xbf", 3))
                {
                    cp = CP_UTF8;
                    skip = 3;
                }
                len = MultiByteToWideChar(cp, 0, bytes + skip, size - skip, NULL, 0);
                if ((text = malloc((len + 1) * sizeof(WCHAR))))
                {
                    MultiByteToWideChar(cp, 0, bytes + skip, size - skip, text, len);
                    text[len] = 0;
                }
            }
        }
        free(bytes);
    }
    CloseHandle(file);
    return text;
}

static const WCHAR *extension(const WCHAR *path)
{
    const WCHAR *p, *ret = NULL;

    for (p = path; *p; p++)
    {
        if (*p == '.') ret = p;
        else if (*p == '\\' || *p == '/') ret = NULL;
    }
    return ret ? ret : L"";
}

static const WCHAR *engine_for(const WCHAR *name)
{
    if (!lstrcmpiW(name, L".vbs") || !lstrcmpiW(name, L"vbs") || !lstrcmpiW(name, L"vbscript"))
        return L"VBScript";
    if (!lstrcmpiW(name, L".js") || !lstrcmpiW(name, L"js") || !lstrcmpiW(name, L"jscript")
            || !lstrcmpiW(name, L"javascript"))
        return L"JScript";
    return NULL;
}

static HRESULT create_engine(IActiveScript **script, IActiveScriptParse **parse)
{
    CLSID clsid;
    HRESULT hr;

    if (FAILED(hr = CLSIDFromProgID(engine_name, &clsid))) return hr;
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IActiveScript, (void **)script);
    if (FAILED(hr)) return hr;
    hr = IActiveScript_QueryInterface(*script, &IID_IActiveScriptParse, (void **)parse);
    if (FAILED(hr))
    {
        IActiveScript_Release(*script);
        *script = NULL;
    }
    return hr;
}

static HRESULT init_engine(IActiveScript *script, IActiveScriptParse *parse)
{
    HRESULT hr;

    if (FAILED(hr = IActiveScript_SetScriptSite(script, &script_site))) return hr;
    if (FAILED(hr = IActiveScriptParse_InitNew(parse))) return hr;
    hr = IActiveScript_AddNamedItem(script, L"WScript", SCRIPTITEM_ISVISIBLE);
    if (SUCCEEDED(hr)) hr = IActiveScript_AddNamedItem(script, L"WSH", SCRIPTITEM_ISVISIBLE);
    return hr;
}

/* parses and runs the script; an error in it was reported by the site */
static HRESULT run_script(const WCHAR *text)
{
    IActiveScriptParse *parse;
    IActiveScript *script;
    HRESULT hr;

    if (FAILED(hr = create_engine(&script, &parse)))
    {
        WARN("no %s engine: %#lx.\n", debugstr_w(engine_name), hr);
        write_error(L"Input Error: Can not find script engine \"");
        write_error(engine_name);
        write_error(L"\" for script \"");
        write_error(script_full_name);
        write_error(L"\".\r\n");
        script_failed = TRUE;
        return hr;
    }
    script_engine = script;
    hr = init_engine(script, parse);
    if (SUCCEEDED(hr))
        hr = IActiveScriptParse_ParseScriptText(parse, text, NULL, NULL, NULL, 0, 0,
                                                SCRIPTTEXT_HOSTMANAGESSOURCE | SCRIPTTEXT_ISVISIBLE,
                                                NULL, NULL);
    if (SUCCEEDED(hr)) hr = IActiveScript_SetScriptState(script, SCRIPTSTATE_STARTED);
    TRACE("script returned %#lx.\n", hr);

    disconnect_all();
    IActiveScript_Close(script);
    script_engine = NULL;
    IActiveScriptParse_Release(parse);
    IActiveScript_Release(script);
    return hr;
}

static void usage(void)
{
    write_line(STREAM_STDOUT, L"Usage: vpcscript [//options] scriptname.extension [arguments]", -1);
    write_line(STREAM_STDOUT, L"", 0);
    write_line(STREAM_STDOUT, L"Options:", -1);
    write_line(STREAM_STDOUT, L" //B         Batch mode: no banner, no script errors, no prompts", -1);
    write_line(STREAM_STDOUT, L" //E:engine  Use engine (vbscript or jscript) for the script", -1);
    write_line(STREAM_STDOUT, L" //I         Interactive mode (default, opposite of //B)", -1);
    write_line(STREAM_STDOUT, L" //Logo      Display the banner (default)", -1);
    write_line(STREAM_STDOUT, L" //Nologo    Do not display the banner", -1);
    write_line(STREAM_STDOUT, L" //T:nn      Time-out in seconds: stop the script, exit status 1", -1);
    write_line(STREAM_STDOUT, L" //U         Accepted; output to files and pipes is UTF-8", -1);
    write_line(STREAM_STDOUT, L" //?         This help", -1);
}

/* a host option (//name), FALSE when it is not known */
static BOOL parse_option(const WCHAR *arg, BOOL *logo, BOOL *help)
{
    const WCHAR *opt = arg + 2;

    if (!lstrcmpiW(opt, L"nologo")) *logo = FALSE;
    else if (!lstrcmpiW(opt, L"logo")) *logo = TRUE;
    else if (!lstrcmpiW(opt, L"B")) options.interactive = FALSE;
    else if (!lstrcmpiW(opt, L"I")) options.interactive = TRUE;
    else if (!lstrcmpiW(opt, L"?")) *help = TRUE;
    else if ((opt[0] == 'T' || opt[0] == 't') && opt[1] == ':')
    {
        const WCHAR *p = opt + 2;
        int seconds = 0;
        if (!*p) return FALSE;
        for (; *p; p++)
        {
            if (*p < '0' || *p > '9' || seconds > 3276) return FALSE;
            seconds = seconds * 10 + (*p - '0');
        }
        options.timeout = seconds;
    }
    else if ((opt[0] == 'E' || opt[0] == 'e') && opt[1] == ':')
    {
        if (!(engine_name = engine_for(opt + 2))) engine_name = opt + 2;
    }
    else if (!lstrcmpiW(opt, L"U"))
        TRACE("//U: output to files and pipes is UTF-8, to a console UTF-16 in any case.\n");
    else if (!lstrcmpiW(opt, L"D") || !lstrcmpiW(opt, L"X") || !lstrcmpiW(opt, L"S")
             || !lstrcmpiW(opt, L"H:cscript") || !lstrcmpiW(opt, L"H:wscript")
             || CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, opt, min(lstrlenW(opt), 4),
                               L"Job:", 4) == CSTR_EQUAL)
        FIXME("ignoring %s.\n", debugstr_w(arg));
    else return FALSE;
    return TRUE;
}

static WCHAR *full_path(const WCHAR *path)
{
    DWORD len = GetFullPathNameW(path, 0, NULL, NULL);
    WCHAR *ret;

    if (!len || !(ret = malloc(len * sizeof(WCHAR)))) return NULL;
    GetFullPathNameW(path, len, ret, NULL);
    return ret;
}

static int start(const WCHAR *file, int argc, WCHAR **argv)
{
    WCHAR *text;
    HRESULT hr;

    if (!(script_full_name = full_path(file)) || GetFileAttributesW(script_full_name)
            == INVALID_FILE_ATTRIBUTES || !(text = read_script(script_full_name)))
    {
        write_error(L"Input Error: Can not find script file \"");
        write_error(script_full_name ? script_full_name : file);
        write_error(L"\".\r\n");
        return 1;
    }
    if (!engine_name && !(engine_name = engine_for(extension(file))))
    {
        write_error(L"Input Error: There is no script engine for file extension \"");
        write_error(extension(file));
        write_error(L"\".\r\n");
        return 1;
    }
    if (FAILED(hr = create_wscript(argc, argv, &wscript))) return 1;
    if (options.timeout) set_timeout(options.timeout);

    CoInitialize(NULL);
    hr = run_script(text);
    if (FAILED(hr) && !script_failed)
    {
        report_error(script_full_name, 0, 0, L"Script host", NULL, hr);
        script_failed = TRUE;
    }
    IDispatch_Release(wscript);
    CoUninitialize();
    free(text);
    return script_failed ? 1 : 0;
}

/* the command line as Windows splits it (winelib's argv is in the Unix
 * code page and its wmain does not get the arguments in Wine 8) */
int __cdecl main(int unix_argc, char *unix_argv[])
{
    WCHAR **argv, **script_args;
    const WCHAR *file = NULL;
    BOOL logo = TRUE, help = FALSE;
    int i, argc, count = 0;

    if (!(argv = CommandLineToArgvW(GetCommandLineW(), &argc))) return 1;
    if (!(script_args = calloc(argc + 1, sizeof(*script_args)))) return 1;
    for (i = 1; i < argc; i++)
    {
        if (argv[i][0] == '/' && argv[i][1] == '/')
        {
            if (parse_option(argv[i], &logo, &help)) continue;
            write_error(L"Input Error: Unknown option \"");
            write_error(argv[i]);
            write_error(L"\" specified.\r\n");
            return 1;
        }
        if (!file) file = argv[i];
        else script_args[count++] = argv[i];
    }
    if (logo && options.interactive)
    {
        write_line(STREAM_STDOUT, L"vpcscript, Windows Script Host 5.8 for Wine", -1);
        write_line(STREAM_STDOUT, L"", 0);
    }
    if (help || !file)
    {
        usage();
        return 0;
    }
    return start(file, count, script_args);
}
