import ArgumentParser

/// How the commands that draw maps treat a source they cannot use.
struct SourceOptions: ParsableArguments {
    @Flag(name: .customLong("lenient-sources"), help: """
        Draw the map without a source that cannot be read (a truncated or invalid GeoJSON file) \
        or drawn (an image or video source), with a warning, as MapLibre does. Default: stop with \
        an error, since such a map silently lacks a layer.
        """)
    var lenient = false
}
