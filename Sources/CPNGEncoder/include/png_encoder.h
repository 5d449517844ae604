#ifndef CARTOUCHE_PNG_ENCODER_H
#define CARTOUCHE_PNG_ENCODER_H

#include <stddef.h>

/// A growing byte buffer; `data` is allocated with malloc and freed by the caller.
typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
} cartouche_png_buffer;

/// Encodes a Cairo ARGB32 image (premultiplied alpha, native-endian 32-bit pixels) as an
/// 8-bit PNG: RGB when every pixel is opaque, else straight-alpha RGBA. `dpi` > 0 writes a
/// pHYs chunk. `compression_level` keeps zlib's scale: 0 is fastest, 1–3 ISA-L's level 1,
/// 4–6 its level 2, 7–9 its level 3. A large image (4 MB of rows or more) is compressed in
/// four pieces on up to `threads` threads, this one included. The output depends only on
/// the image and the options, not on `threads` (no time stamps either), so identical
/// images give identical files. Returns 0 on success; on failure writes a message into
/// `error`.
int cartouche_png_encode_argb32(const unsigned char *pixels, int width, int height, int stride,
                                int compression_level, double dpi, int threads,
                                cartouche_png_buffer *out, char *error, size_t error_size);

#endif
