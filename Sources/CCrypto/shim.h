#ifndef WIRETRACE_CCRYPTO_SHIM_H
#define WIRETRACE_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/sha.h>
#endif
