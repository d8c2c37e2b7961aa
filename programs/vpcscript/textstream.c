/*
 * vpcscript: WScript.StdIn, StdOut and StdErr, and the host's own output
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpcscript_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpcscript);

#ifndef CTL_E_ENDOFFILE
#define CTL_E_ENDOFFILE    STD_CTL_SCODE(62)
#endif

enum
{
    DISPID_TS_WRITE = 1,
    DISPID_TS_WRITELINE,
    DISPID_TS_WRITEBLANKLINES,
    DISPID_TS_READ,
    DISPID_TS_READLINE,
    DISPID_TS_READALL,
    DISPID_TS_SKIP,
    DISPID_TS_SKIPLINE,
    DISPID_TS_ATENDOFSTREAM,
    DISPID_TS_ATENDOFLINE,
    DISPID_TS_LINE,
    DISPID_TS_COLUMN,
    DISPID_TS_CLOSE
};

static const struct member textstream_members[] =
{
    { L"Write", DISPID_TS_WRITE },
    { L"WriteLine", DISPID_TS_WRITELINE },
    { L"WriteBlankLines", DISPID_TS_WRITEBLANKLINES },
    { L"Read", DISPID_TS_READ },
    { L"ReadLine", DISPID_TS_READLINE },
    { L"ReadAll", DISPID_TS_READALL },
    { L"Skip", DISPID_TS_SKIP },
    { L"SkipLine", DISPID_TS_SKIPLINE },
    { L"AtEndOfStream", DISPID_TS_ATENDOFSTREAM },
    { L"AtEndOfLine", DISPID_TS_ATENDOFLINE },
    { L"Line", DISPID_TS_LINE },
    { L"Column", DISPID_TS_COLUMN },
    { L"Close", DISPID_TS_CLOSE },
    { NULL }
};

struct textstream
{
    struct dispobj base;
    enum std_stream which;
    BOOL created;
    BOOL closed;
    int line;
    int column;
};

static struct textstream streams[3];

/* what has been read from standard input and not consumed yet */
static struct
{
    char raw[4096];
    DWORD rawlen;
    WCHAR *buf;
    int len, pos, size;
    BOOL eof;
} input;

static HANDLE std_handle(enum std_stream which)
{
    static const DWORD ids[] = { STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE };
    return GetStdHandle(ids[which]);
}

static void track_position(struct textstream *stream, const WCHAR *str, int len)
{
    int i;

    for (i = 0; i < len; i++)
    {
        if (str[i] == '\n')
        {
            stream->line++;
            stream->column = 1;
        }
        else stream->column++;
    }
}

static struct textstream *get_stream(enum std_stream which)
{
    struct textstream *stream = &streams[which];

    if (!stream->created)
    {
        stream->created = TRUE;
        stream->which = which;
        stream->line = stream->column = 1;
    }
    return stream;
}

/* Consoles get UTF-16 through WriteConsoleW; files and pipes get UTF-8,
 * what Linux programs reading them expect. */
void write_text(enum std_stream which, const WCHAR *str, int len)
{
    HANDLE handle = std_handle(which);
    DWORD mode, written;
    char *bytes;
    int size;

    if (len < 0) len = lstrlenW(str);
    track_position(get_stream(which), str, len);
    if (!len || !handle || handle == INVALID_HANDLE_VALUE) return;
    if (GetConsoleMode(handle, &mode))
    {
        WriteConsoleW(handle, str, len, &written, NULL);
        return;
    }
    size = WideCharToMultiByte(CP_UTF8, 0, str, len, NULL, 0, NULL, NULL);
    if (!(bytes = malloc(size))) return;
    WideCharToMultiByte(CP_UTF8, 0, str, len, bytes, size, NULL, NULL);
    WriteFile(handle, bytes, size, &written, NULL);
    free(bytes);
}

void write_line(enum std_stream which, const WCHAR *str, int len)
{
    if (str) write_text(which, str, len);
    write_text(which, L"\r\n", 2);
}

/* the length of raw that holds whole UTF-8 sequences */
static DWORD complete_utf8(const char *raw, DWORD len)
{
    DWORD i, need;

    for (i = len; i > 0 && len - i < 4; i--)
    {
        unsigned char c = raw[i - 1];
        if (c < 0x80) return len;
        if (c < 0xc0) continue;
        need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        return len - (i - 1) >= need ? len : i - 1;
    }
    return len;
}

