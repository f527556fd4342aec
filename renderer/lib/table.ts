/** Above this many rows a table renders only what is on screen. */
export const VIRTUAL_FROM_ROWS = 100;

/**
 * Scroll and virtual props for a list table. Tables render every row up to VIRTUAL_FROM_ROWS:
 * antd's virtual body scrolls sideways apart from its header after a row re-renders, so it is
 * kept for lists long enough to need it. `minWidthPx` is where sideways scrolling starts.
 */
export function tableScroll(
  rows: number,
  minWidthPx: number,
  heightPx = 600,
): { virtual: boolean; scroll: { x: number; y?: number } } {
  return rows > VIRTUAL_FROM_ROWS
    ? { virtual: true, scroll: { x: minWidthPx, y: heightPx } }
    : { virtual: false, scroll: { x: minWidthPx } };
}
