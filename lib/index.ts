/** ucwa-rx: reactive UCWA 2.0 client. */
export const VERSION = '0.1.0';
