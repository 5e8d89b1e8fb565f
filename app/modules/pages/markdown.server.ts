import MarkdownIt from "markdown-it";

/**
 * Markdown an admin writes, as HTML that is safe to put in a page (decision 026). Safe by
 * construction rather than by cleaning afterwards: raw HTML in the text is escaped (`html: false`),
 * markdown-it refuses `javascript:`, `vbscript:`, `file:` and `data:` links (`validateLink`), and
 * images are off (the page's Content-Security-Policy would block other hosts' images anyway).
 * The page has its own `h1`, so a `#` heading in the text becomes an `h2`, like `##`.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true }).disable("image");

markdown.core.ruler.push("headings-below-page-title", (state) => {
  for (const token of state.tokens) {
    if (token.type === "heading_open" || token.type === "heading_close") {
      if (token.tag === "h1") token.tag = "h2";
    }
  }
});

export function renderMarkdown(text: string): string {
  return markdown.render(text);
}
