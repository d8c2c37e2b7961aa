/*
 * IVMVirtualPC: the application object (VirtualPC.Application)
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define _GNU_SOURCE
#include <stdio.h>

#include "vpccom_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(vpccom);

struct virtualpc
{
    struct vpc_object base;
    struct event_source events;
};

DEFINE_VPC_DISPATCH(virtualpc, IVMVirtualPC)

#define DEFAULT_MEMORY_MB 128
#define KEY_DEFAULT_PATH "settings/default_vm_configuration_path"
#define KEY_SEARCH_PATHS "settings/search_paths"

/* %LOCALAPPDATA%\Microsoft\Windows Virtual PC\Virtual Machines\, where new
 * machines go by default */
static WCHAR default_vm_path[MAX_PATH];

static BOOL make_folder(WCHAR *path, const WCHAR *name)
{
    lstrcatW(path, name);
    return CreateDirectoryW(path, NULL) || GetLastError() == ERROR_ALREADY_EXISTS;
}

static void init_wine_prefix(void);

/* A tag of this prefix, so that libvirt domains of two prefixes never clash. */
static void prefix_tag(char *tag)
{
    const char *p = vpce_wine_prefix();
    unsigned int hash = 2166136261u;

    for (; p && *p; p++) hash = (hash ^ (unsigned char)*p) * 16777619u;
    sprintf(tag, "%08x", hash);
}

static void load_default_path(void);

/* The registry of machines lives in the user's local application data. */
static HRESULT init_machines(void)
{
    static LONG done;
    WCHAR dir[MAX_PATH];
    char *unix_dir = NULL, tag[16];
    enum vpce_status status = VPCE_E_PATH_NOT_FOUND;

    if (done) return S_OK;
    init_wine_prefix();
    if (!GetEnvironmentVariableW(L"LOCALAPPDATA", dir, MAX_PATH - 64)) return vpc_engine_error(status, &IID_IVMVirtualPC);
    if (make_folder(dir, L"\\Microsoft") && make_folder(dir, L"\\Windows Virtual PC")
            && (unix_dir = wine_get_unix_file_name(dir)))
    {
        lstrcpyW(default_vm_path, dir);
        make_folder(default_vm_path, L"\\Virtual Machines");
        lstrcatW(default_vm_path, L"\\");
        prefix_tag(tag);
        status = vpce_machines_init(unix_dir, tag);
        if (!status) load_default_path();
    }
    HeapFree(GetProcessHeap(), 0, unix_dir);
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    InterlockedExchange(&done, 1);
    return S_OK;
}


/* DefaultVMConfigurationPath as set by a script before, if it was. */
static void load_default_path(void)
{
    struct vpce_value value;

    if (!vpce_options_get(KEY_DEFAULT_PATH, &value) && value.string && *value.string)
        MultiByteToWideChar(CP_UTF8, 0, value.string, -1, default_vm_path, MAX_PATH);
    vpce_value_clear(&value);
}

static HRESULT option_key(BSTR key, char **ret)
{
    *ret = NULL;
    if (!key || !*key) return vpc_error(E_INVALIDARG, &IID_IVMVirtualPC, L"A preference key is required.");
    if (!(*ret = utf8_from_wide(key))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    return S_OK;
}

/* An absolute folder path, as SearchPaths and DefaultVMConfigurationPath want. */
static HRESULT check_folder(const WCHAR *path)
{
    char *unix_path;
    HRESULT hr = unix_path_from_windows(path, &unix_path, &IID_IVMVirtualPC);

    free(unix_path);
    return hr;
}

/* The strings of a VARIANT: an array of BSTRs or of VARIANTs holding them,
 * one BSTR, or nothing (VT_EMPTY, VT_ERROR for a missing argument). */
static HRESULT strings_from_variant(const VARIANT *variant, WCHAR ***ret, size_t *count)
{
    const VARIANT *v = V_VT(variant) == (VT_VARIANT | VT_BYREF) ? V_VARIANTREF(variant) : variant;
    SAFEARRAY *array;
    LONG lower, upper, i;
    VARTYPE type;

    *ret = NULL;
    *count = 0;
    if (V_VT(v) == VT_EMPTY || V_VT(v) == VT_NULL || V_VT(v) == VT_ERROR) return S_OK;
    if (V_VT(v) == VT_BSTR)
    {
        if (!(*ret = calloc(1, sizeof(**ret))) || !((*ret)[0] = wcsdup_bstr(V_BSTR(v))))
            return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
        *count = 1;
        return S_OK;
    }
    if (!(V_VT(v) & VT_ARRAY) || ((V_VT(v) & VT_TYPEMASK) != VT_BSTR && (V_VT(v) & VT_TYPEMASK) != VT_VARIANT))
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualPC, L"An array of paths is expected.");
    array = (V_VT(v) & VT_BYREF) ? *V_ARRAYREF(v) : V_ARRAY(v);
    SafeArrayGetVartype(array, &type);
    SafeArrayGetLBound(array, 1, &lower);
    SafeArrayGetUBound(array, 1, &upper);
    if (upper >= lower && !(*ret = calloc(upper - lower + 1, sizeof(**ret))))
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    for (i = lower; i <= upper; i++)
    {
        VARIANT item;
        BSTR str = NULL;

        VariantInit(&item);
        if (type == VT_BSTR) SafeArrayGetElement(array, &i, &str);
        else if (SUCCEEDED(SafeArrayGetElement(array, &i, &item)) && V_VT(&item) == VT_BSTR)
            str = SysAllocString(V_BSTR(&item));
        VariantClear(&item);
        if (!str)
        {
            while (*count) free((*ret)[--*count]);
            free(*ret);
            *ret = NULL;
            return vpc_error(E_INVALIDARG, &IID_IVMVirtualPC, L"Every path must be a string.");
        }
        (*ret)[(*count)++] = wcsdup_bstr(str);
        SysFreeString(str);
    }
    return S_OK;
}

