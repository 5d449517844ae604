import Geometry
import Render
import Style

extension PageCanvas {
    /// The table of `PageInputs.table`: a bold header, rows under thin rules, each row's
    /// colour as a dot before its first cell; rows that do not fit the height continue in a
    /// block beside. A table too wide for the room beside the map is set smaller (down to
    /// 4.5 pt); rows that still do not fit end in a line saying how many are left out.
    mutating func addTable(_ element: TableElement) {
        guard let table = inputs.table, !table.rows.isEmpty else { return }
        let gap = 1.6 * ratio * 96 / 25.4
        let reference = reference(element.placement)
        let frame = device(layout.mapFrame)
        var room = reference.width
        if element.placement.reference == .page {
            if element.placement.anchor.hasSuffix("right"), frame.maxX < reference.maxX - 10 * ratio * 96 / 25.4 {
                room = reference.maxX - frame.maxX - gap
            } else if element.placement.anchor.hasSuffix("left"), frame.minX > reference.minX + 10 * ratio * 96 / 25.4 {
                room = frame.minX - reference.minX - gap
            }
        }
        let height = element.maxHeight.map { $0 * ratio } ?? (reference.height - element.placement.offset.1 * ratio)
        var settings = element.text
        var shown = table.rows.count
        var built = TableBlocks(self, table, element, settings, rows: shown, maxHeight: height)
        for _ in 0..<4 where built.width > room && settings.size > 4.5 * 96 / 72 {
            settings.size = max(4.5 * 96 / 72, settings.size * room / built.width * 0.98)
            built = TableBlocks(self, table, element, settings, rows: shown, maxHeight: height)
        }
        while built.width > room && built.blocks.count > 1 && shown > 1 {
            // Keep the blocks that fit and count the rest.
            let perBlock = built.blocks[0].count
            shown = min(shown - 1, perBlock * max(1, built.blocks.count - 1) - 1)
            built = TableBlocks(self, table, element, settings, rows: shown, maxHeight: height)
        }
        let o = origin(element.placement, size: (built.width, built.height))
        scene.layers.append(built.layer(at: o, table: table, gap: gap, ratio: ratio))
    }


    /// Category names with their marker colours, one per row, in a white box.
    mutating func addCategories(_ element: CategoriesElement) {
        guard !inputs.categories.isEmpty else { return }
        let gap = 1.6 * ratio * 96 / 25.4
        let r = element.text.size * ratio * 0.55
        var bold = element.text
        bold.font = bold.font.map { $0.hasSuffix(" Regular") ? String($0.dropLast(8)) + " Bold" : $0 }
        let title = element.title.map { label($0, bold) }
        let rows = inputs.categories.map { label($0.name, element.text) }
        let rowHeight = max(2 * r, rows.map(\.height).max() ?? 0) + gap / 2
        let width = max(title?.width ?? 0, 2 * r + gap + (rows.map(\.width).max() ?? 0)) + 2 * gap
        let height = 2 * gap + (title.map { $0.height + gap / 2 } ?? 0) + rowHeight * Double(rows.count) - gap / 2
        let o = origin(element.placement, size: (width, height))
        var layer = SceneLayer(id: "categories")
        layer.paths.addRectangle(Box(minX: o.x, minY: o.y, maxX: o.x + width, maxY: o.y + height))
        layer.commands.append(.fill(subpaths: 0..<1, paint: FillPaint(color: Color(r: 1, g: 1, b: 1, a: 0.9),
                                                                     outline: Color(r: 0.4, g: 0.4, b: 0.4))))
        var y = o.y + gap
        if let title {
            layer.commands.append(.label(title.moved(dx: o.x + gap, dy: y)))
            y += title.height + gap / 2
        }
        for (category, text) in zip(inputs.categories, rows) {
            let cy = y + (rowHeight - gap / 2) / 2
            layer.commands.append(.circle(x: o.x + gap + r, y: cy, paint: CirclePaint(radius: r, color: category.color,
                                                                                    strokeWidth: r / 4, strokeColor: .white)))
            layer.commands.append(.label(text.moved(dx: o.x + gap + 2 * r + gap, dy: cy - text.height / 2)))
            y += rowHeight
        }
        scene.layers.append(layer)
    }
}

/// A table laid out: its cells as text, column widths, and rows split into blocks.
struct TableBlocks {
    var header: [PlacedLabel]
    var cells: [[PlacedLabel]]
    var title: PlacedLabel?
    var widths: [Double]
    var rowHeights: [Double]
    var headerHeight: Double
    var titleHeight: Double
    var blocks: [[Int]]
    /// How many of the table's rows are shown; a last row past them counts the rest.
    var shown: Int
    var blockWidth: Double
    var dot: Double
    var width: Double
    var height: Double

