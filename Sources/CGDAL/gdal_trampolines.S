// One trampoline per GDAL function Cartouche calls (gdal_symbols.h), so that libgdal and
// the hundred libraries it needs are loaded only by a process that uses GDAL: linked at
// start-up they cost every run of `cartouche` about 35 ms before its first line, a tenth
// of a 2000 x 2000 PNG from GeoJSON or vector tiles.
//
// The trampoline `GDALOpenEx` jumps through cartouche_gdal_address_GDALOpenEx. Until GDAL is
// loaded, that address is the trampoline's first-call stub, which loads GDAL and fills in
// every address (cartouche_gdal_resolve_all, keeping the argument registers as they were)
// and jumps again, now into libgdal. The symbols are hidden: libgdal never binds to them.

#if defined(__x86_64__)

#define CARTOUCHE_GDAL(name) \
    .text; .p2align 4; .globl name; .hidden name; .type name, @function; \
name: jmp *cartouche_gdal_address_##name(%rip); .size name, . - name; \
cartouche_gdal_first_call_##name: call cartouche_gdal_resolve_preserving_arguments; \
    jmp *cartouche_gdal_address_##name(%rip); \
    .data; .p2align 3; .globl cartouche_gdal_address_##name; .hidden cartouche_gdal_address_##name; \
cartouche_gdal_address_##name: .quad cartouche_gdal_first_call_##name;

#include "gdal_symbols.h"

// Loads GDAL with every register a call may pass arguments in saved: the integer ones,
// %rax (the vector register count of a variadic call), %r10 and %xmm0-7.
    .text
    .p2align 4
    .type cartouche_gdal_resolve_preserving_arguments, @function
cartouche_gdal_resolve_preserving_arguments:
    pushq %rbp
    movq %rsp, %rbp
    subq $192, %rsp
    andq $-16, %rsp
    movq %rdi, 0(%rsp)
    movq %rsi, 8(%rsp)
    movq %rdx, 16(%rsp)
    movq %rcx, 24(%rsp)
    movq %r8, 32(%rsp)
    movq %r9, 40(%rsp)
    movq %rax, 48(%rsp)
    movq %r10, 56(%rsp)
    movdqa %xmm0, 64(%rsp)
    movdqa %xmm1, 80(%rsp)
    movdqa %xmm2, 96(%rsp)
    movdqa %xmm3, 112(%rsp)
    movdqa %xmm4, 128(%rsp)
    movdqa %xmm5, 144(%rsp)
    movdqa %xmm6, 160(%rsp)
    movdqa %xmm7, 176(%rsp)
    call cartouche_gdal_resolve_all
    movq 0(%rsp), %rdi
    movq 8(%rsp), %rsi
    movq 16(%rsp), %rdx
    movq 24(%rsp), %rcx
    movq 32(%rsp), %r8
    movq 40(%rsp), %r9
    movq 48(%rsp), %rax
    movq 56(%rsp), %r10
    movdqa 64(%rsp), %xmm0
    movdqa 80(%rsp), %xmm1
    movdqa 96(%rsp), %xmm2
    movdqa 112(%rsp), %xmm3
    movdqa 128(%rsp), %xmm4
    movdqa 144(%rsp), %xmm5
    movdqa 160(%rsp), %xmm6
    movdqa 176(%rsp), %xmm7
    movq %rbp, %rsp
    popq %rbp
    ret
    .size cartouche_gdal_resolve_preserving_arguments, . - cartouche_gdal_resolve_preserving_arguments

#elif defined(__aarch64__)

#define CARTOUCHE_GDAL(name) \
    .text; .p2align 2; .globl name; .hidden name; .type name, %function; \
name: adrp x16, cartouche_gdal_address_##name; ldr x16, [x16, :lo12:cartouche_gdal_address_##name]; br x16; \
    .size name, . - name; \
cartouche_gdal_first_call_##name: stp x29, x30, [sp, -16]!; mov x29, sp; \
    bl cartouche_gdal_resolve_preserving_arguments; ldp x29, x30, [sp], 16; \
    adrp x16, cartouche_gdal_address_##name; ldr x16, [x16, :lo12:cartouche_gdal_address_##name]; br x16; \
    .data; .p2align 3; .globl cartouche_gdal_address_##name; .hidden cartouche_gdal_address_##name; \
cartouche_gdal_address_##name: .quad cartouche_gdal_first_call_##name;

#include "gdal_symbols.h"

// Loads GDAL with the argument registers x0-x7, the indirect result register x8 and
// q0-q7 saved.
    .text
    .p2align 2
    .type cartouche_gdal_resolve_preserving_arguments, %function
cartouche_gdal_resolve_preserving_arguments:
    stp x29, x30, [sp, -224]!
    mov x29, sp
    stp x0, x1, [sp, 16]
    stp x2, x3, [sp, 32]
    stp x4, x5, [sp, 48]
    stp x6, x7, [sp, 64]
    str x8, [sp, 80]
    stp q0, q1, [sp, 96]
    stp q2, q3, [sp, 128]
    stp q4, q5, [sp, 160]
    stp q6, q7, [sp, 192]
    bl cartouche_gdal_resolve_all
    ldp x0, x1, [sp, 16]
    ldp x2, x3, [sp, 32]
    ldp x4, x5, [sp, 48]
    ldp x6, x7, [sp, 64]
    ldr x8, [sp, 80]
    ldp q0, q1, [sp, 96]
    ldp q2, q3, [sp, 128]
    ldp q4, q5, [sp, 160]
    ldp q6, q7, [sp, 192]
    ldp x29, x30, [sp], 224
    ret
    .size cartouche_gdal_resolve_preserving_arguments, . - cartouche_gdal_resolve_preserving_arguments

#else
#error "gdal_trampolines.S has trampolines for x86_64 and aarch64 only"
#endif

    .section .note.GNU-stack, "", %progbits
