"""For instructors: the lessons as an nbgrader course.

    python -m lessonlib.instructor nbgrader DIR [--lessons 08 15] [--solutions PATH]

writes DIR/nbgrader_config.py and DIR/source/<stem>/<stem>.ipynb for every lesson with a coding
exercise. In each, the student's stub (a cell tagged `exercise-stub`) gets the solution from
`solutions/l<stem>.py` (kept in the repository, outside the student notebooks and outside the
installed package) between `### BEGIN SOLUTION` and `### END SOLUTION`, and the check cell after
it (tagged `exercise-check`) becomes a locked, autograded test cell that calls the exercise's
`grade` instead of `check`. Then, in DIR: `nbgrader db assignment add <stem>`,
`nbgrader generate_assignment <stem>` (the release: solutions replaced by
`raise NotImplementedError()`), and after collecting, `nbgrader autograde <stem>`.
"""
from __future__ import annotations

import argparse
import ast
import re
import textwrap
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
SOLUTIONS = REPO / "solutions"
STUB_TAG, CHECK_TAG = "exercise-stub", "exercise-check"
STUB_BODY = re.compile(r"^(?P<indent>[ \t]+)# YOUR CODE HERE\n(?P=indent)raise NotImplementedError\(\)[ \t]*$", re.M)
COURSE_ID = "convolution-lessons"
POINTS = 2

CONFIG = f'''# nbgrader configuration written by `python -m lessonlib.instructor nbgrader`.
c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "{COURSE_ID}"
# The release replaces each solution with what the student notebooks show.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
'''


def load_solutions(stem: str, solutions: Path = SOLUTIONS):
    """The solutions of lesson `stem` (e.g. "l08_conv_vs_crosscorrelation") as a module, to run:
    `load_solutions("l08_conv_vs_crosscorrelation").corr2d`. (solutions/ is not a package: it is
    not installed with lessonlib.)"""
    import importlib.util
    path = Path(solutions) / f"{stem}.py"
    if not path.exists():
        raise ValueError(f"no solutions file {path}: stem is the lesson's home name, e.g. 'l08_conv_vs_crosscorrelation'")
    spec = importlib.util.spec_from_file_location(f"solutions_{stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solution_bodies(path: Path) -> dict[str, str]:
    """{function name: its body's source (docstring left out), dedented} of a solutions file."""
    source = path.read_text()
    lines = source.splitlines()
    bodies = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                body = body[1:]
            text = "\n".join(lines[body[0].lineno - 1: node.end_lineno])
            bodies[node.name] = textwrap.dedent(text)
    return bodies


def _function_name(source: str) -> str:
    names = [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
    if len(names) != 1:
        raise ValueError(f"an exercise stub cell defines exactly one function, this one {names}:\n{source}")
    return names[0]


def _meta(cell, grade_id, solution=False, grade=False, points=0, locked=False):
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked,
                                 "schema_version": 3, **({"points": points} if grade else {})}


def source_notebook(notebook: Path, solutions: Path) -> nbformat.NotebookNode:
    """The instructor's version of one lesson: solutions in, checks graded, outputs cleared."""
    nb = nbformat.read(notebook, as_version=4)
    bodies = solution_bodies(solutions)
    exercises = 0
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if STUB_TAG in tags:
            name = _function_name(cell.source)
            if name not in bodies:
                raise ValueError(f"{solutions} has no solution for `{name}` ({notebook.name})")
            match = STUB_BODY.search(cell.source)
            if match is None:
                raise ValueError(f"the stub of `{name}` in {notebook.name} must end its body with "
                                 "'# YOUR CODE HERE' and 'raise NotImplementedError()'")
            indent = match["indent"]
            solved = "\n".join([f"{indent}### BEGIN SOLUTION", textwrap.indent(bodies[name], indent),
                                f"{indent}### END SOLUTION"])
            cell.source = cell.source[:match.start()] + solved + cell.source[match.end():]
            _meta(cell, f"{name}-solution", solution=True)
            exercises += 1
        elif CHECK_TAG in tags:
            if ".check(" not in cell.source:
                raise ValueError(f"a check cell calls an exercise's .check(...): {cell.source!r}")
            name = re.search(r"\.check\((\w+)", cell.source)[1]
            cell.source = cell.source.replace(".check(", ".grade(")
            _meta(cell, f"{name}-test", grade=True, points=POINTS, locked=True)
    if exercises == 0:
        raise ValueError(f"{notebook.name} has no cell tagged {STUB_TAG!r}")
    nb.metadata.pop("widgets", None)
    return nb


def lessons_with_exercises(notebooks: Path = NOTEBOOKS, solutions: Path = SOLUTIONS) -> list[Path]:
    return [p for p in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")) if (solutions / f"l{p.stem}.py").exists()]


def write_course(directory: Path, prefixes=(), notebooks: Path = NOTEBOOKS, solutions: Path = SOLUTIONS) -> list[str]:
    """Write the nbgrader course; return the assignment names (the notebooks' stems)."""
    directory = Path(directory)
    chosen = [p for p in lessons_with_exercises(notebooks, solutions) if not prefixes or p.name.startswith(tuple(prefixes))]
    if not chosen:
        raise SystemExit(f"no lesson with a solutions file in {solutions} matches {list(prefixes)}")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "nbgrader_config.py").write_text(CONFIG)
    for path in chosen:
        target = directory / "source" / path.stem
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(path, solutions / f"l{path.stem}.py"), target / path.name)
    return [p.stem for p in chosen]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lessonlib.instructor", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    course = sub.add_parser("nbgrader", help="write an nbgrader course directory")
    course.add_argument("directory", type=Path)
    course.add_argument("--lessons", nargs="*", default=[], help="notebook prefixes, e.g. 08 15 (default: all)")
    course.add_argument("--solutions", type=Path, default=SOLUTIONS, help="folder of l<stem>.py solution files")
    args = parser.parse_args(argv)
    names = write_course(args.directory, args.lessons, solutions=args.solutions)
    print(f"wrote {args.directory / 'nbgrader_config.py'} and {len(names)} assignment(s): {', '.join(names)}")
    print(f"next, in {args.directory}: nbgrader db assignment add NAME; nbgrader generate_assignment NAME")


if __name__ == "__main__":
    main()
