"""Moves the CSS that nbconvert's lab template embeds in every HTML page (about 0.5 MB, the same for
every notebook) into one shared file beside them: `notebook_css.py HTML...` replaces each page's
<style> blocks by a link to notebook.css and writes that file from their contents, in order."""
import pathlib
import re
import sys

STYLE = re.compile(r'<style type="text/css">\n?(.*?)</style>', re.S)


def main(pages):
    css = None
    for page in map(pathlib.Path, pages):
        html = page.read_text(encoding="utf-8")
        blocks = STYLE.findall(html)
        if not blocks:
            continue  # already linked
        text = "\n".join(blocks)
        if css is not None and text != css:
            sys.exit(f"notebook_css: {page} embeds other CSS than the pages before it; render them with one template")
        css = text
        first = [True]

        def replace(_match):
            if first[0]:
                first[0] = False
                return '<link rel="stylesheet" href="notebook.css">'
            return ""

        page.write_text(STYLE.sub(replace, html), encoding="utf-8")
        (page.parent / "notebook.css").write_text(css, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