/* An array of strings for scripts: VT_ARRAY|VT_VARIANT, each a VT_BSTR. */
static HRESULT variant_from_strings(WCHAR **strings, size_t count, VARIANT *ret)
{
    SAFEARRAY *array = SafeArrayCreateVector(VT_VARIANT, 0, count);
    LONG i;

    if (!array) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    for (i = 0; i < count; i++)
    {
        VARIANT item;
        V_VT(&item) = VT_BSTR;
        V_BSTR(&item) = SysAllocString(strings[i]);
        SafeArrayPutElement(array, &i, &item);
        VariantClear(&item);
    }
    VariantInit(ret);
    V_VT(ret) = VT_ARRAY | VT_VARIANT;
    V_ARRAY(ret) = array;
    return S_OK;
}

static HRESULT get_search_paths(VARIANT *ret)
{
    struct vpce_value value;
    WCHAR *paths[64], *all, *p, *next;
    size_t count = 0;
    HRESULT hr;

    if (vpce_options_get(KEY_SEARCH_PATHS, &value) || !value.string || !*value.string)
    {
        vpce_value_clear(&value);
        return variant_from_strings(NULL, 0, ret);
    }
    all = (WCHAR *)bstr_from_utf8(value.string);
    vpce_value_clear(&value);
    for (p = all; p && *p && count < 64; p = next)
    {
        for (next = p; *next && *next != ';'; next++) ;
        if (*next) *next++ = 0;
        paths[count++] = p;
    }
    hr = variant_from_strings(paths, count, ret);
    SysFreeString(all);
    return hr;
}

struct file_list
{
    WCHAR **paths;
    size_t count;
};

static void add_file(struct file_list *list, const WCHAR *path)
{
    WCHAR **grown;
    size_t i;

    for (i = 0; i < list->count; i++) if (!lstrcmpiW(list->paths[i], path)) return;
    if (!(grown = realloc(list->paths, (list->count + 1) * sizeof(*grown)))) return;
    list->paths = grown;
    if ((list->paths[list->count] = wcsdup_bstr(path))) list->count++;
}

/* The files with that extension (".vmc") in a folder, and with depth 1 in
 * its folders too (one folder per machine, as Virtual PC lays them out). */
static void scan_folder(struct file_list *list, const WCHAR *folder, int depth, const WCHAR *extension)
{
    WCHAR pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find;
    int len = lstrlenW(folder);

    if (!len || len + 4 >= MAX_PATH) return;
    lstrcpyW(pattern, folder);
    if (pattern[len - 1] != '\\') lstrcatW(pattern, L"\\");
    lstrcatW(pattern, L"*");
    if ((find = FindFirstFileW(pattern, &data)) == INVALID_HANDLE_VALUE) return;
    do
    {
        int name_len = lstrlenW(data.cFileName);

        if (!lstrcmpW(data.cFileName, L".") || !lstrcmpW(data.cFileName, L"..")) continue;
        if (lstrlenW(pattern) + name_len >= MAX_PATH) continue;
        lstrcpyW(path, pattern);
        path[lstrlenW(path) - 1] = 0;
        lstrcatW(path, data.cFileName);
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
        {
            if (depth) scan_folder(list, path, depth - 1, extension);
        }
        else if (name_len > 4 && !lstrcmpiW(data.cFileName + name_len - 4, extension))
            add_file(list, path);
    } while (FindNextFileW(find, &data));
    FindClose(find);
}

static void drop_registered(struct file_list *list)
{
    char *unix_path;
    size_t i, kept = 0;

    for (i = 0; i < list->count; i++)
    {
        int found = 0;
        if ((unix_path = wine_get_unix_file_name(list->paths[i])))
        {
            found = vpce_machines_is_registered(unix_path);
            HeapFree(GetProcessHeap(), 0, unix_path);
        }
        if (found) free(list->paths[i]);
        else list->paths[kept++] = list->paths[i];
    }
    list->count = kept;
}

/* The .vmc named by CreateVirtualMachine's or RegisterVirtualMachine's
 * arguments: a name and a folder, or an empty name and the file's path. */
