#ifndef WIRETRACE_CLIBXML2_SHIM_H
#define WIRETRACE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* libxml2's encoding header pulls in the system ICU headers when it was built with ICU, and they clash
   with the ICU copy inside Foundation ("UErrorCode ... is not present in definition"). wiretrace never
   touches the encoding handler structures whose layout this changes; it only walks parsed trees. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a global function pointer in libxml2, which Swift cannot call directly.
static inline void wiretrace_xmlFree(void *pointer) {
    xmlFree(pointer);
}

/// Parser options for real-world HTML: recover from errors, stay silent, never touch the network.
static inline int wiretrace_htmlOptions(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
}
#endif
