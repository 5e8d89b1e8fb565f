/**
 * What a text field may hold: no C0 control characters (NUL, tab, escape…) and no DEL, which
 * nobody types and which break what comes after (a NUL in a name once made every later backup
 * unrestorable). Multi-line fields (textareas) also allow the line breaks browsers send (CR LF).
 * Every text field's zod schema ends with one of these (docs/decisions/009-security-rules.md).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
export const SINGLE_LINE_TEXT = /^[^\u0000-\u001f\u007f]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
export const MULTI_LINE_TEXT = /^[^\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]*$/;
export const CONTROL_CHARACTER_MESSAGE = "Remove the special characters (like tabs) from this field";
