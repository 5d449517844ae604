#ifndef CARTOUCHE_CGDAL_SHIM_H
#define CARTOUCHE_CGDAL_SHIM_H
#include <gdal.h>
#include <gdal_alg.h>
#include <gdalwarper.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
// ArrowArrayStream, ArrowSchema, ArrowArray for OGR_L_GetArrowStream.
#include <ogr_recordbatch.h>
#endif
