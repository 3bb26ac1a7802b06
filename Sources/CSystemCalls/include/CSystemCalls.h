#ifndef STOCKCAST_C_SYSTEM_CALLS_H
#define STOCKCAST_C_SYSTEM_CALLS_H

/// syncfs(2): flushes the file system holding `fd` in one call (Linux; glibc declares it only
/// with _GNU_SOURCE, which Swift's Glibc module does not set). 0 on success, -1 with errno.
int stockcast_syncfs(int fd);

#endif
