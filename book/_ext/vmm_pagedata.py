# SPDX-License-Identifier: GPL-2.0-only
"""What a page leaves in the Sphinx environment for later: the runs its
transcripts are filled from (vmm_incremental), its figures' jobs
(vmm_figures), its call graphs' dot code (vmm_callgraph).

Each is a {docname: value} table kept as an attribute of the
environment, so that it is saved with it and a cached build finds it. A
page's entry must go when the page is read again or removed
(env-purge-doc), and the entries of pages read in another process must
come back (env-merge-info): keep_per_page() connects both.
"""


def records(env, name):
    """The table called `name` of this environment: {docname: value}."""
    return env.__dict__.setdefault(name, {})


def keep_per_page(app, name):
    """Keep the table `name` page by page: a page's entry is dropped when
    Sphinx forgets the page, and taken from the process that read it."""
    def purge(app, env, docname):
        records(env, name).pop(docname, None)

    def merge(app, env, docnames, other):
        records(env, name).update({d: v for d, v in records(other, name).items()
                                   if d in docnames})
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
