/*
 * vpcengine: the keyboard of a running machine (IVMKeyboard)
 *
 * Keys have the names of Virtual PC's key list ("Key_A", "KeyPad_Enter",
 * compared without case) and are sent as QEMU numbers keys: the XT scan
 * code (set 1), 0x80 | code for the keys that have an E0 prefix.
 *
 * A key pressed and released goes through virDomainSendKey: QEMU queues
 * the press, 10 ms, the release, 10 ms, so strokes reach the guest at a
 * pace it can follow; the engine waits as long before the next one.  A
 * key only pressed or only released has no public libvirt call: it goes to
 * QEMU's input-send-event through libvirt-qemu (libvirt marks the domain
 * "custom-monitor" in its log).  Keys given by number there go through the
 * same queue, so every stroke reaches the guest in order.
 *
 * The keys a machine has down are kept in <run dir>/<domain>.keyboard,
 * under flock, so that every process sees them; the file records the
 * domain's id and CPU time, and one from an earlier run of the machine
 * reads as empty.  Files of machines that no longer run are removed.
 *
 * Exclusive access belongs to a process (the file names it by pid and
 * start time): while one process has it, input from the others is ignored,
 * as the reference describes; it ends when released, when the process
 * ends or when the machine stops.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>

#include "engine_private.h"

#define CODE_LEFT_SHIFT  0x2a
#define CODE_RIGHT_SHIFT 0x36
/* QEMU's pause after each key event of send-key when given no hold time */
#define QEMU_KEY_DELAY_MS 10
#define STATE_SUFFIX ".keyboard"

/* The reference's key list, in its order. */
static const struct
{
    const char *name;
    unsigned char code;
}
key_names[] =
{
    { "Key_Escape", 0x01 },
    { "Key_F1", 0x3b }, { "Key_F2", 0x3c }, { "Key_F3", 0x3d }, { "Key_F4", 0x3e },
    { "Key_F5", 0x3f }, { "Key_F6", 0x40 }, { "Key_F7", 0x41 }, { "Key_F8", 0x42 },
    { "Key_F9", 0x43 }, { "Key_F10", 0x44 }, { "Key_F11", 0x57 }, { "Key_F12", 0x58 },
    { "Key_SysReq", 0x54 },         /* Print Screen / SysRq */
    { "Key_ScrollLock", 0x46 },
    { "Key_Break", 0xc6 },          /* Pause / Break */
    { "Key_LeftApostrophe", 0x29 }, /* ` */
    { "Key_1", 0x02 }, { "Key_2", 0x03 }, { "Key_3", 0x04 }, { "Key_4", 0x05 }, { "Key_5", 0x06 },
    { "Key_6", 0x07 }, { "Key_7", 0x08 }, { "Key_8", 0x09 }, { "Key_9", 0x0a }, { "Key_0", 0x0b },
    { "Key_Hyphen", 0x0c },
    { "Key_Equals", 0x0d },
    { "Key_Backspace", 0x0e },
    { "Key_Insert", 0xd2 },
    { "Key_Home", 0xc7 },
    { "Key_PageUp", 0xc9 },
    { "Key_NumLock", 0x45 },
    { "KeyPad_Divide", 0xb5 },
    { "KeyPad_Multiply", 0x37 },
    { "KeyPad_Minus", 0x4a },
    { "Key_Tab", 0x0f },
    { "Key_Q", 0x10 }, { "Key_W", 0x11 }, { "Key_E", 0x12 }, { "Key_R", 0x13 }, { "Key_T", 0x14 },
    { "Key_Y", 0x15 }, { "Key_U", 0x16 }, { "Key_I", 0x17 }, { "Key_O", 0x18 }, { "Key_P", 0x19 },
    { "Key_LeftBracket", 0x1a },
    { "Key_RightBracket", 0x1b },
    { "Key_Backslash", 0x2b },
    { "Key_Delete", 0xd3 },
    { "Key_End", 0xcf },
    { "Key_PageDown", 0xd1 },
    { "KeyPad_7", 0x47 }, { "KeyPad_8", 0x48 }, { "KeyPad_9", 0x49 },
    { "KeyPad_Plus", 0x4e },
    { "Key_A", 0x1e }, { "Key_S", 0x1f }, { "Key_D", 0x20 }, { "Key_F", 0x21 }, { "Key_G", 0x22 },
    { "Key_H", 0x23 }, { "Key_J", 0x24 }, { "Key_K", 0x25 }, { "Key_L", 0x26 },
    { "Key_SemiColon", 0x27 },
    { "Key_SingleQuote", 0x28 },
    { "Key_Enter", 0x1c },
    { "KeyPad_4", 0x4b }, { "KeyPad_5", 0x4c }, { "KeyPad_6", 0x4d },
    { "Key_LeftShift", CODE_LEFT_SHIFT },
    { "Key_Z", 0x2c }, { "Key_X", 0x2d }, { "Key_C", 0x2e }, { "Key_V", 0x2f }, { "Key_B", 0x30 },
    { "Key_N", 0x31 }, { "Key_M", 0x32 },
    { "Key_Comma", 0x33 },
    { "Key_Period", 0x34 },
    { "Key_Slash", 0x35 },
    { "Key_RightShift", CODE_RIGHT_SHIFT },
    { "Key_Up", 0xc8 },
    { "KeyPad_1", 0x4f }, { "KeyPad_2", 0x50 }, { "KeyPad_3", 0x51 },
    { "KeyPad_Enter", 0x9c },
    { "Key_LeftCtrl", 0x1d },
    { "Key_LeftWindows", 0xdb },
    { "Key_LeftAlt", 0x38 },
    { "Key_Space", 0x39 },
    { "Key_RightAlt", 0xb8 },
    { "Key_RightWindows", 0xdc },
    { "Key_RightCtrl", 0x9d },
    { "Key_Application", 0xdd },
    { "Key_Left", 0xcb },
    { "Key_Down", 0xd0 },
    { "Key_Right", 0xcd },
    { "KeyPad_0", 0x52 },
    { "KeyPad_DecimalPoint", 0x53 },
};

