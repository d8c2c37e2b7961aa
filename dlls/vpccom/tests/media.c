/*
 * Conformance tests of removable media and ports: IVMDVDDrive, IVMFloppyDrive,
 * floppy disk images, IVMSerialPort, IVMParallelPort and USB devices
 *
 * Every test runs on a machine that is off: none is started.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#define COBJMACROS

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "winuser.h"
#include "ole2.h"
#include "vpccominterfaces.h"

#include "wine/test.h"
#include "vpccom_test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static WCHAR folder[MAX_PATH];
static WCHAR vm_name[64];


static BSTR file_path(const WCHAR *name)
{
    WCHAR path[MAX_PATH];

    wsprintfW(path, L"%s\\%s", folder, name);
    return SysAllocString(path);
}

static BOOL file_exists(const WCHAR *name)
{
    BSTR path = file_path(name);
    BOOL ret = GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;

    SysFreeString(path);
    return ret;
}

/* The size of a file of the folder, -1 when there is none. */
static LONGLONG file_size(const WCHAR *name)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    BSTR path = file_path(name);
    LONGLONG ret = -1;

    if (GetFileAttributesExW(path, GetFileExInfoStandard, &data))
        ret = ((LONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
    SysFreeString(path);
    return ret;
}

static void write_file(const WCHAR *name, const char *data, DWORD size)
{
    BSTR path = file_path(name);
    DWORD written;
    HANDLE file;

    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "CreateFile failed, error %lu.\n", GetLastError());
    WriteFile(file, data, size, &written, NULL);
    CloseHandle(file);
    SysFreeString(path);
}

static void delete_files(void)
{
    WCHAR pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find;

    wsprintfW(pattern, L"%s\\*", folder);
    if ((find = FindFirstFileW(pattern, &data)) == INVALID_HANDLE_VALUE) return;
    do
    {
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
        wsprintfW(path, L"%s\\%s", folder, data.cFileName);
        DeleteFileW(path);
    } while (FindNextFileW(find, &data));
    FindClose(find);
}

/* A path longer than MAX_PATH in the folder. */
static BSTR long_path(const WCHAR *ext)
{
    WCHAR text[MAX_PATH + 32];

    lstrcpyW(text, folder);
    while (lstrlenW(text) < MAX_PATH + 4) lstrcatW(text, L"\\x");
    lstrcatW(text, ext);
    return SysAllocString(text);
}

/* A drive letter of the host that is not of that type, or 0. */
static WCHAR other_drive_letter(UINT type)
{
    WCHAR root[4] = L"C:\\";

    for (root[0] = 'C'; root[0] <= 'Z'; root[0]++)
    {
        UINT t = GetDriveTypeW(root);
        if (t != type && t != DRIVE_REMOVABLE && t != DRIVE_CDROM && t != DRIVE_NO_ROOT_DIR) return root[0];
    }
    return 0;
}

/* A drive letter of the host of that type, or 0. */
static WCHAR drive_letter_of_type(UINT type)
{
    WCHAR root[4] = L"A:\\";

    for (root[0] = 'A'; root[0] <= 'Z'; root[0]++)
        if (GetDriveTypeW(root) == type) return root[0];
    return 0;
}


/* ---- floppy disk images --------------------------------------------- */

static void test_floppy_images(IVMVirtualPC *vpc)
{
    static const LONGLONG sizes[] = { 0, 737280, 1474560, 1720320, 368640, 1228800, 1884160 };
    VMFloppyDiskImageType type;
    WCHAR name[32];
    BSTR path;
    HRESULT hr;
    LONGLONG size;
    int i;

    for (i = vmFloppyDiskImage_LowDensity; i <= vmFloppyDiskImage_HighDensityMSS; i++)
    {
        winetest_push_context("type %d", i);
        wsprintfW(name, L"floppy%d.vfd", i);
        path = file_path(name);
        hr = IVMVirtualPC_CreateFloppyDiskImage(vpc, path, i);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        size = file_size(name);
        ok(size == sizes[i] || broken(i == vmFloppyDiskImage_HighDensityMSS && size > 0),
           "Got size %s.\n", wine_dbgstr_longlong(size));
        type = -1;
        hr = IVMVirtualPC_GetFloppyDiskImageType(vpc, path, &type);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(type == i || broken(i == vmFloppyDiskImage_HighDensityMSS && size != sizes[i]),
           "Got type %d.\n", type);

        /* it is there already */
        SetErrorInfo(0, NULL);
        hr = IVMVirtualPC_CreateFloppyDiskImage(vpc, path, i);
        ok(hr == HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS), "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMVirtualPC);
        ok(file_size(name) == size, "The image changed.\n");

        hr = IVMVirtualPC_GetFloppyDiskImageType(vpc, path, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMVirtualPC);
        SysFreeString(path);
        winetest_pop_context();
    }

    /* types beyond the enumeration */
    path = file_path(L"bad type.vfd");
    SetErrorInfo(0, NULL);
    hr = IVMVirtualPC_CreateFloppyDiskImage(vpc, path, vmFloppyDiskImage_Unknown);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualPC);
    hr = IVMVirtualPC_CreateFloppyDiskImage(vpc, path, 7);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualPC);
    ok(!file_exists(L"bad type.vfd"), "The image was made.\n");
    SysFreeString(path);

    hr = IVMVirtualPC_CreateFloppyDiskImage(vpc, NULL, vmFloppyDiskImage_HighDensity);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualPC);

    path = file_path(L"no such folder\\floppy.vfd");
    hr = IVMVirtualPC_CreateFloppyDiskImage(vpc, path, vmFloppyDiskImage_HighDensity);
    ok(hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualPC);
    type = -1;
    hr = IVMVirtualPC_GetFloppyDiskImageType(vpc, path, &type);
    ok(hr == HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualPC);
    SysFreeString(path);

    path = file_path(L"missing.vfd");
    hr = IVMVirtualPC_GetFloppyDiskImageType(vpc, path, &type);
    ok(hr == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualPC);
    SysFreeString(path);

    /* a NULL BSTR is an empty string */
    hr = IVMVirtualPC_GetFloppyDiskImageType(vpc, NULL, &type);
    ok(hr == E_POINTER || hr == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualPC);

    /* the type is told by the size */
    write_file(L"other.vfd", "not a floppy disk", 17);
    path = file_path(L"other.vfd");
    type = -1;
    hr = IVMVirtualPC_GetFloppyDiskImageType(vpc, path, &type);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(type == vmFloppyDiskImage_Unknown, "Got type %d.\n", type);
    SysFreeString(path);
    SetErrorInfo(0, NULL);
}

