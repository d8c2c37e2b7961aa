/*
 * Unit tests of the keyboard: key names, ASCII text and key sequences as
 * strokes, and a machine that does not run (libvirt when there is one)
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vpcengine.h"
#include "unittest.h"

static char tmpdir[] = "/tmp/vpcengine-keyboard-XXXXXX";

static void test_key_names(void)
{
    static const struct { const char *name; int code; } known[] =
    {
        { "Key_Escape", 0x01 }, { "Key_A", 0x1e }, { "Key_Z", 0x2c }, { "Key_0", 0x0b },
        { "Key_1", 0x02 }, { "Key_Enter", 0x1c }, { "KeyPad_Enter", 0x9c },
        { "Key_LeftShift", 0x2a }, { "Key_RightShift", 0x36 }, { "Key_LeftCtrl", 0x1d },
        { "Key_RightCtrl", 0x9d }, { "Key_LeftAlt", 0x38 }, { "Key_RightAlt", 0xb8 },
        { "Key_Delete", 0xd3 }, { "KeyPad_DecimalPoint", 0x53 }, { "Key_F12", 0x58 },
        { "Key_LeftApostrophe", 0x29 }, { "Key_SingleQuote", 0x28 }, { "KeyPad_Divide", 0xb5 },
        { "Key_LeftWindows", 0xdb }, { "Key_Application", 0xdd }, { "Key_Break", 0xc6 },
        { "Key_Up", 0xc8 }, { "Key_Space", 0x39 }, { "Key_Tab", 0x0f },
    };
    static const char *const unknown[] =
    {
        "", "Key_", "A", "Key_CapsLock", "Key_PrintScreen", "Key_AA", " Key_A", "Key_A ", "DOWN",
        "KeyPad_Period", "Key_F13", "Key_LeftShiftX",
    };
    unsigned char seen[256] = { 0 };
    int i, count = vpce_keyboard_key_count();

    /* the reference lists 103 keys */
    CHECK(count == 103, "%d keys\n", count);
    for (i = 0; i < (int)(sizeof(known) / sizeof(known[0])); i++)
        CHECK(vpce_keyboard_key_code(known[i].name) == known[i].code, "%s: %#x\n", known[i].name,
              vpce_keyboard_key_code(known[i].name));
    for (i = 0; i < (int)(sizeof(unknown) / sizeof(unknown[0])); i++)
        CHECK(vpce_keyboard_key_code(unknown[i]) == -1, "%s is a key\n", unknown[i]);
    CHECK(vpce_keyboard_key_code(NULL) == -1, "NULL is a key\n");
    CHECK(vpce_keyboard_key_code("key_a") == 0x1e, "lower case\n");
    CHECK(vpce_keyboard_key_code("KEYPAD_ENTER") == 0x9c, "upper case\n");

    /* every code has one name that gives it back */
    for (i = 0; i < 256; i++)
    {
        const char *name = vpce_keyboard_key_name(i);
        if (!name) continue;
        CHECK(vpce_keyboard_key_code(name) == i, "%#x: %s\n", i, name);
        seen[i]++;
    }
    count = 0;
    for (i = 0; i < 256; i++) count += seen[i];
    CHECK(count == vpce_keyboard_key_count(), "%d codes for %d names\n", count, vpce_keyboard_key_count());
    CHECK(!vpce_keyboard_key_name(0), "code 0\n");
    CHECK(!vpce_keyboard_key_name(-1), "code -1\n");
}

/* The strokes of a text, as "Key_A" or "+Key_A" (with Shift), joined by spaces. */
static const char *text_keys(const char *text, enum vpce_status *status)
{
    static char out[2048];
    struct vpce_key_stroke *strokes;
    int count = 0, i;
    size_t len = 0;

    out[0] = 0;
    *status = vpce_keyboard_parse_text(text, &strokes, &count);
    if (*status) return out;
    for (i = 0; i < count; i++)
    {
        const char *name = vpce_keyboard_key_name(strokes[i].code);
        CHECK(strokes[i].action == VPCE_KEY_TAP, "action %d\n", strokes[i].action);
        len += snprintf(out + len, sizeof(out) - len, "%s%s%s", i ? " " : "", strokes[i].shift ? "+" : "",
                        name ? name : "?");
    }
    free(strokes);
    return out;
}

