#include <proj.h>
// proj_create_projected_crs and friends, to rebuild a CRS for proj_factors.
#include <proj_experimental.h>
