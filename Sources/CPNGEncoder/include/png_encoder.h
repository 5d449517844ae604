#ifndef CARTOUCHE_PNG_ENCODER_H
#define CARTOUCHE_PNG_ENCODER_H

#include <stddef.h>

/// A byte buffer; `data` is allocated with malloc and freed by the caller.
typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
} cartouche_png_buffer;

/// 1 when every pixel of rows [y0, y1) of a Cairo ARGB32 image is opaque, else 0.
int cartouche_png_rows_opaque(const unsigned char *pixels, int width, int y0, int y1, int stride);

/// Rows [y0, y1) of a Cairo ARGB32 image (premultiplied, native-endian 32-bit pixels) as
/// PNG scanlines: each a filter byte (Sub) and the row as straight-alpha RGB (channels 3)
/// or RGBA (channels 4), Sub-filtered. `out` holds (y1 - y0) * (1 + width * channels) bytes.
void cartouche_png_scanlines(const unsigned char *pixels, int width, int y0, int y1, int stride,
                             int channels, unsigned char *out);

/// Raw deflate of `input`, primed with `dictionary` (the up to 32 KiB before it in the
/// stream); `last` ends the stream, otherwise the piece ends with a sync flush so pieces
/// concatenate. Returns 0 on success, with the bytes in `out`.
int cartouche_deflate_piece(const unsigned char *dictionary, size_t dictionary_length,
                            const unsigned char *input, size_t length, int level, int last,
                            cartouche_png_buffer *out);

#endif
