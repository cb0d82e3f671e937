/** `--format html` (src/report/formats/html/): the page and the helpers its tests use. */
export { htmlExporter, renderHtml } from './html/page.ts';
export { escapeHtml, niceTicks } from './html/svg.ts';
