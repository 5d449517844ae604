/// The layers of the Yuanhui sample (`GeoData/yuanhui/NAME.geojson`), each a source of
/// `Styles/yuanhui.json` of the same name: the tests that draw the sample from another
/// store (a GeoPackage, PostGIS, a dataset in memory) load these.
public enum YuanhuiSample {
    public static let layers = ["boundary", "rivers", "roads", "parks", "scenic", "places", "projects", "pois"]
}
