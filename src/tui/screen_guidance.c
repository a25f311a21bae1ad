/*
 * Guidance without intake (F8 from the intake screen): the dossier is
 * incomplete, so it is not received: the citizen leaves with a printed
 * guidance slip (Mẫu 02 without a dossier code) listing the papers to
 * bring. The slip is kept and counted (mc_guidance_add), never a dossier:
 * no code from the day's sequence. The form (forms/guidance.form) comes
 * filled with what the intake screen held: the procedure, the name, the
 * phone, and the papers not ticked as missing.
 */
#include "receipt.h"
#include "tform.h"

#include "motcua/catalog.h"
#include "motcua/guidance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct guid {
	struct form_spec spec;
	struct tform *form;
	mc_procedure *proc;
	char keys[300];
};

static void set_papers(struct tform *f, const mc_procedure *p, const char *missing)
{
	const char *docs[MC_PROCEDURE_MAX_DOCS];
	for (int i = 0; i < p->ndocuments; i++)
		docs[i] = p->documents[i];
	tform_set_items(f, "missing", docs, p->ndocuments, false);
	struct tfield *m = tform_field(f, "missing");
	/* missing: the papers to tick, one a line (from the intake screen). */
	for (int i = 0; m && missing && i < m->nitems && i < FORM_MAX_ITEMS; i++) {
		char line[300];
		snprintf(line, sizeof line, "\n%s\n", m->items[i]);
		char all[4200];
		snprintf(all, sizeof all, "\n%s\n", missing);
		m->checks[i] = strstr(all, line) != NULL;
	}
}

static void on_change(struct tform *f, struct tfield *fld, void *ctx)
{
	struct guid *g = ctx;
	if (strcmp(fld->spec->name, "procedure") != 0)
		return;
	tform_set_items(f, "missing", NULL, 0, false);
	if (fld->picked[0] && mc_catalog_get(f->t->store, fld->picked, g->proc, NULL) == MC_OK)
		set_papers(f, g->proc, NULL);
}

static int guid_open(struct tui *t, struct screen *s)
{
	struct guid *g = calloc(1, sizeof *g);
	if (!g)
		return -1;
	s->priv = g;
	if (!(g->proc = calloc(1, sizeof *g->proc)))
		return -1;
	if (form_spec_load_named("guidance", &g->spec, s->error, sizeof s->error) ||
	    form_spec_require(&g->spec, "procedure", FT_PROCEDURE, s->error, sizeof s->error) ||
	    form_spec_require(&g->spec, "applicant_name", FT_VNTEXT, s->error, sizeof s->error) ||
	    form_spec_require(&g->spec, "missing", FT_CHECKLIST, s->error, sizeof s->error))
		return -1;
	if (!(g->form = tform_new(t, &g->spec, s->error, sizeof s->error)))
		return -1;
	g->form->on_change = on_change;
	g->form->ctx = g;
	return 0;
}

static void guid_close(struct tui *t, struct screen *s)
{
	struct guid *g = s->priv;
	if (!g)
		return;
	tform_free(g->form);
	form_spec_free(&g->spec);
	free(g->proc);
	free(g);
	s->priv = NULL;
}

static void guid_enter(struct tui *t, struct screen *s)
{
	struct guid *g = s->priv;
	tform_post(g->form);
	if (!t->guidance_from_intake)
		return;
	t->guidance_from_intake = false;
	tform_clear(g->form);
	struct guidance_carry *c = &t->guidance_carry;
	if (c->procedure[0] && mc_catalog_get(t->store, c->procedure, g->proc, NULL) == MC_OK) {
		struct tfield *p = tform_field(g->form, "procedure");
		tform_set_text(g->form, "procedure", g->proc->name);
		snprintf(p->picked, sizeof p->picked, "%s", g->proc->code);
		snprintf(p->last_text, sizeof p->last_text, "%s", g->proc->name);
		tform_set_note(g->form, "procedure", g->proc->code);
		set_papers(g->form, g->proc, c->missing);
		tform_focus(g->form, "missing");
	}
	tform_set_text(g->form, "applicant_name", c->name);
	if (tform_field(g->form, "phone"))
		tform_set_text(g->form, "phone", c->phone);
}

