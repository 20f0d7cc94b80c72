/**
 * The parsed flags of a command as Commander hands them over, with the
 * types its `.option(...)` declarations give: `<value>` a string,
 * collected values a string[], a bare flag a boolean; absent flags are
 * undefined. Other flags stay unknown.
 */
export type Opts<T> = Record<string, unknown> & { [K in keyof T]?: T[K] };
