import Geometry

extension SVGLayerWriter {
    func writeIcon(_ icon: PlacedIcon, into out: inout SVGBuffer) {}
    func writePatternFill(_ paths: PathBuffer, _ subpaths: Range<Int>, _ paint: PatternPaint, into out: inout SVGBuffer) {}
}

extension PDFScenePainter {
    func drawIcon(_ icon: PlacedIcon, into content: inout PDFContent) {}
    func fillPattern(_ paths: PathBuffer, _ subpaths: Range<Int>, _ paint: PatternPaint, into content: inout PDFContent) {}
}
