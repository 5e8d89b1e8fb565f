/** Patterns of console.error output the current test expects (reset before each test). */
export const expectedConsoleErrors: RegExp[] = [];

export function allowConsoleError(pattern: RegExp) {
  expectedConsoleErrors.push(pattern);
}
