#!/usr/bin/env python3
"""Fails if including a method's header pulls in more than that method needs.

The per-type header layout keeps a program that includes one method's header
cheap to compile: it should see exactly the types the method's fields and
answer refer to, transitively. This check computes that closure from
schema/api.tl (independently of the generator) and compares it with the
headers the compiler actually opens (`c++ -M`). Run from anywhere:

    tools/check_closure.py [METHOD ...]     (default: a few, the seed first)
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT = ["photos.updateProfilePhoto", "messages.sendMessage", "upload.getFile", "help.getConfig"]


def load_schema(path):
    """Returns (constructor name -> type, type -> [field types], method -> [field types + result])."""
    ctor_type, type_fields, methods = {}, {}, {}
    functions = False
    for raw in open(path, encoding="utf-8"):
        line = raw.split("//")[0].strip()
        if not line:
            continue
        if line == "---functions---":
            functions = True
            continue
        if line == "---types---":
            functions = False
            continue
        m = re.match(r"^([\w.]+)#[0-9a-f]+((?:\s+\{\w+:Type\})*)\s*(.*?)\s*=\s*(.+?);$", line)
        if not m:
            sys.exit(f"check_closure: cannot read line: {line}")
        name, _, fields, result = m.groups()
        refs = [f.split(":", 1)[1].split("?")[-1] for f in fields.split() if ":" in f]
        if functions:
            methods[name] = refs + [result]
        else:
            ctor_type[name] = result
            type_fields.setdefault(result, []).extend(refs)
    return ctor_type, type_fields, methods


def referenced_types(expr, ctor_type, type_fields):
    m = re.match(r"^[Vv]ector<(.+)>$", expr)
    if m:
        return referenced_types(m.group(1), ctor_type, type_fields)
    expr = expr.lstrip("%!")
    if expr in type_fields:
        return {expr}
    if expr in ctor_type:
        return {ctor_type[expr]}
    return set()  # builtins, generics, '#'


def closure(method, ctor_type, type_fields, methods):
    todo = set()
    for expr in methods[method]:
        todo |= referenced_types(expr, ctor_type, type_fields)
    seen = set()
    while todo:
        t = todo.pop()
        if t in seen:
            continue
        seen.add(t)
        for expr in type_fields[t]:
            todo |= referenced_types(expr, ctor_type, type_fields)
    return seen


def is_core(path):
    """A hand-written header a method's header may open: the wire core."""
    return path.startswith("tlcpp/core/") or path == "tlcpp/version.hpp"


def opened_headers(method):
    header = "tlcpp/api/" + method.replace(".", "/") + ".hpp"
    with tempfile.NamedTemporaryFile("w", suffix=".cpp", delete=False) as tu:
        tu.write(f'#include "{header}"\n')
    try:
        out = subprocess.run([os.environ.get("CXX", "c++"), "-std=c++20", "-I", os.path.join(ROOT, "include"), "-M",
                              tu.name], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(tu.name)
    paths = set(out.replace("\\\n", " ").split()[1:])
    base = os.path.join(ROOT, "include") + os.sep
    return header, {os.path.relpath(p, base) for p in paths if p.startswith(base)}


def main():
    ctor_type, type_fields, methods = load_schema(os.path.join(ROOT, "schema", "api.tl"))
    failed = False
    for method in sys.argv[1:] or DEFAULT:
        if method not in methods:
            sys.exit(f"check_closure: no method {method} in schema/api.tl")
        need = closure(method, ctor_type, type_fields, methods)
        header, opened = opened_headers(method)
        # Public header T.hpp, definitions in T.def.hpp (types that refer to
        # each other share the .def.hpp of one of them: all are in `need`).
        got = set()
        extra = []
        for path in sorted(opened):
            if path == header or not path.startswith("tlcpp/api/"):
                if path.startswith("tlcpp/") and not is_core(path) and path != header:
                    extra.append(path)  # another tier (protocol, extras, net) or generated code outside api/
                continue
            name = path[len("tlcpp/api/"):].rsplit(".def.hpp", 1)[0].rsplit(".hpp", 1)[0].replace("/", ".")
            if name not in need:
                extra.append(path)
            got.add(name)
        missing = sorted(need - got)
        runtime = sorted(p for p in opened if is_core(p))
        print(f"{method}: {len(need)} types in its closure, {len([p for p in opened if p.startswith('tlcpp/api/')])} "
              f"api headers opened; runtime: {' '.join(runtime)}")
        for path in extra:
            print(f"  pulls in {path}, which {method} does not need")
            failed = True
        for name in missing:
            print(f"  does not define {name}, which {method} needs")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
