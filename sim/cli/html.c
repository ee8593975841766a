#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "html.h"

/* a start tag with its attributes from name, value pairs up to NULL */
static void start(struct html *h, const char *tag, va_list ap)
{
	const char *name;
	xmlTextWriterStartElement(h->w, BAD_CAST tag);
	while ((name = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		if (value)
			xmlTextWriterWriteAttribute(h->w, BAD_CAST name, BAD_CAST value);
	}
}

#define START(h, tag, last)                                                                                  \
	do {                                                                                                  \
		va_list ap;                                                                                   \
		va_start(ap, last);                                                                           \
		start(h, tag, ap);                                                                            \
		va_end(ap);                                                                                   \
	} while (0)

void h_open(struct html *h, const char *tag, ...) { START(h, tag, tag); }

void h_close(struct html *h) { xmlTextWriterFullEndElement(h->w); }

void h_empty(struct html *h, const char *tag, ...)
{
	START(h, tag, tag);
	xmlTextWriterEndElement(h->w);
}

void h_text(struct html *h, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	xmlTextWriterWriteString(h->w, BAD_CAST buf);
}

void h_elem(struct html *h, const char *tag, const char *text, ...)
{
	START(h, tag, text);
	if (text)
		xmlTextWriterWriteString(h->w, BAD_CAST text);
	xmlTextWriterFullEndElement(h->w);
}

int html_begin(struct html *h, const char *path, const char *title, const char *css)
{
	memset(h, 0, sizeof *h);
	h->path = path;
	h->buf = xmlBufferCreate();
	h->w = h->buf ? xmlNewTextWriterMemory(h->buf, 0) : NULL;
	if (!h->w) {
		fprintf(stderr, "vdsosim: %s: out of memory\n", path);
		return -1;
	}
	xmlTextWriterWriteRaw(h->w, BAD_CAST "<!DOCTYPE html>\n");
	h_open(h, "html", "lang", "en", NULL);
	h_open(h, "head", NULL);
	h_empty(h, "meta", "charset", "utf-8", NULL);
	h_empty(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", NULL);
	h_elem(h, "title", title, NULL);
	h_open(h, "style", NULL);
	xmlTextWriterWriteRaw(h->w, BAD_CAST css); /* our own constant: '>' selectors stay as written */
	h_close(h);
	h_close(h);
	h_open(h, "body", NULL);
	return 0;
}

int html_end(struct html *h)
{
	h_close(h); /* body */
	h_close(h); /* html */
	xmlTextWriterEndDocument(h->w);
	xmlFreeTextWriter(h->w);
	size_t len = (size_t)xmlBufferLength(h->buf);
	FILE *f = !strcmp(h->path, "-") ? stdout : fopen(h->path, "wb");
	int bad = !f || fwrite(xmlBufferContent(h->buf), 1, len, f) != len || fputc('\n', f) == EOF;
	if (f == stdout)
		bad |= fflush(stdout) != 0;
	else if (f)
		bad |= fclose(f) != 0;
	if (bad)
		fprintf(stderr, "vdsosim: %s: cannot write the page\n", h->path);
	xmlBufferFree(h->buf);
	return bad ? -1 : 0;
}
