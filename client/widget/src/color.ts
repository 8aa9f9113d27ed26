const HEX = /^#[0-9a-fA-F]{6}$/;

/** The configured colour when it is `#rrggbb`, else the fallback: it is written into CSS. */
export function safeColor(color: unknown, fallback: string): string {
  return typeof color === 'string' && HEX.test(color) ? color : fallback;
}

/** White or near-black, whichever reads better on the given `#rrggbb` (WCAG relative luminance). */
export function textColorOn(color: string): string {
  const channel = (offset: number): number => {
    const value = parseInt(color.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Contrast with white is 1.05 / (L + 0.05); with #111 it is (L + 0.05) / 0.0556.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 ? '#ffffff' : '#111111';
}