/* ASCII on a US keyboard: the key of each character that can be typed,
 * with SHIFTED for those that need Shift; capital letters are their small
 * letter's key with Shift. */
#define SHIFTED 0x100

static const unsigned short ascii_keys[128] =
{
    ['\b'] = 0x0e, ['\t'] = 0x0f, ['\n'] = 0x1c, ['\r'] = 0x1c, [0x1b] = 0x01,
    [' '] = 0x39,
    ['1'] = 0x02, ['2'] = 0x03, ['3'] = 0x04, ['4'] = 0x05, ['5'] = 0x06,
    ['6'] = 0x07, ['7'] = 0x08, ['8'] = 0x09, ['9'] = 0x0a, ['0'] = 0x0b,
    ['!'] = 0x02 | SHIFTED, ['@'] = 0x03 | SHIFTED, ['#'] = 0x04 | SHIFTED, ['$'] = 0x05 | SHIFTED,
    ['%'] = 0x06 | SHIFTED, ['^'] = 0x07 | SHIFTED, ['&'] = 0x08 | SHIFTED, ['*'] = 0x09 | SHIFTED,
    ['('] = 0x0a | SHIFTED, [')'] = 0x0b | SHIFTED,
    ['-'] = 0x0c, ['_'] = 0x0c | SHIFTED, ['='] = 0x0d, ['+'] = 0x0d | SHIFTED,
    ['['] = 0x1a, ['{'] = 0x1a | SHIFTED, [']'] = 0x1b, ['}'] = 0x1b | SHIFTED,
    ['\\'] = 0x2b, ['|'] = 0x2b | SHIFTED,
    [';'] = 0x27, [':'] = 0x27 | SHIFTED, ['\''] = 0x28, ['"'] = 0x28 | SHIFTED,
    ['`'] = 0x29, ['~'] = 0x29 | SHIFTED,
    [','] = 0x33, ['<'] = 0x33 | SHIFTED, ['.'] = 0x34, ['>'] = 0x34 | SHIFTED,
    ['/'] = 0x35, ['?'] = 0x35 | SHIFTED,
    ['a'] = 0x1e, ['b'] = 0x30, ['c'] = 0x2e, ['d'] = 0x20, ['e'] = 0x12, ['f'] = 0x21,
    ['g'] = 0x22, ['h'] = 0x23, ['i'] = 0x17, ['j'] = 0x24, ['k'] = 0x25, ['l'] = 0x26,
    ['m'] = 0x32, ['n'] = 0x31, ['o'] = 0x18, ['p'] = 0x19, ['q'] = 0x10, ['r'] = 0x13,
    ['s'] = 0x1f, ['t'] = 0x14, ['u'] = 0x16, ['v'] = 0x2f, ['w'] = 0x11, ['x'] = 0x2d,
    ['y'] = 0x15, ['z'] = 0x2c,
};