static HRESULT vmc_path_from_arguments(BSTR name, BSTR folder, BOOL create, char **ret)
{
    WCHAR path[MAX_PATH + 8];
    enum vpce_status status;
    int len = name ? lstrlenW(name) : 0;
    char *utf8;
    HRESULT hr;

    *ret = NULL;
    if (len)
    {
        /* the name may end in .vmc; the rest follows Virtual PC's rules */
        if (len > 4 && !lstrcmpiW(name + len - 4, L".vmc")) len -= 4;
        if (!(utf8 = utf8_from_wide(name))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
        utf8[WideCharToMultiByte(CP_UTF8, 0, name, len, NULL, 0, NULL, NULL)] = 0;
        status = vpce_machine_check_name(utf8);
        free(utf8);
        if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
        if (folder && *folder) lstrcpynW(path, folder, MAX_PATH);
        else if (create) lstrcpyW(path, default_vm_path);
        else return vpc_error(HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), &IID_IVMVirtualPC,
                              L"A folder or a full path is required.");
        if (lstrlenW(path) + len + 6 >= MAX_PATH)
            return vpc_error(HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW), &IID_IVMVirtualPC,
                             L"The path is too long: it must be shorter than 260 characters.");
        if (path[0] && path[lstrlenW(path) - 1] != '\\') lstrcatW(path, L"\\");
        lstrcpynW(path + lstrlenW(path), name, len + 1);
        lstrcatW(path, L".vmc");
    }
    else
    {
        /* no name: the path must name the .vmc itself */
        len = folder ? lstrlenW(folder) : 0;
        if (len <= 4 || lstrcmpiW(folder + len - 4, L".vmc"))
            return vpc_engine_error(VPCE_E_CONFIG_NO_NAME, &IID_IVMVirtualPC);
        lstrcpynW(path, folder, MAX_PATH);
    }
    if (FAILED(hr = unix_path_from_windows(path, ret, &IID_IVMVirtualPC))) return hr;
    if (!create && !vpce_path_exists(*ret))
    {
        char *slash = strrchr(*ret, '/');
        enum vpce_status missing = VPCE_E_FILE_NOT_FOUND;

        /* a missing folder is another error than a missing file */
        if (slash && slash != *ret)
        {
            *slash = 0;
            if (!vpce_path_exists(*ret)) missing = VPCE_E_PATH_NOT_FOUND;
        }
        free(*ret);
        *ret = NULL;
        return vpc_engine_error(missing, &IID_IVMVirtualPC);
    }
    return S_OK;
}

/* UnregisterVirtualMachine, and with delete DeleteVirtualMachine: only a
 * machine that does not run; deleting removes its .vmc and saved state. */
static HRESULT remove_machine(IVMVirtualMachine *iface, BOOL delete)
{
    struct vpce_machine *machine = unsafe_machine_from_IVMVirtualMachine(iface);
    enum vpce_vm_state state;
    enum vpce_status status;
    HRESULT hr;

    if (!iface) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    if (!machine) return vpc_error(E_INVALIDARG, &IID_IVMVirtualPC, L"Not a machine of this application.");
    if (FAILED(hr = init_machines())) return hr;
    status = vpce_machine_get_state(machine, &state);
    if (status == VPCE_E_VM_UNKNOWN) state = VPCE_VM_TURNED_OFF;  /* its file is gone: let it go */
    else if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    if (state != VPCE_VM_TURNED_OFF && (state != VPCE_VM_SAVED || delete))
        return vpc_engine_error(state == VPCE_VM_SAVED ? VPCE_E_VM_RUNNING_OR_SAVED : VPCE_E_VM_RUNNING,
                                &IID_IVMVirtualPC);
    status = vpce_machines_remove(vpce_machine_path(machine));
    if (status && status != VPCE_E_VM_UNKNOWN) return vpc_engine_error(status, &IID_IVMVirtualPC);
    if (!delete) return status ? vpc_engine_error(status, &IID_IVMVirtualPC) : S_OK;
    /* S_FALSE, one of the documented results, when it was not registered */
    return vpce_machine_delete_files(machine) || status ? S_FALSE : S_OK;
}

static HRESULT create_disk(BSTR path, LONG size, BOOL fixed, IVMTask **ret)
{
    struct vpce_task *task;
    enum vpce_status status;
    char *unix_path, *windows_path, *description;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *ret = NULL;
    if (size <= 0)
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualPC, L"The size must be at least 1 MB.");
    if (FAILED(hr = unix_path_from_windows(path, &unix_path, &IID_IVMVirtualPC))) return hr;

    windows_path = utf8_from_wide(path);
    if (!windows_path || asprintf(&description, "Creating %s virtual hard disk %s",
                                  fixed ? "fixed size" : "dynamic", windows_path) < 0)
        description = NULL;
    free(windows_path);
    if (!description) status = VPCE_E_NOMEM;
    else status = vpce_disk_create(description, unix_path, fixed, size, &task);
    free(description);
    free(unix_path);
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);

    return task_create(task, ret);
}

static HRESULT WINAPI virtualpc_CreateDifferencingVirtualHardDisk(IVMVirtualPC *iface,
                                                                  BSTR imagePath, BSTR parentPath,
                                                                  IVMTask **diskTask)
{
    struct vpce_task *task;
    enum vpce_status status;
    char *unix_path, *unix_parent, *windows_path, *description = NULL;
    HRESULT hr;

    TRACE("%p, %s, %s, %p.\n", iface, debugstr_w(imagePath), debugstr_w(parentPath), diskTask);

    if (!diskTask) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *diskTask = NULL;
    if (FAILED(hr = unix_path_from_windows(imagePath, &unix_path, &IID_IVMVirtualPC))) return hr;
    if (FAILED(hr = unix_path_from_windows(parentPath, &unix_parent, &IID_IVMVirtualPC)))
    {
        free(unix_path);
        return hr;
    }
    if ((windows_path = utf8_from_wide(imagePath))
            && asprintf(&description, "Creating differencing virtual hard disk %s", windows_path) < 0)
        description = NULL;
    free(windows_path);
    if (!description) status = VPCE_E_NOMEM;
    else status = vpce_disk_create_differencing(description, unix_path, unix_parent, &task);
    free(description);
    free(unix_path);
    free(unix_parent);
    if (status == VPCE_E_FILE_NOT_FOUND) status = VPCE_E_PARENT_PATH_NOT_FOUND;
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    return task_create(task, diskTask);
}

