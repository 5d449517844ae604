// libpng reports errors by longjmp, which Swift cannot catch; this file is the one place
// that sets the jump point, so the Swift side only ever sees a return code.
#include "png_encoder.h"

#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    cartouche_png_buffer *out;
    int failed;
} writer_state;

static void write_data(png_structp png, png_bytep data, png_size_t length) {
    writer_state *state = (writer_state *)png_get_io_ptr(png);
    cartouche_png_buffer *out = state->out;
    if (out->size + length > out->capacity) {
        size_t capacity = out->capacity ? out->capacity : 65536;
        while (capacity < out->size + length) capacity *= 2;
        unsigned char *grown = realloc(out->data, capacity);
        if (!grown) {
            state->failed = 1;
            png_error(png, "out of memory");
        }
        out->data = grown;
        out->capacity = capacity;
    }
    memcpy(out->data + out->size, data, length);
    out->size += length;
}

static void flush_data(png_structp png) { (void)png; }

typedef struct {
    char *text;
    size_t size;
} error_message;

static void on_error(png_structp png, png_const_charp message) {
    error_message *target = (error_message *)png_get_error_ptr(png);
    if (target && target->size) {
        strncpy(target->text, message, target->size - 1);
        target->text[target->size - 1] = 0;
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

int cartouche_png_encode_argb32(const unsigned char *pixels, int width, int height, int stride,
                                int compression_level, double dpi,
                                cartouche_png_buffer *out, char *error, size_t error_size) {
    error_message message = {error, error_size};
    if (error_size) error[0] = 0;
    out->data = NULL;
    out->size = 0;
    out->capacity = 0;

    int opaque = 1;
    for (int y = 0; y < height && opaque; y++) {
        const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
        for (int x = 0; x < width; x++) {
            if ((row[x] >> 24) != 0xFF) { opaque = 0; break; }
        }
    }
    const int channels = opaque ? 3 : 4;

    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &message, on_error, on_warning);
    if (!png) {
        if (error_size) strncpy(error, "libpng could not start", error_size - 1);
        return 1;
    }
    png_infop info = png_create_info_struct(png);
    unsigned char *row_buffer = malloc((size_t)width * channels + 1);
    writer_state state = {out, 0};
    if (!info || !row_buffer) {
        png_destroy_write_struct(&png, info ? &info : NULL);
        free(row_buffer);
        if (error_size) strncpy(error, "out of memory", error_size - 1);
        return 1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(row_buffer);
        free(out->data);
        out->data = NULL;
        out->size = out->capacity = 0;
        return 1;
    }
    png_set_write_fn(png, &state, write_data, flush_data);
    png_set_compression_level(png, compression_level);
    // The Sub filter alone: nearly the compression of adaptive filtering on maps at a
    // fraction of its cost.
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (dpi > 0) {
        png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
        unsigned char *o = row_buffer;
        for (int x = 0; x < width; x++) {
            uint32_t p = row[x];
            uint32_t a = p >> 24, r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (a != 0xFF && a != 0) {
                // Un-premultiply with rounding.
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            o[0] = (unsigned char)r;
            o[1] = (unsigned char)g;
            o[2] = (unsigned char)b;
            if (channels == 4) o[3] = (unsigned char)a;
            o += channels;
        }
        png_write_row(png, row_buffer);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row_buffer);
    return 0;
}
