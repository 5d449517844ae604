// The pixel work of PNG encoding, kept in C for speed: turning Cairo's premultiplied
// pixels into filtered scanlines, and deflating a piece of them. Pieces are independent,
// so the Swift side (PNGEncoder.swift) runs them on all cores and writes the file.
#include "png_encoder.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int cartouche_png_rows_opaque(const unsigned char *pixels, int width, int y0, int y1, int stride) {
    for (int y = y0; y < y1; y++) {
        const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
        uint32_t all = 0xFF000000u;
        for (int x = 0; x < width; x++) all &= row[x];
        if ((all >> 24) != 0xFF) return 0;
    }
    return 1;
}

void cartouche_png_scanlines(const unsigned char *pixels, int width, int y0, int y1, int stride,
                             int channels, unsigned char *out) {
    for (int y = y0; y < y1; y++) {
        const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
        // The Sub filter alone: nearly the compression of adaptive filtering on maps at a
        // fraction of its cost.
        *out++ = 1;
        unsigned char previous[4] = {0, 0, 0, 0};
        for (int x = 0; x < width; x++) {
            uint32_t p = row[x];
            uint32_t a = p >> 24, r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (a != 0xFF && a != 0) {
                // Un-premultiply with rounding.
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            unsigned char straight[4] = {(unsigned char)r, (unsigned char)g, (unsigned char)b, (unsigned char)a};
            for (int c = 0; c < channels; c++) {
                out[c] = (unsigned char)(straight[c] - previous[c]);
                previous[c] = straight[c];
            }
            out += channels;
        }
    }
}

int cartouche_deflate_piece(const unsigned char *dictionary, size_t dictionary_length,
                            const unsigned char *input, size_t length, int level, int last,
                            cartouche_png_buffer *out) {
    out->data = NULL;
    out->size = out->capacity = 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    // Raw deflate: the zlib header and checksum are written once for the whole stream.
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 1;
    if (dictionary_length > 0 &&
        deflateSetDictionary(&z, dictionary, (uInt)dictionary_length) != Z_OK) {
        deflateEnd(&z);
        return 1;
    }
    size_t capacity = deflateBound(&z, length) + 16;
    out->data = malloc(capacity);
    if (!out->data) {
        deflateEnd(&z);
        return 1;
    }
    out->capacity = capacity;
    z.next_in = (Bytef *)input;
    z.avail_in = (uInt)length;
    z.next_out = out->data;
    z.avail_out = (uInt)capacity;
    // A piece that is not the last ends on a byte boundary with an empty stored block, so
    // the pieces concatenate into one valid stream.
    int status = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
    int ok = last ? status == Z_STREAM_END : (status == Z_OK && z.avail_in == 0);
    out->size = capacity - z.avail_out;
    deflateEnd(&z);
    if (!ok) {
        free(out->data);
        out->data = NULL;
        out->size = out->capacity = 0;
        return 1;
    }
    return 0;
}