static BOOL append_input(const WCHAR *str, int len)
{
    WCHAR *buf;

    if (input.len + len > input.size)
    {
        int size = max(input.size * 2, input.len + len + 256);
        if (!(buf = realloc(input.buf, size * sizeof(WCHAR)))) return FALSE;
        input.buf = buf;
        input.size = size;
    }
    memcpy(input.buf + input.len, str, len * sizeof(WCHAR));
    input.len += len;
    return TRUE;
}

static BOOL append_bytes(const char *bytes, DWORD count)
{
    WCHAR *str;
    UINT cp = CP_UTF8;
    int len;
    BOOL ret;

    if (!count) return TRUE;
    len = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, bytes, count, NULL, 0);
    if (!len)
    {
        cp = CP_OEMCP;
        len = MultiByteToWideChar(cp, 0, bytes, count, NULL, 0);
    }
    if (!(str = malloc(len * sizeof(WCHAR)))) return FALSE;
    MultiByteToWideChar(cp, 0, bytes, count, str, len);
    ret = append_input(str, len);
    free(str);
    return ret;
}

/* reads more of standard input; FALSE at its end */
static BOOL fill_input(void)
{
    HANDLE handle = std_handle(STREAM_STDIN);
    WCHAR wide[1024];
    DWORD mode, count, whole;

    if (input.eof) return FALSE;
    if (input.pos)
    {
        memmove(input.buf, input.buf + input.pos, (input.len - input.pos) * sizeof(WCHAR));
        input.len -= input.pos;
        input.pos = 0;
    }
    if (GetConsoleMode(handle, &mode))
    {
        if (!ReadConsoleW(handle, wide, ARRAY_SIZE(wide), &count, NULL) || !count
                || (count == 1 && wide[0] == 0x1a))
        {
            input.eof = TRUE;
            return FALSE;
        }
        return append_input(wide, count);
    }
    if (!ReadFile(handle, input.raw + input.rawlen, sizeof(input.raw) - input.rawlen, &count, NULL)
            || !count)
    {
        input.eof = TRUE;
        append_bytes(input.raw, input.rawlen);
        input.rawlen = 0;
        return input.len > input.pos;
    }
    input.rawlen += count;
    whole = complete_utf8(input.raw, input.rawlen);
    if (!append_bytes(input.raw, whole)) return FALSE;
    memmove(input.raw, input.raw + whole, input.rawlen - whole);
    input.rawlen -= whole;
    return TRUE;
}

static BOOL at_end(void)
{
    while (input.pos == input.len)
        if (!fill_input()) return TRUE;
    return FALSE;
}

/* consumes count characters (or fewer at the end) into a BSTR when ret is set */
static HRESULT consume(struct textstream *stream, int count, VARIANT *ret)
{
    HRESULT hr = S_OK;

    while (input.len - input.pos < count && fill_input());
    count = min(count, input.len - input.pos);
    if (ret) hr = return_bstr(ret, input.buf + input.pos, count);
    track_position(stream, input.buf + input.pos, count);
    input.pos += count;
    return hr;
}

/* the length of the current line, and of its line end */
static int line_length(int *eol)
{
    int i;

    for (;;)
    {
        for (i = input.pos; i < input.len; i++)
        {
            if (input.buf[i] != '\n' && input.buf[i] != '\r') continue;
            if (input.buf[i] == '\r' && i + 1 == input.len && !input.eof) break;
            *eol = input.buf[i] == '\r' && i + 1 < input.len && input.buf[i + 1] == '\n' ? 2 : 1;
            return i - input.pos;
        }
        if (i < input.len || !fill_input()) break;
    }
    if (input.pos < input.len && input.buf[input.len - 1] == '\r')
    {
        *eol = 1;
        return input.len - 1 - input.pos;
    }
    *eol = 0;
    return input.len - input.pos;
}

static HRESULT read_line(struct textstream *stream, VARIANT *result)
{
    int len, eol;
    HRESULT hr;

    if (at_end()) return CTL_E_ENDOFFILE;
    len = line_length(&eol);
    if (FAILED(hr = consume(stream, len, result))) return hr;
    return consume(stream, eol, NULL);
}

