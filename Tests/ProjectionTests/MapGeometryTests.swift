import Foundation
import Geometry
import Testing
@testable import Projection

/// The helpers for frames, scale bars and north arrows.
@Suite("Map geometry")
struct MapGeometryTests {
    let gk = try! CRS("EPSG:4547")
    let utm50 = try! CRS("EPSG:32650")

    // MARK: Envelopes

    @Test func anEnvelopeCoversTheCurvedEdges() throws {
        // A band of latitude in UTM 50N: parallels curve up away from the central meridian
        // (117°E), so the southern edge dips lowest between the corners.
        let t = try Transformer(from: .wgs84, to: utm50)
        let box = Box(minX: 110, minY: 30, maxX: 124, maxY: 40)
        let envelope = try t.envelope(of: box)
        let south = try #require(t.transform(x: 117, y: 30))
        let corner = try #require(t.transform(x: 110, y: 30))
        #expect(south.y < corner.y - 10_000)
        #expect(abs(envelope.minY - south.y) < 1e-6)
        for (lon, lat) in [(110.0, 40.0), (124, 40), (117, 40), (110, 35), (124, 35)] {
            let p = try #require(t.transform(x: lon, y: lat))
            #expect(envelope.contains(x: p.x, y: p.y))
        }
        // Corners alone would have missed the dip.
        let corners = try t.envelope(of: box, samplesPerEdge: 1)
        #expect(corners.minY > envelope.minY + 10_000)
    }

    @Test func anEnvelopeGoesBackToLongitudeAndLatitude() throws {
        let t = try Transformer(from: .wgs84, to: gk)
        let c = CRSFixtures.centreIn4547
        let box = Box(minX: c.x - 10_000, minY: c.y - 10_000, maxX: c.x + 10_000, maxY: c.y + 10_000)
        let lonLat = try t.envelope(of: box, .inverse)
        #expect(lonLat.contains(x: CRSFixtures.centre.lon, y: CRSFixtures.centre.lat))
        #expect(abs(lonLat.height - 20_000 / 110_900) < 0.002)
    }

    @Test func anEnvelopePartlyOutsideKeepsWhatProjectsAndAllOutsideFails() throws {
        let t = try Transformer(from: .wgs84, to: .webMercator)
        let partly = try t.envelope(of: Box(minX: 0, minY: 80, maxX: 10, maxY: 95))
        #expect(partly.minY > 1.5e7 && partly.maxY.isFinite)
        #expect(throws: ProjectionError.self) { try t.envelope(of: Box(minX: 0, minY: 91, maxX: 10, maxY: 95)) }
    }

    // MARK: Scale and convergence at a point

    /// PROJ's factors for a transverse Mercator, the numbers Snyder's formulas give, and
    /// the numerical ones of `PointScale` agree.
    @Test(arguments: [(114.0, 33.57), (115.0, 33.57), (113.0, 33.57), (115.4, 45.0), (112.6, 21.6)])
    func scaleAndConvergenceMatchPROJsFactors(lon: Double, lat: Double) throws {
        let factors = try ProjectionFactors(crs: gk, longitude: lon, latitude: lat)
        let point = try PointScale(crs: gk, longitude: lon, latitude: lat)
        // Conformal: one scale in every direction, 1 on the central meridian, growing away.
        #expect(abs(factors.meridionalScale - factors.parallelScale) < 1e-9)
        #expect(abs(factors.angularDistortion) < 1e-5)
        let dl = (lon - 114) * .pi / 180, phi = lat * .pi / 180
        let snyder = 1 + pow(dl * cos(phi), 2) / 2
        #expect(abs(factors.scaleFactor - snyder) < 1e-5)
        #expect(abs(point.groundMetresPerUnitX * factors.parallelScale - 1) < 1e-8)
        #expect(abs(point.groundMetresPerUnitY * factors.meridionalScale - 1) < 1e-8)
        // Convergence: γ ≈ Δλ·sin φ, positive east of the central meridian, as PROJ has it.
        #expect(abs(point.convergence - factors.meridianConvergence) < 1e-7)
        #expect(abs(point.convergence - (lon - 114) * sin(phi)) < 0.01)
    }

    @Test func convergenceInUTMAndWebMercator() throws {
        // The district is 3° west of UTM 50N's central meridian: grid north is west of true
        // north, and the north arrow turns clockwise.
        let utm = try PointScale(crs: utm50, longitude: 114.02, latitude: 33.57)
        #expect(abs(utm.convergence - (-1.65)) < 0.02)
        #expect(abs(utm.convergence - (try ProjectionFactors(crs: utm50, longitude: 114.02, latitude: 33.57)).meridianConvergence) < 1e-7)
        #expect(utm.northArrowRotation(bearing: 0) > 1.6)
        #expect(abs(utm.northArrowRotation(bearing: 30) - (-30 - utm.convergence)) < 1e-12)
        let merc = try PointScale(crs: .webMercator, longitude: 114.02, latitude: 33.57)
        #expect(abs(merc.convergence) < 1e-9)
        let geographic = try PointScale(crs: .wgs84, longitude: 114.02, latitude: 33.57)
        #expect(abs(geographic.convergence) < 1e-9)
    }

