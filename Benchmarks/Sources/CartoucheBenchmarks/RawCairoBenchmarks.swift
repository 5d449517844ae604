import Cartouche
import CCairo

/// cartouche-bench raw-cairo STYLE minLon,minLat,maxLon,maxLat CRS [SIZE]: how close a map's
/// drawing comes to the raw Cairo limit. The map's scene is built once; then, on one thread
/// and in CPU seconds, the best of five of
/// - building the scene (filters, paint and layout per feature, clipping, simplification),
/// - drawing it with the Cairo backend, as a PNG render does,
/// - the raw limit: the same simplified paths appended and filled or stroked with their
///   colour, width, caps and joins and nothing else: no style work, no per-layer state, no labels.
/// The peer harness's style and box give the figures in docs/PERFORMANCE.md.
func rawCairoLimit(_ arguments: [String]) throws {
    guard arguments.count >= 3 else {
        print("usage: cartouche-bench raw-cairo STYLE minLon,minLat,maxLon,maxLat CRS [SIZE]")
        return
    }
    let box = arguments[1].split(separator: ",").compactMap { Double($0) }
    guard box.count == 4 else { throw BenchmarkError("bad box \(arguments[1])") }
    let size = arguments.count > 3 ? Double(arguments[3]) ?? 2000 : 2000
    let renderer = MapRenderer(data: try MapData(stylePath: arguments[0]))
    let request = MapRequest(width: size, height: size, pixelRatio: 1, crs: arguments[2],
                             extent: .boundingBox(Box(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3])))
    let scene = try renderer.scene(for: request)  // loads and projects once

    func bestCPU(_ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = cpuSeconds()
            try Parallel.sequentially { try body() }
            best = min(best, cpuSeconds() - start)
        }
        return best
    }
    let sceneCPU = try bestCPU { _ = try renderer.scene(for: request) }
    let drawCPU = bestCPU { onImage(scene) { CairoBackend.draw(scene, on: $0) } }
    let rawCPU = bestCPU { onImage(scene) { drawRaw(scene, on: $0) } }
    let points = scene.layers.reduce(0) { $0 + $1.paths.points.count / 2 }
    print("\(scene.width)x\(scene.height) px, \(scene.commandCount) draw commands, \(points) points after clipping and simplification")
    print("phase (one thread) | CPU s | against the raw Cairo limit")
    print("---|---|---")
    print("raw Cairo: the scene's paths, filled or stroked | \(fmt(rawCPU)) | 1x")
    print("Cartouche: drawing the scene | \(fmt(drawCPU)) | \(fmt(drawCPU / rawCPU))x")
    print("Cartouche: building the scene | \(fmt(sceneCPU)) | \(fmt(sceneCPU / rawCPU))x")
    print("Cartouche: scene and drawing | \(fmt(sceneCPU + drawCPU)) | \(fmt((sceneCPU + drawCPU) / rawCPU))x")
}

private func onImage(_ scene: Scene, _ body: (OpaquePointer) -> Void) {
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(scene.width), Int32(scene.height))!
    let cr = cairo_create(surface)!
    body(cr)
    cairo_destroy(cr)
    cairo_surface_destroy(surface)
}

/// Every fill and stroke of the scene with its colour and width only.
private func drawRaw(_ scene: Scene, on cr: OpaquePointer) {
    for layer in scene.layers {
        layer.paths.points.withUnsafeBufferPointer { p in
            func append(_ subpaths: Range<Int>) {
                cairo_new_path(cr)
                for s in subpaths {
                    let range = layer.paths.points(of: s)
                    guard let first = range.first else { continue }
                    cairo_move_to(cr, p[2 * first], p[2 * first + 1])
                    for i in range.dropFirst() { cairo_line_to(cr, p[2 * i], p[2 * i + 1]) }
                    if layer.paths.closed[s] { cairo_close_path(cr) }
                }
            }
            for command in layer.commands {
                switch command {
                case .fill(let subpaths, let paint):
                    append(subpaths)
                    cairo_set_source_rgba(cr, paint.color.r, paint.color.g, paint.color.b, paint.color.a)
                    cairo_fill(cr)
                case .stroke(let subpaths, let paint):
                    append(subpaths)
                    cairo_set_source_rgba(cr, paint.color.r, paint.color.g, paint.color.b, paint.color.a)
                    cairo_set_line_width(cr, paint.width)
                    cairo_set_line_cap(cr, paint.cap == .round ? CAIRO_LINE_CAP_ROUND : paint.cap == .square ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT)
                    cairo_set_line_join(cr, paint.join == .round ? CAIRO_LINE_JOIN_ROUND : paint.join == .bevel ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_MITER)
                    cairo_stroke(cr)
                default:
                    continue
                }
            }
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