static HRESULT read_chars(struct textstream *stream, DISPPARAMS *params, VARIANT *result)
{
    HRESULT hr;
    int count;

    if (FAILED(hr = arg_int(params, 0, &count))) return hr;
    if (count < 0) return E_INVALIDARG;
    if (at_end()) return CTL_E_ENDOFFILE;
    return consume(stream, count, result);
}

static HRESULT input_invoke(struct textstream *stream, DISPID id, DISPPARAMS *params,
                            VARIANT *result)
{
    int eol, count;
    HRESULT hr;

    switch (id)
    {
    case DISPID_TS_READLINE:
        return read_line(stream, result);
    case DISPID_TS_READ:
        return read_chars(stream, params, result);
    case DISPID_TS_READALL:
        if (at_end()) return CTL_E_ENDOFFILE;
        while (fill_input());
        return consume(stream, input.len - input.pos, result);
    case DISPID_TS_SKIP:
        if (FAILED(hr = arg_int(params, 0, &count))) return hr;
        if (count < 0) return E_INVALIDARG;
        return consume(stream, count, NULL);
    case DISPID_TS_SKIPLINE:
        if (at_end()) return CTL_E_ENDOFFILE;
        count = line_length(&eol);
        return consume(stream, count + eol, NULL);
    case DISPID_TS_ATENDOFSTREAM:
        return return_bool(result, at_end());
    case DISPID_TS_ATENDOFLINE:
        if (at_end()) return return_bool(result, TRUE);
        return return_bool(result, input.buf[input.pos] == '\r' || input.buf[input.pos] == '\n');
    }
    return CTL_E_BADFILEMODE;
}

static HRESULT write_args(struct textstream *stream, DISPPARAMS *params, BOOL line)
{
    BSTR str = NULL;
    HRESULT hr;

    if (!line || arg_count(params))
    {
        if (FAILED(hr = arg_bstr(params, 0, &str))) return hr;
        write_text(stream->which, str, SysStringLen(str));
        SysFreeString(str);
    }
    if (line) write_text(stream->which, L"\r\n", 2);
    return S_OK;
}

static HRESULT output_invoke(struct textstream *stream, DISPID id, DISPPARAMS *params)
{
    HRESULT hr;
    int count;

    switch (id)
    {
    case DISPID_TS_WRITE:
        return write_args(stream, params, FALSE);
    case DISPID_TS_WRITELINE:
        return write_args(stream, params, TRUE);
    case DISPID_TS_WRITEBLANKLINES:
        if (FAILED(hr = arg_int(params, 0, &count))) return hr;
        while (count-- > 0) write_text(stream->which, L"\r\n", 2);
        return S_OK;
    }
    return CTL_E_BADFILEMODE;
}

static HRESULT textstream_invoke(struct dispobj *obj, DISPID id, WORD flags, DISPPARAMS *params,
                                 VARIANT *result)
{
    struct textstream *stream = CONTAINING_RECORD(obj, struct textstream, base);

    if (!is_get(flags)) return DISP_E_MEMBERNOTFOUND;
    switch (id)
    {
    case DISPID_TS_LINE:
        return return_int(result, stream->line);
    case DISPID_TS_COLUMN:
        return return_int(result, stream->column);
    case DISPID_TS_CLOSE:
        stream->closed = TRUE;
        return S_OK;
    }
    if (stream->closed) return CTL_E_BADFILEMODE;
    if (stream->which == STREAM_STDIN) return input_invoke(stream, id, params, result);
    return output_invoke(stream, id, params);
}

static void textstream_destroy(struct dispobj *obj)
{
    /* the three streams live as long as the process */
}

static const struct dispclass textstream_class =
    { "TextStream", textstream_members, textstream_invoke, textstream_destroy };

HRESULT get_std_stream(enum std_stream which, IDispatch **ret)
{
    struct textstream *stream = get_stream(which);

    if (!stream->base.class) dispobj_init(&stream->base, &textstream_class);
    *ret = &stream->base.IDispatch_iface;
    IDispatch_AddRef(*ret);
    return S_OK;
}
