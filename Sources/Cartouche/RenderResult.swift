import Render

/// What one render did: the file's bytes, what the map could not show as asked, and, when
/// the call asked for them, where the time went.
public struct RenderResult: Sendable {
    /// The encoded map or page (PNG, SVG or PDF), as written to the file when a path was given.
    public var bytes: [UInt8]
    /// What the scene reported: labels left out over the limit, tiles or features a dataset
    /// skipped, rasters that could not be read, the same for inset maps. (Warnings about the
    /// data as loaded, once per `MapData`, are `MapData.warnings`.)
    public var warnings: [String]
    /// Wall time per phase ("project", "scene", "render", "encode", "write") when the call
    /// was made with `timed: true`; empty otherwise.
    public var timings: PhaseTimings
}