static HRESULT WINAPI virtualpc_CreateDynamicVirtualHardDisk(IVMVirtualPC *iface, BSTR imagePath,
                                                             LONG size, IVMTask **diskTask)
{
    TRACE("%p, %s, %ld, %p.\n", iface, debugstr_w(imagePath), size, diskTask);

    return create_disk(imagePath, size, FALSE, diskTask);
}

static HRESULT WINAPI virtualpc_CreateFixedVirtualHardDisk(IVMVirtualPC *iface, BSTR imagePath,
                                                           LONG size, IVMTask **diskTask)
{
    TRACE("%p, %s, %ld, %p.\n", iface, debugstr_w(imagePath), size, diskTask);

    return create_disk(imagePath, size, TRUE, diskTask);
}

static HRESULT WINAPI virtualpc_CreateFloppyDiskImage(IVMVirtualPC *iface, BSTR imagePath,
                                                      VMFloppyDiskImageType imageType)
{
    enum vpce_status status;
    char *unix_path;
    HRESULT hr;

    TRACE("%p, %s, %d.\n", iface, debugstr_w(imagePath), imageType);

    if (!imagePath) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"The path of the image is required.");
    if (!vpce_floppy_image_size(imageType))
        return vpc_error(E_INVALIDARG, &IID_IVMVirtualPC, L"Unknown floppy disk image type.");
    if (FAILED(hr = unix_path_from_windows(imagePath, &unix_path, &IID_IVMVirtualPC))) return hr;
    status = vpce_floppy_image_create(unix_path, imageType);
    free(unix_path);
    return status ? vpc_engine_error(status, &IID_IVMVirtualPC) : S_OK;
}

static HRESULT WINAPI virtualpc_CreateVirtualMachine(IVMVirtualPC *iface, BSTR configurationName,
                                                     BSTR configurationPath,
                                                     IVMVirtualMachine **virtualMachine)
{
    char *vmc_path;
    enum vpce_status status;
    HRESULT hr;

    TRACE("%p, %s, %s, %p.\n", iface, debugstr_w(configurationName), debugstr_w(configurationPath),
          virtualMachine);

    if (!virtualMachine) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *virtualMachine = NULL;
    if (FAILED(hr = init_machines())) return hr;
    if (FAILED(hr = vmc_path_from_arguments(configurationName, configurationPath, TRUE, &vmc_path)))
        return hr;
    if (vpce_path_exists(vmc_path)) status = VPCE_E_ALREADY_EXISTS;
    else if (!(status = vpce_make_parent_folders(vmc_path))
            && !(status = vpce_machine_create_file(vmc_path, DEFAULT_MEMORY_MB))
            && (status = vpce_machines_add(vmc_path)))
        vpce_delete_file(vmc_path);  /* not registered: nothing is left */
    if (!status) hr = virtualmachine_create(vmc_path, virtualMachine);
    else hr = vpc_engine_error(status, &IID_IVMVirtualPC);
    free(vmc_path);
    return hr;
}

static HRESULT WINAPI virtualpc_get_DefaultVMConfigurationPath(IVMVirtualPC *iface,
                                                               BSTR *configurationPath)
{
    HRESULT hr;

    TRACE("%p, %p.\n", iface, configurationPath);

    if (!configurationPath) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    if (FAILED(hr = init_machines())) return hr;
    if (!(*configurationPath = SysAllocString(default_vm_path)))
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    return S_OK;
}

static HRESULT WINAPI virtualpc_put_DefaultVMConfigurationPath(IVMVirtualPC *iface,
                                                               BSTR configurationPath)
{
    struct vpce_value value = { VPCE_VALUE_STRING };
    enum vpce_status status;
    WCHAR path[MAX_PATH];
    DWORD attributes;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(configurationPath));

    if (FAILED(hr = init_machines())) return hr;
    if (FAILED(hr = check_folder(configurationPath))) return hr;
    attributes = GetFileAttributesW(configurationPath);
    if (attributes == INVALID_FILE_ATTRIBUTES || !(attributes & FILE_ATTRIBUTE_DIRECTORY))
        return vpc_engine_error(VPCE_E_PATH_NOT_FOUND, &IID_IVMVirtualPC);
    lstrcpynW(path, configurationPath, MAX_PATH - 1);
    if (path[lstrlenW(path) - 1] != '\\') lstrcatW(path, L"\\");
    if (!(value.string = utf8_from_wide(path))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    status = vpce_options_set(KEY_DEFAULT_PATH, &value);
    vpce_value_clear(&value);
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    lstrcpyW(default_vm_path, path);
    return S_OK;
}

static HRESULT WINAPI virtualpc_DeleteVirtualMachine(IVMVirtualPC *iface,
                                                     IVMVirtualMachine *virtualMachine)
{
    TRACE("%p, %p.\n", iface, virtualMachine);

    return remove_machine(virtualMachine, TRUE);
}