int vpce_keyboard_key_code(const char *name)
{
    size_t i;

    if (!name) return -1;
    for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
        if (!strcasecmp(key_names[i].name, name)) return key_names[i].code;
    return -1;
}

const char *vpce_keyboard_key_name(int code)
{
    size_t i;

    for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
        if (key_names[i].code == code) return key_names[i].name;
    return NULL;
}

int vpce_keyboard_key_count(void)
{
    return sizeof(key_names) / sizeof(key_names[0]);
}

enum vpce_status vpce_keyboard_parse_text(const char *text, struct vpce_key_stroke **strokes, int *count)
{
    struct vpce_key_stroke *list;
    const char *p;
    int n = 0;

    *strokes = NULL;
    *count = 0;
    if (!text || !*text) return VPCE_E_INVALID_ARG;
    if (!(list = calloc(strlen(text), sizeof(*list)))) return VPCE_E_NOMEM;
    for (p = text; *p; p++)
    {
        unsigned char c = *p;
        unsigned short key;

        /* CR LF, a script's line end, is one Enter */
        if (c == '\n' && p > text && p[-1] == '\r') continue;
        key = c < 128 ? ascii_keys[isupper(c) ? tolower(c) : c] : 0;
        if (!key)
        {
            free(list);
            return VPCE_E_INVALID_ARG;
        }
        list[n].action = VPCE_KEY_TAP;
        list[n].code = key & 0xff;
        list[n].shift = (key & SHIFTED) || isupper(c);
        n++;
    }
    *strokes = list;
    *count = n;
    return VPCE_OK;
}

/* One item of a key sequence, without the blanks around it. */
static int item_is(const char *item, size_t len, const char *word)
{
    return len == strlen(word) && !strncasecmp(item, word, len);
}

enum vpce_status vpce_keyboard_parse_sequence(const char *sequence, struct vpce_key_stroke **strokes, int *count)
{
    enum vpce_key_action pending = VPCE_KEY_TAP;
    struct vpce_key_stroke *list;
    int n = 0, items = 1, modifier = 0;
    const char *p, *item, *end;
    char name[64];

    *strokes = NULL;
    *count = 0;
    if (!sequence || !*sequence) return VPCE_E_INVALID_ARG;
    for (p = sequence; *p; p++) if (*p == ',') items++;
    if (!(list = calloc(items, sizeof(*list)))) return VPCE_E_NOMEM;

