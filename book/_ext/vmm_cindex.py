# SPDX-License-Identifier: GPL-2.0-only
"""Sphinx's C domain, with its symbols' children indexed by name.

The C domain keeps each scope's declarations in a list and finds a name
by testing every entry (Symbol._find_named_symbols). The book declares
some 2,000 entities at the top scope -- the API reference alone declares
every header's -- so each declaration (which looks its name up first)
and each of the ~1,700 references the pages make walked that list: some
4 s of a build.

Here a scope's list of children is a list that also keeps, once asked,
{identifier: [children]} in list order, updated as children come and go
(anything else that changes the list drops the index). A lookup yields
what Sphinx's would, in the same order: the scope itself if asked and
named so, then the children of that name, each anonymous child (a
nameless struct or union) followed by what its own children yield when
the lookup recurses into them. A lookup from a symbol with siblings
(declarations of one directive) is Sphinx's own. Symbol.direct_lookup,
which starts every cross-reference made inside a declaration (some 0.7 s
of walking the top scope in a clean build), uses the index too.
"""
from sphinx.domains import c as cdomain


def _key(symbol):
    ident = symbol.ident
    return ident.identifier if type(ident) is cdomain.ASTIdentifier else None


class Children(list):
    """Symbol._children, with an index of its entries by identifier."""

    def __init__(self, items=()):
        super().__init__(items)
        self._by_name = None
        self._anonymous = None      # [anonymous child]
        self._order = None          # id(child) -> its rank in the list

    def __reduce__(self):       # the environment is pickled without the index
        return (Children, (list(self),))

    def by_name(self):
        """{identifier: [child]}, in list order."""
        if self._by_name is None:
            self._by_name, self._anonymous, self._order = {}, [], {}
            for child in self:
                self._note(child)
        return self._by_name

    def anonymous(self):
        """The anonymous children (a struct or union without a name), in
        list order: a lookup may look inside them."""
        self.by_name()
        return self._anonymous

    def rank(self, child):
        self.by_name()
        return self._order[id(child)]

    def _note(self, child):
        key = _key(child)
        self._by_name.setdefault(key, []).append(child)
        self._order[id(child)] = len(self._order)
        if key is not None and key.startswith("@"):
            self._anonymous.append(child)

    def append(self, child):
        super().append(child)
        if self._by_name is not None:
            self._note(child)

    def remove(self, child):
        super().remove(child)
        if self._by_name is not None:
            key = _key(child)
            self._by_name[key].remove(child)
            if key is not None and key.startswith("@"):
                self._anonymous.remove(child)

    def _forget(self):
        self._by_name = None


def _dropping_index(name):
    def method(self, *args, **kwargs):
        self._forget()
        return getattr(list, name)(self, *args, **kwargs)
    method.__name__ = name
    return method


for _name in ("extend", "insert", "pop", "clear", "sort", "reverse", "__setitem__",
              "__delitem__", "__iadd__", "__imul__"):
    setattr(Children, _name, _dropping_index(_name))


def _indexed_init(init):
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if not isinstance(self._children, Children):
            self._children = Children(self._children)
    return __init__


def _named(symbol, name, recurse):
    """The children of symbol called name, in the order Sphinx walks them:
    list order, each anonymous child followed (if recurse) by what its
    own children yield."""
    children = symbol._children
    if not isinstance(children, Children):
        return None
    direct = children.by_name().get(name, ())
    if not recurse or not children.anonymous():
        return list(direct)
    out = []
    for child in sorted({id(c): c for c in [*direct, *children.anonymous()]}.values(),
                        key=children.rank):
        if _key(child) == name:
            out.append(child)
        if child in children.anonymous():
            inner = _named(child, name, True)
            if inner is None:
                return None
            out += inner
    return out


def _indexed_find(find):
    def _find_named_symbols(self, ident, matchSelf, recurseInAnon, searchInSiblings):
        found = None
        if not cdomain.Symbol.debug_lookup and type(ident) is cdomain.ASTIdentifier \
                and self.siblingAbove is None:    # Sphinx 5 walks siblings always
            found = _named(self, ident.identifier, recurseInAnon)
        if found is None:
            return find(self, ident, matchSelf, recurseInAnon, searchInSiblings)
        if matchSelf and self.ident == ident:
            found.insert(0, self)
        return iter(found)
    return _find_named_symbols


def _indexed_direct_lookup(direct):
    """Symbol.direct_lookup (every cross-reference made inside a
    declaration starts with it: the declaration's own symbol, looked up
    from the top scope) through the index: the first child so named, as
    Sphinx's walk of the list finds it."""
    def direct_lookup(self, key):
        if cdomain.Symbol.debug_lookup:
            return direct(self, key)
        s = self
        for name, _id in key.data:
            children = s._children
            if type(name) is cdomain.ASTIdentifier and isinstance(children, Children):
                found = children.by_name().get(name.identifier)
                s = found[0] if found else None
            else:
                s = next((cand for cand in children if cand.ident == name), None)
            if s is None:
                return None
        return s
    return direct_lookup


def _index_loaded(app):
    """Symbols unpickled from an environment saved before this extension
    was loaded (their lists are plain lists) get indexed lists too."""
    root = app.env.domaindata.get("c", {}).get("root_symbol")
    if root is None:
        return
    for symbol in root.get_all_symbols():
        if not isinstance(symbol._children, Children):
            symbol._children = Children(symbol._children)


def setup(app):
    app.connect("builder-inited", _index_loaded)
    Symbol = cdomain.Symbol
    if not getattr(Symbol, "_vmm_indexed", False):
        Symbol.__init__ = _indexed_init(Symbol.__init__)
        Symbol._find_named_symbols = _indexed_find(Symbol._find_named_symbols)
        Symbol.direct_lookup = _indexed_direct_lookup(Symbol.direct_lookup)
        Symbol._vmm_indexed = True
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
