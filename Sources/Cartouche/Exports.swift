// The façade re-exports the pipeline, so `import Cartouche` is all a program needs.
@_exported import Datasource
@_exported import GDALSource
@_exported import Geometry
@_exported import JSON
@_exported import Page
@_exported import Projection
@_exported import Raster
@_exported import Render
@_exported import Style