    for (item = sequence; ; item = end + 1)
    {
        size_t len;
        int code;

        if (!(end = strchr(item, ','))) end = item + strlen(item);
        while (item < end && isspace((unsigned char)*item)) item++;
        len = end - item;
        while (len && isspace((unsigned char)item[len - 1])) len--;

        if (!len) goto invalid;
        if (item_is(item, len, "DOWN") || item_is(item, len, "UP"))
        {
            /* applies to the key that follows, nothing else */
            if (modifier) goto invalid;
            pending = item_is(item, len, "DOWN") ? VPCE_KEY_DOWN : VPCE_KEY_UP;
            modifier = 1;
        }
        else if (item_is(item, len, "HOLD"))
        {
            if (modifier) goto invalid;
            list[n++].action = VPCE_KEY_PAUSE;
        }
        else
        {
            if (len >= sizeof(name)) goto invalid;
            memcpy(name, item, len);
            name[len] = 0;
            if ((code = vpce_keyboard_key_code(name)) < 0) goto invalid;
            list[n].action = pending;
            list[n].code = code;
            n++;
            pending = VPCE_KEY_TAP;
            modifier = 0;
        }
        if (!*end) break;
    }
    if (modifier) goto invalid;
    *strokes = list;
    *count = n;
    return VPCE_OK;

invalid:
    free(list);
    return VPCE_E_INVALID_ARG;
}

/* ---- the machine's keyboard ------------------------------------------ */

struct key_state
{
    unsigned int id;                /* the domain's, when the file was written */
    unsigned long long cpu_time;
    int owner;                      /* the process with exclusive access, 0 for none */
    unsigned long long owner_start; /* its start time, /proc/<pid>/stat */
    unsigned char pressed[256];     /* by code */
};

struct keyboard
{
    virConnectPtr conn;
    virDomainPtr domain;
    int fd;
    int dirty;
    struct key_state state;
};

static void sleep_ms(unsigned int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) && errno == EINTR);
}

/* The start time of a process in clock ticks after boot, 0 when gone
 * (or a zombie: not every init reaps them at once). */
static unsigned long long process_start(int pid)
{
    char path[64], buffer[1024], *p;
    unsigned long long start = 0;
    ssize_t size;
    int fd, field;

    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) return 0;
    size = read(fd, buffer, sizeof(buffer) - 1);
    close(fd);
    if (size <= 0) return 0;
    buffer[size] = 0;
    /* the name in parentheses may hold anything: count from its end */
    if (!(p = strrchr(buffer, ')')) || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X') return 0;
    for (field = 2; field < 22 && p; field++) p = strchr(p + 1, ' ');
    if (p) start = strtoull(p + 1, NULL, 10);
    return start;
}

static int is_self(const struct key_state *state)
{
    return state->owner == getpid() && state->owner_start == process_start(getpid());
}

static int owner_alive(const struct key_state *state)
{
    return state->owner > 0 && (!kill(state->owner, 0) || errno == EPERM)
           && process_start(state->owner) == state->owner_start;
}

static char *state_path(const char *domain)
{
    char *dir = machine_run_dir(), *ret = NULL;

    if (dir && asprintf(&ret, "%s/%s" STATE_SUFFIX, dir, domain) < 0) ret = NULL;
    free(dir);
    return ret;
}

/* The state files of machines that do not run any more go. */
static void remove_stale_files(virConnectPtr conn)
{
    char *dir = machine_run_dir(), *path, *name;
    struct dirent *entry;
    DIR *folder;

    if (!dir || !(folder = opendir(dir)))
    {
        free(dir);
        return;
    }
    while ((entry = readdir(folder)))
    {
        size_t len = strlen(entry->d_name), suffix = strlen(STATE_SUFFIX);
        virDomainPtr domain;
        int active;

        if (len <= suffix || strcmp(entry->d_name + len - suffix, STATE_SUFFIX)) continue;
        if (!(name = strndup(entry->d_name, len - suffix))) continue;
        domain = virDomainLookupByName(conn, name);
        active = domain && virDomainIsActive(domain) == 1;
        if (domain) virDomainFree(domain);
        virResetLastError();
        if (!active && asprintf(&path, "%s/%s", dir, entry->d_name) >= 0)
        {
            unlink(path);
            free(path);
        }
        free(name);
    }
    closedir(folder);
    free(dir);
}

