/// CRS texts in every form the tests need, written out as a person would paste them.
enum CRSFixtures {
    /// EPSG:4547 as WKT2 without its ID, so PROJ cannot look it up; the axes are northing
    /// first, as EPSG defines them.
    static let gaussKruger114WKT2 = """
    PROJCRS["CGCS2000 / 3-degree Gauss-Kruger CM 114E",
        BASEGEOGCRS["China Geodetic Coordinate System 2000",
            DATUM["China 2000",
                ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],
            PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],
        CONVERSION["3-degree Gauss-Kruger CM 114E",
            METHOD["Transverse Mercator",ID["EPSG",9807]],
            PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433]],
            PARAMETER["Longitude of natural origin",114,ANGLEUNIT["degree",0.0174532925199433]],
            PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1]],
            PARAMETER["False easting",500000,LENGTHUNIT["metre",1]],
            PARAMETER["False northing",0,LENGTHUNIT["metre",1]]],
        CS[Cartesian,2],
            AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],
            AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]]]
    """

    /// The same CRS as GDAL writes WKT1, with its authority code.
    static let gaussKruger114WKT1 = """
    PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 114E",GEOGCS["China Geodetic Coordinate System 2000",
    DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],
    PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],
    AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],
    PARAMETER["central_meridian",114],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],
    PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","4547"]]
    """

    /// The same projection as a PROJ string, without `+type=crs`, as people write it.
    static let gaussKruger114PROJ = "+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"

    /// WGS84 as WKT2 without an ID: latitude first.
    static let wgs84WKT2 = """
    GEOGCRS["WGS 84 (pasted)",
        DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],
        PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],
        CS[ellipsoidal,2],
            AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],
            AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]]]
    """

    /// The district centre: (114.02°E, 33.57°N), and where it lands (FACTS.md, checked
    /// with `cs2cs`).
    static let centre = (lon: 114.02, lat: 33.57)
    static let centreIn3857 = (x: 12692648.3402, y: 3971208.6419)
    static let centreIn4547 = (x: 501856.9537, y: 3715966.6617)
}
