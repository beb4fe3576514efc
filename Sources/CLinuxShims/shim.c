#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "CLinuxShims.h"

__thread void *interleave_thread_state_slot;

int interleave_open_pseudo_terminal(char *path, unsigned long capacity) {
#ifdef __linux__
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, path, capacity) != 0) {
        close(fd);
        return -1;
    }
    return fd;
#else
    (void)path;
    (void)capacity;
    return -1;
#endif
}