static HRESULT WINAPI virtualpc_FindVirtualMachine(IVMVirtualPC *iface, BSTR configurationName,
                                                   IVMVirtualMachine **virtualMachine)
{
    enum vpce_status status;
    char *name, *path;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(configurationName), virtualMachine);

    if (!virtualMachine) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *virtualMachine = NULL;
    if (FAILED(hr = init_machines())) return hr;
    if (!(name = utf8_from_wide(configurationName))) return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    status = vpce_machines_find(name, &path);
    free(name);
    /* documented: an unknown name is no error, and no object */
    if (status == VPCE_E_VM_UNKNOWN) return S_FALSE;
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    hr = virtualmachine_create(path, virtualMachine);
    free(path);
    return hr;
}

static HRESULT WINAPI virtualpc_FindVirtualNetwork(IVMVirtualPC *iface, BSTR virtualNetworkName,
                                                   IVMVirtualNetwork **virtualNetwork)
{
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(virtualNetworkName), virtualNetwork);

    if (!virtualNetwork) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *virtualNetwork = NULL;
    if (FAILED(hr = init_machines())) return hr;
    return virtualnetwork_find(virtualNetworkName, virtualNetwork);
}

static HRESULT WINAPI virtualpc_GetConfigurationValue(IVMVirtualPC *iface, BSTR preferenceKey,
                                                      VARIANT *preferenceValue)
{
    struct vpce_value value;
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(preferenceKey), preferenceValue);

    if (!preferenceValue) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    if (FAILED(hr = init_machines())) return hr;
    if (FAILED(hr = option_key(preferenceKey, &key))) return hr;
    status = vpce_options_get(key, &value);
    free(key);
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    hr = variant_from_value(&value, preferenceValue, &IID_IVMVirtualPC);
    vpce_value_clear(&value);
    return hr;
}

/* The files with an extension in the search paths, the default folder
 * and the caller's folders (an array of strings, or a string). */
static HRESULT find_files(const WCHAR *extension, VARIANT *additional, BOOL exclude_registered,
                          VARIANT *ret)
{
    struct file_list list = { 0 };
    WCHAR **extra = NULL;
    size_t count = 0, i;
    VARIANT paths;
    HRESULT hr;

    if (!ret) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    if (FAILED(hr = init_machines())) return hr;
    if (FAILED(hr = strings_from_variant(additional, &extra, &count))) return hr;

    scan_folder(&list, default_vm_path, 1, extension);
    if (SUCCEEDED(get_search_paths(&paths)))
    {
        WCHAR **searched;
        size_t n;
        if (SUCCEEDED(strings_from_variant(&paths, &searched, &n)))
        {
            for (i = 0; i < n; i++)
            {
                scan_folder(&list, searched[i], 1, extension);
                free(searched[i]);
            }
            free(searched);
        }
        VariantClear(&paths);
    }
    for (i = 0; i < count; i++)
    {
        scan_folder(&list, extra[i], 1, extension);
        free(extra[i]);
    }
    free(extra);
    if (exclude_registered) drop_registered(&list);
    hr = variant_from_strings(list.paths, list.count, ret);
    for (i = 0; i < list.count; i++) free(list.paths[i]);
    free(list.paths);
    return hr;
}

static HRESULT WINAPI virtualpc_GetDVDFiles(IVMVirtualPC *iface, VARIANT inAdditionalSearchPaths,
                                            VARIANT *outDVDFileList)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_variant(&inAdditionalSearchPaths), outDVDFileList);

    return find_files(L".iso", &inAdditionalSearchPaths, FALSE, outDVDFileList);
}

static HRESULT WINAPI virtualpc_GetFloppyDiskFiles(IVMVirtualPC *iface,
                                                   VARIANT inAdditionalSearchPaths,
                                                   VARIANT *outFloppyDiskFileList)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_variant(&inAdditionalSearchPaths), outFloppyDiskFileList);

    /* Virtual PC's floppy disk images */
    return find_files(L".vfd", &inAdditionalSearchPaths, FALSE, outFloppyDiskFileList);
}

static HRESULT WINAPI virtualpc_GetFloppyDiskImageType(IVMVirtualPC *iface, BSTR imagePath,
                                                       VMFloppyDiskImageType *imageType)
{
    enum vpce_status status;
    uint64_t size;
    char *unix_path;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(imagePath), imageType);

    if (!imageType) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    if (FAILED(hr = unix_path_from_windows(imagePath, &unix_path, &IID_IVMVirtualPC))) return hr;
    status = vpce_file_size(unix_path, &size);
    free(unix_path);
    if (status) return vpc_engine_error(status, &IID_IVMVirtualPC);
    /* an image is known by its size: the formats have no header */
    *imageType = vpce_floppy_image_type(size);
    return S_OK;
}

static HRESULT WINAPI virtualpc_GetHardDisk(IVMVirtualPC *iface, BSTR imagePath,
                                            IVMHardDisk **hardDisk)
{
    struct vpce_disk_info info;
    enum vpce_status status;
    char *unix_path;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(imagePath), hardDisk);

    if (!hardDisk) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *hardDisk = NULL;
    if (FAILED(hr = unix_path_from_windows(imagePath, &unix_path, &IID_IVMVirtualPC))) return hr;
    if ((status = vpce_disk_get_info(unix_path, &info)))
    {
        free(unix_path);
        return vpc_engine_error(status, &IID_IVMVirtualPC);
    }
    vpce_disk_info_free(&info);
    hr = harddisk_create(imagePath, unix_path, hardDisk);
    free(unix_path);
    return hr;
}

