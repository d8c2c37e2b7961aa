/*
 * A conformance test harness with the interface of Wine's wine/test.h
 *
 * Debian's libwine-dev does not ship wine/test.h, so the project carries its
 * own implementation of the same macros (START_TEST, ok, ok_, skip,
 * win_skip, trace, todo_wine, todo_wine_if, broken, winetest_push_context,
 * wait_child_process),
 * header-only, for winelib (winegcc) and for Windows (mingw-w64) builds.
 *
 * One source file of the test program defines STANDALONE before including
 * this header and provides the test list:
 *
 *     #define STANDALONE
 *     #include "wine/test.h"
 *     extern void func_vpc(void);
 *     const struct test winetest_testlist[] = { { "vpc", func_vpc }, { 0, 0 } };
 *
 * Output: one line per failure "file:line: Test failed: ...", and per test
 * "file: N tests executed (N marked as todo, N failures), N skipped."
 * The exit status is the number of failures (at most 255).
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __VPC_WINE_TEST_H
#define __VPC_WINE_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windef.h>
#include <winbase.h>

#ifdef __WINE_CONFIG_H
#error config.h should not be used in Wine tests
#endif

extern int winetest_debug;
extern int winetest_interactive;
extern int winetest_platform_is_wine;

#define running_under_wine() (winetest_platform_is_wine)

extern void winetest_set_location(const char *file, int line);
extern int winetest_ok(int condition, const char *msg, ...) __attribute__((format(printf, 2, 3)));
extern void winetest_skip(const char *msg, ...) __attribute__((format(printf, 1, 2)));
extern void winetest_win_skip(const char *msg, ...) __attribute__((format(printf, 1, 2)));
extern void winetest_trace(const char *msg, ...) __attribute__((format(printf, 1, 2)));
extern int winetest_broken(int condition);
extern void winetest_start_todo(int is_todo);
extern int winetest_loop_todo(void);
extern void winetest_end_todo(void);
extern void winetest_push_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern void winetest_pop_context(void);
extern int winetest_get_mainargs(char ***argv);
extern void winetest_wait_child_process(HANDLE process);

extern const char *wine_dbgstr_wn(const WCHAR *str, int n);
extern const char *wine_dbgstr_an(const char *str, int n);
extern const char *wine_dbgstr_guid(const GUID *guid);
extern const char *wine_dbgstr_longlong(LONGLONG value);
static inline const char *wine_dbgstr_w(const WCHAR *str) { return wine_dbgstr_wn(str, -1); }
static inline const char *wine_dbgstr_a(const char *str) { return wine_dbgstr_an(str, -1); }

#define START_TEST(name) void func_##name(void)

#define ok_(file, line)    (winetest_set_location(file, line), 0) ? (void)0 : (void)winetest_ok
#define skip_(file, line)  (winetest_set_location(file, line), 0) ? (void)0 : winetest_skip
#define win_skip_(file, line) (winetest_set_location(file, line), 0) ? (void)0 : winetest_win_skip
#define trace_(file, line) (winetest_set_location(file, line), 0) ? (void)0 : winetest_trace
#define wait_child_process_(file, line) (winetest_set_location(file, line), 0) ? (void)0 : winetest_wait_child_process

#define ok       ok_(__FILE__, __LINE__)
#define skip     skip_(__FILE__, __LINE__)
#define win_skip win_skip_(__FILE__, __LINE__)
#define trace    trace_(__FILE__, __LINE__)
#define wait_child_process wait_child_process_(__FILE__, __LINE__)

#define broken(cond) winetest_broken(cond)

#define todo_if(is_todo) for (winetest_start_todo(is_todo); winetest_loop_todo(); winetest_end_todo())
#define todo_wine        todo_if(winetest_platform_is_wine)
#define todo_wine_if(is_todo) todo_if((is_todo) && winetest_platform_is_wine)

struct test
{
    const char *name;
    void (*func)(void);
};

extern const struct test winetest_testlist[];

#ifdef STANDALONE

int winetest_debug = 1;
int winetest_interactive = 0;
int winetest_platform_is_wine = 0;

static const char *winetest_file = "";
static int winetest_line;
static LONG winetest_successes, winetest_failures, winetest_todo_successes, winetest_todo_failures;
static LONG winetest_skipped;
static int winetest_todo_level, winetest_todo_active;
static char winetest_context[8][256];
static int winetest_context_count;
static char **winetest_argv;
static int winetest_argc;

/* Strings for messages live in a ring of buffers, enough for one ok(). */
static char *winetest_buffer(void)
{
    static char buffers[16][512];
    static LONG next;
    return buffers[(InterlockedIncrement(&next) & 0x7fffffff) % 16];
}

