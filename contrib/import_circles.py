#!/usr/bin/env python3
"""Finds import circles among the files of a Rust source tree (`src/` by default).

A file depends on another when it names an item of it by path: `crate::a::b::X`,
`super::X`, or an item of a `use crate::a::{X, b::Y}` group. A name re-exported by a
`mod.rs` (`pub use child::{X}`, `pub use child::*`) is followed to the file that declares
it. A macro's `$crate::…` paths are what its expansion names: they count for each file
that invokes the macro, not for the file that defines it. A module's own `mod child;` and
`pub use child::X` are the module, not a dependency of it. Test modules (`#[cfg(test)]`
onwards) are left out.

Prints each strongly connected set of files with the edges inside it, and exits 1 when
there is one. `tests/architecture.rs` runs it.
"""

import os
import re
import sys

sys.setrecursionlimit(10000)


def read_tree(root):
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith(".rs"):
                path = os.path.join(d, n)
                files[os.path.relpath(path, root)] = open(path, encoding="utf-8").read()
    return files


def module_path(rel):
    parts = rel[:-3].split("/")
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def strip(src):
    """The file without comments and without its test module."""
    src = re.sub(r"//[^\n]*", "", src)
    return re.split(r"#\[cfg\(test\)\]", src)[0]


class Tree:
    def __init__(self, root):
        self.files = read_tree(root)
        self.by_module = {module_path(r): r for r in self.files}
        self.text = {r: strip(s) for r, s in self.files.items()}

    def resolve(self, segs, depth=0):
        """The file that declares the item at path `segs` (from the crate root)."""
        for i in range(len(segs), 0, -1):
            module = tuple(segs[:i])
            rel = self.by_module.get(module)
            if rel is None:
                continue
            if i < len(segs) and rel.endswith("mod.rs") and depth < 6:
                found = self.follow_reexport(module, rel, segs[i], segs[i + 1 :], depth)
                if found:
                    return found
            return rel
        return None

    def follow_reexport(self, module, rel, item, rest, depth):
        pattern = r"pub use (?:self::)?((?:\w+::)*?)(\w+)::(\{[^}]*\}|\w+|\*)\s*;"
        for m in re.finditer(pattern, self.text[rel]):
            head = [x for x in m.group(1).split("::") if x] + [m.group(2)]
            what = m.group(3)
            named = what == item or re.search(r"\b" + re.escape(item) + r"\b", what)
            if what != "*" and not named:
                continue
            inner = list(module) + head
            if what == "*":
                target = self.by_module.get(tuple(inner))
                declares = r"\b(?:struct|enum|fn|type|trait|const|static|mod)\s+" + re.escape(item)
                if not target or not re.search(declares + r"\b|pub use[^;]*\b" + re.escape(item) + r"\b", self.files[target]):
                    continue
            found = self.resolve(inner + [item] + rest, depth + 1)
            if found:
                return found
        return None

    def path_targets(self, rel, text):
        me = module_path(rel)
        out = set()

        def base_of(head):
            if head[0] == "crate":
                return [], head[1:]
            base, rest = list(me), list(head)
            while rest and rest[0] == "super":
                base, rest = base[:-1], rest[1:]
            return base, rest

        for m in re.finditer(r"(?<![\w$])((?:crate|super)(?:::\w+)+)", text):
            base, rest = base_of(m.group(1).split("::"))
            out.add(self.resolve(base + rest))
        for m in re.finditer(r"use ((?:crate|super)(?:::\w+)*)::\{([^;]*)\};", text, re.S):
            base, rest = base_of(m.group(1).split("::"))
            for item in re.split(r"\s*,\s*", re.sub(r"\{[^{}]*\}", "", m.group(2))):
                item = item.split(" as ")[0].strip()
                if item and item != "self":
                    out.add(self.resolve(base + rest + [x for x in item.split("::") if x]))
        out.discard(None)
        out.discard(rel)
        return out

    def edges(self):
        macros = {}  # name -> files its expansion names
        plain = {}
        for rel, text in self.text.items():
            kept = text
            for name, start, end in reversed(list(macro_bodies(text))):
                named = set()
                for m in re.finditer(r"\$crate((?:::\w+)+)", text[start:end]):
                    named.add(self.resolve(m.group(1).split("::")[1:]))
                named.discard(None)
                macros.setdefault(name, set()).update(named)
                kept = kept[:start] + kept[end:]
            plain[rel] = re.sub(r"\$crate(?:::\w+)+", "", kept)
        edges = {rel: self.path_targets(rel, text) for rel, text in plain.items()}
        for rel, text in plain.items():
            for name, named in macros.items():
                if re.search(r"(?<![\w$])" + re.escape(name) + r"!", text):
                    edges[rel] |= named - {rel}
        return edges


def macro_bodies(text):
    for m in re.finditer(r"macro_rules!\s*(\w+)\s*\{", text):
        depth = 0
        for j in range(m.end() - 1, len(text)):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    yield m.group(1), m.start(), j + 1
                    break


def circles(edges):
    """Tarjan's strongly connected components of more than one file."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src"
    edges = Tree(root).edges()
    found = circles(edges)
    for group in found:
        print(f"import circle of {len(group)} files:")
        for f in group:
            print(f"  {f} -> {', '.join(sorted(e for e in edges[f] if e in group))}")
    if not found:
        print(f"no import circle among {len(edges)} files")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
