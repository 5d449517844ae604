// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets, kept out of the main package because every module here is built with
// `-sanitize=fuzzer,address` and `-parse-as-library` (libFuzzer supplies `main`).
// Build and run through `scripts/fuzz.sh TARGET SECONDS`.
let package = Package(
    name: "CartoucheFuzz",
    dependencies: [.package(name: "Cartouche", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzGeoJSON", dependencies: [.product(name: "Cartouche", package: "Cartouche"), "FuzzSupport"]),
        .executableTarget(name: "FuzzStyle", dependencies: [.product(name: "Cartouche", package: "Cartouche"), "FuzzSupport"]),
        .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "Cartouche", package: "Cartouche"), "FuzzSupport"]),
        .executableTarget(name: "FuzzLayout", dependencies: [.product(name: "Cartouche", package: "Cartouche"), "FuzzSupport"]),
        .executableTarget(name: "FuzzTile", dependencies: [.product(name: "Cartouche", package: "Cartouche"), "FuzzSupport"]),
    ]
)
