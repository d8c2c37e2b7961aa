/*
 * IVMKeyboard: the keyboard of a machine (IVMVirtualMachine::Keyboard)
 *
 * The object holds its machine's object; every call goes to the running
 * machine through the engine (libs/vpcengine/keyboard.c): key names as in
 * the reference's key list, ASCII text on a US layout, key sequences with
 * DOWN, UP and HOLD.  Keys held down are seen by every process.
 * HasExclusiveAccess belongs to the process: while one has it, the input
 * of the others is ignored.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct keyboard
{
    struct vpc_object base;
    IVMVirtualMachine *vm;
    struct vpce_machine *machine;   /* the engine's, owned by vm */
};

static inline struct keyboard *impl_from_IVMKeyboard(IVMKeyboard *iface)
{
    return CONTAINING_RECORD(iface, struct keyboard, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(keyboard, IVMKeyboard)

static HRESULT null_pointer(void)
{
    return vpc_error(E_POINTER, &IID_IVMKeyboard, L"NULL pointer.");
}

static HRESULT keyboard_error(enum vpce_status status, const WCHAR *invalid)
{
    if (status == VPCE_E_INVALID_ARG) return vpc_error(E_INVALIDARG, &IID_IVMKeyboard, invalid);
    if (status == VPCE_E_VM_NOT_RUNNING)
        return vpc_error(VM_E_VM_NOT_RUNNING, &IID_IVMKeyboard,
                         L"The virtual machine is not running: it has no keyboard to type on.");
    return status ? vpc_engine_error(status, &IID_IVMKeyboard) : S_OK;
}

static const WCHAR invalid_key[] = L"The key is empty or not one of the key identifiers of the reference "
                                   L"(Key_A, Key_Enter, KeyPad_0...).";

/* One key name: press, release, or both. */
static HRESULT key_call(IVMKeyboard *iface, BSTR key,
                        enum vpce_status (*call)(const struct vpce_machine *, const char *))
{
    enum vpce_status status;
    char *name;

    if (!key) return null_pointer();
    if (!(name = utf8_from_wide(key))) return keyboard_error(VPCE_E_NOMEM, NULL);
    status = call(impl_from_IVMKeyboard(iface)->machine, name);
    free(name);
    return keyboard_error(status, invalid_key);
}

static HRESULT WINAPI keyboard_get_HasExclusiveAccess(IVMKeyboard *iface, VARIANT_BOOL *isExclusive)
{
    enum vpce_status status;
    int exclusive;

    TRACE("%p, %p.\n", iface, isExclusive);

    if (!isExclusive) return null_pointer();
    if ((status = vpce_machine_keyboard_get_exclusive(impl_from_IVMKeyboard(iface)->machine, &exclusive)))
        return keyboard_error(status, NULL);
    *isExclusive = exclusive ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI keyboard_put_HasExclusiveAccess(IVMKeyboard *iface, VARIANT_BOOL makeExclusive)
{
    enum vpce_status status;
    int changed;

    TRACE("%p, %d.\n", iface, makeExclusive);

    status = vpce_machine_keyboard_set_exclusive(impl_from_IVMKeyboard(iface)->machine,
                                                 makeExclusive != VARIANT_FALSE, &changed);
    if (status == VPCE_E_SET_EXCLUSIVE_MODE_FAIL)
        return vpc_error(VM_E_SET_EXCLUSIVE_MODE_FAIL, &IID_IVMKeyboard,
                         L"Exclusive access to the keyboard could not change: the virtual machine is not "
                         L"running, or another process has exclusive access.");
    if (status) return keyboard_error(status, NULL);
    /* S_FALSE: it was already so */
    return changed ? S_OK : S_FALSE;
}

static HRESULT WINAPI keyboard_IsPressed(IVMKeyboard *iface, BSTR key, VARIANT_BOOL *pressed)
{
    enum vpce_status status;
    int down = 0;
    char *name;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(key), pressed);

    if (!key || !pressed) return null_pointer();
    if (!(name = utf8_from_wide(key))) return keyboard_error(VPCE_E_NOMEM, NULL);
    status = vpce_machine_keyboard_is_pressed(impl_from_IVMKeyboard(iface)->machine, name, &down);
    free(name);
    if (status) return keyboard_error(status, invalid_key);
    *pressed = down ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI keyboard_PressAndReleaseKey(IVMKeyboard *iface, BSTR key)
{
    TRACE("%p, %s.\n", iface, debugstr_w(key));

    return key_call(iface, key, vpce_machine_keyboard_press_and_release);
}

static HRESULT WINAPI keyboard_PressKey(IVMKeyboard *iface, BSTR key)
{
    TRACE("%p, %s.\n", iface, debugstr_w(key));

    return key_call(iface, key, vpce_machine_keyboard_press);
}

static HRESULT WINAPI keyboard_ReleaseKey(IVMKeyboard *iface, BSTR key)
{
    TRACE("%p, %s.\n", iface, debugstr_w(key));

    return key_call(iface, key, vpce_machine_keyboard_release);
}

static HRESULT WINAPI keyboard_TypeAsciiText(IVMKeyboard *iface, BSTR text)
{
    enum vpce_status status;
    const WCHAR *p;
    char *utf8;

    TRACE("%p, %s.\n", iface, debugstr_w(text));

    if (!text) return null_pointer();
    for (p = text; *p; p++)
        if (*p >= 0x80)
            return vpc_error(E_INVALIDARG, &IID_IVMKeyboard, L"The text has a character that is not ASCII.");
    if (!(utf8 = utf8_from_wide(text))) return keyboard_error(VPCE_E_NOMEM, NULL);
    status = vpce_machine_keyboard_type_text(impl_from_IVMKeyboard(iface)->machine, utf8);
    free(utf8);
    return keyboard_error(status, L"The text is empty or has a character no key types (a control character "
                                  L"other than tab, line ends, backspace and escape).");
}

static HRESULT WINAPI keyboard_TypeKeySequence(IVMKeyboard *iface, BSTR keySequence)
{
    enum vpce_status status;
    char *sequence;

    TRACE("%p, %s.\n", iface, debugstr_w(keySequence));

    if (!keySequence) return null_pointer();
    if (!(sequence = utf8_from_wide(keySequence))) return keyboard_error(VPCE_E_NOMEM, NULL);
    status = vpce_machine_keyboard_type_sequence(impl_from_IVMKeyboard(iface)->machine, sequence);
    free(sequence);
    return keyboard_error(status, L"The key sequence is empty, or has an item that is no key identifier of the "
                                  L"reference, or DOWN or UP without the key after it.");
}

static const IVMKeyboardVtbl keyboard_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(keyboard),
    keyboard_get_HasExclusiveAccess,
    keyboard_put_HasExclusiveAccess,
    keyboard_IsPressed,
    keyboard_PressAndReleaseKey,
    keyboard_PressKey,
    keyboard_ReleaseKey,
    keyboard_TypeAsciiText,
    keyboard_TypeKeySequence,
};

static void keyboard_destroy(struct vpc_object *object)
{
    struct keyboard *keyboard = CONTAINING_RECORD(object, struct keyboard, base);

    IVMVirtualMachine_Release(keyboard->vm);
    free(keyboard);
}

static const struct vpc_object_funcs keyboard_funcs =
{
    keyboard_destroy,
};

HRESULT keyboard_create(IVMVirtualMachine *vm, IVMKeyboard **ret)
{
    struct keyboard *keyboard;

    if (!(keyboard = calloc(1, sizeof(*keyboard)))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMKeyboard);
    IVMVirtualMachine_AddRef(keyboard->vm = vm);
    keyboard->machine = unsafe_machine_from_IVMVirtualMachine(vm);
    vpc_object_init(&keyboard->base, &keyboard_vtbl, IVMKeyboard_tid, &keyboard_funcs);
    *ret = (IVMKeyboard *)&keyboard->base.IDispatch_iface;
    return S_OK;
}