static HRESULT WINAPI virtualpc_GetHardDiskFiles(IVMVirtualPC *iface,
                                                 VARIANT inAdditionalSearchPaths,
                                                 VARIANT *outHardDiskFileList)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_variant(&inAdditionalSearchPaths), outHardDiskFileList);

    return find_files(L".vhd", &inAdditionalSearchPaths, FALSE, outHardDiskFileList);
}

static HRESULT WINAPI virtualpc_GetVirtualMachineFiles(IVMVirtualPC *iface,
                                                       VARIANT inAdditionalSearchPaths,
                                                       VARIANT_BOOL inExcludedRegisteredVMs,
                                                       VARIANT *outVirtualMachineFileList)
{
    TRACE("%p, %s, %d, %p.\n", iface, debugstr_variant(&inAdditionalSearchPaths),
          inExcludedRegisteredVMs, outVirtualMachineFileList);

    return find_files(L".vmc", &inAdditionalSearchPaths, inExcludedRegisteredVMs, outVirtualMachineFileList);
}

static HRESULT WINAPI virtualpc_get_HostInfo(IVMVirtualPC *iface, IVMHostInfo **hostInfo)
{
    TRACE("%p, %p.\n", iface, hostInfo);

    if (!hostInfo) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    return hostinfo_create(hostInfo);
}

