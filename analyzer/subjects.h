/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_SUBJECTS_H
#define PAGEREF_SUBJECTS_H

/*
 * The subject prefix a maintainer expects for a patch to `file` (relative
 * to tree): the most common one in the file's git history when the tree is
 * a git work tree, else semantic-patches/subjects.txt, else from the path.
 * *from says which ("git log", "subjects.txt", "path"). Returns malloc'd.
 */
char *subject_prefix(const char *tree, int tree_is_git, const char *subjects_txt,
		     const char *file, const char **from);

/* Is tree the top of a git work tree? */
int tree_is_git(const char *tree);

/*
 * The Fixes: tag for a repair of file's line in a git work tree: the commit
 * that last wrote that line, as "abcdef012345 (\"subject\")"; NULL when
 * git cannot say, or the commit is a root commit (the tree's import).
 */
char *subject_fixes(const char *tree, const char *file, int line);

#endif
