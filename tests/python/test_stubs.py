"""qrange.pyi, next to the module, declares exactly its public names."""
import ast
import os

import qrange


def test_stubs_name_what_the_module_has():
    path = os.path.join(os.path.dirname(qrange.__file__), "qrange.pyi")
    tree = ast.parse(open(path).read())
    declared = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    declared |= {t.id for n in tree.body if isinstance(n, ast.AnnAssign) for t in [n.target]}
    public = {n for n in dir(qrange) if not n.startswith("_")} | {"__version__"}
    assert declared == public
    for cls in (qrange.Observer, qrange.Params):
        node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__)
        methods = {m.name for m in node.body if isinstance(m, ast.FunctionDef)}
        attrs = {m.target.id for m in node.body if isinstance(m, ast.AnnAssign)}
        mine = {n for n in vars(cls) if not n.startswith("_")}
        assert mine == (methods | attrs) - {n for n in methods if n.startswith("_")}
