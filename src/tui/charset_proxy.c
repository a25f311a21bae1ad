/*
 * The charset proxy (see charset_proxy.h). One process forks on a pty: the
 * child goes back to main() under C.UTF-8 and runs the screens; the parent
 * puts the real terminal in raw mode and copies bytes both ways in a ppoll
 * loop until the child is gone, then restores the terminal and ends with the
 * child's exit status.
 *
 * Output: UTF-8 from the child is decoded incrementally (a character split
 * across reads waits for its last bytes); ASCII, and so every escape
 * sequence, passes as it is; each character goes through
 * mc_charset_encode_cp, which keeps its width in columns, and combining
 * marks that follow a letter in the same read are composed with it first.
 * Input: bytes below 0x80 pass (control keys, escape sequences), others are
 * decoded with mc_charset_decode_byte and sent as UTF-8.
 *
 * Signals are blocked except inside ppoll, so the handlers only raise flags
 * the loop then acts on: a new window size goes to the pty (the kernel
 * tells the child), SIGTERM/SIGHUP/SIGINT/SIGQUIT are passed to the child
 * (killed outright if it is still there 3 s later), SIGCHLD ends the loop.
 */
#include "charset_proxy.h"

#include "motcua/charset.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

enum { CHUNK = 4096, MAXMARKS = 4 };

/* ---- which charset ------------------------------------------------------ */

/* The charset a codeset name stands for: UTF-8, VISCII, TCVN, else ASCII. */
static mc_charset from_codeset(const char *code)
{
	char k[32];
	size_t n = 0;
	for (const char *p = code; p && *p && n + 1 < sizeof k; p++)
		if (isalnum((unsigned char)*p))
			k[n++] = (char)tolower((unsigned char)*p);
	k[n] = '\0';
	if (strcmp(k, "utf8") == 0)
		return MC_CS_UTF8;
	if (strcmp(k, "viscii") == 0)
		return MC_CS_VISCII;
	if (strncmp(k, "tcvn", 4) == 0)
		return MC_CS_TCVN3;
	return MC_CS_ASCII;
}

/* The terminal's charset by the locale of the environment. It is looked up
 * afresh: main() falls back to C.UTF-8 when that locale is not installed,
 * but the terminal is still in the charset its name says. */
static mc_charset from_locale(void)
{
	locale_t loc = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
	if (loc) {
		mc_charset cs = from_codeset(nl_langinfo_l(CODESET, loc));
		freelocale(loc);
		return cs;
	}
	const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"}, *name = NULL;
	for (size_t i = 0; i < 3 && !name; i++)
		if (getenv(vars[i]) && *getenv(vars[i]))
			name = getenv(vars[i]);
	const char *dot = name ? strchr(name, '.') : NULL;
	if (!dot)  /* "C", or a language without a codeset: glibc's default is UTF-8 */
		return name && strcmp(name, "C") && strcmp(name, "POSIX") ? MC_CS_UTF8 : MC_CS_ASCII;
	char code[32];
	snprintf(code, sizeof code, "%.*s", (int)strcspn(dot + 1, "@"), dot + 1);
	return from_codeset(code);
}

/* opt, else $MOTCUA_CHARSET, else the locale; false (message printed) for a
 * name the proxy cannot serve. */
static bool pick(const char *opt, mc_charset *cs)
{
	const char *name = opt ? opt : getenv("MOTCUA_CHARSET");
	if (!name || !*name) {
		*cs = from_locale();
		return true;
	}
	mc_error err = {0};
	if (mc_charset_parse(name, cs, &err) == MC_OK &&
	    (*cs == MC_CS_UTF8 || *cs == MC_CS_ASCII || *cs == MC_CS_VISCII || *cs == MC_CS_TCVN3))
		return true;
	fprintf(stderr, "motcua: --charset must be utf-8, ascii, viscii or tcvn3, not \"%s\"\n", name);
	return false;
}

bool charset_proxy_full_screen(const char *command)
{
	static const char *const modes[] = {"kiosk", "board", "dashboard"};
	if (!command)
		return true;
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(command, modes[i]) == 0)
			return true;
	return false;
}

/* ---- conversion ---------------------------------------------------------- */

struct proxy {
	mc_charset cs;
	uint8_t pend[4];        /* the start of a UTF-8 character cut by a read */
	size_t npend;
	uint8_t pend_in[4];     /* ... of a scanner's burst from the terminal */
	size_t npend_in;
	uint8_t in[CHUNK + 4];  /* pend + what was read */
	uint8_t out[2 * (CHUNK + 4)];
	uint8_t tochild[4 * CHUNK];  /* converted keys not yet written to the pty */
	size_t ntochild;
	int master;
	pid_t pid;
	struct termios orig;
	bool have_orig, tty_gone;
	bool out_open;          /* the pty is open and has not reached its end */
	struct timespec deadline;  /* when to kill a child told to stop, else 0 */
};

