#ifndef WIRETRACE_CSQLITE_SHIM_H
#define WIRETRACE_CSQLITE_SHIM_H
#include <sqlite3.h>

/// `sqlite3_config` is variadic; Swift cannot call it, so wrap the one use.
/// Turns SQLite's memory statistics off: with them on, every allocation and free SQLite makes takes
/// one process-wide mutex, which a scan's threads then queue for. Only effective before SQLite is
/// initialised (the first connection opened); returns SQLITE_OK, or SQLITE_MISUSE when too late.
static inline int wiretrace_sqlite3_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// Lets file names be URIs (`file:/path/db.sqlite?immutable=1`) whatever SQLite was compiled with; only
/// effective before SQLite is initialised, like the call above.
static inline int wiretrace_sqlite3_enable_uri(void) {
    return sqlite3_config(SQLITE_CONFIG_URI, 1);
}
#endif
