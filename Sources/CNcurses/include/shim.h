#ifndef INTERLEAVE_CNCURSES_SHIM_H
#define INTERLEAVE_CNCURSES_SHIM_H
// Wide-character ncurses needs these before the header, or mvadd_wch and cchar_t vanish.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncurses.h>

// Swift 6 rejects stdscr/COLS/LINES (global mutable state) and cannot import macros:
// these inline wrappers are the only way the backend reaches them.
static inline WINDOW *il_stdscr(void) { return stdscr; }
static inline int il_cols(void) { return COLS; }
static inline int il_lines(void) { return LINES; }
static inline int il_colors(void) { return COLORS; }
static inline int il_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int il_a_bold(void) { return (int)A_BOLD; }
static inline int il_a_dim(void) { return (int)A_DIM; }
static inline int il_a_reverse(void) { return (int)A_REVERSE; }
static inline int il_a_underline(void) { return (int)A_UNDERLINE; }
static inline int il_a_normal(void) { return (int)A_NORMAL; }
static inline int il_key_resize(void) { return KEY_RESIZE; }
static inline int il_key_f(int n) { return KEY_F(n); }

// The backend's other needs: a terminal opened without exiting on failure (initscr
// would), wide input and output, and macros that Swift cannot call.
static inline SCREEN *il_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline int il_get_wch(unsigned int *out) { wint_t w = 0; int r = get_wch(&w); *out = (unsigned int)w; return r; }
static inline int il_attrset(int attrs) { return attrset(attrs); }
static inline int il_mvaddnwstr(int y, int x, const wchar_t *s, int n) { return mvaddnwstr(y, x, s, n); }
static inline int il_keypad(int on) { return keypad(stdscr, on ? TRUE : FALSE); }
static inline int il_nodelay(int on) { return nodelay(stdscr, on ? TRUE : FALSE); }
static inline int il_clearok(int on) { return clearok(stdscr, on ? TRUE : FALSE); }
static inline int il_key_code_yes(void) { return KEY_CODE_YES; }
static inline int il_ok(void) { return OK; }
static inline const char *il_codeset(void) { return nl_langinfo(CODESET); }

#endif
