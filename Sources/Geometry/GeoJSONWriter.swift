import JSON

/// Writes a `FeatureTable` as an RFC 7946 FeatureCollection, one feature per line.
/// Coordinates and numbers are written in their shortest round-tripping form, and
/// properties, ids and foreign members as they were read, so reading the output gives back
/// an equal table (`==`).
///
/// A GeometryCollection is written with one member per part (a nested collection was
/// flattened on reading), and a part holding several points as a MultiPoint.
public enum GeoJSONWriter {
    /// The document as it was read: its table, top-level `bbox` and foreign members.
    public static func string(_ document: GeoJSONDocument) -> String {
        string(document.table, bbox: document.bbox, foreignMembers: document.foreignMembers)
    }

    /// A table as a FeatureCollection, with a top-level `bbox` and foreign members if given.
    public static func string(_ table: FeatureTable, bbox: [Double]? = nil, foreignMembers: JSONObject = JSONObject()) -> String {
        var out = "{\"type\":\"FeatureCollection\""
        if let bbox {
            out += ",\"bbox\":"
            writeList(bbox, into: &out) { $1 += formatJSONNumber($0) }
        }
        for entry in foreignMembers {
            out += ","
            JSONWriter.writeString(entry.key, into: &out)
            out += ":"
            JSONWriter().write(entry.value, into: &out)
        }
        out += ",\"features\":["
        for f in 0..<table.count {
            out += f > 0 ? ",\n" : "\n"
            writeFeature(table, f, into: &out)
        }
        out += "\n]}\n"
        return out
    }

    /// Appends feature `f` of the table as one GeoJSON Feature object.
    public static func writeFeature(_ table: FeatureTable, _ f: Int, into out: inout String) {
        out += "{\"type\":\"Feature\""
        if let id = table.ids[f] {
            out += ",\"id\":"
            switch id {
            case .string(let s): JSONWriter.writeString(s, into: &out)
            case .number(let n): out += formatJSONNumber(n)
            }
        }
        out += ",\"geometry\":"
        writeGeometry(table, f, into: &out)
        out += ",\"properties\":"
        JSONWriter().write(.object(table.properties.object(row: f)), into: &out)
        if let foreign = table.foreignMembers[f] {
            for entry in foreign {
                out += ","
                JSONWriter.writeString(entry.key, into: &out)
                out += ":"
                JSONWriter().write(entry.value, into: &out)
            }
        }
        out += "}"
    }

    static func writeGeometry(_ t: FeatureTable, _ f: Int, into out: inout String) {
        guard let type = t.geometryTypes[f] else { out += "null"; return }
        let parts = t.parts(of: f)
        out += "{\"type\":\"\(type.name)\","
        switch type {
        case .point:
            out += "\"coordinates\":"
            if let p = parts.first { writePosition(t, t.points(of: t.rings(of: p).lowerBound).lowerBound, into: &out) } else { out += "[]" }
        case .multiPoint:
            out += "\"coordinates\":"
            writeList(parts.flatMap { t.rings(of: $0).flatMap { t.points(of: $0) } }, into: &out) { writePosition(t, $0, into: &$1) }
        case .lineString:
            out += "\"coordinates\":"
            if let p = parts.first { writeRing(t, t.rings(of: p).lowerBound, into: &out) } else { out += "[]" }
        case .multiLineString:
            out += "\"coordinates\":"
            writeList(Array(parts), into: &out) { writeRing(t, t.rings(of: $0).lowerBound, into: &$1) }
        case .polygon:
            out += "\"coordinates\":"
            if let p = parts.first { writePolygon(t, p, into: &out) } else { out += "[]" }
        case .multiPolygon:
            out += "\"coordinates\":"
            writeList(Array(parts), into: &out) { writePolygon(t, $0, into: &$1) }
        case .geometryCollection:
            out += "\"geometries\":"
            writeList(Array(parts), into: &out) { p, out in
                let rings = t.rings(of: p)
                switch t.partKinds[p] {
                case .point:
                    let points = rings.flatMap { t.points(of: $0) }
                    if points.count == 1 {
                        out += "{\"type\":\"Point\",\"coordinates\":"
                        writePosition(t, points[0], into: &out)
                    } else {
                        out += "{\"type\":\"MultiPoint\",\"coordinates\":"
                        writeList(points, into: &out) { writePosition(t, $0, into: &$1) }
                    }
                case .line:
                    out += "{\"type\":\"LineString\",\"coordinates\":"
                    writeRing(t, rings.lowerBound, into: &out)
                case .polygon:
                    out += "{\"type\":\"Polygon\",\"coordinates\":"
                    writePolygon(t, p, into: &out)
                }
                out += "}"
            }
        }
        out += "}"
    }

    private static func writeList<C: Collection>(_ items: C, into out: inout String, _ element: (C.Element, inout String) -> Void) {
        out += "["
        var first = true
        for item in items {
            if !first { out += "," }
            first = false
            element(item, &out)
        }
        out += "]"
    }

    private static func writePolygon(_ t: FeatureTable, _ part: Int, into out: inout String) {
        writeList(t.rings(of: part), into: &out) { writeRing(t, $0, into: &$1) }
    }

    private static func writeRing(_ t: FeatureTable, _ ring: Int, into out: inout String) {
        writeList(t.points(of: ring), into: &out) { writePosition(t, $0, into: &$1) }
    }

    private static func writePosition(_ t: FeatureTable, _ i: Int, into out: inout String) {
        out += "["
        out += formatJSONNumber(t.x(i))
        out += ","
        out += formatJSONNumber(t.y(i))
        out += "]"
    }
}
