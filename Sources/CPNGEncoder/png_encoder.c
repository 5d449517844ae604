// Writes PNG files from Cairo images without libpng: the pixels are converted and
// Sub-filtered in one pass, compressed by ISA-L's igzip (on map images about the size zlib
// gives at level 3, in a tenth of the time, which is what an atlas of small maps spends
// most of its time on; a large image in pieces on several threads), and the chunks are
// written here.
#include "png_encoder.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "filter_rows reads Cairo's native-endian pixels as little-endian"
#endif

/// A buffer each thread keeps for the next image, so that drawing many images in a row
/// does not map and fault in fresh pages for every one (a batch encodes one per core).
typedef struct {
    unsigned char *data;
    size_t size;
} scratch_buffer;

static pthread_key_t scratch_keys[2];
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void free_scratch(void *buffer) {
    if (!buffer) return;
    free(((scratch_buffer *)buffer)->data);
    free(buffer);
}

static void make_scratch_keys(void) {
    pthread_key_create(&scratch_keys[0], free_scratch);
    pthread_key_create(&scratch_keys[1], free_scratch);
}

/// The calling thread's buffer number `which` (0: filtered rows, 1: ISA-L's level buffer),
/// at least `size` bytes; NULL when out of memory.
static unsigned char *scratch(int which, size_t size) {
    pthread_once(&scratch_once, make_scratch_keys);
    scratch_buffer *buffer = pthread_getspecific(scratch_keys[which]);
    if (!buffer) {
        buffer = calloc(1, sizeof(scratch_buffer));
        if (!buffer || pthread_setspecific(scratch_keys[which], buffer) != 0) {
            free(buffer);
            return NULL;
        }
    }
    if (buffer->size < size) {
        unsigned char *grown = realloc(buffer->data, size);
        if (!grown) return NULL;
        buffer->data = grown;
        buffer->size = size;
    }
    return buffer->data;
}

static void set_error(char *error, size_t error_size, const char *message) {
    if (!error_size) return;
    strncpy(error, message, error_size - 1);
    error[error_size - 1] = 0;
}

/// Makes room for `extra` more bytes; 0 when out of memory.
static int reserve(cartouche_png_buffer *out, size_t extra) {
    if (out->size + extra <= out->capacity) return 1;
    size_t capacity = out->capacity ? out->capacity : 65536;
    while (capacity < out->size + extra) capacity *= 2;
    unsigned char *grown = realloc(out->data, capacity);
    if (!grown) return 0;
    out->data = grown;
    out->capacity = capacity;
    return 1;
}

static void put_u32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/// Appends a chunk whose data is already in place after its 8-byte header at `start`.
static void close_chunk(cartouche_png_buffer *out, size_t start, const char type[4]) {
    size_t length = out->size - start - 8;
    put_u32(out->data + start, (uint32_t)length);
    memcpy(out->data + start + 4, type, 4);
    put_u32(out->data + out->size, crc32_gzip_refl(0, out->data + start + 4, length + 4));
    out->size += 4;
}

static int chunk(cartouche_png_buffer *out, const char type[4], const unsigned char *data, size_t length) {
    if (!reserve(out, length + 12)) return 0;
    size_t start = out->size;
    if (length) memcpy(out->data + start + 8, data, length);
    out->size += 8 + length;
    close_chunk(out, start, type);
    return 1;
}

/// Bytewise a − b of four bytes at once (each byte modulo 256).
static inline uint32_t subtract_bytes(uint32_t a, uint32_t b) {
    const uint32_t high = 0x80808080u;
    return ((a | high) - (b & ~high)) ^ ((a ^ ~b) & high);
}

