import Cartouche

/// The command line's names for the settings that library errors carry: the library's
/// messages say what to change in words, and the CLI adds the option that changes it.
enum OptionHints {
    static func option(for setting: RelatedSetting) -> String {
        switch setting {
        case .maxPixels: "--max-pixels"
        case .maxPointsPerFeature: "--max-feature-points"
        case .textEncoding: "--encoding"
        case .coordinateColumns: "--lon-column and --lat-column"
        case .inputCRS: "--input-crs"
        case .icons: "--icons"
        case .palette: "--palette"
        case .fitData: "--fit"
        case .atlasFilter: "--filter"
        case .atlasSortBy: "--sort-by"
        case .atlasOutput: "--output"
        case .atlasCoverage: "--coverage"
        case .shard: "--shard"
        case .tileBounds: "--bbox"
        case .tileZooms: "--zooms"
        }
    }

    /// An error's message, with the option that would get past it when it names a setting.
    static func message(_ error: any Error) -> String {
        guard let related = error as? any SettingRelatedError, let setting = related.setting else { return "\(error)" }
        return "\(error) (\(option(for: setting)))"
    }
}
