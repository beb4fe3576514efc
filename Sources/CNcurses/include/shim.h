#ifndef INTERLEAVE_CNCURSES_SHIM_H
#define INTERLEAVE_CNCURSES_SHIM_H
// Wide-character ncurses needs these before the header, or mvadd_wch and cchar_t vanish.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
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

#endif