static HRESULT WINAPI virtualpc_get_MaximumFloppyDrivesPerVM(IVMVirtualPC *iface, LONG *maxDrives)
{
    TRACE("%p, %p.\n", iface, maxDrives);

    return return_long(vpce_get_limits()->max_floppy_drives, maxDrives, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumMemoryPerVM(IVMVirtualPC *iface, LONG *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_long(vpce_get_limits()->max_memory_mb, megabytesOfMemory, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumNetworkAdaptersPerVM(IVMVirtualPC *iface,
                                                                LONG *maxNetworkAdapters)
{
    TRACE("%p, %p.\n", iface, maxNetworkAdapters);

    return return_long(vpce_get_limits()->max_network_adapters, maxNetworkAdapters, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumNumberOfIDEBuses(IVMVirtualPC *iface, LONG *maxNumBuses)
{
    TRACE("%p, %p.\n", iface, maxNumBuses);

    return return_long(vpce_get_limits()->max_ide_buses, maxNumBuses, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumParallelPortsPerVM(IVMVirtualPC *iface, LONG *maxPorts)
{
    TRACE("%p, %p.\n", iface, maxPorts);

    return return_long(vpce_get_limits()->max_parallel_ports, maxPorts, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MaximumSerialPortsPerVM(IVMVirtualPC *iface, LONG *maxPorts)
{
    TRACE("%p, %p.\n", iface, maxPorts);

    return return_long(vpce_get_limits()->max_serial_ports, maxPorts, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_MinimumMemoryPerVM(IVMVirtualPC *iface, LONG *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_long(vpce_get_limits()->min_memory_mb, megabytesOfMemory, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_Name(IVMVirtualPC *iface, BSTR *virtualPCName)
{
    TRACE("%p, %p.\n", iface, virtualPCName);

    return return_string(VPCE_PRODUCT_NAME, virtualPCName, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_RegisterVirtualMachine(IVMVirtualPC *iface, BSTR configurationName,
                                                       BSTR configurationPath,
                                                       IVMVirtualMachine **virtualMachine)
{
    struct vpce_vmc *vmc;
    enum vpce_status status;
    char *vmc_path;
    HRESULT hr;

    TRACE("%p, %s, %s, %p.\n", iface, debugstr_w(configurationName), debugstr_w(configurationPath),
          virtualMachine);

    if (!virtualMachine) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *virtualMachine = NULL;
    if (FAILED(hr = init_machines())) return hr;
    if (FAILED(hr = vmc_path_from_arguments(configurationName, configurationPath, FALSE, &vmc_path)))
        return hr;
    /* a file Virtual PC can read: UTF-16 or UTF-8 XML, root <preferences> */
    if (!(status = vpce_vmc_load(vmc_path, &vmc)))
    {
        vpce_vmc_free(vmc);
        status = vpce_machines_add(vmc_path);
    }
    if (!status) hr = virtualmachine_create(vmc_path, virtualMachine);
    else hr = vpc_engine_error(status == VPCE_E_PREF_ILLEGAL_VALUE ? VPCE_E_INVALID_ARG : status,
                               &IID_IVMVirtualPC);
    free(vmc_path);
    return hr;
}

static HRESULT WINAPI virtualpc_RemoveConfigurationValue(IVMVirtualPC *iface, BSTR preferenceKey)
{
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(preferenceKey));

    if (FAILED(hr = init_machines())) return hr;
    if (FAILED(hr = option_key(preferenceKey, &key))) return hr;
    status = vpce_options_remove(key);
    free(key);
    return status ? vpc_engine_error(status, &IID_IVMVirtualPC) : S_OK;
}

static HRESULT WINAPI virtualpc_get_SearchPaths(IVMVirtualPC *iface, VARIANT *searchPaths)
{
    HRESULT hr;

    TRACE("%p, %p.\n", iface, searchPaths);

    if (!searchPaths) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    if (FAILED(hr = init_machines())) return hr;
    return get_search_paths(searchPaths);
}

static HRESULT WINAPI virtualpc_put_SearchPaths(IVMVirtualPC *iface, VARIANT searchPaths)
{
    struct vpce_value value = { VPCE_VALUE_STRING };
    WCHAR **paths = NULL;
    enum vpce_status status;
    size_t count = 0, i, len = 1;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_variant(&searchPaths));

    if (FAILED(hr = init_machines())) return hr;
    if (FAILED(hr = strings_from_variant(&searchPaths, &paths, &count))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        DWORD attributes;
        if (FAILED(hr = check_folder(paths[i]))) break;
        attributes = GetFileAttributesW(paths[i]);
        if (attributes == INVALID_FILE_ATTRIBUTES || !(attributes & FILE_ATTRIBUTE_DIRECTORY))
            hr = vpc_engine_error(VPCE_E_PATH_NOT_FOUND, &IID_IVMVirtualPC);
        len += lstrlenW(paths[i]) * 3 + 1;
    }
    /* kept as one string, the paths separated by ';' (no path holds one) */
    if (SUCCEEDED(hr) && !(value.string = calloc(1, len))) hr = E_OUTOFMEMORY;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        char *utf8 = utf8_from_wide(paths[i]);
        if (!utf8) { hr = E_OUTOFMEMORY; break; }
        if (i) strcat(value.string, ";");
        strcat(value.string, utf8);
        free(utf8);
    }
    for (i = 0; i < count; i++) free(paths[i]);
    free(paths);
    if (SUCCEEDED(hr) && (status = vpce_options_set(KEY_SEARCH_PATHS, &value)))
        hr = vpc_engine_error(status, &IID_IVMVirtualPC);
    vpce_value_clear(&value);
    return hr == E_OUTOFMEMORY ? vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC) : hr;
}

static HRESULT WINAPI virtualpc_SetConfigurationValue(IVMVirtualPC *iface, BSTR preferenceKey,
                                                      VARIANT preferenceValue)
{
    struct vpce_value value;
    enum vpce_status status;
    char *key;
    HRESULT hr;

    TRACE("%p, %s, %s.\n", iface, debugstr_w(preferenceKey), debugstr_variant(&preferenceValue));

    if (FAILED(hr = init_machines())) return hr;
    if (FAILED(hr = option_key(preferenceKey, &key))) return hr;
    if (SUCCEEDED(hr = value_from_variant(&preferenceValue, &value, &IID_IVMVirtualPC)))
    {
        status = vpce_options_set(key, &value);
        vpce_value_clear(&value);
        if (status) hr = vpc_engine_error(status, &IID_IVMVirtualPC);
    }
    free(key);
    return hr;
}

static HRESULT WINAPI virtualpc_get_SuggestedMaximumMemoryPerVM(IVMVirtualPC *iface,
                                                                LONG *megabytesOfMemory)
{
    TRACE("%p, %p.\n", iface, megabytesOfMemory);

    return return_long(vpce_get_limits()->suggested_max_memory_mb, megabytesOfMemory, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_Tasks(IVMVirtualPC *iface, IVMTaskCollection **taskCollection)
{
    HRESULT hr;

    TRACE("%p, %p.\n", iface, taskCollection);

    if (!taskCollection) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    if (FAILED(hr = task_collection_create(taskCollection)))
        return vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC);
    return S_OK;
}

static HRESULT WINAPI virtualpc_get_USBDeviceCollection(IVMVirtualPC *iface,
                                                        IVMUSBDeviceCollection **usbDeviceCollection)
{
    TRACE("%p, %p.\n", iface, usbDeviceCollection);

    if (!usbDeviceCollection) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *usbDeviceCollection = NULL;
    return usbdevice_collection_create(usbDeviceCollection);
}

static HRESULT WINAPI virtualpc_get_UnconnectedNetworkAdapters(IVMVirtualPC *iface,
                                                               IVMNetworkAdapterCollection **unconnectedNetworkAdapterCollection)
{
    HRESULT hr;

    TRACE("%p, %p.\n", iface, unconnectedNetworkAdapterCollection);

    if (!unconnectedNetworkAdapterCollection) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *unconnectedNetworkAdapterCollection = NULL;
    if (FAILED(hr = init_machines())) return hr;
    return networkadapters_of_network(NULL, unconnectedNetworkAdapterCollection, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_UnregisterVirtualMachine(IVMVirtualPC *iface,
                                                         IVMVirtualMachine *virtualMachine)
{
    TRACE("%p, %p.\n", iface, virtualMachine);

    return remove_machine(virtualMachine, FALSE);
}

static HRESULT WINAPI virtualpc_get_UpTime(IVMVirtualPC *iface, LONG *secondsAlive)
{
    TRACE("%p, %p.\n", iface, secondsAlive);

    return return_long(vpce_uptime(), secondsAlive, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_Version(IVMVirtualPC *iface, BSTR *version)
{
    TRACE("%p, %p.\n", iface, version);

    return return_string(VPCE_PRODUCT_VERSION, version, &IID_IVMVirtualPC);
}

static HRESULT WINAPI virtualpc_get_VirtualMachines(IVMVirtualPC *iface,
                                                    IVMVirtualMachineCollection **virtualMachineCollection)
{
    IVMVirtualMachine **machines = NULL;
    enum vpce_status status;
    char **paths;
    int count, created = 0, i;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, virtualMachineCollection);

    if (!virtualMachineCollection) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *virtualMachineCollection = NULL;
    if (FAILED(hr = init_machines())) return hr;
    if ((status = vpce_machines_list(&paths, &count))) return vpc_engine_error(status, &IID_IVMVirtualPC);
    if (count && !(machines = calloc(count, sizeof(*machines)))) hr = E_OUTOFMEMORY;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
        if (SUCCEEDED(hr = virtualmachine_create(paths[i], &machines[created]))) created++;
    vpce_machines_list_free(paths, count);
    if (SUCCEEDED(hr))
        hr = collection_create(IVMVirtualMachineCollection_tid, (IDispatch **)machines, created,
                               (IDispatch **)virtualMachineCollection);
    for (i = 0; i < created; i++) IVMVirtualMachine_Release(machines[i]);
    free(machines);
    return FAILED(hr) ? vpc_engine_error(VPCE_E_NOMEM, &IID_IVMVirtualPC) : S_OK;
}

static HRESULT WINAPI virtualpc_get_VirtualNetworks(IVMVirtualPC *iface,
                                                    IVMVirtualNetworkCollection **virtualNetworkCollection)
{
    HRESULT hr;

    TRACE("%p, %p.\n", iface, virtualNetworkCollection);

    if (!virtualNetworkCollection) return vpc_error(E_POINTER, &IID_IVMVirtualPC, L"NULL pointer.");
    *virtualNetworkCollection = NULL;
    /* the networks' adapters are those of the registered machines */
    if (FAILED(hr = init_machines())) return hr;
    return virtualnetwork_collection(virtualNetworkCollection);
}
static const IVMVirtualPCVtbl virtualpc_vtbl =
{
    VPC_DISPATCH_VTBL_ENTRIES(virtualpc),
    virtualpc_CreateDifferencingVirtualHardDisk,
    virtualpc_CreateDynamicVirtualHardDisk,
    virtualpc_CreateFixedVirtualHardDisk,
    virtualpc_CreateFloppyDiskImage,
    virtualpc_CreateVirtualMachine,
    virtualpc_get_DefaultVMConfigurationPath,
    virtualpc_put_DefaultVMConfigurationPath,
    virtualpc_DeleteVirtualMachine,
    virtualpc_FindVirtualMachine,
    virtualpc_FindVirtualNetwork,
    virtualpc_GetConfigurationValue,
    virtualpc_GetDVDFiles,
    virtualpc_GetFloppyDiskFiles,
    virtualpc_GetFloppyDiskImageType,
    virtualpc_GetHardDisk,
    virtualpc_GetHardDiskFiles,
    virtualpc_GetVirtualMachineFiles,
    virtualpc_get_HostInfo,
    virtualpc_get_MaximumFloppyDrivesPerVM,
    virtualpc_get_MaximumMemoryPerVM,
    virtualpc_get_MaximumNetworkAdaptersPerVM,
    virtualpc_get_MaximumNumberOfIDEBuses,
    virtualpc_get_MaximumParallelPortsPerVM,
    virtualpc_get_MaximumSerialPortsPerVM,
    virtualpc_get_MinimumMemoryPerVM,
    virtualpc_get_Name,
    virtualpc_RegisterVirtualMachine,
    virtualpc_RemoveConfigurationValue,
    virtualpc_get_SearchPaths,
    virtualpc_put_SearchPaths,
    virtualpc_SetConfigurationValue,
    virtualpc_get_SuggestedMaximumMemoryPerVM,
    virtualpc_get_Tasks,
    virtualpc_get_USBDeviceCollection,
    virtualpc_get_UnconnectedNetworkAdapters,
    virtualpc_UnregisterVirtualMachine,
    virtualpc_get_UpTime,
    virtualpc_get_Version,
    virtualpc_get_VirtualMachines,
    virtualpc_get_VirtualNetworks
};

static void virtualpc_destroy(struct vpc_object *object)
{
    struct virtualpc *virtualpc = CONTAINING_RECORD(object, struct virtualpc, base);

    event_source_cleanup(&virtualpc->events);
    free(virtualpc);
}

static HRESULT virtualpc_query_interface(struct vpc_object *object, REFIID riid, void **obj)
{
    return event_source_query_interface(&CONTAINING_RECORD(object, struct virtualpc, base)->events, riid, obj);
}

/* The prefix whose drive letters map the Windows paths in disks' parent
 * locators: the one this process runs in. */
static void init_wine_prefix(void)
{
    static LONG done;
    char *drive_c, *end;

    if (InterlockedExchange(&done, 1)) return;
    if (!(drive_c = wine_get_unix_file_name(L"C:\\"))) return;
    if ((end = strstr(drive_c, "/dosdevices/")))
    {
        *end = 0;
        vpce_set_wine_prefix(drive_c);
    }
    HeapFree(GetProcessHeap(), 0, drive_c);
}

static const struct vpc_object_funcs virtualpc_funcs =
{
    virtualpc_destroy,
    virtualpc_query_interface,
};

HRESULT VMVirtualPC_create(REFIID riid, void **obj)
{
    struct virtualpc *virtualpc;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), obj);

    if (!(virtualpc = calloc(1, sizeof(*virtualpc)))) return E_OUTOFMEMORY;
    vpc_object_init(&virtualpc->base, &virtualpc_vtbl, IVMVirtualPC_tid, &virtualpc_funcs);
    event_source_init(&virtualpc->events, &virtualpc->base, IVMVirtualPCEvents_tid, NULL, NULL);
    vpce_uptime();  /* UpTime counts from the first application object */
    init_wine_prefix();

    hr = IDispatch_QueryInterface(&virtualpc->base.IDispatch_iface, riid, obj);
    IDispatch_Release(&virtualpc->base.IDispatch_iface);
    return hr;
}
