// swift-tools-version:6.1
import PackageDescription

// The pipeline runs one way, and so do the dependencies:
// JSON → Geometry → Projection → Style → Render → Page → Cartouche → cartouche (CLI);
// Datasource (datasets read per map by extent) sits beside Style, on Geometry and Projection;
// Raster (raster and raster-dem sources, through GDAL) beside it, used by Render and Cartouche.
// The C shims are imported only by the module that wraps them.
let package = Package(
    name: "Cartouche",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Cartouche", targets: ["Cartouche"]),
        .executable(name: "cartouche", targets: ["cartouche"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML jobs files for `cartouche batch`.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPango", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CProj", pkgConfig: "proj", providers: [.apt(["libproj-dev", "proj-data"])]),
        .systemLibrary(name: "CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Raster layers: GDAL reads rasters and decodes tiles (PNG, JPEG, WebP) and encodes JPEG.
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),

        // The PNG writer: pixel conversion and filtering in C, compression by ISA-L.
        .target(name: "CPNGEncoder", dependencies: ["CISAL"]),
        // SHA-256 blocks with the CPU's SHA extensions, for the batch manifest.
        .target(name: "CSHA256"),

        .target(name: "JSON"),
        .target(name: "Geometry", dependencies: ["JSON"]),
        .target(name: "Projection", dependencies: ["Geometry", "CProj"]),
        .target(name: "Style", dependencies: ["JSON", "Geometry", "Projection"]),
        // The protocol of datasets read per map by extent (GDAL, tiles, databases).
        .target(name: "Datasource", dependencies: ["Geometry", "Projection"]),
        // Raster and raster-dem sources: GDAL rasters and tiles, warped into the map, paint and hillshade.
        .target(name: "Raster", dependencies: ["JSON", "Geometry", "Projection", "CGDAL"]),
        .target(name: "Render", dependencies: ["Geometry", "Projection", "Style", "Raster", "CCairo", "CPango", "CPNGEncoder", "CZlib"]),
        .target(name: "Page", dependencies: ["JSON", "Geometry", "Projection", "Style", "Render"]),
        .target(name: "Cartouche", dependencies: ["JSON", "Geometry", "Projection", "Style", "Datasource", "Raster", "Render", "Page", "CSHA256",
                                                  .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "cartouche", dependencies: [
            "Cartouche",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Scratch folders for tests, removed when the test process exits.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry", "TestSupport"], exclude: ["Malformed"]),  // a corpus read by path
        .testTarget(name: "ProjectionTests", dependencies: ["Projection"]),
        .testTarget(name: "StyleTests", dependencies: ["Style", "TestSupport"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Cartouche", "TestSupport"],
                    resources: [.copy("References")]),
        .testTarget(name: "CartoucheTests", dependencies: ["Cartouche", "Datasource", "TestSupport"], exclude: ["BadCSV"]),
        .testTarget(name: "PageTests", dependencies: ["Page", "Cartouche", "TestSupport"], exclude: ["BadLayouts"]),
        .testTarget(name: "RasterTests", dependencies: ["Raster", "Render", "Cartouche", "TestSupport"]),
        .testTarget(name: "BatchTests", dependencies: ["Cartouche", "CSHA256", "TestSupport"], exclude: ["BadJobs"]),
    ]
)