    /// The first `rows` rows of `table` (and a line counting the others) in `settings`.
    init(_ page: PageCanvas, _ table: TableData, _ element: TableElement, _ settings: TextSettings, rows: Int, maxHeight: Double) {
        let ratio = page.ratio
        let gap = 1.6 * ratio * 96 / 25.4
        var bold = settings
        bold.font = bold.font.map { $0.hasSuffix(" Regular") ? String($0.dropLast(8)) + " Bold" : $0 }
        let maxColumn = element.maxColumnWidth * settings.size / element.text.size
        let header = table.header.map { page.label($0, bold, maxWidth: maxColumn) }
        var texts = Array(table.rows.prefix(rows))
        if rows < table.rows.count {
            texts.append(["…", "还有 \(table.rows.count - rows) 项 (\(table.rows.count - rows) more)"])
        }
        let cells = texts.map { row in row.map { page.label($0, settings, maxWidth: maxColumn) } }
        let dot = table.rowColors == nil ? 0 : settings.size * ratio * 0.9
        let columns = table.header.count
        var widths = (0..<columns).map { c in max(header[c].width, cells.map { c < $0.count ? $0[c].width : 0 }.max() ?? 0) }
        widths[0] += dot == 0 ? 0 : dot + gap / 2
        let rowHeights = cells.map { row in (row.map(\.height).max() ?? 0) + gap / 2 }
        let headerHeight = (header.map(\.height).max() ?? 0) + gap / 2
        let title = element.title.map { t in
            var s = bold
            s.size *= 1.25
            return page.label(t, s)
        }
        let titleHeight = title.map { $0.height + gap / 2 } ?? 0
        let blockWidth = widths.reduce(0, +) + gap * Double(columns - 1)
        var blocks: [[Int]] = [[]]
        var used = headerHeight
        for (i, h) in rowHeights.enumerated() {
            if used + h > maxHeight - titleHeight && !blocks[blocks.count - 1].isEmpty {
                blocks.append([])
                used = headerHeight
            }
            blocks[blocks.count - 1].append(i)
            used += h
        }
        self.header = header
        self.cells = cells
        self.title = title
        self.widths = widths
        self.rowHeights = rowHeights
        self.headerHeight = headerHeight
        self.titleHeight = titleHeight
        self.blocks = blocks
        self.shown = rows
        self.blockWidth = blockWidth
        self.dot = dot
        width = blockWidth * Double(blocks.count) + 2 * gap * Double(blocks.count - 1)
        height = titleHeight + (blocks.map { b in headerHeight + b.reduce(0) { $0 + rowHeights[$1] } }.max() ?? 0)
    }

    func layer(at o: (x: Double, y: Double), table: TableData, gap: Double, ratio: Double) -> SceneLayer {
        var layer = SceneLayer(id: "table")
        if let title { layer.commands.append(.label(title.moved(dx: o.x, dy: o.y))) }
        let rule = StrokePaint(color: Color(r: 0.6, g: 0.6, b: 0.6), width: 0.5 * ratio)
        func addRule(_ x0: Double, _ x1: Double, _ y: Double, _ paint: StrokePaint) {
            let i = layer.paths.subpathCount
            layer.paths.addPolyline([(x0, y), (x1, y)], closed: false)
            layer.commands.append(.stroke(subpaths: i..<(i + 1), paint: paint))
        }
        for (b, rows) in blocks.enumerated() {
            let left = o.x + Double(b) * (blockWidth + 2 * gap)
            var y = o.y + titleHeight
            var x = left
            for c in header.indices {
                layer.commands.append(.label(header[c].moved(dx: x, dy: y)))
                x += widths[c] + gap
            }
            y += headerHeight
            addRule(left, left + blockWidth, y - gap / 4, StrokePaint(color: Color(r: 0.2, g: 0.2, b: 0.2), width: 0.8 * ratio))
            for i in rows {
                x = left
                for c in 0..<min(header.count, cells[i].count) {
                    var cx = x
                    if c == 0, let colors = table.rowColors, i < min(shown, colors.count) {
                        layer.commands.append(.circle(x: x + dot / 2, y: y + cells[i][c].height / 2,
                                                      paint: CirclePaint(radius: dot / 2, color: colors[i])))
                        cx += dot + gap / 2
                    }
                    layer.commands.append(.label(cells[i][c].moved(dx: cx, dy: y)))
                    x += widths[c] + gap
                }
                y += rowHeights[i]
                addRule(left, left + blockWidth, y - gap / 4, rule)
            }
        }
        return layer
    }
}