/* ---- DVD drives ------------------------------------------------------ */

static LONG dvd_count(IVMVirtualMachine *vm)
{
    IVMDVDDriveCollection *collection = NULL;
    LONG count = -1;
    HRESULT hr;

    hr = IVMVirtualMachine_get_DVDROMDrives(vm, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return -1;
    hr = IVMDVDDriveCollection_get_Count(collection, &count);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IVMDVDDriveCollection_Release(collection);
    return count;
}

#define check_dvd_attachment(a, b) check_dvd_attachment_(__LINE__, a, b)
static void check_dvd_attachment_(unsigned int line, IVMDVDDrive *drive, VMDVDDriveAttachmentType expected)
{
    VMDVDDriveAttachmentType attachment = -1;
    HRESULT hr;

    hr = IVMDVDDrive_get_Attachment(drive, &attachment);
    ok_(__FILE__, line)(hr == S_OK && attachment == expected, "Got hr %#lx, attachment %d.\n", hr, attachment);
}

#define check_dvd_location(a, b, c) check_dvd_location_(__LINE__, a, b, c)
static void check_dvd_location_(unsigned int line, IVMDVDDrive *drive, LONG bus, LONG device)
{
    LONG value;
    HRESULT hr;

    value = -1;
    hr = IVMDVDDrive_get_BusNumber(drive, &value);
    ok_(__FILE__, line)(hr == S_OK && value == bus, "Got hr %#lx, bus %ld.\n", hr, value);
    value = -1;
    hr = IVMDVDDrive_get_DeviceNumber(drive, &value);
    ok_(__FILE__, line)(hr == S_OK && value == device, "Got hr %#lx, device %ld.\n", hr, value);
}

/* Removes the drives a new machine may come with. */
static void remove_dvd_drives(IVMVirtualMachine *vm)
{
    IVMDVDDriveCollection *collection = NULL;
    IVMDVDDrive *drive;
    LONG count = 0;
    HRESULT hr;

    hr = IVMVirtualMachine_get_DVDROMDrives(vm, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return;
    IVMDVDDriveCollection_get_Count(collection, &count);
    while (count-- > 0)
    {
        drive = NULL;
        hr = IVMDVDDriveCollection_get_Item(collection, 1, &drive);
        ok(hr == S_OK && drive, "Got hr %#lx.\n", hr);
        if (!drive) break;
        hr = IVMVirtualMachine_RemoveDVDROMDrive(vm, drive);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        IVMDVDDrive_Release(drive);
    }
    IVMDVDDriveCollection_Release(collection);
}

static void test_dvd_collection(IVMVirtualMachine *vm, IVMDVDDrive *expected)
{
    IVMDVDDriveCollection *collection = NULL;
    IVMDVDDrive *drive;
    IEnumVARIANT *enumerator;
    LONG count = -1, bus, device, expected_bus = -1, expected_device = -1;
    IUnknown *unk;
    ULONG fetched;
    VARIANT var;
    HRESULT hr;
    int i;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_DVDROMDrives(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    hr = IVMVirtualMachine_get_DVDROMDrives(vm, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return;
    hr = IVMDVDDriveCollection_get_Count(collection, &count);
    ok(hr == S_OK && count == 1, "Got hr %#lx, count %ld.\n", hr, count);
    hr = IVMDVDDriveCollection_get_Count(collection, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    IVMDVDDrive_get_BusNumber(expected, &expected_bus);
    IVMDVDDrive_get_DeviceNumber(expected, &expected_device);
    drive = NULL;
    hr = IVMDVDDriveCollection_get_Item(collection, 1, &drive);
    ok(hr == S_OK && drive, "Got hr %#lx.\n", hr);
    if (drive)
    {
        check_dvd_location(drive, expected_bus, expected_device);
        IVMDVDDrive_Release(drive);
    }
    drive = (IVMDVDDrive *)0xdeadbeef;
    hr = IVMDVDDriveCollection_get_Item(collection, 0, &drive);
    ok(hr == DISP_E_BADINDEX, "Got hr %#lx.\n", hr);
    hr = IVMDVDDriveCollection_get_Item(collection, 2, &drive);
    ok(hr == DISP_E_BADINDEX, "Got hr %#lx.\n", hr);
    hr = IVMDVDDriveCollection_get_Item(collection, 1, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    hr = IVMDVDDriveCollection_get__NewEnum(collection, &unk);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&enumerator);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        IUnknown_Release(unk);
        for (i = 0; SUCCEEDED(hr) && IEnumVARIANT_Next(enumerator, 1, &var, &fetched) == S_OK; i++)
        {
            ok(V_VT(&var) == VT_DISPATCH, "Got type %d.\n", V_VT(&var));
            if (V_VT(&var) == VT_DISPATCH
                    && SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&var), &IID_IVMDVDDrive, (void **)&drive)))
            {
                bus = device = -1;
                IVMDVDDrive_get_BusNumber(drive, &bus);
                IVMDVDDrive_get_DeviceNumber(drive, &device);
                ok(bus == expected_bus && device == expected_device, "Got %ld, %ld.\n", bus, device);
                IVMDVDDrive_Release(drive);
            }
            VariantClear(&var);
        }
        ok(i == 1, "Enumerated %d.\n", i);
        if (SUCCEEDED(hr)) IEnumVARIANT_Release(enumerator);
    }
    IVMDVDDriveCollection_Release(collection);
}

/* Every member of a drive that is no longer there. */
static void test_dvd_invalid(IVMVirtualMachine *vm, IVMDVDDrive *drive)
{
    VMDVDDriveAttachmentType attachment;
    BSTR path, str;
    LONG value;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    path = file_path(L"disc.iso");
    hr = IVMDVDDrive_AttachImage(drive, path);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(path);
    hr = IVMDVDDrive_get_Attachment(drive, &attachment);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_get_BusNumber(drive, &value);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_get_DeviceNumber(drive, &value);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    str = (BSTR)0xdeadbeef;
    hr = IVMDVDDrive_get_ImageFile(drive, &str);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_ReleaseImage(drive);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_ReleaseHostDrive(drive);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_SetBusLocation(drive, 1, 1);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMVirtualMachine_RemoveDVDROMDrive(vm, drive);
    ok(hr == VM_E_DRIVE_INVALID, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
}

static void test_dvd_media(IVMDVDDrive *drive)
{
    WCHAR letter[4], cd;
    BSTR path, str;
    HRESULT hr;

    /* an empty drive */
    check_dvd_attachment(drive, vmDVDDrive_None);
    SetErrorInfo(0, NULL);
    str = NULL;
    hr = IVMDVDDrive_get_ImageFile(drive, &str);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(str);
    str = NULL;
    hr = IVMDVDDrive_get_HostDriveLetter(drive, &str);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(str);
    hr = IVMDVDDrive_ReleaseImage(drive);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_ReleaseHostDrive(drive);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_get_Attachment(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_get_ImageFile(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_get_HostDriveLetter(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    hr = IVMDVDDrive_get_BusNumber(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);

    /* AttachImage */
    hr = IVMDVDDrive_AttachImage(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    path = SysAllocString(folder);
    hr = IVMDVDDrive_AttachImage(drive, path);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(path);
    check_dvd_attachment(drive, vmDVDDrive_None);

    /* AttachHostDrive: a drive letter that is no DVD drive of the host */
    hr = IVMDVDDrive_AttachHostDrive(drive, NULL);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    if ((letter[0] = other_drive_letter(DRIVE_CDROM)))
    {
        letter[1] = ':';
        letter[2] = 0;
        str = SysAllocString(letter);
        hr = IVMDVDDrive_AttachHostDrive(drive, str);
        ok(hr == E_INVALIDARG, "%s: got hr %#lx.\n", wine_dbgstr_w(str), hr);
        check_error_info(&IID_IVMDVDDrive);
        SysFreeString(str);
    }
    check_dvd_attachment(drive, vmDVDDrive_None);

    write_file(L"disc.iso", "not really a disc", 17);
    write_file(L"disc2.iso", "not really a disc", 17);
    path = file_path(L"disc.iso");
    hr = IVMDVDDrive_AttachImage(drive, path);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_dvd_attachment(drive, vmDVDDrive_Image);
    str = NULL;
    hr = IVMDVDDrive_get_ImageFile(drive, &str);
    ok(hr == S_OK && str && !lstrcmpiW(str, path), "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);

    /* the media are in */
    SetErrorInfo(0, NULL);
    hr = IVMDVDDrive_AttachImage(drive, path);
    ok(hr == VM_E_DRIVE_IN_USE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(path);
    path = file_path(L"disc2.iso");
    hr = IVMDVDDrive_AttachImage(drive, path);
    ok(hr == VM_E_DRIVE_IN_USE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(path);
    if ((cd = drive_letter_of_type(DRIVE_CDROM)))
    {
        letter[0] = cd;
        letter[1] = 0;
        str = SysAllocString(letter);
        hr = IVMDVDDrive_AttachHostDrive(drive, str);
        ok(hr == VM_E_DRIVE_IN_USE, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMDVDDrive);
        SysFreeString(str);
    }
    str = NULL;
    hr = IVMDVDDrive_get_HostDriveLetter(drive, &str);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(str);
    hr = IVMDVDDrive_ReleaseHostDrive(drive);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    check_dvd_attachment(drive, vmDVDDrive_Image);

    hr = IVMDVDDrive_ReleaseImage(drive);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_dvd_attachment(drive, vmDVDDrive_None);
    hr = IVMDVDDrive_ReleaseImage(drive);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);

    /* a DVD drive of the host */
    if (!cd)
    {
        skip("The host has no DVD drive.\n");
        return;
    }
    letter[0] = cd;
    letter[1] = ':';
    letter[2] = 0;
    str = SysAllocString(letter);
    hr = IVMDVDDrive_AttachHostDrive(drive, str);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(str);
    if (FAILED(hr)) return;
    check_dvd_attachment(drive, vmDVDDrive_HostDrive);
    str = NULL;
    hr = IVMDVDDrive_get_HostDriveLetter(drive, &str);
    ok(hr == S_OK && str && str[0] == cd, "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);
    SetErrorInfo(0, NULL);
    str = NULL;
    hr = IVMDVDDrive_get_ImageFile(drive, &str);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(str);
    hr = IVMDVDDrive_ReleaseImage(drive);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    path = file_path(L"disc.iso");
    hr = IVMDVDDrive_AttachImage(drive, path);
    ok(hr == VM_E_DRIVE_IN_USE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMDVDDrive);
    SysFreeString(path);
    hr = IVMDVDDrive_ReleaseHostDrive(drive);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_dvd_attachment(drive, vmDVDDrive_None);
}

static void test_dvd_drives(IVMVirtualMachine *vm)
{
    static const struct
    {
        LONG bus, device;
    }
    bad_locations[] =
    {
        { -1, 0 }, { 2, 0 }, { 0, -1 }, { 0, 2 }, { 100, 100 },
    };
    IVMDVDDrive *drive, *drive0 = NULL, *drive1 = NULL;
    HRESULT hr;
    int i;

    remove_dvd_drives(vm);
    ok(dvd_count(vm) == 0, "Got %ld drives.\n", dvd_count(vm));

    /* AddDVDROMDrive */
    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 0, 1, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    for (i = 0; i < ARRAY_SIZE(bad_locations); i++)
    {
        winetest_push_context("bus %ld, device %ld", bad_locations[i].bus, bad_locations[i].device);
        drive = (IVMDVDDrive *)0xdeadbeef;
        hr = IVMVirtualMachine_AddDVDROMDrive(vm, bad_locations[i].bus, bad_locations[i].device, &drive);
        ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
        ok(!drive || broken(drive == (IVMDVDDrive *)0xdeadbeef), "Got %p.\n", drive);
        check_error_info(&IID_IVMVirtualMachine);
        winetest_pop_context();
    }
    ok(dvd_count(vm) == 0, "Got %ld drives.\n", dvd_count(vm));

    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 0, 1, &drive0);
    ok(hr == S_OK && drive0, "Got hr %#lx.\n", hr);
    if (!drive0) return;
    check_dvd_location(drive0, 0, 1);

    drive = (IVMDVDDrive *)0xdeadbeef;
    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 0, 1, &drive);
    ok(hr == VM_E_DRIVE_BUS_LOC_IN_USE, "Got hr %#lx.\n", hr);
    ok(!drive || broken(drive == (IVMDVDDrive *)0xdeadbeef), "Got %p.\n", drive);
    check_error_info(&IID_IVMVirtualMachine);
    test_dvd_collection(vm, drive0);

    test_dvd_media(drive0);

    /* SetBusLocation */
    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 1, 1, &drive1);
    ok(hr == S_OK && drive1, "Got hr %#lx.\n", hr);
    ok(dvd_count(vm) == 2, "Got %ld drives.\n", dvd_count(vm));
    SetErrorInfo(0, NULL);
    for (i = 0; i < ARRAY_SIZE(bad_locations); i++)
    {
        winetest_push_context("bus %ld, device %ld", bad_locations[i].bus, bad_locations[i].device);
        hr = IVMDVDDrive_SetBusLocation(drive0, bad_locations[i].bus, bad_locations[i].device);
        ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMDVDDrive);
        winetest_pop_context();
    }
    check_dvd_location(drive0, 0, 1);
    if (drive1)
    {
        hr = IVMDVDDrive_SetBusLocation(drive0, 1, 1);
        ok(hr == VM_E_DRIVE_BUS_LOC_IN_USE, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMDVDDrive);
        check_dvd_location(drive0, 0, 1);
        check_dvd_location(drive1, 1, 1);
    }
    hr = IVMDVDDrive_SetBusLocation(drive0, 1, 0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_dvd_location(drive0, 1, 0);
    check_dvd_attachment(drive0, vmDVDDrive_None);

    /* the media move with the drive */
    {
        BSTR path = file_path(L"disc.iso"), str = NULL;

        hr = IVMDVDDrive_AttachImage(drive0, path);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        hr = IVMDVDDrive_SetBusLocation(drive0, 0, 0);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_dvd_location(drive0, 0, 0);
        hr = IVMDVDDrive_get_ImageFile(drive0, &str);
        ok(hr == S_OK && str && !lstrcmpiW(str, path), "Got hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
        SysFreeString(str);
        SysFreeString(path);
    }

    /* RemoveDVDROMDrive */
    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_RemoveDVDROMDrive(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    if (drive1)
    {
        hr = IVMVirtualMachine_RemoveDVDROMDrive(vm, drive1);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        ok(dvd_count(vm) == 1, "Got %ld drives.\n", dvd_count(vm));
        test_dvd_invalid(vm, drive1);
        IVMDVDDrive_Release(drive1);
    }

    /* a drive removed while an image is in */
    hr = IVMVirtualMachine_RemoveDVDROMDrive(vm, drive0);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    ok(dvd_count(vm) == 0, "Got %ld drives.\n", dvd_count(vm));
    ok(file_exists(L"disc.iso"), "The image is gone.\n");
    test_dvd_invalid(vm, drive0);

    /* another drive at its location is not that object's */
    drive = NULL;
    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 0, 0, &drive);
    ok(hr == S_OK && drive, "Got hr %#lx.\n", hr);
    if (drive)
    {
        check_dvd_attachment(drive, vmDVDDrive_None);
        check_dvd_location(drive0, 0, 0);
        hr = IVMVirtualMachine_RemoveDVDROMDrive(vm, drive);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        IVMDVDDrive_Release(drive);
    }
    IVMDVDDrive_Release(drive0);
    SetErrorInfo(0, NULL);
}

/* ---- the floppy drive ------------------------------------------------ */

#define check_floppy_attachment(a, b) check_floppy_attachment_(__LINE__, a, b)
static void check_floppy_attachment_(unsigned int line, IVMFloppyDrive *drive,
                                     VMFloppyDriveAttachmentType expected)
{
    VMFloppyDriveAttachmentType attachment = -1;
    HRESULT hr;

    hr = IVMFloppyDrive_get_Attachment(drive, &attachment);
    ok_(__FILE__, line)(hr == S_OK && attachment == expected, "Got hr %#lx, attachment %d.\n", hr, attachment);
}

#define check_floppy_image(a, b) check_floppy_image_(__LINE__, a, b)
static void check_floppy_image_(unsigned int line, IVMFloppyDrive *drive, const WCHAR *name)
{
    BSTR path = file_path(name), str = NULL;
    HRESULT hr;

    check_floppy_attachment_(line, drive, vmFloppyDrive_Image);
    hr = IVMFloppyDrive_get_ImageFile(drive, &str);
    ok_(__FILE__, line)(hr == S_OK && str && !lstrcmpiW(str, path), "Got hr %#lx, %s.\n", hr,
                        wine_dbgstr_w(str));
    SysFreeString(str);
    SysFreeString(path);
}

static IVMFloppyDrive *get_floppy_drive(IVMVirtualMachine *vm)
{
    IVMFloppyDriveCollection *collection = NULL;
    IVMFloppyDrive *drive = NULL;
    HRESULT hr;

    hr = IVMVirtualMachine_get_FloppyDrives(vm, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return NULL;
    hr = IVMFloppyDriveCollection_get_Item(collection, 1, &drive);
    ok(hr == S_OK && drive, "Got hr %#lx.\n", hr);
    IVMFloppyDriveCollection_Release(collection);
    return drive;
}

static void test_floppy_drive(IVMVirtualMachine *vm)
{
    IVMFloppyDriveCollection *collection = NULL;
    IVMFloppyDrive *drive = NULL;
    WCHAR letter[4];
    BSTR path, str;
    LONG value;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_FloppyDrives(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    hr = IVMVirtualMachine_get_FloppyDrives(vm, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return;
    value = -1;
    hr = IVMFloppyDriveCollection_get_Count(collection, &value);
    ok(hr == S_OK && value == 1, "Got hr %#lx, count %ld.\n", hr, value);
    hr = IVMFloppyDriveCollection_get_Item(collection, 1, &drive);
    ok(hr == S_OK && drive, "Got hr %#lx.\n", hr);
    {
        IVMFloppyDrive *other = (IVMFloppyDrive *)0xdeadbeef;

        hr = IVMFloppyDriveCollection_get_Item(collection, 2, &other);
        ok(hr == DISP_E_BADINDEX, "Got hr %#lx.\n", hr);
        hr = IVMFloppyDriveCollection_get_Item(collection, 0, &other);
        ok(hr == DISP_E_BADINDEX, "Got hr %#lx.\n", hr);
    }
    IVMFloppyDriveCollection_Release(collection);
    if (!drive) return;

    value = -1;
    hr = IVMFloppyDrive_get_DriveNumber(drive, &value);
    ok(hr == S_OK && !value, "Got hr %#lx, %ld.\n", hr, value);
    hr = IVMFloppyDrive_get_DriveNumber(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    check_floppy_attachment(drive, vmFloppyDrive_None);
    hr = IVMFloppyDrive_get_Attachment(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    hr = IVMFloppyDrive_get_ImageFile(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    hr = IVMFloppyDrive_get_HostDriveLetter(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);

    /* an empty drive */
    hr = IVMFloppyDrive_ReleaseImage(drive);
    ok(hr == VM_E_NO_MEDIA_CAPTURED, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    hr = IVMFloppyDrive_ReleaseHostDrive(drive);
    ok(hr == VM_E_NO_MEDIA_CAPTURED, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);

    /* bad paths */
    hr = IVMFloppyDrive_AttachImage(drive, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    path = long_path(L".vfd");
    hr = IVMFloppyDrive_AttachImage(drive, path);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    SysFreeString(path);
    path = SysAllocString(L"floppy2.vfd");
    hr = IVMFloppyDrive_AttachImage(drive, path);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    SysFreeString(path);
    path = file_path(L"floppy|2.vfd");
    hr = IVMFloppyDrive_AttachImage(drive, path);
    ok(hr == HRESULT_FROM_WIN32(ERROR_INVALID_NAME), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    SysFreeString(path);
    path = SysAllocString(folder);
    hr = IVMFloppyDrive_AttachImage(drive, path);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    SysFreeString(path);

    /* a drive letter that is no floppy drive of the host */
    hr = IVMFloppyDrive_AttachHostDrive(drive, NULL);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    if ((letter[0] = other_drive_letter(DRIVE_REMOVABLE)))
    {
        letter[1] = ':';
        letter[2] = 0;
        str = SysAllocString(letter);
        hr = IVMFloppyDrive_AttachHostDrive(drive, str);
        ok(hr == E_INVALIDARG, "%s: got hr %#lx.\n", wine_dbgstr_w(str), hr);
        check_error_info(&IID_IVMFloppyDrive);
        SysFreeString(str);
    }
    check_floppy_attachment(drive, vmFloppyDrive_None);

    /* AttachImage */
    path = file_path(L"floppy2.vfd");
    hr = IVMFloppyDrive_AttachImage(drive, path);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    check_floppy_image(drive, L"floppy2.vfd");
    SetErrorInfo(0, NULL);
    hr = IVMFloppyDrive_ReleaseHostDrive(drive);
    ok(hr == VM_E_MEDIA_WRONG_TYPE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);
    check_floppy_image(drive, L"floppy2.vfd");

    /* another image takes its place */
    path = file_path(L"floppy1.vfd");
    hr = IVMFloppyDrive_AttachImage(drive, path);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    check_floppy_image(drive, L"floppy1.vfd");

    /* a new object sees the same drive */
    {
        IVMFloppyDrive *other = get_floppy_drive(vm);

        if (other)
        {
            check_floppy_image(other, L"floppy1.vfd");
            IVMFloppyDrive_Release(other);
        }
    }

    hr = IVMFloppyDrive_ReleaseImage(drive);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_floppy_attachment(drive, vmFloppyDrive_None);
    ok(file_exists(L"floppy1.vfd"), "The image is gone.\n");
    SetErrorInfo(0, NULL);
    hr = IVMFloppyDrive_ReleaseImage(drive);
    ok(hr == VM_E_NO_MEDIA_CAPTURED, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMFloppyDrive);

    IVMFloppyDrive_Release(drive);
    SetErrorInfo(0, NULL);
}

/* ---- serial and parallel ports -------------------------------------- */

#define check_serial_port(a, b, c, d) check_serial_port_(__LINE__, a, b, c, d)
static void check_serial_port_(unsigned int line, IVMSerialPort *port, VMSerialPortType type,
                               const WCHAR *name, VARIANT_BOOL immediately)
{
    VMSerialPortType value = -1;
    VARIANT_BOOL flag = 0x1234;
    BSTR str = NULL;
    HRESULT hr;

    hr = IVMSerialPort_get_Type(port, &value);
    ok_(__FILE__, line)(hr == S_OK && value == type, "Got hr %#lx, type %d.\n", hr, value);
    hr = IVMSerialPort_get_Name(port, &str);
    ok_(__FILE__, line)(hr == S_OK && str && !lstrcmpiW(str, name), "Got hr %#lx, %s.\n", hr,
                        wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IVMSerialPort_get_ConnectImmediately(port, &flag);
    ok_(__FILE__, line)(hr == S_OK && flag == immediately, "Got hr %#lx, %#x.\n", hr, flag);
}

static HRESULT configure(IVMSerialPort *port, VMSerialPortType type, const WCHAR *name, VARIANT_BOOL immediately)
{
    BSTR str = SysAllocString(name);
    HRESULT hr;

    hr = IVMSerialPort_Configure(port, type, str, immediately);
    SysFreeString(str);
    return hr;
}

static void get_serial_ports(IVMVirtualMachine *vm, IVMSerialPort **ports)
{
    IVMSerialPortCollection *collection = NULL;
    HRESULT hr;
    LONG i;

    ports[0] = ports[1] = NULL;
    hr = IVMVirtualMachine_get_SerialPorts(vm, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return;
    for (i = 0; i < 2; i++)
    {
        hr = IVMSerialPortCollection_get_Item(collection, i + 1, &ports[i]);
        ok(hr == S_OK && ports[i], "Got hr %#lx.\n", hr);
    }
    IVMSerialPortCollection_Release(collection);
}

static void test_serial_ports(IVMVirtualMachine *vm)
{
    IVMSerialPortCollection *collection = NULL;
    IVMSerialPort *ports[2] = { NULL, NULL }, *port;
    WCHAR text[MAX_PATH];
    BSTR path;
    LONG count, id, i;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_SerialPorts(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    hr = IVMVirtualMachine_get_SerialPorts(vm, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return;
    count = -1;
    hr = IVMSerialPortCollection_get_Count(collection, &count);
    ok(hr == S_OK && count == 2, "Got hr %#lx, count %ld.\n", hr, count);
    hr = IVMSerialPortCollection_get_Count(collection, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    for (i = 0; i < 2; i++)
    {
        hr = IVMSerialPortCollection_get_Item(collection, i + 1, &ports[i]);
        ok(hr == S_OK && ports[i], "Got hr %#lx.\n", hr);
        if (!ports[i]) continue;
        id = -1;
        hr = IVMSerialPort__ID(ports[i], &id);
        ok(hr == S_OK && id == i, "Got hr %#lx, id %ld.\n", hr, id);
    }
    port = (IVMSerialPort *)0xdeadbeef;
    hr = IVMSerialPortCollection_get_Item(collection, 3, &port);
    ok(hr == DISP_E_BADINDEX, "Got hr %#lx.\n", hr);
    hr = IVMSerialPortCollection_get_Item(collection, 0, &port);
    ok(hr == DISP_E_BADINDEX, "Got hr %#lx.\n", hr);
    IVMSerialPortCollection_Release(collection);
    if (!ports[0] || !ports[1]) goto done;

    /* bad arguments */
    SetErrorInfo(0, NULL);
    hr = IVMSerialPort_Configure(ports[0], vmSerialPort_HostPort, NULL, VARIANT_FALSE);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    hr = configure(ports[0], 4, L"COM1", VARIANT_FALSE);
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    hr = configure(ports[0], vmSerialPort_TextFile, L"com.txt", VARIANT_FALSE);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BAD_PATHNAME), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    wsprintfW(text, L"%s\\com|1.txt", folder);
    hr = configure(ports[0], vmSerialPort_TextFile, text, VARIANT_FALSE);
    ok(hr == HRESULT_FROM_WIN32(ERROR_INVALID_NAME), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    path = long_path(L".txt");
    hr = IVMSerialPort_Configure(ports[0], vmSerialPort_TextFile, path, VARIANT_FALSE);
    ok(hr == HRESULT_FROM_WIN32(ERROR_BUFFER_OVERFLOW), "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    SysFreeString(path);

    hr = IVMSerialPort__ID(ports[0], NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    hr = IVMSerialPort_get_Type(ports[0], NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    hr = IVMSerialPort_get_Name(ports[0], NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    hr = IVMSerialPort_get_ConnectImmediately(ports[0], NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);

    /* a text file */
    wsprintfW(text, L"%s\\com.txt", folder);
    hr = configure(ports[0], vmSerialPort_TextFile, text, VARIANT_TRUE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_serial_port(ports[0], vmSerialPort_TextFile, text, VARIANT_TRUE);
    SetErrorInfo(0, NULL);
    hr = configure(ports[1], vmSerialPort_TextFile, text, VARIANT_FALSE);
    ok(hr == VM_E_PREF_ILLEGAL_VALUE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    check_serial_port(ports[0], vmSerialPort_TextFile, text, VARIANT_TRUE);

    /* a host port */
    hr = configure(ports[0], vmSerialPort_HostPort, L"COM1", VARIANT_FALSE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_serial_port(ports[0], vmSerialPort_HostPort, L"COM1", VARIANT_FALSE);
    SetErrorInfo(0, NULL);
    hr = configure(ports[1], vmSerialPort_HostPort, L"COM1", VARIANT_TRUE);
    ok(hr == VM_E_PREF_ILLEGAL_VALUE, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMSerialPort);
    hr = configure(ports[1], vmSerialPort_HostPort, L"COM2", VARIANT_TRUE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_serial_port(ports[1], vmSerialPort_HostPort, L"COM2", VARIANT_TRUE);

    /* the file the other port used is free again */
    hr = configure(ports[1], vmSerialPort_TextFile, text, VARIANT_FALSE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_serial_port(ports[1], vmSerialPort_TextFile, text, VARIANT_FALSE);

    /* a named pipe */
    hr = configure(ports[0], vmSerialPort_NamedPipe, L"\\\\.\\pipe\\vpccom-media-test", VARIANT_TRUE);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_serial_port(ports[0], vmSerialPort_NamedPipe, L"\\\\.\\pipe\\vpccom-media-test", VARIANT_TRUE);

    /* new objects read the same settings */
    {
        IVMSerialPort *again[2];

        get_serial_ports(vm, again);
        if (again[0]) check_serial_port(again[0], vmSerialPort_NamedPipe,
                                        L"\\\\.\\pipe\\vpccom-media-test", VARIANT_TRUE);
        if (again[1]) check_serial_port(again[1], vmSerialPort_TextFile, text, VARIANT_FALSE);
        for (i = 0; i < 2; i++) if (again[i]) IVMSerialPort_Release(again[i]);
    }

    /* nothing */
    for (i = 0; i < 2; i++)
    {
        hr = configure(ports[i], vmSerialPort_Null, L"", VARIANT_FALSE);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        check_serial_port(ports[i], vmSerialPort_Null, L"", VARIANT_FALSE);
    }

done:
    for (i = 0; i < 2; i++) if (ports[i]) IVMSerialPort_Release(ports[i]);
    SetErrorInfo(0, NULL);
}

#define check_parallel_name(a, b) check_parallel_name_(__LINE__, a, b)
static void check_parallel_name_(unsigned int line, IVMParallelPort *port, const WCHAR *name)
{
    BSTR str = NULL;
    HRESULT hr;

    hr = IVMParallelPort_get_Name(port, &str);
    ok_(__FILE__, line)(hr == S_OK && str && !lstrcmpiW(str, name), "Got hr %#lx, %s.\n", hr,
                        wine_dbgstr_w(str));
    SysFreeString(str);
}

static HRESULT put_parallel_name(IVMParallelPort *port, const WCHAR *name)
{
    BSTR str = SysAllocString(name);
    HRESULT hr;

    hr = IVMParallelPort_put_Name(port, str);
    SysFreeString(str);
    return hr;
}

static void test_parallel_ports(IVMVirtualMachine *vm)
{
    IVMParallelPortCollection *collection = NULL;
    IVMParallelPort *port = NULL, *other;
    LONG count, id;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_get_ParallelPorts(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    hr = IVMVirtualMachine_get_ParallelPorts(vm, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return;
    count = -1;
    hr = IVMParallelPortCollection_get_Count(collection, &count);
    ok(hr == S_OK && count == 1, "Got hr %#lx, count %ld.\n", hr, count);
    hr = IVMParallelPortCollection_get_Item(collection, 1, &port);
    ok(hr == S_OK && port, "Got hr %#lx.\n", hr);
    other = (IVMParallelPort *)0xdeadbeef;
    hr = IVMParallelPortCollection_get_Item(collection, 2, &other);
    ok(hr == DISP_E_BADINDEX, "Got hr %#lx.\n", hr);
    IVMParallelPortCollection_Release(collection);
    if (!port) return;

    id = -1;
    hr = IVMParallelPort__ID(port, &id);
    ok(hr == S_OK && !id, "Got hr %#lx, id %ld.\n", hr, id);
    hr = IVMParallelPort_get_Name(port, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMParallelPort);

    hr = put_parallel_name(port, L"LPT1");
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_parallel_name(port, L"LPT1");

    SetErrorInfo(0, NULL);
    hr = put_parallel_name(port, L"COM1");
    ok(hr == E_INVALIDARG, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMParallelPort);
    check_parallel_name(port, L"LPT1");

    hr = put_parallel_name(port, L"");
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    check_parallel_name(port, L"");

    IVMParallelPort_Release(port);
    SetErrorInfo(0, NULL);
}

/* ---- USB devices ----------------------------------------------------- */

static void test_usb(IVMVirtualPC *vpc, IVMVirtualMachine *vm)
{
    IVMUSBDeviceCollection *collection = NULL;
    IVMUSBDevice *device, *first = NULL;
    VMUSBDeviceClassEnum device_class;
    LONG count = -1, i, value;
    BSTR str;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IVMVirtualPC_get_USBDeviceCollection(vpc, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualPC);

    hr = IVMVirtualMachine_AttachUSBDevice(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    hr = IVMVirtualMachine_DetachUSBDevice(vm, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);

    hr = IVMVirtualPC_get_USBDeviceCollection(vpc, &collection);
    ok(hr == S_OK && collection, "Got hr %#lx.\n", hr);
    if (!collection) return;
    hr = IVMUSBDeviceCollection_get_Count(collection, &count);
    ok(hr == S_OK && count >= 0, "Got hr %#lx, count %ld.\n", hr, count);
    trace("%ld USB devices.\n", count);
    hr = IVMUSBDeviceCollection_get_Count(collection, NULL);
    ok(hr == E_POINTER, "Got hr %#lx.\n", hr);

    for (i = 1; i <= count; i++)
    {
        winetest_push_context("device %ld", i);
        device = NULL;
        hr = IVMUSBDeviceCollection_get_Item(collection, i, &device);
        ok(hr == S_OK && device, "Got hr %#lx.\n", hr);
        if (!device)
        {
            winetest_pop_context();
            continue;
        }
        str = NULL;
        hr = IVMUSBDevice_get_DeviceString(device, &str);
        ok(hr == S_OK && str, "Got hr %#lx.\n", hr);
        SysFreeString(str);
        str = NULL;
        hr = IVMUSBDevice_get_ManufacturerString(device, &str);
        ok(hr == S_OK && str, "Got hr %#lx.\n", hr);
        SysFreeString(str);
        str = NULL;
        hr = IVMUSBDevice_get_AttachedToVM(device, &str);
        ok((hr == S_OK || hr == S_FALSE || hr == VM_E_USB_EXTERNAL_VM), "Got hr %#lx.\n", hr);
        SysFreeString(str);
        hr = IVMUSBDevice_get_DeviceClass(device, &device_class);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        hr = IVMUSBDevice_get_HubID(device, &value);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        hr = IVMUSBDevice_get_Port(device, &value);
        ok(hr == S_OK, "Got hr %#lx.\n", hr);
        hr = IVMUSBDevice_get_DeviceString(device, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        hr = IVMUSBDevice_get_Port(device, NULL);
        ok(hr == E_POINTER, "Got hr %#lx.\n", hr);
        if (!first) first = device;
        else IVMUSBDevice_Release(device);
        winetest_pop_context();
    }
    device = (IVMUSBDevice *)0xdeadbeef;
    hr = IVMUSBDeviceCollection_get_Item(collection, count + 1, &device);
    ok(hr == DISP_E_BADINDEX, "Got hr %#lx.\n", hr);
    IVMUSBDeviceCollection_Release(collection);

    if (!first)
    {
        skip("The host has no USB device.\n");
        return;
    }
    /* the machine is off */
    SetErrorInfo(0, NULL);
    hr = IVMVirtualMachine_AttachUSBDevice(vm, first);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    hr = IVMVirtualMachine_DetachUSBDevice(vm, first);
    ok(hr == VM_E_VM_NOT_RUNNING, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    IVMUSBDevice_Release(first);
    SetErrorInfo(0, NULL);
}

/* ---- a machine that is gone ----------------------------------------- */

static void test_machine_gone(IVMVirtualPC *vpc)
{
    IVMVirtualMachine *vm = NULL;
    IVMFloppyDrive *floppy = NULL;
    IVMSerialPort *ports[2] = { NULL, NULL };
    IVMParallelPortCollection *parallel_ports = NULL;
    IVMParallelPort *parallel = NULL;
    IVMDVDDrive *dvd = NULL;
    VMDVDDriveAttachmentType attachment;
    WCHAR text[64];
    BSTR name, path;
    HRESULT hr;

    wsprintfW(text, L"%s-gone", vm_name);
    name = SysAllocString(text);
    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &vm);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    SysFreeString(name);
    SysFreeString(path);
    if (!vm) return;

    remove_dvd_drives(vm);
    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 1, 0, &dvd);
    ok(hr == S_OK && dvd, "Got hr %#lx.\n", hr);
    floppy = get_floppy_drive(vm);
    get_serial_ports(vm, ports);
    hr = IVMVirtualMachine_get_ParallelPorts(vm, &parallel_ports);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    if (parallel_ports)
    {
        IVMParallelPortCollection_get_Item(parallel_ports, 1, &parallel);
        IVMParallelPortCollection_Release(parallel_ports);
    }

    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);

    SetErrorInfo(0, NULL);
    path = file_path(L"disc.iso");
    if (dvd)
    {
        hr = IVMDVDDrive_AttachImage(dvd, path);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMDVDDrive);
        hr = IVMDVDDrive_get_Attachment(dvd, &attachment);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMDVDDrive);
        hr = IVMDVDDrive_ReleaseImage(dvd);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMDVDDrive);
        hr = IVMVirtualMachine_RemoveDVDROMDrive(vm, dvd);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMVirtualMachine);
        IVMDVDDrive_Release(dvd);
    }
    SysFreeString(path);
    dvd = (IVMDVDDrive *)0xdeadbeef;
    hr = IVMVirtualMachine_AddDVDROMDrive(vm, 0, 0, &dvd);
    ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
    check_error_info(&IID_IVMVirtualMachine);
    if (floppy)
    {
        path = file_path(L"floppy2.vfd");
        hr = IVMFloppyDrive_AttachImage(floppy, path);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMFloppyDrive);
        SysFreeString(path);
        hr = IVMFloppyDrive_ReleaseImage(floppy);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMFloppyDrive);
        IVMFloppyDrive_Release(floppy);
    }
    if (ports[0])
    {
        hr = configure(ports[0], vmSerialPort_HostPort, L"COM1", VARIANT_FALSE);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMSerialPort);
        name = NULL;
        hr = IVMSerialPort_get_Name(ports[0], &name);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMSerialPort);
        SysFreeString(name);
    }
    if (ports[0]) IVMSerialPort_Release(ports[0]);
    if (ports[1]) IVMSerialPort_Release(ports[1]);
    if (parallel)
    {
        hr = put_parallel_name(parallel, L"LPT1");
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMParallelPort);
        name = NULL;
        hr = IVMParallelPort_get_Name(parallel, &name);
        ok(hr == VM_E_VM_UNKNOWN, "Got hr %#lx.\n", hr);
        check_error_info(&IID_IVMParallelPort);
        SysFreeString(name);
        IVMParallelPort_Release(parallel);
    }
    IVMVirtualMachine_Release(vm);
    SetErrorInfo(0, NULL);
}

static void test_media(IVMVirtualPC *vpc)
{
    static const WCHAR *suffixes[] = { L"", L"-gone" };
    IVMVirtualMachine *vm = NULL;
    VMVMState state;
    WCHAR text[64];
    BSTR name, path;
    HRESULT hr;
    int i;

    /* what an earlier run left */
    for (i = 0; i < ARRAY_SIZE(suffixes); i++)
    {
        wsprintfW(text, L"%s%s", vm_name, suffixes[i]);
        name = SysAllocString(text);
        if (IVMVirtualPC_FindVirtualMachine(vpc, name, &vm) == S_OK && vm)
        {
            IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
            IVMVirtualMachine_Release(vm);
        }
        vm = NULL;
        SysFreeString(name);
    }
    delete_files();
    CreateDirectoryW(folder, NULL);

    test_floppy_images(vpc);

    name = SysAllocString(vm_name);
    path = SysAllocString(folder);
    hr = IVMVirtualPC_CreateVirtualMachine(vpc, name, path, &vm);
    ok(hr == S_OK && vm, "Got hr %#lx.\n", hr);
    SysFreeString(path);
    SysFreeString(name);
    if (!vm) return;

    state = -1;
    hr = IVMVirtualMachine_get_State(vm, &state);
    ok(hr == S_OK && state == vmVMState_TurnedOff, "Got hr %#lx, state %d.\n", hr, state);

    test_dvd_drives(vm);
    test_floppy_drive(vm);
    test_serial_ports(vm);
    test_parallel_ports(vm);
    test_usb(vpc, vm);

    hr = IVMVirtualPC_DeleteVirtualMachine(vpc, vm);
    ok(hr == S_OK, "Got hr %#lx.\n", hr);
    IVMVirtualMachine_Release(vm);

    test_machine_gone(vpc);
}

START_TEST(media)
{
    WCHAR temp[MAX_PATH];
    IVMVirtualPC *vpc;

    CoInitialize(NULL);
    GetTempPathW(ARRAY_SIZE(temp), temp);
    wsprintfW(vm_name, L"vpccom-media-test-%lu", GetCurrentProcessId());
    wsprintfW(folder, L"%s%s", temp, vm_name);

    if ((vpc = create_virtualpc()))
    {
        test_media(vpc);
        IVMVirtualPC_Release(vpc);
    }

    delete_files();
    RemoveDirectoryW(folder);
    CoUninitialize();
}
