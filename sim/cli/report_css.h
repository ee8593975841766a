/* The report's and the timeline's style sheet: one constant, inlined into each page. */
#ifndef VDSOSIM_REPORT_CSS_H
#define VDSOSIM_REPORT_CSS_H
#define REPORT_CSS \
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;padding:1em;color:#1b1b1b;background:#fff}" \
	"h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em}h3{font-size:1em;margin:1em 0 .3em}" \
	"p{max-width:60em}code{font-size:.95em}" \
	".scroll{overflow-x:auto;max-width:100%;border:1px solid #d0d0d0}" \
	"table{border-collapse:collapse}" \
	".mx{font-size:11px}.mx th,.mx td{border:1px solid #e2e2e2;padding:0}" \
	".mx thead th{font-weight:normal;vertical-align:bottom}" \
	".mx thead th.i{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;padding:3px 1px}" \
	".mx th.a{font-weight:bold;padding:2px 4px;background:#f4f4f4}" \
	".mx tbody th{text-align:left;white-space:nowrap;padding:0 6px;position:sticky;left:0;background:#fff;font-weight:normal}" \
	".mx tbody th span{color:#666}" \
	".mx td{white-space:nowrap;line-height:14px}" \
	".mx b{display:inline-block;width:9px;text-align:center;font-weight:normal;color:#fff;font-size:9px}" \
	"b.v{background:#2e7d32}b.s{background:#ef6c00}b.x{background:#b71c1c}" \
	"td.n{background:#f3f3f3}td.u{background:repeating-linear-gradient(45deg,#e8e8e8 0 3px,#fff 3px 6px)}" \
	".key{display:flex;flex-wrap:wrap;gap:.3em 1.2em;align-items:center;margin:.5em 0}" \
	".key span{display:inline-flex;align-items:center;gap:.35em}" \
	"details{margin:.3em 0;border:1px solid #e2e2e2;padding:.2em .5em}summary{cursor:pointer}" \
	".hm{font-size:11px;margin:.3em 0 .8em}.hm th,.hm td{border:1px solid #e8e8e8;padding:0 3px}" \
	".hm thead th{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;white-space:nowrap;padding:3px 0}" \
	".hm td{text-align:right;min-width:1.6em}.hm td.o{font-family:monospace;color:#555}" \
	".hm td.d{text-align:left;font-family:monospace;white-space:nowrap}" \
	"td.l{background:#c8e6c9}td.r{background:#fff176}td.f{background:#ffb74d}td.x{background:#e53935;color:#fff}" \
	"td.z{background:#fff}" \
	".tl svg{max-width:100%;height:auto;display:block}.tl{border:1px solid #e2e2e2;margin:.4em 0;padding:.2em}" \
	"ul.ev{font-size:12px;columns:2 22em}" \
	"@media (max-width:640px){body{padding:.4em;font-size:13px}}"
#endif
