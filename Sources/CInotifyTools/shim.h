// Debian's libinotifytools0-dev ships no pkg-config file: the module map links it by name.
#include <inotifytools/inotifytools.h>
#include <inotifytools/inotify.h>
