/*
 * dumptlb: prints the registered Virtual PC type library as sorted text
 * lines, in the form tests/typelib/api2text.py prints the API description,
 * so that a diff of the two shows any drift between them.
 *
 *   interface NAME IID
 *   member INTERFACE NAME KIND DIRECTIONS...
 *   enum NAME VALUE-NAME VALUE
 *   dispid INTERFACE NAME DISPID    (only Item and _NewEnum, fixed by the API)
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define COBJMACROS

#include <stdarg.h>
#include <stdio.h>

#include "windef.h"
#include "winbase.h"
#include "ole2.h"
#include "vpccominterfaces.h"

/* UTF-8 copy of a name; buffers are reused after 64 calls. */
static char *utf8(const WCHAR *str)
{
    static char buffer[64][512];
    static int next;
    char *ret = buffer[next++ % 64];

    WideCharToMultiByte(CP_UTF8, 0, str, -1, ret, sizeof(buffer[0]), NULL, NULL);
    return ret;
}

static void dump_function(ITypeInfo *info, const char *iface, FUNCDESC *desc)
{
    static const char *const kinds[] = { "", "method", "propget", "", "propput" };
    BSTR name;
    UINT count;
    SHORT i;

    ITypeInfo_GetNames(info, desc->memid, &name, 1, &count);
    printf("member %s %s %s", iface, utf8(name), kinds[desc->invkind & 7]);
    for (i = 0; i < desc->cParams; i++)
    {
        USHORT flags = desc->lprgelemdescParam[i].paramdesc.wParamFlags;
        const char *dir = (flags & PARAMFLAG_FRETVAL) ? "out,retval"
                        : (flags & PARAMFLAG_FOUT) ? "out" : "in";
        printf(" %s", dir);
    }
    printf("\n");
    if (desc->memid == DISPID_VALUE || desc->memid == DISPID_NEWENUM)
        printf("dispid %s %s %ld\n", iface, utf8(name), (long)desc->memid);
    SysFreeString(name);
}

static void dump_interface(ITypeInfo *info, const char *name)
{
    HREFTYPE href;
    ITypeInfo *vtable = NULL;
    TYPEATTR *attr;
    WCHAR guid[40];
    FUNCDESC *desc;
    UINT i;

    /* the vtable side of a dual interface */
    if (SUCCEEDED(ITypeInfo_GetRefTypeOfImplType(info, -1, &href)))
        ITypeInfo_GetRefTypeInfo(info, href, &vtable);
    if (vtable) info = vtable;

    ITypeInfo_GetTypeAttr(info, &attr);
    StringFromGUID2(&attr->guid, guid, sizeof(guid) / sizeof(guid[0]));
    guid[37] = 0;
    CharLowerW(guid);
    printf("interface %s %s\n", name, utf8(guid + 1));
    for (i = 0; i < attr->cFuncs; i++)
    {
        if (FAILED(ITypeInfo_GetFuncDesc(info, i, &desc))) continue;
        dump_function(info, name, desc);
        ITypeInfo_ReleaseFuncDesc(info, desc);
    }
    ITypeInfo_ReleaseTypeAttr(info, attr);
    if (vtable) ITypeInfo_Release(vtable);
}

static void dump_enum(ITypeInfo *info, const char *name)
{
    TYPEATTR *attr;
    VARDESC *desc;
    BSTR member;
    UINT i, count;

    ITypeInfo_GetTypeAttr(info, &attr);
    for (i = 0; i < attr->cVars; i++)
    {
        if (FAILED(ITypeInfo_GetVarDesc(info, i, &desc))) continue;
        ITypeInfo_GetNames(info, desc->memid, &member, 1, &count);
        if (desc->varkind == VAR_CONST)
        {
            VARIANT value;

            VariantInit(&value);
            VariantChangeType(&value, desc->lpvarValue, 0, VT_I4);
            printf("enum %s %s %ld\n", name, utf8(member), (long)V_I4(&value));
        }
        SysFreeString(member);
        ITypeInfo_ReleaseVarDesc(info, desc);
    }
    ITypeInfo_ReleaseTypeAttr(info, attr);
}

int main(int argc, char **argv)
{
    ITypeLib *typelib;
    HRESULT hr;
    UINT i, count;

    CoInitialize(NULL);
    hr = LoadRegTypeLib(&LIBID_VPCCOMInterfaces, 1, 0, LOCALE_SYSTEM_DEFAULT, &typelib);
    if (FAILED(hr))
    {
        fprintf(stderr, "dumptlb: the type library is not registered (hr %#lx)\n", hr);
        return 1;
    }

    count = ITypeLib_GetTypeInfoCount(typelib);
    for (i = 0; i < count; i++)
    {
        ITypeInfo *info;
        TYPEKIND kind;
        char type_name[256];
        BSTR name;

        ITypeLib_GetTypeInfoType(typelib, i, &kind);
        ITypeLib_GetTypeInfo(typelib, i, &info);
        ITypeLib_GetDocumentation(typelib, i, &name, NULL, NULL, NULL);
        WideCharToMultiByte(CP_UTF8, 0, name, -1, type_name, sizeof(type_name), NULL, NULL);
        switch (kind)
        {
        case TKIND_DISPATCH:
        case TKIND_INTERFACE:
            dump_interface(info, type_name);
            break;
        case TKIND_ENUM:
            dump_enum(info, type_name);
            break;
        default:
            break;
        }
        SysFreeString(name);
        ITypeInfo_Release(info);
    }
    ITypeLib_Release(typelib);
    CoUninitialize();
    return 0;
}
