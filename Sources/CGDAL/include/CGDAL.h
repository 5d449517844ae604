#ifndef CARTOUCHE_CGDAL_H
#define CARTOUCHE_CGDAL_H
// GDAL's C API as Swift sees it: the types and prototypes of GDAL's own headers. The
// functions themselves come from libgdal, loaded on first use (gdal_loader.c).
#include <gdal/gdal.h>
#include <gdal/gdal_alg.h>
#include <gdal/gdalwarper.h>
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#include <gdal/cpl_error.h>
#include <gdal/cpl_conv.h>
#include <gdal/cpl_string.h>
#include <gdal/cpl_vsi.h>
// ArrowArrayStream, ArrowSchema, ArrowArray for OGR_L_GetArrowStream.
#include <gdal/ogr_recordbatch.h>

/// Loads libgdal (the major and minor version these headers are from) and finds every
/// function Cartouche calls, once per process; NULL when it worked, else why it did not
/// ("cannot load GDAL: libgdal.so.32: cannot open shared object file"). Calling a GDAL
/// function loads it too, but can then only stop the process when it fails.
const char *cartouche_gdal_load(void);

#endif
