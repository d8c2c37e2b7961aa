/*
 * A small harness for the native unit tests of libs/
 *
 * Each check is counted; a failed one prints where and why.  At the end
 * the program prints the same summary line as the Wine-framework tests,
 * "name: N tests executed (0 marked as todo, N failures), N skipped.", so
 * one runner reads both, and exits non-zero when anything failed.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef VPC_UNITTEST_H
#define VPC_UNITTEST_H

#include <stdarg.h>
#include <stdio.h>

static int unit_passed, unit_failed, unit_skipped;

static int __attribute__((format(printf, 4, 5)))
unit_check(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list args;

    if (cond)
    {
        unit_passed++;
        return 1;
    }
    unit_failed++;
    printf("%s:%d: Test failed: ", file, line);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    fflush(stdout);
    return 0;
}

#define CHECK(cond, ...) unit_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define SKIP(...) do { unit_skipped++; printf("%s:%d: Tests skipped: ", __FILE__, __LINE__); \
                       printf(__VA_ARGS__); } while (0)

static int unit_summary(const char *name)
{
    printf("%s: %d tests executed (0 marked as todo, %d %s), %d skipped.\n", name,
           unit_passed + unit_failed, unit_failed, unit_failed == 1 ? "failure" : "failures",
           unit_skipped);
    return unit_failed ? 1 : 0;
}

#endif /* VPC_UNITTEST_H */
