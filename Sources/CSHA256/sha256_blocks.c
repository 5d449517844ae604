// The SHA-256 compression function behind the batch manifest's checksums, in C so that it
// can use the SHA extensions of x86 CPUs (the manifest hashes every file a batch writes).
#include "sha256_blocks.h"


#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#if defined(__x86_64__)
/// The SHA-NI rounds (Intel's SHA extensions): two rounds per instruction.
__attribute__((target("sha,sse4.1")))
static void blocks_shani(uint32_t state[8], const unsigned char *data, size_t count) {
    const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i TMP = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i STATE1 = _mm_loadu_si128((const __m128i *)&state[4]);
    TMP = _mm_shuffle_epi32(TMP, 0xB1);          // CDAB
    STATE1 = _mm_shuffle_epi32(STATE1, 0x1B);    // EFGH
    __m128i STATE0 = _mm_alignr_epi8(TMP, STATE1, 8);    // ABEF
    STATE1 = _mm_blend_epi16(STATE1, TMP, 0xF0);         // CDGH
    while (count--) {
        __m128i ABEF_SAVE = STATE0, CDGH_SAVE = STATE1, MSG, MSG0, MSG1, MSG2, MSG3;
        MSG0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), MASK);
        MSG1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), MASK);
        MSG2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), MASK);
        MSG3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), MASK);
        for (int r = 0; r < 16; r++) {
            MSG = _mm_add_epi32(MSG0, _mm_loadu_si128((const __m128i *)&K[4 * r]));
            STATE1 = _mm_sha256rnds2_epu32(STATE1, STATE0, MSG);
            MSG = _mm_shuffle_epi32(MSG, 0x0E);
            STATE0 = _mm_sha256rnds2_epu32(STATE0, STATE1, MSG);
            if (r < 12) {
                // The next four message words, W[t] from W[t-16] … W[t-1].
                __m128i T = _mm_alignr_epi8(MSG3, MSG2, 4);
                __m128i N = _mm_sha256msg1_epu32(MSG0, MSG1);
                N = _mm_add_epi32(N, T);
                N = _mm_sha256msg2_epu32(N, MSG3);
                MSG0 = MSG1; MSG1 = MSG2; MSG2 = MSG3; MSG3 = N;
            } else {
                MSG0 = MSG1; MSG1 = MSG2; MSG2 = MSG3;
            }
        }
        STATE0 = _mm_add_epi32(STATE0, ABEF_SAVE);
        STATE1 = _mm_add_epi32(STATE1, CDGH_SAVE);
        data += 64;
    }
    TMP = _mm_shuffle_epi32(STATE0, 0x1B);       // FEBA
    STATE1 = _mm_shuffle_epi32(STATE1, 0xB1);    // DCHG
    STATE0 = _mm_blend_epi16(TMP, STATE1, 0xF0); // DCBA
    STATE1 = _mm_alignr_epi8(STATE1, TMP, 8);    // ABEF
    _mm_storeu_si128((__m128i *)&state[0], STATE0);
    _mm_storeu_si128((__m128i *)&state[4], STATE1);
}

/// SHA-NI needs SHA (CPUID leaf 7, EBX bit 29) and SSE4.1 (leaf 1, ECX bit 19).
static int has_shani(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int sha = (b >> 29) & 1;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return sha && ((c >> 19) & 1);   // SSE4.1
}

#endif

/// FIPS 180-4, word by word.
void cartouche_sha256_blocks_portable(uint32_t s[8], const unsigned char *p, size_t count) {
    while (count--) {
        uint32_t w[64];
        for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4*i] << 24 | (uint32_t)p[4*i+1] << 16 | (uint32_t)p[4*i+2] << 8 | p[4*i+3];
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = ROTR(w[i-15], 7) ^ ROTR(w[i-15], 18) ^ (w[i-15] >> 3);
            uint32_t s1 = ROTR(w[i-2], 17) ^ ROTR(w[i-2], 19) ^ (w[i-2] >> 10);
            w[i] = w[i-16] + s0 + w[i-7] + s1;
        }
        uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
        s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e; s[5] += f; s[6] += g; s[7] += h;
        p += 64;
    }
}

void cartouche_sha256_blocks(uint32_t state[8], const unsigned char *data, size_t count) {
#if defined(__x86_64__)
    // -1 unknown, 0 no, 1 yes; threads that race here all store the same answer.
    static int shani = -1;
    int known = __atomic_load_n(&shani, __ATOMIC_RELAXED);
    if (known < 0) {
        known = has_shani();
        __atomic_store_n(&shani, known, __ATOMIC_RELAXED);
    }
    if (known) {
        blocks_shani(state, data, count);
        return;
    }
#endif
    cartouche_sha256_blocks_portable(state, data, count);
}
