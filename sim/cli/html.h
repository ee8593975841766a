/* A small layer over libxml2's text writer for the HTML pages (report, timeline): elements with
 * attributes, text, and the page frame. HTML elements always get an end tag; SVG ones may be empty. */
#ifndef VDSOSIM_HTML_H
#define VDSOSIM_HTML_H
#include <libxml/xmlwriter.h>

#include "../../common/err.h"

struct html { xmlTextWriterPtr w; xmlBufferPtr buf; const char *path; };

/* Opens PATH and writes the doctype, head (title, inline CSS) and <body>. */
int html_begin(struct html *h, const char *path, const char *title, const char *css);
/* Closes the page and writes it out; 0 or -1 with a message on stderr naming the file. */
int html_end(struct html *h);

/* h_open(h, "td", "class", "v", "title", t, NULL): attributes in name, value pairs (a NULL
 * value skips the pair). h_close writes the end tag; h_empty writes <x .../> (SVG, void elements). */
void h_open(struct html *h, const char *tag, ...);
void h_close(struct html *h);
void h_empty(struct html *h, const char *tag, ...);
void h_text(struct html *h, const char *fmt, ...) VS_PRINTF(2, 3);
/* <tag attrs...>text</tag> with the text last: h_elem(h, "th", "CLOCK_REALTIME", "class", "c", NULL) */
void h_elem(struct html *h, const char *tag, const char *text, ...);

#endif
