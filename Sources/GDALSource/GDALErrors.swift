import CGDAL
import Geometry

/// GDAL reports problems through a process-wide error handler; by default it prints them to
/// stderr. Cartouche installs its own once, before any dataset is opened: failures stay in
/// GDAL's per-thread last error (`CPLGetLastErrorMsg`), which the reader turns into a
/// `DatasourceError` naming the dataset and layer, and warnings are collected per thread so
/// that a read can carry them onto the map's warnings. Nothing GDAL says reaches stderr.
public enum GDALRuntime {
    /// Loads GDAL, registers the drivers and installs the handler, once per process, for
    /// every module that calls GDAL (datasets here, rasters in `Raster`); the reason GDAL
    /// cannot be used, if it cannot (its library is missing or of another version).
    public static let failure: String? = {
        if let reason = cartouche_gdal_load() { return String(cString: reason) }
        CPLSetErrorHandler(collect)
        // A KML placemark's <name> is the feature's `name`, as in GeoJSON and OpenStreetMap,
        // rather than LIBKML's default `Name`, so that styles read it as they read any label.
        CPLSetConfigOption("LIBKML_NAME_FIELD", "name")
        GDALAllRegister()
        return nil
    }()

    /// The warnings GDAL gave on this thread since the last `takeWarnings()`.
    static func takeWarnings() -> [String] {
        let box = warnings.value
        defer { box.messages.removeAll(keepingCapacity: true) }
        return box.messages
    }

    /// Forgets this thread's last error and warnings, before a call whose errors we report.
    static func reset() {
        CPLErrorReset()
        warnings.value.messages.removeAll(keepingCapacity: true)
    }

    /// The message of the last failure on this thread, if the last call failed.
    static var lastFailure: String? {
        let type = CPLGetLastErrorType()
        guard type == CE_Failure || type == CE_Fatal, let text = CPLGetLastErrorMsg(), text.pointee != 0 else { return nil }
        return oneLine(String(cString: text))
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    final class Messages { var messages: [String] = [] }
    static let warnings = PerThread { Messages() }
}

/// The error handler: warnings (and debug messages, which GDAL only sends when CPL_DEBUG is
/// on) are kept for the thread's current read; failures are left to `CPLGetLastErrorMsg`,
/// which GDAL sets before calling the handler.
private func collect(_ type: CPLErr, _ number: CPLErrorNum, _ message: UnsafePointer<CChar>?) {
    guard type == CE_Warning, let message else { return }
    let box = GDALRuntime.warnings.value
    if box.messages.count < 20 { box.messages.append(GDALRuntime.oneLine(String(cString: message))) }
}