const char *wine_dbgstr_wn(const WCHAR *str, int n)
{
    char *ret, *p;
    int i;

    if (!str) return "(null)";
    if (!((ULONG_PTR)str >> 16)) return "(invalid)";
    ret = p = winetest_buffer();
    *p++ = 'L';
    *p++ = '"';
    for (i = 0; (n < 0 ? str[i] : i < n) && p < ret + 500; i++)
    {
        WCHAR c = str[i];
        if (c == '"' || c == '\\') { *p++ = '\\'; *p++ = (char)c; }
        else if (c >= ' ' && c < 0x7f) *p++ = (char)c;
        else p += sprintf(p, "\\x%04x", c);
    }
    if (p >= ret + 500) p += sprintf(p, "...");
    *p++ = '"';
    *p = 0;
    return ret;
}

const char *wine_dbgstr_an(const char *str, int n)
{
    char *ret;

    if (!str) return "(null)";
    ret = winetest_buffer();
    snprintf(ret, 512, "\"%.*s\"", n < 0 ? 500 : (n > 500 ? 500 : n), str);
    return ret;
}

const char *wine_dbgstr_guid(const GUID *guid)
{
    char *ret;

    if (!guid) return "(null)";
    ret = winetest_buffer();
    snprintf(ret, 512, "{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
             (unsigned long)guid->Data1, guid->Data2, guid->Data3, guid->Data4[0], guid->Data4[1],
             guid->Data4[2], guid->Data4[3], guid->Data4[4], guid->Data4[5], guid->Data4[6],
             guid->Data4[7]);
    return ret;
}

const char *wine_dbgstr_longlong(LONGLONG value)
{
    char *ret = winetest_buffer();

    if (value >> 32) snprintf(ret, 512, "%lx%08lx", (unsigned long)((ULONGLONG)value >> 32),
                              (unsigned long)(ULONG)value);
    else snprintf(ret, 512, "%lx", (unsigned long)(ULONG)value);
    return ret;
}

static const char *winetest_basename(const char *file)
{
    const char *p = file + strlen(file);
    while (p > file && p[-1] != '/' && p[-1] != '\\') p--;
    return p;
}

void winetest_set_location(const char *file, int line)
{
    winetest_file = winetest_basename(file);
    winetest_line = line;
}

static void winetest_print_prefix(void)
{
    int i;
    printf("%s:%d: ", winetest_file, winetest_line);
    for (i = 0; i < winetest_context_count && i < 8; i++) printf("%s: ", winetest_context[i]);
}

int winetest_ok(int condition, const char *msg, ...)
{
    va_list args;

    if (winetest_todo_level)
    {
        if (condition)
        {
            winetest_print_prefix();
            printf("Test succeeded inside todo block: ");
            va_start(args, msg);
            vprintf(msg, args);
            va_end(args);
            InterlockedIncrement(&winetest_todo_failures);
            fflush(stdout);
            return 0;
        }
        if (winetest_debug > 0)
        {
            winetest_print_prefix();
            printf("Test marked todo: ");
            va_start(args, msg);
            vprintf(msg, args);
            va_end(args);
        }
        InterlockedIncrement(&winetest_todo_successes);
        fflush(stdout);
        return 1;
    }
    if (!condition)
    {
        winetest_print_prefix();
        printf("Test failed: ");
        va_start(args, msg);
        vprintf(msg, args);
        va_end(args);
        InterlockedIncrement(&winetest_failures);
        fflush(stdout);
        return 0;
    }
    if (winetest_debug > 1)
    {
        winetest_print_prefix();
        printf("Test succeeded\n");
    }
    InterlockedIncrement(&winetest_successes);
    return 1;
}

void winetest_trace(const char *msg, ...)
{
    va_list args;

    if (winetest_debug <= 0) return;
    winetest_print_prefix();
    va_start(args, msg);
    vprintf(msg, args);
    va_end(args);
    fflush(stdout);
}

void winetest_skip(const char *msg, ...)
{
    va_list args;

    winetest_print_prefix();
    printf("Tests skipped: ");
    va_start(args, msg);
    vprintf(msg, args);
    va_end(args);
    fflush(stdout);
    InterlockedIncrement(&winetest_skipped);
}

