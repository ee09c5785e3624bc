#ifndef WIRETRACE_CLIBFUZZER_H
#define WIRETRACE_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in the runtime that `-sanitize=fuzzer` links): runs `callback` over generated inputs
/// with the command-line options in `argv`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