static void test_text(void)
{
    static const struct { const char *text, *keys; } texts[] =
    {
        { "a", "Key_A" },
        { "A", "+Key_A" },
        { "zZ", "Key_Z +Key_Z" },
        { "0123456789", "Key_0 Key_1 Key_2 Key_3 Key_4 Key_5 Key_6 Key_7 Key_8 Key_9" },
        { ")!@#$%^&*(", "+Key_0 +Key_1 +Key_2 +Key_3 +Key_4 +Key_5 +Key_6 +Key_7 +Key_8 +Key_9" },
        { "-_=+", "Key_Hyphen +Key_Hyphen Key_Equals +Key_Equals" },
        { "[{]}\\|", "Key_LeftBracket +Key_LeftBracket Key_RightBracket +Key_RightBracket Key_Backslash "
                     "+Key_Backslash" },
        { ";:'\"", "Key_SemiColon +Key_SemiColon Key_SingleQuote +Key_SingleQuote" },
        { "`~", "Key_LeftApostrophe +Key_LeftApostrophe" },
        { ",<.>/?", "Key_Comma +Key_Comma Key_Period +Key_Period Key_Slash +Key_Slash" },
        { " \t", "Key_Space Key_Tab" },
        { "a\nb", "Key_A Key_Enter Key_B" },
        { "a\r\nb", "Key_A Key_Enter Key_B" },
        { "a\rb", "Key_A Key_Enter Key_B" },
        { "\n\n", "Key_Enter Key_Enter" },
        { "\r\r\n", "Key_Enter Key_Enter" },
        { "\b\x1b", "Key_Backspace Key_Escape" },
        { "echo Hi >/dev/ttyS0\r\n", "Key_E Key_C Key_H Key_O Key_Space +Key_H Key_I Key_Space +Key_Period "
          "Key_Slash Key_D Key_E Key_V Key_Slash Key_T Key_T Key_Y +Key_S Key_0 Key_Enter" },
    };
    static const char *const bad[] = { "", "\x01", "a\x7f", "caf\xc3\xa9", "\x80", "tab\x0b" };
    enum vpce_status status;
    struct vpce_key_stroke *strokes;
    char name[16], text[2];
    const char *keys;
    int count, i;

    for (i = 0; i < (int)(sizeof(texts) / sizeof(texts[0])); i++)
    {
        keys = text_keys(texts[i].text, &status);
        CHECK(status == VPCE_OK, "text %d: status %d\n", i, status);
        CHECK(!strcmp(keys, texts[i].keys), "text %d: got %s\n", i, keys);
    }
    /* every letter is its key */
    for (i = 'a'; i <= 'z'; i++)
    {
        text[0] = i;
        text[1] = 0;
        snprintf(name, sizeof(name), "Key_%c", toupper(i));
        keys = text_keys(text, &status);
        CHECK(!status && !strcmp(keys, name), "%c: %s\n", i, keys);
        text[0] = toupper(i);
        keys = text_keys(text, &status);
        CHECK(!status && keys[0] == '+' && !strcmp(keys + 1, name), "%c: %s\n", toupper(i), keys);
    }
    /* and every printable character can be typed */
    for (i = 0x20; i < 0x7f; i++)
    {
        text[0] = i;
        text[1] = 0;
        CHECK(vpce_keyboard_parse_text(text, &strokes, &count) == VPCE_OK && count == 1, "%c\n", i);
        if (count == 1) free(strokes);
    }
    for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++)
    {
        strokes = (void *)1;
        count = 1;
        CHECK(vpce_keyboard_parse_text(bad[i], &strokes, &count) == VPCE_E_INVALID_ARG, "bad text %d\n", i);
        CHECK(!strokes && !count, "bad text %d: strokes %p, count %d\n", i, strokes, count);
    }
    CHECK(vpce_keyboard_parse_text(NULL, &strokes, &count) == VPCE_E_INVALID_ARG, "NULL text\n");
}