/// Each row as PNG stores it with the Sub filter: the filter byte, then each byte minus
/// the same byte of the pixel to its left. Opaque images become RGB: a pixel is read as
/// 0xAARRGGBB, byte-swapped to R, G, B in memory and filtered four bytes at a time (the
/// fourth is overwritten by the next pixel; `filtered` has one byte to spare at the end).
/// Other images become RGBA, un-premultiplied with rounding.
static void filter_rows(const unsigned char *pixels, int width, int height, int stride, int opaque,
                        unsigned char *filtered) {
    size_t row_bytes = (size_t)width * (opaque ? 3 : 4) + 1;
    for (int y = 0; y < height; y++) {
        const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
        unsigned char *o = filtered + (size_t)y * row_bytes;
        *o++ = 1;
        if (opaque) {
            uint32_t left = 0;
            for (int x = 0; x < width; x++) {
                uint32_t rgb = __builtin_bswap32(row[x]) >> 8;   // bytes R, G, B, 0
                uint32_t d = subtract_bytes(rgb, left);
                memcpy(o, &d, 4);
                o += 3;
                left = rgb;
            }
            continue;
        }
        uint32_t pr = 0, pg = 0, pb = 0, pa = 0;
        for (int x = 0; x < width; x++) {
            uint32_t p = row[x];
            uint32_t a = p >> 24, r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (a != 0xFF && a != 0) {
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            o[0] = (unsigned char)(r - pr);
            o[1] = (unsigned char)(g - pg);
            o[2] = (unsigned char)(b - pb);
            o[3] = (unsigned char)(a - pa);
            o += 4;
            pr = r, pg = g, pb = b, pa = a;
        }
    }
}

/// Whether every pixel's alpha is 255: the AND of all pixels, which compilers vectorise.
static int is_opaque(const unsigned char *pixels, int width, int height, int stride) {
    uint32_t all = 0xFFFFFFFFu;
    for (int y = 0; y < height; y++) {
        const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
        for (int x = 0; x < width; x++) all &= row[x];
        if ((all >> 24) != 0xFF) return 0;
    }
    return 1;
}

/// One piece of the image's deflate stream: `rows` rows filtered a strip at a time into a
/// small buffer and handed to ISA-L as they are made (so the filtered image, 12 MB for a
/// 2000 x 2000 RGB map, is never held whole), as raw deflate blocks of its own, ending
/// byte-aligned (a sync flush) or, for the last piece, ending the stream.
typedef struct {
    const unsigned char *pixels;
    int width, stride, opaque, level, rows, last;
    cartouche_png_buffer out;
    uint32_t adler;        // of the piece's filtered bytes, from 1
    uint64_t length;       // filtered bytes
    const char *failure;   // NULL when it worked
} deflate_piece;

static void deflate_piece_run(deflate_piece *piece) {
    static const uint32_t level_buffer_sizes[] = {ISAL_DEF_LVL0_DEFAULT, ISAL_DEF_LVL1_DEFAULT,
                                                  ISAL_DEF_LVL2_DEFAULT, ISAL_DEF_LVL3_DEFAULT};
    size_t row_bytes = (size_t)piece->width * (piece->opaque ? 3 : 4) + 1;
    int strip_rows = (int)(262144 / row_bytes) + 1;
    unsigned char *strip = scratch(0, row_bytes * (size_t)strip_rows + 1);
    struct isal_zstream stream;
    isal_deflate_init(&stream);
    stream.level = (uint32_t)piece->level;
    stream.level_buf_size = level_buffer_sizes[piece->level];
    stream.level_buf = stream.level_buf_size ? scratch(1, stream.level_buf_size) : NULL;
    // Room for a tenth of the input at once (maps compress to that or less), more when needed.
    if (!strip || (stream.level_buf_size && !stream.level_buf) || !reserve(&piece->out, row_bytes * (size_t)piece->rows / 8 + 1024)) {
        piece->failure = "out of memory";
        return;
    }
    stream.gzip_flag = IGZIP_DEFLATE;
    piece->adler = 1;
    for (int y = 0; y < piece->rows; y += strip_rows) {
        int rows = piece->rows - y < strip_rows ? piece->rows - y : strip_rows;
        int final = y + rows == piece->rows;
        filter_rows(piece->pixels + (size_t)y * piece->stride, piece->width, rows, piece->stride, piece->opaque, strip);
        stream.next_in = strip;
        stream.avail_in = (uint32_t)(row_bytes * (size_t)rows);
        piece->adler = isal_adler32(piece->adler, strip, stream.avail_in);
        piece->length += stream.avail_in;
        stream.end_of_stream = final && piece->last;
        stream.flush = final && !piece->last ? SYNC_FLUSH : NO_FLUSH;
        // Until ISA-L has taken the strip and, after the piece's last, written its end
        // (ISA-L is done when it leaves room in the output), growing the output when full.
        for (;;) {
            if (!reserve(&piece->out, 65536)) {
                piece->failure = "out of memory";
                return;
            }
            stream.next_out = piece->out.data + piece->out.size;
            stream.avail_out = (uint32_t)(piece->out.capacity - piece->out.size);
            uint32_t before = stream.avail_out;
            if (isal_deflate(&stream) != COMP_OK) {
                piece->failure = "ISA-L compression failed";
                return;
            }
            piece->out.size += before - stream.avail_out;
            int done = stream.avail_in == 0 && (stream.end_of_stream ? stream.internal_state.state == ZSTATE_END
                                                                    : stream.avail_out > 0);
            if (done) break;
        }
    }
}

/// The Adler-32 of two byte runs one after the other, from each run's own and the second's
/// length (RFC 1950's sums: the second run's byte sum moves on from the first's, and each
/// of its prefix sums gains the first's byte sum).
static uint32_t adler32_joined(uint32_t first, uint32_t second, uint64_t second_length) {
    const uint32_t base = 65521;
    uint32_t a1 = first & 0xFFFF, b1 = first >> 16, a2 = second & 0xFFFF, b2 = second >> 16;
    uint32_t n = (uint32_t)(second_length % base);
    uint32_t a = (a1 + a2 + base - 1) % base;
    uint32_t b = (uint32_t)((b1 + b2 + (uint64_t)n * ((a1 + base - 1) % base)) % base);
    return b << 16 | a;
}

typedef struct {
    deflate_piece *pieces;
    int count;
    int next;   // the next piece to take, under `lock`
    pthread_mutex_t lock;
} piece_queue;

static void *deflate_pieces(void *argument) {
    piece_queue *queue = argument;
    for (;;) {
        pthread_mutex_lock(&queue->lock);
        int i = queue->next++;
        pthread_mutex_unlock(&queue->lock);
        if (i >= queue->count) return NULL;
        deflate_piece_run(&queue->pieces[i]);
    }
}

/// A large image is compressed in this many pieces, whatever the number of threads, so that
/// the file's bytes depend on the image alone; each piece starts without the previous one's
/// history, which costs about a tenth of a percent of the file.
enum { max_pieces = 4 };

/// The zlib stream of the image's filtered rows, appended to `out` (an IDAT chunk's data):
/// large images in pieces compressed on up to `threads` threads (this one included) and
/// joined as pigz joins them.
static int compress_image(cartouche_png_buffer *out, const unsigned char *pixels, int width, int height, int stride,
                          int opaque, int level, int threads, char *error, size_t error_size) {
    size_t row_bytes = (size_t)width * (opaque ? 3 : 4) + 1;
    int count = row_bytes * (size_t)height >= ((size_t)4 << 20) && height >= max_pieces ? max_pieces : 1;
    deflate_piece pieces[max_pieces];
    memset(pieces, 0, sizeof pieces);
    for (int i = 0; i < count; i++) {
        int first = height * i / count, end = height * (i + 1) / count;
        pieces[i] = (deflate_piece){ .pixels = pixels + (size_t)first * stride, .width = width, .stride = stride,
                                     .opaque = opaque, .level = level, .rows = end - first, .last = i == count - 1 };
    }
    piece_queue queue = { .pieces = pieces, .count = count, .next = 0 };
    pthread_mutex_init(&queue.lock, NULL);
    pthread_t helpers[max_pieces];
    int started = 0;
    while (started < threads - 1 && started < count - 1
           && pthread_create(&helpers[started], NULL, deflate_pieces, &queue) == 0) started++;
    deflate_pieces(&queue);
    for (int i = 0; i < started; i++) pthread_join(helpers[i], NULL);
    pthread_mutex_destroy(&queue.lock);

    int ok = 1;
    uint32_t adler = 1;
    size_t total = 0;
    for (int i = 0; i < count; i++) {
        if (pieces[i].failure) {
            set_error(error, error_size, pieces[i].failure);
            ok = 0;
        }
        adler = adler32_joined(adler, pieces[i].adler, pieces[i].length);
        total += pieces[i].out.size;
    }
    // The zlib header (deflate, 32 KB window, no dictionary, a check that makes it a
    // multiple of 31), the pieces, and the Adler-32 of all filtered rows.
    if (ok && reserve(out, total + 6)) {
        out->data[out->size++] = 0x78;
        out->data[out->size++] = 0x01;
        for (int i = 0; i < count; i++) {
            memcpy(out->data + out->size, pieces[i].out.data, pieces[i].out.size);
            out->size += pieces[i].out.size;
        }
        put_u32(out->data + out->size, adler);
        out->size += 4;
    } else if (ok) {
        set_error(error, error_size, "out of memory");
        ok = 0;
    }
    for (int i = 0; i < count; i++) free(pieces[i].out.data);
    return ok;
}

int cartouche_png_encode_argb32(const unsigned char *pixels, int width, int height, int stride,
                                int compression_level, double dpi, int threads,
                                cartouche_png_buffer *out, char *error, size_t error_size) {
    if (error_size) error[0] = 0;
    out->data = NULL;
    out->size = 0;
    out->capacity = 0;
    if (width <= 0 || height <= 0) {
        set_error(error, error_size, "an image needs at least one pixel");
        return 1;
    }

    const int opaque = is_opaque(pixels, width, height, stride);
    if (!reserve(out, 1024)) {
        set_error(error, error_size, "out of memory");
        return 1;
    }

    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    memcpy(out->data, signature, 8);
    out->size = 8;
    unsigned char header[13];
    put_u32(header, (uint32_t)width);
    put_u32(header + 4, (uint32_t)height);
    header[8] = 8;                   // bits per channel
    header[9] = opaque ? 2 : 6;      // RGB or RGBA
    header[10] = header[11] = header[12] = 0;   // deflate, adaptive filtering, no interlace
    int ok = chunk(out, "IHDR", header, 13);
    if (ok && dpi > 0) {
        unsigned char physical[9];
        uint32_t ppm = (uint32_t)(dpi / 0.0254 + 0.5);
        put_u32(physical, ppm);
        put_u32(physical + 4, ppm);
        physical[8] = 1;             // metres
        ok = chunk(out, "pHYs", physical, 9);
    }
    // Levels: 0 fastest, 1–3 ISA-L's level 1, 4–6 level 2, 7–9 level 3.
    int level = compression_level <= 0 ? 0 : compression_level <= 3 ? 1 : compression_level <= 6 ? 2 : 3;
    size_t idat = out->size;
    ok = ok && reserve(out, 8);
    if (ok) {
        out->size += 8;
        ok = compress_image(out, pixels, width, height, stride, opaque, level, threads < 1 ? 1 : threads, error, error_size) && reserve(out, 4);
    }
    if (ok) close_chunk(out, idat, "IDAT");
    ok = ok && chunk(out, "IEND", NULL, 0);
    if (!ok) {
        if (error_size && !error[0]) set_error(error, error_size, "out of memory");
        free(out->data);
        out->data = NULL;
        out->size = out->capacity = 0;
        return 1;
    }
    return 0;
}
