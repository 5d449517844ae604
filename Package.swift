// swift-tools-version:6.1
import PackageDescription

// The pipeline runs one way, and so do the dependencies:
// JSON → Geometry → Projection → Style → Render → Page → Cartouche → CartoucheCLI (the `cartouche` command);
// Datasource (datasets read per map by extent) sits beside Style, on Geometry and Projection,
// and its readers beside it: GDALSource (files through GDAL), PostGIS (libpq), Tiles (vector
// tiles: MVT, PMTiles, MBTiles); Raster (raster and raster-dem sources, through GDAL) is used by
// Render and Cartouche. TilePyramids (raster tile output) and Server (`cartouche serve`) build
// on Cartouche; TestSupport serves the tests only. The C shims are imported only by the module
// that wraps them.
let package = Package(
    name: "Cartouche",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Cartouche", targets: ["Cartouche"]),
        .executable(name: "cartouche", targets: ["CartoucheCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML jobs files for `cartouche batch`.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // SHA-256 for the batch manifest's checksums and input hashes.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // `cartouche serve`: the HTTP server, its metrics and logs (module Server only).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `swift package generate-documentation`: the DocC catalog of the Cartouche library.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPango", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CProj", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // GDAL: vector datasets, rasters and tiles (PNG, JPEG, WebP decoding, JPEG encoding).
        // Its headers (libgdal-dev) at build time; the library loaded by the first call to it,
        // so that runs without GDAL data do not pay for loading it (Sources/CGDAL).
        .target(name: "CGDAL"),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // SVG icons (`cartouche:icons`) rasterised for PNG output.
        .systemLibrary(name: "CRsvg", pkgConfig: "librsvg-2.0", providers: [.apt(["librsvg2-dev"])]),

        // The PNG writer: pixel conversion and filtering in C, compression by ISA-L.
        .target(name: "CPNGEncoder", dependencies: ["CISAL"]),

        .target(name: "JSON"),
        .target(name: "Geometry", dependencies: ["JSON"]),
        .target(name: "Projection", dependencies: ["Geometry", "CProj"]),
        .target(name: "Style", dependencies: ["JSON", "Geometry", "Projection"]),
        // The protocol of datasets read per map by extent (GDAL, tiles, databases).
        .target(name: "Datasource", dependencies: ["Geometry", "Projection"]),
        // GeoPackage, Shapefile, FlatGeobuf and the rest through GDAL's vector API.
        .target(name: "GDALSource", dependencies: ["JSON", "Geometry", "Projection", "Datasource", "CGDAL"]),
        // PostGIS tables, views and SELECTs over libpq (binary results, WKB geometry).
        .target(name: "PostGIS", dependencies: ["JSON", "Geometry", "Projection", "Datasource", "CLibPQ"]),
        // Vector tiles: MVT decoding, PMTiles, MBTiles, TileJSON and tile folders, the tile cache.
        .target(name: "Tiles", dependencies: ["JSON", "Geometry", "Projection", "Style", "Datasource", "CZlib", "CSQLite"]),
        // Raster and raster-dem sources: GDAL rasters and tiles, warped into the map, paint and hillshade.
        .target(name: "Raster", dependencies: ["JSON", "Geometry", "Projection", "GDALSource", "CGDAL"]),
        .target(name: "Render", dependencies: ["Geometry", "Projection", "Style", "Raster", "CCairo", "CPango", "CPNGEncoder", "CZlib", "CRsvg"]),
        .target(name: "Page", dependencies: ["JSON", "Geometry", "Projection", "Style", "Render"]),
        .target(name: "Cartouche", dependencies: ["JSON", "Geometry", "Projection", "Style", "Datasource", "GDALSource", "Tiles", "Raster", "Render", "Page",
                                                  .product(name: "Yams", package: "Yams"),
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        // Raster tiles: metatiles cut into tiles, TileJSON, MBTiles, PMTiles and folder pyramids.
        .target(name: "TilePyramids", dependencies: ["Cartouche", "Tiles", "JSON", "Geometry", "Projection", "Render", "CSQLite"]),
        // `cartouche serve`: static maps, tiles and WMS over HTTP. Only this module sees Hummingbird.
        .target(name: "Server", dependencies: ["Cartouche", "TilePyramids", "Tiles", "JSON", "Geometry", "Projection", "Style", "Render", "Page",
                                               .product(name: "Hummingbird", package: "hummingbird"),
                                               .product(name: "Prometheus", package: "swift-prometheus"),
                                               .product(name: "Logging", package: "swift-log")]),
        // The `cartouche` command. Its folder is not `Sources/cartouche`, which would be the
        // same folder as `Sources/Cartouche` on a case-insensitive file system (macOS).
        .executableTarget(name: "CartoucheCLI", dependencies: [
            "Cartouche", "GDALSource", "Tiles", "TilePyramids", "Server",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Scratch folders for tests (removed when the test process exits), image comparison, fixtures.
        .target(name: "TestSupport", dependencies: ["CCairo"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry", "TestSupport"], exclude: ["Malformed"]),  // a corpus read by path
        .testTarget(name: "ProjectionTests", dependencies: ["Projection"], exclude: ["Fixtures"]),  // the GCJ-02 reference table
        .testTarget(name: "StyleTests", dependencies: ["Style", "TestSupport"], exclude: ["BrokenStyles"]),  // a corpus read by path
        .testTarget(name: "RenderTests", dependencies: ["Render", "Cartouche", "TestSupport"],
                    resources: [.copy("References")]),
        .testTarget(name: "CartoucheTests", dependencies: ["Cartouche", "Datasource", "GDALSource", "Tiles", "TestSupport"], exclude: ["BadCSV"]),
        .testTarget(name: "TilesTests", dependencies: ["Tiles", "Geometry", "JSON", "TestSupport"]),
        .testTarget(name: "PageTests", dependencies: ["Page", "Cartouche", "TestSupport"], exclude: ["BadLayouts"]),
        .testTarget(name: "PostGISTests", dependencies: ["PostGIS", "Cartouche", "Datasource", "TestSupport"]),
        .testTarget(name: "TilePyramidsTests", dependencies: ["TilePyramids", "Tiles", "Cartouche", "CSQLite", "TestSupport"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "TilePyramids", "Cartouche", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RasterTests", dependencies: ["Raster", "Render", "Cartouche", "TestSupport"]),
        .testTarget(name: "BatchTests", dependencies: ["Cartouche", "TestSupport"], exclude: ["BadJobs"]),
    ]
)

// PostGIS sources: the façade opens `postgresql://` URLs with the PostGIS module.
package.targets.first { $0.name == "Cartouche" }!.dependencies.append("PostGIS")
