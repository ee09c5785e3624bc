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
/* A node budget for one parse: libxml2 builds the whole tree before anything can look at it, and a page of
   millions of empty elements ("<p><p><p>…", 3 bytes each) costs over 100 bytes of tree per input byte. The
   SAX callbacks that make nodes count them, and the parse stops once the budget is spent. The budget lives
   in a thread-local (a parse runs on one thread), not in the context, which a reset may clear. */
typedef struct {
    long nodes;
    long limit;
    int exceeded;
    /* The parser's own callbacks, called for every node within the budget. */
    startElementSAXFunc startElement;
    charactersSAXFunc characters;
    commentSAXFunc comment;
    cdataBlockSAXFunc cdataBlock;
    processingInstructionSAXFunc processingInstruction;
} wiretrace_node_budget;

static __thread wiretrace_node_budget *wiretrace_currentBudget = 0;

/// Counts one node; false (and the parser stopped) once the budget is spent.
static inline int wiretrace_spendNode(void *context) {
    wiretrace_node_budget *budget = wiretrace_currentBudget;
    if (budget == 0) return 1;
    if (budget->exceeded) return 0;
    if (++budget->nodes <= budget->limit) return 1;
    budget->exceeded = 1;
    xmlStopParser((xmlParserCtxtPtr)context);
    return 0;
}

static void wiretrace_startElement(void *context, const xmlChar *name, const xmlChar **attributes) {
    if (wiretrace_spendNode(context) && wiretrace_currentBudget->startElement != 0) wiretrace_currentBudget->startElement(context, name, attributes);
}

static void wiretrace_characters(void *context, const xmlChar *text, int length) {
    if (wiretrace_spendNode(context) && wiretrace_currentBudget->characters != 0) wiretrace_currentBudget->characters(context, text, length);
}

static void wiretrace_comment(void *context, const xmlChar *text) {
    if (wiretrace_spendNode(context) && wiretrace_currentBudget->comment != 0) wiretrace_currentBudget->comment(context, text);
}

static void wiretrace_cdata(void *context, const xmlChar *text, int length) {
    if (wiretrace_spendNode(context) && wiretrace_currentBudget->cdataBlock != 0) wiretrace_currentBudget->cdataBlock(context, text, length);
}

static void wiretrace_processingInstruction(void *context, const xmlChar *target, const xmlChar *data) {
    if (wiretrace_spendNode(context) && wiretrace_currentBudget->processingInstruction != 0) wiretrace_currentBudget->processingInstruction(context, target, data);
}

/// `htmlReadMemory` with at most `limit` nodes (elements, text runs, comments, CDATA, processing
/// instructions). Sets `*exceeded` and returns NULL when the page holds more (the partial tree is freed).
static inline htmlDocPtr wiretrace_htmlReadMemoryLimited(
    const char *buffer, int size, const char *url, const char *encoding, int options, long limit, int *exceeded
) {
    *exceeded = 0;
    htmlParserCtxtPtr context = htmlNewParserCtxt();
    if (context == 0) return 0;
    wiretrace_node_budget budget = {0, limit, 0, 0, 0, 0, 0, 0};
    if (context->sax != 0) {
        budget.startElement = context->sax->startElement;
        budget.characters = context->sax->characters;
        budget.comment = context->sax->comment;
        budget.cdataBlock = context->sax->cdataBlock;
        budget.processingInstruction = context->sax->processingInstruction;
        context->sax->startElement = budget.startElement ? wiretrace_startElement : 0;
        context->sax->characters = budget.characters ? wiretrace_characters : 0;
        context->sax->comment = budget.comment ? wiretrace_comment : 0;
        context->sax->cdataBlock = budget.cdataBlock ? wiretrace_cdata : 0;
        context->sax->processingInstruction = budget.processingInstruction ? wiretrace_processingInstruction : 0;
    }
    wiretrace_node_budget *outer = wiretrace_currentBudget;
    wiretrace_currentBudget = &budget;
    htmlDocPtr document = htmlCtxtReadMemory(context, buffer, size, url, encoding, options);
    wiretrace_currentBudget = outer;
    htmlFreeParserCtxt(context);
    if (budget.exceeded) {
        *exceeded = 1;
        if (document != 0) xmlFreeDoc(document);
        return 0;
    }
    return document;
}
#endif
