// Which PostgreSQL client to read PostGIS layers with: the same four layers of the peers'
// `medium` data (schema medium, pg.sh load medium) read whole through their GiST index, as
// one 2000x2000 map reads them, by
//   libpq-binary: PQexecParams with binary results, ST_AsBinary -> raw WKB bytes
//   libpq-text:   the same query with text results, WKB as bytea hex, PQunescapeBytea
//   gdal-pg:      GDAL's PostgreSQL driver, spatial filter, OGR_G_ExportToIsoWkb per feature
// Each walks every coordinate of the WKB it gets (summing x), so that all do the same work.
// cc -O2 scripts/pg-client-bench.c -I/usr/include/postgresql -I/usr/include/gdal -lpq -lgdal -o /tmp/pg-client-bench
#include <libpq-fe.h>
#include <ogr_api.h>
#include <gdal.h>
#include <cpl_conv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>

static const char *layers[] = {"roads", "parks", "scenic", "villages"};
static const char *props[] = {"class", "name", "name", "population"};
static const char *conninfo = "host=127.0.0.1 port=55432 dbname=peers user=postgres";
static double box[4] = {113.9, 33.45, 114.14, 33.69};

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

// Sums the x of every point of little-endian WKB (points, lines, polygons, multis).
static double walk(const unsigned char *p, size_t n, size_t *at) {
    double sum = 0;
    uint32_t type; memcpy(&type, p + *at + 1, 4); *at += 5; type %= 1000;
    uint32_t count, rings;
    switch (type) {
    case 1: { double x; memcpy(&x, p + *at, 8); *at += 16; return x; }
    case 2: memcpy(&count, p + *at, 4); *at += 4;
        for (uint32_t i = 0; i < count; i++) { double x; memcpy(&x, p + *at, 8); sum += x; *at += 16; }
        return sum;
    case 3: memcpy(&rings, p + *at, 4); *at += 4;
        for (uint32_t r = 0; r < rings; r++) {
            memcpy(&count, p + *at, 4); *at += 4;
            for (uint32_t i = 0; i < count; i++) { double x; memcpy(&x, p + *at, 8); sum += x; *at += 16; }
        }
        return sum;
    default: memcpy(&count, p + *at, 4); *at += 4;
        for (uint32_t i = 0; i < count; i++) sum += walk(p, n, at);
        return sum;
    }
}

static double libpq(int binary, long *rows) {
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) { fprintf(stderr, "%s", PQerrorMessage(c)); exit(1); }
    double t0 = now(), sum = 0;
    for (int l = 0; l < 4; l++) {
        char sql[512], b[4][32];
        snprintf(sql, sizeof sql, "SELECT ST_AsBinary(geom), \"%s\"::text FROM medium.%s WHERE geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)", props[l], layers[l]);
        const char *params[4];
        for (int i = 0; i < 4; i++) { snprintf(b[i], 32, "%.17g", box[i]); params[i] = b[i]; }
        PGresult *r = PQexecParams(c, sql, 4, NULL, params, NULL, NULL, binary);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) { fprintf(stderr, "%s", PQerrorMessage(c)); exit(1); }
        for (int i = 0; i < PQntuples(r); i++) {
            size_t at = 0, n;
            if (binary) {
                sum += walk((const unsigned char *)PQgetvalue(r, i, 0), PQgetlength(r, i, 0), &at);
            } else {
                unsigned char *w = PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 0), &n);
                sum += walk(w, n, &at);
                PQfreemem(w);
            }
            *rows += 1;
        }
        PQclear(r);
    }
    double t = now() - t0;
    PQfinish(c);
    if (sum == 42) puts("");
    return t;
}

static double gdal(long *rows) {
    GDALDatasetH ds = GDALOpenEx("PG:host=127.0.0.1 port=55432 dbname=peers user=postgres", GDAL_OF_VECTOR, NULL, NULL, NULL);
    if (!ds) { fprintf(stderr, "cannot open\n"); exit(1); }
    double t0 = now(), sum = 0;
    unsigned char *buf = NULL; size_t cap = 0;
    for (int l = 0; l < 4; l++) {
        char name[64]; snprintf(name, sizeof name, "medium.%s", layers[l]);
        OGRLayerH layer = GDALDatasetGetLayerByName(ds, name);
        OGR_L_SetSpatialFilterRect(layer, box[0], box[1], box[2], box[3]);
        OGR_L_ResetReading(layer);
        int field = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), props[l]);
        OGRFeatureH f;
        while ((f = OGR_L_GetNextFeature(layer))) {
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            size_t n = OGR_G_WkbSize(g);
            if (n > cap) { cap = n * 2; buf = realloc(buf, cap); }
            OGR_G_ExportToIsoWkb(g, wkbNDR, buf);
            size_t at = 0;
            sum += walk(buf, n, &at);
            (void)OGR_F_GetFieldAsString(f, field);
            OGR_F_Destroy(f);
            *rows += 1;
        }
    }
    double t = now() - t0;
    GDALClose(ds);
    if (sum == 42) puts("");
    return t;
}

static int cmp(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 15;
    GDALAllRegister();
    const char *names[] = {"libpq-binary", "libpq-text", "gdal-pg"};
    double t[3][64];
    long rows[3] = {0};
    for (int r = 0; r < runs; r++) {   // interleaved, run by run
        t[0][r] = libpq(1, &rows[0]);
        t[1][r] = libpq(0, &rows[1]);
        t[2][r] = gdal(&rows[2]);
    }
    for (int k = 0; k < 3; k++) {
        qsort(t[k], runs, sizeof(double), cmp);
        printf("%-13s median %7.1f ms  (min %6.1f, max %6.1f)  %ld rows per run\n", names[k], t[k][runs / 2] * 1000, t[k][0] * 1000, t[k][runs - 1] * 1000, rows[k] / runs);
    }
    return 0;
}
