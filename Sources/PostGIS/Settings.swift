import Datasource
import JSON
import Projection

extension PostGISDatasource.Settings {
    /// Everything that makes two sources' datasets differ, for sharing one between them.
    var key: String {
        let selects = JSONWriter().string(.object(self.selects))
        return "\(statementTimeout) \(rowLimit) \(passwordVariable ?? "") \(crs?.definition ?? "") \(selects)"
    }

    /// The settings a source's `metadata` gives (`cartouche:statement-timeout`,
    /// `cartouche:row-limit`, `cartouche:password-env`, `cartouche:layers`) and its
    /// `cartouche:crs`; a value of the wrong kind is an error naming its key.
    public init(metadata: JSONObject, crs: String?, dataset: String) throws {
        self.init()
        func fail(_ key: String, _ expected: String, _ found: JSONValue) -> DatasourceError {
            DatasourceError(dataset: dataset, "\(key): expected \(expected), found \(found.brief)")
        }
        if let value = metadata["cartouche:statement-timeout"] {
            guard let seconds = value.numberValue, seconds > 0, seconds <= 86_400 else { throw fail("cartouche:statement-timeout", "seconds between 0 and 86400", value) }
            statementTimeout = seconds
        }
        if let value = metadata["cartouche:row-limit"] {
            guard let rows = value.numberValue, rows >= 1, rows <= 1e12, rows == rows.rounded() else { throw fail("cartouche:row-limit", "a whole number of rows, at least 1", value) }
            rowLimit = Int(rows)
        }
        if let value = metadata["cartouche:password-env"] {
            guard let name = value.stringValue, !name.isEmpty else { throw fail("cartouche:password-env", "the name of an environment variable", value) }
            passwordVariable = name
        }
        if let value = metadata["cartouche:layers"] {
            guard let object = value.objectValue else { throw fail("cartouche:layers", "an object of layer names and SELECTs", value) }
            selects = object
        }
        if let crs {
            do {
                self.crs = try CRS(crs)
            } catch {
                throw DatasourceError(dataset: dataset, "cartouche:crs: \(error)")
            }
        }
    }
}