    /// Ground resolution at a point: 1/k in a metric CRS; cos φ times the ellipsoid's radii
    /// in Web Mercator, as PROJ's factors say; degrees' lengths in a geographic CRS.
    @Test func groundResolutionAtAPoint() throws {
        let c = CRSFixtures.centreIn4547
        let here = try PointScale(crs: gk, x: c.x, y: c.y)
        #expect(abs(here.longitude - 114.02) < 1e-9 && abs(here.latitude - 33.57) < 1e-9)
        let k = try ProjectionFactors(crs: gk, longitude: 114.02, latitude: 33.57).scaleFactor
        #expect(abs(here.groundResolution(unitsPerPixel: 2) - 2 / k) < 1e-8)

        let merc = try PointScale(crs: .webMercator, longitude: 114.02, latitude: 33.57)
        let f = try ProjectionFactors(crs: .webMercator, longitude: 114.02, latitude: 33.57)
        #expect(abs(merc.groundMetresPerUnitX * f.parallelScale - 1) < 1e-7)
        #expect(abs(merc.groundMetresPerUnitY * f.meridionalScale - 1) < 1e-7)
        #expect(abs(merc.groundMetresPerUnitX / cos(33.57 * .pi / 180) - 1) < 0.002)

        let degrees = try PointScale(crs: .wgs84, longitude: 114.02, latitude: 33.57)
        #expect(abs(degrees.groundMetresPerUnitY - 110_914.643) < 1e-3)  // a degree of latitude at 33.57°
        #expect(abs(degrees.groundMetresPerUnitX - 92_847.683) < 1e-3)  // a degree of longitude there
        // In feet: a US-foot Gauss-Kruger gives 0.3048006 m per unit.
        let feet = try CRS("+proj=tmerc +lon_0=114 +k=1 +x_0=500000 +ellps=GRS80 +units=us-ft")
        let f1 = try PointScale(crs: feet, longitude: 114, latitude: 33.57)
        #expect(abs(f1.groundMetresPerUnitX - 1200.0 / 3937) < 1e-9)
    }

    @Test func factorsNeedAProjectedCRS() {
        #expect(throws: ProjectionError.noFactors(crs: "EPSG:4326", reason: "it is not a projected CRS")) {
            _ = try ProjectionFactors(crs: .wgs84, longitude: 114, latitude: 33)
        }
    }

    // MARK: Zoom in any CRS

    @Test func webMercatorZoomIsMapLibres() throws {
        let upp = try GroundScale.unitsPerPixel(zoom: 0, in: .webMercator, longitude: 114, latitude: 33.5)
        #expect(abs(upp / (2 * Double.pi * 6378137 / 512) - 1) < 1e-9)
        let z = try GroundScale.zoom(unitsPerPixel: 2 * Double.pi * 6378137 / (512 * 4096), in: .webMercator, longitude: 10, latitude: 60)
        #expect(abs(z - 12) < 1e-9)
    }

    /// The same zoom shows the same ground (on MapLibre's sphere) in every CRS, and zoom →
    /// units per pixel → zoom comes back.
    @Test(arguments: ["EPSG:4547", "EPSG:32650", "EPSG:3857", "EPSG:4326", "EPSG:2383", CRSFixtures.gaussKruger114PROJ + " +units=us-ft"])
    func zoomRoundTripsInEveryCRS(text: String) throws {
        let crs = try CRS(text)
        let (lon, lat) = CRSFixtures.centre
        for zoom in [3.0, 9.5, 12, 17.25] {
            let upp = try GroundScale.unitsPerPixel(zoom: zoom, in: crs, longitude: lon, latitude: lat)
            #expect(abs(try GroundScale.zoom(unitsPerPixel: upp, in: crs, longitude: lon, latitude: lat) - zoom) < 1e-9)
        }
        // Ground shown per pixel agrees with Web Mercator's within the sphere/ellipsoid
        // difference (0.5%).
        let upp = try GroundScale.unitsPerPixel(zoom: 12, in: crs, longitude: lon, latitude: lat)
        let ground = try PointScale(crs: crs, longitude: lon, latitude: lat).groundResolution(unitsPerPixel: upp)
        let maplibre = try PointScale(crs: .webMercator, longitude: lon, latitude: lat)
            .groundResolution(unitsPerPixel: GroundScale.unitsPerPixel(zoom: 12, in: .webMercator, longitude: lon, latitude: lat))
        #expect(abs(ground / maplibre - 1) < 0.005, "\(ground) against \(maplibre)")
    }
}