/* The strokes of a sequence as "Key_A", "DOWN Key_A", "UP Key_A" or "HOLD". */
static const char *sequence_keys(const char *sequence, enum vpce_status *status)
{
    static const char *const actions[] = { "", "DOWN ", "UP ", "HOLD" };
    static char out[2048];
    struct vpce_key_stroke *strokes;
    int count = 0, i;
    size_t len = 0;

    out[0] = 0;
    *status = vpce_keyboard_parse_sequence(sequence, &strokes, &count);
    if (*status) return out;
    for (i = 0; i < count; i++)
    {
        const char *name = strokes[i].action == VPCE_KEY_PAUSE ? "" : vpce_keyboard_key_name(strokes[i].code);
        CHECK(!strokes[i].shift, "shift in a sequence\n");
        len += snprintf(out + len, sizeof(out) - len, "%s%s%s", i ? "," : "", actions[strokes[i].action],
                        name ? name : "?");
    }
    free(strokes);
    return out;
}

static void test_sequence(void)
{
    static const struct { const char *sequence, *keys; } sequences[] =
    {
        { "Key_A", "Key_A" },
        { "Key_A,Key_B", "Key_A,Key_B" },
        { "DOWN,Key_LeftCtrl,DOWN,Key_LeftAlt,Key_Delete,UP,Key_LeftAlt,UP,Key_LeftCtrl",
          "DOWN Key_LeftCtrl,DOWN Key_LeftAlt,Key_Delete,UP Key_LeftAlt,UP Key_LeftCtrl" },
        { "DOWN,Key_LeftShift,Key_H,UP,Key_LeftShift,Key_I,Key_Enter",
          "DOWN Key_LeftShift,Key_H,UP Key_LeftShift,Key_I,Key_Enter" },
        { "HOLD", "HOLD" },
        { "Key_A,HOLD,Key_B,HOLD,HOLD", "Key_A,HOLD,Key_B,HOLD,HOLD" },
        { " key_a , down ,\tKEY_B\t, Up,Key_B ,hold", "Key_A,DOWN Key_B,UP Key_B,HOLD" },
        { "UP,Key_LeftShift", "UP Key_LeftShift" },
        { "KeyPad_Enter,KeyPad_0,Key_Break,Key_SysReq", "KeyPad_Enter,KeyPad_0,Key_Break,Key_SysReq" },
    };
    static const char *const bad[] =
    {
        "", " ", ",", "Key_A,", ",Key_A", "Key_A,,Key_B", "Key_A, ,Key_B", "DOWN", "UP", "DOWN,UP,Key_A",
        "DOWN,DOWN,Key_A", "DOWN,HOLD,Key_A", "Key_A,DOWN", "Key_Foo", "Key_A Key_B", "DOWN Key_A",
        "Key_A;Key_B", "Key_CapsLock", "a", "Key_A,Key_B,Key_Unknown",
        "Key_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    };
    struct vpce_key_stroke *strokes;
    enum vpce_status status;
    const char *keys;
    char *many;
    int count, i;

    for (i = 0; i < (int)(sizeof(sequences) / sizeof(sequences[0])); i++)
    {
        keys = sequence_keys(sequences[i].sequence, &status);
        CHECK(status == VPCE_OK, "sequence %d: status %d\n", i, status);
        CHECK(!strcmp(keys, sequences[i].keys), "sequence %d: got %s\n", i, keys);
    }
    for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++)
    {
        strokes = (void *)1;
        count = 1;
        CHECK(vpce_keyboard_parse_sequence(bad[i], &strokes, &count) == VPCE_E_INVALID_ARG, "bad sequence %s\n",
              bad[i]);
        CHECK(!strokes && !count, "bad sequence %s: strokes %p, count %d\n", bad[i], strokes, count);
    }
    CHECK(vpce_keyboard_parse_sequence(NULL, &strokes, &count) == VPCE_E_INVALID_ARG, "NULL sequence\n");

    /* a long one */
    many = malloc(1000 * 6 + 1);
    for (i = 0; i < 1000; i++) memcpy(many + i * 6, "Key_Q,", 6);
    many[1000 * 6 - 1] = 0;
    CHECK(vpce_keyboard_parse_sequence(many, &strokes, &count) == VPCE_OK && count == 1000, "1000 keys: %d\n",
          count);
    if (count == 1000) free(strokes);
    free(many);
}

