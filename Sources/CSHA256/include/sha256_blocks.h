#ifndef CARTOUCHE_SHA256_BLOCKS_H
#define CARTOUCHE_SHA256_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/// Runs the SHA-256 compression function over `count` 64-byte blocks at `data`, updating
/// the eight state words: with the CPU's SHA extensions where it has them (about ten
/// times faster), else in portable C. Padding and the digest are the caller's.
void cartouche_sha256_blocks(uint32_t state[8], const unsigned char *data, size_t count);

/// The portable C rounds alone, which `cartouche_sha256_blocks` falls back to: for tests,
/// which compare the two on machines that have the extensions.
void cartouche_sha256_blocks_portable(uint32_t state[8], const unsigned char *data, size_t count);

#endif
