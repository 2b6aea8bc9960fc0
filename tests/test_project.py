"""The project's promises about itself: lesson list, README, install and Binder files, notebook
hygiene, one home per lesson, and a picture for every interactive output."""
import ast
import json
import re
import tomllib
from pathlib import Path

import pytest

from lessonlib.catalog import LESSONS, markdown_table

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_every_notebook_is_in_the_catalog_and_back():
    assert [p.name for p in NOTEBOOKS] == [lesson.notebook for lesson in LESSONS]


def test_readme_lesson_table_is_the_catalog():
    assert markdown_table() in (ROOT / "README.md").read_text()


def test_readme_shows_the_commands_ci_runs():
    readme = [line.strip() for line in (ROOT / "README.md").read_text().splitlines()]
    ci = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()
          if line.strip().startswith(("pip ", "python "))]
    assert ci == ["pip install -r requirements.txt", 'pip install -e ".[instructor]"', "python -m pytest"]
    assert all(command in readme for command in ci)


def _requirements(path):
    return sorted(line.split("#")[0].strip() for line in path.read_text().splitlines()
                  if line.split("#")[0].strip())


def test_one_install_command_installs_the_project_with_its_tests():
    assert _requirements(ROOT / "requirements.txt") == ["-e .[test]"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "lessonlib" and "test" in project["optional-dependencies"]
    assert not any(p.is_symlink() for p in ROOT.rglob("*") if ".git" not in p.parts), "no links (Windows)"
    for path in list((ROOT / "notebooks").glob("*.ipynb")) + list((ROOT / "benchmarks").glob("*.py")):
        assert "sys.path" not in path.read_text(), f"{path.name} patches sys.path; lessonlib is installed"


def test_binder_installs_what_the_project_needs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    assert _requirements(ROOT / "binder/requirements.txt") == sorted(project["dependencies"] + build)
    assert re.fullmatch(r"python-3\.\d+\s*", (ROOT / "binder/runtime.txt").read_text())
    post, start = (ROOT / "binder/postBuild").read_text(), (ROOT / "binder/start").read_text()
    assert "set -e" in post and "python -m lessonlib.warmup" in post
    assert post.index("pip install") < post.index("python -m lessonlib.warmup")
    # the cache is only reused where both set the same CPU target
    assert "NUMBA_CPU_NAME=generic" in post and "NUMBA_CPU_NAME=generic" in start
    assert start.rstrip().endswith('exec "$@"')


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_and_was_run_top_to_bottom(path):
    nb = json.loads(path.read_text())
    assert "widgets" not in nb["metadata"], "strip widget state before committing"
    assert path.stat().st_size < 600_000, "keep stored outputs small"
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code" and c["source"]]
    assert counts == list(range(1, len(counts) + 1)), "stored outputs must come from one fresh top-to-bottom run"
    errors = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_checks_some_numbers(path):
    nb = json.loads(path.read_text())
    checked = [c for c in nb["cells"] if c["cell_type"] == "code" and "nbval-check-output" in c["metadata"].get("tags", [])]
    assert checked, "every lesson has at least one cell whose printed numbers nbval checks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_test_markers_in_what_the_student_reads(path):
    # nbval reads cell tags, so its markers stay out of the code a student reads and copies
    nb = json.loads(path.read_text())
    marked = [i for i, c in enumerate(nb["cells"]) if "NBVAL" in "".join(c["source"])]
    assert not marked, f"cells {marked} carry an NBVAL comment: use the cell tag nbval-check-output"


# -- one home per lesson: lessonlib/lessons/l<stem>/ for notebooks/<stem>.ipynb ------------------
LESSONLIB = ROOT / "lessonlib"
HOMES = LESSONLIB / "lessons"


def _imported_modules(source: str, package: str = "") -> set:
    """Absolute names of the lessonlib modules a piece of code imports (relative imports resolved
    against `package`)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    return {n for n in names if n and n.split(".")[0] == "lessonlib"}


def _home_of(module: str):
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "lessons" else None


def _notebook_code(path):
    nb = json.loads(path.read_text())
    lines = [l for c in nb["cells"] if c["cell_type"] == "code" for l in "".join(c["source"]).splitlines()]
    return "\n".join(l for l in lines if not l.lstrip().startswith(("%", "!")))


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_notebook_imports_only_the_core_and_its_own_home(path):
    home = "l" + path.stem
    assert (HOMES / home / "__init__.py").exists(), f"no home lessonlib/lessons/{home}/ for {path.name}"
    others = {_home_of(m) for m in _imported_modules(_notebook_code(path))} - {None, home}
    assert not others, f"{path.name} imports other lessons' homes {others}"


def _modules(folder):
    for file in sorted(folder.rglob("*.py")):
        rel = file.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts[:-1]) if rel.name == "__init__" else list(rel.parts)
        package = ".".join(rel.parts[:-1])
        yield file, ".".join(parts), package


def test_no_home_imports_another_and_the_core_imports_no_home():
    wrong = []
    for file, module, package in _modules(LESSONLIB):
        mine = _home_of(module)
        for imported in _imported_modules(file.read_text(), package):
            theirs = _home_of(imported)
            if theirs is not None and theirs != mine:
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_every_home_belongs_to_a_notebook():
    stems = {"l" + p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    homes = {p.name for p in HOMES.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert homes == stems


# -- before a notebook runs: every interactive output carries a picture ------------------------
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_interactive_output_has_a_picture_and_says_how_to_go_live(path):
    from lessonlib.figures.explorer import LIVE_HINT
    nb = json.loads(path.read_text())
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]
               if WIDGET_VIEW in o.get("data", {})]
    for output in outputs:
        assert "image/png" in output["data"], f"{path.name}: an interactive output without a picture"
        assert "".join(output["data"]["text/plain"]) == LIVE_HINT


def test_html_export_shows_the_pictures_not_widget_text():
    """What GitHub, nbviewer and `jupyter nbconvert --to html` show: the pictures of the interactive
    figures, never their widget repr."""
    from nbconvert import HTMLExporter
    path = ROOT / "notebooks" / "15_pooling.ipynb"
    nb = json.loads(path.read_text())
    pictures = sum("image/png" in o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c["outputs"])
    html, _ = HTMLExporter().from_filename(str(path))
    assert html.count("data:image/png;base64,") >= pictures > 0
    assert "VBox(children=" not in html and "IntSlider(value=" not in html


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_names_the_installed_kernel_as_jupyterlab_does(path):
    """JupyterLab rewrites a kernelspec whose display name differs from the installed kernel's when
    the kernel starts: the lesson would look modified the moment it opens."""
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec("python3")
    stored = json.loads(path.read_text())["metadata"]["kernelspec"]
    assert stored == {"display_name": spec.display_name, "language": spec.language, "name": "python3"}