static void guid_leave(struct tui *t, struct screen *s)
{
	struct guid *g = s->priv;
	if (g && g->form)
		tform_unpost(g->form);
}

static void save(struct tui *t, struct guid *g)
{
	if (tform_validate(g->form))
		return;
	char proc[64], name[300], phone[32] = "", other[400] = "", missing[1200] = "";
	tform_value(g->form, "procedure", proc, sizeof proc);
	tform_value(g->form, "applicant_name", name, sizeof name);
	if (tform_field(g->form, "phone"))
		tform_value(g->form, "phone", phone, sizeof phone);
	if (tform_field(g->form, "other"))
		tform_value(g->form, "other", other, sizeof other);
	struct tfield *m = tform_field(g->form, "missing");
	size_t len = 0;
	for (int i = 0; m && i < m->nitems; i++)
		if (m->checks[i] && len < sizeof missing)
			len += (size_t)snprintf(missing + len, sizeof missing - len, "%s%s",
						len ? "; " : "", m->items[i]);
	if (other[0] && len < sizeof missing)
		snprintf_trunc(missing + len, sizeof missing - len, "%s%s", len ? "; " : "", other);
	if (!missing[0]) {
		tform_set_error(g->form, "missing", _("Tick the missing papers or type them in Other"));
		return;
	}
	mc_guidance_in in = {.procedure_code = proc, .name = name, .phone = phone,
			     .missing = missing, .user = t->user.username};
	mc_guidance gd;
	mc_error err = {0};
	if (mc_guidance_add(t->store, &in, &gd, &err) != MC_OK) {
		tui_msg(t, MSG_ERROR, _("Not saved: %s"), err.msg);
		return;
	}
	char path[1200], where[1400];
	snprintf(path, sizeof path, "%s/guidance-%lld.txt", t->receipt_dir, (long long)gd.id);
	FILE *f = receipt_mkdir(t->receipt_dir) == 0 ? fopen(path, "w") : NULL;
	mc_print_opts o = {.format = MC_PRINT_TEXT, .width = 80};
	mc_status st = f ? mc_print_guidance(t->store, gd.id, &o, f, &err) : MC_ESYS;
	if (f && fclose(f) != 0)
		st = MC_ESYS;
	if (st != MC_OK) {
		tui_msg(t, MSG_ERROR, _("Guidance slip %lld kept but not written: %s"),
			(long long)gd.id, f ? err.msg : path);
		return;
	}
	int rc = receipt_spool(t, path, where, sizeof where);
	tui_msg(t, rc == 0 ? MSG_INFO : MSG_ERROR, _("Guidance slip %lld (not received) · %s"),
		(long long)gd.id, where);
	tform_clear(g->form);
	t->full = true;
	t->guidance_done = true;
	tui_back(t);
}

static void guid_draw(struct tui *t, struct screen *s, bool full)
{
	struct guid *g = s->priv;
	tform_draw(g->form);
}

static int guid_key(struct tui *t, struct screen *s, const tui_key *k)
{
	struct guid *g = s->priv;
	if (k->code == TK_BACK && !g->form->drop_open) {
		tui_back(t);
		return KEY_HANDLED;
	}
	int rc = tform_key(g->form, k);
	if (rc == TF_SUBMIT)
		save(t, g);
	return rc == TF_UNHANDLED ? KEY_UNHANDLED : KEY_HANDLED;
}

static const char *guid_keys(struct tui *t, struct screen *s)
{
	struct guid *g = s->priv;
	snprintf(g->keys, sizeof g->keys, "%s · %s", _("F10 save and print"), tform_keys(g->form));
	return g->keys;
}

static bool guid_dirty(struct tui *t, struct screen *s)
{
	struct guid *g = s->priv;
	return g && g->form && tform_dirty(g->form);
}

const struct screen_ops guidance_ops = {
	.title = N_("Guidance slip (not received)"),
	.open = guid_open,
	.draw = guid_draw,
	.key = guid_key,
	.close = guid_close,
	.keys = guid_keys,
	.dirty = guid_dirty,
	.leave = guid_leave,
	.enter = guid_enter,
};
