// PostGIS sources, and `DatabaseSummary` for `cartouche info postgresql://…`.
@_exported import PostGIS
