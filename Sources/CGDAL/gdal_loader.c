// Loads libgdal when Cartouche first needs it (see gdal_trampolines.S) and fills in the
// address of every function it calls.
#include "CGDAL.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CARTOUCHE_GDAL(name) extern void *cartouche_gdal_address_##name __attribute__((visibility("hidden")));
#include "gdal_symbols.h"
#undef CARTOUCHE_GDAL

void cartouche_gdal_resolve_all(void) __attribute__((visibility("hidden")));

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void *open_gdal(void) {
    // GDAL 3's library version is 26 + its minor version (3.6: libgdal.so.32); the
    // unversioned name, which libgdal-dev installs, covers a build that numbers otherwise.
    char versioned[32];
    snprintf(versioned, sizeof versioned, "libgdal.so.%d", 26 + GDAL_VERSION_MINOR);
    const char *names[] = { GDAL_VERSION_MAJOR == 3 ? versioned : "libgdal.so", "libgdal.so" };
    char first[256] = "";
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        // Global, as if linked: GDAL's driver plugins find its symbols.
        void *handle = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
        if (handle) return handle;
        const char *error = dlerror();
        if (!first[0] && error) snprintf(first, sizeof first, "%s", error);
    }
    snprintf(failure, sizeof failure, "cannot load GDAL %d.%d (%s); install its library (Debian: libgdal32)",
             GDAL_VERSION_MAJOR, GDAL_VERSION_MINOR, first[0] ? first : "not found");
    return NULL;
}

static void load(void) {
    void *handle = open_gdal();
    if (!handle) return;
    // The library found must be the version whose headers Cartouche was built with: its
    // structures and enumerations are those of the headers.
    const char *(*version_info)(const char *) = (const char *(*)(const char *))dlsym(handle, "GDALVersionInfo");
    const char *number = version_info ? version_info("VERSION_NUM") : NULL;
    long found = number ? strtol(number, NULL, 10) : 0;
    if (found / 10000 != GDAL_VERSION_MAJOR * 100 + GDAL_VERSION_MINOR) {
        snprintf(failure, sizeof failure, "the GDAL library found is version %ld.%ld; Cartouche was built for %d.%d",
                 found / 1000000, found / 10000 % 100, GDAL_VERSION_MAJOR, GDAL_VERSION_MINOR);
        return;
    }
#define CARTOUCHE_GDAL(name) \
    if (!(cartouche_gdal_address_##name = dlsym(handle, #name))) { \
        snprintf(failure, sizeof failure, "the GDAL library has no function %s", #name); \
        return; \
    }
#include "gdal_symbols.h"
#undef CARTOUCHE_GDAL
}

const char *cartouche_gdal_load(void) {
    pthread_once(&once, load);
    return failure[0] ? failure : NULL;
}

// A GDAL function called before `cartouche_gdal_load` said GDAL can be used: load it now,
// or stop with the reason (the function's caller has no way to take an error).
void cartouche_gdal_resolve_all(void) {
    const char *reason = cartouche_gdal_load();
    if (!reason) return;
    fprintf(stderr, "cartouche: error: %s\n", reason);
    _exit(1);
}