/* Bytes a UTF-8 character with this lead byte has; 0 for a byte that
 * cannot start one. */
static size_t u8_len(uint8_t b)
{
	return b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
}

/* The character at p[0..n): its length, 0 when it is cut off by the end,
 * -1 when the bytes are not UTF-8. */
static long u8_next(const uint8_t *p, size_t n, int32_t *cp)
{
	size_t need = u8_len(p[0]);
	if (!need)
		return -1;
	for (size_t i = 1; i < need; i++) {
		if (i == n)
			return 0;
		if ((p[i] & 0xC0) != 0x80)
			return -1;
	}
	utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)need, cp);
	return k == (utf8proc_ssize_t)need ? (long)need : -1;
}

/* A letter and the combining marks after it (those complete in this
 * buffer) as one character when NFC has one; *used: bytes taken. */
static int32_t compose(const uint8_t *p, size_t n, int32_t cp, size_t *used)
{
	int32_t seq[1 + MAXMARKS];
	int k = 0;
	seq[k++] = cp;
	while (k < 1 + MAXMARKS && *used < n && p[*used] >= 0x80) {
		int32_t m;
		long len = u8_next(p + *used, n - *used, &m);
		if (len <= 0 || !utf8proc_get_property(m)->combining_class)
			break;
		seq[k++] = m;
		*used += (size_t)len;
	}
	if (k == 1)
		return cp;
	utf8proc_ssize_t r = utf8proc_normalize_utf32(seq, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	return r >= 1 ? seq[0] : cp;  /* marks that do not compose have no width */
}

/* Convert what the child wrote (after the bytes kept from the last read)
 * into px->out; returns the length. A cut character is kept in pend. */
static size_t convert_out(struct proxy *px, const uint8_t *buf, size_t n)
{
	memcpy(px->in, px->pend, px->npend);
	memcpy(px->in + px->npend, buf, n);
	n += px->npend;
	px->npend = 0;
	const uint8_t *p = px->in;
	uint8_t *o = px->out;
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {
			*o++ = p[i++];
			continue;
		}
		int32_t cp;
		long len = u8_next(p + i, n - i, &cp);
		if (len == 0) {
			px->npend = n - i;
			memcpy(px->pend, p + i, px->npend);
			break;
		}
		if (len < 0) {
			*o++ = '?';
			i++;
			continue;
		}
		size_t used = (size_t)len;
		if (!utf8proc_get_property(cp)->combining_class)
			cp = compose(p + i, n - i, cp, &used);
		o += mc_charset_encode_cp(px->cs, (uint32_t)cp, (char *)o);
		i += used;
	}
	return (size_t)(o - px->out);
}

/* A read this long is a scanner's (or a paste), not a person typing. */
enum { BURST_BYTES = 8 };

/* 1: buf is UTF-8 holding some non-ASCII; 0: ASCII only; -1: it has
 * bytes above 0x7F that are not UTF-8. *cut: bytes of a character cut
 * off by the end of the read (to wait for). */
static int utf8_kind(const uint8_t *buf, size_t n, size_t *cut)
{
	int kind = 0;
	*cut = 0;
	for (size_t i = 0; i < n;) {
		if (buf[i] < 0x80) {
			i++;
			continue;
		}
		int32_t cp;
		long l = u8_next(buf + i, n - i, &cp);
		if (l == 0) {
			*cut = n - i;
			return kind;
		}
		if (l < 0)
			return -1;
		kind = 1;
		i += (size_t)l;
	}
	return kind;
}

/* Keys typed on the terminal, as UTF-8 for the child. A burst (a scanner
 * types the CCCD's UTF-8 whatever the terminal's charset) that is UTF-8
 * goes as it is; a scan (a burst ending in Enter) with other bytes above
 * 0x7F is not guessed at: it is dropped whole and the child gets
 * TK_SCAN_BAD's sequence, so nothing is half filled and the clerk is told.
 * Anything else (keys typed, legacy text pasted) is decoded byte by byte
 * in the terminal's charset. */
