import CCairo
@testable import Render

/// A scene drawn by `CairoBackend` onto an image of its size: its pixels, premultiplied
/// ARGB, row by row.
func scenePixels(_ scene: Scene) -> [UInt32] {
    let width = scene.width, height = scene.height
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
    defer { cairo_surface_destroy(surface) }
    let cr = cairo_create(surface)!
    CairoBackend.draw(scene, on: cr)
    cairo_destroy(cr)
    cairo_surface_flush(surface)
    let stride = Int(cairo_image_surface_get_stride(surface)) / 4
    let data = UnsafeRawPointer(cairo_image_surface_get_data(surface)!).assumingMemoryBound(to: UInt32.self)
    return (0..<height).flatMap { y in (0..<width).map { x in data[y * stride + x] } }
}