/* Skipping is fine on Windows (an older version), a failure on Wine, where
 * everything the test needs is expected to be present. */
void winetest_win_skip(const char *msg, ...)
{
    va_list args;

    winetest_print_prefix();
    if (winetest_platform_is_wine)
    {
        printf("Test failed: ");
        InterlockedIncrement(&winetest_failures);
    }
    else
    {
        printf("Tests skipped: ");
        InterlockedIncrement(&winetest_skipped);
    }
    va_start(args, msg);
    vprintf(msg, args);
    va_end(args);
    fflush(stdout);
}

int winetest_broken(int condition)
{
    return !winetest_platform_is_wine && condition;
}

void winetest_start_todo(int is_todo)
{
    winetest_todo_level = is_todo ? 1 : 0;
    winetest_todo_active = 1;
}

int winetest_loop_todo(void)
{
    int run = winetest_todo_active;
    winetest_todo_active = 0;
    return run;
}

void winetest_end_todo(void)
{
    winetest_todo_level = 0;
}

void winetest_push_context(const char *fmt, ...)
{
    va_list args;

    if (winetest_context_count < 8)
    {
        va_start(args, fmt);
        vsnprintf(winetest_context[winetest_context_count], sizeof(winetest_context[0]), fmt, args);
        va_end(args);
    }
    winetest_context_count++;
}

void winetest_pop_context(void)
{
    if (winetest_context_count) winetest_context_count--;
}

int winetest_get_mainargs(char ***argv)
{
    *argv = winetest_argv;
    return winetest_argc;
}

/* A child process running the test program (winetest_get_mainargs, then
 * CreateProcess): its failures count as the parent's. */
void winetest_wait_child_process(HANDLE process)
{
    DWORD ret, exit_code;

    winetest_ok(process != NULL, "No child process handle (CreateProcess failed?)\n");
    if (!process) return;

    ret = WaitForSingleObject(process, 30000);
    if (ret == WAIT_TIMEOUT)
        winetest_ok(0, "Timed out waiting for the child process\n");
    else if (ret != WAIT_OBJECT_0)
        winetest_ok(0, "Could not wait for the child process: %u, error %u\n", (unsigned int)ret,
                    (unsigned int)GetLastError());
    else
    {
        GetExitCodeProcess(process, &exit_code);
        if (exit_code > 255)
        {
            winetest_print_prefix();
            printf("unhandled exception %08x in child process\n", (unsigned int)exit_code);
            InterlockedIncrement(&winetest_failures);
        }
        else if (exit_code)
        {
            winetest_print_prefix();
            printf("%u failures in child process\n", (unsigned int)exit_code);
            InterlockedExchangeAdd(&winetest_failures, exit_code);
        }
        fflush(stdout);
    }
}

static int winetest_run(const struct test *test)
{
    LONG failures;

    winetest_successes = winetest_failures = winetest_todo_successes = 0;
    winetest_todo_failures = winetest_skipped = 0;
    test->func();
    failures = winetest_failures + winetest_todo_failures;
    printf("%s: %ld tests executed (%ld marked as todo, %ld %s), %ld skipped.\n", test->name,
           (long)(winetest_successes + failures + winetest_todo_successes),
           (long)winetest_todo_successes, (long)failures, failures == 1 ? "failure" : "failures",
           (long)winetest_skipped);
    fflush(stdout);
    return failures;
}

int main(int argc, char **argv)
{
    const struct test *test;
    const char *p;
    int failures = 0, found = 0;
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    winetest_argc = argc;
    winetest_argv = argv;
    winetest_platform_is_wine = ntdll && GetProcAddress(ntdll, "wine_get_version");
    if ((p = getenv("WINETEST_PLATFORM")))
        winetest_platform_is_wine = !strcmp(p, "wine");
    if ((p = getenv("WINETEST_DEBUG"))) winetest_debug = atoi(p);
    if ((p = getenv("WINETEST_INTERACTIVE"))) winetest_interactive = atoi(p);
    setvbuf(stdout, NULL, _IONBF, 0);

    for (test = winetest_testlist; test->name; test++)
    {
        if (argc > 1 && strcmp(argv[1], test->name)) continue;
        found = 1;
        failures += winetest_run(test);
    }
    if (!found)
    {
        fprintf(stderr, "%s: no test named %s\n", argv[0], argc > 1 ? argv[1] : "(none)");
        return 1;
    }
    return failures > 255 ? 255 : failures;
}

#endif  /* STANDALONE */

#endif  /* __VPC_WINE_TEST_H */