static int libvirt_available(void)
{
    virConnectPtr conn;

    virSetErrorFunc(NULL, NULL);
    if (!(conn = virConnectOpen(NULL))) return 0;
    virConnectClose(conn);
    return 1;
}

static void test_not_running(void)
{
    char vmc[600], stale[600];
    struct vpce_machine *machine;
    int value, changed;
    FILE *f;

    snprintf(vmc, sizeof(vmc), "%s/keyboard.vmc", tmpdir);
    CHECK(vpce_machine_create_file(vmc, 64) == VPCE_OK, "create\n");
    if (vpce_machine_open(vmc, &machine))
    {
        CHECK(0, "open\n");
        return;
    }
    /* a state file of a machine that does not run is removed */
    snprintf(stale, sizeof(stale), "/tmp/vpccom-%u/vpc-keyboardtest-%d.keyboard", (unsigned int)getuid(),
             (int)getpid());
    if ((f = fopen(stale, "w")))
    {
        fputs("domain 1 1\npressed 2a\n", f);
        fclose(f);
    }

    /* the arguments are checked first */
    CHECK(vpce_machine_keyboard_press(machine, "Key_Nothing") == VPCE_E_INVALID_ARG, "press bad key\n");
    CHECK(vpce_machine_keyboard_release(machine, "") == VPCE_E_INVALID_ARG, "release empty\n");
    CHECK(vpce_machine_keyboard_press_and_release(machine, NULL) == VPCE_E_INVALID_ARG, "tap NULL\n");
    CHECK(vpce_machine_keyboard_type_text(machine, "") == VPCE_E_INVALID_ARG, "empty text\n");
    CHECK(vpce_machine_keyboard_type_sequence(machine, "Key_A,") == VPCE_E_INVALID_ARG, "bad sequence\n");
    value = 1;
    CHECK(vpce_machine_keyboard_is_pressed(machine, "Key_Nothing", &value) == VPCE_E_INVALID_ARG && !value,
          "is_pressed bad key\n");

    CHECK(vpce_machine_keyboard_press(machine, "Key_A") == VPCE_E_VM_NOT_RUNNING, "press\n");
    CHECK(vpce_machine_keyboard_release(machine, "key_a") == VPCE_E_VM_NOT_RUNNING, "release\n");
    CHECK(vpce_machine_keyboard_press_and_release(machine, "Key_A") == VPCE_E_VM_NOT_RUNNING, "tap\n");
    CHECK(vpce_machine_keyboard_type_text(machine, "text\n") == VPCE_E_VM_NOT_RUNNING, "text\n");
    CHECK(vpce_machine_keyboard_type_sequence(machine, "DOWN,Key_A,UP,Key_A") == VPCE_E_VM_NOT_RUNNING,
          "sequence\n");
    value = 1;
    CHECK(vpce_machine_keyboard_is_pressed(machine, "Key_A", &value) == VPCE_E_VM_NOT_RUNNING && !value,
          "is_pressed\n");
    value = 1;
    CHECK(vpce_machine_keyboard_get_exclusive(machine, &value) == VPCE_OK && !value, "get exclusive\n");
    changed = 1;
    CHECK(vpce_machine_keyboard_set_exclusive(machine, 1, &changed) == VPCE_E_SET_EXCLUSIVE_MODE_FAIL && !changed,
          "set exclusive\n");
    CHECK(vpce_machine_keyboard_set_exclusive(machine, 0, &changed) == VPCE_E_SET_EXCLUSIVE_MODE_FAIL && !changed,
          "release exclusive\n");

    if (libvirt_available()) CHECK(access(stale, F_OK), "the stale state file is still there\n");
    else SKIP("no libvirt connection\n");
    unlink(stale);
    vpce_machine_close(machine);
    unlink(vmc);
}

int main(void)
{
    char command[100];

    test_key_names();
    test_text();
    test_sequence();
    if (!mkdtemp(tmpdir)) return 1;
    test_not_running();
    snprintf(command, sizeof(command), "rm -rf '%s'", tmpdir);
    if (system(command)) return 1;
    return unit_summary("keyboard");
}
