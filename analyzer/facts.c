// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "facts.h"

static void release_function(struct fact_function *fn)
{
	free(fn->usr);
	free(fn->name);
	free(fn->file);
	free(fn->return_type);
	for (int i = 0; i < fn->nr_param; i++) {
		free(fn->param[i].name);
		free(fn->param[i].type);
	}
	free(fn->param);
	for (int i = 0; i < fn->nr_call; i++) {
		struct fact_call *c = &fn->call[i];

		free(c->callee_usr);
		free(c->callee_name);
		free(c->struct_name);
		free(c->field);
		free(c->file);
		free(c->result_type);
		free(c->macro);
		for (int j = 0; j < c->nr_arg; j++) {
			free(c->arg[j].value);
			free(c->arg[j].type);
		}
		free(c->arg);
	}
	free(fn->call);
	for (int i = 0; i < fn->nr_flow; i++) {
		free(fn->flow[i].dst);
		free(fn->flow[i].src);
		free(fn->flow[i].type);
	}
	free(fn->flow);
	for (int i = 0; i < fn->nr_refop; i++) {
		free(fn->refop[i].primitive);
		free(fn->refop[i].path);
	}
	free(fn->refop);
	for (int i = 0; i < fn->nr_macro; i++) {
		free(fn->macro[i].name);
		free(fn->macro[i].value);
		free(fn->macro[i].arg);
	}
	free(fn->macro);
	for (int i = 0; i < fn->nr_cond; i++) {
		free(fn->cond[i].test);
		free(fn->cond[i].arg);
	}
	free(fn->cond);
	for (int i = 0; i < fn->nr_msgflag; i++) {
		free(fn->msgflag[i].flag);
		free(fn->msgflag[i].path);
	}
	free(fn->msgflag);
	for (int i = 0; i < fn->nr_cstore; i++) {
		free(fn->cstore[i].record);
		free(fn->cstore[i].field);
		free(fn->cstore[i].path);
	}
	free(fn->cstore);
	for (int i = 0; i < fn->nr_root; i++) {
		free(fn->root[i].root);
		free(fn->root[i].record);
	}
	free(fn->root);
}

void fact_ops_release(struct fact_ops *o)
{
	free(o->struct_name);
	free(o->field);
	free(o->function_usr);
	free(o->function_name);
	free(o->variable);
	free(o->file);
	memset(o, 0, sizeof(*o));
}

void fact_copy_release(struct fact_copy *o)
{
	free(o->struct_name);
	free(o->field);
	free(o->src_struct);
	free(o->src_field);
	free(o->file);
	memset(o, 0, sizeof(*o));
}

void tu_facts_release(struct tu_facts *tf)
{
	free(tf->main_file);
	for (int i = 0; i < tf->nr_input; i++)
		free(tf->input[i]);
	free(tf->input);
	for (int i = 0; i < tf->nr_function; i++)
		release_function(&tf->function[i]);
	free(tf->function);
	for (int i = 0; i < tf->nr_ops; i++)
		fact_ops_release(&tf->ops[i]);
	free(tf->ops);
	for (int i = 0; i < tf->nr_copy; i++)
		fact_copy_release(&tf->copy[i]);
	free(tf->copy);
	for (int i = 0; i < tf->nr_export; i++)
		free(tf->export[i].name);
	free(tf->export);
	for (int i = 0; i < tf->nr_field; i++) {
		free(tf->field[i].record);
		free(tf->field[i].field);
		free(tf->field[i].type);
	}
	free(tf->field);
	free(tf->error);
}