static void read_state(struct keyboard *kb)
{
    char buffer[4096], *line, *next;
    ssize_t size = 0, got;
    struct key_state *state = &kb->state;

    memset(state, 0, sizeof(*state));
    while (size < (ssize_t)sizeof(buffer) - 1
           && (got = read(kb->fd, buffer + size, sizeof(buffer) - 1 - size)) > 0)
        size += got;
    buffer[size] = 0;
    for (line = buffer; line && *line; line = next)
    {
        if ((next = strchr(line, '\n'))) *next++ = 0;
        if (!strncmp(line, "pressed", 7))
        {
            char *p = line + 7, *endp;
            unsigned long code;

            for (;;)
            {
                code = strtoul(p, &endp, 16);
                if (endp == p) break;
                if (code < 256) state->pressed[code] = 1;
                p = endp;
            }
        }
        else if (sscanf(line, "domain %u %llu", &state->id, &state->cpu_time) != 2
                 && sscanf(line, "exclusive %d %llu", &state->owner, &state->owner_start) != 2)
            continue;
    }
}

static enum vpce_status write_state(struct keyboard *kb)
{
    char buffer[4096];
    int len, i;

    len = snprintf(buffer, sizeof(buffer), "domain %u %llu\n", kb->state.id, kb->state.cpu_time);
    if (kb->state.owner)
        len += snprintf(buffer + len, sizeof(buffer) - len, "exclusive %d %llu\n", kb->state.owner,
                        kb->state.owner_start);
    len += snprintf(buffer + len, sizeof(buffer) - len, "pressed");
    for (i = 0; i < 256; i++)
        if (kb->state.pressed[i]) len += snprintf(buffer + len, sizeof(buffer) - len, " %02x", i);
    len += snprintf(buffer + len, sizeof(buffer) - len, "\n");
    if (lseek(kb->fd, 0, SEEK_SET) < 0 || ftruncate(kb->fd, 0) < 0 || write(kb->fd, buffer, len) != len)
        return vpce_status_from_errno(errno);
    return VPCE_OK;
}

static enum vpce_status keyboard_close(struct keyboard *kb, enum vpce_status status)
{
    enum vpce_status written = VPCE_OK;

    if (kb->fd >= 0)
    {
        if (kb->dirty) written = write_state(kb);
        close(kb->fd);  /* and its lock */
    }
    if (kb->domain) virDomainFree(kb->domain);
    if (kb->conn) virConnectClose(kb->conn);
    return status ? status : written;
}

/* The running machine's domain and its keyboard state, locked. */
static enum vpce_status keyboard_open(const struct vpce_machine *machine, struct keyboard *kb)
{
    virDomainInfo info;
    int state, reason;
    char *path;

    memset(kb, 0, sizeof(*kb));
    kb->fd = -1;
    if (machine_connection((void **)&kb->conn)) return VPCE_E_VM_NOT_RUNNING;
    if (!(kb->domain = machine_domain(kb->conn, machine)))
    {
        remove_stale_files(kb->conn);
        return keyboard_close(kb, VPCE_E_VM_NOT_RUNNING);
    }
    if (virDomainGetState(kb->domain, &state, &reason, 0) < 0)
        return keyboard_close(kb, VPCE_E_VM_NOT_RUNNING);
    /* paused by Pause; starting, saving and restoring are not running */
    if (state == VIR_DOMAIN_PAUSED && reason == VIR_DOMAIN_PAUSED_USER)
        return keyboard_close(kb, VPCE_E_VM_PAUSED);
    if (state != VIR_DOMAIN_RUNNING && state != VIR_DOMAIN_BLOCKED)
        return keyboard_close(kb, VPCE_E_VM_NOT_RUNNING);

