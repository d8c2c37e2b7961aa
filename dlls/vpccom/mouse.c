/*
 * IVMMouse: the mouse of a machine
 *
 * Relative coordinates unless this object was switched to absolute ones,
 * which need the integration components (QEMU's guest agent) as in Virtual
 * PC.  See libs/vpcengine/mouse.c.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct mouse
{
    struct vpc_object base;
    IVMVirtualMachine *vm;
    struct vpce_machine *machine;   /* the engine's, owned by vm */
    BOOL absolute;                  /* this object's, relative at first */
};

static inline struct mouse *impl_from_IVMMouse(IVMMouse *iface)
{
    return CONTAINING_RECORD(iface, struct mouse, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(mouse, IVMMouse)

static HRESULT mouse_result(enum vpce_status status)
{
    return status ? vpc_engine_error(status, &IID_IVMMouse) : S_OK;
}

static BOOL valid_button(VMMouseButton button)
{
    return button >= vmMouseButton_Left && button <= vmMouseButton_Center;
}

static HRESULT invalid_button(void)
{
    return vpc_error(E_INVALIDARG, &IID_IVMMouse, L"The button is not a VMMouseButton value.");
}

static HRESULT check_running(struct mouse *mouse)
{
    enum vpce_vm_state state;
    enum vpce_status status;

    if ((status = vpce_machine_get_state(mouse->machine, &state))) return mouse_result(status);
    if (state == VPCE_VM_PAUSED) return mouse_result(VPCE_E_MOUSE_NOT_ACTIVE);
    return state == VPCE_VM_RUNNING ? S_OK : mouse_result(VPCE_E_VM_NOT_RUNNING);
}

static HRESULT WINAPI mouse_Click(IVMMouse *iface, VMMouseButton buttonIndex)
{
    TRACE("%p, %d.\n", iface, buttonIndex);

    if (!valid_button(buttonIndex)) return invalid_button();
    return mouse_result(vpce_mouse_click(impl_from_IVMMouse(iface)->machine, buttonIndex));
}

static HRESULT WINAPI mouse_GetButton(IVMMouse *iface, VMMouseButton buttonIndex, VARIANT_BOOL *isDown)
{
    enum vpce_status status;
    int down;

    TRACE("%p, %d, %p.\n", iface, buttonIndex, isDown);

    if (!isDown) return vpc_error(E_POINTER, &IID_IVMMouse, L"NULL pointer.");
    if (!valid_button(buttonIndex)) return invalid_button();
    if ((status = vpce_mouse_get_button(impl_from_IVMMouse(iface)->machine, buttonIndex, &down)))
        return mouse_result(status);
    *isDown = down ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* The last absolute position; none in relative coordinates. */
static HRESULT get_position(IVMMouse *iface, LONG *position, BOOL vertical)
{
    struct mouse *mouse = impl_from_IVMMouse(iface);
    enum vpce_status status;
    int x, y;

    if (!position) return vpc_error(E_POINTER, &IID_IVMMouse, L"NULL pointer.");
    if (!mouse->absolute)
    {
        HRESULT hr = check_running(mouse);
        return FAILED(hr) ? hr : mouse_result(VPCE_E_USING_RELATIVE_COORDINATES);
    }
    if ((status = vpce_mouse_position(mouse->machine, &x, &y))) return mouse_result(status);
    *position = vertical ? y : x;
    return S_OK;
}

/* A move by that many pixels, or to that position in absolute coordinates. */
static HRESULT put_position(IVMMouse *iface, LONG position, BOOL vertical)
{
    struct mouse *mouse = impl_from_IVMMouse(iface);
    int x, y;

    if (mouse->absolute)
    {
        x = vertical ? VPCE_MOUSE_KEEP : position;
        y = vertical ? position : VPCE_MOUSE_KEEP;
    }
    else
    {
        x = vertical ? 0 : position;
        y = vertical ? position : 0;
    }
    return mouse_result(vpce_mouse_move(mouse->machine, mouse->absolute, x, y));
}

static HRESULT WINAPI mouse_get_HorizontalPosition(IVMMouse *iface, LONG *position)
{
    TRACE("%p, %p.\n", iface, position);

    return get_position(iface, position, FALSE);
}

static HRESULT WINAPI mouse_put_HorizontalPosition(IVMMouse *iface, LONG position)
{
    TRACE("%p, %ld.\n", iface, position);

    return put_position(iface, position, FALSE);
}

static HRESULT WINAPI mouse_put_ScrollWheelPosition(IVMMouse *iface, LONG position)
{
    struct mouse *mouse = impl_from_IVMMouse(iface);
    HRESULT hr;

    TRACE("%p, %ld.\n", iface, position);

    if (mouse->absolute)
        return FAILED(hr = check_running(mouse)) ? hr : mouse_result(VPCE_E_USING_ABSOLUTE_COORDINATES);
    /* the wheel of a PS/2 mouse moves in notches: one per unit */
    return mouse_result(vpce_mouse_wheel(mouse->machine, position));
}

static HRESULT WINAPI mouse_SetButton(IVMMouse *iface, VMMouseButton buttonIndex, VARIANT_BOOL down)
{
    TRACE("%p, %d, %d.\n", iface, buttonIndex, down);

    if (!valid_button(buttonIndex)) return invalid_button();
    return mouse_result(vpce_mouse_set_button(impl_from_IVMMouse(iface)->machine, buttonIndex, !!down));
}

static HRESULT WINAPI mouse_get_UsingAbsoluteCoordinates(IVMMouse *iface, VARIANT_BOOL *UsingAbsoluteCoordinates)
{
    struct mouse *mouse = impl_from_IVMMouse(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, UsingAbsoluteCoordinates);

    if (!UsingAbsoluteCoordinates) return vpc_error(E_POINTER, &IID_IVMMouse, L"NULL pointer.");
    if (FAILED(hr = check_running(mouse))) return hr;
    *UsingAbsoluteCoordinates = mouse->absolute ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI mouse_put_UsingAbsoluteCoordinates(IVMMouse *iface, VARIANT_BOOL UsingAbsoluteCoordinates)
{
    struct mouse *mouse = impl_from_IVMMouse(iface);
    enum vpce_status status;
    int beating;
    HRESULT hr;

    TRACE("%p, %d.\n", iface, UsingAbsoluteCoordinates);

    if (FAILED(hr = check_running(mouse))) return hr;
    if (UsingAbsoluteCoordinates && (status = vpce_guest_heartbeat(mouse->machine, &beating, NULL)))
    {
        if (status == VPCE_E_ADDITIONS_NOT_AVAIL) status = VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL;
        return mouse_result(status);
    }
    mouse->absolute = !!UsingAbsoluteCoordinates;
    return S_OK;
}

static HRESULT WINAPI mouse_get_VerticalPosition(IVMMouse *iface, LONG *position)
{
    TRACE("%p, %p.\n", iface, position);

    return get_position(iface, position, TRUE);
}

static HRESULT WINAPI mouse_put_VerticalPosition(IVMMouse *iface, LONG position)
{
    TRACE("%p, %ld.\n", iface, position);

    return put_position(iface, position, TRUE);
}

static const IVMMouseVtbl mouse_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(mouse),
    mouse_Click,
    mouse_GetButton,
    mouse_get_HorizontalPosition,
    mouse_put_HorizontalPosition,
    mouse_put_ScrollWheelPosition,
    mouse_SetButton,
    mouse_get_UsingAbsoluteCoordinates,
    mouse_put_UsingAbsoluteCoordinates,
    mouse_get_VerticalPosition,
    mouse_put_VerticalPosition,
};

static void mouse_destroy(struct vpc_object *object)
{
    struct mouse *mouse = CONTAINING_RECORD(object, struct mouse, base);

    IVMVirtualMachine_Release(mouse->vm);
    free(mouse);
}

static const struct vpc_object_funcs mouse_funcs =
{
    mouse_destroy,
};

HRESULT mouse_create(IVMVirtualMachine *vm, IVMMouse **ret)
{
    struct mouse *mouse;

    if (!(mouse = calloc(1, sizeof(*mouse)))) return E_OUTOFMEMORY;
    IVMVirtualMachine_AddRef(mouse->vm = vm);
    mouse->machine = unsafe_machine_from_IVMVirtualMachine(vm);
    vpc_object_init(&mouse->base, &mouse_vtbl, IVMMouse_tid, &mouse_funcs);
    *ret = (IVMMouse *)&mouse->base.IDispatch_iface;
    return S_OK;
}
