/*
 * Keyboard decoding for terminals with and without function keys.
 *
 * A VT100 has PF1-PF4 only, so every function key also works as Esc
 * followed by a digit (Esc 1 = F1 ... Esc 0 = F10), typed by a human: after
 * a lone Esc (curses gives it up after ESCDELAY = 25 ms) we wait up to a
 * second for the digit and show the choices on the key line meanwhile.
 * Esc then nothing (or Esc Esc) means "back". xterm-style sequences are
 * taught to curses when the terminfo entry lacks them (tmux sends them
 * whatever TERM says), and unknown CSI/SS3 sequences are swallowed instead
 * of being typed into a field.
 */
#include "screen.h"
#include "charset_proxy.h"

#include <string.h>

#define ESC_WAIT_MS 1000

static const struct {
	const char *seq;
	int code;
} xterm_keys[] = {
	{"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)}, {"\033OS", KEY_F(4)},
	{"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)},
	{"\033[14~", KEY_F(4)}, {"\033[15~", KEY_F(5)}, {"\033[17~", KEY_F(6)},
	{"\033[18~", KEY_F(7)}, {"\033[19~", KEY_F(8)}, {"\033[20~", KEY_F(9)},
	{"\033[21~", KEY_F(10)}, {"\033[23~", KEY_F(11)}, {"\033[24~", KEY_F(12)},
	{"\033[Z", KEY_BTAB}, {"\033[A", KEY_UP}, {"\033[B", KEY_DOWN}, {"\033[C", KEY_RIGHT},
	{"\033[D", KEY_LEFT}, {"\033OA", KEY_UP}, {"\033OB", KEY_DOWN}, {"\033OC", KEY_RIGHT},
	{"\033OD", KEY_LEFT}, {"\033[H", KEY_HOME}, {"\033[F", KEY_END}, {"\033OH", KEY_HOME},
	{"\033OF", KEY_END}, {"\033[1~", KEY_HOME}, {"\033[4~", KEY_END},
	{"\033[3~", KEY_DC}, {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
	{"\033[2~", KEY_IC},
};

void keys_setup(void)
{
	set_escdelay(25);
	for (size_t i = 0; i < sizeof xterm_keys / sizeof xterm_keys[0]; i++)
		if (key_defined(xterm_keys[i].seq) == 0)
			define_key(xterm_keys[i].seq, xterm_keys[i].code);
	define_key(SCAN_BAD_SEQ, TK_SCAN_BAD);
}

static void unget_key(int r, wint_t wc)
{
	if (r == KEY_CODE_YES)
		ungetch((int)wc);
	else
		unget_wch((wchar_t)wc);
}

/* Keys read before the terminal's: at the front, one read ahead by
 * keys_peek or keys_burst that was not theirs; at the back, the typing
 * kept while the window was too small (keys_replay). */
#define QUEUE_MAX (KEYS_HELD_MAX + 2)
static tui_key queue[QUEUE_MAX];
static int q_head, q_len;

static void queue_front(const tui_key *k)
{
	if (q_len == QUEUE_MAX)
		return;
	q_head = (q_head + QUEUE_MAX - 1) % QUEUE_MAX;
	queue[q_head] = *k;
	q_len++;
}

static bool queue_back(const tui_key *k)
{
	if (q_len == QUEUE_MAX)
		return false;
	queue[(q_head + q_len) % QUEUE_MAX] = *k;
	q_len++;
	return true;
}

static bool queue_take(tui_key *k)
{
	if (q_len == 0)
		return false;
	*k = queue[q_head];
	q_head = (q_head + 1) % QUEUE_MAX;
	q_len--;
	return true;
}

int keys_replay(const tui_key *keys, int n)
{
	int i = 0;
	while (i < n && queue_back(&keys[i]))
		i++;
	return i;
}

bool keys_is_typing(const tui_key *k)
{
	switch (k->code) {
	case 0:
		return k->ch != 0;
	case KEY_BACKSPACE: case KEY_LEFT: case KEY_RIGHT: case KEY_UP: case KEY_DOWN:
	case KEY_HOME: case KEY_END: case KEY_DC: case KEY_BTAB: case KEY_ENTER:
		return true;
	default:
		return false;
	}
}

bool keys_pending(void)
{
	wint_t wc;
	if (q_len > 0)
		return true;
	wtimeout(stdscr, 0);
	int r = wget_wch(stdscr, &wc);
	if (r == ERR)
		return false;
	unget_key(r, wc);
	return true;
}

/* After Esc '[' or Esc 'O': swallow parameters up to the final byte. */
static void swallow_sequence(void)
{
	wint_t wc;
	for (int i = 0; i < 16; i++) {
		wtimeout(stdscr, 50);
		int r = wget_wch(stdscr, &wc);
		if (r != OK)
			return;
		if (wc >= 0x40 && wc <= 0x7e)
			return;
	}
}

static void show_esc_hint(struct tui *t)
{
	int y, x;
	getyx(stdscr, y, x);
	draw_text(t, stdscr, LINES - 1, 0, COLS,
		  _(" Esc: 1-9 0 = F1-F10 · q quit · v input method · Esc back"), t->th.keys,
		  true);
	wmove(stdscr, y, x);
	wnoutrefresh(stdscr);
	doupdate();
	t->esc_pending = true;
}

static void decode_esc(struct tui *t, tui_key *k)
{
	wint_t wc;
	show_esc_hint(t);
	wtimeout(stdscr, ESC_WAIT_MS);
	int r = wget_wch(stdscr, &wc);
	k->code = TK_BACK;
	if (r == ERR || (r == OK && wc == 27))
		return;
	if (r == OK && wc >= '0' && wc <= '9') {
		k->code = KEY_F(wc == '0' ? 10 : (int)(wc - '0'));
		return;
	}
	if (r == OK && (wc == 'q' || wc == 'Q')) {
		k->code = TK_QUIT;
		return;
	}
	if (r == OK && (wc == 'v' || wc == 'V')) {
		k->code = TK_IME;
		return;
	}
	if (r == OK && (wc == '[' || wc == 'O')) {
		/* An escape sequence curses does not know: ignore it whole. */
		swallow_sequence();
		k->code = TK_TICK;
		return;
	}
	/* Esc then another key: go back, then let that key be read again. */
	unget_key(r, wc);
}

void keys_read(struct tui *t, tui_key *k, int timeout_ms)
{
	wint_t wc;
	memset(k, 0, sizeof *k);
	t->esc_pending = false;
	if (queue_take(k))
		return;
	wtimeout(stdscr, timeout_ms);
	int r = wget_wch(stdscr, &wc);
	if (r == ERR) {
		k->code = TK_TICK;
		return;
	}
	if (r == KEY_CODE_YES) {
		k->code = (int)wc;
		if (k->code == KEY_F(12))
			k->code = TK_IME;
		return;
	}
	switch (wc) {
	case 27:
		decode_esc(t, k);
		return;
	case TK_CTRL('q'):
		k->code = TK_QUIT;
		return;
	case TK_CTRL('t'):
		k->code = TK_IME;
		return;
	case 127:
	case 8:
		k->code = KEY_BACKSPACE;
		return;
	default:
		k->ch = (uint32_t)wc;
	}
}

bool keys_peek(struct tui *t, tui_key *k, int timeout_ms)
{
	if (q_len > 0) {
		*k = queue[q_head];
		return true;
	}
	keys_read(t, k, timeout_ms);
	if (k->code == TK_TICK)
		return false;
	queue_front(k);
	return true;
}

bool keys_burst(struct tui *t, const tui_key *first, struct key_burst *b)
{
	size_t len = 0;
	b->n = 0;
	b->enter = false;
	b->text[0] = '\0';
	tui_key k = *first;
	for (;;) {
		if (tk_is_enter(&k)) {
			b->keys[b->n++] = k;
			b->enter = true;
			break;
		}
		if (!tk_is_text(&k)) {
			/* Only typed text makes a scan; any other key (F-keys, quit,
			 * Tab) ends the burst and is read again by the main loop. */
			if (b->n > 0)
				queue_front(&k);
			break;
		}
		b->keys[b->n++] = k;
		if (len + 5 < sizeof b->text) {
			char u[4];
			int n = u8_encode(k.ch > 0x10ffff ? 0xfffd : k.ch, u);
			memcpy(b->text + len, u, (size_t)n);
			len += (size_t)n;
			b->text[len] = '\0';
		}
		if (b->n == KEYS_BURST_MAX)
			break;
		keys_read(t, &k, KEYS_BURST_GAP_MS);
		if (k.code == TK_TICK)
			break;
	}
	return b->n > 1;
}