    if (!(path = state_path(virDomainGetName(kb->domain)))) return keyboard_close(kb, VPCE_E_NOMEM);
    kb->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(path);
    if (kb->fd < 0) return keyboard_close(kb, vpce_status_from_errno(errno));
    while (flock(kb->fd, LOCK_EX) < 0)
        if (errno != EINTR) return keyboard_close(kb, vpce_status_from_errno(errno));
    read_state(kb);

    /* a state written during an earlier run of the machine is void */
    if (virDomainGetInfo(kb->domain, &info) < 0) info.cpuTime = 0;
    if (kb->state.id != virDomainGetID(kb->domain) || kb->state.cpu_time > info.cpuTime)
    {
        memset(&kb->state, 0, sizeof(kb->state));
        kb->state.id = virDomainGetID(kb->domain);
        kb->dirty = 1;
    }
    kb->state.cpu_time = info.cpuTime;
    if (kb->state.owner && !owner_alive(&kb->state))
    {
        kb->state.owner = 0;
        kb->state.owner_start = 0;
        kb->dirty = 1;
    }
    return VPCE_OK;
}

/* Input while another process has exclusive access is ignored. */
static int input_ignored(const struct keyboard *kb)
{
    return kb->state.owner && !is_self(&kb->state);
}

/* Keys pressed in order, then released in the reverse order. */
static enum vpce_status send_tap(struct keyboard *kb, unsigned int *codes, int count)
{
    if (virDomainSendKey(kb->domain, VIR_KEYCODE_SET_QNUM, 0, codes, count, 0) < 0) return VPCE_E_UNEXPECTED;
    sleep_ms(2 * count * QEMU_KEY_DELAY_MS);
    return VPCE_OK;
}

static enum vpce_status send_event(struct keyboard *kb, int code, int down)
{
    enum vpce_status status = VPCE_OK;
    char command[256], *reply = NULL;

    snprintf(command, sizeof(command),
             "{\"execute\":\"input-send-event\",\"arguments\":{\"events\":[{\"type\":\"key\","
             "\"data\":{\"down\":%s,\"key\":{\"type\":\"number\",\"data\":%d}}}]}}",
             down ? "true" : "false", code);
    if (virDomainQemuMonitorCommand(kb->domain, command, &reply, 0) < 0
            || !reply || strstr(reply, "\"error\""))
        status = VPCE_E_UNEXPECTED;
    free(reply);
    if (!status) sleep_ms(QEMU_KEY_DELAY_MS);
    return status;
}

static enum vpce_status send_strokes(struct keyboard *kb, const struct vpce_key_stroke *strokes, int count)
{
    unsigned char *pressed = kb->state.pressed;
    enum vpce_status status = VPCE_OK;
    unsigned int codes[2];
    int i, n;

    for (i = 0; i < count && !status; i++)
    {
        switch (strokes[i].action)
        {
        case VPCE_KEY_TAP:
            n = 0;
            /* a Shift the caller holds already serves */
            if (strokes[i].shift && !pressed[CODE_LEFT_SHIFT] && !pressed[CODE_RIGHT_SHIFT])
                codes[n++] = CODE_LEFT_SHIFT;
            codes[n++] = strokes[i].code;
            if (!(status = send_tap(kb, codes, n))) pressed[strokes[i].code] = 0;
            break;
        case VPCE_KEY_DOWN:
        case VPCE_KEY_UP:
            if (!(status = send_event(kb, strokes[i].code, strokes[i].action == VPCE_KEY_DOWN)))
                pressed[strokes[i].code] = strokes[i].action == VPCE_KEY_DOWN;
            break;
        case VPCE_KEY_PAUSE:
            sleep_ms(VPCE_KEY_HOLD_MS);
            break;
        }
        kb->dirty = 1;
    }
    return status;
}

