/*
 * Windows paths at the boundary: the API speaks C:\..., the engine Unix
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <stdio.h>

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

char *utf8_from_wide(const WCHAR *str)
{
    int len = WideCharToMultiByte(CP_UTF8, 0, str ? str : L"", -1, NULL, 0, NULL, NULL);
    char *ret = malloc(len);

    if (ret) WideCharToMultiByte(CP_UTF8, 0, str ? str : L"", -1, ret, len, NULL, NULL);
    return ret;
}

static BOOL is_absolute(const WCHAR *path)
{
    if (((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z'))
            && path[1] == ':' && path[2] == '\\')
        return TRUE;
    return path[0] == '\\' && path[1] == '\\' && path[2] && path[2] != '\\';
}

/* Windows forbids these in a file name; ':' only after the drive letter. */
static BOOL has_invalid_char(const WCHAR *path)
{
    static const WCHAR invalid[] = L"*?<>|\"/:";
    const WCHAR *p, *q;

    for (p = path + 2; *p; p++)
    {
        if (*p < 32) return TRUE;
        for (q = invalid; *q; q++)
            if (*p == *q) return TRUE;
    }
    return FALSE;
}

/* The Unix name of a path whose last folders may not exist yet: Wine
 * converts the longest part that it can, the rest is appended. */
static char *unix_name(const WCHAR *path)
{
    int len = lstrlenW(path), cut = len;
    char *head, *tail, *ret = NULL, *p;
    WCHAR *copy;

    if (!(copy = malloc((len + 1) * sizeof(WCHAR)))) return NULL;
    memcpy(copy, path, (len + 1) * sizeof(WCHAR));
    while (!(head = wine_get_unix_file_name(copy)))
    {
        while (cut > 2 && path[--cut] != '\\') ;
        if (cut <= 2) break;
        copy[cut] = 0;
    }
    free(copy);
    if (!head) return NULL;

    if ((tail = utf8_from_wide(path + cut)))
    {
        for (p = tail; *p; p++)
            if (*p == '\\') *p = '/';
        if ((ret = malloc(strlen(head) + strlen(tail) + 1)))
            sprintf(ret, "%s%s", head, tail);
        free(tail);
    }
    HeapFree(GetProcessHeap(), 0, head);
    return ret;
}

HRESULT unix_path_from_windows(const WCHAR *path, char **ret, REFIID iid)
{
    *ret = NULL;
    if (!path || !*path || !is_absolute(path))
        return vpc_error(HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), iid,
                         L"A full path is required (C:\\folder\\file or \\\\server\\share\\file).");
    if (lstrlenW(path) >= MAX_PATH)
        return vpc_error(HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW), iid,
                         L"The path is too long: it must be shorter than 260 characters.");
    if (has_invalid_char(path))
        return vpc_error(HRESULT_FROM_WIN32(ERROR_INVALID_NAME), iid,
                         L"The path contains a character that is not allowed (*?:<>/|\").");
    if (!(*ret = unix_name(path)))
        return vpc_error(HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND), iid,
                         L"The drive or share of the path does not exist.");
    TRACE("%s -> %s\n", debugstr_w(path), debugstr_a(*ret));
    return S_OK;
}

WCHAR *wcsdup_bstr(const WCHAR *str)
{
    int len = lstrlenW(str) + 1;
    WCHAR *ret = malloc(len * sizeof(WCHAR));

    if (ret) memcpy(ret, str, len * sizeof(WCHAR));
    return ret;
}
