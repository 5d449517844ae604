// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that CI's `swift test` does not build them.
// Run with a release build:  swift run -c release --package-path Benchmarks cartouche-bench [filter]
let package = Package(
    name: "CartoucheBenchmarks",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "cartouche-bench", targets: ["CartoucheBenchmarks"])],
    dependencies: [.package(name: "Cartouche", path: "..")],
    targets: [
        .executableTarget(
            name: "CartoucheBenchmarks",
            dependencies: [.product(name: "Cartouche", package: "Cartouche")],
            path: "Sources/CartoucheBenchmarks"
        ),
    ]
)