static enum vpce_status type_strokes(const struct vpce_machine *machine, struct vpce_key_stroke *strokes,
                                     int count)
{
    enum vpce_status status;
    struct keyboard kb;

    if (!(status = keyboard_open(machine, &kb)))
    {
        if (!input_ignored(&kb)) status = send_strokes(&kb, strokes, count);
        status = keyboard_close(&kb, status);
    }
    free(strokes);
    return status;
}

static enum vpce_status key_stroke(const struct vpce_machine *machine, const char *key,
                                   enum vpce_key_action action)
{
    struct vpce_key_stroke *stroke;
    int code = vpce_keyboard_key_code(key);

    if (code < 0) return VPCE_E_INVALID_ARG;
    if (!(stroke = calloc(1, sizeof(*stroke)))) return VPCE_E_NOMEM;
    stroke->action = action;
    stroke->code = code;
    return type_strokes(machine, stroke, 1);
}

enum vpce_status vpce_machine_keyboard_press(const struct vpce_machine *machine, const char *key)
{
    return key_stroke(machine, key, VPCE_KEY_DOWN);
}

enum vpce_status vpce_machine_keyboard_release(const struct vpce_machine *machine, const char *key)
{
    return key_stroke(machine, key, VPCE_KEY_UP);
}

enum vpce_status vpce_machine_keyboard_press_and_release(const struct vpce_machine *machine, const char *key)
{
    return key_stroke(machine, key, VPCE_KEY_TAP);
}

enum vpce_status vpce_machine_keyboard_type_text(const struct vpce_machine *machine, const char *text)
{
    struct vpce_key_stroke *strokes;
    enum vpce_status status;
    int count;

    if ((status = vpce_keyboard_parse_text(text, &strokes, &count))) return status;
    return type_strokes(machine, strokes, count);
}

enum vpce_status vpce_machine_keyboard_type_sequence(const struct vpce_machine *machine, const char *sequence)
{
    struct vpce_key_stroke *strokes;
    enum vpce_status status;
    int count;

    if ((status = vpce_keyboard_parse_sequence(sequence, &strokes, &count))) return status;
    return type_strokes(machine, strokes, count);
}

enum vpce_status vpce_machine_keyboard_is_pressed(const struct vpce_machine *machine, const char *key,
                                                  int *pressed)
{
    int code = vpce_keyboard_key_code(key);
    enum vpce_status status;
    struct keyboard kb;

    *pressed = 0;
    if (code < 0) return VPCE_E_INVALID_ARG;
    if ((status = keyboard_open(machine, &kb))) return status;
    *pressed = kb.state.pressed[code];
    return keyboard_close(&kb, VPCE_OK);
}

enum vpce_status vpce_machine_keyboard_get_exclusive(const struct vpce_machine *machine, int *exclusive)
{
    enum vpce_status status;
    struct keyboard kb;

    *exclusive = 0;
    /* a machine that does not run has no keyboard to hold */
    if ((status = keyboard_open(machine, &kb))) return VPCE_OK;
    *exclusive = kb.state.owner && is_self(&kb.state);
    return keyboard_close(&kb, VPCE_OK);
}

enum vpce_status vpce_machine_keyboard_set_exclusive(const struct vpce_machine *machine, int exclusive,
                                                     int *changed)
{
    enum vpce_status status;
    struct keyboard kb;

    *changed = 0;
    if ((status = keyboard_open(machine, &kb)))
        return status == VPCE_E_NOMEM ? status : VPCE_E_SET_EXCLUSIVE_MODE_FAIL;
    if (kb.state.owner && !is_self(&kb.state)) status = VPCE_E_SET_EXCLUSIVE_MODE_FAIL;
    else if (exclusive && !kb.state.owner)
    {
        kb.state.owner = getpid();
        kb.state.owner_start = process_start(getpid());
        kb.dirty = *changed = 1;
    }
    else if (!exclusive && kb.state.owner)
    {
        kb.state.owner = 0;
        kb.state.owner_start = 0;
        kb.dirty = *changed = 1;
    }
    return keyboard_close(&kb, status);
}