static void convert_in(struct proxy *px, const uint8_t *buf, size_t n)
{
	size_t cut = 0;
	int kind = n >= BURST_BYTES ? utf8_kind(buf, n, &cut) : 0;
	if (kind == 1 && px->ntochild + n <= sizeof px->tochild) {
		memcpy(px->tochild + px->ntochild, buf, n - cut);
		px->ntochild += n - cut;
		memcpy(px->pend_in, buf + n - cut, cut);
		px->npend_in = cut;
		return;
	}
	if (kind < 0 && memchr(buf, '\r', n)) {
		static const char bad[] = SCAN_BAD_SEQ;
		if (px->ntochild + sizeof bad - 1 <= sizeof px->tochild) {
			memcpy(px->tochild + px->ntochild, bad, sizeof bad - 1);
			px->ntochild += sizeof bad - 1;
		}
		return;
	}
	for (size_t i = 0; i < n && px->ntochild + 4 <= sizeof px->tochild; i++) {
		int32_t cp = mc_charset_decode_byte(px->cs, buf[i]);
		if (cp >= 0)
			px->ntochild += (size_t)utf8proc_encode_char(cp, px->tochild + px->ntochild);
	}
}

/* ---- the terminal and the pty ------------------------------------------- */

static volatile sig_atomic_t got_winch, got_chld, got_cont, got_stop;

static void on_signal(int sig)
{
	if (sig == SIGWINCH)
		got_winch = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
	else if (sig == SIGCONT)
		got_cont = 1;
	else
		got_stop = sig;
}

static const int SIGS[] = {SIGWINCH, SIGCHLD, SIGCONT, SIGTERM, SIGHUP, SIGINT, SIGQUIT};

static void raw_mode(struct proxy *px)
{
	if (!px->have_orig)
		return;
	struct termios raw = px->orig;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);
}

static void restore_mode(struct proxy *px)
{
	if (px->have_orig)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &px->orig);
}

static void copy_size(struct proxy *px)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 || ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(px->master, TIOCSWINSZ, &ws);
}

/* Give a child that was told to stop 3 s before it is killed. */
static void stop_soon(struct proxy *px)
{
	if (px->deadline.tv_sec == 0) {
		clock_gettime(CLOCK_MONOTONIC, &px->deadline);
		px->deadline.tv_sec += 3;
	}
}

/* The terminal is gone: close the pty, so that the child sees its terminal
 * hang up (SIGHUP, then EIO) just as it would without the proxy. */
static void hang_up(struct proxy *px)
{
	stop_soon(px);
	px->tty_gone = true;
	if (px->out_open) {
		close(px->master);
		px->out_open = false;
	}
}

/* Write all of buf to the terminal; false when it is gone. */
static bool to_tty(const uint8_t *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		buf += w;
		n -= (size_t)w;
	}
	return true;
}

/* Read what the child wrote and show it; the pty is closed at its end
 * (EOF, or EIO once the child and its children have let go of it). */
static void pump_out(struct proxy *px)
{
	uint8_t buf[CHUNK];
	ssize_t r = read(px->master, buf, sizeof buf);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r <= 0) {
		close(px->master);
		px->out_open = false;
		return;
	}
	size_t n = convert_out(px, buf, (size_t)r);
	if (!to_tty(px->out, n))
		hang_up(px);
}

/* Keys from the terminal; a terminal that hangs up hangs up the child. */
static void pump_in(struct proxy *px)
{
	uint8_t buf[CHUNK / 4 + 4];
	/* The start of a character a scanner's burst had cut comes first. */
	size_t held = px->npend_in;
	memcpy(buf, px->pend_in, held);
	px->npend_in = 0;
	ssize_t r = read(STDIN_FILENO, buf + held, CHUNK / 4);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r <= 0) {
		hang_up(px);
		return;
	}
	convert_in(px, buf, held + (size_t)r);
}

static void flush_in(struct proxy *px)
{
	ssize_t w = write(px->master, px->tochild, px->ntochild);
	if (w > 0) {
		memmove(px->tochild, px->tochild + w, px->ntochild - (size_t)w);
		px->ntochild -= (size_t)w;
	} else if (w < 0 && errno != EAGAIN && errno != EINTR) {
		px->ntochild = 0;  /* the child is going away */
	}
}

/* What the flags raised by the handlers ask for. */
static void on_flags(struct proxy *px)
{
	if (got_winch) {
		got_winch = 0;
		copy_size(px);
	}
	if (got_cont) {  /* stopped and continued from outside: the shell reset the modes */
		got_cont = 0;
		raw_mode(px);
		copy_size(px);
	}
	if (got_stop) {
		if (got_stop == SIGHUP)
			hang_up(px);
		else
			kill(px->pid, got_stop);
		got_stop = 0;
		stop_soon(px);
	}
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : MC_ESYS;
}

/* Kill a child that was told to stop 3 s ago and is still there. */
static void past_deadline(struct proxy *px)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (px->deadline.tv_sec && now.tv_sec > px->deadline.tv_sec)
		kill(px->pid, SIGKILL);
}

