// GDAL's declarations only: the library is not linked but loaded when first needed
// (CGDALLoader), so these are included by absolute path rather than through pkg-config,
// whose flags would link it. Debian's libgdal-dev puts them here.
#include "/usr/include/gdal/gdal.h"
#include "/usr/include/gdal/ogr_api.h"
#include "/usr/include/gdal/ogr_srs_api.h"
#include "/usr/include/gdal/cpl_error.h"
#include "/usr/include/gdal/cpl_conv.h"
#include "/usr/include/gdal/cpl_string.h"
// ArrowArrayStream, ArrowSchema, ArrowArray for OGR_L_GetArrowStream.
#include "/usr/include/gdal/ogr_recordbatch.h"
