"""OWSLib as a WMS client of `cartouche serve`: reads the capabilities, prints what it
found as JSON, and saves a GetMap in EPSG:4547 (OWSLib orders the BBOX by the CRS's axes)."""
import json
import sys

from owslib.wms import WebMapService

url, output = sys.argv[1], sys.argv[2]
wms = WebMapService(url, version="1.3.0")
layer = wms["yuanhui"]
image = wms.getmap(layers=["yuanhui"], styles=[""], srs="EPSG:4547",
                   bbox=(475000, 3700000, 500000, 3725000), size=(400, 400), format="image/png")
with open(output, "wb") as f:
    f.write(image.read())
print(json.dumps({
    "type": wms.identification.type,
    "version": wms.identification.version,
    "layers": list(wms.contents),
    "bbox84": list(layer.boundingBoxWGS84),
    "crs": sorted(layer.crsOptions),
    "legend": layer.styles["default"]["legend"],
    "formats": wms.getOperationByName("GetMap").formatOptions,
    "url": image.geturl(),
}))
