// GDAL loaded when the first dataset is opened, not when the program starts: linking
// libgdal (and the ~150 libraries it pulls in, with their static constructors) costs every
// `cartouche` process about 50 ms, GeoJSON-only ones included. Each GDAL function Cartouche
// calls is defined here as a jump through a pointer that `cartouche_gdal_load` fills in
// with dlsym; the Swift code calls them as declared in GDAL's headers (module CGDAL, which
// does not link libgdal). The jumps leave the arguments in their registers untouched, so
// one definition serves every signature. Nothing may be called before the load succeeds.
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include "cartouche_gdal_loader.h"

#if defined(__x86_64__)
#define JUMP(name) __asm__ volatile("jmp *cg_ptr_" #name "(%rip)")
#elif defined(__aarch64__)
#define JUMP(name) __asm__ volatile("adrp x16, cg_ptr_" #name "\n ldr x16, [x16, :lo12:cg_ptr_" #name "]\n br x16")
#else
#error "CGDALLoader: jumps are written for x86-64 and AArch64"
#endif

#define GDAL_FUNCTIONS(X) \
    X(CPLErrorReset) \
    X(CPLGetLastErrorMsg) \
    X(CPLGetLastErrorType) \
    X(CPLSetConfigOption) \
    X(CPLSetErrorHandler) \
    X(GDALAllRegister) \
    X(GDALClose) \
    X(GDALDatasetGetLayer) \
    X(GDALDatasetGetLayerByName) \
    X(GDALDatasetGetLayerCount) \
    X(GDALGetDatasetDriver) \
    X(GDALGetDriverShortName) \
    X(GDALGetMetadataItem) \
    X(GDALOpenEx) \
    X(OGRGeometryTypeToName) \
    X(OGR_FD_GetFieldCount) \
    X(OGR_FD_GetFieldDefn) \
    X(OGR_FD_GetFieldIndex) \
    X(OGR_FD_GetGeomFieldCount) \
    X(OGR_F_Destroy) \
    X(OGR_F_GetFID) \
    X(OGR_F_GetFieldAsBinary) \
    X(OGR_F_GetFieldAsDateTimeEx) \
    X(OGR_F_GetFieldAsDouble) \
    X(OGR_F_GetFieldAsDoubleList) \
    X(OGR_F_GetFieldAsInteger) \
    X(OGR_F_GetFieldAsInteger64) \
    X(OGR_F_GetFieldAsInteger64List) \
    X(OGR_F_GetFieldAsIntegerList) \
    X(OGR_F_GetFieldAsString) \
    X(OGR_F_GetFieldAsStringList) \
    X(OGR_F_GetGeometryRef) \
    X(OGR_F_IsFieldSetAndNotNull) \
    X(OGR_Fld_GetNameRef) \
    X(OGR_Fld_GetSubType) \
    X(OGR_Fld_GetType) \
    X(OGR_GT_Flatten) \
    X(OGR_GT_IsNonLinear) \
    X(OGR_G_DestroyGeometry) \
    X(OGR_G_ExportToIsoWkb) \
    X(OGR_G_GetGeometryType) \
    X(OGR_G_GetLinearGeometry) \
    X(OGR_G_IsEmpty) \
    X(OGR_G_WkbSizeEx) \
    X(OGR_GetFieldSubTypeName) \
    X(OGR_GetFieldTypeName) \
    X(OGR_L_GetArrowStream) \
    X(OGR_L_GetExtent) \
    X(OGR_L_GetFeatureCount) \
    X(OGR_L_GetGeomType) \
    X(OGR_L_GetLayerDefn) \
    X(OGR_L_GetName) \
    X(OGR_L_GetNextFeature) \
    X(OGR_L_GetSpatialRef) \
    X(OGR_L_ResetReading) \
    X(OGR_L_SetIgnoredFields) \
    X(OGR_L_SetSpatialFilter) \
    X(OGR_L_SetSpatialFilterRect) \
    X(OSRExportToWktEx) \
    X(OSRGetAuthorityCode) \
    X(OSRGetAuthorityName) \
    X(VSIFree) \

#define DEFINE(name) \
    void *cg_ptr_##name __attribute__((visibility("hidden"))); \
    __attribute__((naked, used)) void name(void) { JUMP(name); }
GDAL_FUNCTIONS(DEFINE)

static char failure[512];

const char *cartouche_gdal_load(void) {
    static int state = 0;  /* 0 not tried, 1 loaded, -1 failed */
    if (state == 1) return NULL;
    if (state == -1) return failure;
    const char *names[] = {"libgdal.so.32", "libgdal.so", NULL};
    void *library = NULL;
    for (int i = 0; names[i] && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(failure, sizeof failure, "GDAL is not installed (libgdal.so: %s); install libgdal32 (Debian: apt-get install libgdal-dev)", dlerror());
        state = -1;
        return failure;
    }
#define RESOLVE(name) \
    if (!(cg_ptr_##name = dlsym(library, #name))) { \
        snprintf(failure, sizeof failure, "this libgdal lacks %s (GDAL 3.6 or later is needed)", #name); \
        state = -1; \
        return failure; \
    }
    GDAL_FUNCTIONS(RESOLVE)
    state = 1;
    return NULL;
}
