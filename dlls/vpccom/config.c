/*
 * Configuration values: engine values to and from VARIANTs
 *
 * Integers come back as VT_I4, booleans as VT_BOOL, strings as VT_BSTR and
 * bytes as VT_ARRAY|VT_UI1, as Windows Virtual PC returns them.
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

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static HRESULT bytes_to_variant(const char *hex, VARIANT *ret, REFIID iid)
{
    size_t i, count = strlen(hex) / 2;
    SAFEARRAY *array;
    BYTE *data;

    if (!(array = SafeArrayCreateVector(VT_UI1, 0, count))) return vpc_engine_error(VPCE_E_NOMEM, iid);
    SafeArrayAccessData(array, (void **)&data);
    for (i = 0; i < count; i++)
    {
        int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
        data[i] = hi < 0 || lo < 0 ? 0 : hi << 4 | lo;
    }
    SafeArrayUnaccessData(array);
    V_VT(ret) = VT_ARRAY | VT_UI1;
    V_ARRAY(ret) = array;
    return S_OK;
}

HRESULT variant_from_value(const struct vpce_value *value, VARIANT *ret, REFIID iid)
{
    VariantInit(ret);
    switch (value->type)
    {
    case VPCE_VALUE_INTEGER:
        V_VT(ret) = VT_I4;
        V_I4(ret) = (LONG)value->integer;
        return S_OK;
    case VPCE_VALUE_BOOLEAN:
        V_VT(ret) = VT_BOOL;
        V_BOOL(ret) = value->integer ? VARIANT_TRUE : VARIANT_FALSE;
        return S_OK;
    case VPCE_VALUE_BYTES:
        return bytes_to_variant(value->string ? value->string : "", ret, iid);
    default:
        V_VT(ret) = VT_BSTR;
        if (!(V_BSTR(ret) = bstr_from_utf8(value->string ? value->string : "")))
            return vpc_engine_error(VPCE_E_NOMEM, iid);
        return S_OK;
    }
}

HRESULT value_from_variant(const VARIANT *variant, struct vpce_value *value, REFIID iid)
{
    const VARIANT *v = variant;
    VARIANT converted;

    memset(value, 0, sizeof(*value));
    if (V_VT(v) == (VT_VARIANT | VT_BYREF)) v = V_VARIANTREF(v);
    switch (V_VT(v))
    {
    case VT_BOOL:
        value->type = VPCE_VALUE_BOOLEAN;
        value->integer = V_BOOL(v) != VARIANT_FALSE;
        return S_OK;
    case VT_BSTR:
        value->type = VPCE_VALUE_STRING;
        value->string = utf8_from_wide(V_BSTR(v));
        return value->string ? S_OK : vpc_engine_error(VPCE_E_NOMEM, iid);
    case VT_ARRAY | VT_UI1:
    {
        LONG lower, upper, i;
        BYTE *data;

        SafeArrayGetLBound(V_ARRAY(v), 1, &lower);
        SafeArrayGetUBound(V_ARRAY(v), 1, &upper);
        value->type = VPCE_VALUE_BYTES;
        if (!(value->string = malloc(2 * (upper - lower + 1) + 1))) return vpc_engine_error(VPCE_E_NOMEM, iid);
        SafeArrayAccessData(V_ARRAY(v), (void **)&data);
        for (i = 0; i <= upper - lower; i++) sprintf(value->string + 2 * i, "%02X", data[i]);
        value->string[2 * i] = 0;
        SafeArrayUnaccessData(V_ARRAY(v));
        return S_OK;
    }
    case VT_I1: case VT_I2: case VT_I4: case VT_I8: case VT_INT:
    case VT_UI1: case VT_UI2: case VT_UI4: case VT_UI8: case VT_UINT:
    case VT_R4: case VT_R8: case VT_DECIMAL: case VT_CY:
        VariantInit(&converted);
        if (FAILED(VariantChangeType(&converted, v, 0, VT_I8)))
            return vpc_error(E_INVALIDARG, iid, L"The number does not fit a configuration value.");
        value->type = VPCE_VALUE_INTEGER;
        value->integer = V_I8(&converted);
        return S_OK;
    default:
        return vpc_error(E_INVALIDARG, iid,
                         L"A configuration value is a number, a boolean, a string or an array of bytes.");
    }
}