/* Copy both ways until the child has exited and its output is drained;
 * its exit code. */
static int run_loop(struct proxy *px, const sigset_t *open_mask)
{
	int status = 0;
	bool reaped = false;
	for (;;) {
		on_flags(px);
		if (got_chld) {
			got_chld = 0;
			reaped = reaped || waitpid(px->pid, &status, WNOHANG) == px->pid;
		}
		if (reaped && !px->out_open)
			break;
		struct pollfd fds[2];
		int nfds = 0, mi = -1, ki = -1;
		if (px->out_open) {
			mi = nfds;
			fds[nfds++] = (struct pollfd){px->master,
						      (short)(POLLIN | (px->ntochild ? POLLOUT : 0)), 0};
		}
		if (!px->tty_gone && px->ntochild < CHUNK) {
			ki = nfds;
			fds[nfds++] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
		}
		/* once the child is reaped, take what is left without waiting */
		struct timespec tick = {0, 200 * 1000 * 1000}, zero = {0, 0};
		int r = ppoll(fds, (nfds_t)nfds, reaped ? &zero : &tick, open_mask);
		if (r < 0 && errno != EINTR)
			break;
		if (r == 0 && reaped)
			break;
		if (r > 0 && mi >= 0 && (fds[mi].revents & POLLOUT))
			flush_in(px);
		if (r > 0 && mi >= 0 && (fds[mi].revents & (POLLIN | POLLHUP | POLLERR)))
			pump_out(px);
		if (r > 0 && ki >= 0 && (fds[ki].revents & (POLLIN | POLLHUP | POLLERR)))
			pump_in(px);
		if (!reaped)
			past_deadline(px);
	}
	if (!reaped)
		waitpid(px->pid, &status, 0);
	if (px->npend && !px->tty_gone)
		to_tty((const uint8_t *)"?", 1);
	return exit_code(status);
}

/* The child side: back to main() as on a UTF-8 terminal. */
static int in_child(const sigset_t *old)
{
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("MOTCUA_CHARSET", "utf-8", 1);
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	struct sigaction dfl = {0};
	dfl.sa_handler = SIG_DFL;
	for (size_t i = 0; i < sizeof SIGS / sizeof SIGS[0]; i++)
		sigaction(SIGS[i], &dfl, NULL);
	sigprocmask(SIG_SETMASK, old, NULL);
	return -1;
}

static int proxy_run(mc_charset cs)
{
	struct proxy *px = calloc(1, sizeof *px);
	if (!px)
		return MC_ESYS;
	px->cs = cs;
	px->have_orig = tcgetattr(STDIN_FILENO, &px->orig) == 0;
	struct termios child_modes = px->orig;
	child_modes.c_iflag |= IUTF8;
	struct winsize ws, *wsp = NULL;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		wsp = &ws;
	sigset_t block, old;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof SIGS / sizeof SIGS[0]; i++)
		sigaddset(&block, SIGS[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	fflush(NULL);
	px->pid = forkpty(&px->master, NULL, px->have_orig ? &child_modes : NULL, wsp);
	if (px->pid == 0) {
		free(px);
		return in_child(&old);
	}
	int rc;
	if (px->pid < 0) {
		fprintf(stderr, "motcua: cannot open a pty for the charset proxy: %s\n",
			strerror(errno));
		rc = MC_ESYS;
	} else {
		struct sigaction sa = {0}, prev[sizeof SIGS / sizeof SIGS[0]];
		sa.sa_handler = on_signal;
		for (size_t i = 0; i < sizeof SIGS / sizeof SIGS[0]; i++)
			sigaction(SIGS[i], &sa, &prev[i]);
		fcntl(px->master, F_SETFL, fcntl(px->master, F_GETFL) | O_NONBLOCK);
		raw_mode(px);
		px->out_open = true;
		rc = run_loop(px, &old);
		restore_mode(px);
		if (px->out_open)
			close(px->master);
		for (size_t i = 0; i < sizeof SIGS / sizeof SIGS[0]; i++)
			sigaction(SIGS[i], &prev[i], NULL);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(px);
	return rc;
}

int charset_proxy_start(const char *opt, const char *command)
{
	mc_charset cs;
	if (!pick(opt, &cs))
		return MC_EUSAGE;
	if (!charset_proxy_full_screen(command))
		return -1;
	if (cs == MC_CS_UTF8) {
		/* --charset utf-8 under a locale that says otherwise: believe the
		 * option, so the screens draw UTF-8 rather than their ASCII fallback */
		if (from_codeset(nl_langinfo(CODESET)) != MC_CS_UTF8)
			setlocale(LC_CTYPE, "C.UTF-8");
		return -1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	return proxy_run(cs);
}
