/*
 * IVMDisplay: the screen of a machine
 *
 * Every property asks the engine when called: the display is the running
 * machine's screen as QEMU shows it now.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

#define THUMBNAIL_PIXELS (VPCE_THUMBNAIL_WIDTH * VPCE_THUMBNAIL_HEIGHT)

struct display
{
    struct vpc_object base;
    IVMVirtualMachine *vm;
    struct vpce_machine *machine;   /* the engine's, owned by vm */
};

static inline struct display *impl_from_IVMDisplay(IVMDisplay *iface)
{
    return CONTAINING_RECORD(iface, struct display, base.IDispatch_iface);
}

DEFINE_VPC_DISPATCH(display, IVMDisplay)

static HRESULT display_error(enum vpce_status status)
{
    return vpc_engine_error(status, &IID_IVMDisplay);
}

static HRESULT null_pointer(void)
{
    return vpc_error(E_POINTER, &IID_IVMDisplay, L"NULL pointer.");
}

static HRESULT get_display(struct display *display, struct vpce_display *info)
{
    enum vpce_status status = vpce_machine_get_display(display->machine, info);
    return status ? display_error(status) : S_OK;
}

static HRESULT WINAPI display_get_CanResize(IVMDisplay *iface, VARIANT_BOOL *CanResize)
{
    struct display *display = impl_from_IVMDisplay(iface);
    enum vpce_status status;

    TRACE("%p, %p.\n", iface, CanResize);

    if (!CanResize) return null_pointer();
    *CanResize = VARIANT_FALSE;
    /* no integration components to take a resolution from us */
    status = vpce_machine_can_resize(display->machine);
    if (status == VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL)
        return vpc_error(VM_E_ADDITIONS_FEATURE_NOT_AVAIL, &IID_IVMDisplay,
                         L"The guest has no integration components that can change its resolution.");
    return status ? display_error(status) : S_OK;
}

static HRESULT WINAPI display_get_Height(IVMDisplay *iface, LONG *displayPixelHeight)
{
    struct vpce_display info;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, displayPixelHeight);

    if (!displayPixelHeight) return null_pointer();
    if (FAILED(hr = get_display(impl_from_IVMDisplay(iface), &info))) return hr;
    *displayPixelHeight = info.height;
    return S_OK;
}

static HRESULT WINAPI display_SetDimensions(IVMDisplay *iface, LONG displayPixelWidth, LONG displayPixelHeight)
{
    struct display *display = impl_from_IVMDisplay(iface);
    enum vpce_status status;

    TRACE("%p, %ld, %ld.\n", iface, displayPixelWidth, displayPixelHeight);

    status = vpce_machine_set_dimensions(display->machine, displayPixelWidth, displayPixelHeight);
    if (status == VPCE_E_INVALID_ARG)
        return vpc_error(E_INVALIDARG, &IID_IVMDisplay,
                         L"The width must be a multiple of 8 from 640 to 2048, the height from 480 to 1920.");
    if (status == VPCE_E_ADDITIONS_FEATURE_NOT_AVAIL)
        return vpc_error(VM_E_ADDITIONS_FEATURE_NOT_AVAIL, &IID_IVMDisplay,
                         L"The guest has no integration components that can change its resolution.");
    return status ? display_error(status) : S_OK;
}

static HRESULT get_thumbnail(struct display *display, UINT32 *pixels)
{
    enum vpce_status status = vpce_machine_get_thumbnail(display->machine, pixels);
    return status ? display_error(status) : S_OK;
}

static HRESULT WINAPI display_get_Thumbnail(IVMDisplay *iface, VARIANT *thumbnailImage)
{
    UINT32 *pixels;
    SAFEARRAY *array;
    VARIANT *items;
    HRESULT hr;
    int i;

    TRACE("%p, %p.\n", iface, thumbnailImage);

    if (!thumbnailImage) return null_pointer();
    VariantInit(thumbnailImage);
    if (!(pixels = malloc(THUMBNAIL_PIXELS * sizeof(*pixels)))) return display_error(VPCE_E_NOMEM);
    if (FAILED(hr = get_thumbnail(impl_from_IVMDisplay(iface), pixels)))
    {
        free(pixels);
        return hr;
    }
    /* as documented: VT_ARRAY | VT_VARIANT of VT_UI4, row by row */
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, THUMBNAIL_PIXELS)))
    {
        free(pixels);
        return display_error(VPCE_E_NOMEM);
    }
    SafeArrayAccessData(array, (void **)&items);
    for (i = 0; i < THUMBNAIL_PIXELS; i++)
    {
        V_VT(&items[i]) = VT_UI4;
        V_UI4(&items[i]) = pixels[i];
    }
    SafeArrayUnaccessData(array);
    free(pixels);
    V_VT(thumbnailImage) = VT_ARRAY | VT_VARIANT;
    V_ARRAY(thumbnailImage) = array;
    return S_OK;
}

static HRESULT WINAPI display_get_VideoMode(IVMDisplay *iface, VMDisplayVideoMode *VideoMode)
{
    struct vpce_display info;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, VideoMode);

    if (!VideoMode) return null_pointer();
    if (FAILED(hr = get_display(impl_from_IVMDisplay(iface), &info))) return hr;
    *VideoMode = info.mode;
    return S_OK;
}

static HRESULT WINAPI display_get_Width(IVMDisplay *iface, LONG *displayPixelWidth)
{
    struct vpce_display info;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, displayPixelWidth);

    if (!displayPixelWidth) return null_pointer();
    if (FAILED(hr = get_display(impl_from_IVMDisplay(iface), &info))) return hr;
    *displayPixelWidth = info.width;
    return S_OK;
}

/* The same pixels into the caller's 3072 elements. */
static HRESULT WINAPI display__GenerateThumbnail(IVMDisplay *iface, ULONG *thumbnailImage)
{
    UINT32 pixels[THUMBNAIL_PIXELS];
    HRESULT hr;
    int i;

    TRACE("%p, %p.\n", iface, thumbnailImage);

    if (!thumbnailImage) return null_pointer();
    if (FAILED(hr = get_thumbnail(impl_from_IVMDisplay(iface), pixels))) return hr;
    for (i = 0; i < THUMBNAIL_PIXELS; i++) thumbnailImage[i] = pixels[i];
    return S_OK;
}

static const IVMDisplayVtbl display_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(display),
    display_get_CanResize,
    display_get_Height,
    display_SetDimensions,
    display_get_Thumbnail,
    display_get_VideoMode,
    display_get_Width,
    display__GenerateThumbnail,
};

static void display_destroy(struct vpc_object *object)
{
    struct display *display = CONTAINING_RECORD(object, struct display, base);

    IVMVirtualMachine_Release(display->vm);
    free(display);
}

static const struct vpc_object_funcs display_funcs =
{
    display_destroy,
};

HRESULT display_create(IVMVirtualMachine *vm, IVMDisplay **ret)
{
    struct vpce_machine *machine = unsafe_machine_from_IVMVirtualMachine(vm);
    struct display *display;
    enum vpce_vm_state state;
    enum vpce_status status;

    /* a machine whose .vmc is gone has no display */
    if ((status = vpce_machine_get_state(machine, &state)))
        return vpc_engine_error(status, &IID_IVMVirtualMachine);
    if (!(display = calloc(1, sizeof(*display)))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualMachine);
    IVMVirtualMachine_AddRef(display->vm = vm);
    display->machine = machine;
    vpc_object_init(&display->base, &display_vtbl, IVMDisplay_tid, &display_funcs);
    *ret = (IVMDisplay *)&display->base.IDispatch_iface;
    return S_OK;
}
