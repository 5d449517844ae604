/// A setting a person can change to get past an error: library messages describe it in
/// words and carry it as this value, and each interface names it its own way (the command
/// line as its option, a program as the parameter it passed). So library messages never
/// name command-line options.
public enum RelatedSetting: String, Sendable, Hashable, CaseIterable {
    /// The largest PNG in device pixels (`MapRequest.maxPixels`).
    case maxPixels
    /// Positions allowed in one feature (`GeoJSONOptions.maxPointsPerFeature`).
    case maxPointsPerFeature
    /// The text encoding of a CSV file (`TextEncoding`).
    case textEncoding
    /// Which columns of a CSV file hold the coordinates (`ProjectColumns`).
    case coordinateColumns
    /// The CRS of a CSV file's coordinates, when they are not WGS84 longitude/latitude.
    case inputCRS
    /// The categories drawn as the style's icons (`annotate`'s `icons`).
    case icons
    /// The colours of categories (`CategoryPalette`).
    case palette
    /// Fitting the map to all of the style's data (`MapRequest.Extent.fitData`).
    case fitData
    /// An atlas's feature filter, page order, output name template and coverage layer
    /// (`AtlasOptions`).
    case atlasFilter, atlasSortBy, atlasOutput, atlasCoverage
    /// The share of a batch this process draws (`Shard`).
    case shard
    /// A tile pyramid's longitude/latitude box and zoom levels (`TilePyramid`).
    case tileBounds, tileZooms
}

/// An error that names the setting which would get past it, for the interface to show in
/// its own terms.
public protocol SettingRelatedError: Error {
    /// The setting, or nil when none would help.
    var setting: RelatedSetting? { get }
}
