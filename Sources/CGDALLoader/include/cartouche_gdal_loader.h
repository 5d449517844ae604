#ifndef CARTOUCHE_GDAL_LOADER_H
#define CARTOUCHE_GDAL_LOADER_H
/// Loads libgdal and resolves the functions Cartouche calls; NULL on success, else why not.
/// Once per process (later calls return the first result). Not thread-safe on its own:
/// called from a Swift `static let` initialiser, which runs once.
const char *cartouche_gdal_load(void);
#endif
