/*
 * Engine status codes and their descriptions
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#include <errno.h>

#include "vpcengine.h"

static const char *const descriptions[VPCE_STATUS_COUNT] =
{
    [VPCE_OK] = "The operation completed successfully.",
#define VPCE_TEXT_ENTRY(name, text) [VPCE_E_##name] = text,
    VPCE_GENERIC_ERRORS(VPCE_TEXT_ENTRY)
    VPCE_VM_ERRORS(VPCE_TEXT_ENTRY)
#undef VPCE_TEXT_ENTRY
};

const char *vpce_strerror(enum vpce_status status)
{
    if ((unsigned int)status >= VPCE_STATUS_COUNT) return descriptions[VPCE_E_UNEXPECTED];
    return descriptions[status];
}

enum vpce_status vpce_status_from_errno(int err)
{
    switch (err)
    {
    case 0:            return VPCE_OK;
    case ENOMEM:       return VPCE_E_NOMEM;
    case EINVAL:       return VPCE_E_INVALID_ARG;
    case ENOENT:       return VPCE_E_FILE_NOT_FOUND;
    case ENOTDIR:      return VPCE_E_PATH_NOT_FOUND;
    case EEXIST:       return VPCE_E_ALREADY_EXISTS;
    case EACCES:
    case EPERM:        return VPCE_E_ACCESS_DENIED;
    case EROFS:        return VPCE_E_FILE_READ_ONLY;
    case ENOSPC:
    case EDQUOT:       return VPCE_E_DISK_FULL;
    case EFBIG:        return VPCE_E_FILE_TOO_LARGE_FOR_VOLUME;
    case ENAMETOOLONG: return VPCE_E_NAME_TOO_LONG;
    case EBUSY:
    case EWOULDBLOCK:  return VPCE_E_SHARING_VIOLATION;
    case ECANCELED:    return VPCE_E_CANCELLED;
    case ETIMEDOUT:    return VPCE_E_TIMED_OUT;
    default:           return VPCE_E_UNEXPECTED;
    }
}
